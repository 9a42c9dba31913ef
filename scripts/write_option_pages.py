"""Write the Markdown page of every option of the default ruleset to
``tests/pages/snapshots/<id>.md``, or check the snapshots are current.

The snapshots are what ``allmodel options show ID --format markdown`` prints; the test
``tests/pages/test_snapshots.py`` renders each option again and compares. After a
deliberate change to an option (or to the page layout), run this script and review the
diff of the snapshots like any other change.

Usage::

    .venv/bin/python scripts/write_option_pages.py [--check]

With ``--check`` nothing is written; the exit code is 1 when a snapshot differs from the
page, is missing, or belongs to no option.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from allmodel.catalogue import default_ruleset
from allmodel.pages import option_page, render

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "pages" / "snapshots"


def pages() -> dict[str, str]:
    """Every option's Markdown page, by file name, in the ruleset's order."""
    ruleset = default_ruleset()
    return {
        f"{option.id}.md": render(option_page(option, ruleset=ruleset), "markdown")
        for option in ruleset.options
    }


def stale(expected: dict[str, str]) -> list[str]:
    """The file names whose snapshot differs from ``expected``, is missing, or is extra."""
    present = {path.name for path in SNAPSHOTS.glob("*.md")}
    wrong = [
        name
        for name, text in expected.items()
        if name not in present or (SNAPSHOTS / name).read_text(encoding="utf-8") != text
    ]
    return wrong + sorted(present - set(expected))


def main(argv: list[str] | None = None) -> int:
    """Write the snapshots (removing those of options that are gone), or check them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    expected = pages()
    if args.check:
        wrong = stale(expected)
        for name in wrong:
            print(f"{SNAPSHOTS / name} is out of date: run {Path(__file__).name}", file=sys.stderr)
        return 1 if wrong else 0
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for path in SNAPSHOTS.glob("*.md"):
        if path.name not in expected:
            path.unlink()
    for name, text in expected.items():
        (SNAPSHOTS / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
