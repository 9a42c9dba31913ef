"""Completeness: which missing facts keep a cohort's results undecided, ranked.

For the patients whose result is *unknown* for an option, each unknown top-level rule
reads some facts the record lacks: a fact that is unknown, or an interval fact known only
as a bound (a count over an incomplete history, a result reported below a limit). A fact
*blocks* an undecided result when it is missing and read by one of the result's unknown
rules. It *decides* the result when it is the only fact blocking it: once a fact is known
exactly, every criterion reading it is decided, and Kleene logic is monotone, so an
undecided result blocked by that one fact alone is then decided, one way or the other.

:func:`completeness` ranks the facts by how many undecided results each would decide on
its own, then by how many it blocks, and names the model fields to record for each (the
fact's sources). Over several options, a result is one patient and one option.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from allmodel.cohort._checks import check_statuses, status_jurisdiction
from allmodel.cohort._columns import AS_OF, KEY, check_metadata, upper_column
from allmodel.cohort._extra import need
from allmodel.cohort._selection import OptionSelection, select
from allmodel.cohort._statuses import rule_column, top_level_rules
from allmodel.criteria import Context, Jurisdiction, JurisdictionCode, Ruleset
from allmodel.criteria._fold import live_facts
from allmodel.errors import RuleError
from allmodel.facts import FACTS, fact_spec

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Completeness", "MissingFact", "completeness"]

_KEYS = (KEY, AS_OF)


@attrs.frozen(kw_only=True)
class MissingFact:
    """One fact the undecided results of a cohort lack.

    Args:
        fact: The fact's name.
        decides: Undecided results that this fact alone blocks (knowing it decides them).
        blocks: Undecided results it blocks (it is missing and an unknown rule reads it).
        sources: The model fields it derives from: what to record.
        description: What the fact means.
    """

    fact: str
    decides: int
    blocks: int
    sources: tuple[str, ...]
    description: str


@attrs.frozen(kw_only=True)
class Completeness:
    """The missing facts of a cohort's undecided results, most deciding first.

    Args:
        options: The ids of the options counted.
        results: Results counted (patients times options).
        undecided: Results whose status is unknown.
        facts: The facts that block at least one undecided result, ranked by
            :attr:`MissingFact.decides`, then :attr:`MissingFact.blocks` (ties in the
            order of the fact schema).
    """

    options: tuple[str, ...]
    results: int
    undecided: int
    facts: tuple[MissingFact, ...]

    def to_records(self) -> list[dict[str, object]]:
        """One flat row per fact (sources joined with ``; ``), for CSV, JSON or pandas."""
        return [
            {
                "fact": item.fact,
                "decides": item.decides,
                "blocks": item.blocks,
                "sources": "; ".join(item.sources),
                "description": item.description,
            }
            for item in self.facts
        ]

    def to_table(self) -> pa.Table:
        """The ranked facts as an Arrow table (the columns of :meth:`to_records`)."""
        pa = need("pyarrow")
        schema = pa.schema(
            [
                ("fact", pa.string()),
                ("decides", pa.int64()),
                ("blocks", pa.int64()),
                ("sources", pa.string()),
                ("description", pa.string()),
            ]
        )
        return pa.Table.from_pylist(self.to_records(), schema=schema)


def _aligned(facts: pa.Table, statuses: pa.Table) -> pa.Table:
    """The facts table's rows in the order of the status table's rows (by key and date).

    Raises:
        RuleError: A table lacks ``key`` or ``as_of``, a (key, as_of) pair repeats, or a
            status row has no facts row.
    """
    for name, table in (("facts", facts), ("status", statuses)):
        for column in _KEYS:
            if column not in table.column_names:
                raise RuleError(f"the {name} table has no column {column!r}")
    if facts.select(list(_KEYS)).equals(statuses.select(list(_KEYS))):
        return facts
    pa = need("pyarrow")
    index = pa.table(
        {
            "key": statuses.column("key"),
            "as_of": statuses.column("as_of"),
            "__row": pa.array(range(statuses.num_rows), pa.int64()),
        }
    )
    if index.group_by(list(_KEYS)).aggregate([]).num_rows != statuses.num_rows:
        raise RuleError("the status table has a (key, as_of) pair more than once")
    joined = index.join(facts, list(_KEYS), join_type="left outer").sort_by("__row")
    if joined.num_rows != statuses.num_rows:
        raise RuleError("the facts table has a (key, as_of) pair more than once")
    return joined


def _missing(facts: pa.Table, name: str) -> Any:
    """Per row, whether fact ``name`` is missing: unknown, or an inexact interval."""
    pa, pc = need("pyarrow"), need("pyarrow.compute")
    if name not in facts.column_names:
        raise RuleError(f"the facts table has no column {name!r}")
    value = facts.column(name)
    missing = pc.is_null(value)
    upper = upper_column(name)
    if fact_spec(name).interval and upper in facts.column_names:
        differs = pc.not_equal(pc.cast(value, pa.float64()), facts.column(upper))
        inexact = pc.fill_null(differs, True)
        missing = pc.or_(missing, inexact)
    return missing


def completeness(
    facts: pa.Table,
    statuses: pa.Table,
    *,
    options: OptionSelection = None,
    ruleset: Ruleset | None = None,
    jurisdiction: Jurisdiction | JurisdictionCode | None = None,
) -> Completeness:
    """The missing facts of the undecided results of ``options`` over a cohort, ranked.

    Args:
        facts: The cohort's facts table (one row per patient and date).
        statuses: Its status table, computed with the same criteria and jurisdiction.
        options: Option ids of the ruleset and/or extra options (local trials) to count;
            ``None``: every option of the ruleset.
        ruleset: The ruleset (default: the default ruleset).
        jurisdiction: The jurisdiction the statuses were computed for (it decides which
            label rules apply, and so which facts a rule reads); ``None``: the one the
            status table's metadata names, else ``"US"``.

    Raises:
        RuleError: An unknown option; tables made with another ruleset, validity windows
            or jurisdiction (their metadata says so); a missing column; rows that do not
            match.
        ImportError: pyarrow (the ``cohort`` extra) is not installed.
    """
    pc = need("pyarrow.compute")
    recorded = status_jurisdiction(statuses.schema)
    where = jurisdiction if jurisdiction is not None else recorded or Jurisdiction.US
    selection = select(ruleset, options, where)
    if recorded is not None and recorded is not selection.jurisdiction:
        raise RuleError(
            f"the status table was computed for {recorded.value},"
            f" not {selection.jurisdiction.value}"
        )
    check_statuses(statuses.schema, selection.ruleset)
    check_metadata(facts.schema, selection.ruleset)
    context = Context(as_of=_ANY_DAY, jurisdiction=selection.jurisdiction)
    rows = _aligned(facts, statuses)
    missing_of: dict[str, Any] = {}
    blocked_by: list[dict[str, Any]] = []
    undecided = 0
    for option in selection.options:
        if option.id not in statuses.column_names:
            raise RuleError(f"the status table has no column {option.id!r}")
        open_rows = pc.equal(statuses.column(option.id), "unknown")
        undecided += int(pc.sum(open_rows).as_py() or 0)
        by_fact: dict[str, Any] = {}
        for rule in top_level_rules(option):
            column = rule_column(option, rule)
            if column not in statuses.column_names:
                raise RuleError(f"the status table has no column {column!r}")
            unknown_rule = pc.and_(open_rows, pc.is_null(statuses.column(column)))
            for name in sorted(live_facts(rule, context), key=_ORDER.__getitem__):
                if name not in missing_of:
                    missing_of[name] = _missing(rows, name)
                blocked = pc.and_(unknown_rule, missing_of[name])
                before = by_fact.get(name)
                by_fact[name] = blocked if before is None else pc.or_(before, blocked)
        blocked_by.append(by_fact)
    counts = _count(blocked_by)
    ranked = sorted(
        (item for item in counts if item.blocks),
        key=lambda item: (-item.decides, -item.blocks, _ORDER[item.fact]),
    )
    return Completeness(
        options=tuple(option.id for option in selection.options),
        results=statuses.num_rows * len(selection.options),
        undecided=undecided,
        facts=tuple(ranked),
    )


def _count(blocked_by: list[dict[str, Any]]) -> list[MissingFact]:
    """Blocks and decides of each fact, from each option's masks of the results it blocks."""
    pa, pc = need("pyarrow"), need("pyarrow.compute")
    found: dict[str, list[int]] = {}
    for masks in blocked_by:
        if not masks:
            continue
        counts = [pc.cast(mask, pa.int64()) for mask in masks.values()]
        blockers = counts[0]
        for more in counts[1:]:
            blockers = pc.add(blockers, more)
        alone = pc.equal(blockers, 1)
        for name, mask in masks.items():
            tally = found.setdefault(name, [0, 0])
            tally[0] += int(pc.sum(pc.and_(mask, alone)).as_py() or 0)
            tally[1] += int(pc.sum(mask).as_py() or 0)
    return [
        MissingFact(
            fact=name,
            decides=decides,
            blocks=blocks,
            sources=fact_spec(name).sources,
            description=fact_spec(name).description,
        )
        for name, (decides, blocks) in found.items()
    ]


#: Each fact's position in the schema (ties in the ranking keep it).
_ORDER = {spec.name: index for index, spec in enumerate(FACTS)}

#: ``as_of`` does not enter folding (only the jurisdiction does), so any date serves.
_ANY_DAY = date.min
