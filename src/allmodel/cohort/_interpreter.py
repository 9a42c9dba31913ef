"""The status table from allmodel's own evaluator: the reference the compiled SQL must match.

Each option's criteria, and each of its top-level rules, are compiled by
:func:`~allmodel.criteria.compile_criterion` (as :func:`~allmodel.screen` compiles
them) and run on each row's lower and upper bound tuples, exactly as screening runs them
on a :class:`~allmodel.facts.Facts` record. The rows come from a fact table (read back
into tuples: what the SQL engines see) or straight from patients (facts derived per
patient, no table in between).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from allmodel.cohort._columns import AS_OF, KEY, check_metadata, upper_column
from allmodel.cohort._extra import need
from allmodel.cohort._selection import OptionSelection, Selection, select
from allmodel.cohort._statuses import STATUSES, status_schema, top_level_rules
from allmodel.criteria import Context, Jurisdiction, JurisdictionCode, Ruleset, compile_criterion
from allmodel.criteria._compile import Compiled
from allmodel.dates import require_date
from allmodel.errors import ArgumentError, Problem
from allmodel.facts import FACTS, derive_facts
from allmodel.model._patient import Patient

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["interpreter_statuses"]

_TRUTH = (False, None, True)

#: A fact row: its key, date, lower bounds and upper bounds (in FACTS order).
_Row = tuple[str, date, tuple[Any, ...], tuple[Any, ...]]


def _table_rows(table: pa.Table) -> Iterator[_Row]:
    lows = [table.column(spec.name).to_pylist() for spec in FACTS]
    highs = [
        table.column(upper_column(spec.name)).to_pylist() if spec.interval else lows[index]
        for index, spec in enumerate(FACTS)
    ]
    keys = table.column(KEY).to_pylist()
    dates = table.column(AS_OF).to_pylist()
    yield from zip(keys, dates, zip(*lows, strict=True), zip(*highs, strict=True), strict=True)


def _patient_rows(
    patients: Iterable[tuple[str, Patient]], as_of: date, ruleset: Ruleset
) -> Iterator[_Row]:
    for key, patient in patients:
        facts = derive_facts(patient, as_of=as_of, validity=ruleset.validity)
        yield key, as_of, facts.values, facts.upper


def _compiled(selection: Selection) -> list[tuple[Compiled, tuple[Compiled, ...]]]:
    context = Context(as_of=date.min, jurisdiction=selection.jurisdiction)
    return [
        (
            compile_criterion(option.criteria, context),
            tuple(compile_criterion(rule, context) for rule in top_level_rules(option)),
        )
        for option in selection.options
    ]


def interpreter_statuses(
    facts: pa.Table | Iterable[tuple[str, Patient]],
    *,
    as_of: date | None = None,
    ruleset: Ruleset | None = None,
    options: OptionSelection = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
) -> pa.Table:
    """The status table (:mod:`allmodel.cohort._statuses`) by allmodel's own evaluator.

    Args:
        facts: A fact table (:func:`~allmodel.cohort.fact_table`), or ``(key,
            patient)`` pairs whose facts are derived here (then ``as_of`` is required).
        as_of: The date to derive the patients' facts for (not with a table).
        ruleset: The ruleset (:func:`~allmodel.catalogue.default_ruleset` when ``None``).
        options: Option ids of the ruleset and/or extra options (local trials);
            ``None``: every option of the ruleset.
        jurisdiction: ``"US"`` or ``"EU"``.

    Raises:
        ArgumentError: ``as_of`` missing for patients, or given with a table.
        RuleError: An unknown option id or jurisdiction; a table derived with other
            validity windows than the ruleset's.
        ImportError: pyarrow (the ``cohort`` extra) is not installed.
    """
    pa = need("pyarrow")
    selection = select(ruleset, options, jurisdiction)
    rows: Iterator[_Row]
    if isinstance(facts, pa.Table):
        if as_of is not None:
            raise ArgumentError([Problem("as_of", "is the table's own; give it with patients")])
        check_metadata(facts.schema, selection.ruleset)
        rows = _table_rows(facts)
    else:
        if as_of is None:
            raise ArgumentError([Problem("as_of", "is required to derive the patients' facts")])
        require_date(as_of, "as_of")
        rows = _patient_rows(facts, as_of, selection.ruleset)
    plans = _compiled(selection)
    keys: list[str] = []
    dates: list[date] = []
    columns: list[list[Any]] = [[] for _ in range(sum(1 + len(r) for _, r in plans))]
    for key, when, low, high in rows:
        keys.append(key)
        dates.append(when)
        position = 0
        for run, rules in plans:
            columns[position].append(run(low, high))
            position += 1
            for rule in rules:
                columns[position].append(_TRUTH[rule(low, high)])
                position += 1
    schema = status_schema(selection)
    statuses = pa.array(STATUSES, pa.string())
    arrays: list[Any] = []
    for values, field in zip([keys, dates, *columns], schema, strict=True):
        if pa.types.is_dictionary(field.type):  # a status: the truths index STATUSES
            indices = pa.array(values, field.type.index_type)
            arrays.append(pa.DictionaryArray.from_arrays(indices, statuses))
        else:
            arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)
