"""What the subcommands of ``allmodel`` share: exit codes, usage errors, the parser class,
the handler signature, and loading and reporting a patient file with one line per problem.

A subcommand group is a function that adds parsers to the ``commands`` of the
top-level parser (:data:`Commands`), each with a :data:`Handler` as its ``handler``
default; :mod:`allmodel.cli` lists those functions and runs the handler chosen.
"""

from __future__ import annotations

import argparse
import glob
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeAlias

from allmodel.errors import AllModelError, DocumentError, FhirError, ValidationError
from allmodel.io import load_patient
from allmodel.io.fhir import patient_from_fhir
from allmodel.model._patient import Patient

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "Commands",
    "Handler",
    "Parser",
    "UsageError",
    "as_of_date",
    "date_argument",
    "expand",
    "internal_error",
    "load",
    "one_line",
    "print_error",
    "print_internal",
    "print_problems",
    "worst",
]

#: Exit codes (see :mod:`allmodel.cli`).
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE in sysexits.h: a bug in allmodel, not bad input

#: Library wording of keyword arguments, and the command's flags that set them.
_FLAGS = {
    "allow_withdrawn=True": "--allow-withdrawn",
    "allow_incomplete=True": "--allow-incomplete",
    "duration_days": "--duration-days",
}


class UsageError(Exception):
    """A problem with the command line itself (exit 2)."""


class Parser(argparse.ArgumentParser):
    """An argument parser that raises :class:`UsageError` instead of exiting."""

    def error(self, message: str) -> Any:  # argparse's default prints usage and exits 2
        raise UsageError(message)


def date_argument(text: str) -> date:
    """An argument's date (``YYYY-MM-DD``), for ``type=`` of a parser argument."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def as_of_date(args: argparse.Namespace, err: TextIO, today: Callable[[], date]) -> date:
    """``--as-of``, or today's date (said on stderr)."""
    if args.as_of is not None:
        chosen: date = args.as_of
        return chosen
    found = today()
    print(f"allmodel: no --as-of given; using today's date, {found.isoformat()}", file=err)
    return found


def expand(paths: Sequence[str], suffixes: Sequence[str] = ()) -> list[Path]:
    """Files named, JSON files (and files of ``suffixes``) in named folders, and glob
    matches, in a stable order (a folder's files by name)."""
    found: list[Path] = []
    kept = (".json", *suffixes)
    for item in paths:
        path = Path(item)
        if path.is_dir():
            files = (child for child in path.iterdir() if child.is_file())
            found.extend(sorted(child for child in files if child.suffix in kept))
        elif any(ch in item for ch in "*?["):
            found.extend(sorted(Path(match) for match in glob.glob(item)))
        else:
            found.append(path)
    return found


#: Characters that str.splitlines() (and terminals) take as line breaks.
_LINE_BREAKS = str.maketrans(
    {char: f"\\x{ord(char):02x}" for char in "\n\r\v\f\x1c\x1d\x1e\x85"}
    | {"\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def one_line(text: str) -> str:
    """Text on one printable line: line breaks and lone surrogates escaped."""
    escaped = text.translate(_LINE_BREAKS)
    return escaped.encode("utf-8", "backslashreplace").decode("utf-8")


def print_problems(name: str, error: ValidationError | DocumentError, err: TextIO) -> None:
    """One line on stderr per problem, each after the file's ``name``."""
    for problem in error.problems:
        print(one_line(f"{name}: {problem}"), file=err)


def internal_error(error: BaseException) -> str:
    """Where an unexpected exception was raised: its type and innermost frame, no message.

    The message is left out because it might quote a value from a patient document.
    """
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        where = f" in {Path(last.filename).name}:{last.lineno} ({last.name})"
    return (
        f"internal error: {type(error).__name__}{where}; this is a bug in allmodel, "
        "please report it"
    )


def print_internal(name: str, error: BaseException, err: TextIO) -> None:
    """One line on stderr for a bug met on file ``name`` (see :func:`internal_error`)."""
    print(one_line(f"{name}: {internal_error(error)}"), file=err)


def print_error(name: str, error: AllModelError, err: TextIO) -> None:
    """One line per problem of a validation error; any other error on one line."""
    if isinstance(error, ValidationError):
        print_problems(name, error, err)
    else:
        text = " ".join(str(error).split())
        for argument, flag in _FLAGS.items():  # speak the command's language, not Python's
            text = text.replace(argument, flag)
        print(one_line(f"{name}: {text}"), file=err)


def load(
    path: Path,
    err: TextIO,
    as_of: date | None = None,
    *,
    document: bytes | None = None,
    fhir: bool = False,
) -> Patient | None:
    """Load a patient file (or, when given, ``document``, named ``path`` in messages).

    With ``fhir`` the input is FHIR R4 (``as_of`` is then required): when the reader left
    codes unmapped, one line on stderr says how many and how to list them.
    """
    source = path if document is None else document
    try:
        if not fhir:
            return load_patient(source, as_of=as_of)
        assert as_of is not None
        read = patient_from_fhir(source, as_of=as_of)
    except (DocumentError, FhirError) as error:
        print_problems(str(path), error, err)
        return None
    unmapped = len(read.report.unmapped)
    if unmapped:
        print(
            f"{path}: {unmapped} FHIR code(s) not mapped"
            f" ('allmodel fhir read {path} --as-of {as_of}' lists them)",
            file=err,
        )
    return read.patient


def worst(status: int, other: int) -> int:
    """The exit status of a run from two parts: internal error > invalid input > success."""
    order = (EXIT_OK, EXIT_INVALID, EXIT_INTERNAL)
    return max(status, other, key=order.index)


#: A subcommand's handler: ``(args, stdout, stderr, today) -> exit code``.
Handler: TypeAlias = Callable[[argparse.Namespace, TextIO, TextIO, Callable[[], date]], int]

#: The subcommands of the top-level parser, to which each group adds its parsers.
Commands: TypeAlias = "argparse._SubParsersAction[Parser]"
