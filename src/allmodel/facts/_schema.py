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

A result is only as current as its facts. Every fact derived from a test or an assessment
declares a :class:`~allmodel.facts.Validity` rule (after which events, within which
window); when the latest result breaks it, the fact is unknown and the record remembers
which result was set aside (:meth:`Facts.describe`). A result reported only as a limit
(an MRD "not detected" at sensitivity ``s``, a lab ``< 0.1``) is an interval: ``[0, s)``
decides a threshold only when the whole interval lies on one side of it.
"""

from __future__ import annotations

import enum
import math
from datetime import date

import attrs

from allmodel.clinical._timeline import (
    DiseasePhase,
)
from allmodel.errors import RuleError
from allmodel.facts._validity import DEFAULT_VALIDITY, Since, Validity, ValidityPolicy, Window
from allmodel.model._conditions import HISTORY_CONDITIONS, STATE_CONDITIONS, Condition
from allmodel.model._course import RemissionKind
from allmodel.model._disease import CnsStatus, Lineage, PhStatus
from allmodel.model._labs import Analyte
from allmodel.model._mrd import MrdStatus
from allmodel.model._patient import Sex

__all__ = [
    "ALL_FACTS",
    "FACTS",
    "FACT_UNITS",
    "FactSpec",
    "FactType",
    "Facts",
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
        interval: Whether the value may be known only as an interval (a count over an
            incomplete history, a result below a limit of detection): :class:`Facts`
            then holds ``values`` as the lower and ``upper`` as the upper end.
        validity: When the result behind the fact is current (``None``: the fact is not
            read from a dated test or assessment).
    """

    name: str
    type: FactType
    description: str
    sources: tuple[str, ...]
    unit: str | None = None
    categories: tuple[str, ...] = ()
    interval: bool = False
    validity: Validity | None = None

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
    interval: bool = False,
    validity: Validity | None = None,
) -> FactSpec:
    return FactSpec(
        name=name,
        type=kind,
        description=description,
        sources=sources,
        unit=unit,
        categories=categories,
        interval=interval,
        validity=validity,
    )


#: The ``remission_kind`` of a patient who is not in remission.
NOT_IN_REMISSION = "not_in_remission"

_N, _I, _B, _C = FactType.NUMBER, FactType.INTEGER, FactType.BOOLEAN, FactType.CATEGORY
_LINES = ("course.treatment_lines", "course.history_complete")
_PHASE = (
    "course.remissions",
    "course.relapses",
    "course.transplants",
    "mrd",
    "course.treatment_lines",
)

# validity rules (allmodel.facts._validity): after which events, within which window
_WITHIN = {window: Validity(window=window) for window in Window}
_AFTER_RELAPSE = Validity(since=(Since.LATEST_RELAPSE,))
_KINASE = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_TKI_FAILURE))
_CD19 = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_CD19_THERAPY))
_CD22 = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_CD22_THERAPY))
_MARROW = Validity(
    since=(Since.LATEST_RELAPSE_OR_REMISSION, Since.LATEST_REGIMEN), window=Window.MARROW
)
_MRD = Validity(since=(Since.LATEST_REGIMEN,))
_MRD_IN_REMISSION = Validity(since=(Since.CURRENT_REMISSION, Since.LATEST_REGIMEN))
_HISTORY = Validity(since=(Since.LATEST_TREATMENT,), negative_only=True)


def _lab(name: str, analyte: Analyte, unit: str, description: str, validity: Validity) -> FactSpec:
    return _f(name, _N, description, (f"labs[{analyte}]",), unit, interval=True, validity=validity)


def _uln(name: str, analyte: Analyte, description: str, validity: Validity) -> FactSpec:
    return _f(
        name,
        _N,
        description,
        (f"labs[{analyte}]", f"labs[{analyte}].upper_limit_of_normal"),
        "x ULN",
        interval=True,
        validity=validity,
    )


