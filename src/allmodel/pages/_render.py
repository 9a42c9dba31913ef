"""An option's page written out: plain text, Markdown, HTML, or the option's own JSON.

Every rendering shows the same page, in the same order: the header (name, id, kind,
ruleset, registry ids, citations), the inclusion rules, the exclusion rules, the coverage
table (right after the rules, so rules and coverage read on one screen), the notes and
the sources. A rule takes one line; its variants and sub-rules follow, indented. Texts are
put on one line each; Markdown escapes what would change its meaning, HTML escapes
everything and needs nothing outside the document (no script, no external style) and
colours nothing: a page describes rules, never a patient's status. Markdown groups the
coverage by source (one row each); text and HTML list every entry.
The ``json`` format is :func:`allmodel.criteria.dump_option`'s text, the document
:func:`allmodel.criteria.load_criteria` reads.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Literal, TypeAlias

from allmodel.criteria import Coverage, CoverageStatus, Option, dump_option
from allmodel.errors import RuleError
from allmodel.pages._page import (
    BY_JURISDICTION,
    NO_FURTHER_CONDITION,
    OptionPage,
    Rule,
    option_page,
)

__all__ = ["FORMATS", "Format", "render"]

#: The formats :func:`render` writes.
Format: TypeAlias = Literal["text", "markdown", "html", "json"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "html", "json")

_COMPOSITE_WORDS = ("all of", "any of", "none of", "not all of", BY_JURISDICTION)


def _one_line(text: str) -> str:
    """``text`` on one line: every run of whitespace (line breaks too) as one space."""
    return " ".join(text.split())


def _status(entry: Coverage) -> str:
    return entry.status.value.replace("_", " ")


def _rule_or_reason(entry: Coverage) -> tuple[str | None, str | None]:
    """The coverage entry's rule id and reason (either may be None)."""
    return entry.rule, None if entry.reason is None else _one_line(entry.reason)


def _by_source(coverage: tuple[Coverage, ...]) -> list[tuple[str, list[Coverage]]]:
    """The coverage entries grouped by source, sources in order of first appearance."""
    groups: dict[str, list[Coverage]] = {}
    for entry in coverage:
        groups.setdefault(entry.source, []).append(entry)
    return list(groups.items())


def _is_leaf_condition(rule: Rule) -> bool:
    """Whether the condition is a comparison (shown as code) rather than a combination."""
    condition = rule.condition
    if condition in (*_COMPOSITE_WORDS, NO_FURTHER_CONDITION):
        return False
    return not re.fullmatch(r"(at least|fewer than) \d+ of", condition)


def _where(rule: Rule) -> str:
    """The jurisdictions a rule is guarded by (``EU``, ``US/EU``); empty when unguarded."""
    return "/".join(j.value for j in rule.jurisdictions)


def _header_items(page: OptionPage) -> list[str]:
    items = [page.kind.value]
    if page.ruleset is not None:
        items.append(f"ruleset {page.ruleset} {page.ruleset_version}")
    digest = page.option.content_hash
    items.append(f"content {digest[: len('sha256:') + 12]}")
    if page.option.registry_ids:
        items.append("registry " + ", ".join(page.option.registry_ids))
    return items


# --- plain text ----------------------------------------------------------------------------


def _text_rule(rule: Rule, depth: int, label: str, lines: list[str]) -> None:
    cites = f"  [{', '.join(rule.citations)}]" if rule.citations else ""
    if _is_leaf_condition(rule):
        body = f"{rule.id}: {_one_line(rule.text)} -- {rule.condition}"
    else:
        body = f"{rule.id}: {_one_line(rule.text)} ({rule.condition})"
    lines.append(f"{'  ' * depth}{label}{body}{cites}")
    for variant in rule.variants:
        where = _where(variant)
        _text_rule(variant, depth + 1, f"{where}: ", lines)
    for part in rule.parts:
        where = _where(part)
        _text_rule(part, depth + 1, f"{where} only: " if where else "", lines)


