"""Regressions found by fuzzing the readers and writers: nesting and size limits, inputs
of any type, duplicate keys, invalid Unicode, and atomic writes that never destroy the
previous file."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import pytest

from allmodel import Disease, DocumentError, Identifier, Patient, Sex, load_patient
from allmodel.io import (
    MAX_ARRAY_ITEMS,
    MAX_DEPTH,
    MAX_DOCUMENT_SIZE,
    MAX_OBJECT_MEMBERS,
    patient_to_json,
    write_patient,
)
from allmodel.io._documents import PatientSource, from_dict, read_json
from tests.io.refusals import platelet_lab, problems_of


def _nested(depth: int, inner: object = 1) -> object:
    """``inner`` in ``depth`` arrays, built without recursion."""
    value = inner
    for _ in range(depth):
        value = [value]
    return value


def _refusal(document: object) -> dict[str, str]:
    """load_patient's problems for any input, typed or not."""
    return problems_of(cast("PatientSource", document))


class TestNestingLimit:
    """Regression (fuzzing): deep nesting is refused by MAX_DEPTH, never a RecursionError."""

    @pytest.mark.parametrize(
        "text",
        [
            "[" * 5000,
            '{"a": ' * 1000 + "1" + "}" * 1000,
            '{"labs": ' + "[" * 1000 + "]" * 1000 + "}",
        ],
        ids=["5000 brackets", "1000 objects", "1000 arrays in a field"],
    )
    def test_deep_text_is_refused_before_decoding(self, text: str) -> None:
        """Text nested past the limit is one problem at `$` naming MAX_DEPTH."""
        problems = problems_of(text)
        assert list(problems) == ["$"]
        assert f"the limit MAX_DEPTH is {MAX_DEPTH}" in problems["$"]

    def test_deep_bytes_and_files_are_refused(self, tmp_path: Path) -> None:
        """The same holds for bytes and for a file."""
        path = tmp_path / "deep.json"
        path.write_text("[" * 5000, encoding="utf-8")
        for source in (b"[" * 5000, path):
            assert list(problems_of(source)) == ["$"]

    def test_nesting_up_to_the_limit_is_read(self) -> None:
        """64 levels are decoded (and the key reported as unknown); 65 are refused."""
        at_limit = '{"foo": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
        assert problems_of(at_limit) == {"$.foo": "unknown key"}
        past = '{"foo": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
        assert "MAX_DEPTH" in problems_of(past)["$"]

    def test_brackets_in_strings_do_not_count(self) -> None:
        """Brackets inside a string are text, not nesting."""
        assert problems_of('{"foo": "' + "[{" * 5000 + '"}') == {"$.foo": "unknown key"}

    def test_deep_decoded_document_is_refused_at_its_path(self) -> None:
        """An already-decoded document 100,000 deep is walked iteratively and refused."""
        problems = _refusal({"disease": {"extramedullary_sites": _nested(100_000)}})
        (path,) = problems
        assert path.startswith("$.disease.extramedullary_sites[0][0]")
        assert path.count("[0]") == MAX_DEPTH - 2
        assert "MAX_DEPTH" in problems[path]

    def test_a_document_that_contains_itself_is_refused(self) -> None:
        """A mapping that contains itself ends at the depth limit, not in a loop."""
        looped: dict[str, Any] = {}
        looped["foo"] = looped
        (message,) = _refusal(looped).values()
        assert "MAX_DEPTH" in message

    def test_from_dict_checks_the_limit(self) -> None:
        """from_dict refuses an over-deep value like load_patient does."""
        with pytest.raises(DocumentError) as caught:
            from_dict(Disease, {"extramedullary_sites": _nested(5000)})
        assert "MAX_DEPTH" in caught.value.problems[0].message


class TestSizeLimits:
    """Regression (fuzzing): documents, arrays and objects past their limits are refused."""

    def test_an_array_past_the_limit(self) -> None:
        """An array of MAX_ARRAY_ITEMS + 1 items is refused at its path, naming the limit."""
        problems = _refusal({"labs": [platelet_lab()] * (MAX_ARRAY_ITEMS + 1)})
        assert list(problems) == ["$.labs"]
        assert f"MAX_ARRAY_ITEMS of {MAX_ARRAY_ITEMS:,}" in problems["$.labs"]

    def test_an_array_at_the_limit_is_read(self) -> None:
        """MAX_ARRAY_ITEMS items are decoded (here, under an unknown key)."""
        text = json.dumps({"foo": [0] * MAX_ARRAY_ITEMS})
        assert problems_of(text) == {"$.foo": "unknown key"}

    def test_an_array_past_the_limit_in_text(self) -> None:
        """The array limit holds for JSON text too."""
        problems = problems_of(json.dumps({"foo": [0] * (MAX_ARRAY_ITEMS + 1)}))
        assert list(problems) == ["$.foo"]
        assert "MAX_ARRAY_ITEMS" in problems["$.foo"]

    def test_an_object_past_the_limit(self) -> None:
        """An object of MAX_OBJECT_MEMBERS + 1 keys is one problem, not a thousand."""
        document = {f"key{i}": i for i in range(MAX_OBJECT_MEMBERS + 1)}
        problems = problems_of(json.dumps(document))
        assert list(problems) == ["$"]
        assert "MAX_OBJECT_MEMBERS" in problems["$"]

    def test_a_document_past_the_size_limit(self, tmp_path: Path) -> None:
        """More than MAX_DOCUMENT_SIZE characters, bytes or file bytes: refused at `$`."""
        text = '{"foo": "' + "x" * MAX_DOCUMENT_SIZE + '"}'
        path = tmp_path / "big.json"
        path.write_text(text, encoding="utf-8")
        for source in (text, text.encode(), path):
            problems = problems_of(source)
            assert list(problems) == ["$"]
            assert "MAX_DOCUMENT_SIZE" in problems["$"]


