"""Specification of the pretransplant score of ref 62: components, bands, partial totals,
and the inputs derived from a patient record as of a date."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from allmodel.clinical.scores import (
    PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS,
    PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS,
    PRETRANSPLANT_BANDS,
    PRETRANSPLANT_BLASTS_ABOVE_PERCENT,
    PRETRANSPLANT_TIMING_POINTS,
    PretransplantInputs,
    RelapseTiming,
    pretransplant_score,
)
from allmodel.errors import ChronologyError, ValidationError
from allmodel.model import Analyte, BestResponse, Intent, Serostatus, Transplant, TransplantKind
from tests.clinical.scores.inputs import (
    AS_OF,
    DIAGNOSIS,
    FIRST_REFRACTORY,
    FRONTLINE,
    SECOND_OR_LATER,
    lab_result,
    line,
    pre,
    small_patient,
)

# --- the pretransplant score from explicit inputs ------------------------------------------

#: CR1, and a CR2 between relapses of 2020-06-01 and 2023-09-01 (two relapses are two
#: episodes only with a remission between them: decision-3).
TWO_REMISSIONS = (date(2019, 3, 1), date(2021, 1, 4))


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
        result = pre(timing=timing, age=5)
        assert result.component("relapse_timing").points == points
        assert result.total == points + 0 + 0 + 0

    def test_observed_names_the_category(self) -> None:
        """The observed text is the category in words."""
        assert pre().component("relapse_timing").observed == "first refractory relapse"


class TestPretransplantDonorCmv:
    """The donor CMV component."""

    def test_positive_donor_scores_one(self) -> None:
        """A CMV-seropositive donor adds 1 point."""
        assert pre(cmv=Serostatus.POSITIVE).total == 1 + 1
        assert pre(cmv=Serostatus.POSITIVE).component("donor_cmv").points == 1

    def test_negative_donor_scores_zero(self) -> None:
        """A seronegative donor adds nothing."""
        assert pre(cmv=Serostatus.NEGATIVE).component("donor_cmv").points == 0


class TestPretransplantBlasts:
    """Marrow blasts > 25 % (strict, the review's operator)."""

    @pytest.mark.parametrize(
        ("blasts", "points"), [(24.99, 0), (25.0, 0), (25.01, 1), (0.0, 0), (100.0, 1)]
    )
    def test_threshold(self, blasts: float, points: int) -> None:
        """Exactly 25 % scores 0; anything above scores 1."""
        result = pre(blasts=blasts)
        assert result.component("marrow_blasts_percent").points == points
        assert result.total == 1 + points

    def test_exactly_25_percent_notes_the_papers_operator(self) -> None:
        """At exactly 25 % the result says the paper's >= 25 % would score 1."""
        notes = pre(blasts=25.0).notes
        assert any(">= 25 %" in note for note in notes)
        assert not any(">= 25 %" in note for note in pre(blasts=25.01).notes)

    def test_observed_carries_the_unit(self) -> None:
        """The observed blasts read '25.01 %'."""
        assert pre(blasts=25.01).component("marrow_blasts_percent").observed == "25.01 %"


class TestPretransplantAge:
    """Age 10-39 one point, >= 40 two points, < 10 none."""

    @pytest.mark.parametrize(
        ("age", "points"), [(0, 0), (9, 0), (10, 1), (11, 1), (39, 1), (40, 2), (41, 2), (90, 2)]
    )
    def test_bands(self, age: int, points: int) -> None:
        """Ages at, below and above 10 and 40 score as the review says."""
        result = pre(age=age)
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
        result = pre(timing, Serostatus(cmv), blasts, age)
        assert result.total == total
        assert result.total_range == (total, total)
        assert result.band == f"3-year overall survival {band}"
        assert result.unknown == ()

    def test_maximum_is_six(self) -> None:
        """The components add up to at most 6 points."""
        assert pre().maximum == 6

    def test_totals_above_three_note_the_interpretation(self) -> None:
        """A total above 3 carries the note that '3 or more' is an interpretation."""
        four = pre(SECOND_OR_LATER, Serostatus.POSITIVE, 10.0, 20)
        three = pre(FIRST_REFRACTORY, Serostatus.NEGATIVE, 30.0, 20)
        assert any("interpretation" in note for note in four.notes)
        assert not any("interpretation" in note for note in three.notes)

    def test_citation(self) -> None:
        """The result cites ref 62."""
        assert pre().citation == "review-ref-62"


class TestPretransplantPartial:
    """Unknown inputs give a range of totals, never a number."""

    def test_unknown_age_spans_its_points(self) -> None:
        """Timing 1 + CMV 0 + blasts 0 + age unknown (0-2) is 1-3: band unknown."""
        result = pre(age=None)
        assert result.total is None
        assert result.total_range == (1, 3)
        assert result.band is None
        assert result.unknown == ("age_years",)
        assert result.component("age_years").possible_points == (0, 2)

    def test_range_inside_one_band_gives_the_band(self) -> None:
        """Timing 2 + CMV 1 + blasts unknown (0-1) + age 2 is 5-6: all in the 10 % band."""
        result = pre(SECOND_OR_LATER, Serostatus.POSITIVE, None, 45)
        assert result.total is None
        assert result.total_range == (5, 6)
        assert result.band == "3-year overall survival 10 %"

    def test_low_range_inside_first_band(self) -> None:
        """Timing 0 + CMV 0 + blasts unknown (0-1) + age 0 is 0-1: the 46 % band."""
        result = pre(RelapseTiming.PRIMARY_INDUCTION_FAILURE, Serostatus.NEGATIVE, None, 5)
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


# --- the pretransplant score from a patient ----------------------------------------------


class TestPretransplantFromPatient:
    """Inputs derived from the record as of a date."""

    def test_full_record(self) -> None:
        """Two relapses (2) + CMV-positive donor (1) + blasts 30 % (1) + age 43 (2) = 6."""
        patient = small_patient(
            remissions=TWO_REMISSIONS,
            relapses=(date(2020, 6, 1), date(2023, 9, 1)),
            donor_cmv=Serostatus.POSITIVE,
            labs=(lab_result(Analyte.MARROW_BLASTS, 30, "%"),),
        )
        result = pretransplant_score(patient, as_of=AS_OF)
        assert [c.points for c in result.components] == [2, 1, 1, 2]
        assert result.total == 6
        assert result.band == "3-year overall survival 10 %"
        assert result.component("age_years").observed == "43 years (on 2024-06-01)"
        assert "2024-05-20" in (result.component("marrow_blasts_percent").observed or "")

    def test_failed_salvage_after_first_relapse_is_refractory(self) -> None:
        """A salvage line without remission after the only relapse: first refractory (1)."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),),
            lines=(FRONTLINE, line(date(2023, 1, 20), BestResponse.NO_RESPONSE)),
        )
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points == 1
        assert (component.observed or "").startswith("first refractory relapse")

    def test_partial_response_counts_as_failure(self) -> None:
        """A salvage line reaching only PR leaves the relapse refractory."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),),
            lines=(FRONTLINE, line(date(2023, 1, 20), BestResponse.PR)),
        )
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 1

    def test_untreated_first_relapse_in_complete_history(self) -> None:
        """No salvage line after the relapse in a complete history: untreated (0)."""
        patient = small_patient(relapses=(date(2024, 5, 1),), history_complete=True)
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points == 0
        assert (component.observed or "").startswith("first untreated relapse")

    def test_absent_salvage_in_incomplete_history_is_unknown(self) -> None:
        """Without a complete history, no recorded salvage line cannot mean untreated."""
        patient = small_patient(relapses=(date(2024, 5, 1),), history_complete=None)
        result = pretransplant_score(patient, as_of=AS_OF)
        component = result.component("relapse_timing")
        assert component.points is None
        assert component.possible_points == (0, 1)
        assert "course.history_complete" in result.unknown
        assert result.unknown[0] == "relapse_timing"

    def test_salvage_without_response_is_unknown(self) -> None:
        """A salvage line with no recorded best response leaves the timing unknown (0-1)."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),), lines=(FRONTLINE, line(date(2023, 1, 20), None))
        )
        result = pretransplant_score(patient, as_of=AS_OF)
        assert result.component("relapse_timing").possible_points == (0, 1)
        assert any("no evaluable best response" in note for note in result.notes)

    def test_salvage_after_as_of_is_ignored(self) -> None:
        """A salvage line started after as_of does not make the relapse refractory."""
        patient = small_patient(
            relapses=(date(2024, 5, 1),),
            lines=(FRONTLINE, line(date(2024, 7, 1), BestResponse.NO_RESPONSE)),
        )
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 0

    def test_primary_refractory_is_primary_induction_failure(self) -> None:
        """No remission on any line and no relapse: primary induction failure (0)."""
        patient = small_patient(
            remissions=(),
            lines=(line(DIAGNOSIS, BestResponse.NO_RESPONSE, Intent.FRONTLINE),),
        )
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points == 0
        assert (component.observed or "").startswith("primary induction failure")

    def test_relapse_after_allogeneic_hct_still_counts_relapses(self) -> None:
        """An allogeneic HCT before the relapses does not change their count."""
        allo = Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2019, 8, 1))
        one = small_patient(
            relapses=(date(2022, 1, 5),),
            transplants=(allo,),
            lines=(FRONTLINE, line(date(2022, 1, 20), BestResponse.PROGRESSIVE_DISEASE)),
        )
        two = small_patient(
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            relapses=(date(2022, 1, 5), date(2023, 6, 1)),
            transplants=(allo,),
        )
        assert pretransplant_score(one, as_of=AS_OF).component("relapse_timing").points == 1
        assert pretransplant_score(two, as_of=AS_OF).component("relapse_timing").points == 2

    def test_in_cr_is_noted(self) -> None:
        """A patient in remission after salvage gets a note and an unknown timing."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),),
            remissions=(date(2019, 3, 1), date(2023, 3, 1)),
            lines=(FRONTLINE, line(date(2023, 1, 20), BestResponse.CR)),
        )
        result = pretransplant_score(patient, as_of=AS_OF)
        assert any("not in CR" in note for note in result.notes)
        assert result.component("relapse_timing").points is None

    def test_latest_marrow_blasts_on_or_before_as_of(self) -> None:
        """The latest blast result by as_of counts; a later one is ignored."""
        labs = (
            lab_result(Analyte.MARROW_BLASTS, 80, "%", date(2024, 3, 1)),
            lab_result(Analyte.MARROW_BLASTS, 20, "%", date(2024, 5, 1)),
            lab_result(Analyte.MARROW_BLASTS, 90, "%", date(2024, 7, 1)),
        )
        patient = small_patient(relapses=(date(2024, 2, 1),), labs=labs)
        component = pretransplant_score(patient, as_of=AS_OF).component("marrow_blasts_percent")
        assert component.points == 0
        assert (component.observed or "").startswith("20 %")

    def test_missing_fields_are_named(self) -> None:
        """Unknown components name the model fields that would decide them."""
        patient = small_patient(
            born=None, remissions=TWO_REMISSIONS, relapses=(date(2020, 6, 1), date(2023, 9, 1))
        )
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
                small_patient(born=date(2025, 1, 1), remissions=(), lines=()), as_of=AS_OF
            )


