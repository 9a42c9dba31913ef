"""Antibody immunotherapies: blinatumomab (relapsed/refractory and MRD), inotuzumab ozogamicin.

Clinical conditions follow the review; who each product is approved for follows the US or
EU label in force on 2022-12-31 (decision-1), through
:class:`~allmodel.criteria.InJurisdiction` branches. Where the review states a
label differently, the criterion follows the label and its option's notes say so.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    EU,
    MARROW_DISEASE_TRIALS,
    REVIEW_BLINATUMOMAB,
    REVIEW_SUMMARY,
    US,
    adult,
    age_at_least,
    b_precursor,
    cd19_positive,
    cd22_positive,
    cite,
    count_at_least,
    decision,
    flag,
    in_complete_remission,
    in_jurisdiction,
    not_,
    ph_negative,
    ph_positive,
    refractory,
    refs,
    relapse_after_allogeneic_hct,
    relapsed_or_refractory,
    systemic_disease,
    therapy,
    threshold,
)
from allmodel.criteria import All, Any, Op

__all__ = ["BLINATUMOMAB", "BLINATUMOMAB_MRD", "INOTUZUMAB_OZOGAMICIN"]

#: The blinatumomab labels in force on 2022-12-31: the US label (any Ph status since 2017;
#: the MRD indication since 2018, adults and children) and the EU SmPC.
_B1_US = "label-us-blincyto"
_B1_EU = "label-eu-blincyto"
_B1 = (_B1_US, _B1_EU)
#: Where the review and the EU label differ: the review's blinatumomab section says the EMA
#: approval covers Ph-negative disease only; the EU SmPC also covers Ph-positive adults
#: after two or more failed TKIs. The criterion follows the label (decision-1).
_EU_DIFFERS = (REVIEW_BLINATUMOMAB, _B1_EU, decision(1))
#: The inotuzumab ozogamicin labels in force on 2022-12-31 (adults, US and EU).
_B2_US = "label-us-besponsa"
_B2_EU = "label-eu-besponsa"
_B2 = (_B2_US, _B2_EU)
#: The EU SmPC's dose modifications: hepatic dose holds, and a stop for good on VOD/SOS.
_B2_HEPATIC = "label-eu-besponsa-dose-modifications"


BLINATUMOMAB = therapy(
    id="blinatumomab",
    name="Blinatumomab (CD19/CD3 bispecific T-cell engager)",
    citations=(
        refs(7, 8, 9, 14, 15, 16, 17, 18, 19, 20, 21),
        REVIEW_BLINATUMOMAB,
        _B1,
        decision(1),
    ),
    criteria=All(
        id="blinatumomab",
        text="blinatumomab for relapsed or refractory B-precursor ALL",
        citations=cite(refs(7, 8, 9), REVIEW_SUMMARY),
        parts=(
            b_precursor(refs(14), _B1),
            relapsed_or_refractory(refs(7, 8, 9), _B1),
            systemic_disease(refs(7, 57), MARROW_DISEASE_TRIALS),
            cd19_positive(refs(14), REVIEW_SUMMARY, _B1),
            Any(
                id="label_population",
                text="within the label in force in the jurisdiction",
                citations=cite(_B1, decision(1)),
                parts=(
                    in_jurisdiction(US, _B1_US),
                    All(
                        id="eu_label",
                        text="EU label for adults: Ph-negative, or Ph-positive after two or more"
                        " failed TKIs",
                        citations=_EU_DIFFERS,
                        parts=(
                            in_jurisdiction(EU, _B1_EU),
                            adult(_B1_EU, id="eu_adult"),
                            Any(
                                id="eu_ph",
                                text="Ph-negative, or Ph-positive with at least 2 failed TKIs",
                                citations=_EU_DIFFERS,
                                parts=(
                                    ph_negative(refs(7), _B1_EU, id="eu_ph_negative"),
                                    All(
                                        id="eu_ph_positive_after_tkis",
                                        text="Ph-positive with at least 2 failed TKIs and no"
                                        " alternative treatment",
                                        citations=_EU_DIFFERS,
                                        parts=(
                                            ph_positive(_B1_EU, id="eu_ph_positive"),
                                            count_at_least(
                                                "tki_failures",
                                                2,
                                                "two or more TKIs failed",
                                                _EU_DIFFERS,
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
                        citations=(_B1_EU,),
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
                                        text="relapsed after two or more earlier therapies",
                                        citations=(_B1_EU,),
                                        parts=(
                                            count_at_least(
                                                "prior_regimens",
                                                2,
                                                "two or more anti-leukemic regimens",
                                                _B1_EU,
                                                id="eu_child_two_prior_regimens",
                                            ),
                                            Any(
                                                id="eu_child_relapse_after_them",
                                                text="the relapse came after them: it is"
                                                " untreated, or a second relapse (a failed"
                                                " line since it is the refractory branch)",
                                                citations=(_B1_EU,),
                                                parts=(
                                                    flag(
                                                        "untreated_relapse",
                                                        "the latest relapse is untreated",
                                                        _B1_EU,
                                                        id="eu_child_untreated_relapse",
                                                    ),
                                                    count_at_least(
                                                        "relapse_count",
                                                        2,
                                                        "a second or later relapse (two"
                                                        " therapies came before it)",
                                                        _B1_EU,
                                                        id="eu_child_second_relapse",
                                                    ),
                                                ),
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
        "Review and label differ: the review says the EMA approval covers Ph-negative"
        " disease only [review-blinatumomab]; the EU label in force on 2022-12-31 also covers"
        " Ph-positive adults after failure of two or more TKIs [label-eu-blincyto]. The"
        " criterion follows the label [decision-1].",
        "The EU label's 'no alternative treatment option' for Ph-positive adults is the"
        " treating team's recorded, dated judgement (fact no_alternative_treatment): unknown"
        " until recorded [label-eu-blincyto] [decision-11].",
        "Outside this option (they can only add patients, never exclude one): the EU"
        " high-risk first-relapse consolidation indication for children (CHMP 2021-05-20),"
        " and the US consolidation indication of 2024, which belongs to a later ruleset"
        " [decision-1].",
        "An isolated extramedullary relapse (CNS or other site, marrow not involved) is"
        " not eligible: it is treated locally first (CNS-directed therapy)"
        " [review-central-nervous-system-involvement] [review-ref-57], and blinatumomab's"
        " trials enrolled marrow disease (TOWER: marrow blasts > 5 %) [nct02013167].",
        "EU paediatric branch: 'in relapse after two or more prior therapies' is read as"
        " two or more anti-leukemic regimens recorded (prior_regimens) with the relapse"
        " after them: the relapse is untreated, or it is a second or later one. A line begun"
        " since the relapse whose outcome is pending leaves it unknown (the count alone"
        " called it failed); a failed one is the refractory branch.",
        "A CD19 result older than the latest CD19-directed therapy counts as unknown"
        " (antigen loss) [review-selection-of-therapy] [decision-10]: repeat the"
        " immunophenotype.",
        "Practical matters that never exclude a patient: hospital admission at the start of"
        " the infusion, access and cost [review-selection-of-therapy].",
    ),
)

BLINATUMOMAB_MRD = therapy(
    id="blinatumomab_mrd",
    name="Blinatumomab for MRD-positive B-precursor ALL in remission",
    citations=(refs(18, 19, 20), _B1, decision(1), decision(4)),
    criteria=All(
        id="blinatumomab_mrd",
        text="blinatumomab for MRD-positive B-precursor ALL in first or second remission",
        citations=cite(refs(18, 19, 20), _B1),
        parts=(
            b_precursor(refs(19, 20), _B1),
            in_complete_remission(refs(19, 20), _B1),
            threshold(
                "relapse_count",
                Op.LE,
                1,
                "count",
                "first or second remission (at most one relapse so far)",
                _B1,
                id="first_or_second_cr",
            ),
            threshold(
                "mrd_level_in_remission",
                Op.GE,
                1e-3,
                "fraction",
                "MRD of 1e-3 (0.1 %) or more, measured in the current remission",
                _B1,
                decision(4),
                id="mrd_at_least_0.1_percent",
            ),
            cd19_positive(REVIEW_SUMMARY, _B1),
            Any(
                id="label_population",
                text="within the MRD indication in force in the jurisdiction",
                citations=cite(_B1, decision(1)),
                parts=(
                    in_jurisdiction(US, _B1_US),
                    All(
                        id="eu_label",
                        text="EU label: adults with Ph-negative disease",
                        citations=(_B1_EU,),
                        parts=(
                            in_jurisdiction(EU, _B1_EU),
                            adult(_B1_EU, id="eu_adult"),
                            ph_negative(_B1_EU, id="eu_ph_negative"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "The MRD cut is inclusive, as both labels write it (>= 0.1 %) [label-us-blincyto]"
        " [label-eu-blincyto] [decision-4]; the review cites the MRD trials [review-ref-19]"
        " [review-ref-20] without stating the label cut.",
        "The US indication (2018) covers adults and children of any Ph status; the EU one"
        " adults with Ph-negative disease [decision-1].",
        "Only an MRD result taken on or after the date of the current remission counts;"
        " with none (or only an older one) the result is unknown until MRD is measured"
        " [decision-10].",
        "First or second remission is read as at most one relapse recorded; a remission"
        " reached after primary induction failure counts as the first. The labels name"
        " complete remission: CRh and CRi do not qualify.",
        "An MRD result 'not detected' at sensitivity s reads as a level below s: it decides"
        " the 1e-3 cut only when s is at most 1e-3 [decision-4].",
        "Later rulesets, not this one: the US 2024 consolidation indication and the 2024"
        " age wording [decision-1].",
    ),
)

INOTUZUMAB_OZOGAMICIN = therapy(
    id="inotuzumab_ozogamicin",
    name="Inotuzumab ozogamicin (anti-CD22 antibody-drug conjugate)",
    citations=(refs(10, 22, 23, 24, 25), "review-inotuzumab-ozogamicin", _B2, decision(1)),
    criteria=All(
        id="inotuzumab_ozogamicin",
        text="inotuzumab ozogamicin for relapsed or refractory CD22-positive B-precursor ALL",
        citations=cite(refs(10, 25), REVIEW_SUMMARY),
        parts=(
            b_precursor(refs(22, 23), _B2),
            relapsed_or_refractory(refs(10, 25), _B2),
            systemic_disease(refs(10, 57), MARROW_DISEASE_TRIALS),
            cd22_positive(refs(10, 23, 24), REVIEW_SUMMARY, _B2_EU),
            adult(refs(10), _B2),
            All(
                id="hepatic",
                text="liver function at which the label lets a dose be given, and no"
                " sinusoidal obstruction syndrome",
                citations=cite(refs(10), _B2_HEPATIC),
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
                            refs(10),
                            _B2_HEPATIC,
                        ),
                        "no prior or ongoing sinusoidal obstruction syndrome (veno-occlusive"
                        " disease)",
                        refs(10),
                        _B2_HEPATIC,
                    ),
                ),
            ),
            Any(
                id="label_population",
                text="within the label in force in the jurisdiction",
                citations=cite(_B2, decision(1)),
                parts=(
                    in_jurisdiction(US, _B2_US),
                    All(
                        id="eu_label",
                        text="EU label: Ph-negative, or Ph-positive after at least one failed TKI",
                        citations=(_B2_EU,),
                        parts=(
                            in_jurisdiction(EU, _B2_EU),
                            Any(
                                id="eu_ph",
                                text="Ph-negative, or Ph-positive with a failed TKI",
                                citations=(_B2_EU,),
                                parts=(
                                    ph_negative(_B2_EU, id="eu_ph_negative"),
                                    All(
                                        id="eu_ph_positive_after_tki",
                                        text="Ph-positive with at least 1 failed TKI",
                                        citations=(_B2_EU,),
                                        parts=(
                                            ph_positive(_B2_EU, id="eu_ph_positive"),
                                            count_at_least(
                                                "tki_failures",
                                                1,
                                                "at least one TKI failed",
                                                _B2_EU,
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
        "Hepatic conditions follow the label [label-eu-besponsa-dose-modifications]: a dose"
        " is given only with total bilirubin <= 1.5 x ULN and AST and ALT <= 2.5 x ULN"
        " (above these the EU label interrupts treatment), and sinusoidal obstruction"
        " syndrome stops it for good; a prior or ongoing episode is a recorded condition."
        " Sinusoidal obstruction occurred in 11 % with inotuzumab versus 1 % with standard"
        " therapy [review-ref-10], and the risk is higher when HCT follows: weigh it before"
        " a planned transplant.",
        "An isolated extramedullary relapse is not eligible: it is treated locally first,"
        " and INO-VATE enrolled marrow disease (marrow blasts >= 5 %) [nct01564784].",
        "The US paediatric indication of 2024 [web-fda-inotuzumab-pediatric-2024] belongs"
        " to a later ruleset [decision-1]; as of 2022-12-31 both labels are for adults"
        " [label-us-besponsa] [label-eu-besponsa].",
        "A CD22 result older than the latest CD22-directed therapy counts as unknown"
        " (antigen loss under inotuzumab) [review-selection-of-therapy] [decision-10].",
        "Before the first dose the label asks for circulating blasts to be brought down"
        " (to 10,000/mm3 or fewer) [label-us-besponsa-dosage]: a preparatory step that never"
        " excludes a patient.",
    ),
)
