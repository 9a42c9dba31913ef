"""JSON input and output: patient documents, any model object, the JSON Schema.

See :mod:`allmodel.io.documents` for the functions and :mod:`allmodel.io.converter` for
the rules a document must follow.
"""

from allmodel.io.converter import converter, make_converter
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
