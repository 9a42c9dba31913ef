"""FHIR labs domain: results by verified LOINC codes (never a percentage differential as an
absolute count), comparators, ULN from the normal reference range, dates from the
Observation or its DiagnosticReport, public examples and the round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from allmodel.errors import FhirError
from allmodel.io.fhir import FhirReading, Outcome, patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._labs import REFERENCE_RANGE_MEANING, analyte_code
from allmodel.io.fhir._systems import ALLMODEL_CODES, LOINC, UCUM
from allmodel.model import ANALYTES, Analyte, Comparator, LabResult, Patient
from tests.strategies import lab_results, patients, record_dates

EXAMPLES = Path(__file__).parent / "corpus"
AS_OF = date(2026, 1, 1)
DAY = "2024-03-04"
UNITS = {Analyte.CREATININE: "mg/dL", Analyte.BILIRUBIN: "mg/dL", Analyte.HEMOGLOBIN: "g/dL"}


def quantity(value: float, code: str) -> dict[str, Any]:
    return {"value": value, "unit": code, "system": UCUM, "code": code}


def lab(
    code: str, value: dict[str, Any] | None, system: str = LOINC, **elements: Any
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": system, "code": code}]},
        "subject": {"reference": "Patient/p1"},
        **elements,
    }
    if value is not None:
        resource["valueQuantity"] = value
    return resource


def read(*resources: dict[str, Any]) -> FhirReading:
    return patient_from_fhir(list(resources), as_of=AS_OF)


def entries(reading: FhirReading, outcome: Outcome) -> list[tuple[str, str]]:
    return [(e.path, e.detail) for e in reading.report.with_outcome(outcome)]


def fhir_error(*resources: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(FhirError) as caught:
        read(*resources)
    return [(p.path, p.message) for p in caught.value.problems]


LOINC_ENTRIES = [e for e in code_table("labs").entries if e.system == LOINC]


def test_table_holds_exactly_the_models_loinc_codes() -> None:
    table = {(e.code, e.means) for e in LOINC_ENTRIES}
    model = {(code, a.value) for a, info in ANALYTES.items() for code in info.loinc}
    assert table == model


@pytest.mark.parametrize("code", [e.code for e in LOINC_ENTRIES])
def test_each_loinc_code(code: str) -> None:
    analyte = Analyte(code_table("labs").get(LOINC, code).means)  # type: ignore[union-attr]
    unit = UNITS.get(analyte, ANALYTES[analyte].canonical)
    found = read(lab(code, quantity(1, unit), effectiveDateTime=DAY))
    assert found.patient.labs == (
        LabResult(analyte=analyte, value=1, unit=unit, date=date(2024, 3, 4), loinc=code),
    )
    assert entries(found, Outcome.USED) == [("[0]", "labs[0]")]


@pytest.mark.parametrize("analyte", list(Analyte))
def test_each_allmodel_analyte_code(analyte: Analyte) -> None:
    unit = UNITS.get(analyte, ANALYTES[analyte].canonical)
    found = read(
        lab(analyte_code(analyte), quantity(1, unit), ALLMODEL_CODES, effectiveDateTime=DAY)
    )
    [result] = found.patient.labs
    assert (result.analyte, result.loinc) == (analyte, None)


def test_percentage_neutrophils_are_not_an_absolute_count() -> None:
    found = read(lab("770-8", quantity(20, "%"), effectiveDateTime=DAY))
    assert found.patient.labs == ()
    [(path, detail)] = entries(found, Outcome.UNMAPPED)
    assert path == "[0].code"
    assert "LOINC 770-8" in detail


def test_anc_in_percent_is_an_error_at_the_unit() -> None:
    [(path, message)] = fhir_error(lab("751-8", quantity(20, "%"), effectiveDateTime=DAY))
    assert path == "[0].valueQuantity.code"
    assert "count per volume" in message


def test_clearance_per_body_surface_is_an_error_at_the_unit() -> None:
    """A clearance in mL/min/{1.73_m2} (an eGFR) is not an absolute clearance: refused at
    the quantity's code (second clinical audit); mL/min is read."""
    code = analyte_code(Analyte.CREATININE_CLEARANCE)
    normalised = quantity(52, "mL/min/{1.73_m2}")
    [(path, message)] = fhir_error(lab(code, normalised, ALLMODEL_CODES, effectiveDateTime=DAY))
    assert path == "[0].valueQuantity.code"
    assert "not an absolute clearance" in message
    found = read(lab(code, quantity(52, "mL/min"), ALLMODEL_CODES, effectiveDateTime=DAY))
    assert [(r.value, r.unit) for r in found.patient.labs] == [(52, "mL/min")]


