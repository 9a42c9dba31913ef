"""Hematologic response classification under the named criteria sets."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allmodel.clinical.response import (
    BLINATUMOMAB_CR_ANC_ABOVE,
    BLINATUMOMAB_CR_PLATELETS_ABOVE,
    BLINATUMOMAB_CRH_ANC_ABOVE,
    BLINATUMOMAB_CRH_PLATELETS_ABOVE,
    BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW,
    BLINATUMOMAB_TRIALS,
    CIBMTR_2010,
    CIBMTR_CR_ANC_AT_OR_ABOVE,
    CIBMTR_CR_PLATELETS_AT_OR_ABOVE,
    CIBMTR_MARROW_BLASTS_BELOW,
    CIBMTR_PROGRESSION_INCREASE_AT_LEAST,
    REVIEW_MARROW_CELLULARITY_ABOVE,
    ResponseAssessment,
    ResponseCategory,
    ResponseCriteria,
    ResponseResult,
    classify_response,
)
from allmodel.errors import ChronologyError, RuleError, UnitError, ValidationError
from allmodel.measures import CountConcentration
from allmodel.model import Remission, RemissionKind

CR = ResponseCategory.CR
CRH = ResponseCategory.CRH
CRI = ResponseCategory.CRI
NO_RESPONSE = ResponseCategory.NO_RESPONSE
RELAPSE = ResponseCategory.RELAPSE
PD = ResponseCategory.PROGRESSIVE_DISEASE
UNCLASSIFIED = ResponseCategory.UNCLASSIFIED
UNKNOWN = ResponseCategory.UNKNOWN

DAY = date(2024, 3, 1)
EARLIER = date(2024, 2, 1)
BLIN = BLINATUMOMAB_TRIALS
CIBMTR = CIBMTR_2010


def g(value: float) -> CountConcentration:
    """A count in 10^9/L."""
    return CountConcentration(value, "10^9/L")


#: A disease-free assessment with full count recovery in both sets.
FULL = ResponseAssessment(
    date=DAY,
    marrow_blasts_percent=2.0,
    blood_blasts_percent=0.0,
    wbc=g(4.0),
    extramedullary_disease=False,
    anc=g(2.0),
    platelets=g(150.0),
    marrow_cellularity_percent=50.0,
)


def assessment(**changes: Any) -> ResponseAssessment:
    """FULL with some fields changed."""
    return attrs.evolve(FULL, **changes)


def category(
    criteria: ResponseCriteria = BLIN,
    in_remission: bool | None = False,
    previous: ResponseAssessment | None = None,
    **changes: Any,
) -> ResponseCategory:
    """The category of FULL with ``changes`` under ``criteria``."""
    result = classify_response(
        assessment(**changes), criteria=criteria, in_remission=in_remission, previous=previous
    )
    return result.category


class TestConstants:
    def test_blinatumomab_values(self) -> None:
        """The blinatumomab trial cuts are 5 %, 100, 1.0, 50 and 0.5 x10^9/L."""
        assert BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW == 5.0
        assert BLINATUMOMAB_CR_PLATELETS_ABOVE == 100.0
        assert BLINATUMOMAB_CR_ANC_ABOVE == 1.0
        assert BLINATUMOMAB_CRH_PLATELETS_ABOVE == 50.0
        assert BLINATUMOMAB_CRH_ANC_ABOVE == 0.5

    def test_cibmtr_values(self) -> None:
        """The CIBMTR 2010 cuts are 5 %, 100, 1.0 x10^9/L and a 25 % increase."""
        assert CIBMTR_MARROW_BLASTS_BELOW == 5.0
        assert CIBMTR_CR_PLATELETS_AT_OR_ABOVE == 100.0
        assert CIBMTR_CR_ANC_AT_OR_ABOVE == 1.0
        assert CIBMTR_PROGRESSION_INCREASE_AT_LEAST == 0.25

    def test_review_cellularity(self) -> None:
        """The review's cellularity cut is 25 %."""
        assert REVIEW_MARROW_CELLULARITY_ABOVE == 25.0

    def test_blinatumomab_set_operators(self) -> None:
        """Blinatumomab trials: strict counts, CRh, CRi with one count, no progression."""
        assert BLIN.name == "blinatumomab_trials"
        assert BLIN.marrow_operator == "<="
        assert BLIN.cr_operator == ">"
        assert BLIN.crh_operator == ">"
        assert BLIN.defines_crh
        assert BLIN.defines_cri
        assert BLIN.cri_needs_one_count
        assert BLIN.progression_increase is None

    def test_cibmtr_set_operators(self) -> None:
        """CIBMTR 2010: blasts strict, counts inclusive, CRi, no CRh, inclusive progression."""
        assert CIBMTR.name == "cibmtr_2010"
        assert CIBMTR.marrow_operator == "<"
        assert CIBMTR.cr_operator == ">="
        assert not CIBMTR.defines_crh
        assert CIBMTR.defines_cri
        assert not CIBMTR.cri_needs_one_count
        assert CIBMTR.progression_increase == 0.25
        assert CIBMTR.progression_inclusive

    def test_default_is_blinatumomab(self) -> None:
        """Without a criteria argument the blinatumomab trial set applies."""
        assert classify_response(FULL, in_remission=False).criteria == "blinatumomab_trials"

    def test_repr_is_readable(self) -> None:
        """The repr names the set and its cuts, not the long citation."""
        text = repr(CIBMTR)
        assert text.startswith("ResponseCriteria(name='cibmtr_2010'")
        assert "marrow_blasts_cut=5.0" in text
        assert "Biol Blood" not in text

    def test_sets_are_frozen(self) -> None:
        """A named set cannot be changed in place."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            BLIN.cr_anc = 2.0  # type: ignore[misc]


class TestCriteriaValidation:
    def test_one_crh_cut_alone(self) -> None:
        """A CRh platelet cut without a CRh ANC cut is a rule error."""
        with pytest.raises(RuleError, match="crh_anc"):
            attrs.evolve(BLIN, crh_anc=None)

    def test_negative_count_cut(self) -> None:
        """A negative count cut is a rule error."""
        with pytest.raises(RuleError, match="cr_platelets"):
            attrs.evolve(BLIN, cr_platelets=-1.0)

    def test_marrow_cut_above_100(self) -> None:
        """A marrow blast cut above 100 % is a rule error."""
        with pytest.raises(RuleError, match="marrow_blasts_cut"):
            attrs.evolve(BLIN, marrow_blasts_cut=101.0)

    def test_one_count_cri_without_cri(self) -> None:
        """Asking CRi for one recovered count in a set without CRi is a rule error."""
        with pytest.raises(RuleError, match="cri_needs_one_count"):
            attrs.evolve(BLIN, defines_cri=False)

    def test_zero_progression_increase(self) -> None:
        """A progression increase of 0 is a rule error."""
        with pytest.raises(RuleError, match="progression_increase"):
            attrs.evolve(CIBMTR, progression_increase=0.0)


class TestMarrowBlastCut:
    @pytest.mark.parametrize(
        ("criteria", "blasts", "expected"),
        [
            (BLIN, 5.0, CR),
            (BLIN, 4.99, CR),
            (BLIN, 5.01, NO_RESPONSE),
            (CIBMTR, 5.0, NO_RESPONSE),
            (CIBMTR, 4.99, CR),
            (CIBMTR, 5.01, NO_RESPONSE),
        ],
        ids=["blin-at", "blin-below", "blin-above", "cibmtr-at", "cibmtr-below", "cibmtr-above"],
    )
    def test_cut(
        self, criteria: ResponseCriteria, blasts: float, expected: ResponseCategory
    ) -> None:
        """5 % blasts meet the blinatumomab cut (<=) but not the CIBMTR cut (<)."""
        assert category(criteria, marrow_blasts_percent=blasts) is expected

    def test_reason_names_value_and_cut(self) -> None:
        """The reason shows the observed blasts and the cut with its operator."""
        result = classify_response(assessment(marrow_blasts_percent=5.0), in_remission=False)
        assert "marrow blasts 5 % <= 5 %" in result.reasons

    def test_failing_reason_names_value_and_cut(self) -> None:
        """A failed blast cut shows the value, the negated operator and the cut."""
        result = classify_response(
            assessment(marrow_blasts_percent=5.0), criteria=CIBMTR, in_remission=False
        )
        assert "marrow blasts 5 % >= 5 % (remission needs < 5 %)" in result.reasons


class TestBlinatumomabCrCounts:
    @pytest.mark.parametrize(
        ("platelets", "expected"),
        [(100.0, CRH), (99.9, CRH), (100.1, CR)],
        ids=["at", "below", "above"],
    )
    def test_platelet_cut(self, platelets: float, expected: ResponseCategory) -> None:
        """CR needs platelets strictly above 100 x10^9/L; otherwise CRh here."""
        assert category(BLIN, platelets=g(platelets)) is expected

    @pytest.mark.parametrize(
        ("anc", "expected"),
        [(1.0, CRH), (0.99, CRH), (1.01, CR)],
        ids=["at", "below", "above"],
    )
    def test_anc_cut(self, anc: float, expected: ResponseCategory) -> None:
        """CR needs ANC strictly above 1.0 x10^9/L; otherwise CRh here."""
        assert category(BLIN, anc=g(anc)) is expected

    def test_reason_for_failed_count(self) -> None:
        """A count at the strict cut is reported as not above it."""
        result = classify_response(assessment(platelets=g(100.0)), in_remission=False)
        assert "platelets 100 x10^9/L <= 100 x10^9/L (CR needs > 100 x10^9/L)" in result.reasons


class TestBlinatumomabCrhCounts:
    @pytest.mark.parametrize(
        ("platelets", "expected"),
        [(50.0, UNCLASSIFIED), (49.9, UNCLASSIFIED), (50.1, CRH)],
        ids=["at", "below", "above"],
    )
    def test_platelet_cut(self, platelets: float, expected: ResponseCategory) -> None:
        """CRh needs platelets strictly above 50 x10^9/L (ANC 0.8: in the CRh band only)."""
        assert category(BLIN, platelets=g(platelets), anc=g(0.8)) is expected

    @pytest.mark.parametrize(
        ("anc", "expected"),
        [(0.5, UNCLASSIFIED), (0.49, UNCLASSIFIED), (0.51, CRH)],
        ids=["at", "below", "above"],
    )
    def test_anc_cut(self, anc: float, expected: ResponseCategory) -> None:
        """CRh needs ANC strictly above 0.5 x10^9/L (platelets 80: in the CRh band only)."""
        assert category(BLIN, anc=g(anc), platelets=g(80.0)) is expected

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"platelets": g(50.0)}, CRI),
            ({"platelets": g(50.1)}, CRH),
            ({"anc": g(0.5)}, CRI),
            ({"anc": g(0.51)}, CRH),
        ],
        ids=["platelets-at", "platelets-above", "anc-at", "anc-above"],
    )
    def test_cut_beside_a_recovered_count(
        self, changes: dict[str, Any], expected: ResponseCategory
    ) -> None:
        """Missing the CRh cut while the other count is above its CR cut is CRi."""
        assert category(BLIN, **changes) is expected

    def test_unclassified_explains_itself(self) -> None:
        """Disease-free with neither count recovered says why it is not CRi here."""
        result = classify_response(assessment(platelets=g(20.0), anc=g(0.2)), in_remission=False)
        assert result.category is UNCLASSIFIED
        assert result.missing == ()
        assert "platelets 20 x10^9/L <= 50 x10^9/L (CRh needs > 50 x10^9/L)" in result.reasons
        assert result.reasons[-1] == (
            "blinatumomab_trials defines no category for a disease-free marrow whose counts"
            " miss the CR or CRh cuts and neither count meets its CR cut: the set's CRi"
            " needs one count recovered (clinical reference decision 2), and a CRi without"
            " specified counts (as in cibmtr_2010) is not applied"
        )


class TestCibmtrCounts:
    @pytest.mark.parametrize(
        ("platelets", "expected"),
        [(100.0, CR), (99.9, CRI), (100.1, CR)],
        ids=["at", "below", "above"],
    )
    def test_platelet_cut(self, platelets: float, expected: ResponseCategory) -> None:
        """CR needs platelets at or above 100 x10^9/L; otherwise CRi."""
        assert category(CIBMTR, platelets=g(platelets)) is expected

    @pytest.mark.parametrize(
        ("anc", "expected"),
        [(1.0, CR), (0.99, CRI), (1.01, CR)],
        ids=["at", "below", "above"],
    )
    def test_anc_cut(self, anc: float, expected: ResponseCategory) -> None:
        """CR needs ANC at or above 1.0 x10^9/L; otherwise CRi."""
        assert category(CIBMTR, anc=g(anc)) is expected

    def test_cri_whatever_the_counts(self) -> None:
        """CRi takes any blood counts once the marrow, blood and EMD are clear."""
        assert category(CIBMTR, platelets=g(5.0), anc=g(0.1)) is CRI

    def test_no_crh_in_cibmtr(self) -> None:
        """Counts that are CRh in the blinatumomab set are CRi in CIBMTR 2010."""
        assert category(BLIN, platelets=g(60.0)) is CRH
        assert category(CIBMTR, platelets=g(60.0)) is CRI


class TestBlinatumomabCri:
    """CRi in the default set: disease-free, one count at its CR cut (decision 2)."""

    @pytest.mark.parametrize(
        ("platelets", "expected"),
        [(100.0, UNCLASSIFIED), (99.9999, UNCLASSIFIED), (100.0001, CRI)],
        ids=["at", "below", "above"],
    )
    def test_platelet_cut(self, platelets: float, expected: ResponseCategory) -> None:
        """With ANC 0.3, CRi needs platelets strictly above 100 x10^9/L."""
        assert category(BLIN, platelets=g(platelets), anc=g(0.3)) is expected

    @pytest.mark.parametrize(
        ("anc", "expected"),
        [(1.0, UNCLASSIFIED), (0.9999, UNCLASSIFIED), (1.0001, CRI)],
        ids=["at", "below", "above"],
    )
    def test_anc_cut(self, anc: float, expected: ResponseCategory) -> None:
        """With platelets 30, CRi needs ANC strictly above 1.0 x10^9/L."""
        assert category(BLIN, anc=g(anc), platelets=g(30.0)) is expected

    @pytest.mark.parametrize(
        ("platelets", "expected"),
        [(100_000, UNCLASSIFIED), (100_001, CRI)],
        ids=["at", "above"],
    )
    def test_platelets_per_microlitre(self, platelets: float, expected: ResponseCategory) -> None:
        """100,000 /uL is exactly the 100 x10^9/L cut; 100,001 /uL is above it."""
        changes: dict[str, Any] = {
            "platelets": CountConcentration(platelets, "/uL"),
            "anc": g(0.3),
        }
        assert category(BLIN, **changes) is expected

    @pytest.mark.parametrize(
        ("platelets", "anc", "expected"),
        [
            (150.0, 2.0, CR),
            (100.0001, 1.0001, CR),
            (150.0, 0.8, CRH),
            (80.0, 1.5, CRH),
            (100.0001, 0.5001, CRH),
            (150.0, 0.5, CRI),
            (30.0, 1.5, CRI),
            (30.0, 0.3, UNCLASSIFIED),
        ],
        ids=[
            "CR-meets-all",
            "CR-just-above",
            "CRh-and-full-platelets",
            "CRh-and-full-anc",
            "CRh-at-edges",
            "CRi-anc-at-crh-cut",
            "CRi-anc-only",
            "neither",
        ],
    )
    def test_precedence(self, platelets: float, anc: float, expected: ResponseCategory) -> None:
        """CR before CRh before CRi: CRh with one count fully recovered is still CRh."""
        assert category(BLIN, platelets=g(platelets), anc=g(anc)) is expected

    @pytest.mark.parametrize(
        ("blasts", "expected"),
        [(5.0, CRI), (4.99, CRI), (5.01, NO_RESPONSE)],
        ids=["at", "below", "above"],
    )
    def test_marrow_cut(self, blasts: float, expected: ResponseCategory) -> None:
        """CRi uses the set's CR blast cut, inclusive at 5 %."""
        changes: dict[str, Any] = {"marrow_blasts_percent": blasts, "anc": g(0.3)}
        assert category(BLIN, **changes) is expected

    @pytest.mark.parametrize(
        ("changes", "in_remission", "expected"),
        [
            ({"blood_blasts_percent": 1.0}, False, NO_RESPONSE),
            ({"extramedullary_disease": True}, False, NO_RESPONSE),
            ({"blood_blasts_percent": 1.0}, True, RELAPSE),
            ({"extramedullary_disease": True}, True, RELAPSE),
        ],
        ids=["blood-refractory", "emd-refractory", "blood-relapse", "emd-relapse"],
    )
    def test_needs_no_evidence_of_disease(
        self, changes: dict[str, Any], in_remission: bool, expected: ResponseCategory
    ) -> None:
        """Circulating blasts or extramedullary disease rule CRi out, as they do CR."""
        assert category(BLIN, in_remission, anc=g(0.3), **changes) is expected

    def test_reasons(self) -> None:
        """CRi names every count against its CR and CRh cuts and the decision."""
        result = classify_response(assessment(anc=g(0.3)), in_remission=False)
        assert result.category is CRI
        assert result.missing == ()
        assert result.reasons == (
            "not in remission before this assessment",
            "marrow blasts 2 % <= 5 %",
            "no circulating blasts",
            "no extramedullary disease",
            "platelets 150 x10^9/L > 100 x10^9/L (CR)",
            "ANC 0.3 x10^9/L <= 1 x10^9/L (CR needs > 1 x10^9/L)",
            "platelets 150 x10^9/L > 50 x10^9/L (CRh)",
            "ANC 0.3 x10^9/L <= 0.5 x10^9/L (CRh needs > 0.5 x10^9/L)",
            "CRi: all CR criteria except one blood count (one count at its CR cut;"
            " clinical reference decision 2)",
        )
        assert result.remission == Remission(kind=RemissionKind.CRI, date=DAY)

    def test_neither_count_is_not_cri(self) -> None:
        """Blasts 2 %, platelets 30, ANC 0.3: unclassified here, CRi under CIBMTR 2010."""
        neither = assessment(platelets=g(30.0), anc=g(0.3))
        result = classify_response(neither, in_remission=False)
        assert result.category is UNCLASSIFIED
        assert result.missing == ()
        assert result.remission is None
        assert "cibmtr_2010" in result.reasons[-1]
        assert classify_response(neither, criteria=CIBMTR, in_remission=False).category is CRI

    def test_set_without_cri_keeps_its_reason(self) -> None:
        """A copy of the set without CRi leaves one recovered count unclassified."""
        no_cri = attrs.evolve(BLIN, defines_cri=False, cri_needs_one_count=False)
        result = classify_response(assessment(anc=g(0.3)), criteria=no_cri, in_remission=False)
        assert result.category is UNCLASSIFIED
        assert result.reasons[-1].endswith("miss the CR or CRh cuts (the set defines no CRi)")


