"""The ``allmodel`` command: every subcommand, in process (injected streams and date) and
as a real subprocess (``python -m allmodel`` and the installed console script).

Statuses of the catalogue's options may still change while therapies and trials are
being completed, so the tests check the structure of the output, and exact statuses only
for criteria that are stable: the bundled local trial (its criteria are in the JSON file)
and lineage, which no option can ignore.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import allmodel
from allmodel.catalogue import CATALOGUE_IDS, default_ruleset
from allmodel.cli import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from allmodel.clinical.regimens import REGIMENS
from allmodel.clinical.response import CIBMTR_2010, ResponseAssessment
from allmodel.model import BsaMethod

ROOT = Path(__file__).resolve().parents[2]
PATIENTS = ROOT / "examples" / "patients"
LOCAL_TRIAL = ROOT / "examples" / "local_trials" / "example_hospital_cd22_pilot.json"
PATIENT_PATHS = sorted(PATIENTS.glob("*.json"))
PH_NEG = PATIENTS / "ph_negative_first_relapse.json"
T_ALL = PATIENTS / "t_all_relapse.json"
INCOMPLETE = PATIENTS / "incomplete_record.json"
LOCAL_ID = "example_hospital_cd22_pilot"

TODAY = date(2022, 12, 31)
AS_OF = "2022-12-31"
STATUSES = {"eligible", "not_eligible", "unknown"}
RECORD_COLUMNS = [
    "patient",
    "as_of",
    "ruleset",
    "ruleset_version",
    "jurisdiction",
    "option_id",
    "kind",
    "status",
    "failed",
    "unknown",
    "missing",
]
SUBCOMMANDS = ("screen", "validate", "response", "score", "dose", "regimens", "options", "schema")
CONSOLE_SCRIPT = Path(sys.executable).parent / "allmodel"

#: A complete response under both criteria sets (counts well above every cut).
ASSESSMENT: dict[str, Any] = {
    "date": "2022-11-15",
    "marrow_blasts_percent": 3,
    "blood_blasts_percent": 0,
    "extramedullary_disease": False,
    "anc": {"value": 1.2, "unit": "10^9/L"},
    "platelets": {"value": 120000, "unit": "/uL"},
    "marrow_cellularity_percent": 40,
}


@dataclass(frozen=True)
class Result:
    """Exit code and captured streams of one in-process run."""

    code: int
    out: str
    err: str


def cli(*argv: str | Path) -> Result:
    """Run ``allmodel`` in process with captured streams and today fixed at 2022-12-31."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], stdout=out, stderr=err, today=lambda: TODAY)
    return Result(code, out.getvalue(), err.getvalue())


def module_run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m allmodel`` as a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "allmodel", *(str(arg) for arg in argv)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def script_run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``allmodel`` console script as a real subprocess."""
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *(str(arg) for arg in argv)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def load(path: Path) -> dict[str, Any]:
    """A JSON document as a dict."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def write(path: Path, document: object) -> Path:
    """Write ``document`` as JSON at ``path`` and return the path."""
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def reports(text: str) -> list[dict[str, Any]]:
    """The JSON output of ``screen --format json``."""
    documents: list[dict[str, Any]] = json.loads(text)
    return documents


def rows(text: str) -> list[dict[str, str]]:
    """The CSV output of ``screen --format csv``."""
    return list(csv.DictReader(io.StringIO(text)))


def no_traceback(err: str) -> None:
    """Assert that stderr shows no Python traceback."""
    assert "Traceback" not in err
    assert 'File "' not in err


@pytest.fixture
def bad_units(tmp_path: Path) -> Path:
    """A patient document with platelets in g/dL and an unknown top-level key."""
    document = load(PH_NEG)
    platelets = next(i for i, lab in enumerate(document["labs"]) if lab["analyte"] == "platelets")
    document["labs"][platelets]["unit"] = "g/dL"
    document["favourite_colour"] = "blue"
    return write(tmp_path / "bad_units.json", document)


@pytest.fixture
def no_height(tmp_path: Path) -> Path:
    """The Ph-negative example without a recorded height."""
    document = load(PH_NEG)
    del document["height"]
    return write(tmp_path / "no_height.json", document)


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    """A response assessment (fields of ResponseAssessment) written to a file."""
    return write(tmp_path / "assessment.json", ASSESSMENT)


