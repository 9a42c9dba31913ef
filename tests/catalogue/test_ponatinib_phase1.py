"""Golden vignettes of the Ponatinib phase 1 trial archetype (REFERENCE-B 16; review ref 55):
resistant Ph-positive ALL, T315I allowed."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import PhStatus
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    DASATINIB_RESISTANT,
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    table,
)

OPTION = "ponatinib_phase1"


CASES = (
    Case(
        "t315i",
        "Ph-positive relapse with T315I after dasatinib: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, t315i=True, salvage=[DASATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "ph_negative",
        "Ph-negative disease: not eligible.",
        adult_in_relapse(),
        NOT_ELIGIBLE,
        failed=("ph_positive",),
    ),
    Case(
        "in_remission",
        "Ph-positive in remission: not eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, in_remission=True),
        NOT_ELIGIBLE,
        failed=("relapsed_or_refractory",),
    ),
    Case(
        "ph_unrecorded",
        "No Ph status: unknown, needs it.",
        adult_in_relapse(ph=None),
        UNKNOWN,
        missing=("disease.philadelphia",),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "disease.philadelphia",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
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
    assert option.citations == ("review-ref-55",)
    assert option.registry_ids == ()
    assert len(option.notes) == 4
