"""Hematologic response: classify one marrow and blood assessment as CR, CRh, CRi and so on.

Response criteria are **named sets, not one truth** (decision-2). The
sources disagree on which side of each cut is inclusive: the blinatumomab trial
definitions take marrow blasts ``<= 5 %`` and counts strictly above their cuts, the
CIBMTR 2010 consensus takes blasts strictly ``< 5 %`` and counts at or above theirs
(web-trialsco-nct02412306-results, web-pmc-blinatumomab-efficacy-table,
web-ndf-singapore-blinatumomab; web-pmc-bbmt-2010-all-response-criteria): each set keeps
its source's operators, and they are not harmonised.
Each set is therefore a frozen :class:`ResponseCriteria` object whose every threshold is
also a named module constant citing its source, and :func:`classify_response` takes the
set to apply. The default is :data:`BLINATUMOMAB_TRIALS`, the only set that defines CRh.
It also names CRi (decision-2, revised 2026-12), checked after CR and
CRh: a disease-free marrow with one count at its CR cut (platelets > 100 or ANC > 1.0
x10^9/L, strict), which is the confirmed ASH-table definition (all CR criteria but one
count; web-ashpublications-all-response-criteria); the TOWER CRi wording itself is
unconfirmed. A disease-free marrow with neither
count at its CR cut and no CRh stays "unclassified" in that set: the CIBMTR 2010 CRi,
which specifies no counts, applies only under :data:`CIBMTR_2010`.

Relapse is loss of remission *within the chosen set* (decision-3): in a patient who was in
remission, circulating blasts, extramedullary disease, or marrow blasts that no longer meet
the set's CR blast cut. No source gives a separate marrow number for relapse (the review
gives none; the "(>= 25 %)" printed in the CIBMTR table is not used, and no source read
gives a 5 % relapse cut), so none is encoded. Refractory disease (no response) follows the
review: failure to reach a remission. The review also asks for more than 25 % marrow
cellularity and normal counts; neither named set quantifies cellularity, so it never decides
a category, and a remission called on a marrow of 25 % cellularity or less carries a note
saying so.

Left out, because one assessment cannot show it or the sources do not give it (none of
these is an eligibility condition; they describe response categories): the
TOWER trial's own CRi wording (not found in any source read), CIBMTR's "adequate
cellularity with trilineage hematopoiesis" and "no recurrence for at least 4 weeks", its
partial response, and its progression by extramedullary *burden*.

Missing inputs are handled with three-valued logic: a result is ``UNKNOWN`` only when some
value of the missing inputs would change the answer, and it then names those inputs.
"""

from allmodel.clinical.response._assessment import (
    ResponseAssessment,
    ResponseCategory,
    ResponseResult,
)
from allmodel.clinical.response._classify import classify_response
from allmodel.clinical.response._criteria import (
    BLINATUMOMAB_CR_ANC_ABOVE,
    BLINATUMOMAB_CR_PLATELETS_ABOVE,
    BLINATUMOMAB_CRH_ANC_ABOVE,
    BLINATUMOMAB_CRH_PLATELETS_ABOVE,
    BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW,
    BLINATUMOMAB_TRIALS,
    CIBMTR_2010,
    CIBMTR_CR_ANC_AT_OR_ABOVE,
    CIBMTR_CR_PLATELETS_AT_OR_ABOVE,
    CIBMTR_MARROW_BLASTS_BELOW,
    CIBMTR_PROGRESSION_INCREASE_AT_LEAST,
    REVIEW_MARROW_CELLULARITY_ABOVE,
    ResponseCriteria,
)

__all__ = [
    "BLINATUMOMAB_CRH_ANC_ABOVE",
    "BLINATUMOMAB_CRH_PLATELETS_ABOVE",
    "BLINATUMOMAB_CR_ANC_ABOVE",
    "BLINATUMOMAB_CR_PLATELETS_ABOVE",
    "BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW",
    "BLINATUMOMAB_TRIALS",
    "CIBMTR_2010",
    "CIBMTR_CR_ANC_AT_OR_ABOVE",
    "CIBMTR_CR_PLATELETS_AT_OR_ABOVE",
    "CIBMTR_MARROW_BLASTS_BELOW",
    "CIBMTR_PROGRESSION_INCREASE_AT_LEAST",
    "REVIEW_MARROW_CELLULARITY_ABOVE",
    "ResponseAssessment",
    "ResponseCategory",
    "ResponseCriteria",
    "ResponseResult",
    "classify_response",
]
