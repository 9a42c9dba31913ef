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
    flag,
    not_,
    ph_positive,
    ref_a,
    relapsed_or_refractory,
    review,
    therapy,
)
from allmodel.criteria import All, Any, Known

__all__ = ["PONATINIB", "SECOND_GENERATION_TKI", "TKI_BASED_THERAPY"]

_B7 = ref_a("B.7", "Ph-positive ALL TKI labels")

TKI_BASED_THERAPY = therapy(
    id="tki_based_therapy",
    name="TKI-based therapy for Ph-positive ALL",
    citations=(review(53, 54, 55, 56), REVIEW_PH_POSITIVE, REVIEW_SUMMARY, _B7),
    criteria=All(
        id="tki_based_therapy",
        text="a TKI, usually with chemotherapy, for relapsed or refractory Ph-positive ALL",
        citations=(REVIEW_PH_POSITIVE, REVIEW_SUMMARY),
        parts=(
            ph_positive(review(53, 54, 55, 56), REVIEW_PH_POSITIVE),
            relapsed_or_refractory(review(56), REVIEW_PH_POSITIVE),
            Known(
                id="mutation_analysis",
                text="a current BCR-ABL1 kinase-domain mutation result (since the latest"
                " relapse and TKI failure), to choose the TKI",
                fact="t315i",
                citations=(REVIEW_PH_POSITIVE, REVIEW_SUMMARY, _B7 + ": review facts"),
            ),
        ),
    ),
    notes=(
        "Which TKI is for the ponatinib and second_generation_tki options; the choice"
        " also weighs comorbidities and toxicity (the review's table 1), which choose"
        " between TKIs and exclude no patient from TKI-based therapy.",
        "Without a current mutation result the option is unknown and names the"
        " kinase-domain analysis: the review asks for it in every Ph-positive relapse, and"
        " an analysis from before the latest relapse or TKI failure must be repeated.",
        "Labels differ by drug (REFERENCE-A B.7): imatinib is labelled for adults with"
        " relapsed or refractory Ph-positive ALL; this option encodes the review's class"
        " recommendation and checks no single label.",
        "The plan to proceed to allogeneic HCT as soon as remission is reached is the"
        " allogeneic_hct option's and the pathway's.",
    ),
)

PONATINIB = therapy(
    id="ponatinib",
    name="Ponatinib",
    citations=(review(55), REVIEW_PH_POSITIVE, _B7),
    criteria=All(
        id="ponatinib",
        text="ponatinib for Ph-positive ALL with T315I or after a second-generation TKI failed",
        citations=(review(55), REVIEW_PH_POSITIVE),
        parts=(
            ph_positive(review(55), _B7),
            relapsed_or_refractory(review(55), REVIEW_PH_POSITIVE),
            adult(_B7 + ": adults (US and EU labels)"),
            Any(
                id="t315i_or_second_generation_failure",
                text="T315I found, or a second-generation TKI failed and no other TKI is indicated",
                citations=(REVIEW_PH_POSITIVE, review(55), _B7),
                parts=(
                    flag(
                        "t315i",
                        "BCR-ABL1 T315I mutation found",
                        REVIEW_PH_POSITIVE,
                        _B7 + ": US label, T315I-positive",
                    ),
                    All(
                        id="after_second_generation_failure",
                        text="a second-generation TKI failed and no other TKI is indicated",
                        citations=(review(55), _B7),
                        parts=(
                            flag(
                                "second_generation_tki_failure",
                                "dasatinib, nilotinib or bosutinib failed (resistance or"
                                " intolerance)",
                                review(55),
                                _B7 + ": EU (NICE TA451), after dasatinib",
                            ),
                            flag(
                                "no_other_tki_indicated",
                                "the treating team judges that no other TKI is indicated",
                                _B7 + ": US label, 'no other TKI therapy indicated'; EU,"
                                " imatinib not appropriate after dasatinib",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Labels word the second branch differently (REFERENCE-A B.7): the US label (to"
        " 2023) covers T315I or 'no other TKI indicated'; the EU authorisation (secondary"
        " source) covers T315I, resistance to dasatinib, or intolerance of dasatinib when"
        " imatinib is not appropriate. The criterion asks, in both jurisdictions, for the"
        " review's failure of a second-generation TKI and the treating team's recorded"
        " judgement that no other TKI is indicated (no fact tells which TKI failed, so the"
        " EU dasatinib wording is carried by that judgement).",
        "Only relapsed or refractory disease is screened (the review's scope); label use"
        " for intolerance while in remission is not covered.",
        "Adults only (the labels are for adults). Cardiovascular and thrombotic risk are"
        " warnings to weigh, not exclusions in the labels read.",
        "The 2024 US indication for newly diagnosed disease (REFERENCE-A E.4) belongs to"
        " a later ruleset.",
    ),
)

SECOND_GENERATION_TKI = therapy(
    id="second_generation_tki",
    name="Second-generation TKI (dasatinib, nilotinib or bosutinib)",
    citations=(review(53, 54), REVIEW_PH_POSITIVE, _B7),
    criteria=All(
        id="second_generation_tki",
        text="a second-generation TKI after an earlier TKI failed, without T315I",
        citations=(review(53, 54), REVIEW_PH_POSITIVE),
        parts=(
            ph_positive(review(53, 54), REVIEW_PH_POSITIVE),
            relapsed_or_refractory(review(53, 54), REVIEW_PH_POSITIVE),
            adult(_B7 + ": dasatinib, adults with resistance or intolerance to prior therapy"),
            Any(
                id="prior_tki_failed",
                text="an earlier TKI was not tolerated or did not control the disease, or the"
                " disease relapsed after TKI-containing therapy",
                citations=(REVIEW_PH_POSITIVE, review(53, 54), _B7),
                parts=(
                    flag(
                        "tki_intolerance",
                        "an earlier TKI was stopped for intolerance",
                        REVIEW_PH_POSITIVE,
                        review(53, 54),
                    ),
                    flag(
                        "tki_resistance",
                        "the disease resisted or relapsed on an earlier TKI",
                        REVIEW_PH_POSITIVE,
                        review(53, 54),
                    ),
                    flag(
                        "relapsed_after_tki",
                        "relapsed after a TKI-containing programme, on or off the TKI"
                        " (failure of prior therapy)",
                        _B7 + ": 'resistance or intolerance to prior therapy'",
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
        " drug and exclude no patient from the class. Only T315I excludes the class (review).",
        "A relapse after a completed TKI-containing programme counts as failure of prior"
        " therapy (the dasatinib label's 'resistance or intolerance to prior therapy').",
        "Labels (REFERENCE-A B.7): only dasatinib is labelled in ALL (adults with"
        " resistance or intolerance to prior therapy, 140 mg once daily); nilotinib and"
        " bosutinib have no ALL indication. The criterion follows the review, which names"
        " all three, and asks for failure of an earlier TKI as the review describes.",
        "Adults only: the dasatinib label for this use is for adults.",
    ),
)
