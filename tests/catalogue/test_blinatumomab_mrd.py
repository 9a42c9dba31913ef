"""Golden vignettes of blinatumomab for MRD-positive remission (review refs 18-20;
label-us-blincyto, label-eu-blincyto: the MRD indications; decision-4)."""

from __future__ import annotations

from datetime import timedelta

import allmodel
from allmodel import Agent, Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import PhStatus, StopReason
from tests.builders import AS_OF, adult_in_relapse, with_course
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    in_remission,
    mrd_on,
    primary_refractory,
    table,
)

OPTION = "blinatumomab_mrd"


def first_remission_after_induction_failure() -> Patient:
    """An adult in a first remission reached by salvage after primary induction failure,
    MRD 2e-3."""
    patient = primary_refractory(
        salvage=[((Agent.CYTARABINE,), None, StopReason.COMPLETED)],
        lab_overrides={"marrow_blasts": 2, "blood_blasts": 0},
    )
    patient = with_course(
        patient,
        remissions=(
            allmodel.Remission(
                kind=allmodel.model.RemissionKind.CR, date=AS_OF - timedelta(days=20)
            ),
        ),
    )
    return mrd_on(patient, 10, 2e-3)


CASES = (
    Case(
        "mrd_at_cut_eligible",
        "MRD exactly 1e-3 (inclusive) in second remission is eligible in US and EU.",
        in_remission(1e-3),
        ELIGIBLE,
    ),
    Case(
        "mrd_at_cut_eligible",
        "MRD exactly 1e-3 (inclusive) in second remission is eligible in US and EU.",
        in_remission(1e-3),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "mrd_above_cut_eligible",
        "MRD 1.1e-3 is eligible.",
        in_remission(1.1e-3),
        ELIGIBLE,
    ),
    Case(
        "mrd_just_below_cut_not_eligible",
        "MRD 9.9e-4 (just below 0.1 %) is not eligible.",
        in_remission(9.9e-4),
        NOT_ELIGIBLE,
        failed=("mrd_at_least_0.1_percent",),
    ),
    Case(
        "mrd_unknown",
        "No MRD result in remission is unknown, naming the MRD record.",
        in_remission(None),
        UNKNOWN,
        missing=(
            "mrd",
            "course.remissions",
        ),
    ),
    Case(
        "in_relapse_not_eligible",
        "A patient in relapse is not in complete remission.",
        adult_in_relapse(mrd_level=0.05),
        NOT_ELIGIBLE,
        failed=("in_complete_remission",),
    ),
    Case(
        "mrd_from_before_this_remission_not_counted",
        "An MRD result older than the current remission does not count: unknown.",
        mrd_on(in_remission(), 25, 0.01),
        UNKNOWN,
        missing=(
            "mrd",
            "course.remissions",
        ),
    ),
    Case(
        "third_remission_not_eligible",
        "A third remission (two relapses) is outside first or second remission.",
        in_remission(1e-2, relapses=2),
        NOT_ELIGIBLE,
        failed=("first_or_second_cr",),
    ),
    Case(
        "first_remission_eligible",
        "A first remission with MRD (after primary induction failure) is eligible.",
        first_remission_after_induction_failure(),
        ELIGIBLE,
    ),
    Case(
        "cd19_negative_not_eligible",
        "CD19-negative blasts are not eligible.",
        in_remission(1e-2, cd19=False),
        NOT_ELIGIBLE,
        failed=("cd19_positive",),
    ),
    Case(
        "eu_ph_positive_not_eligible_us_eligible",
        "The EU MRD indication is Ph-negative only; the US one is not.",
        in_remission(1e-2, ph=PhStatus.POSITIVE),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=(
            "label_population",
            "jurisdiction_us",
            "eu_label",
            "eu_ph_negative",
        ),
    ),
    Case(
        "eu_ph_positive_not_eligible_us_eligible",
        "The EU MRD indication is Ph-negative only; the US one is not.",
        in_remission(1e-2, ph=PhStatus.POSITIVE),
        ELIGIBLE,
    ),
    Case(
        "eu_age_17_not_eligible_us_eligible",
        "The EU MRD indication is for adults; the US one includes children.",
        in_remission(1e-2, age=17),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=(
            "label_population",
            "jurisdiction_us",
            "eu_label",
            "eu_adult",
        ),
    ),
    Case(
        "eu_age_17_not_eligible_us_eligible",
        "The EU MRD indication is for adults; the US one includes children.",
        in_remission(1e-2, age=17),
        ELIGIBLE,
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
        "review-ref-18",
        "review-ref-19",
        "review-ref-20",
        "label-us-blincyto",
        "label-eu-blincyto",
        "decision-1",
        "decision-4",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 6
