"""Specification of dated laboratory results: units per analyte, ranges, LOINC, conversions."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from allmodel.errors import UnitError, ValidationError
from allmodel.model import ANALYTES, PLAUSIBLE, Analyte, Comparator, LabResult, latest_lab
from allmodel.model._labs import lab_bounds, loinc_is_valid
from allmodel.model._plausibility import RESOLUTION, lab_range, uln_range

DAY = date(2022, 4, 12)


def _lab(
    analyte: Analyte = Analyte.PLATELETS,
    value: float = 45.0,
    unit: str = "10^9/L",
    when: date = DAY,
    **kwargs: Any,
) -> LabResult:
    return LabResult(analyte=analyte, value=value, unit=unit, date=when, **kwargs)


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in error.problems]


class TestUnits:
    """Each analyte accepts the units of its dimension only."""

    def test_platelets_in_g_per_dl_is_a_unit_error(self) -> None:
        """A mass concentration is not a platelet count: UnitError on 'unit'."""
        with pytest.raises(UnitError) as caught:
            _lab(unit="g/dL")
        assert _problems(caught.value) == [("unit", "'g/dL' is not a count per volume (platelets)")]

    def test_unknown_unit_is_a_unit_error(self) -> None:
        """A unit neither UCUM nor an alias is refused, listing the analyte's units."""
        with pytest.raises(UnitError) as caught:
            _lab(unit="cells/mcL")
        assert caught.value.problems[0].message == (
            "unknown unit 'cells/mcL': not UCUM (unexpected character 'e' at column 2)"
            " and not an alias (accepted: UCUM codes of the dimension and"
            " 10^9/L, 10*9/L, 10^3/uL, 10*3/uL, /uL, /mm3) (platelets)"
        )

    @pytest.mark.parametrize(
        ("analyte", "unit"),
        [
            (Analyte.PLATELETS, "/uL"),
            (Analyte.ANC, "10*3/uL"),
            (Analyte.HEMOGLOBIN, "g/L"),
            (Analyte.BILIRUBIN, "mg/dL"),
            (Analyte.BILIRUBIN, "umol/L"),
            (Analyte.CREATININE, "umol/L"),
            (Analyte.AST, "IU/L"),
            (Analyte.CREATININE_CLEARANCE, "mL/min"),
            (Analyte.MARROW_BLASTS, "%"),
        ],
    )
    def test_accepted_units(self, analyte: Analyte, unit: str) -> None:
        """Counts per volume, mass or substance concentrations, activities, percentages."""
        assert _lab(analyte=analyte, value=1.0, unit=unit).unit == unit

    @pytest.mark.parametrize(
        ("analyte", "unit"),
        [
            (Analyte.HEMOGLOBIN, "umol/L"),
            (Analyte.ALBUMIN, "10^9/L"),
            (Analyte.MARROW_BLASTS, "10^9/L"),
            (Analyte.LDH, "g/L"),
        ],
    )
    def test_refused_units(self, analyte: Analyte, unit: str) -> None:
        """Only bilirubin and creatinine may come in substance units."""
        with pytest.raises(UnitError):
            _lab(analyte=analyte, value=1.0, unit=unit)


