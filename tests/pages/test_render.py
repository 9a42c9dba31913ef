"""render: the same page as text, Markdown, HTML and the option's own JSON.

The small options of :mod:`tests.pages.examples` are rendered whole and compared with
text written out by hand (Markdown), and each format's boundaries are checked: escaping,
one line per rule, a self-contained HTML document, JSON that loads back to the option.
"""

from __future__ import annotations

import html.parser
import json
from datetime import date

import attrs
import pytest

from allmodel.criteria import (
    All,
    Is,
    Not,
    Option,
    Ruleset,
    dump_option,
    load_criteria,
)
from allmodel.errors import RuleError
from allmodel.pages import FORMATS, option_page, render
from tests.pages.examples import ADULT, LABELLED, TRIAL, adult

HASH = LABELLED.content_hash[: len("sha256:") + 12]

LABELLED_MARKDOWN = f"""\
# A labelled product

`labelled` · therapy · content {HASH}

Cites: `review-ref-7`, `decision-1`

## Rules

the product's indication [review]

- `b_precursor` B-precursor ALL: `lineage in {{b_precursor}}` [review-ref-7]
- `label_population` within the label in force (by jurisdiction) [decision-1]
  - **US**: `jurisdiction_us` US label (no further condition) [review-ref-9]
  - **EU**: `eu_label` EU label: adults, Ph-negative or after two TKIs (all of) \
[review-ref-10, review-ref-11]
    - `eu_adult` aged 18 or over: `age_years >= 18 years`
    - `eu_ph` Ph-negative, or Ph-positive after two TKIs (any of)
      - `ph_negative` Ph-negative: `ph_status in {{negative}}`
      - `two_tkis` two TKIs failed: `tki_failures >= 2 count`
- **exclusion**: `no_t315i` T315I mutation found: `t315i is yes` [review-ref-8]

## Coverage

| source | encoded: condition → rule | not encoded by a rule: status: condition — reason |
| --- | --- | --- |
| `review-ref-10` | adults → `eu_adult` |  |
| `review-ref-12` |  | *not applicable*: children from 1 year — adds children only; \
adults are screened |

## Notes

- Follows the label [decision 1], not the review [review ref 7].
- A note without markers.

## Sources

"""


def nasty(text: str) -> Option:
    """ADULT with ``text`` as its name, its rule's text, a note and a coverage condition."""
    criteria = attrs.evolve(ADULT.criteria, text=text)
    return attrs.evolve(ADULT, name=text, criteria=criteria, notes=(text,))


class TestMarkdown:
    """The Markdown page."""

    def test_whole_page(self) -> None:
        """Header, rules, notes and coverage, written out by hand; then one line per source."""
        text = render(LABELLED, "markdown")
        assert text.startswith(LABELLED_MARKDOWN)
        sources = text.removeprefix(LABELLED_MARKDOWN).splitlines()
        page = option_page(LABELLED)
        assert sources == [f"- `{found.id}` {found.citation}" for found in page.sources]

    def test_exclusions_after_inclusions(self) -> None:
        """Exclusions are listed after the inclusions, labelled, with their sub-rules."""
        lines = render(TRIAL, "markdown").splitlines()
        rules = [line for line in lines if line.lstrip().startswith("- ") and "`" in line]
        exclusion = [i for i, line in enumerate(rules) if line.startswith("- **exclusion**")]
        assert len(exclusion) == 2
        assert (
            rules[exclusion[1] + 1]
            == "  - `prior_cd19_directed` CD19-directed: `prior_cd19_directed is yes`"
        )

    def test_guarded_part(self) -> None:
        """A guarded branch among other parts says where it applies."""
        text = render(TRIAL, "markdown")
        assert "  - **EU only**: `eu_after_hct` EU: relapsed after HCT (all of)" in text

    def test_no_coverage(self) -> None:
        """An option without coverage says so."""
        text = render(ADULT, "markdown")
        assert "## Coverage\n\nNone recorded.\n" in text

    def test_no_notes_section_without_notes(self) -> None:
        """No empty Notes section."""
        assert "## Notes" not in render(ADULT, "markdown")

    def test_escaped(self) -> None:
        """Emphasis, code, pipes and tags in texts are escaped; word underscores stay."""
        text = render(nasty("a *b* | `c` <script> _d_ e_f"), "markdown")
        escaped = "a \\*b\\* \\| \\`c\\` \\<script> \\_d\\_ e_f"
        assert f"# {escaped}\n" in text
        assert f"- `adult` {escaped}: `age_years >= 18 years`" in text

    def test_one_line_per_rule(self) -> None:
        """Line breaks inside a text never break a rule's line."""
        text = render(nasty("two\nlines"), "markdown")
        assert "- `adult` two lines: `age_years >= 18 years`" in text

    def test_ruleset_in_header(self) -> None:
        """A page shown as part of a ruleset names it and its version."""
        ruleset = Ruleset(
            name="test-pages",
            version="1.2.3",
            effective=date(2022, 12, 31),
            description="pages",
            options=(ADULT,),
        )
        text = render(option_page(ADULT, ruleset=ruleset), "markdown")
        assert text.splitlines()[2].startswith(
            "`adult_only` · therapy · ruleset test-pages 1.2.3 ·"
        )

    def test_registry_ids(self) -> None:
        """A trial's registry ids are in its header."""
        assert render(TRIAL, "markdown").splitlines()[2].endswith("· registry NCT00000001")


