"""The regimen catalogue as the sources give it, written out by hand for the catalogue tests.

Every expected dose below is written out by hand from the sources: the review (its
reference n is the source ``review-ref-n``) and the label sections and other sources each
regimen cites by source id (``label-us-blincyto-dosage``, ``web-pmc-hypercvad-table``). The
catalogue's rules and schedules are reduced to the same comparable form
(:func:`rule_signature`, :func:`schedule_signature`).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from allmodel.clinical.regimens import (
    AgeBanded,
    CellsPerBodyMass,
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
    RadiationFraction,
    Route,
    Schedule,
    Weekdays,
    WeightBanded,
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

#: Blinatumomab (label-us-blincyto-dosage): >= 45 kg a flat daily dose; < 45 kg per m2 with the
#: flat dose as the daily cap. Step-up 9 ug/day or 5 ug/m2/day (<= 9 ug/day); full dose
#: 28 ug/day or 15 ug/m2/day (<= 28 ug/day).
BLINA_STEP = by_weight(band(flat_day(9), low=45), band(per_m2_day(5, 9), high=45))
BLINA_FULL = by_weight(band(flat_day(28), low=45), band(per_m2_day(15, 28), high=45))

#: Hyper-CVAD with dasatinib: the dasatinib dose within review-ref-56 is unconfirmed.
HCVAD_DASATINIB = Part(Agent.DASATINIB, NOT_STATED, NOT_SCHEDULED, ORAL)

EXPECTED: dict[str, Expected] = {
    "blinatumomab_rr": Expected(
        refs=("review-ref-7", "review-ref-21", "label-us-blincyto-dosage"),
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
        refs=("review-ref-19", "review-ref-20", "label-us-blincyto-dosage"),
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
        refs=("review-ref-10", "review-ref-22", "review-ref-25", "label-us-besponsa-dosage"),
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
        refs=("review-ref-41",),
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
        refs=("review-ref-38",),
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
        refs=("review-ref-44", "review-ref-45"),
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
        refs=("review-ref-47", "label-us-clolar-dosage"),
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
        refs=("review-ref-46",),
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
        refs=("review-ref-48", "label-us-arranon-dosage", "label-eu-atriance-dosage"),
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
        refs=("review-ref-48", "label-us-arranon-dosage", "label-eu-atriance-dosage"),
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
        refs=("review-ref-53",),
        max_cycles=None,
        withdrawn_on=None,
        definitions=(
            Cycles(
                None, None, None, {"dasatinib": Part(Agent.DASATINIB, flat(70), every_day(2), ORAL)}
            ),
        ),
    ),
    "dasatinib_140_daily": Expected(
        refs=("review-ref-54", "label-us-sprycel-dosage"),
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
        refs=("review-ref-55", "label-us-iclusig"),
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
        refs=("review-ref-56", "web-pmc-hypercvad-table"),
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
        refs=("review-alkylating-agents", "web-scilit-ifosfamide-etoposide-childhood-all"),
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
        refs=("review-ref-11", "label-us-kymriah-dosage"),
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
        refs=("review-ref-34", "label-us-tecartus-dosage"),
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
        refs=("review-ref-57", "review-central-nervous-system-involvement"),
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
        refs=("review-ref-58",),
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
        refs=("review-ref-57", "web-fdanews-depocyt-discontinuation"),
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
        refs=("label-us-marqibo-dosage", "web-federalregister-marqibo-withdrawal"),
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
