"""Units: allmodel's unit table, any UCUM code of a supported dimension, one pint registry.

Clinical systems send units as short strings (``10^9/L``, ``/uL``, ``mg/m2``), FHIR and
laboratory feeds as UCUM codes (``10*3/mm3``, ``umol/l``, ``10*6{cells}/kg``). pint alone
cannot parse several of them (``10^9/L`` has a scaling factor, ``cells`` is undefined) and
happily parses nonsense such as ``mg/furlong``. allmodel reads a unit string in three
steps (:func:`parse_unit`):

1. its own table (:data:`UNITS`): each code maps to a :class:`Dimension` (what kind of
   quantity it measures), an exact factor to that dimension's canonical unit, the pint
   expression and the UCUM code it exports as (``IU/L`` exports as ``U/L``: UCUM's
   ``[IU]`` is an arbitrary unit that no UCUM converter converts);
2. a short alias table of non-UCUM laboratory spellings (:data:`ALIASES`: ``/µL``,
   ``x10E3/uL``);
3. UCUM (unitsofmeasure.org, version 2.2): parsed by ``ucumvert``'s grammar, which is
   generated from UCUM's ``ucum-essence.xml``, and evaluated with exact rational factors
   by ``allmodel._ucum`` (why not by ucumvert's own pint transformer is said there).
   UCUM is case-sensitive: ``umol/l`` and ``umol/L`` are the same (``l`` and ``L`` are
   both litre), ``MG/DL`` is not UCUM. Codes that UCUM reads differently from what a
   laboratory means (:data:`LOOKALIKES`: ``K/uL`` is kelvin per microlitre, not thousands
   per microlitre) are refused with an error that says so, and so are codes whose
   annotation changes what is measured though UCUM reads it as 1: a clearance per
   ``{1.73_m2}`` of body surface (an eGFR, not an absolute clearance in mL/min), any
   annotation on a volume per time, and any annotation in a divisor (``mg/g{creat}``).

Every accepted unit is then checked against the dimensions the field expects (a platelet
count in ``g/dl`` is an error). Parsed specs are cached per string, so each distinct code
is parsed once per process. Conversions inside the library are exact rational factors
applied to plain floats, so hot paths never touch pint or the parser. pint is used at the
boundary: :func:`to_quantity` gives a pint ``Quantity`` and :func:`from_quantity` accepts
one from any registry. pint and the UCUM parser are imported on first use, never at
``import allmodel``.

The registry is pint's application registry (:func:`get_registry`); allmodel never
creates another ``UnitRegistry``, never calls ``set_application_registry`` and defines
no units, so it composes with any application that also uses pint. Parsed pint units are
cached per registry.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import attrs

from allmodel import _ucum
from allmodel.errors import Problem, UnitError

if TYPE_CHECKING:
    import pint

__all__ = [
    "ALIASES",
    "LOOKALIKES",
    "UNITS",
    "Dimension",
    "UnitSpec",
    "accepted_units",
    "canonical_unit",
    "convert",
    "format_unit",
    "from_quantity",
    "get_registry",
    "parse_unit",
    "pint_unit",
    "to_canonical",
    "to_quantity",
]


class Dimension(enum.Enum):
    """What a unit measures; each dimension has one canonical unit used internally.

    The value is ``(description, canonical unit code)``.
    """

    COUNT_PER_VOLUME = ("count per volume", "10^9/L")
    MASS_PER_VOLUME = ("mass per volume", "g/L")
    SUBSTANCE_PER_VOLUME = ("amount of substance per volume", "umol/L")
    CATALYTIC_PER_VOLUME = ("catalytic activity per volume", "U/L")
    VOLUME_PER_TIME = ("volume per time", "mL/min")
    PERCENT = ("percentage", "%")
    MASS = ("mass", "mg")
    LENGTH = ("length", "cm")
    AREA = ("area", "m2")
    MASS_PER_AREA = ("mass per body surface area", "mg/m2")
    MASS_PER_AREA_PER_DAY = ("mass per body surface area per day", "ug/m2/day")
    MASS_PER_DAY = ("mass per day", "ug/day")
    MASS_PER_BODY_MASS = ("mass per body mass", "mg/kg")
    CELLS_PER_BODY_MASS = ("cells per body mass", "cells/kg")
    CELL_COUNT = ("cell count", "cells")
    ABSORBED_DOSE = ("absorbed radiation dose", "cGy")
    TIME = ("time", "d")

    @property
    def description(self) -> str:
        """Human name of the dimension, used in error messages."""
        description: str = self.value[0]
        return description

    @property
    def canonical(self) -> str:
        """Code of the canonical unit that internal magnitudes are expressed in."""
        canonical: str = self.value[1]
        return canonical


@attrs.frozen
class UnitSpec:
    """One accepted unit string.

    Args:
        code: The string as clinicians and documents send it (``10^9/L``).
        dimension: What it measures.
        factor: Exact factor that converts a value in this unit to the dimension's
            canonical unit (``45000 /uL`` times 1/1000 is ``45 10^9/L``).
        pint_expression: The same unit in pint's grammar (``1 / nanoliter``).
        ucum: The UCUM code (unitsofmeasure.org), for FHIR exchange.
        pint_scale: A number that pint cannot hold in a unit (``10^6 cells/kg`` is
            ``1e6`` times ``1 / kilogram``); quantities are scaled by it on export.
            A fraction for UCUM codes with negative powers of ten (``10*-3``).
    """

    code: str
    dimension: Dimension
    factor: Fraction
    pint_expression: str
    ucum: str
    pint_scale: int | Fraction = 1
    # the factor's parts as plain ints: Fraction's properties are slow in hot loops
    _numerator: int = attrs.field(init=False, repr=False, eq=False)
    _denominator: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_numerator", self.factor.numerator)
        object.__setattr__(self, "_denominator", self.factor.denominator)

    def to_canonical(self, value: float) -> float:
        """Convert ``value`` in this unit to the canonical unit, rounding once."""
        if self._denominator == 1:
            return float(value * self._numerator)
        if self._numerator == 1:
            return value / self._denominator
        return value * self._numerator / self._denominator

    def from_canonical(self, value: float) -> float:
        """Convert ``value`` in the canonical unit to this unit, rounding once."""
        if self._numerator == 1:
            return float(value * self._denominator)
        if self._denominator == 1:
            return value / self._numerator
        return value * self._denominator / self._numerator


def _spec(  # noqa: PLR0917  (a table row reads best positionally)
    code: str,
    dimension: Dimension,
    factor: Fraction | int,
    pint_expr: str,
    ucum: str,
    pint_scale: int = 1,
) -> UnitSpec:
    return UnitSpec(code, dimension, Fraction(factor), pint_expr, ucum, pint_scale)


_D = Dimension
_TABLE: tuple[UnitSpec, ...] = (
    # cell counts in blood: 10^9/L is 1 per nanolitre, 10^3/uL the same number
    _spec("10^9/L", _D.COUNT_PER_VOLUME, 1, "1 / nanoliter", "10*9/L"),
    _spec("10*9/L", _D.COUNT_PER_VOLUME, 1, "1 / nanoliter", "10*9/L"),
    _spec("10^3/uL", _D.COUNT_PER_VOLUME, 1, "1 / nanoliter", "10*3/uL"),
    _spec("10*3/uL", _D.COUNT_PER_VOLUME, 1, "1 / nanoliter", "10*3/uL"),
    _spec("/uL", _D.COUNT_PER_VOLUME, Fraction(1, 1000), "1 / microliter", "/uL"),
    _spec("/mm3", _D.COUNT_PER_VOLUME, Fraction(1, 1000), "1 / millimeter ** 3", "/mm3"),
    # mass concentrations (hemoglobin, albumin, bilirubin, creatinine)
    _spec("g/L", _D.MASS_PER_VOLUME, 1, "gram / liter", "g/L"),
    _spec("g/dL", _D.MASS_PER_VOLUME, 10, "gram / deciliter", "g/dL"),
    _spec("mg/dL", _D.MASS_PER_VOLUME, Fraction(1, 100), "milligram / deciliter", "mg/dL"),
    _spec("mg/L", _D.MASS_PER_VOLUME, Fraction(1, 1000), "milligram / liter", "mg/L"),
    # substance concentrations (bilirubin, creatinine in SI units)
    _spec("umol/L", _D.SUBSTANCE_PER_VOLUME, 1, "micromole / liter", "umol/L"),
    # enzyme activity (AST, ALT, LDH)
    _spec("U/L", _D.CATALYTIC_PER_VOLUME, 1, "enzyme_unit / liter", "U/L"),
    # IU/L exports as U/L: UCUM's [IU] is an arbitrary unit no UCUM converter converts
    _spec("IU/L", _D.CATALYTIC_PER_VOLUME, 1, "enzyme_unit / liter", "U/L"),
    # clearance
    _spec("mL/min", _D.VOLUME_PER_TIME, 1, "milliliter / minute", "mL/min"),
    # percentages (blasts, cellularity)
    _spec("%", _D.PERCENT, 1, "percent", "%"),
    # masses: doses and body weight
    _spec("mg", _D.MASS, 1, "milligram", "mg"),
    _spec("g", _D.MASS, 1000, "gram", "g"),
    _spec("ug", _D.MASS, Fraction(1, 1000), "microgram", "ug"),
    _spec("kg", _D.MASS, 1_000_000, "kilogram", "kg"),
    # body size
    _spec("cm", _D.LENGTH, 1, "centimeter", "cm"),
    _spec("m", _D.LENGTH, 100, "meter", "m"),
    _spec("m2", _D.AREA, 1, "meter ** 2", "m2"),
    # doses normalised to body surface area or body mass
    _spec("mg/m2", _D.MASS_PER_AREA, 1, "milligram / meter ** 2", "mg/m2"),
    _spec("g/m2", _D.MASS_PER_AREA, 1000, "gram / meter ** 2", "g/m2"),
    _spec("ug/m2", _D.MASS_PER_AREA, Fraction(1, 1000), "microgram / meter ** 2", "ug/m2"),
    _spec("ug/m2/day", _D.MASS_PER_AREA_PER_DAY, 1, "microgram / meter ** 2 / day", "ug/m2/d"),
    _spec("mg/m2/day", _D.MASS_PER_AREA_PER_DAY, 1000, "milligram / meter ** 2 / day", "mg/m2/d"),
    _spec("ug/day", _D.MASS_PER_DAY, 1, "microgram / day", "ug/d"),
    _spec("mg/day", _D.MASS_PER_DAY, 1000, "milligram / day", "mg/d"),
    _spec("mg/kg", _D.MASS_PER_BODY_MASS, 1, "milligram / kilogram", "mg/kg"),
    # cellular products
    _spec("cells/kg", _D.CELLS_PER_BODY_MASS, 1, "1 / kilogram", "{cells}/kg"),
    _spec("10^6 cells/kg", _D.CELLS_PER_BODY_MASS, 10**6, "1 / kilogram", "10*6{cells}/kg", 10**6),
    _spec("cells", _D.CELL_COUNT, 1, "dimensionless", "{cells}"),
    _spec("10^8 cells", _D.CELL_COUNT, 10**8, "dimensionless", "10*8{cells}", 10**8),
    # radiation
    _spec("cGy", _D.ABSORBED_DOSE, 1, "centigray", "cGy"),
    _spec("Gy", _D.ABSORBED_DOSE, 100, "gray", "Gy"),
    # durations (UCUM: wk = 7 d, a = a_j = 365.25 d, mo = mo_j = a_j/12 = 30.4375 d)
    _spec("d", _D.TIME, 1, "day", "d"),
    _spec("wk", _D.TIME, 7, "week", "wk"),
    _spec("mo", _D.TIME, Fraction(487, 16), "month", "mo"),
    _spec("a", _D.TIME, Fraction(1461, 4), "year", "a"),
)
del _D

#: allmodel's own unit codes (those it writes), keyed by code; case-sensitive.
#: :func:`parse_unit` accepts any UCUM code of a supported dimension besides these.
UNITS: Mapping[str, UnitSpec] = {spec.code: spec for spec in _TABLE}

_BY_DIMENSION: dict[Dimension, tuple[str, ...]] = {
    dimension: tuple(spec.code for spec in _TABLE if spec.dimension is dimension)
    for dimension in Dimension
}


def accepted_units(dimension: Dimension) -> tuple[str, ...]:
    """Return the table's unit codes for ``dimension``, in table order.

    These are the codes the JSON Schema lists; :func:`parse_unit` accepts any UCUM code
    of the dimension and the aliases too.
    """
    return _BY_DIMENSION[dimension]


def canonical_unit(dimension: Dimension) -> UnitSpec:
    """Return the spec of ``dimension``'s canonical unit."""
    return UNITS[dimension.canonical]


