"""The patient's own observations: body size, ECOG, LVEF, pregnancy, breastfeeding and the
treating team's judgements.

Read (table ``observations``, every code with where it was checked):

* height (LOINC 8302-2) and weight (LOINC 29463-7, 3141-9) from ``valueQuantity`` in any
  UCUM length or mass unit (``[in_i]``, ``[lb_av]``). The model holds them undated: of
  several dated values the latest is kept and the others are reported as superseded; an
  undated one is kept only when no dated one is given.
* ECOG (LOINC 89247-1) from ``valueInteger`` or from a LOINC answer (LA9622-7 ... LA9626-8)
  in ``valueCodeableConcept``; the mCODE STU1 shape (an integer and the LA answer in
  ``interpretation``) must agree with itself.
* LVEF (LOINC 10230-1, SNOMED CT 250908004) from ``valueQuantity`` in ``%``.
* pregnancy status (LOINC 82810-3; SNOMED CT or LOINC answers) and breastfeeding status
  (LOINC 63895-7; LOINC answers). An "unknown" answer leaves the field unrecorded.
* the treating team's judgements, the patient's preference for palliative care, treatment
  at a certified CAR T centre and the cumulative anthracycline dose: no public code system
  names them, so they are allmodel's own codes (the constants below) with ``valueBoolean``
  (a dated :class:`~allmodel.model.Finding` for the judgements) or ``valueQuantity``.

A dated field needs an effective date (``effectiveDateTime``/``effectiveInstant``, a
period within one day, or the ``effectiveDateTime`` of a DiagnosticReport that lists the
Observation among its results); without one the Observation is ignored with the reason.
A value given only as a limit (``comparator``) is not a measurement and is ignored.
Every element not read is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from allmodel.errors import ValidationError
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._domain import CodedReader, Domain
from allmodel.io.fhir._element import Coding, Element, fail, member_path, usual_day
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._quantity import plain_quantity, quantity_json, read_quantity
from allmodel.io.fhir._systems import ALLMODEL_CODES
from allmodel.measures import DosePerArea, Length, Mass
from allmodel.model import EcogAssessment, Finding, LvefMeasurement, Patient
from allmodel.units import Dimension

__all__ = [
    "ADEQUATE_ORGAN_FUNCTION",
    "CERTIFIED_CAR_T_CENTRE",
    "CUMULATIVE_ANTHRACYCLINE",
    "DOMAIN",
    "FIT_FOR_INTENSIVE_THERAPY",
    "HCT_CANDIDATE",
    "HEPATIC_DYSFUNCTION_DUE_TO_LEUKEMIA",
    "NO_ALTERNATIVE_TREATMENT",
    "NO_OTHER_TKI_INDICATED",
    "PREFERS_PALLIATIVE_CARE",
    "RENAL_DYSFUNCTION_DUE_TO_LEUKEMIA",
    "effective_day",
    "observation_shape",
    "plain_day",
    "report_unread",
]

#: allmodel code: the treating team judges the patient fit for intensive chemotherapy
#: (``valueBoolean``, dated).
FIT_FOR_INTENSIVE_THERAPY = "fit-for-intensive-therapy"
#: allmodel code: the treating team judges the patient a candidate for allogeneic HCT
#: (``valueBoolean``, dated).
HCT_CANDIDATE = "hct-candidate"
#: allmodel code: the treating team judges that no alternative treatment is available
#: (``valueBoolean``, dated).
NO_ALTERNATIVE_TREATMENT = "no-alternative-treatment"
#: allmodel code: the treating team judges that no other tyrosine kinase inhibitor is
#: indicated (``valueBoolean``, dated).
NO_OTHER_TKI_INDICATED = "no-other-tki-indicated"
#: allmodel code: the treating team judges renal, hepatic and cardiac function adequate
#: (``valueBoolean``, dated).
ADEQUATE_ORGAN_FUNCTION = "adequate-organ-function"
#: allmodel code: the treating team judges out-of-range liver values (bilirubin) to be due
#: to the leukemia (``valueBoolean``, dated).
HEPATIC_DYSFUNCTION_DUE_TO_LEUKEMIA = "hepatic-dysfunction-due-to-leukemia"
#: allmodel code: the treating team judges reduced kidney function (creatinine clearance)
#: to be due to the leukemia (``valueBoolean``, dated).
RENAL_DYSFUNCTION_DUE_TO_LEUKEMIA = "renal-dysfunction-due-to-leukemia"
#: allmodel code: the patient prefers symptom-directed care to remission induction
#: (``valueBoolean``; the model holds it undated).
PREFERS_PALLIATIVE_CARE = "prefers-palliative-care"
#: allmodel code: the patient is treated at a centre certified to give CAR T cells
#: (``valueBoolean``; undated).
CERTIFIED_CAR_T_CENTRE = "certified-car-t-centre"
#: allmodel code: prior cumulative anthracycline dose, doxorubicin-equivalent
#: (``valueQuantity`` in mg/m2 or another mass per area; undated).
CUMULATIVE_ANTHRACYCLINE = "cumulative-anthracycline"

_FINDINGS: dict[str, str] = {
    FIT_FOR_INTENSIVE_THERAPY: "fit_for_intensive_therapy",
    HCT_CANDIDATE: "hct_candidate",
    NO_ALTERNATIVE_TREATMENT: "no_alternative_treatment",
    NO_OTHER_TKI_INDICATED: "no_other_tki_indicated",
    ADEQUATE_ORGAN_FUNCTION: "adequate_organ_function",
    HEPATIC_DYSFUNCTION_DUE_TO_LEUKEMIA: "hepatic_dysfunction_due_to_leukemia",
    RENAL_DYSFUNCTION_DUE_TO_LEUKEMIA: "renal_dysfunction_due_to_leukemia",
}
_BOOLEANS: dict[str, str] = {
    PREFERS_PALLIATIVE_CARE: "prefers_palliative_care",
    CERTIFIED_CAR_T_CENTRE: "certified_car_t_centre",
}
_DISPLAYS: dict[str, str] = {
    FIT_FOR_INTENSIVE_THERAPY: "Fit for intensive chemotherapy (treating team's judgement)",
    HCT_CANDIDATE: "Candidate for allogeneic HCT (treating team's judgement)",
    NO_ALTERNATIVE_TREATMENT: "No alternative treatment option (treating team's judgement)",
    NO_OTHER_TKI_INDICATED: "No other TKI indicated (treating team's judgement)",
    ADEQUATE_ORGAN_FUNCTION: "Adequate organ function (treating team's judgement)",
    HEPATIC_DYSFUNCTION_DUE_TO_LEUKEMIA: (
        "Out-of-range liver values due to the leukemia (treating team's judgement)"
    ),
    RENAL_DYSFUNCTION_DUE_TO_LEUKEMIA: (
        "Reduced kidney function due to the leukemia (treating team's judgement)"
    ),
    PREFERS_PALLIATIVE_CARE: "Prefers symptom-directed care to remission induction",
    CERTIFIED_CAR_T_CENTRE: "Treated at a certified CAR T centre",
    CUMULATIVE_ANTHRACYCLINE: "Cumulative anthracycline dose, doxorubicin-equivalent",
}
#: Elements every reader here reads (or that carry nothing to read).
_ALWAYS = frozenset({"resourceType", "id", "meta", "text", "status", "code", "subject"})
_SCRATCH = "observations"
_REPORTS = "observations.reports"
#: What each reader reads besides :data:`_ALWAYS` (``effective[x]`` and ``value[x]`` are
#: never reported by :func:`report_unread`: the readers report them themselves).
_READ_QUANTITY = frozenset({"valueQuantity"})
_READ_BOOLEAN = frozenset({"valueBoolean"})
_READ_ECOG = frozenset({"valueInteger", "valueCodeableConcept", "interpretation"})
_READ_CONCEPT = frozenset({"valueCodeableConcept"})
_TABLE = "observations"


# -- shared with the labs domain ---------------------------------------------------------
#: The ``value[x]`` and ``effective[x]`` members of each shape of Observation (its member
#: names) seen: Observations of one kind repeat theirs (see :func:`observation_shape`).
_SHAPES: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
_SHAPES_MAX = 4096


def observation_shape(obj: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``value[x]`` and the ``effective[x]`` members of the Observation ``obj`` (as
    :meth:`Element.choice` finds them), remembered by member names (up to
    :data:`_SHAPES_MAX` shapes, then forgotten)."""
    keys = tuple(obj)
    known = _SHAPES.get(keys)
    if known is None:
        values = tuple(k for k in keys if k.startswith("value") and k[5:6].isupper())
        effective = tuple(k for k in keys if k.startswith("effective") and k[9:10].isupper())
        known = (values, effective)
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        _SHAPES[keys] = known
    return known