class TestSourcesOfAnyType:
    """Regression (fuzzing): any input ends in DocumentError, never TypeError."""

    @pytest.mark.parametrize("document", [[], [{}], 3, 2.5, None, True, ()])
    def test_decoded_top_level_must_be_an_object(self, document: object) -> None:
        """A decoded list, number, boolean or None is refused at `$`."""
        assert _refusal(document) == {"$": "expected a JSON object"}

    @pytest.mark.parametrize("document", [{1, 2}, object(), 3j])
    def test_unsupported_source_types(self, document: object) -> None:
        """Something that is neither JSON text, bytes, a path nor decoded JSON: at `$`."""
        (message,) = _refusal(document).values()
        assert message.startswith("expected JSON text (str), UTF-8 bytes, a file path")

    def test_read_json_returns_any_decoded_json_value(self) -> None:
        """read_json checks a decoded list and gives it back."""
        assert read_json(cast("Mapping[str, Any]", [1, {"a": "b"}])) == [1, {"a": "b"}]

    def test_keys_must_be_strings(self) -> None:
        """A decoded mapping with non-string keys is refused at the mapping's path."""
        assert _refusal({"disease": {1: "x", None: "y"}}) == {
            "$.disease": "every key must be a string, got a number, null"
        }

    def test_a_mapping_that_cannot_be_read(self) -> None:
        """A user's Mapping whose methods fail is a problem, not the method's exception."""

        class Broken(Mapping[str, Any]):
            def __getitem__(self, key: str) -> Any:
                raise RuntimeError("broken")

            def __iter__(self) -> Iterator[str]:
                raise RuntimeError("broken")

            def __len__(self) -> int:
                return 1

        assert _refusal({"disease": Broken()}) == {
            "$.disease": "cannot read this object (RuntimeError)"
        }


class TestDuplicateKeys:
    """Regression (fuzzing): a repeated key is an error at its path, never a silent guess."""

    LAB = json.dumps(platelet_lab())

    def test_appended_empty_labs(self) -> None:
        """`"labs": []` after the labs no longer empties them: refused at `$.labs`."""
        text = '{"labs": [' + self.LAB + '], "labs": []}'
        assert problems_of(text) == {"$.labs": "duplicate key: given 2 times in one object"}

    def test_a_repeated_object(self) -> None:
        """A second `ecog` object no longer replaces the first."""
        ecog = '{"value": 1, "date": "2022-10-01"}'
        problems = problems_of('{"ecog": ' + ecog + ', "sex": "male", "ecog": ' + ecog + "}")
        assert list(problems) == ["$.ecog"]

    def test_nested_and_counted(self) -> None:
        """A key repeated deep inside is reported at its own path with its count."""
        text = '{"labs": [' + self.LAB + ', {"unit": "%", "unit": "%", "unit": "g/L"}]}'
        assert problems_of(text) == {"$.labs[1].unit": "duplicate key: given 3 times in one object"}

    def test_an_odd_key_is_quoted_in_the_path(self) -> None:
        """A repeated key that is not a plain name is written in brackets."""
        assert list(problems_of('{"a b": 1, "a b": 2}')) == ['$["a b"]']


