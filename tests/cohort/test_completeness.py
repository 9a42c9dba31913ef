"""Completeness: the missing facts of undecided results, ranked by what each would decide."""

from __future__ import annotations

import math
from datetime import date

import pyarrow as pa
import pytest

from allmodel.catalogue import default_ruleset
from allmodel.cohort import STATUS_TABLE_FORMAT
from allmodel.cohort._completeness import MissingFact, completeness
from allmodel.criteria import Op, Option, OptionKind, Threshold
from allmodel.errors import RuleError
from allmodel.facts import fact_spec
from tests.cohort.test_attrition import TRIAL

AS_OF = date(2022, 12, 31)

# lineage, relapsed_or_refractory, age_years; and the rule columns they give.
PATIENTS: list[tuple[str, str | None, bool | None, float | None]] = [
    ("eligible", "b_precursor", True, 40.0),
    ("age only", "b_precursor", True, None),
    ("age and lineage", None, True, None),
    ("excluded", "t", True, None),  # not eligible: its missing age decides nothing
    ("lineage only", None, True, 50.0),
    ("age only again", "b_precursor", True, None),
]


def _holds(value: object, test: bool) -> bool | None:
    return None if value is None else test


def _tables(
    patients: list[tuple[str, str | None, bool | None, float | None]],
) -> tuple[pa.Table, pa.Table]:
    keys = [key for key, *_ in patients]
    as_of = pa.array([AS_OF] * len(patients), pa.date32())
    facts = pa.table(
        {
            "key": keys,
            "as_of": as_of,
            "age_years": pa.array([age for *_, age in patients], pa.float64()),
            "lineage": pa.array([lineage for _, lineage, _, _ in patients], pa.string()),
            "relapsed_or_refractory": pa.array([rr for _, _, rr, _ in patients], pa.bool_()),
        }
    )
    rules = {
        "small_trial.b_lineage": [_holds(lin, lin == "b_precursor") for _, lin, _, _ in patients],
        "small_trial.relapsed": [_holds(rr, rr is True) for _, _, rr, _ in patients],
        "small_trial.adult": [_holds(age, age is not None and age >= 18) for *_, age in patients],
    }
    status = []
    for index in range(len(patients)):
        parts = [rules[name][index] for name in rules]
        status.append(
            "not_eligible" if False in parts else "unknown" if None in parts else "eligible"
        )
    statuses = pa.table(
        {
            "key": keys,
            "as_of": as_of,
            "small_trial": status,
            **{name: pa.array(values, pa.bool_()) for name, values in rules.items()},
        }
    )
    return facts, statuses


class TestRanking:
    def test_facts_rank_by_what_they_decide_alone_then_by_what_they_block(self) -> None:
        """Age alone blocks two results and shares a third; lineage one and shares one."""
        facts, statuses = _tables(PATIENTS)
        found = completeness(facts, statuses, options=[TRIAL])
        assert [(item.fact, item.decides, item.blocks) for item in found.facts] == [
            ("age_years", 2, 3),
            ("lineage", 1, 2),
        ]
        assert (found.results, found.undecided) == (6, 4)
        assert found.options == ("small_trial",)

    def test_each_fact_names_what_to_record(self) -> None:
        """Sources and description come from the fact schema."""
        facts, statuses = _tables(PATIENTS)
        first = completeness(facts, statuses, options=[TRIAL]).facts[0]
        assert first == MissingFact(
            fact="age_years",
            decides=2,
            blocks=3,
            sources=fact_spec("age_years").sources,
            description=fact_spec("age_years").description,
        )

    def test_decided_results_are_never_counted(self) -> None:
        """An excluded patient's missing age is not a gap: the result is decided."""
        facts, statuses = _tables([PATIENTS[0], PATIENTS[3]])
        found = completeness(facts, statuses, options=[TRIAL])
        assert found.facts == ()
        assert found.undecided == 0

    def test_rows_are_matched_by_key_and_date_not_position(self) -> None:
        """A facts table in another order gives the same ranking."""
        facts, statuses = _tables(PATIENTS)
        shuffled = facts.take([5, 3, 1, 0, 4, 2])
        assert completeness(shuffled, statuses, options=[TRIAL]) == completeness(
            facts, statuses, options=[TRIAL]
        )

    def test_records_and_table(self) -> None:
        """One row per fact, sources joined."""
        facts, statuses = _tables(PATIENTS)
        found = completeness(facts, statuses, options=[TRIAL])
        records = found.to_records()
        assert [row["fact"] for row in records] == ["age_years", "lineage"]
        assert records[0]["sources"] == "; ".join(fact_spec("age_years").sources)
        assert found.to_table().to_pylist() == records


