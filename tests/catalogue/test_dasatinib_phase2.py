"""Golden vignettes of the START-L trial archetype (REFERENCE-B 14; review ref 53): Ph-positive ALL
resistant or intolerant to imatinib, after standard chemotherapy."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import PhStatus
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    DASATINIB_RESISTANT,
    ELIGIBLE,
    IMATINIB_INTOLERANT,
    IMATINIB_RESISTANT,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    never_intensive,
    table,
)

OPTION = "dasatinib_phase2"


CASES = (
    Case(
        "imatinib_resistant",
        "Imatinib-refractory Ph-positive relapse: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[IMATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "imatinib_intolerant",
        "Imatinib intolerance: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[IMATINIB_INTOLERANT]),
        ELIGIBLE,
    ),
    Case(
        "no_imatinib",
        "Ph-positive, never given imatinib: not eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE),
        NOT_ELIGIBLE,
        failed=("imatinib_failed",),
    ),
    Case(
        "dasatinib_failed_without_imatinib",
        (
            "Dasatinib failed but imatinib never given: not eligible (imatinib must have been "
            "received, and a TKI must have failed)."
        ),
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[DASATINIB_RESISTANT]),
        NOT_ELIGIBLE,
        failed=("imatinib_failed",),
    ),
    Case(
        "ph_negative",
        "Ph-negative disease: not eligible.",
        adult_in_relapse(salvage=[IMATINIB_RESISTANT]),
        NOT_ELIGIBLE,
        failed=("ph_positive",),
    ),
    Case(
        "no_standard_chemotherapy",
        "No intensive chemotherapy ever: not eligible.",
        never_intensive(adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[IMATINIB_RESISTANT])),
        NOT_ELIGIBLE,
        failed=("prior_standard_chemotherapy",),
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
        ),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "disease.philadelphia",
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].stop_reason",
            "course.treatment_lines[].intensive",
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
        "review-ref-53",
        "web-ashpublications-start-l-interim-2005",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 5
