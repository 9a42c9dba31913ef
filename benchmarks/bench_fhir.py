"""FHIR Bundle -> Patient throughput beside ``load_patient`` on the same patients, one core.

Run: ``.venv/bin/python benchmarks/bench_fhir.py [--patients 200] [--seconds 2]``

The same synthetic patients (``allmodel.synthetic``, seed 0) are written once as
allmodel JSON documents (``dump_patient``) and once as FHIR Bundles (``patient_to_fhir``),
both as JSON text. Each is then read repeatedly in rotation: ``load_patient`` (decode,
structure, validate), ``patient_from_fhir(validate=False)`` (decode, map, validate the
model) and ``patient_from_fhir(validate=True)`` (the same, after checking every resource
against the ``fhir.resources`` R4B models). The report gives patients per second for each
and the ratios, measured in the same run, then where the time of ``validate=False`` goes:
decoding the text (``read_json``: JSON within allmodel's limits) and the
whole of reading the input (decoding, finding and indexing the resources), in
microseconds per Bundle; the rest is mapping the resources and building the patient.
Target: at least 1,000 Bundles per second.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from datetime import date

import allmodel
from allmodel.io._documents import read_json
from allmodel.io.fhir import patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._input import read_input
from allmodel.synthetic import synthetic_patient

AS_OF = date(2022, 12, 31)


def _rate(work: Callable[[], object], seconds: float, per_call: int) -> float:
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        work()
        count += per_call
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    rng = random.Random(0)
    patients = [synthetic_patient(rng, as_of=AS_OF) for _ in range(args.patients)]
    documents = [json.dumps(allmodel.dump_patient(p)) for p in patients]
    bundles = [json.dumps(patient_to_fhir(p)) for p in patients]
    for patient, bundle in zip(patients, bundles, strict=True):
        assert patient_from_fhir(bundle, as_of=AS_OF).patient == patient
    resources = sum(len(json.loads(b)["entry"]) for b in bundles) / len(bundles)
    mean_document = sum(map(len, documents)) / len(documents)
    mean_bundle = sum(map(len, bundles)) / len(bundles)
    print(
        f"{len(patients)} synthetic patients; mean document {mean_document:,.0f} bytes,"
        f" mean Bundle {mean_bundle:,.0f} bytes ({resources:.1f} resources)"
    )

    def load_all() -> None:
        for text in documents:
            allmodel.load_patient(text)

    def fhir_all(validate: bool) -> Callable[[], None]:
        def work() -> None:
            for text in bundles:
                patient_from_fhir(text, as_of=AS_OF, validate=validate)

        return work

    n = len(patients)
    load = _rate(load_all, args.seconds, n)
    fast = _rate(fhir_all(False), args.seconds, n)
    checked = _rate(fhir_all(True), args.seconds, n)
    print(f"{'load_patient (allmodel JSON)':<36} {load:>8,.0f} patients/s")
    for label, rate in (("validate=False", fast), ("validate=True", checked)):
        print(
            f"{'patient_from_fhir, ' + label:<36} {rate:>8,.0f} Bundles/s"
            f"  (load_patient / this: {load / rate:.1f}x)"
        )

    def each(step: Callable[[str], object]) -> Callable[[], None]:
        def work() -> None:
            for text in bundles:
                step(text)

        return work

    decode = _rate(each(read_json), args.seconds, n)
    found = _rate(each(lambda text: read_input(text, validate=False)), args.seconds, n)
    print("validate=False, microseconds per Bundle:")
    for label, rate in (
        ("decoding (read_json)", decode),
        ("reading the input (with decoding)", found),
        ("patient_from_fhir (everything)", fast),
    ):
        print(f"  {label:<34} {1e6 / rate:>8,.0f} us")


if __name__ == "__main__":
    main()
