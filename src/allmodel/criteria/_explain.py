"""The explainer: a criteria tree evaluated with its evidence (reports use it).

:func:`evaluate` returns a :class:`NodeResult` tree: each node's status, the patient's
observed value and what the criterion expects, and for unknown leaves the model fields
that would decide them. Every status comes from the rules of
:mod:`allmodel.criteria._semantics`: a leaf's rule is run on the patient's fact row, a
composite's rule on the row of statuses of the children shown under it. The compiled
evaluator builds the same rules into one function, so the two cannot give different
answers.

:func:`failed_nodes` and :func:`unknown_nodes` give the nodes a report shows (those
:meth:`NodeResult.failed` and :meth:`NodeResult.unknown` pick from the full tree) and
build evidence for those nodes only. A tree is prepared once per jurisdiction (a
:class:`_Step` per node: its truth on a fact row, built from the same rules, and the parts
of its evidence that no fact changes), so finding the reported nodes costs a few calls of
those functions, and a reported node's evidence is its facts' texts and little else.
"""

from __future__ import annotations

import typing
from datetime import date
from typing import NamedTuple, TypeAlias

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
    parts_of,
)
from allmodel.criteria._semantics import CONSTANTS, Decide, decide, on_truths
from allmodel.facts import Facts, FactSpec, ValidityPolicy, fact_spec

__all__ = [
    "NodeResult",
    "Outline",
    "Shown",
    "evaluate",
    "failed_nodes",
    "reported_ids",
    "shown_nodes",
    "unknown_nodes",
]

