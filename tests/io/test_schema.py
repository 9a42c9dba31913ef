"""The JSON Schema of the patient document: valid, in step with load_patient, committed."""

from __future__ import annotations

import copy
import json
import math
import re
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import hypothesis.internal.conjecture.utils as conjecture_utils
import hypothesis_jsonschema._canonicalise as hjs_canonicalise
import hypothesis_jsonschema._from_schema as hjs_from_schema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

import allmodel
from allmodel import DocumentError, Patient, dump_patient, load_patient, patient_json_schema
from allmodel.io._documents import from_dict
from allmodel.io._schema import NOT_EXPRESSIBLE
from allmodel.model import ANALYTES, Analyte
from allmodel.model._labs import lab_bounds
from tests import strategies as gen
from tests.strategies import lab_units

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "src" / "allmodel" / "examples" / "patients").glob("*.json"))
COMMITTED = ROOT / "src" / "allmodel" / "examples" / "patient.schema.json"

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
        """The shipped allmodel/examples/patient.schema.json is byte for byte what `make
        schema` writes."""
        expected = json.dumps(patient_json_schema(), indent=2) + "\n"
        assert COMMITTED.read_bytes() == expected.encode("utf-8")


class TestSchemaAccepts:
    """Every document load_patient accepts is valid for the schema."""

    def test_there_are_examples(self) -> None:
        """The fourteen example patient documents are there to check."""
        assert len(EXAMPLES) == 14

    @pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
    def test_example_documents(self, validator: Draft202012Validator, path: Path) -> None:
        """Every bundled example patient document is valid."""
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
    "a date and a newline": _changed(("course", "diagnosis_date"), "2020-02-10\n"),
}


def _lab(**fields: Any) -> dict[str, Any]:
    """FULL with one laboratory result made of ``fields`` (on FULL's lab date)."""
    return _changed(("labs",), [{"date": "2022-10-01", **fields}])


def _course(**fields: Any) -> dict[str, Any]:
    """FULL with its course changed by ``fields``."""
    return _changed(("course",), {**FULL["course"], **fields})


def _disease(**fields: Any) -> dict[str, Any]:
    """FULL with its disease changed by ``fields``."""
    return _changed(("disease",), {**FULL["disease"], **fields})


_LINE = FULL["course"]["treatment_lines"][0]
_RELAPSE_DATE = "2022-10-01"

