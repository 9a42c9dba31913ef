"""Calendar arithmetic for ages and intervals, with the conventions named.

allmodel measures clinical intervals in **calendar months** (decision-6):
``relativedelta`` from python-dateutil counts whole months and years the way
a calendar does, and a partial month is the fraction of the next calendar month elapsed.
A second measure, :func:`months_elapsed_30_4375` (days / 30.4375, the average Gregorian
month), exists for protocols that define months that way; no rule of the default ruleset
uses it.

Conventions:

* Month-end clipping: one month after 31 January is 28 (or 29) February, exactly as
  python-dateutil's ``relativedelta`` counts (tests check the two agree).
* A person born on 29 February is a year older on 28 February in common years
  (dateutil's clipping), not on 1 March. Jurisdictions differ on that day: the age facts
  (:mod:`allmodel.facts`) hold both readings then.
* Only ``datetime.date`` is accepted; clinical dates carry no time of day.
"""

from __future__ import annotations

from datetime import date, datetime

from allmodel import _calendar
from allmodel.errors import ArgumentError, ChronologyError, Problem

__all__ = [
    "add_months",
    "age_in_years",
    "calendar_months",
    "months_elapsed_30_4375",
    "require_date",
    "whole_calendar_months",
]

#: The mean Gregorian month in days (365.2425 / 12 would be 30.436875; 30.4375 is the
#: Julian-year month used by pint and many protocols).
DAYS_PER_AVERAGE_MONTH = 30.4375


def require_date(value: date, name: str) -> date:
    """``value`` when it is a plain ``datetime.date``.

    Raises:
        ArgumentError: At ``name``: a ``datetime`` (clinical dates carry no time of day,
            and comparing one with a date fails deep inside a computation) or any other
            type.
    """
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ArgumentError([Problem(name, f"must be a datetime.date, not {type(value).__name__}")])
    return value


def age_in_years(born: date, on: date) -> int:
    """Completed years of age on a date (truncated, as ages are spoken).

    Raises:
        ChronologyError: ``on`` is before ``born``. The message never shows either date.
    """
    require_date(born, "born")
    require_date(on, "on")
    if on < born:
        raise ChronologyError([Problem("date_of_birth", "is after the date of assessment")])
    return _calendar.whole_months(born, on) // 12


def whole_calendar_months(start: date, end: date) -> int:
    """Completed calendar months from ``start`` to ``end`` (negative if ``end`` is earlier).

    Agrees with ``relativedelta(end, start)`` (years x 12 + months) from python-dateutil,
    computed without building relativedelta objects (this runs once per fact per patient).
    """
    return _calendar.whole_months(require_date(start, "start"), require_date(end, "end"))


def add_months(start: date, months: int) -> date:
    """``start`` plus a whole number of calendar months, clipping to the month's end."""
    return _calendar.shift(require_date(start, "start"), months)


def calendar_months(start: date, end: date) -> float:
    """Calendar months from ``start`` to ``end``, with the partial month as a fraction.

    The whole months are those of :func:`whole_calendar_months`; the remainder is the
    share of the following calendar month elapsed. The result is exactly ``n`` when
    ``end`` is ``n`` calendar months after ``start``, and strictly greater one day
    later, so ``calendar_months(a, b) > 24`` means "more than two years".
    Negative when ``end`` is before ``start``.
    """
    return _calendar.calendar_months(start, end)


def months_elapsed_30_4375(start: date, end: date) -> float:
    """Days from ``start`` to ``end`` divided by 30.4375 (a protocol-style month)."""
    return (require_date(end, "end") - require_date(start, "start")).days / DAYS_PER_AVERAGE_MONTH
