"""``allmodel cohort``: fact tables and status tables from the shell.

Subcommands (registered in :mod:`allmodel.cli` by :func:`add_commands`)::

    allmodel cohort facts PATIENT.json|DIR|FILE.jsonl... --output FACTS.parquet
                          [--as-of DATE] [--jobs N] [--incremental]
    allmodel cohort run FACTS.parquet --output STATUSES.parquet|.csv|-
                        [--engine duckdb|spark] [--jurisdiction US|EU] [--option ID]...
                        [--local-trial FILE]... [--threads N]
    allmodel cohort attrition STATUSES.parquet --option ID...   (see _cli_counts)
    allmodel cohort completeness FACTS.parquet STATUSES.parquet  (see _cli_counts)

``facts`` derives the facts of the patients (JSON files, folders, JSON Lines) into a
Parquet fact table; with ``--incremental`` it re-derives only the patients whose
documents changed since the file at ``--output`` was written. A document that cannot be
read is reported on stderr (one line per problem) and left out; the exit code is then 1.
``run`` computes the status table of a fact table (one row per patient: a status per
option and a truth per top-level rule) on DuckDB (default) or Spark (a session from the
environment, ``SparkSession.builder.getOrCreate()``), written as Parquet or CSV (by the
output's suffix; ``-``: CSV on stdout). Both need the ``cohort`` extra (``spark``: the
``spark`` extra too).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from allmodel.catalogue import default_ruleset
from allmodel.cohort._cli_counts import add_count_commands, positive
from allmodel.cohort._documents import read_patients
from allmodel.cohort._duckdb import run_duckdb
from allmodel.cohort._extra import need
from allmodel.cohort._parquet import write_fact_table
from allmodel.cohort._spark import run_spark
from allmodel.criteria import Jurisdiction, Option, load_criteria
from allmodel.errors import AllModelError, DocumentError, ValidationError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["add_commands"]

_OK, _INVALID = 0, 1

#: A command's handler: (arguments, stdout, stderr, today) -> exit code.
Handler = Callable[[argparse.Namespace, TextIO, TextIO, Callable[[], date]], int]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _problems(error: ValidationError, err: TextIO) -> None:
    for problem in error.problems:
        print(" ".join(str(problem).split()), file=err)


def _facts(args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]) -> int:
    as_of: date | None = args.as_of
    if as_of is None:
        as_of = today()
        print(f"allmodel: no --as-of given; using today's date, {as_of.isoformat()}", file=err)
    failed: list[DocumentError] = []

    def report(error: DocumentError) -> None:
        failed.append(error)
        _problems(error, err)

    patients = read_patients(args.patients, on_error=report)
    previous = args.output if args.incremental else None
    try:
        written = write_fact_table(
            args.output, patients, as_of=as_of, jobs=args.jobs, previous=previous
        )
    except ValidationError as error:  # a date of birth impossible for as_of, ...
        _problems(error, err)
        return _INVALID
    print(
        f"{args.output}: {written.rows} patients ({written.derived} derived,"
        f" {written.reused} unchanged)",
        file=err,
    )
    return _INVALID if failed else _OK


def _options(args: argparse.Namespace, err: TextIO) -> list[str | Option] | None:
    """The options chosen (None: all of the ruleset), or an empty list after a bad trial."""
    if not args.option and not args.local_trial:
        return None
    chosen: list[str | Option] = list(args.option or default_ruleset().ids)
    bad = False
    for trial in args.local_trial or ():
        try:
            chosen.append(load_criteria(Path(trial)))
        except DocumentError as error:
            for problem in error.problems:
                print(f"{trial}: {problem}", file=err)
            bad = True
    return [] if bad else chosen


def _write(table: pa.Table, output: str, out: TextIO) -> None:
    """Parquet or CSV by the suffix, atomically; ``-``: CSV on stdout."""
    csv = need("pyarrow.csv")
    if output == "-":
        buffer = io.BytesIO()
        csv.write_csv(table, buffer)
        out.write(buffer.getvalue().decode("utf-8"))
        return
    target = Path(output)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name[:100]}.", suffix=".tmp", dir=target.parent
    )
    os.close(descriptor)
    try:
        if target.suffix == ".csv":
            csv.write_csv(table, temporary)
        else:
            need("pyarrow.parquet").write_table(table, temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _run(args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]) -> int:
    options = _options(args, err)
    if options == []:
        return _INVALID
    if not Path(args.facts).is_file():
        print(f"{args.facts}: no such file", file=err)
        return _INVALID
    try:
        if args.engine == "spark":
            session = need("pyspark.sql").SparkSession.builder.getOrCreate()
            frame = run_spark(
                args.facts, spark_session=session, options=options, jurisdiction=args.jurisdiction
            )
            table: Any = frame.toArrow()
        else:
            table = run_duckdb(
                args.facts, options=options, jurisdiction=args.jurisdiction, threads=args.threads
            )
    except AllModelError as error:
        print(" ".join(str(error).split()), file=err)
        return _INVALID
    _write(table, args.output, out)
    if args.output != "-":
        print(f"{args.output}: {table.num_rows} patients", file=err)
    return _OK


def add_commands(commands: Any) -> None:
    """Add ``allmodel cohort facts`` and ``allmodel cohort run`` to the subcommands
    ``commands`` of the main parser (an ``argparse`` subparsers action)."""
    cohort = commands.add_parser(
        "cohort", help="fact tables and status tables of many patients (extra 'cohort')"
    )
    sub = cohort.add_subparsers(dest="cohort_command", required=True)
    facts = sub.add_parser("facts", help="derive patients' facts into a Parquet fact table")
    facts.add_argument("patients", nargs="+", help="patient JSON files, folders, JSON Lines")
    facts.add_argument("--output", "-o", required=True, help="the Parquet file to write")
    facts.add_argument("--as-of", type=_date, help="the date the facts describe (default: today)")
    facts.add_argument("--jobs", type=positive, default=1, metavar="N", help="N processes")
    facts.add_argument(
        "--incremental",
        action="store_true",
        help="re-derive only patients whose documents changed since --output was written",
    )
    facts.set_defaults(handler=_facts)
    run = sub.add_parser("run", help="every option's status for each row of a fact table")
    run.add_argument("facts", help="a fact table (Parquet, from 'allmodel cohort facts')")
    run.add_argument(
        "--output", "-o", required=True, help="STATUSES.parquet, STATUSES.csv, or - (CSV)"
    )
    run.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    run.add_argument("--jurisdiction", choices=[j.value for j in Jurisdiction], default="US")
    run.add_argument("--option", action="append", help="only this option id")
    run.add_argument("--local-trial", action="append", help="a local trial definition (JSON)")
    run.add_argument("--threads", type=positive, help="DuckDB threads (default: one per core)")
    run.set_defaults(handler=_run)
    add_count_commands(sub)  # attrition, completeness: see allmodel.cohort._cli_counts
