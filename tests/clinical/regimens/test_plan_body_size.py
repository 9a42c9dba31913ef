"""Dose plans and body size: BSA by Mosteller or DuBois, the height and weight a dose
needs and their sanity limits, the optional BSA cap, and properties over body sizes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allmodel.clinical.regimens import (
    PLANNING_HEIGHT_CM,
    PLANNING_WEIGHT_KG,
    BsaCapWarning,
    Component,
    CycleDefinition,
    OnDays,
    PerArea,
    Regimen,
    Route,
    plan,
)
from allmodel.errors import PlanningError
from allmodel.measures import Area, DosePerArea, Length, Mass
from allmodel.model import Agent, BsaMethod, Patient
from tests.clinical.regimens.plans import (
    BLINA_START,
    MONDAY,
    adult,
    bsa_of,
    dubois,
    mg,
    mosteller,
    of,
    ug,
)


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
