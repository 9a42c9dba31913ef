"""Specification of the review's prognostic scores (refs 62, 75) and factors (refs 5, 71)."""

from __future__ import annotations

import doctest
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import allmodel.clinical.scores
from allmodel.clinical.scores import (
    PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS,
    PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS,
    PRETRANSPLANT_BANDS,
    PRETRANSPLANT_BLASTS_ABOVE_PERCENT,
    PRETRANSPLANT_TIMING_POINTS,
    REF5_CITATION,
    REF71_CITATION,
    SECOND_SALVAGE_ALBUMIN_BELOW,
    SECOND_SALVAGE_BANDS,
    SECOND_SALVAGE_BLASTS_ABOVE_PERCENT,
    SECOND_SALVAGE_CR1_BELOW_MONTHS,
    SECOND_SALVAGE_PLATELETS_BELOW,
    PretransplantInputs,
    PrognosticFactor,
    RelapseTiming,
    ScoreBand,
    ScoreComponent,
    ScoreResult,
    SecondSalvageInputs,
    pretransplant_score,
    prognostic_factors,
    second_salvage_factors,
)
from allmodel.errors import ChronologyError, ValidationError
from allmodel.measures import CountConcentration, MassConcentration
from allmodel.model import (
    Analyte,
    BestResponse,
    Course,
    Intent,
    LabResult,
    Patient,
    Relapse,
    RelapseSite,
    Remission,
    RemissionKind,
    Serostatus,
    Transplant,
    TransplantKind,
    TreatmentLine,
)
from tests import strategies as gen

BORN = date(1980, 6, 15)
DIAGNOSIS = date(2019, 1, 10)
AS_OF = date(2024, 6, 1)  # the patient born on BORN is 43 on AS_OF

FIRST_REFRACTORY = RelapseTiming.FIRST_REFRACTORY_RELAPSE
SECOND_OR_LATER = RelapseTiming.SECOND_OR_LATER_RELAPSE


def _pre(
    timing: RelapseTiming | None = FIRST_REFRACTORY,
    cmv: Serostatus | None = Serostatus.NEGATIVE,
    blasts: float | None = 10.0,
    age: int | None = 5,
) -> ScoreResult:
    """The pretransplant score of explicit inputs (defaults: 1 point, from the timing)."""
    return pretransplant_score(
        PretransplantInputs(
            relapse_timing=timing, donor_cmv=cmv, marrow_blasts_percent=blasts, age_years=age
        )
    )


def _salvage(
    cr1: float | None = 60.0,
    blasts: float | None = 10.0,
    platelets: CountConcentration | None = None,
    albumin: MassConcentration | None = None,
) -> ScoreResult:
    """The second-salvage factors of explicit inputs (defaults: no adverse factor)."""
    return second_salvage_factors(
        SecondSalvageInputs(
            cr1_months=cr1,
            marrow_blasts_percent=blasts,
            platelets=CountConcentration(150, "10^9/L") if platelets is None else platelets,
            albumin=MassConcentration(4, "g/dL") if albumin is None else albumin,
        )
    )


def _line(
    start: date,
    response: BestResponse | None,
    intent: Intent = Intent.SALVAGE,
    regimen: str = "FLAG-Ida",
) -> TreatmentLine:
    """A dated line of therapy with its best response."""
    return TreatmentLine(regimen=regimen, start=start, intent=intent, best_response=response)


FRONTLINE = _line(DIAGNOSIS, BestResponse.CR, Intent.FRONTLINE, "hyper-CVAD")


def _patient(
    *,
    born: date | None = BORN,
    lines: Sequence[TreatmentLine] = (FRONTLINE,),
    remissions: Sequence[date] = (date(2019, 3, 1),),
    relapses: Sequence[date | Relapse] = (),
    transplants: Sequence[Transplant] = (),
    history_complete: bool | None = True,
    donor_cmv: Serostatus | None = None,
    labs: Sequence[LabResult] = (),
    diagnosis: date | None = DIAGNOSIS,
) -> Patient:
    """A small patient record diagnosed on DIAGNOSIS."""
    course = Course(
        diagnosis_date=diagnosis,
        treatment_lines=tuple(lines),
        remissions=tuple(Remission(kind=RemissionKind.CR, date=when) for when in remissions),
        relapses=tuple(r if isinstance(r, Relapse) else Relapse(date=r) for r in relapses),
        transplants=tuple(transplants),
        history_complete=history_complete,
        donor_cmv=donor_cmv,
    )
    return Patient(date_of_birth=born, course=course, labs=tuple(labs))


def _lab(analyte: Analyte, value: float, unit: str, when: date = date(2024, 5, 20)) -> LabResult:
    """A laboratory result."""
    return LabResult(analyte=analyte, value=value, unit=unit, date=when)


def _factor(factors: tuple[PrognosticFactor, ...], name: str) -> PrognosticFactor:
    """The factor called ``name``."""
    return next(f for f in factors if f.name == name)


# --- the pretransplant score from explicit inputs ------------------------------------------


class TestPretransplantConstants:
    """The thresholds and bands of ref 62 as the review states them."""

    def test_thresholds_are_the_reviews(self) -> None:
        """Blasts > 25 %, age >= 10 one point and >= 40 two points."""
        assert PRETRANSPLANT_BLASTS_ABOVE_PERCENT == 25
        assert PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS == 10
        assert PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS == 40

    def test_timing_points(self) -> None:
        """Refractory first relapse 1, second or later 2, the other categories 0."""
        assert PRETRANSPLANT_TIMING_POINTS == {
            RelapseTiming.PRIMARY_INDUCTION_FAILURE: 0,
            RelapseTiming.FIRST_UNTREATED_RELAPSE: 0,
            RelapseTiming.FIRST_REFRACTORY_RELAPSE: 1,
            RelapseTiming.SECOND_OR_LATER_RELAPSE: 2,
        }

    def test_bands_cover_zero_to_six_without_gaps(self) -> None:
        """Every total from 0 to the maximum of 6 is in exactly one band."""
        for total in range(7):
            assert sum(band.contains(total) for band in PRETRANSPLANT_BANDS) == 1
        assert not any(band.contains(7) for band in PRETRANSPLANT_BANDS)


class TestPretransplantTiming:
    """The timing of HCT component."""

    @pytest.mark.parametrize(
        ("timing", "points"),
        [
            (RelapseTiming.PRIMARY_INDUCTION_FAILURE, 0),
            (RelapseTiming.FIRST_UNTREATED_RELAPSE, 0),
            (RelapseTiming.FIRST_REFRACTORY_RELAPSE, 1),
            (RelapseTiming.SECOND_OR_LATER_RELAPSE, 2),
        ],
    )
    def test_points_per_category(self, timing: RelapseTiming, points: int) -> None:
        """Each category scores as the review's table says (others 0)."""
        result = _pre(timing=timing, age=5)
        assert result.component("relapse_timing").points == points
        assert result.total == points + 0 + 0 + 0

    def test_observed_names_the_category(self) -> None:
        """The observed text is the category in words."""
        assert _pre().component("relapse_timing").observed == "first refractory relapse"


class TestPretransplantDonorCmv:
    """The donor CMV component."""

    def test_positive_donor_scores_one(self) -> None:
        """A CMV-seropositive donor adds 1 point."""
        assert _pre(cmv=Serostatus.POSITIVE).total == 1 + 1
        assert _pre(cmv=Serostatus.POSITIVE).component("donor_cmv").points == 1

    def test_negative_donor_scores_zero(self) -> None:
        """A seronegative donor adds nothing."""
        assert _pre(cmv=Serostatus.NEGATIVE).component("donor_cmv").points == 0


