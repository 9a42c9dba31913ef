"""Acceptance of load_patient and friends: what is refused, where, and what is never said."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest

from allmodel import (
    AllModelError,
    Disease,
    DocumentError,
    Identifier,
    LabResult,
    Patient,
    Sex,
    ValidationError,
    dump_patient,
    load_patient,
)
from allmodel.io import (
    MAX_ARRAY_ITEMS,
    MAX_DEPTH,
    MAX_DOCUMENT_SIZE,
    MAX_OBJECT_MEMBERS,
    patient_to_json,
    write_patient,
)
from allmodel.io._documents import PatientSource, from_dict, read_json, to_dict
from allmodel.measures import CountConcentration, Mass
from allmodel.model import Analyte, EcogAssessment, PhStatus

SECRET_ID = "MRN-SECRET-42"
SECRET_DOB = "1977-07-07"
IDENTIFIED: dict[str, Any] = {
    "identifiers": [{"system": "mrn", "value": SECRET_ID}],
    "date_of_birth": SECRET_DOB,
}


def _lab(**changes: Any) -> dict[str, Any]:
    """A valid platelet count, with ``changes`` applied (a value of None drops the key)."""
    lab: dict[str, Any] = {
        "analyte": "platelets",
        "value": 45,
        "unit": "10^9/L",
        "date": "2022-10-01",
    }
    lab.update(changes)
    return {key: value for key, value in lab.items() if value is not None}


def _problems(document: PatientSource, *, as_of: date | None = None) -> dict[str, str]:
    """load_patient's problems as {path: message}; fails the test if nothing is refused."""
    with pytest.raises(DocumentError) as caught:
        load_patient(document, as_of=as_of)
    problems = caught.value.problems
    paths = [problem.path for problem in problems]
    assert len(paths) == len(set(paths)), f"a path is reported twice: {paths}"
    return {problem.path: problem.message for problem in problems}


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
        problems = _problems({"cumulative_anthracycline": {"value": 300, "unit": "mg"}})
        assert problems == {
            "$.cumulative_anthracycline.unit": "'mg' is not a mass per body surface area"
        }

    def test_platelets_in_g_per_dl(self) -> None:
        """Platelets in g/dL are refused at the lab's unit, naming the expected dimension."""
        problems = _problems({"labs": [_lab(unit="g/dL")]})
        assert list(problems) == ["$.labs[0].unit"]
        assert problems["$.labs[0].unit"].startswith("'g/dL' is not a count per volume")

    def test_marrow_blasts_over_100_percent(self) -> None:
        """Marrow blasts of 140 % are refused at that lab's value."""
        blasts = _lab(analyte="marrow_blasts", value=140, unit="%")
        problems = _problems({"labs": [_lab(), _lab(), blasts]})
        assert problems == {
            "$.labs[2].value": "must be 0 or between 1e-06 and 100 % for bone marrow blasts,"
            " got 140 %"
        }

    def test_weight_zero(self) -> None:
        """A weight of 0 kg is refused at the weight."""
        problems = _problems({"weight": {"value": 0, "unit": "kg"}})
        assert problems == {"$.weight": "must be between 0.2 and 650 kg, got 0 kg"}

    def test_weight_of_a_whale(self) -> None:
        """A weight above 650 kg, in any unit, is refused at the weight."""
        problems = _problems({"weight": {"value": 700_000, "unit": "g"}})
        assert list(problems) == ["$.weight"]

    def test_relapse_before_diagnosis(self) -> None:
        """A relapse dated before the diagnosis is refused at the relapse's date."""
        course = {"diagnosis_date": "2020-02-10", "relapses": [{"date": "2019-12-31"}]}
        problems = _problems({"course": course})
        assert problems == {"$.course.relapses[0].date": "is before the diagnosis date"}

    def test_lab_before_birth(self) -> None:
        """A lab dated before the date of birth is refused at the lab's date."""
        problems = _problems({"date_of_birth": "1980-01-01", "labs": [_lab(date="1979-12-31")]})
        assert problems == {"$.labs[0].date": "is before the date of birth"}

    def test_date_of_birth_after_as_of(self) -> None:
        """With as_of, a date of birth after it is refused at the date of birth."""
        problems = _problems({"date_of_birth": "2023-01-01"}, as_of=date(2022, 12, 31))
        assert problems == {"$.date_of_birth": "is after as_of"}

    def test_any_date_after_as_of(self) -> None:
        """With as_of, every later date is listed, at its own path."""
        document = {"labs": [_lab(date="2022-12-31"), _lab(date="2023-01-01")]}
        problems = _problems(document, as_of=date(2022, 12, 31))
        assert problems == {"$.labs[1].date": "is after as_of"}

    def test_without_as_of_future_dates_are_accepted(self) -> None:
        """Without as_of there is no "future": a 2090 lab is accepted."""
        patient = load_patient({"labs": [_lab(date="2090-01-01")]})
        assert patient.labs[0].date == date(2090, 1, 1)

    def test_ph_negative_with_transcript(self) -> None:
        """A transcript given for Ph-negative disease is refused at the transcript."""
        disease = {"philadelphia": "negative", "bcr_abl1_transcript": "p190"}
        problems = _problems({"disease": disease})
        assert problems == {
            "$.disease.bcr_abl1_transcript": "is given but philadelphia is negative"
        }

    def test_unknown_enumeration_value(self) -> None:
        """An enumeration value outside the closed list is refused, listing the allowed ones."""
        problems = _problems({"sex": "f"})
        assert problems == {"$.sex": "'f' is not one of: female, male, other"}

    def test_misspelt_agent(self) -> None:
        """A misspelt agent is refused at its index in the agents array."""
        line = {
            "regimen": "blina",
            "agents": ["blinatumomb"],
            "start": "2022-01-03",
            "intent": "salvage",
        }
        problems = _problems({"course": {"treatment_lines": [line]}})
        assert list(problems) == ["$.course.treatment_lines[0].agents[0]"]


