"""``allmodel sources``: the sources registry as the command prints it."""

from __future__ import annotations

from allmodel.cli import EXIT_OK, EXIT_USAGE
from allmodel.sources import source, source_ids
from tests.cli.running import cli, module_run


class TestSources:
    """allmodel sources [ID]."""

    def test_lists_every_source(self) -> None:
        """One line per source, id then title, in the registry's order."""
        result = cli("sources")
        assert result.code == EXIT_OK
        lines = result.out.splitlines()
        assert [line.split()[0] for line in lines] == list(source_ids())
        assert lines[0].split(None, 1)[1] == source("review").title
        assert lines[-1].split(None, 1)[1] == source("decision-11").title

    def test_one_reference_in_full(self) -> None:
        """One source: each set field on its own line, the citation as listed."""
        result = cli("sources", "review-ref-78")
        assert result.code == EXIT_OK
        assert result.err == ""
        fields = dict(line.split(": ", 1) for line in result.out.splitlines())
        expected = dict(source("review-ref-78").details())
        assert {name: value.strip() for name, value in fields.items()} == expected

    def test_one_decision_with_its_text(self) -> None:
        """A decision prints its statement."""
        result = cli("sources", "decision-4")
        assert result.code == EXIT_OK
        text = source("decision-4").text
        assert text is not None
        assert text in result.out

    def test_unknown_id(self) -> None:
        """An unknown id is a usage error, on one line naming it."""
        result = cli("sources", "review-ref-79")
        assert result.code == EXIT_USAGE
        assert result.out == ""
        assert result.err.count("\n") == 1
        assert "'review-ref-79'" in result.err

    def test_subprocess(self) -> None:
        """python -m allmodel sources."""
        done = module_run("sources", "review")
        assert done.returncode == EXIT_OK
        assert done.stdout == cli("sources", "review").out
