"""The course read as of a date: the computations of :mod:`allmodel.clinical`'s timeline.

The public functions, with the definitions they follow, are in
:mod:`allmodel.clinical._timeline` (shown as :mod:`allmodel.clinical`); this private
module holds what they compute, and the facts (:mod:`allmodel.facts`) call it directly.
It is one of the modules the compiled build compiles (README, "Compiled build"), so it
defines nothing public: a compiled function has no docstring or signature to show.
"""

from __future__ import annotations

import itertools
from datetime import date

from allmodel._arguments import require_patient
from allmodel._calendar import calendar_months
from allmodel.clinical._phase import DiseasePhase
from allmodel.clinical._view import CourseView
from allmodel.clinical.response._criteria import BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW
from allmodel.dates import require_date
from allmodel.model._course import (
    Intent,
    RemissionKind,
    TransplantKind,
    TreatmentLine,
)
from allmodel.model._labs import Analyte
from allmodel.model._mrd import MrdStatus, Sample, latest_mrd, mrd_call
from allmodel.model._patient import Patient

__all__ = [
    "anti_leukemic_lines",
    "course_view",
    "cr1_duration_months",
    "disease_phase",
    "initial_therapy_end",
    "marrow_involved_since",
    "months_from_initial_therapy_to_relapse",
    "prior_regimen_count",
    "regimens",
    "relapse_count",
    "remission_kind",
    "salvage_line_count",
]


_INITIAL_INTENTS = frozenset({Intent.FRONTLINE, Intent.CONSOLIDATION, Intent.MAINTENANCE})
_NOT_COUNTED = frozenset({Intent.CNS_DIRECTED, Intent.PALLIATIVE})
_CONTINUES = frozenset({Intent.CONSOLIDATION, Intent.MAINTENANCE})


def course_view(patient: Patient, *, as_of: date) -> CourseView:
    """The body of :func:`allmodel.clinical.course_view`."""
    require_patient(patient)
    require_date(as_of, "as_of")
    course = patient.course
    # a kind of event never recorded has none by any date (and is skipped: it is the
    # common case for transplants, and each reading sorts the events)
    lines = course.lines_started_by(as_of=as_of) if course.treatment_lines else ()
    anti_leukemic = anti_leukemic_lines(lines)
    relapses = course.relapses_by(as_of=as_of) if course.relapses else ()
    return CourseView(
        as_of,
        lines,
        anti_leukemic,
        course.remissions_by(as_of=as_of) if course.remissions else (),
        relapses,
        course.transplants_by(as_of=as_of) if course.transplants else (),
        regimens(anti_leukemic, relapses[0].date if relapses else None),
    )


def regimens(
    lines: tuple[TreatmentLine, ...], first_relapse: date | None
) -> tuple[tuple[TreatmentLine, ...], ...]:
    """Group anti-leukemic lines (in start order) into regimens (see the module docstring).

    Args:
        lines: Anti-leukemic lines sorted by start (as in :class:`CourseView`).
        first_relapse: Date of the first relapse, if any.

    Returns:
        The regimens in order, each the tuple of its lines; the first is the initial
        programme when the patient had one.
    """
    groups: list[list[TreatmentLine]] = []
    initial: list[TreatmentLine] = []
    initial_open = True
    for line in lines:
        if (
            initial_open
            and line.intent in _INITIAL_INTENTS
            and (first_relapse is None or line.start < first_relapse)
        ):
            if not initial:
                groups.append(initial)
            initial.append(line)
            continue
        initial_open = False
        if line.intent in _CONTINUES and groups:
            groups[-1].append(line)
        else:
            groups.append([line])
    return tuple([tuple(group) for group in groups])


def _view(patient: Patient, as_of: date, view: CourseView | None) -> CourseView:
    if view is not None and view.as_of == as_of:
        return view
    return course_view(patient, as_of=as_of)


