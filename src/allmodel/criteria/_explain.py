"""The explainer: a criteria tree evaluated with its evidence (reports use it).

:func:`evaluate` returns a :class:`NodeResult` tree: each node's status, the patient's
observed value and what the criterion expects, and for unknown leaves the model fields
that would decide them. Every status comes from the rules of
:mod:`allmodel.criteria._semantics`: a leaf's rule is run on the patient's fact row, a
composite's rule on the row of statuses of the children shown under it. The compiled
evaluator builds the same rules into one function, so the two cannot give different
answers.
"""

from __future__ import annotations

from datetime import date

import attrs

from allmodel.criteria._fold import fold
from allmodel.criteria._nodes import (
    All,
    Constant,
    Context,
    InJurisdiction,
    Is,
    IsIn,
    Jurisdiction,
    Known,
    Node,
    Not,
    Threshold,
    Truth,
)
from allmodel.criteria._semantics import Decide, on_truths
from allmodel.facts import Facts, fact_spec

__all__ = ["NodeResult", "evaluate", "failed_nodes", "unknown_nodes"]


@attrs.frozen(kw_only=True)
class NodeResult:
    """The evaluation of one criterion node, with its evidence.

    Args:
        id: The node's id.
        kind: Its kind tag (``threshold``, ``all`` ...).
        text: Its text.
        status: True, false or unknown.
        citations: Its citations.
        children: Results of its parts.
        fact: For leaves on a fact: the fact's name.
        observed: The patient's value with unit and date (``62 % on 2022-10-01``).
        expected: What the criterion requires (``> 5 %``).
        missing: For unknown leaves: the model fields that would decide them.
        validity: For leaves on a fact read from a dated result: when that result counts
            as current (``counts only when dated ... within 14 days before as_of``).
        remark: For leaves: what the value alone does not say (a result set aside as no
            longer current, with the rule it broke; a result reported only as a limit).
    """

    id: str
    kind: str
    text: str
    status: Truth
    citations: tuple[str, ...] = ()
    children: tuple[NodeResult, ...] = ()
    fact: str | None = None
    observed: str | None = None
    expected: str | None = None
    missing: tuple[str, ...] = ()
    validity: str | None = None
    remark: str | None = None

    def failed(self) -> tuple[NodeResult, ...]:
        """The nodes that made this one false, in order: leaves, ``Not`` nodes, and
        ``Any``/``AtLeast`` groups (a failed "any of" is reported by its own text, as no
        single part of it is the reason)."""
        if self.status is not Truth.FALSE:
            return ()
        if not self.children or self.kind in ("not", "any", "at_least"):
            return (self,)
        return tuple(node for child in self.children for node in child.failed())

    def unknown(self) -> tuple[NodeResult, ...]:
        """The leaves that keep this node unknown, in order."""
        if self.status is not Truth.UNKNOWN:
            return ()
        if not self.children:
            return (self,)
        return tuple(node for child in self.children for node in child.unknown())

    def missing_fields(self) -> tuple[str, ...]:
        """The model fields that would decide this node, without repeats."""
        found: dict[str, None] = {}
        for node in self.unknown():
            found.update(dict.fromkeys(node.missing))
        return tuple(found)


def evaluate(node: Node, facts: Facts, context: Context) -> NodeResult:
    """Evaluate ``node`` with evidence: status, observed and expected values, missing fields.

    Gives the same status as :func:`~allmodel.criteria.compile_criterion`: both take
    every truth from the rules of each node's kind. A branch that the context alone
    decides (a jurisdiction or a constant, see :func:`~allmodel.criteria._fold.fold`) is
    shown with its fact leaves *not evaluated* (unknown): they cannot change the result,
    so the explanation of an option never depends on which facts happened to be derived.
    """
    return _evaluate(node, facts, context, decided=False)


_NOT_EVALUATED = "not evaluated: the result is decided without it"


# What the explainer needs of each node under a jurisdiction, cached by node identity
# (hashing a frozen tree would walk it): criteria live as long as their ruleset, and each
# entry keeps its node alive, so ids are not reused.
_cache: dict[tuple[int, Jurisdiction], tuple[Node, bool, Decide]] = {}
_TRUTHS = (Truth.FALSE, Truth.UNKNOWN, Truth.TRUE)
_CACHE_LIMIT = 50_000  # bounded: criteria built on the fly must not pile up


def _prepared(node: Node, jurisdiction: Jurisdiction) -> tuple[Node, bool, Decide]:
    """The node, whether the jurisdiction alone (or a constant) decides it, and its rule
    over its parts' truths (:func:`on_truths`), built once per node and jurisdiction.

    Rules read only the jurisdiction from the context (screening compiles under
    ``as_of=date.min`` for the same reason), so the jurisdiction is all the key needs.
    """
    key = (id(node), jurisdiction)
    found = _cache.get(key)
    if found is None or found[0] is not node:
        context = Context(as_of=date.min, jurisdiction=jurisdiction)
        found = (node, isinstance(fold(node, context), int), on_truths(node, context))
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = found
    return found


