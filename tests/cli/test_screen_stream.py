"""``allmodel screen`` one patient at a time: ``--format jsonl``, ``-`` (stdin), ``--jobs``,
the progress bar, and output identical to what the command wrote before it streamed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import allmodel
from allmodel.catalogue import default_ruleset
from allmodel.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from allmodel.examples import patient, patient_document, patient_names
from allmodel.io import MAX_DOCUMENT_SIZE
from allmodel.report import Report
from allmodel.sources import citation_texts
from tests.cli.running import (
    AS_OF,
    LOCAL_ID,
    LOCAL_TRIAL,
    PATIENTS,
    PH_NEG,
    ROOT,
    T_ALL,
    TODAY,
    cli,
    no_traceback,
    reports,
)

FORMATS = ("text", "json", "jsonl", "csv", "markdown")


def jsonl(text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and the patient lines of ``--format jsonl``."""
    header, *lines = (json.loads(line) for line in text.splitlines())
    return header, lines


def one_line(name: str) -> bytes:
    """An example patient's document on one line."""
    return json.dumps(json.loads(patient_document(name))).encode()


def library_reports(**options: Any) -> list[tuple[str, Report]]:
    """Every example patient screened by the library, by name."""
    return [
        (name, allmodel.screen(patient(name), as_of=TODAY, **options)) for name in patient_names()
    ]


class TestJsonl:
    """--format jsonl: the run's metadata once, then one line of statuses per patient."""

    def test_header(self) -> None:
        """The first line names the format, library, ruleset, date, jurisdiction and every
        option with its kind, name, citations and notes, and the cited sources."""
        header, _ = jsonl(cli("screen", "--examples", "--as-of", AS_OF, "--format", "jsonl").out)
        ruleset = default_ruleset()
        assert header["format"] == "allmodel.screen/1"
        assert header["library_version"] == allmodel.__version__
        assert header["ruleset"] == {
            "name": ruleset.name,
            "version": ruleset.version,
            "hash": ruleset.content_hash,
        }
        assert (header["as_of"], header["jurisdiction"]) == (AS_OF, "US")
        assert [option["id"] for option in header["options"]] == list(ruleset.ids)
        for entry, option in zip(header["options"], ruleset.options, strict=True):
            assert entry == {
                "id": option.id,
                "kind": option.kind.value,
                "name": option.name,
                "citations": list(option.citations),
                "registry_ids": list(option.registry_ids),
                "notes": list(option.notes),
            }
        cited = {source for option in ruleset.options for source in option.citations}
        assert cited <= set(header["sources"])
        assert header["sources"] == citation_texts(header["sources"])

    def test_lines_agree_with_screen(self) -> None:
        """Each example patient's line holds, per option, what screen() finds: status,
        failed and unknown criteria, missing fields; and nothing the header gives."""
        result = cli("screen", "--examples", "--as-of", AS_OF, "--format", "jsonl")
        assert result.code == EXIT_OK
        assert result.err == ""
        _, lines = jsonl(result.out)
        expected = library_reports()
        assert [line["patient"] for line in lines] == [name for name, _ in expected]
        for line, (_, report) in zip(lines, expected, strict=True):
            assert set(line) == {"patient", "results"}
            assert list(line["results"]) == list(report.ids)
            for option in report.results:
                assert line["results"][option.id] == {
                    "status": option.status.value,
                    "failed": [node.id for node in option.failed],
                    "unknown": [node.id for node in option.unknown],
                    "missing": list(option.missing),
                }

    def test_local_trial_and_jurisdiction(self) -> None:
        """--option, --local-trial and --jurisdiction shape the header and the lines."""
        result = cli(
            "screen", PH_NEG, T_ALL, "--as-of", AS_OF, "--format", "jsonl",
            "--option", "blinatumomab", "--local-trial", LOCAL_TRIAL, "--jurisdiction", "EU",
        )  # fmt: skip
        assert result.code == EXIT_OK
        header, lines = jsonl(result.out)
        assert header["jurisdiction"] == "EU"
        assert [option["id"] for option in header["options"]] == ["blinatumomab", LOCAL_ID]
        assert header["options"][1]["kind"] == "trial"
        assert [list(line["results"]) for line in lines] == [["blinatumomab", LOCAL_ID]] * 2
        t_all = lines[1]["results"][LOCAL_ID]
        assert (t_all["status"], t_all["failed"]) == ("not_eligible", ["b_precursor"])

    def test_invalid_file(self, bad_units: Path) -> None:
        """An invalid file: its problems on stderr, exit 1, the header and the other
        patients' lines still written."""
        result = cli("screen", PH_NEG, bad_units, T_ALL, "--as-of", AS_OF, "--format", "jsonl")
        assert result.code == EXIT_INVALID
        header, lines = jsonl(result.out)
        assert header["format"] == "allmodel.screen/1"
        assert [line["patient"] for line in lines] == [PH_NEG.stem, T_ALL.stem]
        assert result.err.splitlines() == [
            f"{bad_units}: $.labs[1].unit: 'g/dL' is not a count per volume (platelets)",
            f"{bad_units}: $.favourite_colour: unknown key",
        ]


