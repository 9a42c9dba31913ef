"""Golden vignettes of clofarabine (review refs 43-47; label-us-clolar, label-eu-evoltra: the
US and EU labels as of 2022-12-31; decision-7)."""

from __future__ import annotations

from typing import Any

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    ELIGIBLE,
    FAILED_SALVAGE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    in_remission,
    table,
    with_salvage_pending,
)

OPTION = "clofarabine"


def after_two_regimens(age: int | None, **changes: Any) -> Patient:
    """A patient in relapse after frontline therapy and one failed salvage line."""
    return adult_in_relapse(age=age, salvage=[FAILED_SALVAGE], **changes)


CASES = (
    Case(
        "age_21_after_two_regimens_eligible",
        (
            "At 21 (the upper cut) after two regimens: eligible in the US; in the EU with the "
            "judgement that no other option is expected to give a durable response."
        ),
        after_two_regimens(21),
        ELIGIBLE,
    ),
    Case(
        "age_21_after_two_regimens_eligible",
        (
            "At 21 (the upper cut) after two regimens: eligible in the US; in the EU with the "
            "judgement that no other option is expected to give a durable response."
        ),
        after_two_regimens(21, no_alternative=True),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_no_alternative_unrecorded_unknown",
        'EU: the label\'s "no other option" is a recorded judgement, unknown when absent.',
        after_two_regimens(21),
        UNKNOWN,
        jurisdiction="EU",
        missing=("no_alternative_treatment",),
    ),
    Case(
        "age_20_eligible",
        "At 20 after two regimens: eligible.",
        after_two_regimens(20),
        ELIGIBLE,
    ),
    Case(
        "age_22_not_eligible",
        "At 22: outside the label's ages.",
        after_two_regimens(22),
        NOT_ELIGIBLE,
        failed=("aged_21_or_under",),
    ),
    Case(
        "typical_adult_not_eligible",
        "At 45: outside the label (adult data limited).",
        after_two_regimens(45),
        NOT_ELIGIBLE,
        failed=("aged_21_or_under",),
    ),
    Case(
        "age_lower_cut-age_1",
        "Ages 1 and 2 are within the label, age 0 is not (facts set directly).",
        after_two_regimens(20),
        ELIGIBLE,
        facts={"age_years": 1},
    ),
    Case(
        "age_lower_cut-age_2",
        "Ages 1 and 2 are within the label, age 0 is not (facts set directly).",
        after_two_regimens(20),
        ELIGIBLE,
        facts={"age_years": 2},
    ),
    Case(
        "age_lower_cut-age_0",
        "Ages 1 and 2 are within the label, age 0 is not (facts set directly).",
        after_two_regimens(20),
        NOT_ELIGIBLE,
        facts={"age_years": 0},
        failed=("aged_1_or_over",),
    ),
    Case(
        "one_regimen_not_eligible",
        "At 20 in a first relapse after one regimen: below the two regimens.",
        adult_in_relapse(age=20),
        NOT_ELIGIBLE,
        failed=("two_prior_regimens",),
    ),
    Case(
        "three_regimens_eligible",
        "Three regimens (above the cut) are eligible.",
        adult_in_relapse(age=20, salvage=[FAILED_SALVAGE, FAILED_SALVAGE]),
        ELIGIBLE,
    ),
    Case(
        "one_regimen_incomplete_history_unknown",
        "One recorded regimen in an incomplete history is unknown (a lower bound).",
        adult_in_relapse(age=20, history_complete=None),
        UNKNOWN,
        missing=(
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].best_response",
        ),
    ),
    Case(
        "in_remission_not_eligible",
        "A patient in remission is not eligible.",
        in_remission(age=20),
        NOT_ELIGIBLE,
        failed=(
            "relapsed_or_refractory",
            "two_prior_regimens",
        ),
    ),
    Case(
        "second_regimen_outcome_pending_unknown",
        (
            "First relapse after one regimen, a second begun 3 days ago with no response yet:"
            " 'relapsed or refractory after at least two prior regimens' is undecided."
        ),
        with_salvage_pending(adult_in_relapse(age=20)),
        UNKNOWN,
        missing=("course.treatment_lines[].best_response", "course.history_complete"),
    ),
    Case(
        "second_regimen_failed_eligible",
        "The second regimen ended without remission: refractory after two regimens.",
        adult_in_relapse(age=20, salvage=[FAILED_SALVAGE]),
        ELIGIBLE,
    ),
    Case(
        "third_regimen_pending_after_failed_second_eligible",
        "A second regimen failed, a third is under way: two regimens preceded it, eligible.",
        with_salvage_pending(adult_in_relapse(age=20, salvage=[FAILED_SALVAGE])),
        ELIGIBLE,
    ),
    Case(
        "second_relapse_incomplete_history_eligible",
        (
            "A second relapse with an incomplete history: two regimens came before it (the"
            " first and the one that brought the second remission), so eligible."
        ),
        adult_in_relapse(age=20, relapses=2, history_complete=None),
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
        "review-ref-43",
        "review-ref-44",
        "review-ref-45",
        "review-ref-46",
        "review-ref-47",
        "review-clofarabine",
        "label-us-clolar",
        "label-eu-evoltra",
        "decision-7",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
