"""``allmodel options``: the catalogue's options as the command lists them, one option's
page (``show``) and the changes between two rulesets (``diff``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

import allmodel.cli._commands
from allmodel.catalogue import CATALOGUE_IDS, default_ruleset
from allmodel.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from allmodel.criteria import Ruleset, load_criteria, option_to_dict, ruleset_to_dict
from allmodel.pages import option_page, render
from tests.cli.running import ROOT, cli, module_run, write
from tests.pages.examples import ADULT, LABELLED, TRIAL


class TestOptions:
    """allmodel options."""

    def test_lists_every_option(self) -> None:
        """Every catalogue id is listed, once, in the default ruleset's order."""
        result = cli("options")
        assert result.code == EXIT_OK
        lines = result.out.splitlines()
        ruleset = default_ruleset()
        assert lines[0].startswith(f"ruleset {ruleset.name} {ruleset.version}")
        listed = [line.split()[0] for line in lines[1:] if not line.startswith(" ")]
        assert listed == list(ruleset.ids)
        assert sorted(listed) == sorted(CATALOGUE_IDS)

    def test_kinds_and_names(self) -> None:
        """Each option line gives its kind and name."""
        lines = cli("options").out.splitlines()
        for option in default_ruleset().options:
            line = next(x for x in lines if x.split()[:1] == [option.id])
            assert line.split()[1] == option.kind.value
            assert option.name in line

    def test_subprocess(self) -> None:
        """python -m allmodel options."""
        done = module_run("options")
        assert done.returncode == EXIT_OK
        assert done.stdout == cli("options").out


#: A small ruleset whose options cite registered sources (see tests.pages.examples).
PAGES = Ruleset(
    name="test-pages",
    version="0.1.0",
    effective=date(2022, 12, 31),
    description="Options for the page commands.",
    options=(LABELLED, TRIAL, ADULT),
)


@pytest.fixture
def small_default(monkeypatch: pytest.MonkeyPatch) -> Ruleset:
    """The command's default ruleset replaced by :data:`PAGES`."""
    monkeypatch.setattr(allmodel.cli._commands, "default_ruleset", lambda: PAGES)
    return PAGES


