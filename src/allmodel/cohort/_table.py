"""The facts of many patients as one Arrow table (layout: :mod:`allmodel.cohort._columns`).

Each patient's facts are derived by :func:`~allmodel.facts.derive_facts` with the
ruleset's validity windows, every fact (not only those some option reads), and the rows
are turned into columns a batch at a time. With ``jobs`` above one the batches are
derived in that many worker processes (started with ``spawn``, so they share nothing
with the caller's state); the batches come back in input order, so the table is the same
as with one process.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import TYPE_CHECKING, Any

from allmodel.catalogue import default_ruleset
from allmodel.cohort._columns import fact_schema, table_metadata
from allmodel.cohort._documents import document_hash
from allmodel.cohort._extra import need
from allmodel.criteria import Ruleset
from allmodel.dates import require_date
from allmodel.errors import ArgumentError, Problem
from allmodel.facts import FACTS, ValidityPolicy, derive_facts
from allmodel.model._patient import Patient

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["check_jobs", "derive_batch", "derive_batches", "fact_table", "rows_batch"]

#: Patients per batch (per task, with worker processes).
_BATCH = 512

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


def derive_batch(
    pairs: Sequence[tuple[str, Patient]], as_of: date, validity: ValidityPolicy
) -> pa.RecordBatch:
    """The fact table rows of ``pairs`` (no schema metadata), in order."""
    rows = [derive_facts(patient, as_of=as_of, validity=validity) for _, patient in pairs]
    return rows_batch(
        [key for key, _ in pairs],
        [document_hash(patient) for _, patient in pairs],
        as_of,
        [row.values for row in rows],
        [row.upper for row in rows],
    )


def _batches(
    pairs: Iterable[tuple[str, Patient]], size: int
) -> Iterator[list[tuple[str, Patient]]]:
    iterator = iter(pairs)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def derive_batches(
    pairs: Iterable[tuple[str, Patient]], as_of: date, validity: ValidityPolicy, jobs: int
) -> Iterator[pa.RecordBatch]:
    """The rows of ``pairs`` a batch at a time, in order: here, or in ``jobs`` spawned
    worker processes (at most two batches per worker in flight, so memory stays bounded)."""
    if jobs == 1:
        for batch in _batches(pairs, _BATCH):
            yield derive_batch(batch, as_of, validity)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending: collections.deque[Future[pa.RecordBatch]] = collections.deque()
        for batch in _batches(pairs, _BATCH):
            pending.append(pool.submit(derive_batch, batch, as_of, validity))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def check_jobs(jobs: object) -> int:
    """``jobs`` when it is a whole number of processes, at least one.

    Raises:
        ArgumentError: It is not.
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ArgumentError([Problem("jobs", f"must be a whole number >= 1, not {jobs!r:.40}")])
    return jobs


def fact_table(
    patients: Iterable[tuple[str, Patient]],
    *,
    as_of: date,
    ruleset: Ruleset | None = None,
    jobs: int = 1,
) -> pa.Table:
    """The facts of many patients as a :class:`pyarrow.Table`, one row per patient.

    Args:
        patients: ``(key, patient)`` pairs; the key labels the row (a file name, a
            registry's pseudonym) and is never read otherwise.
        as_of: The date the facts describe.
        ruleset: The ruleset whose validity windows decide which results are current
            (:func:`~allmodel.catalogue.default_ruleset` when ``None``); it is recorded
            in the table's metadata.
        jobs: Derive in this many processes (the table is the same as with one).

    Returns:
        The table described in :mod:`allmodel.cohort` (``key``, ``as_of``,
        ``document_hash``, one column per fact, ``<fact>__upper`` for interval facts).

    Raises:
        ArgumentError: ``as_of`` is not a date, or ``jobs`` is not a whole number >= 1.
        ChronologyError: A patient's date of birth is impossible for ``as_of``.
        ImportError: pyarrow (the ``cohort`` extra) is not installed.
    """
    require_date(as_of, "as_of")
    check_jobs(jobs)
    chosen = default_ruleset() if ruleset is None else ruleset
    pa = need("pyarrow")
    schema = fact_schema(table_metadata(chosen))
    batches = list(derive_batches(patients, as_of, chosen.validity, jobs))
    # one chunk per column (not one per batch of 512): engines scan large chunks faster
    return pa.Table.from_batches(batches, schema=schema).combine_chunks()
