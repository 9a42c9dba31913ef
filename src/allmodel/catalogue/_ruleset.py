"""The default ruleset: the review's therapies and trial archetypes as of December 2022.

The options are listed once, in report order, in :data:`THERAPIES` and :data:`TRIALS`
(each option's id is written only in its own definition); the option ids and the default
ruleset are derived from those two lists. There is no registry: a ruleset is a value,
passed to :func:`allmodel.screen` as ``ruleset=``; ``None`` there means
:func:`default_ruleset`.
"""

from __future__ import annotations

import functools
from datetime import date

from allmodel.catalogue._therapies import THERAPIES
from allmodel.catalogue._trials import TRIALS
from allmodel.criteria import Ruleset

__all__ = [
    "CATALOGUE_IDS",
    "DEFAULT_RULESET_NAME",
    "THERAPIES",
    "THERAPY_IDS",
    "TRIALS",
    "TRIAL_IDS",
    "default_ruleset",
]

#: Therapy option ids, in report order (public API: reports and user code key on them).
THERAPY_IDS: tuple[str, ...] = tuple(option.id for option in THERAPIES)

#: Trial archetype option ids, in report order (public API).
TRIAL_IDS: tuple[str, ...] = tuple(option.id for option in TRIALS)

#: Every option id of the default ruleset, therapies first.
CATALOGUE_IDS: tuple[str, ...] = THERAPY_IDS + TRIAL_IDS

#: Name of the default ruleset: the review as of December 2022.
DEFAULT_RULESET_NAME = "review-2022-12"


@functools.cache
def default_ruleset() -> Ruleset:
    """The default ruleset, ``review-2022-12`` (built once; a ruleset is an immutable value).

    It encodes the review (literature through December 2022) with the US and EU labels as
    in force on 2022-12-31 and the confirmed entry criteria of the review's trials.
    """
    return Ruleset(
        name=DEFAULT_RULESET_NAME,
        version="2.0.0",
        effective=date(2022, 12, 31),
        description=(
            "Treatment of relapsed or refractory ALL in adults (literature through December"
            " 2022), with US and EU labels as in force on 2022-12-31 and the confirmed entry"
            " criteria of the review's trials."
        ),
        options=(*THERAPIES, *TRIALS),
    )
