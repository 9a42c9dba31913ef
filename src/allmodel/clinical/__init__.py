"""Clinical computations of the review over a patient record, each as of an explicit date.

* the timeline (:func:`disease_phase`, remission duration, time to relapse, counts of
  relapses, regimens and salvage lines, :func:`course_view`);
* :mod:`allmodel.clinical.response` — hematologic response (CR, CRh, CRi) under a named
  set of criteria;
* :mod:`allmodel.clinical.scores` — the review's prognostic factors and scores;
* :mod:`allmodel.clinical.regimens` — the review's regimens and their dose plans.
"""

from allmodel.clinical import regimens as regimens
from allmodel.clinical import response as response
from allmodel.clinical import scores as scores
from allmodel.clinical._timeline import (
    RELAPSE_PHASES,
    REMISSION_PHASES,
    CourseView,
    DiseasePhase,
    course_view,
    cr1_duration_months,
    disease_phase,
    months_from_initial_therapy_to_relapse,
    prior_regimen_count,
    relapse_count,
    remission_kind,
    salvage_line_count,
)

__all__ = [
    "RELAPSE_PHASES",
    "REMISSION_PHASES",
    "CourseView",
    "DiseasePhase",
    "course_view",
    "cr1_duration_months",
    "disease_phase",
    "months_from_initial_therapy_to_relapse",
    "prior_regimen_count",
    "relapse_count",
    "remission_kind",
    "salvage_line_count",
]
