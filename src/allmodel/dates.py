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


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def _shift(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clipped to the month's end."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month0 + 1
    return date(year, month, min(start.day, _month_length(year, month)))


def _whole_months(start: date, end: date) -> int:
    """Completed months from ``start`` to ``end``; same result as dateutil's relativedelta.

    The months between the two calendar months, less one when ``end`` falls before the
    day ``start`` reaches in ``end``'s month (its day of the month, clipped to the month's
    end), more one for an earlier ``end`` after that day: counting back or forward one
    month never needs a second step, because the day is in ``end``'s own month.
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    day = start.day
    if day > 28:  # only days after the 28th can be clipped
        day = min(day, _month_length(end.year, end.month))
    if end >= start:
        if end.day < day:
            months -= 1
    elif end.day > day:
        months += 1
    return months


def age_in_years(born: date, on: date) -> int:
    """Completed years of age on a date (truncated, as ages are spoken).

    Raises:
        ChronologyError: ``on`` is before ``born``. The message never shows either date.
    """
    require_date(born, "born")
    require_date(on, "on")
    if on < born:
        raise ChronologyError([Problem("date_of_birth", "is after the date of assessment")])
    return _whole_months(born, on) // 12


def whole_calendar_months(start: date, end: date) -> int:
    """Completed calendar months from ``start`` to ``end`` (negative if ``end`` is earlier).

    Agrees with ``relativedelta(end, start)`` (years x 12 + months) from python-dateutil,
    computed without building relativedelta objects (this runs once per fact per patient).
    """
    return _whole_months(require_date(start, "start"), require_date(end, "end"))


def add_months(start: date, months: int) -> date:
    """``start`` plus a whole number of calendar months, clipping to the month's end."""
    return _shift(require_date(start, "start"), months)


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
    whole = _whole_months(start, end)
    # ``start`` plus ``whole`` months falls on day ``anchor`` of a month of ``length``
    # days, and plus one more month on day ``following`` of the next month; ``end`` lies
    # between the two (in either month), so the days are counted within those two months
    # (the same counts as subtracting the dates, without making them)
    year, month0 = divmod(start.month - 1 + whole, 12)
    year += start.year
    length = _month_length(year, month0 + 1)
    anchor = start.day if start.day <= length else length
    next_year, next_month0 = divmod(month0 + 1, 12)
    following = _month_length(year + next_year, next_month0 + 1)
    following = start.day if start.day <= following else following
    elapsed = end.day - anchor if end.month == month0 + 1 else length - anchor + end.day
    return whole + elapsed / (length - anchor + following)


def months_elapsed_30_4375(start: date, end: date) -> float:
    """Days from ``start`` to ``end`` divided by 30.4375 (a protocol-style month)."""
    return (require_date(end, "end") - require_date(start, "start")).days / DAYS_PER_AVERAGE_MONTH