class TestPretransplantBlasts:
    """Marrow blasts > 25 % (strict, the review's operator)."""

    @pytest.mark.parametrize(
        ("blasts", "points"), [(24.99, 0), (25.0, 0), (25.01, 1), (0.0, 0), (100.0, 1)]
    )
    def test_threshold(self, blasts: float, points: int) -> None:
        """Exactly 25 % scores 0; anything above scores 1."""
        result = _pre(blasts=blasts)
        assert result.component("marrow_blasts_percent").points == points
        assert result.total == 1 + points

    def test_exactly_25_percent_notes_the_papers_operator(self) -> None:
        """At exactly 25 % the result says the paper's >= 25 % would score 1."""
        notes = _pre(blasts=25.0).notes
        assert any(">= 25 %" in note for note in notes)
        assert not any(">= 25 %" in note for note in _pre(blasts=25.01).notes)

    def test_observed_carries_the_unit(self) -> None:
        """The observed blasts read '25.01 %'."""
        assert _pre(blasts=25.01).component("marrow_blasts_percent").observed == "25.01 %"


class TestPretransplantAge:
    """Age 10-39 one point, >= 40 two points, < 10 none."""

    @pytest.mark.parametrize(
        ("age", "points"), [(0, 0), (9, 0), (10, 1), (11, 1), (39, 1), (40, 2), (41, 2), (90, 2)]
    )
    def test_bands(self, age: int, points: int) -> None:
        """Ages at, below and above 10 and 40 score as the review says."""
        result = _pre(age=age)
        assert result.component("age_years").points == points
        assert result.total == 1 + points


class TestPretransplantBands:
    """Totals map to the three 3-year survival bands."""

    @pytest.mark.parametrize(
        ("timing", "cmv", "blasts", "age", "total", "band"),
        [
            (RelapseTiming.PRIMARY_INDUCTION_FAILURE, "negative", 10.0, 5, 0, "46 %"),
            (RelapseTiming.FIRST_UNTREATED_RELAPSE, "negative", 10.0, 20, 1, "46 %"),
            (RelapseTiming.FIRST_REFRACTORY_RELAPSE, "positive", 10.0, 5, 2, "22 %"),
            (RelapseTiming.FIRST_UNTREATED_RELAPSE, "negative", 30.0, 25, 2, "22 %"),
            (RelapseTiming.FIRST_REFRACTORY_RELAPSE, "negative", 30.0, 20, 3, "10 %"),
            (RelapseTiming.SECOND_OR_LATER_RELAPSE, "positive", 10.0, 20, 4, "10 %"),
            (RelapseTiming.SECOND_OR_LATER_RELAPSE, "positive", 30.0, 20, 5, "10 %"),
            (RelapseTiming.SECOND_OR_LATER_RELAPSE, "positive", 30.0, 40, 6, "10 %"),
        ],
    )
    def test_total_and_band(
        self, *, timing: RelapseTiming, cmv: str, blasts: float, age: int, total: int, band: str
    ) -> None:
        """Hand-computed totals fall in the review's bands (3 or more read as the last)."""
        result = _pre(timing, Serostatus(cmv), blasts, age)
        assert result.total == total
        assert result.total_range == (total, total)
        assert result.band == f"3-year overall survival {band}"
        assert result.unknown == ()

    def test_maximum_is_six(self) -> None:
        """The components add up to at most 6 points."""
        assert _pre().maximum == 6

    def test_totals_above_three_note_the_interpretation(self) -> None:
        """A total above 3 carries the note that '3 or more' is an interpretation."""
        four = _pre(SECOND_OR_LATER, Serostatus.POSITIVE, 10.0, 20)
        three = _pre(FIRST_REFRACTORY, Serostatus.NEGATIVE, 30.0, 20)
        assert any("interpretation" in note for note in four.notes)
        assert not any("interpretation" in note for note in three.notes)

    def test_citation(self) -> None:
        """The result cites ref 62."""
        assert _pre().citation == "review ref 62 (Duval, J Clin Oncol 2010;28:3730)"


class TestPretransplantPartial:
    """Unknown inputs give a range of totals, never a number."""

    def test_unknown_age_spans_its_points(self) -> None:
        """Timing 1 + CMV 0 + blasts 0 + age unknown (0-2) is 1-3: band unknown."""
        result = _pre(age=None)
        assert result.total is None
        assert result.total_range == (1, 3)
        assert result.band is None
        assert result.unknown == ("age_years",)
        assert result.component("age_years").possible_points == (0, 2)

    def test_range_inside_one_band_gives_the_band(self) -> None:
        """Timing 2 + CMV 1 + blasts unknown (0-1) + age 2 is 5-6: all in the 10 % band."""
        result = _pre(SECOND_OR_LATER, Serostatus.POSITIVE, None, 45)
        assert result.total is None
        assert result.total_range == (5, 6)
        assert result.band == "3-year overall survival 10 %"

    def test_low_range_inside_first_band(self) -> None:
        """Timing 0 + CMV 0 + blasts unknown (0-1) + age 0 is 0-1: the 46 % band."""
        result = _pre(RelapseTiming.PRIMARY_INDUCTION_FAILURE, Serostatus.NEGATIVE, None, 5)
        assert result.total_range == (0, 1)
        assert result.band == "3-year overall survival 46 %"

    def test_all_unknown(self) -> None:
        """With nothing known every total 0-6 is possible."""
        result = pretransplant_score(PretransplantInputs())
        assert result.total_range == (0, 6)
        assert result.band is None
        assert result.unknown == (
            "relapse_timing",
            "donor_cmv",
            "marrow_blasts_percent",
            "age_years",
        )


class TestPretransplantInputs:
    """Input validation."""

    def test_blasts_above_100_rejected(self) -> None:
        """Marrow blasts above 100 % are an error naming the field."""
        with pytest.raises(ValidationError, match="marrow_blasts_percent"):
            PretransplantInputs(marrow_blasts_percent=100.5)

    def test_negative_age_rejected(self) -> None:
        """A negative age is an error."""
        with pytest.raises(ValidationError, match="age_years"):
            PretransplantInputs(age_years=-1)

    def test_fractional_age_rejected(self) -> None:
        """Age is in completed years: a float is an error."""
        with pytest.raises(ValidationError, match="age_years"):
            PretransplantInputs(age_years=39.5)  # type: ignore[arg-type]

    def test_timing_must_be_the_enum(self) -> None:
        """A plain string is not a timing category."""
        with pytest.raises(ValidationError, match="relapse_timing"):
            PretransplantInputs(relapse_timing="refractory")  # type: ignore[arg-type]

    def test_inputs_are_frozen(self) -> None:
        """Inputs cannot be changed after creation."""
        inputs = PretransplantInputs(age_years=30)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            inputs.age_years = 31  # type: ignore[misc]


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
        result = _salvage(cr1=months)
        assert result.component("cr1_months").points == points
        assert result.total == points


class TestSecondSalvageBlasts:
    """Marrow blasts > 50 % (strict)."""

    @pytest.mark.parametrize(("blasts", "points"), [(49.99, 0), (50.0, 0), (50.01, 1)])
    def test_threshold(self, blasts: float, points: int) -> None:
        """Exactly 50 % is not adverse; 50.01 % is."""
        assert _salvage(blasts=blasts).total == points


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
        result = _salvage(platelets=CountConcentration(value, unit))
        assert result.component("platelets").points == points
        assert result.total == points

    def test_observed_in_the_rules_unit(self) -> None:
        """45,000/uL is shown as 45 10^9/L."""
        result = _salvage(platelets=CountConcentration(45_000, "/uL"))
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
        result = _salvage(albumin=MassConcentration(value, unit))
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
        result = _salvage(
            cr1,
            blasts,
            CountConcentration(platelets, "10^9/L"),
            MassConcentration(albumin, "g/dL"),
        )
        assert result.total == total
        assert result.band == f"1-year survival {band}"

    def test_citation(self) -> None:
        """The result cites ref 75."""
        assert _salvage().citation == "review ref 75 (O'Brien, Cancer 2008;113:3186)"


class TestSecondSalvageUnits:
    """Unit-equivalent inputs give the same answer, compared without pint."""

    def test_si_and_conventional_units_agree(self) -> None:
        """45 x10^9/L and 28 g/L score exactly as 45,000/uL and 2.8 g/dL."""
        si = _salvage(20.0, 60.0, CountConcentration(45, "10^9/L"), MassConcentration(28, "g/L"))
        us = _salvage(20.0, 60.0, CountConcentration(45_000, "/uL"), MassConcentration(2.8, "g/dL"))
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
        result = _salvage(cr1=None)
        assert result.total_range == (0, 1)
        assert result.band == "1-year survival 33 %"
        assert result.total is None


