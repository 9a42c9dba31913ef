"""Several results of the latest day: read together, never the one listed last.

The facts read every result of the latest day on or before ``as_of``: when they agree
they are one result; when they disagree a lab value or an MRD level is the interval they
span (each result's own comparator interval and its own ULN) and a call (CD19/CD22, the
MRD call, a CSF status, a condition) is unknown, with the remark "results of <date>
disagree". The property: permuting every list of a patient changes no fact (value, bound,
date, remark) and no screening status, on records with same-day results injected.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allmodel import Course, LabResult, MarkerResult, MrdResult, Patient
from allmodel.facts import FACTS, Facts, derive_facts
from allmodel.model import (
    Analyte,
    CnsAssessment,
    CnsStatus,
    Comparator,
    Condition,
    ConditionRecord,
    Marker,
    MrdMethod,
    MrdStatus,
    PhStatus,
    Sample,
)
from allmodel.model._conditions import condition_present
from allmodel.report import Status
from allmodel.screening import screen
from tests import strategies as gen
from tests.builders import AS_OF, adult_in_relapse, with_disease
from tests.catalogue.vignettes import in_remission
from tests.facts.test_soundness import NO_SHRINK, vignettes

YESTERDAY = AS_OF - timedelta(days=1)
NAMES = [spec.name for spec in FACTS]
DISAGREE = f"results of {YESTERDAY.isoformat()} disagree"


def facts_of(patient: Patient, as_of: date = AS_OF) -> Facts:
    """Every fact of ``patient`` on ``as_of``."""
    return derive_facts(patient, as_of=as_of)


def bounds(facts: Facts, name: str) -> tuple[object, object]:
    """A fact's value (lower bound) and upper bound."""
    return facts[name], facts.upper[NAMES.index(name)]


def with_labs(patient: Patient, *labs: LabResult) -> Patient:
    """The patient with its results of the analytes of ``labs`` replaced by ``labs``."""
    analytes = {lab.analyte for lab in labs}
    kept = tuple(lab for lab in patient.labs if lab.analyte not in analytes)
    return attrs.evolve(patient, labs=(*kept, *labs))


def bilirubin(value: float, uln: float | None = 1.2, **changes: Any) -> LabResult:
    """A bilirubin result of yesterday, in mg/dL."""
    fields: dict[str, Any] = {"date": YESTERDAY, **changes}
    return LabResult(
        analyte=Analyte.BILIRUBIN, value=value, unit="mg/dL", upper_limit_of_normal=uln, **fields
    )


def both_orders(patient: Patient, *labs: LabResult) -> list[Facts]:
    """The facts with ``labs`` listed in order and reversed."""
    return [facts_of(with_labs(patient, *order)) for order in (labs, labs[::-1])]