def _describe(dimensions: tuple[Dimension, ...]) -> str:
    return " or ".join(d.description for d in dimensions)


def parse_unit(code: object, *expected: Dimension, path: str = "unit") -> UnitSpec:
    """Read a unit string: a code of the table, an alias, or any UCUM code; check its dimension.

    Codes of :data:`UNITS` are a dictionary look-up. Any other string is looked up in
    :data:`ALIASES` (non-UCUM lab spellings), then parsed as UCUM (case-sensitive, as
    UCUM is) and evaluated with exact factors (``allmodel._ucum``); the result is
    cached, so each distinct string is parsed once per process.

    Args:
        code: The unit string as sent (``"10^9/L"``, ``"10*3/mm3"``, ``"umol/l"``).
        *expected: The dimensions the field accepts; none means any.
        path: Field path to name in the error.

    Returns:
        The unit's spec; for a parsed code, ``spec.code`` is the string as sent and
        ``spec.ucum`` its UCUM code.

    Raises:
        UnitError: ``code`` is not a string, is neither valid UCUM nor an alias, is a
            lookalike UCUM reads differently (``K/uL``: kelvin per microlitre), measures
            no dimension allmodel supports, is normalised by an annotation UCUM reads as
            1 (``mL/min/{1.73_m2}``: per body surface, not an absolute clearance), or
            measures a dimension other than those expected (``'mg' is not a count per
            volume``).
    """
    if not isinstance(code, str):
        raise UnitError([Problem(path, f"expected a unit string, got {type(code).__name__}")])
    spec = UNITS.get(code)
    if spec is None:
        spec = _PARSED.get(code)
        if spec is None:
            spec = _parse_new(code, expected, path)
    if expected and spec.dimension not in expected:
        raise UnitError([Problem(path, f"{code!r} is not a {_describe(expected)}")])
    return spec