class TestShow:
    """allmodel options show ID [--format ...]."""

    def test_text_by_default(self, small_default: Ruleset) -> None:
        """The text page of the option, naming the ruleset."""
        result = cli("options", "show", "labelled")
        assert (result.code, result.err) == (EXIT_OK, "")
        assert result.out == render(option_page(LABELLED, ruleset=PAGES), "text")
        assert "ruleset test-pages 0.1.0" in result.out.splitlines()[1]

    @pytest.mark.parametrize("format", ["text", "markdown", "html", "json"])
    def test_each_format(self, small_default: Ruleset, format: str) -> None:
        """Each format prints the page as render writes it."""
        result = cli("options", "show", "small_trial", "--format", format)
        assert result.code == EXIT_OK
        assert result.out == render(option_page(TRIAL, ruleset=PAGES), format)  # type: ignore[arg-type]

    def test_json_loads_back(self, small_default: Ruleset, tmp_path: Path) -> None:
        """The json output is a criteria document load_criteria reads back."""
        result = cli("options", "show", "small_trial", "--format", "json")
        assert load_criteria(result.out) == TRIAL

    def test_unknown_format(self, small_default: Ruleset) -> None:
        """A bad --format is a usage error naming the option and the allowed formats."""
        result = cli("options", "show", "labelled", "--format", "pdf")
        assert result.code == EXIT_USAGE
        assert result.out == ""
        assert result.err.splitlines()[0] == (
            "allmodel: error: option 'labelled': unknown --format 'pdf'"
            " (allowed: text, markdown, html, json)"
        )

    def test_unknown_option(self, small_default: Ruleset) -> None:
        """An unknown id is a usage error naming it."""
        result = cli("options", "show", "nope")
        assert result.code == EXIT_USAGE
        assert "unknown option 'nope' (see 'allmodel options')" in result.err

    def test_missing_id(self) -> None:
        """show needs an id."""
        result = cli("options", "show")
        assert result.code == EXIT_USAGE
        assert "the following arguments are required: id" in result.err

    def test_unresolvable_citation(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An option citing no source id: one line naming the id and the option, exit 1."""
        broken = attrs.evolve(ADULT, citations=("review refs 7, 8",))
        monkeypatch.setattr(
            allmodel.cli._commands,
            "default_ruleset",
            lambda: attrs.evolve(PAGES, options=(broken,)),
        )
        result = cli("options", "show", "adult_only")
        assert result.code == EXIT_INVALID
        assert result.out == ""
        assert result.err == (
            "allmodel options show: option 'adult_only' cites 'review refs 7, 8', which is not"
            " a source id (see 'allmodel sources')\n"
        )

    def test_default_option(self) -> None:
        """A default option's page, with its label variants and resolved sources."""
        result = cli("options", "show", "blinatumomab")
        assert (result.code, result.err) == (EXIT_OK, "")
        ruleset = default_ruleset()
        assert result.out == render(option_page(ruleset.option("blinatumomab"), ruleset=ruleset))
        assert "    US: jurisdiction_us: US label (no further condition)" in result.out

    def test_subprocess_is_the_snapshot(self) -> None:
        """python -m allmodel options show ID --format markdown prints the committed page."""
        done = module_run("options", "show", "zuma_3", "--format", "markdown")
        assert done.returncode == EXIT_OK
        snapshot = ROOT / "tests" / "pages" / "snapshots" / "zuma_3.md"
        assert done.stdout == snapshot.read_text(encoding="utf-8")

    def test_listing_unchanged(self) -> None:
        """Without a subcommand, options still lists (the help names the subcommands)."""
        assert cli("options").out.startswith("ruleset ")
        assert "{show,diff}" in cli("options", "--help").out


class TestDiff:
    """allmodel options diff OLD NEW."""

    def test_default_with_itself(self) -> None:
        """No changes."""
        result = cli("options", "diff", "default", "default")
        assert (result.code, result.err) == (EXIT_OK, "")
        ruleset = default_ruleset()
        name = f"{ruleset.name} {ruleset.version}"
        assert result.out == f"{name} -> {name}\nno changes\n"

    def test_default_with_its_dump(self, tmp_path: Path) -> None:
        """The default ruleset written out as JSON is the same ruleset."""
        path = write(tmp_path / "rules.json", ruleset_to_dict(default_ruleset()))
        result = cli("options", "diff", "default", path)
        assert result.out.splitlines()[1:] == ["no changes"]

    def test_changed_ruleset(self, tmp_path: Path) -> None:
        """A threshold changed in a copy: that change, as text and as JSON."""
        document = ruleset_to_dict(default_ruleset())
        blina = next(o for o in document["options"] if o["id"] == "blinatumomab")
        eu_adult = _find(blina["criteria"], "eu_adult")
        eu_adult["value"] = 21
        document["version"] = "99.0.0"
        path = write(tmp_path / "rules.json", document)
        result = cli("options", "diff", "default", path)
        assert result.code == EXIT_OK
        assert result.out.splitlines()[1:] == [
            f"ruleset changed: version: {default_ruleset().version!r} -> '99.0.0'",
            "blinatumomab: node eu_adult changed: value: 18 -> 21",
        ]
        as_json = json.loads(cli("options", "diff", "default", path, "--format", "json").out)
        assert as_json["changes"][1] == {
            "kind": "changed",
            "option": "blinatumomab",
            "node": "eu_adult",
            "fields": [{"field": "value", "old": 18, "new": 21}],
        }

    def test_option_file_against_default(self, tmp_path: Path) -> None:
        """One option's file is compared with the default option of the same id."""
        document = option_to_dict(default_ruleset().option("zuma_3"))
        document["name"] = "ZUMA-3 (renamed)"
        path = write(tmp_path / "zuma_3.json", document)
        result = cli("options", "diff", "default", path)
        assert result.code == EXIT_OK
        assert result.out.splitlines() == [
            "zuma_3 -> zuma_3",
            f"option zuma_3 changed: name: {default_ruleset().option('zuma_3').name!r} ->"
            " 'ZUMA-3 (renamed)'",
        ]
        reverse = cli("options", "diff", path, "default")
        assert reverse.out.splitlines()[1].startswith(
            "option zuma_3 changed: name: 'ZUMA-3 (renamed)'"
        )

    def test_two_option_files(self, tmp_path: Path) -> None:
        """Two option files: the changes between them."""
        old = write(tmp_path / "old.json", option_to_dict(TRIAL))
        new_option = attrs.evolve(TRIAL, notes=("Added.",))
        new = write(tmp_path / "new.json", option_to_dict(new_option))
        result = cli("options", "diff", old, new)
        assert result.out.splitlines()[1:] == ["option small_trial changed: notes: +'Added.'"]

    def test_option_not_in_ruleset(self, tmp_path: Path) -> None:
        """A local option with no namesake in the ruleset: a usage error saying so."""
        path = write(tmp_path / "local.json", option_to_dict(TRIAL))
        result = cli("options", "diff", "default", path)
        assert result.code == EXIT_USAGE
        assert "has no option 'small_trial' to compare with" in result.err

    def test_bad_file(self, tmp_path: Path) -> None:
        """A bad document: its problems with their paths, exit 1."""
        path = write(tmp_path / "bad.json", {"id": "x", "kind": "trial"})
        result = cli("options", "diff", "default", path)
        assert result.code == EXIT_INVALID
        assert f"{path}: $.name: required field missing" in result.err.splitlines()

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that does not exist is invalid input, reported on one line."""
        result = cli("options", "diff", "default", tmp_path / "absent.json")
        assert result.code == EXIT_INVALID
        assert str(tmp_path / "absent.json") in result.err

    def test_subprocess(self) -> None:
        """python -m allmodel options diff default default."""
        done = module_run("options", "diff", "default", "default")
        assert done.returncode == EXIT_OK
        assert done.stdout.endswith("no changes\n")


def _find(node: dict[str, Any], node_id: str) -> dict[str, Any]:
    """The node ``node_id`` in a criteria document."""
    if node["id"] == node_id:
        return node
    for part in (*node.get("parts", ()), *([node["part"]] if "part" in node else [])):
        try:
            return _find(part, node_id)
        except KeyError:
            continue
    raise KeyError(node_id)
