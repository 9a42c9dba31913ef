"""scripts/write_option_pages.py: writes one snapshot per option, removes the snapshots
of options that are gone, and --check reports every stale, missing or extra file."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.modules import import_file

ROOT = Path(__file__).resolve().parents[2]

#: Two pages standing in for the default ruleset's.
PAGES = {"alpha.md": "# Alpha\n", "beta.md": "# Beta\n"}


@pytest.fixture
def script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The script, imported as a module, writing to a temporary folder and rendering
    :data:`PAGES`."""
    module = import_file("_allmodel_write_option_pages", ROOT / "scripts" / "write_option_pages.py")
    monkeypatch.setattr(module, "SNAPSHOTS", tmp_path / "snapshots")
    monkeypatch.setattr(module, "pages", lambda: dict(PAGES))
    return module


def test_writes_every_page(script: ModuleType, tmp_path: Path) -> None:
    """One file per page, with the page's text."""
    assert script.main([]) == 0
    folder = tmp_path / "snapshots"
    assert {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()} == PAGES


def test_removes_pages_of_options_gone(script: ModuleType, tmp_path: Path) -> None:
    """A snapshot of an option no longer in the ruleset is deleted."""
    folder = tmp_path / "snapshots"
    folder.mkdir()
    (folder / "gone.md").write_text("# Gone\n", encoding="utf-8")
    (folder / "notes.txt").write_text("kept\n", encoding="utf-8")
    script.main([])
    assert sorted(path.name for path in folder.iterdir()) == ["alpha.md", "beta.md", "notes.txt"]


def test_check(script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--check: 0 when current; 1 naming each stale, missing and extra file; writes nothing."""
    script.main([])
    assert script.main(["--check"]) == 0
    folder = tmp_path / "snapshots"
    (folder / "alpha.md").write_text("# Alpha, edited by hand\n", encoding="utf-8")
    (folder / "beta.md").unlink()
    (folder / "gone.md").write_text("# Gone\n", encoding="utf-8")
    capsys.readouterr()
    assert script.main(["--check"]) == 1
    reported = [line.split()[0] for line in capsys.readouterr().err.splitlines()]
    assert reported == [str(folder / name) for name in ("alpha.md", "beta.md", "gone.md")]
    assert (folder / "alpha.md").read_text(encoding="utf-8") == "# Alpha, edited by hand\n"