class TestText:
    """The plain-text page."""

    def test_rules(self) -> None:
        """One line per rule, indented by depth; variants labelled by jurisdiction."""
        lines = render(LABELLED, "text").splitlines()
        start = lines.index("rules: the product's indication  [review]")
        assert lines[start + 1 : start + 10] == [
            "  b_precursor: B-precursor ALL -- lineage in {b_precursor}  [review-ref-7]",
            "  label_population: within the label in force (by jurisdiction)  [decision-1]",
            "    US: jurisdiction_us: US label (no further condition)  [review-ref-9]",
            "    EU: eu_label: EU label: adults, Ph-negative or after two TKIs (all of)"
            "  [review-ref-10, review-ref-11]",
            "      eu_adult: aged 18 or over -- age_years >= 18 years",
            "      eu_ph: Ph-negative, or Ph-positive after two TKIs (any of)",
            "        ph_negative: Ph-negative -- ph_status in {negative}",
            "        two_tkis: two TKIs failed -- tki_failures >= 2 count",
            "  exclusion: no_t315i: T315I mutation found -- t315i is yes  [review-ref-8]",
        ]

    def test_coverage_and_sources(self) -> None:
        """Coverage lines give source, condition, whether it excludes, status, rule/reason."""
        text = render(LABELLED, "text")
        assert "  review-ref-10: adults (excluding): encoded -- eu_adult\n" in text
        assert (
            "  review-ref-12: children from 1 year (not excluding): not applicable -- adds"
            " children only; adults are screened\n"
        ) in text
        assert "\nsources:\n  review-ref-7: Kantarjian H, Stein A" in text

    def test_default_format(self) -> None:
        """Text is the default."""
        assert render(LABELLED) == render(LABELLED, "text")


class TestHtml:
    """The HTML page: one escaped, self-contained document, colouring nothing."""

    def test_escaped(self) -> None:
        """Markup and quotes in texts are escaped."""
        page = render(nasty("<script>alert(\"x\")</script> & 'q'"), "html")
        assert "<script>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;" in page

    def test_self_contained(self) -> None:
        """No script, no external style or image; links only to its own sources."""
        page = render(LABELLED, "html")
        for absent in ("<script", "<link", "src=", "http://", "url("):
            assert absent not in page.replace("https://www.fda.gov", "")
        anchors = {part.split('"')[0] for part in page.split('href="#')[1:]}
        ids = {part.split('"')[0] for part in page.split('id="')[1:]}
        assert anchors <= ids

    def test_status_neutral(self) -> None:
        """No status words or colours: a page describes rules, not a patient."""
        page = render(TRIAL, "html").lower()
        for absent in ("eligible", "color:", "background", "green", "red;"):
            assert absent not in page

    def test_well_formed(self) -> None:
        """Every element opened is closed, in order."""
        stack: list[str] = []
        void = {"meta"}

        class Checker(html.parser.HTMLParser):
            def handle_starttag(self, tag: str, attrs: object) -> None:
                if tag not in void:
                    stack.append(tag)

            def handle_endtag(self, tag: str) -> None:
                assert stack.pop() == tag

        Checker().feed(render(TRIAL, "html"))
        assert stack == []

    def test_same_rules(self) -> None:
        """Each rule id of the page appears in the HTML once per appearance in Markdown."""
        markdown, page = render(TRIAL, "markdown"), render(TRIAL, "html")
        for rule in ("adult", "two_of_three", "no_prior_cd19", "prior_car_t"):
            assert markdown.count(f"`{rule}`") == page.count(f"<code>{rule}</code>")


class TestJson:
    """The json format is the option's criteria document."""

    @pytest.mark.parametrize("option", [ADULT, LABELLED, TRIAL])
    def test_is_the_criteria_document(self, option: Option) -> None:
        """Exactly dump_option's text; load_criteria reads it back to the same option."""
        text = render(option, "json")
        assert text == dump_option(option)
        assert load_criteria(text) == option
        assert render(option_page(option), "json") == text
        assert json.loads(text)["id"] == option.id

    def test_needs_no_sources(self) -> None:
        """An option citing unknown ids still dumps (JSON resolves nothing)."""
        local = attrs.evolve(ADULT, citations=("our protocol v2",))
        assert json.loads(render(local, "json"))["citations"] == ["our protocol v2"]


class TestErrors:
    """Refusals."""

    def test_unknown_format(self) -> None:
        """A format outside FORMATS is refused with the allowed ones."""
        with pytest.raises(
            RuleError, match=r"unknown page format 'pdf' \(allowed: text, markdown, html, json\)"
        ):
            render(ADULT, "pdf")  # type: ignore[arg-type]

    @pytest.mark.parametrize("format", [f for f in FORMATS if f != "json"])
    def test_unknown_source(self, format: str) -> None:
        """An unresolvable citation fails every rendered format, naming id and option."""
        bad = attrs.evolve(
            ADULT,
            criteria=All(
                id="root",
                text="root",
                parts=(
                    adult(),
                    Not(
                        id="n",
                        text="n",
                        part=Is(id="g", text="g", fact="active_gvhd", citations=("S55",)),
                    ),
                ),
            ),
        )
        with pytest.raises(
            RuleError, match=r"option 'adult_only' cites 'S55', which is not a source id"
        ):
            render(bad, format)  # type: ignore[arg-type]
