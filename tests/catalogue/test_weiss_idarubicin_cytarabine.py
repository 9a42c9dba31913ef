"""Golden vignettes of the Weiss trial archetype (REFERENCE-B 11; review ref 41): previously
treated recurrent or refractory ALL."""

from __future__ import annotations

import attrs

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Lineage, PhStatus
from tests.builders import adult_in_relapse, with_course
from tests.catalogue.vignettes import ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, Case, check, table

OPTION = "weiss_idarubicin_cytarabine"


def phase_undecidable() -> Patient:
    """An adult after frontline therapy with no remission, relapse or response recorded."""
    patient = adult_in_relapse()
    frontline = attrs.evolve(patient.course.treatment_lines[0], best_response=None)
    return with_course(patient, treatment_lines=(frontline,), remissions=(), relapses=())


CASES = (
    Case(
        "first_relapse",
        "First relapse: eligible.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "t_lineage_ph_positive",
        "Lineage and Ph status are not restricted: eligible.",
        adult_in_relapse(lineage=Lineage.T, ph=PhStatus.POSITIVE),
        ELIGIBLE,
    ),
    Case(
        "in_remission",
        "In remission: not eligible.",
        adult_in_relapse(in_remission=True),
        NOT_ELIGIBLE,
        failed=("relapsed_or_refractory",),
    ),
    Case(
        "relapse_without_a_line_of_therapy",
        (
            "A relapse with no line of therapy in a complete history (0 regimens, below the "
            "one line the series asks for): not eligible."
        ),
        with_course(adult_in_relapse(), treatment_lines=()),
        NOT_ELIGIBLE,
        failed=("previously_treated",),
    ),
    Case(
        "phase_undecidable",
        "No remission, relapse or response recorded: unknown, needs the course.",
        phase_undecidable(),
        UNKNOWN,
        missing=(
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
        ),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "course.history_complete",
            "fit_for_intensive_therapy",
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
        "review-ref-41",
        "pub-weiss-1998-leukemia",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
