"""The fast evaluator: a criteria tree as one function over a fact row (screening's).

:func:`compile_criterion` folds the tree under the context
(:func:`~allmodel.criteria._fold.fold`) and builds what is left bottom up from the rules
of :mod:`allmodel.criteria._semantics`: each node's function is its kind's rule applied
to its parts' functions. Nothing here says what a node means, so the compiled truth
cannot differ from the explained one (:func:`~allmodel.criteria.evaluate` asks the same
rules).
"""

from __future__ import annotations

from typing import TypeAlias

import attrs

from allmodel.criteria._fold import fold
from allmodel.criteria._nodes import Context, Is, Node, Not, parts_of
from allmodel.criteria._semantics import CONSTANTS, Decide, decide
from allmodel.facts import fact_index

__all__ = ["Compiled", "compile_criterion"]

#: A compiled criterion: ``(values, upper) -> 0 | 1 | 2`` over a Facts record's tuples.
Compiled: TypeAlias = Decide


def compile_criterion(node: Node, context: Context) -> Compiled:
    """Compile a criterion tree into a function over fact value tuples.

    The tree is first folded under the context (jurisdiction resolved, decided branches
    dropped); the result is pure float, enum and boolean comparisons with short-circuiting
    ``All``/``Any``, each node's comparison being its kind's rule.
    """
    folded = fold(node, context)
    if isinstance(folded, int):
        return CONSTANTS[folded]
    return _build(folded, context)


def _build(node: Node, context: Context) -> Compiled:
    if isinstance(node, Not) and isinstance(node.part, Is):
        return _not_flag(node, node.part, context)
    return decide(node, context, tuple(_build(part, context) for part in parts_of(node)))


#: The values a yes/no fact can take: yes, no, unknown.
_FLAG_VALUES = (True, False, None)


def _not_flag(node: Not, part: Is, context: Context) -> Compiled:
    """``not <flag>``, the commonest exclusion, as one function call instead of two.

    It is the ``is`` rule of the flag with the opposite value, used only when that agrees
    with the ``not`` rule over the ``is`` rule for each value a yes/no fact can take (so
    on every row): the shortcut is checked against the rules, not written beside them.
    """
    general = decide(node, context, (decide(part, context),))
    flipped = decide(attrs.evolve(part, value=not part.value), context)
    before = (None,) * fact_index(part.fact)
    for value in _FLAG_VALUES:
        row = (*before, value)
        if flipped(row, row) != general(row, row):
            return general
    return flipped
