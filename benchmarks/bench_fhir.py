"""FHIR Bundle -> Patient throughput beside ``load_patient`` on the same patients, one core.

Run: ``.venv/bin/python benchmarks/bench_fhir.py [--patients 200] [--seconds 2]
[--compare OTHER/src]``

The same synthetic patients (``allmodel.synthetic``, seed 0) are written once as
allmodel JSON documents (``dump_patient``) and once as FHIR Bundles (``patient_to_fhir``),
both as JSON text. Each is then read repeatedly in rotation: ``load_patient`` (decode,
structure, validate), ``patient_from_fhir(validate=False)`` (decode, map, validate the
model) and ``patient_from_fhir(validate=True)`` (the same, after checking every resource
against the ``fhir.resources`` R4B models). The report gives patients per second for each
and the ratios, then where the time of ``validate=False`` goes, in microseconds per
Bundle, each stage timed in turn on every Bundle: decoding the text (``read_json``: JSON
within allmodel's limits), finding and indexing the resources, dispatching every
resource to its domain reader (which builds the model objects: lab results, lines, ...),
the readers' finishing steps and cross-checks, and the rest of the whole call
(assembling the patient and the report).
Target: at least 1,000 Bundles per second.

Time is the process's CPU time (``time.process_time``), which other processes on a
shared machine disturb less than the wall clock. With ``--compare`` the measurements run
in this tree and in ``OTHER/src`` (another checkout's ``src``, imported in a child
process) in alternating rounds, on the same patients; each reports its best round and
the ratios are of the two, from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import allmodel
from allmodel.io._documents import read_json
from allmodel.io.fhir import patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._input import read_input
from allmodel.synthetic import synthetic_patient

AS_OF = date(2022, 12, 31)
_RATES = ("load", "fast", "checked")


def _rate(work: Callable[[], object], seconds: float, per_call: int) -> float:
    count = 0
    start = time.process_time()
    deadline = start + seconds
    while True:
        work()
        count += per_call
        now = time.process_time()
        if now >= deadline:
            return count / (now - start)


def _each(texts: list[str], step: Callable[[str], object]) -> Callable[[], None]:
    def work() -> None:
        for text in texts:
            step(text)

    return work


def _stages(bundles: list[str], seconds: float) -> dict[str, float]:
    """Microseconds per Bundle of each stage of ``patient_from_fhir(validate=False)``,
    timed in turn on each Bundle: decoding, reading the input (decoding again, then
    finding and indexing the resources), dispatching every resource to its reader, the
    domains' finishing steps and cross-checks; and the whole call, on the same Bundle."""
    # internals, for the breakdown only
    from allmodel.io.fhir import _read  # noqa: PLC0415
    from allmodel.io.fhir._checks import check_history, check_stated_state  # noqa: PLC0415
    from allmodel.io.fhir._context import ReadContext  # noqa: PLC0415
    from allmodel.io.fhir._domains import DOMAINS  # noqa: PLC0415

    clock = time.process_time
    spent = dict.fromkeys(("decode", "input", "dispatch", "finish", "whole"), 0.0)
    count = 0
    deadline = clock() + seconds
    while clock() < deadline:
        for text in bundles:
            start = clock()
            read_json(text)
            decoded = clock()
            found = read_input(text, validate=False)
            read = clock()
            context = ReadContext(as_of=AS_OF, input=found)
            _, names = _read._patients(found.resources)
            for resource in found.resources:
                with context.reading(resource.path):
                    if resource.type in _read._SUBJECT and _read._subject_problem(
                        resource, context, names
                    ):
                        continue
                    _read._dispatch(resource, context)
            dispatched = clock()
            for domain in DOMAINS:
                with context.reading(""):
                    domain.finish(context)
            check_history(context, found.resources)
            check_stated_state(context)
            finished = clock()
            patient_from_fhir(text, as_of=AS_OF, validate=False)
            end = clock()
            spent["decode"] += decoded - start
            spent["input"] += read - decoded
            spent["dispatch"] += dispatched - read
            spent["finish"] += finished - dispatched
            spent["whole"] += end - finished
        count += len(bundles)
    return {key: value / count * 1e6 for key, value in spent.items()}


