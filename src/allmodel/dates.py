"""Calendar arithmetic for ages and intervals, with the conventions named.

allmodel measures clinical intervals in **calendar months** (decision 6 of the clinical
reference): ``relativedelta`` from python-dateutil counts whole months and years the way
a calendar does, and a partial month is the fraction of the next calendar month elapsed.
A second measure, :func:`months_elapsed_30_4375` (days / 30.4375, the average Gregorian
month), exists for protocols that define months that way; no rule of the default ruleset
uses it.

Conventions:

* Month-end clipping: one month after 31 January is 28 (or 29) February.
* A person born on 29 February is a year older on 28 February in common years
  (dateutil's clipping), not on 1 March.
* Only ``datetime.date`` is accepted; clinical dates carry no time of day.
"""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from allmodel.errors import ChronologyError, Problem

__all__ = [
    "add_months",
    "age_in_years",
    "calendar_months",
    "months_elapsed_30_4375",
    "whole_calendar_months",
]

#: The mean Gregorian month in days (365.2425 / 12 would be 30.436875; 30.4375 is the
#: Julian-year month used by pint and many protocols).
DAYS_PER_AVERAGE_MONTH = 30.4375


def _plain(value: date, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


def age_in_years(born: date, on: date) -> int:
    """Completed years of age on a date (truncated, as ages are spoken).

    Raises:
        ChronologyError: ``on`` is before ``born``. The message never shows either date.
    """
    _plain(born, "born")
    _plain(on, "on")
    if on < born:
        raise ChronologyError([Problem("date_of_birth", "is after the date of assessment")])
    return int(relativedelta(on, born).years)


def whole_calendar_months(start: date, end: date) -> int:
    """Completed calendar months from ``start`` to ``end`` (negative if ``end`` is earlier)."""
    delta = relativedelta(_plain(end, "end"), _plain(start, "start"))
    return int(delta.years) * 12 + int(delta.months)


def add_months(start: date, months: int) -> date:
    """``start`` plus a whole number of calendar months, clipping to the month's end."""
    return _plain(start, "start") + relativedelta(months=months)


def calendar_months(start: date, end: date) -> float:
    """Calendar months from ``start`` to ``end``, with the partial month as a fraction.

    The whole months are those of :func:`whole_calendar_months`; the remainder is the
    share of the following calendar month elapsed. The result is exactly ``n`` when
    ``end`` is ``n`` calendar months after ``start``, and strictly greater one day
    later, so ``calendar_months(a, b) > 24`` means "more than two years".
    Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -calendar_months(end, start)
    whole = whole_calendar_months(start, end)
    anchor = add_months(start, whole)
    following = add_months(start, whole + 1)
    return whole + (end - anchor).days / (following - anchor).days


def months_elapsed_30_4375(start: date, end: date) -> float:
    """Days from ``start`` to ``end`` divided by 30.4375 (a protocol-style month)."""
    return (_plain(end, "end") - _plain(start, "start")).days / DAYS_PER_AVERAGE_MONTH
