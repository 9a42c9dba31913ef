"""What a criteria tree still depends on once the context is known.

:func:`fold` decides the parts of a tree that read no fact (jurisdictions, constants) and
the composites they decide, using the rules of :mod:`allmodel.criteria._semantics`; the
compiler runs only what is left, and the explainer marks the leaves of a decided branch
*not evaluated*. :func:`live_facts` names the facts the folded tree reads (screening
derives only those).
"""

from __future__ import annotations

import attrs

from allmodel.criteria._nodes import (
    All,
    Any,
    Constant,
    Context,
    InJurisdiction,
    Is,
    IsIn,
    Known,
    Node,
    Not,
    Threshold,
    walk,
)
from allmodel.criteria._semantics import UNKNOWN, truth_of

__all__ = ["fold", "live_facts"]


def fold(node: Node, context: Context) -> Node | int:
    """Partially evaluate a tree under ``context``: a constant truth, or the live tree.

    Jurisdiction and constant leaves are resolved by their rules; a ``Not`` of a resolved
    part, and an ``All`` or ``Any`` whose resolved parts decide it whatever the others
    are (an ``All`` with a false part), are resolved too, and resolved parts that cannot
    change an undecided ``All``/``Any`` are dropped. ``AtLeast`` and leaves on facts are
    kept as they are. The result has the same truth as ``node`` for every fact row.
    """
    if isinstance(node, (InJurisdiction, Constant)):
        return truth_of(node, context)
    if isinstance(node, Not):
        inner = fold(node.part, context)
        if isinstance(inner, int):
            return truth_of(node, context, (inner,))
        return attrs.evolve(node, part=inner)
    if isinstance(node, (All, Any)):
        folded = [fold(part, context) for part in node.parts]
        # Kleene logic is monotone: if the rule gives a truth with every live part unknown,
        # no value of those parts can change it.
        probe = truth_of(node, context, (UNKNOWN if not isinstance(f, int) else f for f in folded))
        if probe != UNKNOWN or all(isinstance(f, int) for f in folded):
            return probe
        # Undecided: drop the resolved parts whose truth is the rule's value over no parts
        # (true for All, false for Any): combining with it changes nothing. A resolved part
        # with another truth would have decided the node; were one left, it stays as it is.
        neutral = truth_of(node, context)
        kept = tuple(
            part if isinstance(f, int) else f
            for part, f in zip(node.parts, folded, strict=True)
            if not isinstance(f, int) or f != neutral
        )
        return kept[0] if len(kept) == 1 else attrs.evolve(node, parts=kept)
    return node  # leaves on facts, and AtLeast, are evaluated as they are


def live_facts(node: Node, context: Context) -> frozenset[str]:
    """The facts that can still decide ``node`` under ``context`` (after :func:`fold`)."""
    folded = fold(node, context)
    if isinstance(folded, int):
        return frozenset()
    return frozenset(
        item.fact for item in walk(folded) if isinstance(item, (Threshold, IsIn, Is, Known))
    )
