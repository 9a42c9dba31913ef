"""Immunotherapies: blinatumomab (relapsed/refractory and MRD), inotuzumab ozogamicin, CAR T cells.

Clinical conditions follow the review; who each product is approved for follows the US or
EU label in force on 2022-12-31 (clinical reference decision 1), through
:class:`~allmodel.eligibility.logic.InJurisdiction` branches. Where the review states a
label differently, the criterion follows the label and its option's notes say so.
"""

from __future__ import annotations

from allmodel.eligibility.common import (
    adult,
    age_at_least,
    age_at_most,
    b_precursor,
    cd19_positive,
    cd22_positive,
    in_jurisdiction,
    ph_negative,
    ph_positive,
    relapsed_or_refractory,
    review,
)
from allmodel.eligibility.logic import All, Any, Op, Threshold
from allmodel.eligibility.options import Option, OptionKind
from allmodel.eligibility.therapies._shared import (
    EU,
    REVIEW_SUMMARY,
    US,
    count_at_least,
    decision,
    in_relapse,
    in_remission,
    ref_a,
    refractory,
    relapse_after_allogeneic_hct,
    second_or_later_relapse,
)

__all__ = [
    "BLINATUMOMAB",
    "BLINATUMOMAB_MRD",
    "BREXUCABTAGENE_AUTOLEUCEL",
    "INOTUZUMAB_OZOGAMICIN",
    "TISAGENLECLEUCEL",
]

_B1 = ref_a("B.1", "blinatumomab labels")
_B1_EU = ref_a("B.1", "blinatumomab EU SmPC")
_A2 = ref_a("A.2", "blinatumomab MRD indication, US and EU")
_B2 = ref_a("B.2", "inotuzumab ozogamicin labels")
_B3 = ref_a("B.3", "tisagenlecleucel labels")
_B4 = ref_a("B.4", "brexucabtagene autoleucel labels")

