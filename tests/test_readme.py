"""The README's examples run as tests, so they cannot go stale."""

from __future__ import annotations

import doctest
import io
import re
import shlex
from datetime import date
from pathlib import Path

import pytest

from allmodel.cli import main
from tests.modules import import_file

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TOUR = import_file("run_readme_tour", ROOT / "scripts" / "run_readme_tour.py")
_CONSOLE = re.compile(r"```console\n(.*?)```", re.DOTALL)


def _console_blocks() -> list[tuple[str, str]]:
    blocks = []
    for body in _CONSOLE.findall(README.read_text(encoding="utf-8")):
        command, _, expected = body.partition("\n")
        blocks.append((command, expected))
    return blocks


class TestReadme:
    """Every example in README.md."""

    def test_python_examples(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every >>> example gives the output the README shows, run (as `make wheel-test`
        runs it) from a directory outside the repository."""
        monkeypatch.chdir(tmp_path)
        failures, tried = TOUR.run_tour(README)
        assert tried > TOUR.MINIMUM_EXAMPLES
        assert failures == 0

    def test_the_tour_script_fails_on_a_wrong_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """scripts/run_readme_tour.py exits 1 when an example's output differs."""
        wrong = tmp_path / "README.md"
        wrong.write_text(
            README.read_text(encoding="utf-8").replace("30.5", "30.6", 1), encoding="utf-8"
        )
        assert TOUR.main([str(wrong)]) == 1
        assert "1 failed" in capsys.readouterr().out

    def test_there_are_console_examples(self) -> None:
        """The README shows the command line at work."""
        assert _console_blocks()

    @pytest.mark.parametrize(("command", "expected"), _console_blocks())
    def test_console_examples(
        self, command: str, expected: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each shown command prints what the README shows (... matches anything)."""
        monkeypatch.chdir(ROOT)
        words = shlex.split(command.removeprefix("$ "))
        assert words[0] == "allmodel"
        out, err = io.StringIO(), io.StringIO()
        code = main(words[1:], stdout=out, stderr=err, today=lambda: date(2022, 12, 31))
        assert code == 0, err.getvalue()
        checker = doctest.OutputChecker()
        assert checker.check_output(expected, out.getvalue(), doctest.ELLIPSIS), out.getvalue()
