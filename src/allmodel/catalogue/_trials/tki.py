"""TKI trial archetypes in Ph-positive ALL: dasatinib (START-L, CA180-035), ponatinib
phase 1 and hyper-CVAD + dasatinib.

Entry criteria as the trials' publications and registry listings give them (decision 9:
would the patient have met them); unconfirmed criteria are listed in the notes, never
encoded.
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
from allmodel.criteria import All

__all__ = ["DASATINIB_PHASE2", "DASATINIB_SCHEDULE", "HYPERCVAD_DASATINIB", "PONATINIB_PHASE1"]

_WHICH_TKI = (
    "Imatinib resistance or intolerance: a line giving imatinib stopped for resistance, did"
    " not respond, or had a relapse on it; or a line of imatinib alone (with or without"
    " corticosteroids) stopped for intolerance (with chemotherapy beside it, which drug was"
    " not tolerated is not recorded: unknown); a later TKI's failure does not count."
)

# --- START-L, CA180-015 ---------------------------------------------------------------

#: The publication (review ref 53), and the interim abstract with the cohort's ages.
_PAPER = "review-ref-53"
_INTERIM = "web-ashpublications-start-l-interim-2005"

DASATINIB_PHASE2 = trial(
    id="dasatinib_phase2",
    name="START-L (CA180-015): dasatinib in Ph-positive ALL after imatinib failure",
    citations=(_PAPER, _INTERIM),
    criteria=All(
        id="dasatinib_phase2",
        text="START-L entry criteria",
        citations=(_PAPER,),
        parts=(
            adult(_INTERIM),
            ph_positive(_PAPER),
            imatinib_failed(_PAPER, _INTERIM),
            flag(
                "prior_intensive_chemotherapy",
                "previously treated with standard (intensive) induction or consolidation"
                " chemotherapy",
                _PAPER,
                id="prior_standard_chemotherapy",
            ),
        ),
    ),
    notes=(
        "Registry: sponsor protocol CA180-015 (the publication: 'registered ... as"
        " #CA180015' [review-ref-53]); no NCT number was found.",
        _WHICH_TKI,
        "Prior standard induction or consolidation chemotherapy is stated only by the review"
        " [review-ref-53] and is read as intensive combination chemotherapy received.",
        "Adults: read as 18 or over (the numeric bound is unconfirmed; interim cohort aged"
        " 20-84). Prior SCT was allowed (43 % of the interim cohort)"
        " [web-ashpublications-start-l-interim-2005]. The CML lymphoid blast crisis cohort of"
        " the same study is outside this archetype.",
        "Unconfirmed, so left out [decision-9] (categories to check): CNS, cardiac/QTc,"
        " pleural effusion, organ function.",
    ),
)

# --- CA180-035 -------------------------------------------------------------------------

#: The CA180-035 registry record (official title and strata read in a listing of it).
_RECORD = "nct00123487"

DASATINIB_SCHEDULE = trial(
    id="dasatinib_schedule",
    name="CA180-035: dasatinib 140 mg once daily vs 70 mg twice daily (Ph-positive ALL stratum)",
    citations=("review-ref-54", _RECORD, "web-ashpublications-ca180-035-ap-cml-2009"),
    registry_ids=("NCT00123487",),
    criteria=All(
        id="dasatinib_schedule",
        text="CA180-035 entry criteria (Ph-positive ALL)",
        citations=(_RECORD, "review-ref-54"),
        parts=(
            ph_positive(_RECORD, "review-ref-54"),
            imatinib_failed(_RECORD, "review-ref-54"),
        ),
    ),
    notes=(
        "Registry: NCT00123487 [nct00123487] (protocol CA180-035"
        " [web-ashpublications-ca180-035-ap-cml-2009]); the trial also had CML accelerated and"
        " blast phase strata, outside this archetype.",
        _WHICH_TKI,
        "Unconfirmed, so left out [decision-9]: age bounds, ECOG, organ function; no"
        " exclusion is confirmed.",
    ),
)

# --- ponatinib phase 1 -----------------------------------------------------------------

#: The publication (review ref 55), whose abstract describes the patients treated.
_PONATINIB = "review-ref-55"

PONATINIB_PHASE1 = trial(
    id="ponatinib_phase1",
    name="Ponatinib (AP24534) phase 1 in resistant Ph-positive leukaemias (Cortes, ref 55)",
    citations=(_PONATINIB,),
    criteria=All(
        id="ponatinib_phase1",
        text="ponatinib phase 1 entry criteria (Ph-positive ALL)",
        citations=(_PONATINIB,),
        parts=(
            ph_positive(_PONATINIB),
            relapsed_or_refractory(_PONATINIB, text="relapsed or refractory (resistant) disease"),
        ),
    ),
    notes=(
        "Registry: NCT00660920 could not be verified; no id is attached.",
        "Resistant disease [review-ref-55] is read as relapsed or refractory ALL. Prior TKI"
        " exposure is descriptive (91 % of Ph-positive patients had >= 2 approved TKIs), not a"
        " criterion.",
        "BCR-ABL1 T315I is allowed (responses in T315I patients) [review-ref-55]; the review"
        " states only ponatinib is active against T315I"
        " [review-philadelphia-chromosome-positive-all].",
        "Unconfirmed, so left out [decision-9]: age, ECOG, organ function; exclusions"
        " (categories to check): pancreatitis history, cardiovascular history.",
    ),
)

# --- hyper-CVAD + dasatinib, MDACC -------------------------------------------------------

#: The interim meeting abstract of the relapsed cohort.
_ABSTRACT = "web-ashpublications-hypercvad-dasatinib-2008"

HYPERCVAD_DASATINIB = trial(
    id="hypercvad_dasatinib",
    name="Hyper-CVAD + dasatinib in relapsed Ph-positive ALL (Benjamini, ref 56)",
    citations=("review-ref-56", "web-clinicaltrialsgps-mdacc-hypercvad-dasatinib", _ABSTRACT),
    criteria=All(
        id="hypercvad_dasatinib",
        text="hyper-CVAD + dasatinib entry criteria (Ph-positive ALL)",
        citations=(_ABSTRACT, "review-ref-56"),
        parts=(
            ph_positive(_ABSTRACT, "review-ref-56"),
            in_relapse(_ABSTRACT, "review-ref-56", text="relapsed disease"),
            fit_for_intensive_arm("review-ref-56"),
        ),
    ),
    notes=(
        "Registry: not confirmed. NCT00390793 is probably the MDACC frontline hyper-CVAD +"
        " dasatinib study (listing 'ages 18 and up'"
        " [web-clinicaltrialsgps-mdacc-hypercvad-dasatinib]); whether the relapsed cohort of"
        " ref 56 [review-ref-56] was registered under it is unconfirmed. No id is attached.",
        "CNS involvement was not excluded (3 of 14 interim patients"
        " [web-ashpublications-hypercvad-dasatinib-2008]). Prior hyper-CVAD,"
        " imatinib, TKI monotherapy, investigational agents and transplantation were allowed.",
        "Interim ages 21-69; numeric age bounds are unconfirmed and left out. The CML"
        " lymphoid blast phase cohort is outside this archetype.",
        "No exclusion is confirmed. Hyper-CVAD is intensive chemotherapy, so fitness for it"
        " is required (the treating team's current judgement; the review sends frail or"
        " comorbid patients to palliation instead [review-remission-induction]).",
    ),
)
