"""FHIR observations domain: body size, ECOG, LVEF, pregnancy, breastfeeding, the treating
team's judgements and the undated flags, read from real-shaped resources and round-tripped."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from allmodel.errors import FhirError
from allmodel.io.fhir import FhirReading, Outcome, patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._observations import (
    ADEQUATE_ORGAN_FUNCTION,
    CERTIFIED_CAR_T_CENTRE,
    CUMULATIVE_ANTHRACYCLINE,
    FIT_FOR_INTENSIVE_THERAPY,
    HCT_CANDIDATE,
    HEPATIC_DYSFUNCTION_DUE_TO_LEUKEMIA,
    NO_ALTERNATIVE_TREATMENT,
    NO_OTHER_TKI_INDICATED,
    PREFERS_PALLIATIVE_CARE,
    RENAL_DYSFUNCTION_DUE_TO_LEUKEMIA,
)
from allmodel.io.fhir._systems import ALLMODEL_CODES, LOINC, SNOMED, UCUM
from allmodel.measures import DosePerArea, Length, Mass
from allmodel.model import EcogAssessment, Finding, LvefMeasurement, Patient
from tests.strategies import patients, record_dates

EXAMPLES = Path(__file__).parent / "corpus"
AS_OF = date(2026, 1, 1)
DAY = "2024-03-04"
FIELDS = (
    "height",
    "weight",
    "ecog",
    "pregnant",
    "lactating",
    "prefers_palliative_care",
    "fit_for_intensive_therapy",
    "hct_candidate",
    "no_alternative_treatment",
    "no_other_tki_indicated",
    "adequate_organ_function",
    "hepatic_dysfunction_due_to_leukemia",
    "renal_dysfunction_due_to_leukemia",
    "certified_car_t_centre",
    "lvef_percent",
    "cumulative_anthracycline",
)


def observation(system: str, code: str, **elements: Any) -> dict[str, Any]:
    """A final Observation about Patient/p1 with one coding and the given elements."""
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": system, "code": code}]},
        "subject": {"reference": "Patient/p1"},
        **elements,
    }


def quantity(value: float, code: str) -> dict[str, Any]:
    return {"value": value, "unit": code, "system": UCUM, "code": code}


def read(*resources: dict[str, Any], as_of: date = AS_OF) -> FhirReading:
    return patient_from_fhir(list(resources), as_of=as_of)


def entries(reading: FhirReading, outcome: Outcome) -> list[tuple[str, str]]:
    return [(e.path, e.detail) for e in reading.report.with_outcome(outcome)]


def fhir_error(*resources: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(FhirError) as caught:
        read(*resources)
    return [(p.path, p.message) for p in caught.value.problems]


# -- body size ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "unit", "field", "expected"),
    [
        ("8302-2", "cm", "height", Length(168, "cm")),
        ("8302-2", "[in_i]", "height", Length(68, "[in_i]")),
        ("29463-7", "kg", "weight", Mass(68, "kg")),
        ("3141-9", "[lb_av]", "weight", Mass(68, "[lb_av]")),
    ],
)
def test_body_size_codes(code: str, unit: str, field: str, expected: Length | Mass) -> None:
    found = read(
        observation(
            LOINC, code, effectiveDateTime=DAY, valueQuantity=quantity(expected.value, unit)
        )
    )
    assert getattr(found.patient, field) == expected
    assert entries(found, Outcome.USED) == [("[0]", field)]


def test_latest_dated_height_wins_and_the_others_are_superseded() -> None:
    old = observation(
        LOINC, "8302-2", effectiveDateTime="2020-01-01", valueQuantity=quantity(170, "cm")
    )
    new = observation(
        LOINC, "8302-2", effectiveDateTime="2020-01-02", valueQuantity=quantity(168, "cm")
    )
    undated = observation(LOINC, "8302-2", valueQuantity=quantity(150, "cm"))
    found = read(old, new, undated)
    assert found.patient.height == Length(168, "cm")
    assert entries(found, Outcome.USED) == [("[1]", "height")]
    assert entries(found, Outcome.IGNORED) == [
        ("[0]", "height: superseded by the later [1]"),
        ("[2]", "height: undated, and a dated height is given"),
    ]


def test_undated_weights_must_agree() -> None:
    one = observation(LOINC, "29463-7", valueQuantity=quantity(70, "kg"))
    other = observation(LOINC, "29463-7", valueQuantity=quantity(71, "kg"))
    assert read(one, dict(one)).patient.weight == Mass(70, "kg")
    assert fhir_error(one, other) == [("[1]", "gives weight a value that conflicts with [0]")]


def test_height_dated_after_as_of_is_refused() -> None:
    late = observation(
        LOINC, "8302-2", effectiveDateTime="2026-01-02", valueQuantity=quantity(170, "cm")
    )
    on_day = observation(
        LOINC, "8302-2", effectiveDateTime="2026-01-01", valueQuantity=quantity(170, "cm")
    )
    assert fhir_error(late) == [("[0]", "height is dated after as_of")]
    assert read(on_day).patient.height == Length(170, "cm")


def test_height_in_a_mass_unit_is_an_error_at_the_unit() -> None:
    wrong = observation(LOINC, "8302-2", valueQuantity=quantity(70, "kg"))
    [(path, message)] = fhir_error(wrong)
    assert path == "[0].valueQuantity.code"
    assert "length" in message


def test_height_given_as_a_limit_is_ignored() -> None:
    limit = {**quantity(250, "cm"), "comparator": ">"}
    found = read(observation(LOINC, "8302-2", valueQuantity=limit))
    assert found.patient.height is None
    assert entries(found, Outcome.IGNORED) == [
        ("[0].valueQuantity", "height: a value given only as a limit (>)")
    ]


def test_core_weight_example_in_pounds() -> None:
    found = patient_from_fhir(EXAMPLES / "fhir-r4-core__Observation-example.json", as_of=AS_OF)
    assert found.patient.weight == Mass(185, "[lb_av]")
    assert round(found.patient.weight.magnitude_in("kg"), 1) == 83.9
    assert ("Observation.encounter", "not read by allmodel") in entries(found, Outcome.IGNORED)


def test_cibmtr_height_in_inches_keeps_its_value() -> None:
    found = patient_from_fhir(EXAMPLES / "cibmtr__Observation-BodyHeight.json", as_of=AS_OF)
    assert found.patient.height == Length(65.89999999999999, "[in_i]")
    assert round(found.patient.height.magnitude_in("cm"), 1) == 167.4


# -- ECOG --------------------------------------------------------------------------------
@pytest.mark.parametrize("grade", [0, 1, 2, 3, 4])
def test_ecog_integer(grade: int) -> None:
    found = read(observation(LOINC, "89247-1", effectiveDateTime=DAY, valueInteger=grade))
    assert found.patient.ecog == EcogAssessment(value=grade, date=date(2024, 3, 4))


@pytest.mark.parametrize(
    ("answer", "grade"),
    [
        (e.code, int(e.means[5:]))
        for e in code_table("observations").entries
        if e.means.startswith("ecog:")
    ],
)
def test_ecog_loinc_answer(answer: str, grade: int) -> None:
    value = {"coding": [{"system": LOINC, "code": answer}]}
    found = read(observation(LOINC, "89247-1", effectiveDateTime=DAY, valueCodeableConcept=value))
    assert found.patient.ecog == EcogAssessment(value=grade, date=date(2024, 3, 4))


def test_ecog_answer_table_is_complete() -> None:
    grades = sorted(
        e.means for e in code_table("observations").entries if e.means.startswith("ecog:")
    )
    assert grades == ["ecog:0", "ecog:1", "ecog:2", "ecog:3", "ecog:4"]


def test_ecog_mcode_stu1_example() -> None:
    path = EXAMPLES / "mcode-stu1__Observation-mCODEECOGPerformanceStatusExample01.json"
    found = patient_from_fhir(path, as_of=AS_OF)
    assert found.patient.ecog == EcogAssessment(value=0, date=date(2019, 4, 1))
    assert ("Observation.method", "not read by allmodel") in entries(found, Outcome.IGNORED)


def test_ecog_interpretation_that_disagrees_is_an_error() -> None:
    stated = [{"coding": [{"system": LOINC, "code": "LA9623-5"}]}]
    resource = observation(
        LOINC, "89247-1", effectiveDateTime=DAY, valueInteger=2, interpretation=stated
    )
    assert fhir_error(resource) == [
        ("[0].interpretation[0].coding[0]", "says ECOG 1 but the value is ECOG 2")
    ]


def test_ecog_5_dead_is_not_mapped() -> None:
    value = {"coding": [{"system": LOINC, "code": "LA9627-6"}]}
    found = read(observation(LOINC, "89247-1", effectiveDateTime=DAY, valueCodeableConcept=value))
    assert found.patient.ecog is None
    assert entries(found, Outcome.UNMAPPED) == [
        ("[0].valueCodeableConcept", "ECOG answer allmodel does not map")
    ]


def test_ecog_integer_out_of_range_is_an_error() -> None:
    [(path, message)] = fhir_error(
        observation(LOINC, "89247-1", effectiveDateTime=DAY, valueInteger=5)
    )
    assert path == "[0]"
    assert message.startswith("(value)")


def test_ecog_without_a_date_is_ignored() -> None:
    found = read(observation(LOINC, "89247-1", valueInteger=1))
    assert found.patient.ecog is None
    assert entries(found, Outcome.IGNORED) == [
        ("[0]", "ecog: no effective date; the model holds it with its date")
    ]


def test_ecog_latest_wins() -> None:
    early = observation(LOINC, "89247-1", effectiveDateTime="2024-01-01", valueInteger=1)
    late = observation(LOINC, "89247-1", effectiveDateTime="2024-02-01", valueInteger=3)
    assert read(late, early).patient.ecog == EcogAssessment(value=3, date=date(2024, 2, 1))


def test_mii_ecog_component_shape_is_reported_unmapped() -> None:
    path = EXAMPLES / "mii-onko__Observation-mii-exa-onko-allgemeiner-leistungszustand-1.json"
    found = patient_from_fhir(path, as_of=AS_OF)
    assert found.patient.ecog is None
    assert entries(found, Outcome.UNMAPPED) == [
        ("Observation.code", "Observation code allmodel does not map: SNOMED CT 423690003")
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ({"start": "2024-03-04T08:00:00Z", "end": "2024-03-04T23:59:00Z"}, date(2024, 3, 4)),
        ({"start": "2024-03-04T08:00:00Z", "end": "2024-03-05T00:00:00Z"}, None),
    ],
)
def test_effective_period_within_one_day(period: dict[str, str], expected: date | None) -> None:
    found = read(observation(LOINC, "89247-1", effectivePeriod=period, valueInteger=1))
    assert (found.patient.ecog.date if found.patient.ecog else None) == expected


# -- LVEF --------------------------------------------------------------------------------
@pytest.mark.parametrize(("system", "code"), [(LOINC, "10230-1"), (SNOMED, "250908004")])
def test_lvef_codes(system: str, code: str) -> None:
    found = read(observation(system, code, effectiveDateTime=DAY, valueQuantity=quantity(55, "%")))
    assert found.patient.lvef_percent == LvefMeasurement(value=55, date=date(2024, 3, 4))


def test_lvef_in_another_unit_is_an_error() -> None:
    [(path, _)] = fhir_error(
        observation(LOINC, "10230-1", effectiveDateTime=DAY, valueQuantity=quantity(55, "mg"))
    )
    assert path == "[0].valueQuantity.code"


def test_mii_lvef_example_without_subject_reference_is_ignored() -> None:
    found = patient_from_fhir(
        EXAMPLES / "mii-kardio__Observation-mii-exa-kardio-lvef.json", as_of=AS_OF
    )
    assert found.patient.lvef_percent is None
    assert entries(found, Outcome.IGNORED) == [
        ("Observation", "no subject reference: it cannot be tied to the patient")
    ]


# -- pregnancy and breastfeeding ---------------------------------------------------------
ANSWERS = [
    (e.system, e.code, e.means)
    for e in code_table("observations").entries
    if e.means.startswith(("pregnant:", "lactating:"))
]


@pytest.mark.parametrize(("system", "code", "means"), ANSWERS)
def test_status_answers(system: str, code: str, means: str) -> None:
    field, _, value = means.partition(":")
    question = code_table("observations").first(field)
    answer = {"coding": [{"system": system, "code": code}]}
    found = read(
        observation(
            question.system, question.code, effectiveDateTime=DAY, valueCodeableConcept=answer
        )
    )
    assert getattr(found.patient, field) == Finding(value=value == "true", date=date(2024, 3, 4))


@pytest.mark.parametrize(("system", "code"), [(SNOMED, "261665006"), (LOINC, "LA4489-6")])
@pytest.mark.parametrize("question", ["82810-3", "63895-7"])
def test_unknown_status_stays_unrecorded(system: str, code: str, question: str) -> None:
    answer = {"coding": [{"system": system, "code": code}]}
    found = read(observation(LOINC, question, effectiveDateTime=DAY, valueCodeableConcept=answer))
    assert found.patient.pregnant is None
    assert found.patient.lactating is None
    [(path, detail)] = entries(found, Outcome.IGNORED)
    assert path == "[0].valueCodeableConcept"
    assert detail.endswith("the answer is unknown, so it stays unrecorded")


def test_unmapped_pregnancy_answer() -> None:
    answer = {"coding": [{"system": SNOMED, "code": "146799005"}]}
    found = read(observation(LOINC, "82810-3", effectiveDateTime=DAY, valueCodeableConcept=answer))
    assert found.patient.pregnant is None
    assert entries(found, Outcome.UNMAPPED) == [
        ("[0].valueCodeableConcept", "pregnant answer allmodel does not map")
    ]


def test_contradicting_pregnancy_answers_are_an_error() -> None:
    answer = {
        "coding": [{"system": SNOMED, "code": "77386006"}, {"system": LOINC, "code": "LA26683-5"}]
    }
    resource = observation(LOINC, "82810-3", effectiveDateTime=DAY, valueCodeableConcept=answer)
    assert fhir_error(resource) == [
        ("[0].valueCodeableConcept", "gives pregnant contradicting answers")
    ]


def test_us_core_pregnancy_example() -> None:
    found = patient_from_fhir(EXAMPLES / "us-core__observation-pregnancy-status.json", as_of=AS_OF)
    assert found.patient.pregnant == Finding(value=True, date=date(2022, 8, 24))
    assert ("Observation.category", "not read by allmodel") in entries(found, Outcome.IGNORED)


# -- allmodel's own codes ----------------------------------------------------------------
JUDGEMENTS = {
    FIT_FOR_INTENSIVE_THERAPY: "fit_for_intensive_therapy",
    HCT_CANDIDATE: "hct_candidate",
    NO_ALTERNATIVE_TREATMENT: "no_alternative_treatment",
    NO_OTHER_TKI_INDICATED: "no_other_tki_indicated",
    ADEQUATE_ORGAN_FUNCTION: "adequate_organ_function",
    HEPATIC_DYSFUNCTION_DUE_TO_LEUKEMIA: "hepatic_dysfunction_due_to_leukemia",
    RENAL_DYSFUNCTION_DUE_TO_LEUKEMIA: "renal_dysfunction_due_to_leukemia",
}


@pytest.mark.parametrize(("code", "field"), JUDGEMENTS.items())
@pytest.mark.parametrize("value", [True, False])
def test_judgements(code: str, field: str, value: bool) -> None:
    found = read(observation(ALLMODEL_CODES, code, effectiveDateTime=DAY, valueBoolean=value))
    assert getattr(found.patient, field) == Finding(value=value, date=date(2024, 3, 4))


def test_judgement_without_date_or_boolean_is_ignored() -> None:
    undated = observation(ALLMODEL_CODES, HCT_CANDIDATE, valueBoolean=True)
    text = observation(ALLMODEL_CODES, HCT_CANDIDATE, effectiveDateTime=DAY, valueString="yes")
    found = read(undated, text)
    assert found.patient.hct_candidate is None
    assert entries(found, Outcome.IGNORED) == [
        ("[0]", "hct_candidate: no effective date; the model holds it with its date"),
        ("[1].valueString", "hct_candidate: valueString is not read (allmodel reads valueBoolean)"),
    ]


def test_judgement_value_of_the_wrong_type_is_an_error() -> None:
    resource = observation(
        ALLMODEL_CODES, HCT_CANDIDATE, effectiveDateTime=DAY, valueBoolean="true"
    )
    assert fhir_error(resource) == [("[0].valueBoolean", "must be a boolean, not a string")]


@pytest.mark.parametrize(
    ("code", "field"),
    [
        (PREFERS_PALLIATIVE_CARE, "prefers_palliative_care"),
        (CERTIFIED_CAR_T_CENTRE, "certified_car_t_centre"),
    ],
)
def test_undated_flags(code: str, field: str) -> None:
    assert (
        getattr(read(observation(ALLMODEL_CODES, code, valueBoolean=False)).patient, field) is False
    )
    dated = observation(ALLMODEL_CODES, code, effectiveDateTime=DAY, valueBoolean=True)
    assert getattr(read(dated).patient, field) is True


def test_cumulative_anthracycline() -> None:
    resource = observation(
        ALLMODEL_CODES, CUMULATIVE_ANTHRACYCLINE, valueQuantity=quantity(300, "mg/m2")
    )
    assert read(resource).patient.cumulative_anthracycline == DosePerArea(300, "mg/m2")
    flat = observation(ALLMODEL_CODES, CUMULATIVE_ANTHRACYCLINE, valueQuantity=quantity(300, "mg"))
    [(path, _)] = fhir_error(flat)
    assert path == "[0].valueQuantity.code"


# -- writing -----------------------------------------------------------------------------
def test_writer_codes() -> None:
    patient = Patient(
        height=Length(170, "cm"),
        ecog=EcogAssessment(value=1, date=date(2024, 1, 1)),
        pregnant=Finding(value=False, date=date(2024, 1, 1)),
        hct_candidate=Finding(value=True, date=date(2024, 1, 2)),
        certified_car_t_centre=True,
    )
    written = [e["resource"] for e in patient_to_fhir(patient)["entry"][1:]]
    assert [r["code"]["coding"][0]["code"] for r in written] == [
        "8302-2",
        "89247-1",
        "82810-3",
        HCT_CANDIDATE,
        CERTIFIED_CAR_T_CENTRE,
    ]
    assert "effectiveDateTime" not in written[0]
    assert written[2]["valueCodeableConcept"]["coding"][0]["code"] == "60001007"
    assert written[3]["effectiveDateTime"] == "2024-01-02"
    assert "effectiveDateTime" not in written[4]


@settings(max_examples=200, deadline=None)
@given(patients())
def test_round_trip(patient: Patient) -> None:
    as_of = max(record_dates(patient), default=date(2000, 1, 1))
    back = patient_from_fhir(patient_to_fhir(patient), as_of=as_of, validate=True).patient
    for field in FIELDS:
        assert getattr(back, field) == getattr(patient, field), field
