"""FHIR ``Quantity`` in and out, with allmodel's units.

Out: the value, the unit as the model holds it in ``unit`` (for people) and its UCUM code
in ``system``/``code`` (for machines). In: the UCUM ``code`` is the unit when the system is
UCUM (``http://unitsofmeasure.org``); the human-readable ``unit`` is kept instead when it
reads (:func:`allmodel.units.parse_unit`) as exactly the same unit, so ``10^9/L`` written
out comes back as ``10^9/L``. With no UCUM code, ``unit`` is read through allmodel's table,
aliases and UCUM, and lookalikes are refused (``K/ul``).
"""

from __future__ import annotations

import math
from typing import Any

from allmodel.errors import UnitError
from allmodel.io.fhir._element import Element, fail
from allmodel.io.fhir._systems import UCUM
from allmodel.units import Dimension, UnitSpec, parse_unit

__all__ = ["plain_quantity", "quantity_json", "read_quantity"]


def quantity_json(value: float, unit: str) -> dict[str, Any]:
    """The FHIR ``Quantity`` of ``value`` in ``unit`` (an allmodel unit string)."""
    spec = parse_unit(unit)
    return {"value": value, "unit": unit, "system": UCUM, "code": spec.ucum}


def _spec(text: str, dimensions: tuple[Dimension, ...], element: Element) -> UnitSpec:
    try:
        return parse_unit(text, *dimensions)
    except UnitError as error:
        raise fail(element.path, "; ".join(p.message for p in error.problems)) from None


_COMPARATORS = ("<", "<=", ">=", ">")
# Integers past this (hundreds of digits) have no float: the element-by-element read
# refuses them as not finite.
_LARGEST_EXACT = 10**300


def plain_quantity(
    obj: object, dimensions: tuple[Dimension, ...]
) -> tuple[float, str, str | None] | None:
    """:func:`read_quantity` of the usual ``Quantity`` (a finite value, a UCUM code of
    one of ``dimensions``, a valid ``unit`` and ``comparator`` if any), read from the
    decoded JSON ``obj`` without wrapping its elements; ``None`` for anything else, which
    ``read_quantity`` then reads element by element, naming what is wrong."""
    if type(obj) is not dict:
        return None
    value, code, unit = obj.get("value"), obj.get("code"), obj.get("unit")
    comparator = obj.get("comparator")
    if not (
        (type(value) is float or (type(value) is int and abs(value) <= _LARGEST_EXACT))
        and math.isfinite(value)
        and obj.get("system") == UCUM
        and type(code) is str
        and code.strip()
        and (unit is None or (type(unit) is str and unit.strip()))
        and (comparator is None or comparator in _COMPARATORS)
    ):
        return None
    try:
        spec = parse_unit(code, *dimensions)
    except UnitError:
        return None
    if unit is not None:
        try:
            shown = parse_unit(unit, *dimensions)
        except UnitError:
            shown = None
        if shown is spec or (
            shown is not None and shown.dimension is spec.dimension and shown.factor == spec.factor
        ):
            return float(value), shown.code, comparator
    return float(value), spec.code, comparator


def read_quantity(element: Element, *dimensions: Dimension) -> tuple[float, str, str | None]:
    """Value, unit string and comparator of a ``Quantity`` of one of ``dimensions``.

    Raises:
        FhirError: No value, no unit, a unit that is not UCUM or of another dimension
            (at the path of the unit), a comparator FHIR does not define.
    """
    found = plain_quantity(element.value, dimensions)
    if found is not None:
        return found
    value = element.need("value").number()
    comparator_element = element.child("comparator")
    comparator = comparator_element.string() if comparator_element is not None else None
    if comparator is not None and comparator not in ("<", "<=", ">=", ">"):
        raise fail(
            comparator_element.path if comparator_element else "", "is not a FHIR comparator"
        )
    system = element.child("system")
    code = element.child("code")
    unit = element.child("unit")
    if code is not None and system is not None and system.string() == UCUM:
        spec = _spec(code.string(), dimensions, code)
        if unit is not None:
            try:
                shown = parse_unit(unit.string(), *dimensions)
            except UnitError:
                shown = None
            if (
                shown is not None
                and shown.dimension is spec.dimension
                and shown.factor == spec.factor
            ):
                return value, shown.code, comparator
        return value, spec.code, comparator
    if code is not None and system is not None:
        raise fail(system.path, f"is not UCUM ({UCUM}); allmodel reads units only in UCUM")
    text = unit if unit is not None else code
    if text is None:
        raise fail(element.path, "has no unit")
    return value, _spec(text.string(), dimensions, text).code, comparator
