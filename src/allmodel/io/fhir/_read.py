"""``patient_from_fhir``: FHIR R4 resources in, a Patient and a mapping report out."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from allmodel.dates import require_date
from allmodel.errors import FhirError, Problem, ValidationError
from allmodel.io.fhir._checks import check_history, check_stated_state
from allmodel.io.fhir._context import ReadContext
from allmodel.io.fhir._domain import CODED_TYPES
from allmodel.io.fhir._domains import CODED, DOMAINS, TYPED
from allmodel.io.fhir._element import Coding
from allmodel.io.fhir._input import FhirSource, Resource, read_input
from allmodel.io.fhir._report import MappingEntry, MappingReport, Outcome, entry_indexes
from allmodel.io.fhir._systems import LOINC, SNOMED
from allmodel.model import Course, Disease, Patient

__all__ = ["FhirReading", "patient_from_fhir"]

#: The element of each resource type that names the patient it is about.
_SUBJECT = {
    "Observation": "subject",
    "Condition": "subject",
    "Procedure": "subject",
    "MedicationStatement": "subject",
    "MedicationAdministration": "subject",
    "MedicationRequest": "subject",
    "DiagnosticReport": "subject",
    "CarePlan": "subject",
}
#: Observation statuses that mark a result to be used (FHIR R4 observation-status).
_RESULT_STATUSES = frozenset({"final", "amended", "corrected"})
_READ_TYPES = frozenset(TYPED) | frozenset(CODED_TYPES)  # the resource types allmodel reads
_SYSTEM_NAMES = {LOINC: "LOINC", SNOMED: "SNOMED CT"}


@attrs.frozen
class FhirReading:
    """What :func:`patient_from_fhir` read: the patient and the mapping report.

    Args:
        patient: The patient, as the resources describe it.
        report: Every resource and element used, ignored (and why) or unmapped, with its
            FHIR path.
    """

    patient: Patient
    report: MappingReport


def _describe(coding: Coding) -> str:
    system = _SYSTEM_NAMES.get(coding.system or "", coding.system or "no system")
    shown = f" ({coding.display})" if coding.display else ""
    return f"{system} {coding.code}{shown}"


def _patients(resources: tuple[Resource, ...]) -> tuple[Resource | None, set[str]]:
    """The input's Patient (at most one) and the references that name it."""
    found = [r for r in resources if r.type == "Patient"]
    if len(found) > 1:
        raise FhirError(
            Problem(r.path, "is a second Patient: allmodel reads one patient at a time")
            for r in found[1:]
        )
    if not found:
        return None, set()
    patient = found[0]
    names = {f"Patient/{patient.id}"} if patient.id else set()
    if patient.full_url:
        names.add(patient.full_url)
    return patient, names


def _subject_problem(resource: Resource, context: ReadContext, names: set[str]) -> bool:
    """Check the resource's subject; report and return True when it cannot be used."""
    subject = resource.element.value.get(_SUBJECT[resource.type])
    if type(subject) is dict:  # the usual case, read without wrapping: it names the patient
        reference = subject.get("reference")
        if type(reference) is str and reference in names and reference.strip():
            return False
    element = resource.element.child(_SUBJECT[resource.type])
    reference = element.reference() if element is not None else None
    if reference is None:
        context.ignore(resource.path, "no subject reference: it cannot be tied to the patient")
        return True
    if not names:
        names.add(reference)
        return False
    target = context.resource(reference)
    if reference in names or (
        target is not None
        and target.type == "Patient"
        and (f"Patient/{target.id}" in names or target.full_url in names)
    ):
        return False
    assert element is not None
    context.problem(
        f"{element.path}.reference",
        "names another patient than the rest of the input: allmodel reads one patient at a time",
    )
    return True


def _dispatch(resource: Resource, context: ReadContext) -> None:
    obj = resource.element.value  # a resource is an object (see _input._resource)
    status = obj.get("status")
    if status is not None and type(status) is not str and resource.type in _READ_TYPES:
        resource.element.need("status").string()  # a code is a string: says what it is
    if status == "entered-in-error":
        context.ignore(resource.path, "status entered-in-error")
        return
    if resource.type == "Observation" and status not in _RESULT_STATUSES:
        context.ignore(resource.path, f"status {status}: not a final result")
        return
    typed = TYPED.get(resource.type)
    if typed is not None:
        typed(resource, context)
        return
    if resource.type not in CODED_TYPES:
        context.ignore(resource.path, f"allmodel does not read {resource.type} resources")
        return
    code = resource.element.child("code") or resource.element.need("code")  # need: says why
    codings = code.codings()
    for coding in codings:
        if coding.system is not None and coding.code is not None:
            reader = CODED.get((resource.type, coding.system, coding.code))
            if reader is not None:
                reader(resource, coding, context)
                return
    if not codings:
        text = code.child("text")
        shown = f"text only ({text.string()!r})" if text is not None else "no coding"
        context.unmapped(code.path, f"{resource.type} code has {shown}")
        return
    context.unmapped(
        code.path,
        f"{resource.type} code allmodel does not map: "
        + ", ".join(_describe(coding) for coding in codings),
    )


