"""Acceptance of load_patient: what is refused, at which JSON path, the document's strict
shape, and what an error never says (identifiers, dates of birth)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allmodel import AllModelError, DocumentError, ValidationError, load_patient
from tests.io.refusals import IDENTIFIED, SECRET_DOB, SECRET_ID, platelet_lab, problems_of


class TestDocumentError:
    """The error load_patient raises."""

    def test_is_a_value_error_and_an_allmodel_error(self) -> None:
        """DocumentError is caught by `except ValueError` and by `except AllModelError`."""
        with pytest.raises(DocumentError) as caught:
            load_patient({"ecog": {"value": 9, "date": "2022-10-01"}})
        assert isinstance(caught.value, ValueError)
        assert isinstance(caught.value, AllModelError)
        assert isinstance(caught.value, ValidationError)

    def test_str_names_path_and_message(self) -> None:
        """str(error) reads `$.path: message`."""
        with pytest.raises(DocumentError) as caught:
            load_patient({"ecog": {"value": 9, "date": "2022-10-01"}})
        assert str(caught.value) == "$.ecog.value: must be >= 0 and <= 4, got 9"


class TestRefusedValues:
    """Values that break a constraint are refused at their exact JSON path."""

    def test_dose_in_mg_where_mg_per_m2_is_required(self) -> None:
        """A cumulative anthracycline dose in mg is refused at its unit, not converted."""
        problems = problems_of({"cumulative_anthracycline": {"value": 300, "unit": "mg"}})
        assert problems == {
            "$.cumulative_anthracycline.unit": "'mg' is not a mass per body surface area"
        }

    def test_platelets_in_g_per_dl(self) -> None:
        """Platelets in g/dL are refused at the lab's unit, naming the expected dimension."""
        problems = problems_of({"labs": [platelet_lab(unit="g/dL")]})
        assert list(problems) == ["$.labs[0].unit"]
        assert problems["$.labs[0].unit"].startswith("'g/dL' is not a count per volume")

    def test_marrow_blasts_over_100_percent(self) -> None:
        """Marrow blasts of 140 % are refused at that lab's value."""
        blasts = platelet_lab(analyte="marrow_blasts", value=140, unit="%")
        problems = problems_of({"labs": [platelet_lab(), platelet_lab(), blasts]})
        assert problems == {
            "$.labs[2].value": "must be 0 or between 1e-06 and 100 % for bone marrow blasts,"
            " got 140 %"
        }

    def test_weight_zero(self) -> None:
        """A weight of 0 kg is refused at the weight."""
        problems = problems_of({"weight": {"value": 0, "unit": "kg"}})
        assert problems == {"$.weight": "must be between 0.2 and 650 kg, got 0 kg"}

    def test_weight_of_a_whale(self) -> None:
        """A weight above 650 kg, in any unit, is refused at the weight."""
        problems = problems_of({"weight": {"value": 700_000, "unit": "g"}})
        assert list(problems) == ["$.weight"]

    def test_relapse_before_diagnosis(self) -> None:
        """A relapse dated before the diagnosis is refused at the relapse's date."""
        course = {"diagnosis_date": "2020-02-10", "relapses": [{"date": "2019-12-31"}]}
        problems = problems_of({"course": course})
        assert problems == {"$.course.relapses[0].date": "is before the diagnosis date"}

    def test_lab_before_birth(self) -> None:
        """A lab dated before the date of birth is refused at the lab's date."""
        problems = problems_of(
            {"date_of_birth": "1980-01-01", "labs": [platelet_lab(date="1979-12-31")]}
        )
        assert problems == {"$.labs[0].date": "is before the date of birth"}

    def test_date_of_birth_after_as_of(self) -> None:
        """With as_of, a date of birth after it is refused at the date of birth."""
        problems = problems_of({"date_of_birth": "2023-01-01"}, as_of=date(2022, 12, 31))
        assert problems == {"$.date_of_birth": "is after as_of"}

    def test_any_date_after_as_of(self) -> None:
        """With as_of, every later date is listed, at its own path."""
        document = {"labs": [platelet_lab(date="2022-12-31"), platelet_lab(date="2023-01-01")]}
        problems = problems_of(document, as_of=date(2022, 12, 31))
        assert problems == {"$.labs[1].date": "is after as_of"}

    def test_without_as_of_future_dates_are_accepted(self) -> None:
        """Without as_of there is no "future": a 2090 lab is accepted."""
        patient = load_patient({"labs": [platelet_lab(date="2090-01-01")]})
        assert patient.labs[0].date == date(2090, 1, 1)

    def test_ph_negative_with_transcript(self) -> None:
        """A transcript given for Ph-negative disease is refused at the transcript."""
        disease = {"philadelphia": "negative", "bcr_abl1_transcript": "p190"}
        problems = problems_of({"disease": disease})
        assert problems == {
            "$.disease.bcr_abl1_transcript": "is given but philadelphia is negative"
        }

    def test_unknown_enumeration_value(self) -> None:
        """An enumeration value outside the closed list is refused, listing the allowed ones."""
        problems = problems_of({"sex": "f"})
        assert problems == {"$.sex": "'f' is not one of: female, male, other"}

    def test_misspelt_agent(self) -> None:
        """A misspelt agent is refused at its index in the agents array."""
        line = {
            "regimen": "blina",
            "agents": ["blinatumomb"],
            "start": "2022-01-03",
            "intent": "salvage",
        }
        problems = problems_of({"course": {"treatment_lines": [line]}})
        assert list(problems) == ["$.course.treatment_lines[0].agents[0]"]


