"""``allmodel cohort attrition`` and ``allmodel cohort completeness``."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from allmodel.cli import main
from allmodel.cohort import attrition, completeness, fact_table, run_duckdb
from allmodel.cohort._cli_counts import ATTRITION_FORMAT, COMPLETENESS_FORMAT
from allmodel.errors import RuleError
from allmodel.examples import LOCAL_TRIAL_NAME, local_trial
from allmodel.synthetic import synthetic_cohort

AS_OF = date(2022, 12, 31)
TRIAL_FILE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "allmodel"
    / "examples"
    / "local_trials"
    / f"{LOCAL_TRIAL_NAME}.json"
)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, today=lambda: AS_OF)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A synthetic cohort's fact table and its status table (with the local trial)."""
    where = tmp_path_factory.mktemp("counts")
    cohort = [(f"s{index}", patient) for index, patient in enumerate(synthetic_cohort(200))]
    facts = fact_table(cohort, as_of=AS_OF)
    pq.write_table(facts, where / "facts.parquet")
    statuses = run_duckdb(facts, options=[*_ids(), local_trial()])
    pq.write_table(statuses, where / "statuses.parquet")
    return where / "facts.parquet", where / "statuses.parquet"


def _ids() -> list[str]:
    from allmodel.catalogue import default_ruleset

    return list(default_ruleset().ids)


class TestAttrition:
    def test_text_lists_each_rule_in_order(self, tables: tuple[Path, Path]) -> None:
        """A heading per option, then one line per top-level rule, in order."""
        _, statuses = tables
        code, out, err = _run("cohort", "attrition", str(statuses), "--option", "blinatumomab")
        assert (code, err) == (0, "")
        expected = attrition(pq.read_table(statuses), "blinatumomab")
        lines = out.splitlines()
        assert lines[0].startswith("blinatumomab: Blinatumomab")
        assert lines[1] == (
            f"200 patients: {expected.eligible} eligible, {expected.not_eligible} not eligible,"
            f" {expected.unknown} unknown"
        )
        assert [line.split()[0] for line in lines[3:]] == [step.rule for step in expected.steps]
        last = expected.steps[-1]
        columns = ("passed", "failed", "unknown", "remaining", "undecided", "excluded")
        assert lines[-1].split()[1:] == [
            *(str(getattr(last, name)) for name in columns),
            str(last.newly_excluded),
        ]

    def test_csv_is_the_records_of_every_option_asked(self, tables: tuple[Path, Path]) -> None:
        """Two options, a local trial among them, one CSV."""
        _, statuses = tables
        code, out, _ = _run(
            "cohort",
            "attrition",
            str(statuses),
            "--option",
            "tisagenlecleucel",
            "--option",
            LOCAL_TRIAL_NAME,
            "--local-trial",
            str(TRIAL_FILE),
            "--format",
            "csv",
        )
        assert code == 0
        table = pq.read_table(statuses)
        expected = [
            {key: str(value) for key, value in row.items()}
            for option in ("tisagenlecleucel", local_trial())
            for row in attrition(table, option).to_records()
        ]
        assert list(csv.DictReader(io.StringIO(out))) == expected

    def test_json(self, tables: tuple[Path, Path]) -> None:
        """The format id, the option's counts and its steps."""
        _, statuses = tables
        code, out, _ = _run(
            "cohort", "attrition", str(statuses), "--option", "zuma_3", "--format", "json"
        )
        assert code == 0
        document = json.loads(out)
        expected = attrition(pq.read_table(statuses), "zuma_3")
        assert document["format"] == ATTRITION_FORMAT
        (only,) = document["options"]
        assert (only["option"], only["patients"], only["unknown"]) == (
            "zuma_3",
            200,
            expected.unknown,
        )
        assert [step["rule"] for step in only["steps"]] == [step.rule for step in expected.steps]

    def test_problems_are_one_line_each_and_exit_1(
        self, tables: tuple[Path, Path], tmp_path: Path
    ) -> None:
        """An unknown option, a missing file, a file that is not Parquet, a bad trial."""
        _, statuses = tables
        code, _, err = _run("cohort", "attrition", str(statuses), "--option", "no_such")
        assert code == 1
        assert "no option 'no_such'" in err
        assert len(err.splitlines()) == 1
        code, _, err = _run("cohort", "attrition", str(tmp_path / "gone.parquet"), "--option", "x")
        assert (code, err.strip()) == (1, f"{tmp_path / 'gone.parquet'}: no such file")
        text = tmp_path / "text.parquet"
        text.write_text("not parquet")
        code, _, err = _run("cohort", "attrition", str(text), "--option", "blinatumomab")
        assert code == 1
        assert err.startswith(f"{text}: not a Parquet table")
        trial = tmp_path / "trial.json"
        trial.write_text("{}")
        code, _, err = _run(
            "cohort", "attrition", str(statuses), "--option", "x", "--local-trial", str(trial)
        )
        assert code == 1
        assert err.startswith(f"{trial}: ")

    def test_a_local_trial_not_named_is_not_found(self, tables: tuple[Path, Path]) -> None:
        """The statuses hold the trial's columns, but its rules need its definition."""
        _, statuses = tables
        code, _, err = _run("cohort", "attrition", str(statuses), "--option", LOCAL_TRIAL_NAME)
        assert code == 1
        assert LOCAL_TRIAL_NAME in err

    def test_option_is_required(self, tables: tuple[Path, Path]) -> None:
        """A usage error, exit 2."""
        code, _, _ = _run("cohort", "attrition", str(tables[1]))
        assert code == 2