# --- the result objects and the calling convention ----------------------------------------


class TestScoreResult:
    """The result object: derived fields, lookups and text."""

    def test_component_rejects_out_of_range_possible_points(self) -> None:
        """A possible range beyond the component's maximum is an error."""
        with pytest.raises(ValidationError, match="possible_points"):
            ScoreComponent(
                name="x", points=None, observed=None, rule="r", max_points=1, possible_points=(0, 2)
            )

    def test_known_component_range_is_its_points(self) -> None:
        """A known component may only have (points, points) as its range."""
        with pytest.raises(ValidationError, match="possible_points"):
            ScoreComponent(
                name="x", points=1, observed="o", rule="r", max_points=2, possible_points=(0, 2)
            )

    def test_unknown_component_lookup_raises(self) -> None:
        """Asking for a component the score lacks raises KeyError."""
        with pytest.raises(KeyError):
            _pre().component("ldh")

    def test_text_shows_total_band_and_source(self) -> None:
        """str() gives the total, the band, each component and the citation."""
        text = str(_pre(SECOND_OR_LATER, Serostatus.POSITIVE, 30.0, 40))
        assert text.startswith("pretransplant_score: 6 of 6; 3-year overall survival 10 %")
        assert "review ref 62" in text
        assert "age_years: 2 (40 years;" in text

    def test_partial_text_shows_the_range(self) -> None:
        """str() of a partial score shows the range and no band."""
        assert str(_pre(age=None)).startswith(
            "pretransplant_score: 1-3 of 6 (partial); band undetermined"
        )

    def test_results_are_frozen(self) -> None:
        """A result cannot be changed."""
        result = _pre()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.total = 3  # type: ignore[misc]


class TestCalling:
    """One function per score, for inputs or for a patient and a date."""

    def test_patient_needs_as_of(self) -> None:
        """A patient without as_of is a TypeError."""
        with pytest.raises(TypeError, match="as_of"):
            pretransplant_score(_patient())  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="as_of"):
            second_salvage_factors(_patient())  # type: ignore[call-overload]

    def test_inputs_take_no_as_of(self) -> None:
        """Explicit inputs with as_of is a TypeError."""
        with pytest.raises(TypeError, match="as_of"):
            pretransplant_score(PretransplantInputs(), as_of=AS_OF)  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="as_of"):
            second_salvage_factors(SecondSalvageInputs(), as_of=AS_OF)  # type: ignore[call-overload]

    def test_other_sources_rejected(self) -> None:
        """Anything but inputs or a patient is a TypeError."""
        with pytest.raises(TypeError, match="PretransplantInputs"):
            pretransplant_score(SecondSalvageInputs())  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="SecondSalvageInputs"):
            second_salvage_factors(PretransplantInputs())  # type: ignore[call-overload]


# --- the pretransplant score from a patient ----------------------------------------------


class TestPretransplantFromPatient:
    """Inputs derived from the record as of a date."""

    def test_full_record(self) -> None:
        """Two relapses (2) + CMV-positive donor (1) + blasts 30 % (1) + age 43 (2) = 6."""
        patient = _patient(
            relapses=(date(2020, 6, 1), date(2023, 9, 1)),
            donor_cmv=Serostatus.POSITIVE,
            labs=(_lab(Analyte.MARROW_BLASTS, 30, "%"),),
        )
        result = pretransplant_score(patient, as_of=AS_OF)
        assert [c.points for c in result.components] == [2, 1, 1, 2]
        assert result.total == 6
        assert result.band == "3-year overall survival 10 %"
        assert result.component("age_years").observed == "43 years (on 2024-06-01)"
        assert "2024-05-20" in (result.component("marrow_blasts_percent").observed or "")

    def test_failed_salvage_after_first_relapse_is_refractory(self) -> None:
        """A salvage line without remission after the only relapse: first refractory (1)."""
        patient = _patient(
            relapses=(date(2023, 1, 10),),
            lines=(FRONTLINE, _line(date(2023, 1, 20), BestResponse.NO_RESPONSE)),
        )
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points == 1
        assert (component.observed or "").startswith("first refractory relapse")

    def test_partial_response_counts_as_failure(self) -> None:
        """A salvage line reaching only PR leaves the relapse refractory."""
        patient = _patient(
            relapses=(date(2023, 1, 10),),
            lines=(FRONTLINE, _line(date(2023, 1, 20), BestResponse.PR)),
        )
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 1

    def test_untreated_first_relapse_in_complete_history(self) -> None:
        """No salvage line after the relapse in a complete history: untreated (0)."""
        patient = _patient(relapses=(date(2024, 5, 1),), history_complete=True)
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points == 0
        assert (component.observed or "").startswith("first untreated relapse")

    def test_absent_salvage_in_incomplete_history_is_unknown(self) -> None:
        """Without a complete history, no recorded salvage line cannot mean untreated."""
        patient = _patient(relapses=(date(2024, 5, 1),), history_complete=None)
        result = pretransplant_score(patient, as_of=AS_OF)
        component = result.component("relapse_timing")
        assert component.points is None
        assert component.possible_points == (0, 1)
        assert "course.history_complete" in result.unknown
        assert result.unknown[0] == "relapse_timing"

    def test_salvage_without_response_is_unknown(self) -> None:
        """A salvage line with no recorded best response leaves the timing unknown (0-1)."""
        patient = _patient(
            relapses=(date(2023, 1, 10),), lines=(FRONTLINE, _line(date(2023, 1, 20), None))
        )
        result = pretransplant_score(patient, as_of=AS_OF)
        assert result.component("relapse_timing").possible_points == (0, 1)
        assert any("no evaluable best response" in note for note in result.notes)

    def test_salvage_after_as_of_is_ignored(self) -> None:
        """A salvage line started after as_of does not make the relapse refractory."""
        patient = _patient(
            relapses=(date(2024, 5, 1),),
            lines=(FRONTLINE, _line(date(2024, 7, 1), BestResponse.NO_RESPONSE)),
        )
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 0

    def test_primary_refractory_is_primary_induction_failure(self) -> None:
        """No remission on any line and no relapse: primary induction failure (0)."""
        patient = _patient(
            remissions=(),
            lines=(_line(DIAGNOSIS, BestResponse.NO_RESPONSE, Intent.FRONTLINE),),
        )
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points == 0
        assert (component.observed or "").startswith("primary induction failure")

    def test_relapse_after_allogeneic_hct_still_counts_relapses(self) -> None:
        """An allogeneic HCT before the relapses does not change their count."""
        allo = Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2019, 8, 1))
        one = _patient(
            relapses=(date(2022, 1, 5),),
            transplants=(allo,),
            lines=(FRONTLINE, _line(date(2022, 1, 20), BestResponse.PROGRESSIVE_DISEASE)),
        )
        two = _patient(relapses=(date(2022, 1, 5), date(2023, 6, 1)), transplants=(allo,))
        assert pretransplant_score(one, as_of=AS_OF).component("relapse_timing").points == 1
        assert pretransplant_score(two, as_of=AS_OF).component("relapse_timing").points == 2

    def test_in_cr_is_noted(self) -> None:
        """A patient in remission after salvage gets a note and an unknown timing."""
        patient = _patient(
            relapses=(date(2023, 1, 10),),
            remissions=(date(2019, 3, 1), date(2023, 3, 1)),
            lines=(FRONTLINE, _line(date(2023, 1, 20), BestResponse.CR)),
        )
        result = pretransplant_score(patient, as_of=AS_OF)
        assert any("not in CR" in note for note in result.notes)
        assert result.component("relapse_timing").points is None

    def test_latest_marrow_blasts_on_or_before_as_of(self) -> None:
        """The latest blast result by as_of counts; a later one is ignored."""
        labs = (
            _lab(Analyte.MARROW_BLASTS, 80, "%", date(2024, 3, 1)),
            _lab(Analyte.MARROW_BLASTS, 20, "%", date(2024, 5, 1)),
            _lab(Analyte.MARROW_BLASTS, 90, "%", date(2024, 7, 1)),
        )
        patient = _patient(relapses=(date(2024, 2, 1),), labs=labs)
        component = pretransplant_score(patient, as_of=AS_OF).component("marrow_blasts_percent")
        assert component.points == 0
        assert (component.observed or "").startswith("20 %")

    def test_missing_fields_are_named(self) -> None:
        """Unknown components name the model fields that would decide them."""
        patient = _patient(born=None, relapses=(date(2020, 6, 1), date(2023, 9, 1)))
        result = pretransplant_score(patient, as_of=AS_OF)
        assert result.unknown == (
            "donor_cmv",
            "course.donor_cmv",
            "marrow_blasts_percent",
            "labs: marrow_blasts",
            "age_years",
            "date_of_birth",
        )
        assert result.total_range == (2, 6)
        assert result.band is None

    def test_birth_after_as_of_is_an_error(self) -> None:
        """A date of birth after as_of is a chronology error."""
        with pytest.raises(ChronologyError):
            pretransplant_score(
                _patient(born=date(2025, 1, 1), remissions=(), lines=()), as_of=AS_OF
            )


