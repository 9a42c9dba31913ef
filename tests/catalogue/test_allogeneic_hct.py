"""Golden vignettes of allogeneic HCT after remission (review refs 59-71)."""

from __future__ import annotations

from datetime import timedelta

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Serostatus
from tests.builders import AS_OF, adult_in_relapse, with_course
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    in_remission,
    table,
)

OPTION = "allogeneic_hct"


def first_remission(cr1_high_risk: bool | None) -> Patient:
    """An adult in a first remission, never relapsed (MRD 5e-5, donor found), with the
    high risk of the first remission recorded as given."""
    first_cr = with_course(
        in_remission(5e-5, donor_cmv=Serostatus.NEGATIVE),
        relapses=(),
        cr1_high_risk=cr1_high_risk,
    )
    remissions = first_cr.course.remissions
    first_cr = with_course(first_cr, remissions=remissions[:1])
    lines = first_cr.course.treatment_lines[:1]
    return with_course(first_cr, treatment_lines=lines)


CASES = (
    Case(
        "remission_with_donor_eligible",
        "In remission, HLA typed, donor found: eligible.",
        in_remission(donor_cmv=Serostatus.NEGATIVE),
        ELIGIBLE,
    ),
    Case(
        "mrd_positive_remission_with_donor_eligible",
        "An MRD-positive remission is still a remission.",
        in_remission(1e-3, donor_cmv=Serostatus.POSITIVE),
        ELIGIBLE,
    ),
    Case(
        "in_relapse_eligible",
        (
            "In relapse (not in CR) with a candidate and a donor: eligible. HCT outside CR is "
            "not ruled out (refs 59-63: 12-23 % three-year LFS; the ref 62 score applies)."
        ),
        adult_in_relapse(donor_cmv=Serostatus.NEGATIVE),
        ELIGIBLE,
    ),
    Case(
        "candidacy_unrecorded_unknown",
        "Candidacy for HCT is a recorded, dated judgement: unknown when absent.",
        in_remission(5e-5, donor_cmv=Serostatus.NEGATIVE, hct_candidate=None),
        UNKNOWN,
        missing=("hct_candidate",),
    ),
    Case(
        "not_a_candidate_not_eligible",
        "Judged not a candidate: not eligible.",
        in_remission(5e-5, donor_cmv=Serostatus.NEGATIVE, hct_candidate=False),
        NOT_ELIGIBLE,
        failed=("hct_candidate",),
    ),
    Case(
        "candidacy_judged_too_long_ago_unknown",
        "A candidacy judgement 29 days old is outside the 28-day window: unknown.",
        in_remission(5e-5, donor_cmv=Serostatus.NEGATIVE, assessed=AS_OF - timedelta(days=29)),
        UNKNOWN,
        missing=("hct_candidate",),
    ),
    Case(
        "candidacy_judged_28_days_ago_counts",
        "A judgement exactly 28 days old is still current.",
        in_remission(5e-5, donor_cmv=Serostatus.NEGATIVE, assessed=AS_OF - timedelta(days=28)),
        ELIGIBLE,
    ),
    Case(
        "first_remission_without_high_risk_not_eligible-not_high_risk",
        "A first remission never relapsed is eligible only when recorded high risk.",
        first_remission(cr1_high_risk=False),
        NOT_ELIGIBLE,
        failed=(
            "disease_setting",
            "not_in_remission",
            "remission_after_relapse",
            "relapsed_before",
            "high_risk_first_remission",
            "cr1_high_risk",
        ),
    ),
    Case(
        "first_remission_without_high_risk_not_eligible-high_risk",
        "A first remission never relapsed is eligible only when recorded high risk.",
        first_remission(cr1_high_risk=True),
        ELIGIBLE,
    ),
    Case(
        "first_remission_without_high_risk_not_eligible-unrecorded",
        "A first remission never relapsed is eligible only when recorded high risk.",
        first_remission(cr1_high_risk=None),
        UNKNOWN,
        missing=("course.cr1_high_risk",),
    ),
    Case(
        "donor_unknown",
        "In remission with no donor search recorded: unknown.",
        in_remission(),
        UNKNOWN,
        missing=("course.donor_identified",),
    ),
    Case(
        "not_hla_typed_is_not_a_criterion",
        "HLA typing not yet done and no donor search recorded: unknown, not ineligible.",
        with_course(in_remission(), hla_typed=False),
        UNKNOWN,
        missing=("course.donor_identified",),
    ),
)


@table(CASES)
def test_vignette(case: Case) -> None:
    """Each vignette screens to its status, failed criteria and missing fields."""
    check(OPTION, case)


def test_option_as_catalogued() -> None:
    """The option is a therapy with these citations and registry ids, and so many notes."""
    option = default_ruleset().option(OPTION)
    assert option.kind is OptionKind.THERAPY
    assert option.citations == (
        "review-ref-6",
        "review-ref-59",
        "review-ref-60",
        "review-ref-61",
        "review-ref-62",
        "review-ref-63",
        "review-ref-66",
        "review-ref-67",
        "review-ref-68",
        "review-ref-69",
        "review-ref-70",
        "review-ref-71",
        "review-transplantation",
        "review-allogeneic-hct",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
