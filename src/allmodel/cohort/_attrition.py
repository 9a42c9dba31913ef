"""The attrition table: how an option's top-level rules, in order, narrow a cohort.

The cohort counterpart of an inclusion-rule attrition report (OHDSI ATLAS, whose per-rule
counts over a cohort analysts know), in three values: for each top-level rule of an option
(the parts of its root ``All``, in the order the option lists them) it counts the patients
for whom the rule holds, fails and is unknown, and, taking the rules one after another,
how many patients every rule so far holds for (*remaining*), how many some rule so far
excludes (*excluded*) and how many are neither (*undecided*: no rule excludes them yet,
but a rule so far is unknown). After the last rule, remaining, excluded and undecided are
the option's eligible, not eligible and unknown counts: the option is the Kleene ``AND``
of its top-level rules.

It reads a status table (:mod:`allmodel.cohort._statuses`: one row per patient and date,
a status column per option and a nullable boolean column per top-level rule, as every
engine gives it) and never the patients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from allmodel.cohort._checks import check_statuses
from allmodel.cohort._extra import need
from allmodel.cohort._selection import select
from allmodel.cohort._statuses import rule_column, top_level_rules
from allmodel.criteria import Option, Ruleset
from allmodel.errors import RuleError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Attrition", "AttritionStep", "attrition"]


@attrs.frozen(kw_only=True)
class AttritionStep:
    """One top-level rule of an option over a cohort, and the cohort after it.

    Args:
        rule: The rule's node id (``<option>.<rule>`` names its status column).
        text: What the rule requires, as the criteria say it.
        passed: Patients for whom the rule holds.
        failed: Patients for whom it fails.
        unknown: Patients for whom the record cannot decide it.
        remaining: Patients for whom this rule and every rule before it hold.
        excluded: Patients whom this rule or a rule before it excludes.
        undecided: Patients whom no rule so far excludes, but for whom some rule so far
            is unknown.
        newly_excluded: Patients this rule excludes that no rule before it did.
    """

    rule: str
    text: str
    passed: int
    failed: int
    unknown: int
    remaining: int
    excluded: int
    undecided: int
    newly_excluded: int


@attrs.frozen(kw_only=True)
class Attrition:
    """The attrition table of one option over a cohort (see the module docstring).

    Args:
        option: The option's id.
        name: The option's display name.
        patients: Rows of the status table (patients and dates).
        steps: One step per top-level rule, in the option's order.
        eligible: Patients the option is eligible for (its status column).
        not_eligible: Patients it is not eligible for.
        unknown: Patients whose status is unknown.
    """

    option: str
    name: str
    patients: int
    steps: tuple[AttritionStep, ...]
    eligible: int
    not_eligible: int
    unknown: int

    def to_records(self) -> list[dict[str, object]]:
        """One flat row per step (for CSV, JSON or pandas), the option id on each."""
        return [{"option": self.option, **attrs.asdict(step)} for step in self.steps]

    def to_table(self) -> pa.Table:
        """The steps as an Arrow table (the columns of :meth:`to_records`)."""
        pa = need("pyarrow")
        names = [field.name for field in attrs.fields(AttritionStep)]
        schema = pa.schema(
            [("option", pa.string()), ("rule", pa.string()), ("text", pa.string())]
            + [(name, pa.int64()) for name in names[2:]]
        )
        return pa.Table.from_pylist(self.to_records(), schema=schema)


def _count(array: Any, value: object) -> int:
    """How many entries of an Arrow array equal ``value`` (nulls never count)."""
    pc = need("pyarrow.compute")
    return int(pc.sum(pc.equal(array, value)).as_py() or 0)


def _column(statuses: pa.Table, name: str) -> Any:
    if name not in statuses.column_names:
        raise RuleError(f"the status table has no column {name!r}")
    return statuses.column(name)


def attrition(
    statuses: pa.Table,
    option: str | Option,
    *,
    ruleset: Ruleset | None = None,
) -> Attrition:
    """The attrition table of ``option`` over a status table.

    Args:
        statuses: One row per patient and date with the option's status column and its
            top-level rules' columns (``<option>`` and ``<option>.<rule>``).
        option: The option (a local trial, say), or its id in ``ruleset``.
        ruleset: The ruleset the statuses were computed with (default: the default
            ruleset).

    Raises:
        RuleError: The option is unknown; the table was computed with another ruleset
            (its metadata says so); it lacks one of the option's columns; or its status
            column disagrees with its rules (it was not computed from these criteria).
        ImportError: pyarrow (the ``cohort`` extra) is not installed.
    """
    pa, pc = need("pyarrow"), need("pyarrow.compute")
    selection = select(ruleset, [option], "US")
    check_statuses(statuses.schema, selection.ruleset)
    (chosen,) = selection.options
    status = _column(statuses, chosen.id)
    rows = statuses.num_rows
    steps: list[AttritionStep] = []
    cumulative: Any = pa.array([True] * rows, pa.bool_())
    excluded_before = 0
    for rule in top_level_rules(chosen):
        holds = _column(statuses, rule_column(chosen, rule))
        passed, failed = _count(holds, True), _count(holds, False)
        cumulative = pc.and_kleene(cumulative, holds)
        remaining, excluded = _count(cumulative, True), _count(cumulative, False)
        steps.append(
            AttritionStep(
                rule=rule.id,
                text=rule.text,
                passed=passed,
                failed=failed,
                unknown=rows - passed - failed,
                remaining=remaining,
                excluded=excluded,
                undecided=rows - remaining - excluded,
                newly_excluded=excluded - excluded_before,
            )
        )
        excluded_before = excluded
    counts = {value: _count(status, value) for value in ("eligible", "not_eligible", "unknown")}
    last = steps[-1]
    if (counts["eligible"], counts["not_eligible"], counts["unknown"]) != (
        last.remaining,
        last.excluded,
        last.undecided,
    ):
        raise RuleError(
            f"the status column of {chosen.id!r} disagrees with its rules' columns:"
            " the table was not computed from these criteria"
        )
    return Attrition(
        option=chosen.id,
        name=chosen.name,
        patients=rows,
        steps=tuple(steps),
        eligible=counts["eligible"],
        not_eligible=counts["not_eligible"],
        unknown=counts["unknown"],
    )
