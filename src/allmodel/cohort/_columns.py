"""The fact table's layout: one row per patient and date, one column per fact.

Columns, in order: ``key`` (the caller's label for the row, a string), ``as_of`` (the
date the facts describe, date32), ``document_hash`` (:func:`document_hash` of the
patient's document: what incremental re-derivation compares), then one column per fact
of :data:`~allmodel.facts.FACTS`, in that order and named as the fact, each followed,
for a fact that may be known only as an interval (``interval=True``), by its upper bound
``<fact>__upper``. NULL is unknown.

Types: a number fact is float64; an integer fact int64, except an interval one (its
column and its ``__upper`` column are float64, because either bound may be +infinity:
"at least 2 prior regimens" is [2, inf], "no radiotherapy ever" is [inf, inf]); a yes/no
fact bool; a category fact its category's value as a string. For a fact that is not an interval the
upper bound is the value itself, so it has no column of its own.

The schema's metadata (:func:`table_metadata`) records the format, the ruleset the
facts were derived for (name, version, content hash, validity windows) and the library
version: facts derived with other validity windows must not be screened by this ruleset.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from allmodel._fingerprint import library_fingerprint
from allmodel._version import __version__
from allmodel.cohort._extra import need
from allmodel.criteria import Ruleset
from allmodel.errors import RuleError
from allmodel.facts import FACTS, FactType

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "AS_OF",
    "DOCUMENT_HASH",
    "FACT_TABLE_FORMAT",
    "KEY",
    "UPPER",
    "check_metadata",
    "fact_schema",
    "read_metadata",
    "rows_batch",
    "table_metadata",
    "upper_column",
]

KEY = "key"
AS_OF = "as_of"
DOCUMENT_HASH = "document_hash"

#: The suffix of an interval fact's upper-bound column.
UPPER = "__upper"

#: Identifies the layout of a fact table; it changes only with a new number.
FACT_TABLE_FORMAT = "allmodel.facts/2"

_ARROW_TYPES = {
    FactType.NUMBER: "float64",
    FactType.INTEGER: "int64",
    FactType.BOOLEAN: "bool_",
    FactType.CATEGORY: "string",
}


def upper_column(fact: str) -> str:
    """The name of the upper-bound column of interval fact ``fact``."""
    return fact + UPPER


def fact_schema(metadata: dict[str, str] | None = None) -> pa.Schema:
    """The Arrow schema of a fact table (with ``metadata`` when given)."""
    pa = need("pyarrow")
    fields: list[Any] = [
        pa.field(KEY, pa.string(), nullable=False),
        pa.field(AS_OF, pa.date32(), nullable=False),
        pa.field(DOCUMENT_HASH, pa.string(), nullable=False),
    ]
    for spec in FACTS:
        kind = "float64" if spec.interval else _ARROW_TYPES[spec.type]
        fields.append(pa.field(spec.name, getattr(pa, kind)()))
        if spec.interval:
            fields.append(pa.field(upper_column(spec.name), pa.float64()))
    return pa.schema(fields, metadata=metadata)


_EXACT = tuple(index for index, spec in enumerate(FACTS) if not spec.interval)


def rows_batch(
    keys: Sequence[str],
    hashes: Sequence[str],
    as_of: date,
    lows: Sequence[tuple[object, ...]],
    highs: Sequence[tuple[object, ...]],
) -> pa.RecordBatch:
    """Fact table rows (no schema metadata) from each row's lower and upper bound tuples
    in :data:`~allmodel.facts.FACTS` order, as :class:`~allmodel.facts.Facts` holds them.

    Raises:
        ValueError: A fact that is not an interval has an upper bound other than its value.
    """
    pa = need("pyarrow")
    schema = fact_schema()
    count = len(lows)
    values: list[Sequence[Any]] = list(zip(*lows, strict=True)) if count else [()] * len(FACTS)
    bounds: list[Sequence[Any]] = list(zip(*highs, strict=True)) if count else [()] * len(FACTS)
    for index in _EXACT:  # an exact fact's upper bound is its value: no column of its own
        if bounds[index] != values[index]:
            raise ValueError(f"{FACTS[index].name} is not an interval fact but has bounds")
    arrays: list[Any] = [
        pa.array(keys, pa.string()),
        pa.array([as_of] * count, pa.date32()),
        pa.array(hashes, pa.string()),
    ]
    for index, spec in enumerate(FACTS):
        arrays.append(pa.array(values[index], schema.field(len(arrays)).type))
        if spec.interval:
            arrays.append(pa.array(bounds[index], pa.float64()))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


_META = "allmodel."


def table_metadata(ruleset: Ruleset) -> dict[str, str]:
    """The schema metadata of a fact table derived for ``ruleset``."""
    return {
        _META + "format": FACT_TABLE_FORMAT,
        _META + "ruleset": ruleset.name,
        _META + "ruleset_version": ruleset.version,
        _META + "ruleset_hash": ruleset.content_hash,
        _META + "library_version": __version__,
        _META + "library_fingerprint": library_fingerprint(),
        _META + "validity": json.dumps(attrs.asdict(ruleset.validity), sort_keys=True),
    }


def read_metadata(schema: pa.Schema) -> dict[str, str]:
    """The ``allmodel.`` entries of a schema's metadata, decoded (empty when it has none)."""
    raw = schema.metadata or {}
    decoded = {key.decode(): value.decode() for key, value in raw.items()}
    return {key: value for key, value in decoded.items() if key.startswith(_META)}


def check_metadata(schema: pa.Schema, ruleset: Ruleset) -> None:
    """Check that a fact table may be screened by ``ruleset``.

    A table without allmodel metadata (built by other means) is taken as it is; one with
    it must be of this format and derived with the ruleset's validity windows.

    Raises:
        RuleError: Another format, or other validity windows.
    """
    found = read_metadata(schema)
    if not found:
        return
    if found.get(_META + "format") != FACT_TABLE_FORMAT:
        raise RuleError(
            f"not a fact table of format {FACT_TABLE_FORMAT}: {found.get(_META + 'format')!r}"
        )
    wanted = table_metadata(ruleset)[_META + "validity"]
    if found.get(_META + "validity") != wanted:
        raise RuleError(
            f"the facts were derived with other validity windows than {ruleset.name}"
            " declares: derive them for this ruleset"
        )
