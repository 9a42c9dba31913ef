"""Criteria as data, and their three-valued evaluation.

A criterion is a small frozen object with a stable ``id``, a short ``text`` in our own
words and its ``citations``. Leaves compare one fact with a constant and hold no Python:

* :class:`Threshold` — a numeric fact against a number in a unit (``age_years >= 18``);
* :class:`IsIn` — a category fact in a set (``lineage in {b_precursor}``);
* :class:`Is` — a yes/no fact (``prior_blinatumomab is yes``);
* :class:`Known` — the fact must be known (true when it is, unknown when it is not: "this
  test is needed");
* :class:`InJurisdiction` — a label rule's jurisdiction (compared with the context);
* :class:`Constant` — always true or always false (a withdrawn drug).

Composites nest: :class:`All`, :class:`Any`, :class:`Not` and :class:`AtLeast`.

Logic is strong Kleene (SQL ``NULL`` truth tables): a leaf on an unknown fact is
*unknown*; ``All`` is false if any part is false, else unknown if any part is unknown;
``Any`` is true if any part is true, else unknown if any part is unknown; ``Not`` swaps
true and false. Truth values are the integers 0 (false) < 1 (unknown) < 2 (true), so
``All`` is a minimum, ``Any`` a maximum and ``Not`` is ``2 - x``: the same encoding works
in SQL engines (see ARCHITECTURE.md, principle 5).

Facts may be intervals: a count over an incomplete history (``prior_regimens`` "at least
2" makes ``>= 2`` true but leaves ``<= 1`` unknown), or a result reported as a limit (MRD
"not detected" at sensitivity s is [0, s), deciding ``>= 1e-3`` only when s <= 1e-3). A
threshold is decided only when the whole interval lies on one side of it.

Two evaluations share these semantics: :func:`compile_criterion` turns a tree into a fast
function over a :class:`~allmodel.facts.Facts` record's value tuples (screening uses it),
and :func:`evaluate` returns a :class:`NodeResult` tree with the observed values, the
expected values, and for unknown nodes the model fields that would decide them.
"""

from __future__ import annotations

import enum
import math
import typing
from collections.abc import Callable, Iterator
from datetime import date
from typing import ClassVar, Literal, TypeAlias

import attrs

from allmodel._model import InRange, Matches, Model, NonEmpty, checks
from allmodel.errors import Problem, RuleError, UnitError, ValidationError
from allmodel.facts import Facts, FactType, fact_index, fact_spec
from allmodel.facts._schema import FACT_UNITS
from allmodel.units import UNITS, convert, parse_unit

__all__ = [
    "All",
    "Any",
    "AtLeast",
    "Compiled",
    "Constant",
    "Context",
    "Criterion",
    "InJurisdiction",
    "Is",
    "IsIn",
    "Jurisdiction",
    "JurisdictionCode",
    "Known",
    "Leaf",
    "NodeResult",
    "Not",
    "Op",
    "Threshold",
    "Truth",
    "compile_criterion",
    "evaluate",
    "fold",
    "live_facts",
    "walk",
]


class Truth(enum.IntEnum):
    """A three-valued truth: false < unknown < true."""

    FALSE = 0
    UNKNOWN = 1
    TRUE = 2


class Jurisdiction(enum.StrEnum):
    """Whose drug labels apply to label-based rules."""

    US = "US"
    EU = "EU"

    @classmethod
    def of(cls, value: Jurisdiction | JurisdictionCode) -> Jurisdiction:
        """The jurisdiction ``value`` names (a member, or its code ``"US"`` / ``"EU"``).

        Raises:
            RuleError: ``value`` names no jurisdiction.
        """
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(member.value for member in cls)
            raise RuleError(f"unknown jurisdiction {value!r} (allowed: {allowed})") from None


#: The codes of :class:`Jurisdiction`, for arguments that take either (mypy refuses
#: ``"us"`` or ``"UK"`` before the code runs).
JurisdictionCode: TypeAlias = Literal["US", "EU"]


