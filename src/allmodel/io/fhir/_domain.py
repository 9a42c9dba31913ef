"""A domain of the FHIR mapping: the readers and the writer for one part of the patient.

Each domain module (``_person``, ``_observations``, ``_labs``, ``_disease``, ``_mrd``,
``_conditions``, ``_course``) declares one :class:`Domain`. The reader dispatches each
input resource to the domain that claims it: by resource type (``Patient``,
``MedicationStatement``) or, for coded resources (``Observation``, ``Condition``,
``Procedure``), by the first coding of ``code`` that some domain claims. A domain's
``finish`` step runs after every resource was dispatched (to group medication statements
into lines, say). Its ``write`` step appends the domain's resources for a patient.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._element import Coding
from allmodel.io.fhir._input import Resource
from allmodel.model import Patient

__all__ = ["CODED_TYPES", "CodedReader", "Domain", "TypedReader"]

#: Resource types dispatched by their ``code``.
CODED_TYPES: frozenset[str] = frozenset({"Observation", "Condition", "Procedure"})

#: Reads a coded resource; the coding that matched is passed along.
CodedReader = Callable[[Resource, Coding, ReadContext], None]
#: Reads a resource dispatched by its type.
TypedReader = Callable[[Resource, ReadContext], None]


def _nothing(context: ReadContext) -> None:
    """The default ``finish``: nothing left to do."""


@attrs.frozen
class Domain:
    """The FHIR readers and writer of one part of the patient.

    Args:
        name: The domain's name (its module's, without the underscore).
        write: Appends the domain's resources for a patient to the Bundle.
        coded: Readers by ``(resourceType, system, code)``.
        typed: Readers by resource type, for the types not dispatched by code.
        finish: Runs once every resource was dispatched.
    """

    name: str
    write: Callable[[Patient, WriteContext], None]
    coded: Mapping[tuple[str, str, str], CodedReader] = attrs.field(factory=dict)
    typed: Mapping[str, TypedReader] = attrs.field(factory=dict)
    finish: Callable[[ReadContext], None] = _nothing
