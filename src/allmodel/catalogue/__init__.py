"""The catalogue: the review's therapies and trial archetypes, encoded as criteria.

:func:`default_ruleset` returns the ruleset ``review-2022-12`` (US and EU labels as in
force on 2022-12-31); :data:`CATALOGUE_IDS` are its option ids in report order (public
API: reports and user code key on them), :data:`THERAPY_IDS` then :data:`TRIAL_IDS`.
"""

from allmodel.catalogue._ruleset import (
    CATALOGUE_IDS,
    DEFAULT_RULESET_NAME,
    THERAPIES,
    THERAPY_IDS,
    TRIAL_IDS,
    TRIALS,
    default_ruleset,
)

__all__ = [
    "CATALOGUE_IDS",
    "DEFAULT_RULESET_NAME",
    "THERAPIES",
    "THERAPY_IDS",
    "TRIALS",
    "TRIAL_IDS",
    "default_ruleset",
]
