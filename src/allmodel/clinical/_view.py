"""The course as it stood on a date (:func:`allmodel.clinical.course_view` builds it)."""

from __future__ import annotations

from datetime import date

import attrs

from allmodel.model._course import Relapse, Remission, Transplant, TreatmentLine

__all__ = ["CourseView"]


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
