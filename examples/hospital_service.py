"""Screening as a small HTTP service: the integration path for a hospital system.

:func:`handle` is the whole service, a pure function from request bytes to a status and
response bytes, so it can sit behind any web framework. The request is JSON::

    {"patient": {...a patient document...}, "as_of": "2022-12-31", "jurisdiction": "US"}

``as_of`` is required (the service never reads the clock); ``jurisdiction`` is ``"US"``
(the default) or ``"EU"``. The answers:

* 200 and the screening report (layout ``allmodel.report/2``, which never contains an
  identifier);
* 400 when the request itself is malformed (not JSON, not an object, a missing or unknown
  key, a bad date or jurisdiction);
* 422 when the request is well formed but the patient document has problems.

Every error body lists **every** problem found, each with its JSON path from the request
root (``$.patient.labs[3].unit``)::

    {"error": "invalid patient document",
     "problems": [{"path": "$.patient.labs[3].unit", "message": "..."}]}

Nothing from the record is logged or echoed: messages name fields, never identifiers or
dates of birth, and the access log has only the method, path and status.

:func:`serve` runs :func:`handle` at ``POST /screen`` with :mod:`http.server`, for a
manual demonstration on this machine only::

    python examples/hospital_service.py --port 8080
    curl -s -X POST --data @request.json http://127.0.0.1:8080/screen
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import allmodel
from allmodel import Problem

__all__ = ["MAX_BODY_BYTES", "handle", "make_server", "serve"]

logger = logging.getLogger("hospital_service")

#: The largest request body accepted (bytes).
MAX_BODY_BYTES = 1_000_000

_KEYS = ("patient", "as_of", "jurisdiction")
_JURISDICTIONS = ("US", "EU")
_JSON = "application/json"


def _body(status: int, document: Mapping[str, Any]) -> tuple[int, bytes]:
    return status, json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")


def _error(status: int, error: str, problems: Sequence[Problem]) -> tuple[int, bytes]:
    listed = [{"path": p.path, "message": p.message} for p in problems]
    return _body(status, {"error": error, "problems": listed})


def _under_patient(problem: Problem) -> Problem:
    """Re-root a patient document's problem (``$.labs[0]``) at ``$.patient.labs[0]``."""
    path = problem.path
    if path == "$" or not path:
        return Problem("$.patient", problem.message)
    if path.startswith("$"):
        return Problem("$.patient" + path[1:], problem.message)
    return problem.prefixed("$.patient")


def _parse_as_of(value: object, problems: list[Problem]) -> date | None:
    if value is None:
        problems.append(Problem("$.as_of", "required field missing (the screening date)"))
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(Problem("$.as_of", "expected a date YYYY-MM-DD"))
    return None


def handle(body: bytes) -> tuple[int, bytes]:
    """Screen the patient of one JSON request; return the HTTP status and the JSON body.

    Returns:
        ``(200, report)``, ``(400, problems)`` for a malformed request, or
        ``(422, problems)`` for a patient document with problems. Every problem found is
        listed with its JSON path.
    """
    try:
        request = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "invalid request", [Problem("$", "expected a JSON object")])
    if not isinstance(request, dict):
        return _error(400, "invalid request", [Problem("$", "expected a JSON object")])

    problems: list[Problem] = [
        Problem(f"$.{key}", "unknown key") for key in sorted(request) if key not in _KEYS
    ]
    as_of = _parse_as_of(request.get("as_of"), problems)
    jurisdiction = request.get("jurisdiction", "US")
    if jurisdiction not in _JURISDICTIONS:
        problems.append(Problem("$.jurisdiction", f"expected one of: {', '.join(_JURISDICTIONS)}"))
    document = request.get("patient")
    if not isinstance(document, dict):
        message = "required field missing" if document is None else "expected a JSON object"
        problems.append(Problem("$.patient", message))
        return _error(400, "invalid request", problems)

    patient: allmodel.Patient | None = None
    patient_problems: list[Problem] = []
    try:
        patient = allmodel.load_patient(document, as_of=as_of)
    except allmodel.DocumentError as error:
        patient_problems = [_under_patient(problem) for problem in error.problems]
    if problems:  # the request is malformed; list the document's problems too
        return _error(400, "invalid request", problems + patient_problems)
    if patient is None or as_of is None:
        return _error(422, "invalid patient document", patient_problems)
    try:
        report = allmodel.screen(patient, as_of=as_of, jurisdiction=jurisdiction)
    except allmodel.ValidationError as error:
        return _error(422, "invalid patient document", [_under_patient(p) for p in error.problems])
    return 200, report.to_json().encode("utf-8")


class _Handler(http.server.BaseHTTPRequestHandler):
    """``POST /screen`` runs :func:`handle`; anything else is 404 or 405."""

    server_version = "allmodel-example"

    def do_POST(self) -> None:
        """Answer ``POST /screen``."""
        if self.path != "/screen":
            self._reply(*_error(404, "not found", [Problem("$", "POST /screen only")]))
            return
        length_header = self.headers.get("Content-Length")
        if length_header is None or not length_header.isdigit():
            self._reply(*_error(411, "length required", [Problem("$", "no Content-Length")]))
            return
        length = int(length_header)
        if length > MAX_BODY_BYTES:
            self._reply(*_error(413, "too large", [Problem("$", "request body too large")]))
            return
        body = self.rfile.read(length)
        try:
            status, answer = handle(body)
        except Exception:  # never show a traceback, or the request, to the client or log
            logger.error("POST /screen failed with an internal error")
            status, answer = _error(500, "internal error", [])
        self._reply(status, answer)

    def do_GET(self) -> None:
        """Refuse every GET."""
        self._reply(*_error(405, "method not allowed", [Problem("$", "POST /screen only")]))

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", _JSON)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log the method, path and status only (no client address, no body)."""
        logger.info("%s %s -> %s", self.command, self.path, code)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep http.server's other messages out of stderr (they could quote a request)."""
        logger.debug("http.server: %s", format % args)


def make_server(host: str = "127.0.0.1", port: int = 0) -> http.server.ThreadingHTTPServer:
    """A bound, not yet serving, HTTP server for ``POST /screen`` (port 0: any free port)."""
    server = http.server.ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    return server


def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    ready: Callable[[http.server.ThreadingHTTPServer], None] | None = None,
) -> None:
    """Serve ``POST /screen`` until the server's ``shutdown()`` is called.

    Args:
        host: The address to listen on (keep the loopback default for a demonstration).
        port: The port; 0 picks a free one (read it from ``server.server_address``).
        ready: Called with the listening server before serving starts, for example to
            learn its port or to keep it for ``shutdown()`` from another thread.
    """
    with make_server(host, port) as server:
        bound_host, bound_port = server.server_address[:2]
        logger.info("serving POST /screen on http://%s:%s", bound_host, bound_port)
        if ready is not None:
            ready(server)
        server.serve_forever(poll_interval=0.1)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demonstration server until interrupted."""
    parser = argparse.ArgumentParser(description="Serve POST /screen (demonstration only).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        serve(args.host, args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
