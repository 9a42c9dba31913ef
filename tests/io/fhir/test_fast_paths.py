"""The FHIR reader's fast paths give what the long way gives.

The usual lab result is read straight from the decoded JSON (``_plain_lab``); a
medication concept's codings decide its agent once per set of codes (``_decide``);
choice keys, unread members and entry indexes are remembered per shape; a Bundle's usual
entries are made into resources without wrapping them. Each test here reads the same
input the fast way and the long way (or with the memory empty and full) and asks for
the same report, the same values and the same problems.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from allmodel.errors import FhirError
from allmodel.io.fhir import _course, _element, _labs, _medications, _observations, _report
from allmodel.io.fhir._context import ReadContext
from allmodel.io.fhir._element import Element
from allmodel.io.fhir._input import FhirInput, Resource
from allmodel.io.fhir._systems import ALLMODEL_CODES, ATC, LOINC, NDC, RXNORM, UCUM

AS_OF = date(2026, 1, 1)
PATH = "Bundle.entry[4].resource"


def _quantity(value: Any, code: Any, unit: Any = None) -> dict[str, Any]:
    found = {"value": value, "system": UCUM, "code": code}
    if unit is not None:
        found["unit"] = unit
    return found


def _lab(**elements: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": ALLMODEL_CODES, "code": "lab-creatinine"}]},
        "subject": {"reference": "Patient/p1"},
        **elements,
    }


def _state(context: ReadContext) -> Any:
    """Everything a reader leaves in the context."""
    return (
        [(e.path, e.outcome, e.detail) for e in context.entries],
        [(p.path, p.message) for p in context.problems],
        {field: list(items) for field, items in context.lists.items()},
    )


def _read(obj: dict[str, Any], *, fast: bool) -> Any:
    resource = Resource(Element(copy.deepcopy(obj), PATH), "Observation")
    context = ReadContext(as_of=AS_OF, input=FhirInput((resource,), {}))
    coding = resource.element.need("code").codings()[0]
    if fast:
        _labs._read_lab(resource, coding, context)
    else:
        with mock.patch.object(_labs, "_plain_lab", return_value=False):
            _labs._read_lab(resource, coding, context)
    return _state(context)


_VALUE = st.one_of(
    st.builds(
        _quantity,
        st.sampled_from([1.2, 0, -1, 10**20, float("inf"), True, "1"]),
        st.sampled_from(["mg/dL", "umol/L", "g", "", 3]),
        st.sampled_from([None, "mg/dL", "umol/L", "mg/dl", " "]),
    ),
    st.sampled_from([{"value": 1.0, "unit": "mg/dL"}, {"value": 1.0}, "x", None]),
)
_DAY = st.sampled_from(
    ["2024-03-04", "2024-02-30", "2024-03", "2024-03-04T10:00:00Z", "2024-03-04T10:00", 3, ""]
)
_RANGES = st.one_of(
    st.none(),
    st.lists(
        st.one_of(
            st.fixed_dictionaries({"high": _VALUE}),
            st.fixed_dictionaries(
                {"high": _VALUE},
                optional={"type": st.just({"coding": [{"code": "treatment"}]}), "low": _VALUE},
            ),
            st.just("x"),
        ),
        max_size=2,
    ),
    st.just("x"),
)
_OTHER = st.sampled_from(["valueString", "effectivePeriod", "note", "interpretation"])


@given(_VALUE, _DAY, _RANGES, st.lists(_OTHER, max_size=2))
@example(_quantity(1.2, "mg/dL"), "2024-03-04", None, [])
@example(_quantity(1.2, "mg/dL", "mg/dL"), "2024-03-04", [{"high": _quantity(1.1, "mg/dL")}], [])
@example(_quantity(100, "umol/L"), "2024-03-04", [{"high": _quantity(1.1, "mg/dL")}], ["note"])
@example(_quantity(1.2, "mg/dL"), "2024-02-30", None, [])
@example(_quantity(1.2, "g"), "2024-03-04", None, [])
@settings(max_examples=300, deadline=None)
def test_lab_results_read_as_the_long_way(
    value: Any, day: Any, ranges: Any, others: list[str]
) -> None:
    """A lab Observation of any shape: the same result, report and problems whether the
    usual result's shortcut takes it or not."""
    elements: dict[str, Any] = {"valueQuantity": value, "effectiveDateTime": day}
    if ranges is not None:
        elements["referenceRange"] = ranges
    for name in others:
        elements[name] = {"start": "2024-03-04"} if name == "effectivePeriod" else "x"
    obj = _lab(**elements)
    assert _read(obj, fast=True) == _read(obj, fast=False)


