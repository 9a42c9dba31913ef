"""Properties of currency, programmes and limits (beside the soundness property).

(a) A stale result counts for nothing: moving every record of one kind (the labs of one
    analyte, the CSF results, a CD19 result, the kinase-domain analysis, the MRD results,
    a dated observation, a condition's records) to before its validity window gives the
    same status for every option as deleting those records; so an option that needs that
    result is never eligible on a stale one.
(b) A programme recorded in phases is one regimen: splitting the frontline line into
    induction, consolidation and maintenance phases never changes a result.
(c) "Not detected" at sensitivity s is the interval [0, s): a threshold on an MRD level is
    decided by it exactly when the threshold is at or above s, and then as "below s".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st

from allmodel import Patient, TreatmentLine
from allmodel.catalogue import default_ruleset
from allmodel.criteria import Context, Op, Threshold, compile_criterion, walk
from allmodel.facts import DEFAULT_VALIDITY, derive_facts, fact_index
from allmodel.model import Condition, Intent, MrdResult, StopReason
from allmodel.model._conditions import HISTORY_CONDITIONS, STATE_CONDITIONS
from allmodel.model._patient import DATED_OBSERVATIONS
from allmodel.report import Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse, with_course, with_disease
from tests.facts.test_soundness import JURISDICTIONS, vignettes

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)
#: Older than every window of the default policy.
STALE_DAYS = (
    max(
        DEFAULT_VALIDITY.blood_counts,
        DEFAULT_VALIDITY.chemistry,
        DEFAULT_VALIDITY.marrow,
        DEFAULT_VALIDITY.performance,
        DEFAULT_VALIDITY.cardiac,
        DEFAULT_VALIDITY.pregnancy,
        DEFAULT_VALIDITY.conditions,
        DEFAULT_VALIDITY.judgement,
    )
    + 1
)


def statuses(patient: Patient) -> dict[tuple[str, str], Status]:
    """Every option's status in both jurisdictions, on AS_OF."""
    return {
        (place, result.id): result.status
        for place in JURISDICTIONS
        for result in screen(patient, as_of=AS_OF, jurisdiction=place)
    }


# --- (a) stale results count for nothing --------------------------------------------------


def _before_every_event(patient: Patient) -> date:
    """A day before the windows and before every event a result must follow."""
    course = patient.course
    events = [AS_OF - timedelta(days=STALE_DAYS)]
    events += [event.date for event in course.relapses]
    events += [event.date for event in course.remissions]
    events += [line.start for line in course.treatment_lines]
    events += [transplant.date for transplant in course.transplants]
    return min(events) - timedelta(days=1)


#: (a fact the records give, and how to move or delete them).
_Kind = tuple[str, Callable[[Patient, date | None], Patient]]

_LAB_FACT = {
    "marrow_blasts": "marrow_blasts_percent",
    "blood_blasts": "blood_blasts_percent",
    "marrow_cellularity": "marrow_cellularity_percent",
    "bilirubin": "bilirubin",
    "ast": "ast_x_uln",
    "alt": "alt_x_uln",
    "creatinine": "creatinine",
    "creatinine_clearance": "creatinine_clearance",
}


