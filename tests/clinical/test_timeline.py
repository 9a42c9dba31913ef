"""Specification of the facts derived from the course as of a date (clinical decisions 3, 6)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import attrs
import pytest

from allmodel.clinical import (
    DiseasePhase,
    cr1_duration_months,
    disease_phase,
    months_from_initial_therapy_to_relapse,
    prior_regimen_count,
    relapse_count,
    remission_kind,
    salvage_line_count,
)
from allmodel.clinical._timeline import initial_therapy_end, marrow_involved_since, regimens
from allmodel.model import (
    Analyte,
    BestResponse,
    Comparator,
    Course,
    Intent,
    LabResult,
    MrdMethod,
    MrdResult,
    Patient,
    Relapse,
    Remission,
    RemissionKind,
    Sample,
    Transplant,
    TransplantKind,
    TreatmentLine,
)

DIAGNOSIS = date(2018, 1, 5)


def _patient(
    *,
    lines: Sequence[TreatmentLine] = (),
    remissions: Sequence[date] = (),
    relapses: Sequence[date] = (),
    transplants: Sequence[tuple[TransplantKind, date]] = (),
    mrd: Sequence[tuple[date, float]] = (),
) -> Patient:
    """A patient whose course has the given events (marrow MRD by flow, sensitivity 1e-5)."""
    course = Course(
        diagnosis_date=DIAGNOSIS,
        treatment_lines=tuple(lines),
        remissions=tuple(Remission(kind=RemissionKind.CR, date=when) for when in remissions),
        relapses=tuple(Relapse(date=when) for when in relapses),
        transplants=tuple(Transplant(kind=kind, date=when) for kind, when in transplants),
    )
    results = tuple(
        MrdResult(
            date=when,
            method=MrdMethod.FLOW_CYTOMETRY,
            level=level,
            sensitivity=1e-5,
            sample=Sample.BONE_MARROW,
        )
        for when, level in mrd
    )
    return Patient(course=course, mrd=results)


def _line(
    start: date,
    end: date | None = None,
    intent: Intent = Intent.FRONTLINE,
    response: BestResponse | None = None,
) -> TreatmentLine:
    return TreatmentLine(
        regimen="regimen", start=start, end=end, intent=intent, best_response=response
    )


#: Remission, first relapse, second remission, second relapse.
CR1, REL1, CR2, REL2 = date(2018, 3, 1), date(2020, 5, 1), date(2020, 8, 1), date(2022, 2, 1)


class TestDiseasePhase:
    """Where the patient stands on as_of."""

    @pytest.mark.parametrize(
        "response", [BestResponse.NO_RESPONSE, BestResponse.PR, BestResponse.PROGRESSIVE_DISEASE]
    )
    def test_primary_refractory(self, response: BestResponse) -> None:
        """No remission ever and a line that failed: primary refractory."""
        patient = _patient(lines=[_line(date(2018, 1, 10), date(2018, 2, 10), response=response)])
        assert disease_phase(patient, as_of=date(2018, 3, 1)) is DiseasePhase.PRIMARY_REFRACTORY

    def test_first_relapse(self) -> None:
        """The latest relapse follows the only remission: first relapse."""
        patient = _patient(remissions=[CR1], relapses=[REL1])
        assert disease_phase(patient, as_of=date(2020, 6, 1)) is DiseasePhase.FIRST_RELAPSE

    def test_relapse_on_as_of_counts_the_day_before_does_not(self) -> None:
        """A relapse dated on as_of is seen; the day before the patient was in CR."""
        patient = _patient(remissions=[CR1], relapses=[REL1])
        assert disease_phase(patient, as_of=REL1) is DiseasePhase.FIRST_RELAPSE
        assert disease_phase(patient, as_of=date(2020, 4, 30)) is DiseasePhase.IN_CR

    def test_second_or_later_relapse(self) -> None:
        """A second relapse after a second remission."""
        patient = _patient(remissions=[CR1, CR2], relapses=[REL1, REL2])
        assert (
            disease_phase(patient, as_of=date(2022, 3, 1)) is DiseasePhase.SECOND_OR_LATER_RELAPSE
        )

    def test_events_after_as_of_are_ignored(self) -> None:
        """Read on earlier days, the same record gives the phase of those days."""
        patient = _patient(remissions=[CR1, CR2], relapses=[REL1, REL2])
        assert disease_phase(patient, as_of=date(2018, 2, 28)) is None
        assert disease_phase(patient, as_of=date(2018, 3, 1)) is DiseasePhase.IN_CR
        assert disease_phase(patient, as_of=date(2020, 7, 31)) is DiseasePhase.FIRST_RELAPSE
        assert disease_phase(patient, as_of=date(2022, 1, 31)) is DiseasePhase.IN_CR

    @pytest.mark.parametrize(
        ("remission", "phase"),
        [
            (date(2020, 4, 30), DiseasePhase.FIRST_RELAPSE),
            (REL1, None),
            (date(2020, 5, 2), DiseasePhase.IN_CR),
        ],
        ids=["day-before", "same-day", "day-after"],
    )
    def test_remission_and_relapse_on_one_day_is_unknown(
        self, remission: date, phase: DiseasePhase | None
    ) -> None:
        """A remission dated on the latest relapse's day cannot be ordered with it: the
        phase is unknown (second clinical audit, _SAME_DAY_PHASE); a day either side
        decides."""
        patient = _patient(remissions=[CR1, remission], relapses=[REL1])
        assert disease_phase(patient, as_of=date(2020, 6, 1)) is phase

    def test_an_earlier_same_day_pair_does_not_decide(self) -> None:
        """Only the latest remission and relapse matter: a tie between an earlier pair
        leaves a later remission readable."""
        patient = _patient(remissions=[CR1, REL1, CR2], relapses=[REL1])
        assert disease_phase(patient, as_of=date(2020, 9, 1)) is DiseasePhase.IN_CR

    @pytest.mark.parametrize(
        ("start", "response", "remissions", "phase"),
        [
            (REL1, BestResponse.CR, [CR1], None),
            (REL1, BestResponse.CRI, [CR1], None),
            (REL1, BestResponse.CRH, [CR1], None),
            (REL1, BestResponse.NO_RESPONSE, [CR1], DiseasePhase.FIRST_RELAPSE),
            (date(2020, 4, 30), BestResponse.CR, [CR1], DiseasePhase.FIRST_RELAPSE),
            (REL1, BestResponse.CR, [CR1, date(2020, 5, 20)], DiseasePhase.IN_CR),
        ],
        ids=["cr", "cri", "crh", "no-response", "started-before", "remission-listed"],
    )
    def test_a_line_since_the_relapse_reached_an_unlisted_remission(
        self,
        start: date,
        response: BestResponse,
        remissions: list[date],
        phase: DiseasePhase | None,
    ) -> None:
        """In relapse, a line started on or after the relapse recorded as reaching a
        remission that no remission after the relapse lists: unknown (second clinical
        audit, _UNLISTED_REMISSION)."""
        salvage = _line(start, date(2020, 6, 1), Intent.SALVAGE, response)
        patient = _patient(lines=[salvage], remissions=remissions, relapses=[REL1])
        assert disease_phase(patient, as_of=date(2020, 6, 5)) is phase

    def test_relapse_after_allogeneic_hct(self) -> None:
        """An allogeneic HCT before the latest relapse takes precedence over its number."""
        patient = _patient(
            remissions=[CR1, CR2],
            relapses=[REL1, REL2],
            transplants=[(TransplantKind.ALLOGENEIC, date(2020, 10, 1))],
        )
        assert (
            disease_phase(patient, as_of=date(2022, 3, 1))
            is DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT
        )
        assert relapse_count(patient, as_of=date(2022, 3, 1)) == 2

    def test_first_relapse_after_hct_in_cr1(self) -> None:
        """A transplant in first remission followed by relapse is relapse after HCT."""
        patient = _patient(
            remissions=[CR1],
            relapses=[REL1],
            transplants=[(TransplantKind.ALLOGENEIC, date(2018, 9, 1))],
        )
        assert (
            disease_phase(patient, as_of=date(2020, 6, 1))
            is DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT
        )

    @pytest.mark.parametrize(
        ("kind", "when"),
        [(TransplantKind.AUTOLOGOUS, date(2020, 10, 1)), (TransplantKind.ALLOGENEIC, REL2)],
    )
    def test_autologous_or_same_day_transplant_is_not_relapse_after_hct(
        self, kind: TransplantKind, when: date
    ) -> None:
        """Only an allogeneic HCT strictly before the relapse counts."""
        patient = _patient(remissions=[CR1, CR2], relapses=[REL1, REL2], transplants=[(kind, when)])
        assert (
            disease_phase(patient, as_of=date(2022, 3, 1)) is DiseasePhase.SECOND_OR_LATER_RELAPSE
        )

    @pytest.mark.parametrize(
        ("level", "phase"),
        [
            (1e-3, DiseasePhase.MRD_POSITIVE_CR),
            (1e-4, DiseasePhase.MRD_POSITIVE_CR),
            (math.nextafter(1e-4, 0.0), DiseasePhase.IN_CR),
            (0.0, DiseasePhase.IN_CR),
        ],
    )
    def test_mrd_positive_cr_at_one_in_ten_thousand(
        self, level: float, phase: DiseasePhase
    ) -> None:
        """MRD at or above 1e-4 since the remission makes an MRD-positive CR."""
        patient = _patient(remissions=[CR1], mrd=[(date(2018, 4, 1), level)])
        assert disease_phase(patient, as_of=date(2018, 5, 1)) is phase

    def test_mrd_on_the_remission_date_counts(self) -> None:
        """A positive MRD result dated on the remission day counts."""
        patient = _patient(remissions=[CR1], mrd=[(CR1, 1e-3)])
        assert disease_phase(patient, as_of=date(2018, 5, 1)) is DiseasePhase.MRD_POSITIVE_CR

    def test_mrd_before_the_latest_remission_ignored(self) -> None:
        """MRD measured before the current remission does not describe it."""
        patient = _patient(remissions=[CR1, CR2], relapses=[REL1], mrd=[(date(2020, 7, 31), 1e-2)])
        assert disease_phase(patient, as_of=date(2020, 9, 1)) is DiseasePhase.IN_CR

    def test_only_the_latest_mrd_counts(self) -> None:
        """A negative result after a positive one: in CR."""
        patient = _patient(
            remissions=[CR1], mrd=[(date(2018, 4, 1), 1e-3), (date(2018, 7, 1), 0.0)]
        )
        assert disease_phase(patient, as_of=date(2018, 6, 30)) is DiseasePhase.MRD_POSITIVE_CR
        assert disease_phase(patient, as_of=date(2018, 7, 1)) is DiseasePhase.IN_CR

    @pytest.mark.parametrize(
        ("sample", "phase"),
        [
            (Sample.BONE_MARROW, DiseasePhase.MRD_POSITIVE_CR),
            (Sample.PERIPHERAL_BLOOD, DiseasePhase.IN_CR),
            (None, DiseasePhase.IN_CR),
        ],
    )
    def test_only_a_marrow_mrd_result_makes_an_mrd_positive_cr(
        self, sample: Sample | None, phase: DiseasePhase
    ) -> None:
        """As the MRD facts read it (facts/_mrd.py): a blood result, or one whose sample
        is not recorded, says nothing of the marrow level (second clinical audit,
        _PHASE_MRD)."""
        result = MrdResult(
            date=date(2018, 4, 1),
            method=MrdMethod.FLOW_CYTOMETRY,
            level=1e-2,
            sensitivity=1e-5,
            sample=sample,
        )
        patient = attrs.evolve(_patient(remissions=[CR1]), mrd=(result,))
        assert disease_phase(patient, as_of=date(2018, 5, 1)) is phase

    @pytest.mark.parametrize(
        ("start", "phase"),
        [
            (date(2018, 3, 31), DiseasePhase.MRD_POSITIVE_CR),
            (date(2018, 4, 1), DiseasePhase.MRD_POSITIVE_CR),
            (date(2018, 4, 2), DiseasePhase.IN_CR),
        ],
        ids=["regimen-before", "regimen-same-day", "regimen-after"],
    )
    def test_mrd_before_the_latest_regimen_is_not_current(
        self, start: date, phase: DiseasePhase
    ) -> None:
        """An MRD result dated before the start of the latest regimen does not describe
        the patient (the MRD facts' rule, Since.LATEST_REGIMEN)."""
        lines = [_line(date(2018, 1, 10), date(2018, 2, 20)), _line(start, None, Intent.SALVAGE)]
        patient = _patient(lines=lines, remissions=[CR1], mrd=[(date(2018, 4, 1), 1e-3)])
        assert disease_phase(patient, as_of=date(2018, 5, 1)) is phase

    @pytest.mark.parametrize(
        ("mrd_from", "phase"),
        [
            (date(2018, 3, 31), DiseasePhase.MRD_POSITIVE_CR),
            (date(2018, 4, 1), DiseasePhase.MRD_POSITIVE_CR),
            (date(2018, 4, 2), DiseasePhase.IN_CR),
        ],
    )
    def test_mrd_from_sets_the_first_day_a_result_counts(
        self, mrd_from: date, phase: DiseasePhase
    ) -> None:
        """``mrd_from`` (the facts pass the MRD rule's cutoff, a marrow window) is the
        first day an MRD result counts."""
        patient = _patient(remissions=[CR1], mrd=[(date(2018, 4, 1), 1e-3)])
        assert disease_phase(patient, as_of=date(2018, 5, 1), mrd_from=mrd_from) is phase

    @pytest.mark.parametrize(
        ("analyte", "value", "comparator", "day", "phase"),
        [
            (Analyte.MARROW_BLASTS, 5.0, Comparator.EQ, date(2018, 4, 1), DiseasePhase.IN_CR),
            (Analyte.MARROW_BLASTS, 5.1, Comparator.EQ, date(2018, 4, 1), None),
            (Analyte.MARROW_BLASTS, 5.0, Comparator.GT, date(2018, 4, 1), None),
            (Analyte.MARROW_BLASTS, 10.0, Comparator.LT, date(2018, 4, 1), DiseasePhase.IN_CR),
            (Analyte.MARROW_BLASTS, 60.0, Comparator.EQ, date(2018, 2, 28), DiseasePhase.IN_CR),
            (Analyte.MARROW_BLASTS, 60.0, Comparator.EQ, CR1, None),
            (Analyte.MARROW_BLASTS, 60.0, Comparator.EQ, date(2018, 5, 2), DiseasePhase.IN_CR),
            (Analyte.BLOOD_BLASTS, 0.0, Comparator.EQ, date(2018, 4, 1), DiseasePhase.IN_CR),
            (Analyte.BLOOD_BLASTS, 1.0, Comparator.EQ, date(2018, 4, 1), None),
        ],
        ids=[
            "marrow-at-cut",
            "marrow-above-cut",
            "marrow-above-cut-as-limit",
            "marrow-below-10",
            "marrow-before-remission",
            "marrow-on-remission-day",
            "marrow-after-as-of",
            "no-blood-blasts",
            "blood-blasts",
        ],
    )
    def test_blasts_since_the_remission_make_the_phase_unknown(
        self,
        analyte: Analyte,
        value: float,
        comparator: Comparator,
        day: date,
        phase: DiseasePhase | None,
    ) -> None:
        """In remission by the record, marrow blasts above the CR cut (5 %, the default
        response set) or blasts in the blood since the remission: the remission was lost
        (decision-3) but no relapse is recorded, so the phase is unknown (second clinical
        audit, _LOST_REMISSION)."""
        lab = LabResult(analyte=analyte, value=value, unit="%", date=day, comparator=comparator)
        patient = attrs.evolve(_patient(remissions=[CR1]), labs=(lab,))
        assert disease_phase(patient, as_of=date(2018, 5, 1)) is phase

    @pytest.mark.parametrize(
        ("value", "day", "involved"),
        [
            (5.0, date(2020, 5, 10), False),
            (5.1, date(2020, 5, 10), True),
            (60.0, date(2020, 4, 30), False),
            (60.0, REL1, True),
            (60.0, date(2020, 6, 2), False),
        ],
        ids=["at-cut", "above-cut", "before-relapse", "relapse-day", "after-as-of"],
    )
    def test_marrow_involved_since_the_relapse(
        self, value: float, day: date, involved: bool
    ) -> None:
        """Marrow blasts above the CR cut (5 %) dated from the relapse to as_of: the marrow
        holds leukemia, so an isolated relapse is not isolated (second clinical audit,
        _ISOLATED_SITE)."""
        lab = LabResult(analyte=Analyte.MARROW_BLASTS, value=value, unit="%", date=day)
        patient = attrs.evolve(_patient(remissions=[CR1], relapses=[REL1]), labs=(lab,))
        assert marrow_involved_since(patient, since=REL1, as_of=date(2020, 6, 1)) is involved

    def test_remission_reached_but_dated_after_as_of_is_unknown(self) -> None:
        """A line that reached CR whose remission is dated after as_of cannot be placed yet."""
        patient = _patient(
            lines=[_line(date(2018, 1, 10), response=BestResponse.CR)], remissions=[CR1]
        )
        assert disease_phase(patient, as_of=date(2018, 2, 28)) is None
        assert disease_phase(patient, as_of=CR1) is DiseasePhase.IN_CR

    @pytest.mark.parametrize(
        "lines",
        [
            [],
            [_line(date(2018, 1, 10))],
            [_line(date(2018, 1, 10), response=BestResponse.NOT_EVALUABLE)],
        ],
    )
    def test_nothing_decisive_is_unknown(self, lines: list[TreatmentLine]) -> None:
        """No events and no response: the phase is unknown, not 'in CR'."""
        assert disease_phase(_patient(lines=lines), as_of=date(2018, 6, 1)) is None


class TestCounts:
    """Relapses, prior regimens and salvage lines by as_of."""

    def test_relapse_count(self) -> None:
        """Relapses on or before as_of."""
        patient = _patient(remissions=[CR1, CR2], relapses=[REL1, REL2])
        assert relapse_count(patient, as_of=date(2020, 4, 30)) == 0
        assert relapse_count(patient, as_of=REL1) == 1
        assert relapse_count(patient, as_of=REL2) == 2

    @pytest.mark.parametrize(
        ("remission", "count", "phase"),
        [
            (None, 1, DiseasePhase.FIRST_RELAPSE),
            (REL1, 1, DiseasePhase.FIRST_RELAPSE),
            (date(2020, 5, 2), 2, DiseasePhase.SECOND_OR_LATER_RELAPSE),
            (date(2020, 5, 11), 2, DiseasePhase.SECOND_OR_LATER_RELAPSE),
        ],
        ids=["none-between", "on-the-first-relapse-day", "day-after-first", "on-second-day"],
    )
    def test_relapses_are_episodes(
        self, remission: date | None, count: int, phase: DiseasePhase
    ) -> None:
        """Two relapse records count as two relapses only with a remission recorded
        between them (decision-3: a relapse is the loss of a remission; second clinical
        audit, _RELAPSE_EPISODES); a remission dated the day of the later relapse counts
        as before it, one dated the day of the earlier relapse does not separate them."""
        second = date(2020, 5, 11)
        extra = [] if remission is None else [remission]
        patient = _patient(remissions=[CR1, *extra], relapses=[REL1, second])
        as_of = date(2020, 6, 1)
        assert relapse_count(patient, as_of=as_of) == count
        if remission == second:  # the latest relapse and a remission on one day
            assert disease_phase(patient, as_of=as_of) is None
        else:
            assert disease_phase(patient, as_of=as_of) is phase

    @pytest.mark.parametrize(
        ("kinds", "expected"),
        [
            ((RemissionKind.CR, RemissionKind.CRI), None),
            ((RemissionKind.CRI, RemissionKind.CR), None),
            ((RemissionKind.CRH, RemissionKind.CR), None),
            ((RemissionKind.CR, RemissionKind.CR), RemissionKind.CR),
        ],
    )
    def test_remission_kind_on_a_same_day_tie(
        self, kinds: tuple[RemissionKind, RemissionKind], expected: RemissionKind | None
    ) -> None:
        """Two remissions of different kinds on the latest remission's day: the kind is
        unknown whichever is listed last (second clinical audit, the CR-vs-CRi tie)."""
        course = Course(
            diagnosis_date=DIAGNOSIS,
            remissions=tuple(Remission(kind=kind, date=CR2) for kind in kinds),
        )
        assert remission_kind(Patient(course=course), as_of=CR2) is expected

    def test_remission_kind_of_the_latest_day(self) -> None:
        """A remission of another kind the day before does not make the kind unknown;
        before any remission there is none."""
        course = Course(
            diagnosis_date=DIAGNOSIS,
            remissions=(
                Remission(kind=RemissionKind.CRI, date=date(2020, 7, 31)),
                Remission(kind=RemissionKind.CR, date=CR2),
            ),
        )
        patient = Patient(course=course)
        assert remission_kind(patient, as_of=CR2) is RemissionKind.CR
        assert remission_kind(patient, as_of=date(2020, 7, 31)) is RemissionKind.CRI
        assert remission_kind(patient, as_of=date(2020, 7, 30)) is None

    def test_prior_regimen_count(self) -> None:
        """Regimens started by as_of; CNS-directed and palliative lines are not counted, and
        the frontline programme's consolidation phase belongs to it."""
        patient = _patient(
            lines=[
                _line(date(2018, 1, 10), intent=Intent.FRONTLINE),
                _line(date(2018, 2, 1), intent=Intent.CNS_DIRECTED),
                _line(date(2018, 4, 1), intent=Intent.CONSOLIDATION),
                _line(date(2020, 5, 10), intent=Intent.SALVAGE),
                _line(date(2020, 6, 1), intent=Intent.PALLIATIVE),
            ]
        )
        assert prior_regimen_count(patient, as_of=date(2018, 4, 1)) == 1
        assert prior_regimen_count(patient, as_of=date(2020, 5, 9)) == 1
        assert prior_regimen_count(patient, as_of=date(2020, 5, 10)) == 2
        assert prior_regimen_count(patient, as_of=date(2020, 7, 1)) == 2

    def test_a_frontline_programme_in_phases_is_one_regimen(self) -> None:
        """Induction, consolidation and maintenance recorded separately count once
        (regression: the example ph_positive_t315i.json counted two regimens)."""
        phases = [
            _line(date(2018, 1, 10), date(2018, 3, 1), Intent.FRONTLINE),
            _line(date(2018, 3, 2), date(2018, 6, 1), Intent.FRONTLINE),
            _line(date(2018, 6, 2), date(2018, 9, 1), Intent.CONSOLIDATION),
            _line(date(2018, 9, 2), date(2020, 9, 1), Intent.MAINTENANCE),
        ]
        patient = _patient(lines=phases, remissions=[CR1], relapses=[date(2021, 1, 1)])
        assert prior_regimen_count(patient, as_of=date(2021, 2, 1)) == 1
        assert regimens(tuple(phases), date(2021, 1, 1)) == (tuple(phases),)

    def test_consolidation_after_salvage_continues_the_salvage_regimen(self) -> None:
        """A consolidation phase after a salvage line is part of that regimen; a reinduction
        (frontline intent) after a relapse starts a new one."""
        lines = (
            _line(date(2018, 1, 10), date(2018, 6, 1), Intent.FRONTLINE),
            _line(REL1, date(2020, 6, 1), Intent.SALVAGE),
            _line(date(2020, 6, 2), date(2020, 9, 1), Intent.CONSOLIDATION),
            _line(REL2, None, Intent.FRONTLINE),
        )
        grouped = regimens(lines, REL1)
        assert [len(regimen) for regimen in grouped] == [1, 2, 1]

    def test_lines_after_primary_induction_failure_are_new_regimens(self) -> None:
        """After a salvage line, a later frontline-intent line no longer joins the initial
        programme even without a relapse."""
        lines = (
            _line(date(2018, 1, 10), date(2018, 3, 1), Intent.FRONTLINE),
            _line(date(2018, 3, 5), date(2018, 5, 1), Intent.SALVAGE),
            _line(date(2018, 5, 5), None, Intent.FRONTLINE),
        )
        assert [len(regimen) for regimen in regimens(lines, None)] == [1, 1, 1]

    def test_salvage_lines_by_intent(self) -> None:
        """Salvage and bridge-to-transplant intents count; frontline and consolidation do not."""
        patient = _patient(
            lines=[
                _line(date(2018, 1, 10), intent=Intent.FRONTLINE),
                _line(date(2018, 4, 1), intent=Intent.CONSOLIDATION),
                _line(date(2020, 5, 10), intent=Intent.SALVAGE),
                _line(date(2020, 8, 1), intent=Intent.BRIDGE_TO_TRANSPLANT),
            ]
        )
        assert salvage_line_count(patient, as_of=date(2020, 6, 1)) == 1
        assert salvage_line_count(patient, as_of=date(2020, 8, 1)) == 2

    def test_salvage_lines_count_only_salvage_intents(self) -> None:
        """A maintenance line after the first relapse is not a salvage line."""
        patient = _patient(
            lines=[
                _line(date(2018, 1, 10)),
                _line(REL1, intent=Intent.SALVAGE),
                _line(date(2020, 9, 1), intent=Intent.MAINTENANCE),
            ],
            remissions=[CR1, CR2],
            relapses=[REL1],
        )
        assert salvage_line_count(patient, as_of=date(2020, 4, 30)) == 0
        assert salvage_line_count(patient, as_of=date(2021, 1, 1)) == 1

    @pytest.mark.parametrize(
        ("start", "count"),
        [(date(2020, 4, 30), 0), (REL1, 1), (date(2020, 5, 2), 1)],
        ids=["day-before-relapse", "relapse-day", "day-after"],
    )
    def test_a_frontline_intent_reinduction_after_the_relapse_is_a_salvage_line(
        self, start: date, count: int
    ) -> None:
        """A reinduction recorded with frontline intent after the first relapse starts a
        regimen and is a salvage line (second clinical audit, _SALVAGE_COUNT); begun
        before the relapse it is part of the initial programme."""
        patient = _patient(
            lines=[
                _line(date(2018, 1, 10), date(2018, 6, 1)),
                _line(start, intent=Intent.FRONTLINE),
            ],
            remissions=[CR1],
            relapses=[REL1],
        )
        assert salvage_line_count(patient, as_of=date(2020, 6, 1)) == count

    def test_a_frontline_intent_line_after_a_salvage_line_is_a_salvage_line(self) -> None:
        """After induction failure and a salvage line, a frontline-intent line is a new
        regimen given for refractory disease."""
        patient = _patient(
            lines=[
                _line(date(2018, 1, 10), date(2018, 3, 1), response=BestResponse.NO_RESPONSE),
                _line(date(2018, 3, 5), date(2018, 5, 1), Intent.SALVAGE),
                _line(date(2018, 5, 5), None, Intent.FRONTLINE),
            ]
        )
        assert salvage_line_count(patient, as_of=date(2018, 6, 1)) == 2

    def test_no_lines_no_salvage(self) -> None:
        """No lines recorded gives zero salvage lines."""
        assert salvage_line_count(_patient(), as_of=date(2021, 1, 1)) == 0


class TestCr1Duration:
    """Calendar months from the first remission to the first relapse (ref 75 cut: 36)."""

    @pytest.mark.parametrize(
        ("relapse", "months"),
        [
            (date(2022, 1, 9), 35 + 30 / 31),  # 10 Dec to 9 Jan of a 31-day month
            (date(2022, 1, 10), 36.0),
            (date(2022, 1, 11), 36 + 1 / 31),  # 10 Jan to 11 Jan of a 31-day month
        ],
    )
    def test_boundary_at_36_months(self, relapse: date, months: float) -> None:
        """Exactly 36 on the same day three years later; a day either side is not."""
        patient = _patient(remissions=[date(2019, 1, 10)], relapses=[relapse])
        assert cr1_duration_months(patient, as_of=date(2022, 2, 1)) == pytest.approx(
            months, rel=1e-15
        )

    def test_uses_first_remission_and_first_relapse(self) -> None:
        """Later remissions and relapses do not change CR1 duration: 1 Mar 2018 to 1 May 2020."""
        patient = _patient(remissions=[CR1, CR2], relapses=[REL1, REL2])
        assert cr1_duration_months(patient, as_of=date(2022, 3, 1)) == 26.0

    @pytest.mark.parametrize(
        ("remissions", "relapses"), [([CR1], []), ([], [REL1]), ([date(2020, 6, 1)], [REL1])]
    )
    def test_unknown_cases(self, remissions: list[date], relapses: list[date]) -> None:
        """Still in CR1, never in remission, or relapse before remission: None."""
        patient = _patient(remissions=remissions, relapses=relapses)
        assert cr1_duration_months(patient, as_of=date(2022, 3, 1)) is None

    def test_relapse_after_as_of_not_seen(self) -> None:
        """On a day before the relapse the patient is still in CR1."""
        patient = _patient(remissions=[CR1], relapses=[REL1])
        assert cr1_duration_months(patient, as_of=date(2020, 4, 30)) is None


END = date(2019, 6, 30)


class TestInitialTherapy:
    """End of initial therapy and months from it to the first relapse (decision 6: > 24)."""

    def test_end_is_the_last_initial_line(self) -> None:
        """Frontline and maintenance before the relapse: the later end counts; salvage does not."""
        patient = _patient(
            lines=[
                _line(date(2018, 1, 10), date(2018, 7, 31), Intent.FRONTLINE),
                _line(date(2018, 8, 1), END, Intent.MAINTENANCE),
                _line(date(2021, 7, 5), date(2021, 9, 1), Intent.SALVAGE),
            ],
            relapses=[date(2021, 7, 1)],
        )
        assert initial_therapy_end(patient, date(2021, 12, 1)) == END

    @pytest.mark.parametrize(
        "lines",
        [
            [],
            [_line(date(2018, 1, 10), None, Intent.FRONTLINE)],
            [
                _line(date(2018, 1, 10), END, Intent.FRONTLINE),
                _line(date(2018, 8, 1), None, Intent.MAINTENANCE),
            ],
        ],
    )
    def test_unknown_end(self, lines: list[TreatmentLine]) -> None:
        """No lines, or an initial line without an end: unknown."""
        assert initial_therapy_end(_patient(lines=lines), date(2021, 12, 1)) is None

    def test_end_after_as_of_is_not_yet_known(self) -> None:
        """Regression: an end dated after as_of leaked from the future into the answer."""
        patient = _patient(lines=[_line(date(2018, 1, 10), END, Intent.FRONTLINE)])
        assert initial_therapy_end(patient, date(2019, 6, 29)) is None
        assert initial_therapy_end(patient, END) == END

    @pytest.mark.parametrize(
        ("relapse", "months"),
        [
            (date(2021, 6, 29), 23 + 30 / 31),  # 30 May to 29 Jun of a 31-day month
            (date(2021, 6, 30), 24.0),
            (date(2021, 7, 1), 24 + 1 / 30),  # 30 Jun to 1 Jul of a 30-day month
            (date(2021, 7, 30), 25.0),
        ],
    )
    def test_months_to_relapse_around_24(self, relapse: date, months: float) -> None:
        """End 30 Jun 2019: exactly 24 on 30 Jun 2021, more than 24 from 1 Jul 2021."""
        patient = _patient(
            lines=[_line(date(2018, 1, 10), END, Intent.FRONTLINE)], relapses=[relapse]
        )
        result = months_from_initial_therapy_to_relapse(patient, as_of=date(2021, 12, 1))
        assert result == pytest.approx(months, rel=1e-15)

    def test_exactly_24_months_is_not_more_than_24(self) -> None:
        """The review's 'more than 24 months' is false at exactly 24 and true a day later."""
        frontline = [_line(date(2018, 1, 10), END, Intent.FRONTLINE)]
        at = months_from_initial_therapy_to_relapse(
            _patient(lines=frontline, relapses=[date(2021, 6, 30)]), as_of=date(2021, 12, 1)
        )
        after = months_from_initial_therapy_to_relapse(
            _patient(lines=frontline, relapses=[date(2021, 7, 1)]), as_of=date(2021, 12, 1)
        )
        assert at is not None
        assert after is not None
        assert not at > 24
        assert after > 24

    def test_transplant_in_first_remission_ends_the_initial_therapy(self) -> None:
        """An allogeneic HCT in CR1 (before the first relapse) is the last part of the
        initial therapy: the interval to relapse is measured from it."""
        hct = date(2019, 9, 30)
        patient = _patient(
            lines=[_line(date(2018, 1, 10), END, Intent.FRONTLINE)],
            transplants=[(TransplantKind.ALLOGENEIC, hct)],
            relapses=[date(2021, 9, 30)],
        )
        assert initial_therapy_end(patient, date(2021, 12, 1)) == hct
        assert months_from_initial_therapy_to_relapse(patient, as_of=date(2021, 12, 1)) == 24.0

    def test_transplant_after_the_first_relapse_is_not_initial_therapy(self) -> None:
        """A transplant after the first relapse does not move the end of initial therapy."""
        patient = _patient(
            lines=[_line(date(2018, 1, 10), END, Intent.FRONTLINE)],
            transplants=[(TransplantKind.ALLOGENEIC, date(2021, 9, 30))],
            relapses=[date(2021, 7, 1)],
        )
        assert initial_therapy_end(patient, date(2021, 12, 1)) == END

    def test_phases_end_the_initial_therapy_with_the_last(self) -> None:
        """Induction then consolidation recorded separately: the consolidation's end counts."""
        patient = _patient(
            lines=[
                _line(date(2018, 1, 10), date(2018, 5, 1), Intent.FRONTLINE),
                _line(date(2018, 5, 2), END, Intent.CONSOLIDATION),
            ],
            relapses=[date(2021, 7, 1)],
        )
        assert initial_therapy_end(patient, date(2021, 12, 1)) == END

    def test_relapse_during_initial_therapy_is_negative(self) -> None:
        """A relapse on 31 May with therapy ending 30 Jun is one month before the end."""
        patient = _patient(
            lines=[_line(date(2018, 1, 10), END, Intent.FRONTLINE)], relapses=[date(2019, 5, 31)]
        )
        assert months_from_initial_therapy_to_relapse(patient, as_of=date(2019, 7, 1)) == -1.0

    def test_unknown_without_relapse_or_end(self) -> None:
        """No relapse, or no known end: None."""
        no_relapse = _patient(lines=[_line(date(2018, 1, 10), END, Intent.FRONTLINE)])
        no_end = _patient(
            lines=[_line(date(2018, 1, 10), None, Intent.FRONTLINE)], relapses=[date(2021, 7, 1)]
        )
        assert months_from_initial_therapy_to_relapse(no_relapse, as_of=date(2021, 12, 1)) is None
        assert months_from_initial_therapy_to_relapse(no_end, as_of=date(2021, 12, 1)) is None
