"""The leukemia in FHIR: the ALL Condition, Ph / BCR-ABL1, kinase-domain mutations, CD19/CD22,
CNS status and extramedullary sites.

Read (table ``disease``):

* **The ALL Condition**: SNOMED CT 277571004 (B-cell ALL: lineage ``b_precursor``) or
  ICD-10-CM C91.0, C91.00, C91.01, C91.02. ICD-10-CM names no lineage, so an ICD-coded
  Condition leaves the lineage unrecorded (and ALL with no lineage recorded is written
  as C91.0); the remission status its code states (C91.01
  "in remission", C91.02 "in relapse") and ``clinicalStatus`` are reported as not read:
  remissions and relapses are dated events of the course, not a state of a diagnosis
  code. The diagnosis date is ``onsetDateTime`` (the day the clinician places the
  disease's start; mCODE's primary cancer condition example gives the diagnosis there);
  ``recordedDate`` (the day the record was entered) is reported as not read. A Condition
  with ``verificationStatus`` other than ``confirmed`` (or absent) is not read.
  T lineage is written and read under allmodel's code :data:`T_ALL` (no SNOMED CT
  concept for T-cell ALL was verified).
* **BCR-ABL1** by LOINC 21821-4 (fusion transcript), 21822-2 (major breakpoint: p210)
  and 21823-0 (minor breakpoint: p190) with a positive value: Philadelphia-positive (and
  the transcript type the breakpoint names). A *negative* BCR-ABL1 result is not read as
  Ph-negative disease: after treatment it is a molecular response of Ph-positive disease,
  so it is reported as not read. Ph-negative disease is read only from allmodel's
  :data:`PH_STATUS` Observation.
* **Genetic variants** (Genomics Reporting / mCODE, LOINC 69548-6): an ABL1 variant
  (gene studied HGNC:76) with a one-letter protein change (48005-3, ``p.T315I``) is a
  kinase-domain mutation dated by ``effectiveDateTime``; variants of one date form one
  analysis and the latest analysis is kept. A BCR and ABL1 variant assessment that is
  present is a BCR::ABL1 fusion: Philadelphia-positive. Variants of other genes are
  reported as not read; an ISCN karyotype (81291-7) is reported as unmapped (allmodel
  does not parse ISCN).
* allmodel's own codes (:data:`KINASE_DOMAIN`, :data:`TRANSCRIPT`, :data:`MARKER_CD19`,
  :data:`MARKER_CD22`, :data:`CNS_STATUS`, :data:`EXTRAMEDULLARY`): no LOINC code for the
  share of *blasts* expressing CD19 or CD22, for the COG CNS classes or for
  extramedullary sites was verified.

Written: each field as the Observation or Condition above, every one read back as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from allmodel.errors import ValidationError
from allmodel.io.fhir._codes import CodeEntry, code_table
from allmodel.io.fhir._context import ReadContext, WriteContext
from allmodel.io.fhir._domain import CodedReader, Domain
from allmodel.io.fhir._element import Coding, Element, fail
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._quantity import quantity_json, read_quantity
from allmodel.io.fhir._systems import (
    ALLMODEL_CODES,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    ICD10CM,
    OBSERVATION_INTERPRETATION,
    SNOMED,
)
from allmodel.model import (
    BcrAbl1Transcript,
    CnsAssessment,
    CnsStatus,
    ExtramedullarySite,
    KinaseDomainAnalysis,
    Lineage,
    Marker,
    MarkerResult,
    Patient,
    PhStatus,
)
from allmodel.units import Dimension

__all__ = [
    "ABL1",
    "BCR",
    "CNS_STATUS",
    "DOMAIN",
    "EXTRAMEDULLARY",
    "EXTRAMEDULLARY_SITE",
    "KINASE_DOMAIN",
    "MARKER_CD19",
    "MARKER_CD22",
    "PH_STATUS",
    "TRANSCRIPT",
    "T_ALL",
    "all_lineage",
    "coding_json",
    "effective_day",
    "value_codings",
]

#: allmodel code: ALL of T lineage (the Condition's code).
T_ALL = "t-all"
#: allmodel code: the disease's Philadelphia status (value SNOMED CT positive/negative).
PH_STATUS = "philadelphia-status"
#: allmodel code: the BCR-ABL1 transcript type (value: allmodel ``p190``/``p210``/...).
TRANSCRIPT = "bcr-abl1-transcript"
#: allmodel code: a BCR-ABL1 kinase-domain analysis; each LOINC 48005-3 component is a
#: mutation found (one-letter protein change), none means none found.
KINASE_DOMAIN = "bcr-abl1-kinase-domain-analysis"
#: allmodel codes: share of blasts expressing CD19 / CD22 (%), with the laboratory's call
#: in ``interpretation`` (POS/NEG).
MARKER_CD19 = "cd19-blasts"
MARKER_CD22 = "cd22-blasts"
#: allmodel code: CSF status by the COG classes (value: allmodel ``CNS1`` ... ``CNS3c``).
CNS_STATUS = "cns-status"
#: allmodel code: current extramedullary involvement (``valueBoolean``), one
#: :data:`EXTRAMEDULLARY_SITE` component per site.
EXTRAMEDULLARY = "extramedullary-involvement"
#: allmodel code: one extramedullary site (value: allmodel ``cns``, ``testes``, ...).
EXTRAMEDULLARY_SITE = "extramedullary-site"
#: HGNC gene ids: HGNC:76 is ABL1, HGNC:1014 is BCR (mCODE STU3 example
#: genomic-variant-fusion; the Genomics Reporting example writes them under
#: ``http://www.genenames.org/geneId``). Genes are matched by these ids.
ABL1 = "HGNC:76"
BCR = "HGNC:1014"

_TABLE = "disease"
_MARKERS = {MARKER_CD19: Marker.CD19, MARKER_CD22: Marker.CD22}
_POS_NEG = {"POS": True, "NEG": False}
_PROTEIN = re.compile(r"(?:[A-Za-z0-9_.]+:)?p\.\(?([A-Z]\d{1,4}[A-Z*])\)?")
_CONFIRMED = "confirmed"


def coding_json(system: str, code: str, display: str | None = None) -> dict[str, str]:
    """A FHIR ``Coding`` (the display only when given)."""
    found = {"system": system, "code": code}
    if display is not None:
        found["display"] = display
    return found


def _own(code: str) -> dict[str, Any]:
    return {"coding": [coding_json(ALLMODEL_CODES, code)]}


def _standard(entry: CodeEntry) -> dict[str, Any]:
    return {"coding": [coding_json(entry.system, entry.code, entry.display)]}


def effective_day(resource: Resource, context: ReadContext) -> tuple[date, str] | None:
    """The day of ``effectiveDateTime`` (or of ``effectivePeriod.start``) and its path;
    ``None`` when the resource has neither."""
    found = resource.element.choice("effective")
    if found is None:
        return None
    kind, element = found
    if kind == "DateTime":
        return element.day(), element.path
    if kind == "Period":
        start = element.child("start")
        if start is not None:
            return start.day(), start.path
    context.ignore(element.path, f"effective{kind} gives no day")
    return None


def value_codings(resource: Resource) -> tuple[list[Coding], str] | None:
    """The codings of ``valueCodeableConcept`` and its path (``None`` when absent)."""
    value = resource.element.child("valueCodeableConcept")
    if value is None:
        return None
    return value.codings(), value.path


def _own_value(element: Element) -> str:
    """The allmodel code of a ``CodeableConcept`` (``""`` when it has none)."""
    for coding in element.codings():
        if coding.system == ALLMODEL_CODES and coding.code is not None:
            return coding.code
    return ""


def _presence(codings: list[Coding]) -> str | None:
    """``positive``/``negative`` from the table's value codes, else ``None``."""
    for coding in codings:
        entry = code_table(_TABLE).get(coding.system, coding.code)
        if entry is not None and entry.means in ("positive", "negative"):
            return entry.means
    return None