def _origin(context: ReadContext, model_path: str) -> str:
    """The FHIR path a model path was read from (the longest field that prefixes it)."""
    origins: dict[str, str] = {field: s.path for field, s in context.singles.items()}
    for field, items in context.lists.items():
        origins.update({f"{field}[{i}]": path for i, (_, path) in enumerate(items)})
    best = ""
    for field in origins:
        if (model_path == field or model_path.startswith((f"{field}.", f"{field}["))) and len(
            field
        ) > len(best):
            best = field
    return origins.get(best, context.input.resources[0].path if context.input.resources else "")


def _model_error(context: ReadContext, error: ValidationError, prefix: str) -> FhirError:
    problems = []
    for problem in error.problems:
        model_path = f"{prefix}.{problem.path}".strip(".") if prefix else problem.path
        problems.append(Problem(_origin(context, model_path), f"({model_path}) {problem.message}"))
    return FhirError(problems)


def _assemble(context: ReadContext) -> Patient:
    groups: dict[str, dict[str, Any]] = {"": {}, "disease": {}, "course": {}}
    for field, single in context.singles.items():
        prefix, _, name = field.rpartition(".")
        groups[prefix][name] = single.value
    for field, items in context.lists.items():
        prefix, _, name = field.rpartition(".")
        groups[prefix][name] = tuple(value for value, _ in items)
    parts: dict[str, Any] = {}
    for name, cls in (("disease", Disease), ("course", Course)):
        try:
            parts[name] = cls(**groups[name])
        except ValidationError as error:
            raise _model_error(context, error, name) from None
    try:
        return Patient(**groups[""], **parts)
    except ValidationError as error:
        raise _model_error(context, error, "") from None


def patient_from_fhir(source: FhirSource, *, as_of: date, validate: bool = True) -> FhirReading:
    """Read FHIR R4 resources about one patient into a :class:`~allmodel.model.Patient`.

    The codes read, and the sources of their meanings, are in ``docs/fhir.md`` and in the
    package's code tables (``allmodel/io/fhir/codes/``).

    Args:
        source: A Bundle, one resource or a list of resources: JSON text, bytes, a file
            path, decoded JSON, or ``fhir.resources`` model objects.
        as_of: The day the record is read for: nothing in it may be dated later.
        validate: Check every resource against its ``fhir.resources`` R4B model first
            (needs the ``allmodel[fhir]`` extra). Turn it off only for input a FHIR server
            or :func:`patient_to_fhir` already validated.

    Returns:
        The patient and the mapping report.

    Raises:
        FhirError: Every problem found, each at its FHIR path: input that is not FHIR,
            an element of the wrong type, a missing code, a unit of the wrong dimension,
            a dateTime with a time but no time zone, resources about another patient,
            a value the model refuses, a date after ``as_of``.
        ArgumentError: ``as_of`` is not a date.
    """
    require_date(as_of, "as_of")
    found = read_input(source, validate=validate)
    context = ReadContext(as_of=as_of, input=found)
    _, names = _patients(found.resources)
    for resource in found.resources:
        try:  # as ``with context.reading(resource.path)``, without its calls
            member = _SUBJECT.get(resource.type)
            if member is not None:
                subject = resource.element.value.get(member)
                reference = subject.get("reference") if type(subject) is dict else None
                # the usual subject (a reference naming the patient) needs no more reading
                usual = type(reference) is str and reference in names and reference.strip()
                if not usual and _subject_problem(resource, context, names):
                    continue
            _dispatch(resource, context)
        except ValidationError as error:
            context.absorb(error, resource.path)
    for domain in DOMAINS:
        with context.reading(""):
            domain.finish(context)
    check_history(context, found.resources)
    check_stated_state(context)
    if context.problems:
        raise FhirError(context.problems)
    patient = _assemble(context)
    try:
        patient.check_as_of(as_of=as_of)
    except ValidationError as error:
        raise _model_error(context, error, "") from None
    entries = list(context.entries)
    indexes = entry_indexes([entry.path for entry in entries])
    covered = set(indexes)
    resources = found.resources
    for index, resource in zip(entry_indexes([r.path for r in resources]), resources, strict=True):
        if index not in covered:
            entries.append(
                MappingEntry(resource.path, Outcome.IGNORED, f"{resource.type}: not used")
            )
            indexes.append(index)
    order = sorted(range(len(entries)), key=indexes.__getitem__)  # stable: input order
    return FhirReading(patient, MappingReport(tuple(map(entries.__getitem__, order))))
