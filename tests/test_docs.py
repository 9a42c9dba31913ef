"""The documentation site's sources: the pages ``docs/gen_pages.py`` generates, and the
hand-written pages in ``docs/`` with what they include. (``make docs`` builds the site with
``--strict``; these tests check what the build cannot: that nothing public is left out.)"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import allmodel
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.pages import option_page, render
from allmodel.sources import SourceKind, source_ids, sources
from tests.modules import import_file
from tests.test_api import PINNED

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
gen_pages = import_file("gen_pages", DOCS / "gen_pages.py")
griffe_site = import_file("griffe_site", DOCS / "griffe_site.py")

#: Text the library must not contain: the names of the project's working notes.
FORBIDDEN = ("REFERENCE-A", "REFERENCE-B", "REFERENCE.md", "clinical reference")

_SNIPPET = re.compile(r'^[ ]*--8<-- "([^":]+)(?::([\w-]+))?"$', re.MULTILINE)


def _hand_written() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def _included() -> list[tuple[Path, str | None]]:
    """Every file (and section) the hand-written pages include with ``--8<--``."""
    found = []
    for page in _hand_written():
        for name, section in _SNIPPET.findall(page.read_text(encoding="utf-8")):
            found.append((ROOT / name, section or None))
    return found


def _section(path: Path, name: str) -> str:
    text = path.read_text(encoding="utf-8")
    start, end = f"--8<-- [start:{name}]", f"--8<-- [end:{name}]"
    assert text.count(start) == 1, f"{path.name}: no single start marker {name}"
    assert text.count(end) == 1, f"{path.name}: no single end marker {name}"
    return text.split(start, 1)[1].split(end, 1)[0]


class TestApiPages:
    """One API page per public module: the modules tests/test_api.py pins."""

    def test_one_page_per_pinned_module(self) -> None:
        """``allmodel`` is the index page; every other pinned module has its own page."""
        pages = gen_pages.api_pages()
        others = sorted(f"api/{name}.md" for name in PINNED if name != "allmodel")
        assert sorted(pages) == sorted(["api/index.md", *others])
        assert "\n::: allmodel\n" in pages["api/index.md"]
        assert gen_pages.public_module_names()[0] == "allmodel"

    @pytest.mark.parametrize("name", sorted(set(PINNED) - {"allmodel"}))
    def test_a_module_page_renders_its_module(self, name: str) -> None:
        """Each page is titled by the module and hands it to mkdocstrings."""
        page = gen_pages.api_pages()[f"api/{name}.md"]
        assert page == f"---\ntitle: {name}\n---\n\n::: {name}\n"

    def test_the_face_links_each_name_to_its_home(self) -> None:
        """The index lists each name of ``allmodel.__all__`` once, linked to the public
        module that exports the same object."""
        page = gen_pages.api_pages()["api/index.md"]
        rows = re.findall(r"^\| \[?`(\w+)`\]?(?:\[([\w.]+)\])? \| (?!this page)", page, re.M)
        assert [name for name, _ in rows] == list(allmodel.__all__)
        for name, target in rows:
            if not target:
                assert name == "__version__"
                continue
            home, _, exported = target.rpartition(".")
            assert exported == name
            module = importlib.import_module(home)
            assert name in module.__all__
            assert getattr(module, name) is getattr(allmodel, name)

    def test_the_index_lists_every_module_with_its_summary(self) -> None:
        """The index has one row per module, with the first sentence of its docstring."""
        index = gen_pages.api_pages()["api/index.md"]
        rows = re.findall(r"^\| \[`([\w.]+)`\]\(([\w.]+)\.md\) \| (.+) \|$", index, re.M)
        assert [name for name, _, _ in rows] == gen_pages.public_module_names()[1:]
        assert all(name == link for name, link, _ in rows)
        assert all(summary.endswith(".") and len(summary) > 10 for _, _, summary in rows)
        assert all(":class:" not in summary for _, _, summary in rows)
        errors = {name: summary for name, _, summary in rows}["allmodel.errors"]
        assert "`AllModelError`" in errors


class TestSourcesPage:
    """Every source id is an anchor on the sources page, under its kind's heading."""

    def test_every_source_has_its_anchor(self) -> None:
        page = gen_pages.sources_page()
        anchors = re.findall(r"^`([a-z0-9][a-z0-9.-]*)` \{#([a-z0-9][a-z0-9.-]*)\}$", page, re.M)
        assert [shown for shown, _ in anchors] == [anchor for _, anchor in anchors]
        assert sorted(anchor for _, anchor in anchors) == sorted(source_ids())

    def test_grouped_by_kind(self) -> None:
        """Each source follows its kind's heading, and the groups come in the set order."""
        page = gen_pages.sources_page()
        headings = {
            kind: page.index(f"\n## {title}\n")
            for kind, title in gen_pages.SOURCE_GROUPS.items()
            if f"\n## {title}\n" in page
        }
        order = list(headings.values())
        assert order == sorted(order)
        following = dict(zip(order, [*order[1:], len(page)], strict=True))
        for entry in sources():
            start = headings[entry.kind]
            assert start < page.index(f"{{#{entry.id}}}") < following[start], entry.id

    def test_citations_are_shown_as_written(self) -> None:
        """Markdown in a citation (an underscore, a bracket) is escaped, not interpreted."""
        assert gen_pages._escape("a_b [c] <d> *e*") == "a\\_b \\[c\\] \\<d\\> \\*e\\*"
        review = next(entry for entry in sources() if entry.kind is SourceKind.REVIEW)
        assert gen_pages._escape(review.citation) in gen_pages.sources_page()


