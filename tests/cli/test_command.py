"""``allmodel`` itself: --version, --help, usage errors, and exit codes on bad input (a bad
file never stops the others; a bug has its own exit code), in process and as a real
subprocess (``python -m allmodel`` and the installed console script)."""

from __future__ import annotations

from pathlib import Path

import pytest

from allmodel.cli import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from tests.cli.running import (
    AS_OF,
    PH_NEG,
    SUBCOMMANDS,
    T_ALL,
    VERSION_LINE,
    cli,
    module_run,
    no_traceback,
    problem_lines,
    reports,
    script_run,
    write,
)


class TestBadInput:
    """Regression (fuzzing): a bad file never stops the others; a bug has its own exit code."""

    @pytest.fixture
    def deep(self, tmp_path: Path) -> Path:
        """A 10 KB file of 5,000 opening brackets."""
        path = tmp_path / "deep.json"
        path.write_text("[" * 5000 + " " * 5000, encoding="utf-8")
        return path

    def test_a_deep_file_does_not_stop_the_others(self, deep: Path) -> None:
        """screen: the deep file is one problem line, the next file is still screened."""
        result = cli("screen", deep, PH_NEG, "--as-of", AS_OF, "--format", "json")
        assert result.code == EXIT_INVALID
        assert [doc["patient"] for doc in reports(result.out)] == [PH_NEG.stem]
        (line,) = problem_lines(result.err, deep)
        assert line.startswith(f"{deep}: $: nested deeper than 64 levels")
        no_traceback(result.err)

    def test_validate_reports_the_file_after_a_deep_one(self, deep: Path) -> None:
        """validate: the deep file is refused and the next one is reported valid."""
        result = cli("validate", deep, PH_NEG)
        assert result.code == EXIT_INVALID
        assert result.out.splitlines() == [f"{PH_NEG}: valid"]
        assert len(problem_lines(result.err, deep)) == 1

    def test_subprocess_deep_file(self, deep: Path) -> None:
        """A real run on a deep file: exit 1, one line, no traceback."""
        done = module_run("validate", deep, PH_NEG)
        assert done.returncode == EXIT_INVALID
        assert len(problem_lines(done.stderr, deep)) == 1
        no_traceback(done.stderr)

    def test_a_problem_is_printed_on_one_line(self, tmp_path: Path) -> None:
        """Keys holding line breaks are escaped in the path: one line per problem."""
        path = write(tmp_path / "keys.json", {"a\nb": 1, "c\u2028d": 2})
        result = cli("validate", path)
        assert result.code == EXIT_INVALID
        assert result.err.splitlines() == [
            f'{path}: $["a\\nb"]: unknown key',
            f'{path}: $["c\\u2028d"]: unknown key',
        ]

    def test_internal_error_has_its_own_exit_code(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bug while screening: exit 70, one short line per file, no message, no traceback."""

        def boom(*args: object, **kwargs: object) -> None:
            raise KeyError("MRN-SECRET-42")

        monkeypatch.setattr("allmodel.cli._screen.screen", boom)
        result = cli("screen", PH_NEG, T_ALL, "--as-of", AS_OF)
        assert EXIT_INTERNAL == 70
        assert result.code == EXIT_INTERNAL
        lines = result.err.splitlines()
        assert [line.split(": ")[0] for line in lines] == [str(PH_NEG), str(T_ALL)]
        for line in lines:
            assert ": internal error: KeyError in test_command.py:" in line
            assert line.endswith("(boom); this is a bug in allmodel, please report it")
        assert "MRN-SECRET-42" not in result.err
        no_traceback(result.err)

    def test_internal_error_outranks_invalid_input(
        self, bad_units: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An invalid file and a bug in one run: both reported, exit 70."""

        def boom(*args: object, **kwargs: object) -> None:
            raise ZeroDivisionError

        monkeypatch.setattr("allmodel.cli._screen.screen", boom)
        result = cli("screen", bad_units, PH_NEG, "--as-of", AS_OF)
        assert result.code == EXIT_INTERNAL
        *problems, internal = result.err.splitlines()
        assert len(problem_lines("\n".join(problems), bad_units)) == 2
        assert internal.startswith(f"{PH_NEG}: internal error: ZeroDivisionError")

    def test_internal_error_in_validate(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """validate: a bug on one file is reported and the other files are still checked."""
        calls: list[Path] = []

        def flaky(path: Path, **kwargs: object) -> object:
            calls.append(path)
            raise TypeError("unexpected")

        monkeypatch.setattr("allmodel.cli._common.load_patient", flaky)
        result = cli("validate", PH_NEG, T_ALL)
        assert result.code == EXIT_INTERNAL
        assert calls == [PH_NEG, T_ALL]
        assert len(result.err.splitlines()) == 2
        no_traceback(result.err)

    def test_internal_error_outside_a_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bug in a command without files: exit 70 and one line from allmodel."""

        def boom() -> None:
            raise RuntimeError("oops")

        monkeypatch.setattr("allmodel.cli._commands.patient_json_schema", boom)
        result = cli("schema")
        assert result.code == EXIT_INTERNAL
        (line,) = result.err.splitlines()
        assert line.startswith("allmodel: internal error: RuntimeError in test_command.py:")
        assert "oops" not in line

    def test_help_lists_the_exit_codes(self) -> None:
        """--help ends with the exit codes, 70 included."""
        out = " ".join(cli("--help").out.split())
        assert "exit codes: 0 success; 1 invalid input" in out
        assert "70 internal error" in out


class TestTopLevel:
    """allmodel itself: --version, --help and usage errors."""

    def test_version(self) -> None:
        """--version prints the version to the given stdout and exits 0."""
        result = cli("--version")
        assert result.code == EXIT_OK
        assert result.out == VERSION_LINE + "\n"

    def test_help(self) -> None:
        """--help lists every subcommand and exits 0."""
        result = cli("--help")
        assert result.code == EXIT_OK
        for name in SUBCOMMANDS:
            assert name in result.out

    @pytest.mark.parametrize("name", SUBCOMMANDS)
    def test_subcommand_help(self, name: str) -> None:
        """Each subcommand's --help exits 0 with a usage line."""
        result = cli(name, "--help")
        assert result.code == EXIT_OK
        assert result.out.startswith(f"usage: allmodel {name}")

    def test_no_subcommand(self) -> None:
        """No subcommand is a usage error listing the subcommands."""
        result = cli()
        assert result.code == EXIT_USAGE
        assert result.out == ""
        assert result.err.startswith("allmodel: error: ")
        usage = result.err.splitlines()[-1]
        assert usage.startswith("usage: allmodel {")
        assert sorted(usage.split("{")[1].split("}")[0].split(",")) == sorted(SUBCOMMANDS)

    def test_unknown_subcommand(self) -> None:
        """An unknown subcommand is a usage error."""
        assert cli("diagnose").code == EXIT_USAGE

    def test_subprocess_version_and_help(self) -> None:
        """Real runs of --version and --help exit 0."""
        version = module_run("--version")
        assert version.returncode == EXIT_OK
        assert version.stdout == VERSION_LINE + "\n"
        assert script_run("--help").returncode == EXIT_OK

    def test_subprocess_usage_error(self) -> None:
        """A real run without a subcommand exits 2 without a traceback."""
        done = script_run()
        assert done.returncode == EXIT_USAGE
        no_traceback(done.stderr)
