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
