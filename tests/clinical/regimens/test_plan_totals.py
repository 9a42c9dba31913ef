"""Course totals of a dose plan: every component of the planned cycle, in every cycle
definition of the catalogue, is totalled or listed as omitted with the reason."""

from __future__ import annotations

import html
import importlib
from datetime import date

import pytest

from allmodel.clinical.regimens import (
    REGIMENS,
    AgeBand,
    AgeBanded,
    Component,
    CycleDefinition,
    DosePlan,
    EveryDay,
    EveryNDays,
    FlatPerDay,
    NotScheduled,
    NotStated,
    OnDays,
    PerArea,
    Regimen,
    Route,
    WeightBand,
    WeightBanded,
    plan,
)
from allmodel.errors import PlanningError
from allmodel.measures import DosePerArea, DoseRate, Length, Mass
from allmodel.model import Agent, Patient
from tests.clinical.regimens.plans import BSA_170_70, MONDAY, adult, iv_component, total

# --- course totals never silently omit a component ----------------------------------------


def _every_cycle_definition() -> list[tuple[str, int, str | None]]:
    """(regimen id, a cycle it covers, its variant) for every cycle definition of the catalogue."""
    cases: list[tuple[str, int, str | None]] = []
    for regimen_id, regimen in REGIMENS.items():
        for definition in regimen.definitions:
            cycle = 1 if definition.cycles is None else definition.cycles[0]
            cases.append((regimen_id, cycle, definition.variant))
    return cases


def _totals_key(component: Component) -> str:
    """The key a component's doses are totalled under: its agent, else its name."""
    return component.agent.value if component.agent is not None else component.name


def _omitted_by_name(result: DosePlan) -> dict[str, str]:
    """The plan's ``omitted`` entries as component name -> reason."""
    found: dict[str, str] = {}
    for entry in result.omitted:
        name, separator, reason = entry.partition(": ")
        assert separator, entry
        found[name] = reason
    return found


#: An adult (43 on 2016-01-04) with height and weight: every stated dose can be worked out.
EVERY_DOSE_PATIENT = Patient(
    height=Length(170, "cm"), weight=Mass(70, "kg"), date_of_birth=date(1972, 3, 1)
)


