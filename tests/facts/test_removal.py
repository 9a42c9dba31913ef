"""The soundness property for lists: removing a record whose absence means "not recorded".

A lab result, an MRD result, a CD19/CD22 result, a CSF result, a condition record or the
kinase-domain analysis that is removed from a record is simply not recorded any more. A
decided result may then become unknown, never the other decided value: nothing in the
record may be read as "absent means negative". (Treatment lines, remissions, relapses and
transplants are not among these: the course takes them as complete records.)

One exception is not absence read as negative: the latest result supersedes older evidence
of the same thing (an earlier result for the same analyte, marker, condition or MRD, an
earlier CSF result or the CNS site of the relapse itself). Removing that latest result
lets the older evidence speak again, and it may say the other thing (a CNS3 tap after a
CNS1 one). A flip is therefore allowed only when the removed record was the latest of its
kind and older evidence of the same kind remains; every other flip fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

import attrs
from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st

from allmodel import Patient
from allmodel.model import CnsStatus, RelapseSite
from allmodel.report import Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse, with_disease
from tests.facts.test_soundness import JURISDICTIONS, patients_and_dates, reports

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


def _same_kind(
    patient: Patient, path: str, index: int
) -> tuple[date | None, Sequence[date | None]]:
    """The removed record's date and the dates of the other evidence of the same kind."""
    if path == "labs":
        lab = patient.labs[index]
        return lab.date, [
            o.date for i, o in enumerate(patient.labs) if i != index and o.analyte is lab.analyte
        ]
    if path == "mrd":
        return patient.mrd[index].date, [o.date for i, o in enumerate(patient.mrd) if i != index]
    if path == "conditions":
        record = patient.conditions[index]
        return record.date, [
            o.date
            for i, o in enumerate(patient.conditions)
            if i != index and o.condition is record.condition
        ]
    if path == "disease.markers":
        marker = patient.disease.markers[index]
        return marker.date, [
            o.date
            for i, o in enumerate(patient.disease.markers)
            if i != index and o.marker is marker.marker
        ]
    if path == "disease.cns":
        csf = patient.disease.cns[index]
        relapses = [
            r.date
            for r in patient.course.relapses
            if r.site is RelapseSite.ISOLATED_CNS or "cns" in r.extramedullary_sites
        ]
        return csf.date, [
            o.date for i, o in enumerate(patient.disease.cns) if i != index
        ] + relapses
    return None, []  # the kinase-domain analysis: one per record


def superseded_evidence_remains(patient: Patient, path: str, index: int, as_of: date) -> bool:
    """Whether the removed record was the latest of its kind and older evidence remains."""
    when, others = _same_kind(patient, path, index)
    dated = [d for d in others if d is not None and d <= as_of]
    if when is None or not dated:
        return False
    return all(d <= when for d in dated)


def check_removal_keeps_decisions(patient: Patient, as_of: date, data: st.DataObject) -> None:
    """Remove one record and compare every decided result."""
    candidates = removals(patient)
    assume(candidates)
    name, remove, index = data.draw(st.sampled_from(candidates), label="removal")
    path = name.split("[", 1)[0]
    before = reports(patient, as_of)
    after = reports(remove(patient, index), as_of)
    for place in JURISDICTIONS:
        for old, new in zip(before[place], after[place], strict=True):
            if old.status is not Status.UNKNOWN and new.status not in (old.status, Status.UNKNOWN):
                assert superseded_evidence_remains(patient, path, index, as_of), (
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


class TestSupersededEvidence:
    """The one allowed flip: the latest result removed, older evidence of its kind left."""

    def test_a_cns1_after_a_cns_relapse_supersedes_it(self) -> None:
        """CNS relapse, then a CNS1 tap: not eligible; without the tap the relapse speaks
        (eligible), and the property allows it because the relapse is older evidence."""
        patient = adult_in_relapse(cns=CnsStatus.CNS1, relapse_site=RelapseSite.ISOLATED_CNS)
        assert screen(patient, as_of=AS_OF)["cns_directed_therapy"].status is Status.NOT_ELIGIBLE
        removed = _remove_csf(patient, 0)
        assert screen(removed, as_of=AS_OF)["cns_directed_therapy"].status is Status.ELIGIBLE
        assert superseded_evidence_remains(patient, "disease.cns", 0, AS_OF)

    def test_an_only_record_has_no_older_evidence(self) -> None:
        """A marrow relapse and one CSF result: removing it may only make things unknown."""
        patient = adult_in_relapse(cns=CnsStatus.CNS1)
        assert not superseded_evidence_remains(patient, "disease.cns", 0, AS_OF)
        removed = _remove_csf(patient, 0)
        assert screen(removed, as_of=AS_OF)["cns_directed_therapy"].status is Status.UNKNOWN

    def test_an_older_record_is_not_the_latest(self) -> None:
        """Removing the older of two CSF results is no exception: the latest still decides."""
        patient = adult_in_relapse(cns=CnsStatus.CNS3)
        latest = patient.disease.cns[0]
        older = attrs.evolve(latest, status=CnsStatus.CNS1, date=latest.date - timedelta(days=3))
        both = with_disease(patient, cns=(older, latest))
        assert not superseded_evidence_remains(both, "disease.cns", 0, AS_OF)
        assert superseded_evidence_remains(both, "disease.cns", 1, AS_OF)
