"""The facts of many patients as one Arrow table (layout: :mod:`allmodel.cohort._columns`).

Each patient's facts are derived by :func:`~allmodel.facts.derive_facts` with the
ruleset's validity windows, every fact (not only those some option reads), and the rows
are turned into columns a batch at a time. With ``jobs`` above one the batches are
derived in that many worker processes (:mod:`allmodel.cohort._derivation`: patients
read from files are read there, and each batch comes back as Arrow columns); the batches
come back in input order, so the table is the same as with one process.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from allmodel.catalogue import default_ruleset
from allmodel.cohort._columns import fact_schema, rows_batch, table_metadata
from allmodel.cohort._derivation import Item, Reuse, derive_batches
from allmodel.cohort._documents import PatientFiles
from allmodel.cohort._extra import need
from allmodel.criteria import Ruleset
from allmodel.dates import require_date
from allmodel.errors import ArgumentError, Problem
from allmodel.model._patient import Patient

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["check_jobs", "derived_table", "fact_table", "rows_batch"]


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
            registry's pseudonym) and is never read otherwise. From
            :func:`~allmodel.cohort.read_patients`, the documents are read in the worker
            processes (with ``jobs`` above one), and those that cannot be read go to its
            ``on_error``.
        as_of: The date the facts describe.
        ruleset: The ruleset whose validity windows decide which results are current
            (:func:`~allmodel.catalogue.default_ruleset` when ``None``); it is recorded
            in the table's metadata.
        jobs: Derive in this many processes (the table is the same as with one).
            Documents from :func:`~allmodel.cohort.read_patients` are read by the
            workers themselves. On Linux, called from the main thread with no other
            Python thread running, the workers are forked: they start at once and take
            patients given in memory as a list or tuple from their own copy of it;
            otherwise they are spawned (they import allmodel first, and patients in
            memory are pickled to them, which costs about as much as deriving their
            facts). :mod:`allmodel.cohort._derivation` gives the reasons.

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
    table, _ = derived_table(patients, as_of, chosen, jobs, None)
    return table


def derived_table(
    patients: Iterable[tuple[str, Patient]],
    as_of: date,
    ruleset: Ruleset,
    jobs: int,
    reuse: Reuse | None,
) -> tuple[pa.Table, list[int | None]]:
    """The table of the rows derived (those ``reuse`` does not hold), and for each patient
    read, the index of the row of the earlier table it reuses or ``None`` (its row is the
    next derived). Documents of :class:`~allmodel.cohort.PatientFiles` that cannot be read
    are reported to its ``on_error`` (or raised) and left out."""
    pa = need("pyarrow")
    schema = fact_schema(table_metadata(ruleset))
    files = patients if isinstance(patients, PatientFiles) else None
    items: Iterable[Item] = patients if files is None else files.documents()
    batches: list[Any] = []
    places: list[int | None] = []
    with contextlib.closing(derive_batches(items, as_of, ruleset.validity, jobs, reuse)) as rows:
        for batch in rows:
            for label, error in batch.failed:
                assert files is not None  # only documents fail to be read
                files.failed(label, error)
            places.extend(batch.places)
            batches.append(batch.rows)
    # one chunk per column (not one per batch of 512): engines scan large chunks faster
    return pa.Table.from_batches(batches, schema=schema).combine_chunks(), places
