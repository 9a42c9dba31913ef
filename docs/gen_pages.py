"""Generate the site's reference pages during ``mkdocs build`` (mkdocs-gen-files).

Pages made here are virtual: mkdocs-gen-files keeps them in a temporary folder and the
build writes only into ``build/site``. Generated:

- ``api/``: one page per public module (the modules ``tests/test_api.py`` pins: ``allmodel``
  and every module whose dotted name has no ``_`` part), rendered by mkdocstrings;
- ``sources.md``: every source of :mod:`allmodel.sources`, grouped by kind, each under an
  anchor named by its id (``sources.md#review-ref-62``);
- ``options/``: one page per option of the default ruleset, the Markdown of
  :func:`allmodel.pages.render` with each cited source id linked to the sources page;
- ``notebooks/``: the onboarding notebooks of ``examples/notebooks``, with the outputs
  stored in them, rendered by mkdocs-jupyter;

The navigation (``docs/SUMMARY.md``, mkdocs-literate-nav) lists a generated folder by its
name; its pages follow in file-name order, after its ``index.md``.

The functions return text and write nothing; :func:`main` hands their pages to
mkdocs-gen-files.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import random
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import allmodel
from allmodel import examples
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.io.fhir import patient_to_fhir
from allmodel.io.fhir._codes import code_table, code_table_names
from allmodel.io.fhir._systems import ALLMODEL_CODES, ALLMODEL_EXTENSIONS
from allmodel.pages import option_page, render
from allmodel.sources import Source, SourceKind, source_ids, sources
from allmodel.synthetic import synthetic_patient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "examples" / "notebooks"

#: The heading of each kind of source on the sources page, in page order.
SOURCE_GROUPS: dict[SourceKind, str] = {
    SourceKind.REVIEW: "The review",
    SourceKind.REVIEW_SECTION: "Sections of the review",
    SourceKind.REFERENCE: "References of the review",
    SourceKind.LABEL: "Drug labels",
    SourceKind.REGISTRY_RECORD: "Trial registry records",
    SourceKind.PUBLICATION: "Other publications and web pages",
    SourceKind.CODE_SYSTEM: "Code systems and exchange standards",
    SourceKind.DECISION: "The project's decisions",
}


def public_module_names() -> list[str]:
    """``allmodel`` and every module whose dotted name has no part starting with ``_``
    (the rule ``tests/test_api.py`` pins), the face first, then in name order."""
    names = [
        info.name
        for info in pkgutil.walk_packages(allmodel.__path__, prefix="allmodel.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    return ["allmodel", *sorted(names)]


def _summary(module: ModuleType) -> str:
    """The first sentence of a module's docstring, on one line, Sphinx roles as code."""
    doc = inspect.getdoc(module) or ""
    first = " ".join(doc.split("\n\n", 1)[0].split())
    first = re.sub(r":\w+:`~?([\w.]+)`", r"`\1`", first)
    return re.split(r"(?<!\.)\.\s(?!\.)", first, maxsplit=1)[0].rstrip(".") + "."


def _home(obj: object, modules: list[ModuleType]) -> str | None:
    """The public module (other than the face) that exports ``obj``."""
    for module in modules:
        if module.__name__ != "allmodel" and any(
            getattr(module, name) is obj for name in module.__all__
        ):
            return module.__name__
    return None


def api_pages() -> dict[str, str]:
    """One page per public module: ``api/index.md`` for ``allmodel`` itself (the face, with
    the list of modules), ``api/<module>.md`` for each of the others."""
    modules = [importlib.import_module(name) for name in public_module_names()]
    pages: dict[str, str] = {}
    table = ["| module | what it holds |", "| --- | --- |", "| `allmodel` | this page |"]
    for module in modules[1:]:
        name = module.__name__
        pages[f"api/{name}.md"] = f"---\ntitle: {name}\n---\n\n::: {name}\n"
        table.append(f"| [`{name}`]({name}.md) | {_summary(module)} |")
    pages["api/index.md"] = "\n".join(
        [
            "# API reference\n",
            "One page per public module, generated from the docstrings. `import allmodel`",
            "gives the short face for the common tasks (this page); everything else is",
            "imported from the package named after its concept.\n",
            *table,
            "",
            "::: allmodel",
            "    options:",
            "      members: false",
            "      heading_level: 2",
            "",
            "### The names of `import allmodel`\n",
            "Each is documented on the page of the module that defines it.\n",
            *_face_rows(modules),
            "",
        ]
    )
    return pages


