"""The FHIR reader's shortcuts give what the element-by-element reading gives.

The reader takes the usual shapes (a coding of non-empty strings, a UCUM ``Quantity``, a
Bundle entry with a ``resource``) straight from the decoded JSON, and anything else
element by element, naming what is wrong. Each shortcut must answer as the long way does,
whatever the JSON.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from allmodel.errors import FhirError
from allmodel.io.fhir._element import Element
from allmodel.io.fhir._input import _entries, _resource, read_input
from allmodel.io.fhir._quantity import read_quantity
from allmodel.io.fhir._report import entry_index
from allmodel.io.fhir._systems import UCUM
from allmodel.units import Dimension

_TEXT = st.one_of(st.none(), st.sampled_from(["", " ", "a", "http://loinc.org", "2345-7"]))
_ODD = st.one_of(st.integers(), st.booleans(), st.lists(st.none(), max_size=1))
_MEMBER = st.one_of(_TEXT, _ODD)


def _slow_codings(concept: Element) -> list[tuple[Any, ...]]:
    return [
        (c.system, c.code, c.display, c.path)
        for c in (item.coding() for item in concept.items("coding"))
    ]


def _outcome(read: Any) -> Any:
    try:
        return read()
    except FhirError as error:
        return [(p.path, p.message) for p in error.problems]


@given(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {}, optional={"system": _MEMBER, "code": _MEMBER, "display": _MEMBER}
            ),
            _ODD,
        ),
        max_size=3,
    )
)
@example([{"system": "s", "code": "c", "display": " "}])
@example([{"code": "c"}, {"system": 1}])
@example([{"code": "c"}, "x"])
@settings(max_examples=300)
def test_codings_read_as_each_coding_would_be(items: list[Any]) -> None:
    """Codings of any shape: the same codings at the same paths, or the same problem."""
    concept = Element({"coding": items}, "Observation.code")
    fast = _outcome(lambda: [(c.system, c.code, c.display, c.path) for c in concept.codings()])
    assert fast == _outcome(lambda: _slow_codings(concept))


_NUMBER = st.one_of(st.floats(allow_nan=True), st.integers(-5, 10**4), st.booleans(), _TEXT)
_UNIT = st.one_of(
    st.none(), st.sampled_from(["10*9/L", "10^9/L", "g/dL", "g/dl", "mg", "%", "", 3])
)


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "value": _NUMBER,
            "system": st.sampled_from([UCUM, "http://example.org", "", None]),
            "code": _UNIT,
            "unit": _UNIT,
            "comparator": st.sampled_from(["<", ">=", "~", "", None, 1]),
        },
    )
)
@example({"value": 1.0, "system": UCUM, "code": "g/dL", "comparator": "~"})
@example({"value": 1.0, "system": UCUM, "code": "g/dL", "unit": " "})
@example({"value": True, "system": UCUM, "code": "g/dL"})
@example({"value": float("inf"), "system": UCUM, "code": "g/dL"})
@example({"value": 1, "system": UCUM, "code": "mg"})
@settings(max_examples=300, deadline=None)  # a unit is parsed once, slowly, on first use
def test_quantities_read_as_element_by_element(quantity: dict[str, Any]) -> None:
    """A ``Quantity`` of any shape: the same value, unit and comparator, or the same
    problem at the same path, as the long way."""
    element = Element(quantity, "Observation.valueQuantity")
    dimensions = (Dimension.COUNT_PER_VOLUME, Dimension.MASS_PER_VOLUME)
    fast = _outcome(lambda: read_quantity(element, *dimensions))
    odd = Element([quantity], "x")  # not an object: read_quantity takes the long way
    assert _outcome(lambda: _long_way(quantity, dimensions)) == fast
    assert isinstance(_outcome(lambda: read_quantity(odd, *dimensions)), list)


def _long_way(quantity: dict[str, Any], dimensions: tuple[Dimension, ...]) -> Any:
    """read_quantity on an object the shortcut does not take (a dict subclass)."""

    class Other(dict[str, Any]):
        pass

    return read_quantity(Element(Other(quantity), "Observation.valueQuantity"), *dimensions)


@pytest.mark.parametrize("path", ["Bundle.entry[12].resource", "[3].code", "Patient", ""])
def test_entry_index_of_known_paths(path: str) -> None:
    """The entry index of a few paths."""
    assert entry_index(path) == {"Bundle.entry[12].resource": 12, "[3].code": 3}.get(path, 0)


@given(
    st.one_of(
        st.text(alphabet="Bundle.entry[]0123456789x\u0663", max_size=24),
        st.builds(lambda i, rest: f"Bundle.entry[{i}]{rest}", st.integers(0, 10**6), st.text()),
        st.builds(lambda i, rest: f"[{i}]{rest}", st.integers(0, 10**6), st.text()),
    )
)
def test_entry_index_reads_the_index_a_pattern_would(path: str) -> None:
    """The entry index of a path is the one the pattern ``Bundle.entry[i]`` or ``[i]`` at
    its start gives (0 when neither starts it)."""
    found = re.match(r"(?:Bundle\.entry|)\[(\d+)\]", path)
    assert entry_index(path) == (int(found.group(1)) if found else 0)


_RESOURCE = st.one_of(
    st.fixed_dictionaries(
        {"resourceType": st.sampled_from(["Patient", "Observation", "", " x", "lower", 3])},
        optional={"id": st.sampled_from(["p1", 7])},
    ),
    _ODD,
)
_ENTRY = st.one_of(
    st.fixed_dictionaries(
        {}, optional={"resource": st.one_of(st.none(), _RESOURCE), "fullUrl": _MEMBER}
    ),
    _ODD,
)


@given(st.lists(_ENTRY, max_size=4))
@example([{"resource": {"resourceType": "Patient"}, "fullUrl": ""}])
@example([{"resource": {"resourceType": " x"}}])
@example([{"resource": {"resourceType": "Patient"}}, 3])
@settings(max_examples=300)
def test_bundle_entries_read_as_element_by_element(entries: list[Any]) -> None:
    """Entries of any shape: the same resources (path, type, fullUrl, id), or the same
    problem, as reading every entry element by element."""
    bundle = {"resourceType": "Bundle", "entry": entries}

    def fast() -> Any:
        return [
            (r.path, r.type, r.full_url, r.id) for r in read_input(bundle, validate=False).resources
        ]

    def slow() -> Any:
        root = Element(bundle, "Bundle")
        found = [_resource(element, url) for element, url in _entries(root)]
        return [(r.path, r.type, r.full_url, r.id) for r in found]

    assert _outcome(fast) == _outcome(slow)


@given(
    st.one_of(st.dates().map(date.isoformat), st.text(alphabet="0123456789-\u0663T:Z", max_size=12))
)
@example("2022-02-30")
@example("0000-01-01")
def test_days_read_as_the_pattern_reads_them(text: str) -> None:
    """A date read through the shortcut is the one the full pattern gives (or the same
    problem)."""

    class Other(str):
        """A string the shortcut does not take."""

    fast = _outcome(lambda: Element(text, "x").day())
    assert fast == _outcome(lambda: Element(Other(text), "x").day())
