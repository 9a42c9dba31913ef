"""Dated laboratory results with units, LOINC codes and the laboratory's upper limit of normal.

Each :class:`Analyte` accepts the units of its dimension only (platelets in ``g/dL`` is an
error) and has a canonical unit that thresholds are compared in. Bilirubin and creatinine
may be sent in mass (``mg/dL``) or substance (``umol/L``) units; they convert through the
molar mass. LOINC codes are checked for form and check digit and against the codes known for
the analyte (from public LOINC and FHIR terminology files). Trial criteria are often written
as multiples of the upper limit of normal, so a result may carry the reporting laboratory's
ULN. Both the result and the ULN must be plausible for the analyte
(:mod:`allmodel.model._plausibility`).

The review's pretreatment evaluation (blood count, liver and renal chemistry, albumin,
LDH) and its prognostic factors (platelets and albumin in ref 75, marrow blasts in refs
62 and 75) are what these results feed.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

import attrs

from allmodel._model import InRange, Model, PickledByFields, _number, checks, pickled_by_name
from allmodel.errors import Problem, UnitError, ValidationError
from allmodel.model._dated import agreed, latest_day
from allmodel.model._plausibility import PlausibleRange, lab_range, uln_range
from allmodel.units import UNITS, Dimension, UnitSpec, parse_unit

__all__ = [
    "ANALYTES",
    "Analyte",
    "AnalyteInfo",
    "Comparator",
    "LabResult",
    "convert_lab",
    "lab_bounds",
    "latest_lab",
    "loinc_is_valid",
]


@pickled_by_name
class Analyte(enum.StrEnum):
    """The laboratory values allmodel uses."""

    ANC = "anc"
    PLATELETS = "platelets"
    HEMOGLOBIN = "hemoglobin"
    WBC = "wbc"
    ALBUMIN = "albumin"
    BILIRUBIN = "bilirubin"
    AST = "ast"
    ALT = "alt"
    CREATININE = "creatinine"
    CREATININE_CLEARANCE = "creatinine_clearance"
    LDH = "ldh"
    MARROW_BLASTS = "marrow_blasts"
    BLOOD_BLASTS = "blood_blasts"
    MARROW_CELLULARITY = "marrow_cellularity"


@pickled_by_name
class Comparator(enum.StrEnum):
    """How a result reported as a limit relates to its value (FHIR ``Quantity.comparator``).

    ``=`` (the default) is an exact result. ``<`` means the laboratory reported the
    result only as below ``value`` (below its limit of detection, for example); ``>`` only
    as above it (above the measuring range).
    """

    EQ = "="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


@attrs.frozen
class AnalyteInfo:
    """What allmodel knows of an analyte.

    Args:
        label: Human name.
        dimensions: Dimensions its unit may have.
        canonical: Unit code thresholds are compared in.
        loinc: LOINC codes known for it (read in public LOINC and FHIR terminology files,
            confirmed or secondary).
        molar_mass: g/mol, for analytes sent in substance units.
    """

    label: str
    dimensions: tuple[Dimension, ...]
    canonical: str
    loinc: tuple[str, ...] = ()
    molar_mass: float | None = None


_D = Dimension
_A = Analyte
#: The analyte table. Molar masses: unconjugated bilirubin 584.66 g/mol, creatinine 113.12 g/mol.
ANALYTES: Mapping[Analyte, AnalyteInfo] = {
    _A.ANC: AnalyteInfo("absolute neutrophil count", (_D.COUNT_PER_VOLUME,), "10^9/L", ("751-8",)),
    _A.PLATELETS: AnalyteInfo("platelets", (_D.COUNT_PER_VOLUME,), "10^9/L", ("777-3", "26515-7")),
    _A.HEMOGLOBIN: AnalyteInfo("hemoglobin", (_D.MASS_PER_VOLUME,), "g/dL", ("718-7",)),
    _A.WBC: AnalyteInfo(
        "white blood cells", (_D.COUNT_PER_VOLUME,), "10^9/L", ("6690-2", "26464-8")
    ),
    _A.ALBUMIN: AnalyteInfo("albumin", (_D.MASS_PER_VOLUME,), "g/dL", ("1751-7",)),
    _A.BILIRUBIN: AnalyteInfo(
        "total bilirubin",
        (_D.MASS_PER_VOLUME, _D.SUBSTANCE_PER_VOLUME),
        "mg/dL",
        ("1975-2", "14631-6"),
        584.66,
    ),
    _A.AST: AnalyteInfo(
        "aspartate aminotransferase", (_D.CATALYTIC_PER_VOLUME,), "U/L", ("1920-8",)
    ),
    _A.ALT: AnalyteInfo("alanine aminotransferase", (_D.CATALYTIC_PER_VOLUME,), "U/L", ("1742-6",)),
    _A.CREATININE: AnalyteInfo(
        "creatinine",
        (_D.MASS_PER_VOLUME, _D.SUBSTANCE_PER_VOLUME),
        "mg/dL",
        ("2160-0", "14682-9"),
        113.12,
    ),
    _A.CREATININE_CLEARANCE: AnalyteInfo("creatinine clearance", (_D.VOLUME_PER_TIME,), "mL/min"),
    _A.LDH: AnalyteInfo(
        "lactate dehydrogenase", (_D.CATALYTIC_PER_VOLUME,), "U/L", ("2532-0", "14804-9")
    ),
    _A.MARROW_BLASTS: AnalyteInfo("bone marrow blasts", (_D.PERCENT,), "%"),
    _A.BLOOD_BLASTS: AnalyteInfo("peripheral blood blasts", (_D.PERCENT,), "%"),
    _A.MARROW_CELLULARITY: AnalyteInfo("bone marrow cellularity", (_D.PERCENT,), "%"),
}
del _D, _A

_LOINC_OWNER: dict[str, Analyte] = {code: a for a, info in ANALYTES.items() for code in info.loinc}


def loinc_is_valid(code: str) -> bool:
    """Whether ``code`` has LOINC's form (1-7 digits, hyphen, check digit) and check digit.

    LOINC's check digit is the mod-10 (Luhn) digit of the number before the hyphen.
    """
    number, _, check = code.partition("-")
    # isdigit() alone admits non-ASCII digits ('²', '٧') that LOINC never uses
    if not (code.isascii() and number.isdigit() and len(number) <= 7):
        return False
    if not (len(check) == 1 and check.isdigit()):
        return False
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10 == int(check)


@lru_cache(maxsize=1024)
def _loinc(value: str) -> str | None:
    return None if loinc_is_valid(value) else "must be a LOINC code with a valid check digit"


@attrs.frozen(kw_only=True)
class LabResult(Model, PickledByFields):
    """One dated laboratory result.

    Args:
        analyte: What was measured.
        value: The result, in ``unit``: 0 or within the analyte's plausible range
            (:func:`allmodel.model._plausibility.lab_range`, e.g. platelets up to
            10000 x10^9/L, percentages up to 100).
        unit: A unit code of the analyte's dimension.
        date: Date of the sample.
        loinc: The LOINC code the laboratory reported, if any.
        upper_limit_of_normal: The laboratory's ULN, in the same unit as ``value``, within
            the analyte's plausible range for a ULN
            (:func:`allmodel.model._plausibility.uln_range`).
        comparator: ``=`` for an exact result (the default); for a result reported only as
            a limit (``< 0.1``), how the true value relates to ``value``. Such a result is
            an interval, never the limit itself: a criterion is decided by it only when
            the whole interval is on one side. A limit that leaves no plausible value
            (``< 0``, ``> 100 %``) is refused.

    Raises:
        UnitError: The unit is unknown or of the wrong dimension for the analyte.
        ValidationError: A value or ULN outside its plausible range, a malformed LOINC
            code, or a LOINC code that belongs to another analyte.
    """

    analyte: Analyte
    value: float = attrs.field(metadata=checks(InRange(low=0)))
    unit: str
    date: date
    loinc: str | None = attrs.field(default=None, metadata=checks(_loinc))
    upper_limit_of_normal: float | None = attrs.field(
        default=None, metadata=checks(InRange(low=0, low_inclusive=False))
    )
    comparator: Comparator = Comparator.EQ
    _canonical: float = attrs.field(init=False, repr=False, eq=False, hash=False)

    def _consistency(self) -> Iterable[ValidationError]:
        info, canonical, plausible, limit, table = _CHECKING[self.analyte]
        spec = table.get(self.unit)
        if spec is None:  # not a table code of the analyte's dimensions: parse it
            try:
                spec = parse_unit(self.unit, *info.dimensions)
            except UnitError as error:
                yield UnitError(
                    [Problem(p.path, f"{p.message} ({info.label})") for p in error.problems]
                )
                return
        value = _convert_to(info, self.value, spec, canonical)
        # computed once, here: screening reads it for every patient
        object.__setattr__(self, "_canonical", value)
        if not plausible.contains(value, self.value):
            shown = self._shown(self.value, spec, value, info.canonical)
            yield ValidationError(
                [Problem("value", f"{plausible.describe()} for {info.label}, got {shown}")]
            )
        elif self.comparator is Comparator.LT and value <= (0 if plausible.zero else plausible.low):
            yield ValidationError(
                [
                    Problem(
                        "comparator",
                        f"'<' with a value of {_number(self.value)} (below every plausible"
                        f" {info.label} result)",
                    )
                ]
            )
        elif self.comparator is Comparator.GT and value >= plausible.high:
            yield ValidationError(
                [
                    Problem(
                        "comparator",
                        f"'>' with a value of {_number(self.value)} {spec.code} (above every"
                        f" plausible {info.label} result)",
                    )
                ]
            )
        if self.upper_limit_of_normal is not None:
            uln = _convert_to(info, self.upper_limit_of_normal, spec, canonical)
            if not limit.contains(uln):
                shown = self._shown(self.upper_limit_of_normal, spec, uln, info.canonical)
                yield ValidationError(
                    [
                        Problem(
                            "upper_limit_of_normal",
                            f"{limit.describe()} for {info.label}, got {shown}",
                        )
                    ]
                )
        if self.loinc is not None:
            owner = _LOINC_OWNER.get(self.loinc)
            if owner is not None and owner is not self.analyte:
                yield ValidationError(
                    [
                        Problem(
                            "loinc",
                            f"{self.loinc} is a code for {ANALYTES[owner].label}, not {info.label}",
                        )
                    ]
                )

    @staticmethod
    def _shown(amount: float, spec: UnitSpec, canonical: float, unit: str) -> str:
        """``4.5e+10 /uL (4.5e+07 10^9/L)``: a number in its unit, and in ``unit``."""
        shown = f"{_number(amount)} {spec.code}"
        if spec.code != unit:
            shown += f" ({_number(canonical)} {unit})"
        return shown

    def _convert(self, amount: float, source: UnitSpec, unit: str) -> float:
        return _convert(ANALYTES[self.analyte], amount, source, unit)

    @property
    def spec(self) -> UnitSpec:
        """The table entry of the result's unit."""
        return parse_unit(self.unit)

    def value_in(self, unit: str) -> float:
        """The result expressed in ``unit`` (converting mass and substance via molar mass).

        Raises:
            UnitError: ``unit`` is not a unit this analyte can be expressed in.
        """
        return self._convert(self.value, self.spec, unit)

    @property
    def canonical_value(self) -> float:
        """The result in the analyte's canonical unit (``ANALYTES[analyte].canonical``)."""
        return self._canonical

    @property
    def times_upper_limit(self) -> float | None:
        """The result as a multiple of the laboratory's ULN; ``None`` when no ULN was given.

        For a result reported as a limit this is the limit's multiple (see
        :meth:`bounds`).
        """
        if self.upper_limit_of_normal is None:
            return None
        return self.value / self.upper_limit_of_normal

    def bounds(self, value: float) -> tuple[float, float]:
        """The interval the true result lies in, given ``value`` (the result or its limit
        in some scale: canonical unit or multiple of ULN).

        An exact result is ``(value, value)``. ``<`` gives ``[0, value)``, ``<=`` gives
        ``[0, value]``, ``>`` gives ``(value, top]`` and ``>=`` ``[value, top]``, where top is
        100 for percentages and infinity otherwise. Open ends are represented by the next
        float inside the interval, so comparisons on the bounds are exact.
        """
        comparator = self.comparator
        if comparator is Comparator.EQ:
            return value, value
        top = 100.0 if self.spec.dimension is Dimension.PERCENT else math.inf
        if comparator is Comparator.LT:
            return 0.0, math.nextafter(value, 0.0)
        if comparator is Comparator.LE:
            return 0.0, value
        if comparator is Comparator.GT:
            return math.nextafter(value, math.inf), top
        return value, top