class Op(enum.StrEnum):
    """Comparison operators of :class:`Threshold` (kept exactly as each source writes them)."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EQ = "=="


@attrs.frozen(kw_only=True)
class Context:
    """What evaluation needs besides the patient's facts.

    Args:
        as_of: The date the facts describe.
        jurisdiction: Whose labels apply (US or EU).
    """

    as_of: date
    jurisdiction: Jurisdiction = Jurisdiction.US


_ID = Matches(r"[a-z0-9][a-z0-9_.-]*", "a lower-case identifier (letters, digits, _ . -)")


@attrs.frozen(kw_only=True)
class Criterion(Model):
    """Base of every criterion node.

    Args:
        id: Stable identifier, unique within its option (reports key on it).
        text: What it requires, in a short phrase of our own words.
        citations: Review reference numbers, labels or registry ids it encodes.
    """

    kind: ClassVar[str] = ""

    id: str = attrs.field(metadata=checks(_ID))
    text: str = attrs.field(metadata=checks(NonEmpty()))
    citations: tuple[str, ...] = ()


def _fact_problem(name: str, *types: FactType) -> ValidationError | None:
    try:
        spec = fact_spec(name)
    except RuleError:
        return ValidationError([Problem("fact", f"unknown fact {name!r}")])
    if types and spec.type not in types:
        wanted = " or ".join(t.value for t in types)
        return ValidationError(
            [
                Problem(
                    "fact", f"{name!r} is a {spec.type.value} fact; this criterion needs {wanted}"
                )
            ]
        )
    return None


@attrs.frozen(kw_only=True)
class Threshold(Criterion):
    """A numeric fact compared with a constant: ``fact op value [unit]``.

    The value is converted to the fact's unit when the criterion is built (so ``platelets
    >= 50000 /uL`` and ``platelets >= 50 10^9/L`` are the same rule); units that cannot be
    converted to the fact's unit are refused.
    """

    kind: ClassVar[str] = "threshold"

    fact: str
    op: Op
    value: float
    unit: str | None = None
    _converted: float = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        spec = fact_spec(self.fact)
        converted = float(self.value)
        if self.unit is not None and spec.unit is not None and self.unit != spec.unit:
            converted = convert(self.value, self.unit, spec.unit)
        object.__setattr__(self, "_converted", converted)

    def _consistency(self) -> Iterator[ValidationError]:
        problem = _fact_problem(self.fact, FactType.NUMBER, FactType.INTEGER)
        if problem is not None:
            yield problem
            return
        spec = fact_spec(self.fact)
        if spec.unit is None:
            if self.unit is not None:
                yield UnitError([Problem("unit", f"{self.fact!r} has no unit; got {self.unit!r}")])
        elif self.unit is None:
            yield UnitError([Problem("unit", f"is required: {self.fact!r} is in {spec.unit}")])
        elif self.unit != spec.unit:
            if spec.unit in FACT_UNITS or self.unit not in UNITS:
                yield UnitError(
                    [
                        Problem(
                            "unit",
                            f"{self.unit!r} cannot be compared with {self.fact!r} ({spec.unit})",
                        )
                    ]
                )
            else:
                try:
                    parse_unit(self.unit, UNITS[spec.unit].dimension)
                except UnitError as error:
                    yield UnitError([Problem("unit", f"{error.problems[0].message} ({self.fact})")])
                    return
                converted = convert(self.value, self.unit, spec.unit)
                if not math.isfinite(converted) or (converted == 0) != (self.value == 0):
                    yield ValidationError(
                        [
                            Problem(
                                "value",
                                f"{self.value:g} {self.unit} is out of range in {spec.unit}"
                                f" ({self.fact}): the conversion gives {converted:g}",
                            )
                        ]
                    )

    @property
    def threshold(self) -> float:
        """The constant in the fact's own unit."""
        return self._converted

    def expected(self) -> str:
        """What the fact must be (``>= 18 years``)."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.op.value} {self.value:g}{unit}"


@attrs.frozen(kw_only=True)
class IsIn(Criterion):
    """A category fact that must be one of ``values``."""

    kind: ClassVar[str] = "is_in"

    fact: str
    values: tuple[str, ...] = attrs.field(metadata=checks(NonEmpty()))

    def _consistency(self) -> Iterator[ValidationError]:
        problem = _fact_problem(self.fact, FactType.CATEGORY)
        if problem is not None:
            yield problem
            return
        allowed = fact_spec(self.fact).categories
        wrong = [value for value in self.values if value not in allowed]
        if wrong:
            yield ValidationError(
                [Problem("values", f"{wrong} not among {self.fact!r} values: {', '.join(allowed)}")]
            )

    def expected(self) -> str:
        """What the fact must be."""
        return "one of " + ", ".join(self.values) if len(self.values) > 1 else self.values[0]


@attrs.frozen(kw_only=True)
class Is(Criterion):
    """A yes/no fact that must equal ``value``."""

    kind: ClassVar[str] = "is"

    fact: str
    value: bool = True

    def _consistency(self) -> Iterator[ValidationError]:
        problem = _fact_problem(self.fact, FactType.BOOLEAN)
        if problem is not None:
            yield problem

    def expected(self) -> str:
        """What the fact must be."""
        return "yes" if self.value else "no"


@attrs.frozen(kw_only=True)
class Known(Criterion):
    """The fact must be known: true when it is, unknown (never false) when it is not."""

    kind: ClassVar[str] = "known"

    fact: str

    def _consistency(self) -> Iterator[ValidationError]:
        problem = _fact_problem(self.fact)
        if problem is not None:
            yield problem

    def expected(self) -> str:
        """What the fact must be."""
        return "recorded"


@attrs.frozen(kw_only=True)
class InJurisdiction(Criterion):
    """True when the context's jurisdiction is one of ``jurisdictions``."""

    kind: ClassVar[str] = "in_jurisdiction"

    jurisdictions: tuple[Jurisdiction, ...] = attrs.field(metadata=checks(NonEmpty()))


