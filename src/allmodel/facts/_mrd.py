"""Facts read from measurable residual disease results: the latest level and call, and in
remission the level and call of the result taken since the remission began, and whether
that result detected no leukemic cells with a sensitive enough assay.

The call is :func:`~allmodel.model.mrd_status`'s (negative needs a level below ``1e-4``
from an assay reaching ``1e-4``: review refs 10, 18-20; decision-4). A result counts only
when taken after the start of the latest regimen or transplant (and, for the facts in
remission, after
the current remission began), and within the marrow window before the screening date (an
MRD level is a marrow finding, and a long programme, such as a frontline regimen given
for months, never renews "the latest regimen"). A result that detected nothing at
sensitivity ``s`` is the interval ``[0, s)``: it decides a threshold only when the whole
interval lies on one side of it.

Only a bone-marrow result gives the level: the thresholds these facts serve are marrow
levels (the inotuzumab label's "of marrow nucleated cells", review ref 10's "marrow
blasts", the 0.1 % "in the bone marrow" of the dosing table: web-pmc-hemasphere-mrd-response-table).
When the latest result is from peripheral blood, or its sample is not recorded, the level
is ``[0, 1]`` and the call unknown: nothing in the sources relates a blood level to the
marrow's, and a blood result neither confirms nor replaces the marrow result before it.
"""

from __future__ import annotations

import math

from allmodel.clinical._timeline import REMISSION_PHASES
from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.facts._validity import Since, Validity, Window
from allmodel.model._mrd import (
    MRD_REQUIRED_SENSITIVITY,
    MrdResult,
    MrdStatus,
    Sample,
    latest_mrd,
    mrd_call,
)

__all__ = ["MRD"]

_MRD = Validity(since=(Since.LATEST_TREATMENT,), window=Window.MARROW)
_MRD_IN_REMISSION = Validity(
    since=(Since.CURRENT_REMISSION, Since.LATEST_TREATMENT), window=Window.MARROW
)
_LATEST = ("mrd_level", "mrd_status")
_IN_REMISSION = (
    "mrd_level_in_remission",
    "mrd_status_in_remission",
    "mrd_undetectable_in_remission",
)


def _mrd_bounds(result: MrdResult) -> tuple[float, float]:
    """The MRD level as an interval: exact when detected; ``[0, s)`` when none was detected
    by an assay of sensitivity ``s``; ``[0, 1]`` when the sensitivity is not reported."""
    if result.level > 0:
        return result.level, result.level
    if result.sensitivity is None:
        return 0.0, 1.0
    return 0.0, math.nextafter(result.sensitivity, 0.0)


def _not_marrow(result: MrdResult) -> str | None:
    """Why ``result`` says nothing of the marrow level, or ``None`` for a marrow result."""
    if result.sample is Sample.BONE_MARROW:
        return None
    if result.sample is None:
        return "sample not recorded: a marrow level is needed"
    return "peripheral blood: a marrow level is needed"


def _set_mrd(r: Record, result: MrdResult, level: str, status: str) -> None:
    why = _not_marrow(result)
    if why is not None:
        r.values[level] = 0.0
        r.upper[level] = 1.0
        r.remarks[level] = r.remarks[status] = why
        r.values[status] = None
        r.observed[level] = r.observed[status] = result.date
        return
    low, high = _mrd_bounds(result)
    r.values[level] = low
    if high != low:
        r.upper[level] = high
        sensitivity = result.sensitivity
        r.remarks[level] = (
            f"not detected at sensitivity {sensitivity:g}"
            if sensitivity is not None
            else "not detected; assay sensitivity not reported"
        )
    r.values[status] = mrd_call(result)
    r.observed[level] = r.observed[status] = result.date


def _derive_mrd(r: Record) -> None:
    mrd = latest_mrd(r.patient.mrd, as_of=r.as_of) if r.patient.mrd else None
    values = r.values
    level, status = _LATEST
    values[level] = values[status] = None
    if mrd is not None and r.all_current(_LATEST, mrd.date):
        _set_mrd(r, mrd, level, status)
    for name in _IN_REMISSION:
        values[name] = None
    if r.phase not in REMISSION_PHASES or mrd is None:
        return
    if not r.all_current(_IN_REMISSION, mrd.date):
        return
    level, status, undetectable = _IN_REMISSION
    _set_mrd(r, mrd, level, status)
    sensitive = mrd.sensitivity is not None and mrd.sensitivity <= MRD_REQUIRED_SENSITIVITY
    if _not_marrow(mrd) is not None:
        values[undetectable] = None
    else:
        values[undetectable] = False if mrd.level > 0 else (True if sensitive else None)
    r.observed[undetectable] = mrd.date


#: MRD.
MRD = FactGroup(
    derive=_derive_mrd,
    facts=(
        FactSpec(
            name="mrd_level",
            type=FactType.NUMBER,
            description="Latest MRD level, as a fraction of nucleated cells; 'not detected'"
            " at sensitivity s is the interval [0, s); [0, 1] when that result is not from"
            " the bone marrow (blood, or the sample not recorded).",
            sources=("mrd",),
            unit="fraction",
            interval=True,
            validity=_MRD,
        ),
        FactSpec(
            name="mrd_status",
            type=FactType.CATEGORY,
            description="MRD call of the latest result (negative needs < 1e-4 from an assay"
            " reaching 1e-4); unknown when it is not from the bone marrow.",
            sources=("mrd",),
            categories=tuple(MrdStatus),
            validity=_MRD,
        ),
        FactSpec(
            name="mrd_level_in_remission",
            type=FactType.NUMBER,
            description="In remission: the level of the latest MRD result taken since the"
            " current remission began (and since the latest regimen or transplant); 'not"
            " detected' at sensitivity s is the interval [0, s).",
            sources=("mrd", "course.remissions"),
            unit="fraction",
            interval=True,
            validity=_MRD_IN_REMISSION,
        ),
        FactSpec(
            name="mrd_status_in_remission",
            type=FactType.CATEGORY,
            description="In remission: the MRD call of that same result (see"
            " mrd_level_in_remission).",
            sources=("mrd", "course.remissions"),
            categories=tuple(MrdStatus),
            validity=_MRD_IN_REMISSION,
        ),
        FactSpec(
            name="mrd_undetectable_in_remission",
            type=FactType.BOOLEAN,
            description="In remission: the current MRD result detected no leukemic cells with"
            " an assay reaching 1e-4; false when it detected any; unknown with a less"
            " sensitive or unreported assay, or a sample other than bone marrow.",
            sources=("mrd", "course.remissions"),
            validity=_MRD_IN_REMISSION,
        ),
    ),
)
