"""The review's prognostic scores and descriptive prognostic factors.

* :func:`pretransplant_score`: the score of review ref 62 (Duval) for patients not in CR
  at myeloablative HCT, 0-6 points in three 3-year survival bands.
* :func:`second_salvage_factors`: the four adverse factors of review ref 75 (O'Brien)
  before a second salvage, in four 1-year survival bands.
* :func:`prognostic_factors`: where a patient stands on the factors the review reports
  from refs 5 (Fielding) and 71 (Gökbuget).

Both scores take explicit inputs (:class:`PretransplantInputs`,
:class:`SecondSalvageInputs`) or a :class:`~allmodel.model.Patient` and a date, and
return a :class:`ScoreResult`. A score with unknown components is reported as the range
of totals still possible, never as a number, with a band only when the whole range falls
in one. Thresholds are module constants that name their source and operator; where the
sources disagree the review's operators are used (decision-5 and decision-6).
Nothing here reads the clock or prints.
"""

from allmodel.clinical.scores._factors import (
    REF5_AGE_OLD_ABOVE_YEARS,
    REF5_AGE_YOUNG_BELOW_YEARS,
    REF5_CITATION,
    REF5_CR1_SPLIT_MONTHS,
    REF71_AGE_OLD_ABOVE_YEARS,
    REF71_AGE_YOUNG_AT_MOST_YEARS,
    REF71_CITATION,
    REF71_EARLY_RELAPSE_BELOW_MONTHS,
    PrognosticFactor,
    prognostic_factors,
)
from allmodel.clinical.scores._pretransplant import (
    PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS,
    PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS,
    PRETRANSPLANT_BANDS,
    PRETRANSPLANT_BLASTS_ABOVE_PERCENT,
    PRETRANSPLANT_CITATION,
    PRETRANSPLANT_DONOR_CMV_POSITIVE_POINTS,
    PRETRANSPLANT_TIMING_POINTS,
    PretransplantInputs,
    RelapseTiming,
    pretransplant_score,
)
from allmodel.clinical.scores._result import ScoreBand, ScoreComponent, ScoreResult
from allmodel.clinical.scores._second_salvage import (
    SECOND_SALVAGE_ALBUMIN_BELOW,
    SECOND_SALVAGE_BANDS,
    SECOND_SALVAGE_BLASTS_ABOVE_PERCENT,
    SECOND_SALVAGE_CITATION,
    SECOND_SALVAGE_CR1_BELOW_MONTHS,
    SECOND_SALVAGE_PLATELETS_BELOW,
    SecondSalvageInputs,
    second_salvage_factors,
)

__all__ = [
    "PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS",
    "PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS",
    "PRETRANSPLANT_BANDS",
    "PRETRANSPLANT_BLASTS_ABOVE_PERCENT",
    "PRETRANSPLANT_CITATION",
    "PRETRANSPLANT_DONOR_CMV_POSITIVE_POINTS",
    "PRETRANSPLANT_TIMING_POINTS",
    "REF5_AGE_OLD_ABOVE_YEARS",
    "REF5_AGE_YOUNG_BELOW_YEARS",
    "REF5_CITATION",
    "REF5_CR1_SPLIT_MONTHS",
    "REF71_AGE_OLD_ABOVE_YEARS",
    "REF71_AGE_YOUNG_AT_MOST_YEARS",
    "REF71_CITATION",
    "REF71_EARLY_RELAPSE_BELOW_MONTHS",
    "SECOND_SALVAGE_ALBUMIN_BELOW",
    "SECOND_SALVAGE_BANDS",
    "SECOND_SALVAGE_BLASTS_ABOVE_PERCENT",
    "SECOND_SALVAGE_CITATION",
    "SECOND_SALVAGE_CR1_BELOW_MONTHS",
    "SECOND_SALVAGE_PLATELETS_BELOW",
    "PretransplantInputs",
    "PrognosticFactor",
    "RelapseTiming",
    "ScoreBand",
    "ScoreComponent",
    "ScoreResult",
    "SecondSalvageInputs",
    "pretransplant_score",
    "prognostic_factors",
    "second_salvage_factors",
]

#: The docstrings ``doctest.testmod(allmodel.clinical.scores)`` runs: the implementation lives in
#: private modules, which ``testmod`` would otherwise skip.
__test__ = {
    "pretransplant_score": pretransplant_score,
    "second_salvage_factors": second_salvage_factors,
}
