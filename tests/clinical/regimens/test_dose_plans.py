"""Specification of dose planning: ``plan()`` turns a regimen's cycle into dated doses.

Expected body surface areas and doses are worked out by hand in each test from the
formulas (Mosteller: sqrt(height cm x weight kg / 3600); DuBois: 0.007184 x weight^0.425 x
height^0.725) and the doses of the sources (REFERENCE-A B.1-B.14, the review).
"""

from __future__ import annotations

import doctest
import html
import importlib
import math
from datetime import date, timedelta

import attrs
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from allmodel.clinical.regimens import (
    PLANNING_HEIGHT_CM,
    PLANNING_WEIGHT_KG,
    REGIMENS,
    Administration,
    AgeBand,
    AgeBanded,
    BsaCapWarning,
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
    get_regimen,
    plan,
)
from allmodel.errors import PlanningError
from allmodel.measures import (
    AbsorbedDose,
    Area,
    CellCount,
    DosePerArea,
    DoseRate,
    Length,
    Mass,
    Measure,
)
from allmodel.model import Agent, BsaMethod, Patient


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


class TestBodySurfaceArea:
    """BSA by Mosteller (default) or DuBois, used for every per-m2 dose."""

    def test_mosteller_is_the_default(self) -> None:
        """170 cm, 70 kg: sqrt(170 x 70 / 3600) = 1.8181 m2."""
        result = plan("cytarabine_idarubicin", adult(), start=MONDAY)
        assert result.bsa_method is BsaMethod.MOSTELLER
        assert bsa_of(result) == pytest.approx(1.8181, abs=1e-4)
        assert bsa_of(result) == pytest.approx(mosteller(170, 70))

    def test_dubois(self) -> None:
        """170 cm, 70 kg: 0.007184 x 70^0.425 x 170^0.725 = 1.8097 m2, and doses follow it."""
        result = plan("cytarabine_idarubicin", adult(), start=MONDAY, bsa_method=BsaMethod.DUBOIS)
        assert result.bsa_method is BsaMethod.DUBOIS
        assert bsa_of(result) == pytest.approx(1.8097, abs=1e-4)
        assert bsa_of(result) == pytest.approx(dubois(170, 70))
        assert mg(of(result, "cytarabine")[0]) == pytest.approx(3000 * dubois(170, 70))

    def test_exact_bsa(self) -> None:
        """180 cm, 80 kg: sqrt(14400 / 3600) = 2 m2, so cytarabine 3 g/m2 is 6000 mg."""
        result = plan("cytarabine_idarubicin", adult(180, 80), start=MONDAY)
        assert bsa_of(result) == pytest.approx(2.0)
        assert mg(of(result, "cytarabine")[0]) == pytest.approx(6000)
        assert mg(of(result, "idarubicin")[0]) == pytest.approx(80)

    def test_no_bsa_for_flat_doses(self) -> None:
        """A flat-dose regimen records neither BSA nor weight."""
        result = plan("ponatinib_45_daily", adult(), start=MONDAY, duration_days=1)
        assert result.bsa is None
        assert result.weight is None


