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
from collections.abc import Collection
from datetime import date

from allmodel._arguments import require_patient
from allmodel.dates import require_date
from allmodel.errors import ArgumentError, Problem, RuleError
from allmodel.facts._bounds import INDEX, NAMES, check_age, derived_record, in_order, upper_bounds
from allmodel.facts._group import FactGroup
from allmodel.facts._schema import ALL_FACTS, GROUPS, Facts
from allmodel.facts._validity import DEFAULT_VALIDITY, ValidityPolicy
from allmodel.model._patient import Patient

__all__ = ["derive_facts", "groups_for"]

_BLANK: dict[str, object] = dict.fromkeys(NAMES)


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
    check_age(patient, as_of)
    groups = GROUPS if needed is None else groups_for(frozenset(needed))
    record = derived_record(patient, as_of, validity, groups)
    values = record.values
    if groups is GROUPS:
        ordered: tuple[object, ...] = in_order(values)
        derived = ALL_FACTS
    else:
        row = _BLANK.copy()
        row.update(values)
        ordered = in_order(row)
        derived = _derived(groups)
    upper = upper_bounds(record, ordered)
    dates: list[date | None] = [None] * len(NAMES)
    for name, when in record.observed.items():
        dates[INDEX[name]] = when
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
