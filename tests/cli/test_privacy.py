"""Identifiers and dates of birth never reach the command's stderr, whatever is wrong with
the document."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from allmodel.cli import EXIT_INVALID
from tests.cli.running import (
    AS_OF,
    PATIENT_PATHS,
    PATIENTS,
    cli,
    load,
    module_run,
    no_traceback,
    write,
)


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


#: The note ``screen`` prints without --as-of (today is fixed at 2022-12-31 in process).
AS_OF_NOTE = "allmodel: no --as-of given; using today's date, 2022-12-31"


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
                    # the problems, each after the file name (and the as-of note if asked)
                    lines = [x for x in result.err.splitlines() if not x.startswith(AS_OF_NOTE)]
                    assert lines != [], argv
                    assert [x for x in lines if not x.startswith(f"{name}: ")] == [], argv
                    no_traceback(result.err)
                    for secret in secrets:
                        assert secret not in result.err, (argv, secret)
            checked += 1
        assert checked == len(PATIENT_PATHS) == 14  # every example carries identifiers

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
        assert len(identifiers) == 15  # one or more in each of the fourteen examples
        for output in ("text", "json", "markdown", "csv"):
            result = cli("screen", PATIENTS, "--as-of", AS_OF, "--format", output, "--details")
            assert not [i for i in identifiers if i in result.out], output

    def test_subprocess_stderr(self, tmp_path: Path) -> None:
        """A real run on an invalid document does not print its identifier."""
        path, secrets = _secrets()[0]
        name = write(tmp_path / "doc.json", _broken(load(path))[0])
        done = module_run("screen", name, "--as-of", AS_OF)
        assert done.returncode == EXIT_INVALID
        assert done.stderr.splitlines() == [
            f"{name}: $.identifiers[0].value: expected a string, got an array"
        ]
        assert all(secret not in done.stderr for secret in secrets)
