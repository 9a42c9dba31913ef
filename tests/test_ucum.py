"""Specification of UCUM parsing: a table of real UCUM codes, aliases, lookalikes and refusals.

Codes and their meanings come from the UCUM specification, version 2.2 (unitsofmeasure.org,
the table ``ucum-essence.xml`` of 2024-06-17): prefixes (``d`` = 1e-1, ``m`` = 1e-3,
``u`` = 1e-6, ``n`` = 1e-9, ``p`` = 1e-12, ``k`` = 1e3), ``l`` and ``L`` = 1 dm3 (both
litre), ``min`` = 60 s, ``h`` = 60 min, ``d`` = 24 h, ``wk`` = 7 d, ``a`` = ``a_j`` =
365.25 d, ``mo`` = ``mo_j`` = ``a_j``/12, ``U`` = 1 umol/min, ``kat`` = 1 mol/s, ``%`` =
10*-2, ``10*`` = 10, ``[gr]`` = 64.79891 mg, ``[lb_av]`` = 7000 ``[gr]``, ``[oz_av]`` =
``[lb_av]``/16, ``[in_i]`` = 2.54 cm, ``[ft_i]`` = 12 ``[in_i]``, ``K`` = kelvin, ``u`` =
unified atomic mass unit, ``G`` = gauss, ``T`` = tesla, ``[IU]`` = international unit
(arbitrary). Each expected factor below is worked out by hand from those definitions, to
the dimension's canonical unit (:attr:`allmodel.units.Dimension.canonical`), and is checked
against pint's own definitions as well.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allmodel.errors import UnitError
from allmodel.model import Analyte, LabResult
from allmodel.units import ALIASES, UNITS, Dimension, format_unit, parse_unit, to_quantity

D = Dimension
F = Fraction

#: (UCUM code, dimension, exact factor to the dimension's canonical unit)
VALID: tuple[tuple[str, Dimension, Fraction], ...] = (
    # counts per volume, canonical 10^9/L (= 1/nL)
    ("10*9/L", D.COUNT_PER_VOLUME, F(1)),
    ("10*9/l", D.COUNT_PER_VOLUME, F(1)),
    ("10*3/uL", D.COUNT_PER_VOLUME, F(1)),
    ("10*3/ul", D.COUNT_PER_VOLUME, F(1)),
    ("10*3/mm3", D.COUNT_PER_VOLUME, F(1)),  # mm3 = 1e-9 m3 = 1 uL
    ("/nL", D.COUNT_PER_VOLUME, F(1)),
    ("/uL", D.COUNT_PER_VOLUME, F(1, 1000)),
    ("/mm3", D.COUNT_PER_VOLUME, F(1, 1000)),
    ("/pL", D.COUNT_PER_VOLUME, F(1000)),
    ("/L", D.COUNT_PER_VOLUME, F(1, 10**9)),
    ("10*12/L", D.COUNT_PER_VOLUME, F(1000)),
    ("10*6/uL", D.COUNT_PER_VOLUME, F(1000)),
    ("10*6/mL", D.COUNT_PER_VOLUME, F(1)),
    ("10*6/L", D.COUNT_PER_VOLUME, F(1, 1000)),
    ("{cells}/uL", D.COUNT_PER_VOLUME, F(1, 1000)),
    ("10*3{cells}/uL", D.COUNT_PER_VOLUME, F(1)),
    # mass per volume, canonical g/L
    ("g/dl", D.MASS_PER_VOLUME, F(10)),
    ("g/dL", D.MASS_PER_VOLUME, F(10)),
    ("mg/dL", D.MASS_PER_VOLUME, F(1, 100)),
    ("mg/dl", D.MASS_PER_VOLUME, F(1, 100)),
    ("mg/L", D.MASS_PER_VOLUME, F(1, 1000)),
    ("mg/mL", D.MASS_PER_VOLUME, F(1)),
    ("ug/mL", D.MASS_PER_VOLUME, F(1, 1000)),
    ("ng/mL", D.MASS_PER_VOLUME, F(1, 10**6)),
    ("ug/L", D.MASS_PER_VOLUME, F(1, 10**6)),
    ("kg/L", D.MASS_PER_VOLUME, F(1000)),
    ("g/(100.mL)", D.MASS_PER_VOLUME, F(10)),
    # amount of substance per volume, canonical umol/L
    ("umol/L", D.SUBSTANCE_PER_VOLUME, F(1)),
    ("umol/l", D.SUBSTANCE_PER_VOLUME, F(1)),
    ("mmol/L", D.SUBSTANCE_PER_VOLUME, F(1000)),
    ("mmol/l", D.SUBSTANCE_PER_VOLUME, F(1000)),
    ("mol/L", D.SUBSTANCE_PER_VOLUME, F(10**6)),
    ("nmol/L", D.SUBSTANCE_PER_VOLUME, F(1, 1000)),
    ("nmol/mL", D.SUBSTANCE_PER_VOLUME, F(1)),
    # catalytic activity per volume, canonical U/L
    ("U/L", D.CATALYTIC_PER_VOLUME, F(1)),
    ("[IU]/L", D.CATALYTIC_PER_VOLUME, F(1)),
    ("[iU]/L", D.CATALYTIC_PER_VOLUME, F(1)),
    ("U/mL", D.CATALYTIC_PER_VOLUME, F(1000)),
    ("kU/L", D.CATALYTIC_PER_VOLUME, F(1000)),
    ("mU/mL", D.CATALYTIC_PER_VOLUME, F(1)),
    ("ukat/L", D.CATALYTIC_PER_VOLUME, F(60)),  # 1 umol/s = 60 umol/min
    ("nkat/L", D.CATALYTIC_PER_VOLUME, F(60, 1000)),
    # volume per time, canonical mL/min
    ("mL/min", D.VOLUME_PER_TIME, F(1)),
    ("mL/s", D.VOLUME_PER_TIME, F(60)),
    ("L/h", D.VOLUME_PER_TIME, F(1000, 60)),
    ("L/d", D.VOLUME_PER_TIME, F(1000, 1440)),
    # percentages, canonical %
    ("%", D.PERCENT, F(1)),
    ("%{cells}", D.PERCENT, F(1)),
    ("%{blasts}", D.PERCENT, F(1)),
    # mass, canonical mg
    ("mg", D.MASS, F(1)),
    ("g", D.MASS, F(1000)),
    ("kg", D.MASS, F(10**6)),
    ("ug", D.MASS, F(1, 1000)),
    ("ng", D.MASS, F(1, 10**6)),
    ("[gr]", D.MASS, F(6479891, 100000)),
    ("[lb_av]", D.MASS, 7000 * F(6479891, 100000)),
    ("[oz_av]", D.MASS, 7000 * F(6479891, 100000) / 16),
    # length, canonical cm
    ("cm", D.LENGTH, F(1)),
    ("m", D.LENGTH, F(100)),
    ("mm", D.LENGTH, F(1, 10)),
    ("[in_i]", D.LENGTH, F(254, 100)),
    ("[ft_i]", D.LENGTH, 12 * F(254, 100)),
    # area, canonical m2
    ("m2", D.AREA, F(1)),
    ("cm2", D.AREA, F(1, 10**4)),
    ("[in_i]2", D.AREA, F(254, 10**4) ** 2),
    # mass per body surface area, canonical mg/m2
    ("mg/m2", D.MASS_PER_AREA, F(1)),
    ("ug/m2", D.MASS_PER_AREA, F(1, 1000)),
    ("g/m2", D.MASS_PER_AREA, F(1000)),
    ("mg/cm2", D.MASS_PER_AREA, F(10**4)),
    # mass per body surface area per day, canonical ug/m2/d
    ("mg/m2/d", D.MASS_PER_AREA_PER_DAY, F(1000)),
    ("ug/m2/d", D.MASS_PER_AREA_PER_DAY, F(1)),
    ("ug/(m2.d)", D.MASS_PER_AREA_PER_DAY, F(1)),
    ("ug/m2/h", D.MASS_PER_AREA_PER_DAY, F(24)),
    ("mg/m2/wk", D.MASS_PER_AREA_PER_DAY, F(1000, 7)),
    # mass per day, canonical ug/d
    ("ug/d", D.MASS_PER_DAY, F(1)),
    ("mg/d", D.MASS_PER_DAY, F(1000)),
    ("g/d", D.MASS_PER_DAY, F(10**6)),
    ("mg/h", D.MASS_PER_DAY, F(24000)),
    # mass per body mass, canonical mg/kg
    ("mg/kg", D.MASS_PER_BODY_MASS, F(1)),
    ("ug/kg", D.MASS_PER_BODY_MASS, F(1, 1000)),
    ("g/kg", D.MASS_PER_BODY_MASS, F(1000)),
    # cells per body mass, canonical {cells}/kg
    ("{cells}/kg", D.CELLS_PER_BODY_MASS, F(1)),
    ("10*6{cells}/kg", D.CELLS_PER_BODY_MASS, F(10**6)),
    ("10*6/kg", D.CELLS_PER_BODY_MASS, F(10**6)),
    ("/kg", D.CELLS_PER_BODY_MASS, F(1)),
    ("10*8{cells}/kg", D.CELLS_PER_BODY_MASS, F(10**8)),
    # cell counts, canonical {cells}
    ("{cells}", D.CELL_COUNT, F(1)),
    ("10*8{cells}", D.CELL_COUNT, F(10**8)),
    ("10*6", D.CELL_COUNT, F(10**6)),
    # absorbed dose, canonical cGy
    ("cGy", D.ABSORBED_DOSE, F(1)),
    ("Gy", D.ABSORBED_DOSE, F(100)),
    ("mGy", D.ABSORBED_DOSE, F(1, 10)),
    # time, canonical d
    ("d", D.TIME, F(1)),
    ("wk", D.TIME, F(7)),
    ("mo", D.TIME, F(36525, 100) / 12),
    ("mo_j", D.TIME, F(36525, 100) / 12),
    ("a", D.TIME, F(36525, 100)),
    ("a_j", D.TIME, F(36525, 100)),
    ("h", D.TIME, F(1, 24)),
    ("min", D.TIME, F(1, 24 * 60)),
)

#: Non-UCUM spellings of the alias table: (spelling, dimension, factor).
ALIASED: tuple[tuple[str, Dimension, Fraction], ...] = (
    ("/\u00b5L", D.COUNT_PER_VOLUME, F(1, 1000)),
    ("/\u03bcL", D.COUNT_PER_VOLUME, F(1, 1000)),
    ("\u00b5mol/L", D.SUBSTANCE_PER_VOLUME, F(1)),
    ("\u00b5g", D.MASS, F(1, 1000)),
    ("x10E3/uL", D.COUNT_PER_VOLUME, F(1)),
    ("x10E6/uL", D.COUNT_PER_VOLUME, F(1000)),
    ("x10E9/L", D.COUNT_PER_VOLUME, F(1)),
    ("x10E12/L", D.COUNT_PER_VOLUME, F(1000)),
)

#: Strings that are neither UCUM nor aliases.
NOT_UCUM = (
    "mcg",
    "cells/mcL",
    "M/uL",
    "gm/dL",
    "MG/DL",
    "10E3/uL",
    "x10^9/L",
    "thou/uL",
    "/cmm",
    "mEq/L",
    "cells/uL",
    "IU",
    "mg/dL ",
    "",
    "mmol/L/",
)

#: Valid UCUM whose atoms laboratories use with another meaning.
LOOKALIKES = (
    ("K/uL", "kelvin"),
    ("K/mm3", "kelvin"),
    ("u/L", "unified atomic mass unit"),
    ("G/L", "gauss"),
    ("T/L", "tesla"),
)

#: Valid UCUM that allmodel does not measure, with the phrase the refusal carries.
UNSUPPORTED = (
    ("mm[Hg]", "converts no unit 'mm[Hg]'"),
    ("Cel", "converts no unit 'Cel'"),
    ("J", "converts no unit 'J'"),
    ("ug/kg/d", "measures no dimension allmodel supports"),
    ("[IU]/kg", "measures no dimension allmodel supports"),
    ("m3", "measures no dimension allmodel supports"),
)


#: Valid UCUM whose annotation, read as 1 by UCUM, changes what the value measures (second
#: clinical audit): (code, the phrase the refusal carries).
NORMALISED = (
    ("mL/min/{1.73_m2}", "body surface"),  # LOINC's unit of an eGFR
    ("mL/min/{1.73m2}", "body surface"),
    ("mL/min{1.73_m2}", "body surface"),
    ("mL/s/{1.73_m2}", "body surface"),
    ("mL/min.{1.73_m2}", "body surface"),
    ("mL/min/{BSA}", "body surface"),
    ("mL/min{creat}", "body surface"),  # any annotation on a clearance
    ("mg/g{creat}", "divided by the annotation '{creat}'"),
    ("/100{WBCs}", "divided by the annotation '{WBCs}'"),
    ("10*3/{HPF}", "divided by the annotation '{HPF}'"),
)


def _spec_of(code: str, dimension: Dimension) -> tuple[Dimension, Fraction]:
    spec = parse_unit(code, dimension)
    return spec.dimension, spec.factor


class TestTable:
    """The table is as large as the issue asks."""

    def test_at_least_80_codes(self) -> None:
        """At least 80 real UCUM codes are specified, accepted and refused."""
        assert len(VALID) + len(NOT_UCUM) + len(LOOKALIKES) + len(UNSUPPORTED) >= 80
        assert len({code for code, _, _ in VALID}) == len(VALID)


class TestValidCodes:
    """Valid UCUM codes of supported dimensions are accepted with the right factor."""

    @pytest.mark.parametrize(("code", "dimension", "factor"), VALID)
    def test_factor(self, code: str, dimension: Dimension, factor: Fraction) -> None:
        """The code measures its dimension, with the factor worked out by hand."""
        assert _spec_of(code, dimension) == (dimension, factor)

    @pytest.mark.parametrize(("code", "dimension", "factor"), VALID)
    def test_agrees_with_pint(self, code: str, dimension: Dimension, factor: Fraction) -> None:
        """pint's own definitions give the same factor for the unit's pint form."""
        canonical = UNITS[dimension.canonical]
        quantity = to_quantity(1.0, code)
        expected = float(factor) * canonical.pint_scale
        assert quantity.to(canonical.pint_expression).magnitude == pytest.approx(expected)

    @pytest.mark.parametrize(("code", "dimension", "factor"), VALID)
    def test_round_trip(self, code: str, dimension: Dimension, factor: Fraction) -> None:
        """A parsed code formats back to itself and keeps its UCUM code."""
        spec = parse_unit(code)
        assert format_unit(spec) == code
        assert parse_unit(format_unit(spec)) == spec
        assert spec.ucum == code.replace("[IU]", "U").replace("[iU]", "U")

    def test_iu_exports_as_u(self) -> None:
        """IU/L, [IU]/L and [iU]/L export as U/L, the code UCUM converts."""
        assert {parse_unit(c).ucum for c in ("IU/L", "[IU]/L", "[iU]/L")} == {"U/L"}

    def test_case_sensitive(self) -> None:
        """UCUM is case-sensitive: l and L are both litre, MG/DL is not mg/dL."""
        assert parse_unit("umol/l").factor == parse_unit("umol/L").factor
        with pytest.raises(UnitError, match="not UCUM"):
            parse_unit("MG/DL")


class TestAliases:
    """Non-UCUM lab spellings are accepted only through the alias table."""

    @pytest.mark.parametrize(("code", "dimension", "factor"), ALIASED)
    def test_alias(self, code: str, dimension: Dimension, factor: Fraction) -> None:
        """The alias reads as its UCUM code and keeps its own spelling as code."""
        spec = parse_unit(code, dimension)
        assert (spec.dimension, spec.factor, spec.code) == (dimension, factor, code)
        assert spec.ucum == ALIASES[code]

    def test_every_alias_is_tested(self) -> None:
        """The alias table holds exactly the spellings specified here."""
        assert set(ALIASES) == {code for code, _, _ in ALIASED}


class TestRefusals:
    """Invalid codes, lookalikes and unsupported units are refused with a clear message."""

    @pytest.mark.parametrize("code", NOT_UCUM)
    def test_not_ucum(self, code: str) -> None:
        """A string that is neither UCUM nor an alias is an unknown unit, saying where."""
        with pytest.raises(UnitError) as caught:
            parse_unit(code)
        message = caught.value.problems[0].message
        assert message.startswith(f"unknown unit {code!r}: not UCUM (")
        assert "and not an alias" in message

    @pytest.mark.parametrize(("code", "meaning"), LOOKALIKES)
    def test_lookalike(self, code: str, meaning: str) -> None:
        """A lookalike is refused, saying what UCUM reads it as."""
        with pytest.raises(UnitError) as caught:
            parse_unit(code)
        message = caught.value.problems[0].message
        assert message.startswith(f"{code!r} is a lookalike: UCUM reads")
        assert meaning in message

    def test_k_per_ul_names_the_ucum_code(self) -> None:
        """K/uL is kelvin per microlitre; the message names thousands' UCUM code."""
        with pytest.raises(UnitError, match=r"kelvin .*10\*3/uL"):
            parse_unit("K/uL")

    @pytest.mark.parametrize(("code", "phrase"), UNSUPPORTED)
    def test_unsupported(self, code: str, phrase: str) -> None:
        """Valid UCUM outside allmodel's dimensions is refused as valid but unsupported."""
        with pytest.raises(UnitError) as caught:
            parse_unit(code)
        message = caught.value.problems[0].message
        assert message.startswith(f"{code!r} is valid UCUM, but")
        assert phrase in message

    @pytest.mark.parametrize(("code", "phrase"), NORMALISED)
    def test_normalised_by_an_annotation(self, code: str, phrase: str) -> None:
        """An annotation that normalises the value (per 1.73 m2 of body surface, per
        gram of creatinine) is refused, though UCUM reads it as 1."""
        with pytest.raises(UnitError) as caught:
            parse_unit(code)
        message = caught.value.problems[0].message
        assert message.startswith(repr(code))
        assert phrase in message

    @pytest.mark.parametrize("code", ["mL/min", "mL/s", "L/h", "mL/min/m2"])
    def test_clearance_without_an_annotation(self, code: str) -> None:
        """Control: an absolute volume per time is read (per m2, a length per time, is not)."""
        if code.endswith("m2"):
            with pytest.raises(UnitError, match="measures no dimension"):
                parse_unit(code, D.VOLUME_PER_TIME)
        else:
            assert parse_unit(code, D.VOLUME_PER_TIME).dimension is D.VOLUME_PER_TIME

    def test_wrong_dimension(self) -> None:
        """A valid UCUM code of another dimension is still refused for the field."""
        with pytest.raises(UnitError, match="'g/dl' is not a count per volume"):
            parse_unit("g/dl", D.COUNT_PER_VOLUME)


