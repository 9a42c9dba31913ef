"""Specification of the dose rules: per m2, per kg, flat, cellular and radiation doses,
weight and age bands, what each rule needs and how it describes itself.

Every expected dose is worked out by hand from the rule and the body size.
"""

from __future__ import annotations

import pytest

from allmodel.clinical.regimens import (
    AgeBand,
    AgeBanded,
    BodySize,
    CellsPerBodyMass,
    Flat,
    FlatCells,
    FlatPerDay,
    NotStated,
    PerArea,
    PerAreaPerDay,
    PerMass,
    RadiationFraction,
    WeightBand,
    WeightBanded,
    get_regimen,
    resolve_dose,
)
from allmodel.clinical.regimens._dosing import needs
from allmodel.errors import PlanningError, ValidationError
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
)

# --- dose rules -----------------------------------------------------------------------------


def _bsa(m2: float) -> BodySize:
    return BodySize(bsa=Area(m2, "m2"))


def _mass(amount: object) -> float:
    """The magnitude of a resolved Mass in mg."""
    assert isinstance(amount, Mass)
    return amount.magnitude_in("mg")


def _cells(amount: object) -> float:
    """The magnitude of a resolved CellCount in cells."""
    assert isinstance(amount, CellCount)
    return amount.magnitude_in("cells")


BLINA_STEP_RULE = PerAreaPerDay(rate=DoseRatePerArea(5, "ug/m2/day"), cap=DoseRate(9, "ug/day"))


class TestPerArea:
    """A dose per m2, optionally capped per administration."""

    def test_dose_times_bsa(self) -> None:
        """3 g/m2 x 1.8 m2 = 5400 mg, with the working shown."""
        resolved = resolve_dose(PerArea(dose=DosePerArea(3, "g/m2")), _bsa(1.8))
        assert _mass(resolved.amount) == pytest.approx(5400)
        assert resolved.basis == "3 g/m2 x 1.8 m2"
        assert resolved.cap is None
        assert resolved.per_day is False

    def test_ug_per_m2(self) -> None:
        """500 ug/m2 x 2 m2 = 1 mg."""
        resolved = resolve_dose(PerArea(dose=DosePerArea(500, "ug/m2")), _bsa(2.0))
        assert _mass(resolved.amount) == pytest.approx(1.0)

    @pytest.mark.parametrize(
        ("m2", "mg", "capped"), [(1.99, 3.98, False), (2.0, 4.0, False), (2.01, 4.0, True)]
    )
    def test_cap_below_at_above(self, m2: float, mg: float, capped: bool) -> None:
        """2 mg/m2 capped at 4 mg: 3.98 mg at 1.99 m2, 4 mg at 2 m2, capped to 4 mg at 2.01 m2."""
        rule = PerArea(dose=DosePerArea(2, "mg/m2"), cap=Mass(4, "mg"))
        resolved = resolve_dose(rule, _bsa(m2))
        assert _mass(resolved.amount) == pytest.approx(mg)
        assert resolved.cap == ("capped at 4 mg" if capped else None)

    def test_cap_in_grams(self) -> None:
        """A cap in g is compared like for like: 3 g/m2 x 2 m2 = 6 g, capped at 5 g."""
        rule = PerArea(dose=DosePerArea(3, "g/m2"), cap=Mass(5, "g"))
        resolved = resolve_dose(rule, _bsa(2.0))
        assert _mass(resolved.amount) == pytest.approx(5000)
        assert resolved.cap == "capped at 5 g"

    def test_bsa_unknown(self) -> None:
        """Without a BSA the dose cannot be computed: PlanningError naming body surface area."""
        with pytest.raises(PlanningError, match="body surface area"):
            resolve_dose(PerArea(dose=DosePerArea(40, "mg/m2")), BodySize())


