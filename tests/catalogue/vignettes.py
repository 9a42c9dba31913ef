"""The golden-vignette table shared by every option's tests, and the patients it uses.

Each ``tests/catalogue/test_<option>.py`` holds a table of :class:`Case` rows: a named
vignette (a patient built with ``tests/builders.py`` and the builders below), the
jurisdiction, and the expected screening on :data:`~tests.builders.AS_OF` written by hand
from the sources the option cites (the review, the project's decisions, the drug labels,
the trial archetypes' published entry criteria): the status, and exactly which criteria failed (not
eligible) or which model fields are missing (unknown). :func:`check` screens one row with
the default ruleset and compares all three at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import attrs
import pytest

from allmodel import Agent, MarkerResult, MrdResult, Patient, Remission, Transplant
from allmodel.criteria import JurisdictionCode
from allmodel.dates import add_months
from allmodel.facts import derive_facts, fact_index
from allmodel.model import (
    BestResponse,
    Condition,
    Intent,
    Marker,
    MrdMethod,
    PhStatus,
    RemissionKind,
    Sample,
    StopReason,
    TransplantKind,
    TreatmentLine,
)
from allmodel.report import OptionResult, Status
from allmodel.screening import screen, screen_facts
from tests.builders import AS_OF, adult_in_relapse, failed_ids, line, shifted, with_course

__all__ = [
    "BLINATUMOMAB_NO_RESPONSE",
    "BLINATUMOMAB_RESISTANT",
    "CHEMOTHERAPY_RESISTANT",
    "DASATINIB_RESISTANT",
    "ELIGIBLE",
    "FAILED_SALVAGE",
    "FRONTLINE_AGENTS",
    "FRONTLINE_WITH_IMATINIB",
    "IMATINIB_INTOLERANT",
    "IMATINIB_RESISTANT",
    "INOTUZUMAB_NO_RESPONSE",
    "NOT_ELIGIBLE",
    "PONATINIB_RESISTANT",
    "UNKNOWN",
    "Case",
    "Salvage",
    "aged_at_diagnosis",
    "allogeneic_hct_days_before",
    "blast_patient",
    "check",
    "cr1_one_day_longer",
    "end_initial_therapy_earlier",
    "in_remission",
    "marker",
    "mrd_not_detected",
    "mrd_on",
    "named",
    "never_intensive",
    "ph_positive",
    "primary_refractory",
    "recorded",
    "relapse_after_hct",
    "screened",
    "table",
    "turning_18_on",
    "undetermined_phase",
    "with_line_ending",
    "with_salvage_pending",
]

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN

# --- the table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One golden vignette of an option and the screening it must give.

    Args:
        name: A short name, unique in its table (the old test's name where it came from
            one); with the jurisdiction it is the pytest id.
        text: What the row shows, in the words of the source.
        patient: The vignette.
        status: The expected status.
        jurisdiction: Where the option is screened.
        failed: Exactly the ids :func:`~tests.builders.failed_ids` gives for the failed
            criteria, in tree order (only, and always, for not eligible).
        missing: Exactly the option's missing model fields, in order (only, and always,
            for unknown).
        facts: Derived facts replaced before screening, for cuts no valid record reaches
            (a completed age of 0, three relapses).
    """

    name: str
    text: str
    patient: Patient
    status: Status
    jurisdiction: JurisdictionCode = "US"
    failed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    facts: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if bool(self.failed) is not (self.status is NOT_ELIGIBLE):
            raise ValueError(f"{self.name}: failed ids go with not eligible, and only there")
        if bool(self.missing) is not (self.status is UNKNOWN):
            raise ValueError(f"{self.name}: missing fields go with unknown, and only there")

    @property
    def id(self) -> str:
        """The pytest id: the name and the jurisdiction."""
        return f"{self.name}-{self.jurisdiction}"


def table(cases: Sequence[Case]) -> pytest.MarkDecorator:
    """Parametrize a test over ``cases`` (argument ``case``), one pytest id per row."""
    ids = [case.id for case in cases]
    repeated = sorted({found for found in ids if ids.count(found) > 1})
    if repeated:
        raise ValueError(f"rows named twice: {repeated}")
    return pytest.mark.parametrize("case", cases, ids=ids)


