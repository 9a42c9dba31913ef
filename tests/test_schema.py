"""The JSON Schema of the patient document: valid, in step with load_patient, committed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from allmodel import DocumentError, Patient, dump_patient, load_patient, patient_json_schema
from tests import strategies as gen

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "patients").glob("*.json"))
COMMITTED = ROOT / "schema" / "patient.schema.json"

#: A document using most of the model, valid for the schema and for load_patient.
FULL: dict[str, Any] = {
    "identifiers": [{"system": "mrn", "value": "A-1"}],
    "date_of_birth": "1978-04-12",
    "sex": "female",
    "height": {"value": 1.65, "unit": "m"},
    "weight": {"value": 62.5, "unit": "kg"},
    "ecog": {"value": 1, "date": "2022-10-03"},
    "fit_for_intensive_therapy": {"value": True, "date": "2022-10-03"},
    "hct_candidate": {"value": True, "date": "2022-10-03"},
    "certified_car_t_centre": True,
    "lvef_percent": {"value": 60, "date": "2022-10-03"},
    "cumulative_anthracycline": {"value": 300, "unit": "mg/m2"},
    "disease": {
        "lineage": "b_precursor",
        "philadelphia": "positive",
        "bcr_abl1_transcript": "p190",
        "kinase_domain": {"date": "2022-10-02", "mutations": ["T315I"]},
        "markers": [{"marker": "CD22", "date": "2022-10-03", "percent_positive": 88}],
        "cns": [{"status": "CNS1", "date": "2022-10-04"}],
        "extramedullary_sites": [],
    },
    "course": {
        "diagnosis_date": "2020-02-10",
        "treatment_lines": [
            {
                "regimen": "hyper-CVAD",
                "agents": ["dasatinib"],
                "start": "2020-02-12",
                "intent": "frontline",
            }
        ],
        "remissions": [{"kind": "CR", "date": "2020-03-15"}],
        "relapses": [{"date": "2022-10-01", "site": "marrow"}],
        "transplants": [{"kind": "allogeneic", "date": "2020-09-01", "donor_cmv": "negative"}],
    },
    "labs": [
        {"analyte": "platelets", "value": 45000, "unit": "/uL", "date": "2022-10-01"},
        {"analyte": "marrow_blasts", "value": 62, "unit": "%", "date": "2022-10-01"},
        {"analyte": "bilirubin", "value": 12, "unit": "umol/L", "date": "2022-10-01"},
    ],
    "mrd": [{"date": "2020-03-15", "method": "flow_cytometry", "level": 0.0001}],
}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    """A draft 2020-12 validator of the schema, checking formats (dates) too."""
    return Draft202012Validator(
        patient_json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _changed(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """FULL with the item at ``path`` set to ``value``."""
    document = copy.deepcopy(FULL)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


class TestSchemaDocument:
    """The schema itself."""

    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        """The metaschema accepts it."""
        Draft202012Validator.check_schema(patient_json_schema())

    def test_declares_its_dialect_and_id(self) -> None:
        """It names draft 2020-12 and a stable $id."""
        schema = patient_json_schema()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == "https://allmodel.invalid/schema/patient.schema.json"

    def test_is_plain_json(self) -> None:
        """It survives json.dumps / json.loads unchanged."""
        schema = patient_json_schema()
        assert json.loads(json.dumps(schema)) == schema

    def test_lab_result_lists_its_document_fields_only(self) -> None:
        """Regression: a private derived attribute (init=False) is not a document property."""
        lab = patient_json_schema()["$defs"]["LabResult"]
        assert set(lab["properties"]) == {
            "analyte",
            "value",
            "unit",
            "date",
            "loinc",
            "upper_limit_of_normal",
            "comparator",
        }
        assert lab["required"] == ["analyte", "value", "unit", "date"]

    def test_no_property_is_private(self) -> None:
        """No object in the schema has a property whose name starts with '_'."""
        definitions = patient_json_schema()["$defs"]
        private = [
            f"{name}.{key}"
            for name, definition in definitions.items()
            for key in definition.get("properties", {})
            if key.startswith("_")
        ]
        assert private == []

    def test_committed_copy_is_the_generated_schema(self) -> None:
        """schema/patient.schema.json is byte for byte what `make schema` writes."""
        expected = json.dumps(patient_json_schema(), indent=2) + "\n"
        assert COMMITTED.read_bytes() == expected.encode("utf-8")


class TestSchemaAccepts:
    """Every document load_patient accepts is valid for the schema."""

    def test_there_are_examples(self) -> None:
        """At least one example patient document exists to check."""
        assert EXAMPLES

    @pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
    def test_example_documents(self, validator: Draft202012Validator, path: Path) -> None:
        """Every examples/patients/*.json document is valid."""
        document = json.loads(path.read_text(encoding="utf-8"))
        assert [error.message for error in validator.iter_errors(document)] == []

    def test_a_document_using_most_of_the_model(self, validator: Draft202012Validator) -> None:
        """The full hand-written document is valid and loads."""
        assert [error.message for error in validator.iter_errors(FULL)] == []
        load_patient(FULL)

    def test_the_empty_document(self, validator: Draft202012Validator) -> None:
        """`{}` is valid: nothing is required of a patient."""
        assert validator.is_valid({})

    @settings(max_examples=40, deadline=None)
    @given(gen.patients())
    def test_dumps_of_generated_patients(
        self, validator: Draft202012Validator, patient: Patient
    ) -> None:
        """dump_patient of any valid patient is valid."""
        assert [error.message for error in validator.iter_errors(dump_patient(patient))] == []


#: Documents the schema must reject, each also refused by load_patient.
REJECTED: dict[str, dict[str, Any]] = {
    "unknown top-level key": {**FULL, "foo": 1},
    "unknown nested key": _changed(("disease", "bar"), 1),
    "unknown key in a measure": _changed(("weight", "approx"), True),
    "platelets in g/dL": _changed(("labs", 0, "unit"), "g/dL"),
    "albumin in /uL": _changed(("labs", 0), {**FULL["labs"][0], "analyte": "albumin"}),
    "marrow blasts of 140 %": _changed(("labs", 1, "value"), 140),
    "a negative lab value": _changed(("labs", 0, "value"), -1),
    "a lab without a date": _changed(("labs", 2), {"analyte": "ast", "value": 1, "unit": "U/L"}),
    "a weight in mg/m2": _changed(("weight", "unit"), "mg/m2"),
    "an unknown unit": _changed(("height", "unit"), "furlong"),
    "ECOG 5": _changed(("ecog", "value"), 5),
    "ECOG as a string": _changed(("ecog", "value"), "3"),
    "ECOG 1.9": _changed(("ecog", "value"), 1.9),
    "ECOG without a date": _changed(("ecog",), {"value": 1}),
    "ECOG as a bare number": _changed(("ecog",), 1),
    "a measure value as a string": _changed(("weight", "value"), "62.5"),
    "MRD level above 1": _changed(("mrd", 0, "level"), 1.5),
    "MRD sensitivity 0": _changed(("mrd", 0), {**FULL["mrd"][0], "sensitivity": 0}),
    "CD22 at 101 %": _changed(("disease", "markers", 0, "percent_positive"), 101),
    "LVEF 0": _changed(("lvef_percent", "value"), 0),
    "a kinase-domain analysis without a date": _changed(
        ("disease", "kinase_domain"), {"mutations": []}
    ),
    "an unknown agent": _changed(("course", "treatment_lines", 0, "agents"), ["blinatumomb"]),
    "an unknown sex": _changed(("sex",), "f"),
    "a date in another form": _changed(("date_of_birth",), "12/04/1978"),
    "an impossible calendar date": _changed(("course", "diagnosis_date"), "2020-02-30"),
    "labs as an object": _changed(("labs",), FULL["labs"][0]),
}


class TestSchemaRejects:
    """The schema refuses what it can express of load_patient's rules."""

    @pytest.mark.parametrize("document", REJECTED.values(), ids=list(REJECTED))
    def test_document_is_invalid(
        self, validator: Draft202012Validator, document: dict[str, Any]
    ) -> None:
        """The schema reports at least one error."""
        assert not validator.is_valid(document)

    @pytest.mark.parametrize("document", REJECTED.values(), ids=list(REJECTED))
    def test_load_patient_refuses_it_too(self, document: dict[str, Any]) -> None:
        """load_patient agrees that the document is invalid."""
        with pytest.raises(DocumentError):
            load_patient(document)

    def test_a_measure_has_no_range_in_the_schema(self, validator: Draft202012Validator) -> None:
        """Weight 0 kg passes the schema (its range depends on the unit); load_patient refuses."""
        document = _changed(("weight", "value"), 0)
        assert validator.is_valid(document)
        with pytest.raises(DocumentError):
            load_patient(document)
