"""Every citation allmodel makes is a source id that resolves, and no text points elsewhere.

Walks the default ruleset (each option's citations, every criterion node's citations and
the ``[id]`` markers in its notes), the pathway's rules, the response sets and the results
they give, the scores and the prognostic factors, and the regimens catalogue (citations and
note markers), and asks :func:`allmodel.sources.source` for each id. It also reads every
text file of the package, the docs, the README and the examples for names of the project's
working notes, and checks the entries of the label, registry and publication data files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from allmodel.catalogue import default_ruleset
from allmodel.clinical.regimens import REGIMENS
from allmodel.clinical.response import BLINATUMOMAB_TRIALS, CIBMTR_2010, classify_response
from allmodel.clinical.scores import (
    PRETRANSPLANT_CITATION,
    REF5_CITATION,
    REF71_CITATION,
    SECOND_SALVAGE_CITATION,
    pretransplant_score,
    prognostic_factors,
    second_salvage_factors,
)
from allmodel.criteria import walk
from allmodel.errors import RuleError
from allmodel.pathway._rules import RULES
from allmodel.sources import source
from tests.builders import AS_OF, adult_in_relapse
from tests.clinical.response.assessments import assessment

ROOT = Path(__file__).resolve().parents[2]

#: A source id: lower case, a letter or digit first, then letters, digits, dots, hyphens.
ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
#: Anything in square brackets in a note: each must be a marker ``[<source id>]``.
BRACKETED = re.compile(r"\[([^\]]*)\]")
#: Names of the project's working notes, which the library must never cite.
FORBIDDEN = ("REFERENCE-A", "REFERENCE-B", "REFERENCE.md", "clinical reference", "../shared")

OPTIONS = {option.id: option for option in default_ruleset().options}


def unresolved(citations: Iterable[str]) -> list[str]:
    """The citations that are not plain ids or that no source has, in order, once each."""
    found: dict[str, None] = {}
    for citation in citations:
        if ID.fullmatch(citation) is None:
            found.setdefault(citation)
            continue
        try:
            source(citation)
        except RuleError:
            found.setdefault(citation)
    return list(found)


def markers(notes: Iterable[str]) -> list[str]:
    """Everything written in square brackets in the notes (each should be a source id)."""
    return [marker for note in notes for marker in BRACKETED.findall(note)]


def option_citations(option_id: str) -> Iterator[str]:
    """The option's own citations, then every node's, root first."""
    option = OPTIONS[option_id]
    yield from option.citations
    for node in walk(option.criteria):
        yield from node.citations


class TestTheChecks:
    """The helpers find what they are meant to find (so the tests below can fail)."""

    def test_unresolved_names_free_text_and_unknown_ids(self) -> None:
        """Free text, a locator and an unknown id are reported; known ids are not."""
        citations = ["review-ref-7", "review ref 7", "label-us-nowhere", "decision-4", "Review"]
        assert unresolved(citations) == ["review ref 7", "label-us-nowhere", "Review"]

    def test_markers_are_read_from_brackets(self) -> None:
        """Every bracketed token of a note is a marker to check."""
        notes = ["Follows the label [label-eu-blincyto] [decision-1].", "No marker here."]
        assert markers(notes) == ["label-eu-blincyto", "decision-1"]
        assert unresolved(markers(["[ref 57] and [review-ref-57]"])) == ["ref 57"]


class TestRuleset:
    """The default ruleset's options cite resolvable source ids only."""

    @pytest.mark.parametrize("option_id", sorted(OPTIONS))
    def test_every_citation_resolves(self, option_id: str) -> None:
        """The option's citations and every node's are plain ids with a source."""
        assert unresolved(option_citations(option_id)) == []

    @pytest.mark.parametrize("option_id", sorted(OPTIONS))
    def test_every_note_marker_resolves(self, option_id: str) -> None:
        """Each ``[id]`` in the option's notes names a source."""
        assert unresolved(markers(OPTIONS[option_id].notes)) == []

    def test_notes_cite_with_markers(self) -> None:
        """Every therapy's notes cite their sources with at least one marker."""
        therapies = [o for o in OPTIONS.values() if o.kind.value == "therapy"]
        assert all(markers(option.notes) for option in therapies)