class TestBlinatumomabCriUnknown:
    """A count CRi needs that is missing stays missing: the result is unknown."""

    @pytest.mark.parametrize(
        ("changes", "missing", "choices"),
        [
            ({"platelets": None, "anc": g(0.3)}, ("platelets",), "CRi, unclassified"),
            ({"platelets": g(30.0), "anc": None}, ("anc",), "CRi, unclassified"),
            ({"platelets": g(150.0), "anc": None}, ("anc",), "CR, CRh, CRi"),
            ({"platelets": None, "anc": g(1.5)}, ("platelets",), "CR, CRh, CRi"),
            ({"platelets": None, "anc": g(0.8)}, ("platelets",), "CRh, unclassified"),
            ({"platelets": g(80.0), "anc": None}, ("anc",), "CRh, unclassified"),
            (
                {"platelets": None, "anc": None},
                ("anc", "platelets"),
                "CR, CRh, CRi, unclassified",
            ),
        ],
        ids=[
            "platelets-with-low-anc",
            "anc-with-low-platelets",
            "anc-with-full-platelets",
            "platelets-with-full-anc",
            "platelets-with-crh-anc",
            "anc-with-crh-platelets",
            "both",
        ],
    )
    def test_unknown(self, changes: dict[str, Any], missing: tuple[str, ...], choices: str) -> None:
        """The result names the missing count and only categories it could really give."""
        result = classify_response(assessment(**changes), in_remission=False)
        assert result.category is UNKNOWN
        assert result.missing == missing
        assert result.reasons == (f"could be {choices}; missing: {', '.join(missing)}",)
        assert result.remission is None

    def test_circulating_blasts_missing(self) -> None:
        """One count recovered but circulating blasts not reported: CRi or no response."""
        result = classify_response(
            assessment(anc=g(0.3), blood_blasts_percent=None), in_remission=False
        )
        assert result.category is UNKNOWN
        assert result.missing == ("blood_blasts_percent",)
        assert result.reasons == ("could be CRi, no_response; missing: blood_blasts_percent",)

    def test_equal_cuts_keep_the_gap(self) -> None:
        """CR >= 100 with CRh > 100: platelets exactly 100 are CR-level but not CRh-level."""
        equal = attrs.evolve(BLIN, cr_counts_inclusive=True, crh_platelets=100.0)
        result = classify_response(
            assessment(platelets=None, anc=g(0.8)), criteria=equal, in_remission=False
        )
        assert result.category is UNKNOWN
        assert result.reasons == ("could be CRh, CRi, unclassified; missing: platelets",)
        assert (
            classify_response(
                assessment(platelets=g(100.0), anc=g(0.8)), criteria=equal, in_remission=False
            ).category
            is CRI
        )


