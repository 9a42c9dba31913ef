"""Patients for a fact table: read from JSON files, folders and JSON Lines, and each
document's hash.

:func:`read_patients` gives ``(key, patient)`` pairs (a :class:`PatientFiles`), the input
of :func:`~allmodel.cohort.fact_table`: a JSON file is one patient keyed by its name
without the suffix, a ``.jsonl`` (or ``.ndjson``) file one patient per line keyed
``<name>:<line number>``, a folder its ``.json`` and ``.jsonl`` files in name order.
Documents are read by :func:`allmodel.io.load_patient`, with its limits and errors.

:func:`document_hash` is what incremental re-derivation compares: the SHA-256 of a
canonical JSON text, as orjson writes it with keys sorted (no whitespace, UTF-8). For a
document read from a file it is the text of the document as decoded -- not of the patient
read from it -- so that it costs no second conversion of the patient back to JSON; for a
patient in memory, the text of :func:`allmodel.io.dump_patient` (written from the
patient's fields by a converter that leaves dates and enumeration members for orjson to
write, which gives the same text in about half the time). The decoded document
determines the patient read from it (the reader is the same for a given library version,
and a table is never reused across versions), and two documents have the same canonical
text exactly when they are equal as JSON values, so any change that could change a fact
changes the hash, while re-indenting a file or reordering its keys keeps it. A number
keeps its JSON type (``1`` and ``1.0`` hash differently) and an optional field written at
its default hashes differently from one left out: such changes only cost a derivation.
A file written by :func:`allmodel.io.write_patient` (or any dump of a patient) hashes as
that patient does in memory.

A document orjson cannot write as it is (an integer beyond 64 bits, a lone surrogate, a
number that is not finite) is hashed from the text :mod:`json` writes, keys sorted, after a
NUL byte that no orjson text starts with, so the two kinds of text never share a hash; a
value JSON does not have (a date, a set) raises ``TypeError``, as :mod:`json` raises it.
orjson writes these documents three to four times faster than :mod:`json`; it comes with
the ``cohort`` extra.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from allmodel._jsonio.converter import native_converter
from allmodel.cohort._extra import need
from allmodel.errors import DocumentError, Problem
from allmodel.io import dump_patient, load_patient
from allmodel.io._documents import JSON_LINES
from allmodel.model._patient import Patient

__all__ = [
    "Document",
    "PatientFiles",
    "decoded_hash",
    "document_hash",
    "patient_hash",
    "read_patients",
]


#: The fallback text of a document: keys sorted, no whitespace, non-ASCII kept.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
#: The same, refusing numbers that are not finite (orjson writes them as ``null``).
_FINITE = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


@functools.cache
def _orjson() -> tuple[Callable[..., bytes], int, int]:
    """orjson's writer (imported on first use), its options for keys sorted, and the
    same with values JSON does not have (dates, dataclasses, subclasses of str, int,
    dict and list) refused, as :mod:`json` refuses them, rather than written."""
    orjson = need("orjson")
    options: int = orjson.OPT_SORT_KEYS
    strict: int = (
        options
        | orjson.OPT_PASSTHROUGH_DATETIME
        | orjson.OPT_PASSTHROUGH_DATACLASS
        | orjson.OPT_PASSTHROUGH_SUBCLASS
    )
    dumps: Callable[..., bytes] = orjson.dumps
    return dumps, options, strict


def document_hash(source: Patient | Mapping[str, Any]) -> str:
    """``sha256:`` and the hex digest of a patient document's canonical JSON text.

    Args:
        source: A patient (its :func:`~allmodel.io.dump_patient` document is hashed), or
            a decoded patient document, as read from a file (hashed as it is: equal JSON
            values share a hash whatever their layout and key order; see the module
            docstring for why that is safe).

    Raises:
        ImportError: orjson is not installed (the ``cohort`` extra).
        TypeError: ``source`` holds a value that is not JSON (a date, a set, ...).
        ValueError: ``source`` holds itself.
    """
    if isinstance(source, Patient):
        return patient_hash(source)
    try:
        _FINITE.encode(source)  # only JSON values: what orjson would write differently
    except ValueError:  # NaN or an infinity (which orjson writes as null), or a cycle
        return _fallback(source)  # which raises for a cycle
    return decoded_hash(source)


def patient_hash(patient: Patient) -> str:
    """:func:`document_hash` of a patient (given as one: not checked)."""
    dumps, options, _ = _orjson()
    try:
        text = dumps(native_converter().unstructure(patient), option=options)
    except TypeError:  # a lone surrogate or a huge integer: orjson cannot write it
        return _fallback(dump_patient(patient))
    return "sha256:" + hashlib.sha256(text).hexdigest()


def decoded_hash(document: Mapping[str, Any]) -> str:
    """:func:`document_hash` of a document decoded from JSON text here, or dumped from
    a patient (never one a caller gave, which could hold a value that is not JSON)."""
    dumps, _, strict = _orjson()
    try:
        text = dumps(document, option=strict)
    except TypeError:  # a lone surrogate, a huge integer, ...: orjson cannot write it
        return _fallback(document)
    return "sha256:" + hashlib.sha256(text).hexdigest()


def _fallback(document: Mapping[str, Any]) -> str:
    text = b"\0" + _CANONICAL.encode(document).encode("utf-8", "surrogatepass")
    return "sha256:" + hashlib.sha256(text).hexdigest()


def _files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from sorted(
                child
                for child in path.iterdir()
                if child.is_file() and child.suffix in (".json", *JSON_LINES)
            )
        else:
            yield path


def _named(label: str, error: DocumentError) -> DocumentError:
    return DocumentError([Problem(f"{label}:{p.path}", p.message) for p in error.problems])


class PatientFiles:
    """Patients in JSON files, JSON Lines files and folders, read lazily as
    ``(key, patient)`` pairs (what :func:`read_patients` returns).

    Iterating reads the files again, one document at a time, in the order given (a
    folder's files by name). :func:`~allmodel.cohort.fact_table` and
    :func:`~allmodel.cohort.write_fact_table` with ``jobs`` above one send the worker
    processes the documents themselves (reading and checking them is then done in
    parallel too), not the patients read here, whether the workers are forked or
    spawned.
    """

    __slots__ = ("_on_error", "_paths")

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        on_error: Callable[[DocumentError], None] | None = None,
    ) -> None:
        self._paths = tuple(paths)
        self._on_error = on_error

    def __repr__(self) -> str:
        return f"PatientFiles({len(self._paths)} paths)"

    def __iter__(self) -> Iterator[tuple[str, Patient]]:
        for label, key, source in self.documents():
            try:
                yield key, load_patient(source)
            except DocumentError as error:
                self.failed(label, error)

    def documents(self) -> Iterator[Document]:
        """Each document as ``(label, key, source)``, unread: the label names it in
        errors, the source is a JSON Lines line (bytes) or a file's path. A JSON Lines
        file that cannot be opened is reported (or raised) here."""
        for path in _files(self._paths):
            try:
                yield from _documents(path)
            except OSError as error:  # a JSON Lines file that cannot be read
                unreadable = DocumentError(
                    [Problem(str(path), f"cannot be read: {error.strerror}")]
                )
                if self._on_error is None:
                    raise unreadable from None
                self._on_error(unreadable)

    def failed(self, label: str, error: DocumentError) -> None:
        """Report a document that cannot be read (its problems' paths prefixed with its
        label) to ``on_error``, or raise it when there is none."""
        named = _named(label, error)
        if self._on_error is None:
            raise named from None
        self._on_error(named)


def read_patients(
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[DocumentError], None] | None = None,
) -> PatientFiles:
    """The patients of JSON files, JSON Lines files and folders, as ``(key, patient)``.

    Read lazily, one document at a time, in the order given (a folder's files by name),
    each time the result is iterated.

    Args:
        paths: Files and folders.
        on_error: Called with the error of each document that cannot be read, which is
            then skipped; without it the first such error is raised.

    Raises:
        DocumentError: While iterating, a document that cannot be read (without
            ``on_error``); each problem's path starts with the file's name (and line,
            for JSON Lines).
    """
    return PatientFiles(paths, on_error)


#: A document not yet read: its label in errors, its key, and its JSON Lines line or path.
Document = tuple[str, str, bytes | Path]


def _documents(path: Path) -> Iterator[Document]:
    if path.suffix not in JSON_LINES:
        yield str(path), path.stem, path
        return
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield f"{path}:{number}", f"{path.stem}:{number}", line
