"""Mutation testing of allmodel's rules (``make mutation``).

Why not mutmut alone: mutmut 3 mutates statements inside functions only (it swaps whole
functions through trampolines), so it never touches module-level data: the criteria trees
of ``eligibility/therapies`` and ``eligibility/trials`` (module constants built with
``Threshold(op=Op.GE, value=...)``), the threshold constants and response criteria sets,
the score bands, class-level defaults (``progression_inclusive = True``) or ``@property``
methods. This runner makes those mutants itself:

* criteria trees (areas ``therapies`` and ``trials``), mutated in memory node by node:
  every :class:`~allmodel.criteria.Threshold` value one step up and one step
  down (1 for an integer fact, a tenth of the value for a number fact) and its operator
  flipped (``>`` <-> ``>=``, ``<`` <-> ``<=``); every ``All`` <-> ``Any`` of two or more
  parts; every ``AtLeast`` count +-1;
* the code of ``response``, ``mrd`` and ``scores``, mutated in its syntax tree (module
  constants and class bodies included): every number literal one step up and down (1 for
  an integer, a tenth of the value for a float), every comparison flipped (``<`` <->
  ``<=``, ``>`` <-> ``>=``), every ``True`` <-> ``False`` and every ``and`` <-> ``or`` (the
  code's ``All`` <-> ``Any``). Left out: decorators, docstrings, annotations, and keyword
  arguments that only configure machinery (``kw_only``, ``repr``, ``stacklevel`` ...).

Each mutant runs in a child forked from this process (pytest, pint and allmodel already
imported): the child applies the mutant (a mutated criteria tree replaces the option
everywhere allmodel and the tests hold it; mutated code is imported in place of the
module, with the modules that import it re-imported around it) and runs the area's test
files with ``-x``, the tests named after the mutated option first. Property-based
(hypothesis) tests are deselected: their random examples would make the score
irreproducible, and they are slow. Tests that fail without any mutant (someone's work in
progress) are listed and left out, so they can neither kill nor block. A mutant is killed
when a test fails (or the mutated package cannot even be imported, or the run times out)
and survives when every test passes. Mutants listed in :data:`EQUIVALENT` (no input can
tell them from the original) are left out of the score; one of them that is killed is
reported, as its entry is wrong.

Usage (``make mutation`` runs it with ``--fail-under 95``; about 17 minutes on 2 cores,
some 730 mutants)::

    .venv/bin/python scripts/mutate_rules.py [--area AREA ...] [--jobs N] [--match TEXT]
                                              [--list] [--verbose] [--fail-under PERCENT]
"""

from __future__ import annotations

import argparse
import ast
import functools
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, ModuleType
from typing import Final

import attrs
import pytest

ROOT: Final = Path(__file__).resolve().parent.parent
SRC: Final = ROOT / "src"
sys.path.insert(0, str(SRC))

from allmodel import screening  # noqa: E402
from allmodel.catalogue import THERAPIES, TRIALS, _default  # noqa: E402
from allmodel.criteria import All, Any, AtLeast, Node, Not, Op, Option, Threshold  # noqa: E402
from allmodel.facts import FactType, fact_spec  # noqa: E402

# --- areas --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """What one area mutates and the test files (or folders) that must catch its mutants."""

    name: str
    tests: tuple[str, ...]
    options: tuple[Option, ...] = ()
    files: tuple[str, ...] = ()


def _catalogue_tests(options: Sequence[Option]) -> tuple[str, ...]:
    """The test files of the catalogue that can catch a mutant of ``options``: one file
    per option (``tests/catalogue/test_<id>.py``), then those of the catalogue as a whole
    and of the rules several options share, then the age cuts."""
    return (
        *(f"tests/catalogue/test_{option.id}.py" for option in options),
        "tests/catalogue/test_catalogue.py",
        "tests/catalogue/test_shared_rules.py",
        "tests/catalogue/test_boundaries.py",
    )


