"""Golden vignettes of the TOWER trial archetype (REFERENCE-B 1; review ref 7): Ph-negative
B-precursor, refractory or early / later / post-HSCT relapse."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import CnsStatus, PhStatus, RelapseSite
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    CHEMOTHERAPY_RESISTANT,
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    table,
)

OPTION = "tower"


CASES = (
    Case(
        "untreated_first_relapse_with_short_cr1",
        "Untreated first relapse after an 11-month CR1: eligible.",
        adult_in_relapse(cr1_months=11),
        ELIGIBLE,
    ),
    Case(
        "cr1_of_12_months_is_not_under_12",
        "CR1 of exactly 12 months fails CR1 < 12: not eligible.",
        adult_in_relapse(cr1_months=12),
        NOT_ELIGIBLE,
        failed=(
            "disease_state",
            "primary_refractory",
            "refractory_to_salvage",
            "early_untreated_first_relapse",
            "cr1_under_12_months",
            "untreated_later_relapse",
            "later_relapse",
            "relapse_after_hct",
        ),
    ),
    Case(
        "relapse_after_allogeneic_hct",
        "Relapse after allogeneic HSCT qualifies whatever the CR1: eligible.",
        adult_in_relapse(allo_hct_months_before_relapse=12),
        ELIGIBLE,
    ),
    Case(
        "primary_refractory",
        "Refractory to primary induction: eligible.",
        adult_in_relapse(primary_refractory=True),
        ELIGIBLE,
    ),
    Case(
        "refractory_to_salvage",
        "First relapse refractory to salvage chemotherapy: eligible.",
        adult_in_relapse(salvage=[CHEMOTHERAPY_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "untreated_second_relapse",
        "Untreated second relapse: eligible.",
        adult_in_relapse(relapses=2),
        ELIGIBLE,
    ),
    Case(
        "marrow_blasts_at_5_percent",
        "Marrow blasts of exactly 5 % fail > 5 %: not eligible.",
        adult_in_relapse(cr1_months=11, lab_overrides={"marrow_blasts": 5}),
        NOT_ELIGIBLE,
        failed=("marrow_blasts",),
    ),
    Case(
        "marrow_blasts_just_above_5_percent",
        "Marrow blasts of 5.01 %: eligible.",
        adult_in_relapse(cr1_months=11, lab_overrides={"marrow_blasts": 5.01}),
        ELIGIBLE,
    ),
    Case(
        "ecog_2",
        "ECOG 2: eligible.",
        adult_in_relapse(cr1_months=11, ecog=2),
        ELIGIBLE,
    ),
    Case(
        "ecog_3",
        "ECOG 3: not eligible.",
        adult_in_relapse(cr1_months=11, ecog=3),
        NOT_ELIGIBLE,
        failed=("ecog",),
    ),
    Case(
        "ph_positive",
        "Ph-positive disease: not eligible.",
        adult_in_relapse(cr1_months=11, ph=PhStatus.POSITIVE),
        NOT_ELIGIBLE,
        failed=("ph_negative",),
    ),
    Case(
        "age_17",
        "Aged 17: not eligible.",
        adult_in_relapse(cr1_months=11, age=17),
        NOT_ELIGIBLE,
        failed=("adult",),
    ),
    Case(
        "cns3",
        "CNS3 (CNS involvement): not eligible.",
        adult_in_relapse(cr1_months=11, cns=CnsStatus.CNS3),
        NOT_ELIGIBLE,
        failed=("not_cns_involved",),
    ),
    Case(
        "cns_unassessed",
        "No CSF assessment: unknown, needs the CNS status.",
        adult_in_relapse(cr1_months=11, cns=None),
        UNKNOWN,
        missing=(
            "disease.cns",
            "course.relapses",
        ),
    ),
    Case(
        "unconfirmed_exclusion_not_applied",
        (
            "Isolated extramedullary relapse is an unconfirmed exclusion, so not applied: only"
            " the marrow blasts fail (the marrow of an isolated relapse is clear; with blasts in"
            " the marrow the relapse is not isolated)."
        ),
        adult_in_relapse(cr1_months=11, relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY),
        NOT_ELIGIBLE,
        failed=("marrow_blasts",),
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
            "disease.philadelphia",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "course.treatment_lines[].best_response",
            "course.history_complete",
            "course.treatment_lines[].intensive",
            "labs[marrow_blasts]",
            "ecog",
            "adequate_organ_function",
            "fit_for_intensive_therapy",
            "disease.cns",
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
        "review-ref-7",
        "nct02013167",
        "eudract-2013-000536-10",
    )
    assert option.registry_ids == ("NCT02013167",)
    assert len(option.notes) == 6