class TestCibmtrUnchanged:
    """The default set's CRi leaves CIBMTR 2010 as it was: CRi whatever the counts."""

    @pytest.mark.parametrize(
        ("platelets", "anc", "expected"),
        [
            (150.0, 2.0, CR),
            (100.0, 1.0, CR),
            (99.9999, 2.0, CRI),
            (150.0, 0.9999, CRI),
            (150.0, 0.3, CRI),
            (30.0, 1.5, CRI),
            (30.0, 0.3, CRI),
            (0.0, 0.0, CRI),
            (None, 0.3, CRI),
            (30.0, None, CRI),
        ],
        ids=[
            "full",
            "at-cuts",
            "platelets-below",
            "anc-below",
            "platelets-only",
            "anc-only",
            "neither",
            "none",
            "platelets-missing",
            "anc-missing",
        ],
    )
    def test_categories(
        self, platelets: float | None, anc: float | None, expected: ResponseCategory
    ) -> None:
        """CR at or above both cuts, else CRi, with a missing count that cannot matter."""
        changes: dict[str, Any] = {
            "platelets": None if platelets is None else g(platelets),
            "anc": None if anc is None else g(anc),
        }
        assert category(CIBMTR, **changes) is expected

    def test_cri_reasons(self) -> None:
        """The CIBMTR CRi reasons name the CR counts and no CRh or one-count rule."""
        result = classify_response(
            assessment(platelets=g(30.0), anc=g(0.3)), criteria=CIBMTR, in_remission=False
        )
        assert result.reasons == (
            "not in remission before this assessment",
            "marrow blasts 2 % < 5 %",
            "no circulating blasts",
            "no extramedullary disease",
            "platelets 30 x10^9/L < 100 x10^9/L (CR needs >= 100 x10^9/L)",
            "ANC 0.3 x10^9/L < 1 x10^9/L (CR needs >= 1 x10^9/L)",
            "CRi: all CR criteria except the blood counts",
        )
        assert result.citations == (CIBMTR.citation,)

    def test_both_counts_missing(self) -> None:
        """Both counts missing on a clear marrow is CR or CRi: unknown, naming both."""
        result = classify_response(
            assessment(platelets=None, anc=None), criteria=CIBMTR, in_remission=False
        )
        assert result.reasons == ("could be CR, CRi; missing: anc, platelets",)


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


