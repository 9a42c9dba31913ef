"""Cohort tables: fact-table throughput, and all options over a million fact rows on
DuckDB beside allmodel's own evaluator.

Run: ``.venv/bin/python benchmarks/bench_cohort.py [--patients 10000] [--rows 1000000]
[--interpreter-rows 100000] [--threads 2] [--repeat 3] [--facts-only]``

Reports, in one run (needs the ``cohort`` extra), wall-clock seconds (best of
``--repeat``) and CPU seconds (which a busy machine does not inflate): this process's,
and with ``jobs=2`` also the worker processes' (``+ ... workers``), with the CPU
microseconds per patient of both together:

1. :func:`allmodel.cohort.fact_table` of ``--patients`` synthetic patients with
   ``jobs=1`` and ``jobs=2`` (worker start-up included; the workers' start method is
   printed: forked workers take the patients from their memory, spawned ones are sent
   them pickled, and the workers' minor page faults: a forked worker copies each page
   of the patients it first writes to, if only a reference count), patients per second,
   and where the time of one process goes:
   deriving the facts (``fact_bounds``, what a table row takes: the values and upper
   bounds; ``derive_facts`` beside it, which adds the dates and remarks), the document
   hash, turning the rows into Arrow columns, and
   pickling the patients (what ``jobs=2`` pays in the parent process to send them to
   spawned workers); then the same
   patients read from a JSON Lines file (``read_patients``, as ``allmodel cohort
   facts`` does: with ``jobs=2`` the workers read the documents), ``load_patient``'s
   share beside it and that of the hash of the documents as decoded (``decoded_hash``,
   what a row read from a file is hashed by);
2. every option of the default ruleset (and its top-level rules) over ``--rows`` fact
   rows (the patients' table repeated) on DuckDB with ``--threads`` threads
   (:func:`~allmodel.cohort.run_duckdb`, the SQL compiled beforehand), rows per second,
   and the same with only the options' statuses exported (no rule columns);
3. :func:`allmodel.cohort.interpreter_statuses` (the Python evaluator screening uses)
   on the first ``--interpreter-rows`` of the same rows, rows per second, and the ratio
   of the two rates. The two status tables must be equal on those rows; the benchmark
   checks this.

``--facts-only`` stops after part 1. With ``PYTHONPATH=<another checkout>/src`` the same
script measures that checkout's library, for same-run comparisons; run by
``.venv-compiled/bin/python`` (``make compiled``) it measures the compiled build. The first
line says which build ran.

Targets (issue 13): fact table >= 30,000 patients/s with 2 processes; all options over
1M rows on DuckDB <= 2 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa

import allmodel
from allmodel._build import is_compiled
from allmodel.catalogue import default_ruleset
from allmodel.cohort import (
    compile_sql,
    document_hash,
    fact_table,
    interpreter_statuses,
    read_patients,
    run_duckdb,
)
from allmodel.cohort._documents import decoded_hash
from allmodel.cohort._selection import select
from allmodel.cohort._sql import query
from allmodel.cohort._table import rows_batch
from allmodel.facts import derive_facts
from allmodel.facts._bounds import fact_bounds
from allmodel.io import load_patient, patient_to_json
from allmodel.model import Patient
from allmodel.synthetic import synthetic_cohort

AS_OF = date(2022, 12, 31)
T = TypeVar("T")


def _timed(repeat: int, work: Callable[[], T]) -> tuple[float, float, T]:
    """The shortest wall-clock and CPU seconds of ``repeat`` runs of ``work``, and its
    last result."""
    wall, cpu, _, result = _timed_with_workers(repeat, work)
    return wall, cpu, result


def _timed_with_workers(repeat: int, work: Callable[[], T]) -> tuple[float, float, float, T]:
    """As :func:`_timed`, with the CPU seconds of the worker processes ``work`` started
    and waited for (of the run with the shortest wall-clock time)."""
    wall, cpu, workers, _, result = _timed_with_faults(repeat, work)
    return wall, cpu, workers, result


def _timed_with_faults(repeat: int, work: Callable[[], T]) -> tuple[float, float, float, int, T]:
    """As :func:`_timed_with_workers`, with the minor page faults of those workers (a
    forked worker's first write to a page it shares with this process, such as the
    reference count of a patient it reads, copies that page)."""
    runs = []
    for _ in range(max(1, repeat)):
        before, start = os.times(), time.perf_counter()
        faults = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
        result = work()
        wall, after = time.perf_counter() - start, os.times()
        faults = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - faults
        cpu = after.user + after.system - before.user - before.system
        workers = (
            after.children_user
            + after.children_system
            - before.children_user
            - before.children_system
        )
        runs.append((wall, cpu, workers, faults))
    wall, cpu, workers, faults = min(runs)
    return wall, cpu, workers, faults, result


def _line(name: str, wall: float, cpu: float, count: int, unit: str) -> None:
    print(f"   {name:<26} {wall:7.2f} s wall {cpu:7.2f} s CPU  {count / wall:12,.0f} {unit}/s")


def _parallel_line(name: str, wall: float, cpu: float, workers: float, count: int) -> None:
    """A line of :func:`_line` with the workers' CPU and the CPU per patient of all."""
    _line(name, wall, cpu, count, "patients")
    print(
        f"   {'':<26} {workers:7.2f} s CPU in workers,"
        f" {(cpu + workers) / count * 1e6:,.0f} µs CPU per patient in all"
    )


