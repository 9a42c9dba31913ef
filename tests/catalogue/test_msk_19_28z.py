"""Golden vignettes of the MSKCC 19-28z trial archetype (REFERENCE-B 8; review ref 13): adult B-ALL
refractory, relapsed, MRD-positive or in first remission."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Lineage
from tests.builders import adult_in_relapse, with_course
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    mrd_not_detected,
    table,
)

OPTION = "msk_19_28z"


def first_remission() -> Patient:
    """An adult in first remission, never relapsed (marrow and blood clear)."""
    clear: dict[str, float | None] = {"marrow_blasts": 2, "blood_blasts": 0}
    return with_course(adult_in_relapse(lab_overrides=clear), relapses=())


CASES = (
    Case(
        "first_relapse",
        "First relapse: eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "mrd_positive_remission",
        "MRD-positive second remission: eligible.",
        adult_in_relapse(in_remission=True, mrd_level=1e-3),
        ELIGIBLE,
    ),
    Case(
        "first_remission",
        "In first remission, never relapsed: eligible.",
        first_remission(),
        ELIGIBLE,
    ),
    Case(
        "mrd_negative_second_remission",
        "MRD-negative second remission: not eligible.",
        adult_in_relapse(in_remission=True, mrd_level=1e-5),
        NOT_ELIGIBLE,
        failed=(
            "disease_state",
            "relapsed_or_refractory",
            "mrd_positive_remission",
            "first_remission",
            "never_relapsed",
        ),
    ),
    Case(
        "age_17",
        "Aged 17: not eligible.",
        adult_in_relapse(age=17),
        NOT_ELIGIBLE,
        failed=("adult",),
    ),
    Case(
        "t_lineage",
        "T-lineage ALL: not eligible.",
        adult_in_relapse(lineage=Lineage.T),
        NOT_ELIGIBLE,
        failed=("b_precursor",),
    ),
    Case(
        "lineage_unrecorded",
        "No lineage: unknown, needs it.",
        adult_in_relapse(lineage=None),
        UNKNOWN,
        missing=("disease.lineage",),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "disease.lineage",
            "disease.markers[CD19].positive",
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
            "Second remission, MRD 'not detected' at 1e-3 only: MRD positivity is not ruled"
            " out, so unknown (it read not eligible)."
        ),
        mrd_not_detected(adult_in_relapse(in_remission=True), 1e-3),
        UNKNOWN,
        missing=("mrd", "course.remissions"),
    ),
    Case(
        "mrd_not_detected_at_1e-4_not_eligible",
        "Second remission, 'not detected' at 1e-4: MRD-negative, not eligible.",
        mrd_not_detected(adult_in_relapse(in_remission=True), 1e-4),
        NOT_ELIGIBLE,
        failed=(
            "disease_state",
            "relapsed_or_refractory",
            "mrd_positive_remission",
            "first_remission",
            "never_relapsed",
        ),
    ),
)


@table(CASES)
def test_vignette(case: Case) -> None:
    """Each vignette screens to its status, failed criteria and missing fields."""
    check(OPTION, case)


def test_option_as_catalogued() -> None:
    """The option is a trial archetype with these citations and registry ids, and so
    many notes."""
    option = default_ruleset().option(OPTION)
    assert option.kind is OptionKind.TRIAL
    assert option.citations == (
        "review-ref-13",
        "web-clinicaltrialsgps-mskcc-cd19-adult-ball",
        "web-obesityhealthmatters-mskcc-cd19-paediatric",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