AREAS: Final[tuple[Area, ...]] = (
    Area("trials", _catalogue_tests(TRIALS), options=TRIALS),
    Area("therapies", _catalogue_tests(THERAPIES), options=THERAPIES),
    Area(
        "response",
        ("tests/clinical/response", "tests/catalogue/test_boundaries.py"),
        files=(
            "src/allmodel/clinical/response/_criteria.py",
            "src/allmodel/clinical/response/_classify.py",
            "src/allmodel/clinical/response/_assessment.py",
        ),
    ),
    Area(
        "mrd",
        ("tests/model/test_mrd.py", "tests/catalogue/test_boundaries.py"),
        files=("src/allmodel/model/_mrd.py",),
    ),
    Area(
        "scores",
        ("tests/clinical/scores", "tests/catalogue/test_boundaries.py"),
        files=(
            "src/allmodel/clinical/scores/_factors.py",
            "src/allmodel/clinical/scores/_pretransplant.py",
            "src/allmodel/clinical/scores/_second_salvage.py",
            "src/allmodel/clinical/scores/_result.py",
        ),
    ),
)

#: Mutants no input can tell from the original, by key, with the reason. They are run
#: (a killed one means its entry is wrong) but left out of the score.
EQUIVALENT: Final[Mapping[str, str]] = {
    # therapies
    "therapies/blinatumomab/eu_child_under_18: age_years < 18 -> < 19": (
        "an 18-year-old meets the EU paediatric branch only when Ph-negative, which makes"
        " the EU adult branch true as well: the status is the same for every fact"
        " combination (checked over all of them), and so are the missing fields for"
        " every record (they could differ only for a known TKI count with an unknown"
        " regimen count, which derive from the same history)"
    ),
    "therapies/blinatumomab/eu_child_under_18: age_years < 18 -> <= 18": (
        "the same as '< 19': ages are whole years, so '<= 18' is '< 19'"
    ),
    # response
    "response/allmodel.clinical.response._criteria:ResponseCriteria.defines_crh: and -> or in"
    " `return self.crh_platelets is not None and self.crh_anc is not None`": (
        "a set with one CRh cut alone is refused when built, so the two cuts are both"
        " given or both None, and 'and' and 'or' agree"
    ),
    "response/allmodel.clinical.response._classify:_facts: and -> or in"
    " `if criteria.crh_platelets is not None and criteria.crh_anc is not None:`": (
        "as for defines_crh: the two CRh cuts are both given or both None"
    ),
    "response/allmodel.clinical.response._classify:_facts: False -> True in"
    ' `"crh_platelets": _Fact(False),`': (
        "the placeholder for a set without CRh is never read: _decide and _possible test"
        " defines_crh first, and a fact without text adds no reason"
    ),
    "response/allmodel.clinical.response._classify:_facts: False -> True in"
    ' `"crh_anc": _Fact(False),`': "as for the crh_platelets placeholder",
    "response/allmodel.clinical.response._classify:_implies: > -> >= in"
    " `return cut > weaker_cut`": (
        "the line runs only when cut != weaker_cut, where '>' and '>=' agree"
    ),
    # scores
    "scores/allmodel.clinical.scores._pretransplant:_derive_timing: 0 -> -1 in"
    " `return _first_relapse_timing(patient, relapses[0], as_of)`": (
        "reached only with exactly one relapse, where relapses[0] is relapses[-1]"
    ),
    **{
        f"scores/allmodel.clinical.scores._pretransplant:{scope}: {change} in `{line}`{nth}": (
            "the range of a known timing is never read: a component with known points"
            " takes (points, points) whatever the context says"
        )
        for scope, line, changes in (
            ("_first_relapse_timing", "possible=(1, 1),", ("1 -> 2", "1 -> 0")),
            ("_first_relapse_timing", "possible=(0, 0),", ("0 -> 1", "0 -> -1")),
            ("_derive_timing", "possible=(2, 2),", ("2 -> 3", "2 -> 1")),
            ("_derive_timing", "possible=(0, 0),", ("0 -> 1", "0 -> -1")),
        )
        for change in changes
        for nth in ("", " #2")
    },
}

# --- mutants ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    """One mutation: a stable key, where it is, and how a child process applies it."""

    area: str
    key: str
    where: str
    apply: Callable[[], None] = field(compare=False, repr=False)
    first: str = ""  # tests whose id contains this (normalised) run first


def _number(value: float) -> str:
    return f"{value:.6g}"


