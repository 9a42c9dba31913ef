"""allmodel.examples: the bundled example patients, the example local trial and the patient
JSON Schema, read from the package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allmodel import Option, Patient, ValidationError, load_criteria, load_patient
from allmodel.examples import (
    LOCAL_TRIAL_NAME,
    local_trial,
    patient,
    patient_document,
    patient_names,
    patient_schema,
    patients,
)
from allmodel.io import patient_json_schema
from tests.examples.test_patients import SCENARIOS

FOLDER = Path(__file__).resolve().parents[2] / "src" / "allmodel" / "examples"


class TestPatientNames:
    """patient_names()."""

    def test_names_are_the_fourteen_scenarios(self) -> None:
        """The names are the fourteen designed scenarios, sorted."""
        assert patient_names() == tuple(sorted(SCENARIOS))

    def test_names_are_the_shipped_files(self) -> None:
        """Each name is the stem of a JSON file in the package's patients folder."""
        on_disk = sorted(path.stem for path in (FOLDER / "patients").glob("*.json"))
        assert list(patient_names()) == on_disk


class TestPatient:
    """patient(), patient_document() and patients()."""

    @pytest.mark.parametrize("name", sorted(SCENARIOS))
    def test_every_example_loads(self, name: str) -> None:
        """Each example loads to the patient its file holds."""
        loaded = patient(name)
        assert isinstance(loaded, Patient)
        assert loaded == load_patient(FOLDER / "patients" / f"{name}.json")

    def test_document_is_the_file_unchanged(self) -> None:
        """patient_document gives the shipped bytes exactly."""
        name = "t_all_relapse"
        assert patient_document(name) == (FOLDER / "patients" / f"{name}.json").read_bytes()

    def test_patients_are_every_example_by_name(self) -> None:
        """patients() maps every name, in order, to its loaded patient."""
        everything = patients()
        assert list(everything) == list(patient_names())
        assert everything["incomplete_record"] == patient("incomplete_record")

    @pytest.mark.parametrize("name", ["no_such_patient", "t_all_relapse.json", "", "../README"])
    def test_unknown_name_is_refused_by_name(self, name: str) -> None:
        """An unknown name raises ValidationError at `name`, quoting it and listing the
        bundled names."""
        with pytest.raises(ValidationError) as caught:
            patient(name)
        (problem,) = caught.value.problems
        assert problem.path == "name"
        assert repr(name) in problem.message
        assert "ph_negative_first_relapse" in problem.message

    def test_unknown_document_is_refused_too(self) -> None:
        """patient_document checks the name the same way."""
        with pytest.raises(ValidationError, match="'nobody'"):
            patient_document("nobody")


class TestLocalTrial:
    """local_trial()."""

    def test_is_the_shipped_definition(self) -> None:
        """The example local trial is the option its shipped file defines."""
        option = local_trial()
        assert isinstance(option, Option)
        assert option.id == LOCAL_TRIAL_NAME
        assert option == load_criteria(FOLDER / "local_trials" / f"{LOCAL_TRIAL_NAME}.json")

    def test_one_local_trial_ships(self) -> None:
        """The local_trials folder holds exactly the one example."""
        shipped = [path.stem for path in (FOLDER / "local_trials").glob("*.json")]
        assert shipped == [LOCAL_TRIAL_NAME]


class TestPatientSchema:
    """patient_schema()."""

    def test_is_the_generated_schema(self) -> None:
        """The shipped schema equals what allmodel.io.patient_json_schema generates now."""
        assert patient_schema() == patient_json_schema()

    def test_is_the_shipped_file(self) -> None:
        """patient_schema reads the package's patient.schema.json."""
        text = (FOLDER / "patient.schema.json").read_text(encoding="utf-8")
        assert patient_schema() == json.loads(text)
