"""MRD results in FHIR: an Observation under allmodel's code :data:`MRD`.

No LOINC code for ALL MRD by flow cytometry, PCR or NGS was verified, so the result is
written and read under allmodel's code system:

* ``valueQuantity``: the level as a fraction of nucleated cells (UCUM ``1``; ``%`` is
  read too and divided by 100); ``0`` means not detected. A level given as ``< x``
  (or ``<= x``) is read as not detected, with ``x`` as the assay's sensitivity unless a
  sensitivity component gives it; ``> x`` is not read (the level is unknown). A
  ``valueCodeableConcept`` of SNOMED CT 260385009 (negative) is read as not detected;
  its sensitivity comes only from the sensitivity component, so a "not detected" without
  one keeps the sensitivity unreported (the model's MRD call then stays undecided, never
  negative).
* ``method``: allmodel's codes ``flow_cytometry``, ``pcr``, ``ngs`` (the model's
  :class:`~allmodel.model.MrdMethod`); a result without a method is not read.
* a component :data:`SENSITIVITY` (fraction, UCUM ``1``): the lowest level the assay
  detects.
* ``specimen``: a Specimen (contained or in the Bundle) whose ``type`` is a SNOMED CT
  specimen code of table ``mrd`` (bone marrow, blood).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from allmodel.errors import ValidationError
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._disease import coding_json as _coding
from allmodel.io.fhir._disease import effective_day, value_codings
from allmodel.io.fhir._domain import Domain
from allmodel.io.fhir._element import Coding, Element, fail
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._quantity import quantity_json, read_quantity
from allmodel.io.fhir._systems import ALLMODEL_CODES
from allmodel.model import MrdMethod, MrdResult, Patient, Sample
from allmodel.units import Dimension, parse_unit

__all__ = ["DOMAIN", "MRD", "SENSITIVITY"]

#: allmodel code: a measurable residual disease result of ALL.
MRD = "mrd"
#: allmodel code: the component giving the assay's sensitivity (a fraction).
SENSITIVITY = "mrd-sensitivity"
_NEGATIVE = ("http://snomed.info/sct", "260385009")
_SPECIMEN_ID = "sample"


def _fraction(element: Element) -> tuple[float, str | None]:
    """A fraction (and comparator) from a dimensionless or percent ``Quantity``."""
    value, unit, comparator = read_quantity(element, Dimension.CELL_COUNT, Dimension.PERCENT)
    spec = parse_unit(unit)
    if spec.dimension is Dimension.PERCENT:
        return value * float(spec.factor) / 100, comparator
    if spec.pint_expression != "dimensionless":
        raise fail(element.path, f"unit {unit!r} is not a fraction or a percentage")
    return (value if spec.factor == 1 else value * float(spec.factor)), comparator


def _method(resource: Resource, context: ReadContext) -> MrdMethod | None:
    element = resource.element.child("method")
    if element is None:
        context.ignore(resource.path, "MRD result without a method: allmodel needs one")
        return None
    for coding in element.codings():
        if coding.system == ALLMODEL_CODES and coding.code in {m.value for m in MrdMethod}:
            return MrdMethod(coding.code)
    context.unmapped(element.path, "MRD method allmodel does not map")
    return None


def _sample(resource: Resource, context: ReadContext) -> Sample | None:
    element = resource.element.child("specimen")
    if element is None:
        return None
    reference = element.reference()
    target = context.resource(reference, resource) if reference is not None else None
    if target is None or target.type != "Specimen":
        context.ignore(element.path, "specimen not in the input: sample not recorded")
        return None
    kind = target.element.child("type")
    for coding in kind.codings() if kind is not None else []:
        entry = code_table("mrd").get(coding.system, coding.code)
        if entry is not None:
            return Sample(entry.means)
    context.unmapped(
        kind.path if kind is not None else target.path, "specimen type allmodel does not map"
    )
    return None


def _sensitivity(resource: Resource) -> float | None:
    for component in resource.element.items("component"):
        code = component.need("code")
        if any(c.system == ALLMODEL_CODES and c.code == SENSITIVITY for c in code.codings()):
            value, comparator = _fraction(component.need("valueQuantity"))
            if comparator is not None:
                raise fail(f"{component.path}.valueQuantity.comparator", "must be absent")
            return value
    return None


def _level(
    resource: Resource, context: ReadContext, sensitivity: float | None
) -> tuple[float, float | None] | None:
    quantity = resource.element.child("valueQuantity")
    if quantity is not None:
        value, comparator = _fraction(quantity)
        if comparator in (">", ">="):
            context.ignore(quantity.path, f"MRD level {comparator} {value}: the level is unknown")
            return None
        if comparator in ("<", "<="):
            return 0.0, value if sensitivity is None else sensitivity
        return value, sensitivity
    found = value_codings(resource)
    if found is not None and any((c.system, c.code) == _NEGATIVE for c in found[0]):
        return 0.0, sensitivity
    context.ignore(resource.path, "MRD result without a level or a not-detected value")
    return None


def _read(resource: Resource, coding: Coding, context: ReadContext) -> None:
    dated = effective_day(resource, context)
    if dated is None:
        context.ignore(resource.path, "mrd: no effective date, and allmodel needs one")
        return
    method = _method(resource, context)
    if method is None:
        return
    level = _level(resource, context, _sensitivity(resource))
    if level is None:
        return
    try:  # as ``with context.reading(resource.path)``, without its calls
        result = MrdResult(
            date=dated[0],
            method=method,
            level=level[0],
            sensitivity=level[1],
            sample=_sample(resource, context),
        )
        context.add("mrd", result, resource.path)
    except ValidationError as error:
        context.absorb(error, resource.path)


def _resource(result: MrdResult, context: WriteContext) -> dict[str, Any]:
    when: date = result.date
    resource: dict[str, Any] = {"resourceType": "Observation"}
    if result.sample is not None:
        entry = code_table("mrd").first(result.sample.value)
        resource["contained"] = [
            {
                "resourceType": "Specimen",
                "id": _SPECIMEN_ID,
                "type": {"coding": [_coding(entry.system, entry.code, entry.display)]},
            }
        ]
    resource.update(
        {
            "status": "final",
            "code": {"coding": [{"system": ALLMODEL_CODES, "code": MRD}]},
            "subject": context.patient_reference,
            "effectiveDateTime": when.isoformat(),
            "valueQuantity": quantity_json(result.level, "1"),
            "method": {"coding": [{"system": ALLMODEL_CODES, "code": result.method.value}]},
        }
    )
    if result.sample is not None:
        resource["specimen"] = {"reference": f"#{_SPECIMEN_ID}"}
    if result.sensitivity is not None:
        resource["component"] = [
            {
                "code": {"coding": [{"system": ALLMODEL_CODES, "code": SENSITIVITY}]},
                "valueQuantity": quantity_json(result.sensitivity, "1"),
            }
        ]
    return resource


def _write(patient: Patient, context: WriteContext) -> None:
    for result in patient.mrd:
        context.add(_resource(result, context))


DOMAIN = Domain(name="mrd", write=_write, coded={("Observation", ALLMODEL_CODES, MRD): _read})
