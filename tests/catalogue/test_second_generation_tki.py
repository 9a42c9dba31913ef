"""Golden vignettes of the second-generation TKIs (review refs 53, 54; label-us-sprycel)."""

from __future__ import annotations

from allmodel import Agent, Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import PhStatus, StopReason
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    ELIGIBLE,
    FRONTLINE_AGENTS,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    ph_positive,
    table,
)

OPTION = "second_generation_tki"


def relapse_off_tki_after_a_completed_programme() -> Patient:
    """A Ph-positive adult (no T315I) relapsing after a completed frontline programme
    with imatinib."""
    frontline = (*FRONTLINE_AGENTS, Agent.IMATINIB)
    return adult_in_relapse(ph=PhStatus.POSITIVE, t315i=False, frontline_agents=frontline)


CASES = (
    Case(
        "imatinib_resistance_eligible",
        "Resistance to imatinib without T315I is eligible.",
        ph_positive([Agent.IMATINIB]),
        ELIGIBLE,
    ),
    Case(
        "imatinib_intolerance_eligible",
        "Intolerance of imatinib without T315I is eligible.",
        ph_positive([Agent.IMATINIB], stop=StopReason.INTOLERANCE),
        ELIGIBLE,
    ),
    Case(
        "t315i_not_eligible",
        "With T315I (ponatinib territory): not eligible.",
        ph_positive([Agent.IMATINIB], t315i=True),
        NOT_ELIGIBLE,
        failed=("no_t315i",),
    ),
    Case(
        "mutation_unknown",
        "Without a mutation result T315I cannot be ruled out: unknown.",
        ph_positive([Agent.IMATINIB], t315i=None),
        UNKNOWN,
        missing=("disease.kinase_domain",),
    ),
    Case(
        "no_earlier_tki_not_eligible",
        "With a complete history and no TKI given: not eligible.",
        ph_positive(),
        NOT_ELIGIBLE,
        failed=(
            "prior_tki_failed",
            "tki_intolerance",
            "tki_resistance",
            "relapsed_after_tki",
        ),
    ),
    Case(
        "relapse_off_tki_after_a_completed_programme_eligible",
        (
            "A relapse after a completed TKI-containing frontline programme is failure of "
            "prior therapy (dasatinib label), though no TKI line ended in resistance."
        ),
        relapse_off_tki_after_a_completed_programme(),
        ELIGIBLE,
    ),
    Case(
        "child_not_eligible",
        "The dasatinib label for this use is for adults.",
        ph_positive([Agent.IMATINIB], age=17),
        NOT_ELIGIBLE,
        failed=("adult",),
    ),
    Case(
        "no_earlier_tki_incomplete_history_unknown",
        "With an incomplete history and no TKI recorded: unknown.",
        ph_positive(history_complete=None),
        UNKNOWN,
        missing=(
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].stop_reason",
            "course.relapses",
        ),
    ),
    Case(
        "ph_negative_not_eligible",
        "Ph-negative disease is not eligible.",
        adult_in_relapse(t315i=False),
        NOT_ELIGIBLE,
        failed=(
            "ph_positive",
            "prior_tki_failed",
            "tki_intolerance",
            "tki_resistance",
            "relapsed_after_tki",
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
        "review-ref-53",
        "review-ref-54",
        "review-philadelphia-chromosome-positive-all",
        "label-us-sprycel",
        "label-us-sprycel-dosage",
        "label-eu-tasigna",
        "label-us-bosulif",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 5
