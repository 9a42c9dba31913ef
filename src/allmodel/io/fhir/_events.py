"""Remissions, relapses, transplants and the course flags, in FHIR.

**Remissions and relapses** are read only from dated disease-status Observations: the
mCODE CancerDiseaseStatus shape, with ``code`` LOINC 88040-1 (mCODE STU1) or 97509-4
(mCODE STU2 and later) and a coded ``valueCodeableConcept`` (table ``events``). SNOMED CT
"in full remission" (and the older "malignant neoplasm in full remission" that mCODE
STU2 used) is read as a complete remission, CR; CR with partial or incomplete
haematological recovery (CRh, CRi; decision-2) and relapse have no code in the mCODE
value sets, so they are written and read as allmodel codes (:data:`CRH`, :data:`CRI`,
:data:`RELAPSE`). The other values mCODE allows (partial remission; improved, stable,
worsened, undetermined) say nothing about a remission or a relapse and are reported as
ignored, never mapped to one. The Observation's ``effectiveDateTime`` (or
``effectiveInstant``) gives the day; one without a single day is ignored. A relapse's
site and extramedullary sites travel in allmodel extensions (:data:`RELAPSE_SITE`,
:data:`EXTRAMEDULLARY_SITE`). ``Condition.clinicalStatus`` (relapse, remission) is not
read here: it has no date of its own.

**Transplants** are read from Procedures coded SNOMED CT 234336002 (haemopoietic stem
cell transplant) whose ``status`` is ``completed``, dated by ``performedDateTime`` or
``performedPeriod.start``. Whether the transplant was allogeneic or autologous comes from
the allmodel extension :data:`TRANSPLANT_KIND`; the donor type and donor CMV serostatus
from :data:`DONOR_TYPE` and :data:`DONOR_CMV` (SNOMED CT positive / negative). A
transplant without its kind is ignored, never guessed.

**Course flags** (``history_complete``, ``hla_typed``, ``donor_identified``, ``cr1_high_risk``,
``donor_type``, ``donor_cmv``) are allmodel-coded Observations with ``valueBoolean`` or a
coded value; they are undated in the model, so no effective date is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from allmodel.errors import ValidationError
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._disease import all_lineage
from allmodel.io.fhir._domain import CodedReader, Domain
from allmodel.io.fhir._element import Coding, Element, fail
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._systems import ALLMODEL_CODES, LOINC, SNOMED, extension_url
from allmodel.model import (
    DonorType,
    ExtramedullarySite,
    Patient,
    Relapse,
    RelapseSite,
    Remission,
    RemissionKind,
    Serostatus,
    Transplant,
    TransplantKind,
)

__all__ = [
    "CRH",
    "CRI",
    "DOMAIN",
    "DONOR_CMV",
    "DONOR_IDENTIFIED",
    "DONOR_TYPE",
    "EXTRAMEDULLARY_SITE",
    "HISTORY_COMPLETE",
    "HLA_TYPED",
    "RELAPSE",
    "RELAPSE_SITE",
    "TRANSPLANT_KIND",
]

#: allmodel code (value of a disease status): complete remission with partial
#: haematological recovery (decision-2); no mCODE value set names it.
CRH = "CRh"
#: allmodel code (value of a disease status): complete remission with incomplete
#: haematological recovery (decision-2); no mCODE value set names it.
CRI = "CRi"
#: allmodel code (value of a disease status): relapse, the loss of a remission; no mCODE
#: value set names it.
RELAPSE = "relapse"
#: allmodel code (Observation.code) and Observation: whether the treatment history is
#: complete (``Course.history_complete``).
HISTORY_COMPLETE = "history-complete"
#: allmodel code (Observation.code): whether HLA typing has been done.
HLA_TYPED = "hla-typed"
#: allmodel code (Observation.code): whether a suitable allogeneic donor is identified.
DONOR_IDENTIFIED = "donor-identified"
#: allmodel code (Observation.code): whether the disease was classified high risk in
#: first remission (``Course.cr1_high_risk``).
CR1_HIGH_RISK = "cr1-high-risk"
#: allmodel code (Observation.code) and extension name: the (identified) donor's type,
#: valued with the allmodel codes of :class:`~allmodel.model.DonorType`.
DONOR_TYPE = "donor-type"
#: allmodel code (Observation.code) and extension name: the donor's CMV serostatus,
#: valued with SNOMED CT positive / negative.
DONOR_CMV = "donor-cmv"
#: allmodel extension name (Procedure): allogeneic or autologous, as ``valueCode``.
TRANSPLANT_KIND = "transplant-kind"
#: allmodel extension name (disease status): the site of a relapse, as ``valueCode``.
RELAPSE_SITE = "relapse-site"
#: allmodel extension name (disease status, repeated in order): an extramedullary site
#: involved at relapse, as ``valueCode``.
EXTRAMEDULLARY_SITE = "extramedullary-site"

_TABLE = "events"
_STATUS_CODES = ("88040-1", "97509-4")
_HCT = "234336002"
_FLAGS = {
    HISTORY_COMPLETE: "course.history_complete",
    HLA_TYPED: "course.hla_typed",
    DONOR_IDENTIFIED: "course.donor_identified",
    CR1_HIGH_RISK: "course.cr1_high_risk",
}
_DONOR_TYPES = frozenset(member.value for member in DonorType)
_ALLMODEL_STATUS = {CRH: RemissionKind.CRH, CRI: RemissionKind.CRI}
_DISPLAY = {
    CRH: "Complete remission with partial haematological recovery (CRh)",
    CRI: "Complete remission with incomplete haematological recovery (CRi)",
    RELAPSE: "Relapse",
    HISTORY_COMPLETE: "Treatment history complete",
    HLA_TYPED: "HLA typing done",
    DONOR_IDENTIFIED: "Allogeneic donor identified",
    CR1_HIGH_RISK: "High-risk disease in first remission",
    DONOR_TYPE: "Donor type",
    DONOR_CMV: "Donor CMV serostatus",
}


# -- reading helpers ------------------------------------------------------------------------
def _extensions(element: Element, name: str) -> Iterator[Element]:
    """The extensions of ``element`` with allmodel's URL for ``name``, in order."""
    url = extension_url(name)
    for item in element.items("extension"):
        found = item.child("url")
        if found is not None and found.string() == url:
            yield item


