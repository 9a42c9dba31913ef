"""``allmodel screen``: patients against the options of the default ruleset, streamed.

One patient at a time, in constant memory: each patient's output is written as soon as
it is screened, in input order, also with ``--jobs N`` worker processes. ``-`` reads the
documents from stdin (JSON Lines or one document); ``--format jsonl`` writes the run's
options once, in a header line; a progress bar shows on stderr when it is a terminal.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import io
import itertools
import json
import multiprocessing
import operator
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, NoReturn, TextIO

from allmodel._version import __version__
from allmodel.catalogue import default_ruleset
from allmodel.cli._common import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    Commands,
    UsageError,
    as_of_date,
    date_argument,
    load,
    print_error,
    print_internal,
    print_problems,
    worst,
)
from allmodel.cli._entries import Entry, named_entries
from allmodel.criteria import Jurisdiction, Option, Ruleset, load_criteria
from allmodel.errors import AllModelError, DocumentError
from allmodel.examples import fhir_bundle, fhir_bundle_names, patient_document, patient_names
from allmodel.report import Report, Status
from allmodel.screening import screen
from allmodel.sources import citation_texts
from allmodel.sources._markers import marked_ids

__all__ = ["add_screen", "cmd_screen"]


if TYPE_CHECKING:
    from tqdm import tqdm


def _jobs(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return number


class _Run(NamedTuple):
    """What a ``screen`` run does with each patient; sent to the worker processes."""

    as_of: date
    jurisdiction: Jurisdiction
    options: tuple[str | Option, ...] | None
    format: str
    details: bool
    evidence: bool
    fhir: bool


class _Outcome(NamedTuple):
    """One patient screened: the exit status, the output (None when it failed) and the
    lines for stderr."""

    status: int
    output: str | None
    messages: str


#: The format name of ``--format jsonl``'s header line; a change of layout gets a new one.
_SCREEN_FORMAT = "allmodel.screen/1"

#: The columns of ``--format csv``: those of :meth:`Report.to_records`, in order (a test
#: compares the output with csv.DictWriter over the records' own keys, so a column added
#: there cannot go unnoticed).
_CSV_COLUMNS = (
    "patient",
    "as_of",
    "ruleset",
    "ruleset_version",
    "ruleset_hash",
    "jurisdiction",
    "option_id",
    "kind",
    "status",
    "failed",
    "unknown",
    "missing",
)

#: A record's cells, in the order of :data:`_CSV_COLUMNS`.
_CSV_ROW = operator.itemgetter(*_CSV_COLUMNS)

#: JSON Lines are written compactly (no spaces after separators), non-ASCII as is.
_COMPACT: dict[str, Any] = {"separators": (",", ":"), "ensure_ascii": False}

#: Patients per task sent to a worker process (fewer when the run is small).
_CHUNK = 32


def _entries(args: argparse.Namespace, stdin: BinaryIO) -> tuple[Iterable[Entry], int | None]:
    """The patients a screen reads, in order, and how many (None: not known before).

    The files named (``-``: the documents on stdin), or with --examples the bundled
    ones. Files are listed now (a usage error when there are none); stdin is read as the
    patients are screened.
    """
    if args.examples:
        if args.patients:
            raise UsageError("give patient files or --examples, not both")
        if args.fhir:
            return [
                Entry(name, name, json.dumps(fhir_bundle(name)).encode())
                for name in fhir_bundle_names()
            ], len(fhir_bundle_names())
        return [Entry(name, name, patient_document(name)) for name in patient_names()], len(
            patient_names()
        )
    if not args.patients:
        raise UsageError("give patient files, folders or globs, or --examples")
    return named_entries(args.patients, stdin)


def _screen_entry(entry: Entry, run: _Run) -> _Outcome:
    """Load, screen and render one patient; every problem goes to the outcome's messages."""
    err = io.StringIO()
    output = None
    try:
        # a JSON document's dates are checked by screen(); FHIR reading needs the day
        patient = load(
            Path(entry.label),
            err,
            run.as_of if run.fhir else None,
            document=entry.document,
            fhir=run.fhir,
        )
        if patient is None:
            return _Outcome(EXIT_INVALID, None, err.getvalue())
        try:
            report = screen(
                patient, as_of=run.as_of, jurisdiction=run.jurisdiction, options=run.options
            )
        except AllModelError as error:
            print_error(entry.label, error, err)
            return _Outcome(EXIT_INVALID, None, err.getvalue())
        output = _render(run, entry.key, report)
    except Exception as error:  # a bug: report this patient, carry on with the others
        print_internal(entry.label, error, err)
        return _Outcome(EXIT_INTERNAL, None, err.getvalue())
    return _Outcome(EXIT_OK, output, err.getvalue())


