"""Specification of the regimen catalogue (as data), the dose rules and the schedules.

Every expected dose below is written out by hand from the sources: the review
(``/work/shared/seed/review-relapsed-refractory-all-adults.txt``, "[R-n]" for its
reference n) and the clinical reference (``REFERENCE-A.md`` sections B.1-B.14).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

from allmodel.clinical.regimens import (
    CRANIAL_IRRADIATION,
    LIPOSOMAL_CYTARABINE_DISCONTINUED,
    LIPOSOMAL_VINCRISTINE_WITHDRAWN,
    REGIMENS,
    AgeBand,
    AgeBanded,
    Availability,
    BodySize,
    CellsPerBodyMass,
    Component,
    CycleDefinition,
    DoseRule,
    EveryDay,
    EveryNDays,
    Flat,
    FlatCells,
    FlatPerDay,
    NotScheduled,
    NotStated,
    OnDays,
    PerArea,
    PerAreaPerDay,
    PerMass,
    RadiationCourse,
    RadiationFraction,
    Regimen,
    Route,
    Schedule,
    Weekdays,
    WeightBand,
    WeightBanded,
    expand,
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
from allmodel.model import Agent

# --- a hand-written expected catalogue ------------------------------------------------------

Sig = tuple[object, ...]


def _n(value: float | None) -> float | None:
    """A float rounded to 12 significant digits, so 3 g/m2 and 3000 mg/m2 compare equal."""
    return None if value is None else float(f"{value:.12g}")


def per_m2(mg: float, cap_mg: float | None = None) -> Sig:
    """Expected: ``mg`` mg per m2, optionally capped at ``cap_mg`` mg."""
    return ("mg/m2", _n(mg), _n(cap_mg))


def per_m2_day(ug: float, cap_ug_day: float | None = None) -> Sig:
    """Expected: ``ug`` ug/m2/day, optionally capped at ``cap_ug_day`` ug/day."""
    return ("ug/m2/day", _n(ug), _n(cap_ug_day))


def flat(mg: float) -> Sig:
    """Expected: ``mg`` mg per administration."""
    return ("mg", _n(mg))


def flat_day(ug: float) -> Sig:
    """Expected: ``ug`` ug/day."""
    return ("ug/day", _n(ug))


def cells_per_kg(low: float, high: float | None = None, cap: float | None = None) -> Sig:
    """Expected: ``low`` (to ``high``) cells per kg, total capped at ``cap`` cells."""
    return ("cells/kg", _n(low), _n(high), _n(cap))


def cells(low: float, high: float | None = None) -> Sig:
    """Expected: ``low`` (to ``high``) cells in total."""
    return ("cells", _n(low), _n(high))


def fraction(cgy: float) -> Sig:
    """Expected: ``cgy`` cGy per fraction."""
    return ("cGy", _n(cgy))


NOT_STATED: Sig = ("not stated",)


def band(
    rule: Sig,
    low: float | None = None,
    high: float | None = None,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = False,
) -> Sig:
    """Expected: one weight band (bounds in kg)."""
    return (
        low,
        low_inclusive if low is not None else None,
        high,
        high_inclusive if high is not None else None,
        rule,
    )


def by_weight(*bands: Sig) -> Sig:
    """Expected: a weight-banded rule (band order does not matter)."""
    return ("weight", frozenset(bands))


def by_age(*bands: tuple[int | None, int | None, Sig]) -> Sig:
    """Expected: an age-banded rule, each band (low, high, rule), bounds inclusive."""
    return ("age", frozenset(bands))


def days(*numbers: int, times: int = 1) -> Sig:
    """Expected: the listed cycle days, ``times`` administrations a day."""
    return ("days", numbers, times)


def every_day(times: int = 1) -> Sig:
    """Expected: every day, ``times`` administrations a day."""
    return ("every day", times)


def every(interval: int) -> Sig:
    """Expected: day 1 and every ``interval`` days."""
    return ("every", interval)


def weekdays(count: int) -> Sig:
    """Expected: ``count`` consecutive weekdays."""
    return ("weekdays", count)


NOT_SCHEDULED: Sig = ("not scheduled",)


def rule_signature(rule: DoseRule) -> Sig:
    """The catalogue rule, reduced to the comparable form of the helpers above."""
    match rule:
        case PerArea():
            cap = None if rule.cap is None else rule.cap.magnitude_in("mg")
            return per_m2(rule.dose.magnitude_in("mg/m2"), cap)
        case PerAreaPerDay():
            cap = None if rule.cap is None else rule.cap.magnitude_in("ug/day")
            return per_m2_day(rule.rate.magnitude_in("ug/m2/day"), cap)
        case PerMass():
            cap = None if rule.cap is None else rule.cap.magnitude_in("mg")
            return ("mg/kg", _n(rule.dose.magnitude_in("mg/kg")), _n(cap))
        case Flat():
            return flat(rule.dose.magnitude_in("mg"))
        case FlatPerDay():
            return flat_day(rule.rate.magnitude_in("ug/day"))
        case CellsPerBodyMass():
            return cells_per_kg(
                rule.low.magnitude_in("cells/kg"),
                None if rule.high is None else rule.high.magnitude_in("cells/kg"),
                None if rule.cap is None else rule.cap.magnitude_in("cells"),
            )
        case FlatCells():
            return cells(
                rule.low.magnitude_in("cells"),
                None if rule.high is None else rule.high.magnitude_in("cells"),
            )
        case RadiationFraction():
            return fraction(rule.dose.magnitude_in("cGy"))
        case NotStated():
            return NOT_STATED
        case WeightBanded():
            return by_weight(
                *(
                    band(
                        rule_signature(b.rule),
                        b.low_kg,
                        b.high_kg,
                        low_inclusive=b.low_inclusive,
                        high_inclusive=b.high_inclusive,
                    )
                    for b in rule.bands
                )
            )
        case AgeBanded():
            return by_age(
                *((b.low_years, b.high_years, rule_signature(b.rule)) for b in rule.bands)
            )
    raise AssertionError(f"unexpected rule {rule!r}")


def schedule_signature(schedule: Schedule) -> Sig:
    """The catalogue schedule, reduced to the comparable form of the helpers above."""
    match schedule:
        case OnDays():
            return days(*schedule.days, times=schedule.times_per_day)
        case EveryDay():
            return every_day(schedule.times_per_day)
        case EveryNDays():
            return every(schedule.interval)
        case Weekdays():
            return weekdays(schedule.count)
        case NotScheduled():
            return NOT_SCHEDULED
    raise AssertionError(f"unexpected schedule {schedule!r}")


class Part(NamedTuple):
    """One expected component."""

    agent: Agent | None
    rule: Sig
    schedule: Sig
    route: Route


class Cycles(NamedTuple):
    """One expected cycle definition."""

    cycles: tuple[int, ...] | None
    variant: str | None
    length_days: int | None
    parts: dict[str, Part]


class Expected(NamedTuple):
    """One expected regimen."""

    refs: tuple[str, ...]
    max_cycles: int | None
    withdrawn_on: date | None
    definitions: tuple[Cycles, ...]


IV = Route.INTRAVENOUS
CIV = Route.CONTINUOUS_INTRAVENOUS
ORAL = Route.ORAL
IT = Route.INTRATHECAL
RT = Route.RADIOTHERAPY

#: Blinatumomab (REFERENCE-A B.1, B.14): >= 45 kg a flat daily dose; < 45 kg per m2 with the
#: flat dose as the daily cap. Step-up 9 ug/day or 5 ug/m2/day (<= 9 ug/day); full dose
#: 28 ug/day or 15 ug/m2/day (<= 28 ug/day).
BLINA_STEP = by_weight(band(flat_day(9), low=45), band(per_m2_day(5, 9), high=45))
BLINA_FULL = by_weight(band(flat_day(28), low=45), band(per_m2_day(15, 28), high=45))

#: Hyper-CVAD with dasatinib: the dasatinib dose within ref 56 is unconfirmed (B.10).
HCVAD_DASATINIB = Part(Agent.DASATINIB, NOT_STATED, NOT_SCHEDULED, ORAL)

EXPECTED: dict[str, Expected] = {
    "blinatumomab_rr": Expected(
        refs=("7", "21", "B.1"),
        max_cycles=9,
        withdrawn_on=None,
        definitions=(
            Cycles(
                (1,),
                None,
                42,
                {
                    "blinatumomab (days 1-7)": Part(
                        Agent.BLINATUMOMAB, BLINA_STEP, days(1, 2, 3, 4, 5, 6, 7), CIV
                    ),
                    "blinatumomab (days 8-28)": Part(
                        Agent.BLINATUMOMAB, BLINA_FULL, days(*range(8, 29)), CIV
                    ),
                },
            ),
            Cycles(
                (2, 3, 4, 5),
                None,
                42,
                {"blinatumomab": Part(Agent.BLINATUMOMAB, BLINA_FULL, days(*range(1, 29)), CIV)},
            ),
            Cycles(
                (6, 7, 8, 9),
                None,
                84,
                {"blinatumomab": Part(Agent.BLINATUMOMAB, BLINA_FULL, days(*range(1, 29)), CIV)},
            ),
        ),
    ),
    "blinatumomab_mrd": Expected(
        refs=("19", "20", "B.1"),
        max_cycles=4,
        withdrawn_on=None,
        definitions=(
            Cycles(
                (1, 2, 3, 4),
                None,
                42,
                {"blinatumomab": Part(Agent.BLINATUMOMAB, BLINA_FULL, days(*range(1, 29)), CIV)},
            ),
        ),
    ),
    # B.2: cycle 1 0.8 / 0.5 / 0.5 mg/m2 days 1, 8, 15 (21 days); later cycles 28 days,
    # 0.5 mg/m2 x3 after CR/CRi (cycles 2-6), else 0.8 / 0.5 / 0.5, but "discontinue if no
    # CR/CRi within 3 cycles", so only cycles 2 and 3; at most 6 cycles.
    "inotuzumab_ozogamicin": Expected(
        refs=("10", "22", "25", "B.2"),
        max_cycles=6,
        withdrawn_on=None,
        definitions=(
            Cycles(
                (1,),
                None,
                21,
                {
                    "inotuzumab ozogamicin (day 1)": Part(
                        Agent.INOTUZUMAB_OZOGAMICIN, per_m2(0.8), days(1), IV
                    ),
                    "inotuzumab ozogamicin (days 8, 15)": Part(
                        Agent.INOTUZUMAB_OZOGAMICIN, per_m2(0.5), days(8, 15), IV
                    ),
                },
            ),
            Cycles(
                (2, 3, 4, 5, 6),
                "cr_or_cri",
                28,
                {
                    "inotuzumab ozogamicin": Part(
                        Agent.INOTUZUMAB_OZOGAMICIN, per_m2(0.5), days(1, 8, 15), IV
                    )
                },
            ),
            Cycles(
                (2, 3),
                "no_cr",
                28,
                {
                    "inotuzumab ozogamicin (day 1)": Part(
                        Agent.INOTUZUMAB_OZOGAMICIN, per_m2(0.8), days(1), IV
                    ),
                    "inotuzumab ozogamicin (days 8, 15)": Part(
                        Agent.INOTUZUMAB_OZOGAMICIN, per_m2(0.5), days(8, 15), IV
                    ),
                },
            ),
        ),
    ),
    # cytarabine 3 g/m2 over 3 hours daily for five days, idarubicin 40 mg/m2 day 3.
    "cytarabine_idarubicin": Expected(
        refs=("41",),
        max_cycles=1,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {
                    "cytarabine": Part(Agent.CYTARABINE, per_m2(3000), days(1, 2, 3, 4, 5), IV),
                    "idarubicin": Part(Agent.IDARUBICIN, per_m2(40), days(3), IV),
                },
            ),
        ),
    ),
    # mitoxantrone 80 mg/m2 with the same cytarabine; the review gives no day.
    "cytarabine_mitoxantrone": Expected(
        refs=("38",),
        max_cycles=1,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {
                    "cytarabine": Part(Agent.CYTARABINE, per_m2(3000), days(1, 2, 3, 4, 5), IV),
                    "mitoxantrone": Part(Agent.MITOXANTRONE, per_m2(80), NOT_SCHEDULED, IV),
                },
            ),
        ),
    ),
    # clofarabine 40 mg/m2 daily for five days.
    "clofarabine_40": Expected(
        refs=("44", "45"),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {"clofarabine": Part(Agent.CLOFARABINE, per_m2(40), days(1, 2, 3, 4, 5), IV)},
            ),
        ),
    ),
    # and B.6: clofarabine 52 mg/m2 daily for five days.
    "clofarabine_52": Expected(
        refs=("47", "B.6"),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {"clofarabine": Part(Agent.CLOFARABINE, per_m2(52), days(1, 2, 3, 4, 5), IV)},
            ),
        ),
    ),
    # clofarabine 40 mg/m2 + cytarabine 1 g/m2, both daily for five days.
    "clofarabine_cytarabine": Expected(
        refs=("46",),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {
                    "clofarabine": Part(Agent.CLOFARABINE, per_m2(40), days(1, 2, 3, 4, 5), IV),
                    "cytarabine": Part(Agent.CYTARABINE, per_m2(1000), days(1, 2, 3, 4, 5), IV),
                },
            ),
        ),
    ),
    # B.5: adult 1500 mg/m2 days 1, 3, 5; pediatric 650 mg/m2 days 1-5; both every 21 days.
    "nelarabine_adult": Expected(
        refs=("48", "B.5"),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                21,
                {"nelarabine": Part(Agent.NELARABINE, per_m2(1500), days(1, 3, 5), IV)},
            ),
        ),
    ),
    "nelarabine_pediatric": Expected(
        refs=("48", "B.5"),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                21,
                {"nelarabine": Part(Agent.NELARABINE, per_m2(650), days(1, 2, 3, 4, 5), IV)},
            ),
        ),
    ),
    # dasatinib 70 mg twice daily; and B.7: 140 mg once daily.
    "dasatinib_70_twice_daily": Expected(
        refs=("53",),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None, None, None, {"dasatinib": Part(Agent.DASATINIB, flat(70), every_day(2), ORAL)}
            ),
        ),
    ),
    "dasatinib_140_daily": Expected(
        refs=("54", "B.7"),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {"dasatinib": Part(Agent.DASATINIB, flat(140), every_day(1), ORAL)},
            ),
        ),
    ),
    # and B.7: ponatinib 45 mg once daily.
    "ponatinib_45_daily": Expected(
        refs=("55", "B.7"),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None, None, None, {"ponatinib": Part(Agent.PONATINIB, flat(45), every_day(1), ORAL)}
            ),
        ),
    ),
    # and B.10 (hyper-CVAD tables).
    "hypercvad_dasatinib": Expected(
        refs=("56", "B.10"),
        max_cycles=8,
        withdrawn_on=None,
        definitions=(
            Cycles(
                (1, 3, 5, 7),
                None,
                21,
                {
                    # 300 mg/m2 every 12 hours x 6 doses, days 1-3
                    "cyclophosphamide": Part(
                        Agent.CYCLOPHOSPHAMIDE, per_m2(300), days(1, 2, 3, times=2), IV
                    ),
                    "vincristine": Part(Agent.VINCRISTINE, flat(2), days(4, 11), IV),
                    "doxorubicin": Part(Agent.DOXORUBICIN, per_m2(50), days(4), IV),
                    "dexamethasone": Part(
                        Agent.DEXAMETHASONE, flat(40), days(1, 2, 3, 4, 11, 12, 13, 14), ORAL
                    ),
                    "dasatinib": HCVAD_DASATINIB,
                },
            ),
            Cycles(
                (2, 4, 6, 8),
                None,
                21,
                {
                    "methotrexate (loading)": Part(Agent.METHOTREXATE, per_m2(200), days(1), IV),
                    "methotrexate (infusion)": Part(Agent.METHOTREXATE, per_m2(800), days(1), IV),
                    # 3 g/m2 every 12 hours x 4 doses, days 2-3; 1 g/m2 from age 60
                    "cytarabine": Part(
                        Agent.CYTARABINE,
                        by_age((None, 59, per_m2(3000)), (60, None, per_m2(1000))),
                        days(2, 3, times=2),
                        IV,
                    ),
                    "methylprednisolone": Part(
                        Agent.METHYLPREDNISOLONE, flat(50), days(1, 2, 3, times=2), IV
                    ),
                    "dasatinib": HCVAD_DASATINIB,
                },
            ),
        ),
    ),
    # B.11: ifosfamide 1.8 g/m2/day + etoposide 100 mg/m2/day x5, every 28 days; no
    # dexamethasone dose in any source.
    "ifosfamide_etoposide_dexamethasone": Expected(
        refs=("B.11",),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                28,
                {
                    "ifosfamide": Part(Agent.IFOSFAMIDE, per_m2(1800), days(1, 2, 3, 4, 5), IV),
                    "etoposide": Part(Agent.ETOPOSIDE, per_m2(100), days(1, 2, 3, 4, 5), IV),
                    "dexamethasone": Part(Agent.DEXAMETHASONE, NOT_STATED, NOT_SCHEDULED, ORAL),
                },
            ),
        ),
    ),
    # B.3: <= 50 kg 0.2-5.0 x10^6 cells/kg; > 50 kg 0.1-2.5 x10^8 cells in total.
    "tisagenlecleucel": Expected(
        refs=("11", "B.3"),
        max_cycles=1,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {
                    "tisagenlecleucel": Part(
                        Agent.TISAGENLECLEUCEL,
                        by_weight(
                            band(cells_per_kg(200_000, 5_000_000), high=50, high_inclusive=True),
                            band(cells(10_000_000, 250_000_000), low=50, low_inclusive=False),
                        ),
                        days(1),
                        IV,
                    )
                },
            ),
        ),
    ),
    # B.4: 1 x10^6 cells/kg, at most 1 x10^8 cells.
    "brexucabtagene_autoleucel": Expected(
        refs=("34", "B.4"),
        max_cycles=1,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {
                    "brexucabtagene autoleucel": Part(
                        Agent.BREXUCABTAGENE_AUTOLEUCEL,
                        cells_per_kg(1_000_000, None, 100_000_000),
                        days(1),
                        IV,
                    )
                },
            ),
        ),
    ),
    # and B.12: 2400 cGy in 12 doses = 200 cGy each; IT methotrexate dose not given.
    "cranial_irradiation_intrathecal_methotrexate": Expected(
        refs=("57", "B.12"),
        max_cycles=1,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {
                    "cranial irradiation": Part(None, fraction(200), weekdays(12), RT),
                    "intrathecal methotrexate": Part(
                        Agent.METHOTREXATE, NOT_STATED, NOT_SCHEDULED, IT
                    ),
                },
            ),
        ),
    ),
    # intrathecal rituximab, no dose.
    "intrathecal_rituximab": Expected(
        refs=("58",),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None,
                None,
                None,
                {"intrathecal rituximab": Part(Agent.RITUXIMAB, NOT_STATED, NOT_SCHEDULED, IT)},
            ),
        ),
    ),
    # B.9: production permanently discontinued 2017-06-29.
    "liposomal_cytarabine_intrathecal": Expected(
        refs=("57", "B.9"),
        max_cycles=None,
        withdrawn_on=date(2017, 6, 29),
        definitions=(
            Cycles(
                None,
                None,
                None,
                {
                    "liposomal cytarabine": Part(
                        Agent.LIPOSOMAL_CYTARABINE, NOT_STATED, NOT_SCHEDULED, IT
                    )
                },
            ),
        ),
    ),
    # B.8: 2.25 mg/m2 once every 7 days; FDA withdrawal effective 2022-05-02.
    "liposomal_vincristine": Expected(
        refs=("B.8",),
        max_cycles=None,
        withdrawn_on=date(2022, 5, 2),
        definitions=(
            Cycles(
                None,
                None,
                None,
                {
                    "liposomal vincristine": Part(
                        Agent.LIPOSOMAL_VINCRISTINE, per_m2(2.25), every(7), IV
                    )
                },
            ),
        ),
    ),
}

INCOMPLETE = {
    "cytarabine_mitoxantrone",
    "hypercvad_dasatinib",
    "ifosfamide_etoposide_dexamethasone",
    "cranial_irradiation_intrathecal_methotrexate",
    "intrathecal_rituximab",
    "liposomal_cytarabine_intrathecal",
}

IDS = sorted(EXPECTED)


def _definition(
    regimen: Regimen, cycles: tuple[int, ...] | None, variant: str | None
) -> CycleDefinition:
    found = [d for d in regimen.definitions if d.cycles == cycles and d.variant == variant]
    assert len(found) == 1, f"{regimen.id}: {len(found)} definitions for {cycles}, {variant}"
    return found[0]


class TestCatalogueIds:
    """The catalogue lists exactly the regimens expected, each under its own id."""

    def test_ids_are_exactly_the_expected_ones(self) -> None:
        """No regimen is missing from, or added to, the hand-written expected table."""
        assert sorted(REGIMENS) == IDS

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_key_is_the_regimen_id(self, regimen_id: str) -> None:
        """Each regimen is stored under its own id and found by get_regimen."""
        assert REGIMENS[regimen_id].id == regimen_id
        assert get_regimen(regimen_id) is REGIMENS[regimen_id]

    def test_unknown_id_lists_the_known_ones(self) -> None:
        """An unknown id is refused with PlanningError naming it and the known ids."""
        with pytest.raises(PlanningError, match="unknown regimen 'hyper_cvad'") as caught:
            get_regimen("hyper_cvad")
        assert "hypercvad_dasatinib" in str(caught.value)
        assert "clofarabine_40" in str(caught.value)


class TestCatalogueCitations:
    """Every regimen cites its sources."""

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_cites_at_least_one_source(self, regimen_id: str) -> None:
        """At least one citation, none blank."""
        citations = REGIMENS[regimen_id].citations
        assert len(citations) >= 1
        assert all(text.strip() for text in citations)

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_cites_the_expected_references(self, regimen_id: str) -> None:
        """The review reference numbers or REFERENCE-A sections of its doses are cited."""
        text = " ".join(REGIMENS[regimen_id].citations)
        for ref in EXPECTED[regimen_id].refs:
            assert ref in text, f"{regimen_id} does not cite {ref}"


class TestCatalogueDoses:
    """Every dose, day, route and cycle structure agrees with the sources."""

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_component_names_distinct(self, regimen_id: str) -> None:
        """Within each cycle definition, component names are distinct."""
        for definition in REGIMENS[regimen_id].definitions:
            names = [c.name for c in definition.components]
            assert len(names) == len(set(names)), definition.label

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_cycle_definitions(self, regimen_id: str) -> None:
        """Cycle numbers, variants and lengths of the definitions are as expected."""
        regimen = REGIMENS[regimen_id]
        actual = {(d.cycles, d.variant, d.length_days) for d in regimen.definitions}
        expected = {(e.cycles, e.variant, e.length_days) for e in EXPECTED[regimen_id].definitions}
        assert actual == expected
        assert len(regimen.definitions) == len(EXPECTED[regimen_id].definitions)

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_components(self, regimen_id: str) -> None:
        """Each component's agent, dose rule, schedule and route are as the sources give."""
        regimen = REGIMENS[regimen_id]
        for expected in EXPECTED[regimen_id].definitions:
            definition = _definition(regimen, expected.cycles, expected.variant)
            actual = {
                c.name: Part(
                    c.agent, rule_signature(c.rule), schedule_signature(c.schedule), c.route
                )
                for c in definition.components
            }
            assert actual == expected.parts, definition.label

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_max_cycles(self, regimen_id: str) -> None:
        """The most cycles the sources describe."""
        assert REGIMENS[regimen_id].max_cycles == EXPECTED[regimen_id].max_cycles

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_withdrawal_date(self, regimen_id: str) -> None:
        """Only liposomal vincristine and liposomal cytarabine are withdrawn, on their dates."""
        availability = REGIMENS[regimen_id].availability
        assert availability.withdrawn_on == EXPECTED[regimen_id].withdrawn_on
        assert (availability.reason is not None) == (availability.withdrawn_on is not None)

    def test_complete_regimens(self) -> None:
        """Exactly the regimens with an unstated dose or day are incomplete."""
        assert {rid for rid, r in REGIMENS.items() if not r.complete} == INCOMPLETE

    @pytest.mark.parametrize("regimen_id", [rid for rid in IDS if EXPECTED[rid].max_cycles])
    def test_every_cycle_up_to_the_maximum_is_defined(self, regimen_id: str) -> None:
        """Each cycle 1..max_cycles has one definition, or one per variant."""
        regimen = REGIMENS[regimen_id]
        assert regimen.max_cycles is not None
        for cycle in range(1, regimen.max_cycles + 1):
            found = regimen.definitions_for(cycle)
            assert len(found) >= 1
            if len(found) > 1:
                assert all(d.variant is not None for d in found)

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_a_variant_that_ends_early_says_why(self, regimen_id: str) -> None:
        """A response variant ending before the regimen's last cycle carries its stop reason.

        So a later cycle asking for it is refused with the source's reason, not offered
        for more cycles than the source allows (inotuzumab without CR/CRi: 3 cycles).
        """
        regimen = REGIMENS[regimen_id]
        last_cycle = max((n for d in regimen.definitions for n in (d.cycles or ())), default=None)
        for variant in regimen.variants:
            definitions = [d for d in regimen.definitions if d.variant == variant]
            if any(d.cycles is None for d in definitions):
                continue
            covered = sorted(n for d in definitions for n in (d.cycles or ()))
            assert regimen.max_cycles is None or covered[-1] <= regimen.max_cycles
            if last_cycle is not None and covered[-1] < last_cycle:
                (ending,) = [d for d in definitions if d.cycles and covered[-1] in d.cycles]
                assert ending.stop_reason, f"{regimen_id}: {variant!r} ends without a reason"

    def test_inotuzumab_without_cr_stops_after_cycle_3(self) -> None:
        """B.2: "discontinue if no CR/CRi within 3 cycles"; CR/CRi cycles go on to 6."""
        ino = get_regimen("inotuzumab_ozogamicin")
        (no_cr,) = [d for d in ino.definitions if d.variant == "no_cr"]
        (cr,) = [d for d in ino.definitions if d.variant == "cr_or_cri"]
        assert no_cr.cycles == (2, 3)
        assert no_cr.label == "cycles 2-3 without CR or CRi"
        assert no_cr.stop_reason is not None
        assert "no CR or CRi within 3 cycles" in no_cr.stop_reason
        assert "B.2" in no_cr.stop_reason
        assert cr.cycles == (2, 3, 4, 5, 6)
        assert cr.stop_reason is None