def _one_extension(element: Element, name: str) -> Element | None:
    found = list(_extensions(element, name))
    if len(found) > 1:
        raise fail(found[1].path, f"repeats the {name} extension")
    return found[0] if found else None


_E = TypeVar("_E", RelapseSite, ExtramedullarySite, TransplantKind)


def _code_value(extension: Element, kind: type[_E], context: ReadContext) -> _E | None:
    """The enum member a ``valueCode`` extension names; unmapped when it names none."""
    value = extension.need("valueCode")
    text = value.string()
    try:
        return kind(text)
    except ValueError:
        context.unmapped(value.path, f"{kind.__name__} code allmodel does not know: {text!r}")
        return None


def _serostatus(concept: Element, context: ReadContext) -> Serostatus | None:
    for coding in concept.codings():
        entry = code_table(_TABLE).get(coding.system, coding.code)
        if entry is not None and entry.means in ("positive", "negative"):
            return Serostatus(entry.means)
    context.unmapped(concept.path, "CMV serostatus code allmodel does not map")
    return None


def _donor_type(concept: Element, context: ReadContext) -> DonorType | None:
    for coding in concept.codings():
        if coding.system == ALLMODEL_CODES and coding.code in _DONOR_TYPES:
            return DonorType(coding.code)
    context.unmapped(concept.path, "donor type code allmodel does not map")
    return None


def _status_meaning(concept: Element) -> tuple[str, Coding] | None:
    """What a disease-status value means (``CR``, ``CRh``, ``CRi``, ``relapse``,
    ``partial_remission`` or ``trend``), with the coding that says so."""
    for coding in concept.codings():
        if coding.system == ALLMODEL_CODES and coding.code in (CRH, CRI, RELAPSE):
            return coding.code, coding
        entry = code_table(_TABLE).get(coding.system, coding.code)
        if entry is not None and entry.means in ("CR", "partial_remission", "trend"):
            return entry.means, coding
    return None


def _status_day(resource: Resource, context: ReadContext) -> date | None:
    effective = resource.element.choice("effective")
    if effective is None:
        context.ignore(resource.path, "disease status without an effective date: undated")
        return None
    kind, element = effective
    if kind not in ("DateTime", "Instant"):
        context.ignore(element.path, f"effective{kind} gives no single day for the status")
        return None
    return element.day()


# -- readers ---------------------------------------------------------------------------------
def _about_another_condition(resource: Resource, context: ReadContext) -> str | None:
    """The path of a ``focus`` that names a Condition of the input other than ALL (a
    disease status of another cancer must not become an ALL remission or relapse)."""
    for focus in resource.element.items("focus"):
        reference = focus.reference()
        target = context.resource(reference, resource) if reference is not None else None
        if target is None or target.type != "Condition":
            continue
        code = target.element.child("code")
        codings = code.codings() if code is not None else []
        if not any(all_lineage(coding)[0] for coding in codings):
            return focus.path
    return None


