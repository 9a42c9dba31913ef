"""Misuse of immutable records: assignment, mutation, unknown attributes."""

from __future__ import annotations

from datetime import date

from allmodel.model import EcogAssessment
from allmodel import LabResult, Patient
from allmodel.measures import Mass

patient = Patient(ecog=EcogAssessment(value=1, date=date(2022, 1, 1)))
patient.ecog = None  # expect: misc
patient.weight = Mass(70, "kg")  # expect: misc
patient.labs.append(LabResult)  # expect: attr-defined
patient.nickname = "x"  # expect: attr-defined
patient.course.relapses[0].date = date(2022, 1, 1)  # expect: misc
weight = Mass(70, "kg")
weight.value = 71.0  # expect: misc
