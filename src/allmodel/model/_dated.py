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

__all__ = ["agreed", "disagree", "latest_day"]


class _Dated(Protocol):
    """Anything with a date."""

    @property
    def date(self) -> datetime.date:
        """The date of the result."""
        ...  # pragma: no cover - a protocol


_D = TypeVar("_D", bound=_Dated)


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