class TestLabs:
    """Lab results of one day."""

    def test_disagreeing_values_give_their_interval(self) -> None:
        """3.6 and 0.6 mg/dL the same day: [0.6, 3.6] mg/dL and [0.5, 3] x ULN."""
        for facts in both_orders(adult_in_relapse(), bilirubin(3.6), bilirubin(0.6)):
            assert bounds(facts, "bilirubin") == pytest.approx((0.6, 3.6))
            assert bounds(facts, "bilirubin_x_uln") == pytest.approx((0.5, 3.0))
            remark = facts.remark("bilirubin")
            assert remark is not None
            assert remark.startswith(DISAGREE)
            assert facts.observed_on[NAMES.index("bilirubin")] == YESTERDAY

    def test_agreeing_values_are_one_result(self) -> None:
        """The same result entered twice: exact, no remark."""
        for facts in both_orders(adult_in_relapse(), bilirubin(0.6), bilirubin(0.6)):
            assert facts.is_exact("bilirubin")
            assert facts["bilirubin_x_uln"] == pytest.approx(0.5)
            assert facts.remark("bilirubin") is None

    def test_two_ulns_are_both_spanned(self) -> None:
        """3.6 mg/dL over a ULN of 1.2 and of 1.0: the value is exact, x ULN is [3, 3.6]."""
        for facts in both_orders(adult_in_relapse(), bilirubin(3.6), bilirubin(3.6, uln=1.0)):
            assert facts.is_exact("bilirubin")
            assert bounds(facts, "bilirubin_x_uln") == pytest.approx((3.0, 3.6))
            assert facts.remark("bilirubin_x_uln") is not None

    def test_a_limit_combines_with_a_value(self) -> None:
        """'< 0.1' and 3.6 mg/dL the same day: [0, 3.6]."""
        below = bilirubin(0.1, comparator=Comparator.LT)
        for facts in both_orders(adult_in_relapse(), bilirubin(3.6), below):
            assert bounds(facts, "bilirubin") == pytest.approx((0.0, 3.6))
            assert facts.describe("bilirubin").startswith("at most 3.6 mg/dL")

    def test_a_limit_above_combines_with_a_value(self) -> None:
        """'> 10' and 0.6 mg/dL the same day: at least 0.6, no upper bound."""
        above = bilirubin(10, comparator=Comparator.GT)
        for facts in both_orders(adult_in_relapse(), bilirubin(0.6), above):
            assert bounds(facts, "bilirubin") == (0.6, math.inf)

    def test_a_limit_that_contains_the_value_still_widens(self) -> None:
        """'< 1' and 0.6 the same day: [0, 0.6] would be a guess; it is [0, 1)."""
        below = bilirubin(1, comparator=Comparator.LT)
        for facts in both_orders(adult_in_relapse(), bilirubin(0.6), below):
            low, high = bounds(facts, "bilirubin")
            assert low == 0.0
            assert high == math.nextafter(1.0, 0.0)
            assert facts.describe("bilirubin").startswith("at most 1 mg/dL")

    def test_a_result_without_uln_of_the_same_value_is_left_out(self) -> None:
        """The same value, its ULN given by one of two results: that ULN's multiple."""
        for facts in both_orders(adult_in_relapse(), bilirubin(3.6, uln=None), bilirubin(3.6)):
            assert facts.is_exact("bilirubin_x_uln")
            assert facts["bilirubin_x_uln"] == pytest.approx(3.0)

    def test_a_result_without_uln_of_another_value_leaves_x_uln_unknown(self) -> None:
        """Another value without a ULN: its multiple is unknown, so the day's is."""
        for facts in both_orders(adult_in_relapse(), bilirubin(0.6), bilirubin(3.6, uln=None)):
            assert facts["bilirubin_x_uln"] is None
            assert bounds(facts, "bilirubin") == pytest.approx((0.6, 3.6))
            remark = facts.remark("bilirubin_x_uln")
            assert remark is not None
            assert "no ULN" in remark

    def test_an_earlier_result_does_not_count(self) -> None:
        """Only the latest day is read: an earlier normal result does not narrow it."""
        earlier = bilirubin(0.6, date=YESTERDAY - timedelta(days=1))
        facts = facts_of(with_labs(adult_in_relapse(), earlier, bilirubin(3.6), bilirubin(0.9)))
        assert bounds(facts, "bilirubin") == pytest.approx((0.9, 3.6))

    def test_a_later_day_replaces_a_tie(self) -> None:
        """A result of a later day is read alone, whatever came before it."""
        later = bilirubin(1.2, date=AS_OF)
        facts = facts_of(with_labs(adult_in_relapse(), bilirubin(3.6), bilirubin(0.6), later))
        assert facts.is_exact("bilirubin")
        assert facts["bilirubin"] == pytest.approx(1.2)

    @pytest.mark.parametrize(
        ("high", "expected"),
        [(1.5, Status.ELIGIBLE), (1.5 + 1e-9, Status.UNKNOWN), (1.5 - 1e-9, Status.ELIGIBLE)],
    )
    def test_interval_at_the_threshold(self, high: float, expected: Status) -> None:
        """Inotuzumab needs bilirubin <= 1.5 x ULN (REFERENCE-A B.2): 0.6 and ``high``
        mg/dL (ULN 1) the same day decide only when the whole interval is at or below
        1.5 x ULN: at, just below, just above."""
        patient = with_labs(adult_in_relapse(), bilirubin(0.6, uln=1.0), bilirubin(high, uln=1.0))
        result = screen(patient, as_of=AS_OF, options=["inotuzumab_ozogamicin"])
        assert result["inotuzumab_ozogamicin"].status is expected


def mrd(level: float, sensitivity: float | None = 1e-5, **changes: Any) -> MrdResult:
    """A marrow MRD result of yesterday."""
    fields: dict[str, Any] = {
        "date": YESTERDAY,
        "method": MrdMethod.PCR,
        "level": level,
        "sensitivity": sensitivity,
        "sample": Sample.BONE_MARROW,
    }
    return MrdResult(**{**fields, **changes})


