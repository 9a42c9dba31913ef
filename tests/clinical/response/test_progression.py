"""Loss of response: progression against a previous assessment, relapse of a patient in
remission, an unknown remission status, and the edges of these rules."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from allmodel.clinical.response import (
    ResponseAssessment,
    ResponseCategory,
    ResponseCriteria,
    classify_response,
)
from allmodel.errors import ChronologyError
from allmodel.measures import CountConcentration
from tests.clinical.response.assessments import (
    BLIN,
    CIBMTR,
    CR,
    CRH,
    CRI,
    DAY,
    EARLIER,
    FULL,
    NO_RESPONSE,
    PD,
    RELAPSE,
    UNCLASSIFIED,
    UNKNOWN,
    assessment,
    category,
    g,
)


class TestProgression:
    @pytest.mark.parametrize(
        ("now", "expected"),
        [(50.0, PD), (49.96, NO_RESPONSE), (50.04, PD)],
        ids=["plus-25", "plus-24.9", "plus-25.1"],
    )
    def test_marrow_increase(self, now: float, expected: ResponseCategory) -> None:
        """Marrow blasts 40 % before: +25 % or more is progression (inclusive)."""
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0)
        assert category(CIBMTR, previous=before, marrow_blasts_percent=now) is expected

    @pytest.mark.parametrize(
        ("now", "expected"),
        [(50.0, PD), (49.96, NO_RESPONSE), (50.04, PD)],
        ids=["plus-25", "plus-24.9", "plus-25.1"],
    )
    def test_circulating_increase(self, now: float, expected: ResponseCategory) -> None:
        """Absolute circulating blasts 4 x10^9/L before: +25 % or more is progression."""
        before = assessment(
            date=EARLIER, marrow_blasts_percent=60.0, wbc=g(10.0), blood_blasts_percent=40.0
        )
        result = category(
            CIBMTR,
            previous=before,
            marrow_blasts_percent=60.0,
            wbc=CountConcentration(10_000, "/uL"),
            blood_blasts_percent=now,
        )
        assert result is expected

    def test_circulating_increase_by_white_count(self) -> None:
        """Same blast percentage on a white count risen from 8 to 10 (+25 %) is progression."""
        before = assessment(
            date=EARLIER, marrow_blasts_percent=60.0, wbc=g(8.0), blood_blasts_percent=50.0
        )
        now: dict[str, Any] = {
            "marrow_blasts_percent": 60.0,
            "wbc": g(10.0),
            "blood_blasts_percent": 50.0,
        }
        assert category(CIBMTR, previous=before, **now) is PD

    def test_new_extramedullary_disease(self) -> None:
        """Extramedullary disease absent before and present now is progression."""
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0)
        now: dict[str, Any] = {"marrow_blasts_percent": 40.0, "extramedullary_disease": True}
        assert category(CIBMTR, previous=before, **now) is PD

    def test_known_extramedullary_disease_is_not_new(self) -> None:
        """Extramedullary disease present at both assessments is not progression by itself."""
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0, extramedullary_disease=True)
        now: dict[str, Any] = {"marrow_blasts_percent": 40.0, "extramedullary_disease": True}
        assert category(CIBMTR, previous=before, **now) is NO_RESPONSE

    def test_rise_from_none(self) -> None:
        """Circulating blasts appearing where there were none is an unbounded increase."""
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0, blood_blasts_percent=0.0)
        now: dict[str, Any] = {"marrow_blasts_percent": 40.0, "blood_blasts_percent": 3.0}
        assert category(CIBMTR, previous=before, **now) is PD

    def test_needs_previous(self) -> None:
        """Without a previous assessment rising disease is no response."""
        assert category(CIBMTR, marrow_blasts_percent=90.0) is NO_RESPONSE

    def test_blinatumomab_has_no_rule(self) -> None:
        """The blinatumomab set has no progression rule."""
        before = assessment(date=EARLIER, marrow_blasts_percent=10.0)
        result = classify_response(
            assessment(marrow_blasts_percent=90.0),
            previous=before,
            criteria=BLIN,
            in_remission=False,
        )
        assert result.category is NO_RESPONSE
        assert "blinatumomab_trials has no progression rule" in result.reasons

    def test_remission_beats_progression(self) -> None:
        """A disease-free assessment is a remission even if blasts rose from 1 % to 3 %."""
        before = assessment(date=EARLIER, marrow_blasts_percent=1.0)
        assert category(CIBMTR, previous=before, marrow_blasts_percent=3.0) is CR

    def test_in_remission_is_relapse_not_progression(self) -> None:
        """A patient in remission whose disease returns has relapsed."""
        before = assessment(date=EARLIER, marrow_blasts_percent=2.0)
        assert category(CIBMTR, True, before, marrow_blasts_percent=40.0) is RELAPSE

    def test_reason_shows_increase(self) -> None:
        """The progression reason shows both values and the increase."""
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0)
        result = classify_response(
            assessment(marrow_blasts_percent=50.0),
            criteria=CIBMTR,
            previous=before,
            in_remission=False,
        )
        assert "marrow blasts 50 % vs 40 % before: +25 % >= 25 %" in result.reasons

    def test_previous_after_assessment(self) -> None:
        """A previous assessment dated after this one is a chronology error."""
        later = assessment(date=date(2024, 4, 1))
        with pytest.raises(ChronologyError, match=r"previous\.date"):
            classify_response(FULL, criteria=CIBMTR, previous=later, in_remission=False)


class TestRelapse:
    @pytest.mark.parametrize(
        ("criteria", "blasts", "expected"),
        [
            (BLIN, 5.0, CR),
            (BLIN, 4.99, CR),
            (BLIN, 5.01, RELAPSE),
            (CIBMTR, 5.0, RELAPSE),
            (CIBMTR, 4.99, CR),
            (CIBMTR, 5.01, RELAPSE),
        ],
        ids=["blin-at", "blin-below", "blin-above", "cibmtr-at", "cibmtr-below", "cibmtr-above"],
    )
    def test_marrow_cut(
        self, criteria: ResponseCriteria, blasts: float, expected: ResponseCategory
    ) -> None:
        """Relapse in the marrow uses the set's own CR blast cut."""
        assert category(criteria, True, marrow_blasts_percent=blasts) is expected

    def test_no_separate_relapse_number(self) -> None:
        """CIBMTR 2010: 10 % marrow blasts in a patient in remission is relapse, not 25 %."""
        assert category(CIBMTR, True, marrow_blasts_percent=10.0) is RELAPSE

    def test_circulating_blasts(self) -> None:
        """Any circulating blasts in a patient in remission is relapse."""
        assert category(BLIN, True, blood_blasts_percent=1.0) is RELAPSE

    def test_extramedullary_disease(self) -> None:
        """Extramedullary disease in a patient in remission is relapse."""
        assert category(BLIN, True, extramedullary_disease=True) is RELAPSE

    def test_relapse_decided_despite_missing(self) -> None:
        """Marrow blasts 40 % is relapse whatever the missing blood values."""
        result = classify_response(
            assessment(marrow_blasts_percent=40.0, blood_blasts_percent=None, platelets=None),
            in_remission=True,
        )
        assert result.category is RELAPSE

    def test_relapse_undecidable(self) -> None:
        """A clear marrow with blood blasts missing cannot exclude relapse."""
        result = classify_response(assessment(blood_blasts_percent=None), in_remission=True)
        assert result.category is UNKNOWN
        assert result.missing == ("blood_blasts_percent",)

    def test_still_in_remission_is_classified(self) -> None:
        """A patient in remission who stays disease-free gets the remission category."""
        assert category(BLIN, True, platelets=g(60.0)) is CRH
        assert category(CIBMTR, True, platelets=g(60.0)) is CRI

    def test_in_remission_without_recovery(self) -> None:
        """In remission, disease-free, neither count recovered: unclassified, not relapse."""
        assert category(BLIN, True, platelets=g(30.0), anc=g(0.3)) is UNCLASSIFIED

    def test_in_remission_one_count_recovered(self) -> None:
        """In remission, disease-free, only ANC above its CR cut: CRi, not relapse."""
        assert category(BLIN, True, platelets=g(30.0)) is CRI

    def test_reasons(self) -> None:
        """The relapse reasons name the finding and the prior remission."""
        result = classify_response(
            assessment(blood_blasts_percent=2.0, marrow_blasts_percent=7.0), in_remission=True
        )
        assert result.reasons == (
            "in remission before this assessment",
            "circulating blasts 2 %",
            "marrow blasts 7 % > 5 % (remission needs <= 5 %)",
            "loss of remission under blinatumomab_trials",
        )
        assert result.remission is None