def plain_day(obj: dict[str, Any], effective: tuple[str, ...]) -> date | None:
    """The day :func:`effective_day` gives for the usual Observation (its one
    ``effective[x]`` an ``effectiveDateTime`` that is a day in ASCII digits), read from
    the decoded JSON; ``None`` for anything else, which ``effective_day`` reads."""
    if effective != ("effectiveDateTime",):
        return None
    return usual_day(obj["effectiveDateTime"])


def _reports(context: ReadContext) -> list[Resource]:
    """The DiagnosticReports of the input, in input order (found once per reading)."""
    found: list[Resource] | None = context.scratch.get(_REPORTS)
    if found is None:
        found = context.scratch[_REPORTS] = [
            r for r in context.input.resources if r.type == "DiagnosticReport"
        ]
    return found


def effective_day(resource: Resource, context: ReadContext) -> tuple[date, str] | str:
    """The day an Observation was made and the path it was read at, or why there is none.

    ``effectiveDateTime`` and ``effectiveInstant`` give their day; ``effectivePeriod``
    only when it starts and ends on the same day. With no ``effective[x]``, the
    ``effectiveDateTime`` of a DiagnosticReport in the input that lists the Observation
    among its ``result``s is used (the FHIR core CBC example dates its results so).
    """
    found = resource.element.choice("effective")
    if found is not None:
        kind, element = found
        if kind in ("DateTime", "Instant"):
            return element.day(), element.path
        if kind == "Period":
            start, end = element.child("start"), element.child("end")
            if start is not None and end is not None and start.day() == end.day():
                return start.day(), start.path
            return "effectivePeriod does not fall within one day: allmodel needs the day"
        return f"effective{kind} is not a day"
    for report in _reports(context):
        for item in report.element.items("result"):
            reference = item.reference()
            target = context.resource(reference, report) if reference else None
            if target is not None and target.path == resource.path:
                when = report.element.child("effectiveDateTime")
                if when is not None:
                    return when.day(), when.path
    return "no effective date"