@pytest.mark.parametrize("comparator", ["<", "<=", ">=", ">"])
def test_comparator(comparator: str) -> None:
    value = {**quantity(0.5, "mg/dL"), "comparator": comparator}
    [result] = read(lab("2160-0", value, effectiveDateTime=DAY)).patient.labs
    assert result.comparator is Comparator(comparator)


def test_result_without_a_date_is_ignored() -> None:
    found = read(lab("718-7", quantity(12, "g/dL")))
    assert found.patient.labs == ()
    assert entries(found, Outcome.IGNORED) == [
        ("[0]", "hemoglobin: no effective date; a result needs its day")
    ]


def test_result_without_a_quantity_is_ignored() -> None:
    found = read(lab("718-7", None, effectiveDateTime=DAY, valueString="12"))
    assert found.patient.labs == ()
    assert entries(found, Outcome.IGNORED) == [
        ("[0]", "hemoglobin: valueString, not a valueQuantity")
    ]


def test_date_from_the_diagnostic_report() -> None:
    report = {
        "resourceType": "DiagnosticReport",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "58410-2"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2011-03-04T08:30:00+11:00",
        "result": [{"reference": "Observation/r1"}],
    }
    result = {**lab("718-7", quantity(176, "g/L")), "id": "r1"}
    found = read(report, result)
    assert found.patient.labs[0].date == date(2011, 3, 4)
    assert ("[0].effectiveDateTime", "labs[0].date") in entries(found, Outcome.USED)


# -- upper limit of normal -----------------------------------------------------------------
NORMAL = {"coding": [{"system": REFERENCE_RANGE_MEANING, "code": "normal"}]}


@pytest.mark.parametrize("kind", [None, NORMAL])
def test_uln_from_a_normal_range(kind: dict[str, Any] | None) -> None:
    range_: dict[str, Any] = {"low": quantity(0.2, "mg/dL"), "high": quantity(0.6, "mg/dL")}
    if kind is not None:
        range_["type"] = kind
    found = read(
        lab("2160-0", quantity(1, "mg/dL"), effectiveDateTime=DAY, referenceRange=[range_])
    )
    assert found.patient.labs[0].upper_limit_of_normal == 0.6
    assert ("[0].referenceRange[0].high", "labs[0].upper_limit_of_normal") in entries(
        found, Outcome.USED
    )


def test_uln_converted_to_the_results_unit() -> None:
    range_ = {"high": quantity(88.4, "umol/L")}
    found = read(
        lab("2160-0", quantity(1, "mg/dL"), effectiveDateTime=DAY, referenceRange=[range_])
    )
    uln = found.patient.labs[0].upper_limit_of_normal
    assert uln == pytest.approx(88.4 * 113.12 / 10000)


def test_range_of_another_type_is_ignored() -> None:
    kind = {"coding": [{"system": REFERENCE_RANGE_MEANING, "code": "therapeutic"}]}
    range_ = {"high": quantity(0.6, "mg/dL"), "type": kind}
    found = read(
        lab("2160-0", quantity(1, "mg/dL"), effectiveDateTime=DAY, referenceRange=[range_])
    )
    assert found.patient.labs[0].upper_limit_of_normal is None
    assert (
        "[0].referenceRange[0]",
        "reference range of another type than normal: no ULN",
    ) in entries(found, Outcome.IGNORED)


def test_range_without_high_and_several_ranges() -> None:
    low_only = {"low": quantity(0.2, "mg/dL")}
    found = read(
        lab("2160-0", quantity(1, "mg/dL"), effectiveDateTime=DAY, referenceRange=[low_only])
    )
    assert found.patient.labs[0].upper_limit_of_normal is None
    assert entries(found, Outcome.IGNORED) == [
        ("[0].referenceRange[0]", "reference range without an upper limit")
    ]
    two = [{"high": quantity(0.6, "mg/dL")}, {"high": quantity(1.1, "mg/dL")}]
    found = read(lab("2160-0", quantity(1, "mg/dL"), effectiveDateTime=DAY, referenceRange=two))
    assert found.patient.labs[0].upper_limit_of_normal is None
    assert [p for p, _ in entries(found, Outcome.IGNORED)] == [
        "[0].referenceRange[0]",
        "[0].referenceRange[1]",
    ]


def test_range_in_another_dimension_is_ignored() -> None:
    range_ = {"high": quantity(450, "g/L")}
    found = read(
        lab("777-3", quantity(100, "10*9/L"), effectiveDateTime=DAY, referenceRange=[range_])
    )
    assert found.patient.labs[0].upper_limit_of_normal is None
    [(path, detail)] = entries(found, Outcome.IGNORED)
    assert path == "[0].referenceRange[0].high"
    assert detail.startswith("upper limit not usable as the ULN")