class TestPerAreaPerDay:
    """A daily dose per m2 with a daily cap (blinatumomab under 45 kg)."""

    @pytest.mark.parametrize(
        ("m2", "ug", "capped"), [(1.79, 8.95, False), (1.8, 9.0, False), (1.81, 9.0, True)]
    )
    def test_step_dose_cap_below_at_above(self, m2: float, ug: float, capped: bool) -> None:
        """5 ug/m2/day capped at 9 ug/day: 8.95 at 1.79 m2, 9 at 1.8 m2, capped to 9 at 1.81 m2."""
        resolved = resolve_dose(BLINA_STEP_RULE, _bsa(m2))
        assert isinstance(resolved.amount, Mass)
        assert resolved.amount.magnitude_in("ug") == pytest.approx(ug)
        assert resolved.per_day is True
        assert resolved.cap == ("capped at 9 ug/day" if capped else None)

    def test_full_dose(self) -> None:
        """15 ug/m2/day x 1.5 m2 = 22.5 ug/day, under the 28 ug/day cap."""
        rule = PerAreaPerDay(rate=DoseRatePerArea(15, "ug/m2/day"), cap=DoseRate(28, "ug/day"))
        resolved = resolve_dose(rule, _bsa(1.5))
        assert isinstance(resolved.amount, Mass)
        assert resolved.amount.magnitude_in("ug") == pytest.approx(22.5)
        assert resolved.basis == "15 ug/m2/day x 1.5 m2"

    def test_mg_rate_and_cap(self) -> None:
        """0.015 mg/m2/day x 2 m2 = 30 ug/day, capped at 0.028 mg/day = 28 ug."""
        rule = PerAreaPerDay(
            rate=DoseRatePerArea(0.015, "mg/m2/day"), cap=DoseRate(0.028, "mg/day")
        )
        resolved = resolve_dose(rule, _bsa(2.0))
        assert isinstance(resolved.amount, Mass)
        assert resolved.amount.magnitude_in("ug") == pytest.approx(28)
        assert resolved.cap == "capped at 0.028 mg/day"

    def test_bsa_unknown(self) -> None:
        """Without a BSA: PlanningError."""
        with pytest.raises(PlanningError, match="body surface area"):
            resolve_dose(BLINA_STEP_RULE, BodySize(weight=Mass(40, "kg")))


class TestPerMass:
    """A dose per kg, optionally capped."""

    @pytest.mark.parametrize(
        ("kg", "mg", "capped"), [(3.9, 1.95, False), (4.0, 2.0, False), (4.1, 2.0, True)]
    )
    def test_cap_below_at_above(self, kg: float, mg: float, capped: bool) -> None:
        """0.5 mg/kg capped at 2 mg: 1.95 mg at 3.9 kg, 2 mg at 4 kg, capped at 4.1 kg."""
        rule = PerMass(dose=DosePerMass(0.5, "mg/kg"), cap=Mass(2, "mg"))
        resolved = resolve_dose(rule, BodySize(weight=Mass(kg, "kg")))
        assert _mass(resolved.amount) == pytest.approx(mg)
        assert resolved.cap == ("capped at 2 mg" if capped else None)

    def test_weight_in_grams(self) -> None:
        """A weight of 70000 g is 70 kg: 1 mg/kg gives 70 mg."""
        rule = PerMass(dose=DosePerMass(1, "mg/kg"))
        resolved = resolve_dose(rule, BodySize(weight=Mass(70000, "g")))
        assert _mass(resolved.amount) == pytest.approx(70)
        assert resolved.basis == "1 mg/kg x 70 kg"

    def test_weight_unknown(self) -> None:
        """Without a weight: PlanningError naming weight."""
        with pytest.raises(PlanningError, match="weight is not known"):
            resolve_dose(PerMass(dose=DosePerMass(1, "mg/kg")), _bsa(1.8))


