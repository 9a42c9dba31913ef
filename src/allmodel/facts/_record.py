"""The working record every group of facts derives from, and the cut-offs of validity rules.

A :class:`Record` is one patient as of one date with the pieces several groups share
(the course as of the date, the disease phase, the dates of the events results must
follow) computed once, on first use, and the dictionaries the groups fill: values, upper
bounds, result dates and remarks, by fact name.

Each result is checked against its fact's validity rule (:mod:`allmodel.facts._validity`)
with the windows of the ruleset: a result that is no longer current gives an unknown fact
and a remark naming the result and the rule. The rules are numbered once
(:class:`RuleTable`), and a rule's cut-off (the first day a result counts) is computed
once per record, or once per screening date and policy when it depends on a window alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from allmodel.clinical._phase import RELAPSE_PHASES, DiseasePhase
from allmodel.clinical._reading import course_view, disease_phase
from allmodel.clinical._view import CourseView
from allmodel.facts._history import (
    TkiOutcome,
    latest_directed_end,
    latest_tki_failure,
    tki_outcomes,
    unlisted_failure,
)
from allmodel.facts._validity import Since, Validity, ValidityPolicy, Window
from allmodel.model._agents import AgentClass
from allmodel.model._course import Relapse
from allmodel.model._patient import Patient

__all__ = ["Cutoff", "Record", "RuleTable"]


#: The first day a result counts (``None``: any day), and the event or window that sets it.
Cutoff = tuple[date | None, Since | Window | None]


class RuleTable:
    """The validity rules of a fact table, numbered (a cheap cache key).

    Args:
        rules: The validity rule of each fact read from a dated result, by fact name.
    """

    def __init__(self, rules: Mapping[str, Validity]) -> None:
        #: The distinct rules.
        self.rules: tuple[Validity, ...] = tuple(dict.fromkeys(rules.values()))
        #: Each fact's position among :attr:`rules`.
        self.rule_of: dict[str, int] = {
            name: self.rules.index(rule) for name, rule in rules.items()
        }


#: The first day each window admits, and the cutoff of each rule (by number) that
#: depends on a window alone (``None`` for a rule that also follows events).
_Tables = tuple[dict[Window, date], tuple[Cutoff | None, ...]]


@functools.lru_cache(maxsize=64)
def _cutoff_tables(as_of: date, policy: ValidityPolicy, table: RuleTable) -> _Tables:
    """The windows' first days and the rules' window-only cutoffs, for one screening date,
    policy and rule table (a cohort shares them, so they are computed once); the cutoffs of
    rules that follow events are computed per record."""
    starts = {window: as_of - timedelta(days=policy.days(window)) for window in Window}
    static = tuple(
        (starts[rule.window], rule.window) if not rule.since and rule.window is not None else None
        for rule in table.rules
    )
    return starts, static


def _latest(first: date | None, second: date | None) -> date | None:
    """The later of two dates, either of which may be missing."""
    if first is None:
        return second
    if second is None or first >= second:
        return first
    return second


# The events read from the course's dated events, as module constants: an enum member
# looked up on its class costs about 0.2 µs on Python 3.11, and these are set per record.
_RELAPSE = Since.LATEST_RELAPSE
_REMISSION = Since.CURRENT_REMISSION
_RELAPSE_OR_REMISSION = Since.LATEST_RELAPSE_OR_REMISSION
_REGIMEN = Since.LATEST_REGIMEN
_TREATMENT = Since.LATEST_TREATMENT
_LINE = Since.LATEST_LINE

#: The fact whose validity rule decides whether an MRD result makes the phase
#: MRD-positive CR (facts/_mrd.py).
_MRD_RULE = "mrd_status_in_remission"


def _tki_failure(record: Record) -> date | None:
    latest = latest_tki_failure(record.tki_outcomes, record.as_of)
    unlisted = record.unlisted_failure[1]  # a line of agents not recorded: maybe a TKI
    if unlisted is not None and (latest is None or unlisted > latest):
        return unlisted
    return latest


def _cd19_therapy(record: Record) -> date | None:
    return latest_directed_end(record.view, AgentClass.CD19_DIRECTED, record.as_of)


def _cd22_therapy(record: Record) -> date | None:
    return latest_directed_end(record.view, AgentClass.CD22_DIRECTED, record.as_of)


#: The events that need the lines scanned, each read only when a rule asks for it.
_LINE_EVENTS: dict[Since, Callable[[Record], date | None]] = {
    Since.LATEST_TKI_FAILURE: _tki_failure,
    Since.LATEST_CD19_THERAPY: _cd19_therapy,
    Since.LATEST_CD22_THERAPY: _cd22_therapy,
}


class Record:
    """One patient as of one date, with the shared pieces computed on first use.

    Args:
        patient: The patient.
        as_of: The date the facts describe.
        policy: The windows results stay current in.
        table: The validity rules of the facts being derived.
    """

    def __init__(
        self, patient: Patient, as_of: date, policy: ValidityPolicy, table: RuleTable
    ) -> None:
        self.patient = patient
        self.as_of = as_of
        self.policy = policy
        self.complete = patient.course.history_complete is True
        self.values: dict[str, object] = {}
        self.upper: dict[str, object] = {}
        self.observed: dict[str, date] = {}
        self.remarks: dict[str, str] = {}
        self.rule_of = table.rule_of
        self.cutoffs: dict[int, Cutoff] = {}
        self._windows, self.static = _cutoff_tables(as_of, policy, table)
        self._rules = table.rules
        # The shared pieces, computed on first use (``None``: not yet; the phase may be
        # ``None`` once computed, so it has a flag)
        self._view: CourseView | None = None
        self._phase: DiseasePhase | None = None
        self._phase_known = False
        self._unlisted_failure: tuple[bool | None, date | None] | None = None
        self._tki_outcomes: tuple[TkiOutcome, ...] | None = None
        self._events: dict[Since, date | None] | None = None

    @property
    def view(self) -> CourseView:
        """The course as of the date."""
        view = self._view
        if view is None:
            view = self._view = course_view(self.patient, as_of=self.as_of)
        return view

    @property
    def phase(self) -> DiseasePhase | None:
        """The disease phase on the date (``None``: unknown); an MRD result makes the
        remission MRD-positive only when current under the rule of the MRD facts."""
        if self._phase_known:
            return self._phase
        mrd_from = self.cutoff(self.rule_of[_MRD_RULE])[0] if self.patient.mrd else None
        phase = self._phase = disease_phase(
            self.patient, as_of=self.as_of, view=self.view, mrd_from=mrd_from
        )
        self._phase_known = True
        return phase

    @property
    def in_relapse(self) -> bool:
        """Whether the phase is a relapse."""
        return self.phase in RELAPSE_PHASES

    @property
    def latest_relapse(self) -> Relapse | None:
        """The latest relapse on or before the date."""
        relapses = self.view.relapses
        return relapses[-1] if relapses else None

    @property
    def unlisted_failure(self) -> tuple[bool | None, date | None]:
        """Whether a line recorded without its agents failed (it may have been a TKI
        line), and the latest end of those that failed or may have failed."""
        found = self._unlisted_failure
        if found is None:
            found = self._unlisted_failure = unlisted_failure(self.view, self.as_of)
        return found

    @property
    def tki_outcomes(self) -> tuple[TkiOutcome, ...]:
        """The lines that gave a TKI, with whether each failed by resistance and by
        intolerance (read by the TKI facts and the latest TKI failure)."""
        found = self._tki_outcomes
        if found is None:
            found = self._tki_outcomes = tki_outcomes(self.view, self.as_of)
        return found

    @property
    def events(self) -> dict[Since, date | None]:
        """The dates of the latest events read so far, by kind (``None``: there was none):
        the course events, read together on first use, and the TKI failure and
        antigen-directed therapy, which need the lines scanned, once a rule asks for them
        (:meth:`event`)."""
        found = self._events
        if found is not None:
            return found
        view = self.view
        relapse = view.relapses[-1].date if view.relapses else None
        remission = view.remissions[-1].date if view.remissions else None
        regimen = view.regimens[-1][0].start if view.regimens else None
        transplant = view.transplants[-1].date if view.transplants else None
        line = view.lines[-1].start if view.lines else None  # sorted by start
        found = self._events = {
            _RELAPSE: relapse,
            _REMISSION: remission,
            _RELAPSE_OR_REMISSION: _latest(relapse, remission),
            _REGIMEN: regimen,
            _TREATMENT: _latest(regimen, transplant),
            _LINE: _latest(line, transplant),
        }
        return found

    def event(self, since: Since) -> date | None:
        """The date of the latest such event, or ``None`` when there was none."""
        events = self.events
        if since in events:
            return events[since]
        found = events[since] = _LINE_EVENTS[since](self)
        return found

    def window_start(self, window: Window) -> date:
        """The first day a result counts under ``window``."""
        return self._windows[window]

    def cutoff(self, rule: int) -> Cutoff:
        """The first day a result counts under rule number ``rule`` (``None``: any day),
        and the event or window that sets it; computed once per rule and record."""
        return self.static[rule] or self.cutoffs.get(rule) or self._new_cutoff(rule)

    def _new_cutoff(self, rule: int) -> Cutoff:
        """Compute the cutoff of a rule that follows events, and keep it."""
        validity = self._rules[rule]
        best: date | None = None
        why: Since | Window | None = None
        events = self.events
        for since in validity.since:
            when = events[since] if since in events else self.event(since)
            if when is not None and (best is None or when > best):
                best, why = when, since
        window = validity.window
        if window is not None:
            start = self._windows[window]
            if best is None or start > best:
                best, why = start, window
        found = self.cutoffs[rule] = (best, why)
        return found

    def all_current(self, names: tuple[str, ...], when: date) -> bool:
        """Whether a result dated ``when`` may give every fact of ``names`` (each one that
        may not gets its remark)."""
        found = True
        for name in names:
            if not self.current(name, when):
                found = False
        return found

    def current(self, name: str, when: date) -> bool:
        """Whether a result dated ``when`` may give fact ``name``; remembers why not."""
        rule = self.rule_of[name]
        cutoff, why = self.static[rule] or self.cutoffs.get(rule) or self._new_cutoff(rule)
        if cutoff is None or when >= cutoff:
            return True
        if isinstance(why, Window):
            reason = (
                f"older than the {self.policy.days(why)}-day window before {self.as_of.isoformat()}"
            )
        else:
            assert why is not None
            reason = f"dated before {why.text} on {cutoff.isoformat()}"
        self.observed[name] = when
        self.remarks[name] = f"the result of {when.isoformat()} is not current: {reason}"
        return False