def _episodes(view: CourseView) -> int:
    """Relapse episodes: a relapse record starts one when it is the first, or when a
    remission is recorded after the relapse before it (a remission dated the day of the
    later relapse counts as before it)."""
    relapses = view.relapses
    if len(relapses) < 2:
        return len(relapses)
    remissions = [remission.date for remission in view.remissions]
    count = 1
    for previous, relapse in itertools.pairwise(relapses):
        if any(previous.date < when <= relapse.date for when in remissions):
            count += 1
    return count


def relapse_count(patient: Patient, *, as_of: date, view: CourseView | None = None) -> int:
    """The body of :func:`allmodel.clinical.relapse_count`."""
    return _episodes(_view(patient, as_of, view))


def _unlisted_remission(v: CourseView, since: date) -> bool:
    """Whether a line started on or after ``since`` reached a remission (its recorded
    best response) that no remission dated after ``since`` lists."""
    return any(
        line.start >= since and line.best_response is not None and line.best_response.is_remission
        for line in v.lines
    ) and not any(remission.date > since for remission in v.remissions)


def disease_phase(
    patient: Patient,
    *,
    as_of: date,
    view: CourseView | None = None,
    mrd_from: date | None = None,
) -> DiseasePhase | None:
    """The body of :func:`allmodel.clinical.disease_phase`."""
    v = _view(patient, as_of, view)
    last_relapse = v.relapses[-1] if v.relapses else None
    last_remission = v.remissions[-1] if v.remissions else None
    if (
        last_relapse is not None
        and last_remission is not None
        and last_remission.date == last_relapse.date
    ):
        return None
    if last_relapse is not None and (
        last_remission is None or last_remission.date < last_relapse.date
    ):
        if _unlisted_remission(v, last_relapse.date):
            return None
        allogeneic_before = bool(v.transplants) and any(
            t.kind is TransplantKind.ALLOGENEIC and t.date < last_relapse.date
            for t in v.transplants
        )
        if allogeneic_before:
            return DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT
        return (
            DiseasePhase.FIRST_RELAPSE
            if _episodes(v) == 1
            else DiseasePhase.SECOND_OR_LATER_RELAPSE
        )
    if last_remission is not None:
        if patient.labs and _blasts_since(patient, last_remission.date, as_of):
            return None
        if _mrd_positive(patient, v, last_remission.date, mrd_from):
            return DiseasePhase.MRD_POSITIVE_CR
        return DiseasePhase.IN_CR
    # No remission is recorded, so no line reached one (Course enforces this).
    if any(line.best_response is not None and line.best_response.is_failure for line in v.lines):
        return DiseasePhase.PRIMARY_REFRACTORY
    return None


def _blasts_since(patient: Patient, since: date, as_of: date) -> bool:
    """Whether a result dated from ``since`` to ``as_of`` shows the remission lost
    (decision-3): marrow blasts above the CR cut of the default response set (5 %), or
    blasts in the blood (the whole interval of a result reported as a limit)."""
    for lab in patient.labs:
        if not since <= lab.date <= as_of:
            continue
        if lab.analyte is Analyte.MARROW_BLASTS:
            cut = BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW
        elif lab.analyte is Analyte.BLOOD_BLASTS:
            cut = 0.0
        else:
            continue
        if lab.bounds(lab.canonical_value)[0] > cut:
            return True
    return False


def marrow_involved_since(patient: Patient, *, since: date, as_of: date) -> bool:
    """Whether a marrow result dated from ``since`` to ``as_of`` has blasts above the CR
    cut of the default response set (5 %; the whole interval of a result reported as a
    limit): the marrow holds leukemia, so a relapse recorded since then is not isolated
    extramedullary."""
    for lab in patient.labs:
        if (
            lab.analyte is Analyte.MARROW_BLASTS
            and since <= lab.date <= as_of
            and lab.bounds(lab.canonical_value)[0] > BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW
        ):
            return True
    return False


