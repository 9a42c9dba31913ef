"""Each kind of node compiled to SQL gives its rule's truth (``_semantics``) on DuckDB,
at, below and above every constant, for exact, interval and unknown facts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import duckdb
import pyarrow as pa
import pytest

from allmodel.catalogue import default_ruleset
from allmodel.cohort import compile_sql, status_columns
from allmodel.cohort._sql import criterion_sql
from allmodel.criteria import (
    All,
    Any,
    AtLeast,
    Constant,
    Context,
    InJurisdiction,
    Is,
    IsIn,
    Jurisdiction,
    Known,
    Node,
    Not,
    Op,
    Option,
    OptionKind,
    Threshold,
    compile_criterion,
)
from allmodel.errors import ArgumentError
from allmodel.examples import local_trial
from allmodel.facts import fact_spec
from tests.cohort.rows import Row, row, row_of, table_of

US = Context(as_of=date.min, jurisdiction=Jurisdiction.US)
EU = Context(as_of=date.min, jurisdiction=Jurisdiction.EU)
INF = math.inf


def _relation(query: str, facts: pa.Table) -> duckdb.DuckDBPyRelation:
    """DuckDB's relation of ``query`` over the fact table ``facts``."""
    connection = duckdb.connect()
    connection.register("facts", facts)
    return connection.sql(query)


def sql_truths(node: Node, rows: Sequence[Row], context: Context = US) -> list[int]:
    """The truth DuckDB computes for ``node`` on each row (0 false, 1 unknown, 2 true)."""
    expression = criterion_sql(node, context).sql(dialect="duckdb")
    found = _relation(f"SELECT {expression} AS t FROM facts", table_of(rows)).fetchall()
    return [1 if truth is None else 2 * int(truth) for (truth,) in found]


def rule_truths(node: Node, rows: Sequence[Row], context: Context = US) -> list[int]:
    """The truth the rule of :mod:`allmodel.criteria._semantics` gives on each row."""
    run = compile_criterion(node, context)
    return [run(low, high) for low, high in rows]


def threshold_rows(fact: str, c: float, interval: bool) -> list[Row]:
    """Rows at, below and above ``c``; with ``interval``, intervals on each side of it,
    across it, ending or starting at it, unbounded above, and infinite."""
    step = 1.0
    exact = [row_of({fact: value}) for value in (c - step, c, c + step)]
    rows = [row(), *exact]
    if interval:
        for low, high in (
            (c - 2 * step, c - step),
            (c - step, c),
            (c - step, c + step),
            (c, c),
            (c, c + step),
            (c + step, c + 2 * step),
            (c - step, INF),
            (c, INF),
            (c + step, INF),
            (INF, INF),
            (0.0, c - step),
        ):
            rows.append(row_of({fact: low}, {fact: high}))
    return rows


FACTS_UNDER_TEST = (
    ("platelets", 50.0, True),  # a number known as an interval
    ("prior_regimens", 2.0, True),  # an integer count, [n, inf] when the history is open
    ("days_since_radiotherapy_or_immunotherapy", 14.0, True),  # [inf, inf]: never
    ("age_years", 18.0, False),  # an integer, exact
    ("lvef_percent", 40.0, False),  # a number, exact
)


class TestThreshold:
    """fact op c, for the five operators, as the rule reads the interval."""

    @pytest.mark.parametrize("op", list(Op))
    @pytest.mark.parametrize(("fact", "c", "interval"), FACTS_UNDER_TEST)
    def test_matches_the_rule(self, op: Op, fact: str, c: float, interval: bool) -> None:
        """At, below and above the constant; exact, interval, unbounded, unknown."""
        node = Threshold(id="t", text="t", fact=fact, op=op, value=c, unit=_unit(fact))
        rows = threshold_rows(fact, c, interval)
        assert sql_truths(node, rows) == rule_truths(node, rows)

    def test_an_interval_straddling_the_constant_is_unknown(self) -> None:
        """[1, inf] prior regimens: >= 1 true, >= 2 unknown, <= 0 false."""
        rows = [row(upper={"prior_regimens": INF}, prior_regimens=1.0)]
        truths = [
            sql_truths(
                Threshold(id="t", text="t", fact="prior_regimens", op=op, value=v, unit="count"),
                rows,
            )[0]
            for op, v in ((Op.GE, 1), (Op.GE, 2), (Op.LE, 0), (Op.EQ, 5), (Op.EQ, 0))
        ]
        assert truths == [2, 1, 0, 1, 0]

    def test_a_fraction_constant_is_compared_exactly(self) -> None:
        """MRD 1e-3 and 0.001 exactly at the constant: a double literal, not a decimal."""
        node = Threshold(id="t", text="t", fact="mrd_level", op=Op.GE, value=0.001, unit="fraction")
        rows = [row(mrd_level=0.001), row(mrd_level=math.nextafter(0.001, 0.0))]
        assert sql_truths(node, rows) == rule_truths(node, rows) == [2, 0]

    def test_the_constant_is_in_the_facts_unit(self) -> None:
        """50,000 /uL is 50 10^9/L."""
        node = Threshold(id="t", text="t", fact="platelets", op=Op.GE, value=50000, unit="/uL")
        rows = [row(platelets=50.0), row(platelets=49.9)]
        assert sql_truths(node, rows) == [2, 0]


def _unit(fact: str) -> str | None:
    return fact_spec(fact).unit


