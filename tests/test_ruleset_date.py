"""Screening after the ruleset's date is refused unless allowed (second clinical audit).

A ruleset applies the labels in force on its date (``Ruleset.effective``, 2022-12-31 for
``review-2022-12``; decision-1: a later label belongs to a later ruleset). On a later
date a label may have changed, so every entry point that applies a ruleset on a date
refuses a date after it (``RuleError``), on the date itself and before it screens, and
``allow_after_effective=True`` applies the rules anyway.
"""

from __future__ import annotations

from datetime import date, timedelta

import pyarrow as pa
import pytest

from allmodel import pathway, screen, screen_many
from allmodel.catalogue import default_ruleset
from allmodel.cohort import fact_table, interpreter_statuses, run_duckdb
from allmodel.errors import RuleError
from allmodel.examples import patient
from allmodel.facts import derive_facts
from allmodel.model import Patient
from allmodel.screening import screen_facts
from tests.cli.running import cli

EFFECTIVE = default_ruleset().effective
DAY = timedelta(days=1)


def example() -> Patient:
    """An example patient (born long before the dates used here)."""
    return patient("ph_negative_first_relapse")


class TestTheDate:
    """The boundary: on the date and before it screens; the day after is refused."""

    def test_effective_is_the_end_of_2022(self) -> None:
        assert default_ruleset().effective == date(2022, 12, 31)

    @pytest.mark.parametrize("as_of", [EFFECTIVE - DAY, EFFECTIVE])
    def test_on_or_before_the_date(self, as_of: date) -> None:
        assert len(screen(example(), as_of=as_of).results) == len(default_ruleset().options)

    def test_the_day_after_is_refused(self) -> None:
        with pytest.raises(RuleError) as caught:
            screen(example(), as_of=EFFECTIVE + DAY)
        message = str(caught.value)
        assert "2023-01-01 is after 2022-12-31" in message
        assert "review-2022-12" in message
        assert "allow_after_effective=True" in message

    def test_allowed(self) -> None:
        report = screen(example(), as_of=EFFECTIVE + DAY, allow_after_effective=True)
        assert report.as_of == EFFECTIVE + DAY

    def test_check_date(self) -> None:
        ruleset = default_ruleset()
        ruleset.check_date(as_of=EFFECTIVE)
        ruleset.check_date(as_of=EFFECTIVE + DAY, allow_after_effective=True)
        with pytest.raises(RuleError):
            ruleset.check_date(as_of=EFFECTIVE + DAY)


class TestEveryEntryPoint:
    """screen_many (at the call), screen_facts, pathway and the cohort runners."""

    LATER = EFFECTIVE + DAY

    def test_screen_many_at_the_call(self) -> None:
        with pytest.raises(RuleError):
            screen_many([], as_of=self.LATER)
        reports = screen_many([example()], as_of=self.LATER, allow_after_effective=True)
        assert [report.as_of for report in reports] == [self.LATER]

    def test_screen_facts(self) -> None:
        facts = derive_facts(example(), as_of=self.LATER)
        with pytest.raises(RuleError):
            screen_facts(facts)
        assert screen_facts(facts, allow_after_effective=True).as_of == self.LATER

    def test_pathway(self) -> None:
        with pytest.raises(RuleError):
            pathway(example(), as_of=self.LATER)
        assert pathway(example(), as_of=self.LATER, allow_after_effective=True).steps

    def test_interpreter_with_patients(self) -> None:
        pairs = [("a", example())]
        with pytest.raises(RuleError):
            interpreter_statuses(pairs, as_of=self.LATER)
        table = interpreter_statuses(pairs, as_of=self.LATER, allow_after_effective=True)
        assert table.num_rows == 1

    @pytest.mark.parametrize("later", [False, True])
    def test_cohort_tables(self, later: bool) -> None:
        """A table with one row after the date is refused by both runners; on the date
        both run, and allowed, both agree."""
        rows = [fact_table([("a", example())], as_of=EFFECTIVE)]
        if later:
            rows.append(fact_table([("b", example())], as_of=self.LATER))
        facts = pa.concat_tables(rows)
        if later:
            with pytest.raises(RuleError):
                interpreter_statuses(facts)
            with pytest.raises(RuleError):
                run_duckdb(facts)
        expected = interpreter_statuses(facts, allow_after_effective=later)
        assert run_duckdb(facts, allow_after_effective=later).equals(expected)


class TestCommandLine:
    """allmodel screen refuses the date once, before reading patients."""

    def test_refused_with_the_flag_named(self) -> None:
        result = cli("screen", "--examples", "--as-of", "2023-01-01")
        assert result.code == 2
        assert "--allow-after-effective" in result.err
        assert result.out == ""

    def test_allowed(self) -> None:
        result = cli("screen", "--examples", "--as-of", "2023-01-01", "--allow-after-effective")
        assert result.code == 0
