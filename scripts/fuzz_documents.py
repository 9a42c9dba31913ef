"""Fuzz allmodel's readers with malformed documents (``make fuzz``; not part of ``make check``).

Each document is a mutation of a bundled example (``src/allmodel/examples/patients/*.json``; the
local trial ``src/allmodel/examples/local_trials/*.json`` for ``load_criteria``; the FHIR
Bundles ``src/allmodel/examples/fhir/*.json`` for ``patient_from_fhir``): keys deleted,
inserted or given twice, values of the wrong type, numbers and dates at and past their
bounds, strings with control characters and lone surrogates, nesting up to thousands
deep, arrays and objects past their limits, non-object tops; then, as text, truncated or
spliced; as bytes, flipped, re-encoded (UTF-16, a BOM) or replaced by noise. Documents
are given to the readers as ``str``, ``bytes`` or already-decoded objects.

For every document the run checks that ``read_json`` and ``load_patient`` (or
``load_criteria``) raise nothing but :class:`~allmodel.errors.DocumentError`
(``patient_from_fhir``: nothing but :class:`~allmodel.errors.FhirError`, with or without
validation against the FHIR models), that every
problem has a path (``$...``), a message and one line, and that no accepted document
holds a duplicate key, a lone surrogate or invalid UTF-8 (an oracle independent of the
library decides). FHIR problems are checked for a message and one line (their paths are
FHIR paths, ``Bundle.entry[3]...``, or ``$...`` for the JSON itself). A document that
loads is screened (``screen`` and ``derive_facts``,
or the loaded trial against a fixed patient) and written back (``patient_to_json``):
these may raise only allmodel's errors. A sample of the patient documents is written to
files and run through the real command line (``python -m allmodel validate`` and
``screen``): every file must be reported, with exit code 0 or 1 and no traceback.

Usage::

    .venv/bin/python scripts/fuzz_documents.py [--documents 100000] [--seed 0]
        [--jobs 2] [--cli-every 100] [--cli-batch 100]

The summary gives each count and the time taken; the exit code is 1 when a count that
must be 0 is not. Case ``N`` of seed ``S`` is reproducible on its own:
``make_case(random.Random(f"{S}/{N}"), N)``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from allmodel import AllModelError, DocumentError, Patient, derive_facts, load_patient, screen
from allmodel.criteria import Option, load_criteria
from allmodel.errors import FhirError
from allmodel.io import MAX_ARRAY_ITEMS, MAX_DEPTH, MAX_OBJECT_MEMBERS, patient_to_json
from allmodel.io._documents import read_json
from allmodel.io.fhir import FhirReading, patient_from_fhir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "allmodel" / "examples"
PATIENT_TEXTS = tuple(
    path.read_text(encoding="utf-8") for path in sorted((EXAMPLES / "patients").glob("*.json"))
)
CRITERIA_TEXTS = tuple(
    path.read_text(encoding="utf-8") for path in sorted((EXAMPLES / "local_trials").glob("*.json"))
)
FHIR_TEXTS = tuple(
    path.read_text(encoding="utf-8") for path in sorted((EXAMPLES / "fhir").glob("*.json"))
)
AS_OF = date(2022, 12, 31)

#: Counts that must be 0 for the run to pass.
MUST_BE_ZERO = (
    "non-library exceptions",
    "readers raising other than DocumentError",
    "FHIR reader raising other than FhirError",
    "errors without a path or message",
    "problems not on one line",
    "accepted duplicate keys",
    "accepted lone surrogates",
    "accepted invalid UTF-8",
)


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Pairs:
    """A JSON object written member by member, so that a key may repeat (text only)."""

    members: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Deep:
    """``inner`` wrapped in ``depth`` arrays (``[``) or objects (``{``)."""

    depth: int
    opener: str
    inner: object


@dataclass(frozen=True)
class RawNumber:
    """A number written as given (e.g. 5,000 digits, which Python cannot print)."""

    text: str


def _string(text: str, ascii_only: bool) -> str:
    return json.dumps(text, ensure_ascii=ascii_only)


def emit(node: object, ascii_only: bool = False) -> str:
    """JSON text of a document tree (Pairs, Deep and RawNumber included)."""
    if isinstance(node, Deep):
        inner = emit(node.inner, ascii_only)
        if node.opener == "[":
            return "[" * node.depth + inner + "]" * node.depth
        return '{"a": ' * node.depth + inner + "}" * node.depth
    if isinstance(node, RawNumber):
        return node.text
    if isinstance(node, Pairs):
        members = node.members
    elif isinstance(node, dict):
        members = tuple(node.items())
    elif isinstance(node, (list, tuple)):
        return "[" + ", ".join(emit(item, ascii_only) for item in node) + "]"
    elif isinstance(node, str):
        return _string(node, ascii_only)
    else:
        return json.dumps(node)
    body = ", ".join(f"{_string(key, ascii_only)}: {emit(v, ascii_only)}" for key, v in members)
    return "{" + body + "}"


def decoded(node: object) -> object:
    """The Python value of a document tree (a repeated key keeps its last value)."""
    if isinstance(node, Deep):
        value = decoded(node.inner)
        for _ in range(node.depth):  # iterative: may be thousands deep
            value = [value] if node.opener == "[" else {"a": value}
        return value
    if isinstance(node, Pairs):
        return {key: decoded(value) for key, value in node.members}
    if isinstance(node, dict):
        return {key: decoded(value) for key, value in node.items()}
    if isinstance(node, list):
        return [decoded(item) for item in node]
    if isinstance(node, RawNumber):  # pragma: no cover - text-only trees are never decoded
        raise TypeError("a raw number has no Python value")
    return node


@dataclass(frozen=True)
class Case:
    """One malformed (or, by chance, valid) document and how it is given to a reader."""

    number: int
    target: str  # "patient", "criteria" or "fhir"
    mutations: tuple[str, ...]
    form: str  # "text", "bytes" or "decoded"
    source: object
    as_of: bool = False  # load_patient with as_of; patient_from_fhir with validate=True
    tree: object = None  # what a decoded source was made from (Deep nodes unexpanded)

    def file_bytes(self) -> bytes:
        """The document as the bytes of a file (decoded documents as ASCII JSON)."""
        if isinstance(self.source, bytes):
            return self.source
        if isinstance(self.source, str):
            return self.source.encode("utf-8", "surrogatepass")
        return emit(self.tree, ascii_only=True).encode("ascii")


# --------------------------------------------------------------------------- mutations

_CHARS = (
    "abcXYZ019 _-./:%",
    "é中😀",
    '"\\{}[],:',
    "\x00\x01\n\r\t\x1b\x7f\x85\u2028\u2029\ufeff",
)
_KEYS = sorted(
    {
        key
        for text in PATIENT_TEXTS + CRITERIA_TEXTS + FHIR_TEXTS
        for key in text.split('"')
        if key.isidentifier()
    }
)
_DATES = (
    "2022-02-30",
    "2022-13-01",
    "0001-01-01",
    "9999-12-31",
    "2022-1-1",
    "2022-10-01T08:00",
    "2022-10-01T08:00:00+02:00",
    "2022-10-01T08:00:00Z",
    "2022-10",
    "2022",
    "2023-06-01",
    "1900-01-01",
    "",
)
_NUMBERS: tuple[object, ...] = (
    -1,
    0,
    1,
    0.5,
    -0.0,
    1e308,
    -1e308,
    1e-308,
    2**63,
    10**400,
    float("nan"),
    float("inf"),
    float("-inf"),
    True,
    "12",
    RawNumber("9" * 5000),
    RawNumber("1e400"),
)
_UNITS = (
    "mg",
    "mg/m2",
    "10^9/L",
    "10*9/L",
    "/uL",
    "g/dL",
    "g/dl",
    "%",
    "kg",
    "cm",
    "m2",
    "years",
    "a",
    "K/uL",
    "mg/furlong",
    "",
)


def random_text(rng: random.Random, size: int = 8) -> str:
    """A string mixing plain, non-ASCII, JSON-syntax and control characters."""
    pool = "".join(rng.sample(_CHARS, rng.randint(1, len(_CHARS))))
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, size)))


def random_value(rng: random.Random, depth: int = 0) -> object:
    """A JSON value of any type, small, sometimes nested."""
    kind = rng.randrange(9 if depth < 2 else 6)
    if kind == 0:
        return rng.choice(_NUMBERS)
    if kind == 1:
        return rng.choice(_DATES)
    if kind == 2:
        return random_text(rng)
    if kind == 3:
        return rng.choice((True, False, None))
    if kind == 4:
        return rng.choice(_KEYS)
    if kind == 5:
        return rng.randint(-(10**6), 10**6) / rng.choice((1, 10, 1000))
    if kind == 6:
        return {"value": rng.choice(_NUMBERS), "unit": rng.choice(_UNITS)}
    if kind == 7:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(_KEYS): random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


Slot = tuple[Any, Any]  # (dict or list, key or index)


def _slots(node: object, found: list[Slot]) -> list[Slot]:
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key))
            _slots(value, found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((node, index))
            _slots(value, found)
    return found


def _objects(node: object) -> list[dict[str, Any]]:
    found = [node] if isinstance(node, dict) else []
    found += [c[k] for c, k in _slots(node, []) if isinstance(c[k], dict)]
    return found


def _pick(rng: random.Random, root: object) -> Slot | None:
    slots = _slots(root, [])
    return rng.choice(slots) if slots else None


def _replace(rng: random.Random, root: object, make: Callable[[object], object]) -> object:
    slot = _pick(rng, root)
    if slot is None:
        return make(root)
    container, key = slot
    container[key] = make(container[key])
    return root


def _with_surrogate(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + chr(rng.randint(0xD800, 0xDFFF)) + text[at:]


def m_delete_key(rng: random.Random, root: object) -> object:
    objects = [o for o in _objects(root) if o]
    if objects:
        target = rng.choice(objects)
        del target[rng.choice(list(target))]
    return root


def m_insert_key(rng: random.Random, root: object) -> object:
    objects = _objects(root)
    if objects:
        key = rng.choice(_KEYS) if rng.random() < 0.7 else random_text(rng)
        rng.choice(objects)[key] = random_value(rng)
    return root


def m_duplicate_key(rng: random.Random, root: object) -> object:
    objects = [o for o in _objects(root) if o]
    if not objects:
        return Pairs((("a", 1), ("a", 2)))
    target = rng.choice(objects)
    members = list(target.items())
    key, value = rng.choice(members)
    again = rng.choice((value, random_value(rng), [], {}))
    members.insert(rng.randint(0, len(members)), (key, again))
    pairs = Pairs(tuple(members))
    if target is root:
        return pairs
    for container, slot_key in _slots(root, []):
        if container[slot_key] is target:
            container[slot_key] = pairs
    return root


def m_wrong_type(rng: random.Random, root: object) -> object:
    return _replace(rng, root, lambda _: random_value(rng))


def m_splice(rng: random.Random, root: object) -> object:
    other = json.loads(rng.choice(PATIENT_TEXTS + CRITERIA_TEXTS))
    slot = _pick(rng, other)
    donor = other if slot is None else slot[0][slot[1]]
    return _replace(rng, root, lambda _: donor)


def m_deep(rng: random.Random, root: object) -> object:
    depth = rng.choice((5, MAX_DEPTH - 8, MAX_DEPTH - 2, MAX_DEPTH, MAX_DEPTH + 1, 200, 1000, 5000))
    opener = rng.choice("[{")
    return _replace(rng, root, lambda old: Deep(depth, opener, rng.choice((old, 1, "x", {}))))


def m_surrogate(rng: random.Random, root: object) -> object:
    if rng.random() < 0.3:  # in a key
        objects = [o for o in _objects(root) if o]
        if objects:
            target = rng.choice(objects)
            members = [(k, v) for k, v in target.items()]
            at = rng.randrange(len(members))
            members[at] = (_with_surrogate(rng, members[at][0]), members[at][1])
            target.clear()
            target.update(members)
            return root
    strings = [(c, k) for c, k in _slots(root, []) if isinstance(c[k], str)]
    if not strings:
        return _replace(rng, root, lambda _: _with_surrogate(rng, "x"))
    container, key = rng.choice(strings)
    container[key] = _with_surrogate(rng, container[key])
    return root


def m_huge_array(rng: random.Random, root: object) -> object:
    size = rng.choice((MAX_ARRAY_ITEMS, MAX_ARRAY_ITEMS + 1, 5 * MAX_ARRAY_ITEMS))
    item: object = rng.choice((0, "x", None, {}, []))
    return _replace(rng, root, lambda _: [item] * size)


def m_huge_object(rng: random.Random, root: object) -> object:
    size = rng.choice((MAX_OBJECT_MEMBERS, MAX_OBJECT_MEMBERS + 1, 3 * MAX_OBJECT_MEMBERS))
    return _replace(rng, root, lambda _: {f"k{i}": i for i in range(size)})


def m_top(rng: random.Random, root: object) -> object:
    return rng.choice(([root], [], random_value(rng), None, 3, "patient", True, [[root]]))


def m_string(rng: random.Random, root: object) -> object:
    strings = [(c, k) for c, k in _slots(root, []) if isinstance(c[k], str)]
    if strings:
        container, key = rng.choice(strings)
        container[key] = rng.choice((random_text(rng, 40), "", " ", container[key] * 50))
    return root


def m_number(rng: random.Random, root: object) -> object:
    numbers = [(c, k) for c, k in _slots(root, []) if isinstance(c[k], (int, float))]
    if numbers:
        container, key = rng.choice(numbers)
        container[key] = rng.choice(_NUMBERS)
    return root


def m_date(rng: random.Random, root: object) -> object:
    dates = [(c, k) for c, k in _slots(root, []) if isinstance(c[k], str) and c[k][:2] in "1920"]
    if dates:
        container, key = rng.choice(dates)
        container[key] = rng.choice(_DATES)
    return root


def m_drop_top_key(rng: random.Random, root: object) -> object:
    if isinstance(root, dict) and root:  # every top-level field of a patient is optional
        del root[rng.choice(list(root))]
    return root


def m_drop_item(rng: random.Random, root: object) -> object:
    arrays = [c[k] for c, k in _slots(root, []) if isinstance(c[k], list) and c[k]]
    if arrays:
        array = rng.choice(arrays)
        del array[rng.randrange(len(array))]
    return root


def m_shuffle(rng: random.Random, root: object) -> object:
    arrays = [c[k] for c, k in _slots(root, []) if isinstance(c[k], list)]
    if arrays:
        rng.shuffle(rng.choice(arrays))
    return root


def m_empty(rng: random.Random, root: object) -> object:
    return _replace(rng, root, lambda _: rng.choice(([], {}, "", None)))


TREE_MUTATIONS: dict[str, Callable[[random.Random, object], object]] = {
    "delete key": m_delete_key,
    "insert key": m_insert_key,
    "duplicate key": m_duplicate_key,
    "wrong type": m_wrong_type,
    "splice": m_splice,
    "deep nesting": m_deep,
    "lone surrogate": m_surrogate,
    "huge array": m_huge_array,
    "huge object": m_huge_object,
    "non-object top": m_top,
    "string": m_string,
    "number": m_number,
    "date": m_date,
    "empty container": m_empty,
    "drop top-level key": m_drop_top_key,
    "drop array item": m_drop_item,
    "shuffle array": m_shuffle,
}
_RARE = {"huge array", "huge object"}  # costly: one case in ~50


def t_truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randint(0, len(text))]


def t_delete_span(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + text[at + rng.randint(1, 20) :]


def t_insert(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    extra = rng.choice(('"', "[", "{", "]", "}", ",", ":", "\\", "\\ud800", "[" * 3000, "NaN"))
    return text[:at] + extra + text[at:]


def t_repeat_span(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    span = text[at : at + rng.randint(1, 60)]
    return text[:at] + span * rng.randint(2, 5) + text[at:]


TEXT_MUTATIONS: dict[str, Callable[[random.Random, str], str]] = {
    "truncate": t_truncate,
    "delete span": t_delete_span,
    "insert characters": t_insert,
    "repeat span": t_repeat_span,
}


def b_flip(rng: random.Random, data: bytes) -> bytes:
    edited = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if edited:
            edited[rng.randrange(len(edited))] = rng.randrange(256)
    return bytes(edited)


def b_insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    extra = rng.choice(
        (b"\xed\xa0\x80", b"\xff", b"\xc0\xaf", b"\x00", b"\xef\xbb\xbf", b"\xe2\x82")
    )
    return data[:at] + extra + data[at:]


def b_bom(rng: random.Random, data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def b_utf16(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogatepass")
    return text.encode(rng.choice(("utf-16", "utf-16-le", "utf-32")), "surrogatepass")


def b_noise(rng: random.Random, data: bytes) -> bytes:
    return rng.randbytes(rng.randint(0, 200))


BYTE_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip bytes": b_flip,
    "insert bytes": b_insert,
    "utf-8 bom": b_bom,
    "utf-16 or utf-32": b_utf16,
    "random bytes": b_noise,
}
MUTATIONS = (*TREE_MUTATIONS, *TEXT_MUTATIONS, *BYTE_MUTATIONS)


def _text_only(node: object) -> bool:
    """Whether the tree holds a repeated key or a raw number (no Python value)."""
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (Pairs, RawNumber)):
            return True
        if isinstance(item, Deep):
            stack.append(item.inner)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):  # long lists too: a raw number may sit in one
            stack.extend(item)
    return False


def make_case(rng: random.Random, number: int = 0, first: str | None = None) -> Case:
    """A malformed document drawn with ``rng``; with ``first``, that mutation alone."""
    draw = rng.random()
    target = "criteria" if draw < 0.15 else "fhir" if draw < 0.35 else "patient"
    texts = {"criteria": CRITERIA_TEXTS, "fhir": FHIR_TEXTS, "patient": PATIENT_TEXTS}[target]
    root: object = json.loads(rng.choice(texts))
    if first is None:
        common = [name for name in TREE_MUTATIONS if name not in _RARE]
        tree = [
            rng.choice(sorted(_RARE)) if rng.random() < 0.02 else rng.choice(common)
            for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3)))
        ]
    else:
        tree = [first] if first in TREE_MUTATIONS else []
    for name in tree:
        root = TREE_MUTATIONS[name](rng, root)
    if first in BYTE_MUTATIONS:
        form = "bytes"
    elif first in TEXT_MUTATIONS or not tree or _text_only(root):
        form = rng.choice(("text", "bytes"))
    else:
        form = rng.choice(("text", "bytes", "decoded"))
    if form == "decoded":
        as_of = rng.random() < 0.3
        return Case(number, target, tuple(tree), form, decoded(root), as_of, tree=root)
    chosen = list(tree)
    text = emit(root, ascii_only=rng.random() < 0.5)
    text_name = first if first in TEXT_MUTATIONS else None
    if first is None and (not tree or rng.random() < 0.2):
        text_name = rng.choice(list(TEXT_MUTATIONS))
    if text_name is not None:
        text = TEXT_MUTATIONS[text_name](rng, text)
        chosen.append(text_name)
    source: str | bytes = text
    if form == "bytes":
        source = text.encode("utf-8", "surrogatepass")
        byte_name = first if first in BYTE_MUTATIONS else None
        if first is None and rng.random() < 0.25:
            byte_name = rng.choice(list(BYTE_MUTATIONS))
        if byte_name is not None:
            source = BYTE_MUTATIONS[byte_name](rng, source)
            chosen.append(byte_name)
    return Case(number, target, tuple(chosen), form, source, rng.random() < 0.3)


# --------------------------------------------------------------------------- oracle


def _has_surrogate(value: object) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(char) <= 0xDFFF for char in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_surrogate(item) for item in value)
    return False


def oracle(case: Case) -> set[str]:
    """What an accepted document must not hold, decided without the library."""
    found: set[str] = set()
    source = case.source
    if isinstance(source, bytes):
        body = source[3:] if source.startswith(b"\xef\xbb\xbf") else source
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            found.add("accepted invalid UTF-8")
        source = body.decode("utf-8", "surrogatepass")  # still readable: surrogates kept
    if isinstance(source, str):
        repeated = False

        def pairs(members: list[tuple[str, Any]]) -> dict[str, Any]:
            nonlocal repeated
            repeated = repeated or len({key for key, _ in members}) != len(members)
            return dict(members)

        source = json.loads(source, object_pairs_hook=pairs)
        if repeated:
            found.add("accepted duplicate keys")
    if _has_surrogate(source):
        found.add("accepted lone surrogates")
    return found


# --------------------------------------------------------------------------- examination


def where(error: BaseException) -> str:
    """An exception's type and innermost frame, for a report line."""
    frames = traceback.extract_tb(error.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{place}"


@dataclass(frozen=True)
class Examined:
    """What happened to one case."""

    accepted: bool
    violations: tuple[tuple[str, str], ...]  # (count name, detail)


_SCREEN_PATIENT = load_patient(PATIENT_TEXTS[0])


def examine(case: Case) -> Examined:
    """Give the case to every reader, and what loads to screening; list every violation."""
    violations: list[tuple[str, str]] = []

    def read(reader: Callable[[], object], name: str) -> object | None:
        try:
            return reader()
        except DocumentError as error:
            for problem in error.problems:
                if not (problem.path.startswith("$") and problem.message):
                    violations.append(("errors without a path or message", f"{name}: {problem}"))
                if len(str(problem).splitlines()) != 1:
                    violations.append(("problems not on one line", f"{name}: {problem!r}"))
        except AllModelError as error:
            violations.append(
                ("readers raising other than DocumentError", f"{name}: {where(error)}")
            )
        except Exception as error:
            violations.append(("non-library exceptions", f"{name}: {where(error)}"))
        return None

    def use(action: Callable[[], object], name: str) -> None:
        try:
            action()
        except AllModelError:
            pass
        except Exception as error:
            violations.append(("non-library exceptions", f"{name}: {where(error)}"))

    def read_fhir(reader: Callable[[], FhirReading]) -> FhirReading | None:
        try:
            return reader()
        except FhirError as error:
            for problem in error.problems:
                if not problem.message:
                    violations.append(("errors without a path or message", f"FHIR: {problem}"))
                if len(str(problem).splitlines()) != 1:
                    violations.append(("problems not on one line", f"FHIR: {problem!r}"))
        except AllModelError as error:
            violations.append(("FHIR reader raising other than FhirError", f"FHIR: {where(error)}"))
        except Exception as error:
            violations.append(("non-library exceptions", f"patient_from_fhir: {where(error)}"))
        return None

    source: Any = case.source
    read(lambda: read_json(source), "read_json")
    loaded: object | None
    if case.target == "fhir":
        reading = read_fhir(lambda: patient_from_fhir(source, as_of=AS_OF, validate=case.as_of))
        loaded = reading
        if reading is not None:
            fhir_patient = reading.patient
            use(lambda: screen(fhir_patient, as_of=AS_OF), "screen")
            use(reading.report.to_dict, "MappingReport.to_dict")
    elif case.target == "criteria":
        loaded = read(lambda: load_criteria(source), "load_criteria")
        if isinstance(loaded, Option):
            option = loaded
            use(lambda: screen(_SCREEN_PATIENT, as_of=AS_OF, options=[option]), "screen")
    else:
        as_of = AS_OF if case.as_of else None
        loaded = read(lambda: load_patient(source, as_of=as_of), "load_patient")
        if isinstance(loaded, Patient):
            patient = loaded
            use(lambda: screen(patient, as_of=AS_OF), "screen")
            use(lambda: derive_facts(patient, as_of=AS_OF), "derive_facts")
            use(lambda: patient_to_json(patient), "patient_to_json")
    if loaded is not None:
        violations.extend((name, "accepted") for name in sorted(oracle(case)))
    return Examined(loaded is not None, tuple(violations))


# --------------------------------------------------------------------------- the run


@dataclass
class Tally:
    """Counts of a part of the run, merged across processes."""

    documents: int = 0
    accepted: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    by_mutation: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    samples: list[tuple[int, bytes]] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        self.documents += other.documents
        self.accepted += other.accepted
        self.counts.update(other.counts)
        self.by_mutation.update(other.by_mutation)
        for name, found in other.examples.items():
            kept = self.examples.setdefault(name, [])
            kept.extend(found[: 5 - len(kept)])
        self.samples.extend(other.samples)


def run_chunk(job: tuple[int, int, int, int]) -> Tally:
    """Examine cases ``start`` to ``stop`` of ``seed``; keep every ``cli_every``-th patient."""
    seed, start, stop, cli_every = job
    tally = Tally()
    for number in range(start, stop):
        case = make_case(random.Random(f"{seed}/{number}"), number)
        result = examine(case)
        tally.documents += 1
        tally.accepted += result.accepted
        tally.by_mutation.update(case.mutations or ("(none)",))
        for name, detail in result.violations:
            tally.counts[name] += 1
            kept = tally.examples.setdefault(name, [])
            if len(kept) < 5:
                kept.append(f"case {number} {list(case.mutations)} {case.form}: {detail}")
        if cli_every and number % cli_every == 0 and case.target == "patient":
            tally.samples.append((number, case.file_bytes()))
    return tally


def _chunks(seed: int, documents: int, cli_every: int, size: int = 250) -> Iterator[Any]:
    for start in range(0, documents, size):
        yield (seed, start, min(start + size, documents), cli_every)


def run_cli(samples: list[tuple[int, bytes]], batch: int) -> Counter[str]:
    """Run ``python -m allmodel validate`` and ``screen`` on the sample, ``batch`` files a run."""
    counts: Counter[str] = Counter()
    for start in range(0, len(samples), batch):
        with tempfile.TemporaryDirectory(prefix="allmodel-fuzz-") as folder:
            names = []
            for number, data in samples[start : start + batch]:
                name = f"case{number:07d}"
                (Path(folder) / f"{name}.json").write_bytes(data)
                names.append(name)
            counts["CLI files"] += len(names)
            for argv in (
                ["validate", folder],
                ["screen", folder, "--as-of", AS_OF.isoformat(), "--format", "json"],
            ):
                done = subprocess.run(
                    [sys.executable, "-m", "allmodel", *argv],
                    capture_output=True,
                    text=True,
                    errors="backslashreplace",
                    check=False,
                    timeout=600,
                )
                counts["CLI runs"] += 1
                if "Traceback" in done.stderr:
                    counts["CLI tracebacks"] += 1
                if done.returncode not in (0, 1):
                    counts["CLI exits other than 0 or 1"] += 1
                said = done.stdout + done.stderr
                counts["CLI files not reported"] += sum(name not in said for name in names)
    return counts


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzing campaign and print its summary; return the exit code."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cli-every", type=int, default=100, help="CLI sample: 1 in N cases")
    parser.add_argument("--cli-batch", type=int, default=100, help="files per CLI run")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tally = Tally()
    jobs = list(_chunks(args.seed, args.documents, args.cli_every))
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            for part in pool.imap_unordered(run_chunk, jobs):
                tally.merge(part)
    else:
        for job in jobs:
            tally.merge(run_chunk(job))
    fuzzed = time.perf_counter() - started
    tally.samples.sort()
    cli = run_cli(tally.samples, args.cli_batch)
    elapsed = time.perf_counter() - started
    counts = tally.counts
    counts["CLI tracebacks"] = cli["CLI tracebacks"]
    counts["CLI exits other than 0 or 1"] = cli["CLI exits other than 0 or 1"]
    counts["CLI files not reported"] = cli["CLI files not reported"]
    must_be_zero = (
        *MUST_BE_ZERO,
        "CLI tracebacks",
        "CLI exits other than 0 or 1",
        "CLI files not reported",
    )
    print(
        f"fuzz_documents: {tally.documents:,} documents, seed {args.seed}, {args.jobs} "
        f"process(es): {fuzzed:.1f} s fuzzing + {elapsed - fuzzed:.1f} s CLI = {elapsed:.1f} s"
    )
    print(
        f"  accepted {tally.accepted:,}; refused {tally.documents - tally.accepted:,} "
        f"(each with DocumentError only)"
    )
    print(f"  CLI sample: {cli['CLI files']:,} files in {cli['CLI runs']} runs")
    width = max(map(len, must_be_zero))
    for name in must_be_zero:
        print(f"  {name:<{width}}  {counts[name]:>6}  (must be 0)")
    print("  mutations: " + ", ".join(f"{k} {v:,}" for k, v in sorted(tally.by_mutation.items())))
    failed = [name for name in must_be_zero if counts[name]]
    for name in failed:
        for example in tally.examples.get(name, []):
            print(f"  ! {name}: {example}")
    print("FAILED: " + ", ".join(failed) if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
