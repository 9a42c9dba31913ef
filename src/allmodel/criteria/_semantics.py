"""What each kind of criterion node means: the one definition both evaluators use.

Logic is strong Kleene (SQL ``NULL`` truth tables): a leaf on an unknown fact is
*unknown*; ``All`` is false if any part is false, else unknown if any part is unknown;
``Any`` is true if any part is true, else unknown if any part is unknown; ``Not`` swaps
true and false; ``AtLeast(n)`` is true when n parts are true, false when fewer than n
can still be. Truth values are the integers 0 (false) < 1 (unknown) < 2 (true), so
``All`` is a minimum, ``Any`` a maximum and ``Not`` is ``2 - x``: the same encoding works
in SQL engines (see ARCHITECTURE.md, principle 5).

Facts may be intervals: a count over an incomplete history (``prior_regimens`` "at least
2" makes ``>= 2`` true but leaves ``<= 1`` unknown), or a result reported as a limit (MRD
"not detected" at sensitivity s is [0, s), deciding ``>= 1e-3`` only when s <= 1e-3). A
fact row is two tuples, the lower bounds (``values``) and the upper bounds (``upper``),
equal for an exact value and both ``None`` for an unknown one. A threshold is decided
only when the whole interval lies on one side of it.

Every node kind has exactly one *rule* in :data:`RULES`. A rule takes the node, the
:class:`~allmodel.criteria.Context` and the :data:`Decide` functions of the node's parts
(none for a leaf), and returns the node's own :data:`Decide` function,
``(values, upper) -> 0 | 1 | 2``, specialised to the node's parameters (a threshold's
operator picks one of five comparisons once, not on every row). Both evaluators obtain
every truth they report from these rules and from nothing else:

* ``_compile`` (:func:`~allmodel.criteria.compile_criterion`, used by screening) builds a
  tree's rules once, bottom up, and screening runs the result on each patient's row;
* ``_explain`` (:func:`~allmodel.criteria.evaluate`, used by reports) runs a leaf's rule
  on the patient's row and a composite's rule on the row of its children's truths
  (:func:`on_truths`), so the status shown at each node of an explanation is the rule's
  answer for the children shown under it.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable
from typing import TypeAlias

from allmodel.criteria._nodes import (
    All,
    Any,
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
    parts_of,
)
from allmodel.facts import fact_index

__all__ = [
    "CONSTANTS",
    "FALSE",
    "RULES",
    "TRUE",
    "UNKNOWN",
    "Decide",
    "Parts",
    "Rule",
    "decide",
    "on_truths",
    "truth_of",
]

#: The truths as the plain integers the rules return (a :class:`Truth` compares equal).
FALSE, UNKNOWN, TRUE = 0, 1, 2

#: A node's truth on one fact row: ``(values, upper) -> 0 | 1 | 2``, the row being a
#: :class:`~allmodel.facts.Facts` record's lower and upper bound tuples.
Decide: TypeAlias = Callable[[tuple[typing.Any, ...], tuple[typing.Any, ...]], int]

#: The :data:`Decide` functions of a node's parts, in order.
Parts: TypeAlias = tuple[Decide, ...]

#: The meaning of one node kind: ``(node, context, parts) -> Decide``. The node is always
#: of the kind the rule is registered for in :data:`RULES` (hence ``Any`` here: each rule
#: declares its own node class).
Rule: TypeAlias = Callable[[typing.Any, Context, Parts], Decide]

_F, _U, _T = FALSE, UNKNOWN, TRUE


def _false(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
    return _F


def _unknown(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
    return _U


def _true(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
    return _T


#: The :data:`Decide` function that always gives truth ``t``, at index ``t``.
CONSTANTS: tuple[Decide, Decide, Decide] = (_false, _unknown, _true)


# --- leaves ----------------------------------------------------------------------------


def _threshold(node: Threshold, context: Context, parts: Parts) -> Decide:
    """``fact op c``: true when the whole interval satisfies it, false when none of it does."""
    i = fact_index(node.fact)
    c = node.threshold
    op = node.op

    if op is Op.GE:

        def ge(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
            low = values[i]
            if low is None:
                return _U
            if low >= c:
                return _T
            return _F if upper[i] < c else _U

        return ge
    if op is Op.GT:

        def gt(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
            low = values[i]
            if low is None:
                return _U
            if low > c:
                return _T
            return _F if upper[i] <= c else _U

        return gt
    if op is Op.LE:

        def le(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
            high = upper[i]
            if high is None:
                return _U
            if high <= c:
                return _T
            return _F if values[i] > c else _U

        return le
    if op is Op.LT:

        def lt(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
            high = upper[i]
            if high is None:
                return _U
            if high < c:
                return _T
            return _F if values[i] >= c else _U

        return lt

    def eq(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        low, high = values[i], upper[i]
        if low is None:
            return _U
        if low == high:
            return _T if low == c else _F
        return _F if c < low or c > high else _U

    return eq


def _is_in(node: IsIn, context: Context, parts: Parts) -> Decide:
    """A category fact in the node's set; unknown when the fact is."""
    i = fact_index(node.fact)
    allowed = frozenset(node.values)

    def is_in(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        value = values[i]
        if value is None:
            return _U
        return _T if value in allowed else _F

    return is_in


def _is(node: Is, context: Context, parts: Parts) -> Decide:
    """A yes/no fact equal to the node's value; unknown when the fact is."""
    i = fact_index(node.fact)
    wanted = node.value

    def is_(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        value = values[i]
        if value is None:
            return _U
        return _T if value is wanted else _F

    return is_


def _known(node: Known, context: Context, parts: Parts) -> Decide:
    """True when the fact is known, unknown (never false) when it is not."""
    i = fact_index(node.fact)

    def known(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        return _U if values[i] is None else _T

    return known


def _in_jurisdiction(node: InJurisdiction, context: Context, parts: Parts) -> Decide:
    """True when the context's jurisdiction is one of the node's; never reads a fact."""
    return CONSTANTS[_T if context.jurisdiction in node.jurisdictions else _F]


def _constant(node: Constant, context: Context, parts: Parts) -> Decide:
    """The node's fixed value; never reads a fact."""
    return CONSTANTS[_T if node.value else _F]


# --- Kleene combinations ---------------------------------------------------------------


def _all(node: All, context: Context, parts: Parts) -> Decide:
    """The least truth of the parts, stopping at the first false one (true for no parts)."""

    def all_(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        result = _T
        for part in parts:
            truth = part(values, upper)
            if truth == _F:
                return _F
            if truth < result:  # noqa: PLR1730  (a comparison is faster than min() here)
                result = truth
        return result

    return all_


def _any(node: Any, context: Context, parts: Parts) -> Decide:
    """The greatest truth of the parts, stopping at the first true one (false for none)."""

    def any_(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        result = _F
        for part in parts:
            truth = part(values, upper)
            if truth == _T:
                return _T
            if truth > result:  # noqa: PLR1730  (a comparison is faster than max() here)
                result = truth
        return result

    return any_


def _not(node: Not, context: Context, parts: Parts) -> Decide:
    """True and false swapped; unknown stays unknown."""
    (inner,) = parts

    def not_(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        return 2 - inner(values, upper)

    return not_


def _at_least(node: AtLeast, context: Context, parts: Parts) -> Decide:
    """True when ``count`` parts are true; unknown while the unknown ones could make up
    the difference; false otherwise."""
    count = node.count

    def at_least(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        truths = [part(values, upper) for part in parts]
        true = truths.count(_T)
        if true >= count:
            return _T
        return _U if true + truths.count(_U) >= count else _F

    return at_least


#: The rule of every node kind, by its ``kind`` tag: the only place a kind's truth is
#: defined. :func:`decide` looks rules up here when it is called, so both evaluators
#: follow any change to this table.
RULES: dict[str, Rule] = {
    Threshold.kind: _threshold,
    IsIn.kind: _is_in,
    Is.kind: _is,
    Known.kind: _known,
    InJurisdiction.kind: _in_jurisdiction,
    Constant.kind: _constant,
    All.kind: _all,
    Any.kind: _any,
    Not.kind: _not,
    AtLeast.kind: _at_least,
}


def decide(node: Node, context: Context, parts: Parts = ()) -> Decide:
    """The :data:`Decide` function of ``node``, given those of its parts, by its kind's rule."""
    return RULES[node.kind](node, context, parts)


def _picks(count: int) -> Parts:
    """``count`` parts, part ``k`` reading its truth from position ``k`` of the row."""

    def pick(k: int) -> Decide:
        def read(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
            truth: int = values[k]
            return truth

        return read

    return tuple(pick(k) for k in range(count))


def on_truths(node: Node, context: Context) -> Decide:
    """The :data:`Decide` function of ``node`` over a row of its parts' truths.

    Its kind's rule, with part ``k`` reading its truth from position ``k`` of the row:
    run on ``(truths, truths)`` it gives the node's truth when its parts have ``truths``.
    For a leaf (no parts) it is the rule itself, run on a fact row.
    """
    return decide(node, context, _picks(len(parts_of(node))))


def truth_of(node: Node, context: Context, parts: Iterable[int] = ()) -> int:
    """The truth of ``node`` when its parts have the truths ``parts``, by its kind's rule.

    For composites, and for leaves that read no fact (a jurisdiction, a constant). The
    truths need not be one per part of ``node``: :func:`~allmodel.criteria._fold.fold`
    asks what a composite gives over no parts at all.
    """
    row = tuple(parts)
    return decide(node, context, _picks(len(row)))(row, row)
