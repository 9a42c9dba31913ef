"""What a cohort run screens: a ruleset, a jurisdiction and the options chosen.

The same choices as :func:`~allmodel.screen` takes (option ids of the ruleset and extra
:class:`~allmodel.criteria.Option` objects, a hospital's local trials), checked the
same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from allmodel.catalogue import default_ruleset
from allmodel.criteria import Jurisdiction, JurisdictionCode, Option, Ruleset
from allmodel.errors import ArgumentError, Problem, RuleError

__all__ = ["OptionSelection", "Selection", "select"]

#: Option ids of the ruleset and/or extra options; ``None``: every option of the ruleset.
OptionSelection = Sequence[str | Option] | None


@attrs.frozen
class Selection:
    """A checked choice of ruleset, jurisdiction and options."""

    ruleset: Ruleset
    jurisdiction: Jurisdiction
    options: tuple[Option, ...]


def select(
    ruleset: Ruleset | None,
    options: OptionSelection,
    jurisdiction: Jurisdiction | JurisdictionCode,
) -> Selection:
    """Check the choices of a cohort run (as :func:`~allmodel.screen` checks them).

    Raises:
        ArgumentError: ``ruleset`` is not a Ruleset, or ``options`` is a string.
        RuleError: An option id the ruleset lacks, an option chosen twice, or an unknown
            jurisdiction.
    """
    if ruleset is not None and not isinstance(ruleset, Ruleset):
        raise ArgumentError(
            [
                Problem(
                    "ruleset",
                    f"must be a Ruleset or None (the default_ruleset()), not {ruleset!r:.60}",
                )
            ]
        )
    chosen_ruleset = default_ruleset() if ruleset is None else ruleset
    where = Jurisdiction.of(jurisdiction)
    if isinstance(options, str):
        raise ArgumentError(
            [Problem("options", f"must be a sequence of option ids, not a string: [{options!r}]")]
        )
    if options is None:
        return Selection(chosen_ruleset, where, chosen_ruleset.options)
    chosen: list[Option] = []
    for item in options:
        option = chosen_ruleset.option(item) if isinstance(item, str) else item
        if any(existing.id == option.id for existing in chosen):
            raise RuleError(f"option {option.id!r} is selected twice")
        chosen.append(option)
    return Selection(chosen_ruleset, where, tuple(chosen))
