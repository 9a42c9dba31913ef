"""The library fingerprint: a hash of the package's files that changes with any of them."""

from __future__ import annotations

from pathlib import Path

import pytest

import allmodel._fingerprint as fingerprint
from allmodel._fingerprint import library_fingerprint


def test_shape_and_stability() -> None:
    """``sha256:`` and 64 hex digits, the same on every call."""
    found = library_fingerprint()
    assert found.startswith("sha256:")
    assert len(found) == len("sha256:") + 64
    int(found.removeprefix("sha256:"), 16)
    assert library_fingerprint() == found


def _copy(tmp_path: Path) -> Path:
    package = tmp_path / "allmodel"
    (package / "facts").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    (package / "examples").mkdir()
    (package / "facts" / "_mrd.py").write_text("LEVEL = 1e-4\n")
    (package / "units.json").write_text("{}\n")
    return package


def _of(package: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(fingerprint, "_PACKAGE", package)
    return fingerprint.library_fingerprint.__wrapped__()


def test_any_code_or_data_change_changes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed module, a changed data file, a renamed file: another fingerprint."""
    package = _copy(tmp_path)
    first = _of(package, monkeypatch)
    (package / "facts" / "_mrd.py").write_text("LEVEL = 1e-3\n")
    second = _of(package, monkeypatch)
    (package / "units.json").write_text('{"a": 1}\n')
    third = _of(package, monkeypatch)
    (package / "units.json").rename(package / "units2.json")
    fourth = _of(package, monkeypatch)
    assert len({first, second, third, fourth}) == 4


def test_caches_and_examples_do_not_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled caches and the bundled examples are not what the library computes with."""
    package = _copy(tmp_path)
    first = _of(package, monkeypatch)
    (package / "__pycache__" / "_mrd.cpython-311.pyc").write_bytes(b"\x00")
    (package / "examples" / "patient.json").write_text("{}\n")
    assert _of(package, monkeypatch) == first
