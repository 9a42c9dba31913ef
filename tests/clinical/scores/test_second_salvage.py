"""Specification of the second-salvage factors of ref 75: cut-offs in any unit, bands,
partial counts, and the inputs derived from a patient record as of a date."""

from __future__ import annotations

from datetime import date

import pytest

from allmodel.clinical.scores import (
    SECOND_SALVAGE_ALBUMIN_BELOW,
    SECOND_SALVAGE_BANDS,
    SECOND_SALVAGE_BLASTS_ABOVE_PERCENT,
    SECOND_SALVAGE_CR1_BELOW_MONTHS,
    SECOND_SALVAGE_PLATELETS_BELOW,
    ScoreBand,
    SecondSalvageInputs,
    second_salvage_factors,
)
from allmodel.errors import ValidationError
from allmodel.measures import CountConcentration, MassConcentration
from allmodel.model import Analyte, BestResponse, Intent
from tests.clinical.scores.inputs import (
    AS_OF,
    DIAGNOSIS,
    FRONTLINE,
    lab_result,
    line,
    salvage,
    small_patient,
)

# --- the second-salvage factors from explicit inputs ---------------------------------------


class TestSecondSalvageConstants:
    """The cut-offs of ref 75 as the review states them."""

    def test_thresholds(self) -> None:
        """CR1 < 36 months, blasts > 50 %, platelets < 50 x10^9/L, albumin < 3 g/dL."""
        assert SECOND_SALVAGE_CR1_BELOW_MONTHS == 36
        assert SECOND_SALVAGE_BLASTS_ABOVE_PERCENT == 50
        assert SECOND_SALVAGE_PLATELETS_BELOW.magnitude_in("/uL") == 50_000
        assert SECOND_SALVAGE_ALBUMIN_BELOW.magnitude_in("g/L") == 30

    def test_bands_cover_zero_to_four(self) -> None:
        """Every count from 0 to 4 is in exactly one band; 0 and 1 share one."""
        for total in range(5):
            assert sum(band.contains(total) for band in SECOND_SALVAGE_BANDS) == 1
        assert SECOND_SALVAGE_BANDS[0] == ScoreBand(0, 1, "1-year survival 33 %")


class TestSecondSalvageCr1:
    """First CR < 36 months (strict)."""

    @pytest.mark.parametrize(
        ("months", "points"), [(35.99, 1), (36.0, 0), (36.01, 0), (0.0, 1), (120.0, 0)]
    )
    def test_threshold(self, months: float, points: int) -> None:
        """Exactly 36 months is not adverse; 35.99 is."""
        result = salvage(cr1=months)
        assert result.component("cr1_months").points == points
        assert result.total == points


class TestSecondSalvageBlasts:
    """Marrow blasts > 50 % (strict)."""

    @pytest.mark.parametrize(("blasts", "points"), [(49.99, 0), (50.0, 0), (50.01, 1)])
    def test_threshold(self, blasts: float, points: int) -> None:
        """Exactly 50 % is not adverse; 50.01 % is."""
        assert salvage(blasts=blasts).total == points


class TestSecondSalvagePlatelets:
    """Platelets < 50 x10^9/L (< 50,000/uL), in any count unit."""

    @pytest.mark.parametrize(
        ("value", "unit", "points"),
        [
            (50, "10^9/L", 0),
            (49.99, "10^9/L", 1),
            (50.01, "10^9/L", 0),
            (50_000, "/uL", 0),
            (49_990, "/uL", 1),
            (50_010, "/uL", 0),
            (50, "10^3/uL", 0),
            (49.99, "10*3/uL", 1),
            (49_999, "/mm3", 1),
        ],
    )
    def test_threshold_in_each_unit(self, value: float, unit: str, points: int) -> None:
        """Exactly 50 x10^9/L (50,000/uL) is not adverse; just below is."""
        result = salvage(platelets=CountConcentration(value, unit))
        assert result.component("platelets").points == points
        assert result.total == points

    def test_observed_in_the_rules_unit(self) -> None:
        """45,000/uL is shown as 45 10^9/L."""
        result = salvage(platelets=CountConcentration(45_000, "/uL"))
        assert result.component("platelets").observed == "45 10^9/L"


