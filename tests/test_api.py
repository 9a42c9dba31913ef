"""The public API: declared once in sorted __all__ lists, documented, and shipped typed."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import allmodel

ROOT = Path(__file__).resolve().parent.parent


def _public_modules() -> list[ModuleType]:
    """allmodel and every submodule whose dotted name has no part starting with '_'."""
    modules = [allmodel]
    for info in pkgutil.walk_packages(allmodel.__path__, prefix="allmodel."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            modules.append(importlib.import_module(info.name))
    return modules


PUBLIC_MODULES = _public_modules()
_MODULE_IDS = [module.__name__ for module in PUBLIC_MODULES]


def _documented_objects(module: ModuleType) -> list[tuple[str, object]]:
    """The classes and functions a module exports."""
    exported = [(name, getattr(module, name)) for name in module.__all__]
    return [(n, obj) for n, obj in exported if inspect.isclass(obj) or inspect.isfunction(obj)]


def _isort_key(name: str) -> tuple[int, str]:
    """isort-style order: SCREAMING_CASE, then CamelCase, then everything else."""
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


class TestTopLevelAll:
    """allmodel.__all__."""

    def test_is_sorted(self) -> None:
        """The names are sorted as ruff's RUF022 sorts them: constants, classes, the rest."""
        assert list(allmodel.__all__) == sorted(allmodel.__all__, key=_isort_key)

    def test_has_no_duplicates(self) -> None:
        """No name is listed twice."""
        assert len(set(allmodel.__all__)) == len(allmodel.__all__)

    def test_every_name_resolves(self) -> None:
        """Every listed name is an attribute of the package."""
        missing = [name for name in allmodel.__all__ if not hasattr(allmodel, name)]
        assert missing == []

    def test_star_import_gives_exactly_all(self) -> None:
        """`from allmodel import *` binds the names of __all__."""
        namespace: dict[str, object] = {}
        exec("from allmodel import *", namespace)
        namespace.pop("__builtins__")
        assert sorted(namespace) == sorted(allmodel.__all__)

    def test_exports_the_core_entry_points(self) -> None:
        """The calls a hospital integration needs are at the top level."""
        for name in ("Patient", "load_patient", "dump_patient", "DocumentError", "disease_phase"):
            assert name in allmodel.__all__

    def test_version_is_a_string(self) -> None:
        """__version__ is exported and looks like a version."""
        assert "__version__" in allmodel.__all__
        assert allmodel.__version__.split(".")[0].isdigit()


class TestModuleAll:
    """Every public module declares what it exports."""

    def test_public_modules_are_found(self) -> None:
        """The walk finds the package's public modules, not private ones."""
        names = set(_MODULE_IDS)
        assert {"allmodel", "allmodel.patient", "allmodel.io", "allmodel.io.documents"} <= names
        assert "allmodel._model" not in names

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=_MODULE_IDS)
    def test_declares_all(self, module: ModuleType) -> None:
        """The module has an __all__ of strings."""
        assert all(isinstance(name, str) for name in module.__all__)

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=_MODULE_IDS)
    def test_every_name_in_all_exists(self, module: ModuleType) -> None:
        """Every name in the module's __all__ is defined in it."""
        missing = [name for name in module.__all__ if not hasattr(module, name)]
        assert missing == []

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=_MODULE_IDS)
    def test_has_a_docstring(self, module: ModuleType) -> None:
        """The module says what it is for."""
        assert (module.__doc__ or "").strip()


class TestDocstrings:
    """Every exported class and function is documented."""

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=_MODULE_IDS)
    def test_exported_classes_and_functions_have_docstrings(self, module: ModuleType) -> None:
        """Each has its own non-empty docstring (not one inherited)."""
        undocumented = [
            name
            for name, obj in _documented_objects(module)
            if not (vars(obj).get("__doc__") if inspect.isclass(obj) else obj.__doc__)
        ]
        assert undocumented == []


@pytest.fixture(scope="module")
def wheel_contents(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Build the wheel with hatchling (no network, no isolation) and list its files."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("allmodel-*.whl")
    with zipfile.ZipFile(built) as wheel:
        return wheel.namelist()


class TestWheel:
    """The built wheel."""

    def test_ships_py_typed(self, wheel_contents: list[str]) -> None:
        """allmodel/py.typed is in the wheel, so type checkers use the inline types."""
        assert "allmodel/py.typed" in wheel_contents

    def test_ships_the_io_package(self, wheel_contents: list[str]) -> None:
        """The io subpackage is in the wheel."""
        assert "allmodel/io/__init__.py" in wheel_contents

    def test_ships_no_tests(self, wheel_contents: list[str]) -> None:
        """Only the package and its metadata are in the wheel."""
        tops = {name.split("/")[0] for name in wheel_contents}
        assert {top for top in tops if not top.endswith(".dist-info")} == {"allmodel"}
