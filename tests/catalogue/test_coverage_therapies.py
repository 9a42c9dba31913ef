"""Source coverage of the therapy options (catalogue/coverage/therapies.json): every
condition of a therapy's sources (each label's indication per jurisdiction, the label
conditions an option encodes, the review's conditions, the decisions) mapped to the node of
the option's criteria tree that encodes it, or to the reason it is not applicable.

The checks are functions returning the problems they find, so each is tested on a broken
entry before it is run on the shipped file. Options are looked up in the default ruleset
when a test runs, so a mutated option (scripts/mutate_rules.py) is the one checked."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from importlib.resources import files

import pytest

from allmodel.catalogue import THERAPY_IDS, default_ruleset
from allmodel.criteria import All, InJurisdiction, IsIn, Jurisdiction, Option, OptionKind, walk

STATUSES = frozenset({"encoded", "not_applicable", "not_encoded", "unconfirmed"})
KEYS = frozenset({"source", "condition", "status", "rule", "reason", "excluding"})

#: The source id scheme: the review, its sections and numbered references, drug labels
#: (with an optional section suffix), trial registry records, other publications or web
#: pages, and the project's decisions.
SOURCE_ID = re.compile(
    r"review"
    r"|review-ref-[1-9][0-9]*"
    r"|review-[a-z0-9]+(?:-[a-z0-9]+)*"
    r"|label-(?:us|eu)-[a-z0-9]+(?:[.-][a-z0-9]+)*"
    r"|nct[0-9]{8}"
    r"|eudract-[0-9]{4}-[0-9]{6}-[0-9]{2}"
    r"|(?:pub|web)-[a-z0-9]+(?:-[a-z0-9]+)+"
    r"|decision-[1-9][0-9]*"
)
LABEL_ID = re.compile(r"label-(us|eu)-[a-z0-9.-]+")

Entry = Mapping[str, object]


def load_coverage() -> dict[str, list[Entry]]:
    """The shipped coverage file, read as package data of allmodel.catalogue."""
    text = (files("allmodel.catalogue") / "coverage" / "therapies.json").read_text("utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def entry_problems(entry: Entry, rule_ids: frozenset[str]) -> list[str]:
    """What is wrong with one entry, given the node ids of its option's criteria tree."""
    problems: list[str] = []
    if set(entry) != KEYS:
        return [f"keys {sorted(entry)} are not {sorted(KEYS)}"]
    source, condition = entry["source"], entry["condition"]
    status, rule, reason, excluding = (
        entry["status"],
        entry["rule"],
        entry["reason"],
        entry["excluding"],
    )
    if not isinstance(source, str) or not SOURCE_ID.fullmatch(source):
        problems.append(f"source {source!r} is not a source id")
    if not isinstance(condition, str) or not condition.strip():
        problems.append("condition is empty")
    if not isinstance(excluding, bool):
        problems.append(f"excluding {excluding!r} is not a boolean")
    if status not in STATUSES:
        return [*problems, f"status {status!r} is not one of {sorted(STATUSES)}"]
    if rule is not None and rule not in rule_ids:
        problems.append(f"rule {rule!r} is no node of the option's criteria")
    has_reason = isinstance(reason, str) and bool(reason.strip())
    if status == "encoded":
        if rule is None:
            problems.append("an encoded condition names no rule")
        if reason is not None:
            problems.append("an encoded condition gives a reason")
    else:
        if rule is not None:
            problems.append(f"a {status} condition names a rule")
        if not has_reason:
            problems.append(f"a {status} condition gives no reason")
    if status == "not_encoded" and excluding is not False:
        problems.append("an excluding condition is not encoded")
    return problems


def rule_ids(option: Option) -> frozenset[str]:
    """The ids of every node of the option's criteria tree."""
    return frozenset(node.id for node in walk(option.criteria))


def label_jurisdictions(option: Option) -> frozenset[str]:
    """The jurisdictions (``us``, ``eu``) the option's label coverage must reach: those of
    its criteria's jurisdiction branches, and those of the labels it or its nodes cite."""
    found: set[str] = set()
    citations: list[str] = list(option.citations)
    for node in walk(option.criteria):
        citations.extend(node.citations)
        if isinstance(node, InJurisdiction):
            found.update(j.value.lower() for j in node.jurisdictions)
    for citation in citations:
        match = LABEL_ID.fullmatch(citation)
        if match:
            found.add(match.group(1))
    return frozenset(found)


def missing_jurisdictions(option: Option, entries: Iterable[Entry]) -> list[str]:
    """The jurisdictions the option's label coverage must reach but none of its entries
    cites a label of."""
    covered = set()
    for entry in entries:
        match = LABEL_ID.fullmatch(str(entry["source"]))
        if match:
            covered.add(match.group(1))
    return sorted(label_jurisdictions(option) - covered)


def _entry(**changes: object) -> dict[str, object]:
    """A well-formed encoded entry of the blinatumomab option, with ``changes`` applied."""
    entry: dict[str, object] = {
        "source": "label-eu-blincyto",
        "condition": "adults",
        "status": "encoded",
        "rule": "eu_adult",
        "reason": None,
        "excluding": True,
    }
    entry.update(changes)
    return entry