#: The members not read of each (member names, names read) seen (see :func:`_unread`).
_UNREAD: dict[tuple[tuple[str, ...], frozenset[str]], tuple[str, ...]] = {}
_UNREAD_MAX = 4096


def _unread(keys: tuple[str, ...], read: frozenset[str]) -> tuple[str, ...]:
    """The members of ``keys`` :func:`report_unread` reports, in order; remembered (up to
    :data:`_UNREAD_MAX` shapes, then forgotten): Observations of one kind repeat theirs."""
    known = _UNREAD.get((keys, read))
    if known is None:
        known = tuple(
            key
            for key in keys
            if key not in _ALWAYS and key not in read and not key.startswith(("value", "effective"))
        )
        if len(_UNREAD) >= _UNREAD_MAX:
            _UNREAD.clear()
        _UNREAD[keys, read] = known
    return known


def report_unread(resource: Resource, context: ReadContext, read: frozenset[str]) -> None:
    """Report every top-level element of ``resource`` not in ``read`` as not read
    (``value[x]`` and ``effective[x]`` are the readers' own to report)."""
    keys = tuple(resource.element.value)  # a resource is an object (see _input._resource)
    unread = _UNREAD.get((keys, read))
    for key in _unread(keys, read) if unread is None else unread:
        context.ignore(member_path(resource.path, key), "not read by allmodel")


# -- reading -----------------------------------------------------------------------------
def _entry_of(coding: Coding) -> str:
    entry = code_table(_TABLE).get(coding.system, coding.code)
    return entry.means if entry is not None else ""


def _dated(resource: Resource, context: ReadContext, field: str) -> tuple[date, str] | None:
    """The effective day, or ``None`` after reporting the Observation as ignored."""
    found = effective_day(resource, context)
    if isinstance(found, str):
        context.ignore(resource.path, f"{field}: {found}; the model holds it with its date")
        return None
    return found


def _value(resource: Resource, context: ReadContext, field: str, kind: str) -> Element | None:
    """The ``value<kind>`` element, or ``None`` after reporting why there is none."""
    found = resource.element.choice("value")
    if found is None:
        absent = resource.element.child("dataAbsentReason")
        why = " (dataAbsentReason given)" if absent is not None else ""
        context.ignore(resource.path, f"{field}: no value{why}")
        return None
    suffix, element = found
    if suffix != kind:
        context.ignore(
            element.path, f"{field}: value{suffix} is not read (allmodel reads value{kind})"
        )
        return None
    return element


