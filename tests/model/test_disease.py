"""Specification of the disease features: BCR-ABL1, CD19/CD22, CNS status, extramedullary sites."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allmodel.errors import ValidationError
from allmodel.model import (
    BcrAbl1Transcript,
    CnsAssessment,
    CnsStatus,
    Disease,
    ExtramedullarySite,
    KinaseDomainAnalysis,
    Marker,
    MarkerResult,
    PhStatus,
)
from allmodel.model._disease import NEGATIVE_CALL_AT_MOST

DAY = date(2022, 3, 1)


SAMPLED = date(2022, 10, 1)


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in error.problems]


class TestKinaseDomainAnalysis:
    """BCR-ABL1 kinase-domain mutations as protein changes."""

    @pytest.mark.parametrize("mutation", ["T315I", "E255K", "Y253H", "F317L", "V299L", "E255*"])
    def test_protein_changes_accepted(self, mutation: str) -> None:
        """One-letter amino acid, position, one-letter amino acid (or stop)."""
        assert KinaseDomainAnalysis(date=SAMPLED, mutations=(mutation,)).mutations == (mutation,)

    @pytest.mark.parametrize(
        "mutation", ["t315i", "T315", "315I", "T0I", "TI", "T315IX", "p.T315I"]
    )
    def test_malformed_mutations_refused(self, mutation: str) -> None:
        """Anything but a protein change such as T315I is refused, naming the item."""
        with pytest.raises(ValidationError) as caught:
            KinaseDomainAnalysis(date=SAMPLED, mutations=("E255K", mutation))
        (problem,) = caught.value.problems
        assert problem.path == "mutations"
        assert problem.message.startswith("item 1 must be a protein change such as 'T315I'")

    def test_repeated_mutation_refused(self) -> None:
        """A mutation listed twice is refused."""
        with pytest.raises(ValidationError, match="must not repeat a mutation"):
            KinaseDomainAnalysis(date=SAMPLED, mutations=("T315I", "T315I"))

    def test_date_is_required(self) -> None:
        """An undated analysis cannot be placed after the latest relapse: it is refused."""
        with pytest.raises(ValidationError) as caught:
            KinaseDomainAnalysis(date=None, mutations=())  # type: ignore[arg-type]
        assert _problems(caught.value) == [("date", "is required, got None")]

    @pytest.mark.parametrize(
        ("mutations", "has_t315i"),
        [(("T315I",), True), (("E255K", "T315I"), True), (("E255K",), False), ((), False)],
    )
    def test_has_t315i(self, mutations: tuple[str, ...], has_t315i: bool) -> None:
        """The gatekeeper mutation is detected wherever it is listed."""
        assert KinaseDomainAnalysis(date=SAMPLED, mutations=mutations).has_t315i is has_t315i


class TestMarkerResult:
    """Dated CD19/CD22 expression on the blasts."""

    @pytest.mark.parametrize("percent", [0, 0.1, 99.9, 100])
    def test_percent_within_bounds_accepted(self, percent: float) -> None:
        """The share of positive blasts is 0 to 100 % inclusive."""
        result = MarkerResult(marker=Marker.CD22, date=DAY, percent_positive=percent)
        assert result.percent_positive == percent

    @pytest.mark.parametrize("percent", [-0.1, 100.1])
    def test_percent_beyond_bounds_refused(self, percent: float) -> None:
        """Just below 0 or just above 100 % is refused, naming the field."""
        with pytest.raises(ValidationError) as caught:
            MarkerResult(marker=Marker.CD22, date=DAY, percent_positive=percent)
        assert _problems(caught.value) == [
            ("percent_positive", f"must be between 0 and 100 %, got {percent}")
        ]

    def test_needs_percent_or_qualitative_call(self) -> None:
        """A result with neither a percentage nor a call is refused as a whole."""
        with pytest.raises(ValidationError) as caught:
            MarkerResult(marker=Marker.CD19, date=DAY)
        assert _problems(caught.value) == [("", "needs percent_positive or positive")]

    @pytest.mark.parametrize("positive", [True, False])
    def test_qualitative_call_alone_is_enough(self, positive: bool) -> None:
        """A positive or negative call without a percentage is a result."""
        assert MarkerResult(marker=Marker.CD19, date=DAY, positive=positive).positive is positive

    def test_positive_with_zero_percent_refused(self) -> None:
        """Called positive with 0 % positive blasts is contradictory."""
        with pytest.raises(ValidationError) as caught:
            MarkerResult(marker=Marker.CD22, date=DAY, percent_positive=0, positive=True)
        assert _problems(caught.value) == [("positive", "is true but percent_positive is 0")]

    def test_negative_with_zero_percent_accepted(self) -> None:
        """Called negative with 0 % is consistent."""
        result = MarkerResult(marker=Marker.CD22, date=DAY, percent_positive=0, positive=False)
        assert result.positive is False

    def test_date_is_required(self) -> None:
        """Only dated results can be placed in time."""
        with pytest.raises(ValidationError, match="date: is required"):
            MarkerResult(marker=Marker.CD22, date=None, positive=True)  # type: ignore[arg-type]

    def test_negative_call_bound_is_half_the_blasts(self) -> None:
        """The documented bound: a negative call with more than 50 % positive blasts."""
        assert NEGATIVE_CALL_AT_MOST == 50

    def test_cd19_95_percent_called_negative_refused(self) -> None:
        """Regression (fuzzing): CD19 at 95 % with positive false decided blinatumomab."""
        with pytest.raises(ValidationError) as caught:
            MarkerResult(marker=Marker.CD19, date=DAY, percent_positive=95, positive=False)
        assert _problems(caught.value) == [
            (
                "positive",
                "is false but percent_positive is 95 (more than 50 % of the blasts express CD19)",
            )
        ]

    @pytest.mark.parametrize(
        ("percent", "refused"),
        [(50, False), (49.999, False), (50.001, True), (100, True)],  # at, inside, outside
    )
    def test_negative_call_up_to_half_the_blasts(self, percent: float, refused: bool) -> None:
        """Called negative: kept up to 50 % (a laboratory's threshold), refused above it."""
        if not refused:
            result = MarkerResult(
                marker=Marker.CD22, date=DAY, percent_positive=percent, positive=False
            )
            assert result.positive is False
            return
        with pytest.raises(ValidationError) as caught:
            MarkerResult(marker=Marker.CD22, date=DAY, percent_positive=percent, positive=False)
        assert [p.path for p in caught.value.problems] == ["positive"]

    @pytest.mark.parametrize("percent", [1e-6, 0.5, 20, 95])
    def test_positive_call_with_any_expression_accepted(self, percent: float) -> None:
        """Called positive with any share above 0 % is kept (no positivity threshold)."""
        result = MarkerResult(marker=Marker.CD19, date=DAY, percent_positive=percent, positive=True)
        assert result.positive is True


class TestCnsStatus:
    """COG CNS categories (web-bmj-bestpractice-all-cns-status)."""

    @pytest.mark.parametrize(
        ("status", "category", "traumatic"),
        [
            (CnsStatus.CNS1, 1, None),
            (CnsStatus.CNS2, 2, None),
            (CnsStatus.CNS2A, 2, False),
            (CnsStatus.CNS2B, 2, True),
            (CnsStatus.CNS2C, 2, True),
            (CnsStatus.CNS3, 3, None),
            (CnsStatus.CNS3A, 3, False),
            (CnsStatus.CNS3B, 3, True),
            (CnsStatus.CNS3C, 3, None),
        ],
    )
    def test_category_and_traumatic_tap(
        self, status: CnsStatus, category: int, traumatic: bool | None
    ) -> None:
        """2b, 2c and 3b had >= 10 red cells/uL; 3c is clinical; unlettered is unknown."""
        assert status.category == category
        assert status.traumatic_tap is traumatic

    def test_values_keep_their_case(self) -> None:
        """Wire values are 'CNS2b', not 'cns2b'."""
        assert CnsStatus("CNS2b") is CnsStatus.CNS2B


class TestDiseaseConsistency:
    """Rules across the disease's fields."""

    def test_transcript_with_ph_negative_refused(self) -> None:
        """A BCR-ABL1 transcript type contradicts Ph-negative disease."""
        with pytest.raises(ValidationError) as caught:
            Disease(philadelphia=PhStatus.NEGATIVE, bcr_abl1_transcript=BcrAbl1Transcript.P190)
        assert _problems(caught.value) == [
            ("bcr_abl1_transcript", "is given but philadelphia is negative")
        ]

    def test_mutations_with_ph_negative_refused(self) -> None:
        """Kinase-domain mutations contradict Ph-negative disease."""
        analysis = KinaseDomainAnalysis(date=SAMPLED, mutations=("T315I",))
        with pytest.raises(ValidationError) as caught:
            Disease(philadelphia=PhStatus.NEGATIVE, kinase_domain=analysis)
        assert _problems(caught.value) == [
            ("kinase_domain", "lists mutations but philadelphia is negative")
        ]

    def test_empty_analysis_with_ph_negative_accepted(self) -> None:
        """An analysis that found nothing is consistent with Ph-negative disease."""
        disease = Disease(
            philadelphia=PhStatus.NEGATIVE, kinase_domain=KinaseDomainAnalysis(date=SAMPLED)
        )
        assert disease.kinase_domain == KinaseDomainAnalysis(date=SAMPLED)

    @pytest.mark.parametrize("philadelphia", [PhStatus.POSITIVE, None])
    def test_transcript_and_mutations_allowed_unless_ph_negative(
        self, philadelphia: PhStatus | None
    ) -> None:
        """With Ph positive or unknown, transcript and mutations are allowed."""
        disease = Disease(
            philadelphia=philadelphia,
            bcr_abl1_transcript=BcrAbl1Transcript.P190,
            kinase_domain=KinaseDomainAnalysis(date=SAMPLED, mutations=("T315I",)),
        )
        assert disease.bcr_abl1_transcript is BcrAbl1Transcript.P190

    def test_repeated_extramedullary_site_refused(self) -> None:
        """A site listed twice is refused."""
        sites = (ExtramedullarySite.TESTES, ExtramedullarySite.TESTES)
        with pytest.raises(ValidationError) as caught:
            Disease(extramedullary_sites=sites)
        assert _problems(caught.value) == [("extramedullary_sites", "must not repeat a site")]

    @pytest.mark.parametrize("sites", [None, ()])
    def test_not_assessed_differs_from_none_found(self, sites: Any) -> None:
        """None (not assessed) and () (assessed, none found) are both kept as given."""
        assert Disease(extramedullary_sites=sites).extramedullary_sites == sites


class TestLatest:
    """The latest dated result on or before as_of."""

    def test_latest_marker_respects_as_of(self) -> None:
        """A result after as_of is ignored; one on as_of counts."""
        early = MarkerResult(marker=Marker.CD22, date=date(2022, 1, 1), percent_positive=90)
        late = MarkerResult(marker=Marker.CD22, date=date(2022, 6, 1), percent_positive=10)
        disease = Disease(markers=(late, early))
        assert disease.latest_marker(Marker.CD22, as_of=date(2022, 5, 31)) is early
        assert disease.latest_marker(Marker.CD22, as_of=date(2022, 6, 1)) is late
        assert disease.latest_marker(Marker.CD22, as_of=date(2021, 12, 31)) is None

    def test_latest_marker_only_for_the_marker_asked(self) -> None:
        """A CD19 result is not a CD22 result."""
        cd19 = MarkerResult(marker=Marker.CD19, date=DAY, percent_positive=95)
        disease = Disease(markers=(cd19,))
        assert disease.latest_marker(Marker.CD22, as_of=DAY) is None
        assert disease.latest_marker(Marker.CD19, as_of=DAY) is cd19

    def test_a_tie_that_disagrees_is_none(self) -> None:
        """Two results of one day that differ: neither (the order of the list never
        chooses); an earlier result does not stand in for them."""
        earlier = MarkerResult(marker=Marker.CD19, date=date(2021, 1, 5), percent_positive=90)
        first = MarkerResult(marker=Marker.CD19, date=DAY, percent_positive=80)
        second = MarkerResult(marker=Marker.CD19, date=DAY, percent_positive=5)
        for markers in ((earlier, first, second), (second, first, earlier)):
            assert Disease(markers=markers).latest_marker(Marker.CD19, as_of=DAY) is None

    def test_a_tie_that_agrees_is_read(self) -> None:
        """Two equal results of one day (entered twice): the result."""
        first = MarkerResult(marker=Marker.CD19, date=DAY, percent_positive=80)
        second = MarkerResult(marker=Marker.CD19, date=DAY, percent_positive=80)
        assert Disease(markers=(first, second)).latest_marker(Marker.CD19, as_of=DAY) == first

    def test_csf_tie_that_disagrees_is_none(self) -> None:
        """Two CSF statuses of one day that differ: neither; equal ones: the status."""
        involved = CnsAssessment(status=CnsStatus.CNS3A, date=DAY)
        clear = CnsAssessment(status=CnsStatus.CNS1, date=DAY)
        assert Disease(cns=(involved, clear)).latest_cns(as_of=DAY) is None
        assert Disease(cns=(clear, involved)).latest_cns(as_of=DAY) is None
        assert Disease(cns=(clear, clear)).latest_cns(as_of=DAY) is clear

    def test_latest_cns(self) -> None:
        """The latest CSF assessment on or before as_of."""
        first = CnsAssessment(status=CnsStatus.CNS3A, date=date(2021, 1, 5))
        second = CnsAssessment(status=CnsStatus.CNS1, date=date(2021, 2, 5))
        disease = Disease(cns=(second, first))
        assert disease.latest_cns(as_of=date(2021, 2, 4)) is first
        assert disease.latest_cns(as_of=date(2021, 2, 5)) is second
        assert disease.latest_cns(as_of=date(2021, 1, 4)) is None
