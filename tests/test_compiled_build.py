"""The compiled build's rules, checked on the pure-Python build every run.

With ``HATCH_BUILD_HOOK_ENABLE_MYPYC=1`` the wheel compiles the modules listed in
``pyproject.toml`` (the mypyc build hook's ``include``) with mypyc. A compiled function
or class loses its docstring and signature at run time (``help()``, ``inspect``), so the
compiled modules must be private and define nothing the public API shows; and a wheel
built straight from the working tree leaves its extension modules in ``src/``, where they
would shadow the sources of the development install. ``make compiled-test`` builds the
compiled wheel, checks that it derives exactly what this build derives
(``scripts/derivation_digest.py``) and runs the tests against it.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import io
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.modules import import_file, public_module_names

ROOT = Path(__file__).resolve().parent.parent
DIGEST = import_file("derivation_digest", ROOT / "scripts" / "derivation_digest.py")
COMPILED: tuple[str, ...] = DIGEST.compiled_modules()
#: The build under test: ``pure`` (the sources), or ``compiled`` when ``make
#: compiled-test`` runs these tests against the compiled wheel.
BUILD = os.environ.get("ALLMODEL_TEST_BUILD", "pure")


def test_the_list_names_existing_private_modules() -> None:
    """Each listed module exists, once, and some part of its dotted name is private."""
    assert len(set(COMPILED)) == len(COMPILED) > 0
    for name in COMPILED:
        module = importlib.import_module(name)
        assert module.__file__ is not None
        assert any(part.startswith("_") for part in name.split(".")[1:]), name


@pytest.mark.parametrize("public", public_module_names())
def test_no_public_name_is_defined_in_a_compiled_module(public: str) -> None:
    """What a public module exports comes from modules that stay Python (a compiled
    function would show no docstring or signature)."""
    module = importlib.import_module(public)
    leaked = [
        name
        for name in getattr(module, "__all__", ())
        if getattr(getattr(module, name), "__module__", None) in COMPILED
    ]
    assert leaked == [], f"{public} exports objects of compiled modules: {leaked}"


def test_the_rule_sees_a_function_of_a_compiled_module() -> None:
    """The check above reads ``__module__``: a function the facts import from a compiled
    module carries that module's name."""
    from allmodel.facts import _course

    assert _course.__dict__["calendar_months"].__module__ == "allmodel._calendar"
    assert "allmodel._calendar" in COMPILED


def test_no_extension_module_is_left_in_the_sources() -> None:
    """A wheel built with the hook from the working tree (not, as ``make`` does, from the
    sdist) writes its extension modules next to the sources; the development install
    would then run them instead of the code being edited."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    left = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*")
        if path.name.endswith(suffixes)
    ]
    assert left == [], f"delete these build products: {left}"


def test_the_build_is_the_one_under_test() -> None:
    """The suite's own run is of the sources; ``make compiled-test`` runs it against the
    compiled wheel, where every listed module must be an extension module."""
    assert BUILD in ("pure", "compiled")
    count = 0 if BUILD == "pure" else len(COMPILED)
    assert DIGEST.build() == f"build: {count} of {len(COMPILED)} derivation modules compiled"


def _toml(name: str) -> dict[str, Any]:
    with (ROOT / name).open("rb") as file:
        return tomllib.load(file)


def test_the_build_tools_and_dependencies_are_pinned_to_the_lock() -> None:
    """The compiled build type-checks against exact versions, those of ``uv.lock``: every
    runtime dependency, mypy and the stubs (a new release cannot change what compiles)."""
    locked = {p["name"]: p.get("version") for p in _toml("uv.lock")["package"]}
    project = _toml("pyproject.toml")
    runtime = project["project"]["dependencies"]
    hook = project["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
    assert hook["enable-by-default"] is False
    assert "require-runtime-dependencies" not in hook
    pins = dict(pin.split("==") for pin in hook["dependencies"])
    wanted = {str(spec).split(">")[0].split("<")[0].split("=")[0] for spec in runtime}
    assert wanted | {"mypy", "types-python-dateutil"} <= set(pins)
    for name, version in pins.items():
        if name != "hatch-mypyc":
            assert locked[name] == version, f"{name}: pinned {version}, locked {locked[name]}"


def test_the_version_says_which_build_runs() -> None:
    """``allmodel --version`` names the compiled build (a result can be traced to it)."""
    from allmodel import __version__
    from allmodel._build import is_compiled
    from allmodel.cli import main

    assert is_compiled() is (BUILD == "compiled")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--version"], stdout=out, stderr=err) == 0
    build = " (compiled)" if BUILD == "compiled" else ""
    assert out.getvalue() == f"allmodel {__version__}{build}\n"
