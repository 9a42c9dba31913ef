"""Golden vignettes of autologous HCT in the Ph-positive MRD-negative special case (review
refs 72-74)."""

from __future__ import annotations

import attrs

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import PhStatus
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    in_remission,
    mrd_on,
    ph_positive,
    table,
)

OPTION = "autologous_hct"


def mrd_not_detected_by_an_insensitive_assay() -> Patient:
    """A Ph-positive adult in remission whose MRD assay (sensitivity only 1e-3) detected
    nothing."""
    patient = mrd_on(in_remission(ph=PhStatus.POSITIVE), 10, 0.0)
    return attrs.evolve(patient, mrd=(attrs.evolve(patient.mrd[0], sensitivity=1e-3),))


CASES = (
    Case(
        "ph_positive_mrd_undetectable_remission_eligible",
        "Ph-positive, in remission, no MRD detected by a 1e-4 assay: eligible.",
        in_remission(0.0, ph=PhStatus.POSITIVE),
        ELIGIBLE,
    ),
    Case(
        "mrd_detected_below_1e4_not_eligible",
        (
            "MRD detected at 5e-5 is MRD-negative but not undetectable: not eligible (the "
            "review asks for no detectable residual disease; audit: the stale 'below 1e-4')."
        ),
        in_remission(5e-5, ph=PhStatus.POSITIVE),
        NOT_ELIGIBLE,
        failed=("mrd_undetectable",),
    ),
    Case(
        "not_detected_by_an_insensitive_assay_unknown",
        "None detected by an assay reaching only 1e-3: not shown undetectable, unknown.",
        mrd_not_detected_by_an_insensitive_assay(),
        UNKNOWN,
        missing=(
            "mrd",
            "course.remissions",
        ),
    ),
    Case(
        "ph_negative_not_eligible",
        "Ph-negative MRD-undetectable remission: not eligible.",
        in_remission(0.0),
        NOT_ELIGIBLE,
        failed=("ph_positive",),
    ),
    Case(
        "mrd_positive_not_eligible",
        "Ph-positive with MRD 1e-4 (positive): not eligible.",
        in_remission(1e-4, ph=PhStatus.POSITIVE),
        NOT_ELIGIBLE,
        failed=("mrd_undetectable",),
    ),
    Case(
        "mrd_unknown",
        "Ph-positive in remission without MRD: unknown.",
        in_remission(ph=PhStatus.POSITIVE),
        UNKNOWN,
        missing=(
            "mrd",
            "course.remissions",
        ),
    ),
    Case(
        "in_relapse_not_eligible",
        "Ph-positive in relapse: not eligible.",
        ph_positive(),
        NOT_ELIGIBLE,
        failed=("in_remission",),
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
        "review-ref-72",
        "review-ref-73",
        "review-ref-74",
        "review-autologous-hct",
        "decision-4",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 3
