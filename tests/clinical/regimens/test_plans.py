"""The dose plan as an object and its limits: immutable and printable, withdrawn regimens
refused, doses or days the sources do not state, and the package's docstring examples."""

from __future__ import annotations

import doctest
import importlib
from datetime import date, timedelta

import attrs
import pint
import pytest

from allmodel.clinical.regimens import (
    Component,
    CycleDefinition,
    NotStated,
    OnDays,
    Regimen,
    Route,
    plan,
)
from allmodel.errors import PlanningError
from allmodel.measures import Mass
from allmodel.model import Agent, BsaMethod
from tests.clinical.regimens.plans import BLINA_START, BSA_170_70, MONDAY, adult, mg, total


class TestWithdrawn:
    """Withdrawn regimens are refused on and after the withdrawal date."""

    @pytest.mark.parametrize(
        ("start", "ok"),
        [(date(2022, 5, 1), True), (date(2022, 5, 2), False), (date(2022, 5, 3), False)],
    )
    def test_liposomal_vincristine(self, start: date, ok: bool) -> None:
        """Planned the day before 2 May 2022; refused on and after it."""
        if ok:
            result = plan("liposomal_vincristine", adult(), start=start, duration_days=28)
            assert result.warnings == ()
        else:
            with pytest.raises(PlanningError, match="withdrawn on 2022-05-02") as caught:
                plan("liposomal_vincristine", adult(), start=start, duration_days=28)
            assert "allow_withdrawn=True" in str(caught.value)

    def test_liposomal_vincristine_doses(self) -> None:
        """2.25 mg/m2 every 7 days: days 1, 8, 15, 22 of a 28-day period."""
        result = plan(
            "liposomal_vincristine", adult(180, 80), start=date(2022, 5, 1), duration_days=28
        )
        assert [(a.day, a.date) for a in result.administrations] == [
            (1, date(2022, 5, 1)),
            (8, date(2022, 5, 8)),
            (15, date(2022, 5, 15)),
            (22, date(2022, 5, 22)),
        ]
        assert [mg(a) for a in result.administrations] == pytest.approx([4.5] * 4)

    def test_historical_planning(self) -> None:
        """allow_withdrawn=True plans it and says so in the warnings."""
        result = plan(
            "liposomal_vincristine",
            adult(),
            start=date(2023, 1, 2),
            duration_days=7,
            allow_withdrawn=True,
        )
        assert len(result.administrations) == 1
        assert len(result.warnings) == 1
        assert "withdrawn on 2022-05-02" in result.warnings[0]
        assert "warning: Liposomal vincristine was withdrawn" in str(result)

    @pytest.mark.parametrize(
        ("start", "ok"), [(date(2017, 6, 28), True), (date(2017, 6, 29), False)]
    )
    def test_liposomal_cytarabine(self, start: date, ok: bool) -> None:
        """Liposomal cytarabine: available until 28 June 2017."""
        if ok:
            result = plan(
                "liposomal_cytarabine_intrathecal", adult(), start=start, allow_incomplete=True
            )
            assert result.administrations == ()
            assert len(result.omitted) == 1
        else:
            with pytest.raises(PlanningError, match="withdrawn on 2017-06-29"):
                plan(
                    "liposomal_cytarabine_intrathecal", adult(), start=start, allow_incomplete=True
                )


def _regimen_with_unstated_dose() -> Regimen:
    """A regimen whose one component has days but no stated dose."""
    return Regimen(
        id="test_unstated",
        name="Unstated dose",
        citations=("test",),
        definitions=(
            CycleDefinition(
                label="course",
                components=(
                    Component(
                        name="drug x",
                        agent=Agent.ETOPOSIDE,
                        rule=NotStated(reason="no source"),
                        schedule=OnDays(days=(1, 2)),
                        route=Route.INTRAVENOUS,
                    ),
                ),
            ),
        ),
    )


class TestIncomplete:
    """Components whose dose or days the sources do not state."""

    def test_refused_by_default(self) -> None:
        """Cytarabine with mitoxantrone (no mitoxantrone day) is refused, naming mitoxantrone."""
        with pytest.raises(PlanningError, match="mitoxantrone"):
            plan("cytarabine_mitoxantrone", adult(), start=MONDAY)

    def test_unscheduled_component_omitted(self) -> None:
        """With allow_incomplete, mitoxantrone is omitted and cytarabine planned."""
        result = plan("cytarabine_mitoxantrone", adult(), start=MONDAY, allow_incomplete=True)
        assert {a.component for a in result.administrations} == {"cytarabine"}
        assert len(result.administrations) == 5
        assert result.omitted == (
            "mitoxantrone: schedule not stated (the review gives the dose but not the day"
            " (review-ref-38)); 145.4 mg per dose (80 mg/m2 x 1.818 m2), number of doses unknown;"
            " not in the course totals",
        )
        assert "  omitted: mitoxantrone" in str(result)

    def test_ifosfamide_etoposide(self) -> None:
        """At 2 m2: ifosfamide 1.8 g/m2 = 3600 mg x5, etoposide 200 mg x5; dexamethasone omitted."""
        result = plan(
            "ifosfamide_etoposide_dexamethasone",
            adult(180, 80),
            start=MONDAY,
            allow_incomplete=True,
        )
        totals = result.course_totals()
        assert total(totals["ifosfamide"], "mg") == pytest.approx(18000)
        assert total(totals["etoposide"], "mg") == pytest.approx(1000)
        assert [o.split(":")[0] for o in result.omitted] == ["dexamethasone"]
        assert result.end == MONDAY + timedelta(days=27)

    def test_unstated_dose_planned_without_one(self) -> None:
        """A component with days but no dose is planned with dose None, and listed in omitted.

        Regression: it used to be left out of the totals with only a warning that did not
        say the totals lacked it.
        """
        regimen = _regimen_with_unstated_dose()
        with pytest.raises(PlanningError, match="drug x"):
            plan(regimen, adult(), start=MONDAY)
        result = plan(regimen, adult(), start=MONDAY, allow_incomplete=True)
        assert [(a.day, a.dose) for a in result.administrations] == [(1, None), (2, None)]
        assert all(a.quantity is None for a in result.administrations)
        assert result.omitted == (
            "drug x: dose not stated (no source); 2 administrations planned without a dose;"
            " not in the course totals",
        )
        assert result.warnings == ()
        assert result.course_totals() == {}
        assert result.daily_totals() == {}
        assert "dose not stated" in str(result)