# --- the second-salvage factors from a patient --------------------------------------------


class TestSecondSalvageFromPatient:
    """Inputs derived from the record as of a date."""

    def test_full_record_in_conventional_and_si_units(self) -> None:
        """CR1 24 months (1) + blasts 60 % (1) + 45,000/uL (1) + 28 g/L (1) = 4."""
        patient = _patient(
            remissions=(date(2019, 3, 1),),
            relapses=(date(2021, 3, 1),),
            labs=(
                _lab(Analyte.MARROW_BLASTS, 60, "%"),
                _lab(Analyte.PLATELETS, 45_000, "/uL"),
                _lab(Analyte.ALBUMIN, 28, "g/L"),
            ),
        )
        result = second_salvage_factors(patient, as_of=AS_OF)
        assert [c.points for c in result.components] == [1, 1, 1, 1]
        assert result.total == 4
        assert result.band == "1-year survival 0 %"
        assert (result.component("albumin").observed or "").startswith("2.8 g/dL")

    def test_cr1_of_exactly_36_calendar_months(self) -> None:
        """A first CR of exactly 36 calendar months is not adverse; one day less is."""
        at = _patient(remissions=(date(2019, 3, 1),), relapses=(date(2022, 3, 1),))
        below = _patient(remissions=(date(2019, 3, 1),), relapses=(date(2022, 2, 28),))
        assert second_salvage_factors(at, as_of=AS_OF).component("cr1_months").points == 0
        assert second_salvage_factors(below, as_of=AS_OF).component("cr1_months").points == 1

    def test_lab_thresholds(self) -> None:
        """Platelets 50 x10^9/L and albumin 3.0 g/dL are not adverse; 49.99 and 29.9 g/L are."""
        at = _patient(
            labs=(_lab(Analyte.PLATELETS, 50, "10^9/L"), _lab(Analyte.ALBUMIN, 3.0, "g/dL"))
        )
        below = _patient(
            labs=(_lab(Analyte.PLATELETS, 49.99, "10^9/L"), _lab(Analyte.ALBUMIN, 29.9, "g/L"))
        )
        assert second_salvage_factors(at, as_of=AS_OF).component("platelets").points == 0
        assert second_salvage_factors(at, as_of=AS_OF).component("albumin").points == 0
        assert second_salvage_factors(below, as_of=AS_OF).component("platelets").points == 1
        assert second_salvage_factors(below, as_of=AS_OF).component("albumin").points == 1

    def test_never_in_cr_leaves_cr1_unknown(self) -> None:
        """Without a remission, CR1 is unknown and a note says why."""
        patient = _patient(
            remissions=(), lines=(_line(DIAGNOSIS, BestResponse.NO_RESPONSE, Intent.FRONTLINE),)
        )
        result = second_salvage_factors(patient, as_of=AS_OF)
        assert result.component("cr1_months").points is None
        assert result.unknown[:3] == ("cr1_months", "course.remissions", "course.relapses")
        assert any("no remission" in note for note in result.notes)

    def test_patient_in_cr1_is_noted(self) -> None:
        """A patient still in first remission: CR1 unknown, and an in-CR note."""
        result = second_salvage_factors(_patient(), as_of=AS_OF)
        assert result.component("cr1_months").points is None
        assert any("has not ended" in note for note in result.notes)
        assert any("in remission on as_of" in note for note in result.notes)

    def test_salvage_count_other_than_one_is_noted(self) -> None:
        """A record with two salvage lines says ref 75 studied patients after one."""
        patient = _patient(
            relapses=(date(2022, 1, 10),),
            lines=(
                FRONTLINE,
                _line(date(2022, 1, 20), BestResponse.NO_RESPONSE),
                _line(date(2022, 4, 1), BestResponse.NO_RESPONSE, regimen="blinatumomab"),
            ),
        )
        notes = second_salvage_factors(patient, as_of=AS_OF).notes
        assert any("2 salvage line(s)" in note for note in notes)

    def test_missing_labs_are_named(self) -> None:
        """Missing labs name the analyte fields that would decide them."""
        patient = _patient(remissions=(date(2019, 3, 1),), relapses=(date(2021, 3, 1),))
        assert second_salvage_factors(patient, as_of=AS_OF).unknown == (
            "marrow_blasts_percent",
            "labs: marrow_blasts",
            "platelets",
            "labs: platelets",
            "albumin",
            "labs: albumin",
        )


# --- the descriptive factors of refs 5 and 71 --------------------------------------------


