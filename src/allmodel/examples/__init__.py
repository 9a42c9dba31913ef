"""The bundled examples, shipped in the package: synthetic example patients, an example
local trial written as JSON criteria, and the patient document's JSON Schema.

They are package data (``patients/*.json``, ``fhir/*.json`` (each example patient as a
FHIR R4 Bundle, and one Bundle shaped like a real EHR export), ``local_trials/*.json`` and
``patient.schema.json`` beside this module), read with :mod:`importlib.resources`, so they
work from an installed wheel as well as from the repository: ``allmodel screen
--examples`` screens the patients, and the README's tour loads them from here. The
patients are invented for teaching and testing; none is a real person. The schema file is
what :func:`allmodel.io.patient_json_schema` generates (``make schema`` rewrites it and a
test keeps it current).
"""

from allmodel.examples._bundle import (
    EHR_EXPORT_NAME,
    LOCAL_TRIAL_NAME,
    fhir_bundle,
    fhir_bundle_names,
    local_trial,
    patient,
    patient_document,
    patient_names,
    patient_schema,
    patients,
)

__all__ = [
    "EHR_EXPORT_NAME",
    "LOCAL_TRIAL_NAME",
    "fhir_bundle",
    "fhir_bundle_names",
    "local_trial",
    "patient",
    "patient_document",
    "patient_names",
    "patient_schema",
    "patients",
]