class TestFlat:
    """Fixed doses, whatever the body size."""

    def test_flat_mass(self) -> None:
        """Dasatinib 70 mg is 70 mg, without any body measure."""
        resolved = resolve_dose(Flat(dose=Mass(70, "mg")), BodySize())
        assert resolved.amount == Mass(70, "mg")
        assert resolved.per_day is False
        assert resolved.basis == "70 mg flat"

    def test_flat_per_day(self) -> None:
        """Blinatumomab 28 ug/day is 28 ug of infusion per day."""
        resolved = resolve_dose(FlatPerDay(rate=DoseRate(28, "ug/day")), BodySize())
        assert isinstance(resolved.amount, Mass)
        assert resolved.amount.magnitude_in("ug") == 28
        assert resolved.per_day is True

    def test_flat_per_day_in_mg(self) -> None:
        """0.009 mg/day is 9 ug per day."""
        resolved = resolve_dose(FlatPerDay(rate=DoseRate(0.009, "mg/day")), BodySize())
        assert isinstance(resolved.amount, Mass)
        assert resolved.amount.magnitude_in("ug") == pytest.approx(9)


class TestCellDoses:
    """Cellular products: per kg with a cap, or a flat range."""

    BREXU = CellsPerBodyMass(low=CellsPerMass(1, "10^6 cells/kg"), cap=CellCount(1, "10^8 cells"))

    @pytest.mark.parametrize(
        ("kg", "total", "capped"),
        [(99.0, 99_000_000, False), (100.0, 100_000_000, False), (101.0, 100_000_000, True)],
    )
    def test_brexucabtagene_cap(self, kg: float, total: float, capped: bool) -> None:
        """1 x10^6/kg, at most 1 x10^8: 9.9e7 at 99 kg, 1e8 at 100 kg, capped at 101 kg."""
        resolved = resolve_dose(self.BREXU, BodySize(weight=Mass(kg, "kg")))
        assert _cells(resolved.amount) == pytest.approx(total)
        assert resolved.upper is None
        assert resolved.cap == ("capped at 1 10^8 cells" if capped else None)

    def test_range_per_kg(self) -> None:
        """0.2-5.0 x10^6/kg x 40 kg = 8e6 to 2e8 cells."""
        rule = CellsPerBodyMass(
            low=CellsPerMass(0.2, "10^6 cells/kg"), high=CellsPerMass(5.0, "10^6 cells/kg")
        )
        resolved = resolve_dose(rule, BodySize(weight=Mass(40, "kg")))
        assert _cells(resolved.amount) == pytest.approx(8_000_000)
        assert _cells(resolved.upper) == pytest.approx(200_000_000)

    def test_range_cap_on_upper_only(self) -> None:
        """A cap that bites only the top of the range still counts as applied."""
        rule = CellsPerBodyMass(
            low=CellsPerMass(1, "10^6 cells/kg"),
            high=CellsPerMass(3, "10^6 cells/kg"),
            cap=CellCount(1, "10^8 cells"),
        )
        resolved = resolve_dose(rule, BodySize(weight=Mass(50, "kg")))
        assert _cells(resolved.amount) == pytest.approx(50_000_000)
        assert _cells(resolved.upper) == pytest.approx(100_000_000)
        assert resolved.cap == "capped at 1 10^8 cells"

    def test_flat_range(self) -> None:
        """0.1-2.5 x10^8 cells is that total whatever the weight."""
        rule = FlatCells(low=CellCount(0.1, "10^8 cells"), high=CellCount(2.5, "10^8 cells"))
        resolved = resolve_dose(rule, BodySize())
        assert _cells(resolved.amount) == pytest.approx(10_000_000)
        assert _cells(resolved.upper) == pytest.approx(250_000_000)

    def test_weight_unknown(self) -> None:
        """A per-kg cell dose without a weight: PlanningError."""
        with pytest.raises(PlanningError, match="weight"):
            resolve_dose(self.BREXU, _bsa(1.8))

    def test_high_below_low_refused(self) -> None:
        """A range whose top is below its bottom is refused, naming ``high``."""
        with pytest.raises(ValidationError) as caught:
            FlatCells(low=CellCount(2, "10^8 cells"), high=CellCount(1, "10^8 cells"))
        assert [p.path for p in caught.value.problems] == ["high"]
        with pytest.raises(ValidationError) as per_kg:
            CellsPerBodyMass(
                low=CellsPerMass(5, "10^6 cells/kg"), high=CellsPerMass(0.2, "10^6 cells/kg")
            )
        assert [p.path for p in per_kg.value.problems] == ["high"]


