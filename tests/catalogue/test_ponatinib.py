"""Golden vignettes of ponatinib (review ref 55; label-us-iclusig, label-eu-iclusig: the US and
EU labels as of 2022-12-31)."""

from __future__ import annotations

from allmodel import Agent
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import StopReason
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    ph_positive,
    table,
)

OPTION = "ponatinib"


CASES = (
    Case(
        "t315i_eligible",
        "Ph-positive relapse with T315I is eligible in US and EU.",
        ph_positive([Agent.IMATINIB], t315i=True),
        ELIGIBLE,
    ),
    Case(
        "t315i_eligible",
        "Ph-positive relapse with T315I is eligible in US and EU.",
        ph_positive([Agent.IMATINIB], t315i=True),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "second_generation_failure_eligible",
        "Without T315I, after dasatinib failed and no other TKI indicated: eligible.",
        ph_positive([Agent.IMATINIB, Agent.DASATINIB], t315i=False, no_other_tki=True),
        ELIGIBLE,
    ),
    Case(
        "second_generation_failure_without_judgement_unknown",
        (
            'The US label\'s "no other TKI indicated" is a recorded judgement: unknown until '
            "recorded (audit: a label condition the record cannot decide)."
        ),
        ph_positive([Agent.IMATINIB, Agent.DASATINIB], t315i=False),
        UNKNOWN,
        missing=("no_other_tki_indicated",),
    ),
    Case(
        "second_generation_failure_other_tki_indicated_not_eligible",
        "With another TKI indicated and no T315I: not eligible.",
        ph_positive([Agent.IMATINIB, Agent.DASATINIB], t315i=False, no_other_tki=False),
        NOT_ELIGIBLE,
        failed=(
            "t315i_or_second_generation_failure",
            "t315i",
            "after_second_generation_failure",
            "no_other_tki_indicated",
            "eu_after_dasatinib_failure",
            "jurisdiction_eu",
        ),
    ),
    Case(
        "second_generation_intolerance_eligible",
        "Without T315I, after nilotinib was not tolerated: eligible.",
        ph_positive([Agent.NILOTINIB], stop=StopReason.INTOLERANCE, no_other_tki=True),
        ELIGIBLE,
    ),
    Case(
        "only_imatinib_failed_not_eligible",
        "Without T315I, after imatinib only: not eligible.",
        ph_positive([Agent.IMATINIB], t315i=False, no_other_tki=True),
        NOT_ELIGIBLE,
        failed=(
            "t315i_or_second_generation_failure",
            "t315i",
            "after_second_generation_failure",
            "second_generation_tki_failure",
            "eu_after_dasatinib_failure",
            "jurisdiction_eu",
        ),
    ),
    Case(
        "child_not_eligible",
        "The labels are for adults: a 17-year-old with T315I is not eligible.",
        ph_positive([Agent.IMATINIB], t315i=True, age=17),
        NOT_ELIGIBLE,
        failed=("adult",),
    ),
    Case(
        "mutation_unknown_no_second_generation_unknown",
        "No mutation result and no second-generation TKI failure: unknown.",
        ph_positive([Agent.IMATINIB], t315i=None),
        UNKNOWN,
        missing=("disease.kinase_domain",),
    ),
    Case(
        "ph_negative_not_eligible",
        "Ph-negative disease is not eligible.",
        adult_in_relapse(t315i=False),
        NOT_ELIGIBLE,
        failed=(
            "ph_positive",
            "t315i_or_second_generation_failure",
            "t315i",
            "after_second_generation_failure",
            "second_generation_tki_failure",
            "eu_after_dasatinib_failure",
            "jurisdiction_eu",
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
        "review-ref-55",
        "review-philadelphia-chromosome-positive-all",
        "label-us-iclusig",
        "label-eu-iclusig",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
