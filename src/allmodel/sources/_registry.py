"""The sources registry: the review (and its sections), its numbered references, the drug
labels, the trial registry records, other publications the project checked, and the
project's decisions, read from the package data files ``review.json``, ``labels.json``,
``registry.json``, ``publications.json`` and ``decisions.json``."""

from __future__ import annotations

import enum
import functools
import importlib.resources
import json
from collections.abc import Iterable
from typing import Any

import attrs

from allmodel.errors import RuleError

__all__ = ["Source", "SourceKind", "citation_texts", "source", "source_ids", "sources"]


class SourceKind(enum.Enum):
    """What a source is: the review, a section of it, one of its numbered references, a
    drug label, a trial registry record, another publication or web page the project
    checked, a code system or exchange standard whose published tables the FHIR mapping
    reads its codes from, or a decision the project documented for its default ruleset."""

    REVIEW = "review"
    REVIEW_SECTION = "review-section"
    REFERENCE = "reference"
    LABEL = "label"
    REGISTRY_RECORD = "registry-record"
    PUBLICATION = "publication"
    CODE_SYSTEM = "code-system"
    DECISION = "decision"


@attrs.frozen
class Source:
    """One citable source, with the bibliographic data as its origin gives it.

    Args:
        id: The stable identifier criteria, notes and reports cite (``review``,
            ``review-ref-62``, ``decision-4``).
        kind: Review, reference of the review, or project decision.
        title: One line naming the source: the title of the review or of the referenced
            work (a web reference's address when it has no title), or the decision's title.
        citation: The full citation: for a reference, the text exactly as the review lists
            it; for the review, its title, author, topic and version; for a decision, its id
            and title.
        number: The reference's number in the review's list (references only).
        authors: The authors as listed (the review: its author).
        published_in: The journal, or the book or newsletter, as listed.
        year: Year of publication, where the listing gives one.
        volume: Journal volume, where given.
        pages: First page (or article number), where given.
        url: A web reference's address.
        accessed: The date the review gives for accessing a web reference, as written.
        version: The review's topic and version (``Topic 4518 Version 54.0``).
        current_through: The month the review's literature search is current through.
        updated: The date the review was last updated, as written.
        text: A decision's statement, or what a label section says as the project read it,
            in the project's words.
        product: A label's product (``Blincyto (blinatumomab)``).
        jurisdiction: A label's jurisdiction (``US``, ``EU``).
        authority: A label's authority (``FDA``, ``EMA``) or a record's registry
            (``ClinicalTrials.gov``).
        revision: A label's version or revision date as checked (for the default ruleset,
            the label in force on 2022-12-31).
        section: The part of the label (or of the review) cited.
        registry_id: A registry record's id (``NCT02013167``, ``EudraCT 2013-000536-10``).
        status: How the project checked it: ``confirmed`` (read in the source) or
            ``secondary`` (read in a copy or a summary of it).
    """

    id: str
    kind: SourceKind
    title: str
    citation: str
    number: int | None = None
    authors: str | None = None
    published_in: str | None = None
    year: int | None = None
    volume: str | None = None
    pages: str | None = None
    url: str | None = None
    accessed: str | None = None
    version: str | None = None
    current_through: str | None = None
    updated: str | None = None
    text: str | None = None
    product: str | None = None
    jurisdiction: str | None = None
    authority: str | None = None
    revision: str | None = None
    section: str | None = None
    registry_id: str | None = None
    status: str | None = None

    def details(self) -> list[tuple[str, str]]:
        """The fields that are set, as (name, text) pairs in declaration order."""
        return [
            (field.name, value.value if isinstance(value, enum.Enum) else str(value))
            for field in attrs.fields(Source)
            if (value := getattr(self, field.name)) is not None
        ]


def _read(name: str) -> Any:
    """One of the package's JSON data files."""
    text = importlib.resources.files("allmodel.sources").joinpath(name).read_text("utf-8")
    return json.loads(text)


def _review(data: dict[str, Any]) -> Source:
    version = f"Topic {data['topic']} Version {data['version']}"
    return Source(
        id=data["id"],
        kind=SourceKind.REVIEW,
        title=data["title"],
        citation=(
            f"{data['author']}. {data['title']}. {version}. Literature review current "
            f"through {data['literature_current_through']}; last updated "
            f"{data['last_updated']}."
        ),
        authors=data["author"],
        version=version,
        current_through=data["literature_current_through"],
        updated=data["last_updated"],
    )


