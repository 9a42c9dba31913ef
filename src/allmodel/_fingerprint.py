"""The fingerprint of this copy of allmodel: a hash of every file of the package (code and
data), so that work derived by one build of the library is not taken for another's.

The version number alone does not tell builds apart while a version is being developed:
a change to how a fact is derived, made between two releases, keeps ``__version__``. The
fact table records the fingerprint, and rows are reused only from a table with the same
one (:func:`allmodel.cohort.write_fact_table`).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__all__ = ["library_fingerprint"]

_PACKAGE = Path(__file__).resolve().parent
#: Not part of what the library computes: compiled caches and the bundled examples.
_SKIPPED = frozenset({"__pycache__", "examples"})


@functools.cache
def library_fingerprint() -> str:
    """``sha256:`` and the hex digest of the package's files, each with its relative path,
    in sorted order (computed once per process; a few milliseconds)."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for path in _PACKAGE.rglob("*")
        if path.is_file() and not _SKIPPED.intersection(path.relative_to(_PACKAGE).parts)
    )
    for path in files:
        name = path.relative_to(_PACKAGE).as_posix().encode("utf-8")
        content = path.read_bytes()
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(len(content).to_bytes(8, "big") + content)
    return f"sha256:{digest.hexdigest()}"