def _step(node: Threshold) -> float:
    if fact_spec(node.fact).type is FactType.INTEGER:
        return 1.0
    return abs(node.value) / 10 if node.value else 0.1


_FLIP: Final[Mapping[Op, Op]] = {Op.GE: Op.GT, Op.GT: Op.GE, Op.LE: Op.LT, Op.LT: Op.LE}


def _node_mutations(node: Node) -> Iterator[tuple[str, Node]]:
    """``(change, mutated node)`` for each mutation of this one node."""
    if isinstance(node, Threshold):
        shown = f"{node.fact} {node.op.value} {_number(node.value)}"
        step = _step(node)
        for moved in (node.value + step, node.value - step):
            value = float(f"{moved:.12g}")
            mutated = attrs.evolve(node, value=value)
            yield f"{shown} -> {node.op.value} {_number(value)}", mutated
        if node.op in _FLIP:
            flipped = attrs.evolve(node, op=_FLIP[node.op])
            yield f"{shown} -> {flipped.op.value} {_number(node.value)}", flipped
    elif isinstance(node, (All, Any)) and len(node.parts) > 1:
        other = Any if isinstance(node, All) else All
        swapped = other(id=node.id, text=node.text, citations=node.citations, parts=node.parts)
        yield f"{type(node).__name__} -> {other.__name__}", swapped
    elif isinstance(node, AtLeast):
        for count in (node.count + 1, node.count - 1):
            if 1 <= count <= len(node.parts):
                changed = attrs.evolve(node, count=count)
                yield f"at least {node.count} -> at least {count}", changed


def _replace(root: Node, path: tuple[int, ...], new: Node) -> Node:
    """``root`` with the node at ``path`` (indices into parts) replaced by ``new``."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(root, Not):
        return attrs.evolve(root, part=_replace(root.part, rest, new))
    if isinstance(root, (All, Any, AtLeast)):
        parts = list(root.parts)
        parts[head] = _replace(parts[head], rest, new)
        return attrs.evolve(root, parts=tuple(parts))
    raise TypeError(f"{root.id} has no parts")


def _paths(node: Node, path: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Node]]:
    yield path, node
    if isinstance(node, Not):
        yield from _paths(node.part, (*path, 0))
    elif isinstance(node, (All, Any, AtLeast)):
        for index, part in enumerate(node.parts):
            yield from _paths(part, (*path, index))


def _swap(value: object, original: Option, mutated: Option) -> object:
    """``value`` with ``original`` replaced by ``mutated`` (itself, or in a tuple or list)."""
    if value is original:
        return mutated
    if isinstance(value, (tuple, list)) and any(item is original for item in value):
        return type(value)(mutated if item is original else item for item in value)
    return value


def _install_option(original: Option, mutated: Option) -> None:
    """Put ``mutated`` wherever allmodel or the tests hold ``original`` (module constants,
    the option tuples, the default ruleset), and forget what was compiled from it."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in _PACKAGES:
            continue
        for attribute, value in list(vars(module).items()):
            swapped = _swap(value, original, mutated)
            if swapped is not value:
                setattr(module, attribute, swapped)
    _default.default_ruleset.cache_clear()  # rebuilt from the new options
    screening._compiled.cache_clear()
    screening._selected.cache_clear()


def tree_mutants(area: Area) -> Iterator[Mutant]:
    """The mutants of every criteria tree of ``area``."""
    for option in area.options:
        for path, node in _paths(option.criteria):
            for change, mutated_node in _node_mutations(node):
                mutated = attrs.evolve(
                    option, criteria=_replace(option.criteria, path, mutated_node)
                )

                def apply(original: Option = option, new: Option = mutated) -> None:
                    _install_option(original, new)

                yield Mutant(
                    area=area.name,
                    key=f"{area.name}/{option.id}/{node.id}: {change}",
                    where=f"option {option.id}, node {node.id}",
                    apply=apply,
                    first=_normal(option.id),
                )


# --- code mutants -------------------------------------------------------------------------

#: Keyword arguments that configure machinery rather than state a rule.
_MACHINERY_KEYWORDS: Final = frozenset(
    {"kw_only", "frozen", "repr", "eq", "hash", "init", "order", "slots", "cache_hash"}
    | {"stacklevel", "strict"}
)