#: Non-UCUM spellings that laboratories send, each with the UCUM code it stands for.
#: Short on purpose: a spelling is added only when its meaning is unambiguous.
ALIASES: Mapping[str, str] = {
    # the micro sign (U+00B5) and Greek mu (U+03BC) for UCUM's ASCII prefix u
    "/\u00b5L": "/uL",
    "/\u03bcL": "/uL",
    "\u00b5mol/L": "umol/L",
    "\u00b5g": "ug",
    # "times ten to the" notation of US laboratory interfaces
    "x10E3/uL": "10*3/uL",
    "x10E6/uL": "10*6/uL",
    "x10E9/L": "10*9/L",
    "x10E12/L": "10*12/L",
}

#: UCUM atoms that laboratory spellings use with another meaning: code to
#: (what UCUM reads, what the sender probably meant and its UCUM code).
LOOKALIKES: Mapping[str, tuple[str, str]] = {
    "K": ("kelvin (a temperature)", "thousands ('K/uL') are 10*3/uL"),
    "u": ("the unified atomic mass unit", "enzyme units are U (U/L)"),
    "G": ("gauss (a magnetic flux density)", "10^9 per litre ('G/L') is 10*9/L"),
    "T": ("tesla (a magnetic flux density)", "10^12 per litre ('T/L') is 10*12/L"),
}