class TestSecondSalvageAlbumin:
    """Serum albumin < 3 g/dL (< 30 g/L), in any mass-concentration unit."""

    @pytest.mark.parametrize(
        ("value", "unit", "points"),
        [
            (3.0, "g/dL", 0),
            (2.99, "g/dL", 1),
            (3.01, "g/dL", 0),
            (30, "g/L", 0),
            (29.9, "g/L", 1),
            (30.1, "g/L", 0),
            (2999, "mg/dL", 1),
        ],
    )
    def test_threshold_in_each_unit(self, value: float, unit: str, points: int) -> None:
        """Exactly 3 g/dL (30 g/L) is not adverse; just below is."""
        result = salvage(albumin=MassConcentration(value, unit))
        assert result.component("albumin").points == points
        assert result.total == points


class TestSecondSalvageBands:
    """Counts map to the four 1-year survival bands."""

    @pytest.mark.parametrize(
        ("cr1", "blasts", "platelets", "albumin", "total", "band"),
        [
            (60.0, 10.0, 150, 4.0, 0, "33 %"),
            (20.0, 10.0, 150, 4.0, 1, "33 %"),
            (20.0, 60.0, 150, 4.0, 2, "14 %"),
            (20.0, 60.0, 40, 4.0, 3, "8 %"),
            (20.0, 60.0, 40, 2.5, 4, "0 %"),
            (60.0, 10.0, 40, 2.5, 2, "14 %"),
        ],
    )
    def test_total_and_band(
        self, *, cr1: float, blasts: float, platelets: float, albumin: float, total: int, band: str
    ) -> None:
        """Hand-counted factors fall in the review's bands."""
        result = salvage(
            cr1,
            blasts,
            CountConcentration(platelets, "10^9/L"),
            MassConcentration(albumin, "g/dL"),
        )
        assert result.total == total
        assert result.band == f"1-year survival {band}"

    def test_citation(self) -> None:
        """The result cites ref 75."""
        assert salvage().citation == "review-ref-75"


class TestSecondSalvageUnits:
    """Unit-equivalent inputs give the same answer, compared without pint."""

    def test_si_and_conventional_units_agree(self) -> None:
        """45 x10^9/L and 28 g/L score exactly as 45,000/uL and 2.8 g/dL."""
        si = salvage(20.0, 60.0, CountConcentration(45, "10^9/L"), MassConcentration(28, "g/L"))
        us = salvage(20.0, 60.0, CountConcentration(45_000, "/uL"), MassConcentration(2.8, "g/dL"))
        assert si == us
        assert si.total == 1 + 1 + 1 + 1

    def test_platelets_of_the_wrong_kind_rejected(self) -> None:
        """Platelets given as a mass concentration are an error naming the field."""
        with pytest.raises(ValidationError, match="platelets"):
            SecondSalvageInputs(platelets=MassConcentration(50, "g/L"))  # type: ignore[arg-type]

    def test_negative_cr1_rejected(self) -> None:
        """A negative CR1 duration is an error."""
        with pytest.raises(ValidationError, match="cr1_months"):
            SecondSalvageInputs(cr1_months=-1.0)


class TestSecondSalvagePartial:
    """Unknown factors give a range of counts."""

    def test_straddling_range_has_no_band(self) -> None:
        """CR1 20 (1) + blasts unknown + platelets unknown + albumin fine: 1-3, no band."""
        result = second_salvage_factors(
            SecondSalvageInputs(cr1_months=20.0, albumin=MassConcentration(4, "g/dL"))
        )
        assert result.total is None
        assert result.total_range == (1, 3)
        assert result.band is None
        assert result.unknown == ("marrow_blasts_percent", "platelets")

    def test_range_within_a_band_gives_it(self) -> None:
        """No adverse factor known and one unknown is 0-1: both in the 33 % band."""
        result = salvage(cr1=None)
        assert result.total_range == (0, 1)
        assert result.band == "1-year survival 33 %"
        assert result.total is None


# --- the second-salvage factors from a patient --------------------------------------------


