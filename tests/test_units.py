"""Specification of the closed unit table, its exact factors and the pint boundary."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import Any

import pint
import pytest

from allmodel.errors import UnitError, ValidationError
from allmodel.measures import DosePerArea, Length, Mass, Measure
from allmodel.model import ANALYTES, PLAUSIBLE, Analyte, BsaMethod, LabResult, body_surface_area
from allmodel.model._labs import lab_bounds
from allmodel.units import (
    UNITS,
    Dimension,
    accepted_units,
    canonical_unit,
    convert,
    format_unit,
    from_quantity,
    get_registry,
    parse_unit,
    to_canonical,
    to_quantity,
)

ALL_CODES = tuple(UNITS)

#: What a round trip through pint gives back: codes that share a pint unit with an
#: earlier row come back as that row's code; scaled codes come back unscaled.
ROUND_TRIP_CODE = {
    "10*9/L": "10^9/L",
    "10^3/uL": "10^9/L",
    "10*3/uL": "10^9/L",
    "IU/L": "U/L",
    "10^6 cells/kg": "cells/kg",
    "10^8 cells": "cells",
}


@pytest.fixture(scope="module")
def foreign_registry() -> pint.UnitRegistry[Any]:
    """A pint registry other than the application registry allmodel uses."""
    return pint.UnitRegistry()


class TestTable:
    """The closed table of accepted unit strings."""

    @pytest.mark.parametrize("code", ALL_CODES)
    def test_every_code_parses_and_formats_back_to_itself(self, code: str) -> None:
        """parse_unit then format_unit reproduces each code exactly."""
        spec = parse_unit(code)
        assert spec.code == code
        assert format_unit(spec) == code

    @pytest.mark.parametrize(
        "code",
        ["/uL", "10^9/L", "10*9/L", "g/dL", "g/L", "mg/m2", "cGy", "Gy", "ug/day", "cells/kg"],
    )
    def test_units_clinicians_send_are_accepted(self, code: str) -> None:
        """The clinical unit strings named in the architecture are all in the table."""
        assert code in UNITS

    @pytest.mark.parametrize("dimension", list(Dimension))
    def test_canonical_unit_has_factor_one_and_no_pint_scale(self, dimension: Dimension) -> None:
        """Each dimension's canonical unit is in the table with factor 1 and no pint scale."""
        spec = canonical_unit(dimension)
        assert spec.code == dimension.canonical
        assert spec.dimension is dimension
        assert spec.factor == 1
        assert spec.pint_scale == 1

    @pytest.mark.parametrize("code", ALL_CODES)
    def test_exact_factor_agrees_with_pint(
        self, code: str, foreign_registry: pint.UnitRegistry[Any]
    ) -> None:
        """pint converts one of each unit to the canonical unit by the table's factor."""
        spec = UNITS[code]
        canonical = canonical_unit(spec.dimension)
        one = foreign_registry.Quantity(spec.pint_scale, spec.pint_expression)
        converted = one.to(foreign_registry.parse_units(canonical.pint_expression)).magnitude
        assert float(converted) == pytest.approx(float(spec.factor), rel=1e-12, abs=0)

    def test_accepted_units_of_mass(self) -> None:
        """The mass dimension accepts exactly mg, g, ug and kg, in table order."""
        assert accepted_units(Dimension.MASS) == ("mg", "g", "ug", "kg")

    def test_accepted_units_of_count_per_volume(self) -> None:
        """Blood counts accept the SI, UCUM and per-microlitre spellings."""
        assert accepted_units(Dimension.COUNT_PER_VOLUME) == (
            "10^9/L",
            "10*9/L",
            "10^3/uL",
            "10*3/uL",
            "/uL",
            "/mm3",
        )

    def test_dimension_description_and_canonical(self) -> None:
        """A dimension knows its human name and its canonical unit code."""
        assert Dimension.COUNT_PER_VOLUME.description == "count per volume"
        assert Dimension.COUNT_PER_VOLUME.canonical == "10^9/L"
        assert Dimension.MASS_PER_VOLUME.canonical == "g/L"

    @pytest.mark.parametrize(
        ("code", "ucum"),
        [
            ("10^9/L", "10*9/L"),
            ("IU/L", "U/L"),
            ("ug/m2/day", "ug/m2/d"),
            ("cells/kg", "{cells}/kg"),
        ],
    )
    def test_ucum_codes(self, code: str, ucum: str) -> None:
        """Each unit carries its UCUM code for FHIR exchange."""
        assert UNITS[code].ucum == ucum

    @pytest.mark.parametrize(
        ("code", "factor"),
        [("/uL", Fraction(1, 1000)), ("g/dL", Fraction(10)), ("kg", Fraction(10**6))],
    )
    def test_factors_are_exact_fractions(self, code: str, factor: Fraction) -> None:
        """Factors are stored as exact rationals, not rounded floats."""
        assert UNITS[code].factor == factor


