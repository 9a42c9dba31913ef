"""The leukemia itself: lineage, Philadelphia status, BCR-ABL1, immunophenotype, CNS, EMD.

Encodes the disease features the review's treatment choices turn on: B-precursor versus
T lineage (nelarabine for T-ALL, refs 48-52), Philadelphia chromosome and BCR-ABL1 with
its kinase-domain mutations (TKI choice, table 1; only ponatinib acts on T315I, ref 55),
CD19 and CD22 expression on the blasts (blinatumomab and inotuzumab need them, refs 7-10;
antigen loss after CD19- or CD22-directed therapy), CNS status (CNS1/2/3 of the Children's
Oncology Group classification, web-bmj-bestpractice-all-cns-status) and extramedullary sites (CNS,
testes, skin, pleura; ref 4).

Every field may be ``None``: not recorded, which derives to *unknown*, never to negative.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from allmodel._model import Matches, Model, PickledByFields, _number, checks, pickled_by_name
from allmodel.errors import Problem, ValidationError
from allmodel.model._dated import agreed, latest_day
from allmodel.model._plausibility import PLAUSIBLE

__all__ = [
    "NEGATIVE_CALL_AT_MOST",
    "BcrAbl1Transcript",
    "CnsAssessment",
    "CnsStatus",
    "Disease",
    "ExtramedullarySite",
    "KinaseDomainAnalysis",
    "Lineage",
    "Marker",
    "MarkerResult",
    "PhStatus",
]


@pickled_by_name
class Lineage(enum.StrEnum):
    """Immunophenotypic lineage of the blasts."""

    B_PRECURSOR = "b_precursor"
    T = "t"


@pickled_by_name
class PhStatus(enum.StrEnum):
    """Philadelphia chromosome / BCR-ABL1 fusion status."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


@pickled_by_name
class BcrAbl1Transcript(enum.StrEnum):
    """BCR-ABL1 fusion transcript type (p190, minor breakpoint, is typical of Ph+ ALL)."""

    P190 = "p190"
    P210 = "p210"
    P230 = "p230"
    OTHER = "other"


@pickled_by_name
class Marker(enum.StrEnum):
    """Surface antigens that immunotherapies target."""

    CD19 = "CD19"
    CD22 = "CD22"


@pickled_by_name
class CnsStatus(enum.StrEnum):
    """CSF status by the COG classification (web-bmj-bestpractice-all-cns-status).

    ``CNS2`` and ``CNS3`` without a letter mean the subcategory was not reported.
    CNS2b, CNS2c and CNS3b involve a traumatic tap (10 or more red cells per uL).
    """

    CNS1 = "CNS1"
    CNS2 = "CNS2"
    CNS2A = "CNS2a"
    CNS2B = "CNS2b"
    CNS2C = "CNS2c"
    CNS3 = "CNS3"
    CNS3A = "CNS3a"
    CNS3B = "CNS3b"
    CNS3C = "CNS3c"

    @property
    def category(self) -> int:
        """1, 2 or 3."""
        return int(self._value_[3])  # _value_: value is a property, several times slower

    @property
    def traumatic_tap(self) -> bool | None:
        """Whether the sample was blood-contaminated; ``None`` when not reported."""
        if self in (CnsStatus.CNS1, CnsStatus.CNS2, CnsStatus.CNS3, CnsStatus.CNS3C):
            return None
        return self in (CnsStatus.CNS2B, CnsStatus.CNS2C, CnsStatus.CNS3B)


@pickled_by_name
class ExtramedullarySite(enum.StrEnum):
    """Sites of disease outside marrow and blood (ref 4)."""

    CNS = "cns"
    TESTES = "testes"
    SKIN = "skin"
    PLEURA = "pleura"
    MEDIASTINUM = "mediastinum"
    OTHER = "other"


_MUTATION = Matches(
    r"[ACDEFGHIKLMNPQRSTVWY][1-9][0-9]{1,3}[ACDEFGHIKLMNPQRSTVWY*]",
    "a protein change such as 'T315I'",
)


def _mutation_list(value: tuple[str, ...]) -> str | None:
    for index, mutation in enumerate(value):
        if _MUTATION(mutation) is not None:
            return f"item {index} must be a protein change such as 'T315I'"
    if len(set(value)) != len(value):
        return "must not repeat a mutation"
    return None


@attrs.frozen(kw_only=True)
class KinaseDomainAnalysis(Model, PickledByFields):
    """A BCR-ABL1 kinase-domain mutation analysis (review: advised for all Ph+ relapses).

    Args:
        date: When the sample was taken (required: an analysis counts only when it was
            done after the latest relapse and the latest TKI failure, review: mutation
            analysis in every Ph-positive relapse).
        mutations: Mutations found, as protein changes (``T315I``); an empty tuple
            means the analysis found none.
    """

    date: date
    mutations: tuple[str, ...] = attrs.field(default=(), metadata=checks(_mutation_list))

    @property
    def has_t315i(self) -> bool:
        """Whether the gatekeeper T315I mutation was found."""
        return "T315I" in self.mutations