def _text(page: OptionPage) -> str:
    lines = [f"{page.id}: {_one_line(page.name)}", " | ".join(_header_items(page))]
    if page.option.citations:
        lines.append("cites: " + ", ".join(page.option.citations))
    summary_cites = f"  [{', '.join(page.summary_citations)}]" if page.summary_citations else ""
    lines.extend(("", f"rules: {_one_line(page.summary)}{summary_cites}"))
    for rule in page.inclusions:
        _text_rule(rule, 1, "", lines)
    for rule in page.exclusions:
        _text_rule(rule, 1, "exclusion: ", lines)
    lines.extend(("", "coverage:"))
    if not page.coverage:
        lines.append("  none recorded")
    for entry in page.coverage:
        rule_id, reason = _rule_or_reason(entry)
        excluding = "excluding" if entry.excluding else "not excluding"
        detail = " -- ".join(item for item in (rule_id, reason) if item)
        lines.append(
            f"  {entry.source}: {_one_line(entry.condition)} ({excluding}): {_status(entry)}"
            f" -- {detail}"
        )
    if page.notes:
        lines.extend(("", "notes:"))
        lines.extend(f"  - {_one_line(note)}" for note in page.notes)
    lines.extend(("", "sources:"))
    lines.extend(f"  {found.id}: {_one_line(found.citation)}" for found in page.sources)
    return "\n".join(lines) + "\n"


# --- Markdown ------------------------------------------------------------------------------

#: What would change meaning in Markdown text: a backslash, a backtick, an asterisk, a pipe
#: (tables), an underscore that is not inside a word, a "<" that could open a tag.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])")


def _md(text: str) -> str:
    """Markdown text that shows ``text`` as written (emphasis, code, pipes, tags escaped)."""

    def escape(match: re.Match[str]) -> str:
        return "\\" + match.group(0)

    return _MARKDOWN_SPECIAL.sub(escape, _one_line(text))


def _code(text: str) -> str:
    """A Markdown code span of ``text`` (backticks inside get a longer fence)."""
    text = _one_line(text)
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_cites(citations: tuple[str, ...]) -> str:
    return f" [{', '.join(citations)}]" if citations else ""


def _md_rule(rule: Rule, depth: int, label: str, lines: list[str]) -> None:
    if _is_leaf_condition(rule):
        body = f"{_code(rule.id)} {_md(rule.text)}: {_code(rule.condition)}"
    else:
        body = f"{_code(rule.id)} {_md(rule.text)} ({rule.condition})"
    lines.append(f"{'  ' * depth}- {label}{body}{_md_cites(rule.citations)}")
    for variant in rule.variants:
        where = _where(variant)
        _md_rule(variant, depth + 1, f"**{where}**: ", lines)
    for part in rule.parts:
        where = _where(part)
        _md_rule(part, depth + 1, f"**{where} only**: " if where else "", lines)


def _markdown(page: OptionPage) -> str:
    lines = [
        f"# {_md(page.name)}",
        "",
        f"{_code(page.id)} · " + " · ".join(_md(item) for item in _header_items(page)),
    ]
    if page.option.citations:
        lines.append("")
        lines.append("Cites: " + ", ".join(_code(c) for c in page.option.citations))
    lines.extend(("", "## Rules", ""))
    lines.extend((f"{_md(page.summary)}{_md_cites(page.summary_citations)}", ""))
    for rule in page.inclusions:
        _md_rule(rule, 0, "", lines)
    for rule in page.exclusions:
        _md_rule(rule, 0, "**exclusion**: ", lines)
    lines.extend(("", "## Coverage", ""))
    if not page.coverage:
        lines.append("None recorded.")
    else:
        lines.append(
            "| source | encoded: condition → rule"
            " | not encoded by a rule: status: condition — reason |"
        )
        lines.append("| --- | --- | --- |")
        for source_id, entries in _by_source(page.coverage):
            encoded = "; ".join(
                f"{_md(entry.condition)} → {_code(entry.rule or '')}"
                for entry in entries
                if entry.status is CoverageStatus.ENCODED
            )
            other = "; ".join(
                f"*{_status(entry)}{', excluding' if entry.excluding else ''}*:"
                f" {_md(entry.condition)} — {_md(entry.reason or '')}"
                for entry in entries
                if entry.status is not CoverageStatus.ENCODED
            )
            lines.append(f"| {_code(source_id)} | {encoded} | {other} |")
    if page.notes:
        lines.extend(("", "## Notes", ""))
        lines.extend(f"- {_md(note)}" for note in page.notes)
    lines.extend(("", "## Sources", ""))
    lines.extend(f"- {_code(found.id)} {_md(found.citation)}" for found in page.sources)
    return "\n".join(lines) + "\n"


# --- HTML ----------------------------------------------------------------------------------

