"""The FHIR MRD domain: level, method, sensitivity and sample."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from allmodel.errors import FhirError
from allmodel.io.fhir import Outcome, patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._mrd import MRD, SENSITIVITY
from allmodel.io.fhir._systems import SNOMED, UCUM
from allmodel.model import MrdMethod, MrdResult, MrdStatus, Patient, Sample
from allmodel.model._mrd import classify_mrd
from tests.io.fhir.test_disease import (
    SUBJECT,
    as_of_for,
    concept,
    entries,
    observation,
    own,
    problems,
    read,
)
from tests.strategies import patients

WHEN = date(2023, 6, 1)


def fraction(value: float, *, unit: str = "1", comparator: str | None = None) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": value, "system": UCUM, "code": unit}
    if comparator is not None:
        quantity["comparator"] = comparator
    return quantity


def sensitivity(value: float) -> dict[str, Any]:
    return {"code": own(SENSITIVITY), "valueQuantity": fraction(value)}


def mrd(**elements: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"effectiveDateTime": "2023-06-01", "method": own("flow_cytometry")}
    base.update(elements)
    return observation(own(MRD), **{k: v for k, v in base.items() if v is not None})


class TestTable:
    def test_every_entry_is_a_snomed_specimen(self) -> None:
        """The specimen codes are SNOMED CT, each meaning a model sample."""
        for entry in code_table("mrd").entries:
            assert entry.source == "cs-snomed-ct"
            assert Sample(entry.means)


class TestLevel:
    def test_fraction_with_sensitivity(self) -> None:
        """Level and sensitivity as fractions (UCUM 1)."""
        reading = read(mrd(valueQuantity=fraction(3e-4), component=[sensitivity(1e-5)]))
        assert reading.patient.mrd == (
            MrdResult(date=WHEN, method=MrdMethod.FLOW_CYTOMETRY, level=3e-4, sensitivity=1e-5),
        )

    def test_percent_is_divided_by_100(self) -> None:
        """0.01 % is a level of 1e-4."""
        reading = read(mrd(valueQuantity=fraction(0.01, unit="%")))
        assert reading.patient.mrd[0].level == pytest.approx(1e-4)

    def test_below_a_limit_is_not_detected_with_that_sensitivity(self) -> None:
        """'< 1e-4' is not detected by an assay reaching 1e-4."""
        reading = read(mrd(valueQuantity=fraction(1e-4, comparator="<")))
        result = reading.patient.mrd[0]
        assert (result.level, result.sensitivity) == (0.0, 1e-4)
        assert classify_mrd(result)[0] is MrdStatus.NEGATIVE

    def test_below_a_limit_keeps_a_given_sensitivity(self) -> None:
        """A sensitivity component wins over the comparator's value."""
        reading = read(
            mrd(valueQuantity=fraction(1e-4, comparator="<"), component=[sensitivity(1e-3)])
        )
        result = reading.patient.mrd[0]
        assert (result.level, result.sensitivity) == (0.0, 1e-3)
        assert classify_mrd(result)[0] is MrdStatus.NOT_EVALUABLE

    def test_above_a_limit_is_not_read(self) -> None:
        """'> 1e-2' leaves the level unknown."""
        reading = read(mrd(valueQuantity=fraction(1e-2, comparator=">")))
        assert reading.patient.mrd == ()
        assert entries(reading, "[1].valueQuantity") == [
            (Outcome.IGNORED, "MRD level > 0.01: the level is unknown")
        ]

    def test_not_detected_without_sensitivity_stays_undecided(self) -> None:
        """SNOMED CT negative with no sensitivity: level 0, sensitivity unreported."""
        reading = read(mrd(valueCodeableConcept=concept(SNOMED, "260385009")))
        result = reading.patient.mrd[0]
        assert (result.level, result.sensitivity) == (0.0, None)
        assert classify_mrd(result)[0] is None

    def test_not_detected_keeps_its_sensitivity(self) -> None:
        """SNOMED CT negative with a sensitivity of 1e-5: negative."""
        reading = read(
            mrd(valueCodeableConcept=concept(SNOMED, "260385009"), component=[sensitivity(1e-5)])
        )
        result = reading.patient.mrd[0]
        assert (result.level, result.sensitivity) == (0.0, 1e-5)
        assert classify_mrd(result)[0] is MrdStatus.NEGATIVE

    def test_positive_without_level_is_not_read(self) -> None:
        """A positive call gives no level."""
        reading = read(mrd(valueCodeableConcept=concept(SNOMED, "10828004")))
        assert reading.patient.mrd == ()
        assert entries(reading, "[1]") == [
            (Outcome.IGNORED, "MRD result without a level or a not-detected value")
        ]

    def test_level_above_one_is_refused(self) -> None:
        """A level of 2 is refused by the model, at the resource."""
        with pytest.raises(FhirError) as error:
            read(mrd(valueQuantity=fraction(2)))
        assert [path for path, _ in problems(error)] == ["[1]"]

    def test_mass_unit_is_an_error(self) -> None:
        """A level in mg is refused at the unit code."""
        with pytest.raises(FhirError) as error:
            read(mrd(valueQuantity=fraction(1, unit="mg")))
        assert [path for path, _ in problems(error)] == ["[1].valueQuantity.code"]

    def test_sensitivity_with_comparator_is_an_error(self) -> None:
        """The sensitivity must be a plain value."""
        component = sensitivity(1e-4)
        component["valueQuantity"]["comparator"] = "<"
        with pytest.raises(FhirError) as error:
            read(mrd(valueQuantity=fraction(0), component=[component]))
        assert problems(error) == [("[1].component[0].valueQuantity.comparator", "must be absent")]