class TestPerAreaDoses:
    """Cytarabine 3 g/m2 days 1-5 with idarubicin 40 mg/m2 day 3 (ref 41)."""

    def test_doses_days_and_dates(self) -> None:
        """Five cytarabine doses of 3000 x BSA mg on 7-11 March 2022; idarubicin on 9 March."""
        result = plan("cytarabine_idarubicin", adult(), start=MONDAY)
        cytarabine = of(result, "cytarabine")
        assert [(a.day, a.date) for a in cytarabine] == [
            (1, date(2022, 3, 7)),
            (2, date(2022, 3, 8)),
            (3, date(2022, 3, 9)),
            (4, date(2022, 3, 10)),
            (5, date(2022, 3, 11)),
        ]
        assert all(mg(a) == pytest.approx(3000 * BSA_170_70) for a in cytarabine)
        (idarubicin,) = of(result, "idarubicin")
        assert (idarubicin.day, idarubicin.date) == (3, date(2022, 3, 9))
        assert mg(idarubicin) == pytest.approx(40 * BSA_170_70)
        assert mg(idarubicin) == pytest.approx(72.72, abs=0.01)

    def test_period(self) -> None:
        """A single course without a stated cycle length ends on its last dose day."""
        result = plan("cytarabine_idarubicin", adult(), start=MONDAY)
        assert (result.start, result.end) == (MONDAY, date(2022, 3, 11))
        assert result.cycle == 1
        assert result.definition == "induction course"

    def test_course_totals(self) -> None:
        """Cytarabine 3000 mg/m2 x 5 = 15000 x BSA mg; idarubicin 40 x BSA mg."""
        totals = plan("cytarabine_idarubicin", adult(), start=MONDAY).course_totals()
        assert set(totals) == {"cytarabine", "idarubicin"}
        assert total(totals["cytarabine"], "mg") == pytest.approx(15000 * BSA_170_70)
        assert total(totals["cytarabine"], "g") == pytest.approx(27.2718, abs=1e-4)
        assert total(totals["idarubicin"], "mg") == pytest.approx(40 * BSA_170_70)

    def test_daily_totals(self) -> None:
        """Day 3 carries both drugs; day 1 only cytarabine."""
        daily = plan("cytarabine_idarubicin", adult(), start=MONDAY).daily_totals()
        assert sorted(daily) == [MONDAY + timedelta(days=n) for n in range(5)]
        assert set(daily[date(2022, 3, 7)]) == {"cytarabine"}
        day_3 = daily[date(2022, 3, 9)]
        assert total(day_3["cytarabine"], "mg") == pytest.approx(3000 * BSA_170_70)
        assert total(day_3["idarubicin"], "mg") == pytest.approx(40 * BSA_170_70)

    def test_basis_and_infusion(self) -> None:
        """Each dose shows how it was worked out; cytarabine is given over 3 hours."""
        first = of(plan("cytarabine_idarubicin", adult(), start=MONDAY), "cytarabine")[0]
        assert first.basis == "3 g/m2 x 1.818 m2"
        assert first.infusion == "over 3 hours"
        assert first.agent is Agent.CYTARABINE
        assert first.route is Route.INTRAVENOUS
        assert first.cap is None

    def test_regimen_object_or_id(self) -> None:
        """Passing the regimen or its id gives the same plan."""
        by_id = plan("clofarabine_40", adult(), start=MONDAY)
        by_object = plan(get_regimen("clofarabine_40"), adult(), start=MONDAY)
        assert by_id == by_object

    def test_clofarabine_with_cytarabine(self) -> None:
        """Clofarabine 40 mg/m2 + cytarabine 1 g/m2 x5 (ref 46): totals 200 and 5000 x BSA mg."""
        totals = plan("clofarabine_cytarabine", adult(), start=MONDAY).course_totals()
        assert total(totals["clofarabine"], "mg") == pytest.approx(200 * BSA_170_70)
        assert total(totals["cytarabine"], "mg") == pytest.approx(5000 * BSA_170_70)

    def test_clofarabine_52(self) -> None:
        """Clofarabine 52 mg/m2 x5 (ref 47) at 2 m2: 104 mg a day, 520 mg in all."""
        result = plan("clofarabine_52", adult(180, 80), start=MONDAY)
        assert [mg(a) for a in result.administrations] == pytest.approx([104] * 5)
        assert total(result.course_totals()["clofarabine"], "mg") == pytest.approx(520)

    def test_nelarabine_adult(self) -> None:
        """Nelarabine 1500 mg/m2 days 1, 3, 5 in a 21-day cycle (2 m2: 3000 mg each)."""
        result = plan("nelarabine_adult", adult(180, 80), start=MONDAY)
        assert [a.day for a in result.administrations] == [1, 3, 5]
        assert [mg(a) for a in result.administrations] == pytest.approx([3000] * 3)
        assert result.end == MONDAY + timedelta(days=20)

    def test_nelarabine_pediatric(self) -> None:
        """Nelarabine 650 mg/m2 days 1-5 (2 m2: 1300 mg each, 6500 mg in all)."""
        result = plan("nelarabine_pediatric", adult(180, 80), start=MONDAY)
        assert [a.day for a in result.administrations] == [1, 2, 3, 4, 5]
        assert total(result.course_totals()["nelarabine"], "mg") == pytest.approx(6500)

    def test_later_cycles_of_a_course_without_max(self) -> None:
        """A regimen without a stated maximum can be planned for any later cycle."""
        assert plan("clofarabine_40", adult(), start=MONDAY, cycle=3).cycle == 3

    def test_duration_shorter_than_the_days(self) -> None:
        """A period too short for the stated days is refused, naming the component."""
        with pytest.raises(PlanningError, match="clofarabine: day 5 is beyond a 4-day period"):
            plan("clofarabine_40", adult(), start=MONDAY, duration_days=4)


class TestContinuousTherapy:
    """Daily oral TKIs: the period comes from duration_days."""

    def test_dasatinib_70_twice_daily(self) -> None:
        """70 mg twice daily over 28 days: 56 doses, 140 mg a day, 3920 mg in all."""
        result = plan("dasatinib_70_twice_daily", adult(), start=LEAP_MONDAY, duration_days=28)
        assert len(result.administrations) == 56
        assert all(mg(a) == 70 for a in result.administrations)
        assert total(result.course_totals()["dasatinib"], "mg") == 3920
        daily = result.daily_totals()
        assert len(daily) == 28
        assert all(total(day["dasatinib"], "mg") == 140 for day in daily.values())

    def test_dasatinib_dates_across_leap_day(self) -> None:
        """28 days from 26 Feb 2024 include 29 Feb and end on 24 March."""
        result = plan("dasatinib_70_twice_daily", adult(), start=LEAP_MONDAY, duration_days=28)
        dates = sorted({a.date for a in result.administrations})
        assert dates[0] == LEAP_MONDAY
        assert date(2024, 2, 29) in dates
        assert dates[-1] == date(2024, 3, 24)
        assert result.end == date(2024, 3, 24)

    def test_dasatinib_140_daily(self) -> None:
        """140 mg once daily over 28 days: 28 doses, the same 3920 mg."""
        result = plan("dasatinib_140_daily", adult(), start=LEAP_MONDAY, duration_days=28)
        assert len(result.administrations) == 28
        assert total(result.course_totals()["dasatinib"], "mg") == 3920

    def test_ponatinib(self) -> None:
        """Ponatinib 45 mg once daily over 30 days: 1350 mg."""
        result = plan("ponatinib_45_daily", adult(), start=LEAP_MONDAY, duration_days=30)
        assert total(result.course_totals()["ponatinib"], "mg") == 1350

    def test_needs_duration(self) -> None:
        """Continuous therapy without duration_days is refused."""
        with pytest.raises(PlanningError, match="duration_days"):
            plan("dasatinib_140_daily", adult(), start=LEAP_MONDAY)

    @pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True)])
    def test_duration_at_least_one_day(self, days: int, ok: bool) -> None:
        """duration_days 0 is refused; 1 plans one day."""
        if ok:
            result = plan("ponatinib_45_daily", adult(), start=LEAP_MONDAY, duration_days=days)
            assert len(result.administrations) == 1
        else:
            with pytest.raises(PlanningError, match="duration_days must be 1 or more, got 0"):
                plan("ponatinib_45_daily", adult(), start=LEAP_MONDAY, duration_days=days)

    def test_flat_doses_need_no_body_size(self) -> None:
        """A flat-dose regimen is planned without height or weight."""
        result = plan("dasatinib_140_daily", Patient(), start=LEAP_MONDAY, duration_days=7)
        assert total(result.course_totals()["dasatinib"], "mg") == 980


