"""latest_salvage_failed: the latest line since the latest relapse ended without
remission; unknown while that line is pending, even after an earlier line failed (audit
of ruleset 3.1.0: a third line begun days ago read as a third failed line)."""

from __future__ import annotations

import pytest

from allmodel import derive_facts
from allmodel.model import Patient
from tests.builders import AS_OF, adult_in_relapse
from tests.catalogue.vignettes import FAILED_SALVAGE, with_salvage_pending


def facts(patient: Patient) -> tuple[object, object]:
    found = derive_facts(patient, as_of=AS_OF)
    return found["latest_salvage_failed"], found["refractory_to_salvage"]


@pytest.mark.parametrize(
    ("patient", "expected"),
    [
        (adult_in_relapse(), (False, False)),  # untreated relapse, complete history
        (adult_in_relapse(history_complete=None), (None, None)),
        (adult_in_relapse(salvage=[FAILED_SALVAGE]), (True, True)),
        (with_salvage_pending(adult_in_relapse()), (None, None)),
        (with_salvage_pending(adult_in_relapse(salvage=[FAILED_SALVAGE])), (None, True)),
        (adult_in_relapse(in_remission=True), (False, False)),
    ],
    ids=[
        "untreated",
        "untreated-incomplete",
        "failed",
        "pending",
        "pending-after-failed",
        "in-remission",
    ],
)
def test_latest_salvage_failed(patient: Patient, expected: tuple[object, object]) -> None:
    assert facts(patient) == expected


def test_primary_refractory_reads_the_latest_later_regimen() -> None:
    refractory = adult_in_relapse(primary_refractory=True, salvage=[FAILED_SALVAGE])
    assert facts(refractory) == (True, True)
    assert facts(with_salvage_pending(refractory)) == (None, True)
