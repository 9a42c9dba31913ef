"""The sources registry: the review, its 78 references and the project's decisions."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from allmodel.errors import RuleError
from allmodel.sources import Source, SourceKind, citation_texts, source, source_ids, sources

ROOT = Path(__file__).resolve().parents[2]

#: References 1, 23, 64, 67 and 78 as the review lists them (copied from its text).
REF_1 = (
    "Navarro JL, de Blas Orlando J, Ríos Herranz E, et al. Philadelphia positive acute "
    "lymphoblastic leukemia 16 years after the apparent cure of acute lymphoblastic "
    "leukemia. New leukemia or late relapse? Haematologica 1998; 83:855."
)
REF_23 = (
    "Jain N, O'Brien S, Thomas D, Kantarjian H. Inotuzumab ozogamicin in the treatment of "
    "acute lymphoblastic leukemia. Front Biosci (Elite Ed) 2014; 6:40."
)
REF_64 = "Rowlings PA. 1996 IBMTR/ABMTR summary slides. ABMTR Newsletter, November 1996."
REF_67 = (
    "Gratwohl A, Hermans J, Zwaan F, for the EBMT. Bone marrow transplantation for ALL in "
    "Europe. In: Acute Lymphoblastic Leukemia, Gale RP, Hoelzer D (Eds), Alan R Liss, "
    "New York 1990. p.271."
)
REF_78 = (
    "Kako S, Kanamori H, Kobayashi N, et al. Outcome after first relapse in adult patients "
    "with Philadelphia chromosome-negative acute lymphoblastic leukaemia. Br J Haematol "
    "2013; 161:95."
)


def _of(kind: SourceKind) -> list[Source]:
    return [entry for entry in sources() if entry.kind is kind]


class TestReview:
    """The review itself."""

    def test_metadata(self) -> None:
        """Title, author, topic version and literature date as the review states them."""
        review = source("review")
        assert review.kind is SourceKind.REVIEW
        assert review.title == (
            "Treatment of relapsed or refractory acute lymphoblastic leukemia in adults"
        )
        assert review.authors == "Richard A Larson, MD"
        assert review.version == "Topic 4518 Version 54.0"
        assert review.current_through == "Dec 2022"
        assert review.updated == "Jun 03, 2022"
        assert review.title in review.citation
        assert review.version in review.citation

    def test_first(self) -> None:
        """The review comes first, and it is the only one of its kind."""
        assert sources()[0] == source("review")
        assert _of(SourceKind.REVIEW) == [source("review")]


class TestReferences:
    """The review's numbered references."""

    def test_exactly_78_with_consecutive_ids(self) -> None:
        """review-ref-1 ... review-ref-78, numbered 1-78, in order, after the review and its
        sections."""
        references = _of(SourceKind.REFERENCE)
        assert [entry.number for entry in references] == list(range(1, 79))
        assert [entry.id for entry in references] == [f"review-ref-{n}" for n in range(1, 79)]
        first = 1 + len(_of(SourceKind.REVIEW_SECTION))
        assert list(source_ids()[first : first + 78]) == [entry.id for entry in references]

    def test_reference_1(self) -> None:
        """A title with a full stop and a question mark inside it, split correctly."""
        ref = source("review-ref-1")
        assert ref.citation == REF_1
        assert ref.authors == "Navarro JL, de Blas Orlando J, Ríos Herranz E, et al"
        assert ref.title == (
            "Philadelphia positive acute lymphoblastic leukemia 16 years after the apparent "
            "cure of acute lymphoblastic leukemia. New leukemia or late relapse?"
        )
        assert (ref.published_in, ref.year, ref.volume, ref.pages) == (
            "Haematologica",
            1998,
            "83",
            "855",
        )

    def test_reference_78(self) -> None:
        """The last reference."""
        ref = source("review-ref-78")
        assert ref.citation == REF_78
        assert ref.authors == "Kako S, Kanamori H, Kobayashi N, et al"
        assert ref.title == (
            "Outcome after first relapse in adult patients with Philadelphia "
            "chromosome-negative acute lymphoblastic leukaemia"
        )
        assert (ref.published_in, ref.year, ref.volume, ref.pages) == (
            "Br J Haematol",
            2013,
            "161",
            "95",
        )

    def test_journal_with_brackets(self) -> None:
        """A journal abbreviation with a bracketed part stays whole."""
        ref = source("review-ref-23")
        assert ref.citation == REF_23
        assert (ref.published_in, ref.year, ref.volume, ref.pages) == (
            "Front Biosci (Elite Ed)",
            2014,
            "6",
            "40",
        )

    def test_book_chapter_and_newsletter(self) -> None:
        """Where the journal pattern does not fit, authors, title and source still split."""
        chapter = source("review-ref-67")
        assert chapter.citation == REF_67
        assert chapter.title == "Bone marrow transplantation for ALL in Europe"
        assert chapter.published_in is not None
        assert chapter.published_in.startswith("In: Acute Lymphoblastic Leukemia")
        assert (chapter.year, chapter.volume) == (1990, None)
        newsletter = source("review-ref-64")
        assert newsletter.citation == REF_64
        assert (newsletter.authors, newsletter.published_in, newsletter.year) == (
            "Rowlings PA",
            "ABMTR Newsletter, November 1996",
            1996,
        )

    def test_web_references(self) -> None:
        """References 11, 12, 21 and 34 are web addresses with an access date."""
        web = [entry for entry in _of(SourceKind.REFERENCE) if entry.url is not None]
        assert [entry.number for entry in web] == [11, 12, 21, 34]
        for entry in web:
            assert entry.title == entry.url
            assert entry.accessed is not None
            assert entry.citation == f"{entry.url} (Accessed on {entry.accessed})."
        assert source("review-ref-21").accessed == "December 04, 2014"

    def test_every_reference_is_split(self) -> None:
        """Each reference has a year, and authors and title unless it is a web address;
        every journal article's fields reassemble into the text as listed."""
        for entry in _of(SourceKind.REFERENCE):
            assert entry.citation.endswith(".")
            if entry.url is None:
                assert entry.authors
                assert entry.title
                assert entry.published_in
                assert entry.year is not None
                assert entry.citation.startswith(f"{entry.authors}. {entry.title}")
            if entry.volume is not None:
                assert entry.citation.endswith(
                    f" {entry.published_in} {entry.year}; {entry.volume}:{entry.pages}."
                )

    def test_no_line_breaks(self) -> None:
        """Every text is one line (the command prints one source per line)."""
        for entry in sources():
            assert "\n" not in entry.title
            assert "\n" not in entry.citation