#: Hyper-CVAD course B starts on 1 March 2024; dates of birth giving ages 59, 60 and 61.
COURSE_B_START = date(2024, 3, 1)
BORN_FOR_AGE = {59: date(1964, 3, 2), 60: date(1964, 3, 1), 61: date(1963, 3, 1)}


def hcvad_patient(age: int | None) -> Patient:
    """180 cm, 80 kg (BSA 2 m2), born to be ``age`` on 1 March 2024."""
    return Patient(
        height=Length(180, "cm"),
        weight=Mass(80, "kg"),
        date_of_birth=None if age is None else BORN_FOR_AGE[age],
    )


class TestHyperCvad:
    """Hyper-CVAD with dasatinib (ref 56, B.10); the dasatinib dose is not stated."""

    def test_refused_without_allow_incomplete(self) -> None:
        """The unstated dasatinib dose makes planning refuse, naming it."""
        with pytest.raises(PlanningError, match="dasatinib") as caught:
            plan("hypercvad_dasatinib", hcvad_patient(59), start=COURSE_B_START)
        assert "allow_incomplete=True" in str(caught.value)

    def test_course_a(self) -> None:
        """At 2 m2: cyclophosphamide 6 x 600 mg, vincristine 2 x 2 mg, doxorubicin 100 mg, etc."""
        result = plan(
            "hypercvad_dasatinib", hcvad_patient(None), start=MONDAY, allow_incomplete=True
        )
        assert result.definition == "course A (hyper-CVAD)"
        cyclophosphamide = of(result, "cyclophosphamide")
        assert [a.day for a in cyclophosphamide] == [1, 1, 2, 2, 3, 3]
        assert all(mg(a) == pytest.approx(600) for a in cyclophosphamide)
        totals = result.course_totals()
        assert total(totals["cyclophosphamide"], "mg") == pytest.approx(3600)
        assert total(totals["vincristine"], "mg") == 4
        assert [a.day for a in of(result, "vincristine")] == [4, 11]
        assert total(totals["doxorubicin"], "mg") == pytest.approx(100)
        assert total(totals["dexamethasone"], "mg") == 320
        assert result.omitted == (
            "dasatinib: schedule not stated (not stated in the sources read); dose not stated"
            " (the dasatinib dose within ref 56 is unconfirmed (REFERENCE-A B.10));"
            " not in the course totals",
        )
        assert "dasatinib" not in totals
        assert result.end == MONDAY + timedelta(days=20)

    @pytest.mark.parametrize(("age", "per_dose"), [(59, 6000), (60, 2000), (61, 2000)])
    def test_course_b_cytarabine_by_age(self, age: int, per_dose: float) -> None:
        """At 2 m2, cytarabine q12h x4: 3 g/m2 (6000 mg) at 59, 1 g/m2 (2000 mg) from 60."""
        result = plan(
            "hypercvad_dasatinib",
            hcvad_patient(age),
            start=COURSE_B_START,
            cycle=2,
            allow_incomplete=True,
        )
        cytarabine = of(result, "cytarabine")
        assert [a.day for a in cytarabine] == [2, 2, 3, 3]
        assert [a.date for a in cytarabine[::2]] == [date(2024, 3, 2), date(2024, 3, 3)]
        assert all(mg(a) == pytest.approx(per_dose) for a in cytarabine)
        assert total(result.course_totals()["cytarabine"], "mg") == pytest.approx(4 * per_dose)

    def test_course_b_other_drugs(self) -> None:
        """Methotrexate 200 + 800 mg/m2 = 2000 mg at 2 m2; methylprednisolone 6 x 50 mg."""
        result = plan(
            "hypercvad_dasatinib",
            hcvad_patient(60),
            start=COURSE_B_START,
            cycle=2,
            allow_incomplete=True,
        )
        totals = result.course_totals()
        assert total(totals["methotrexate"], "mg") == pytest.approx(2000)
        assert total(totals["methylprednisolone"], "mg") == 300
        assert result.definition == "course B (methotrexate and cytarabine)"

    def test_course_b_needs_age(self) -> None:
        """Without a date of birth the age-banded cytarabine cannot be dosed."""
        with pytest.raises(PlanningError, match="age"):
            plan(
                "hypercvad_dasatinib",
                hcvad_patient(None),
                start=COURSE_B_START,
                cycle=2,
                allow_incomplete=True,
            )

    @pytest.mark.parametrize(("cycle", "ok"), [(8, True), (9, False)])
    def test_at_most_eight_courses(self, cycle: int, ok: bool) -> None:
        """Course 8 is planned; course 9 is refused."""
        patient = hcvad_patient(60)
        if ok:
            result = plan(
                "hypercvad_dasatinib",
                patient,
                start=COURSE_B_START,
                cycle=cycle,
                allow_incomplete=True,
            )
            assert result.cycle == 8
        else:
            with pytest.raises(PlanningError, match="at most 8 cycles, not 9"):
                plan(
                    "hypercvad_dasatinib",
                    patient,
                    start=COURSE_B_START,
                    cycle=cycle,
                    allow_incomplete=True,
                )