class TestCellularityNote:
    @pytest.mark.parametrize("criteria", [BLIN, CIBMTR], ids=["blin", "cibmtr"])
    @pytest.mark.parametrize(
        ("cellularity", "noted"),
        [(25.0, True), (24.9, True), (25.1, False), (None, False)],
        ids=["at", "below", "above", "missing"],
    )
    def test_note(self, criteria: ResponseCriteria, cellularity: float | None, noted: bool) -> None:
        """A remission on cellularity <= 25 % gets a note; the category stays CR."""
        result = classify_response(
            assessment(marrow_cellularity_percent=cellularity),
            criteria=criteria,
            in_remission=False,
        )
        assert result.category is CR
        assert bool(result.notes) is noted
        assert any("Larson" in citation for citation in result.citations) is noted

    def test_note_text(self) -> None:
        """The note names the cellularity, the review's cut and the set."""
        result = classify_response(assessment(marrow_cellularity_percent=20.0), in_remission=False)
        (note,) = result.notes
        assert note.startswith("marrow cellularity 20 % <= 25 %")
        assert "blinatumomab_trials" in note

    def test_no_note_without_remission(self) -> None:
        """Low cellularity on a marrow full of blasts adds no note."""
        result = classify_response(
            assessment(marrow_blasts_percent=40.0, marrow_cellularity_percent=10.0),
            in_remission=False,
        )
        assert result.category is NO_RESPONSE
        assert result.notes == ()

    def test_note_for_crh_and_cri(self) -> None:
        """CRh and CRi are remissions and get the note too."""
        low = {"marrow_cellularity_percent": 15.0, "platelets": g(60.0)}
        assert classify_response(assessment(**low), in_remission=False).notes
        assert classify_response(assessment(**low), criteria=CIBMTR, in_remission=False).notes


