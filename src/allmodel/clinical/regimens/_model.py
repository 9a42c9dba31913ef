"""What a regimen is: components (agent, dose rule, schedule, route) grouped into cycles.

A :class:`Regimen` has one or more :class:`CycleDefinition`\\ s: which cycle numbers they
apply to (blinatumomab's first cycle steps the dose up; inotuzumab's later cycles depend on
the response, chosen by a *variant*), how long a cycle is, and its :class:`Component`\\ s.
Its :class:`Availability` says whether and since when it can no longer be given (liposomal
vincristine was withdrawn in May 2022; liposomal cytarabine has not been made since 2017).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from allmodel._model import InRange, Matches, Model, NonEmpty, checks
from allmodel.clinical.regimens._dosing import DoseRule, NotStated, RadiationFraction
from allmodel.clinical.regimens._schedule import NotScheduled, Schedule, Weekdays
from allmodel.errors import Problem, ValidationError
from allmodel.measures import AbsorbedDose
from allmodel.model._agents import Agent

__all__ = [
    "Availability",
    "Component",
    "CycleDefinition",
    "RadiationCourse",
    "Regimen",
    "Route",
]


class Route(enum.StrEnum):
    """How a component is given."""

    INTRAVENOUS = "intravenous"
    CONTINUOUS_INTRAVENOUS = "continuous_intravenous"
    ORAL = "oral"
    INTRATHECAL = "intrathecal"
    RADIOTHERAPY = "radiotherapy"


@attrs.frozen(kw_only=True)
class RadiationCourse(Model):
    """A course of radiotherapy: total absorbed dose in a number of equal fractions.

    >>> RadiationCourse(total=AbsorbedDose(2400, "cGy"), fractions=12).per_fraction
    AbsorbedDose(value=200.0, unit='cGy')
    """

    total: AbsorbedDose
    fractions: int = attrs.field(metadata=checks(InRange(low=1)))

    @property
    def per_fraction(self) -> AbsorbedDose:
        """The dose of each fraction, in the unit of the total."""
        return AbsorbedDose(self.total.value / self.fractions, self.total.unit)

    def component(self, name: str, note: str | None = None) -> Component:
        """The component that gives this course as weekday fractions."""
        return Component(
            name=name,
            agent=None,
            rule=RadiationFraction(dose=self.per_fraction),
            schedule=Weekdays(count=self.fractions),
            route=Route.RADIOTHERAPY,
            note=note,
        )


@attrs.frozen(kw_only=True)
class Component(Model):
    """One drug (or radiotherapy) of a regimen: dose rule, schedule, route.

    Args:
        name: Display name, unique within its cycle definition (``cytarabine``).
        agent: The agent, or ``None`` for radiotherapy.
        rule: The dose rule.
        schedule: The cycle days.
        route: How it is given.
        infusion: Infusion duration as the source gives it (``over 3 hours``).
        note: Anything a prescriber should see beside the dose.
    """

    name: str = attrs.field(metadata=checks(NonEmpty()))
    agent: Agent | None
    rule: DoseRule
    schedule: Schedule
    route: Route
    infusion: str | None = None
    note: str | None = None

    @property
    def complete(self) -> bool:
        """Whether the sources state both the dose and the schedule."""
        return not isinstance(self.rule, NotStated) and not isinstance(self.schedule, NotScheduled)


@attrs.frozen(kw_only=True)
class CycleDefinition(Model):
    """The components of the cycles it applies to.

    Args:
        label: Display name (``cycle 1 (dose step-up)``).
        components: The components.
        length_days: Cycle length in days, or ``None`` when the sources state none
            (single courses and continuous daily therapy).
        cycles: The cycle numbers this definition applies to; ``None`` for every cycle.
        variant: When two definitions cover the same cycle, the name that selects this one.
        stop_reason: Why the sources give this definition for no cycle after its last one,
            with the source (inotuzumab without CR/CRi: discontinue after 3 cycles). A plan
            asking this variant for a later cycle is refused with this text.
    """

    label: str = attrs.field(metadata=checks(NonEmpty()))
    components: tuple[Component, ...] = attrs.field(metadata=checks(NonEmpty()))
    length_days: int | None = attrs.field(default=None, metadata=checks(InRange(low=1)))
    cycles: tuple[int, ...] | None = None
    variant: str | None = None
    stop_reason: str | None = attrs.field(default=None, metadata=checks(NonEmpty()))

    def _consistency(self) -> Iterable[ValidationError]:
        names = [component.name for component in self.components]
        if len(set(names)) != len(names):
            yield ValidationError([Problem("components", "must have distinct names")])
        if self.stop_reason is not None and self.cycles is None:
            yield ValidationError(
                [Problem("stop_reason", "needs cycles: a definition for every cycle never stops")]
            )

    def applies_to(self, cycle: int) -> bool:
        """Whether this definition covers cycle number ``cycle``."""
        return self.cycles is None or cycle in self.cycles


@attrs.frozen(kw_only=True)
class Availability(Model):
    """Whether a regimen can still be given.

    Args:
        withdrawn_on: First day it was no longer available, or ``None`` if available.
        reason: What happened, with its source.
    """

    withdrawn_on: date | None = None
    reason: str | None = None

    def available_on(self, day: date) -> bool:
        """Whether it was available on ``day``."""
        return self.withdrawn_on is None or day < self.withdrawn_on


_ID = Matches(r"[a-z][a-z0-9_]*", "a snake_case identifier")


@attrs.frozen(kw_only=True)
class Regimen(Model):
    """A regimen the review names, as data.

    Args:
        id: Stable identifier (``cytarabine_idarubicin``).
        name: Display name.
        definitions: Cycle definitions.
        citations: Source ids: the review's references and sections, and the label
            sections or other sources of the doses (``review-ref-41``,
            ``label-us-blincyto-dosage``).
        availability: Whether it can still be given.
        max_cycles: Most cycles the sources describe, if stated.
        notes: What a prescriber should know that is not a dose; a note cites with
            inline ``[source id]`` markers.
    """

    id: str = attrs.field(metadata=checks(_ID))
    name: str = attrs.field(metadata=checks(NonEmpty()))
    definitions: tuple[CycleDefinition, ...] = attrs.field(metadata=checks(NonEmpty()))
    citations: tuple[str, ...] = attrs.field(metadata=checks(NonEmpty()))
    availability: Availability = attrs.field(factory=Availability)
    max_cycles: int | None = attrs.field(default=None, metadata=checks(InRange(low=1)))
    notes: tuple[str, ...] = ()

    def definitions_for(self, cycle: int) -> tuple[CycleDefinition, ...]:
        """The definitions covering cycle number ``cycle`` (several when variants differ)."""
        return tuple(d for d in self.definitions if d.applies_to(cycle))

    @property
    def variants(self) -> tuple[str, ...]:
        """The variant names used by any definition, in order."""
        found: list[str] = []
        for definition in self.definitions:
            if definition.variant is not None and definition.variant not in found:
                found.append(definition.variant)
        return tuple(found)

    @property
    def complete(self) -> bool:
        """Whether every component of every cycle has a stated dose and schedule."""
        return all(c.complete for d in self.definitions for c in d.components)
