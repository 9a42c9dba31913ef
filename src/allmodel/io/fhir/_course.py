"""Treatment lines in FHIR: a CarePlan per line, a MedicationStatement per agent.

**Written shape.** Each :class:`~allmodel.model.TreatmentLine` is a ``CarePlan``
(``intent`` ``plan``; ``category`` allmodel's :data:`TREATMENT_LINE` code; ``title`` the
regimen; ``period`` its start and end; ``status`` ``active`` for an ongoing line,
``completed`` for a line with an end date, else ``unknown``) carrying allmodel's
extensions :data:`INTENT`, :data:`BEST_RESPONSE`, :data:`STOP_REASON` (``valueCode``: the
model's value), :data:`INTENSIVE` (``valueBoolean``) and :data:`CYCLES`
(``valuePositiveInt``). Each agent, in the line's order, is a ``MedicationStatement``
whose ``basedOn`` is the CarePlan, ``effectivePeriod`` the line's period and
``medicationCodeableConcept`` the agent's RxNorm ingredient and ATC codes
(:mod:`._medications`). Radiotherapy is no medication: it is a ``Procedure`` coded
SNOMED CT 1217123003 (Radiotherapy course of treatment, the code of mCODE's radiotherapy
course summary) with the same ``basedOn`` and period. A line without agents is its
CarePlan alone. No public code system names allmodel's line intents (frontline, salvage,
bridge to transplant, ...), so intent travels in allmodel's extension.

**Read back.** A CarePlan with the :data:`TREATMENT_LINE` category is a line; the
statements, administrations, requests and radiotherapy procedures whose ``basedOn`` names
it give its agents, in input order (an agent named twice is reported once as repeated).
A line with no intent or no start is not built (reported). Lines come in the order of
their CarePlans, then the lines grouped from other records (below).

**Records of real systems** (no allmodel CarePlan): MedicationStatement (status
``active``, ``completed``, ``stopped``), MedicationAdministration (``in-progress``,
``completed``, ``stopped``), MedicationRequest (``active``, ``completed``, ``stopped``;
only orders, never proposals or plans, never ``doNotPerform``) and radiotherapy course
Procedures (``in-progress``, ``completed``, ``stopped``). Every other status is reported
as not read. Dates: ``effective[x]`` (``performed[x]``); a request's ``authoredOn`` is
taken as its start. The model needs every line's intent, and a medication record rarely
says which line it belongs to: the reader takes the intent only from mCODE's treatment-
or procedure-intent extension when it is palliative (SNOMED CT 363676003, the model's
``palliative``) or from allmodel's :data:`INTENT` extension on the record. Curative intent
does not say whether a line was frontline or salvage, so it is not enough. A record with
no usable intent is reported (``no treatment line intent``) and builds no line; allmodel
never invents frontline or salvage.

Records that do have an intent are grouped into lines by a conservative rule of
allmodel's own (no source defines lines from raw records): records of the same intent,
taken by start date, belong to one line while each starts no more than
:data:`GAP_DAYS` days after the latest day the line reached so far (its records' ends,
or starts when they have no end). The line starts on its first record's start; it is
ongoing (``stop_reason`` ``ongoing``, no end) when any record is still active or in
progress; otherwise it ends on the latest end when every record has one, else its end is
unknown. Regimen, best response, intensity and cycles are left unknown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs

from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._domain import Domain
from allmodel.io.fhir._element import Coding, Element, fail, member_path
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._medications import FoundAgent, agent_concept, read_medication
from allmodel.io.fhir._report import Outcome
from allmodel.io.fhir._systems import ALLMODEL_CODES, SNOMED, extension_url
from allmodel.model import (
    Agent,
    BestResponse,
    Intent,
    Patient,
    StopReason,
    TreatmentLine,
)

__all__ = [
    "BEST_RESPONSE",
    "CYCLES",
    "DOMAIN",
    "GAP_DAYS",
    "INTENSIVE",
    "INTENT",
    "MCODE_INTENT",
    "RADIOTHERAPY",
    "STOP_REASON",
    "TREATMENT_LINE",
]

#: allmodel's code (system ALLMODEL_CODES) that marks a CarePlan as a line of therapy.
TREATMENT_LINE = "treatment-line"
#: Extension: why the line was given (``valueCode``: an :class:`~allmodel.model.Intent`).
INTENT = extension_url("treatment-line-intent")
#: Extension: best response on the line (``valueCode``: a
#: :class:`~allmodel.model.BestResponse`).
BEST_RESPONSE = extension_url("treatment-line-best-response")
#: Extension: why the line ended (``valueCode``: a :class:`~allmodel.model.StopReason`).
STOP_REASON = extension_url("treatment-line-stop-reason")
#: Extension: whether the line was intensive combination chemotherapy (``valueBoolean``).
INTENSIVE = extension_url("treatment-line-intensive")
#: Extension: how many cycles were given (``valuePositiveInt``).
CYCLES = extension_url("treatment-line-cycles")
#: mCODE's intent extensions on medication records and procedures (STU1 and later).
MCODE_INTENT: frozenset[str] = frozenset(
    {
        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-treatment-intent",
        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent",
    }
)
#: SNOMED CT code of a radiotherapy course (table ``medications``).
RADIOTHERAPY = "1217123003"
#: Records of one intent starting at most this many days after the latest day their line
#: reached so far join that line (allmodel's convention, see the module docstring).
GAP_DAYS = 28

_FIELD = "course.treatment_lines"
_KEY = "course"
_RECORD_TYPES = ("MedicationStatement", "MedicationAdministration", "MedicationRequest")
#: Statuses used for records of an allmodel line, and for records standing alone.
_IN_LINE = {
    "MedicationStatement": frozenset({"active", "completed", "stopped", "on-hold", "unknown"}),
    "MedicationRequest": frozenset({"active", "completed", "stopped", "on-hold", "unknown"}),
    "MedicationAdministration": frozenset(
        {"in-progress", "completed", "stopped", "on-hold", "unknown"}
    ),
    "Procedure": frozenset({"in-progress", "completed", "stopped", "on-hold", "unknown"}),
}
_ALONE = {
    "MedicationStatement": frozenset({"active", "completed", "stopped"}),
    "MedicationRequest": frozenset({"active", "completed", "stopped"}),
    "MedicationAdministration": frozenset({"in-progress", "completed", "stopped"}),
    "Procedure": frozenset({"in-progress", "completed", "stopped"}),
}
_ONGOING = frozenset({"active", "in-progress"})
_ORDERS = frozenset({"order", "original-order", "reflex-order", "filler-order", "instance-order"})
_PLAN_STATUSES = frozenset({"active", "on-hold", "revoked", "completed", "unknown"})
_PLAN_READ = frozenset(
    {"resourceType", "id", "meta", "text", "status", "intent", "category", "title", "subject"}
)


@attrs.frozen
class _Head:
    """A CarePlan read as a line, waiting for its agents."""

    path: str
    regimen: str | None
    start: date
    end: date | None
    intent: Intent
    best_response: BestResponse | None
    stop_reason: StopReason | None
    intensive: bool | None
    cycles: int | None


@attrs.frozen
class _Record:
    """A medication record or radiotherapy procedure naming one agent."""

    path: str
    found: FoundAgent
    medication: str | None
    line: str | None
    start: date | None = None
    end: date | None = None
    ongoing: bool = False
    intent: Intent | None = None


def _scratch(context: ReadContext, name: str) -> list[Any]:
    return context.scratch.setdefault(f"{_KEY}.{name}", [])


# -- reading ----------------------------------------------------------------------------


def _enum(kind: type[Intent] | type[BestResponse] | type[StopReason], element: Element) -> Any:
    text = element.string()
    try:
        return kind(text)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise fail(element.path, f"is not one of {allowed}: {text!r}") from None


def _is_line(resource: Resource) -> bool:
    for category in resource.element.items("category"):
        for coding in category.codings():
            if coding.system == ALLMODEL_CODES and coding.code == TREATMENT_LINE:
                return True
    return False


def _line_plan(plan: Resource, context: ReadContext) -> bool:
    """:func:`_is_line`, asked once per CarePlan (every record of a line names it)."""
    known: dict[str, bool] = context.scratch.setdefault("course.lines", [{}])[0]
    found = known.get(plan.path)
    if found is None:
        found = known[plan.path] = _is_line(plan)
    return found


def _read_plan(resource: Resource, context: ReadContext) -> None:
    if not _is_line(resource):
        context.ignore(resource.path, "a CarePlan that is not an allmodel treatment line: not read")
        return
    status = resource.element.need("status").string()
    if status not in _PLAN_STATUSES:
        context.ignore(resource.path, f"status {status}: not a line that was given")
        return
    values: dict[str, Any] = {}
    for extension in resource.element.items("extension"):
        url = extension.need("url").string()
        if url == INTENT:
            values["intent"] = _enum(Intent, extension.need("valueCode"))
        elif url == BEST_RESPONSE:
            values["best_response"] = _enum(BestResponse, extension.need("valueCode"))
        elif url == STOP_REASON:
            values["stop_reason"] = _enum(StopReason, extension.need("valueCode"))
        elif url == INTENSIVE:
            values["intensive"] = extension.need("valueBoolean").boolean()
        elif url == CYCLES:
            values["cycles"] = extension.need("valuePositiveInt").integer()
        else:
            context.ignore(extension.path, "extension not read by allmodel")
    period = resource.element.child("period")
    start = period.child("start") if period is not None else None
    if start is None:
        context.ignore(resource.path, "a treatment line with no start date: not read")
        return
    if "intent" not in values:
        context.ignore(
            resource.path,
            "no treatment line intent: allmodel needs why a line was given and does not guess it",
        )
        return
    end = period.child("end") if period is not None else None
    title = resource.element.child("title")
    for key in resource.element.object():
        if key not in _PLAN_READ and key not in ("extension", "period"):
            context.ignore(member_path(resource.path, key), "not read by allmodel")
    _scratch(context, "heads").append(
        _Head(
            path=resource.path,
            regimen=title.string() if title is not None else None,
            start=start.day(),
            end=end.day() if end is not None else None,
            intent=values["intent"],
            best_response=values.get("best_response"),
            stop_reason=values.get("stop_reason"),
            intensive=values.get("intensive"),
            cycles=values.get("cycles"),
        )
    )


def _line_of(resource: Resource, context: ReadContext) -> str | None:
    """The path of the allmodel line CarePlan the record's ``basedOn`` names, if any.

    The usual ``basedOn`` (references, each an object with a ``reference`` string, if
    any) is read straight from the decoded JSON; anything else element by element, which
    names what is wrong (asking again about the references before it answers as before:
    :func:`_line_plan` remembers its answers and reports nothing).
    """
    based = resource.element.value.get("basedOn")
    if based is None:
        return None
    if type(based) is list:
        for item in based:
            reference = item.get("reference") if type(item) is dict else 0
            if reference is None:
                continue
            if type(reference) is not str or not reference.strip():
                break
            target = context.resource(reference, within=resource)
            if target is not None and target.type == "CarePlan" and _line_plan(target, context):
                return target.path
        else:
            return None
    return _line_of_slowly(resource, context)


def _line_of_slowly(resource: Resource, context: ReadContext) -> str | None:
    """:func:`_line_of`, element by element."""
    for based in resource.element.items("basedOn"):
        reference = based.reference()
        target = context.resource(reference, within=resource) if reference else None
        if target is not None and target.type == "CarePlan" and _line_plan(target, context):
            return target.path
    return None


def _dates(resource: Resource) -> tuple[date | None, date | None]:
    prefix = "performed" if resource.type == "Procedure" else "effective"
    chosen = resource.element.choice(prefix)
    if chosen is None:
        if resource.type == "MedicationRequest":
            authored = resource.element.child("authoredOn")
            return (authored.day() if authored is not None else None), None
        return None, None
    kind, value = chosen
    if kind == "DateTime":
        day = value.day()
        # one administration (or procedure) is given on its day; a statement's point in
        # time says when it was taken, not when it stopped
        single = resource.type in ("MedicationAdministration", "Procedure")
        return day, day if single else None
    if kind == "Period":
        start = value.child("start")
        end = value.child("end")
        return (start.day() if start else None), (end.day() if end else None)
    raise fail(value.path, f"{prefix}{kind}: allmodel reads a dateTime or a Period")


def _record_intent(resource: Resource, context: ReadContext) -> Intent | None:
    found: Intent | None = None
    for extension in resource.element.items("extension"):
        url = extension.need("url").string()
        if url == INTENT:
            found = _enum(Intent, extension.need("valueCode"))
        elif url in MCODE_INTENT:
            concept = extension.need("valueCodeableConcept")
            codings: list[Coding] = concept.codings()
            entry = next(
                (
                    hit
                    for coding in codings
                    if (hit := code_table("medications").get(coding.system, coding.code))
                    is not None
                    and hit.system == SNOMED
                ),
                None,
            )
            if entry is not None and entry.means == Intent.PALLIATIVE.value:
                found = Intent.PALLIATIVE
            elif entry is not None:
                context.ignore(
                    extension.path,
                    f"{entry.means} treatment intent does not say which line allmodel needs"
                    " (frontline, salvage, ...)",
                )
            else:
                context.unmapped(concept.path, "treatment intent allmodel does not map")
    return found


def _read_record(resource: Resource, context: ReadContext, found: FoundAgent | None) -> None:
    """Common part of the medication and radiotherapy readers, once the agent is known."""
    line = _line_of(resource, context)
    status = resource.element.need("status").string()
    allowed = (_IN_LINE if line is not None else _ALONE)[resource.type]
    if status not in allowed:
        context.ignore(resource.path, f"status {status}: not read as a drug given")
        return
    if resource.type == "MedicationRequest" and line is None:
        kind = resource.element.need("intent").string()
        if kind not in _ORDERS:
            context.ignore(resource.path, f"a request of intent {kind}: not an order")
            return
        dont = resource.element.child("doNotPerform")
        if dont is not None and dont.boolean():
            context.ignore(resource.path, "doNotPerform: an order not to give the drug")
            return
    if found is None and line is not None:
        # a line missing one of its agents would read as "never given": refuse it
        context.problem(
            resource.path,
            "names a drug allmodel does not map, in a treatment line allmodel wrote:"
            " the line would lose an agent",
        )
        return
    if found is None:
        context.ignore(resource.path, "the drug is not one allmodel maps (reported)")
        return
    medication = None
    if resource.type != "Procedure":
        chosen = resource.element.choice("medication")
        medication = chosen[1].path if chosen is not None else None
    if line is not None:
        _scratch(context, "records").append(_Record(resource.path, found, medication, line))
        return
    start, end = _dates(resource)
    intent = _record_intent(resource, context)
    _scratch(context, "records").append(
        _Record(
            resource.path,
            found,
            medication,
            None,
            start=start,
            end=end,
            ongoing=status in _ONGOING,
            intent=intent,
        )
    )


def _read_medication_record(resource: Resource, context: ReadContext) -> None:
    found, medication = read_medication(resource, context)
    if medication is not None:
        _scratch(context, "media").append((medication.path, resource.path))
    _read_record(resource, context, found)


def _read_radiotherapy(resource: Resource, coding: Coding, context: ReadContext) -> None:
    _read_record(resource, context, FoundAgent(Agent.RADIOTHERAPY, coding.path))


def _register_medication(resource: Resource, context: ReadContext) -> None:
    _scratch(context, "medications").append(resource.path)


# -- assembling lines -------------------------------------------------------------------


def _use_records(context: ReadContext, index: int, records: list[_Record]) -> None:
    seen: set[Agent] = set()
    for record in records:
        field = f"{_FIELD}[{index}].agents"
        if record.found.agent in seen:
            context.ignore(record.path, f"{field}: {record.found.agent.value} already in the line")
            continue
        seen.add(record.found.agent)
        context.use(record.path, field)
        if record.found.note is not None:
            context.ignore(record.found.path, record.found.note)


def _agents(records: list[_Record]) -> tuple[Agent, ...]:
    return tuple(dict.fromkeys(record.found.agent for record in records))


def _finish_plans(context: ReadContext, records: list[_Record]) -> None:
    for head in _scratch(context, "heads"):
        mine = [record for record in records if record.line == head.path]
        agents = _agents(mine)
        if head.regimen is None and not agents:
            context.ignore(head.path, "a treatment line with no regimen and no agent allmodel maps")
            continue
        with context.reading(head.path):
            line = TreatmentLine(
                regimen=head.regimen,
                agents=agents,
                start=head.start,
                end=head.end,
                intent=head.intent,
                best_response=head.best_response,
                stop_reason=head.stop_reason,
                intensive=head.intensive,
                cycles=head.cycles,
            )
            index = len(context.lists.get(_FIELD, []))
            context.add(_FIELD, line, head.path)
            _use_records(context, index, mine)


def _groups(records: list[_Record]) -> list[list[_Record]]:
    ordered = sorted(
        (r for r in records if r.start is not None and r.intent is not None),
        key=lambda r: (r.intent or "", r.start or date.min),
    )
    groups: list[list[_Record]] = []
    reached: date | None = None
    for record in ordered:
        assert record.start is not None
        last = groups[-1][-1] if groups else None
        if (
            last is None
            or last.intent is not record.intent
            or reached is None
            or record.start > reached + timedelta(days=GAP_DAYS)
        ):
            groups.append([record])
            reached = record.end or record.start
            continue
        groups[-1].append(record)
        reached = max(reached, record.end or record.start)
    return sorted(groups, key=lambda group: (group[0].start or date.min, group[0].path))


def _finish_records(context: ReadContext, records: list[_Record]) -> None:
    for record in records:
        if record.start is None:
            context.ignore(
                record.path, f"{record.found.agent.value}: no date, so no line can hold it"
            )
        elif record.intent is None:
            context.ignore(
                record.path,
                f"{record.found.agent.value} from {record.start.isoformat()}: no treatment line"
                " intent (allmodel needs why a line was given and does not guess it)",
            )
    for group in _groups(records):
        ongoing = any(record.ongoing for record in group)
        ends = [record.end for record in group]
        end = None if ongoing or None in ends else max(e for e in ends if e is not None)
        first = group[0]
        assert first.start is not None
        assert first.intent is not None
        with context.reading(first.path):
            line = TreatmentLine(
                agents=_agents(group),
                start=first.start,
                end=end,
                intent=first.intent,
                stop_reason=StopReason.ONGOING if ongoing else None,
            )
            index = len(context.lists.get(_FIELD, []))
            context.add(_FIELD, line, first.path)
            _use_records(context, index, group)


def _finish(context: ReadContext) -> None:
    records: list[_Record] = _scratch(context, "records")
    _finish_plans(context, [record for record in records if record.line is not None])
    _finish_records(context, [record for record in records if record.line is None])
    media = _scratch(context, "media")
    if media:  # (most records name their drug in a CodeableConcept: no Medication)
        used = {entry.path for entry in context.entries if entry.outcome is Outcome.USED}
        for medication, user in media:
            if user in used and not medication.startswith(user):
                context.use(medication, f"{_FIELD} (the drug of {user})")
    named = {medication for medication, _ in media}
    for path in _scratch(context, "medications"):
        if path not in named:
            context.ignore(
                path,
                "a Medication no statement, administration or request refers to:"
                " no patient, no date",
            )


# -- writing ----------------------------------------------------------------------------


def _status(line: TreatmentLine, ongoing: str) -> str:
    if line.ongoing:
        return ongoing
    return "completed" if line.end is not None else "unknown"


def _period(line: TreatmentLine) -> dict[str, str]:
    period = {"start": line.start.isoformat()}
    if line.end is not None:
        period["end"] = line.end.isoformat()
    return period


def _plan(line: TreatmentLine, context: WriteContext) -> dict[str, Any]:
    extensions: list[dict[str, Any]] = [{"url": INTENT, "valueCode": line.intent.value}]
    if line.best_response is not None:
        extensions.append({"url": BEST_RESPONSE, "valueCode": line.best_response.value})
    if line.stop_reason is not None:
        extensions.append({"url": STOP_REASON, "valueCode": line.stop_reason.value})
    if line.intensive is not None:
        extensions.append({"url": INTENSIVE, "valueBoolean": line.intensive})
    if line.cycles is not None:
        extensions.append({"url": CYCLES, "valuePositiveInt": line.cycles})
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "extension": extensions,
        "status": _status(line, "active"),
        "intent": "plan",
        "category": [
            {
                "coding": [
                    {"system": ALLMODEL_CODES, "code": TREATMENT_LINE, "display": "Treatment line"}
                ]
            }
        ],
        "subject": context.patient_reference,
        "period": _period(line),
    }
    if line.regimen is not None:
        plan["title"] = line.regimen
    return plan


def _write(patient: Patient, context: WriteContext) -> None:
    """One CarePlan per line, then a MedicationStatement (or radiotherapy Procedure) per
    agent (see the module docstring)."""
    radiotherapy = code_table("medications").get(SNOMED, RADIOTHERAPY)
    assert radiotherapy is not None
    for line in patient.course.treatment_lines:
        plan = context.add(_plan(line, context))
        for agent in line.agents:
            if agent is Agent.RADIOTHERAPY:
                context.add(
                    {
                        "resourceType": "Procedure",
                        "basedOn": [plan],
                        "status": _status(line, "in-progress"),
                        "code": {
                            "coding": [
                                {
                                    "system": SNOMED,
                                    "code": RADIOTHERAPY,
                                    "display": radiotherapy.display,
                                }
                            ]
                        },
                        "subject": context.patient_reference,
                        "performedPeriod": _period(line),
                    }
                )
                continue
            context.add(
                {
                    "resourceType": "MedicationStatement",
                    "basedOn": [plan],
                    "status": _status(line, "active"),
                    "medicationCodeableConcept": agent_concept(agent),
                    "subject": context.patient_reference,
                    "effectivePeriod": _period(line),
                }
            )


DOMAIN = Domain(
    name="course",
    write=_write,
    coded={("Procedure", SNOMED, RADIOTHERAPY): _read_radiotherapy},
    typed={
        "CarePlan": _read_plan,
        "Medication": _register_medication,
        **dict.fromkeys(_RECORD_TYPES, _read_medication_record),
    },
    finish=_finish,
)