class TestUnits:
    @pytest.mark.parametrize("criteria", [BLIN, CIBMTR], ids=["blin", "cibmtr"])
    def test_platelets_per_microlitre(self, criteria: ResponseCriteria) -> None:
        """45,000 /uL and 45 x10^9/L give identical results."""
        per_ul = assessment(platelets=CountConcentration(45_000, "/uL"))
        per_l = assessment(platelets=g(45.0))
        by_ul = classify_response(per_ul, criteria=criteria, in_remission=False)
        assert by_ul == classify_response(per_l, criteria=criteria, in_remission=False)

    @pytest.mark.parametrize("criteria", [BLIN, CIBMTR], ids=["blin", "cibmtr"])
    def test_anc_at_cut_per_microlitre(self, criteria: ResponseCriteria) -> None:
        """ANC 1,000 /uL is exactly the 1.0 x10^9/L cut in each set."""
        per_ul = assessment(anc=CountConcentration(1_000, "/uL"))
        result = classify_response(per_ul, criteria=criteria, in_remission=False)
        assert result == classify_response(
            assessment(anc=g(1.0)), criteria=criteria, in_remission=False
        )
        assert result.category is (CRH if criteria is BLIN else CR)

    def test_thousands_per_microlitre(self) -> None:
        """10^3/uL is the same number as 10^9/L."""
        result = classify_response(
            assessment(platelets=CountConcentration(100.1, "10^3/uL")), in_remission=False
        )
        assert result.category is CR


