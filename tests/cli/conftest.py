"""Patient and assessment documents written to a temporary folder for the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.running import ASSESSMENT, PH_NEG, load, write


@pytest.fixture
def bad_units(tmp_path: Path) -> Path:
    """A patient document with platelets in g/dL and an unknown top-level key."""
    document = load(PH_NEG)
    platelets = next(i for i, lab in enumerate(document["labs"]) if lab["analyte"] == "platelets")
    document["labs"][platelets]["unit"] = "g/dL"
    document["favourite_colour"] = "blue"
    return write(tmp_path / "bad_units.json", document)


@pytest.fixture
def no_height(tmp_path: Path) -> Path:
    """The Ph-negative example without a recorded height."""
    document = load(PH_NEG)
    del document["height"]
    return write(tmp_path / "no_height.json", document)


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    """A response assessment (fields of ResponseAssessment) written to a file."""
    return write(tmp_path / "assessment.json", ASSESSMENT)
