"""Specification of MRD results and the MRD call (web-pmc-hemasphere-mrd-response-table,
pub-vandongen-2015; decision-4)."""

from __future__ import annotations

import math
import warnings
from datetime import date
from typing import Any

import attrs
import pytest

from allmodel.errors import ValidationError
from allmodel.model import (
    BLINATUMOMAB_MRD_AT_OR_ABOVE,
    MRD_NEGATIVE_BELOW,
    InsufficientSensitivityWarning,
    MrdMethod,
    MrdResult,
    MrdStatus,
    Sample,
    latest_mrd,
    mrd_status,
)
from allmodel.model._mrd import MRD_REQUIRED_SENSITIVITY, classify_mrd

DAY = date(2022, 8, 1)
JUST_BELOW_1E4 = math.nextafter(1e-4, 0.0)
JUST_ABOVE_1E4 = math.nextafter(1e-4, 1.0)


def _mrd(level: float, sensitivity: float | None = 1e-5, when: date = DAY) -> MrdResult:
    return MrdResult(
        date=when,
        method=MrdMethod.FLOW_CYTOMETRY,
        level=level,
        sensitivity=sensitivity,
        sample=Sample.BONE_MARROW,
    )


class TestLevel:
    """The level is a fraction of nucleated cells: 0, or 1e-8 to 1 inclusive (plausible)."""

    @pytest.mark.parametrize(
        "level", [0.0, 1e-8, math.nextafter(1e-8, 1.0), 1e-4, 0.5, math.nextafter(1.0, 0.0), 1.0]
    )
    def test_within_bounds_accepted(self, level: float) -> None:
        """0 (not detected), 1e-8 (the smallest measurable) and 1 (all cells) are possible."""
        assert _mrd(level).level == level

    @pytest.mark.parametrize(
        "level",
        [-1e-12, 1e-300, 1e-12, math.nextafter(1e-8, 0.0), math.nextafter(1.0, 2.0), 2.0],
    )
    def test_beyond_bounds_refused(self, level: float) -> None:
        """Below 0, a detected level below 1e-8, or above 1 is refused on 'level'."""
        with pytest.raises(ValidationError) as caught:
            _mrd(level)
        (problem,) = caught.value.problems
        assert problem.path == "level"
        assert problem.message.startswith("must be 0 or between 1e-08 and 1, got ")

    @pytest.mark.parametrize("level", [True, "0.01", None, math.nan])
    def test_non_numbers_refused(self, level: Any) -> None:
        """The level must be a finite number."""
        with pytest.raises(ValidationError) as caught:
            _mrd(level)
        assert caught.value.problems[0].path == "level"


class TestSensitivity:
    """The sensitivity is the lowest detectable fraction: 1e-8 to 1 (plausible)."""

    @pytest.mark.parametrize(
        "sensitivity", [1e-8, math.nextafter(1e-8, 1.0), 1e-6, 1e-4, 1.0, None]
    )
    def test_within_bounds_accepted(self, sensitivity: float | None) -> None:
        """A fraction from 1e-8 up to 1, or not reported."""
        assert _mrd(0.0, sensitivity).sensitivity == sensitivity

    @pytest.mark.parametrize(
        "sensitivity",
        [0.0, -1e-4, 1e-300, math.nextafter(1e-8, 0.0), math.nextafter(1.0, 2.0)],
    )
    def test_beyond_bounds_refused(self, sensitivity: float) -> None:
        """Zero, negative, below 1e-8 (no assay examines that many cells) or above 1."""
        with pytest.raises(ValidationError) as caught:
            _mrd(0.0, sensitivity)
        (problem,) = caught.value.problems
        assert problem.path == "sensitivity"
        assert problem.message.startswith("must be between 1e-08 and 1, got ")


class TestThresholds:
    """The constants encode decision-4."""

    def test_negative_below_one_in_ten_thousand(self) -> None:
        """MRD negative is below 1e-4 (0.01 %), measured by an assay reaching 1e-4."""
        assert MRD_NEGATIVE_BELOW == 0.0001
        assert MRD_REQUIRED_SENSITIVITY == 0.0001

    def test_blinatumomab_indication_at_one_in_a_thousand(self) -> None:
        """The blinatumomab MRD indication needs at least 1e-3 (0.1 %)."""
        assert BLINATUMOMAB_MRD_AT_OR_ABOVE == 0.001


