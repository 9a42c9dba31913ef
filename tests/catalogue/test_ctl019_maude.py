"""Golden vignettes of the CTL019 (Maude 2014) trial archetype (REFERENCE-B 9; review ref 35):
relapsed or refractory B-precursor ALL, children and adults."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Lineage
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    BLINATUMOMAB_RESISTANT,
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    table,
)

OPTION = "ctl019_maude"


CASES = (
    Case(
        "first_relapse",
        "First relapse: eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "relapse_after_allogeneic_hct",
        "Relapse after allogeneic SCT: eligible.",
        adult_in_relapse(allo_hct_months_before_relapse=10),
        ELIGIBLE,
    ),
    Case(
        "primary_refractory",
        "Primary refractory disease: eligible.",
        adult_in_relapse(primary_refractory=True),
        ELIGIBLE,
    ),
    Case(
        "blinatumomab_refractory",
        "Blinatumomab-refractory disease: eligible.",
        adult_in_relapse(salvage=[BLINATUMOMAB_RESISTANT]),
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
            "disease.lineage",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "disease.markers[CD19].positive",
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
        "review-ref-35",
        "web-github-kymriah-release-specifications",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 5