class TestCatalogueConstants:
    """The dated and fractionated facts exported by the catalogue."""

    def test_liposomal_vincristine_withdrawn(self) -> None:
        """Liposomal vincristine: FDA withdrawal effective 2 May 2022 (B.8)."""
        assert date(2022, 5, 2) == LIPOSOMAL_VINCRISTINE_WITHDRAWN

    def test_liposomal_cytarabine_discontinued(self) -> None:
        """Liposomal cytarabine: production discontinued 29 June 2017 (B.9)."""
        assert date(2017, 6, 29) == LIPOSOMAL_CYTARABINE_DISCONTINUED

    def test_cranial_irradiation(self) -> None:
        """2400 cGy in 12 fractions is 200 cGy per fraction (ref 57, B.12)."""
        assert CRANIAL_IRRADIATION.total.magnitude_in("cGy") == 2400
        assert CRANIAL_IRRADIATION.fractions == 12
        assert CRANIAL_IRRADIATION.per_fraction == AbsorbedDose(200, "cGy")


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
        assert resolved.cap is not None

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
        assert (resolved.cap is not None) is capped

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


# --- schedules ------------------------------------------------------------------------------


class TestOnDays:
    """Named cycle days."""

    def test_across_leap_day_and_month_end(self) -> None:
        """Days 1-5 from Monday 26 Feb 2024 run through the leap day into March."""
        assert expand(OnDays(days=(1, 2, 3, 4, 5)), date(2024, 2, 26), 5) == [
            (1, date(2024, 2, 26)),
            (2, date(2024, 2, 27)),
            (3, date(2024, 2, 28)),
            (4, date(2024, 2, 29)),
            (5, date(2024, 3, 1)),
        ]

    def test_non_leap_year(self) -> None:
        """The same days from 26 Feb 2023 skip from 28 Feb to 1 March."""
        assert [when for _, when in expand(OnDays(days=(3, 4)), date(2023, 2, 26), 5)] == [
            date(2023, 2, 28),
            date(2023, 3, 1),
        ]

    def test_sparse_days_across_year_end(self) -> None:
        """Days 1, 8, 15 from 25 Dec 2024: 25 Dec, 1 Jan, 8 Jan."""
        assert expand(OnDays(days=(1, 8, 15)), date(2024, 12, 25), 21) == [
            (1, date(2024, 12, 25)),
            (8, date(2025, 1, 1)),
            (15, date(2025, 1, 8)),
        ]

    def test_times_per_day_not_repeated_by_expand(self) -> None:
        """Each day appears once; times_per_day is applied by the planner."""
        schedule = OnDays(days=(2, 3), times_per_day=2)
        assert expand(schedule, date(2024, 1, 1), 21) == [
            (2, date(2024, 1, 2)),
            (3, date(2024, 1, 3)),
        ]
        assert schedule.times_per_day == 2

    @pytest.mark.parametrize(("length", "fits"), [(4, False), (5, True), (6, True)])
    def test_last_day_at_the_period_end(self, length: int, fits: bool) -> None:
        """Day 5 fits a 5-day period but not a 4-day one."""
        schedule = OnDays(days=(1, 5))
        if fits:
            assert expand(schedule, date(2024, 1, 1), length)[-1] == (5, date(2024, 1, 5))
        else:
            with pytest.raises(ValidationError, match="day 5 is beyond a 4-day period"):
                expand(schedule, date(2024, 1, 1), length)

    @pytest.mark.parametrize(
        ("numbers", "message"),
        [
            ((), "must list at least one day"),
            ((0, 1), "must be day 1 or later"),
            ((3, 1), "must be increasing without repeats"),
            ((1, 1), "must be increasing without repeats"),
        ],
    )
    def test_bad_days_refused(self, numbers: tuple[int, ...], message: str) -> None:
        """Empty, day 0, decreasing or repeated days are refused, naming ``days``."""
        with pytest.raises(ValidationError) as caught:
            OnDays(days=numbers)
        assert [p.path for p in caught.value.problems] == ["days"]
        assert message in caught.value.problems[0].message

    def test_zero_times_per_day_refused(self) -> None:
        """At least one administration a day."""
        with pytest.raises(ValidationError) as caught:
            OnDays(days=(1,), times_per_day=0)
        assert [p.path for p in caught.value.problems] == ["times_per_day"]

    def test_describe(self) -> None:
        """Runs of days are shortened; several times a day is said."""
        assert OnDays(days=(3,)).describe() == "day 3"
        assert OnDays(days=(1, 8, 15)).describe() == "days 1, 8, 15"
        assert OnDays(days=(1, 2, 3, 4, 11, 12, 13, 14)).describe() == "days 1-4, 11-14"
        assert OnDays(days=(1, 3, 4, 5)).describe() == "days 1, 3-5"
        assert OnDays(days=(1, 2, 3), times_per_day=2).describe() == "days 1-3, 2 times a day"


