"""Differential check of the FHIR reader: this tree against another checkout, same inputs.

Run: ``.venv/bin/python scripts/check_fhir_differential.py --other /work/main/src
[--synthetic 2000] [--mutated 2000] [--seed 0]``

The inputs are the shipped example Bundles (``src/allmodel/examples/fhir``), every JSON
file of ``--corpus`` folders (the FHIR example corpus), synthetic patients written with
``patient_to_fhir`` (several seeds, in a US and an EU flavour: RxNorm or national ATC
codes, conventional or SI units, date-times with time zones) and mutated copies of them
(elements dropped, codes changed to unknown ones, units of the wrong dimension, dates
with and without time zones, wrong resource types and JSON types, duplicated entries,
another subject, a second ``value[x]``, reference ranges of every kind). Each input is
read by ``patient_from_fhir`` in a child process that imports this tree and in one that
imports ``--other``; the two must give the same patient (``dump_patient`` and ``repr``),
the same mapping report (every entry: path, outcome, detail) or the same error (type and
every problem). The summary gives the counts; the exit code is 1 on any difference.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AS_OF = (date(2022, 12, 31), date(2026, 1, 1))
_UNKNOWN_CODES = ("99999-9", "L01XX99", "123456789", "lab-unknown", "C91.99", "")
_UNITS = ("g/dL", "mg", "%", "10*9/L", "10^9/L", "kg", "umol/L", "mg/dL", "/uL", "K/ul", "[in_i]")
_DATES = (
    "2022-01-05T10:00:00",
    "2022-01-05T10:00:00+02:00",
    "2022-01-05T23:30:00Z",
    "2022-01",
    "2022",
    "2023-13-01",
    "2030-01-01",
    "2022-01-05T10:00:00.123-05:00",
)
_ODD: tuple[Any, ...] = (None, "", " ", 0, 1.5, True, [], {}, ["x"], {"a": 1}, "unknown")


def _flavour(bundle: dict[str, Any], rng: random.Random, region: str) -> None:
    """A US or EU flavour of a written Bundle (codes, units and date-times as sent there)."""
    for entry in bundle.get("entry", []):
        resource = entry["resource"]
        for key in ("effectiveDateTime", "recordedDate", "onsetDateTime"):
            if key in resource and rng.random() < 0.5:
                zone = "+01:00" if region == "EU" else "-05:00"
                resource[key] = f"{resource[key][:10]}T09:30:00{zone}"
        concept = resource.get("medicationCodeableConcept")
        if isinstance(concept, dict):
            codings = concept.get("coding", [])
            if region == "EU":
                kept = [c for c in codings if "rxnorm" not in c.get("system", "")]
                for coding in kept:
                    if coding.get("system") == "http://www.whocc.no/atc" and rng.random() < 0.5:
                        coding["system"] = "http://fhir.de/CodeSystem/bfarm/atc"
                concept["coding"] = kept or codings
            else:
                kept = [c for c in codings if "atc" not in c.get("system", "")]
                concept["coding"] = kept or codings
        quantity = resource.get("valueQuantity")
        if isinstance(quantity, dict) and quantity.get("code") == "10*9/L" and region == "US":
            quantity["code"], quantity["unit"] = "10*3/uL", "K/uL"


def _walk(value: Any, rng: random.Random, depth: int = 0) -> tuple[Any, Any] | None:
    """A random (container, key) inside ``value``."""
    if isinstance(value, dict) and value:
        key = rng.choice(list(value))
        inner = value[key]
        if isinstance(inner, (dict, list)) and inner and rng.random() < 0.6 and depth < 6:
            deeper = _walk(inner, rng, depth + 1)
            if deeper is not None:
                return deeper
        return value, key
    if isinstance(value, list) and value:
        index = rng.randrange(len(value))
        inner = value[index]
        if isinstance(inner, (dict, list)) and inner and depth < 6:
            deeper = _walk(inner, rng, depth + 1)
            if deeper is not None:
                return deeper
        return value, index
    return None


def _all_dicts(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for inner in value.values():
            found.extend(_all_dicts(inner))
    elif isinstance(value, list):
        for inner in value:
            found.extend(_all_dicts(inner))
    return found


def _mutate(bundle: dict[str, Any], rng: random.Random) -> None:
    entries = bundle.get("entry", [])
    if not entries:
        return
    entry = rng.choice(entries)
    resource = entry.get("resource") if isinstance(entry, dict) else None
    if not isinstance(resource, dict):
        return
    dicts = _all_dicts(resource)
    kind = rng.randrange(18)
    if kind >= 16:  # medications: other codings, a Medication resource, a contained one
        _medication(bundle, resource, rng)
        return
    if kind == 0:  # drop something
        found = _walk(resource, rng)
        if found is not None:
            del found[0][found[1]]
    elif kind == 1:  # an unknown code
        codings = [d for d in dicts if "code" in d and "system" in d]
        if codings:
            rng.choice(codings)["code"] = rng.choice(_UNKNOWN_CODES)
    elif kind == 2:  # a unit of another dimension (or another spelling)
        quantities = [d for d in dicts if "value" in d and ("code" in d or "unit" in d)]
        if quantities:
            target = rng.choice(quantities)
            unit = rng.choice(_UNITS)
            choice = rng.randrange(4)
            if choice == 0:
                target["code"] = unit
            elif choice == 1:
                target["unit"] = unit
            elif choice == 2:
                target.pop("system", None)
                target.pop("code", None)
                target["unit"] = unit
            else:
                target["system"] = "http://example.org/units"
    elif kind == 3:  # dates
        keys = [
            (d, k) for d in dicts for k in d if isinstance(d[k], str) and d[k][:2] in ("19", "20")
        ]
        if keys:
            target, key = rng.choice(keys)
            target[key] = rng.choice(_DATES)
    elif kind == 4:  # resource type
        resource["resourceType"] = rng.choice(
            ["Foo", "Observation", "Condition", "Procedure", "Basic", "observation", 3, ""]
        )
    elif kind == 5:  # a duplicated entry
        entries.insert(rng.randrange(len(entries) + 1), copy.deepcopy(entry))
    elif kind == 6:  # a wrong JSON type
        found = _walk(resource, rng)
        if found is not None:
            found[0][found[1]] = copy.deepcopy(rng.choice(_ODD))
    elif kind == 7:  # status
        resource["status"] = rng.choice(
            ["preliminary", "entered-in-error", "amended", "final", "stopped", "active", 1]
        )
    elif kind == 8:  # another subject
        resource["subject"] = rng.choice(
            [{"reference": "Patient/other"}, {"display": "x"}, {}, "Patient/1", None]
        )
    elif kind == 9:  # a second value[x] or effective[x]
        resource[rng.choice(["valueString", "valueBoolean", "effectivePeriod", "valueInteger"])] = (
            rng.choice(["x", True, {"start": "2022-01-01", "end": "2022-01-01"}, 2])
        )
    elif kind == 10:  # reference ranges
        resource["referenceRange"] = rng.choice(
            [
                [{"high": {"value": 5, "unit": "g/dL"}}],
                [{"type": {"coding": [{"code": "treatment"}]}, "high": {"value": 2}}],
                [{"low": {"value": 1}}],
                [{"high": {"value": 1, "system": "http://unitsofmeasure.org", "code": "10*9/L"}}]
                * 2,
                [{"high": {"value": 1.2, "system": "http://unitsofmeasure.org", "code": "mg/dL"}}],
                [{"high": {"value": 100, "system": "http://unitsofmeasure.org", "code": "umol/L"}}],
                "x",
            ]
        )
    elif kind == 11:  # the entry's shape
        choice = rng.randrange(4)
        if choice == 0:
            entry.pop("fullUrl", None)
        elif choice == 1:
            entry["fullUrl"] = rng.choice(["", 3, "urn:uuid:dup"])
        elif choice == 2:
            entry["resource"] = rng.choice(_ODD)
        else:
            entries.append(rng.choice(_ODD))
    elif kind == 12:  # codings' shape
        concepts = [d for d in dicts if "coding" in d]
        if concepts:
            target = rng.choice(concepts)
            target["coding"] = rng.choice(
                [
                    [],
                    [{"code": "x"}],
                    [{"system": 3, "code": "y"}],
                    "x",
                    [target["coding"], {"display": ""}] if target["coding"] else [None],
                    [*target["coding"], {"system": "http://loinc.org", "code": "718-7"}]
                    if isinstance(target["coding"], list)
                    else [],
                ]
            )
            if rng.random() < 0.3:
                target["text"] = rng.choice(["some text", "", 4])
    elif kind == 13:  # a comparator or an odd number
        quantities = [d for d in dicts if "value" in d]
        if quantities:
            target = rng.choice(quantities)
            if rng.random() < 0.5:
                target["comparator"] = rng.choice(["<", ">=", "~", "", 2])
            else:
                target["value"] = rng.choice([-1, 0, 1e308, 10**20, "5", True, 0.5])
    elif kind == 14:  # an extra element
        resource[rng.choice(["note", "issued", "performer", "bodySite", "method"])] = "x"
    else:  # drop a whole element of the resource
        keys = [k for k in resource if k != "resourceType"]
        if keys:
            del resource[rng.choice(keys)]


_DRUG_CODINGS: tuple[dict[str, str], ...] = (
    {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "3002"},
    {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "11202", "display": "v"},
    {"system": "http://www.whocc.no/atc", "code": "L01XC19"},
    {"system": "http://www.whocc.no/atc", "code": "L01FX07"},
    {"system": "http://fhir.de/CodeSystem/bfarm/atc", "code": "L01XE08"},
    {"system": "http://www.whocc.no/atc", "code": "L01BA01", "display": "methotrexate"},
    {"system": "http://hl7.org/fhir/sid/ndc", "code": "0000-0000"},
    {"system": "https://allmodel.invalid/fhir/CodeSystem/allmodel", "code": "agent-x"},
    {"system": "https://allmodel.invalid/fhir/CodeSystem/allmodel", "code": "lab-alt"},
    {"code": "3002"},
)


def _medication(bundle: dict[str, Any], resource: dict[str, Any], rng: random.Random) -> None:
    concept = resource.get("medicationCodeableConcept")
    if not isinstance(concept, dict):
        return
    codings = [dict(c) for c in rng.sample(_DRUG_CODINGS, rng.randint(0, 3))]
    if rng.random() < 0.5 and isinstance(concept.get("coding"), list):
        codings = [*concept["coding"], *codings]
    concept = {"coding": codings, **({"text": "a drug"} if rng.random() < 0.3 else {})}
    where = rng.randrange(3)
    if where == 0:
        resource["medicationCodeableConcept"] = concept
        return
    del resource["medicationCodeableConcept"]
    medication = {"resourceType": "Medication", "id": "m1", "code": concept}
    if where == 1:
        resource["contained"] = [medication]
        resource["medicationReference"] = {"reference": "#m1"}
    else:
        bundle["entry"].append({"fullUrl": "urn:uuid:med-1", "resource": medication})
        resource["medicationReference"] = {
            "reference": rng.choice(["urn:uuid:med-1", "Medication/m1", "Medication/none"])
        }


def _inputs(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(label, JSON text, as_of) of every input."""
    from allmodel.io.fhir import patient_to_fhir  # noqa: PLC0415
    from allmodel.synthetic import synthetic_patient  # noqa: PLC0415

    cases: list[tuple[str, str, str]] = []
    files = sorted((ROOT / "src" / "allmodel" / "examples" / "fhir").glob("*.json"))
    for folder in args.corpus:
        files.extend(sorted(Path(folder).glob("*.json")))
    for path in files:
        for as_of in AS_OF:
            cases.append((f"file:{path.name}", path.read_text("utf-8"), as_of.isoformat()))
    rng = random.Random(args.seed)
    written: list[dict[str, Any]] = []
    seeds = 4
    for seed in range(seeds):
        source = random.Random(seed)
        for _ in range(args.synthetic // seeds):
            as_of = AS_OF[0]
            patient = synthetic_patient(source, as_of=as_of, missing=rng.choice([0.0, 0.1, 0.5]))
            bundle = patient_to_fhir(patient)
            region = rng.choice(["US", "EU", "plain"])
            if region != "plain":
                _flavour(bundle, rng, region)
            written.append(bundle)
            cases.append((f"synthetic:{seed}:{region}", json.dumps(bundle), as_of.isoformat()))
    for number in range(args.mutated):
        bundle = copy.deepcopy(rng.choice(written))
        for _ in range(rng.randint(1, 3)):
            _mutate(bundle, rng)
        data: Any = bundle
        if rng.random() < 0.05:  # a list of resources, or one resource
            resources = [e.get("resource") for e in bundle["entry"] if isinstance(e, dict)]
            data = resources if rng.random() < 0.5 else (resources[-1] if resources else {})
        cases.append((f"mutated:{number}", json.dumps(data), rng.choice(AS_OF).isoformat()))
    return cases


def _read_all(path: str) -> None:
    """In a child: read every input of ``path``; print the outcomes as JSON lines."""
    import allmodel  # noqa: PLC0415
    from allmodel.io.fhir import patient_from_fhir  # noqa: PLC0415

    cases = json.loads(Path(path).read_text("utf-8"))
    for _, text, as_of in cases:
        try:
            reading = patient_from_fhir(text, as_of=date.fromisoformat(as_of), validate=False)
        except Exception as error:  # any difference is what is looked for
            problems = getattr(error, "problems", None)
            outcome: Any = [
                "error",
                type(error).__name__,
                str(error),
                [[p.path, p.message] for p in problems] if problems is not None else None,
            ]
        else:
            patient = reading.patient
            outcome = [
                "ok",
                json.dumps(allmodel.dump_patient(patient), sort_keys=True, default=str),
                repr(patient),
                [[e.path, e.outcome.value, e.detail] for e in reading.report.entries],
            ]
        print(json.dumps(outcome))


def _run(src: str, path: str) -> list[Any]:
    environment = {**os.environ, "PYTHONPATH": os.path.abspath(src)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", path],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--other", help="the other checkout's src")
    parser.add_argument("--synthetic", type=int, default=2000)
    parser.add_argument("--mutated", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", nargs="*", default=["/work/shared/fhir-examples"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _read_all(args.child)
        return
    if not args.other:
        parser.error("--other is required")
    cases = _inputs(args)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "cases.json")
        Path(path).write_text(json.dumps(cases), "utf-8")
        here = _run(str(ROOT / "src"), path)
        there = _run(args.other, path)
    kinds: dict[str, list[int]] = {}
    differences = 0
    for (label, _, _), mine, theirs in zip(cases, here, there, strict=True):
        kind = label.split(":")[0]
        counts = kinds.setdefault(kind, [0, 0, 0])
        counts[0] += 1
        counts[1] += mine[0] == "error"
        if mine != theirs:
            counts[2] += 1
            differences += 1
            if differences <= 5:
                print(f"DIFFERENT: {label}\n  here:  {mine}\n  there: {theirs}")
    for kind, (count, errors, different) in kinds.items():
        print(f"{kind:<10} {count:>6} inputs ({errors} raise), {different} differences")
    print(f"total      {len(cases):>6} inputs, {differences} differences")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
