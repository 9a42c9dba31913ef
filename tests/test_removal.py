"""The soundness property for lists: removing a record whose absence means "not recorded".

A lab result, an MRD result, a CD19/CD22 result, a CSF result, a condition record or the
kinase-domain analysis that is removed from a record is simply not recorded any more. A
decided result may then become unknown, never the other decided value: nothing in the
record may be read as "absent means negative". (Treatment lines, remissions, relapses and
transplants are not among these: the course takes them as complete records.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import attrs
from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st

from allmodel import Patient
from allmodel.eligibility import Status, screen
from tests.builders import AS_OF, adult_in_relapse, with_disease
from tests.test_soundness import JURISDICTIONS, patients_and_dates, reports

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


def _remove_lab(patient: Patient, index: int) -> Patient:
    labs = patient.labs
    return attrs.evolve(patient, labs=labs[:index] + labs[index + 1 :])


def _remove_mrd(patient: Patient, index: int) -> Patient:
    mrd = patient.mrd
    return attrs.evolve(patient, mrd=mrd[:index] + mrd[index + 1 :])


def _remove_condition(patient: Patient, index: int) -> Patient:
    records = patient.conditions
    return attrs.evolve(patient, conditions=records[:index] + records[index + 1 :])


def _remove_marker(patient: Patient, index: int) -> Patient:
    markers = patient.disease.markers
    return with_disease(patient, markers=markers[:index] + markers[index + 1 :])


def _remove_csf(patient: Patient, index: int) -> Patient:
    cns = patient.disease.cns
    return with_disease(patient, cns=cns[:index] + cns[index + 1 :])


def _remove_kinase(patient: Patient, index: int) -> Patient:
    return with_disease(patient, kinase_domain=None)


#: (path, how many such records the patient has, how to remove the i-th).
_KINDS: tuple[tuple[str, Callable[[Patient], int], Callable[[Patient, int], Patient]], ...] = (
    ("labs", lambda p: len(p.labs), _remove_lab),
    ("mrd", lambda p: len(p.mrd), _remove_mrd),
    ("conditions", lambda p: len(p.conditions), _remove_condition),
    ("disease.markers", lambda p: len(p.disease.markers), _remove_marker),
    ("disease.cns", lambda p: len(p.disease.cns), _remove_csf),
    ("disease.kinase_domain", lambda p: int(p.disease.kinase_domain is not None), _remove_kinase),
)


def removals(patient: Patient) -> list[tuple[str, Callable[[Patient, int], Patient], int]]:
    """Every single removal of a record whose absence means 'not recorded'."""
    return [
        (f"{path}[{index}]", remove, index)
        for path, count, remove in _KINDS
        for index in range(count(patient))
    ]


def check_removal_keeps_decisions(patient: Patient, as_of: date, data: st.DataObject) -> None:
    """Remove one record and compare every decided result."""
    candidates = removals(patient)
    assume(candidates)
    name, remove, index = data.draw(st.sampled_from(candidates), label="removal")
    before = reports(patient, as_of)
    after = reports(remove(patient, index), as_of)
    for place in JURISDICTIONS:
        for old, new in zip(before[place], after[place], strict=True):
            if old.status is not Status.UNKNOWN:
                assert new.status in (old.status, Status.UNKNOWN), (
                    f"{place} {old.id}: {old.status.value} -> {new.status.value} after removing"
                    f" {name} (as of {as_of})"
                )


class TestRemovingARecord:
    """Decided results become unknown or stay, never flip, when a record is removed."""

    @settings(max_examples=250, deadline=None, phases=NO_SHRINK)
    @given(case=patients_and_dates(), data=st.data())
    def test_removing_one_record(self, case: tuple[Patient, date], data: st.DataObject) -> None:
        """Removing a lab, MRD, marker, CSF, condition record or the mutation analysis
        never turns eligible into not eligible or the reverse."""
        patient, as_of = case
        check_removal_keeps_decisions(patient, as_of, data)

    def test_removing_the_mrd_result_of_a_remission(self) -> None:
        """Regression: in CR with MRD positive, clinical_trial is eligible; without the MRD
        result it was 'not eligible' (unknown MRD read as negative through the phase)."""
        patient = adult_in_relapse(in_remission=True, mrd_level=1e-3)
        assert screen(patient, as_of=AS_OF)["clinical_trial"].status is Status.ELIGIBLE
        removed = _remove_mrd(patient, 0)
        assert screen(removed, as_of=AS_OF)["clinical_trial"].status is Status.UNKNOWN
