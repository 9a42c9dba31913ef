"""The rule table: the patient's situation read from facts, and the review's steps."""

from __future__ import annotations

import enum
from collections.abc import Callable

import attrs

from allmodel.catalogue._blocks import (
    REVIEW_BLINATUMOMAB,
    REVIEW_CAR_T,
    REVIEW_CLINICAL_TRIALS,
    REVIEW_CNS,
    REVIEW_CYTARABINE,
    REVIEW_EVALUATION,
    REVIEW_LIPOSOMAL_VINCRISTINE,
    REVIEW_MULTIPLY_RELAPSED,
    REVIEW_PH_POSITIVE,
    REVIEW_PRETREATMENT,
    REVIEW_REMISSION_INDUCTION,
    REVIEW_SELECTION,
    REVIEW_SUMMARY,
    REVIEW_T_CELL_ALL,
    REVIEW_TRANSPLANTATION,
    cite,
    refs,
)
from allmodel.facts import Facts
from allmodel.pathway._model import StepRole

__all__ = ["RULES", "SITUATION_FACTS", "Rule", "Situation", "shown", "situation"]

# --- the patient's situation, read from facts ------------------------------------------


def _category(facts: Facts, name: str) -> str | None:
    value = facts[name]
    return None if value is None else str(value)


def _flag(facts: Facts, name: str) -> bool | None:
    value = facts[name]
    return value if isinstance(value, bool) else None


def _number(facts: Facts, name: str) -> float | None:
    value = facts[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def shown(facts: Facts, name: str) -> str:
    """``name: value`` for a ``because`` entry (``ph_status: negative``, ``age_years: 24``)."""
    value = facts[name]
    if value is None:
        text = "unknown"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, enum.Enum):
        text = str(value.value)
    elif isinstance(value, float):
        text = f"{value:.4g}"
    else:
        text = str(value)
    if value is not None and not facts.is_exact(name):
        text = f"at least {text}"
    return f"{name}: {text}"


#: Months from the end of initial therapy beyond which a frontline-like regimen may
#: re-induce remission (review-selection-of-therapy; decision-6).
_LATE_RELAPSE_MONTHS = 24
#: Oldest completed age for tisagenlecleucel (review-ref-11).
_CAR_T_MAX_AGE = 25

_MULTIPLY_RELAPSED_PHASES = frozenset({"second_or_later_relapse", "relapse_after_allogeneic_hct"})


@attrs.frozen(kw_only=True)
class Situation:
    """What the rules branch on, derived once from the facts."""

    phase: str | None
    relapsed: bool
    in_remission: bool
    mrd_positive_cr: bool
    lineage: str | None
    ph: str | None
    multiply_relapsed: bool
    tisagenlecleucel: bool
    chemotherapy: str
    tki: str
    cns_involved: bool | None
    isolated_cns: bool
    prefers_palliation: bool
    unfit: bool
    hla_needed: bool
    relapses: int
    after_allogeneic_hct: bool
    cr1_high_risk: bool

    @property
    def b_lineage(self) -> bool:
        return self.lineage == "b_precursor"


def _chemotherapy(facts: Facts, phase: str | None, multiply: bool) -> str:
    if multiply:
        return "unused"
    if phase == "primary_refractory":
        return "refractory"
    months = _number(facts, "months_initial_therapy_to_relapse")
    if months is None:
        return "timing_unknown"
    return "late" if months > _LATE_RELAPSE_MONTHS else "early"


def _tki(facts: Facts) -> str:
    t315i = _flag(facts, "t315i")
    if t315i is None:
        return "untested"
    if t315i:
        return "t315i"
    return "after_2g" if _flag(facts, "second_generation_tki_failure") else "no_t315i"


