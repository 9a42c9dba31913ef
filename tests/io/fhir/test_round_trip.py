"""patient_from_fhir(patient_to_fhir(p)) == p, on generated whole patients and the examples."""

from __future__ import annotations

from datetime import date

from fhir.resources.R4B import get_fhir_model_class
from hypothesis import HealthCheck, given, settings

from allmodel import examples
from allmodel.io.fhir import Outcome, patient_from_fhir, patient_to_fhir
from allmodel.model import Patient
from tests.strategies import LATEST, patients, record_dates


def _as_of(patient: Patient) -> date:
    """A day on or after every date of the record (its latest date, or a fixed day)."""
    return max(record_dates(patient), default=LATEST)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patients())
def test_every_generated_patient_reads_back_equal(patient: Patient) -> None:
    bundle = patient_to_fhir(patient)
    read = patient_from_fhir(bundle, as_of=_as_of(patient), validate=False)
    assert read.patient == patient
    assert not read.report.unmapped
    assert not read.report.ignored, read.report.ignored


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patients())
def test_every_written_bundle_is_valid_fhir(patient: Patient) -> None:
    bundle = patient_to_fhir(patient)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    assert patient_from_fhir(bundle, as_of=_as_of(patient)).patient == patient


def test_every_example_patient_reads_back_equal_and_every_resource_is_used() -> None:
    for name, patient in examples.patients().items():
        bundle = patient_to_fhir(patient)
        read = patient_from_fhir(bundle, as_of=date(2022, 12, 31))
        assert read.patient == patient, name
        assert {e.outcome for e in read.report.entries} == {Outcome.USED}, name
        assert len(bundle["entry"]) == len(
            {e.path.split(".resource")[0] for e in read.report.entries}
        ), name
