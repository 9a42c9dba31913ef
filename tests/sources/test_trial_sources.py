"""The sources of the trial archetypes: the registry records and the other publications
they cite, and the citations of the 17 archetypes, each a plain source id that resolves.

The options are looked up by id in the default ruleset when a test runs, so that a
mutated option (scripts/mutate_rules.py) is the one tested."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from allmodel.catalogue import CATALOGUE_IDS, TRIAL_IDS, default_ruleset
from allmodel.criteria import Option, walk
from allmodel.errors import RuleError
from allmodel.sources import Source, SourceKind, source, sources

#: A source id as the scheme writes it (lower case, no spaces, no free text).
_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
#: A registry number as the registries print it.
_REGISTRY_ID = re.compile(r"NCT\d{8}|EudraCT \d{4}-\d{6}-\d{2}")
#: An inline source marker in a note.
_MARKER = re.compile(r"\[([^\]\s]+)\]")
#: A section of the review, cited by id (``review-car-t``), as opposed to a numbered
#: reference (``review-ref-36``).
_SECTION = re.compile(r"review-(?!ref-\d+$)[a-z0-9-]+")

#: The review's sections the archetypes cite. They are sources of the review-section
#: kind; until the review's sections are part of the registry they are checked against
#: this list and the section id form only.
REVIEW_SECTIONS = frozenset(
    {
        "review-car-t",
        "review-philadelphia-chromosome-positive-all",
        "review-remission-induction",
        "review-selection-of-therapy",
        "review-summary-and-recommendations",
    }
)

#: The registry records another part of the catalogue relies on.
REQUIRED_RECORDS = ("nct02013167", "nct01564784", "nct02614066")


def _of(kind: SourceKind) -> list[Source]:
    return [entry for entry in sources() if entry.kind is kind]


def _option(option_id: str) -> Option:
    return default_ruleset().option(option_id)


def _citations(option: Option) -> Iterator[str]:
    """Every citation of the option: its own, then each criterion node's."""
    yield from option.citations
    for node in walk(option.criteria):
        yield from node.citations


def _markers(option: Option) -> Iterator[str]:
    """Every source id cited inline in the option's notes (``[nct02013167]``)."""
    for note in option.notes:
        yield from _MARKER.findall(note)


def _resolves(source_id: str) -> bool:
    """The id names a source of the registry, or one of the review's sections cited."""
    try:
        source(source_id)
    except RuleError:
        return source_id in REVIEW_SECTIONS
    return True


class TestRecords:
    """The trial registry records."""

    def test_there_are_records(self) -> None:
        """The records the archetypes need are in the registry, each a registry record."""
        for record_id in REQUIRED_RECORDS:
            assert source(record_id).kind is SourceKind.REGISTRY_RECORD

    def test_registry_ids(self) -> None:
        """Each record's registry number is an NCT number or a EudraCT number, and its id
        is that number in lower case (``eudract-`` for EudraCT)."""
        for record in _of(SourceKind.REGISTRY_RECORD):
            assert record.registry_id is not None
            assert _REGISTRY_ID.fullmatch(record.registry_id), record.registry_id
            expected = record.registry_id.lower().replace("eudract ", "eudract-")
            assert record.id == expected

    def test_registry_matches_number(self) -> None:
        """NCT numbers are ClinicalTrials.gov records, EudraCT numbers records of the EU
        Clinical Trials Register; the citation names the registry, the number and title."""
        for record in _of(SourceKind.REGISTRY_RECORD):
            assert record.registry_id is not None
            registry = (
                "ClinicalTrials.gov"
                if record.registry_id.startswith("NCT")
                else "EU Clinical Trials Register"
            )
            assert record.authority == registry
            assert record.citation == f"{registry} {record.registry_id}: {record.title}."

    def test_fields(self) -> None:
        """A title, a checked status, and an address on the registry's own site if any."""
        for record in _of(SourceKind.REGISTRY_RECORD):
            assert record.title == record.title.strip() != ""
            assert record.status in {"confirmed", "secondary"}
            if record.url is not None:
                assert record.url.startswith("https://"), record.url
                assert record.registry_id is not None
                number = record.registry_id.removeprefix("EudraCT ")
                assert number in record.url

    def test_every_record_is_cited(self) -> None:
        """Each record is cited by an option of the catalogue (a citation or a note)."""
        cited: set[str] = set()
        for option_id in CATALOGUE_IDS:
            option = _option(option_id)
            cited.update(_citations(option))
            cited.update(_markers(option))
        for record in _of(SourceKind.REGISTRY_RECORD):
            assert record.id in cited, record.id


