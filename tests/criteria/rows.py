"""Facts rows built by hand, contexts, and small criterion trees shared by the tests of the
criteria language.

A facts row is a :class:`~allmodel.facts.Facts` with ``None`` everywhere except the facts a
test sets, so the criteria tests do not depend on any patient.
"""

from __future__ import annotations

from datetime import date

from allmodel.criteria import (
    Constant,
    Context,
    Jurisdiction,
    Known,
    Node,
    Op,
    Threshold,
    Truth,
    compile_criterion,
    evaluate,
)
from allmodel.facts import FACTS, Facts, fact_index

AS_OF = date(2022, 12, 31)
US = Context(as_of=AS_OF, jurisdiction=Jurisdiction.US)
EU = Context(as_of=AS_OF, jurisdiction=Jurisdiction.EU)
T, U, F = Truth.TRUE, Truth.UNKNOWN, Truth.FALSE
LETTER = {"T": T, "U": U, "F": F}


def row(upper: dict[str, object] | None = None, **values: object) -> Facts:
    """A facts row: the given values (exact unless ``upper`` gives a bound), else unknown."""
    lows: list[object] = [None] * len(FACTS)
    highs: list[object] = [None] * len(FACTS)
    for name, value in values.items():
        lows[fact_index(name)] = highs[fact_index(name)] = value
    for name, high in (upper or {}).items():
        highs[fact_index(name)] = high
    return Facts(AS_OF, tuple(lows), tuple(highs), (None,) * len(FACTS))


EMPTY = row()


def truths(node: Node, facts: Facts = EMPTY, context: Context = US) -> tuple[Truth, Truth]:
    """The compiled and the evidence-producing evaluation of ``node``."""
    compiled = Truth(compile_criterion(node, context)(facts.values, facts.upper))
    return compiled, evaluate(node, facts, context).status


def part(letter: str, index: int) -> Node:
    """A leaf that is true (T), false (F) or unknown (U) on the empty row, with id ``p<index>``."""
    if letter == "U":
        return Known(id=f"p{index}", text=f"part {index}", fact="ecog")
    return Constant(id=f"p{index}", text=f"part {index}", value=letter == "T")


def parts(letters: str) -> tuple[Node, ...]:
    """One :func:`part` per letter."""
    return tuple(part(letter, index) for index, letter in enumerate(letters))


# --- leaves --------------------------------------------------------------------------------


def threshold(
    op: Op, value: float, fact: str = "prior_regimens", unit: str | None = "count"
) -> Threshold:
    """A threshold leaf with id ``t``."""
    return Threshold(id="t", text="threshold", fact=fact, op=op, value=value, unit=unit)


#: (value, upper) of one fact; (None, None) is unknown.
Bounds = tuple[object, object]


def as_facts(values: dict[str, Bounds]) -> Facts:
    """A facts row from (value, upper) pairs."""
    lows = {name: low for name, (low, _) in values.items()}
    highs = {name: high for name, (_, high) in values.items()}
    return row(upper=highs, **lows)
