"""Derive the facts of :mod:`allmodel.facts._schema` from a patient's record as of a date.

The facts are derived in groups (the person, the disease, CD19/CD22, the course,
exposures, TKI outcomes, transplants, laboratory results, MRD, recorded conditions).
:func:`derive_facts` derives every group, or only the groups holding the facts asked for
(``needed``): screening a few options then costs only what those options read. Shared
pieces (the course as of the date, the disease phase, the dates results must follow) are
computed once per call.

Each result is checked against its fact's validity rule (:mod:`allmodel.facts._validity`) with
the windows of the ruleset: a result that is no longer current gives an unknown fact and
a remark naming the result and the rule. Each rule here is documented with its fact in
:data:`allmodel.facts.FACTS`.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Collection
from datetime import date, timedelta

from allmodel.clinical._timeline import (
    CourseView,
    DiseasePhase,
    course_view,
    cr1_duration_months,
    disease_phase,
    initial_therapy_end,
    salvage_line_count,
)
from allmodel.dates import calendar_months, require_date, whole_calendar_months
from allmodel.errors import RuleError
from allmodel.facts._schema import ALL_FACTS, FACTS, NOT_IN_REMISSION, Facts
from allmodel.facts._validity import DEFAULT_VALIDITY, Since, Validity, ValidityPolicy, Window
from allmodel.model._agents import Agent, AgentClass
from allmodel.model._conditions import (
    HISTORY_CONDITIONS,
    STATE_CONDITIONS,
    Condition,
    ConditionRecord,
    condition_present,
)
from allmodel.model._course import (
    Relapse,
    RelapseSite,
    StopReason,
    TransplantKind,
    TreatmentLine,
)
from allmodel.model._disease import CnsStatus, Marker, MarkerResult
from allmodel.model._labs import Analyte, Comparator, LabResult
from allmodel.model._mrd import MRD_REQUIRED_SENSITIVITY, MrdResult, classify_mrd, latest_mrd
from allmodel.model._patient import DATED_OBSERVATIONS, Patient
from allmodel.model._plausibility import MAX_AGE_YEARS

__all__ = ["derive_facts", "groups_for"]

_NAMES = tuple(spec.name for spec in FACTS)
_INDEX = {name: index for index, name in enumerate(_NAMES)}
_SPECS = {spec.name: spec for spec in FACTS}
_in_order = operator.itemgetter(*_NAMES)
_BLANK: dict[str, object] = dict.fromkeys(_NAMES)
_RELAPSE_PHASES = frozenset(
    {
        DiseasePhase.FIRST_RELAPSE,
        DiseasePhase.SECOND_OR_LATER_RELAPSE,
        DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT,
    }
)
_REMISSION_PHASES = frozenset({DiseasePhase.IN_CR, DiseasePhase.MRD_POSITIVE_CR})
_CONDITIONS = tuple(condition for condition in Condition if condition is not Condition.BURKITT)
#: (fact name, analyte, unit or "x ULN") of the facts read from laboratory results.
_LAB_FACTS: tuple[tuple[str, Analyte, str], ...] = tuple(
    (spec.name, Analyte(spec.sources[0][5 : spec.sources[0].index("]")]), spec.unit or "")
    for spec in FACTS
    if spec.sources[0].startswith("labs[")
)


#: The validity rule of each fact read from a dated result.
_VALIDITY: dict[str, Validity] = {
    spec.name: spec.validity for spec in FACTS if spec.validity is not None
}
#: The distinct rules, and each fact's position among them (a cheap cache key).
_RULES: tuple[Validity, ...] = tuple(dict.fromkeys(_VALIDITY.values()))
_RULE_OF: dict[str, int] = {name: _RULES.index(rule) for name, rule in _VALIDITY.items()}

_Cutoff = tuple[date | None, Since | Window | None]


@functools.lru_cache(maxsize=64)
def _window_cutoffs(as_of: date, policy: ValidityPolicy) -> dict[Window, date]:
    """The first day each window admits, for one screening date and policy (a cohort
    shares them, so they are computed once)."""
    return {window: as_of - timedelta(days=policy.days(window)) for window in Window}


@functools.lru_cache(maxsize=64)
def _static_cutoffs(as_of: date, policy: ValidityPolicy) -> tuple[_Cutoff | None, ...]:
    """For each rule of :data:`_RULES` that depends on a window alone, its cutoff; None
    for a rule that also follows events (computed per record)."""
    starts = _window_cutoffs(as_of, policy)
    return tuple(
        (starts[rule.window], rule.window) if not rule.since and rule.window is not None else None
        for rule in _RULES
    )


class _Record:
    """One patient as of one date, with the shared pieces computed on first use."""

    def __init__(self, patient: Patient, as_of: date, policy: ValidityPolicy) -> None:
        self.patient = patient
        self.as_of = as_of
        self.policy = policy
        self.complete = patient.course.history_complete is True
        self.values: dict[str, object] = {}
        self.upper: dict[str, object] = {}
        self.observed: dict[str, date] = {}
        self.remarks: dict[str, str] = {}
        self._events: dict[Since, date | None] = {}
        self._cutoffs: dict[int, _Cutoff] = {}
        self._static = _static_cutoffs(as_of, policy)
        self._windows = _window_cutoffs(as_of, policy)

    @functools.cached_property
    def view(self) -> CourseView:
        return course_view(self.patient, as_of=self.as_of)

    @functools.cached_property
    def phase(self) -> DiseasePhase | None:
        return disease_phase(self.patient, as_of=self.as_of, view=self.view)

    @property
    def in_relapse(self) -> bool:
        return self.phase in _RELAPSE_PHASES

    @property
    def latest_relapse(self) -> Relapse | None:
        relapses = self.view.relapses
        return relapses[-1] if relapses else None

    def event(self, since: Since) -> date | None:
        """The date of the latest such event, or ``None`` when there was none. The course
        events are read together on first use; the TKI failure and antigen-directed
        therapy, which need the lines scanned, only when a rule asks for them."""
        events = self._events
        if not events:
            view = self.view
            relapse = view.relapses[-1].date if view.relapses else None
            remission = view.remissions[-1].date if view.remissions else None
            regimen = view.regimens[-1][0].start if view.regimens else None
            transplant = view.transplants[-1].date if view.transplants else None
            events[Since.LATEST_RELAPSE] = relapse
            events[Since.CURRENT_REMISSION] = remission
            events[Since.LATEST_RELAPSE_OR_REMISSION] = _latest(relapse, remission)
            events[Since.LATEST_REGIMEN] = regimen
            events[Since.LATEST_TREATMENT] = _latest(regimen, transplant)
        if since in events:
            return events[since]
        view, as_of = self.view, self.as_of
        if since is Since.LATEST_TKI_FAILURE:
            found = _latest_tki_failure(view, as_of)
        elif since is Since.LATEST_CD19_THERAPY:
            found = _latest_directed_end(view, AgentClass.CD19_DIRECTED, as_of)
        else:  # LATEST_CD22_THERAPY
            found = _latest_directed_end(view, AgentClass.CD22_DIRECTED, as_of)
        events[since] = found
        return found

    def window_start(self, window: Window) -> date:
        """The first day a result counts under ``window``."""
        return self._windows[window]

    def cutoff(self, rule: int) -> tuple[date | None, Since | Window | None]:
        """The first day a result counts under rule ``rule`` of :data:`_RULES` (``None``:
        any day), and the event or window that sets it; computed once per rule and record."""
        found = self._cutoffs.get(rule) or self._static[rule]
        if found is None:
            found = self._cutoffs[rule] = self._compute_cutoff(rule)
        return found

    def _compute_cutoff(self, rule: int) -> tuple[date | None, Since | Window | None]:
        validity = _RULES[rule]
        best: date | None = None
        why: Since | Window | None = None
        for since in validity.since:
            when = self.event(since)
            if when is not None and (best is None or when > best):
                best, why = when, since
        if validity.window is not None:
            start = self.window_start(validity.window)
            if best is None or start > best:
                best, why = start, validity.window
        return best, why

    def all_current(self, names: tuple[str, ...], when: date) -> bool:
        """Whether a result dated ``when`` may give every fact of ``names`` (each one that
        may not gets its remark)."""
        found = [self.current(name, when) for name in names]
        return all(found)

    def current(self, name: str, when: date) -> bool:
        """Whether a result dated ``when`` may give fact ``name``; remembers why not."""
        rule = _RULE_OF[name]
        cutoff, why = self._cutoffs.get(rule) or self._static[rule] or self.cutoff(rule)
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


def _latest(*dates: date | None) -> date | None:
    known = [when for when in dates if when is not None]
    return max(known) if known else None


def _ended(line: TreatmentLine, as_of: date) -> date:
    """The last day of a line, or ``as_of`` when it is ongoing or its end is unknown."""
    if line.end is None or line.ongoing:
        return as_of
    return line.end


def _latest_directed_end(view: CourseView, directed: AgentClass, as_of: date) -> date | None:
    ends = [_ended(line, as_of) for line in view.lines if _targets(line, directed)]
    return max(ends) if ends else None


def _latest_tki_failure(view: CourseView, as_of: date) -> date | None:
    """The latest day a TKI may have failed: the end of every TKI line that failed or may
    have failed (its outcome not recorded), ``as_of`` when it is ongoing or its end is
    unknown. The TKI keeps selecting resistant clones while it is given, so an analysis
    counts only when done after the line ended; and a line whose outcome is unknown may
    have failed, so it counts too (never turn a possibly stale result into a current one:
    recording the outcome can only make an analysis current, never the reverse)."""
    relapse_dates = [relapse.date for relapse in view.relapses]
    failed: list[date] = []
    for line in view.lines:
        if not any(agent.tki_generation for agent in line.agents):
            continue
        resistant, intolerant = _tki_failed(line, relapse_dates, as_of)
        if resistant is False and intolerant is False:
            continue
        failed.append(_ended(line, as_of))
    return max(failed) if failed else None


def _known(flag: bool, complete: bool) -> bool | None:
    """Exposure: true when recorded, false only with a complete history."""
    return True if flag else (False if complete else None)


def _any_or_unknown(flags: list[bool | None], complete: bool) -> bool | None:
    if any(flag is True for flag in flags):
        return True
    if complete and all(flag is not None for flag in flags):
        return False
    return None


#: The dated observations with the index of their validity rule.
_OBSERVATION_RULES = tuple((name, _RULE_OF[name]) for name in DATED_OBSERVATIONS)


def _person(r: _Record) -> None:
    patient, values = r.patient, r.values
    born = patient.date_of_birth
    diagnosed = patient.course.diagnosis_date
    values["age_years"] = whole_calendar_months(born, r.as_of) // 12 if born is not None else None
    values["age_at_diagnosis_years"] = (
        whole_calendar_months(born, diagnosed) // 12
        if born is not None and diagnosed is not None
        else None
    )
    values["sex"] = patient.sex
    as_of, cutoffs, static, observed = r.as_of, r._cutoffs, r._static, r.observed
    for name, rule in _OBSERVATION_RULES:
        observation = getattr(patient, name)
        if observation is None:
            values[name] = None
            continue
        when = observation.date
        cutoff = (cutoffs.get(rule) or static[rule] or r.cutoff(rule))[0]
        if when > as_of or (cutoff is not None and when < cutoff and not r.current(name, when)):
            values[name] = None
        else:
            values[name] = observation.value
            observed[name] = when
    values["prefers_palliative_care"] = patient.prefers_palliative_care
    values["certified_car_t_centre"] = patient.certified_car_t_centre
    values["weight_kg"] = patient.weight.magnitude_in("kg") if patient.weight is not None else None


def _disease(r: _Record) -> None:
    disease, values = r.patient.disease, r.values
    values["lineage"] = disease.lineage
    values["ph_status"] = disease.philadelphia
    kinase = disease.kinase_domain
    if kinase is not None and (
        kinase.date > r.as_of or not r.all_current(("kinase_domain_tested", "t315i"), kinase.date)
    ):
        kinase = None
    values["kinase_domain_tested"] = True if kinase is not None else None
    values["t315i"] = kinase.has_t315i if kinase is not None else None
    if kinase is not None:
        r.observed["kinase_domain_tested"] = r.observed["t315i"] = kinase.date
    sites = disease.extramedullary_sites
    values["extramedullary_disease"] = None if sites is None else bool(sites)


def _cns(r: _Record) -> None:
    cns = r.patient.disease.latest_cns(as_of=r.as_of)
    if cns is not None and not r.all_current(("cns_status", "cns_involved"), cns.date):
        cns = None  # a CSF result from before the latest relapse: repeat the lumbar puncture
    values = r.values
    values["cns_status"] = cns.status if cns is not None else None
    latest = r.latest_relapse
    if cns is not None:
        r.observed["cns_status"] = r.observed["cns_involved"] = cns.date
        status = cns.status
        if status.category == 3 or status is CnsStatus.CNS2A:
            values["cns_involved"] = True
        elif status is CnsStatus.CNS1:
            values["cns_involved"] = False
        else:  # CNS2 without subcategory, or a traumatic tap: unknown (decision 8)
            values["cns_involved"] = None
    elif (
        r.in_relapse
        and latest is not None
        and (latest.site is RelapseSite.ISOLATED_CNS or "cns" in latest.extramedullary_sites)
    ):
        values["cns_involved"] = True
        r.remarks.pop("cns_involved", None)
        r.observed.pop("cns_involved", None)
    else:
        values["cns_involved"] = None


#: The agents of each class (set lookups: screening reads them for every line).
_IN_CLASS: dict[AgentClass, frozenset[Agent]] = {
    cls: frozenset(agent for agent in Agent if cls in agent.classes) for cls in AgentClass
}


def _targets(line: TreatmentLine, directed: AgentClass) -> bool:
    return not _IN_CLASS[directed].isdisjoint(line.agents)


def _markers(r: _Record) -> None:
    values = r.values
    latest: dict[Marker, MarkerResult] = {}
    for found in r.patient.disease.markers:
        if found.date <= r.as_of:
            current = latest.get(found.marker)
            if current is None or found.date >= current.date:
                latest[found.marker] = found
    for marker, prefix in ((Marker.CD19, "cd19"), (Marker.CD22, "cd22")):
        result = latest.get(marker)
        # blasts can lose the antigen at relapse or under therapy directed at it (review
        # refs 7-13): a result from before either no longer tells the current state
        if result is not None and not r.all_current(
            (f"{prefix}_positive", f"{prefix}_percent"), result.date
        ):
            result = None
        values[f"{prefix}_positive"] = result.positive if result is not None else None
        values[f"{prefix}_percent"] = result.percent_positive if result is not None else None
        if result is not None:
            r.observed[f"{prefix}_positive"] = r.observed[f"{prefix}_percent"] = result.date


def _refractory(lines: list[TreatmentLine] | tuple[TreatmentLine, ...]) -> bool | None:
    """True when some line ended without remission; unknown otherwise.

    In relapse (or never in remission) no line since can have reached a remission (it
    would be recorded, changing the phase), so "no failure recorded" stays unknown.
    """
    if any(line.best_response is not None and line.best_response.is_failure for line in lines):
        return True
    return None


def _phase(r: _Record) -> None:
    values, phase = r.values, r.phase
    values["phase"] = phase
    values["relapsed_or_refractory"] = (
        None if phase is None else r.in_relapse or phase is DiseasePhase.PRIMARY_REFRACTORY
    )
    values["in_remission"] = None if phase is None else phase in _REMISSION_PHASES
    remissions = r.view.remissions
    if phase is None:
        values["remission_kind"] = None
    elif phase in _REMISSION_PHASES and remissions:
        values["remission_kind"] = remissions[-1].kind
    else:
        values["remission_kind"] = NOT_IN_REMISSION
    values["primary_refractory"] = (
        None if phase is None else phase is DiseasePhase.PRIMARY_REFRACTORY
    )
    values["relapse_count"] = len(r.view.relapses)
    latest = r.latest_relapse
    if phase is None:
        values["isolated_cns_relapse"] = values["isolated_extramedullary_relapse"] = None
    elif not r.in_relapse or latest is None:
        values["isolated_cns_relapse"] = values["isolated_extramedullary_relapse"] = False
    else:
        site = latest.site
        values["isolated_cns_relapse"] = None if site is None else site is RelapseSite.ISOLATED_CNS
        values["isolated_extramedullary_relapse"] = (
            None if site is None else site is not RelapseSite.MARROW
        )


def _intervals(r: _Record) -> None:
    values, view, patient, as_of = r.values, r.view, r.patient, r.as_of
    values["cr1_months"] = cr1_duration_months(patient, as_of=as_of, view=view)
    first = view.relapses[0].date if view.relapses else None
    end = initial_therapy_end(patient, as_of, view=view) if first is not None else None
    values["months_initial_therapy_to_relapse"] = (
        calendar_months(end, first) if end is not None and first is not None else None
    )
    diagnosed = patient.course.diagnosis_date
    values["months_diagnosis_to_first_relapse"] = (
        calendar_months(diagnosed, first) if diagnosed is not None and first is not None else None
    )


def _lines(r: _Record) -> None:
    values, upper, view, phase = r.values, r.upper, r.view, r.phase
    latest = r.latest_relapse
    systemic = view.anti_leukemic
    if r.in_relapse and latest is not None:
        after = [line for line in systemic if line.start >= latest.date]
        if after:
            values["untreated_relapse"] = False
            values["refractory_to_salvage"] = _refractory(after)
        else:
            values["untreated_relapse"] = True if r.complete else None
            values["refractory_to_salvage"] = False if r.complete else None
    elif phase is DiseasePhase.PRIMARY_REFRACTORY:
        values["untreated_relapse"] = False
        later = [line for regimen in view.regimens[1:] for line in regimen]
        if later:
            values["refractory_to_salvage"] = _refractory(later)
        else:
            values["refractory_to_salvage"] = False if r.complete else None
    elif phase is None:
        values["untreated_relapse"] = values["refractory_to_salvage"] = None
    else:
        values["untreated_relapse"] = values["refractory_to_salvage"] = False
    regimens = view.regimens
    values["prior_regimens"] = len(regimens)
    upper["prior_regimens"] = len(regimens) if r.complete else math.inf
    chemotherapy = [_chemotherapy(regimen) for regimen in regimens]
    surely = sum(kind is True for kind in chemotherapy)
    values["prior_chemotherapy_regimens"] = surely
    upper["prior_chemotherapy_regimens"] = (
        surely + sum(kind is None for kind in chemotherapy) if r.complete else math.inf
    )
    salvage = salvage_line_count(r.patient, as_of=r.as_of, view=view)
    values["salvage_lines"] = salvage
    upper["salvage_lines"] = salvage if r.complete else math.inf


def _chemotherapy(regimen: tuple[TreatmentLine, ...]) -> bool | None:
    """Whether a regimen contained cytotoxic chemotherapy (``None``: its agents not listed).

    A CAR T-cell regimen is not a chemotherapy regimen: its fludarabine and
    cyclophosphamide are lymphodepletion.
    """
    agents = [agent for line in regimen for agent in line.agents]
    if not _IN_CLASS[AgentClass.CAR_T].isdisjoint(agents):
        return False
    if not _IN_CLASS[AgentClass.CYTOTOXIC].isdisjoint(agents):
        return True
    if any(not line.agents for line in regimen):
        return None
    return False


def _exposures(r: _Record) -> None:
    values, complete, lines = r.values, r.complete, r.view.lines
    agents: set[Agent] = {agent for line in lines for agent in line.agents}
    classes: set[AgentClass] = set().union(*(agent.classes for agent in agents))
    values["prior_blinatumomab"] = _known(Agent.BLINATUMOMAB in agents, complete)
    values["prior_inotuzumab"] = _known(Agent.INOTUZUMAB_OZOGAMICIN in agents, complete)
    values["prior_cd19_directed"] = _known(AgentClass.CD19_DIRECTED in classes, complete)
    values["prior_car_t"] = _known(AgentClass.CAR_T in classes, complete)
    values["prior_tki"] = _known(AgentClass.TYROSINE_KINASE_INHIBITOR in classes, complete)
    values["prior_imatinib"] = _known(Agent.IMATINIB in agents, complete)
    values["prior_second_generation_tki"] = _known(
        any(agent.tki_generation == 2 for agent in agents), complete
    )
    values["prior_ponatinib"] = _known(Agent.PONATINIB in agents, complete)
    values["prior_anthracycline"] = _known(AgentClass.ANTHRACYCLINE in classes, complete)
    values["prior_cytarabine"] = _known(AgentClass.CYTARABINE in classes, complete)
    values["prior_intensive_chemotherapy"] = _any_or_unknown(
        [line.intensive for line in lines], complete
    )


def _or(flags: list[bool | None]) -> bool | None:
    """Kleene OR."""
    if any(flag is True for flag in flags):
        return True
    return False if all(flag is False for flag in flags) else None


def _relapse_during(line: TreatmentLine, relapse_dates: list[date], as_of: date) -> bool | None:
    """Whether a relapse came while the line was given (unknown when its end is unknown)."""
    later = [when for when in relapse_dates if when >= line.start]
    if not later:
        return False
    end = as_of if line.ongoing else line.end
    if end is None:
        return None
    return any(when <= end for when in later)


def _tki_failed(
    line: TreatmentLine, relapse_dates: list[date], as_of: date
) -> tuple[bool | None, bool | None]:
    """Whether a TKI line failed by resistance, and by intolerance (three-valued each).

    Resistance: stopped for resistance or relapse, no response, or a relapse while on it.
    Intolerance: stopped for intolerance. A part not recorded is unknown.
    """
    stop, response = line.stop_reason, line.best_response
    during = _relapse_during(line, relapse_dates, as_of)
    if (
        stop in (StopReason.RESISTANCE, StopReason.RELAPSE)
        or (response is not None and response.is_failure)
        or during is True
    ):
        resistant: bool | None = True
    elif stop is not None and response is not None and during is False:
        resistant = False
    else:
        resistant = None
    intolerant = None if stop is None else stop is StopReason.INTOLERANCE
    return resistant, intolerant


def _tki(r: _Record) -> None:
    values, complete = r.values, r.complete
    relapse_dates = [relapse.date for relapse in r.view.relapses]
    tki_lines = [line for line in r.view.lines if any(a.tki_generation for a in line.agents)]
    outcomes = [_tki_failed(line, relapse_dates, r.as_of) for line in tki_lines]
    resistant = [resistance for resistance, _ in outcomes]
    intolerant = [intolerance for _, intolerance in outcomes]
    failed = [_or([resistance, intolerance]) for resistance, intolerance in outcomes]
    values["tki_resistance"] = _any_or_unknown(resistant, complete)
    values["tki_intolerance"] = _any_or_unknown(intolerant, complete)
    surely: set[Agent] = set()
    possibly: set[Agent] = set()
    for line, outcome in zip(tki_lines, failed, strict=True):
        tkis = {agent for agent in line.agents if agent.tki_generation}
        if outcome is True:
            surely |= tkis
        if outcome is not False:
            possibly |= tkis
    values["tki_failures"] = len(surely)
    r.upper["tki_failures"] = len(possibly) if complete else math.inf
    values["second_generation_tki_failure"] = _any_or_unknown(
        [
            outcome
            for line, outcome in zip(tki_lines, failed, strict=True)
            if any(agent.tki_generation == 2 for agent in line.agents)
        ],
        complete,
    )
    latest = r.latest_relapse
    if r.phase is None:
        values["relapsed_after_tki"] = None
    elif not r.in_relapse or latest is None:
        values["relapsed_after_tki"] = False
    else:
        before = [line for line in tki_lines if line.start < latest.date]
        values["relapsed_after_tki"] = _known(bool(before), complete)


def _days_since_treatment(
    lines: tuple[TreatmentLine, ...], as_of: date, complete: bool
) -> tuple[int, int] | None:
    """Days since the latest line ended, as ``(lowest, highest)``; unknown without lines.

    An ongoing line gives 0. A line whose end is not recorded ended on some day since its
    start; with an incomplete history a later, unrecorded line may have ended even later.
    """
    if not lines:
        return None
    if any(line.ongoing for line in lines):
        return 0, 0
    anchors = [line.end if line.end is not None else line.start for line in lines]
    highest = max(0, (as_of - max(anchors)).days)
    exact = complete and all(line.end is not None for line in lines)
    return (highest if exact else 0), highest


def _days_since_line(line: TreatmentLine, as_of: date) -> tuple[int, int]:
    """Days since a line ended, as ``(lowest, highest)`` (an unknown end: any day since
    its start)."""
    if line.ongoing:
        return 0, 0
    if line.end is not None:
        days = max(0, (as_of - line.end).days)
        return days, days
    return 0, max(0, (as_of - line.start).days)


_RT_OR_IMMUNOTHERAPY = _IN_CLASS[AgentClass.RADIOTHERAPY] | _IN_CLASS[AgentClass.IMMUNOTHERAPY]


def _since_radiotherapy_or_immunotherapy(r: _Record) -> None:
    """Days since the latest line that surely or possibly held radiotherapy or
    immunotherapy (a line listing no agents possibly did)."""
    surely: list[tuple[int, int]] = []
    possibly: list[tuple[int, int]] = []
    for line in r.view.lines:
        if not _RT_OR_IMMUNOTHERAPY.isdisjoint(line.agents):
            surely.append(_days_since_line(line, r.as_of))
        elif not line.agents:
            possibly.append(_days_since_line(line, r.as_of))
    lowest = [low for low, _ in surely + possibly]
    low = min(lowest) if lowest else math.inf
    high = min(high for _, high in surely) if surely else math.inf
    if not r.complete:
        low = 0
    name = "days_since_radiotherapy_or_immunotherapy"
    r.values[name] = low
    if high != low:
        r.upper[name] = high


def _blocks(r: _Record) -> None:
    """Intensive chemotherapy cycles given, as an interval, regimen by regimen.

    A regimen's intensive lines add their recorded cycles; when any intensive line of
    it lacks its cycles the regimen gave at least one more block than recorded nowhere
    (at least one in all), and the upper end is open. Counting by regimen keeps a
    programme recorded in phases the same as the programme recorded as one line.
    """
    low, high = 0, 0.0
    for regimen in r.view.regimens:
        intensive = [line for line in regimen if line.intensive is not False]
        if not intensive:
            continue
        known = sum(line.cycles for line in intensive if line.intensive and line.cycles is not None)
        sure = any(line.intensive for line in intensive)
        unknown = any(line.intensive is None or line.cycles is None for line in intensive)
        low += max(known, 1) if sure and unknown else known
        high = math.inf if unknown else high + known
    r.values["intensive_chemotherapy_blocks"] = low
    r.upper["intensive_chemotherapy_blocks"] = high if r.complete else math.inf


def _transplants(r: _Record) -> None:
    values, course = r.values, r.patient.course
    allogeneic = [t for t in r.view.transplants if t.kind is TransplantKind.ALLOGENEIC]
    values["prior_allogeneic_hct"] = _known(bool(allogeneic), r.complete)
    values["months_since_allogeneic_hct"] = (
        calendar_months(allogeneic[-1].date, r.as_of) if allogeneic else None
    )
    values["days_since_allogeneic_hct"] = (
        (r.as_of - allogeneic[-1].date).days if allogeneic else None
    )
    days_since = _days_since_treatment(r.view.lines, r.as_of, r.complete)
    if days_since is None:
        values["days_since_last_treatment"] = None
    else:
        values["days_since_last_treatment"] = days_since[0]
        r.upper["days_since_last_treatment"] = days_since[1]
    values["hla_typed"] = course.hla_typed
    values["donor_identified"] = course.donor_identified
    values["donor_cmv_positive"] = (
        None if course.donor_cmv is None else course.donor_cmv == "positive"
    )
    values["cr1_high_risk"] = course.cr1_high_risk


def _latest_labs(labs: tuple[LabResult, ...], as_of: date) -> dict[Analyte, LabResult]:
    latest: dict[Analyte, LabResult] = {}
    for lab in labs:
        if lab.date <= as_of:
            current = latest.get(lab.analyte)
            if current is None or lab.date >= current.date:
                latest[lab.analyte] = lab
    return latest


#: The lab facts with the index of their validity rule.
_LAB_RULES = tuple((name, analyte, unit, _RULE_OF[name]) for name, analyte, unit in _LAB_FACTS)


def _labs(r: _Record) -> None:
    latest = _latest_labs(r.patient.labs, r.as_of)
    values, observed = r.values, r.observed
    cutoffs, static = r._cutoffs, r._static
    for name, analyte, unit, rule in _LAB_RULES:
        lab = latest.get(analyte)
        if lab is None:
            values[name] = None
            continue
        when = lab.date
        cutoff = (cutoffs.get(rule) or static[rule] or r.cutoff(rule))[0]
        if cutoff is not None and when < cutoff and not r.current(name, when):
            values[name] = None
            continue
        value = lab.times_upper_limit if unit == "x ULN" else lab.canonical_value
        if value is None:
            values[name] = None
            continue
        observed[name] = when
        if lab.comparator is Comparator.EQ:
            values[name] = value
            continue
        low, high = lab.bounds(value)
        values[name] = low
        if high != low:
            r.upper[name] = high
            r.remarks[name] = f"reported as {lab.comparator} {lab.value:g} {lab.unit}"


def _mrd_bounds(result: MrdResult) -> tuple[float, float]:
    """The MRD level as an interval: exact when detected; ``[0, s)`` when none was detected
    by an assay of sensitivity ``s``; ``[0, 1]`` when the sensitivity is not reported."""
    if result.level > 0:
        return result.level, result.level
    if result.sensitivity is None:
        return 0.0, 1.0
    return 0.0, math.nextafter(result.sensitivity, 0.0)


def _set_mrd(r: _Record, result: MrdResult, level: str, status: str) -> None:
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
    r.values[status] = classify_mrd(result)[0]
    r.observed[level] = r.observed[status] = result.date


def _mrd(r: _Record) -> None:
    mrd = latest_mrd(r.patient.mrd, as_of=r.as_of)
    values = r.values
    values["mrd_level"] = values["mrd_status"] = None
    if mrd is not None and r.all_current(("mrd_level", "mrd_status"), mrd.date):
        _set_mrd(r, mrd, "mrd_level", "mrd_status")
    names = ("mrd_level_in_remission", "mrd_status_in_remission", "mrd_undetectable_in_remission")
    for name in names:
        values[name] = None
    if r.phase not in _REMISSION_PHASES or mrd is None:
        return
    if not r.all_current(names, mrd.date):
        return
    _set_mrd(r, mrd, "mrd_level_in_remission", "mrd_status_in_remission")
    sensitive = mrd.sensitivity is not None and mrd.sensitivity <= MRD_REQUIRED_SENSITIVITY
    values["mrd_undetectable_in_remission"] = (
        False if mrd.level > 0 else (True if sensitive else None)
    )
    r.observed["mrd_undetectable_in_remission"] = mrd.date


_NO_CONDITIONS: dict[str, object] = {str(condition): None for condition in _CONDITIONS}


def _conditions(r: _Record) -> None:
    records = r.patient.conditions
    values = r.values
    values.update(_NO_CONDITIONS)
    by_condition: dict[Condition, list[ConditionRecord]] = {}
    for record in records:
        by_condition.setdefault(record.condition, []).append(record)
    for condition, found in by_condition.items():
        if condition is Condition.BURKITT:
            continue
        if condition in STATE_CONDITIONS:
            current_from: date | None = r.window_start(Window.CONDITIONS)
        elif condition in HISTORY_CONDITIONS:
            current_from = r.event(Since.LATEST_TREATMENT)
        else:  # pragma: no cover - every condition but Burkitt is a state or a history
            current_from = None
        present = condition_present(found, condition, current_from=current_from)
        values[condition] = present
        if present is None:
            rule = _VALIDITY[condition].text(r.policy)
            r.remarks[condition] = f"the records on file are not current or disagree ({rule})"
    if r.patient.disease.lineage is not None:
        # the model's lineages are precursor lineages; Burkitt leukemia is mature B (a
        # patient recording both is refused when built)
        values["burkitt"] = False
    else:
        burkitt = by_condition.get(Condition.BURKITT)
        values["burkitt"] = condition_present(burkitt, Condition.BURKITT) if burkitt else None


_Group = tuple[frozenset[str], Callable[[_Record], None]]


def _group(function: Callable[[_Record], None], *names: str) -> _Group:
    return frozenset(names), function


_GROUPS: tuple[_Group, ...] = (
    _group(
        _person,
        "age_years",
        "age_at_diagnosis_years",
        "sex",
        *DATED_OBSERVATIONS,
        "prefers_palliative_care",
        "certified_car_t_centre",
        "weight_kg",
    ),
    _group(
        _disease, "lineage", "ph_status", "kinase_domain_tested", "t315i", "extramedullary_disease"
    ),
    _group(_cns, "cns_status", "cns_involved"),
    _group(_markers, "cd19_positive", "cd19_percent", "cd22_positive", "cd22_percent"),
    _group(
        _phase,
        "phase",
        "relapsed_or_refractory",
        "in_remission",
        "remission_kind",
        "primary_refractory",
        "relapse_count",
        "isolated_cns_relapse",
        "isolated_extramedullary_relapse",
    ),
    _group(
        _intervals,
        "cr1_months",
        "months_initial_therapy_to_relapse",
        "months_diagnosis_to_first_relapse",
    ),
    _group(
        _lines,
        "refractory_to_salvage",
        "untreated_relapse",
        "prior_regimens",
        "prior_chemotherapy_regimens",
        "salvage_lines",
    ),
    _group(
        _exposures,
        "prior_blinatumomab",
        "prior_inotuzumab",
        "prior_cd19_directed",
        "prior_car_t",
        "prior_tki",
        "prior_imatinib",
        "prior_second_generation_tki",
        "prior_ponatinib",
        "prior_anthracycline",
        "prior_cytarabine",
        "prior_intensive_chemotherapy",
    ),
    _group(
        _tki,
        "tki_resistance",
        "tki_intolerance",
        "relapsed_after_tki",
        "tki_failures",
        "second_generation_tki_failure",
    ),
    _group(_since_radiotherapy_or_immunotherapy, "days_since_radiotherapy_or_immunotherapy"),
    _group(_blocks, "intensive_chemotherapy_blocks"),
    _group(
        _transplants,
        "prior_allogeneic_hct",
        "months_since_allogeneic_hct",
        "days_since_allogeneic_hct",
        "days_since_last_treatment",
        "hla_typed",
        "donor_identified",
        "donor_cmv_positive",
        "cr1_high_risk",
    ),
    _group(_labs, *(name for name, _, _ in _LAB_FACTS)),
    _group(
        _mrd,
        "mrd_level",
        "mrd_status",
        "mrd_level_in_remission",
        "mrd_status_in_remission",
        "mrd_undetectable_in_remission",
    ),
    _group(_conditions, *(str(condition) for condition in _CONDITIONS), "burkitt"),
)

_covered = [name for names, _ in _GROUPS for name in names]
if sorted(_covered) != sorted(_NAMES):  # pragma: no cover - a programming error, caught at import
    raise RuleError("the derivation groups must cover every fact exactly once")


@functools.lru_cache(maxsize=128)
def _derived(groups: tuple[_Group, ...]) -> frozenset[str]:
    return frozenset().union(*(names for names, _ in groups))


@functools.lru_cache(maxsize=128)
def groups_for(
    needed: frozenset[str],
) -> tuple[tuple[frozenset[str], Callable[[_Record], None]], ...]:
    """The derivation groups that hold any of the ``needed`` facts."""
    unknown = needed - ALL_FACTS
    if unknown:
        raise RuleError(f"unknown facts: {', '.join(sorted(unknown))}")
    return tuple(group for group in _GROUPS if group[0] & needed)


def derive_facts(
    patient: Patient,
    *,
    as_of: date,
    needed: Collection[str] | None = None,
    validity: ValidityPolicy = DEFAULT_VALIDITY,
) -> Facts:
    """Derive the facts of :data:`~allmodel.facts.FACTS` for ``patient`` as of ``as_of``.

    Args:
        patient: The patient.
        as_of: The date the facts describe; only events on or before it count.
        needed: Derive only the groups holding these facts (all when ``None``); the
            record then allows reading only the facts derived.
        validity: The windows results stay current in (a ruleset's
            :attr:`~allmodel.criteria.Ruleset.validity`; allmodel's default otherwise).

    Raises:
        ChronologyError: The date of birth is after ``as_of``, or more than
            :data:`~allmodel.model.MAX_AGE_YEARS` years before it (never shown).
        RuleError: ``needed`` names an unknown fact.
    """
    require_date(as_of, "as_of")
    born = patient.date_of_birth
    if born is not None and (born > as_of or as_of.year - born.year > MAX_AGE_YEARS):
        patient.check_age(as_of=as_of)  # raises when the age is impossible
    record = _Record(patient, as_of, validity)
    groups = _GROUPS if needed is None else groups_for(frozenset(needed))
    for _, derive in groups:
        derive(record)
    values = record.values
    if needed is None:
        ordered: tuple[object, ...] = _in_order(values)
        derived = ALL_FACTS
    else:
        row = _BLANK.copy()
        row.update(values)
        ordered = _in_order(row)
        derived = _derived(groups)
    if record.upper:
        bounds = list(ordered)
        for name, bound in record.upper.items():
            index = _INDEX[name]
            if bounds[index] is not None:
                bounds[index] = bound
        upper: tuple[object, ...] = tuple(bounds)
    else:
        upper = ordered
    dates: list[date | None] = [None] * len(_NAMES)
    for name, when in record.observed.items():
        dates[_INDEX[name]] = when
    remarks = tuple(
        (name, text)
        for name, text in record.remarks.items()
        if values.get(name) is None or name in record.upper
    )
    return Facts(as_of, ordered, upper, tuple(dates), derived, remarks, validity)
