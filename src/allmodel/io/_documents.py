"""Read and write patient documents (JSON) and any model object (dicts).

``load_patient`` accepts JSON text, bytes, a file path or an already-decoded mapping and
raises a single :class:`~allmodel.errors.DocumentError` listing every problem with its
JSON path. ``dump_patient`` returns the JSON-ready dict; ``patient_to_json`` the text;
``write_patient`` writes a file (the only function here that writes anything), atomically
(:mod:`allmodel._jsonio.files`): a failed write leaves the previous file as it was.

Every input is decoded by :mod:`allmodel._jsonio.decoding`, whose docstring gives the rules
and limits: at most ``MAX_DOCUMENT_SIZE`` (10 MiB) of text, ``MAX_DEPTH`` (64) nested
arrays and objects, ``MAX_ARRAY_ITEMS`` (10,000) items in an array and
``MAX_OBJECT_MEMBERS`` (1,000) members in an object; no duplicate keys; valid Unicode
only (no lone surrogates); bytes and files in UTF-8 (one leading byte-order mark is
ignored). Whatever the input, these functions raise no other exception than
``DocumentError`` (writers also raise ``OSError`` when the disk fails).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from allmodel._arguments import require_patient
from allmodel._jsonio.converter import converter, structure
from allmodel._jsonio.decoding import JsonSource, check_decoded, check_unicode, read_document
from allmodel._jsonio.files import write_text_atomic
from allmodel._jsonio.problems import problems_from
from allmodel.errors import ChronologyError, DocumentError, Problem, ValidationError
from allmodel.model._patient import Patient

__all__ = [
    "JSON_LINES",
    "dump_patient",
    "from_dict",
    "load_patient",
    "patient_to_json",
    "read_json",
    "read_patient_document",
    "to_dict",
    "write_patient",
]

T = TypeVar("T")

#: The suffixes of JSON Lines files, one document per line (the command line and
#: :func:`allmodel.cohort.read_patients` read them so).
JSON_LINES = (".jsonl", ".ndjson")

PatientSource = JsonSource


def from_dict(cls: type[T], data: object) -> T:
    """Build a model object of type ``cls`` from decoded JSON.

    ``data`` is first checked like any document (limits, string keys, valid Unicode;
    see :mod:`allmodel._jsonio.decoding`).

    Raises:
        DocumentError: Every problem found, each with its path from ``$``.
    """
    check_decoded(data)
    return _structure(cls, data)


def _structure(cls: type[T], data: object) -> T:
    """Structure checked data; any failure becomes a DocumentError with paths."""
    try:
        return structure(data, cls)
    except ValidationError as error:
        raise DocumentError([p.prefixed("$") for p in error.problems]) from None
    except Exception as error:
        raise DocumentError(problems_from(error)) from None


def to_dict(obj: object) -> dict[str, Any]:
    """Return the JSON-ready dict of a model object (fields at their default are omitted)."""
    result = converter().unstructure(obj)
    if not isinstance(result, dict):  # pragma: no cover - model classes unstructure to dicts
        raise TypeError(f"{type(obj).__name__} does not unstructure to an object")
    return result


def read_json(source: JsonSource) -> object:
    """Decode a JSON document given as text, bytes, a file path or an already-decoded mapping.

    Text, bytes and files are decoded strictly and within the limits of
    :mod:`allmodel._jsonio.decoding`; an already-decoded value (a mapping, or any other JSON
    value) is checked against the same limits and rules and returned as is.

    Raises:
        DocumentError: The file cannot be read, the text is not JSON (path ``$``), or
            the document breaks a limit or rule (a duplicate key, a lone surrogate, ...)
            at the path of each problem.
    """
    return read_document(source)


def load_patient(source: PatientSource, *, as_of: date | None = None) -> Patient:
    """Read a patient document.

    Args:
        source: JSON text (``str`` or ``bytes``), a path to a JSON file
            (``os.PathLike``; a plain string is always taken as JSON text), or a
            decoded mapping.
        as_of: When given, every date in the document (including the date of birth)
            must be on or before it.

    Raises:
        DocumentError: Listing every problem with its JSON path, e.g.
            ``$.labs[3].unit: 'mg' is not a count per volume (platelets)``. Nothing
            else is raised, whatever ``source`` holds.
    """
    _, patient = read_patient_document(source)
    if as_of is not None:
        try:
            patient.check_as_of(as_of=as_of)
        except ChronologyError as error:
            raise DocumentError([p.prefixed("$") for p in error.problems]) from None
    return patient


def read_patient_document(source: PatientSource) -> tuple[Mapping[str, Any], Patient]:
    """The decoded document of ``source`` and the patient read from it (what
    :func:`load_patient` does without ``as_of``, with the decoded document kept: a fact
    table hashes it).

    Raises:
        DocumentError: As :func:`load_patient`.
    """
    data = read_document(source)
    if not isinstance(data, Mapping):
        raise DocumentError([Problem("$", "expected a JSON object")])
    return data, _structure(Patient, data)


def dump_patient(patient: Patient) -> dict[str, Any]:
    """Return the patient as a JSON-ready dict; ``load_patient`` of it gives it back.

    Raises:
        ArgumentError: ``patient`` is not a :class:`~allmodel.model.Patient`.
    """
    return to_dict(require_patient(patient))


def patient_to_json(patient: Patient, *, indent: int | None = 2) -> str:
    """Return the patient as JSON text.

    Raises:
        ArgumentError: ``patient`` is not a :class:`~allmodel.model.Patient`.
        DocumentError: A string of the patient is not valid Unicode (a lone
            surrogate), at its JSON path; such text could not be written or read back.
    """
    document = dump_patient(patient)
    check_unicode(document)
    return json.dumps(document, indent=indent, ensure_ascii=False)


def write_patient(
    patient: Patient, path: str | os.PathLike[str], *, indent: int | None = 2
) -> None:
    """Write the patient as a JSON file at ``path`` (UTF-8, trailing newline), atomically.

    The text is made first and written to a temporary file beside ``path``, which then
    replaces it (:mod:`allmodel._jsonio.files`): if anything fails, the previous file is left
    as it was and no temporary file remains.

    Raises:
        ArgumentError: ``patient`` is not a :class:`~allmodel.model.Patient` (no file
            is touched).
        DocumentError: A string of the patient is not valid Unicode, at its JSON path
            (no file is touched).
        OSError: The file could not be written (the previous file is unchanged).
    """
    write_text_atomic(path, patient_to_json(patient, indent=indent) + "\n")
