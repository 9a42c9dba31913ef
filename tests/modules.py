"""Import a Python file that is not in a package (examples/, scripts/) as a module, and
list allmodel's public modules."""

from __future__ import annotations

import importlib.util
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

import allmodel

__all__ = ["import_file", "public_module_names"]


def import_file(name: str, path: Path) -> ModuleType:
    """Import ``path`` as the module ``name`` (registered in ``sys.modules``, so dataclasses
    and pickling in the file resolve their module)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def public_module_names() -> list[str]:
    """allmodel and every module whose dotted name has no part starting with '_'."""
    names = ["allmodel"]
    for info in pkgutil.walk_packages(allmodel.__path__, prefix="allmodel."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return names
