"""Content hashes of options and rulesets: stable, and changed by any change of a rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from allmodel.catalogue import default_ruleset
from allmodel.criteria import (
    Coverage,
    CoverageStatus,
    Node,
    Option,
    Ruleset,
    Threshold,
    option_from_dict,
    option_to_dict,
    ruleset_from_dict,
    ruleset_to_dict,
    walk,
)
from allmodel.facts import ValidityPolicy
from tests.criteria.edits import edit_node, replace_option

ROOT = Path(__file__).resolve().parents[2]
RULESET = default_ruleset()

#: Every threshold of the default ruleset, as (option id, node id).
THRESHOLDS = [
    (option.id, node.id)
    for option in RULESET.options
    for node in walk(option.criteria)
    if isinstance(node, Threshold)
]


def bumped(node: Node) -> Node:
    """A threshold one step higher (the value plus one, or a tenth more when fractional)."""
    assert isinstance(node, Threshold)
    step = 1.0 if float(node.value).is_integer() else node.value / 10
    return attrs.evolve(node, value=node.value + step)


def hash_in_subprocess(seed: str) -> str:
    """The default ruleset's hash computed by a fresh interpreter with PYTHONHASHSEED=seed."""
    code = "from allmodel import default_ruleset; print(default_ruleset().content_hash)"
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=environment,
    )
    return done.stdout.strip()


class TestForm:
    """What the hash is."""

    def test_prefix_and_length(self) -> None:
        """sha256: and 64 hex digits."""
        for found in (RULESET.content_hash, RULESET.options[0].content_hash):
            prefix, digest = found.split(":")
            assert prefix == "sha256"
            assert len(digest) == 64
            int(digest, 16)

    def test_option_hash_differs_between_options(self) -> None:
        """No two options of the default ruleset share a hash."""
        hashes = {option.content_hash for option in RULESET.options}
        assert len(hashes) == len(RULESET.options)


class TestStable:
    """The same value gives the same hash."""

    def test_across_processes(self) -> None:
        """Two interpreters with different hash seeds agree with this one."""
        assert hash_in_subprocess("1") == RULESET.content_hash
        assert hash_in_subprocess("4242") == RULESET.content_hash

    def test_round_trip_ruleset(self) -> None:
        """Dumped to JSON text and loaded back, the ruleset has the same hash."""
        text = json.dumps(ruleset_to_dict(RULESET))
        assert ruleset_from_dict(json.loads(text)).content_hash == RULESET.content_hash

    def test_round_trip_options(self) -> None:
        """Each option's hash survives its own round trip (18 and 18.0 are one value)."""
        for option in RULESET.options:
            loaded = option_from_dict(json.loads(json.dumps(option_to_dict(option))))
            assert loaded.content_hash == option.content_hash, option.id

    def test_rebuilt_equal_value(self) -> None:
        """An equal ruleset built separately has the same hash."""
        assert attrs.evolve(RULESET).content_hash == RULESET.content_hash


class TestChanges:
    """Any change of content changes the hash."""

    @pytest.mark.parametrize(("option_id", "node_id"), THRESHOLDS)
    def test_every_threshold(self, option_id: str, node_id: str) -> None:
        """Moving any one threshold of the default ruleset changes both hashes."""

        def change(option: Option) -> Option:
            return attrs.evolve(option, criteria=edit_node(option.criteria, node_id, bumped))

        changed = replace_option(RULESET, option_id, change)
        assert changed.option(option_id).content_hash != RULESET.option(option_id).content_hash
        assert changed.content_hash != RULESET.content_hash

    def test_operator(self) -> None:
        """Flipping >= to > changes the hash."""
        option_id, node_id = THRESHOLDS[0]

        def change(option: Option) -> Option:
            def flip(node: Node) -> Node:
                assert isinstance(node, Threshold)
                other = ">" if node.op.value == ">=" else ">="
                return attrs.evolve(node, op=type(node.op)(other))

            return attrs.evolve(option, criteria=edit_node(option.criteria, node_id, flip))

        assert replace_option(RULESET, option_id, change).content_hash != RULESET.content_hash

    def test_notes_citations_coverage(self) -> None:
        """Notes, citations and coverage are content too."""
        first = RULESET.options[0]
        coverage = Coverage(
            source="review",
            condition="the option as a whole",
            excluding=True,
            status=CoverageStatus.ENCODED,
            rule=first.criteria.id,
        )
        for changes in (
            {"notes": (*first.notes, "one more note")},
            {"citations": (*first.citations, "decision-2")},
            {"coverage": (coverage,)},
            {"name": first.name + " (renamed)"},
        ):
            changed = attrs.evolve(first, **changes)
            assert changed.content_hash != first.content_hash, changes

    def test_ruleset_fields(self) -> None:
        """Version and validity windows are part of the ruleset's hash."""
        versions: list[Ruleset] = [
            attrs.evolve(RULESET, version="9.9.9"),
            attrs.evolve(RULESET, validity=ValidityPolicy(chemistry=7)),
        ]
        for changed in versions:
            assert changed.content_hash != RULESET.content_hash

    def test_order_of_options(self) -> None:
        """Options are in report order: reordering them changes the hash."""
        reordered = attrs.evolve(RULESET, options=tuple(reversed(RULESET.options)))
        assert reordered.content_hash != RULESET.content_hash
