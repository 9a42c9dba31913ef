"""The regimens the review names, with their doses and schedules, as data.

Each regimen cites, by source id, the review's references and sections and, for doses the
review does not give, the label section or other source they come from (``review-ref-41``,
``label-us-blincyto-dosage``, ``web-pmc-hypercvad-table``). Where no source gives a dose
or a day, the component says so
(:class:`~allmodel.clinical.regimens.NotStated`,
:class:`~allmodel.clinical.regimens.NotScheduled`) instead of guessing, and planning it
needs ``allow_incomplete=True``.

Look regimens up with :func:`get_regimen` or iterate :data:`REGIMENS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from allmodel.clinical.regimens._dosing import (
    AgeBand,
    AgeBanded,
    CellsPerBodyMass,
    DoseRule,
    Flat,
    FlatCells,
    FlatPerDay,
    NotStated,
    PerArea,
    PerAreaPerDay,
    WeightBand,
    WeightBanded,
)
from allmodel.clinical.regimens._model import (
    Availability,
    Component,
    CycleDefinition,
    RadiationCourse,
    Regimen,
    Route,
)
from allmodel.clinical.regimens._schedule import EveryDay, EveryNDays, NotScheduled, OnDays
from allmodel.errors import PlanningError
from allmodel.measures import (
    AbsorbedDose,
    CellCount,
    CellsPerMass,
    DosePerArea,
    DoseRate,
    DoseRatePerArea,
    Mass,
)
from allmodel.model._agents import Agent

__all__ = [
    "CRANIAL_IRRADIATION",
    "LIPOSOMAL_CYTARABINE_DISCONTINUED",
    "LIPOSOMAL_VINCRISTINE_WITHDRAWN",
    "REGIMENS",
    "get_regimen",
]

#: FDA withdrawal of liposomal vincristine (Marqibo) effective 2 May 2022 (review: "withdrawn
#: from the market in May 2022", review-liposomal-vincristine; the Federal Register notice,
#: web-federalregister-marqibo-withdrawal).
LIPOSOMAL_VINCRISTINE_WITHDRAWN = date(2022, 5, 2)

#: Production of liposomal cytarabine (DepoCyt/DepoCyte) permanently discontinued, as the
#: manufacturer notified FDA and EMA on 29 June 2017 (web-fdanews-depocyt-discontinuation).
#: The review still says it "has also been approved"; the product has not been available
#: since.
LIPOSOMAL_CYTARABINE_DISCONTINUED = date(2017, 6, 29)

#: Cranial irradiation for CNS involvement: 2400 cGy to the whole cranium in 12 doses
#: (review-central-nervous-system-involvement; review-ref-57), i.e. 200 cGy per fraction;
#: the referenced paper itself was not checked.
CRANIAL_IRRADIATION = RadiationCourse(total=AbsorbedDose(2400, "cGy"), fractions=12)


def _per_m2(value: float, unit: str = "mg/m2") -> PerArea:
    return PerArea(dose=DosePerArea(value, unit))


def _days(first: int, last: int) -> OnDays:
    return OnDays(days=tuple(range(first, last + 1)))


def _iv(  # noqa: PLR0917  (catalogue rows read best positionally)
    name: str,
    agent: Agent,
    rule: DoseRule,
    days: OnDays,
    infusion: str | None = None,
    note: str | None = None,
) -> Component:
    return Component(
        name=name,
        agent=agent,
        rule=rule,
        schedule=days,
        route=Route.INTRAVENOUS,
        infusion=infusion,
        note=note,
    )


def _blinatumomab_band(flat_ug_day: float, per_m2_ug_day: float) -> WeightBanded:
    """Blinatumomab: flat daily dose at >= 45 kg; per m2 with the flat dose as cap below."""
    return WeightBanded(
        bands=(
            WeightBand(rule=FlatPerDay(rate=DoseRate(flat_ug_day, "ug/day")), low_kg=45),
            WeightBand(
                rule=PerAreaPerDay(
                    rate=DoseRatePerArea(per_m2_ug_day, "ug/m2/day"),
                    cap=DoseRate(flat_ug_day, "ug/day"),
                ),
                high_kg=45,
                high_inclusive=False,
            ),
        )
    )


def _blinatumomab(name: str, rule: WeightBanded, days: OnDays) -> Component:
    return Component(
        name=name,
        agent=Agent.BLINATUMOMAB,
        rule=rule,
        schedule=days,
        route=Route.CONTINUOUS_INTRAVENOUS,
        infusion="continuous infusion",
    )


_BLINA_FULL = _blinatumomab_band(28, 15)

BLINATUMOMAB_RR = Regimen(
    id="blinatumomab_rr",
    name="Blinatumomab for relapsed or refractory B-ALL",
    definitions=(
        CycleDefinition(
            label="cycle 1 (dose step-up)",
            cycles=(1,),
            length_days=42,
            components=(
                _blinatumomab("blinatumomab (days 1-7)", _blinatumomab_band(9, 5), _days(1, 7)),
                _blinatumomab("blinatumomab (days 8-28)", _BLINA_FULL, _days(8, 28)),
            ),
        ),
        CycleDefinition(
            label="cycles 2-5 (induction and consolidation)",
            cycles=(2, 3, 4, 5),
            length_days=42,
            components=(_blinatumomab("blinatumomab", _BLINA_FULL, _days(1, 28)),),
        ),
        CycleDefinition(
            label="cycles 6-9 (continued therapy, every 12 weeks)",
            cycles=(6, 7, 8, 9),
            length_days=84,
            components=(_blinatumomab("blinatumomab", _BLINA_FULL, _days(1, 28)),),
        ),
    ),
    max_cycles=9,
    citations=("review-ref-7", "review-ref-21", "review-blinatumomab", "label-us-blincyto-dosage"),
    notes=(
        "4 weeks of continuous infusion, 2 weeks off; maintenance 4 weeks every 12"
        " [review-blinatumomab].",
        "Doses capped at 9 and 28 ug/day below 45 kg [label-us-blincyto-dosage].",
        "Up to 2 induction and 3 consolidation cycles, then up to 4 continued-therapy"
        " cycles (US label).",
        "Hospitalisation and dexamethasone premedication are required around the start (label).",
    ),
)

BLINATUMOMAB_MRD = Regimen(
    id="blinatumomab_mrd",
    name="Blinatumomab for MRD-positive B-ALL in remission",
    definitions=(
        CycleDefinition(
            label="cycles 1-4 (1 induction, up to 3 consolidation)",
            cycles=(1, 2, 3, 4),
            length_days=42,
            components=(_blinatumomab("blinatumomab", _BLINA_FULL, _days(1, 28)),),
        ),
    ),
    max_cycles=4,
    citations=("review-ref-19", "review-ref-20", "label-us-blincyto-dosage"),
    notes=("MRD-positive dosing of the US label [label-us-blincyto-dosage].",),
)


def _ino(name: str, mg_m2: float, days: tuple[int, ...]) -> Component:
    return _iv(name, Agent.INOTUZUMAB_OZOGAMICIN, _per_m2(mg_m2), OnDays(days=days))


INOTUZUMAB_OZOGAMICIN = Regimen(
    id="inotuzumab_ozogamicin",
    name="Inotuzumab ozogamicin",
    definitions=(
        CycleDefinition(
            label="cycle 1",
            cycles=(1,),
            length_days=21,
            components=(
                _ino("inotuzumab ozogamicin (day 1)", 0.8, (1,)),
                _ino("inotuzumab ozogamicin (days 8, 15)", 0.5, (8, 15)),
            ),
        ),
        CycleDefinition(
            label="cycles 2-6 after CR or CRi",
            cycles=(2, 3, 4, 5, 6),
            length_days=28,
            variant="cr_or_cri",
            components=(_ino("inotuzumab ozogamicin", 0.5, (1, 8, 15)),),
        ),
        CycleDefinition(
            label="cycles 2-3 without CR or CRi",
            cycles=(2, 3),
            length_days=28,
            variant="no_cr",
            stop_reason="discontinue if there is no CR or CRi within 3 cycles"
            " (label-us-besponsa-dosage)",
            components=(
                _ino("inotuzumab ozogamicin (day 1)", 0.8, (1,)),
                _ino("inotuzumab ozogamicin (days 8, 15)", 0.5, (8, 15)),
            ),
        ),
    ),
    max_cycles=6,
    citations=("review-ref-10", "review-ref-22", "review-ref-25", "label-us-besponsa-dosage"),
    notes=(
        "Cycle 1 may be extended to 28 days after CR/CRi or to recover from toxicity.",
        "Stop if no CR/CRi within 3 cycles, so cycles 4-6 are planned only after CR/CRi;"
        " 2 cycles are advised before a transplant (label).",
        "Hepatotoxicity including sinusoidal obstruction syndrome: 11 % vs 1 % in INO-VATE"
        " [review-ref-10].",
    ),
)

_HIDAC = _iv("cytarabine", Agent.CYTARABINE, _per_m2(3, "g/m2"), _days(1, 5), "over 3 hours")

CYTARABINE_IDARUBICIN = Regimen(
    id="cytarabine_idarubicin",
    name="High-dose cytarabine with a single high dose of idarubicin",
    definitions=(
        CycleDefinition(
            label="induction course",
            components=(
                _HIDAC,
                _iv("idarubicin", Agent.IDARUBICIN, _per_m2(40), OnDays(days=(3,))),
            ),
        ),
    ),
    max_cycles=1,
    citations=("review-ref-41", "review-cytarabine-based-regimens"),
    notes=("11 of 29 adults (38 %) reached CR [review-ref-41].",),
)

CYTARABINE_MITOXANTRONE = Regimen(
    id="cytarabine_mitoxantrone",
    name="High-dose cytarabine with high-dose mitoxantrone",
    definitions=(
        CycleDefinition(
            label="induction course",
            components=(
                _HIDAC,
                Component(
                    name="mitoxantrone",
                    agent=Agent.MITOXANTRONE,
                    rule=_per_m2(80),
                    schedule=NotScheduled(
                        reason="the review gives the dose but not the day (review-ref-38)"
                    ),
                    route=Route.INTRAVENOUS,
                ),
            ),
        ),
    ),
    max_cycles=1,
    citations=("review-ref-38", "review-cytarabine-based-regimens"),
    notes=("Judged insufficiently active (23 % CR) [review-ref-38].",),
)

_CLOFARABINE_40 = _iv("clofarabine", Agent.CLOFARABINE, _per_m2(40), _days(1, 5))

CLOFARABINE_40 = Regimen(
    id="clofarabine_40",
    name="Clofarabine 40 mg/m2 daily for 5 days",
    definitions=(CycleDefinition(label="course", components=(_CLOFARABINE_40,)),),
    citations=("review-ref-44", "review-ref-45", "review-clofarabine"),
    notes=("About 17 % overall response in 25 adults [review-ref-44] [review-ref-45].",),
)

CLOFARABINE_52 = Regimen(
    id="clofarabine_52",
    name="Clofarabine 52 mg/m2 daily for 5 days",
    definitions=(
        CycleDefinition(
            label="course",
            components=(
                _iv("clofarabine", Agent.CLOFARABINE, _per_m2(52), _days(1, 5), "over 2 hours"),
            ),
        ),
    ),
    citations=(
        "review-ref-47",
        "label-us-clolar-dosage",
        "label-us-clolar-overdosage",
        "label-eu-evoltra-dosage",
    ),
    notes=(
        "The pediatric label dose, repeated every 2-6 weeks [label-us-clolar-dosage]; the"
        " label reports it was not tolerated in an adult phase 1 study"
        " [label-us-clolar-overdosage].",
        "EU label: compute BSA from actual height and weight before each cycle"
        " [label-eu-evoltra-dosage].",
    ),
)

CLOFARABINE_CYTARABINE = Regimen(
    id="clofarabine_cytarabine",
    name="Clofarabine with cytarabine",
    definitions=(
        CycleDefinition(
            label="course",
            components=(
                _CLOFARABINE_40,
                _iv("cytarabine", Agent.CYTARABINE, _per_m2(1, "g/m2"), _days(1, 5)),
            ),
        ),
    ),
    citations=("review-ref-46", "review-clofarabine"),
    notes=("The SWOG S0530 schedule as the review gives it [review-ref-46].",),
)

NELARABINE_ADULT = Regimen(
    id="nelarabine_adult",
    name="Nelarabine, adult schedule",
    definitions=(
        CycleDefinition(
            label="cycle",
            length_days=21,
            components=(
                _iv(
                    "nelarabine",
                    Agent.NELARABINE,
                    _per_m2(1500),
                    OnDays(days=(1, 3, 5)),
                    "over 2 hours",
                ),
            ),
        ),
    ),
    citations=(
        "review-ref-48",
        "review-ref-49",
        "review-ref-50",
        "review-ref-51",
        "review-ref-52",
        "label-us-arranon-dosage",
        "label-eu-atriance-dosage",
    ),
    notes=("Stop for neurologic adverse reactions of grade 2 or more (label boxed warning).",),
)

NELARABINE_PEDIATRIC = Regimen(
    id="nelarabine_pediatric",
    name="Nelarabine, pediatric schedule",
    definitions=(
        CycleDefinition(
            label="cycle",
            length_days=21,
            components=(
                _iv("nelarabine", Agent.NELARABINE, _per_m2(650), _days(1, 5), "over 1 hour"),
            ),
        ),
    ),
    citations=(
        "review-ref-48",
        "review-ref-49",
        "review-ref-50",
        "review-ref-51",
        "review-ref-52",
        "label-us-arranon-dosage",
        "label-eu-atriance-dosage",
    ),
    notes=("EU label: ages 16-21 may receive either schedule [label-eu-atriance-dosage].",),
)


def _oral_daily(name: str, agent: Agent, mg: float, times: int = 1) -> Component:
    return Component(
        name=name,
        agent=agent,
        rule=Flat(dose=Mass(mg, "mg")),
        schedule=EveryDay(times_per_day=times),
        route=Route.ORAL,
    )


DASATINIB_70_TWICE_DAILY = Regimen(
    id="dasatinib_70_twice_daily",
    name="Dasatinib 70 mg twice daily",
    definitions=(
        CycleDefinition(
            label="continuous", components=(_oral_daily("dasatinib", Agent.DASATINIB, 70, 2),)
        ),
    ),
    citations=("review-ref-53", "review-philadelphia-chromosome-positive-all"),
)

DASATINIB_140_DAILY = Regimen(
    id="dasatinib_140_daily",
    name="Dasatinib 140 mg once daily",
    definitions=(
        CycleDefinition(
            label="continuous", components=(_oral_daily("dasatinib", Agent.DASATINIB, 140),)
        ),
    ),
    citations=("review-ref-54", "label-us-sprycel-dosage"),
)

PONATINIB_45_DAILY = Regimen(
    id="ponatinib_45_daily",
    name="Ponatinib 45 mg once daily",
    definitions=(
        CycleDefinition(
            label="continuous", components=(_oral_daily("ponatinib", Agent.PONATINIB, 45),)
        ),
    ),
    citations=("review-ref-55", "label-us-iclusig"),
    notes=(
        "The US label's starting dose [label-us-iclusig].",
        "The only TKI with substantial activity against BCR-ABL1 T315I"
        " [review-philadelphia-chromosome-positive-all].",
    ),
)

_DASATINIB_IN_HYPERCVAD = Component(
    name="dasatinib",
    agent=Agent.DASATINIB,
    rule=NotStated(reason="the dasatinib dose within the regimen of review-ref-56 is unconfirmed"),
    schedule=NotScheduled(reason="not stated in the sources read"),
    route=Route.ORAL,
)

HYPERCVAD_DASATINIB = Regimen(
    id="hypercvad_dasatinib",
    name="Hyper-CVAD with dasatinib",
    definitions=(
        CycleDefinition(
            label="course A (hyper-CVAD)",
            cycles=(1, 3, 5, 7),
            length_days=21,
            components=(
                Component(
                    name="cyclophosphamide",
                    agent=Agent.CYCLOPHOSPHAMIDE,
                    rule=_per_m2(300),
                    schedule=OnDays(days=(1, 2, 3), times_per_day=2),
                    route=Route.INTRAVENOUS,
                    infusion="over 2-3 hours every 12 hours",
                    note="with mesna 600 mg/m2/day",
                ),
                _iv(
                    "vincristine",
                    Agent.VINCRISTINE,
                    Flat(dose=Mass(2, "mg")),
                    OnDays(days=(4, 11)),
                    note="2 mg flat is the protocol's convention; one modified table gives"
                    " days 1 and 11",
                ),
                _iv(
                    "doxorubicin",
                    Agent.DOXORUBICIN,
                    _per_m2(50),
                    OnDays(days=(4,)),
                    "over 24 hours",
                ),
                Component(
                    name="dexamethasone",
                    agent=Agent.DEXAMETHASONE,
                    rule=Flat(dose=Mass(40, "mg")),
                    schedule=OnDays(days=(1, 2, 3, 4, 11, 12, 13, 14)),
                    route=Route.ORAL,
                    note="oral or intravenous",
                ),
                _DASATINIB_IN_HYPERCVAD,
            ),
        ),
        CycleDefinition(
            label="course B (methotrexate and cytarabine)",
            cycles=(2, 4, 6, 8),
            length_days=21,
            components=(
                _iv(
                    "methotrexate (loading)",
                    Agent.METHOTREXATE,
                    _per_m2(200),
                    OnDays(days=(1,)),
                    "over 2 hours",
                ),
                _iv(
                    "methotrexate (infusion)",
                    Agent.METHOTREXATE,
                    _per_m2(800),
                    OnDays(days=(1,)),
                    "over 22-24 hours",
                    note="with leucovorin rescue",
                ),
                Component(
                    name="cytarabine",
                    agent=Agent.CYTARABINE,
                    rule=AgeBanded(
                        bands=(
                            AgeBand(rule=_per_m2(3, "g/m2"), high_years=59),
                            AgeBand(rule=_per_m2(1, "g/m2"), low_years=60),
                        )
                    ),
                    schedule=OnDays(days=(2, 3), times_per_day=2),
                    route=Route.INTRAVENOUS,
                    infusion="over 2 hours every 12 hours",
                ),
                Component(
                    name="methylprednisolone",
                    agent=Agent.METHYLPREDNISOLONE,
                    rule=Flat(dose=Mass(50, "mg")),
                    schedule=OnDays(days=(1, 2, 3), times_per_day=2),
                    route=Route.INTRAVENOUS,
                ),
                _DASATINIB_IN_HYPERCVAD,
            ),
        ),
    ),
    max_cycles=8,
    citations=("review-ref-56", "web-pmc-hypercvad-table"),
    notes=("Intrathecal prophylaxis is part of hyper-CVAD and is not planned here.",),
)

IFOSFAMIDE_ETOPOSIDE_DEXAMETHASONE = Regimen(
    id="ifosfamide_etoposide_dexamethasone",
    name="Ifosfamide, etoposide and dexamethasone",
    definitions=(
        CycleDefinition(
            label="course",
            length_days=28,
            components=(
                _iv(
                    "ifosfamide",
                    Agent.IFOSFAMIDE,
                    _per_m2(1.8, "g/m2"),
                    _days(1, 5),
                    note="with mesna",
                ),
                _iv("etoposide", Agent.ETOPOSIDE, _per_m2(100), _days(1, 5)),
                Component(
                    name="dexamethasone",
                    agent=Agent.DEXAMETHASONE,
                    rule=NotStated(reason="no source read gives the dexamethasone dose"),
                    schedule=NotScheduled(reason="no source gives the days"),
                    route=Route.ORAL,
                ),
            ),
        ),
    ),
    citations=("review-alkylating-agents", "web-scilit-ifosfamide-etoposide-childhood-all"),
    notes=(
        "The review calls the evidence anecdotal, based on pediatric experience, and gives"
        " no doses [review-alkylating-agents].",
        "The only schedule found is pediatric (a phase II ifosfamide and etoposide"
        " schedule) [web-scilit-ifosfamide-etoposide-childhood-all]; no adult schedule is"
        " confirmed.",
    ),
)

TISAGENLECLEUCEL = Regimen(
    id="tisagenlecleucel",
    name="Tisagenlecleucel (CD19 CAR T cells)",
    definitions=(
        CycleDefinition(
            label="single infusion",
            components=(
                _iv(
                    "tisagenlecleucel",
                    Agent.TISAGENLECLEUCEL,
                    WeightBanded(
                        bands=(
                            WeightBand(
                                rule=CellsPerBodyMass(
                                    low=CellsPerMass(0.2, "10^6 cells/kg"),
                                    high=CellsPerMass(5.0, "10^6 cells/kg"),
                                ),
                                high_kg=50,
                                high_inclusive=True,
                            ),
                            WeightBand(
                                rule=FlatCells(
                                    low=CellCount(0.1, "10^8 cells"),
                                    high=CellCount(2.5, "10^8 cells"),
                                ),
                                low_kg=50,
                                low_inclusive=False,
                            ),
                        )
                    ),
                    OnDays(days=(1,)),
                    note="CAR-positive viable T cells; infuse 2-14 days after lymphodepletion",
                ),
            ),
        ),
    ),
    max_cycles=1,
    citations=("review-ref-11", "label-us-kymriah-dosage"),
    notes=(
        "Lymphodepletion (secondary source): fludarabine 30 mg/m2 daily x4 and"
        " cyclophosphamide 500 mg/m2 daily x2.",
        "Certified centres only (REMS); tocilizumab must be on site.",
    ),
)

BREXUCABTAGENE_AUTOLEUCEL = Regimen(
    id="brexucabtagene_autoleucel",
    name="Brexucabtagene autoleucel (CD19 CAR T cells)",
    definitions=(
        CycleDefinition(
            label="single infusion",
            components=(
                _iv(
                    "brexucabtagene autoleucel",
                    Agent.BREXUCABTAGENE_AUTOLEUCEL,
                    CellsPerBodyMass(
                        low=CellsPerMass(1, "10^6 cells/kg"), cap=CellCount(1, "10^8 cells")
                    ),
                    OnDays(days=(1,)),
                    note="CAR-positive viable T cells, after fludarabine and cyclophosphamide",
                ),
            ),
        ),
    ),
    max_cycles=1,
    citations=("review-ref-34", "review-ref-36", "review-ref-37", "label-us-tecartus-dosage"),
    notes=("US dose for ALL, at most 1 x 10^8 cells [label-us-tecartus-dosage].",),
)

CNS_IRRADIATION_INTRATHECAL_METHOTREXATE = Regimen(
    id="cranial_irradiation_intrathecal_methotrexate",
    name="Cranial irradiation with intrathecal methotrexate",
    definitions=(
        CycleDefinition(
            label="course",
            components=(
                CRANIAL_IRRADIATION.component(
                    "cranial irradiation",
                    note="fractions on consecutive weekdays is a scheduling convention,"
                    " not a review fact",
                ),
                Component(
                    name="intrathecal methotrexate",
                    agent=Agent.METHOTREXATE,
                    rule=NotStated(
                        reason="the review asks for at least six doses but gives no dose"
                    ),
                    schedule=NotScheduled(reason="at least six doses; days not stated"),
                    route=Route.INTRATHECAL,
                ),
            ),
        ),
    ),
    max_cycles=1,
    citations=("review-ref-57", "review-central-nervous-system-involvement"),
)

INTRATHECAL_RITUXIMAB = Regimen(
    id="intrathecal_rituximab",
    name="Intrathecal rituximab",
    definitions=(
        CycleDefinition(
            label="course",
            components=(
                Component(
                    name="intrathecal rituximab",
                    agent=Agent.RITUXIMAB,
                    rule=NotStated(
                        reason="very preliminary data; the review gives no dose (review-ref-58)"
                    ),
                    schedule=NotScheduled(reason="not stated"),
                    route=Route.INTRATHECAL,
                ),
            ),
        ),
    ),
    citations=("review-ref-58",),
)

LIPOSOMAL_CYTARABINE_INTRATHECAL = Regimen(
    id="liposomal_cytarabine_intrathecal",
    name="Liposomal cytarabine, intrathecal",
    definitions=(
        CycleDefinition(
            label="course",
            components=(
                Component(
                    name="liposomal cytarabine",
                    agent=Agent.LIPOSOMAL_CYTARABINE,
                    rule=NotStated(reason="no dose in the review"),
                    schedule=NotScheduled(reason="not stated"),
                    route=Route.INTRATHECAL,
                ),
            ),
        ),
    ),
    availability=Availability(
        withdrawn_on=LIPOSOMAL_CYTARABINE_DISCONTINUED,
        reason="production permanently discontinued (manufacturer notice, 2017-06-29)",
    ),
    citations=(
        "review-ref-57",
        "review-central-nervous-system-involvement",
        "web-fdanews-depocyt-discontinuation",
    ),
)

LIPOSOMAL_VINCRISTINE = Regimen(
    id="liposomal_vincristine",
    name="Liposomal vincristine",
    definitions=(
        CycleDefinition(
            label="weekly",
            components=(
                Component(
                    name="liposomal vincristine",
                    agent=Agent.LIPOSOMAL_VINCRISTINE,
                    rule=_per_m2(2.25),
                    schedule=EveryNDays(interval=7),
                    route=Route.INTRAVENOUS,
                    infusion="over 1 hour",
                ),
            ),
        ),
    ),
    availability=Availability(
        withdrawn_on=LIPOSOMAL_VINCRISTINE_WITHDRAWN,
        reason="FDA approval withdrawn, effective 2022-05-02",
    ),
    citations=(
        "review-t-cell-all",
        "review-liposomal-vincristine",
        "label-us-marqibo-dosage",
        "web-federalregister-marqibo-withdrawal",
    ),
)

#: Every regimen by id.
REGIMENS: Mapping[str, Regimen] = {
    regimen.id: regimen
    for regimen in (
        BLINATUMOMAB_RR,
        BLINATUMOMAB_MRD,
        INOTUZUMAB_OZOGAMICIN,
        CYTARABINE_IDARUBICIN,
        CYTARABINE_MITOXANTRONE,
        CLOFARABINE_40,
        CLOFARABINE_52,
        CLOFARABINE_CYTARABINE,
        NELARABINE_ADULT,
        NELARABINE_PEDIATRIC,
        DASATINIB_70_TWICE_DAILY,
        DASATINIB_140_DAILY,
        PONATINIB_45_DAILY,
        HYPERCVAD_DASATINIB,
        IFOSFAMIDE_ETOPOSIDE_DEXAMETHASONE,
        TISAGENLECLEUCEL,
        BREXUCABTAGENE_AUTOLEUCEL,
        CNS_IRRADIATION_INTRATHECAL_METHOTREXATE,
        INTRATHECAL_RITUXIMAB,
        LIPOSOMAL_CYTARABINE_INTRATHECAL,
        LIPOSOMAL_VINCRISTINE,
    )
}


def get_regimen(regimen_id: str) -> Regimen:
    """The regimen with this id.

    Raises:
        PlanningError: No regimen has this id (the message lists the ids).
    """
    try:
        return REGIMENS[regimen_id]
    except KeyError:
        raise PlanningError(
            f"unknown regimen {regimen_id!r} (known: {', '.join(sorted(REGIMENS))})"
        ) from None
