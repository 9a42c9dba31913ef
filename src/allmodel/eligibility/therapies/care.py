"""CNS-directed therapy, transplantation, clinical trials and palliative care."""

from __future__ import annotations

from allmodel.eligibility.common import not_, ph_positive, relapsed_or_refractory, review
from allmodel.eligibility.logic import All, Any, Is, IsIn
from allmodel.eligibility.options import Option, OptionKind
from allmodel.eligibility.therapies._shared import (
    REVIEW_MULTIPLY_RELAPSED,
    REVIEW_REMISSION_INDUCTION,
    REVIEW_SELECTION,
    REVIEW_SUMMARY,
    decision,
    fit_for_intensive,
    in_remission,
    ref_a,
    relapse_after_allogeneic_hct,
    second_or_later_relapse,
)

__all__ = [
    "ALLOGENEIC_HCT",
    "AUTOLOGOUS_HCT",
    "CLINICAL_TRIAL",
    "CNS_DIRECTED_THERAPY",
    "PALLIATIVE_CARE",
]

_CNS = "review: central nervous system involvement"
_PRETREATMENT = "review: pretreatment evaluation"
_TRANSPLANTATION = "review: transplantation"
_AUTOLOGOUS = "review: autologous HCT"
_TRIALS = "review: clinical trials"

CNS_DIRECTED_THERAPY = Option(
    id="cns_directed_therapy",
    kind=OptionKind.THERAPY,
    name="CNS-directed therapy (cranial irradiation and intrathecal chemotherapy)",
    citations=(review(57, 58), _CNS, ref_a("A.3"), ref_a("B.12"), decision(8)),
    criteria=All(
        id="cns_directed_therapy",
        text="treatment directed at leukemia in the central nervous system",
        citations=(review(57), _CNS),
        parts=(
            Is(
                id="cns_involved",
                text="blasts in cerebrospinal fluid free of blood contamination (CNS2 or CNS3)",
                fact="cns_involved",
                citations=(review(57), _CNS, ref_a("A.3"), decision(8)),
            ),
        ),
    ),
    notes=(
        "The usual treatment in the review: 2400 cGy to the whole cranium in 12 fractions"
        " with at least six intrathecal methotrexate doses (ref 57; the primary paper was"
        " not checked, REFERENCE-A B.12); intrathecal rituximab is very preliminary"
        " (ref 58).",
        "Review and later fact differ (REFERENCE-A E.8): the review says liposomal"
        " cytarabine is approved for intrathecal use, but its production ended in 2017.",
        "A traumatic tap with blasts (CNS2b, CNS2c) or a CNS2 result without its"
        " subcategory reads unknown, not negative (decision 8); every CNS3 category counts"
        " as involvement, and so does an isolated CNS relapse without a later CSF result.",
        "The CNS categories are the paediatric COG classification (REFERENCE-A A.3); the"
        " review itself asks only for blasts in a CSF sample without blood contamination.",
    ),
)

ALLOGENEIC_HCT = Option(
    id="allogeneic_hct",
    kind=OptionKind.THERAPY,
    name="Allogeneic hematopoietic cell transplantation",
    citations=(review(6, 59, 60, 61, 62, 63, 66, 67, 68, 69, 70, 71), _TRANSPLANTATION),
    criteria=All(
        id="allogeneic_hct",
        text="allogeneic HCT once remission is reached, with a donor found",
        citations=(review(6, 63, 71), REVIEW_SUMMARY, _TRANSPLANTATION),
        parts=(
            in_remission(review(6, 59, 60, 63, 66, 67, 68, 69, 70, 71), REVIEW_SUMMARY),
            Is(
                id="donor_identified",
                text="an allogeneic donor found",
                fact="donor_identified",
                citations=(_TRANSPLANTATION, _PRETREATMENT),
            ),
        ),
    ),
    notes=(
        "Encodes HCT as consolidation after remission (Grade 1B in the review's summary)."
        " For HCT while not in remission the review gives the pretreatment score of"
        " ref 62 (allmodel.scores.pretransplant_score: timing, donor CMV, marrow blasts"
        " > 25 %, age); that setting is not an eligible result here.",
        "A patient with no donor found reads not eligible for now, one whose donor search"
        " is not recorded reads unknown; HLA typing at relapse (review: pretreatment"
        " evaluation) is the pathway's step, not a criterion here.",
        "Not encoded: fitness for transplant, comorbidity, conditioning intensity and"
        " donor type (no criteria in the review); an MRD-positive remission counts as"
        " remission (the pathway suggests clearing MRD first, refs 18-20).",
    ),
)

