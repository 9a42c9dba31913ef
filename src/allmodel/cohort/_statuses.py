"""The status table: one row per patient and date, a status per option and a truth per
top-level rule.

Columns, in order: ``key`` and ``as_of`` (from the fact table), then for each option its
status column, named as the option's id, holding a :class:`~allmodel.report.Status`
value (``'eligible'``, ``'not_eligible'``, ``'unknown'``) as a dictionary-encoded string
(:func:`status_type`: three strings stored once, a byte per row; pandas reads it as a
categorical; Spark's DataFrame holds plain strings), followed by one nullable
boolean column per top-level rule (:func:`top_level_rules`), named ``<option id>.<rule
id>`` (:func:`rule_column`): true when the rule holds, false when it fails, NULL when it
is unknown. The option's status is the Kleene AND of its top-level rules (eligible only
when every one is true). Every engine (:func:`~allmodel.cohort.run_duckdb`,
:func:`~allmodel.cohort.run_spark`, :func:`~allmodel.cohort.interpreter_statuses`) gives
this table, with the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from allmodel.cohort._extra import need
from allmodel.criteria import All, Node, Option

if TYPE_CHECKING:
    import pyarrow as pa

    from allmodel.cohort._selection import Selection

__all__ = [
    "STATUSES",
    "STATUS_TABLE_FORMAT",
    "rule_column",
    "status_columns",
    "status_metadata",
    "status_schema",
    "status_type",
    "statuses_of",
    "top_level_rules",
]

#: Identifies the layout of a status table; it changes only with a new number.
STATUS_TABLE_FORMAT = "allmodel.statuses/1"

#: The status strings, in the order of the truths they stand for (false, unknown, true):
#: a status column's dictionary.
STATUSES = ("not_eligible", "unknown", "eligible")


def status_type() -> pa.DataType:
    """The Arrow type of a status column: ``dictionary<uint8, string>`` (:data:`STATUSES`,
    the type DuckDB gives an ``ENUM`` of them)."""
    pa = need("pyarrow")
    return pa.dictionary(pa.uint8(), pa.string())


def top_level_rules(option: Option) -> tuple[Node, ...]:
    """The rules an option's status table reports: the parts of its root
    :class:`~allmodel.criteria.All`, or the root itself when it is not an ``All``."""
    root = option.criteria
    return root.parts if isinstance(root, All) else (root,)


def rule_column(option: Option, rule: Node) -> str:
    """The status table's column of one top-level rule: ``<option id>.<rule id>``."""
    return f"{option.id}.{rule.id}"


def status_columns(options: Sequence[Option]) -> tuple[str, ...]:
    """The columns of a status table over ``options``, in order: ``key``, ``as_of``,
    then for each option its status column (its id) followed by one column per
    top-level rule (:func:`rule_column`)."""
    columns = ["key", "as_of"]
    for option in options:
        columns.append(option.id)
        columns.extend(rule_column(option, rule) for rule in top_level_rules(option))
    return tuple(columns)


def statuses_of(truths: pa.ChunkedArray) -> pa.ChunkedArray:
    """A status column from a column of truths (a nullable boolean: true eligible, false
    not eligible, NULL unknown), as :func:`status_type` values."""
    pa = need("pyarrow")
    pc = need("pyarrow.compute")
    dictionary = pa.array(STATUSES, pa.string())
    indices = pc.fill_null(pc.multiply(pc.cast(truths, pa.uint8()), 2), 1).cast(pa.uint8())
    return pa.chunked_array(
        [pa.DictionaryArray.from_arrays(chunk, dictionary) for chunk in indices.chunks],
        type=status_type(),
    )


def status_metadata(selection: Selection) -> dict[str, str]:
    """The schema metadata of a status table: format, ruleset and jurisdiction."""
    ruleset = selection.ruleset
    return {
        "allmodel.format": STATUS_TABLE_FORMAT,
        "allmodel.ruleset": ruleset.name,
        "allmodel.ruleset_version": ruleset.version,
        "allmodel.ruleset_hash": ruleset.content_hash,
        "allmodel.jurisdiction": selection.jurisdiction.value,
    }


def status_schema(selection: Selection) -> pa.Schema:
    """The Arrow schema of a status table over the selection's options."""
    pa = need("pyarrow")
    fields: list[Any] = [pa.field("key", pa.string()), pa.field("as_of", pa.date32())]
    for option in selection.options:
        fields.append(pa.field(option.id, status_type()))
        fields.extend(
            pa.field(rule_column(option, rule), pa.bool_()) for rule in top_level_rules(option)
        )
    return pa.schema(fields, metadata=status_metadata(selection))
