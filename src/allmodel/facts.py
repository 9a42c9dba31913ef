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
from datetime import date

import attrs

from allmodel.conditions import Condition
from allmodel.disease import CnsStatus, Lineage, PhStatus
from allmodel.errors import RuleError
from allmodel.labs import Analyte
from allmodel.mrd import MrdStatus
from allmodel.patient import Sex
from allmodel.timeline import (
    DiseasePhase,
)

__all__ = [
    "ALL_FACTS",
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
        "True when a BCR-ABL1 kinase-domain mutation analysis is recorded; unknown when not"
        " (an analysis may have been done elsewhere).",
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
    _f(
        "mrd_level_in_remission",
        _N,
        "In remission: the level of the latest MRD result taken on or after the date of the"
        " current remission; unknown when none was taken since (or not in remission).",
        ("mrd", "course.remissions"),
        "fraction",
    ),
    _f(
        "mrd_status_in_remission",
        _C,
        "In remission: the MRD call of that same result (see mrd_level_in_remission).",
        ("mrd", "course.remissions"),
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
        upper: Upper bounds in the same order: the value itself when exact, ``inf`` for
            a lower bound, ``None`` when unknown.
        observed_on: The sample date behind lab and MRD facts, else ``None``.
        derived: The facts that were derived (all by default); the others read as ``None``
            but may not be asked for.
    """

    as_of: date
    values: tuple[object, ...] = attrs.field(repr=False)
    upper: tuple[object, ...] = attrs.field(repr=False)
    observed_on: tuple[date | None, ...] = attrs.field(repr=False)
    derived: frozenset[str] = attrs.field(default=ALL_FACTS, repr=False)

    def _index(self, name: str) -> int:
        index = fact_index(name)
        if name not in self.derived:
            raise RuleError(f"fact {name!r} was not derived for this record")
        return index

    def __getitem__(self, name: str) -> object:
        return self.values[self._index(name)]

    def is_exact(self, name: str) -> bool:
        """Whether the fact is known exactly (not unknown, not only a lower bound)."""
        index = self._index(name)
        return self.values[index] is not None and self.upper[index] == self.values[index]

    def describe(self, name: str) -> str:
        """The value with its unit and, for results, its sample date (``45 10^9/L on ...``)."""
        index = self._index(name)
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
        if spec.unit is not None and spec.unit != "count" and not isinstance(value, bool):
            text = f"{text} {spec.unit}"
        high = self.upper[index]
        if high != value:
            text = f"at least {text}" if high == math.inf else f"between {text} and {high}"
        when = self.observed_on[index]
        return f"{text} on {when.isoformat()}" if when is not None else text

    def as_dict(self) -> dict[str, object]:
        """Values by fact name (lower bounds as given; see :meth:`is_exact`), derived facts only."""
        return {
            name: value
            for name, value in zip(_NAMES, self.values, strict=True)
            if name in self.derived
        }


# The derivation lives in its own module; it is re-exported here, where callers expect it.
from allmodel.derivation import derive_facts  # noqa: E402  (derivation imports this module)
