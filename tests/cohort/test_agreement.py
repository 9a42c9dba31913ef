"""The compiled SQL on DuckDB and allmodel's own evaluator agree on every status, every
option and every top-level rule: 10,000 synthetic patients and 5,000 random fact rows,
US and EU, the default ruleset and the example local trial; and the cohort results
agree with screen() on every bundled example patient."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pyarrow as pa
import pytest

from allmodel import screen
from allmodel.catalogue import default_ruleset
from allmodel.cohort import fact_table, interpreter_statuses, run_duckdb
from allmodel.criteria import JurisdictionCode, Option
from allmodel.examples import local_trial, patients
from allmodel.synthetic import synthetic_cohort
from tests.catalogue.vignettes import turning_18_on
from tests.cohort.rows import random_rows, table_of

AS_OF = date(2022, 12, 31)
JURISDICTIONS: tuple[JurisdictionCode, ...] = ("US", "EU")


def _options() -> list[Option]:
    return [*default_ruleset().options, local_trial()]


@pytest.fixture(scope="module")
def cohort_facts() -> pa.Table:
    """10,000 synthetic patients' facts: half with few facts missing, half with many."""
    few = synthetic_cohort(5000, as_of=AS_OF, seed=13, missing=0.1)
    many = synthetic_cohort(5000, as_of=AS_OF, seed=31, missing=0.5)
    pairs = [(f"p{i}", patient) for i, patient in enumerate([*few, *many])]
    return fact_table(pairs, as_of=AS_OF)


def _differences(found: pa.Table, expected: pa.Table) -> list[str]:
    """The columns that differ, with the first differing row of each."""
    assert found.column_names == expected.column_names
    differing = []
    for name in expected.column_names:
        mine, theirs = found.column(name).to_pylist(), expected.column(name).to_pylist()
        if mine != theirs:
            row = next(i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b)
            differing.append(f"{name} at row {row}: {mine[row]!r} != {theirs[row]!r}")
    return differing


def _agree(facts: pa.Table, jurisdiction: JurisdictionCode, options: Sequence[Option]) -> None:
    expected = interpreter_statuses(facts, options=options, jurisdiction=jurisdiction)
    found = run_duckdb(facts, options=options, jurisdiction=jurisdiction, threads=2)
    assert _differences(found, expected) == []
    assert found.equals(expected, check_metadata=True)


class TestDuckDbAgreesWithTheInterpreter:
    """Every cell of the status table is the same."""

    @pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
    def test_ten_thousand_synthetic_patients(
        self, cohort_facts: pa.Table, jurisdiction: JurisdictionCode
    ) -> None:
        """All options and their rules, local trial included, on 10,000 patients."""
        assert cohort_facts.num_rows == 10_000
        _agree(cohort_facts, jurisdiction, _options())

    @pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
    def test_random_rows_around_every_constant(self, jurisdiction: JurisdictionCode) -> None:
        """5,000 rows of values at and beside each threshold, intervals, inf, unknowns."""
        options = _options()
        _agree(table_of(random_rows(5000, options, seed=2022)), jurisdiction, options)

    def test_the_cohort_shows_every_status(self, cohort_facts: pa.Table) -> None:
        """The check is not vacuous: all three statuses and all three rule truths occur."""
        table = interpreter_statuses(cohort_facts, options=_options())
        statuses: set[str] = set()
        truths: set[bool | None] = set()
        for name in table.column_names[2:]:
            values = set(table.column(name).to_pylist())
            (statuses if "." not in name else truths).update(values)
        assert statuses == {"eligible", "not_eligible", "unknown"}
        assert truths == {True, False, None}


class TestScreenAgreement:
    """The cohort results are screen()'s, on every bundled example patient."""

    @pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
    def test_every_example_patient(self, jurisdiction: JurisdictionCode) -> None:
        """Each option's status in the DuckDB status table is the report's."""
        examples = patients()
        options = _options()
        facts = fact_table(list(examples.items()), as_of=AS_OF)
        table = run_duckdb(facts, options=options, jurisdiction=jurisdiction)
        rows = {row["key"]: row for row in table.to_pylist()}
        assert set(rows) == set(examples)
        for name, patient in examples.items():
            report = screen(patient, as_of=AS_OF, jurisdiction=jurisdiction, options=options)
            for result in report.results:
                assert rows[name][result.option.id] == result.status.value, (name, result.option.id)

    @pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
    def test_an_age_read_two_ways(self, jurisdiction: JurisdictionCode) -> None:
        """A birth on 29 February around 28 February 2022, when the age is [17, 18]: the
        status table is the report's on each day (unknown on the 28th for the adult
        labels, tests/facts/test_leap_day.py)."""
        options = _options()
        for on in (date(2022, 2, 27), date(2022, 2, 28), date(2022, 3, 1)):
            patient = turning_18_on(on)
            facts = fact_table([("leap", patient)], as_of=on)
            row = run_duckdb(facts, options=options, jurisdiction=jurisdiction).to_pylist()[0]
            report = screen(patient, as_of=on, jurisdiction=jurisdiction, options=options)
            for result in report.results:
                assert row[result.option.id] == result.status.value, (on, result.option.id)