class TestSameAsBefore:
    """The streamed formats write exactly what the command wrote when it collected every
    report first (rebuilt here from the library, as the command then did)."""

    def test_json(self) -> None:
        """JSON: the same array, byte for byte."""
        documents = [{"patient": name, **report.to_dict()} for name, report in library_reports()]
        before = json.dumps(documents, indent=2, ensure_ascii=False) + "\n"
        assert cli("screen", "--examples", "--as-of", AS_OF, "--format", "json").out == before

    def test_json_with_evidence(self) -> None:
        """JSON with --evidence: the same array, byte for byte."""
        name = PH_NEG.stem
        report = allmodel.screen(allmodel.load_patient(PH_NEG), as_of=TODAY)
        documents = [{"patient": name, **report.to_dict(evidence=True)}]
        before = json.dumps(documents, indent=2, ensure_ascii=False) + "\n"
        result = cli("screen", PH_NEG, "--as-of", AS_OF, "--format", "json", "--evidence")
        assert result.out == before

    def test_csv(self) -> None:
        """CSV: the same header and rows, byte for byte."""
        rows = [
            row for name, report in library_reports() for row in report.to_records(patient_key=name)
        ]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        result = cli("screen", "--examples", "--as-of", AS_OF, "--format", "csv")
        assert result.out == buffer.getvalue()

    def test_markdown(self) -> None:
        """Markdown: the same sections, byte for byte."""
        before = "\n\n".join(
            f"### {name}\n\n{report.to_markdown()}" for name, report in library_reports()
        )
        result = cli("screen", "--examples", "--as-of", AS_OF, "--format", "markdown")
        assert result.out == before + "\n"

    def test_text_details(self) -> None:
        """Text with --details: the header once, then each patient's lines."""
        found = library_reports()
        lines = [found[0][1].to_text().splitlines()[0]]
        for name, report in found:
            lines.extend([name, *report.to_text().splitlines()[1:]])
        result = cli("screen", "--examples", "--as-of", AS_OF, "--details")
        assert result.out == "\n".join(lines) + "\n"

    def test_no_patient_screened(self, bad_units: Path) -> None:
        """Nothing screened: JSON an empty array, Markdown an empty line, text and CSV
        nothing, JSON Lines its header only."""
        empty = {"json": "[]\n", "markdown": "\n", "text": "", "csv": ""}
        for form, text in empty.items():
            result = cli("screen", bad_units, "--as-of", AS_OF, "--format", form)
            assert (result.code, result.out) == (EXIT_INVALID, text)
        result = cli("screen", bad_units, "--as-of", AS_OF, "--format", "jsonl")
        assert len(result.out.splitlines()) == 1


