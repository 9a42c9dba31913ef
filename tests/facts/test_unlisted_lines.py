"""A treatment line recorded without its agents (a regimen named only) may have given any
agent: results before it are not current, exposures it could have been are unknown, and
its failure may have been a TKI's. Never read as "certainly not" (audit of ruleset 3.1.0).
"""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from allmodel import Agent, Patient, derive_facts
from allmodel.facts import Facts, fact_index
from allmodel.model import (
    BestResponse,
    Intent,
    KinaseDomainAnalysis,
    Marker,
    MarkerResult,
    PhStatus,
    StopReason,
)
from tests.builders import AS_OF, adult_in_relapse, line, with_course, with_disease

_FAILED = (BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
_COMPLETED_IN_CR = (BestResponse.CR, StopReason.COMPLETED)


def with_line(
    patient: Patient,
    agents: tuple[Agent, ...] = (),
    outcome: tuple[BestResponse, StopReason] = _FAILED,
    *,
    start: int = 25,
    end: int | None = 5,
) -> Patient:
    """The patient with one more salvage line, ``start`` to ``end`` days before AS_OF
    (``end`` None: not recorded), of ``agents`` (none: recorded by name only)."""
    added = line(
        AS_OF - timedelta(days=start),
        None if end is None else AS_OF - timedelta(days=end),
        agents,
        Intent.SALVAGE,
        *outcome,
        regimen="study protocol 123",
    )
    return with_course(patient, treatment_lines=(*patient.course.treatment_lines, added))


def facts(patient: Patient) -> Facts:
    return derive_facts(patient, as_of=AS_OF)


def cd19_measured(days_before: int) -> Patient:
    marker = MarkerResult(
        marker=Marker.CD19, date=AS_OF - timedelta(days=days_before), positive=True
    )
    return with_disease(adult_in_relapse(), markers=(marker,))


class TestAntigenResults:
    """CD19 and CD22 count only after the latest line that was, or may have been,
    directed at them."""

    @pytest.mark.parametrize(("measured", "current"), [(6, False), (5, True), (4, True)])
    def test_at_just_before_and_after_the_end_of_an_unlisted_line(
        self, measured: int, current: bool
    ) -> None:
        """The line ends 5 days before AS_OF: a result that day counts, the day before not."""
        found = facts(with_line(cd19_measured(measured)))
        assert found["cd19_positive"] is (True if current else None)

    def test_a_listed_line_of_other_agents_keeps_the_result(self) -> None:
        found = facts(with_line(cd19_measured(6), (Agent.CYTARABINE,)))
        assert found["cd19_positive"] is True

    def test_an_ongoing_unlisted_line_ends_on_as_of(self) -> None:
        ongoing = (BestResponse.CR, StopReason.ONGOING)
        assert (
            facts(with_line(cd19_measured(1), end=None, outcome=ongoing))["cd19_positive"] is None
        )
        found = facts(with_line(cd19_measured(1), (Agent.CYTARABINE,), ongoing, end=None))
        assert found["cd19_positive"] is True  # control: listed agents, none CD19-directed


class TestExposures:
    """An exposure is 'no' only when the history is complete and every line lists its
    agents."""

    def test_complete_history_with_listed_lines_is_no(self) -> None:
        assert facts(adult_in_relapse())["prior_cd19_directed"] is False

    def test_an_unlisted_line_makes_it_unknown(self) -> None:
        found = facts(with_line(adult_in_relapse(), outcome=_COMPLETED_IN_CR))
        assert found["prior_cd19_directed"] is None
        assert found["prior_car_t"] is None
        assert found["prior_tki"] is None

    def test_a_recorded_exposure_stays_yes(self) -> None:
        patient = with_line(adult_in_relapse(), (Agent.BLINATUMOMAB,))
        assert facts(with_line(patient, outcome=_COMPLETED_IN_CR))["prior_cd19_directed"] is True


def ph_positive_after_dasatinib(
    outcome: tuple[BestResponse, StopReason] = _FAILED,
) -> Patient:
    """Ph-positive, dasatinib failed after the relapse (40 to 30 days before AS_OF)."""
    dasatinib = ((Agent.DASATINIB,), *outcome)
    return adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[dasatinib])