AUTOLOGOUS_HCT = Option(
    id="autologous_hct",
    kind=OptionKind.THERAPY,
    name="Autologous hematopoietic cell transplantation (investigational)",
    citations=(review(72, 73, 74), _AUTOLOGOUS, decision(4)),
    criteria=All(
        id="autologous_hct",
        text="autologous HCT in the Ph-positive, MRD-negative special case",
        citations=(_AUTOLOGOUS,),
        parts=(
            ph_positive(_AUTOLOGOUS),
            in_remission(_AUTOLOGOUS),
            IsIn(
                id="mrd_negative",
                text="MRD negative (below 1e-4 with an assay reaching 1e-4)",
                fact="mrd_status_in_remission",
                values=("negative",),
                citations=(_AUTOLOGOUS, ref_a("A.2"), decision(4)),
            ),
        ),
    ),
    notes=(
        "Generally of little benefit in adults (refs 72-74: no survivors in CR2 in one"
        " series; high relapse rates); the review keeps a possible role only in special"
        " situations and calls the Ph-positive, molecularly negative setting with TKI"
        " maintenance after transplant under investigation. Eligible here means 'the"
        " special situation applies', not a recommendation.",
        "Not encoded: MRD negativity before stem-cell collection in particular, and the"
        " TKI maintenance plan (no facts); the review's separate mention of patients"
        " without residual disease by sensitive flow cytometry regardless of Ph status"
        " (the catalogue asks for the Ph-positive case).",
        "The MRD call is the latest result's; a negative result from before the current"
        " remission would be read as current (no fact dates MRD against the remission).",
    ),
)

CLINICAL_TRIAL = Option(
    id="clinical_trial",
    kind=OptionKind.THERAPY,
    name="Participation in a clinical trial",
    citations=(_TRIALS, REVIEW_SELECTION, REVIEW_SUMMARY, REVIEW_MULTIPLY_RELAPSED),
    criteria=Any(
        id="clinical_trial",
        text="relapsed or refractory disease, or MRD in remission",
        citations=(_TRIALS, REVIEW_SUMMARY),
        parts=(
            relapsed_or_refractory(_TRIALS, REVIEW_SELECTION, REVIEW_SUMMARY),
            IsIn(
                id="mrd_positive_remission",
                text="in remission with MRD detected after it",
                fact="phase",
                values=("mrd_positive_cr",),
                citations=(review(19, 20), _TRIALS),
            ),
        ),
    ),
    notes=(
        "Always an option in the review for relapsed or refractory disease, and the"
        " first one for multiply relapsed disease; the preference is the pathway's job.",
        "Eligibility for a real trial depends on its own entry criteria: the review's"
        " trials are screened as trial archetypes, and a hospital can add its own.",
    ),
)

PALLIATIVE_CARE = Option(
    id="palliative_care",
    kind=OptionKind.THERAPY,
    name="Palliative (symptom-directed) care",
    citations=(REVIEW_REMISSION_INDUCTION, REVIEW_MULTIPLY_RELAPSED, REVIEW_SUMMARY),
    criteria=All(
        id="palliative_care",
        text="symptom-directed care instead of remission induction",
        citations=(REVIEW_REMISSION_INDUCTION, REVIEW_SUMMARY),
        parts=(
            relapsed_or_refractory(REVIEW_REMISSION_INDUCTION, REVIEW_MULTIPLY_RELAPSED),
            Any(
                id="palliative_reason",
                text="prefers it, is too frail for intensive therapy, or is multiply relapsed",
                citations=(REVIEW_REMISSION_INDUCTION, REVIEW_MULTIPLY_RELAPSED),
                parts=(
                    Is(
                        id="prefers_palliative_care",
                        text="prefers symptom-directed care",
                        fact="prefers_palliative_care",
                        citations=(REVIEW_REMISSION_INDUCTION,),
                    ),
                    not_(
                        fit_for_intensive(REVIEW_REMISSION_INDUCTION),
                        "not fit for intensive therapy (frailty or comorbidity)",
                        REVIEW_REMISSION_INDUCTION,
                        id="not_fit_for_intensive_therapy",
                    ),
                    Any(
                        id="multiply_relapsed",
                        text="second or later relapse, or relapse after allogeneic HCT",
                        citations=(REVIEW_MULTIPLY_RELAPSED, REVIEW_SUMMARY),
                        parts=(
                            second_or_later_relapse(REVIEW_MULTIPLY_RELAPSED, REVIEW_SUMMARY),
                            relapse_after_allogeneic_hct(REVIEW_MULTIPLY_RELAPSED, REVIEW_SUMMARY),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Frailty and comorbidity are read from the treating team's judgement of fitness"
        " for intensive therapy; no ECOG or comorbidity-score cut is encoded because the"
        " review gives none.",
        "The review also lists palliative treatment among the options for second or"
        " later relapse, including relapse after allogeneic HCT; that branch is encoded.",
        "Palliative care alongside other treatment is always appropriate; this option"
        " marks when the review names it as the choice instead of remission induction.",
    ),
)