def named(cases: Iterable[Case], name: str, jurisdiction: JurisdictionCode = "US") -> Case:
    """The row of ``cases`` with this name and jurisdiction."""
    (found,) = (c for c in cases if (c.name, c.jurisdiction) == (name, jurisdiction))
    return found


def screened(option: str, case: Case) -> OptionResult:
    """The result of ``option`` for the row's patient, on AS_OF, in its jurisdiction."""
    if not case.facts:
        report = screen(case.patient, as_of=AS_OF, jurisdiction=case.jurisdiction, options=[option])
        return report[option]
    facts = derive_facts(case.patient, as_of=AS_OF)
    lows, highs = list(facts.values), list(facts.upper)
    for name, value in case.facts.items():
        lows[fact_index(name)] = highs[fact_index(name)] = value
    changed = attrs.evolve(facts, values=tuple(lows), upper=tuple(highs))
    return screen_facts(changed, jurisdiction=case.jurisdiction, options=[option])[option]


def check(option: str, case: Case) -> None:
    """Screen the row and assert its status, failed criteria and missing fields exactly."""
    found = screened(option, case)
    got = (found.status, tuple(failed_ids(found.failed)), found.missing)
    assert got == (case.status, case.failed, case.missing), case.text


# --- treatment lines ----------------------------------------------------------------------

Salvage = tuple[Sequence[Agent], BestResponse | None, StopReason | None]