@attrs.frozen(kw_only=True)
class Constant(Criterion):
    """Always ``value`` (for example false for a drug withdrawn before the ruleset's date)."""

    kind: ClassVar[str] = "constant"

    value: bool


@attrs.frozen(kw_only=True)
class All(Criterion):
    """True when every part is true (strong Kleene AND)."""

    kind: ClassVar[str] = "all"

    parts: tuple[Node, ...] = attrs.field(metadata=checks(NonEmpty()))


@attrs.frozen(kw_only=True)
class Any(Criterion):
    """True when some part is true (strong Kleene OR)."""

    kind: ClassVar[str] = "any"

    parts: tuple[Node, ...] = attrs.field(metadata=checks(NonEmpty()))


@attrs.frozen(kw_only=True)
class Not(Criterion):
    """True when the part is false, false when it is true, unknown otherwise."""

    kind: ClassVar[str] = "not"

    part: Node


@attrs.frozen(kw_only=True)
class AtLeast(Criterion):
    """True when at least ``count`` parts are true; false when too few can still be."""

    kind: ClassVar[str] = "at_least"

    count: int = attrs.field(metadata=checks(InRange(low=1)))
    parts: tuple[Node, ...] = attrs.field(metadata=checks(NonEmpty()))

    def _consistency(self) -> Iterator[ValidationError]:
        if self.count > len(self.parts):
            yield ValidationError([Problem("count", f"exceeds the {len(self.parts)} parts")])


Leaf: TypeAlias = Threshold | IsIn | Is | Known | InJurisdiction | Constant
Node: TypeAlias = Leaf | All | Any | Not | AtLeast