def test_the_usual_lab_result_takes_the_shortcut() -> None:
    """The shortcut is taken for the usual result, with or without a normal range (else
    the test above compares the long way with itself)."""
    for extra in ({}, {"referenceRange": [{"high": _quantity(1.1, "mg/dL")}]}):
        obj = _lab(valueQuantity=_quantity(1.2, "mg/dL"), effectiveDateTime="2024-03-04", **extra)
        resource = Resource(Element(obj, PATH), "Observation")
        context = ReadContext(as_of=AS_OF, input=FhirInput((resource,), {}))
        coding = resource.element.need("code").codings()[0]
        analyte = _labs._ANALYTE_OF[ALLMODEL_CODES, "lab-creatinine"]
        assert _labs._plain_lab(resource, coding, context, analyte)


_CODINGS = st.lists(
    st.sampled_from(
        [
            (RXNORM, "3002", None),
            (RXNORM, "11202", "vincristine"),
            (ATC, "L01XC19", None),
            (ATC, "L01FX07", None),
            ("http://fhir.de/CodeSystem/bfarm/atc", "L01XE08", None),
            (ATC, "L01BA01", "methotrexate"),
            (NDC, "0000-0000", None),
            (ALLMODEL_CODES, "agent-liposomal-vincristine", None),
            (ALLMODEL_CODES, "agent-x", None),
            (None, "3002", None),
            (LOINC, "3002", "x"),
        ]
    ),
    min_size=1,
    max_size=4,
)


def _agent(codings: list[tuple[Any, Any, Any]], path: str) -> Any:
    concept = Element(
        {
            "coding": [
                {k: v for k, v in zip(("system", "code", "display"), c, strict=True) if v}
                for c in codings
            ]
        },
        path,
    )
    context = ReadContext(as_of=AS_OF, input=FhirInput((), {}))
    try:
        found = _medications._concept_agent(concept, context)
    except FhirError as error:
        return [(p.path, p.message) for p in error.problems]
    return found, _state(context)


@given(_CODINGS)
@example([(RXNORM, "3002", None), (ATC, "L01BA01", "methotrexate")])
@example([(RXNORM, "3002", None), (RXNORM, "11202", None)])
@example([(ATC, "L01XC19", None)])
def test_a_concept_decides_its_agent_as_when_first_seen(codings: list[Any]) -> None:
    """The agent a medication concept names, remembered from another concept with the
    same codes: the same agent, report and problems, at this concept's paths."""
    _medications._DECISIONS.clear()
    first = _agent(codings, "MedicationStatement.medicationCodeableConcept")
    _medications._DECISIONS.clear()
    _agent(codings, "Bundle.entry[9].resource.medicationCodeableConcept")  # remembered
    assert _agent(codings, "MedicationStatement.medicationCodeableConcept") == first


def test_a_concept_with_the_same_codes_but_another_display_is_decided_again() -> None:
    """The display is part of what is remembered (the report shows it)."""
    _medications._DECISIONS.clear()
    plain = _agent([(RXNORM, "3002", None), (ATC, "L01BA01", None)], "x")
    shown = _agent([(RXNORM, "3002", None), (ATC, "L01BA01", "methotrexate")], "x")
    assert plain != shown


_KEYS = st.lists(
    st.sampled_from(
        ["value", "valueQuantity", "valuex", "effectiveDateTime", "effective", "note", "id", "v"]
    ),
    unique=True,
    max_size=6,
)


@given(_KEYS, st.sampled_from(["value", "effective", "medication"]))
def test_choice_keys_remembered_are_the_keys_found(keys: list[str], prefix: str) -> None:
    """The remembered choice keys of a shape are the ones a scan finds, also after the
    memory filled up and was emptied."""
    scan = tuple(
        k for k in keys if k.startswith(prefix) and k[len(prefix) : len(prefix) + 1].isupper()
    )
    for other in ("value", "effective", "medication"):  # the same shape, another prefix
        _element._choice_keys(other, tuple(keys))
    assert _element._choice_keys(prefix, tuple(keys)) == scan
    assert _element._choice_keys(prefix, tuple(keys)) == scan  # remembered


