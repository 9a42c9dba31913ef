"""A treatment history said to be complete is taken only when every treatment record was read."""

from __future__ import annotations

from datetime import date
from typing import Any

from allmodel.io.fhir import Outcome, patient_from_fhir, patient_to_fhir
from allmodel.model import Agent, Course, Intent, Patient, TreatmentLine

AS_OF = date(2022, 12, 31)


def _patient(complete: bool | None) -> Patient:
    line = TreatmentLine(
        agents=(Agent.BLINATUMOMAB,), start=date(2021, 3, 1), intent=Intent.SALVAGE
    )
    course = Course(
        diagnosis_date=date(2020, 1, 1), treatment_lines=(line,), history_complete=complete
    )
    return Patient(course=course)


def _with(bundle: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any]:
    subject = {"reference": bundle["entry"][0]["fullUrl"]}
    entry = {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111"}
    return {
        **bundle,
        "entry": [*bundle["entry"], {**entry, "resource": {**resource, "subject": subject}}],
    }


UNREAD_DRUG = {
    "resourceType": "MedicationStatement",
    "status": "completed",
    "medicationCodeableConcept": {
        "coding": [{"system": "http://hl7.org/fhir/sid/ndc", "code": "76388-713-25"}]
    },
    "effectiveDateTime": "2021-06-01",
}


def test_a_complete_history_reads_back_when_every_record_is_read() -> None:
    patient = _patient(True)
    assert patient_from_fhir(patient_to_fhir(patient), as_of=AS_OF).patient == patient


def test_an_unread_drug_record_withdraws_the_complete_history() -> None:
    bundle = _with(patient_to_fhir(_patient(True)), UNREAD_DRUG)
    last = len(bundle["entry"]) - 1
    read = patient_from_fhir(bundle, as_of=AS_OF)
    assert read.patient.course.history_complete is None
    assert read.patient.course.treatment_lines == _patient(True).course.treatment_lines
    withdrawn = [e for e in read.report.entries if e.detail.startswith("course.history_complete")]
    assert len(withdrawn) == 1
    assert withdrawn[0].outcome is Outcome.IGNORED
    assert f"Bundle.entry[{last}].resource" in withdrawn[0].detail


def test_an_incomplete_or_unknown_history_is_left_as_it_is() -> None:
    for complete in (False, None):
        bundle = _with(patient_to_fhir(_patient(complete)), UNREAD_DRUG)
        assert patient_from_fhir(bundle, as_of=AS_OF).patient.course.history_complete is complete


def test_an_unread_observation_does_not_touch_the_history() -> None:
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "58410-2"}]},
    }
    read = patient_from_fhir(_with(patient_to_fhir(_patient(True)), observation), as_of=AS_OF)
    assert read.patient.course.history_complete is True
