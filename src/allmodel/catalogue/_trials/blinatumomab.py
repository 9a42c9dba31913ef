"""Blinatumomab trial archetypes: TOWER, the Topp phase 2, ALCANTARA and BLAST.

Entry criteria as the trials' registry records, publications and site listings give them
(decision 9: would the patient have met them): confirmed criteria cite the sources they
were read in, criteria stated only by the review cite the review, and unconfirmed
exclusions are listed in each option's notes, never encoded.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    adequate_organ_function,
    adult,
    b_precursor,
    cd19_positive,
    count_at_least,
    fit_for_intensive_arm,
    flag,
    in_remission,
    not_,
    one_of,
    ph_negative,
    ph_positive,
    relapse_after_allogeneic_hct,
    relapsed_or_refractory,
    relapsed_or_refractory_after_every_line,
    threshold,
    trial,
)
from allmodel.clinical import DiseasePhase
from allmodel.criteria import All, Any, Op

__all__ = ["ALCANTARA", "BLAST", "BLINATUMOMAB_PHASE2_TOPP", "TOWER"]

#: Every arm of these trials gives blinatumomab, which the review says to give only when
#: the blasts express CD19 (summary and recommendations; antigen escape under
#: blinatumomab, refs 7-13). The trial sources read do not write CD19 expression as an
#: entry criterion, so this is the review's condition on the drug, applied as the CAR-T
#: trials apply it: a CD19 result is needed, and it must be current (after the latest
#: relapse and the latest CD19-directed therapy).
_CD19 = ("review-summary-and-recommendations", "review-ref-7")
_CD19_NOTE = (
    "CD19 expression is not written as an entry criterion in the sources read; the review's"
    " condition on blinatumomab (only if the blasts express CD19)"
    " [review-summary-and-recommendations] is applied, so known CD19-negative disease is"
    " not eligible and an unrecorded or stale CD19 result is unknown."
)

# --- TOWER ----------------------------------------------------------------------------

#: The TOWER registry record, and the registry-derived and lay listings of it.
_T = ("nct02013167",)

TOWER = trial(
    id="tower",
    name="TOWER: blinatumomab vs chemotherapy, Ph-negative R/R B-ALL",
    citations=("review-ref-7", "nct02013167", "eudract-2013-000536-10"),
    registry_ids=("NCT02013167",),
    criteria=All(
        id="tower",
        text="TOWER entry criteria",
        citations=_T,
        parts=(
            adult(*_T),
            b_precursor(*_T),
            cd19_positive(*_CD19),
            ph_negative(*_T, "review-ref-7"),
            Any(
                id="disease_state",
                text="refractory, untreated first relapse with CR1 < 12 months, untreated second"
                " or later relapse, or relapse after allogeneic HSCT",
                citations=_T,
                parts=(
                    flag("primary_refractory", "refractory to primary induction", *_T),
                    flag("refractory_to_salvage", "refractory to salvage therapy", *_T),
                    All(
                        id="early_untreated_first_relapse",
                        text="untreated first relapse with first remission under 12 months",
                        citations=_T,
                        parts=(
                            one_of(
                                "phase",
                                (DiseasePhase.FIRST_RELAPSE,),
                                "in first relapse",
                                *_T,
                                id="first_relapse",
                            ),
                            flag(
                                "untreated_relapse",
                                "relapse not yet treated",
                                *_T,
                                id="untreated",
                            ),
                            threshold(
                                "cr1_months",
                                Op.LT,
                                12,
                                "months",
                                "first remission < 12 months",
                                *_T,
                                id="cr1_under_12_months",
                            ),
                        ),
                    ),
                    All(
                        id="untreated_later_relapse",
                        text="untreated second or later relapse",
                        citations=_T,
                        parts=(
                            one_of(
                                "phase",
                                (DiseasePhase.SECOND_OR_LATER_RELAPSE,),
                                "in second or later relapse",
                                *_T,
                                id="later_relapse",
                            ),
                            flag(
                                "untreated_relapse",
                                "relapse not yet treated",
                                *_T,
                                id="later_untreated",
                            ),
                        ),
                    ),
                    relapse_after_allogeneic_hct(
                        *_T,
                        id="relapse_after_hct",
                        text="relapse at any time after allogeneic HSCT",
                    ),
                ),
            ),
            flag("prior_intensive_chemotherapy", "had intensive combination chemotherapy", *_T),
            threshold(
                "marrow_blasts_percent",
                Op.GT,
                5,
                "%",
                "marrow blasts > 5 %",
                *_T,
                id="marrow_blasts",
            ),
            threshold("ecog", Op.LE, 2, None, "ECOG 0-2", *_T),
            adequate_organ_function(*_T),
            fit_for_intensive_arm("review-ref-7"),
            not_(
                flag("cns_involved", "CNS involvement", *_T),
                "no CNS involvement (read in a lay listing that is cut off: partially confirmed)",
                *_T,
            ),
        ),
    ),
    notes=(
        "The CNS exclusion is read from a lay listing of the trial that is cut off"
        " [nct02013167]; whether it means active CNS disease, and how it is defined, is"
        " unconfirmed.",
        "Unconfirmed, so left out [decision-9] (categories to check in the registry record"
        " [nct02013167]): isolated extramedullary disease, Burkitt, time since allogeneic or"
        " autologous HSCT, active GVHD or systemic GVHD therapy, prior anti-CD19 therapy. The"
        " marrow blast criterion (> 5 %) already excludes an isolated extramedullary relapse.",
        "'Satisfactory blood test results' (lay listing) has no numbers in the sources read"
        " [nct02013167]: it is the treating team's recorded judgement of adequate organ"
        " function.",
        "Half the patients were randomised to intensive chemotherapy [review-ref-7], so"
        " fitness for it is required (the treating team's current judgement; the review sends"
        " frail or comorbid patients to palliation instead [review-remission-induction]).",
        _CD19_NOTE,
        "Relapse after allogeneic HSCT has no lower time limit in the listing read [nct02013167].",
    ),
)

# --- Topp phase 2 ----------------------------------------------------------------------

#: The MT103-211 site listing (MSKCC protocol 12-069), the only criteria read.
_MT103_211_LISTING = ("web-mskcc-protocol-12-069",)

BLINATUMOMAB_PHASE2_TOPP = trial(
    id="blinatumomab_phase2_topp",
    name="Phase 2 blinatumomab in Ph-negative R/R B-precursor ALL (Topp, ref 8)",
    citations=(
        "review-ref-8",
        "web-pmc-blinatumomab-efficacy-table",
        "web-mskcc-protocol-12-069",
        "web-zhihuiya-blinatumomab-abstract-6500",
    ),
    criteria=All(
        id="blinatumomab_phase2_topp",
        text="Topp phase 2 entry criteria",
        citations=(*_MT103_211_LISTING, "review-ref-8"),
        parts=(
            adult(*_MT103_211_LISTING),
            b_precursor(*_MT103_211_LISTING, "review-ref-8"),
            cd19_positive(*_CD19),
            ph_negative(*_MT103_211_LISTING, "review-ref-8", "review-ref-9"),
            relapsed_or_refractory(*_MT103_211_LISTING, "review-ref-8"),
            threshold(
                "days_since_last_treatment",
                Op.GE,
                14,
                "days",
                "at least 2 weeks since the latest treatment ended (chemotherapy washout)",
                *_MT103_211_LISTING,
                id="chemotherapy_washout",
            ),
            threshold(
                "days_since_radiotherapy_or_immunotherapy",
                Op.GE,
                28,
                "days",
                "at least 4 weeks since radiotherapy or immunotherapy ended",
                *_MT103_211_LISTING,
                id="radiotherapy_immunotherapy_washout",
            ),
            threshold(
                "ecog",
                Op.LE,
                2,
                None,
                "ambulatory over half of waking hours (ECOG 0-2)",
                *_MT103_211_LISTING,
            ),
        ),
    ),
    notes=(
        "Registry id unresolved: review ref 8 (JCO 2014) [review-ref-8] most likely reports"
        " MT103-206 = NCT01209286 (exploratory phase 2, 36 patients"
        " [web-zhihuiya-blinatumomab-abstract-6500]; the likelier reading); the alternative"
        " is MT103-211 = NCT01466179 (confirmatory phase 2) [web-pmc-blinatumomab-efficacy-table]."
        " Neither id is attached until the paper's registration line is read.",
        "Age, washout and ECOG were read in the MT103-211 (NCT01466179) site listing"
        " [web-mskcc-protocol-12-069]; MT103-206's own criteria could not be read. If ref 8 is"
        " MT103-206 these criteria stand in for it unverified; B-precursor lineage and R/R"
        " disease are also in the title of ref 8, Ph-negative disease in the review's account"
        " of refs 8 and 9 [review-ref-8] [review-ref-9].",
        "Washout: the chemotherapy part (>= 2 weeks) uses the days since the latest treatment"
        " of any kind ended, which can only be shorter than the days since chemotherapy; the"
        " >= 4 weeks since radiotherapy or immunotherapy uses the lines that held"
        " radiotherapy or an immunotherapy (a line listing no agents may have).",
        "Unconfirmed, so left out [decision-9]: marrow-blast threshold, CR1 length and time"
        " since allogeneic HSCT sub-definitions; exclusions (categories to check): CNS,"
        " isolated extramedullary disease, Burkitt, time since allogeneic HSCT, GVHD, prior"
        " anti-CD19 therapy.",
        _CD19_NOTE,
    ),
)

# --- ALCANTARA -------------------------------------------------------------------------

#: The final analysis (review ref 18), whose abstract gives the entry criteria read.
_FINAL_ANALYSIS = ("review-ref-18",)
#: The review's account of ref 16: refractory or intolerant to >= 1 second-generation or
#: later TKI (the wording the TKI rule follows).
_ALC_REVIEW = ("review-ref-16",)

ALCANTARA = trial(
    id="alcantara",
    name="ALCANTARA: blinatumomab in Ph-positive R/R B-precursor ALL after TKI",
    citations=(
        "review-ref-16",
        "review-ref-18",
        "nct02000427",
        "web-pmc-blinatumomab-efficacy-table",
    ),
    registry_ids=("NCT02000427",),
    criteria=All(
        id="alcantara",
        text="ALCANTARA entry criteria",
        citations=(*_FINAL_ANALYSIS, *_ALC_REVIEW),
        parts=(
            adult(*_FINAL_ANALYSIS),
            b_precursor(*_FINAL_ANALYSIS, *_ALC_REVIEW),
            cd19_positive(*_CD19),
            ph_positive(*_FINAL_ANALYSIS, *_ALC_REVIEW),
            relapsed_or_refractory(*_FINAL_ANALYSIS),
            Any(
                id="tki_failure",
                text="refractory to or intolerant of a second-generation or later TKI",
                citations=_ALC_REVIEW,
                parts=(
                    flag(
                        "second_generation_tki_failure",
                        "dasatinib, nilotinib or bosutinib failed (resistance or intolerance)",
                        *_ALC_REVIEW,
                    ),
                    All(
                        id="ponatinib_after_tki_failure",
                        text="received ponatinib, with a TKI failure on record",
                        citations=_ALC_REVIEW,
                        parts=(
                            flag("prior_ponatinib", "received ponatinib", *_ALC_REVIEW),
                            count_at_least(
                                "tki_failures", 1, "at least one TKI failed", *_ALC_REVIEW
                            ),
                            relapsed_or_refractory_after_every_line(
                                *_ALC_REVIEW, id="ponatinib_relapsed_or_refractory_after_every_line"
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "TKI rule follows the review (ref 16) [review-ref-16]: refractory or intolerant to"
        " >= 1 second-generation or later TKI. The final analysis (ref 18) [review-ref-18]"
        " says R/R to >= 1 TKI of any generation; the protocol wording (second-generation"
        " requirement, intolerance and imatinib clauses) is unconfirmed.",
        "'Or later' (ponatinib) is approximated: no fact says which TKI failed, so ponatinib"
        " received together with any TKI failure counts, when the disease is relapsed or"
        " refractory after it (the relapse untreated or a salvage line since it failed; a"
        " ponatinib line begun days ago, its response pending, leaves it unknown).",
        "BCR-ABL1 T315I is allowed (10 enrolled patients had it) [review-ref-16]. Prior"
        " allogeneic HCT is allowed (review only: 6 of 11 not previously transplanted).",
        "Unconfirmed, so left out [decision-9]: marrow-blast threshold, ECOG, organ function;"
        " exclusions (categories to check): CNS, isolated extramedullary disease, time since"
        " allogeneic HSCT, GVHD.",
        _CD19_NOTE,
    ),
)

# --- BLAST -----------------------------------------------------------------------------

#: The BLAST registry record, the eviQ protocol that describes its entry criteria, and the
#: primary publication (Blood 2018).
_RECORD = "nct01207388"
_EVIQ = "web-eviq-3483-blinatumomab-mrd"
_BLOOD_2018 = "pub-gokbuget-2018-blood"

BLAST = trial(
    id="blast",
    name="BLAST: blinatumomab for MRD-positive B-precursor ALL in haematological remission",
    citations=(
        "review-ref-20",
        "nct01207388",
        "eudract-2010-018314-75",
        "pub-gokbuget-2018-blood",
        "pub-gokbuget-2020-leuk-lymphoma",
        "web-eviq-3483-blinatumomab-mrd",
    ),
    registry_ids=("NCT01207388",),
    criteria=All(
        id="blast",
        text="BLAST entry criteria",
        citations=(_RECORD, _EVIQ, _BLOOD_2018),
        parts=(
            adult(_RECORD),
            b_precursor(_RECORD, _BLOOD_2018),
            cd19_positive(*_CD19),
            All(
                id="haematological_cr",
                text="complete haematological remission (first or later)",
                citations=(_RECORD, _EVIQ),
                parts=(
                    in_remission(_RECORD, _EVIQ, text="in haematological remission"),
                    threshold(
                        "marrow_blasts_percent",
                        Op.LT,
                        5,
                        "%",
                        "marrow blasts < 5 %",
                        _EVIQ,
                        id="cr_marrow_blasts",
                    ),
                    threshold(
                        "anc", Op.GT, 1.0, "10^9/L", "neutrophils > 1.0 x10^9/L", _EVIQ, id="cr_anc"
                    ),
                    threshold(
                        "platelets",
                        Op.GT,
                        50,
                        "10^9/L",
                        "platelets > 50,000/uL",
                        _EVIQ,
                        id="cr_platelets",
                    ),
                    threshold(
                        "hemoglobin",
                        Op.GT,
                        9,
                        "g/dL",
                        "hemoglobin > 9 g/dL",
                        _EVIQ,
                        id="cr_hemoglobin",
                    ),
                ),
            ),
            count_at_least(
                "intensive_chemotherapy_blocks",
                3,
                "at least 3 blocks (cycles) of intensive chemotherapy",
                _RECORD,
                _EVIQ,
                id="three_intensive_blocks",
            ),
            threshold(
                "mrd_level_in_remission",
                Op.GE,
                1e-3,
                "fraction",
                "MRD at 1e-3 or above in the current remission (molecular failure)",
                _BLOOD_2018,
                id="mrd_level",
            ),
        ),
    ),
    notes=(
        "MRD bound: the primary publication (Blood 2018) [pub-gokbuget-2018-blood] writes"
        " >= 1e-3 and is followed; eviQ [web-eviq-3483-blinatumomab-mrd] writes > 1e-3; the"
        " registry line is cut off [nct01207388]. The level is the latest"
        " MRD result taken in the current remission (persistent or recurrent MRD); the MRD"
        " method (PCR or flow) is unconfirmed and not checked.",
        ">= 3 intensive chemotherapy blocks: the recorded cycles of intensive lines"
        " (the cycles of each entry of course.treatment_lines); an intensive line without"
        " its cycles counts as at least one, so the rule stays unknown until the cycles are"
        " recorded.",
        "Ph status is not restricted (110 of 116 treated were Ph-negative"
        " [pub-gokbuget-2018-blood]); extra conditions for Ph-positive patients are"
        " unconfirmed and left out [decision-9].",
        "Unconfirmed, so left out [decision-9] (categories to check): extramedullary disease,"
        " CNS, prior allogeneic HSCT, GVHD, prior blinatumomab.",
        _CD19_NOTE,
        "The remission counts must be current (blood counts within the ruleset's window) and"
        " the marrow examination dated in the current remission.",
    ),
)