class TestCompleteness:
    def test_text_ranks_the_facts(self, tables: tuple[Path, Path]) -> None:
        """The summary line, then the facts in completeness()'s order."""
        facts, statuses = tables
        code, out, err = _run("cohort", "completeness", str(facts), str(statuses), "--top", "3")
        assert (code, err) == (0, "")
        expected = completeness(pq.read_table(facts), pq.read_table(statuses))
        lines = out.splitlines()
        assert lines[0].startswith(
            f"{expected.undecided} undecided results of {expected.results} (37 options)"
        )
        assert [line.split()[0] for line in lines[2:]] == [item.fact for item in expected.facts[:3]]

    def test_local_trials_join_the_default_options(self, tables: tuple[Path, Path]) -> None:
        """With --local-trial and no --option: every ruleset option and the trial."""
        facts, statuses = tables
        code, out, _ = _run(
            "cohort",
            "completeness",
            str(facts),
            str(statuses),
            "--local-trial",
            str(TRIAL_FILE),
            "--format",
            "json",
        )
        assert code == 0
        document = json.loads(out)
        expected = completeness(
            pq.read_table(facts), pq.read_table(statuses), options=[*_ids(), local_trial()]
        )
        assert document["format"] == COMPLETENESS_FORMAT
        assert document["options"][-1] == LOCAL_TRIAL_NAME
        assert document["undecided"] == expected.undecided
        assert [row["fact"] for row in document["facts"]] == [item.fact for item in expected.facts]
        assert document["facts"][0]["sources"] == list(expected.facts[0].sources)

    def test_csv_for_one_option(self, tables: tuple[Path, Path]) -> None:
        """One option's facts as CSV rows."""
        facts, statuses = tables
        code, out, _ = _run(
            "cohort",
            "completeness",
            str(facts),
            str(statuses),
            "--option",
            "blinatumomab",
            "--format",
            "csv",
        )
        assert code == 0
        expected = completeness(
            pq.read_table(facts), pq.read_table(statuses), options=["blinatumomab"]
        )
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(row["fact"], int(row["decides"])) for row in rows] == [
            (item.fact, item.decides) for item in expected.facts
        ]

    def test_the_jurisdiction_is_the_status_tables(
        self, tables: tuple[Path, Path], tmp_path: Path
    ) -> None:
        """A status table computed for EU is read for EU (its metadata says so)."""
        facts, _ = tables
        other = tmp_path / "eu.parquet"
        pq.write_table(run_duckdb(pq.read_table(facts), jurisdiction="EU"), other)
        code, out, _ = _run("cohort", "completeness", str(facts), str(other), "--format", "json")
        assert code == 0
        expected = completeness(pq.read_table(facts), pq.read_table(other), jurisdiction="EU")
        assert json.loads(out)["undecided"] == expected.undecided
        with pytest.raises(RuleError, match="computed for EU, not US"):
            completeness(pq.read_table(facts), pq.read_table(other), jurisdiction="US")

    def test_top_must_be_positive(self, tables: tuple[Path, Path]) -> None:
        """A usage error, exit 2."""
        facts, statuses = tables
        code, _, _ = _run("cohort", "completeness", str(facts), str(statuses), "--top", "0")
        assert code == 2
