"""Facts about the treatment given: regimens and salvage lines counted, intensive
chemotherapy blocks, and the days since the latest treatment and since the latest
radiotherapy or immunotherapy.

They are read from the treatment lines (a programme recorded in phases is one regimen:
:func:`allmodel.clinical.prior_regimen_count`). Counts are exact only when the treatment
history is marked complete; otherwise they are lower bounds ("at least 2"), which decide
``>= 2`` but not ``<= 1``. Days since a line whose end is not recorded are an interval
(it ended on some day since its start). A transplant is treatment on its infusion day:
its conditioning (chemotherapy, possibly total body irradiation) ended by then.
"""

from __future__ import annotations

import math
from datetime import date

from allmodel.clinical._reading import salvage_line_count
from allmodel.facts._group import FactGroup
from allmodel.facts._history import IN_CLASS, LINES
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.model._agents import AgentClass
from allmodel.model._course import TreatmentLine

__all__ = ["BLOCKS", "LAST_TREATMENT", "RADIOTHERAPY_OR_IMMUNOTHERAPY", "REGIMENS"]


_CAR_T = IN_CLASS[AgentClass.CAR_T]
_CYTOTOXIC = IN_CLASS[AgentClass.CYTOTOXIC]


def _chemotherapy(regimen: tuple[TreatmentLine, ...]) -> bool | None:
    """Whether a regimen contained cytotoxic chemotherapy (``None``: its agents not listed).

    A CAR T-cell regimen is not a chemotherapy regimen: its fludarabine and
    cyclophosphamide are lymphodepletion.
    """
    agents = [agent for line in regimen for agent in line.agents]
    if not _CAR_T.isdisjoint(agents):
        return False
    if not _CYTOTOXIC.isdisjoint(agents):
        return True
    for line in regimen:
        if not line.agents:
            return None
    return False


def _derive_regimens(r: Record) -> None:
    values, upper, view = r.values, r.upper, r.view
    regimens = view.regimens
    values["prior_regimens"] = len(regimens)
    upper["prior_regimens"] = len(regimens) if r.complete else math.inf
    chemotherapy = [_chemotherapy(regimen) for regimen in regimens]
    surely = chemotherapy.count(True)
    values["prior_chemotherapy_regimens"] = surely
    upper["prior_chemotherapy_regimens"] = (
        surely + chemotherapy.count(None) if r.complete else math.inf
    )
    salvage = salvage_line_count(r.patient, as_of=r.as_of, view=view)
    values["salvage_lines"] = salvage
    upper["salvage_lines"] = salvage if r.complete else math.inf


#: Regimens and salvage lines counted.
REGIMENS = FactGroup(
    derive=_derive_regimens,
    facts=(
        FactSpec(
            name="prior_regimens",
            type=FactType.INTEGER,
            description="Regimens started by as_of; a programme recorded in phases"
            " (induction, consolidation, maintenance) is one; CNS-directed and palliative"
            " lines are not.",
            sources=LINES,
            unit="count",
            interval=True,
        ),
        FactSpec(
            name="prior_chemotherapy_regimens",
            type=FactType.INTEGER,
            description="Regimens that contained cytotoxic chemotherapy (a regimen recorded"
            " without its agents may or may not have).",
            sources=(*LINES, "course.treatment_lines[].agents"),
            unit="count",
            interval=True,
        ),
        FactSpec(
            name="salvage_lines",
            type=FactType.INTEGER,
            description="Lines given for relapsed or refractory disease.",
            sources=(*LINES, "course.treatment_lines[].intent"),
            unit="count",
            interval=True,
        ),
    ),
)


def _days_since_line(line: TreatmentLine, as_of: date) -> tuple[int, int]:
    """Days since a line ended, as ``(lowest, highest)`` (an unknown end: any day since
    its start)."""
    if line.ongoing:
        return 0, 0
    if line.end is not None:
        days = max(0, (as_of - line.end).days)
        return days, days
    return 0, max(0, (as_of - line.start).days)


_RT_OR_IMMUNOTHERAPY = IN_CLASS[AgentClass.RADIOTHERAPY] | IN_CLASS[AgentClass.IMMUNOTHERAPY]


def _derive_since_radiotherapy_or_immunotherapy(r: Record) -> None:
    """Days since the latest line that surely or possibly held radiotherapy or
    immunotherapy (a line listing no agents possibly did)."""
    # int | float: a count of days, or infinity (no such line); never coerced to a float
    low: int | float = math.inf  # over the lines that surely or possibly held one
    high: int | float = math.inf  # over the lines that surely did
    for line in r.view.lines:
        if not _RT_OR_IMMUNOTHERAPY.isdisjoint(line.agents):
            lowest, highest = _days_since_line(line, r.as_of)
            high = min(high, highest)
        elif not line.agents:
            lowest, _ = _days_since_line(line, r.as_of)
        else:
            continue
        low = min(low, lowest)
    transplants = r.view.transplants
    if transplants:  # its conditioning may have included total body irradiation
        low = min(low, max(0, (r.as_of - transplants[-1].date).days))
    if not r.complete:
        low = 0
    name = "days_since_radiotherapy_or_immunotherapy"
    r.values[name] = low
    if high != low:
        r.upper[name] = high


