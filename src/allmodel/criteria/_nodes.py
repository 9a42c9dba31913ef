"""The criteria language: the node classes, and what evaluation is given besides facts.

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

This module says what a tree *is* (and checks that it reads existing facts in their
units); what each kind of node *means* is written once, in
:mod:`allmodel.criteria._semantics`, and both evaluators, :func:`compile_criterion`
(``_compile``) and :func:`evaluate` (``_explain``), are built from that definition.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator
from datetime import date
from typing import ClassVar, Literal, TypeAlias

import attrs

from allmodel._model import InRange, Matches, Model, NonEmpty, checks
from allmodel.errors import Problem, RuleError, UnitError, ValidationError
from allmodel.facts import FactType, fact_spec
from allmodel.facts._schema import FACT_UNITS
from allmodel.units import UNITS, convert, parse_unit

__all__ = [
    "NODE_ID",
    "NODE_KINDS",
    "All",
    "Any",
    "AtLeast",
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
    "Node",
    "Not",
    "Op",
    "Threshold",
    "Truth",
    "duplicate_ids",
    "parts_of",
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


#: How a node id is spelled (also what coverage entries name as their ``rule``).
NODE_ID = Matches(r"[a-z0-9][a-z0-9_.-]*", "a lower-case identifier (letters, digits, _ . -)")


@attrs.frozen(kw_only=True)
class Criterion(Model):
    """Base of every criterion node.

    Args:
        id: Stable identifier, unique within its option (reports key on it).
        text: What it requires, in a short phrase of our own words.
        citations: Review reference numbers, labels or registry ids it encodes.
    """

    kind: ClassVar[str] = ""

    id: str = attrs.field(metadata=checks(NODE_ID))
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


def parts_of(node: Node) -> tuple[Node, ...]:
    """The node's parts, in order: none for a leaf, one for :class:`Not`."""
    if isinstance(node, (All, Any, AtLeast)):
        return node.parts
    if isinstance(node, Not):
        return (node.part,)
    return ()


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, depth first, parents before children."""
    yield node
    for part in parts_of(node):
        yield from walk(part)


def duplicate_ids(node: Node) -> list[str]:
    """Ids used by more than one node of the tree."""
    seen: set[str] = set()
    repeated: list[str] = []
    for item in walk(node):
        if item.id in seen and item.id not in repeated:
            repeated.append(item.id)
        seen.add(item.id)
    return repeated