def _start_method() -> str:
    """How fact_table starts its workers here (spawn in versions without the choice)."""
    try:
        from allmodel.cohort._derivation import start_method  # noqa: PLC0415
    except ImportError:
        return "spawn"
    return str(start_method())


def _build() -> str:
    """Which build of allmodel runs: the compiled one (README, "Compiled build") has its
    fact derivation in extension modules."""
    where = Path(str(allmodel.__file__)).parent
    return f"compiled (mypyc), from {where}" if is_compiled() else f"pure Python, from {where}"


def _facts(pairs: list[tuple[str, Patient]], repeat: int) -> pa.Table:
    count = len(pairs)
    print(f"1. fact table of {count:,} patients")
    fact_table(pairs[:10], as_of=AS_OF)  # imports pyarrow once, outside the timings
    wall, cpu, table = _timed(repeat, lambda: fact_table(pairs, as_of=AS_OF, jobs=1))
    _line("fact_table, jobs=1", wall, cpu, count, "patients")
    wall2, cpu2, workers, faults, parallel = _timed_with_faults(
        repeat, lambda: fact_table(pairs, as_of=AS_OF, jobs=2)
    )
    assert parallel.equals(table), "jobs=2 gave another table"
    _parallel_line(f"fact_table, jobs=2 ({_start_method()})", wall2, cpu2, workers, count)
    print(f"   {'':<26} {faults:,} page faults in workers ({faults / count:.2f} a patient)")
    print(f"   jobs=2 is {wall / wall2:.2f}x jobs=1")
    validity = default_ruleset().validity
    print("   one process, where the time goes:")
    wall, cpu, rows = _timed(repeat, lambda: [fact_bounds(p, AS_OF, validity) for _, p in pairs])
    _line("fact_bounds (derive)", wall, cpu, count, "patients")
    wall, cpu, _ = _timed(
        repeat, lambda: [derive_facts(p, as_of=AS_OF, validity=validity) for _, p in pairs]
    )
    _line("derive_facts", wall, cpu, count, "patients")
    wall, cpu, hashes = _timed(repeat, lambda: [document_hash(p) for _, p in pairs])
    _line("document_hash", wall, cpu, count, "patients")
    keys = [key for key, _ in pairs]
    lows, highs = [low for low, _ in rows], [high for _, high in rows]
    wall, cpu, _ = _timed(repeat, lambda: rows_batch(keys, hashes, AS_OF, lows, highs))
    _line("rows to Arrow", wall, cpu, count, "patients")
    wall, cpu, _ = _timed(repeat, lambda: pickle.dumps(pairs, protocol=pickle.HIGHEST_PROTOCOL))
    _line("pickling (spawned workers)", wall, cpu, count, "patients")
    _from_files(pairs, table, repeat)
    return table


