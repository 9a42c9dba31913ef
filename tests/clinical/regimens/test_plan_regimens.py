"""Dose plans of the catalogue's regimens: ``plan()`` turns a regimen's cycle into dated
doses (per-m2 chemotherapy, continuous TKIs, hyper-CVAD, blinatumomab, inotuzumab, CAR T
cells, cranial irradiation).

Expected body surface areas and doses are worked out by hand in each test from the formulas
(Mosteller: sqrt(height cm x weight kg / 3600); DuBois: 0.007184 x weight^0.425 x
height^0.725) and the doses of the sources (the label sections and other sources each
regimen cites, the review).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from allmodel.clinical.regimens import Route, get_regimen, plan
from allmodel.errors import PlanningError
from allmodel.measures import AbsorbedDose, Length, Mass
from allmodel.model import Agent, BsaMethod, Patient
from tests.clinical.regimens.plans import (
    BLINA_START,
    BSA_170_70,
    LEAP_MONDAY,
    MONDAY,
    adult,
    bsa_of,
    cells,
    dubois,
    mg,
    of,
    total,
    ug,
)


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
            " (the dasatinib dose within the regimen of review-ref-56 is unconfirmed);"
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
