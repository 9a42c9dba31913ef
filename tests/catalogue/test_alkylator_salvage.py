"""Golden vignettes of ifosfamide, etoposide and dexamethasone (review: alkylating agents,
anecdotal evidence)."""

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
    table,
    undetermined_phase,
)

OPTION = "alkylator_salvage"


CASES = (
    Case(
        "relapse_eligible",
        "A patient in relapse is eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "in_remission_not_eligible",
        "A patient in remission is not eligible.",
        in_remission(),
        NOT_ELIGIBLE,
        failed=("relapsed_or_refractory",),
    ),
    Case(
        "phase_unknown",
        "A record whose disease phase cannot be told is unknown.",
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
        "review-alkylating-agents",
        "web-scilit-ifosfamide-etoposide-childhood-all",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 3
