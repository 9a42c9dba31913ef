"""The source coverage of the catalogue's options, read from package data.

``coverage/therapies.json`` and ``coverage/trials.json`` map each option id to its
entries: every condition of the option's sources (a label's indication, a trial's entry
criteria, the review's conditions) with what the option's criteria do about it (encoded
by a node, not applicable, deliberately not encoded, or unconfirmed; see
:class:`~allmodel.criteria.Coverage`). :func:`with_coverage` attaches them when the
catalogue's option lists are assembled, so each option is checked against its coverage
(every rule a node of its tree, every source resolvable, no excluding condition left
unencoded).
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files

import attrs

from allmodel.criteria import Coverage, CoverageStatus, Option
from allmodel.errors import RuleError

__all__ = ["coverage_of", "with_coverage"]

_FILES = ("therapies.json", "trials.json")


@functools.cache
def _table() -> dict[str, tuple[Coverage, ...]]:
    table: dict[str, tuple[Coverage, ...]] = {}
    for name in _FILES:
        text = files("allmodel.catalogue").joinpath("coverage", name).read_text("utf-8")
        for option_id, entries in json.loads(text).items():
            table[option_id] = tuple(
                Coverage(
                    source=entry["source"],
                    condition=entry["condition"],
                    excluding=entry["excluding"],
                    status=CoverageStatus(entry["status"]),
                    rule=entry["rule"],
                    reason=entry["reason"],
                )
                for entry in entries
            )
    return table


def coverage_of(option_id: str) -> tuple[Coverage, ...]:
    """The coverage entries of the catalogue option ``option_id``, in the data's order.

    Raises:
        RuleError: The coverage data has no entries for ``option_id`` (every catalogue
            option has some).
    """
    try:
        return _table()[option_id]
    except KeyError:
        raise RuleError(f"no source coverage is recorded for option {option_id!r}") from None


def with_coverage(options: tuple[Option, ...]) -> tuple[Option, ...]:
    """The catalogue options with their coverage entries attached (same order).

    Raises:
        RuleError: An option has no coverage data.
        ValidationError: An entry names a rule that is not a node of its option's tree.
    """
    return tuple(attrs.evolve(option, coverage=coverage_of(option.id)) for option in options)
