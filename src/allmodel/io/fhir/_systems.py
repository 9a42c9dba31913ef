"""The code-system and structure URIs allmodel reads and writes in FHIR.

Each URI is the one the code system's FHIR page names (HL7 FHIR R4, "Using Codes in
Resources" and the terminology pages: LOINC ``http://loinc.org``, SNOMED CT
``http://snomed.info/sct``, UCUM ``http://unitsofmeasure.org``, RxNorm
``http://www.nlm.nih.gov/research/umls/rxnorm``, ICD-10-CM
``http://hl7.org/fhir/sid/icd-10-cm``, ATC ``http://www.whocc.no/atc``). Several
national systems send ATC under their own URI (the German BfArM's
``http://fhir.de/CodeSystem/bfarm/atc``); :data:`ATC_SYSTEMS` lists the ones read.

allmodel's own concepts that no public code system names (the treating team's
judgements, the CNS classes CNS2a-c, a treatment line's intent) are written under
:data:`ALLMODEL_CODES`, and the fields FHIR has no element for under extensions rooted
at :data:`ALLMODEL_EXTENSIONS`. Both are documented in ``docs/fhir.md``.
"""

from __future__ import annotations

__all__ = [
    "ALLMODEL_BASE",
    "ALLMODEL_CODES",
    "ALLMODEL_EXTENSIONS",
    "ATC",
    "ATC_SYSTEMS",
    "CONDITION_CLINICAL",
    "CONDITION_VERIFICATION",
    "ICD10",
    "ICD10CM",
    "ICD10GM",
    "LOINC",
    "NDC",
    "OBSERVATION_CATEGORY",
    "OBSERVATION_INTERPRETATION",
    "REFERENCE_RANGE_MEANING",
    "RXNORM",
    "SNOMED",
    "UCUM",
    "extension_url",
]

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
NDC = "http://hl7.org/fhir/sid/ndc"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10GM = "http://fhir.de/CodeSystem/bfarm/icd-10-gm"
ATC = "http://www.whocc.no/atc"
#: Every URI under which ATC codes are read (the WHO's, and national copies).
ATC_SYSTEMS: frozenset[str] = frozenset(
    {ATC, "http://fhir.de/CodeSystem/bfarm/atc", "http://fhir.de/CodeSystem/dimdi/atc"}
)
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
OBSERVATION_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
#: HL7's reference-range meanings (``normal``, ``recommended``, ...): ``referenceRange.type``.
REFERENCE_RANGE_MEANING = "http://terminology.hl7.org/CodeSystem/referencerange-meaning"

#: Root of allmodel's own FHIR definitions. ``.invalid`` is reserved (RFC 2606): the URIs
#: name allmodel's concepts and resolve nowhere, so no one mistakes them for HL7's.
ALLMODEL_BASE = "https://allmodel.invalid/fhir"
#: allmodel's own code system, for concepts no public code system names.
ALLMODEL_CODES = f"{ALLMODEL_BASE}/CodeSystem/allmodel"
#: Prefix of allmodel's extension URLs (see :func:`extension_url`).
ALLMODEL_EXTENSIONS = f"{ALLMODEL_BASE}/StructureDefinition/"


def extension_url(name: str) -> str:
    """The URL of allmodel's extension ``name`` (``treatment-line``)."""
    return ALLMODEL_EXTENSIONS + name