def test_a_full_memory_is_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each memory holds at most its limit, and answers rightly after emptying."""
    monkeypatch.setattr(_element, "_CHOICE_KEYS", {})  # empty, whatever ran before
    monkeypatch.setattr(_report, "_INDEXES", {})
    monkeypatch.setattr(_observations, "_UNREAD", {})
    monkeypatch.setattr(_element, "_CHOICE_KEYS_MAX", 2)
    monkeypatch.setattr(_report, "_INDEXES_MAX", 2)
    monkeypatch.setattr(_observations, "_UNREAD_MAX", 2)
    for index in range(5):
        assert _element._choice_keys("value", (f"value{chr(65 + index)}",)) == (
            f"value{chr(65 + index)}",
        )
        assert _report.entry_index(f"Bundle.entry[{index}].resource") == index
        assert _observations._unread((f"n{index}",), frozenset()) == (f"n{index}",)
        assert len(_element._CHOICE_KEYS) <= 2
        assert len(_report._INDEXES) <= 2
        assert len(_observations._UNREAD) <= 2


@given(_KEYS, st.sets(st.sampled_from(["valueQuantity", "note", "id", "v"])))
def test_unread_members_remembered_are_the_ones_reported(keys: list[str], read: set[str]) -> None:
    """The members not read of a shape, remembered, are the ones a scan finds."""
    scan = tuple(
        k
        for k in keys
        if k not in _observations._ALWAYS
        and k not in read
        and not k.startswith(("value", "effective"))
    )
    _observations._unread(tuple(keys), frozenset())  # the same shape, read otherwise
    assert _observations._unread(tuple(keys), frozenset(read)) == scan
    assert _observations._unread(tuple(keys), frozenset(read)) == scan


@given(st.lists(st.sampled_from(["Bundle.entry[3].resource.code", "[2]", "Patient", "x"])))
def test_entry_indexes_of_a_report_are_each_path_s(paths: list[str]) -> None:
    """The entry indexes of a report's paths, in one call, are each path's own."""
    assert _report.entry_indexes(paths) == [_report._read_index(p) for p in paths]


@given(st.sampled_from(["", "Observation.code", "Bundle.entry[2].resource.code"]))
def test_a_coding_s_path_is_its_array_item_s(path: str) -> None:
    """A coding read without a wrapper for its array has the path of the array's item."""
    concept = Element({"coding": [{"code": "a"}, {"code": "b"}]}, path)
    array = Element(concept.value["coding"], None, concept, "coding")
    assert [c.path for c in concept.codings()] == [f"{array.path}[0]", f"{array.path}[1]"]


_OBSERVATION_VALUE = st.sampled_from(
    [
        ("valueBoolean", True),
        ("valueBoolean", False),
        ("valueBoolean", "true"),
        ("valueQuantity", _quantity(170, "cm")),
        ("valueQuantity", _quantity(70.5, "kg", "kg")),
        ("valueQuantity", _quantity(66, "[in_i]")),
        ("valueQuantity", {**_quantity(70, "kg"), "comparator": "<"}),
        ("valueQuantity", _quantity(70, "mg/dL")),
        ("valueQuantity", _quantity(-3, "kg")),
        ("valueString", "x"),
    ]
)
_EFFECTIVE = st.sampled_from(
    [
        {},
        {"effectiveDateTime": "2024-03-04"},
        {"effectiveDateTime": "2024-02-30"},
        {"effectiveDateTime": "2027-03-04"},
        {"effectiveDateTime": "2024-03-04T10:00:00Z"},
        {"effectivePeriod": {"start": "2024-03-04", "end": "2024-03-04"}},
        {"effectiveDateTime": "2024-03-04", "effectiveInstant": "2024-03-04T10:00:00Z"},
    ]
)
_CODES = st.sampled_from(
    [
        (ALLMODEL_CODES, "fit-for-intensive-therapy"),
        (ALLMODEL_CODES, "prefers-palliative-care"),
        (LOINC, "8302-2"),
        (LOINC, "29463-7"),
    ]
)


