"""Laboratory results: Observations coded by LOINC (or allmodel's analyte codes) with a
``valueQuantity``.

Only the LOINC codes of table ``labs`` are read, each for the one analyte it names. A
percentage differential (LOINC 770-8, neutrophils per 100 leukocytes) is not in the table
and is never read as an absolute neutrophil count: the dispatcher reports it unmapped. The
unit must be of the analyte's dimension (a platelet count in ``g/dL`` is an error at the
unit's path); ``Quantity.comparator`` becomes the result's
:class:`~allmodel.model.Comparator`. The LOINC code read is kept as the result's ``loinc``.

Upper limit of normal: the ``high`` of the one reference range whose ``type`` is absent or
``normal`` (HL7 referencerange-meaning), converted to the result's unit (creatinine mg/dL
and umol/L convert through the molar mass). A range of another type, a range without a
``high``, one whose unit is not of the analyte's dimension, and several candidate ranges
(which one is meant cannot be told) are reported and leave the ULN unrecorded.

A result needs its day (``effective[x]``, or the date of a DiagnosticReport that lists it,
see :func:`~allmodel.io.fhir._observations.effective_day`); without one it is ignored.

Written: one Observation per result, coded by its ``loinc`` when it has one, else by
allmodel's analyte code (``lab-<analyte>``, see :func:`analyte_code`), with the ULN as
the ``high`` of a reference range in the result's unit.
"""

from __future__ import annotations

from typing import Any

from allmodel.errors import FhirError, ValidationError
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._domain import CodedReader, Domain
from allmodel.io.fhir._element import Coding, Element
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._observations import (
    effective_day,
    observation_shape,
    plain_day,
    report_unread,
)
from allmodel.io.fhir._quantity import plain_quantity, quantity_json, read_quantity
from allmodel.io.fhir._systems import ALLMODEL_CODES, LOINC, REFERENCE_RANGE_MEANING
from allmodel.model import ANALYTES, Analyte, Comparator, LabResult, Patient
from allmodel.model._labs import convert_lab

__all__ = ["DOMAIN", "REFERENCE_RANGE_MEANING", "analyte_code"]

_TABLE = "labs"
#: Read besides ``value[x]`` and ``effective[x]``, which :func:`report_unread` never reports.
_READ = frozenset({"valueQuantity", "referenceRange"})


def analyte_code(analyte: Analyte) -> str:
    """allmodel's own code (in :data:`~allmodel.io.fhir._systems.ALLMODEL_CODES`) for an
    analyte: ``lab-`` and the analyte's name with hyphens (``lab-marrow-blasts``). Written
    for a result that has no LOINC code; read for any analyte."""
    return "lab-" + analyte.value.replace("_", "-")


_BY_CODE = {analyte_code(analyte): analyte for analyte in Analyte}


def _normal(range_: Element) -> bool:
    kind = range_.child("type")
    if kind is None:
        return True
    return any(c.system == REFERENCE_RANGE_MEANING and c.code == "normal" for c in kind.codings())


def _uln(resource: Resource, analyte: Analyte, unit: str, context: ReadContext) -> float | None:
    """The upper limit of normal, in ``unit`` (see the module docstring)."""
    index = len(context.lists.get("labs", []))
    candidates: list[Element] = []
    for range_ in resource.element.items("referenceRange"):
        if not _normal(range_):
            context.ignore(range_.path, "reference range of another type than normal: no ULN")
        elif not range_.has("high"):
            context.ignore(range_.path, "reference range without an upper limit")
        else:
            candidates.append(range_)
    if len(candidates) > 1:
        for range_ in candidates:
            context.ignore(range_.path, "one of several normal ranges: the ULN is ambiguous")
        return None
    if not candidates:
        return None
    high = candidates[0].need("high")
    high.need("value").number()
    try:
        amount, high_unit, _ = read_quantity(high, *ANALYTES[analyte].dimensions)
    except FhirError as error:
        reason = "; ".join(p.message for p in error.problems)
        context.ignore(high.path, f"upper limit not usable as the ULN: {reason}")
        return None
    if high_unit != unit:
        amount = convert_lab(analyte, amount, high_unit, unit)
    context.use(high.path, f"labs[{index}].upper_limit_of_normal")
    return amount


def _loinc(coding: Coding, resource: Resource) -> str | None:
    """The LOINC code of the result: the one matched, or (for an allmodel analyte code)
    the one LOINC coding beside it."""
    if coding.system == LOINC:
        return coding.code
    concept = resource.element.child("code") or resource.element.need("code")
    codes = {c.code for c in concept.codings() if c.system == LOINC}
    return codes.pop() if len(codes) == 1 else None


def _read_lab(resource: Resource, coding: Coding, context: ReadContext) -> None:
    analyte = _ANALYTE_OF[coding.system or "", coding.code or ""]
    try:  # as ``with context.reading(resource.path)``, without its calls
        if not _plain_lab(resource, coding, context, analyte):
            _lab(resource, coding, context, analyte, ANALYTES[analyte].label)
    except ValidationError as error:
        context.absorb(error, resource.path)
    report_unread(resource, context, _READ)


