"""Cohorts as tables: the facts of many patients in one Arrow table, and every option's
criteria run over it as SQL (the ``cohort`` extra: pyarrow, DuckDB, sqlglot).

* :func:`fact_table` derives the facts of ``(key, patient)`` pairs into a
  :class:`pyarrow.Table`, one row per patient, one column per fact (NULL is unknown; an
  interval fact also has its upper bound, ``<fact>__upper``), in parallel processes
  with ``jobs``; :func:`write_fact_table` writes it as Parquet, re-deriving only the
  patients whose documents changed since the previous file; :func:`read_patients` reads
  patients from JSON files, folders and JSON Lines (a :class:`PatientFiles`, whose
  documents worker processes read themselves).
* :func:`compile_sql` compiles the criteria of a ruleset's options (and local trials)
  to one SQL ``SELECT`` over that table, with SQL ``NULL`` as unknown, for DuckDB or
  Spark (through sqlglot); :func:`run_duckdb` runs it on an embedded DuckDB,
  :func:`run_spark` on a Spark session.
* :func:`attrition` counts, rule by rule in the option's order, the patients each
  top-level rule passes, fails and leaves unknown, and the cohort left after it (an
  inclusion-rule attrition table in three values); :func:`completeness` ranks the
  missing facts by how many undecided results each alone would decide.
* :func:`interpreter_statuses` gives the same status table from allmodel's own
  evaluator (the one :func:`~allmodel.screen` uses): the reference the SQL is tested
  against.

A status table has ``key``, ``as_of``, then for each option a column named by its id
holding its status (``'eligible'``, ``'not_eligible'``, ``'unknown'``; dictionary-encoded,
:func:`status_type`), followed by one boolean column per top-level rule, ``<option
id>.<rule id>`` (NULL: unknown); see :func:`status_columns` and :func:`top_level_rules`.

Nothing here is imported by the rest of allmodel, and the optional libraries are
imported only when a function needs them (an ``ImportError`` then names the extra to
install).
"""

from allmodel.cohort._attrition import Attrition, AttritionStep, attrition
from allmodel.cohort._columns import FACT_TABLE_FORMAT, fact_schema, upper_column
from allmodel.cohort._compile import DIALECTS, compile_sql
from allmodel.cohort._completeness import Completeness, MissingFact, completeness
from allmodel.cohort._documents import PatientFiles, document_hash, read_patients
from allmodel.cohort._duckdb import run_duckdb
from allmodel.cohort._interpreter import interpreter_statuses
from allmodel.cohort._parquet import FactTableWrite, write_fact_table
from allmodel.cohort._spark import run_spark
from allmodel.cohort._statuses import (
    STATUS_TABLE_FORMAT,
    STATUSES,
    rule_column,
    status_columns,
    status_type,
    top_level_rules,
)
from allmodel.cohort._table import fact_table

__all__ = [
    "DIALECTS",
    "FACT_TABLE_FORMAT",
    "STATUSES",
    "STATUS_TABLE_FORMAT",
    "Attrition",
    "AttritionStep",
    "Completeness",
    "FactTableWrite",
    "MissingFact",
    "PatientFiles",
    "attrition",
    "compile_sql",
    "completeness",
    "document_hash",
    "fact_schema",
    "fact_table",
    "interpreter_statuses",
    "read_patients",
    "rule_column",
    "run_duckdb",
    "run_spark",
    "status_columns",
    "status_type",
    "top_level_rules",
    "upper_column",
    "write_fact_table",
]