BLINATUMOMAB = Option(
    id="blinatumomab",
    kind=OptionKind.THERAPY,
    name="Blinatumomab (CD19/CD3 bispecific T-cell engager)",
    citations=(
        review(7, 8, 9, 14, 15, 16, 17, 18, 19, 20, 21),
        _B1,
        ref_a("E.1"),
        decision(1),
    ),
    criteria=All(
        id="blinatumomab",
        text="blinatumomab for relapsed or refractory B-precursor ALL",
        citations=(review(7, 8, 9), REVIEW_SUMMARY),
        parts=(
            b_precursor(review(14), _B1),
            relapsed_or_refractory(review(7, 8, 9), _B1),
            cd19_positive(review(14), REVIEW_SUMMARY, _B1 + ": CD19-positive"),
            Any(
                id="label_population",
                text="within the label in force in the jurisdiction",
                citations=(_B1, decision(1)),
                parts=(
                    in_jurisdiction(US, _B1 + ": US, any Ph status since 2017"),
                    All(
                        id="eu_label",
                        text="EU label for adults: Ph-negative, or Ph-positive after two or more"
                        " failed TKIs",
                        citations=(_B1_EU, ref_a("E.1")),
                        parts=(
                            in_jurisdiction(EU, _B1_EU),
                            adult(_B1_EU, id="eu_adult"),
                            Any(
                                id="eu_ph",
                                text="Ph-negative, or Ph-positive with at least 2 failed TKIs",
                                citations=(_B1_EU, ref_a("E.1")),
                                parts=(
                                    ph_negative(review(7), _B1_EU, id="eu_ph_negative"),
                                    All(
                                        id="eu_ph_positive_after_tkis",
                                        text="Ph-positive with at least 2 failed TKIs",
                                        citations=(_B1_EU, ref_a("E.1")),
                                        parts=(
                                            ph_positive(_B1_EU, id="eu_ph_positive"),
                                            count_at_least(
                                                "tki_failures",
                                                2,
                                                "two or more TKIs failed",
                                                _B1_EU,
                                                ref_a("E.1"),
                                                id="eu_two_tkis_failed",
                                            ),
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                    All(
                        id="eu_child_label",
                        text="EU label for children from 1 year: Ph-negative, and refractory or"
                        " relapsed after two therapies or after allogeneic HCT",
                        citations=(_B1_EU + ", paediatric indication (CHMP 2018-07-26)",),
                        parts=(
                            in_jurisdiction(EU, _B1_EU, id="eu_child_jurisdiction"),
                            age_at_least(1, _B1_EU, id="eu_child_aged_1_or_over"),
                            Threshold(
                                id="eu_child_under_18",
                                text="younger than 18",
                                fact="age_years",
                                op=Op.LT,
                                value=18,
                                unit="years",
                                citations=(_B1_EU,),
                            ),
                            ph_negative(_B1_EU, id="eu_child_ph_negative"),
                            Any(
                                id="eu_child_disease_state",
                                text="refractory, relapsed after two or more therapies, or"
                                " relapsed after allogeneic HCT",
                                citations=(_B1_EU,),
                                parts=(
                                    refractory(_B1_EU, prefix="eu_child_"),
                                    All(
                                        id="eu_child_relapse_after_two_therapies",
                                        text="in relapse with two or more earlier therapies",
                                        citations=(_B1_EU,),
                                        parts=(
                                            in_relapse(_B1_EU, id="eu_child_in_relapse"),
                                            count_at_least(
                                                "prior_regimens",
                                                2,
                                                "two or more anti-leukemic regimens",
                                                _B1_EU,
                                                id="eu_child_two_prior_regimens",
                                            ),
                                        ),
                                    ),
                                    relapse_after_allogeneic_hct(
                                        _B1_EU, id="eu_child_relapse_after_hct"
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Review and label differ (REFERENCE-A E.1): the review says the EMA approval covers"
        " Ph-negative disease only; the EU label in force on 2022-12-31 also covers"
        " Ph-positive adults after failure of two or more TKIs. The criterion follows the"
        " label (decision 1).",
        "Not encoded: the EU label's 'no alternative treatment option' for Ph-positive"
        " adults (a clinical judgement); the EU high-risk first-relapse consolidation"
        " indication for children; the US consolidation indication of 2024 (a later"
        " ruleset).",
        "EU paediatric branch: 'relapsed after two or more prior therapies' is read as in"
        " relapse with two or more anti-leukemic regimens recorded (prior_regimens), which"
        " also counts a line started after the latest relapse.",
        "A CD19 result older than the latest CD19-directed therapy counts as unknown"
        " (antigen loss, review refs 7-13): repeat the immunophenotype.",
        "Practical conditions not encoded: hospital admission at the start of the"
        " infusion, access and cost (review, selection of therapy).",
    ),
)

BLINATUMOMAB_MRD = Option(
    id="blinatumomab_mrd",
    kind=OptionKind.THERAPY,
    name="Blinatumomab for MRD-positive B-precursor ALL in remission",
    citations=(review(18, 19, 20), _A2, _B1, decision(1), decision(4)),
    criteria=All(
        id="blinatumomab_mrd",
        text="blinatumomab for MRD-positive B-precursor ALL in first or second remission",
        citations=(review(18, 19, 20), _A2),
        parts=(
            b_precursor(review(19, 20), _A2),
            in_remission(review(19, 20), _A2),
            Threshold(
                id="first_or_second_cr",
                text="first or second remission (at most one relapse so far)",
                fact="relapse_count",
                op=Op.LE,
                value=1,
                unit="count",
                citations=(_A2,),
            ),
            Threshold(
                id="mrd_at_least_0.1_percent",
                text="MRD of 1e-3 (0.1 %) or more, measured in the current remission",
                fact="mrd_level_in_remission",
                op=Op.GE,
                value=1e-3,
                unit="fraction",
                citations=(_A2, decision(4)),
            ),
            cd19_positive(REVIEW_SUMMARY, _A2 + ": CD19-positive"),
            Any(
                id="label_population",
                text="within the MRD indication in force in the jurisdiction",
                citations=(_A2, decision(1)),
                parts=(
                    in_jurisdiction(US, _A2 + ": US 2018, adults and children, any Ph status"),
                    All(
                        id="eu_label",
                        text="EU label: adults with Ph-negative disease",
                        citations=(_A2 + ": EU SmPC",),
                        parts=(
                            in_jurisdiction(EU, _A2 + ": EU SmPC"),
                            adult(_A2 + ": EU SmPC", id="eu_adult"),
                            ph_negative(_A2 + ": EU SmPC", id="eu_ph_negative"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "The MRD cut is inclusive, as both labels write it (>= 0.1 %, decision 4); the"
        " review cites the MRD trials (refs 19, 20) without stating the label cut.",
        "Only an MRD result taken on or after the date of the current remission counts;"
        " with none (or only an older one) the result is unknown until MRD is measured.",
        "First or second remission is read as at most one relapse recorded; a remission"
        " reached after primary induction failure counts as the first.",
        "Not encoded: the US 2024 consolidation indication and the 2024 age wording (a"
        " later ruleset); assay choice beyond decision 4.",
    ),
)

INOTUZUMAB_OZOGAMICIN = Option(
    id="inotuzumab_ozogamicin",
    kind=OptionKind.THERAPY,
    name="Inotuzumab ozogamicin (anti-CD22 antibody-drug conjugate)",
    citations=(review(10, 22, 23, 24, 25), _B2, decision(1)),
    criteria=All(
        id="inotuzumab_ozogamicin",
        text="inotuzumab ozogamicin for relapsed or refractory CD22-positive B-precursor ALL",
        citations=(review(10, 25), REVIEW_SUMMARY),
        parts=(
            b_precursor(review(22, 23), _B2),
            relapsed_or_refractory(review(10, 25), _B2),
            cd22_positive(review(10, 23, 24), REVIEW_SUMMARY, _B2 + ": CD22-positive"),
            adult(review(10), _B2 + ": adults in the US (2017) and EU labels"),
            Any(
                id="label_population",
                text="within the label in force in the jurisdiction",
                citations=(_B2, decision(1)),
                parts=(
                    in_jurisdiction(US, _B2 + ": US, any Ph status"),
                    All(
                        id="eu_label",
                        text="EU label: Ph-negative, or Ph-positive after at least one failed TKI",
                        citations=(_B2 + ": EU EPAR",),
                        parts=(
                            in_jurisdiction(EU, _B2 + ": EU EPAR"),
                            Any(
                                id="eu_ph",
                                text="Ph-negative, or Ph-positive with a failed TKI",
                                citations=(_B2 + ": EU EPAR",),
                                parts=(
                                    ph_negative(_B2 + ": EU EPAR", id="eu_ph_negative"),
                                    All(
                                        id="eu_ph_positive_after_tki",
                                        text="Ph-positive with at least 1 failed TKI",
                                        citations=(_B2 + ": EU EPAR",),
                                        parts=(
                                            ph_positive(_B2 + ": EU EPAR", id="eu_ph_positive"),
                                            count_at_least(
                                                "tki_failures",
                                                1,
                                                "at least one TKI failed",
                                                _B2 + ": EU EPAR",
                                                id="eu_one_tki_failed",
                                            ),
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Hepatic risk is not a criterion: sinusoidal obstruction syndrome occurred in 11 %"
        " with inotuzumab versus 1 % with standard therapy (review ref 10), and the label"
        " warns of a higher risk when HCT follows (REFERENCE-A B.2); weigh it, especially"
        " before a planned transplant. No hepatic cut-off is encoded because the review"
        " gives none for eligibility.",
        "The US paediatric indication (2024, REFERENCE-A E.3) belongs to a later ruleset;"
        " as of 2022-12-31 both labels are for adults.",
        "A CD22 result older than the latest CD22-directed therapy counts as unknown"
        " (antigen loss under inotuzumab).",
        "Not encoded: cytoreduction of circulating blasts before the first dose (label"
        " practice, REFERENCE-A B.2).",
    ),
)

TISAGENLECLEUCEL = Option(
    id="tisagenlecleucel",
    kind=OptionKind.THERAPY,
    name="Tisagenlecleucel (CD19 CAR T cells)",
    citations=(review(11, 35), _B3, ref_a("E.5"), decision(1)),
    criteria=All(
        id="tisagenlecleucel",
        text="tisagenlecleucel for young patients with refractory or multiply relapsed B-ALL",
        citations=(review(11), REVIEW_SUMMARY),
        parts=(
            b_precursor(review(11), _B3),
            age_at_most(25, review(11), _B3 + ": up to 25 years"),
            Any(
                id="disease_state",
                text="refractory, in second or later relapse, or (EU) relapsed after transplant",
                citations=(review(11), _B3),
                parts=(
                    refractory(review(11), _B3),
                    second_or_later_relapse(review(11), _B3),
                    All(
                        id="eu_relapse_after_transplant",
                        text="EU label: in relapse after allogeneic transplant",
                        citations=(_B3 + ": EU SmPC", ref_a("E.5")),
                        parts=(
                            in_jurisdiction(EU, _B3 + ": EU SmPC"),
                            relapse_after_allogeneic_hct(_B3 + ": EU SmPC", id="relapse_after_hct"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Review and label differ (REFERENCE-A E.5): the review states the US label only;"
        " the EU label adds relapse after transplant, which the criterion applies with"
        " jurisdiction EU (decision 1).",
        "Not encoded (no fact): treatment at a certified centre (REMS in the US) with"
        " tocilizumab on site (review ref 11).",
        "Not encoded: CD19 expression (neither label nor review states it as a condition);"
        " after earlier CD19-directed therapy, check CD19 before choosing a CD19 CAR T.",
        "Refractory includes a relapse in which the latest salvage line failed.",
    ),
)

BREXUCABTAGENE_AUTOLEUCEL = Option(
    id="brexucabtagene_autoleucel",
    kind=OptionKind.THERAPY,
    name="Brexucabtagene autoleucel (CD19 CAR T cells)",
    citations=(review(34, 36, 37), _B4, ref_a("E.6"), decision(1)),
    criteria=All(
        id="brexucabtagene_autoleucel",
        text="brexucabtagene autoleucel for relapsed or refractory B-precursor ALL",
        citations=(review(34, 36),),
        parts=(
            b_precursor(review(34, 36), _B4),
            relapsed_or_refractory(review(34, 36), _B4),
            Any(
                id="label_population",
                text="age within the label in force in the jurisdiction",
                citations=(_B4, decision(1)),
                parts=(
                    All(
                        id="us_label",
                        text="US label: adults",
                        citations=(review(34), _B4 + ": US 2021"),
                        parts=(
                            in_jurisdiction(US, _B4 + ": US 2021"),
                            adult(review(34), _B4 + ": US 2021", id="us_adult"),
                        ),
                    ),
                    All(
                        id="eu_label",
                        text="EU label: aged 26 or over",
                        citations=(_B4 + ": EU 2022", ref_a("E.6")),
                        parts=(
                            in_jurisdiction(EU, _B4 + ": EU 2022"),
                            age_at_least(
                                26, _B4 + ": EU 2022", ref_a("E.6"), id="eu_aged_26_or_over"
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Review and label differ (REFERENCE-A E.6): the review mentions only the FDA"
        " approval for adults; the EU label (September 2022) is for ages 26 and over. The"
        " criterion follows the label of the jurisdiction (decision 1).",
        "Not encoded (no fact): treatment through the REMS programme with CRS and"
        " neurotoxicity management available (review ref 34).",
        "Not encoded: CD19 expression (not stated as a condition by the label or review).",
    ),
)
