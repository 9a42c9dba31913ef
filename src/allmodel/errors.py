"""The exceptions allmodel raises, all rooted at :class:`AllModelError`.

The tree::

    AllModelError
     ├── ValidationError (also ValueError)   a value breaks a documented constraint
     │    ├── UnitError                       an unknown unit, or one of the wrong dimension
     │    ├── ChronologyError                 dates out of order, before birth, or after ``as_of``
     │    └── DocumentError                   a JSON document with one or more problems
     ├── RuleError (also ValueError)         a criteria set or ruleset that cannot be used
     └── PlanningError (also ValueError)     a dose plan that cannot be made safely

Every :class:`ValidationError` carries ``problems``: one :class:`Problem` per broken
constraint, each with the path of the offending field (``weight``,
``course.relapses[0].date``; absolute ``$.labs[3].unit`` in a :class:`DocumentError`)
and a message naming the constraint and, unless the field identifies the patient,
the value. Identifiers and dates of birth never appear in a message.

Ineligibility is never an exception: screening returns results.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "AllModelError",
    "ArgumentError",
    "ChronologyError",
    "DocumentError",
    "FhirError",
    "PlanningError",
    "Problem",
    "RuleError",
    "UnitError",
    "ValidationError",
]


@attrs.frozen
class Problem:
    """One broken constraint: where it is (a field path) and what is wrong.

    Args:
        path: Dotted path of the field, relative to the object that was checked
            (``course.relapses[0].date``) or absolute in a document (``$.labs[3].unit``).
            Empty when the problem concerns the object as a whole.
        message: What is wrong, naming the constraint and (when it is not identifying)
            the offending value.
    """

    path: str
    message: str

    def prefixed(self, prefix: str) -> Problem:
        """Return this problem with ``prefix`` joined in front of its path."""
        if not self.path:
            return Problem(prefix, self.message)
        if self.path.startswith("["):
            return Problem(f"{prefix}{self.path}", self.message)
        return Problem(f"{prefix}.{self.path}" if prefix else self.path, self.message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class AllModelError(Exception):
    """Root of every exception raised by allmodel."""


class ValidationError(AllModelError, ValueError):
    """A value breaks a documented constraint.

    Args:
        problems: The problems found; a plain string is taken as a single problem
            without a path.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            found: tuple[Problem, ...] = (Problem("", problems),)
        else:
            found = tuple(problems)
        if not found:
            raise ValueError("a ValidationError needs at least one problem")
        self.problems = found
        super().__init__(self._render())

    def _render(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def prefixed(self, prefix: str) -> ValidationError:
        """Return an error of the same class whose problem paths start with ``prefix``."""
        return type(self)(problem.prefixed(prefix) for problem in self.problems)


class ArgumentError(ValidationError, TypeError):
    """An argument of the wrong type for a public function (a ``datetime`` where a
    ``date`` is required, a string where a sequence of option ids is); the problem's path
    is the argument's name. Also a ``TypeError``."""


class UnitError(ValidationError):
    """A unit string that is no table code, alias or UCUM; a lookalike; or of a wrong dimension."""


class ChronologyError(ValidationError):
    """Dates out of order: before birth, before diagnosis, end before start, or after ``as_of``."""


class DocumentError(ValidationError):
    """A JSON document that could not be read, listing every problem with its JSON path.

    The paths are absolute, rooted at ``$`` (``$.labs[3].unit``).
    """


class FhirError(ValidationError):
    """FHIR input that allmodel cannot read, listing every problem with its FHIR path.

    The paths are FHIRPath-style, rooted at the resource type of the input
    (``Bundle.entry[3].resource.valueQuantity.code``); where a model constraint broke, the
    model's own path follows in parentheses.
    """


class RuleError(AllModelError, ValueError):
    """A criteria set or ruleset that cannot be used (unknown fact, wrong unit, bad shape)."""


class PlanningError(AllModelError, ValueError):
    """A dose plan that cannot be made safely (missing body size, withdrawn regimen, ...)."""
