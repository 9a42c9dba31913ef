"""The compiled criteria on Apache Spark: the status table of a fact table as a Spark
DataFrame (the ``spark`` extra, with the ``cohort`` extra for the compiler).

The query is :func:`~allmodel.cohort.compile_sql`'s in Spark's dialect, run by
``spark.sql`` over a temporary view of the facts; the view is dropped once the query
is analysed (the returned DataFrame no longer needs it).
"""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING

from allmodel.cohort._columns import check_metadata
from allmodel.cohort._compile import compile_sql
from allmodel.cohort._extra import need
from allmodel.cohort._selection import OptionSelection, select
from allmodel.criteria import Jurisdiction, JurisdictionCode, Ruleset

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["run_spark"]


def run_spark(
    facts: DataFrame | str | os.PathLike[str],
    *,
    spark_session: SparkSession,
    ruleset: Ruleset | None = None,
    options: OptionSelection = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
) -> DataFrame:
    """The status table of a fact table, as a Spark DataFrame.

    Args:
        facts: A ``pyspark.sql.DataFrame`` with the fact table's columns, or the path of
            a fact table's Parquet file (:func:`~allmodel.cohort.write_fact_table`).
        spark_session: The ``pyspark.sql.SparkSession`` to run on.
        ruleset: The ruleset (:func:`~allmodel.catalogue.default_ruleset` when ``None``).
        options: Option ids of the ruleset and/or extra options (local trials).
        jurisdiction: ``"US"`` or ``"EU"``.

    Returns:
        A DataFrame with the status table's columns
        (:func:`~allmodel.cohort.status_columns`); like every DataFrame, computed when
        an action reads it.

    Raises:
        RuleError: An unknown option id or jurisdiction; a Parquet file derived with
            other validity windows than the ruleset's.
        ImportError: PySpark (the ``spark`` extra) or sqlglot (``cohort``) is missing.
    """
    need("pyspark.sql")
    selection = select(ruleset, options, jurisdiction)
    if isinstance(facts, (str, os.PathLike)):
        path = os.fspath(facts)
        check_metadata(need("pyarrow.parquet").read_schema(path), selection.ruleset)
        frame = spark_session.read.parquet(path)
    else:
        frame = facts
    view = f"allmodel_facts_{uuid.uuid4().hex}"
    query = compile_sql(
        ruleset=selection.ruleset,
        options=selection.options,
        jurisdiction=selection.jurisdiction,
        dialect="spark",
        table=view,
    )
    frame.createOrReplaceTempView(view)
    try:
        return spark_session.sql(query)
    finally:
        spark_session.catalog.dropTempView(view)
