"""Criteria as JSON: lossless round trips, local trial documents, and errors with JSON paths.

Reading a criteria document is reading data: it checks every fact, unit, category and key
against the fact schema and reports every problem with its JSON path, and it never runs
anything a document contains.
"""

from __future__ import annotations

import copy
import json
import os
from datetime import date
from pathlib import Path
from typing import Any, cast

import attrs
import pytest

from allmodel import DocumentError
from allmodel._jsonio.decoding import JsonSource
from allmodel.catalogue import default_ruleset
from allmodel.criteria import (
    All,
    AtLeast,
    Constant,
    InJurisdiction,
    Is,
    IsIn,
    Jurisdiction,
    Known,
    Node,
    Not,
    Op,
    Option,
    OptionKind,
    Ruleset,
    Threshold,
    criterion_from_dict,
    criterion_to_dict,
    dump_option,
    load_criteria,
    option_from_dict,
    option_to_dict,
    ruleset_from_dict,
    ruleset_to_dict,
)
from allmodel.criteria import Any as AnyOf
from allmodel.io import MAX_DEPTH
from allmodel.model import Condition
from allmodel.report import Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse

LOCAL_TRIAL = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "allmodel"
    / "examples"
    / "local_trials"
    / "example_hospital_cd22_pilot.json"
)
DEFAULT_OPTIONS = default_ruleset().options


def local_document() -> dict[str, Any]:
    """A fresh decoded copy of the example local trial."""
    data: dict[str, Any] = json.loads(LOCAL_TRIAL.read_text(encoding="utf-8"))
    return data


def problems(data: object) -> list[tuple[str, str]]:
    """The (path, message) pairs load_criteria reports for ``data``."""
    with pytest.raises(DocumentError) as caught:
        load_criteria(copy.deepcopy(data))  # type: ignore[arg-type]
    return [(p.path, p.message) for p in caught.value.problems]


#: One node of every kind (with a threshold in a unit other than the fact's).
EVERY_KIND: tuple[Node, ...] = (
    Threshold(
        id="platelets",
        text="platelets",
        fact="platelets",
        op=Op.GE,
        value=50000,
        unit="/uL",
        citations=("ref 1",),
    ),
    IsIn(id="lineage", text="lineage", fact="lineage", values=("b_precursor", "t")),
    Is(id="pregnant", text="not pregnant", fact="pregnant", value=False),
    Known(id="cd22", text="CD22 recorded", fact="cd22_percent"),
    InJurisdiction(id="label", text="label", jurisdictions=(Jurisdiction.US, Jurisdiction.EU)),
    Constant(id="withdrawn", text="withdrawn", value=False),
    All(id="all", text="all", parts=(Constant(id="a1", text="a1", value=True),)),
    AnyOf(id="any", text="any", parts=(Constant(id="o1", text="o1", value=True),)),
    Not(id="not", text="not", part=Constant(id="n1", text="n1", value=True)),
    AtLeast(
        id="two",
        text="two of three",
        count=2,
        parts=(
            Constant(id="k1", text="k1", value=True),
            Constant(id="k2", text="k2", value=False),
            Known(id="k3", text="k3", fact="ecog"),
        ),
    ),
)


