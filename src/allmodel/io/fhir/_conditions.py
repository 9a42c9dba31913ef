"""Recorded conditions (GVHD, infection, neurologic history, ...) as FHIR Conditions.

Each :class:`~allmodel.model.ConditionRecord` is a Condition whose code is allmodel's
SNOMED CT code where one was verified (table ``conditions``: graft-versus-host disease
234646005 for ``active_gvhd``, whose activity is the ``clinicalStatus`` rule below;
seizure disorder 128613002), else allmodel's code, the
:class:`~allmodel.model.Condition` value: the others carry allmodel's own definitions
(neuropathy of grade 2 or more, immunosuppression within 4 weeks, ...) or no SNOMED CT
concept for them was verified. Presence is ``verificationStatus``: ``confirmed`` is
present, ``refuted`` absent.
Without a ``verificationStatus``, a ``clinicalStatus`` of ``active``, ``recurrence`` or
``relapse`` is read as present; anything else is not read. A confirmed *state*
condition (:data:`~allmodel.model.STATE_CONDITIONS`) whose ``clinicalStatus`` says it
has ended (``inactive``, ``remission``, ``resolved``) is not read either way. The date
of the assessment is ``recordedDate``; without it the record is undated.
"""

from __future__ import annotations

from typing import Any

from allmodel.errors import ValidationError
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._domain import CodedReader, Domain
from allmodel.io.fhir._element import Coding
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._systems import ALLMODEL_CODES, CONDITION_CLINICAL, CONDITION_VERIFICATION
from allmodel.model import Condition, ConditionRecord, Patient
from allmodel.model._conditions import STATE_CONDITIONS

__all__ = ["DOMAIN"]

_ACTIVE = frozenset({"active", "recurrence", "relapse"})
_ENDED = frozenset({"inactive", "remission", "resolved"})
_VERIFIED = {"confirmed": True, "refuted": False}


def _status(resource: Resource, name: str, system: str) -> tuple[str | None, str]:
    element = resource.element.child(name)
    if element is None:
        return None, f"{resource.path}.{name}"
    for coding in element.codings():
        if coding.system == system and coding.code is not None:
            return coding.code, element.path
    return None, element.path


def _present(resource: Resource, condition: Condition, context: ReadContext) -> bool | None:
    verification, where = _status(resource, "verificationStatus", CONDITION_VERIFICATION)
    clinical, clinical_path = _status(resource, "clinicalStatus", CONDITION_CLINICAL)
    if verification is None:
        if clinical in _ACTIVE:
            return True
        context.ignore(where, "no verificationStatus and no active clinicalStatus: not read")
        return None
    if verification not in _VERIFIED:
        context.ignore(where, f"verificationStatus {verification}: neither present nor absent")
        return None
    present = _VERIFIED[verification]
    if present and condition in STATE_CONDITIONS and clinical in _ENDED:
        context.ignore(
            clinical_path,
            f"{condition.value} confirmed but clinicalStatus {clinical}: not read as current",
        )
        return None
    return present


def _read(resource: Resource, coding: Coding, context: ReadContext) -> None:
    if coding.system == ALLMODEL_CODES:
        condition = Condition(coding.code or "")
    else:
        entry = code_table("conditions").get(coding.system, coding.code)
        assert entry is not None
        condition = Condition(entry.means)
    present = _present(resource, condition, context)
    if present is None:
        return
    recorded = resource.element.child("recordedDate")
    try:  # as ``with context.reading(resource.path)``, without its calls
        record = ConditionRecord(
            condition=condition,
            present=present,
            date=recorded.day() if recorded is not None else None,
        )
        context.add("conditions", record, resource.path)
    except ValidationError as error:
        context.absorb(error, resource.path)


def _code(condition: Condition) -> dict[str, Any]:
    """The table's standard code for ``condition`` (its first), else allmodel's."""
    found = code_table("conditions").meaning(condition.value)
    if found:
        entry = found[0]
        return {"coding": [{"system": entry.system, "code": entry.code, "display": entry.display}]}
    return {"coding": [{"system": ALLMODEL_CODES, "code": condition.value}]}


def _write(patient: Patient, context: WriteContext) -> None:
    for record in patient.conditions:
        resource: dict[str, Any] = {
            "resourceType": "Condition",
            "verificationStatus": {
                "coding": [
                    {
                        "system": CONDITION_VERIFICATION,
                        "code": "confirmed" if record.present else "refuted",
                    }
                ]
            },
            "code": _code(record.condition),
            "subject": context.patient_reference,
        }
        if record.date is not None:
            resource["recordedDate"] = record.date.isoformat()
        context.add(resource)


def _coded() -> dict[tuple[str, str, str], CodedReader]:
    coded: dict[tuple[str, str, str], CodedReader] = {
        ("Condition", ALLMODEL_CODES, condition.value): _read for condition in Condition
    }
    for entry in code_table("conditions").entries:
        coded["Condition", entry.system, entry.code] = _read
    return coded


DOMAIN = Domain(name="conditions", write=_write, coded=_coded())