_PARSED: dict[str, UnitSpec] = {}
_CLASSES: dict[tuple[tuple[tuple[str, int], ...], bool, bool], tuple[Dimension, Fraction]] = {}


def _class_key(evaluated: _ucum.Evaluated) -> tuple[tuple[tuple[str, int], ...], bool, bool]:
    if evaluated.dims:
        return evaluated.dims, False, False
    return (), evaluated.mass_ratio, evaluated.percent and not evaluated.mass_ratio


def _classes() -> dict[tuple[tuple[tuple[str, int], ...], bool, bool], tuple[Dimension, Fraction]]:
    """Each dimension's signature and canonical value, from its canonical UCUM code."""
    if not _CLASSES:
        for dimension in Dimension:
            evaluated = _ucum.evaluate(canonical_unit(dimension).ucum)
            _CLASSES[_class_key(evaluated)] = (dimension, evaluated.value)
    return _CLASSES


def _parse_new(code: str, expected: tuple[Dimension, ...], path: str) -> UnitSpec:
    ucum = ALIASES.get(code, code)
    try:
        evaluated = _ucum.evaluate(ucum)
    except _ucum.UcumSyntaxError as error:
        allowed = [c for d in expected for c in _BY_DIMENSION[d]] if expected else list(UNITS)
        detail = str(error).split(": ", 1)[-1].rstrip(".")
        message = (
            f"unknown unit {code!r}: not UCUM ({detail}) and not an alias"
            f" (accepted: UCUM codes of the dimension and {', '.join(allowed)})"
        )
        raise UnitError([Problem(path, message)]) from None
    except _ucum.UnsupportedAtomError as error:
        lookalike = LOOKALIKES.get(error.atom)
        if lookalike is not None:
            meaning, advice = lookalike
            message = f"{code!r} is a lookalike: UCUM reads {error.atom!r} as {meaning}; {advice}"
        else:
            message = f"{code!r} is valid UCUM, but allmodel converts no unit {error.atom!r}"
        raise UnitError([Problem(path, message)]) from None
    found = _classes().get(_class_key(evaluated))
    if found is None:
        message = f"{code!r} is valid UCUM, but measures no dimension allmodel supports"
        raise UnitError([Problem(path, message)])
    dimension, canonical_value = found
    _refuse_normalised(code, evaluated, dimension, path)
    if evaluated.arbitrary and dimension is not Dimension.CATALYTIC_PER_VOLUME:
        message = (
            f"{code!r}: UCUM's [IU] is an arbitrary unit; allmodel reads it as the"
            " enzyme unit U only in a catalytic activity per volume ([IU]/L)"
        )
        raise UnitError([Problem(path, message)])
    scale = evaluated.pint_scale
    spec = UnitSpec(
        code,
        dimension,
        evaluated.value / canonical_value,
        evaluated.pint_expression,
        ucum.replace("[IU]", "U").replace("[iU]", "U"),
        scale.numerator if scale.denominator == 1 else scale,
    )
    _PARSED[code] = spec
    return spec