def _kinds(patient: Patient) -> list[_Kind]:
    """Each kind of dated result of the patient, as (name, change): ``change(p, None)``
    deletes every record of the kind, ``change(p, day)`` moves them all to ``day``."""
    found: list[_Kind] = []
    for analyte in sorted({lab.analyte for lab in patient.labs}):

        def labs(p: Patient, day: date | None, analyte: Any = analyte) -> Patient:
            kept = [lab for lab in p.labs if lab.analyte != analyte]
            moved = (
                []
                if day is None
                else [attrs.evolve(lab, date=day) for lab in p.labs if lab.analyte == analyte]
            )
            return attrs.evolve(p, labs=(*kept, *moved))

        found.append((_LAB_FACT.get(str(analyte), str(analyte)), labs))
    for marker in sorted({m.marker for m in patient.disease.markers}):

        def markers(p: Patient, day: date | None, marker: Any = marker) -> Patient:
            items = p.disease.markers
            kept = [m for m in items if m.marker != marker]
            moved = (
                []
                if day is None
                else [attrs.evolve(m, date=day) for m in items if m.marker == marker]
            )
            return with_disease(p, markers=(*kept, *moved))

        found.append((f"{str(marker).lower()}_positive", markers))
    if patient.disease.cns:

        def cns(p: Patient, day: date | None) -> Patient:
            moved = () if day is None else tuple(attrs.evolve(c, date=day) for c in p.disease.cns)
            return with_disease(p, cns=moved)

        found.append(("cns_status", cns))
    if patient.disease.kinase_domain is not None:

        def kinase(p: Patient, day: date | None) -> Patient:
            analysis = p.disease.kinase_domain
            assert analysis is not None
            moved = None if day is None else attrs.evolve(analysis, date=day)
            return with_disease(p, kinase_domain=moved)

        found.append(("t315i", kinase))
    if patient.mrd:

        def mrd(p: Patient, day: date | None) -> Patient:
            moved = () if day is None else tuple(attrs.evolve(m, date=day) for m in p.mrd)
            return attrs.evolve(p, mrd=moved)

        found.append(("mrd_level", mrd))
    for name in DATED_OBSERVATIONS:
        if getattr(patient, name) is not None:

            def observation(p: Patient, day: date | None, name: str = name) -> Patient:
                value = getattr(p, name)
                moved = None if day is None else attrs.evolve(value, date=day)
                changes: dict[str, Any] = {name: moved}
                changed: Patient = attrs.evolve(p, **changes)
                return changed

            found.append((name, observation))
    for condition in sorted({record.condition for record in patient.conditions}):
        if condition not in STATE_CONDITIONS | HISTORY_CONDITIONS:
            continue  # a diagnosis (Burkitt) does not go stale
        if condition in HISTORY_CONDITIONS and any(
            r.condition is condition and r.present for r in patient.conditions
        ):
            continue  # a history recorded present stays current

        def conditions(p: Patient, day: date | None, condition: Condition = condition) -> Patient:
            kept = [r for r in p.conditions if r.condition is not condition]
            moved = (
                []
                if day is None
                else [attrs.evolve(r, date=day) for r in p.conditions if r.condition is condition]
            )
            return attrs.evolve(p, conditions=(*kept, *moved))

        found.append((str(condition), conditions))
    return found


class TestStaleIsAbsent:
    """(a) A result moved before its validity window counts exactly as no result."""

    @settings(max_examples=120, deadline=None, phases=NO_SHRINK)
    @given(patient=vignettes(), data=st.data())
    def test_moving_results_before_their_window(
        self, patient: Patient, data: st.DataObject
    ) -> None:
        """Moving every record of one kind to before its window = deleting them."""
        kinds = _kinds(patient)
        assume(kinds)
        fact, change = data.draw(st.sampled_from(kinds), label="kind")
        day = _before_every_event(patient)
        born = patient.date_of_birth
        assume(born is None or day >= born)
        moved = change(patient, day)
        remark = derive_facts(moved, as_of=AS_OF).remark(fact)
        # a rule with no event to follow and no window (a kinase analysis in a patient
        # who never relapsed nor failed a TKI) cannot be broken by an earlier date
        assume(remark is not None and "not current" in remark)
        stale = statuses(moved)
        absent = statuses(change(patient, None))
        assert stale == absent, fact

    def test_a_stale_lab_never_leaves_an_option_eligible(self) -> None:
        """A worked case: the typical patient's chemistry moved 15 days back."""
        patient = adult_in_relapse()
        before = statuses(patient)
        assert before[("US", "inotuzumab_ozogamicin")] is Status.ELIGIBLE
        moved = tuple(
            attrs.evolve(lab, date=AS_OF - timedelta(days=15))
            if lab.analyte in ("bilirubin", "ast", "alt")
            else lab
            for lab in patient.labs
        )
        after = statuses(attrs.evolve(patient, labs=moved))
        assert after[("US", "inotuzumab_ozogamicin")] is Status.UNKNOWN


