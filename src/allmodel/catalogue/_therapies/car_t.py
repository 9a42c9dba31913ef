"""CD19 CAR T-cell products: tisagenlecleucel and brexucabtagene autoleucel.

Clinical conditions follow the review; who each product is approved for follows the US or
EU label in force on 2022-12-31 (decision-1). Both products target
CD19 and are given only at certified centres (REMS in the US): a current CD19-positive
result and the centre's certification are recorded facts, unknown until recorded.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    CD19_ESCAPE,
    EU,
    MARROW_DISEASE_TRIALS,
    REVIEW_CAR_T,
    REVIEW_SUMMARY,
    US,
    adult,
    age_at_least,
    age_at_most,
    b_precursor,
    cd19_positive,
    certified_car_t_centre,
    cite,
    decision,
    in_jurisdiction,
    refractory,
    refs,
    relapse_after_allogeneic_hct,
    relapsed_or_refractory,
    second_or_later_relapse,
    systemic_disease,
    therapy,
)
from allmodel.criteria import All, Any

__all__ = ["BREXUCABTAGENE_AUTOLEUCEL", "TISAGENLECLEUCEL"]

#: The tisagenlecleucel labels in force on 2022-12-31: the US label (up to 25 years,
#: refractory or second or later relapse; REMS at certified sites) and the EU SmPC (adds
#: relapse after transplant).
_B3_US = "label-us-kymriah"
_B3_EU = "label-eu-kymriah"
_B3 = (_B3_US, _B3_EU)
#: Where the review and the EU label differ: the review's CAR-T section states the US
#: label only; the EU SmPC adds relapse after transplant (decision-1).
_B3_EU_DIFFERS = (REVIEW_CAR_T, _B3_EU, decision(1))
#: The brexucabtagene autoleucel labels in force on 2022-12-31: the US label (adults,
#: 2021; REMS) and the EU SmPC (aged 26 and over, September 2022).
_B4_US = "label-us-tecartus"
_B4_EU = "label-eu-tecartus"
_B4 = (_B4_US, _B4_EU)
#: Where the review and the EU label differ: the review mentions only the FDA approval.
_B4_EU_DIFFERS = (REVIEW_CAR_T, _B4_EU, decision(1))

TISAGENLECLEUCEL = therapy(
    id="tisagenlecleucel",
    name="Tisagenlecleucel (CD19 CAR T cells)",
    citations=(refs(11, 35), REVIEW_CAR_T, _B3, decision(1)),
    criteria=All(
        id="tisagenlecleucel",
        text="tisagenlecleucel for young patients with refractory or multiply relapsed B-ALL",
        citations=cite(refs(11), REVIEW_SUMMARY),
        parts=(
            b_precursor(refs(11), _B3),
            age_at_most(25, refs(11), _B3, id="age_limit"),
            systemic_disease(refs(11, 57), MARROW_DISEASE_TRIALS),
            cd19_positive(refs(11), CD19_ESCAPE),
            certified_car_t_centre(refs(11), "label-us-kymriah-rems"),
            Any(
                id="disease_state",
                text="refractory, in second or later relapse, or (EU) relapsed after transplant",
                citations=cite(refs(11), _B3),
                parts=(
                    refractory(refs(11), _B3),
                    second_or_later_relapse(refs(11), _B3),
                    All(
                        id="eu_relapse_after_transplant",
                        text="EU label: in relapse after allogeneic transplant",
                        citations=_B3_EU_DIFFERS,
                        parts=(
                            in_jurisdiction(EU, _B3_EU),
                            relapse_after_allogeneic_hct(_B3_EU, id="relapse_after_hct"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Review and label differ: the review states the US label only [review-car-t]; the"
        " EU label adds relapse after transplant [label-eu-kymriah], which the criterion"
        " applies with jurisdiction EU [decision-1].",
        "Treatment at a certified centre (REMS in the US, tocilizumab on site)"
        " [review-ref-11] [label-us-kymriah-rems] is a recorded fact"
        " (certified_car_t_centre): unknown until recorded [decision-11].",
        "A current CD19-positive result is required: the product targets CD19, blasts can"
        " lose it at relapse or under CD19-directed therapy [review-car-t]"
        " [review-selection-of-therapy], so CD19-negative disease is not eligible and an"
        " untested or stale result is unknown [decision-10].",
        "An isolated extramedullary relapse is not eligible: ELIANA excluded it, and it is"
        " treated locally first [review-central-nervous-system-involvement].",
        "Refractory includes a relapse in which the latest salvage line failed.",
    ),
)

BREXUCABTAGENE_AUTOLEUCEL = therapy(
    id="brexucabtagene_autoleucel",
    name="Brexucabtagene autoleucel (CD19 CAR T cells)",
    citations=(refs(34, 36, 37), REVIEW_CAR_T, _B4, decision(1)),
    criteria=All(
        id="brexucabtagene_autoleucel",
        text="brexucabtagene autoleucel for relapsed or refractory B-precursor ALL",
        citations=refs(34, 36),
        parts=(
            b_precursor(refs(34, 36), _B4),
            relapsed_or_refractory(refs(34, 36), _B4),
            systemic_disease(refs(36, 57), MARROW_DISEASE_TRIALS),
            cd19_positive(refs(34, 36), CD19_ESCAPE),
            certified_car_t_centre(refs(34), _B4_US),
            Any(
                id="label_population",
                text="age within the label in force in the jurisdiction",
                citations=cite(_B4, decision(1)),
                parts=(
                    All(
                        id="us_label",
                        text="US label: adults",
                        citations=cite(refs(34), _B4_US),
                        parts=(
                            in_jurisdiction(US, _B4_US),
                            adult(refs(34), _B4_US, id="us_adult"),
                        ),
                    ),
                    All(
                        id="eu_label",
                        text="EU label: aged 26 or over",
                        citations=_B4_EU_DIFFERS,
                        parts=(
                            in_jurisdiction(EU, _B4_EU),
                            age_at_least(26, _B4_EU_DIFFERS, id="eu_aged_26_or_over"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Review and label differ: the review mentions only the FDA approval for adults"
        " [review-car-t]; the EU label (September 2022) is for ages 26 and over"
        " [label-eu-tecartus]. The criterion follows the label of the jurisdiction"
        " [decision-1].",
        "Treatment through the REMS programme at a certified centre [review-ref-34]"
        " [label-us-tecartus] is a recorded fact (certified_car_t_centre): unknown until"
        " recorded [decision-11].",
        "A current CD19-positive result is required: the product targets CD19 and blasts can"
        " lose it [review-car-t] [review-selection-of-therapy]; CD19-negative disease is not"
        " eligible.",
        "An isolated extramedullary relapse is not eligible: it is treated locally first,"
        " and ZUMA-3 enrolled marrow disease (marrow blasts > 5 %) [nct02614066].",
    ),
)