class TestInRemissionUnknown:
    def test_remission_holds_either_way(self) -> None:
        """A CR picture is CR whether or not the patient was in remission."""
        result = classify_response(FULL, in_remission=None)
        assert result.category is CR
        assert "the category is the same whether or not the patient was in remission" in (
            result.reasons
        )

    def test_unclassified_holds_either_way(self) -> None:
        """Disease-free without recovery is unclassified either way."""
        assert category(BLIN, None, platelets=g(30.0), anc=g(0.3)) is UNCLASSIFIED

    def test_cri_holds_either_way(self) -> None:
        """Disease-free with one count recovered is CRi either way."""
        assert category(BLIN, None, platelets=g(30.0)) is CRI

    def test_disease_needs_status(self) -> None:
        """Marrow blasts 40 % is relapse or no response: unknown, naming in_remission."""
        result = classify_response(assessment(marrow_blasts_percent=40.0), in_remission=None)
        assert result.category is UNKNOWN
        assert result.missing == ("in_remission",)

    def test_status_and_marrow(self) -> None:
        """Missing marrow blasts and status are both named."""
        result = classify_response(assessment(marrow_blasts_percent=None), in_remission=None)
        assert result.category is UNKNOWN
        assert result.missing == ("in_remission", "marrow_blasts_percent")


