"""CD19 CAR T-cell trial archetypes: ELIANA, MSKCC 19-28z, CTL019 (Maude) and ZUMA-3.

Entry criteria as the trials' registry records, publications and the manufacturers'
pages give them (decision 9: would the patient have met them). ELIANA uses its own record
(NCT02435849): criteria read only in the sister study ENSIGN are unconfirmed for it and
are listed in its notes, left out.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import (
    absent,
    adequate_organ_function,
    adult,
    age_at_least,
    b_precursor,
    cd19_positive,
    count_at_least,
    flag,
    in_remission,
    mrd_positive_in_remission,
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
from allmodel.criteria import All, Any, AtLeast, Op
from allmodel.model import CnsStatus

__all__ = ["CTL019_MAUDE", "ELIANA", "MSK_19_28Z", "ZUMA_3"]

#: Why a CD19-directed trial needs CD19 on the blasts: the product targets it (the review's
#: CAR-T section), and blasts escape CD19-directed therapy by losing it (selection of
#: therapy, refs 7-13).
_CD19_ESCAPE = ("review-car-t", "review-selection-of-therapy")

# --- ELIANA ----------------------------------------------------------------------------

#: The age and marrow-blast criteria, read in three accounts of the ELIANA enrolment
#: criteria: the ASH 2018 update, the Novartis page and the eviQ protocol.
_AGE = (
    "web-acemap-eliana-ash-2018",
    "web-novartis-hcp-kymriah-eliana",
    "web-eviq-3832-tisagenlecleucel",
)
#: The manufacturer's page: the disease states and the exclusions.
_HCP = "web-novartis-hcp-kymriah-eliana"
_STUDIES_TABLE = "web-pmc-tisagenlecleucel-studies-table"

ELIANA = trial(
    id="eliana",
    name="ELIANA: tisagenlecleucel in children and young adults with R/R B-cell ALL",
    citations=(
        "review-ref-11",
        "nct02435849",
        "pub-laetsch-2022-jco",
        "web-novartis-hcp-kymriah-eliana",
        "web-acemap-eliana-ash-2018",
        "web-eviq-3832-tisagenlecleucel",
        "web-pmc-tisagenlecleucel-studies-table",
    ),
    registry_ids=("NCT02435849",),
    criteria=All(
        id="eliana",
        text="ELIANA entry criteria",
        citations=_AGE,
        parts=(
            age_at_least(3, *_AGE, id="age_at_screening"),
            threshold(
                "age_at_diagnosis_years",
                Op.LE,
                21,
                "years",
                "aged 21 or under at initial diagnosis",
                *_AGE,
                id="age_at_diagnosis",
            ),
            b_precursor(_HCP, "nct02435849"),
            relapsed_or_refractory(_HCP, _STUDIES_TABLE, "review-ref-11"),
            Any(
                id="disease_state",
                text="primary refractory, chemorefractory, relapsed after allogeneic SCT, or"
                " not a candidate for allogeneic SCT",
                citations=(_HCP, _STUDIES_TABLE),
                parts=(
                    flag("primary_refractory", "primary refractory", _HCP),
                    flag(
                        "refractory_to_salvage",
                        "refractory to the latest chemotherapy",
                        _HCP,
                        id="chemorefractory",
                    ),
                    relapse_after_allogeneic_hct(
                        _HCP, id="relapse_after_hct", text="relapsed after allogeneic SCT"
                    ),
                    flag(
                        "hct_candidate",
                        "not a candidate for allogeneic SCT (the treating team's judgement)",
                        _HCP,
                        id="not_hct_candidate",
                        value=False,
                    ),
                ),
            ),
            cd19_positive(*_CD19_ESCAPE),
            threshold(
                "marrow_blasts_percent",
                Op.GE,
                5,
                "%",
                "marrow lymphoblasts >= 5 % at screening",
                *_AGE,
                id="marrow_blasts",
            ),
            absent("isolated_extramedullary_relapse", "isolated extramedullary relapse", _HCP),
            not_(
                Any(
                    id="prior_cd19_or_gene_therapy",
                    text="prior CD19-directed therapy or gene therapy",
                    citations=(_HCP,),
                    parts=(
                        flag("prior_cd19_directed", "prior CD19-directed therapy", _HCP),
                        flag("prior_car_t", "prior CAR T cells (gene therapy)", _HCP),
                    ),
                ),
                "no prior CD19-directed therapy or gene therapy",
                _HCP,
            ),
        ),
    ),
    notes=(
        "Registry: NCT02435849 (CCTL019B2202) [nct02435849]. A Novartis page"
        " [web-novartis-hcp-kymriah-eliana] labels ELIANA NCT02228096, which is the US sister"
        " study ENSIGN [nct02228096].",
        "Disease phase: any one of primary refractory, chemorefractory (the latest salvage"
        " failed), relapse after allogeneic SCT, or not a candidate for allogeneic SCT (the"
        " treating team's recorded, dated judgement, fact hct_candidate).",
        "A current CD19-positive result is required: CD19-negative disease cannot respond to"
        " a CD19-directed product (antigen loss) [review-car-t] [review-selection-of-therapy].",
        "Age: the upper bound (21) applies at initial diagnosis, so older patients at"
        " screening may qualify; completed years on each date.",
        "Prior gene therapy: the agents a record can name that are gene therapies are the"
        " CAR T-cell products, so prior_car_t carries this exclusion.",
        "Unconfirmed, so left out [decision-9] (read only in the sister study ENSIGN"
        " NCT02228096 [nct02228096]): second or later marrow relapse; marrow relapse > 6"
        " months after allogeneic SCT at infusion; primary refractory = no CR after 2 cycles,"
        " chemorefractory = no CR after 1 cycle;"
        " Ph-positive only after failure or intolerance of 2 TKI lines; CD19 by flow within"
        " 3 months; creatinine clearance or GFR > 60 mL/min/1.73 m2.",
        "Unconfirmed, so left out [decision-9] (categories to check): active CNS disease,"
        " active GVHD, Burkitt.",
        "The FDA label (review ref 11) [review-ref-11] is a different population: age <= 25,"
        " refractory or second or later relapse, certified centre (see the tisagenlecleucel"
        " therapy option).",
    ),
)

# --- MSKCC 19-28z ----------------------------------------------------------------------

#: The registry-derived listing of the MSKCC adult study (registry number not shown).
_LISTING = "web-clinicaltrialsgps-mskcc-cd19-adult-ball"

MSK_19_28Z = trial(
    id="msk_19_28z",
    name="MSKCC 19-28z CAR T cells in adults with B-ALL (Park, ref 13)",
    citations=(
        "review-ref-13",
        "web-clinicaltrialsgps-mskcc-cd19-adult-ball",
        "web-obesityhealthmatters-mskcc-cd19-paediatric",
    ),
    criteria=All(
        id="msk_19_28z",
        text="MSKCC 19-28z entry criteria",
        citations=(_LISTING,),
        parts=(
            adult(_LISTING),
            b_precursor(_LISTING),
            cd19_positive(*_CD19_ESCAPE),
            Any(
                id="disease_state",
                text="refractory, relapsed, MRD-positive, or in first remission",
                citations=(_LISTING,),
                parts=(
                    relapsed_or_refractory(_LISTING),
                    mrd_positive_in_remission(_LISTING),
                    All(
                        id="first_remission",
                        text="in first remission",
                        citations=(_LISTING,),
                        parts=(
                            in_remission(_LISTING, text="in remission"),
                            threshold(
                                "relapse_count",
                                Op.EQ,
                                0,
                                "count",
                                "no relapse",
                                _LISTING,
                                id="never_relapsed",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Registry: NCT01044069 is partially confirmed: the listing read"
        " [web-clinicaltrialsgps-mskcc-cd19-adult-ball] fits this trial (MSKCC IRB 09-114"
        " [web-obesityhealthmatters-mskcc-cd19-paediatric]) but does not show the NCT number,"
        " so no id is attached.",
        "The disease states are 'as the protocol defines them'; their sub-definitions (which"
        " first remissions qualify) are unconfirmed. The publication (ref 13) [review-ref-13]"
        " reports adults with relapsed or refractory B-ALL.",
        "CD19 expression is the target rather than a confirmed written criterion, but known"
        " CD19-negative disease cannot respond: a current CD19-positive result is required."
        " Ph status is not restricted in the sources read.",
        "Unconfirmed, so left out [decision-9]: ECOG, organ function; exclusions (categories"
        " to check): CNS, active GVHD, time since allogeneic HSCT.",
    ),
)

# --- CTL019, Maude 2014 ----------------------------------------------------------------

#: The publication (review ref 35), whose abstract describes the patients treated.
_PAPER = "review-ref-35"

CTL019_MAUDE = trial(
    id="ctl019_maude",
    name="CTL019 CAR T cells in children and adults with R/R ALL (Maude, ref 35)",
    citations=(_PAPER, "web-github-kymriah-release-specifications"),
    criteria=All(
        id="ctl019_maude",
        text="CTL019 (Maude 2014) entry criteria",
        citations=(_PAPER,),
        parts=(
            b_precursor("review-car-t", _PAPER),
            relapsed_or_refractory(_PAPER),
            cd19_positive(*_CD19_ESCAPE),
        ),
    ),
    notes=(
        "Registry: NCT01626495 (CHOP paediatric pilot) is partially confirmed through a"
        " secondary source [web-github-kymriah-release-specifications]; NCT01029366 (Penn"
        " adult study) is unconfirmed. No id is attached.",
        "B-precursor lineage is from the review, which lists this study among CAR-T studies"
        " against B-precursor ALL [review-car-t]. CD19 expression is implied by the target,"
        " not confirmed as a written criterion; known CD19-negative disease cannot respond,"
        " so a current"
        " CD19-positive result is required.",
        "Children and adults: numeric age bounds are unconfirmed and left out [decision-9].",
        "Allowed (no criterion needed): relapse after allogeneic SCT (15 of 30), primary"
        " refractory disease (10 % per the review), prior blinatumomab (2 refractory)"
        " [review-ref-35].",
        "Unconfirmed, so left out [decision-9] (categories to check): active GVHD, active CNS"
        " disease, time since allogeneic SCT.",
    ),
)

# --- ZUMA-3 ----------------------------------------------------------------------------

#: The manufacturer's page on the ZUMA-3 design (key inclusion and exclusion criteria).
_DESIGN = "web-tecartushcp-zuma3-design"
#: The manufacturer's page and the updated phase 1 abstract: the Ph-positive rule and the
#: exclusions for infection, GVHD and immunosuppression.
_PH = (_DESIGN, "web-abstract-zuma3-phase1-update")
#: The phase 2 publication (review ref 36) and the updated phase 1 abstract: age, marrow
#: blasts and ECOG.
_PHASE2 = ("review-ref-36", "web-abstract-zuma3-phase1-update")

ZUMA_3 = trial(
    id="zuma_3",
    name="ZUMA-3: KTE-X19 (brexucabtagene autoleucel) in adults with R/R B-precursor ALL",
    citations=(
        "review-ref-36",
        "review-ref-37",
        "nct02614066",
        "web-abstract-zuma3-phase1-update",
        "web-tecartushcp-zuma3-design",
    ),
    registry_ids=("NCT02614066",),
    criteria=All(
        id="zuma_3",
        text="ZUMA-3 entry criteria",
        citations=(*_PHASE2, _DESIGN),
        parts=(
            adult(*_PHASE2, _DESIGN),
            b_precursor("nct02614066", "review-ref-36", _DESIGN),
            cd19_positive(*_CD19_ESCAPE),
            Any(
                id="disease_state",
                text="primary refractory, first relapse after CR1 <= 12 months, R/R after more"
                " than 2 lines, or R/R >= 100 days after allogeneic SCT",
                citations=(_DESIGN,),
                parts=(
                    flag("primary_refractory", "primary refractory", _DESIGN),
                    All(
                        id="early_first_relapse",
                        text="in first relapse after a first remission of 12 months or less",
                        citations=(_DESIGN,),
                        parts=(
                            threshold(
                                "relapse_count",
                                Op.EQ,
                                1,
                                "count",
                                "one relapse so far",
                                _DESIGN,
                                id="first_relapse",
                            ),
                            relapsed_or_refractory(_DESIGN, id="in_first_relapse"),
                            threshold(
                                "cr1_months",
                                Op.LE,
                                12,
                                "months",
                                "first remission <= 12 months",
                                _DESIGN,
                                id="cr1_12_months_or_less",
                            ),
                        ),
                    ),
                    All(
                        id="after_more_than_two_lines",
                        text="relapsed or refractory after more than 2 lines of therapy",
                        citations=(_DESIGN,),
                        parts=(
                            relapsed_or_refractory(_DESIGN, id="rr_after_lines"),
                            threshold(
                                "prior_regimens",
                                Op.GT,
                                2,
                                "count",
                                "more than 2 prior lines",
                                _DESIGN,
                                id="more_than_two_lines",
                            ),
                            relapsed_or_refractory_after_every_line(
                                _DESIGN, id="lines_relapsed_or_refractory_after_every_line"
                            ),
                        ),
                    ),
                    All(
                        id="after_allogeneic_hct",
                        text="relapsed or refractory at least 100 days after allogeneic SCT",
                        citations=(_DESIGN,),
                        parts=(
                            relapsed_or_refractory(_DESIGN, id="rr_after_hct"),
                            flag("prior_allogeneic_hct", "had an allogeneic SCT", _DESIGN),
                            threshold(
                                "days_since_allogeneic_hct",
                                Op.GE,
                                100,
                                "days",
                                ">= 100 days since allogeneic SCT",
                                _DESIGN,
                                id="hct_100_days",
                            ),
                        ),
                    ),
                ),
            ),
            Any(
                id="ph_rule",
                text="Ph-negative, or Ph-positive with TKI intolerance or R/R after two TKIs",
                citations=_PH,
                parts=(
                    ph_negative(*_PH),
                    All(
                        id="ph_positive_after_tkis",
                        text="Ph-positive, TKI-intolerant or R/R despite two different TKIs",
                        citations=_PH,
                        parts=(
                            ph_positive(*_PH),
                            Any(
                                id="tki_history",
                                text="TKI intolerance, or two different TKIs",
                                citations=_PH,
                                parts=(
                                    flag("tki_intolerance", "TKI intolerance", *_PH),
                                    count_at_least(
                                        "tki_failures",
                                        2,
                                        "two different TKIs failed",
                                        *_PH,
                                        id="two_tkis_failed",
                                    ),
                                    All(
                                        id="two_tkis_before_rr",
                                        text="TKIs of two generations received, then relapsed or"
                                        " refractory despite them",
                                        citations=_PH,
                                        parts=(
                                            AtLeast(
                                                id="two_tki_generations",
                                                text="TKIs of two generations received",
                                                count=2,
                                                citations=_PH,
                                                parts=(
                                                    flag("prior_imatinib", "imatinib", *_PH),
                                                    flag(
                                                        "prior_second_generation_tki",
                                                        "a second-generation TKI",
                                                        *_PH,
                                                    ),
                                                    flag("prior_ponatinib", "ponatinib", *_PH),
                                                ),
                                            ),
                                            relapsed_or_refractory_after_every_line(
                                                *_PH,
                                                id="tkis_relapsed_or_refractory_after_every_line",
                                            ),
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            threshold(
                "marrow_blasts_percent",
                Op.GT,
                5,
                "%",
                "marrow blasts > 5 %",
                *_PHASE2,
                id="marrow_blasts",
            ),
            threshold("ecog", Op.LE, 1, None, "ECOG 0-1", *_PHASE2),
            adequate_organ_function("web-abstract-zuma3-phase1-update"),
            absent("burkitt", "Burkitt leukaemia/lymphoma", _DESIGN),
            absent("active_infection", "active or serious infection", *_PH),
            absent("active_gvhd", "active GVHD", *_PH),
            absent(
                "recent_immunosuppression",
                "immunosuppressive medication within 4 weeks",
                *_PH,
            ),
            absent("cns_disorder_history", "history of a CNS disorder", _DESIGN),
            not_(
                one_of(
                    "cns_status",
                    (status for status in CnsStatus if status.category == 3),
                    "CNS-3 disease",
                    _DESIGN,
                    id="cns3",
                ),
                "no CNS-3 disease",
                _DESIGN,
            ),
        ),
    ),
    notes=(
        "Open question: 'R/R after more than 2 lines' is the manufacturer's wording (> 2)"
        " [web-tecartushcp-zuma3-design]; the protocol may say >= 2. Lines are the record's"
        " anti-leukemic lines of therapy (not CNS-directed or palliative)."
        " The disease must be relapsed or refractory after the 3 lines: no line since the"
        " latest relapse only pending (the relapse untreated, or a line since it failed); a"
        " line begun days ago, its response pending, leaves the answer unknown (the count"
        " alone called it failed), even with 3 lines before it.",
        "First relapse: one relapse recorded, disease relapsed or refractory now, and CR1 of"
        " 12 calendar months or less. Time since allogeneic SCT: days from the latest"
        " allogeneic SCT to the screening date.",
        "Ph-positive: 'R/R despite 2 different TKIs' is met by two failed TKIs or by TKIs of"
        " two generations received with the disease relapsed or refractory after them (the"
        " relapse untreated or a salvage line since it failed: a TKI begun days ago, its response"
        " pending, leaves it unknown); two different second-generation TKIs without a"
        " recorded failure cannot be told apart (exposure facts are per generation).",
        "CNS: any history of a CNS disorder (recorded condition) and current CNS-3 of every"
        " subcategory, CNS3c included (a CSF result since the latest relapse) exclude. CNS-2"
        " with neurological changes is excluded through the CNS-disorder history; an earlier"
        " CNS-3 episode likewise when so recorded.",
        "Immunosuppression 'within 4 weeks before enrolment' uses the recorded condition"
        " (within the last 4 weeks of the screening date).",
        "'Adequate renal, hepatic and cardiac function' [web-abstract-zuma3-phase1-update] has"
        " no confirmed numbers: it is the"
        " treating team's recorded judgement (adequate_organ_function).",
        "A current CD19-positive result is required (the product targets CD19; antigen loss)"
        " [review-car-t] [review-selection-of-therapy]. Unconfirmed, so left out"
        " [decision-9]: prior CD19-directed therapy.",
    ),
)