def _read_status(resource: Resource, coding: Coding, context: ReadContext) -> None:
    """A disease-status Observation: a remission, a relapse, or reported as not one."""
    other = _about_another_condition(resource, context)
    if other is not None:
        context.ignore(other, "disease status of a Condition that is not ALL")
        return
    value = resource.element.choice("value")
    if value is None:
        context.ignore(resource.path, "disease status without a value")
        return
    kind, concept = value
    if kind != "CodeableConcept":
        context.ignore(concept.path, f"disease status given as value{kind}, not coded")
        return
    found = _status_meaning(concept)
    if found is None:
        shown = ", ".join(f"{c.system} {c.code}" for c in concept.codings()) or "no coding"
        context.unmapped(concept.path, f"disease status allmodel does not map: {shown}")
        return
    meaning, used = found
    if meaning == "trend":
        shown = f" ({used.display})" if used.display else ""
        context.ignore(
            concept.path,
            f"disease status {used.code}{shown} is a trend, not a remission or relapse",
        )
        return
    if meaning == "partial_remission":
        context.ignore(concept.path, "partial remission is not a remission (CR, CRh or CRi)")
        return
    day = _status_day(resource, context)
    if day is None:
        return
    try:  # as ``with context.reading(resource.path)``, without its calls
        if meaning == RELAPSE:
            context.add("course.relapses", _relapse(resource, day, context), resource.path)
            return
        remission_kind = _ALLMODEL_STATUS.get(meaning, RemissionKind.CR)
        context.add("course.remissions", Remission(kind=remission_kind, date=day), resource.path)
    except ValidationError as error:
        context.absorb(error, resource.path)


def _relapse(resource: Resource, day: date, context: ReadContext) -> Relapse:
    element = resource.element
    site_extension = _one_extension(element, RELAPSE_SITE)
    site = _code_value(site_extension, RelapseSite, context) if site_extension is not None else None
    sites = tuple(
        found
        for extension in _extensions(element, EXTRAMEDULLARY_SITE)
        if (found := _code_value(extension, ExtramedullarySite, context)) is not None
    )
    return Relapse(date=day, site=site, extramedullary_sites=sites)


def _performed_day(resource: Resource, context: ReadContext) -> date | None:
    performed = resource.element.choice("performed")
    if performed is None:
        context.ignore(resource.path, "transplant without a performed date: undated")
        return None
    kind, element = performed
    if kind == "DateTime":
        return element.day()
    if kind == "Period":
        start = element.child("start")
        if start is None:
            context.ignore(element.path, "performedPeriod without a start: undated")
            return None
        return start.day()
    context.ignore(element.path, f"performed{kind} gives no day of the transplant")
    return None


def _read_transplant(resource: Resource, coding: Coding, context: ReadContext) -> None:
    """A haemopoietic stem cell transplant Procedure (see the module docstring)."""
    element = resource.element
    status = element.need("status")
    if status.string() != "completed":
        context.ignore(status.path, f"status {status.string()}: only a completed transplant counts")
        return
    day = _performed_day(resource, context)
    if day is None:
        return
    kind_extension = _one_extension(element, TRANSPLANT_KIND)
    if kind_extension is None:
        context.ignore(
            resource.path, "transplant without its kind (allogeneic or autologous): not guessed"
        )
        return
    kind = _code_value(kind_extension, TransplantKind, context)
    if kind is None:
        return
    donor_type = None
    donor_cmv = None
    found = _one_extension(element, DONOR_TYPE)
    if found is not None:
        donor_type = _donor_type(found.need("valueCodeableConcept"), context)
    found = _one_extension(element, DONOR_CMV)
    if found is not None:
        donor_cmv = _serostatus(found.need("valueCodeableConcept"), context)
    try:  # as ``with context.reading(resource.path)``, without its calls
        transplant = Transplant(kind=kind, date=day, donor_type=donor_type, donor_cmv=donor_cmv)
        context.add("course.transplants", transplant, resource.path)
    except ValidationError as error:
        context.absorb(error, resource.path)


def _value(resource: Resource, expected: str, context: ReadContext) -> Element | None:
    value = resource.element.choice("value")
    if value is None:
        context.ignore(resource.path, "no value: left unrecorded")
        return None
    kind, element = value
    if kind != expected:
        raise fail(element.path, f"must be value{expected}, not value{kind}")
    return element


def _read_flag(resource: Resource, coding: Coding, context: ReadContext) -> None:
    """An allmodel-coded yes/no course flag."""
    assert coding.code is not None
    value = _value(resource, "Boolean", context)
    if value is not None:
        context.set(_FLAGS[coding.code], value.boolean(), value.path)


