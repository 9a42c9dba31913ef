"""Concise builders of patients for eligibility vignettes.

``adult_in_relapse()`` builds a complete, valid record of a typical adult: Ph-negative
B-precursor ALL, frontline hyper-CVAD with CR, a first marrow relapse, CD19 and CD22
positive, CNS1, ECOG 1, full labs, complete treatment history; every keyword changes one
aspect. ``None`` for a keyword leaves that fact unrecorded. Dates are laid out backwards
from ``AS_OF`` so that the requested intervals hold exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal, TypeVar, cast

import attrs

from allmodel import (
    Agent,
    Course,
    Disease,
    LabResult,
    MarkerResult,
    MrdResult,
    Patient,
    Relapse,
    Remission,
    Sex,
    Transplant,
    TreatmentLine,
)
from allmodel.criteria import NodeResult, Truth
from allmodel.dates import add_months
from allmodel.measures import Length, Mass
from allmodel.model import (
    Analyte,
    BestResponse,
    CnsAssessment,
    CnsStatus,
    Condition,
    ConditionRecord,
    EcogAssessment,
    Finding,
    Intent,
    KinaseDomainAnalysis,
    Lineage,
    Marker,
    MrdMethod,
    PhStatus,
    RelapseSite,
    RemissionKind,
    Sample,
    Serostatus,
    StopReason,
    TransplantKind,
)

__all__ = [
    "AS_OF",
    "adult_in_relapse",
    "born_for_age",
    "failed_ids",
    "labs",
    "line",
    "with_course",
    "with_disease",
]

AS_OF = date(2022, 12, 31)


def born_for_age(age: int, as_of: date = AS_OF) -> date:
    """A date of birth giving completed ``age`` on ``as_of`` (birthday 100 days before it)."""
    return add_months(as_of - timedelta(days=100), -12 * age)


def line(  # noqa: PLR0917
    start: date,
    end: date | None,
    agents: Sequence[Agent],
    intent: Intent,
    response: BestResponse | None,
    stop: StopReason | None = StopReason.COMPLETED,
    *,
    intensive: bool | None = True,
    regimen: str | None = None,
    cycles: int | None = None,
) -> TreatmentLine:
    """A treatment line."""
    return TreatmentLine(
        regimen=regimen,
        agents=tuple(agents),
        start=start,
        end=end,
        intent=intent,
        best_response=response,
        stop_reason=stop,
        intensive=intensive,
        cycles=cycles,
    )


def labs(
    when: date,
    *,
    marrow_blasts: float | None = 60,
    blood_blasts: float | None = 20,
    anc: float | None = 0.8,
    platelets: float | None = 45,
    wbc: float | None = 12,
    hemoglobin: float | None = 9.0,
    albumin: float | None = 3.4,
    bilirubin_x_uln: float | None = 0.5,
    ast_x_uln: float | None = 0.6,
    alt_x_uln: float | None = 0.6,
    creatinine: float | None = 0.9,
    creatinine_clearance: float | None = 95,
    cellularity: float | None = 80,
) -> tuple[LabResult, ...]:
    """A lab panel on ``when`` (counts in 10^9/L, hemoglobin/albumin in g/dL)."""
    found: list[LabResult] = []

    def add(analyte: Analyte, value: float | None, unit: str, uln: float | None = None) -> None:
        if value is not None:
            found.append(
                LabResult(
                    analyte=analyte, value=value, unit=unit, date=when, upper_limit_of_normal=uln
                )
            )

    add(Analyte.MARROW_BLASTS, marrow_blasts, "%")
    add(Analyte.BLOOD_BLASTS, blood_blasts, "%")
    add(Analyte.MARROW_CELLULARITY, cellularity, "%")
    add(Analyte.ANC, anc, "10^9/L")
    add(Analyte.PLATELETS, platelets, "10^9/L")
    add(Analyte.WBC, wbc, "10^9/L")
    add(Analyte.HEMOGLOBIN, hemoglobin, "g/dL")
    add(Analyte.ALBUMIN, albumin, "g/dL")
    if bilirubin_x_uln is not None:
        add(Analyte.BILIRUBIN, bilirubin_x_uln * 1.2, "mg/dL", 1.2)
    if ast_x_uln is not None:
        add(Analyte.AST, ast_x_uln * 40, "U/L", 40)
    if alt_x_uln is not None:
        add(Analyte.ALT, alt_x_uln * 40, "U/L", 40)
    add(Analyte.CREATININE, creatinine, "mg/dL", 1.2 if creatinine is not None else None)
    add(Analyte.CREATININE_CLEARANCE, creatinine_clearance, "mL/min")
    return tuple(found)


_FRONTLINE = (
    Agent.CYCLOPHOSPHAMIDE,
    Agent.VINCRISTINE,
    Agent.DOXORUBICIN,
    Agent.DEXAMETHASONE,
    Agent.METHOTREXATE,
    Agent.CYTARABINE,
)


def adult_in_relapse(
    *,
    age: int | None = 45,
    sex: Sex | None = Sex.FEMALE,
    lineage: Lineage | None = Lineage.B_PRECURSOR,
    ph: PhStatus | None = PhStatus.NEGATIVE,
    t315i: bool | None = None,
    cd19: bool | None = True,
    cd22: bool | None = True,
    cd22_percent: float | Literal["by call"] | None = "by call",
    cns: CnsStatus | None = CnsStatus.CNS1,
    ecog: int | None = 1,
    fit: bool | None = True,
    prefers_palliation: bool | None = False,
    relapses: int = 1,
    relapse_site: RelapseSite | None = RelapseSite.MARROW,
    cr1_months: int = 24,
    months_initial_therapy_to_relapse: int = 6,
    frontline_agents: Sequence[Agent] = _FRONTLINE,
    frontline_cycles: int | None = 8,
    salvage: Sequence[tuple[Sequence[Agent], BestResponse | None, StopReason | None]] = (),
    allo_hct_months_before_relapse: int | None = None,
    donor_cmv: Serostatus | None = None,
    in_remission: bool = False,
    mrd_level: float | None = None,
    primary_refractory: bool = False,
    history_complete: bool | None = True,
    lab_overrides: dict[str, float | None] | None = None,
    conditions: dict[Condition, bool] | None = None,
    pregnant: bool | None = False,
    hct_candidate: bool | None = True,
    certified_centre: bool | None = True,
    organ_function: bool | None = True,
    sos: bool | None = False,
    no_alternative: bool | None = None,
    no_other_tki: bool | None = None,
    assessed: date | None = None,
) -> Patient:
    """A valid adult with ALL as of :data:`AS_OF` (see the module docstring).

    Args:
        age: Completed years on AS_OF; ``None`` leaves the date of birth unrecorded.
        relapses: 1 or 2 marrow relapses (the latest one 30 days before AS_OF).
        cr1_months: Months from the first CR to the first relapse.
        months_initial_therapy_to_relapse: Whole months from the end of frontline
            therapy to the first relapse.
        frontline_cycles: Cycles (blocks) of the intensive frontline regimen (hyper-CVAD: 8).
        salvage: Lines given after the latest relapse: (agents, best response, stop reason).
        allo_hct_months_before_relapse: An allogeneic HCT this many months before the
            latest relapse.
        cd22_percent: Share of blasts expressing CD22; by default 90 % with a positive
            call and 1 % with a negative one (``None`` records the call alone).
        in_remission: Add a CR 20 days before AS_OF after the salvage lines (needs at
            least one salvage line reaching CR, or none); the panel then has 2 % marrow
            blasts and none in the blood (60 % and 20 % would show the remission lost);
            so does an isolated ``relapse_site`` (60 % would show the marrow involved).
        mrd_level: An MRD result 10 days before AS_OF (flow, sensitivity 1e-4).
        primary_refractory: No remission at all: frontline and salvage failed.
        lab_overrides: Changes to :func:`labs` keywords (``None`` drops a result).
        conditions: Recorded conditions (present or absent), dated like the assessments.
        hct_candidate: The team's judgement of HCT candidacy (dated like the assessments).
        certified_centre: Treated at a certified CAR T-cell centre.
        organ_function: The team's judgement of adequate organ function.
        sos: Prior sinusoidal obstruction syndrome recorded (present or absent).
        no_alternative: The team's judgement that no alternative treatment is available.
        no_other_tki: The team's judgement that no other TKI is indicated.
        assessed: The day of the screening visit (ECOG, fitness, pregnancy, judgements,
            conditions); the day before AS_OF by default.
    """
    visit = assessed if assessed is not None else AS_OF - timedelta(days=1)

    def finding(value: bool | None) -> Finding | None:
        return Finding(value=value, date=visit) if value is not None else None

    latest_relapse = AS_OF - timedelta(days=30)
    first_relapse = add_months(latest_relapse, -14) if relapses == 2 else latest_relapse
    cr1 = add_months(first_relapse, -cr1_months)
    frontline_end = add_months(first_relapse, -months_initial_therapy_to_relapse)
    frontline_start = cr1 - timedelta(days=40)
    diagnosis = frontline_start - timedelta(days=3)
    lines: list[TreatmentLine] = []
    remissions: list[Remission] = []
    relapse_events: list[Relapse] = []
    transplants: list[Transplant] = []
    if primary_refractory:
        lines.append(
            line(
                frontline_start,
                cr1,
                frontline_agents,
                Intent.FRONTLINE,
                BestResponse.NO_RESPONSE,
                StopReason.RESISTANCE,
            )
        )
        start = cr1 + timedelta(days=7)
        for agents, response, stop in salvage:
            lines.append(
                line(start, start + timedelta(days=28), agents, Intent.SALVAGE, response, stop)
            )
            start += timedelta(days=35)
    else:
        lines.append(
            line(
                frontline_start,
                frontline_end,
                frontline_agents,
                Intent.FRONTLINE,
                BestResponse.CR,
                cycles=frontline_cycles,
            )
        )
        remissions.append(Remission(kind=RemissionKind.CR, date=cr1))
        relapse_events.append(
            Relapse(date=first_relapse, site=relapse_site if relapses == 1 else RelapseSite.MARROW)
        )
        if relapses == 2:
            salvage_start = first_relapse + timedelta(days=5)
            lines.append(
                line(
                    salvage_start,
                    salvage_start + timedelta(days=60),
                    (Agent.CYTARABINE, Agent.IDARUBICIN),
                    Intent.SALVAGE,
                    BestResponse.CR,
                )
            )
            remissions.append(
                Remission(kind=RemissionKind.CR, date=salvage_start + timedelta(days=45))
            )
            relapse_events.append(Relapse(date=latest_relapse, site=relapse_site))
        if allo_hct_months_before_relapse is not None:
            transplants.append(
                Transplant(
                    kind=TransplantKind.ALLOGENEIC,
                    date=add_months(latest_relapse, -allo_hct_months_before_relapse),
                    donor_type=None,
                    donor_cmv=donor_cmv,
                )
            )
        start = latest_relapse + timedelta(days=3)
        for agents, response, stop in salvage:
            lines.append(
                line(start, start + timedelta(days=5), agents, Intent.SALVAGE, response, stop)
            )
            start += timedelta(days=6)
        if in_remission:
            remissions.append(Remission(kind=RemissionKind.CR, date=AS_OF - timedelta(days=20)))
    markers: list[MarkerResult] = []
    marker_day = AS_OF - timedelta(days=2)
    if cd19 is not None:
        markers.append(
            MarkerResult(
                marker=Marker.CD19,
                date=marker_day,
                percent_positive=95 if cd19 else 1,
                positive=cd19,
            )
        )
    if cd22 is not None:
        markers.append(
            MarkerResult(
                marker=Marker.CD22,
                date=marker_day,
                percent_positive=(90 if cd22 else 1) if cd22_percent == "by call" else cd22_percent,
                positive=cd22,
            )
        )
    kinase = None
    if t315i is not None:
        kinase = KinaseDomainAnalysis(date=marker_day, mutations=("T315I",) if t315i else ())
    disease = Disease(
        lineage=lineage,
        philadelphia=ph,
        kinase_domain=kinase,
        markers=tuple(markers),
        cns=(CnsAssessment(status=cns, date=marker_day),) if cns is not None else (),
        extramedullary_sites=(),
    )
    panel = {} if lab_overrides is None else dict(lab_overrides)
    if in_remission or relapse_site not in {None, RelapseSite.MARROW}:
        # a marrow and blood in remission, or spared by an isolated relapse (overrides win)
        panel = {"marrow_blasts": 2, "blood_blasts": 0, **panel}
    lab_results = labs(AS_OF - timedelta(days=1), **panel)
    mrd: tuple[MrdResult, ...] = ()
    if mrd_level is not None:
        mrd = (
            MrdResult(
                date=AS_OF - timedelta(days=10),
                method=MrdMethod.FLOW_CYTOMETRY,
                level=mrd_level,
                sensitivity=1e-4,
                sample=Sample.BONE_MARROW,
            ),
        )
    return Patient(
        date_of_birth=born_for_age(age) if age is not None else None,
        sex=sex,
        height=Length(168, "cm"),
        weight=Mass(70, "kg"),
        ecog=EcogAssessment(value=ecog, date=visit) if ecog is not None else None,
        pregnant=finding(pregnant) if sex is Sex.FEMALE else None,
        prefers_palliative_care=prefers_palliation,
        fit_for_intensive_therapy=finding(fit),
        hct_candidate=finding(hct_candidate),
        adequate_organ_function=finding(organ_function),
        no_alternative_treatment=finding(no_alternative),
        no_other_tki_indicated=finding(no_other_tki),
        certified_car_t_centre=certified_centre,
        disease=disease,
        course=Course(
            diagnosis_date=diagnosis,
            treatment_lines=tuple(lines),
            remissions=tuple(remissions),
            relapses=tuple(relapse_events),
            transplants=tuple(transplants),
            history_complete=history_complete,
            hla_typed=True,
            donor_identified=donor_cmv is not None or None,
            donor_cmv=donor_cmv,
        ),
        labs=lab_results,
        mrd=mrd,
        conditions=tuple(
            ConditionRecord(condition=c, present=p, date=visit)
            for c, p in _with_sos(conditions, sos).items()
        ),
    )


def _with_sos(conditions: dict[Condition, bool] | None, sos: bool | None) -> dict[Condition, bool]:
    found = dict(conditions or {})
    if sos is not None:
        found.setdefault(Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME, sos)
    return found


def with_disease(patient: Patient, **changes: Any) -> Patient:
    """The patient with ``changes`` applied to its disease."""
    return attrs.evolve(patient, disease=attrs.evolve(patient.disease, **changes))


def with_course(patient: Patient, **changes: Any) -> Patient:
    """The patient with ``changes`` applied to its course."""
    return attrs.evolve(patient, course=attrs.evolve(patient.course, **changes))


def failed_ids(nodes: tuple[NodeResult, ...]) -> list[str]:
    """Ids of failed criteria, and inside a failed "any of" group the ids of its false
    parts too (the group reports itself; the tests also name the parts that failed)."""
    found: list[str] = []

    def leaves(node: NodeResult) -> None:
        if node.status is not Truth.FALSE:
            return
        found.append(node.id)
        for child in node.children:
            leaves(child)

    for node in nodes:
        leaves(node)
    return found


#: Any value whose dates :func:`shifted` moves.
_Shifted = TypeVar("_Shifted")


def shifted(value: _Shifted, days: int) -> _Shifted:
    """``value`` with every date in it (in attrs fields and tuples) moved by ``days``."""
    moved: object = _shift(value, timedelta(days=days))
    assert isinstance(moved, type(value))
    return moved


def _shift(value: object, delta: timedelta) -> object:
    if isinstance(value, date):
        return value + delta
    if isinstance(value, tuple):
        return tuple(_shift(item, delta) for item in value)
    if attrs.has(type(value)):
        instance = cast("attrs.AttrsInstance", value)
        changes = {
            field.alias: _shift(getattr(instance, field.name), delta)
            for field in attrs.fields(type(instance))
            if field.init
        }
        evolved: object = attrs.evolve(cast(Any, instance), **changes)
        return evolved
    return value
