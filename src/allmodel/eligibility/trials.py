"""Entry criteria of the review's trial archetypes (REFERENCE-B), as would-have-been-eligible rules.

Each archetype answers "would this patient have met the trial's entry criteria"
(clinical reference decision 9): confirmed criteria of REFERENCE-B are encoded with their
sources; a criterion known only from the review cites the review; unconfirmed exclusions
are left out and listed in the option's notes.
"""

from __future__ import annotations

from allmodel.eligibility.common import adult, b_precursor, not_, ph_negative, review
from allmodel.eligibility.logic import All, Any, Is, IsIn, Op, Threshold
from allmodel.eligibility.options import Option, OptionKind

__all__ = ["TRIALS"]

_TOWER = "REFERENCE-B 1 (NCT02013167: Mayo Clinic and CRUK listings)"

TOWER = Option(
    id="tower",
    kind=OptionKind.TRIAL,
    name="TOWER: blinatumomab vs chemotherapy, Ph-negative R/R B-ALL",
    citations=(review(7), _TOWER),
    registry_ids=("NCT02013167",),
    criteria=All(
        id="tower",
        text="TOWER entry criteria",
        parts=(
            adult(_TOWER),
            b_precursor(_TOWER),
            ph_negative(_TOWER),
            Any(
                id="disease_state",
                text="refractory, untreated first relapse with CR1 < 12 months, untreated second"
                " or later relapse, or relapse after allogeneic HSCT",
                citations=(_TOWER,),
                parts=(
                    Is(
                        id="primary_refractory",
                        text="refractory to primary induction",
                        fact="primary_refractory",
                        citations=(_TOWER,),
                    ),
                    Is(
                        id="refractory_to_salvage",
                        text="refractory to salvage therapy",
                        fact="refractory_to_salvage",
                        citations=(_TOWER,),
                    ),
                    All(
                        id="early_untreated_first_relapse",
                        text="untreated first relapse with first remission under 12 months",
                        parts=(
                            IsIn(
                                id="first_relapse",
                                text="in first relapse",
                                fact="phase",
                                values=("first_relapse",),
                                citations=(_TOWER,),
                            ),
                            Is(
                                id="untreated",
                                text="relapse not yet treated",
                                fact="untreated_relapse",
                                citations=(_TOWER,),
                            ),
                            Threshold(
                                id="cr1_under_12_months",
                                text="first remission < 12 months",
                                fact="cr1_months",
                                op=Op.LT,
                                value=12,
                                unit="months",
                                citations=(_TOWER,),
                            ),
                        ),
                    ),
                    All(
                        id="untreated_later_relapse",
                        text="untreated second or later relapse",
                        parts=(
                            IsIn(
                                id="later_relapse",
                                text="in second or later relapse",
                                fact="phase",
                                values=("second_or_later_relapse",),
                                citations=(_TOWER,),
                            ),
                            Is(
                                id="later_untreated",
                                text="relapse not yet treated",
                                fact="untreated_relapse",
                                citations=(_TOWER,),
                            ),
                        ),
                    ),
                    IsIn(
                        id="relapse_after_hct",
                        text="relapse at any time after allogeneic HSCT",
                        fact="phase",
                        values=("relapse_after_allogeneic_hct",),
                        citations=(_TOWER,),
                    ),
                ),
            ),
            Is(
                id="prior_intensive_chemotherapy",
                text="had intensive combination chemotherapy",
                fact="prior_intensive_chemotherapy",
                citations=(_TOWER,),
            ),
            Threshold(
                id="marrow_blasts",
                text="marrow blasts > 5 %",
                fact="marrow_blasts_percent",
                op=Op.GT,
                value=5,
                unit="%",
                citations=(_TOWER,),
            ),
            Threshold(
                id="ecog", text="ECOG 0-2", fact="ecog", op=Op.LE, value=2, citations=(_TOWER,)
            ),
            not_(
                Is(
                    id="cns_involved",
                    text="CNS involvement",
                    fact="cns_involved",
                    citations=(_TOWER,),
                ),
                "no CNS involvement",
                _TOWER + " (CRUK lay listing; partially confirmed)",
            ),
        ),
    ),
    notes=(
        "The CNS exclusion is read from a lay listing that is cut off; whether it means"
        " active CNS disease is unconfirmed (REFERENCE-B 1).",
        "Not encoded (unconfirmed): isolated extramedullary disease, Burkitt, time since HSCT,"
        " GVHD, prior anti-CD19 therapy, organ function thresholds.",
        "CD19 expression was not an entry criterion in the sources read.",
    ),
)

TRIALS: tuple[Option, ...] = (TOWER,)
