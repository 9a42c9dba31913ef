"""Schedules: on which calendar days a component is given, expanded with dateutil's rrule.

A schedule is data relative to the first day of a cycle (day 1). Expansion turns it into
calendar dates with :func:`dateutil.rrule.rrule`, so weekly and weekday-only patterns
(radiotherapy fractions) come out right across month ends.

* :class:`OnDays` — named cycle days (``1, 8, 15``), optionally several times a day;
* :class:`EveryDay` — every day of the cycle (continuous infusions, daily oral drugs);
* :class:`EveryNDays` — every ``n`` days from day 1 (liposomal vincristine weekly);
* :class:`Weekdays` — ``count`` consecutive Monday-to-Friday days (radiotherapy fractions;
  a scheduling convention, not a review fact);
* :class:`NotScheduled` — the sources give no days; planning needs ``allow_incomplete``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TypeAlias

import attrs
from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule

from allmodel._model import InRange, Model, NonEmpty, checks
from allmodel.errors import Problem, ValidationError

__all__ = [
    "EveryDay",
    "EveryNDays",
    "NotScheduled",
    "OnDays",
    "Schedule",
    "Weekdays",
    "expand",
]

_AT_LEAST_ONE = InRange(low=1)


def _days(value: tuple[int, ...]) -> str | None:
    if not value:
        return "must list at least one day"
    if any(day < 1 for day in value):
        return "must be day 1 or later"
    if list(value) != sorted(set(value)):
        return "must be increasing without repeats"
    return None


@attrs.frozen(kw_only=True)
class OnDays(Model):
    """Given on the listed cycle days, ``times_per_day`` times each day."""

    days: tuple[int, ...] = attrs.field(metadata=checks(_days))
    times_per_day: int = attrs.field(default=1, metadata=checks(_AT_LEAST_ONE))

    def describe(self) -> str:
        """Short text (``days 1, 8, 15``)."""
        text = "day" if len(self.days) == 1 else "days"
        runs = _runs(self.days)
        suffix = f", {self.times_per_day} times a day" if self.times_per_day > 1 else ""
        return f"{text} {runs}{suffix}"


@attrs.frozen(kw_only=True)
class EveryDay(Model):
    """Given every day of the cycle (or of the planned period for continuous therapy)."""

    times_per_day: int = attrs.field(default=1, metadata=checks(_AT_LEAST_ONE))

    def describe(self) -> str:
        """Short text."""
        return "every day" + (
            f", {self.times_per_day} times a day" if self.times_per_day > 1 else ""
        )


@attrs.frozen(kw_only=True)
class EveryNDays(Model):
    """Given on day 1 and then every ``interval`` days within the cycle or period."""

    interval: int = attrs.field(metadata=checks(_AT_LEAST_ONE))

    def describe(self) -> str:
        """Short text."""
        return f"every {self.interval} days"


@attrs.frozen(kw_only=True)
class Weekdays(Model):
    """``count`` consecutive weekdays (Monday to Friday), the first on or after day 1."""

    count: int = attrs.field(metadata=checks(_AT_LEAST_ONE))

    def describe(self) -> str:
        """Short text."""
        return f"{self.count} weekdays, Monday to Friday"

    def last_day(self, start: date) -> int:
        """The cycle day of the last weekday when day 1 is ``start``."""
        return _weekdays(self, start)[-1][0]


@attrs.frozen(kw_only=True)
class NotScheduled(Model):
    """The sources give no schedule for this component; ``reason`` says which."""

    reason: str = attrs.field(metadata=checks(NonEmpty()))

    def describe(self) -> str:
        """Short text."""
        return f"schedule not stated ({self.reason})"


Schedule: TypeAlias = OnDays | EveryDay | EveryNDays | Weekdays | NotScheduled


def _runs(days: Iterable[int]) -> str:
    parts: list[str] = []
    ordered = list(days)
    start = previous = ordered[0]
    for day in [*ordered[1:], None]:
        if day is not None and day == previous + 1:
            previous = day
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if day is not None:
            start = previous = day
    return ", ".join(parts)


def _as_dates(moments: Iterable[datetime]) -> list[date]:
    return [moment.date() for moment in moments]


def expand(schedule: Schedule, start: date, length_days: int) -> list[tuple[int, date]]:
    """The ``(cycle day, calendar date)`` pairs of ``schedule`` in a period of ``length_days``.

    Each pair appears once per day; ``times_per_day`` is applied by the caller.

    Raises:
        ValidationError: The schedule names a day beyond the period, or is not scheduled.
    """
    if isinstance(schedule, NotScheduled):
        raise ValidationError([Problem("schedule", schedule.describe())])
    first = datetime(start.year, start.month, start.day)
    if isinstance(schedule, OnDays):
        if schedule.days[-1] > length_days:
            raise ValidationError(
                [
                    Problem(
                        "schedule", f"day {schedule.days[-1]} is beyond a {length_days}-day period"
                    )
                ]
            )
        calendar = _as_dates(rrule(DAILY, dtstart=first, count=schedule.days[-1]))
        return [(day, calendar[day - 1]) for day in schedule.days]
    if isinstance(schedule, EveryDay):
        calendar = _as_dates(rrule(DAILY, dtstart=first, count=length_days))
        return [(index + 1, when) for index, when in enumerate(calendar)]
    if isinstance(schedule, EveryNDays):
        last = first + timedelta(days=length_days - 1)
        calendar = _as_dates(rrule(DAILY, dtstart=first, interval=schedule.interval, until=last))
        return [((when - start).days + 1, when) for when in calendar]
    found = _weekdays(schedule, start)
    if found[-1][0] > length_days:
        raise ValidationError(
            [
                Problem(
                    "schedule",
                    f"weekday {schedule.count} falls on day {found[-1][0]},"
                    f" beyond a {length_days}-day period",
                )
            ]
        )
    return found


def _weekdays(schedule: Weekdays, start: date) -> list[tuple[int, date]]:
    first = datetime(start.year, start.month, start.day)
    calendar = _as_dates(
        rrule(DAILY, dtstart=first, byweekday=(MO, TU, WE, TH, FR), count=schedule.count)
    )
    return [((when - start).days + 1, when) for when in calendar]