class TestPrognosticFactors:
    """Where a patient stands on the factors of refs 5 and 71."""

    def test_factor_order_and_citations(self) -> None:
        """Seven factors, each with its reference and a description."""
        factors = prognostic_factors(_patient(), as_of=AS_OF)
        assert [f.name for f in factors] == [
            "age_ref71",
            "age_ref5",
            "cr1_duration_ref5",
            "relapse_site_ref71",
            "hct_in_cr1_ref71",
            "early_relapse_ref71",
            "hct_status_ref71",
        ]
        assert {f.citation for f in factors} == {REF5_CITATION, REF71_CITATION}
        assert all(f.description for f in factors)

    @pytest.mark.parametrize(
        ("age", "band", "survival"),
        [
            (25, "<= 25 years", "38 %"),
            (26, "26-45 years", "28 %"),
            (45, "26-45 years", "28 %"),
            (46, "> 45 years", "12 %"),
        ],
    )
    def test_age_ref71(self, age: int, band: str, survival: str) -> None:
        """Ages 25/26 and 45/46 fall either side of ref 71's cuts."""
        patient = _patient(born=date(AS_OF.year - age, 1, 1))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "age_ref71")
        assert factor.value == band
        assert f"survival {survival}" in (factor.outcome or "")

    @pytest.mark.parametrize(
        ("age", "band", "outcome"),
        [
            (19, "< 20 years", "5-year overall survival 12 %"),
            (20, "20-50 years", None),
            (50, "20-50 years", None),
            (51, "> 50 years", "5-year overall survival 3 %"),
        ],
    )
    def test_age_ref5(self, age: int, band: str, outcome: str | None) -> None:
        """Ages 19/20 and 50/51 fall either side of ref 5's cuts."""
        patient = _patient(born=date(AS_OF.year - age, 1, 1))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "age_ref5")
        assert (factor.value, factor.outcome) == (band, outcome)

    def test_unknown_age_names_date_of_birth(self) -> None:
        """Without a date of birth the age factors are undecided and say why."""
        factor = _factor(prognostic_factors(_patient(born=None), as_of=AS_OF), "age_ref71")
        assert factor.value is None
        assert factor.decided_by == ("date_of_birth",)

    @pytest.mark.parametrize(
        ("relapse", "value"),
        [
            (date(2021, 3, 2), "more than two years"),
            (date(2021, 3, 1), "exactly two years"),
            (date(2021, 2, 28), "less than two years"),
        ],
    )
    def test_cr1_duration_ref5(self, relapse: date, value: str) -> None:
        """A first CR from 2019-03-01 is split at exactly 24 calendar months."""
        factor = _factor(
            prognostic_factors(_patient(relapses=(relapse,)), as_of=AS_OF), "cr1_duration_ref5"
        )
        assert factor.value == value

    @pytest.mark.parametrize(
        ("site", "survival"),
        [
            (RelapseSite.MARROW, "23 %"),
            (RelapseSite.ISOLATED_CNS, "27 %"),
            (RelapseSite.ISOLATED_EXTRAMEDULLARY, "47 %"),
        ],
    )
    def test_relapse_site(self, site: RelapseSite, survival: str) -> None:
        """Each site of first relapse has ref 71's 3-year survival."""
        patient = _patient(relapses=(Relapse(date=date(2022, 1, 5), site=site),))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "relapse_site_ref71")
        assert factor.value == site.value
        assert factor.outcome == f"estimated 3-year overall survival {survival}"

    def test_unrecorded_site_names_the_field(self) -> None:
        """A relapse without a site leaves the factor undecided, naming the field."""
        patient = _patient(relapses=(date(2022, 1, 5),))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "relapse_site_ref71")
        assert factor.value is None
        assert factor.decided_by == ("course.relapses[0].site",)

    def test_hct_in_cr1(self) -> None:
        """An HCT between the first CR and the first relapse counts; none means chemo only."""
        hct = Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2019, 7, 1))
        with_hct = _patient(relapses=(date(2021, 1, 5),), transplants=(hct,))
        without = _patient(relapses=(date(2021, 1, 5),))
        factor = _factor(prognostic_factors(with_hct, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT in CR1"
        assert "15 %" in (factor.outcome or "")
        factor = _factor(prognostic_factors(without, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "no HCT in CR1"
        assert "28 %" in (factor.outcome or "")

    def test_absent_transplants_in_incomplete_history_are_undecided(self) -> None:
        """Without a complete history, no recorded transplant cannot mean none."""
        patient = _patient(relapses=(date(2021, 1, 5),), history_complete=None)
        factors = prognostic_factors(patient, as_of=AS_OF)
        for name in ("hct_in_cr1_ref71", "hct_status_ref71"):
            factor = _factor(factors, name)
            assert factor.value is None
            assert "course.history_complete" in factor.decided_by

    def test_hct_before_first_remission_has_no_figure(self) -> None:
        """A relapse after an HCT done before any remission matches neither group."""
        hct = Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2019, 2, 1))
        patient = _patient(relapses=(date(2021, 1, 5),), transplants=(hct,))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT before the first remission"
        assert factor.outcome is None

    @pytest.mark.parametrize(
        ("relapse", "value", "cr_rate"),
        [
            (date(2020, 7, 9), "< 18 months from diagnosis", "36 %"),
            (date(2020, 7, 10), ">= 18 months from diagnosis", "58 %"),
        ],
    )
    def test_early_relapse_from_diagnosis(self, relapse: date, value: str, cr_rate: str) -> None:
        """18 calendar months after the 2019-01-10 diagnosis is not early; one day less is."""
        factor = _factor(
            prognostic_factors(_patient(relapses=(relapse,)), as_of=AS_OF), "early_relapse_ref71"
        )
        assert factor.value == value
        assert factor.outcome == f"CR after salvage {cr_rate}"
        assert any("initial therapy" in note for note in factor.notes)

    def test_early_relapse_needs_the_diagnosis_date(self) -> None:
        """Without a diagnosis date the factor is undecided and names it."""
        patient = _patient(diagnosis=None, relapses=(date(2020, 7, 9),))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "early_relapse_ref71")
        assert factor.value is None
        assert "course.diagnosis_date" in factor.decided_by

    @pytest.mark.parametrize(
        ("salvage_lines", "remission", "value"),
        [
            (1, True, "HCT in CR after first salvage"),
            (2, True, "HCT in CR after later salvage"),
            (1, False, "HCT not in CR"),
        ],
    )
    def test_hct_status(self, salvage_lines: int, remission: bool, value: str) -> None:
        """Status at the first HCT after relapse, by salvage lines before the remission."""
        lines = [FRONTLINE, _line(date(2022, 1, 20), BestResponse.NO_RESPONSE)]
        if salvage_lines == 2:
            lines.append(_line(date(2022, 3, 1), BestResponse.CR, regimen="inotuzumab"))
        remissions = (date(2019, 3, 1), date(2022, 4, 1)) if remission else (date(2019, 3, 1),)
        patient = _patient(
            relapses=(date(2022, 1, 10),),
            remissions=remissions,
            lines=lines,
            transplants=(Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2022, 6, 1)),),
        )
        assert _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71").value == value

    def test_no_hct_after_relapse(self) -> None:
        """Without HCT after relapse the factor says so, as of the date."""
        patient = _patient(relapses=(date(2022, 1, 10),))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "no HCT after relapse"

    def test_without_relapse_relapse_factors_are_undecided(self) -> None:
        """A patient in CR1 has no relapse-dependent factors."""
        factors = prognostic_factors(_patient(), as_of=AS_OF)
        for name in ("relapse_site_ref71", "hct_in_cr1_ref71", "early_relapse_ref71"):
            factor = _factor(factors, name)
            assert factor.value is None
            assert factor.decided_by

    def test_factor_text(self) -> None:
        """str() of a factor gives name, group, outcome and reference."""
        factor = _factor(prognostic_factors(_patient(), as_of=AS_OF), "age_ref71")
        assert str(factor) == (
            "age_ref71: 26-45 years -> estimated 3-year overall survival 28 %; CR 37 % (over 25)"
            f" [{REF71_CITATION}]"
        )


# --- boundaries found by mutation testing -------------------------------------------------

ALLO = TransplantKind.ALLOGENEIC


def _hct(when: date) -> Transplant:
    """An allogeneic HCT on ``when``."""
    return Transplant(kind=ALLO, date=when)


class TestPublishedTables:
    """The band tables as the review prints them (public constants)."""

    def test_pretransplant_bands(self) -> None:
        """0-1, 2 and 3-6 points (3 read as 3 or more)."""
        assert [(b.lowest, b.highest) for b in PRETRANSPLANT_BANDS] == [(0, 1), (2, 2), (3, 6)]

    def test_second_salvage_bands(self) -> None:
        """0-1, 2, 3 and 4 factors."""
        assert [(b.lowest, b.highest) for b in SECOND_SALVAGE_BANDS] == [
            (0, 1),
            (2, 2),
            (3, 3),
            (4, 4),
        ]


class TestInputRanges:
    """Inputs at the ends of their ranges."""

    @pytest.mark.parametrize("blasts", [0.0, 100.0])
    def test_blasts_0_and_100_accepted(self, blasts: float) -> None:
        """Marrow blasts of 0 and 100 % are valid inputs of both scores."""
        assert PretransplantInputs(marrow_blasts_percent=blasts).marrow_blasts_percent == blasts
        assert SecondSalvageInputs(marrow_blasts_percent=blasts).marrow_blasts_percent == blasts

    @pytest.mark.parametrize("blasts", [-0.5, 100.5])
    def test_blasts_outside_0_to_100_rejected(self, blasts: float) -> None:
        """Marrow blasts below 0 or above 100 % are rejected by both scores."""
        with pytest.raises(ValidationError, match="marrow_blasts_percent"):
            PretransplantInputs(marrow_blasts_percent=blasts)
        with pytest.raises(ValidationError, match="marrow_blasts_percent"):
            SecondSalvageInputs(marrow_blasts_percent=blasts)

    def test_zero_counts_accepted(self) -> None:
        """Platelets and albumin of 0 are valid (and adverse)."""
        inputs = SecondSalvageInputs(
            platelets=CountConcentration(0, "10^9/L"), albumin=MassConcentration(0, "g/dL")
        )
        assert [c.points for c in second_salvage_factors(inputs).components[2:]] == [1, 1]

    @pytest.mark.parametrize(
        "changes",
        [
            {"platelets": CountConcentration(-0.5, "10^9/L")},
            {"albumin": MassConcentration(-0.5, "g/dL")},
        ],
    )
    def test_negative_counts_rejected(self, changes: dict[str, Any]) -> None:
        """A negative platelet count or albumin is rejected."""
        with pytest.raises(ValidationError, match=next(iter(changes))):
            SecondSalvageInputs(**changes)

    def test_negative_possible_points_rejected(self) -> None:
        """A component's possible points may not start below 0."""
        with pytest.raises(ValidationError, match="possible_points"):
            ScoreComponent(
                name="x",
                points=None,
                observed=None,
                rule="r",
                max_points=1,
                possible_points=(-1, 0),
            )