class TestMissingInputs:
    def test_high_blasts_decide_without_counts(self) -> None:
        """Marrow blasts 40 % with platelets missing is still no response."""
        result = classify_response(
            assessment(marrow_blasts_percent=40.0, platelets=None), in_remission=False
        )
        assert result.category is NO_RESPONSE
        assert result.missing == ()

    def test_low_blasts_need_platelets(self) -> None:
        """Marrow blasts 3 % with platelets missing is unknown, naming platelets."""
        result = classify_response(
            assessment(marrow_blasts_percent=3.0, platelets=None), in_remission=False
        )
        assert result.category is UNKNOWN
        assert result.missing == ("platelets",)
        assert result.reasons == ("could be CR, CRh, CRi; missing: platelets",)

    def test_both_counts(self) -> None:
        """Both counts missing on a clear marrow names both, sorted."""
        result = classify_response(
            assessment(anc=None, platelets=None), criteria=CIBMTR, in_remission=False
        )
        assert result.category is UNKNOWN
        assert result.missing == ("anc", "platelets")

    def test_circulating_blasts(self) -> None:
        """Blood blasts missing on a clear marrow with recovered counts names them."""
        result = classify_response(assessment(blood_blasts_percent=None), in_remission=False)
        assert result.category is UNKNOWN
        assert result.missing == ("blood_blasts_percent",)

    def test_everything_missing(self) -> None:
        """An empty assessment names every input that decides a category."""
        result = classify_response(ResponseAssessment(date=DAY), in_remission=False)
        assert result.category is UNKNOWN
        assert result.missing == (
            "anc",
            "blood_blasts_percent",
            "extramedullary_disease",
            "marrow_blasts_percent",
            "platelets",
        )

    def test_cri_needs_no_second_count(self) -> None:
        """CIBMTR: platelets below the CR cut make it CRi whatever the missing ANC."""
        result = classify_response(
            assessment(platelets=g(50.0), anc=None), criteria=CIBMTR, in_remission=False
        )
        assert result.category is CRI

    def test_unclassified_needs_the_second_count(self) -> None:
        """Blinatumomab: ANC below the CRh cut is CRi or unclassified by the platelets."""
        result = classify_response(assessment(anc=g(0.3), platelets=None), in_remission=False)
        assert result.category is UNKNOWN
        assert result.missing == ("platelets",)
        assert result.reasons == ("could be CRi, unclassified; missing: platelets",)

    def test_crh_needs_the_other_count(self) -> None:
        """Platelets in the CRh band with ANC missing cannot decide CR, CRh or neither."""
        result = classify_response(assessment(platelets=g(60.0), anc=None), in_remission=False)
        assert result.category is UNKNOWN
        assert result.missing == ("anc",)

    def test_cellularity_and_wbc_never_block(self) -> None:
        """Missing cellularity or white count never makes a result unknown."""
        result = classify_response(
            assessment(marrow_cellularity_percent=None, wbc=None), in_remission=False
        )
        assert result.category is CR

    def test_progression_names_previous_field(self) -> None:
        """An undecidable progression names the previous assessment's field."""
        before = assessment(date=EARLIER, marrow_blasts_percent=None)
        result = classify_response(
            assessment(marrow_blasts_percent=50.0),
            criteria=CIBMTR,
            previous=before,
            in_remission=False,
        )
        assert result.category is UNKNOWN
        assert result.missing == ("previous.marrow_blasts_percent",)
        assert result.reasons == (
            "could be no_response, progressive_disease; missing: previous.marrow_blasts_percent",
        )

    def test_progression_names_white_count(self) -> None:
        """Circulating blasts without a white count name wbc when it matters."""
        before = assessment(
            date=EARLIER, marrow_blasts_percent=60.0, wbc=g(10.0), blood_blasts_percent=20.0
        )
        now = assessment(marrow_blasts_percent=60.0, wbc=None, blood_blasts_percent=30.0)
        result = classify_response(now, criteria=CIBMTR, previous=before, in_remission=False)
        assert result.category is UNKNOWN
        assert result.missing == ("wbc",)

    def test_progression_decided_by_one_rule(self) -> None:
        """A marrow rise of 25 % is progression whatever the missing blood values."""
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0, blood_blasts_percent=None)
        now = assessment(marrow_blasts_percent=50.0, blood_blasts_percent=None, wbc=None)
        assert (
            classify_response(now, criteria=CIBMTR, previous=before, in_remission=False).category
            is PD
        )

    def test_unknown_has_no_remission(self) -> None:
        """An unknown result documents no remission."""
        assert classify_response(assessment(platelets=None), in_remission=False).remission is None


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


class TestRemissionProperty:
    @pytest.mark.parametrize(
        ("criteria", "changes", "kind"),
        [
            (BLIN, {}, RemissionKind.CR),
            (BLIN, {"platelets": g(60.0)}, RemissionKind.CRH),
            (BLIN, {"platelets": g(30.0)}, RemissionKind.CRI),
            (CIBMTR, {"platelets": g(60.0)}, RemissionKind.CRI),
        ],
        ids=["CR", "CRh", "blin-CRi", "cibmtr-CRi"],
    )
    def test_remission(
        self, criteria: ResponseCriteria, changes: dict[str, Any], kind: RemissionKind
    ) -> None:
        """CR, CRh and CRi document a Remission of that kind on the assessment date."""
        result = classify_response(assessment(**changes), criteria=criteria, in_remission=False)
        assert result.remission == Remission(kind=kind, date=DAY)

    @pytest.mark.parametrize(
        "changes",
        [{"marrow_blasts_percent": 40.0}, {"platelets": g(10.0), "anc": g(0.2)}],
        ids=["no_response", "unclassified"],
    )
    def test_no_remission(self, changes: dict[str, Any]) -> None:
        """Other categories document no remission."""
        assert classify_response(assessment(**changes), in_remission=False).remission is None

    def test_category_flag(self) -> None:
        """Only CR, CRh and CRi are remission categories."""
        assert {c for c in ResponseCategory if c.is_remission} == {CR, CRH, CRI}


