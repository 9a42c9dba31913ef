"""Calendar-month arithmetic: the computations behind :mod:`allmodel.dates`.

The public functions, with their conventions and argument checks, are in
:mod:`allmodel.dates`; this private module holds what they compute and what the facts
read in their inner loops, on dates already checked. It is one of the modules the
compiled build compiles (README, "Compiled build"), so it defines nothing public: a
compiled function has no docstring or signature to show.
"""

from __future__ import annotations

from datetime import date

__all__ = ["calendar_months", "month_length", "shift", "whole_months"]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_length(year: int, month: int) -> int:
    """The days of ``month`` (1 to 12) in ``year``."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def shift(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clipped to the month's end."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month0 + 1
    return date(year, month, min(start.day, month_length(year, month)))


def whole_months(start: date, end: date) -> int:
    """Completed months from ``start`` to ``end``; same result as dateutil's relativedelta.

    The months between the two calendar months, less one when ``end`` falls before the
    day ``start`` reaches in ``end``'s month (its day of the month, clipped to the month's
    end), more one for an earlier ``end`` after that day: counting back or forward one
    month never needs a second step, because the day is in ``end``'s own month.
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    day = start.day
    if day > 28:  # only days after the 28th can be clipped
        day = min(day, month_length(end.year, end.month))
    if end >= start:
        if end.day < day:
            months -= 1
    elif end.day > day:
        months += 1
    return months


def calendar_months(start: date, end: date) -> float:
    """:func:`allmodel.dates.calendar_months` (the whole months of :func:`whole_months`
    and the share of the following calendar month elapsed)."""
    if end < start:
        return -calendar_months(end, start)
    whole = whole_months(start, end)
    # ``start`` plus ``whole`` months falls on day ``anchor`` of a month of ``length``
    # days, and plus one more month on day ``following`` of the next month; ``end`` lies
    # between the two (in either month), so the days are counted within those two months
    # (the same counts as subtracting the dates, without making them)
    year, month0 = divmod(start.month - 1 + whole, 12)
    year += start.year
    length = month_length(year, month0 + 1)
    anchor = start.day if start.day <= length else length
    next_year, next_month0 = divmod(month0 + 1, 12)
    following = month_length(year + next_year, next_month0 + 1)
    following = start.day if start.day <= following else following
    elapsed = end.day - anchor if end.month == month0 + 1 else length - anchor + end.day
    return whole + elapsed / (length - anchor + following)