class TestRoundTrip:
    """Options, rulesets and criteria come back equal from their JSON text."""

    @pytest.mark.parametrize("option", DEFAULT_OPTIONS, ids=[o.id for o in DEFAULT_OPTIONS])
    def test_default_ruleset_option(self, option: Option) -> None:
        """Each option of the default ruleset survives dict -> JSON text -> option."""
        text = json.dumps(option_to_dict(option))
        assert option_from_dict(json.loads(text)) == option

    def test_default_ruleset(self) -> None:
        """The default ruleset survives dict -> JSON text -> ruleset."""
        ruleset = default_ruleset()
        text = json.dumps(ruleset_to_dict(ruleset))
        assert ruleset_from_dict(json.loads(text)) == ruleset

    @pytest.mark.parametrize("node", EVERY_KIND, ids=[n.kind for n in EVERY_KIND])
    def test_every_node_kind(self, node: Node) -> None:
        """Each kind of node survives dict -> JSON text -> node."""
        back = criterion_from_dict(json.loads(json.dumps(criterion_to_dict(node))))
        assert back == node
        assert type(back) is type(node)

    def test_converted_threshold_survives(self) -> None:
        """A threshold written in /uL keeps its unit and its converted value."""
        node = EVERY_KIND[0]
        back = criterion_from_dict(criterion_to_dict(node))
        assert isinstance(back, Threshold)
        assert (back.unit, back.threshold) == ("/uL", 50.0)

    def test_ruleset_layout(self) -> None:
        """A ruleset's dict, written out by hand."""
        ruleset = Ruleset(
            name="tiny",
            version="0.1.0",
            effective=date(2022, 12, 31),
            description="One option.",
            options=(
                Option(
                    id="open",
                    kind=OptionKind.TRIAL,
                    name="Open trial",
                    citations=("NCT00000002",),
                    registry_ids=("NCT00000002",),
                    criteria=Constant(id="open", text="open", value=True),
                ),
            ),
        )
        assert ruleset_to_dict(ruleset) == {
            "name": "tiny",
            "version": "0.1.0",
            "effective": "2022-12-31",
            "description": "One option.",
            "options": [
                {
                    "id": "open",
                    "kind": "trial",
                    "name": "Open trial",
                    "criteria": {"kind": "constant", "id": "open", "text": "open", "value": True},
                    "citations": ["NCT00000002"],
                    "registry_ids": ["NCT00000002"],
                }
            ],
        }
        assert ruleset_from_dict(ruleset_to_dict(ruleset)) == ruleset

    def test_node_layout(self) -> None:
        """Nodes are tagged by kind, and fields at their default are left out."""
        assert criterion_to_dict(EVERY_KIND[2]) == {
            "kind": "is",
            "id": "pregnant",
            "text": "not pregnant",
            "fact": "pregnant",
            "value": False,
        }
        assert criterion_to_dict(EVERY_KIND[0]) == {
            "kind": "threshold",
            "id": "platelets",
            "text": "platelets",
            "citations": ["ref 1"],
            "fact": "platelets",
            "op": ">=",
            "value": 50000,
            "unit": "/uL",
        }

    def test_example_document_is_its_own_dump(self) -> None:
        """The example document, loaded and dumped, is the same JSON value."""
        assert option_to_dict(load_criteria(LOCAL_TRIAL)) == local_document()

    def test_dump_option_writes_a_loadable_file(self, tmp_path: Path) -> None:
        """dump_option returns the text and writes it; loading the file gives the option back."""
        option = load_criteria(LOCAL_TRIAL)
        target = tmp_path / "trial.json"
        text = dump_option(option, target)
        assert target.read_text(encoding="utf-8") == text
        assert text.endswith("}\n")
        assert load_criteria(target) == option