def _refuse_normalised(
    code: str, evaluated: _ucum.Evaluated, dimension: Dimension, path: str
) -> None:
    """Refuse a code whose annotations change what the value measures.

    UCUM gives an annotation the value 1, so ``mL/min/{1.73_m2}`` evaluates as ``mL/min``;
    but a laboratory sends it for a clearance or eGFR normalised to 1.73 m2 of body
    surface, which is not an absolute clearance (52 mL/min/1.73 m2 is about 39 mL/min for
    a body surface of 1.29 m2). No conversion is made (it would need the body surface
    area on the day and a cited method): the code is refused. An annotation in a divisor
    (``mg/g{creat}``, ``/100{WBCs}``) says what any value is normalised to and is refused
    the same way; one that names what is counted (``10*3{cells}/uL``, ``%{blasts}``) is
    read as UCUM reads it.
    """
    if dimension is Dimension.VOLUME_PER_TIME and evaluated.annotations:
        message = (
            f"{code!r} is not an absolute clearance: its annotation"
            f" {evaluated.annotations[0]!r}, which UCUM reads as 1, marks a value normalised"
            " to body surface (per 1.73 m2, as an eGFR is); give the absolute creatinine"
            " clearance in mL/min (allmodel does not convert with the body surface area)"
        )
        raise UnitError([Problem(path, message)])
    if evaluated.divisor_annotations:
        message = (
            f"{code!r} is divided by the annotation {evaluated.divisor_annotations[0]!r},"
            " which UCUM reads as 1 but which says what the value is normalised to;"
            " allmodel reads no normalised value (give the unit without it)"
        )
        raise UnitError([Problem(path, message)])