class TestValueRanges:
    """Values are never negative; percentages are at most 100."""

    @pytest.mark.parametrize("value", [0, 0.1, 99.9, 100])
    def test_blasts_within_bounds_accepted(self, value: float) -> None:
        """0 % and 100 % blasts are both possible."""
        assert _lab(analyte=Analyte.MARROW_BLASTS, value=value, unit="%").value == value

    @pytest.mark.parametrize(
        ("value", "shown"), [(100.0001, "100.0001"), (100.1, "100.1"), (140, "140")]
    )
    def test_blasts_above_100_percent_refused(self, value: float, shown: str) -> None:
        """Blasts over 100 % are impossible; the message shows the range and exact value."""
        with pytest.raises(ValidationError) as caught:
            _lab(analyte=Analyte.MARROW_BLASTS, value=value, unit="%")
        assert _problems(caught.value) == [
            (
                "value",
                f"must be 0 or between 1e-06 and 100 % for bone marrow blasts, got {shown} %",
            )
        ]

    def test_counts_may_exceed_100(self) -> None:
        """The 100 cap applies to percentages only."""
        assert _lab(value=450.0).value == 450.0

    @pytest.mark.parametrize("value", [-0.1, -45])
    def test_negative_value_refused(self, value: float) -> None:
        """A negative result is refused."""
        with pytest.raises(ValidationError) as caught:
            _lab(value=value)
        assert _problems(caught.value) == [("value", f"must be >= 0, got {value:g}")]

    def test_zero_value_accepted(self) -> None:
        """Zero is a possible count."""
        assert _lab(value=0).value == 0

    @pytest.mark.parametrize("value", [True, "45", None])
    def test_non_numbers_refused(self, value: Any) -> None:
        """A value must be a number."""
        with pytest.raises(ValidationError) as caught:
            _lab(value=value)
        assert caught.value.problems[0].path == "value"

    @pytest.mark.parametrize("uln", [0, -40])
    def test_upper_limit_must_be_positive(self, uln: float) -> None:
        """An upper limit of normal of 0 or below is refused."""
        with pytest.raises(ValidationError) as caught:
            _lab(analyte=Analyte.AST, value=30, unit="U/L", upper_limit_of_normal=uln)
        assert caught.value.problems[0].path == "upper_limit_of_normal"


#: (analyte, unit, value at the low end, just inside, just outside) for each plausible
#: range named in the fuzzing issue, and a few more; the high end follows.
HIGH_ENDS = [
    (Analyte.PLATELETS, "10^9/L", 10000, 9999.99, 10000.01),
    (Analyte.PLATELETS, "/uL", 10_000_000, 9_999_999, 10_000_001),
    (Analyte.WBC, "10^9/L", 2000, 1999.99, 2000.01),
    (Analyte.ANC, "10^9/L", 1000, 999.99, 1000.01),
    (Analyte.HEMOGLOBIN, "g/dL", 30, 29.99, 30.01),
    (Analyte.HEMOGLOBIN, "g/L", 300, 299.9, 300.1),
    (Analyte.ALBUMIN, "g/dL", 7, 6.99, 7.01),
    (Analyte.ALBUMIN, "g/L", 70, 69.9, 70.1),
    (Analyte.BILIRUBIN, "mg/dL", 150, 149.9, 150.1),
    (Analyte.AST, "U/L", 100_000, 99_999, 100_001),
    (Analyte.ALT, "IU/L", 100_000, 99_999, 100_001),
    (Analyte.LDH, "U/L", 100_000, 99_999, 100_001),
    (Analyte.CREATININE, "mg/dL", 100, 99.9, 100.1),
    (Analyte.CREATININE_CLEARANCE, "mL/min", 1000, 999.9, 1000.1),
    (Analyte.MARROW_BLASTS, "%", 100, 99.99, 100.01),
    (Analyte.MARROW_CELLULARITY, "%", 100, 99.99, 100.01),
]


