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

#: A heading run into its paragraph, as the review sets it: an em dash between no-break
#: spaces.
DASH = f"{NBSP}\u2014{NBSP}"

#: The review's header, a body with four headings, the reference list and the topic line
#: in miniature (two references), with the no-break spaces the review's lines have. The
#: body also has lines that are not headings: a paragraph ending in ".)" before a run-in
#: heading, and an unpunctuated list item followed by a plain paragraph.
EXCERPT = f"""\
Treatment of relapsed or refractory acute lymphoblastic leukemia in adults
Author:
Richard A Larson, MD
Section Editor:
Bob Lowenberg, MD, PhD
Deputy Editor:
Alan G Rosmarin, MD
{CURRENT}

REMISSION INDUCTION{DASH}A paragraph about induction.

Salvage (rescue) therapy

Selection of therapy{DASH}A paragraph about the choice.

Participation in a therapeutic trial (see 'Clinical trials' below)

A paragraph that ends with a cross-reference. (See "Another topic".)

CAR-T{DASH}A paragraph about CAR T cells.

SUMMARY AND RECOMMENDATIONS

A closing paragraph.

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


def test_sections_in_order(script: ModuleType) -> None:
    """Run-in headings, capitals and an unpunctuated line before a run-in heading are the
    sections, in order, kept as written; a list item and a paragraph are not."""
    assert script.extract(EXCERPT)["sections"] == [
        {"id": "review-remission-induction", "title": "REMISSION INDUCTION"},
        {"id": "review-salvage-rescue-therapy", "title": "Salvage (rescue) therapy"},
        {"id": "review-selection-of-therapy", "title": "Selection of therapy"},
        {"id": "review-car-t", "title": "CAR-T"},
        {"id": "review-summary-and-recommendations", "title": "SUMMARY AND RECOMMENDATIONS"},
    ]


def test_committed_sections(script: ModuleType, committed: dict[str, Any]) -> None:
    """The committed sections are the review's 33 headings, each id the slug of its title."""
    sections = committed["sections"]
    assert len(sections) == 33
    assert sections[0] == {"id": "review-introduction", "title": "INTRODUCTION"}
    assert sections[-1]["title"] == "SUMMARY AND RECOMMENDATIONS"
    assert all(entry["id"] == script.section_id(entry["title"]) for entry in sections)
    assert len({entry["id"] for entry in sections}) == len(sections)


def test_sections_sharing_an_id_are_refused(script: ModuleType) -> None:
    """Two headings with the same slug stop the script."""
    with pytest.raises(SystemExit, match="share an id"):
        script.extract(EXCERPT.replace("CAR-T", "Selection of therapy"))


def test_gaps_in_numbering_are_refused(script: ModuleType) -> None:
    """A reference list that skips a number stops the script."""
    with pytest.raises(SystemExit, match="not numbered"):
        script.extract(EXCERPT.replace("  2. ", "  3. "))