def _face_rows(modules: list[ModuleType]) -> list[str]:
    """A table of ``allmodel.__all__``, each name linked to where it is documented."""
    rows = ["| name | documented in |", "| --- | --- |"]
    for exported in allmodel.__all__:
        home = _home(getattr(allmodel, exported), modules)
        if home is None:
            rows.append(f"| `{exported}` | (the installed version) |")
        else:
            rows.append(f"| [`{exported}`][{home}.{exported}] | [`{home}`]({home}.md) |")
    return rows


def _source_entry(entry: Source) -> str:
    """One source: its id as the anchor, then its citation and what else is set."""
    lines = [f"`{entry.id}` {{#{entry.id}}}", f":   {_escape(entry.citation)}"]
    extra = [
        f"{label} {_escape(value)}"
        for label, value in (
            ("Section:", entry.section if entry.kind is SourceKind.LABEL else None),
            ("Checked:", entry.status),
        )
        if value
    ]
    if entry.text:
        lines.append("")
        lines.append(f"    {_escape(entry.text)}")
    if entry.url:
        extra.append(f"<{entry.url}>")
    if extra:
        lines.append("")
        lines.append("    " + "; ".join(extra))
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    """Text that Markdown shows as written (no emphasis, no tags, no link syntax)."""
    for char in ("\\", "*", "_", "[", "]", "<", ">", "`"):
        text = text.replace(char, "\\" + char)
    return text


def sources_page() -> str:
    """Every source, grouped by kind in :data:`SOURCE_GROUPS` order."""
    by_kind: dict[SourceKind, list[Source]] = {kind: [] for kind in SOURCE_GROUPS}
    for entry in sources():
        by_kind[entry.kind].append(entry)
    parts = [
        "# Sources\n\n"
        "Every source allmodel cites, by id. Criteria, option notes and reports cite these ids"
        " (a note cites one inline as `[id]`); `allmodel.sources.source(id)` and"
        " `allmodel sources ID` return the same entries. Each entry has an anchor named by"
        " its id, so `sources.md#review-ref-62` links to reference 62.\n"
    ]
    for kind, heading in SOURCE_GROUPS.items():
        entries = by_kind[kind]
        if not entries:
            continue
        parts.append(f"\n## {heading}\n")
        if kind is SourceKind.DECISION:
            parts.append("\nEach decision in full: [Decisions](decisions.md).\n")
        parts.extend("\n" + _source_entry(entry) for entry in entries)
    return "".join(parts)


def fhir_codes_page() -> str:
    """Every code of the FHIR mapping's code tables, by table, with its meaning and source."""
    parts = [
        "# FHIR codes\n\n"
        "Every standard code allmodel's FHIR reader maps and its writer uses, as the package's"
        " code tables hold them (`allmodel/io/fhir/codes/`): the code system's own display,"
        " what the code means to allmodel, the code system it comes from (see"
        " [Sources](sources.md)) and where the code was checked. A code that is not here is"
        " reported as unmapped, never guessed. How the codes are used: [FHIR](fhir.md).\n"
    ]
    for name in code_table_names():
        table = code_table(name)
        parts.append(f"\n## {name}\n\n")
        parts.append("| system | code | display | means | source | checked |\n")
        parts.append("|---|---|---|---|---|---|\n")
        parts.extend(
            f"| {_escape(e.system)} | `{e.code}` | {_escape(e.display)} | `{e.means}` |"
            f" [{e.source}](sources.md#{e.source}) | {_escape(e.checked)} |\n"
            for e in table.entries
        )
    parts.append(_own_codes_section())
    return "".join(parts)


def _walk(value: object) -> Iterator[dict[str, object]]:
    """Every JSON object inside ``value``, itself included."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _own_codes_section() -> str:
    """allmodel's own codes and extensions, as the writer uses them: collected from the
    Bundles written for the example patients and a synthetic cohort, so the list cannot
    miss one the writer uses for them."""
    rng = random.Random(0)
    patients = [*examples.patients().values()]
    patients += [synthetic_patient(rng, as_of=date(2022, 12, 31)) for _ in range(200)]
    codes: dict[str, str] = {}
    extensions: set[str] = set()
    for patient in patients:
        for obj in _walk(patient_to_fhir(patient)):
            if obj.get("system") == ALLMODEL_CODES and isinstance(obj.get("code"), str):
                codes.setdefault(str(obj["code"]), str(obj.get("display", "")))
            url = obj.get("url")
            if isinstance(url, str) and url.startswith(ALLMODEL_EXTENSIONS):
                extensions.add(url)
    lines = [
        "\n## allmodel's own codes and extensions\n\n"
        f"For what no public code system names, the writer uses allmodel's code system"
        f" `{ALLMODEL_CODES}` and extensions under `{ALLMODEL_EXTENSIONS}`"
        " (the reader reads them back; `.invalid` resolves nowhere). As written for the"
        " example patients and 200 synthetic ones:\n\n| code | display |\n|---|---|\n",
        *(f"| `{code}` | {_escape(display)} |\n" for code, display in sorted(codes.items())),
        "\n| extension |\n|---|\n",
        *(f"| `{url.removeprefix(ALLMODEL_EXTENSIONS)}` |\n" for url in sorted(extensions)),
    ]
    return "".join(lines)


def notebook_files() -> Iterator[tuple[str, Path]]:
    """Each notebook's path on the site, with its file."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        yield f"notebooks/{path.name}", path


