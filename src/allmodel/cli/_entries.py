"""The documents a command reads: files, folders and globs named on the command line, and
``-`` for the documents on stdin (JSON Lines, or one document).

``screen`` and ``validate`` read patients this way: a ``.json`` file is one document,
named on stderr by its path and keyed in the output by its name without the suffix; a
``.jsonl`` or ``.ndjson`` file one document per line, named ``path:N`` and keyed
``name:N`` (as :func:`allmodel.cohort.read_patients` does); stdin's documents are named
and keyed ``stdin:N`` by the line they start on. A folder gives its ``.json``, ``.jsonl``
and ``.ndjson`` files in name order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

from allmodel.cli._common import UsageError, expand
from allmodel.io import MAX_DOCUMENT_SIZE
from allmodel.io._documents import JSON_LINES

__all__ = ["STDIN", "Entry", "named_entries", "read_stdin", "stdin_entries"]

#: Where ``-`` (stdin) goes among the document arguments.
STDIN = "-"

#: The longest line read: a document of ``MAX_DOCUMENT_SIZE`` and its ``"\r\n"``.
_LINE_LIMIT = MAX_DOCUMENT_SIZE + 2


class Entry(NamedTuple):
    """A patient to screen: its name on stderr, its key in the output, its document.

    ``document`` is ``None`` for a file, read (in the worker) from the path ``label``.
    """

    label: str
    key: str
    document: bytes | None


def stdin_entries(stream: BinaryIO) -> Iterator[Entry]:
    """The patient documents on stdin: JSON Lines, or one JSON document.

    The first line that is not blank decides: a whole object on one line (``{...}``)
    starts JSON Lines, one document per line (blank lines skipped); anything else
    starts one document, the whole input. Each document is named ``stdin:N`` after the
    line it starts on. A line or document longer than ``MAX_DOCUMENT_SIZE`` is cut
    there and reported as too large by the reader; the rest of it is skipped.

    Raises:
        UsageError: stdin holds no document (read before anything is written).
    """
    limit = _LINE_LIMIT
    number = 0
    for line in iter(lambda: stream.readline(limit), b""):
        number += 1
        if line.strip():
            break
    else:
        raise UsageError("no patient document on stdin")
    stripped = line.strip()
    if not (stripped.startswith(b"{") and stripped.endswith(b"}")):
        rest = stream.read(limit - len(line)) if len(line) < limit else b""
        return iter([Entry(f"stdin:{number}", f"stdin:{number}", line + rest)])
    return _json_lines(stream, line, number, "stdin", "stdin")


def _json_lines(
    stream: BinaryIO, first: bytes, number: int, label: str, key: str
) -> Iterator[Entry]:
    """The documents of a JSON Lines stream from line ``number`` (which is ``first``),
    named ``label:N`` on stderr and keyed ``key:N``; blank lines skipped, a line longer
    than ``MAX_DOCUMENT_SIZE`` cut there (the reader reports it as too large)."""
    limit = _LINE_LIMIT
    line = first
    while line:
        if len(line) == limit and not line.endswith(b"\n"):  # too long: skip the rest
            for tail in iter(lambda: stream.readline(limit), b""):
                if tail.endswith(b"\n"):
                    break
        if line.strip():
            yield Entry(f"{label}:{number}", f"{key}:{number}", line.rstrip(b"\r\n"))
        line = stream.readline(limit)
        number += 1


def _file_entries(path: Path) -> Iterator[Entry]:
    """A JSON file's one document, read later from its path; a JSON Lines file's
    documents, one per line (named ``path:N``, keyed ``name:N``), read now. A JSON Lines
    file that cannot be opened is left to the reader, which reports it."""
    if path.suffix not in JSON_LINES:
        yield Entry(str(path), path.stem, None)
        return
    try:
        stream = path.open("rb")
    except OSError:
        yield Entry(str(path), path.stem, None)
        return
    with stream:
        yield from _json_lines(stream, stream.readline(_LINE_LIMIT), 1, str(path), path.stem)


def named_entries(names: Sequence[str], stdin: BinaryIO) -> tuple[Iterable[Entry], int | None]:
    """The documents of the files, folders and globs ``names``, in order, ``-`` (once)
    standing for the documents on stdin; and how many (``None`` with stdin: not known
    before it is read). Files are listed now; stdin is read as the entries are.

    Raises:
        UsageError: ``-`` given twice, or no document found (and no ``-``).
    """
    if list(names).count(STDIN) > 1:
        raise UsageError("'-' (stdin) can be given once")
    parts: list[Iterable[Entry]] = []
    count = 0
    lines = False  # a JSON Lines file: how many documents is known only once it is read
    for item in names:
        if item == STDIN:
            parts.append(stdin_entries(stdin))
            continue
        files = expand([item], JSON_LINES)
        lines = lines or any(path.suffix in JSON_LINES for path in files)
        count += len(files)
        parts.extend(_file_entries(path) for path in files)
    if STDIN not in names and not count:
        raise UsageError("no patient documents found")
    return itertools.chain.from_iterable(parts), None if STDIN in names or lines else count


def read_stdin(stream: BinaryIO) -> bytes:
    """All of stdin as one document (a FHIR Bundle); past ``MAX_DOCUMENT_SIZE`` it is cut
    there, and the reader reports it as too large.

    Raises:
        UsageError: stdin is empty.
    """
    data = stream.read(MAX_DOCUMENT_SIZE + 1)
    if not data.strip():
        raise UsageError("no document on stdin")
    return data
