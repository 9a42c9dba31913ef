"""Fact rows of many patients, derived here or in worker processes, with the rows an
earlier table already holds reused.

An item is a ``(key, patient)`` pair or a document not yet read
(:data:`~allmodel.cohort._documents.Document`: :class:`~allmodel.cohort.PatientFiles`
gives those). Items are taken in batches of 512; for each item a batch gives its document
hash (:func:`~allmodel.cohort.document_hash`: of the document as decoded, for a document
read here; of the patient's, for a patient) and where its row comes from: a row of the
earlier table whose key and hash are the same (``reuse``), or its facts derived now (their
values and upper bounds, as :func:`~allmodel.facts.derive_facts` gives them). A document
that cannot be read, or whose patient has no facts on ``as_of`` (a date of birth after
it), is returned with its error (paths from ``$``), for the caller to report; the other
rows are kept. The rows derived come back as an Arrow record batch
(:func:`~allmodel.cohort._columns.rows_batch`).

With ``jobs`` above one the batches go to that many worker processes, at most two per
worker in flight, and come back in input order. A worker builds its batch's Arrow
columns itself and sends them as one Arrow IPC buffer (reading it costs the caller
about 0.1 µs a row, against about 6.6 µs to unpickle the rows and build the columns).
Documents are read in the workers: reading and checking them costs more than deriving
the facts, and sending a document costs far less than sending the patient read from it.

How the workers start (:func:`start_method`): by ``fork`` when that is safe, else by
``spawn``. A forked worker starts with this process's memory (copy-on-write): nothing
is imported again (a spawned worker imports allmodel and pyarrow first, about half a
second), and patients given in memory as a sequence (a list, a tuple) are not sent at
all: each task is a range of positions in the sequence the worker already holds
(pickling a patient costs the caller about as much as deriving its facts). Patients in
any other iterable are sent a batch at a time, as to spawned workers.

``fork`` is used only where it is known to be safe for this work:

* on Linux (on macOS, system libraries may crash a forked child; Windows has no fork);
* when the calling thread is the main thread and the only Python thread: no lock of
  the caller's Python code (a logging handler, a cached property, a queue) can then be
  held by another thread when the process forks, to deadlock the child that needs it;
* and before this module starts any thread itself: the workers are all forked when the
  first task is submitted, before the pool's own threads start.

Native threads of C libraries may be running (importing pyarrow starts a background
thread of its allocator, numpy's BLAS starts its own, reading Parquet starts Arrow's
thread pool): these libraries register handlers that leave their state consistent
across a fork, and of C libraries a worker uses only pyarrow (its memory pool, to build
and serialize the batch) and the SHA-256 of :mod:`hashlib`. A worker runs only
:func:`batch_rows` on its items (with the :data:`Reuse` and the policy given) and ends
without running the caller's ``atexit`` handlers; it writes to no file or stream of the
caller's (multiprocessing flushes the standard streams before it forks). Python 3.12
and later warn (``DeprecationWarning``) on any fork of a process with more than one OS
thread, whatever the threads are; for these forks the conditions above are what
matters, and that warning is not shown. Otherwise (another Python thread, another platform) the
workers are spawned and share nothing with the caller's state, at the cost of their
start and of pickling the patients.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import sys
import threading
import warnings
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import TYPE_CHECKING, Literal

import attrs

from allmodel.cohort._columns import fact_schema, rows_batch
from allmodel.cohort._documents import Document, decoded_hash, patient_hash
from allmodel.cohort._extra import need
from allmodel.errors import DocumentError, ValidationError
from allmodel.facts import ValidityPolicy
from allmodel.facts._bounds import fact_bounds
from allmodel.io._documents import read_patient_document
from allmodel.model._patient import Patient

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["BatchRows", "Item", "Reuse", "batch_rows", "derive_batches", "start_method"]

#: Items per batch (per task, with worker processes).
BATCH = 512

#: What is derived: a ``(key, patient)`` pair or a document not yet read.
Item = tuple[str, Patient] | Document

#: The rows an earlier table holds, by ``(key, document hash)``: the row's index there.
Reuse = Mapping[tuple[str, str], int]

#: How worker processes start.
StartMethod = Literal["fork", "spawn"]


@attrs.frozen
class BatchRows:
    """What one batch of items gave, in item order.

    Args:
        rows: The rows derived (:func:`~allmodel.cohort._columns.rows_batch`: key,
            ``as_of``, document hash and facts; no schema metadata).
        places: For each item read, the index of the earlier table's row it reuses, or
            ``None`` for the next row derived.
        failed: The documents that could not be read, or whose patient has no facts on
            ``as_of`` (a date of birth after it): label and error.
    """

    rows: pa.RecordBatch
    places: list[int | None]
    failed: list[tuple[str, DocumentError]]


def batch_rows(
    items: Iterable[Item], as_of: date, validity: ValidityPolicy, reuse: Reuse
) -> BatchRows:
    """The rows of ``items``: each read (documents), hashed, and reused or derived."""
    keys: list[str] = []
    hashes: list[str] = []
    lows: list[tuple[object, ...]] = []
    highs: list[tuple[object, ...]] = []
    places: list[int | None] = []
    failed: list[tuple[str, DocumentError]] = []
    for item in items:
        label: str | None = None
        if len(item) == 3:
            label, key, source = item
            try:
                document, patient = read_patient_document(source)
            except DocumentError as error:
                failed.append((label, error))
                continue
            digest = decoded_hash(document)  # the file's document, not the patient again
        else:
            key, patient = item
            digest = patient_hash(patient)
        place = reuse.get((key, digest)) if reuse else None
        if place is None:
            try:
                low, high = fact_bounds(patient, as_of, validity)
            except ValidationError as error:  # a date of birth impossible for as_of, ...
                if label is None:  # a patient given in memory: the caller's to handle
                    raise
                problems = [problem.prefixed("$") for problem in error.problems]
                failed.append((label, DocumentError(problems)))
                continue
            keys.append(key)
            hashes.append(digest)
            lows.append(low)
            highs.append(high)
        places.append(place)
    return BatchRows(rows_batch(keys, hashes, as_of, lows, highs), places, failed)


def start_method() -> StartMethod:
    """How worker processes start now: ``fork`` on Linux when the calling thread is the
    main thread and the only Python thread, else ``spawn`` (the module docstring gives
    the reasons)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return "spawn"
    if threading.current_thread() is not threading.main_thread():
        return "spawn"
    if threading.active_count() != 1:
        return "spawn"
    return "fork"