def _reference(data: dict[str, Any]) -> Source:
    return Source(
        id=data["id"],
        kind=SourceKind.REFERENCE,
        title=data["title"] or data["url"] or data["citation"],
        citation=data["citation"],
        number=data["number"],
        authors=data["authors"],
        published_in=data["published_in"],
        year=data["year"],
        volume=data["volume"],
        pages=data["pages"],
        url=data["url"],
        accessed=data["accessed"],
    )


def _decision(data: dict[str, Any]) -> Source:
    number = data["id"].removeprefix("decision-")
    return Source(
        id=data["id"],
        kind=SourceKind.DECISION,
        title=data["title"],
        citation=f"allmodel decision {number}: {data['title']}",
        text=data["text"],
    )


def _section(review: Source, data: dict[str, Any]) -> Source:
    return Source(
        id=data["id"],
        kind=SourceKind.REVIEW_SECTION,
        title=data["title"],
        citation=f"{review.authors}. {review.title}, section '{data['title']}'. {review.version}.",
        section=data["title"],
        version=review.version,
    )


def _label(data: dict[str, Any]) -> Source:
    citation = (
        f"{data['product']}, {data['document']} ({data['authority']}, {data['jurisdiction']})"
        f", {data['section']}; {data['revision']}."
    )
    return Source(
        id=data["id"],
        kind=SourceKind.LABEL,
        title=f"{data['product']}: {data['document']} ({data['jurisdiction']})",
        citation=citation,
        product=data["product"],
        jurisdiction=data["jurisdiction"],
        authority=data["authority"],
        revision=data["revision"],
        section=data["section"],
        url=data.get("url"),
        status=data["status"],
        text=data["text"],
    )


def _record(data: dict[str, Any]) -> Source:
    return Source(
        id=data["id"],
        kind=SourceKind.REGISTRY_RECORD,
        title=data["title"],
        citation=f"{data['registry']} {data['registry_id']}: {data['title']}.",
        authority=data["registry"],
        registry_id=data["registry_id"],
        url=data.get("url"),
        status=data["status"],
    )


def _publication(data: dict[str, Any]) -> Source:
    return Source(
        id=data["id"],
        kind=SourceKind.PUBLICATION,
        title=data["title"],
        citation=data["citation"],
        authors=data.get("authors"),
        published_in=data.get("published_in"),
        year=data.get("year"),
        url=data.get("url"),
        status=data["status"],
    )


def _code_system(data: dict[str, Any]) -> Source:
    return Source(
        id=data["id"],
        kind=SourceKind.CODE_SYSTEM,
        title=data["title"],
        citation=data["citation"],
        authors=data.get("authors"),
        version=data.get("version"),
        url=data.get("url"),
        status=data["status"],
    )


@functools.cache
def _registry() -> dict[str, Source]:
    review = _read("review.json")
    decisions = _read("decisions.json")
    the_review = _review(review["review"])
    everything = [
        the_review,
        *(_section(the_review, entry) for entry in review.get("sections", ())),
        *(_reference(entry) for entry in review["references"]),
        *(_label(entry) for entry in _read("labels.json")["labels"]),
        *(_record(entry) for entry in _read("registry.json")["records"]),
        *(_publication(entry) for entry in _read("publications.json")["publications"]),
        *(_code_system(entry) for entry in _read("code_systems.json")["code_systems"]),
        *(_decision(entry) for entry in decisions["decisions"]),
    ]
    registry = {entry.id: entry for entry in everything}
    if len(registry) != len(everything):
        raise RuleError("the sources registry holds a duplicate id")
    return registry


def sources() -> tuple[Source, ...]:
    """Every source, in order: the review, its sections, its references 1-78, the labels,
    the registry records, the other publications, the code systems, then the decisions.

    Read once from the package data files on first use.
    """
    return tuple(_registry().values())


def source_ids() -> tuple[str, ...]:
    """The id of every source, in the order of :func:`sources`."""
    return tuple(_registry())


def source(source_id: str) -> Source:
    """The source with this id.

    Raises:
        RuleError: No source has this id (the message names it).
    """
    try:
        return _registry()[source_id]
    except KeyError:
        raise RuleError(f"unknown source id {source_id!r}") from None


def citation_texts(source_ids: Iterable[str]) -> dict[str, str | None]:
    """The citation text of each id, in the order given (repeats once): ``None`` for an id
    the registry does not know (a local trial's own reference), so a report can carry
    every id it cites with its resolved text without failing on a hospital's own ids."""
    registry = _registry()
    return {
        source_id: (found.citation if (found := registry.get(source_id)) else None)
        for source_id in source_ids
    }
