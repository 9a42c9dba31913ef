"""The mapping report: what the FHIR reader used, what it ignored and why, what it could not map.

Every resource of the input appears in the report at least once, with its FHIR path: as
*used* (and the model field it went to), *ignored* (with the reason: a resource type
allmodel does not read, a result without a date, a record superseded by a later one) or
*unmapped* (a code allmodel's code tables do not hold: the reader names the system and
code it saw). Nothing the reader skips is skipped silently. Patient identifiers and
dates of birth never appear in it.
"""

from __future__ import annotations

import enum
from collections import Counter
from typing import Any

import attrs

__all__ = ["MappingEntry", "MappingReport", "Outcome", "entry_index", "entry_indexes"]


#: The index of each path seen: the same paths (``Bundle.entry[3].resource.code``) come
#: back in every Bundle of one shape, and a lookup costs less than reading the digits.
_INDEXES: dict[str, int] = {}
_INDEXES_MAX = 16384


def entry_index(path: str) -> int:
    """The index of the Bundle entry (or list item) a FHIR path is in; 0 for a lone resource.

    The index is that of a path starting ``Bundle.entry[i]`` or ``[i]``, read without a
    regular expression: it is asked for every entry of every report (and remembered, up to
    :data:`_INDEXES_MAX` paths, then forgotten).
    """
    known = _INDEXES.get(path)
    if known is None:
        known = _read_index(path)
        if len(_INDEXES) >= _INDEXES_MAX:
            _INDEXES.clear()
        _INDEXES[path] = known
    return known


def entry_indexes(paths: list[str]) -> list[int]:
    """:func:`entry_index` of each path (one call for a whole report)."""
    known = _INDEXES.get
    found: list[int] = []
    for path in paths:
        index = known(path)
        found.append(entry_index(path) if index is None else index)
    return found


def _read_index(path: str) -> int:
    if path.startswith("Bundle.entry["):
        start = 13
    elif path.startswith("["):
        start = 1
    else:
        return 0
    end = path.find("]", start)
    digits = path[start:end]
    return int(digits) if end > start and digits.isdecimal() else 0


class Outcome(enum.StrEnum):
    """What the reader did with an element."""

    USED = "used"
    IGNORED = "ignored"
    UNMAPPED = "unmapped"


@attrs.frozen
class MappingEntry:
    """One element of the input and what became of it.

    Args:
        path: The element's FHIR path (``Bundle.entry[3].resource.valueQuantity``).
        outcome: Used, ignored or unmapped.
        detail: For a used element, the model field it filled (``labs[2]``,
            ``disease.lineage``); otherwise why it was not used, or the code that could not
            be mapped (``LOINC 58410-2``).
    """

    path: str
    outcome: Outcome
    detail: str

    def __str__(self) -> str:
        return f"{self.outcome.value:8} {self.path}: {self.detail}"


@attrs.frozen(repr=False)
class MappingReport:
    """Everything :func:`~allmodel.io.fhir.patient_from_fhir` did with its input, in input order."""

    entries: tuple[MappingEntry, ...] = ()

    def __repr__(self) -> str:
        counts = Counter(entry.outcome for entry in self.entries)
        return (
            "MappingReport("
            + ", ".join(f"{outcome.value}={counts.get(outcome, 0)}" for outcome in Outcome)
            + ")"
        )

    def with_outcome(self, outcome: Outcome) -> tuple[MappingEntry, ...]:
        """The entries of one outcome, in input order."""
        return tuple(entry for entry in self.entries if entry.outcome is outcome)

    @property
    def used(self) -> tuple[MappingEntry, ...]:
        """Elements read into the patient."""
        return self.with_outcome(Outcome.USED)

    @property
    def ignored(self) -> tuple[MappingEntry, ...]:
        """Elements deliberately not read, each with its reason."""
        return self.with_outcome(Outcome.IGNORED)

    @property
    def unmapped(self) -> tuple[MappingEntry, ...]:
        """Codes the reader could not map, each with its path."""
        return self.with_outcome(Outcome.UNMAPPED)

    def at(self, path: str) -> tuple[MappingEntry, ...]:
        """The entries for ``path`` and the elements below it."""
        return tuple(
            entry
            for entry in self.entries
            if entry.path == path or entry.path.startswith((f"{path}.", f"{path}["))
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form: counts by outcome and every entry."""
        counts = Counter(entry.outcome.value for entry in self.entries)
        return {
            "counts": {outcome.value: counts.get(outcome.value, 0) for outcome in Outcome},
            "entries": [
                {"path": e.path, "outcome": e.outcome.value, "detail": e.detail}
                for e in self.entries
            ],
        }

    def __str__(self) -> str:
        counts = Counter(entry.outcome for entry in self.entries)
        head = ", ".join(f"{counts.get(outcome, 0)} {outcome.value}" for outcome in Outcome)
        return "\n".join([f"FHIR mapping: {head}", *(f"  {entry}" for entry in self.entries)])
