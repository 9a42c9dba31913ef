"""scripts/extract_review_references.py: the extraction that made review.json gives back
the committed entries from the review's own lines."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.modules import import_file
from tests.sources.test_registry import REF_1, REF_23, REF_64, REF_67, REF_78

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"
CURRENT = NBSP.join(
    [
        "Literature review current through:",
        "Dec 2022.",
        "|",
        "This topic last updated:",
        "Jun 03, 2022.",
    ]
)

#: The review's header, reference list and topic line in miniature (two references), with
#: the no-break spaces the review's header line has.
EXCERPT = f"""\
Treatment of relapsed or refractory acute lymphoblastic leukemia in adults
Author:
Richard A Larson, MD
Section Editor:
Bob Lowenberg, MD, PhD
Deputy Editor:
Alan G Rosmarin, MD
{CURRENT}

  1. {REF_1}
  2. {REF_23}
Topic 4518 Version 54.0
"""


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """The extraction script, imported as a module."""
    return import_file(
        "_allmodel_extract_review", ROOT / "scripts" / "extract_review_references.py"
    )


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    """The committed review.json."""
    data: dict[str, Any] = json.loads(
        files("allmodel.sources").joinpath("review.json").read_text("utf-8")
    )
    return data


@pytest.mark.parametrize(
    ("number", "citation"), [(1, REF_1), (23, REF_23), (64, REF_64), (67, REF_67), (78, REF_78)]
)
def test_each_reference_parses_to_the_committed_entry(
    script: ModuleType, committed: dict[str, Any], number: int, citation: str
) -> None:
    """The script's parse of a listed reference is the committed entry, unchanged."""
    assert script.parse_reference(number, citation) == committed["references"][number - 1]


def test_header_and_numbering(script: ModuleType, committed: dict[str, Any]) -> None:
    """The review's metadata come from its header and topic line."""
    data = script.extract(EXCERPT)
    assert data["review"] == committed["review"]
    assert [entry["number"] for entry in data["references"]] == [1, 2]


def test_gaps_in_numbering_are_refused(script: ModuleType) -> None:
    """A reference list that skips a number stops the script."""
    with pytest.raises(SystemExit, match="not numbered"):
        script.extract(EXCERPT.replace("  2. ", "  3. "))