_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:1em auto;line-height:1.4}"
    "code{font-size:90%}table{border-collapse:collapse}"
    "th,td{border:1px solid #888;padding:0.2em 0.5em;text-align:left;vertical-align:top}"
    ".cites{font-size:85%}"
)


def _h(text: str) -> str:
    return html.escape(_one_line(text), quote=True)


def _html_cites(citations: tuple[str, ...]) -> str:
    if not citations:
        return ""
    links = ", ".join(f'<a href="#source-{_h(c)}">{_h(c)}</a>' for c in citations)
    return f' <span class="cites">[{links}]</span>'


def _html_rule(rule: Rule, label: str) -> str:
    if _is_leaf_condition(rule):
        body = f"<code>{_h(rule.id)}</code> {_h(rule.text)}: <code>{_h(rule.condition)}</code>"
    else:
        body = f"<code>{_h(rule.id)}</code> {_h(rule.text)} ({_h(rule.condition)})"
    children = [
        _html_rule(variant, f"<strong>{_h(_where(variant))}</strong>: ")
        for variant in rule.variants
    ]
    for part in rule.parts:
        where = _where(part)
        children.append(_html_rule(part, f"<strong>{_h(where)} only</strong>: " if where else ""))
    nested = f"<ul>{''.join(children)}</ul>" if children else ""
    return f"<li>{label}{body}{_html_cites(rule.citations)}{nested}</li>"


def _html(page: OptionPage) -> str:
    header = " · ".join(_h(item) for item in _header_items(page))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_h(page.name)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_h(page.name)}</h1>",
        f"<p><code>{_h(page.id)}</code> · {header}</p>",
    ]
    if page.option.citations:
        parts.append(f"<p>Cites:{_html_cites(page.option.citations)}</p>")
    parts.append("<h2>Rules</h2>")
    parts.append(f"<p>{_h(page.summary)}{_html_cites(page.summary_citations)}</p>")
    items = [_html_rule(rule, "") for rule in page.inclusions]
    items.extend(_html_rule(rule, "<strong>exclusion</strong>: ") for rule in page.exclusions)
    parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append("<h2>Coverage</h2>")
    if not page.coverage:
        parts.append("<p>None recorded.</p>")
    else:
        rows = []
        for entry in page.coverage:
            rule_id, reason = _rule_or_reason(entry)
            detail = " — ".join(
                item
                for item in ((f"<code>{_h(rule_id)}</code>" if rule_id else None), _h(reason or ""))
                if item
            )
            rows.append(
                f'<tr><td><a href="#source-{_h(entry.source)}">{_h(entry.source)}</a></td>'
                f"<td>{_h(entry.condition)}</td><td>{'yes' if entry.excluding else 'no'}</td>"
                f"<td>{_h(_status(entry))}</td><td>{detail}</td></tr>"
            )
        parts.append(
            "<table><thead><tr><th>source</th><th>condition</th><th>excluding</th>"
            "<th>status</th><th>rule or reason</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
    if page.notes:
        notes = "".join(f"<li>{_h(note)}</li>" for note in page.notes)
        parts.append(f"<h2>Notes</h2><ul>{notes}</ul>")
    sources = "".join(
        f'<li id="source-{_h(found.id)}"><code>{_h(found.id)}</code> {_h(found.citation)}</li>'
        for found in page.sources
    )
    parts.append(f"<h2>Sources</h2><ul>{sources}</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


_WRITERS: dict[str, Callable[[OptionPage], str]] = {
    "text": _text,
    "markdown": _markdown,
    "html": _html,
}


def render(page: OptionPage | Option, format: Format = "text") -> str:
    """An option's page as text.

    Args:
        page: A page from :func:`~allmodel.pages.option_page`, or an option (its page is
            derived, without a ruleset in the header).
        format: ``text`` (plain, aligned by indentation), ``markdown``, ``html`` (one
            self-contained, escaped document) or ``json`` (the option's criteria document,
            exactly what :func:`allmodel.criteria.load_criteria` reads).

    Raises:
        RuleError: ``format`` is not one of :data:`FORMATS`; or the option cites an id
            the sources registry does not know (not for ``json``, which resolves nothing).
    """
    if format not in FORMATS:
        allowed = ", ".join(FORMATS)
        raise RuleError(f"unknown page format {format!r} (allowed: {allowed})")
    if format == "json":
        return dump_option(page.option if isinstance(page, OptionPage) else page)
    shown = page if isinstance(page, OptionPage) else option_page(page)
    return _WRITERS[format](shown)
