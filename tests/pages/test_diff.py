"""diff_rulesets and diff_options: exactly the changes made, each where it was made."""

from __future__ import annotations

import json
import typing
from typing import cast

import attrs
import pytest

from allmodel.catalogue import default_ruleset
from allmodel.criteria import (
    Any,
    AtLeast,
    Coverage,
    CoverageStatus,
    Jurisdiction,
    Node,
    Op,
    Option,
    Threshold,
    ruleset_from_dict,
    ruleset_to_dict,
    walk,
)
from allmodel.facts import ValidityPolicy
from allmodel.pages import Change, ChangeKind, FieldChange, diff_options, diff_rulesets
from tests.criteria.edits import edit_node, remove_node, replace_option
from tests.pages.examples import LABELLED, TRIAL

DEFAULT = default_ruleset()


def first_threshold(option: Option) -> Threshold:
    """The first threshold of an option's tree."""
    return next(node for node in walk(option.criteria) if isinstance(node, Threshold))


def changed_node(option: Option, node_id: str, **changes: object) -> Option:
    """``option`` with the node ``node_id`` evolved by ``changes``."""

    def change(node: Node) -> Node:
        evolved: Node = attrs.evolve(cast("typing.Any", node), **changes)
        return evolved

    return attrs.evolve(option, criteria=edit_node(option.criteria, node_id, change))


class TestDefault:
    """The default ruleset against itself and against a copy with four changes."""

    def test_itself(self) -> None:
        """No changes; the text says so."""
        diff = diff_rulesets(DEFAULT, DEFAULT)
        assert not diff
        assert diff.changes == ()
        name = f"{DEFAULT.name} {DEFAULT.version}"
        assert diff.to_text() == f"{name} -> {name}\nno changes"

    def test_round_trip(self) -> None:
        """A dumped and loaded copy is the same (18 and 18.0 are one value)."""
        loaded = ruleset_from_dict(json.loads(json.dumps(ruleset_to_dict(DEFAULT))))
        assert diff_rulesets(DEFAULT, loaded).changes == ()

    def test_four_changes_exactly(self) -> None:
        """One threshold, one citation, one node removed, one option added: those four."""
        blina = DEFAULT.option("blinatumomab")
        modified = replace_option(
            DEFAULT, "blinatumomab", lambda o: changed_node(o, "eu_adult", value=21)
        )
        modified = replace_option(
            modified,
            "zuma_3",
            lambda o: attrs.evolve(o, citations=(*o.citations[:-1], "decision-9")),
        )
        modified = replace_option(
            modified,
            "tower",
            lambda o: attrs.evolve(o, criteria=remove_node(o.criteria, "cr1_under_12_months")),
        )
        extra = attrs.evolve(blina, id="blinatumomab_local", name="A local copy")
        modified = attrs.evolve(modified, options=(*modified.options, extra))
        zuma = DEFAULT.option("zuma_3")
        diff = diff_rulesets(DEFAULT, modified)
        assert diff.changes == (
            Change(
                kind=ChangeKind.CHANGED,
                option="blinatumomab",
                node="eu_adult",
                fields=(FieldChange(field="value", old=18, new=21),),
            ),
            Change(
                kind=ChangeKind.REMOVED,
                option="tower",
                node="cr1_under_12_months",
                parent="early_untreated_first_relapse",
            ),
            Change(
                kind=ChangeKind.CHANGED,
                option="zuma_3",
                fields=(
                    FieldChange(
                        field="citations",
                        old=list(zuma.citations),
                        new=[*zuma.citations[:-1], "decision-9"],
                    ),
                ),
            ),
            Change(kind=ChangeKind.ADDED, option="blinatumomab_local"),
        )
        name = f"{DEFAULT.name} {DEFAULT.version}"
        assert diff.to_text().splitlines() == [
            f"{name} -> {name}",
            "blinatumomab: node eu_adult changed: value: 18 -> 21",
            "tower: node cr1_under_12_months removed (part of early_untreated_first_relapse)",
            f"option zuma_3 changed: citations: -{zuma.citations[-1]!r} +'decision-9'",
            "option blinatumomab_local added",
        ]


