"""Screening with explanations against status-only screening, on synthetic patients.

Run: ``.venv/bin/python benchmarks/bench_explain.py [--patients 300] [--repeat 3]
[--baseline OTHER_CHECKOUT/src] [--rounds 3]``

Each workload screens every patient of a synthetic cohort (seed 0, as of 2022-12-31,
US labels, every option of the default ruleset) and reads, per patient:

- ``status``: ``screen()`` and each result's status (``[r.status for r in report]``);
- ``statuses``: ``screen()`` and ``report.statuses`` (no result object made);
- ``explain``: ``screen()`` and each result's ``failed``, ``unknown`` and ``missing``
  (every reported criterion's observed text read too);
- ``to_dict``: ``screen()`` and each result's ``to_dict()``;
- ``report``: ``screen()`` and ``report.to_dict()`` (the whole JSON document);
- ``derive``: ``derive_facts()`` alone, every fact (what each screening starts with).

The time is the process's CPU time (``time.process_time``: less disturbed by other
processes on a shared machine than wall time), the best of ``--repeat`` runs, as patients
per second on one core. With ``--baseline`` the workloads run in fresh processes, in
turn with that checkout's ``src`` on ``PYTHONPATH`` and with this one, ``--rounds``
times, and the table gives each one's best rate and their ratio (same run); where the
baseline has no ``report.statuses``, its ``status`` workload (the statuses read through
the results) stands in for ``statuses``, marked ``*``. Nothing is asserted: the numbers
vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date

AS_OF = date(2022, 12, 31)
WORKLOADS = ("status", "statuses", "explain", "to_dict", "report", "derive")


def _workloads(patients: int) -> dict[str, Callable[[], object]]:
    """Each workload over one synthetic cohort (``statuses`` only where it exists)."""
    from allmodel import screen  # noqa: PLC0415  (imported in the process measured)
    from allmodel.facts import derive_facts  # noqa: PLC0415
    from allmodel.synthetic import synthetic_cohort  # noqa: PLC0415

    cohort = synthetic_cohort(patients, as_of=AS_OF)

    def status() -> object:
        return [[result.status for result in screen(p, as_of=AS_OF)] for p in cohort]

    def statuses() -> object:
        return [screen(p, as_of=AS_OF).statuses for p in cohort]

    def explain() -> object:
        found = []
        for patient in cohort:
            for result in screen(patient, as_of=AS_OF):
                nodes = (*result.failed, *result.unknown)
                found.append(([node.observed for node in nodes], result.missing))
        return found

    def to_dict() -> object:
        return [[result.to_dict() for result in screen(p, as_of=AS_OF)] for p in cohort]

    def report() -> object:
        return [screen(p, as_of=AS_OF).to_dict() for p in cohort]

    def derive() -> object:
        return [derive_facts(p, as_of=AS_OF) for p in cohort]

    chosen: dict[str, Callable[[], object]] = {
        "status": status,
        "explain": explain,
        "to_dict": to_dict,
        "report": report,
        "derive": derive,
    }
    if hasattr(screen(cohort[0], as_of=AS_OF), "statuses"):
        chosen["statuses"] = statuses
    return chosen


def measure(patients: int, repeat: int) -> dict[str, float]:
    """Patients per CPU-second of each workload in this process (best of ``repeat``)."""
    rates = {}
    for name, work in _workloads(patients).items():
        work()  # warm: compiled criteria, prepared explanations
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
        rates[name] = patients / best
    return rates


def _run(source: str | None, patients: int, repeat: int) -> dict[str, float]:
    """``measure`` in a fresh process, with ``source`` first on ``PYTHONPATH``."""
    environment = dict(os.environ)
    if source is None:
        environment.pop("PYTHONPATH", None)
    else:
        environment["PYTHONPATH"] = source
    command = [sys.executable, __file__, "--worker", "--patients", str(patients)]
    command += ["--repeat", str(repeat)]
    output = subprocess.run(command, env=environment, capture_output=True, check=True, text=True)
    rates: dict[str, float] = json.loads(output.stdout)
    return rates


def main() -> None:
    """Time the workloads (and compare with another checkout) and print their rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", help="another checkout's src folder, to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.patients, args.repeat)))
        return
    print(f"synthetic cohort: {args.patients} patients, as of {AS_OF}; CPU time, best of")
    print(f"{args.repeat} runs" + (f" x {args.rounds} rounds" if args.baseline else ""))
    if not args.baseline:
        for name, rate in measure(args.patients, args.repeat).items():
            print(f"  {name:<9} {rate:>9,.0f} patients/s")
        return
    best: dict[str | None, dict[str, float]] = {args.baseline: {}, None: {}}
    for _ in range(args.rounds):
        for source in (args.baseline, None):
            for name, rate in _run(source, args.patients, args.repeat).items():
                best[source][name] = max(best[source].get(name, 0.0), rate)
    print(f"  {'workload':<9} {'baseline':>10} {'this':>10} {'ratio':>7}   (patients/s)")
    stood_in = False
    for name in WORKLOADS:
        new = best[None].get(name)
        old = best[args.baseline].get(name)
        if new is None:
            continue
        mark = " "
        if old is None and name == "statuses":
            # a checkout without report.statuses read statuses through the results
            old, mark, stood_in = best[args.baseline].get("status"), "*", True
        ratio = f"{new / old:>6.2f}x" if old else "      -"
        shown = f"{old:>10,.0f}" if old else f"{'-':>10}"
        print(f"  {name:<9} {shown}{mark}{new:>10,.0f} {ratio}")
    print(f"  baseline: {args.baseline}")
    if stood_in:
        print("  * the baseline has no report.statuses: its status workload stands in")


if __name__ == "__main__":
    main()
