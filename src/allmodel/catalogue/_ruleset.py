"""The catalogue's option lists and ids (public API: reports and user code key on the ids).

The options are listed once, in report order, in :data:`THERAPIES` and :data:`TRIALS`
(each option's id is written only in its own definition); the id tuples derive from those
lists, and so does :func:`~allmodel.catalogue.default_ruleset`.
"""

from __future__ import annotations

from allmodel.catalogue._therapies import THERAPIES
from allmodel.catalogue._trials import TRIALS

__all__ = ["CATALOGUE_IDS", "THERAPIES", "THERAPY_IDS", "TRIALS", "TRIAL_IDS"]

#: Therapy option ids, in report order.
THERAPY_IDS: tuple[str, ...] = tuple(option.id for option in THERAPIES)

#: Trial archetype option ids, in report order.
TRIAL_IDS: tuple[str, ...] = tuple(option.id for option in TRIALS)

#: Every option id of the default ruleset, therapies first.
CATALOGUE_IDS: tuple[str, ...] = THERAPY_IDS + TRIAL_IDS
