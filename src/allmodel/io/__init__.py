"""Patient documents: JSON in and out, and the JSON Schema of the document.

:func:`load_patient` reads a document (text, bytes, a path or a decoded mapping) and
reports every problem with its JSON path (:class:`~allmodel.errors.DocumentError`);
:func:`dump_patient` gives the JSON-ready dict back, :func:`patient_to_json` its text and
:func:`write_patient` writes it atomically. Input is bounded (:data:`MAX_DOCUMENT_SIZE`,
:data:`MAX_DEPTH`, :data:`MAX_ARRAY_ITEMS`, :data:`MAX_OBJECT_MEMBERS`).
"""

from allmodel._jsonio.decoding import (
    MAX_ARRAY_ITEMS,
    MAX_DEPTH,
    MAX_DOCUMENT_SIZE,
    MAX_OBJECT_MEMBERS,
)
from allmodel.io._documents import (
    dump_patient,
    load_patient,
    patient_to_json,
    write_patient,
)
from allmodel.io._schema import patient_json_schema

__all__ = [
    "MAX_ARRAY_ITEMS",
    "MAX_DEPTH",
    "MAX_DOCUMENT_SIZE",
    "MAX_OBJECT_MEMBERS",
    "dump_patient",
    "load_patient",
    "patient_json_schema",
    "patient_to_json",
    "write_patient",
]
