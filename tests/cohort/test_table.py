"""The fact table: its layout, its values, parallel derivation, Parquet round trip and
incremental re-derivation."""

from __future__ import annotations

import enum
import hashlib
import json
import math
import multiprocessing
import sys
import threading
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import NoReturn

import attrs
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given as for_all
from hypothesis import settings

from allmodel._fingerprint import library_fingerprint
from allmodel.catalogue import default_ruleset
from allmodel.cohort import (
    FACT_TABLE_FORMAT,
    document_hash,
    fact_table,
    interpreter_statuses,
    read_patients,
    run_duckdb,
    upper_column,
    write_fact_table,
)
from allmodel.cohort import _derivation as derivation
from allmodel.cohort._derivation import StartMethod
from allmodel.cohort._documents import decoded_hash, patient_hash
from allmodel.cohort._table import rows_batch
from allmodel.errors import ArgumentError, DocumentError, RuleError, ValidationError
from allmodel.examples import patient_document, patient_names, patients
from allmodel.facts import FACTS, FactType, ValidityPolicy, derive_facts
from allmodel.io import dump_patient, load_patient, patient_to_json
from allmodel.model import Identifier, Patient
from allmodel.synthetic import synthetic_cohort
from tests.cohort.rows import row
from tests.strategies import patients as patients_strategy

AS_OF = date(2022, 12, 31)


def _pairs(size: int, seed: int = 3) -> list[tuple[str, Patient]]:
    cohort = synthetic_cohort(size, as_of=AS_OF, seed=seed, missing=0.3)
    return [(f"p{i}", patient) for i, patient in enumerate(cohort)]


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, Patient]]:
    """300 synthetic patients."""
    return _pairs(300)


@pytest.fixture(scope="module")
def table(pairs: list[tuple[str, Patient]]) -> pa.Table:
    """Their fact table."""
    return fact_table(pairs, as_of=AS_OF)


class TestLayout:
    """Columns, types and metadata."""

    def test_columns_in_order(self, table: pa.Table) -> None:
        """key, as_of, document_hash, then each fact, an interval fact followed by its upper."""
        expected = ["key", "as_of", "document_hash"]
        for spec in FACTS:
            expected.append(spec.name)
            if spec.interval:
                expected.append(f"{spec.name}__upper")
        assert table.column_names == expected
        assert upper_column("platelets") == "platelets__upper"

    def test_types(self, table: pa.Table) -> None:
        """Numbers float64, integers int64 (float64 when an interval), bool, string."""
        schema = table.schema
        assert schema.field("as_of").type == pa.date32()
        assert schema.field("relapse_count").type == pa.int64()
        assert schema.field("age_years").type == pa.float64()  # both readings of a leap day
        assert schema.field("age_years__upper").type == pa.float64()
        assert schema.field("prior_regimens").type == pa.float64()
        assert schema.field("prior_regimens__upper").type == pa.float64()
        assert schema.field("platelets").type == pa.float64()
        assert schema.field("prior_blinatumomab").type == pa.bool_()
        assert schema.field("ph_status").type == pa.string()
        kinds = {spec.type for spec in FACTS}
        assert kinds == set(FactType)

    def test_metadata(self, table: pa.Table) -> None:
        """Format, ruleset name, version, hash, validity windows, library version and
        fingerprint."""
        ruleset = default_ruleset()
        meta = {k.decode(): v.decode() for k, v in table.schema.metadata.items()}
        assert meta["allmodel.format"] == FACT_TABLE_FORMAT
        assert meta["allmodel.ruleset"] == ruleset.name
        assert meta["allmodel.ruleset_version"] == ruleset.version
        assert meta["allmodel.ruleset_hash"] == ruleset.content_hash
        assert json.loads(meta["allmodel.validity"]) == attrs.asdict(ruleset.validity)
        assert meta["allmodel.library_version"]
        assert meta["allmodel.library_fingerprint"] == library_fingerprint()


