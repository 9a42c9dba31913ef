"""Public functions that take a patient refuse anything else with an ArgumentError at
``patient`` (never an AttributeError from deep inside), pointing documents and paths to
load_patient."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from allmodel import ArgumentError, derive_facts, disease_phase, dump_patient, screen
from allmodel.clinical import cr1_duration_months, prior_regimen_count
from allmodel.examples import patient
from allmodel.io import patient_to_json, write_patient
from allmodel.io.fhir import patient_to_fhir
from allmodel.pathway import pathway

AS_OF = date(2022, 12, 31)
PATIENT = patient("ph_negative_first_relapse")
DOCUMENT = dump_patient(PATIENT)

TAKING_A_PATIENT: dict[str, Callable[[object], object]] = {
    "dump_patient": dump_patient,  # type: ignore[dict-item]  # wrong types on purpose
    "patient_to_json": patient_to_json,  # type: ignore[dict-item]
    "patient_to_fhir": patient_to_fhir,  # type: ignore[dict-item]
    "derive_facts": lambda p: derive_facts(p, as_of=AS_OF),  # type: ignore[arg-type]
    "screen": lambda p: screen(p, as_of=AS_OF),  # type: ignore[arg-type]
    "pathway": lambda p: pathway(p, as_of=AS_OF),  # type: ignore[arg-type]
    "disease_phase": lambda p: disease_phase(p, as_of=AS_OF),  # type: ignore[arg-type]
    "cr1_duration_months": lambda p: cr1_duration_months(p, as_of=AS_OF),  # type: ignore[arg-type]
    "prior_regimen_count": lambda p: prior_regimen_count(p, as_of=AS_OF),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", sorted(TAKING_A_PATIENT))
@pytest.mark.parametrize(
    ("given", "hint"),
    [
        (DOCUMENT, True),
        ('{"sex": "female"}', True),
        (b"{}", True),
        (Path("patient.json"), True),
        (None, False),
        (42, False),
        ([PATIENT], False),
    ],
    ids=["dict", "str", "bytes", "path", "None", "int", "list"],
)
def test_anything_but_a_patient_is_an_argument_error(name: str, given: object, hint: bool) -> None:
    with pytest.raises(ArgumentError) as caught:
        TAKING_A_PATIENT[name](given)
    (problem,) = caught.value.problems
    assert problem.path == "patient"
    assert problem.message.startswith(f"expected a Patient, got {type(given).__name__}")
    assert ("allmodel.load_patient" in problem.message) is hint
    assert isinstance(caught.value, TypeError)


@pytest.mark.parametrize("name", sorted(TAKING_A_PATIENT))
def test_a_patient_is_taken(name: str) -> None:
    assert TAKING_A_PATIENT[name](PATIENT) is not None


def test_needed_facts_as_a_string_is_an_argument_error() -> None:
    with pytest.raises(ArgumentError) as caught:
        derive_facts(PATIENT, as_of=AS_OF, needed="age_years")
    (problem,) = caught.value.problems
    assert problem.path == "needed"
    assert "not a string" in problem.message
    assert derive_facts(PATIENT, as_of=AS_OF, needed=["age_years"])["age_years"] == 44


def test_write_patient_of_a_document_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(ArgumentError, match="expected a Patient, got dict"):
        write_patient(DOCUMENT, target)  # type: ignore[arg-type]  # on purpose
    assert list(tmp_path.iterdir()) == []