# --- (b) splitting the frontline programme ---------------------------------------------------


def _split(line: TreatmentLine, cuts: list[int]) -> tuple[TreatmentLine, ...]:
    """``line`` split at ``cuts`` (days after its start) into induction (frontline intent),
    consolidation and maintenance phases with the same agents; the recorded cycles are
    shared out when known; earlier phases end completed, the last keeps the stop reason."""
    assert line.end is not None
    bounds = [line.start + timedelta(days=cut) for cut in sorted(set(cuts))]
    starts = [line.start, *(bound + timedelta(days=1) for bound in bounds)]
    ends = [*bounds, line.end]
    count = len(starts)
    intents = [Intent.FRONTLINE, Intent.CONSOLIDATION, Intent.MAINTENANCE][:count]
    cycles: list[int | None] = [None] * count
    if line.cycles is not None:
        share, extra = divmod(line.cycles, count)
        cycles = [share + (1 if index < extra else 0) for index in range(count)]
    phases = []
    for index in range(count):
        last = index == count - 1
        phases.append(
            attrs.evolve(
                line,
                start=starts[index],
                end=ends[index],
                intent=intents[index],
                stop_reason=line.stop_reason if last else StopReason.COMPLETED,
                cycles=cycles[index],
            )
        )
    return tuple(phases)


class TestPhasesAreOneProgramme:
    """(b) Splitting a frontline line into phases never changes a result."""

    @settings(max_examples=120, deadline=None, phases=NO_SHRINK)
    @given(patient=vignettes(), data=st.data())
    def test_splitting_the_frontline_line(self, patient: Patient, data: st.DataObject) -> None:
        """Induction, consolidation and maintenance recorded apart = one frontline line."""
        lines = patient.course.treatment_lines
        frontline = [
            index
            for index, line in enumerate(lines)
            if line.intent is Intent.FRONTLINE and line.end is not None
        ]
        assume(frontline)
        index = frontline[0]
        line = lines[index]
        assert line.end is not None
        length = (line.end - line.start).days
        assume(length >= 4)
        cycles = line.cycles or 3
        most = min(2, cycles - 1, length - 2)
        assume(most >= 1)  # one cycle cannot be shared between two phases
        cut_count = data.draw(st.integers(1, most), label="cuts")
        cuts = data.draw(
            st.lists(
                st.integers(0, length - 2), min_size=cut_count, max_size=cut_count, unique=True
            ),
            label="days",
        )
        phases = _split(line, cuts)
        split = with_course(patient, treatment_lines=(*lines[:index], *phases, *lines[index + 1 :]))
        assert statuses(split) == statuses(patient)

    def test_worked_case(self) -> None:
        """The typical patient with frontline hyper-CVAD in three phases."""
        patient = adult_in_relapse(cr1_months=11)
        line = patient.course.treatment_lines[0]
        assert line.end is not None
        split = with_course(patient, treatment_lines=_split(line, [30, 90]))
        assert statuses(split) == statuses(patient)


# --- (c) not detected at sensitivity s -------------------------------------------------------

_MRD_FACTS = ("mrd_level", "mrd_level_in_remission")


def _ruleset_mrd_thresholds() -> list[Threshold]:
    return [
        node
        for option in default_ruleset().options
        for node in walk(option.criteria)
        if isinstance(node, Threshold) and node.fact in _MRD_FACTS
    ]


def _truth(node: Threshold, patient: Patient) -> int:
    context = Context(as_of=AS_OF)
    facts = derive_facts(patient, as_of=AS_OF)
    return compile_criterion(node, context)(facts.values, facts.upper)


def _in_remission(level: float, sensitivity: float | None) -> Patient:
    patient = adult_in_relapse(in_remission=True, mrd_level=0.02)
    result: MrdResult = attrs.evolve(patient.mrd[0], level=level, sensitivity=sensitivity)
    return attrs.evolve(patient, mrd=(result,))


