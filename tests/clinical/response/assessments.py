"""The disease-free assessment, its variants and short names shared by the response tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from allmodel.clinical.response import (
    BLINATUMOMAB_TRIALS,
    CIBMTR_2010,
    ResponseAssessment,
    ResponseCategory,
    ResponseCriteria,
    classify_response,
)
from allmodel.measures import CountConcentration

CR = ResponseCategory.CR
CRH = ResponseCategory.CRH
CRI = ResponseCategory.CRI
NO_RESPONSE = ResponseCategory.NO_RESPONSE
RELAPSE = ResponseCategory.RELAPSE
PD = ResponseCategory.PROGRESSIVE_DISEASE
UNCLASSIFIED = ResponseCategory.UNCLASSIFIED
UNKNOWN = ResponseCategory.UNKNOWN

DAY = date(2024, 3, 1)
EARLIER = date(2024, 2, 1)
BLIN = BLINATUMOMAB_TRIALS
CIBMTR = CIBMTR_2010


def g(value: float) -> CountConcentration:
    """A count in 10^9/L."""
    return CountConcentration(value, "10^9/L")


#: A disease-free assessment with full count recovery in both sets.
FULL = ResponseAssessment(
    date=DAY,
    marrow_blasts_percent=2.0,
    blood_blasts_percent=0.0,
    wbc=g(4.0),
    extramedullary_disease=False,
    anc=g(2.0),
    platelets=g(150.0),
    marrow_cellularity_percent=50.0,
)


def assessment(**changes: Any) -> ResponseAssessment:
    """FULL with some fields changed."""
    return attrs.evolve(FULL, **changes)


def category(
    criteria: ResponseCriteria = BLIN,
    in_remission: bool | None = False,
    previous: ResponseAssessment | None = None,
    **changes: Any,
) -> ResponseCategory:
    """The category of FULL with ``changes`` under ``criteria``."""
    result = classify_response(
        assessment(**changes), criteria=criteria, in_remission=in_remission, previous=previous
    )
    return result.category
