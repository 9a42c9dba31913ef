"""Specification of the typed measures: a magnitude and a unit of one dimension."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pint
import pytest

from allmodel.errors import UnitError, ValidationError
from allmodel.measures import (
    AbsorbedDose,
    Area,
    CellCount,
    CellsPerMass,
    CountConcentration,
    DosePerArea,
    DosePerMass,
    DoseRate,
    DoseRatePerArea,
    Length,
    Mass,
    MassConcentration,
    Measure,
)
from allmodel.units import UNITS

#: Each measure class with the unit codes it must accept, written out by hand.
ACCEPTED: dict[type[Measure], tuple[str, ...]] = {
    Mass: ("mg", "g", "ug", "kg"),
    Length: ("cm", "m"),
    Area: ("m2",),
    CountConcentration: ("10^9/L", "10*9/L", "10^3/uL", "10*3/uL", "/uL", "/mm3"),
    MassConcentration: ("g/L", "g/dL", "mg/dL", "mg/L"),
    DosePerArea: ("mg/m2", "g/m2", "ug/m2"),
    DoseRatePerArea: ("ug/m2/day", "mg/m2/day"),
    DoseRate: ("ug/day", "mg/day"),
    DosePerMass: ("mg/kg",),
    CellsPerMass: ("cells/kg", "10^6 cells/kg"),
    CellCount: ("cells", "10^8 cells"),
    AbsorbedDose: ("cGy", "Gy"),
}
CLASSES = tuple(ACCEPTED)


def _accepts(cls: type[Measure], code: str) -> bool:
    try:
        cls(1.0, code)
    except UnitError:
        return False
    return True


class TestUnitsPerClass:
    """Each measure class accepts the units of its dimension and no others."""

    @pytest.mark.parametrize("cls", CLASSES)
    def test_accepts_exactly_its_units(self, cls: type[Measure]) -> None:
        """Of all table codes, only the class's own build a measure."""
        accepted = tuple(code for code in UNITS if _accepts(cls, code))
        assert accepted == ACCEPTED[cls]

    @pytest.mark.parametrize("cls", CLASSES)
    def test_accepted_units_lists_them(self, cls: type[Measure]) -> None:
        """accepted_units() reports the same codes, in table order."""
        assert cls.accepted_units() == ACCEPTED[cls]

    def test_wrong_dimension_names_the_unit_field(self) -> None:
        """A body weight in mg/m2 is a UnitError on 'unit'."""
        with pytest.raises(UnitError) as caught:
            Mass(70, "mg/m2")
        (problem,) = caught.value.problems
        assert problem.path == "unit"
        assert problem.message == "'mg/m2' is not a mass"

    def test_unknown_unit_is_a_unit_error(self) -> None:
        """A unit outside the table is a UnitError."""
        with pytest.raises(UnitError, match="unknown unit 'lb'"):
            Mass(150, "lb")

    @pytest.mark.parametrize("unit", [None, 5, b"kg"])
    def test_non_string_unit_is_a_unit_error(self, unit: Any) -> None:
        """A unit that is not a string is a UnitError naming its type."""
        with pytest.raises(UnitError, match="expected a unit string"):
            Mass(70, unit)


class TestValues:
    """The magnitude must be a finite real number."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (True, "must be a number, not bool"),
            (False, "must be a number, not bool"),
            ("70", "must be a number, not str"),
            (math.nan, "must be a finite number"),
            (math.inf, "must be a finite number"),
            (-math.inf, "must be a finite number"),
            (None, "is required, got None"),
        ],
    )
    def test_bad_values_are_refused(self, value: Any, message: str) -> None:
        """Booleans, strings, NaN, infinities and None are not magnitudes."""
        with pytest.raises(ValidationError) as caught:
            Mass(value, "kg")
        assert type(caught.value) is ValidationError
        assert [(p.path, p.message) for p in caught.value.problems] == [("value", message)]

    @pytest.mark.parametrize("value", [0, 70, 70.5, -1.0])
    def test_finite_numbers_are_accepted(self, value: float) -> None:
        """Integers and floats are magnitudes; ranges are the fields' business."""
        assert Mass(value, "kg").value == value

    def test_bad_value_and_bad_unit_are_reported_together(self) -> None:
        """Both problems are reported, as a plain ValidationError."""
        with pytest.raises(ValidationError) as caught:
            Mass(math.nan, "m2")
        assert type(caught.value) is ValidationError
        assert [p.path for p in caught.value.problems] == ["value", "unit"]


