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

Several results of the latest day are read together, never the one listed last: when
they disagree the level is the interval their levels span, and the call (and whether
MRD was undetectable) is unknown unless they all give the same one.
"""

from __future__ import annotations

import math
from datetime import date

from allmodel.clinical._phase import REMISSION_PHASES
from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.facts._validity import Since, Validity, Window
from allmodel.model._dated import disagree, latest_day
from allmodel.model._mrd import (
    MRD_REQUIRED_SENSITIVITY,
    MrdResult,
    MrdStatus,
    Sample,
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


#: What one result gives: its level as an interval, why it says nothing of the marrow
#: (``None`` for a marrow result), its call, and whether it detected nothing with an assay
#: reaching 1e-4.
_Reading = tuple[tuple[float, float], str | None, MrdStatus | None, bool | None]


def _reading(result: MrdResult) -> _Reading:
    why = _not_marrow(result)
    if why is not None:
        return (0.0, 1.0), why, None, None
    sensitive = result.sensitivity is not None and result.sensitivity <= MRD_REQUIRED_SENSITIVITY
    undetectable = False if result.level > 0 else (True if sensitive else None)
    return _mrd_bounds(result), None, mrd_call(result), undetectable


def _set_mrd(r: Record, result: MrdResult, names: tuple[str, ...]) -> None:
    """Set ``names`` (level, call and, in remission, undetectable) from one result."""
    level, status = names[0], names[1]
    bounds, why, call, undetectable = _reading(result)
    if why is not None:
        r.remarks[level] = r.remarks[status] = why
    else:
        low, high = bounds
        if high != low:
            sensitivity = result.sensitivity
            r.remarks[level] = (
                f"not detected at sensitivity {sensitivity:g}"
                if sensitivity is not None
                else "not detected; assay sensitivity not reported"
            )
    _set(r, names, bounds=bounds, call=call, undetectable=undetectable, when=result.date)


def _set(
    r: Record,
    names: tuple[str, ...],
    *,
    bounds: tuple[float, float],
    call: MrdStatus | None,
    undetectable: bool | None,
    when: date,
) -> None:
    values, observed = r.values, r.observed
    level, status = names[0], names[1]
    low, high = bounds
    values[level] = low
    if high != low:
        r.upper[level] = high
    values[status] = call
    observed[level] = observed[status] = when
    if len(names) > 2:
        values[names[2]] = undetectable
        observed[names[2]] = when


def _set_day(r: Record, day: tuple[MrdResult, ...], names: tuple[str, ...]) -> None:
    """Set ``names`` from the results of one day: as one result when they read alike;
    otherwise the level is the interval their levels span, and a call (or
    undetectability) on which they differ is unknown."""
    if len(day) == 1:
        _set_mrd(r, day[0], names)
        return
    readings = [_reading(result) for result in day]
    first = readings[0]
    if all(reading == first for reading in readings[1:]):
        _set_mrd(r, day[0], names)
        return
    when = day[0].date
    remark = disagree(when)
    bounds = (min(b[0][0] for b in readings), max(b[0][1] for b in readings))
    calls = {reading[2] for reading in readings}
    found = {reading[3] for reading in readings}
    call = calls.pop() if len(calls) == 1 else None
    undetectable = found.pop() if len(found) == 1 else None
    r.remarks[names[0]] = remark
    if call is None:
        r.remarks[names[1]] = remark
    if len(names) > 2 and undetectable is None:
        r.remarks[names[2]] = remark
    _set(r, names, bounds=bounds, call=call, undetectable=undetectable, when=when)


def _derive_mrd(r: Record) -> None:
    day = latest_day(r.patient.mrd, r.as_of) if r.patient.mrd else ()
    values = r.values
    level, status = _LATEST
    values[level] = values[status] = None
    if day and r.all_current(_LATEST, day[0].date):
        _set_day(r, day, _LATEST)
    for name in _IN_REMISSION:
        values[name] = None
    if r.phase not in REMISSION_PHASES or not day:
        return
    if not r.all_current(_IN_REMISSION, day[0].date):
        return
    _set_day(r, day, _IN_REMISSION)


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