def _convert(info: AnalyteInfo, amount: float, source: UnitSpec, unit: str) -> float:
    """``amount`` in ``source`` expressed in ``unit`` (mass and substance via molar mass)."""
    return _convert_to(info, amount, source, parse_unit(unit, *info.dimensions))


def _convert_to(info: AnalyteInfo, amount: float, source: UnitSpec, target: UnitSpec) -> float:
    """``amount`` in ``source`` expressed in ``target`` (mass and substance via molar mass)."""
    if source.dimension is target.dimension:
        return target.from_canonical(source.to_canonical(amount))
    molar_mass = info.molar_mass
    if molar_mass is None:  # pragma: no cover - the table gives two dimensions only with it
        raise UnitError([Problem("unit", f"cannot convert {source.code} to {target.code}")])
    if source.dimension is Dimension.SUBSTANCE_PER_VOLUME:
        grams_per_liter = source.to_canonical(amount) * molar_mass / 1_000_000
        return target.from_canonical(grams_per_liter)
    micromol_per_liter = source.to_canonical(amount) * 1_000_000 / molar_mass
    return target.from_canonical(micromol_per_liter)


#: Per analyte, what every result's check reads: the analyte's entry, its canonical unit,
#: the plausible ranges of a result and of a ULN, and the table's units of its dimensions
#: (what :func:`parse_unit` gives for them), looked up once here, not for every result.
_CHECKING: Mapping[
    Analyte,
    tuple[AnalyteInfo, UnitSpec, PlausibleRange, PlausibleRange, Mapping[str, UnitSpec]],
] = {
    analyte: (
        info,
        parse_unit(info.canonical, *info.dimensions),
        lab_range(analyte),
        uln_range(analyte),
        {code: spec for code, spec in UNITS.items() if spec.dimension in info.dimensions},
    )
    for analyte, info in ANALYTES.items()
}


