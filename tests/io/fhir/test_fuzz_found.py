"""Malformed FHIR that fuzzing (``make fuzz``, the FHIR target) once turned into crashes
or multi-line problems: each now ends in a FhirError with a one-line problem at its path."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from allmodel.errors import FhirError
from allmodel.examples import fhir_bundle
from allmodel.io.fhir import patient_from_fhir
from allmodel.io.fhir._element import member_path, one_line

AS_OF = date(2022, 12, 31)


def _bundle() -> dict[str, Any]:
    return fhir_bundle("ph_negative_first_relapse")


def _first(bundle: dict[str, Any], kind: str, element: str) -> tuple[int, dict[str, Any]]:
    for index, entry in enumerate(bundle["entry"]):
        resource: dict[str, Any] = entry["resource"]
        if resource["resourceType"] == kind and element in resource:
            return index, resource
    raise AssertionError(f"the example has no {kind} with {element}")  # pragma: no cover


def _problems(source: object, *, validate: bool) -> dict[str, str]:
    with pytest.raises(FhirError) as caught:
        patient_from_fhir(source, as_of=AS_OF, validate=validate)
    problems = {problem.path: problem.message for problem in caught.value.problems}
    for path, message in problems.items():
        assert len(f"{path}: {message}".splitlines()) == 1
    return problems


@pytest.mark.parametrize("validate", [False, True])
@pytest.mark.parametrize("status", [["final"], {"code": "final"}, 1, True])
def test_a_status_that_is_no_string_is_an_error_at_its_path(validate: bool, status: object) -> None:
    bundle = _bundle()
    index, observation = _first(bundle, "Observation", "valueQuantity")
    observation["status"] = status
    problems = _problems(bundle, validate=validate)
    assert list(problems) == [f"Bundle.entry[{index}].resource.status"]


def test_a_final_string_status_still_reads() -> None:
    bundle = _bundle()
    _, observation = _first(bundle, "Observation", "valueQuantity")
    assert observation["status"] == "final"
    assert patient_from_fhir(copy.deepcopy(bundle), as_of=AS_OF).patient.labs


def test_a_resource_allmodel_does_not_read_keeps_any_status() -> None:
    bundle = _bundle()
    bundle["entry"].append({"resource": {"resourceType": "Organization", "status": ["x"]}})
    read = patient_from_fhir(bundle, as_of=AS_OF, validate=False)
    assert read.report.at(f"Bundle.entry[{len(bundle['entry']) - 1}].resource")


@pytest.mark.parametrize("validate", [False, True])
@pytest.mark.parametrize("value", [10**400, -(10**400)], ids=["10**400", "-10**400"])
def test_an_integer_past_any_float_is_not_finite(validate: bool, value: int) -> None:
    bundle = _bundle()
    index, observation = _first(bundle, "Observation", "valueQuantity")
    observation["valueQuantity"]["value"] = value
    problems = _problems(bundle, validate=validate)
    path = f"Bundle.entry[{index}].resource.valueQuantity.value"
    assert problems == {path: "must be a finite number"}


def test_an_integer_just_inside_the_floats_reads_as_a_number() -> None:
    bundle = _bundle()
    _, observation = _first(bundle, "Observation", "valueQuantity")
    observation["valueQuantity"]["value"] = 10**300  # a float, then refused as implausible
    with pytest.raises(FhirError) as caught:
        patient_from_fhir(bundle, as_of=AS_OF)
    assert "finite" not in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "shown"), [("Zzz", "'Zzz'"), (5, "5"), ("Line\nbreak", "'Line\\nbreak'")]
)
def test_a_contained_resource_of_no_fhir_type_is_named_when_validating(
    kind: object, shown: str
) -> None:
    bundle = _bundle()
    index, observation = _first(bundle, "Observation", "valueQuantity")
    observation["contained"] = [{"resourceType": "Medication", "id": "m", "contained": []}]
    observation["contained"][0]["contained"] = [{"resourceType": kind, "id": "x"}]
    problems = _problems(bundle, validate=True)
    path = f"Bundle.entry[{index}].resource.contained[0].contained[0].resourceType"
    assert problems == {path: f"is not a FHIR R4B resource type: {shown}"}


@pytest.mark.parametrize("validate", [False, True])
def test_a_key_with_line_breaks_is_spelled_escaped(validate: bool) -> None:
    bundle = _bundle()
    index, observation = _first(bundle, "Observation", "valueQuantity")
    observation["valueQ\u2028\n"] = 1  # a second value[x]; no FHIR element either
    problems = _problems(bundle, validate=validate)
    assert f'Bundle.entry[{index}].resource["valueQ\\u2028\\n"]' in problems


def test_a_validator_message_with_line_breaks_is_one_line() -> None:
    bundle = _bundle()
    index, observation = _first(bundle, "Observation", "valueQuantity")
    observation["subject"]["reference"] = "\x0b"  # FHIR strings must hold a non-blank
    problems = _problems(bundle, validate=True)
    message = problems[f"Bundle.entry[{index}].resource.subject.reference"]
    assert "\\r\\n" in message


@pytest.mark.parametrize(
    ("path", "name", "expected"),
    [
        ("Observation", "code", "Observation.code"),
        ("", "code", "code"),
        ("Observation", "_code", "Observation._code"),
        ("Observation", "a b", 'Observation["a b"]'),
        ("Observation", "é", 'Observation["\\u00e9"]'),
        ("Observation", "", 'Observation[""]'),
    ],
)
def test_member_paths(path: str, name: str, expected: str) -> None:
    assert member_path(path, name) == expected


def test_one_line_escapes_every_line_break_and_keeps_the_rest() -> None:
    breaks = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    escaped = one_line(f"a{breaks}b\tc")
    assert len(escaped.splitlines()) == 1
    assert escaped.startswith("a\\n\\r")
    assert escaped.endswith("b\tc")


def test_an_unread_member_with_line_breaks_is_reported_on_one_line() -> None:
    bundle = _bundle()
    index, observation = _first(bundle, "Observation", "valueQuantity")
    observation["note\nx"] = "free text"
    read = patient_from_fhir(bundle, as_of=AS_OF, validate=False)
    path = f'Bundle.entry[{index}].resource["note\\nx"]'
    (entry,) = read.report.at(path)
    assert entry.detail == "not read by allmodel"
    assert all(len(str(entry).splitlines()) == 1 for entry in read.report.ignored)


@pytest.mark.parametrize("validate", [False, True])
@pytest.mark.parametrize("depth", [1, 2, 100_000])
def test_a_list_of_nested_lists_is_no_resource_at_any_depth(validate: bool, depth: int) -> None:
    """Decoded input that is a list nested far past the recursion limit (an item is a
    list, not a resource) is one problem at the item, not a RecursionError."""
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    assert _problems(nested, validate=validate) == {"[0]": "must be an object, not an array"}
