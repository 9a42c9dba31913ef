"""The architecture holds: no import cycle, the layering contracts, and the README's map.

The layering itself (nothing imports upwards) is checked by import-linter's contracts in
``pyproject.toml`` (``lint-imports`` in ``make check``); this file adds what a contract
does not cover: a cycle between any two modules, and the README's "Where things are"
table kept in step with the packages on disk.
"""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import grimp

import allmodel

ROOT = Path(__file__).resolve().parent.parent


def cycles(nodes: Iterable[str], edges: Callable[[str], Iterable[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges(node)):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return sorted(found)


def _graph(edges: Mapping[str, list[str]]) -> Callable[[str], list[str]]:
    return lambda node: edges.get(node, [])


class TestNoCycles:
    """No module imports, directly or through others, a module that imports it."""

    def test_the_detector_finds_a_cycle(self) -> None:
        """A three-module circle and a self-contained pair are told apart."""
        edges = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["e"], "e": []}
        assert cycles(edges, _graph(edges)) == [["a", "b", "c"]]

    def test_the_detector_passes_a_tree(self) -> None:
        """A diamond is not a cycle."""
        edges = {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}
        assert cycles(edges, _graph(edges)) == []

    def test_allmodel_has_no_import_cycle(self) -> None:
        """Every import in src/ (function-level imports included) runs one way."""
        graph = grimp.build_graph("allmodel")
        assert cycles(graph.modules, graph.find_modules_directly_imported_by) == []


class TestContracts:
    """import-linter's contracts (pyproject.toml) are kept."""

    def test_lint_imports_passes(self) -> None:
        """``lint-imports`` reports every contract kept."""
        done = subprocess.run(
            [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout[-2000:]
        assert "0 broken" in done.stdout


def _public_modules() -> set[str]:
    names = set()
    for info in pkgutil.walk_packages(allmodel.__path__, prefix="allmodel."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.add(info.name)
    return names


def _readme_map() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Where things are\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(allmodel[\w.]*)` \|", section, flags=re.MULTILINE)


class TestWhereThingsAre:
    """README's "Where things are" names each public module once, and only those."""

    def test_every_public_module_is_listed_once(self) -> None:
        """The table and the modules on disk are the same set, without repeats."""
        listed = _readme_map()
        assert len(listed) == len(set(listed))
        assert set(listed) == _public_modules()

    def test_the_map_is_read(self) -> None:
        """The table parses to more than a handful of rows (the check is not vacuous)."""
        assert {"allmodel.model", "allmodel.criteria", "allmodel.pathway"} <= set(_readme_map())