class TestEveryDay:
    """Every day of the period."""

    def test_across_year_end(self) -> None:
        """Three days from 30 Dec 2024: 30 Dec, 31 Dec, 1 Jan."""
        assert expand(EveryDay(), date(2024, 12, 30), 3) == [
            (1, date(2024, 12, 30)),
            (2, date(2024, 12, 31)),
            (3, date(2025, 1, 1)),
        ]

    def test_length(self) -> None:
        """28 days from 1 Feb 2024 end on 28 Feb; 29 days reach the leap day."""
        assert expand(EveryDay(), date(2024, 2, 1), 28)[-1] == (28, date(2024, 2, 28))
        assert expand(EveryDay(), date(2024, 2, 1), 29)[-1] == (29, date(2024, 2, 29))

    def test_describe(self) -> None:
        """Texts with and without several times a day."""
        assert EveryDay().describe() == "every day"
        assert EveryDay(times_per_day=2).describe() == "every day, 2 times a day"


class TestEveryNDays:
    """Day 1 and every n days."""

    def test_weekly_across_leap_day(self) -> None:
        """Weekly over 28 days from 26 Feb 2024: days 1, 8, 15, 22."""
        assert expand(EveryNDays(interval=7), date(2024, 2, 26), 28) == [
            (1, date(2024, 2, 26)),
            (8, date(2024, 3, 4)),
            (15, date(2024, 3, 11)),
            (22, date(2024, 3, 18)),
        ]

    @pytest.mark.parametrize(("length", "last"), [(21, 15), (22, 22), (23, 22)])
    def test_period_end(self, length: int, last: int) -> None:
        """Day 22 is included in a 22-day period but not a 21-day one."""
        assert expand(EveryNDays(interval=7), date(2024, 1, 1), length)[-1][0] == last

    def test_describe(self) -> None:
        """Text."""
        assert EveryNDays(interval=7).describe() == "every 7 days"

    def test_zero_interval_refused(self) -> None:
        """An interval of 0 is refused, naming ``interval``."""
        with pytest.raises(ValidationError) as caught:
            EveryNDays(interval=0)
        assert [p.path for p in caught.value.problems] == ["interval"]


