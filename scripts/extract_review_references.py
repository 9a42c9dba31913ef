"""Extract the review's metadata, section headings and numbered references into ``review.json``.

Reads the plain text of the review (the seed copy given as an argument), finds its
header (title, author, editors, literature-review date, last update), its section
headings, its reference list (lines ``  N. Authors. Title. Journal Year; Volume:Pages.``)
and its topic/version line, and writes the package data file
``src/allmodel/sources/review.json`` (or ``--out``).

A section heading is either run into its first paragraph (``Heading — text``, the dash
set between no-break spaces) or stands on a line of its own: a line in capitals (``SUMMARY
AND RECOMMENDATIONS``), or an unpunctuated line whose next paragraph opens with a run-in
heading (``Salvage (rescue) therapy``, then ``Selection of therapy — ...``). Each heading
is kept exactly as the review writes it, in the review's order, with the id
``review-<slug>`` (lower case, every run of other characters a hyphen).

Each reference keeps the text exactly as the review lists it (``citation``) and, where
the pattern allows, that text split into authors, title, where it was published, year,
volume and pages; a web reference is split into its address and access date instead.
Fields the pattern does not give are ``null``. Standard library only; the output is
deterministic, so running it again on the same text reproduces the committed file.

Usage::

    .venv/bin/python scripts/extract_review_references.py REVIEW.txt [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "allmodel" / "sources" / "review.json"

_REFERENCE = re.compile(r"^ {2}(\d+)\. (.+)$")
_TOPIC = re.compile(r"^Topic (\d+) Version (\S+)$")
_CURRENT = re.compile(
    r"^Literature review current through: (.+?)\. \| This topic last updated: (.+?)\.$"
)
_WEB = re.compile(r"^(?P<url>https?://\S+) \(Accessed on (?P<accessed>[^)]+)\)\.$")
_ARTICLE = re.compile(
    r"^(?P<authors>[^.]+?)\. (?P<title>.+[.?!]) (?P<journal>[^.?!,]+?) (?P<year>\d{4})"
    r"(?:; (?P<volume>[^:;]+):(?P<pages>\S+?))?\.$"
)
_CHAPTER = re.compile(r"^(?P<authors>[^.]+?)\. (?P<title>.+?)\. (?P<source>In: .+)$")
_OTHER = re.compile(r"^(?P<authors>[^.]+?)\. (?P<title>.+?)\. (?P<source>[^.]+)\.$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
#: A heading run into its paragraph: the heading, then an em dash between no-break spaces.
_RUN_IN = re.compile("^(?P<title>[^\u00a0]+?)\u00a0\u2014\u00a0")
_SLUG = re.compile(r"[^a-z0-9]+")


def _title(text: str) -> str:
    """A title without the full stop that separates it from what follows ("?" stays)."""
    return text[:-1] if text.endswith(".") else text


def parse_reference(number: int, citation: str) -> dict[str, Any]:
    """One reference: the text as listed and the fields its pattern gives."""
    entry: dict[str, Any] = {
        "id": f"review-ref-{number}",
        "number": number,
        "citation": citation,
        "authors": None,
        "title": None,
        "published_in": None,
        "year": None,
        "volume": None,
        "pages": None,
        "url": None,
        "accessed": None,
    }
    if web := _WEB.match(citation):
        entry.update(url=web["url"], accessed=web["accessed"])
    elif article := _ARTICLE.match(citation):
        entry.update(
            authors=article["authors"],
            title=_title(article["title"]),
            published_in=article["journal"],
            year=int(article["year"]),
            volume=article["volume"],
            pages=article["pages"],
        )
    elif match := _CHAPTER.match(citation) or _OTHER.match(citation):
        years = _YEAR.findall(match["source"])
        entry.update(
            authors=match["authors"],
            title=match["title"],
            published_in=match["source"],
            year=int(years[-1]) if years else None,
        )
    return entry


def section_id(title: str) -> str:
    """The source id of a section: ``review-`` and the heading's slug."""
    return "review-" + _SLUG.sub("-", title.lower()).strip("-")


def _standalone(line: str, following: str | None) -> bool:
    """Whether a line standing alone is a heading: in capitals, or without a full stop or
    closing punctuation and followed by a paragraph that opens with a run-in heading."""
    if not line or "." in line or line[-1] in ":;,?!":
        return False
    if any(c.isalpha() for c in line) and line == line.upper():
        return True
    return following is not None and _RUN_IN.match(following) is not None


def sections(lines: list[str]) -> list[dict[str, str]]:
    """The section headings of the review's body, in order, with their ids.

    The body runs from the line after the literature-review date to the first numbered
    reference.
    """
    start = next(i for i, line in enumerate(lines) if _CURRENT.match(" ".join(line.split())))
    end = next(i for i, line in enumerate(lines) if _REFERENCE.match(line))
    body = [line.strip() for line in lines[start + 1 : end] if line.strip()]
    found: list[dict[str, str]] = []
    for index, line in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if run_in := _RUN_IN.match(line):
            title = run_in["title"].strip()
        elif _standalone(line, following):
            title = line
        else:
            continue
        found.append({"id": section_id(title), "title": title})
    ids = [section["id"] for section in found]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"two sections share an id: {ids}")
    return found


def extract(text: str) -> dict[str, Any]:
    """The review's metadata, its section headings in order, and its references in the
    order it numbers them."""
    lines = text.splitlines()
    title = lines[lines.index("Author:") - 1].strip()
    author = lines[lines.index("Author:") + 1].strip()
    section_editor = lines[lines.index("Section Editor:") + 1].strip()
    deputy_editor = lines[lines.index("Deputy Editor:") + 1].strip()
    # the header separates its parts with no-break spaces (U+00A0): read them as spaces
    current = next(m for line in lines if (m := _CURRENT.match(" ".join(line.split()))))
    topic = next(m for line in lines if (m := _TOPIC.match(line.strip())))
    references = [
        parse_reference(int(m[1]), m[2].strip()) for line in lines if (m := _REFERENCE.match(line))
    ]
    numbers = [reference["number"] for reference in references]
    if numbers != list(range(1, len(numbers) + 1)):
        raise SystemExit(f"references are not numbered 1..{len(numbers)}: {numbers}")
    return {
        "review": {
            "id": "review",
            "title": title,
            "author": author,
            "section_editor": section_editor,
            "deputy_editor": deputy_editor,
            "literature_current_through": current[1],
            "last_updated": current[2],
            "topic": topic[1],
            "version": topic[2],
        },
        "sections": sections(lines),
        "references": references,
    }


def main(argv: list[str] | None = None) -> int:
    """Read the review text named on the command line and write the JSON file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("review", type=Path, help="the review as plain text")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write")
    args = parser.parse_args(argv)
    data = extract(args.review.read_text(encoding="utf-8"))
    args.out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{args.out}: review, {len(data['sections'])} sections and"
        f" {len(data['references'])} references",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
