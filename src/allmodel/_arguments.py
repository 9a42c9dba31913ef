"""Checks of the arguments of public functions that take a patient.

A function given something else than a :class:`~allmodel.model.Patient` (the decoded
JSON document, a path, ``None``) would fail deep inside with an ``AttributeError`` that
names neither the argument nor the fix; these checks say both, as an
:class:`~allmodel.errors.ArgumentError` (also a ``TypeError``) at the argument's name.
"""

from __future__ import annotations

from allmodel.errors import ArgumentError, Problem
from allmodel.model._patient import Patient

__all__ = ["require_patient"]


def require_patient(value: object, name: str = "patient") -> Patient:
    """``value`` when it is a :class:`~allmodel.model.Patient`.

    Raises:
        ArgumentError: At ``name``, naming the type given; a ``dict``, ``str``, ``bytes``
            or path is pointed to :func:`~allmodel.io.load_patient`.
    """
    if isinstance(value, Patient):
        return value
    given = type(value).__name__
    hint = ""
    if isinstance(value, (dict, str, bytes)) or hasattr(value, "__fspath__"):
        hint = " (read a patient document with allmodel.load_patient first)"
    raise ArgumentError([Problem(name, f"expected a Patient, got {given}{hint}")])
