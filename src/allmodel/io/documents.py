"""Read and write patient documents (JSON) and any model object (dicts).

``load_patient`` accepts JSON text, bytes, a file path or an already-decoded mapping and
raises a single :class:`~allmodel.errors.DocumentError` listing every problem with its
JSON path. ``dump_patient`` returns the JSON-ready dict; ``patient_to_json`` the text;
``write_patient`` writes a file (the only function here that writes anything).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from allmodel.errors import ChronologyError, DocumentError, Problem, ValidationError
from allmodel.io.converter import converter
from allmodel.io.problems import problems_from
from allmodel.patient import Patient

__all__ = [
    "dump_patient",
    "from_dict",
    "load_patient",
    "patient_to_json",
    "read_json",
    "to_dict",
    "write_patient",
]

T = TypeVar("T")

JsonSource = str | bytes | os.PathLike[str] | Mapping[str, Any]
PatientSource = JsonSource


def from_dict(cls: type[T], data: object) -> T:
    """Build a model object of type ``cls`` from decoded JSON.

    Raises:
        DocumentError: Every problem found, each with its path from ``$``.
    """
    try:
        return converter().structure(data, cls)
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

    Raises:
        DocumentError: The file cannot be read or the text is not JSON (path ``$``).
    """
    if isinstance(source, Mapping):
        return source
    if isinstance(source, os.PathLike):
        try:
            text: str | bytes = Path(source).read_bytes()
        except OSError as error:
            raise DocumentError([Problem("$", f"cannot read the file: {error.strerror}")]) from None
    else:
        text = source
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise DocumentError([Problem("$", f"invalid JSON: {error}")]) from None


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
            ``$.labs[3].unit: 'mg' is not a count per volume (platelets)``.
    """
    data = read_json(source)
    if not isinstance(data, Mapping):
        raise DocumentError([Problem("$", "expected a JSON object")])
    patient = from_dict(Patient, data)
    if as_of is not None:
        try:
            patient.check_as_of(as_of)
        except ChronologyError as error:
            raise DocumentError([p.prefixed("$") for p in error.problems]) from None
    return patient


def dump_patient(patient: Patient) -> dict[str, Any]:
    """Return the patient as a JSON-ready dict; ``load_patient`` of it gives it back."""
    return to_dict(patient)


def patient_to_json(patient: Patient, *, indent: int | None = 2) -> str:
    """Return the patient as JSON text."""
    return json.dumps(dump_patient(patient), indent=indent, ensure_ascii=False)


def write_patient(
    patient: Patient, path: str | os.PathLike[str], *, indent: int | None = 2
) -> None:
    """Write the patient as a JSON file at ``path`` (UTF-8, trailing newline)."""
    Path(path).write_text(patient_to_json(patient, indent=indent) + "\n", encoding="utf-8")
