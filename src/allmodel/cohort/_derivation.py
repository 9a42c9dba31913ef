"""Fact rows of many patients, derived here or in worker processes, with the rows an
earlier table already holds reused.

An item is a ``(key, patient)`` pair or a document not yet read
(:data:`~allmodel.cohort._documents.Document`: :class:`~allmodel.cohort.PatientFiles`
gives those). Items are taken in batches of 512; for each item a batch gives its document
hash (:func:`~allmodel.cohort.document_hash`: of the document as decoded, for a
document read here; of the patient's, for a patient) and where its row comes from: a row of the
earlier table whose key and hash are the same (``reuse``), or its facts derived now by
:func:`~allmodel.facts.derive_facts`. A document that cannot be read, or whose patient has
no facts on ``as_of`` (a date of birth after it), is returned with its error (paths from
``$``), for the caller to report; the other rows are kept.

With ``jobs`` above one the batches go to that many worker processes (started with
``spawn``, so they share nothing with the caller's state; ``reuse`` is sent once to
each), at most two per worker in flight, and come back in input order. Documents are
then read in the workers: reading and checking them costs more than deriving the facts,
and sending a document costs far less than sending the patient read from it.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
from collections.abc import Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date

import attrs

from allmodel.cohort._documents import Document, decoded_hash, document_hash
from allmodel.errors import DocumentError, ValidationError
from allmodel.facts import ValidityPolicy, derive_facts
from allmodel.io._documents import read_patient_document
from allmodel.model._patient import Patient

__all__ = ["BatchRows", "Item", "Reuse", "batch_rows", "derive_batches"]

#: Items per batch (per task, with worker processes).
BATCH = 512

#: What is derived: a ``(key, patient)`` pair or a document not yet read.
Item = tuple[str, Patient] | Document

#: The rows an earlier table holds, by ``(key, document hash)``: the row's index there.
Reuse = Mapping[tuple[str, str], int]


@attrs.frozen
class BatchRows:
    """What one batch of items gave, in item order.

    Args:
        keys: The keys of the rows derived.
        hashes: Their document hashes.
        lows: Their facts' values (lower bounds), in :data:`~allmodel.facts.FACTS` order.
        highs: Their facts' upper bounds.
        places: For each item read, the index of the earlier table's row it reuses, or
            ``None`` for the next row derived.
        failed: The documents that could not be read, or whose patient has no facts on
            ``as_of`` (a date of birth after it): label and error.
    """

    keys: list[str]
    hashes: list[str]
    lows: list[tuple[object, ...]]
    highs: list[tuple[object, ...]]
    places: list[int | None]
    failed: list[tuple[str, DocumentError]]


def batch_rows(
    items: Iterable[Item], as_of: date, validity: ValidityPolicy, reuse: Reuse
) -> BatchRows:
    """The rows of ``items``: each read (documents), hashed, and reused or derived."""
    rows = BatchRows([], [], [], [], [], [])
    for item in items:
        label: str | None = None
        if len(item) == 3:
            label, key, source = item
            try:
                document, patient = read_patient_document(source)
            except DocumentError as error:
                rows.failed.append((label, error))
                continue
            digest = decoded_hash(document)  # the file's document, not the patient again
        else:
            key, patient = item
            digest = document_hash(patient)
        place = reuse.get((key, digest)) if reuse else None
        if place is None:
            try:
                facts = derive_facts(patient, as_of=as_of, validity=validity)
            except ValidationError as error:  # a date of birth impossible for as_of, ...
                if label is None:  # a patient given in memory: the caller's to handle
                    raise
                problems = [problem.prefixed("$") for problem in error.problems]
                rows.failed.append((label, DocumentError(problems)))
                continue
            rows.keys.append(key)
            rows.hashes.append(digest)
            rows.lows.append(facts.values)
            rows.highs.append(facts.upper)
        rows.places.append(place)
    return rows


#: ``reuse`` in a worker process (set once when the worker starts).
_WORKER_REUSE: Reuse = {}


def _start_worker(reuse: Reuse) -> None:
    global _WORKER_REUSE  # noqa: PLW0603  (a worker's one piece of state, set at its start)
    _WORKER_REUSE = reuse


def _worker_batch(items: list[Item], as_of: date, validity: ValidityPolicy) -> BatchRows:
    return batch_rows(items, as_of, validity, _WORKER_REUSE)


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


def derive_batches(
    items: Iterable[Item],
    as_of: date,
    validity: ValidityPolicy,
    jobs: int,
    reuse: Reuse | None = None,
) -> Generator[BatchRows, None, None]:
    """The rows of ``items`` a batch at a time, in order: here, or in ``jobs`` spawned
    worker processes (memory stays bounded: at most two batches per worker in flight)."""
    chosen: Reuse = reuse or {}
    if jobs == 1:
        for batch in _batches(items):
            yield batch_rows(batch, as_of, validity, chosen)
        return
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(dict(chosen),),
    )
    try:
        pending: collections.deque[Future[BatchRows]] = collections.deque()
        for batch in _batches(items):
            pending.append(pool.submit(_worker_batch, batch, as_of, validity))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
