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

from typing import TYPE_CHECKING, Any

from allmodel.io.fhir._systems import ALLMODEL_BASE, ALLMODEL_CODES, extension_url
from allmodel.sources import citation_texts

if TYPE_CHECKING:
    from allmodel.report import OptionResult, Report

__all__ = ["guidance_response"]

#: The allmodel codes of the three statuses (in ``ALLMODEL_CODES``).
STATUS_DISPLAY = {
    "eligible": "Eligible",
    "not_eligible": "Not eligible",
    "unknown": "Unknown: data missing or not current",
}


def _string(name: str, value: str) -> dict[str, Any]:
    return {"url": name, "valueString": value}


def _action(result: OptionResult, reason: str, cited: dict[str, str | None]) -> dict[str, Any]:
    status = result.status.value
    action: dict[str, Any] = {
        "id": result.id,
        "title": result.name,
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
                    _string("option", result.id),
                    _string("kind", result.kind.value),
                    _string("status", status),
                    *(_string("missing", path) for path in result.missing),
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
        for source_id in result.citations
    ]
    if documentation:
        action["documentation"] = documentation
    return action


def guidance_response(report: Report, *, subject: str | None = None) -> dict[str, Any]:
    """The FHIR R4 ``GuidanceResponse`` of ``report`` (decoded JSON; see the module docstring).

    Args:
        report: A screening report.
        subject: The hospital's reference to the patient (``Patient/123``); allmodel does
            not know it and never takes it from the record.
    """
    from allmodel.report import result_reason  # noqa: PLC0415 - report imports this module

    cited = citation_texts(source_id for result in report.results for source_id in result.citations)
    group: dict[str, Any] = {
        "resourceType": "RequestGroup",
        "id": "screening",
        "status": "active",
        "intent": "proposal",
        "action": [_action(result, result_reason(result), cited) for result in report.results],
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
                    _string("name", report.ruleset),
                    _string("version", report.ruleset_version),
                    _string("hash", report.ruleset_hash),
                    _string("library-version", report.library_version),
                    _string("jurisdiction", report.jurisdiction.value),
                ],
            }
        ],
        "moduleUri": f"{ALLMODEL_BASE}/ruleset/{report.ruleset}|{report.ruleset_version}",
        "status": "success",
        "occurrenceDateTime": report.as_of.isoformat(),
        "result": {"reference": "#screening"},
    }
    if subject is not None:
        response["subject"] = {"reference": subject}
    return response