BLINA_START = LEAP_MONDAY


class TestBlinatumomab:
    """Blinatumomab (B.1): step-up in cycle 1, 42-day cycles, then 84-day cycles 6-9."""

    def test_cycle_1_at_or_above_45_kg(self) -> None:
        """9 ug/day days 1-7, 28 ug/day days 8-28: 7 x 9 + 21 x 28 = 651 ug; 42-day cycle."""
        result = plan("blinatumomab_rr", adult(), start=BLINA_START)
        assert [a.day for a in result.administrations] == list(range(1, 29))
        assert [ug(a) for a in result.administrations] == [9.0] * 7 + [28.0] * 21
        assert all(a.per_day for a in result.administrations)
        assert all(a.route is Route.CONTINUOUS_INTRAVENOUS for a in result.administrations)
        assert total(result.course_totals()["blinatumomab"], "ug") == 651
        assert result.end == date(2024, 4, 7)
        assert result.administrations[-1].date == date(2024, 3, 24)

    def test_cycle_2(self) -> None:
        """Cycles 2-5: 28 ug/day days 1-28, 784 ug; still a 42-day cycle."""
        result = plan("blinatumomab_rr", adult(), start=BLINA_START, cycle=2)
        assert total(result.course_totals()["blinatumomab"], "ug") == 784
        assert result.end == BLINA_START + timedelta(days=41)

    def test_cycle_6_is_84_days(self) -> None:
        """Cycles 6-9: 28 days of 28 ug/day in an 84-day (12-week) cycle."""
        result = plan("blinatumomab_rr", adult(), start=BLINA_START, cycle=6)
        assert total(result.course_totals()["blinatumomab"], "ug") == 784
        assert result.end == BLINA_START + timedelta(days=83)
        assert result.definition.startswith("cycles 6-9")

    @pytest.mark.parametrize(("cycle", "message"), [(0, "1 or more, got 0"), (10, "not 10")])
    def test_cycles_outside_1_to_9(self, cycle: int, message: str) -> None:
        """Cycle 0 and cycle 10 are refused; cycle 9 is the last."""
        assert plan("blinatumomab_rr", adult(), start=BLINA_START, cycle=9).cycle == 9
        with pytest.raises(PlanningError, match=message):
            plan("blinatumomab_rr", adult(), start=BLINA_START, cycle=cycle)

    def test_below_45_kg(self) -> None:
        """160 cm, 40 kg: BSA 4/3 m2; 5 x 4/3 = 6.67 ug/day, then 15 x 4/3 = 20 ug/day."""
        result = plan("blinatumomab_rr", adult(160, 40), start=BLINA_START)
        assert bsa_of(result) == pytest.approx(4 / 3)
        doses = [ug(a) for a in result.administrations]
        assert doses[:7] == pytest.approx([20 / 3] * 7)
        assert doses[7:] == pytest.approx([20.0] * 21)
        assert total(result.course_totals()["blinatumomab"], "ug") == pytest.approx(
            7 * 20 / 3 + 21 * 20
        )
        assert result.caps_applied == ()

    @pytest.mark.parametrize(
        ("kg", "day_8_ug"),
        [(44.9, 15 * math.sqrt(160 * 44.9 / 3600)), (45.0, 28.0), (45.1, 28.0)],
    )
    def test_45_kg_threshold(self, kg: float, day_8_ug: float) -> None:
        """160 cm: 44.9 kg is dosed per m2 (about 21.2 ug/day); 45 and 45.1 kg get 28 ug/day."""
        result = plan("blinatumomab_rr", adult(160, kg), start=BLINA_START, cycle=2)
        assert ug(result.administrations[0]) == pytest.approx(day_8_ug)

    def test_caps_bite(self) -> None:
        """250 cm, 44 kg, DuBois 1.965 m2: 5 x 1.965 > 9 and 15 x 1.965 > 28, so both caps bite."""
        result = plan(
            "blinatumomab_rr", adult(250, 44), start=BLINA_START, bsa_method=BsaMethod.DUBOIS
        )
        assert bsa_of(result) == pytest.approx(dubois(250, 44))
        assert bsa_of(result) == pytest.approx(1.9649, abs=1e-4)
        doses = [ug(a) for a in result.administrations]
        assert doses == [9.0] * 7 + [28.0] * 21
        assert result.caps_applied == (
            "blinatumomab (days 1-7): capped at 9 ug/day",
            "blinatumomab (days 8-28): capped at 28 ug/day",
        )

    def test_mrd_positive(self) -> None:
        """MRD-positive: 28 ug/day days 1-28 from cycle 1; at most 4 cycles."""
        result = plan("blinatumomab_mrd", adult(), start=BLINA_START)
        assert total(result.course_totals()["blinatumomab"], "ug") == 784
        with pytest.raises(PlanningError, match="at most 4 cycles"):
            plan("blinatumomab_mrd", adult(), start=BLINA_START, cycle=5)