class TestUnicode:
    """Regression (fuzzing): text must be valid Unicode, and bytes UTF-8."""

    MESSAGE = "is not valid Unicode: a lone surrogate U+D800 at character 10"

    def test_surrogate_in_a_decoded_value(self) -> None:
        """A lone surrogate in a str of a decoded document is refused at its path."""
        line = {"regimen": "hyper-CVAD\ud800", "start": "2022-01-03", "intent": "salvage"}
        problems = _refusal({"course": {"treatment_lines": [line]}})
        assert problems == {"$.course.treatment_lines[0].regimen": self.MESSAGE}

    def test_surrogate_escape_in_text(self) -> None:
        """The JSON escape \\ud800 decodes to a lone surrogate: refused at its path."""
        text = '{"identifiers": [{"system": "hyper-CVAD\\ud800", "value": "x"}]}'
        assert problems_of(text) == {"$.identifiers[0].system": self.MESSAGE}

    def test_surrogate_in_a_key(self) -> None:
        """A lone surrogate in a key is refused at that key, escaped in the path."""
        problems = _refusal({"x\udfff": 1})
        assert list(problems) == ['$["x\\udfff"]']
        assert problems['$["x\\udfff"]'].startswith("the key is not valid Unicode")

    def test_an_encoded_surrogate_is_not_utf8(self) -> None:
        """The bytes ED A0 80 (an encoded surrogate) are not UTF-8: refused at `$`."""
        document = b'{"identifiers": [{"system": "a\xed\xa0\x80", "value": "x"}]}'
        assert problems_of(document) == {
            "$": "is not valid UTF-8 (at byte 30); documents must be UTF-8"
        }

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
    def test_utf16_and_utf32_are_refused(self, encoding: str) -> None:
        """Only UTF-8 is read, even when the text carries a byte-order mark."""
        problems = problems_of('{"sex": "male"}'.encode(encoding))
        assert problems == {
            "$": "looks like UTF-16 or UTF-32 (a byte-order mark or a NUL byte at the start); "
            "documents must be UTF-8"
        }

    def test_a_utf8_byte_order_mark_is_ignored(self, tmp_path: Path) -> None:
        """One leading UTF-8 BOM in bytes or a file is allowed."""
        path = tmp_path / "bom.json"
        path.write_bytes(b'\xef\xbb\xbf{"sex": "male"}')
        assert load_patient(path).sex is Sex.MALE
        assert load_patient(b'\xef\xbb\xbf{"sex": "male"}').sex is Sex.MALE

    def test_a_bom_character_in_text_is_refused(self) -> None:
        """A str is decoded text: a leading U+FEFF in it is invalid JSON."""
        (message,) = problems_of('\ufeff{"sex": "male"}').values()
        assert message.startswith("invalid JSON: ")

    def test_valid_non_ascii_text_is_accepted(self) -> None:
        """Accents and characters outside the BMP are valid Unicode."""
        document = {"identifiers": [{"system": "hôpital 😀", "value": "x"}]}
        for source in (document, json.dumps(document), json.dumps(document).encode()):
            assert load_patient(source).identifiers[0].system == "hôpital 😀"


class TestAtomicWriting:
    """Regression (fuzzing): a failed write never destroys or truncates the previous file."""

    broken = Patient(identifiers=(Identifier(system="hyper-CVAD\ud800", value="x"),))

    @pytest.fixture
    def previous(self, tmp_path: Path) -> Path:
        """An existing patient file."""
        path = tmp_path / "patient.json"
        write_patient(Patient(sex=Sex.FEMALE), path)
        return path

    def test_invalid_unicode_leaves_the_file(self, previous: Path) -> None:
        """A patient whose text cannot be encoded: DocumentError at its path, file kept."""
        before = previous.read_bytes()
        with pytest.raises(DocumentError) as caught:
            write_patient(self.broken, previous)
        assert [p.path for p in caught.value.problems] == ["$.identifiers[0].system"]
        assert previous.read_bytes() == before
        assert sorted(os.listdir(previous.parent)) == [previous.name]

    def test_patient_to_json_refuses_invalid_unicode(self) -> None:
        """patient_to_json does not return text that cannot be written."""
        with pytest.raises(DocumentError):
            patient_to_json(self.broken)

    def test_a_disk_error_leaves_the_file(
        self, previous: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A full disk while syncing: OSError, the file kept, no temporary file left."""
        before = previous.read_bytes()

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(OSError, match="No space left"):
            write_patient(Patient(sex=Sex.MALE), previous)
        assert previous.read_bytes() == before
        assert sorted(os.listdir(previous.parent)) == [previous.name]

    def test_a_failed_replace_leaves_the_file(
        self, previous: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure at the final rename also keeps the old file and cleans up."""
        before = previous.read_bytes()

        def refuse(source: str, target: str) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(os, "replace", refuse)
        with pytest.raises(PermissionError):
            write_patient(Patient(sex=Sex.MALE), previous)
        assert previous.read_bytes() == before
        assert sorted(os.listdir(previous.parent)) == [previous.name]

    def test_replaces_the_content_and_keeps_the_mode(self, previous: Path) -> None:
        """A successful write replaces the content and keeps the file's permissions."""
        previous.chmod(0o640)
        write_patient(Patient(sex=Sex.MALE), previous)
        assert load_patient(previous).sex is Sex.MALE
        assert stat.S_IMODE(previous.stat().st_mode) == 0o640

    def test_writes_through_a_symbolic_link(self, previous: Path) -> None:
        """A link is followed: its target is replaced, the link stays a link."""
        link = previous.parent / "link.json"
        link.symlink_to(previous.name)
        write_patient(Patient(sex=Sex.MALE), link)
        assert link.is_symlink()
        assert load_patient(previous).sex is Sex.MALE
