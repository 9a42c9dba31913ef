"""A fact table as a Parquet file, written atomically and re-derived incrementally.

:func:`write_fact_table` writes :func:`~allmodel.cohort.fact_table`'s table to a
temporary file beside the target and moves it into place (``os.replace``): a reader sees
the old file or the new one, never half of one. Given the previous file, it derives only
the patients whose row is not there already: a row is reused when its key, its document
hash (:func:`~allmodel.cohort.document_hash`) and its ``as_of`` match, and the previous
file was derived for the same ruleset (content hash and validity windows) by the same
library version and in the same layout; otherwise every row is derived again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from allmodel.catalogue import default_ruleset
from allmodel.cohort._columns import (
    AS_OF,
    DOCUMENT_HASH,
    KEY,
    fact_schema,
    read_metadata,
    table_metadata,
)
from allmodel.cohort._extra import need
from allmodel.cohort._table import check_jobs, derived_table
from allmodel.criteria import Ruleset
from allmodel.dates import require_date
from allmodel.model._patient import Patient

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FactTableWrite", "write_fact_table"]


@attrs.frozen(kw_only=True)
class FactTableWrite:
    """What :func:`write_fact_table` did.

    Args:
        rows: Rows written.
        derived: Rows whose facts were derived.
        reused: Rows taken from the previous file unchanged.
    """

    rows: int
    derived: int
    reused: int


def _reusable(previous: str | os.PathLike[str] | None, schema: pa.Schema) -> pa.Table | None:
    """The previous table, when its rows may be reused under ``schema``; else None."""
    if previous is None or not Path(previous).exists():
        return None
    table = need("pyarrow.parquet").read_table(os.fspath(previous))
    if read_metadata(table.schema) != read_metadata(schema):
        return None
    if not table.schema.equals(schema, check_metadata=False):
        return None
    return table


def _write_atomic(table: pa.Table, path: str | os.PathLike[str]) -> None:
    target = Path(path)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name[:100]}.", suffix=".tmp", dir=target.parent
    )
    os.close(descriptor)
    try:
        need("pyarrow.parquet").write_table(table, temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_fact_table(
    path: str | os.PathLike[str],
    patients: Iterable[tuple[str, Patient]],
    *,
    as_of: date,
    ruleset: Ruleset | None = None,
    jobs: int = 1,
    previous: str | os.PathLike[str] | None = None,
) -> FactTableWrite:
    """Write the fact table of ``patients`` (:func:`~allmodel.cohort.fact_table`) as
    Parquet at ``path``, atomically.

    Args:
        path: The file to write (replaced whole, or left as it was when anything fails).
        patients: ``(key, patient)`` pairs, as for :func:`~allmodel.cohort.fact_table`.
        as_of: The date the facts describe.
        ruleset: The ruleset whose validity windows apply (the default when ``None``).
        jobs: Derive in this many processes.
        previous: A fact table's Parquet file written before (may be ``path`` itself):
            rows whose key, document hash and ``as_of`` are unchanged are copied from
            it instead of derived again. A missing file, or one written for another
            ruleset, library version or layout, is not used.

    Returns:
        How many rows were written, derived and reused.

    Raises:
        ArgumentError: ``as_of`` is not a date, or ``jobs`` is not a whole number >= 1.
        ChronologyError: A patient's date of birth is impossible for ``as_of``.
        OSError: The file could not be written (the previous file is unchanged).
        ImportError: pyarrow (the ``cohort`` extra) is not installed.
    """
    require_date(as_of, "as_of")
    check_jobs(jobs)
    chosen = default_ruleset() if ruleset is None else ruleset
    pa = need("pyarrow")
    schema = fact_schema(table_metadata(chosen))
    before = _reusable(previous, schema)
    reuse = {} if before is None else _rows_of(before, as_of)
    new, places = derived_table(patients, as_of, chosen, jobs, reuse)
    kept = [place for place in places if place is not None]
    if before is None or not kept:
        _write_atomic(new, path)
        return FactTableWrite(rows=new.num_rows, derived=new.num_rows, reused=0)
    reused = before.take(pa.array(kept, pa.int64())).replace_schema_metadata(schema.metadata)
    merged = pa.concat_tables([reused, new])
    order: list[int] = []
    old_position, new_position = 0, len(kept)
    for place in places:
        if place is None:
            order.append(new_position)
            new_position += 1
        else:
            order.append(old_position)
            old_position += 1
    table = merged.take(pa.array(order, pa.int64()))
    _write_atomic(table, path)
    return FactTableWrite(rows=table.num_rows, derived=new.num_rows, reused=len(kept))


def _rows_of(table: pa.Table, as_of: date) -> dict[tuple[str, str], int]:
    """The rows of ``table`` derived as of ``as_of``: their index by key and document hash."""
    return {
        (key, digest): index
        for index, (key, digest, when) in enumerate(
            zip(
                table.column(KEY).to_pylist(),
                table.column(DOCUMENT_HASH).to_pylist(),
                table.column(AS_OF).to_pylist(),
                strict=True,
            )
        )
        if when == as_of
    }