class TestConversions:
    """magnitude_in, to and canonical use the table's exact factors."""

    def test_magnitude_in_grams(self) -> None:
        """70 kg is 70000 g."""
        assert Mass(70, "kg").magnitude_in("g") == 70_000.0

    def test_per_microlitre_in_si(self) -> None:
        """45000 /uL is 45 10^9/L."""
        assert CountConcentration(45000, "/uL").magnitude_in("10^9/L") == 45.0

    def test_to_returns_the_same_class_in_the_new_unit(self) -> None:
        """to() re-expresses the measure without changing its class."""
        converted = Mass(70, "kg").to("g")
        assert type(converted) is Mass
        assert converted == Mass(70_000.0, "g")

    @pytest.mark.parametrize(
        ("measure", "expected"),
        [
            (Mass(70, "kg"), 70_000_000.0),
            (Length(1.7, "m"), 170.0),
            (MassConcentration(2.8, "g/dL"), 28.0),
            (DosePerArea(3, "g/m2"), 3000.0),
            (AbsorbedDose(12, "Gy"), 1200.0),
            (DoseRatePerArea(0.015, "mg/m2/day"), 15.0),
            (CellsPerMass(2, "10^6 cells/kg"), 2_000_000.0),
            (CountConcentration(45000, "/uL"), 45.0),
        ],
    )
    def test_canonical(self, measure: Measure, expected: float) -> None:
        """canonical is the magnitude in the dimension's canonical unit."""
        assert measure.canonical == pytest.approx(expected, rel=1e-15)

    def test_magnitude_in_another_dimension_is_refused(self) -> None:
        """A mass cannot be read in centimetres."""
        with pytest.raises(UnitError, match="'cm' is not a mass"):
            Mass(70, "kg").magnitude_in("cm")

    def test_quantity_is_a_pint_quantity_of_the_same_value(self) -> None:
        """quantity exports the measure to pint."""
        assert Mass(70, "kg").quantity.to("gram").magnitude == pytest.approx(70_000.0)

    def test_from_quantity_of_another_registry(self) -> None:
        """A Quantity of any pint registry builds the measure in its own unit."""
        registry: pint.UnitRegistry[Any] = pint.UnitRegistry()
        assert Mass.from_quantity(registry.Quantity(70, "kilogram")) == Mass(70.0, "kg")

    def test_from_quantity_of_the_wrong_dimension_is_refused(self) -> None:
        """A length cannot build a mass."""
        registry: pint.UnitRegistry[Any] = pint.UnitRegistry()
        with pytest.raises(UnitError, match="is not a mass"):
            Mass.from_quantity(registry.Quantity(1, "meter"))


class TestText:
    """str() shows the magnitude and unit as a clinician writes them."""

    @pytest.mark.parametrize(
        ("measure", "text"),
        [
            (Mass(70, "kg"), "70 kg"),
            (Mass(70.0, "kg"), "70 kg"),
            (Mass(1.5, "g"), "1.5 g"),
            (CountConcentration(45000, "/uL"), "45000 /uL"),
            (CellsPerMass(2, "10^6 cells/kg"), "2 10^6 cells/kg"),
        ],
    )
    def test_str(self, measure: Measure, text: str) -> None:
        """Whole numbers drop the decimal point; the unit follows a space."""
        assert str(measure) == text

    @pytest.mark.parametrize(
        ("measure", "text"),
        [(Mass(1234567, "ug"), "1234567 ug"), (Mass(100.0001, "mg"), "100.0001 mg")],
    )
    def test_str_never_rounds_the_value(self, measure: Measure, text: str) -> None:
        """Regression: str() used six significant digits and showed 100.0001 as 100."""
        assert str(measure) == text


class TestValueSemantics:
    """Measures are immutable values compared field by field."""

    def test_equal_value_and_unit_are_equal(self) -> None:
        """The same magnitude in the same unit is equal, int or float."""
        assert Mass(70, "kg") == Mass(70.0, "kg")
        assert hash(Mass(70, "kg")) == hash(Mass(70.0, "kg"))

    def test_equality_keeps_the_unit_given(self) -> None:
        """1 kg and 1000 g are the same mass but not equal objects; compare canonical."""
        assert Mass(1, "kg") != Mass(1000, "g")
        assert Mass(1, "kg").canonical == Mass(1000, "g").canonical

    @pytest.mark.parametrize("name", ["value", "unit"])
    def test_frozen(self, name: str) -> None:
        """Assigning to a field raises FrozenInstanceError."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(Mass(70, "kg"), name, 1)

    def test_evolve_checks_again(self) -> None:
        """attrs.evolve builds a new measure and re-runs the unit check."""
        with pytest.raises(UnitError):
            attrs.evolve(Mass(70, "kg"), unit="m2")