#: The facts :func:`_situation` reads.
SITUATION_FACTS = (
    "phase",
    "relapsed_or_refractory",
    "in_remission",
    "relapse_count",
    "primary_refractory",
    "refractory_to_salvage",
    "age_years",
    "lineage",
    "ph_status",
    "months_initial_therapy_to_relapse",
    "t315i",
    "second_generation_tki_failure",
    "cns_involved",
    "isolated_cns_relapse",
    "prefers_palliative_care",
    "fit_for_intensive_therapy",
    "hla_typed",
    "prior_allogeneic_hct",
    "cr1_high_risk",
)


def situation(facts: Facts) -> Situation:
    """The patient's situation as the rules see it, read from ``facts``."""
    phase = _category(facts, "phase")
    relapsed = _flag(facts, "relapsed_or_refractory") is True
    relapses = _number(facts, "relapse_count") or 0
    multiply = relapsed and (phase in _MULTIPLY_RELAPSED_PHASES or relapses >= 2)
    refractory = (
        _flag(facts, "primary_refractory") is True or _flag(facts, "refractory_to_salvage") is True
    )
    age = _number(facts, "age_years")
    return Situation(
        phase=phase,
        relapsed=relapsed,
        in_remission=_flag(facts, "in_remission") is True,
        mrd_positive_cr=phase == "mrd_positive_cr",
        lineage=_category(facts, "lineage"),
        ph=_category(facts, "ph_status"),
        multiply_relapsed=multiply,
        tisagenlecleucel=(refractory or relapses >= 2) and (age is None or age <= _CAR_T_MAX_AGE),
        chemotherapy=_chemotherapy(facts, phase, multiply),
        tki=_tki(facts),
        cns_involved=_flag(facts, "cns_involved"),
        isolated_cns=_flag(facts, "isolated_cns_relapse") is True,
        prefers_palliation=_flag(facts, "prefers_palliative_care") is True,
        unfit=_flag(facts, "fit_for_intensive_therapy") is False,
        hla_needed=_flag(facts, "hla_typed") is not True,
        relapses=int(relapses),
        after_allogeneic_hct=_flag(facts, "prior_allogeneic_hct") is True,
        cr1_high_risk=_flag(facts, "cr1_high_risk") is True,
    )


# --- the rule table -----------------------------------------------------------------------

_Ids = tuple[str, ...] | Callable[[Situation], tuple[str, ...]]
_Text = str | Callable[[Situation], str]


@attrs.frozen(kw_only=True)
class Rule:
    """A row of the rule table: when it applies, and the step it gives."""

    role: StepRole
    when: Callable[[Situation], bool]
    text: _Text
    citations: tuple[str, ...]
    because: tuple[str, ...]
    ids: _Ids = ()
    grade: str | None = None


#: The review's sections, as cited (source ids).
_SUMMARY = REVIEW_SUMMARY
_INDUCTION = REVIEW_REMISSION_INDUCTION
_EVALUATION = REVIEW_EVALUATION
_PH_POSITIVE = REVIEW_PH_POSITIVE
_PRETREATMENT = REVIEW_PRETREATMENT
_CNS = REVIEW_CNS
_MULTIPLY = REVIEW_MULTIPLY_RELAPSED
_TRIALS = REVIEW_CLINICAL_TRIALS
_SELECTION = REVIEW_SELECTION
_T_ALL = REVIEW_T_CELL_ALL
_CAR_T = REVIEW_CAR_T
_CYTARABINE = REVIEW_CYTARABINE
_LIPOSOMAL_VINCRISTINE = REVIEW_LIPOSOMAL_VINCRISTINE
_BLINATUMOMAB = REVIEW_BLINATUMOMAB
_TRANSPLANTATION = REVIEW_TRANSPLANTATION