#: The largest share of blasts (%) a result may show with a negative qualitative call.
#: Project decision, not a positivity threshold: a laboratory calls an antigen negative
#: below its own positivity cut-off, and a cut-off above half of the blasts would call a
#: population that is mostly positive negative, so a negative call with more than 50 % is
#: taken as a contradiction (a swapped field or a typing error). At or below 50 % a
#: negative call may be a laboratory's cut-off at work, so it is kept as recorded. The
#: converse contradiction is narrower still: a positive call needs some expression, so
#: 0 % with ``positive: true`` is refused.
NEGATIVE_CALL_AT_MOST = 50.0


@attrs.frozen(kw_only=True)
class MarkerResult(Model, PickledByFields):
    """A dated measurement of CD19 or CD22 on the blasts (flow cytometry).

    Args:
        marker: The antigen.
        date: Date of the sample (required: only dated results can be placed in time).
        percent_positive: Share of blasts expressing the antigen, 0-100 %.
        positive: The laboratory's qualitative call.

    At least one of ``percent_positive`` and ``positive`` is required. When both are
    given they must agree: ``positive: true`` needs a share above 0 %, and
    ``positive: false`` a share of at most :data:`NEGATIVE_CALL_AT_MOST` (50 %); a
    contradiction is refused rather than resolved either way.
    """

    marker: Marker
    date: date
    percent_positive: float | None = attrs.field(
        default=None, metadata=checks(PLAUSIBLE["marker_percent"], doc="percent of blasts positive")
    )
    positive: bool | None = None

    @property
    def call(self) -> bool | None:
        """The laboratory's call; when it is not recorded, the call the share leaves
        possible: positive above :data:`NEGATIVE_CALL_AT_MOST` (a negative call is refused
        there), negative at 0 % (a positive call is refused there), else unknown (a
        laboratory's cut-off decides between them)."""
        if self.positive is not None or self.percent_positive is None:
            return self.positive
        if self.percent_positive > NEGATIVE_CALL_AT_MOST:
            return True
        return False if self.percent_positive == 0 else None

    def _consistency(self) -> Iterable[ValidationError]:
        percent = self.percent_positive
        if percent is None and self.positive is None:
            yield ValidationError([Problem("", "needs percent_positive or positive")])
        elif percent == 0 and self.positive is True:
            yield ValidationError([Problem("positive", "is true but percent_positive is 0")])
        elif percent is not None and percent > NEGATIVE_CALL_AT_MOST and self.positive is False:
            yield ValidationError(
                [
                    Problem(
                        "positive",
                        f"is false but percent_positive is {_number(percent)} (more than"
                        f" {_number(NEGATIVE_CALL_AT_MOST)} % of the blasts express"
                        f" {self.marker})",
                    )
                ]
            )


@attrs.frozen(kw_only=True)
class CnsAssessment(Model, PickledByFields):
    """A dated CSF assessment (lumbar puncture, cytospin and flow cytometry)."""

    status: CnsStatus
    date: date


@attrs.frozen(kw_only=True)
class Disease(Model, PickledByFields):
    """The leukemia's defining features, as currently known.

    Args:
        lineage: B-precursor or T.
        philadelphia: Ph / BCR-ABL1 status.
        bcr_abl1_transcript: Fusion transcript type, for Ph-positive disease.
        kinase_domain: The latest BCR-ABL1 kinase-domain mutation analysis.
        markers: Dated CD19/CD22 results, any order; the latest counts.
        cns: Dated CSF assessments, any order; the latest counts.
        extramedullary_sites: Current extramedullary involvement; an empty tuple means
            assessed and none found; ``None`` means not assessed.
    """

    lineage: Lineage | None = None
    philadelphia: PhStatus | None = None
    bcr_abl1_transcript: BcrAbl1Transcript | None = None
    kinase_domain: KinaseDomainAnalysis | None = None
    markers: tuple[MarkerResult, ...] = ()
    cns: tuple[CnsAssessment, ...] = ()
    extramedullary_sites: tuple[ExtramedullarySite, ...] | None = None

    def _consistency(self) -> Iterable[ValidationError]:
        if self.philadelphia is PhStatus.NEGATIVE:
            if self.bcr_abl1_transcript is not None:
                yield ValidationError(
                    [Problem("bcr_abl1_transcript", "is given but philadelphia is negative")]
                )
            if self.kinase_domain is not None and self.kinase_domain.mutations:
                yield ValidationError(
                    [Problem("kinase_domain", "lists mutations but philadelphia is negative")]
                )
        sites = self.extramedullary_sites or ()
        if len(set(sites)) != len(sites):
            yield ValidationError([Problem("extramedullary_sites", "must not repeat a site")])

    def latest_marker(self, marker: Marker, *, as_of: date) -> MarkerResult | None:
        """The latest result for ``marker`` dated on or before ``as_of``; when several
        share that day and differ, ``None`` (the order of the list never chooses)."""
        return agreed(latest_day([m for m in self.markers if m.marker is marker], as_of), _same)

    def latest_cns(self, *, as_of: date) -> CnsAssessment | None:
        """The latest CSF assessment dated on or before ``as_of``; when several share that
        day and differ, ``None`` (the order of the list never chooses)."""
        return agreed(latest_day(self.cns, as_of), _same)


def _same(item: MarkerResult | CnsAssessment) -> object:
    """A result as a whole (two results of one day agree when they are equal)."""
    return item