#: What a worker sends back for a batch: its rows as one Arrow IPC message (the fact
#: schema, without metadata, is known to both sides), its places and its failures.
_Sent = tuple[bytes, list[int | None], list[tuple[str, DocumentError]]]

#: ``reuse`` in a worker process (set once when the worker starts).
_WORKER_REUSE: Reuse = {}
#: The items a forked worker holds from its start (tasks then name ranges of them).
_WORKER_ITEMS: Sequence[Item] = ()


def _start_worker(reuse: Reuse, items: Sequence[Item]) -> None:
    global _WORKER_REUSE, _WORKER_ITEMS  # noqa: PLW0603  (a worker's state, set at its start)
    _WORKER_REUSE = reuse
    _WORKER_ITEMS = items


def _sent(rows: BatchRows) -> _Sent:
    return rows.rows.serialize().to_pybytes(), rows.places, rows.failed


def _worker_batch(items: list[Item], as_of: date, validity: ValidityPolicy) -> _Sent:
    return _sent(batch_rows(items, as_of, validity, _WORKER_REUSE))


def _worker_range(start: int, stop: int, as_of: date, validity: ValidityPolicy) -> _Sent:
    return _sent(batch_rows(_WORKER_ITEMS[start:stop], as_of, validity, _WORKER_REUSE))


def _received(sent: _Sent, schema: pa.Schema) -> BatchRows:
    pa = need("pyarrow")
    data, places, failed = sent
    return BatchRows(pa.ipc.read_record_batch(pa.py_buffer(data), schema), places, failed)


@contextlib.contextmanager
def _fork_unwarned() -> Iterator[None]:
    """Python >= 3.12 warns on a fork of a process with several OS threads, whatever they
    are; the conditions of :func:`start_method` make these forks safe (module
    docstring). The workers are all forked on the first submit, inside this. The
    warning filters are the process's: changed only by the only Python thread."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", r".*is multi-threaded, use of fork\(\)", DeprecationWarning
        )
        yield


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


def _shared(items: Iterable[Item]) -> Sequence[Item] | None:
    """``items`` when a forked worker can take them from its memory: a list or tuple."""
    return items if isinstance(items, list | tuple) else None


def derive_batches(
    items: Iterable[Item],
    as_of: date,
    validity: ValidityPolicy,
    jobs: int,
    reuse: Reuse | None = None,
    *,
    start: StartMethod | None = None,
) -> Generator[BatchRows, None, None]:
    """The rows of ``items`` a batch at a time, in order: here, or in ``jobs`` worker
    processes (memory stays bounded: at most two batches per worker in flight), started
    by ``start`` (:func:`start_method` when ``None``)."""
    chosen: Reuse = reuse or {}
    if jobs == 1:
        for batch in _batches(items):
            yield batch_rows(batch, as_of, validity, chosen)
        return
    method = start_method() if start is None else start
    shared = _shared(items) if method == "fork" else None
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        # forked workers inherit these (nothing is pickled); spawned ones get a copy
        initargs=(dict(chosen), () if shared is None else shared),
    )
    tasks: Iterator[Future[_Sent]]
    schema = fact_schema()
    try:
        with _fork_unwarned() if method == "fork" else contextlib.nullcontext():
            if shared is None:
                tasks = (pool.submit(_worker_batch, b, as_of, validity) for b in _batches(items))
            else:
                tasks = (
                    pool.submit(_worker_range, low, low + BATCH, as_of, validity)
                    for low in range(0, len(shared), BATCH)
                )
            pending: collections.deque[Future[_Sent]] = collections.deque(
                itertools.islice(tasks, 1)
            )
        for task in tasks:
            pending.append(task)
            if len(pending) >= 2 * jobs:
                yield _received(pending.popleft().result(), schema)
        while pending:
            yield _received(pending.popleft().result(), schema)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
