"""Running the ``allmodel`` command in the CLI tests: in process (injected streams and a
fixed today) or as a real subprocess, the example files, and readers of its output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import allmodel
from allmodel.cli import main

ROOT = Path(__file__).resolve().parents[2]
PATIENTS = ROOT / "src" / "allmodel" / "examples" / "patients"
LOCAL_TRIAL = (
    ROOT / "src" / "allmodel" / "examples" / "local_trials" / "example_hospital_cd22_pilot.json"
)
PATIENT_PATHS = sorted(PATIENTS.glob("*.json"))
PH_NEG = PATIENTS / "ph_negative_first_relapse.json"
T_ALL = PATIENTS / "t_all_relapse.json"
INCOMPLETE = PATIENTS / "incomplete_record.json"
LOCAL_ID = "example_hospital_cd22_pilot"

TODAY = date(2022, 12, 31)
AS_OF = "2022-12-31"
STATUSES = {"eligible", "not_eligible", "unknown"}
#: What ``allmodel --version`` prints for the build under test (``make compiled-test``
#: runs the suite against the compiled build, with ALLMODEL_TEST_BUILD=compiled).
VERSION_LINE = f"allmodel {allmodel.__version__}" + (
    " (compiled)" if os.environ.get("ALLMODEL_TEST_BUILD") == "compiled" else ""
)
RECORD_COLUMNS = [
    "patient",
    "as_of",
    "ruleset",
    "ruleset_version",
    "ruleset_hash",
    "jurisdiction",
    "option_id",
    "kind",
    "status",
    "failed",
    "unknown",
    "missing",
]
SUBCOMMANDS = (
    "screen",
    "validate",
    "response",
    "score",
    "dose",
    "regimens",
    "options",
    "schema",
    "sources",
    "fhir",
    "cohort",
)
CONSOLE_SCRIPT = Path(sys.executable).parent / "allmodel"

#: A complete response under both criteria sets (counts well above every cut).
ASSESSMENT: dict[str, Any] = {
    "date": "2022-11-15",
    "marrow_blasts_percent": 3,
    "blood_blasts_percent": 0,
    "extramedullary_disease": False,
    "anc": {"value": 1.2, "unit": "10^9/L"},
    "platelets": {"value": 120000, "unit": "/uL"},
    "marrow_cellularity_percent": 40,
}


@dataclass(frozen=True)
class Result:
    """Exit code and captured streams of one in-process run."""

    code: int
    out: str
    err: str


def cli(*argv: str | Path, stdin: bytes = b"") -> Result:
    """Run ``allmodel`` in process with captured streams, ``stdin`` as its input and today
    fixed at 2022-12-31."""
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [str(arg) for arg in argv],
        stdout=out,
        stderr=err,
        stdin=io.BytesIO(stdin),
        today=lambda: TODAY,
    )
    return Result(code, out.getvalue(), err.getvalue())


def module_run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m allmodel`` as a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "allmodel", *(str(arg) for arg in argv)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def script_run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``allmodel`` console script as a real subprocess."""
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *(str(arg) for arg in argv)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def load(path: Path) -> dict[str, Any]:
    """A JSON document as a dict."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def write(path: Path, document: object) -> Path:
    """Write ``document`` as JSON at ``path`` and return the path."""
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def reports(text: str) -> list[dict[str, Any]]:
    """The JSON output of ``screen --format json``."""
    documents: list[dict[str, Any]] = json.loads(text)
    return documents


def rows(text: str) -> list[dict[str, str]]:
    """The CSV output of ``screen --format csv``."""
    return list(csv.DictReader(io.StringIO(text)))


def no_traceback(err: str) -> None:
    """Assert that stderr shows no Python traceback."""
    assert "Traceback" not in err
    assert 'File "' not in err


def problem_lines(err: str, name: Path) -> list[str]:
    lines = err.splitlines()
    assert lines
    assert all(line.startswith(f"{name}: $") for line in lines), lines
    return lines
