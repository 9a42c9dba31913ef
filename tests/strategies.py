"""Hypothesis strategies that generate valid allmodel objects, one for every model class.

Every strategy respects the checks and consistency rules of its class, so a generated
object can always be built: dates in order (after birth, after diagnosis, end after
start), units of the right dimension (per analyte for laboratory results), percentages
at most 100, LOINC codes of the analyte, no repeated agents, sites or mutations, relapse
sites that agree with the extramedullary sites, autologous transplants without donor
fields, Ph-negative disease without a transcript or mutations, in a complete history
relapses only after a remission, marker calls that agree with their percentage, and
every value and upper limit of normal within its plausible range
(:mod:`allmodel.model._plausibility`).

Strategies that place objects in time take an optional strategy of dates; :func:`patients`
draws a date of birth, a diagnosis date and a last date, and builds every date of the
record inside that frame.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from allmodel import (
    Agent,
    Course,
    Disease,
    Identifier,
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
from allmodel.measures import (
    AbsorbedDose,
    Area,
    CellCount,
    CellsPerMass,
    CountConcentration,
    DosePerArea,
    DosePerMass,
    DoseRate,
    DoseRatePerArea,
    Length,
    Mass,
    MassConcentration,
    Measure,
)
from allmodel.model import (
    ANALYTES,
    PLAUSIBLE,
    Analyte,
    BcrAbl1Transcript,
    BestResponse,
    CnsAssessment,
    CnsStatus,
    Comparator,
    Condition,
    ConditionRecord,
    DonorType,
    EcogAssessment,
    ExtramedullarySite,
    Finding,
    Intent,
    KinaseDomainAnalysis,
    Lineage,
    LvefMeasurement,
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
from allmodel.model._disease import NEGATIVE_CALL_AT_MOST
from allmodel.model._labs import convert_lab, lab_bounds
from allmodel.model._plausibility import lab_range
from allmodel.units import Dimension, accepted_units, convert

__all__ = [
    "EARLIEST",
    "LATEST",
    "MEASURE_CLASSES",
    "PERCENT_ANALYTES",
    "absorbed_doses",
    "any_measures",
    "areas",
    "cell_counts",
    "cells_per_mass",
    "cns_assessments",
    "condition_records",
    "count_concentrations",
    "courses",
    "dates",
    "diseases",
    "dose_rates",
    "dose_rates_per_area",
    "doses_per_area",
    "doses_per_mass",
    "identifiers",
    "kinase_domain_analyses",
    "lab_results",
    "lab_units",
    "lengths",
    "lvef_values",
    "magnitudes",
    "marker_results",
    "mass_concentrations",
    "masses",
    "measures",
    "mrd_levels",
    "mrd_results",
    "mrd_sensitivities",
    "mutations",
    "optional",
    "patients",
    "plausible",
    "relapses",
    "remissions",
    "texts",
    "transplants",
    "treatment_lines",
]

T = TypeVar("T")
M = TypeVar("M", bound=Measure)

#: The window every generated date falls in.
EARLIEST = date(1920, 1, 1)
LATEST = date(2040, 12, 31)

#: Every concrete measure class (``Measure`` itself has no dimension).
MEASURE_CLASSES: tuple[type[Measure], ...] = (
    AbsorbedDose,
    Area,
    CellCount,
    CellsPerMass,
    CountConcentration,
    DosePerArea,
    DosePerMass,
    DoseRate,
    DoseRatePerArea,
    Length,
    Mass,
    MassConcentration,
)

#: Analytes measured in percent (their values are at most 100).
PERCENT_ANALYTES: tuple[Analyte, ...] = tuple(
    analyte for analyte, info in ANALYTES.items() if Dimension.PERCENT in info.dimensions
)

_AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """``None`` (not recorded) or a value of ``strategy``."""
    return st.none() | strategy


def dates(min_value: date = EARLIEST, max_value: date = LATEST) -> st.SearchStrategy[date]:
    """Calendar dates between ``min_value`` and ``max_value`` inclusive."""
    return st.dates(min_value=min_value, max_value=max_value)


def record_dates(patient: Patient) -> list[date]:
    """Every date a generated record holds, its date of birth included (a frame for the
    as_of dates the properties draw)."""
    found = [when for _, when in patient.dated_fields()]
    if patient.date_of_birth is not None:
        found.append(patient.date_of_birth)
    return found


def texts() -> st.SearchStrategy[str]:
    """Short non-blank strings that UTF-8 can encode (free text, identifiers)."""
    return st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12).filter(str.strip)


# --- measures --------------------------------------------------------------------------


def magnitudes() -> st.SearchStrategy[float]:
    """Finite magnitudes, either sign, that no unit factor overflows or underflows."""
    return st.one_of(
        st.just(0.0),
        st.integers(min_value=-1_000_000, max_value=1_000_000).map(float),
        st.floats(min_value=1e-200, max_value=1e200),
        st.floats(min_value=-1e200, max_value=-1e-200),
    )


def measures(cls: type[M], values: st.SearchStrategy[float] | None = None) -> st.SearchStrategy[M]:
    """Measures of class ``cls`` in any of its accepted units."""
    return st.builds(
        cls,
        value=magnitudes() if values is None else values,
        unit=st.sampled_from(cls.accepted_units()),
    )


@st.composite
def _measure_between(draw: st.DrawFn, cls: type[M], low: float, high: float, unit: str) -> M:
    """A measure of ``cls`` between ``low`` and ``high`` ``unit``, in any accepted unit."""
    code = draw(st.sampled_from(cls.accepted_units()))
    amount = draw(st.floats(min_value=low, max_value=high))
    return cls(convert(amount, unit, code), code)


def absorbed_doses() -> st.SearchStrategy[AbsorbedDose]:
    """Absorbed radiation doses (cGy, Gy)."""
    return measures(AbsorbedDose)


def areas() -> st.SearchStrategy[Area]:
    """Areas (m2)."""
    return measures(Area)


def cell_counts() -> st.SearchStrategy[CellCount]:
    """Cell counts (cells, 10^8 cells)."""
    return measures(CellCount)


def cells_per_mass() -> st.SearchStrategy[CellsPerMass]:
    """Cellular-product doses per body mass (cells/kg, 10^6 cells/kg)."""
    return measures(CellsPerMass)


def count_concentrations() -> st.SearchStrategy[CountConcentration]:
    """Cells per volume (10^9/L, /uL, ...)."""
    return measures(CountConcentration)


def doses_per_area() -> st.SearchStrategy[DosePerArea]:
    """Doses per body surface area (mg/m2, g/m2, ug/m2)."""
    return measures(DosePerArea)


def doses_per_mass() -> st.SearchStrategy[DosePerMass]:
    """Doses per body mass (mg/kg)."""
    return measures(DosePerMass)


def dose_rates() -> st.SearchStrategy[DoseRate]:
    """Flat daily doses (ug/day, mg/day)."""
    return measures(DoseRate)


def dose_rates_per_area() -> st.SearchStrategy[DoseRatePerArea]:
    """Daily doses per body surface area (ug/m2/day, mg/m2/day)."""
    return measures(DoseRatePerArea)


def lengths() -> st.SearchStrategy[Length]:
    """Lengths (cm, m)."""
    return measures(Length)


def masses() -> st.SearchStrategy[Mass]:
    """Masses (mg, g, ug, kg)."""
    return measures(Mass)


def mass_concentrations() -> st.SearchStrategy[MassConcentration]:
    """Mass per volume (g/dL, g/L, mg/dL, mg/L)."""
    return measures(MassConcentration)


def any_measures() -> st.SearchStrategy[Measure]:
    """A measure of any concrete class."""
    return st.one_of(*(measures(cls) for cls in MEASURE_CLASSES))


# --- patient identity ------------------------------------------------------------------


def identifiers() -> st.SearchStrategy[Identifier]:
    """Identifiers with a non-blank system and value."""
    return st.builds(Identifier, system=texts(), value=texts())


# --- disease ---------------------------------------------------------------------------


def mutations() -> st.SearchStrategy[str]:
    """BCR-ABL1 protein changes such as ``T315I`` or ``E255*``."""
    return st.just("T315I") | st.builds(
        "{}{}{}".format,
        st.sampled_from(_AMINO_ACIDS),
        st.integers(min_value=10, max_value=9999),
        st.sampled_from(_AMINO_ACIDS + "*"),
    )


def kinase_domain_analyses(
    when: st.SearchStrategy[date] | None = None, *, with_mutations: bool = True
) -> st.SearchStrategy[KinaseDomainAnalysis]:
    """Kinase-domain analyses (dated); no mutation repeated.

    Args:
        when: Dates of the analysis (any date by default).
        with_mutations: Whether mutations may be found (not for Ph-negative disease).
    """
    found = (
        st.lists(mutations(), unique=True, max_size=3).map(tuple) if with_mutations else st.just(())
    )
    return st.builds(KinaseDomainAnalysis, date=dates() if when is None else when, mutations=found)


@st.composite
def marker_results(draw: st.DrawFn, when: st.SearchStrategy[date] | None = None) -> MarkerResult:
    """CD19/CD22 results with a percentage, a qualitative call, or both, never contradictory
    (positive needs more than 0 %, negative at most NEGATIVE_CALL_AT_MOST)."""
    percent = draw(optional(st.floats(min_value=0, max_value=100)))
    if percent is None:
        positive: bool | None = draw(st.booleans())
    elif percent == 0:
        positive = draw(st.sampled_from([False, None]))
    elif percent > NEGATIVE_CALL_AT_MOST:
        positive = draw(st.sampled_from([True, None]))
    else:
        positive = draw(optional(st.booleans()))
    return MarkerResult(
        marker=draw(st.sampled_from(Marker)),
        date=draw(dates() if when is None else when),
        percent_positive=percent,
        positive=positive,
    )


def cns_assessments(
    when: st.SearchStrategy[date] | None = None,
) -> st.SearchStrategy[CnsAssessment]:
    """Dated CSF assessments."""
    return st.builds(
        CnsAssessment, status=st.sampled_from(CnsStatus), date=dates() if when is None else when
    )


def _unique_sites(max_size: int = 3) -> st.SearchStrategy[tuple[ExtramedullarySite, ...]]:
    return st.lists(st.sampled_from(ExtramedullarySite), unique=True, max_size=max_size).map(tuple)


@st.composite
def diseases(draw: st.DrawFn, when: st.SearchStrategy[date] | None = None) -> Disease:
    """Disease records; Ph-negative ones have no transcript and no mutations."""
    when = dates() if when is None else when
    philadelphia = draw(optional(st.sampled_from(PhStatus)))
    negative = philadelphia is PhStatus.NEGATIVE
    return Disease(
        lineage=draw(optional(st.sampled_from(Lineage))),
        philadelphia=philadelphia,
        bcr_abl1_transcript=None
        if negative
        else draw(optional(st.sampled_from(BcrAbl1Transcript))),
        kinase_domain=draw(optional(kinase_domain_analyses(when, with_mutations=not negative))),
        markers=tuple(draw(st.lists(marker_results(when), max_size=3))),
        cns=tuple(draw(st.lists(cns_assessments(when), max_size=2))),
        extramedullary_sites=draw(optional(_unique_sites())),
    )


# --- course ----------------------------------------------------------------------------


_NOT_REMISSIONS = [response for response in BestResponse if not response.is_remission]


@st.composite
def treatment_lines(
    draw: st.DrawFn, when: st.SearchStrategy[date] | None = None, *, remission: bool = True
) -> TreatmentLine:
    """Lines with a regimen or at least one agent, agents unique, end not before start.

    Args:
        when: Dates of start and end (any date by default).
        remission: Whether the best response may be a remission (a course allows that
            only when it records a remission).
    """
    when = dates() if when is None else when
    regimen = draw(optional(texts()))
    agents = draw(
        st.lists(
            st.sampled_from(Agent), unique=True, min_size=1 if regimen is None else 0, max_size=4
        )
    )
    first, second = sorted((draw(when), draw(when)))
    stop = draw(optional(st.sampled_from(StopReason)))
    # an ongoing line has no end date
    end = None if stop is StopReason.ONGOING else draw(st.sampled_from([second, None]))
    return TreatmentLine(
        regimen=regimen,
        agents=tuple(agents),
        start=first,
        end=end,
        intent=draw(st.sampled_from(Intent)),
        best_response=draw(
            optional(st.sampled_from(BestResponse if remission else _NOT_REMISSIONS))
        ),
        stop_reason=stop,
        intensive=draw(optional(st.booleans())),
        cycles=draw(optional(st.integers(min_value=1, max_value=12))),
    )


def remissions(when: st.SearchStrategy[date] | None = None) -> st.SearchStrategy[Remission]:
    """Dated remissions (CR, CRh, CRi)."""
    return st.builds(
        Remission, kind=st.sampled_from(RemissionKind), date=dates() if when is None else when
    )


@st.composite
def relapses(draw: st.DrawFn, when: st.SearchStrategy[date] | None = None) -> Relapse:
    """Relapses whose extramedullary sites agree with the relapse site."""
    site = draw(optional(st.sampled_from(RelapseSite)))
    sites: tuple[ExtramedullarySite, ...]
    if site is RelapseSite.ISOLATED_CNS:
        sites = draw(st.sampled_from([(), (ExtramedullarySite.CNS,)]))
    elif site is RelapseSite.ISOLATED_EXTRAMEDULLARY:
        outside_cns: list[ExtramedullarySite] = [
            s for s in ExtramedullarySite if s is not ExtramedullarySite.CNS
        ]
        others = draw(st.lists(st.sampled_from(outside_cns), unique=True, max_size=3))
        with_cns: bool = draw(st.booleans())
        if with_cns and others:
            others.insert(draw(st.integers(0, len(others))), ExtramedullarySite.CNS)
        sites = tuple(others)
    else:
        sites = draw(_unique_sites())
    return Relapse(
        date=draw(dates() if when is None else when), site=site, extramedullary_sites=sites
    )


@st.composite
def transplants(draw: st.DrawFn, when: st.SearchStrategy[date] | None = None) -> Transplant:
    """Transplants; autologous ones carry no donor fields."""
    kind = draw(st.sampled_from(TransplantKind))
    allogeneic = kind is TransplantKind.ALLOGENEIC
    return Transplant(
        kind=kind,
        date=draw(dates() if when is None else when),
        donor_type=draw(optional(st.sampled_from(DonorType))) if allogeneic else None,
        donor_cmv=draw(optional(st.sampled_from(Serostatus))) if allogeneic else None,
    )


@st.composite
def _course_between(draw: st.DrawFn, diagnosed: date, last: date) -> Course:
    """A course diagnosed on ``diagnosed`` (recorded or not) with every event up to ``last``."""
    when = dates(diagnosed, last)
    donor_identified = draw(optional(st.booleans()))
    donor_known = donor_identified is not False
    documented = tuple(draw(st.lists(remissions(when), max_size=3)))
    lines = draw(st.lists(treatment_lines(when, remission=bool(documented)), max_size=3))
    complete = draw(optional(st.booleans()))
    # a relapse is the loss of a remission: in a complete history relapses come only after
    # the first remission recorded; otherwise an earlier remission may be unrecorded
    relapse_dates: st.SearchStrategy[date] | None = when
    if complete is True:
        first = min((remission.date for remission in documented), default=last)
        relapse_dates = dates(first + timedelta(days=1), last) if first < last else None
    return Course(
        diagnosis_date=draw(st.sampled_from([diagnosed, None])),
        treatment_lines=tuple(lines),
        remissions=documented,
        relapses=()
        if relapse_dates is None
        else tuple(draw(st.lists(relapses(relapse_dates), max_size=3))),
        transplants=tuple(draw(st.lists(transplants(when), max_size=2))),
        history_complete=complete,
        hla_typed=draw(optional(st.booleans())),
        donor_identified=donor_identified,
        donor_type=draw(optional(st.sampled_from(DonorType))) if donor_known else None,
        donor_cmv=draw(optional(st.sampled_from(Serostatus))) if donor_known else None,
        cr1_high_risk=draw(optional(st.booleans())),
    )


@st.composite
def courses(draw: st.DrawFn) -> Course:
    """Courses whose every event is on or after the diagnosis date."""
    diagnosed = draw(dates(EARLIEST, LATEST - timedelta(days=1)))
    last = draw(dates(diagnosed, min(LATEST, diagnosed + timedelta(days=15 * 365))))
    return draw(_course_between(diagnosed, last))


# --- conditions ------------------------------------------------------------------------


def condition_records(
    when: st.SearchStrategy[date] | None = None,
) -> st.SearchStrategy[ConditionRecord]:
    """Conditions assessed as present or absent, dated or not."""
    return st.builds(
        ConditionRecord,
        condition=st.sampled_from(Condition),
        present=st.booleans(),
        date=optional(dates() if when is None else when),
    )


# --- results ---------------------------------------------------------------------------


def lab_units(analyte: Analyte) -> tuple[str, ...]:
    """The unit codes accepted for ``analyte``."""
    return tuple(
        code for dimension in ANALYTES[analyte].dimensions for code in accepted_units(dimension)
    )


@st.composite
def lab_results(
    draw: st.DrawFn,
    when: st.SearchStrategy[date] | None = None,
    analytes: st.SearchStrategy[Analyte] | None = None,
) -> LabResult:
    """Laboratory results in a unit of the analyte, value and ULN within their plausible
    ranges (0 or between the bounds, in the unit drawn), LOINC of the analyte."""
    analyte = draw(st.sampled_from(Analyte) if analytes is None else analytes)
    info = ANALYTES[analyte]
    unit = draw(st.sampled_from(lab_units(analyte)))
    low, high = lab_bounds(analyte, unit)
    uln_low, uln_high = lab_bounds(analyte, unit, uln=True)
    value = draw(st.just(0.0) | st.floats(min_value=low, max_value=high))
    comparator = draw(st.sampled_from(Comparator))
    top = convert_lab(analyte, value, unit, info.canonical) >= lab_range(analyte).high
    if (comparator is Comparator.LT and value == 0) or (comparator is Comparator.GT and top):
        comparator = Comparator.EQ  # below zero, or above every plausible result
    return LabResult(
        analyte=analyte,
        value=value,
        comparator=comparator,
        unit=unit,
        date=draw(dates() if when is None else when),
        loinc=draw(optional(st.sampled_from(info.loinc))) if info.loinc else None,
        upper_limit_of_normal=draw(optional(st.floats(min_value=uln_low, max_value=uln_high))),
    )


def mrd_results(when: st.SearchStrategy[date] | None = None) -> st.SearchStrategy[MrdResult]:
    """MRD results: level 0 or in [1e-8, 1], sensitivity in [1e-8, 1] when reported."""
    return st.builds(
        MrdResult,
        date=dates() if when is None else when,
        method=st.sampled_from(MrdMethod),
        level=mrd_levels(),
        sensitivity=optional(mrd_sensitivities()),
        sample=optional(st.sampled_from(Sample)),
    )


# --- the patient -----------------------------------------------------------------------


def _consistent_conditions(
    records: list[ConditionRecord], disease: Disease
) -> tuple[ConditionRecord, ...]:
    """The records, with Burkitt recorded absent when a (precursor) lineage is recorded."""
    if disease.lineage is None:
        return tuple(records)
    return tuple(
        attrs.evolve(record, present=False) if record.condition is Condition.BURKITT else record
        for record in records
    )


def findings(when: st.SearchStrategy[date]) -> st.SearchStrategy[Finding]:
    """Dated yes/no findings."""
    return st.builds(Finding, value=st.booleans(), date=when)


def plausible(name: str) -> st.SearchStrategy[float]:
    """Plain numbers within the plausible range ``name`` (and 0 where it admits 0)."""
    entry = PLAUSIBLE[name]
    inside = st.floats(min_value=entry.low, max_value=entry.high)
    return st.just(0.0) | inside if entry.zero else inside


def mrd_levels() -> st.SearchStrategy[float]:
    """MRD levels: 0 (not detected) or a fraction in the plausible range."""
    return plausible("mrd_level")


def mrd_sensitivities() -> st.SearchStrategy[float]:
    """MRD assay sensitivities in the plausible range."""
    return plausible("mrd_sensitivity")


def lvef_values() -> st.SearchStrategy[float]:
    """Ejection fractions (%) in the plausible range."""
    return plausible("lvef")


def ecog_assessments() -> st.SearchStrategy[EcogAssessment]:
    """ECOG 0-4 on some date."""
    return st.builds(EcogAssessment, value=st.integers(min_value=0, max_value=4), date=dates())


def lvef_measurements() -> st.SearchStrategy[LvefMeasurement]:
    """LVEF in the plausible range on some date."""
    return st.builds(LvefMeasurement, value=lvef_values(), date=dates())


@st.composite
def patients(draw: st.DrawFn) -> Patient:
    """Whole patient records whose dates follow birth and (for the course) diagnosis.

    The date of birth and the diagnosis date anchor every other date; either may then be
    left unrecorded, which keeps the record valid.
    """
    born = draw(dates(EARLIEST, date(2005, 12, 31)))
    diagnosed = draw(dates(born, min(LATEST, born + timedelta(days=90 * 365))))
    last = draw(dates(diagnosed, min(LATEST, diagnosed + timedelta(days=15 * 365))))
    since_birth = dates(born, last)
    visit = draw(since_birth)  # one day for the patient's own observations: cheaper to draw
    ecog = draw(optional(st.integers(min_value=0, max_value=4)))
    lvef = draw(optional(lvef_values()))

    disease = draw(diseases(since_birth))

    def finding() -> Finding | None:
        value = draw(optional(st.booleans()))
        return None if value is None else Finding(value=value, date=visit)

    return Patient(
        identifiers=tuple(draw(st.lists(identifiers(), max_size=2))),
        date_of_birth=draw(st.sampled_from([born, None])),
        sex=draw(optional(st.sampled_from(Sex))),
        height=draw(optional(_measure_between(Length, 40, 250, "cm"))),
        weight=draw(optional(_measure_between(Mass, 1, 600, "kg"))),
        ecog=None if ecog is None else EcogAssessment(value=ecog, date=visit),
        pregnant=finding(),
        lactating=finding(),
        prefers_palliative_care=draw(optional(st.booleans())),
        fit_for_intensive_therapy=finding(),
        hct_candidate=finding(),
        no_alternative_treatment=finding(),
        no_other_tki_indicated=finding(),
        adequate_organ_function=finding(),
        hepatic_dysfunction_due_to_leukemia=finding(),
        renal_dysfunction_due_to_leukemia=finding(),
        certified_car_t_centre=draw(optional(st.booleans())),
        lvef_percent=None if lvef is None else LvefMeasurement(value=lvef, date=visit),
        cumulative_anthracycline=draw(
            optional(
                st.just(DosePerArea(0, "mg/m2")) | _measure_between(DosePerArea, 1, 1000, "mg/m2")
            )
        ),
        disease=disease,
        course=draw(_course_between(diagnosed, last)),
        labs=tuple(draw(st.lists(lab_results(since_birth), max_size=4))),
        mrd=tuple(draw(st.lists(mrd_results(since_birth), max_size=3))),
        conditions=_consistent_conditions(
            draw(st.lists(condition_records(since_birth), max_size=2)), disease
        ),
    )
