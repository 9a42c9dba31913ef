"""BCR-ABL1 tyrosine kinase inhibitors for relapsed or refractory Ph-positive ALL.

The review's rules: every Ph-positive relapse needs a kinase-domain mutation analysis; the
TKI is chosen by earlier exposure and mutations; second-generation TKIs serve intolerance
and many resistant cases; only ponatinib is substantially active against T315I.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    REVIEW_PH_POSITIVE,
    REVIEW_SUMMARY,
    adult,
    cite,
    decision,
    flag,
    in_jurisdiction,
    not_,
    ph_positive,
    refs,
    relapsed_or_refractory,
    therapy,
)
from allmodel.criteria import All, Any, Jurisdiction, Known

__all__ = ["PONATINIB", "SECOND_GENERATION_TKI", "TKI_BASED_THERAPY"]

#: The TKI labels for Ph-positive ALL in force on 2022-12-31: imatinib (adults, relapsed
#: or refractory), dasatinib (adults with resistance or intolerance to prior therapy),
#: ponatinib (US: T315I, or no other TKI indicated; EU: after dasatinib, or T315I).
_IMATINIB = "label-us-gleevec"
_DASATINIB = "label-us-sprycel"
_PONATINIB_US = "label-us-iclusig"
_PONATINIB_EU = "label-eu-iclusig"
_PONATINIB = (_PONATINIB_US, _PONATINIB_EU)
_B7 = (_IMATINIB, _DASATINIB, *_PONATINIB)

TKI_BASED_THERAPY = therapy(
    id="tki_based_therapy",
    name="TKI-based therapy for Ph-positive ALL",
    citations=(refs(53, 54, 55, 56), REVIEW_PH_POSITIVE, REVIEW_SUMMARY, _B7),
    criteria=All(
        id="tki_based_therapy",
        text="a TKI, usually with chemotherapy, for relapsed or refractory Ph-positive ALL",
        citations=(REVIEW_PH_POSITIVE, REVIEW_SUMMARY),
        parts=(
            ph_positive(refs(53, 54, 55, 56), REVIEW_PH_POSITIVE),
            relapsed_or_refractory(refs(56), REVIEW_PH_POSITIVE),
            adult(
                _B7,
                text="aged 18 or over (every TKI label for relapsed or refractory Ph-positive"
                " ALL is for adults)",
            ),
            Known(
                id="mutation_analysis",
                text="a current BCR-ABL1 kinase-domain mutation result (since the latest"
                " relapse and TKI failure), to choose the TKI",
                fact="t315i",
                citations=(REVIEW_PH_POSITIVE, REVIEW_SUMMARY, decision(10)),
            ),
        ),
    ),
    notes=(
        "Which TKI is for the ponatinib and second_generation_tki options; the choice"
        " also weighs comorbidities and toxicity (the review's table 1), which choose"
        " between TKIs and exclude no patient from TKI-based therapy.",
        "Without a current mutation result the option is unknown and names the"
        " kinase-domain analysis: the review asks for it in every Ph-positive relapse"
        " [review-philadelphia-chromosome-positive-all], and an analysis from before the"
        " latest relapse or TKI failure must be repeated [decision-10].",
        "Labels differ by drug, but every label read for a TKI in relapsed or refractory"
        " Ph-positive ALL is for adults: imatinib [label-us-gleevec], dasatinib"
        " [label-us-sprycel] and ponatinib [label-us-iclusig] [label-eu-iclusig]; the"
        " children's TKI indications are for newly diagnosed disease. So the option asks for"
        " an adult and otherwise encodes the review's class recommendation, checking no"
        " single label's drug-specific conditions (the ponatinib and second_generation_tki"
        " options do).",
        "The plan to proceed to allogeneic HCT as soon as remission is reached is the"
        " allogeneic_hct option's and the pathway's.",
    ),
)

PONATINIB = therapy(
    id="ponatinib",
    name="Ponatinib",
    citations=(refs(55), REVIEW_PH_POSITIVE, _PONATINIB),
    criteria=All(
        id="ponatinib",
        text="ponatinib for Ph-positive ALL with T315I or after a second-generation TKI failed",
        citations=cite(refs(55), REVIEW_PH_POSITIVE),
        parts=(
            ph_positive(refs(55), _PONATINIB),
            relapsed_or_refractory(refs(55), REVIEW_PH_POSITIVE),
            adult(_PONATINIB),
            Any(
                id="t315i_or_second_generation_failure",
                text="T315I found; or a second-generation TKI (EU: dasatinib) failed and no"
                " other TKI is indicated",
                citations=cite(REVIEW_PH_POSITIVE, refs(55), _PONATINIB),
                parts=(
                    flag(
                        "t315i",
                        "BCR-ABL1 T315I mutation found",
                        REVIEW_PH_POSITIVE,
                        _PONATINIB,
                    ),
                    All(
                        id="after_second_generation_failure",
                        text="US: a second-generation TKI failed and no other TKI is indicated",
                        citations=cite(refs(55), _PONATINIB_US),
                        parts=(
                            in_jurisdiction(Jurisdiction.US, _PONATINIB_US),
                            flag(
                                "second_generation_tki_failure",
                                "dasatinib, nilotinib or bosutinib failed (resistance or"
                                " intolerance)",
                                refs(55),
                            ),
                            flag(
                                "no_other_tki_indicated",
                                "the treating team judges that no other TKI is indicated",
                                _PONATINIB_US,
                            ),
                        ),
                    ),
                    All(
                        id="eu_after_dasatinib_failure",
                        text="EU: dasatinib failed and no other TKI is indicated",
                        citations=cite(_PONATINIB_EU),
                        parts=(
                            in_jurisdiction(Jurisdiction.EU, _PONATINIB_EU),
                            flag(
                                "dasatinib_failure",
                                "dasatinib failed (resistance or intolerance)",
                                _PONATINIB_EU,
                            ),
                            flag(
                                "no_other_tki_indicated",
                                "the treating team judges that no other TKI is indicated"
                                " (for intolerance: imatinib not appropriate)",
                                _PONATINIB_EU,
                                id="eu_no_other_tki_indicated",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Labels word the second branch differently: the US label (to 2023) covers T315I or"
        " 'no other TKI therapy indicated' [label-us-iclusig]; the EU authorisation, as a"
        " NICE appraisal summarises it (secondary source), covers T315I, resistance to"
        " dasatinib, or intolerance of dasatinib when imatinib is not appropriate"
        " [label-eu-iclusig]. Besides T315I, the criterion asks in the US for the review's"
        " failure of a second-generation TKI, in the EU for the failure of dasatinib"
        " itself, and in both for the treating team's recorded judgement that no other TKI"
        " is indicated (in the EU it carries 'imatinib not appropriate'; it is asked for"
        " resistance too, which is stricter than the authorisation and can only make the"
        " result unknown or not eligible, never eligible) [decision-11].",
        "Only relapsed or refractory disease is screened (the review's scope); label use"
        " for intolerance while in remission is not covered.",
        "Adults only (the labels are for adults) [label-us-iclusig] [label-eu-iclusig]."
        " Cardiovascular and thrombotic risk are warnings to weigh, not exclusions in the"
        " labels read.",
        "The 2024 US indication for newly diagnosed disease belongs to a later ruleset"
        " [decision-1].",
    ),
)

SECOND_GENERATION_TKI = therapy(
    id="second_generation_tki",
    name="Second-generation TKI (dasatinib, nilotinib or bosutinib)",
    citations=(
        refs(53, 54),
        REVIEW_PH_POSITIVE,
        _DASATINIB,
        "label-us-sprycel-dosage",
        "label-eu-tasigna",
        "label-us-bosulif",
    ),
    criteria=All(
        id="second_generation_tki",
        text="a second-generation TKI after an earlier TKI failed, without T315I",
        citations=cite(refs(53, 54), REVIEW_PH_POSITIVE),
        parts=(
            ph_positive(refs(53, 54), REVIEW_PH_POSITIVE),
            relapsed_or_refractory(refs(53, 54), REVIEW_PH_POSITIVE),
            adult(_DASATINIB),
            Any(
                id="prior_tki_failed",
                text="an earlier TKI was not tolerated or did not control the disease, or the"
                " disease relapsed after TKI-containing therapy",
                citations=cite(REVIEW_PH_POSITIVE, refs(53, 54), _DASATINIB),
                parts=(
                    flag(
                        "tki_intolerance",
                        "an earlier TKI was stopped for intolerance",
                        REVIEW_PH_POSITIVE,
                        refs(53, 54),
                    ),
                    flag(
                        "tki_resistance",
                        "the disease resisted or relapsed on an earlier TKI",
                        REVIEW_PH_POSITIVE,
                        refs(53, 54),
                    ),
                    flag(
                        "relapsed_after_tki",
                        "relapsed after a TKI-containing programme, on or off the TKI"
                        " (failure of prior therapy)",
                        _DASATINIB,
                    ),
                ),
            ),
            not_(
                flag("t315i", "BCR-ABL1 T315I mutation found", REVIEW_PH_POSITIVE),
                "no BCR-ABL1 T315I mutation (only ponatinib is active against it)",
                REVIEW_PH_POSITIVE,
                id="no_t315i",
            ),
        ),
    ),
    notes=(
        "Without a mutation result the option is unknown (T315I cannot be ruled out).",
        "Mutation-specific choices among the second-generation TKIs (which mutation argues"
        " against which drug) are listed by no source in the references; they choose the"
        " drug and exclude no patient from the class. Only T315I excludes the class"
        " [review-philadelphia-chromosome-positive-all].",
        "A relapse after a completed TKI-containing programme counts as failure of prior"
        " therapy (the dasatinib label's 'resistance or intolerance to prior therapy')"
        " [label-us-sprycel].",
        "Labels: only dasatinib is labelled in ALL (adults with resistance or intolerance"
        " to prior therapy, 140 mg once daily) [label-us-sprycel] [label-us-sprycel-dosage];"
        " nilotinib and bosutinib have no ALL indication [label-eu-tasigna]"
        " [label-us-bosulif]. The criterion follows the review, which names all three, and"
        " asks for failure of an earlier TKI as the review describes.",
        "Adults only: the dasatinib label for this use is for adults [label-us-sprycel].",
    ),
)
