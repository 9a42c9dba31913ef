"""Criteria for each therapy of the catalogue (review, with US and EU labels as of 2022-12-31).

Each option follows the review for clinical conditions and, for who a drug is approved
for, the label in force on 2022-12-31 in the jurisdiction asked for (clinical reference
decision 1); where the review states a label differently, the criterion follows the label
and says so.
"""

from __future__ import annotations

from allmodel.eligibility.common import (
    adult,
    age_at_most,
    b_precursor,
    cd19_positive,
    in_jurisdiction,
    ph_negative,
    ph_positive,
    relapsed_or_refractory,
    review,
)
from allmodel.eligibility.logic import All, Any, Constant, Is, IsIn, Jurisdiction, Op, Threshold
from allmodel.eligibility.options import Option, OptionKind

__all__ = ["THERAPIES"]

_US, _EU = Jurisdiction.US, Jurisdiction.EU
_REF_A_B1 = "REFERENCE-A B.1 (blinatumomab labels)"

BLINATUMOMAB = Option(
    id="blinatumomab",
    kind=OptionKind.THERAPY,
    name="Blinatumomab (CD19/CD3 bispecific)",
    citations=(review(7, 8, 9, 14, 15, 16, 17, 18, 19, 20, 21), _REF_A_B1),
    criteria=All(
        id="blinatumomab",
        text="blinatumomab for relapsed or refractory B-precursor ALL",
        parts=(
            b_precursor(review(14)),
            relapsed_or_refractory(review(7)),
            cd19_positive(review(7), "review: summary (give only if blasts express CD19)"),
            Any(
                id="label_population",
                text="within the label in force for the jurisdiction",
                parts=(
                    in_jurisdiction(
                        _US, _REF_A_B1 + ": US, Ph-negative and Ph-positive since 2017"
                    ),
                    All(
                        id="eu_label",
                        text="EU label: adults, Ph-negative, or Ph-positive after two or more TKIs",
                        citations=(_REF_A_B1 + ": EU SmPC",),
                        parts=(
                            in_jurisdiction(_EU, _REF_A_B1),
                            adult(_REF_A_B1, id="eu_adult"),
                            Any(
                                id="eu_ph",
                                text="Ph-negative, or Ph-positive after failure of at least 2 TKIs",
                                parts=(
                                    ph_negative(review(7), id="eu_ph_negative"),
                                    All(
                                        id="eu_ph_positive_after_tkis",
                                        text="Ph-positive with at least 2 failed TKIs",
                                        parts=(
                                            ph_positive(_REF_A_B1, id="eu_ph_positive"),
                                            Threshold(
                                                id="eu_two_tkis_failed",
                                                text="at least 2 TKIs failed",
                                                fact="tki_failures",
                                                op=Op.GE,
                                                value=2,
                                                unit="count",
                                                citations=(_REF_A_B1 + ": EU SmPC",),
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
        "The review says the EMA approval covers Ph-negative disease only; the EU label in"
        " force on 2022-12-31 also covers Ph-positive adults after failure of two or more"
        " TKIs with no alternative (REFERENCE-A E.1). The criterion follows the label; 'no"
        " alternative' is a clinical judgement that is not encoded.",
        "EU pediatric indications are not encoded (allmodel is for adults).",
        "A CD19 result older than the latest CD19-directed therapy counts as unknown.",
    ),
)

TISAGENLECLEUCEL = Option(
    id="tisagenlecleucel",
    kind=OptionKind.THERAPY,
    name="Tisagenlecleucel (CD19 CAR T cells)",
    citations=(review(11), "REFERENCE-A B.3 (US and EU labels)", "REFERENCE-A E.5"),
    criteria=All(
        id="tisagenlecleucel",
        text="tisagenlecleucel for young patients with refractory or multiply relapsed B-ALL",
        parts=(
            b_precursor(review(11)),
            age_at_most(25, review(11), "REFERENCE-A B.3: up to 25 years"),
            Any(
                id="disease_state",
                text="refractory, in second or later relapse, or (EU) relapsed after transplant",
                parts=(
                    Is(
                        id="primary_refractory",
                        text="primary refractory",
                        fact="primary_refractory",
                        citations=(review(11),),
                    ),
                    Is(
                        id="refractory_to_salvage",
                        text="refractory to salvage therapy",
                        fact="refractory_to_salvage",
                        citations=(review(11),),
                    ),
                    All(
                        id="second_or_later_relapse",
                        text="in second or later relapse",
                        parts=(
                            relapsed_or_refractory(review(11), id="in_relapse"),
                            Threshold(
                                id="two_relapses",
                                text="at least 2 relapses",
                                fact="relapse_count",
                                op=Op.GE,
                                value=2,
                                unit="count",
                                citations=(review(11),),
                            ),
                        ),
                    ),
                    All(
                        id="eu_relapse_after_transplant",
                        text="EU label: in relapse after transplant",
                        parts=(
                            in_jurisdiction(_EU, "REFERENCE-A B.3: EU SmPC"),
                            IsIn(
                                id="relapse_after_hct",
                                text="in relapse after allogeneic HCT",
                                fact="phase",
                                values=("relapse_after_allogeneic_hct",),
                                citations=("REFERENCE-A B.3: EU SmPC",),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Only at certified centres (REMS in the US) with tocilizumab on site (review ref 11).",
        "The review states the US label; the EU label adds relapse after transplant"
        " (REFERENCE-A E.5), which applies only with jurisdiction EU.",
    ),
)

LIPOSOMAL_VINCRISTINE = Option(
    id="liposomal_vincristine",
    kind=OptionKind.THERAPY,
    name="Liposomal vincristine",
    citations=("review (liposomal vincristine section)", "REFERENCE-A B.8"),
    criteria=All(
        id="liposomal_vincristine",
        text="liposomal vincristine",
        parts=(
            Constant(
                id="available",
                text="available (US approval withdrawn effective 2022-05-02)",
                value=False,
                citations=("review: withdrawn from the market in May 2022", "REFERENCE-A B.8"),
            ),
            ph_negative("REFERENCE-A B.8: label"),
            relapsed_or_refractory("REFERENCE-A B.8: label"),
            Threshold(
                id="two_prior_regimens",
                text="second or greater relapse, or progression after 2 or more therapies",
                fact="prior_regimens",
                op=Op.GE,
                value=2,
                unit="count",
                citations=("REFERENCE-A B.8: label",),
            ),
        ),
    ),
    notes=("Never available in a ruleset dated after the May 2022 withdrawal.",),
)

THERAPIES: tuple[Option, ...] = (BLINATUMOMAB, TISAGENLECLEUCEL, LIPOSOMAL_VINCRISTINE)