class TestDocumentShape:
    """The document's shape is strict: required keys, no unknown keys, exact JSON types."""

    def test_missing_required_field(self) -> None:
        """A lab without a date is refused at `$.labs[0].date`."""
        problems = problems_of({"labs": [platelet_lab(date=None)]})
        assert problems == {"$.labs[0].date": "required field missing"}

    def test_missing_unit_of_a_measure(self) -> None:
        """A measure without a unit is refused at its unit."""
        problems = problems_of({"height": {"value": 170}})
        assert problems == {"$.height.unit": "required field missing"}

    def test_unknown_top_level_key(self) -> None:
        """An unknown key at the top is refused at `$.foo`."""
        assert problems_of({"foo": 1}) == {"$.foo": "unknown key"}

    def test_unknown_nested_key(self) -> None:
        """An unknown key inside the disease is refused at `$.disease.bar`."""
        assert problems_of({"disease": {"bar": 1}}) == {"$.disease.bar": "unknown key"}

    def test_unknown_key_in_a_measure(self) -> None:
        """A measure takes value and unit only."""
        problems = problems_of({"weight": {"value": 70, "unit": "kg", "approx": True}})
        assert problems == {"$.weight.approx": "unknown key"}

    @pytest.mark.parametrize(
        ("given", "message"),
        [("3", "expected an integer, got a string"), (True, "expected an integer, got a boolean")],
    )
    def test_ecog_must_be_a_json_number(self, given: object, message: str) -> None:
        """ECOG "3" or true is refused, not coerced."""
        document = {"ecog": {"value": given, "date": "2022-10-01"}}
        assert problems_of(document) == {"$.ecog.value": message}

    @pytest.mark.parametrize(
        ("given", "message"),
        [("70", "expected a number, got a string"), (True, "expected a number, got a boolean")],
    )
    def test_measure_value_must_be_a_json_number(self, given: object, message: str) -> None:
        """A weight value "70" or true is refused at `$.weight.value`."""
        problems = problems_of({"weight": {"value": given, "unit": "kg"}})
        assert problems == {"$.weight.value": message}

    def test_fraction_for_an_integer_is_not_truncated(self) -> None:
        """ECOG 1.9 is refused, not read as 1."""
        problems = problems_of({"ecog": {"value": 1.9, "date": "2022-10-01"}})
        assert problems == {"$.ecog.value": "expected an integer, got 1.9"}

    def test_integral_float_for_an_integer_is_accepted(self) -> None:
        """ECOG 2.0 is the integer 2."""
        ecog = load_patient({"ecog": {"value": 2.0, "date": "2022-10-01"}}).ecog
        assert ecog is not None
        assert ecog.value == 2
        assert type(ecog.value) is int

    @pytest.mark.parametrize(
        ("text", "path"),
        [
            ('{"lvef_percent": {"value": NaN, "date": "2022-10-01"}}', "$.lvef_percent.value"),
            ('{"weight": {"value": Infinity, "unit": "kg"}}', "$.weight.value"),
        ],
    )
    def test_non_finite_numbers_are_refused(self, text: str, path: str) -> None:
        """NaN and Infinity, which Python's JSON reader accepts, are refused."""
        assert problems_of(text) == {path: "expected a finite number"}

    def test_date_must_be_iso(self) -> None:
        """A date in another form is refused."""
        problems = problems_of({"labs": [platelet_lab(date="01/10/2022")]})
        assert problems == {"$.labs[0].date": "expected a date in the form YYYY-MM-DD"}

    def test_array_where_object_expected(self) -> None:
        """The disease must be an object."""
        assert problems_of({"disease": []}) == {"$.disease": "expected an object, got an array"}

    def test_object_where_array_expected(self) -> None:
        """Labs must be an array."""
        assert problems_of({"labs": platelet_lab()}) == {
            "$.labs": "expected an array, got an object"
        }

    def test_every_problem_is_listed_at_once(self) -> None:
        """Several problems in one document are all reported, each at its path."""
        document = {
            "foo": 1,
            "ecog": {"value": "3", "date": "2022-10-01"},
            "weight": {"value": 0, "unit": "kg"},
            "height": {"value": 170, "unit": "kg"},
            "disease": {"bar": 2, "lineage": "b_precursor"},
            "labs": [
                platelet_lab(),
                platelet_lab(unit="g/dL"),
                platelet_lab(analyte="marrow_blasts", value=140, unit="%"),
                platelet_lab(date=None),
            ],
            "course": {"diagnosis_date": "2020-02-10", "relapses": [{"date": "2019-01-01"}]},
        }
        assert set(problems_of(document)) == {
            "$.foo",
            "$.ecog.value",
            "$.weight",
            "$.height.unit",
            "$.disease.bar",
            "$.labs[1].unit",
            "$.labs[2].value",
            "$.labs[3].date",
            "$.course.relapses[0].date",
        }

    def test_an_unknown_key_does_not_hide_a_constraint(self) -> None:
        """Regression: an unknown key beside a broken constraint reports both."""
        assert problems_of({"foo": 1, "ecog": {"value": 9, "date": "2022-10-01"}}) == {
            "$.foo": "unknown key",
            "$.ecog.value": "must be >= 0 and <= 4, got 9",
        }

    def test_an_unknown_key_does_not_hide_a_consistency_rule(self) -> None:
        """Regression: an unknown key in the disease still lets its own rules report."""
        disease = {"bar": 1, "philadelphia": "negative", "bcr_abl1_transcript": "p190"}
        assert problems_of({"disease": disease}) == {
            "$.disease.bar": "unknown key",
            "$.disease.bcr_abl1_transcript": "is given but philadelphia is negative",
        }

    def test_many_problems_render_one_per_line(self) -> None:
        """str(error) counts the problems and gives each its own line."""
        with pytest.raises(DocumentError) as caught:
            load_patient({"foo": 1, "ecog": {"value": 9, "date": "2022-10-01"}})
        lines = str(caught.value).splitlines()
        assert lines[0] == "2 problems:"
        assert sorted(lines[1:]) == [
            "  $.ecog.value: must be >= 0 and <= 4, got 9",
            "  $.foo: unknown key",
        ]


