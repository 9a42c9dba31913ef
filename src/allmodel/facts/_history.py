"""Reading a treatment history that may be incomplete: helpers several groups of facts share.

The agents of each class, when a line ended, whether a TKI line failed (by resistance or
by intolerance, each three-valued), and the exposure rule: a flag is true when recorded,
false only when the history is marked complete, unknown otherwise.

Intolerance is of a drug, and a line records only that it was stopped for intolerance, not
which of its agents was not tolerated: it is read as intolerance of the TKI only for a line
of TKIs alone (with or without corticosteroids); a line that also gave chemotherapy or any
other agent (hyper-CVAD with imatinib) leaves TKI intolerance unknown. Resistance is of the
disease to the line as given: a TKI given with chemotherapy that did not control the
disease failed (the sources count imatinib "alone or with chemotherapy").

A line recorded without its agents (a regimen named only, such as a study protocol) may
have given any agent: it counts as possibly antigen-directed and possibly a TKI, so a
result taken before it is not current and an exposure it could have been is unknown
(never read as "certainly not", which would turn unknown into negative).
"""

from __future__ import annotations

from datetime import date

from allmodel.clinical._view import CourseView
from allmodel.model._agents import Agent, AgentClass
from allmodel.model._course import StopReason, TreatmentLine

__all__ = [
    "IN_CLASS",
    "LINES",
    "SECOND_GENERATION_TKIS",
    "TKI_AGENTS",
    "TkiOutcome",
    "any_or_unknown",
    "ended",
    "kleene_or",
    "known",
    "latest_directed_end",
    "latest_tki_failure",
    "only_tkis",
    "targets",
    "tki_failed",
    "tki_outcomes",
    "unlisted_failure",
]

#: The sources of a fact read from the treatment lines: the lines, and whether the history
#: is complete (which decides whether a line not recorded was not given).
LINES = ("course.treatment_lines", "course.history_complete")

#: The agents of each class (set lookups: screening reads them for every line).
IN_CLASS: dict[AgentClass, frozenset[Agent]] = {
    cls: frozenset(agent for agent in Agent if cls in agent.classes) for cls in AgentClass
}


#: The tyrosine kinase inhibitors (the agents with a TKI generation).
TKI_AGENTS: frozenset[Agent] = frozenset(agent for agent in Agent if agent.tki_generation)
#: The second-generation tyrosine kinase inhibitors.
SECOND_GENERATION_TKIS: frozenset[Agent] = frozenset(
    agent for agent in Agent if agent.tki_generation == 2
)

#: The agents a line may give besides TKIs and still have its intolerance read as
#: intolerance of its TKI.
_TKI_OR_STEROID: frozenset[Agent] = TKI_AGENTS | IN_CLASS[AgentClass.CORTICOSTEROID]


def only_tkis(line: TreatmentLine) -> bool:
    """Whether the line gave a TKI and no other agent but corticosteroids: the only kind of
    line whose intolerance is intolerance of its TKI (a line recorded without its agents,
    or one that also gave chemotherapy, immunotherapy or irradiation, does not say which
    agent was not tolerated)."""
    agents = line.agents
    return not TKI_AGENTS.isdisjoint(agents) and _TKI_OR_STEROID.issuperset(agents)


#: A TKI-containing line, and whether it failed by resistance and by intolerance
#: (:func:`tki_failed`).
TkiOutcome = tuple[TreatmentLine, bool | None, bool | None]


def targets(line: TreatmentLine, directed: AgentClass) -> bool:
    """Whether the line gave an agent of class ``directed``."""
    return not IN_CLASS[directed].isdisjoint(line.agents)


def ended(line: TreatmentLine, as_of: date) -> date:
    """The last day of a line, or ``as_of`` when it is ongoing or its end is unknown."""
    if line.end is None or line.ongoing:
        return as_of
    return line.end


def latest_directed_end(view: CourseView, directed: AgentClass, as_of: date) -> date | None:
    """The latest end of a line that gave, or may have given (its agents not recorded),
    an agent of class ``directed`` (see :func:`ended`)."""
    agents = IN_CLASS[directed]
    latest: date | None = None
    for line in view.lines:
        if not line.agents or not agents.isdisjoint(line.agents):
            end = ended(line, as_of)
            if latest is None or end > latest:
                latest = end
    return latest


