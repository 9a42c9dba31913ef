"""Entry criteria of the review's trial archetypes, as would-have-been-eligible rules.

Each archetype answers "would this patient have met the trial's entry criteria"
(decision 9): a confirmed criterion cites the sources it was read in, as source ids
(the registry record ``nct02614066``, a publication or web page such as
``web-tecartushcp-zuma3-design``, a reference of the review ``review-ref-36``); a
criterion known only from the review cites the review; unconfirmed exclusions, and
confirmed criteria that no fact can express, are left out and listed in the option's
notes. Registry ids are attached only when confirmed; the others are named in the notes.

The archetypes live in one module per domain: :mod:`.blinatumomab`, :mod:`.inotuzumab`,
:mod:`.car_t`, :mod:`.chemotherapy` and :mod:`.tki`.
"""

from __future__ import annotations

from allmodel.catalogue._coverage import with_coverage
from allmodel.catalogue._trials.blinatumomab import (
    ALCANTARA,
    BLAST,
    BLINATUMOMAB_PHASE2_TOPP,
    TOWER,
)
from allmodel.catalogue._trials.car_t import CTL019_MAUDE, ELIANA, MSK_19_28Z, ZUMA_3
from allmodel.catalogue._trials.chemotherapy import (
    CALGB_19801,
    SWOG_S0530,
    WEISS_IDARUBICIN_CYTARABINE,
)
from allmodel.catalogue._trials.inotuzumab import INO_VATE, INOTUZUMAB_PHASE12
from allmodel.catalogue._trials.tki import (
    DASATINIB_PHASE2,
    DASATINIB_SCHEDULE,
    HYPERCVAD_DASATINIB,
    PONATINIB_PHASE1,
)
from allmodel.criteria import Option

__all__ = ["TRIALS"]

#: The trial archetypes, in report order (the one list the ruleset's order comes from).
TRIALS: tuple[Option, ...] = with_coverage(
    (
        TOWER,
        BLINATUMOMAB_PHASE2_TOPP,
        ALCANTARA,
        BLAST,
        INO_VATE,
        INOTUZUMAB_PHASE12,
        ELIANA,
        MSK_19_28Z,
        CTL019_MAUDE,
        ZUMA_3,
        WEISS_IDARUBICIN_CYTARABINE,
        SWOG_S0530,
        CALGB_19801,
        DASATINIB_PHASE2,
        DASATINIB_SCHEDULE,
        PONATINIB_PHASE1,
        HYPERCVAD_DASATINIB,
    )
)
