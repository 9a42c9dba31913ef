"""coverage/trials.json: every entry criterion of each trial archetype's sources, mapped to
the criteria node that encodes it or to the reason it is not (issue 11, source coverage)."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import Any

import pytest

from allmodel.catalogue import TRIAL_IDS, default_ruleset
from allmodel.criteria import walk

#: The fields of one entry, no more and no fewer.
FIELDS = {"source", "condition", "status", "rule", "reason", "excluding"}
#: The statuses an entry can have.
STATUSES = {"encoded", "not_applicable", "not_encoded", "unconfirmed"}
#: The source id scheme: the review and its sections, its references, labels, registry
#: records (ClinicalTrials.gov, EU Clinical Trials Register), other publications and web
#: pages, and the project's decisions.
SOURCE_ID = re.compile(
    r"review(-(?!ref-[0-9])[a-z0-9]+(-[a-z0-9]+)*)?"
    r"|review-ref-[1-9][0-9]*"
    r"|label-(us|eu)-[a-z0-9]+(-[a-z0-9]+)*"
    r"|nct[0-9]{8}"
    r"|eudract-[0-9]{4}-[0-9]{6}-[0-9]{2}"
    r"|pub-[a-z]+-[0-9]{4}(-[a-z0-9]+)*"
    r"|web-[a-z0-9]+(-[a-z0-9]+)+"
    r"|decision-([1-9]|1[01])"
)
#: Words no library text may contain (the project's working notes are never cited by name).
FORBIDDEN = ("REFERENCE-A", "REFERENCE-B", "REFERENCE.md", "clinical reference")

Entry = dict[str, Any]


@pytest.fixture(scope="module")
def text() -> str:
    """The packaged coverage file, as text."""
    return files("allmodel.catalogue").joinpath("coverage", "trials.json").read_text("utf-8")


@pytest.fixture(scope="module")
def coverage(text: str) -> dict[str, list[Entry]]:
    """The packaged coverage file, parsed."""
    data: dict[str, list[Entry]] = json.loads(text)
    return data


def entries(coverage: dict[str, list[Entry]]) -> list[tuple[str, Entry]]:
    """Every (option id, entry) pair of the file."""
    return [(option, entry) for option, items in coverage.items() for entry in items]


def node_ids(option_id: str) -> set[str]:
    """The ids of every node in the default ruleset's criteria tree of that option."""
    return {node.id for node in walk(default_ruleset().option(option_id).criteria)}


class TestOptions:
    """The file covers exactly the trial archetypes, in catalogue order."""

    def test_keys_are_the_trial_ids_in_order(self, coverage: dict[str, list[Entry]]) -> None:
        """Its keys are TRIAL_IDS, in the same order: none missing, none unknown."""
        assert tuple(coverage) == TRIAL_IDS

    def test_every_trial_has_entries(self, coverage: dict[str, list[Entry]]) -> None:
        """No archetype has an empty list."""
        assert [option for option, items in coverage.items() if not items] == []

    def test_every_encoded_option_cites_its_registry_records(
        self, coverage: dict[str, list[Entry]]
    ) -> None:
        """An archetype with registry ids has an entry citing each record (lower-cased)."""
        missing = [
            (option, registry_id)
            for option in TRIAL_IDS
            for registry_id in default_ruleset().option(option).registry_ids
            if registry_id.lower() not in {entry["source"] for entry in coverage[option]}
        ]
        assert missing == []


class TestEntries:
    """Each entry is well formed and consistent with the criteria it points to."""

    def test_fields(self, coverage: dict[str, list[Entry]]) -> None:
        """Every entry has exactly the six fields, with the right types."""
        bad = [
            (option, entry)
            for option, entry in entries(coverage)
            if set(entry) != FIELDS
            or not isinstance(entry["source"], str)
            or not isinstance(entry["condition"], str)
            or not entry["condition"].strip()
            or entry["status"] not in STATUSES
            or not isinstance(entry["excluding"], bool)
        ]
        assert bad == []

    def test_source_ids_follow_the_scheme(self, coverage: dict[str, list[Entry]]) -> None:
        """Every source is a source id of the project's scheme."""
        bad = [
            entry["source"]
            for _, entry in entries(coverage)
            if not SOURCE_ID.fullmatch(entry["source"])
        ]
        assert bad == []

    def test_encoded_entries_name_a_node_of_their_tree(
        self, coverage: dict[str, list[Entry]]
    ) -> None:
        """An encoded entry's rule is the id of a node in that option's criteria tree."""
        bad = [
            (option, entry["rule"])
            for option, entry in entries(coverage)
            if entry["status"] == "encoded" and entry["rule"] not in node_ids(option)
        ]
        assert bad == []

    def test_encoded_entries_have_no_reason(self, coverage: dict[str, list[Entry]]) -> None:
        """An encoded entry points to its node and gives no reason."""
        bad = [
            (option, entry)
            for option, entry in entries(coverage)
            if entry["status"] == "encoded" and entry["reason"] is not None
        ]
        assert bad == []

    def test_other_entries_give_a_reason_and_no_rule(
        self, coverage: dict[str, list[Entry]]
    ) -> None:
        """An entry that is not encoded names no rule and says why."""
        bad = [
            (option, entry)
            for option, entry in entries(coverage)
            if entry["status"] != "encoded"
            and (
                entry["rule"] is not None
                or not isinstance(entry["reason"], str)
                or not entry["reason"].strip()
            )
        ]
        assert bad == []

    def test_no_excluding_condition_is_left_unencoded(
        self, coverage: dict[str, list[Entry]]
    ) -> None:
        """'not_encoded' is only for conditions that can never exclude a patient."""
        bad = [
            (option, entry["condition"])
            for option, entry in entries(coverage)
            if entry["status"] == "not_encoded" and entry["excluding"]
        ]
        assert bad == []

    def test_no_duplicate_entries(self, coverage: dict[str, list[Entry]]) -> None:
        """No option lists the same condition from the same source twice."""
        for option, items in coverage.items():
            keys = [(entry["source"], entry["condition"]) for entry in items]
            assert len(keys) == len(set(keys)), option

    def test_texts_do_not_name_the_working_notes(self, text: str) -> None:
        """No condition or reason names the project's working notes."""
        assert [word for word in FORBIDDEN if word.lower() in text.lower()] == []


class TestScheme:
    """The source id pattern the entries are checked against."""

    @pytest.mark.parametrize(
        "source",
        [
            "review",
            "review-car-t",
            "review-ref-36",
            "label-eu-besponsa-dose-modifications",
            "nct02013167",
            "eudract-2013-000536-10",
            "pub-shah-2021-lancet",
            "web-tecartushcp-zuma3-design",
            "decision-11",
        ],
    )
    def test_accepts_the_schemes_ids(self, source: str) -> None:
        """Ids of each kind in the scheme match."""
        assert SOURCE_ID.fullmatch(source)

    @pytest.mark.parametrize(
        "source",
        ["NCT02013167", "nct0201316", "review-ref-0", "REFERENCE-B 1 (S1)", "web-", "decision-12"],
    )
    def test_refuses_other_ids(self, source: str) -> None:
        """Upper case, short registry numbers, free text and out-of-range ids do not."""
        assert not SOURCE_ID.fullmatch(source)