def _from_files(pairs: list[tuple[str, Patient]], table: pa.Table, repeat: int) -> None:
    """The same patients read from a JSON Lines file (what ``allmodel cohort facts``
    does): with jobs=2 the workers read the documents themselves."""
    count = len(pairs)
    print(f"   from one JSON Lines file of {count:,} documents (reading them included):")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.jsonl"
        path.write_text(
            "".join(patient_to_json(p, indent=None) + "\n" for _, p in pairs), encoding="utf-8"
        )
        files = read_patients([path])
        lines = path.read_bytes().splitlines()
        wall, cpu, _ = _timed(repeat, lambda: [load_patient(line) for line in lines])
        _line("load_patient", wall, cpu, count, "patients")
        documents = [json.loads(line) for line in lines]
        wall, cpu, _ = _timed(repeat, lambda: [decoded_hash(d) for d in documents])
        _line("decoded_hash, documents", wall, cpu, count, "patients")
        wall, cpu, one = _timed(repeat, lambda: fact_table(files, as_of=AS_OF, jobs=1))
        _line("fact_table, jobs=1", wall, cpu, count, "patients")
        wall2, cpu2, workers, two = _timed_with_workers(
            repeat, lambda: fact_table(files, as_of=AS_OF, jobs=2)
        )
        _parallel_line(f"fact_table, jobs=2 ({_start_method()})", wall2, cpu2, workers, count)
    print(f"   jobs=2 is {wall / wall2:.2f}x jobs=1")
    assert two.equals(one), "jobs=2 gave another table"
    facts = [name for name in table.column_names if name not in ("key",)]
    assert one.select(facts).equals(table.select(facts)), "the files gave other facts"


def _replicate(table: pa.Table, rows: int) -> pa.Table:
    copies = -(-rows // table.num_rows)
    return pa.concat_tables([table] * copies).slice(0, rows).combine_chunks()


def _statuses_only(big: pa.Table, threads: int) -> pa.Table:
    """The same query on DuckDB keeping only each option's truth: what the 230-odd rule
    columns cost on top (the statuses need them computed, not exported)."""
    selection = select(None, None, "US")
    inner = query(selection, "duckdb", "facts", labels=False)
    ids = ", ".join(f'"{option.id}"' for option in selection.options)
    connection = duckdb.connect(":memory:", config={"threads": threads})
    connection.register("facts", big)
    found: pa.Table = connection.sql(f"SELECT key, as_of, {ids} FROM ({inner})").to_arrow_table()
    connection.close()
    return found


def _evaluation(table: pa.Table, rows: int, sample: int, threads: int, repeat: int) -> None:
    big = _replicate(table, rows)
    options = len(default_ruleset().options)
    print(f"2. all {options} options and their top-level rules over {rows:,} fact rows")
    wall, cpu, _ = _timed(1, compile_sql)
    _line("compile_sql (then cached)", wall, cpu, options, "options")
    run_duckdb(big.slice(0, 1000), threads=threads)  # the query is compiled and cached
    wall, cpu, statuses = _timed(repeat, lambda: run_duckdb(big, threads=threads))
    _line(f"DuckDB, {threads} threads", wall, cpu, rows, "rows")
    duck = rows / wall
    wall, cpu, _ = _timed(repeat, lambda: _statuses_only(big, threads))
    _line("  of which statuses only", wall, cpu, rows, "rows")
    part = big.slice(0, sample)
    wall, cpu, expected = _timed(1, lambda: interpreter_statuses(part))
    _line(f"interpreter, {sample:,} rows", wall, cpu, sample, "rows")
    print(
        f"   DuckDB is {duck / (sample / wall):,.0f}x the interpreter's rate"
        f" ({rows / (sample / wall):,.0f} s for all {rows:,} rows at the interpreter's rate)"
    )
    assert statuses.slice(0, sample).equals(expected), "DuckDB and the interpreter differ"
    print("   DuckDB and the interpreter agree on every status and rule of those rows")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--interpreter-rows", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--facts-only", action="store_true", help="only part 1 (the fact table), no DuckDB"
    )
    args = parser.parse_args(argv)
    print(f"allmodel build: {_build()}")
    cohort = synthetic_cohort(args.patients, as_of=AS_OF, seed=2022)
    pairs = [(f"p{index}", patient) for index, patient in enumerate(cohort)]
    table = _facts(pairs, args.repeat)
    if args.facts_only:
        return
    _evaluation(table, args.rows, min(args.interpreter_rows, args.rows), args.threads, args.repeat)


if __name__ == "__main__":
    main()
