"""The fact schema: the one seam between the patient model and eligibility criteria.

A *fact* is a named, typed value derived from a patient's record as of a date: ``age_years``,
``ph_status``, ``cd22_percent``, ``prior_blinatumomab``, ``platelets`` (in 10^9/L) and so
on. :data:`FACTS` declares each one: its type, the unit its values are in, the categories
it can take, and the model field paths it derives from (so that an unknown criterion can
say exactly what to record). :func:`derive_facts` derives them all once; criteria then
compare facts with constants and never touch the model, so the same criteria can be
evaluated per patient or compiled for a cohort table with one column per fact.

Unknown is a value. A fact that cannot be derived is ``None``. Counts of recorded items
(prior regimens, salvage lines, failed TKIs) are exact only when the treatment history is
marked complete; otherwise they are lower bounds ("at least 2"), which decide ``>= 2`` but
not ``<= 1``. Exposures ("prior blinatumomab") are true when recorded, false only when the
history is complete, unknown otherwise.

Conventions: ages are completed years; intervals are calendar months with the partial
month as a fraction (:func:`allmodel.dates.calendar_months`); lab facts are the latest
result on or before ``as_of`` in the analyte's canonical unit, and multiples of the upper
limit of normal need the laboratory's ULN.
"""

from __future__ import annotations

import enum
import math
import operator
from datetime import date

import attrs

from allmodel.agents import Agent, AgentClass
from allmodel.conditions import Condition, condition_present
from allmodel.course import BestResponse, RelapseSite, StopReason, TransplantKind, TreatmentLine
from allmodel.dates import calendar_months, whole_calendar_months
from allmodel.disease import CnsStatus, Lineage, Marker, PhStatus
from allmodel.errors import ChronologyError, Problem, RuleError
from allmodel.labs import Analyte, LabResult
from allmodel.mrd import MrdStatus, classify_mrd, latest_mrd
from allmodel.patient import Patient, Sex
from allmodel.timeline import (
    DiseasePhase,
    course_view,
    cr1_duration_months,
    disease_phase,
    initial_therapy_end,
    salvage_line_count,
)

__all__ = [
    "FACTS",
    "FACT_UNITS",
    "FactSpec",
    "FactType",
    "Facts",
    "derive_facts",
    "fact_index",
    "fact_spec",
]


class FactType(enum.StrEnum):
    """The kind of value a fact holds."""

    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CATEGORY = "category"


#: Units of facts that are not physical units of the unit table.
FACT_UNITS = ("years", "months", "days", "count", "fraction", "x ULN")


@attrs.frozen(kw_only=True)
class FactSpec:
    """The declaration of one fact.

    Args:
        name: Stable name (public: criteria and cohort tables use it).
        type: Number, integer, boolean or category.
        description: What it means, in a sentence.
        sources: Model field paths it derives from; an unknown fact names these.
        unit: Unit of its values (a unit-table code or one of :data:`FACT_UNITS`).
        categories: Allowed values of a category fact.
        lower_bound: Whether the value may be only a bound: :class:`Facts` then holds an
            interval (``values`` the lower and ``upper`` the upper end).
    """

    name: str
    type: FactType
    description: str
    sources: tuple[str, ...]
    unit: str | None = None
    categories: tuple[str, ...] = ()
    lower_bound: bool = False

    @property
    def numeric(self) -> bool:
        """Whether thresholds apply to it."""
        return self.type in (FactType.NUMBER, FactType.INTEGER)


def _f(  # noqa: PLR0917  (a table row reads best positionally)
    name: str,
    kind: FactType,
    description: str,
    sources: tuple[str, ...],
    unit: str | None = None,
    categories: tuple[str, ...] = (),
    lower_bound: bool = False,
) -> FactSpec:
    return FactSpec(
        name=name,
        type=kind,
        description=description,
        sources=sources,
        unit=unit,
        categories=categories,
        lower_bound=lower_bound,
    )


