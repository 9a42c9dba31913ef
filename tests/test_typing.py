"""Typing is part of the API: analyst scripts type-check, misuse is rejected by mypy --strict.

``tests/typing/pass_*.py`` must produce no error. Each ``tests/typing/fail/*.py`` marks
every line that must be rejected with a trailing ``# expect: <code>[, <code>]`` comment;
exactly those lines must error, with exactly those mypy error codes. mypy runs once per
directory, in process, with the project's configuration and cache.
"""

from __future__ import annotations

import re
import runpy
from collections.abc import Sequence
from pathlib import Path

import mypy.api
import pytest

ROOT = Path(__file__).resolve().parent.parent
TYPING = ROOT / "tests" / "typing"
PASS_FILES = sorted(TYPING.glob("pass_*.py"))
FAIL_FILES = sorted((TYPING / "fail").glob("*.py"))

_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>[a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$")
_ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")

Errors = dict[str, set[tuple[int, str]]]


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _mypy(files: Sequence[Path]) -> tuple[Errors, str]:
    """Run mypy --strict on ``files`` from the project root; errors by file, and the output."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        stdout, stderr, _ = mypy.api.run(
            [
                "--strict",
                "--config-file=pyproject.toml",
                "--cache-dir=.mypy_cache",
                "--show-error-codes",
                "--no-error-summary",
                "--no-pretty",
                "--no-color-output",
                *(_relative(path) for path in files),
            ]
        )
    assert stderr == ""
    errors: Errors = {_relative(path): set() for path in files}
    for line in stdout.splitlines():
        match = _ERROR.match(line)
        if match is not None:
            errors.setdefault(match["path"], set()).add((int(match["line"]), match["code"]))
    return errors, stdout


def _expected(path: Path) -> set[tuple[int, str]]:
    """The (line, code) pairs a fail file marks with `# expect:`."""
    found = set()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT.search(text)
        if match is not None:
            found |= {(number, code.strip()) for code in match["codes"].split(",")}
    return found


@pytest.fixture(scope="module")
def pass_run() -> tuple[Errors, str]:
    """mypy's errors on every pass file (one run)."""
    return _mypy(PASS_FILES)


@pytest.fixture(scope="module")
def fail_run() -> tuple[Errors, str]:
    """mypy's errors on every fail file (one run)."""
    return _mypy(FAIL_FILES)


class TestTypingFiles:
    """The typing scripts exist where the tests look for them."""

    def test_there_are_pass_and_fail_files(self) -> None:
        """Both kinds of script are present: two analyst scripts, five kinds of misuse."""
        assert [path.name for path in PASS_FILES] == ["pass_cohort.py", "pass_measures.py"]
        assert [path.name for path in FAIL_FILES] == [
            "constructors.py",
            "documents.py",
            "frozen.py",
            "pages.py",
            "units.py",
        ]

    @pytest.mark.parametrize("path", FAIL_FILES, ids=[path.stem for path in FAIL_FILES])
    def test_every_fail_file_marks_its_errors(self, path: Path) -> None:
        """A fail file without `# expect:` marks would test nothing."""
        assert _expected(path)


class TestPassFiles:
    """Analyst-style scripts type-check cleanly and run."""

    @pytest.mark.parametrize("path", PASS_FILES, ids=[path.stem for path in PASS_FILES])
    def test_type_checks_without_errors(self, pass_run: tuple[Errors, str], path: Path) -> None:
        """mypy --strict reports no error in the script."""
        errors, output = pass_run
        assert errors[_relative(path)] == set(), output

    @pytest.mark.parametrize("path", PASS_FILES, ids=[path.stem for path in PASS_FILES])
    def test_runs(self, path: Path) -> None:
        """The script runs as __main__ without error (its assertions hold)."""
        runpy.run_path(str(path), run_name="__main__")


class TestFailFiles:
    """Misuse is rejected exactly where marked."""

    @pytest.mark.parametrize("path", FAIL_FILES, ids=[path.stem for path in FAIL_FILES])
    def test_exactly_the_marked_lines_error(self, fail_run: tuple[Errors, str], path: Path) -> None:
        """The (line, code) pairs mypy reports equal the `# expect:` marks."""
        errors, output = fail_run
        actual, expected = errors[_relative(path)], _expected(path)
        mine = [line for line in output.splitlines() if line.startswith(_relative(path))]
        assert actual == expected, (
            f"errors not marked: {sorted(actual - expected)}; "
            f"marked but not reported: {sorted(expected - actual)}\n" + "\n".join(mine)
        )

    def test_no_error_outside_the_fail_files(self, fail_run: tuple[Errors, str]) -> None:
        """Checking the fail files reports nothing in any other file."""
        errors, output = fail_run
        assert set(errors) == {_relative(path) for path in FAIL_FILES}, output
