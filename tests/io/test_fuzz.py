"""Fuzzing the readers: a malformed document ends in DocumentError with paths, never a crash.

The documents are mutations of the bundled examples made by ``scripts/fuzz_documents.py``
(the long run behind ``make fuzz``), drawn here by hypothesis: keys inserted, deleted or
given twice, deep nesting, wrong types, lone surrogates, truncation, random bytes,
non-object tops, huge arrays. The examples are bounded to a few seconds; the long run
covers 100,000 documents.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allmodel import (
    AllModelError,
    DocumentError,
    Patient,
    derive_facts,
    load_patient,
    screen,
)
from allmodel.cli import EXIT_INVALID, main
from allmodel.criteria import Option, load_criteria
from allmodel.io._documents import read_json
from tests.modules import import_file

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "fuzz_documents.py"
PH_NEG = ROOT / "src" / "allmodel" / "examples" / "patients" / "ph_negative_first_relapse.json"
AS_OF = date(2022, 12, 31)


#: scripts/fuzz_documents.py (scripts/ is not a package).
FUZZ = import_file("_allmodel_fuzz_documents", SCRIPT)
MUTATIONS: tuple[str, ...] = FUZZ.MUTATIONS
SCREENED = load_patient(PH_NEG)


def _read(reader: Callable[[Any], object], source: object) -> object | None:
    """What ``reader`` returns, or None when it refuses with DocumentError.

    Any other exception propagates and fails the test. Every problem must have a path
    from ``$``, a message, and fit on one line.
    """
    try:
        return reader(source)
    except DocumentError as error:
        for problem in error.problems:
            assert problem.path.startswith("$"), problem
            assert problem.message, problem
            assert len(str(problem).splitlines()) == 1, problem
        return None


def _use(action: Callable[[], object]) -> None:
    """Run ``action``; only allmodel's own errors may come out of it."""
    with contextlib.suppress(AllModelError):
        action()


def _check(case: Any) -> None:
    """Every reader and, for what loads, screening behave (see the module docstring)."""
    source = case.source
    _read(read_json, source)
    if case.target == "criteria":
        loaded = _read(load_criteria, source)
        if isinstance(loaded, Option):
            option = loaded
            _use(lambda: screen(SCREENED, as_of=AS_OF, options=[option]))
    else:
        as_of = AS_OF if case.as_of else None
        loaded = _read(lambda s: load_patient(s, as_of=as_of), source)
        if isinstance(loaded, Patient):
            patient = loaded
            _use(lambda: screen(patient, as_of=AS_OF))
            _use(lambda: derive_facts(patient, as_of=AS_OF))
    if loaded is not None:  # accepted: an independent decoder finds nothing forbidden
        forbidden: set[str] = FUZZ.oracle(case)
        assert not forbidden, (case.mutations, forbidden)


FUZZ_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class TestMutatedDocuments:
    """Mutations of the bundled examples, drawn by hypothesis."""

    @FUZZ_SETTINGS
    @given(rng=st.randoms(use_true_random=False))
    def test_any_mix_of_mutations(self, rng: random.Random) -> None:
        """Readers raise only DocumentError; what loads screens with allmodel errors only."""
        _check(FUZZ.make_case(rng))

    @FUZZ_SETTINGS
    @given(mutation=st.sampled_from(MUTATIONS), rng=st.randoms(use_true_random=False))
    def test_each_mutation(self, mutation: str, rng: random.Random) -> None:
        """The same, one kind of mutation at a time, so that every kind is drawn."""
        _check(FUZZ.make_case(rng, first=mutation))

    @FUZZ_SETTINGS
    @given(rng=st.randoms(use_true_random=False))
    def test_no_duplicate_key_is_accepted(self, rng: random.Random) -> None:
        """A document with a repeated key is always refused, at the key's path."""
        case = FUZZ.make_case(rng, first="duplicate key")
        if case.form != "decoded":  # a decoded dict cannot repeat a key
            reader = load_criteria if case.target == "criteria" else load_patient
            with pytest.raises(DocumentError) as caught:
                reader(case.source)
            assert caught.value.problems

    @FUZZ_SETTINGS
    @given(rng=st.randoms(use_true_random=False))
    def test_no_lone_surrogate_is_accepted(self, rng: random.Random) -> None:
        """A lone surrogate in text, bytes or a decoded document is always refused."""
        case = FUZZ.make_case(rng, first="lone surrogate")
        reader = load_criteria if case.target == "criteria" else load_patient
        with pytest.raises(DocumentError):
            reader(case.source)

    @pytest.mark.parametrize("mutation", MUTATIONS)
    def test_every_mutation_is_known_to_the_long_run(self, mutation: str) -> None:
        """Each kind makes a document (seeded), so that `make fuzz` draws it too."""
        case = FUZZ.make_case(random.Random(mutation), first=mutation)
        assert case.mutations[:1] == (mutation,)
        _check(case)


