"""Derived facts of the disease course, always as of an explicit date.

Everything here takes ``as_of`` and looks only at events dated on or before it, so the
same record can be read as it stood on any day. Nothing reads the clock. A fact the
record cannot decide is ``None`` (unknown), never a default.

Definitions (review-definitions-of-relapse-and-refractory-disease; decision-3 and
decision-6):

* **The record on a date**: events dated on or before ``as_of``, and each line as it
  stood then: a line ending after ``as_of`` was still being given, so it reads as ongoing
  with its best response, stop reason and cycles unknown
  (:meth:`~allmodel.model.TreatmentLine.as_it_stood`).
* **Disease phase** (:func:`disease_phase`): in relapse when the latest relapse has no
  remission recorded after it; a relapse preceded by an allogeneic HCT is *relapse after
  allogeneic HCT* (this takes precedence over the relapse number, which stays available from
  :func:`relapse_count`); in remission when the latest remission follows the latest relapse,
  *MRD-positive CR* when the latest MRD result is from the bone marrow, dated since that
  remission and the start of the latest regimen, and at or above 1e-4
  (web-pmc-hemasphere-mrd-response-table; decision-4); *primary refractory* when no
  remission was ever recorded and a line of therapy ended without one (none of the lines
  reaching one). Unknown when the latest remission and the latest relapse share a day
  (their order cannot be told); when, in relapse, a line started since the relapse is
  recorded as reaching a remission that the remissions do not list; and when, in
  remission, a marrow result since the remission has blasts above the CR cut (5 %) or a
  blood result has blasts (decision-3: the remission is lost, but no relapse is recorded).
* **Relapses** (:func:`relapse_count`) are episodes: a relapse is the loss of a remission
  (decision-3), so relapse records with no remission recorded between them are one relapse.
* **Remission kind** (:func:`remission_kind`): the kind of the latest remission, unknown
  when remissions of different kinds are recorded on its day.
* **Months** are calendar months with the partial month as a fraction
  (:func:`allmodel.dates.calendar_months`).
* **CR1 duration**: from the first remission to the first relapse.
* **Time from completion of initial therapy to relapse**: from the last day of the
  initial (frontline, consolidation and maintenance) therapy to the first relapse;
  negative when the relapse came during that therapy.
* **Salvage lines** (:func:`salvage_line_count`): regimens given for relapsed or
  refractory disease: every regimen after the initial programme (intent ``salvage`` or
  ``bridge_to_transplant``, or a reinduction with frontline intent).
* **Regimens** (:func:`regimens`): a programme recorded in phases is one regimen. The
  initial programme is every frontline, consolidation and maintenance line started before
  the first relapse and before the first salvage line (induction, consolidation and
  maintenance recorded separately are one initial therapy); afterwards each salvage,
  bridge or frontline-intent (reinduction) line starts a regimen and consolidation or
  maintenance lines continue the one before. CNS-directed and palliative lines are not
  regimens. The initial therapy ends with its last phase or with a transplant in first
  remission (before the first relapse), whichever is later.
"""

from __future__ import annotations

import enum
import itertools
from datetime import date

import attrs

from allmodel._arguments import require_patient
from allmodel.clinical.response._criteria import BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW
from allmodel.dates import calendar_months, require_date
from allmodel.model._course import (
    Intent,
    Relapse,
    Remission,
    RemissionKind,
    Transplant,
    TransplantKind,
    TreatmentLine,
)
from allmodel.model._labs import Analyte
from allmodel.model._mrd import MrdStatus, Sample, latest_mrd, mrd_call
from allmodel.model._patient import Patient

