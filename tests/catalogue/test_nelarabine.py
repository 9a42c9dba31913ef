"""Golden vignettes of nelarabine (review refs 48-52; label-us-arranon, label-eu-atriance: the
US and EU labels as of 2022-12-31)."""

from __future__ import annotations

from datetime import timedelta

import attrs

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Intent, Lineage
from tests.builders import adult_in_relapse, with_course
from tests.catalogue.vignettes import (
    BLINATUMOMAB_NO_RESPONSE,
    ELIGIBLE,
    FAILED_SALVAGE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    named,
    primary_refractory,
    screened,
    table,
    with_salvage_pending,
)

OPTION = "nelarabine"


def frontline_phases_split() -> Patient:
    """An adult with relapsed T-ALL whose frontline regimen is recorded as two lines,
    induction then consolidation."""
    patient = adult_in_relapse(lineage=Lineage.T)
    first = patient.course.treatment_lines[0]
    assert first.end is not None
    middle = first.start + (first.end - first.start) / 2
    induction = attrs.evolve(first, end=middle)
    consolidation = attrs.evolve(
        first, start=middle + timedelta(days=1), intent=Intent.CONSOLIDATION
    )
    return with_course(patient, treatment_lines=(induction, consolidation))


CASES = (
    Case(
        "t_all_after_two_regimens_eligible",
        "T-ALL in relapse after two regimens is eligible in US and EU.",
        adult_in_relapse(lineage=Lineage.T, salvage=[FAILED_SALVAGE]),
        ELIGIBLE,
    ),
    Case(
        "t_all_after_two_regimens_eligible",
        "T-ALL in relapse after two regimens is eligible in US and EU.",
        adult_in_relapse(lineage=Lineage.T, salvage=[FAILED_SALVAGE]),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "t_all_after_three_regimens_eligible",
        "Three regimens (above the cut) are eligible.",
        adult_in_relapse(lineage=Lineage.T, salvage=[FAILED_SALVAGE, FAILED_SALVAGE]),
        ELIGIBLE,
    ),
    Case(
        "t_all_after_one_regimen_not_eligible",
        (
            "T-ALL in first relapse after one regimen: the label's answer (not eligible), with"
            " the reason naming the review's off-label support for relapsed T-ALL."
        ),
        adult_in_relapse(lineage=Lineage.T),
        NOT_ELIGIBLE,
        failed=("two_prior_chemotherapy_regimens",),
    ),
    Case(
        "frontline_phases_are_one_chemotherapy_regimen",
        "Induction and consolidation recorded separately are one regimen, not two.",
        frontline_phases_split(),
        NOT_ELIGIBLE,
        failed=("two_prior_chemotherapy_regimens",),
    ),
    Case(
        "immunotherapy_regimen_is_not_a_chemotherapy_regimen",
        (
            "Frontline chemotherapy then blinatumomab is one chemotherapy regimen: the "
            'label\'s "two chemotherapy regimens" is not met (regression: every line counted).'
        ),
        adult_in_relapse(lineage=Lineage.T, salvage=[BLINATUMOMAB_NO_RESPONSE]),
        NOT_ELIGIBLE,
        failed=("two_prior_chemotherapy_regimens",),
    ),
    Case(
        "b_lineage_not_eligible",
        "B-lineage ALL is not eligible (much less activity).",
        adult_in_relapse(salvage=[FAILED_SALVAGE]),
        NOT_ELIGIBLE,
        failed=("t_lineage",),
    ),
    Case(
        "incomplete_history_unknown",
        "One recorded regimen in an incomplete history is unknown.",
        adult_in_relapse(lineage=Lineage.T, history_complete=None),
        UNKNOWN,
        missing=(
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].agents",
            "course.treatment_lines[].best_response",
        ),
    ),
    Case(
        "lineage_unknown",
        "An unrecorded lineage is unknown.",
        adult_in_relapse(lineage=None, salvage=[FAILED_SALVAGE]),
        UNKNOWN,
        missing=("disease.lineage",),
    ),
    Case(
        "primary_refractory_after_two_regimens_eligible",
        "T-ALL refractory to induction and to one salvage line is eligible.",
        primary_refractory(lineage=Lineage.T, salvage=[FAILED_SALVAGE]),
        ELIGIBLE,
    ),
    Case(
        "second_regimen_outcome_pending_unknown",
        (
            "First relapse after one regimen, a second begun 3 days ago with no response yet:"
            " the label's 'not responded to or relapsed following two regimens' is undecided"
            " (the count alone read eligible)."
        ),
        with_salvage_pending(adult_in_relapse(lineage=Lineage.T)),
        UNKNOWN,
        missing=("course.treatment_lines[].best_response", "course.history_complete"),
    ),
    Case(
        "third_regimen_pending_after_failed_second_eligible",
        "A second regimen failed, a third is under way: two regimens preceded it, eligible.",
        with_salvage_pending(adult_in_relapse(lineage=Lineage.T, salvage=[FAILED_SALVAGE])),
        ELIGIBLE,
    ),
    Case(
        "second_relapse_incomplete_history_unknown",
        (
            "A second relapse with an incomplete history: two regimens came before it, but"
            " not necessarily two chemotherapy regimens (the remission between may have come"
            " from another kind of therapy), and the relapse may have been treated since."
        ),
        adult_in_relapse(lineage=Lineage.T, relapses=2, history_complete=None),
        UNKNOWN,
        missing=(
            "course.treatment_lines[].best_response",
            "course.history_complete",
            "course.treatment_lines",
            "course.treatment_lines[].agents",
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
        "review-ref-48",
        "review-ref-49",
        "review-ref-50",
        "review-ref-51",
        "review-ref-52",
        "review-nelarabine",
        "label-us-arranon",
        "label-eu-atriance",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 5


def test_t_all_after_one_regimen_reason_names_off_label_use() -> None:
    """T-ALL in first relapse after one regimen: the label's answer (not eligible), with
    the reason naming the review's off-label support for relapsed T-ALL."""
    found = screened(OPTION, named(CASES, "t_all_after_one_regimen_not_eligible"))
    assert [node.id for node in found.failed] == ["two_prior_chemotherapy_regimens"]
    assert found.failed[0].text == (
        "two or more earlier chemotherapy regimens, as the label requires (the review"
        " also names nelarabine for relapsed T-ALL, which in a first relapse is"
        " off-label use)"
    )
