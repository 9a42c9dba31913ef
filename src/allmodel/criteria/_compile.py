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
from allmodel.criteria._nodes import All, Any, Context, Is, Node, Not, parts_of
from allmodel.criteria._semantics import CONSTANTS, Decide, decide
from allmodel.facts import fact_index

__all__ = ["Compiled", "compile_criterion"]

#: A compiled criterion: ``(values, upper) -> 0 | 1 | 2`` over a Facts record's tuples.
Compiled: TypeAlias = Decide


def compile_criterion(node: Node, context: Context) -> Compiled:
    """Compile a criterion tree into a function over fact value tuples.

    The tree is first folded under the context (jurisdiction resolved, decided branches
    dropped); the result is pure float, enum and boolean comparisons with short-circuiting
    ``All``/``Any``, each node's comparison being its kind's rule. Nested ``All``
    (``Any``) nodes run as one, and their leaves before their composites: neither
    changes a truth (:func:`_flattened`, :func:`_leaves_first`).
    """
    folded = fold(node, context)
    if isinstance(folded, int):
        return CONSTANTS[folded]
    return _build(folded, context)


def _build(node: Node, context: Context) -> Compiled:
    if isinstance(node, Not) and isinstance(node.part, Is):
        return _not_flag(node, node.part, context)
    parts = parts_of(node)
    if isinstance(node, (All, Any)):
        parts = _leaves_first(_flattened(node, parts))
    return decide(node, context, tuple(_build(part, context) for part in parts))


def _flattened(node: All | Any, parts: tuple[Node, ...]) -> tuple[Node, ...]:
    """The parts of ``node`` with the parts of each part of its own kind in its place.

    An ``All`` of an ``All`` is the ``All`` of their parts (the least of the least truths
    is the least truth), and so for ``Any``: one rule runs instead of two.
    """
    flat: list[Node] = []
    for part in parts:
        if type(part) is type(node):
            flat.extend(_flattened(node, parts_of(part)))
        else:
            flat.append(part)
    return tuple(flat)


def _leaves_first(parts: tuple[Node, ...]) -> tuple[Node, ...]:
    """``parts`` with the leaves before the composites, otherwise in order.

    ``All`` and ``Any`` give the same truth in any order of their parts (a least or a
    greatest truth), and stop at the first part that decides them: a leaf is one
    comparison, so it is tried before a composite that runs several.
    """
    return tuple(sorted(parts, key=_composite))


def _composite(node: Node) -> bool:
    """Whether ``node`` compiles to more than one comparison (``not <flag>`` is one:
    :func:`_not_flag`)."""
    return bool(parts_of(node)) and not (isinstance(node, Not) and isinstance(node.part, Is))


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