class TestMrd:
    """MRD results of one day, in remission."""

    def mrd_facts(self, *results: MrdResult) -> list[Facts]:
        patient = in_remission(ph=PhStatus.POSITIVE)
        return [facts_of(attrs.evolve(patient, mrd=order)) for order in (results, results[::-1])]

    def test_detected_and_not_detected(self) -> None:
        """2e-3 and 'not detected' at 1e-4: [0, 2e-3], the call and undetectable unknown."""
        for facts in self.mrd_facts(mrd(2e-3), mrd(0, 1e-4, method=MrdMethod.FLOW_CYTOMETRY)):
            for name in ("mrd_level", "mrd_level_in_remission"):
                assert bounds(facts, name) == (0.0, 2e-3)
                assert facts.remark(name) == DISAGREE
            for name in ("mrd_status", "mrd_status_in_remission", "mrd_undetectable_in_remission"):
                assert facts[name] is None
                assert facts.remark(name) == DISAGREE

    def test_two_positive_levels(self) -> None:
        """2e-3 and 5e-3: [2e-3, 5e-3], positive (both say so)."""
        for facts in self.mrd_facts(mrd(2e-3), mrd(5e-3)):
            assert bounds(facts, "mrd_level_in_remission") == (2e-3, 5e-3)
            assert facts["mrd_status_in_remission"] is MrdStatus.POSITIVE
            assert facts["mrd_undetectable_in_remission"] is False
            assert facts.remark("mrd_status_in_remission") is None

    def test_two_methods_that_agree(self) -> None:
        """The same level by two methods: one result."""
        for facts in self.mrd_facts(mrd(2e-3), mrd(2e-3, method=MrdMethod.FLOW_CYTOMETRY)):
            assert facts.is_exact("mrd_level")
            assert facts.remark("mrd_level") is None

    def test_not_detected_at_two_sensitivities(self) -> None:
        """'Not detected' at 1e-5 and at 1e-3: [0, 1e-3); negative and not evaluable
        differ, so the call is unknown; undetectable is unknown (one assay too weak)."""
        for facts in self.mrd_facts(mrd(0, 1e-5), mrd(0, 1e-3)):
            assert bounds(facts, "mrd_level") == (0.0, math.nextafter(1e-3, 0.0))
            assert facts["mrd_status"] is None
            assert facts["mrd_undetectable_in_remission"] is None

    def test_a_blood_result_the_same_day(self) -> None:
        """A marrow 2e-3 and a blood result the same day: [0, 1], the call unknown."""
        blood = mrd(0, 1e-5, sample=Sample.PERIPHERAL_BLOOD)
        for facts in self.mrd_facts(mrd(2e-3), blood):
            assert bounds(facts, "mrd_level") == (0.0, 1.0)
            assert facts["mrd_status"] is None


class TestMarkers:
    """CD19 and CD22 results of one day."""

    @staticmethod
    def cd19(percent: float | None, positive: bool | None) -> MarkerResult:
        return MarkerResult(
            marker=Marker.CD19, date=YESTERDAY, percent_positive=percent, positive=positive
        )

    def marker_facts(self, *results: MarkerResult) -> list[Facts]:
        patient = adult_in_relapse()
        kept = tuple(m for m in patient.disease.markers if m.marker is not Marker.CD19)
        return [
            facts_of(with_disease(patient, markers=(*kept, *order)))
            for order in (results, results[::-1])
        ]

    def test_calls_that_differ(self) -> None:
        """Positive and negative the same day: the call is unknown."""
        for facts in self.marker_facts(self.cd19(None, True), self.cd19(None, False)):
            assert facts["cd19_positive"] is None
            assert facts.remark("cd19_positive") == DISAGREE

    def test_shares_that_differ(self) -> None:
        """80 % and 60 %, both positive: the call stands, the share is unknown."""
        for facts in self.marker_facts(self.cd19(80, True), self.cd19(60, True)):
            assert facts["cd19_positive"] is True
            assert facts["cd19_percent"] is None
            assert facts.remark("cd19_percent") == DISAGREE

    def test_a_call_and_a_share_complete_each_other(self) -> None:
        """A call without a share and a share without a call: both read."""
        for facts in self.marker_facts(self.cd19(None, True), self.cd19(80, None)):
            assert facts["cd19_positive"] is True
            assert facts["cd19_percent"] == 80