class TestDocumentShape:
    """The document's shape is strict: required keys, no unknown keys, exact JSON types."""

    def test_missing_required_field(self) -> None:
        """A lab without a date is refused at `$.labs[0].date`."""
        problems = _problems({"labs": [_lab(date=None)]})
        assert problems == {"$.labs[0].date": "required field missing"}

    def test_missing_unit_of_a_measure(self) -> None:
        """A measure without a unit is refused at its unit."""
        problems = _problems({"height": {"value": 170}})
        assert problems == {"$.height.unit": "required field missing"}

    def test_unknown_top_level_key(self) -> None:
        """An unknown key at the top is refused at `$.foo`."""
        assert _problems({"foo": 1}) == {"$.foo": "unknown key"}

    def test_unknown_nested_key(self) -> None:
        """An unknown key inside the disease is refused at `$.disease.bar`."""
        assert _problems({"disease": {"bar": 1}}) == {"$.disease.bar": "unknown key"}

    def test_unknown_key_in_a_measure(self) -> None:
        """A measure takes value and unit only."""
        problems = _problems({"weight": {"value": 70, "unit": "kg", "approx": True}})
        assert problems == {"$.weight.approx": "unknown key"}

    @pytest.mark.parametrize(
        ("given", "message"),
        [("3", "expected an integer, got a string"), (True, "expected an integer, got a boolean")],
    )
    def test_ecog_must_be_a_json_number(self, given: object, message: str) -> None:
        """ECOG "3" or true is refused, not coerced."""
        document = {"ecog": {"value": given, "date": "2022-10-01"}}
        assert _problems(document) == {"$.ecog.value": message}

    @pytest.mark.parametrize(
        ("given", "message"),
        [("70", "expected a number, got a string"), (True, "expected a number, got a boolean")],
    )
    def test_measure_value_must_be_a_json_number(self, given: object, message: str) -> None:
        """A weight value "70" or true is refused at `$.weight.value`."""
        problems = _problems({"weight": {"value": given, "unit": "kg"}})
        assert problems == {"$.weight.value": message}

    def test_fraction_for_an_integer_is_not_truncated(self) -> None:
        """ECOG 1.9 is refused, not read as 1."""
        problems = _problems({"ecog": {"value": 1.9, "date": "2022-10-01"}})
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
        assert _problems(text) == {path: "expected a finite number"}

    def test_date_must_be_iso(self) -> None:
        """A date in another form is refused."""
        problems = _problems({"labs": [_lab(date="01/10/2022")]})
        assert problems == {"$.labs[0].date": "expected a date in the form YYYY-MM-DD"}

    def test_array_where_object_expected(self) -> None:
        """The disease must be an object."""
        assert _problems({"disease": []}) == {"$.disease": "expected an object, got an array"}

    def test_object_where_array_expected(self) -> None:
        """Labs must be an array."""
        assert _problems({"labs": _lab()}) == {"$.labs": "expected an array, got an object"}

    def test_every_problem_is_listed_at_once(self) -> None:
        """Several problems in one document are all reported, each at its path."""
        document = {
            "foo": 1,
            "ecog": {"value": "3", "date": "2022-10-01"},
            "weight": {"value": 0, "unit": "kg"},
            "height": {"value": 170, "unit": "kg"},
            "disease": {"bar": 2, "lineage": "b_precursor"},
            "labs": [
                _lab(),
                _lab(unit="g/dL"),
                _lab(analyte="marrow_blasts", value=140, unit="%"),
                _lab(date=None),
            ],
            "course": {"diagnosis_date": "2020-02-10", "relapses": [{"date": "2019-01-01"}]},
        }
        assert set(_problems(document)) == {
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
        assert _problems({"foo": 1, "ecog": {"value": 9, "date": "2022-10-01"}}) == {
            "$.foo": "unknown key",
            "$.ecog.value": "must be >= 0 and <= 4, got 9",
        }

    def test_an_unknown_key_does_not_hide_a_consistency_rule(self) -> None:
        """Regression: an unknown key in the disease still lets its own rules report."""
        disease = {"bar": 1, "philadelphia": "negative", "bcr_abl1_transcript": "p190"}
        assert _problems({"disease": disease}) == {
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
    "lab before birth": ({**IDENTIFIED, "labs": [_lab(date="1970-01-01")]}, None),
    "birth after as_of": (IDENTIFIED, date(1970, 1, 1)),
    "birth and lab after as_of": ({**IDENTIFIED, "labs": [_lab()]}, date(1977, 7, 6)),
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
        problems = _problems(text)
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


class TestSources:
    """load_patient reads JSON text, bytes, paths and decoded mappings alike."""

    document: dict[str, Any] = {  # noqa: RUF012  (read only)
        "ecog": {"value": 1, "date": "2022-10-01"},
        "labs": [_lab()],
    }
    expected = Patient(
        ecog=EcogAssessment(value=1, date=date(2022, 10, 1)),
        labs=(
            LabResult(analyte=Analyte.PLATELETS, value=45.0, unit="10^9/L", date=date(2022, 10, 1)),
        ),
    )

    def test_from_str(self) -> None:
        """A str is JSON text."""
        assert load_patient(json.dumps(self.document)) == self.expected

    def test_from_bytes(self) -> None:
        """Bytes are UTF-8 JSON text."""
        assert load_patient(json.dumps(self.document).encode()) == self.expected

    def test_from_path(self, tmp_path: Path) -> None:
        """A pathlib.Path is a file to read."""
        path = tmp_path / "patient.json"
        path.write_text(json.dumps(self.document), encoding="utf-8")
        assert load_patient(path) == self.expected

    def test_from_dict(self) -> None:
        """A decoded mapping is used as is."""
        assert load_patient(self.document) == self.expected

    def test_a_plain_str_is_json_text_not_a_path(self, tmp_path: Path) -> None:
        """The name of an existing file, given as str, is taken as (invalid) JSON text."""
        path = tmp_path / "patient.json"
        path.write_text(json.dumps(self.document), encoding="utf-8")
        problems = _problems(str(path))
        assert list(problems) == ["$"]
        assert problems["$"].startswith("invalid JSON: ")

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist is a problem at `$`."""
        problems = _problems(tmp_path / "absent.json")
        assert problems == {"$": "cannot read the file: No such file or directory"}

    @pytest.mark.parametrize("text", ["", "{", "{'ecog': 1}", "NaN?"])
    def test_invalid_json_text(self, text: str) -> None:
        """Text that is not JSON is a single problem at `$`."""
        problems = _problems(text)
        assert list(problems) == ["$"]
        assert problems["$"].startswith("invalid JSON: ")

    def test_invalid_utf8_bytes(self) -> None:
        """Bytes that are not UTF-8 are a problem at `$`."""
        problems = _problems(b'{"sex": "\xff"}')
        assert list(problems) == ["$"]

    @pytest.mark.parametrize("text", ["[]", "[{}]", "3", '"patient"', "null", "true"])
    def test_top_level_must_be_an_object(self, text: str) -> None:
        """A document whose top level is not an object is refused at `$`."""
        assert _problems(text) == {"$": "expected a JSON object"}

    def test_empty_object_is_a_patient_with_nothing_recorded(self) -> None:
        """`{}` is a valid patient in which every field is unknown."""
        assert load_patient("{}") == Patient()


class TestWriting:
    """dump_patient, patient_to_json and write_patient."""

    patient = Patient(
        identifiers=(Identifier(system="mrn", value=SECRET_ID),),
        date_of_birth=date(1977, 7, 7),
        weight=Mass(70.5, "kg"),
        ecog=EcogAssessment(value=2, date=date(2022, 10, 1)),
        disease=Disease(philadelphia=PhStatus.POSITIVE, extramedullary_sites=()),
        labs=(
            LabResult(analyte=Analyte.PLATELETS, value=45000, unit="/uL", date=date(2022, 10, 1)),
        ),
    )

    def test_dump_omits_defaults(self) -> None:
        """Fields at their default (None, empty tuples) are left out of the dict."""
        assert dump_patient(self.patient) == {
            "identifiers": [{"system": "mrn", "value": SECRET_ID}],
            "date_of_birth": "1977-07-07",
            "weight": {"value": 70.5, "unit": "kg"},
            "ecog": {"value": 2, "date": "2022-10-01"},
            "disease": {"philadelphia": "positive", "extramedullary_sites": []},
            "labs": [{"analyte": "platelets", "value": 45000, "unit": "/uL", "date": "2022-10-01"}],
        }

    def test_dump_of_an_empty_patient_is_empty(self) -> None:
        """A patient with nothing recorded dumps to `{}`."""
        assert dump_patient(Patient()) == {}

    def test_assessed_without_sites_differs_from_not_assessed(self) -> None:
        """Extramedullary sites `[]` (none found) survive; None (not assessed) is omitted."""
        assert to_dict(Disease(extramedullary_sites=())) == {"extramedullary_sites": []}
        assert to_dict(Disease()) == {}
        assert from_dict(Disease, {"extramedullary_sites": []}).extramedullary_sites == ()

    def test_a_measure_keeps_its_unit(self) -> None:
        """A measure is written in the unit it was given, not converted."""
        assert to_dict(CountConcentration(45000, "/uL")) == {"value": 45000, "unit": "/uL"}

    def test_patient_to_json_round_trip(self) -> None:
        """load_patient(patient_to_json(p)) == p."""
        assert load_patient(patient_to_json(self.patient)) == self.patient

    def test_patient_to_json_indents_by_2(self) -> None:
        """The default text is indented by two spaces; indent=None gives one line."""
        patient = Patient(sex=Sex.MALE)
        assert patient_to_json(patient) == '{\n  "sex": "male"\n}'
        assert patient_to_json(patient, indent=None) == '{"sex": "male"}'

    def test_patient_to_json_keeps_non_ascii_text(self) -> None:
        """Text is written as UTF-8, not as escapes."""
        patient = Patient(identifiers=(Identifier(system="hôpital", value="x"),))
        assert '"hôpital"' in patient_to_json(patient)

    def test_write_patient_round_trip(self, tmp_path: Path) -> None:
        """write_patient writes a file (with a final newline) that load_patient reads back."""
        path = tmp_path / "out.json"
        write_patient(self.patient, path)
        assert path.read_text(encoding="utf-8").endswith("}\n")
        assert load_patient(path) == self.patient

    def test_write_patient_accepts_a_str_path(self, tmp_path: Path) -> None:
        """write_patient takes a str path too."""
        path = tmp_path / "out.json"
        write_patient(self.patient, str(path), indent=None)
        assert path.read_text(encoding="utf-8") == patient_to_json(self.patient, indent=None) + "\n"


class TestFromDict:
    """from_dict builds any model class, with the same strict rules."""

    def test_builds_a_nested_class(self) -> None:
        """A LabResult is built from its dict."""
        lab = from_dict(LabResult, _lab())
        assert lab == LabResult(
            analyte=Analyte.PLATELETS, value=45.0, unit="10^9/L", date=date(2022, 10, 1)
        )

    def test_builds_a_measure(self) -> None:
        """A Mass is built from {"value", "unit"}."""
        assert from_dict(Mass, {"value": 70, "unit": "kg"}) == Mass(70.0, "kg")

    def test_paths_are_rooted_at_the_object(self) -> None:
        """Problems of a nested object are reported from its own `$`."""
        with pytest.raises(DocumentError) as caught:
            from_dict(LabResult, _lab(unit="g/dL"))
        assert [p.path for p in caught.value.problems] == ["$.unit"]

    def test_a_measure_of_the_wrong_dimension(self) -> None:
        """A Mass in m2 is refused at its unit."""
        with pytest.raises(DocumentError) as caught:
            from_dict(Mass, {"value": 1, "unit": "m2"})
        assert [p.path for p in caught.value.problems] == ["$.unit"]


def _nested(depth: int, inner: object = 1) -> object:
    """``inner`` in ``depth`` arrays, built without recursion."""
    value = inner
    for _ in range(depth):
        value = [value]
    return value


def _refusal(document: object) -> dict[str, str]:
    """load_patient's problems for any input, typed or not."""
    return _problems(cast("PatientSource", document))


class TestNestingLimit:
    """Regression (fuzzing): deep nesting is refused by MAX_DEPTH, never a RecursionError."""

    @pytest.mark.parametrize(
        "text",
        [
            "[" * 5000,
            '{"a": ' * 1000 + "1" + "}" * 1000,
            '{"labs": ' + "[" * 1000 + "]" * 1000 + "}",
        ],
        ids=["5000 brackets", "1000 objects", "1000 arrays in a field"],
    )
    def test_deep_text_is_refused_before_decoding(self, text: str) -> None:
        """Text nested past the limit is one problem at `$` naming MAX_DEPTH."""
        problems = _problems(text)
        assert list(problems) == ["$"]
        assert f"the limit MAX_DEPTH is {MAX_DEPTH}" in problems["$"]

    def test_deep_bytes_and_files_are_refused(self, tmp_path: Path) -> None:
        """The same holds for bytes and for a file."""
        path = tmp_path / "deep.json"
        path.write_text("[" * 5000, encoding="utf-8")
        for source in (b"[" * 5000, path):
            assert list(_problems(source)) == ["$"]

    def test_nesting_up_to_the_limit_is_read(self) -> None:
        """64 levels are decoded (and the key reported as unknown); 65 are refused."""
        at_limit = '{"foo": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
        assert _problems(at_limit) == {"$.foo": "unknown key"}
        past = '{"foo": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
        assert "MAX_DEPTH" in _problems(past)["$"]

    def test_brackets_in_strings_do_not_count(self) -> None:
        """Brackets inside a string are text, not nesting."""
        assert _problems('{"foo": "' + "[{" * 5000 + '"}') == {"$.foo": "unknown key"}

    def test_deep_decoded_document_is_refused_at_its_path(self) -> None:
        """An already-decoded document 100,000 deep is walked iteratively and refused."""
        problems = _refusal({"disease": {"extramedullary_sites": _nested(100_000)}})
        (path,) = problems
        assert path.startswith("$.disease.extramedullary_sites[0][0]")
        assert path.count("[0]") == MAX_DEPTH - 2
        assert "MAX_DEPTH" in problems[path]

    def test_a_document_that_contains_itself_is_refused(self) -> None:
        """A mapping that contains itself ends at the depth limit, not in a loop."""
        looped: dict[str, Any] = {}
        looped["foo"] = looped
        (message,) = _refusal(looped).values()
        assert "MAX_DEPTH" in message

    def test_from_dict_checks_the_limit(self) -> None:
        """from_dict refuses an over-deep value like load_patient does."""
        with pytest.raises(DocumentError) as caught:
            from_dict(Disease, {"extramedullary_sites": _nested(5000)})
        assert "MAX_DEPTH" in caught.value.problems[0].message


class TestSizeLimits:
    """Regression (fuzzing): documents, arrays and objects past their limits are refused."""

    def test_an_array_past_the_limit(self) -> None:
        """An array of MAX_ARRAY_ITEMS + 1 items is refused at its path, naming the limit."""
        problems = _refusal({"labs": [_lab()] * (MAX_ARRAY_ITEMS + 1)})
        assert list(problems) == ["$.labs"]
        assert f"MAX_ARRAY_ITEMS of {MAX_ARRAY_ITEMS:,}" in problems["$.labs"]

    def test_an_array_at_the_limit_is_read(self) -> None:
        """MAX_ARRAY_ITEMS items are decoded (here, under an unknown key)."""
        text = json.dumps({"foo": [0] * MAX_ARRAY_ITEMS})
        assert _problems(text) == {"$.foo": "unknown key"}

    def test_an_array_past_the_limit_in_text(self) -> None:
        """The array limit holds for JSON text too."""
        problems = _problems(json.dumps({"foo": [0] * (MAX_ARRAY_ITEMS + 1)}))
        assert list(problems) == ["$.foo"]
        assert "MAX_ARRAY_ITEMS" in problems["$.foo"]

    def test_an_object_past_the_limit(self) -> None:
        """An object of MAX_OBJECT_MEMBERS + 1 keys is one problem, not a thousand."""
        document = {f"key{i}": i for i in range(MAX_OBJECT_MEMBERS + 1)}
        problems = _problems(json.dumps(document))
        assert list(problems) == ["$"]
        assert "MAX_OBJECT_MEMBERS" in problems["$"]

    def test_a_document_past_the_size_limit(self, tmp_path: Path) -> None:
        """More than MAX_DOCUMENT_SIZE characters, bytes or file bytes: refused at `$`."""
        text = '{"foo": "' + "x" * MAX_DOCUMENT_SIZE + '"}'
        path = tmp_path / "big.json"
        path.write_text(text, encoding="utf-8")
        for source in (text, text.encode(), path):
            problems = _problems(source)
            assert list(problems) == ["$"]
            assert "MAX_DOCUMENT_SIZE" in problems["$"]


class TestSourcesOfAnyType:
    """Regression (fuzzing): any input ends in DocumentError, never TypeError."""

    @pytest.mark.parametrize("document", [[], [{}], 3, 2.5, None, True, ()])
    def test_decoded_top_level_must_be_an_object(self, document: object) -> None:
        """A decoded list, number, boolean or None is refused at `$`."""
        assert _refusal(document) == {"$": "expected a JSON object"}

    @pytest.mark.parametrize("document", [{1, 2}, object(), 3j])
    def test_unsupported_source_types(self, document: object) -> None:
        """Something that is neither JSON text, bytes, a path nor decoded JSON: at `$`."""
        (message,) = _refusal(document).values()
        assert message.startswith("expected JSON text (str), UTF-8 bytes, a file path")

    def test_read_json_returns_any_decoded_json_value(self) -> None:
        """read_json checks a decoded list and gives it back."""
        assert read_json(cast("Mapping[str, Any]", [1, {"a": "b"}])) == [1, {"a": "b"}]

    def test_keys_must_be_strings(self) -> None:
        """A decoded mapping with non-string keys is refused at the mapping's path."""
        assert _refusal({"disease": {1: "x", None: "y"}}) == {
            "$.disease": "every key must be a string, got a number, null"
        }

    def test_a_mapping_that_cannot_be_read(self) -> None:
        """A user's Mapping whose methods fail is a problem, not the method's exception."""

        class Broken(Mapping[str, Any]):
            def __getitem__(self, key: str) -> Any:
                raise RuntimeError("broken")

            def __iter__(self) -> Iterator[str]:
                raise RuntimeError("broken")

            def __len__(self) -> int:
                return 1

        assert _refusal({"disease": Broken()}) == {
            "$.disease": "cannot read this object (RuntimeError)"
        }


class TestDuplicateKeys:
    """Regression (fuzzing): a repeated key is an error at its path, never a silent guess."""

    LAB = json.dumps(_lab())

    def test_appended_empty_labs(self) -> None:
        """`"labs": []` after the labs no longer empties them: refused at `$.labs`."""
        text = '{"labs": [' + self.LAB + '], "labs": []}'
        assert _problems(text) == {"$.labs": "duplicate key: given 2 times in one object"}

    def test_a_repeated_object(self) -> None:
        """A second `ecog` object no longer replaces the first."""
        ecog = '{"value": 1, "date": "2022-10-01"}'
        problems = _problems('{"ecog": ' + ecog + ', "sex": "male", "ecog": ' + ecog + "}")
        assert list(problems) == ["$.ecog"]

    def test_nested_and_counted(self) -> None:
        """A key repeated deep inside is reported at its own path with its count."""
        text = '{"labs": [' + self.LAB + ', {"unit": "%", "unit": "%", "unit": "g/L"}]}'
        assert _problems(text) == {"$.labs[1].unit": "duplicate key: given 3 times in one object"}

    def test_an_odd_key_is_quoted_in_the_path(self) -> None:
        """A repeated key that is not a plain name is written in brackets."""
        assert list(_problems('{"a b": 1, "a b": 2}')) == ['$["a b"]']


class TestUnicode:
    """Regression (fuzzing): text must be valid Unicode, and bytes UTF-8."""

    MESSAGE = "is not valid Unicode: a lone surrogate U+D800 at character 10"

    def test_surrogate_in_a_decoded_value(self) -> None:
        """A lone surrogate in a str of a decoded document is refused at its path."""
        line = {"regimen": "hyper-CVAD\ud800", "start": "2022-01-03", "intent": "salvage"}
        problems = _refusal({"course": {"treatment_lines": [line]}})
        assert problems == {"$.course.treatment_lines[0].regimen": self.MESSAGE}

    def test_surrogate_escape_in_text(self) -> None:
        """The JSON escape \\ud800 decodes to a lone surrogate: refused at its path."""
        text = '{"identifiers": [{"system": "hyper-CVAD\\ud800", "value": "x"}]}'
        assert _problems(text) == {"$.identifiers[0].system": self.MESSAGE}

    def test_surrogate_in_a_key(self) -> None:
        """A lone surrogate in a key is refused at that key, escaped in the path."""
        problems = _refusal({"x\udfff": 1})
        assert list(problems) == ['$["x\\udfff"]']
        assert problems['$["x\\udfff"]'].startswith("the key is not valid Unicode")

    def test_an_encoded_surrogate_is_not_utf8(self) -> None:
        """The bytes ED A0 80 (an encoded surrogate) are not UTF-8: refused at `$`."""
        document = b'{"identifiers": [{"system": "a\xed\xa0\x80", "value": "x"}]}'
        assert _problems(document) == {
            "$": "is not valid UTF-8 (at byte 30); documents must be UTF-8"
        }

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
    def test_utf16_and_utf32_are_refused(self, encoding: str) -> None:
        """Only UTF-8 is read, even when the text carries a byte-order mark."""
        problems = _problems('{"sex": "male"}'.encode(encoding))
        assert problems == {
            "$": "looks like UTF-16 or UTF-32 (a byte-order mark or a NUL byte at the start); "
            "documents must be UTF-8"
        }

    def test_a_utf8_byte_order_mark_is_ignored(self, tmp_path: Path) -> None:
        """One leading UTF-8 BOM in bytes or a file is allowed."""
        path = tmp_path / "bom.json"
        path.write_bytes(b'\xef\xbb\xbf{"sex": "male"}')
        assert load_patient(path).sex is Sex.MALE
        assert load_patient(b'\xef\xbb\xbf{"sex": "male"}').sex is Sex.MALE

    def test_a_bom_character_in_text_is_refused(self) -> None:
        """A str is decoded text: a leading U+FEFF in it is invalid JSON."""
        (message,) = _problems('\ufeff{"sex": "male"}').values()
        assert message.startswith("invalid JSON: ")

    def test_valid_non_ascii_text_is_accepted(self) -> None:
        """Accents and characters outside the BMP are valid Unicode."""
        document = {"identifiers": [{"system": "hôpital 😀", "value": "x"}]}
        for source in (document, json.dumps(document), json.dumps(document).encode()):
            assert load_patient(source).identifiers[0].system == "hôpital 😀"


class TestAtomicWriting:
    """Regression (fuzzing): a failed write never destroys or truncates the previous file."""

    broken = Patient(identifiers=(Identifier(system="hyper-CVAD\ud800", value="x"),))

    @pytest.fixture
    def previous(self, tmp_path: Path) -> Path:
        """An existing patient file."""
        path = tmp_path / "patient.json"
        write_patient(Patient(sex=Sex.FEMALE), path)
        return path

    def test_invalid_unicode_leaves_the_file(self, previous: Path) -> None:
        """A patient whose text cannot be encoded: DocumentError at its path, file kept."""
        before = previous.read_bytes()
        with pytest.raises(DocumentError) as caught:
            write_patient(self.broken, previous)
        assert [p.path for p in caught.value.problems] == ["$.identifiers[0].system"]
        assert previous.read_bytes() == before
        assert sorted(os.listdir(previous.parent)) == [previous.name]

    def test_patient_to_json_refuses_invalid_unicode(self) -> None:
        """patient_to_json does not return text that cannot be written."""
        with pytest.raises(DocumentError):
            patient_to_json(self.broken)

    def test_a_disk_error_leaves_the_file(
        self, previous: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A full disk while syncing: OSError, the file kept, no temporary file left."""
        before = previous.read_bytes()

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(OSError, match="No space left"):
            write_patient(Patient(sex=Sex.MALE), previous)
        assert previous.read_bytes() == before
        assert sorted(os.listdir(previous.parent)) == [previous.name]

    def test_a_failed_replace_leaves_the_file(
        self, previous: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure at the final rename also keeps the old file and cleans up."""
        before = previous.read_bytes()

        def refuse(source: str, target: str) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(os, "replace", refuse)
        with pytest.raises(PermissionError):
            write_patient(Patient(sex=Sex.MALE), previous)
        assert previous.read_bytes() == before
        assert sorted(os.listdir(previous.parent)) == [previous.name]

    def test_replaces_the_content_and_keeps_the_mode(self, previous: Path) -> None:
        """A successful write replaces the content and keeps the file's permissions."""
        previous.chmod(0o640)
        write_patient(Patient(sex=Sex.MALE), previous)
        assert load_patient(previous).sex is Sex.MALE
        assert stat.S_IMODE(previous.stat().st_mode) == 0o640

    def test_writes_through_a_symbolic_link(self, previous: Path) -> None:
        """A link is followed: its target is replaced, the link stays a link."""
        link = previous.parent / "link.json"
        link.symlink_to(previous.name)
        write_patient(Patient(sex=Sex.MALE), link)
        assert link.is_symlink()
        assert load_patient(previous).sex is Sex.MALE