class TestValues:
    """Each row holds the patient's facts: NULL unknown, bounds for intervals."""

    def test_rows_are_the_derived_facts(
        self, pairs: list[tuple[str, Patient]], table: pa.Table
    ) -> None:
        """Every fact of every row, lower and upper, as derive_facts gives it."""
        rows = table.to_pylist()
        for (key, patient), found in zip(pairs, rows, strict=True):
            facts = derive_facts(patient, as_of=AS_OF)
            assert found["key"] == key
            assert found["as_of"] == AS_OF
            assert found["document_hash"] == document_hash(patient)
            for index, spec in enumerate(FACTS):
                assert found[spec.name] == facts.values[index], spec.name
                if spec.interval:
                    assert found[f"{spec.name}__upper"] == facts.upper[index], spec.name

    def test_unknown_facts_are_null_and_bounds_may_be_infinite(self, table: pa.Table) -> None:
        """Some facts are NULL, some upper bounds +inf, and the cohort has both."""
        assert table.column("ph_status").null_count > 0
        uppers = table.column("prior_regimens__upper").to_pylist()
        assert math.inf in uppers
        never = table.column("days_since_radiotherapy_or_immunotherapy").to_pylist()
        assert math.inf in never

    def test_an_exact_fact_with_bounds_is_refused(self) -> None:
        """A fact that is not an interval cannot have an upper bound of its own."""
        low, high = row(upper={"relapse_count": 3}, relapse_count=2)
        with pytest.raises(ValueError, match="relapse_count"):
            rows_batch(["a"], ["h"], AS_OF, [low], [high])

    def test_no_patients(self) -> None:
        """An empty cohort gives an empty table with the full schema."""
        empty = fact_table([], as_of=AS_OF)
        assert empty.num_rows == 0
        assert empty.schema == fact_table(_pairs(1), as_of=AS_OF).schema

    def test_the_ruleset_validity_windows_apply(self, pairs: list[tuple[str, Patient]]) -> None:
        """A ruleset with other windows derives other facts, and says so in the metadata."""
        strict = attrs.evolve(default_ruleset(), validity=ValidityPolicy(blood_counts=0))
        narrow = fact_table(pairs, as_of=AS_OF, ruleset=strict)
        wide = fact_table(pairs, as_of=AS_OF)
        assert narrow.column("platelets").null_count > wide.column("platelets").null_count
        with pytest.raises(RuleError, match="validity windows"):
            interpreter_statuses(narrow)
        with pytest.raises(RuleError, match="validity windows"):
            run_duckdb(narrow)
        assert run_duckdb(narrow, ruleset=strict).num_rows == len(pairs)

    def test_bad_arguments(self, pairs: list[tuple[str, Patient]]) -> None:
        """as_of must be a date, jobs a whole number >= 1."""
        with pytest.raises(ArgumentError, match="as_of"):
            fact_table(pairs, as_of="2022-12-31")  # type: ignore[arg-type]
        with pytest.raises(ArgumentError, match="jobs"):
            fact_table(pairs, as_of=AS_OF, jobs=0)


#: The start methods of worker processes this platform has (fork: not on Windows).
_METHODS = [
    pytest.param(
        method,
        marks=pytest.mark.skipif(
            method not in multiprocessing.get_all_start_methods(), reason="no " + method
        ),
    )
    for method in ("fork", "spawn")
]


class _Unpicklable(str):
    """A key that cannot be sent to another process (a forked worker holds it already)."""

    __slots__ = ()

    def __reduce__(self) -> NoReturn:
        raise TypeError("not sent to workers")