_COMPARE_FLIP: Final[Mapping[type[ast.cmpop], type[ast.cmpop]]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
}
_COMPARE_TEXT: Final[Mapping[type[ast.cmpop], str]] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}


@dataclass(frozen=True)
class _Site:
    """One mutation of a syntax tree, found by its position in a fixed walk."""

    index: int
    line: int
    scope: str
    change: str


class _Walker:
    """Finds the mutation sites of a module in a fixed order; can apply one of them."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.sites: list[tuple[_Site, Callable[[], None]]] = []
        self._scope: list[str] = []
        self._body(tree.body)

    def _add(self, node: ast.expr, change: str, apply: Callable[[], None]) -> None:
        site = _Site(len(self.sites), node.lineno, ".".join(self._scope) or "<module>", change)
        self.sites.append((site, apply))

    def _body(self, statements: Sequence[ast.stmt]) -> None:
        for index, statement in enumerate(statements):
            if (
                index == 0
                and isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
            ):
                continue  # a docstring
            self._statement(statement)

    def _statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._scope.append(node.name)
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    self._expr(base)
            else:
                for default in (*node.args.defaults, *node.args.kw_defaults):
                    if default is not None:
                        self._expr(default)
            self._body(node.body)
            self._scope.pop()
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self._expr(node.value)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
                continue  # blocks are walked below
            if isinstance(child, ast.expr):
                self._expr(child)
            else:
                self._other(child)
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if isinstance(block, list):
                self._body([s for s in block if isinstance(s, ast.stmt)])
        for handler in getattr(node, "handlers", ()):
            if isinstance(handler, ast.ExceptHandler):
                if handler.type is not None:
                    self._expr(handler.type)
                self._body(handler.body)

    def _other(self, node: ast.AST) -> None:
        if isinstance(node, ast.keyword):
            if node.arg not in _MACHINERY_KEYWORDS:
                self._expr(node.value)
            return
        if isinstance(node, ast.comprehension):
            self._expr(node.target)
            self._expr(node.iter)
            for condition in node.ifs:
                self._expr(condition)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self._expr(child)
            elif not isinstance(child, ast.stmt):
                self._other(child)

    def _expr(self, node: ast.expr) -> None:
        if isinstance(node, ast.Constant):
            self._constant(node)
            return
        if isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    self._expr(value.value)
            return
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                flipped = _COMPARE_FLIP.get(type(op))
                if flipped is not None:
                    self._add(
                        node,
                        f"{_COMPARE_TEXT[type(op)]} -> {_COMPARE_TEXT[flipped]}",
                        _set_op(node, position, flipped),
                    )
        elif isinstance(node, ast.BoolOp):
            other: type[ast.boolop] = ast.Or if isinstance(node.op, ast.And) else ast.And
            names = {ast.And: "and", ast.Or: "or"}
            self._add(
                node,
                f"{names[type(node.op)]} -> {names[other]}",
                _set_boolop(node, other),
            )
        elif isinstance(node, ast.Lambda):
            self._expr(node.body)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self._expr(child)
            elif not isinstance(child, (ast.expr_context, ast.operator, ast.unaryop)):
                self._other(child)

    def _constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self._add(node, f"{value} -> {not value}", _set_constant(node, not value))
        elif isinstance(value, int):
            for new in (value + 1, value - 1):
                self._add(node, f"{value} -> {new}", _set_constant(node, new))
        elif isinstance(value, float):
            step = abs(value) / 10 if value else 0.1
            for moved in (value + step, value - step):
                rounded = float(f"{moved:.12g}")
                self._add(node, f"{value!r} -> {rounded!r}", _set_constant(node, rounded))


def _set_op(node: ast.Compare, position: int, op: type[ast.cmpop]) -> Callable[[], None]:
    def apply() -> None:
        node.ops[position] = op()

    return apply


def _set_boolop(node: ast.BoolOp, op: type[ast.boolop]) -> Callable[[], None]:
    def apply() -> None:
        node.op = op()

    return apply


def _set_constant(node: ast.Constant, value: float) -> Callable[[], None]:
    def apply() -> None:
        node.value = value

    return apply


def _module_name(relative: str) -> str:
    parts = Path(relative).with_suffix("").parts
    assert parts[0] == "src", relative
    names = parts[1:-1] if parts[-1] == "__init__" else parts[1:]
    return ".".join(names)


class _MutatedModule(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports one module from a mutated code object instead of its file."""

    def __init__(self, name: str, path: Path, code: CodeType) -> None:
        self.name, self.path, self.code = name, path, code

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        exec(self.code, module.__dict__)


