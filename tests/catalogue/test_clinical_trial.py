"""Golden vignettes of participation in a clinical trial (review: clinical trials)."""

from __future__ import annotations

from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    in_remission,
    mrd_not_detected,
    table,
    undetermined_phase,
)

OPTION = "clinical_trial"


CASES = (
    Case(
        "relapse_eligible",
        "Relapsed disease is eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "mrd_positive_remission_eligible",
        "MRD-positive remission is eligible.",
        in_remission(1e-3),
        ELIGIBLE,
    ),
    Case(
        "mrd_negative_remission_not_eligible",
        "MRD-negative remission is not eligible.",
        in_remission(5e-5),
        NOT_ELIGIBLE,
        failed=(
            "clinical_trial",
            "relapsed_or_refractory",
            "mrd_positive_remission",
        ),
    ),
    Case(
        "remission_without_mrd_unknown",
        (
            "In CR with no MRD result: unknown, never not eligible (regression: unknown MRD "
            "was read as negative through the disease phase)."
        ),
        in_remission(None),
        UNKNOWN,
        missing=(
            "mrd",
            "course.remissions",
        ),
    ),
    Case(
        "phase_unknown",
        "An undecidable phase is unknown.",
        undetermined_phase(),
        UNKNOWN,
        missing=(
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
        ),
    ),
    Case(
        "mrd_not_detected_by_an_insensitive_assay_unknown",
        (
            "In remission, MRD 'not detected' by an assay reaching only 1e-3: MRD of 1e-4"
            " or more is not ruled out, so unknown (it read not eligible)."
        ),
        mrd_not_detected(in_remission(), 1e-3),
        UNKNOWN,
        missing=("mrd", "course.remissions"),
    ),
    Case(
        "mrd_not_detected_at_1e-4_not_eligible",
        "'Not detected' by an assay reaching 1e-4 is MRD-negative: not eligible.",
        mrd_not_detected(in_remission(), 1e-4),
        NOT_ELIGIBLE,
        failed=("clinical_trial", "relapsed_or_refractory", "mrd_positive_remission"),
    ),
    Case(
        "mrd_at_the_1e-4_cut_eligible",
        "MRD of exactly 1e-4 is positive (the cut is inclusive): eligible.",
        in_remission(1e-4),
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
        "review-clinical-trials",
        "review-selection-of-therapy",
        "review-summary-and-recommendations",
        "review-multiply-relapsed-disease",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 2