def _exposure(name: str, what: str) -> FactSpec:
    return _f(name, _B, f"Whether the patient has received {what}.", _LINES)


def _condition(condition: Condition, description: str) -> FactSpec:
    if condition in STATE_CONDITIONS:
        validity: Validity | None = _WITHIN[Window.CONDITIONS]
    elif condition in HISTORY_CONDITIONS:
        validity = _HISTORY
    else:
        validity = None
    return _f(condition.value, _B, description, (f"conditions[{condition}]",), validity=validity)


def _judgement(name: str, description: str) -> FactSpec:
    return _f(name, _B, description, (name,), validity=_WITHIN[Window.JUDGEMENT])


_BLOOD = _WITHIN[Window.BLOOD_COUNTS]
_CHEMISTRY = _WITHIN[Window.CHEMISTRY]

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
    _f(
        "ecog",
        _I,
        "ECOG performance status (0-4) of the latest current assessment.",
        ("ecog",),
        validity=_WITHIN[Window.PERFORMANCE],
    ),
    _f(
        "pregnant",
        _B,
        "Whether the patient is pregnant (current assessment).",
        ("pregnant",),
        validity=_WITHIN[Window.PREGNANCY],
    ),
    _f(
        "lactating",
        _B,
        "Whether the patient is breastfeeding (current assessment).",
        ("lactating",),
        validity=_WITHIN[Window.PREGNANCY],
    ),
    _f(
        "prefers_palliative_care",
        _B,
        "Whether the patient prefers symptom-directed care to remission induction (a"
        " stated wish, current until the record changes).",
        ("prefers_palliative_care",),
    ),
    _judgement(
        "fit_for_intensive_therapy",
        "The treating team's current judgement of fitness for intensive chemotherapy.",
    ),
    _judgement(
        "hct_candidate",
        "The treating team's current judgement that the patient is a candidate for allogeneic HCT.",
    ),
    _judgement(
        "no_alternative_treatment",
        "The treating team's current judgement that no alternative treatment is available.",
    ),
    _judgement(
        "no_other_tki_indicated",
        "The treating team's current judgement that no other TKI is indicated.",
    ),
    _judgement(
        "adequate_organ_function",
        "The treating team's current judgement that renal, hepatic and cardiac function"
        " are adequate (for entry criteria stated without numbers).",
    ),
    _f(
        "certified_car_t_centre",
        _B,
        "Whether the patient is treated at a centre certified to give CAR T cells (REMS in"
        " the US); a property of the care setting, not of a dated test.",
        ("certified_car_t_centre",),
    ),
    _f(
        "lvef_percent",
        _N,
        "Left-ventricular ejection fraction of the latest current measurement.",
        ("lvef_percent",),
        "%",
        validity=_WITHIN[Window.CARDIAC],
    ),
    _f(
        "weight_kg",
        _N,
        "Body weight as recorded (the weight doses are planned with; not read by criteria).",
        ("weight",),
        "kg",
    ),
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
        "True when a current BCR-ABL1 kinase-domain mutation analysis is recorded; unknown"
        " when none is (an analysis may have been done elsewhere, or must be repeated).",
        ("disease.kinase_domain",),
        validity=_KINASE,
    ),
    _f(
        "t315i",
        _B,
        "Whether the current kinase-domain analysis found BCR-ABL1 T315I.",
        ("disease.kinase_domain",),
        validity=_KINASE,
    ),
    _f(
        "cd19_positive",
        _B,
        "The laboratory's call on CD19 in the latest current CD19 result.",
        ("disease.markers[CD19].positive",),
        validity=_CD19,
    ),
    _f(
        "cd19_percent",
        _N,
        "Percent of blasts expressing CD19 in the latest current CD19 result.",
        ("disease.markers[CD19].percent_positive",),
        "%",
        validity=_CD19,
    ),
    _f(
        "cd22_positive",
        _B,
        "The laboratory's call on CD22 in the latest current CD22 result.",
        ("disease.markers[CD22].positive",),
        validity=_CD22,
    ),
    _f(
        "cd22_percent",
        _N,
        "Percent of blasts expressing CD22 in the latest current CD22 result.",
        ("disease.markers[CD22].percent_positive",),
        "%",
        validity=_CD22,
    ),
    _f(
        "cns_status",
        _C,
        "Latest current CSF status.",
        ("disease.cns",),
        categories=tuple(CnsStatus),
        validity=_AFTER_RELAPSE,
    ),
    _f(
        "cns_involved",
        _B,
        "Blasts in CSF without blood contamination (CNS2a or CNS3) in the latest current"
        " CSF result, or an isolated CNS relapse without a CSF result since; a traumatic"
        " tap with blasts is unknown.",
        ("disease.cns", "course.relapses"),
        validity=_AFTER_RELAPSE,
    ),
    _f(
        "extramedullary_disease",
        _B,
        "Whether extramedullary disease is present, as the disease section records it"
        " (undated; not read by criteria).",
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
    _f("in_remission", _B, "In remission (CR, CRh or CRi; MRD-positive or not) on as_of.", _PHASE),
    _f(
        "remission_kind",
        _C,
        "The kind of the current remission (CR, CRh or CRi), or not_in_remission.",
        ("course.remissions[].kind", *_PHASE),
        categories=(*RemissionKind, NOT_IN_REMISSION),
    ),
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
        "From the end of initial therapy (its last phase, or a transplant in first"
        " remission) to the first relapse (negative: relapse on therapy).",
        ("course.treatment_lines", "course.transplants", "course.relapses"),
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
        "Regimens started by as_of; a programme recorded in phases (induction,"
        " consolidation, maintenance) is one; CNS-directed and palliative lines are not.",
        _LINES,
        "count",
        interval=True,
    ),
    _f(
        "prior_chemotherapy_regimens",
        _I,
        "Regimens that contained cytotoxic chemotherapy (a regimen recorded without its"
        " agents may or may not have).",
        (*_LINES, "course.treatment_lines[].agents"),
        "count",
        interval=True,
    ),
    _f(
        "salvage_lines",
        _I,
        "Lines given for relapsed or refractory disease.",
        (*_LINES, "course.treatment_lines[].intent"),
        "count",
        interval=True,
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
        "relapsed_after_tki",
        _B,
        "In relapse, and a TKI-containing line started before the latest relapse (the"
        " relapse is a failure of that earlier therapy, on or off the TKI).",
        (*_LINES, "course.relapses"),
    ),
    _f(
        "tki_failures",
        _I,
        "Distinct TKIs that failed (resistance or intolerance).",
        (*_LINES, "course.treatment_lines[].stop_reason"),
        "count",
        interval=True,
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
        "days_since_radiotherapy_or_immunotherapy",
        _I,
        "Days from the end of the latest line with radiotherapy or immunotherapy"
        " (blinatumomab, inotuzumab, rituximab, CAR T cells) to as_of (0 while one is"
        " ongoing; infinite when there was none, which needs a complete history).",
        (*_LINES, "course.treatment_lines[].agents", "course.treatment_lines[].end"),
        "days",
        interval=True,
    ),
    _f(
        "intensive_chemotherapy_blocks",
        _I,
        "Cycles (blocks) of intensive chemotherapy given: the recorded cycles of every"
        " intensive line; a regimen with an intensive line whose cycles are not recorded"
        " counts as at least one.",
        (*_LINES, "course.treatment_lines[].intensive", "course.treatment_lines[].cycles"),
        "count",
        interval=True,
    ),
    _f(
        "days_since_last_treatment",
        _I,
        "Days from the end of the latest line of therapy to as_of (0 while one is ongoing);"
        " an upper bound unless the history is complete.",
        ("course.treatment_lines[].end", "course.history_complete"),
        "days",
        interval=True,
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
        "cr1_high_risk",
        _B,
        "Whether the disease was classified high risk in first remission.",
        ("course.cr1_high_risk",),
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
    _lab("marrow_blasts_percent", Analyte.MARROW_BLASTS, "%", "Latest marrow blasts.", _MARROW),
    _lab(
        "blood_blasts_percent",
        Analyte.BLOOD_BLASTS,
        "%",
        "Latest peripheral blood blasts.",
        _BLOOD,
    ),
    _lab(
        "marrow_cellularity_percent",
        Analyte.MARROW_CELLULARITY,
        "%",
        "Latest marrow cellularity.",
        _MARROW,
    ),
    _lab("anc", Analyte.ANC, "10^9/L", "Latest absolute neutrophil count.", _BLOOD),
    _lab("platelets", Analyte.PLATELETS, "10^9/L", "Latest platelet count.", _BLOOD),
    _lab("wbc", Analyte.WBC, "10^9/L", "Latest white blood cell count.", _BLOOD),
    _lab("hemoglobin", Analyte.HEMOGLOBIN, "g/dL", "Latest hemoglobin.", _BLOOD),
    _lab("albumin", Analyte.ALBUMIN, "g/dL", "Latest serum albumin.", _CHEMISTRY),
    _lab("bilirubin", Analyte.BILIRUBIN, "mg/dL", "Latest total bilirubin.", _CHEMISTRY),
    _uln(
        "bilirubin_x_uln",
        Analyte.BILIRUBIN,
        "Latest total bilirubin as a multiple of ULN.",
        _CHEMISTRY,
    ),
    _uln("ast_x_uln", Analyte.AST, "Latest AST as a multiple of ULN.", _CHEMISTRY),
    _uln("alt_x_uln", Analyte.ALT, "Latest ALT as a multiple of ULN.", _CHEMISTRY),
    _lab("creatinine", Analyte.CREATININE, "mg/dL", "Latest serum creatinine.", _CHEMISTRY),
    _uln(
        "creatinine_x_uln",
        Analyte.CREATININE,
        "Latest creatinine as a multiple of ULN.",
        _CHEMISTRY,
    ),
    _lab(
        "creatinine_clearance",
        Analyte.CREATININE_CLEARANCE,
        "mL/min",
        "Latest creatinine clearance.",
        _CHEMISTRY,
    ),
    # MRD
    _f(
        "mrd_level",
        _N,
        "Latest MRD level, as a fraction of nucleated cells; 'not detected' at sensitivity"
        " s is the interval [0, s).",
        ("mrd",),
        "fraction",
        interval=True,
        validity=_MRD,
    ),
    _f(
        "mrd_status",
        _C,
        "MRD call of the latest result (negative needs < 1e-4 from an assay reaching 1e-4).",
        ("mrd",),
        categories=tuple(MrdStatus),
        validity=_MRD,
    ),
    _f(
        "mrd_level_in_remission",
        _N,
        "In remission: the level of the latest MRD result taken since the current remission"
        " began (and since the latest regimen started); 'not detected' at sensitivity s is"
        " the interval [0, s).",
        ("mrd", "course.remissions"),
        "fraction",
        interval=True,
        validity=_MRD_IN_REMISSION,
    ),
    _f(
        "mrd_status_in_remission",
        _C,
        "In remission: the MRD call of that same result (see mrd_level_in_remission).",
        ("mrd", "course.remissions"),
        categories=tuple(MrdStatus),
        validity=_MRD_IN_REMISSION,
    ),
    _f(
        "mrd_undetectable_in_remission",
        _B,
        "In remission: the current MRD result detected no leukemic cells with an assay"
        " reaching 1e-4; false when it detected any; unknown with a less sensitive or"
        " unreported assay.",
        ("mrd", "course.remissions"),
        validity=_MRD_IN_REMISSION,
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
    _condition(
        Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME,
        "Prior or ongoing sinusoidal obstruction syndrome (veno-occlusive liver disease).",
    ),
    _condition(
        Condition.PSYCHIATRIC_DISORDER,
        "A psychiatric disorder that would limit adherence to treatment.",
    ),
    _f(
        "burkitt",
        _B,
        "Burkitt (mature B) leukemia: false when a precursor lineage (B-precursor or T) is"
        " recorded, else the recorded condition.",
        ("disease.lineage", "conditions[burkitt]"),
    ),
)


_INDEX: dict[str, int] = {spec.name: index for index, spec in enumerate(FACTS)}
_NAMES = tuple(spec.name for spec in FACTS)
#: Every fact name.
ALL_FACTS: frozenset[str] = frozenset(_NAMES)


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
        upper: Upper bounds in the same order: the value itself when exact, ``inf`` when
            only a lower bound is known, ``None`` when unknown.
        observed_on: The date of the result behind each fact (also of a result that was
            set aside as no longer current), else ``None``.
        derived: The facts that were derived (all by default); the others read as ``None``
            but may not be asked for.
        remarks: For some facts, what the value alone does not say: a result set aside as
            no longer current (and by which rule), a result reported only as a limit.
        validity: The windows the facts were derived with (the ruleset's).
    """

    as_of: date
    values: tuple[object, ...] = attrs.field(repr=False)
    upper: tuple[object, ...] = attrs.field(repr=False)
    observed_on: tuple[date | None, ...] = attrs.field(repr=False)
    derived: frozenset[str] = attrs.field(default=ALL_FACTS, repr=False)
    remarks: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=False)
    validity: ValidityPolicy = attrs.field(default=DEFAULT_VALIDITY, repr=False)

    def _index(self, name: str) -> int:
        index = fact_index(name)
        if name not in self.derived:
            raise RuleError(f"fact {name!r} was not derived for this record")
        return index

    def __getitem__(self, name: str) -> object:
        return self.values[self._index(name)]

    def is_exact(self, name: str) -> bool:
        """Whether the fact is known exactly (not unknown, not only a bound)."""
        index = self._index(name)
        return self.values[index] is not None and self.upper[index] == self.values[index]

    def remark(self, name: str) -> str | None:
        """What the value alone does not say (a result set aside, a limit), or ``None``."""
        self._index(name)
        for fact, text in self.remarks:
            if fact == name:
                return text
        return None

    def describe(self, name: str) -> str:
        """The value with its unit and, for results, its date (``45 10^9/L on ...``).

        An unknown fact whose result was set aside says so: ``unknown (the result of
        2022-09-26 is not current: ...)``.
        """
        index = self._index(name)
        spec = FACTS[index]
        value = self.values[index]
        when = self.observed_on[index]
        remark = self.remark(name) if self.remarks else None
        if value is None:
            return f"unknown ({remark})" if remark else "unknown"
        text = _show(value)
        unit = spec.unit is not None and spec.unit != "count" and not isinstance(value, bool)
        suffix = f" {spec.unit}" if unit else ""
        high = self.upper[index]
        if high != value:
            if high == math.inf:
                text = f"at least {text}"
            elif value == 0 and isinstance(high, float):
                text = f"below {_show(math.nextafter(high, math.inf))}"
            else:
                text = f"between {text} and {_show(high)}"
        text += suffix
        if remark:
            text = f"{text} ({remark})"
        return f"{text} on {when.isoformat()}" if when is not None else text

    def as_dict(self) -> dict[str, object]:
        """Values by fact name (lower bounds as given; see :meth:`is_exact`), derived facts only."""
        return {
            name: value
            for name, value in zip(_NAMES, self.values, strict=True)
            if name in self.derived
        }


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value == math.inf:
        return "none ever"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


# The derivation lives in its own module; it is re-exported here, where callers expect it.