class TestJobs:
    """Parallel derivation gives the same table, whichever way the workers start."""

    @pytest.fixture
    def many(self) -> list[tuple[str, Patient]]:
        """1,100 synthetic patients: three batches."""
        return _pairs(1100, seed=5)

    @pytest.fixture(params=_METHODS)
    def method(self, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
        """Workers started by fork, then by spawn, whatever start_method() would choose."""
        chosen: StartMethod = request.param
        monkeypatch.setattr(derivation, "start_method", lambda: chosen)
        return chosen

    def test_two_processes_give_the_same_table(
        self, many: list[tuple[str, Patient]], method: str
    ) -> None:
        """jobs=2 (several batches) equals jobs=1, row for row, from a list, a tuple
        and an iterator of pairs (which a forked worker cannot index: sent by batch)."""
        expected = fact_table(many, as_of=AS_OF)
        for given in (many, tuple(many), iter(many)):
            assert fact_table(given, as_of=AS_OF, jobs=2).equals(expected, check_metadata=True)

    def test_forked_workers_take_a_list_from_their_memory(
        self, pairs: list[tuple[str, Patient]]
    ) -> None:
        """Forked workers read their ranges of a list (nothing is pickled): keys that
        cannot be pickled are fine with fork and fail with spawn."""
        if "fork" not in multiprocessing.get_all_start_methods():
            pytest.skip("no fork")
        keyed = [(_Unpicklable(key), patient) for key, patient in pairs[:600]]
        expected = fact_table(keyed, as_of=AS_OF)
        validity = default_ruleset().validity
        batches = derivation.derive_batches(keyed, AS_OF, validity, 2, start="fork")
        rows = pa.Table.from_batches([batch.rows for batch in batches])
        assert rows.equals(expected.replace_schema_metadata(None))
        with pytest.raises(TypeError, match="not sent to workers"):
            list(derivation.derive_batches(keyed, AS_OF, validity, 2, start="spawn"))

    def test_a_patient_born_after_as_of_in_a_worker(
        self, pairs: list[tuple[str, Patient]], method: str
    ) -> None:
        """A patient in memory with no facts on as_of is the caller's error, as with one
        process."""
        born = ("late", load_patient(json.dumps({"date_of_birth": "2023-01-15", "sex": "female"})))
        with pytest.raises(ValidationError, match="date_of_birth"):
            fact_table([*pairs[:520], born], as_of=AS_OF, jobs=2)

    def test_files_and_reuse(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]], method: str
    ) -> None:
        """Documents read by the workers, and rows reused from a previous file, give the
        table one process gives."""
        source = _files(tmp_path, pairs)
        output = tmp_path / "facts.parquet"
        files = read_patients([source])
        expected = fact_table(files, as_of=AS_OF)
        assert fact_table(files, as_of=AS_OF, jobs=2).equals(expected, check_metadata=True)
        write_fact_table(output, pairs[:200], as_of=AS_OF, jobs=2)
        again = write_fact_table(output, pairs, as_of=AS_OF, jobs=2, previous=output)
        assert (again.derived, again.reused) == (100, 200)
        assert pq.read_table(output).equals(fact_table(pairs, as_of=AS_OF), check_metadata=True)