_N, _I, _B, _C = FactType.NUMBER, FactType.INTEGER, FactType.BOOLEAN, FactType.CATEGORY
_LINES = ("course.treatment_lines", "course.history_complete")
_PHASE = (
    "course.remissions",
    "course.relapses",
    "course.transplants",
    "mrd",
    "course.treatment_lines",
)
_RELAPSE_PHASES = frozenset(
    {
        DiseasePhase.FIRST_RELAPSE,
        DiseasePhase.SECOND_OR_LATER_RELAPSE,
        DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT,
    }
)
_REMISSION_PHASES = frozenset({DiseasePhase.IN_CR, DiseasePhase.MRD_POSITIVE_CR})


def _lab(name: str, analyte: Analyte, unit: str, description: str) -> FactSpec:
    return _f(name, _N, description, (f"labs[{analyte}]",), unit)


def _uln(name: str, analyte: Analyte, description: str) -> FactSpec:
    return _f(name, _N, description, (f"labs[{analyte}].upper_limit_of_normal",), "x ULN")


def _exposure(name: str, what: str) -> FactSpec:
    return _f(name, _B, f"Whether the patient has received {what}.", _LINES)


def _condition(condition: Condition, description: str) -> FactSpec:
    return _f(condition.value, _B, description, (f"conditions[{condition}]",))


