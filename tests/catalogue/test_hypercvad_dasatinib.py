"""Golden vignettes of the Hyper-CVAD + dasatinib trial archetype (REFERENCE-B 17; review ref 56):
relapsed Ph-positive ALL; CNS involvement allowed."""

from __future__ import annotations

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import CnsStatus, PhStatus
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, Case, check, table

OPTION = "hypercvad_dasatinib"


CASES = (
    Case(
        "first_relapse",
        "Ph-positive first relapse: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE),
        ELIGIBLE,
    ),
    Case(
        "relapse_after_allogeneic_hct",
        "Ph-positive relapse after allogeneic HCT: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, allo_hct_months_before_relapse=9),
        ELIGIBLE,
    ),
    Case(
        "cns_involvement_allowed",
        "CNS involvement was not excluded: eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, cns=CnsStatus.CNS3),
        ELIGIBLE,
    ),
    Case(
        "primary_refractory",
        "Primary refractory (never relapsed): not eligible.",
        adult_in_relapse(ph=PhStatus.POSITIVE, primary_refractory=True),
        NOT_ELIGIBLE,
        failed=("in_relapse",),
    ),
    Case(
        "ph_negative",
        "Ph-negative disease: not eligible.",
        adult_in_relapse(),
        NOT_ELIGIBLE,
        failed=("ph_positive",),
    ),
    Case(
        "ph_unrecorded",
        "No Ph status: unknown, needs it.",
        adult_in_relapse(ph=None),
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
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
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
        "review-ref-56",
        "web-clinicaltrialsgps-mdacc-hypercvad-dasatinib",
        "web-ashpublications-hypercvad-dasatinib-2008",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