#: The days since the latest radiotherapy or immunotherapy.
RADIOTHERAPY_OR_IMMUNOTHERAPY = FactGroup(
    derive=_derive_since_radiotherapy_or_immunotherapy,
    facts=(
        FactSpec(
            name="days_since_radiotherapy_or_immunotherapy",
            type=FactType.INTEGER,
            description="Days from the end of the latest line with radiotherapy or"
            " immunotherapy (blinatumomab, inotuzumab, rituximab, CAR T cells) to as_of (0"
            " while one is ongoing; infinite when there was none, which needs a complete"
            " history); a transplant's infusion day is a possible one (its conditioning may"
            " have included total body irradiation).",
            sources=(
                *LINES,
                "course.treatment_lines[].agents",
                "course.treatment_lines[].end",
                "course.transplants",
            ),
            unit="days",
            interval=True,
        ),
    ),
)


def _derive_blocks(r: Record) -> None:
    """Intensive chemotherapy cycles given, as an interval, regimen by regimen.

    A regimen's intensive lines add their recorded cycles; when any intensive line of
    it lacks its cycles the regimen gave at least one more block than recorded nowhere
    (at least one in all), and the upper end is open. Counting by regimen keeps a
    programme recorded in phases the same as the programme recorded as one line.
    """
    low, high = 0, 0.0
    for regimen in r.view.regimens:
        known = 0  # the recorded cycles of its intensive lines
        sure = unknown = maybe = False  # a line surely, possibly intensive; cycles unknown
        for line in regimen:
            if line.intensive is False:
                continue
            maybe = True
            if line.intensive:
                sure = True
                if line.cycles is not None:
                    known += line.cycles
            if line.intensive is None or line.cycles is None:
                unknown = True
        if not maybe:
            continue
        low += max(known, 1) if sure and unknown else known
        high = math.inf if unknown else high + known
    r.values["intensive_chemotherapy_blocks"] = low
    r.upper["intensive_chemotherapy_blocks"] = high if r.complete else math.inf


#: The blocks of intensive chemotherapy given.
BLOCKS = FactGroup(
    derive=_derive_blocks,
    facts=(
        FactSpec(
            name="intensive_chemotherapy_blocks",
            type=FactType.INTEGER,
            description="Cycles (blocks) of intensive chemotherapy given: the recorded cycles"
            " of every intensive line; a regimen with an intensive line whose cycles are not"
            " recorded counts as at least one.",
            sources=(
                *LINES,
                "course.treatment_lines[].intensive",
                "course.treatment_lines[].cycles",
            ),
            unit="count",
            interval=True,
        ),
    ),
)


def _days_since_treatment(
    lines: tuple[TreatmentLine, ...], as_of: date, complete: bool
) -> tuple[int, int] | None:
    """Days since the latest line ended, as ``(lowest, highest)``; unknown without lines.

    An ongoing line gives 0. A line whose end is not recorded ended on some day since its
    start; with an incomplete history a later, unrecorded line may have ended even later.
    """
    if not lines:
        return None
    latest = lines[0].start  # the latest day a line may have ended
    exact = complete
    for line in lines:
        if line.ongoing:
            return 0, 0
        if line.end is None:
            exact = False
            anchor = line.start
        else:
            anchor = line.end
        latest = max(latest, anchor)
    highest = max(0, (as_of - latest).days)
    return (highest if exact else 0), highest


def _with_transplant(days_since: tuple[int, int] | None, r: Record) -> tuple[int, int] | None:
    """``days_since`` with the latest transplant's day counted as a treatment day (the
    conditioning chemotherapy or irradiation ends by the day of the cell infusion, so the
    days since it are at least the days since the infusion: counting from the infusion
    never overstates a washout)."""
    transplants = r.view.transplants
    if not transplants:
        return days_since
    days = max(0, (r.as_of - transplants[-1].date).days)
    if days_since is None:
        return (days if r.complete else 0), days
    return min(days_since[0], days), min(days_since[1], days)


def _derive_last_treatment(r: Record) -> None:
    days_since = _with_transplant(_days_since_treatment(r.view.lines, r.as_of, r.complete), r)
    if days_since is None:
        r.values["days_since_last_treatment"] = None
    else:
        r.values["days_since_last_treatment"] = days_since[0]
        r.upper["days_since_last_treatment"] = days_since[1]


#: The days since the latest treatment.
LAST_TREATMENT = FactGroup(
    derive=_derive_last_treatment,
    facts=(
        FactSpec(
            name="days_since_last_treatment",
            type=FactType.INTEGER,
            description="Days from the end of the latest line of therapy, or from the"
            " latest transplant's infusion day (its conditioning ended by then), to as_of"
            " (0 while a line is ongoing); an upper bound unless the history is complete.",
            sources=(
                "course.treatment_lines[].end",
                "course.transplants",
                "course.history_complete",
            ),
            unit="days",
            interval=True,
        ),
    ),
)
