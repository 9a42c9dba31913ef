"""Remission categories by their cuts: the marrow blast cut, CR and CRh counts, CRi in the
blinatumomab trial set (one count recovered) and in CIBMTR 2010 (any counts)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from allmodel.clinical.response import ResponseCategory, ResponseCriteria, classify_response
from allmodel.measures import CountConcentration
from allmodel.model import Remission, RemissionKind
from tests.clinical.response.assessments import (
    BLIN,
    CIBMTR,
    CR,
    CRH,
    CRI,
    DAY,
    NO_RESPONSE,
    RELAPSE,
    UNCLASSIFIED,
    UNKNOWN,
    assessment,
    category,
    g,
)


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
            " needs one count recovered (decision-2), and a CRi without"
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
            "CRi: all CR criteria except one blood count (one count at its CR cut; decision-2)",
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
        assert result.citations == CIBMTR.citations
        assert result.citations == ("web-pmc-bbmt-2010-all-response-criteria", "decision-2")

    def test_both_counts_missing(self) -> None:
        """Both counts missing on a clear marrow is CR or CRi: unknown, naming both."""
        result = classify_response(
            assessment(platelets=None, anc=None), criteria=CIBMTR, in_remission=False
        )
        assert result.reasons == ("could be CR, CRi; missing: anc, platelets",)
