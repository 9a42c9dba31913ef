"""The registry of rulesets, and the option ids of the catalogue (public API).

The default ruleset, ``review-2022-12``, holds every therapy and trial archetype of the
catalogue (``THERAPY_IDS`` then ``TRIAL_IDS``), built from :mod:`.therapies` and
:mod:`.trials` on first use. Further rulesets (a newer label year, a hospital's own set)
can be registered with :func:`register_ruleset`.
"""

from __future__ import annotations

from datetime import date

from allmodel.eligibility.options import Ruleset
from allmodel.errors import RuleError

__all__ = [
    "CATALOGUE_IDS",
    "DEFAULT_RULESET",
    "THERAPY_IDS",
    "TRIAL_IDS",
    "get_ruleset",
    "register_ruleset",
    "ruleset_names",
]

#: Therapy option ids, in report order (public API: reports and user code key on them).
THERAPY_IDS: tuple[str, ...] = (
    "blinatumomab",
    "blinatumomab_mrd",
    "inotuzumab_ozogamicin",
    "tisagenlecleucel",
    "brexucabtagene_autoleucel",
    "cytarabine_based_salvage",
    "frontline_like_reinduction",
    "clofarabine",
    "clofarabine_cytarabine",
    "alkylator_salvage",
    "nelarabine",
    "liposomal_vincristine",
    "tki_based_therapy",
    "ponatinib",
    "second_generation_tki",
    "cns_directed_therapy",
    "allogeneic_hct",
    "autologous_hct",
    "clinical_trial",
    "palliative_care",
)

#: Trial archetype option ids, in report order (public API).
TRIAL_IDS: tuple[str, ...] = (
    "tower",
    "blinatumomab_phase2_topp",
    "alcantara",
    "blast",
    "ino_vate",
    "inotuzumab_phase12",
    "eliana",
    "msk_19_28z",
    "ctl019_maude",
    "zuma_3",
    "weiss_idarubicin_cytarabine",
    "swog_s0530",
    "calgb_19801",
    "dasatinib_phase2",
    "dasatinib_schedule",
    "ponatinib_phase1",
    "hypercvad_dasatinib",
)

CATALOGUE_IDS: tuple[str, ...] = THERAPY_IDS + TRIAL_IDS

#: Name of the default ruleset: the review as of December 2022.
DEFAULT_RULESET = "review-2022-12"

_registry: dict[str, Ruleset] = {}


def _review_2022_12() -> Ruleset:
    from allmodel.eligibility.therapies import THERAPIES  # noqa: PLC0415  (built on first use)
    from allmodel.eligibility.trials import TRIALS  # noqa: PLC0415

    return Ruleset(
        name=DEFAULT_RULESET,
        version="2.0.0",
        effective=date(2022, 12, 31),
        description=(
            "Treatment of relapsed or refractory ALL in adults (literature through December"
            " 2022), with US and EU labels as in force on 2022-12-31 and the confirmed entry"
            " criteria of the review's trials."
        ),
        options=(*THERAPIES, *TRIALS),
    )


def register_ruleset(ruleset: Ruleset) -> None:
    """Make ``ruleset`` available by name to :func:`get_ruleset` and ``screen``.

    Raises:
        RuleError: A different ruleset is already registered under that name.
    """
    existing = _registry.get(ruleset.name)
    if existing is not None and existing != ruleset:
        raise RuleError(f"a different ruleset named {ruleset.name!r} is already registered")
    _registry[ruleset.name] = ruleset


def get_ruleset(name: str | None = None) -> Ruleset:
    """The ruleset called ``name`` (the default, ``review-2022-12``, when ``None``).

    Raises:
        RuleError: No ruleset has that name.
    """
    wanted = name or DEFAULT_RULESET
    if wanted == DEFAULT_RULESET and wanted not in _registry:
        _registry[wanted] = _review_2022_12()
    try:
        return _registry[wanted]
    except KeyError:
        raise RuleError(
            f"unknown ruleset {wanted!r} (known: {', '.join(ruleset_names())})"
        ) from None


def ruleset_names() -> tuple[str, ...]:
    """Names of the rulesets available (the default first)."""
    return (DEFAULT_RULESET, *sorted(name for name in _registry if name != DEFAULT_RULESET))