def _plain_lab(resource: Resource, coding: Coding, context: ReadContext, analyte: Analyte) -> bool:
    """:func:`_lab` of the usual result, read from the decoded JSON: one
    ``valueQuantity`` (a plain UCUM ``Quantity``), one ``effectiveDateTime`` that is a
    day, no reference range or one with only a plain ``high``; ``False`` (having done
    nothing) for anything else, which :func:`_lab` reads element by element. It reports
    what :func:`_lab` reports, in the same order."""
    obj = resource.element.value
    path = resource.path
    if not path:  # a lone resource with no path: its elements' paths are spelled apart
        return False
    values, effective = observation_shape(obj)
    if values != ("valueQuantity",):
        return False
    day = plain_day(obj, effective)
    if day is None:
        return False
    dimensions = ANALYTES[analyte].dimensions
    read = plain_quantity(obj["valueQuantity"], dimensions)
    if read is None:
        return False
    ranges = obj.get("referenceRange")
    high: tuple[float, str, str | None] | None = None
    if ranges is not None:
        if not (type(ranges) is list and len(ranges) == 1):
            return False
        range_ = ranges[0]
        if not (type(range_) is dict and len(range_) == 1 and "high" in range_):
            return False
        high = plain_quantity(range_["high"], dimensions)
        if high is None:
            return False
    value, unit, comparator = read
    index = len(context.lists.get("labs", []))
    loinc = _loinc(coding, resource)
    uln = None
    if high is not None:
        uln, high_unit, _ = high
        if high_unit != unit:
            uln = convert_lab(analyte, uln, high_unit, unit)
        context.use(f"{path}.referenceRange[0].high", f"labs[{index}].upper_limit_of_normal")
    result = LabResult(
        analyte=analyte,
        value=value,
        unit=unit,
        date=day,
        loinc=loinc,
        upper_limit_of_normal=uln,
        comparator=Comparator(comparator) if comparator is not None else Comparator.EQ,
    )
    context.add("labs", result, path)
    return True


def _lab(
    resource: Resource, coding: Coding, context: ReadContext, analyte: Analyte, label: str
) -> None:
    found = resource.element.choice("value")
    if found is None or found[0] != "Quantity":
        shown = "no value" if found is None else f"value{found[0]}, not a valueQuantity"
        context.ignore(resource.path, f"{label}: {shown}")
        return
    dated = effective_day(resource, context)
    if isinstance(dated, str):
        context.ignore(resource.path, f"{label}: {dated}; a result needs its day")
        return
    day, day_path = dated
    value, unit, comparator = read_quantity(found[1], *ANALYTES[analyte].dimensions)
    result = LabResult(
        analyte=analyte,
        value=value,
        unit=unit,
        date=day,
        loinc=_loinc(coding, resource),
        upper_limit_of_normal=_uln(resource, analyte, unit, context),
        comparator=Comparator(comparator) if comparator is not None else Comparator.EQ,
    )
    index = len(context.lists.get("labs", []))
    context.add("labs", result, resource.path)
    if not day_path.startswith(f"{resource.path}."):
        context.use(day_path, f"labs[{index}].date")


def _write(patient: Patient, context: WriteContext) -> None:
    """One Observation per result (see the module docstring)."""
    table = code_table(_TABLE)
    for lab in patient.labs:
        own = {
            "system": ALLMODEL_CODES,
            "code": analyte_code(lab.analyte),
            "display": ANALYTES[lab.analyte].label,
        }
        codings: list[dict[str, str]] = [own]
        if lab.loinc is not None:
            entry = table.get(LOINC, lab.loinc)
            loinc = {"system": LOINC, "code": lab.loinc}
            if entry is not None and entry.means == lab.analyte.value:
                codings = [{**loinc, "display": entry.display}]
            else:  # a LOINC code allmodel does not read: the analyte code names the analyte
                codings = [own, loinc]
        quantity = quantity_json(lab.value, lab.unit)
        if lab.comparator is not Comparator.EQ:
            quantity["comparator"] = lab.comparator.value
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "code": {"coding": codings},
            "subject": context.patient_reference,
            "effectiveDateTime": lab.date.isoformat(),
            "valueQuantity": quantity,
        }
        if lab.upper_limit_of_normal is not None:
            resource["referenceRange"] = [
                {"high": quantity_json(lab.upper_limit_of_normal, lab.unit)}
            ]
        context.add(resource)


def _analytes() -> dict[tuple[str, str], Analyte]:
    """The analyte of each code :func:`_read_lab` is dispatched for: the table's meaning,
    else (an allmodel analyte code) the analyte it names."""
    table = code_table(_TABLE)
    found: dict[tuple[str, str], Analyte] = {}
    for _, system, code in _coded():
        entry = table.get(system, code)
        found[system, code] = Analyte(entry.means) if entry is not None else _BY_CODE[code]
    return found


def _coded() -> dict[tuple[str, str, str], CodedReader]:
    coded: dict[tuple[str, str, str], CodedReader] = {
        ("Observation", e.system, e.code): _read_lab
        for e in code_table(_TABLE).entries
        if e.system == LOINC
    }
    coded.update({("Observation", ALLMODEL_CODES, code): _read_lab for code in _BY_CODE})
    return coded


DOMAIN = Domain(name="labs", write=_write, coded=_coded())
_ANALYTE_OF = _analytes()
