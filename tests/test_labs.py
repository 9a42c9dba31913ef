"""Specification of dated laboratory results: units per analyte, ranges, LOINC, conversions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allmodel.errors import UnitError, ValidationError
from allmodel.labs import ANALYTES, Analyte, LabResult, latest_lab, loinc_is_valid

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
        """A unit outside the table is refused, listing the analyte's units."""
        with pytest.raises(UnitError) as caught:
            _lab(unit="cells/mcL")
        assert caught.value.problems[0].message == (
            "unknown unit 'cells/mcL' (accepted: 10^9/L, 10*9/L, 10^3/uL, 10*3/uL, /uL, /mm3)"
            " (platelets)"
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
        """Blasts over 100 % are impossible; the message shows the exact value."""
        with pytest.raises(ValidationError) as caught:
            _lab(analyte=Analyte.MARROW_BLASTS, value=value, unit="%")
        assert _problems(caught.value) == [("value", f"must be <= 100 %, got {shown}")]

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


class TestLoinc:
    """LOINC codes: form, check digit and owning analyte (clinical reference C.2)."""

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
        ("value", "uln", "times"), [(120, 40, 3.0), (40, 40, 1.0), (1.8, 1.2, 1.5)]
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
        assert latest_lab(labs, Analyte.PLATELETS, date(2022, 4, 11)) is early
        assert latest_lab(labs, Analyte.PLATELETS, date(2022, 4, 12)) is late
        assert latest_lab(labs, Analyte.PLATELETS, date(2022, 3, 31)) is None

    def test_later_listed_wins_a_tie(self) -> None:
        """Two results on one day: the one listed last counts."""
        first, second = _lab(value=20), _lab(value=80)
        assert latest_lab((first, second), Analyte.PLATELETS, DAY) is second
        assert latest_lab((second, first), Analyte.PLATELETS, DAY) is first

    def test_other_analytes_ignored(self) -> None:
        """A hemoglobin result is not a platelet count."""
        hemoglobin = _lab(analyte=Analyte.HEMOGLOBIN, value=9.1, unit="g/dL")
        assert latest_lab((hemoglobin,), Analyte.PLATELETS, DAY) is None
        assert latest_lab((hemoglobin,), Analyte.HEMOGLOBIN, DAY) is hemoglobin