class TestPublications:
    """The other publications and web pages the project checked."""

    def test_ids(self) -> None:
        """Each id is ``pub-<first author>-<year>[-<word>]`` or ``web-<site>-<topic>``."""
        for entry in _of(SourceKind.PUBLICATION):
            assert re.fullmatch(r"(pub|web)-[a-z0-9][a-z0-9-]*", entry.id), entry.id
            if entry.id.startswith("pub-") and entry.authors and entry.year is not None:
                assert entry.id.startswith(f"pub-{_first_author(entry.authors)}-{entry.year}")

    def test_fields(self) -> None:
        """A title, a citation that is a sentence, a checked status, a web address if any."""
        for entry in _of(SourceKind.PUBLICATION):
            assert entry.title == entry.title.strip() != ""
            assert entry.citation == entry.citation.strip()
            assert entry.citation.endswith("."), entry.id
            assert entry.status in {"confirmed", "secondary"}
            if entry.url is not None:
                assert re.match(r"https?://", entry.url), entry.url


def _first_author(authors: str) -> str:
    """The first author's surname in the id's spelling (``Gökbuget N`` -> ``gokbuget``,
    ``van Dongen JJM`` -> ``vandongen``): the first name of the list without its initials."""
    words = re.split(r",| et al", authors, maxsplit=1)[0].split()
    surname = "".join(words[:-1]) if len(words) > 1 else words[0]
    return surname.lower().translate(str.maketrans("äöüé", "aoue"))


class TestArchetypeCitations:
    """Every citation of the 17 trial archetypes is a plain source id that resolves."""

    def test_seventeen(self) -> None:
        """The archetypes are the 17 trials of the catalogue."""
        assert len(TRIAL_IDS) == 17

    @pytest.mark.parametrize("option_id", TRIAL_IDS)
    def test_citations_are_plain_ids(self, option_id: str) -> None:
        """Each citation, of the option and of every node, is a source id (no free text,
        no locator) that names a source."""
        for citation in _citations(_option(option_id)):
            assert _ID.fullmatch(citation), citation
            assert _resolves(citation), citation

    @pytest.mark.parametrize("option_id", TRIAL_IDS)
    def test_markers_resolve(self, option_id: str) -> None:
        """Each ``[id]`` marker in the notes names a source."""
        for marker in _markers(_option(option_id)):
            assert _ID.fullmatch(marker), marker
            assert _resolves(marker), marker

    @pytest.mark.parametrize("option_id", TRIAL_IDS)
    def test_cites_the_review(self, option_id: str) -> None:
        """Each archetype cites the review reference that reports it."""
        option = _option(option_id)
        assert any(re.fullmatch(r"review-ref-\d+", c) for c in option.citations), option_id

    @pytest.mark.parametrize("option_id", TRIAL_IDS)
    def test_registry_ids_have_records(self, option_id: str) -> None:
        """Each registry id the option attaches has a record, which the option cites."""
        option = _option(option_id)
        for registry_id in option.registry_ids:
            record = source(registry_id.lower())
            assert record.kind is SourceKind.REGISTRY_RECORD
            assert record.registry_id == registry_id
            assert record.id in option.citations

    @pytest.mark.parametrize("option_id", TRIAL_IDS)
    def test_no_free_text_citation_left(self, option_id: str) -> None:
        """No name, text or note refers to a working file or an old citation form."""
        option = _option(option_id)
        texts = [option.name, *option.notes, *(node.text for node in walk(option.criteria))]
        for text in texts:
            assert "REFERENCE" not in text, text
            assert "decision 9" not in text, text
            assert not re.search(r"\(S\d+\)|\[S\d+\]", text), text

    def test_cited_sections_are_sections(self) -> None:
        """The review's sections cited are named as sections (``review-<heading>``), and
        any of them the registry holds is of the review-section kind."""
        cited = {
            citation
            for option_id in TRIAL_IDS
            for citation in (*_citations(_option(option_id)), *_markers(_option(option_id)))
            if _SECTION.fullmatch(citation)
        }
        assert cited == REVIEW_SECTIONS
        for section_id in cited:
            try:
                entry = source(section_id)
            except RuleError:
                continue
            assert entry.kind is SourceKind.REVIEW_SECTION
