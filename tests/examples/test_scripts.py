"""The example scripts: the analyst path (examples/screen_cohort.py) and the integration
path (examples/hospital_service.py).

The scripts are loaded from their files (examples/ is not a package). Option statuses may
still change while the catalogue is completed, so the tests check structure and
consistency, not counts.
"""

from __future__ import annotations

import csv
import json
import queue
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import allmodel
from allmodel.catalogue import default_ruleset
from tests.modules import import_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PATIENTS = ROOT / "src" / "allmodel" / "examples" / "patients"
PATIENT_PATHS = sorted(PATIENTS.glob("*.json"))
PH_NEG = PATIENTS / "ph_negative_first_relapse.json"
AS_OF = "2022-12-31"
STATUSES = ("eligible", "unknown", "not_eligible")
RECORD_COLUMNS = list(
    allmodel.screen(allmodel.load_patient(PH_NEG), as_of=date(2022, 12, 31))
    .to_records(patient_key="x")[0]
    .keys()
)


def _load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` as a module."""
    return import_file(f"_allmodel_example_{name}", EXAMPLES / f"{name}.py")


_SCREEN_COHORT = _load_example("screen_cohort")
_HOSPITAL = _load_example("hospital_service")

screen_cohort_main: Callable[[Sequence[str] | None], int] = _SCREEN_COHORT.main
handle: Callable[[bytes], tuple[int, bytes]] = _HOSPITAL.handle
serve: Callable[..., None] = _HOSPITAL.serve


def _document(path: Path = PH_NEG) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _secrets() -> list[str]:
    """Every identifier value and date of birth in the bundled examples."""
    found: list[str] = []
    for path in PATIENT_PATHS:
        document = _document(path)
        found.extend(ident["value"] for ident in document.get("identifiers", []))
        found.append(document["date_of_birth"])
    return found


def _bad_units(document: dict[str, Any]) -> dict[str, Any]:
    """The document with platelets in g/dL and an unknown key."""
    broken: dict[str, Any] = json.loads(json.dumps(document))
    index = next(i for i, lab in enumerate(broken["labs"]) if lab["analyte"] == "platelets")
    broken["labs"][index]["unit"] = "g/dL"
    broken["favourite_colour"] = "blue"
    return broken


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle_:
        reader = csv.DictReader(handle_)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _printed_counts(out: str) -> dict[str, dict[str, int]]:
    """Parse the printed table: option -> {status: count, "total": count}."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("option "))
    header = lines[start].split()
    assert header == ["option", *STATUSES, "total"]
    assert set(lines[start + 1].replace(" ", "")) == {"-"}
    counts: dict[str, dict[str, int]] = {}
    for line in lines[start + 2 :]:
        if line.startswith("wrote "):
            break
        cells = line.split()
        counts[cells[0]] = {
            name: int(cell) for name, cell in zip(header[1:], cells[1:], strict=True)
        }
    return counts


class TestScreenCohort:
    """examples/screen_cohort.py."""

    def test_bundled_patients(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """One CSV row per patient and option, with valid statuses and file-stem keys."""
        out = tmp_path / "rows.csv"
        assert screen_cohort_main([str(PATIENTS), "--as-of", AS_OF, "--out", str(out)]) == 0
        columns, rows = _read_csv(out)
        assert columns == RECORD_COLUMNS
        ids = default_ruleset().ids
        assert len(rows) == len(PATIENT_PATHS) * len(ids)
        assert {(r["patient"], r["option_id"]) for r in rows} == {
            (path.stem, option_id) for path in PATIENT_PATHS for option_id in ids
        }
        assert {r["status"] for r in rows} <= set(STATUSES)
        assert {r["as_of"] for r in rows} == {AS_OF}
        assert {r["jurisdiction"] for r in rows} == {"US"}
        captured = capsys.readouterr()
        assert captured.err == ""
        assert f"{len(PATIENT_PATHS)} patients from " in captured.out
        assert f"wrote {len(rows)} rows to {out}" in captured.out

    def test_printed_counts_match_the_csv(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The printed table counts, for every option, the CSV's rows by status."""
        out = tmp_path / "rows.csv"
        assert screen_cohort_main([str(PATIENTS), "--out", str(out)]) == 0
        printed = _printed_counts(capsys.readouterr().out)
        _, rows = _read_csv(out)
        expected: dict[str, Counter[str]] = {}
        for row in rows:
            expected.setdefault(row["option_id"], Counter())[row["status"]] += 1
        assert list(printed) == list(default_ruleset().ids)
        for option_id, counts in printed.items():
            assert counts["total"] == len(PATIENT_PATHS)
            assert sum(counts[status] for status in STATUSES) == counts["total"]
            assert {s: counts[s] for s in STATUSES} == {s: expected[option_id][s] for s in STATUSES}

    def test_writes_only_the_csv(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The default folder is the bundled examples; the CSV is the only file written."""
        monkeypatch.chdir(tmp_path)
        assert screen_cohort_main(["--out", "rows.csv"]) == 0
        assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]
        _, rows = _read_csv(tmp_path / "rows.csv")
        assert {r["patient"] for r in rows} == {path.stem for path in PATIENT_PATHS}

    def test_no_identifiers_in_the_csv(self, tmp_path: Path) -> None:
        """The CSV never contains an identifier or a date of birth."""
        out = tmp_path / "rows.csv"
        screen_cohort_main([str(PATIENTS), "--out", str(out)])
        text = out.read_text(encoding="utf-8")
        assert [secret for secret in _secrets() if secret in text] == []

    def test_synthetic(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--synthetic N screens N reproducible synthetic patients."""
        first, second = tmp_path / "a.csv", tmp_path / "b.csv"
        for out in (first, second):
            assert screen_cohort_main(["--synthetic", "12", "--seed", "5", "--out", str(out)]) == 0
        assert first.read_bytes() == second.read_bytes()
        _, rows = _read_csv(first)
        keys = sorted({r["patient"] for r in rows})
        assert keys == [f"synthetic-{n:04d}" for n in range(1, 13)]
        assert len(rows) == 12 * len(default_ruleset().ids)
        assert "12 synthetic patients (seed 5)" in capsys.readouterr().out

    def test_eu(self, tmp_path: Path) -> None:
        """--jurisdiction EU is recorded in every row."""
        out = tmp_path / "rows.csv"
        assert screen_cohort_main([str(PATIENTS), "--jurisdiction", "EU", "--out", str(out)]) == 0
        assert {r["jurisdiction"] for r in _read_csv(out)[1]} == {"EU"}

    def test_invalid_document_is_left_out(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A document with problems is reported on stderr and left out; exit 1."""
        folder = tmp_path / "patients"
        folder.mkdir()
        shutil.copy(PH_NEG, folder / "good.json")
        (folder / "bad.json").write_text(json.dumps(_bad_units(_document())), encoding="utf-8")
        out = tmp_path / "rows.csv"
        assert screen_cohort_main([str(folder), "--out", str(out)]) == 1
        assert {r["patient"] for r in _read_csv(out)[1]} == {"good"}
        err = capsys.readouterr().err
        assert "bad.json: $.favourite_colour: unknown key" in err
        assert "bad.json: $.labs[" in err
        assert [secret for secret in _secrets() if secret in err] == []

    def test_out_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --out the script stops with a usage error."""
        with pytest.raises(SystemExit) as stopped:
            screen_cohort_main([str(PATIENTS)])
        assert stopped.value.code == 2
        assert "--out" in capsys.readouterr().err


def _request(**changes: Any) -> bytes:
    """A screening request for the Ph-negative example, with ``changes`` applied."""
    request: dict[str, Any] = {"patient": _document(), "as_of": AS_OF, "jurisdiction": "US"}
    request.update(changes)
    return json.dumps(request).encode("utf-8")


def _problems(body: bytes) -> list[dict[str, str]]:
    document = json.loads(body)
    assert set(document) == {"error", "problems"}
    problems: list[dict[str, str]] = document["problems"]
    assert all(set(problem) == {"path", "message"} for problem in problems)
    return problems


def _no_secrets(body: bytes) -> None:
    text = body.decode("utf-8")
    assert [secret for secret in _secrets() if secret in text] == []


class TestHandle:
    """examples/hospital_service.py: handle()."""

    def test_valid_request(self) -> None:
        """A valid request: 200 and the report as JSON (allmodel.report/2)."""
        status, body = handle(_request())
        assert status == 200
        report = json.loads(body)
        assert report["format"] == "allmodel.report/2"
        assert report["as_of"] == AS_OF
        assert report["jurisdiction"] == "US"
        assert [r["id"] for r in report["results"]] == list(default_ruleset().ids)
        expected = allmodel.screen(allmodel.load_patient(PH_NEG), as_of=date(2022, 12, 31))
        assert report == json.loads(expected.to_json())
        _no_secrets(body)

    def test_jurisdiction_defaults_to_us(self) -> None:
        """Without a jurisdiction the US labels apply; EU can be asked for."""
        request = json.loads(_request())
        del request["jurisdiction"]
        status, body = handle(json.dumps(request).encode())
        assert status == 200
        assert json.loads(body)["jurisdiction"] == "US"
        assert json.loads(handle(_request(jurisdiction="EU"))[1])["jurisdiction"] == "EU"

    def test_invalid_patient(self) -> None:
        """A patient document with problems: 422 listing each with its path from the request."""
        status, body = handle(_request(patient=_bad_units(_document())))
        assert status == 422
        paths = {problem["path"] for problem in _problems(body)}
        assert paths == {"$.patient.labs[1].unit", "$.patient.favourite_colour"}
        _no_secrets(body)

    def test_identifying_fields_are_not_echoed(self) -> None:
        """Problems in the identifiers or date of birth name the field, not the value."""
        document = _document()
        identifier = document["identifiers"][0]["value"]
        document["identifiers"] = [{"system": "", "value": identifier, "mrn": identifier}]
        document["date_of_birth"] = document["date_of_birth"] + "T00:00"
        status, body = handle(_request(patient=document))
        assert status == 422
        paths = {problem["path"] for problem in _problems(body)}
        assert paths == {
            "$.patient.identifiers[0].system",
            "$.patient.identifiers[0].mrn",
            "$.patient.date_of_birth",
        }
        _no_secrets(body)

    def test_born_after_as_of(self) -> None:
        """A record dated after as_of: 422 naming the fields."""
        status, body = handle(_request(as_of="1970-01-01"))
        assert status == 422
        assert "$.patient.date_of_birth" in {problem["path"] for problem in _problems(body)}
        _no_secrets(body)

    @pytest.mark.parametrize(
        ("body", "path"),
        [
            (b"{not json", "$"),
            (b"\xff\xfe", "$"),
            (b"[1, 2]", "$"),
            (b'{"as_of": "2022-12-31"}', "$.patient"),
            (b'{"patient": [], "as_of": "2022-12-31"}', "$.patient"),
        ],
    )
    def test_malformed_request(self, body: bytes, path: str) -> None:
        """A request that is not a JSON object with a patient object: 400."""
        status, answer = handle(body)
        assert status == 400
        assert path in {problem["path"] for problem in _problems(answer)}

    def test_every_problem_is_listed(self) -> None:
        """Request and patient problems together: 400 listing all of them."""
        request = json.loads(_request(patient=_bad_units(_document()), jurisdiction="XX"))
        del request["as_of"]
        request["priority"] = "high"
        status, body = handle(json.dumps(request).encode())
        assert status == 400
        assert {problem["path"] for problem in _problems(body)} == {
            "$.as_of",
            "$.jurisdiction",
            "$.priority",
            "$.patient.labs[1].unit",
            "$.patient.favourite_colour",
        }

    def test_bad_as_of(self) -> None:
        """An as_of that is not a date: 400 at $.as_of."""
        status, body = handle(_request(as_of="31/12/2022"))
        assert status == 400
        assert [problem["path"] for problem in _problems(body)] == ["$.as_of"]


class TestServe:
    """examples/hospital_service.py: serve() over loopback."""

    def test_post_screen_then_shut_down(self) -> None:
        """Serve in a thread, POST /screen over loopback, then shut down within seconds."""
        servers: queue.Queue[ThreadingHTTPServer] = queue.Queue()
        thread = threading.Thread(
            target=serve, kwargs={"host": "127.0.0.1", "port": 0, "ready": servers.put}
        )
        thread.start()
        server = servers.get(timeout=10)
        try:
            host, port = server.server_address[:2]
            assert host == "127.0.0.1"
            assert port != 0
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            url = f"http://127.0.0.1:{port}/screen"

            request = urllib.request.Request(
                url, data=_request(), headers={"Content-Type": "application/json"}, method="POST"
            )
            with opener.open(request, timeout=10) as response:
                assert response.status == 200
                assert response.headers["Content-Type"] == "application/json"
                report = json.loads(response.read())
            assert report["format"] == "allmodel.report/2"

            invalid = urllib.request.Request(
                url, data=_request(patient=_bad_units(_document())), method="POST"
            )
            with pytest.raises(urllib.error.HTTPError) as refused:
                opener.open(invalid, timeout=10)
            with refused.value as error:
                assert error.code == 422
                body = error.read()
            assert "$.patient.favourite_colour" in {p["path"] for p in _problems(body)}

            elsewhere = urllib.request.Request(f"http://127.0.0.1:{port}/other", data=b"{}")
            with pytest.raises(urllib.error.HTTPError) as missing:
                opener.open(elsewhere, timeout=10)
            with missing.value as error:
                assert error.code == 404
        finally:
            started = time.monotonic()
            server.shutdown()
            thread.join(timeout=10)
        assert not thread.is_alive()
        assert time.monotonic() - started < 10
        assert server.socket.fileno() == -1  # closed when serve() returned

    def test_handler_logs_no_request_content(self, caplog: pytest.LogCaptureFixture) -> None:
        """The access log names the method, path and status, never the patient."""
        servers: queue.Queue[ThreadingHTTPServer] = queue.Queue()
        thread = threading.Thread(target=serve, kwargs={"ready": servers.put})
        caplog.set_level("DEBUG", logger="hospital_service")
        thread.start()
        server = servers.get(timeout=10)
        try:
            port = server.server_address[1]
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            request = urllib.request.Request(f"http://127.0.0.1:{port}/screen", data=_request())
            with opener.open(request, timeout=10) as response:
                response.read()
        finally:
            server.shutdown()
            thread.join(timeout=10)
        assert not thread.is_alive()
        log = "\n".join(record.getMessage() for record in caplog.records)
        assert "POST /screen -> 200" in log
        assert [secret for secret in _secrets() if secret in log] == []
        access = [r.getMessage() for r in caplog.records if "/screen ->" in r.getMessage()]
        assert access == ["POST /screen -> 200"]  # no client address, no body
