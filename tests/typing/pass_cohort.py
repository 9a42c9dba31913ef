"""An analyst's cohort script: load documents, derive facts as of a date, tabulate.

Type-checked under ``mypy --strict``; ``main()`` also runs it on patients built in code.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TypedDict, assert_type

import allmodel
from allmodel import (
    Course,
    DiseasePhase,
    DocumentError,
    LabResult,
    Patient,
    Problem,
    Relapse,
    Remission,
)
from allmodel.model import Analyte, PhStatus, RelapseSite, RemissionKind


class Row(TypedDict):
    """One patient as a flat, pandas-friendly record."""

    name: str
    age: int | None
    phase: str | None
    relapses: int
    cr1_months: float | None
    blasts_percent: float | None


def load_cohort(folder: Path, as_of: date) -> Iterator[tuple[str, Patient | list[Problem]]]:
    """Each document of ``folder`` as a patient, or the problems that stopped it."""
    for path in sorted(folder.glob("*.json")):
        try:
            patient = allmodel.load_patient(path, as_of=as_of)
        except DocumentError as error:
            assert_type(error.problems, tuple[Problem, ...])
            yield path.stem, list(error.problems)
        else:
            yield path.stem, patient


def row(name: str, patient: Patient, as_of: date) -> Row:
    """Derive one row of facts as of ``as_of``."""
    phase = allmodel.disease_phase(patient, as_of=as_of)
    assert_type(phase, DiseasePhase | None)
    blasts = allmodel.model.latest_lab(patient.labs, Analyte.MARROW_BLASTS, as_of=as_of)
    assert_type(blasts, LabResult | None)
    return Row(
        name=name,
        age=patient.age(as_of=as_of),
        phase=phase.value if phase is not None else None,
        relapses=allmodel.clinical.relapse_count(patient, as_of=as_of),
        cr1_months=allmodel.clinical.cr1_duration_months(patient, as_of=as_of),
        blasts_percent=blasts.value_in("%") if blasts is not None else None,
    )


def phase_counts(rows: Iterable[Row]) -> Counter[str]:
    """How many patients are in each phase (unknown included)."""
    return Counter(r["phase"] or "unknown" for r in rows)


def ph_positive(patients: Iterable[Patient]) -> list[Patient]:
    """Patients known to be Ph-positive (unknown is not positive)."""
    return [p for p in patients if p.disease.philadelphia is PhStatus.POSITIVE]


def main() -> None:
    """Run the script on a patient built in code and read back from JSON."""
    as_of = date(2022, 12, 31)
    patient = Patient(
        date_of_birth=date(1980, 5, 1),
        course=Course(
            diagnosis_date=date(2020, 1, 10),
            remissions=(Remission(kind=RemissionKind.CR, date=date(2020, 3, 1)),),
            relapses=(Relapse(date=date(2022, 3, 1), site=RelapseSite.MARROW),),
        ),
        labs=(LabResult(analyte=Analyte.MARROW_BLASTS, value=40, unit="%", date=date(2022, 3, 1)),),
    )
    again = allmodel.load_patient(json.loads(allmodel.io.patient_to_json(patient)), as_of=as_of)
    rows = [row("vignette", again, as_of)]
    assert rows[0]["phase"] == DiseasePhase.FIRST_RELAPSE.value
    assert rows[0]["cr1_months"] == 24.0
    assert phase_counts(rows) == Counter({"first_relapse": 1})
    assert ph_positive([again]) == []


if __name__ == "__main__":
    main()
