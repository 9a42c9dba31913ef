"""What a cohort run screens: a ruleset, a jurisdiction and the options chosen.

The same choices as :func:`~allmodel.screen` takes (option ids of the ruleset and extra
:class:`~allmodel.criteria.Option` objects, a hospital's local trials), checked the
same way.
"""

from __future__ import annotations

import attrs

from allmodel.criteria import Jurisdiction, JurisdictionCode, Option, Ruleset
from allmodel.screening import OptionSelection, choose

__all__ = ["OptionSelection", "Selection", "select"]


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
    """Check the choices of a cohort run, as :func:`~allmodel.screen` checks them (the
    same checks: :func:`allmodel.screening.choose`).

    Raises:
        ArgumentError: ``ruleset`` is not a Ruleset, or ``options`` is a string.
        RuleError: An option id the ruleset lacks, an option chosen twice, or an unknown
            jurisdiction.
    """
    return Selection(*choose(ruleset, jurisdiction, options))
