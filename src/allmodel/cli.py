"""The ``allmodel`` command: screen, validate, classify, score and plan from the shell.

Subcommands::

    allmodel screen PATIENT.json|DIR|GLOB|-...|--examples [--as-of DATE] [--jurisdiction US|EU]
                    [--format text|json|jsonl|markdown|csv] [--option ID]... [--local-trial FILE]...
                    [--details] [--evidence] [--jobs N]
    allmodel validate PATIENT.json...
    allmodel response ASSESSMENT.json [--criteria blinatumomab_trials|cibmtr_2010]
                      [--in-remission yes|no|unknown] [--format text|json]
    allmodel score PATIENT.json [--as-of DATE] [--format text|json]
    allmodel dose REGIMEN PATIENT.json --start DATE [--cycle N] [--variant NAME]
                  [--bsa-method mosteller|dubois] [--duration-days N]
                  [--allow-incomplete] [--allow-withdrawn] [--format text|json]
    allmodel regimens
    allmodel options
    allmodel options show ID [--format text|markdown|html|json]
    allmodel options diff OLD NEW [--format text|json]   (OLD, NEW: a criteria JSON file
                                                          or the word "default")
    allmodel schema
    allmodel sources [ID]

Exit codes:

- 0 success;
- 1 invalid input: every problem is printed to stderr, one line each, with its JSON
  path, and never a traceback. Every file named is reported: a bad file (malformed,
  too large, nested too deeply, with a duplicate key or invalid Unicode; see
  :mod:`allmodel._jsonio.decoding`) never stops the files after it;
- 2 usage error;
- 70 internal error (``EX_SOFTWARE`` of sysexits.h): an unexpected exception, which is
  a bug in allmodel. One short line on stderr names the exception type and where it was
  raised (never its message, which might quote patient data, and never a traceback);
  the other files are still processed and reported.

Without ``--as-of`` the command, not the library, uses today's date and says so on
stderr.

``screen`` works one patient at a time, in constant memory: each patient's output is
written as soon as it is screened (``-`` reads documents from stdin, JSON Lines or one
document; ``--format jsonl`` writes the run's options once, in a header line, then one
line of statuses per patient). ``--jobs N`` screens in N processes, the output in input
order and the same as with one. A progress bar (count, rate, ETA) shows on stderr when it
is a terminal and tqdm (the ``allmodel[cli]`` extra) is installed; problem lines are
printed above it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import glob
import io
import itertools
import json
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, NoReturn, TextIO

from allmodel._version import __version__
from allmodel.catalogue import CATALOGUE_IDS, default_ruleset
from allmodel.clinical.regimens import REGIMENS, plan
from allmodel.clinical.response import (
    BLINATUMOMAB_TRIALS,
    CIBMTR_2010,
    ResponseAssessment,
    classify_response,
)
from allmodel.clinical.scores import pretransplant_score, prognostic_factors, second_salvage_factors
from allmodel.criteria import Jurisdiction, Option, Ruleset, load_criteria, ruleset_from_dict
from allmodel.errors import AllModelError, DocumentError, FhirError, ValidationError
from allmodel.examples import fhir_bundle, fhir_bundle_names, patient_document, patient_names
from allmodel.io import MAX_DOCUMENT_SIZE, dump_patient, load_patient, patient_json_schema
from allmodel.io._documents import from_dict, read_json
from allmodel.io.fhir import patient_from_fhir, patient_to_fhir
from allmodel.model._patient import BsaMethod, Patient
from allmodel.pages import FORMATS, RulesetDiff, diff_options, diff_rulesets, option_page, render
from allmodel.report import Report, Status
from allmodel.screening import screen
from allmodel.sources import citation_texts, source, sources
from allmodel.sources._markers import marked_ids

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main", "run"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE in sysexits.h: a bug in allmodel, not bad input

_CRITERIA = {"blinatumomab_trials": BLINATUMOMAB_TRIALS, "cibmtr_2010": CIBMTR_2010}


#: Library wording of keyword arguments, and the command's flags that set them.
_FLAGS = {
    "allow_withdrawn=True": "--allow-withdrawn",
    "allow_incomplete=True": "--allow-incomplete",
    "duration_days": "--duration-days",
}


class _UsageError(Exception):
    """A problem with the command line itself (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's default prints usage and exits 2
        raise _UsageError(message)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _jobs(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return number


def _as_of(args: argparse.Namespace, err: TextIO, today: Callable[[], date]) -> date:
    if args.as_of is not None:
        chosen: date = args.as_of
        return chosen
    found = today()
    print(f"allmodel: no --as-of given; using today's date, {found.isoformat()}", file=err)
    return found


def _expand(paths: Sequence[str]) -> list[Path]:
    """Files named, JSON files in named folders, and glob matches, in a stable order."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(path.glob("*.json")))
        elif any(ch in item for ch in "*?["):
            found.extend(sorted(Path(match) for match in glob.glob(item)))
        else:
            found.append(path)
    return found


#: Characters that str.splitlines() (and terminals) take as line breaks.
_LINE_BREAKS = str.maketrans(
    {char: f"\\x{ord(char):02x}" for char in "\n\r\v\f\x1c\x1d\x1e\x85"}
    | {"\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _one_line(text: str) -> str:
    """Text on one printable line: line breaks and lone surrogates escaped."""
    escaped = text.translate(_LINE_BREAKS)
    return escaped.encode("utf-8", "backslashreplace").decode("utf-8")


def _print_problems(name: str, error: ValidationError | DocumentError, err: TextIO) -> None:
    for problem in error.problems:
        print(_one_line(f"{name}: {problem}"), file=err)


def _internal_error(error: BaseException) -> str:
    """Where an unexpected exception was raised: its type and innermost frame, no message.

    The message is left out because it might quote a value from a patient document.
    """
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        where = f" in {Path(last.filename).name}:{last.lineno} ({last.name})"
    return (
        f"internal error: {type(error).__name__}{where}; this is a bug in allmodel, "
        "please report it"
    )


def _print_internal(name: str, error: BaseException, err: TextIO) -> None:
    print(_one_line(f"{name}: {_internal_error(error)}"), file=err)


def _print_error(name: str, error: AllModelError, err: TextIO) -> None:
    """One line per problem of a validation error; any other error on one line."""
    if isinstance(error, ValidationError):
        _print_problems(name, error, err)
    else:
        text = " ".join(str(error).split())
        for argument, flag in _FLAGS.items():  # speak the command's language, not Python's
            text = text.replace(argument, flag)
        print(_one_line(f"{name}: {text}"), file=err)


def _load(
    path: Path,
    err: TextIO,
    as_of: date | None = None,
    *,
    document: bytes | None = None,
    fhir: bool = False,
) -> Patient | None:
    """Load a patient file (or, when given, ``document``, named ``path`` in messages).

    With ``fhir`` the input is FHIR R4 (``as_of`` is then required): when the reader left
    codes unmapped, one line on stderr says how many and how to list them.
    """
    source = path if document is None else document
    try:
        if not fhir:
            return load_patient(source, as_of=as_of)
        assert as_of is not None
        read = patient_from_fhir(source, as_of=as_of)
    except (DocumentError, FhirError) as error:
        _print_problems(str(path), error, err)
        return None
    unmapped = len(read.report.unmapped)
    if unmapped:
        print(
            f"{path}: {unmapped} FHIR code(s) not mapped"
            f" ('allmodel fhir read {path} --as-of {as_of}' lists them)",
            file=err,
        )
    return read.patient


class _Entry(NamedTuple):
    """A patient to screen: its name on stderr, its key in the output, its document.

    ``document`` is ``None`` for a file, read (in the worker) from the path ``label``.
    """

    label: str
    key: str
    document: bytes | None


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


#: Where ``-`` (stdin) goes among the patient arguments.
_STDIN = "-"

#: The format name of ``--format jsonl``'s header line; a change of layout gets a new one.
_SCREEN_FORMAT = "allmodel.screen/1"

#: The columns of ``--format csv``: those of :meth:`Report.to_records` (csv.DictWriter
#: refuses a row with any other key, so a column added there cannot go unnoticed).
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

#: JSON Lines are written compactly (no spaces after separators), non-ASCII as is.
_COMPACT: dict[str, Any] = {"separators": (",", ":"), "ensure_ascii": False}

#: Patients per task sent to a worker process (fewer when the run is small).
_CHUNK = 32


def _stdin_entries(stream: BinaryIO) -> Iterator[_Entry]:
    """The patient documents on stdin: JSON Lines, or one JSON document.

    The first line that is not blank decides: a whole object on one line (``{...}``)
    starts JSON Lines, one document per line (blank lines skipped); anything else
    starts one document, the whole input. Each document is named ``stdin:N`` after the
    line it starts on. A line or document longer than ``MAX_DOCUMENT_SIZE`` is cut
    there and reported as too large by the reader; the rest of it is skipped.

    Raises:
        _UsageError: stdin holds no document (read before anything is written).
    """
    limit = MAX_DOCUMENT_SIZE + 2  # room for a line's "\r\n"
    number = 0
    for line in iter(lambda: stream.readline(limit), b""):
        number += 1
        if line.strip():
            break
    else:
        raise _UsageError("no patient document on stdin")
    stripped = line.strip()
    if not (stripped.startswith(b"{") and stripped.endswith(b"}")):
        rest = stream.read(limit - len(line)) if len(line) < limit else b""
        return iter([_Entry(f"stdin:{number}", f"stdin:{number}", line + rest)])
    return _json_lines(stream, line, number, limit)


def _json_lines(stream: BinaryIO, first: bytes, number: int, limit: int) -> Iterator[_Entry]:
    line = first
    while line:
        if len(line) == limit and not line.endswith(b"\n"):  # too long: skip the rest
            for tail in iter(lambda: stream.readline(limit), b""):
                if tail.endswith(b"\n"):
                    break
        if line.strip():
            name = f"stdin:{number}"
            yield _Entry(name, name, line.rstrip(b"\r\n"))
        line = stream.readline(limit)
        number += 1


def _entries(args: argparse.Namespace, stdin: BinaryIO) -> tuple[Iterable[_Entry], int | None]:
    """The patients a screen reads, in order, and how many (None: not known before).

    The files named (``-``: the documents on stdin), or with --examples the bundled
    ones. Files are listed now (a usage error when there are none); stdin is read as the
    patients are screened.
    """
    if args.examples:
        if args.patients:
            raise _UsageError("give patient files or --examples, not both")
        if args.fhir:
            return [
                _Entry(name, name, json.dumps(fhir_bundle(name)).encode())
                for name in fhir_bundle_names()
            ], len(fhir_bundle_names())
        return [_Entry(name, name, patient_document(name)) for name in patient_names()], len(
            patient_names()
        )
    if not args.patients:
        raise _UsageError("give patient files, folders or globs, or --examples")
    if args.patients.count(_STDIN) > 1:
        raise _UsageError("'-' (stdin) can be given once")
    parts: list[Iterable[_Entry]] = []
    count = 0
    for item in args.patients:
        if item == _STDIN:
            parts.append(_stdin_entries(stdin))
            continue
        files = [_Entry(str(path), path.stem, None) for path in _expand([item])]
        count += len(files)
        parts.append(files)
    if _STDIN not in args.patients and not count:
        raise _UsageError("no patient documents found")
    return itertools.chain.from_iterable(parts), None if _STDIN in args.patients else count


def _screen_entry(entry: _Entry, run: _Run) -> _Outcome:
    """Load, screen and render one patient; every problem goes to the outcome's messages."""
    err = io.StringIO()
    output = None
    try:
        # a JSON document's dates are checked by screen(); FHIR reading needs the day
        patient = _load(
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
            _print_error(entry.label, error, err)
            return _Outcome(EXIT_INVALID, None, err.getvalue())
        output = _render(run, entry.key, report)
    except Exception as error:  # a bug: report this patient, carry on with the others
        _print_internal(entry.label, error, err)
        return _Outcome(EXIT_INTERNAL, None, err.getvalue())
    return _Outcome(EXIT_OK, output, err.getvalue())


def _screen_chunk(entries: Sequence[_Entry], run: _Run) -> list[_Outcome]:
    """A worker process's task: several patients, in order."""
    return [_screen_entry(entry, run) for entry in entries]


def _chunks(entries: Iterable[_Entry], size: int) -> Iterator[list[_Entry]]:
    iterator = iter(entries)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _outcomes(
    entries: Iterable[_Entry], run: _Run, jobs: int, total: int | None
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


def _worst(status: int, other: int) -> int:
    """The exit status of a run from two parts: internal error > invalid input > success."""
    order = (EXIT_OK, EXIT_INVALID, EXIT_INTERNAL)
    return max(status, other, key=order.index)


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
        writer = csv.DictWriter(buffer, fieldnames=_CSV_COLUMNS, lineterminator="\n")
        writer.writerows(report.to_records(patient_key=key))
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


def _cmd_screen(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    as_of = _as_of(args, err, today)
    options: list[str | Option] | None = None
    if args.option or args.local_trial:
        known = default_ruleset().ids
        unknown = [option for option in args.option or () if option not in known]
        if unknown:
            raise _UsageError(
                f"unknown option {', '.join(map(repr, unknown))} (see 'allmodel options')"
            )
        options = list(args.option) if args.option else list(known)
        invalid = False
        for trial in args.local_trial or ():  # report every bad definition, then stop
            try:
                options.append(load_criteria(Path(trial)))
            except DocumentError as error:
                _print_problems(trial, error, err)
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
                status = _worst(status, outcome.status)
                if outcome.output is not None:
                    output.add(outcome.output)
    finally:
        progress.close()
    output.close()
    return status


def _cmd_validate(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    status = EXIT_OK
    paths = _expand(args.patients)
    if not paths:
        raise _UsageError("no patient documents found")
    for path in paths:
        try:
            patient = _load(path, err)
        except Exception as error:  # a bug: report this file, carry on with the others
            _print_internal(str(path), error, err)
            status = _worst(status, EXIT_INTERNAL)
            continue
        if patient is None:
            status = _worst(status, EXIT_INVALID)
        else:
            print(f"{path}: valid", file=out)
    return status


def _cmd_fhir(args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]) -> int:
    if args.fhir_command == "write":
        patient = _load(Path(args.patient), err)
        if patient is None:
            return EXIT_INVALID
        print(json.dumps(patient_to_fhir(patient), indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    if args.fhir_command != "read":
        raise _UsageError("give a subcommand: allmodel fhir read|write")
    as_of = _as_of(args, err, today)
    try:
        read = patient_from_fhir(Path(args.bundle), as_of=as_of)
    except (DocumentError, FhirError) as error:
        _print_problems(args.bundle, error, err)
        return EXIT_INVALID
    if args.format == "document":
        print(json.dumps(dump_patient(read.patient), indent=2, ensure_ascii=False), file=out)
    elif args.format == "json":
        document = {"patient": dump_patient(read.patient), "mapping": read.report.to_dict()}
        print(json.dumps(document, indent=2, ensure_ascii=False), file=out)
    else:
        print(read.report, file=out)
    return EXIT_OK


def _cmd_response(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    try:
        assessment = from_dict(ResponseAssessment, read_json(Path(args.assessment)))
    except DocumentError as error:
        _print_problems(args.assessment, error, err)
        return EXIT_INVALID
    in_remission = {"yes": True, "no": False, "unknown": None}[args.in_remission]
    result = classify_response(
        assessment, criteria=_CRITERIA[args.criteria], in_remission=in_remission
    )
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2), file=out)
    else:
        print(str(result), file=out)
    return EXIT_OK


def _cmd_score(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    patient = _load(Path(args.patient), err)
    if patient is None:
        return EXIT_INVALID
    as_of = _as_of(args, err, today)
    try:
        scores = (
            pretransplant_score(patient, as_of=as_of),
            second_salvage_factors(patient, as_of=as_of),
        )
        factors = prognostic_factors(patient, as_of=as_of)
    except ValidationError as error:
        _print_problems(args.patient, error, err)
        return EXIT_INVALID
    if args.format == "json":
        document = {
            "as_of": as_of.isoformat(),
            "scores": [score.to_dict() for score in scores],
            "factors": [factor.to_dict() for factor in factors],
        }
        print(json.dumps(document, indent=2), file=out)
    else:
        print("\n\n".join(str(score) for score in scores), file=out)
        print("\nprognostic factors:", file=out)
        for factor in factors:
            print(f"  {factor}", file=out)
    return EXIT_OK


def _cmd_dose(args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]) -> int:
    if args.regimen not in REGIMENS:
        raise _UsageError(f"unknown regimen {args.regimen!r} (see 'allmodel regimens')")
    patient = _load(Path(args.patient), err)
    if patient is None:
        return EXIT_INVALID
    try:
        dose_plan = plan(
            args.regimen,
            patient,
            start=args.start,
            cycle=args.cycle,
            variant=args.variant,
            bsa_method=BsaMethod(args.bsa_method),
            duration_days=args.duration_days,
            allow_withdrawn=args.allow_withdrawn,
            allow_incomplete=args.allow_incomplete,
        )
    except AllModelError as error:
        _print_error(args.patient, error, err)
        return EXIT_INVALID
    if args.format == "json":
        print(json.dumps(dose_plan.to_dict(), indent=2), file=out)
    else:
        print(str(dose_plan), file=out)
    return EXIT_OK


def _cmd_regimens(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    width = max(len(regimen_id) for regimen_id in REGIMENS)
    for regimen in REGIMENS.values():
        availability = regimen.availability
        flag = f"  [withdrawn {availability.withdrawn_on}]" if availability.withdrawn_on else ""
        print(f"{regimen.id:<{width}}  {regimen.name}{flag}", file=out)
        print(f"{'':<{width}}  {'; '.join(regimen.citations)}", file=out)
    return EXIT_OK


def _cmd_options(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    if args.options_command == "show":
        return _options_show(args, out, err)
    if args.options_command == "diff":
        return _options_diff(args, out, err)
    ruleset = default_ruleset()
    print(
        f"ruleset {ruleset.name} {ruleset.version} (as of {ruleset.effective.isoformat()})",
        file=out,
    )
    width = max(len(option_id) for option_id in CATALOGUE_IDS)
    for option in ruleset.options:
        registry = f" [{', '.join(option.registry_ids)}]" if option.registry_ids else ""
        print(f"{option.id:<{width}}  {option.kind.value:<7}  {option.name}{registry}", file=out)
        print(f"{'':<{width}}           {'; '.join(option.citations)}", file=out)
    return EXIT_OK


def _options_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    ruleset = default_ruleset()
    if args.id not in ruleset.ids:
        raise _UsageError(f"unknown option {args.id!r} (see 'allmodel options')")
    if args.format not in FORMATS:
        raise _UsageError(
            f"option {args.id!r}: unknown --format {args.format!r} (allowed: {', '.join(FORMATS)})"
        )
    try:
        text = render(option_page(ruleset.option(args.id), ruleset=ruleset), args.format)
    except AllModelError as error:  # a citation the sources registry cannot resolve
        print(_one_line(f"allmodel options show: {error}"), file=err)
        return EXIT_INVALID
    out.write(text)
    return EXIT_OK


def _criteria_side(name: str, err: TextIO) -> Ruleset | Option | None:
    """``default``, or a criteria JSON file: a ruleset document or one option's."""
    if name == "default":
        return default_ruleset()
    try:
        document = read_json(Path(name))
        if isinstance(document, dict) and "options" in document:
            ruleset: Ruleset = ruleset_from_dict(document)
            return ruleset
        return load_criteria(document if isinstance(document, dict) else Path(name))
    except DocumentError as error:
        _print_problems(name, error, err)
        return None


def _counterpart(ruleset: Ruleset, option: Option) -> Option:
    if option.id not in ruleset.ids:
        raise _UsageError(
            f"ruleset {ruleset.name} has no option {option.id!r} to compare with"
            " (compare two rulesets to see an option added or removed)"
        )
    return ruleset.option(option.id)


def _options_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    old = _criteria_side(args.old, err)
    new = _criteria_side(args.new, err)
    if old is None or new is None:
        return EXIT_INVALID
    diff: RulesetDiff
    if isinstance(old, Ruleset):
        if isinstance(new, Ruleset):
            diff = diff_rulesets(old, new)
        else:  # an option file against a ruleset: that option against its namesake
            diff = diff_options(_counterpart(old, new), new)
    elif isinstance(new, Ruleset):
        diff = diff_options(old, _counterpart(new, old))
    else:
        diff = diff_options(old, new)
    if args.format == "json":
        print(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False), file=out)
    else:
        print(_one_line_each(diff.to_text()), file=out)
    return EXIT_OK


def _one_line_each(text: str) -> str:
    return "\n".join(_one_line(line) for line in text.split("\n"))


def _cmd_schema(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    print(json.dumps(patient_json_schema(), indent=2), file=out)
    return EXIT_OK


def _cmd_sources(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    if args.id is None:
        width = max(len(entry.id) for entry in sources())
        for entry in sources():
            print(_one_line(f"{entry.id:<{width}}  {entry.title}"), file=out)
        return EXIT_OK
    try:
        found = source(args.id)
    except AllModelError as error:  # a usage error, on one line
        print(_one_line(f"allmodel sources: {error} (see 'allmodel sources')"), file=err)
        return EXIT_USAGE
    width = max(len(name) for name, _ in found.details())
    for name, text in found.details():
        print(f"{name + ':':<{width + 1}} {text}", file=out)
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="allmodel",
        description="Models of relapsed or refractory adult ALL.",
        epilog=(
            f"exit codes: {EXIT_OK} success; {EXIT_INVALID} invalid input (one line per "
            f"problem on stderr, every file reported); {EXIT_USAGE} usage error; "
            f"{EXIT_INTERNAL} internal error (a bug in allmodel; please report it)"
        ),
    )
    parser.add_argument("--version", action="version", version=f"allmodel {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
    screen_cmd.add_argument("--as-of", type=_date, help="screening date (default: today)")
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
    screen_cmd.set_defaults(handler=_cmd_screen)

    validate_cmd = commands.add_parser("validate", help="check patient documents")
    validate_cmd.add_argument("patients", nargs="+")
    validate_cmd.set_defaults(handler=_cmd_validate)

    response_cmd = commands.add_parser("response", help="classify a response assessment")
    response_cmd.add_argument("assessment")
    response_cmd.add_argument("--criteria", choices=tuple(_CRITERIA), default="blinatumomab_trials")
    response_cmd.add_argument("--in-remission", choices=("yes", "no", "unknown"), default="no")
    response_cmd.add_argument("--format", choices=("text", "json"), default="text")
    response_cmd.set_defaults(handler=_cmd_response)

    score_cmd = commands.add_parser("score", help="prognostic scores of a patient")
    score_cmd.add_argument("patient")
    score_cmd.add_argument("--as-of", type=_date)
    score_cmd.add_argument("--format", choices=("text", "json"), default="text")
    score_cmd.set_defaults(handler=_cmd_score)

    dose_cmd = commands.add_parser("dose", help="plan one cycle of a regimen")
    dose_cmd.add_argument("regimen")
    dose_cmd.add_argument("patient")
    dose_cmd.add_argument("--start", type=_date, required=True)
    dose_cmd.add_argument("--cycle", type=int, default=1)
    dose_cmd.add_argument("--variant")
    dose_cmd.add_argument("--bsa-method", choices=[m.value for m in BsaMethod], default="mosteller")
    dose_cmd.add_argument("--duration-days", type=int)
    dose_cmd.add_argument("--allow-incomplete", action="store_true")
    dose_cmd.add_argument("--allow-withdrawn", action="store_true")
    dose_cmd.add_argument("--format", choices=("text", "json"), default="text")
    dose_cmd.set_defaults(handler=_cmd_dose)

    fhir_cmd = commands.add_parser("fhir", help="read a FHIR R4 Bundle, or write a patient as one")
    fhir_cmd.set_defaults(handler=_cmd_fhir, fhir_command=None)
    fhir_sub = fhir_cmd.add_subparsers(dest="fhir_command", parser_class=_Parser)
    read_cmd = fhir_sub.add_parser("read", help="a Bundle's mapping report or the patient read")
    read_cmd.add_argument("bundle", help="a FHIR R4 Bundle, resource or list of resources (JSON)")
    read_cmd.add_argument("--as-of", type=_date, help="the date read for (default: today)")
    read_cmd.add_argument(
        "--format",
        choices=("report", "json", "document"),
        default="report",
        help="the mapping report (text), report and patient (JSON), or the patient document",
    )
    write_cmd = fhir_sub.add_parser("write", help="a patient document as a FHIR R4 Bundle")
    write_cmd.add_argument("patient", help="a patient JSON document")

    sources_cmd = commands.add_parser("sources", help="list the cited sources, or print one")
    sources_cmd.add_argument("id", nargs="?", help="a source id, e.g. review-ref-62")
    sources_cmd.set_defaults(handler=_cmd_sources)

    options_cmd = commands.add_parser(
        "options", help="list the therapies and trial archetypes; show one; diff rulesets"
    )
    options_cmd.set_defaults(handler=_cmd_options, options_command=None)
    options_sub = options_cmd.add_subparsers(dest="options_command", parser_class=_Parser)
    show_cmd = options_sub.add_parser("show", help="one option's page")
    show_cmd.add_argument("id", help="an option id (see 'allmodel options')")
    show_cmd.add_argument("--format", default="text", help=f"one of {', '.join(FORMATS)}")
    diff_cmd = options_sub.add_parser("diff", help="what changed between two rulesets")
    diff_cmd.add_argument("old", help="a criteria JSON file (ruleset or option) or 'default'")
    diff_cmd.add_argument("new", help="a criteria JSON file (ruleset or option) or 'default'")
    diff_cmd.add_argument("--format", choices=("text", "json"), default="text")

    for name, handler, text in (
        ("regimens", _cmd_regimens, "list the regimen catalogue"),
        ("schema", _cmd_schema, "print the patient JSON Schema"),
    ):
        commands.add_parser(name, help=text).set_defaults(handler=handler)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: BinaryIO | None = None,
    today: Callable[[], date] = date.today,
) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    ``stdin`` is read (as bytes) by ``screen -`` (default: ``sys.stdin.buffer``).
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to stdout
            args = _parser().parse_args(argv)
        args.stdin = stdin
        handler: Callable[[argparse.Namespace, TextIO, TextIO, Callable[[], date]], int] = (
            args.handler
        )
        return handler(args, out, err, today)
    except _UsageError as error:
        print(f"allmodel: error: {error}", file=err)
        print(
            "usage: allmodel"
            " {screen,validate,response,score,dose,regimens,options,schema,sources,fhir} ...",
            file=err,
        )
        return EXIT_USAGE
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0)
    except BrokenPipeError:  # the reader went away: run() stops quietly
        raise
    except Exception as error:  # a bug in allmodel: one short line, no traceback
        print(_one_line(f"allmodel: {_internal_error(error)}"), file=err)
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. ``head``) went away: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    raise SystemExit(code)