class TestLeaves:
    """IsIn, Is and Known: NULL when the fact is unknown, Known never false."""

    def test_is_in(self) -> None:
        """In the set, outside it, unknown."""
        node = IsIn(id="l", text="l", fact="lineage", values=("b_precursor",))
        rows = [row(lineage="b_precursor"), row(lineage="t"), row()]
        assert sql_truths(node, rows) == rule_truths(node, rows) == [2, 0, 1]

    @pytest.mark.parametrize("value", [True, False])
    def test_is(self, value: bool) -> None:
        """Yes, no and unknown against yes or no."""
        node = Is(id="b", text="b", fact="prior_blinatumomab", value=value)
        rows = [row(prior_blinatumomab=True), row(prior_blinatumomab=False), row()]
        assert sql_truths(node, rows) == rule_truths(node, rows)

    @pytest.mark.parametrize("fact", ["ecog", "platelets", "sex", "pregnant"])
    def test_known(self, fact: str) -> None:
        """True when known, unknown (never false) when not."""
        node = Known(id="k", text="k", fact=fact)
        value = {"ecog": 1, "platelets": 20.0, "sex": "female", "pregnant": False}[fact]
        rows = [row_of({fact: value}), row()]
        assert sql_truths(node, rows) == rule_truths(node, rows) == [2, 1]


def _three(index: int) -> Node:
    facts = ("ecog", "relapse_count", "salvage_lines")
    return Threshold(
        id=f"p{index}",
        text="p",
        fact=facts[index],
        op=Op.LE,
        value=0,
        unit=None if index == 0 else "count",
    )


def _letter_rows() -> list[Row]:
    """Every combination of true, false and unknown for three parts."""
    rows = []
    values: dict[str, object] = {"T": 0, "F": 1, "U": None}
    for a in "TFU":
        for b in "TFU":
            for c in "TFU":
                given = {
                    name: values[letter]
                    for name, letter in zip(
                        ("ecog", "relapse_count", "salvage_lines"), (a, b, c), strict=True
                    )
                    if values[letter] is not None
                }
                bounds = (
                    {"salvage_lines": given["salvage_lines"]} if "salvage_lines" in given else None
                )
                rows.append(row(upper=bounds, **given))
    return rows


class TestComposites:
    """All, Any, Not and AtLeast over every mix of true, false and unknown parts."""

    @pytest.mark.parametrize(
        "node",
        [
            All(id="a", text="a", parts=(_three(0), _three(1), _three(2))),
            Any(id="a", text="a", parts=(_three(0), _three(1), _three(2))),
            Not(id="n", text="n", part=_three(0)),
            Not(id="n", text="n", part=Any(id="a", text="a", parts=(_three(0), _three(1)))),
            AtLeast(id="a", text="a", count=1, parts=(_three(0), _three(1), _three(2))),
            AtLeast(id="a", text="a", count=2, parts=(_three(0), _three(1), _three(2))),
            AtLeast(id="a", text="a", count=3, parts=(_three(0), _three(1), _three(2))),
        ],
        ids=["all", "any", "not", "not-any", "at-least-1", "at-least-2", "at-least-3"],
    )
    def test_matches_the_rule(self, node: Node) -> None:
        """27 rows: each part true, false or unknown."""
        rows = _letter_rows()
        assert sql_truths(node, rows) == rule_truths(node, rows)

    @pytest.mark.parametrize("context", [US, EU], ids=["US", "EU"])
    def test_jurisdiction_and_constants_inside_at_least(self, context: Context) -> None:
        """Folding keeps AtLeast as it is: its jurisdiction and constant parts are literals."""
        node = AtLeast(
            id="a",
            text="a",
            count=2,
            parts=(
                InJurisdiction(id="us", text="us", jurisdictions=(Jurisdiction.US,)),
                Constant(id="off", text="off", value=False),
                _three(0),
            ),
        )
        rows = _letter_rows()
        assert sql_truths(node, rows, context) == rule_truths(node, rows, context)

    @pytest.mark.parametrize("value", [True, False])
    def test_a_tree_folded_to_a_constant(self, value: bool) -> None:
        """A jurisdiction rule decided at compile time is a literal on every row."""
        node = All(
            id="a",
            text="a",
            parts=(Constant(id="c", text="c", value=value), Constant(id="d", text="d", value=True)),
        )
        rows = [row(), row(ecog=1)]
        assert sql_truths(node, rows) == rule_truths(node, rows) == [2 * value] * 2


class TestCompileSql:
    """The query's shape and dialects."""

    def test_the_columns_are_the_status_columns(self) -> None:
        """key, as_of, then each option and its rules, in order."""
        text = compile_sql()
        names = tuple(_relation(text, table_of([row()])).columns)
        assert names == status_columns(default_ruleset().options)

    def test_spark_quotes_with_backticks(self) -> None:
        """The Spark dialect quotes identifiers as Spark does."""
        text = compile_sql(options=["blinatumomab"], dialect="spark")
        assert "`blinatumomab.cd19_positive`" in text
        assert '"' not in text

    def test_a_local_trial(self) -> None:
        """An extra Option (a hospital's local trial) compiles like a catalogue option."""
        trial = local_trial()
        text = compile_sql(options=[trial])
        assert f'AS "{trial.id}"' in text

    def test_an_option_whose_root_is_a_leaf(self) -> None:
        """Its one rule is its root; its status follows the rule."""
        option = Option(
            id="only_cns",
            kind=OptionKind.TRIAL,
            name="Only CNS",
            criteria=Is(id="cns", text="CNS", fact="cns_involved"),
            citations=("x",),
        )
        facts = table_of([row(cns_involved=True), row(cns_involved=False), row()])
        found = _relation(compile_sql(options=[option]), facts).fetchall()
        assert [tuple(r[2:]) for r in found] == [
            ("eligible", True),
            ("not_eligible", False),
            ("unknown", None),
        ]

    def test_an_untested_dialect_is_refused(self) -> None:
        """Only the dialects the suite runs are offered."""
        with pytest.raises(ArgumentError, match="dialect"):
            compile_sql(dialect="sqlite")
