"""Golden vignettes of brexucabtagene autoleucel (review refs 34, 36, 37; label-us-tecartus,
label-eu-tecartus: the US and EU labels as of 2022-12-31)."""

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

OPTION = "brexucabtagene_autoleucel"


CASES = (
    Case(
        "adult_relapse_eligible",
        "A 45-year-old with relapsed B-ALL is eligible in US and EU.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "adult_relapse_eligible",
        "A 45-year-old with relapsed B-ALL is eligible in US and EU.",
        adult_in_relapse(),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_age_25_not_eligible_us_eligible",
        "At 25: below the EU cut of 26, but an adult for the US label.",
        adult_in_relapse(age=25),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=(
            "label_population",
            "us_label",
            "jurisdiction_us",
            "eu_label",
            "eu_aged_26_or_over",
        ),
    ),
    Case(
        "eu_age_25_not_eligible_us_eligible",
        "At 25: below the EU cut of 26, but an adult for the US label.",
        adult_in_relapse(age=25),
        ELIGIBLE,
    ),
    Case(
        "eu_age_26_and_27_eligible-age_26",
        "EU: 26 (at the cut) and 27 are eligible.",
        adult_in_relapse(age=26),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_age_26_and_27_eligible-age_27",
        "EU: 26 (at the cut) and 27 are eligible.",
        adult_in_relapse(age=27),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "us_age_17_not_18_and_19_eligible-age_17",
        "US: 17 is not an adult; 18 and 19 are.",
        adult_in_relapse(age=17),
        NOT_ELIGIBLE,
        failed=(
            "label_population",
            "us_label",
            "us_adult",
            "eu_label",
            "jurisdiction_eu",
        ),
    ),
    Case(
        "us_age_17_not_18_and_19_eligible-age_18",
        "US: 17 is not an adult; 18 and 19 are.",
        adult_in_relapse(age=18),
        ELIGIBLE,
    ),
    Case(
        "us_age_17_not_18_and_19_eligible-age_19",
        "US: 17 is not an adult; 18 and 19 are.",
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
        "An unrecorded date of birth is unknown in both jurisdictions.",
        adult_in_relapse(age=None),
        UNKNOWN,
        missing=("date_of_birth",),
    ),
    Case(
        "age_unknown",
        "An unrecorded date of birth is unknown in both jurisdictions.",
        adult_in_relapse(age=None),
        UNKNOWN,
        jurisdiction="EU",
        missing=("date_of_birth",),
    ),
    Case(
        "lineage_unknown",
        "An unrecorded lineage is unknown.",
        adult_in_relapse(lineage=None),
        UNKNOWN,
        missing=("disease.lineage",),
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
        "review-ref-34",
        "review-ref-36",
        "review-ref-37",
        "review-car-t",
        "label-us-tecartus",
        "label-eu-tecartus",
        "decision-1",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