def _evaluate(node: Node, facts: Facts | None, context: Context, *, decided: bool) -> NodeResult:
    _, decided_here, rule = _prepared(node, context.jurisdiction)
    decided = decided or decided_here
    if isinstance(node, (Threshold, IsIn, Is, Known)):
        spec = fact_spec(node.fact)
        if decided or facts is None:
            return NodeResult(
                id=node.id,
                kind=node.kind,
                text=node.text,
                status=Truth.UNKNOWN,
                citations=node.citations,
                fact=node.fact,
                observed=_NOT_EVALUATED,
                expected=node.expected(),
            )
        status = _TRUTHS[rule(facts.values, facts.upper)]
        return NodeResult(
            id=node.id,
            kind=node.kind,
            text=node.text,
            status=status,
            citations=node.citations,
            fact=node.fact,
            observed=facts.describe(spec.name),
            expected=node.expected(),
            missing=spec.sources if status is Truth.UNKNOWN else (),
            validity=spec.validity.text(facts.validity) if spec.validity is not None else None,
            remark=facts.remark(spec.name) if facts.remarks else None,
        )
    if isinstance(node, (InJurisdiction, Constant)):
        status = _TRUTHS[rule((), ())]
        if isinstance(node, InJurisdiction):
            observed: str | None = context.jurisdiction.value
            expected = "one of " + ", ".join(j.value for j in node.jurisdictions)
        else:
            observed, expected = None, ("always" if node.value else "never")
        return NodeResult(
            id=node.id,
            kind=node.kind,
            text=node.text,
            status=status,
            citations=node.citations,
            observed=observed,
            expected=expected,
        )
    if isinstance(node, Not):
        child = _evaluate(node.part, facts, context, decided=decided)
        row = (child.status,)
        return NodeResult(
            id=node.id,
            kind=node.kind,
            text=node.text,
            status=_TRUTHS[rule(row, row)],
            citations=node.citations,
            children=(child,),
            fact=child.fact,
            observed=child.observed,
            expected=f"not {child.expected}" if child.expected else None,
        )
    children = tuple(_evaluate(part, facts, context, decided=decided) for part in node.parts)
    truths = tuple(child.status for child in children)
    return NodeResult(
        id=node.id,
        kind=node.kind,
        text=node.text,
        status=_TRUTHS[rule(truths, truths)],
        citations=node.citations,
        children=children,
    )


def failed_nodes(node: Node, facts: Facts, context: Context) -> tuple[NodeResult, ...]:
    """``evaluate(node, facts, context).failed()``, building evidence only for those nodes.

    The statuses of the other nodes are found by the same rules, in the same way as
    :func:`evaluate` finds them, but no :class:`NodeResult` is made for them; each node
    reported is the one :func:`evaluate` makes for it (with its subtree).
    """
    return _reported(node, facts, context, want=Truth.FALSE)


def unknown_nodes(node: Node, facts: Facts, context: Context) -> tuple[NodeResult, ...]:
    """``evaluate(node, facts, context).unknown()``, building evidence only for those nodes
    (see :func:`failed_nodes`)."""
    return _reported(node, facts, context, want=Truth.UNKNOWN)


def _reported(node: Node, facts: Facts, context: Context, *, want: Truth) -> tuple[NodeResult, ...]:
    found: list[tuple[Node, bool]] = []
    _walk(node, facts, context, decided=False, want=want, found=found)
    return tuple(_evaluate(part, facts, context, decided=decided) for part, decided in found)


def _walk(
    node: Node,
    facts: Facts,
    context: Context,
    *,
    decided: bool,
    want: Truth | None,
    found: list[tuple[Node, bool]],
) -> int:
    """The truth :func:`_evaluate` gives ``node``; when it is ``want``, appends the
    ``(node, decided)`` pairs that :meth:`NodeResult.failed` (``want`` false) or
    :meth:`NodeResult.unknown` (``want`` unknown) would report under it, in order.
    ``want`` ``None`` reports nothing."""
    _, decided_here, rule = _prepared(node, context.jurisdiction)
    decided = decided or decided_here
    if isinstance(node, (Threshold, IsIn, Is, Known)):
        truth = Truth.UNKNOWN if decided else _TRUTHS[rule(facts.values, facts.upper)]
        if truth is want:
            found.append((node, decided))
        return truth
    if isinstance(node, (InJurisdiction, Constant)):
        truth = _TRUTHS[rule((), ())]
        if truth is want:
            found.append((node, decided))
        return truth
    # failed() reports a false Not, Any or AtLeast itself; unknown() looks inside
    inside = want if want is Truth.UNKNOWN or isinstance(node, All) else None
    mark = len(found)
    if isinstance(node, Not):
        row: tuple[int, ...] = (
            _walk(node.part, facts, context, decided=decided, want=inside, found=found),
        )
    else:
        row = tuple(
            _walk(part, facts, context, decided=decided, want=inside, found=found)
            for part in node.parts
        )
    truth = _TRUTHS[rule(row, row)]
    if truth is not want:
        del found[mark:]
    elif not row or inside is None:
        found.append((node, decided))
    return truth