#: The node classes by their ``kind`` tag (the JSON form's discriminator).
NODE_KINDS: dict[str, type[Criterion]] = {
    cls.kind: cls
    for cls in (Threshold, IsIn, Is, Known, InJurisdiction, Constant, All, Any, Not, AtLeast)
}


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, depth first, parents before children."""
    yield node
    if isinstance(node, (All, Any, AtLeast)):
        for part in node.parts:
            yield from walk(part)
    elif isinstance(node, Not):
        yield from walk(node.part)


def duplicate_ids(node: Node) -> list[str]:
    """Ids used by more than one node of the tree."""
    seen: set[str] = set()
    repeated: list[str] = []
    for item in walk(node):
        if item.id in seen and item.id not in repeated:
            repeated.append(item.id)
        seen.add(item.id)
    return repeated


# --- compiled evaluation ------------------------------------------------------------

#: A compiled criterion: ``(values, upper) -> 0 | 1 | 2`` over a Facts record's tuples.
Compiled: TypeAlias = Callable[[tuple[typing.Any, ...], tuple[typing.Any, ...]], int]

_F, _U, _T = 0, 1, 2


def _compile_threshold(node: Threshold) -> Compiled:
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


def fold(node: Node, context: Context) -> Node | int:
    """Partially evaluate a tree under ``context``: a constant truth, or the live tree.

    Jurisdiction and constant leaves are resolved; an ``All`` with a false part is false,
    an ``Any`` with a true part is true, and parts that cannot change the result are
    dropped. The result has the same truth as ``node`` for every fact row.
    """
    if isinstance(node, (InJurisdiction, Constant)):
        return _static(node, context)
    if isinstance(node, Not):
        inner = fold(node.part, context)
        return 2 - inner if isinstance(inner, int) else attrs.evolve(node, part=inner)
    if isinstance(node, (All, Any)):
        decisive, neutral = (_F, _T) if isinstance(node, All) else (_T, _F)
        live: list[Node] = []
        for part in node.parts:
            folded = fold(part, context)
            if isinstance(folded, int):
                if folded == decisive:
                    return decisive
                continue  # the neutral value: constants are only ever true or false
            live.append(folded)
        if not live:
            return neutral
        return live[0] if len(live) == 1 else attrs.evolve(node, parts=tuple(live))
    return node  # leaves on facts, and AtLeast, are evaluated as they are


def live_facts(node: Node, context: Context) -> frozenset[str]:
    """The facts that can still decide ``node`` under ``context`` (after :func:`fold`)."""
    folded = fold(node, context)
    if isinstance(folded, int):
        return frozenset()
    return frozenset(
        item.fact for item in walk(folded) if isinstance(item, (Threshold, IsIn, Is, Known))
    )


def compile_criterion(node: Node, context: Context) -> Compiled:
    """Compile a criterion tree into a function over fact value tuples.

    The tree is first folded under the context (:func:`fold`: jurisdiction resolved,
    decided branches dropped); the result is pure float, enum and boolean comparisons
    with short-circuiting ``All``/``Any``.
    """
    folded = fold(node, context)
    if isinstance(folded, int):
        constant = folded
        return lambda values, upper: constant
    return _compile(folded, context)


def _compile(node: Node, context: Context) -> Compiled:
    if isinstance(node, Threshold):
        return _compile_threshold(node)
    if isinstance(node, IsIn):
        i = fact_index(node.fact)
        allowed = frozenset(node.values)

        def is_in(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
            value = values[i]
            if value is None:
                return _U
            return _T if value in allowed else _F

        return is_in
    if isinstance(node, Is):
        i = fact_index(node.fact)
        wanted = node.value

        def is_(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
            value = values[i]
            if value is None:
                return _U
            return _T if value is wanted else _F

        return is_
    if isinstance(node, Known):
        i = fact_index(node.fact)

        def known(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
            return _U if values[i] is None else _T

        return known
    if isinstance(node, (InJurisdiction, Constant)):
        fixed = _static(node, context)
        return lambda values, upper: fixed
    if isinstance(node, Not):
        part = node.part
        if isinstance(part, Is):
            # the commonest exclusion, "not <flag>", in one closure (no extra call layer)
            j = fact_index(part.fact)
            excluded = part.value

            def not_is(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
                value = values[j]
                if value is None:
                    return _U
                return _F if value is excluded else _T

            return not_is
        inner = _compile(part, context)
        return lambda values, upper: 2 - inner(values, upper)
    parts = tuple(_compile(part, context) for part in node.parts)
    if isinstance(node, All):

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
    if isinstance(node, Any):

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
    counted = node

    def at_least(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
        return _combine(counted, [part(values, upper) for part in parts])

    return at_least


def _static(node: InJurisdiction | Constant, context: Context) -> int:
    if isinstance(node, Constant):
        return _T if node.value else _F
    return _T if context.jurisdiction in node.jurisdictions else _F


# --- evaluation with evidence ---------------------------------------------------------


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


def _combine(node: All | Any | AtLeast, truths: list[int]) -> int:
    if isinstance(node, All):
        return min(truths)
    if isinstance(node, Any):
        return max(truths)
    true = truths.count(_T)
    if true >= node.count:
        return _T
    return _U if true + truths.count(_U) >= node.count else _F


def evaluate(node: Node, facts: Facts, context: Context) -> NodeResult:
    """Evaluate ``node`` with evidence: status, observed and expected values, missing fields.

    Gives the same status as :func:`compile_criterion` for every node. A branch that the
    context alone decides (a jurisdiction or a constant, see :func:`fold`) is shown with
    its fact leaves *not evaluated*: they cannot change the result, so the explanation of
    an option never depends on which facts happened to be derived.
    """
    return _evaluate(node, facts, context, decided=False)


_NOT_EVALUATED = "not evaluated: the result is decided without it"


# Caches keyed by node identity (hashing a frozen tree would walk it): criteria live as
# long as their ruleset, and each entry keeps its node alive, so ids are not reused.
_decided_cache: dict[tuple[int, Jurisdiction], tuple[Node, bool]] = {}
_leaf_cache: dict[int, tuple[Node, Compiled]] = {}
_TRUTHS = (Truth.FALSE, Truth.UNKNOWN, Truth.TRUE)
_CACHE_LIMIT = 50_000  # bounded: criteria built on the fly must not pile up


def _decided(node: Node, jurisdiction: Jurisdiction) -> bool:
    """Whether the jurisdiction alone (or a constant) decides ``node``."""
    key = (id(node), jurisdiction)
    found = _decided_cache.get(key)
    if found is None or found[0] is not node:
        context = Context(as_of=date.min, jurisdiction=jurisdiction)
        found = (node, isinstance(fold(node, context), int))
        if len(_decided_cache) >= _CACHE_LIMIT:
            _decided_cache.clear()
        _decided_cache[key] = found
    return found[1]


def _leaf(node: Threshold | IsIn | Is | Known) -> Compiled:
    found = _leaf_cache.get(id(node))
    if found is None or found[0] is not node:
        found = (node, _compile(node, Context(as_of=date.min)))
        if len(_leaf_cache) >= _CACHE_LIMIT:
            _leaf_cache.clear()
        _leaf_cache[id(node)] = found
    return found[1]


def _evaluate(node: Node, facts: Facts | None, context: Context, *, decided: bool) -> NodeResult:
    if not decided and _decided(node, context.jurisdiction):
        decided = True
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
        status = _TRUTHS[_leaf(node)(facts.values, facts.upper)]
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
        status = Truth(_static(node, context))
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
        return NodeResult(
            id=node.id,
            kind=node.kind,
            text=node.text,
            status=_TRUTHS[2 - child.status],
            citations=node.citations,
            children=(child,),
            fact=child.fact,
            observed=child.observed,
            expected=f"not {child.expected}" if child.expected else None,
        )
    children = tuple(_evaluate(part, facts, context, decided=decided) for part in node.parts)
    return NodeResult(
        id=node.id,
        kind=node.kind,
        text=node.text,
        status=_TRUTHS[_combine(node, [child.status for child in children])],
        citations=node.citations,
        children=children,
    )
