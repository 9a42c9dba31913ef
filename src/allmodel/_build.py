"""Which build of allmodel runs: the pure-Python one, or the compiled build (README,
"Compiled build"), whose fact derivation is in extension modules compiled by mypyc.

``allmodel --version`` says which, so that a result can be traced to the build that
computed it; both builds derive the same facts (``make compiled-test`` checks).
"""

from __future__ import annotations

import importlib.machinery

from allmodel import _calendar

__all__ = ["is_compiled"]


def is_compiled() -> bool:
    """Whether this is the compiled build (its modules are compiled together, or none is:
    one of them stands for all)."""
    return str(_calendar.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