#: The intensive frontline regimen of :func:`~tests.builders.adult_in_relapse` (hyper-CVAD).
FRONTLINE_AGENTS: tuple[Agent, ...] = (
    Agent.CYCLOPHOSPHAMIDE,
    Agent.VINCRISTINE,
    Agent.DOXORUBICIN,
    Agent.DEXAMETHASONE,
    Agent.METHOTREXATE,
    Agent.CYTARABINE,
)
#: A frontline programme with imatinib.
FRONTLINE_WITH_IMATINIB: tuple[Agent, ...] = (
    Agent.CYCLOPHOSPHAMIDE,
    Agent.VINCRISTINE,
    Agent.DOXORUBICIN,
    Agent.DEXAMETHASONE,
    Agent.IMATINIB,
)
#: Salvage lines without response and without a recorded stop reason.
FAILED_SALVAGE: Salvage = ((Agent.CYTARABINE, Agent.IDARUBICIN), BestResponse.NO_RESPONSE, None)
BLINATUMOMAB_NO_RESPONSE: Salvage = ((Agent.BLINATUMOMAB,), BestResponse.NO_RESPONSE, None)
INOTUZUMAB_NO_RESPONSE: Salvage = ((Agent.INOTUZUMAB_OZOGAMICIN,), BestResponse.NO_RESPONSE, None)
#: Salvage lines stopped for resistance (or intolerance).
_RESISTANT = (BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
CHEMOTHERAPY_RESISTANT: Salvage = ((Agent.CYTARABINE, Agent.MITOXANTRONE), *_RESISTANT)
BLINATUMOMAB_RESISTANT: Salvage = ((Agent.BLINATUMOMAB,), *_RESISTANT)
IMATINIB_RESISTANT: Salvage = ((Agent.IMATINIB,), *_RESISTANT)
DASATINIB_RESISTANT: Salvage = ((Agent.DASATINIB,), *_RESISTANT)
PONATINIB_RESISTANT: Salvage = ((Agent.PONATINIB,), *_RESISTANT)
IMATINIB_INTOLERANT: Salvage = ((Agent.IMATINIB,), None, StopReason.INTOLERANCE)

# --- patients -----------------------------------------------------------------------------


def ph_positive(
    failed_tkis: Sequence[Agent] = (),
    *,
    stop: StopReason = StopReason.RESISTANCE,
    t315i: bool | None = False,
    **changes: Any,
) -> Patient:
    """A Ph-positive adult in first relapse whose salvage TKIs each failed in turn."""
    response = BestResponse.NO_RESPONSE if stop is StopReason.RESISTANCE else BestResponse.PR
    salvage: list[Salvage] = [((agent,), response, stop) for agent in failed_tkis]
    return adult_in_relapse(ph=PhStatus.POSITIVE, t315i=t315i, salvage=salvage, **changes)


def in_remission(mrd_level: float | None = None, **changes: Any) -> Patient:
    """An adult in second remission (CR 20 days before AS_OF), MRD 10 days before AS_OF."""
    return adult_in_relapse(in_remission=True, mrd_level=mrd_level, **changes)


def relapse_after_hct(**changes: Any) -> Patient:
    """An adult in first relapse 8 months after an allogeneic HCT in first remission."""
    return adult_in_relapse(allo_hct_months_before_relapse=8, **changes)


def primary_refractory(**changes: Any) -> Patient:
    """An adult whose frontline induction failed (never in remission)."""
    return adult_in_relapse(primary_refractory=True, **changes)


def undetermined_phase() -> Patient:
    """A record whose disease phase cannot be told: induction ongoing, no response yet."""
    start = AS_OF - timedelta(days=20)
    frontline = attrs.evolve(
        adult_in_relapse().course.treatment_lines[0],
        start=start,
        end=None,
        best_response=None,
        stop_reason=None,
    )
    return with_course(
        adult_in_relapse(history_complete=None),
        treatment_lines=(frontline,),
        remissions=(),
        relapses=(),
        transplants=(),
    )


def blast_patient(
    *,
    mrd: float | None = 1e-3,
    marrow_blasts: float = 2,
    anc: float = 1.5,
    platelets: float = 120,
    hemoglobin: float = 11,
    ph: PhStatus = PhStatus.NEGATIVE,
    frontline_cycles: int | None = 8,
) -> Patient:
    """An adult in haematological remission with MRD and recovered counts (BLAST's)."""
    return adult_in_relapse(
        ph=ph,
        frontline_cycles=frontline_cycles,
        in_remission=True,
        mrd_level=mrd,
        lab_overrides={
            "marrow_blasts": marrow_blasts,
            "anc": anc,
            "platelets": platelets,
            "hemoglobin": hemoglobin,
        },
    )


def recorded(*conditions: Condition, present: bool = False) -> dict[Condition, bool]:
    """``conditions`` recorded, all absent (or all present)."""
    return dict.fromkeys(conditions, present)


# --- changes to a patient -----------------------------------------------------------------


def marker(which: Marker, days_before: int, *, positive: bool = True) -> MarkerResult:
    """A CD19 or CD22 result taken ``days_before`` AS_OF (95 % or 1 % of blasts)."""
    return MarkerResult(
        marker=which,
        date=AS_OF - timedelta(days=days_before),
        percent_positive=95 if positive else 1,
        positive=positive,
    )


def end_initial_therapy_earlier(patient: Patient, days: int) -> Patient:
    """The patient with the frontline line ending ``days`` earlier."""
    lines = patient.course.treatment_lines
    first = lines[0]
    assert first.end is not None
    moved = attrs.evolve(first, end=first.end - timedelta(days=days))
    return with_course(patient, treatment_lines=(moved, *lines[1:]))


def mrd_on(patient: Patient, days_before: int, level: float) -> Patient:
    """The patient with one flow MRD result (sensitivity 1e-4) ``days_before`` AS_OF."""
    result = MrdResult(
        date=AS_OF - timedelta(days=days_before),
        method=MrdMethod.FLOW_CYTOMETRY,
        level=level,
        sensitivity=1e-4,
        sample=Sample.BONE_MARROW,
    )
    return attrs.evolve(patient, mrd=(result,))


def with_line_ending(patient: Patient, days_before: int, agents: Iterable[Agent]) -> Patient:
    """A failed salvage line (4 weeks long) after the latest relapse, ending
    ``days_before`` AS_OF."""
    extra = line(
        AS_OF - timedelta(days=28),
        AS_OF - timedelta(days=days_before),
        tuple(agents),
        Intent.SALVAGE,
        BestResponse.NO_RESPONSE,
        StopReason.RESISTANCE,
    )
    return with_course(patient, treatment_lines=(*patient.course.treatment_lines, extra))


def allogeneic_hct_days_before(patient: Patient, days: int) -> Patient:
    """The patient with one allogeneic HCT ``days`` before AS_OF (before the relapse)."""
    hct = Transplant(kind=TransplantKind.ALLOGENEIC, date=AS_OF - timedelta(days=days))
    return with_course(patient, transplants=(hct,))


def cr1_one_day_longer(patient: Patient) -> Patient:
    """The first remission documented one day earlier (CR1 just over its whole months)."""
    first, *rest = patient.course.remissions
    earlier = attrs.evolve(first, date=first.date - timedelta(days=1))
    return with_course(patient, remissions=(earlier, *rest))


def aged_at_diagnosis(patient: Patient, years: int) -> Patient:
    """The patient born so as to be ``years`` old (completed) on the diagnosis date."""
    diagnosed = patient.course.diagnosis_date
    assert diagnosed is not None
    born = add_months(diagnosed - timedelta(days=100), -12 * years)
    return attrs.evolve(patient, date_of_birth=born)


def never_intensive(patient: Patient) -> Patient:
    """Every line marked as not intensive combination chemotherapy."""
    lines = tuple(attrs.evolve(item, intensive=False) for item in patient.course.treatment_lines)
    return with_course(patient, treatment_lines=lines)


def with_salvage_pending(
    patient: Patient,
    days_before: int = 3,
    agents: Sequence[Agent] = (Agent.CYTARABINE, Agent.MITOXANTRONE),
) -> Patient:
    """A salvage line of ``agents`` (cytarabine + mitoxantrone by default) begun
    ``days_before`` AS_OF, still running, its response not yet known."""
    pending = line(AS_OF - timedelta(days=days_before), None, agents, Intent.SALVAGE, None, None)
    return with_course(patient, treatment_lines=(*patient.course.treatment_lines, pending))


def in_ongoing_programme(*results: MrdResult) -> Patient:
    """An adult in first remission (CR 272 days before AS_OF; marrow and blood clear
    yesterday) during a frontline programme begun 300 days before AS_OF (8 blocks, still
    given), with the MRD ``results``."""
    start = AS_OF - timedelta(days=300)
    frontline = line(
        start, None, FRONTLINE_AGENTS, Intent.FRONTLINE, BestResponse.CR, None, cycles=8
    )
    patient = with_course(
        adult_in_relapse(lab_overrides={"marrow_blasts": 2, "blood_blasts": 0}),
        treatment_lines=(frontline,),
        remissions=(Remission(kind=RemissionKind.CR, date=start + timedelta(days=28)),),
        relapses=(),
        transplants=(),
    )
    return attrs.evolve(patient, mrd=results)


def mrd_not_detected(patient: Patient, sensitivity: float, days_before: int = 10) -> Patient:
    """The patient with one flow MRD result that detected nothing, from an assay of
    ``sensitivity``, ``days_before`` AS_OF."""
    result = MrdResult(
        date=AS_OF - timedelta(days=days_before),
        method=MrdMethod.FLOW_CYTOMETRY,
        level=0,
        sensitivity=sensitivity,
        sample=Sample.BONE_MARROW,
    )
    return attrs.evolve(patient, mrd=(result,))


def cns_directed_line(days_from: int = 25, days_to: int = 5) -> TreatmentLine:
    """Cranial irradiation with intrathecal methotrexate (review, B.12), intent
    cns_directed, from ``days_from`` to ``days_to`` days before AS_OF."""
    return line(
        AS_OF - timedelta(days=days_from),
        AS_OF - timedelta(days=days_to),
        (Agent.RADIOTHERAPY, Agent.METHOTREXATE),
        Intent.CNS_DIRECTED,
        None,
        StopReason.COMPLETED,
        intensive=False,
    )


def turning_18_on(on: date) -> Patient:
    """An 18-year-old eligible for inotuzumab (US label: adults) with every date moved so
    that the screening date is ``on``, born on 29 February 2004."""
    moved = shifted(adult_in_relapse(age=18), (on - AS_OF).days)
    return attrs.evolve(moved, date_of_birth=date(2004, 2, 29))
