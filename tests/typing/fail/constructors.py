"""Misuse of keyword-only constructors and closed vocabularies."""

from __future__ import annotations

from datetime import date

from allmodel.model import Analyte, MrdMethod, RemissionKind
from allmodel import LabResult, MrdResult, Patient, Remission

Remission(RemissionKind.CR, date(2020, 3, 15))  # expect: call-arg
Patient((), date(1980, 1, 1))  # expect: call-arg
LabResult(analyte="platelets", value=45, unit="10^9/L", date=date(2022, 1, 1))  # expect: arg-type
LabResult(analyte=Analyte.PLATELETS, value=45, unit="10^9/L", date="2022-01-01")  # expect: arg-type
LabResult(analyte=Analyte.PLATELETS, value=45, unit="10^9/L")  # expect: call-arg
MrdResult(date=date(2022, 1, 1), method=MrdMethod.PCR, level="1e-4")  # expect: arg-type
Patient(ecog="2")  # expect: arg-type
Patient(ecog=2)  # expect: arg-type
Patient(labs=[])  # expect: arg-type
Patient(mrn="A-1")  # expect: call-arg
