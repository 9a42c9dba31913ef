"""The bundled examples, read from the package data beside this package's ``__init__``:
the example patients, the example local trial and the patient JSON Schema."""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from allmodel.criteria import Option, load_criteria
from allmodel.errors import Problem, ValidationError
from allmodel.io import load_patient
from allmodel.model import Patient

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

#: The name (file stem) of the bundled example local trial.
LOCAL_TRIAL_NAME = "example_hospital_cd22_pilot"

_SUFFIX = ".json"

#: The name of the hand-written example Bundle shaped like a real EHR export (mixed code
#: systems, lower-case litre, resources allmodel does not read, a code it cannot map).
EHR_EXPORT_NAME = "ehr_export"

#: The package whose data files these are.
_PACKAGE = "allmodel.examples"


def _folder(name: str) -> Traversable:
    return files(_PACKAGE) / name


def patient_names() -> tuple[str, ...]:
    """Return the names of the bundled example patients, sorted (each name is its file's
    stem, e.g. ``"ph_negative_first_relapse"``)."""
    return tuple(
        sorted(
            entry.name.removesuffix(_SUFFIX)
            for entry in _folder("patients").iterdir()
            if entry.name.endswith(_SUFFIX)
        )
    )


def patient_document(name: str) -> bytes:
    """Return one example patient's JSON document as UTF-8 bytes, exactly as shipped.

    Args:
        name: One of :func:`patient_names`.

    Raises:
        ValidationError: ``name`` is not a bundled example patient; the message names it
            and lists the bundled ones.
    """
    known = patient_names()
    if name not in known:
        raise ValidationError(
            [
                Problem(
                    "name",
                    f"no bundled example patient {name!r}; the examples are: {', '.join(known)}",
                )
            ]
        )
    return (_folder("patients") / f"{name}{_SUFFIX}").read_bytes()


def patient(name: str) -> Patient:
    """Load one bundled example patient.

    Args:
        name: One of :func:`patient_names`, e.g. ``"ph_negative_first_relapse"``.

    Raises:
        ValidationError: ``name`` is not a bundled example patient; the message names it
            and lists the bundled ones.
    """
    return load_patient(patient_document(name))


def patients() -> dict[str, Patient]:
    """Load every bundled example patient, keyed by name in :func:`patient_names` order."""
    return {name: patient(name) for name in patient_names()}


def fhir_bundle_names() -> tuple[str, ...]:
    """Return the names of the bundled example FHIR Bundles, sorted: one per example
    patient (what :func:`allmodel.io.fhir.patient_to_fhir` writes for it) and
    :data:`EHR_EXPORT_NAME`."""
    return tuple(
        sorted(
            entry.name.removesuffix(_SUFFIX)
            for entry in _folder("fhir").iterdir()
            if entry.name.endswith(_SUFFIX)
        )
    )


def fhir_bundle(name: str) -> dict[str, Any]:
    """Return one example FHIR R4 Bundle as decoded JSON (read it with
    :func:`allmodel.io.fhir.patient_from_fhir`).

    Args:
        name: One of :func:`fhir_bundle_names`: an example patient's name or
            :data:`EHR_EXPORT_NAME`.

    Raises:
        ValidationError: ``name`` is not a bundled example Bundle; the message lists them.
    """
    known = fhir_bundle_names()
    if name not in known:
        raise ValidationError(
            [
                Problem(
                    "name",
                    f"no bundled FHIR example {name!r}; the examples are: {', '.join(known)}",
                )
            ]
        )
    found: dict[str, Any] = json.loads((_folder("fhir") / f"{name}{_SUFFIX}").read_text("utf-8"))
    return found


def local_trial() -> Option:
    """Load the bundled example local trial (:data:`LOCAL_TRIAL_NAME`): a hospital's own
    CD22 pilot written as JSON criteria, as ``allmodel screen --local-trial`` reads one."""
    document = _folder("local_trials") / f"{LOCAL_TRIAL_NAME}{_SUFFIX}"
    return load_criteria(document.read_bytes())


def patient_schema() -> dict[str, Any]:
    """Return the shipped JSON Schema of the patient document (``patient.schema.json``), a
    copy of what :func:`allmodel.io.patient_json_schema` generates."""
    loaded: dict[str, Any] = json.loads(
        (files(_PACKAGE) / "patient.schema.json").read_text(encoding="utf-8")
    )
    return loaded