class TestStartMethod:
    """Workers are forked only where that is safe for this work."""

    def test_fork_on_linux_from_the_only_thread(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Linux, the main thread, no other Python thread: fork."""
        monkeypatch.setattr(sys, "platform", "linux")
        monkeypatch.setattr(threading, "active_count", lambda: 1)
        expected = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        assert derivation.start_method() == expected

    def test_spawn_elsewhere(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """macOS and Windows: spawn."""
        monkeypatch.setattr(threading, "active_count", lambda: 1)
        for platform in ("darwin", "win32"):
            monkeypatch.setattr(sys, "platform", platform)
            assert derivation.start_method() == "spawn"

    def test_spawn_beside_another_python_thread(self) -> None:
        """Another Python thread (which may hold a lock the child needs): spawn."""
        release = threading.Event()
        other = threading.Thread(target=release.wait)
        other.start()
        try:
            assert derivation.start_method() == "spawn"
        finally:
            release.set()
            other.join()

    def test_spawn_from_another_thread(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Called from a thread other than the main thread: spawn."""
        monkeypatch.setattr(sys, "platform", "linux")
        monkeypatch.setattr(threading, "active_count", lambda: 1)
        found: list[str] = []
        other = threading.Thread(target=lambda: found.append(derivation.start_method()))
        other.start()
        other.join()
        assert found == ["spawn"]


def _files(tmp_path: Path, pairs: list[tuple[str, Patient]], bad: int | None = None) -> Path:
    """The patients of ``pairs`` in one JSON Lines file (line ``bad`` is not JSON)."""
    lines = [patient_to_json(patient, indent=None) for _, patient in pairs]
    if bad is not None:
        lines[bad] = "{"
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class TestPatientFiles:
    """Patients read from files: read in the worker processes with jobs above one."""

    def test_the_same_table_from_files_with_one_or_two_processes(self, tmp_path: Path) -> None:
        """Documents read by two workers give the table of the patients read here, with
        the JSON Lines keys, and the files can be iterated again."""
        many = _pairs(1100, seed=6)
        path = _files(tmp_path, many)
        files = read_patients([path])
        keyed = [(f"cohort:{i + 1}", patient) for i, (_, patient) in enumerate(many)]
        expected = fact_table(keyed, as_of=AS_OF)
        assert fact_table(files, as_of=AS_OF, jobs=2).equals(expected, check_metadata=True)
        assert fact_table(files, as_of=AS_OF).equals(expected, check_metadata=True)
        assert [key for key, _ in files][:2] == ["cohort:1", "cohort:2"]

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_a_document_that_cannot_be_read(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]], jobs: int
    ) -> None:
        """Reported once to on_error with its line and left out; raised without on_error."""
        path = _files(tmp_path, pairs[:40], bad=30)
        errors: list[DocumentError] = []
        table = fact_table(read_patients([path], on_error=errors.append), as_of=AS_OF, jobs=jobs)
        assert table.num_rows == 39
        assert "cohort:31" not in table.column("key").to_pylist()
        assert len(errors) == 1
        assert errors[0].problems[0].path.startswith(f"{path}:31:")
        with pytest.raises(DocumentError, match=r"cohort\.jsonl:31"):
            fact_table(read_patients([path]), as_of=AS_OF, jobs=jobs)

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_a_patient_born_after_as_of(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]], jobs: int
    ) -> None:
        """A document that loads but has no facts on as_of (born after it) is reported
        like an unreadable one, with its line, and the rest of the table is written."""
        path = _files(tmp_path, pairs[:10])
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[4] = json.dumps({"date_of_birth": "2023-01-15", "sex": "female"})
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        errors: list[DocumentError] = []
        table = fact_table(read_patients([path], on_error=errors.append), as_of=AS_OF, jobs=jobs)
        assert table.num_rows == 9
        assert "cohort:5" not in table.column("key").to_pylist()
        assert [str(problem) for error in errors for problem in error.problems] == [
            f"{path}:5:$.date_of_birth: is after as_of"
        ]
        with pytest.raises(DocumentError, match=r"cohort\.jsonl:5:\$\.date_of_birth"):
            fact_table(read_patients([path]), as_of=AS_OF, jobs=jobs)
        in_memory = [("p", load_patient(lines[4]))]
        with pytest.raises(ValidationError, match="date_of_birth"):  # no label to name
            fact_table(in_memory, as_of=AS_OF)

    def test_incremental_with_two_processes(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]]
    ) -> None:
        """Workers reading the documents reuse the unchanged rows: one line changed, two
        derived (the changed one and the unreadable one left out), the file equals a full
        derivation of what could be read."""
        source = _files(tmp_path, pairs)
        output = tmp_path / "facts.parquet"
        first = write_fact_table(output, read_patients([source]), as_of=AS_OF, jobs=2)
        assert (first.rows, first.derived, first.reused) == (300, 300, 0)
        lines = source.read_text(encoding="utf-8").splitlines()
        changed = dump_patient(pairs[7][1])
        changed["weight"] = {"value": 61, "unit": "kg"}
        lines[7] = json.dumps(changed)
        lines[8] = "[]"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        errors: list[DocumentError] = []
        files = read_patients([source], on_error=errors.append)
        again = write_fact_table(output, files, as_of=AS_OF, jobs=2, previous=output)
        assert (again.rows, again.derived, again.reused) == (299, 1, 298)
        assert len(errors) == 1
        assert pq.read_table(output).equals(fact_table(files, as_of=AS_OF), check_metadata=True)

    def test_repr_names_no_file(self, tmp_path: Path) -> None:
        """File names may be patient identifiers: the repr counts paths only."""
        assert repr(read_patients([tmp_path / "MRN-12345.json"])) == "PatientFiles(1 paths)"