#: Every fact, in a fixed order (their position is their column in compiled evaluation).
FACTS: tuple[FactSpec, ...] = (
    # the person
    _f("age_years", _I, "Completed years of age on as_of.", ("date_of_birth",), "years"),
    _f(
        "age_at_diagnosis_years",
        _I,
        "Completed years of age on the diagnosis date.",
        ("date_of_birth", "course.diagnosis_date"),
        "years",
    ),
    _f("sex", _C, "Sex as recorded.", ("sex",), categories=tuple(Sex)),
    _f("ecog", _I, "ECOG performance status (0-4).", ("ecog",)),
    _f("pregnant", _B, "Whether the patient is pregnant.", ("pregnant",)),
    _f("lactating", _B, "Whether the patient is breastfeeding.", ("lactating",)),
    _f(
        "prefers_palliative_care",
        _B,
        "Whether the patient prefers symptom-directed care to remission induction.",
        ("prefers_palliative_care",),
    ),
    _f(
        "fit_for_intensive_therapy",
        _B,
        "The treating team's judgement of fitness for intensive chemotherapy.",
        ("fit_for_intensive_therapy",),
    ),
    _f("lvef_percent", _N, "Left-ventricular ejection fraction.", ("lvef_percent",), "%"),
    _f("weight_kg", _N, "Body weight.", ("weight",), "kg"),
    # the disease
    _f("lineage", _C, "Lineage of the blasts.", ("disease.lineage",), categories=tuple(Lineage)),
    _f(
        "ph_status",
        _C,
        "Philadelphia chromosome / BCR-ABL1 status.",
        ("disease.philadelphia",),
        categories=tuple(PhStatus),
    ),
    _f(
        "kinase_domain_tested",
        _B,
        "Whether a BCR-ABL1 kinase-domain mutation analysis is recorded.",
        ("disease.kinase_domain",),
    ),
    _f("t315i", _B, "Whether BCR-ABL1 T315I was found.", ("disease.kinase_domain",)),
    _f(
        "cd19_positive",
        _B,
        "The laboratory's call on CD19 in the latest CD19 result; unknown when that result"
        " predates the latest CD19-directed therapy (antigen loss).",
        ("disease.markers[CD19].positive",),
    ),
    _f(
        "cd19_percent",
        _N,
        "Percent of blasts expressing CD19 in the latest CD19 result (unknown as above).",
        ("disease.markers[CD19].percent_positive",),
        "%",
    ),
    _f(
        "cd22_positive",
        _B,
        "The laboratory's call on CD22 in the latest CD22 result; unknown when that result"
        " predates the latest CD22-directed therapy (antigen loss).",
        ("disease.markers[CD22].positive",),
    ),
    _f(
        "cd22_percent",
        _N,
        "Percent of blasts expressing CD22 in the latest CD22 result (unknown as above).",
        ("disease.markers[CD22].percent_positive",),
        "%",
    ),
    _f("cns_status", _C, "Latest CSF status.", ("disease.cns",), categories=tuple(CnsStatus)),
    _f(
        "cns_involved",
        _B,
        "Blasts in CSF without blood contamination (CNS2a or CNS3), or an isolated CNS"
        " relapse without a later CSF assessment; a traumatic tap with blasts is unknown.",
        ("disease.cns", "course.relapses"),
    ),
    _f(
        "extramedullary_disease",
        _B,
        "Whether extramedullary disease is currently present.",
        ("disease.extramedullary_sites",),
    ),
    # the course
    _f("phase", _C, "Disease phase on as_of.", _PHASE, categories=tuple(DiseasePhase)),
    _f(
        "relapsed_or_refractory",
        _B,
        "In relapse, or refractory to induction, on as_of.",
        _PHASE,
    ),
    _f("in_remission", _B, "In CR (MRD-positive or not) on as_of.", _PHASE),
    _f("primary_refractory", _B, "Never in remission after induction.", _PHASE),
    _f("relapse_count", _I, "Relapses recorded on or before as_of.", ("course.relapses",), "count"),
    _f(
        "refractory_to_salvage",
        _B,
        "In relapse or refractory, and the latest salvage line since the latest relapse"
        " (or since induction failure) ended without remission.",
        ("course.treatment_lines[].best_response", "course.history_complete"),
    ),
    _f(
        "untreated_relapse",
        _B,
        "In relapse and no line of therapy started since the latest relapse.",
        _LINES,
    ),
    _f(
        "cr1_months",
        _N,
        "Duration of first remission: first remission to first relapse.",
        ("course.remissions", "course.relapses"),
        "months",
    ),
    _f(
        "months_initial_therapy_to_relapse",
        _N,
        "From the end of initial therapy to the first relapse (negative: relapse on therapy).",
        ("course.treatment_lines", "course.relapses"),
        "months",
    ),
    _f(
        "months_diagnosis_to_first_relapse",
        _N,
        "From diagnosis to the first relapse.",
        ("course.diagnosis_date", "course.relapses"),
        "months",
    ),
    _f(
        "prior_regimens",
        _I,
        "Anti-leukemic lines of therapy (not CNS-directed or palliative) started by as_of.",
        _LINES,
        "count",
        lower_bound=True,
    ),
    _f(
        "salvage_lines",
        _I,
        "Lines given for relapsed or refractory disease.",
        (*_LINES, "course.treatment_lines[].intent"),
        "count",
        lower_bound=True,
    ),
    _exposure("prior_blinatumomab", "blinatumomab"),
    _exposure("prior_inotuzumab", "inotuzumab ozogamicin"),
    _exposure("prior_cd19_directed", "CD19-directed therapy (blinatumomab or CD19 CAR T cells)"),
    _exposure("prior_car_t", "CAR T cells"),
    _exposure("prior_tki", "a BCR-ABL1 tyrosine kinase inhibitor"),
    _exposure("prior_imatinib", "imatinib"),
    _exposure("prior_second_generation_tki", "dasatinib, nilotinib or bosutinib"),
    _exposure("prior_ponatinib", "ponatinib"),
    _exposure("prior_anthracycline", "an anthracycline or mitoxantrone"),
    _exposure("prior_cytarabine", "cytarabine"),
    _f(
        "prior_intensive_chemotherapy",
        _B,
        "Whether a line was intensive combination chemotherapy.",
        ("course.treatment_lines[].intensive", "course.history_complete"),
    ),
    _f(
        "tki_resistance",
        _B,
        "A TKI line ended in resistance, relapse or no response, or a relapse occurred on it.",
        (*_LINES, "course.treatment_lines[].stop_reason"),
    ),
    _f(
        "tki_intolerance",
        _B,
        "A TKI line was stopped for intolerance.",
        (*_LINES, "course.treatment_lines[].stop_reason"),
    ),
    _f(
        "tki_failures",
        _I,
        "Distinct TKIs that failed (resistance or intolerance).",
        (*_LINES, "course.treatment_lines[].stop_reason"),
        "count",
        lower_bound=True,
    ),
    _f(
        "second_generation_tki_failure",
        _B,
        "Dasatinib, nilotinib or bosutinib failed (resistance or intolerance).",
        (*_LINES, "course.treatment_lines[].stop_reason"),
    ),
    _f(
        "prior_allogeneic_hct",
        _B,
        "Whether an allogeneic HCT was received.",
        ("course.transplants", "course.history_complete"),
    ),
    _f(
        "months_since_allogeneic_hct",
        _N,
        "From the latest allogeneic HCT to as_of.",
        ("course.transplants",),
        "months",
    ),
    _f(
        "days_since_allogeneic_hct",
        _I,
        "Days from the latest allogeneic HCT to as_of.",
        ("course.transplants",),
        "days",
    ),
    _f(
        "days_since_last_treatment",
        _I,
        "Days from the end of the latest line of therapy to as_of (0 while one is ongoing);"
        " an upper bound unless the history is complete.",
        ("course.treatment_lines[].end", "course.history_complete"),
        "days",
        lower_bound=True,
    ),
    _f("hla_typed", _B, "Whether HLA typing has been done.", ("course.hla_typed",)),
    _f(
        "donor_identified",
        _B,
        "Whether an allogeneic donor is identified.",
        ("course.donor_identified",),
    ),
    _f(
        "donor_cmv_positive",
        _B,
        "Whether the identified donor is CMV seropositive.",
        ("course.donor_cmv",),
    ),
    _f(
        "isolated_cns_relapse",
        _B,
        "In relapse, and the latest relapse is isolated to the CNS.",
        ("course.relapses[].site", *_PHASE),
    ),
    _f(
        "isolated_extramedullary_relapse",
        _B,
        "In relapse, and the latest relapse is extramedullary only (CNS or other).",
        ("course.relapses[].site", *_PHASE),
    ),
    # laboratory results
    _lab("marrow_blasts_percent", Analyte.MARROW_BLASTS, "%", "Latest marrow blasts."),
    _lab("blood_blasts_percent", Analyte.BLOOD_BLASTS, "%", "Latest peripheral blood blasts."),
    _lab(
        "marrow_cellularity_percent", Analyte.MARROW_CELLULARITY, "%", "Latest marrow cellularity."
    ),
    _lab("anc", Analyte.ANC, "10^9/L", "Latest absolute neutrophil count."),
    _lab("platelets", Analyte.PLATELETS, "10^9/L", "Latest platelet count."),
    _lab("wbc", Analyte.WBC, "10^9/L", "Latest white blood cell count."),
    _lab("hemoglobin", Analyte.HEMOGLOBIN, "g/dL", "Latest hemoglobin."),
    _lab("albumin", Analyte.ALBUMIN, "g/dL", "Latest serum albumin."),
    _lab("bilirubin", Analyte.BILIRUBIN, "mg/dL", "Latest total bilirubin."),
    _uln("bilirubin_x_uln", Analyte.BILIRUBIN, "Latest total bilirubin as a multiple of ULN."),
    _uln("ast_x_uln", Analyte.AST, "Latest AST as a multiple of ULN."),
    _uln("alt_x_uln", Analyte.ALT, "Latest ALT as a multiple of ULN."),
    _lab("creatinine", Analyte.CREATININE, "mg/dL", "Latest serum creatinine."),
    _uln("creatinine_x_uln", Analyte.CREATININE, "Latest creatinine as a multiple of ULN."),
    _lab(
        "creatinine_clearance",
        Analyte.CREATININE_CLEARANCE,
        "mL/min",
        "Latest creatinine clearance.",
    ),
    # MRD
    _f(
        "mrd_level", _N, "Latest MRD level, as a fraction of nucleated cells.", ("mrd",), "fraction"
    ),
    _f(
        "mrd_status",
        _C,
        "MRD call of the latest result (negative needs < 1e-4 from an assay reaching 1e-4).",
        ("mrd",),
        categories=tuple(MrdStatus),
    ),
    # recorded conditions
    _condition(Condition.ACTIVE_GVHD, "Active graft-versus-host disease."),
    _condition(Condition.ACTIVE_INFECTION, "Active or serious infection."),
    _condition(
        Condition.RECENT_IMMUNOSUPPRESSION,
        "Systemic immunosuppressive medication within the last 4 weeks.",
    ),
    _condition(Condition.CNS_DISORDER_HISTORY, "Any history of a CNS disorder."),
    _condition(Condition.SEIZURE_DISORDER, "History of a seizure disorder."),
    _condition(Condition.PERIPHERAL_NEUROPATHY, "Peripheral neuropathy of grade 2 or more."),
    _condition(
        Condition.PRIOR_SEVERE_NEUROTOXICITY,
        "Neurotoxicity of grade 3 or more during earlier leukemia therapy.",
    ),
    _condition(Condition.BURKITT, "Burkitt (mature B) leukemia."),
)