class TestRadiationAndNotStated:
    """Radiation fractions and doses the sources do not state."""

    def test_radiation_fraction(self) -> None:
        """200 cGy per fraction resolves to 200 cGy."""
        resolved = resolve_dose(RadiationFraction(dose=AbsorbedDose(200, "cGy")), BodySize())
        assert resolved.amount == AbsorbedDose(200, "cGy")
        assert resolved.basis == "200 cGy per fraction"

    def test_not_stated(self) -> None:
        """A dose not stated resolves to no amount, saying why."""
        resolved = resolve_dose(NotStated(reason="not in the review"), BodySize())
        assert resolved.amount is None
        assert resolved.basis == "dose not stated (not in the review)"

    def test_not_stated_needs_reason(self) -> None:
        """A blank reason is refused."""
        with pytest.raises(ValidationError) as caught:
            NotStated(reason=" ")
        assert [p.path for p in caught.value.problems] == ["reason"]


#: Blinatumomab full dose: >= 45 kg 28 ug/day; < 45 kg 15 ug/m2/day, at most 28 ug/day.
BLINA_FULL_RULE = WeightBanded(
    bands=(
        WeightBand(rule=FlatPerDay(rate=DoseRate(28, "ug/day")), low_kg=45),
        WeightBand(
            rule=PerAreaPerDay(rate=DoseRatePerArea(15, "ug/m2/day"), cap=DoseRate(28, "ug/day")),
            high_kg=45,
        ),
    )
)


class TestWeightBanded:
    """The rule depends on weight: blinatumomab at 45 kg, tisagenlecleucel at 50 kg."""

    @pytest.mark.parametrize(("kg", "ug"), [(44.9, 22.5), (45.0, 28.0), (45.1, 28.0)])
    def test_blinatumomab_45_kg(self, kg: float, ug: float) -> None:
        """With BSA 1.5 m2: 15 x 1.5 = 22.5 ug/day at 44.9 kg; 28 ug/day flat at 45 and 45.1 kg."""
        body = BodySize(bsa=Area(1.5, "m2"), weight=Mass(kg, "kg"))
        resolved = resolve_dose(BLINA_FULL_RULE, body)
        assert isinstance(resolved.amount, Mass)
        assert resolved.amount.magnitude_in("ug") == pytest.approx(ug)
        assert resolved.per_day is True

    def test_blinatumomab_band_named_in_basis(self) -> None:
        """The basis names the band that applied."""
        light = resolve_dose(BLINA_FULL_RULE, BodySize(bsa=Area(1.5, "m2"), weight=Mass(40, "kg")))
        heavy = resolve_dose(BLINA_FULL_RULE, BodySize(weight=Mass(80, "kg")))
        assert light.basis == "< 45 kg: 15 ug/m2/day x 1.5 m2"
        assert heavy.basis == ">= 45 kg: 28 ug/day flat"

    def test_catalogue_tisagenlecleucel_bands(self) -> None:
        """49.9 and 50 kg: per kg; 50.1 kg: 0.1-2.5 x10^8 in total."""
        (component,) = get_regimen("tisagenlecleucel").definitions[0].components
        expected = {
            49.9: (0.2e6 * 49.9, 5.0e6 * 49.9),
            50.0: (10_000_000, 250_000_000),
            50.1: (10_000_000, 250_000_000),
        }
        for kg, (low, high) in expected.items():
            resolved = resolve_dose(component.rule, BodySize(weight=Mass(kg, "kg")))
            assert _cells(resolved.amount) == pytest.approx(low), kg
            assert _cells(resolved.upper) == pytest.approx(high), kg
        at_50 = resolve_dose(component.rule, BodySize(weight=Mass(50, "kg")))
        above = resolve_dose(component.rule, BodySize(weight=Mass(50.1, "kg")))
        assert at_50.basis.startswith("<= 50 kg: ")
        assert above.basis.startswith("> 50 kg: ")

    def test_weight_unknown(self) -> None:
        """A weight-banded rule without a weight: PlanningError."""
        with pytest.raises(PlanningError, match="weight is not known"):
            resolve_dose(BLINA_FULL_RULE, _bsa(1.5))

    def test_no_band_covers(self) -> None:
        """A weight outside every band: PlanningError naming the weight."""
        rule = WeightBanded(bands=(WeightBand(rule=Flat(dose=Mass(1, "mg")), low_kg=45),))
        with pytest.raises(PlanningError, match="no weight band of this rule covers 40 kg"):
            resolve_dose(rule, BodySize(weight=Mass(40, "kg")))

    def test_band_bounds_checked(self) -> None:
        """A band bound of 0 kg is refused, naming the field."""
        with pytest.raises(ValidationError) as caught:
            WeightBand(rule=Flat(dose=Mass(1, "mg")), low_kg=0)
        assert [p.path for p in caught.value.problems] == ["low_kg"]

    def test_empty_bands_refused(self) -> None:
        """A banded rule without bands is refused."""
        with pytest.raises(ValidationError) as caught:
            WeightBanded(bands=())
        assert [p.path for p in caught.value.problems] == ["bands"]


