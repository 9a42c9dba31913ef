"""Screening on a date reads the record as it stood on that date.

A record screened on ``day`` must give what the same record cut at ``day`` gives: every
result, event and observation dated after ``day`` removed, lines started after it removed,
and a line still being given on ``day`` (ending after it) recorded as ongoing, its end,
best response, stop reason and cycles not known yet. Found by the second clinical audit
(``tests/catalogue/test_audit2.py``, ``_FUTURE_LINE``): a line's later outcome decided.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, cast

import attrs
import pytest

from allmodel import Patient, TreatmentLine
from allmodel.facts import derive_facts
from allmodel.model import StopReason
from allmodel.report import Status
from allmodel.screening import screen
from allmodel.synthetic import synthetic_patient

_RECORD_END = date(2022, 12, 31)

#: Fields left uncut (none: condition records dated after the screening date are not read
#: either, test_audit2.py ``_FUTURE_CONDITION``).
_UNCUT: frozenset[str] = frozenset()


def _dated(value: object) -> date | None:
    """The date an item of the record describes (a line: its start)."""
    if isinstance(value, TreatmentLine):
        return value.start
    when = getattr(value, "date", None)
    return when if isinstance(when, date) else None


def cut(value: Any, day: date) -> Any:
    """``value`` with everything dated after ``day`` removed, and a line running on
    ``day`` made ongoing (written independently of the library's own reading)."""
    if isinstance(value, tuple):
        kept = [item for item in value if (_dated(item) or day) <= day]
        return tuple(cut(item, day) for item in kept)
    if isinstance(value, TreatmentLine):
        if value.end is not None and value.end > day:
            return attrs.evolve(
                value, end=None, best_response=None, stop_reason=StopReason.ONGOING, cycles=None
            )
        return value
    if attrs.has(type(value)):
        instance = cast("attrs.AttrsInstance", value)
        changes: dict[str, object] = {}
        for field in attrs.fields(type(instance)):
            if not field.init or field.name in _UNCUT:
                continue
            item = getattr(instance, field.name)
            when = _dated(item) if attrs.has(type(item)) else None
            changes[field.alias] = None if when is not None and when > day else cut(item, day)
        return attrs.evolve(cast(Any, instance), **changes) if changes else value
    return value


def _days(rng: random.Random, patient: Patient) -> list[date]:
    """Screening dates from the diagnosis to the end of the record, some on event days."""
    diagnosed = patient.course.diagnosis_date
    assert diagnosed is not None
    span = (_RECORD_END - diagnosed).days
    days = [diagnosed + timedelta(days=rng.randint(0, span)) for _ in range(3)]
    events = [when for _, when in patient.dated_fields() if diagnosed <= when <= _RECORD_END]
    days += rng.sample(events, min(2, len(events)))
    return days


def _statuses(patient: Patient, day: date) -> dict[str, Status]:
    """Every option's status on ``day``, in the US and the EU."""
    found: dict[str, Status] = {}
    for jurisdiction in ("US", "EU"):
        report = screen(patient, as_of=day, jurisdiction=jurisdiction)
        found |= {f"{jurisdiction}:{option}": got for option, got in report.statuses.items()}
    return found


@pytest.mark.parametrize("seed", range(4))
def test_screening_reads_the_record_as_it_stood(seed: int) -> None:
    """Fifty synthetic patients, each on five dates: the full record and the record cut at the
    date give the same facts and the same status for every option (US and EU)."""
    rng = random.Random(seed)
    compared = 0
    for _ in range(50):
        patient = synthetic_patient(rng, as_of=_RECORD_END)
        for day in _days(rng, patient):
            truncated = cut(patient, day)
            full_facts = derive_facts(patient, as_of=day)
            cut_facts = derive_facts(truncated, as_of=day)
            assert full_facts.as_dict() == cut_facts.as_dict(), day
            assert full_facts == cut_facts, day
            assert _statuses(patient, day) == _statuses(truncated, day), day
            compared += 1
    assert compared == 250
