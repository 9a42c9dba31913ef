"""Write everything the library derives for a fixed set of patients to one text file, so
that two builds of allmodel can be compared line by line (``make compiled-test``: the
compiled build's file must equal the pure-Python build's).

For the bundled example patients and a synthetic cohort, on several dates: every fact's
value, upper bound, result date and remark, each written with ``repr`` (so ``12`` and
``12.0`` differ, as they would in a report), and ``Facts.describe``; then the text and
JSON reports of screening, in both jurisdictions, for the examples and part of the
cohort. The examples are written in full; each synthetic patient and date as the SHA-256
of its lines (``--only LABEL`` writes one of them in full, to see a difference). The first
line names the build (which derivation modules are compiled), and is the one line the
two files may differ in.

Usage: python scripts/derivation_digest.py OUTPUT [--expect pure|compiled] [--patients N]
[--screened N] [--only LABEL]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.machinery
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import allmodel
from allmodel.examples import patients as example_patients
from allmodel.facts import FACTS
from allmodel.model import Patient
from allmodel.synthetic import synthetic_cohort

#: Screening dates: a cohort's own date, a year before it (many results then lie in the
#: future and do not count) and two later ones (results go stale).
DATES = (date(2021, 12, 31), date(2022, 12, 31), date(2023, 3, 1), date(2024, 2, 29))
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def compiled_modules(pyproject: Path = PYPROJECT) -> tuple[str, ...]:
    """The modules the compiled build compiles: the ``include`` list of the mypyc build
    hook in ``pyproject.toml`` (``/src/allmodel/facts/_labs.py`` is ``allmodel.facts._labs``)."""
    with pyproject.open("rb") as file:
        hook = tomllib.load(file)["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
    return tuple(
        path.removeprefix("/src/").removesuffix(".py").replace("/", ".") for path in hook["include"]
    )


def build() -> str:
    """How many of :func:`compiled_modules` are extension modules (compiled) here."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    names = compiled_modules()
    compiled = [
        name for name in names if str(importlib.import_module(name).__file__).endswith(suffixes)
    ]
    return f"build: {len(compiled)} of {len(names)} derivation modules compiled"


def _patients(size: int) -> Iterator[tuple[str, Patient]]:
    yield from sorted(example_patients().items())
    for seed in (11, 2022):
        for index, patient in enumerate(synthetic_cohort(size, seed=seed)):
            yield f"synthetic-{seed}-{index}", patient


def _facts_lines(label: str, patient: Patient, as_of: date) -> Iterator[str]:
    try:
        facts = allmodel.derive_facts(patient, as_of=as_of)
    except allmodel.AllModelError as error:  # a birth after the date: the error's text
        yield f"{label} {as_of} error {type(error).__name__}: {error}"
        return
    rows = zip(FACTS, facts.values, facts.upper, facts.observed_on, strict=True)
    for spec, value, upper, observed in rows:
        remark = facts.remark(spec.name)
        described = facts.describe(spec.name)
        yield f"{label} {as_of} {spec.name} {value!r} {upper!r} {observed!r} {remark!r}"
        yield f"{label} {as_of} {spec.name} describe {described!r}"


def _screen_lines(label: str, patient: Patient, as_of: date) -> Iterator[str]:
    for jurisdiction in ("US", "EU"):
        try:
            report = allmodel.screen(patient, as_of=as_of, jurisdiction=jurisdiction)
        except allmodel.AllModelError as error:
            yield f"{label} {as_of} {jurisdiction} error {type(error).__name__}: {error}"
            continue
        yield f"{label} {as_of} {jurisdiction} text {report.to_text()!r}"
        yield f"{label} {as_of} {jurisdiction} json {report.to_json()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--patients", type=int, default=1500, help="per synthetic seed")
    parser.add_argument("--screened", type=int, default=150, help="screened per seed")
    parser.add_argument("--only", help="write only this patient, in full")
    parser.add_argument(
        "--expect", choices=("pure", "compiled"), help="fail unless this is the build here"
    )
    args = parser.parse_args(argv)
    lines = [build()]
    if args.expect is not None:
        count = 0 if args.expect == "pure" else len(compiled_modules())
        if not lines[0].startswith(f"build: {count} of "):
            print(f"not the {args.expect} build: {lines[0]}")
            return 1
    examples = len(example_patients())
    for number, (label, patient) in enumerate(_patients(args.patients)):
        if args.only is not None and label != args.only:
            continue
        seed_index = (number - examples) % args.patients
        screened = number < examples or seed_index < args.screened
        for as_of in DATES:
            found = list(_facts_lines(label, patient, as_of))
            if screened:
                found.extend(_screen_lines(label, patient, as_of))
            if number < examples or args.only is not None:
                lines.extend(found)
            else:
                digest = hashlib.sha256("\n".join(found).encode()).hexdigest()
                lines.append(f"{label} {as_of} {digest}")
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{lines[0]}; {len(lines) - 1:,} lines written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
