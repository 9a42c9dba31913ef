"""Properties of the facts derived from the course as of a date: total, sane, and blind
to the future, for every valid patient."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from allmodel import Course, DiseasePhase, Patient, Relapse, Remission, disease_phase
from allmodel.clinical import relapse_count
from tests import strategies as gen

#: Whole patients: few examples, with no deadline (the first example pays for building
#: cattrs' hooks).
WHOLE = settings(max_examples=40, deadline=None)


@st.composite
def _with_later_events(draw: st.DrawFn, patient: Patient, as_of: date) -> Patient:
    """``patient`` with remissions, relapses, transplants, lines and MRD dated after ``as_of``."""
    anchors = [as_of, patient.date_of_birth, patient.course.diagnosis_date]
    first = max(when for when in anchors if when is not None) + timedelta(days=1)
    later = gen.dates(first, first + timedelta(days=3650))
    course = patient.course
    remissions = draw(st.lists(gen.remissions(later), max_size=2))
    reachable = bool(course.remissions or remissions)
    lines = draw(
        st.lists(
            gen.treatment_lines(later, remission=reachable).filter(
                lambda line: line.start is not None
            ),
            max_size=2,
        )
    )
    added = draw(st.lists(gen.relapses(later), max_size=2))
    return attrs.evolve(
        patient,
        course=attrs.evolve(
            course,
            treatment_lines=(*course.treatment_lines, *lines),
            remissions=(*course.remissions, *remissions),
            relapses=(*course.relapses, *_after_a_remission(course, added, remissions)),
            transplants=(*course.transplants, *draw(st.lists(gen.transplants(later), max_size=2))),
        ),
        mrd=(*patient.mrd, *draw(st.lists(gen.mrd_results(later), max_size=2))),
    )


def _after_a_remission(
    course: Course, relapses: list[Relapse], remissions: list[Remission]
) -> list[Relapse]:
    """``relapses``, less those a complete history refuses (none before a remission)."""
    if course.history_complete is not True:
        return relapses
    first = min((r.date for r in (*course.remissions, *remissions)), default=None)
    return [] if first is None else [r for r in relapses if r.date > first]


class TestDerivedFacts:
    """Facts derived as of a date are total, sane, and blind to the future."""

    @WHOLE
    @given(patient=gen.patients(), extra_days=st.integers(min_value=0, max_value=3650))
    def test_disease_phase_never_raises_as_of_any_later_date(
        self, patient: Patient, extra_days: int
    ) -> None:
        """As of (or after) every date in the record, the phase is a DiseasePhase or None."""
        last = max(gen.record_dates(patient), default=date(2000, 1, 1))
        as_of = last + timedelta(days=extra_days)
        phase = disease_phase(patient, as_of=as_of)
        assert phase is None or isinstance(phase, DiseasePhase)

    @WHOLE
    @given(patient=gen.patients(), extra_days=st.integers(min_value=0, max_value=36500))
    def test_age_is_never_negative(self, patient: Patient, extra_days: int) -> None:
        """From the date of birth on, age is a whole number of years >= 0 (None if unknown)."""
        born = patient.date_of_birth
        age = patient.age(as_of=(born or date(2000, 1, 1)) + timedelta(days=extra_days))
        if born is None:
            assert age is None
        else:
            assert age is not None
            assert 0 <= age <= extra_days // 365

    @WHOLE
    @given(patient=gen.patients(), data=st.data())
    def test_later_events_do_not_change_the_phase(
        self, patient: Patient, data: st.DataObject
    ) -> None:
        """Events dated after as_of leave disease_phase as of as_of unchanged."""
        every = gen.record_dates(patient)
        window = gen.dates(min(every), max(every) + timedelta(days=365)) if every else gen.dates()
        as_of = data.draw(window, label="as_of")
        extended = data.draw(_with_later_events(patient, as_of), label="with later events")
        assert disease_phase(extended, as_of=as_of) == disease_phase(patient, as_of=as_of)

    @WHOLE
    @given(patient=gen.patients())
    def test_relapse_count_as_of_the_last_date_counts_every_relapse(self, patient: Patient) -> None:
        """As of the last date, every relapse episode is counted: each relapse record
        with a remission recorded since the relapse before it, and the first; so every
        record when remissions separate them all, and at least one when any is recorded
        (second clinical audit, _RELAPSE_EPISODES)."""
        as_of = max(gen.record_dates(patient), default=date(2000, 1, 1))
        dates = sorted(relapse.date for relapse in patient.course.relapses)
        remissions = [remission.date for remission in patient.course.remissions]
        merged = sum(
            1
            for before, after in itertools.pairwise(dates)
            if not any(before < when <= after for when in remissions)
        )
        count = relapse_count(patient, as_of=as_of)
        assert count == len(dates) - merged
        assert (count >= 1) is bool(dates)
