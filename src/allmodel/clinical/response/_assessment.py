"""The input and output of response classification: the assessment, categories, results."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from allmodel._display import html_table, jsonable
from allmodel._model import InRange, Model, checks
from allmodel.measures import CountConcentration
from allmodel.model._course import Remission, RemissionKind

__all__ = ["ResponseAssessment", "ResponseCategory", "ResponseResult"]


# --- the assessment ---------------------------------------------------------------------

_PERCENT = InRange(0, 100)
_COUNT = InRange(low=0, unit="10^9/L")


@attrs.frozen(kw_only=True)
class ResponseAssessment(Model):
    """One dated response assessment of marrow, blood and extramedullary sites.

    Counts are compared in 10^9/L whatever unit they are given in, so 45,000 /uL and
    45 x10^9/L classify the same. Every field but ``date`` may be ``None`` (not done or
    not reported).

    Args:
        date: Date of the assessment.
        marrow_blasts_percent: Marrow blasts, 0 to 100 %.
        blood_blasts_percent: Circulating blasts as a percentage of white cells, 0 to
            100 %; 0 means no circulating blasts.
        wbc: White cell count, used with ``blood_blasts_percent`` for the absolute
            circulating blast count.
        extramedullary_disease: Whether extramedullary disease (CNS or other) is present.
        anc: Absolute neutrophil count.
        platelets: Platelet count.
        marrow_cellularity_percent: Marrow cellularity, 0 to 100 %.

    Raises:
        ValidationError: A percentage outside 0-100 or a negative count.
        UnitError: A count in a unit that is not a count per volume.
    """

    date: date
    marrow_blasts_percent: float | None = attrs.field(
        default=None, metadata=checks(_PERCENT, doc="marrow blasts, %")
    )
    blood_blasts_percent: float | None = attrs.field(
        default=None, metadata=checks(_PERCENT, doc="circulating blasts, % of white cells")
    )
    wbc: CountConcentration | None = attrs.field(
        default=None, metadata=checks(_COUNT, doc="white blood cells")
    )
    extramedullary_disease: bool | None = None
    anc: CountConcentration | None = attrs.field(
        default=None, metadata=checks(_COUNT, doc="absolute neutrophil count")
    )
    platelets: CountConcentration | None = attrs.field(
        default=None, metadata=checks(_COUNT, doc="platelet count")
    )
    marrow_cellularity_percent: float | None = attrs.field(
        default=None, metadata=checks(_PERCENT, doc="marrow cellularity, %")
    )


# --- the result -------------------------------------------------------------------------


class ResponseCategory(enum.StrEnum):
    """What :func:`classify_response` concludes."""

    CR = "CR"
    CRH = "CRh"
    CRI = "CRi"
    #: Refractory: no remission category reached by a patient not in remission.
    NO_RESPONSE = "no_response"
    RELAPSE = "relapse"
    PROGRESSIVE_DISEASE = "progressive_disease"
    #: The set defines no category for this picture: a disease-free marrow whose counts
    #: reach no remission category of the set (in blinatumomab trials, neither count at
    #: its CR cut and not both at the CRh cuts; decision-2).
    UNCLASSIFIED = "unclassified"
    #: Missing inputs could change the answer; the result names them.
    UNKNOWN = "unknown"

    @property
    def is_remission(self) -> bool:
        """CR, CRh and CRi are remissions."""
        return self in _REMISSION_KINDS


_REMISSION_KINDS: Mapping[ResponseCategory, RemissionKind] = {
    ResponseCategory.CR: RemissionKind.CR,
    ResponseCategory.CRH: RemissionKind.CRH,
    ResponseCategory.CRI: RemissionKind.CRI,
}


@attrs.frozen(kw_only=True)
class ResponseResult:
    """The response category of one assessment under one criteria set, with its evidence.

    Args:
        category: The category reached.
        criteria: Name of the criteria set applied.
        date: Date of the assessment.
        missing: For ``UNKNOWN``, the inputs whose values would decide it, sorted
            (assessment field names; ``previous.<field>`` for the previous assessment;
            ``in_remission`` for the remission status before the assessment).
        reasons: Short explanations naming observed values and cuts.
        notes: Remarks that do not change the category (low marrow cellularity).
        citations: Sources of the definitions applied.
    """

    category: ResponseCategory
    criteria: str
    date: date
    missing: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()

    @property
    def remission(self) -> Remission | None:
        """The remission this result documents (CR, CRh, CRi), else ``None``."""
        kind = _REMISSION_KINDS.get(self.category)
        return None if kind is None else Remission(kind=kind, date=self.date)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the result."""
        result: dict[str, Any] = jsonable(self)
        return result

    def __str__(self) -> str:
        lines = [f"{self.category.value} ({self.criteria}, {self.date.isoformat()})"]
        lines.extend(f"  {reason}" for reason in self.reasons)
        if self.missing:
            lines.append(f"  needs: {', '.join(self.missing)}")
        lines.extend(f"  note: {note}" for note in self.notes)
        lines.extend(f"  source: {citation}" for citation in self.citations)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(reason,) for reason in self.reasons]
        rows += [(f"needs {field}",) for field in self.missing]
        caption = f"{self.category.value} ({self.criteria}, {self.date.isoformat()})"
        return html_table(
            ("evidence",), rows, caption=caption, notes=(*self.notes, *self.citations)
        )
