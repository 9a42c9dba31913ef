"""Specification of the descriptive prognostic factors of refs 5 and 71: where a patient
stands on age, first-remission duration, relapse site, early relapse and HCT status."""

from __future__ import annotations

from datetime import date

import pytest

from allmodel.clinical.scores import REF5_CITATION, REF71_CITATION, prognostic_factors
from allmodel.model import BestResponse, Relapse, RelapseSite, Transplant, TransplantKind
from tests.clinical.scores.inputs import (
    AS_OF,
    FRONTLINE,
    allo_hct,
    factor_named,
    line,
    small_patient,
)

# --- the descriptive factors of refs 5 and 71 --------------------------------------------


class TestPrognosticFactors:
    """Where a patient stands on the factors of refs 5 and 71."""

    def test_factor_order_and_citations(self) -> None:
        """Seven factors, each with its own reference and a description."""
        factors = prognostic_factors(small_patient(), as_of=AS_OF)
        assert [f.name for f in factors] == [
            "age_ref71",
            "age_ref5",
            "cr1_duration_ref5",
            "relapse_site_ref71",
            "hct_in_cr1_ref71",
            "early_relapse_ref71",
            "hct_status_ref71",
        ]
        assert [f.citation for f in factors] == [
            REF71_CITATION,
            REF5_CITATION,
            REF5_CITATION,
            REF71_CITATION,
            REF71_CITATION,
            REF71_CITATION,
            REF71_CITATION,
        ]
        assert [f.name for f in factors if not f.description.strip()] == []

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
        patient = small_patient(born=date(AS_OF.year - age, 1, 1))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "age_ref71")
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
        patient = small_patient(born=date(AS_OF.year - age, 1, 1))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "age_ref5")
        assert (factor.value, factor.outcome) == (band, outcome)

    def test_unknown_age_names_date_of_birth(self) -> None:
        """Without a date of birth the age factors are undecided and say why."""
        factor = factor_named(
            prognostic_factors(small_patient(born=None), as_of=AS_OF), "age_ref71"
        )
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
        factor = factor_named(
            prognostic_factors(small_patient(relapses=(relapse,)), as_of=AS_OF), "cr1_duration_ref5"
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
        patient = small_patient(relapses=(Relapse(date=date(2022, 1, 5), site=site),))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "relapse_site_ref71")
        assert factor.value == site.value
        assert factor.outcome == f"estimated 3-year overall survival {survival}"

    def test_unrecorded_site_names_the_field(self) -> None:
        """A relapse without a site leaves the factor undecided, naming the field."""
        patient = small_patient(relapses=(date(2022, 1, 5),))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "relapse_site_ref71")
        assert factor.value is None
        assert factor.decided_by == ("course.relapses[0].site",)

    def test_hct_in_cr1(self) -> None:
        """An HCT between the first CR and the first relapse counts; none means chemo only."""
        hct = Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2019, 7, 1))
        with_hct = small_patient(relapses=(date(2021, 1, 5),), transplants=(hct,))
        without = small_patient(relapses=(date(2021, 1, 5),))
        factor = factor_named(prognostic_factors(with_hct, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT in CR1"
        assert "15 %" in (factor.outcome or "")
        factor = factor_named(prognostic_factors(without, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "no HCT in CR1"
        assert "28 %" in (factor.outcome or "")

    def test_absent_transplants_in_incomplete_history_are_undecided(self) -> None:
        """Without a complete history, no recorded transplant cannot mean none."""
        patient = small_patient(relapses=(date(2021, 1, 5),), history_complete=None)
        factors = prognostic_factors(patient, as_of=AS_OF)
        for name in ("hct_in_cr1_ref71", "hct_status_ref71"):
            factor = factor_named(factors, name)
            assert factor.value is None
            assert "course.history_complete" in factor.decided_by

    def test_hct_before_first_remission_has_no_figure(self) -> None:
        """A relapse after an HCT done before any remission matches neither group."""
        hct = Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2019, 2, 1))
        patient = small_patient(relapses=(date(2021, 1, 5),), transplants=(hct,))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
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
        factor = factor_named(
            prognostic_factors(small_patient(relapses=(relapse,)), as_of=AS_OF),
            "early_relapse_ref71",
        )
        assert factor.value == value
        assert factor.outcome == f"CR after salvage {cr_rate}"
        assert any("initial therapy" in note for note in factor.notes)

    def test_early_relapse_needs_the_diagnosis_date(self) -> None:
        """Without a diagnosis date the factor is undecided and names it."""
        patient = small_patient(diagnosis=None, relapses=(date(2020, 7, 9),))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "early_relapse_ref71")
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
        lines = [FRONTLINE, line(date(2022, 1, 20), BestResponse.NO_RESPONSE)]
        if salvage_lines == 2:
            lines.append(line(date(2022, 3, 1), BestResponse.CR, regimen="inotuzumab"))
        remissions = (date(2019, 3, 1), date(2022, 4, 1)) if remission else (date(2019, 3, 1),)
        patient = small_patient(
            relapses=(date(2022, 1, 10),),
            remissions=remissions,
            lines=lines,
            transplants=(Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2022, 6, 1)),),
        )
        assert (
            factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71").value
            == value
        )

    def test_no_hct_after_relapse(self) -> None:
        """Without HCT after relapse the factor says so, as of the date."""
        patient = small_patient(relapses=(date(2022, 1, 10),))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "no HCT after relapse"

    def test_without_relapse_relapse_factors_are_undecided(self) -> None:
        """A patient in CR1 has no relapse-dependent factors; each names what decides it."""
        factors = prognostic_factors(small_patient(), as_of=AS_OF)
        decided_by = {
            "relapse_site_ref71": ("course.relapses",),
            "hct_in_cr1_ref71": ("course.transplants", "course.remissions", "course.relapses"),
            "early_relapse_ref71": ("course.diagnosis_date", "course.relapses"),
        }
        for name, fields in decided_by.items():
            factor = factor_named(factors, name)
            assert factor.value is None
            assert factor.decided_by == fields

    def test_factor_text(self) -> None:
        """str() of a factor gives name, group, outcome and reference."""
        factor = factor_named(prognostic_factors(small_patient(), as_of=AS_OF), "age_ref71")
        assert str(factor) == (
            "age_ref71: 26-45 years -> estimated 3-year overall survival 28 %; CR 37 % (over 25)"
            f" [{REF71_CITATION}]"
        )


