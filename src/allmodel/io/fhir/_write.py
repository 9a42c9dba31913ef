"""``patient_to_fhir``: a Patient out as a FHIR R4 Bundle that reads back to an equal Patient."""

from __future__ import annotations

from typing import Any

from allmodel._arguments import require_patient
from allmodel.io.fhir._context import WriteContext
from allmodel.io.fhir._domains import DOMAINS
from allmodel.model import Patient

__all__ = ["patient_to_fhir"]


def patient_to_fhir(patient: Patient) -> dict[str, Any]:
    """Write ``patient`` as a FHIR R4 ``collection`` Bundle (decoded JSON).

    The Patient resource comes first; every other resource references it as its subject.
    Standard codes are used where a code system names the concept (LOINC, SNOMED CT,
    RxNorm, UCUM); allmodel's own code system and extensions carry what none does (see
    ``docs/fhir.md``). Entry ids are ``urn:uuid``s derived from the entry's position only,
    so the same patient always gives the same Bundle. :func:`patient_from_fhir` reads it
    back to an equal patient.

    Raises:
        ArgumentError: ``patient`` is not a :class:`~allmodel.model.Patient`.
    """
    require_patient(patient)
    context = WriteContext()
    for domain in DOMAINS:
        domain.write(patient, context)
    return {"resourceType": "Bundle", "type": "collection", "entry": context.entries}