class TestJsonLinesFiles:
    """A .jsonl (or .ndjson) file is one patient per line, named path:LINE and keyed
    name:LINE, as allmodel.cohort.read_patients reads it; a folder gives its .json and
    JSON Lines files in name order."""

    def test_a_file_of_lines_is_screened_as_stdin_is(self, tmp_path: Path) -> None:
        data = one_line("ph_negative_first_relapse") + b"\n\n" + one_line("t_all_relapse") + b"\n"
        path = tmp_path / "cohort.jsonl"
        path.write_bytes(data)
        result = cli("screen", path, "--as-of", AS_OF, "--format", "json")
        assert result.code == EXIT_OK, result.err
        found = reports(result.out)
        assert [doc["patient"] for doc in found] == ["cohort:1", "cohort:3"]
        piped = reports(cli("screen", "-", "--as-of", AS_OF, "--format", "json", stdin=data).out)
        for document, expected in zip(found, piped, strict=True):
            assert {**document, "patient": expected["patient"]} == expected

    def test_bad_lines_are_named_by_file_and_line(self, tmp_path: Path) -> None:
        path = tmp_path / "cohort.ndjson"
        path.write_bytes(one_line("late_relapse") + b'\n{"colour": "blue"}\n')
        result = cli("screen", path, "--as-of", AS_OF, "--format", "jsonl")
        assert result.code == EXIT_INVALID
        _, lines = jsonl(result.out)
        assert [line["patient"] for line in lines] == ["cohort:1"]
        assert result.err.splitlines() == [f"{path}:2: $.colour: unknown key"]

    def test_a_missing_file_of_lines_is_reported(self, tmp_path: Path) -> None:
        missing = tmp_path / "absent.jsonl"
        result = cli("screen", missing, PH_NEG, "--as-of", AS_OF, "--format", "jsonl")
        assert result.code == EXIT_INVALID
        assert result.err.startswith(f"{missing}: $: cannot read the file")
        _, lines = jsonl(result.out)
        assert [line["patient"] for line in lines] == [PH_NEG.stem]

    def test_a_folder_with_both_kinds_in_name_order_with_two_jobs(self, tmp_path: Path) -> None:
        (tmp_path / "b.jsonl").write_bytes(
            one_line("late_relapse") + b"\n" + one_line("t_all_relapse")
        )
        (tmp_path / "a.json").write_bytes(PH_NEG.read_bytes())
        (tmp_path / "c.json").write_bytes(T_ALL.read_bytes())
        (tmp_path / "notes.txt").write_text("not a patient")
        one = cli("screen", tmp_path, "--as-of", AS_OF, "--format", "jsonl")
        assert one.code == EXIT_OK, one.err
        _, lines = jsonl(one.out)
        assert [line["patient"] for line in lines] == ["a", "b:1", "b:2", "c"]
        two = cli("screen", tmp_path, "--as-of", AS_OF, "--format", "jsonl", "--jobs", "2")
        assert two.out == one.out


