"""Dose rules: how one component's dose follows from the patient's body size.

A rule is data. Its dose is a typed measure (:class:`~allmodel.measures.DosePerArea` for a
per-m2 rule, and so on), so a rule written with the wrong kind of unit is refused when it
is built and, for mypy, cannot be written at all. :func:`resolve_dose` turns a rule and a
:class:`BodySize` into an absolute dose, applying caps and weight or age bands.

Rules:

* :class:`PerArea` — mass per m2 of body surface area, optionally capped (mg/m2);
* :class:`PerAreaPerDay` — daily dose per m2 for continuous infusions, optionally capped
  per day (ug/m2/day, blinatumomab under 45 kg);
* :class:`PerMass` — mass per kg of body weight, optionally capped;
* :class:`Flat` — a fixed mass per administration (dasatinib 70 mg);
* :class:`FlatPerDay` — a fixed daily dose for continuous infusions (blinatumomab 28 ug/day);
* :class:`CellsPerBodyMass` — a cellular product dosed per kg, as a range, with a cap;
* :class:`FlatCells` — a cellular product dosed as a total, as a range;
* :class:`RadiationFraction` — an absorbed dose per fraction;
* :class:`WeightBanded` and :class:`AgeBanded` — the rule that applies depends on weight
  or age;
* :class:`NotStated` — the sources give no dose; planning it needs ``allow_incomplete``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

import attrs

from allmodel._model import InRange, Model, NonEmpty, checks
from allmodel.errors import PlanningError, Problem, ValidationError
from allmodel.measures import (
    AbsorbedDose,
    Area,
    CellCount,
    CellsPerMass,
    DosePerArea,
    DosePerMass,
    DoseRate,
    DoseRatePerArea,
    Mass,
    Measure,
)

__all__ = [
    "AgeBand",
    "AgeBanded",
    "BodySize",
    "CellsPerBodyMass",
    "DoseRule",
    "Flat",
    "FlatCells",
    "FlatPerDay",
    "NotStated",
    "PerArea",
    "PerAreaPerDay",
    "PerMass",
    "RadiationFraction",
    "ResolvedDose",
    "WeightBand",
    "WeightBanded",
    "needs",
    "resolve_dose",
]

_POSITIVE = InRange(low=0, low_inclusive=False)


def _positive_measure(value: Measure) -> str | None:
    return None if value.value > 0 else "must be greater than 0"


@attrs.frozen(kw_only=True)
class PerArea(Model):
    """A dose per m2 of body surface area, with an optional cap per administration."""

    dose: DosePerArea = attrs.field(metadata=checks(_positive_measure))
    cap: Mass | None = attrs.field(default=None, metadata=checks(_positive_measure))

    def describe(self) -> str:
        """Short text of the rule (``3 g/m2``)."""
        return f"{self.dose}" + (f" (at most {self.cap})" if self.cap else "")


@attrs.frozen(kw_only=True)
class PerAreaPerDay(Model):
    """A daily dose per m2 for a continuous infusion, with an optional daily cap."""

    rate: DoseRatePerArea = attrs.field(metadata=checks(_positive_measure))
    cap: DoseRate | None = attrs.field(default=None, metadata=checks(_positive_measure))

    def describe(self) -> str:
        """Short text of the rule (``15 ug/m2/day (at most 28 ug/day)``)."""
        return f"{self.rate}" + (f" (at most {self.cap})" if self.cap else "")


@attrs.frozen(kw_only=True)
class PerMass(Model):
    """A dose per kg of body weight, with an optional cap per administration."""

    dose: DosePerMass = attrs.field(metadata=checks(_positive_measure))
    cap: Mass | None = attrs.field(default=None, metadata=checks(_positive_measure))

    def describe(self) -> str:
        """Short text of the rule."""
        return f"{self.dose}" + (f" (at most {self.cap})" if self.cap else "")


@attrs.frozen(kw_only=True)
class Flat(Model):
    """A fixed dose per administration, whatever the body size."""

    dose: Mass = attrs.field(metadata=checks(_positive_measure))

    def describe(self) -> str:
        """Short text of the rule."""
        return f"{self.dose} flat"


@attrs.frozen(kw_only=True)
class FlatPerDay(Model):
    """A fixed daily dose for a continuous infusion."""

    rate: DoseRate = attrs.field(metadata=checks(_positive_measure))

    def describe(self) -> str:
        """Short text of the rule."""
        return f"{self.rate} flat"


@attrs.frozen(kw_only=True)
class CellsPerBodyMass(Model):
    """A cellular product dosed per kg of body weight: a range, with an optional total cap."""

    low: CellsPerMass = attrs.field(metadata=checks(_positive_measure))
    high: CellsPerMass | None = None
    cap: CellCount | None = attrs.field(default=None, metadata=checks(_positive_measure))

    def _consistency(self) -> Iterable[ValidationError]:
        if self.high is not None and self.high.canonical < self.low.canonical:
            yield ValidationError([Problem("high", "is below low")])

    def describe(self) -> str:
        """Short text of the rule."""
        text = f"{self.low}" if self.high is None else f"{self.low} to {self.high}"
        return text + (f" (at most {self.cap})" if self.cap else "")


@attrs.frozen(kw_only=True)
class FlatCells(Model):
    """A cellular product dosed as a total number of cells (a range)."""

    low: CellCount = attrs.field(metadata=checks(_positive_measure))
    high: CellCount | None = None

    def _consistency(self) -> Iterable[ValidationError]:
        if self.high is not None and self.high.canonical < self.low.canonical:
            yield ValidationError([Problem("high", "is below low")])

    def describe(self) -> str:
        """Short text of the rule."""
        return f"{self.low}" if self.high is None else f"{self.low} to {self.high}"


@attrs.frozen(kw_only=True)
class RadiationFraction(Model):
    """An absorbed radiation dose given per fraction."""

    dose: AbsorbedDose = attrs.field(metadata=checks(_positive_measure))

    def describe(self) -> str:
        """Short text of the rule."""
        return f"{self.dose} per fraction"


@attrs.frozen(kw_only=True)
class NotStated(Model):
    """No dose is given by the sources this regimen encodes; ``reason`` says which."""

    reason: str = attrs.field(metadata=checks(NonEmpty()))

    def describe(self) -> str:
        """Short text of the rule."""
        return f"dose not stated ({self.reason})"


@attrs.frozen(kw_only=True)
class WeightBand(Model):
    """A weight range (kg) and the rule that applies within it."""

    rule: SimpleRule
    low_kg: float | None = attrs.field(default=None, metadata=checks(_POSITIVE))
    low_inclusive: bool = True
    high_kg: float | None = attrs.field(default=None, metadata=checks(_POSITIVE))
    high_inclusive: bool = False

    def contains(self, weight_kg: float) -> bool:
        """Whether ``weight_kg`` falls in this band (bounds as declared)."""
        return (
            InRange(self.low_kg, self.high_kg, self.low_inclusive, self.high_inclusive)(weight_kg)
            is None
        )

    def describe(self) -> str:
        """Short text of the band (``>= 45 kg``)."""
        return (
            InRange(self.low_kg, self.high_kg, self.low_inclusive, self.high_inclusive, "kg")
            ._bound_text()
            .removeprefix("must be ")
        )


@attrs.frozen(kw_only=True)
class WeightBanded(Model):
    """The rule depends on body weight; bands must not overlap."""

    bands: tuple[WeightBand, ...] = attrs.field(metadata=checks(NonEmpty()))

    def describe(self) -> str:
        """Short text of the rule."""
        return "; ".join(f"{band.describe()}: {band.rule.describe()}" for band in self.bands)


@attrs.frozen(kw_only=True)
class AgeBand(Model):
    """An age range (completed years) and the rule that applies within it."""

    rule: SimpleRule
    low_years: int | None = attrs.field(default=None, metadata=checks(InRange(low=0)))
    high_years: int | None = attrs.field(default=None, metadata=checks(InRange(low=0)))

    def contains(self, age: int) -> bool:
        """Whether ``age`` is within ``low_years`` and ``high_years`` (both inclusive)."""
        return InRange(self.low_years, self.high_years)(age) is None

    def describe(self) -> str:
        """Short text of the band (``age >= 60``)."""
        return "age " + InRange(self.low_years, self.high_years)._bound_text().removeprefix(
            "must be "
        )


@attrs.frozen(kw_only=True)
class AgeBanded(Model):
    """The rule depends on age on the first day of the cycle; bands must not overlap."""

    bands: tuple[AgeBand, ...] = attrs.field(metadata=checks(NonEmpty()))

    def describe(self) -> str:
        """Short text of the rule."""
        return "; ".join(f"{band.describe()}: {band.rule.describe()}" for band in self.bands)


SimpleRule: TypeAlias = (
    PerArea
    | PerAreaPerDay
    | PerMass
    | Flat
    | FlatPerDay
    | CellsPerBodyMass
    | FlatCells
    | RadiationFraction
    | NotStated
)
DoseRule: TypeAlias = SimpleRule | WeightBanded | AgeBanded


@attrs.frozen(kw_only=True)
class BodySize:
    """What dose rules may depend on: BSA, weight and age (each ``None`` when unknown)."""

    bsa: Area | None = None
    weight: Mass | None = None
    age: int | None = None


@attrs.frozen(kw_only=True)
class ResolvedDose:
    """An absolute dose for one administration.

    Args:
        amount: The dose (``Mass`` for drugs, ``CellCount`` for cells, ``AbsorbedDose`` for
            radiation), or ``None`` when the rule does not state one.
        upper: The top of the range for range-dosed products, else ``None``.
        per_day: Whether ``amount`` is a daily amount of a continuous infusion.
        basis: How it was computed (``3 g/m2 x 1.82 m2``).
        cap: The cap that was applied, as text, or ``None`` if no cap bit.
    """

    amount: Mass | CellCount | AbsorbedDose | None
    upper: CellCount | None = None
    per_day: bool = False
    basis: str = ""
    cap: str | None = None


def needs(rule: DoseRule) -> frozenset[str]:
    """What a rule depends on: any of ``"bsa"``, ``"weight"`` and ``"age"``."""
    if isinstance(rule, WeightBanded):
        return frozenset({"weight"}).union(*(needs(band.rule) for band in rule.bands))
    if isinstance(rule, AgeBanded):
        return frozenset({"age"}).union(*(needs(band.rule) for band in rule.bands))
    if isinstance(rule, (PerArea, PerAreaPerDay)):
        return frozenset({"bsa"})
    if isinstance(rule, (PerMass, CellsPerBodyMass)):
        return frozenset({"weight"})
    return frozenset()


def _need(value: Measure | int | None, field: str, why: str) -> None:
    if value is None:
        raise PlanningError(f"{field} is not known; {why}")


def _capped(amount: float, cap: float | None) -> tuple[float, bool]:
    if cap is not None and amount > cap:
        return cap, True
    return amount, False


def resolve_dose(rule: DoseRule, body: BodySize) -> ResolvedDose:
    """Compute the absolute dose of ``rule`` for ``body``.

    Raises:
        PlanningError: A body measure the rule needs is unknown, or no band applies.
    """
    if isinstance(rule, WeightBanded):
        _need(body.weight, "weight", "this dose depends on body weight")
        assert body.weight is not None
        kg = body.weight.magnitude_in("kg")
        for band in rule.bands:
            if band.contains(kg):
                inner = resolve_dose(band.rule, body)
                return attrs.evolve(inner, basis=f"{band.describe()}: {inner.basis}")
        raise PlanningError(f"no weight band of this rule covers {kg:g} kg")
    if isinstance(rule, AgeBanded):
        _need(body.age, "age (date_of_birth)", "this dose depends on age")
        assert body.age is not None
        for age_band in rule.bands:
            if age_band.contains(body.age):
                inner = resolve_dose(age_band.rule, body)
                return attrs.evolve(inner, basis=f"{age_band.describe()}: {inner.basis}")
        raise PlanningError(f"no age band of this rule covers age {body.age}")
    if isinstance(rule, PerArea):
        _need(body.bsa, "body surface area (height and weight)", "this dose is per m2")
        assert body.bsa is not None
        m2 = body.bsa.magnitude_in("m2")
        mg, hit = _capped(
            rule.dose.magnitude_in("mg/m2") * m2,
            rule.cap.canonical if rule.cap is not None else None,
        )
        return ResolvedDose(
            amount=Mass(mg, "mg"),
            basis=f"{rule.dose} x {m2:.4g} m2",
            cap=f"capped at {rule.cap}" if hit else None,
        )
    if isinstance(rule, PerAreaPerDay):
        _need(body.bsa, "body surface area (height and weight)", "this dose is per m2")
        assert body.bsa is not None
        m2 = body.bsa.magnitude_in("m2")
        ug = rule.rate.magnitude_in("ug/m2/day") * m2
        ug, hit = _capped(ug, rule.cap.magnitude_in("ug/day") if rule.cap is not None else None)
        return ResolvedDose(
            amount=Mass(ug, "ug"),
            per_day=True,
            basis=f"{rule.rate} x {m2:.4g} m2",
            cap=f"capped at {rule.cap}" if hit else None,
        )
    if isinstance(rule, PerMass):
        _need(body.weight, "weight", "this dose is per kg")
        assert body.weight is not None
        kg = body.weight.magnitude_in("kg")
        mg, hit = _capped(
            rule.dose.magnitude_in("mg/kg") * kg,
            rule.cap.canonical if rule.cap is not None else None,
        )
        return ResolvedDose(
            amount=Mass(mg, "mg"),
            basis=f"{rule.dose} x {kg:g} kg",
            cap=f"capped at {rule.cap}" if hit else None,
        )
    if isinstance(rule, Flat):
        return ResolvedDose(amount=rule.dose, basis=rule.describe())
    if isinstance(rule, FlatPerDay):
        return ResolvedDose(
            amount=Mass(rule.rate.magnitude_in("ug/day"), "ug"), per_day=True, basis=rule.describe()
        )
    if isinstance(rule, CellsPerBodyMass):
        _need(body.weight, "weight", "this cell dose is per kg")
        assert body.weight is not None
        kg = body.weight.magnitude_in("kg")
        cap = rule.cap.canonical if rule.cap is not None else None
        low, low_hit = _capped(rule.low.canonical * kg, cap)
        high: float | None = None
        high_hit = False
        if rule.high is not None:
            high, high_hit = _capped(rule.high.canonical * kg, cap)
        return ResolvedDose(
            amount=CellCount(low, "cells"),
            upper=CellCount(high, "cells") if high is not None else None,
            basis=f"{rule.describe()} x {kg:g} kg",
            cap=f"capped at {rule.cap}" if (low_hit or high_hit) else None,
        )
    if isinstance(rule, FlatCells):
        return ResolvedDose(amount=rule.low, upper=rule.high, basis=rule.describe())
    if isinstance(rule, RadiationFraction):
        return ResolvedDose(amount=rule.dose, basis=rule.describe())
    return ResolvedDose(amount=None, basis=rule.describe())