#: Documents the schema rejects since it states the plausible ranges and the cross-field
#: rules (each accepted by the schema before; load_patient refuses each too).
NEWLY_REJECTED: dict[str, dict[str, Any]] = {
    # blank strings
    "a blank regimen": _course(treatment_lines=[{**_LINE, "regimen": "   "}]),
    "a blank identifier system": _changed(("identifiers", 0, "system"), "\t"),
    "an identifier value of ideographic spaces": _changed(("identifiers", 0, "value"), "\u3000"),
    "an identifier value of a unit separator": _changed(("identifiers", 0, "value"), "\x1f"),
    # plausible ranges of the patient, per unit
    "a weight of 0.001 kg": _changed(("weight",), {"value": 0.001, "unit": "kg"}),
    "a weight of 199 g": _changed(("weight",), {"value": 199, "unit": "g"}),
    "a weight of 650001 g": _changed(("weight",), {"value": 650_001, "unit": "g"}),
    "a height of 5 cm": _changed(("height",), {"value": 5, "unit": "cm"}),
    "a height of 1.7 cm": _changed(("height",), {"value": 1.7, "unit": "cm"}),
    "a height of 2.81 m": _changed(("height",), {"value": 2.81, "unit": "m"}),
    "an anthracycline dose of 1e308 g/m2": _changed(
        ("cumulative_anthracycline",), {"value": 1e308, "unit": "g/m2"}
    ),
    "an anthracycline dose of 5e-324 ug/m2": _changed(
        ("cumulative_anthracycline",), {"value": 5e-324, "unit": "ug/m2"}
    ),
    "an LVEF of 0.6": _changed(("lvef_percent", "value"), 0.6),
    "an LVEF of 100": _changed(("lvef_percent", "value"), 100),
    "an MRD level of 1e-12": _changed(("mrd", 0, "level"), 1e-12),
    "an MRD sensitivity of 1e-300": _changed(("mrd", 0), {**FULL["mrd"][0], "sensitivity": 1e-300}),
    # plausible ranges of laboratory results, per analyte and unit
    "platelets of 1e12 x10^9/L": _lab(analyte="platelets", value=1e12, unit="10^9/L"),
    "platelets of 1e7 /uL and a bit": _lab(analyte="platelets", value=10_000_001, unit="/uL"),
    "albumin of 1e308 g/dL": _lab(analyte="albumin", value=1e308, unit="g/dL"),
    "albumin of 71 g/L": _lab(analyte="albumin", value=71, unit="g/L"),
    "bilirubin of 2600 umol/L": _lab(analyte="bilirubin", value=2600, unit="umol/L"),
    "a tiny non-zero count": _lab(analyte="wbc", value=1e-300, unit="10^9/L"),
    "a ULN of 1e-300": _lab(analyte="ast", value=30, unit="U/L", upper_limit_of_normal=1e-300),
    "a creatinine ULN of 2000 umol/L": _lab(
        analyte="creatinine", value=80, unit="umol/L", upper_limit_of_normal=2000
    ),
    "platelets below 0": _lab(analyte="platelets", value=0, unit="10^9/L", comparator="<"),
    "platelets above 10000": _lab(analyte="platelets", value=10000, unit="10^9/L", comparator=">"),
    "blasts above 100 %": _lab(analyte="marrow_blasts", value=100, unit="%", comparator=">"),
    "a LOINC code of another analyte": _lab(
        analyte="platelets", value=45, unit="10^9/L", loinc="718-7"
    ),
    "a malformed LOINC code": _lab(analyte="platelets", value=45, unit="10^9/L", loinc="7773"),
    "a LOINC code and a newline": _lab(
        analyte="platelets", value=45, unit="10^9/L", loinc="777-3\n"
    ),
    # repeats
    "a repeated agent": _course(treatment_lines=[{**_LINE, "agents": ["dasatinib", "dasatinib"]}]),
    "a repeated site of disease": _disease(extramedullary_sites=["skin", "skin"]),
    "a repeated relapse site": _course(
        relapses=[{"date": _RELAPSE_DATE, "extramedullary_sites": ["cns", "cns"]}]
    ),
    "a repeated mutation": _disease(
        kinase_domain={"date": "2022-10-02", "mutations": ["T315I", "T315I"]}
    ),
    "a malformed mutation": _disease(kinase_domain={"date": "2022-10-02", "mutations": ["t315i"]}),
    # cross-field rules
    "a marker result with neither percentage nor call": _disease(
        markers=[{"marker": "CD19", "date": "2022-10-03"}]
    ),
    "a marker called positive at 0 %": _disease(
        markers=[{"marker": "CD19", "date": "2022-10-03", "percent_positive": 0, "positive": True}]
    ),
    "CD19 at 95 % called negative": _disease(
        markers=[
            {"marker": "CD19", "date": "2022-10-03", "percent_positive": 95, "positive": False}
        ]
    ),
    "a line with neither regimen nor agents": _course(
        treatment_lines=[{"start": "2020-02-12", "intent": "frontline"}]
    ),
    "an ongoing line with an end": _course(
        treatment_lines=[{**_LINE, "stop_reason": "ongoing", "end": "2020-06-01"}]
    ),
    "an autologous transplant with a donor": _course(
        transplants=[{"kind": "autologous", "date": "2020-09-01", "donor_type": "haploidentical"}]
    ),
    "an isolated CNS relapse in the testes": _course(
        relapses=[
            {"date": _RELAPSE_DATE, "site": "isolated_cns", "extramedullary_sites": ["testes"]}
        ]
    ),
    "an isolated extramedullary relapse in the CNS only": _course(
        relapses=[
            {
                "date": _RELAPSE_DATE,
                "site": "isolated_extramedullary",
                "extramedullary_sites": ["cns"],
            }
        ]
    ),
    "a relapse without a remission in a complete history": _course(
        remissions=[], history_complete=True
    ),
    "a line reaching CR without a remission": _course(
        remissions=[], relapses=[], treatment_lines=[{**_LINE, "best_response": "CR"}]
    ),
    "donor details without a donor": _course(donor_identified=False, donor_type="haploidentical"),
    "Ph-negative disease with a transcript": _disease(philadelphia="negative", kinase_domain=None),
    "Ph-negative disease with mutations": _disease(
        philadelphia="negative", bcr_abl1_transcript=None
    ),
    "Burkitt leukemia with a precursor lineage": _changed(
        ("conditions",), [{"condition": "burkitt", "present": True}]
    ),
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

    def test_weight_zero_is_refused_by_both(self, validator: Draft202012Validator) -> None:
        """Regression: weight 0 kg passed the schema (measures had no range in it)."""
        document = _changed(("weight", "value"), 0)
        assert not validator.is_valid(document)
        with pytest.raises(DocumentError):
            load_patient(document)


class TestSchemaStatesTheModelsRules:
    """Ranges, repeats and cross-field rules the schema now states (load_patient agrees)."""

    @pytest.mark.parametrize("document", NEWLY_REJECTED.values(), ids=list(NEWLY_REJECTED))
    def test_document_is_invalid(
        self, validator: Draft202012Validator, document: dict[str, Any]
    ) -> None:
        """The schema reports at least one error."""
        assert not validator.is_valid(document)

    @pytest.mark.parametrize("document", NEWLY_REJECTED.values(), ids=list(NEWLY_REJECTED))
    def test_load_patient_refuses_it_too(self, document: dict[str, Any]) -> None:
        """load_patient agrees that the document is invalid."""
        with pytest.raises(DocumentError):
            load_patient(document)

    @pytest.mark.parametrize(
        "document",
        [
            _changed(("weight",), {"value": 0.2, "unit": "kg"}),
            _changed(("weight",), {"value": 200, "unit": "g"}),
            _changed(("weight",), {"value": 650, "unit": "kg"}),
            _changed(("height",), {"value": 20, "unit": "cm"}),
            _changed(("height",), {"value": 2.8, "unit": "m"}),
            _lab(analyte="platelets", value=10_000_000, unit="/uL"),
            _lab(analyte="platelets", value=0, unit="10^9/L"),
            _lab(analyte="ast", value=30, unit="U/L", upper_limit_of_normal=5),
            _lab(analyte="marrow_blasts", value=99, unit="%", comparator=">"),
            _course(remissions=[], history_complete=None),
            _disease(
                markers=[
                    {
                        "marker": "CD19",
                        "date": "2022-10-03",
                        "percent_positive": 50,
                        "positive": False,
                    }
                ]
            ),
        ],
    )
    def test_values_at_the_bounds_are_valid_for_both(
        self, validator: Draft202012Validator, document: dict[str, Any]
    ) -> None:
        """Values at the bounds (and an incomplete history's relapse) pass both."""
        assert [error.message for error in validator.iter_errors(document)] == []
        load_patient(document)

    @pytest.mark.parametrize("analyte", list(ANALYTES))
    def test_lab_bounds_agree_with_the_model_in_every_unit(self, analyte: Analyte) -> None:
        """The schema's bounds in each unit are the model's, to the last float step."""
        schema = patient_json_schema()
        validator = Draft202012Validator(schema)
        for unit in lab_units(analyte):
            low, high = lab_bounds(analyte, unit)
            for value, accepted in (
                (low, True),
                (high, True),
                (math.nextafter(low, 0.0), False),
                (math.nextafter(high, math.inf), False),
            ):
                document = {
                    "labs": [
                        {
                            "analyte": analyte.value,
                            "value": value,
                            "unit": unit,
                            "date": "2022-10-01",
                        }
                    ]
                }
                assert validator.is_valid(document) is accepted, (unit, value)
                try:
                    load_patient(document)
                except DocumentError:
                    loaded = False
                else:
                    loaded = True
                assert loaded is accepted, (unit, value)


# --- documents generated from the schema -------------------------------------------------

#: How load_patient's refusals of schema-valid documents are recognised: each rule JSON
#: Schema cannot express (allmodel.io._schema.NOT_EXPRESSIBLE) and the messages it gives.
#: A refusal matching none of them is drift between the schema and the model.
REFUSAL_CATEGORIES: dict[str, re.Pattern[str]] = {
    "date order": re.compile(
        r"is before (the date of birth|the diagnosis date|start)$"
        r"|is not after any recorded remission, in a complete history$"
    ),
    "age at an event": re.compile(r"is more than 122 years after the date of birth$"),
    "LOINC check digit": re.compile(r"^must be a LOINC code with a valid check digit, got "),
}


class _LegacyMany:
    """``cu.many`` as hypothesis-jsonschema 0.23.1 drives it (``more()`` and ``reject()``).

    hypothesis 6.1xx made ``many`` a context manager that is iterated; the locked
    hypothesis-jsonschema still calls the old methods, so every object schema fails with
    "'many' object has no attribute 'more'". This adapter enters the new ``many`` and
    steps its iterator.
    """

    def __init__(self, data: Any, **sizes: Any) -> None:
        self._many = conjecture_utils.many(data, **sizes)
        self._many.__enter__()
        self._items = iter(self._many)

    def more(self) -> bool:
        """Whether to draw another element (closes the collection when not)."""
        if next(self._items, _DONE) is _DONE:
            self._many.__exit__(None)
            return False
        return True

    def reject(self) -> None:
        """The element drawn last is not kept."""
        self._many.reject()


_DONE = object()


def _cached(build: Callable[..., Any]) -> Callable[..., Any]:
    """``build(schema, ...)`` memoised on the schema's JSON text."""
    found: dict[tuple[str, int, int], Any] = {}

    def cached(schema: Any, *, alphabet: Any, custom_formats: Any) -> Any:
        key = (json.dumps(schema, sort_keys=True), id(alphabet), id(custom_formats))
        if key not in found:
            found[key] = build(schema, alphabet=alphabet, custom_formats=custom_formats)
        return found[key]

    return cached


def _usable_hypothesis_jsonschema(patch: pytest.MonkeyPatch) -> None:
    """Make hypothesis-jsonschema 0.23.1 work with this hypothesis, and fast enough.

    * the ``many`` adapter above (only while the library lacks ``more``);
    * every sub-schema is read as draft 2020-12 without checking it against the
      metaschema again (TestSchemaDocument checks the whole schema once; the library
      re-checked each of thousands of sub-schemas, minutes in all);
    * strategies are built once per sub-schema (the library rebuilds one for every
      property of every object it draws).
    """
    if not hasattr(conjecture_utils.many, "more"):
        patch.setattr(hjs_from_schema, "cu", types.SimpleNamespace(many=_LegacyMany))
    patch.setattr(hjs_canonicalise, "_get_validator_class", lambda _: Draft202012Validator)
    patch.setattr(hjs_from_schema, "__from_schema", _cached(vars(hjs_from_schema)["__from_schema"]))
    patch.setattr(
        hjs_from_schema,
        "merged_as_strategies",
        _cached(hjs_from_schema.merged_as_strategies),
    )


Documents = Callable[[str], st.SearchStrategy[Any]]


@pytest.fixture(scope="module")
def documents() -> Iterator[Documents]:
    """Strategies of documents valid for the schema: the whole patient, or one definition."""
    with pytest.MonkeyPatch.context() as patch:
        _usable_hypothesis_jsonschema(patch)
        schema = patient_json_schema()
        # no "$schema" key: the library would check the metaschema at every step
        definitions = {"$defs": schema["$defs"]}
        root = {key: value for key, value in schema.items() if key != "$schema"}
        built: dict[str, st.SearchStrategy[Any]] = {}

        def strategy(name: str) -> st.SearchStrategy[Any]:
            if name not in built:
                part = root if name == "Patient" else {**definitions, **schema["$defs"][name]}
                built[name] = from_schema(part)
            return built[name]

        yield strategy


def _unexplained(load: Callable[[], object]) -> list[str]:
    """The problems of ``load()`` that no category of REFUSAL_CATEGORIES explains."""
    try:
        load()
    except DocumentError as error:
        return [
            f"{problem.path}: {problem.message}"
            for problem in error.problems
            if not any(rule.search(problem.message) for rule in REFUSAL_CATEGORIES.values())
        ]
    return []


#: Generation from the schema is slow: hypothesis-jsonschema merges and filters schemas
#: while it draws (each lab result is one of 30 analyte-and-unit branches, and the
#: cross-field rules are filters), so the first draws are far over the too_slow budget
#: and some branches are filtered often. The examples are bounded instead (the whole
#: test takes about half a minute).
GENERATED = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)

