"""Synthetic patients for demonstrations, notebooks and benchmarks. Not real data.

:func:`synthetic_cohort` draws reproducible adults with ALL (a seeded
:class:`random.Random`; nothing is read from the clock or the environment): lineage, Ph
status and mutations, CD19/CD22 calls, CNS status, frontline therapy and remission, zero
to two relapses, salvage lines, transplants, MRD, labs, and some facts deliberately left
unrecorded, so that screening shows all three statuses. Proportions are chosen for
variety, not to mirror any population.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TypeVar

from allmodel.dates import add_months
from allmodel.measures import Length, Mass
from allmodel.model._agents import Agent
from allmodel.model._conditions import Condition, ConditionRecord
from allmodel.model._course import (
    BestResponse,
    Course,
    DonorType,
    Intent,
    Relapse,
    RelapseSite,
    Remission,
    RemissionKind,
    Serostatus,
    StopReason,
    Transplant,
    TransplantKind,
    TreatmentLine,
)
from allmodel.model._disease import (
    CnsAssessment,
    CnsStatus,
    Disease,
    KinaseDomainAnalysis,
    Lineage,
    Marker,
    MarkerResult,
    PhStatus,
)
from allmodel.model._labs import Analyte, LabResult
from allmodel.model._mrd import MrdMethod, MrdResult, Sample
from allmodel.model._observations import EcogAssessment, Finding
from allmodel.model._patient import Patient, Sex

__all__ = ["synthetic_cohort", "synthetic_patient"]

_FRONTLINE = (
    Agent.CYCLOPHOSPHAMIDE,
    Agent.VINCRISTINE,
    Agent.DOXORUBICIN,
    Agent.DEXAMETHASONE,
    Agent.METHOTREXATE,
    Agent.CYTARABINE,
)
_SALVAGE = (
    (Agent.BLINATUMOMAB,),
    (Agent.INOTUZUMAB_OZOGAMICIN,),
    (Agent.CYTARABINE, Agent.IDARUBICIN),
    (Agent.CLOFARABINE, Agent.CYTARABINE),
)


_T = TypeVar("_T")


def _maybe(rng: random.Random, value: _T, missing: float) -> _T | None:
    return None if rng.random() < missing else value


def synthetic_patient(rng: random.Random, *, as_of: date, missing: float = 0.1) -> Patient:
    """One synthetic patient whose record ends before ``as_of``.

    Args:
        rng: The random source (seed it for reproducible patients).
        as_of: The screening date; every event is before it.
        missing: Chance that each optional fact is left unrecorded.
    """
    age = rng.randint(18, 80)
    born = add_months(as_of - timedelta(days=rng.randint(0, 364)), -12 * age)
    lineage = Lineage.T if rng.random() < 0.2 else Lineage.B_PRECURSOR
    ph = (
        PhStatus.POSITIVE
        if lineage is Lineage.B_PRECURSOR and rng.random() < 0.3
        else PhStatus.NEGATIVE
    )
    diagnosis = add_months(as_of, -rng.randint(8, 84))
    frontline_end = diagnosis + timedelta(days=rng.randint(150, 800))
    refractory = rng.random() < 0.12
    frontline_agents = _FRONTLINE + ((Agent.IMATINIB,) if ph is PhStatus.POSITIVE else ())
    lines = [
        TreatmentLine(
            regimen="frontline",
            agents=frontline_agents,
            start=diagnosis + timedelta(days=2),
            end=min(frontline_end, as_of - timedelta(days=60)),
            intent=Intent.FRONTLINE,
            best_response=BestResponse.NO_RESPONSE if refractory else BestResponse.CR,
            stop_reason=StopReason.RESISTANCE if refractory else StopReason.COMPLETED,
            intensive=True,
            cycles=_maybe(rng, rng.choice((2, 4, 8)), missing),
        )
    ]
    remissions: list[Remission] = []
    relapses: list[Relapse] = []
    transplants: list[Transplant] = []
    if not refractory:
        cr1 = diagnosis + timedelta(days=35)
        remissions.append(Remission(kind=RemissionKind.CR, date=cr1))
        count = rng.choice((0, 1, 1, 1, 2))
        first = cr1 + timedelta(days=rng.randint(120, max(121, (as_of - cr1).days - 40)))
        if rng.random() < 0.15 and count:
            transplants.append(
                Transplant(
                    kind=TransplantKind.ALLOGENEIC,
                    date=cr1 + timedelta(days=rng.randint(60, max(61, (first - cr1).days - 30))),
                    donor_type=rng.choice(tuple(DonorType)),
                    donor_cmv=_maybe(rng, rng.choice(tuple(Serostatus)), missing),
                )
            )
        if count >= 1 and first < as_of - timedelta(days=20):
            site = rng.choices(tuple(RelapseSite), weights=(85, 8, 7))[0]
            relapses.append(Relapse(date=first, site=site))
            if count == 2 and first < as_of - timedelta(days=200):
                start = first + timedelta(days=4)
                lines.append(
                    TreatmentLine(
                        agents=rng.choice(_SALVAGE),
                        start=start,
                        end=start + timedelta(days=40),
                        intent=Intent.SALVAGE,
                        best_response=BestResponse.CR,
                        stop_reason=StopReason.COMPLETED,
                        intensive=rng.random() < 0.5,
                    )
                )
                remissions.append(Remission(kind=RemissionKind.CR, date=start + timedelta(days=35)))
                relapses.append(
                    Relapse(
                        date=start + timedelta(days=rng.randint(80, 150)), site=RelapseSite.MARROW
                    )
                )
    last_event = max([r.date for r in relapses] or [as_of - timedelta(days=30)])
    sampled = min(as_of - timedelta(days=1), last_event + timedelta(days=2))
    # the screening visit: blood, chemistry, marrow, ECOG and fitness within 10 days
    visit = max(sampled, as_of - timedelta(days=rng.randint(1, 10)))
    markers = []
    if lineage is Lineage.B_PRECURSOR:
        for marker in (Marker.CD19, Marker.CD22):
            positive = rng.random() < 0.9
            markers.append(
                MarkerResult(
                    marker=marker,
                    date=sampled,
                    percent_positive=float(rng.randint(60, 99) if positive else rng.randint(0, 10)),
                    positive=_maybe(rng, positive, missing),
                )
            )
    kinase = None
    if ph is PhStatus.POSITIVE and rng.random() > missing * 3:
        kinase = KinaseDomainAnalysis(
            date=sampled, mutations=("T315I",) if rng.random() < 0.25 else ()
        )
    disease = Disease(
        lineage=_maybe(rng, lineage, missing / 2),
        philadelphia=_maybe(rng, ph, missing),
        kinase_domain=kinase,
        markers=tuple(markers),
        cns=(
            CnsAssessment(
                status=rng.choices(tuple(CnsStatus), weights=(80, 2, 3, 2, 1, 3, 5, 2, 2))[0],
                date=sampled,
            ),
        )
        if rng.random() > missing
        else (),
        extramedullary_sites=(),
    )
    in_relapse = refractory or (bool(relapses) and relapses[-1].date > remissions[-1].date)
    marrow = float(rng.randint(20, 95)) if in_relapse or refractory else float(rng.randint(0, 4))
    lab_values = (
        (Analyte.MARROW_BLASTS, marrow, "%", None),
        (Analyte.PLATELETS, float(rng.randint(10, 250)), "10^9/L", None),
        (Analyte.ANC, round(rng.uniform(0.2, 6.0), 1), "10^9/L", None),
        (Analyte.ALBUMIN, round(rng.uniform(2.2, 4.6), 1), "g/dL", None),
        (Analyte.BILIRUBIN, round(rng.uniform(0.3, 2.5), 1), "mg/dL", 1.2),
        (Analyte.AST, float(rng.randint(15, 120)), "U/L", 40.0),
        (Analyte.ALT, float(rng.randint(15, 120)), "U/L", 40.0),
        (Analyte.CREATININE, round(rng.uniform(0.5, 1.8), 2), "mg/dL", 1.2),
    )
    labs = tuple(
        LabResult(analyte=analyte, value=value, unit=unit, date=visit, upper_limit_of_normal=uln)
        for analyte, value, unit, uln in lab_values
        if rng.random() > missing
    )
    conditions = tuple(
        ConditionRecord(condition=condition, present=rng.random() < 0.05, date=visit)
        for condition in (
            Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME,
            Condition.ACTIVE_INFECTION,
            Condition.ACTIVE_GVHD,
        )
        if rng.random() > missing * 2
    )
    mrd: tuple[MrdResult, ...] = ()
    if remissions and not in_relapse and rng.random() < 0.6:
        mrd = (
            MrdResult(
                date=as_of - timedelta(days=10),
                method=MrdMethod.FLOW_CYTOMETRY,
                level=rng.choice((0.0, 5e-5, 2e-4, 1e-3, 5e-3)),
                sensitivity=rng.choice((1e-4, 1e-5, 1e-3)),
                sample=Sample.BONE_MARROW,
            ),
        )
    return Patient(
        date_of_birth=born,
        sex=rng.choice((Sex.FEMALE, Sex.MALE)),
        height=Length(float(rng.randint(150, 195)), "cm"),
        weight=Mass(float(rng.randint(48, 120)), "kg"),
        ecog=_maybe(
            rng,
            EcogAssessment(
                value=rng.choices((0, 1, 2, 3, 4), weights=(30, 40, 18, 9, 3))[0], date=visit
            ),
            missing,
        ),
        prefers_palliative_care=_maybe(rng, rng.random() < 0.08, missing),
        fit_for_intensive_therapy=_maybe(
            rng, Finding(value=age < 70 or rng.random() < 0.3, date=visit), missing
        ),
        hct_candidate=_maybe(rng, Finding(value=age < 65, date=visit), missing * 2),
        adequate_organ_function=_maybe(rng, Finding(value=True, date=visit), missing * 2),
        certified_car_t_centre=_maybe(rng, rng.random() < 0.7, missing),
        conditions=conditions,
        disease=disease,
        course=Course(
            diagnosis_date=diagnosis,
            treatment_lines=tuple(lines),
            remissions=tuple(remissions),
            relapses=tuple(relapses),
            transplants=tuple(transplants),
            history_complete=_maybe(rng, True, missing * 2),
            hla_typed=_maybe(rng, rng.random() < 0.7, missing),
        ),
        labs=labs,
        mrd=mrd,
    )


def synthetic_cohort(
    size: int, *, as_of: date = date(2022, 12, 31), seed: int = 2022, missing: float = 0.1
) -> list[Patient]:
    """``size`` synthetic patients, the same for the same seed.

    Args:
        size: Number of patients.
        as_of: The screening date; every event is before it.
        seed: Random seed.
        missing: Chance that each optional fact is left unrecorded.
    """
    rng = random.Random(seed)
    return [synthetic_patient(rng, as_of=as_of, missing=missing) for _ in range(size)]
