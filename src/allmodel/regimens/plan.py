"""Dose plans: a regimen's cycle turned into dated administrations for one patient.

:func:`plan` takes a regimen, a patient and the first day of the cycle and returns an
immutable :class:`DosePlan`: every administration with its calendar date, its absolute
dose as a typed measure (``.quantity`` gives the pint Quantity), how the dose was worked
out, and any cap that was applied; plus per-day and per-course totals.

It refuses (:class:`~allmodel.errors.PlanningError`) rather than guess:

* height or weight missing when a dose needs them, or outside allmodel's plausibility
  limits for planning an adult's doses (height 100-250 cm, weight 25-300 kg; these are
  sanity limits of this library, not clinical thresholds);
* a regimen withdrawn on the start date, unless ``allow_withdrawn=True`` (historical
  planning);
* a component whose dose or days the sources do not state, unless
  ``allow_incomplete=True`` (then it is listed in ``omitted`` or planned without a dose);
* a cycle that depends on the response without the ``variant`` that chooses it.

BSA is computed by Mosteller unless DuBois is chosen; ``bsa_cap`` optionally caps it
(with a warning).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from allmodel._display import html_table, jsonable
from allmodel.agents import Agent
from allmodel.errors import PlanningError, ValidationError
from allmodel.measures import AbsorbedDose, Area, CellCount, Mass, Measure
from allmodel.patient import BsaMethod, Patient, body_surface_area
from allmodel.regimens.catalogue import get_regimen
from allmodel.regimens.dosing import BodySize, NotStated, needs, resolve_dose
from allmodel.regimens.model import Component, CycleDefinition, Regimen, Route
from allmodel.regimens.schedule import (
    EveryDay,
    EveryNDays,
    NotScheduled,
    OnDays,
    Weekdays,
    expand,
)

if TYPE_CHECKING:
    import pint

__all__ = [
    "PLANNING_HEIGHT_CM",
    "PLANNING_WEIGHT_KG",
    "Administration",
    "BsaCapWarning",
    "DosePlan",
    "plan",
]

#: Heights (cm, inclusive) allmodel accepts for planning an adult's doses: a sanity limit.
PLANNING_HEIGHT_CM = (100.0, 250.0)
#: Weights (kg, inclusive) allmodel accepts for planning an adult's doses: a sanity limit.
PLANNING_WEIGHT_KG = (25.0, 300.0)


class BsaCapWarning(UserWarning):
    """The patient's BSA exceeded the cap the caller asked for and was capped."""


@attrs.frozen(kw_only=True)
class Administration:
    """One administration (or one day of a continuous infusion, or one fraction).

    Args:
        date: Calendar date.
        day: Day of the cycle (day 1 is the start).
        component: The component's name.
        agent: The agent, or ``None`` for radiotherapy.
        route: How it is given.
        dose: The absolute dose (``Mass``, ``CellCount`` or ``AbsorbedDose``); ``None``
            when the sources state none (only with ``allow_incomplete``).
        dose_upper: Top of the range for range-dosed cell products.
        per_day: ``dose`` is the day's amount of a continuous infusion.
        basis: How the dose was worked out (``3 g/m2 x 1.82 m2``).
        cap: The cap applied, if one bit.
        infusion: Infusion duration as the source gives it.
    """

    date: date
    day: int
    component: str
    agent: Agent | None
    route: Route
    dose: Mass | CellCount | AbsorbedDose | None
    dose_upper: CellCount | None = None
    per_day: bool = False
    basis: str = ""
    cap: str | None = None
    infusion: str | None = None

    @property
    def quantity(self) -> pint.Quantity[float] | None:
        """The dose as a pint Quantity (``None`` when not stated)."""
        return None if self.dose is None else self.dose.quantity