#: Chemotherapy by situation: the option ids and why (review-selection-of-therapy,
#: review-cytarabine-based-regimens, review-multiply-relapsed-disease).
_CHEMOTHERAPY: dict[str, tuple[tuple[str, ...], str]] = {
    "late": (
        ("frontline_like_reinduction",),
        "relapse came more than two years after initial therapy ended, so a regimen like"
        " the first induction may bring a second remission",
    ),
    "early": (
        ("cytarabine_based_salvage",),
        "relapse came within two years of the end of initial therapy, so a cytarabine-based"
        " salvage regimen is the usual choice",
    ),
    "timing_unknown": (
        ("cytarabine_based_salvage", "frontline_like_reinduction"),
        "a regimen like the first induction suits a relapse more than two years after initial"
        " therapy ended, an interval the record does not give, so cytarabine-based salvage"
        " is listed as well",
    ),
    "refractory": (
        ("cytarabine_based_salvage",),
        "the disease never reached remission, so a cytarabine-based salvage regimen rather"
        " than a repeat of the first induction",
    ),
    "unused": (
        ("cytarabine_based_salvage", "clofarabine_cytarabine", "alkylator_salvage"),
        "choose a regimen the patient has not had before",
    ),
}

#: Ph-positive disease: the TKI options and why (review-philadelphia-chromosome-positive-all;
#: review-ref-53 to review-ref-55).
_TKI: dict[str, tuple[tuple[str, ...], str]] = {
    "t315i": (
        ("tki_based_therapy", "ponatinib"),
        "ponatinib, the only TKI with real activity against the T315I mutation found",
    ),
    "no_t315i": (
        ("tki_based_therapy", "second_generation_tki"),
        "a second-generation TKI (dasatinib, nilotinib or bosutinib) chosen by prior"
        " exposure, as no T315I mutation was found",
    ),
    "after_2g": (
        ("tki_based_therapy", "ponatinib", "second_generation_tki"),
        "ponatinib, or a second-generation TKI not yet tried, as a second-generation TKI"
        " has already failed and no T315I mutation was found",
    ),
    "untested": (
        ("tki_based_therapy",),
        "which one depends on a BCR-ABL1 mutation analysis that is not recorded",
    ),
}


def _car_t_ids(s: Situation) -> tuple[str, ...]:
    found = ("tisagenlecleucel",) if s.tisagenlecleucel else ()
    return found + (("brexucabtagene_autoleucel",) if s.multiply_relapsed else ())


def _car_t_text(s: Situation) -> str:
    products = []
    if s.tisagenlecleucel:
        products.append("tisagenlecleucel (25 or younger, refractory or second or later relapse)")
    if s.multiply_relapsed:
        products.append("brexucabtagene autoleucel (adults)")
    return (
        "CD19-directed CAR T cells are an acceptable alternative, given only in a certified"
        f" centre: {' or '.join(products)}."
    )


def _palliation_text(s: Situation) -> str:
    return (
        "Symptom-directed (palliative) care is a reasonable choice for multiply relapsed disease."
    )


def _cns_step_text(first: bool) -> str:
    treatment = (
        "intrathecal chemotherapy (at least six doses of methotrexate) with cranial"
        " irradiation (2400 cGy in 12 fractions)"
    )
    if first:
        return (
            f"Treat the CNS relapse with {treatment}; systemic induction follows, as relapse"
            " almost always involves the marrow too."
        )
    return f"Add CNS-directed therapy to systemic treatment: {treatment}."


_CNS_CITATIONS = cite(refs(57, 58), _CNS)
#: The Grade 1B recommendation itself is the summary's; the grade is the step's own field.
_HCT_CITATIONS = cite(refs(6, 59, 63, 71), _TRANSPLANTATION, _SUMMARY)
_HCT_BECAUSE = ("phase", "relapse_count", "hla_typed", "donor_identified", "prior_allogeneic_hct")


def _induction(s: Situation) -> bool:
    return s.relapsed and s.ph is not None and s.b_lineage


def _grade_1b(s: Situation) -> bool:
    """The review's Grade 1B, remission induction followed by allogeneic HCT: for relapsed
    or refractory disease (now, or a remission after a relapse), a first transplant, and a
    patient not judged unfit."""
    relapsed_disease = s.relapsed or (s.in_remission and s.relapses >= 1)
    return relapsed_disease and not s.after_allogeneic_hct and not s.unfit


