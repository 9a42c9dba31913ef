"""A screening report as a FHIR R4 GuidanceResponse."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fhir.resources.R4B.guidanceresponse import GuidanceResponse

from allmodel import examples, screen
from allmodel.io.fhir._systems import ALLMODEL_BASE
from allmodel.sources import citation_texts

AS_OF = date(2022, 12, 31)


def _extension(resource: dict[str, Any], url_end: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for extension in resource["extension"]:
        if extension["url"].endswith(url_end):
            for part in extension["extension"]:
                found.setdefault(part["url"], []).append(part["valueString"])
    return found


def test_every_example_report_validates_and_names_its_ruleset() -> None:
    for name in examples.patient_names():
        report = screen(examples.patient(name), as_of=AS_OF)
        response = report.to_fhir(subject="Patient/123")
        GuidanceResponse.model_validate(response)
        assert response["moduleUri"] == (
            f"{ALLMODEL_BASE}/ruleset/{report.ruleset}|{report.ruleset_version}"
        )
        assert _extension(response, "/ruleset") == {
            "name": [report.ruleset],
            "version": [report.ruleset_version],
            "hash": [report.ruleset_hash],
            "library-version": [report.library_version],
            "jurisdiction": [report.jurisdiction.value],
        }
        assert response["occurrenceDateTime"] == "2022-12-31"
        assert response["subject"] == {"reference": "Patient/123"}
        group = response["contained"][0]
        assert response["result"] == {"reference": f"#{group['id']}"}
        assert [action["id"] for action in group["action"]] == list(report.ids)


def test_each_action_carries_status_reason_missing_facts_and_citations() -> None:
    report = screen(examples.patient("incomplete_record"), as_of=AS_OF)
    actions = {a["id"]: a for a in report.to_fhir()["contained"][0]["action"]}
    document = report.to_dict()
    for result in document["results"]:
        action = actions[result["id"]]
        parts = _extension(action, "/screening-result")
        assert parts["status"] == [result["status"]]
        assert parts.get("missing", []) == result["missing"]
        assert action["code"][0]["text"] == result["status"]
        cited = citation_texts(result["citations"])
        assert [(d["label"], d.get("citation")) for d in action.get("documentation", [])] == [
            (source_id, cited[source_id]) for source_id in result["citations"]
        ]
    statuses = {r["status"] for r in document["results"]}
    assert "unknown" in statuses  # the example is incomplete: the unknowns are exercised
    unknown = next(r for r in document["results"] if r["status"] == "unknown")
    assert actions[unknown["id"]]["description"].startswith("needs ")


def test_without_a_subject_no_patient_reference_is_written() -> None:
    response = screen(examples.patient("late_relapse"), as_of=AS_OF).to_fhir()
    assert "subject" not in response
    assert "subject" not in response["contained"][0]
    text = json.dumps(response)
    assert "EX-00" not in text  # the example's identifiers never appear
