"""Score inputs and small patient records shared by the score tests (refs 5, 62, 71, 75)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from allmodel.clinical.scores import (
    PretransplantInputs,
    PrognosticFactor,
    RelapseTiming,
    ScoreResult,
    SecondSalvageInputs,
    pretransplant_score,
    second_salvage_factors,
)
from allmodel.measures import CountConcentration, MassConcentration
from allmodel.model import (
    Analyte,
    BestResponse,
    Course,
    Intent,
    LabResult,
    Patient,
    Relapse,
    Remission,
    RemissionKind,
    Serostatus,
    Transplant,
    TransplantKind,
    TreatmentLine,
)

BORN = date(1980, 6, 15)
DIAGNOSIS = date(2019, 1, 10)
AS_OF = date(2024, 6, 1)  # the patient born on BORN is 43 on AS_OF

FIRST_REFRACTORY = RelapseTiming.FIRST_REFRACTORY_RELAPSE
SECOND_OR_LATER = RelapseTiming.SECOND_OR_LATER_RELAPSE


def pre(
    timing: RelapseTiming | None = FIRST_REFRACTORY,
    cmv: Serostatus | None = Serostatus.NEGATIVE,
    blasts: float | None = 10.0,
    age: int | None = 5,
) -> ScoreResult:
    """The pretransplant score of explicit inputs (defaults: 1 point, from the timing)."""
    return pretransplant_score(
        PretransplantInputs(
            relapse_timing=timing, donor_cmv=cmv, marrow_blasts_percent=blasts, age_years=age
        )
    )


def salvage(
    cr1: float | None = 60.0,
    blasts: float | None = 10.0,
    platelets: CountConcentration | None = None,
    albumin: MassConcentration | None = None,
) -> ScoreResult:
    """The second-salvage factors of explicit inputs (defaults: no adverse factor)."""
    return second_salvage_factors(
        SecondSalvageInputs(
            cr1_months=cr1,
            marrow_blasts_percent=blasts,
            platelets=CountConcentration(150, "10^9/L") if platelets is None else platelets,
            albumin=MassConcentration(4, "g/dL") if albumin is None else albumin,
        )
    )


def line(
    start: date,
    response: BestResponse | None,
    intent: Intent = Intent.SALVAGE,
    regimen: str = "FLAG-Ida",
) -> TreatmentLine:
    """A dated line of therapy with its best response."""
    return TreatmentLine(regimen=regimen, start=start, intent=intent, best_response=response)


FRONTLINE = line(DIAGNOSIS, BestResponse.CR, Intent.FRONTLINE, "hyper-CVAD")


def small_patient(
    *,
    born: date | None = BORN,
    lines: Sequence[TreatmentLine] = (FRONTLINE,),
    remissions: Sequence[date] = (date(2019, 3, 1),),
    relapses: Sequence[date | Relapse] = (),
    transplants: Sequence[Transplant] = (),
    history_complete: bool | None = True,
    donor_cmv: Serostatus | None = None,
    labs: Sequence[LabResult] = (),
    diagnosis: date | None = DIAGNOSIS,
) -> Patient:
    """A small patient record diagnosed on DIAGNOSIS."""
    course = Course(
        diagnosis_date=diagnosis,
        treatment_lines=tuple(lines),
        remissions=tuple(Remission(kind=RemissionKind.CR, date=when) for when in remissions),
        relapses=tuple(r if isinstance(r, Relapse) else Relapse(date=r) for r in relapses),
        transplants=tuple(transplants),
        history_complete=history_complete,
        donor_cmv=donor_cmv,
    )
    return Patient(date_of_birth=born, course=course, labs=tuple(labs))


def lab_result(
    analyte: Analyte, value: float, unit: str, when: date = date(2024, 5, 20)
) -> LabResult:
    """A laboratory result."""
    return LabResult(analyte=analyte, value=value, unit=unit, date=when)


def factor_named(factors: tuple[PrognosticFactor, ...], name: str) -> PrognosticFactor:
    """The factor called ``name``."""
    return next(f for f in factors if f.name == name)


ALLO = TransplantKind.ALLOGENEIC


def allo_hct(when: date) -> Transplant:
    """An allogeneic HCT on ``when``."""
    return Transplant(kind=ALLO, date=when)
