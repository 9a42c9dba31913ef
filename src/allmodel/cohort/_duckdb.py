"""The compiled criteria on an embedded, in-memory DuckDB: the status table of a fact
table (an Arrow table, or a Parquet file read in place)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from allmodel.cohort._columns import check_metadata
from allmodel.cohort._compile import compile_sql
from allmodel.cohort._extra import need
from allmodel.cohort._selection import OptionSelection, select
from allmodel.cohort._statuses import status_schema
from allmodel.criteria import Jurisdiction, JurisdictionCode, Ruleset
from allmodel.errors import ArgumentError, Problem

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["run_duckdb"]

#: The name the fact table has in the query.
_TABLE = "facts"


def run_duckdb(
    facts: pa.Table | str | os.PathLike[str],
    *,
    ruleset: Ruleset | None = None,
    options: OptionSelection = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
    threads: int | None = None,
) -> pa.Table:
    """The status table of a fact table, computed by DuckDB from :func:`compile_sql`'s query.

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
    query = compile_sql(
        ruleset=selection.ruleset,
        options=selection.options,
        jurisdiction=selection.jurisdiction,
        dialect="duckdb",
        table=_TABLE,
    )
    config = {} if threads is None else {"threads": threads}
    connection = duckdb.connect(":memory:", config=config)
    try:
        if isinstance(facts, pa.Table):
            check_metadata(facts.schema, selection.ruleset)
            connection.register(_TABLE, facts)
        else:
            path = os.fspath(facts)
            check_metadata(need("pyarrow.parquet").read_schema(path), selection.ruleset)
            connection.read_parquet(path).create_view(_TABLE)
        result = connection.sql(query).to_arrow_table()
    finally:
        connection.close()
    return result.cast(status_schema(selection))
