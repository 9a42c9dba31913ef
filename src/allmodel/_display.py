"""Shared rendering helpers: JSON-ready conversion of result objects and HTML for Jupyter.

Results (reports, scores, dose plans, response results) print as aligned text in a
terminal (``__str__``) and as HTML tables in Jupyter (``_repr_html_``), as lifelines'
results do. A patient record shows as a summary of what is recorded
(:func:`record_html`), an option's result as its status and reasons
(:func:`option_result_html`). Every text is escaped. A record's fields hidden from
``repr()`` (its identifiers and date of birth) are hidden here too, by the same mark
(``repr=False``); result objects never hold them. A status is always written out beside
its colour (:data:`STATUS_STYLES`), so colour is never the only signal.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

import attrs

__all__ = [
    "STATUS_STYLES",
    "CriterionLike",
    "Html",
    "OptionResultLike",
    "html_table",
    "jsonable",
    "option_result_html",
    "record_html",
    "short_hash",
    "status_badge",
]

#: Each screening status (by its value) with the colour it is shown in and the words shown
#: on it; the words carry the status on their own, for readers who cannot tell the colours
#: apart and for screen readers.
STATUS_STYLES: Mapping[str, tuple[str, str]] = {
    "eligible": ("#1a7f37", "\u2713 eligible"),
    "not_eligible": ("#b42318", "\u2717 not eligible"),
    "unknown": ("#8a5a00", "? unknown"),
}


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


class Html(str):
    """Text that is already HTML (built here, its parts escaped): :func:`html_table` puts it
    in a cell as it is instead of escaping it."""

    __slots__ = ()


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
        cells = "".join(f"<td>{_cell(cell)}</td>" for cell in row)
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    extra = [f"<p>{html.escape(note)}</p>" for note in notes]
    return "".join(parts + extra)


def _cell(value: object) -> str:
    """A table cell's content: :class:`Html` as it is, anything else escaped."""
    if isinstance(value, Html):
        return value
    return html.escape("" if value is None else str(value))


def short_hash(content_hash: str) -> str:
    """``sha256:`` and the first 12 hex digits of a content hash, for headers people read."""
    kind, _, digest = content_hash.partition(":")
    return f"{kind}:{digest[:12]}" if digest else content_hash


def status_badge(status: str) -> Html:
    """A status as a coloured label that also names it in words (see :data:`STATUS_STYLES`)."""
    colour, label = STATUS_STYLES[status]
    return Html(
        f'<span class="allmodel-status allmodel-status-{html.escape(status)}" '
        f'style="background:{colour};color:#ffffff;padding:0 0.4em;border-radius:0.3em;'
        f'font-weight:bold">{html.escape(label)}</span>'
    )


class CriterionLike(Protocol):
    """What :func:`option_result_html` reads of a criterion's result."""

    @property
    def text(self) -> str: ...
    @property
    def observed(self) -> str | None: ...
    @property
    def expected(self) -> str | None: ...
    @property
    def missing(self) -> tuple[str, ...]: ...


class OptionResultLike(Protocol):
    """What :func:`option_result_html` reads of an option's result."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def failed(self) -> Sequence[CriterionLike]: ...
    @property
    def unknown(self) -> Sequence[CriterionLike]: ...
    @property
    def missing(self) -> Sequence[str]: ...
    @property
    def citations(self) -> Sequence[str]: ...


def option_result_html(result: OptionResultLike) -> str:
    """An option's result: name, id and kind, the status, the criteria that failed or are
    undecided (with what was observed and what is required), the fields to record next and
    the citations."""
    kind, status = str(result.kind), str(result.status)  # enum.StrEnum: the value
    parts = [
        f"<div><p><strong>{html.escape(result.name)}</strong> "
        f"(<code>{html.escape(result.id)}</code>, {html.escape(kind)}): "
        f"{status_badge(status)}</p>"
    ]
    if result.failed:
        parts.append(
            html_table(
                ("criterion not met", "observed", "required"),
                ((node.text, node.observed, node.expected) for node in result.failed),
            )
        )
    if result.unknown:
        parts.append(
            html_table(
                ("criterion not decided", "observed", "required", "decided by"),
                (
                    (node.text, node.observed, node.expected, ", ".join(node.missing))
                    for node in result.unknown
                ),
            )
        )
    if result.missing:
        parts.append(f"<p>Record next: {html.escape(', '.join(result.missing))}</p>")
    if result.citations:
        parts.append(f"<p>Cites: {html.escape(', '.join(result.citations))}</p>")
    parts.append("</div>")
    return "".join(parts)


def record_html(record: object, *, title: str) -> str:
    """An attrs record (a patient) as HTML: a table of its recorded values, one table per
    collection of records (lab results, treatment lines), nested records as sections, and
    a line naming the fields not recorded. Fields hidden from ``repr()`` are left out."""
    parts = [f"<div><p><strong>{html.escape(title)}</strong></p>"]
    parts.extend(_record_parts(record, path=""))
    parts.append("</div>")
    return "".join(parts)


def _shown_fields(record: object) -> list[tuple[str, Any]]:
    """The record's fields that ``repr()`` shows, with their values."""
    cls = type(record)
    if not attrs.has(cls):
        return []
    return [
        (field.name, getattr(record, field.name))
        for field in attrs.fields(cls)
        if field.repr is not False and not field.name.startswith("_")
    ]


def _is_section(value: object) -> bool:
    """A nested record that holds collections of its own (a disease, a course), recorded
    or not; a small record (a dated observation) is shown inline instead."""
    return any(isinstance(item, tuple) for _, item in _shown_fields(value))


def _record_parts(record: object, *, path: str) -> list[str]:
    rows: list[tuple[str, str]] = []
    unrecorded: list[str] = []
    sections: list[str] = []
    for name, value in _shown_fields(record):
        label = f"{path}{name}"
        if value is None or value == ():
            unrecorded.append(label)
        elif isinstance(value, tuple) and attrs.has(type(value[0])):
            sections.append(_collection_html(label, value))
        elif _is_section(value):
            sections.append(f"<p><em>{html.escape(label)}</em></p>")
            sections.extend(_record_parts(value, path=f"{label}."))
        else:
            rows.append((label, _inline(value)))
    parts = [html_table(("field", "value"), rows)] if rows else []
    if unrecorded:
        parts.append(f"<p>Not recorded (unknown): {html.escape(', '.join(unrecorded))}</p>")
    parts.extend(sections)
    return parts


def _collection_html(label: str, items: tuple[Any, ...]) -> str:
    """A table with one row per record and one column per field set in any of them."""
    columns: list[str] = []
    for item in items:
        for name, value in _shown_fields(item):
            if value is not None and value != () and name not in columns:
                columns.append(name)
    rows = [[_inline(dict(_shown_fields(item)).get(name)) for name in columns] for item in items]
    return html_table(columns, rows, caption=f"{label} ({len(items)})")


def _inline(value: object) -> str:
    """One value as short text: a measure with its unit, a dated value with its date."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "magnitude_in") and hasattr(value, "unit"):
        return str(value)
    if isinstance(value, tuple):
        return ", ".join(_inline(item) for item in value)
    if attrs.has(type(value)):
        fields = dict(_shown_fields(value))
        when = fields.pop("date", None)
        shown = [
            _inline(item) if name == "value" else f"{name} {_inline(item)}"
            for name, item in fields.items()
            if item is not None and item != ()
        ]
        text = ", ".join(shown)
        return f"{text} ({_inline(when)})" if when is not None else text
    return str(value)