_INDEX: dict[str, int] = {spec.name: index for index, spec in enumerate(FACTS)}
_NAMES = tuple(spec.name for spec in FACTS)
_in_order = operator.itemgetter(*_NAMES)
_CONDITIONS = tuple(Condition)
_NO_CONDITIONS: dict[str, object] = dict.fromkeys(_CONDITIONS)
#: (fact name, analyte, unit or "x ULN") of the facts read from laboratory results.
_LAB_FACTS: tuple[tuple[str, Analyte, str], ...] = tuple(
    (spec.name, Analyte(spec.sources[0][5 : spec.sources[0].index("]")]), spec.unit or "")
    for spec in FACTS
    if spec.sources[0].startswith("labs[")
)


def fact_spec(name: str) -> FactSpec:
    """The declaration of fact ``name``.

    Raises:
        RuleError: No fact has this name.
    """
    index = _INDEX.get(name)
    if index is None:
        raise RuleError(f"unknown fact {name!r}")
    return FACTS[index]


def fact_index(name: str) -> int:
    """Position of fact ``name`` in :data:`FACTS` (its column in compiled evaluation)."""
    fact_spec(name)
    return _INDEX[name]


@attrs.frozen
class Facts:
    """Every fact of one patient as of one date.

    Args:
        as_of: The date the facts describe.
        values: Values (or lower bounds) in :data:`FACTS` order; ``None`` is unknown.
        upper: Upper bounds in the same order: the value itself when exact, ``inf`` for
            a lower bound, ``None`` when unknown.
        observed_on: The sample date behind lab and MRD facts, else ``None``.
    """

    as_of: date
    values: tuple[object, ...] = attrs.field(repr=False)
    upper: tuple[object, ...] = attrs.field(repr=False)
    observed_on: tuple[date | None, ...] = attrs.field(repr=False)

    def __getitem__(self, name: str) -> object:
        return self.values[fact_index(name)]

    def is_exact(self, name: str) -> bool:
        """Whether the fact is known exactly (not unknown, not only a lower bound)."""
        index = fact_index(name)
        return self.values[index] is not None and self.upper[index] == self.values[index]

    def describe(self, name: str) -> str:
        """The value with its unit and, for results, its sample date (``45 10^9/L on ...``)."""
        index = fact_index(name)
        spec = FACTS[index]
        value = self.values[index]
        if value is None:
            return "unknown"
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, float):
            text = f"{value:.4g}"
        else:
            text = str(value)
        if spec.unit is not None and not isinstance(value, bool):
            text = f"{text} {spec.unit}"
        high = self.upper[index]
        if high != value:
            text = f"at least {text}" if high == math.inf else f"between {text} and {high}"
        when = self.observed_on[index]
        return f"{text} on {when.isoformat()}" if when is not None else text

    def as_dict(self) -> dict[str, object]:
        """Values by fact name (lower bounds as given; see :meth:`is_exact`)."""
        return dict(zip(_NAMES, self.values, strict=True))


