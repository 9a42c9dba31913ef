"""BCR-ABL1 tyrosine kinase inhibitors for relapsed or refractory Ph-positive ALL.

The review's rules: every Ph-positive relapse needs a kinase-domain mutation analysis; the
TKI is chosen by earlier exposure and mutations; second-generation TKIs serve intolerance
and many resistant cases; only ponatinib is substantially active against T315I.
"""

from __future__ import annotations

from allmodel.eligibility.common import not_, ph_positive, relapsed_or_refractory, review
from allmodel.eligibility.logic import All, Any, Is, Known
from allmodel.eligibility.options import Option, OptionKind
from allmodel.eligibility.therapies._shared import REVIEW_PH_POSITIVE, REVIEW_SUMMARY, ref_a

__all__ = ["PONATINIB", "SECOND_GENERATION_TKI", "TKI_BASED_THERAPY"]

_B7 = ref_a("B.7", "Ph-positive ALL TKI labels")

TKI_BASED_THERAPY = Option(
    id="tki_based_therapy",
    kind=OptionKind.THERAPY,
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
                text="a BCR-ABL1 kinase-domain mutation result, to choose the TKI",
                fact="t315i",
                citations=(REVIEW_PH_POSITIVE, REVIEW_SUMMARY, _B7 + ": review facts"),
            ),
        ),
    ),
    notes=(
        "Which TKI is for the ponatinib and second_generation_tki options; the choice"
        " also weighs comorbidities and toxicity (the review's table 1), which are not"
        " encoded.",
        "Without a mutation result the option is unknown and names the kinase-domain"
        " analysis: the review asks for it in every Ph-positive relapse.",
        "Labels differ by drug (REFERENCE-A B.7): imatinib is labelled for adults with"
        " relapsed or refractory Ph-positive ALL; this option encodes the review's class"
        " recommendation and checks no single label.",
        "Not encoded: the plan to proceed to allogeneic HCT as soon as remission is"
        " reached (see allogeneic_hct).",
    ),
)

PONATINIB = Option(
    id="ponatinib",
    kind=OptionKind.THERAPY,
    name="Ponatinib",
    citations=(review(55), REVIEW_PH_POSITIVE, _B7),
    criteria=All(
        id="ponatinib",
        text="ponatinib for Ph-positive ALL with T315I or after a second-generation TKI failed",
        citations=(review(55), REVIEW_PH_POSITIVE),
        parts=(
            ph_positive(review(55), _B7),
            relapsed_or_refractory(review(55), REVIEW_PH_POSITIVE),
            Any(
                id="t315i_or_second_generation_failure",
                text="T315I found, or a second-generation TKI failed",
                citations=(REVIEW_PH_POSITIVE, review(55), _B7),
                parts=(
                    Is(
                        id="t315i",
                        text="BCR-ABL1 T315I mutation found",
                        fact="t315i",
                        citations=(REVIEW_PH_POSITIVE, _B7 + ": US label, T315I-positive"),
                    ),
                    Is(
                        id="second_generation_tki_failure",
                        text="dasatinib, nilotinib or bosutinib failed (resistance or intolerance)",
                        fact="second_generation_tki_failure",
                        citations=(review(55), _B7 + ": EU (NICE TA451), after dasatinib"),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Labels word the second branch differently (REFERENCE-A B.7): the US label (to"
        " 2023) covers T315I or 'no other TKI indicated'; the EU authorisation (secondary"
        " source) covers T315I, resistance to dasatinib, or intolerance of dasatinib when"
        " imatinib is not appropriate. The criterion follows the review and catalogue"
        " (T315I, or failure of a second-generation TKI) in both jurisdictions: there is"
        " no fact for a failure of dasatinib in particular, and 'no other TKI indicated'"
        " is a judgement.",
        "Only relapsed or refractory disease is screened (the review's scope); label use"
        " for intolerance while in remission is not covered.",
        "Not encoded: age (the labels are for adults; the review covers adults), and"
        " cardiovascular and thrombotic risk.",
        "The 2024 US indication for newly diagnosed disease (REFERENCE-A E.4) belongs to"
        " a later ruleset.",
    ),
)

SECOND_GENERATION_TKI = Option(
    id="second_generation_tki",
    kind=OptionKind.THERAPY,
    name="Second-generation TKI (dasatinib, nilotinib or bosutinib)",
    citations=(review(53, 54), REVIEW_PH_POSITIVE, _B7),
    criteria=All(
        id="second_generation_tki",
        text="a second-generation TKI after an earlier TKI failed, without T315I",
        citations=(review(53, 54), REVIEW_PH_POSITIVE),
        parts=(
            ph_positive(review(53, 54), REVIEW_PH_POSITIVE),
            relapsed_or_refractory(review(53, 54), REVIEW_PH_POSITIVE),
            Any(
                id="prior_tki_failed",
                text="an earlier TKI was not tolerated or did not control the disease",
                citations=(REVIEW_PH_POSITIVE, review(53, 54)),
                parts=(
                    Is(
                        id="tki_intolerance",
                        text="an earlier TKI was stopped for intolerance",
                        fact="tki_intolerance",
                        citations=(REVIEW_PH_POSITIVE, review(53, 54)),
                    ),
                    Is(
                        id="tki_resistance",
                        text="the disease resisted or relapsed on an earlier TKI",
                        fact="tki_resistance",
                        citations=(REVIEW_PH_POSITIVE, review(53, 54)),
                    ),
                ),
            ),
            not_(
                Is(
                    id="t315i",
                    text="BCR-ABL1 T315I mutation found",
                    fact="t315i",
                    citations=(REVIEW_PH_POSITIVE,),
                ),
                "no BCR-ABL1 T315I mutation (only ponatinib is active against it)",
                REVIEW_PH_POSITIVE,
                id="no_t315i",
            ),
        ),
    ),
    notes=(
        "Without a mutation result the option is unknown (T315I cannot be ruled out).",
        "Not encoded: the other mutation-specific exclusions the catalogue mentions (no"
        " source in the clinical reference lists which mutations exclude which drug), and"
        " whether the patient has already failed every second-generation TKI.",
        "Labels (REFERENCE-A B.7): only dasatinib is labelled in ALL (adults with"
        " resistance or intolerance to prior therapy, 140 mg once daily); nilotinib and"
        " bosutinib have no ALL indication. The criterion follows the review, which names"
        " all three, and asks for failure of an earlier TKI as the review describes.",
        "Not encoded: age (the dasatinib label for this use is for adults; the review"
        " covers adults).",
    ),
)