class TestParseErrors:
    """Unknown units and units of the wrong dimension are refused with UnitError."""

    @pytest.mark.parametrize("code", ["mg/furlong", "", "mcg", "10^9 /L", "IU"])
    def test_unknown_unit_is_refused(self, code: str) -> None:
        """A string neither in the table, nor UCUM, nor an alias is refused, naming it."""
        with pytest.raises(UnitError) as caught:
            parse_unit(code)
        assert f"unknown unit {code!r}" in str(caught.value)

    @pytest.mark.parametrize("code", [5, None, 1.5, b"mg"])
    def test_non_string_is_refused(self, code: Any) -> None:
        """A unit that is not a string is refused, naming its type."""
        with pytest.raises(UnitError, match="expected a unit string"):
            parse_unit(code)

    def test_unit_error_is_a_validation_error_and_a_value_error(self) -> None:
        """UnitError can be caught as ValidationError or as ValueError."""
        with pytest.raises(UnitError) as caught:
            parse_unit("mg/furlong")
        assert isinstance(caught.value, ValidationError)
        assert isinstance(caught.value, ValueError)

    def test_wrong_dimension_names_code_and_dimension(self) -> None:
        """mg where a count per volume is required is an error, not a conversion."""
        with pytest.raises(UnitError) as caught:
            parse_unit("mg", Dimension.COUNT_PER_VOLUME)
        (problem,) = caught.value.problems
        assert problem.path == "unit"
        assert problem.message == "'mg' is not a count per volume"

    def test_wrong_dimension_lists_every_expected_dimension(self) -> None:
        """With several accepted dimensions the message names them all."""
        with pytest.raises(UnitError) as caught:
            parse_unit("U/L", Dimension.MASS_PER_VOLUME, Dimension.SUBSTANCE_PER_VOLUME)
        assert caught.value.problems[0].message == (
            "'U/L' is not a mass per volume or amount of substance per volume"
        )

    def test_path_is_the_one_given(self) -> None:
        """The caller's field path is the problem's path."""
        with pytest.raises(UnitError) as caught:
            parse_unit("mg", Dimension.LENGTH, path="height.unit")
        assert caught.value.problems[0].path == "height.unit"

    def test_unknown_unit_lists_only_units_of_the_expected_dimension(self) -> None:
        """The accepted list in the message is restricted to the field's dimension."""
        with pytest.raises(UnitError) as caught:
            parse_unit("sq m", Dimension.AREA)
        assert caught.value.problems[0].message == (
            "unknown unit 'sq m': not UCUM (unexpected character 'q' at column 2)"
            " and not an alias (accepted: UCUM codes of the dimension and m2)"
        )

    def test_gray_and_sievert_do_not_mix(self) -> None:
        """A dose equivalent (Sv) is not accepted where an absorbed dose is required."""
        with pytest.raises(UnitError):
            parse_unit("Sv", Dimension.ABSORBED_DOSE)


class TestConvert:
    """Exact conversions between units of one dimension."""

    def test_platelets_per_microlitre_to_si_is_exact(self) -> None:
        """45000 /uL is exactly 45 10^9/L."""
        assert convert(45000, "/uL", "10^9/L") == 45.0
        assert to_canonical(45000, "/uL") == 45.0

    def test_hemoglobin_g_per_dl_to_g_per_l_is_exact(self) -> None:
        """2.8 g/dL is exactly 28 g/L via the canonical unit."""
        assert to_canonical(2.8, "g/dL") == 28.0
        assert convert(2.8, "g/dL", "g/L") == 28.0

    @pytest.mark.parametrize(
        ("value", "source", "target", "expected"),
        [
            (28.0, "g/L", "g/dL", 2.8),
            (1.0, "Gy", "cGy", 100.0),
            (70.0, "kg", "g", 70_000.0),
            (15.0, "ug/m2/day", "mg/m2/day", 0.015),
            (3.0, "g/m2", "mg/m2", 3000.0),
            (2.0, "10^6 cells/kg", "cells/kg", 2_000_000.0),
            (1.5, "m", "cm", 150.0),
        ],
    )
    def test_conversions(self, value: float, source: str, target: str, expected: float) -> None:
        """Representative conversions give the hand-computed value."""
        assert convert(value, source, target) == pytest.approx(expected, rel=1e-15)

    def test_same_unit_returns_the_value_unchanged(self) -> None:
        """Converting to the same unit is the identity."""
        value = 0.1 + 0.2
        assert convert(value, "mg/dL", "mg/dL") == value

    def test_different_dimensions_are_refused_at_the_target(self) -> None:
        """Converting mg to cm is a UnitError on the target."""
        with pytest.raises(UnitError) as caught:
            convert(1.0, "mg", "cm")
        assert caught.value.problems[0].path == "to"
        assert caught.value.problems[0].message == "'cm' is not a mass"

    def test_unknown_source_is_refused_at_the_source(self) -> None:
        """An unknown source unit is a UnitError on the source."""
        with pytest.raises(UnitError) as caught:
            convert(1.0, "lb", "kg")
        assert caught.value.problems[0].path == "from"

    @pytest.mark.parametrize("code", ALL_CODES)
    def test_to_and_from_canonical_round_trip(self, code: str) -> None:
        """Every unit converts to its canonical unit and back without drift."""
        spec = UNITS[code]
        assert spec.from_canonical(spec.to_canonical(3.7)) == pytest.approx(3.7, rel=1e-15)


