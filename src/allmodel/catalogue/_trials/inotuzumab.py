"""Inotuzumab ozogamicin trial archetypes: INO-VATE and the phase 1/2 study.

Entry criteria as the trials' registry records, publications and listings give them
(decision 9: would the patient have met them); unconfirmed criteria are listed in the
notes, never encoded.
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
from allmodel.criteria import All, Any, Op

__all__ = ["INOTUZUMAB_PHASE12", "INO_VATE"]

_EXCLUSIONS_TO_CHECK = (
    "Burkitt/mature B, isolated extramedullary disease, active CNS disease, allogeneic HSCT"
    " within N months, active GVHD, hepatic disease or VOD history (the review notes the"
    " hepatic / sinusoidal obstruction risk)"
)

# --- INO-VATE --------------------------------------------------------------------------

#: The INO-VATE registry record (a site listing of protocol B1931022 gives its design and
#: eligibility summary), and the label's account of the study design as a Besponsa
#: advertisement reproduces it.
_RECORD = "nct01564784"
_DESIGN = "web-ashclinicalnews-besponsa-ino-vate-design"
#: Ph-positive patients had failed a TKI and standard chemotherapy.
_PH = (_DESIGN, "web-pharma-asset-besponsa-approval")

INO_VATE = trial(
    id="ino_vate",
    name="INO-VATE ALL: inotuzumab ozogamicin vs investigator's choice, R/R CD22-positive ALL",
    citations=(
        "review-ref-10",
        "nct01564784",
        "eudract-2011-005491-41",
        "pub-kantarjian-2019-cancer",
        "web-ashclinicalnews-besponsa-ino-vate-design",
        "web-ashpublications-ino-vate-genomics",
        "web-paperexplained-ino-vate-abstract-7028",
        "web-pharma-asset-besponsa-approval",
    ),
    registry_ids=("NCT01564784",),
    criteria=All(
        id="ino_vate",
        text="INO-VATE entry criteria",
        citations=(_RECORD, _DESIGN),
        parts=(
            adult(_RECORD),
            b_precursor(_DESIGN, "pub-kantarjian-2019-cancer"),
            cd22_positive(_RECORD, "eudract-2011-005491-41"),
            relapsed_or_refractory(_DESIGN, "review-ref-10"),
            threshold(
                "salvage_lines",
                Op.LE,
                1,
                "count",
                "due for salvage 1 or 2 (at most one earlier salvage line)",
                _RECORD,
                _DESIGN,
                id="salvage_1_or_2",
            ),
            threshold(
                "marrow_blasts_percent",
                Op.GE,
                5,
                "%",
                "marrow blasts >= 5 %",
                _DESIGN,
                id="marrow_blasts",
            ),
            fit_for_intensive_arm(_DESIGN),
            Any(
                id="ph_rule",
                text="Ph-negative, or Ph-positive after failed TKI and standard chemotherapy",
                citations=(_RECORD, *_PH),
                parts=(
                    ph_negative(_RECORD),
                    All(
                        id="ph_positive_after_tki_and_chemotherapy",
                        text="Ph-positive with a failed TKI and prior standard chemotherapy",
                        citations=_PH,
                        parts=(
                            ph_positive(_RECORD),
                            count_at_least(
                                "tki_failures", 1, "at least one TKI failed", *_PH, id="tki_failed"
                            ),
                            flag(
                                "prior_intensive_chemotherapy",
                                "had standard (intensive combination) chemotherapy",
                                *_PH,
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
        "Enrolment caps, not eligibility: salvage 2 at one third, Ph-positive at about 20 %"
        " [nct01564784].",
        "Ph-positive: 'failed >= 1 TKI' [web-ashclinicalnews-besponsa-ino-vate-design]"
        " [web-pharma-asset-besponsa-approval] counts resistance or intolerance; 'failed"
        " standard chemotherapy' is read as intensive combination chemotherapy received, the"
        " failure being the relapsed or refractory disease itself.",
        "CD22 positivity is the laboratory's call; the trial's CD22 threshold (% of blasts) is"
        " unconfirmed. MRD < 0.01 % by central flow was a response measure, not an entry"
        " criterion [web-paperexplained-ino-vate-abstract-7028].",
        "Unconfirmed, so left out [decision-9]: ECOG, organ function; exclusions (categories"
        " to check): " + _EXCLUSIONS_TO_CHECK + ".",
        "The comparator arm was intensive chemotherapy (FLAG, high-dose cytarabine, or"
        " cytarabine with mitoxantrone) [web-ashclinicalnews-besponsa-ino-vate-design], so"
        " fitness for it is required (the treating team's current judgement; the review sends"
        " frail or comorbid patients to palliation instead [review-remission-induction]).",
        "Population per the review: the first 218 randomised (ITT218) of 326 [review-ref-10]"
        " [web-paperexplained-ino-vate-abstract-7028].",
    ),
)

# --- phase 1/2 -------------------------------------------------------------------------

#: The phase 1/2 publication (review ref 25), which gives the registration NCT01363297.
_PAPER = "review-ref-25"

INOTUZUMAB_PHASE12 = trial(
    id="inotuzumab_phase12",
    name="Inotuzumab ozogamicin phase 1/2 in R/R CD22-positive ALL (DeAngelo, ref 25)",
    citations=(_PAPER, "nct01363297"),
    registry_ids=("NCT01363297",),
    criteria=All(
        id="inotuzumab_phase12",
        text="inotuzumab phase 1/2 entry criteria",
        citations=(_PAPER,),
        parts=(
            adult(_PAPER),
            relapsed_or_refractory(_PAPER),
            b_precursor("review-ref-23", "review-ref-24"),
            cd22_positive(_PAPER),
        ),
    ),
    notes=(
        "Adults (in the title of ref 25 [review-ref-25]): read as 18 or over (the numeric"
        " bound is unconfirmed).",
        "CD22 positivity is the laboratory's call; the CD22 threshold is unconfirmed.",
        "B lineage is not a written criterion in the sources read, but follows from the"
        " CD22 requirement: CD22 is a B-cell molecule [review-ref-23] [review-ref-24], so"
        " T-lineage disease is decided by its lineage without asking for a CD22 result.",
        "Unconfirmed, so left out [decision-9]: Ph handling, salvage line, marrow blasts,"
        " ECOG; exclusions (categories to check, as for INO-VATE): " + _EXCLUSIONS_TO_CHECK + ".",
    ),
)
