"""Write every bundled example patient as a FHIR R4 Bundle to
``src/allmodel/examples/fhir/<name>.json``, or check the shipped Bundles are current.

The Bundles are what :func:`allmodel.io.fhir.patient_to_fhir` writes for each example
patient (``allmodel.examples.patient(name)``); ``tests/examples/test_fhir_bundles.py``
reads each back to the same patient and validates it with ``fhir.resources``. The
hand-written "real EHR export" example (:data:`allmodel.examples.EHR_EXPORT_NAME`) is not
generated and is left alone.

Usage::

    .venv/bin/python scripts/write_fhir_examples.py [--check]

With ``--check`` nothing is written; the exit code is 1 when a Bundle differs, is
missing, or belongs to no example patient.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from allmodel import examples
from allmodel.io.fhir import patient_to_fhir

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "src" / "allmodel" / "examples" / "fhir"


def bundles() -> dict[str, str]:
    """Every generated example Bundle's text, by file name."""
    return {
        f"{name}.json": json.dumps(patient_to_fhir(examples.patient(name)), indent=1) + "\n"
        for name in examples.patient_names()
    }


def stale(expected: dict[str, str]) -> list[str]:
    """The file names whose Bundle differs from ``expected``, is missing, or is extra."""
    present = {path.name for path in FOLDER.glob("*.json")} - {f"{examples.EHR_EXPORT_NAME}.json"}
    wrong = [
        name
        for name, text in expected.items()
        if name not in present or (FOLDER / name).read_text(encoding="utf-8") != text
    ]
    return wrong + sorted(present - set(expected))


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check``, check) the example Bundles; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="check only; write nothing")
    args = parser.parse_args(argv)
    expected = bundles()
    wrong = stale(expected)
    if args.check:
        for name in wrong:
            sys.stderr.write(f"stale FHIR example: {name}\n")
        return 1 if wrong else 0
    FOLDER.mkdir(exist_ok=True)
    for name in wrong:
        if name in expected:
            (FOLDER / name).write_text(expected[name], encoding="utf-8")
        else:
            (FOLDER / name).unlink()
    sys.stdout.write(f"wrote {len([n for n in wrong if n in expected])} FHIR example(s)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