class TestResult:
    def test_fields(self) -> None:
        """A result carries the set name, date, reasons and the set's citation."""
        result = classify_response(FULL, criteria=CIBMTR, in_remission=False)
        assert result == ResponseResult(
            category=CR,
            criteria="cibmtr_2010",
            date=DAY,
            reasons=(
                "not in remission before this assessment",
                "marrow blasts 2 % < 5 %",
                "no circulating blasts",
                "no extramedullary disease",
                "platelets 150 x10^9/L >= 100 x10^9/L (CR)",
                "ANC 2 x10^9/L >= 1 x10^9/L (CR)",
            ),
            citations=(CIBMTR.citation,),
        )

    def test_result_is_frozen(self) -> None:
        """A result cannot be changed in place."""
        result = classify_response(FULL, in_remission=False)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.category = NO_RESPONSE  # type: ignore[misc]

    def test_no_response_cites_review(self) -> None:
        """Refractory disease cites the review's definition."""
        result = classify_response(assessment(marrow_blasts_percent=40.0), in_remission=False)
        assert any("Definitions of relapse and refractory disease" in c for c in result.citations)


class TestAssessmentValidation:
    def test_percent_above_100(self) -> None:
        """Marrow blasts above 100 % are rejected with the field named."""
        with pytest.raises(ValidationError, match="marrow_blasts_percent"):
            ResponseAssessment(date=DAY, marrow_blasts_percent=101.0)

    def test_negative_count(self) -> None:
        """A negative platelet count is rejected."""
        with pytest.raises(ValidationError, match="platelets"):
            ResponseAssessment(date=DAY, platelets=g(-1.0))

    def test_every_problem_at_once(self) -> None:
        """All broken fields are reported together."""
        with pytest.raises(ValidationError) as caught:
            ResponseAssessment(
                date=DAY, blood_blasts_percent=-1.0, marrow_cellularity_percent=200.0
            )
        paths = {problem.path for problem in caught.value.problems}
        assert paths == {"blood_blasts_percent", "marrow_cellularity_percent"}

    def test_wrong_unit(self) -> None:
        """A count in a mass unit cannot be built."""
        with pytest.raises(UnitError):
            CountConcentration(5.0, "mg")


# --- boundaries found by mutation testing ------------------------------------------------


def _custom(**changes: Any) -> ResponseCriteria:
    """A set given only its required fields (and ``changes``): the defaults apply."""
    fields: dict[str, Any] = {
        "name": "custom",
        "marrow_blasts_cut": 5.0,
        "marrow_blasts_inclusive": True,
        "cr_platelets": 100.0,
        "cr_anc": 1.0,
        "cr_counts_inclusive": False,
    }
    return ResponseCriteria(**{**fields, **changes})


class TestCriteriaDefaults:
    """What a set gets for the fields it does not give."""

    def test_crh_counts_strict_by_default(self) -> None:
        """CRh cuts are strict unless said otherwise: counts exactly at them are not CRh."""
        criteria = _custom(crh_platelets=50.0, crh_anc=0.5)
        assert criteria.crh_operator == ">"
        assert category(criteria, platelets=g(50.0), anc=g(0.5)) is UNCLASSIFIED
        assert category(criteria, platelets=g(50.01), anc=g(0.51)) is CRH

    def test_no_cri_by_default(self) -> None:
        """A set defines no CRi unless it says so: low counts leave it unclassified."""
        criteria = _custom()
        assert not criteria.defines_cri
        assert category(criteria, platelets=g(30.0), anc=g(0.3)) is UNCLASSIFIED

    def test_progression_inclusive_by_default(self) -> None:
        """A progression rule counts an increase of exactly its size unless said otherwise."""
        criteria = _custom(progression_increase=0.25)
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0)
        assert category(criteria, previous=before, marrow_blasts_percent=50.0) is PD

    def test_progression_strict_when_asked(self) -> None:
        """With ``progression_inclusive=False`` exactly +25 % is not progression."""
        criteria = _custom(progression_increase=0.25, progression_inclusive=False)
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0)
        assert category(criteria, previous=before, marrow_blasts_percent=50.0) is NO_RESPONSE
        assert category(criteria, previous=before, marrow_blasts_percent=50.04) is PD


class TestCriteriaRanges:
    """The cuts a set may have, at their ends."""

    @pytest.mark.parametrize("cut", [0.0, 0.5, 99.5, 100.0])
    def test_marrow_cut_within_0_to_100(self, cut: float) -> None:
        """A marrow blast cut from 0 to 100 % (both included) is accepted."""
        assert _custom(marrow_blasts_cut=cut).marrow_blasts_cut == cut

    @pytest.mark.parametrize("cut", [-0.5, 100.5])
    def test_marrow_cut_outside_0_to_100(self, cut: float) -> None:
        """A marrow blast cut below 0 or above 100 % is a rule error."""
        with pytest.raises(RuleError, match="marrow_blasts_cut"):
            _custom(marrow_blasts_cut=cut)

    def test_count_cut_of_zero(self) -> None:
        """A count cut of 0 is accepted (a count of at least 0)."""
        assert _custom(cr_anc=0.0, cr_platelets=0.0).cr_anc == 0.0

    @pytest.mark.parametrize("field", ["cr_platelets", "cr_anc"])
    def test_infinite_count_cut(self, field: str) -> None:
        """An infinite count cut is a rule error."""
        with pytest.raises(RuleError, match=field):
            _custom(**{field: float("inf")})

    def test_infinite_progression_increase(self) -> None:
        """An infinite progression increase is a rule error."""
        with pytest.raises(RuleError, match="progression_increase"):
            attrs.evolve(CIBMTR, progression_increase=float("inf"))


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


