"""Every file of the FHIR example corpus (tests/io/fhir/corpus, copied unchanged from
public implementation guides; its README lists each file's source and quirks) goes
through the reader.

What maps is checked against the README's column "What an ALL model can take", what does
not map is reported with its path, and nothing crashes: the only error is the one file
``fhir.resources`` refuses (the US Core CBC report without a narrative ``div``), and it is
a :class:`~allmodel.errors.FhirError` at that path. The patients are given as
:func:`allmodel.io.dump_patient` documents (identifiers left out).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from allmodel.errors import FhirError
from allmodel.io import dump_patient
from allmodel.io.fhir import Outcome, patient_from_fhir

CORPUS = Path(__file__).parent / "corpus"
AS_OF = date(2026, 12, 31)  # after every date of the corpus

EXPECTED = {
    "cibmtr__Medication-Medication-Post-HCT-Disease-Therapy-Example.json": (
        {},
        [],
    ),
    "cibmtr__MedicationAdministration-MedicationAdministration-Example2.json": (
        {},
        [],
    ),
    "cibmtr__Observation-BodyHeight.json": (
        {"height": {"value": 65.89999999999999, "unit": "[in_i]"}},
        [],
    ),
    "cibmtr__Observation-BodyWeight.json": (
        {"weight": {"value": 50.09414, "unit": "kg"}},
        [],
    ),
    "cibmtr__Observation-Cytogenetics-Example-1.json": (
        {},
        ["Observation.component[0]"],
    ),
    "fhir-r4-core__Bundle-101.json": (
        {
            "labs": [
                {
                    "analyte": "hemoglobin",
                    "value": 176.0,
                    "unit": "g/L",
                    "date": "2011-03-04",
                    "loinc": "718-7",
                    "upper_limit_of_normal": 180.0,
                },
                {
                    "analyte": "platelets",
                    "value": 444.0,
                    "unit": "10*9/L",
                    "date": "2011-03-04",
                    "loinc": "777-3",
                    "upper_limit_of_normal": 450.0,
                },
                {
                    "analyte": "wbc",
                    "value": 4.6,
                    "unit": "10*9/L",
                    "date": "2011-03-04",
                    "loinc": "6690-2",
                    "upper_limit_of_normal": 11.0,
                },
                {
                    "analyte": "anc",
                    "value": 0.9,
                    "unit": "10*9/L",
                    "date": "2011-03-04",
                    "loinc": "751-8",
                    "upper_limit_of_normal": 7.5,
                },
            ]
        },
        [
            "Bundle.entry[2].resource.code",
            "Bundle.entry[3].resource.code",
            "Bundle.entry[4].resource.code",
            "Bundle.entry[5].resource.code",
            "Bundle.entry[8].resource.code",
            "Bundle.entry[10].resource.code",
            "Bundle.entry[11].resource.code",
            "Bundle.entry[12].resource.code",
            "Bundle.entry[13].resource.code",
            "Bundle.entry[14].resource.code",
            "Bundle.entry[15].resource.code",
            "Bundle.entry[16].resource.code",
            "Bundle.entry[17].resource.code",
        ],
    ),
    "fhir-r4-core__Bundle-report.json": (
        {},
        [],
    ),
    "fhir-r4-core__MedicationAdministration-medadmin0304.json": (
        {},
        ["MedicationAdministration.contained[0].code"],
    ),
    "fhir-r4-core__MedicationAdministration-medadmin0310.json": (
        {},
        ["MedicationAdministration.contained[0].code"],
    ),
    "fhir-r4-core__Observation-example.json": (
        {"weight": {"value": 185.0, "unit": "[lb_av]"}},
        [],
    ),
    "genomics-reporting__oncology-report-example.json": (
        {},
        [],
    ),
    "mcode-stu1__MedicationStatement-mCODECancerRelatedMedicationStatementExample01.json": (
        {},
        ["MedicationStatement.medicationCodeableConcept"],
    ),
    "mcode-stu1__Observation-mCODECancerDiseaseStatusExample01.json": (
        {},
        [],
    ),
    "mcode-stu1__Observation-mCODEECOGPerformanceStatusExample01.json": (
        {"ecog": {"value": 0, "date": "2019-04-01"}},
        [],
    ),
    "mii-kardio__Observation-mii-exa-kardio-lvef.json": (
        {},
        [],
    ),
    "mii-onko__MedicationStatement-mii-exa-onko-systemische-therapie-medikation1.json": (
        {},
        [],
    ),
    "mii-onko__Observation-mii-exa-onko-allgemeiner-leistungszustand-1.json": (
        {},
        ["Observation.code"],
    ),
    "mii-testdata__Bundle-mii-exa-test-data-bundle-pat-2.json": (
        {
            "date_of_birth": "2000-06-30",
            "sex": "other",
            "labs": [
                {
                    "analyte": "wbc",
                    "value": 3.2,
                    "unit": "/nL",
                    "date": "2024-03-04",
                    "loinc": "26464-8",
                    "upper_limit_of_normal": 10.5,
                },
                {
                    "analyte": "hemoglobin",
                    "value": 9.2,
                    "unit": "g/dL",
                    "date": "2024-03-04",
                    "loinc": "718-7",
                },
                {
                    "analyte": "platelets",
                    "value": 120.0,
                    "unit": "/nL",
                    "date": "2024-03-04",
                    "loinc": "26515-7",
                },
            ],
        },
        [
            "Bundle.entry[3].resource.code",
            "Bundle.entry[4].resource.code",
            "Bundle.entry[5].resource.code",
            "Bundle.entry[6].resource.code",
            "Bundle.entry[7].resource.code",
            "Bundle.entry[8].resource.code",
            "Bundle.entry[12].resource.code",
            "Bundle.entry[21].resource.medicationCodeableConcept",
            "Bundle.entry[22].resource.medicationCodeableConcept",
            "Bundle.entry[27].resource.code",
            "Bundle.entry[28].resource.code",
            "Bundle.entry[29].resource.code",
        ],
    ),
    "us-core__observation-cbc-leukocytes.json": (
        {
            "labs": [
                {
                    "analyte": "wbc",
                    "value": 10.0,
                    "unit": "10*3/uL",
                    "date": "2005-07-05",
                    "loinc": "6690-2",
                    "upper_limit_of_normal": 11.0,
                }
            ]
        },
        [],
    ),
    "us-core__observation-pregnancy-status.json": (
        {"pregnant": {"value": True, "date": "2022-08-24"}},
        [],
    ),
    "us-core__observation-serum-creatinine.json": (
        {
            "labs": [
                {
                    "analyte": "creatinine",
                    "value": 1.0,
                    "unit": "mg/dL",
                    "date": "2005-07-05",
                    "loinc": "2160-0",
                    "upper_limit_of_normal": 0.6,
                }
            ]
        },
        [],
    ),
    "us-core__patient-example.json": (
        {"date_of_birth": "1987-02-20", "sex": "female"},
        [],
    ),
}

#: Elements the README says must be reported, by file: (path, what the reason says).
MUST_REPORT: dict[str, list[tuple[str, str]]] = {
    "fhir-r4-core__Bundle-report.json": [
        ("Bundle.entry[1].resource", "no subject reference"),
    ],
    "mcode-stu1__Observation-mCODECancerDiseaseStatusExample01.json": [
        ("Observation.valueCodeableConcept", "268910001"),
    ],
    "mii-kardio__Observation-mii-exa-kardio-lvef.json": [
        ("Observation", "no subject reference"),
    ],
    "mii-onko__MedicationStatement-mii-exa-onko-systemische-therapie-medikation1.json": [
        ("MedicationStatement", "status final"),
    ],
    "cibmtr__MedicationAdministration-MedicationAdministration-Example2.json": [
        ("MedicationAdministration", "no treatment line intent"),
    ],
    "cibmtr__Medication-Medication-Post-HCT-Disease-Therapy-Example.json": [
        ("Medication", "no statement, administration or request refers to"),
    ],
    "mii-testdata__Bundle-mii-exa-test-data-bundle-pat-2.json": [
        ("Bundle.entry[0].resource.deceasedBoolean", "not read by allmodel"),
    ],
}


def _files() -> list[str]:
    return sorted(path.name for path in CORPUS.glob("*.json"))


def test_every_corpus_file_is_in_the_table() -> None:
    assert len(_files()) == 23
    assert set(_files()) == {*EXPECTED, "us-core__diagnosticreport-cbc.json"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_maps_and_what_is_unmapped(name: str) -> None:
    expected_patient, expected_unmapped = EXPECTED[name]
    read = patient_from_fhir(CORPUS / name, as_of=AS_OF)
    document = dump_patient(read.patient)
    document.pop("identifiers", None)
    assert document == expected_patient
    assert [entry.path for entry in read.report.unmapped] == expected_unmapped


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_resource_is_in_the_report_and_no_identifier_is(name: str) -> None:
    data: Any = json.loads((CORPUS / name).read_text("utf-8"))
    read = patient_from_fhir(data, as_of=AS_OF)
    resources = (
        [f"Bundle.entry[{i}].resource" for i, _ in enumerate(data["entry"])]
        if data["resourceType"] == "Bundle"
        else [data["resourceType"]]
    )
    for path in resources:
        assert read.report.at(path), path
    text = str(read.report)
    for identifier in read.patient.identifiers:
        assert identifier.value not in text


@pytest.mark.parametrize("name", sorted(MUST_REPORT))
def test_the_quirks_the_readme_names_are_reported(name: str) -> None:
    read = patient_from_fhir(CORPUS / name, as_of=AS_OF)
    for path, reason in MUST_REPORT[name]:
        found = [e for e in read.report.entries if e.path == path and e.outcome is not Outcome.USED]
        assert any(reason in entry.detail for entry in found), (path, found)


def test_the_one_invalid_file_is_a_fhir_error_at_its_path() -> None:
    with pytest.raises(FhirError) as error:
        patient_from_fhir(CORPUS / "us-core__diagnosticreport-cbc.json", as_of=AS_OF)
    assert [problem.path for problem in error.value.problems] == ["DiagnosticReport.text.div"]


def test_without_validation_the_cbc_report_reads_with_its_results_unresolved() -> None:
    read = patient_from_fhir(
        CORPUS / "us-core__diagnosticreport-cbc.json", as_of=AS_OF, validate=False
    )
    assert read.patient.labs == ()
    assert read.report.entries