class TestPathway:
    """The pathway's rules cite resolvable source ids only."""

    @pytest.mark.parametrize("index", range(len(RULES)))
    def test_every_rule_citation_resolves(self, index: int) -> None:
        """Each rule's citations are plain ids with a source."""
        assert RULES[index].citations
        assert unresolved(RULES[index].citations) == []


class TestResponse:
    """The response sets, and what their results cite."""

    @pytest.mark.parametrize("criteria", [BLINATUMOMAB_TRIALS, CIBMTR_2010], ids=lambda c: c.name)
    def test_set_citations_resolve(self, criteria: Any) -> None:
        """Each named set cites its sources by id."""
        assert criteria.citations
        assert unresolved(criteria.citations) == []

    @pytest.mark.parametrize("criteria", [BLINATUMOMAB_TRIALS, CIBMTR_2010], ids=lambda c: c.name)
    def test_result_citations_resolve(self, criteria: Any) -> None:
        """A refractory result cites the set and the review's definitions, all by id."""
        result = classify_response(
            assessment(marrow_blasts_percent=40.0), criteria=criteria, in_remission=False
        )
        assert "review-definitions-of-relapse-and-refractory-disease" in result.citations
        assert unresolved(result.citations) == []


class TestScores:
    """The scores and the prognostic factors cite their reference by id."""

    def test_constants_resolve(self) -> None:
        """The four reference constants are the ids of refs 62, 75, 5 and 71."""
        constants = [PRETRANSPLANT_CITATION, SECOND_SALVAGE_CITATION, REF5_CITATION, REF71_CITATION]
        assert constants == ["review-ref-62", "review-ref-75", "review-ref-5", "review-ref-71"]
        assert unresolved(constants) == []

    def test_results_and_factors_resolve(self) -> None:
        """The scores of a patient and each of its prognostic factors cite resolvable ids."""
        patient = adult_in_relapse()
        cited = [
            pretransplant_score(patient, as_of=AS_OF).citation,
            second_salvage_factors(patient, as_of=AS_OF).citation,
            *(factor.citation for factor in prognostic_factors(patient, as_of=AS_OF)),
        ]
        assert unresolved(cited) == []


class TestRegimens:
    """The regimens catalogue cites resolvable source ids, in its citations and notes."""

    @pytest.mark.parametrize("regimen_id", sorted(REGIMENS))
    def test_citations_and_note_markers_resolve(self, regimen_id: str) -> None:
        """Each regimen's citations and the ``[id]`` markers of its notes have a source."""
        regimen = REGIMENS[regimen_id]
        assert unresolved(regimen.citations) == []
        assert unresolved(markers(regimen.notes)) == []


def _text_files() -> list[Path]:
    """Every text file of the package, the docs, the README and the examples."""
    roots = [ROOT / "src" / "allmodel", ROOT / "docs", ROOT / "examples"]
    found = [ROOT / "README.md"]
    for root in roots:
        found += [
            path
            for path in root.rglob("*")
            if path.is_file()
            and "__pycache__" not in path.parts
            and path.suffix in {".py", ".json", ".md", ".ipynb", ".txt", ".toml", ".typed"}
        ]
    return sorted(found)


TEXT_FILES = _text_files()


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_text_names_the_working_notes(path: Path) -> None:
    """No file names the project's working notes (cite a source id instead)."""
    text = path.read_text(encoding="utf-8")
    assert [name for name in FORBIDDEN if name in text] == []


def test_the_file_scan_covers_the_package() -> None:
    """The scan reads the package's modules and data files, the docs and the README."""
    names = {str(path.relative_to(ROOT)) for path in TEXT_FILES}
    assert "README.md" in names
    assert "src/allmodel/sources/labels.json" in names
    assert "src/allmodel/catalogue/_therapies/immunotherapy.py" in names
    assert any(name.startswith("docs/") for name in names)


# --- the data files' entries ---------------------------------------------------------------

