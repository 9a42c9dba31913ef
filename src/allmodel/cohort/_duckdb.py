"""The compiled criteria on an embedded, in-memory DuckDB: the status table of a fact
table (an Arrow table, or a Parquet file read in place)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from allmodel.cohort._columns import check_metadata
from allmodel.cohort._extra import need
from allmodel.cohort._selection import OptionSelection, select
from allmodel.cohort._statuses import status_schema, statuses_of
from allmodel.criteria import Jurisdiction, JurisdictionCode, Ruleset
from allmodel.errors import ArgumentError, Problem

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["run_duckdb"]

#: The name the fact table has in the query.
_TABLE = "facts"


#: Rows per batch DuckDB is given (its own row-group size): tiny batches are slow to
#: scan, one huge one cannot be scanned by several threads.
_ROWS = 122_880


def _in_row_groups(table: pa.Table) -> pa.Table:
    if table.num_rows and table.column(0).num_chunks * _ROWS > 2 * table.num_rows:
        table = table.combine_chunks()  # many small chunks: one copy into large ones
    return need("pyarrow").Table.from_batches(
        table.to_batches(max_chunksize=_ROWS), schema=table.schema
    )


def run_duckdb(
    facts: pa.Table | str | os.PathLike[str],
    *,
    ruleset: Ruleset | None = None,
    options: OptionSelection = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
    threads: int | None = None,
) -> pa.Table:
    """The status table of a fact table, computed by DuckDB from :func:`compile_sql`'s query.

    The query is the one :func:`~allmodel.cohort.compile_sql` gives for DuckDB, except that
    each option's column holds the truth its status stands for, turned into the status in
    Arrow.

    Args:
        facts: A fact table (:func:`~allmodel.cohort.fact_table`) or the path of its
            Parquet file.
        ruleset: The ruleset (:func:`~allmodel.catalogue.default_ruleset` when ``None``).
        options: Option ids of the ruleset and/or extra options (local trials).
        jurisdiction: ``"US"`` or ``"EU"``.
        threads: DuckDB's worker threads (its default, one per core, when ``None``).

    Returns:
        The status table (:func:`~allmodel.cohort.status_columns`), rows in the fact
        table's order, with the status table's schema and metadata.

    Raises:
        RuleError: An unknown option id or jurisdiction; facts derived with other
            validity windows than the ruleset's.
        ImportError: pyarrow, DuckDB or sqlglot (the ``cohort`` extra) is missing.
    """
    pa = need("pyarrow")
    duckdb = need("duckdb")
    selection = select(ruleset, options, jurisdiction)
    if threads is not None and (isinstance(threads, bool) or threads < 1):
        raise ArgumentError([Problem("threads", f"must be a whole number >= 1, not {threads!r}")])
    need("sqlglot")
    from allmodel.cohort._sql import query as build  # noqa: PLC0415  (imports sqlglot)

    # compile_sql's query with each option's truth in place of its status string: the
    # statuses are made in Arrow (a byte per row; DuckDB would make 37 strings a row)
    query = build(selection, "duckdb", _TABLE, labels=False)
    config = {} if threads is None else {"threads": threads}
    connection = duckdb.connect(":memory:", config=config)
    try:
        if isinstance(facts, pa.Table):
            check_metadata(facts.schema, selection.ruleset)
            connection.register(_TABLE, _in_row_groups(facts))
        else:
            path = os.fspath(facts)
            check_metadata(need("pyarrow.parquet").read_schema(path), selection.ruleset)
            connection.read_parquet(path).create_view(_TABLE)
        result = connection.sql(query).to_arrow_table()
    finally:
        connection.close()
    schema = status_schema(selection)
    for option in selection.options:
        index = result.schema.get_field_index(option.id)
        result = result.set_column(index, option.id, statuses_of(result.column(index)))
    return result.cast(schema)