# --- properties ---------------------------------------------------------------------------


def _either(
    first: st.SearchStrategy[Any], second: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """Each strategy half of the time (``one_of`` would flatten nested branches)."""
    return st.booleans().flatmap(lambda pick: first if pick else second)


_PERCENTS = _either(
    st.sampled_from([0.0, 3.0, 4.99, 5.0, 5.01, 25.0, 40.0, 50.0, 100.0]), st.floats(0, 100)
)
_MARROW = _either(st.sampled_from([0.0, 2.0, 4.99, 5.0, 5.01]), _PERCENTS)
_BLOOD = _either(st.just(0.0), _PERCENTS)
_COUNTS = _either(
    st.builds(
        CountConcentration,
        st.sampled_from([0.0, 0.49, 0.5, 0.51, 1.0, 1.01, 10.0, 50.0, 50.1, 100.0, 100.1, 150.0]),
        st.just("10^9/L"),
    ),
    _either(
        st.builds(CountConcentration, st.floats(0, 500), st.just("10^9/L")),
        st.builds(CountConcentration, st.floats(0, 500_000), st.just("/uL")),
    ),
)
FILLERS: dict[str, st.SearchStrategy[Any]] = {
    "marrow_blasts_percent": _MARROW,
    "blood_blasts_percent": _BLOOD,
    "wbc": _COUNTS,
    "extramedullary_disease": _either(st.just(False), st.booleans()),
    "anc": _COUNTS,
    "platelets": _COUNTS,
    "marrow_cellularity_percent": _PERCENTS,
}


@st.composite
def _assessments(draw: st.DrawFn, day: date) -> ResponseAssessment:
    """A complete assessment with a random set of fields (often none) removed."""
    values = {name: draw(strategy, label=name) for name, strategy in FILLERS.items()}
    removed = draw(st.sets(st.sampled_from(sorted(FILLERS)), max_size=3))
    return ResponseAssessment(
        date=day, **{name: None if name in removed else v for name, v in values.items()}
    )


@attrs.frozen
class Case:
    """One classification call."""

    current: ResponseAssessment
    previous: ResponseAssessment | None
    in_remission: bool | None
    criteria: ResponseCriteria

    def classify(self) -> ResponseResult:
        """Classify this case."""
        return classify_response(
            self.current,
            criteria=self.criteria,
            in_remission=self.in_remission,
            previous=self.previous,
        )

    def holes(self) -> list[str]:
        """Every input of the case that is None, named as ``ResponseResult.missing`` does."""
        names = [name for name in FILLERS if getattr(self.current, name) is None]
        if self.previous is not None:
            previous = self.previous
            names += [f"previous.{name}" for name in FILLERS if getattr(previous, name) is None]
        if self.in_remission is None:
            names.append("in_remission")
        return names

    def filled(self, values: dict[str, Any]) -> Case:
        """This case with the named holes filled."""
        current = {k: v for k, v in values.items() if k in FILLERS}
        before = {k.removeprefix("previous."): v for k, v in values.items() if "." in k}
        previous = self.previous
        if before:
            assert previous is not None
            previous = attrs.evolve(previous, **before)
        return Case(
            attrs.evolve(self.current, **current),
            previous,
            values.get("in_remission", self.in_remission),
            self.criteria,
        )


CASES = st.builds(
    Case,
    _assessments(DAY),
    st.none() | _assessments(EARLIER),
    _either(st.booleans(), st.none() | st.booleans()),
    st.sampled_from([BLIN, CIBMTR]),
)


def _fill(data: st.DataObject, names: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        strategy = st.booleans() if name == "in_remission" else FILLERS[name.split(".")[-1]]
        values[name] = data.draw(strategy, label=name)
    return values


class TestProperties:
    @settings(max_examples=500)
    @given(case=CASES, data=st.data())
    def test_decided_categories_are_sound(self, case: Case, data: st.DataObject) -> None:
        """Filling missing inputs never changes a category that is not unknown."""
        result = case.classify()
        holes = case.holes()
        if result.category is UNKNOWN or not holes:
            return
        for hole in holes:  # each missing input alone, then all of them together
            filled = case.filled(_fill(data, [hole])).classify()
            assert filled.category is result.category, hole
        assert case.filled(_fill(data, holes)).classify().category is result.category

    @settings(max_examples=500)
    @given(case=CASES, data=st.data())
    def test_missing_names_what_decides(self, case: Case, data: st.DataObject) -> None:
        """Unknown names only missing inputs, and filling all of them decides the category."""
        result = case.classify()
        if result.category is not UNKNOWN:
            assert result.missing == ()
            return
        assert result.missing
        assert list(result.missing) == sorted(result.missing)
        assert set(result.missing) <= set(case.holes())
        filled = case.filled(_fill(data, list(result.missing))).classify()
        assert filled.category is not UNKNOWN