class TestPintBoundary:
    """pint Quantities in and out, from any registry."""

    def test_registry_is_the_application_registry(self) -> None:
        """allmodel uses pint's application registry, not one of its own."""
        assert get_registry() is pint.get_application_registry().get()  # type: ignore[no-untyped-call]

    def test_to_quantity_keeps_value_and_unit(self) -> None:
        """45000 /uL becomes a Quantity of 45000 per microlitre."""
        quantity = to_quantity(45000, "/uL")
        assert quantity.magnitude == 45000
        assert quantity.to("1 / nanoliter").magnitude == pytest.approx(45.0, rel=1e-12)

    def test_to_quantity_scales_units_pint_cannot_hold(self) -> None:
        """2 10^6 cells/kg is exported as 2e6 per kilogram."""
        quantity = to_quantity(2, "10^6 cells/kg")
        assert quantity.magnitude == 2_000_000
        assert quantity.to("1 / kilogram").magnitude == 2_000_000

    @pytest.mark.parametrize("code", ALL_CODES)
    def test_round_trip_through_pint(self, code: str) -> None:
        """to_quantity then from_quantity gives the same physical value."""
        magnitude, back = from_quantity(to_quantity(3.5, code), UNITS[code].dimension)
        assert back == ROUND_TRIP_CODE.get(code, code)
        expected = UNITS[code].to_canonical(3.5)
        assert UNITS[back].to_canonical(magnitude) == pytest.approx(expected, rel=1e-12)

    @pytest.mark.parametrize(
        ("expression", "magnitude", "code"),
        [
            ("1 / microliter", 45000.0, "/uL"),
            ("gram / deciliter", 2.8, "g/dL"),
            ("kilogram", 70.0, "kg"),
            ("centigray", 200.0, "cGy"),
        ],
    )
    def test_quantity_from_another_registry_is_accepted(
        self,
        foreign_registry: pint.UnitRegistry[Any],
        expression: str,
        magnitude: float,
        code: str,
    ) -> None:
        """A Quantity of a different UnitRegistry comes back with its table code."""
        quantity = foreign_registry.Quantity(magnitude, expression)
        assert from_quantity(quantity) == (magnitude, code)

    def test_unit_outside_the_table_converts_to_canonical(
        self, foreign_registry: pint.UnitRegistry[Any]
    ) -> None:
        """One pound (0.45359237 kg exactly) comes back as 453592.37 mg."""
        magnitude, code = from_quantity(foreign_registry.Quantity(1, "pound"), Dimension.MASS)
        assert code == "mg"
        assert magnitude == pytest.approx(453_592.37, rel=1e-12)

    def test_quantity_of_the_wrong_dimension_is_refused(
        self, foreign_registry: pint.UnitRegistry[Any]
    ) -> None:
        """A length offered as a mass is a UnitError naming the dimension."""
        with pytest.raises(UnitError, match="is not a mass"):
            from_quantity(foreign_registry.Quantity(1, "meter"), Dimension.MASS)

    @pytest.mark.parametrize("value", [5.0, "5 mg", None])
    def test_non_quantity_is_refused(self, value: Any) -> None:
        """Only pint Quantities are accepted."""
        with pytest.raises(UnitError, match="expected a pint Quantity"):
            from_quantity(value, Dimension.MASS)

    @pytest.mark.parametrize("magnitude", [math.nan, math.inf, -math.inf])
    def test_non_finite_magnitude_is_refused(
        self, foreign_registry: pint.UnitRegistry[Any], magnitude: float
    ) -> None:
        """A NaN or infinite magnitude is refused."""
        with pytest.raises(UnitError, match="must be finite"):
            from_quantity(foreign_registry.Quantity(magnitude, "kilogram"), Dimension.MASS)


