"""Misuse of measures: one dimension where another is typed."""

from __future__ import annotations

from allmodel.measures import CountConcentration, DosePerArea, Length, Mass
from allmodel import Patient


def anthracycline_budget(dose: DosePerArea) -> float:
    """Remaining doxorubicin-equivalent budget in mg/m2."""
    return 450 - dose.magnitude_in("mg/m2")


anthracycline_budget(Mass(300, "mg"))  # expect: arg-type
Patient(cumulative_anthracycline=Mass(300, "mg"))  # expect: arg-type
Patient(weight=Length(170, "cm"))  # expect: arg-type
Patient(weight=70)  # expect: arg-type
Patient(height=170.0)  # expect: arg-type
platelets: CountConcentration = Mass(45, "g")  # expect: assignment
total = Mass(1, "kg") + Mass(2, "kg")  # expect: operator
Mass("70", "kg")  # expect: arg-type
Mass(70)  # expect: call-arg
kilograms: int = Mass(70, "kg").magnitude_in("kg")  # expect: assignment
