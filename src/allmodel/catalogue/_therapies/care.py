"""CNS-directed therapy, transplantation, clinical trials and palliative care."""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    REVIEW_AUTOLOGOUS_HCT,
    REVIEW_CLINICAL_TRIALS,
    REVIEW_CNS,
    REVIEW_MULTIPLY_RELAPSED,
    REVIEW_PRETREATMENT,
    REVIEW_REMISSION_INDUCTION,
    REVIEW_SELECTION,
    REVIEW_SUMMARY,
    REVIEW_TRANSPLANTATION,
    cite,
    count_at_least,
    decision,
    flag,
    in_remission,
    mrd_positive_in_remission,
    ph_positive,
    refs,
    relapsed_or_refractory,
    therapy,
    threshold,
)
from allmodel.criteria import All, Any, Constant, Op

__all__ = [
    "ALLOGENEIC_HCT",
    "AUTOLOGOUS_HCT",
    "CLINICAL_TRIAL",
    "CNS_DIRECTED_THERAPY",
    "PALLIATIVE_CARE",
]

_CNS = REVIEW_CNS
_PRETREATMENT = REVIEW_PRETREATMENT
_TRANSPLANTATION = REVIEW_TRANSPLANTATION
_AUTOLOGOUS = REVIEW_AUTOLOGOUS_HCT
_TRIALS = REVIEW_CLINICAL_TRIALS
#: The CNS status categories (CSF cell count, blasts, traumatic tap) of the Children's
#: Oncology Group classification.
_COG_CNS = "web-bmj-bestpractice-all-cns-status"

CNS_DIRECTED_THERAPY = therapy(
    id="cns_directed_therapy",
    name="CNS-directed therapy (cranial irradiation and intrathecal chemotherapy)",
    citations=(refs(57, 58), _CNS, _COG_CNS, decision(8)),
    criteria=All(
        id="cns_directed_therapy",
        text="treatment directed at leukemia in the central nervous system",
        citations=cite(refs(57), _CNS),
        parts=(
            flag(
                "cns_involved",
                "blasts in cerebrospinal fluid free of blood contamination (CNS2 or CNS3)",
                refs(57),
                _CNS,
                _COG_CNS,
                decision(8),
            ),
        ),
    ),
    notes=(
        "The usual treatment in the review: 2400 cGy to the whole cranium in 12 fractions"
        " with at least six intrathecal methotrexate doses"
        " [review-central-nervous-system-involvement] [review-ref-57] (the primary paper"
        " was not checked); intrathecal rituximab is very preliminary [review-ref-58].",
        "Review and later fact differ: the review says liposomal cytarabine is approved for"
        " intrathecal use [review-central-nervous-system-involvement], but its production"
        " ended in 2017 [web-fdanews-depocyt-discontinuation].",
        "A traumatic tap with blasts (CNS2b, CNS2c) or a CNS2 result without its"
        " subcategory reads unknown, not negative [decision-8]; every CNS3 category counts"
        " as involvement, and so does an isolated CNS relapse without a later CSF result.",
        "The CNS categories are the paediatric COG classification"
        " [web-bmj-bestpractice-all-cns-status]; the review itself asks only for blasts in a"
        " CSF sample without blood contamination [review-central-nervous-system-involvement].",
    ),
)

_HCT_NOT_IN_REMISSION = refs(59, 60, 61, 62, 63, 70)
_HCT_IN_REMISSION = refs(59, 63, 66, 67, 68, 69, 71)