class TestDocumentHash:
    """The hash of the patient's canonical document."""

    def test_formatting_does_not_change_it(self) -> None:
        """The same patient read from indented or compact JSON has one hash."""
        patient = patients()[patient_names()[0]]
        compact = load_patient(patient_to_json(patient, indent=None))
        assert document_hash(compact) == document_hash(patient)
        assert document_hash(patient).startswith("sha256:")

    def test_a_change_changes_it(self) -> None:
        """Another weight is another document."""
        patient = patients()[patient_names()[0]]
        document = dump_patient(patient)
        document["weight"] = {"value": 99, "unit": "kg"}
        assert document_hash(load_patient(document)) != document_hash(patient)

    def test_a_patient_hashes_as_its_dumped_document(self) -> None:
        """A patient's hash is that of its dump_patient document, so a file written from
        a patient hashes as the patient does."""
        patient = patients()[patient_names()[0]]
        assert document_hash(dump_patient(patient)) == document_hash(patient)

    def test_the_canonical_text(self) -> None:
        """The SHA-256 of the text with keys sorted, no whitespace, UTF-8, as orjson
        writes it: for a document (a known value, which a stored table compares with)
        and for every example patient's dump."""
        document = {"sex": "female", "weight": {"value": 61.5, "unit": "kg"}, "name": "Zoë"}
        text = '{"name":"Zoë","sex":"female","weight":{"unit":"kg","value":61.5}}'
        assert document_hash(document) == "sha256:" + hashlib.sha256(text.encode()).hexdigest()
        assert document_hash(document) == (
            "sha256:ecb478d5b9864b6007fd20128f1700efc0f754f95e4e80ae556bea6ad88e04e4"
        )
        for patient in patients().values():
            canonical = orjson.dumps(dump_patient(patient), option=orjson.OPT_SORT_KEYS)
            expected = "sha256:" + hashlib.sha256(canonical).hexdigest()
            assert document_hash(patient) == expected
            assert patient_hash(patient) == expected

    @settings(max_examples=150, deadline=None)
    @for_all(patients_strategy())
    def test_a_patient_in_memory_hashes_as_its_document(self, patient: Patient) -> None:
        """Whatever the record, the patient's hash (written from its fields by the
        converter that leaves dates and enumeration members to orjson) is that of its
        dump_patient document, and of that document written and read back."""
        expected = decoded_hash(dump_patient(patient))
        assert patient_hash(patient) == expected
        assert document_hash(patient) == expected
        assert document_hash(json.loads(patient_to_json(patient))) == expected

    def test_what_orjson_cannot_write_is_hashed_from_json_text(self) -> None:
        """An integer beyond 64 bits, a lone surrogate and a number that is not finite
        are hashed from json's text after a NUL byte: never the hash of another document
        (NaN is not hashed as null), and equal values still share a hash."""

        def fallback(document: Mapping[str, object]) -> str:
            text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            return (
                "sha256:"
                + hashlib.sha256(b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()
            )

        huge = {"n": 2**64}
        assert document_hash(huge) == decoded_hash(huge) == fallback(huge)
        assert document_hash({"n": 2**64 - 1}) != document_hash(huge)
        lone = {"text": "\ud800"}
        assert document_hash(lone) == decoded_hash(lone) == fallback(lone)
        assert document_hash(lone) != document_hash({"text": "\ufffd"})
        for value in (math.nan, math.inf, -math.inf):
            assert document_hash({"n": value}) == fallback({"n": value})
            assert document_hash({"n": value}) != document_hash({"n": None})
        assert document_hash({"n": math.inf}) != document_hash({"n": -math.inf})
        assert document_hash({"b": huge, "a": 1}) == document_hash({"a": 1, "b": huge})

    def test_what_json_does_not_have_is_refused(self) -> None:
        """A date, a set or an enumeration member is no JSON value, and a document that
        holds itself is none either: refused as json refuses them, never hashed as
        something else (orjson would write a date as its text). A string enumeration
        member, which json writes as its string, hashes as that string."""

        class Plain(enum.Enum):
            ONE = "one"

        for value in (date(2022, 1, 1), {1, 2}, Plain.ONE):
            with pytest.raises(TypeError):
                document_hash({"value": value})
        member = {"value": FactType.BOOLEAN}
        assert document_hash(member) == document_hash({"value": FactType.BOOLEAN.value})
        looped: dict[str, object] = {}
        looped["self"] = looped
        with pytest.raises(ValueError, match="Circular"):
            document_hash(looped)
        # from the reader (no caller's values), a date would be written by orjson: refused
        with pytest.raises(TypeError):
            decoded_hash({"value": [date(2022, 1, 1)]})

    def test_a_patient_orjson_cannot_write(self) -> None:
        """A patient whose text holds a lone surrogate (the model takes any string) is
        hashed from json's text of its document, as that document is."""
        patient = attrs.evolve(
            patients()[patient_names()[0]],
            identifiers=(Identifier(system="mrn", value="\udc80"),),
        )
        assert patient_hash(patient) == document_hash(dump_patient(patient))

    def test_every_value_of_a_document_counts(self) -> None:
        """Changing any one value (or key) of a decoded document changes its hash;
        reordering the keys of every object does not."""
        document = json.loads(patient_document(patient_names()[0]))
        before = document_hash(document)
        assert decoded_hash(document) == before  # what rows read from files use
        reordered = _reversed(document)
        assert isinstance(reordered, dict)
        assert document_hash(reordered) == before
        changed = 0
        for variant in _one_change_each(document):
            assert isinstance(variant, dict)
            assert document_hash(variant) != before
            changed += 1
        assert changed > 50

    def test_json_types_count(self) -> None:
        """1 and 1.0 are other JSON values, hashed apart (a derivation, never a wrong
        reuse); so are a field given at its default and one left out."""
        document = dump_patient(patients()[patient_names()[0]])
        document["weight"] = {"value": 70, "unit": "kg"}
        as_float = {**document, "weight": {"value": 70.0, "unit": "kg"}}
        assert load_patient(as_float) == load_patient(document)
        assert document_hash(as_float) != document_hash(document)

    def test_file_rows_hash_the_document_read(self, tmp_path: Path) -> None:
        """A row read from a file has its document's hash, whatever the patient's dump
        would hash to: here the file gives 70 for a weight the dump writes as 70.0."""
        document = dump_patient(patients()[patient_names()[0]])
        document["weight"] = {"value": 70, "unit": "kg"}
        path = tmp_path / "one.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        found = fact_table(read_patients([path]), as_of=AS_OF).column("document_hash")
        assert found.to_pylist() == [document_hash(document)]
        assert document_hash(document) != document_hash(load_patient(document))

    def test_files_rewritten_reuse_or_derive(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]]
    ) -> None:
        """A JSON Lines file re-indented with every object's keys reversed reuses every
        row; one changed number re-derives that row only."""
        source = _files(tmp_path, pairs[:30])
        output = tmp_path / "facts.parquet"
        write_fact_table(output, read_patients([source]), as_of=AS_OF)
        documents = [json.loads(line) for line in source.read_text("utf-8").splitlines()]
        reordered = [json.dumps(_reversed(d), separators=(" ,", ": ")) for d in documents]
        source.write_text("\n".join(reordered) + "\n", encoding="utf-8")
        again = write_fact_table(output, read_patients([source]), as_of=AS_OF, previous=output)
        assert (again.derived, again.reused) == (0, 30)
        documents[4]["weight"] = {"value": 51.5, "unit": "kg"}
        source.write_text("\n".join(map(json.dumps, documents)) + "\n", encoding="utf-8")
        last = write_fact_table(output, read_patients([source]), as_of=AS_OF, previous=output)
        assert (last.derived, last.reused) == (1, 29)
        assert pq.read_table(output).equals(
            fact_table(read_patients([source]), as_of=AS_OF), check_metadata=True
        )