def _mrd_positive(patient: Patient, v: CourseView, remission: date, mrd_from: date | None) -> bool:
    """Whether the latest MRD result is a current, positive marrow result (see
    :func:`disease_phase`)."""
    mrd = latest_mrd(patient.mrd, as_of=v.as_of) if patient.mrd else None
    if mrd is None or mrd.sample is not Sample.BONE_MARROW:
        return False
    first = remission if mrd_from is None or mrd_from < remission else mrd_from
    if v.regimens and v.regimens[-1][0].start > first:
        first = v.regimens[-1][0].start
    return mrd.date >= first and mrd_call(mrd) is MrdStatus.POSITIVE


def remission_kind(
    patient: Patient, *, as_of: date, view: CourseView | None = None
) -> RemissionKind | None:
    """The body of :func:`allmodel.clinical.remission_kind`."""
    v = _view(patient, as_of, view)
    if not v.remissions:
        return None
    latest = v.remissions[-1]
    for remission in reversed(v.remissions):
        if remission.date != latest.date:
            break
        if remission.kind is not latest.kind:
            return None
    return latest.kind


def anti_leukemic_lines(lines: tuple[TreatmentLine, ...]) -> tuple[TreatmentLine, ...]:
    """Lines aimed at the leukemia as a whole: not CNS-directed, not palliative."""
    return tuple([line for line in lines if line.intent not in _NOT_COUNTED])


def prior_regimen_count(patient: Patient, *, as_of: date, view: CourseView | None = None) -> int:
    """The body of :func:`allmodel.clinical.prior_regimen_count`."""
    return len(_view(patient, as_of, view).regimens)


def salvage_line_count(patient: Patient, *, as_of: date, view: CourseView | None = None) -> int:
    """The body of :func:`allmodel.clinical.salvage_line_count`."""
    grouped = _view(patient, as_of, view).regimens
    if grouped and grouped[0][0].intent in _INITIAL_INTENTS:
        return len(grouped) - 1
    return len(grouped)


def cr1_duration_months(
    patient: Patient, *, as_of: date, view: CourseView | None = None
) -> float | None:
    """The body of :func:`allmodel.clinical.cr1_duration_months`."""
    v = _view(patient, as_of, view)
    if not v.remissions or not v.relapses or v.relapses[0].date < v.remissions[0].date:
        return None
    return calendar_months(v.remissions[0].date, v.relapses[0].date)


def initial_therapy_end(
    patient: Patient, as_of: date, *, view: CourseView | None = None
) -> date | None:
    """Last day of the initial therapy, or ``None`` when it cannot be told.

    The initial therapy is the initial programme of :func:`regimens` (every frontline,
    consolidation and maintenance phase started before the first relapse), and a
    transplant in first remission (dated after the programme began and before the first
    relapse) is its last part. Unknown when a phase has no end date, or ends after
    ``as_of`` (on that day the therapy was still going on).
    """
    v = _view(patient, as_of, view)
    if not v.regimens or v.regimens[0][0].intent not in _INITIAL_INTENTS:
        return None
    initial = v.regimens[0]
    end: date | None = None
    for line in initial:
        if line.end is None or line.end > as_of:
            return None
        if end is None or line.end > end:
            end = line.end
    assert end is not None  # a regimen has a line
    cutoff = v.relapses[0].date if v.relapses else as_of
    began = initial[0].start
    for transplant in v.transplants:  # a transplant in first remission ends it
        if began <= transplant.date < cutoff and transplant.date > end:
            end = transplant.date
    return end


def months_from_initial_therapy_to_relapse(
    patient: Patient, *, as_of: date, view: CourseView | None = None
) -> float | None:
    """The body of :func:`allmodel.clinical.months_from_initial_therapy_to_relapse`."""
    v = _view(patient, as_of, view)
    end = initial_therapy_end(patient, as_of, view=v)
    if not v.relapses or end is None:
        return None
    return calendar_months(end, v.relapses[0].date)
