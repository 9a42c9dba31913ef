"""The default ruleset, ``review-2022-12``: built on first use, then one immutable value.

Building the 37 options takes a noticeable share of ``import allmodel``, so this module
imports them only when :func:`default_ruleset` is first called.
"""

from __future__ import annotations

import functools
from datetime import date

from allmodel.criteria import Ruleset

__all__ = ["DEFAULT_RULESET_NAME", "default_ruleset"]

#: Name of the default ruleset: the review as of December 2022.
DEFAULT_RULESET_NAME = "review-2022-12"


@functools.cache
def default_ruleset() -> Ruleset:
    """The default ruleset, ``review-2022-12`` (built once; a ruleset is an immutable value).

    It encodes the review (literature through December 2022) with the US and EU labels as
    in force on 2022-12-31 and the confirmed entry criteria of the review's trials, its
    options in the order of :data:`~allmodel.catalogue.THERAPIES` then
    :data:`~allmodel.catalogue.TRIALS`. There is no registry: pass another ruleset to
    :func:`allmodel.screen` as ``ruleset=``.
    """
    from allmodel.catalogue._therapies import THERAPIES  # noqa: PLC0415  (built on first use)
    from allmodel.catalogue._trials import TRIALS  # noqa: PLC0415

    return Ruleset(
        name=DEFAULT_RULESET_NAME,
        version="3.2.1",
        effective=date(2022, 12, 31),
        description=(
            "Treatment of relapsed or refractory ALL in adults (literature through December"
            " 2022), with US and EU labels as in force on 2022-12-31 and the confirmed entry"
            " criteria of the review's trials."
        ),
        options=(*THERAPIES, *TRIALS),
    )
