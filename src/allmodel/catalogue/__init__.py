"""The catalogue: the review's therapies and trial archetypes, encoded as criteria.

:func:`default_ruleset` returns the ruleset ``review-2022-12`` (US and EU labels as in
force on 2022-12-31); :data:`CATALOGUE_IDS` are its option ids in report order (public
API: reports and user code key on them), :data:`THERAPY_IDS` then :data:`TRIAL_IDS`;
:data:`THERAPIES` and :data:`TRIALS` are the options themselves.

The package data file ``coverage/trials.json`` maps every entry criterion of each trial
archetype's sources to the criteria node that encodes it, or says why none does.

The options are built when first asked for (an attribute of this package, or
:func:`default_ruleset`), not when ``allmodel`` is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING as _TYPE_CHECKING

from allmodel.catalogue._default import DEFAULT_RULESET_NAME, default_ruleset

if _TYPE_CHECKING:
    from allmodel.catalogue._ruleset import (
        CATALOGUE_IDS,
        THERAPIES,
        THERAPY_IDS,
        TRIAL_IDS,
        TRIALS,
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

_BUILT_ON_FIRST_USE = frozenset(
    {"CATALOGUE_IDS", "THERAPIES", "THERAPY_IDS", "TRIALS", "TRIAL_IDS"}
)


def __getattr__(name: str) -> object:
    """The option lists and ids, built on first use (PEP 562)."""
    if name in _BUILT_ON_FIRST_USE:
        from allmodel.catalogue import _ruleset  # noqa: PLC0415  (the options, on first use)

        value = getattr(_ruleset, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
