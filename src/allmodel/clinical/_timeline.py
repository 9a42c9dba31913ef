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

The computations are in :mod:`allmodel.clinical._reading` (compiled in the compiled
build); the public functions here check nothing more and hold the documentation.
"""

from __future__ import annotations

from datetime import date

from allmodel.clinical import _reading
from allmodel.clinical._phase import RELAPSE_PHASES, REMISSION_PHASES, DiseasePhase
from allmodel.clinical._reading import (
    anti_leukemic_lines,
    initial_therapy_end,
    marrow_involved_since,
    regimens,
)
from allmodel.clinical._view import CourseView
from allmodel.model._course import RemissionKind
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


def course_view(patient: Patient, *, as_of: date) -> CourseView:
    """The patient's course as of ``as_of`` (see :class:`CourseView`).

    Raises:
        ArgumentError: ``patient`` is not a :class:`~allmodel.model.Patient`, or
            ``as_of`` not a plain ``datetime.date``.
    """
    return _reading.course_view(patient, as_of=as_of)


def relapse_count(patient: Patient, *, as_of: date, view: CourseView | None = None) -> int:
    """Number of relapses on or before ``as_of``: relapse episodes, not records.

    A relapse is the loss of a remission (decision-3), so relapse records with no
    remission recorded between them are one relapse recorded more than once (an isolated
    CNS relapse, then the marrow found involved days later). The remissions and relapses
    are taken as complete records.
    """
    return _reading.relapse_count(patient, as_of=as_of, view=view)


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
    return _reading.disease_phase(patient, as_of=as_of, view=view, mrd_from=mrd_from)


def remission_kind(
    patient: Patient, *, as_of: date, view: CourseView | None = None
) -> RemissionKind | None:
    """The kind of the latest remission on or before ``as_of``; ``None`` when there is
    none, or when remissions of different kinds are recorded on its day (which one
    describes the patient cannot be told)."""
    return _reading.remission_kind(patient, as_of=as_of, view=view)


def prior_regimen_count(patient: Patient, *, as_of: date, view: CourseView | None = None) -> int:
    """Regimens started on or before ``as_of`` that the record lists (see :func:`regimens`).

    A programme recorded in phases (induction, consolidation, maintenance) counts once;
    CNS-directed and palliative lines are not counted (labels such as nelarabine's and
    clofarabine's count prior regimens).

    When ``course.history_complete`` is not true this is a lower bound.
    """
    return _reading.prior_regimen_count(patient, as_of=as_of, view=view)


def salvage_line_count(patient: Patient, *, as_of: date, view: CourseView | None = None) -> int:
    """Lines given for relapsed or refractory disease: every regimen after the initial
    programme (see :func:`regimens`), whether recorded with salvage or bridge intent or as
    a reinduction with frontline intent after a relapse or a salvage line; the
    consolidation and maintenance phases of a salvage regimen do not count again.

    When ``course.history_complete`` is not true this is a lower bound.
    """
    return _reading.salvage_line_count(patient, as_of=as_of, view=view)


def cr1_duration_months(
    patient: Patient, *, as_of: date, view: CourseView | None = None
) -> float | None:
    """Calendar months from the first remission to the first relapse.

    ``None`` when either is missing (a patient still in CR1 has no CR1 duration yet) or
    when the first relapse precedes the first remission.
    """
    return _reading.cr1_duration_months(patient, as_of=as_of, view=view)


def months_from_initial_therapy_to_relapse(
    patient: Patient, *, as_of: date, view: CourseView | None = None
) -> float | None:
    """Calendar months from the end of initial therapy to the first relapse.

    Negative when the first relapse came before the initial therapy ended; ``None``
    without a relapse or a known end of initial therapy.
    """
    return _reading.months_from_initial_therapy_to_relapse(patient, as_of=as_of, view=view)
