"""The assessment's inputs: validation, count units, missing values (named, never guessed)
and the review's note on a hypocellular marrow."""

from __future__ import annotations

import pytest

from allmodel.clinical.response import ResponseAssessment, ResponseCriteria, classify_response
from allmodel.errors import UnitError, ValidationError
from allmodel.measures import CountConcentration
from tests.clinical.response.assessments import (
    BLIN,
    CIBMTR,
    CR,
    CRH,
    CRI,
    DAY,
    EARLIER,
    NO_RESPONSE,
    PD,
    UNKNOWN,
    assessment,
    g,
)


def _note(cellularity: float | None, criteria: str) -> str:
    """The review's note on a marrow of ``cellularity`` % read under ``criteria``."""
    return (
        f"marrow cellularity {cellularity:g} % <= 25 %: the review's refractory definition"
        f" asks for > 25 % cellularity, which {criteria} does not quantify, so the category"
        " stands"
    )


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
        assert result.notes == ((_note(cellularity, criteria.name),) if noted else ())
        cites_review = "review-definitions-of-relapse-and-refractory-disease" in result.citations
        assert cites_review is noted

    def test_note_text(self) -> None:
        """The note names the cellularity, the review's cut and the set."""
        result = classify_response(assessment(marrow_cellularity_percent=20.0), in_remission=False)
        assert result.notes == (
            "marrow cellularity 20 % <= 25 %: the review's refractory definition asks for"
            " > 25 % cellularity, which blinatumomab_trials does not quantify, so the"
            " category stands",
        )

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
        crh = classify_response(assessment(**low), in_remission=False)
        cri = classify_response(assessment(**low), criteria=CIBMTR, in_remission=False)
        assert (crh.category, crh.notes) == (CRH, (_note(15.0, "blinatumomab_trials"),))
        assert (cri.category, cri.notes) == (CRI, (_note(15.0, "cibmtr_2010"),))


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
