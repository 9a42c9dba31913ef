"""Plausibility: the one table of the values a patient record can possibly hold.

A value outside its range here cannot describe a living person or come from a laboratory
report: a body weight of 1 g, platelets of 10^12 x10^9/L, an upper limit of normal of
1e-300, an age of 172 years. The model refuses such a value when the object is built, and
so when a document is loaded, naming the field and the range with its unit.

The ranges are deliberately wide. They are **not** clinical cut-offs and must never
refuse an unusual value, only an impossible one (or one sent in the wrong unit by orders
of magnitude, such as a height of 1.7 cm meant as 1.7 m). They admit children and
newborns: allmodel models adults, but its tests and some trials include children and
adolescents (ELIANA enrolled patients from 3 years). Each range states its basis, in the
``basis`` of its :class:`PlausibleRange`: a cited record of the extremes of human
physiology, or a project decision with its reasoning.

The bounds also keep every unit conversion finite and non-zero: the largest accepted value
in its largest unit and the smallest non-zero value in its smallest unit convert to finite,
non-zero numbers in every unit of the field (a test converts every accepted extreme).
Ranges marked ``zero`` also accept exactly 0 (a laboratory result "none detected", no
anthracycline given); their smallest non-zero value is :data:`RESOLUTION` of the unit.

The table is :data:`PLAUSIBLE`, keyed by name: ``age``, ``height``, ``weight``,
``lvef``, ``cumulative_anthracycline``, ``marker_percent``, ``mrd_level``,
``mrd_sensitivity``, then ``lab.<analyte>`` for each laboratory value and
``uln.<analyte>`` for the laboratory's upper limit of normal, both in the analyte's
canonical unit (:data:`allmodel.model.ANALYTES`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from allmodel._model import _number
from allmodel.units import convert as convert_units

__all__ = [
    "MAX_AGE_YEARS",
    "PLAUSIBLE",
    "RESOLUTION",
    "PlausibleRange",
    "lab_range",
    "uln_range",
]

#: The smallest non-zero magnitude accepted where 0 is also accepted, in the range's
#: unit. Project decision: a millionth of the unit is below the resolution of any
#: laboratory report or dose record, and far above the magnitudes (around 1e-300) where
#: a unit conversion would round to 0.
RESOLUTION = 1e-6


#: ``convert(amount, from_unit, to_unit)``, as :func:`allmodel.units.convert`.
Converter = Callable[[float, str, str], float]


@attrs.frozen
class PlausibleRange:
    """The physiologically possible range of one field, and why.

    A range is a check (see :func:`allmodel._model.checks`): called with a number, or a
    measure that it first converts to ``unit``, it returns ``None`` when the value is
    plausible and otherwise what the value must be, with the range and its unit.

    Args:
        name: Key in :data:`PLAUSIBLE`.
        label: What the value is, for messages (``body weight``).
        low: The smallest accepted value (with ``zero``: the smallest non-zero one).
        high: The largest accepted value.
        unit: Unit code of the bounds. For a measure it is a code of the unit table and
            the measure is converted to it; for a plain number it only names the scale
            (``%``, ``years``, or empty for a fraction).
        basis: The source or project decision the range rests on.
        zero: Whether exactly 0 is also accepted.
    """

    name: str
    label: str
    low: float
    high: float
    unit: str
    basis: str = attrs.field(repr=False, eq=False)
    zero: bool = False

    def contains(self, number: float, given: float | None = None) -> bool:
        """Whether ``number`` (in :attr:`unit`) is plausible.

        Args:
            number: The value in :attr:`unit`.
            given: The value as given, in its own unit, when it was converted: only a
                value given as 0 is zero (a tiny value that a conversion rounds to 0 is
                not).
        """
        zero = number if given is None else given
        return (self.zero and zero == 0) or self.low <= number <= self.high

    def describe(self) -> str:
        """The requirement, for messages: ``must be between 0.2 and 650 kg``."""
        suffix = f" {self.unit}" if self.unit else ""
        between = f"between {_number(self.low)} and {_number(self.high)}{suffix}"
        return f"must be 0 or {between}" if self.zero else f"must be {between}"

    def __call__(self, value: Any) -> str | None:
        # a float has no magnitude_in: asking hasattr of one costs a caught AttributeError
        if type(value) is not float and hasattr(value, "magnitude_in"):
            plausible = self.contains(value.magnitude_in(self.unit), value.value)
        else:
            plausible = self.contains(value)
        return None if plausible else self.describe()

    def bounds_in(self, unit: str, convert: Converter = convert_units) -> tuple[float, float]:
        """The smallest and largest magnitudes in ``unit`` that this range accepts.

        Every magnitude between the two (and 0, with :attr:`zero`) is accepted once
        converted to :attr:`unit` by ``convert``, and the next float outside either is
        not: the bounds are nudged by a float step where a conversion rounds, so a JSON
        Schema written with them agrees with the model up to the last bit.

        Args:
            unit: A unit code of the range's dimension (the same code for plain numbers).
            convert: ``convert(amount, from_unit, to_unit)``; :func:`allmodel.units.convert`
                by default (laboratory results pass their own, which crosses mass and
                substance units through the molar mass).
        """
        if unit == self.unit:
            return self.low, self.high

        def inside(amount: float) -> bool:
            return self.low <= convert(amount, unit, self.unit) <= self.high

        return (
            _edge(convert(self.low, self.unit, unit), inside, math.inf),
            _edge(convert(self.high, self.unit, unit), inside, -math.inf),
        )


def _edge(start: float, inside: Callable[[float], bool], inward: float) -> float:
    """The accepted magnitude nearest the edge: step from ``start`` towards ``inward`` until
    inside, then outward while still inside (a few float steps at most)."""
    edge = start
    while not inside(edge):
        edge = math.nextafter(edge, inward)
    while inside(outer := math.nextafter(edge, -inward)):
        edge = outer
    return edge


_LAB_VALUE_BASIS = (
    "Project decision: 0 (none detected, or below the reporting limit) or a result up to"
    " {high}, {why}; a laboratory can report such a result, and nothing above it is"
    " compatible with life or with a measurement."
)
_ULN_BASIS = (
    "Project decision: an upper limit of normal is a statistic of healthy people (adults"
    " or children, any method); {span} lies about ten times or more outside the reference"
    " limits laboratories use, so it refuses only numbers that cannot be a reference"
    " limit (1e-300) or that are in another unit."
)


def _lab(analyte: str, label: str, high: float, unit: str, why: str) -> PlausibleRange:
    basis = _LAB_VALUE_BASIS.format(high=f"{_number(high)} {unit}", why=why)
    return PlausibleRange(f"lab.{analyte}", label, RESOLUTION, high, unit, basis, zero=True)


def _uln(analyte: str, label: str, low: float, high: float, unit: str) -> PlausibleRange:
    span = f"{_number(low)}-{_number(high)} {unit}"
    basis = _ULN_BASIS.format(span=span)
    return PlausibleRange(
        f"uln.{analyte}", f"upper limit of normal of {label}", low, high, unit, basis
    )


_TABLE: tuple[PlausibleRange, ...] = (
    PlausibleRange(
        "age",
        "age",
        0,
        122,
        "years",
        "The longest verified human life: Jeanne Calment (1875-1997), 122 years and 164"
        " days (Robine JM, Allard M. The oldest human. Science 1998;279:1834). No recorded"
        " event (nor as_of) can be 123 or more years after the date of birth.",
    ),
    PlausibleRange(
        "height",
        "body height",
        20,
        280,
        "cm",
        "Above the tallest person on medical record, Robert Wadlow (1918-1940), 272 cm"
        " (Guinness World Records); at the bottom, surviving extremely premature newborns"
        " measure a little over 20 cm (University of Iowa Tiny Baby Registry). Project"
        " decision: no adult floor, so children and newborns are admitted.",
    ),
    PlausibleRange(
        "weight",
        "body weight",
        0.2,
        650,
        "kg",
        "Above the heaviest person recorded, Jon Brower Minnoch, estimated at about 635 kg"
        " in 1978 (Guinness World Records); at the bottom, the smallest surviving newborns"
        " weighed a little over 200 g (University of Iowa Tiny Baby Registry). Project"
        " decision: no adult floor (dose planning has its own, 25 kg).",
    ),
    PlausibleRange(
        "lvef",
        "left-ventricular ejection fraction",
        1,
        95,
        "%",
        "Project decision: an ejection fraction is (end-diastolic - end-systolic volume) /"
        " end-diastolic volume; 0 % is no ejection and 100 % an emptied ventricle, neither"
        " compatible with life. Reported values run from about 5 % (end-stage heart"
        " failure) to about 90 % (hyperdynamic, cavity obliteration); values below 1 are"
        " most likely fractions (0.6 for 60 %).",
    ),
    PlausibleRange(
        "cumulative_anthracycline",
        "cumulative anthracycline dose",
        RESOLUTION,
        5000,
        "mg/m2",
        "Project decision: 0 (none given) up to ten times the usual lifetime limit of"
        " doxorubicin-equivalent dose (about 450-550 mg/m2, for cardiotoxicity), which"
        " no record of treatment can reach.",
        zero=True,
    ),
    PlausibleRange(
        "marker_percent",
        "share of blasts expressing the antigen",
        0,
        100,
        "%",
        "A share of the blasts: 0 to 100 % by definition.",
    ),
    PlausibleRange(
        "mrd_level",
        "MRD level",
        1e-8,
        1,
        "",
        "A fraction of nucleated cells: 0 (not detected) or at most 1. Project decision:"
        " a detected level below 1e-8 cannot be measured, as no assay examines more than"
        " about 10^8 cells (the most sensitive methods in use reach about 1e-6).",
        zero=True,
    ),
    PlausibleRange(
        "mrd_sensitivity",
        "MRD assay sensitivity",
        1e-8,
        1,
        "",
        "The lowest fraction an assay detects, at most 1. Project decision: no assay"
        " examines more than about 10^8 cells, so none can detect below 1e-8.",
    ),
    # laboratory values, in each analyte's canonical unit (allmodel.model._labs.ANALYTES)
    _lab(
        "anc",
        "absolute neutrophil count",
        1000,
        "10^9/L",
        "above the neutrophil counts of extreme leukemoid reactions and myeloproliferative"
        " disease (hundreds x10^9/L); a neutrocrit of about a third of the blood",
    ),
    _lab(
        "platelets",
        "platelets",
        10000,
        "10^9/L",
        "about twice the counts of extreme thrombocytosis in myeloproliferative neoplasms"
        " (a few thousand x10^9/L)",
    ),
    _lab(
        "wbc",
        "white blood cells",
        2000,
        "10^9/L",
        "above the counts of extreme hyperleukocytosis (above 1000 x10^9/L has been"
        " reported); at 2000 x10^9/L blasts would fill about half of the blood volume",
    ),
    _lab(
        "hemoglobin",
        "hemoglobin",
        30,
        "g/dL",
        "above the concentrations of neonatal polycythemia and polycythemia vera (about 25 g/dL)",
    ),
    _lab(
        "albumin",
        "albumin",
        7,
        "g/dL",
        "above the albumin of severe dehydration (about 6 g/dL); no lower bound but 0,"
        " since congenital analbuminemia gives serum albumin below 0.1 g/dL",
    ),
    _lab(
        "bilirubin",
        "total bilirubin",
        150,
        "mg/dL",
        "well above the total bilirubin of liver failure with hemolysis (tens of mg/dL)",
    ),
    _lab(
        "ast",
        "aspartate aminotransferase",
        100000,
        "U/L",
        "above the activities of ischemic or toxic hepatitis (tens of thousands of U/L)",
    ),
    _lab(
        "alt",
        "alanine aminotransferase",
        100000,
        "U/L",
        "above the activities of ischemic or toxic hepatitis (tens of thousands of U/L)",
    ),
    _lab(
        "creatinine",
        "creatinine",
        100,
        "mg/dL",
        "above the creatinine of untreated end-stage renal failure and rhabdomyolysis"
        " (tens of mg/dL)",
    ),
    _lab(
        "creatinine_clearance",
        "creatinine clearance",
        1000,
        "mL/min",
        "above renal plasma flow (about 600 mL/min), which a measured clearance cannot"
        " exceed, with room for formula estimates",
    ),
    _lab(
        "ldh",
        "lactate dehydrogenase",
        100000,
        "U/L",
        "above the activities of massive hemolysis and tumour lysis (tens of thousands of U/L)",
    ),
    _lab("marrow_blasts", "bone marrow blasts", 100, "%", "a share: at most 100 %"),
    _lab("blood_blasts", "peripheral blood blasts", 100, "%", "a share: at most 100 %"),
    _lab("marrow_cellularity", "bone marrow cellularity", 100, "%", "a share: at most 100 %"),
    # the laboratory's upper limit of normal, in the same canonical units
    _uln("anc", "the absolute neutrophil count", 0.5, 100, "10^9/L"),
    _uln("platelets", "platelets", 50, 5000, "10^9/L"),
    _uln("wbc", "white blood cells", 1, 200, "10^9/L"),
    _uln("hemoglobin", "hemoglobin", 5, 30, "g/dL"),
    _uln("albumin", "albumin", 1, 7, "g/dL"),
    _uln("bilirubin", "total bilirubin", 0.1, 30, "mg/dL"),
    _uln("ast", "aspartate aminotransferase", 5, 1000, "U/L"),
    _uln("alt", "alanine aminotransferase", 5, 1000, "U/L"),
    _uln("creatinine", "creatinine", 0.1, 20, "mg/dL"),
    _uln("creatinine_clearance", "creatinine clearance", 10, 1000, "mL/min"),
    _uln("ldh", "lactate dehydrogenase", 10, 10000, "U/L"),
    _uln("marrow_blasts", "bone marrow blasts", 0.01, 100, "%"),
    _uln("blood_blasts", "peripheral blood blasts", 0.01, 100, "%"),
    _uln("marrow_cellularity", "bone marrow cellularity", 0.01, 100, "%"),
)

#: Every plausible range, by name (see the module docstring for the names).
PLAUSIBLE: Mapping[str, PlausibleRange] = {entry.name: entry for entry in _TABLE}

#: The oldest age, in completed years, at any recorded event or ``as_of``.
MAX_AGE_YEARS = int(PLAUSIBLE["age"].high)


def lab_range(analyte: str) -> PlausibleRange:
    """The plausible range of a result for ``analyte``, in its canonical unit."""
    return PLAUSIBLE[f"lab.{analyte}"]


def uln_range(analyte: str) -> PlausibleRange:
    """The plausible range of the upper limit of normal for ``analyte``, canonical unit."""
    return PLAUSIBLE[f"uln.{analyte}"]
