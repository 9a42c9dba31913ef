"""``allmodel validate`` and ``allmodel schema``: the patient document as the command reads it."""

from __future__ import annotations

import json
from pathlib import Path

import allmodel
from allmodel.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from tests.cli.running import (
    PATIENT_PATHS,
    PATIENTS,
    PH_NEG,
    cli,
    load,
    module_run,
    no_traceback,
    problem_lines,
    script_run,
    write,
)


class TestValidate:
    """allmodel validate."""

    def test_valid_files(self) -> None:
        """Every bundled example is valid: one 'valid' line each, exit 0."""
        result = cli("validate", PATIENTS)
        assert result.code == EXIT_OK
        assert result.err == ""
        assert result.out.splitlines() == [f"{path}: valid" for path in PATIENT_PATHS]

    def test_invalid_file(self, bad_units: Path) -> None:
        """An invalid file: exit 1 and one stderr line per problem."""
        result = cli("validate", bad_units)
        assert result.code == EXIT_INVALID
        assert result.out == ""
        assert len(problem_lines(result.err, bad_units)) == 2

    def test_mixed(self, bad_units: Path) -> None:
        """A valid and an invalid file: the valid one is listed, exit 1."""
        result = cli("validate", PH_NEG, bad_units)
        assert result.code == EXIT_INVALID
        assert result.out.splitlines() == [f"{PH_NEG}: valid"]

    def test_every_problem_is_listed(self, tmp_path: Path) -> None:
        """Several problems in different places are all listed, each with its JSON path."""
        document = load(PH_NEG)
        document["ecog"] = 7
        document["disease"]["lineage"] = "x_lineage"
        document["course"]["relapses"][0]["date"] = "2022-02-30"
        path = write(tmp_path / "several.json", document)
        result = cli("validate", path)
        assert result.code == EXIT_INVALID
        paths = {line.split(": ")[1] for line in problem_lines(result.err, path)}
        assert paths == {"$.ecog", "$.disease.lineage", "$.course.relapses[0].date"}

    def test_nothing_found_is_a_usage_error(self, tmp_path: Path) -> None:
        """A glob matching nothing is a usage error, not a silent success."""
        assert cli("validate", tmp_path / "*.json").code == EXIT_USAGE

    def test_json_lines_on_stdin_beside_a_file(self) -> None:
        """``-``: JSON Lines on stdin, each line named ``stdin:N``, in argument order."""
        line = json.dumps(load(PH_NEG)).encode()
        data = line + b"\n\n" + b'{"sex": "robot"}\n' + line + b"\n"
        result = cli("validate", PH_NEG, "-", stdin=data)
        assert result.code == EXIT_INVALID
        assert result.out.splitlines() == [f"{PH_NEG}: valid", "stdin:1: valid", "stdin:4: valid"]
        sex = "stdin:3: $.sex: 'robot' is not one of: female, male, other"
        assert result.err.splitlines() == [sex]

    def test_a_json_lines_file(self, tmp_path: Path) -> None:
        """A .jsonl file: each line validated and named path:LINE."""
        path = tmp_path / "cohort.jsonl"
        path.write_bytes(json.dumps(load(PH_NEG)).encode() + b'\n{"sex": "robot"}\n')
        result = cli("validate", path)
        assert result.code == EXIT_INVALID
        assert result.out.splitlines() == [f"{path}:1: valid"]
        assert result.err.startswith(f"{path}:2: $.sex: ")

    def test_one_document_on_stdin(self) -> None:
        result = cli("validate", "-", stdin=PH_NEG.read_bytes())
        assert (result.code, result.out) == (EXIT_OK, "stdin:1: valid\n")

    def test_stdin_twice_or_empty_is_a_usage_error(self) -> None:
        assert cli("validate", "-", "-", stdin=PH_NEG.read_bytes()).code == EXIT_USAGE
        empty = cli("validate", "-", stdin=b"\n")
        assert empty.code == EXIT_USAGE
        assert "no patient document on stdin" in empty.err

    def test_subprocess(self, bad_units: Path) -> None:
        """python -m allmodel validate: exit codes 0 and 1."""
        assert module_run("validate", PH_NEG).returncode == EXIT_OK
        done = module_run("validate", bad_units)
        assert done.returncode == EXIT_INVALID
        no_traceback(done.stderr)


class TestSchema:
    """allmodel schema."""

    def test_is_the_patient_schema(self) -> None:
        """The output is valid JSON equal to allmodel.patient_json_schema()."""
        result = cli("schema")
        assert result.code == EXIT_OK
        assert json.loads(result.out) == json.loads(json.dumps(allmodel.patient_json_schema()))

    def test_subprocess(self) -> None:
        """The console script prints the same schema."""
        done = script_run("schema")
        assert done.returncode == EXIT_OK
        assert json.loads(done.stdout) == json.loads(json.dumps(allmodel.patient_json_schema()))