def _measure(count: int, seconds: float) -> dict[str, float]:
    """Rates (per second) of the three readers, and the stages of ``validate=False``
    (microseconds per Bundle), on ``count`` patients."""
    rng = random.Random(0)
    patients = [synthetic_patient(rng, as_of=AS_OF) for _ in range(count)]
    documents = [json.dumps(allmodel.dump_patient(p)) for p in patients]
    bundles = [json.dumps(patient_to_fhir(p)) for p in patients]
    for patient, bundle in zip(patients, bundles, strict=True):
        assert patient_from_fhir(bundle, as_of=AS_OF).patient == patient
    n = len(patients)
    return {
        "load": _rate(_each(documents, allmodel.load_patient), seconds, n),
        "fast": _rate(
            _each(bundles, lambda t: patient_from_fhir(t, as_of=AS_OF, validate=False)), seconds, n
        ),
        "checked": _rate(
            _each(bundles, lambda t: patient_from_fhir(t, as_of=AS_OF, validate=True)), seconds, n
        ),
        **_stages(bundles, seconds),
    }


def _describe(count: int) -> str:
    rng = random.Random(0)
    patients = [synthetic_patient(rng, as_of=AS_OF) for _ in range(count)]
    documents = [json.dumps(allmodel.dump_patient(p)) for p in patients]
    bundles = [json.dumps(patient_to_fhir(p)) for p in patients]
    resources = sum(len(json.loads(b)["entry"]) for b in bundles) / len(bundles)
    return (
        f"{len(patients)} synthetic patients; mean document "
        f"{sum(map(len, documents)) / len(documents):,.0f} bytes, mean Bundle "
        f"{sum(map(len, bundles)) / len(bundles):,.0f} bytes ({resources:.1f} resources)"
    )


def _report(label: str, rates: dict[str, float]) -> None:
    load, fast, checked = rates["load"], rates["fast"], rates["checked"]
    print(f"{label}:")
    print(f"  {'load_patient (allmodel JSON)':<36} {load:>8,.0f} patients/s")
    for name, rate in (("validate=False", fast), ("validate=True", checked)):
        print(
            f"  {'patient_from_fhir, ' + name:<36} {rate:>8,.0f} Bundles/s"
            f"  (load_patient / this: {load / rate:.1f}x)"
        )
    found = rates["input"] - rates["decode"]  # read_input decodes, then finds resources
    rest = rates["whole"] - rates["input"] - rates["dispatch"] - rates["finish"]
    stages = [
        ("decoding (read_json)", rates["decode"]),
        ("finding and indexing the resources", found),
        ("dispatching to the readers", rates["dispatch"]),
        ("finishing steps and checks", rates["finish"]),
        ("the patient and the report", rest),
        ("patient_from_fhir (everything)", rates["whole"]),
    ]
    print("  validate=False, microseconds per Bundle:")
    for name, micros in stages:
        print(f"    {name:<34} {micros:>8,.0f} us")


def _child(src: str, count: int, seconds: float) -> dict[str, float]:
    """The measurements of another source tree, in a child process that imports it."""
    environment = {**os.environ, "PYTHONPATH": os.path.abspath(src)}
    command = [sys.executable, __file__, "--patients", str(count), "--seconds", str(seconds)]
    done = subprocess.run(
        [*command, "--json"], env=environment, capture_output=True, text=True, check=True
    )
    rates: dict[str, float] = json.loads(done.stdout)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--compare", metavar="SRC", help="another tree's src to measure too")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (--compare)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:  # a child of --compare: the rates only
        print(json.dumps(_measure(args.patients, args.seconds)))
        return
    print(_describe(args.patients))
    if args.compare is None:
        _report("this tree", _measure(args.patients, args.seconds))
        return
    src = os.path.dirname(os.path.dirname(allmodel.__file__))
    here: list[dict[str, float]] = []
    there: list[dict[str, float]] = []
    for _ in range(args.rounds):
        here.append(
            _child(os.path.dirname(os.path.dirname(allmodel.__file__)), args.patients, args.seconds)
        )
        there.append(_child(args.compare, args.patients, args.seconds))
    best_here = _best(here)
    best_there = _best(there)
    _report(f"this tree ({src})", best_here)
    _report(f"the other ({args.compare})", best_there)
    print("this tree / the other, same run:")
    for key, name in (
        ("load", "load_patient"),
        ("fast", "validate=False"),
        ("checked", "validate=True"),
    ):
        print(f"  {name:<36} {best_here[key] / best_there[key]:>8.2f}x the rate")


def _best(rounds: list[dict[str, Any]]) -> dict[str, float]:
    """The best round: the highest rates and the stages of the fastest round."""
    fastest = min(rounds, key=lambda r: r["whole"])
    return {**fastest, **{key: max(r[key] for r in rounds) for key in _RATES}}


if __name__ == "__main__":
    main()
