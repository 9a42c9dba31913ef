"""Measurable (minimal) residual disease results.

A result records the method (multiparameter flow cytometry, quantitative PCR of IG/TR
rearrangements or fusion transcripts, or next-generation sequencing; clinical reference
A.2), the level as a fraction of nucleated cells (``1e-4`` is 0.01 %; ``0`` means none
detected), the assay's sensitivity as the lowest fraction it can detect, the sample and
the date. Whether a result counts as MRD-negative depends on both level and sensitivity;
:mod:`allmodel.response` makes that call (review refs 10, 18-20).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from allmodel._model import InRange, Model, checks

__all__ = ["MrdMethod", "MrdResult", "Sample", "latest_mrd"]


class MrdMethod(enum.StrEnum):
    """MRD assay technique."""

    FLOW_CYTOMETRY = "flow_cytometry"
    PCR = "pcr"
    NGS = "ngs"


class Sample(enum.StrEnum):
    """Where the sample came from."""

    BONE_MARROW = "bone_marrow"
    PERIPHERAL_BLOOD = "peripheral_blood"


@attrs.frozen(kw_only=True)
class MrdResult(Model):
    """One MRD measurement.

    Args:
        date: Date of the sample.
        method: Assay technique.
        level: Leukemic cells as a fraction of nucleated cells, 0 to 1 (0 = not detected).
        sensitivity: The lowest fraction the assay can detect (``1e-4`` reaches 0.01 %),
            greater than 0 and at most 1; ``None`` when not reported.
        sample: Bone marrow or peripheral blood.
    """

    date: date
    method: MrdMethod
    level: float = attrs.field(metadata=checks(InRange(0, 1), doc="fraction of nucleated cells"))
    sensitivity: float | None = attrs.field(
        default=None,
        metadata=checks(InRange(0, 1, low_inclusive=False), doc="lowest detectable fraction"),
    )
    sample: Sample | None = None


def latest_mrd(results: Iterable[MrdResult], as_of: date) -> MrdResult | None:
    """The latest MRD result dated on or before ``as_of``; the later-listed wins a tie."""
    best: MrdResult | None = None
    for result in results:
        if result.date <= as_of and (best is None or result.date >= best.date):
            best = result
    return best
