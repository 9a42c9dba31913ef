"""A screening :class:`~allmodel.report.Report` as a FHIR R4 ``GuidanceResponse``.

FHIR R4's ``GuidanceResponse`` is the result of running a decision-support module: here
the module is the ruleset, named by ``moduleUri`` (``…/ruleset/<name>|<version>``), and an
allmodel extension carries its name, version and content hash and allmodel's version, so
a stored response says exactly which rules gave it. ``occurrenceDateTime`` is the day
screened (``as_of``: allmodel never reads the clock). The results are a contained
``RequestGroup`` (intent ``proposal``) with one action per option: its title, its status
(an allmodel code: eligible, not eligible, unknown), the one-line reason, the facts still
missing, and the option's sources as ``documentation`` (``RelatedArtifact`` of type
``citation``, labelled with the source id, with the citation text from
:mod:`allmodel.sources`). The response's status is ``success``: allmodel screened every
option; what is unknown is said per action.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from allmodel.io.fhir._systems import ALLMODEL_BASE, ALLMODEL_CODES, extension_url

__all__ = ["guidance_response"]

#: The display of each status's allmodel code (in ``ALLMODEL_CODES``).
STATUS_DISPLAY = {
    "eligible": "Eligible",
    "not_eligible": "Not eligible",
    "unknown": "Unknown: data missing or not current",
}


def _string(name: str, value: str) -> dict[str, Any]:
    return {"url": name, "valueString": value}


def _action(result: Mapping[str, Any], reason: str, cited: Mapping[str, Any]) -> dict[str, Any]:
    status = result["status"]
    action: dict[str, Any] = {
        "id": result["id"],
        "title": result["name"],
        "code": [
            {
                "coding": [
                    {
                        "system": ALLMODEL_CODES,
                        "code": f"screening-{status.replace('_', '-')}",
                        "display": STATUS_DISPLAY[status],
                    }
                ],
                "text": status,
            }
        ],
        "extension": [
            {
                "url": extension_url("screening-result"),
                "extension": [
                    _string("option", result["id"]),
                    _string("kind", result["kind"]),
                    _string("status", status),
                    *(_string("missing", path) for path in result["missing"]),
                ],
            }
        ],
    }
    if reason:
        action["description"] = reason
    documentation = [
        {
            "type": "citation",
            "label": source_id,
            **({"citation": cited[source_id]} if cited.get(source_id) else {}),
        }
        for source_id in result["citations"]
    ]
    if documentation:
        action["documentation"] = documentation
    return action


def guidance_response(
    document: Mapping[str, Any], reasons: Mapping[str, str], *, subject: str | None = None
) -> dict[str, Any]:
    """The FHIR R4 ``GuidanceResponse`` of a report (see the module docstring).

    Args:
        document: The report's JSON form (:meth:`allmodel.report.Report.to_dict`).
        reasons: Each option's one-line reason, by option id.
        subject: The hospital's reference to the patient (``Patient/123``); allmodel does
            not know it and never takes it from the record.
    """
    ruleset = document["ruleset"]
    group: dict[str, Any] = {
        "resourceType": "RequestGroup",
        "id": "screening",
        "status": "active",
        "intent": "proposal",
        "action": [
            _action(result, reasons.get(result["id"], ""), document["sources"])
            for result in document["results"]
        ],
    }
    if subject is not None:
        group["subject"] = {"reference": subject}
    response: dict[str, Any] = {
        "resourceType": "GuidanceResponse",
        "contained": [group],
        "extension": [
            {
                "url": extension_url("ruleset"),
                "extension": [
                    _string("name", ruleset["name"]),
                    _string("version", ruleset["version"]),
                    _string("hash", ruleset["hash"]),
                    _string("library-version", document["library_version"]),
                    _string("jurisdiction", document["jurisdiction"]),
                ],
            }
        ],
        "moduleUri": f"{ALLMODEL_BASE}/ruleset/{ruleset['name']}|{ruleset['version']}",
        "status": "success",
        "occurrenceDateTime": document["as_of"],
        "result": {"reference": "#screening"},
    }
    if subject is not None:
        response["subject"] = {"reference": subject}
    return response