def _problem_lines(err: str, name: Path) -> list[str]:
    lines = err.splitlines()
    assert lines
    assert all(line.startswith(f"{name}: $") for line in lines), lines
    return lines


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
        expected = [p.stem for p in sorted(PATIENTS.glob("ph_*.json"))]
        assert len(expected) >= 2
        assert [doc["patient"] for doc in reports(result.out)] == expected

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
        """JSON: a list of allmodel.report/1 documents with the patient key and every option."""
        result = cli("screen", PATIENTS, "--as-of", AS_OF, "--format", "json")
        documents = reports(result.out)
        assert len(documents) == len(PATIENT_PATHS)
        ids = list(default_ruleset().ids)
        for document in documents:
            assert document["format"] == "allmodel.report/1"
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
        lines = _problem_lines(result.err, path)
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
        lines = _problem_lines(result.err, bad_units)
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
        """With one invalid document the others are screened and the exit code is 1."""
        result = cli("screen", PH_NEG, bad_units, "--as-of", AS_OF, "--format", "json")
        assert result.code == EXIT_INVALID
        assert [doc["patient"] for doc in reports(result.out)] == [PH_NEG.stem]
        assert result.err

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
        assert all(doc["format"] == "allmodel.report/1" for doc in reports(done.stdout))

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
        assert len(_problem_lines(done.stderr, bad_units)) == 2
        no_traceback(done.stderr)


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
        assert len(_problem_lines(result.err, bad_units)) == 2

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
        paths = {line.split(": ")[1] for line in _problem_lines(result.err, path)}
        assert paths == {"$.ecog", "$.disease.lineage", "$.course.relapses[0].date"}

    def test_nothing_found_is_a_usage_error(self, tmp_path: Path) -> None:
        """A glob matching nothing is a usage error, not a silent success."""
        assert cli("validate", tmp_path / "*.json").code == EXIT_USAGE

    def test_subprocess(self, bad_units: Path) -> None:
        """python -m allmodel validate: exit codes 0 and 1."""
        assert module_run("validate", PH_NEG).returncode == EXIT_OK
        done = module_run("validate", bad_units)
        assert done.returncode == EXIT_INVALID
        no_traceback(done.stderr)


class TestResponse:
    """allmodel response."""

    def test_text(self, assessment: Path) -> None:
        """Text: the category, the criteria set and the date on the first line."""
        result = cli("response", assessment)
        assert result.code == EXIT_OK
        assert result.out.splitlines()[0] == "CR (blinatumomab_trials, 2022-11-15)"

    def test_json_cibmtr_in_remission(self, assessment: Path) -> None:
        """--criteria cibmtr_2010 --in-remission yes --format json matches the library."""
        result = cli(
            "response", assessment, "--criteria", "cibmtr_2010", "--in-remission", "yes",
            "--format", "json",
        )  # fmt: skip
        assert result.code == EXIT_OK
        document = json.loads(result.out)
        expected = allmodel.classify_response(
            allmodel.io._documents.from_dict(ResponseAssessment, ASSESSMENT),
            criteria=CIBMTR_2010,
            in_remission=True,
        )
        assert document == json.loads(json.dumps(expected.to_dict()))
        assert document["criteria"] == "cibmtr_2010"
        assert document["category"] == "CR"

    def test_relapse_when_in_remission(self, tmp_path: Path) -> None:
        """A patient in remission with 30 % marrow blasts has relapsed."""
        path = write(tmp_path / "relapse.json", {**ASSESSMENT, "marrow_blasts_percent": 30})
        result = cli("response", path, "--in-remission", "yes", "--format", "json")
        assert json.loads(result.out)["category"] == "relapse"

    def test_unknown_names_what_is_missing(self, tmp_path: Path) -> None:
        """A missing count that could decide the category makes it unknown, naming it."""
        path = write(tmp_path / "partial.json", {**ASSESSMENT, "platelets": None})
        document = json.loads(cli("response", path, "--format", "json").out)
        assert document["category"] == "unknown"
        assert "platelets" in document["missing"]

    def test_invalid_assessment(self, tmp_path: Path) -> None:
        """An invalid assessment: exit 1, one line per problem with its path."""
        bad = {**ASSESSMENT, "marrow_blasts_percent": 130, "colour": "red"}
        bad["platelets"] = {"value": 3, "unit": "g/dL"}
        path = write(tmp_path / "bad.json", bad)
        result = cli("response", path)
        assert result.code == EXIT_INVALID
        paths = {line.split(": ")[1] for line in _problem_lines(result.err, path)}
        assert paths == {"$.marrow_blasts_percent", "$.colour", "$.platelets.unit"}

    def test_unknown_criteria(self, assessment: Path) -> None:
        """An unknown criteria set is a usage error."""
        assert cli("response", assessment, "--criteria", "who_2016").code == EXIT_USAGE

    def test_subprocess(self, assessment: Path) -> None:
        """The console script classifies the assessment as JSON."""
        done = script_run("response", assessment, "--format", "json")
        assert done.returncode == EXIT_OK, done.stderr
        assert json.loads(done.stdout)["category"] == "CR"