class TestPlausibleValues:
    """Every result is 0 or within its analyte's plausible range (allmodel.model._plausibility)."""

    @pytest.mark.parametrize(("analyte", "unit", "at", "inside", "outside"), HIGH_ENDS)
    def test_high_end(
        self, analyte: Analyte, unit: str, at: float, inside: float, outside: float
    ) -> None:
        """At and just inside the top of the range accepted; just above refused at 'value'."""
        assert _lab(analyte=analyte, value=at, unit=unit).value == at
        assert _lab(analyte=analyte, value=inside, unit=unit).value == inside
        with pytest.raises(ValidationError) as caught:
            _lab(analyte=analyte, value=outside, unit=unit)
        assert [p.path for p in caught.value.problems] == ["value"]
        assert ANALYTES[analyte].label in caught.value.problems[0].message

    @pytest.mark.parametrize("analyte", list(Analyte))
    def test_low_end(self, analyte: Analyte) -> None:
        """0 and the smallest non-zero value (1e-6 canonical) accepted; between them refused."""
        unit = ANALYTES[analyte].canonical
        assert _lab(analyte=analyte, value=0, unit=unit).value == 0
        assert _lab(analyte=analyte, value=1e-6, unit=unit).value == 1e-6
        with pytest.raises(ValidationError) as caught:
            _lab(analyte=analyte, value=9.99e-7, unit=unit)
        assert [p.path for p in caught.value.problems] == ["value"]

    def test_platelets_1e12_refused(self) -> None:
        """Regression (fuzzing): platelets of 1e12 x10^9/L loaded."""
        with pytest.raises(ValidationError) as caught:
            _lab(value=1e12)
        assert _problems(caught.value) == [
            (
                "value",
                "must be 0 or between 1e-06 and 10000 10^9/L for platelets, got 1e+12 10^9/L",
            )
        ]

    def test_albumin_1e308_refused(self) -> None:
        """Regression (fuzzing): albumin 1e308 g/dL loaded, then broke the salvage score."""
        with pytest.raises(ValidationError) as caught:
            _lab(analyte=Analyte.ALBUMIN, value=1e308, unit="g/dL")
        assert [p.path for p in caught.value.problems] == ["value"]

    def test_message_shows_the_canonical_value_of_another_unit(self) -> None:
        """A result in another unit is shown in it and in the canonical unit of the range."""
        with pytest.raises(ValidationError) as caught:
            _lab(value=4.5e10, unit="/uL")
        assert caught.value.problems[0].message == (
            "must be 0 or between 1e-06 and 10000 10^9/L for platelets,"
            " got 4.5e+10 /uL (4.5e+07 10^9/L)"
        )

    def test_tiny_value_that_converts_to_zero_refused(self) -> None:
        """5e-324 /uL rounds to 0 x10^9/L: it is not 0, and it is below the resolution."""
        with pytest.raises(ValidationError):
            _lab(value=5e-324, unit="/uL")

    def test_substance_units_follow_the_mass_range(self) -> None:
        """Bilirubin 150 mg/dL is about 2565.5 umol/L: inside accepted, outside refused."""
        low, high = lab_bounds(Analyte.BILIRUBIN, "umol/L")
        assert high == pytest.approx(150 * 10 / 584.66 * 1000, rel=1e-12)
        assert _lab(analyte=Analyte.BILIRUBIN, value=high, unit="umol/L").canonical_value <= 150
        with pytest.raises(ValidationError):
            _lab(analyte=Analyte.BILIRUBIN, value=math.nextafter(high, math.inf), unit="umol/L")
        assert _lab(analyte=Analyte.BILIRUBIN, value=low, unit="umol/L").value == low
        with pytest.raises(ValidationError):
            _lab(analyte=Analyte.BILIRUBIN, value=math.nextafter(low, 0), unit="umol/L")


class TestPlausibilityTable:
    """Each analyte has one plausible range for its results and one for its ULN."""

    @pytest.mark.parametrize("analyte", list(Analyte))
    def test_every_analyte_has_both_ranges(self, analyte: Analyte) -> None:
        """Both ranges are in the canonical unit, with a stated basis."""
        canonical = ANALYTES[analyte].canonical
        for plausible in (lab_range(analyte), uln_range(analyte)):
            assert plausible.unit == canonical
            assert plausible.basis.strip()
            assert 0 < plausible.low < plausible.high

    @pytest.mark.parametrize("analyte", list(Analyte))
    def test_results_admit_zero_and_the_uln_range_fits_inside(self, analyte: Analyte) -> None:
        """A result may be 0 (none detected); a ULN lies within the results' range."""
        values, limits = lab_range(analyte), uln_range(analyte)
        assert values.zero
        assert values.low == RESOLUTION
        assert not limits.zero
        assert values.low <= limits.low
        assert limits.high <= values.high

    def test_every_entry_states_its_basis(self) -> None:
        """The table is one place, and every range in it says why."""
        assert all(entry.basis.strip() for entry in PLAUSIBLE.values())
        assert set(PLAUSIBLE) >= {"age", "height", "weight", "lvef", "mrd_level"}


