"""Second clinical audit of the default ruleset: general mechanisms that still give a wrong
answer, each shown by a vignette.

The first audit (``test_audit.py``, ``test_audit_facts_needed.py``) is not repeated here.
Each finding is a vignette built from the typical adult of ``tests/builders.py`` with one
thing changed, screened on :data:`~tests.builders.AS_OF`, with the status the sources
give (the section of ``REFERENCE-A.md`` / ``REFERENCE-B.md``, the review or the project's
decisions named in the docstring). A finding not fixed yet is marked
``xfail(strict=True)`` with the mechanism and where it lives in ``src``; it starts to pass
(and must then be unmarked) when the mechanism is fixed. The unmarked tests are controls
and boundaries that answer rightly and must stay so.

Findings (each section's constant names the mechanism and where it lives in ``src``):

1. ``_FUTURE_LINE``: a line started by ``as_of`` is read with what was recorded after
   ``as_of`` (its end, best response, stop reason and cycles).
2. ``_TIES``: two results of the same day that disagree: the one listed last decides
   (fixed for results and conditions, ``_TIES_FIXED``; still open for remission kinds).
3. ``_FUTURE_CONDITION``: condition records dated after ``as_of`` are read (fixed).
4. ``_TRANSPLANT``: a transplant is not treatment: the relapse stays "untreated", the
   washout ignores it, and a marrow or MRD result from before it stays current.
5. ``_CNS_LINE``: a CNS-directed line is not an event: a CSF result and a "no history of
   neurotoxicity or seizures" from before cranial irradiation and intrathecal therapy
   stay current.
6. ``_SAME_DAY_PHASE``: a remission and a relapse on the same day read as relapse.
7. ``_PER_BSA``: a clearance reported per 1.73 m2 is read as mL/min.
8. ``_PALLIATIVE``: a palliative line after the relapse leaves it "untreated".
9. ``_SALVAGE_COUNT``: a reinduction with frontline intent is not a salvage line.
10. ``_SALVAGE_BEFORE_RELAPSE_DATE``: a salvage begun days before the recorded relapse
    date is not treatment of that relapse.
11. ``_PHASE_MRD``: the phase reads an MRD result the MRD facts set aside.
12. ``_UNLISTED_REMISSION``: a line recorded as reaching CR, no remission listed since
    the relapse: still "in relapse".
13. ``_AFTER_RULESET``: a screening date after the ruleset's labels.
14. ``_COMBINATION_INTOLERANCE``: intolerance of chemotherapy with a TKI read as TKI
    intolerance.
15. ``_RELAPSE_EPISODES``: one relapse recorded twice counts as a second relapse.
16. ``_LOST_REMISSION`` and ``_ISOLATED_SITE``: the phase and the relapse site ignore
    current marrow and blood blasts that contradict them.

Precision (eligible-able patients left unknown): ``_PERCENT_WITHOUT_CALL``,
``_STOPPED_FOR_RESISTANCE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import attrs
import pytest

from allmodel import (
    Agent,
    LabResult,
    MarkerResult,
    MrdResult,
    Patient,
    Relapse,
    Remission,
    Transplant,
    TreatmentLine,
)
from allmodel.criteria import JurisdictionCode
from allmodel.errors import AllModelError
from allmodel.facts import derive_facts
from allmodel.measures import Length, Mass
from allmodel.model import (
    Analyte,
    BestResponse,
    CnsAssessment,
    CnsStatus,
    Comparator,
    Condition,
    ConditionRecord,
    Intent,
    KinaseDomainAnalysis,
    Lineage,
    Marker,
    MrdMethod,
    PhStatus,
    RelapseSite,
    RemissionKind,
    Sample,
    Sex,
    StopReason,
    TransplantKind,
)
from allmodel.report import OptionResult, Status
from allmodel.screening import screen
from tests.builders import (
    AS_OF,
    adult_in_relapse,
    failed_ids,
    labs,
    line,
    shifted,
    with_course,
    with_disease,
)
from tests.catalogue.vignettes import (
    FRONTLINE_AGENTS,
    FRONTLINE_WITH_IMATINIB,
    cns_directed_line,
    in_remission,
    marker,
    recorded,
    relapse_after_hct,
)

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN
YESTERDAY = AS_OF - timedelta(days=1)


def result(patient: Patient, option: str, jurisdiction: JurisdictionCode = "US") -> OptionResult:
    """One option's result on AS_OF."""
    return screen(patient, as_of=AS_OF, options=[option], jurisdiction=jurisdiction)[option]


def status(patient: Patient, option: str, jurisdiction: JurisdictionCode = "US") -> Status:
    """One option's status on AS_OF."""
    return result(patient, option, jurisdiction).status


def add_lines(patient: Patient, *lines: TreatmentLine) -> Patient:
    """The patient with ``lines`` added to its treatment history."""
    return with_course(patient, treatment_lines=(*patient.course.treatment_lines, *lines))


def add_transplant(patient: Patient, days_before: int) -> Patient:
    """The patient with an allogeneic HCT ``days_before`` AS_OF (after the latest relapse,
    no remission recorded since)."""
    hct = Transplant(kind=TransplantKind.ALLOGENEIC, date=AS_OF - timedelta(days=days_before))
    return with_course(patient, transplants=(*patient.course.transplants, hct))


def replace_lab(patient: Patient, *results: LabResult) -> Patient:
    """The patient with its results of the analytes of ``results`` replaced by them (in
    the order given)."""
    analytes = {found.analyte for found in results}
    kept = tuple(lab for lab in patient.labs if lab.analyte not in analytes)
    return attrs.evolve(patient, labs=(*kept, *results))


# --- 1. a line read with what was recorded after as_of -----------------------------------------

_FUTURE_LINE = (
    "fixed in model/_course.py (Course.lines_started_by, TreatmentLine.as_it_stood), read"
    " by clinical/_timeline.py course_view: a line started by as_of that ends after it is"
    " read as ongoing on as_of, its end, best_response, stop_reason and cycles unknown, so"
    " an outcome first known later no longer decides on as_of (primary refractory, TKI"
    " failure, refractory to salvage, blocks given)"
)


_INDUCTION_START = AS_OF - timedelta(days=20)


def induction(end: date | None, response: BestResponse | None, stop: StopReason) -> Patient:
    """A new diagnosis: frontline induction begun 20 days before AS_OF, no remission or
    relapse; the induction's end, response and stop reason as given."""
    base = adult_in_relapse()
    frontline = line(_INDUCTION_START, end, FRONTLINE_AGENTS, Intent.FRONTLINE, response, stop)
    return with_course(
        base,
        diagnosis_date=_INDUCTION_START - timedelta(days=2),
        treatment_lines=(frontline,),
        remissions=(),
        relapses=(),
        transplants=(),
    )