class TestMethodDateSample:
    @pytest.mark.parametrize("method", list(MrdMethod))
    def test_each_method(self, method: MrdMethod) -> None:
        """allmodel's method codes."""
        reading = read(mrd(valueQuantity=fraction(0), method=own(method.value)))
        assert reading.patient.mrd[0].method is method

    def test_no_method_is_not_read(self) -> None:
        """The model needs the method."""
        resource = mrd(valueQuantity=fraction(0))
        del resource["method"]
        reading = read(resource)
        assert reading.patient.mrd == ()
        assert entries(reading, "[1]") == [
            (Outcome.IGNORED, "MRD result without a method: allmodel needs one")
        ]

    def test_unknown_method_is_unmapped(self) -> None:
        """A method code allmodel lacks is reported unmapped."""
        reading = read(mrd(valueQuantity=fraction(0), method=concept(SNOMED, "426329006")))
        assert reading.patient.mrd == ()
        assert entries(reading, "[1].method") == [
            (Outcome.UNMAPPED, "MRD method allmodel does not map")
        ]

    def test_undated_is_not_read(self) -> None:
        """The model needs the date."""
        resource = mrd(valueQuantity=fraction(0))
        del resource["effectiveDateTime"]
        reading = read(resource)
        assert entries(reading, "[1]") == [
            (Outcome.IGNORED, "mrd: no effective date, and allmodel needs one")
        ]

    @pytest.mark.parametrize(
        ("code", "sample"),
        [(e.code, Sample(e.means)) for e in code_table("mrd").entries],
    )
    def test_specimen_in_the_bundle(self, code: str, sample: Sample) -> None:
        """A Specimen in the input, by its SNOMED CT type."""
        specimen = {
            "resourceType": "Specimen",
            "id": "s1",
            "type": concept(SNOMED, code),
            "subject": SUBJECT,
        }
        reading = read(
            specimen, mrd(valueQuantity=fraction(0), specimen={"reference": "Specimen/s1"})
        )
        assert reading.patient.mrd[0].sample is sample

    def test_unknown_specimen_type_is_unmapped(self) -> None:
        """A specimen type allmodel lacks leaves the sample unrecorded, reported."""
        contained = {"resourceType": "Specimen", "id": "x", "type": concept(SNOMED, "119339001")}
        reading = read(
            mrd(valueQuantity=fraction(0), contained=[contained], specimen={"reference": "#x"})
        )
        assert reading.patient.mrd[0].sample is None
        assert entries(reading, "[1].contained[0].type") == [
            (Outcome.UNMAPPED, "specimen type allmodel does not map")
        ]

    def test_missing_specimen_is_reported(self) -> None:
        """A specimen outside the input is reported, the sample stays unrecorded."""
        reading = read(mrd(valueQuantity=fraction(0), specimen={"reference": "Specimen/gone"}))
        assert reading.patient.mrd[0].sample is None
        assert entries(reading, "[1].specimen") == [
            (Outcome.IGNORED, "specimen not in the input: sample not recorded")
        ]


class TestWriter:
    @settings(max_examples=200, deadline=None)
    @given(patients())
    def test_round_trip(self, patient: Patient) -> None:
        """Every MRD result reads back exactly, in order (validated R4B)."""
        bundle = patient_to_fhir(patient)
        back = patient_from_fhir(bundle, as_of=as_of_for(patient), validate=True).patient
        assert back.mrd == patient.mrd

    def test_not_detected_without_sensitivity_writes_no_sensitivity(self) -> None:
        """A level of 0 with no sensitivity gets no sensitivity component."""
        patient = Patient(mrd=(MrdResult(date=WHEN, method=MrdMethod.PCR, level=0.0),))
        resource = patient_to_fhir(patient)["entry"][1]["resource"]
        assert resource["valueQuantity"]["value"] == 0.0
        assert "component" not in resource