class TestNodes:
    """Node changes, field by field."""

    def test_threshold_fields(self) -> None:
        """Operator and value are each named; so is a unit (as written)."""
        node = first_threshold(TRIAL)
        new = changed_node(TRIAL, node.id, op=Op.GT, value=17)
        [change] = diff_options(TRIAL, new).changes
        assert change.fields == (
            FieldChange(field="op", old=">=", new=">"),
            FieldChange(field="value", old=18, new=17),
        )
        platelets = Threshold(
            id="platelets", text="platelets", fact="platelets", op=Op.GE, value=50, unit="10^9/L"
        )
        per_microlitre = attrs.evolve(
            platelets, value=50000, unit="/uL"
        )  # the same rule, rewritten
        old = attrs.evolve(TRIAL, criteria=platelets)
        [change] = diff_options(old, attrs.evolve(old, criteria=per_microlitre)).changes
        assert [item.field for item in change.fields] == ["value", "unit"]

    def test_text_and_citations(self) -> None:
        """Text and citations of a node."""
        new = changed_node(TRIAL, "ecog", text="ECOG 0 or 1", citations=("review-ref-7",))
        [change] = diff_options(TRIAL, new).changes
        assert str(change) == (
            "small_trial: node ecog changed: text: 'ECOG 0-1' -> 'ECOG 0 or 1';"
            " citations: +'review-ref-7'"
        )

    def test_values_count_jurisdictions(self) -> None:
        """Category values, AtLeast count, and a guard's jurisdictions."""
        new = changed_node(
            TRIAL, "after_hct", values=("relapse_after_allogeneic_hct", "first_relapse")
        )
        new = changed_node(new, "two_of_three", count=3)
        new = changed_node(new, "eu_only", jurisdictions=(Jurisdiction.US, Jurisdiction.EU))
        found = {
            change.node: [f.field for f in change.fields] for change in diff_options(TRIAL, new)
        }
        assert found == {
            "after_hct": ["values"],
            "two_of_three": ["count"],
            "eu_only": ["jurisdictions"],
        }

    def test_parts_order(self) -> None:
        """Reordered parts are one change of their parent, nothing else."""

        def swap(node: Node) -> Node:
            assert isinstance(node, AtLeast)
            return attrs.evolve(node, parts=(node.parts[1], node.parts[0], *node.parts[2:]))

        new = attrs.evolve(TRIAL, criteria=edit_node(TRIAL.criteria, "two_of_three", swap))
        [change] = diff_options(TRIAL, new).changes
        assert (change.node, change.fields[0].field) == ("two_of_three", "parts order")
        assert change.fields[0].new[:2] == ["prior_second_generation_tki", "prior_imatinib"]

    def test_removed_subtree_once(self) -> None:
        """A composite removed is one change, listing what went with it."""
        new = attrs.evolve(TRIAL, criteria=remove_node(TRIAL.criteria, "no_prior_cd19"))
        [change] = diff_options(TRIAL, new).changes
        assert change == Change(
            kind=ChangeKind.REMOVED,
            option="small_trial",
            node="no_prior_cd19",
            parent="entry",
            below=("prior_cd19", "prior_cd19_directed", "prior_car_t"),
        )

    def test_added(self) -> None:
        """A node added is reported with its parent, after the changes."""
        old = attrs.evolve(TRIAL, criteria=remove_node(TRIAL.criteria, "ecog"))
        [change] = diff_options(old, TRIAL).changes
        assert str(change) == "small_trial: node ecog added (part of entry)"

    def test_moved(self) -> None:
        """A node under another parent: its parent changed."""
        moved = changed_node(LABELLED, "eu_label", parts=LABELLED_EU_PARTS_WITHOUT_PH)
        moved = changed_node(
            moved,
            "labelled",
            parts=(*moved.criteria.parts, EU_PH),  # type: ignore[union-attr]
        )
        [change] = diff_options(LABELLED, moved).changes
        assert (change.node, change.fields) == (
            "eu_ph",
            (FieldChange(field="parent", old="eu_label", new="labelled"),),
        )

    def test_kind_change(self) -> None:
        """A node of another kind with the same id: its kind and the fields that differ."""

        def to_any(node: Node) -> Node:
            return Any(id=node.id, text=node.text, parts=node.parts)  # type: ignore[union-attr]

        other = attrs.evolve(TRIAL, criteria=edit_node(TRIAL.criteria, "two_of_three", to_any))
        [change] = diff_options(TRIAL, other).changes
        assert change.fields == (
            FieldChange(field="kind", old="at_least", new="any"),
            FieldChange(field="count", old=2, new=None),
        )