class TestCsf:
    """CSF results of one day."""

    def csf_facts(self, *statuses: CnsStatus) -> list[Facts]:
        day = AS_OF - timedelta(days=2)
        results = tuple(CnsAssessment(status=status, date=day) for status in statuses)
        patient = adult_in_relapse(cr1_months=11)
        return [facts_of(with_disease(patient, cns=order)) for order in (results, results[::-1])]

    def test_involved_and_clear(self) -> None:
        """CNS3a and CNS1: status and involvement unknown."""
        for facts in self.csf_facts(CnsStatus.CNS3A, CnsStatus.CNS1):
            assert facts["cns_status"] is None
            assert facts["cns_involved"] is None
            assert facts.remark("cns_involved") is not None

    def test_two_involved_statuses(self) -> None:
        """CNS3 and CNS3a: the status is unknown, involvement is not."""
        for facts in self.csf_facts(CnsStatus.CNS3, CnsStatus.CNS3A):
            assert facts["cns_status"] is None
            assert facts["cns_involved"] is True

    def test_the_same_status_twice(self) -> None:
        """CNS1 twice: CNS1."""
        for facts in self.csf_facts(CnsStatus.CNS1, CnsStatus.CNS1):
            assert facts["cns_status"] is CnsStatus.CNS1
            assert facts["cns_involved"] is False


def record(condition: Condition, present: bool, when: date | None) -> ConditionRecord:
    """A condition record."""
    return ConditionRecord(condition=condition, present=present, date=when)


class TestConditions:
    """Condition records of one day, and records after as_of."""

    def condition_facts(self, *records: ConditionRecord) -> list[Facts]:
        conditions = {r.condition for r in records}
        patient = adult_in_relapse()
        kept = tuple(c for c in patient.conditions if c.condition not in conditions)
        return [
            facts_of(attrs.evolve(patient, conditions=(*kept, *order)))
            for order in (records, records[::-1])
        ]

    def test_a_state_present_and_absent(self) -> None:
        """Infection present and absent the same day: unknown."""
        infection = Condition.ACTIVE_INFECTION
        pair = (record(infection, True, YESTERDAY), record(infection, False, YESTERDAY))
        for facts in self.condition_facts(*pair):
            assert facts["active_infection"] is None
            assert facts.remark("active_infection") == DISAGREE

    def test_a_history_recorded_present_stays_present(self) -> None:
        """A history present and absent the same day: present (a history recorded present
        stays present, whatever is recorded later)."""
        seizures = Condition.SEIZURE_DISORDER
        pair = (record(seizures, True, YESTERDAY), record(seizures, False, YESTERDAY))
        for facts in self.condition_facts(*pair):
            assert facts["seizure_disorder"] is True

    def test_a_disagreement_before_the_window_is_not_current(self) -> None:
        """Present and absent the same day, long ago: unknown as not current."""
        old = AS_OF - timedelta(days=400)
        infection = Condition.ACTIVE_INFECTION
        pair = (record(infection, True, old), record(infection, False, old))
        for facts in self.condition_facts(*pair):
            assert facts["active_infection"] is None
            remark = facts.remark("active_infection")
            assert remark is not None
            assert "not current" in remark

    @pytest.mark.parametrize("days", [-1, 0, 1])
    def test_a_record_after_as_of(self, days: int) -> None:
        """Infection absent yesterday, present ``days`` after AS_OF: read only when on or
        before it (just before, on, just after)."""
        infection = Condition.ACTIVE_INFECTION
        later = record(infection, True, AS_OF + timedelta(days=days))
        for facts in self.condition_facts(
            record(infection, False, YESTERDAY - timedelta(1)), later
        ):
            assert facts["active_infection"] is (days <= 0)

    def test_an_undated_record_is_still_read(self) -> None:
        """An undated record cannot be placed in time: it is read as before (it disagrees
        with a dated record: unknown; it agrees: the answer)."""
        gvhd = Condition.ACTIVE_GVHD
        for present, expected in ((True, None), (False, False)):
            pair = (record(gvhd, False, YESTERDAY), record(gvhd, present, None))
            for facts in self.condition_facts(*pair):
                assert facts["active_gvhd"] is expected

    def test_condition_present_takes_as_of(self) -> None:
        """condition_present reads records on or before as_of only; undated ones always."""
        sos = Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME
        records = (record(sos, False, YESTERDAY), record(sos, True, AS_OF + timedelta(days=3)))
        assert condition_present(records, sos) is True
        assert condition_present(records, sos, as_of=AS_OF) is False
        undated = (record(sos, True, None),)
        assert condition_present(undated, sos, as_of=AS_OF) is True


# --- the property: the order of a list never matters ----------------------------------------


def _day(item: object) -> object:
    """The date an item of a list is placed by (``None``: not placed in time)."""
    return getattr(item, "date", None) or getattr(item, "start", None)