def _quantity(
    resource: Resource, context: ReadContext, field: str, dimension: Dimension
) -> tuple[float, str] | None:
    element = _value(resource, context, field, "Quantity")
    if element is None:
        return None
    value, unit, comparator = read_quantity(element, dimension)
    if comparator is not None:
        context.ignore(element.path, f"{field}: a value given only as a limit ({comparator})")
        return None
    return value, unit


def _body_size(resource: Resource, context: ReadContext, field: str) -> None:
    dimension = Dimension.LENGTH if field == "height" else Dimension.MASS
    read = _quantity(resource, context, field, dimension)
    if read is not None:
        found = effective_day(resource, context)
        when = found[0] if not isinstance(found, str) else None
        value = Length(*read) if field == "height" else Mass(*read)
        context.scratch.setdefault(_SCRATCH, []).append((field, value, resource.path, when))


def _plain_vital(resource: Resource, context: ReadContext, field: str) -> bool:
    """:func:`_body_size` of the usual height or weight (a plain UCUM ``valueQuantity``
    without a comparator; no ``effective[x]`` and no DiagnosticReport in the input, or a
    plain ``effectiveDateTime``), read from the decoded JSON; ``False`` (having done
    nothing) for anything else."""
    obj = resource.element.value
    values, effective = observation_shape(obj)
    if values != ("valueQuantity",):
        return False
    dimension = Dimension.LENGTH if field == "height" else Dimension.MASS
    read = plain_quantity(obj["valueQuantity"], (dimension,))
    if read is None or read[2] is not None:
        return False
    when = plain_day(obj, effective)
    if when is None and (effective or _reports(context)):
        return False
    value = Length(read[0], read[1]) if field == "height" else Mass(read[0], read[1])
    context.scratch.setdefault(_SCRATCH, []).append((field, value, resource.path, when))
    return True


def _read_vital(resource: Resource, coding: Coding, context: ReadContext) -> None:
    field = _entry_of(coding)
    try:  # as ``with context.reading(resource.path)``, without its calls
        if not _plain_vital(resource, context, field):
            _body_size(resource, context, field)
    except ValidationError as error:
        context.absorb(error, resource.path)
    report_unread(resource, context, _READ_QUANTITY)


def _ecog_answer(codings: list[Coding]) -> tuple[int, Coding] | None:
    for coding in codings:
        means = _entry_of(coding)
        if means.startswith("ecog:"):
            return int(means[5:]), coding
    return None


def _ecog_value(resource: Resource, context: ReadContext) -> int | None:
    found = resource.element.choice("value")
    if found is None:
        context.ignore(resource.path, "ecog: no value")
        return None
    suffix, element = found
    if suffix == "Integer":
        grade = element.integer()
    elif suffix == "CodeableConcept":
        answer = _ecog_answer(element.codings())
        if answer is None:
            context.unmapped(element.path, "ECOG answer allmodel does not map")
            return None
        grade = answer[0]
    else:
        context.ignore(element.path, f"ecog: value{suffix} is not read")
        return None
    for item in resource.element.items("interpretation"):
        stated = _ecog_answer(item.codings())
        if stated is not None and stated[0] != grade:
            raise fail(stated[1].path, f"says ECOG {stated[0]} but the value is ECOG {grade}")
    return grade


def _read_ecog(resource: Resource, coding: Coding, context: ReadContext) -> None:
    try:  # as ``with context.reading(resource.path)``, without its calls
        grade = _ecog_value(resource, context)
        dated = _dated(resource, context, "ecog") if grade is not None else None
        if grade is not None and dated is not None:
            value = EcogAssessment(value=grade, date=dated[0])
            context.set("ecog", value, resource.path, when=dated[0])
    except ValidationError as error:
        context.absorb(error, resource.path)
    report_unread(resource, context, _READ_ECOG)


def _read_lvef(resource: Resource, coding: Coding, context: ReadContext) -> None:
    try:  # as ``with context.reading(resource.path)``, without its calls
        read = _quantity(resource, context, "lvef_percent", Dimension.PERCENT)
        dated = _dated(resource, context, "lvef_percent") if read is not None else None
        if read is not None and dated is not None:
            value = LvefMeasurement(value=read[0], date=dated[0])
            context.set("lvef_percent", value, resource.path, when=dated[0])
    except ValidationError as error:
        context.absorb(error, resource.path)
    report_unread(resource, context, _READ_QUANTITY)


