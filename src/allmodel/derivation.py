"""Derive the facts of :mod:`allmodel.facts` from a patient's record as of a date.

The facts are derived in groups (the person, the disease, CD19/CD22, the course,
exposures, TKI outcomes, transplants, laboratory results, MRD, recorded conditions).
:func:`derive_facts` derives every group, or only the groups holding the facts asked for
(``needed``): screening a few options then costs only what those options read. Shared
pieces (the course as of the date, the disease phase) are computed once per call.

Each rule here is documented with its fact in :data:`allmodel.facts.FACTS`.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Collection
from datetime import date

from allmodel.agents import Agent, AgentClass
from allmodel.conditions import Condition, condition_present
from allmodel.course import (
    Relapse,
    RelapseSite,
    StopReason,
    TransplantKind,
    TreatmentLine,
)
from allmodel.dates import calendar_months, whole_calendar_months
from allmodel.disease import CnsStatus, Marker, MarkerResult
from allmodel.errors import ChronologyError, Problem, RuleError
from allmodel.facts import ALL_FACTS, FACTS, Facts
from allmodel.labs import Analyte, LabResult
from allmodel.mrd import classify_mrd, latest_mrd
from allmodel.patient import Patient
from allmodel.timeline import (
    CourseView,
    DiseasePhase,
    course_view,
    cr1_duration_months,
    disease_phase,
    initial_therapy_end,
    salvage_line_count,
)

__all__ = ["derive_facts", "groups_for"]

_NAMES = tuple(spec.name for spec in FACTS)
_INDEX = {name: index for index, name in enumerate(_NAMES)}
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
_CONDITIONS = tuple(Condition)
#: (fact name, analyte, unit or "x ULN") of the facts read from laboratory results.
_LAB_FACTS: tuple[tuple[str, Analyte, str], ...] = tuple(
    (spec.name, Analyte(spec.sources[0][5 : spec.sources[0].index("]")]), spec.unit or "")
    for spec in FACTS
    if spec.sources[0].startswith("labs[")
)


class _Record:
    """One patient as of one date, with the shared pieces computed on first use."""

    def __init__(self, patient: Patient, as_of: date) -> None:
        self.patient = patient
        self.as_of = as_of
        self.complete = patient.course.history_complete is True
        self.values: dict[str, object] = {}
        self.upper: dict[str, object] = {}
        self.observed: dict[str, date] = {}

    @functools.cached_property
    def view(self) -> CourseView:
        return course_view(self.patient, self.as_of)

    @functools.cached_property
    def phase(self) -> DiseasePhase | None:
        return disease_phase(self.patient, self.as_of, view=self.view)

    @property
    def in_relapse(self) -> bool:
        return self.phase in _RELAPSE_PHASES

    @property
    def latest_relapse(self) -> Relapse | None:
        relapses = self.view.relapses
        return relapses[-1] if relapses else None


def _known(flag: bool, complete: bool) -> bool | None:
    """Exposure: true when recorded, false only with a complete history."""
    return True if flag else (False if complete else None)


def _any_or_unknown(flags: list[bool | None], complete: bool) -> bool | None:
    if any(flag is True for flag in flags):
        return True
    if complete and all(flag is not None for flag in flags):
        return False
    return None


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
    values["ecog"] = patient.ecog
    values["pregnant"] = patient.pregnant
    values["lactating"] = patient.lactating
    values["prefers_palliative_care"] = patient.prefers_palliative_care
    values["fit_for_intensive_therapy"] = patient.fit_for_intensive_therapy
    values["lvef_percent"] = patient.lvef_percent
    values["weight_kg"] = patient.weight.magnitude_in("kg") if patient.weight is not None else None


def _disease(r: _Record) -> None:
    disease, values = r.patient.disease, r.values
    values["lineage"] = disease.lineage
    values["ph_status"] = disease.philadelphia
    kinase = disease.kinase_domain
    values["kinase_domain_tested"] = True if kinase is not None else None
    values["t315i"] = kinase.has_t315i if kinase is not None else None
    sites = disease.extramedullary_sites
    values["extramedullary_disease"] = None if sites is None else bool(sites)


def _cns(r: _Record) -> None:
    cns = r.patient.disease.latest_cns(r.as_of)
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
    else:
        values["cns_involved"] = None


def _targets(line: TreatmentLine, directed: AgentClass) -> bool:
    return any(directed in agent.classes for agent in line.agents)


def _markers(r: _Record) -> None:
    values = r.values
    latest: dict[Marker, MarkerResult] = {}
    for found in r.patient.disease.markers:
        if found.date <= r.as_of:
            current = latest.get(found.marker)
            if current is None or found.date >= current.date:
                latest[found.marker] = found
    for marker, prefix, directed in (
        (Marker.CD19, "cd19", AgentClass.CD19_DIRECTED),
        (Marker.CD22, "cd22", AgentClass.CD22_DIRECTED),
    ):
        result = latest.get(marker)
        if result is not None:
            # blasts can lose the antigen under therapy directed at it (review refs 7-13):
            # a result older than the latest such therapy no longer tells the current state
            targeted = [line.start for line in r.view.lines if _targets(line, directed)]
            if targeted and max(targeted) > result.date:
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
    values["cr1_months"] = cr1_duration_months(patient, as_of, view=view)
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
        later = systemic[1:]
        if later:
            values["refractory_to_salvage"] = _refractory(later)
        else:
            values["refractory_to_salvage"] = False if r.complete else None
    elif phase is None:
        values["untreated_relapse"] = values["refractory_to_salvage"] = None
    else:
        values["untreated_relapse"] = values["refractory_to_salvage"] = False
    values["prior_regimens"] = len(systemic)
    upper["prior_regimens"] = len(systemic) if r.complete else math.inf
    salvage = salvage_line_count(r.patient, r.as_of, view=view)
    values["salvage_lines"] = salvage
    upper["salvage_lines"] = salvage if r.complete else math.inf


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


def _latest_labs(labs: tuple[LabResult, ...], as_of: date) -> dict[Analyte, LabResult]:
    latest: dict[Analyte, LabResult] = {}
    for lab in labs:
        if lab.date <= as_of:
            current = latest.get(lab.analyte)
            if current is None or lab.date >= current.date:
                latest[lab.analyte] = lab
    return latest


def _labs(r: _Record) -> None:
    latest = _latest_labs(r.patient.labs, r.as_of)
    for name, analyte, unit in _LAB_FACTS:
        lab = latest.get(analyte)
        if lab is None:
            r.values[name] = None
        else:
            r.observed[name] = lab.date
            r.values[name] = lab.times_upper_limit if unit == "x ULN" else lab.canonical_value


def _mrd(r: _Record) -> None:
    mrd = latest_mrd(r.patient.mrd, r.as_of)
    status = classify_mrd(mrd)[0] if mrd is not None else None
    r.values["mrd_level"] = mrd.level if mrd is not None else None
    r.values["mrd_status"] = status
    remissions = r.view.remissions
    current = (
        mrd is not None
        and r.phase in _REMISSION_PHASES
        and bool(remissions)
        and mrd.date >= remissions[-1].date
    )
    r.values["mrd_level_in_remission"] = mrd.level if current and mrd is not None else None
    r.values["mrd_status_in_remission"] = status if current else None
    if mrd is not None:
        r.observed["mrd_level"] = r.observed["mrd_status"] = mrd.date
        if current:
            r.observed["mrd_level_in_remission"] = mrd.date
            r.observed["mrd_status_in_remission"] = mrd.date


def _conditions(r: _Record) -> None:
    records = r.patient.conditions
    for condition in _CONDITIONS:
        r.values[condition] = condition_present(records, condition) if records else None


_Group = tuple[frozenset[str], Callable[[_Record], None]]


def _group(function: Callable[[_Record], None], *names: str) -> _Group:
    return frozenset(names), function


_GROUPS: tuple[_Group, ...] = (
    _group(
        _person,
        "age_years",
        "age_at_diagnosis_years",
        "sex",
        "ecog",
        "pregnant",
        "lactating",
        "prefers_palliative_care",
        "fit_for_intensive_therapy",
        "lvef_percent",
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
    _group(_lines, "refractory_to_salvage", "untreated_relapse", "prior_regimens", "salvage_lines"),
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
        _tki, "tki_resistance", "tki_intolerance", "tki_failures", "second_generation_tki_failure"
    ),
    _group(
        _transplants,
        "prior_allogeneic_hct",
        "months_since_allogeneic_hct",
        "days_since_allogeneic_hct",
        "days_since_last_treatment",
        "hla_typed",
        "donor_identified",
        "donor_cmv_positive",
    ),
    _group(_labs, *(name for name, _, _ in _LAB_FACTS)),
    _group(_mrd, "mrd_level", "mrd_status", "mrd_level_in_remission", "mrd_status_in_remission"),
    _group(_conditions, *(str(condition) for condition in _CONDITIONS)),
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


def derive_facts(patient: Patient, as_of: date, *, needed: Collection[str] | None = None) -> Facts:
    """Derive the facts of :data:`~allmodel.facts.FACTS` for ``patient`` as of ``as_of``.

    Args:
        patient: The patient.
        as_of: The date the facts describe; only events on or before it count.
        needed: Derive only the groups holding these facts (all when ``None``); the
            record then allows reading only the facts derived.

    Raises:
        ChronologyError: The date of birth is after ``as_of``.
        RuleError: ``needed`` names an unknown fact.
    """
    born = patient.date_of_birth
    if born is not None and born > as_of:
        raise ChronologyError([Problem("date_of_birth", "is after as_of")])
    record = _Record(patient, as_of)
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
    return Facts(as_of, ordered, upper, tuple(dates), derived)