#: Fields each kind of entry must have (non-blank), and the fields it may have besides.
REQUIRED = {
    "labels": (
        {"id", "product", "document", "jurisdiction", "authority", "revision", "section", "text"},
        {"url", "status"},
    ),
    "records": ({"id", "registry", "registry_id", "title"}, {"url", "status"}),
    "publications": (
        {"id", "title", "citation"},
        {"authors", "published_in", "year", "url", "status"},
    ),
}
STATUSES = {"confirmed", "secondary"}
JURISDICTIONS = {"US": "us", "EU": "eu"}


def problems(kind: str, entry: dict[str, Any]) -> list[str]:
    """What is wrong with one entry of ``labels``, ``records`` or ``publications``."""
    required, optional = REQUIRED[kind]
    found = [f"missing {name}" for name in sorted(required | {"status"}) if not entry.get(name)]
    found += [f"unknown field {name}" for name in sorted(set(entry) - required - optional)]
    source_id = str(entry.get("id", ""))
    if ID.fullmatch(source_id) is None:
        found.append(f"id {source_id!r} is not a source id")
    if entry.get("status") not in STATUSES:
        found.append(f"status {entry.get('status')!r} is not one of {sorted(STATUSES)}")
    if kind == "labels":
        prefix = f"label-{JURISDICTIONS.get(str(entry.get('jurisdiction')), '?')}-"
        if not source_id.startswith(prefix):
            found.append(f"id {source_id!r} does not start with {prefix!r}")
    registry_id = str(entry.get("registry_id", ""))
    if kind == "records" and registry_id.startswith("NCT") and source_id != registry_id.lower():
        found.append(f"id {source_id!r} is not the registry id in lower case")
    if kind == "publications" and not source_id.startswith(("pub-", "web-")):
        found.append(f"id {source_id!r} starts with neither pub- nor web-")
    return found


def _entries() -> list[tuple[str, dict[str, Any]]]:
    """Every entry of labels.json, registry.json and publications.json, with its kind."""
    data = files("allmodel.sources")
    found: list[tuple[str, dict[str, Any]]] = []
    for name, kind in (
        ("labels.json", "labels"),
        ("registry.json", "records"),
        ("publications.json", "publications"),
    ):
        found += [
            (kind, entry) for entry in json.loads(data.joinpath(name).read_text("utf-8"))[kind]
        ]
    return found


class TestDataFiles:
    """The label, registry and publication entries have the fields their kind needs."""

    def test_every_entry_is_complete(self) -> None:
        """No entry of the three files misses a field, has an unknown one or a bad id."""
        entries = _entries()
        assert len([e for kind, e in entries if kind == "labels"]) >= 20
        assert {entry["id"]: problems(kind, entry) for kind, entry in entries} == {
            entry["id"]: [] for _, entry in entries
        }

    @pytest.mark.parametrize(
        ("kind", "entry", "expected"),
        [
            (
                "labels",
                {
                    "id": "label-eu-x",
                    "product": "X",
                    "document": "SmPC",
                    "jurisdiction": "US",
                    "authority": "FDA",
                    "revision": "r",
                    "section": "1",
                    "text": "t",
                    "status": "confirmed",
                },
                ["id 'label-eu-x' does not start with 'label-us-'"],
            ),
            (
                "records",
                {"id": "nct1", "registry": "R", "registry_id": "NCT2", "title": "T"},
                [
                    "missing status",
                    "status None is not one of ['confirmed', 'secondary']",
                    "id 'nct1' is not the registry id in lower case",
                ],
            ),
            (
                "publications",
                {"id": "Doc 1", "title": "T", "citation": "C", "status": "read", "pages": "1"},
                [
                    "unknown field pages",
                    "id 'Doc 1' is not a source id",
                    "status 'read' is not one of ['confirmed', 'secondary']",
                    "id 'Doc 1' starts with neither pub- nor web-",
                ],
            ),
        ],
        ids=["label", "record", "publication"],
    )
    def test_a_faulty_entry_is_reported(
        self, kind: str, entry: dict[str, Any], expected: list[str]
    ) -> None:
        """Each kind's check names what is wrong with a faulty entry."""
        assert problems(kind, entry) == expected
