"""JSON load throughput of patient documents against json.loads alone, on one core.

Run: ``.venv/bin/python benchmarks/bench_load.py [--seconds 2]``

For each bundled example document (src/allmodel/examples/patients/*.json) the same text is parsed
repeatedly by ``json.loads`` (the floor) and by ``allmodel.load_patient`` (decode,
structure, validate); the report gives patients per second for both, per document and
for the whole set in rotation. Target: at least 2,000 typical patients per second.

Then, over synthetic patients (``allmodel.synthetic``), the microseconds per patient of
``load_patient`` (of the JSON text), ``dump_patient``, and ``pickle.dumps`` /
``pickle.loads`` of one patient (what a worker process pays to receive one).
"""

from __future__ import annotations

import argparse
import functools
import json
import pickle
import time
from collections.abc import Callable
from pathlib import Path

import allmodel
from allmodel.synthetic import synthetic_cohort

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "allmodel" / "examples" / "patients"


def _rate(work: Callable[[], object], seconds: float) -> float:
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(50):
            work()
        count += 50
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    texts = {path.stem: path.read_text() for path in sorted(EXAMPLES.glob("*.json"))}
    print(f"{'document':<36} {'bytes':>6} {'json.loads/s':>13} {'load_patient/s':>15} {'ratio':>6}")
    for name, text in texts.items():
        floor = _rate(functools.partial(json.loads, text), args.seconds / 4)
        ours = _rate(functools.partial(allmodel.load_patient, text), args.seconds / 2)
        print(f"{name:<36} {len(text):>6} {floor:>13,.0f} {ours:>15,.0f} {floor / ours:>5.1f}x")
    rotation = list(texts.values())

    def load_all() -> None:
        for text in rotation:
            allmodel.load_patient(text)

    def decode_all() -> None:
        for text in rotation:
            json.loads(text)

    floor = _rate(decode_all, args.seconds) * len(rotation)
    ours = _rate(load_all, args.seconds) * len(rotation)
    print(f"{'all examples in rotation':<43} {floor:>13,.0f} {ours:>15,.0f} {floor / ours:>5.1f}x")
    print("target: >= 2,000 patients/s for load_patient (one core)")
    _synthetic(args.seconds)


def _synthetic(seconds: float) -> None:
    """Microseconds per synthetic patient of each step (see the module docstring)."""
    patients = synthetic_cohort(200)
    texts = [json.dumps(allmodel.dump_patient(patient)) for patient in patients]
    pickled = [pickle.dumps(patient, protocol=pickle.HIGHEST_PROTOCOL) for patient in patients]
    steps: dict[str, Callable[[], object]] = {
        "load_patient": lambda: [allmodel.load_patient(text) for text in texts],
        "dump_patient": lambda: [allmodel.dump_patient(patient) for patient in patients],
        "pickle.dumps": lambda: [
            pickle.dumps(patient, protocol=pickle.HIGHEST_PROTOCOL) for patient in patients
        ],
        "pickle.loads": lambda: [pickle.loads(data) for data in pickled],
    }
    print(f"synthetic patients ({len(patients)}): microseconds per patient")
    for name, work in steps.items():
        rate = _rate(work, seconds / 4) * len(patients)
        print(f"{name:<36} {1e6 / rate:>8.0f}")


if __name__ == "__main__":
    main()
