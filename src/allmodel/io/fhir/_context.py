"""What the FHIR reader and writer carry while they work.

:class:`ReadContext` collects, per model field, the values the domain readers found (each
with the FHIR path it came from), the mapping report and the problems; the orchestrator
(:mod:`allmodel.io.fhir._read`) assembles the :class:`~allmodel.model.Patient` from it.
:class:`WriteContext` collects the resources of the Bundle being written.

Model fields are named by their path from the patient: ``sex``, ``disease.lineage``,
``course.treatment_lines``, ``labs``. A *single* field holds one value: an undated one
(``sex``) must agree wherever it is given, a dated one (``ecog``) keeps the latest by date
and reports the others as superseded. A *list* field gets every value, in input order.
"""

from __future__ import annotations

import uuid
from datetime import date
from types import TracebackType
from typing import Any

import attrs

from allmodel.errors import FhirError, Problem, ValidationError
from allmodel.io.fhir._input import FhirInput, Resource
from allmodel.io.fhir._report import MappingEntry, Outcome

__all__ = ["ReadContext", "WriteContext"]


# The outcomes, read once (an enum member read from its class costs a call in Python 3.11).
_USED, _IGNORED, _UNMAPPED = Outcome.USED, Outcome.IGNORED, Outcome.UNMAPPED


@attrs.define
class _Single:
    value: Any
    path: str
    when: date | None


class _Reading:
    """The context manager of :meth:`ReadContext.reading` (a class: it is entered for
    every resource read, and a generator-based one costs several times more)."""

    __slots__ = ("_context", "_path")

    def __init__(self, context: ReadContext, path: str) -> None:
        self._context = context
        self._path = path

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if isinstance(error, (FhirError, ValidationError)):
            self._context.absorb(error, self._path)
            return True
        return False


@attrs.define
class ReadContext:
    """The reader's working state (see the module docstring)."""

    as_of: date
    input: FhirInput
    entries: list[MappingEntry] = attrs.field(factory=list)
    problems: list[Problem] = attrs.field(factory=list)
    singles: dict[str, _Single] = attrs.field(factory=dict)
    lists: dict[str, list[tuple[Any, str]]] = attrs.field(factory=dict)
    #: Scratch space of the domain readers, by domain name (medication statements waiting
    #: to be grouped into lines, for example); read by their ``finish`` step.
    scratch: dict[str, list[Any]] = attrs.field(factory=dict)

    # -- the report ---------------------------------------------------------------------
    def use(self, path: str, field: str) -> None:
        """Report that the element at ``path`` filled the model field ``field``."""
        self.entries.append(MappingEntry(path, _USED, field))

    def ignore(self, path: str, reason: str) -> None:
        """Report that the element at ``path`` was not read, and why."""
        self.entries.append(MappingEntry(path, _IGNORED, reason))

    def unmapped(self, path: str, detail: str) -> None:
        """Report a code at ``path`` that allmodel's tables do not hold (``detail`` names it)."""
        self.entries.append(MappingEntry(path, _UNMAPPED, detail))

    def problem(self, path: str, message: str) -> None:
        """Record a problem that makes the input unreadable (raised once reading ends)."""
        self.problems.append(Problem(path, message))

    def reading(self, path: str) -> _Reading:
        """Turn a :class:`FhirError` or a model :class:`ValidationError` inside into problems
        at ``path`` (a model problem keeps its model path in parentheses), so that reading
        goes on and every problem of the input is reported at once."""
        return _Reading(self, path)

    def absorb(self, error: FhirError | ValidationError, path: str) -> None:
        """Record the problems of ``error``, raised while reading at ``path``, as
        :meth:`reading` does (readers on the hot path catch the error themselves: a
        ``try`` costs nothing when nothing is raised, a context manager costs calls)."""
        if isinstance(error, FhirError):
            self.problems.extend(error.problems)
            return
        self.problems.extend(
            Problem(path, f"({p.path}) {p.message}" if p.path else p.message)
            for p in error.problems
        )

    # -- model fields -------------------------------------------------------------------
    def set(self, field: str, value: Any, path: str, *, when: date | None = None) -> None:
        """Give the single model field ``field`` a value read at ``path``.

        With ``when`` (the value's date) the latest value wins and the other is reported
        as superseded; two values on the same date that differ are a problem. Without
        ``when``, a second value must equal the first.
        """
        held = self.singles.get(field)
        if held is None:
            self.singles[field] = _Single(value, path, when)
            self.use(path, field)
            return
        if when is not None and held.when is not None and when != held.when:
            newer, older = (_Single(value, path, when), held) if when > held.when else (held, None)
            if older is None:
                self.ignore(path, f"{field}: superseded by the later {held.path}")
                return
            self.singles[field] = newer
            self.entries = [
                MappingEntry(e.path, Outcome.IGNORED, f"{field}: superseded by the later {path}")
                if e.path == older.path and e.outcome is Outcome.USED and e.detail == field
                else e
                for e in self.entries
            ]
            self.use(path, field)
            return
        if held.value == value:
            self.use(path, field)
            return
        self.problem(path, f"gives {field} a value that conflicts with {held.path}")

    def add(self, field: str, value: Any, path: str) -> None:
        """Append ``value``, read at ``path``, to the list field ``field``."""
        items = self.lists.setdefault(field, [])
        self.use(path, f"{field}[{len(items)}]")
        items.append((value, path))

    def resource(self, reference: str, within: Resource | None = None) -> Resource | None:
        """The input resource ``reference`` points to, if it is in the input."""
        return self.input.resolve(reference, within)


_NAMESPACE = uuid.UUID("6f1d2c8e-3b7a-5d4e-9a0b-1c2d3e4f5a6b")


@attrs.define
class WriteContext:
    """The Bundle being written: its entries, in order, and the patient's reference."""

    entries: list[dict[str, Any]] = attrs.field(factory=list)

    @property
    def patient_reference(self) -> dict[str, str]:
        """The ``Reference`` to the Bundle's Patient (its first entry)."""
        return {"reference": self.full_url(0)}

    @staticmethod
    def full_url(index: int) -> str:
        """The ``fullUrl`` of entry ``index``: a ``urn:uuid`` derived from the index only,
        so that the same patient always gives the same Bundle and no identifier leaks."""
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, str(index))}"

    def add(self, resource: dict[str, Any]) -> dict[str, str]:
        """Append ``resource`` (given an ``id``) and return a ``Reference`` to it."""
        index = len(self.entries)
        url = self.full_url(index)
        resource = {"resourceType": resource["resourceType"], "id": url[9:], **resource}
        self.entries.append({"fullUrl": url, "resource": resource})
        return {"reference": url}
