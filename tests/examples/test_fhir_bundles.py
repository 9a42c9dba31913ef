"""The example FHIR Bundles shipped in the package: one per example patient, and the
hand-written "real EHR export"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from allmodel import examples, screen
from allmodel.errors import ValidationError
from allmodel.io.fhir import Outcome, patient_from_fhir
from allmodel.measures import Length, Mass
from allmodel.model import EcogAssessment, Finding, Lineage, Sex
from tests.modules import import_file

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2022, 12, 31)


def test_there_is_a_bundle_per_example_patient_and_the_ehr_export() -> None:
    assert examples.fhir_bundle_names() == tuple(
        sorted([*examples.patient_names(), examples.EHR_EXPORT_NAME])
    )


def test_every_bundle_is_valid_fhir() -> None:
    for name in examples.fhir_bundle_names():
        Bundle.model_validate(examples.fhir_bundle(name))


def test_each_patient_bundle_reads_back_to_the_example_patient() -> None:
    for name in examples.patient_names():
        read = patient_from_fhir(examples.fhir_bundle(name), as_of=AS_OF)
        assert read.patient == examples.patient(name), name
        assert {entry.outcome for entry in read.report.entries} == {Outcome.USED}, name


def test_the_shipped_bundles_are_what_the_writer_writes() -> None:
    script = import_file("write_fhir_examples", ROOT / "scripts" / "write_fhir_examples.py")
    assert script.main(["--check"]) == 0


def test_an_unknown_name_lists_the_bundles() -> None:
    with pytest.raises(ValidationError, match="no bundled FHIR example 'nobody'"):
        examples.fhir_bundle("nobody")


class TestEhrExport:
    """The Bundle written the way a hospital's system exports a record."""

    def test_what_maps(self) -> None:
        read = patient_from_fhir(examples.fhir_bundle(examples.EHR_EXPORT_NAME), as_of=AS_OF)
        patient = read.patient
        assert patient.sex is Sex.FEMALE
        assert patient.date_of_birth == date(1978, 4, 12)
        assert patient.height == Length(165, "cm")
        assert patient.weight == Mass(62.5, "kg")
        assert patient.ecog == EcogAssessment(value=1, date=date(2022, 12, 19))
        assert patient.pregnant == Finding(value=False, date=date(2022, 12, 19))
        assert patient.disease.lineage is Lineage.B_PRECURSOR
        assert patient.course.diagnosis_date == date(2020, 2, 10)
        labs = {lab.analyte.value: lab for lab in patient.labs}
        assert sorted(labs) == [
            "albumin", "alt", "anc", "ast", "bilirubin", "creatinine", "hemoglobin", "ldh",
            "platelets", "wbc",
        ]  # fmt: skip
        assert (labs["hemoglobin"].value, labs["hemoglobin"].unit) == (9.1, "g/dl")
        assert (labs["wbc"].value, labs["wbc"].unit) == (14.2, "10*9/l")
        assert labs["bilirubin"].upper_limit_of_normal == 21
        assert labs["platelets"].loinc == "777-3"
        assert all(lab.date == date(2022, 12, 19) for lab in patient.labs)

    def test_the_unknown_codes_are_reported_with_their_paths(self) -> None:
        read = patient_from_fhir(examples.fhir_bundle(examples.EHR_EXPORT_NAME), as_of=AS_OF)
        unmapped = {e.path: e.detail for e in read.report.unmapped}
        assert list(unmapped) == [
            "Bundle.entry[19].resource.code",
            "Bundle.entry[20].resource.code",
            "Bundle.entry[24].resource.medicationCodeableConcept",
            "Bundle.entry[25].resource.code",
        ]
        assert "KM-BLAST" in unmapped["Bundle.entry[20].resource.code"]
        assert "LOINC 2823-3" in unmapped["Bundle.entry[19].resource.code"]

    def test_what_is_ignored_says_why(self) -> None:
        read = patient_from_fhir(examples.fhir_bundle(examples.EHR_EXPORT_NAME), as_of=AS_OF)
        ignored = {e.path: e.detail for e in read.report.ignored}
        assert ignored["Bundle.entry[10].resource"] == "status entered-in-error"
        assert (
            ignored["Bundle.entry[1].resource"] == "allmodel does not read Organization resources"
        )
        assert "no treatment line intent" in ignored["Bundle.entry[23].resource"]
        # in relapse by its diagnosis code, with a remission dated before: withdrawn
        assert read.patient.course.remissions == ()
        assert "the ALL Condition says in relapse" in ignored["Bundle.entry[21].resource"]

    def test_the_screening_says_what_is_missing(self) -> None:
        read = patient_from_fhir(examples.fhir_bundle(examples.EHR_EXPORT_NAME), as_of=AS_OF)
        result = screen(read.patient, as_of=AS_OF)["blinatumomab"]
        assert result.status.value == "unknown"
        assert "course.relapses" in result.missing
