"""Typed physical measures: a magnitude with a unit code (allmodel's table, an alias or UCUM).

Each class accepts only the units of one :class:`~allmodel.units.Dimension`, so a body
weight cannot be given in ``mg/m2`` and, for mypy, a :class:`Mass` is not a
:class:`DosePerArea`. A measure keeps the unit it was given (a round trip through JSON
is lossless) and converts on request with exact factors; :attr:`Measure.canonical` is
the magnitude in the dimension's canonical unit, as a plain float for fast comparisons.

>>> Mass(70, "kg").magnitude_in("g")
70000.0
>>> CountConcentration(45000, "/uL").magnitude_in("10^9/L")
45.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

import attrs

from allmodel._model import Model, PickledByFields, _number
from allmodel.errors import Problem, UnitError, ValidationError
from allmodel.units import (
    Dimension,
    UnitSpec,
    accepted_units,
    from_quantity,
    parse_unit,
    to_quantity,
)

if TYPE_CHECKING:
    import pint

__all__ = [
    "AbsorbedDose",
    "Area",
    "CellCount",
    "CellsPerMass",
    "CountConcentration",
    "DosePerArea",
    "DosePerMass",
    "DoseRate",
    "DoseRatePerArea",
    "Length",
    "Mass",
    "MassConcentration",
    "Measure",
]


#: The unit specs of each conversion asked of :meth:`Measure.magnitude_in` (target and
#: source, by source unit, target unit and dimension), parsed once: as many as the
#: distinct units read, which :func:`~allmodel.units.parse_unit` keeps as well.
_CONVERSIONS: dict[tuple[str, str, Dimension], tuple[UnitSpec, UnitSpec]] = {}


@attrs.frozen
class Measure(Model, PickledByFields):
    """A magnitude and a unit code of this class's dimension.

    Args:
        value: The magnitude, a finite number.
        unit: A unit code of this class's dimension: from :data:`allmodel.units.UNITS`, an
            alias or any UCUM code (see :func:`allmodel.units.parse_unit`).

    Raises:
        ValidationError: ``value`` is not a finite number.
        UnitError: ``unit`` is unknown or of another dimension.
    """

    dimension: ClassVar[Dimension]

    value: float
    unit: str

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        try:
            super().__attrs_post_init__()
        except ValidationError as error:
            problems.extend(p for p in error.problems if p.path != "unit")
        try:
            parse_unit(self.unit, self.dimension)
        except UnitError as error:
            if not problems:
                raise
            problems.extend(error.problems)
        if problems:
            raise ValidationError(problems)

    @property
    def spec(self) -> UnitSpec:
        """The table entry of this measure's unit."""
        return parse_unit(self.unit, self.dimension)

    @property
    def canonical(self) -> float:
        """The magnitude in the dimension's canonical unit (see :class:`Dimension`)."""
        return self.spec.to_canonical(self.value)

    def magnitude_in(self, unit: str) -> float:
        """Return the magnitude expressed in ``unit`` (same dimension), as a float."""
        key = (self.unit, unit, self.dimension)
        found = _CONVERSIONS.get(key)
        if found is None:
            found = (parse_unit(unit, self.dimension), self.spec)
            _CONVERSIONS[key] = found
        target, source = found
        return target.from_canonical(source.to_canonical(self.value))

    def to(self, unit: str) -> Self:
        """Return the same measure expressed in ``unit``."""
        return type(self)(self.magnitude_in(unit), unit)

    @property
    def quantity(self) -> pint.Quantity[float]:
        """This measure as a pint Quantity of the application registry."""
        return to_quantity(self.value, self.unit)

    @classmethod
    def from_quantity(cls, quantity: Any) -> Self:
        """Build a measure from a pint Quantity of any registry.

        Raises:
            UnitError: The quantity's dimension is not this class's.
        """
        magnitude, code = from_quantity(quantity, cls.dimension)
        return cls(magnitude, code)

    @classmethod
    def accepted_units(cls) -> tuple[str, ...]:
        """The unit codes this class accepts."""
        return accepted_units(cls.dimension)

    def __str__(self) -> str:
        return f"{_number(self.value)} {self.unit}"


@attrs.frozen
class Mass(Measure):
    """A mass: body weight (kg) or a flat dose (mg, g, ug)."""

    dimension: ClassVar[Dimension] = Dimension.MASS


@attrs.frozen
class Length(Measure):
    """A length: body height (cm, m)."""

    dimension: ClassVar[Dimension] = Dimension.LENGTH


@attrs.frozen
class Area(Measure):
    """An area: body surface area (m2)."""

    dimension: ClassVar[Dimension] = Dimension.AREA


@attrs.frozen
class CountConcentration(Measure):
    """Cells per volume of blood (10^9/L, /uL, 10^3/uL)."""

    dimension: ClassVar[Dimension] = Dimension.COUNT_PER_VOLUME


@attrs.frozen
class MassConcentration(Measure):
    """Mass per volume of serum or blood (g/dL, g/L, mg/dL): albumin, hemoglobin."""

    dimension: ClassVar[Dimension] = Dimension.MASS_PER_VOLUME


@attrs.frozen
class DosePerArea(Measure):
    """A dose normalised to body surface area (mg/m2, g/m2, ug/m2)."""

    dimension: ClassVar[Dimension] = Dimension.MASS_PER_AREA


@attrs.frozen
class DoseRatePerArea(Measure):
    """A daily dose normalised to body surface area (ug/m2/day, mg/m2/day)."""

    dimension: ClassVar[Dimension] = Dimension.MASS_PER_AREA_PER_DAY


@attrs.frozen
class DoseRate(Measure):
    """A flat daily dose (ug/day, mg/day)."""

    dimension: ClassVar[Dimension] = Dimension.MASS_PER_DAY


@attrs.frozen
class DosePerMass(Measure):
    """A dose normalised to body mass (mg/kg)."""

    dimension: ClassVar[Dimension] = Dimension.MASS_PER_BODY_MASS


@attrs.frozen
class CellsPerMass(Measure):
    """A cellular-product dose per body mass (cells/kg, 10^6 cells/kg)."""

    dimension: ClassVar[Dimension] = Dimension.CELLS_PER_BODY_MASS


@attrs.frozen
class CellCount(Measure):
    """A total number of cells (cells, 10^8 cells)."""

    dimension: ClassVar[Dimension] = Dimension.CELL_COUNT


@attrs.frozen
class AbsorbedDose(Measure):
    """An absorbed radiation dose (cGy, Gy). Not a dose equivalent (Sv is not accepted)."""

    dimension: ClassVar[Dimension] = Dimension.ABSORBED_DOSE
