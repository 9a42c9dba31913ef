"""``allmodel cohort attrition`` and ``allmodel cohort completeness``: the counts of a
cohort's status table from the shell.

Subcommands (added to ``allmodel cohort`` by :func:`add_count_commands`)::

    allmodel cohort attrition STATUSES.parquet --option ID [--option ID]...
                              [--local-trial FILE]... [--format text|csv|json]
    allmodel cohort completeness FACTS.parquet STATUSES.parquet [--option ID]...
                                 [--local-trial FILE]... [--top N] [--format text|csv|json]

``attrition`` prints, for each option asked, its top-level rules in order with how many
patients each passes, fails and leaves unknown, and the cohort left after it
(:func:`~allmodel.cohort.attrition`). ``completeness`` ranks the facts the undecided
results lack by how many each alone would decide (:func:`~allmodel.cohort.completeness`),
over the options asked (default: every option of the status table's ruleset, and the
local trials given). The status table comes from ``allmodel cohort run`` (Parquet); a
local trial it was computed with is named by its definition file (``--local-trial``), as
for ``run``. Problems (a missing file, a table computed with other criteria) are printed
on stderr, one line each, with exit code 1.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from allmodel.catalogue import default_ruleset
from allmodel.cohort._attrition import Attrition, attrition
from allmodel.cohort._completeness import Completeness, completeness
from allmodel.cohort._extra import need
from allmodel.criteria import Option, load_criteria
from allmodel.errors import AllModelError, DocumentError

__all__ = ["ATTRITION_FORMAT", "COMPLETENESS_FORMAT", "add_count_commands", "positive"]

#: Identifies the JSON layout of ``allmodel cohort attrition --format json``.
ATTRITION_FORMAT = "allmodel.attrition/1"
#: Identifies the JSON layout of ``allmodel cohort completeness --format json``.
COMPLETENESS_FORMAT = "allmodel.completeness/1"

_OK, _INVALID = 0, 1

#: The attrition table's columns in text, with their headings.
_STEP_COLUMNS = (
    ("passed", "passed"),
    ("failed", "failed"),
    ("unknown", "unknown"),
    ("remaining", "remaining"),
    ("undecided", "undecided"),
    ("excluded", "excluded"),
    ("newly_excluded", "newly excluded"),
)


def positive(text: str) -> int:
    """``text`` as a whole number of at least one (an ``argparse`` type; both ``cohort``
    command modules use it)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1: {text!r}")
    return number


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _trials(paths: Sequence[str], err: TextIO) -> list[Option] | None:
    """The local trials named, or ``None`` after printing every problem of a bad one."""
    trials: list[Option] = []
    bad = False
    for path in paths:
        try:
            trials.append(load_criteria(Path(path)))
        except DocumentError as error:
            for problem in error.problems:
                print(_one_line(f"{path}: {problem}"), file=err)
            bad = True
    return None if bad else trials


def _read(path: str, err: TextIO) -> Any:
    """The Parquet table at ``path``, or ``None`` after saying why not."""
    if not Path(path).is_file():
        print(f"{path}: no such file", file=err)
        return None
    try:
        return need("pyarrow.parquet").read_table(path)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        print(_one_line(f"{path}: not a Parquet table ({error})"), file=err)
        return None


def _write_csv(records: list[dict[str, object]], out: TextIO) -> None:
    if not records:
        return
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)


def _attrition_text(table: Attrition) -> str:
    lines = [
        f"{table.option}: {table.name}",
        f"{table.patients} patients: {table.eligible} eligible, {table.not_eligible} not"
        f" eligible, {table.unknown} unknown",
    ]
    width = max([len("rule"), *(len(step.rule) for step in table.steps)])
    heading = "  ".join(f"{title:>{max(len(title), 7)}}" for _, title in _STEP_COLUMNS)
    lines.append(f"{'rule':<{width}}  {heading}")
    for step in table.steps:
        cells = "  ".join(
            f"{getattr(step, name):>{max(len(title), 7)}}" for name, title in _STEP_COLUMNS
        )
        lines.append(f"{step.rule:<{width}}  {cells}")
    return "\n".join(lines)


