"""Golden vignettes of cytarabine-based salvage chemotherapy (review refs 38-42)."""

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
    primary_refractory,
    table,
)

OPTION = "cytarabine_based_salvage"


CASES = (
    Case(
        "fit_relapse_eligible",
        "A fit adult in relapse is eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "unfit_not_eligible",
        "A patient judged unfit for intensive chemotherapy is not eligible.",
        adult_in_relapse(fit=False),
        NOT_ELIGIBLE,
        failed=("fit_for_intensive_therapy",),
    ),
    Case(
        "fitness_unknown",
        "No fitness judgement is unknown.",
        adult_in_relapse(fit=None),
        UNKNOWN,
        missing=("fit_for_intensive_therapy",),
    ),
    Case(
        "in_remission_not_eligible",
        "A patient in remission is not eligible.",
        in_remission(),
        NOT_ELIGIBLE,
        failed=("relapsed_or_refractory",),
    ),
    Case(
        "primary_refractory_eligible",
        "Primary refractory disease is eligible.",
        primary_refractory(),
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
        "review-ref-38",
        "review-ref-39",
        "review-ref-40",
        "review-ref-41",
        "review-ref-42",
        "review-cytarabine-based-regimens",
        "review-summary-and-recommendations",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
