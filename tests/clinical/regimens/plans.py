"""Hand formulas, patients, dates and readers shared by the dose-plan tests.

Body surface areas are worked out by hand (Mosteller: sqrt(height cm x weight kg / 3600);
DuBois: 0.007184 x weight^0.425 x height^0.725), never by the code under test.
"""

from __future__ import annotations

import math
from datetime import date

from allmodel.clinical.regimens import Administration, Component, DosePlan, OnDays, PerArea, Route
from allmodel.measures import CellCount, DosePerArea, Length, Mass, Measure
from allmodel.model import Agent, Patient


def mosteller(height_cm: float, weight_kg: float) -> float:
    """Mosteller BSA in m2, by hand."""
    return math.sqrt(height_cm * weight_kg / 3600)


def dubois(height_cm: float, weight_kg: float) -> float:
    """DuBois BSA in m2, by hand."""
    return 0.007184 * math.pow(weight_kg, 0.425) * math.pow(height_cm, 0.725)


def adult(height_cm: float | None = 170, weight_kg: float | None = 70) -> Patient:
    """A patient with the given height and weight (either may be unknown)."""
    return Patient(
        height=None if height_cm is None else Length(height_cm, "cm"),
        weight=None if weight_kg is None else Mass(weight_kg, "kg"),
    )


#: 170 cm and 70 kg: Mosteller sqrt(11900 / 3600) = 1.81812 m2.
BSA_170_70 = math.sqrt(170 * 70 / 3600)
MONDAY = date(2022, 3, 7)
LEAP_MONDAY = date(2024, 2, 26)


def mg(item: Administration) -> float:
    """An administration's dose in mg."""
    assert isinstance(item.dose, Mass)
    return item.dose.magnitude_in("mg")


def ug(item: Administration) -> float:
    """An administration's dose in ug."""
    assert isinstance(item.dose, Mass)
    return item.dose.magnitude_in("ug")


def cells(dose: Measure | None) -> float:
    """A cell dose in cells."""
    assert isinstance(dose, CellCount)
    return dose.magnitude_in("cells")


def total(measure: Measure, unit: str) -> float:
    """A total in ``unit``."""
    return measure.magnitude_in(unit)


def of(result: DosePlan, component: str) -> list[Administration]:
    """The administrations of one component."""
    return [item for item in result.administrations if item.component == component]


def bsa_of(result: DosePlan) -> float:
    """The BSA a plan used, in m2."""
    assert result.bsa is not None
    return result.bsa.magnitude_in("m2")


BLINA_START = LEAP_MONDAY


def iv_component(name: str, schedule: OnDays) -> Component:
    """Etoposide 100 mg/m2 intravenously on the given days."""
    return Component(
        name=name,
        agent=Agent.ETOPOSIDE,
        rule=PerArea(dose=DosePerArea(100, "mg/m2")),
        schedule=schedule,
        route=Route.INTRAVENOUS,
    )
