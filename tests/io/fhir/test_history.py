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


# -- the disease state the ALL Condition states, against the dated events ------------------

_ICD = "http://hl7.org/fhir/sid/icd-10-cm"
_SNOMED_B_ALL = {"system": "http://snomed.info/sct", "code": "277571004"}


def _events_patient() -> Patient:
    from allmodel.model import Relapse, Remission, RemissionKind

    course = Course(
        diagnosis_date=date(2020, 1, 1),
        remissions=(Remission(kind=RemissionKind.CR, date=date(2020, 3, 1)),),
        relapses=(Relapse(date=date(2022, 1, 1)),),
    )
    return Patient(course=course)


def _all_condition(*codings: dict[str, str], clinical: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "resourceType": "Condition",
        "code": {"coding": [_SNOMED_B_ALL, *codings]},
        "onsetDateTime": "2020-01-01",
    }
    if clinical is not None:
        found["clinicalStatus"] = {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": clinical,
                }
            ]
        }
    return found


def _without_all_condition(bundle: dict[str, Any]) -> dict[str, Any]:
    entries = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Condition"]
    return {**bundle, "entry": entries}


def test_a_state_that_agrees_with_the_events_keeps_them() -> None:
    patient = _events_patient()  # ends in relapse
    for condition in (
        _all_condition({"system": _ICD, "code": "C91.02"}),
        _all_condition(clinical="relapse"),
        _all_condition(clinical="recurrence"),
        _all_condition(clinical="active"),  # says nothing about remission
    ):
        bundle = _with(_without_all_condition(patient_to_fhir(patient)), condition)
        read = patient_from_fhir(bundle, as_of=AS_OF)
        assert read.patient.course.relapses == patient.course.relapses
        assert read.patient.course.remissions == patient.course.remissions


def test_a_state_the_events_contradict_withdraws_them() -> None:
    patient = _events_patient()  # ends in relapse
    for condition, said in (
        (_all_condition({"system": _ICD, "code": "C91.01"}), "in remission"),
        (_all_condition(clinical="remission"), "in remission"),
        (_all_condition({"system": _ICD, "code": "C91.00"}), "not in remission"),
    ):
        bundle = _with(_without_all_condition(patient_to_fhir(patient)), condition)
        read = patient_from_fhir(bundle, as_of=AS_OF)
        assert read.patient.course.relapses == ()
        assert read.patient.course.remissions == ()
        withdrawn = [e for e in read.report.ignored if " not taken: " in e.detail]
        assert [e.detail.split(" not taken")[0] for e in withdrawn] == [
            "course.remissions[0]",
            "course.relapses[0]",
        ]
        assert f"the ALL Condition says {said}" in withdrawn[0].detail


def test_a_relapse_stated_only_by_the_diagnosis_code_withdraws_an_earlier_remission() -> None:
    """The EHR shape: in relapse by ICD-10-CM C91.02, a dated remission, no dated relapse.
    Read alone the patient would look in remission and every relapse option would read
    not eligible; withdrawn, the phase is unknown."""
    from allmodel import screen
    from allmodel.model import Remission, RemissionKind

    remission = (Remission(kind=RemissionKind.CR, date=date(2020, 3, 1)),)
    patient = Patient(course=Course(diagnosis_date=date(2020, 1, 1), remissions=remission))
    bundle = _with(
        _without_all_condition(patient_to_fhir(patient)),
        _all_condition({"system": _ICD, "code": "C91.02"}),
    )
    read = patient_from_fhir(bundle, as_of=AS_OF)
    assert read.patient.course.remissions == ()
    assert screen(read.patient, as_of=AS_OF)["blinatumomab"].status.value == "unknown"
    assert screen(patient, as_of=AS_OF)["blinatumomab"].status.value == "not_eligible"


def test_contradictory_stated_states_withdraw_the_events() -> None:
    patient = _events_patient()
    condition = _all_condition({"system": _ICD, "code": "C91.02"}, clinical="remission")
    bundle = _with(_without_all_condition(patient_to_fhir(patient)), condition)
    read = patient_from_fhir(bundle, as_of=AS_OF)
    assert read.patient.course.relapses == ()
    assert any("contradictory disease states" in e.detail for e in read.report.ignored)
