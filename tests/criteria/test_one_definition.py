"""Compiled and explained truths come from one definition of each node kind.

``tests/test_logic.py`` checks by hand-written tables and by property that
:func:`~allmodel.criteria.compile_criterion` and :func:`~allmodel.criteria.evaluate`
agree. This file checks why they must: every node kind has exactly one rule (the table
``RULES`` of ``allmodel.criteria._semantics``), both evaluators call it, and changing a
rule changes both alike. It imports private modules on purpose: the structure is what it
tests.
"""

from __future__ import annotations

import typing
from datetime import date

import grimp
import pytest

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
    Truth,
    compile_criterion,
    evaluate,
    walk,
)
from allmodel.criteria import Any as AnyOf
from allmodel.criteria._nodes import NODE_KINDS
from allmodel.criteria._semantics import CONSTANTS, RULES, Decide, Parts, Rule
from allmodel.facts import FACTS, Facts, fact_index
from allmodel.model import Lineage

AS_OF = date(2022, 12, 31)
US = Context(as_of=AS_OF, jurisdiction=Jurisdiction.US)


def row(**values: object) -> Facts:
    """A facts row with the given exact values, every other fact unknown."""
    cells: list[object] = [None] * len(FACTS)
    for name, value in values.items():
        cells[fact_index(name)] = value
    return Facts(AS_OF, tuple(cells), tuple(cells), (None,) * len(FACTS))


#: A row on which each tree of :func:`true_trees` is true.
ROW = row(age_years=40, lineage=Lineage.B_PRECURSOR, prior_blinatumomab=False, ecog=1)


def adult(id: str = "adult") -> Threshold:
    """``age_years >= 18 years``."""
    return Threshold(id=id, text="adult", fact="age_years", op=Op.GE, value=18, unit="years")


def b_cell(id: str = "b") -> IsIn:
    """``lineage in {b_precursor}``."""
    return IsIn(id=id, text="B-cell", fact="lineage", values=("b_precursor",))


def blinatumomab(value: bool, id: str = "blin") -> Is:
    """``prior_blinatumomab is value``."""
    return Is(id=id, text="prior blinatumomab", fact="prior_blinatumomab", value=value)


def ecog_known(id: str = "ecog") -> Known:
    """``ecog`` recorded."""
    return Known(id=id, text="ECOG recorded", fact="ecog")


def true_trees() -> dict[str, Node]:
    """For each node kind, a new small tree of that kind at its root, true on :data:`ROW`.

    New objects on every call: the explainer caches per node, and a test that changes a
    rule must not meet a function built from the unchanged one.
    """
    return {
        "threshold": adult(),
        "is_in": b_cell(),
        "is": blinatumomab(False),
        "known": ecog_known(),
        "in_jurisdiction": InJurisdiction(
            id="us", text="US label", jurisdictions=(Jurisdiction.US,)
        ),
        "constant": Constant(id="yes", text="always", value=True),
        "all": All(id="root", text="both", parts=(adult(), b_cell())),
        "any": AnyOf(id="root", text="either", parts=(blinatumomab(True), ecog_known())),
        "not": Not(id="root", text="no blinatumomab", part=blinatumomab(True)),
        "at_least": AtLeast(
            id="root", text="two of three", count=2, parts=(adult(), b_cell(), blinatumomab(True))
        ),
    }


def sample() -> Node:
    """A new tree with every node kind, none of it decided by the context alone."""
    return All(
        id="root",
        text="everything",
        parts=(
            adult(),
            b_cell(),
            ecog_known(),
            Not(id="not-blin", text="no blinatumomab", part=blinatumomab(True)),
            Not(
                id="not-young",
                text="not under 30",
                part=Threshold(
                    id="young", text="under 30", fact="age_years", op=Op.LT, value=30, unit="years"
                ),
            ),
            AnyOf(
                id="eu-or-flag",
                text="EU label or no blinatumomab",
                parts=(
                    InJurisdiction(id="eu", text="EU label", jurisdictions=(Jurisdiction.EU,)),
                    blinatumomab(False, id="blin-2"),
                ),
            ),
            AnyOf(id="either", text="either", parts=(b_cell("b-2"), ecog_known("ecog-2"))),
            AtLeast(
                id="one-of",
                text="one of",
                count=1,
                parts=(Constant(id="never", text="never", value=False), adult("adult-2")),
            ),
            Constant(id="always", text="always", value=True),
        ),
    )


def both(node: Node, facts: Facts = ROW, context: Context = US) -> tuple[Truth, Truth]:
    """The compiled and the explained truth of ``node``."""
    compiled = Truth(compile_criterion(node, context)(facts.values, facts.upper))
    return compiled, evaluate(node, facts, context).status


def always(truth: Truth) -> Rule:
    """A rule that gives ``truth`` on every row, whatever the node and its parts."""

    def rule(node: typing.Any, context: Context, parts: Parts) -> Decide:
        return CONSTANTS[truth]

    return rule