# --- derivation -----------------------------------------------------------------------


def _known(flag: bool, complete: bool) -> bool | None:
    """Exposure: true when recorded, false only with a complete history."""
    return True if flag else (False if complete else None)


def _latest_labs(labs: tuple[LabResult, ...], as_of: date) -> dict[Analyte, LabResult]:
    latest: dict[Analyte, LabResult] = {}
    for lab in labs:
        if lab.date <= as_of:
            current = latest.get(lab.analyte)
            if current is None or lab.date >= current.date:
                latest[lab.analyte] = lab
    return latest


def _tki_outcome(line: TreatmentLine, relapse_dates: list[date], as_of: date) -> str | None:
    """'resistance', 'intolerance', 'none' or None (cannot tell) for a line with a TKI."""
    if line.stop_reason is StopReason.INTOLERANCE:
        return "intolerance"
    if line.stop_reason in (StopReason.RESISTANCE, StopReason.RELAPSE):
        return "resistance"
    if line.best_response is not None and line.best_response.is_failure:
        return "resistance"
    if line.start is not None:
        end = line.end or as_of
        if any(line.start <= when <= end for when in relapse_dates):
            return "resistance"
    if line.stop_reason is not None or (line.start is not None and line.end is None):
        return "none"
    return None


def _days_since_treatment(lines: tuple[TreatmentLine, ...], as_of: date) -> int | None:
    """Days since the latest line ended; 0 while one is ongoing; unknown if undatable."""
    if not lines:
        return None
    ends: list[date] = []
    for line in lines:
        if line.end is None:
            if line.start is None or line.stop_reason is not None:
                return None  # an undated line, or a stopped line without its end date
            return 0
        ends.append(line.end)
    latest = max(ends)
    return 0 if latest >= as_of else (as_of - latest).days