def _dated(resource: Resource, context: ReadContext, field: str) -> tuple[date, str] | None:
    found = effective_day(resource, context)
    if found is None:
        context.ignore(resource.path, f"{field}: no effective date, and allmodel needs one")
    return found


# -- the ALL Condition -------------------------------------------------------------------


def _confirmed(resource: Resource, context: ReadContext) -> bool:
    status = resource.element.child("verificationStatus")
    if status is None:
        return True
    codes = {c.code for c in status.codings() if c.system == CONDITION_VERIFICATION}
    if _CONFIRMED in codes:
        return True
    shown = ", ".join(sorted(c for c in codes if c)) or "no code"
    context.ignore(status.path, f"verificationStatus {shown}: the diagnosis is not confirmed")
    return False


#: The disease state an ICD-10-CM code of the ALL Condition states (the code's title).
_ICD_STATE = {"C91.00": "not in remission", "C91.01": "in remission", "C91.02": "in relapse"}
#: The disease state a clinicalStatus code states (FHIR R4 condition-clinical).
_CLINICAL_STATE = {"relapse": "in relapse", "recurrence": "in relapse", "remission": "in remission"}
#: Scratch key: the disease states the ALL Condition states, with their paths (read by
#: the reader's cross-check of the course, :func:`allmodel.io.fhir._read.patient_from_fhir`).
STATED_STATE = "disease-stated-state"