class TestOneRulePerKind:
    """The semantics table is the whole definition: one rule for each node kind."""

    def test_every_kind_has_exactly_one_rule(self) -> None:
        """The table's keys are the node kinds, and no rule serves two kinds."""
        assert sorted(RULES) == sorted(NODE_KINDS)
        assert len(set(RULES.values())) == len(RULES)

    def test_the_examples_cover_every_kind(self) -> None:
        """Each kind's example tree has that kind at its root and is true on the row."""
        trees = true_trees()
        assert sorted(trees) == sorted(NODE_KINDS)
        for kind, tree in trees.items():
            assert tree.kind == kind
            assert both(tree) == (Truth.TRUE, Truth.TRUE)

    def test_the_sample_holds_every_kind(self) -> None:
        """The sample tree uses every node kind, and both evaluators agree on it."""
        tree = sample()
        kinds = {node.kind for node in walk(tree)}
        assert kinds == set(NODE_KINDS)
        assert both(tree) == (Truth.TRUE, Truth.TRUE)
        assert both(tree, row()) == (Truth.UNKNOWN, Truth.UNKNOWN)


class TestBothEvaluatorsUseTheRules:
    """Changing one kind's rule changes the compiled and the explained result alike."""

    @pytest.mark.parametrize("kind", sorted(NODE_KINDS))
    def test_each_rule_is_called_by_both(self, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Compiling the sample calls the kind's rule, and so does explaining it."""
        calls: list[str] = []
        original = RULES[kind]

        def counted(node: typing.Any, context: Context, parts: Parts) -> Decide:
            calls.append(node.id)
            return original(node, context, parts)

        monkeypatch.setitem(RULES, kind, counted)
        compile_criterion(sample(), US)
        assert calls, f"compile_criterion did not use the {kind!r} rule"
        calls.clear()
        evaluate(sample(), ROW, US)
        assert calls, f"evaluate did not use the {kind!r} rule"

    @pytest.mark.parametrize("kind", sorted(NODE_KINDS))
    def test_a_changed_rule_changes_both(self, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """A rule made to say "false" turns the kind's true example false in both."""
        tree = true_trees()[kind]
        monkeypatch.setitem(RULES, kind, always(Truth.FALSE))
        assert both(tree) == (Truth.FALSE, Truth.FALSE)

    @pytest.mark.parametrize("kind", sorted(NODE_KINDS))
    def test_a_changed_rule_changes_both_in_the_sample(
        self, kind: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Whatever one kind is made to say, the two evaluators still agree on the sample."""
        for truth in Truth:
            monkeypatch.setitem(RULES, kind, always(truth))
            for facts in (ROW, row()):
                compiled, explained = both(sample(), facts)
                assert compiled == explained, (kind, truth, facts.values[:3])

    def test_the_not_flag_shortcut_follows_the_rules(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``not <flag>`` compiles to one call only while the rules allow it.

        With the real rules the compiled function is the ``is`` rule of the opposite flag.
        With an ``is`` rule that reads an unknown flag as false, "not" of it is true on an
        unknown row but the opposite flag is false: the compiler then falls back to the
        ``not`` rule over the ``is`` rule, and agrees with the explanation.
        """
        flag = Not(id="root", text="no blinatumomab", part=blinatumomab(True))
        assert compile_criterion(flag, US).__qualname__.startswith("_is.")
        original = RULES["is"]

        def unknown_is_false(node: typing.Any, context: Context, parts: Parts) -> Decide:
            i = fact_index(node.fact)
            run = original(node, context, parts)

            def decide(values: tuple[typing.Any, ...], upper: tuple[typing.Any, ...]) -> int:
                return Truth.FALSE if values[i] is None else run(values, upper)

            return decide

        monkeypatch.setitem(RULES, "is", unknown_is_false)
        fresh = Not(id="root", text="no blinatumomab", part=blinatumomab(True))
        assert both(fresh, row()) == (Truth.TRUE, Truth.TRUE)
        assert both(fresh, row(prior_blinatumomab=True)) == (Truth.FALSE, Truth.FALSE)


def _imports(graph: grimp.ImportGraph, importer: str, imported: str) -> bool:
    return graph.chain_exists(importer=importer, imported=imported)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """The import graph of allmodel."""
    return grimp.build_graph("allmodel")


class TestModules:
    """The module layout makes the shared definition the only way to a truth."""

    def test_the_evaluators_are_independent(self, graph: grimp.ImportGraph) -> None:
        """The compiler and the explainer do not import each other; both import the rules."""
        compiler, explainer = "allmodel.criteria._compile", "allmodel.criteria._explain"
        assert not _imports(graph, compiler, explainer)
        assert not _imports(graph, explainer, compiler)
        for module in (compiler, explainer):
            assert "allmodel.criteria._semantics" in graph.find_modules_directly_imported_by(module)

    def test_the_node_language_knows_no_evaluation(self, graph: grimp.ImportGraph) -> None:
        """``_nodes`` imports no other criteria module: meaning is added, not built in."""
        imported = graph.find_modules_directly_imported_by("allmodel.criteria._nodes")
        assert not {name for name in imported if name.startswith("allmodel.criteria")}