#: Every definition of the schema, each loaded on its own (the whole patient rarely draws
#: the deep parts: a lab result in one patient document in forty).
DEFINITIONS = sorted(patient_json_schema()["$defs"])


class TestGeneratedDocuments:
    """load_patient refuses a schema-valid document only for a rule JSON Schema cannot say."""

    def test_categories_are_the_rules_the_schema_cannot_express(self) -> None:
        """The categories are exactly the documented list, NOT_EXPRESSIBLE."""
        assert set(REFUSAL_CATEGORIES) == set(NOT_EXPRESSIBLE)

    def test_unknown_refusals_are_caught(self) -> None:
        """A refusal outside the categories (a weight of 0) is reported as unexplained."""
        unexplained = _unexplained(lambda: load_patient({"weight": {"value": 0, "unit": "kg"}}))
        assert unexplained == ["$.weight: must be between 0.2 and 650 kg, got 0 kg"]

    @settings(GENERATED, max_examples=12)
    @given(data=st.data())
    def test_patient_documents(
        self, validator: Draft202012Validator, documents: Documents, data: st.DataObject
    ) -> None:
        """Whole patient documents generated from the schema."""
        document = data.draw(documents("Patient"), label="document")
        assert validator.is_valid(document)
        assert _unexplained(lambda: load_patient(document)) == []

    @pytest.mark.parametrize("name", DEFINITIONS)
    @settings(GENERATED, max_examples=20)
    @given(data=st.data())
    def test_definition_documents(
        self, documents: Documents, name: str, data: st.DataObject
    ) -> None:
        """Each definition's documents, read as that model class."""
        document = data.draw(documents(name), label=name)
        cls = getattr(allmodel.model, name, None) or getattr(allmodel.measures, name)
        assert _unexplained(lambda: from_dict(cls, document)) == []