def format_unit(spec: UnitSpec) -> str:
    """Return the wire string of a unit; ``format_unit(parse_unit(s)) == s`` for every code."""
    return spec.code


def to_canonical(value: float, code: str) -> float:
    """Convert ``value`` expressed in unit ``code`` to its dimension's canonical unit."""
    return parse_unit(code).to_canonical(value)


def convert(value: float, from_code: str, to_code: str) -> float:
    """Convert ``value`` between two units of the same dimension using exact factors.

    Raises:
        UnitError: A code is unknown or the two measure different dimensions.
    """
    source = parse_unit(from_code, path="from")
    target = parse_unit(to_code, source.dimension, path="to")
    if source is target:
        return value
    return target.from_canonical(source.to_canonical(value))


# --- pint at the boundary -------------------------------------------------------------

_unit_cache: dict[tuple[int, str], Any] = {}


def get_registry() -> pint.UnitRegistry[Any]:
    """Return the pint registry allmodel uses: pint's application registry, as wrapped now.

    Imports pint on first call. allmodel never replaces the application registry; an
    application that calls ``pint.set_application_registry`` before using allmodel's
    quantities gets quantities from its own registry.
    """
    import pint  # noqa: PLC0415  (deferred: pint costs ~0.25 s to import)

    proxy = pint.get_application_registry()  # type: ignore[no-untyped-call]  # untyped in pint 0.25
    return cast("pint.UnitRegistry[Any]", proxy.get())


def pint_unit(code: str) -> pint.Unit:
    """Return the pint unit for a unit code, parsed once per registry and cached."""
    spec = parse_unit(code)
    registry = get_registry()
    key = (id(registry), spec.code)
    unit = _unit_cache.get(key)
    if unit is None:
        unit = registry.parse_units(spec.pint_expression)
        _unit_cache[key] = unit
    return cast("pint.Unit", unit)


def to_quantity(value: float, code: str) -> pint.Quantity[float]:
    """Return ``value`` in unit ``code`` as a pint Quantity of the application registry.

    Units that pint cannot express with their scale (``10^6 cells/kg``) are exported in
    the unscaled pint unit with the magnitude scaled, so the quantity is physically equal.
    """
    spec = parse_unit(code)
    registry = get_registry()
    return registry.Quantity(
        value * spec.pint_scale if spec.pint_scale != 1 else value, pint_unit(code)
    )


def from_quantity(quantity: Any, *expected: Dimension, path: str = "unit") -> tuple[float, str]:
    """Accept a pint Quantity from any registry and express it in allmodel's table.

    Args:
        quantity: A ``pint.Quantity`` (any registry) whose units are physically
            compatible with one of the expected dimensions.
        *expected: Dimensions the caller accepts.
        path: Field path to name in errors.

    Returns:
        ``(magnitude, code)``: the same code when the quantity's unit is in the table,
        otherwise the canonical code of the matching dimension.

    Raises:
        UnitError: The object is not a quantity or matches none of the expected dimensions.
    """
    import pint  # noqa: PLC0415

    if not isinstance(quantity, pint.Quantity):
        raise UnitError([Problem(path, f"expected a pint Quantity, got {type(quantity).__name__}")])
    registry = get_registry()
    magnitude = float(quantity.magnitude)
    if not math.isfinite(magnitude):
        raise UnitError([Problem(path, f"magnitude must be finite, got {magnitude}")])
    # re-home into the application registry: quantities of other registries cannot mix
    local = registry.Quantity(magnitude, str(quantity.units))
    dimensions = expected or tuple(Dimension)
    for dimension in dimensions:
        for code in _BY_DIMENSION[dimension]:
            if UNITS[code].pint_scale == 1 and local.units == pint_unit(code):
                return magnitude, code
    for dimension in dimensions:
        canonical = canonical_unit(dimension)
        target = pint_unit(canonical.code)
        if local.dimensionality == target.dimensionality:
            return float(local.m_as(target)), canonical.code
    raise UnitError([Problem(path, f"{local.units!s} is not a {_describe(tuple(dimensions))}")])