class TestStdin:
    """'-' reads patient documents from stdin: JSON Lines, or one JSON document."""

    def test_json_lines(self) -> None:
        """One document per line, each named stdin:LINE (blank lines skipped, counted),
        each screened as its file is."""
        names = ("ph_negative_first_relapse", "t_all_relapse")
        data = one_line(names[0]) + b"\n\n" + one_line(names[1]) + b"\r\n"
        result = cli("screen", "-", "--as-of", AS_OF, "--format", "json", stdin=data)
        assert result.code == EXIT_OK, result.err
        found = reports(result.out)
        assert [doc["patient"] for doc in found] == ["stdin:1", "stdin:3"]
        files = reports(cli("screen", PH_NEG, T_ALL, "--as-of", AS_OF, "--format", "json").out)
        for document, expected in zip(found, files, strict=True):
            assert {**document, "patient": expected["patient"]} == expected

    def test_one_document(self) -> None:
        """A pretty-printed document (several lines) is one patient."""
        result = cli("screen", "-", "--as-of", AS_OF, "--format", "json", stdin=PH_NEG.read_bytes())
        assert result.code == EXIT_OK, result.err
        (document,) = reports(result.out)
        (expected,) = reports(cli("screen", PH_NEG, "--as-of", AS_OF, "--format", "json").out)
        assert {**document, "patient": PH_NEG.stem} == expected
        assert document["patient"] == "stdin:1"

    def test_with_files(self) -> None:
        """'-' among files: stdin's patients where the '-' stands."""
        result = cli(
            "screen", PH_NEG, "-", T_ALL, "--as-of", AS_OF, "--format", "csv",
            stdin=one_line("late_relapse") + b"\n",
        )  # fmt: skip
        assert result.code == EXIT_OK
        patients = [row["patient"] for row in csv.DictReader(io.StringIO(result.out))]
        assert list(dict.fromkeys(patients)) == [PH_NEG.stem, "stdin:1", T_ALL.stem]

    def test_invalid_lines(self) -> None:
        """Invalid lines are reported by line number, exit 1; the other lines are screened."""
        bad = [b'{"colour": "blue"}', b"{not json"]
        data = b"\n".join([one_line("late_relapse"), *bad, one_line("t_all_relapse")])
        result = cli("screen", "-", "--as-of", AS_OF, "--format", "jsonl", stdin=data)
        assert result.code == EXIT_INVALID
        _, lines = jsonl(result.out)
        assert [line["patient"] for line in lines] == ["stdin:1", "stdin:4"]
        first, second = result.err.splitlines()
        assert first == "stdin:2: $.colour: unknown key"
        assert second.startswith("stdin:3: $: invalid JSON")
        no_traceback(result.err)

    def test_a_line_too_long(self) -> None:
        """A line longer than MAX_DOCUMENT_SIZE is reported as over the limit; the next
        line is screened."""
        huge = b'{"note": "' + b"x" * MAX_DOCUMENT_SIZE + b'"}'
        data = one_line("late_relapse") + b"\n" + huge + b"\n" + one_line("t_all_relapse")
        result = cli("screen", "-", "--as-of", AS_OF, "--format", "jsonl", stdin=data)
        assert result.code == EXIT_INVALID
        _, lines = jsonl(result.out)
        assert [line["patient"] for line in lines] == ["stdin:1", "stdin:3"]
        (problem,) = result.err.splitlines()
        assert problem.startswith("stdin:2: $: ")
        assert "MAX_DOCUMENT_SIZE" in problem

    def test_read_as_screened(self) -> None:
        """JSON Lines are read one at a time: the first patient's output is written before
        the second line is read."""

        class Lines(io.BytesIO):
            count = 0

            def readline(self, size: int | None = -1, /) -> bytes:
                Lines.count += 1
                return super().readline(size)

        class Out(io.StringIO):
            reads_at: list[int] = []  # noqa: RUF012

            def write(self, text: str, /) -> int:
                if text:
                    Out.reads_at.append(Lines.count)
                return super().write(text)

        data = b"\n".join(one_line(name) for name in patient_names()[:3])
        out = Out()
        code = main(
            ["screen", "-", "--as-of", AS_OF, "--format", "jsonl"],
            stdout=out,
            stderr=io.StringIO(),
            stdin=Lines(data),
        )
        assert code == EXIT_OK
        assert Out.reads_at[:2] == [1, 1]  # the header, then the first patient's line
        assert Out.reads_at[2:] == [2, 3]

    def test_usage_errors(self) -> None:
        """Nothing on stdin, '-' twice, or '-' with --examples: usage errors."""
        for argv, stdin, says in (
            (["-"], b"\n \n", "no patient document on stdin"),
            (["-", "-"], one_line("late_relapse"), "once"),
            (["-", "--examples"], one_line("late_relapse"), "not both"),
        ):
            result = cli("screen", *argv, "--as-of", AS_OF, stdin=stdin)
            assert result.code == EXIT_USAGE
            assert says in result.err
            assert result.out == ""

    def test_in_a_subprocess(self) -> None:
        """A real process reads its stdin: JSON Lines piped into `python -m allmodel`."""
        data = b"\n".join(one_line(name) for name in patient_names()) + b"\n"
        done = subprocess.run(
            [sys.executable, "-m", "allmodel", "screen", "-", "--as-of", AS_OF, "--format",
             "jsonl"],
            input=data, capture_output=True, timeout=120, cwd=ROOT, check=False,
        )  # fmt: skip
        assert done.returncode == EXIT_OK, done.stderr
        assert done.stderr == b""
        _, lines = jsonl(done.stdout.decode())
        assert len(lines) == len(patient_names())


