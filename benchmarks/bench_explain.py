"""Screening with explanations against status-only screening, on synthetic patients.

Run: ``.venv/bin/python benchmarks/bench_explain.py [--patients 300] [--repeat 3]``

Reports, on one core, in one run, the rate of ``screen()`` (statuses only) and of
``screen()`` with every result's ``to_dict()`` (failed and unknown criteria, missing
fields), in patients per second. To compare two checkouts in the same run, run it once
with each on the path: ``PYTHONPATH=<other checkout>/src .venv/bin/python
benchmarks/bench_explain.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

import allmodel
from allmodel import screen
from allmodel.synthetic import synthetic_cohort

AS_OF = date(2022, 12, 31)


def _rate(work: Callable[[], object], count: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return count / statistics.median(times)


def main() -> None:
    """Time both workloads and print their rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cohort = synthetic_cohort(args.patients, as_of=AS_OF)
    n = len(cohort)
    status = _rate(lambda: [screen(p, as_of=AS_OF) for p in cohort], n, args.repeat)
    explained = _rate(
        lambda: [[r.to_dict() for r in screen(p, as_of=AS_OF)] for p in cohort], n, args.repeat
    )
    print(f"allmodel from {allmodel.__file__}")
    print(f"synthetic cohort: {n} patients, as of {AS_OF}, median of {args.repeat} runs")
    print(f"  screen(), status only              {status:>10,.0f} patients/s")
    print(f"  screen() + to_dict() of each result {explained:>9,.0f} patients/s")
    print(f"  explanation cost: {status / explained:.1f}x the status-only time")


if __name__ == "__main__":
    main()
