"""The evidence of an evaluation: failed(), unknown() and missing_fields() explain a result."""

from __future__ import annotations

import math

from allmodel.criteria import All, AtLeast, Is, Known, NodeResult, Not, Op, evaluate
from allmodel.criteria import Any as AnyOf
from tests.criteria.rows import EMPTY, US, F, T, U, part, parts, row, threshold

# --- NodeResult --------------------------------------------------------------------------

PREGNANT = Is(id="pregnant", text="pregnant", fact="pregnant")


def ids(nodes: tuple[NodeResult, ...]) -> list[str]:
    """The ids of some results."""
    return [node.id for node in nodes]


class TestNodeResult:
    """failed(), unknown() and missing_fields() explain a result."""

    def test_false_all_lists_only_false_parts(self) -> None:
        """A false All lists its false parts, not its true or unknown ones."""
        node = All(id="entry", text="entry", parts=parts("TFUF"))
        result = evaluate(node, EMPTY, US)
        assert result.status is F
        assert ids(result.failed()) == ["p1", "p3"]
        assert result.unknown() == ()
        assert result.missing_fields() == ()

    def test_a_failed_any_reports_its_own_text(self) -> None:
        """A false Any is the failed criterion: no single one of its parts is the reason.

        Regression: TOWER's "refractory, untreated first relapse with CR1 < 12 months, ..."
        was reported as its first part, "refractory to primary induction: no".
        """
        inner = AnyOf(id="either", text="either", parts=(part("F", 1), part("F", 2)))
        node = All(id="entry", text="entry", parts=(part("T", 0), inner))
        (failed,) = evaluate(node, EMPTY, US).failed()
        assert (failed.id, failed.text, [c.id for c in failed.children]) == (
            "either",
            "either",
            ["p1", "p2"],
        )

    def test_failed_descends_into_all_groups(self) -> None:
        """Failed leaves inside a false All nested in an All are listed in order."""
        inner = All(id="both", text="both", parts=(part("F", 1), part("F", 2)))
        node = All(id="entry", text="entry", parts=(part("T", 0), inner))
        assert ids(evaluate(node, EMPTY, US).failed()) == ["p1", "p2"]

    def test_not_reports_itself(self) -> None:
        """A false Not is the failed criterion, not its (true) part."""
        prior = Is(id="prior_blina", text="had blinatumomab", fact="prior_blinatumomab")
        node = All(
            id="entry",
            text="entry",
            parts=(Not(id="no_prior_blina", text="no prior blinatumomab", part=prior),),
        )
        result = evaluate(node, row(prior_blinatumomab=True), US)
        (failed,) = result.failed()
        assert (failed.id, failed.kind, failed.observed, failed.expected) == (
            "no_prior_blina",
            "not",
            "yes",
            "not yes",
        )

    def test_false_leaf_is_its_own_failure(self) -> None:
        """A false leaf lists itself."""
        result = evaluate(part("F", 0), EMPTY, US)
        assert ids(result.failed()) == ["p0"]

    def test_at_least_reports_itself(self) -> None:
        """A false AtLeast is reported by its own text (its parts are in its children)."""
        node = AtLeast(id="k", text="two of three", count=2, parts=parts("TFF"))
        (failed,) = evaluate(node, EMPTY, US).failed()
        assert (failed.id, [c.status for c in failed.children]) == ("k", [T, F, F])

    def test_unknown_lists_only_unknown_leaves(self) -> None:
        """An unknown All lists the unknown leaves, through groups, and no true or false ones."""
        either = AnyOf(
            id="either",
            text="either",
            parts=(Known(id="ecog_known", text="ECOG", fact="ecog"), part("F", 9)),
        )
        node = All(
            id="entry",
            text="entry",
            parts=(
                part("T", 0),
                PREGNANT,
                either,
                Is(id="not_pregnant", text="not pregnant", fact="pregnant", value=False),
            ),
        )
        result = evaluate(node, EMPTY, US)
        assert result.status is U
        assert ids(result.unknown()) == ["pregnant", "ecog_known", "not_pregnant"]
        assert result.failed() == ()

    def test_missing_fields_without_repeats(self) -> None:
        """Two unknown leaves on one fact name its fields once, in first-seen order."""
        node = All(
            id="entry",
            text="entry",
            parts=(
                PREGNANT,
                Known(id="ecog_known", text="ECOG", fact="ecog"),
                Is(id="not_pregnant", text="not pregnant", fact="pregnant", value=False),
            ),
        )
        assert evaluate(node, EMPTY, US).missing_fields() == ("pregnant", "ecog")

    def test_unknown_under_not(self) -> None:
        """An unknown Not lists the unknown leaf below it."""
        node = Not(id="not_pregnant", text="not pregnant", part=PREGNANT)
        result = evaluate(node, EMPTY, US)
        assert ids(result.unknown()) == ["pregnant"]
        assert result.missing_fields() == ("pregnant",)

    def test_true_explains_nothing(self) -> None:
        """A true result has no failed or unknown criteria and no missing fields."""
        node = AnyOf(id="either", text="either", parts=(PREGNANT, part("T", 1)))
        result = evaluate(node, EMPTY, US)
        assert (result.status, result.failed(), result.unknown(), result.missing_fields()) == (
            T,
            (),
            (),
            (),
        )

    def test_decided_leaves_have_no_missing(self) -> None:
        """Only unknown leaves name missing fields."""
        result = evaluate(PREGNANT, row(pregnant=False), US)
        assert (result.status, result.missing, result.observed) == (F, (), "no")

    def test_lower_bound_missing_names_history(self) -> None:
        """An undecided count names the treatment history as what would decide it."""
        facts = row(upper={"prior_regimens": math.inf}, prior_regimens=1)
        result = evaluate(threshold(Op.LE, 2), facts, US)
        assert result.status is U
        assert result.missing == ("course.treatment_lines", "course.history_complete")