def _read_status(resource: Resource, coding: Coding, context: ReadContext) -> None:
    """Pregnancy or breastfeeding status: a coded answer, dated."""
    field = _entry_of(coding)
    try:  # as ``with context.reading(resource.path)``, without its calls
        _status(resource, context, field)
    except ValidationError as error:
        context.absorb(error, resource.path)
    report_unread(resource, context, _READ_CONCEPT)


def _status(resource: Resource, context: ReadContext, field: str) -> None:
    element = _value(resource, context, field, "CodeableConcept")
    if element is None:
        return
    meanings = [_entry_of(coding) for coding in element.codings()]
    if "unknown" in meanings:
        context.ignore(element.path, f"{field}: the answer is unknown, so it stays unrecorded")
        return
    answers = {m for m in meanings if m.startswith(f"{field}:")}
    if not answers:
        context.unmapped(element.path, f"{field} answer allmodel does not map")
        return
    if len(answers) > 1:
        raise fail(element.path, f"gives {field} contradicting answers")
    dated = _dated(resource, context, field)
    if dated is not None:
        value = Finding(value=answers.pop().endswith(":true"), date=dated[0])
        context.set(field, value, resource.path, when=dated[0])


def _plain_boolean(resource: Resource) -> tuple[bool, date | None] | None:
    """The ``valueBoolean`` and the day of the usual judgement or flag (a boolean, no
    ``effective[x]`` or a plain ``effectiveDateTime``), read from the decoded JSON; ``None``
    for anything else, which the readers read element by element."""
    obj = resource.element.value
    values, effective = observation_shape(obj)
    if values != ("valueBoolean",) or type(obj["valueBoolean"]) is not bool:
        return None
    if not effective:
        return obj["valueBoolean"], None
    day = plain_day(obj, effective)
    return None if day is None else (obj["valueBoolean"], day)


def _read_finding(resource: Resource, coding: Coding, context: ReadContext) -> None:
    field = _FINDINGS[coding.code or ""]
    plain = _plain_boolean(resource)
    if plain is not None and plain[1] is not None:  # as below, without the calls
        try:
            value = Finding(value=plain[0], date=plain[1])
            context.set(field, value, resource.path, when=plain[1])
        except ValidationError as error:
            context.absorb(error, resource.path)
        report_unread(resource, context, _READ_BOOLEAN)
        return
    try:  # as ``with context.reading(resource.path)``, without its calls
        element = _value(resource, context, field, "Boolean")
        dated = _dated(resource, context, field) if element is not None else None
        if element is not None and dated is not None:
            value = Finding(value=element.boolean(), date=dated[0])
            context.set(field, value, resource.path, when=dated[0])
    except ValidationError as error:
        context.absorb(error, resource.path)
    report_unread(resource, context, _READ_BOOLEAN)


def _undated_when(resource: Resource, context: ReadContext) -> date | None:
    found = effective_day(resource, context) if resource.element.choice("effective") else None
    return found[0] if isinstance(found, tuple) else None


def _read_boolean(resource: Resource, coding: Coding, context: ReadContext) -> None:
    field = _BOOLEANS[coding.code or ""]
    plain = _plain_boolean(resource)
    if plain is not None:  # as below, without the calls
        try:
            context.set(field, plain[0], resource.path, when=plain[1])
        except ValidationError as error:
            context.absorb(error, resource.path)
        report_unread(resource, context, _READ_BOOLEAN)
        return
    try:  # as ``with context.reading(resource.path)``, without its calls
        element = _value(resource, context, field, "Boolean")
        if element is not None:
            when = _undated_when(resource, context)
            context.set(field, element.boolean(), resource.path, when=when)
    except ValidationError as error:
        context.absorb(error, resource.path)
    report_unread(resource, context, _READ_BOOLEAN)


def _read_anthracycline(resource: Resource, coding: Coding, context: ReadContext) -> None:
    field = "cumulative_anthracycline"
    try:  # as ``with context.reading(resource.path)``, without its calls
        read = _quantity(resource, context, field, Dimension.MASS_PER_AREA)
        if read is not None:
            when = _undated_when(resource, context)
            context.set(field, DosePerArea(*read), resource.path, when=when)
    except ValidationError as error:
        context.absorb(error, resource.path)
    report_unread(resource, context, _READ_QUANTITY)