# --- the plausible extremes convert without overflow ---------------------------------

#: The measure fields of a patient document and their plausible ranges.
MEASURE_RANGES: tuple[tuple[type[Measure], str], ...] = (
    (Length, "height"),
    (Mass, "weight"),
    (DosePerArea, "cumulative_anthracycline"),
)


def _finite_and_non_zero(value: float) -> bool:
    return math.isfinite(value) and value != 0


class TestPlausibleExtremesConvert:
    """Every accepted extreme converts to every unit of its field as a finite, non-zero number.

    A finite value whose conversion gives inf or 0 (albumin 1e308 g/dL, a ULN of 1e-300)
    cannot be loaded: the plausible ranges (allmodel.model._plausibility) refuse it first.
    """

    @pytest.mark.parametrize(("cls", "name"), MEASURE_RANGES, ids=[n for _, n in MEASURE_RANGES])
    def test_measures(self, cls: type[Measure], name: str) -> None:
        """Height, weight and anthracycline dose at their extremes, in every pair of units."""
        plausible = PLAUSIBLE[name]
        for unit in cls.accepted_units():
            for value in plausible.bounds_in(unit):  # 0 converts to 0
                measure = cls(value, unit)
                assert plausible(measure) is None, (unit, value)
                assert _finite_and_non_zero(measure.canonical), (unit, value)
                for other in cls.accepted_units():
                    assert _finite_and_non_zero(measure.magnitude_in(other)), (unit, value, other)

    def test_body_surface_area(self) -> None:
        """BSA of the extreme heights and weights is finite and positive, by both formulas."""
        heights = [Length(v, "cm") for v in PLAUSIBLE["height"].bounds_in("cm")]
        weights = [Mass(v, "kg") for v in PLAUSIBLE["weight"].bounds_in("kg")]
        for height in heights:
            for weight in weights:
                for method in BsaMethod:
                    area = body_surface_area(height, weight, method)
                    assert _finite_and_non_zero(area.value), (height, weight, method)

    @pytest.mark.parametrize("analyte", list(Analyte))
    def test_lab_results(self, analyte: Analyte) -> None:
        """Results and ULNs at their extremes, in every unit, and their multiples of ULN."""
        info = ANALYTES[analyte]
        units = [code for dimension in info.dimensions for code in accepted_units(dimension)]
        for unit in units:
            values = lab_bounds(analyte, unit)  # 0 converts to 0
            limits = lab_bounds(analyte, unit, uln=True)
            for value in values:
                for limit in limits:
                    lab = LabResult(
                        analyte=analyte,
                        value=value,
                        unit=unit,
                        date=date(2022, 1, 1),
                        upper_limit_of_normal=limit,
                    )
                    assert _finite_and_non_zero(lab.canonical_value), (unit, value)
                    times = lab.times_upper_limit
                    assert times is not None
                    assert _finite_and_non_zero(times), (unit, value, limit)
                    for other in units:
                        assert _finite_and_non_zero(lab.value_in(other)), (unit, value, other)

    @pytest.mark.parametrize(("cls", "name"), MEASURE_RANGES, ids=[n for _, n in MEASURE_RANGES])
    @pytest.mark.parametrize("value", [1e308, -1e308, 5e-324, 1e-300])
    def test_values_that_would_overflow_are_refused(
        self, cls: type[Measure], name: str, value: float
    ) -> None:
        """In every unit, magnitudes that would overflow or underflow are out of range."""
        for unit in cls.accepted_units():
            assert PLAUSIBLE[name](cls(value, unit)) is not None, (unit, value)

    @pytest.mark.parametrize("analyte", list(Analyte))
    @pytest.mark.parametrize("value", [1e308, 5e-324, 1e-300])
    def test_lab_values_that_would_overflow_are_refused(
        self, analyte: Analyte, value: float
    ) -> None:
        """In every unit, results and ULNs that would overflow or underflow are refused."""
        info = ANALYTES[analyte]
        for unit in [code for dimension in info.dimensions for code in accepted_units(dimension)]:
            with pytest.raises(ValidationError):
                LabResult(analyte=analyte, value=value, unit=unit, date=date(2022, 1, 1))
            with pytest.raises(ValidationError):
                LabResult(
                    analyte=analyte,
                    value=0,
                    unit=unit,
                    date=date(2022, 1, 1),
                    upper_limit_of_normal=value,
                )
