"""Golden vignettes of clofarabine with cytarabine (review ref 46)."""

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
)

OPTION = "clofarabine_cytarabine"


CASES = (
    Case(
        "adult_relapse_eligible",
        "A 45-year-old in relapse is eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "adult_age_cut-age_17",
        "17 is not eligible; 18 and 19 are.",
        adult_in_relapse(age=17),
        NOT_ELIGIBLE,
        failed=("adult",),
    ),
    Case(
        "adult_age_cut-age_18",
        "17 is not eligible; 18 and 19 are.",
        adult_in_relapse(age=18),
        ELIGIBLE,
    ),
    Case(
        "adult_age_cut-age_19",
        "17 is not eligible; 18 and 19 are.",
        adult_in_relapse(age=19),
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
        "age_unknown",
        "An unrecorded date of birth is unknown.",
        adult_in_relapse(age=None),
        UNKNOWN,
        missing=("date_of_birth",),
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
        "review-ref-46",
        "review-clofarabine",
        "label-us-clolar",
        "label-eu-evoltra",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 2
