"""The documents a command reads: files, folders and globs named on the command line, and
``-`` for the documents on stdin (JSON Lines, or one document).

``screen`` and ``validate`` read patients this way; each document is named on stderr by
its path, or ``stdin:N`` by the line it starts on.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO, NamedTuple

from allmodel.cli._common import UsageError, expand
from allmodel.io import MAX_DOCUMENT_SIZE

__all__ = ["STDIN", "Entry", "named_entries", "read_stdin", "stdin_entries"]

#: Where ``-`` (stdin) goes among the document arguments.
STDIN = "-"


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
    limit = MAX_DOCUMENT_SIZE + 2  # room for a line's "\r\n"
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
    return _json_lines(stream, line, number, limit)


def _json_lines(stream: BinaryIO, first: bytes, number: int, limit: int) -> Iterator[Entry]:
    line = first
    while line:
        if len(line) == limit and not line.endswith(b"\n"):  # too long: skip the rest
            for tail in iter(lambda: stream.readline(limit), b""):
                if tail.endswith(b"\n"):
                    break
        if line.strip():
            name = f"stdin:{number}"
            yield Entry(name, name, line.rstrip(b"\r\n"))
        line = stream.readline(limit)
        number += 1


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
    for item in names:
        if item == STDIN:
            parts.append(stdin_entries(stdin))
            continue
        files = [Entry(str(path), path.stem, None) for path in expand([item])]
        count += len(files)
        parts.append(files)
    if STDIN not in names and not count:
        raise UsageError("no patient documents found")
    return itertools.chain.from_iterable(parts), None if STDIN in names else count


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
