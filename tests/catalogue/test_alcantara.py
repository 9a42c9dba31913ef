"""Golden vignettes of the ALCANTARA trial archetype (REFERENCE-B 3; review refs 16, 18): adult
Ph-positive R/R B-precursor after a second-generation or later TKI."""

from __future__ import annotations

from datetime import timedelta

from allmodel import Agent, Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Intent, PhStatus, StopReason
from tests.builders import adult_in_relapse, line, with_course
from tests.catalogue.vignettes import (
    DASATINIB_RESISTANT,
    ELIGIBLE,
    FRONTLINE_WITH_IMATINIB,
    IMATINIB_RESISTANT,
    NOT_ELIGIBLE,
    PONATINIB_RESISTANT,
    UNKNOWN,
    Case,
    Salvage,
    check,
    table,
    with_salvage_pending,
)

OPTION = "alcantara"


def ponatinib_in_frontline() -> Patient:
    """A Ph-positive adult relapsing off a frontline programme with ponatinib that
    reached CR."""
    frontline = (*FRONTLINE_WITH_IMATINIB[:-1], Agent.PONATINIB)
    return adult_in_relapse(ph=PhStatus.POSITIVE, frontline_agents=frontline)


def imatinib_intolerant_in_first_remission(*salvage: Salvage) -> Patient:
    """A Ph-positive adult (no T315I) who stopped imatinib maintenance for intolerance in
    first remission, then relapsed; ``salvage`` lines given since the relapse."""
    patient = adult_in_relapse(ph=PhStatus.POSITIVE, t315i=False, salvage=list(salvage))
    frontline, *since = patient.course.treatment_lines
    relapse = patient.course.relapses[0].date
    imatinib = line(
        relapse - timedelta(days=120),
        relapse - timedelta(days=60),
        (Agent.IMATINIB,),
        Intent.MAINTENANCE,
        None,
        StopReason.INTOLERANCE,
        intensive=False,
    )
    return with_course(patient, treatment_lines=(frontline, imatinib, *since))


CASES = (
    Case(
        "after_dasatinib_failure",
        "Dasatinib-refractory Ph-positive relapse: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[DASATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "t315i_allowed",
        "T315I does not exclude: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, t315i=True, salvage=[DASATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "relapse_after_allogeneic_hct_allowed",
        "Relapse after allogeneic HCT does not exclude: eligible.",
        adult_in_relapse(
            ph=PhStatus.POSITIVE, salvage=[DASATINIB_RESISTANT], allo_hct_months_before_relapse=12
        ),
        ELIGIBLE,
    ),
    Case(
        "after_imatinib_then_ponatinib",
        "Ponatinib (later generation) after imatinib failure: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[IMATINIB_RESISTANT, PONATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "only_imatinib_failed",
        "Only imatinib failed: not eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[IMATINIB_RESISTANT]),
        NOT_ELIGIBLE,
        failed=(
            "tki_failure",
            "second_generation_tki_failure",
            "ponatinib_after_tki_failure",
            "prior_ponatinib",
        ),
    ),
    Case(
        "ponatinib_the_one_failed_tki",
        "Ponatinib refractory, no other TKI: one TKI failure, at the cut: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[PONATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "ponatinib_without_a_tki_failure",
        (
            "Ponatinib in a frontline programme that reached CR, relapse off it: no TKI "
            "failure on record (0, below 1): not eligible."
        ),
        ponatinib_in_frontline(),
        NOT_ELIGIBLE,
        failed=(
            "tki_failure",
            "second_generation_tki_failure",
            "ponatinib_after_tki_failure",
            "tki_failures",
        ),
    ),
    Case(
        "ph_negative",
        "Ph-negative disease: not eligible.",
        adult_in_relapse(salvage=[DASATINIB_RESISTANT]),
        NOT_ELIGIBLE,
        failed=("ph_positive",),
    ),
    Case(
        "age_18",
        "Aged 18: eligible.",
        adult_in_relapse(age=18, ph=PhStatus.POSITIVE, salvage=[DASATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "age_17",
        "Aged 17: not eligible.",
        adult_in_relapse(age=17, ph=PhStatus.POSITIVE, salvage=[DASATINIB_RESISTANT]),
        NOT_ELIGIBLE,
        failed=("adult",),
    ),
    Case(
        "tki_history_unknown",
        "No TKI recorded in an incomplete history: unknown, needs the history.",
        adult_in_relapse(ph=PhStatus.POSITIVE, history_complete=None),
        UNKNOWN,
        missing=(
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].stop_reason",
            "course.treatment_lines[].best_response",
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
            "course.history_complete",
            "course.treatment_lines[].stop_reason",
            "course.treatment_lines[].best_response",
        ),
    ),
    Case(
        "ponatinib_pending_after_relapse_unknown",
        (
            "Imatinib not tolerated in CR1, relapse, ponatinib begun 3 days ago: not yet"
            " relapsed or refractory after ponatinib (it read eligible)."
        ),
        with_salvage_pending(imatinib_intolerant_in_first_remission(), agents=(Agent.PONATINIB,)),
        UNKNOWN,
        missing=("course.treatment_lines[].best_response", "course.history_complete"),
    ),
    Case(
        "ponatinib_failed_after_relapse_eligible",
        "The same patient once ponatinib ended without response: eligible.",
        imatinib_intolerant_in_first_remission(PONATINIB_RESISTANT),
        ELIGIBLE,
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
        "review-ref-16",
        "review-ref-18",
        "nct02000427",
        "web-pmc-blinatumomab-efficacy-table",
    )
    assert option.registry_ids == ("NCT02000427",)
    assert len(option.notes) == 5
