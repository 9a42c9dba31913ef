"""Every option of the default ruleset renders exactly as its committed Markdown snapshot.

A change to an option's rules, notes, coverage or citations shows up as a diff of its page;
``scripts/write_option_pages.py`` rewrites the snapshots after a deliberate change.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from allmodel.catalogue import default_ruleset
from allmodel.pages import option_page, render

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "pages" / "snapshots"
RULESET = default_ruleset()


@pytest.mark.parametrize("option_id", RULESET.ids)
def test_page_matches_snapshot(option_id: str) -> None:
    """The option's Markdown page is its snapshot (a unified diff shows any difference)."""
    path = SNAPSHOTS / f"{option_id}.md"
    assert path.exists(), f"no snapshot for {option_id}: run scripts/write_option_pages.py"
    expected = path.read_text(encoding="utf-8")
    page = render(option_page(RULESET.option(option_id), ruleset=RULESET), "markdown")
    if page != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            page.splitlines(keepends=True),
            fromfile=f"snapshots/{option_id}.md",
            tofile=f"{option_id} as rendered",
        )
        pytest.fail("".join(diff), pytrace=False)


def test_no_snapshot_without_an_option() -> None:
    """Every snapshot belongs to an option of the default ruleset."""
    names = sorted(path.stem for path in SNAPSHOTS.glob("*.md"))
    assert names == sorted(RULESET.ids)


def test_script_check_agrees() -> None:
    """scripts/write_option_pages.py --check finds the snapshots current."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "write_option_pages.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")


def _lines_to_end_of_coverage(option_id: str) -> int:
    """Lines of the Markdown page from its title to the end of its coverage table."""
    lines = render(option_page(RULESET.option(option_id), ruleset=RULESET), "markdown")
    found = lines.splitlines()
    after = [i for i, line in enumerate(found) if line in ("## Notes", "## Sources")]
    return after[0] - 1


def test_blinatumomab_fits_one_screen() -> None:
    """Blinatumomab's header, rules and coverage table fit one 50-line screen."""
    assert _lines_to_end_of_coverage("blinatumomab") <= 50


@pytest.mark.parametrize("option_id", RULESET.ids)
def test_every_page_fits_a_tall_screen(option_id: str) -> None:
    """No option's header, rules and coverage table run past 60 lines."""
    assert _lines_to_end_of_coverage(option_id) <= 60