#: Hyper-CVAD course B cytarabine: 3 g/m2 up to 59, 1 g/m2 from 60 (B.10).
HCVAD_CYTARABINE = AgeBanded(
    bands=(
        AgeBand(rule=PerArea(dose=DosePerArea(3, "g/m2")), high_years=59),
        AgeBand(rule=PerArea(dose=DosePerArea(1, "g/m2")), low_years=60),
    )
)


class TestAgeBanded:
    """The rule depends on age in completed years."""

    @pytest.mark.parametrize(("age", "mg"), [(59, 6000), (60, 2000), (61, 2000)])
    def test_cytarabine_60(self, age: int, mg: float) -> None:
        """At 2 m2: 3 g/m2 = 6000 mg at 59; 1 g/m2 = 2000 mg at 60 and 61."""
        resolved = resolve_dose(HCVAD_CYTARABINE, BodySize(bsa=Area(2, "m2"), age=age))
        assert _mass(resolved.amount) == pytest.approx(mg)

    def test_catalogue_rule_is_the_same(self) -> None:
        """The catalogue's course B cytarabine gives the same doses at 59 and 60."""
        definition = get_regimen("hypercvad_dasatinib").definitions_for(2)[0]
        (rule,) = [c.rule for c in definition.components if c.name == "cytarabine"]
        body_59 = BodySize(bsa=Area(2, "m2"), age=59)
        body_60 = BodySize(bsa=Area(2, "m2"), age=60)
        assert _mass(resolve_dose(rule, body_59).amount) == pytest.approx(6000)
        assert _mass(resolve_dose(rule, body_60).amount) == pytest.approx(2000)
        assert resolve_dose(rule, body_60).basis == "age >= 60: 1 g/m2 x 2 m2"

    def test_age_unknown(self) -> None:
        """An age-banded rule without an age: PlanningError naming age."""
        with pytest.raises(PlanningError, match="age"):
            resolve_dose(HCVAD_CYTARABINE, _bsa(2))

    def test_no_band_covers(self) -> None:
        """An age outside every band: PlanningError."""
        rule = AgeBanded(bands=(AgeBand(rule=Flat(dose=Mass(1, "mg")), low_years=18),))
        with pytest.raises(PlanningError, match="covers age 17"):
            resolve_dose(rule, BodySize(age=17))


