"""Shared rendering helpers: JSON-ready conversion of result objects and HTML tables.

Results (reports, scores, dose plans, response results) print as aligned text in a
terminal (``__str__``) and as HTML tables in Jupyter (``_repr_html_``), as lifelines'
results do. Every text is escaped; nothing here reads patient identifiers (result objects
never hold them).
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

__all__ = ["html_table", "jsonable"]


def jsonable(value: Any) -> Any:
    """A JSON-ready copy: attrs objects as dicts of their public fields, enums as values,
    dates as ISO text, measures as ``{"value", "unit"}``, tuples as lists."""
    if hasattr(value, "magnitude_in") and hasattr(value, "unit"):
        return {"value": value.value, "unit": value.unit}
    if attrs.has(type(value)):
        return {
            field.name: jsonable(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if not field.name.startswith("_") and field.repr is not False
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
    notes: Iterable[str] = (),
) -> str:
    """An escaped HTML table with an optional caption and notes below it."""
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append(
        "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr></thead>"
    )
    parts.append("<tbody>")
    for row in rows:
        cells = "".join(
            f"<td>{html.escape('' if cell is None else str(cell))}</td>" for cell in row
        )
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    extra = [f"<p>{html.escape(note)}</p>" for note in notes]
    return "".join(parts + extra)