class TestCommandLine:
    """The command on a folder of bad files and one good file."""

    @pytest.fixture
    def folder(self, tmp_path: Path) -> Path:
        """deep, duplicate-key, surrogate and good documents, in that (sorted) order."""
        (tmp_path / "a_deep.json").write_text("[" * 5000, encoding="utf-8")
        good = PH_NEG.read_text(encoding="utf-8")
        duplicated = good.replace('"labs": [', '"labs": [], "labs": [', 1)
        assert duplicated != good
        (tmp_path / "b_duplicate.json").write_text(duplicated, encoding="utf-8")
        surrogate = good.encode().replace(b'"sex": "', b'"sex": "\xed\xa0\x80', 1)
        assert surrogate != good.encode()
        (tmp_path / "c_surrogate.json").write_bytes(surrogate)
        (tmp_path / "d_good.json").write_text(good, encoding="utf-8")
        return tmp_path

    def _run(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    def test_screen_reports_every_file(self, folder: Path) -> None:
        """screen: each bad file is a problem line, the good one is screened, exit 1."""
        code, out, err = self._run(
            "screen", str(folder), "--as-of", "2022-12-31", "--format", "json"
        )
        assert code == EXIT_INVALID
        assert [report["patient"] for report in json.loads(out)] == ["d_good"]
        assert "Traceback" not in err
        at = (folder / "c_surrogate.json").read_bytes().index(b"\xed")
        assert err.splitlines() == [
            f"{folder / 'a_deep.json'}: $: nested deeper than 64 levels of arrays and objects"
            " at character 64 (the limit MAX_DEPTH is 64)",
            f"{folder / 'b_duplicate.json'}: $.labs: duplicate key: given 2 times in one object",
            f"{folder / 'c_surrogate.json'}: $: is not valid UTF-8 (at byte {at}); documents"
            " must be UTF-8",
        ]

    def test_validate_reports_every_file(self, folder: Path) -> None:
        """validate: three problem lines, one valid line, no traceback, exit 1."""
        code, out, err = self._run("validate", str(folder))
        assert code == EXIT_INVALID
        assert out.splitlines() == [f"{folder / 'd_good.json'}: valid"]
        assert [line.split(": ")[0] for line in err.splitlines()] == [
            str(folder / name) for name in ("a_deep.json", "b_duplicate.json", "c_surrogate.json")
        ]
        assert "Traceback" not in err


class TestLongRun:
    """scripts/fuzz_documents.py, which `make fuzz` runs over 100,000 documents."""

    def test_a_short_run_passes(self) -> None:
        """A run of 60 documents (with a CLI sample) prints its counts and exits 0."""
        done = subprocess.run(
            [
                *(sys.executable, str(SCRIPT), "--documents", "60", "--seed", "7"),
                *("--jobs", "1", "--cli-every", "6", "--cli-batch", "20"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.splitlines()[-1] == "OK"
        for name in ("non-library exceptions", "accepted duplicate keys", "CLI tracebacks"):
            assert re.search(rf"{name} +0  \(must be 0\)", done.stdout), name

    def test_make_fuzz_is_not_part_of_check(self) -> None:
        """`make fuzz` runs the script with its defaults; `make check` does not run it."""
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        assert re.search(r"^fuzz: .*\n\t.*scripts/fuzz_documents\.py", makefile, re.MULTILINE)
        (check,) = re.findall(r"^check:(.*)$", makefile, re.MULTILINE)
        assert "fuzz" not in check