def all_lineage(coding: Coding) -> tuple[bool, Lineage | None]:
    """Whether ``coding`` names ALL (table ``disease`` or allmodel's T-ALL code), and the
    lineage it states (``None`` when it states none)."""
    if coding.system == ALLMODEL_CODES and coding.code == T_ALL:
        return True, Lineage.T
    entry = code_table(_TABLE).get(coding.system, coding.code)
    if entry is None or not entry.means.startswith("all"):
        return False, None
    _, _, lineage = entry.means.partition(":")
    return True, Lineage(lineage) if lineage else None


def _lineages(resource: Resource, context: ReadContext) -> None:
    """The lineage every coding of the Condition states (each coding that states one)."""
    for each in resource.element.need("code").codings():
        lineage = all_lineage(each)[1]
        if lineage is not None:
            context.set("disease.lineage", lineage, each.path)


def _stated_state(resource: Resource, context: ReadContext) -> None:
    """Keep the disease state the Condition states (its ICD-10-CM code, its clinicalStatus):
    not read into the course, which holds dated events, but checked against it."""
    stated = context.scratch.setdefault(STATED_STATE, [])
    for each in resource.element.need("code").codings():
        if each.system == ICD10CM and each.code in _ICD_STATE:
            stated.append((_ICD_STATE[each.code], each.path))
            context.ignore(
                each.path,
                f"{each.code}: the state a diagnosis code states ({_ICD_STATE[each.code]}) is"
                " not read into the course (remissions and relapses are dated events); it is"
                " checked against them",
            )
    status = resource.element.child("clinicalStatus")
    if status is not None:
        for each in status.codings():
            if each.system == CONDITION_CLINICAL and each.code in _CLINICAL_STATE:
                stated.append((_CLINICAL_STATE[each.code], each.path))


def _read_all(resource: Resource, coding: Coding, context: ReadContext) -> None:
    if not _confirmed(resource, context):
        return
    _lineages(resource, context)
    _stated_state(resource, context)
    onset = resource.element.child("onsetDateTime")
    if onset is not None:
        context.set("course.diagnosis_date", onset.day(), onset.path)
    for name in ("clinicalStatus", "recordedDate", "abatementDateTime", "stage"):
        element = resource.element.child(name)
        if element is not None:
            context.ignore(element.path, f"{name} of the ALL Condition is not read")
    other = resource.element.choice("onset")
    if other is not None and other[0] != "DateTime":
        context.ignore(other[1].path, f"onset{other[0]} gives no diagnosis day")


def _write_all(patient: Patient, context: WriteContext) -> None:
    lineage = patient.disease.lineage
    when = patient.course.diagnosis_date
    if lineage is None and when is None:
        return
    if lineage is Lineage.T:
        code = _own(T_ALL)
    elif lineage is Lineage.B_PRECURSOR:
        code = _standard(code_table(_TABLE).first("all:b_precursor"))
    else:
        code = _standard(code_table(_TABLE).first("all"))
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "verificationStatus": {"coding": [coding_json(CONDITION_VERIFICATION, _CONFIRMED)]},
        "code": code,
        "subject": context.patient_reference,
    }
    if when is not None:
        resource["onsetDateTime"] = when.isoformat()
    context.add(resource)