class TestTkiFailure:
    """A failed unlisted line may have been a TKI line."""

    def test_it_makes_a_mutation_analysis_before_it_not_current(self) -> None:
        analysis = KinaseDomainAnalysis(date=AS_OF - timedelta(days=20), mutations=())
        patient = with_disease(ph_positive_after_dasatinib(), kinase_domain=analysis)
        assert facts(patient)["t315i"] is False  # control: after the dasatinib failure
        assert facts(with_line(patient, start=15))["t315i"] is None

    def test_one_completed_in_cr_does_not(self) -> None:
        analysis = KinaseDomainAnalysis(date=AS_OF - timedelta(days=20), mutations=())
        patient = with_disease(ph_positive_after_dasatinib(), kinase_domain=analysis)
        assert facts(with_line(patient, outcome=_COMPLETED_IN_CR, start=15))["t315i"] is False

    def test_tki_resistance_unknown_unless_a_tki_surely_failed(self) -> None:
        tolerated = ph_positive_after_dasatinib(_COMPLETED_IN_CR)
        assert facts(tolerated)["tki_resistance"] is False  # control
        assert facts(with_line(tolerated))["tki_resistance"] is None
        assert facts(with_line(ph_positive_after_dasatinib()))["tki_resistance"] is True

    def test_the_count_of_failed_tkis_has_no_upper_bound(self) -> None:
        found = facts(with_line(ph_positive_after_dasatinib()))
        assert found["tki_failures"] == 1
        assert found.upper[fact_index("tki_failures")] == math.inf
        control = facts(ph_positive_after_dasatinib())
        assert control.upper[fact_index("tki_failures")] == 1

    def test_second_generation_failure_unknown_unless_recorded(self) -> None:
        tolerated = ph_positive_after_dasatinib(_COMPLETED_IN_CR)
        assert facts(tolerated)["second_generation_tki_failure"] is False
        assert facts(with_line(tolerated))["second_generation_tki_failure"] is None

    def test_relapse_after_an_unlisted_line_may_follow_a_tki(self) -> None:
        patient = adult_in_relapse(ph=PhStatus.POSITIVE)
        assert facts(patient)["relapsed_after_tki"] is False  # frontline without a TKI
        before_relapse = with_line(patient, outcome=_COMPLETED_IN_CR, start=400, end=300)
        assert facts(before_relapse)["relapsed_after_tki"] is None


class TestFailureOfOneTki:
    """imatinib_failure and dasatinib_failure: the failure of a line giving that drug, not
    of another TKI (audit: START-L, CA180-035 and the EU ponatinib branch read any TKI)."""

    @pytest.mark.parametrize(
        ("agent", "imatinib", "dasatinib"),
        [
            (Agent.IMATINIB, True, False),
            (Agent.DASATINIB, False, True),
            (Agent.NILOTINIB, False, False),
        ],
    )
    def test_only_the_drug_that_failed(self, agent: Agent, imatinib: bool, dasatinib: bool) -> None:
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[((agent,), *_FAILED)])
        found = facts(patient)
        assert (found["imatinib_failure"], found["dasatinib_failure"]) == (imatinib, dasatinib)

    def test_tolerated_and_responding_is_no_failure(self) -> None:
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE, salvage=[((Agent.IMATINIB,), *_COMPLETED_IN_CR)]
        )
        assert facts(patient)["imatinib_failure"] is False

    def test_an_outcome_not_recorded_is_unknown(self) -> None:
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[((Agent.IMATINIB,), None, None)])
        assert facts(patient)["imatinib_failure"] is None

    def test_an_incomplete_history_is_unknown_not_no(self) -> None:
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, history_complete=None)
        assert facts(patient)["imatinib_failure"] is None
        assert facts(patient)["dasatinib_failure"] is None

    def test_a_failed_unlisted_line_is_unknown(self) -> None:
        found = facts(with_line(adult_in_relapse(ph=PhStatus.POSITIVE)))
        assert found["imatinib_failure"] is None
        assert found["dasatinib_failure"] is None
