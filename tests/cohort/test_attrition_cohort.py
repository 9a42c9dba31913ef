"""Attrition and completeness over real status tables: the bundled example patients and
a synthetic cohort, against screen() and against a per-result recount."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from typing import Any

import pytest

from allmodel import screen
from allmodel.catalogue import default_ruleset
from allmodel.cohort import fact_table, interpreter_statuses, top_level_rules
from allmodel.cohort._attrition import attrition
from allmodel.cohort._completeness import completeness
from allmodel.criteria import Context, Jurisdiction, compile_criterion
from allmodel.criteria._fold import live_facts
from allmodel.errors import RuleError
from allmodel.examples import local_trial, patients
from allmodel.facts import FACTS, FactType, derive_facts, fact_index
from allmodel.synthetic import synthetic_cohort

AS_OF = date(2022, 12, 31)
RULESET = default_ruleset()
OPTIONS = [*RULESET.options, local_trial()]


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
def test_attrition_ends_where_screen_does_for_every_option(jurisdiction: Jurisdiction) -> None:
    """For each option, the last step's remaining/excluded/undecided are the counts of
    eligible/not eligible/unknown results screen() gives the example patients."""
    examples = patients()
    statuses = interpreter_statuses(
        list(examples.items()), as_of=AS_OF, options=OPTIONS, jurisdiction=jurisdiction
    )
    reports = [
        screen(patient, as_of=AS_OF, options=OPTIONS, jurisdiction=jurisdiction)
        for patient in examples.values()
    ]
    for option in OPTIONS:
        counts = Counter(report[option.id].status.value for report in reports)
        table = attrition(statuses, option)
        last = table.steps[-1]
        assert (last.remaining, last.excluded, last.undecided) == (
            counts["eligible"],
            counts["not_eligible"],
            counts["unknown"],
        ), option.id
        assert [step.rule for step in table.steps] == [rule.id for rule in top_level_rules(option)]


def test_a_status_table_of_another_ruleset_is_refused() -> None:
    """The table's metadata names the ruleset it was computed with."""
    statuses = interpreter_statuses(list(patients().items()), as_of=AS_OF)
    other = statuses.replace_schema_metadata(
        {**statuses.schema.metadata, b"allmodel.ruleset_hash": b"0" * 64}
    )
    with pytest.raises(RuleError, match="computed with ruleset"):
        attrition(other, "blinatumomab")


def _candidates(fact: str) -> list[Any]:
    """Exact values fact ``fact`` could take (any of them must decide)."""
    spec = FACTS[fact_index(fact)]
    if spec.type is FactType.BOOLEAN:
        return [True, False]
    if spec.type is FactType.CATEGORY:
        return list(spec.categories)
    return [0, 1, 2, 3, 5, 10, 18, 25, 50, 75, 100, 1000, 1e6, math.inf]


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
def test_completeness_recounts_and_what_it_says_decides_does(jurisdiction: Jurisdiction) -> None:
    """Counted again result by result, and every 'decides' checked: giving the one
    blocking fact any exact value decides the result."""
    cohort = [(str(index), patient) for index, patient in enumerate(synthetic_cohort(150))]
    facts_table = fact_table(cohort, as_of=AS_OF)
    statuses = interpreter_statuses(facts_table, options=OPTIONS, jurisdiction=jurisdiction)
    found = completeness(facts_table, statuses, options=OPTIONS)
    context = Context(as_of=AS_OF, jurisdiction=jurisdiction)
    decides: Counter[str] = Counter()
    blocks: Counter[str] = Counter()
    undecided = 0
    for _, patient in cohort:
        facts = derive_facts(patient, as_of=AS_OF, validity=RULESET.validity)
        low, high = facts.values, facts.upper
        for option in OPTIONS:
            run = compile_criterion(option.criteria, context)
            if run(low, high) != 1:
                continue
            undecided += 1
            blockers: set[str] = set()
            for rule in top_level_rules(option):
                if compile_criterion(rule, context)(low, high) != 1:
                    continue
                for name in live_facts(rule, context):
                    index = fact_index(name)
                    if low[index] is None or low[index] != high[index]:
                        blockers.add(name)
            assert blockers, option.id  # an unknown result always lacks some fact
            blocks.update(blockers)
            if len(blockers) == 1:
                (name,) = blockers
                decides[name] += 1
                index = fact_index(name)
                for value in _candidates(name):
                    row_low = (*low[:index], value, *low[index + 1 :])
                    row_high = (*high[:index], value, *high[index + 1 :])
                    assert run(row_low, row_high) != 1, (option.id, name, value)
    assert found.undecided == undecided > 0
    assert {item.fact: (item.decides, item.blocks) for item in found.facts} == {
        name: (decides[name], blocks[name]) for name in blocks
    }
    ranks = [(-item.decides, -item.blocks) for item in found.facts]
    assert ranks == sorted(ranks)