def _screen_chunk(entries: Sequence[Entry], run: _Run) -> list[_Outcome]:
    """A worker process's task: several patients, in order."""
    return [_screen_entry(entry, run) for entry in entries]


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    iterator = iter(entries)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _outcomes(
    entries: Iterable[Entry], run: _Run, jobs: int, total: int | None
) -> Generator[_Outcome, None, None]:
    """Each patient's outcome, in input order: here, or in ``jobs`` worker processes.

    The workers get the patients in chunks; at most two chunks per worker are in flight,
    so memory stays bounded however many patients come.
    """
    if jobs == 1:
        for entry in entries:
            yield _screen_entry(entry, run)
        return
    size = _CHUNK if total is None else max(1, min(_CHUNK, total // (4 * jobs)))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending: collections.deque[Future[list[_Outcome]]] = collections.deque()
        for chunk in _chunks(entries, size):
            pending.append(pool.submit(_screen_chunk, chunk, run))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Progress:
    """Progress on stderr, with problem lines printed above it.

    A tqdm bar (count, rate and, when the number of patients is known, ETA) when stderr
    is a terminal, more than one patient is screened and tqdm (the ``allmodel[cli]``
    extra) is installed; otherwise nothing but the problem lines.
    """

    def __init__(self, err: TextIO, total: int | None) -> None:
        self._err = err
        self._bar: tqdm[NoReturn] | None = None
        if total == 1 or not err.isatty():
            return
        try:
            from tqdm import tqdm  # noqa: PLC0415  (optional: the allmodel[cli] extra)
        except ImportError:
            return
        self._bar = tqdm(total=total, file=err, unit=" patients", dynamic_ncols=True)

    def done(self, messages: str) -> None:
        """One patient done; ``messages``: its problem lines, if any."""
        if messages:
            if self._bar is None:
                self._err.write(messages)
            else:
                for line in messages.rstrip("\n").split("\n"):
                    self._bar.write(line, file=self._err)
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


class _Output:
    """A run's output, written as the patients come: an opening before the first one, a
    separator between two, a closing after the last (or ``empty`` when there were none)."""

    def __init__(
        self, out: TextIO, *, opening: str = "", separator: str = "", closing: str = "",
        empty: str = "",
    ) -> None:  # fmt: skip
        self._out = out
        self._opening, self._separator = opening, separator
        self._closing, self._empty = closing, empty
        self._started = False

    def add(self, chunk: str) -> None:
        self._out.write(self._separator if self._started else self._opening)
        self._started = True
        self._out.write(chunk)

    def close(self) -> None:
        self._out.write(self._closing if self._started else self._empty)


def _output(run: _Run, out: TextIO) -> _Output:
    """The framing of a format; ``jsonl`` writes its header line now."""
    ruleset = default_ruleset()
    if run.format == "json":
        return _Output(out, opening="[\n", separator=",\n", closing="\n]\n", empty="[]\n")
    if run.format == "markdown":
        return _Output(out, separator="\n\n", closing="\n", empty="\n")
    if run.format == "csv":
        header = io.StringIO()
        csv.DictWriter(header, fieldnames=_CSV_COLUMNS, lineterminator="\n").writeheader()
        return _Output(out, opening=header.getvalue())
    if run.format == "jsonl":
        out.write(json.dumps(_jsonl_header(run, ruleset), **_COMPACT) + "\n")
        return _Output(out)
    blank = Report(
        as_of=run.as_of,
        jurisdiction=run.jurisdiction,
        ruleset=ruleset.name,
        ruleset_version=ruleset.version,
        ruleset_hash=ruleset.content_hash,
        library_version=__version__,
        results=(),
    )
    return _Output(out, opening=blank.to_text().splitlines()[0] + "\n")


def _jsonl_header(run: _Run, ruleset: Ruleset) -> dict[str, Any]:
    """The first line of ``--format jsonl``: the run and its options, once."""
    chosen = [
        ruleset.option(item) if isinstance(item, str) else item
        for item in (ruleset.options if run.options is None else run.options)
    ]
    cited: dict[str, None] = {}
    for option in chosen:
        cited.update(dict.fromkeys(option.citations))
        for note in option.notes:
            cited.update(dict.fromkeys(marked_ids(note)))
    return {
        "format": _SCREEN_FORMAT,
        "library_version": __version__,
        "ruleset": {"name": ruleset.name, "version": ruleset.version, "hash": ruleset.content_hash},
        "as_of": run.as_of.isoformat(),
        "jurisdiction": run.jurisdiction.value,
        "options": [
            {
                "id": option.id,
                "kind": option.kind.value,
                "name": option.name,
                "citations": list(option.citations),
                "registry_ids": list(option.registry_ids),
                "notes": list(option.notes),
            }
            for option in chosen
        ],
        "sources": citation_texts(cited),
    }


def _render(run: _Run, key: str, report: Report) -> str:
    """One patient's part of the output, in the run's format."""
    if run.format == "json":
        document = {"patient": key, **report.to_dict(evidence=run.evidence)}
        text = json.dumps(document, indent=2, ensure_ascii=False)
        return "\n".join("  " + line for line in text.split("\n"))  # nested in the array
    if run.format == "jsonl":
        results = {}
        for result in report.results:
            failed, unknown, missing = result.outline()
            results[result.id] = {
                "status": result.status.value,
                "failed": list(failed),
                "unknown": list(unknown),
                "missing": list(missing),
            }
        return json.dumps({"patient": key, "results": results}, **_COMPACT) + "\n"
    if run.format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(
            map(_CSV_ROW, report.to_records(patient_key=key))
        )
        return buffer.getvalue()
    if run.format == "markdown":
        return f"### {key}\n\n{report.to_markdown()}"
    if run.details:  # the shared header is written once, above
        return "\n".join([key, *report.to_text().splitlines()[1:]]) + "\n"
    return _summary(key, report) + "\n"


def _summary(name: str, report: Report) -> str:
    """A short per-patient summary: eligible and unknown options, count of the rest."""
    eligible = [r.id for r in report.with_status(Status.ELIGIBLE)]
    unknown = report.with_status(Status.UNKNOWN)
    lines = [
        f"{name}",
        f"  eligible ({len(eligible)}): {', '.join(eligible) or 'none'}",
        f"  unknown ({len(unknown)}):",
    ]
    lines.extend(f"    {r.id}: needs {', '.join(r.missing) or 'review'}" for r in unknown)
    not_eligible = len(report.with_status(Status.NOT_ELIGIBLE))
    lines.append(f"  not eligible: {not_eligible} (--details lists each with its reason)")
    return "\n".join(lines)


def cmd_screen(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    """The handler of ``allmodel screen``."""
    as_of = as_of_date(args, err, today)
    options: list[str | Option] | None = None
    if args.option or args.local_trial:
        known = default_ruleset().ids
        unknown = [option for option in args.option or () if option not in known]
        if unknown:
            raise UsageError(
                f"unknown option {', '.join(map(repr, unknown))} (see 'allmodel options')"
            )
        options = list(args.option) if args.option else list(known)
        invalid = False
        for trial in args.local_trial or ():  # report every bad definition, then stop
            try:
                options.append(load_criteria(Path(trial)))
            except DocumentError as error:
                print_problems(trial, error, err)
                invalid = True
        if invalid:
            return EXIT_INVALID
    stdin: BinaryIO = args.stdin if args.stdin is not None else sys.stdin.buffer
    entries, total = _entries(args, stdin)
    run = _Run(
        as_of=as_of,
        jurisdiction=Jurisdiction(args.jurisdiction),
        options=None if options is None else tuple(options),
        format=args.format,
        details=args.details,
        evidence=args.evidence,
        fhir=args.fhir,
    )
    output = _output(run, out)
    progress = _Progress(err, total)
    status = EXIT_OK
    try:
        with contextlib.closing(_outcomes(entries, run, args.jobs, total)) as outcomes:
            for outcome in outcomes:
                progress.done(outcome.messages)
                status = worst(status, outcome.status)
                if outcome.output is not None:
                    output.add(outcome.output)
    finally:
        progress.close()
    output.close()
    return status


def add_screen(commands: Commands) -> None:
    """Adds ``allmodel screen``."""
    screen_cmd = commands.add_parser("screen", help="screen patients against every option")
    screen_cmd.add_argument(
        "patients",
        nargs="*",
        help="patient JSON files, folders or globs; '-': documents on stdin (JSON Lines, one"
        " document per line, or one JSON document)",
    )
    screen_cmd.add_argument(
        "--examples",
        action="store_true",
        help="screen the example patients bundled with allmodel instead of files",
    )
    screen_cmd.add_argument(
        "--fhir",
        action="store_true",
        help="the inputs are FHIR R4 Bundles (with --examples: the example Bundles)",
    )
    screen_cmd.add_argument("--as-of", type=date_argument, help="screening date (default: today)")
    screen_cmd.add_argument("--jurisdiction", choices=[j.value for j in Jurisdiction], default="US")
    screen_cmd.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "markdown", "csv"),
        default="text",
        help="jsonl: a header line with the run and its options, then one line per patient",
    )
    screen_cmd.add_argument("--option", action="append", help="screen only this option id")
    screen_cmd.add_argument(
        "--local-trial", action="append", help="a local trial definition (JSON)"
    )
    screen_cmd.add_argument(
        "--details", action="store_true", help="text: every option with its reason"
    )
    screen_cmd.add_argument("--evidence", action="store_true", help="json: include evidence trees")
    screen_cmd.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="screen in N processes (output in input order, the same as with one)",
    )
    screen_cmd.set_defaults(handler=cmd_screen)
