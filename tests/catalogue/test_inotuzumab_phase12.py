"""Golden vignettes of the Inotuzumab phase 1/2 trial archetype (REFERENCE-B 6; review ref 25): R/R
CD22-positive ALL."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, Case, check, table

OPTION = "inotuzumab_phase12"


CASES = (
    Case(
        "first_relapse",
        "CD22-positive first relapse: eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "in_remission",
        "In remission: not eligible.",
        adult_in_relapse(in_remission=True),
        NOT_ELIGIBLE,
        failed=("relapsed_or_refractory",),
    ),
    Case(
        "cd22_negative",
        "CD22-negative blasts: not eligible.",
        adult_in_relapse(cd22=False, cd22_percent=1),
        NOT_ELIGIBLE,
        failed=("cd22_positive",),
    ),
    Case(
        "cd22_not_tested",
        "No CD22 result: unknown, needs the CD22 call.",
        adult_in_relapse(cd22=None),
        UNKNOWN,
        missing=("disease.markers[CD22].positive",),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "disease.lineage",
            "disease.markers[CD22].positive",
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
        "review-ref-25",
        "nct01363297",
    )
    assert option.registry_ids == ("NCT01363297",)
    assert len(option.notes) == 4
