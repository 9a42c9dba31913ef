"""allmodel's FHIR code tables: package data, each code with the source of its meaning.

The tables are JSON files in ``allmodel/io/fhir/codes/`` (one per domain). Each holds
``systems`` (the code-system URIs it uses, by short name) and ``codes``: a list of
entries ``{"system": short name, "code", "display", "means", "source", "checked"}``, where
``means`` is the allmodel value the code stands for (an enum value, an analyte, a field),
``source`` the id of the code system's source in :mod:`allmodel.sources` and ``checked``
where the code and its meaning were read (the code system's own published table). The
display is the code system's own text, as read there.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping

import attrs

__all__ = ["CodeEntry", "CodeTable", "code_table", "code_table_names"]


@attrs.frozen
class CodeEntry:
    """One code of a table: system URI, code, the code system's display, what it means
    to allmodel, the source id of the code system and where it was checked."""

    system: str
    code: str
    display: str
    means: str
    source: str
    checked: str


@attrs.frozen
class CodeTable:
    """The codes of one domain, looked up by ``(system, code)`` or by meaning."""

    name: str
    entries: tuple[CodeEntry, ...]
    _by_code: Mapping[tuple[str, str], CodeEntry] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {(e.system, e.code): e for e in self.entries})

    def get(self, system: str | None, code: str | None) -> CodeEntry | None:
        """The entry of ``code`` in ``system`` (``None`` when the table lacks it)."""
        if system is None or code is None:
            return None
        return self._by_code.get((system, code))

    def meaning(self, means: str, system: str | None = None) -> tuple[CodeEntry, ...]:
        """The entries that mean ``means`` (in table order), optionally of one system."""
        return tuple(
            e for e in self.entries if e.means == means and (system is None or e.system == system)
        )

    def first(self, means: str, system: str | None = None) -> CodeEntry:
        """The first entry meaning ``means``: the code allmodel writes for it."""
        found = self.meaning(means, system)
        if not found:
            raise KeyError(f"{self.name}: no code means {means!r}")
        return found[0]


@functools.cache
def code_table(name: str) -> CodeTable:
    """The code table ``codes/<name>.json``, read once per process."""
    text = importlib.resources.files("allmodel.io.fhir").joinpath(f"codes/{name}.json")
    data = json.loads(text.read_text("utf-8"))
    systems: dict[str, str] = data["systems"]
    entries = tuple(
        CodeEntry(
            system=systems[item["system"]],
            code=item["code"],
            display=item["display"],
            means=item["means"],
            source=item["source"],
            checked=item["checked"],
        )
        for item in data["codes"]
    )
    return CodeTable(name, entries)


def code_table_names() -> tuple[str, ...]:
    """The names of every code table shipped, sorted."""
    folder = importlib.resources.files("allmodel.io.fhir").joinpath("codes")
    return tuple(
        sorted(
            item.name.removesuffix(".json")
            for item in folder.iterdir()
            if item.name.endswith(".json")
        )
    )
