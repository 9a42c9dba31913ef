"""Events the second clinical audit found missing from the facts: a transplant is
treatment (it ends an untreated relapse, starts a washout, replaces the marrow), a line of
any kind (CNS-directed, palliative) starts again what a CSF result or a recorded absence
of neurotoxicity describes, and a salvage line begun before the recorded relapse date
treats that relapse. Each boundary is tested at, just before and just after its day."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from allmodel import Agent, Patient, derive_facts
from allmodel.facts import Facts, fact_index
from allmodel.model import (
    BestResponse,
    CnsAssessment,
    CnsStatus,
    Condition,
    ConditionRecord,
    Intent,
    MrdMethod,
    MrdResult,
    Sample,
    StopReason,
    Transplant,
    TransplantKind,
)
from tests.builders import AS_OF, adult_in_relapse, labs, line, with_course, with_disease
from tests.catalogue.vignettes import cns_directed_line

RELAPSE = AS_OF - timedelta(days=30)  # adult_in_relapse's latest relapse


def facts(patient: Patient) -> Facts:
    return derive_facts(patient, as_of=AS_OF)


def upper(found: Facts, name: str) -> object:
    return found.upper[fact_index(name)]


def transplanted(patient: Patient, days_before: int) -> Patient:
    hct = Transplant(kind=TransplantKind.ALLOGENEIC, date=AS_OF - timedelta(days=days_before))
    return with_course(patient, transplants=(*patient.course.transplants, hct))


def with_lines(patient: Patient, *lines: object) -> Patient:
    return with_course(patient, treatment_lines=(*patient.course.treatment_lines, *lines))


class TestTransplantEndsAnUntreatedRelapse:
    @pytest.mark.parametrize(("days_before", "untreated"), [(31, True), (30, False), (29, False)])
    def test_at_the_relapse_day(self, days_before: int, untreated: bool) -> None:
        """A transplant on or after the relapse day treats it; one the day before does not."""
        assert facts(transplanted(adult_in_relapse(), days_before))["untreated_relapse"] is (
            untreated
        )

    def test_a_palliative_or_cns_directed_line_leaves_it_unknown(self) -> None:
        palliative = line(
            RELAPSE,
            AS_OF - timedelta(days=5),
            (Agent.VINCRISTINE, Agent.PREDNISONE),
            Intent.PALLIATIVE,
            None,
            intensive=False,
        )
        assert facts(with_lines(adult_in_relapse(), palliative))["untreated_relapse"] is None
        assert (
            facts(with_lines(adult_in_relapse(), cns_directed_line(20, 5)))["untreated_relapse"]
            is None
        )
        assert facts(adult_in_relapse())["untreated_relapse"] is True


class TestSalvageBegunBeforeTheRelapseDate:
    def salvage(self, start: int) -> object:
        return line(
            AS_OF - timedelta(days=start),
            AS_OF - timedelta(days=5),
            (Agent.CYTARABINE, Agent.IDARUBICIN),
            Intent.SALVAGE,
            BestResponse.NO_RESPONSE,
            StopReason.RESISTANCE,
        )

    @pytest.mark.parametrize("start", [29, 30, 31, 32])
    def test_around_the_relapse_day_it_treats_the_relapse(self, start: int) -> None:
        """Begun on, after or a few days before the relapse date (after the remission the
        relapse ended): the relapse is treated, and the failed line makes it refractory."""
        found = facts(with_lines(adult_in_relapse(), self.salvage(start)))
        assert found["untreated_relapse"] is False
        assert found["refractory_to_salvage"] is True
        assert found["latest_salvage_failed"] is True

    def test_a_frontline_line_begun_before_the_relapse_does_not(self) -> None:
        """Only salvage and bridging intents treat a relapse before its recorded date."""
        maintenance = line(
            AS_OF - timedelta(days=60),
            AS_OF - timedelta(days=31),
            (Agent.MERCAPTOPURINE, Agent.METHOTREXATE),
            Intent.MAINTENANCE,
            None,
            intensive=False,
        )
        assert facts(with_lines(adult_in_relapse(), maintenance))["untreated_relapse"] is True


class TestTransplantAsATreatmentDay:
    @pytest.mark.parametrize("days_before", [13, 14, 15])
    def test_days_since_last_treatment(self, days_before: int) -> None:
        """The infusion day counts: exact with a complete history."""
        found = facts(transplanted(adult_in_relapse(), days_before))
        assert found["days_since_last_treatment"] == days_before
        assert upper(found, "days_since_last_treatment") == days_before

    def test_a_later_line_still_counts(self) -> None:
        """A line ended after the transplant is the latest treatment."""
        later = line(
            AS_OF - timedelta(days=20),
            AS_OF - timedelta(days=3),
            (Agent.CYTARABINE,),
            Intent.SALVAGE,
            None,
        )
        found = facts(with_lines(transplanted(adult_in_relapse(), 25), later))
        assert found["days_since_last_treatment"] == 3

    def test_possible_irradiation_in_the_conditioning(self) -> None:
        """Radiotherapy may have been given up to the infusion day: the lower bound is the
        days since it, the upper bound stays open (none surely given)."""
        found = facts(transplanted(adult_in_relapse(), 10))
        assert found["days_since_radiotherapy_or_immunotherapy"] == 10
        assert upper(found, "days_since_radiotherapy_or_immunotherapy") == float("inf")


class TestTransplantReplacesTheMarrow:
    @pytest.mark.parametrize(("taken", "current"), [(11, False), (10, True), (9, True)])
    def test_marrow_blasts(self, taken: int, current: bool) -> None:
        """A marrow result from before the transplant (10 days ago) is not current."""
        panel = labs(AS_OF - timedelta(days=taken), marrow_blasts=40)
        patient = transplanted(adult_in_relapse(lab_overrides={"marrow_blasts": None}), 10)
        found = facts(attrs.evolve(patient, labs=(*patient.labs, *panel)))
        assert (found["marrow_blasts_percent"] is not None) is current

    @pytest.mark.parametrize(("taken", "current"), [(11, False), (10, True)])
    def test_mrd(self, taken: int, current: bool) -> None:
        result = MrdResult(
            date=AS_OF - timedelta(days=taken),
            method=MrdMethod.FLOW_CYTOMETRY,
            level=2e-3,
            sensitivity=1e-4,
            sample=Sample.BONE_MARROW,
        )
        patient = transplanted(adult_in_relapse(in_remission=True), 10)
        found = facts(attrs.evolve(patient, mrd=(result,)))
        assert (found["mrd_level"] is not None) is current


class TestALineOfAnyKindRenewsCnsAndHistory:
    @pytest.mark.parametrize(("taken", "current"), [(21, False), (20, True), (19, True)])
    def test_csf_before_a_cns_directed_line(self, taken: int, current: bool) -> None:
        """CSF before a CNS-directed line begun 20 days ago is not current."""
        patient = with_disease(
            adult_in_relapse(),
            cns=(CnsAssessment(status=CnsStatus.CNS3A, date=AS_OF - timedelta(days=taken)),),
        )
        found = facts(with_lines(patient, cns_directed_line(20, 5)))
        assert (found["cns_status"] is not None) is current

    @pytest.mark.parametrize(("assessed", "current"), [(21, False), (20, True)])
    def test_no_neurotoxicity_before_a_cns_directed_line(
        self, assessed: int, current: bool
    ) -> None:
        """'No severe neurotoxicity' assessed before the line: unknown; 'present' stays."""
        absent = ConditionRecord(
            condition=Condition.PRIOR_SEVERE_NEUROTOXICITY,
            present=False,
            date=AS_OF - timedelta(days=assessed),
        )
        patient = with_lines(adult_in_relapse(conditions={}), cns_directed_line(20, 5))
        found = facts(attrs.evolve(patient, conditions=(absent,)))
        assert found["prior_severe_neurotoxicity"] is (False if current else None)
        present = ConditionRecord(
            condition=Condition.PRIOR_SEVERE_NEUROTOXICITY,
            present=True,
            date=AS_OF - timedelta(days=assessed),
        )
        assert facts(attrs.evolve(patient, conditions=(present,)))["prior_severe_neurotoxicity"]


class TestStoppedForResistance:
    @pytest.mark.parametrize(
        ("response", "stop", "refractory"),
        [
            (None, StopReason.RESISTANCE, True),
            (None, StopReason.COMPLETED, None),
            (None, StopReason.INTOLERANCE, None),
            (BestResponse.NO_RESPONSE, StopReason.COMPLETED, True),
        ],
    )
    def test_a_salvage_stopped_for_resistance_failed(
        self, response: BestResponse | None, stop: StopReason, refractory: bool | None
    ) -> None:
        """No best response recorded, stopped for resistance: the line failed; stopped
        for another reason: undecided."""
        salvage = line(
            AS_OF - timedelta(days=25),
            AS_OF - timedelta(days=5),
            (Agent.CYTARABINE, Agent.IDARUBICIN),
            Intent.SALVAGE,
            response,
            stop,
        )
        found = facts(with_lines(adult_in_relapse(), salvage))
        assert found["refractory_to_salvage"] is refractory
        assert found["latest_salvage_failed"] is refractory