#: Invalid documents that each carry the secret identifier and/or date of birth somewhere.
_LEAKY: dict[str, tuple[dict[str, Any], date | None]] = {
    "lab before birth": ({**IDENTIFIED, "labs": [platelet_lab(date="1970-01-01")]}, None),
    "birth after as_of": (IDENTIFIED, date(1970, 1, 1)),
    "birth and lab after as_of": ({**IDENTIFIED, "labs": [platelet_lab()]}, date(1977, 7, 6)),
    "course before birth": ({**IDENTIFIED, "course": {"diagnosis_date": "1977-07-06"}}, None),
    "relapse before diagnosis": (
        {
            **IDENTIFIED,
            "course": {"diagnosis_date": "1999-01-01", "relapses": [{"date": SECRET_DOB}]},
        },
        None,
    ),
    "unknown key beside the identifier": (
        {**IDENTIFIED, "identifiers": [{"system": "mrn", "value": SECRET_ID, "x": 1}]},
        None,
    ),
    "blank system beside the identifier": (
        {**IDENTIFIED, "identifiers": [{"system": " ", "value": SECRET_ID}]},
        None,
    ),
    "identifier value as a number": (
        {**IDENTIFIED, "identifiers": [{"system": "mrn", "value": 424242}]},
        None,
    ),
    "identifier value as an array": (
        {**IDENTIFIED, "identifiers": [{"system": "mrn", "value": [SECRET_ID]}]},
        None,
    ),
    "identifier value as an object": (
        {**IDENTIFIED, "identifiers": [{"system": "mrn", "value": {"id": SECRET_ID}}]},
        None,
    ),
    "identifier as a string": ({**IDENTIFIED, "identifiers": [SECRET_ID]}, None),
    "identifiers as an object": (
        {**IDENTIFIED, "identifiers": {"system": "mrn", "value": SECRET_ID}},
        None,
    ),
    "identifier in the wrong field": ({**IDENTIFIED, "ecog": SECRET_ID}, None),
    "birth date in the wrong field": ({**IDENTIFIED, "pregnant": SECRET_DOB}, None),
    "invalid calendar date of birth": ({**IDENTIFIED, "date_of_birth": "1977-13-07"}, None),
    "date of birth in another form": ({**IDENTIFIED, "date_of_birth": "07/07/1977"}, None),
    "date of birth as a number": ({**IDENTIFIED, "date_of_birth": 19770707}, None),
    "date of birth as a datetime": ({**IDENTIFIED, "date_of_birth": SECRET_DOB + "T08:00"}, None),
    "several problems": (
        {
            **IDENTIFIED,
            "identifiers": [{"system": "", "value": SECRET_ID}, {"system": "x", "value": 424242}],
            "date_of_birth": "1977-13-07",
            "ecog": {"value": 7, "date": "2022-10-01"},
            "foo": SECRET_ID,
        },
        None,
    ),
}


