"""Criteria for each therapy of the catalogue (review, with US and EU labels as of 2022-12-31).

Each option follows the review for clinical conditions and, for who a drug is approved
for, the label in force on 2022-12-31 in the jurisdiction asked for (decision-1); where
the review states a label differently, the criterion follows the label and its notes say
so, citing both with inline source markers (``[review-blinatumomab] [label-eu-blincyto]``).
The options live in modules by domain:

* :mod:`.immunotherapy` — blinatumomab (relapsed/refractory and MRD), inotuzumab
  ozogamicin;
* :mod:`.car_t` — tisagenlecleucel, brexucabtagene autoleucel;
* :mod:`.chemotherapy` — cytarabine-based salvage, frontline-like reinduction,
  clofarabine (alone and with cytarabine), alkylator salvage, nelarabine, liposomal
  vincristine;
* :mod:`.tki` — TKI-based therapy, ponatinib, second-generation TKIs;
* :mod:`.care` — CNS-directed therapy, allogeneic and autologous HCT, clinical trial,
  palliative care.

:data:`THERAPIES` lists them once, in report order; the option ids derive from it.
"""

from __future__ import annotations

from allmodel.catalogue._coverage import with_coverage
from allmodel.catalogue._therapies.car_t import BREXUCABTAGENE_AUTOLEUCEL, TISAGENLECLEUCEL
from allmodel.catalogue._therapies.care import (
    ALLOGENEIC_HCT,
    AUTOLOGOUS_HCT,
    CLINICAL_TRIAL,
    CNS_DIRECTED_THERAPY,
    PALLIATIVE_CARE,
)
from allmodel.catalogue._therapies.chemotherapy import (
    ALKYLATOR_SALVAGE,
    CLOFARABINE,
    CLOFARABINE_CYTARABINE,
    CYTARABINE_BASED_SALVAGE,
    FRONTLINE_LIKE_REINDUCTION,
    LIPOSOMAL_VINCRISTINE,
    NELARABINE,
)
from allmodel.catalogue._therapies.immunotherapy import (
    BLINATUMOMAB,
    BLINATUMOMAB_MRD,
    INOTUZUMAB_OZOGAMICIN,
)
from allmodel.catalogue._therapies.tki import PONATINIB, SECOND_GENERATION_TKI, TKI_BASED_THERAPY
from allmodel.criteria import Option

__all__ = ["THERAPIES"]

#: Every therapy option, in report order (the one list the ruleset's order comes from).
THERAPIES: tuple[Option, ...] = with_coverage(
    (
        BLINATUMOMAB,
        BLINATUMOMAB_MRD,
        INOTUZUMAB_OZOGAMICIN,
        TISAGENLECLEUCEL,
        BREXUCABTAGENE_AUTOLEUCEL,
        CYTARABINE_BASED_SALVAGE,
        FRONTLINE_LIKE_REINDUCTION,
        CLOFARABINE,
        CLOFARABINE_CYTARABINE,
        ALKYLATOR_SALVAGE,
        NELARABINE,
        LIPOSOMAL_VINCRISTINE,
        TKI_BASED_THERAPY,
        PONATINIB,
        SECOND_GENERATION_TKI,
        CNS_DIRECTED_THERAPY,
        ALLOGENEIC_HCT,
        AUTOLOGOUS_HCT,
        CLINICAL_TRIAL,
        PALLIATIVE_CARE,
    )
)
