"""The facts of one patient as of a date, as bounds: the work behind
:func:`allmodel.facts.derive_facts` and each row of a fact table.

:func:`derived_record` derives the facts of some groups into a
:class:`~allmodel.facts._record.Record`; :func:`fact_bounds` gives every fact's value and
upper bound, in :data:`~allmodel.facts.FACTS` order, without the dates and remarks a fact
table does not hold. This module is one of those the compiled build compiles (README,
"Compiled build"), so it defines nothing public: :func:`allmodel.facts.derive_facts`,
which checks its arguments and adds the dates and remarks, stays in Python.
"""

from __future__ import annotations

import operator
from datetime import date

from allmodel._arguments import require_patient
from allmodel.dates import require_date
from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record, RuleTable
from allmodel.facts._schema import FACTS, GROUPS
from allmodel.facts._validity import ValidityPolicy
from allmodel.model._patient import Patient
from allmodel.model._plausibility import MAX_AGE_YEARS

__all__ = [
    "INDEX",
    "NAMES",
    "check_age",
    "derived_record",
    "fact_bounds",
    "in_order",
    "upper_bounds",
]

#: The fact names in :data:`~allmodel.facts.FACTS` order, and each one's position.
NAMES = tuple(spec.name for spec in FACTS)
INDEX = {name: index for index, name in enumerate(NAMES)}
#: A record's values (a dict holding every fact) as a tuple in fact order.
in_order = operator.itemgetter(*NAMES)
#: The validity rules of the facts read from dated results.
_RULES = RuleTable({spec.name: spec.validity for spec in FACTS if spec.validity is not None})


def fact_bounds(
    patient: Patient, as_of: date, validity: ValidityPolicy
) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """The :attr:`~allmodel.facts.Facts.values` and :attr:`~allmodel.facts.Facts.upper`
    of every fact, as :func:`~allmodel.facts.derive_facts` gives them, without the dates
    and remarks a fact table does not hold (the rows of
    :func:`allmodel.cohort.fact_table`).

    Raises:
        ArgumentError: As :func:`~allmodel.facts.derive_facts`.
        ChronologyError: As :func:`~allmodel.facts.derive_facts`.
    """
    require_patient(patient)
    require_date(as_of, "as_of")
    check_age(patient, as_of)
    record = derived_record(patient, as_of, validity, GROUPS)
    ordered: tuple[object, ...] = in_order(record.values)
    return ordered, upper_bounds(record, ordered)


def derived_record(
    patient: Patient, as_of: date, validity: ValidityPolicy, groups: tuple[FactGroup, ...]
) -> Record:
    """The record of ``patient`` on ``as_of`` with the facts of ``groups`` derived."""
    record = Record(patient, as_of, validity, _RULES)
    for group in groups:
        group.derive(record)
    return record


def check_age(patient: Patient, as_of: date) -> None:
    """Raise :class:`~allmodel.errors.ChronologyError` when the age on ``as_of`` is
    impossible (checked in full only for a date of birth near the limits)."""
    born = patient.date_of_birth
    if born is not None and (born > as_of or as_of.year - born.year > MAX_AGE_YEARS):
        patient.check_age(as_of=as_of)  # raises when the age is impossible


def upper_bounds(record: Record, ordered: tuple[object, ...]) -> tuple[object, ...]:
    """The upper bounds in fact order: each fact's value, or its upper bound when it
    has one (a fact that is unknown keeps no bound)."""
    if not record.upper:
        return ordered
    bounds = list(ordered)
    for name, bound in record.upper.items():
        index = INDEX[name]
        if bounds[index] is not None:
            bounds[index] = bound
    return tuple(bounds)