__all__ = [
    "RELAPSE_PHASES",
    "REMISSION_PHASES",
    "CourseView",
    "DiseasePhase",
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


class DiseasePhase(enum.StrEnum):
    """Where the patient stands in the disease course on a given date."""

    PRIMARY_REFRACTORY = "primary_refractory"
    FIRST_RELAPSE = "first_relapse"
    SECOND_OR_LATER_RELAPSE = "second_or_later_relapse"
    RELAPSE_AFTER_ALLOGENEIC_HCT = "relapse_after_allogeneic_hct"
    IN_CR = "in_cr"
    MRD_POSITIVE_CR = "mrd_positive_cr"


#: The phases of a patient in relapse: first, second or later, or after allogeneic HCT.
RELAPSE_PHASES: tuple[DiseasePhase, ...] = (
    DiseasePhase.FIRST_RELAPSE,
    DiseasePhase.SECOND_OR_LATER_RELAPSE,
    DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT,
)

#: The phases of a patient in remission (MRD-positive or not).
REMISSION_PHASES: tuple[DiseasePhase, ...] = (DiseasePhase.IN_CR, DiseasePhase.MRD_POSITIVE_CR)


@attrs.frozen
class CourseView:
    """The course as it stood on ``as_of``: events on or before it, in date order.

    Build it once with :func:`course_view` when several derivations are needed for the
    same patient and date; every function here accepts it as ``view``.
    """

    as_of: date
    lines: tuple[TreatmentLine, ...]
    anti_leukemic: tuple[TreatmentLine, ...]
    remissions: tuple[Remission, ...]
    relapses: tuple[Relapse, ...]
    transplants: tuple[Transplant, ...]
    regimens: tuple[tuple[TreatmentLine, ...], ...] = ()


def course_view(patient: Patient, *, as_of: date) -> CourseView:
    """The patient's course as of ``as_of`` (see :class:`CourseView`).

    Raises:
        ArgumentError: ``patient`` is not a :class:`~allmodel.model.Patient`, or
            ``as_of`` not a plain ``datetime.date``.
    """
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
    """Number of relapses on or before ``as_of``: relapse episodes, not records.

    A relapse is the loss of a remission (decision-3), so relapse records with no
    remission recorded between them are one relapse recorded more than once (an isolated
    CNS relapse, then the marrow found involved days later). The remissions and relapses
    are taken as complete records.
    """
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
    """The disease phase on ``as_of`` (see the module docstring), or ``None`` if undecidable.

    Undecidable: a remission and a relapse recorded on the same day as the latest of
    either (their order cannot be told); in relapse, a line started since the relapse
    recorded as reaching a remission that the remissions do not list; in remission, a
    result since the remission showing it lost (marrow blasts above the default response
    set's CR cut of 5 %, or blasts in the blood: decision-3) while no relapse is recorded;
    never in remission and no line recorded as failing.

    An MRD result makes the remission *MRD-positive* only as the MRD facts read it: the
    latest result on or before ``as_of``, from the bone marrow, dated on or after the
    current remission and the start of the latest regimen, and (``mrd_from``, the first
    day an MRD result counts, such as the start of a marrow window) not older than that.
    A blood result, or one whose sample is not recorded, says nothing of the marrow level.
    """
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
    """The kind of the latest remission on or before ``as_of``; ``None`` when there is
    none, or when remissions of different kinds are recorded on its day (which one
    describes the patient cannot be told)."""
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
    """Regimens started on or before ``as_of`` that the record lists (see :func:`regimens`).

    A programme recorded in phases (induction, consolidation, maintenance) counts once;
    CNS-directed and palliative lines are not counted (labels such as nelarabine's and
    clofarabine's count prior regimens).

    When ``course.history_complete`` is not true this is a lower bound.
    """
    return len(_view(patient, as_of, view).regimens)


def salvage_line_count(patient: Patient, *, as_of: date, view: CourseView | None = None) -> int:
    """Lines given for relapsed or refractory disease: every regimen after the initial
    programme (see :func:`regimens`), whether recorded with salvage or bridge intent or as
    a reinduction with frontline intent after a relapse or a salvage line; the
    consolidation and maintenance phases of a salvage regimen do not count again.

    When ``course.history_complete`` is not true this is a lower bound.
    """
    grouped = _view(patient, as_of, view).regimens
    if grouped and grouped[0][0].intent in _INITIAL_INTENTS:
        return len(grouped) - 1
    return len(grouped)


def cr1_duration_months(
    patient: Patient, *, as_of: date, view: CourseView | None = None
) -> float | None:
    """Calendar months from the first remission to the first relapse.

    ``None`` when either is missing (a patient still in CR1 has no CR1 duration yet) or
    when the first relapse precedes the first remission.
    """
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
    """Calendar months from the end of initial therapy to the first relapse.

    Negative when the first relapse came before the initial therapy ended; ``None``
    without a relapse or a known end of initial therapy.
    """
    v = _view(patient, as_of, view)
    end = initial_therapy_end(patient, as_of, view=v)
    if not v.relapses or end is None:
        return None
    return calendar_months(end, v.relapses[0].date)