class TestScore:
    """allmodel score."""

    def test_text(self) -> None:
        """Text: both scores and the prognostic factors."""
        result = cli("score", PH_NEG, "--as-of", AS_OF)
        assert result.code == EXIT_OK
        assert result.err == ""
        assert result.out.startswith("pretransplant_score: ")
        assert "\nsecond_salvage_factors: " in result.out
        assert "\nprognostic factors:\n" in result.out

    def test_json_matches_the_library(self) -> None:
        """JSON: the as-of date, both scores and the factors as the library gives them."""
        result = cli("score", PH_NEG, "--as-of", AS_OF, "--format", "json")
        assert result.code == EXIT_OK
        document = json.loads(result.out)
        patient = allmodel.load_patient(PH_NEG)
        scores = (
            allmodel.clinical.scores.pretransplant_score(patient, as_of=TODAY),
            allmodel.clinical.scores.second_salvage_factors(patient, as_of=TODAY),
        )
        expected = {
            "as_of": AS_OF,
            "scores": [score.to_dict() for score in scores],
            "factors": [
                f.to_dict()
                for f in allmodel.clinical.scores.prognostic_factors(patient, as_of=TODAY)
            ],
        }
        assert document == json.loads(json.dumps(expected))
        assert [s["name"] for s in document["scores"]] == [
            "pretransplant_score",
            "second_salvage_factors",
        ]

    def test_without_as_of(self) -> None:
        """No --as-of: the injected today, with a note on stderr."""
        result = cli("score", PH_NEG, "--format", "json")
        assert result.code == EXIT_OK
        assert "2022-12-31" in result.err
        assert json.loads(result.out)["as_of"] == AS_OF

    def test_invalid_document(self, bad_units: Path) -> None:
        """An invalid document: exit 1, one line per problem."""
        result = cli("score", bad_units, "--as-of", AS_OF)
        assert result.code == EXIT_INVALID
        assert len(_problem_lines(result.err, bad_units)) == 2

    def test_as_of_before_birth(self) -> None:
        """An --as-of before birth: exit 1 with a one-line message."""
        result = cli("score", PH_NEG, "--as-of", "1970-01-01")
        assert result.code == EXIT_INVALID
        assert len(result.err.splitlines()) == 1
        no_traceback(result.err)

    def test_subprocess(self) -> None:
        """python -m allmodel score as JSON."""
        done = module_run("score", PH_NEG, "--as-of", AS_OF, "--format", "json")
        assert done.returncode == EXIT_OK, done.stderr
        assert json.loads(done.stdout)["as_of"] == AS_OF


