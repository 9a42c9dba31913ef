"""The attrition table: per-rule counts and the cohort after each rule, in three values."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from allmodel.cohort._attrition import AttritionStep, attrition
from allmodel.criteria import All, Is, IsIn, Op, Option, OptionKind, Threshold
from allmodel.errors import RuleError

AS_OF = date(2022, 12, 31)

TRIAL = Option(
    id="small_trial",
    kind=OptionKind.TRIAL,
    name="A small trial",
    citations=("test ref 1",),
    criteria=All(
        id="entry",
        text="entry",
        parts=(
            IsIn(id="b_lineage", text="B-lineage ALL", fact="lineage", values=("b_precursor",)),
            Is(id="relapsed", text="relapsed or refractory", fact="relapsed_or_refractory"),
            Threshold(
                id="adult",
                text="aged 18 or over",
                fact="age_years",
                op=Op.GE,
                value=18,
                unit="years",
            ),
        ),
    ),
)
SINGLE = Option(
    id="single_rule",
    kind=OptionKind.THERAPY,
    name="One rule",
    citations=("test ref 1",),
    criteria=Threshold(
        id="adult", text="aged 18 or over", fact="age_years", op=Op.GE, value=18, unit="years"
    ),
)

# (b_lineage, relapsed, adult) per patient; the status is their Kleene AND.
ROWS: list[tuple[bool | None, bool | None, bool | None]] = [
    (True, True, True),  # eligible
    (True, True, None),  # unknown: age missing
    (True, None, False),  # excluded by the third rule, after an unknown
    (False, True, True),  # excluded by the first
    (None, False, None),  # excluded by the second
    (None, True, True),  # unknown: lineage missing
]


def _status(parts: tuple[bool | None, ...]) -> str:
    if False in parts:
        return "not_eligible"
    return "unknown" if None in parts else "eligible"


def _table(rows: list[tuple[bool | None, bool | None, bool | None]]) -> pa.Table:
    columns: dict[str, pa.Array] = {
        "key": pa.array([f"p{index}" for index in range(len(rows))]),
        "as_of": pa.array([AS_OF] * len(rows), pa.date32()),
        "small_trial": pa.array([_status(row) for row in rows]),
    }
    for position, rule in enumerate(("b_lineage", "relapsed", "adult")):
        columns[f"small_trial.{rule}"] = pa.array([row[position] for row in rows], pa.bool_())
    return pa.table(columns)


class TestAttrition:
    def test_counts_each_rule_and_the_cohort_after_it(self) -> None:
        """Each step counts its rule, and the cohort after all rules so far."""
        result = attrition(_table(ROWS), TRIAL)
        assert result.steps == (
            AttritionStep(
                rule="b_lineage",
                text="B-lineage ALL",
                passed=3,
                failed=1,
                unknown=2,
                remaining=3,
                excluded=1,
                undecided=2,
                newly_excluded=1,
            ),
            AttritionStep(
                rule="relapsed",
                text="relapsed or refractory",
                passed=4,
                failed=1,
                unknown=1,
                remaining=2,
                excluded=2,
                undecided=2,
                newly_excluded=1,
            ),
            AttritionStep(
                rule="adult",
                text="aged 18 or over",
                passed=3,
                failed=1,
                unknown=2,
                remaining=1,
                excluded=3,
                undecided=2,
                newly_excluded=1,
            ),
        )

    def test_the_last_step_is_the_option_status(self) -> None:
        """After the last rule, remaining/excluded/undecided are the status counts."""
        result = attrition(_table(ROWS), TRIAL)
        last = result.steps[-1]
        assert (result.eligible, result.not_eligible, result.unknown) == (1, 3, 2)
        assert (last.remaining, last.excluded, last.undecided) == (1, 3, 2)
        assert result.patients == len(ROWS)

    def test_an_unknown_before_a_failure_still_counts_the_failure(self) -> None:
        """A rule that fails after an unknown one excludes the patient (false AND unknown)."""
        result = attrition(_table([(True, None, False)]), TRIAL)
        assert [step.undecided for step in result.steps] == [0, 1, 0]
        assert [step.newly_excluded for step in result.steps] == [0, 0, 1]

    def test_an_option_whose_root_is_not_all_has_one_rule(self) -> None:
        """The root itself is the one top-level rule."""
        table = pa.table(
            {
                "key": ["a", "b", "c"],
                "as_of": pa.array([AS_OF] * 3, pa.date32()),
                "single_rule": ["eligible", "unknown", "not_eligible"],
                "single_rule.adult": pa.array([True, None, False], pa.bool_()),
            }
        )
        result = attrition(table, SINGLE)
        assert [step.rule for step in result.steps] == ["adult"]
        assert (result.eligible, result.not_eligible, result.unknown) == (1, 1, 1)

    def test_an_empty_cohort_counts_nothing(self) -> None:
        """No rows: every count is zero."""
        result = attrition(_table([]), TRIAL)
        assert result.patients == 0
        assert all(step.passed == step.remaining == 0 for step in result.steps)

    def test_records_and_table_carry_every_step(self) -> None:
        """to_records and to_table hold one row per rule with the option id."""
        result = attrition(_table(ROWS), TRIAL)
        records = result.to_records()
        assert [row["rule"] for row in records] == ["b_lineage", "relapsed", "adult"]
        assert all(row["option"] == "small_trial" for row in records)
        assert result.to_table().to_pylist() == records

    def test_a_status_column_that_disagrees_is_refused(self) -> None:
        """A table not computed from these criteria is an error, not a silent count."""
        table = _table(ROWS)
        wrong = table.set_column(
            table.column_names.index("small_trial"),
            "small_trial",
            pa.array(["eligible"] * len(ROWS)),
        )
        with pytest.raises(RuleError, match="disagrees"):
            attrition(wrong, TRIAL)

    def test_a_missing_rule_column_names_it(self) -> None:
        """The error names the missing column."""
        table = _table(ROWS).drop_columns(["small_trial.relapsed"])
        with pytest.raises(RuleError, match=r"small_trial\.relapsed"):
            attrition(table, TRIAL)

    def test_an_unknown_option_id_is_an_error(self) -> None:
        """An id in neither the ruleset nor the extra options."""
        with pytest.raises(RuleError, match="no_such_option"):
            attrition(_table(ROWS), "no_such_option")
