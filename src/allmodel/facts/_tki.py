"""Facts about failure of BCR-ABL1 tyrosine kinase inhibitors: resistance, intolerance,
relapse after a TKI, the number of TKIs that failed, and failure of a second-generation
TKI, of imatinib and of dasatinib (the drugs trial criteria and the EU ponatinib
authorisation name).

They are read from the TKI-containing treatment lines: their stop reason, best response
and dates against the relapses. Resistance is a line stopped for resistance or relapse,
no response, or a relapse while on it (with or without chemotherapy); intolerance is a
line of TKIs alone (with or without corticosteroids) stopped for intolerance, and of one
named TKI only when it was the line's only TKI: a line that gave other agents too does
not record which one was not tolerated, so its stop for intolerance leaves TKI intolerance
unknown. A part not recorded is unknown, and "none failed" needs a complete history. A line recorded
without its agents may have been a TKI line: when it failed or may have failed, "a TKI
failed" is unknown (unless a TKI line surely failed), and the count of failed TKIs has no
upper bound.
"""

from __future__ import annotations

import math

from allmodel.facts._group import FactGroup
from allmodel.facts._history import (
    LINES,
    SECOND_GENERATION_TKIS,
    TKI_AGENTS,
    any_or_unknown,
    kleene_or,
    known,
)
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.model._agents import Agent

__all__ = ["TKI"]

_STOPPED = (*LINES, "course.treatment_lines[].stop_reason")
_IMATINIB, _DASATINIB = Agent.IMATINIB, Agent.DASATINIB  # module constants: read per line


_SECOND = SECOND_GENERATION_TKIS
_ONLY_IMATINIB, _ONLY_DASATINIB = frozenset({_IMATINIB}), frozenset({_DASATINIB})


def _failed_among(
    resistance: bool | None,
    intolerance: bool | None,
    tkis: frozenset[Agent],
    among: frozenset[Agent],
) -> bool | None:
    """Whether a TKI of ``among`` failed on a line that gave ``tkis``: resistance is of
    every TKI the line gave; intolerance of the line's TKIs is of one of ``among`` only when
    all its TKIs are, else unknown (which TKI was not tolerated is not recorded)."""
    if intolerance is True and not among.issuperset(tkis):
        intolerance = None
    return kleene_or([resistance, intolerance])


def _at_least(surely: set[Agent], one_of: list[frozenset[Agent]]) -> int:
    """The fewest distinct TKIs that failed: those that surely did, and one more for each
    line stopped for intolerance of one of its TKIs (which one not recorded) that shares
    none with them or with another line counted so."""
    counted = len(surely)
    taken = set(surely)
    for tkis in one_of:
        if taken.isdisjoint(tkis):
            counted += 1
            taken |= tkis
    return counted


def _derive_tki(r: Record) -> None:
    values, complete = r.values, r.complete
    resistant: list[bool | None] = []
    intolerant: list[bool | None] = []
    second_generation: list[bool | None] = []  # whether each line giving one failed
    imatinib: list[bool | None] = []
    dasatinib: list[bool | None] = []
    surely: set[Agent] = set()
    possibly: set[Agent] = set()
    one_of: list[frozenset[Agent]] = []  # lines where one of their TKIs surely failed
    for line, resistance, intolerance in r.tki_outcomes:
        resistant.append(resistance)
        intolerant.append(intolerance)
        failed = kleene_or([resistance, intolerance])
        tkis = TKI_AGENTS.intersection(line.agents)
        if resistance is True or (failed is True and len(tkis) == 1):
            surely |= tkis
        elif failed is True:
            one_of.append(tkis)
        if failed is not False:
            possibly |= tkis
        if not SECOND_GENERATION_TKIS.isdisjoint(tkis):
            second_generation.append(_failed_among(resistance, intolerance, tkis, _SECOND))
        if _IMATINIB in tkis:
            imatinib.append(_failed_among(resistance, intolerance, tkis, _ONLY_IMATINIB))
        if _DASATINIB in tkis:
            dasatinib.append(_failed_among(resistance, intolerance, tkis, _ONLY_DASATINIB))
    maybe = r.unlisted_failure[0] is not False  # a line of unrecorded agents may have failed
    if maybe:  # ... and may have been a TKI line: its failure is possible, never certain
        for possible in (resistant, intolerant, second_generation, imatinib, dasatinib):
            possible.append(None)
    values["tki_resistance"] = any_or_unknown(resistant, complete)
    values["tki_intolerance"] = any_or_unknown(intolerant, complete)
    values["tki_failures"] = _at_least(surely, one_of)
    r.upper["tki_failures"] = len(possibly) if complete and not maybe else math.inf
    values["second_generation_tki_failure"] = any_or_unknown(second_generation, complete)
    values["imatinib_failure"] = any_or_unknown(imatinib, complete)
    values["dasatinib_failure"] = any_or_unknown(dasatinib, complete)
    latest = r.latest_relapse
    if r.phase is None:
        values["relapsed_after_tki"] = None
    elif not r.in_relapse or latest is None:
        values["relapsed_after_tki"] = False
    else:
        before = [line for line, _, _ in r.tki_outcomes if line.start < latest.date]
        unlisted_before = any(not line.agents and line.start < latest.date for line in r.view.lines)
        relapsed = known(bool(before), complete)
        values["relapsed_after_tki"] = None if relapsed is False and unlisted_before else relapsed


#: TKI failure.
TKI = FactGroup(
    derive=_derive_tki,
    facts=(
        FactSpec(
            name="tki_resistance",
            type=FactType.BOOLEAN,
            description="A TKI line ended in resistance, relapse or no response, or a relapse"
            " occurred on it.",
            sources=_STOPPED,
        ),
        FactSpec(
            name="tki_intolerance",
            type=FactType.BOOLEAN,
            description="A line of TKIs alone (with or without corticosteroids) was stopped"
            " for intolerance; unknown for a line that also gave other agents (which one"
            " was not tolerated is not recorded).",
            sources=_STOPPED,
        ),
        FactSpec(
            name="relapsed_after_tki",
            type=FactType.BOOLEAN,
            description="In relapse, and a TKI-containing line started before the latest"
            " relapse (the relapse is a failure of that earlier therapy, on or off the TKI).",
            sources=(*LINES, "course.relapses"),
        ),
        FactSpec(
            name="tki_failures",
            type=FactType.INTEGER,
            description="Distinct TKIs that failed (resistance or intolerance, as for"
            " tki_resistance and tki_intolerance).",
            sources=_STOPPED,
            unit="count",
            interval=True,
        ),
        FactSpec(
            name="second_generation_tki_failure",
            type=FactType.BOOLEAN,
            description="Dasatinib, nilotinib or bosutinib failed (resistance or intolerance).",
            sources=_STOPPED,
        ),
        FactSpec(
            name="imatinib_failure",
            type=FactType.BOOLEAN,
            description="A line giving imatinib failed (resistance or intolerance, as for"
            " tki_resistance and tki_intolerance); not the failure of another TKI.",
            sources=_STOPPED,
        ),
        FactSpec(
            name="dasatinib_failure",
            type=FactType.BOOLEAN,
            description="A line giving dasatinib failed (resistance or intolerance).",
            sources=_STOPPED,
        ),
    ),
)
