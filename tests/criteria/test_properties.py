"""Properties of the criteria language over generated trees and partial facts rows: the
compiled and the evidence-producing evaluation agree, and decided results are monotone."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from allmodel.criteria import (
    All,
    AtLeast,
    Constant,
    Context,
    InJurisdiction,
    Is,
    IsIn,
    Jurisdiction,
    Known,
    Node,
    Not,
    Op,
    Threshold,
    compile_criterion,
    evaluate,
)
from allmodel.criteria import Any as AnyOf
from allmodel.facts import fact_spec
from tests.criteria.rows import EU, US, Bounds, F, U, as_facts

# --- properties ---------------------------------------------------------------------------

#: (fact, unit of its thresholds, constants of its thresholds) for the numeric facts used.
NUMERIC = {
    "prior_regimens": ("count", st.integers(0, 6)),
    "ecog": (None, st.integers(0, 4)),
    "platelets": ("10^9/L", st.integers(0, 200)),
}
CATEGORY = ("lineage", "ph_status")
BOOLEAN = ("pregnant", "prior_blinatumomab")
ROW_FACTS = (*NUMERIC, *CATEGORY, *BOOLEAN)


def _leaf(draw: st.DrawFn, ident: str) -> Node:
    kind = draw(st.sampled_from(["threshold", "is_in", "is", "known", "jurisdiction", "constant"]))
    text = f"leaf {ident}"
    if kind == "threshold":
        fact = draw(st.sampled_from(sorted(NUMERIC)))
        unit, constants = NUMERIC[fact]
        value: float = draw(constants)
        if fact == "platelets" and draw(st.booleans()):
            unit, value = "/uL", value * 1000
        op = draw(st.sampled_from(Op))
        return Threshold(id=ident, text=text, fact=fact, op=op, value=value, unit=unit)
    if kind == "is_in":
        fact = draw(st.sampled_from(CATEGORY))
        allowed = fact_spec(fact).categories
        values = draw(st.lists(st.sampled_from(allowed), min_size=1, unique=True))
        return IsIn(id=ident, text=text, fact=fact, values=tuple(values))
    if kind == "is":
        fact = draw(st.sampled_from(BOOLEAN))
        return Is(id=ident, text=text, fact=fact, value=draw(st.booleans()))
    if kind == "known":
        return Known(id=ident, text=text, fact=draw(st.sampled_from(ROW_FACTS)))
    if kind == "jurisdiction":
        allowed_places = draw(st.lists(st.sampled_from(Jurisdiction), min_size=1, unique=True))
        return InJurisdiction(id=ident, text=text, jurisdictions=tuple(allowed_places))
    return Constant(id=ident, text=text, value=draw(st.booleans()))


def _node(draw: st.DrawFn, depth: int, counter: Iterator[int]) -> Node:
    ident = f"n{next(counter)}"
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return _leaf(draw, ident)
    kind = draw(st.sampled_from(["all", "any", "not", "at_least"]))
    if kind == "not":
        return Not(id=ident, text=ident, part=_node(draw, depth - 1, counter))
    children = tuple(_node(draw, depth - 1, counter) for _ in range(draw(st.integers(1, 3))))
    if kind == "all":
        return All(id=ident, text=ident, parts=children)
    if kind == "any":
        return AnyOf(id=ident, text=ident, parts=children)
    count = draw(st.integers(1, len(children)))
    return AtLeast(id=ident, text=ident, count=count, parts=children)


@st.composite
def trees(draw: st.DrawFn) -> Node:
    """Criterion trees of depth at most 4 over the facts of :data:`ROW_FACTS`, ids unique."""
    return _node(draw, 4, itertools.count())


def _exact(draw: st.DrawFn, fact: str) -> object:
    if fact == "prior_regimens":
        return draw(st.integers(0, 6))
    if fact == "ecog":
        return draw(st.integers(0, 4))
    if fact == "platelets":
        return draw(st.integers(0, 200).map(float) | st.floats(0, 200))
    if fact in CATEGORY:
        return draw(st.sampled_from(fact_spec(fact).categories))
    return draw(st.booleans())


@st.composite
def partial_rows(draw: st.DrawFn) -> dict[str, Bounds]:
    """Values of the row facts, each unknown, exact, or (prior_regimens) a bound."""
    found: dict[str, Bounds] = {}
    for fact in ROW_FACTS:
        form = draw(st.sampled_from(["unknown", "exact", "bound"]))
        if form == "unknown":
            found[fact] = (None, None)
            continue
        value = _exact(draw, fact)
        if form == "bound" and fact == "prior_regimens":
            assert isinstance(value, int)
            found[fact] = (value, draw(st.sampled_from([math.inf, value + 1, value + 3])))
        else:
            found[fact] = (value, value)
    return found


@st.composite
def completions(draw: st.DrawFn, values: dict[str, Bounds]) -> dict[str, Bounds]:
    """The row with every unknown filled and every bound narrowed to one value inside it."""
    filled: dict[str, Bounds] = {}
    for fact, (low, high) in values.items():
        if low is None:
            value = _exact(draw, fact)
        elif low != high:
            assert isinstance(low, int)
            top = low + 5 if high == math.inf else high
            assert isinstance(top, int)
            value = draw(st.integers(low, top))
        else:
            value = low
        filled[fact] = (value, value)
    return filled


class TestProperties:
    """Compiled and evidence-producing evaluation agree; decided results are monotone."""

    @settings(max_examples=300, deadline=None)
    @given(tree=trees(), values=partial_rows(), place=st.sampled_from([US, EU]))
    def test_compiled_equals_evaluated(
        self, tree: Node, values: dict[str, Bounds], place: Context
    ) -> None:
        """compile_criterion and evaluate give the same status for every tree and row."""
        facts = as_facts(values)
        compiled = compile_criterion(tree, place)(facts.values, facts.upper)
        assert compiled == evaluate(tree, facts, place).status

    @settings(max_examples=300, deadline=None)
    @given(tree=trees(), values=partial_rows(), place=st.sampled_from([US, EU]), data=st.data())
    def test_decided_results_survive_filling_unknowns(
        self, tree: Node, values: dict[str, Bounds], place: Context, data: st.DataObject
    ) -> None:
        """A true or false tree stays so when unknowns get values and bounds narrow."""
        run = compile_criterion(tree, place)
        facts = as_facts(values)
        before = run(facts.values, facts.upper)
        filled = as_facts(data.draw(completions(values)))
        after = run(filled.values, filled.upper)
        if before != U:
            assert after == before
        assert evaluate(tree, filled, place).status == after

    @settings(max_examples=200, deadline=None)
    @given(tree=trees(), values=partial_rows())
    def test_explanations_match_status(self, tree: Node, values: dict[str, Bounds]) -> None:
        """False results list failed criteria; unknown ones list unknown leaves and fields."""
        result = evaluate(tree, as_facts(values), US)
        assert bool(result.failed()) == (result.status is F)
        assert bool(result.unknown()) == (result.status is U)
        assert all(node.status is U and not node.children for node in result.unknown())
        assert all(node.status is F for node in result.failed())
        assert bool(result.missing_fields()) == (result.status is U)
