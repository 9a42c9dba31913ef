"""Rules shared by several options, tested across all of them.

Every blinatumomab trial archetype applies the review's condition on the drug: the blasts
express CD19 (audit: the CD19-negative example was eligible for TOWER and Topp). Each
archetype's own vignette (eligible as built) is screened with a current CD19-positive
result, a CD19-negative one, and none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import attrs

from allmodel import MarkerResult, Patient, load_patient
from allmodel.model import Marker, PhStatus
from allmodel.report import Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse, failed_ids
from tests.catalogue.vignettes import (
    DASATINIB_RESISTANT,
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    blast_patient,
    check,
    table,
)

EXAMPLES = (
    Path(__file__).resolve().parent.parent.parent / "src" / "allmodel" / "examples" / "patients"
)
#: The screening date of the bundled examples (README, make demo).
AS_OF_EXAMPLES = date(2022, 12, 31)


def with_cd19(patient: Patient, positive: bool | None) -> Patient:
    """``patient`` with its CD19 result replaced: positive (95 %), negative (1 %), or none."""
    others = tuple(m for m in patient.disease.markers if m.marker is not Marker.CD19)
    dated = AS_OF - timedelta(days=2)
    found = (
        ()
        if positive is None
        else (
            MarkerResult(
                marker=Marker.CD19,
                date=dated,
                percent_positive=95 if positive else 1,
                positive=positive,
            ),
        )
    )
    disease = attrs.evolve(patient.disease, markers=(*others, *found))
    return attrs.evolve(patient, disease=disease)


#: An eligible patient for each blinatumomab trial.
BLINATUMOMAB_TRIALS: dict[str, Callable[[], Patient]] = {
    "tower": lambda: adult_in_relapse(cr1_months=11),
    "blinatumomab_phase2_topp": adult_in_relapse,
    "alcantara": lambda: adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[DASATINIB_RESISTANT]),
    "blast": blast_patient,
}

#: ``(trial, case)`` for each blinatumomab trial and each CD19 result.
CD19_CASES: tuple[tuple[str, Case], ...] = tuple(
    (trial, case)
    for trial, vignette in BLINATUMOMAB_TRIALS.items()
    for case in (
        Case(
            f"cd19_positive_eligible-{trial}",
            "The vignette with a current CD19-positive result is eligible.",
            with_cd19(vignette(), True),
            ELIGIBLE,
        ),
        Case(
            f"cd19_negative_not_eligible-{trial}",
            "Known CD19-negative blasts: not eligible, by the CD19 criterion alone.",
            with_cd19(vignette(), False),
            NOT_ELIGIBLE,
            failed=("cd19_positive",),
        ),
        Case(
            f"cd19_not_recorded_unknown-{trial}",
            "No CD19 result: unknown, asking for it alone.",
            with_cd19(vignette(), None),
            UNKNOWN,
            missing=("disease.markers[CD19].positive",),
        ),
    )
)


@table([case for _, case in CD19_CASES])
def test_blinatumomab_trials_need_cd19(case: Case) -> None:
    """Each blinatumomab trial's vignette screens by its CD19 result alone."""
    (trial,) = (trial for trial, row in CD19_CASES if row is case)
    check(trial, case)


def test_the_audit_example() -> None:
    """The example cd19_negative_after_blinatumomab.json: no blinatumomab trial,
    each for the CD19 criterion first (ALCANTARA and BLAST for their populations too: the
    example is Ph-negative and in relapse)."""
    patient = load_patient(EXAMPLES / "cd19_negative_after_blinatumomab.json")
    report = screen(patient, as_of=AS_OF_EXAMPLES, options=list(BLINATUMOMAB_TRIALS))
    assert [r.id for r in report.results] == list(BLINATUMOMAB_TRIALS)
    assert [r.status for r in report.results] == [Status.NOT_ELIGIBLE] * 4
    assert {r.id: failed_ids(r.failed) for r in report.results} == {
        "tower": ["cd19_positive"],
        "blinatumomab_phase2_topp": ["cd19_positive"],
        "alcantara": [
            "cd19_positive",
            "ph_positive",
            "tki_failure",
            "second_generation_tki_failure",
            "ponatinib_after_tki_failure",
            "prior_ponatinib",
            "tki_failures",
        ],
        "blast": [
            "cd19_positive",
            "in_remission",
            "cr_marrow_blasts",
            "cr_anc",
            "cr_platelets",
            "cr_hemoglobin",
        ],
    }
