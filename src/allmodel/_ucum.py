"""UCUM codes: parsed by ucumvert's grammar, evaluated by allmodel with exact factors.

UCUM (the Unified Code for Units of Measure, version 2.2, unitsofmeasure.org) is the
code system of FHIR ``Quantity.code`` and of most laboratory feeds. Parsing uses
``ucumvert`` (MIT, pure Python, on ``lark``): its grammar is generated from UCUM's own
``ucum-essence.xml`` and knows every prefix and atom, so a code is either valid UCUM
or refused with the column where it stops being UCUM.

The parse tree is evaluated here, not by ucumvert's pint transformer, because that
transformer either loads about 200 definitions into pint's application registry or builds
a second registry, and reads ``[IU]`` as a plain number; allmodel keeps one registry and
defines no units in it. Evaluation multiplies exact rational values of a closed table of
atoms (:data:`ATOMS`), each taken from ``ucum-essence.xml``, and the pint expression of
the same unit is assembled from pint's own unit names. An atom outside the table is valid
UCUM of a kind allmodel does not measure (``mm[Hg]``) and is refused as such.

The module imports ucumvert on first parse (it imports pint and lark: about 0.3 s), so
``import allmodel`` stays fast and codes of allmodel's own unit table never load it.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from lark import Token, Tree

__all__ = [
    "ATOMS",
    "PREFIXES",
    "Atom",
    "Evaluated",
    "UcumSyntaxError",
    "UnsupportedAtomError",
    "evaluate",
]

#: Base quantities of the evaluation: gram, metre, second, mole, gray.
_BASES = ("g", "m", "s", "mol", "Gy")


@attrs.frozen
class Atom:
    """One UCUM unit atom allmodel converts, with its value from ``ucum-essence.xml``.

    Args:
        value: Exact value in the base units gram, metre, second, mole, gray.
        dims: Exponent of each base unit.
        pint: The same unit in pint's default registry.
        metric: UCUM allows a prefix (``isMetric="yes"``).
    """

    value: Fraction
    dims: tuple[tuple[str, int], ...]
    pint: str
    metric: bool


def _atom(value: Fraction | int, pint: str, *, metric: bool, **dims: int) -> Atom:
    return Atom(Fraction(value), tuple(sorted(dims.items())), pint, metric)


_DAY = 86_400
_JULIAN_YEAR = Fraction(1461, 4) * _DAY  # a_j = 365.25 d
_GRAIN = Fraction(6_479_891, 100_000_000)  # [gr] = 64.79891 mg, in g

#: The atoms allmodel converts. Values as ``ucum-essence.xml`` (UCUM 2.2) defines them:
#: ``l``/``L`` = 1 dm3; ``min`` = 60 s; ``h`` = 60 min; ``d`` = 24 h; ``wk`` = 7 d;
#: ``a`` = ``a_j`` = 365.25 d; ``mo`` = ``mo_j`` = ``a_j``/12; ``U`` = 1 umol/min;
#: ``kat`` = 1 mol/s; ``%`` = 10*-2; ``10*`` = ``10^`` = 10; ``[gr]`` = 64.79891 mg;
#: ``[lb_av]`` = 7000 ``[gr]``; ``[oz_av]`` = ``[lb_av]``/16; ``[in_i]`` = 2.54 cm;
#: ``[ft_i]`` = 12 ``[in_i]``; ``Gy`` = 1 J/kg. ``[IU]`` and ``[iU]`` are arbitrary
#: units in UCUM; they are listed with the value of ``U`` and accepted only where
#: :func:`allmodel.units.parse_unit` allows them (enzyme activity per volume).
ATOMS: Mapping[str, Atom] = {
    "g": _atom(1, "gram", metric=True, g=1),
    "[gr]": _atom(_GRAIN, "grain", metric=False, g=1),
    "[lb_av]": _atom(7000 * _GRAIN, "pound", metric=False, g=1),
    "[oz_av]": _atom(7000 * _GRAIN / 16, "ounce", metric=False, g=1),
    "m": _atom(1, "meter", metric=True, m=1),
    "[in_i]": _atom(Fraction(254, 10_000), "inch", metric=False, m=1),
    "[ft_i]": _atom(Fraction(254 * 12, 10_000), "foot", metric=False, m=1),
    "l": _atom(Fraction(1, 1000), "liter", metric=True, m=3),
    "L": _atom(Fraction(1, 1000), "liter", metric=True, m=3),
    "s": _atom(1, "second", metric=True, s=1),
    "min": _atom(60, "minute", metric=False, s=1),
    "h": _atom(3600, "hour", metric=False, s=1),
    "d": _atom(_DAY, "day", metric=False, s=1),
    "wk": _atom(7 * _DAY, "week", metric=False, s=1),
    "a": _atom(_JULIAN_YEAR, "year", metric=False, s=1),
    "a_j": _atom(_JULIAN_YEAR, "year", metric=False, s=1),
    "mo": _atom(_JULIAN_YEAR / 12, "month", metric=False, s=1),
    "mo_j": _atom(_JULIAN_YEAR / 12, "month", metric=False, s=1),
    "mol": _atom(1, "mole", metric=True, mol=1),
    "U": _atom(Fraction(1, 60_000_000), "enzyme_unit", metric=True, mol=1, s=-1),
    "[IU]": _atom(Fraction(1, 60_000_000), "enzyme_unit", metric=True, mol=1, s=-1),
    "[iU]": _atom(Fraction(1, 60_000_000), "enzyme_unit", metric=True, mol=1, s=-1),
    "kat": _atom(1, "katal", metric=True, mol=1, s=-1),
    "Gy": _atom(1, "gray", metric=True, Gy=1),
    "%": _atom(Fraction(1, 100), "percent", metric=False),
    "10*": _atom(10, "", metric=False),
    "10^": _atom(10, "", metric=False),
}

#: UCUM prefixes (``ucum-essence.xml``): code to (exact factor, pint prefix).
PREFIXES: Mapping[str, tuple[Fraction, str]] = {
    "Y": (Fraction(10**24), "yotta"),
    "Z": (Fraction(10**21), "zetta"),
    "E": (Fraction(10**18), "exa"),
    "P": (Fraction(10**15), "peta"),
    "T": (Fraction(10**12), "tera"),
    "G": (Fraction(10**9), "giga"),
    "M": (Fraction(10**6), "mega"),
    "k": (Fraction(10**3), "kilo"),
    "h": (Fraction(10**2), "hecto"),
    "da": (Fraction(10), "deca"),
    "d": (Fraction(1, 10), "deci"),
    "c": (Fraction(1, 10**2), "centi"),
    "m": (Fraction(1, 10**3), "milli"),
    "u": (Fraction(1, 10**6), "micro"),
    "n": (Fraction(1, 10**9), "nano"),
    "p": (Fraction(1, 10**12), "pico"),
    "f": (Fraction(1, 10**15), "femto"),
    "a": (Fraction(1, 10**18), "atto"),
    "z": (Fraction(1, 10**21), "zepto"),
    "y": (Fraction(1, 10**24), "yocto"),
}


class UcumSyntaxError(ValueError):
    """A string that is not valid UCUM; the message says where it stops being UCUM."""


class UnsupportedAtomError(ValueError):
    """Valid UCUM with an atom allmodel does not convert; ``atom`` names it."""

    def __init__(self, atom: str) -> None:
        super().__init__(atom)
        self.atom = atom


@attrs.frozen
class Evaluated:
    """A UCUM code's value in base units, its dimension and its pint form.

    Args:
        value: Exact value of one of the unit in gram, metre, second, mole, gray.
        dims: Net exponent of each base unit (zeros left out).
        mass_ratio: A mass divided by a mass (``mg/kg``): dimensionless, but a dose per
            body mass rather than a number.
        percent: The unit contains ``%``.
        arbitrary: The unit contains ``[IU]`` or ``[iU]``.
        atoms: The atoms it is made of, in order.
        annotations: Its annotations with their braces (``{cells}``): those that multiply,
            then those that divide.
        divisor_annotations: The annotations in a divisor (``{1.73_m2}`` in
            ``mL/min/{1.73_m2}``, ``{creat}`` in ``mg/g{creat}``): UCUM gives them the value
            1, but they say what the quantity is normalised to.
        pint_expression: The unit in pint's grammar, without numeric factors.
        pint_scale: The numeric factors (``10*6``) pint cannot hold in a unit.
    """

    value: Fraction
    dims: tuple[tuple[str, int], ...]
    mass_ratio: bool
    percent: bool
    arbitrary: bool
    atoms: tuple[str, ...]
    pint_expression: str
    pint_scale: Fraction
    annotations: tuple[str, ...] = ()
    divisor_annotations: tuple[str, ...] = ()


@attrs.define
class _Term:
    value: Fraction = Fraction(1)
    pos: dict[str, int] = attrs.Factory(dict)
    neg: dict[str, int] = attrs.Factory(dict)
    atoms: list[str] = attrs.Factory(list)
    pint: str = ""
    scale: Fraction = Fraction(1)
    # annotations multiplying the term, and those dividing it
    over: list[str] = attrs.Factory(list)
    under: list[str] = attrs.Factory(list)

    def power(self, exponent: int) -> _Term:
        # contributions keep their sign apart: pos holds positive, neg negative exponents
        pos, neg = (self.pos, self.neg) if exponent > 0 else (self.neg, self.pos)
        over, under = (self.over, self.under) if exponent > 0 else (self.under, self.over)
        return _Term(
            self.value**exponent,
            {b: e * exponent for b, e in pos.items()},
            {b: e * exponent for b, e in neg.items()},
            self.atoms,
            f"({self.pint}) ** {exponent}" if self.pint else "",
            self.scale**exponent,
            list(over),
            list(under),
        )

    def times(self, other: _Term) -> _Term:
        pos = dict(self.pos)
        neg = dict(self.neg)
        for b, e in other.pos.items():
            pos[b] = pos.get(b, 0) + e
        for b, e in other.neg.items():
            neg[b] = neg.get(b, 0) + e
        if self.pint and other.pint:
            pint = f"({self.pint}) * ({other.pint})"
        else:
            pint = self.pint or other.pint
        return _Term(
            self.value * other.value,
            pos,
            neg,
            [*self.atoms, *other.atoms],
            pint,
            self.scale * other.scale,
            [*self.over, *other.over],
            [*self.under, *other.under],
        )


_parser: Any = None


def _parse(code: str) -> Tree[Token]:
    global _parser  # noqa: PLW0603  (one parser, built on first use)
    import ucumvert  # noqa: PLC0415  (deferred: imports lark and pint)

    if _parser is None:
        _parser = ucumvert.get_ucum_parser()
    try:
        tree: Tree[Token] = ucumvert.parse_ucum(code, _parser)
    except ucumvert.InvalidUcumError as error:
        raise UcumSyntaxError(str(error).split("\n", 1)[0]) from None
    return tree


def _simple(children: list[Any]) -> _Term:
    if len(children) == 2:
        prefix, name = str(children[0]), str(children[1])
        atom = ATOMS.get(name)
        if atom is None or not atom.metric:
            raise UnsupportedAtomError(prefix + name)
        factor, pint_prefix = PREFIXES[prefix]
        term = _from_atom(name, atom, prefix=pint_prefix)
        term.value *= factor
        term.atoms = [prefix + name]
        return term
    token = children[0]
    if token.type == "FACTOR":
        return _Term(Fraction(int(token)), scale=Fraction(int(token)), atoms=[str(token)])
    name = str(token)
    atom = ATOMS.get(name)
    if atom is None:
        raise UnsupportedAtomError(name)
    return _from_atom(name, atom, prefix="")


def _from_atom(name: str, atom: Atom, *, prefix: str) -> _Term:
    pos = {b: e for b, e in atom.dims if e > 0}
    neg = {b: e for b, e in atom.dims if e < 0}
    if atom.pint:
        return _Term(atom.value, pos, neg, [name], prefix + atom.pint)
    return _Term(atom.value, pos, neg, [name], "", atom.value)  # 10*: a number


def _walk(node: Any) -> _Term:
    from lark import Token  # noqa: PLC0415

    if isinstance(node, Token):
        if node.type == "ANNOTATION":
            return _Term(atoms=[str(node)], over=[str(node)])
        msg = f"unexpected token {node!s}"  # pragma: no cover - grammar guarantees
        raise UcumSyntaxError(msg)
    rule = str(node.data)
    children = list(node.children)
    if rule == "simple_unit":
        return _simple(children)
    if rule == "main_term":
        if len(children) == 2:
            return _walk(children[1]).power(-1)
        return _walk(children[0])
    if rule == "term":
        left, operator, right = children
        right_term = _walk(right)
        return _walk(left).times(right_term if str(operator) == "." else right_term.power(-1))
    if rule == "component":  # annotatable with an annotation: the annotation counts 1
        term = _walk(children[0])
        if len(children) == 2:
            term.over.append(str(children[1]))
        return term
    if rule == "annotatable":
        if len(children) == 2 and isinstance(children[1], Token) and children[1].type == "EXPONENT":
            return _walk(children[0]).power(int(children[1]))
        return _walk(children[0])
    msg = f"unexpected rule {rule}"  # pragma: no cover - grammar guarantees
    raise UcumSyntaxError(msg)


def evaluate(code: str) -> Evaluated:
    """Parse a UCUM code and evaluate it exactly.

    Raises:
        UcumSyntaxError: ``code`` is not valid UCUM.
        UnsupportedAtomError: ``code`` is valid UCUM with an atom outside :data:`ATOMS`.
    """
    term = _walk(_parse(code))
    net = {b: term.pos.get(b, 0) + term.neg.get(b, 0) for b in _BASES}
    dims = tuple((b, e) for b, e in sorted(net.items()) if e)
    mass_ratio = not dims and term.pos.get("g", 0) > 0 and term.neg.get("g", 0) < 0
    return Evaluated(
        value=term.value,
        dims=dims,
        mass_ratio=mass_ratio,
        percent="%" in term.atoms,
        arbitrary=any(a.endswith(("[IU]", "[iU]")) for a in term.atoms),
        atoms=tuple(term.atoms),
        pint_expression=term.pint or "dimensionless",
        pint_scale=term.scale,
        annotations=(*term.over, *term.under),
        divisor_annotations=tuple(term.under),
    )