def permuted(value: Any, rng: random.Random, *, in_course: bool = False) -> Any:
    """``value`` with every tuple in it (at any depth of attrs objects) shuffled.

    In the course, a list with two events of one day keeps its order: which of two
    events of a day came first is the timeline's question (the remission kinds of one day,
    ``tests/catalogue/test_audit2.py`` ``_TIES``), not a result's.
    """
    if isinstance(value, tuple):
        items = [permuted(item, rng, in_course=in_course) for item in value]
        days = [_day(item) for item in items]
        if not in_course or len(set(days)) == len(days):
            rng.shuffle(items)
        return tuple(items)
    if attrs.has(type(value)):
        course = in_course or isinstance(value, Course)
        changes = {}
        for field in attrs.fields(type(value)):
            if not field.init:
                continue
            current = getattr(value, field.name)
            if isinstance(current, tuple) or attrs.has(type(current)):
                changes[field.name.lstrip("_")] = permuted(current, rng, in_course=course)
        return attrs.evolve(value, **changes) if changes else value
    return value


@st.composite
def with_same_day_results(draw: st.DrawFn, patient: Patient) -> Patient:
    """``patient`` with results added on the days of its results (often disagreeing)."""
    days = sorted(
        {lab.date for lab in patient.labs}
        | {result.date for result in patient.mrd}
        | {marker.date for marker in patient.disease.markers}
        | {cns.date for cns in patient.disease.cns}
        | {c.date for c in patient.conditions if c.date is not None}
    )
    if not days:
        return patient
    when = st.sampled_from(days)
    analytes = {lab.analyte for lab in patient.labs}
    labs = draw(
        st.lists(
            gen.lab_results(when, st.sampled_from(sorted(analytes)) if analytes else None),
            max_size=4,
        )
    )
    mrd = draw(st.lists(gen.mrd_results(when), max_size=2))
    markers = draw(st.lists(gen.marker_results(when), max_size=2))
    cns = draw(st.lists(gen.cns_assessments(when), max_size=2))
    conditions = draw(st.lists(gen.condition_records(when), max_size=3))
    conditions = [c for c in conditions if c.condition is not Condition.BURKITT]
    disease = attrs.evolve(
        patient.disease,
        markers=(*patient.disease.markers, *markers),
        cns=(*patient.disease.cns, *cns),
    )
    return attrs.evolve(
        patient,
        labs=(*patient.labs, *labs),
        mrd=(*patient.mrd, *mrd),
        disease=disease,
        conditions=(*patient.conditions, *conditions),
    )


def everything(patient: Patient, as_of: date) -> dict[str, object]:
    """Every fact (value, upper bound, date, remark) and every status on ``as_of``."""
    facts = facts_of(patient, as_of)
    remarks = dict(facts.remarks)
    found: dict[str, object] = {
        name: (value, upper, when, remarks.get(name))
        for name, value, upper, when in zip(
            NAMES, facts.values, facts.upper, facts.observed_on, strict=True
        )
    }
    found.update(screen(patient, as_of=as_of).statuses)
    return found


def check_order_independent(patient: Patient, as_of: date, seed: int) -> None:
    """Two shuffles of ``patient`` give its facts and statuses."""
    rng = random.Random(seed)
    expected = everything(patient, as_of)
    for _ in range(2):
        found = everything(permuted(patient, rng), as_of)
        assert {k: v for k, v in found.items() if expected[k] != v} == {}, {
            k: v for k, v in expected.items() if found[k] != v
        }


#: The property runs of :class:`TestOrderNeverMatters` (shrinking a permutation would
#: say no more than its seed).
_PERMUTED = settings(
    max_examples=40,
    deadline=None,
    phases=NO_SHRINK,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class TestOrderNeverMatters:
    """Permuting every list of a patient changes no fact and no status."""

    @_PERMUTED
    @given(st.data(), st.integers(0, 2**32 - 1))
    def test_vignettes(self, data: st.DataObject, seed: int) -> None:
        patient = data.draw(vignettes())
        check_order_independent(data.draw(with_same_day_results(patient)), AS_OF, seed)

    @_PERMUTED
    @given(st.data(), st.integers(0, 2**32 - 1))
    def test_records(self, data: st.DataObject, seed: int) -> None:
        patient = data.draw(gen.patients())
        born = patient.date_of_birth or gen.EARLIEST
        as_of = data.draw(gen.dates(born, gen.LATEST))
        check_order_independent(data.draw(with_same_day_results(patient)), as_of, seed)
