"""Golden vignettes of the INO-VATE trial archetype (REFERENCE-B 5; review ref 10): adult
CD22-positive B-precursor R/R, salvage 1 or 2, marrow blasts >= 5 %."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Lineage, PhStatus
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    CHEMOTHERAPY_RESISTANT,
    ELIGIBLE,
    IMATINIB_RESISTANT,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    table,
)

OPTION = "ino_vate"


CASES = (
    Case(
        "first_relapse",
        "First relapse, due for salvage 1: eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "second_relapse_salvage_2",
        "Second relapse after one salvage line, due for salvage 2: eligible.",
        adult_in_relapse(relapses=2),
        ELIGIBLE,
    ),
    Case(
        "salvage_3",
        "Two salvage lines already given (due for salvage 3): not eligible.",
        adult_in_relapse(relapses=2, salvage=[CHEMOTHERAPY_RESISTANT]),
        NOT_ELIGIBLE,
        failed=("salvage_1_or_2",),
    ),
    Case(
        "marrow_blasts_5_percent",
        "Marrow blasts of exactly 5 % meet >= 5 %: eligible.",
        adult_in_relapse(lab_overrides={"marrow_blasts": 5}),
        ELIGIBLE,
    ),
    Case(
        "marrow_blasts_just_below_5_percent",
        "Marrow blasts of 4.99 %: not eligible.",
        adult_in_relapse(lab_overrides={"marrow_blasts": 4.99}),
        NOT_ELIGIBLE,
        failed=("marrow_blasts",),
    ),
    Case(
        "cd22_negative",
        "CD22-negative blasts: not eligible.",
        adult_in_relapse(cd22=False, cd22_percent=1),
        NOT_ELIGIBLE,
        failed=("cd22_positive",),
    ),
    Case(
        "ph_positive_after_tki_failure",
        "Ph-positive after imatinib failure and intensive chemotherapy: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[IMATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "ph_positive_without_tki",
        "Ph-positive without a failed TKI: not eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE),
        NOT_ELIGIBLE,
        failed=(
            "ph_rule",
            "ph_negative",
            "ph_positive_after_tki_and_chemotherapy",
            "tki_failed",
        ),
    ),
    Case(
        "t_lineage",
        "T-lineage ALL: not eligible.",
        adult_in_relapse(lineage=Lineage.T),
        NOT_ELIGIBLE,
        failed=("b_precursor",),
    ),
    Case(
        "incomplete_history",
        "Incomplete history: salvage count only a lower bound, unknown.",
        adult_in_relapse(history_complete=None),
        UNKNOWN,
        missing=(
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].intent",
        ),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "disease.lineage",
            "disease.markers[CD22].positive",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].intent",
            "labs[marrow_blasts]",
            "fit_for_intensive_therapy",
            "disease.philadelphia",
            "course.treatment_lines[].stop_reason",
            "course.treatment_lines[].intensive",
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
        "review-ref-10",
        "nct01564784",
        "eudract-2011-005491-41",
        "pub-kantarjian-2019-cancer",
        "web-ashclinicalnews-besponsa-ino-vate-design",
        "web-ashpublications-ino-vate-genomics",
        "web-paperexplained-ino-vate-abstract-7028",
        "web-pharma-asset-besponsa-approval",
    )
    assert option.registry_ids == ("NCT01564784",)
    assert len(option.notes) == 7