# -- public examples ---------------------------------------------------------------------
def test_core_cbc_bundle() -> None:
    found = patient_from_fhir(EXAMPLES / "fhir-r4-core__Bundle-101.json", as_of=AS_OF)
    got = [
        (r.analyte, r.value, r.unit, r.loinc, r.upper_limit_of_normal, r.date)
        for r in found.patient.labs
    ]
    day = date(2011, 3, 4)
    assert got == [
        (Analyte.HEMOGLOBIN, 176, "g/L", "718-7", 180, day),
        (Analyte.PLATELETS, 444, "10*9/L", "777-3", 450, day),
        (Analyte.WBC, 4.6, "10*9/L", "6690-2", 11, day),
        (Analyte.ANC, 0.9, "10*9/L", "751-8", 7.5, day),
    ]
    assert found.patient.labs[0].canonical_value == pytest.approx(17.6)
    unmapped = {
        detail.split("LOINC ")[1].split(" ")[0] for _, detail in entries(found, Outcome.UNMAPPED)
    }
    assert {"770-8", "736-9", "5905-5", "713-8", "706-2"} <= unmapped


def test_us_core_creatinine_and_leukocytes() -> None:
    creatinine = patient_from_fhir(
        EXAMPLES / "us-core__observation-serum-creatinine.json", as_of=AS_OF
    )
    [result] = creatinine.patient.labs
    assert (result.value, result.unit, result.upper_limit_of_normal) == (1, "mg/dL", 0.6)
    assert result.times_upper_limit == pytest.approx(1 / 0.6)
    leukocytes = patient_from_fhir(
        EXAMPLES / "us-core__observation-cbc-leukocytes.json", as_of=AS_OF
    )
    [wbc] = leukocytes.patient.labs
    assert (wbc.analyte, wbc.value, wbc.unit, wbc.upper_limit_of_normal) == (
        Analyte.WBC,
        10,
        "10*3/uL",
        11,
    )


def test_mii_test_data_bundle_labs() -> None:
    found = patient_from_fhir(
        EXAMPLES / "mii-testdata__Bundle-mii-exa-test-data-bundle-pat-2.json", as_of=AS_OF
    )
    got = [(r.analyte, r.value, r.unit, r.upper_limit_of_normal) for r in found.patient.labs]
    assert got == [
        (Analyte.WBC, 3.2, "/nL", 10.5),
        (Analyte.HEMOGLOBIN, 9.2, "g/dL", None),
        (Analyte.PLATELETS, 120, "/nL", None),
    ]
    assert any("LOINC 26453-1" in detail for _, detail in entries(found, Outcome.UNMAPPED))


# -- writing -----------------------------------------------------------------------------
def test_writer_codes_loinc_or_analyte_code() -> None:
    day = date(2024, 1, 1)
    with_loinc = LabResult(analyte=Analyte.ANC, value=0.4, unit="10^9/L", date=day, loinc="751-8")
    without = LabResult(analyte=Analyte.ANC, value=0.4, unit="10^9/L", date=day)
    written = patient_to_fhir(Patient(labs=(with_loinc, without)))["entry"][1:]
    assert [c["code"] for c in written[0]["resource"]["code"]["coding"]] == ["751-8"]
    assert written[1]["resource"]["code"]["coding"] == [
        {"system": ALLMODEL_CODES, "code": "lab-anc", "display": "absolute neutrophil count"}
    ]


def test_a_loinc_code_allmodel_does_not_read_survives_the_round_trip() -> None:
    result = LabResult(
        analyte=Analyte.MARROW_BLASTS, value=30, unit="%", date=date(2024, 1, 1), loinc="1-8"
    )
    back = patient_from_fhir(patient_to_fhir(Patient(labs=(result,))), as_of=AS_OF).patient
    assert back.labs == (result,)


@settings(max_examples=200, deadline=None)
@given(patients())
def test_round_trip(patient: Patient) -> None:
    as_of = max(record_dates(patient), default=date(2000, 1, 1))
    back = patient_from_fhir(patient_to_fhir(patient), as_of=as_of, validate=True).patient
    assert back.labs == patient.labs
    assert [lab.unit for lab in back.labs] == [lab.unit for lab in patient.labs]


@settings(max_examples=200, deadline=None)
@given(lab_results())
def test_round_trip_of_single_results(result: LabResult) -> None:
    back = patient_from_fhir(
        patient_to_fhir(Patient(labs=(result,))), as_of=date(9999, 1, 1)
    ).patient
    assert back.labs == (result,)
    assert (back.labs[0].loinc, back.labs[0].comparator) == (result.loinc, result.comparator)
