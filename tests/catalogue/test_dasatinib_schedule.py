"""Golden vignettes of the CA180-035 trial archetype (REFERENCE-B 15; review ref 54): Ph-positive
ALL resistant or intolerant to imatinib."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import PhStatus
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    ELIGIBLE,
    FRONTLINE_WITH_IMATINIB,
    IMATINIB_INTOLERANT,
    IMATINIB_RESISTANT,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    never_intensive,
    table,
)

OPTION = "dasatinib_schedule"


CASES = (
    Case(
        "imatinib_resistant",
        "Imatinib-refractory Ph-positive relapse: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[IMATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "without_intensive_chemotherapy",
        "Prior chemotherapy is not required: eligible.",
        never_intensive(adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[IMATINIB_INTOLERANT])),
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
        "imatinib_given_without_failure",
        (
            "Imatinib in a frontline programme that reached CR, relapse off it: imatinib "
            "received but no TKI failure on record, not eligible."
        ),
        adult_in_relapse(ph=PhStatus.POSITIVE, frontline_agents=FRONTLINE_WITH_IMATINIB),
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
        "ph_unrecorded",
        "No Ph status: unknown, needs it.",
        adult_in_relapse(ph=None, salvage=[IMATINIB_RESISTANT]),
        UNKNOWN,
        missing=("disease.philadelphia",),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "disease.philadelphia",
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].stop_reason",
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
        "review-ref-54",
        "nct00123487",
        "web-ashpublications-ca180-035-ap-cml-2009",
    )
    assert option.registry_ids == ("NCT00123487",)
    assert len(option.notes) == 3
