"""Measures, doses and immutable updates as an analyst writes them, precisely typed.

Type-checked under ``mypy --strict``; ``main()`` also runs it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, assert_type

import attrs

from allmodel import Identifier, Patient
from allmodel.io._documents import from_dict, to_dict
from allmodel.measures import Area, CountConcentration, DosePerArea, Length, Mass, Measure


def absolute_dose(per_area: DosePerArea, bsa: Area) -> Mass:
    """A BSA-normalised dose times the body surface area, in mg."""
    return Mass(per_area.magnitude_in("mg/m2") * bsa.magnitude_in("m2"), "mg")


def canonical_values(measures: list[Measure]) -> list[float]:
    """Any measures, reduced to floats in their canonical units for fast comparison."""
    return [measure.canonical for measure in measures]


def main() -> None:
    """Exercise the typed API."""
    weight = Mass(70, "kg")
    assert_type(weight.to("g"), Mass)
    assert_type(Mass.from_quantity(weight.quantity), Mass)
    assert_type(from_dict(Mass, {"value": 70, "unit": "kg"}), Mass)
    assert_type(to_dict(weight), dict[str, Any])
    patient = Patient(
        identifiers=(Identifier(system="mrn", value="A-1"),),
        date_of_birth=date(1980, 5, 1),
        height=Length(1.8, "m"),
        weight=weight,
    )
    assert_type(patient.weight, Mass | None)
    bsa = patient.bsa()
    assert_type(bsa, Area | None)
    assert bsa is not None
    dose = absolute_dose(DosePerArea(12, "mg/m2"), bsa)
    assert 22.4 < dose.magnitude_in("mg") < 22.5  # 12 mg/m2 x 1.87 m2
    heavier = attrs.evolve(patient, weight=Mass(75, "kg"))
    assert_type(heavier, Patient)
    assert heavier.weight == Mass(75, "kg")
    assert patient.weight == weight
    values = canonical_values([weight, CountConcentration(45000, "/uL"), dose])
    assert values == [70_000_000.0, 45.0, dose.magnitude_in("mg")]


if __name__ == "__main__":
    main()