class TestHandWrittenPages:
    """The hand-written pages include README sections instead of copying them."""

    def test_every_included_file_and_section_exists(self) -> None:
        included = _included()
        assert (ROOT / "CHANGELOG.md", None) in included
        assert (ROOT / "src" / "allmodel" / "examples" / "patient.schema.json", None) in included
        for path, section in included:
            assert path.is_file(), path
            if section is not None:
                assert _section(path, section).strip(), f"{path.name}:{section} is empty"

    def test_every_readme_section_marked_is_included(self) -> None:
        """No marker in the README is left over from a page that no longer uses it."""
        marked = re.findall(r"--8<-- \[start:([\w-]+)\]", (ROOT / "README.md").read_text("utf-8"))
        used = {section for path, section in _included() if path.name == "README.md" and section}
        assert sorted(marked) == sorted(used)

    def test_no_working_notes_are_named(self) -> None:
        """Neither the pages, the included README sections nor the generated pages name
        the project's working notes."""
        texts = [page.read_text(encoding="utf-8") for page in _hand_written()]
        texts += [_section(path, section) for path, section in _included() if section]
        texts += list(gen_pages.pages().values())
        for text in texts:
            for word in FORBIDDEN:
                assert word not in text


class TestGriffeExtension:
    """docs/griffe_site.py: Sphinx roles become optional links around the name in code."""

    def test_a_role_with_a_path(self) -> None:
        """A full path is the link's target; ``~`` shows its last part only."""
        text = "See :class:`~allmodel.model.Patient` and :func:`allmodel.screen`."
        assert griffe_site.cross_references(text, module="allmodel.report") == (
            'See <autoref identifier="allmodel.model.Patient" optional><code>Patient</code>'
            '</autoref> and <autoref identifier="allmodel.screen" optional>'
            "<code>allmodel.screen</code></autoref>."
        )

    def test_a_bare_name_is_looked_up_in_the_module(self) -> None:
        """A name without a dot is taken from the public module of the object documented."""
        assert griffe_site.cross_references(":meth:`to_dict()`", module="allmodel.report") == (
            '<autoref identifier="allmodel.report.to_dict" optional>'
            "<code>to_dict()</code></autoref>"
        )

    def test_the_public_parent(self) -> None:
        """Private parts are dropped: an object is documented on its public module's page."""
        assert griffe_site.public_parent("allmodel.model._patient.Patient.bsa") == "allmodel.model"
        assert griffe_site.public_parent("allmodel.dates.add_months") == "allmodel.dates"


class TestOptionPages:
    """One page per option of the default ruleset: allmodel.pages' Markdown, sources linked."""

    def test_one_page_per_option_and_an_index(self) -> None:
        """Every option has its page; the index links each once, therapies first."""
        ruleset = default_ruleset()
        pages = gen_pages.option_pages()
        assert sorted(pages) == sorted(
            ["options/index.md", *(f"options/{option.id}.md" for option in ruleset.options)]
        )
        linked = re.findall(r"^\| \[`(\w+)`\]\((\w+)\.md\) \|", pages["options/index.md"], re.M)
        assert [name for name, _ in linked] == [
            *(option.id for option in ruleset.options if option.kind is OptionKind.THERAPY),
            *(option.id for option in ruleset.options if option.kind is OptionKind.TRIAL),
        ]
        assert all(name == target for name, target in linked)

    @pytest.mark.parametrize("option_id", default_ruleset().ids)
    def test_the_page_is_the_rendered_markdown_with_links(self, option_id: str) -> None:
        """Without its links a page is exactly ``render(option_page(...), "markdown")``; every
        link goes to the anchor of a known source."""
        ruleset = default_ruleset()
        option = next(option for option in ruleset.options if option.id == option_id)
        page = gen_pages.option_pages()[f"options/{option_id}.md"]
        front = f"---\ntitle: {option_id}\n---\n\n"
        assert page.startswith(front)
        page = page.removeprefix(front)
        targets = re.findall(r"\]\(\.\./sources\.md#([a-z0-9.-]+)\)", page)
        assert targets
        assert set(targets) <= set(source_ids())
        unlinked = re.sub(r"\[(`?[a-z0-9.-]+`?)\]\(\.\./sources\.md#[a-z0-9.-]+\)", r"\1", page)
        unlinked = unlinked.replace("\\[", "[").replace("\\]", "]")
        assert unlinked == render(option_page(option, ruleset=ruleset), "markdown")

    def test_only_known_ids_are_linked(self) -> None:
        """A code span or a bracketed list is linked only when every id in it is a source."""
        known = frozenset({"review-ref-7", "decision-1"})
        text = "`review-ref-7` `age_limit` [review-ref-7, decision-1] [review-ref-7, other]"
        assert gen_pages.link_sources(text, known=known, to="s.md") == (
            "[`review-ref-7`](s.md#review-ref-7) `age_limit`"
            " \\[[review-ref-7](s.md#review-ref-7), [decision-1](s.md#decision-1)\\]"
            " \\[review-ref-7, other\\]"
        )

    def test_other_brackets_stay_text(self) -> None:
        """Two bracketed titles side by side are escaped (not a reference link); brackets
        inside a code span are left as they are."""
        text = "ponatinib [Iclusig (US)][Iclusig (EU)]; `labs[bilirubin]`"
        assert gen_pages.link_sources(text, known=frozenset(), to="s.md") == (
            "ponatinib \\[Iclusig (US)\\]\\[Iclusig (EU)\\]; `labs[bilirubin]`"
        )