class TestInotuzumab:
    """Inotuzumab ozogamicin (B.2): later cycles depend on the response."""

    def test_cycle_1(self) -> None:
        """0.8 mg/m2 day 1, 0.5 mg/m2 days 8 and 15; 1.8 x BSA in all; 21-day cycle."""
        result = plan("inotuzumab_ozogamicin", adult(), start=MONDAY)
        assert [a.day for a in result.administrations] == [1, 8, 15]
        assert [mg(a) for a in result.administrations] == pytest.approx(
            [0.8 * BSA_170_70, 0.5 * BSA_170_70, 0.5 * BSA_170_70]
        )
        assert [a.date for a in result.administrations] == [
            date(2022, 3, 7),
            date(2022, 3, 14),
            date(2022, 3, 21),
        ]
        total_mg = total(result.course_totals()["inotuzumab_ozogamicin"], "mg")
        assert total_mg == pytest.approx(1.8 * BSA_170_70)
        assert result.end == date(2022, 3, 27)

    def test_cycle_2_after_cr(self) -> None:
        """After CR/CRi: 0.5 mg/m2 days 1, 8, 15 (1.5 x BSA); 28-day cycle."""
        result = plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=2, variant="cr_or_cri")
        assert [a.day for a in result.administrations] == [1, 8, 15]
        assert [mg(a) for a in result.administrations] == pytest.approx([0.5 * BSA_170_70] * 3)
        assert result.end == MONDAY + timedelta(days=27)

    def test_cycle_2_without_cr(self) -> None:
        """Without CR/CRi: 0.8 / 0.5 / 0.5 mg/m2 (1.8 x BSA); 28-day cycle."""
        result = plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=2, variant="no_cr")
        total_mg = total(result.course_totals()["inotuzumab_ozogamicin"], "mg")
        assert total_mg == pytest.approx(1.8 * BSA_170_70)
        assert result.end == MONDAY + timedelta(days=27)

    def test_cycle_2_needs_a_variant(self) -> None:
        """Cycle 2 without a variant is refused, naming both variants."""
        with pytest.raises(PlanningError, match="depends on the response") as caught:
            plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=2)
        assert "'cr_or_cri'" in str(caught.value)
        assert "'no_cr'" in str(caught.value)

    def test_unknown_variant(self) -> None:
        """An unknown variant is refused, listing the known ones."""
        with pytest.raises(
            PlanningError, match=r"no variant 'partial' for cycle 2 \(variants: cr_or_cri, no_cr\)"
        ):
            plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=2, variant="partial")

    @pytest.mark.parametrize("cycle", [2, 3])
    def test_no_cr_in_cycles_2_and_3(self, cycle: int) -> None:
        """Without CR/CRi, cycles 2 and 3 are 0.8 / 0.5 / 0.5 mg/m2 (1.8 x BSA), 28 days."""
        result = plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=cycle, variant="no_cr")
        assert result.cycle == cycle
        assert [a.day for a in result.administrations] == [1, 8, 15]
        total_mg = total(result.course_totals()["inotuzumab_ozogamicin"], "mg")
        assert total_mg == pytest.approx(1.8 * BSA_170_70)
        assert result.end == MONDAY + timedelta(days=27)

    @pytest.mark.parametrize("cycle", [4, 5, 6])
    def test_no_cr_after_cycle_3_is_refused(self, cycle: int) -> None:
        """No CR/CRi within 3 cycles: stop (B.2), so no_cr is refused from cycle 4, saying why."""
        with pytest.raises(PlanningError) as caught:
            plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=cycle, variant="no_cr")
        message = str(caught.value)
        assert message.startswith(
            f"inotuzumab_ozogamicin has no variant 'no_cr' for cycle {cycle}:"
            " it is given in cycles 2-3 only;"
        )
        assert "discontinue" in message
        assert "no CR or CRi within 3 cycles" in message

    @pytest.mark.parametrize("cycle", [2, 3, 4, 5, 6])
    def test_cr_or_cri_in_cycles_2_to_6(self, cycle: int) -> None:
        """After CR/CRi, every cycle 2-6 is 0.5 mg/m2 days 1, 8, 15 (1.5 x BSA), 28 days."""
        result = plan(
            "inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=cycle, variant="cr_or_cri"
        )
        assert result.cycle == cycle
        assert result.definition == "cycles 2-6 after CR or CRi"
        assert [a.day for a in result.administrations] == [1, 8, 15]
        total_mg = total(result.course_totals()["inotuzumab_ozogamicin"], "mg")
        assert total_mg == pytest.approx(1.5 * BSA_170_70)
        assert result.end == MONDAY + timedelta(days=27)

    @pytest.mark.parametrize("cycle", [4, 5, 6])
    def test_later_cycles_still_need_the_variant(self, cycle: int) -> None:
        """From cycle 4 only cr_or_cri is left, but it is not assumed: the caller must say so."""
        with pytest.raises(PlanningError) as caught:
            plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=cycle)
        message = str(caught.value)
        assert f"cycle {cycle} of inotuzumab_ozogamicin depends on the response" in message
        assert "choose variant 'cr_or_cri'" in message
        assert "'no_cr' is given in cycles 2-3 only" in message

    @pytest.mark.parametrize("variant", ["cr_or_cri", "no_cr", None])
    def test_at_most_six_cycles(self, variant: str | None) -> None:
        """Cycle 7 is refused whatever the response: at most 6 cycles (B.2)."""
        with pytest.raises(PlanningError, match="at most 6 cycles, not 7"):
            plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=7, variant=variant)

    def test_cycle_1_has_no_variant(self) -> None:
        """Asking cycle 1 for a response variant is refused, saying where the variant applies."""
        with pytest.raises(
            PlanningError,
            match=r"no variant 'no_cr' for cycle 1: it is given in cycles 2-3 only",
        ):
            plan("inotuzumab_ozogamicin", adult(), start=MONDAY, cycle=1, variant="no_cr")