class TestLineEndingAfterAsOf:
    """A line under way on ``as_of`` is read with its later outcome (see _FUTURE_LINE)."""

    @pytest.mark.parametrize(
        "option", ["blinatumomab", "inotuzumab_ozogamicin", "ctl019_maude", "tower"]
    )
    def test_induction_failing_after_as_of_is_not_refractory_on_as_of(self, option: str) -> None:
        """Day 20 of induction, which ends 15 days after AS_OF without remission: on AS_OF
        the disease is not yet refractory (REFERENCE-A A.1: refractory = failure to reach
        CR *with induction*); the library reads it primary refractory, eligible."""
        patient = induction(
            AS_OF + timedelta(days=15), BestResponse.NO_RESPONSE, StopReason.RESISTANCE
        )
        assert status(patient, option) is UNKNOWN

    @pytest.mark.parametrize("option", ["blinatumomab", "inotuzumab_ozogamicin", "tower"])
    def test_induction_recorded_ongoing_is_unknown(self, option: str) -> None:
        """Control: the same induction recorded as ongoing on AS_OF is unknown."""
        patient = induction(None, None, StopReason.ONGOING)
        assert status(patient, option) is UNKNOWN

    @staticmethod
    def dasatinib_failing_after_as_of() -> Patient:
        """Ph-positive first relapse, no T315I yesterday, 'no other TKI indicated', and
        dasatinib begun 20 days before AS_OF that is stopped for resistance 10 days
        after AS_OF."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, no_other_tki=True)
        patient = with_disease(
            patient, kinase_domain=KinaseDomainAnalysis(date=YESTERDAY, mutations=())
        )
        dasatinib = line(
            AS_OF - timedelta(days=20),
            AS_OF + timedelta(days=10),
            (Agent.DASATINIB,),
            Intent.SALVAGE,
            BestResponse.NO_RESPONSE,
            StopReason.RESISTANCE,
        )
        return add_lines(patient, dasatinib)

    @pytest.mark.parametrize(("option", "jurisdiction"), [("ponatinib", "US"), ("alcantara", "US")])
    def test_tki_failing_after_as_of_has_not_failed_on_as_of(
        self, option: str, jurisdiction: JurisdictionCode
    ) -> None:
        """Ponatinib (US: a second-generation TKI failed, REFERENCE-A B.7) and ALCANTARA
        (refractory or intolerant to a second-generation TKI, REFERENCE-B 3): on AS_OF
        dasatinib is still given and has not failed (it reads eligible)."""
        assert status(self.dasatinib_failing_after_as_of(), option, jurisdiction) is UNKNOWN

    def test_tki_ongoing_is_unknown(self) -> None:
        """Control: the dasatinib line recorded as ongoing leaves ponatinib unknown."""
        patient = self.dasatinib_failing_after_as_of()
        lines = list(patient.course.treatment_lines)
        lines[-1] = attrs.evolve(
            lines[-1], end=None, best_response=None, stop_reason=StopReason.ONGOING
        )
        assert status(with_course(patient, treatment_lines=tuple(lines)), "ponatinib") is UNKNOWN

    def test_salvage_failing_after_as_of_is_not_refractory_on_as_of(self) -> None:
        """TOWER (REFERENCE-B 1: refractory to salvage) for a late first relapse whose
        salvage, begun 20 days before AS_OF, ends without response 10 days after it:
        on AS_OF the salvage outcome is not known (it reads eligible)."""
        salvage = line(
            AS_OF - timedelta(days=20),
            AS_OF + timedelta(days=10),
            (Agent.CYTARABINE, Agent.IDARUBICIN),
            Intent.SALVAGE,
            BestResponse.NO_RESPONSE,
            StopReason.RESISTANCE,
        )
        patient = add_lines(adult_in_relapse(cr1_months=24), salvage)
        assert status(patient, "tower") is UNKNOWN

    def test_blocks_given_after_as_of_do_not_count(self) -> None:
        """BLAST (REFERENCE-B 4: >= 3 intensive blocks before entry): a programme begun 40
        days before AS_OF (two 21-day blocks at most), recorded with its 8 blocks and an
        end 150 days after AS_OF, in CR with MRD 2e-3: the blocks given by AS_OF are not
        known to be 3 (it reads eligible)."""
        start = AS_OF - timedelta(days=40)
        frontline = line(
            start,
            AS_OF + timedelta(days=150),
            FRONTLINE_AGENTS,
            Intent.FRONTLINE,
            BestResponse.CR,
            StopReason.COMPLETED,
            cycles=8,
        )
        patient = with_course(
            adult_in_relapse(),
            diagnosis_date=start - timedelta(days=2),
            treatment_lines=(frontline,),
            remissions=(Remission(kind=RemissionKind.CR, date=start + timedelta(days=25)),),
            relapses=(),
            transplants=(),
        )
        mrd = MrdResult(
            date=AS_OF - timedelta(days=3),
            method=MrdMethod.FLOW_CYTOMETRY,
            level=2e-3,
            sensitivity=1e-4,
            sample=Sample.BONE_MARROW,
        )
        counts = labs(YESTERDAY, marrow_blasts=2, anc=1.5, platelets=120, hemoglobin=11)
        patient = attrs.evolve(patient, labs=counts, mrd=(mrd,))
        assert status(patient, "blast") is UNKNOWN


# --- 2. two results of the same day that disagree ----------------------------------------------

_TIES = (
    "the latest result on or before as_of is chosen with 'the later-listed wins a tie'"
    " (facts/_labs.py _latest_labs, model/_labs.py latest_lab, facts/_disease.py _markers,"
    " model/_disease.py _latest for CSF, model/_mrd.py latest_mrd, model/_conditions.py"
    " condition_present), so the order of a list decides between two results of the same"
    " day that disagree; they must give an interval (labs, MRD level) or unknown (calls,"
    " CSF, conditions), never the one listed last"
)

_TIES_FIXED = (
    "fixed in model/_dated.py latest_day, read by facts/_labs.py, facts/_mrd.py,"
    " facts/_disease.py (CD19/CD22, CSF), facts/_conditions.py and model/_labs.py"
    " latest_lab, model/_mrd.py latest_mrd, model/_disease.py latest_marker/latest_cns,"
    " model/_conditions.py condition_present: every result of the latest day is read; when"
    " they disagree a lab value or an MRD level is the interval they span (each its own"
    " ULN) and a call, a CSF status or a condition is unknown ('results of <date>"
    " disagree'), never the one listed last"
)


def order_independent_and_not_eligible(patients: Sequence[Patient], option: str) -> None:
    """The two listings give one status, and it is not eligible."""
    found = [status(patient, option) for patient in patients]
    assert found[0] is found[1], found
    assert found[0] is not ELIGIBLE, found


class TestSameDayResultsDisagree:
    """Two results of one day that disagree: the one listed last decided (see _TIES_FIXED;
    the remission kinds are the timeline's, see _TIES)."""

    def test_bilirubin(self) -> None:
        """Inotuzumab (REFERENCE-A B.2: bilirubin <= 1.5 x ULN): bilirubin 3 x ULN and
        0.5 x ULN the same day: undecided (eligible when the normal one is listed last)."""
        high = LabResult(
            analyte=Analyte.BILIRUBIN,
            value=3.6,
            unit="mg/dL",
            date=YESTERDAY,
            upper_limit_of_normal=1.2,
        )
        normal = attrs.evolve(high, value=0.6)
        patient = adult_in_relapse()
        order_independent_and_not_eligible(
            [replace_lab(patient, high, normal), replace_lab(patient, normal, high)],
            "inotuzumab_ozogamicin",
        )

    def test_cd19_call(self) -> None:
        """Blinatumomab (REFERENCE-A B.1: CD19-positive): a negative and a positive CD19
        result the same day: undecided (eligible when the positive is listed last)."""
        patient = adult_in_relapse()
        cd22 = marker(Marker.CD22, 2)
        patients = [
            with_disease(patient, markers=(first, second, cd22))
            for first, second in (
                (marker(Marker.CD19, 2, positive=False), marker(Marker.CD19, 2)),
                (marker(Marker.CD19, 2), marker(Marker.CD19, 2, positive=False)),
            )
        ]
        order_independent_and_not_eligible(patients, "blinatumomab")

    def test_csf(self) -> None:
        """TOWER (REFERENCE-B 1: CNS involvement excluded): CNS3a and CNS1 reported the
        same day: undecided (eligible when CNS1 is listed last)."""
        day = AS_OF - timedelta(days=2)
        involved = CnsAssessment(status=CnsStatus.CNS3A, date=day)
        clear = CnsAssessment(status=CnsStatus.CNS1, date=day)
        patient = adult_in_relapse(cr1_months=11)
        patients = [
            with_disease(patient, cns=pair) for pair in ((involved, clear), (clear, involved))
        ]
        order_independent_and_not_eligible(patients, "tower")

    def test_mrd(self) -> None:
        """Autologous HCT in Ph-positive ALL needs undetectable MRD (review, Autologous HCT;
        decision-4): PCR 2e-3 and flow 'not detected' on the same marrow day: not
        molecularly negative (eligible when the flow result is listed last)."""
        day = AS_OF - timedelta(days=5)
        pcr = MrdResult(
            date=day, method=MrdMethod.PCR, level=2e-3, sensitivity=1e-5, sample=Sample.BONE_MARROW
        )
        flow = MrdResult(
            date=day,
            method=MrdMethod.FLOW_CYTOMETRY,
            level=0,
            sensitivity=1e-4,
            sample=Sample.BONE_MARROW,
        )
        patient = in_remission(ph=PhStatus.POSITIVE)
        patients = [attrs.evolve(patient, mrd=pair) for pair in ((pcr, flow), (flow, pcr))]
        order_independent_and_not_eligible(patients, "autologous_hct")

    def test_condition(self) -> None:
        """ZUMA-3 (REFERENCE-B 10: active infection excluded): infection recorded present
        and absent the same day: undecided (eligible when 'absent' is listed last)."""
        patient = zuma3_eligible()
        present = ConditionRecord(
            condition=Condition.ACTIVE_INFECTION, present=True, date=YESTERDAY
        )
        absent = attrs.evolve(present, present=False)
        patients = [
            with_conditions(patient, Condition.ACTIVE_INFECTION, first, second)
            for first, second in ((present, absent), (absent, present))
        ]
        order_independent_and_not_eligible(patients, "zuma_3")

    def test_remission_kind(self) -> None:
        """Blinatumomab MRD indication (REFERENCE-A A.2: complete remission; CRh and CRi do
        not qualify): a CR and a CRi recorded the same day: undecided (it read eligible when
        the CR was listed last, model/_course.py _sorted_by keeping the listing order on
        ties; fixed in clinical/_timeline.py remission_kind: unknown on such a tie)."""
        patient = in_remission(mrd_level=2e-3, lab_overrides={"marrow_blasts": 2})
        day = patient.course.remissions[-1].date
        earlier = patient.course.remissions[:-1]
        full = Remission(kind=RemissionKind.CR, date=day)
        incomplete = Remission(kind=RemissionKind.CRI, date=day)
        patients = [
            with_course(patient, remissions=(*earlier, *pair))
            for pair in ((incomplete, full), (full, incomplete))
        ]
        order_independent_and_not_eligible(patients, "blinatumomab_mrd")


# --- 3. condition records dated after as_of ----------------------------------------------------

_FUTURE_CONDITION = (
    "fixed in facts/_conditions.py _derive_conditions (and model/_conditions.py"
    " condition_present, which takes as_of): a condition record dated after as_of is not"
    " read (every other dated input is filtered to on or before as_of); an undated record"
    " still is"
)

_ZUMA3_CONDITIONS = (
    Condition.ACTIVE_INFECTION,
    Condition.ACTIVE_GVHD,
    Condition.RECENT_IMMUNOSUPPRESSION,
    Condition.CNS_DISORDER_HISTORY,
)


def zuma3_eligible() -> Patient:
    """A first relapse after a 12-month CR1 with ZUMA-3's exclusions recorded absent."""
    return adult_in_relapse(cr1_months=12, conditions=recorded(*_ZUMA3_CONDITIONS))


def with_conditions(patient: Patient, condition: Condition, *records: ConditionRecord) -> Patient:
    """The patient with its records of ``condition`` replaced by ``records``."""
    kept = tuple(c for c in patient.conditions if c.condition is not condition)
    return attrs.evolve(patient, conditions=(*kept, *records))


class TestConditionRecordedAfterAsOf:
    """A condition record dated after ``as_of`` decided (see _FUTURE_CONDITION)."""

    def test_infection_present_on_as_of_resolved_later(self) -> None:
        """ZUMA-3 excludes active infection (REFERENCE-B 10): present yesterday, absent
        5 days after AS_OF: on AS_OF it is present (it read eligible)."""
        present = ConditionRecord(
            condition=Condition.ACTIVE_INFECTION, present=True, date=YESTERDAY
        )
        later = ConditionRecord(
            condition=Condition.ACTIVE_INFECTION, present=False, date=AS_OF + timedelta(days=5)
        )
        patient = with_conditions(zuma3_eligible(), Condition.ACTIVE_INFECTION, present, later)
        assert status(patient, "zuma_3") is NOT_ELIGIBLE

    def test_sos_absent_recorded_only_after_as_of(self) -> None:
        """Inotuzumab (REFERENCE-A B.2: stop for good on SOS): no SOS record on or before
        AS_OF, 'absent' recorded 3 days after it: unknown (it read eligible)."""
        later = ConditionRecord(
            condition=Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME,
            present=False,
            date=AS_OF + timedelta(days=3),
        )
        patient = with_conditions(
            adult_in_relapse(sos=None), Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME, later
        )
        assert status(patient, "inotuzumab_ozogamicin") is UNKNOWN

    def test_sos_present_recorded_after_as_of(self) -> None:
        """SOS absent yesterday, 'present' recorded 3 days after AS_OF: on AS_OF the
        record says absent, eligible (it read not eligible from the later record)."""
        later = ConditionRecord(
            condition=Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME,
            present=True,
            date=AS_OF + timedelta(days=3),
        )
        patient = adult_in_relapse()
        patient = attrs.evolve(patient, conditions=(*patient.conditions, later))
        assert status(patient, "inotuzumab_ozogamicin") is ELIGIBLE

    def test_state_present_then_absent(self) -> None:
        """Control: infection present 10 days ago, absent yesterday: eligible."""
        earlier = ConditionRecord(
            condition=Condition.ACTIVE_INFECTION,
            present=True,
            date=AS_OF - timedelta(days=10),
        )
        absent = ConditionRecord(
            condition=Condition.ACTIVE_INFECTION, present=False, date=YESTERDAY
        )
        patient = with_conditions(zuma3_eligible(), Condition.ACTIVE_INFECTION, earlier, absent)
        assert status(patient, "zuma_3") is ELIGIBLE

    def test_history_present_long_ago_stays_present(self) -> None:
        """Control: a seizure disorder recorded present two years ago and absent
        yesterday stays a history (CALGB 19801 excludes it, REFERENCE-B 13)."""
        patient = calgb_eligible()
        old = ConditionRecord(
            condition=Condition.SEIZURE_DISORDER, present=True, date=AS_OF - timedelta(days=730)
        )
        absent = ConditionRecord(
            condition=Condition.SEIZURE_DISORDER, present=False, date=YESTERDAY
        )
        patient = with_conditions(patient, Condition.SEIZURE_DISORDER, old, absent)
        assert status(patient, "calgb_19801") is NOT_ELIGIBLE


# --- 4. a transplant is treatment ----------------------------------------------------------------

_TRANSPLANT = (
    "fixed in facts (a transplant since the relapse treats it; days since treatment count the "
    "infusion day; marrow and MRD follow Since.LATEST_TREATMENT); was: "
    "a transplant is not read as treatment: facts/_course.py _derive_salvage counts only"
    " anti-leukemic lines since the relapse (untreated_relapse), facts/_treatment.py"
    " _days_since_treatment reads lines only (days_since_last_treatment), and the marrow"
    " (facts/_labs.py _MARROW) and MRD (facts/_mrd.py _MRD, _MRD_IN_REMISSION) rules follow"
    " Since.LATEST_REGIMEN, which ignores a transplant; use Since.LATEST_TREATMENT (which"
    " includes it) and count a transplant since the relapse as treatment"
)


class TestTransplantIsTreatment:
    """An allogeneic HCT given after the latest relapse (conditioning included) is
    ignored as treatment (see _TRANSPLANT)."""

    def test_relapse_transplanted_is_not_untreated(self) -> None:
        """TOWER (REFERENCE-B 1: *untreated* first relapse with CR1 < 12 months): the
        relapse was transplanted 10 days ago, so it is not untreated (it reads
        eligible)."""
        patient = add_transplant(adult_in_relapse(cr1_months=11), 10)
        assert status(patient, "tower") is not ELIGIBLE

    def test_untreated_relapse_control(self) -> None:
        """Control: the same relapse without the transplant is eligible for TOWER."""
        assert status(adult_in_relapse(cr1_months=11), "tower") is ELIGIBLE

    def test_marrow_before_the_transplant_is_not_current(self) -> None:
        """INO-VATE (REFERENCE-B 5: marrow blasts >= 5 %): the only marrow examination is
        from 20 days ago, before an allogeneic HCT 10 days ago: the blasts now are unknown
        (it reads eligible)."""
        patient = adult_in_relapse()
        before = AS_OF - timedelta(days=20)
        moved = tuple(
            attrs.evolve(lab, date=before)
            if lab.analyte in (Analyte.MARROW_BLASTS, Analyte.MARROW_CELLULARITY)
            else lab
            for lab in patient.labs
        )
        patient = add_transplant(attrs.evolve(patient, labs=moved), 10)
        found = result(patient, "ino_vate")
        assert found.status is UNKNOWN
        assert "labs[marrow_blasts]" in found.missing

    def test_washout_after_a_transplant(self) -> None:
        """Topp phase 2 (REFERENCE-B 2: >= 2 weeks since chemotherapy, >= 4 weeks since
        radiotherapy): a transplant (with its conditioning) 5 days ago is within both
        washouts (it reads eligible)."""
        patient = adult_in_relapse(
            salvage=[((Agent.CYTARABINE, Agent.IDARUBICIN), BestResponse.NO_RESPONSE, None)]
        )
        assert status(patient, "blinatumomab_phase2_topp") is ELIGIBLE
        assert status(add_transplant(patient, 5), "blinatumomab_phase2_topp") is not ELIGIBLE

    def test_mrd_before_the_transplant_is_not_current(self) -> None:
        """Blinatumomab MRD indication (REFERENCE-A A.2: MRD >= 0.1 % in CR1/CR2): MRD 2e-3
        ten days ago, then an allogeneic HCT in CR2 five days ago: the MRD now is
        unknown (it reads eligible)."""
        patient = add_transplant(in_remission(mrd_level=2e-3), 5)
        assert status(patient, "blinatumomab_mrd") is UNKNOWN


# --- 5. a CNS-directed line is an event ---------------------------------------------------------

_CNS_LINE = (
    "fixed in facts (new Since.LATEST_LINE, the start of the latest line of any kind or "
    "transplant, for CSF and recorded histories); was: "
    "lines of intent cns_directed are not regimens (clinical/_timeline.py regimens), so"
    " Since.LATEST_REGIMEN and Since.LATEST_TREATMENT ignore them: the CSF rule"
    " (facts/_disease.py _CSF) keeps a CSF result from before cranial irradiation and"
    " intrathecal therapy current, and the history rule (facts/_conditions.py _HISTORY)"
    " keeps a 'no neurotoxicity / no seizures' from before it current; both need an event"
    " 'the start of the latest line of any intent' (or the CNS-directed line itself)"
)


def csf_positive_then_cns_directed_line() -> Patient:
    """CNS3a at the relapse (29 days ago), then the CNS-directed line; no CSF since."""
    patient = with_disease(
        adult_in_relapse(cr1_months=11),
        cns=(CnsAssessment(status=CnsStatus.CNS3A, date=AS_OF - timedelta(days=29)),),
    )
    return add_lines(patient, cns_directed_line())


def calgb_eligible(*, sex: Sex = Sex.MALE, assessed: date | None = None) -> Patient:
    """A man with T-ALL in first relapse, CALGB 19801's exclusions recorded absent (the
    sex and the day of the assessments as given)."""
    conditions = recorded(
        Condition.PRIOR_SEVERE_NEUROTOXICITY,
        Condition.PERIPHERAL_NEUROPATHY,
        Condition.SEIZURE_DISORDER,
    )
    return adult_in_relapse(lineage=Lineage.T, sex=sex, conditions=conditions, assessed=assessed)


class TestCnsDirectedLine:
    """A CNS-directed line does not make earlier CNS results stale (see _CNS_LINE)."""

    def test_cns_directed_therapy_after_the_cns_was_treated(self) -> None:
        """CNS-directed therapy (decision-8: CSF describes the CNS only at its date): CSF
        involvement after irradiation and intrathecal therapy is unknown (it reads
        eligible)."""
        assert status(csf_positive_then_cns_directed_line(), "cns_directed_therapy") is UNKNOWN

    @pytest.mark.parametrize("option", ["tower", "swog_s0530"])
    def test_cns_exclusion_after_the_cns_was_treated(self, option: str) -> None:
        """TOWER and SWOG S0530 exclude CNS involvement (REFERENCE-B 1, 12): undecided
        after the CNS was treated (it reads not eligible: unknown read as no)."""
        assert status(csf_positive_then_cns_directed_line(), option) is UNKNOWN

    def test_neurotoxicity_history_before_cns_directed_line(self) -> None:
        """CALGB 19801 (REFERENCE-B 13: no grade >= 3 neurotoxicity, no seizure disorder):
        'absent' recorded 27 days ago, then cranial irradiation with intrathecal
        methotrexate (20 to 5 days ago): the history is unknown (it reads eligible)."""
        patient = calgb_eligible(assessed=AS_OF - timedelta(days=27))
        assert status(patient, "calgb_19801") is ELIGIBLE
        treated = add_lines(patient, cns_directed_line(20, 5))
        assert status(treated, "calgb_19801") is UNKNOWN


# --- 6. a remission and a relapse on the same day --------------------------------------------

_SAME_DAY_PHASE = (
    "fixed in clinical/_timeline.py disease_phase: a remission and a relapse recorded on"
    " the same day (the latest of either) cannot be ordered, so the phase is unknown, and"
    " with it relapsed_or_refractory and in_remission"
)


class TestRemissionAndRelapseSameDay:
    """A remission and a relapse dated the same day (see _SAME_DAY_PHASE)."""

    def test_relapse_and_remission_same_day_is_unknown(self) -> None:
        """Blinatumomab needs relapsed or refractory disease (REFERENCE-A B.1): a CR
        recorded on the day of the latest relapse: undecided (it reads eligible)."""
        patient = adult_in_relapse()
        relapse = patient.course.relapses[-1]
        remission = Remission(kind=RemissionKind.CR, date=relapse.date)
        patient = with_course(patient, remissions=(*patient.course.remissions, remission))
        assert status(patient, "blinatumomab") is UNKNOWN


# --- 7. a clearance per 1.73 m2 -----------------------------------------------------------------

_PER_BSA = (
    "fixed in units.py (_refuse_normalised) and _ucum.py: the UCUM annotation in"
    " 'mL/min/{1.73_m2}' was dropped, so a clearance normalised to 1.73 m2 (an eGFR) was"
    " read as an absolute creatinine clearance in mL/min; a volume per time with an"
    " annotation, and any unit divided by an annotation, is now refused at its path"
)


class TestClearancePerBodySurface:
    """A clearance normalised to 1.73 m2 read as mL/min (see _PER_BSA)."""

    def test_normalised_clearance_in_a_small_patient(self) -> None:
        """CALGB 19801 (REFERENCE-B 13: creatinine clearance >= 50 mL/min): 52
        mL/min/1.73 m2 in a patient of 150 cm and 40 kg (BSA 1.29 m2) is about 39 mL/min
        (it read eligible): the unit is refused, as no conversion is cited."""
        patient = attrs.evolve(calgb_eligible(), height=Length(150, "cm"), weight=Mass(40, "kg"))
        with pytest.raises(AllModelError, match="body surface"):
            replace_lab(
                patient,
                LabResult(
                    analyte=Analyte.CREATININE_CLEARANCE,
                    value=52,
                    unit="mL/min/{1.73_m2}",
                    date=YESTERDAY,
                ),
            )

    def test_clearance_in_ml_per_second(self) -> None:
        """Control: 1 mL/s is 60 mL/min, within CALGB 19801's limit."""
        clearance = LabResult(
            analyte=Analyte.CREATININE_CLEARANCE, value=1.0, unit="mL/s", date=YESTERDAY
        )
        assert status(replace_lab(calgb_eligible(), clearance), "calgb_19801") is ELIGIBLE


# --- 8. a palliative line after the relapse -------------------------------------------------------

_PALLIATIVE = (
    "fixed in facts/_course.py (a palliative or CNS-directed line since the relapse leaves "
    "untreated_relapse unknown); was: "
    "facts/_course.py _derive_salvage reads untreated_relapse from anti-leukemic lines only"
    " (clinical/_timeline.py anti_leukemic_lines drops palliative and CNS-directed ones):"
    " vincristine and prednisone given since the relapse leave it 'untreated'"
)


class TestPalliativeLineAfterRelapse:
    """A relapse treated with palliative chemotherapy is read as untreated."""

    def test_tower_untreated_relapse(self) -> None:
        """TOWER (REFERENCE-B 1: *untreated* first relapse with CR1 < 12 months):
        vincristine and prednisone given for 20 days since the relapse, without response:
        not untreated (it reads eligible)."""
        palliative = line(
            AS_OF - timedelta(days=25),
            AS_OF - timedelta(days=5),
            (Agent.VINCRISTINE, Agent.PREDNISONE),
            Intent.PALLIATIVE,
            BestResponse.NO_RESPONSE,
            StopReason.RESISTANCE,
            intensive=False,
        )
        patient = add_lines(adult_in_relapse(cr1_months=11), palliative)
        assert status(patient, "tower") is not ELIGIBLE


# --- boundaries that answer rightly -------------------------------------------------------------


def born_on(day: date) -> Patient:
    """The typical adult born on ``day``."""
    return attrs.evolve(adult_in_relapse(), date_of_birth=day)


class TestBoundaries:
    """Input shapes and dates at their limits that answer rightly (keep them so)."""

    @pytest.mark.parametrize(
        ("born", "expected"),
        [(date(2004, 12, 31), ELIGIBLE), (date(2005, 1, 1), NOT_ELIGIBLE)],
        ids=["18th-birthday", "day-before"],
    )
    def test_adult_on_the_18th_birthday(self, born: date, expected: Status) -> None:
        """Inotuzumab is for adults (REFERENCE-A B.2): 18 on the birthday itself."""
        assert status(born_on(born), "inotuzumab_ozogamicin") is expected

    @pytest.mark.parametrize(
        ("born", "expected"),
        [(date(1996, 12, 31), ELIGIBLE), (date(1997, 1, 1), NOT_ELIGIBLE)],
        ids=["26th-birthday", "day-before"],
    )
    def test_brexucabtagene_eu_26(self, born: date, expected: Status) -> None:
        """Brexucabtagene EU label: aged 26 and above (REFERENCE-A B.4; decision-1)."""
        assert status(born_on(born), "brexucabtagene_autoleucel", "EU") is expected

    @pytest.mark.parametrize(("jurisdiction", "expected"), [("US", NOT_ELIGIBLE), ("EU", ELIGIBLE)])
    def test_tisagenlecleucel_relapse_after_transplant(
        self, jurisdiction: JurisdictionCode, expected: Status
    ) -> None:
        """Tisagenlecleucel: a first relapse after allogeneic HCT is in the EU label only
        (REFERENCE-A B.3)."""
        patient = relapse_after_hct(age=22)
        assert status(patient, "tisagenlecleucel", jurisdiction) is expected

    def test_results_after_as_of_are_ignored(self) -> None:
        """A CD19-negative result and a bilirubin of 3 x ULN dated the day after AS_OF do
        not count on AS_OF."""
        patient = adult_in_relapse()
        tomorrow = AS_OF + timedelta(days=1)
        patient = with_disease(
            patient,
            markers=(
                *patient.disease.markers,
                attrs.evolve(marker(Marker.CD19, 0, positive=False), date=tomorrow),
            ),
        )
        high = LabResult(
            analyte=Analyte.BILIRUBIN,
            value=3.6,
            unit="mg/dL",
            date=tomorrow,
            upper_limit_of_normal=1.2,
        )
        patient = attrs.evolve(patient, labs=(*patient.labs, high))
        assert status(patient, "blinatumomab") is ELIGIBLE
        assert status(patient, "inotuzumab_ozogamicin") is ELIGIBLE

    def test_result_on_as_of_counts(self) -> None:
        """A CD19-negative result dated AS_OF itself decides."""
        patient = adult_in_relapse()
        patient = with_disease(
            patient,
            markers=(*patient.disease.markers, marker(Marker.CD19, 0, positive=False)),
        )
        assert status(patient, "blinatumomab") is NOT_ELIGIBLE

    @pytest.mark.parametrize(
        ("comparator", "value", "expected"),
        [
            (Comparator.GT, 5, ELIGIBLE),
            (Comparator.GE, 5, UNKNOWN),
            (Comparator.LT, 5, NOT_ELIGIBLE),
        ],
    )
    def test_marrow_blasts_reported_as_a_limit(
        self, comparator: Comparator, value: float, expected: Status
    ) -> None:
        """TOWER needs marrow blasts > 5 % (REFERENCE-B 1): '> 5' decides, '>= 5' does
        not, '< 5' excludes."""
        patient = adult_in_relapse(cr1_months=11)
        (marrow,) = [lab for lab in patient.labs if lab.analyte is Analyte.MARROW_BLASTS]
        changed = attrs.evolve(marrow, value=value, comparator=comparator)
        assert status(replace_lab(patient, changed), "tower") is expected

    def test_transaminase_above_a_multiple_of_uln(self) -> None:
        """Inotuzumab (REFERENCE-A B.2: AST <= 2.5 x ULN): AST reported as '> 200 U/L'
        with ULN 40 (above 5 x ULN) excludes."""
        ast = LabResult(
            analyte=Analyte.AST,
            value=200,
            unit="U/L",
            date=YESTERDAY,
            upper_limit_of_normal=40,
            comparator=Comparator.GT,
        )
        assert status(replace_lab(adult_in_relapse(), ast), "inotuzumab_ozogamicin") is (
            NOT_ELIGIBLE
        )

    @pytest.mark.parametrize(("value", "expected"), [(31.5, ELIGIBLE), (31.8, NOT_ELIGIBLE)])
    def test_bilirubin_in_umol_per_litre(self, value: float, expected: Status) -> None:
        """Bilirubin in umol/L with its ULN (21 umol/L) in the same unit: 1.5 x ULN is
        31.5 umol/L (inotuzumab, REFERENCE-A B.2)."""
        bilirubin = LabResult(
            analyte=Analyte.BILIRUBIN,
            value=value,
            unit="umol/L",
            date=YESTERDAY,
            upper_limit_of_normal=21,
        )
        assert status(replace_lab(adult_in_relapse(), bilirubin), "inotuzumab_ozogamicin") is (
            expected
        )

    def test_sex_other_without_pregnancy_record_is_unknown(self) -> None:
        """CALGB 19801 excludes pregnancy and nursing (REFERENCE-B 13): sex recorded
        'other' with no pregnancy or breastfeeding record is unknown, not eligible or
        excluded."""
        patient = calgb_eligible(sex=Sex.OTHER)
        found = result(patient, "calgb_19801")
        assert found.status is UNKNOWN
        assert failed_ids(found.failed) == []


# --- 9. a reinduction recorded with frontline intent ----------------------------------------

_SALVAGE_COUNT = (
    "fixed in clinical/_timeline.py salvage_line_count: it counts every regimen after the"
    " initial programme (regimens()), so a frontline-intent reinduction after the first"
    " relapse is a salvage line, as a salvage- or bridge-intent one is (INO-VATE's"
    " salvage_lines)"
)


class TestReinductionCountsAsSalvage:
    """A reinduction recorded with frontline intent is not counted as a salvage line."""

    @staticmethod
    def second_relapse(*, reinduction: Intent, salvage: bool) -> Patient:
        """Second relapse: frontline, a reinduction after the first relapse (CR2) of the
        given intent, and, with ``salvage``, a failed salvage since the second relapse."""
        failed = [((Agent.CYTARABINE, Agent.IDARUBICIN), BestResponse.NO_RESPONSE, None)]
        patient = adult_in_relapse(relapses=2, salvage=failed if salvage else ())
        lines = list(patient.course.treatment_lines)
        lines[1] = attrs.evolve(lines[1], intent=reinduction, agents=FRONTLINE_AGENTS)
        return with_course(patient, treatment_lines=tuple(lines))

    def test_salvage_intent_reinduction_counts(self) -> None:
        """Control: INO-VATE (REFERENCE-B 5: 1 or 2 prior inductions, due for salvage 1 or
        2) after frontline, a salvage reinduction and a failed salvage: due for salvage 3,
        not eligible."""
        patient = self.second_relapse(reinduction=Intent.SALVAGE, salvage=True)
        assert status(patient, "ino_vate") is NOT_ELIGIBLE

    def test_frontline_intent_reinduction_counts(self) -> None:
        """The same history with the reinduction recorded with frontline intent (the
        review's induction like that for new ALL after a late relapse): still salvage 3,
        not eligible (it reads eligible)."""
        patient = self.second_relapse(reinduction=Intent.FRONTLINE, salvage=True)
        assert status(patient, "ino_vate") is NOT_ELIGIBLE


# --- 10. a salvage begun before the relapse date ----------------------------------------------

_SALVAGE_BEFORE_RELAPSE_DATE = (
    "fixed in facts/_course.py (a salvage or bridging line begun after the remission the "
    "relapse ended treats it); was: "
    "facts/_course.py _derive_salvage takes the lines since the relapse as those with"
    " start >= the relapse date: a salvage-intent line begun a few days before the date the"
    " relapse was recorded (on blood blasts, before the marrow confirmed it), after the"
    " remission it ended, is ignored, so the relapse reads untreated and a failed salvage"
    " is not 'refractory to salvage'; a salvage or bridge line started after the remission"
    " before the latest relapse treats that relapse"
)


class TestSalvageBegunBeforeTheRelapseDate:
    """A salvage line started 2 days before the recorded relapse date."""

    @staticmethod
    def relapse_with_salvage(*, ongoing: bool, age: int = 45) -> Patient:
        """First relapse after an 11-month CR1; salvage (cytarabine, idarubicin) begun 2
        days before the relapse date, ongoing or ended without response."""
        patient = adult_in_relapse(cr1_months=11, age=age)
        relapse = patient.course.relapses[-1].date
        salvage = line(
            relapse - timedelta(days=2),
            None if ongoing else relapse + timedelta(days=20),
            (Agent.CYTARABINE, Agent.IDARUBICIN),
            Intent.SALVAGE,
            None if ongoing else BestResponse.NO_RESPONSE,
            StopReason.ONGOING if ongoing else StopReason.RESISTANCE,
        )
        return add_lines(patient, salvage)

    def test_tower_relapse_under_salvage_is_not_untreated(self) -> None:
        """TOWER (REFERENCE-B 1: *untreated* first relapse with CR1 < 12 months): salvage
        going on since 2 days before the relapse date: not untreated, its outcome
        pending: unknown (it reads eligible)."""
        assert status(self.relapse_with_salvage(ongoing=True), "tower") is UNKNOWN

    def test_tower_salvage_from_the_relapse_date_is_unknown(self) -> None:
        """Control: the same salvage begun on the relapse date is unknown."""
        patient = self.relapse_with_salvage(ongoing=True)
        lines = list(patient.course.treatment_lines)
        lines[-1] = attrs.evolve(lines[-1], start=patient.course.relapses[-1].date)
        assert status(with_course(patient, treatment_lines=tuple(lines)), "tower") is UNKNOWN

    def test_eliana_chemorefractory(self) -> None:
        """ELIANA (REFERENCE-B 7: chemorefractory qualifies): that salvage failed, so the
        relapse is chemorefractory: eligible (it reads not eligible: refractoriness
        unseen)."""
        patient = self.relapse_with_salvage(ongoing=False, age=20)
        assert status(patient, "eliana") is ELIGIBLE


# --- 11. the phase reads an MRD result the MRD facts set aside ---------------------------------

_PHASE_MRD = (
    "fixed in clinical/_timeline.py disease_phase (with facts/_record.py passing the MRD"
    " facts' cutoff): the remission is 'mrd_positive_cr' only when the latest MRD result is"
    " from the bone marrow and current under the rule of the MRD facts (facts/_mrd.py: on or"
    " after the current remission and the latest regimen, within the marrow window); a"
    " blood result, or one whose sample is not recorded, leaves it 'in_cr', as with no MRD"
    " result (the pathway's blinatumomab-MRD step, pathway/_rules.py, reads the same phase)"
)


class TestPhaseFromBloodMrd:
    """The phase fact and the MRD facts disagree on a blood MRD result."""

    def test_blood_mrd_does_not_make_an_mrd_positive_cr(self) -> None:
        """In CR2 with only a blood MRD result of 2e-3 (decision-4; facts/_mrd.py: only a
        bone-marrow result gives the level): the remission is not known MRD-positive."""
        blood = MrdResult(
            date=AS_OF - timedelta(days=5),
            method=MrdMethod.FLOW_CYTOMETRY,
            level=2e-3,
            sensitivity=1e-4,
            sample=Sample.PERIPHERAL_BLOOD,
        )
        patient = attrs.evolve(in_remission(), mrd=(blood,))
        facts = derive_facts(patient, as_of=AS_OF)
        assert facts["mrd_status_in_remission"] is None
        assert facts["phase"] != "mrd_positive_cr"


# --- 12. a line that reached a remission the remissions do not list ----------------------------

_UNLISTED_REMISSION = (
    "fixed in clinical/_timeline.py disease_phase: in relapse, a line started since the"
    " latest relapse recorded with a remission as its best response while no remission is"
    " dated after that relapse makes the phase unknown (refusing the record would break"
    " documents valid before; model/_course.py Course._consistency is unchanged)"
)


class TestLineReachedAnUnlistedRemission:
    """The record says a salvage line reached CR but lists no remission since the
    relapse (see _UNLISTED_REMISSION)."""

    @pytest.mark.parametrize("option", ["blinatumomab", "inotuzumab_ozogamicin"])
    def test_not_read_as_relapsed(self, option: str) -> None:
        """Blinatumomab and inotuzumab need relapsed or refractory disease (REFERENCE-A
        B.1, B.2): after a salvage recorded with best response CR the disease is not known
        to be relapsed (it reads eligible)."""
        salvage = ((Agent.CYTARABINE, Agent.IDARUBICIN), BestResponse.CR, StopReason.COMPLETED)
        patient = adult_in_relapse(salvage=[salvage])
        assert status(patient, option) is not ELIGIBLE


# --- 13. a screening date after the ruleset's labels --------------------------------------------

_AFTER_RULESET = (
    "open by decision: a ruleset applies the labels as of its date (README, Rulesets), and"
    " screening on a later date answers what those labels allow; refusing later dates (tried"
    " and reverted) would stop every screening of today's patients with the only ruleset"
    " there is, and making label criteria unknown needs a label/trial split of every"
    " criterion, in the report, the interpreter and the SQL alike; the fix is a newer ruleset"
    " (screening.py, criteria/_options.py Ruleset.effective)"
)


class TestScreeningAfterTheRulesetDate:
    """Labels as of 2022-12-31 applied on a later date (see _AFTER_RULESET)."""

    @pytest.mark.xfail(strict=True, reason=_AFTER_RULESET)
    def test_inotuzumab_for_a_17_year_old_in_june_2024(self) -> None:
        """The US inotuzumab label covers children from 1 year since 2024-03-06
        (REFERENCE-A E.3; decision-1: a later label belongs to a later ruleset): screened
        on 2024-06-01 with the 2022 ruleset, a 17-year-old must not read 'not eligible'
        (refusing the date is right too)."""
        later = date(2024, 6, 1)
        patient = shifted(adult_in_relapse(age=17), (later - AS_OF).days)
        try:
            report = screen(patient, as_of=later, options=["inotuzumab_ozogamicin"])
        except AllModelError:
            return
        assert report["inotuzumab_ozogamicin"].status is not NOT_ELIGIBLE

    def test_on_the_ruleset_date_the_2022_label_decides(self) -> None:
        """Control: on 2022-12-31 the adult label decides (not eligible at 17)."""
        assert status(adult_in_relapse(age=17), "inotuzumab_ozogamicin") is NOT_ELIGIBLE


# --- 14. intolerance of a combination read as intolerance of its TKI ---------------------------

_COMBINATION_INTOLERANCE = (
    "fixed in facts/_history.py tki_failed (and facts/_tki.py): a line's stop reason"
    " 'intolerance' was read as intolerance of the TKI even when the line also gave"
    " chemotherapy (hyper-CVAD with imatinib); which agent was not tolerated is not"
    " recorded, so TKI (imatinib) intolerance is now unknown for a line with other"
    " anti-leukemic agents, true only for a line of TKIs (with or without corticosteroids)"
)


class TestIntoleranceOfACombination:
    """Hyper-CVAD with imatinib stopped for intolerance, CR, a relapse off therapy (see
    _COMBINATION_INTOLERANCE)."""

    @staticmethod
    def patient(stop: StopReason) -> Patient:
        """Ph-positive first relapse, no T315I; frontline chemotherapy with imatinib
        ended with ``stop`` in CR, 6 months before the relapse."""
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE, t315i=False, frontline_agents=FRONTLINE_WITH_IMATINIB
        )
        lines = list(patient.course.treatment_lines)
        lines[0] = attrs.evolve(lines[0], stop_reason=stop)
        return with_course(patient, treatment_lines=tuple(lines))

    @pytest.mark.parametrize(
        ("option", "jurisdiction"),
        [
            ("dasatinib_schedule", "US"),
            ("dasatinib_phase2", "US"),
            ("ino_vate", "US"),
            ("inotuzumab_ozogamicin", "EU"),
        ],
    )
    def test_not_known_to_be_imatinib_intolerance(
        self, option: str, jurisdiction: JurisdictionCode
    ) -> None:
        """CA180-035 and START-L need imatinib resistance or intolerance (REFERENCE-B 14,
        15), INO-VATE and the EU inotuzumab label a failed TKI (REFERENCE-B 5, REFERENCE-A
        B.2): intolerance of the combination does not say the imatinib was not tolerated
        (it reads eligible)."""
        assert status(self.patient(StopReason.INTOLERANCE), option, jurisdiction) is UNKNOWN

    @pytest.mark.parametrize("option", ["dasatinib_schedule", "dasatinib_phase2"])
    def test_completed_is_not_imatinib_failure(self, option: str) -> None:
        """Control: the same programme completed: imatinib did not fail (not eligible)."""
        assert status(self.patient(StopReason.COMPLETED), option) is NOT_ELIGIBLE