def _reversed(value: object) -> object:
    """``value`` with the keys of every object in reverse order."""
    if isinstance(value, dict):
        return {key: _reversed(value[key]) for key in reversed(value)}
    if isinstance(value, list):
        return [_reversed(item) for item in value]
    return value


def _one_change_each(value: object) -> list[object]:
    """Copies of ``value``, each with one scalar changed or one key renamed."""
    if isinstance(value, dict):
        found: list[object] = []
        for key, item in value.items():
            found.append({(f"{k}_" if k == key else k): v for k, v in value.items()})
            found.extend({**value, key: variant} for variant in _one_change_each(item))
        return found
    if isinstance(value, list):
        return [
            [*value[:index], variant, *value[index + 1 :]]
            for index, item in enumerate(value)
            for variant in _one_change_each(item)
        ]
    if isinstance(value, bool) or value is None:
        return [not value]
    if isinstance(value, (int, float)):
        return [value + 1]
    assert isinstance(value, str)
    return [value + "x"]


class TestParquet:
    """write_fact_table: round trip, atomic, incremental."""

    def test_round_trip(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]], table: pa.Table
    ) -> None:
        """The file read back is the table, metadata included."""
        path = tmp_path / "facts.parquet"
        written = write_fact_table(path, pairs, as_of=AS_OF)
        assert (written.rows, written.derived, written.reused) == (300, 300, 0)
        assert pq.read_table(path).equals(table, check_metadata=True)
        assert [p.name for p in tmp_path.iterdir()] == ["facts.parquet"]

    def test_only_changed_patients_are_derived(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]]
    ) -> None:
        """One patient changed, one added, one removed: two derived, the rest reused, and
        the file equals a full derivation."""
        path = tmp_path / "facts.parquet"
        write_fact_table(path, pairs, as_of=AS_OF)
        changed = dump_patient(pairs[5][1])
        changed["weight"] = {"value": 77, "unit": "kg"}
        newcomer = _pairs(1, seed=99)[0][1]
        later = [*pairs[:5], ("p5", load_patient(changed)), *pairs[6:-1], ("new", newcomer)]
        written = write_fact_table(path, later, as_of=AS_OF, previous=path)
        assert (written.rows, written.derived, written.reused) == (300, 2, 298)
        assert pq.read_table(path).equals(fact_table(later, as_of=AS_OF), check_metadata=True)

    def test_another_date_or_ruleset_derives_everything(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]]
    ) -> None:
        """Rows of another as_of, or of other validity windows, are not reused."""
        path = tmp_path / "facts.parquet"
        write_fact_table(path, pairs[:20], as_of=AS_OF)
        moved = write_fact_table(path, pairs[:20], as_of=date(2023, 1, 2), previous=path)
        assert moved.derived == 20
        strict = attrs.evolve(default_ruleset(), validity=ValidityPolicy(blood_counts=3))
        other = write_fact_table(
            path, pairs[:20], as_of=date(2023, 1, 2), ruleset=strict, previous=path
        )
        assert other.derived == 20
        again = write_fact_table(
            path, pairs[:20], as_of=date(2023, 1, 2), ruleset=strict, previous=path
        )
        assert (again.derived, again.reused) == (0, 20)

    def test_another_build_of_the_library_derives_everything(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]]
    ) -> None:
        """A table written by another build of the same version (another fingerprint: a
        derivation may have changed between them) is not reused."""
        path = tmp_path / "facts.parquet"
        write_fact_table(path, pairs[:5], as_of=AS_OF)
        table = pq.read_table(path)
        metadata = dict(table.schema.metadata)
        metadata[b"allmodel.library_fingerprint"] = b"sha256:" + b"0" * 64
        pq.write_table(table.replace_schema_metadata(metadata), path)
        assert write_fact_table(path, pairs[:5], as_of=AS_OF, previous=path).derived == 5
        assert write_fact_table(path, pairs[:5], as_of=AS_OF, previous=path).reused == 5

    def test_a_missing_previous_file_derives_everything(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]]
    ) -> None:
        """No previous file yet: every row is derived."""
        path = tmp_path / "facts.parquet"
        assert write_fact_table(path, pairs[:3], as_of=AS_OF, previous=path).derived == 3

    def test_a_failed_write_leaves_the_old_file(
        self, tmp_path: Path, pairs: list[tuple[str, Patient]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The old file stays whole and no temporary file remains."""
        path = tmp_path / "facts.parquet"
        write_fact_table(path, pairs[:3], as_of=AS_OF)
        before = path.read_bytes()

        def broken(*args: object, **kwargs: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(pq, "write_table", broken)
        with pytest.raises(OSError, match="disk full"):
            write_fact_table(path, pairs[:5], as_of=AS_OF)
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["facts.parquet"]


class TestReadPatients:
    """Patients from JSON files, folders and JSON Lines."""

    def test_files_folders_and_json_lines(self, tmp_path: Path) -> None:
        """A folder's files by name; a JSON Lines file's lines keyed name:line."""
        names = patient_names()[:3]
        folder = tmp_path / "docs"
        folder.mkdir()
        for name in names:
            (folder / f"{name}.json").write_bytes(patient_document(name))
        lines = tmp_path / "more.jsonl"
        documents = [json.dumps(json.loads(patient_document(n))) for n in names[:2]]
        lines.write_text(documents[0] + "\n\n" + documents[1] + "\n", encoding="utf-8")
        found = list(read_patients([folder, lines]))
        assert [key for key, _ in found] == [*sorted(names), "more:1", "more:3"]
        assert found[-1][1] == patients()[names[1]]

    def test_a_bad_document(self, tmp_path: Path) -> None:
        """Raised with the file named, or reported and skipped with on_error."""
        bad = tmp_path / "bad.json"
        bad.write_text("{", encoding="utf-8")
        good = tmp_path / "good.json"
        good.write_bytes(patient_document(patient_names()[0]))
        with pytest.raises(DocumentError, match=r"bad\.json"):
            list(read_patients([bad, good]))
        errors: list[DocumentError] = []
        found = list(read_patients([bad, good], on_error=errors.append))
        assert [key for key, _ in found] == ["good"]
        assert len(errors) == 1