class TestPretransplantEdges:
    """Pretransplant score: same-day dates, unknown-timing ranges and notes."""

    def test_possible_total_above_three_is_noted(self) -> None:
        """A partial score that may exceed 3 (3-4 here) notes the top-band reading."""
        result = _pre(cmv=None, age=40)
        assert result.total_range == (3, 4)
        assert any("interpretation" in note for note in result.notes)

    def test_salvage_started_on_the_relapse_day_counts(self) -> None:
        """A salvage line started the day of the first relapse is salvage for it."""
        relapse = date(2023, 1, 10)
        patient = _patient(
            relapses=(relapse,), lines=(FRONTLINE, _line(relapse, BestResponse.NO_RESPONSE))
        )
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points == 1

    def test_only_salvage_intents_count(self) -> None:
        """A palliative line after the first relapse is not salvage: untreated (0)."""
        palliative = _line(date(2023, 1, 20), BestResponse.NO_RESPONSE, Intent.PALLIATIVE)
        patient = _patient(relapses=(date(2023, 1, 10),), lines=(FRONTLINE, palliative))
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 0

    def test_salvage_before_the_relapse_does_not_count(self) -> None:
        """Salvage given before the first relapse (for refractory induction) is not for it."""
        patient = _patient(
            relapses=(date(2023, 1, 10),),
            remissions=(date(2019, 5, 1),),
            lines=(
                _line(DIAGNOSIS, BestResponse.NO_RESPONSE, Intent.FRONTLINE),
                _line(date(2019, 3, 1), BestResponse.CR),
            ),
        )
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 0

    def test_first_failed_salvage_line_is_named(self) -> None:
        """With two failed salvage lines, the first one is named."""
        patient = _patient(
            relapses=(date(2023, 1, 10),),
            lines=(
                FRONTLINE,
                _line(date(2023, 1, 20), BestResponse.NO_RESPONSE, regimen="FLAG-Ida"),
                _line(date(2023, 3, 1), BestResponse.NO_RESPONSE, regimen="hyper-CVAD"),
            ),
        )
        observed = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").observed
        assert "salvage line 'FLAG-Ida'" in (observed or "")

    def test_first_unevaluated_salvage_line_is_named(self) -> None:
        """With two salvage lines without a response, the first one is named."""
        patient = _patient(
            relapses=(date(2023, 1, 10),),
            lines=(
                FRONTLINE,
                _line(date(2023, 1, 20), None, regimen="FLAG-Ida"),
                _line(date(2023, 3, 1), None, regimen="hyper-CVAD"),
            ),
        )
        notes = pretransplant_score(patient, as_of=AS_OF).notes
        assert any("salvage line 'FLAG-Ida'" in note for note in notes), notes

    def test_remission_without_a_salvage_line(self) -> None:
        """A remission after the first relapse with no salvage line recorded: remitted,
        so none of ref 62's categories fits (0-1 points possible)."""
        patient = _patient(
            relapses=(date(2023, 1, 10),), remissions=(date(2019, 3, 1), date(2023, 4, 1))
        )
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points is None
        assert component.possible_points == (0, 1)

    def test_remission_on_the_relapse_day_is_not_after_it(self) -> None:
        """A remission dated the day of the relapse does not follow it: untreated (0)."""
        relapse = date(2023, 1, 10)
        patient = _patient(relapses=(relapse,), remissions=(date(2019, 3, 1), relapse))
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 0

    def test_no_relapse_and_no_induction_failure(self) -> None:
        """In first remission: only primary induction failure could apply (0 points)."""
        component = pretransplant_score(_patient(), as_of=AS_OF).component("relapse_timing")
        assert component.points is None
        assert component.possible_points == (0, 0)


class TestSecondSalvageEdges:
    """Second-salvage factors from a patient: sources and the salvage-count note."""

    def test_cr1_source_names_the_first_remission_and_relapse(self) -> None:
        """The CR1 duration is read from the first remission to the first relapse."""
        patient = _patient(
            remissions=(date(2019, 3, 1), date(2021, 6, 1)),
            relapses=(date(2021, 3, 1), date(2022, 3, 1)),
        )
        observed = second_salvage_factors(patient, as_of=AS_OF).component("cr1_months").observed
        assert observed == "24 months (remission of 2019-03-01 to relapse of 2021-03-01)"

    def test_exactly_one_salvage_line_is_not_noted(self) -> None:
        """After exactly one salvage line (the population of ref 75) there is no note."""
        patient = _patient(
            relapses=(date(2023, 1, 10),),
            lines=(FRONTLINE, _line(date(2023, 1, 20), BestResponse.NO_RESPONSE)),
        )
        notes = second_salvage_factors(patient, as_of=AS_OF).notes
        assert not any("salvage line(s)" in note for note in notes), notes


