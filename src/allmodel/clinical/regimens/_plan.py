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
  ``allow_incomplete=True`` (then it is listed in ``omitted``, with the reason, and planned
  without a dose or not at all);
* a component whose dose cannot be worked out (no weight or age band covers the patient)
  or whose schedule gives no day in the period, naming the component;
* a cycle that depends on the response without the ``variant`` that chooses it, and a
  variant asked for a cycle it does not cover, with the cycles it covers and why it
  stops (inotuzumab without CR/CRi: discontinue after 3 cycles).

Course totals never leave a component out silently: every component of the cycle is
either summed in ``course_totals()`` and ``daily_totals()`` or listed in ``omitted`` with
the reason, and the text, HTML and ``to_dict()`` forms show ``omitted`` right after the
totals. A component whose days are not stated gets no total even when its dose per
administration is known (mitoxantrone 80 mg/m2 in review-ref-38): the number of doses is
unknown, so a total would be a guess; ``omitted`` gives the per-dose amount instead.

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
from allmodel.clinical.regimens._catalogue import get_regimen
from allmodel.clinical.regimens._dosing import BodySize, NotStated, needs, resolve_dose
from allmodel.clinical.regimens._model import Component, CycleDefinition, Regimen, Route
from allmodel.clinical.regimens._schedule import (
    EveryDay,
    EveryNDays,
    NotScheduled,
    OnDays,
    Weekdays,
    expand,
)
from allmodel.errors import PlanningError, ValidationError
from allmodel.measures import AbsorbedDose, Area, CellCount, Mass, Measure
from allmodel.model._agents import Agent
from allmodel.model._patient import BsaMethod, Patient, body_surface_area

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
        omitted: Every component of the cycle that is not in the daily and course totals,
            as ``"name: reason"`` (the reason ends ``not in the course totals``): a
            component whose days the sources do not state (it has no administrations; a
            stated dose is shown per administration, but no total is made up for an
            unknown number of doses), and a component whose dose is not stated (its
            administrations are listed without a dose). Every other component is in the
            totals; nothing is left out of them without an entry here.
        warnings: Legal but questionable circumstances (a BSA cap, a withdrawn regimen
            planned historically).
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
        """Per date, the total dose of each agent (or component without an agent).

        Components listed in ``omitted`` are not in these totals; ``omitted`` says why.
        For range-dosed cell products the total is the low end of the range.
        """
        totals: dict[date, dict[str, Measure]] = {}
        for item in self.administrations:
            if item.dose is not None:
                day = totals.setdefault(item.date, {})
                _add(day, _key(item), item.dose)
        return totals

    def course_totals(self) -> Mapping[str, Measure]:
        """The total dose of each agent (or component without an agent) over the cycle.

        Every component of the cycle is either summed here or listed in ``omitted`` with
        the reason it is not (no stated days, or no stated dose); the text, HTML and
        ``to_dict`` forms show ``omitted`` right after these totals. For range-dosed cell
        products the total is the low end of the range (the text and HTML forms show the
        whole range).
        """
        totals: dict[str, Measure] = {}
        for item in self.administrations:
            if item.dose is not None:
                _add(totals, _key(item), item.dose)
        return totals

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the plan, with per-day and per-course totals.

        ``omitted`` comes right after ``course_totals``: the components missing from the
        totals, each with its reason.
        """
        result: dict[str, Any] = jsonable(self)
        omitted = result.pop("omitted")
        result["caps_applied"] = list(self.caps_applied)
        result["daily_totals"] = {
            day.isoformat(): jsonable(totals) for day, totals in self.daily_totals().items()
        }
        result["course_totals"] = jsonable(self.course_totals())
        result["omitted"] = omitted
        return result

    def _total_lines(self) -> list[str]:
        """``course total NAME: DOSE`` per total, ranges in full, then each omission."""
        uppers: dict[str, Measure] = {}
        ranged: set[str] = set()
        for item in self.administrations:
            if item.dose is not None:
                _add(uppers, _key(item), item.dose_upper or item.dose)
                if item.dose_upper is not None:
                    ranged.add(_key(item))
        lines = [
            f"course total {name}: {_format(dose)}"
            + (f" to {_format(uppers[name])}" if name in ranged else "")
            for name, dose in self.course_totals().items()
        ]
        lines.extend(f"omitted: {entry}" for entry in self.omitted)
        return lines

    def _repr_html_(self) -> str:
        rows = [
            (
                item.date.isoformat(),
                item.day,
                item.component,
                "not stated"
                if item.dose is None
                else _dose_text(item.dose, item.dose_upper, per_day=item.per_day),
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
        return html_table(
            ("date", "day", "component", "dose", "basis", "cap"),
            rows,
            caption=caption,
            notes=(*self._total_lines(), *self.warnings),
        )

    def __str__(self) -> str:
        lines = [
            f"{self.regimen_name}, cycle {self.cycle} ({self.definition}): "
            f"{self.start.isoformat()} to {self.end.isoformat()}",
        ]
        if self.bsa is not None:
            lines.append(f"BSA {self.bsa.value:.2f} m2 ({self.bsa_method})")
        for item in self.administrations:
            dose = (
                "dose not stated"
                if item.dose is None
                else _dose_text(item.dose, item.dose_upper, per_day=item.per_day)
            )
            lines.append(
                f"  {item.date.isoformat()}  day {item.day:>2}  {item.component:<34} {dose}"
                + (f"  [{item.cap}]" if item.cap else "")
            )
        lines.extend(f"  {line}" for line in self._total_lines())
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


def _dose_text(dose: Measure, upper: Measure | None, *, per_day: bool) -> str:
    """``5,454 mg``, ``8e+06 cells to 2e+08 cells``, ``28 ug per day``."""
    return (
        _format(dose)
        + (f" to {_format(upper)}" if upper is not None else "")
        + (" per day" if per_day else "")
    )


def _format(dose: Measure) -> str:
    """A dose for people: 4 significant digits, thousands grouped, no exponent below 1e6."""
    value = dose.value
    if 1_000 <= abs(value) < 1_000_000:
        return f"{value:,.0f} {dose.unit}"
    return f"{value:.4g} {dose.unit}"


def _choose(regimen: Regimen, cycle: int, variant: str | None) -> CycleDefinition:
    """The cycle definition for ``cycle`` and ``variant``, or a PlanningError saying why not.

    A definition with a variant is used only when that variant is asked for, even when it
    is the only one left for the cycle (inotuzumab from cycle 4: only after CR/CRi). A
    variant asked for outside its cycles is refused with the cycles it covers and, past
    its last cycle, the definition's ``stop_reason``.
    """
    if cycle < 1:
        raise PlanningError(f"cycle must be 1 or more, got {cycle}")
    if regimen.max_cycles is not None and cycle > regimen.max_cycles:
        raise PlanningError(
            f"{regimen.id} describes at most {regimen.max_cycles} cycles, not {cycle}"
        )
    candidates = regimen.definitions_for(cycle)
    if variant is not None:
        chosen = [d for d in candidates if d.variant == variant]
        if chosen:
            return chosen[0]
        if variant in regimen.variants:
            raise PlanningError(
                f"{regimen.id} has no variant {variant!r} for cycle {cycle}: it"
                + _where_given(regimen, variant, cycle)
            )
        known = ", ".join(regimen.variants) or "none"
        raise PlanningError(
            f"{regimen.id} has no variant {variant!r} for cycle {cycle} (variants: {known})"
        )
    if not candidates:
        raise PlanningError(f"{regimen.id} defines no cycle {cycle}")
    if len(candidates) == 1 and candidates[0].variant is None:
        return candidates[0]
    options = ", ".join(repr(d.variant) for d in candidates)
    offered = {d.variant for d in candidates}
    ended = [
        f"{other!r}" + _where_given(regimen, other, cycle)
        for other in regimen.variants
        if other not in offered
    ]
    raise PlanningError(
        f"cycle {cycle} of {regimen.id} depends on the response: choose variant {options}"
        + (f" ({'; '.join(ended)})" if ended else "")
    )


def _where_given(regimen: Regimen, variant: str, cycle: int) -> str:
    """`` is given in cycles 2-3 only`` and, past the last of them, why it stops there."""
    definitions = [d for d in regimen.definitions if d.variant == variant]
    cycles = sorted({n for d in definitions for n in (d.cycles or ())})
    if not cycles:
        return " is given in no cycle"
    text = f" is given in {_cycles_text(cycles)} only"
    last = [d for d in definitions if d.cycles and cycles[-1] in d.cycles]
    if cycle > cycles[-1] and last[0].stop_reason is not None:
        text += f"; {last[0].stop_reason}"
    return text


def _cycles_text(cycles: list[int]) -> str:
    """``cycles 2-3``, ``cycle 1``, ``cycles 1, 3, 5``."""
    runs: list[str] = []
    for number in cycles:
        if runs and runs[-1].split("-")[-1] == str(number - 1):
            runs[-1] = f"{runs[-1].split('-')[0]}-{number}"
        else:
            runs.append(str(number))
    return ("cycle " if len(cycles) == 1 else "cycles ") + ", ".join(runs)


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
        regimen: A :class:`~allmodel.clinical.regimens.Regimen` or its id.
        patient: The patient; height and weight are read as recorded.
        start: Day 1 of the cycle.
        cycle: Cycle number (doses and days may differ by cycle).
        variant: Which definition to use when a cycle depends on the response.
        bsa_method: Mosteller (default) or DuBois.
        bsa_cap: Optional cap on BSA; a capped BSA is recorded in ``warnings`` and warned.
        duration_days: Length of the period for continuous therapy (or to override the
            cycle length).
        allow_withdrawn: Plan a regimen withdrawn on ``start`` (historical planning).
        allow_incomplete: Plan what the sources state; components without days get no
            administrations and those without a dose get administrations without one;
            both are listed in ``omitted`` with the reason they are not in the totals.

    Returns:
        The plan.

    Raises:
        PlanningError: See the module docstring.

    Examples:
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
    age = patient.age(as_of=start) if patient.date_of_birth is not None else None
    body = BodySize(bsa=bsa, weight=patient.weight, age=age)
    length = _period(definition, duration_days, start)
    items: list[Administration] = []
    omitted: list[str] = []
    for component in definition.components:
        given = (
            []
            if isinstance(component.schedule, NotScheduled)
            else _administer(component, body, start, length)
        )
        reason = _not_totalled(component, body, given, length)
        if reason is not None:
            if given and not allow_incomplete:  # a band of the rule states no dose
                raise PlanningError(
                    "the sources do not state everything needed for:"
                    f" {component.name} ({given[0].basis}) (pass allow_incomplete=True)"
                )
            omitted.append(f"{component.name}: {reason}")
        items.extend(given)
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


def _not_totalled(
    component: Component, body: BodySize, given: list[Administration], length: int
) -> str | None:
    """Why ``component`` is not in the course totals, or ``None`` when it is.

    Every component of the cycle ends up in exactly one of two places: its dosed
    administrations are summed in the totals, or this returns the reason it is left out
    (shown in ``DosePlan.omitted``). A stated schedule that gives no day at all is a bug
    in the data, not a gap in the sources, so it refuses the plan.

    Raises:
        PlanningError: The schedule gives no administration day in the period.
    """
    reasons: list[str] = []
    if isinstance(component.schedule, NotScheduled):
        reasons.append(component.schedule.describe())
        if isinstance(component.rule, NotStated):
            reasons.append(component.rule.describe())
        else:
            reasons.append(_per_dose(component, body))
    elif not given:
        raise PlanningError(
            f"{component.name}: its schedule ({component.schedule.describe()}) gives no"
            f" administration day in the {length}-day period"
        )
    elif all(item.dose is None for item in given):
        count = len(given)
        reasons.append(given[0].basis)  # the rule, or the band of it, that states no dose
        reasons.append(f"{count} administration{'s' if count != 1 else ''} planned without a dose")
    else:
        return None
    reasons.append("not in the course totals")
    return "; ".join(reasons)


def _per_dose(component: Component, body: BodySize) -> str:
    """The dose of one administration of an unscheduled component, as far as it is known.

    The component is not given in the plan, so a dose that cannot be worked out (an age
    band without a date of birth) is described by its rule instead of refusing the plan.
    """
    try:
        resolved = resolve_dose(component.rule, body)
    except PlanningError as error:
        return f"per dose {component.rule.describe()} ({error}), number of doses unknown"
    assert resolved.amount is not None  # only NotStated resolves to no amount
    if resolved.per_day:
        amount = _dose_text(resolved.amount, resolved.upper, per_day=True)
        return f"{amount} ({resolved.basis}), number of days unknown"
    amount = _dose_text(resolved.amount, resolved.upper, per_day=False)
    return f"{amount} per dose ({resolved.basis}), number of doses unknown"


def _administer(
    component: Component, body: BodySize, start: date, length: int
) -> list[Administration]:
    try:
        resolved = resolve_dose(component.rule, body)
    except PlanningError as error:
        raise PlanningError(f"{component.name}: {error}") from None
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
