"""The public face of the SQL compiler (:mod:`allmodel.cohort._sql`): the status table's
query for a choice of ruleset, options and jurisdiction, in DuckDB's or Spark's dialect."""

from __future__ import annotations

from allmodel.cohort._extra import need
from allmodel.cohort._selection import OptionSelection, select
from allmodel.criteria import Jurisdiction, JurisdictionCode, Ruleset
from allmodel.errors import ArgumentError, Problem

__all__ = ["DIALECTS", "compile_sql"]

#: The SQL dialects the compiled criteria are tested on.
DIALECTS = ("duckdb", "spark")


def compile_sql(
    *,
    ruleset: Ruleset | None = None,
    options: OptionSelection = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
    dialect: str = "duckdb",
    table: str = "facts",
) -> str:
    """One SQL ``SELECT`` over a fact table giving the status table.

    Args:
        ruleset: The ruleset (:func:`~allmodel.catalogue.default_ruleset` when ``None``).
        options: Option ids of the ruleset and/or extra options (local trials);
            ``None``: every option of the ruleset.
        jurisdiction: ``"US"`` or ``"EU"`` (label-based rules are decided at compile time).
        dialect: ``"duckdb"`` or ``"spark"``.
        table: The name of the fact table (:func:`~allmodel.cohort.fact_table`'s layout).

    Returns:
        The query: ``key``, ``as_of``, then for each option its status and its top-level
        rules (:func:`~allmodel.cohort.status_columns`).

    Raises:
        ArgumentError: A dialect other than those tested.
        RuleError: An unknown option id or jurisdiction.
        ImportError: sqlglot (the ``cohort`` extra) is not installed.
    """
    if dialect not in DIALECTS:
        raise ArgumentError(
            [Problem("dialect", f"must be one of {', '.join(DIALECTS)}, not {dialect!r:.40}")]
        )
    chosen = select(ruleset, options, jurisdiction)
    need("sqlglot")
    from allmodel.cohort._sql import query  # noqa: PLC0415  (imports sqlglot)

    return query(chosen, dialect, table)
