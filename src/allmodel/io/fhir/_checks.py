"""Cross-checks of what the domain readers read, before the patient is assembled.

Each domain reads its own resources; some statements of a record are only safe when the
rest of the record agrees with them. A check here never invents data: it withdraws a
statement the record contradicts (and reports why), so that the screening says *unknown*
rather than a wrong *eligible* or *not eligible*.
"""

from __future__ import annotations

from datetime import date

from allmodel.io.fhir._context import ReadContext
from allmodel.io.fhir._disease import STATED_STATE
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._report import MappingEntry, Outcome, entry_index

__all__ = ["check_history", "check_stated_state"]


def _withdraw(context: ReadContext, fields: tuple[str, ...], reason: str) -> None:
    """Take ``fields`` (single or list fields) out of what was read and report each
    element that had filled them as ignored, with ``reason``."""
    for field in fields:
        context.singles.pop(field, None)
        context.lists.pop(field, None)
    context.entries = [
        MappingEntry(e.path, Outcome.IGNORED, f"{e.detail} not taken: {reason}")
        if e.outcome is Outcome.USED
        and any(e.detail == f or e.detail.startswith((f"{f}[", f"{f}.")) for f in fields)
        else e
        for e in context.entries
    ]


#: Resource types that can hold the treatment history (lines, drugs, transplants).
_HISTORY_TYPES = frozenset(
    {
        "MedicationStatement",
        "MedicationAdministration",
        "MedicationRequest",
        "CarePlan",
        "Procedure",
    }
)


def check_history(context: ReadContext, resources: tuple[Resource, ...]) -> None:
    """Drop a "history complete" statement when a treatment record was not read.

    ``course.history_complete`` turns an absent exposure into "never given"; if any
    medication record, CarePlan or Procedure of the input was ignored or unmapped, the
    history read is not complete, so the statement is not taken (reported): never turn an
    unread record into a negative.
    """
    held = context.singles.get("course.history_complete")
    if held is None or held.value is not True:
        return
    kinds = {entry_index(r.path): r.type for r in resources}
    unread = [
        entry.path
        for entry in context.entries
        if entry.outcome is not Outcome.USED
        and kinds.get(entry_index(entry.path)) in _HISTORY_TYPES
    ]
    if not unread:
        return
    _withdraw(context, ("course.history_complete",), f"{unread[0]} was not read")


def _latest(context: ReadContext, field: str) -> date | None:
    days = [value.date for value, _ in context.lists.get(field, [])]
    return max(days, default=None)


def check_stated_state(context: ReadContext) -> None:
    """Withdraw the dated remissions and relapses when the ALL Condition states a disease
    state they contradict.

    An EHR often says the disease is "in relapse" only in the diagnosis (ICD-10-CM C91.02)
    or the Condition's ``clinicalStatus``, with no dated relapse. Read alone, a remission
    dated before it would make the patient look in remission, and every option for
    relapsed disease would read *not eligible*. So when the state stated (in relapse, in
    remission, not in remission) disagrees with where the dated events end, or the stated
    states disagree with each other, the remissions, relapses and the "history complete"
    statement are withdrawn (each reported): the disease phase is then unknown, never
    the wrong one.
    """
    stated: list[tuple[str, str]] = context.scratch.get(STATED_STATE, [])
    if not stated:
        return
    remission, relapse = _latest(context, "course.remissions"), _latest(context, "course.relapses")
    ends = None
    if remission is not None and (relapse is None or remission > relapse):
        ends = "in remission"
    elif relapse is not None:
        ends = "in relapse"
    states = {state for state, _ in stated}
    conflicts = [
        (state, path)
        for state, path in stated
        if (state == "in relapse" and ends == "in remission")
        or (state == "in remission" and ends == "in relapse")
        or (state == "not in remission" and remission is not None)
    ]
    if len(states) > 1:
        conflicts = stated
    if not conflicts:
        return
    state, path = conflicts[0]
    if len(states) > 1:
        reason = (
            f"the ALL Condition states contradictory disease states ({', '.join(sorted(states))})"
        )
    else:
        shown = ends or "no remission"
        reason = f"the ALL Condition says {state} ({path}), the dated events end {shown}"
    _withdraw(context, ("course.remissions", "course.relapses", "course.history_complete"), reason)