class TestClassify:
    """Positive at or above 1e-4; negative below it only with a sensitive enough assay."""

    @pytest.mark.parametrize(
        ("level", "sensitivity", "status"),
        [
            (1e-4, 1e-5, MrdStatus.POSITIVE),
            (JUST_ABOVE_1E4, 1e-5, MrdStatus.POSITIVE),
            (1e-3, None, MrdStatus.POSITIVE),
            (JUST_BELOW_1E4, 1e-5, MrdStatus.NEGATIVE),
            (0.0, 1e-5, MrdStatus.NEGATIVE),
            (0.0, 1e-4, MrdStatus.NEGATIVE),
            (0.0, JUST_ABOVE_1E4, MrdStatus.NOT_EVALUABLE),
            (0.0, 1e-3, MrdStatus.NOT_EVALUABLE),
            (0.0, None, None),
        ],
    )
    def test_status(
        self, level: float, sensitivity: float | None, status: MrdStatus | None
    ) -> None:
        """The call at, just below and just above both 1e-4 cut-offs."""
        assert classify_mrd(_mrd(level, sensitivity))[0] is status

    def test_reason_shows_the_exact_level(self) -> None:
        """Regression: a level just below 1e-4 was shown as 0.0001 beside 'below 1e-4'."""
        _, reason = classify_mrd(_mrd(JUST_BELOW_1E4, 1e-4))
        assert reason == "level 9.999999999999999e-05 below 1e-4 with sensitivity 0.0001"

    def test_reason_for_an_insensitive_assay(self) -> None:
        """The reason names the assay's sensitivity."""
        _, reason = classify_mrd(_mrd(0.0, 1e-3))
        assert reason == "level below 1e-4 from an assay that detects only 0.001"

    def test_classify_never_warns(self) -> None:
        """classify_mrd is for bulk use and stays silent."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert classify_mrd(_mrd(0.0, None))[0] is None


class TestMrdStatus:
    """mrd_status warns when a low result cannot be called negative."""

    def test_not_evaluable_warns(self) -> None:
        """An insensitive assay gives a warning and NOT_EVALUABLE."""
        with pytest.warns(InsufficientSensitivityWarning, match="MRD not evaluable"):
            assert mrd_status(_mrd(0.0, 1e-3)) is MrdStatus.NOT_EVALUABLE

    def test_unreported_sensitivity_is_undecided(self) -> None:
        """Sensitivity not reported: a warning and None (unknown), never a decided call."""
        with pytest.warns(InsufficientSensitivityWarning, match="MRD undecided"):
            assert mrd_status(_mrd(0.0, None)) is None

    @pytest.mark.parametrize(
        ("level", "status"), [(0.0, MrdStatus.NEGATIVE), (1e-4, MrdStatus.POSITIVE)]
    )
    def test_decided_results_do_not_warn(self, level: float, status: MrdStatus) -> None:
        """Negative and positive calls are silent."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert mrd_status(_mrd(level, 1e-5)) is status


class TestLatestMrd:
    """The latest result on or before as_of."""

    def test_as_of_filtering(self) -> None:
        """A result after as_of is ignored; one dated on as_of counts."""
        early = _mrd(1e-3, when=date(2022, 7, 1))
        late = _mrd(0.0, when=date(2022, 8, 1))
        results = (late, early)
        assert latest_mrd(results, as_of=date(2022, 7, 31)) is early
        assert latest_mrd(results, as_of=date(2022, 8, 1)) is late
        assert latest_mrd(results, as_of=date(2022, 6, 30)) is None

    def test_a_tie_that_disagrees_is_none(self) -> None:
        """Two results of one day that differ (in level, sensitivity or sample): neither;
        the order of the list never chooses."""
        first = _mrd(1e-3)
        for second in (
            _mrd(0.0),
            _mrd(1e-3, sensitivity=1e-4),
            attrs.evolve(first, sample=Sample.PERIPHERAL_BLOOD),
        ):
            assert latest_mrd((first, second), as_of=DAY) is None
            assert latest_mrd((second, first), as_of=DAY) is None

    def test_a_tie_that_agrees_is_read(self) -> None:
        """Two results of one day that read alike (two methods): the first of them."""
        first = _mrd(1e-3)
        second = attrs.evolve(first, method=MrdMethod.PCR)
        assert latest_mrd((first, second), as_of=DAY) is first
        assert latest_mrd((second, first), as_of=DAY) is second
