"""Antibody immunotherapies: blinatumomab (relapsed/refractory and MRD), inotuzumab ozogamicin.

Clinical conditions follow the review; who each product is approved for follows the US or
EU label in force on 2022-12-31 (clinical reference decision 1), through
:class:`~allmodel.criteria.InJurisdiction` branches. Where the review states a
label differently, the criterion follows the label and its option's notes say so.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    EU,
    MARROW_DISEASE_TRIALS,
    REVIEW_SUMMARY,
    US,
    adult,
    age_at_least,
    b_precursor,
    cd19_positive,
    cd22_positive,
    count_at_least,
    decision,
    flag,
    in_complete_remission,
    in_jurisdiction,
    in_relapse,
    not_,
    ph_negative,
    ph_positive,
    ref_a,
    refractory,
    relapse_after_allogeneic_hct,
    relapsed_or_refractory,
    review,
    systemic_disease,
    therapy,
    threshold,
)
from allmodel.criteria import All, Any, Op

__all__ = ["BLINATUMOMAB", "BLINATUMOMAB_MRD", "INOTUZUMAB_OZOGAMICIN"]

_B1 = ref_a("B.1", "blinatumomab labels")
_B1_EU = ref_a("B.1", "blinatumomab EU SmPC")
_A2 = ref_a("A.2", "blinatumomab MRD indication, US and EU")
_B2 = ref_a("B.2", "inotuzumab ozogamicin labels")
_B2_HEPATIC = ref_a("B.2", "inotuzumab ozogamicin EU SmPC: hepatic dose holds, VOD/SOS")


BLINATUMOMAB = therapy(
    id="blinatumomab",
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
            systemic_disease(review(7, 57), MARROW_DISEASE_TRIALS),
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
                                        text="Ph-positive with at least 2 failed TKIs and no"
                                        " alternative treatment",
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
                                            flag(
                                                "no_alternative_treatment",
                                                "the treating team judges that no alternative"
                                                " treatment option is available",
                                                _B1_EU,
                                                id="eu_no_alternative_treatment",
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
                            threshold(
                                "age_years",
                                Op.LT,
                                18,
                                "years",
                                "younger than 18",
                                _B1_EU,
                                id="eu_child_under_18",
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
        "The EU label's 'no alternative treatment option' for Ph-positive adults is the"
        " treating team's recorded, dated judgement (fact no_alternative_treatment): unknown"
        " until recorded.",
        "Outside this option (they can only add patients, never exclude one): the EU"
        " high-risk first-relapse consolidation indication for children, and the US"
        " consolidation indication of 2024 (a later ruleset).",
        "An isolated extramedullary relapse (CNS or other site, marrow not involved) is"
        " not eligible: it is treated locally first (CNS-directed therapy, ref 57), and"
        " blinatumomab's trials enrolled marrow disease (TOWER: marrow blasts > 5 %).",
        "EU paediatric branch: 'relapsed after two or more prior therapies' is read as in"
        " relapse with two or more anti-leukemic regimens recorded (prior_regimens), which"
        " also counts a line started after the latest relapse.",
        "A CD19 result older than the latest CD19-directed therapy counts as unknown"
        " (antigen loss, review refs 7-13): repeat the immunophenotype.",
        "Practical matters that never exclude a patient: hospital admission at the start of"
        " the infusion, access and cost (review, selection of therapy).",
    ),
)

BLINATUMOMAB_MRD = therapy(
    id="blinatumomab_mrd",
    name="Blinatumomab for MRD-positive B-precursor ALL in remission",
    citations=(review(18, 19, 20), _A2, _B1, decision(1), decision(4)),
    criteria=All(
        id="blinatumomab_mrd",
        text="blinatumomab for MRD-positive B-precursor ALL in first or second remission",
        citations=(review(18, 19, 20), _A2),
        parts=(
            b_precursor(review(19, 20), _A2),
            in_complete_remission(review(19, 20), _A2 + ": complete remission"),
            threshold(
                "relapse_count",
                Op.LE,
                1,
                "count",
                "first or second remission (at most one relapse so far)",
                _A2,
                id="first_or_second_cr",
            ),
            threshold(
                "mrd_level_in_remission",
                Op.GE,
                1e-3,
                "fraction",
                "MRD of 1e-3 (0.1 %) or more, measured in the current remission",
                _A2,
                decision(4),
                id="mrd_at_least_0.1_percent",
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
        " reached after primary induction failure counts as the first. The labels name"
        " complete remission: CRh and CRi do not qualify.",
        "An MRD result 'not detected' at sensitivity s reads as a level below s: it decides"
        " the 1e-3 cut only when s is at most 1e-3 (decision 4).",
        "Later rulesets, not this one: the US 2024 consolidation indication and the 2024"
        " age wording.",
    ),
)

INOTUZUMAB_OZOGAMICIN = therapy(
    id="inotuzumab_ozogamicin",
    name="Inotuzumab ozogamicin (anti-CD22 antibody-drug conjugate)",
    citations=(review(10, 22, 23, 24, 25), _B2, decision(1)),
    criteria=All(
        id="inotuzumab_ozogamicin",
        text="inotuzumab ozogamicin for relapsed or refractory CD22-positive B-precursor ALL",
        citations=(review(10, 25), REVIEW_SUMMARY),
        parts=(
            b_precursor(review(22, 23), _B2),
            relapsed_or_refractory(review(10, 25), _B2),
            systemic_disease(review(10, 57), MARROW_DISEASE_TRIALS),
            cd22_positive(review(10, 23, 24), REVIEW_SUMMARY, _B2 + ": CD22-positive"),
            adult(review(10), _B2 + ": adults in the US (2017) and EU labels"),
            All(
                id="hepatic",
                text="liver function at which the label lets a dose be given, and no"
                " sinusoidal obstruction syndrome",
                citations=(review(10), _B2_HEPATIC),
                parts=(
                    threshold(
                        "bilirubin_x_uln",
                        Op.LE,
                        1.5,
                        "x ULN",
                        "total bilirubin <= 1.5 x ULN",
                        _B2_HEPATIC,
                        id="bilirubin_at_most_1.5_uln",
                    ),
                    threshold(
                        "ast_x_uln",
                        Op.LE,
                        2.5,
                        "x ULN",
                        "AST <= 2.5 x ULN",
                        _B2_HEPATIC,
                        id="ast_at_most_2.5_uln",
                    ),
                    threshold(
                        "alt_x_uln",
                        Op.LE,
                        2.5,
                        "x ULN",
                        "ALT <= 2.5 x ULN",
                        _B2_HEPATIC,
                        id="alt_at_most_2.5_uln",
                    ),
                    not_(
                        flag(
                            "sinusoidal_obstruction_syndrome",
                            "prior or ongoing sinusoidal obstruction syndrome",
                            review(10),
                            _B2_HEPATIC,
                        ),
                        "no prior or ongoing sinusoidal obstruction syndrome (veno-occlusive"
                        " disease)",
                        review(10),
                        _B2_HEPATIC,
                    ),
                ),
            ),
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
        "Hepatic conditions follow the label (REFERENCE-A B.2): a dose is given only with"
        " total bilirubin <= 1.5 x ULN and AST and ALT <= 2.5 x ULN (above these the EU"
        " label interrupts treatment), and sinusoidal obstruction syndrome stops it for"
        " good; a prior or ongoing episode is a recorded condition. Sinusoidal obstruction"
        " occurred in 11 % with inotuzumab versus 1 % with standard therapy (review ref"
        " 10), and the risk is higher when HCT follows: weigh it before a planned transplant.",
        "An isolated extramedullary relapse is not eligible: it is treated locally first,"
        " and INO-VATE enrolled marrow disease (marrow blasts >= 5 %).",
        "The US paediatric indication (2024, REFERENCE-A E.3) belongs to a later ruleset;"
        " as of 2022-12-31 both labels are for adults.",
        "A CD22 result older than the latest CD22-directed therapy counts as unknown"
        " (antigen loss under inotuzumab).",
        "Before the first dose the label asks for circulating blasts to be brought down"
        " (to 10,000/mm3 or fewer): a preparatory step that never excludes a patient.",
    ),
)
