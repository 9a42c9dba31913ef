"""A CD19 or CD22 result with a share of blasts and no call: the share decides the call
where the model refuses the other one (more than 50 %: a negative call is refused; 0 %: a
positive call is refused), else it stays unknown (second clinical audit)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from allmodel import derive_facts
from allmodel.model import Marker, MarkerResult
from allmodel.model._disease import NEGATIVE_CALL_AT_MOST
from tests.builders import AS_OF, adult_in_relapse, with_disease

DAY = AS_OF - timedelta(days=2)


@pytest.mark.parametrize(
    ("percent", "call"),
    [
        (0.0, False),
        (0.5, None),
        (20.0, None),
        (NEGATIVE_CALL_AT_MOST, None),
        (NEGATIVE_CALL_AT_MOST + 0.5, True),
        (95.0, True),
    ],
)
@pytest.mark.parametrize("marker", [Marker.CD19, Marker.CD22])
def test_the_share_decides_only_where_the_other_call_is_refused(
    marker: Marker, percent: float, call: bool | None
) -> None:
    result = MarkerResult(marker=marker, date=DAY, percent_positive=percent)
    assert result.call is call
    patient = with_disease(adult_in_relapse(), markers=(result,))
    facts = derive_facts(patient, as_of=AS_OF)
    name = marker.value.lower()
    assert facts[f"{name}_positive"] is call
    assert facts[f"{name}_percent"] == percent


@pytest.mark.parametrize(("percent", "positive"), [(30.0, False), (30.0, True), (None, True)])
def test_a_recorded_call_decides(percent: float | None, positive: bool) -> None:
    result = MarkerResult(marker=Marker.CD19, date=DAY, percent_positive=percent, positive=positive)
    assert result.call is positive
