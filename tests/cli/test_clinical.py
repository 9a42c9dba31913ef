"""The clinical subcommands: ``allmodel response``, ``score``, ``dose`` and ``regimens``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import allmodel
from allmodel.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from allmodel.clinical.regimens import REGIMENS
from allmodel.clinical.response import CIBMTR_2010, ResponseAssessment
from allmodel.model import BsaMethod
from tests.cli.running import (
    AS_OF,
    ASSESSMENT,
    PH_NEG,
    TODAY,
    cli,
    module_run,
    no_traceback,
    problem_lines,
    script_run,
    write,
)


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
        paths = {line.split(": ")[1] for line in problem_lines(result.err, path)}
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
        assert len(problem_lines(result.err, bad_units)) == 2

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
        assert len(problem_lines(result.err, bad_units)) == 2

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
