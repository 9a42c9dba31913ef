"""The FHIR conditions domain: condition records as Conditions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from allmodel.io.fhir import Outcome, patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._systems import CONDITION_CLINICAL, CONDITION_VERIFICATION, SNOMED
from allmodel.model import Condition, ConditionRecord, Patient
from tests.io.fhir.test_disease import as_of_for, concept, condition, entries, own, read
from tests.strategies import patients


def record(
    kind: Condition, verification: str | None, clinical: str | None = None, **elements: Any
) -> dict[str, Any]:
    extra: dict[str, Any] = dict(elements)
    if verification is not None:
        extra["verificationStatus"] = concept(CONDITION_VERIFICATION, verification)
    if clinical is not None:
        extra["clinicalStatus"] = concept(CONDITION_CLINICAL, clinical)
    return condition(own(kind.value), **extra)


class TestReader:
    @pytest.mark.parametrize("kind", list(Condition))
    def test_confirmed_is_present_and_refuted_absent(self, kind: Condition) -> None:
        """verificationStatus confirmed / refuted, dated by recordedDate."""
        reading = read(
            record(kind, "confirmed", recordedDate="2023-01-05"), record(kind, "refuted")
        )
        assert reading.patient.conditions == (
            ConditionRecord(condition=kind, present=True, date=date(2023, 1, 5)),
            ConditionRecord(condition=kind, present=False),
        )

    @pytest.mark.parametrize("entry", code_table("conditions").entries, ids=lambda e: e.code)
    def test_each_snomed_code(self, entry: Any) -> None:
        """Each standard code of the table reads as its condition."""
        reading = read(
            condition(
                concept(entry.system, entry.code),
                verificationStatus=concept(CONDITION_VERIFICATION, "confirmed"),
            )
        )
        assert reading.patient.conditions == (
            ConditionRecord(condition=Condition(entry.means), present=True),
        )

    def test_gvhd_is_written_with_snomed(self) -> None:
        """active_gvhd is written as SNOMED CT 234646005."""
        patient = Patient(
            conditions=(ConditionRecord(condition=Condition.ACTIVE_GVHD, present=True),)
        )
        coding = patient_to_fhir(patient)["entry"][1]["resource"]["code"]["coding"][0]
        assert (coding["system"], coding["code"]) == (SNOMED, "234646005")

    def test_active_without_verification_is_present(self) -> None:
        """An active problem with no verificationStatus is present."""
        reading = read(record(Condition.ACTIVE_INFECTION, None, "active"))
        assert reading.patient.conditions == (
            ConditionRecord(condition=Condition.ACTIVE_INFECTION, present=True),
        )

    def test_no_status_at_all_is_not_read(self) -> None:
        """Neither status: reported, not guessed."""
        reading = read(record(Condition.ACTIVE_GVHD, None))
        assert reading.patient.conditions == ()
        assert entries(reading, "[1].verificationStatus") == [
            (Outcome.IGNORED, "no verificationStatus and no active clinicalStatus: not read")
        ]

    @pytest.mark.parametrize("status", ["provisional", "unconfirmed", "differential"])
    def test_unconfirmed_is_not_read(self, status: str) -> None:
        """Neither present nor absent."""
        reading = read(record(Condition.SEIZURE_DISORDER, status))
        assert reading.patient.conditions == ()
        assert entries(reading, "[1].verificationStatus") == [
            (Outcome.IGNORED, f"verificationStatus {status}: neither present nor absent")
        ]

    def test_ended_state_is_not_read(self) -> None:
        """A confirmed infection that has resolved is neither current nor absent."""
        reading = read(record(Condition.ACTIVE_INFECTION, "confirmed", "resolved"))
        assert reading.patient.conditions == ()
        assert entries(reading, "[1].clinicalStatus") == [
            (
                Outcome.IGNORED,
                "active_infection confirmed but clinicalStatus resolved: not read as current",
            )
        ]

    def test_ended_history_stays_present(self) -> None:
        """A resolved seizure disorder is still a history of one."""
        reading = read(record(Condition.SEIZURE_DISORDER, "confirmed", "resolved"))
        assert reading.patient.conditions[0].present is True

    def test_unknown_code_is_unmapped(self) -> None:
        """A Condition code allmodel lacks is reported unmapped at its code."""
        reading = read(condition(concept(SNOMED, "38341003")))
        assert [o for o, _ in entries(reading, "[1].code")] == [Outcome.UNMAPPED]


class TestWriter:
    @settings(max_examples=200, deadline=None)
    @given(patients())
    def test_round_trip(self, patient: Patient) -> None:
        """Every condition record reads back exactly, in order (validated R4B)."""
        bundle = patient_to_fhir(patient)
        back = patient_from_fhir(bundle, as_of=as_of_for(patient), validate=True).patient
        assert back.conditions == patient.conditions

    def test_refuted_record_is_written_refuted(self) -> None:
        """An absent condition is a refuted Condition."""
        patient = Patient(conditions=(ConditionRecord(condition=Condition.BURKITT, present=False),))
        resource = patient_to_fhir(patient)["entry"][1]["resource"]
        assert resource["verificationStatus"]["coding"][0]["code"] == "refuted"
        assert "recordedDate" not in resource