ALLOGENEIC_HCT = therapy(
    id="allogeneic_hct",
    name="Allogeneic hematopoietic cell transplantation",
    citations=(
        refs(6, 59, 60, 61, 62, 63, 66, 67, 68, 69, 70, 71),
        _TRANSPLANTATION,
        "review-allogeneic-hct",
    ),
    criteria=All(
        id="allogeneic_hct",
        text="allogeneic HCT for a transplant candidate with a donor, in relapsed or"
        " refractory disease (in remission or not) or a high-risk first remission",
        citations=cite(refs(6, 63, 71), REVIEW_SUMMARY, _TRANSPLANTATION),
        parts=(
            flag(
                "hct_candidate",
                "the treating team judges the patient a candidate for allogeneic HCT",
                _PRETREATMENT,
                _TRANSPLANTATION,
            ),
            flag("donor_identified", "an allogeneic donor found", _TRANSPLANTATION, _PRETREATMENT),
            Any(
                id="disease_setting",
                text="relapsed or refractory disease now, a remission after a relapse, or a"
                " documented high-risk first remission",
                citations=(_TRANSPLANTATION,),
                parts=(
                    relapsed_or_refractory(
                        _HCT_NOT_IN_REMISSION, _TRANSPLANTATION, id="not_in_remission"
                    ),
                    All(
                        id="remission_after_relapse",
                        text="in a second or later remission",
                        citations=cite(_HCT_IN_REMISSION, REVIEW_SUMMARY),
                        parts=(
                            in_remission(_HCT_IN_REMISSION, id="in_remission_after_relapse"),
                            count_at_least(
                                "relapse_count",
                                1,
                                "at least one relapse before this remission",
                                _HCT_IN_REMISSION,
                                id="relapsed_before",
                            ),
                        ),
                    ),
                    All(
                        id="high_risk_first_remission",
                        text="in a first remission classified high risk",
                        citations=cite(refs(68, 69), _TRANSPLANTATION),
                        parts=(
                            in_remission(refs(68), id="in_first_remission"),
                            threshold(
                                "relapse_count",
                                Op.EQ,
                                0,
                                "count",
                                "no relapse so far",
                                refs(68),
                                id="no_relapse_yet",
                            ),
                            flag(
                                "cr1_high_risk",
                                "the disease is classified high risk in first remission",
                                refs(68, 69),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "The review recommends remission induction followed by allogeneic HCT (Grade 1B)"
        " [review-summary-and-recommendations] and a transplant in second remission gives"
        " long-term leukemia-free survival of 18-45 % [review-allogeneic-hct]"
        " [review-ref-59] [review-ref-63] [review-ref-66] [review-ref-67] [review-ref-68]"
        " [review-ref-69] [review-ref-71]. HCT while not in remission is not ruled out:"
        " primary refractory or advanced relapsed disease still gives 12-23 % three-year"
        " leukemia-free survival [review-transplantation] [review-ref-59]"
        " [review-ref-60] [review-ref-61] [review-ref-62] [review-ref-63] [review-ref-70],"
        " and the pretransplant score [review-ref-62]"
        " (allmodel.clinical.scores.pretransplant_score: timing, donor CMV, marrow blasts"
        " > 25 %, age) estimates survival in that setting.",
        "Candidacy is the treating team's recorded, dated judgement (fitness, comorbidity,"
        " the patient's wishes; fact hct_candidate): unknown until recorded [decision-11]. A"
        " patient with no donor found reads not eligible for now, one whose donor search is"
        " not recorded reads unknown; HLA typing at relapse is the pathway's step"
        " [review-pretreatment-evaluation].",
        "A first remission qualifies only when recorded high risk (course.cr1_high_risk);"
        " a remission reached after primary induction failure should be recorded so. A"
        " second transplant after relapse following an earlier one is possible but is a"
        " decision beyond the review's Grade 1B recommendation (see the pathway).",
        "Conditioning intensity and donor type are choices within the transplant, not"
        " conditions of it (no criteria in the review); an MRD-positive remission counts as"
        " remission (the pathway suggests clearing MRD first) [review-ref-18] [review-ref-19]"
        " [review-ref-20].",
    ),
)

AUTOLOGOUS_HCT = therapy(
    id="autologous_hct",
    name="Autologous hematopoietic cell transplantation (investigational)",
    citations=(refs(72, 73, 74), _AUTOLOGOUS, decision(4)),
    criteria=All(
        id="autologous_hct",
        text="autologous HCT in the Ph-positive, MRD-undetectable special case",
        citations=(_AUTOLOGOUS,),
        parts=(
            ph_positive(_AUTOLOGOUS),
            in_remission(_AUTOLOGOUS),
            flag(
                "mrd_undetectable_in_remission",
                "no residual disease detected in the current remission by an assay reaching 1e-4",
                _AUTOLOGOUS,
                "web-pmc-hemasphere-mrd-response-table",
                decision(4),
                id="mrd_undetectable",
            ),
        ),
    ),
    notes=(
        "Generally of little benefit in adults (no survivors in CR2 in one series; high"
        " relapse rates) [review-ref-72] [review-ref-73] [review-ref-74]; the review keeps a"
        " possible role only in special situations and calls the Ph-positive, molecularly"
        " negative setting with TKI maintenance after transplant under investigation"
        " [review-autologous-hct]. Eligible here means 'the special situation applies', not"
        " a recommendation.",
        "The review asks for no detectable residual disease: an MRD result that detected"
        " any leukemic cells does not qualify even below 1e-4, and a 'not detected' result"
        " counts only from an assay reaching 1e-4 [decision-4]. Only a result taken in the"
        " current remission, after the latest regimen began, counts [decision-10].",
        "The stem-cell collection and TKI maintenance plan are steps of the procedure that"
        " follow the decision and exclude no patient. The review's mention of patients"
        " without residual disease by sensitive flow cytometry regardless of Ph status is"
        " outside this option (the catalogue asks for the Ph-positive case).",
    ),
)

CLINICAL_TRIAL = therapy(
    id="clinical_trial",
    name="Participation in a clinical trial",
    citations=(_TRIALS, REVIEW_SELECTION, REVIEW_SUMMARY, REVIEW_MULTIPLY_RELAPSED),
    criteria=Any(
        id="clinical_trial",
        text="relapsed or refractory disease, or MRD in remission",
        citations=(_TRIALS, REVIEW_SUMMARY),
        parts=(
            relapsed_or_refractory(_TRIALS, REVIEW_SELECTION, REVIEW_SUMMARY),
            mrd_positive_in_remission(refs(19, 20), _TRIALS),
        ),
    ),
    notes=(
        "Always an option in the review for relapsed or refractory disease"
        " [review-selection-of-therapy] [review-clinical-trials], and the first one for"
        " multiply relapsed disease [review-multiply-relapsed-disease]; the preference is"
        " the pathway's job.",
        "Eligibility for a real trial depends on its own entry criteria: the review's"
        " trials are screened as trial archetypes, and a hospital can add its own.",
    ),
)

PALLIATIVE_CARE = therapy(
    id="palliative_care",
    name="Palliative (symptom-directed) care",
    citations=(REVIEW_REMISSION_INDUCTION, REVIEW_MULTIPLY_RELAPSED, REVIEW_SUMMARY),
    criteria=Constant(
        id="palliative_care",
        text="symptom-directed care is available to every patient who asks for it",
        value=True,
        citations=(REVIEW_REMISSION_INDUCTION, REVIEW_MULTIPLY_RELAPSED, REVIEW_SUMMARY),
    ),
    notes=(
        "Always available on request: the review names symptom-directed care as the choice"
        " for patients who forgo remission induction because of frailty, comorbidity or"
        " preference [review-remission-induction], and among the options for multiply"
        " relapsed disease [review-multiply-relapsed-disease]. When it comes"
        " first is the pathway's job (a stated preference, a judgement of unfitness, a"
        " second or later relapse).",
        "Palliative care alongside other treatment is always appropriate.",
    ),
)
