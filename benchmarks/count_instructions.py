"""Instructions per screened patient, counted by valgrind: a noise-free before/after.

Wall-clock benchmarks on a shared 2-core machine move by 10 % from run to run; an
instruction count does not. This script runs ``screen()`` of a synthetic cohort against
all options under callgrind twice (``--repeat 1`` and ``2``) and reports the difference
divided by the cohort size: the instructions one screening costs, with start-up, cohort
building and the first compilation cancelled out.

Run (valgrind must be installed; not part of ``make check``)::

    .venv/bin/python benchmarks/count_instructions.py                  # this tree
    .venv/bin/python benchmarks/count_instructions.py --src ../old/src # another tree

With ``--src`` the given source tree is imported instead of this one, so two checkouts
can be compared with the same interpreter and cohort size. The cohort is
:func:`allmodel.synthetic.synthetic_cohort` of that tree.

``--work fhir`` counts reading a FHIR Bundle instead (``patient_from_fhir``,
``validate=False``, on the Bundles ``benchmarks/bench_fhir.py`` reads), ``--work load``
reading the same patients' allmodel JSON (``load_patient``)::

    .venv/bin/python benchmarks/count_instructions.py --work fhir --patients 20
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_DRIVER = """
import sys
from datetime import date
from allmodel import screen
from allmodel.synthetic import synthetic_cohort
as_of = date(2022, 12, 31)
cohort = synthetic_cohort(int(sys.argv[1]), as_of=as_of)
screen(cohort[0], as_of=as_of)
for _ in range(int(sys.argv[2])):
    for patient in cohort:
        screen(patient, as_of=as_of)
"""


_READ_DRIVER = """
import json, random, sys
from datetime import date
import allmodel
from allmodel.io.fhir import patient_from_fhir, patient_to_fhir
from allmodel.synthetic import synthetic_patient
as_of = date(2022, 12, 31)
rng = random.Random(0)
patients = [synthetic_patient(rng, as_of=as_of) for _ in range(int(sys.argv[1]))]
if sys.argv[3] == "fhir":
    texts = [json.dumps(patient_to_fhir(p)) for p in patients]
    def read(text):
        patient_from_fhir(text, as_of=as_of, validate=False)
else:
    texts = [json.dumps(allmodel.dump_patient(p)) for p in patients]
    read = allmodel.load_patient
read(texts[0])
for _ in range(int(sys.argv[2])):
    for text in texts:
        read(text)
"""
_DRIVERS = {"screen": _DRIVER, "fhir": _READ_DRIVER, "load": _READ_DRIVER}
_WHAT = {
    "screen": "per patient, all options",
    "fhir": "per Bundle read (patient_from_fhir, validate=False)",
    "load": "per document read (load_patient)",
}


def count(src: Path, patients: int, repeat: int, work: str = "screen") -> int:
    """Instructions callgrind collects for one run of the driver."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        env = {**os.environ, "PYTHONPATH": str(src)}
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-c",
                _DRIVERS[work],
                str(patients),
                str(repeat),
                work,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path(__file__).parents[1] / "src")
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--work", choices=sorted(_DRIVERS), default="screen")
    args = parser.parse_args()
    once = count(args.src, args.patients, 1, args.work)
    twice = count(args.src, args.patients, 2, args.work)
    per_patient = (twice - once) / args.patients
    print(f"{args.src}: {per_patient:,.0f} instructions {_WHAT[args.work]}")


if __name__ == "__main__":
    main()