def tki_outcomes(view: CourseView, as_of: date) -> tuple[TkiOutcome, ...]:
    """Each line of the view that gave a TKI, in order, with whether it failed by
    resistance and by intolerance (:func:`tki_failed`)."""
    found: list[TkiOutcome] = []
    relapse_dates: list[date] | None = None
    for line in view.lines:
        if not TKI_AGENTS.isdisjoint(line.agents):
            if relapse_dates is None:
                relapse_dates = [relapse.date for relapse in view.relapses]
            found.append((line, *tki_failed(line, relapse_dates, as_of)))
    return tuple(found)


def latest_tki_failure(outcomes: tuple[TkiOutcome, ...], as_of: date) -> date | None:
    """The latest day a TKI may have failed: the end of every TKI line that failed or may
    have failed (its outcome not recorded), ``as_of`` when it is ongoing or its end is
    unknown. The TKI keeps selecting resistant clones while it is given, so an analysis
    counts only when done after the line ended; and a line whose outcome is unknown may
    have failed, so it counts too (never turn a possibly stale result into a current one:
    recording the outcome can only make an analysis current, never the reverse).

    Args:
        outcomes: The TKI lines with their outcomes (:func:`tki_outcomes`).
        as_of: The date the course is read on.
    """
    latest: date | None = None
    for line, resistant, intolerant in outcomes:
        if resistant is False and intolerant is False:
            continue
        end = ended(line, as_of)
        if latest is None or end > latest:
            latest = end
    return latest


def unlisted_failure(view: CourseView, as_of: date) -> tuple[bool | None, date | None]:
    """Whether a line recorded without its agents (``agents`` empty) failed, as a TKI line
    would (resistance or intolerance, :func:`tki_failed`; three-valued: a stop for
    intolerance leaves it unknown, as the agent not tolerated is not recorded), and the
    latest end of those that failed or may have failed: each may have been a TKI line."""
    failed: bool | None = False
    latest: date | None = None
    relapse_dates: list[date] | None = None
    for line in view.lines:
        if line.agents:
            continue
        if relapse_dates is None:
            relapse_dates = [relapse.date for relapse in view.relapses]
        outcome = kleene_or(list(tki_failed(line, relapse_dates, as_of)))
        if outcome is False:
            continue
        failed = True if outcome is True or failed is True else None
        end = ended(line, as_of)
        if latest is None or end > latest:
            latest = end
    return failed, latest


def known(flag: bool, complete: bool) -> bool | None:
    """Exposure: true when recorded, false only with a complete history."""
    return True if flag else (False if complete else None)


def any_or_unknown(flags: list[bool | None], complete: bool) -> bool | None:
    """True when any flag is; false when the history is complete and every flag is known
    (and false); unknown otherwise."""
    unknown = False
    for flag in flags:
        if flag is True:
            return True
        if flag is None:
            unknown = True
    return None if unknown or not complete else False


def kleene_or(flags: list[bool | None]) -> bool | None:
    """Kleene OR."""
    result: bool | None = False
    for flag in flags:
        if flag is True:
            return True
        if flag is not False:
            result = None
    return result


#: Stop reasons that mean resistance (module constants: an enum member looked up on its
#: class costs a fifth of a microsecond on Python 3.11, and this runs for every TKI line).
_RESISTANT_STOPS = frozenset({StopReason.RESISTANCE, StopReason.RELAPSE})
_INTOLERANCE = StopReason.INTOLERANCE


def _relapse_during(line: TreatmentLine, relapse_dates: list[date], as_of: date) -> bool | None:
    """Whether a relapse came while the line was given (unknown when its end is unknown)."""
    later = [when for when in relapse_dates if when >= line.start]
    if not later:
        return False
    end = as_of if line.ongoing else line.end
    if end is None:
        return None
    return any(when <= end for when in later)


def tki_failed(
    line: TreatmentLine, relapse_dates: list[date], as_of: date
) -> tuple[bool | None, bool | None]:
    """Whether a TKI line failed by resistance, and by intolerance (three-valued each).

    Resistance: stopped for resistance or relapse, no response, or a relapse while on it.
    Intolerance: stopped for intolerance, for a line of TKIs alone (:func:`only_tkis`);
    unknown for a line stopped for intolerance that gave other agents too (which one was
    not tolerated is not recorded). A part not recorded is unknown.
    """
    stop, response = line.stop_reason, line.best_response
    during = _relapse_during(line, relapse_dates, as_of)
    if stop in _RESISTANT_STOPS or (response is not None and response.is_failure) or during is True:
        resistant: bool | None = True
    elif stop is not None and response is not None and during is False:
        resistant = False
    else:
        resistant = None
    intolerant: bool | None
    if stop is None:
        intolerant = None
    elif stop is _INTOLERANCE:
        intolerant = True if only_tkis(line) else None
    else:
        intolerant = False
    return resistant, intolerant