def _cmd_attrition(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    trials = _trials(args.local_trial or (), err)
    statuses = _read(args.statuses, err)
    if trials is None or statuses is None:
        return _INVALID
    by_id = {trial.id: trial for trial in trials}
    tables: list[Attrition] = []
    try:
        for option in args.option:
            tables.append(attrition(statuses, by_id.get(option, option)))
    except AllModelError as error:
        print(_one_line(error), file=err)
        return _INVALID
    if args.format == "json":
        document = {
            "format": ATTRITION_FORMAT,
            "options": [
                {
                    "option": table.option,
                    "name": table.name,
                    "patients": table.patients,
                    "eligible": table.eligible,
                    "not_eligible": table.not_eligible,
                    "unknown": table.unknown,
                    "steps": [
                        {key: value for key, value in row.items() if key != "option"}
                        for row in table.to_records()
                    ],
                }
                for table in tables
            ],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False), file=out)
    elif args.format == "csv":
        _write_csv([row for table in tables for row in table.to_records()], out)
    else:
        print("\n\n".join(_attrition_text(table) for table in tables), file=out)
    return _OK


def _completeness_text(found: Completeness, top: int | None) -> str:
    shown = found.facts[:top] if top is not None else found.facts
    summary = (
        f"{found.undecided} undecided results of {found.results} ({len(found.options)} options)"
    )
    if not shown:
        return summary
    lines = [summary + "; the facts they lack, most deciding first:"]
    width = max([len("fact"), *(len(item.fact) for item in shown)])
    lines.append(f"{'fact':<{width}}  {'decides':>7}  {'blocks':>7}  record")
    lines.extend(
        f"{item.fact:<{width}}  {item.decides:>7}  {item.blocks:>7}  {'; '.join(item.sources)}"
        for item in shown
    )
    return "\n".join(lines)


def _cmd_completeness(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    trials = _trials(args.local_trial or (), err)
    facts = _read(args.facts, err)
    statuses = _read(args.statuses, err)
    if trials is None or facts is None or statuses is None:
        return _INVALID
    by_id = {trial.id: trial for trial in trials}
    options: list[str | Option] | None
    if args.option:
        options = [by_id.get(option, option) for option in args.option]
    elif trials:
        options = [*default_ruleset().ids, *trials]
    else:
        options = None
    try:
        found = completeness(facts, statuses, options=options)
    except AllModelError as error:
        print(_one_line(error), file=err)
        return _INVALID
    records = found.to_records()[: args.top] if args.top else found.to_records()
    if args.format == "json":
        document = {
            "format": COMPLETENESS_FORMAT,
            "options": list(found.options),
            "results": found.results,
            "undecided": found.undecided,
            "facts": [
                {**row, "sources": list(item.sources)}
                for row, item in zip(records, found.facts, strict=False)
            ],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False), file=out)
    elif args.format == "csv":
        _write_csv(records, out)
    else:
        print(_completeness_text(found, args.top), file=out)
    return _OK


def add_count_commands(commands: Any) -> None:
    """Add ``attrition`` and ``completeness`` to the ``allmodel cohort`` subcommands
    ``commands`` (an ``argparse`` subparsers action)."""
    formats = ("text", "csv", "json")
    counts = commands.add_parser(
        "attrition", help="an option's rules in order: who passes, fails, is unknown"
    )
    counts.add_argument("statuses", help="a status table (Parquet, from 'allmodel cohort run')")
    counts.add_argument(
        "--option", action="append", required=True, help="an option id (repeat for more)"
    )
    counts.add_argument(
        "--local-trial", action="append", help="a local trial the statuses include (JSON)"
    )
    counts.add_argument("--format", choices=formats, default="text")
    counts.set_defaults(handler=_cmd_attrition)
    gaps = commands.add_parser(
        "completeness", help="the missing facts of undecided results, most deciding first"
    )
    gaps.add_argument("facts", help="the fact table (Parquet, from 'allmodel cohort facts')")
    gaps.add_argument("statuses", help="its status table (Parquet, from 'allmodel cohort run')")
    gaps.add_argument("--option", action="append", help="only this option id (repeatable)")
    gaps.add_argument(
        "--local-trial", action="append", help="a local trial the statuses include (JSON)"
    )
    gaps.add_argument("--top", type=positive, metavar="N", help="only the first N facts")
    gaps.add_argument("--format", choices=formats, default="text")
    gaps.set_defaults(handler=_cmd_completeness)
