"""Load every patient document in a folder and print its derived clinical summary.

Usage::

    python examples/summarize_patients.py src/allmodel/examples/patients --as-of 2022-12-31

Each document is read with :func:`allmodel.load_patient`; a document with problems is
reported with every problem's JSON path and the script exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import allmodel
from allmodel import Patient, clinical
from allmodel.model import Analyte


def _fmt(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "unknown"
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    return f"{text} {unit}".strip()


def summarize(name: str, patient: Patient, as_of: date) -> list[str]:
    """Return the summary lines of one patient (no identifiers, no date of birth)."""
    disease = patient.disease
    phase = allmodel.disease_phase(patient, as_of=as_of)
    bsa = patient.bsa()
    ecog = patient.ecog.value if patient.ecog is not None else None
    lines = [
        f"{name}",
        f"  age {_fmt(patient.age(as_of=as_of), 'years')}, sex {patient.sex or 'unknown'},"
        f" ECOG {_fmt(ecog)}, BSA {_fmt(bsa.value if bsa else None, 'm2')}",
        f"  lineage {disease.lineage or 'unknown'}, Ph {disease.philadelphia or 'unknown'},"
        f" phase {phase or 'unknown'}",
        f"  relapses {clinical.relapse_count(patient, as_of=as_of)},"
        f" prior regimens {clinical.prior_regimen_count(patient, as_of=as_of)},"
        f" salvage lines {_fmt(clinical.salvage_line_count(patient, as_of=as_of))}",
        f"  CR1 duration {_fmt(clinical.cr1_duration_months(patient, as_of=as_of), 'months')},"
        " initial therapy to relapse "
        f"{_fmt(clinical.months_from_initial_therapy_to_relapse(patient, as_of=as_of), 'months')}",
    ]
    for analyte in (Analyte.MARROW_BLASTS, Analyte.PLATELETS, Analyte.ALBUMIN):
        lab = allmodel.model.latest_lab(patient.labs, analyte, as_of=as_of)
        if lab is not None:
            canonical = allmodel.model.ANALYTES[analyte].canonical
            lines.append(
                f"  latest {analyte}: {lab.canonical_value:g} {canonical} ({lab.date.isoformat()})"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Summarize every ``*.json`` patient document under the given folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    args = parser.parse_args(argv)
    status = 0
    for path in sorted(args.folder.glob("*.json")):
        try:
            patient = allmodel.load_patient(path, as_of=args.as_of)
        except allmodel.DocumentError as error:
            status = 1
            for problem in error.problems:
                print(f"{path.name}: {problem}", file=sys.stderr)
            continue
        print("\n".join(summarize(path.stem, patient, args.as_of)))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