class TestNotDetectedIsAnInterval:
    """(c) 'Not detected' at s decides a threshold T exactly when T >= s."""

    def test_the_ruleset_reads_mrd_levels(self) -> None:
        """The default ruleset's MRD level thresholds: blinatumomab's MRD indication and
        BLAST's entry criterion (at least 0.1 %, 10^-3, in remission), and the MRD-positive
        remission of clinical_trial and msk_19_28z (at least 10^-4)."""
        thresholds = _ruleset_mrd_thresholds()
        owners = [
            option.id
            for option in default_ruleset().options
            for node in walk(option.criteria)
            if any(node is threshold for threshold in thresholds)
        ]
        assert owners == ["blinatumomab_mrd", "clinical_trial", "blast", "msk_19_28z"]
        assert [(node.fact, node.op, node.value, node.unit) for node in thresholds] == [
            ("mrd_level_in_remission", Op.GE, 0.001, "fraction"),
            ("mrd_level_in_remission", Op.GE, 0.0001, "fraction"),
            ("mrd_level_in_remission", Op.GE, 0.001, "fraction"),
            ("mrd_level_in_remission", Op.GE, 0.0001, "fraction"),
        ]

    @settings(max_examples=200, deadline=None)
    @given(
        exponent=st.integers(-6, -1),
        mantissa=st.sampled_from([1.0, 2.5, 5.0]),
        ratio=st.sampled_from([0.1, 0.5, 0.999, 1.0, 1.001, 2.0, 10.0]),
        op=st.sampled_from([Op.GE, Op.GT, Op.LE, Op.LT]),
        fact=st.sampled_from(_MRD_FACTS),
        detected=st.sampled_from([1e-5, 1e-3, 0.02]),
    )
    def test_threshold_against_a_not_detected_result(
        self,
        *,
        exponent: int,
        mantissa: float,
        ratio: float,
        op: Op,
        fact: str,
        detected: float,
    ) -> None:
        """Replacing a detected level by 'not detected at s' leaves a threshold T below s
        undecided, and decides one at or above s as the level being below s."""
        sensitivity = mantissa * 10.0**exponent
        cut = sensitivity * ratio
        node = Threshold(id="t", text="t", fact=fact, op=op, value=cut, unit="fraction")
        not_detected = _in_remission(0.0, sensitivity)
        truth = _truth(node, not_detected)
        if cut < sensitivity:
            assert truth == 1, (op, cut, sensitivity)
        else:
            assert truth == (0 if op in (Op.GE, Op.GT) else 2), (op, cut, sensitivity)
        # and the detected result it replaced was decided either way
        assert _truth(node, _in_remission(detected, 1e-5)) != 1

    @pytest.mark.parametrize("node", _ruleset_mrd_thresholds(), ids=lambda node: node.id)
    def test_ruleset_thresholds(self, node: Threshold) -> None:
        """Each threshold of the ruleset: undecided below its cut, decided from it on."""
        cut = node.threshold
        below = _truth(node, _in_remission(0.0, math.nextafter(cut, math.inf) * 10))
        at = _truth(node, _in_remission(0.0, cut))
        assert (below, at) == (1, 0 if node.op in (Op.GE, Op.GT) else 2)

    def test_unreported_sensitivity_decides_nothing(self) -> None:
        """'Not detected' without a sensitivity decides no threshold."""
        for node in _ruleset_mrd_thresholds():
            assert _truth(node, _in_remission(0.0, None)) == 1, node.id

    def test_fact_interval(self) -> None:
        """The fact holds [0, s) with the remark naming the sensitivity."""
        facts = derive_facts(_in_remission(0.0, 1e-4), as_of=AS_OF)
        index = fact_index("mrd_level_in_remission")
        assert facts.values[index] == 0.0
        assert facts.upper[index] == math.nextafter(1e-4, 0.0)
        assert facts.describe("mrd_level_in_remission").startswith(
            "at most 0.0001 fraction (not detected at sensitivity 0.0001)"
        )
