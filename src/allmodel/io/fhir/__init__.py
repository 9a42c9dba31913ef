"""FHIR R4 in and out: read a Bundle into a Patient with a mapping report; write one back.

:func:`patient_from_fhir` reads a Bundle, one resource or a list of resources (JSON or
``fhir.resources`` models) into a :class:`~allmodel.model.Patient` and a
:class:`MappingReport` that lists every resource and element used, ignored (and why) or
not mapped, each with its FHIR path. :func:`patient_to_fhir` writes a patient as a Bundle
that reads back to an equal patient. Validation uses the ``fhir.resources`` R4B models
(``pip install allmodel[fhir]``); problems become :class:`~allmodel.errors.FhirError`
with FHIR paths. The codes read and written are package data with their sources
(``allmodel/io/fhir/codes/``); ``docs/fhir.md`` lists them.
"""

from allmodel.io.fhir._read import FhirReading, patient_from_fhir
from allmodel.io.fhir._report import MappingEntry, MappingReport, Outcome
from allmodel.io.fhir._write import patient_to_fhir

__all__ = [
    "FhirReading",
    "MappingEntry",
    "MappingReport",
    "Outcome",
    "patient_from_fhir",
    "patient_to_fhir",
]
