"""Chemotherapy trial archetypes: Weiss (cytarabine + idarubicin), SWOG S0530, CALGB 19801.

Entry criteria as the trials' registry listings and publications give them (decision 9:
would the patient have met them); unconfirmed criteria are listed in the notes, never
encoded.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    absent,
    adult,
    age_at_least,
    count_at_least,
    fit_for_intensive_arm,
    flag,
    imatinib_failed,
    not_,
    one_of,
    ph_negative,
    ph_positive,
    relapsed_or_refractory,
    t_lineage,
    threshold,
    trial,
)
from allmodel.criteria import All, Any, Is, Op
from allmodel.model import Lineage, Sex

__all__ = ["CALGB_19801", "SWOG_S0530", "WEISS_IDARUBICIN_CYTARABINE"]

#: The review sends frail or comorbid patients to palliation rather than intensive
#: induction (remission induction); a trial that gives intensive chemotherapy inherits
#: that condition. Cited first on the fitness criterion.

# --- Weiss, MSKCC ----------------------------------------------------------------------

#: The publication (review ref 41), whose abstract gives the patients treated.
_PAPER = "review-ref-41"

WEISS_IDARUBICIN_CYTARABINE = trial(
    id="weiss_idarubicin_cytarabine",
    name="High-dose cytarabine + single high-dose idarubicin in recurrent or refractory ALL"
    " (Weiss, ref 41)",
    citations=(_PAPER, "pub-weiss-1998-leukemia"),
    criteria=All(
        id="weiss_idarubicin_cytarabine",
        text="Weiss cytarabine + idarubicin entry criteria",
        citations=(_PAPER,),
        parts=(
            adult(_PAPER),
            relapsed_or_refractory(_PAPER),
            count_at_least(
                "prior_regimens",
                1,
                "previously treated (at least one line)",
                _PAPER,
                id="previously_treated",
            ),
            fit_for_intensive_arm(_PAPER),
        ),
    ),
    notes=(
        "No registry record was found: a single-institution series published in 2002"
        " [review-ref-41].",
        "Adults: read as 18 or over (the sources give no other number). Lineage and Ph status"
        " were not restricted in the abstract (9 of 18 were Ph-positive in the phase I"
        " [pub-weiss-1998-leukemia]).",
        "No exclusion is confirmed. LVEF fell in 2 patients with much prior anthracycline:"
        " prior anthracycline exposure and cardiac function are covariates to weigh, not"
        " exclusions in the sources read.",
        "The regimen (high-dose cytarabine with idarubicin 40 mg/m2 [review-ref-41]) is"
        " intensive chemotherapy, so fitness for it is required (the treating team's current"
        " judgement; the review sends frail or comorbid patients to palliation instead"
        " [review-remission-induction]).",
    ),
)

# --- SWOG S0530 ------------------------------------------------------------------------

#: The S0530 registry record, read in registry-derived listings of it.
_RECORD = "nct00337168"

SWOG_S0530 = trial(
    id="swog_s0530",
    name="SWOG S0530: clofarabine + cytarabine in relapsed or refractory ALL",
    citations=("review-ref-46", "nct00337168"),
    registry_ids=("NCT00337168",),
    criteria=All(
        id="swog_s0530",
        text="SWOG S0530 entry criteria",
        citations=(_RECORD,),
        parts=(
            adult(_RECORD),
            one_of(
                "lineage",
                (Lineage.B_PRECURSOR, Lineage.T),
                "B or T lineage by immunophenotyping",
                _RECORD,
            ),
            relapsed_or_refractory(_RECORD, "review-ref-46"),
            absent(
                "isolated_extramedullary_relapse",
                "extramedullary-only disease (ALL must be in marrow or blood)",
                _RECORD,
            ),
            Any(
                id="ph_rule",
                text="Ph-negative, or Ph-positive after imatinib failure or intolerance",
                citations=(_RECORD,),
                parts=(
                    ph_negative(_RECORD),
                    All(
                        id="ph_positive_after_imatinib",
                        text="Ph-positive, imatinib received and failed or not tolerated",
                        citations=(_RECORD,),
                        parts=(ph_positive(_RECORD), imatinib_failed(_RECORD)),
                    ),
                ),
            ),
            threshold("ecog", Op.LE, 2, None, "Zubrod (ECOG) 0-2", _RECORD, id="zubrod"),
            threshold(
                "creatinine_x_uln",
                Op.LE,
                1.5,
                "x ULN",
                "creatinine <= 1.5 x ULN",
                _RECORD,
                id="creatinine",
            ),
            Any(
                id="transaminases",
                text="AST or ALT <= 1.5 x ULN",
                citations=(_RECORD,),
                parts=(
                    threshold(
                        "ast_x_uln", Op.LE, 1.5, "x ULN", "AST <= 1.5 x ULN", _RECORD, id="ast"
                    ),
                    threshold(
                        "alt_x_uln", Op.LE, 1.5, "x ULN", "ALT <= 1.5 x ULN", _RECORD, id="alt"
                    ),
                ),
            ),
            threshold(
                "bilirubin_x_uln",
                Op.LE,
                1.5,
                "x ULN",
                "bilirubin <= 1.5 x ULN",
                _RECORD,
                id="bilirubin",
            ),
            absent("burkitt", "L3 (Burkitt) ALL", _RECORD),
            absent(
                "psychiatric_disorder",
                "a psychiatric disorder that would interfere with compliance",
                _RECORD,
            ),
            absent(
                "active_infection",
                "uncontrolled infection (the listing names systemic fungal infection)",
                _RECORD,
            ),
            fit_for_intensive_arm("review-ref-46"),
            absent("cns_involved", "CNS involvement", _RECORD),
        ),
    ),
    notes=(
        "Registry: NCT00337168 [nct00337168] (the 'NCT00361322?' of an earlier brief is not"
        " this trial).",
        "Adults ('adult patients' in the primary objective): read as 18 or over (the numeric"
        " lower bound is unconfirmed).",
        "Lineage: mixed B/T lineage is allowed by the listing but is not a lineage category"
        " of the model; the exclusions of M0 AML and mixed-lineage leukaemia are covered only"
        " by requiring B or T lineage. Myeloid co-expression (CD13/CD33) is allowed.",
        "ALL in marrow or blood: no blast threshold is stated; it is read as 'not an"
        " extramedullary-only relapse'.",
        "AST or ALT is encoded as worded (either within 1.5 x ULN); a reading that requires"
        " both would be stricter.",
        "Ph-positive: required only if previously eligible for imatinib; that condition is"
        " not a fact, so every Ph-positive patient must have failed imatinib (a line giving"
        " it stopped for resistance or intolerance).",
        "CNS involvement: the listing asks for a lumbar puncture only with CNS history or"
        " signs; unknown CSF status leaves the rule unknown.",
        "Psychiatric disorder that would interfere with compliance is a recorded condition."
        " Uncontrolled systemic fungal infection (the listing is cut off there) is read as"
        " the broader recorded 'active or serious infection', which excludes at least every"
        " patient the trial excluded.",
        "Co-registration on SWOG S9910 and S9007 (banking, cytogenetics) is an enrolment"
        " step that excludes no patient.",
        "Burkitt is decided by the recorded lineage (B-precursor and T are precursor"
        " lineages; Burkitt is mature B) without asking for a separate record.",
    ),
)

# --- CALGB 19801 -----------------------------------------------------------------------

#: The registry listing of NCT00003545, matched to ref 50 by subject and phase only.
_LISTING = "nct00003545"


def _due_to_leukemia(value: str, judgement: str) -> Is:
    """The listing's exception to its ``value`` limit, read from the treating team's
    recorded ``judgement`` for that organ: a value out of range is unknown until it is
    recorded."""
    return flag(
        judgement,
        f"out-of-range {value} judged due to the leukaemia",
        _LISTING,
        id=f"{value.replace(' ', '_')}_due_to_leukemia",
    )


CALGB_19801 = trial(
    id="calgb_19801",
    name="CALGB 19801: nelarabine (506U78) in R/R T-lineage ALL or lymphoblastic lymphoma",
    citations=("review-ref-50", _LISTING),
    criteria=All(
        id="calgb_19801",
        text="CALGB 19801 entry criteria",
        citations=(_LISTING,),
        parts=(
            age_at_least(16, _LISTING, id="age"),
            t_lineage(_LISTING, "review-ref-50"),
            relapsed_or_refractory(_LISTING, "review-ref-50"),
            Any(
                id="bilirubin_unless_leukemia",
                text="bilirubin <= 2 x ULN, unless due to leukaemia",
                citations=(_LISTING,),
                parts=(
                    threshold(
                        "bilirubin_x_uln",
                        Op.LE,
                        2,
                        "x ULN",
                        "bilirubin <= 2 x ULN",
                        _LISTING,
                        id="bilirubin",
                    ),
                    _due_to_leukemia("bilirubin", "hepatic_dysfunction_due_to_leukemia"),
                ),
            ),
            Any(
                id="creatinine_clearance_unless_leukemia",
                text="creatinine clearance >= 50 mL/min, unless due to leukaemia",
                citations=(_LISTING,),
                parts=(
                    threshold(
                        "creatinine_clearance",
                        Op.GE,
                        50,
                        "mL/min",
                        "creatinine clearance >= 50 mL/min",
                        _LISTING,
                    ),
                    _due_to_leukemia("creatinine clearance", "renal_dysfunction_due_to_leukemia"),
                ),
            ),
            not_(
                flag(
                    "cns_involved",
                    "CNS leukaemia needing intrathecal therapy or craniospinal irradiation",
                    _LISTING,
                ),
                "no CNS leukaemia needing intrathecal therapy or irradiation",
                _LISTING,
            ),
            absent(
                "prior_severe_neurotoxicity",
                "grade >= 3 neurotoxicity during earlier ALL/LBL therapy",
                _LISTING,
            ),
            absent("peripheral_neuropathy", "pre-existing neuropathy of grade >= 2", _LISTING),
            absent("seizure_disorder", "history of seizure disorder", _LISTING),
            Any(
                id="not_pregnant",
                text="not pregnant",
                citations=(_LISTING,),
                parts=(
                    one_of("sex", (Sex.MALE,), "male", _LISTING, id="male"),
                    flag("pregnant", "not pregnant", _LISTING, value=False),
                ),
            ),
            Any(
                id="not_nursing",
                text="not breastfeeding",
                citations=(_LISTING,),
                parts=(
                    one_of("sex", (Sex.MALE,), "male", _LISTING, id="male_sex"),
                    flag("lactating", "not breastfeeding", _LISTING, value=False),
                ),
            ),
        ),
    ),
    notes=(
        "Registry: NCT00003545 is partially confirmed: the listing read ('A Phase II Study of"
        " 506U78 in Patients With Refractory or Relapsed T-Lineage ALL or LBL') [nct00003545]"
        " matches ref 50 [review-ref-50] by subject and phase but does not show the CALGB"
        " number, so no id is attached. The criteria below are read from that listing.",
        "T lineage: the required immunophenotype (>= 2 of CD1a, CD2, CD3, CD4, CD5, CD7, CD8;"
        " MPO/Sudan black negative; without CD13/CD33 if the only T markers are CD4 and CD7)"
        " is taken as implied by a recorded T lineage; the antigens are not checked one by one.",
        "Bilirubin and creatinine clearance: the exception 'unless due to leukaemia' is the"
        " treating team's recorded judgement for that organ (hepatic_ or"
        " renal_dysfunction_due_to_leukemia); a value out"
        " of range reads unknown until it is recorded, and not eligible when it is 'no'.",
        "CNS leukaemia needing intrathecal therapy or craniospinal irradiation is read as CNS"
        " involvement (blasts in CSF, CNS2a or CNS3, or an isolated CNS relapse).",
        "Neuropathy of grade >= 2 'whatever the cause' uses the recorded peripheral neuropathy"
        " condition (grade >= 2).",
        "Concurrent erythropoietin, other chemotherapy, dexamethasone or other steroid"
        " antiemetics, or hormones are not allowed during the study: a restriction the"
        " patient meets by stopping them, not a condition that excludes at entry.",
        "The review states no population size for ref 50 (CR rates of 20-35 % across refs 48-51).",
    ),
)