class TestPretransplantEdges:
    """Pretransplant score: same-day dates, unknown-timing ranges and notes."""

    def test_possible_total_above_three_is_noted(self) -> None:
        """A partial score that may exceed 3 (3-4 here) notes the top-band reading."""
        result = pre(cmv=None, age=40)
        assert result.total_range == (3, 4)
        assert any("interpretation" in note for note in result.notes)

    def test_salvage_started_on_the_relapse_day_counts(self) -> None:
        """A salvage line started the day of the first relapse is salvage for it."""
        relapse = date(2023, 1, 10)
        patient = small_patient(
            relapses=(relapse,), lines=(FRONTLINE, line(relapse, BestResponse.NO_RESPONSE))
        )
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points == 1

    def test_only_salvage_intents_count(self) -> None:
        """A palliative line after the first relapse is not salvage: untreated (0)."""
        palliative = line(date(2023, 1, 20), BestResponse.NO_RESPONSE, Intent.PALLIATIVE)
        patient = small_patient(relapses=(date(2023, 1, 10),), lines=(FRONTLINE, palliative))
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 0

    def test_salvage_before_the_relapse_does_not_count(self) -> None:
        """Salvage given before the first relapse (for refractory induction) is not for it."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),),
            remissions=(date(2019, 5, 1),),
            lines=(
                line(DIAGNOSIS, BestResponse.NO_RESPONSE, Intent.FRONTLINE),
                line(date(2019, 3, 1), BestResponse.CR),
            ),
        )
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 0

    def test_first_failed_salvage_line_is_named(self) -> None:
        """With two failed salvage lines, the first one is named."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),),
            lines=(
                FRONTLINE,
                line(date(2023, 1, 20), BestResponse.NO_RESPONSE, regimen="FLAG-Ida"),
                line(date(2023, 3, 1), BestResponse.NO_RESPONSE, regimen="hyper-CVAD"),
            ),
        )
        observed = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").observed
        assert "salvage line 'FLAG-Ida'" in (observed or "")

    def test_first_unevaluated_salvage_line_is_named(self) -> None:
        """With two salvage lines without a response, the first one is named."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),),
            lines=(
                FRONTLINE,
                line(date(2023, 1, 20), None, regimen="FLAG-Ida"),
                line(date(2023, 3, 1), None, regimen="hyper-CVAD"),
            ),
        )
        notes = pretransplant_score(patient, as_of=AS_OF).notes
        assert notes[0] == (
            "relapse_timing unknown: salvage line 'FLAG-Ida' after the first relapse has no"
            " evaluable best response, so refractory and treated-responsive cannot be told apart"
        )

    def test_remission_without_a_salvage_line(self) -> None:
        """A remission after the first relapse with no salvage line recorded: remitted,
        so none of ref 62's categories fits (0-1 points possible)."""
        patient = small_patient(
            relapses=(date(2023, 1, 10),), remissions=(date(2019, 3, 1), date(2023, 4, 1))
        )
        component = pretransplant_score(patient, as_of=AS_OF).component("relapse_timing")
        assert component.points is None
        assert component.possible_points == (0, 1)

    def test_remission_on_the_relapse_day_is_not_after_it(self) -> None:
        """A remission dated the day of the relapse does not follow it: untreated (0)."""
        relapse = date(2023, 1, 10)
        patient = small_patient(relapses=(relapse,), remissions=(date(2019, 3, 1), relapse))
        assert pretransplant_score(patient, as_of=AS_OF).component("relapse_timing").points == 0

    def test_no_relapse_and_no_induction_failure(self) -> None:
        """In first remission: only primary induction failure could apply (0 points)."""
        component = pretransplant_score(small_patient(), as_of=AS_OF).component("relapse_timing")
        assert component.points is None
        assert component.possible_points == (0, 0)