class TestPlanObject:
    """A plan is an immutable, printable record."""

    def test_frozen(self) -> None:
        """Neither the plan nor an administration can be changed."""
        result = plan("cytarabine_idarubicin", adult(), start=MONDAY)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(result, "cycle", 2)  # noqa: B010  (mypy would refuse the plain assignment)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(result.administrations[0], "dose", None)  # noqa: B010

    def test_identity_fields(self) -> None:
        """The plan names its regimen and carries its citations."""
        result = plan("cytarabine_idarubicin", adult(), start=MONDAY)
        assert result.regimen_id == "cytarabine_idarubicin"
        assert result.regimen_name == "High-dose cytarabine with a single high dose of idarubicin"
        assert result.citations == ("review-ref-41", "review-cytarabine-based-regimens")

    def test_sorted_by_date_then_component(self) -> None:
        """Administrations are in date order, then by component name."""
        result = plan("cytarabine_idarubicin", adult(), start=MONDAY)
        keys = [(a.date, a.component) for a in result.administrations]
        assert keys == sorted(keys)
        assert [a.component for a in result.administrations][2:4] == ["cytarabine", "idarubicin"]

    def test_str_lists_every_administration(self) -> None:
        """The text has a header, the BSA, and one line per administration."""
        text = str(plan("cytarabine_idarubicin", adult(), start=MONDAY))
        lines = text.splitlines()
        assert lines[0] == (
            "High-dose cytarabine with a single high dose of idarubicin, cycle 1"
            " (induction course): 2022-03-07 to 2022-03-11"
        )
        assert lines[1] == "BSA 1.82 m2 (mosteller)"
        assert len(lines) == 2 + 6 + 2
        assert lines[-2:] == [
            "  course total cytarabine: 27,272 mg",
            "  course total idarubicin: 72.72 mg",
        ]
        assert sum("cytarabine" in line and "5,454 mg" in line for line in lines) == 5
        (idarubicin,) = [line for line in lines if "idarubicin" in line and "day" in line]
        assert idarubicin.startswith("  2022-03-09  day  3  idarubicin")
        assert idarubicin.endswith("72.72 mg")

    def test_str_shows_ranges_per_day_and_caps(self) -> None:
        """Cell ranges, per-day infusions and caps are shown."""
        cell_text = str(plan("tisagenlecleucel", adult(None, 40), start=MONDAY))
        assert "8e+06 cells to 2e+08 cells" in cell_text
        blina_text = str(
            plan(
                "blinatumomab_rr",
                adult(250, 44),
                start=BLINA_START,
                bsa_method=BsaMethod.DUBOIS,
            )
        )
        assert "9 ug per day  [capped at 9 ug/day]" in blina_text

    def test_quantity_is_a_pint_quantity(self) -> None:
        """Administration.quantity is a pint Quantity equal to the dose."""
        first = plan("cytarabine_idarubicin", adult(), start=MONDAY).administrations[0]
        quantity = first.quantity
        assert isinstance(quantity, pint.Quantity)
        assert isinstance(first.dose, Mass)
        assert quantity == first.dose.quantity
        assert quantity.to("g").magnitude == pytest.approx(3 * BSA_170_70)

    def test_cell_quantity(self) -> None:
        """A cell dose's quantity is a dimensionless count."""
        (infusion,) = plan(
            "brexucabtagene_autoleucel", adult(None, 80), start=MONDAY
        ).administrations
        quantity = infusion.quantity
        assert isinstance(quantity, pint.Quantity)
        assert quantity.dimensionless
        assert quantity.magnitude == pytest.approx(80_000_000)


# --- docstring examples ---------------------------------------------------------------------


class TestDocstrings:
    """The regimens package's docstring examples run and pass."""

    @pytest.mark.parametrize(
        "name", ["allmodel.clinical.regimens._plan", "allmodel.clinical.regimens._model"]
    )
    def test_examples_pass(self, name: str) -> None:
        """doctest.testmod runs the module's examples and none fails."""
        # import_module, not attribute access: ``allmodel.clinical.regimens._plan`` is the function
        module = importlib.import_module(name)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted > 0
        assert result.failed == 0
