"""The results of the latest day: the one rule every "latest result" reads by.

A record may hold several results of one day (two laboratories, two assays on one marrow
sample, a result entered twice). The order of a list carries no meaning, so the latest
result is never "the one listed last": it is every result of the latest day on or before
the screening date. When they agree they are read as one; when they disagree a value is
the interval they span and a call is unknown (the readers of each kind of result say
which). :func:`agreed` is the choice for a reader that needs one result.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

__all__ = ["agreed", "dated_by", "disagree", "latest_day", "yes_no_reading"]


class _Dated(Protocol):
    """Anything with a date."""

    @property
    def date(self) -> datetime.date:
        """The date of the result."""
        ...  # pragma: no cover - a protocol


_D = TypeVar("_D", bound=_Dated)
_T = TypeVar("_T")


class _YesNo(Protocol):
    """A yes/no record, dated or not."""

    @property
    def date(self) -> datetime.date | None:
        """When it was assessed (``None``: not recorded)."""
        ...  # pragma: no cover - a protocol

    @property
    def present(self) -> bool:
        """The answer."""
        ...  # pragma: no cover - a protocol


def latest_day(items: Iterable[_D], as_of: datetime.date) -> tuple[_D, ...]:
    """Every item dated on the latest day on or before ``as_of``, in listing order (empty
    when none is)."""
    best: datetime.date | None = None
    found: list[_D] = []
    for item in items:
        when = item.date
        if when > as_of:
            continue
        if best is None or when > best:
            best = when
            found = [item]
        elif when == best:
            found.append(item)
    return tuple(found)


def agreed(items: Sequence[_D], reading: Callable[[_D], object]) -> _D | None:
    """The first of ``items`` when every one reads the same (``reading``), else ``None``
    (also when there is none)."""
    if not items:
        return None
    first = reading(items[0])
    for item in items[1:]:
        if reading(item) != first:
            return None
    return items[0]


def disagree(when: datetime.date) -> str:
    """The remark on a fact left unknown (or an interval) because the results of ``when``
    disagree."""
    return f"results of {when.isoformat()} disagree"


def dated_by(
    items: tuple[_T, ...], when: Callable[[_T], datetime.date], as_of: datetime.date
) -> tuple[_T, ...]:
    """The items whose date (``when``) is on or before ``as_of``, by that date (listing
    order on ties: the sort is stable)."""
    kept = [item for item in items if when(item) <= as_of]
    if len(kept) > 1:
        kept.sort(key=when)
    return tuple(kept)


def yes_no_reading(
    records: Iterable[_YesNo],
    *,
    state: bool,
    history: bool,
    current_from: datetime.date | None,
    as_of: datetime.date | None,
) -> tuple[bool | None, datetime.date | None]:
    """The answer of the records of one condition by the latest-day rule, and the day
    whose records disagree when that leaves it ``None`` (the rules:
    :func:`allmodel.model._conditions.condition_present`; ``state`` and ``history`` say
    which kind of condition it is)."""
    latest: datetime.date | None = None
    day: set[bool] = set()  # the answers of the latest dated day
    undated: set[bool] = set()
    for record in records:
        when = record.date
        if when is not None and as_of is not None and when > as_of:
            continue  # recorded after the date asked about
        if history and record.present:
            return True, None  # a history recorded present stays present
        if when is None:
            undated.add(record.present)
        elif latest is None or when > latest:
            latest = when
            day = {record.present}
        elif when == latest:
            day.add(record.present)
    if len(day) > 1 and latest is not None:  # the latest day disagrees: unknown
        stale = current_from is not None and (state or history) and latest < current_from
        return None, None if stale else latest  # the day only when it is current
    if current_from is not None and (state or history):
        if latest is None or latest < current_from:
            return None, None  # nothing current: unknown, however much is on file
        if undated - day:
            return None, None
        return day.pop(), None
    answers = undated | day
    if len(answers) == 1:
        return answers.pop(), None
    return None, None