_BLINATUMOMAB_RULES = frozenset({"blinatumomab", "eu_adult", "jurisdiction_eu"})


class TestEntryProblems:
    """entry_problems finds each kind of malformed entry."""

    def test_a_good_entry_has_none(self) -> None:
        """A well-formed encoded entry, and a well-formed not-applicable one, pass."""
        assert entry_problems(_entry(), _BLINATUMOMAB_RULES) == []
        other = _entry(status="not_applicable", rule=None, reason="dosing", excluding=False)
        assert entry_problems(other, _BLINATUMOMAB_RULES) == []

    @pytest.mark.parametrize(
        ("changes", "problem"),
        [
            ({"rule": "no_such_node"}, "is no node"),
            ({"rule": None}, "names no rule"),
            ({"reason": "because"}, "gives a reason"),
            ({"status": "not_applicable"}, "names a rule"),
            ({"status": "not_applicable", "rule": None}, "gives no reason"),
            ({"status": "unconfirmed", "rule": None, "reason": " "}, "gives no reason"),
            (
                {"status": "not_encoded", "rule": None, "reason": "x", "excluding": True},
                "excluding condition is not encoded",
            ),
            ({"status": "done"}, "is not one of"),
            ({"source": "REFERENCE-A B.1"}, "is not a source id"),
            ({"source": "label-uk-blincyto"}, "is not a source id"),
            ({"condition": ""}, "condition is empty"),
            ({"excluding": "yes"}, "is not a boolean"),
        ],
    )
    def test_a_broken_entry_is_named(self, changes: dict[str, object], problem: str) -> None:
        """Each inconsistency of status, rule, reason, source or flag is reported."""
        problems = entry_problems(_entry(**changes), _BLINATUMOMAB_RULES)
        assert any(problem in text for text in problems), problems

    def test_missing_or_extra_keys(self) -> None:
        """An entry must have exactly the six keys."""
        entry = _entry(note="x")
        assert entry_problems(entry, _BLINATUMOMAB_RULES) != []
        del entry["note"], entry["reason"]
        assert entry_problems(entry, _BLINATUMOMAB_RULES) != []


class TestLabelJurisdictions:
    """label_jurisdictions and missing_jurisdictions on options built for the test."""

    @staticmethod
    def _option(citations: tuple[str, ...], eu_branch: bool) -> Option:
        parts: list[InJurisdiction | IsIn] = [
            IsIn(id="b", text="B-precursor", fact="lineage", values=("b_precursor",))
        ]
        if eu_branch:
            parts.append(InJurisdiction(id="eu", text="EU", jurisdictions=(Jurisdiction.EU,)))
        return Option(
            id="made_up",
            kind=OptionKind.THERAPY,
            name="made up",
            criteria=All(id="made_up", text="made up", parts=tuple(parts)),
            citations=citations,
        )

    def test_branches_and_cited_labels_count(self) -> None:
        """A jurisdiction branch and a cited label each require their jurisdiction."""
        option = self._option(("label-us-blincyto", "review-ref-7"), eu_branch=True)
        assert label_jurisdictions(option) == {"us", "eu"}
        assert label_jurisdictions(self._option(("review",), eu_branch=False)) == frozenset()

    def test_missing_jurisdiction_is_named(self) -> None:
        """Coverage citing only a US label misses the EU branch."""
        option = self._option(("review",), eu_branch=True)
        assert missing_jurisdictions(option, [_entry(source="label-us-blincyto")]) == ["eu"]
        assert missing_jurisdictions(option, [_entry(source="label-eu-blincyto")]) == []


class TestShippedFile:
    """The shipped coverage file for the therapy options of the default ruleset."""

    def test_keys_are_the_therapies_in_catalogue_order(self) -> None:
        """The file lists every therapy option, in catalogue order, and no other id."""
        assert tuple(load_coverage()) == THERAPY_IDS

    @pytest.mark.parametrize("option_id", THERAPY_IDS)
    def test_entries_are_consistent(self, option_id: str) -> None:
        """Each option has entries; each entry's rule is a node of that option's criteria
        and its status, rule, reason and excluding flag agree."""
        entries = load_coverage()[option_id]
        assert entries, f"{option_id} has no coverage entries"
        rules = rule_ids(default_ruleset().option(option_id))
        problems = {
            f"{entry.get('source')}: {entry.get('condition')}": entry_problems(entry, rules)
            for entry in entries
        }
        assert {k: v for k, v in problems.items() if v} == {}

    @pytest.mark.parametrize("option_id", THERAPY_IDS)
    def test_labels_cover_each_jurisdiction(self, option_id: str) -> None:
        """A label of every jurisdiction the option branches on or cites is covered."""
        option = default_ruleset().option(option_id)
        assert missing_jurisdictions(option, load_coverage()[option_id]) == []

    def test_no_entry_is_repeated(self) -> None:
        """No option lists the same source and condition twice."""
        for option_id, entries in load_coverage().items():
            pairs = [(entry["source"], entry["condition"]) for entry in entries]
            assert len(pairs) == len(set(pairs)), option_id