def convert_lab(analyte: Analyte, amount: float, from_unit: str, to_unit: str) -> float:
    """``amount`` of ``analyte`` in ``from_unit`` expressed in ``to_unit``.

    Mass and substance units convert through the analyte's molar mass.

    Raises:
        UnitError: A unit is not one this analyte can be expressed in.
    """
    info = ANALYTES[analyte]
    return _convert(info, amount, parse_unit(from_unit, *info.dimensions), to_unit)


def lab_bounds(analyte: Analyte, unit: str, *, uln: bool = False) -> tuple[float, float]:
    """The smallest and largest plausible result (or ULN) for ``analyte`` in ``unit``.

    The bounds of :func:`allmodel.model._plausibility.lab_range` (or ``uln_range``), expressed in
    ``unit`` so that every magnitude between them is accepted (see
    :meth:`~allmodel.model._plausibility.PlausibleRange.bounds_in`). A result may also be 0.

    Raises:
        UnitError: ``unit`` is not one this analyte can be expressed in.
    """
    plausible = uln_range(analyte) if uln else lab_range(analyte)

    def convert(amount: float, from_unit: str, to_unit: str) -> float:
        return convert_lab(analyte, amount, from_unit, to_unit)

    parse_unit(unit, *ANALYTES[analyte].dimensions)
    return plausible.bounds_in(unit, convert)


def lab_reading(lab: LabResult) -> tuple[Comparator, float, float | None]:
    """What a reader takes from a result: its comparator, its value in the canonical unit
    and its multiple of the ULN (two results of one day agree when these are equal)."""
    return lab.comparator, lab.canonical_value, lab.times_upper_limit


def latest_lab(labs: Iterable[LabResult], analyte: Analyte, *, as_of: date) -> LabResult | None:
    """The latest result for ``analyte`` dated on or before ``as_of``.

    When several results share that day they must agree (the same comparator, value in
    the canonical unit and multiple of the ULN): the first of them is returned. When they
    disagree the answer is ``None``, as when there is no result: the order of the list
    never chooses between them (the facts read them as the interval they span).
    """
    day = latest_day([lab for lab in labs if lab.analyte is analyte], as_of)
    return agreed(day, lab_reading)
