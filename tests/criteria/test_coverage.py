"""Coverage: each condition of a source, and what an option's criteria do with it.

The rules are refusals with the field named (a status without what it needs, an excluding
condition marked not encoded, a rule that is not a node, a source id nobody can resolve),
the JSON round trip, and that coverage never changes an evaluation.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest

from allmodel.catalogue import default_ruleset
from allmodel.criteria import (
    All,
    Coverage,
    CoverageStatus,
    Is,
    Not,
    Option,
    OptionKind,
    Threshold,
    load_criteria,
    option_from_dict,
    option_to_dict,
)
from allmodel.criteria import Op as Compare
from allmodel.errors import DocumentError, ValidationError
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse


def option(*coverage: Coverage) -> Option:
    """A small option whose tree has the nodes ``entry``, ``adult`` and ``no_gvhd``."""
    return Option(
        id="small_trial",
        kind=OptionKind.TRIAL,
        name="Small trial",
        criteria=All(
            id="entry",
            text="entry criteria",
            parts=(
                Threshold(
                    id="adult",
                    text="aged 18 or over",
                    fact="age_years",
                    op=Compare.GE,
                    value=18,
                    unit="years",
                    citations=("review-ref-7",),
                ),
                Not(
                    id="no_gvhd",
                    text="no active GVHD",
                    part=Is(id="gvhd", text="active GVHD", fact="active_gvhd"),
                ),
            ),
        ),
        citations=("review",),
        coverage=coverage,
    )


def entry(**changes: Any) -> Coverage:
    """An encoded entry for the adult rule, with ``changes``."""
    fields: dict[str, Any] = {
        "source": "review-ref-7",
        "condition": "adults",
        "excluding": True,
        "status": CoverageStatus.ENCODED,
        "rule": "adult",
    }
    fields.update(changes)
    return Coverage(**fields)


def refusal(**changes: Any) -> list[tuple[str, str]]:
    """The (field, message) pairs a coverage entry with ``changes`` is refused with."""
    with pytest.raises(ValidationError) as caught:
        entry(**changes)
    return [(p.path, p.message) for p in caught.value.problems]


class TestStatuses:
    """What each status needs."""

    def test_encoded_needs_a_rule(self) -> None:
        """Encoded without a rule is refused at 'rule'."""
        assert refusal(rule=None) == [("rule", "is required when the status is 'encoded'")]

    def test_encoded_may_explain(self) -> None:
        """An encoded entry may carry a reason (how it is encoded)."""
        assert entry(reason="the team's recorded judgement").reason is not None

    @pytest.mark.parametrize(
        "status",
        [CoverageStatus.NOT_APPLICABLE, CoverageStatus.NOT_ENCODED, CoverageStatus.UNCONFIRMED],
    )
    def test_others_need_a_reason(self, status: CoverageStatus) -> None:
        """Not applicable, not encoded and unconfirmed need a reason, at 'reason'."""
        problems = refusal(status=status, rule=None, excluding=False)
        assert problems == [("reason", f"is required when the status is {status.value!r}")]

    def test_not_applicable_may_name_a_rule(self) -> None:
        """A not-applicable entry may point at the branch it concerns."""
        found = entry(status=CoverageStatus.NOT_APPLICABLE, reason="children only")
        assert found.rule == "adult"

    @pytest.mark.parametrize("status", [CoverageStatus.NOT_ENCODED, CoverageStatus.UNCONFIRMED])
    def test_nothing_encodes_the_unencoded(self, status: CoverageStatus) -> None:
        """Not encoded and unconfirmed entries name no rule."""
        problems = refusal(status=status, reason="left out", excluding=False)
        assert problems == [("rule", f"must be absent when the status is {status.value!r}")]

    def test_excluding_is_never_not_encoded(self) -> None:
        """An excluding condition marked not encoded is refused, at 'status'."""
        problems = refusal(status=CoverageStatus.NOT_ENCODED, rule=None, reason="too hard")
        assert problems == [
            (
                "status",
                "is never 'not_encoded' for an excluding condition: encode it, or say why it"
                " is not applicable, or list it as unconfirmed",
            )
        ]

    def test_non_excluding_may_be_not_encoded(self) -> None:
        """A condition that can only add patients (cost, logistics) may be left out."""
        found = entry(
            status=CoverageStatus.NOT_ENCODED, rule=None, reason="never excludes", excluding=False
        )
        assert found.status is CoverageStatus.NOT_ENCODED

    def test_excluding_may_be_unconfirmed(self) -> None:
        """An exclusion the project could not confirm is listed as unconfirmed."""
        found = entry(status=CoverageStatus.UNCONFIRMED, rule=None, reason="not confirmed")
        assert found.excluding


class TestFields:
    """Field checks, each naming its field."""

    def test_unknown_source(self) -> None:
        """A source id the registry does not know is refused at 'source'."""
        assert refusal(source="review-ref-999") == [
            ("source", "unknown source id 'review-ref-999'")
        ]

    def test_free_text_source(self) -> None:
        """A citation string is not a source id."""
        [(path, message)] = refusal(source="review ref 7")
        assert path == "source"
        assert message.startswith("must be a source id")

    def test_blank_condition(self) -> None:
        """The condition must say something."""
        assert refusal(condition="  ") == [("condition", "must not be blank, got '  '")]

    def test_blank_reason(self) -> None:
        """A reason, when given, must say something."""
        assert refusal(reason="") == [("reason", "must not be blank, got ''")]

    def test_every_source_kind_resolves(self) -> None:
        """The review, a reference and a decision are all sources."""
        for source in ("review", "review-ref-62", "decision-11"):
            assert entry(source=source).source == source


class TestOption:
    """The option checks its coverage against its tree."""

    def test_rule_must_be_a_node(self) -> None:
        """An encoded entry naming no node of the tree is refused at its index."""
        with pytest.raises(ValidationError) as caught:
            option(entry(), entry(condition="no GVHD", rule="no_such_node"))
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("coverage[1].rule", "'no_such_node' is not a node of the option's criteria")
        ]

    def test_any_node_counts(self) -> None:
        """The root, a top-level rule and a node inside a Not may all be named."""
        found = option(
            entry(condition="the trial", rule="entry"),
            entry(),
            entry(condition="no GVHD", rule="gvhd"),
        )
        assert [item.rule for item in found.coverage] == ["entry", "adult", "gvhd"]

    def test_repeated_condition(self) -> None:
        """The same condition of the same source twice is refused."""
        with pytest.raises(ValidationError) as caught:
            option(entry(), entry(rule="no_gvhd"))
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("coverage[1]", "repeats the condition 'adults' of 'review-ref-7'")
        ]

    def test_default_is_empty(self) -> None:
        """Options without coverage have none (the default)."""
        assert option().coverage == ()

    def test_never_changes_evaluation(self) -> None:
        """Screening gives the same status with or without coverage."""
        patient = adult_in_relapse()
        bare = option()
        covered = option(entry(), entry(condition="no GVHD", rule="no_gvhd"))
        for jurisdiction in ("US", "EU"):
            plain = screen(patient, as_of=AS_OF, options=[bare], jurisdiction=jurisdiction)
            full = screen(patient, as_of=AS_OF, options=[covered], jurisdiction=jurisdiction)
            assert plain[bare.id].status is full[covered.id].status
            assert plain[bare.id].evaluation == full[covered.id].evaluation


class TestJson:
    """The JSON form."""

    def test_round_trip(self) -> None:
        """option_to_dict and option_from_dict are inverse with coverage."""
        found = option(
            entry(),
            entry(
                source="decision-9",
                condition="prior CD19-directed therapy",
                status=CoverageStatus.UNCONFIRMED,
                rule=None,
                reason="not confirmed in the registry record",
            ),
        )
        document = option_to_dict(found)
        assert document["coverage"] == [
            {
                "source": "review-ref-7",
                "condition": "adults",
                "excluding": True,
                "status": "encoded",
                "rule": "adult",
            },
            {
                "source": "decision-9",
                "condition": "prior CD19-directed therapy",
                "excluding": True,
                "status": "unconfirmed",
                "reason": "not confirmed in the registry record",
            },
        ]
        assert option_from_dict(document) == found
        assert load_criteria(document) == found

    def test_empty_is_left_out(self) -> None:
        """No "coverage" key when there is none, so existing documents are unchanged; every
        option of the default ruleset has coverage, so each has the key."""
        assert "coverage" not in option_to_dict(option())
        assert all("coverage" in option_to_dict(o) for o in default_ruleset().options)

    def test_problems_have_paths(self) -> None:
        """Every broken entry is reported at its JSON path, all at once."""
        document = option_to_dict(option(entry()))
        bad = copy.deepcopy(document)
        bad["coverage"] = [
            {"source": "review-ref-7", "condition": "adults", "status": "encoded"},
            {
                "source": "review-ref-7",
                "condition": "kids",
                "excluding": True,
                "status": "not_encoded",
                "reason": "x",
            },
            {
                "source": "nope-1",
                "condition": "c",
                "excluding": False,
                "status": "maybe",
            },
        ]
        with pytest.raises(DocumentError) as caught:
            load_criteria(bad)
        found = {(p.path, p.message) for p in caught.value.problems}
        assert ("$.coverage[0].excluding", "required field missing") in found
        assert any(path == "$.coverage[1].status" for path, _ in found)
        assert any(
            path == "$.coverage[2].status" and "'maybe' is not one of" in message
            for path, message in found
        )

    def test_rule_not_in_tree(self) -> None:
        """A rule that is not a node is refused at its JSON path."""
        document = option_to_dict(option(entry()))
        document["coverage"][0]["rule"] = "elsewhere"
        with pytest.raises(DocumentError) as caught:
            load_criteria(document)
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("$.coverage[0].rule", "'elsewhere' is not a node of the option's criteria")
        ]

    def test_evolve_rechecks(self) -> None:
        """attrs.evolve runs the checks again (a frozen value stays valid)."""
        with pytest.raises(ValidationError):
            attrs.evolve(option(), coverage=(entry(rule="missing"),))
