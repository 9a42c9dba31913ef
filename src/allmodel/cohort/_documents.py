"""Patients for a fact table: read from JSON files, folders and JSON Lines, and each
document's hash.

:func:`read_patients` yields ``(key, patient)`` pairs, the input of
:func:`~allmodel.cohort.fact_table`: a JSON file is one patient keyed by its name
without the suffix, a ``.jsonl`` (or ``.ndjson``) file one patient per line keyed
``<name>:<line number>``, a folder its ``.json`` and ``.jsonl`` files in name order.
Documents are read by :func:`allmodel.io.load_patient`, with its limits and errors.

:func:`document_hash` is what incremental re-derivation compares: the SHA-256 of the
patient's canonical JSON document (:func:`allmodel.io.dump_patient`, keys sorted, no
whitespace), so a file re-indented or with its keys reordered keeps its hash, and any
change to what the patient record says changes it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from allmodel.errors import DocumentError, Problem
from allmodel.io import dump_patient, load_patient
from allmodel.model._patient import Patient

__all__ = ["document_hash", "read_patients"]

_LINES = (".jsonl", ".ndjson")


def document_hash(patient: Patient) -> str:
    """``sha256:`` and the hex digest of the patient's canonical JSON document."""
    text = json.dumps(
        dump_patient(patient), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from sorted(
                child
                for child in path.iterdir()
                if child.is_file() and child.suffix in (".json", *_LINES)
            )
        else:
            yield path


def _named(label: str, error: DocumentError) -> DocumentError:
    return DocumentError([Problem(f"{label}:{p.path}", p.message) for p in error.problems])


def read_patients(
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[DocumentError], None] | None = None,
) -> Iterator[tuple[str, Patient]]:
    """The patients of JSON files, JSON Lines files and folders, as ``(key, patient)``.

    Read lazily, one document at a time, in the order given (a folder's files by name).

    Args:
        paths: Files and folders.
        on_error: Called with the error of each document that cannot be read, which is
            then skipped; without it the first such error is raised.

    Raises:
        DocumentError: A document that cannot be read (without ``on_error``); each
            problem's path starts with the file's name (and line, for JSON Lines).
    """
    for path in _files(paths):
        try:
            for label, key, source in _documents(path):
                try:
                    yield key, load_patient(source)
                except DocumentError as error:
                    if on_error is None:
                        raise _named(label, error) from None
                    on_error(_named(label, error))
        except OSError as error:  # a JSON Lines file that cannot be read
            unreadable = DocumentError([Problem(str(path), f"cannot be read: {error.strerror}")])
            if on_error is None:
                raise unreadable from None
            on_error(unreadable)


def _documents(path: Path) -> Iterator[tuple[str, str, bytes | Path]]:
    if path.suffix not in _LINES:
        yield str(path), path.stem, path
        return
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield f"{path}:{number}", f"{path.stem}:{number}", line
