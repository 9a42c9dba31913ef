"""Import a Python file that is not in a package (examples/, scripts/) as a module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["import_file"]


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