class TestDose:
    """allmodel dose."""

    def _expected(self, regimen: str, **options: Any) -> dict[str, Any]:
        """The library's plan for the Ph-negative example, as decoded JSON."""
        patient = allmodel.load_patient(PH_NEG)
        dose_plan = allmodel.plan(regimen, patient, start=date(2023, 1, 2), **options)
        document: dict[str, Any] = json.loads(json.dumps(dose_plan.to_dict()))
        return document

    def test_text(self) -> None:
        """Text: the plan's rendering, starting with the regimen's name."""
        result = cli("dose", "cytarabine_idarubicin", PH_NEG, "--start", "2023-01-02")
        assert result.code == EXIT_OK
        assert result.err == ""
        assert result.out.startswith(REGIMENS["cytarabine_idarubicin"].name)
        assert "2023-01-02" in result.out

    def test_json_matches_the_library(self) -> None:
        """JSON: the library's DosePlan.to_dict."""
        result = cli(
            "dose", "cytarabine_idarubicin", PH_NEG, "--start", "2023-01-02", "--format", "json"
        )
        assert result.code == EXIT_OK
        assert json.loads(result.out) == self._expected("cytarabine_idarubicin")

    def test_bsa_method_dubois(self) -> None:
        """--bsa-method dubois plans on the DuBois BSA."""
        result = cli(
            "dose", "cytarabine_idarubicin", PH_NEG, "--start", "2023-01-02",
            "--bsa-method", "dubois", "--format", "json",
        )  # fmt: skip
        document = json.loads(result.out)
        assert document["bsa_method"] == "dubois"
        expected = self._expected("cytarabine_idarubicin", bsa_method=BsaMethod.DUBOIS)
        assert document == expected
        mosteller = self._expected("cytarabine_idarubicin")
        assert document["bsa"]["value"] != mosteller["bsa"]["value"]

    def test_withdrawn_is_refused(self) -> None:
        """A withdrawn regimen is refused with a one-line message, exit 1."""
        result = cli("dose", "liposomal_vincristine", PH_NEG, "--start", "2023-01-02")
        assert result.code == EXIT_INVALID
        assert result.out == ""
        (line,) = result.err.splitlines()
        assert "withdrawn" in line

    def test_allow_withdrawn(self) -> None:
        """--allow-withdrawn plans liposomal vincristine historically, with a warning."""
        result = cli(
            "dose", "liposomal_vincristine", PH_NEG, "--start", "2023-01-02",
            "--allow-withdrawn", "--duration-days", "28",
        )  # fmt: skip
        assert result.code == EXIT_OK, result.err
        assert "withdrawn" in result.out
        as_json = cli(
            "dose", "liposomal_vincristine", PH_NEG, "--start", "2023-01-02",
            "--allow-withdrawn", "--duration-days", "28", "--format", "json",
        )  # fmt: skip
        document = json.loads(as_json.out)
        assert document["regimen_id"] == "liposomal_vincristine"
        assert len(document["administrations"]) == 4  # weekly over 28 days

    def test_missing_height_is_refused(self, no_height: Path) -> None:
        """A per-m2 regimen without a recorded height: exit 1, a one-line message."""
        result = cli("dose", "cytarabine_idarubicin", no_height, "--start", "2023-01-02")
        assert result.code == EXIT_INVALID
        assert result.out == ""
        (line,) = result.err.splitlines()
        assert line.startswith(f"{no_height}: ")
        assert "height" in line
        no_traceback(result.err)

    def test_unknown_regimen_is_a_usage_error(self) -> None:
        """An unknown regimen id is a usage error pointing at 'allmodel regimens'."""
        result = cli("dose", "no_such_regimen", PH_NEG, "--start", "2023-01-02")
        assert result.code == EXIT_USAGE
        assert "no_such_regimen" in result.err
        assert "allmodel regimens" in result.err

    def test_start_is_required(self) -> None:
        """--start is required."""
        assert cli("dose", "cytarabine_idarubicin", PH_NEG).code == EXIT_USAGE

    def test_invalid_document(self, bad_units: Path) -> None:
        """An invalid document: exit 1, one line per problem."""
        result = cli("dose", "cytarabine_idarubicin", bad_units, "--start", "2023-01-02")
        assert result.code == EXIT_INVALID
        assert len(_problem_lines(result.err, bad_units)) == 2

    def test_subprocess(self, no_height: Path) -> None:
        """python -m allmodel dose: a JSON plan, and a one-line refusal without height."""
        done = module_run(
            "dose", "cytarabine_idarubicin", PH_NEG, "--start", "2023-01-02", "--format", "json"
        )
        assert done.returncode == EXIT_OK, done.stderr
        assert json.loads(done.stdout)["regimen_id"] == "cytarabine_idarubicin"
        refused = module_run("dose", "cytarabine_idarubicin", no_height, "--start", "2023-01-02")
        assert refused.returncode == EXIT_INVALID
        assert len(refused.stderr.splitlines()) == 1
        no_traceback(refused.stderr)


class TestRegimens:
    """allmodel regimens."""

    def test_lists_every_regimen(self) -> None:
        """Every regimen id starts a line, in catalogue order, with its name."""
        result = cli("regimens")
        assert result.code == EXIT_OK
        listed = [line.split()[0] for line in result.out.splitlines() if not line.startswith(" ")]
        assert listed == list(REGIMENS)
        for regimen in REGIMENS.values():
            assert regimen.name in result.out

    def test_flags_withdrawn(self) -> None:
        """A withdrawn regimen is flagged with its date."""
        line = next(
            line
            for line in cli("regimens").out.splitlines()
            if line.startswith("liposomal_vincristine ")
        )
        assert "[withdrawn 2022-05-02]" in line

    def test_subprocess(self) -> None:
        """The console script lists the regimens."""
        done = script_run("regimens")
        assert done.returncode == EXIT_OK
        assert done.stdout == cli("regimens").out