# -- BCR-ABL1 ---------------------------------------------------------------------------


def _read_bcr_abl1(resource: Resource, coding: Coding, context: ReadContext) -> None:
    entry = code_table(_TABLE).get(coding.system, coding.code)
    assert entry is not None
    found = value_codings(resource)
    presence = _presence(found[0]) if found is not None else None
    where = found[1] if found is not None else resource.path
    if presence is None:
        context.ignore(where, f"BCR-ABL1 {coding.code}: no positive or negative value")
        return
    if presence == "negative":
        context.ignore(
            where,
            f"BCR-ABL1 {coding.code} negative: not read as Ph-negative disease "
            "(after treatment it is a molecular response)",
        )
        return
    context.set("disease.philadelphia", PhStatus.POSITIVE, where)
    _, _, transcript = entry.means.partition(":")
    if transcript:
        context.set("disease.bcr_abl1_transcript", BcrAbl1Transcript(transcript), where)


def _read_ph_status(resource: Resource, coding: Coding, context: ReadContext) -> None:
    found = value_codings(resource)
    presence = _presence(found[0]) if found is not None else None
    if found is None or presence is None:
        raise fail(
            f"{resource.path}.valueCodeableConcept", "must be SNOMED CT positive or negative"
        )
    context.set("disease.philadelphia", PhStatus(presence), found[1])


def _read_transcript(resource: Resource, coding: Coding, context: ReadContext) -> None:
    value = resource.element.need("valueCodeableConcept")
    code = _own_value(value)
    try:
        transcript = BcrAbl1Transcript(code)
    except ValueError:
        raise fail(value.path, f"is not an allmodel transcript type: {code!r}") from None
    context.set("disease.bcr_abl1_transcript", transcript, value.path)


def _write_bcr_abl1(patient: Patient, context: WriteContext) -> None:
    disease = patient.disease
    table = code_table(_TABLE)
    if disease.philadelphia is PhStatus.POSITIVE:
        context.add(
            _observation(
                context,
                _standard(table.first("bcr-abl1")),
                valueCodeableConcept=_standard(table.first("positive", SNOMED)),
            )
        )
    elif disease.philadelphia is PhStatus.NEGATIVE:
        context.add(
            _observation(
                context,
                _own(PH_STATUS),
                valueCodeableConcept=_standard(table.first("negative", SNOMED)),
            )
        )
    if disease.bcr_abl1_transcript is not None:
        context.add(
            _observation(
                context, _own(TRANSCRIPT), valueCodeableConcept=_own(disease.bcr_abl1_transcript)
            )
        )


# -- kinase domain ----------------------------------------------------------------------


def _components(resource: Resource) -> Iterator[tuple[str | None, Element]]:
    """Each component with the meaning its code has in the table (``None`` if none)."""
    for component in resource.element.items("component"):
        code = component.need("code")
        means = None
        for coding in code.codings():
            entry = code_table(_TABLE).get(coding.system, coding.code)
            if entry is not None:
                means = entry.means
                break
        yield means, component


def _protein_change(component: Element) -> str | None:
    value = component.child("valueCodeableConcept")
    texts = [c.code for c in value.codings() if c.code] if value is not None else []
    string = component.child("valueString")
    if string is not None:
        texts.append(string.string())
    for text in texts:
        found = _PROTEIN.fullmatch(text)
        if found is not None:
            return found.group(1)
    return None


def _kinase_scratch(context: ReadContext) -> list[Any]:
    return context.scratch.setdefault("disease.kinase_domain", [])