class TestPlausibleUpperLimit:
    """The ULN must be within its analyte's plausible range for a ULN."""

    def test_uln_1e_300_refused(self) -> None:
        """Regression (fuzzing): a ULN of 1e-300 loaded (and x ULN became 1e301)."""
        with pytest.raises(ValidationError) as caught:
            _lab(analyte=Analyte.AST, value=30, unit="U/L", upper_limit_of_normal=1e-300)
        assert _problems(caught.value) == [
            (
                "upper_limit_of_normal",
                "must be between 5 and 1000 U/L for aspartate aminotransferase, got 1e-300 U/L",
            )
        ]

    @pytest.mark.parametrize(
        ("analyte", "unit", "low", "high"),
        [
            (Analyte.AST, "U/L", 5, 1000),
            (Analyte.BILIRUBIN, "mg/dL", 0.1, 30),
            (Analyte.CREATININE, "mg/dL", 0.1, 20),
            (Analyte.PLATELETS, "10^9/L", 50, 5000),
            (Analyte.PLATELETS, "/uL", 50_000, 5_000_000),
            (Analyte.ALBUMIN, "g/dL", 1, 7),
            (Analyte.LDH, "U/L", 10, 10000),
            (Analyte.MARROW_BLASTS, "%", 0.01, 100),
        ],
    )
    def test_bounds(self, analyte: Analyte, unit: str, low: float, high: float) -> None:
        """At each bound accepted, a hair inside accepted, a hair outside refused."""
        for accepted in (low, high, low * 1.001, high * 0.999):
            assert (
                _lab(
                    analyte=analyte, value=0, unit=unit, upper_limit_of_normal=accepted
                ).upper_limit_of_normal
                == accepted
            )
        for refused in (low * 0.999, high * 1.001):
            with pytest.raises(ValidationError) as caught:
                _lab(analyte=analyte, value=0, unit=unit, upper_limit_of_normal=refused)
            assert [p.path for p in caught.value.problems] == ["upper_limit_of_normal"]


class TestComparatorLimits:
    """A result reported as a limit must leave some plausible value."""

    def test_below_zero_refused(self) -> None:
        """'< 0' leaves nothing."""
        with pytest.raises(ValidationError) as caught:
            _lab(value=0, comparator=Comparator.LT)
        assert [p.path for p in caught.value.problems] == ["comparator"]

    @pytest.mark.parametrize(
        ("analyte", "unit", "high"),
        [(Analyte.PLATELETS, "10^9/L", 10000), (Analyte.MARROW_BLASTS, "%", 100)],
    )
    def test_above_the_top_refused(self, analyte: Analyte, unit: str, high: float) -> None:
        """'>' the top of the plausible range leaves nothing; '>=' it, and '>' below, are fine."""
        with pytest.raises(ValidationError) as caught:
            _lab(analyte=analyte, value=high, unit=unit, comparator=Comparator.GT)
        assert [p.path for p in caught.value.problems] == ["comparator"]
        at_least = _lab(analyte=analyte, value=high, unit=unit, comparator=Comparator.GE)
        assert at_least.comparator is Comparator.GE
        above = _lab(analyte=analyte, value=high * 0.99, unit=unit, comparator=Comparator.GT)
        assert above.comparator is Comparator.GT


