"""``allmodel fhir read|write`` and ``allmodel screen --fhir``."""

from __future__ import annotations

import json
from pathlib import Path

from allmodel.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from allmodel.io import load_patient
from allmodel.io.fhir import patient_from_fhir
from tests.cli.running import AS_OF, PH_NEG, TODAY, cli, no_traceback, write

CORPUS = Path(__file__).resolve().parents[1] / "io" / "fhir" / "corpus"


def test_write_then_read_gives_the_same_patient(tmp_path: Path) -> None:
    written = cli("fhir", "write", PH_NEG)
    assert written.code == EXIT_OK, written.err
    bundle = json.loads(written.out)
    assert bundle["resourceType"] == "Bundle"
    path = write(tmp_path / "bundle.json", bundle)
    read = cli("fhir", "read", path, "--as-of", AS_OF, "--format", "document")
    assert read.code == EXIT_OK, read.err
    assert load_patient(read.out) == load_patient(PH_NEG)
    report = cli("fhir", "read", path, "--as-of", AS_OF)
    assert report.out.startswith("FHIR mapping: ")
    assert (
        report.out.splitlines()[1]
        == "  used     Bundle.entry[0].resource.identifier[0]: identifiers[0]"
    )
    both = json.loads(cli("fhir", "read", path, "--as-of", AS_OF, "--format", "json").out)
    assert set(both) == {"patient", "mapping"}
    assert both["mapping"] == patient_from_fhir(path, as_of=TODAY).report.to_dict()


def test_read_without_as_of_uses_today_and_says_so() -> None:
    result = cli("fhir", "read", CORPUS / "us-core__patient-example.json")
    assert result.code == EXIT_OK
    assert "2022-12-31" in result.err


def test_invalid_fhir_is_exit_1_with_the_fhir_path() -> None:
    result = cli("fhir", "read", CORPUS / "us-core__diagnosticreport-cbc.json", "--as-of", AS_OF)
    assert result.code == EXIT_INVALID
    assert "DiagnosticReport.text.div" in result.err
    no_traceback(result.err)


def test_write_of_an_invalid_document_is_exit_1(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", {"sex": "robot"})
    result = cli("fhir", "write", path)
    assert result.code == EXIT_INVALID
    assert "$.sex" in result.err


def test_fhir_needs_a_subcommand() -> None:
    result = cli("fhir")
    assert result.code == EXIT_USAGE
    assert "allmodel fhir read|write" in result.err


def test_screen_reads_fhir_files_and_names_unmapped_codes(tmp_path: Path) -> None:
    bundle = json.loads(cli("fhir", "write", PH_NEG).out)
    bundle["entry"].append(
        {
            "resource": {
                "resourceType": "Observation",
                "status": "final",
                "subject": {"reference": bundle["entry"][0]["fullUrl"]},
                "code": {"coding": [{"system": "http://loinc.org", "code": "58410-2"}]},
            }
        }
    )
    path = write(tmp_path / "patient.json", bundle)
    screened = cli("screen", "--fhir", path, "--as-of", AS_OF)
    plain = cli("screen", PH_NEG, "--as-of", AS_OF)
    assert screened.code == EXIT_OK, screened.err
    assert screened.out.splitlines()[2:] == plain.out.splitlines()[2:]
    assert screened.err.splitlines() == [
        f"{path}: 1 FHIR code(s) not mapped"
        f" ('allmodel fhir read {path} --as-of {AS_OF}' lists them)"
    ]


class TestStdin:
    """``-`` reads the Bundle (``fhir read``) or the patient document (``fhir write``)
    from stdin, as ``screen -`` and ``validate -`` do."""

    def test_write_then_read_through_stdin(self) -> None:
        written = cli("fhir", "write", "-", stdin=PH_NEG.read_bytes())
        assert written.code == EXIT_OK, written.err
        bundle = written.out.encode()
        read = cli("fhir", "read", "-", "--as-of", AS_OF, "--format", "document", stdin=bundle)
        assert read.code == EXIT_OK, read.err
        assert load_patient(read.out) == load_patient(PH_NEG)

    def test_a_bad_bundle_on_stdin_is_named_stdin(self) -> None:
        result = cli("fhir", "read", "-", "--as-of", AS_OF, stdin=b'{"resourceType": 5}')
        assert result.code == EXIT_INVALID
        assert result.err.startswith("stdin: ")
        no_traceback(result.err)

    def test_a_bad_document_on_stdin_is_named_stdin(self) -> None:
        result = cli("fhir", "write", "-", stdin=b'{"sex": "robot"}')
        assert result.code == EXIT_INVALID
        assert result.err.startswith("stdin: $.sex")

    def test_empty_stdin_is_a_usage_error(self) -> None:
        for argv in (("fhir", "read", "-", "--as-of", AS_OF), ("fhir", "write", "-")):
            result = cli(*argv, stdin=b" \n")
            assert result.code == EXIT_USAGE
            assert "no document on stdin" in result.err
