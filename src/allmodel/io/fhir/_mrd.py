"""FHIR mapping of the patient's mrd (to be written)."""

from __future__ import annotations

from allmodel.io.fhir._context import WriteContext
from allmodel.io.fhir._domain import Domain
from allmodel.model import Patient

__all__ = ["DOMAIN"]


def _write(patient: Patient, context: WriteContext) -> None:
    """Nothing yet."""


DOMAIN = Domain(name="mrd", write=_write)
