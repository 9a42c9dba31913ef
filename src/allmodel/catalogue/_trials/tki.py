"""TKI trial archetypes in Ph-positive ALL: dasatinib (START-L, CA180-035), ponatinib
phase 1 and hyper-CVAD + dasatinib.

Entry criteria from REFERENCE-B sections 14-17 (clinical reference decision 9).
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    adult,
    fit_for_intensive_arm,
    flag,
    imatinib_failed,
    in_relapse,
    ph_positive,
    relapsed_or_refractory,
    trial,
)
from allmodel.catalogue._trials._legacy_citations import ref_b, review
from allmodel.criteria import All

__all__ = ["DASATINIB_PHASE2", "DASATINIB_SCHEDULE", "HYPERCVAD_DASATINIB", "PONATINIB_PHASE1"]

_WHICH_TKI = (
    "Imatinib resistance or intolerance: imatinib received and a TKI line stopped for"
    " resistance or intolerance (or relapse on it); no fact says which TKI failed, so a"
    " later TKI's failure also counts."
)

# --- START-L, CA180-015 (REFERENCE-B 14) ----------------------------------------------

_S37 = ref_b(14, "S37")

DASATINIB_PHASE2 = trial(
    id="dasatinib_phase2",
    name="START-L (CA180-015): dasatinib in Ph-positive ALL after imatinib failure",
    citations=(review(53), ref_b(14, "S37", "S38")),
    criteria=All(
        id="dasatinib_phase2",
        text="START-L entry criteria",
        citations=(_S37, review(53)),
        parts=(
            adult(ref_b(14, "S38") + ": adults"),
            ph_positive(_S37, review(53)),
            imatinib_failed(ref_b(14, "S37", "S38"), review(53)),
            flag(
                "prior_intensive_chemotherapy",
                "previously treated with standard (intensive) induction or consolidation"
                " chemotherapy",
                review(53),
                id="prior_standard_chemotherapy",
            ),
        ),
    ),
    notes=(
        "Registry: sponsor protocol CA180-015 (the publication: 'registered ... as"
        " #CA180015'); no NCT number was found (REFERENCE-B 14, open check 4).",
        _WHICH_TKI,
        "Prior standard induction or consolidation chemotherapy is stated only by the review"
        " and is read as intensive combination chemotherapy received.",
        "Adults: read as 18 or over (the numeric bound is unconfirmed; interim cohort aged"
        " 20-84). Prior SCT was allowed (43 % of the interim cohort). The CML lymphoid blast"
        " crisis cohort of the same study is outside this archetype.",
        "Unconfirmed, so left out (decision 9; categories to check): CNS, cardiac/QTc,"
        " pleural effusion, organ function.",
    ),
)

# --- CA180-035 (REFERENCE-B 15) -------------------------------------------------------

_S39 = ref_b(15, "S39")

DASATINIB_SCHEDULE = trial(
    id="dasatinib_schedule",
    name="CA180-035: dasatinib 140 mg once daily vs 70 mg twice daily (Ph-positive ALL stratum)",
    citations=(review(54), ref_b(15, "S39", "S40")),
    registry_ids=("NCT00123487",),
    criteria=All(
        id="dasatinib_schedule",
        text="CA180-035 entry criteria (Ph-positive ALL)",
        citations=(_S39, review(54)),
        parts=(
            ph_positive(_S39, review(54)),
            imatinib_failed(_S39, review(54)),
        ),
    ),
    notes=(
        "Registry: NCT00123487 (protocol CA180-035); the trial also had CML accelerated and"
        " blast phase strata, outside this archetype.",
        _WHICH_TKI,
        "Unconfirmed, so left out (decision 9): age bounds, ECOG, organ function; no"
        " exclusion is confirmed.",
    ),
)

# --- ponatinib phase 1 (REFERENCE-B 16) -----------------------------------------------

_S41 = ref_b(16, "S41")

PONATINIB_PHASE1 = trial(
    id="ponatinib_phase1",
    name="Ponatinib (AP24534) phase 1 in resistant Ph-positive leukaemias (Cortes, ref 55)",
    citations=(review(55), _S41),
    criteria=All(
        id="ponatinib_phase1",
        text="ponatinib phase 1 entry criteria (Ph-positive ALL)",
        citations=(_S41, review(55)),
        parts=(
            ph_positive(_S41, review(55)),
            relapsed_or_refractory(_S41 + " (resistant disease)", review(55)),
        ),
    ),
    notes=(
        "Registry: NCT00660920 could not be verified (REFERENCE-B 16, open check 4); no id is"
        " attached.",
        "Resistant disease is read as relapsed or refractory ALL. Prior TKI exposure is"
        " descriptive (91 % of Ph-positive patients had >= 2 approved TKIs), not a criterion.",
        "BCR-ABL1 T315I is allowed (responses in T315I patients); the review states only"
        " ponatinib is active against T315I.",
        "Unconfirmed, so left out (decision 9): age, ECOG, organ function; exclusions"
        " (categories to check): pancreatitis history, cardiovascular history.",
    ),
)

# --- hyper-CVAD + dasatinib, MDACC (REFERENCE-B 17) -----------------------------------

_S43 = ref_b(17, "S43")

HYPERCVAD_DASATINIB = trial(
    id="hypercvad_dasatinib",
    name="Hyper-CVAD + dasatinib in relapsed Ph-positive ALL (Benjamini, ref 56)",
    citations=(review(56), ref_b(17, "S42", "S43")),
    criteria=All(
        id="hypercvad_dasatinib",
        text="hyper-CVAD + dasatinib entry criteria (Ph-positive ALL)",
        citations=(_S43, review(56)),
        parts=(
            ph_positive(_S43, review(56)),
            in_relapse(_S43, review(56), text="relapsed disease"),
            fit_for_intensive_arm(review(56) + ": hyper-CVAD"),
        ),
    ),
    notes=(
        "Registry: not confirmed. NCT00390793 is probably the MDACC frontline hyper-CVAD +"
        " dasatinib study (listing 'ages 18 and up'); whether the relapsed cohort of ref 56"
        " was registered under it is unconfirmed (REFERENCE-B 17). No id is attached.",
        "CNS involvement was not excluded (3 of 14 interim patients). Prior hyper-CVAD,"
        " imatinib, TKI monotherapy, investigational agents and transplantation were allowed.",
        "Interim ages 21-69; numeric age bounds are unconfirmed and left out. The CML"
        " lymphoid blast phase cohort is outside this archetype.",
        "No exclusion is confirmed. Hyper-CVAD is intensive chemotherapy, so fitness for it"
        " is required (the treating team's current judgement).",
    ),
)
