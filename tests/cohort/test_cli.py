"""``allmodel cohort facts`` and ``allmodel cohort run``."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from allmodel.cli import main
from allmodel.cohort import document_hash, fact_table, run_duckdb
from allmodel.examples import patient_document, patient_names, patients

AS_OF = date(2022, 12, 31)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, today=lambda: AS_OF)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The example patients as JSON files."""
    where = tmp_path / "patients"
    where.mkdir()
    for name in patient_names():
        (where / f"{name}.json").write_bytes(patient_document(name))
    return where


class TestFacts:
    """Patients to a Parquet fact table."""

    def test_writes_the_fact_table(self, folder: Path, tmp_path: Path) -> None:
        """The file is fact_table() of the patients, keyed by file name, each row hashed
        as its file's document (not as the patient dumped again)."""
        output = tmp_path / "facts.parquet"
        code, _, err = _run(
            "cohort", "facts", str(folder), "-o", str(output), "--as-of", "2022-12-31"
        )
        assert code == 0
        assert f"{len(patient_names())} derived" in err
        expected = fact_table(sorted(patients().items()), as_of=AS_OF)
        found = pq.read_table(output)
        hashes = [document_hash(json.loads(patient_document(name))) for name in sorted(patients())]
        assert found.column("document_hash").to_pylist() == hashes
        others = [name for name in found.column_names if name != "document_hash"]
        assert found.select(others).equals(expected.select(others))
        assert found.schema.equals(expected.schema, check_metadata=True)

    def test_incremental_and_today(self, folder: Path, tmp_path: Path) -> None:
        """Without --as-of today's date is used and said; --incremental reuses rows."""
        output = tmp_path / "facts.parquet"
        code, _, err = _run("cohort", "facts", str(folder), "-o", str(output))
        assert code == 0
        assert "using today's date, 2022-12-31" in err
        code, _, err = _run(
            "cohort", "facts", str(folder), "-o", str(output), "--incremental", "--jobs", "1"
        )
        assert code == 0
        assert f"0 derived, {len(patient_names())} unchanged" in err

    def test_a_bad_document_is_reported_and_left_out(self, folder: Path, tmp_path: Path) -> None:
        """Exit 1, its problem on stderr, the other patients written."""
        (folder / "broken.json").write_text('{"sex": "x"}', encoding="utf-8")
        output = tmp_path / "facts.parquet"
        code, _, err = _run(
            "cohort", "facts", str(folder), "-o", str(output), "--as-of", "2022-12-31"
        )
        assert code == 1
        assert "broken.json" in err
        assert pq.read_table(output).num_rows == len(patient_names())

    def test_a_patient_born_after_as_of_is_reported_and_left_out(
        self, folder: Path, tmp_path: Path
    ) -> None:
        """One patient without facts on --as-of does not stop the others: exit 1, its
        problem on stderr with the file named."""
        (folder / "unborn.json").write_text('{"date_of_birth": "2023-01-15"}', encoding="utf-8")
        output = tmp_path / "facts.parquet"
        code, _, err = _run(
            "cohort", "facts", str(folder), "-o", str(output), "--as-of", "2022-12-31"
        )
        assert code == 1
        assert f"{folder / 'unborn.json'}:$.date_of_birth: is after as_of" in err
        assert pq.read_table(output).num_rows == len(patient_names())

    def test_usage(self) -> None:
        """A subcommand is required; jobs must be positive."""
        assert _run("cohort")[0] == 2
        assert _run("cohort", "facts", "x", "-o", "y", "--jobs", "0")[0] == 2


class TestRun:
    """A fact table to a status table."""

    @pytest.fixture
    def facts(self, tmp_path: Path) -> Path:
        """The example patients' fact table."""
        path = tmp_path / "facts.parquet"
        pq.write_table(fact_table(sorted(patients().items()), as_of=AS_OF), path)
        return path

    def test_parquet(self, facts: Path, tmp_path: Path) -> None:
        """The file is run_duckdb's table."""
        output = tmp_path / "statuses.parquet"
        code, _, _ = _run("cohort", "run", str(facts), "-o", str(output), "--jurisdiction", "EU")
        assert code == 0
        assert pq.read_table(output).equals(run_duckdb(facts, jurisdiction="EU"))

    def test_csv_on_stdout_with_options_and_a_local_trial(
        self, facts: Path, tmp_path: Path
    ) -> None:
        """Chosen options, the local trial after them, as CSV."""
        from allmodel.criteria import dump_option
        from allmodel.examples import LOCAL_TRIAL_NAME, local_trial

        trial = tmp_path / f"{LOCAL_TRIAL_NAME}.json"
        dump_option(local_trial(), trial)
        code, out, _ = _run(
            "cohort", "run", str(facts), "-o", "-", "--option", "tower", "--local-trial", str(trial)
        )
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == len(patient_names())
        assert {"key", "as_of", "tower", local_trial().id} <= set(rows[0])

    def test_csv_file(self, facts: Path, tmp_path: Path) -> None:
        """A .csv output is CSV."""
        output = tmp_path / "statuses.csv"
        assert _run("cohort", "run", str(facts), "-o", str(output), "--threads", "1")[0] == 0
        assert output.read_text(encoding="utf-8").startswith('"key","as_of"')

    def test_problems(self, facts: Path, tmp_path: Path) -> None:
        """An unknown option, a missing file, a bad local trial: exit 1 with a message."""
        code, _, err = _run("cohort", "run", str(facts), "-o", "-", "--option", "nope")
        assert (code, "nope" in err) == (1, True)
        code, _, err = _run("cohort", "run", str(tmp_path / "none.parquet"), "-o", "-")
        assert (code, "no such file" in err) == (1, True)
        bad = tmp_path / "bad.json"
        bad.write_text("{}", encoding="utf-8")
        code, _, err = _run("cohort", "run", str(facts), "-o", "-", "--local-trial", str(bad))
        assert (code, "bad.json" in err) == (1, True)