class TestLoinc:
    """LOINC codes: form, check digit and owning analyte (public LOINC and FHIR files)."""

    @pytest.mark.parametrize(
        "code", ["777-3", "718-7", "751-8", "1975-2", "14631-6", "26515-7", "6690-2"]
    )
    def test_known_codes_are_valid(self, code: str) -> None:
        """Codes from the reference have valid check digits."""
        assert loinc_is_valid(code)

    @pytest.mark.parametrize(
        "code",
        ["777-4", "777", "777-", "-3", "777-33", "12345678-9", "777a-3", "777-x", "7 77-3"],
    )
    def test_malformed_or_wrong_check_digit(self, code: str) -> None:
        """A wrong check digit or malformed code is not valid."""
        assert not loinc_is_valid(code)

    def test_check_digit_by_hand(self) -> None:
        """777: doubled 7s give 5 and 5, plus 7 is 17; (10 - 7) % 10 = 3; so 777-3."""
        assert loinc_is_valid("777-3")
        assert not loinc_is_valid("777-4")
        assert not loinc_is_valid("777-2")

    @pytest.mark.parametrize("code", ["7²7-3", "٧٧٧-٣", "７７７-３"])
    def test_non_ascii_digits_are_not_valid(self, code: str) -> None:
        """Regression: superscript and non-Latin digits passed isdigit() (or crashed int())."""
        assert not loinc_is_valid(code)

    def test_non_ascii_digits_refused_by_the_result(self) -> None:
        """Regression: '7²7-3' raised a bare ValueError instead of a ValidationError."""
        with pytest.raises(ValidationError) as caught:
            _lab(loinc="7²7-3")
        assert caught.value.problems[0].path == "loinc"

    def test_valid_code_of_the_analyte_accepted(self) -> None:
        """777-3 is a platelet count."""
        assert _lab(loinc="777-3").loinc == "777-3"

    def test_invalid_check_digit_refused(self) -> None:
        """777-4 has a wrong check digit."""
        with pytest.raises(ValidationError) as caught:
            _lab(loinc="777-4")
        assert _problems(caught.value) == [
            ("loinc", "must be a LOINC code with a valid check digit, got '777-4'")
        ]

    def test_code_of_another_analyte_refused(self) -> None:
        """718-7 is hemoglobin and cannot label a platelet count."""
        with pytest.raises(ValidationError) as caught:
            _lab(loinc="718-7")
        assert _problems(caught.value) == [
            ("loinc", "718-7 is a code for hemoglobin, not platelets")
        ]

    def test_valid_code_unknown_to_allmodel_accepted(self) -> None:
        """A well-formed code not in the table (58410-2, CBC panel) is kept."""
        assert _lab(loinc="58410-2").loinc == "58410-2"


class TestConversions:
    """Results in other units, including mass and substance via the molar mass."""

    def test_bilirubin_umol_to_mg_per_dl(self) -> None:
        """17.1 umol/L x 584.66 g/mol = 9.9977e-3 g/L = 0.99977 mg/dL, about 1.0."""
        lab = _lab(analyte=Analyte.BILIRUBIN, value=17.1, unit="umol/L")
        by_hand = 17.1e-6 * 584.66 * 1000 / 10  # mol/L x g/mol -> g/L -> mg/L -> mg/dL
        assert lab.value_in("mg/dL") == pytest.approx(by_hand, rel=1e-12)
        assert lab.value_in("mg/dL") == pytest.approx(1.0, abs=1e-3)

    def test_bilirubin_mg_per_dl_to_umol(self) -> None:
        """1.0 mg/dL = 0.01 g/L, / 584.66 g/mol = 17.104 umol/L."""
        lab = _lab(analyte=Analyte.BILIRUBIN, value=1.0, unit="mg/dL")
        assert lab.value_in("umol/L") == pytest.approx(0.01 / 584.66 * 1e6, rel=1e-12)

    def test_creatinine_umol_to_mg_per_dl(self) -> None:
        """88.4 umol/L x 113.12 g/mol is 0.99998 mg/dL."""
        lab = _lab(analyte=Analyte.CREATININE, value=88.4, unit="umol/L")
        assert lab.value_in("mg/dL") == pytest.approx(88.4e-6 * 113.12 * 100, rel=1e-12)

    def test_bilirubin_canonical_is_mg_per_dl(self) -> None:
        """Bilirubin thresholds are compared in mg/dL."""
        assert ANALYTES[Analyte.BILIRUBIN].canonical == "mg/dL"
        lab = _lab(analyte=Analyte.BILIRUBIN, value=34.2, unit="umol/L")
        assert lab.canonical_value == pytest.approx(34.2e-6 * 584.66 * 100, rel=1e-12)

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "canonical"),
        [
            (Analyte.HEMOGLOBIN, 95, "g/L", 9.5),
            (Analyte.ALBUMIN, 2.8, "g/dL", 2.8),
            (Analyte.PLATELETS, 45000, "/uL", 45.0),
            (Analyte.ANC, 0.5, "10*9/L", 0.5),
        ],
    )
    def test_canonical_value(
        self, analyte: Analyte, value: float, unit: str, canonical: float
    ) -> None:
        """canonical_value expresses a result in the analyte's canonical unit."""
        assert _lab(analyte=analyte, value=value, unit=unit).canonical_value == canonical

    def test_value_in_a_unit_of_another_dimension_refused(self) -> None:
        """A platelet count cannot be read in g/L."""
        with pytest.raises(UnitError):
            _lab().value_in("g/L")