class TestJobs:
    """--jobs N screens in N processes; the output is the same as in one."""

    def test_same_bytes_as_one_process(self, bad_units: Path) -> None:
        """Every format: --jobs 2 writes what --jobs 1 writes, byte for byte, stdout and
        stderr (an invalid file among the examples)."""
        files: list[str | Path] = [*sorted(PATIENTS.glob("*.json"))]
        files.insert(5, bad_units)
        for form in FORMATS:
            one = cli("screen", *files, "--as-of", AS_OF, "--format", form)
            two = cli("screen", *files, "--as-of", AS_OF, "--format", form, "--jobs", "2")
            assert one.code == two.code == EXIT_INVALID
            assert two.out == one.out, form
            assert two.err == one.err, form

    def test_local_trial_and_stdin(self) -> None:
        """A local trial and documents from stdin reach the worker processes."""
        data = b"\n".join(one_line(name) for name in patient_names())
        argv: list[str | Path] = ["screen", "-", "--as-of", AS_OF, "--format", "jsonl"]
        argv += ["--local-trial", LOCAL_TRIAL]
        one = cli(*argv, stdin=data)
        two = cli(*argv, "--jobs", "3", stdin=data)
        assert one.code == two.code == EXIT_OK
        assert two.out == one.out
        header, lines = jsonl(two.out)
        assert header["options"][-1]["id"] == LOCAL_ID
        assert len(lines) == len(patient_names())

    @pytest.mark.parametrize("jobs", ["0", "-1", "two"])
    def test_not_a_number_of_processes(self, jobs: str) -> None:
        """--jobs 0, a negative number or a word: a usage error naming the value."""
        result = cli("screen", "--examples", "--as-of", AS_OF, "--jobs", jobs)
        assert result.code == EXIT_USAGE
        assert f"--jobs: not a number of processes (1 or more): '{jobs}'" in result.err
        assert result.out == ""


class Terminal(io.StringIO):
    """A captured stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def screen_on_terminal(*argv: str | Path) -> tuple[int, str]:
    err = Terminal()
    code = main(
        ["screen", *map(str, argv), "--as-of", AS_OF, "--format", "csv"],
        stdout=io.StringIO(),
        stderr=err,
    )
    return code, err.getvalue()


class TestProgress:
    """A progress bar on stderr only when it is a terminal; problem lines stay whole."""

    def test_off_when_stderr_is_not_a_terminal(self, bad_units: Path) -> None:
        """Not a terminal: stderr holds the problem lines and nothing else."""
        result = cli("screen", PATIENTS, bad_units, "--as-of", AS_OF, "--format", "csv")
        assert result.err.splitlines() == [
            f"{bad_units}: $.labs[1].unit: 'g/dL' is not a count per volume (platelets)",
            f"{bad_units}: $.favourite_colour: unknown key",
        ]

    def test_bar_on_a_terminal(self, bad_units: Path) -> None:
        """On a terminal: count, rate and total, and each problem line whole on its own."""
        code, err = screen_on_terminal(PATIENTS, bad_units)
        assert code == EXIT_INVALID
        assert "15/15" in err
        assert "patients/s" in err
        pieces = [piece.strip() for line in err.split("\n") for piece in line.split("\r")]
        assert f"{bad_units}: $.favourite_colour: unknown key" in pieces
        assert f"{bad_units}: $.labs[1].unit: 'g/dL' is not a count per volume (platelets)" in (
            pieces
        )

    def test_no_bar_for_one_patient(self) -> None:
        """One patient: no bar."""
        assert screen_on_terminal(PH_NEG) == (EXIT_OK, "")

    def test_no_bar_without_tqdm(self, monkeypatch: pytest.MonkeyPatch, bad_units: Path) -> None:
        """Without tqdm (the allmodel[cli] extra) a terminal shows the problem lines only."""
        monkeypatch.setitem(sys.modules, "tqdm", None)
        code, err = screen_on_terminal(PATIENTS, bad_units)
        assert code == EXIT_INVALID
        assert err.splitlines() == [
            f"{bad_units}: $.labs[1].unit: 'g/dL' is not a count per volume (platelets)",
            f"{bad_units}: $.favourite_colour: unknown key",
        ]