class TestLoadCriteria:
    """load_criteria reads a path, JSON text, bytes or a decoded mapping."""

    def test_from_path(self) -> None:
        """A pathlib.Path is read as a file."""
        option = load_criteria(LOCAL_TRIAL)
        assert (option.id, option.kind) == ("example_hospital_cd22_pilot", OptionKind.TRIAL)

    def test_from_json_text(self) -> None:
        """A str is JSON text."""
        assert load_criteria(LOCAL_TRIAL.read_text(encoding="utf-8")) == load_criteria(LOCAL_TRIAL)

    def test_from_bytes(self) -> None:
        """Bytes are JSON text too."""
        assert load_criteria(LOCAL_TRIAL.read_bytes()) == load_criteria(LOCAL_TRIAL)

    def test_from_dict(self) -> None:
        """A decoded mapping is taken as is."""
        assert load_criteria(local_document()) == load_criteria(LOCAL_TRIAL)

    def test_a_str_path_is_not_a_path(self) -> None:
        """A plain string is always JSON text, so a path in a str is invalid JSON at $."""
        with pytest.raises(DocumentError) as caught:
            load_criteria(str(LOCAL_TRIAL))
        assert [p.path for p in caught.value.problems] == ["$"]
        assert caught.value.problems[0].message.startswith("invalid JSON")

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read is a DocumentError at $."""
        with pytest.raises(DocumentError) as caught:
            load_criteria(tmp_path / "absent.json")
        assert [p.path for p in caught.value.problems] == ["$"]

    def test_not_an_object(self) -> None:
        """A JSON array is not an option."""
        assert problems("[1, 2]") == [("$", "expected an object, got an array")]

    def test_example_trial_screens(self) -> None:
        """The example local trial screens: unknown without a GVHD record, eligible with one."""
        option = load_criteria(LOCAL_TRIAL)
        unknown = screen(adult_in_relapse(), as_of=AS_OF, options=[option])
        assert unknown.results[0].status is Status.UNKNOWN
        assert unknown.results[0].missing == ("conditions[active_gvhd]",)
        recorded = adult_in_relapse(conditions={Condition.ACTIVE_GVHD: False})
        eligible = screen(recorded, as_of=AS_OF, options=[option])
        assert eligible.results[0].status is Status.ELIGIBLE

    def test_example_trial_refuses_old_patient(self) -> None:
        """A 71-year-old fails the example trial's age limit, named with the observed age."""
        option = load_criteria(LOCAL_TRIAL)
        report = screen(adult_in_relapse(age=71), as_of=AS_OF, options=[option])
        (failed,) = report.results[0].failed
        assert (failed.id, failed.observed) == ("age_max", "71 years")


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """A copy of ``data`` with the value at ``path`` replaced."""
    changed = copy.deepcopy(data)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def _drop(data: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    """A copy of ``data`` without the key at ``path``."""
    changed = copy.deepcopy(data)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


PARTS = ("criteria", "parts")


class TestDocumentErrors:
    """Bad documents give a DocumentError listing every problem with its exact JSON path."""

    def test_unknown_fact(self) -> None:
        """An unknown fact is named at its path."""
        data = _set(local_document(), (*PARTS, 0, "fact"), "age_in_dog_years")
        assert problems(data) == [("$.criteria.parts[0].fact", "unknown fact 'age_in_dog_years'")]

    def test_wrong_unit(self) -> None:
        """A unit of the wrong dimension is named at its path."""
        data = _set(local_document(), (*PARTS, 5, "unit"), "g/dL")
        assert problems(data) == [
            ("$.criteria.parts[5].unit", "'g/dL' is not a count per volume (platelets)")
        ]

    def test_unknown_kind(self) -> None:
        """An unknown node kind is named, with the kinds allowed."""
        data = _set(local_document(), (*PARTS, 2, "kind"), "regex")
        assert problems(data) == [
            (
                "$.criteria.parts[2].kind",
                "'regex' is not one of: threshold, is_in, is, known, in_jurisdiction, constant,"
                " all, any, not, at_least",
            )
        ]

    def test_missing_kind(self) -> None:
        """A node without a kind is refused at the kind."""
        data = _drop(local_document(), (*PARTS, 2, "kind"))
        assert problems(data) == [("$.criteria.parts[2].kind", "required field missing")]

    def test_unknown_key_in_node(self) -> None:
        """An unknown key inside a node is named."""
        data = _set(local_document(), (*PARTS, 3, "colour"), "red")
        assert problems(data) == [("$.criteria.parts[3].colour", "unknown key")]

    def test_unknown_key_in_option(self) -> None:
        """An unknown key at the top is named."""
        data = _set(local_document(), ("colour",), "red")
        assert problems(data) == [("$.colour", "unknown key")]

    def test_missing_field(self) -> None:
        """A missing required field is named."""
        data = _drop(local_document(), (*PARTS, 4, "op"))
        assert problems(data) == [("$.criteria.parts[4].op", "required field missing")]

    def test_missing_option_name(self) -> None:
        """A missing option name is named."""
        assert problems(_drop(local_document(), ("name",))) == [
            ("$.name", "required field missing")
        ]

    def test_category_value_not_allowed(self) -> None:
        """A category value the fact cannot take is named with the allowed values."""
        data = _set(local_document(), (*PARTS, 2, "values"), ["myeloid"])
        assert problems(data) == [
            ("$.criteria.parts[2].values", "['myeloid'] not among 'lineage' values: b_precursor, t")
        ]

    def test_string_for_number(self) -> None:
        """A string where a number is needed is refused, not parsed."""
        data = _set(local_document(), (*PARTS, 4, "value"), "20")
        assert problems(data) == [("$.criteria.parts[4].value", "expected a number, got a string")]

    def test_boolean_for_number(self) -> None:
        """true is not the number 1."""
        data = _set(local_document(), (*PARTS, 4, "value"), True)
        assert problems(data) == [("$.criteria.parts[4].value", "expected a number, got a boolean")]

    def test_unknown_operator(self) -> None:
        """An operator outside the five is named with the allowed ones."""
        data = _set(local_document(), (*PARTS, 4, "op"), "=>")
        assert problems(data) == [
            ("$.criteria.parts[4].op", "'=>' is not one of: <, <=, >, >=, ==")
        ]

    def test_nested_path(self) -> None:
        """Problems inside a Not's part have the part in their path."""
        data = _set(local_document(), (*PARTS, 8, "part", "fact"), "nope")
        assert problems(data) == [("$.criteria.parts[8].part.fact", "unknown fact 'nope'")]

    def test_every_problem_at_once(self) -> None:
        """Two problems in one document are both reported."""
        data = _set(local_document(), (*PARTS, 0, "fact"), "nope")
        data = _set(data, (*PARTS, 5, "unit"), "g/dL")
        assert problems(data) == [
            ("$.criteria.parts[0].fact", "unknown fact 'nope'"),
            ("$.criteria.parts[5].unit", "'g/dL' is not a count per volume (platelets)"),
        ]

    def test_repeated_node_id(self) -> None:
        """A repeated node id is refused at the criteria."""
        data = _set(local_document(), (*PARTS, 1, "id"), "age_min")
        assert problems(data) == [("$.criteria", "repeats node ids: age_min")]

    def test_unknown_option_kind(self) -> None:
        """An option kind other than therapy or trial is named."""
        assert problems(_set(local_document(), ("kind",), "drug")) == [
            ("$.kind", "'drug' is not one of: therapy, trial")
        ]

    def test_part_not_an_object(self) -> None:
        """A part that is not an object is named."""
        data = _set(local_document(), (*PARTS, 0), "age >= 18")
        assert problems(data) == [("$.criteria.parts[0]", "expected a criterion object")]

    def test_parts_not_an_array(self) -> None:
        """parts must be an array."""
        data = _set(local_document(), PARTS, "all of them")
        assert problems(data) == [("$.criteria.parts", "expected an array, got a string")]

    def test_ruleset_paths(self) -> None:
        """Problems in a ruleset document are named from the ruleset's root."""
        data = json.loads(json.dumps(ruleset_to_dict(default_ruleset())))
        data["options"][0]["criteria"] = {
            "kind": "threshold",
            "id": "x",
            "text": "x",
            "fact": "platelets",
            "op": ">=",
            "value": 50,
            "unit": "mg",
        }
        with pytest.raises(DocumentError) as caught:
            ruleset_from_dict(data)
        assert [p.path for p in caught.value.problems] == ["$.options[0].criteria.unit"]


CODE = "__import__('os').system('touch {marker}')"


class TestNoCodeExecution:
    """A document is data: strings that look like code stay strings and never run."""

    def test_code_in_text_fields_is_just_text(self, tmp_path: Path) -> None:
        """Code-looking names, texts, notes and citations load verbatim and run nothing."""
        marker = tmp_path / "ran"
        code = CODE.format(marker=marker)
        data = local_document()
        data["name"] = code
        data["notes"] = [code, "{{ 7 * 7 }}", "!!python/object/apply:os.system ['true']"]
        data["citations"] = [f"eval({code!r})"]
        data["criteria"]["text"] = "lambda: " + code
        option = load_criteria(data)
        assert option.name == code
        assert option.notes == (code, "{{ 7 * 7 }}", "!!python/object/apply:os.system ['true']")
        assert option.citations == (f"eval({code!r})",)
        assert option.criteria.text == "lambda: " + code
        screen(adult_in_relapse(), as_of=AS_OF, options=[option]).to_json(evidence=True)
        assert not marker.exists()

    def test_code_as_kind_is_refused(self, tmp_path: Path) -> None:
        """Code in a kind is an unknown kind."""
        marker = tmp_path / "ran"
        data = _set(local_document(), (*PARTS, 0, "kind"), CODE.format(marker=marker))
        ((path, message),) = problems(data)
        assert path == "$.criteria.parts[0].kind"
        assert message.startswith(repr(CODE.format(marker=marker)) + " is not one of")
        assert not marker.exists()

    def test_code_as_value_is_refused(self, tmp_path: Path) -> None:
        """Code where a number is needed is a string, not an expression."""
        marker = tmp_path / "ran"
        data = _set(local_document(), (*PARTS, 0, "value"), CODE.format(marker=marker))
        assert problems(data) == [("$.criteria.parts[0].value", "expected a number, got a string")]
        assert not marker.exists()

    @pytest.mark.parametrize("name", ["__class__", "__init__", "__import__", "os.system"])
    def test_dunder_fact_is_unknown(self, name: str) -> None:
        """Attribute-looking fact names are unknown facts."""
        data = _set(local_document(), (*PARTS, 0, "fact"), name)
        assert problems(data) == [("$.criteria.parts[0].fact", f"unknown fact {name!r}")]

    @pytest.mark.parametrize("key", ["__class__", "__dict__", "__slots__"])
    def test_dunder_key_is_unknown(self, key: str) -> None:
        """Keys naming attributes are unknown keys, not attribute writes."""
        data = _set(local_document(), (*PARTS, 0, key), 1)
        assert problems(data) == [(f"$.criteria.parts[0].{key}", "unknown key")]

    def test_private_attribute_key_reported_once(self) -> None:
        """A key naming a threshold's private converted value is one unknown-key problem."""
        data = _set(local_document(), (*PARTS, 0, "_converted"), 1)
        assert problems(data) == [("$.criteria.parts[0]._converted", "unknown key")]


def _chain(length: int) -> dict[str, Any]:
    """A criterion of ``length`` nested ``not`` nodes, built without recursion."""
    node: dict[str, Any] = {"kind": "constant", "id": "c", "text": "c", "value": True}
    for index in range(length):
        node = {"kind": "not", "id": f"n{index}", "text": "not", "part": node}
    return node


class TestBadInput:
    """Regression (fuzzing): any criteria input ends in DocumentError, with paths and limits."""

    @pytest.mark.parametrize("data", [[1, 2], [], 3, None])
    def test_decoded_non_object(self, data: object) -> None:
        """A decoded list, number or None is refused at `$`, not a TypeError."""
        with pytest.raises(DocumentError) as caught:
            load_criteria(cast("JsonSource", data))
        assert [p.path for p in caught.value.problems] == ["$"]

    def test_deep_text(self) -> None:
        """A criteria document nested 1,000 deep is refused by MAX_DEPTH before decoding."""
        with pytest.raises(DocumentError) as caught:
            load_criteria('{"criteria": ' + "[" * 1000 + "]" * 1000 + "}")
        assert f"the limit MAX_DEPTH is {MAX_DEPTH}" in str(caught.value)

    @pytest.mark.parametrize(
        "read",
        [
            criterion_from_dict,
            lambda data: option_from_dict({**local_document(), "criteria": data}),
        ],
        ids=["criterion_from_dict", "option_from_dict"],
    )
    def test_deep_decoded_tree(self, read: Any) -> None:
        """A decoded tree 2,000 deep is refused at the depth limit, not by recursion."""
        with pytest.raises(DocumentError) as caught:
            read(_chain(2000))
        (problem,) = caught.value.problems
        assert problem.path.startswith("$.")
        assert problem.path.endswith(".part")
        assert "MAX_DEPTH" in problem.message

    def test_a_tree_at_the_depth_limit_loads_and_screens(self) -> None:
        """A tree using every allowed level is read, screened and written back."""
        option = load_criteria(json.dumps({**local_document(), "criteria": _chain(MAX_DEPTH - 2)}))
        result = screen(adult_in_relapse(), as_of=AS_OF, options=[option]).results[0]
        assert result.status is Status.ELIGIBLE
        assert load_criteria(dump_option(option)) == option

    def test_duplicate_key(self) -> None:
        """A repeated key in a criteria document is an error at its path."""
        text = json.dumps(local_document())
        text = text.replace('"kind": "trial"', '"kind": "trial", "kind": "therapy"', 1)
        assert problems(text) == [("$.kind", "duplicate key: given 2 times in one object")]

    def test_lone_surrogate(self) -> None:
        """A lone surrogate in a criterion's text is refused at its path."""
        data = local_document()
        data["criteria"]["parts"][0]["text"] = "aged \udc80"
        assert problems(data) == [
            (
                "$.criteria.parts[0].text",
                "is not valid Unicode: a lone surrogate U+DC80 at character 5",
            )
        ]

    def test_failed_dump_keeps_the_file(self, tmp_path: Path) -> None:
        """dump_option of an option with invalid text: DocumentError, previous file kept."""
        target = tmp_path / "trial.json"
        dump_option(load_criteria(LOCAL_TRIAL), target)
        before = target.read_bytes()
        broken = attrs.evolve(load_criteria(LOCAL_TRIAL), name="pilot \ud800")
        with pytest.raises(DocumentError) as caught:
            dump_option(broken, target)
        assert [p.path for p in caught.value.problems] == ["$.name"]
        assert target.read_bytes() == before
        assert os.listdir(tmp_path) == ["trial.json"]

    def test_dump_is_atomic_on_disk_errors(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A disk error while writing keeps the previous file and leaves no temporary file."""
        target = tmp_path / "trial.json"
        target.write_text("previous", encoding="utf-8")

        def full(fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(OSError, match="No space left"):
            dump_option(load_criteria(LOCAL_TRIAL), target)
        assert target.read_text(encoding="utf-8") == "previous"
        assert os.listdir(tmp_path) == ["trial.json"]