class TestCellTherapy:
    """CAR T-cell doses by weight (B.3, B.4)."""

    @pytest.mark.parametrize(
        ("kg", "low", "high"),
        [
            (40.0, 8_000_000, 200_000_000),
            (49.9, 9_980_000, 249_500_000),
            (50.0, 10_000_000, 250_000_000),
            (50.1, 10_000_000, 250_000_000),
            (90.0, 10_000_000, 250_000_000),
        ],
    )
    def test_tisagenlecleucel(self, kg: float, low: float, high: float) -> None:
        """<= 50 kg: 0.2-5.0 x10^6/kg; > 50 kg: 0.1-2.5 x10^8 in total; height not needed."""
        result = plan("tisagenlecleucel", adult(None, kg), start=MONDAY)
        (infusion,) = result.administrations
        assert cells(infusion.dose) == pytest.approx(low)
        assert cells(infusion.dose_upper) == pytest.approx(high)
        assert result.bsa is None
        assert result.weight == Mass(kg, "kg")
        assert result.end == MONDAY

    @pytest.mark.parametrize(
        ("kg", "expected", "caps"),
        [
            (80.0, 80_000_000, ()),
            (100.0, 100_000_000, ()),
            (120.0, 100_000_000, ("brexucabtagene autoleucel: capped at 1 10^8 cells",)),
        ],
    )
    def test_brexucabtagene(self, kg: float, expected: float, caps: tuple[str, ...]) -> None:
        """1 x10^6/kg, at most 1 x10^8: 8e7 at 80 kg, 1e8 at 100 kg, capped at 120 kg."""
        result = plan("brexucabtagene_autoleucel", adult(None, kg), start=MONDAY)
        (infusion,) = result.administrations
        assert cells(infusion.dose) == pytest.approx(expected)
        assert result.caps_applied == caps

    def test_weight_required(self) -> None:
        """A per-kg cell dose without a weight is refused, naming weight."""
        with pytest.raises(PlanningError, match="weight is not recorded"):
            plan("tisagenlecleucel", adult(170, None), start=MONDAY)

    def test_height_not_checked_when_unused(self) -> None:
        """A height outside the planning limits does not matter for a per-kg dose."""
        result = plan("brexucabtagene_autoleucel", adult(90, 60), start=MONDAY)
        assert cells(result.administrations[0].dose) == pytest.approx(60_000_000)


class TestRadiotherapy:
    """Cranial irradiation 2400 cGy in 12 weekday fractions (ref 57, B.12)."""

    def test_fractions_from_a_saturday(self) -> None:
        """From Saturday 24 Feb 2024: fractions from Monday 26 Feb to Tuesday 12 March."""
        result = plan(
            "cranial_irradiation_intrathecal_methotrexate",
            Patient(),
            start=date(2024, 2, 24),
            allow_incomplete=True,
        )
        fractions = of(result, "cranial irradiation")
        assert [(a.day, a.date) for a in fractions] == [
            (3, date(2024, 2, 26)),
            (4, date(2024, 2, 27)),
            (5, date(2024, 2, 28)),
            (6, date(2024, 2, 29)),
            (7, date(2024, 3, 1)),
            (10, date(2024, 3, 4)),
            (11, date(2024, 3, 5)),
            (12, date(2024, 3, 6)),
            (13, date(2024, 3, 7)),
            (14, date(2024, 3, 8)),
            (17, date(2024, 3, 11)),
            (18, date(2024, 3, 12)),
        ]
        assert all(a.dose == AbsorbedDose(200, "cGy") for a in fractions)
        assert all(a.route is Route.RADIOTHERAPY and a.agent is None for a in fractions)
        assert total(result.course_totals()["cranial irradiation"], "cGy") == 2400

    def test_period_ends_on_the_last_fraction(self) -> None:
        """Regression: the plan's end is the last fraction's date, not day 1."""
        saturday = plan(
            "cranial_irradiation_intrathecal_methotrexate",
            Patient(),
            start=date(2024, 2, 24),
            allow_incomplete=True,
        )
        monday = plan(
            "cranial_irradiation_intrathecal_methotrexate",
            Patient(),
            start=date(2024, 3, 4),
            allow_incomplete=True,
        )
        assert saturday.end == date(2024, 3, 12)
        assert monday.end == date(2024, 3, 19)

    def test_duration_too_short_for_the_fractions(self) -> None:
        """A 17-day period from a Saturday cannot hold 12 weekday fractions."""
        with pytest.raises(PlanningError, match=r"cranial irradiation: .*day 18.*17-day period"):
            plan(
                "cranial_irradiation_intrathecal_methotrexate",
                Patient(),
                start=date(2024, 2, 24),
                duration_days=17,
                allow_incomplete=True,
            )

    def test_intrathecal_methotrexate_omitted(self) -> None:
        """Intrathecal methotrexate has no stated days, so it is listed as omitted."""
        result = plan(
            "cranial_irradiation_intrathecal_methotrexate",
            Patient(),
            start=date(2024, 3, 4),
            allow_incomplete=True,
        )
        assert result.omitted == (
            "intrathecal methotrexate: schedule not stated (at least six doses; days not stated);"
            " dose not stated (the review asks for at least six doses but gives no dose);"
            " not in the course totals",
        )


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
            " (ref 38)); 145.4 mg per dose (80 mg/m2 x 1.818 m2), number of doses unknown;"
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
                        _iv_component("drug w", OnDays(days=(1,))),
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