class TestRuleTypes:
    """A rule built with the wrong kind of measure is refused, naming the field."""

    def test_per_area_with_mass(self) -> None:
        """PerArea(dose=Mass) is refused: ``dose`` must be a DosePerArea."""
        with pytest.raises(ValidationError) as caught:
            PerArea(dose=Mass(3, "g"))  # type: ignore[arg-type]
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("dose", "must be a DosePerArea, not Mass")
        ]

    def test_per_area_cap_with_dose_per_area(self) -> None:
        """A cap must be a Mass, not a dose per m2."""
        with pytest.raises(ValidationError) as caught:
            PerArea(dose=DosePerArea(2, "mg/m2"), cap=DosePerArea(2, "mg/m2"))  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["cap"]

    def test_per_area_per_day_with_flat_rate(self) -> None:
        """PerAreaPerDay(rate=DoseRate) is refused, naming ``rate``."""
        with pytest.raises(ValidationError) as caught:
            PerAreaPerDay(rate=DoseRate(28, "ug/day"))  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["rate"]

    def test_flat_per_day_with_mass(self) -> None:
        """FlatPerDay(rate=Mass) is refused, naming ``rate``."""
        with pytest.raises(ValidationError) as caught:
            FlatPerDay(rate=Mass(28, "ug"))  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["rate"]

    def test_cells_per_kg_with_count(self) -> None:
        """CellsPerBodyMass(low=CellCount) is refused, naming ``low``."""
        with pytest.raises(ValidationError) as caught:
            CellsPerBodyMass(low=CellCount(1, "10^8 cells"))  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["low"]

    def test_radiation_with_mass(self) -> None:
        """RadiationFraction(dose=Mass) is refused, naming ``dose``."""
        with pytest.raises(ValidationError) as caught:
            RadiationFraction(dose=Mass(200, "mg"))  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["dose"]

    @pytest.mark.parametrize("value", [0, -40])
    def test_dose_must_be_positive(self, value: float) -> None:
        """A dose of zero or less is refused, showing it."""
        with pytest.raises(ValidationError) as caught:
            PerArea(dose=DosePerArea(value, "mg/m2"))
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("dose", f"must be greater than 0, got {value} mg/m2")
        ]


class TestNeeds:
    """What each rule depends on."""

    def test_simple_rules(self) -> None:
        """Per m2 needs BSA, per kg needs weight, flat needs nothing."""
        assert needs(PerArea(dose=DosePerArea(1, "mg/m2"))) == {"bsa"}
        assert needs(BLINA_STEP_RULE) == {"bsa"}
        assert needs(PerMass(dose=DosePerMass(1, "mg/kg"))) == {"weight"}
        assert needs(CellsPerBodyMass(low=CellsPerMass(1, "cells/kg"))) == {"weight"}
        assert needs(Flat(dose=Mass(1, "mg"))) == frozenset()
        assert needs(FlatPerDay(rate=DoseRate(1, "ug/day"))) == frozenset()
        assert needs(FlatCells(low=CellCount(1, "cells"))) == frozenset()
        assert needs(RadiationFraction(dose=AbsorbedDose(1, "Gy"))) == frozenset()
        assert needs(NotStated(reason="x")) == frozenset()

    def test_banded_rules(self) -> None:
        """Banded rules need their criterion and whatever their bands need."""
        assert needs(BLINA_FULL_RULE) == {"weight", "bsa"}
        assert needs(HCVAD_CYTARABINE) == {"age", "bsa"}


class TestRuleDescriptions:
    """Rules describe themselves in a short text."""

    def test_texts(self) -> None:
        """Each rule type's text."""
        assert PerArea(dose=DosePerArea(3, "g/m2")).describe() == "3 g/m2"
        assert (
            PerArea(dose=DosePerArea(1.4, "mg/m2"), cap=Mass(2, "mg")).describe()
            == "1.4 mg/m2 (at most 2 mg)"
        )
        assert BLINA_STEP_RULE.describe() == "5 ug/m2/day (at most 9 ug/day)"
        assert Flat(dose=Mass(70, "mg")).describe() == "70 mg flat"
        assert RadiationFraction(dose=AbsorbedDose(200, "cGy")).describe() == "200 cGy per fraction"
        assert BLINA_FULL_RULE.describe() == (
            ">= 45 kg: 28 ug/day flat; < 45 kg: 15 ug/m2/day (at most 28 ug/day)"
        )
        assert HCVAD_CYTARABINE.describe() == "age <= 59: 3 g/m2; age >= 60: 1 g/m2"
