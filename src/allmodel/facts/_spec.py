"""How a fact is declared: its kind of value (:class:`FactType`) and its :class:`FactSpec`.

The declarations themselves live with the code that derives them, one module per group of
facts (:mod:`allmodel.facts._person`, :mod:`allmodel.facts._disease`, ...);
:data:`allmodel.facts.FACTS` assembles them in a fixed order.
"""

from __future__ import annotations

import enum

import attrs

from allmodel.facts._validity import Validity

__all__ = ["FACT_UNITS", "FactSpec", "FactType"]


class FactType(enum.StrEnum):
    """The kind of value a fact holds."""

    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CATEGORY = "category"


#: Units of facts that are not physical units of the unit table.
FACT_UNITS = ("years", "months", "days", "count", "fraction", "x ULN")


@attrs.frozen(kw_only=True)
class FactSpec:
    """The declaration of one fact.

    Args:
        name: Stable name (public: criteria and cohort tables use it).
        type: Number, integer, boolean or category.
        description: What it means, in a sentence.
        sources: Model field paths it derives from; an unknown fact names these.
        unit: Unit of its values (a unit-table code or one of :data:`FACT_UNITS`).
        categories: Allowed values of a category fact.
        interval: Whether the value may be known only as an interval (a count over an
            incomplete history, a result below a limit of detection):
            :class:`~allmodel.facts.Facts` then holds ``values`` as the lower and
            ``upper`` as the upper end.
        validity: When the result behind the fact is current (``None``: the fact is not
            read from a dated test or assessment).
    """

    name: str
    type: FactType
    description: str
    sources: tuple[str, ...]
    unit: str | None = None
    categories: tuple[str, ...] = ()
    interval: bool = False
    validity: Validity | None = None

    @property
    def numeric(self) -> bool:
        """Whether thresholds apply to it."""
        return self.type in (FactType.NUMBER, FactType.INTEGER)