def _iv_component(name: str, schedule: OnDays) -> Component:
    """Etoposide 100 mg/m2 intravenously on the given days."""
    return Component(
        name=name,
        agent=Agent.ETOPOSIDE,
        rule=PerArea(dose=DosePerArea(100, "mg/m2")),
        schedule=schedule,
        route=Route.INTRAVENOUS,
    )


class TestBodyMeasures:
    """Height and weight: required when a dose needs them, and within sanity limits."""

    def test_limits(self) -> None:
        """The limits are 100-250 cm and 25-300 kg, inclusive."""
        assert PLANNING_HEIGHT_CM == (100.0, 250.0)
        assert PLANNING_WEIGHT_KG == (25.0, 300.0)

    def test_height_missing(self) -> None:
        """A per-m2 regimen without height is refused, naming height."""
        with pytest.raises(PlanningError, match="height is not recorded"):
            plan("clofarabine_40", adult(None, 70), start=MONDAY)

    def test_weight_missing(self) -> None:
        """A per-m2 regimen without weight is refused, naming weight."""
        with pytest.raises(PlanningError, match="weight is not recorded"):
            plan("clofarabine_40", adult(170, None), start=MONDAY)

    def test_both_missing(self) -> None:
        """Both missing: both are named at once."""
        with pytest.raises(PlanningError) as caught:
            plan("clofarabine_40", Patient(), start=MONDAY)
        assert "height is not recorded" in str(caught.value)
        assert "weight is not recorded" in str(caught.value)

    @pytest.mark.parametrize(
        ("cm", "ok"), [(99.9, False), (100.0, True), (250.0, True), (250.1, False)]
    )
    def test_height_limits(self, cm: float, ok: bool) -> None:
        """99.9 and 250.1 cm are refused, naming the height; 100 and 250 cm are planned."""
        if ok:
            result = plan("clofarabine_40", adult(cm, 70), start=MONDAY)
            assert bsa_of(result) == pytest.approx(mosteller(cm, 70))
        else:
            with pytest.raises(PlanningError, match=f"height {cm:g} cm is outside 100-250 cm"):
                plan("clofarabine_40", adult(cm, 70), start=MONDAY)

    @pytest.mark.parametrize(
        ("kg", "ok"), [(24.9, False), (25.0, True), (300.0, True), (300.1, False)]
    )
    def test_weight_limits(self, kg: float, ok: bool) -> None:
        """24.9 and 300.1 kg are refused, naming the weight; 25 and 300 kg are planned."""
        if ok:
            result = plan("clofarabine_40", adult(170, kg), start=MONDAY)
            assert bsa_of(result) == pytest.approx(mosteller(170, kg))
        else:
            with pytest.raises(PlanningError, match=f"weight {kg:g} kg is outside 25-300 kg"):
                plan("clofarabine_40", adult(170, kg), start=MONDAY)

    @pytest.mark.parametrize(("kg", "ok"), [(24.9, False), (25.0, True)])
    def test_weight_limits_for_per_kg_doses(self, kg: float, ok: bool) -> None:
        """The weight limits also apply when only the weight is used."""
        if ok:
            plan("brexucabtagene_autoleucel", adult(None, kg), start=MONDAY)
        else:
            with pytest.raises(PlanningError, match="outside 25-300 kg"):
                plan("brexucabtagene_autoleucel", adult(None, kg), start=MONDAY)

    def test_limits_in_other_units(self) -> None:
        """Limits apply after conversion: 1 m and 25000 g are at the bounds and planned."""
        patient = Patient(height=Length(1, "m"), weight=Mass(25000, "g"))
        result = plan("clofarabine_40", patient, start=MONDAY)
        assert bsa_of(result) == pytest.approx(mosteller(100, 25))


