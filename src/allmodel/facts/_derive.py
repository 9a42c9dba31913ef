"""Derive the facts of :mod:`allmodel.facts._schema` from a patient's record as of a date.

The facts are derived group by group (:data:`allmodel.facts._schema.GROUPS`; each group's
module holds its declarations and its derivation). :func:`derive_facts` derives every
group, or only the groups holding the facts asked for (``needed``): screening a few
options then costs only what those options read. Shared pieces (the course as of the
date, the disease phase, the dates results must follow) are computed once per call
(:class:`allmodel.facts._record.Record`).

Each result is checked against its fact's validity rule (:mod:`allmodel.facts._validity`)
with the windows of the ruleset: a result that is no longer current gives an unknown fact
and a remark naming the result and the rule. Each rule is declared with its fact in
:data:`allmodel.facts.FACTS`.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Collection
from datetime import date

from allmodel._arguments import require_patient
from allmodel.dates import require_date
from allmodel.errors import ArgumentError, Problem, RuleError
from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record, RuleTable
from allmodel.facts._schema import ALL_FACTS, FACTS, GROUPS, Facts
from allmodel.facts._validity import DEFAULT_VALIDITY, ValidityPolicy
from allmodel.model._patient import Patient
from allmodel.model._plausibility import MAX_AGE_YEARS

__all__ = ["derive_facts", "fact_bounds", "groups_for"]

_NAMES = tuple(spec.name for spec in FACTS)
_INDEX = {name: index for index, name in enumerate(_NAMES)}
_in_order = operator.itemgetter(*_NAMES)
_BLANK: dict[str, object] = dict.fromkeys(_NAMES)
#: The validity rules of the facts read from dated results.
_RULES = RuleTable({spec.name: spec.validity for spec in FACTS if spec.validity is not None})


@functools.lru_cache(maxsize=128)
def _derived(groups: tuple[FactGroup, ...]) -> frozenset[str]:
    return frozenset().union(*(group.names for group in groups))


@functools.lru_cache(maxsize=128)
def groups_for(needed: frozenset[str]) -> tuple[FactGroup, ...]:
    """The groups that hold any of the ``needed`` facts, in order."""
    unknown = needed - ALL_FACTS
    if unknown:
        raise RuleError(f"unknown facts: {', '.join(sorted(unknown))}")
    groups = tuple(group for group in GROUPS if group.names & needed)
    return GROUPS if groups == GROUPS else groups  # every group: derived as with None


def derive_facts(
    patient: Patient,
    *,
    as_of: date,
    needed: Collection[str] | None = None,
    validity: ValidityPolicy = DEFAULT_VALIDITY,
) -> Facts:
    """Derive the facts of :data:`~allmodel.facts.FACTS` for ``patient`` as of ``as_of``.

    Args:
        patient: The patient.
        as_of: The date the facts describe; only events on or before it count.
        needed: Derive only the groups holding these facts (all when ``None``); the
            record then allows reading only the facts derived.
        validity: The windows results stay current in (a ruleset's
            :attr:`~allmodel.criteria.Ruleset.validity`; allmodel's default otherwise).

    Raises:
        ArgumentError: ``patient`` is not a :class:`~allmodel.model.Patient`, ``as_of``
            not a plain ``datetime.date``, or ``needed`` a string (a collection of fact
            names is needed).
        ChronologyError: The date of birth is after ``as_of``, or more than
            :data:`~allmodel.model.MAX_AGE_YEARS` years before it (never shown).
        RuleError: ``needed`` names an unknown fact.
    """
    require_patient(patient)
    require_date(as_of, "as_of")
    if isinstance(needed, str):  # a string is a collection of letters, never of names
        raise ArgumentError(
            [Problem("needed", f"must be a collection of fact names, not a string: [{needed!r}]")]
        )
    _check_age(patient, as_of)
    groups = GROUPS if needed is None else groups_for(frozenset(needed))
    record = _derived_record(patient, as_of, validity, groups)
    values = record.values
    if groups is GROUPS:
        ordered: tuple[object, ...] = _in_order(values)
        derived = ALL_FACTS
    else:
        row = _BLANK.copy()
        row.update(values)
        ordered = _in_order(row)
        derived = _derived(groups)
    upper = _upper(record, ordered)
    dates: list[date | None] = [None] * len(_NAMES)
    for name, when in record.observed.items():
        dates[_INDEX[name]] = when
    remarks = (
        tuple(
            [
                (name, text)
                for name, text in record.remarks.items()
                if values.get(name) is None or name in record.upper
            ]
        )
        if record.remarks
        else ()
    )
    return Facts(as_of, ordered, upper, tuple(dates), derived, remarks, validity)


def fact_bounds(
    patient: Patient, as_of: date, validity: ValidityPolicy
) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """The :attr:`~allmodel.facts.Facts.values` and :attr:`~allmodel.facts.Facts.upper`
    of every fact, as :func:`derive_facts` gives them, without the dates and remarks a
    fact table does not hold (the rows of :func:`allmodel.cohort.fact_table`).

    Raises:
        ArgumentError: As :func:`derive_facts`.
        ChronologyError: As :func:`derive_facts`.
    """
    require_patient(patient)
    require_date(as_of, "as_of")
    _check_age(patient, as_of)
    record = _derived_record(patient, as_of, validity, GROUPS)
    ordered: tuple[object, ...] = _in_order(record.values)
    return ordered, _upper(record, ordered)


def _derived_record(
    patient: Patient, as_of: date, validity: ValidityPolicy, groups: tuple[FactGroup, ...]
) -> Record:
    """The record of ``patient`` on ``as_of`` with the facts of ``groups`` derived."""
    record = Record(patient, as_of, validity, _RULES)
    for group in groups:
        group.derive(record)
    return record


def _check_age(patient: Patient, as_of: date) -> None:
    """Raise :class:`~allmodel.errors.ChronologyError` when the age on ``as_of`` is
    impossible (checked in full only for a date of birth near the limits)."""
    born = patient.date_of_birth
    if born is not None and (born > as_of or as_of.year - born.year > MAX_AGE_YEARS):
        patient.check_age(as_of=as_of)  # raises when the age is impossible


def _upper(record: Record, ordered: tuple[object, ...]) -> tuple[object, ...]:
    """The upper bounds in fact order: each fact's value, or its upper bound when it
    has one (a fact that is unknown keeps no bound)."""
    if not record.upper:
        return ordered
    bounds = list(ordered)
    for name, bound in record.upper.items():
        index = _INDEX[name]
        if bounds[index] is not None:
            bounds[index] = bound
    return tuple(bounds)
