"""The Patient resource: identifiers, sex and date of birth.

Sex is read from ``Patient.gender`` (FHIR R4 administrative-gender: ``male``, ``female``,
``other``; ``unknown`` leaves it unrecorded) or, when ``gender`` is absent, from the US
Core individual-sex extension (US Core 9; a SNOMED CT code, table ``person``). When both
are present and disagree the input is refused. ``birthDate`` must be a full day. Other
Patient elements (name, address, ``deceased[x]``, ...) are reported as not read.
"""

from __future__ import annotations

from typing import Any

from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._domain import Domain
from allmodel.io.fhir._element import member_path
from allmodel.io.fhir._input import Resource
from allmodel.model import Identifier, Patient, Sex

__all__ = ["DOMAIN", "INDIVIDUAL_SEX"]

#: US Core 9's individual-sex extension.
INDIVIDUAL_SEX = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-individual-sex"
_GENDER = {"male": Sex.MALE, "female": Sex.FEMALE, "other": Sex.OTHER}
_READ = frozenset({"resourceType", "id", "meta", "text", "identifier", "gender", "birthDate"})


def _identifiers(resource: Resource, context: ReadContext) -> None:
    for item in resource.element.items("identifier"):
        system = item.child("system")
        value = item.child("value")
        if system is None or value is None:
            context.ignore(item.path, "an identifier needs a system and a value")
            continue
        with context.reading(item.path):
            context.add(
                "identifiers", Identifier(system=system.string(), value=value.string()), item.path
            )


def _sex(resource: Resource, context: ReadContext) -> None:
    gender = resource.element.child("gender")
    from_gender = None
    if gender is not None:
        text = gender.string()
        from_gender = _GENDER.get(text)
        if from_gender is None:
            context.ignore(gender.path, f"gender {text!r}: sex not recorded")
        else:
            context.set("sex", from_gender, gender.path)
    for extension in resource.element.items("extension"):
        url = extension.child("url")
        if url is None or url.string() != INDIVIDUAL_SEX:
            shown = url.string() if url is not None else "without a url"
            context.ignore(extension.path, f"extension {shown}: not read by allmodel")
            continue
        value = extension.child("valueCoding")
        coding = value.coding() if value is not None else None
        entry = code_table("person").get(coding.system, coding.code) if coding else None
        if entry is None:
            context.unmapped(extension.path, "individual-sex code allmodel does not map")
            continue
        sex = Sex(entry.means)
        if from_gender is not None and sex is not from_gender:
            context.problem(extension.path, f"says {sex.value} but gender says {from_gender.value}")
            continue
        context.set("sex", sex, extension.path)


def _read_patient(resource: Resource, context: ReadContext) -> None:
    before = len(context.entries)
    _identifiers(resource, context)
    _sex(resource, context)
    born = resource.element.child("birthDate")
    if born is not None:
        context.set("date_of_birth", born.date_only(), born.path)
    for key in resource.element.object():
        if key not in _READ and key != "extension":
            context.ignore(member_path(resource.path, key), "not read by allmodel")
    if len(context.entries) == before:  # nothing recorded, but it names the patient
        context.use(resource.path, "the patient the other resources are about")


def _write(patient: Patient, context: WriteContext) -> None:
    resource: dict[str, Any] = {"resourceType": "Patient"}
    if patient.identifiers:
        resource["identifier"] = [
            {"system": i.system, "value": i.value} for i in patient.identifiers
        ]
    if patient.sex is not None:
        resource["gender"] = patient.sex.value
    if patient.date_of_birth is not None:
        resource["birthDate"] = patient.date_of_birth.isoformat()
    context.add(resource)


DOMAIN = Domain(name="person", write=_write, typed={"Patient": _read_patient})
