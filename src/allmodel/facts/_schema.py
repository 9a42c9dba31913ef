"""The fact schema: the one seam between the patient model and eligibility criteria.

A *fact* is a named, typed value derived from a patient's record as of a date: ``age_years``,
``ph_status``, ``cd22_percent``, ``prior_blinatumomab``, ``platelets`` (in 10^9/L) and so
on. :data:`FACTS` lists the declaration of each one: its type, the unit its values are in,
the categories it can take, and the model field paths it derives from (so that an unknown
criterion can say exactly what to record). Each fact is declared once, next to the code
deriving it, in the module of its group (:data:`GROUPS`: the person, the disease, the
course, laboratory results, MRD, recorded conditions); :data:`FACTS` is the groups' facts
in the groups' order. :func:`derive_facts` derives them all once; criteria then
compare facts with constants and never touch the model, so the same criteria can be
evaluated per patient or compiled for a cohort table with one column per fact.

Unknown is a value. A fact that cannot be derived is ``None``. Counts of recorded items
(prior regimens, salvage lines, failed TKIs) are exact only when the treatment history is
marked complete; otherwise they are lower bounds ("at least 2"), which decide ``>= 2`` but
not ``<= 1``. Exposures ("prior blinatumomab") are true when recorded, false only when the
history is complete, unknown otherwise.

Conventions: ages are completed years; intervals are calendar months with the partial
month as a fraction (:func:`allmodel.dates.calendar_months`); lab facts are the latest
result on or before ``as_of`` in the analyte's canonical unit, and multiples of the upper
limit of normal need the laboratory's ULN.

A result is only as current as its facts. Every fact derived from a test or an assessment
declares a :class:`~allmodel.facts.Validity` rule (after which events, within which
window); when the latest result breaks it, the fact is unknown and the record remembers
which result was set aside (:meth:`Facts.describe`). A result reported only as a limit
(an MRD "not detected" at sensitivity ``s``, a lab ``< 0.1``) is an interval: ``[0, s)``
decides a threshold only when the whole interval lies on one side of it.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Iterable
from datetime import date

import attrs

from allmodel.errors import RuleError
from allmodel.facts._conditions import CONDITIONS
from allmodel.facts._course import INTERVALS, NOT_IN_REMISSION, PHASE, RELAPSE_SITE, SALVAGE
from allmodel.facts._disease import DISEASE
from allmodel.facts._exposures import EXPOSURES
from allmodel.facts._group import FactGroup
from allmodel.facts._labs import LABS
from allmodel.facts._mrd import MRD
from allmodel.facts._person import PERSON
from allmodel.facts._spec import FACT_UNITS, FactSpec, FactType
from allmodel.facts._tki import TKI
from allmodel.facts._transplant import ALLOGENEIC, TRANSPLANT_PLANNING
from allmodel.facts._treatment import (
    BLOCKS,
    LAST_TREATMENT,
    RADIOTHERAPY_OR_IMMUNOTHERAPY,
    REGIMENS,
)
from allmodel.facts._validity import DEFAULT_VALIDITY, ValidityPolicy

__all__ = [
    "ALL_FACTS",
    "FACTS",
    "FACT_UNITS",
    "GROUPS",
    "NOT_IN_REMISSION",
    "FactSpec",
    "FactType",
    "Facts",
    "assemble_facts",
    "fact_index",
    "fact_spec",
]

#: The groups of facts, in order: the person, the disease, the course, laboratory
#: results, MRD, recorded conditions.
GROUPS: tuple[FactGroup, ...] = (
    PERSON,
    DISEASE,
    PHASE,
    SALVAGE,
    INTERVALS,
    REGIMENS,
    EXPOSURES,
    TKI,
    ALLOGENEIC,
    RADIOTHERAPY_OR_IMMUNOTHERAPY,
    BLOCKS,
    LAST_TREATMENT,
    TRANSPLANT_PLANNING,
    RELAPSE_SITE,
    LABS,
    MRD,
    CONDITIONS,
)


def assemble_facts(groups: Iterable[FactGroup]) -> tuple[FactSpec, ...]:
    """The declarations of ``groups``, group after group.

    Raises:
        RuleError: Two declarations have one name.
    """
    facts = tuple(spec for group in groups for spec in group.facts)
    counts = collections.Counter(spec.name for spec in facts)
    twice = sorted(name for name, count in counts.items() if count > 1)
    if twice:
        raise RuleError(f"facts declared more than once: {', '.join(twice)}")
    return facts


#: Every fact, in a fixed order (their position is their column in compiled evaluation).
FACTS: tuple[FactSpec, ...] = assemble_facts(GROUPS)


_INDEX: dict[str, int] = {spec.name: index for index, spec in enumerate(FACTS)}
_NAMES = tuple(spec.name for spec in FACTS)
#: Every fact name.
ALL_FACTS: frozenset[str] = frozenset(_NAMES)


def fact_spec(name: str) -> FactSpec:
    """The declaration of fact ``name``.

    Raises:
        RuleError: No fact has this name.
    """
    index = _INDEX.get(name)
    if index is None:
        raise RuleError(f"unknown fact {name!r}")
    return FACTS[index]


def fact_index(name: str) -> int:
    """Position of fact ``name`` in :data:`FACTS` (its column in compiled evaluation)."""
    fact_spec(name)
    return _INDEX[name]


@attrs.frozen
class Facts:
    """Every fact of one patient as of one date.

    Args:
        as_of: The date the facts describe.
        values: Values (or lower bounds) in :data:`FACTS` order; ``None`` is unknown.
        upper: Upper bounds in the same order: the value itself when exact, ``inf`` when
            only a lower bound is known, ``None`` when unknown.
        observed_on: The date of the result behind each fact (also of a result that was
            set aside as no longer current), else ``None``.
        derived: The facts that were derived (all by default); the others read as ``None``
            but may not be asked for.
        remarks: For some facts, what the value alone does not say: a result set aside as
            no longer current (and by which rule), a result reported only as a limit.
        validity: The windows the facts were derived with (the ruleset's).
    """

    as_of: date
    values: tuple[object, ...] = attrs.field(repr=False)
    upper: tuple[object, ...] = attrs.field(repr=False)
    observed_on: tuple[date | None, ...] = attrs.field(repr=False)
    derived: frozenset[str] = attrs.field(default=ALL_FACTS, repr=False)
    remarks: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=False)
    validity: ValidityPolicy = attrs.field(default=DEFAULT_VALIDITY, repr=False)

    def _index(self, name: str) -> int:
        index = fact_index(name)
        if name not in self.derived:
            raise RuleError(f"fact {name!r} was not derived for this record")
        return index

    def __getitem__(self, name: str) -> object:
        return self.values[self._index(name)]

    def is_exact(self, name: str) -> bool:
        """Whether the fact is known exactly (not unknown, not only a bound)."""
        index = self._index(name)
        return self.values[index] is not None and self.upper[index] == self.values[index]

    def remark(self, name: str) -> str | None:
        """What the value alone does not say (a result set aside, a limit), or ``None``."""
        self._index(name)
        for fact, text in self.remarks:
            if fact == name:
                return text
        return None

    def describe(self, name: str) -> str:
        """The value with its unit and, for results, its date (``45 10^9/L on ...``).

        An unknown fact whose result was set aside says so: ``unknown (the result of
        2022-09-26 is not current: ...)``.
        """
        index = self._index(name)
        spec = FACTS[index]
        value = self.values[index]
        when = self.observed_on[index]
        remark = self.remark(name) if self.remarks else None
        if value is None:
            return f"unknown ({remark})" if remark else "unknown"
        text = _show(value)
        unit = spec.unit is not None and spec.unit != "count" and not isinstance(value, bool)
        suffix = f" {spec.unit}" if unit else ""
        high = self.upper[index]
        if high != value:
            if high == math.inf:
                text = f"at least {text}"
            elif value == 0 and isinstance(high, float):
                # true of [0, x] and of [0, x) alike (a result reported as "< x", held as
                # [0, the float just below x]), which conversions leave indistinguishable
                text = f"at most {_show(high)}"
            else:
                text = f"between {text} and {_show(high)}"
        text += suffix
        if remark:
            text = f"{text} ({remark})"
        return f"{text} on {when.isoformat()}" if when is not None else text

    def as_dict(self) -> dict[str, object]:
        """Values by fact name (lower bounds as given; see :meth:`is_exact`), derived facts only."""
        return {
            name: value
            for name, value in zip(_NAMES, self.values, strict=True)
            if name in self.derived
        }


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value == math.inf:
        return "none ever"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