def _observations_read(obj: dict[str, Any], report: bool, *, fast: bool) -> Any:
    """The observations domain's reader of ``obj`` (then its finishing step), with or
    without the shortcuts; with ``report``, a DiagnosticReport in the input lists it."""
    resource = Resource(Element(copy.deepcopy(obj), PATH), "Observation")
    resources = [resource]
    if report:
        listing = {
            "resourceType": "DiagnosticReport",
            "effectiveDateTime": "2024-03-01",
            "result": [{"reference": "Observation/o1"}],
        }
        resources.append(Resource(Element(listing, "Bundle.entry[5].resource"), "DiagnosticReport"))
    context = ReadContext(
        as_of=AS_OF, input=FhirInput(tuple(resources), {"Observation/o1": resource})
    )
    coding = resource.element.need("code").codings()[0]
    reader = _observations.DOMAIN.coded["Observation", coding.system or "", coding.code or ""]
    if fast:
        reader(resource, coding, context)
    else:
        with (
            mock.patch.object(_observations, "_plain_boolean", return_value=None),
            mock.patch.object(_observations, "_plain_vital", return_value=False),
        ):
            reader(resource, coding, context)
    _observations.DOMAIN.finish(context)
    return _state(context), {f: (s.value, s.path, s.when) for f, s in context.singles.items()}


@given(_CODES, _OBSERVATION_VALUE, _EFFECTIVE, st.booleans())
@example((ALLMODEL_CODES, "fit-for-intensive-therapy"), ("valueBoolean", True), {}, True)
@example((LOINC, "8302-2"), ("valueQuantity", _quantity(170, "cm")), {}, True)
@example((LOINC, "8302-2"), ("valueQuantity", _quantity(170, "cm")), {}, False)
@settings(max_examples=300, deadline=None)
def test_observations_read_as_the_long_way(
    code: tuple[str, str], value: tuple[str, Any], effective: dict[str, Any], report: bool
) -> None:
    """A judgement, a flag, a height or a weight of any shape: the same values, report
    and problems whether the shortcuts take it or not."""
    obj = {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "code": {"coding": [{"system": code[0], "code": code[1]}]},
        value[0]: value[1],
        **effective,
    }
    fast = _observations_read(obj, report, fast=True)
    assert fast == _observations_read(obj, report, fast=False)


def test_the_usual_observations_take_the_shortcuts() -> None:
    """The shortcuts are taken for the usual judgement, flag and body size (else the test
    above compares the long way with itself)."""
    flag = {"valueBoolean": True, "effectiveDateTime": "2024-03-04"}
    resource = Resource(Element(flag, PATH), "Observation")
    assert _observations._plain_boolean(resource) == (True, date(2024, 3, 4))
    size = {"valueQuantity": _quantity(170, "cm")}
    resource = Resource(Element(size, PATH), "Observation")
    context = ReadContext(as_of=AS_OF, input=FhirInput((resource,), {}))
    assert _observations._plain_vital(resource, context, "height")


_BASED_ON = st.one_of(
    st.none(),
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "reference": st.sampled_from(
                        ["CarePlan/line", "CarePlan/other", "Patient/p1", "#x", "", " ", 3]
                    ),
                    "display": st.just("a plan"),
                },
            ),
            st.sampled_from(["CarePlan/line", 3, None]),
        ),
        max_size=3,
    ),
    st.sampled_from(["CarePlan/line", {"reference": "CarePlan/line"}]),
)


@given(_BASED_ON)
@example([{"reference": "CarePlan/other"}, {"reference": "CarePlan/line"}])
@example([{"reference": "CarePlan/line"}, 3])
@example([3, {"reference": "CarePlan/line"}])
def test_a_record_s_line_is_the_one_the_long_way_finds(based_on: Any) -> None:
    """The line a medication record's ``basedOn`` names: the same CarePlan (or the same
    problem) read from the decoded JSON as element by element."""
    line = {
        "resourceType": "CarePlan",
        "id": "line",
        "category": [{"coding": [{"system": ALLMODEL_CODES, "code": _course.TREATMENT_LINE}]}],
    }
    other = {"resourceType": "CarePlan", "id": "other", "category": "x"}
    record: dict[str, Any] = {"resourceType": "MedicationStatement"}
    if based_on is not None:
        record["basedOn"] = based_on

    def found(read: Any) -> Any:
        resources = [
            Resource(Element(obj, f"Bundle.entry[{i}].resource"), str(obj["resourceType"]))
            for i, obj in enumerate((record, line, other))
        ]
        index = {f"CarePlan/{r.id}": r for r in resources[1:]}
        context = ReadContext(as_of=AS_OF, input=FhirInput(tuple(resources), index))
        try:
            return read(resources[0], context)
        except FhirError as error:
            return [(p.path, p.message) for p in error.problems]

    assert found(_course._line_of) == found(_course._line_of_slowly)