def _hct_outside_1b(s: Situation) -> bool:
    """A transplant the review's Grade 1B does not cover: a second one, or one in a
    high-risk first remission."""
    if s.unfit:
        return False
    second = s.after_allogeneic_hct and (s.relapsed or s.in_remission)
    first_remission = s.in_remission and s.relapses == 0 and s.cr1_high_risk
    return second or first_remission


def _hct_outside_1b_text(s: Situation) -> str:
    if s.after_allogeneic_hct:
        return (
            "A second allogeneic HCT may be weighed once remission is reached; it lies"
            " outside the review's Grade 1B recommendation, which concerns a first"
            " transplant after remission induction."
        )
    return (
        "The first remission is recorded as high risk: allogeneic HCT may be weighed; the"
        " review's Grade 1B recommendation concerns relapsed or refractory disease."
    )


#: The rule table, in pathway order. A rule applies when ``when`` holds and, unless it
#: is an evaluation, it names at least one option.
RULES: tuple[Rule, ...] = (
    Rule(
        role=StepRole.PALLIATION,
        when=lambda s: s.prefers_palliation,
        ids=("palliative_care",),
        text="Symptom-directed (palliative) care comes first: the record states a preference"
        " for it over remission induction; the steps below apply only if the patient chooses"
        " treatment.",
        citations=(_INDUCTION, _SUMMARY),
        because=("prefers_palliative_care", "fit_for_intensive_therapy"),
    ),
    Rule(
        role=StepRole.PALLIATION,
        when=lambda s: s.relapsed and s.unfit and not s.prefers_palliation,
        ids=("palliative_care",),
        text="The treating team judges the patient unfit for intensive therapy: symptom-"
        "directed (palliative) care is among the first options to discuss, beside the"
        " less intensive treatments below.",
        citations=(_INDUCTION, _SUMMARY),
        because=("fit_for_intensive_therapy", "prefers_palliative_care"),
    ),
    Rule(
        role=StepRole.EVALUATION,
        when=lambda s: s.phase is None,
        text="Establish whether the disease is in relapse, refractory or in remission (marrow"
        " aspirate and biopsy with morphology, cytogenetics and molecular studies) before"
        " choosing therapy; the record does not settle it.",
        citations=(_EVALUATION, _SUMMARY),
        because=("phase", "relapse_count"),
    ),
    Rule(
        role=StepRole.EVALUATION,
        when=lambda s: s.lineage is None and (s.relapsed or s.mrd_positive_cr),
        text="Immunophenotype the blasts to tell B-precursor from T-lineage disease; the"
        " choice of therapy depends on it.",
        citations=(_EVALUATION,),
        because=("lineage",),
    ),
    Rule(
        role=StepRole.EVALUATION,
        when=lambda s: s.relapsed and s.ph is None and s.lineage != "t",
        text="Test the blasts for BCR-ABL1 (RT-PCR and cytogenetics) before choosing"
        " induction: Ph-positive disease is treated with a tyrosine kinase inhibitor,"
        " Ph-negative disease with immunotherapy first.",
        citations=(
            _EVALUATION,
            _PH_POSITIVE,
            _SUMMARY,
        ),
        because=("lineage", "ph_status"),
    ),
    Rule(
        role=StepRole.EVALUATION,
        when=lambda s: s.cns_involved is None,
        text="Perform a lumbar puncture (CSF cytology and flow cytometry, free of blood"
        " contamination): whether the CNS is involved is not established.",
        citations=(_PRETREATMENT, _SUMMARY),
        because=("cns_status", "cns_involved"),
    ),
    Rule(
        role=StepRole.EVALUATION,
        when=lambda s: _induction(s) and s.ph == "positive" and s.tki == "untested",
        text="Send a BCR-ABL1 kinase-domain mutation analysis: a T315I mutation decides"
        " between ponatinib and a second-generation TKI.",
        citations=cite(refs(55), _PH_POSITIVE),
        because=("ph_status", "kinase_domain_tested", "t315i"),
    ),
    Rule(
        role=StepRole.EVALUATION,
        when=lambda s: (s.relapsed or s.in_remission) and s.hla_needed,
        text="Arrange HLA typing now, so that allogeneic HCT can follow remission without delay.",
        citations=(_PRETREATMENT, _SUMMARY),
        because=("hla_typed", "donor_identified"),
    ),
    Rule(
        role=StepRole.CNS_DIRECTED,
        when=lambda s: s.relapsed and s.isolated_cns and s.cns_involved is True,
        ids=("cns_directed_therapy",),
        text=_cns_step_text(first=True),
        citations=(*_CNS_CITATIONS, _EVALUATION),
        because=("isolated_cns_relapse", "cns_status", "cns_involved"),
    ),
    Rule(
        role=StepRole.CLINICAL_TRIAL,
        when=lambda s: s.multiply_relapsed,
        ids=("clinical_trial",),
        text="Offer a clinical trial first: after a second relapse, or a relapse after"
        " allogeneic HCT, a trial is often the best option available.",
        citations=(_MULTIPLY, _TRIALS, _SUMMARY),
        because=("phase", "relapse_count", "prior_allogeneic_hct"),
    ),
    Rule(
        role=StepRole.PREFERRED,
        grade="2B",
        when=lambda s: _induction(s) and s.ph == "negative",
        ids=("blinatumomab", "inotuzumab_ozogamicin"),
        text="Induce remission with blinatumomab or inotuzumab ozogamicin rather than"
        " chemotherapy; blinatumomab needs CD19 on the blasts, inotuzumab needs CD22.",
        citations=cite(refs(7, 10), _SELECTION, _SUMMARY),
        because=("lineage", "ph_status", "phase", "cd19_positive", "cd22_positive"),
    ),
    Rule(
        role=StepRole.PREFERRED,
        when=lambda s: _induction(s) and s.ph == "positive",
        ids=lambda s: _TKI[s.tki][0],
        text=lambda s: (
            "Give a tyrosine kinase inhibitor, usually with combination"
            f" chemotherapy: {_TKI[s.tki][1]}."
        ),
        citations=cite(refs(53, 54, 55, 56), _PH_POSITIVE, _SUMMARY),
        because=("ph_status", "t315i", "prior_tki", "second_generation_tki_failure"),
    ),
    Rule(
        role=StepRole.PREFERRED,
        when=lambda s: s.relapsed and s.lineage == "t",
        ids=lambda s: (*_CHEMOTHERAPY[s.chemotherapy][0], "nelarabine"),
        text=lambda s: (
            "Use cytotoxic chemotherapy and/or nelarabine; for chemotherapy,"
            f" {_CHEMOTHERAPY[s.chemotherapy][1]}."
        ),
        citations=cite(refs(48, 49, 50, 51, 52), _T_ALL, _SUMMARY),
        because=("lineage", "phase", "relapse_count", "months_initial_therapy_to_relapse"),
    ),
    Rule(
        role=StepRole.ACCEPTABLE_ALTERNATIVE,
        when=lambda s: _induction(s) and s.ph == "positive",
        ids=("blinatumomab",),
        text="Blinatumomab is an acceptable alternative, notably as a bridge to transplant;"
        " it needs CD19 on the blasts.",
        citations=cite(refs(16, 18), _PH_POSITIVE, _SUMMARY),
        because=("ph_status", "cd19_positive"),
    ),
    Rule(
        role=StepRole.ACCEPTABLE_ALTERNATIVE,
        when=_induction,
        ids=_car_t_ids,
        text=_car_t_text,
        citations=cite(refs(11, 34, 36), _CAR_T, _SUMMARY),
        because=(
            "age_years",
            "phase",
            "relapse_count",
            "primary_refractory",
            "refractory_to_salvage",
        ),
    ),
    Rule(
        role=StepRole.ACCEPTABLE_ALTERNATIVE,
        when=lambda s: _induction(s) and s.ph == "negative",
        ids=lambda s: _CHEMOTHERAPY[s.chemotherapy][0],
        text=lambda s: (
            "Cytotoxic chemotherapy is an acceptable alternative:"
            f" {_CHEMOTHERAPY[s.chemotherapy][1]}."
        ),
        citations=cite(refs(38, 41, 46), _SELECTION, _CYTARABINE, _SUMMARY),
        because=(
            "phase",
            "relapse_count",
            "months_initial_therapy_to_relapse",
            "prior_cytarabine",
        ),
    ),
    Rule(
        role=StepRole.NOT_AVAILABLE,
        when=lambda s: s.relapsed and s.lineage == "t",
        ids=("liposomal_vincristine",),
        text="Liposomal vincristine, which the review names for T-ALL, is not available: it"
        " was withdrawn from the US market in May 2022.",
        citations=(_LIPOSOMAL_VINCRISTINE, _T_ALL),
        because=("lineage",),
    ),
    Rule(
        role=StepRole.CLINICAL_TRIAL,
        when=lambda s: s.relapsed and not s.multiply_relapsed,
        ids=("clinical_trial",),
        text="A clinical trial is also an acceptable route to remission.",
        citations=(_TRIALS, _SELECTION, _SUMMARY),
        because=("phase", "relapse_count"),
    ),
    Rule(
        role=StepRole.CNS_DIRECTED,
        when=lambda s: s.cns_involved is True and not (s.relapsed and s.isolated_cns),
        ids=("cns_directed_therapy",),
        text=_cns_step_text(first=False),
        citations=_CNS_CITATIONS,
        because=("cns_status", "cns_involved"),
    ),
    Rule(
        role=StepRole.CONSOLIDATION,
        when=lambda s: s.mrd_positive_cr and s.b_lineage,
        ids=("blinatumomab_mrd",),
        text="Clear the measurable residual disease with blinatumomab before transplant; the"
        " blasts must express CD19.",
        citations=cite(refs(18, 19, 20), _BLINATUMOMAB),
        because=("phase", "mrd_status", "mrd_level", "cd19_positive"),
    ),
    Rule(
        role=StepRole.CONSOLIDATION,
        grade="1B",
        when=lambda s: _grade_1b(s) and s.relapsed,
        ids=("allogeneic_hct",),
        text="Once remission is reached, proceed to allogeneic HCT as soon as possible:"
        " remissions after relapse are usually short, and transplant is the curative step.",
        citations=_HCT_CITATIONS,
        because=(*_HCT_BECAUSE, "fit_for_intensive_therapy"),
    ),
    Rule(
        role=StepRole.CONSOLIDATION,
        grade="1B",
        when=lambda s: _grade_1b(s) and s.in_remission,
        ids=("allogeneic_hct",),
        text="Consolidate this remission after relapse with allogeneic HCT as soon as possible.",
        citations=_HCT_CITATIONS,
        because=(*_HCT_BECAUSE, "fit_for_intensive_therapy"),
    ),
    Rule(
        role=StepRole.CONSOLIDATION,
        when=_hct_outside_1b,
        ids=("allogeneic_hct",),
        text=_hct_outside_1b_text,
        citations=cite(refs(62, 68, 69), _TRANSPLANTATION),
        because=(*_HCT_BECAUSE, "cr1_high_risk", "fit_for_intensive_therapy"),
    ),
    Rule(
        role=StepRole.PALLIATION,
        when=lambda s: (
            s.relapsed and not s.prefers_palliation and s.multiply_relapsed and not s.unfit
        ),
        ids=("palliative_care",),
        text=_palliation_text,
        citations=(
            _INDUCTION,
            _MULTIPLY,
            _SUMMARY,
        ),
        because=("prefers_palliative_care", "fit_for_intensive_therapy", "relapse_count"),
    ),
)
