"""Misuse of the JSON functions and the derived facts."""

from __future__ import annotations

from datetime import date

from allmodel import DiseasePhase, LabResult, Patient, disease_phase, load_patient
from allmodel.measures import Mass
from allmodel.io._documents import from_dict
from allmodel.clinical import relapse_count

load_patient(42)  # expect: arg-type
load_patient(["{}"])  # expect: arg-type
load_patient("{}", date(2022, 12, 31))  # expect: call-arg
load_patient("{}", as_of="2022-12-31")  # expect: arg-type
patient = load_patient("{}")
weight: Mass = from_dict(Patient, {})  # expect: assignment
lab: LabResult = from_dict(Mass, {"value": 1, "unit": "kg"})  # expect: assignment
phase: DiseasePhase = disease_phase(patient, as_of=date(2022, 12, 31))  # expect: assignment
disease_phase(patient, as_of="2022-12-31")  # expect: arg-type
relapse_count(patient)  # expect: call-arg
years: int = patient.age(as_of=date(2022, 12, 31))  # expect: assignment
patient.age()  # expect: call-arg