# --- 15. two relapse records with no remission between them ------------------------------------

_RELAPSE_EPISODES = (
    "fixed in clinical/_timeline.py relapse_count (read by facts/_course.py and"
    " disease_phase): relapses are counted as episodes, a relapse record starting one only"
    " when a remission is recorded between it and the relapse before (decision-3: a relapse"
    " is the loss of a remission), so two records of one relapse (isolated CNS, then the"
    " marrow 10 days later) are one relapse; the record is not refused (documents valid"
    " before stay valid)"
)


class TestOneRelapseRecordedTwice:
    """A relapse recorded twice, with no remission between (see _RELAPSE_EPISODES)."""

    @staticmethod
    def patient() -> Patient:
        """22 years old, CR1 of 24 months, an isolated CNS relapse 30 days ago and marrow
        involvement recorded as a relapse 10 days later; complete history."""
        patient = adult_in_relapse(age=22, relapse_site=RelapseSite.ISOLATED_CNS)
        (first,) = patient.course.relapses
        marrow = Relapse(date=first.date + timedelta(days=10), site=RelapseSite.MARROW)
        return with_course(patient, relapses=(first, marrow))

    @pytest.mark.parametrize("option", ["tisagenlecleucel", "tower"])
    def test_is_not_a_second_relapse(self, option: str) -> None:
        """Tisagenlecleucel (REFERENCE-A B.3: refractory or second or later relapse) and
        TOWER (REFERENCE-B 1: untreated second or later relapse; a first one needs CR1 <
        12 months): one relapse episode is a first relapse (it reads eligible)."""
        assert status(self.patient(), option) is not ELIGIBLE