class TestOptionFields:
    """Fields of the option itself."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", "Renamed"),
            ("citations", ("review-ref-30", "decision-2")),
            ("registry_ids", ()),
            ("notes", ("A new note.",)),
            (
                "coverage",
                (
                    Coverage(
                        source="review",
                        condition="adults",
                        excluding=True,
                        status=CoverageStatus.ENCODED,
                        rule="adult",
                    ),
                ),
            ),
        ],
    )
    def test_each_field(self, field: str, value: object) -> None:
        """One change of the option naming the field."""
        changed: Option = attrs.evolve(cast("typing.Any", TRIAL), **{field: value})
        [change] = diff_options(TRIAL, changed).changes
        assert (change.kind, change.option, change.node) == (
            ChangeKind.CHANGED,
            "small_trial",
            None,
        )
        assert [item.field for item in change.fields] == [field]

    def test_notes_text(self) -> None:
        """List fields show what was removed and added."""
        new = attrs.evolve(LABELLED, notes=(LABELLED.notes[0], "Another note."))
        [change] = diff_options(LABELLED, new).changes
        assert (
            str(change)
            == "option labelled changed: notes: -'A note without markers.' +'Another note.'"
        )

    def test_other_id(self) -> None:
        """Two options with different ids: one removed, one added."""
        diff = diff_options(TRIAL, LABELLED)
        assert [str(change) for change in diff] == [
            "option small_trial removed",
            "option labelled added",
        ]


class TestRulesetFields:
    """The ruleset's own fields."""

    def test_version_validity_order(self) -> None:
        """Version, validity windows and the order of options are changes of the ruleset."""
        changed = attrs.evolve(
            DEFAULT,
            version="2.1.0",
            validity=ValidityPolicy(chemistry=7),
            options=(DEFAULT.options[1], DEFAULT.options[0], *DEFAULT.options[2:]),
        )
        [change] = diff_rulesets(DEFAULT, changed).changes
        assert change.option is None
        assert [item.field for item in change.fields] == ["version", "validity", "options order"]
        assert str(change).startswith(
            f"ruleset changed: version: {DEFAULT.version!r} -> '2.1.0';"
            " validity: chemistry: 14 -> 7; options order: "
        )

    def test_option_removed(self) -> None:
        """An option left out is removed."""
        smaller = attrs.evolve(DEFAULT, options=DEFAULT.options[1:])
        assert [str(c) for c in diff_rulesets(DEFAULT, smaller)] == ["option blinatumomab removed"]

    def test_to_dict(self) -> None:
        """The JSON form lists the same changes."""
        new = changed_node(TRIAL, "ecog", value=2)
        assert diff_options(TRIAL, new).to_dict() == {
            "old": "small_trial",
            "new": "small_trial",
            "changes": [
                {
                    "kind": "changed",
                    "option": "small_trial",
                    "node": "ecog",
                    "fields": [{"field": "value", "old": 1, "new": 2}],
                }
            ],
        }


EU_PH = next(node for node in walk(LABELLED.criteria) if node.id == "eu_ph")
LABELLED_EU_PARTS_WITHOUT_PH = tuple(
    part
    for node in walk(LABELLED.criteria)
    if node.id == "eu_label"
    for part in node.parts  # type: ignore[union-attr]
    if part.id != "eu_ph"
)
