"""Screen a cohort for every option and write one CSV row per patient and option.

The analyst path: load a folder of patient documents (or draw a synthetic cohort), screen
each patient as of one date, write the eligibility rows (:meth:`allmodel.Report.to_records`)
to a CSV file and print how many patients each option finds eligible, not eligible or
unknown. Usage::

    python examples/screen_cohort.py --out eligibility.csv
    python examples/screen_cohort.py path/to/patients --as-of 2022-12-31 --jurisdiction EU \\
        --out eligibility.csv
    python examples/screen_cohort.py --synthetic 500 --seed 7 --out synthetic.csv

The patient key in the CSV is the document's file name without ``.json`` (or
``synthetic-0001`` and so on), never an identifier from the record. The CSV given with
``--out`` is the only file written. A document with problems is reported on stderr, one
line per problem with its JSON path, and left out; the exit status is then 1.

The screening date defaults to 2022-12-31, the date the encoded review is current to; the
script never reads the clock.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import allmodel
from allmodel import Patient, Status
from allmodel.criteria import JurisdictionCode
from allmodel.synthetic import synthetic_cohort

#: The bundled example patients.
DEFAULT_FOLDER = (
    Path(__file__).resolve().parent.parent / "src" / "allmodel" / "examples" / "patients"
)

#: The date the encoded review is current to.
DEFAULT_AS_OF = date(2022, 12, 31)

#: Columns of the printed table, in order.
STATUS_COLUMNS = (Status.ELIGIBLE, Status.UNKNOWN, Status.NOT_ELIGIBLE)

Cohort = list[tuple[str, Patient]]
Row = dict[str, Any]


def load_folder(folder: Path, as_of: date, err: TextIO) -> tuple[Cohort, int]:
    """Load every ``*.json`` patient document in ``folder``, in name order.

    Args:
        folder: The folder to read.
        as_of: The screening date; every date in a document must be on or before it.
        err: Where to report problems (one line per problem: file name and JSON path).

    Returns:
        The patients keyed by file stem, and the number of documents left out.
    """
    cohort: Cohort = []
    rejected = 0
    for path in sorted(folder.glob("*.json")):
        try:
            cohort.append((path.stem, allmodel.load_patient(path, as_of=as_of)))
        except allmodel.DocumentError as error:
            rejected += 1
            for problem in error.problems:
                print(f"{path.name}: {problem}", file=err)
    return cohort, rejected


def synthetic(size: int, as_of: date, seed: int) -> Cohort:
    """A reproducible synthetic cohort keyed ``synthetic-0001``, ``synthetic-0002``, ...."""
    patients = synthetic_cohort(size, as_of=as_of, seed=seed)
    width = max(4, len(str(size)))
    return [(f"synthetic-{n:0{width}d}", patient) for n, patient in enumerate(patients, 1)]


def eligibility_rows(cohort: Cohort, as_of: date, jurisdiction: JurisdictionCode) -> list[Row]:
    """Screen each patient and return one flat row per patient and option.

    Args:
        cohort: Patients with the caller's keys.
        as_of: The screening date.
        jurisdiction: ``"US"`` or ``"EU"``.
    """
    rows: list[Row] = []
    for key, patient in cohort:
        report = allmodel.screen(patient, as_of=as_of, jurisdiction=jurisdiction)
        rows.extend(report.to_records(patient_key=key))
    return rows


def write_csv(rows: Sequence[Row], path: Path) -> None:
    """Write the rows as CSV (a header, then one line per row) at ``path``."""
    columns = list(rows[0]) if rows else ["patient", "option_id", "status"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def count_by_status(rows: Sequence[Row]) -> dict[str, Counter[str]]:
    """For each option (in the order first seen), how many rows have each status."""
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        counts.setdefault(row["option_id"], Counter())[row["status"]] += 1
    return counts


def format_counts(counts: dict[str, Counter[str]]) -> str:
    """An aligned table: option, then the count of each status and the total."""
    header = ("option", *(status.value for status in STATUS_COLUMNS), "total")
    body = [
        (
            option_id,
            *(str(counter[status.value]) for status in STATUS_COLUMNS),
            str(sum(counter.values())),
        )
        for option_id, counter in counts.items()
    ]
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join((first, *rest))

    return "\n".join([line(header), line(["-" * width for width in widths]), *map(line, body)])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Screen a cohort and write one CSV row per patient and option."
    )
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=DEFAULT_FOLDER,
        help="folder of patient JSON documents (default: the bundled examples)",
    )
    parser.add_argument(
        "--synthetic", type=int, metavar="N", help="screen N synthetic patients instead"
    )
    parser.add_argument("--seed", type=int, default=2022, help="seed of the synthetic cohort")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=DEFAULT_AS_OF,
        help="screening date, YYYY-MM-DD (default: 2022-12-31)",
    )
    parser.add_argument("--jurisdiction", choices=("US", "EU"), default="US")
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the script; return 0, or 1 when some documents had problems (2: usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    as_of: date = args.as_of
    if args.synthetic is not None:
        if args.synthetic < 1:
            parser.error("--synthetic needs a positive number of patients")
        cohort, rejected = synthetic(args.synthetic, as_of, args.seed), 0
        source = f"{len(cohort)} synthetic patients (seed {args.seed})"
    else:
        if not args.folder.is_dir():
            parser.error(f"not a folder: {args.folder}")
        cohort, rejected = load_folder(args.folder, as_of, sys.stderr)
        source = f"{len(cohort)} patients from {args.folder}"
    rows = eligibility_rows(cohort, as_of, args.jurisdiction)
    write_csv(rows, args.out)
    print(f"{source}, screened as of {as_of.isoformat()} ({args.jurisdiction} labels)")
    print(format_counts(count_by_status(rows)))
    print(f"wrote {len(rows)} rows to {args.out}")
    if rejected:
        print(f"{rejected} document(s) left out; see the problems above", file=sys.stderr)
    return 1 if rejected else 0


if __name__ == "__main__":
    raise SystemExit(main())
