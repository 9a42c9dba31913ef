"""fact_bounds: the values and upper bounds a fact table holds, as derive_facts gives them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings

from allmodel.errors import ArgumentError, ChronologyError
from allmodel.examples import patients
from allmodel.facts import DEFAULT_VALIDITY, ValidityPolicy, derive_facts
from allmodel.facts._bounds import fact_bounds
from allmodel.model import Patient
from tests.strategies import patients as any_patients

DATES = (date(2019, 6, 30), date(2022, 12, 31), date(2025, 1, 1))


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_the_examples(as_of: date) -> None:
    """Every example patient on each date, with the default windows and shorter ones."""
    shorter = ValidityPolicy(blood_counts=3, chemistry=3, marrow=7, judgement=7)
    for patient in patients().values():
        if patient.date_of_birth is not None and patient.date_of_birth > as_of:
            continue
        for policy in (DEFAULT_VALIDITY, shorter):
            facts = derive_facts(patient, as_of=as_of, validity=policy)
            assert fact_bounds(patient, as_of, policy) == (facts.values, facts.upper)


@settings(max_examples=100, deadline=None)
@given(patient=any_patients())
def test_any_record(patient: Patient) -> None:
    """Whatever the record, the same bounds as derive_facts (which has a range when
    results of one day disagree, and unknown facts keep no bound)."""
    as_of = date(2030, 1, 1)
    facts = derive_facts(patient, as_of=as_of)
    assert fact_bounds(patient, as_of, DEFAULT_VALIDITY) == (facts.values, facts.upper)


def test_refuses_what_derive_facts_refuses() -> None:
    """A date of birth after as_of, a patient that is not one, a datetime."""
    patient = next(iter(patients().values()))
    assert patient.date_of_birth is not None
    with pytest.raises(ChronologyError):
        fact_bounds(patient, date(patient.date_of_birth.year - 1, 1, 1), DEFAULT_VALIDITY)
    with pytest.raises(ArgumentError):
        fact_bounds("patient", date(2022, 1, 1), DEFAULT_VALIDITY)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError):
        fact_bounds(patient, "2022-01-01", DEFAULT_VALIDITY)  # type: ignore[arg-type]
