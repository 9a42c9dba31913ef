"""Identifying values, a valid lab entry and a reader of load_patient's refusals, shared
by the patient-document tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allmodel import DocumentError, load_patient
from allmodel.io._documents import PatientSource

SECRET_ID = "MRN-SECRET-42"
SECRET_DOB = "1977-07-07"
IDENTIFIED: dict[str, Any] = {
    "identifiers": [{"system": "mrn", "value": SECRET_ID}],
    "date_of_birth": SECRET_DOB,
}


def platelet_lab(**changes: Any) -> dict[str, Any]:
    """A valid platelet count, with ``changes`` applied (a value of None drops the key)."""
    lab: dict[str, Any] = {
        "analyte": "platelets",
        "value": 45,
        "unit": "10^9/L",
        "date": "2022-10-01",
    }
    lab.update(changes)
    return {key: value for key, value in lab.items() if value is not None}


def problems_of(document: PatientSource, *, as_of: date | None = None) -> dict[str, str]:
    """load_patient's problems as {path: message}; fails the test if nothing is refused."""
    with pytest.raises(DocumentError) as caught:
        load_patient(document, as_of=as_of)
    problems = caught.value.problems
    paths = [problem.path for problem in problems]
    assert len(paths) == len(set(paths)), f"a path is reported twice: {paths}"
    return {problem.path: problem.message for problem in problems}