class TestFactorEdges:
    """Prognostic factors: the first relapse, and events on the same day."""

    def test_relapse_site_of_the_first_relapse(self) -> None:
        """With two relapses, the first one's site counts and later ones are noted."""
        patient = small_patient(
            relapses=(
                Relapse(date=date(2021, 3, 1), site=RelapseSite.ISOLATED_CNS),
                Relapse(date=date(2022, 3, 1), site=RelapseSite.MARROW),
            )
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "relapse_site_ref71")
        assert factor.value == RelapseSite.ISOLATED_CNS.value
        assert factor.notes == ("ref 71 studied first relapses; later relapses are not described",)

    def test_one_relapse_has_no_note(self) -> None:
        """With a single relapse the site factor has no note."""
        patient = small_patient(relapses=(Relapse(date=date(2021, 3, 1), site=RelapseSite.MARROW),))
        assert (
            factor_named(prognostic_factors(patient, as_of=AS_OF), "relapse_site_ref71").notes == ()
        )

    def test_early_relapse_measured_to_the_first_relapse(self) -> None:
        """With two relapses, the time to the first one counts (12 months: early)."""
        patient = small_patient(relapses=(date(2020, 1, 10), date(2022, 3, 1)))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "early_relapse_ref71")
        assert factor.value == "< 18 months from diagnosis"

    def test_hct_in_cr1_judged_at_the_first_relapse(self) -> None:
        """An HCT between the first and second relapse is not an HCT in CR1."""
        patient = small_patient(
            relapses=(date(2021, 1, 5), date(2022, 6, 1)),
            remissions=(date(2019, 3, 1), date(2021, 4, 1)),
            transplants=(allo_hct(date(2021, 8, 1)),),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "no HCT in CR1"

    def test_hct_on_the_first_relapse_day_is_not_before_it(self) -> None:
        """An HCT dated the day of the first relapse did not precede it."""
        relapse = date(2021, 1, 5)
        patient = small_patient(relapses=(relapse,), transplants=(allo_hct(relapse),))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "no HCT in CR1"

    def test_hct_on_the_first_remission_day_is_in_cr1(self) -> None:
        """An HCT dated the day of the first remission is an HCT in CR1."""
        patient = small_patient(
            relapses=(date(2021, 1, 5),), transplants=(allo_hct(date(2019, 3, 1)),)
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT in CR1"
        assert factor.observed == "allogeneic HCT of 2019-03-01"

    def test_hct_in_cr1_names_the_transplant_in_cr1(self) -> None:
        """With an HCT before and one in CR1, the one in CR1 is named."""
        patient = small_patient(
            relapses=(date(2021, 1, 5),),
            transplants=(allo_hct(date(2019, 2, 1)), allo_hct(date(2019, 7, 1))),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT in CR1"
        assert factor.observed == "allogeneic HCT of 2019-07-01"

    def test_hct_before_the_first_remission_is_named(self) -> None:
        """Of two HCTs before the first remission, the first is named."""
        autologous = Transplant(kind=TransplantKind.AUTOLOGOUS, date=date(2019, 1, 20))
        patient = small_patient(
            relapses=(date(2021, 1, 5),), transplants=(autologous, allo_hct(date(2019, 2, 1)))
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT before the first remission"
        assert factor.observed == "autologous HCT of 2019-01-20"

    def test_hct_before_a_relapse_without_remission(self) -> None:
        """An HCT before the first relapse with no remission recorded (an incomplete
        history) is undecided."""
        patient = small_patient(
            relapses=(date(2021, 1, 5),),
            remissions=(),
            lines=(),
            transplants=(allo_hct(date(2020, 1, 1)),),
            history_complete=None,
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
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
        patient = small_patient(
            relapses=(date(2021, 1, 5),),
            remissions=(remission,),
            transplants=(allo_hct(date(2020, 1, 1)),),
            history_complete=None,
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == value

    def test_hct_in_cr1_with_a_later_remission(self) -> None:
        """An HCT in CR1 stays one when a second remission follows the first relapse."""
        patient = small_patient(
            relapses=(date(2021, 1, 5),),
            remissions=(date(2019, 3, 1), date(2021, 4, 1)),
            transplants=(allo_hct(date(2019, 7, 1)),),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_in_cr1_ref71")
        assert factor.value == "HCT in CR1"

    def test_hct_on_the_relapse_day_is_not_after_it(self) -> None:
        """An HCT dated the day of the first relapse is not an HCT after relapse."""
        relapse = date(2022, 1, 10)
        patient = small_patient(relapses=(relapse,), transplants=(allo_hct(relapse),))
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "no HCT after relapse"

    def test_first_hct_after_relapse_counts(self) -> None:
        """Of two HCTs after relapse, the first is the one judged."""
        patient = small_patient(
            relapses=(date(2022, 1, 10),),
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            lines=(FRONTLINE, line(date(2022, 1, 20), BestResponse.CR)),
            transplants=(allo_hct(date(2022, 2, 1)), allo_hct(date(2022, 6, 1))),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT not in CR"
        assert factor.observed == "allogeneic HCT of 2022-02-01"

    def test_relapse_on_the_hct_day_is_not_before_it(self) -> None:
        """A relapse recorded the day of the HCT does not end the remission before it."""
        hct = date(2022, 6, 1)
        patient = small_patient(
            relapses=(date(2022, 1, 10), hct),
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            lines=(FRONTLINE, line(date(2022, 1, 20), BestResponse.CR)),
            transplants=(allo_hct(hct),),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT in CR after first salvage"

    def test_remission_on_the_relapse_day_is_not_after_it(self) -> None:
        """A remission dated the day of the relapse is not a remission after it."""
        relapse = date(2022, 1, 10)
        patient = small_patient(
            relapses=(relapse,),
            remissions=(date(2019, 3, 1), relapse),
            lines=(FRONTLINE, line(relapse, BestResponse.CR)),
            transplants=(allo_hct(date(2022, 6, 1)),),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT not in CR"

    def test_salvage_started_on_the_relapse_day_counts(self) -> None:
        """A salvage line started the day of the first relapse is counted."""
        relapse = date(2022, 1, 10)
        patient = small_patient(
            relapses=(relapse,),
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            lines=(FRONTLINE, line(relapse, BestResponse.CR)),
            transplants=(allo_hct(date(2022, 6, 1)),),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT in CR after first salvage"

    def test_salvage_counted_from_the_first_relapse(self) -> None:
        """Salvage lines are counted from the first relapse to the remission before HCT."""
        patient = small_patient(
            relapses=(date(2021, 1, 10), date(2022, 1, 10)),
            remissions=(date(2019, 3, 1), date(2021, 3, 1), date(2022, 3, 1)),
            lines=(
                FRONTLINE,
                line(date(2021, 1, 20), BestResponse.CR),
                line(date(2022, 1, 20), BestResponse.CR, regimen="inotuzumab"),
            ),
            transplants=(allo_hct(date(2022, 6, 1)),),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT in CR after later salvage"

    def test_salvage_counted_to_the_last_remission_before_hct(self) -> None:
        """Two remissions after the relapse: lines up to the later one count."""
        patient = small_patient(
            relapses=(date(2022, 1, 10),),
            remissions=(date(2019, 3, 1), date(2022, 3, 1), date(2022, 5, 1)),
            lines=(
                FRONTLINE,
                line(date(2022, 1, 20), BestResponse.CR),
                line(date(2022, 4, 1), BestResponse.CR, regimen="inotuzumab"),
            ),
            transplants=(allo_hct(date(2022, 6, 1)),),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value == "HCT in CR after later salvage"

    def test_remission_without_salvage_is_undecided(self) -> None:
        """In CR at HCT with no salvage line recorded since the relapse: undecided."""
        patient = small_patient(
            relapses=(date(2022, 1, 10),),
            remissions=(date(2019, 3, 1), date(2022, 3, 1)),
            transplants=(allo_hct(date(2022, 6, 1)),),
        )
        factor = factor_named(prognostic_factors(patient, as_of=AS_OF), "hct_status_ref71")
        assert factor.value is None
        assert "course.treatment_lines" in factor.decided_by