#: The ids of the failed and of the unknown nodes, and the missing fields (:func:`reported_ids`).
Outline: TypeAlias = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


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

    The explainer makes a node's ``children``, ``observed`` and ``remark`` when they are
    first read (a report reads the observed texts of the criteria it shows, and only
    those; the subtrees of reported groups are rarely read): a result made so is equal to
    one made with every field given, and reads the same.
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
    #: Where the lazy fields come from: the node's step and the facts (``None``: every
    #: field was given, or has been made).
    _source: tuple[_Step, Facts] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    if not typing.TYPE_CHECKING:  # hidden from mypy: it would make every attribute Any

        def __getattr__(self, name: str) -> typing.Any:
            # called only for an unset slot: a lazy field not made yet
            source = object.__getattribute__(self, "_source")
            if source is None or name not in _LAZY:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            _make_lazy(self, *source)
            return object.__getattribute__(self, name)

    def __getstate__(self) -> dict[str, typing.Any]:
        """Every field, the lazy ones made (for pickle and copy)."""
        return {field.name: getattr(self, field.name) for field in _FIELDS}

    def __setstate__(self, state: dict[str, typing.Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_source", None)

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


#: The fields of :class:`NodeResult` given to its ``__init__`` (all but ``_source``).
_FIELDS = tuple(field for field in attrs.fields(NodeResult) if field.init)

#: The fields of :class:`NodeResult` the explainer may leave to be made when read.
_LAZY = frozenset({"children", "observed", "remark"})


def evaluate(node: Node, facts: Facts, context: Context) -> NodeResult:
    """Evaluate ``node`` with evidence: status, observed and expected values, missing fields.

    Gives the same status as :func:`~allmodel.criteria.compile_criterion`: both take
    every truth from the rules of each node's kind. A branch that the context alone
    decides (a jurisdiction or a constant, see :func:`~allmodel.criteria._fold.fold`) is
    shown with its fact leaves *not evaluated* (unknown): they cannot change the result,
    so the explanation of an option never depends on which facts happened to be derived.
    """
    return _evidence(_steps(node, context.jurisdiction), facts)


def failed_nodes(node: Node, facts: Facts, context: Context) -> tuple[NodeResult, ...]:
    """``evaluate(node, facts, context).failed()``, building evidence only for those nodes.

    Which nodes are reported is found from each node's truth on the fact row (the same
    rules, so the same truths :func:`evaluate` shows), without making a
    :class:`NodeResult` for the others; each node reported is the one :func:`evaluate`
    makes for it (with its subtree).
    """
    truth, found = _reported(node, facts, context)
    if truth != _FALSE:
        return ()
    return tuple(_evidence(step, facts) for step in found)


def unknown_nodes(node: Node, facts: Facts, context: Context) -> tuple[NodeResult, ...]:
    """``evaluate(node, facts, context).unknown()``, building evidence only for those nodes
    (see :func:`failed_nodes`)."""
    truth, found = _reported(node, facts, context)
    if truth != _UNKNOWN:
        return ()
    return tuple(_evidence(step, facts) for step in found)


def reported_ids(node: Node, facts: Facts, context: Context) -> Outline:
    """The ids of the nodes ``evaluate(node, facts, context)`` reports, without evidence.

    ``(failed, unknown, missing)``: the ids of :meth:`NodeResult.failed` when the node is
    false, of :meth:`NodeResult.unknown` and their :meth:`NodeResult.missing_fields` when
    it is unknown, nothing when it is true. The nodes are those :func:`failed_nodes` and
    :func:`unknown_nodes` give (found the same way); no :class:`NodeResult` is made.
    """
    truth, found = _reported(node, facts, context)
    if truth == _FALSE:
        return tuple(step.node.id for step in found), (), ()
    if truth == _UNKNOWN:
        missing: dict[str, None] = {}
        for step in found:  # an unknown leaf on a fact names its sources; others none
            if step.spec is not None:
                missing.update(dict.fromkeys(step.spec.sources))
        return (), tuple(step.node.id for step in found), tuple(missing)
    return (), (), ()


class Shown(NamedTuple):
    """What a report shows of one node :meth:`NodeResult.failed` or
    :meth:`NodeResult.unknown` gives: the fields of its :class:`NodeResult` but its kind,
    status, children, fact and remark (see :func:`shown_nodes`)."""

    id: str
    text: str
    observed: str | None
    expected: str | None
    citations: tuple[str, ...]
    validity: str | None
    missing: tuple[str, ...]


def shown_nodes(node: Node, facts: Facts, context: Context) -> tuple[int, tuple[Shown, ...]]:
    """The truth of ``node`` and what is shown of the nodes it reports, without evidence.

    The nodes of :func:`failed_nodes` when the truth is false, of :func:`unknown_nodes`
    when it is unknown (none when true), each with the fields its :class:`NodeResult`
    has (a test checks it), but without making one: for a report's documents, which show
    these fields only.
    """
    truth, found = _reported(node, facts, context)
    unknown = truth == _UNKNOWN
    shown = []
    for step in found:
        fixed = step.fixed
        if fixed is not None:
            shown.append(
                Shown(
                    fixed.id,
                    fixed.text,
                    fixed.observed,
                    fixed.expected,
                    fixed.citations,
                    fixed.validity,
                    fixed.missing,
                )
            )
            continue
        spec = step.spec
        shown.append(
            Shown(
                step.node.id,
                step.node.text,
                _observed_text(step, facts),
                step.expected,
                step.node.citations,
                None if spec is None else _validity(spec, facts.validity),
                spec.sources if unknown and spec is not None else (),
            )
        )
    return truth, tuple(shown)


def _reported(node: Node, facts: Facts, context: Context) -> tuple[int, list[_Step]]:
    """The truth of ``node`` on the facts, and the steps of the nodes it reports (those of
    :meth:`NodeResult.failed` when false, of :meth:`NodeResult.unknown` when unknown)."""
    root = _steps(node, context.jurisdiction)
    values, upper = facts.values, facts.upper
    truth = root.truth(values, upper)
    found: list[_Step] = []
    if truth == _FALSE:
        _failed(root, values, upper, found)
    elif truth == _UNKNOWN:
        _unknown(root, values, upper, found)
    return truth, found


_NOT_EVALUATED = "not evaluated: the result is decided without it"
_TRUTHS = (Truth.FALSE, Truth.UNKNOWN, Truth.TRUE)
_FALSE, _UNKNOWN = int(Truth.FALSE), int(Truth.UNKNOWN)

#: One of a fact row's two tuples (lower or upper bounds).
Row: TypeAlias = tuple[typing.Any, ...]


@attrs.frozen(eq=False, kw_only=True)
class _Step:
    """One node of a criteria tree, prepared for explaining under one jurisdiction.

    Args:
        node: The node.
        truth: Its truth on a fact row, as :func:`evaluate` shows it: the kind's rule over
            its parts' ``truth`` functions (for a leaf of a decided branch: unknown).
        rule: Its kind's rule over a row of its parts' truths (:func:`on_truths`); for a
            leaf, the rule on a fact row.
        parts: The steps of its parts.
        spec: For a leaf on a fact that is evaluated: the fact's declaration.
        fact: The fact its result names (a leaf's; a ``Not``'s part's).
        expected: What the node expects (``> 5 %``), when it says.
        failed_itself: Whether :meth:`NodeResult.failed` reports the node itself when it
            is false (a leaf, a ``Not``, ``Any`` or ``AtLeast``, a node without parts).
        fixed: The node's :class:`NodeResult` when no fact can change it (a jurisdiction,
            a constant, a branch the context decides), made once.
    """

    node: Node
    truth: Decide
    rule: Decide
    parts: tuple[_Step, ...] = ()
    spec: FactSpec | None = None
    fact: str | None = None
    expected: str | None = None
    failed_itself: bool = True
    fixed: NodeResult | None = None


# Prepared trees, by the root node's identity and the jurisdiction (hashing a frozen tree
# would walk it): criteria live as long as their ruleset, and each entry keeps its root
# alive, so ids are not reused. Rules read only the jurisdiction from the context
# (screening compiles under ``as_of=date.min`` for the same reason).
_cache: dict[tuple[int, Jurisdiction], tuple[Node, _Step]] = {}
_CACHE_LIMIT = 2_000  # bounded: criteria built on the fly must not pile up


def _steps(node: Node, jurisdiction: Jurisdiction) -> _Step:
    """The prepared tree of ``node`` under ``jurisdiction``, made once."""
    key = (id(node), jurisdiction)
    found = _cache.get(key)
    if found is None or found[0] is not node:
        context = Context(as_of=date.min, jurisdiction=jurisdiction)
        found = (node, _prepare(node, context, decided=False))
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = found
    return found[1]


def _prepare(node: Node, context: Context, *, decided: bool) -> _Step:
    """The step of ``node``; ``decided``: an ancestor is decided by the context alone."""
    decided = decided or isinstance(fold(node, context), int)
    rule = on_truths(node, context)
    if isinstance(node, (Threshold, IsIn, Is, Known)):
        expected = node.expected()
        if not decided:
            spec = fact_spec(node.fact)
            return _Step(
                node=node, truth=rule, rule=rule, spec=spec, fact=node.fact, expected=expected
            )
        fixed = NodeResult(
            id=node.id,
            kind=node.kind,
            text=node.text,
            status=Truth.UNKNOWN,
            citations=node.citations,
            fact=node.fact,
            observed=_NOT_EVALUATED,
            expected=expected,
        )
        truth = CONSTANTS[_UNKNOWN]
        return _Step(
            node=node, truth=truth, rule=rule, fact=node.fact, expected=expected, fixed=fixed
        )
    if isinstance(node, (InJurisdiction, Constant)):
        observed: str | None
        if isinstance(node, InJurisdiction):
            observed = context.jurisdiction.value
            expected = "one of " + ", ".join(j.value for j in node.jurisdictions)
        else:
            observed, expected = None, ("always" if node.value else "never")
        fixed = NodeResult(
            id=node.id,
            kind=node.kind,
            text=node.text,
            status=_TRUTHS[rule((), ())],
            citations=node.citations,
            observed=observed,
            expected=expected,
        )
        return _Step(node=node, truth=rule, rule=rule, expected=expected, fixed=fixed)
    parts = tuple(_prepare(part, context, decided=decided) for part in parts_of(node))
    step = _Step(
        node=node,
        truth=decide(node, context, tuple(part.truth for part in parts)),
        rule=rule,
        parts=parts,
        failed_itself=not parts or not isinstance(node, All),
    )
    if isinstance(node, Not):
        inner = parts[0]
        negated = f"not {inner.expected}" if inner.expected else None
        step = attrs.evolve(step, fact=inner.fact, expected=negated)
    if all(part.fixed is not None for part in parts):
        fixed = _combined(step, tuple(part.fixed for part in parts if part.fixed is not None))
        step = attrs.evolve(step, fixed=fixed)
    return step


#: Slot setters of NodeResult, for :func:`_evidence` (a frozen class refuses setattr).
_SET = {name: NodeResult.__dict__[name].__set__ for name in (*(f.name for f in _FIELDS), "_source")}
_SET_ID, _SET_KIND, _SET_TEXT = _SET["id"], _SET["kind"], _SET["text"]
_SET_STATUS, _SET_CITATIONS, _SET_CHILDREN = _SET["status"], _SET["citations"], _SET["children"]
_SET_FACT, _SET_OBSERVED, _SET_EXPECTED = _SET["fact"], _SET["observed"], _SET["expected"]
_SET_MISSING, _SET_VALIDITY, _SET_REMARK = _SET["missing"], _SET["validity"], _SET["remark"]
_SET_SOURCE = _SET["_source"]


def _evidence(step: _Step, facts: Facts) -> NodeResult:
    """The :class:`NodeResult` of ``step`` on ``facts``; its children and observed texts
    are made when read (:func:`_make_lazy`).

    Equal to the result made with every field given: a leaf's status is its rule on the
    fact row, a composite's its ``truth`` there (the same rules over its parts), and the
    lazy fields are made as :func:`_combined` and the leaf branch below make them.
    """
    if step.fixed is not None:
        return step.fixed
    node = step.node
    result: NodeResult = object.__new__(NodeResult)
    _SET_ID(result, node.id)
    _SET_KIND(result, node.kind)
    _SET_TEXT(result, node.text)
    _SET_CITATIONS(result, node.citations)
    _SET_FACT(result, step.fact)
    _SET_EXPECTED(result, step.expected)
    _SET_SOURCE(result, (step, facts))
    spec = step.spec
    if spec is not None:
        status = _TRUTHS[step.rule(facts.values, facts.upper)]
        _SET_STATUS(result, status)
        _SET_CHILDREN(result, ())
        _SET_MISSING(result, spec.sources if status is Truth.UNKNOWN else ())
        _SET_VALIDITY(result, _validity(spec, facts.validity))
        return result  # observed, remark: lazy
    _SET_STATUS(result, _TRUTHS[step.truth(facts.values, facts.upper)])
    _SET_MISSING(result, ())
    _SET_VALIDITY(result, None)
    _SET_REMARK(result, None)
    if not isinstance(node, Not):
        _SET_OBSERVED(result, None)
    return result  # children (and a Not's observed): lazy


# The observed texts of the last facts explained, by fact name: a report's options share
# facts, and a patient's reports are read one after another. Facts are immutable, and the
# entry keeps its facts alive, so a text is reused only for the facts it describes.
_observed: tuple[Facts | None, dict[str, str]] = (None, {})


def _observed_text(step: _Step, facts: Facts) -> str | None:
    """The ``observed`` of the :class:`NodeResult` of ``step`` on ``facts``: a fact leaf's
    value described (:meth:`~allmodel.facts.Facts.describe`), a ``Not``'s part's, none for
    other composites."""
    if step.fixed is not None:
        return step.fixed.observed
    spec = step.spec
    if spec is None:
        return _observed_text(step.parts[0], facts) if isinstance(step.node, Not) else None
    global _observed  # noqa: PLW0603  (one entry, replaced as a whole)
    memo = _observed
    if memo[0] is not facts:
        memo = _observed = (facts, {})
    texts = memo[1]
    observed = texts.get(spec.name)
    if observed is None:
        observed = texts[spec.name] = facts.describe(spec.name)
    return observed


def _make_lazy(result: NodeResult, step: _Step, facts: Facts) -> None:
    """Make the lazy fields of ``result`` (see :func:`_evidence`)."""
    spec = step.spec
    if spec is not None:
        _SET_OBSERVED(result, _observed_text(step, facts))
        _SET_REMARK(result, facts.remark(spec.name) if facts.remarks else None)
    else:
        children = tuple(_evidence(part, facts) for part in step.parts)
        _SET_CHILDREN(result, children)
        if isinstance(step.node, Not):
            _SET_OBSERVED(result, children[0].observed)
    _SET_SOURCE(result, None)


def _combined(step: _Step, children: tuple[NodeResult, ...]) -> NodeResult:
    """A composite's result from its children's: the rule on their statuses."""
    node = step.node
    truths = tuple(child.status for child in children)
    status = _TRUTHS[step.rule(truths, truths)]
    if isinstance(node, Not):
        (child,) = children
        return NodeResult(
            id=node.id,
            kind=node.kind,
            text=node.text,
            status=status,
            citations=node.citations,
            children=children,
            fact=child.fact,
            observed=child.observed,
            expected=step.expected,
        )
    return NodeResult(
        id=node.id,
        kind=node.kind,
        text=node.text,
        status=status,
        citations=node.citations,
        children=children,
    )


# The validity text of a fact under a policy, by their identities (policies live as long as
# their ruleset; each entry keeps both alive).
_validity_texts: dict[tuple[int, int], tuple[FactSpec, ValidityPolicy, str | None]] = {}


def _validity(spec: FactSpec, policy: ValidityPolicy) -> str | None:
    """When the result behind the fact counts as current under ``policy`` (``None``: not a
    dated result)."""
    if spec.validity is None:
        return None
    key = (id(spec), id(policy))
    found = _validity_texts.get(key)
    if found is None or found[0] is not spec or found[1] is not policy:
        if len(_validity_texts) >= _CACHE_LIMIT:
            _validity_texts.clear()
        found = (spec, policy, spec.validity.text(policy))
        _validity_texts[key] = found
    return found[2]


def _failed(step: _Step, values: Row, upper: Row, found: list[_Step]) -> None:
    """Appends the steps :meth:`NodeResult.failed` reports under ``step`` (false)."""
    if step.failed_itself:
        found.append(step)
        return
    for part in step.parts:  # an All: its false parts
        if part.truth(values, upper) == _FALSE:
            _failed(part, values, upper, found)


def _unknown(step: _Step, values: Row, upper: Row, found: list[_Step]) -> None:
    """Appends the steps :meth:`NodeResult.unknown` reports under ``step`` (unknown)."""
    if not step.parts:
        found.append(step)
        return
    for part in step.parts:
        if part.truth(values, upper) == _UNKNOWN:
            _unknown(part, values, upper, found)
