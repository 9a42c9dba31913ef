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

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_CONSOLE = re.compile(r"```console\n(.*?)```", re.DOTALL)


def _console_blocks() -> list[tuple[str, str]]:
    blocks = []
    for body in _CONSOLE.findall(README.read_text(encoding="utf-8")):
        command, _, expected = body.partition("\n")
        blocks.append((command, expected))
    return blocks


class TestReadme:
    """Every example in README.md."""

    def test_python_examples(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every >>> example gives the output the README shows."""
        monkeypatch.chdir(ROOT)
        failures, tried = doctest.testfile(
            str(README),
            module_relative=False,
            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
            verbose=False,
        )
        assert tried > 10
        assert failures == 0

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