class TestSections:
    """The review's sections, cited by their headings."""

    def test_in_the_reviews_order_after_the_review(self) -> None:
        """The 33 headings follow the review, in its order, each with its slug id."""
        sections = _of(SourceKind.REVIEW_SECTION)
        assert list(source_ids()[1 : 1 + len(sections)]) == [entry.id for entry in sections]
        assert sections[0].id == "review-introduction"
        assert sections[-1].id == "review-summary-and-recommendations"

    def test_a_section_cites_the_review(self) -> None:
        """A section names the review, its heading as written, and the topic version."""
        section = source("review-selection-of-therapy")
        assert section.title == section.section == "Selection of therapy"
        assert source("review").title in section.citation
        assert section.version == "Topic 4518 Version 54.0"
        assert source("review-transplantation").title == "TRANSPLANTATION"


class TestDecisions:
    """The project's documented decisions."""

    def test_ids(self) -> None:
        """decision-1 ... decision-11, in order, last of all."""
        decisions = _of(SourceKind.DECISION)
        assert [entry.id for entry in decisions] == [f"decision-{n}" for n in range(1, 12)]
        assert list(source_ids()[-11:]) == [entry.id for entry in decisions]

    @pytest.mark.parametrize("number", range(1, 12))
    def test_each_resolves_with_text(self, number: int) -> None:
        """Each decision resolves and has a title and a statement."""
        decision = source(f"decision-{number}")
        assert decision.kind is SourceKind.DECISION
        assert decision.title.strip()
        assert decision.text is not None
        assert len(decision.text.strip()) > 40
        assert decision.title in decision.citation

    def test_the_page_is_generated_from_the_data(self) -> None:
        """docs/decisions.md is what scripts/write_decisions_doc.py makes of the data."""
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "write_decisions_doc.py"), "--check"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr


class TestLookup:
    """source(id) and the registry as a whole."""

    def test_ids_are_unique(self) -> None:
        """No id is used twice; 1 review, 33 sections, 78 references, 11 decisions."""
        assert len(set(source_ids())) == len(source_ids())
        counts = {kind: len(_of(kind)) for kind in SourceKind}
        assert counts[SourceKind.REVIEW] == 1
        assert counts[SourceKind.REVIEW_SECTION] == 33
        assert counts[SourceKind.REFERENCE] == 78
        assert counts[SourceKind.DECISION] == 11

    def test_every_id_resolves_to_itself(self) -> None:
        """source(id) returns the entry listed under that id."""
        assert [source(entry.id) for entry in sources()] == list(sources())

    @pytest.mark.parametrize("unknown", ["review-ref-0", "review-ref-79", "decision-12", ""])
    def test_unknown_id_is_refused(self, unknown: str) -> None:
        """An id that does not resolve raises RuleError naming it."""
        with pytest.raises(RuleError, match=re.escape(repr(unknown))):
            source(unknown)

    def test_no_text_points_outside_the_package(self) -> None:
        """No source text names a file of the project (the registry is self-contained)."""
        for entry in sources():
            for _, text in entry.details():
                assert ".md" not in text
                assert "REFERENCE" not in text

    def test_details_lists_the_set_fields(self) -> None:
        """details() gives the fields that are set, kind as its value."""
        assert source("decision-7").details()[:2] == [("id", "decision-7"), ("kind", "decision")]
        assert [name for name, _ in source("review-ref-78").details()] == [
            "id",
            "kind",
            "title",
            "citation",
            "number",
            "authors",
            "published_in",
            "year",
            "volume",
            "pages",
        ]


class TestCitationTexts:
    """citation_texts: each id's citation, None for ids the registry does not know."""

    def test_known_unknown_order_and_repeats(self) -> None:
        """Order as given, a repeated id once, an unknown id mapped to None."""
        found = citation_texts(["decision-4", "local-ref-1", "review", "decision-4"])
        assert list(found) == ["decision-4", "local-ref-1", "review"]
        assert found["decision-4"] == source("decision-4").citation
        assert found["review"] == source("review").citation
        assert found["local-ref-1"] is None