# --- 16. a remission contradicted by current blasts -------------------------------------------

_LOST_REMISSION = (
    "fixed in clinical/_timeline.py disease_phase: in remission by the record, a marrow"
    " result since the latest remission with blasts above the default response set's CR"
    " cut (5 %), or a blood result with blasts (decision-3: the remission is lost), while no"
    " relapse is recorded, makes the phase unknown (tests/builders.py in_remission now"
    " gives a clear marrow and blood, 2 % and 0 %, unless overridden)"
)


class TestRemissionContradictedByBlasts:
    """In CR2 by the record, with overt blasts in yesterday's marrow and blood."""

    @staticmethod
    def patient(marrow_blasts: float, blood_blasts: float) -> Patient:
        """CR2 20 days ago, MRD 2e-3 10 days ago, and yesterday's marrow and blood."""
        return in_remission(
            mrd_level=2e-3,
            lab_overrides={"marrow_blasts": marrow_blasts, "blood_blasts": blood_blasts},
        )

    def test_blinatumomab_mrd_needs_a_remission(self) -> None:
        """Blinatumomab MRD indication (REFERENCE-A A.2: MRD in first or second complete
        remission): 60 % marrow blasts yesterday is no remission (it reads eligible)."""
        assert status(self.patient(60, 20), "blinatumomab_mrd") is not ELIGIBLE

    def test_relapsed_disease_is_not_excluded(self) -> None:
        """Blinatumomab for relapsed disease (REFERENCE-A B.1): the same patient is not
        'not relapsed' (it reads not eligible: relapsed_or_refractory false)."""
        assert status(self.patient(60, 20), "blinatumomab") is not NOT_ELIGIBLE

    def test_remission_with_clear_marrow(self) -> None:
        """Control: marrow blasts 2 % and no circulating blasts: eligible."""
        assert status(self.patient(2, 0), "blinatumomab_mrd") is ELIGIBLE


