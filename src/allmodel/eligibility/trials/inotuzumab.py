"""Inotuzumab ozogamicin trial archetypes: INO-VATE and the phase 1/2 study.

Entry criteria from REFERENCE-B sections 5-6 (clinical reference decision 9).
"""

from __future__ import annotations

from allmodel.eligibility.common import (
    adult,
    b_precursor,
    cd22_positive,
    ph_negative,
    ph_positive,
    relapsed_or_refractory,
    review,
)
from allmodel.eligibility.logic import All, Any, Op
from allmodel.eligibility.trials._shared import flag, rb, threshold, trial

__all__ = ["INOTUZUMAB_PHASE12", "INO_VATE"]

_EXCLUSIONS_TO_CHECK = (
    "Burkitt/mature B, isolated extramedullary disease, active CNS disease, allogeneic HSCT"
    " within N months, active GVHD, hepatic disease or VOD history (the review notes the"
    " hepatic / sinusoidal obstruction risk)"
)

# --- INO-VATE (REFERENCE-B 5) ---------------------------------------------------------

_S13 = rb(5, "S13")
_S47 = rb(5, "S47")
_PH = rb(5, "S47", "S49")

INO_VATE = trial(
    id="ino_vate",
    name="INO-VATE ALL: inotuzumab ozogamicin vs investigator's choice, R/R CD22-positive ALL",
    citations=(review(10), rb(5, "S12", "S13", "S14", "S15", "S47", "S48", "S49")),
    registry_ids=("NCT01564784",),
    criteria=All(
        id="ino_vate",
        text="INO-VATE entry criteria",
        citations=(_S13, _S47),
        parts=(
            adult(_S13),
            b_precursor(rb(5, "S47", "S15")),
            cd22_positive(rb(5, "S13", "S14")),
            relapsed_or_refractory(_S47, review(10)),
            threshold(
                "salvage_1_or_2",
                "due for salvage 1 or 2 (at most one earlier salvage line)",
                "salvage_lines",
                Op.LE,
                1,
                "count",
                rb(5, "S13", "S47"),
            ),
            threshold(
                "marrow_blasts",
                "marrow blasts >= 5 %",
                "marrow_blasts_percent",
                Op.GE,
                5,
                "%",
                _S47,
            ),
            Any(
                id="ph_rule",
                text="Ph-negative, or Ph-positive after failed TKI and standard chemotherapy",
                citations=(rb(5, "S13", "S47", "S49"),),
                parts=(
                    ph_negative(_S13),
                    All(
                        id="ph_positive_after_tki_and_chemotherapy",
                        text="Ph-positive with a failed TKI and prior standard chemotherapy",
                        citations=(_PH,),
                        parts=(
                            ph_positive(_S13),
                            threshold(
                                "tki_failed",
                                "at least one TKI failed",
                                "tki_failures",
                                Op.GE,
                                1,
                                "count",
                                _PH,
                            ),
                            flag(
                                "prior_standard_chemotherapy",
                                "had standard (intensive combination) chemotherapy",
                                "prior_intensive_chemotherapy",
                                _PH,
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Salvage 1 or 2 is read as at most one earlier salvage line (salvage_lines <= 1; a"
        " lower bound when the history is incomplete, which leaves the rule unknown).",
        "Enrolment caps, not eligibility: salvage 2 at one third, Ph-positive at about 20 %.",
        "Ph-positive: 'failed >= 1 TKI' counts resistance or intolerance; 'failed standard"
        " chemotherapy' is read as intensive combination chemotherapy received, the failure"
        " being the relapsed or refractory disease itself.",
        "CD22 positivity is the laboratory's call; the trial's CD22 threshold (% of blasts) is"
        " unconfirmed. MRD < 0.01 % by central flow was a response measure, not an entry"
        " criterion.",
        "Not encoded (unconfirmed): ECOG, organ function; exclusions (categories to check): "
        + _EXCLUSIONS_TO_CHECK
        + ".",
        "Population per the review: the first 218 randomised (ITT218) of 326.",
    ),
)

# --- phase 1/2 (REFERENCE-B 6) --------------------------------------------------------

_S17 = rb(6, "S17")

INOTUZUMAB_PHASE12 = trial(
    id="inotuzumab_phase12",
    name="Inotuzumab ozogamicin phase 1/2 in R/R CD22-positive ALL (DeAngelo, ref 25)",
    citations=(review(25), _S17),
    registry_ids=("NCT01363297",),
    criteria=All(
        id="inotuzumab_phase12",
        text="inotuzumab phase 1/2 entry criteria",
        citations=(_S17,),
        parts=(
            relapsed_or_refractory(_S17, review(25)),
            cd22_positive(_S17),
        ),
    ),
    notes=(
        "Adults (title); the numeric age bound is unconfirmed and not encoded.",
        "CD22 positivity is the laboratory's call; the CD22 threshold is unconfirmed.",
        "Not encoded (unconfirmed): lineage (B-precursor), Ph handling, salvage line, marrow"
        " blasts, ECOG; exclusions (categories to check, as for INO-VATE): "
        + _EXCLUSIONS_TO_CHECK
        + ".",
    ),
)
