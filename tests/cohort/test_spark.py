"""The same compiled criteria on Spark (local[2]): the status table of 1,000 synthetic
patients and of random fact rows is the interpreter's, cell for cell, US and EU, local
trial included."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyspark.sql import DataFrame, SparkSession

from allmodel.catalogue import default_ruleset
from allmodel.cli import main
from allmodel.cohort import (
    fact_table,
    interpreter_statuses,
    run_duckdb,
    run_spark,
    write_fact_table,
)
from allmodel.criteria import JurisdictionCode, Option
from allmodel.examples import local_trial, patients
from allmodel.synthetic import synthetic_cohort
from tests.cohort.rows import decoded, random_rows, table_of

#: Every test that needs the Spark session lives in this file: ``make test`` runs with
#: ``--dist loadfile``, so one xdist worker runs them all and one JVM starts.

AS_OF = date(2022, 12, 31)


def _options() -> list[Option]:
    return [*default_ruleset().options, local_trial()]


def _collect(frame: DataFrame, expected: pa.Table) -> pa.Table:
    """A Spark DataFrame's rows as an Arrow table with the expected schema (statuses as
    plain strings)."""
    found: pa.Table = frame.toArrow()
    return found.cast(decoded(expected).schema)


@pytest.mark.parametrize("jurisdiction", ["US", "EU"])
def test_spark_agrees_with_the_interpreter(
    spark: SparkSession, tmp_path: Path, jurisdiction: JurisdictionCode
) -> None:
    """1,000 synthetic patients (from a Parquet file) and 1,000 random rows (from a
    DataFrame read by Spark): every status and every top-level rule as the interpreter has it."""
    options = _options()
    pairs = [(f"p{i}", p) for i, p in enumerate(synthetic_cohort(1000, as_of=AS_OF, seed=7))]
    path = tmp_path / "facts.parquet"
    write_fact_table(path, pairs, as_of=AS_OF)
    expected = interpreter_statuses(pq.read_table(path), options=options, jurisdiction=jurisdiction)
    found = run_spark(path, spark_session=spark, options=options, jurisdiction=jurisdiction)
    assert _collect(found, expected).equals(decoded(expected))

    rows = table_of(random_rows(1000, options, seed=11))
    expected = interpreter_statuses(rows, options=options, jurisdiction=jurisdiction)
    pq.write_table(rows, tmp_path / "rows.parquet")
    frame = spark.read.parquet(str(tmp_path / "rows.parquet"))
    found = run_spark(frame, spark_session=spark, options=options, jurisdiction=jurisdiction)
    assert _collect(found, expected).equals(decoded(expected))


def test_the_temporary_view_is_dropped(spark: SparkSession, tmp_path: Path) -> None:
    """run_spark leaves no view behind, and its DataFrame still reads after that."""
    pairs = [("a", synthetic_cohort(1, as_of=AS_OF)[0])]
    pq.write_table(fact_table(pairs, as_of=AS_OF), tmp_path / "one.parquet")
    frame = spark.read.parquet(str(tmp_path / "one.parquet"))
    before = {table.name for table in spark.catalog.listTables()}
    found = run_spark(frame, spark_session=spark, options=["blinatumomab"])
    assert {table.name for table in spark.catalog.listTables()} == before
    assert found.count() == 1


def test_the_cli_engine_spark_gives_duckdbs_table(tmp_path: Path, spark: SparkSession) -> None:
    """``allmodel cohort run --engine spark`` writes DuckDB's status table."""
    facts = tmp_path / "facts.parquet"
    pq.write_table(fact_table(sorted(patients().items()), as_of=AS_OF), facts)
    output = tmp_path / "statuses.parquet"
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["cohort", "run", str(facts), "-o", str(output), "--engine", "spark"],
        stdout=out,
        stderr=err,
        today=lambda: AS_OF,
    )
    assert code == 0, err.getvalue()
    expected = decoded(run_duckdb(facts))
    assert pq.read_table(output).cast(expected.schema).equals(expected)