#: The top-level packages whose modules a mutant may have to replace.
_PACKAGES: Final = ("allmodel", "tests")


def _module_of(path: Path, base: Path) -> str:
    parts = path.relative_to(base).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Each module of allmodel and the tests, with the modules of both it imports
    (anywhere in the file, so imports inside functions count too)."""
    graph: dict[str, set[str]] = {}
    files = [(p, SRC) for p in (SRC / "allmodel").rglob("*.py")]
    files += [(p, ROOT) for p in (ROOT / "tests").rglob("*.py")]
    for path, base in files:
        name = _module_of(path, base)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                origin = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    origin = ".".join([*anchor, origin] if origin else anchor)
                found.add(origin)
                found.update(f"{origin}.{alias.name}" for alias in node.names)
        graph[name] = {m for m in found if m.split(".")[0] in _PACKAGES}
    return graph


def _importers(target: str, graph: Mapping[str, set[str]]) -> set[str]:
    """``target`` and every module that imports it, directly or through others."""
    found = {target}
    changed = True
    while changed:
        changed = False
        for name, imports in graph.items():
            if name not in found and imports & found:
                found.add(name)
                changed = True
    return found


def _forget_imports(names: set[str] | None = None) -> None:
    """Drop ``names`` (all of allmodel and the tests by default) from ``sys.modules``, so
    that the next import runs them again."""
    for name in list(sys.modules):
        if name.split(".")[0] in _PACKAGES and (names is None or name in names):
            del sys.modules[name]


def code_mutants(area: Area) -> Iterator[Mutant]:
    """The mutants of every module of ``area``."""
    graph = _import_graph()
    for relative in area.files:
        path = ROOT / relative
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        module = _module_name(relative)
        seen: dict[str, int] = {}
        for site, _ in _Walker(ast.parse(source, str(path))).sites:
            text = " ".join(lines[site.line - 1].split())
            base = f"{area.name}/{module}:{site.scope}: {site.change} in `{text}`"
            seen[base] = seen.get(base, 0) + 1
            key = base if seen[base] == 1 else f"{base} #{seen[base]}"

            def apply(
                index: int = site.index,
                file: Path = path,
                name: str = module,
                stale: frozenset[str] = frozenset(_importers(module, graph)),
            ) -> None:
                walker = _Walker(ast.parse(file.read_text(encoding="utf-8"), str(file)))
                walker.sites[index][1]()
                code = compile(walker.tree, str(file), "exec")
                _forget_imports(set(stale))
                sys.meta_path.insert(0, _MutatedModule(name, file, code))

            yield Mutant(area=area.name, key=key, where=f"{relative}:{site.line}", apply=apply)


def mutants(area: Area) -> list[Mutant]:
    """Every mutant of ``area``, in a fixed order."""
    return [*tree_mutants(area), *code_mutants(area)]


# --- running ------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


class _Selection:
    """pytest plugin: drops property-based tests and ``skip``; runs the tests named after
    ``first`` first; records the ids of failed tests in ``failed``."""

    def __init__(self, first: str = "", skip: frozenset[str] = frozenset()) -> None:
        self.first, self.skip = first, skip
        self.failed: list[str] = []

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        dropped = [i for i in items if _is_property_test(i) or i.nodeid in self.skip]
        kept = [i for i in items if not (_is_property_test(i) or i.nodeid in self.skip)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        if self.first:
            kept.sort(key=lambda item: self.first not in _normal(item.nodeid))
        items[:] = kept

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed.append(report.nodeid)


def _is_property_test(item: pytest.Item) -> bool:
    return bool(getattr(getattr(item, "obj", None), "is_hypothesis_test", False))


SURVIVED, KILLED, TIMEOUT, BROKEN = "survived", "killed", "timeout", "broken"
#: pytest options of every run. The test modules imported here before forking cannot
#: have their asserts rewritten (a failing assert still fails), and pytest would warn so,
#: an error under the project's ``filterwarnings = error``.
_PYTEST_ARGS: Final = (
    *("-q", "-p", "no:cacheprovider", "--no-header"),
    *("-W", "ignore::pytest.PytestAssertRewriteWarning"),
)


def _child(area: Area, mutant: Mutant, skip: frozenset[str], *, verbose: bool) -> int:
    """Apply the mutant and run the area's tests; the exit status of the child."""
    if not verbose:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    try:
        mutant.apply()
        plugin = _Selection(mutant.first, skip)
        return int(pytest.main([*area.tests, "-x", *_PYTEST_ARGS], plugins=[plugin]))
    except BaseException:  # any failure to apply the mutant: reported as broken
        return 99