def _read_variant(resource: Resource, coding: Coding, context: ReadContext) -> None:
    genes: set[str] = set()
    changes: list[Element] = []
    for means, component in _components(resource):
        if means == "iscn":
            context.unmapped(
                component.path, "ISCN karyotype: allmodel does not parse ISCN (Ph status not read)"
            )
        elif means == "gene":
            value = component.child("valueCodeableConcept")
            genes.update(g.code for g in (value.codings() if value else []) if g.code)
        elif means == "protein-change":
            changes.append(component)
    found = value_codings(resource)
    presence = _presence(found[0]) if found is not None else None
    if genes == {ABL1, BCR} and presence == "positive" and not changes:
        assert found is not None
        context.set("disease.philadelphia", PhStatus.POSITIVE, found[1])
        return
    if ABL1 not in genes or BCR in genes:
        if genes:
            context.ignore(
                resource.path,
                "variant not read: allmodel reads ABL1 kinase-domain "
                f"mutations and BCR::ABL1 fusions only (genes {sorted(genes)})",
            )
        return
    if found is not None and presence != "positive":
        context.ignore(found[1], "ABL1 variant not stated present: not read")
        return
    mutations = []
    for component in changes:
        change = _protein_change(component)
        if change is None:
            context.ignore(component.path, "protein change not in one-letter form (p.T315I)")
        else:
            mutations.append(change)
    if not mutations:
        context.ignore(resource.path, "ABL1 variant without a protein change allmodel reads")
        return
    dated = _dated(resource, context, "disease.kinase_domain")
    if dated is not None:
        _kinase_scratch(context).append((dated[0], mutations, resource.path))


def _read_kinase_domain(resource: Resource, coding: Coding, context: ReadContext) -> None:
    dated = _dated(resource, context, "disease.kinase_domain")
    if dated is None:
        return
    mutations = []
    for means, component in _components(resource):
        if means != "protein-change":
            context.ignore(component.path, "component not read")
            continue
        change = _protein_change(component)
        if change is None:
            raise fail(component.path, "must give a one-letter protein change such as p.T315I")
        mutations.append(change)
    _kinase_scratch(context).append((dated[0], mutations, resource.path))


def _finish(context: ReadContext) -> None:
    found = context.scratch.get("disease.kinase_domain", [])
    if not found:
        return
    latest = max(when for when, _, _ in found)
    mutations: list[str] = []
    paths = []
    for when, changes, path in found:
        if when != latest:
            context.ignore(path, "disease.kinase_domain: superseded by a later analysis")
            continue
        paths.append(path)
        mutations.extend(m for m in changes if m not in mutations)
    with context.reading(paths[0]):
        analysis = KinaseDomainAnalysis(date=latest, mutations=tuple(mutations))
        context.set("disease.kinase_domain", analysis, paths[0], when=latest)
        for path in paths[1:]:
            context.use(path, "disease.kinase_domain")


def _write_kinase_domain(patient: Patient, context: WriteContext) -> None:
    analysis = patient.disease.kinase_domain
    if analysis is None:
        return
    change = _standard(code_table(_TABLE).first("protein-change"))
    context.add(
        _observation(
            context,
            _own(KINASE_DOMAIN),
            when=analysis.date,
            component=[
                {"code": change, "valueString": f"p.{mutation}"} for mutation in analysis.mutations
            ]
            or None,
        )
    )


# -- CD19 / CD22 ------------------------------------------------------------------------


def _read_marker(resource: Resource, coding: Coding, context: ReadContext) -> None:
    assert coding.code is not None
    marker = _MARKERS[coding.code]
    dated = _dated(resource, context, "disease.markers")
    if dated is None:
        return
    percent = None
    quantity = resource.element.child("valueQuantity")
    if quantity is not None:
        value, _, comparator = read_quantity(quantity, Dimension.PERCENT)
        if comparator is not None:
            context.ignore(quantity.path, f"a share given as {comparator} {value} is not read")
            return
        percent = value
    positive = None
    for item in resource.element.items("interpretation"):
        for call in item.codings():
            if call.system == OBSERVATION_INTERPRETATION and call.code in _POS_NEG:
                positive = _POS_NEG[call.code]
    try:  # as ``with context.reading(resource.path)``, without its calls
        result = MarkerResult(
            marker=marker, date=dated[0], percent_positive=percent, positive=positive
        )
        context.add("disease.markers", result, resource.path)
    except ValidationError as error:
        context.absorb(error, resource.path)