class TestCourseTotalsAreComplete:
    """Every component of the planned cycle is in the course totals or in ``omitted``, with why.

    Regression: a component without days (mitoxantrone in cytarabine with mitoxantrone) or
    without a dose vanished from ``course_totals()`` and ``daily_totals()`` without a word
    beside the totals.
    """

    @pytest.mark.parametrize(
        ("regimen_id", "cycle", "variant"),
        _every_cycle_definition(),
        ids=[f"{rid}-cycle{c}-{v}" for rid, c, v in _every_cycle_definition()],
    )
    def test_every_component_is_totalled_or_explained(
        self, regimen_id: str, cycle: int, variant: str | None
    ) -> None:
        """Each component is dosed and totalled, or in ``omitted`` with its reason; not both."""
        regimen = REGIMENS[regimen_id]
        (definition,) = [d for d in regimen.definitions_for(cycle) if d.variant == variant]
        continuous = definition.length_days is None and any(
            isinstance(c.schedule, (EveryDay, EveryNDays)) for c in definition.components
        )
        result = plan(
            regimen,
            EVERY_DOSE_PATIENT,
            start=date(2016, 1, 4),
            cycle=cycle,
            variant=variant,
            duration_days=28 if continuous else None,
            allow_incomplete=True,
            allow_withdrawn=True,
        )
        assert result.definition == definition.label
        totals = result.course_totals()
        dosed = {a.component for a in result.administrations if a.dose is not None}
        omitted = _omitted_by_name(result)
        assert set(omitted) <= {c.name for c in definition.components}
        for component in definition.components:
            if component.name in dosed:
                assert _totals_key(component) in totals, component.name
                assert component.name not in omitted, component.name
            else:
                reason = omitted.get(component.name)
                assert reason is not None, f"{component.name} is neither totalled nor omitted"
                assert reason.endswith("; not in the course totals"), reason
                assert len(reason) > len("; not in the course totals"), reason
        text = str(result)
        page = result._repr_html_()
        exported = result.to_dict()
        keys = list(exported)
        assert keys[keys.index("course_totals") + 1] == "omitted"
        assert exported["omitted"] == list(result.omitted)
        for entry in result.omitted:
            assert f"  omitted: {entry}" in text
            assert f"<p>{html.escape(f'omitted: {entry}')}</p>" in page

    def test_mitoxantrone_without_a_day(self) -> None:
        """Mitoxantrone (80 mg/m2, no day in the sources) is named beside the totals, with why.

        At 170 cm and 70 kg (1.818 m2): cytarabine 3 g/m2 x 5 days = 27,272 mg is totalled;
        one mitoxantrone dose would be 145.4 mg, but how many doses the course holds is not
        stated, so it has no course total.
        """
        result = plan("cytarabine_mitoxantrone", adult(), start=MONDAY, allow_incomplete=True)
        totals = result.course_totals()
        assert set(totals) == {"cytarabine"}
        assert total(totals["cytarabine"], "mg") == pytest.approx(15 * BSA_170_70 * 1000)
        assert all("mitoxantrone" not in day for day in result.daily_totals().values())
        (reason,) = result.omitted
        assert reason.startswith("mitoxantrone: schedule not stated")
        assert "145.4 mg per dose (80 mg/m2 x 1.818 m2), number of doses unknown" in reason
        assert reason.endswith("; not in the course totals")
        lines = str(result).splitlines()
        total_line = lines.index("  course total cytarabine: 27,272 mg")
        assert lines[total_line + 1] == f"  omitted: {reason}"
        exported = result.to_dict()
        assert exported["course_totals"] == {
            "cytarabine": {"value": pytest.approx(27271.8, abs=0.1), "unit": "mg"}
        }
        assert exported["omitted"] == [reason]
        page = result._repr_html_()
        assert page.index("course total cytarabine") < page.index("omitted: mitoxantrone")

    def test_range_dosed_total_shows_the_range(self) -> None:
        """Tisagenlecleucel at 40 kg: the course total reads 8e+06 to 2e+08 cells, not 8e+06."""
        result = plan("tisagenlecleucel", adult(None, 40), start=MONDAY)
        assert "  course total tisagenlecleucel: 8e+06 cells to 2e+08 cells" in str(result)
        assert "course total tisagenlecleucel: 8e+06 cells to 2e+08 cells" in result._repr_html_()

    def test_schedule_without_a_day_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A schedule that yields no administration day is refused, naming the component."""
        # import_module, not attribute access: ``allmodel.clinical.regimens._plan`` is the function
        module = importlib.import_module("allmodel.clinical.regimens._plan")
        monkeypatch.setattr(module, "expand", lambda *_: [])
        with pytest.raises(
            PlanningError,
            match=r"^cytarabine: its schedule \(days 1-5\) gives no administration day"
            r" in the 5-day period$",
        ):
            plan("cytarabine_idarubicin", adult(), start=MONDAY)

    def test_dose_that_cannot_be_worked_out_is_refused(self) -> None:
        """A dose no band covers refuses the plan, naming the component and the reason."""
        regimen = Regimen(
            id="test_banded",
            name="Banded",
            citations=("test",),
            definitions=(
                CycleDefinition(
                    label="course",
                    components=(
                        Component(
                            name="drug y",
                            agent=Agent.BLINATUMOMAB,
                            rule=WeightBanded(
                                bands=(
                                    WeightBand(
                                        rule=FlatPerDay(rate=DoseRate(28, "ug/day")), low_kg=45
                                    ),
                                )
                            ),
                            schedule=OnDays(days=(1,)),
                            route=Route.CONTINUOUS_INTRAVENOUS,
                        ),
                    ),
                ),
            ),
        )
        with pytest.raises(
            PlanningError, match=r"^drug y: no weight band of this rule covers 40 kg"
        ):
            plan(regimen, adult(None, 40), start=MONDAY)

    def test_band_without_a_stated_dose(self) -> None:
        """A weight band with no stated dose: refused by default, else omitted with its band.

        Regression: the component was planned without a dose, left out of the totals, and
        neither refused nor mentioned (only a rule that is wholly unstated was caught).
        """
        regimen = Regimen(
            id="test_band_unstated",
            name="Band unstated",
            citations=("test",),
            definitions=(
                CycleDefinition(
                    label="course",
                    components=(
                        Component(
                            name="drug v",
                            agent=Agent.BLINATUMOMAB,
                            rule=WeightBanded(
                                bands=(
                                    WeightBand(
                                        rule=FlatPerDay(rate=DoseRate(28, "ug/day")), low_kg=45
                                    ),
                                    WeightBand(
                                        rule=NotStated(reason="no source"),
                                        high_kg=45,
                                        high_inclusive=False,
                                    ),
                                )
                            ),
                            schedule=OnDays(days=(1, 2)),
                            route=Route.CONTINUOUS_INTRAVENOUS,
                        ),
                    ),
                ),
            ),
        )
        heavy = plan(regimen, adult(None, 70), start=MONDAY)
        assert total(heavy.course_totals()["blinatumomab"], "ug") == 56
        assert heavy.omitted == ()
        with pytest.raises(PlanningError, match=r"drug v .*dose not stated.*allow_incomplete"):
            plan(regimen, adult(None, 40), start=MONDAY)
        light = plan(regimen, adult(None, 40), start=MONDAY, allow_incomplete=True)
        assert light.course_totals() == {}
        (reason,) = light.omitted
        assert reason.startswith("drug v: ")
        assert "45 kg" in reason
        assert reason.endswith(
            "dose not stated (no source); 2 administrations planned without a dose;"
            " not in the course totals"
        )

    def test_unscheduled_component_whose_dose_needs_an_unknown_age(self) -> None:
        """An unscheduled age-banded component without a date of birth is omitted, not refused.

        It is not given in the plan, so its dose is described by its rule instead.
        """
        regimen = Regimen(
            id="test_unscheduled",
            name="Unscheduled",
            citations=("test",),
            definitions=(
                CycleDefinition(
                    label="course",
                    components=(
                        iv_component("drug w", OnDays(days=(1,))),
                        Component(
                            name="drug z",
                            agent=Agent.CYTARABINE,
                            rule=AgeBanded(
                                bands=(
                                    AgeBand(
                                        rule=PerArea(dose=DosePerArea(3, "g/m2")), high_years=59
                                    ),
                                    AgeBand(
                                        rule=PerArea(dose=DosePerArea(1, "g/m2")), low_years=60
                                    ),
                                )
                            ),
                            schedule=NotScheduled(reason="no source"),
                            route=Route.INTRAVENOUS,
                        ),
                    ),
                ),
            ),
        )
        result = plan(regimen, adult(), start=MONDAY, allow_incomplete=True)
        assert set(result.course_totals()) == {"etoposide"}
        (reason,) = result.omitted
        assert reason.startswith("drug z: schedule not stated (no source); per dose ")
        assert "3 g/m2" in reason
        assert "1 g/m2" in reason
        assert reason.endswith("number of doses unknown; not in the course totals")