@attrs.frozen(kw_only=True)
class DosePlan:
    """The dated administrations of one cycle of a regimen for one patient.

    Args:
        regimen_id: The regimen's id.
        regimen_name: Its display name.
        cycle: Cycle number.
        definition: Label of the cycle definition used.
        start: Day 1.
        end: Last day of the planned period.
        bsa: The BSA used (``None`` when no component needed it).
        bsa_method: Formula used for ``bsa``.
        weight: The weight used, if any component needed it.
        administrations: Every administration, by date then component.
        omitted: Components not planned because their days are not stated.
        warnings: Legal but questionable circumstances (a BSA cap, a withdrawn regimen
            planned historically, components without a stated dose).
        citations: The regimen's citations.
    """

    regimen_id: str
    regimen_name: str
    cycle: int
    definition: str
    start: date
    end: date
    bsa: Area | None
    bsa_method: BsaMethod
    weight: Mass | None
    administrations: tuple[Administration, ...]
    omitted: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()

    @property
    def caps_applied(self) -> tuple[str, ...]:
        """Each distinct cap that bit, with its component."""
        found: list[str] = []
        for item in self.administrations:
            if item.cap is not None:
                text = f"{item.component}: {item.cap}"
                if text not in found:
                    found.append(text)
        return tuple(found)

    def daily_totals(self) -> Mapping[date, Mapping[str, Measure]]:
        """Per date, the total dose of each agent (or component without an agent)."""
        totals: dict[date, dict[str, Measure]] = {}
        for item in self.administrations:
            if item.dose is not None:
                day = totals.setdefault(item.date, {})
                _add(day, _key(item), item.dose)
        return totals

    def course_totals(self) -> Mapping[str, Measure]:
        """The total dose of each agent (or component without an agent) over the cycle."""
        totals: dict[str, Measure] = {}
        for item in self.administrations:
            if item.dose is not None:
                _add(totals, _key(item), item.dose)
        return totals

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the plan, with per-day and per-course totals."""
        result: dict[str, Any] = jsonable(self)
        result["caps_applied"] = list(self.caps_applied)
        result["daily_totals"] = {
            day.isoformat(): jsonable(totals) for day, totals in self.daily_totals().items()
        }
        result["course_totals"] = jsonable(self.course_totals())
        return result

    def _repr_html_(self) -> str:
        rows = [
            (
                item.date.isoformat(),
                item.day,
                item.component,
                "not stated"
                if item.dose is None
                else _format(item.dose)
                + (f" to {_format(item.dose_upper)}" if item.dose_upper is not None else "")
                + (" per day" if item.per_day else ""),
                item.basis,
                item.cap or "",
            )
            for item in self.administrations
        ]
        caption = (
            f"{self.regimen_name}, cycle {self.cycle} ({self.definition}): "
            f"{self.start.isoformat()} to {self.end.isoformat()}"
            + (f"; BSA {self.bsa.value:.2f} m2 ({self.bsa_method})" if self.bsa else "")
        )
        totals = [
            f"course total {name}: {_format(dose)}" for name, dose in self.course_totals().items()
        ]
        return html_table(
            ("date", "day", "component", "dose", "basis", "cap"),
            rows,
            caption=caption,
            notes=(*totals, *(f"omitted: {o}" for o in self.omitted), *self.warnings),
        )

    def __str__(self) -> str:
        lines = [
            f"{self.regimen_name}, cycle {self.cycle} ({self.definition}): "
            f"{self.start.isoformat()} to {self.end.isoformat()}",
        ]
        if self.bsa is not None:
            lines.append(f"BSA {self.bsa.value:.2f} m2 ({self.bsa_method})")
        for item in self.administrations:
            dose = "dose not stated" if item.dose is None else _format(item.dose)
            if item.dose_upper is not None:
                dose += f" to {_format(item.dose_upper)}"
            if item.per_day:
                dose += " per day"
            lines.append(
                f"  {item.date.isoformat()}  day {item.day:>2}  {item.component:<34} {dose}"
                + (f"  [{item.cap}]" if item.cap else "")
            )
        lines.extend(f"  omitted: {name}" for name in self.omitted)
        lines.extend(f"  warning: {text}" for text in self.warnings)
        return "\n".join(lines)


def _key(item: Administration) -> str:
    return item.agent.value if item.agent is not None else item.component


def _add(totals: dict[str, Measure], key: str, dose: Measure) -> None:
    previous = totals.get(key)
    if previous is None:
        totals[key] = dose
    else:
        totals[key] = type(previous)(
            previous.value + dose.magnitude_in(previous.unit), previous.unit
        )


def _format(dose: Measure) -> str:
    """A dose for people: 4 significant digits, thousands grouped, no exponent below 1e6."""
    value = dose.value
    if 1_000 <= abs(value) < 1_000_000:
        return f"{value:,.0f} {dose.unit}"
    return f"{value:.4g} {dose.unit}"


def _choose(regimen: Regimen, cycle: int, variant: str | None) -> CycleDefinition:
    if cycle < 1:
        raise PlanningError(f"cycle must be 1 or more, got {cycle}")
    if regimen.max_cycles is not None and cycle > regimen.max_cycles:
        raise PlanningError(
            f"{regimen.id} describes at most {regimen.max_cycles} cycles, not {cycle}"
        )
    candidates = regimen.definitions_for(cycle)
    if variant is not None:
        chosen = [d for d in candidates if d.variant == variant]
        if not chosen:
            known = ", ".join(regimen.variants) or "none"
            raise PlanningError(
                f"{regimen.id} has no variant {variant!r} for cycle {cycle} (variants: {known})"
            )
        return chosen[0]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise PlanningError(f"{regimen.id} defines no cycle {cycle}")
    options = ", ".join(repr(d.variant) for d in candidates)
    raise PlanningError(
        f"cycle {cycle} of {regimen.id} depends on the response: choose variant {options}"
    )


def _needs(definition: CycleDefinition) -> tuple[bool, bool]:
    """Whether any component needs BSA, and whether any needs weight."""
    found = frozenset().union(*(needs(c.rule) for c in definition.components))
    return "bsa" in found, "weight" in found


def _check_body(patient: Patient, needs_bsa: bool, needs_weight: bool) -> None:
    problems: list[str] = []
    if needs_bsa and patient.height is None:
        problems.append("height is not recorded; a dose per m2 needs height and weight")
    if (needs_bsa or needs_weight) and patient.weight is None:
        problems.append("weight is not recorded; this regimen's doses need it")
    if patient.height is not None and needs_bsa:
        cm = patient.height.magnitude_in("cm")
        low, high = PLANNING_HEIGHT_CM
        if not low <= cm <= high:
            problems.append(
                f"height {patient.height} is outside {low:g}-{high:g} cm; check it before planning"
            )
    if patient.weight is not None and (needs_bsa or needs_weight):
        kg = patient.weight.magnitude_in("kg")
        low, high = PLANNING_WEIGHT_KG
        if not low <= kg <= high:
            problems.append(
                f"weight {patient.weight} is outside {low:g}-{high:g} kg; check it before planning"
            )
    if problems:
        raise PlanningError("; ".join(problems))


def _period(definition: CycleDefinition, duration_days: int | None, start: date) -> int:
    if duration_days is not None:
        if duration_days < 1:
            raise PlanningError(f"duration_days must be 1 or more, got {duration_days}")
        return duration_days
    if definition.length_days is not None:
        return definition.length_days
    schedules = [
        c.schedule for c in definition.components if not isinstance(c.schedule, NotScheduled)
    ]
    if any(isinstance(s, (EveryDay, EveryNDays)) for s in schedules):
        raise PlanningError("continuous therapy has no cycle length: give duration_days")
    last = [s.days[-1] for s in schedules if isinstance(s, OnDays)]
    last.extend(s.last_day(start) for s in schedules if isinstance(s, Weekdays))
    return max(last, default=1)


def plan(
    regimen: Regimen | str,
    patient: Patient,
    *,
    start: date,
    cycle: int = 1,
    variant: str | None = None,
    bsa_method: BsaMethod = BsaMethod.MOSTELLER,
    bsa_cap: Area | None = None,
    duration_days: int | None = None,
    allow_withdrawn: bool = False,
    allow_incomplete: bool = False,
) -> DosePlan:
    """Plan one cycle of ``regimen`` for ``patient`` starting on ``start``.

    Args:
        regimen: A :class:`~allmodel.regimens.model.Regimen` or its id.
        patient: The patient; height and weight are read as recorded.
        start: Day 1 of the cycle.
        cycle: Cycle number (doses and days may differ by cycle).
        variant: Which definition to use when a cycle depends on the response.
        bsa_method: Mosteller (default) or DuBois.
        bsa_cap: Optional cap on BSA; a capped BSA is recorded in ``warnings`` and warned.
        duration_days: Length of the period for continuous therapy (or to override the
            cycle length).
        allow_withdrawn: Plan a regimen withdrawn on ``start`` (historical planning).
        allow_incomplete: Plan what the sources state; components without days are
            listed in ``omitted``, those without a dose get administrations without one.

    Returns:
        The plan.

    Raises:
        PlanningError: See the module docstring.

    Example:
        >>> from datetime import date
        >>> from allmodel import Length, Mass, Patient
        >>> adult = Patient(height=Length(170, "cm"), weight=Mass(70, "kg"))
        >>> p = plan("cytarabine_idarubicin", adult, start=date(2022, 3, 7))
        >>> p.administrations[0].dose
        Mass(value=5454.356..., unit='mg')
        >>> [a.date.isoformat() for a in p.administrations if a.component == "idarubicin"]
        ['2022-03-09']
    """
    chosen = get_regimen(regimen) if isinstance(regimen, str) else regimen
    notes: list[str] = []
    if not chosen.availability.available_on(start):
        availability = chosen.availability
        message = (
            f"{chosen.name} was withdrawn on {availability.withdrawn_on}: {availability.reason}"
        )
        if not allow_withdrawn:
            raise PlanningError(message + " (pass allow_withdrawn=True to plan it historically)")
        notes.append(message)
    definition = _choose(chosen, cycle, variant)
    incomplete = [c for c in definition.components if not c.complete]
    if incomplete and not allow_incomplete:
        names = ", ".join(f"{c.name} ({_gap(c)})" for c in incomplete)
        raise PlanningError(
            f"the sources do not state everything needed for: {names} (pass allow_incomplete=True)"
        )
    needs_bsa, needs_weight = _needs(definition)
    _check_body(patient, needs_bsa, needs_weight)
    bsa = None
    if needs_bsa:
        assert patient.height is not None
        assert patient.weight is not None
        bsa = body_surface_area(patient.height, patient.weight, bsa_method)
        if bsa_cap is not None and bsa.canonical > bsa_cap.canonical:
            text = f"BSA {bsa.value:.3g} m2 capped at {bsa_cap}"
            warnings.warn(text, BsaCapWarning, stacklevel=2)
            notes.append(text)
            bsa = bsa_cap
    age = patient.age(start) if patient.date_of_birth is not None else None
    body = BodySize(bsa=bsa, weight=patient.weight, age=age)
    length = _period(definition, duration_days, start)
    items: list[Administration] = []
    omitted: list[str] = []
    for component in definition.components:
        if isinstance(component.schedule, NotScheduled):
            omitted.append(f"{component.name}: {component.schedule.describe()}")
            continue
        items.extend(_administer(component, body, start, length))
        if isinstance(component.rule, NotStated):
            notes.append(f"{component.name}: {component.rule.describe()}")
    items.sort(key=lambda item: (item.date, item.component))
    return DosePlan(
        regimen_id=chosen.id,
        regimen_name=chosen.name,
        cycle=cycle,
        definition=definition.label,
        start=start,
        end=start + timedelta(days=length - 1),
        bsa=bsa,
        bsa_method=bsa_method,
        weight=patient.weight if needs_weight else None,
        administrations=tuple(items),
        omitted=tuple(omitted),
        warnings=tuple(notes),
        citations=chosen.citations,
    )


def _gap(component: Component) -> str:
    if isinstance(component.rule, NotStated):
        return component.rule.reason
    assert isinstance(component.schedule, NotScheduled)
    return component.schedule.reason


def _administer(
    component: Component, body: BodySize, start: date, length: int
) -> list[Administration]:
    resolved = resolve_dose(component.rule, body)
    try:
        days = expand(component.schedule, start, length)
    except ValidationError as error:
        raise PlanningError(f"{component.name}: {error.problems[0].message}") from None
    times = getattr(component.schedule, "times_per_day", 1)
    return [
        Administration(
            date=when,
            day=day,
            component=component.name,
            agent=component.agent,
            route=component.route,
            dose=resolved.amount,
            dose_upper=resolved.upper,
            per_day=resolved.per_day,
            basis=resolved.basis,
            cap=resolved.cap,
            infusion=component.infusion,
        )
        for day, when in days
        for _ in range(times)
    ]