class TestFactorEdges:
    """Prognostic factors: the first relapse, and events on the same day."""

    def test_relapse_site_of_the_first_relapse(self) -> None:
        """With two relapses, the first one's site counts and later ones are noted."""
        patient = _patient(
            relapses=(
                Relapse(date=date(2021, 3, 1), site=RelapseSite.ISOLATED_CNS),
                Relapse(date=date(2022, 3, 1), site=RelapseSite.MARROW),
            )
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "relapse_site_ref71")
        assert factor.value == RelapseSite.ISOLATED_CNS.value
        assert factor.notes == ("ref 71 studied first relapses; later relapses are not described",)

    def test_one_relapse_has_no_note(self) -> None:
        """With a single relapse the site factor has no note."""
        patient = _patient(relapses=(Relapse(date=date(2021, 3, 1), site=RelapseSite.MARROW),))
        assert _factor(prognostic_factors(patient, as_of=AS_OF), "relapse_site_ref71").notes == ()

    def test_early_relapse_measured_to_the_first_relapse(self) -> None:
        """With two relapses, the time to the first one counts (12 months: early)."""
        patient = _patient(relapses=(date(2020, 1, 10), date(2022, 3, 1)))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "early_relapse_ref71")
        assert factor.value == "< 18 months from diagnosis"

    def test_hct_in_cr1_judged_at_the_first_relapse(self) -> None:
        """An HCT between the first and second relapse is not an HCT in CR1."""
        patient = _patient(
            relapses=(date(2021, 1, 5), date(2022, 6, 1)),
            remissions=(date(2019, 3, 1), date(2021, 4, 1)),
            transplants=(_hct(date(2021, 8, 1)),),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "no HCT in CR1"

    def test_hct_on_the_first_relapse_day_is_not_before_it(self) -> None:
        """An HCT dated the day of the first relapse did not precede it."""
        relapse = date(2021, 1, 5)
        patient = _patient(relapses=(relapse,), transplants=(_hct(relapse),))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "no HCT in CR1"

    def test_hct_on_the_first_remission_day_is_in_cr1(self) -> None:
        """An HCT dated the day of the first remission is an HCT in CR1."""
        patient = _patient(relapses=(date(2021, 1, 5),), transplants=(_hct(date(2019, 3, 1)),))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT in CR1"
        assert factor.observed == "allogeneic HCT of 2019-03-01"

    def test_hct_in_cr1_names_the_transplant_in_cr1(self) -> None:
        """With an HCT before and one in CR1, the one in CR1 is named."""
        patient = _patient(
            relapses=(date(2021, 1, 5),),
            transplants=(_hct(date(2019, 2, 1)), _hct(date(2019, 7, 1))),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT in CR1"
        assert factor.observed == "allogeneic HCT of 2019-07-01"

    def test_hct_before_the_first_remission_is_named(self) -> None:
        """Of two HCTs before the first remission, the first is named."""
        autologous = Transplant(kind=TransplantKind.AUTOLOGOUS, date=date(2019, 1, 20))
        patient = _patient(
            relapses=(date(2021, 1, 5),), transplants=(autologous, _hct(date(2019, 2, 1)))
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT before the first remission"
        assert factor.observed == "autologous HCT of 2019-01-20"

    def test_hct_before_a_relapse_without_remission(self) -> None:
        """An HCT before the first relapse with no remission recorded (an incomplete
        history) is undecided."""
        patient = _patient(
            relapses=(date(2021, 1, 5),),
            remissions=(),
            lines=(),
            transplants=(_hct(date(2020, 1, 1)),),
            history_complete=None,
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value is None

    @pytest.mark.parametrize(
        ("remission", "value"),
        [
            (date(2021, 1, 4), "HCT before the first remission"),  # the day before
            (date(2021, 1, 5), None),  # the relapse day: not a remission before it
            (date(2021, 1, 6), None),  # after the relapse
        ],
    )
    def test_remission_on_the_relapse_day_is_not_before_it(
        self, remission: date, value: str | None
    ) -> None:
        """In an incomplete history, a remission dated on (or after) the first relapse is
        no first remission before it: with an earlier HCT the factor is undecided."""
        patient = _patient(
            relapses=(date(2021, 1, 5),),
            remissions=(remission,),
            transplants=(_hct(date(2020, 1, 1)),),
            history_complete=None,
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == value

    def test_hct_in_cr1_with_a_later_remission(self) -> None:
        """An HCT in CR1 stays one when a second remission follows the first relapse."""
        patient = _patient(
            relapses=(date(2021, 1, 5),),
            remissions=(date(2019, 3, 1), date(2021, 4, 1)),
            transplants=(_hct(date(2019, 7, 1)),),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT in CR1"

    def test_hct_on_the_relapse_day_is_not_after_it(self) -> None:
        """An HCT dated the day of the first relapse is not an HCT after relapse."""
        relapse = date(2022, 1, 10)
        patient = _patient(relapses=(relapse,), transplants=(_hct(relapse),))
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "no HCT after relapse"

    def test_first_hct_after_relapse_counts(self) -> None:
        """Of two HCTs after relapse, the first is the one judged."""
        patient = _patient(
            relapses=(date(2022, 1, 10),),
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            lines=(FRONTLINE, _line(date(2022, 1, 20), BestResponse.CR)),
            transplants=(_hct(date(2022, 2, 1)), _hct(date(2022, 6, 1))),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT not in CR"
        assert factor.observed == "allogeneic HCT of 2022-02-01"

    def test_relapse_on_the_hct_day_is_not_before_it(self) -> None:
        """A relapse recorded the day of the HCT does not end the remission before it."""
        hct = date(2022, 6, 1)
        patient = _patient(
            relapses=(date(2022, 1, 10), hct),
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            lines=(FRONTLINE, _line(date(2022, 1, 20), BestResponse.CR)),
            transplants=(_hct(hct),),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT in CR after first salvage"

    def test_remission_on_the_relapse_day_is_not_after_it(self) -> None:
        """A remission dated the day of the relapse is not a remission after it."""
        relapse = date(2022, 1, 10)
        patient = _patient(
            relapses=(relapse,),
            remissions=(date(2019, 3, 1), relapse),
            lines=(FRONTLINE, _line(relapse, BestResponse.CR)),
            transplants=(_hct(date(2022, 6, 1)),),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT not in CR"

    def test_salvage_started_on_the_relapse_day_counts(self) -> None:
        """A salvage line started the day of the first relapse is counted."""
        relapse = date(2022, 1, 10)
        patient = _patient(
            relapses=(relapse,),
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            lines=(FRONTLINE, _line(relapse, BestResponse.CR)),
            transplants=(_hct(date(2022, 6, 1)),),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT in CR after first salvage"

    def test_salvage_counted_from_the_first_relapse(self) -> None:
        """Salvage lines are counted from the first relapse to the remission before HCT."""
        patient = _patient(
            relapses=(date(2021, 1, 10), date(2022, 1, 10)),
            remissions=(date(2019, 3, 1), date(2021, 3, 1), date(2022, 3, 1)),
            lines=(
                FRONTLINE,
                _line(date(2021, 1, 20), BestResponse.CR),
                _line(date(2022, 1, 20), BestResponse.CR, regimen="inotuzumab"),
            ),
            transplants=(_hct(date(2022, 6, 1)),),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT in CR after later salvage"

    def test_salvage_counted_to_the_last_remission_before_hct(self) -> None:
        """Two remissions after the relapse: lines up to the later one count."""
        patient = _patient(
            relapses=(date(2022, 1, 10),),
            remissions=(date(2019, 3, 1), date(2022, 3, 1), date(2022, 5, 1)),
            lines=(
                FRONTLINE,
                _line(date(2022, 1, 20), BestResponse.CR),
                _line(date(2022, 4, 1), BestResponse.CR, regimen="inotuzumab"),
            ),
            transplants=(_hct(date(2022, 6, 1)),),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT in CR after later salvage"

    def test_remission_without_salvage_is_undecided(self) -> None:
        """In CR at HCT with no salvage line recorded since the relapse: undecided."""
        patient = _patient(
            relapses=(date(2022, 1, 10),),
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            transplants=(_hct(date(2022, 6, 1)),),
        )
        factor = _factor(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value is None
        assert "course.treatment_lines" in factor.decided_by


class TestResultHtml:
    """The notebook view of a result."""

    def test_full_result(self) -> None:
        """A complete score shows its total and band."""
        html = _pre(SECOND_OR_LATER, Serostatus.POSITIVE, 30.0, 40)._repr_html_()
        assert "pretransplant_score: 6 of 6; 3-year overall survival 10 %" in html
        assert "<td>40 years</td>" in html
        assert "unknown" not in html

    def test_partial_result(self) -> None:
        """A partial score shows its range, no band, and unknown inputs as unknown."""
        html = _pre(age=None)._repr_html_()
        assert "pretransplant_score: 1-3 of 6 (partial); band undetermined" in html
        assert "<td>unknown</td>" in html


# --- properties ----------------------------------------------------------------------------

_TIMING_ORDER = sorted(RelapseTiming, key=lambda t: PRETRANSPLANT_TIMING_POINTS[t])
_BLASTS = st.floats(min_value=0, max_value=100)
_AGES = st.integers(min_value=0, max_value=120)

pretransplant_inputs = st.builds(
    PretransplantInputs,
    relapse_timing=gen.optional(st.sampled_from(RelapseTiming)),
    donor_cmv=gen.optional(st.sampled_from(Serostatus)),
    marrow_blasts_percent=gen.optional(_BLASTS),
    age_years=gen.optional(_AGES),
)
_PLATELET_VALUES = st.floats(min_value=0, max_value=2000)
_ALBUMIN_VALUES = st.floats(min_value=0, max_value=10)
second_salvage_inputs = st.builds(
    SecondSalvageInputs,
    cr1_months=gen.optional(st.floats(min_value=0, max_value=600)),
    marrow_blasts_percent=gen.optional(_BLASTS),
    platelets=gen.optional(_PLATELET_VALUES.map(lambda v: CountConcentration(v, "10^9/L"))),
    albumin=gen.optional(_ALBUMIN_VALUES.map(lambda v: MassConcentration(v, "g/dL"))),
)


@st.composite
def score_patients(draw: st.DrawFn) -> Patient:
    """Records with the events and results the scores read, dated after DIAGNOSIS."""
    days = gen.dates(DIAGNOSIS, DIAGNOSIS + timedelta(days=3000))
    remissions = draw(st.lists(days, max_size=3))
    # a line may only report a remission when one is recorded (Course enforces it)
    responses = [r for r in BestResponse if remissions or not r.is_remission]
    lines = st.builds(
        TreatmentLine,
        regimen=st.just("regimen"),
        start=days,
        intent=st.sampled_from(Intent),
        best_response=gen.optional(st.sampled_from(responses)),
    )
    relapses = st.builds(Relapse, date=days, site=gen.optional(st.sampled_from(RelapseSite)))
    analytes = st.sampled_from([Analyte.MARROW_BLASTS, Analyte.PLATELETS, Analyte.ALBUMIN])
    complete = draw(gen.optional(st.booleans()))
    drawn = draw(st.lists(relapses, max_size=3))
    if complete is True:  # a complete history records a remission before each relapse
        first = min(remissions, default=None)
        drawn = [] if first is None else [r for r in drawn if r.date > first]
    course = Course(
        diagnosis_date=draw(st.sampled_from([DIAGNOSIS, None])),
        treatment_lines=tuple(draw(st.lists(lines, max_size=4))),
        remissions=tuple(Remission(kind=RemissionKind.CR, date=when) for when in remissions),
        relapses=tuple(drawn),
        transplants=tuple(
            draw(
                st.lists(
                    st.builds(Transplant, kind=st.sampled_from(TransplantKind), date=days),
                    max_size=2,
                )
            )
        ),
        history_complete=complete,
        donor_cmv=draw(gen.optional(st.sampled_from(Serostatus))),
    )
    return Patient(
        date_of_birth=draw(st.sampled_from([BORN, None])),
        course=course,
        labs=tuple(draw(st.lists(gen.lab_results(days, analytes), max_size=4))),
    )


def _no_lower(before: ScoreResult, after: ScoreResult) -> bool:
    """Whether ``after`` is nowhere lower than ``before``: range ends and known totals."""
    if after.total_range[0] < before.total_range[0] or after.total_range[1] < before.total_range[1]:
        return False
    return before.total is None or after.total is None or after.total >= before.total


class TestProperties:
    """Invariants over generated inputs."""

    @given(pretransplant_inputs, st.data())
    def test_pretransplant_monotone_in_each_component(
        self, inputs: PretransplantInputs, data: st.DataObject
    ) -> None:
        """Worse timing, a positive donor, more blasts or older age never lower the score."""
        low_t, high_t = sorted(
            data.draw(st.lists(st.sampled_from(_TIMING_ORDER), min_size=2, max_size=2)),
            key=_TIMING_ORDER.index,
        )
        low_b, high_b = sorted(data.draw(st.lists(_BLASTS, min_size=2, max_size=2)))
        low_a, high_a = sorted(data.draw(st.lists(_AGES, min_size=2, max_size=2)))
        pairs: list[tuple[dict[str, Any], dict[str, Any]]] = [
            ({"relapse_timing": low_t}, {"relapse_timing": high_t}),
            ({"donor_cmv": Serostatus.NEGATIVE}, {"donor_cmv": Serostatus.POSITIVE}),
            ({"marrow_blasts_percent": low_b}, {"marrow_blasts_percent": high_b}),
            ({"age_years": low_a}, {"age_years": high_a}),
        ]
        for worse_not, worse in pairs:
            before = pretransplant_score(attrs.evolve(inputs, **worse_not))
            after = pretransplant_score(attrs.evolve(inputs, **worse))
            assert _no_lower(before, after)

    @given(second_salvage_inputs, st.data())
    def test_second_salvage_monotone_in_each_factor(
        self, inputs: SecondSalvageInputs, data: st.DataObject
    ) -> None:
        """Shorter CR1, more blasts, fewer platelets or less albumin never lower the count."""

        def pair(values: st.SearchStrategy[float]) -> list[float]:
            return sorted(data.draw(st.lists(values, min_size=2, max_size=2)))

        short, long = pair(st.floats(min_value=0, max_value=600))
        few_b, many_b = pair(_BLASTS)
        few_p, many_p = pair(_PLATELET_VALUES)
        little_a, much_a = pair(_ALBUMIN_VALUES)
        pairs: list[tuple[dict[str, Any], dict[str, Any]]] = [
            ({"cr1_months": long}, {"cr1_months": short}),
            ({"marrow_blasts_percent": few_b}, {"marrow_blasts_percent": many_b}),
            (
                {"platelets": CountConcentration(many_p, "/uL")},
                {"platelets": CountConcentration(few_p, "/uL")},
            ),
            (
                {"albumin": MassConcentration(much_a, "g/L")},
                {"albumin": MassConcentration(little_a, "g/L")},
            ),
        ]
        for better, worse in pairs:
            before = second_salvage_factors(attrs.evolve(inputs, **better))
            after = second_salvage_factors(attrs.evolve(inputs, **worse))
            assert _no_lower(before, after)

    @given(
        second_salvage_inputs,
        st.integers(min_value=0, max_value=2_000_000),
        st.floats(min_value=0, max_value=10),
    )
    def test_unit_equivalent_inputs_give_equal_results(
        self, inputs: SecondSalvageInputs, per_microliter: int, grams_per_deciliter: float
    ) -> None:
        """n /uL equals n/1000 x10^9/L, and v g/dL equals 10v g/L: the results are equal."""
        conventional = attrs.evolve(
            inputs,
            platelets=CountConcentration(per_microliter, "/uL"),
            albumin=MassConcentration(grams_per_deciliter, "g/dL"),
        )
        si = attrs.evolve(
            inputs,
            platelets=CountConcentration(per_microliter / 1000, "10^9/L"),
            albumin=MassConcentration(grams_per_deciliter * 10, "g/L"),
        )
        assert second_salvage_factors(conventional) == second_salvage_factors(si)

    @given(pretransplant_inputs, pretransplant_inputs)
    def test_filling_in_unknowns_stays_in_the_range(
        self, partial: PretransplantInputs, complete: PretransplantInputs
    ) -> None:
        """Knowing more never moves the total outside the range reported before."""
        filled = attrs.evolve(
            partial,
            **{
                name: getattr(complete, name)
                for name in ("relapse_timing", "donor_cmv", "marrow_blasts_percent", "age_years")
                if getattr(partial, name) is None
            },
        )
        before = pretransplant_score(partial)
        after = pretransplant_score(filled)
        assert before.total_range[0] <= after.total_range[0]
        assert after.total_range[1] <= before.total_range[1]
        if before.band is not None and after.band is not None:
            assert before.band == after.band

    @given(pretransplant_inputs)
    def test_band_known_exactly_when_range_in_one_band(self, inputs: PretransplantInputs) -> None:
        """A band is given exactly when both ends of the range share one."""
        result = pretransplant_score(inputs)
        low, high = (result.band_for(end) for end in result.total_range)
        assert low is not None
        assert high is not None
        assert (result.band is not None) == (low == high)
        assert (result.total is not None) == (result.unknown == ())

    @settings(max_examples=60, deadline=None)
    @given(score_patients(), gen.dates(DIAGNOSIS, DIAGNOSIS + timedelta(days=3000)))
    def test_any_patient_gives_a_well_formed_result(self, patient: Patient, as_of: date) -> None:
        """Every valid record scores without error and within each score's bounds."""
        for result in (
            pretransplant_score(patient, as_of=as_of),
            second_salvage_factors(patient, as_of=as_of),
        ):
            assert 0 <= result.total_range[0] <= result.total_range[1] <= result.maximum
            assert all(c.known or c.decided_by for c in result.components)
        factors = prognostic_factors(patient, as_of=as_of)
        assert all(f.value is not None or f.decided_by for f in factors)


class TestDoctests:
    """The worked examples in the docstrings run."""

    def test_module_doctests_pass(self) -> None:
        """doctest.testmod(allmodel.clinical.scores) runs the examples without failure."""
        outcome = doctest.testmod(allmodel.clinical.scores)
        assert outcome.attempted > 0
        assert outcome.failed == 0
