"""Reading and writing patient documents: load_patient's sources (text, bytes, paths,
mappings), dump_patient, patient_to_json and write_patient, and from_dict for any model
class."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from allmodel import (
    Disease,
    DocumentError,
    Identifier,
    LabResult,
    Patient,
    Sex,
    dump_patient,
    load_patient,
)
from allmodel.io import patient_to_json, write_patient
from allmodel.io._documents import from_dict, to_dict
from allmodel.measures import CountConcentration, Mass
from allmodel.model import Analyte, EcogAssessment, PhStatus
from tests.io.refusals import SECRET_ID, platelet_lab, problems_of


class TestSources:
    """load_patient reads JSON text, bytes, paths and decoded mappings alike."""

    document: dict[str, Any] = {  # noqa: RUF012  (read only)
        "ecog": {"value": 1, "date": "2022-10-01"},
        "labs": [platelet_lab()],
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
        problems = problems_of(str(path))
        assert list(problems) == ["$"]
        assert problems["$"].startswith("invalid JSON: ")

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist is a problem at `$`."""
        problems = problems_of(tmp_path / "absent.json")
        assert problems == {"$": "cannot read the file: No such file or directory"}

    @pytest.mark.parametrize("text", ["", "{", "{'ecog': 1}", "NaN?"])
    def test_invalid_json_text(self, text: str) -> None:
        """Text that is not JSON is a single problem at `$`."""
        problems = problems_of(text)
        assert list(problems) == ["$"]
        assert problems["$"].startswith("invalid JSON: ")

    def test_invalid_utf8_bytes(self) -> None:
        """Bytes that are not UTF-8 are a problem at `$`."""
        problems = problems_of(b'{"sex": "\xff"}')
        assert list(problems) == ["$"]

    @pytest.mark.parametrize("text", ["[]", "[{}]", "3", '"patient"', "null", "true"])
    def test_top_level_must_be_an_object(self, text: str) -> None:
        """A document whose top level is not an object is refused at `$`."""
        assert problems_of(text) == {"$": "expected a JSON object"}

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
        lab = from_dict(LabResult, platelet_lab())
        assert lab == LabResult(
            analyte=Analyte.PLATELETS, value=45.0, unit="10^9/L", date=date(2022, 10, 1)
        )

    def test_builds_a_measure(self) -> None:
        """A Mass is built from {"value", "unit"}."""
        assert from_dict(Mass, {"value": 70, "unit": "kg"}) == Mass(70.0, "kg")

    def test_paths_are_rooted_at_the_object(self) -> None:
        """Problems of a nested object are reported from its own `$`."""
        with pytest.raises(DocumentError) as caught:
            from_dict(LabResult, platelet_lab(unit="g/dL"))
        assert [p.path for p in caught.value.problems] == ["$.unit"]

    def test_a_measure_of_the_wrong_dimension(self) -> None:
        """A Mass in m2 is refused at its unit."""
        with pytest.raises(DocumentError) as caught:
            from_dict(Mass, {"value": 1, "unit": "m2"})
        assert [p.path for p in caught.value.problems] == ["$.unit"]
