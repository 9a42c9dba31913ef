"""Criteria compiled to SQL over a fact table: one ``SELECT`` giving the status table.

The compiler says nothing of its own about what a criterion means: each tree is first
folded under the context (:func:`allmodel.criteria._fold.fold`, jurisdictions and
constants decided by the rules of :mod:`allmodel.criteria._semantics`), and each kind of
node left is written as the SQL that gives its rule's truth table, with SQL ``NULL`` as
unknown (the tests run both on every node kind and on generated cohorts):

* :class:`~allmodel.criteria.Threshold` ``fact op c`` over the interval [``fact``,
  ``fact__upper``], as the rule reads it: for ``>=``, true when the lower bound is ``>=
  c``, false when the upper bound is ``< c``, else unknown (and dually for the other
  operators; ``==`` is decided only by an exact value or a ``c`` outside the interval).
  A fact that is never an interval has no upper column: the comparison itself is then
  the rule (NULL when the fact is). Constants are written as double literals;
* :class:`~allmodel.criteria.IsIn` is ``fact IN (...)``, :class:`~allmodel.criteria.Is`
  the boolean column or its ``NOT``, :class:`~allmodel.criteria.Known` ``TRUE`` or
  ``NULL`` (never false);
* :class:`~allmodel.criteria.All`, :class:`~allmodel.criteria.Any` and
  :class:`~allmodel.criteria.Not` are SQL's own ``AND``, ``OR`` and ``NOT``, which are
  Kleene's; :class:`~allmodel.criteria.AtLeast` counts its parts that are true and
  those that are unknown;
* a jurisdiction or constant leaf (left inside an ``AtLeast``, which folding keeps as
  it is) is its rule's literal.

The query computes each top-level rule (:func:`~allmodel.cohort.top_level_rules`) in an
inner ``SELECT`` and each option's status in the outer one, as the Kleene ``AND`` of its
rules (the ``All`` rule). It is built as sqlglot expressions and written in the target
dialect by sqlglot (DuckDB and Spark are the dialects run by the tests). This module
imports sqlglot; :func:`allmodel.cohort.compile_sql` imports it when first called.
"""

from __future__ import annotations

import functools
from datetime import date

from sqlglot import exp

from allmodel.cohort._columns import AS_OF, KEY, upper_column
from allmodel.cohort._selection import Selection
from allmodel.cohort._statuses import STATUSES, rule_column, top_level_rules
from allmodel.criteria import (
    All,
    AtLeast,
    Constant,
    Context,
    InJurisdiction,
    Is,
    IsIn,
    Known,
    Node,
    Not,
    Op,
    Threshold,
)
from allmodel.criteria import Any as AnyOf
from allmodel.criteria._fold import fold
from allmodel.criteria._semantics import FALSE, TRUE, UNKNOWN, truth_of
from allmodel.facts import fact_spec

__all__ = ["criterion_sql", "query"]