class TestLabResults:
    """Laboratory results take UCUM codes; the per-analyte dimension check stays."""

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "canonical"),
        [
            (Analyte.PLATELETS, 45.0, "10*3/mm3", 45.0),
            (Analyte.PLATELETS, 45_000.0, "/\u00b5L", 45.0),
            (Analyte.PLATELETS, 45.0, "/nL", 45.0),
            (Analyte.HEMOGLOBIN, 9.5, "g/dl", 9.5),  # canonical g/dL
            (Analyte.ALT, 40.0, "[IU]/L", 40.0),
        ],
    )
    def test_canonical_value(
        self, analyte: Analyte, value: float, unit: str, canonical: float
    ) -> None:
        """A result in a UCUM code or alias has the canonical value worked out by hand."""
        result = LabResult(analyte=analyte, value=value, unit=unit, date=date(2024, 1, 1))
        assert result.canonical_value == pytest.approx(canonical)

    def test_creatinine_molar_mass_with_lower_case_litre(self) -> None:
        """umol/l converts to mg/dL through the analyte's molar mass, as umol/L does."""
        lower = LabResult(
            analyte=Analyte.CREATININE, value=88.4, unit="umol/l", date=date(2024, 1, 1)
        )
        upper = LabResult(
            analyte=Analyte.CREATININE, value=88.4, unit="umol/L", date=date(2024, 1, 1)
        )
        assert lower.value_in("mg/dl") == pytest.approx(upper.value_in("mg/dL"))

    def test_platelets_in_mass_units_name_the_analyte(self) -> None:
        """A platelet count in g/dl (valid UCUM) is still refused, naming the analyte."""
        with pytest.raises(UnitError) as caught:
            LabResult(analyte=Analyte.PLATELETS, value=9.0, unit="g/dl", date=date(2024, 1, 1))
        assert caught.value.problems[0].message == "'g/dl' is not a count per volume (platelets)"

    def test_clearance_per_body_surface_names_the_analyte(self) -> None:
        """A creatinine clearance in mL/min/{1.73_m2} (an eGFR) is refused, naming the
        analyte: it is not an absolute clearance, and no conversion is made."""
        with pytest.raises(UnitError) as caught:
            LabResult(
                analyte=Analyte.CREATININE_CLEARANCE,
                value=52.0,
                unit="mL/min/{1.73_m2}",
                date=date(2024, 1, 1),
            )
        [problem] = caught.value.problems
        assert problem.path == "unit"
        assert "not an absolute clearance" in problem.message
        assert problem.message.endswith("(creatinine clearance)")

    def test_lookalike_names_the_analyte(self) -> None:
        """K/uL for platelets is refused as kelvin per microlitre."""
        with pytest.raises(UnitError, match="kelvin"):
            LabResult(analyte=Analyte.PLATELETS, value=45.0, unit="K/uL", date=date(2024, 1, 1))