class TestOptions:
    """allmodel options."""

    def test_lists_every_option(self) -> None:
        """Every catalogue id is listed, once, in the default ruleset's order."""
        result = cli("options")
        assert result.code == EXIT_OK
        lines = result.out.splitlines()
        ruleset = default_ruleset()
        assert lines[0].startswith(f"ruleset {ruleset.name} {ruleset.version}")
        listed = [line.split()[0] for line in lines[1:] if not line.startswith(" ")]
        assert listed == list(ruleset.ids)
        assert sorted(listed) == sorted(CATALOGUE_IDS)

    def test_kinds_and_names(self) -> None:
        """Each option line gives its kind and name."""
        lines = cli("options").out.splitlines()
        for option in default_ruleset().options:
            line = next(x for x in lines if x.split()[:1] == [option.id])
            assert line.split()[1] == option.kind.value
            assert option.name in line

    def test_subprocess(self) -> None:
        """python -m allmodel options."""
        done = module_run("options")
        assert done.returncode == EXIT_OK
        assert done.stdout == cli("options").out


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
        (line,) = _problem_lines(result.err, deep)
        assert line.startswith(f"{deep}: $: nested deeper than 64 levels")
        no_traceback(result.err)

    def test_validate_reports_the_file_after_a_deep_one(self, deep: Path) -> None:
        """validate: the deep file is refused and the next one is reported valid."""
        result = cli("validate", deep, PH_NEG)
        assert result.code == EXIT_INVALID
        assert result.out.splitlines() == [f"{PH_NEG}: valid"]
        assert len(_problem_lines(result.err, deep)) == 1

    def test_subprocess_deep_file(self, deep: Path) -> None:
        """A real run on a deep file: exit 1, one line, no traceback."""
        done = module_run("validate", deep, PH_NEG)
        assert done.returncode == EXIT_INVALID
        assert len(_problem_lines(done.stderr, deep)) == 1
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

        monkeypatch.setattr("allmodel.cli.screen", boom)
        result = cli("screen", PH_NEG, T_ALL, "--as-of", AS_OF)
        assert EXIT_INTERNAL == 70
        assert result.code == EXIT_INTERNAL
        lines = result.err.splitlines()
        assert [line.split(": ")[0] for line in lines] == [str(PH_NEG), str(T_ALL)]
        for line in lines:
            assert ": internal error: KeyError in test_cli.py:" in line
            assert line.endswith("(boom); this is a bug in allmodel, please report it")
        assert "MRN-SECRET-42" not in result.err
        no_traceback(result.err)

    def test_internal_error_outranks_invalid_input(
        self, bad_units: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An invalid file and a bug in one run: both reported, exit 70."""

        def boom(*args: object, **kwargs: object) -> None:
            raise ZeroDivisionError

        monkeypatch.setattr("allmodel.cli.screen", boom)
        result = cli("screen", bad_units, PH_NEG, "--as-of", AS_OF)
        assert result.code == EXIT_INTERNAL
        *problems, internal = result.err.splitlines()
        assert len(_problem_lines("\n".join(problems), bad_units)) == 2
        assert internal.startswith(f"{PH_NEG}: internal error: ZeroDivisionError")

    def test_internal_error_in_validate(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """validate: a bug on one file is reported and the other files are still checked."""
        calls: list[Path] = []

        def flaky(path: Path, **kwargs: object) -> object:
            calls.append(path)
            raise TypeError("unexpected")

        monkeypatch.setattr("allmodel.cli.load_patient", flaky)
        result = cli("validate", PH_NEG, T_ALL)
        assert result.code == EXIT_INTERNAL
        assert calls == [PH_NEG, T_ALL]
        assert len(result.err.splitlines()) == 2
        no_traceback(result.err)

    def test_internal_error_outside_a_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bug in a command without files: exit 70 and one line from allmodel."""

        def boom() -> None:
            raise RuntimeError("oops")

        monkeypatch.setattr("allmodel.cli.patient_json_schema", boom)
        result = cli("schema")
        assert result.code == EXIT_INTERNAL
        (line,) = result.err.splitlines()
        assert line.startswith("allmodel: internal error: RuntimeError in test_cli.py:")
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
        assert result.out == f"allmodel {allmodel.__version__}\n"

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
        assert "usage: allmodel {" in result.err

    def test_unknown_subcommand(self) -> None:
        """An unknown subcommand is a usage error."""
        assert cli("diagnose").code == EXIT_USAGE

    def test_subprocess_version_and_help(self) -> None:
        """Real runs of --version and --help exit 0."""
        version = module_run("--version")
        assert version.returncode == EXIT_OK
        assert version.stdout == f"allmodel {allmodel.__version__}\n"
        assert script_run("--help").returncode == EXIT_OK

    def test_subprocess_usage_error(self) -> None:
        """A real run without a subcommand exits 2 without a traceback."""
        done = script_run()
        assert done.returncode == EXIT_USAGE
        no_traceback(done.stderr)


def _identifiers(path: Path) -> list[str]:
    """The identifier values of an example document."""
    return [ident["value"] for ident in load(path).get("identifiers", [])]


def _secrets() -> list[tuple[Path, list[str]]]:
    """Each example with identifiers, and its identifier values and date of birth."""
    found = []
    for path in PATIENT_PATHS:
        document = load(path)
        secrets = [ident["value"] for ident in document.get("identifiers", [])]
        if "date_of_birth" in document:
            secrets.append(document["date_of_birth"])
        if secrets:
            found.append((path, secrets))
    return found


def _broken(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Invalid variants of a document, several of them touching the identifying fields."""
    identifier = document["identifiers"][0]["value"]
    born = document["date_of_birth"]
    variants: list[dict[str, Any]] = []

    def variant(**changes: Any) -> None:
        variants.append({**json.loads(json.dumps(document)), **changes})

    variant(identifiers=[{"system": "urn:example:mrn", "value": [identifier]}])
    variant(identifiers=[{"system": "", "value": identifier}])
    variant(identifiers=[{"value": identifier}])
    variant(identifiers=[identifier])
    variant(identifiers=[{"system": "urn:example:mrn", "value": identifier, "note": identifier}])
    variant(date_of_birth=f"{born}T00:00")
    variant(date_of_birth=born.replace("-", "/"))
    variant(date_of_birth="2030-01-01")  # after every other date in the record
    variant(sex="unknown-sex", ecog=9)
    variant(course={**document["course"], "diagnosis_date": "1900-01-01"})
    return variants


class TestPrivacy:
    """Identifiers and dates of birth never reach stderr."""

    def test_stderr_never_names_the_patient(self, tmp_path: Path) -> None:
        """Invalid documents of every example: problems are printed, identifiers never."""
        checked = 0
        for path, secrets in _secrets():
            for index, document in enumerate(_broken(load(path))):
                name = write(tmp_path / f"doc{checked}_{index}.json", document)
                for argv in (
                    ("validate", name),
                    ("screen", name, "--as-of", AS_OF, "--format", "json"),
                    ("screen", name),  # also with the as-of note
                    ("score", name, "--as-of", AS_OF),
                    ("dose", "cytarabine_idarubicin", name, "--start", "2023-01-02"),
                ):
                    result = cli(*argv)
                    assert result.code == EXIT_INVALID, (argv, document)
                    assert result.err
                    no_traceback(result.err)
                    for secret in secrets:
                        assert secret not in result.err, (argv, secret)
            checked += 1
        assert checked >= 10

    def test_chronology_errors_do_not_name_the_birth_date(self) -> None:
        """Screening before birth names the field, never its value."""
        for path, secrets in _secrets():
            born = date.fromisoformat(load(path)["date_of_birth"])
            day_before = born.replace(year=born.year - 1).isoformat()
            result = cli("screen", path, "--as-of", day_before)
            assert result.code == EXIT_INVALID
            assert all(secret not in result.err for secret in secrets)

    def test_reports_do_not_name_the_patient(self) -> None:
        """No output format of screen contains an identifier."""
        identifiers = [value for path in PATIENT_PATHS for value in _identifiers(path)]
        assert identifiers
        for output in ("text", "json", "markdown", "csv"):
            result = cli("screen", PATIENTS, "--as-of", AS_OF, "--format", output, "--details")
            assert not [i for i in identifiers if i in result.out], output

    def test_subprocess_stderr(self, tmp_path: Path) -> None:
        """A real run on an invalid document does not print its identifier."""
        path, secrets = _secrets()[0]
        name = write(tmp_path / "doc.json", _broken(load(path))[0])
        done = module_run("screen", name, "--as-of", AS_OF)
        assert done.returncode == EXIT_INVALID
        assert done.stderr
        assert all(secret not in done.stderr for secret in secrets)