def _targets(line: TreatmentLine, directed: AgentClass) -> bool:
    return any(directed in agent.classes for agent in line.agents)


def _any_or_unknown(flags: list[bool | None], complete: bool) -> bool | None:
    if any(flag is True for flag in flags):
        return True
    if complete and all(flag is not None for flag in flags):
        return False
    return None


def derive_facts(patient: Patient, as_of: date) -> Facts:
    """Derive every fact of :data:`FACTS` for ``patient`` as of ``as_of``.

    Raises:
        ChronologyError: The date of birth is after ``as_of``.
    """
    born = patient.date_of_birth
    if born is not None and born > as_of:
        raise ChronologyError([Problem("date_of_birth", "is after as_of")])
    course = patient.course
    disease = patient.disease
    complete = course.history_complete is True
    view = course_view(patient, as_of)
    lines = view.lines
    relapses = view.relapses
    transplants = view.transplants
    phase = disease_phase(patient, as_of, view=view)
    values: dict[str, object] = {}
    upper: dict[str, object] = {}
    observed: dict[str, date] = {}

    # the person
    values["age_years"] = whole_calendar_months(born, as_of) // 12 if born is not None else None
    diagnosed = course.diagnosis_date
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

    # the disease
    values["lineage"] = disease.lineage
    values["ph_status"] = disease.philadelphia
    kinase = disease.kinase_domain
    values["kinase_domain_tested"] = kinase is not None
    values["t315i"] = kinase.has_t315i if kinase is not None else None
    for marker, prefix, directed in (
        (Marker.CD19, "cd19", AgentClass.CD19_DIRECTED),
        (Marker.CD22, "cd22", AgentClass.CD22_DIRECTED),
    ):
        result = disease.latest_marker(marker, as_of)
        # blasts can lose the antigen under therapy directed at it (review refs 7-13):
        # a result older than the latest such therapy no longer tells the current state
        targeted = [line.start for line in lines if line.start and _targets(line, directed)]
        if result is not None and targeted and max(targeted) > result.date:
            result = None
        values[f"{prefix}_positive"] = result.positive if result is not None else None
        values[f"{prefix}_percent"] = result.percent_positive if result is not None else None
        if result is not None:
            observed[f"{prefix}_positive"] = observed[f"{prefix}_percent"] = result.date
    cns = disease.latest_cns(as_of)
    values["cns_status"] = cns.status if cns is not None else None
    in_relapse = phase in _RELAPSE_PHASES
    latest_relapse = relapses[-1] if relapses else None
    if cns is not None:
        observed["cns_status"] = observed["cns_involved"] = cns.date
        status = cns.status
        values["cns_involved"] = (
            True
            if status.category == 3 or status is CnsStatus.CNS2A
            else False
            if status is CnsStatus.CNS1
            else None
        )
    elif (
        in_relapse
        and latest_relapse is not None
        and (
            latest_relapse.site is RelapseSite.ISOLATED_CNS
            or any(site == "cns" for site in latest_relapse.extramedullary_sites)
        )
    ):
        values["cns_involved"] = True
    else:
        values["cns_involved"] = None
    sites = disease.extramedullary_sites
    values["extramedullary_disease"] = None if sites is None else bool(sites)

    # the course
    values["phase"] = phase
    values["relapsed_or_refractory"] = (
        None if phase is None else in_relapse or phase is DiseasePhase.PRIMARY_REFRACTORY
    )
    values["in_remission"] = None if phase is None else phase in _REMISSION_PHASES
    values["primary_refractory"] = (
        None if phase is None else phase is DiseasePhase.PRIMARY_REFRACTORY
    )
    values["relapse_count"] = len(relapses)
    since = latest_relapse.date if in_relapse and latest_relapse is not None else None
    systemic = view.anti_leukemic
    if since is not None:
        after = [line for line in systemic if line.start is not None and line.start >= since]
        undated = any(line.start is None for line in systemic)
        if after:
            values["untreated_relapse"] = False
            response = after[-1].best_response
            values["refractory_to_salvage"] = (
                None
                if response is None or response is BestResponse.NOT_EVALUABLE
                else response.is_failure
            )
        else:
            values["untreated_relapse"] = True if complete and not undated else None
            values["refractory_to_salvage"] = False if complete and not undated else None
    elif phase is DiseasePhase.PRIMARY_REFRACTORY:
        values["untreated_relapse"] = False
        later = systemic[1:]
        if later:
            response = later[-1].best_response
            values["refractory_to_salvage"] = (
                None
                if response is None or response is BestResponse.NOT_EVALUABLE
                else response.is_failure
            )
        else:
            values["refractory_to_salvage"] = False if complete else None
    elif phase is None:
        values["untreated_relapse"] = values["refractory_to_salvage"] = None
    else:
        values["untreated_relapse"] = values["refractory_to_salvage"] = False
    values["cr1_months"] = cr1_duration_months(patient, as_of, view=view)
    first_relapse = relapses[0].date if relapses else None
    end = initial_therapy_end(patient, as_of, view=view) if first_relapse is not None else None
    values["months_initial_therapy_to_relapse"] = (
        calendar_months(end, first_relapse)
        if end is not None and first_relapse is not None
        else None
    )
    values["months_diagnosis_to_first_relapse"] = (
        calendar_months(diagnosed, first_relapse)
        if diagnosed is not None and first_relapse is not None
        else None
    )
    values["prior_regimens"] = len(systemic)
    upper["prior_regimens"] = len(systemic) if complete else math.inf
    salvage = salvage_line_count(patient, as_of, view=view)
    values["salvage_lines"] = salvage
    upper["salvage_lines"] = None if salvage is None else (salvage if complete else math.inf)

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

    relapse_dates = [relapse.date for relapse in relapses]
    tki_lines = [line for line in lines if any(a.tki_generation for a in line.agents)]
    outcomes = [_tki_outcome(line, relapse_dates, as_of) for line in tki_lines]
    values["tki_resistance"] = _any_or_unknown(
        [None if o is None else o == "resistance" for o in outcomes], complete
    )
    values["tki_intolerance"] = _any_or_unknown(
        [None if o is None else o == "intolerance" for o in outcomes], complete
    )
    failed = {
        agent
        for line, outcome in zip(tki_lines, outcomes, strict=True)
        if outcome in ("resistance", "intolerance")
        for agent in line.agents
        if agent.tki_generation
    }
    values["tki_failures"] = len(failed)
    upper["tki_failures"] = len(failed) if complete and None not in outcomes else math.inf
    values["second_generation_tki_failure"] = _any_or_unknown(
        [
            None if outcome is None else outcome != "none"
            for line, outcome in zip(tki_lines, outcomes, strict=True)
            if any(agent.tki_generation == 2 for agent in line.agents)
        ],
        complete,
    )

    allogeneic = [t for t in transplants if t.kind is TransplantKind.ALLOGENEIC]
    values["prior_allogeneic_hct"] = _known(bool(allogeneic), complete)
    values["months_since_allogeneic_hct"] = (
        calendar_months(allogeneic[-1].date, as_of) if allogeneic else None
    )
    values["days_since_allogeneic_hct"] = (as_of - allogeneic[-1].date).days if allogeneic else None
    days_since = _days_since_treatment(lines, as_of)
    values["days_since_last_treatment"] = days_since
    if days_since is not None and not complete:
        # an unrecorded, more recent treatment could only make it shorter
        values["days_since_last_treatment"] = 0
        upper["days_since_last_treatment"] = days_since
    values["hla_typed"] = course.hla_typed
    values["donor_identified"] = course.donor_identified
    values["donor_cmv_positive"] = (
        None if course.donor_cmv is None else course.donor_cmv == "positive"
    )
    if phase is None:
        values["isolated_cns_relapse"] = values["isolated_extramedullary_relapse"] = None
    elif not in_relapse or latest_relapse is None:
        values["isolated_cns_relapse"] = values["isolated_extramedullary_relapse"] = False
    else:
        site = latest_relapse.site
        values["isolated_cns_relapse"] = None if site is None else site is RelapseSite.ISOLATED_CNS
        values["isolated_extramedullary_relapse"] = (
            None if site is None else site is not RelapseSite.MARROW
        )

    # laboratory results
    latest = _latest_labs(patient.labs, as_of)
    for name, analyte, unit in _LAB_FACTS:
        lab = latest.get(analyte)
        if lab is None:
            values[name] = None
        else:
            observed[name] = lab.date
            values[name] = lab.times_upper_limit if unit == "x ULN" else lab.canonical_value

    # MRD
    mrd = latest_mrd(patient.mrd, as_of)
    values["mrd_level"] = mrd.level if mrd is not None else None
    values["mrd_status"] = classify_mrd(mrd)[0] if mrd is not None else None
    if mrd is not None:
        observed["mrd_level"] = observed["mrd_status"] = mrd.date

    # recorded conditions
    if patient.conditions:
        for condition in _CONDITIONS:
            values[condition] = condition_present(patient.conditions, condition)
    else:
        values.update(_NO_CONDITIONS)

    ordered: tuple[object, ...] = _in_order(values)
    if upper:
        bounds = list(ordered)
        for name, bound in upper.items():
            index = _INDEX[name]
            if bounds[index] is not None:
                bounds[index] = bound
        upper_bounds: tuple[object, ...] = tuple(bounds)
    else:
        upper_bounds = ordered
    dates: list[date | None] = [None] * len(_NAMES)
    for name, when in observed.items():
        dates[_INDEX[name]] = when
    return Facts(as_of, ordered, upper_bounds, tuple(dates))