def _write_markers(patient: Patient, context: WriteContext) -> None:
    for result in patient.disease.markers:
        code = MARKER_CD19 if result.marker is Marker.CD19 else MARKER_CD22
        extra: dict[str, Any] = {}
        if result.percent_positive is not None:
            extra["valueQuantity"] = quantity_json(result.percent_positive, "%")
        if result.positive is not None:
            call = "POS" if result.positive else "NEG"
            extra["interpretation"] = [{"coding": [coding_json(OBSERVATION_INTERPRETATION, call)]}]
        context.add(_observation(context, _own(code), when=result.date, **extra))


# -- CNS and extramedullary sites -------------------------------------------------------


def _read_cns(resource: Resource, coding: Coding, context: ReadContext) -> None:
    dated = _dated(resource, context, "disease.cns")
    if dated is None:
        return
    value = resource.element.need("valueCodeableConcept")
    code = _own_value(value)
    try:
        status = CnsStatus(code)
    except ValueError:
        raise fail(value.path, f"is not an allmodel CNS status: {code!r}") from None
    context.add("disease.cns", CnsAssessment(status=status, date=dated[0]), resource.path)


def _read_extramedullary(resource: Resource, coding: Coding, context: ReadContext) -> None:
    involved = resource.element.need("valueBoolean")
    sites = []
    for _, component in _components(resource):
        value = component.need("valueCodeableConcept")
        code = _own_value(value)
        try:
            sites.append(ExtramedullarySite(code))
        except ValueError:
            raise fail(value.path, f"is not an allmodel extramedullary site: {code!r}") from None
    if involved.boolean() != bool(sites):
        raise fail(involved.path, "must be true exactly when sites are listed")
    context.set("disease.extramedullary_sites", tuple(sites), involved.path)


def _write_cns(patient: Patient, context: WriteContext) -> None:
    for assessment in patient.disease.cns:
        context.add(
            _observation(
                context,
                _own(CNS_STATUS),
                when=assessment.date,
                valueCodeableConcept=_own(assessment.status.value),
            )
        )
    sites = patient.disease.extramedullary_sites
    if sites is not None:
        context.add(
            _observation(
                context,
                _own(EXTRAMEDULLARY),
                valueBoolean=bool(sites),
                component=[
                    {"code": _own(EXTRAMEDULLARY_SITE), "valueCodeableConcept": _own(site.value)}
                    for site in sites
                ]
                or None,
            )
        )


# -- the domain -------------------------------------------------------------------------


def _observation(
    context: WriteContext, code: dict[str, Any], *, when: date | None = None, **extra: Any
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": code,
        "subject": context.patient_reference,
    }
    if when is not None:
        resource["effectiveDateTime"] = when.isoformat()
    resource.update({key: value for key, value in extra.items() if value is not None})
    return resource


def _write(patient: Patient, context: WriteContext) -> None:
    _write_all(patient, context)
    _write_bcr_abl1(patient, context)
    _write_kinase_domain(patient, context)
    _write_markers(patient, context)
    _write_cns(patient, context)


def _coded() -> dict[tuple[str, str, str], CodedReader]:
    coded: dict[tuple[str, str, str], CodedReader] = {}
    for entry in code_table(_TABLE).entries:
        kind, _, _ = entry.means.partition(":")
        if kind == "all":
            coded["Condition", entry.system, entry.code] = _read_all
        elif kind == "bcr-abl1":
            coded["Observation", entry.system, entry.code] = _read_bcr_abl1
        elif kind == "variant":
            coded["Observation", entry.system, entry.code] = _read_variant
    coded["Condition", ALLMODEL_CODES, T_ALL] = _read_all
    own: dict[str, CodedReader] = {
        PH_STATUS: _read_ph_status,
        TRANSCRIPT: _read_transcript,
        KINASE_DOMAIN: _read_kinase_domain,
        MARKER_CD19: _read_marker,
        MARKER_CD22: _read_marker,
        CNS_STATUS: _read_cns,
        EXTRAMEDULLARY: _read_extramedullary,
    }
    for code, reader in own.items():
        coded["Observation", ALLMODEL_CODES, code] = reader
    return coded


DOMAIN = Domain(name="disease", write=_write, coded=_coded(), finish=_finish)