#: A code span (its fence, then its text) in the Markdown of allmodel.pages.
_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!\\)\1")
#: A bracketed list of source ids, once the brackets of plain text are escaped.
_BRACKETED_IDS = re.compile(r"\\\[([a-z0-9][a-z0-9.-]*(?:, [a-z0-9][a-z0-9.-]*)*)\\\]")


def link_sources(markdown: str, *, known: frozenset[str], to: str) -> str:
    """``markdown`` with each source id in ``known`` linked to its anchor on the page ``to``:
    a code span holding an id becomes a link around it, and ``[a, b]`` a bracketed list of
    links. Every other bracket of the text is escaped, so that two bracketed texts side by
    side (``[title][title]``) stay text instead of reading as a reference link."""

    def plain(text: str) -> str:
        text = text.replace("[", "\\[").replace("]", "\\]")

        def bracketed(match: re.Match[str]) -> str:
            ids = match.group(1).split(", ")
            if not all(found in known for found in ids):
                return match.group(0)
            return "\\[" + ", ".join(f"[{found}]({to}#{found})" for found in ids) + "\\]"

        return _BRACKETED_IDS.sub(bracketed, text)

    parts: list[str] = []
    done = 0
    for match in _CODE_SPAN.finditer(markdown):
        parts.append(plain(markdown[done : match.start()]))
        inner = match.group(2)
        parts.append(f"[{match.group(0)}]({to}#{inner})" if inner in known else match.group(0))
        done = match.end()
    parts.append(plain(markdown[done:]))
    return "".join(parts)


def option_pages() -> dict[str, str]:
    """One page per option of the default ruleset, and an index of them by kind."""
    ruleset = default_ruleset()
    known = frozenset(source_ids())
    pages: dict[str, str] = {}
    index = [
        "# Options\n",
        f"The {len(ruleset.options)} options of the default ruleset, `{ruleset.name}`"
        f" version {ruleset.version}: each page lists the option's rules, its notes, which"
        " condition of which source each rule encodes, and the sources it cites (linked to"
        " [Sources](../sources.md)). `allmodel options show ID` prints the same page.\n",
    ]
    for kind, heading in (
        (OptionKind.THERAPY, "Therapies"),
        (OptionKind.TRIAL, "Trial archetypes"),
    ):
        index.extend((f"## {heading}\n", "| option | name |", "| --- | --- |"))
        for option in ruleset.options:
            if option.kind is kind:
                page = render(option_page(option, ruleset=ruleset), "markdown")
                # titled by the id in the navigation (sorted by it); the page keeps its name
                pages[f"options/{option.id}.md"] = f"---\ntitle: {option.id}\n---\n\n" + (
                    link_sources(page, known=known, to="../sources.md")
                )
                index.append(f"| [`{option.id}`]({option.id}.md) | {_escape(option.name)} |")
        index.append("")
    pages["options/index.md"] = "\n".join(index)
    return pages


def pages() -> dict[str, str]:
    """Every generated text page, by its path on the site."""
    return {
        **api_pages(),
        "sources.md": sources_page(),
        "fhir-codes.md": fhir_codes_page(),
        **option_pages(),
    }


def main() -> None:
    """Hand the pages and the notebooks to mkdocs-gen-files (during a build only)."""
    import mkdocs_gen_files  # noqa: PLC0415 (present only with the docs dependency group)

    for path, text in pages().items():
        with mkdocs_gen_files.open(path, "w") as handle:
            handle.write(text)
    for path, notebook in notebook_files():
        with mkdocs_gen_files.open(path, "wb") as handle:
            handle.write(notebook.read_bytes())
        mkdocs_gen_files.set_edit_path(path, notebook.relative_to(ROOT).as_posix())


# mkdocs-gen-files runs this file with runpy.run_path, whose module name is "<run_path>";
# the tests import it under another name and call the functions.
if __name__ in {"__main__", "<run_path>"}:
    main()