class TestTimesUpperLimit:
    """Results as multiples of the laboratory's upper limit of normal."""

    @pytest.mark.parametrize(
        ("value", "uln", "times"), [(120, 40, 3.0), (40, 40, 1.0), (18, 12, 1.5)]
    )
    def test_times_upper_limit(self, value: float, uln: float, times: float) -> None:
        """The value divided by the ULN."""
        lab = _lab(analyte=Analyte.AST, value=value, unit="U/L", upper_limit_of_normal=uln)
        assert lab.times_upper_limit == pytest.approx(times, rel=1e-15)

    def test_no_upper_limit_is_unknown(self) -> None:
        """Without a ULN the multiple is None."""
        assert _lab(analyte=Analyte.AST, value=120, unit="U/L").times_upper_limit is None


class TestLatestLab:
    """The latest result of an analyte dated on or before as_of."""

    def test_as_of_filtering(self) -> None:
        """A result after as_of is ignored; one dated on as_of counts."""
        early = _lab(value=20, when=date(2022, 4, 1))
        late = _lab(value=80, when=date(2022, 4, 12))
        labs = (late, early)
        assert latest_lab(labs, Analyte.PLATELETS, as_of=date(2022, 4, 11)) is early
        assert latest_lab(labs, Analyte.PLATELETS, as_of=date(2022, 4, 12)) is late
        assert latest_lab(labs, Analyte.PLATELETS, as_of=date(2022, 3, 31)) is None

    def test_a_tie_that_disagrees_is_none(self) -> None:
        """Two results of one day that differ: neither (the order of the list never
        chooses); an earlier result does not stand in for them."""
        earlier = _lab(value=50, when=date(2022, 1, 3))
        first, second = _lab(value=20), _lab(value=80)
        assert latest_lab((earlier, first, second), Analyte.PLATELETS, as_of=DAY) is None
        assert latest_lab((second, first, earlier), Analyte.PLATELETS, as_of=DAY) is None

    def test_a_tie_differing_in_comparator_or_uln_disagrees(self) -> None:
        """The same number as a limit, or over another ULN, is another reading."""
        exact = _lab(analyte=Analyte.BILIRUBIN, value=1.0, unit="mg/dL", upper_limit_of_normal=1.2)
        below = _lab(
            analyte=Analyte.BILIRUBIN,
            value=1.0,
            unit="mg/dL",
            upper_limit_of_normal=1.2,
            comparator=Comparator.LT,
        )
        other_uln = _lab(
            analyte=Analyte.BILIRUBIN, value=1.0, unit="mg/dL", upper_limit_of_normal=1.0
        )
        for other in (below, other_uln):
            assert latest_lab((exact, other), Analyte.BILIRUBIN, as_of=DAY) is None

    def test_a_tie_that_agrees_is_read(self) -> None:
        """Two results of one day with the same reading: the first of them."""
        first, second = _lab(value=20, loinc="777-3"), _lab(value=20)
        assert latest_lab((first, second), Analyte.PLATELETS, as_of=DAY) is first
        assert latest_lab((second, first), Analyte.PLATELETS, as_of=DAY) is second

    def test_other_analytes_ignored(self) -> None:
        """A hemoglobin result is not a platelet count."""
        hemoglobin = _lab(analyte=Analyte.HEMOGLOBIN, value=9.1, unit="g/dL")
        assert latest_lab((hemoglobin,), Analyte.PLATELETS, as_of=DAY) is None
        assert latest_lab((hemoglobin,), Analyte.HEMOGLOBIN, as_of=DAY) is hemoglobin