class TestNoIdentifyingDataInErrors:
    """Errors never show an identifier value or a date of birth."""

    @pytest.mark.parametrize(("document", "as_of"), _LEAKY.values(), ids=list(_LEAKY))
    def test_error_text_has_no_identifier_and_no_birth_date(
        self, document: dict[str, Any], as_of: date | None
    ) -> None:
        """Neither str(), repr() nor any problem of the error shows the secrets."""
        with pytest.raises(DocumentError) as caught:
            load_patient(document, as_of=as_of)
        error = caught.value
        texts = [str(error), repr(error), *map(str, error.args)]
        texts += [f"{problem.path} {problem.message}" for problem in error.problems]
        for secret in (SECRET_ID, SECRET_DOB, "1977-13-07", "07/07/1977", "19770707", "424242"):
            assert all(secret not in text for text in texts), secret

    @pytest.mark.parametrize(
        "text",
        [
            '{"identifiers": [{"system": "mrn", "value": "MRN-SECRET-42"}], }',
            '{"date_of_birth": "1977-07-07" "sex": "female"}',
        ],
    )
    def test_invalid_json_message_has_no_document_text(self, text: str) -> None:
        """A syntax error is reported at `$` without quoting the document."""
        problems = problems_of(text)
        assert list(problems) == ["$"]
        assert problems["$"].startswith("invalid JSON: ")
        assert SECRET_ID not in problems["$"]
        assert SECRET_DOB not in problems["$"]

    def test_a_loaded_patients_repr_has_no_identifier_and_no_birth_date(self) -> None:
        """The repr of a loaded patient hides identifiers and the date of birth."""
        text = repr(load_patient(IDENTIFIED))
        assert SECRET_ID not in text
        assert SECRET_DOB not in text
        assert "1977" not in text
