"""Cytotoxic chemotherapy options: cytarabine-based salvage, reinduction, clofarabine, others.

The review gives these as alternatives to immunotherapy (its summary and recommendations);
labels decide the population only where a label exists for the use (clofarabine,
nelarabine, liposomal vincristine).
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    EU,
    REVIEW_ALKYLATING_AGENTS,
    REVIEW_CYTARABINE,
    REVIEW_LIPOSOMAL_VINCRISTINE,
    REVIEW_REMISSION_INDUCTION,
    REVIEW_SELECTION,
    REVIEW_SUMMARY,
    REVIEW_T_CELL_ALL,
    US,
    adult,
    age_at_least,
    age_at_most,
    cite,
    count_at_least,
    decision,
    fit_for_intensive,
    flag,
    in_jurisdiction,
    in_relapse,
    ph_negative,
    refs,
    relapsed_or_refractory,
    relapsed_or_refractory_since_regimens,
    second_or_later_relapse,
    t_lineage,
    therapy,
    threshold,
)
from allmodel.criteria import All, Any, Constant, Op

__all__ = [
    "ALKYLATOR_SALVAGE",
    "CLOFARABINE",
    "CLOFARABINE_CYTARABINE",
    "CYTARABINE_BASED_SALVAGE",
    "FRONTLINE_LIKE_REINDUCTION",
    "LIPOSOMAL_VINCRISTINE",
    "NELARABINE",
]

#: The nelarabine labels (US and EU agree on the indication).
_B5 = ("label-us-arranon", "label-eu-atriance")
#: The clofarabine labels: US (ages 1-21, at least two prior regimens) and EU (paediatric,
#: no other option expected to give a durable response).
_B6_US = "label-us-clolar"
_B6_EU = "label-eu-evoltra"
_B6 = (_B6_US, _B6_EU)
#: The liposomal vincristine label (US only) and the withdrawal of its approval.
_B8_LABEL = "label-us-marqibo"
_B8_WITHDRAWAL = "web-federalregister-marqibo-withdrawal"
_B8 = (_B8_LABEL, _B8_WITHDRAWAL)

CYTARABINE_BASED_SALVAGE = therapy(
    id="cytarabine_based_salvage",
    name="Cytarabine-based salvage chemotherapy",
    citations=(refs(38, 39, 40, 41, 42), REVIEW_CYTARABINE, REVIEW_SUMMARY),
    criteria=All(
        id="cytarabine_based_salvage",
        text="cytarabine-based combination chemotherapy for relapsed or refractory ALL",
        citations=cite(refs(38, 41), REVIEW_SUMMARY),
        parts=(
            relapsed_or_refractory(refs(38, 39, 40, 41, 42)),
            fit_for_intensive(refs(41), REVIEW_REMISSION_INDUCTION),
        ),
    ),
    notes=(
        "Earlier cytarabine and anthracycline exposure is not a criterion but matters:"
        " high-dose cytarabine with idarubicin gave 38 % CR [review-ref-41] while the same"
        " cytarabine with high-dose mitoxantrone gave 23 % [review-ref-38], a gap the review"
        " puts down to prior exposure and disease biology [review-cytarabine-based-regimens]."
        " The facts prior_cytarabine and prior_anthracycline show it.",
        "For most patients the review suggests immunotherapy first"
        " [review-selection-of-therapy]; this option is an alternative (ordering is the"
        " pathway's job).",
        "Fitness is the treating team's recorded, dated judgement (fact"
        " fit_for_intensive_therapy) [decision-11]; the review gives no performance-status"
        " cut.",
        "Steps that never exclude a patient: a TKI is added for Ph-positive disease (see the"
        " TKI options); cardiac function is checked before anthracyclines"
        " [review-pretreatment-evaluation].",
    ),
)

FRONTLINE_LIKE_REINDUCTION = therapy(
    id="frontline_like_reinduction",
    name="Reinduction with a regimen like the initial induction",
    citations=(REVIEW_SELECTION, REVIEW_SUMMARY, decision(6)),
    criteria=All(
        id="frontline_like_reinduction",
        text="induction like that for new ALL after a late first relapse",
        citations=(REVIEW_SELECTION, REVIEW_SUMMARY),
        parts=(
            in_relapse(REVIEW_SELECTION),
            threshold(
                "relapse_count",
                Op.LE,
                1,
                "count",
                "first relapse (the aim is a second remission)",
                REVIEW_SELECTION,
                id="first_relapse",
            ),
            threshold(
                "months_initial_therapy_to_relapse",
                Op.GT,
                24,
                "months",
                "first relapse more than 24 months after initial therapy ended",
                REVIEW_SELECTION,
                REVIEW_SUMMARY,
                decision(6),
                id="relapse_more_than_24_months",
            ),
            fit_for_intensive(REVIEW_REMISSION_INDUCTION, REVIEW_SELECTION),
        ),
    ),
    notes=(
        "'More than two years after completion of initial treatment' is encoded as more"
        " than 24 calendar months (strict: exactly 24 months is not enough; one day more"
        " is), measured from the end of the initial therapy to the first relapse"
        " [review-selection-of-therapy] [decision-6].",
        "The review speaks of reaching a second remission, so only a first relapse"
        " qualifies; primary refractory disease has no relapse and does not qualify.",
        "An induction like the first one is intensive chemotherapy: the treating team's"
        " current judgement of fitness for intensive therapy is required: frailty and"
        " comorbidity lead to palliation instead [review-remission-induction].",
        "The initial therapy ends with its last phase (induction, consolidation and"
        " maintenance recorded separately are one programme) or a transplant in first"
        " remission.",
    ),
)

CLOFARABINE = therapy(
    id="clofarabine",
    name="Clofarabine (single agent)",
    citations=(refs(43, 44, 45, 46, 47), "review-clofarabine", _B6, decision(7)),
    criteria=All(
        id="clofarabine",
        text="single-agent clofarabine within its label",
        citations=cite(refs(43), _B6, decision(7)),
        parts=(
            relapsed_or_refractory(refs(43), _B6),
            age_at_least(1, refs(43), _B6, decision(7)),
            age_at_most(21, refs(43), _B6, decision(7)),
            count_at_least(
                "prior_regimens",
                2,
                "two or more earlier regimens",
                _B6,
                "review-clofarabine",
                decision(7),
                id="two_prior_regimens",
            ),
            relapsed_or_refractory_since_regimens("prior_regimens", 2, _B6, decision(7)),
            Any(
                id="label_population",
                text="within the label in force in the jurisdiction",
                citations=_B6,
                parts=(
                    in_jurisdiction(US, _B6_US),
                    All(
                        id="eu_label",
                        text="EU label: no other option expected to give a durable response",
                        citations=(_B6_EU,),
                        parts=(
                            in_jurisdiction(EU, _B6_EU),
                            flag(
                                "no_alternative_treatment",
                                "the treating team judges that no other option is expected to"
                                " give a durable response",
                                _B6_EU,
                                id="eu_no_alternative_treatment",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Adult data are limited: about 17 % responses in 25 adults at 40 mg/m2 daily for 5"
        " days [review-ref-44] [review-ref-45], and responses in 3 adults at 52 mg/m2"
        " [review-ref-47]; the US label states that 52 mg/m2 was not tolerated in adults"
        " [label-us-clolar-overdosage]. Adults over 21 fall outside the label and read not"
        " eligible.",
        "Review and label differ: the review says 'two prior regimens'"
        " [review-clofarabine], the label 'at least two' [label-us-clolar]; the criterion"
        " follows the label [decision-7].",
        "The EU label names paediatric patients with no other option expected to give a"
        " durable response, studied up to 21 years at diagnosis; the criterion uses the"
        " ages 1-21 [decision-7] for both jurisdictions, and in the EU asks for the treating"
        " team's recorded judgement that no alternative is available [label-eu-evoltra]"
        " [decision-11].",
        "prior_regimens counts every anti-leukemic line (not only chemotherapy); with an"
        " incomplete history it is a lower bound, so one recorded regimen is unknown."
        " The disease must be relapsed or refractory after those regimens: the relapse is"
        " untreated or a second one, a salvage line since it failed, or one more regimen"
        " was given; a line"
        " begun since the relapse whose outcome is pending leaves the answer unknown (the"
        " count alone called it failed).",
    ),
)

CLOFARABINE_CYTARABINE = therapy(
    id="clofarabine_cytarabine",
    name="Clofarabine with cytarabine",
    citations=(refs(46), "review-clofarabine", _B6),
    criteria=All(
        id="clofarabine_cytarabine",
        text="clofarabine with cytarabine for adults with relapsed or refractory ALL",
        citations=refs(46),
        parts=(
            adult(refs(46)),
            relapsed_or_refractory(refs(46)),
            fit_for_intensive(refs(46), REVIEW_REMISSION_INDUCTION),
        ),
    ),
    notes=(
        "Encoded from the review's account of a single study only (37 patients, 17 % CR"
        " plus CRi) [review-ref-46] [review-clofarabine]; whether cytarabine adds to clofarabine is"
        " not clear. No label covers the combination, and clofarabine's labels are for ages"
        " 1-21 [label-us-clolar] [label-eu-evoltra].",
        "Clofarabine with cytarabine is intensive chemotherapy: the treating team's current"
        " judgement of fitness for intensive therapy is required"
        " [review-remission-induction].",
    ),
)

ALKYLATOR_SALVAGE = therapy(
    id="alkylator_salvage",
    name="Ifosfamide, etoposide and dexamethasone",
    citations=(REVIEW_ALKYLATING_AGENTS, "web-scilit-ifosfamide-etoposide-childhood-all"),
    criteria=All(
        id="alkylator_salvage",
        text="an alkylator-based salvage regimen",
        citations=(REVIEW_ALKYLATING_AGENTS,),
        parts=(
            relapsed_or_refractory(REVIEW_ALKYLATING_AGENTS),
            fit_for_intensive(REVIEW_ALKYLATING_AGENTS, REVIEW_REMISSION_INDUCTION),
        ),
    ),
    notes=(
        "The review calls the evidence anecdotal and based on children; it gives no doses"
        " [review-alkylating-agents]. No source found gives an adult"
        " ifosfamide-etoposide-dexamethasone schedule; the one schedule found is paediatric"
        " [web-scilit-ifosfamide-etoposide-childhood-all].",
        "The review writes 'relapsed ALL'; the catalogue and this criterion take relapsed"
        " or refractory disease.",
        "Ifosfamide, etoposide and dexamethasone is intensive chemotherapy: the treating"
        " team's current judgement of fitness for intensive therapy is required. No source"
        " in the references gives renal or other organ-function cuts for it.",
    ),
)

NELARABINE = therapy(
    id="nelarabine",
    name="Nelarabine",
    citations=(refs(48, 49, 50, 51, 52), "review-nelarabine", _B5),
    criteria=All(
        id="nelarabine",
        text="nelarabine for T-lineage ALL after two or more regimens",
        citations=cite(refs(50, 52), _B5),
        parts=(
            t_lineage(refs(48, 49, 50, 51, 52), _B5),
            relapsed_or_refractory(refs(50, 51, 52), _B5),
            count_at_least(
                "prior_chemotherapy_regimens",
                2,
                "two or more earlier chemotherapy regimens, as the label requires (the review"
                " also names nelarabine for relapsed T-ALL, which in a first relapse is"
                " off-label use)",
                refs(52),
                _B5,
                id="two_prior_chemotherapy_regimens",
            ),
            relapsed_or_refractory_since_regimens(
                "prior_chemotherapy_regimens", 2, _B5, by_relapses=False
            ),
        ),
    ),
    notes=(
        "US and EU labels agree [label-us-arranon] [label-eu-atriance]: disease not"
        " responding to, or relapsed after, at least two chemotherapy regimens. The count is"
        " of regimens with"
        " cytotoxic chemotherapy (prior_chemotherapy_regimens): a programme recorded in"
        " phases counts once, an immunotherapy or CAR T-cell regimen not at all."
        " The disease must be relapsed or refractory after those regimens: the relapse is"
        " untreated, a salvage line since it failed, or one more regimen was given; a line"
        " begun since the relapse whose outcome is pending leaves the answer unknown (the"
        " count alone called it failed).",
        "The review recommends nelarabine for relapsed or refractory T-ALL without the"
        " label's count [review-summary-and-recommendations] [review-ref-48] [review-ref-49]"
        " [review-ref-50] [review-ref-51]: in a first relapse after one regimen that is"
        " off-label use, and this option reports the label's answer (not eligible) with"
        " that reason.",
        "B-lineage ALL reads not eligible: the review notes much less activity there"
        " [review-nelarabine].",
        "T-lymphoblastic lymphoma is in the label but outside this library's facts.",
        "Neurotoxicity (boxed warning; stop at grade 2 or more) and the age-dependent"
        " schedules are matters of dosing and monitoring, not of who may start"
        " [label-us-arranon-dosage] [label-eu-atriance-dosage].",
    ),
)

LIPOSOMAL_VINCRISTINE = therapy(
    id="liposomal_vincristine",
    name="Liposomal vincristine",
    citations=(REVIEW_LIPOSOMAL_VINCRISTINE, REVIEW_T_CELL_ALL, _B8),
    criteria=All(
        id="liposomal_vincristine",
        text="liposomal vincristine (withdrawn)",
        citations=cite(REVIEW_LIPOSOMAL_VINCRISTINE, _B8),
        parts=(
            Constant(
                id="available",
                text="available (US approval withdrawn effective 2022-05-02)",
                value=False,
                citations=cite(REVIEW_LIPOSOMAL_VINCRISTINE, _B8),
            ),
            adult(_B8_LABEL),
            ph_negative(_B8_LABEL),
            relapsed_or_refractory(_B8_LABEL),
            Any(
                id="label_disease_state",
                text="second or later relapse, or progression after two or more therapies",
                citations=(_B8_LABEL,),
                parts=(
                    second_or_later_relapse(_B8_LABEL),
                    All(
                        id="progressed_after_two_therapies",
                        text="progressed after two or more anti-leukemic therapies",
                        citations=(_B8_LABEL,),
                        parts=(
                            count_at_least(
                                "prior_regimens",
                                2,
                                "two or more earlier anti-leukemic therapies",
                                _B8_LABEL,
                                id="two_prior_regimens",
                            ),
                            relapsed_or_refractory_since_regimens("prior_regimens", 2, _B8_LABEL),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Never available in a ruleset dated after the withdrawal (May 2022; it was only"
        " ever marketed in the US) [review-liposomal-vincristine]"
        " [web-federalregister-marqibo-withdrawal], so it is not eligible for every patient;"
        " the label's population is kept to document what the product was for.",
        "The review's summary still lists it for T-ALL [review-summary-and-recommendations];"
        " the label was for Ph-negative ALL of any lineage [label-us-marqibo].",
    ),
)
