"""Measurable (minimal) residual disease results.

A result records the method (multiparameter flow cytometry, quantitative PCR of IG/TR
rearrangements or fusion transcripts, or next-generation sequencing; pub-vandongen-2015),
the level as a fraction of nucleated cells (``1e-4`` is 0.01 %; ``0`` means none
detected), the assay's sensitivity as the lowest fraction it can detect, the sample and
the date. Whether a result counts as MRD-negative depends on both level and sensitivity:
:func:`mrd_status` makes that call (review refs 10, 18-20; decision-4).
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Iterable
from datetime import date

import attrs

from allmodel._model import Model, PickledByFields, _number, checks, pickled_by_name
from allmodel.model._dated import agreed, latest_day
from allmodel.model._plausibility import PLAUSIBLE

__all__ = [
    "BLINATUMOMAB_MRD_AT_OR_ABOVE",
    "MRD_NEGATIVE_BELOW",
    "MRD_REQUIRED_SENSITIVITY",
    "InsufficientSensitivityWarning",
    "MrdMethod",
    "MrdResult",
    "MrdStatus",
    "Sample",
    "classify_mrd",
    "latest_mrd",
    "mrd_call",
    "mrd_status",
]

#: MRD below 1e-4 (0.01 %) is negative (web-pmc-hemasphere-mrd-response-table; the FDA's
#: inotuzumab wording, web-fda-inotuzumab-pediatric-2024; review-ref-10: "undetectable MRD
#: (<0.01 percent)"). Strict: exactly 1e-4 is positive.
MRD_NEGATIVE_BELOW = 1e-4

#: A negative result counts only from an assay that detects 1e-4 or less
#: (pub-vandongen-2015: techniques must be sensitive to <= 1e-4; decision-4).
#: Inclusive: a sensitivity of exactly 1e-4 suffices.
MRD_REQUIRED_SENSITIVITY = 1e-4

#: The blinatumomab MRD indication needs MRD at or above 1e-3 (0.1 %), inclusive: US label
#: 2018 and EU SmPC (label-us-blincyto, label-eu-blincyto), and the BLAST trial entry
#: (review-ref-20; decision-4).
BLINATUMOMAB_MRD_AT_OR_ABOVE = 1e-3


@pickled_by_name
class MrdMethod(enum.StrEnum):
    """MRD assay technique."""

    FLOW_CYTOMETRY = "flow_cytometry"
    PCR = "pcr"
    NGS = "ngs"


@pickled_by_name
class Sample(enum.StrEnum):
    """Where the sample came from."""

    BONE_MARROW = "bone_marrow"
    PERIPHERAL_BLOOD = "peripheral_blood"


@attrs.frozen(kw_only=True)
class MrdResult(Model, PickledByFields):
    """One MRD measurement.

    Args:
        date: Date of the sample.
        method: Assay technique.
        level: Leukemic cells as a fraction of nucleated cells: 0 (not detected) or
            1e-8 to 1 (the plausible range, :data:`allmodel.model.PLAUSIBLE`
            ``mrd_level``).
        sensitivity: The lowest fraction the assay can detect (``1e-4`` reaches 0.01 %),
            1e-8 to 1 (``mrd_sensitivity``); ``None`` when not reported.
        sample: Bone marrow or peripheral blood.
    """

    date: date
    method: MrdMethod
    level: float = attrs.field(
        metadata=checks(PLAUSIBLE["mrd_level"], doc="fraction of nucleated cells")
    )
    sensitivity: float | None = attrs.field(
        default=None,
        metadata=checks(PLAUSIBLE["mrd_sensitivity"], doc="lowest detectable fraction"),
    )
    sample: Sample | None = None


def mrd_reading(result: MrdResult) -> tuple[float, float | None, Sample | None]:
    """What a reader takes from a result: its level, sensitivity and sample (two results
    of one day agree when these are equal; the method is not read)."""
    return result.level, result.sensitivity, result.sample


def latest_mrd(results: Iterable[MrdResult], *, as_of: date) -> MrdResult | None:
    """The latest MRD result dated on or before ``as_of``.

    When several results share that day they must agree (the same level, sensitivity and
    sample; two methods may agree): the first of them is returned. When they disagree the
    answer is ``None``, as when there is no result: the order of the list never chooses
    between them (the facts read the interval their levels span, and no call).
    """
    return agreed(latest_day(results, as_of), mrd_reading)


@pickled_by_name
class MrdStatus(enum.StrEnum):
    """MRD call of one result (review refs 10, 18-20; decision-4)."""

    NEGATIVE = "negative"
    POSITIVE = "positive"
    NOT_EVALUABLE = "not_evaluable"


class InsufficientSensitivityWarning(UserWarning):
    """A negative MRD result from an assay that cannot reach 1e-4 (or of unknown sensitivity)."""


def classify_mrd(result: MrdResult) -> tuple[MrdStatus | None, str]:
    """The MRD call and its reason, without warnings (for bulk derivations).

    * level at or above 1e-4: positive;
    * level below 1e-4 and sensitivity at most 1e-4: negative;
    * level below 1e-4 with a less sensitive assay: not evaluable;
    * level below 1e-4 with the sensitivity not reported: ``None`` (unknown: the call
      waits for the sensitivity, which may still show the result negative).
    """
    status = mrd_call(result)
    if status is MrdStatus.POSITIVE:
        return status, f"level {_number(result.level)} is at or above {MRD_NEGATIVE_BELOW:g}"
    detects = result.sensitivity
    if status is None or detects is None:  # the one without the other
        return None, "level below 1e-4 but the assay sensitivity is not reported"
    if status is MrdStatus.NOT_EVALUABLE:
        return status, f"level below 1e-4 from an assay that detects only {_number(detects)}"
    return (
        status,
        f"level {_number(result.level)} below 1e-4 with sensitivity {_number(detects)}",
    )


def mrd_call(result: MrdResult) -> MrdStatus | None:
    """The MRD call of :func:`classify_mrd` without its reason (what facts need: no text
    is made)."""
    if result.level >= MRD_NEGATIVE_BELOW:
        return MrdStatus.POSITIVE
    if result.sensitivity is None:
        return None
    if result.sensitivity > MRD_REQUIRED_SENSITIVITY:
        return MrdStatus.NOT_EVALUABLE
    return MrdStatus.NEGATIVE


def mrd_status(result: MrdResult) -> MrdStatus | None:
    """The MRD call of one result (see :func:`classify_mrd`); ``None`` when undecided.

    Warns:
        InsufficientSensitivityWarning: When a result below 1e-4 cannot be called negative
            because the assay is not sensitive enough (not evaluable) or its sensitivity
            is not reported (undecided).
    """
    status, reason = classify_mrd(result)
    if status is not MrdStatus.POSITIVE and status is not MrdStatus.NEGATIVE:
        kind = "not evaluable" if status is MrdStatus.NOT_EVALUABLE else "undecided"
        warnings.warn(f"MRD {kind}: {reason}", InsufficientSensitivityWarning, stacklevel=2)
    return status
