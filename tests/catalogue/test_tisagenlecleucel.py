"""Golden vignettes of tisagenlecleucel (review ref 11; label-us-kymriah, label-eu-kymriah: the
US and EU labels as of 2022-12-31)."""

from __future__ import annotations

from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Lineage
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    ELIGIBLE,
    FAILED_SALVAGE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    primary_refractory,
    relapse_after_hct,
    table,
)

OPTION = "tisagenlecleucel"


CASES = (
    Case(
        "age_25_second_relapse_eligible",
        "At 25, in second relapse: eligible (up to and including 25).",
        adult_in_relapse(age=25, relapses=2),
        ELIGIBLE,
    ),
    Case(
        "age_24_second_relapse_eligible",
        "At 24, in second relapse: eligible.",
        adult_in_relapse(age=24, relapses=2),
        ELIGIBLE,
    ),
    Case(
        "age_26_not_eligible",
        "At 26, in second relapse: not eligible (age only).",
        adult_in_relapse(age=26, relapses=2),
        NOT_ELIGIBLE,
        failed=("age_limit",),
    ),
    Case(
        "age_26_not_eligible",
        "At 26, in second relapse: not eligible (age only).",
        adult_in_relapse(age=26, relapses=2),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=("age_limit",),
    ),
    Case(
        "first_relapse_not_eligible",
        "At 22, in an untreated first marrow relapse: not eligible.",
        adult_in_relapse(age=22),
        NOT_ELIGIBLE,
        failed=(
            "disease_state",
            "refractory",
            "primary_refractory",
            "refractory_to_salvage",
            "second_or_later_relapse",
            "two_relapses",
            "eu_relapse_after_transplant",
            "jurisdiction_eu",
        ),
    ),
    Case(
        "primary_refractory_eligible",
        "At 22, primary refractory: eligible.",
        primary_refractory(age=22),
        ELIGIBLE,
    ),
    Case(
        "refractory_relapse_eligible",
        "At 22, first relapse with a failed salvage line: refractory, eligible.",
        adult_in_relapse(age=22, salvage=[FAILED_SALVAGE]),
        ELIGIBLE,
    ),
    Case(
        "relapse_after_hct_eu_eligible_us_not",
        "First relapse after allogeneic HCT: EU label yes, US label no.",
        relapse_after_hct(age=22),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "relapse_after_hct_eu_eligible_us_not",
        "First relapse after allogeneic HCT: EU label yes, US label no.",
        relapse_after_hct(age=22),
        NOT_ELIGIBLE,
        failed=(
            "disease_state",
            "refractory",
            "primary_refractory",
            "refractory_to_salvage",
            "second_or_later_relapse",
            "two_relapses",
            "eu_relapse_after_transplant",
            "jurisdiction_eu",
        ),
    ),
    Case(
        "third_relapse_eligible",
        "Three relapses (above the cut of two) are eligible (facts set directly).",
        adult_in_relapse(age=22, relapses=2),
        ELIGIBLE,
        facts={"relapse_count": 3},
    ),
    Case(
        "age_unknown",
        "An unrecorded date of birth is unknown.",
        adult_in_relapse(age=None, relapses=2),
        UNKNOWN,
        missing=("date_of_birth",),
    ),
    Case(
        "t_lineage_not_eligible",
        "T-lineage ALL is not eligible.",
        adult_in_relapse(age=22, relapses=2, lineage=Lineage.T),
        NOT_ELIGIBLE,
        failed=("b_precursor",),
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
        "review-ref-11",
        "review-ref-35",
        "review-car-t",
        "label-us-kymriah",
        "label-eu-kymriah",
        "decision-1",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 5
