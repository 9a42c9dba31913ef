"""Golden vignettes of the BLAST trial archetype (REFERENCE-B 4; review ref 20): adult B-precursor
in haematological CR with MRD >= 1e-3 after intensive chemo."""

from __future__ import annotations

from datetime import timedelta

import attrs

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import PhStatus
from tests.builders import AS_OF, adult_in_relapse
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    blast_patient,
    check,
    never_intensive,
    table,
)

OPTION = "blast"


def mrd_only_before_the_remission() -> Patient:
    """BLAST's patient whose only MRD result (1e-2) predates the current remission."""
    patient = blast_patient(mrd=1e-2)
    earlier = attrs.evolve(patient.mrd[0], date=AS_OF - timedelta(days=25))
    return attrs.evolve(patient, mrd=(earlier,))


CASES = (
    Case(
        "mrd_at_1e_3",
        "MRD exactly 1e-3 in haematological CR: eligible.",
        blast_patient(mrd=1e-3),
        ELIGIBLE,
    ),
    Case(
        "mrd_just_below_1e_3",
        "MRD 9.99e-4: not eligible.",
        blast_patient(mrd=9.99e-4),
        NOT_ELIGIBLE,
        failed=("mrd_level",),
    ),
    Case(
        "mrd_above_1e_3",
        "MRD 1e-2: eligible.",
        blast_patient(mrd=1e-2),
        ELIGIBLE,
    ),
    Case(
        "marrow_blasts_5_percent",
        "Marrow blasts of exactly 5 % fail < 5 %: not eligible.",
        blast_patient(marrow_blasts=5),
        NOT_ELIGIBLE,
        failed=("cr_marrow_blasts",),
    ),
    Case(
        "marrow_blasts_just_below_5_percent",
        "Marrow blasts of 4.99 %: eligible.",
        blast_patient(marrow_blasts=4.99),
        ELIGIBLE,
    ),
    Case(
        "anc_1_0",
        "Neutrophils of exactly 1.0 x10^9/L fail > 1.0: not eligible.",
        blast_patient(anc=1.0),
        NOT_ELIGIBLE,
        failed=("cr_anc",),
    ),
    Case(
        "anc_just_above_1_0",
        "Neutrophils of 1.01 x10^9/L: eligible.",
        blast_patient(anc=1.01),
        ELIGIBLE,
    ),
    Case(
        "platelets_50",
        "Platelets of exactly 50 x10^9/L fail > 50,000/uL: not eligible.",
        blast_patient(platelets=50),
        NOT_ELIGIBLE,
        failed=("cr_platelets",),
    ),
    Case(
        "platelets_just_above_50",
        "Platelets of 51 x10^9/L: eligible.",
        blast_patient(platelets=51),
        ELIGIBLE,
    ),
    Case(
        "hemoglobin_9",
        "Hemoglobin of exactly 9 g/dL fails > 9: not eligible.",
        blast_patient(hemoglobin=9),
        NOT_ELIGIBLE,
        failed=("cr_hemoglobin",),
    ),
    Case(
        "hemoglobin_just_above_9",
        "Hemoglobin of 9.1 g/dL: eligible.",
        blast_patient(hemoglobin=9.1),
        ELIGIBLE,
    ),
    Case(
        "ph_positive_allowed",
        "Ph status is not restricted: eligible.",
        blast_patient(ph=PhStatus.POSITIVE),
        ELIGIBLE,
    ),
    Case(
        "in_relapse",
        "In relapse, not remission: not eligible.",
        adult_in_relapse(mrd_level=1e-2),
        NOT_ELIGIBLE,
        failed=(
            "in_remission",
            "cr_marrow_blasts",
            "cr_anc",
            "cr_platelets",
            "cr_hemoglobin",
        ),
    ),
    Case(
        "no_intensive_chemotherapy",
        "No intensive chemotherapy ever: not eligible.",
        never_intensive(blast_patient()),
        NOT_ELIGIBLE,
        failed=("three_intensive_blocks",),
    ),
    Case(
        "three_intensive_blocks-2",
        (
            "At least 3 intensive blocks: 2 is too few, 3 and 4 qualify (regression: only"
            " 'had intensive chemotherapy' was checked)."
        ),
        blast_patient(frontline_cycles=2),
        NOT_ELIGIBLE,
        failed=("three_intensive_blocks",),
    ),
    Case(
        "three_intensive_blocks-3",
        (
            "At least 3 intensive blocks: 2 is too few, 3 and 4 qualify (regression: only"
            " 'had intensive chemotherapy' was checked)."
        ),
        blast_patient(frontline_cycles=3),
        ELIGIBLE,
    ),
    Case(
        "three_intensive_blocks-4",
        (
            "At least 3 intensive blocks: 2 is too few, 3 and 4 qualify (regression: only"
            " 'had intensive chemotherapy' was checked)."
        ),
        blast_patient(frontline_cycles=4),
        ELIGIBLE,
    ),
    Case(
        "blocks_not_recorded",
        "An intensive frontline line without its cycles counts as at least one: unknown.",
        blast_patient(frontline_cycles=None),
        UNKNOWN,
        missing=(
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].intensive",
            "course.treatment_lines[].cycles",
        ),
    ),
    Case(
        "mrd_before_the_remission",
        "MRD measured only before the current remission: unknown, needs MRD in remission.",
        mrd_only_before_the_remission(),
        UNKNOWN,
        missing=(
            "mrd",
            "course.remissions",
        ),
    ),
    Case(
        "mrd_not_measured",
        "No MRD result: unknown, needs MRD.",
        blast_patient(mrd=None),
        UNKNOWN,
        missing=(
            "mrd",
            "course.remissions",
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
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "labs[marrow_blasts]",
            "labs[anc]",
            "labs[platelets]",
            "labs[hemoglobin]",
            "course.history_complete",
            "course.treatment_lines[].intensive",
            "course.treatment_lines[].cycles",
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
        "review-ref-20",
        "nct01207388",
        "eudract-2010-018314-75",
        "pub-gokbuget-2018-blood",
        "pub-gokbuget-2020-leuk-lymphoma",
        "web-eviq-3483-blinatumomab-mrd",
    )
    assert option.registry_ids == ("NCT01207388",)
    assert len(option.notes) == 6