SATURDAY = date(2024, 2, 24)

#: 12 weekdays from Saturday 24 Feb 2024: Mon 26 Feb to Tue 12 Mar, through the leap day.
TWELVE_WEEKDAYS = [
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


class TestWeekdays:
    """Consecutive weekdays (radiotherapy fractions)."""

    def test_starting_on_a_saturday(self) -> None:
        """The first fraction is the following Monday; 12 fractions skip two weekends."""
        assert SATURDAY.weekday() == 5
        assert expand(Weekdays(count=12), SATURDAY, 18) == TWELVE_WEEKDAYS

    def test_starting_on_a_monday(self) -> None:
        """From a Monday: days 1-5, 8-12, 15-16."""
        found = [day for day, _ in expand(Weekdays(count=12), date(2024, 3, 4), 16)]
        assert found == [1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16]

    def test_no_weekend_dates(self) -> None:
        """No fraction falls on a Saturday or Sunday."""
        assert all(when.weekday() < 5 for _, when in expand(Weekdays(count=12), SATURDAY, 18))

    def test_beyond_the_period_refused(self) -> None:
        """From a Saturday, the 12th fraction is day 18: a 17-day period is too short."""
        with pytest.raises(ValidationError, match="day 18, beyond a 17-day period"):
            expand(Weekdays(count=12), SATURDAY, 17)

    def test_last_day(self) -> None:
        """The cycle day of the last fraction depends on the weekday of day 1."""
        assert Weekdays(count=12).last_day(SATURDAY) == 18
        assert Weekdays(count=12).last_day(date(2024, 3, 4)) == 16
        assert Weekdays(count=1).last_day(date(2024, 3, 3)) == 2

    def test_describe(self) -> None:
        """Text."""
        assert Weekdays(count=12).describe() == "12 weekdays, Monday to Friday"


class TestNotScheduled:
    """A schedule the sources do not give."""

    def test_expand_refused(self) -> None:
        """Expanding it is refused with ValidationError naming ``schedule`` and the reason."""
        with pytest.raises(ValidationError) as caught:
            expand(NotScheduled(reason="days not stated"), date(2024, 1, 1), 28)
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("schedule", "schedule not stated (days not stated)")
        ]

    def test_needs_reason(self) -> None:
        """A blank reason is refused."""
        with pytest.raises(ValidationError):
            NotScheduled(reason="")


