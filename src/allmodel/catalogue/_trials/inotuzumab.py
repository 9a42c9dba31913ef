"""Inotuzumab ozogamicin trial archetypes: INO-VATE and the phase 1/2 study.

Entry criteria from REFERENCE-B sections 5-6 (clinical reference decision 9).
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    adult,
    b_precursor,
    cd22_positive,
    count_at_least,
    fit_for_intensive_arm,
    flag,
    ph_negative,
    ph_positive,
    relapsed_or_refractory,
    threshold,
    trial,
)
from allmodel.catalogue._trials._legacy_citations import ref_b, review
from allmodel.criteria import All, Any, Op

__all__ = ["INOTUZUMAB_PHASE12", "INO_VATE"]

_EXCLUSIONS_TO_CHECK = (
    "Burkitt/mature B, isolated extramedullary disease, active CNS disease, allogeneic HSCT"
    " within N months, active GVHD, hepatic disease or VOD history (the review notes the"
    " hepatic / sinusoidal obstruction risk)"
)

# --- INO-VATE (REFERENCE-B 5) ---------------------------------------------------------

_S13 = ref_b(5, "S13")
_S47 = ref_b(5, "S47")
_PH = ref_b(5, "S47", "S49")

INO_VATE = trial(
    id="ino_vate",
    name="INO-VATE ALL: inotuzumab ozogamicin vs investigator's choice, R/R CD22-positive ALL",
    citations=(review(10), ref_b(5, "S12", "S13", "S14", "S15", "S47", "S48", "S49")),
    registry_ids=("NCT01564784",),
    criteria=All(
        id="ino_vate",
        text="INO-VATE entry criteria",
        citations=(_S13, _S47),
        parts=(
            adult(_S13),
            b_precursor(ref_b(5, "S47", "S15")),
            cd22_positive(ref_b(5, "S13", "S14")),
            relapsed_or_refractory(_S47, review(10)),
            threshold(
                "salvage_lines",
                Op.LE,
                1,
                "count",
                "due for salvage 1 or 2 (at most one earlier salvage line)",
                ref_b(5, "S13", "S47"),
                id="salvage_1_or_2",
            ),
            threshold(
                "marrow_blasts_percent",
                Op.GE,
                5,
                "%",
                "marrow blasts >= 5 %",
                _S47,
                id="marrow_blasts",
            ),
            fit_for_intensive_arm(
                _S47 + ": comparator FLAG, high-dose cytarabine or cytarabine with mitoxantrone"
            ),
            Any(
                id="ph_rule",
                text="Ph-negative, or Ph-positive after failed TKI and standard chemotherapy",
                citations=(ref_b(5, "S13", "S47", "S49"),),
                parts=(
                    ph_negative(_S13),
                    All(
                        id="ph_positive_after_tki_and_chemotherapy",
                        text="Ph-positive with a failed TKI and prior standard chemotherapy",
                        citations=(_PH,),
                        parts=(
                            ph_positive(_S13),
                            count_at_least(
                                "tki_failures", 1, "at least one TKI failed", _PH, id="tki_failed"
                            ),
                            flag(
                                "prior_intensive_chemotherapy",
                                "had standard (intensive combination) chemotherapy",
                                _PH,
                                id="prior_standard_chemotherapy",
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
        "Unconfirmed, so left out (decision 9): ECOG, organ function; exclusions (categories"
        " to check): " + _EXCLUSIONS_TO_CHECK + ".",
        "The comparator arm was intensive chemotherapy (FLAG, high-dose cytarabine, or"
        " cytarabine with mitoxantrone), so fitness for it is required (the treating team's"
        " current judgement).",
        "Population per the review: the first 218 randomised (ITT218) of 326.",
    ),
)

# --- phase 1/2 (REFERENCE-B 6) --------------------------------------------------------

_S17 = ref_b(6, "S17")

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
            adult(_S17 + ": adults (title)"),
            relapsed_or_refractory(_S17, review(25)),
            b_precursor(
                review(23, 24) + ": CD22 is restricted to B cells, so T-lineage blasts cannot"
                " meet the CD22 requirement"
            ),
            cd22_positive(_S17),
        ),
    ),
    notes=(
        "Adults (title): read as 18 or over (the numeric bound is unconfirmed).",
        "CD22 positivity is the laboratory's call; the CD22 threshold is unconfirmed.",
        "B lineage is not a written criterion in the sources read, but follows from the"
        " CD22 requirement: CD22 is a B-cell molecule (review refs 23, 24), so T-lineage"
        " disease is decided by its lineage without asking for a CD22 result.",
        "Unconfirmed, so left out (decision 9): Ph handling, salvage line, marrow blasts,"
        " ECOG; exclusions (categories to check, as for INO-VATE): " + _EXCLUSIONS_TO_CHECK + ".",
    ),
)