_ISOLATED_SITE = (
    "fixed in facts/_course.py _derive_relapse_site with clinical/_timeline.py"
    " marrow_involved_since: a marrow result dated since the latest relapse with blasts"
    " above the default response set's CR cut (5 %) shows marrow disease, so the relapse is"
    " not isolated (isolated_cns_relapse and isolated_extramedullary_relapse false)"
    " whatever site was recorded (tests/builders.py now gives an isolated relapse a clear"
    " marrow, 2 %, unless overridden)"
)


class TestIsolatedRelapseWithMarrowBlasts:
    """An 'isolated extramedullary' relapse with 60 % marrow blasts since."""

    @pytest.mark.parametrize("option", ["blinatumomab", "inotuzumab_ozogamicin"])
    def test_marrow_involved_is_not_isolated(self, option: str) -> None:
        """Blinatumomab and inotuzumab exclude an isolated extramedullary relapse (review
        ref 57; INO-VATE enrolled marrow disease, REFERENCE-B 5): with 60 % marrow blasts
        yesterday the disease is in the marrow (it reads not eligible)."""
        patient = adult_in_relapse(
            relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY,
            lab_overrides={"marrow_blasts": 60},
        )
        assert status(patient, option) is not NOT_ELIGIBLE

    def test_isolated_with_clear_marrow(self) -> None:
        """Control: the same relapse with 2 % marrow blasts is not eligible."""
        patient = adult_in_relapse(
            relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY,
            lab_overrides={"marrow_blasts": 2, "blood_blasts": 0},
        )
        assert status(patient, "blinatumomab") is NOT_ELIGIBLE