# --- the regimen model ----------------------------------------------------------------------


def _component(
    name: str, rule: DoseRule | None = None, schedule: Schedule | None = None
) -> Component:
    return Component(
        name=name,
        agent=Agent.CYTARABINE,
        rule=rule if rule is not None else PerArea(dose=DosePerArea(1, "g/m2")),
        schedule=schedule if schedule is not None else OnDays(days=(1,)),
        route=Route.INTRAVENOUS,
    )


class TestRegimenModel:
    """Components, cycle definitions, regimens and availability."""

    def test_duplicate_component_names_refused(self) -> None:
        """Two components with one name in a definition are refused."""
        with pytest.raises(ValidationError) as caught:
            CycleDefinition(label="x", components=(_component("a"), _component("a")))
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("components", "must have distinct names")
        ]

    def test_empty_definition_refused(self) -> None:
        """A definition without components is refused."""
        with pytest.raises(ValidationError) as caught:
            CycleDefinition(label="x", components=())
        assert [p.path for p in caught.value.problems] == ["components"]

    def test_applies_to(self) -> None:
        """A definition for cycles (2, 3) covers 2 and 3 only; one without cycles covers all."""
        some = CycleDefinition(label="x", components=(_component("a"),), cycles=(2, 3))
        every = CycleDefinition(label="y", components=(_component("a"),))
        assert [some.applies_to(n) for n in (1, 2, 3, 4)] == [False, True, True, False]
        assert every.applies_to(99)

    @pytest.mark.parametrize("bad", ["Hyper-CVAD", "1abc", "hyper cvad", ""])
    def test_id_must_be_snake_case(self, bad: str) -> None:
        """A regimen id must be a snake_case identifier."""
        with pytest.raises(ValidationError) as caught:
            Regimen(
                id=bad,
                name="x",
                definitions=(CycleDefinition(label="x", components=(_component("a"),)),),
                citations=("ref",),
            )
        assert "id" in [p.path for p in caught.value.problems]

    def test_citations_required(self) -> None:
        """A regimen without citations is refused."""
        with pytest.raises(ValidationError) as caught:
            Regimen(
                id="x",
                name="x",
                definitions=(CycleDefinition(label="x", components=(_component("a"),)),),
                citations=(),
            )
        assert [p.path for p in caught.value.problems] == ["citations"]

    def test_variants_and_definitions_for(self) -> None:
        """Inotuzumab: cycle 1 has one definition, cycle 2 one per response variant."""
        ino = get_regimen("inotuzumab_ozogamicin")
        assert ino.variants == ("cr_or_cri", "no_cr")
        assert len(ino.definitions_for(1)) == 1
        assert [d.variant for d in ino.definitions_for(2)] == ["cr_or_cri", "no_cr"]
        assert [d.variant for d in ino.definitions_for(3)] == ["cr_or_cri", "no_cr"]
        for cycle in (4, 5, 6):
            assert [d.variant for d in ino.definitions_for(cycle)] == ["cr_or_cri"]

    def test_stop_reason_needs_cycles(self) -> None:
        """A definition for every cycle cannot say why it stops; a blank reason is refused."""
        with pytest.raises(ValidationError) as caught:
            CycleDefinition(label="x", components=(_component("a"),), stop_reason="stop")
        assert [p.path for p in caught.value.problems] == ["stop_reason"]
        with pytest.raises(ValidationError) as blank:
            CycleDefinition(label="x", components=(_component("a"),), cycles=(2,), stop_reason="")
        assert [p.path for p in blank.value.problems] == ["stop_reason"]
        kept = CycleDefinition(
            label="x", components=(_component("a"),), cycles=(2,), stop_reason="stop"
        )
        assert kept.stop_reason == "stop"

    def test_component_complete(self) -> None:
        """A component is complete only with both a stated dose and a stated schedule."""
        assert _component("a").complete
        assert not _component("a", rule=NotStated(reason="x")).complete
        assert not _component("a", schedule=NotScheduled(reason="x")).complete

    @pytest.mark.parametrize(
        ("day", "available"),
        [(date(2022, 5, 1), True), (date(2022, 5, 2), False), (date(2022, 5, 3), False)],
    )
    def test_availability(self, day: date, available: bool) -> None:
        """Available up to the day before withdrawal, not on or after it."""
        assert Availability(withdrawn_on=date(2022, 5, 2)).available_on(day) is available

    def test_available_without_withdrawal(self) -> None:
        """A regimen never withdrawn is always available."""
        assert Availability().available_on(date(2100, 1, 1))

    def test_radiation_course(self) -> None:
        """24 Gy in 12 fractions is 2 Gy each; the component gives weekday fractions."""
        course = RadiationCourse(total=AbsorbedDose(24, "Gy"), fractions=12)
        assert course.per_fraction == AbsorbedDose(2, "Gy")
        component = course.component("rt")
        assert component.route is Route.RADIOTHERAPY
        assert component.agent is None
        assert component.schedule == Weekdays(count=12)
        assert component.rule == RadiationFraction(dose=AbsorbedDose(2, "Gy"))

    def test_radiation_course_needs_a_fraction(self) -> None:
        """Zero fractions are refused."""
        with pytest.raises(ValidationError) as caught:
            RadiationCourse(total=AbsorbedDose(2400, "cGy"), fractions=0)
        assert [p.path for p in caught.value.problems] == ["fractions"]
