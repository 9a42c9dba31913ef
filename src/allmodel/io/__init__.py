"""JSON input and output: patient documents, any model object, the JSON Schema.

See :mod:`allmodel.io.documents` for the functions, :mod:`allmodel.io.converter` for
the rules a document must follow, :mod:`allmodel.io.decoding` for the limits every
input is held to (``MAX_DOCUMENT_SIZE``, ``MAX_DEPTH``, ``MAX_ARRAY_ITEMS``,
``MAX_OBJECT_MEMBERS``), duplicate keys and Unicode, and :mod:`allmodel.io.files` for
atomic writing.
"""

from allmodel.io.converter import converter, make_converter
from allmodel.io.decoding import (
    MAX_ARRAY_ITEMS,
    MAX_DEPTH,
    MAX_DOCUMENT_SIZE,
    MAX_OBJECT_MEMBERS,
)
from allmodel.io.documents import (
    dump_patient,
    from_dict,
    load_patient,
    patient_to_json,
    read_json,
    to_dict,
    write_patient,
)
from allmodel.io.schema import patient_json_schema

__all__ = [
    "MAX_ARRAY_ITEMS",
    "MAX_DEPTH",
    "MAX_DOCUMENT_SIZE",
    "MAX_OBJECT_MEMBERS",
    "converter",
    "dump_patient",
    "from_dict",
    "load_patient",
    "make_converter",
    "patient_json_schema",
    "patient_to_json",
    "read_json",
    "to_dict",
    "write_patient",
]