def _finish(context: ReadContext) -> None:
    """Height and weight: the latest dated value, or the undated ones when none is dated."""
    found: list[Any] = context.scratch.get(_SCRATCH, [])
    for field in ("height", "weight"):
        values = [item for item in found if item[0] == field]
        dated = [item for item in values if item[3] is not None]
        for _, value, path, when in values:
            if dated and when is None:
                context.ignore(path, f"{field}: undated, and a dated {field} is given")
            elif when is not None and when > context.as_of:
                context.problem(path, f"{field} is dated after as_of")
            else:
                with context.reading(path):
                    context.set(field, value, path, when=when)


# -- writing -----------------------------------------------------------------------------
def _coding(means: str) -> dict[str, str]:
    entry = code_table(_TABLE).first(means)
    return {"system": entry.system, "code": entry.code, "display": entry.display}


def _own(code: str) -> dict[str, str]:
    return {"system": ALLMODEL_CODES, "code": code, "display": _DISPLAYS[code]}


def _add(
    context: WriteContext, coding: dict[str, str], when: date | None, value: tuple[str, Any]
) -> None:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [coding]},
        "subject": context.patient_reference,
    }
    if when is not None:
        resource["effectiveDateTime"] = when.isoformat()
    resource[value[0]] = value[1]
    context.add(resource)


def _answer(means: str) -> tuple[str, dict[str, Any]]:
    return "valueCodeableConcept", {"coding": [_coding(means)]}


def _write(patient: Patient, context: WriteContext) -> None:
    """One Observation per recorded field (undated fields without an effective date)."""
    if patient.height is not None:
        value = quantity_json(patient.height.value, patient.height.unit)
        _add(context, _coding("height"), None, ("valueQuantity", value))
    if patient.weight is not None:
        value = quantity_json(patient.weight.value, patient.weight.unit)
        _add(context, _coding("weight"), None, ("valueQuantity", value))
    if patient.ecog is not None:
        _add(context, _coding("ecog"), patient.ecog.date, ("valueInteger", patient.ecog.value))
    for field in ("pregnant", "lactating"):
        finding: Finding | None = getattr(patient, field)
        if finding is not None:
            answer = _answer(f"{field}:{'true' if finding.value else 'false'}")
            _add(context, _coding(field), finding.date, answer)
    for code, field in _FINDINGS.items():
        judgement: Finding | None = getattr(patient, field)
        if judgement is not None:
            _add(context, _own(code), judgement.date, ("valueBoolean", judgement.value))
    for code, field in _BOOLEANS.items():
        flag: bool | None = getattr(patient, field)
        if flag is not None:
            _add(context, _own(code), None, ("valueBoolean", flag))
    if patient.lvef_percent is not None:
        value = quantity_json(patient.lvef_percent.value, "%")
        _add(context, _coding("lvef_percent"), patient.lvef_percent.date, ("valueQuantity", value))
    dose = patient.cumulative_anthracycline
    if dose is not None:
        value = quantity_json(dose.value, dose.unit)
        _add(context, _own(CUMULATIVE_ANTHRACYCLINE), None, ("valueQuantity", value))


def _coded() -> dict[tuple[str, str, str], CodedReader]:
    readers: dict[str, CodedReader] = {
        "height": _read_vital,
        "weight": _read_vital,
        "ecog": _read_ecog,
        "lvef_percent": _read_lvef,
        "pregnant": _read_status,
        "lactating": _read_status,
    }
    coded: dict[tuple[str, str, str], CodedReader] = {
        ("Observation", e.system, e.code): readers[e.means]
        for e in code_table(_TABLE).entries
        if e.means in readers
    }
    own: dict[str, Callable[[Resource, Coding, ReadContext], None]] = {
        **dict.fromkeys(_FINDINGS, _read_finding),
        **dict.fromkeys(_BOOLEANS, _read_boolean),
        CUMULATIVE_ANTHRACYCLINE: _read_anthracycline,
    }
    coded.update({("Observation", ALLMODEL_CODES, code): reader for code, reader in own.items()})
    return coded


DOMAIN = Domain(name="observations", write=_write, coded=_coded(), finish=_finish)
