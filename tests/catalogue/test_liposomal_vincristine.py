"""Golden vignettes of liposomal vincristine (withdrawn May 2022; label-us-marqibo)."""

from __future__ import annotations

import attrs
import pytest

import allmodel
from allmodel.catalogue import default_ruleset
from allmodel.criteria import All, Context, OptionKind, Truth, evaluate
from allmodel.facts import derive_facts, fact_index
from allmodel.model import Lineage
from tests.builders import AS_OF, adult_in_relapse
from tests.catalogue.vignettes import (
    FAILED_SALVAGE,
    NOT_ELIGIBLE,
    Case,
    check,
    table,
    undetermined_phase,
)

OPTION = "liposomal_vincristine"


CASES = (
    Case(
        "label_population_not_eligible",
        "A Ph-negative adult in second relapse (the old label) is not eligible: withdrawn.",
        adult_in_relapse(relapses=2),
        NOT_ELIGIBLE,
        failed=("available",),
    ),
    Case(
        "label_population_not_eligible",
        "A Ph-negative adult in second relapse (the old label) is not eligible: withdrawn.",
        adult_in_relapse(relapses=2),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=("available",),
    ),
    Case(
        "t_all_not_eligible",
        "T-ALL after two regimens is not eligible either.",
        adult_in_relapse(lineage=Lineage.T, salvage=[FAILED_SALVAGE]),
        NOT_ELIGIBLE,
        failed=("available",),
    ),
    Case(
        "never_unknown-nothing_recorded",
        "Even with everything unrecorded the answer is known: not eligible (withdrawn).",
        adult_in_relapse(age=None, ph=None, history_complete=None),
        NOT_ELIGIBLE,
        failed=("available",),
    ),
    Case(
        "never_unknown-undetermined_phase",
        "Even with everything unrecorded the answer is known: not eligible (withdrawn).",
        undetermined_phase(),
        NOT_ELIGIBLE,
        failed=("available",),
    ),
)


@table(CASES)
def test_vignette(case: Case) -> None:
    """Each vignette screens to its status, failed criteria and missing fields."""
    check(OPTION, case)


def test_option_as_catalogued() -> None:
    """The option is a therapy with these citations and registry ids, and so many notes."""
    option = default_ruleset().option(OPTION)
    assert option.kind is OptionKind.THERAPY
    assert option.citations == (
        "review-liposomal-vincristine",
        "review-t-cell-all",
        "label-us-marqibo",
        "web-federalregister-marqibo-withdrawal",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 2


@pytest.mark.parametrize(
    ("age", "relapses", "regimens", "in_label"),
    [
        (18, 2, 1, True),  # second relapse after one regimen
        (18, 1, 2, True),  # first relapse after two regimens
        (18, 1, 1, False),  # first relapse after one regimen
        (17, 2, 2, False),  # not an adult
        (19, 2, 2, True),
    ],
)
def test_label_population_kept_as_documented(
    age: int, relapses: int, regimens: int, in_label: bool
) -> None:
    """The criteria kept to document the withdrawn label read as the label: Ph-negative
    adults (18 or over) in a second or later relapse, or progressing after two or more
    regimens (facts set directly: the option itself is never eligible)."""
    option = allmodel.default_ruleset().option(OPTION)
    assert isinstance(option.criteria, All)
    available, *label = option.criteria.parts
    assert available.id == "available"
    population = All(id="label", text="the label's population", parts=tuple(label))
    facts = derive_facts(adult_in_relapse(), as_of=AS_OF)
    lows, highs = list(facts.values), list(facts.upper)
    for name, value in (
        ("age_years", age),
        ("relapse_count", relapses),
        ("prior_regimens", regimens),
    ):
        lows[fact_index(name)] = highs[fact_index(name)] = value
    changed = attrs.evolve(facts, values=tuple(lows), upper=tuple(highs))
    found = evaluate(population, changed, Context(as_of=AS_OF)).status
    assert found is (Truth.TRUE if in_label else Truth.FALSE)
