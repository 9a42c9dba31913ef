"""``allmodel options``: the catalogue's options as the command lists them."""

from __future__ import annotations

from allmodel.catalogue import CATALOGUE_IDS, default_ruleset
from allmodel.cli import EXIT_OK
from tests.cli.running import cli, module_run


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