def _fork(run: Callable[[], int]) -> int:
    """Run ``run`` in a child process from the repository root; the child's pid."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child never returns: it runs, then exits with run's status
        status = 98
        try:
            os.chdir(ROOT)
            status = run()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    return pid


def _baseline(area: Area, *, verbose: bool) -> tuple[int, frozenset[str]]:
    """Run the area's tests without a mutant (re-importing allmodel as code mutants do):
    the exit status and the tests that fail (others' work in progress, say), which the
    mutant runs then leave out."""
    read, write = os.pipe()

    def run() -> int:
        os.close(read)
        if not verbose:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
        if area.files:
            _forget_imports()
        plugin = _Selection()
        status = int(pytest.main([*area.tests, *_PYTEST_ARGS], plugins=[plugin]))
        with os.fdopen(write, "w", encoding="utf-8") as out:
            out.write("\n".join(plugin.failed))
        return status

    pid = _fork(run)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as stream:
        failed = frozenset(line for line in stream.read().splitlines() if line)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), failed


def _verdict(status: int) -> str:
    if status == 0:
        return SURVIVED
    if status in (1, 2, 3):  # tests failed, collection (import) failed, internal error
        return KILLED
    return BROKEN


@dataclass
class Outcome:
    """The verdict on one mutant."""

    mutant: Mutant
    verdict: str
    seconds: float


def run_area(
    area: Area, selected: list[Mutant], jobs: int, *, verbose: bool = False
) -> list[Outcome]:
    """Run the baseline, then every selected mutant of ``area``, ``jobs`` at a time."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if area.options:  # imported once here rather than in every child
        for test in area.tests:
            importlib.import_module(_module_of(ROOT / test, ROOT))
    started = time.monotonic()
    status, failing = _baseline(area, verbose=verbose)
    baseline = time.monotonic() - started
    if status not in (0, 1):
        raise SystemExit(f"{area.name}: the tests cannot run without a mutant (exit {status})")
    for test in sorted(failing):
        print(f"{area.name}: WARNING: fails without any mutant, left out: {test}")
    limit = max(30.0, 10 * baseline)
    print(f"{area.name}: {len(selected)} mutants, baseline {baseline:.1f} s", flush=True)
    pending = list(reversed(selected))
    running: dict[int, tuple[Mutant, float]] = {}
    outcomes: list[Outcome] = []
    while pending or running:
        while pending and len(running) < jobs:
            mutant = pending.pop()
            if verbose:
                print(f"\n=== {mutant.key}", flush=True)
            pid = _fork(functools.partial(_child, area, mutant, failing, verbose=verbose))
            running[pid] = (mutant, time.monotonic())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for child, (mutant, since) in list(running.items()):
                if now - since > limit:
                    os.kill(child, signal.SIGKILL)
                    os.waitpid(child, 0)
                    del running[child]
                    outcomes.append(Outcome(mutant, TIMEOUT, now - since))
            time.sleep(0.02)
            continue
        if pid not in running:
            continue
        mutant, since = running.pop(pid)
        verdict = _verdict(os.waitstatus_to_exitcode(status))
        outcomes.append(Outcome(mutant, verdict, time.monotonic() - since))
        mark = {SURVIVED: "S", KILLED: ".", TIMEOUT: "T", BROKEN: "!"}[verdict]
        print(mark, end="" if len(outcomes) % 80 else "\n", flush=True)
    print(flush=True)
    order = {mutant.key: index for index, mutant in enumerate(selected)}
    return sorted(outcomes, key=lambda outcome: order[outcome.mutant.key])


def report(results: Mapping[str, list[Outcome]], fail_under: float) -> int:
    """Print the score per area, the survivors and the equivalent mutants; the exit status."""
    print("\nMutation score (killed / non-equivalent mutants):")
    worst = 100.0
    total_killed = total_counted = 0
    survivors: list[Outcome] = []
    equivalent: list[Outcome] = []
    wrong: list[Outcome] = []
    broken: list[Outcome] = []
    for name, outcomes in results.items():
        killed = sum(o.verdict in (KILLED, TIMEOUT) for o in outcomes)
        excluded = [o for o in outcomes if o.mutant.key in EQUIVALENT and o.verdict == SURVIVED]
        equivalent += excluded
        wrong += [o for o in outcomes if o.mutant.key in EQUIVALENT and o.verdict != SURVIVED]
        broken += [o for o in outcomes if o.verdict == BROKEN]
        survivors += [
            o for o in outcomes if o.verdict == SURVIVED and o.mutant.key not in EQUIVALENT
        ]
        counted = len(outcomes) - len(excluded) - sum(o.verdict == BROKEN for o in outcomes)
        score = 100.0 * killed / counted if counted else 100.0
        worst = min(worst, score)
        total_killed += killed
        total_counted += counted
        print(
            f"  {name:<10} {score:6.1f} %  ({killed} killed of {counted};"
            f" {len(excluded)} equivalent, {len(outcomes)} mutants)"
        )
    overall = 100.0 * total_killed / total_counted if total_counted else 100.0
    print(f"  {'all':<10} {overall:6.1f} %  ({total_killed} killed of {total_counted})")
    if survivors:
        print(f"\nSurvivors ({len(survivors)}):")
        for outcome in survivors:
            print(f"  {outcome.mutant.key}\n      at {outcome.mutant.where}")
    if equivalent:
        print(f"\nEquivalent, left out of the score ({len(equivalent)}):")
        for outcome in equivalent:
            print(f"  {outcome.mutant.key}\n      {EQUIVALENT[outcome.mutant.key]}")
    if wrong:
        print(f"\nListed as equivalent but killed: fix EQUIVALENT ({len(wrong)}):")
        for outcome in wrong:
            print(f"  {outcome.mutant.key}")
    if broken:
        print(f"\nBroken (the mutant could not be applied; a runner bug) ({len(broken)}):")
        for outcome in broken:
            print(f"  {outcome.mutant.key}")
    failed = worst < fail_under or bool(broken) or bool(wrong)
    if failed:
        print(f"\nFAILED: an area scores below {fail_under:g} % or the run was not clean")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    names = [area.name for area in AREAS]
    parser.add_argument("--area", action="append", choices=names, help="areas (default all)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--match", default="", help="only mutants whose key contains this")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument(
        "--verbose", action="store_true", help="show the test output (use with --jobs 1)"
    )
    parser.add_argument(
        "--fail-under", type=float, default=0.0, help="exit 1 if an area scores below this %%"
    )
    args = parser.parse_args(argv)
    areas = [area for area in AREAS if not args.area or area.name in args.area]
    every = {area.name: mutants(area) for area in areas}
    chosen = {name: [m for m in found if args.match in m.key] for name, found in every.items()}
    if len(areas) == len(AREAS):
        keys = {mutant.key for found in every.values() for mutant in found}
        for key in sorted(set(EQUIVALENT) - keys):
            print(f"WARNING: EQUIVALENT lists a mutant that no longer exists: {key}")
    if args.list:
        for area_mutants in chosen.values():
            for mutant in area_mutants:
                print(f"{mutant.key}\n    at {mutant.where}")
        print(sum(len(m) for m in chosen.values()), "mutants")
        return 0
    started = time.monotonic()
    results = {
        area.name: run_area(area, chosen[area.name], max(1, args.jobs), verbose=args.verbose)
        for area in areas
        if chosen[area.name]
    }
    status = report(results, args.fail_under)
    print(f"\n{time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
