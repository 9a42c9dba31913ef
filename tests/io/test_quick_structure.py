"""The quick first try of structuring gives what the detailed converter gives.

``allmodel._jsonio.converter.structure`` builds a document first with a converter that
collects no problems and, when that fails anywhere, again with the detailed converter
(the one whose error lists every problem). Valid documents must give the same object
both ways, and every document the quick converter refuses must be refused by the
detailed one too (else a valid document would be reported with no problem).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allmodel import Patient, dump_patient
from allmodel._jsonio.converter import _quick_converter, converter, structure
from allmodel._jsonio.problems import problems_from
from allmodel.errors import Problem, ValidationError
from tests.strategies import patients

EXAMPLES = sorted(
    (Path(__file__).resolve().parents[2] / "src" / "allmodel" / "examples" / "patients").glob(
        "*.json"
    )
)

_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["", "x", "2022-02-30", "2022-10-01", "mg", "10^9/L", "CR", "t"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


def _outcome(attempt: Any) -> tuple[str, Any]:
    """What structuring gives: the object, or the problems of its error (as documents
    report them)."""
    try:
        return "built", attempt()
    except ValidationError as error:
        return "refused", [p.prefixed("$") for p in error.problems]
    except Exception as error:  # cattrs' exception groups
        return "refused", problems_from(error)


def _paths(document: object) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of a decoded document."""
    found: list[tuple[Any, Any]] = []
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        pairs = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(pairs):
            found.append((node, key))
            if isinstance(value, (dict, list)):
                stack.append(value)
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_examples_build_the_same_patient(path: Path) -> None:
    """Each bundled example: the quick converter builds the detailed converter's patient."""
    document = json.loads(path.read_text())
    quick = _quick_converter().structure(document, Patient)
    assert quick == converter().structure(document, Patient)
    assert structure(document, Patient) == quick


@given(patients())
def test_valid_documents_build_the_same_patient(patient: Patient) -> None:
    """Any valid record, written and read back, is built by the quick converter."""
    document = dump_patient(patient)
    assert _quick_converter().structure(document, Patient) == patient
    assert structure(document, Patient) == patient


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(EXAMPLES), _JSON_VALUES)
def test_a_changed_document_gets_the_detailed_outcome(
    data: st.DataObject, path: Path, value: object
) -> None:
    """One value or key of an example changed: ``structure`` builds or refuses exactly as
    the detailed converter does, and the quick one never builds what it refuses."""
    document = json.loads(path.read_text())
    node, key = data.draw(st.sampled_from(_paths(document)))
    if data.draw(st.booleans()) and isinstance(node, dict):
        del node[key]
    else:
        node[key] = value
    detailed = _outcome(lambda: converter().structure(copy.deepcopy(document), Patient))
    assert _outcome(lambda: structure(document, Patient)) == detailed
    quick = _outcome(lambda: _quick_converter().structure(document, Patient))
    if quick[0] == "built":
        assert detailed == quick
    else:
        assert detailed[0] == "refused"
        assert all(isinstance(problem, Problem) for problem in detailed[1])
