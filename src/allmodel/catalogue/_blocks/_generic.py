"""Builders of a criterion over any fact, and of a jurisdiction branch.

They carry no clinical meaning of their own: the caller names the fact and writes the
text. Each takes what is tested first, then the text, then the citations, and a
keyword-only ``id`` that defaults to the fact's name.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from allmodel.catalogue._blocks._citations import Cites, cite
from allmodel.criteria import InJurisdiction, Is, IsIn, Jurisdiction, Node, Not, Op, Threshold

__all__ = [
    "EU",
    "US",
    "absent",
    "count_at_least",
    "flag",
    "in_jurisdiction",
    "not_",
    "one_of",
    "threshold",
]

#: The jurisdictions whose labels the options follow (decision-1).
US, EU = Jurisdiction.US, Jurisdiction.EU


def flag(fact: str, text: str, *citations: Cites, id: str | None = None, value: bool = True) -> Is:
    """A yes/no fact that must be ``value`` (true by default): a recorded finding, or a
    dated judgement of the treating team (unknown when absent or no longer current)."""
    return Is(id=id or fact, text=text, fact=fact, value=value, citations=cite(*citations))


def threshold(
    fact: str,
    op: Op,
    value: float,
    unit: str | None,
    text: str,
    *citations: Cites,
    id: str | None = None,
) -> Threshold:
    """``fact op value unit``: a numeric fact compared with a constant."""
    return Threshold(
        id=id or fact,
        text=text,
        fact=fact,
        op=op,
        value=value,
        unit=unit,
        citations=cite(*citations),
    )


def count_at_least(
    fact: str, count: int, text: str, *citations: Cites, id: str | None = None
) -> Threshold:
    """A count fact (``prior_regimens``, ``tki_failures`` ...) of at least ``count``."""
    return threshold(fact, Op.GE, count, "count", text, *citations, id=id)


def one_of(
    fact: str, values: Iterable[enum.StrEnum], text: str, *citations: Cites, id: str | None = None
) -> IsIn:
    """A category fact that must be one of ``values``, given as the model's enum members."""
    return IsIn(
        id=id or fact,
        text=text,
        fact=fact,
        values=tuple(value.value for value in values),
        citations=cite(*citations),
    )


def not_(part: Node, text: str, *citations: Cites, id: str | None = None) -> Not:
    """``Not(part)`` with its own text; its id defaults to ``not_<part id>``."""
    return Not(id=id or f"not_{part.id}", text=text, part=part, citations=cite(*citations))


def absent(fact: str, text: str, *citations: Cites, id: str | None = None) -> Not:
    """An exclusion on a yes/no fact: true when recorded absent, unknown when unrecorded.

    The inner node is ``flag(fact, text, id=id)`` (id defaults to the fact's name), the
    exclusion's id ``not_<inner id>`` and its text ``no <text>``; both carry the citations.
    """
    return not_(flag(fact, text, *citations, id=id), f"no {text}", *citations)


def in_jurisdiction(
    jurisdiction: Jurisdiction, *citations: Cites, id: str | None = None
) -> InJurisdiction:
    """The screening follows ``jurisdiction``'s labels (id ``jurisdiction_us`` / ``_eu``)."""
    return InJurisdiction(
        id=id or f"jurisdiction_{jurisdiction.value.lower()}",
        text=f"{jurisdiction.value} label",
        jurisdictions=(jurisdiction,),
        citations=cite(*citations),
    )