class TestBsaCap:
    """An optional BSA cap, applied with a BsaCapWarning."""

    def test_cap_bites(self) -> None:
        """160 cm, 90 kg (2 m2) capped at 1.99 m2: warned, and cytarabine is 5970 mg."""
        with pytest.warns(BsaCapWarning, match="BSA 2 m2 capped at 1.99 m2"):
            result = plan(
                "cytarabine_idarubicin", adult(160, 90), start=MONDAY, bsa_cap=Area(1.99, "m2")
            )
        assert result.bsa == Area(1.99, "m2")
        assert mg(of(result, "cytarabine")[0]) == pytest.approx(5970)
        assert result.warnings == ("BSA 2 m2 capped at 1.99 m2",)

    @pytest.mark.parametrize("cap", [2.0, 2.01])
    def test_cap_at_or_above_the_bsa(self, cap: float) -> None:
        """A cap at or above the BSA (2 m2) changes nothing and warns nothing."""
        result = plan(
            "cytarabine_idarubicin", adult(160, 90), start=MONDAY, bsa_cap=Area(cap, "m2")
        )
        assert bsa_of(result) == 2.0
        assert result.warnings == ()

    def test_cap_irrelevant_to_flat_doses(self) -> None:
        """A flat-dose regimen computes no BSA, so a cap cannot bite."""
        result = plan(
            "ponatinib_45_daily",
            adult(200, 120),
            start=MONDAY,
            duration_days=1,
            bsa_cap=Area(1, "m2"),
        )
        assert result.warnings == ()


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
        assert result.citations == ("review ref 41 (Weiss, Cancer 2002)",)

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


# --- properties -----------------------------------------------------------------------------

heights = st.floats(min_value=100, max_value=250)
weights = st.floats(min_value=25, max_value=300)
methods = st.sampled_from([BsaMethod.MOSTELLER, BsaMethod.DUBOIS])


def hand_bsa(height_cm: float, weight_kg: float, method: BsaMethod) -> float:
    """BSA by hand for either method."""
    return (
        dubois(height_cm, weight_kg)
        if method is BsaMethod.DUBOIS
        else mosteller(height_cm, weight_kg)
    )


#: A test regimen: 1.4 mg/m2 capped at 2 mg (a common vincristine convention).
CAPPED = Regimen(
    id="test_capped",
    name="Capped per m2",
    citations=("test",),
    definitions=(
        CycleDefinition(
            label="course",
            components=(
                Component(
                    name="vincristine",
                    agent=Agent.VINCRISTINE,
                    rule=PerArea(dose=DosePerArea(1.4, "mg/m2"), cap=Mass(2, "mg")),
                    schedule=OnDays(days=(1, 8)),
                    route=Route.INTRAVENOUS,
                ),
            ),
        ),
    ),
)


class TestPlanProperties:
    """Invariants over body sizes."""

    @given(heights, weights, methods)
    def test_per_m2_doses_scale_with_bsa(
        self, height: float, weight: float, method: BsaMethod
    ) -> None:
        """Cytarabine / BSA is 3000 mg/m2 and idarubicin / BSA is 40 mg/m2, whatever the size."""
        result = plan(
            "cytarabine_idarubicin", adult(height, weight), start=MONDAY, bsa_method=method
        )
        bsa = bsa_of(result)
        assert bsa == pytest.approx(hand_bsa(height, weight, method))
        for item in result.administrations:
            expected = 3000 if item.component == "cytarabine" else 40
            assert mg(item) / bsa == pytest.approx(expected)

    @given(heights, weights, methods)
    def test_capped_dose_linear_then_constant(
        self, height: float, weight: float, method: BsaMethod
    ) -> None:
        """1.4 mg/m2 x BSA up to the 2 mg cap, then 2 mg, with the cap reported."""
        bsa = hand_bsa(height, weight, method)
        result = plan(CAPPED, adult(height, weight), start=MONDAY, bsa_method=method)
        for item in result.administrations:
            if 1.4 * bsa <= 2:
                assert mg(item) / bsa == pytest.approx(1.4)
                assert item.cap is None
            else:
                assert mg(item) == 2
                assert item.cap == "capped at 2 mg"

    @given(heights, st.floats(min_value=25, max_value=45, exclude_max=True), methods)
    def test_blinatumomab_below_45_kg(
        self, height: float, weight: float, method: BsaMethod
    ) -> None:
        """Under 45 kg: day 1 is min(5 x BSA, 9) ug, day 8 is min(15 x BSA, 28) ug."""
        bsa = hand_bsa(height, weight, method)
        result = plan(
            "blinatumomab_rr", adult(height, weight), start=BLINA_START, bsa_method=method
        )
        by_day = {item.day: ug(item) for item in result.administrations}
        assert by_day[1] == pytest.approx(min(5 * bsa, 9))
        assert by_day[8] == pytest.approx(min(15 * bsa, 28))

    @given(heights, weights)
    def test_unit_equivalent_inputs(self, height: float, weight: float) -> None:
        """Height in m and weight in g give the same doses as cm and kg."""
        metric = adult(height, weight)
        other = Patient(height=Length(height / 100, "m"), weight=Mass(weight * 1000, "g"))
        first = plan("cytarabine_idarubicin", metric, start=MONDAY)
        second = plan("cytarabine_idarubicin", other, start=MONDAY)
        assert bsa_of(second) == pytest.approx(bsa_of(first), rel=1e-12)
        assert [mg(a) for a in second.administrations] == pytest.approx(
            [mg(a) for a in first.administrations], rel=1e-12
        )
        assert [(a.date, a.component) for a in second.administrations] == [
            (a.date, a.component) for a in first.administrations
        ]

    def test_unit_equivalent_example(self) -> None:
        """1.70 m and 70000 g plan the same doses as 170 cm and 70 kg."""
        other = Patient(height=Length(1.70, "m"), weight=Mass(70000, "g"))
        first = plan("inotuzumab_ozogamicin", adult(), start=MONDAY)
        second = plan("inotuzumab_ozogamicin", other, start=MONDAY)
        assert [mg(a) for a in second.administrations] == pytest.approx(
            [mg(a) for a in first.administrations], rel=1e-12
        )


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
