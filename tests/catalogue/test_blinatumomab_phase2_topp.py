"""Golden vignettes of the Topp phase 2 trial archetype (REFERENCE-B 2; review ref 8): adult
Ph-negative R/R B-precursor, 2-week washout, ECOG 0-2."""

from __future__ import annotations

from datetime import timedelta

from allmodel import Agent, Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import BestResponse, Intent, PhStatus, StopReason
from tests.builders import AS_OF, adult_in_relapse, line, with_course
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    table,
    with_line_ending,
)

OPTION = "blinatumomab_phase2_topp"


def blinatumomab_ended(days: int) -> Patient:
    """An adult in relapse whose blinatumomab line (4 weeks, resistant) ended ``days``
    before AS_OF."""
    patient = adult_in_relapse()
    blinatumomab = line(
        AS_OF - timedelta(days=days + 28),
        AS_OF - timedelta(days=days),
        (Agent.BLINATUMOMAB,),
        Intent.SALVAGE,
        BestResponse.NO_RESPONSE,
        StopReason.RESISTANCE,
    )
    lines = (*patient.course.treatment_lines, blinatumomab)
    return with_course(patient, treatment_lines=lines)


CASES = (
    Case(
        "first_relapse",
        "Untreated first relapse, months after frontline ended: eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "washout_13_days",
        "Latest treatment ended 13 days ago: not eligible.",
        with_line_ending(adult_in_relapse(), 13, (Agent.CYTARABINE,)),
        NOT_ELIGIBLE,
        failed=("chemotherapy_washout",),
    ),
    Case(
        "washout_14_days",
        "Latest treatment ended 14 days ago: eligible.",
        with_line_ending(adult_in_relapse(), 14, (Agent.CYTARABINE,)),
        ELIGIBLE,
    ),
    Case(
        "washout_15_days",
        "Latest treatment ended 15 days ago: eligible.",
        with_line_ending(adult_in_relapse(), 15, (Agent.CYTARABINE,)),
        ELIGIBLE,
    ),
    Case(
        "immunotherapy_washout_4_weeks-27_days",
        (
            "Blinatumomab (an immunotherapy) ended 27 days ago: not eligible; 28 (four weeks)"
            " or 29 days: eligible (the 2-week chemotherapy washout is met either way)."
        ),
        blinatumomab_ended(27),
        NOT_ELIGIBLE,
        failed=("radiotherapy_immunotherapy_washout",),
    ),
    Case(
        "immunotherapy_washout_4_weeks-28_days",
        (
            "Blinatumomab (an immunotherapy) ended 27 days ago: not eligible; 28 (four weeks)"
            " or 29 days: eligible (the 2-week chemotherapy washout is met either way)."
        ),
        blinatumomab_ended(28),
        ELIGIBLE,
    ),
    Case(
        "immunotherapy_washout_4_weeks-29_days",
        (
            "Blinatumomab (an immunotherapy) ended 27 days ago: not eligible; 28 (four weeks)"
            " or 29 days: eligible (the 2-week chemotherapy washout is met either way)."
        ),
        blinatumomab_ended(29),
        ELIGIBLE,
    ),
    Case(
        "ecog_2",
        "ECOG 2: eligible.",
        adult_in_relapse(ecog=2),
        ELIGIBLE,
    ),
    Case(
        "ecog_3",
        "ECOG 3: not eligible.",
        adult_in_relapse(ecog=3),
        NOT_ELIGIBLE,
        failed=("ecog",),
    ),
    Case(
        "ph_positive",
        "Ph-positive disease: not eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE),
        NOT_ELIGIBLE,
        failed=("ph_negative",),
    ),
    Case(
        "in_remission",
        "In remission (not R/R): not eligible.",
        adult_in_relapse(in_remission=True),
        NOT_ELIGIBLE,
        failed=("relapsed_or_refractory",),
    ),
    Case(
        "incomplete_history",
        "Incomplete history: the washout is unknown, needs the history to be complete.",
        adult_in_relapse(history_complete=None),
        UNKNOWN,
        missing=(
            "course.treatment_lines[].end",
            "course.transplants",
            "course.history_complete",
            "course.treatment_lines",
            "course.treatment_lines[].agents",
        ),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "disease.lineage",
            "disease.markers[CD19].positive",
            "disease.philadelphia",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "course.treatment_lines[].end",
            "course.history_complete",
            "course.treatment_lines[].agents",
            "ecog",
        ),
    ),
)


@table(CASES)
def test_vignette(case: Case) -> None:
    """Each vignette screens to its status, failed criteria and missing fields."""
    check(OPTION, case)


def test_option_as_catalogued() -> None:
    """The option is a trial archetype with these citations and registry ids, and so
    many notes."""
    option = default_ruleset().option(OPTION)
    assert option.kind is OptionKind.TRIAL
    assert option.citations == (
        "review-ref-8",
        "web-pmc-blinatumomab-efficacy-table",
        "web-mskcc-protocol-12-069",
        "web-zhihuiya-blinatumomab-abstract-6500",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 5


def test_topp_names_both_candidate_registry_ids() -> None:
    """The unresolved Topp registry id is named in the notes (both candidates), not attached."""
    topp = default_ruleset().option(OPTION)
    notes = " ".join(topp.notes)
    assert topp.registry_ids == ()
    assert "NCT01209286" in notes
    assert "NCT01466179" in notes
