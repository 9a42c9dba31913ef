"""Facts: the named, typed values criteria read, derived from a patient as of a date.

:data:`FACTS` is the schema (each fact's name, type, unit, categories, sources and
validity rule); :func:`derive_facts` computes them. A fact is unknown (``None``) unless
the record decides it *now*: a result older than its validity window
(:class:`ValidityPolicy`, :data:`DEFAULT_VALIDITY`) does not count.
"""

from allmodel.facts._derive import derive_facts
from allmodel.facts._schema import (
    FACTS,
    Facts,
    FactSpec,
    FactType,
    fact_index,
    fact_spec,
)
from allmodel.facts._validity import (
    DEFAULT_VALIDITY,
    Since,
    Validity,
    ValidityPolicy,
    Window,
)

__all__ = [
    "DEFAULT_VALIDITY",
    "FACTS",
    "FactSpec",
    "FactType",
    "Facts",
    "Since",
    "Validity",
    "ValidityPolicy",
    "Window",
    "derive_facts",
    "fact_index",
    "fact_spec",
]
