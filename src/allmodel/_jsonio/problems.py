"""Turn cattrs' nested structuring errors into flat problems with JSON paths.

cattrs (with detailed validation) raises a tree of exception groups whose notes name the
attribute or index at each level. This module walks that tree and produces one
:class:`~allmodel.errors.Problem` per leaf, with an absolute path such as
``$.labs[3].unit``. allmodel's own validation errors carry paths relative to the object
that raised them; they are joined to the object's path.

A key that is a plain name is joined with a dot (``$.labs``); any other key is written in
brackets as a JSON string with ASCII escapes (``$["lab results"]``, ``$["x\\ud800"]``), so
that a path is always one printable line, whatever the document's keys hold.
"""

from __future__ import annotations

import json
import re

from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from allmodel.errors import Problem, ValidationError

__all__ = ["key_path", "key_segment", "problems_from"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_segment(key: str) -> str:
    """The path segment of an object key: ``.name``, or ``["..."]`` for any other key.

    The bracket form is a JSON string with ASCII escapes, so control characters, line
    separators and lone surrogates in a key never reach a message unescaped.
    """
    if _NAME.fullmatch(key):
        return f".{key}"
    return f"[{json.dumps(key)}]"


def key_path(path: str, key: str) -> str:
    """The path of ``key`` in the object at ``path`` (``$`` + ``labs`` gives ``$.labs``)."""
    return f"{path}{key_segment(key)}"


def problems_from(error: BaseException, path: str = "$") -> list[Problem]:
    """Flatten a structuring error into problems with absolute JSON paths."""
    found: list[Problem] = []
    _walk(error, path, found)
    return found


def _walk(error: BaseException, path: str, found: list[Problem]) -> None:
    if isinstance(error, IterableValidationError):
        with_notes, without = error.group_exceptions()
        for child, item_note in with_notes:
            _walk(child, f"{path}[{item_note.index}]", found)
        for child in without:
            _leaf(child, path, found)
    elif isinstance(error, ClassValidationError):
        field_notes, others = error.group_exceptions()
        for child, field_note in field_notes:
            _walk(child, f"{path}.{field_note.name}", found)
        for child in others:
            _leaf(child, path, found)
    else:
        _leaf(error, path, found)


def _leaf(error: BaseException, path: str, found: list[Problem]) -> None:
    if isinstance(error, (IterableValidationError, ClassValidationError)):
        _walk(error, path, found)
    elif isinstance(error, ValidationError):
        found.extend(problem.prefixed(path) for problem in error.problems)
    elif isinstance(error, ForbiddenExtraKeysError):
        extra = sorted(error.extra_fields, key=str)
        found.extend(Problem(key_path(path, str(key)), "unknown key") for key in extra)
    elif isinstance(error, KeyError):
        found.append(Problem(path, "required field missing"))
    elif isinstance(error, AttributeError):
        found.append(Problem(path, "expected an object"))
    else:
        found.append(Problem(path, f"invalid value ({type(error).__name__})"))