def _read_donor_type(resource: Resource, coding: Coding, context: ReadContext) -> None:
    """The identified donor's type."""
    value = _value(resource, "CodeableConcept", context)
    if value is not None and (found := _donor_type(value, context)) is not None:
        context.set("course.donor_type", found, value.path)


def _read_donor_cmv(resource: Resource, coding: Coding, context: ReadContext) -> None:
    """The identified donor's CMV serostatus."""
    value = _value(resource, "CodeableConcept", context)
    if value is not None and (found := _serostatus(value, context)) is not None:
        context.set("course.donor_cmv", found, value.path)


# -- writer ----------------------------------------------------------------------------------
def _standard(means: str) -> dict[str, str]:
    entry = code_table(_TABLE).first(means)
    return {"system": entry.system, "code": entry.code, "display": entry.display}


def _allmodel(code: str, display: str | None = None) -> dict[str, str]:
    return {"system": ALLMODEL_CODES, "code": code, "display": display or _DISPLAY[code]}


def _status_observation(
    subject: dict[str, str], day: date, value: dict[str, str]
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [_standard("disease_status")]},
        "subject": subject,
        "effectiveDateTime": day.isoformat(),
        "valueCodeableConcept": {"coding": [value]},
    }


def _code_extension(name: str, code: str) -> dict[str, str]:
    return {"url": extension_url(name), "valueCode": code}


def _flag_observation(subject: dict[str, str], code: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [_allmodel(code)]},
        "subject": subject,
        **value,
    }


def _donor_type_concept(donor: DonorType) -> dict[str, Any]:
    return {"coding": [_allmodel(donor.value, donor.value.replace("_", " "))]}


def _write(patient: Patient, context: WriteContext) -> None:
    """Remissions, relapses and transplants in list order, then the course flags."""
    course = patient.course
    subject = context.patient_reference
    for remission in course.remissions:
        kind = remission.kind
        coded = _standard("CR") if kind is RemissionKind.CR else _allmodel(kind.value)
        context.add(_status_observation(subject, remission.date, coded))
    for relapse in course.relapses:
        resource = _status_observation(subject, relapse.date, _allmodel(RELAPSE))
        sites: list[dict[str, str]] = (
            [_code_extension(RELAPSE_SITE, relapse.site.value)] if relapse.site else []
        )
        sites += [
            _code_extension(EXTRAMEDULLARY_SITE, s.value) for s in relapse.extramedullary_sites
        ]
        if sites:
            resource["extension"] = sites
        context.add(resource)
    for transplant in course.transplants:
        extensions: list[dict[str, Any]] = [_code_extension(TRANSPLANT_KIND, transplant.kind.value)]
        if transplant.donor_type is not None:
            extensions.append(
                {
                    "url": extension_url(DONOR_TYPE),
                    "valueCodeableConcept": _donor_type_concept(transplant.donor_type),
                }
            )
        if transplant.donor_cmv is not None:
            extensions.append(
                {
                    "url": extension_url(DONOR_CMV),
                    "valueCodeableConcept": {"coding": [_standard(transplant.donor_cmv.value)]},
                }
            )
        context.add(
            {
                "resourceType": "Procedure",
                "extension": extensions,
                "status": "completed",
                "code": {"coding": [_standard("hct")]},
                "subject": subject,
                "performedDateTime": transplant.date.isoformat(),
            }
        )
    for code, field in _FLAGS.items():
        flag = getattr(course, field.removeprefix("course."))
        if flag is not None:
            context.add(_flag_observation(subject, code, {"valueBoolean": flag}))
    if course.donor_type is not None:
        donor: dict[str, Any] = {"valueCodeableConcept": _donor_type_concept(course.donor_type)}
        context.add(_flag_observation(subject, DONOR_TYPE, donor))
    if course.donor_cmv is not None:
        cmv: dict[str, Any] = {
            "valueCodeableConcept": {"coding": [_standard(course.donor_cmv.value)]}
        }
        context.add(_flag_observation(subject, DONOR_CMV, cmv))


def _coded() -> dict[tuple[str, str, str], CodedReader]:
    readers: dict[tuple[str, str, str], CodedReader] = {
        ("Observation", LOINC, code): _read_status for code in _STATUS_CODES
    }
    readers[("Procedure", SNOMED, _HCT)] = _read_transplant
    readers.update({("Observation", ALLMODEL_CODES, code): _read_flag for code in _FLAGS})
    readers[("Observation", ALLMODEL_CODES, DONOR_TYPE)] = _read_donor_type
    readers[("Observation", ALLMODEL_CODES, DONOR_CMV)] = _read_donor_cmv
    return readers


DOMAIN = Domain(name="events", write=_write, coded=_coded())
"""The events domain: remissions, relapses, transplants and the course flags."""