REGIMENS = Option(
    id="few_regimens",
    kind=OptionKind.TRIAL,
    name="At most two prior regimens",
    citations=("test ref 1",),
    criteria=Threshold(
        id="at_most_two",
        text="at most 2 prior regimens",
        fact="prior_regimens",
        op=Op.LE,
        value=2,
        unit="count",
    ),
)


class TestIntervals:
    @pytest.mark.parametrize(
        ("lower", "upper", "blocks"),
        [
            (2, math.inf, 1),  # at least 2: inexact, so it blocks
            (2, 2.0, 0),  # exactly 2: known, decides the rule (true), nothing missing
            (None, None, 1),  # unknown
        ],
    )
    def test_an_inexact_interval_fact_is_missing(
        self, lower: int | None, upper: float | None, blocks: int
    ) -> None:
        """A count known only as a lower bound blocks; an exact one does not."""
        truth = None if lower is None or upper != lower else True
        facts = pa.table(
            {
                "key": ["p"],
                "as_of": pa.array([AS_OF], pa.date32()),
                "prior_regimens": pa.array([lower], pa.int64()),
                "prior_regimens__upper": pa.array([upper], pa.float64()),
            }
        )
        statuses = pa.table(
            {
                "key": ["p"],
                "as_of": pa.array([AS_OF], pa.date32()),
                "few_regimens": ["unknown" if truth is None else "eligible"],
                "few_regimens.at_most_two": pa.array([truth], pa.bool_()),
            }
        )
        found = completeness(facts, statuses, options=[REGIMENS])
        assert [item.blocks for item in found.facts] == ([blocks] if blocks else [])


class TestErrors:
    def test_a_missing_fact_column_is_named(self) -> None:
        """The facts table lacks a fact a rule reads."""
        facts, statuses = _tables(PATIENTS)
        with pytest.raises(RuleError, match="'lineage'"):
            completeness(facts.drop_columns(["lineage"]), statuses, options=[TRIAL])

    def test_a_repeated_key_is_refused(self) -> None:
        """Two rows with one (key, as_of) cannot be matched."""
        facts, statuses = _tables(PATIENTS)
        doubled = pa.concat_tables([facts, facts.slice(0, 1)])
        with pytest.raises(RuleError, match="more than once"):
            completeness(doubled, statuses, options=[TRIAL])

    def test_a_missing_key_column_is_named(self) -> None:
        """Without key and as_of, rows cannot be matched."""
        facts, statuses = _tables(PATIENTS)
        with pytest.raises(RuleError, match="'key'"):
            completeness(facts.drop_columns(["key"]), statuses, options=[TRIAL])


class TestMetadata:
    def test_an_unknown_jurisdiction_in_the_metadata_is_refused(self) -> None:
        """A status table naming a jurisdiction allmodel does not know."""
        facts, statuses = _tables(PATIENTS)
        odd = statuses.replace_schema_metadata({"allmodel.jurisdiction": "UK"})
        with pytest.raises(RuleError, match="unknown jurisdiction: 'UK'"):
            completeness(facts, odd, options=[TRIAL])

    def test_the_jurisdiction_in_the_metadata_is_used(self) -> None:
        """A table computed for EU is read for EU; asking for US is refused."""
        facts, statuses = _tables(PATIENTS)
        eu = statuses.replace_schema_metadata(
            {
                "allmodel.format": STATUS_TABLE_FORMAT,
                "allmodel.ruleset_hash": default_ruleset().content_hash,
                "allmodel.jurisdiction": "EU",
            }
        )
        assert completeness(facts, eu, options=[TRIAL]).undecided == 4
        with pytest.raises(RuleError, match="computed for EU, not US"):
            completeness(facts, eu, options=[TRIAL], jurisdiction="US")
