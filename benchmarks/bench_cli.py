"""``allmodel screen`` over a large cohort: wall time and peak memory per output format.

Run: ``.venv/bin/python benchmarks/bench_cli.py [--patients 10000] [--jobs 1]
[--formats text jsonl csv json]``

N synthetic patients (``allmodel.synthetic``, seed 0, screened as of 2022-12-31) are
written once as JSON Lines (one patient document per line) to a temporary folder. The
command then screens them from stdin (``allmodel screen - --format F``) in a fresh
process per format, its output going to a file. The report gives, per format, the wall
time, patients per second, the peak resident memory of the command (``ru_maxrss`` of the
process from ``os.wait4``, its worker processes included) and the output size; also the
command's CPU time (user + system, from the same ``os.wait4``: less disturbed than wall
time by other processes on a shared machine) and each format's CPU time as a multiple of
``text``'s. Nothing is asserted: the numbers vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from allmodel.io import dump_patient
from allmodel.synthetic import synthetic_patient

AS_OF = date(2022, 12, 31)
FORMATS = ("text", "jsonl", "csv", "json")


def write_cohort(path: Path, size: int, seed: int = 0) -> int:
    """Write ``size`` synthetic patients as JSON Lines, one at a time; return the bytes."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as stream:
        for _ in range(size):
            patient = synthetic_patient(rng, as_of=AS_OF)
            stream.write(json.dumps(dump_patient(patient), separators=(",", ":")) + "\n")
    return path.stat().st_size


def screen(cohort: Path, output: Path, form: str, jobs: int) -> tuple[float, float, int, int]:
    """One run of the command: wall seconds, CPU seconds, peak RSS in bytes, exit code."""
    command = [sys.executable, "-m", "allmodel", "screen", "-", "--as-of", AS_OF.isoformat()]
    command += ["--format", form, "--jobs", str(jobs)]
    with cohort.open("rb") as stdin, output.open("wb") as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=stdout)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss * 1024, process.returncode  # ru_maxrss: KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cohort = Path(folder) / "cohort.jsonl"
        start = time.perf_counter()
        size = write_cohort(cohort, args.patients)
        print(
            f"{args.patients:,} synthetic patients, {size / 2**20:.1f} MiB of JSON Lines"
            f" (written in {time.perf_counter() - start:.1f} s); --jobs {args.jobs}"
        )
        print(
            f"{'format':<8} {'seconds':>8} {'patients/s':>11} {'CPU s':>8} {'/ text':>7}"
            f" {'peak RSS':>10} {'output':>11}"
        )
        text_cpu = None
        for form in args.formats:
            output = Path(folder) / f"out.{form}"
            seconds, cpu, peak, code = screen(cohort, output, form, args.jobs)
            if form == "text":
                text_cpu = cpu
            note = "" if code == 0 else f"  (exit {code})"
            ratio = f"{cpu / text_cpu:>6.2f}x" if text_cpu else f"{'-':>7}"
            print(
                f"{form:<8} {seconds:>8.1f} {args.patients / seconds:>11,.0f} {cpu:>8.1f}"
                f" {ratio} {peak / 2**20:>7.0f} MB {output.stat().st_size / 2**20:>7.1f} MiB"
                f"{note}",
                flush=True,
            )
            output.unlink()


if __name__ == "__main__":
    main()
