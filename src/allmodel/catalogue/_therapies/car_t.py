"""CD19 CAR T-cell products: tisagenlecleucel and brexucabtagene autoleucel.

Clinical conditions follow the review; who each product is approved for follows the US or
EU label in force on 2022-12-31 (clinical reference decision 1). Both products target
CD19 and are given only at certified centres (REMS in the US): a current CD19-positive
result and the centre's certification are recorded facts, unknown until recorded.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    CD19_ESCAPE,
    EU,
    MARROW_DISEASE_TRIALS,
    REVIEW_SUMMARY,
    US,
    adult,
    age_at_least,
    age_at_most,
    b_precursor,
    cd19_positive,
    certified_car_t_centre,
    decision,
    in_jurisdiction,
    ref_a,
    refractory,
    relapse_after_allogeneic_hct,
    relapsed_or_refractory,
    review,
    second_or_later_relapse,
    systemic_disease,
    therapy,
)
from allmodel.criteria import All, Any

__all__ = ["BREXUCABTAGENE_AUTOLEUCEL", "TISAGENLECLEUCEL"]

_B3 = ref_a("B.3", "tisagenlecleucel labels")
_B4 = ref_a("B.4", "brexucabtagene autoleucel labels")

TISAGENLECLEUCEL = therapy(
    id="tisagenlecleucel",
    name="Tisagenlecleucel (CD19 CAR T cells)",
    citations=(review(11, 35), _B3, ref_a("E.5"), decision(1)),
    criteria=All(
        id="tisagenlecleucel",
        text="tisagenlecleucel for young patients with refractory or multiply relapsed B-ALL",
        citations=(review(11), REVIEW_SUMMARY),
        parts=(
            b_precursor(review(11), _B3),
            age_at_most(25, review(11), _B3 + ": up to 25 years", id="age_limit"),
            systemic_disease(review(11, 57), MARROW_DISEASE_TRIALS),
            cd19_positive(review(11), CD19_ESCAPE),
            certified_car_t_centre(review(11), _B3 + ": REMS, certified sites"),
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
        "Treatment at a certified centre (REMS in the US, tocilizumab on site; review"
        " ref 11) is a recorded fact (certified_car_t_centre): unknown until recorded.",
        "A current CD19-positive result is required: the product targets CD19, blasts can"
        " lose it at relapse or under CD19-directed therapy (review refs 7-13), so"
        " CD19-negative disease is not eligible and an untested or stale result is unknown.",
        "An isolated extramedullary relapse is not eligible: ELIANA excluded it, and it is"
        " treated locally first.",
        "Refractory includes a relapse in which the latest salvage line failed.",
    ),
)

BREXUCABTAGENE_AUTOLEUCEL = therapy(
    id="brexucabtagene_autoleucel",
    name="Brexucabtagene autoleucel (CD19 CAR T cells)",
    citations=(review(34, 36, 37), _B4, ref_a("E.6"), decision(1)),
    criteria=All(
        id="brexucabtagene_autoleucel",
        text="brexucabtagene autoleucel for relapsed or refractory B-precursor ALL",
        citations=(review(34, 36),),
        parts=(
            b_precursor(review(34, 36), _B4),
            relapsed_or_refractory(review(34, 36), _B4),
            systemic_disease(review(36, 57), MARROW_DISEASE_TRIALS),
            cd19_positive(review(34, 36), CD19_ESCAPE),
            certified_car_t_centre(review(34), _B4 + ": REMS"),
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
        "Treatment through the REMS programme at a certified centre (review ref 34) is a"
        " recorded fact (certified_car_t_centre): unknown until recorded.",
        "A current CD19-positive result is required: the product targets CD19 and blasts can"
        " lose it (review refs 7-13); CD19-negative disease is not eligible.",
        "An isolated extramedullary relapse is not eligible: it is treated locally first,"
        " and ZUMA-3 enrolled marrow disease (marrow blasts > 5 %).",
    ),
)
