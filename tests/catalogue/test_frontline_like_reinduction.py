"""Golden vignettes of reinduction like the first induction after a late relapse (review:
selection of therapy; decision-6)."""

from __future__ import annotations

import attrs

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from tests.builders import adult_in_relapse, with_course
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    end_initial_therapy_earlier,
    primary_refractory,
    table,
)

OPTION = "frontline_like_reinduction"


def initial_therapy_without_end() -> Patient:
    """An adult in a late first relapse whose initial therapy has no end date."""
    patient = adult_in_relapse(cr1_months=36, months_initial_therapy_to_relapse=30)
    first = attrs.evolve(patient.course.treatment_lines[0], end=None, stop_reason=None)
    return with_course(patient, treatment_lines=(first,))


CASES = (
    Case(
        "25_months_eligible",
        "Relapse 25 months after initial therapy ended is eligible.",
        adult_in_relapse(cr1_months=36, months_initial_therapy_to_relapse=25),
        ELIGIBLE,
    ),
    Case(
        "exactly_24_months_not_eligible",
        "Relapse exactly 24 months after initial therapy ended is not more than 24.",
        adult_in_relapse(months_initial_therapy_to_relapse=24),
        NOT_ELIGIBLE,
        failed=("relapse_more_than_24_months",),
    ),
    Case(
        "24_months_and_a_day_eligible",
        "Relapse 24 months and one day after initial therapy ended is eligible.",
        end_initial_therapy_earlier(adult_in_relapse(months_initial_therapy_to_relapse=24), 1),
        ELIGIBLE,
    ),
    Case(
        "23_months_not_eligible",
        "Relapse 23 months after initial therapy ended is not eligible.",
        adult_in_relapse(months_initial_therapy_to_relapse=23),
        NOT_ELIGIBLE,
        failed=("relapse_more_than_24_months",),
    ),
    Case(
        "relapse_on_therapy_not_eligible",
        "Relapse during initial therapy (negative interval) is not eligible.",
        end_initial_therapy_earlier(adult_in_relapse(months_initial_therapy_to_relapse=0), -30),
        NOT_ELIGIBLE,
        failed=("relapse_more_than_24_months",),
    ),
    Case(
        "end_of_initial_therapy_unknown",
        "Initial therapy without an end date is unknown.",
        initial_therapy_without_end(),
        UNKNOWN,
        missing=(
            "course.treatment_lines",
            "course.transplants",
            "course.relapses",
        ),
    ),
    Case(
        "primary_refractory_not_eligible",
        "Primary refractory disease has no relapse: not eligible.",
        primary_refractory(),
        NOT_ELIGIBLE,
        failed=("in_relapse",),
    ),
    Case(
        "second_relapse_not_eligible",
        "A second relapse is not eligible, however late the first was.",
        adult_in_relapse(relapses=2, cr1_months=36, months_initial_therapy_to_relapse=30),
        NOT_ELIGIBLE,
        failed=("first_relapse",),
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
        "review-selection-of-therapy",
        "review-summary-and-recommendations",
        "decision-6",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