def _column(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def _number(value: float) -> exp.Expr:
    """A double literal: the shortest text that reads back as ``value``, with an exponent
    (so that DuckDB and Spark take it as a double, not a decimal)."""
    text = repr(float(value))
    return exp.Literal.number(text if "e" in text else f"{text}e0")


def _truth(truth: int) -> exp.Expr:
    if truth == TRUE:
        return exp.true()
    if truth == FALSE:
        return exp.false()
    return exp.cast(exp.null(), "BOOLEAN")


#: The comparison of each operator.
_COMPARE: dict[Op, type[exp.Binary]] = {
    Op.GE: exp.GTE,
    Op.GT: exp.GT,
    Op.LE: exp.LTE,
    Op.LT: exp.LT,
    Op.EQ: exp.EQ,
}

#: For each operator but ``==``: the bound whose comparison makes the rule true, and the
#: bound which, when it still satisfies the comparison, keeps the rule from being false.
#: ``fact >= c`` is true when low >= c and false when high < c: as SQL, ``low >= c OR
#: (high >= c AND NULL)``, which is true when low >= c; else NULL when high >= c; else
#: false (and NULL when the fact is). Likewise ``<=`` and ``<`` from the other end.
_BOUNDS = {
    Op.GE: ("low", "high"),
    Op.GT: ("low", "high"),
    Op.LE: ("high", "low"),
    Op.LT: ("high", "low"),
}


def _threshold(node: Threshold) -> exp.Expr:
    low = _column(node.fact)
    c = _number(node.threshold)
    compare = _COMPARE[node.op]
    if not fact_spec(node.fact).interval:  # exact: the comparison is the rule
        return compare(this=low, expression=c)
    high = _column(upper_column(node.fact))
    if node.op is Op.EQ:  # true: low = high = c; false: c outside [low, high]
        exact = exp.and_(exp.EQ(this=low, expression=c), exp.EQ(this=high, expression=c))
        inside = exp.and_(exp.LTE(this=low, expression=c), exp.GTE(this=high, expression=c))
        return exp.or_(exact, exp.and_(exp.Paren(this=inside), exp.null()))
    bounds = {"low": low, "high": high}
    holds, open_ = _BOUNDS[node.op]
    undecided = exp.and_(compare(this=bounds[open_], expression=c), exp.null())
    return exp.or_(compare(this=bounds[holds], expression=c), exp.Paren(this=undecided))


def _count(parts: list[exp.Expr], unknown: bool) -> exp.Expr:
    terms = [
        exp.Case()
        .when(
            exp.Paren(this=part).is_(exp.null()) if unknown else exp.Paren(this=part),
            exp.Literal.number(1),
        )
        .else_(exp.Literal.number(0))
        for part in parts
    ]
    total: exp.Expr = terms[0]
    for term in terms[1:]:
        total = exp.Add(this=total, expression=term)
    return exp.Paren(this=total)


def _node(node: Node, context: Context) -> exp.Expr:
    if isinstance(node, Threshold):
        return _threshold(node)
    if isinstance(node, IsIn):
        return exp.In(
            this=_column(node.fact), expressions=[exp.Literal.string(v) for v in node.values]
        )
    if isinstance(node, Is):
        flag = _column(node.fact)
        return flag if node.value else exp.not_(flag)
    if isinstance(node, Known):
        return exp.or_(exp.not_(_column(node.fact).is_(exp.null())), exp.null())
    if isinstance(node, (InJurisdiction, Constant)):
        return _truth(truth_of(node, context))
    if isinstance(node, Not):
        return exp.not_(exp.Paren(this=_node(node.part, context)))
    parts = [_node(part, context) for part in node.parts]
    if isinstance(node, All):
        return exp.and_(*(exp.Paren(this=p) for p in parts))
    if isinstance(node, AnyOf):
        return exp.or_(*(exp.Paren(this=p) for p in parts))
    assert isinstance(node, AtLeast)
    true, unknown = _count(parts, unknown=False), _count(parts, unknown=True)
    needed = exp.Literal.number(node.count)
    return (
        exp.Case()
        .when(exp.GTE(this=true, expression=needed), exp.true())
        .when(exp.GTE(this=exp.Add(this=true, expression=unknown), expression=needed), exp.null())
        .else_(exp.false())
    )


def criterion_sql(node: Node, context: Context) -> exp.Expr:
    """The SQL boolean expression (sqlglot) of one criteria tree over a fact table's
    columns: folded under ``context``, then each node by its kind's rule."""
    folded = fold(node, context)
    if isinstance(folded, int):
        return _truth(folded)
    return _node(folded, context)


def _truth_of_all(rules: list[exp.Expr]) -> exp.Expr:
    """The Kleene AND of ``rules`` (the ``All`` rule): the option's truth."""
    return exp.and_(*rules) if len(rules) > 1 else rules[0]


def _label(truth: exp.Expr, labels: bool) -> exp.Expr:
    return _status(truth) if labels else truth


def _status(truth: exp.Expr) -> exp.Expr:
    """The status string of a truth: eligible, not eligible, unknown (NULL)."""
    return (
        exp.Case()
        .when(exp.Paren(this=truth), exp.Literal.string(STATUSES[TRUE]))
        .when(exp.not_(exp.Paren(this=truth)), exp.Literal.string(STATUSES[FALSE]))
        .else_(exp.Literal.string(STATUSES[UNKNOWN]))
    )


@functools.lru_cache(maxsize=64)
def query(selection: Selection, dialect: str, table: str, *, labels: bool = True) -> str:
    """The status table's query over ``table`` in ``dialect`` (cached).

    With ``labels=False`` each option's column holds its truth (a nullable boolean)
    instead of the status string: :func:`~allmodel.cohort.run_duckdb` turns truths into
    statuses in Arrow, where it costs a byte per row, not a string.
    """
    # as_of does not enter compiled criteria (facts carry every date-dependent value)
    context = Context(as_of=date.min, jurisdiction=selection.jurisdiction)
    inner = exp.select(_column(KEY), _column(AS_OF))
    outer = exp.select(_column(KEY), _column(AS_OF))
    for option in selection.options:
        names = [rule_column(option, rule) for rule in top_level_rules(option)]
        inner = inner.select(
            *(
                exp.alias_(criterion_sql(rule, context), name, quoted=True)
                for rule, name in zip(top_level_rules(option), names, strict=True)
            ),
            append=True,
        )
        outer = outer.select(
            exp.alias_(
                _label(_truth_of_all([_column(n) for n in names]), labels), option.id, quoted=True
            ),
            *(_column(name) for name in names),
            append=True,
        )
    inner = inner.from_(exp.Table(this=exp.to_identifier(table, quoted=True)))
    query = outer.from_(exp.alias_(exp.Subquery(this=inner), "rules"))
    text: str = query.sql(dialect=dialect)
    return text