class TestClassificationEdges:
    """Edges of the classification the named vignettes above do not reach."""

    def test_previous_on_the_same_day(self) -> None:
        """A previous assessment of the same day is accepted (only a later one is an error)."""
        same_day = assessment(marrow_blasts_percent=40.0)
        result = classify_response(
            assessment(marrow_blasts_percent=50.0),
            criteria=CIBMTR,
            previous=same_day,
            in_remission=False,
        )
        assert result.category is PD

    def test_no_progression_reasons_name_each_rule(self) -> None:
        """No response with a previous assessment gives each progression rule's finding."""
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0)
        result = classify_response(
            assessment(marrow_blasts_percent=45.0),
            criteria=CIBMTR,
            previous=before,
            in_remission=False,
        )
        assert result.category is NO_RESPONSE
        assert any(
            "marrow blasts 45 % vs 40 % before: +12.5 %, progression needs >= 25 %" in reason
            for reason in result.reasons
        ), result.reasons

    def test_new_extramedullary_disease_unknown_before(self) -> None:
        """Extramedullary disease now, not recorded before: whether it is new is unknown."""
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0, extramedullary_disease=None)
        result = classify_response(
            assessment(marrow_blasts_percent=40.0, extramedullary_disease=True),
            criteria=CIBMTR,
            previous=before,
            in_remission=False,
        )
        assert result.category is UNKNOWN
        assert result.missing == ("previous.extramedullary_disease",)

    @pytest.mark.parametrize(
        ("now", "before", "expected", "missing"),
        [
            # no circulating blasts (0 %) is an absolute count of 0 without a white count
            (
                {"blood_blasts_percent": 0.0, "wbc": None},
                {"blood_blasts_percent": 0.0},
                NO_RESPONSE,
                (),
            ),
            # a white count of 0 is an absolute count of 0 without a blast percentage
            ({"blood_blasts_percent": None, "wbc": g(0.0)}, {"wbc": g(0.0)}, NO_RESPONSE, ()),
            # 1 % of an unknown white count is unknown
            (
                {"blood_blasts_percent": 1.0, "wbc": None},
                {"blood_blasts_percent": 0.0},
                UNKNOWN,
                ("wbc",),
            ),
            # an unknown share of a white count of 1 is unknown
            (
                {"blood_blasts_percent": None, "wbc": g(1.0)},
                {"blood_blasts_percent": 0.0},
                UNKNOWN,
                ("blood_blasts_percent",),
            ),
        ],
        ids=["no-blasts", "no-white-cells", "blasts-without-wbc", "wbc-without-blasts"],
    )
    def test_absolute_circulating_blasts(
        self,
        now: dict[str, Any],
        before: dict[str, Any],
        expected: ResponseCategory,
        missing: tuple[str, ...],
    ) -> None:
        """Absolute circulating blasts are known when either factor is 0, else need both."""
        earlier = assessment(date=EARLIER, marrow_blasts_percent=40.0, **before)
        result = classify_response(
            assessment(marrow_blasts_percent=40.0, **now),
            criteria=CIBMTR,
            previous=earlier,
            in_remission=False,
        )
        assert result.category is expected
        assert result.missing == missing

    def test_absolute_circulating_blasts_in_the_reason(self) -> None:
        """The reason shows absolute circulating blasts: blast % of the white count."""
        before = assessment(
            date=EARLIER, marrow_blasts_percent=60.0, wbc=g(10.0), blood_blasts_percent=20.0
        )
        result = classify_response(
            assessment(marrow_blasts_percent=60.0, wbc=g(10.0), blood_blasts_percent=30.0),
            criteria=CIBMTR,
            previous=before,
            in_remission=False,
        )
        assert result.category is PD
        assert any(
            "absolute circulating blasts 3 x10^9/L vs 2 x10^9/L before: +50 %" in reason
            for reason in result.reasons
        ), result.reasons

    @pytest.mark.parametrize(
        ("now", "shown"),
        [
            (78.125, "+9.999e+05 %"),  # 1/128 % to 10000/128 %: +999,900 %
            (78.1328125, "+1e+06 %"),  # exactly +1,000,000 %, still shown as a number
            (78.140625, "more than +1e+06 %"),  # above it: capped
        ],
    )
    def test_huge_rises_are_capped(self, now: float, shown: str) -> None:
        """A rise of more than +1,000,000 % (from near zero) is shown capped."""
        before = assessment(date=EARLIER, marrow_blasts_percent=0.0078125)
        result = classify_response(
            assessment(marrow_blasts_percent=now),
            criteria=CIBMTR,
            previous=before,
            in_remission=False,
        )
        text = f"marrow blasts {now:.6g} % vs 0.0078125 % before: {shown} >= 25 %"
        assert text in result.reasons, result.reasons

    def test_equal_strict_cuts_leave_no_gap(self) -> None:
        """CR > 100 with CRh > 100: platelets above the CR cut are above the CRh cut, so a
        missing platelet count cannot give CR-level but not CRh-level platelets (CRi)."""
        equal = attrs.evolve(BLIN, crh_platelets=100.0)
        result = classify_response(
            assessment(platelets=None, anc=g(0.8)), criteria=equal, in_remission=False
        )
        assert result.reasons == ("could be CRh, unclassified; missing: platelets",)

    def test_equal_inclusive_cuts_leave_no_gap(self) -> None:
        """CR >= 100 with CRh >= 100: likewise no gap."""
        equal = attrs.evolve(
            BLIN, cr_counts_inclusive=True, crh_counts_inclusive=True, crh_platelets=100.0
        )
        result = classify_response(
            assessment(platelets=None, anc=g(0.8)), criteria=equal, in_remission=False
        )
        assert result.reasons == ("could be CRh, unclassified; missing: platelets",)

    def test_percentages_of_100_accepted(self) -> None:
        """Marrow and circulating blasts and cellularity of exactly 100 % are accepted."""
        full = ResponseAssessment(
            date=DAY,
            marrow_blasts_percent=100.0,
            blood_blasts_percent=100.0,
            marrow_cellularity_percent=100.0,
        )
        assert full.marrow_blasts_percent == 100.0