#: UCUM's prefixes as ucum-essence.xml lists them, written out here independently of the
#: library's table.
_PREFIX_VALUES = {
    "": F(1),
    "k": F(10**3),
    "h": F(10**2),
    "da": F(10),
    "d": F(1, 10),
    "c": F(1, 10**2),
    "m": F(1, 10**3),
    "u": F(1, 10**6),
    "n": F(1, 10**9),
    "p": F(1, 10**12),
    "f": F(1, 10**15),
}


class TestPrefixedProperty:
    """Any prefixed mass over any prefixed litre is a mass per volume of the right factor."""

    @given(
        mass_prefix=st.sampled_from(sorted(_PREFIX_VALUES)),
        volume_prefix=st.sampled_from(sorted(_PREFIX_VALUES)),
        litre=st.sampled_from(["L", "l"]),
    )
    def test_mass_per_volume(self, mass_prefix: str, volume_prefix: str, litre: str) -> None:
        """<p>g/<q>L is g/L times p/q, and formats back to itself."""
        code = f"{mass_prefix}g/{volume_prefix}{litre}"
        spec = parse_unit(code, D.MASS_PER_VOLUME)
        assert spec.factor == _PREFIX_VALUES[mass_prefix] / _PREFIX_VALUES[volume_prefix]
        assert parse_unit(format_unit(spec)) == spec

    @given(
        exponent=st.integers(min_value=1, max_value=15),
        volume_prefix=st.sampled_from(sorted(_PREFIX_VALUES)),
    )
    def test_counts_per_volume(self, exponent: int, volume_prefix: str) -> None:
        """10*n/<q>L is 10^9/L times 10^n / (q * 10^9)."""
        spec = parse_unit(f"10*{exponent}/{volume_prefix}L", D.COUNT_PER_VOLUME)
        assert spec.factor == F(10**exponent) / (_PREFIX_VALUES[volume_prefix] * 10**9)