# --- precision: eligible-able patients left unknown --------------------------------------------

_PERCENT_WITHOUT_CALL = (
    "fixed in model/_disease.py MarkerResult.call (read by facts/_disease.py _markers):"
    " cd19_positive / cd22_positive were read from the laboratory's call only, so 95 % of"
    " blasts CD19-positive with no call recorded was unknown, though model/_disease.py"
    " refuses a negative call above NEGATIVE_CALL_AT_MOST (50 %); a share above it now"
    " reads positive (and 0 % negative)"
)

_STOPPED_FOR_RESISTANCE = (
    "fixed in facts/_course.py (a line stopped for resistance with no best response failed);"
    " was: facts/_course.py _refractory reads failure from best_response only: a salvage line"
    " stopped for resistance (stop_reason resistance) with no best response recorded is"
    " not read as refractory, while facts/_history.py tki_failed reads the same stop"
    " reason as resistance"
)


class TestPrecision:
    """Records that decide an option but are left unknown (lowest severity)."""

    def test_cd19_share_without_a_call(self) -> None:
        """Blinatumomab (REFERENCE-A B.1: CD19-positive): 95 % of blasts express CD19, no
        call recorded: eligible (it reads unknown)."""
        patient = adult_in_relapse()
        share = MarkerResult(
            marker=Marker.CD19, date=AS_OF - timedelta(days=2), percent_positive=95
        )
        cd22 = [found for found in patient.disease.markers if found.marker is Marker.CD22]
        patient = with_disease(patient, markers=(share, *cd22))
        assert status(patient, "blinatumomab") is ELIGIBLE

    def test_salvage_stopped_for_resistance_is_refractory(self) -> None:
        """TOWER (REFERENCE-B 1: refractory to salvage): a salvage stopped for resistance
        is a failed salvage: eligible (it reads unknown)."""
        stopped = ((Agent.CYTARABINE, Agent.IDARUBICIN), None, StopReason.RESISTANCE)
        assert status(adult_in_relapse(salvage=[stopped]), "tower") is ELIGIBLE
