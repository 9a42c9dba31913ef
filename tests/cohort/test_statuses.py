"""The status table's shape: its columns, their types and names, whatever the engine."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from allmodel.catalogue import default_ruleset
from allmodel.cohort import (
    STATUSES,
    fact_table,
    interpreter_statuses,
    rule_column,
    status_columns,
    status_type,
    top_level_rules,
)
from allmodel.criteria import All, Is, Option, OptionKind
from allmodel.examples import local_trial
from allmodel.model import Patient
from allmodel.synthetic import synthetic_cohort

AS_OF = date(2022, 12, 31)


def _pairs(size: int) -> list[tuple[str, Patient]]:
    return [(f"p{i}", patient) for i, patient in enumerate(synthetic_cohort(size, as_of=AS_OF))]


class TestColumns:
    """key, as_of, then each option's status followed by its top-level rules."""

    def test_the_columns_of_the_default_ruleset(self) -> None:
        """Every option id, and each of its root All's parts as <option>.<rule>."""
        ruleset = default_ruleset()
        columns = status_columns(ruleset.options)
        assert columns[:2] == ("key", "as_of")
        blinatumomab = ruleset.option("blinatumomab")
        start = columns.index("blinatumomab")
        parts = top_level_rules(blinatumomab)
        assert isinstance(blinatumomab.criteria, All)
        assert parts == blinatumomab.criteria.parts
        assert columns[start + 1 : start + 1 + len(parts)] == tuple(
            f"blinatumomab.{part.id}" for part in parts
        )

    def test_a_root_that_is_not_all_is_its_own_rule(self) -> None:
        """An option whose criteria are one leaf reports that leaf."""
        leaf = Is(id="cns", text="CNS involved", fact="cns_involved")
        option = Option(
            id="only_cns", kind=OptionKind.TRIAL, name="Only CNS", criteria=leaf, citations=("x",)
        )
        assert top_level_rules(option) == (leaf,)
        assert rule_column(option, leaf) == "only_cns.cns"
        assert status_columns([option]) == ("key", "as_of", "only_cns", "only_cns.cns")


class TestInterpreterStatuses:
    """The interpreter's status table."""

    def test_types_and_values(self) -> None:
        """Statuses are the Status strings; rules are nullable booleans."""
        table = interpreter_statuses(fact_table(_pairs(50), as_of=AS_OF))
        assert tuple(table.column_names) == status_columns(default_ruleset().options)
        assert table.schema.field("key").type == pa.string()
        assert table.schema.field("as_of").type == pa.date32()
        assert set(table.column("blinatumomab").to_pylist()) <= {
            "eligible",
            "not_eligible",
            "unknown",
        }
        assert table.schema.field("blinatumomab.cd19_positive").type == pa.bool_()
        assert table.schema.field("blinatumomab").type == status_type()
        assert table.column("blinatumomab").chunk(0).dictionary.to_pylist() == list(STATUSES)
        assert table.column("key").to_pylist() == [f"p{i}" for i in range(50)]

    def test_from_patients_equals_from_the_table(self) -> None:
        """Deriving the facts per patient gives the table read back from the fact table."""
        pairs = _pairs(200)
        extra = [local_trial()]
        for where in ("US", "EU"):
            direct = interpreter_statuses(
                pairs, as_of=AS_OF, options=[*default_ruleset().ids, *extra], jurisdiction=where
            )
            via = interpreter_statuses(
                fact_table(pairs, as_of=AS_OF),
                options=[*default_ruleset().ids, *extra],
                jurisdiction=where,
            )
            assert direct.equals(via)
            assert local_trial().id in direct.column_names