class TestSecondSalvageFromPatient:
    """Inputs derived from the record as of a date."""

    def test_full_record_in_conventional_and_si_units(self) -> None:
        """CR1 24 months (1) + blasts 60 % (1) + 45,000/uL (1) + 28 g/L (1) = 4."""
        patient = small_patient(
            remissions=(date(2019, 3, 1),),
            relapses=(date(2021, 3, 1),),
            labs=(
                lab_result(Analyte.MARROW_BLASTS, 60, "%"),
                lab_result(Analyte.PLATELETS, 45_000, "/uL"),
                lab_result(Analyte.ALBUMIN, 28, "g/L"),
            ),
        )
        result = second_salvage_factors(patient, as_of=AS_OF)
        assert [c.points for c in result.components] == [1, 1, 1, 1]
        assert result.total == 4
        assert result.band == "1-year survival 0 %"
        assert (result.component("albumin").observed or "").startswith("2.8 g/dL")

    def test_cr1_of_exactly_36_calendar_months(self) -> None:
        """A first CR of exactly 36 calendar months is not adverse; one day less is."""
        at = small_patient(remissions=(date(2019, 3, 1),), relapses=(date(2022, 3, 1),))
        below = small_patient(remissions=(date(2019, 3, 1),), relapses=(date(2022, 2, 28),))
        assert second_salvage_factors(at, as_of=AS_OF).component("cr1_months").points == 0
        assert second_salvage_factors(below, as_of=AS_OF).component("cr1_months").points == 1

    def test_lab_thresholds(self) -> None:
        """Platelets 50 x10^9/L and albumin 3.0 g/dL are not adverse; 49.99 and 29.9 g/L are."""
        at = small_patient(
            labs=(
                lab_result(Analyte.PLATELETS, 50, "10^9/L"),
                lab_result(Analyte.ALBUMIN, 3.0, "g/dL"),
            )
        )
        below = small_patient(
            labs=(
                lab_result(Analyte.PLATELETS, 49.99, "10^9/L"),
                lab_result(Analyte.ALBUMIN, 29.9, "g/L"),
            )
        )
        assert second_salvage_factors(at, as_of=AS_OF).component("platelets").points == 0
        assert second_salvage_factors(at, as_of=AS_OF).component("albumin").points == 0
        assert second_salvage_factors(below, as_of=AS_OF).component("platelets").points == 1
        assert second_salvage_factors(below, as_of=AS_OF).component("albumin").points == 1

    def test_never_in_cr_leaves_cr1_unknown(self) -> None:
        """Without a remission, CR1 is unknown and a note says why."""
        patient = small_patient(
            remissions=(), lines=(line(DIAGNOSIS, BestResponse.NO_RESPONSE, Intent.FRONTLINE),)
        )
        result = second_salvage_factors(patient, as_of=AS_OF)
        assert result.component("cr1_months").points is None
        assert result.unknown[:3] == ("cr1_months", "course.remissions", "course.relapses")
        assert any("no remission" in note for note in result.notes)

    def test_patient_in_cr1_is_noted(self) -> None:
        """A patient still in first remission: CR1 unknown, and an in-CR note."""
        result = second_salvage_factors(small_patient(), as_of=AS_OF)
        assert result.component("cr1_months").points is None
        assert any("has not ended" in note for note in result.notes)
        assert any("in remission on as_of" in note for note in result.notes)

    def test_salvage_count_other_than_one_is_noted(self) -> None:
        """A record with two salvage lines says ref 75 studied patients after one."""
        patient = small_patient(
            relapses=(date(2022, 1, 10),),
            lines=(
                FRONTLINE,
                line(date(2022, 1, 20), BestResponse.NO_RESPONSE),
                line(date(2022, 4, 1), BestResponse.NO_RESPONSE, regimen="blinatumomab"),
            ),
        )
        notes = second_salvage_factors(patient, as_of=AS_OF).notes
        assert notes == (
            "the record shows 2 salvage line(s) by as_of; ref 75 described adults about to"
            " receive their second salvage, that is after exactly one",
        )

    def test_missing_labs_are_named(self) -> None:
        """Missing labs name the analyte fields that would decide them."""
        patient = small_patient(remissions=(date(2019, 3, 1),), relapses=(date(2021, 3, 1),))
        assert second_salvage_factors(patient, as_of=AS_OF).unknown == (
            "marrow_blasts_percent",
            "labs: marrow_blasts",
            "platelets",
            "labs: platelets",
            "albumin",
            "labs: albumin",
        )


class TestSecondSalvageEdges:
    """Second-salvage factors from a patient: sources and the salvage-count note."""

    def test_cr1_source_names_the_first_remission_and_relapse(self) -> None:
        """The CR1 duration is read from the first remission to the first relapse."""
        patient = small_patient(
            remissions=(date(2019, 3, 1), date(2021, 6, 1)),
            relapses=(date(2021, 3, 1), date(2022, 3, 1)),
        )
        observed = second_salvage_factors(patient, as_of=AS_OF).component("cr1_months").observed
        assert observed == "24 months (remission of 2019-03-01 to relapse of 2021-03-01)"

    def test_exactly_one_salvage_line_is_not_noted(self) -> None:
        """After exactly one salvage line (the population of ref 75) there is no note."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),),
            lines=(FRONTLINE, line(date(2023, 1, 20), BestResponse.NO_RESPONSE)),
        )
        notes = second_salvage_factors(patient, as_of=AS_OF).notes
        assert not any("salvage line(s)" in note for note in notes), notes
