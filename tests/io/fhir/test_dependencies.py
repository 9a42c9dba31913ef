"""fhir.resources is an optional extra: the core neither depends on it nor imports it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_core_dependencies_are_the_small_set() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = {
        dep.split(">")[0].split("<")[0].split("=")[0].strip() for dep in project["dependencies"]
    }
    assert names == {"attrs", "cattrs", "pint", "python-dateutil", "ucumvert"}
    assert any(dep.startswith("fhir.resources") for dep in project["optional-dependencies"]["fhir"])


def test_reading_without_validation_never_imports_fhir_resources() -> None:
    code = (
        "import sys, json\n"
        "from datetime import date\n"
        "from allmodel import examples\n"
        "from allmodel.io.fhir import patient_from_fhir, patient_to_fhir\n"
        "p = examples.patient('late_relapse')\n"
        "assert patient_from_fhir(patient_to_fhir(p), as_of=date(2022, 12, 31),"
        " validate=False).patient == p\n"
        "assert not [m for m in sys.modules if m.startswith(('fhir', 'pydantic'))]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
