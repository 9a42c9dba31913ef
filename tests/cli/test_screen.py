"""``allmodel screen``: files and folders, formats, jurisdictions, option selections, local
trials, and errors that stop one file but not the others.

Statuses of the catalogue's options may still change while therapies and trials are
being completed, so the tests check the structure of the output, and exact statuses only
for criteria that are stable: the bundled local trial (its criteria are in the JSON file)
and lineage, which no option can ignore.
"""

from __future__ import annotations

from pathlib import Path

import allmodel
from allmodel.catalogue import default_ruleset
from allmodel.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from allmodel.examples import patient_names
from tests.cli.running import (
    AS_OF,
    LOCAL_ID,
    LOCAL_TRIAL,
    PATIENT_PATHS,
    PATIENTS,
    PH_NEG,
    RECORD_COLUMNS,
    STATUSES,
    T_ALL,
    TODAY,
    cli,
    load,
    module_run,
    no_traceback,
    problem_lines,
    reports,
    rows,
    script_run,
    write,
)


class TestScreen:
    """allmodel screen."""

    def test_a_file(self) -> None:
        """One file: exit 0, the shared header, the patient's summary."""
        result = cli("screen", PH_NEG, "--as-of", AS_OF)
        assert result.code == EXIT_OK
        assert result.err == ""
        lines = result.out.splitlines()
        assert lines[0].startswith(f"allmodel {allmodel.__version__} | ruleset ")
        assert f"as of {AS_OF}" in lines[0]
        assert "US labels" in lines[0]
        assert lines[1] == "ph_negative_first_relapse"
        assert any(line.startswith("  eligible (") for line in lines)

    def test_a_folder(self) -> None:
        """A folder: every JSON document in it, in name order."""
        result = cli("screen", PATIENTS, "--as-of", AS_OF, "--format", "json")
        assert result.code == EXIT_OK
        assert [doc["patient"] for doc in reports(result.out)] == [p.stem for p in PATIENT_PATHS]

    def test_a_glob(self) -> None:
        """A glob pattern: the matching documents only."""
        result = cli("screen", PATIENTS / "ph_*.json", "--as-of", AS_OF, "--format", "json")
        assert result.code == EXIT_OK
        assert [doc["patient"] for doc in reports(result.out)] == [
            "ph_negative_first_relapse",
            "ph_positive_no_mutation_data",
            "ph_positive_t315i",
        ]

    def test_examples_are_the_bundled_folder(self) -> None:
        """--examples prints exactly what screening the bundled folder prints."""
        for form in ("text", "json", "csv"):
            bundled = cli("screen", "--examples", "--as-of", AS_OF, "--format", form)
            folder = cli("screen", PATIENTS, "--as-of", AS_OF, "--format", form)
            assert bundled.code == EXIT_OK
            assert bundled.err == ""
            assert bundled.out == folder.out

    def test_examples_name_every_example(self) -> None:
        """--examples screens all fourteen bundled patients, by name, in name order."""
        result = cli("screen", "--examples", "--as-of", AS_OF, "--format", "json")
        names = [doc["patient"] for doc in reports(result.out)]
        assert names == list(patient_names())
        assert len(names) == len(PATIENT_PATHS) == 14

    def test_examples_with_options_and_a_local_trial(self) -> None:
        """--examples combines with --option and --local-trial."""
        result = cli(
            "screen", "--examples", "--as-of", AS_OF, "--format", "json",
            "--option", "blinatumomab", "--local-trial", LOCAL_TRIAL,
        )  # fmt: skip
        assert result.code == EXIT_OK
        for document in reports(result.out):
            assert [r["id"] for r in document["results"]] == ["blinatumomab", LOCAL_ID]

    def test_examples_and_files_together_are_a_usage_error(self) -> None:
        """Files and --examples together: a usage error that says so, exit 2."""
        result = cli("screen", "--examples", PH_NEG, "--as-of", AS_OF)
        assert result.code == EXIT_USAGE
        assert "not both" in result.err
        assert result.out == ""

    def test_no_patients_is_a_usage_error(self) -> None:
        """Neither files nor --examples: a usage error naming both ways, exit 2."""
        result = cli("screen", "--as-of", AS_OF)
        assert result.code == EXIT_USAGE
        assert "--examples" in result.err
        assert result.out == ""

    def test_examples_in_a_subprocess(self) -> None:
        """`python -m allmodel screen --examples` as a real process reads the examples
        from the package."""
        result = module_run("screen", "--examples", "--as-of", AS_OF)
        assert result.returncode == EXIT_OK, result.stderr
        assert "young_adult_second_relapse" in result.stdout.splitlines()

    def test_several_arguments(self) -> None:
        """Several files are screened in the order given."""
        result = cli("screen", T_ALL, PH_NEG, "--as-of", AS_OF, "--format", "json")
        assert [doc["patient"] for doc in reports(result.out)] == [T_ALL.stem, PH_NEG.stem]

    def test_text_summary_names_every_patient(self) -> None:
        """Text: the header once, then one summary block per patient."""
        result = cli("screen", PATIENTS, "--as-of", AS_OF)
        assert result.code == EXIT_OK
        lines = result.out.splitlines()
        assert sum(line.startswith("allmodel ") for line in lines) == 1
        assert [p.stem for p in PATIENT_PATHS] == [
            line for line in lines if line and not line.startswith((" ", "allmodel "))
        ]
        assert sum(line.startswith("  not eligible: ") for line in lines) == len(PATIENT_PATHS)

    def test_json_is_one_report_per_patient(self) -> None:
        """JSON: a list of allmodel.report/2 documents with the patient key and every option."""
        result = cli("screen", PATIENTS, "--as-of", AS_OF, "--format", "json")
        documents = reports(result.out)
        assert len(documents) == len(PATIENT_PATHS)
        ids = list(default_ruleset().ids)
        for document in documents:
            assert document["format"] == "allmodel.report/2"
            assert document["as_of"] == AS_OF
            assert document["jurisdiction"] == "US"
            assert document["library_version"] == allmodel.__version__
            assert document["ruleset"]["name"] == default_ruleset().name
            assert [r["id"] for r in document["results"]] == ids
            assert {r["status"] for r in document["results"]} <= STATUSES
            assert all("evidence" not in r for r in document["results"])

    def test_json_matches_the_library(self) -> None:
        """JSON: each report is the library's Report.to_dict plus the patient key."""
        result = cli("screen", PH_NEG, "--as-of", AS_OF, "--format", "json")
        report = allmodel.screen(allmodel.load_patient(PH_NEG), as_of=TODAY)
        assert reports(result.out) == [{"patient": PH_NEG.stem, **report.to_dict()}]

    def test_csv_is_one_row_per_patient_and_option(self) -> None:
        """CSV: a header, then one row per patient and option with a valid status."""
        result = cli("screen", PATIENTS, "--as-of", AS_OF, "--format", "csv")
        assert result.code == EXIT_OK
        assert result.out.splitlines()[0] == ",".join(RECORD_COLUMNS)
        table = rows(result.out)
        ids = default_ruleset().ids
        assert len(table) == len(PATIENT_PATHS) * len(ids)
        pairs = {(row["patient"], row["option_id"]) for row in table}
        assert pairs == {(p.stem, option_id) for p in PATIENT_PATHS for option_id in ids}
        assert {row["status"] for row in table} <= STATUSES
        assert {row["as_of"] for row in table} == {AS_OF}
        assert {row["jurisdiction"] for row in table} == {"US"}

    def test_markdown_has_a_table_per_patient(self) -> None:
        """Markdown: a heading and a table per patient, one table row per option."""
        result = cli("screen", PH_NEG, T_ALL, "--as-of", AS_OF, "--format", "markdown")
        assert result.code == EXIT_OK
        assert "### ph_negative_first_relapse" in result.out
        assert "### t_all_relapse" in result.out
        assert result.out.count("| option | kind | status | reason |") == 2
        for option_id in default_ruleset().ids:
            assert result.out.count(f"| `{option_id}` |") == 2

    def test_jurisdiction_eu(self) -> None:
        """--jurisdiction EU is recorded in every report and in the text header."""
        result = cli("screen", PH_NEG, "--as-of", AS_OF, "--jurisdiction", "EU", "--format", "json")
        assert result.code == EXIT_OK
        assert [doc["jurisdiction"] for doc in reports(result.out)] == ["EU"]
        text = cli("screen", PH_NEG, "--as-of", AS_OF, "--jurisdiction", "EU")
        assert "EU labels" in text.out.splitlines()[0]

    def test_jurisdiction_must_be_known(self) -> None:
        """An unknown jurisdiction is a usage error."""
        assert cli("screen", PH_NEG, "--as-of", AS_OF, "--jurisdiction", "XX").code == EXIT_USAGE

    def test_option_selects_options_in_order(self) -> None:
        """--option (repeatable) screens only those options, in the order given."""
        result = cli(
            "screen", PH_NEG, "--as-of", AS_OF, "--format", "json",
            "--option", "tisagenlecleucel", "--option", "blinatumomab",
        )  # fmt: skip
        assert result.code == EXIT_OK
        assert [r["id"] for r in reports(result.out)[0]["results"]] == [
            "tisagenlecleucel",
            "blinatumomab",
        ]

    def test_lineage_decides_blinatumomab(self) -> None:
        """A T-lineage relapse is not eligible for blinatumomab, failing the lineage rule."""
        result = cli(
            "screen", T_ALL, "--as-of", AS_OF, "--option", "blinatumomab", "--format", "csv"
        )
        (row,) = rows(result.out)
        assert row["status"] == "not_eligible"
        assert "b_precursor" in row["failed"]

    def test_local_trial_with_options(self) -> None:
        """--local-trial adds the hospital's trial after the selected options."""
        result = cli(
            "screen", PH_NEG, T_ALL, "--as-of", AS_OF, "--format", "json",
            "--option", "blinatumomab", "--local-trial", LOCAL_TRIAL,
        )  # fmt: skip
        assert result.code == EXIT_OK
        by_patient = {doc["patient"]: doc["results"] for doc in reports(result.out)}
        for results in by_patient.values():
            assert [r["id"] for r in results] == ["blinatumomab", LOCAL_ID]
        ph_neg = by_patient[PH_NEG.stem][1]
        assert ph_neg["kind"] == "trial"
        assert ph_neg["status"] == "unknown"  # no GVHD status recorded; all else holds
        assert ph_neg["failed"] == []
        t_all = by_patient[T_ALL.stem][1]
        assert t_all["status"] == "not_eligible"
        assert [node["id"] for node in t_all["failed"]] == ["b_precursor"]

    def test_local_trial_alone_adds_to_the_ruleset(self) -> None:
        """--local-trial without --option screens every option, then the local trial."""
        result = cli(
            "screen", PH_NEG, "--as-of", AS_OF, "--local-trial", LOCAL_TRIAL, "--format", "csv"
        )
        assert [row["option_id"] for row in rows(result.out)] == [*default_ruleset().ids, LOCAL_ID]

    def test_invalid_local_trial(self, tmp_path: Path) -> None:
        """A local trial with problems: exit 1, one line per problem with its path."""
        document = load(LOCAL_TRIAL)
        document["criteria"]["parts"][0]["fact"] = "no_such_fact"
        document["sponsor"] = "nobody"
        path = write(tmp_path / "trial.json", document)
        result = cli("screen", PH_NEG, "--as-of", AS_OF, "--local-trial", path)
        assert result.code == EXIT_INVALID
        assert result.out == ""
        lines = problem_lines(result.err, path)
        assert any("$.criteria.parts[0].fact" in line for line in lines)
        assert any("$.sponsor: unknown key" in line for line in lines)

    def test_details_lists_every_option_per_patient(self) -> None:
        """--details: the header once, then each patient's name and every option."""
        result = cli("screen", PH_NEG, T_ALL, "--as-of", AS_OF, "--details")
        assert result.code == EXIT_OK
        lines = result.out.splitlines()
        assert sum(line.startswith("allmodel ") for line in lines) == 1
        assert PH_NEG.stem in lines
        assert T_ALL.stem in lines
        rows = [line.split() for line in lines if line.startswith("  ")]
        for option_id in default_ruleset().ids:
            assert sum(row[1] == option_id for row in rows) == 2
        assert {row[0] for row in rows} <= STATUSES
        blinatumomab = [row for row in rows if row[1] == "blinatumomab"]
        assert blinatumomab[1][0] == "not_eligible"  # t_all_relapse: T lineage

    def test_evidence_adds_the_evidence_tree(self) -> None:
        """--evidence: each JSON result carries its evidence tree."""
        result = cli("screen", PH_NEG, "--as-of", AS_OF, "--format", "json", "--evidence")
        assert result.code == EXIT_OK
        status_of_tree = {"eligible": "true", "not_eligible": "false", "unknown": "unknown"}
        for option in reports(result.out)[0]["results"]:
            tree = option["evidence"]
            assert {"id", "kind", "text", "status"} <= set(tree)
            assert tree["status"] == status_of_tree[option["status"]]

    def test_without_as_of_uses_the_injected_today(self) -> None:
        """No --as-of: the injected today is used and a note naming it goes to stderr."""
        result = cli("screen", PH_NEG, "--format", "json")
        assert result.code == EXIT_OK
        assert result.err.splitlines() == [
            "allmodel: no --as-of given; using today's date, 2022-12-31"
        ]
        assert [doc["as_of"] for doc in reports(result.out)] == [AS_OF]

    def test_with_as_of_stderr_is_silent(self) -> None:
        """With --as-of nothing is written to stderr."""
        assert cli("screen", PATIENTS, "--as-of", AS_OF, "--format", "json").err == ""

    def test_as_of_before_birth(self) -> None:
        """An --as-of before the date of birth: exit 1, one line naming the field."""
        result = cli("screen", PH_NEG, "--as-of", "1970-01-01")
        assert result.code == EXIT_INVALID
        assert result.err.splitlines() == [f"{PH_NEG}: date_of_birth: is after as_of"]

    def test_invalid_document(self, bad_units: Path) -> None:
        """Platelets in g/dL and an unknown key: exit 1, one stderr line per problem."""
        result = cli("screen", bad_units, "--as-of", AS_OF)
        assert result.code == EXIT_INVALID
        lines = problem_lines(result.err, bad_units)
        assert len(lines) == 2
        assert any(".unit: 'g/dL' is not a count per volume (platelets)" in x for x in lines)
        assert f"{bad_units}: $.favourite_colour: unknown key" in lines
        no_traceback(result.err)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file: exit 1, one line at path $."""
        missing = tmp_path / "absent.json"
        result = cli("screen", missing, "--as-of", AS_OF)
        assert result.code == EXIT_INVALID
        assert result.err.splitlines() == [
            f"{missing}: $: cannot read the file: No such file or directory"
        ]

    def test_not_json(self, tmp_path: Path) -> None:
        """A file that is not JSON: exit 1, one line at path $."""
        path = tmp_path / "garbage.json"
        path.write_text("{not json", encoding="utf-8")
        result = cli("validate", path)
        assert result.code == EXIT_INVALID
        (line,) = result.err.splitlines()
        assert line.startswith(f"{path}: $: invalid JSON")

    def test_valid_documents_are_still_reported(self, bad_units: Path) -> None:
        """With one invalid document the others are screened and the exit code is 1; stderr
        holds the invalid document's problems only."""
        result = cli("screen", PH_NEG, bad_units, "--as-of", AS_OF, "--format", "json")
        assert result.code == EXIT_INVALID
        assert [doc["patient"] for doc in reports(result.out)] == [PH_NEG.stem]
        assert result.err.splitlines() == [
            f"{bad_units}: $.labs[1].unit: 'g/dL' is not a count per volume (platelets)",
            f"{bad_units}: $.favourite_colour: unknown key",
        ]

    def test_nothing_found_is_a_usage_error(self, tmp_path: Path) -> None:
        """An empty folder or a glob matching nothing is a usage error."""
        assert cli("screen", tmp_path, "--as-of", AS_OF).code == EXIT_USAGE
        assert cli("screen", tmp_path / "*.json", "--as-of", AS_OF).code == EXIT_USAGE

    def test_bad_as_of(self) -> None:
        """A malformed --as-of is a usage error naming the value."""
        result = cli("screen", PH_NEG, "--as-of", "2022-13-01")
        assert result.code == EXIT_USAGE
        assert "2022-13-01" in result.err
        assert "usage:" in result.err
        no_traceback(result.err)

    def test_unknown_format(self) -> None:
        """An unknown --format is a usage error."""
        result = cli("screen", PH_NEG, "--as-of", AS_OF, "--format", "xml")
        assert result.code == EXIT_USAGE
        assert "--format" in result.err
        assert result.out == ""

    def test_subprocess_module_csv(self) -> None:
        """python -m allmodel screen a folder as CSV."""
        done = module_run("screen", PATIENTS, "--as-of", AS_OF, "--format", "csv")
        assert done.returncode == EXIT_OK, done.stderr
        assert done.stderr == ""
        assert len(rows(done.stdout)) == len(PATIENT_PATHS) * len(default_ruleset().ids)

    def test_subprocess_script_json(self) -> None:
        """The console script screens a glob as JSON."""
        done = script_run("screen", PATIENTS / "ph_*.json", "--as-of", AS_OF, "--format", "json")
        assert done.returncode == EXIT_OK, done.stderr
        assert all(doc["format"] == "allmodel.report/2" for doc in reports(done.stdout))

    def test_subprocess_without_as_of(self) -> None:
        """A real run without --as-of notes the date on stderr and keeps stdout JSON clean."""
        done = module_run("screen", PH_NEG, "--format", "json")
        assert done.returncode == EXIT_OK
        (note,) = done.stderr.splitlines()
        assert note.startswith("allmodel: no --as-of given; using today's date, ")
        used = note.rsplit(", ", 1)[1]
        assert [doc["as_of"] for doc in reports(done.stdout)] == [used]

    def test_subprocess_invalid_has_no_traceback(self, bad_units: Path) -> None:
        """A real run on an invalid document: exit 1, problem lines, no traceback."""
        done = module_run("screen", bad_units, "--as-of", AS_OF)
        assert done.returncode == EXIT_INVALID
        assert len(problem_lines(done.stderr, bad_units)) == 2
        no_traceback(done.stderr)
