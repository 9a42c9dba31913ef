"""MRD results count only within the marrow window before the screening date (audit of
ruleset 3.1.0: an MRD result from months ago in an ongoing programme decided the MRD
indication)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from allmodel import MrdResult, Patient, derive_facts
from allmodel.facts import Facts, ValidityPolicy, fact_index
from allmodel.model import (
    MrdMethod,
    MrdStatus,
    Sample,
)
from tests.builders import AS_OF
from tests.catalogue.vignettes import in_ongoing_programme

WINDOW = 28  # the default marrow window (ValidityPolicy.marrow)


def mrd(days_before: int, level: float, sample: Sample | None = Sample.BONE_MARROW) -> MrdResult:
    return MrdResult(
        date=AS_OF - timedelta(days=days_before),
        method=MrdMethod.FLOW_CYTOMETRY,
        level=level,
        sensitivity=1e-4,
        sample=sample,
    )


def facts(patient: Patient) -> Facts:
    return derive_facts(patient, as_of=AS_OF)


def upper(found: Facts, name: str) -> object:
    return found.upper[fact_index(name)]


class TestWindow:
    @pytest.mark.parametrize(
        ("days_before", "current"), [(WINDOW - 1, True), (WINDOW, True), (WINDOW + 1, False)]
    )
    def test_at_just_inside_and_just_past_the_window(self, days_before: int, current: bool) -> None:
        found = facts(in_ongoing_programme(mrd(days_before, 1e-2)))
        for name in ("mrd_level", "mrd_level_in_remission"):
            assert found[name] == (1e-2 if current else None)
        for name in ("mrd_status", "mrd_status_in_remission"):
            assert found[name] is (MrdStatus.POSITIVE if current else None)

    def test_a_stale_result_is_not_replaced_by_an_older_one(self) -> None:
        found = facts(in_ongoing_programme(mrd(200, 0), mrd(WINDOW + 1, 1e-2)))
        assert found["mrd_undetectable_in_remission"] is None

    def test_the_window_follows_the_ruleset_policy(self) -> None:
        patient = in_ongoing_programme(mrd(40, 1e-2))
        wider = derive_facts(patient, as_of=AS_OF, validity=ValidityPolicy(marrow=42))
        assert wider["mrd_level"] == 1e-2
        assert facts(patient)["mrd_level"] is None


class TestOnlyMarrowGivesTheLevel:
    """The MRD thresholds are marrow levels: a blood result, or one whose sample is not
    recorded, leaves the level [0, 1] and the call unknown (audit of ruleset 3.1.0: a blood
    'not detected' read as molecular negativity)."""

    @pytest.mark.parametrize("sample", [Sample.PERIPHERAL_BLOOD, None])
    @pytest.mark.parametrize("level", [0.0, 1e-4, 2e-3])
    def test_blood_or_unrecorded_sample_decides_nothing(
        self, sample: Sample | None, level: float
    ) -> None:
        found = facts(in_ongoing_programme(mrd(5, level, sample)))
        for name in ("mrd_level", "mrd_level_in_remission"):
            assert (found[name], upper(found, name)) == (0.0, 1.0)
        for name in ("mrd_status", "mrd_status_in_remission", "mrd_undetectable_in_remission"):
            assert found[name] is None

    @pytest.mark.parametrize(
        ("level", "status", "undetectable"),
        [(0.0, MrdStatus.NEGATIVE, True), (2e-3, MrdStatus.POSITIVE, False)],
    )
    def test_marrow_decides(self, level: float, status: MrdStatus, undetectable: bool) -> None:
        found = facts(in_ongoing_programme(mrd(5, level, Sample.BONE_MARROW)))
        assert found["mrd_status_in_remission"] is status
        assert found["mrd_undetectable_in_remission"] is undetectable

    def test_a_later_blood_result_leaves_the_level_unknown(self) -> None:
        """Marrow 2e-3, then blood 'not detected': the blood result does not say the marrow
        cleared, nor is the older marrow result still the latest word."""
        found = facts(in_ongoing_programme(mrd(12, 2e-3), mrd(5, 0.0, Sample.PERIPHERAL_BLOOD)))
        assert (found["mrd_level"], upper(found, "mrd_level")) == (0.0, 1.0)

    def test_the_remark_says_why(self) -> None:
        blood = derive_facts(
            in_ongoing_programme(mrd(5, 0.0, Sample.PERIPHERAL_BLOOD)), as_of=AS_OF
        )
        unrecorded = derive_facts(in_ongoing_programme(mrd(5, 0.0, None)), as_of=AS_OF)
        assert "peripheral blood" in str(blood.remark("mrd_level"))
        assert "sample not recorded" in str(unrecorded.remark("mrd_level"))

    def test_the_level_reads_at_most_1(self) -> None:
        """[0, 1], any level: described as "at most 1", never as "below 1", which would
        leave out a level of 1."""
        blood = derive_facts(
            in_ongoing_programme(mrd(5, 0.0, Sample.PERIPHERAL_BLOOD)), as_of=AS_OF
        )
        assert blood.describe("mrd_level").startswith("at most 1 fraction (peripheral blood")
