"""The FHIR reader's input handling: decoding, validation, paths, subjects, references."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.patient import Patient as FhirPatient

from allmodel.errors import ArgumentError, FhirError
from allmodel.io.fhir import Outcome, patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._element import Element
from allmodel.model import Identifier, Patient, Sex

AS_OF = date(2022, 12, 31)


def _patient(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": "p1", "gender": "female", **extra}


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:0000000{i}-0000-4000-8000-000000000000", "resource": r}
            for i, r in enumerate(resources)
        ],
    }


def _problems(error: pytest.ExceptionInfo[FhirError]) -> dict[str, str]:
    return {problem.path: problem.message for problem in error.value.problems}


def test_every_input_form_reads_the_same_patient(tmp_path: Path) -> None:
    bundle = _bundle(_patient(birthDate="1970-01-02"))
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), "utf-8")
    forms: list[object] = [
        bundle,
        json.dumps(bundle),
        json.dumps(bundle).encode(),
        path,
        [_patient(birthDate="1970-01-02")],
        _patient(birthDate="1970-01-02"),
        FhirPatient.model_validate(_patient(birthDate="1970-01-02")),
    ]
    for form in forms:
        read = patient_from_fhir(form, as_of=AS_OF)
        assert read.patient == Patient(sex=Sex.FEMALE, date_of_birth=date(1970, 1, 2))


def test_input_that_is_no_fhir_is_refused() -> None:
    with pytest.raises(FhirError, match="must be JSON text"):
        patient_from_fhir(42, as_of=AS_OF)
    with pytest.raises(FhirError, match="invalid JSON"):
        patient_from_fhir("{not json", as_of=AS_OF)
    with pytest.raises(FhirError) as error:
        patient_from_fhir({"gender": "male"}, as_of=AS_OF)
    assert _problems(error) == {"resourceType": "is required but absent"}


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(ArgumentError, match="as_of"):
        patient_from_fhir(_patient(), as_of="2022-12-31")  # type: ignore[arg-type]


def test_an_unknown_resource_type_is_named_at_its_path() -> None:
    with pytest.raises(FhirError) as error:
        patient_from_fhir(_bundle(_patient(), {"resourceType": "Observaton"}), as_of=AS_OF)
    assert _problems(error) == {
        "Bundle.entry[1].resource.resourceType": "is not a FHIR R4B resource: 'Observaton'"
    }


def test_validation_problems_are_fhir_errors_at_fhir_paths() -> None:
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": 3}]},
        "valueQuantity": {"value": "x"},
        "colour": "red",
    }
    with pytest.raises(FhirError) as error:
        patient_from_fhir(_bundle(_patient(), observation), as_of=AS_OF)
    problems = _problems(error)
    assert set(problems) == {
        "Bundle.entry[1].resource.code.coding[0].system",
        "Bundle.entry[1].resource.valueQuantity.value",
        "Bundle.entry[1].resource.colour",
    }
    assert problems["Bundle.entry[1].resource.colour"] == (
        "is not an element of this resource type in FHIR R4B"
    )


def test_a_missing_code_is_an_error_with_or_without_validation() -> None:
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "subject": {"reference": "Patient/p1"},
    }
    for validate in (True, False):
        with pytest.raises(FhirError) as error:
            patient_from_fhir(_bundle(_patient(), observation), as_of=AS_OF, validate=validate)
        assert "Bundle.entry[1].resource.code" in _problems(error)


def test_the_us_core_cbc_report_lacks_its_narrative_div() -> None:
    """The one example of the shared corpus fhir.resources refuses (its README says so)."""
    source = Path(__file__).parent / "corpus" / "us-core__diagnosticreport-cbc.json"
    with pytest.raises(FhirError) as error:
        patient_from_fhir(source, as_of=AS_OF)
    assert "DiagnosticReport.text.div" in _problems(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-12-19", date(2022, 12, 19)),
        ("2022-12-19T23:30:00-05:00", date(2022, 12, 19)),
        ("2022-12-19T00:30:00+14:00", date(2022, 12, 19)),
        ("2022-12-19T10:00:00Z", date(2022, 12, 19)),
        ("2022-12-19T10:00:00.123+01:00", date(2022, 12, 19)),
    ],
)
def test_a_date_time_is_the_day_it_was_written_in(text: str, expected: date) -> None:
    assert Element(text, "x").day() == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-12", "is a partial date (2022-12); allmodel needs the day"),
        ("2022", "is a partial date (2022); allmodel needs the day"),
        ("2022-12-19T10:00:00", "gives a time without a time zone (FHIR requires one)"),
        ("2022-02-30", "is not a calendar date: '2022-02-30'"),
        ("19.12.2022", "is not a FHIR date or dateTime: '19.12.2022'"),
    ],
)
def test_dates_allmodel_cannot_use_are_refused(text: str, message: str) -> None:
    with pytest.raises(FhirError) as error:
        Element(text, "Observation.effectiveDateTime").day()
    assert _problems(error) == {"Observation.effectiveDateTime": message}


def test_a_birth_date_with_a_time_zone_is_refused_at_its_path() -> None:
    patient = _patient(birthDate="1970-01-02T00:00:00+01:00")
    with pytest.raises(FhirError) as error:
        patient_from_fhir(patient, as_of=AS_OF, validate=False)
    assert _problems(error) == {
        "Patient.birthDate": "is a FHIR date and must not carry a time or a time zone"
    }


def test_a_birth_date_after_as_of_is_an_error_that_never_shows_the_date() -> None:
    with pytest.raises(FhirError) as error:
        patient_from_fhir(_patient(birthDate="2023-01-01"), as_of=AS_OF)
    assert _problems(error) == {"Patient.birthDate": "(date_of_birth) is after as_of"}
    assert "2023" not in str(error.value)


def test_two_patients_are_refused() -> None:
    with pytest.raises(FhirError) as error:
        patient_from_fhir(_bundle(_patient(), _patient(id="p2")), as_of=AS_OF)
    assert _problems(error) == {
        "Bundle.entry[1].resource": "is a second Patient: allmodel reads one patient at a time"
    }


def _observation(subject: dict[str, str] | None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "58410-2"}]},
    }
    if subject is not None:
        found["subject"] = subject
    return found


def test_a_resource_about_another_patient_is_refused() -> None:
    bundle = _bundle(_patient(), _observation({"reference": "Patient/someone-else"}))
    with pytest.raises(FhirError) as error:
        patient_from_fhir(bundle, as_of=AS_OF)
    assert _problems(error) == {
        "Bundle.entry[1].resource.subject.reference": (
            "names another patient than the rest of the input: allmodel reads one patient at a time"
        )
    }


def test_subjects_resolve_by_full_url_relative_and_absolute_reference() -> None:
    for reference in (
        "urn:uuid:00000000-0000-4000-8000-000000000000",
        "Patient/p1",
        "https://hospital.example/fhir/Patient/p1",
        "https://hospital.example/fhir/Patient/p1/_history/3",
    ):
        bundle = _bundle(_patient(), _observation({"reference": reference}))
        read = patient_from_fhir(bundle, as_of=AS_OF)
        assert [e.outcome for e in read.report.at("Bundle.entry[1].resource")] == [Outcome.UNMAPPED]


def test_without_a_patient_resources_must_agree_on_their_subject() -> None:
    same = [_observation({"reference": "Patient/x"}), _observation({"reference": "Patient/x"})]
    patient_from_fhir(same, as_of=AS_OF)
    other = [_observation({"reference": "Patient/x"}), _observation({"reference": "Patient/y"})]
    with pytest.raises(FhirError) as error:
        patient_from_fhir(other, as_of=AS_OF)
    assert list(_problems(error)) == ["[1].subject.reference"]


def test_a_resource_without_a_subject_is_reported_not_used() -> None:
    read = patient_from_fhir(_bundle(_patient(), _observation(None)), as_of=AS_OF)
    assert [(e.outcome, e.detail) for e in read.report.at("Bundle.entry[1].resource")] == [
        (Outcome.IGNORED, "no subject reference: it cannot be tied to the patient")
    ]
    display_only = _observation({"display": "Beispielpatient"})
    read = patient_from_fhir([_patient(), display_only], as_of=AS_OF)
    assert read.report.at("[1]")[0].outcome is Outcome.IGNORED


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("preliminary", "status preliminary: not a final result"),
        ("registered", "status registered: not a final result"),
        ("cancelled", "status cancelled: not a final result"),
        ("entered-in-error", "status entered-in-error"),
    ],
)
def test_results_that_are_not_final_are_reported_and_not_used(status: str, reason: str) -> None:
    observation = {**_observation({"reference": "Patient/p1"}), "status": status}
    read = patient_from_fhir(_bundle(_patient(), observation), as_of=AS_OF)
    assert [(e.outcome, e.detail) for e in read.report.at("Bundle.entry[1].resource")] == [
        (Outcome.IGNORED, reason)
    ]


def test_final_amended_and_corrected_results_are_read() -> None:
    for status in ("final", "amended", "corrected"):
        observation = {**_observation({"reference": "Patient/p1"}), "status": status}
        read = patient_from_fhir(_bundle(_patient(), observation), as_of=AS_OF)
        entry = read.report.at("Bundle.entry[1].resource")[0]
        assert entry.outcome is Outcome.UNMAPPED
        assert entry.detail == "Observation code allmodel does not map: LOINC 58410-2"


def test_resource_types_allmodel_does_not_read_are_reported() -> None:
    organization = {"resourceType": "Organization", "id": "o1", "name": "Clinic"}
    read = patient_from_fhir(_bundle(_patient(), organization), as_of=AS_OF)
    assert [(e.outcome, e.detail) for e in read.report.at("Bundle.entry[1].resource")] == [
        (Outcome.IGNORED, "allmodel does not read Organization resources")
    ]


def test_the_report_lists_patient_elements_and_never_identifiers() -> None:
    patient = _patient(
        identifier=[{"system": "urn:mrn", "value": "MRN-SECRET-1"}, {"value": "no-system"}],
        birthDate="1970-01-02",
        name=[{"family": "Doe"}],
        deceasedBoolean=False,
    )
    read = patient_from_fhir(patient, as_of=AS_OF)
    assert read.patient.identifiers == (Identifier(system="urn:mrn", value="MRN-SECRET-1"),)
    assert [(e.path, e.outcome, e.detail) for e in read.report.entries] == [
        ("Patient.identifier[0]", Outcome.USED, "identifiers[0]"),
        ("Patient.identifier[1]", Outcome.IGNORED, "an identifier needs a system and a value"),
        ("Patient.gender", Outcome.USED, "sex"),
        ("Patient.birthDate", Outcome.USED, "date_of_birth"),
        ("Patient.name", Outcome.IGNORED, "not read by allmodel"),
        ("Patient.deceasedBoolean", Outcome.IGNORED, "not read by allmodel"),
    ]
    text = str(read.report) + json.dumps(read.report.to_dict())
    assert "MRN-SECRET-1" not in text
    assert "1970" not in text
    assert read.report.to_dict()["counts"] == {"used": 3, "ignored": 3, "unmapped": 0}


@pytest.mark.parametrize(
    ("gender", "sex"),
    [("male", Sex.MALE), ("female", Sex.FEMALE), ("other", Sex.OTHER), ("unknown", None)],
)
def test_gender(gender: str, sex: Sex | None) -> None:
    assert patient_from_fhir(_patient(gender=gender), as_of=AS_OF).patient.sex is sex


def _individual_sex(code: str) -> dict[str, Any]:
    return {
        "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-individual-sex",
        "valueCoding": {"system": "http://snomed.info/sct", "code": code},
    }


def test_us_core_individual_sex_is_read_when_gender_is_absent() -> None:
    female = {"resourceType": "Patient", "extension": [_individual_sex("248152002")]}
    assert patient_from_fhir(female, as_of=AS_OF).patient.sex is Sex.FEMALE
    male = {"resourceType": "Patient", "extension": [_individual_sex("248153007")]}
    assert patient_from_fhir(male, as_of=AS_OF).patient.sex is Sex.MALE
    unknown = {"resourceType": "Patient", "extension": [_individual_sex("32570691000036108")]}
    read = patient_from_fhir(unknown, as_of=AS_OF)
    assert read.patient.sex is None
    assert read.report.unmapped[0].path == "Patient.extension[0]"


def test_individual_sex_that_contradicts_gender_is_refused() -> None:
    patient = _patient(gender="male", extension=[_individual_sex("248152002")])
    with pytest.raises(FhirError) as error:
        patient_from_fhir(patient, as_of=AS_OF)
    assert _problems(error) == {"Patient.extension[0]": "says female but gender says male"}


def test_the_written_patient_resource_validates_and_reads_back() -> None:
    patient = Patient(
        identifiers=(Identifier(system="urn:mrn", value="1"),),
        sex=Sex.OTHER,
        date_of_birth=date(1950, 2, 28),
    )
    bundle = patient_to_fhir(patient)
    assert bundle["entry"][0]["resource"]["resourceType"] == "Patient"
    assert patient_from_fhir(bundle, as_of=AS_OF).patient == patient
    assert patient_to_fhir(patient) == bundle  # deterministic
    with pytest.raises(ArgumentError, match="expected a Patient"):
        patient_to_fhir({"sex": "male"})  # type: ignore[arg-type]
