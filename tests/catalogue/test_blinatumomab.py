"""Golden vignettes of blinatumomab for relapsed or refractory B-precursor ALL (review refs
7-21; label-us-blincyto, label-eu-blincyto: the US and EU labels as of 2022-12-31)."""

from __future__ import annotations

from datetime import timedelta

from allmodel import Agent, Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Lineage, Marker
from tests.builders import AS_OF, adult_in_relapse, with_disease
from tests.catalogue.vignettes import (
    BLINATUMOMAB_NO_RESPONSE,
    ELIGIBLE,
    FAILED_SALVAGE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    in_remission,
    marker,
    ph_positive,
    primary_refractory,
    relapse_after_hct,
    table,
    with_salvage_pending,
)

OPTION = "blinatumomab"


def cd19_result_older_than_blinatumomab() -> Patient:
    """An adult after blinatumomab whose only CD19 result (positive) predates the line."""
    patient = adult_in_relapse(salvage=[BLINATUMOMAB_NO_RESPONSE])
    return with_disease(patient, markers=(marker(Marker.CD19, 60),))


CASES = (
    Case(
        "ph_negative_relapse_eligible_us_and_eu",
        "An adult with Ph-negative CD19-positive B-ALL in relapse is eligible in both.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "ph_negative_relapse_eligible_us_and_eu",
        "An adult with Ph-negative CD19-positive B-ALL in relapse is eligible in both.",
        adult_in_relapse(),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "t_lineage_not_eligible",
        "T-lineage ALL is not eligible.",
        adult_in_relapse(lineage=Lineage.T),
        NOT_ELIGIBLE,
        failed=("b_precursor",),
    ),
    Case(
        "in_remission_not_eligible",
        "A patient in remission is not eligible for the relapsed/refractory indication.",
        in_remission(),
        NOT_ELIGIBLE,
        failed=("relapsed_or_refractory",),
    ),
    Case(
        "cd19_negative_after_blinatumomab",
        "CD19 lost after blinatumomab (result after the line) is not eligible.",
        adult_in_relapse(cd19=False, salvage=[BLINATUMOMAB_NO_RESPONSE]),
        NOT_ELIGIBLE,
        failed=("cd19_positive",),
    ),
    Case(
        "cd19_result_older_than_blinatumomab",
        "A positive CD19 result taken before the blinatumomab line is unknown.",
        cd19_result_older_than_blinatumomab(),
        UNKNOWN,
        missing=("disease.markers[CD19].positive",),
    ),
    Case(
        "cd19_not_recorded_unknown",
        "No CD19 result at all is unknown, naming the CD19 marker.",
        adult_in_relapse(cd19=None),
        UNKNOWN,
        missing=("disease.markers[CD19].positive",),
    ),
    Case(
        "us_ph_positive_without_tki_failure_eligible",
        "The US label covers Ph-positive disease whatever the TKI history.",
        ph_positive(),
        ELIGIBLE,
    ),
    Case(
        "us_ph_positive_one_failed_tki_eligible",
        "US: Ph-positive with one failed TKI is eligible.",
        ph_positive([Agent.IMATINIB]),
        ELIGIBLE,
    ),
    Case(
        "eu_ph_positive_one_failed_tki_not_eligible",
        "EU: Ph-positive with one failed TKI (below the 2 of the label) is not eligible.",
        ph_positive([Agent.IMATINIB]),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=(
            "label_population",
            "jurisdiction_us",
            "eu_label",
            "eu_ph",
            "eu_ph_negative",
            "eu_ph_positive_after_tkis",
            "eu_two_tkis_failed",
            "eu_child_label",
            "eu_child_under_18",
            "eu_child_ph_negative",
        ),
    ),
    Case(
        "eu_ph_positive_two_failed_tkis_eligible",
        "EU: Ph-positive after two failed TKIs (at the cut), no alternative: eligible.",
        ph_positive([Agent.IMATINIB, Agent.DASATINIB], no_alternative=True),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_ph_positive_three_failed_tkis_eligible",
        "EU: Ph-positive after three failed TKIs (above the cut) is eligible.",
        ph_positive([Agent.IMATINIB, Agent.DASATINIB, Agent.PONATINIB], no_alternative=True),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_ph_positive_no_alternative_unrecorded_unknown",
        (
            'EU: the label\'s "no alternative treatment" is a recorded judgement; without it '
            "the result is unknown, never eligible (audit: a silent label condition)."
        ),
        ph_positive([Agent.IMATINIB, Agent.DASATINIB]),
        UNKNOWN,
        jurisdiction="EU",
        missing=("no_alternative_treatment",),
    ),
    Case(
        "eu_ph_positive_alternative_available_not_eligible",
        "EU: with an alternative available (judged so), Ph-positive is not eligible.",
        ph_positive([Agent.IMATINIB, Agent.DASATINIB], no_alternative=False),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=(
            "label_population",
            "jurisdiction_us",
            "eu_label",
            "eu_ph",
            "eu_ph_negative",
            "eu_ph_positive_after_tkis",
            "eu_no_alternative_treatment",
            "eu_child_label",
            "eu_child_under_18",
            "eu_child_ph_negative",
        ),
    ),
    Case(
        "eu_ph_positive_stale_judgement_unknown",
        'EU: a "no alternative" judgement older than the 28-day window is unknown.',
        ph_positive(
            [Agent.IMATINIB, Agent.DASATINIB],
            no_alternative=True,
            assessed=AS_OF - timedelta(days=29),
        ),
        UNKNOWN,
        jurisdiction="EU",
        missing=("no_alternative_treatment",),
    ),
    Case(
        "us_ph_positive_needs_no_judgement",
        "US: the label covers Ph-positive disease without the EU judgement.",
        ph_positive([Agent.IMATINIB]),
        ELIGIBLE,
    ),
    Case(
        "eu_one_failed_tki_incomplete_history_unknown",
        "EU: one failed TKI in an incomplete history is only a lower bound: unknown.",
        ph_positive([Agent.IMATINIB], history_complete=None),
        UNKNOWN,
        jurisdiction="EU",
        missing=(
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].stop_reason",
            "no_alternative_treatment",
        ),
    ),
    Case(
        "ph_unknown_eu_unknown_us_eligible",
        "An unrecorded Ph status is unknown in the EU and does not matter in the US.",
        adult_in_relapse(ph=None),
        UNKNOWN,
        jurisdiction="EU",
        missing=("disease.philadelphia",),
    ),
    Case(
        "ph_unknown_eu_unknown_us_eligible",
        "An unrecorded Ph status is unknown in the EU and does not matter in the US.",
        adult_in_relapse(ph=None),
        ELIGIBLE,
    ),
    Case(
        "eu_age_18_eligible",
        "EU: an 18-year-old (adult indication) in first relapse is eligible.",
        adult_in_relapse(age=18),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_age_17_first_relapse_after_one_regimen_not_eligible",
        "EU: at 17 the paediatric indication needs refractory disease or 2 prior therapies.",
        adult_in_relapse(age=17),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=(
            "label_population",
            "jurisdiction_us",
            "eu_label",
            "eu_adult",
            "eu_child_label",
            "eu_child_disease_state",
            "eu_child_refractory",
            "eu_child_primary_refractory",
            "eu_child_refractory_to_salvage",
            "eu_child_relapse_after_two_therapies",
            "eu_child_two_prior_regimens",
            "eu_child_relapse_after_hct",
        ),
    ),
    Case(
        "eu_age_17_second_relapse_eligible",
        ("EU: at 17, relapsed after frontline and salvage therapy, the paediatric label applies."),
        adult_in_relapse(age=17, relapses=2),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_age_17_refractory_eligible",
        "EU: at 17, refractory to salvage, the paediatric indication applies.",
        adult_in_relapse(age=17, salvage=[FAILED_SALVAGE]),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_age_17_relapse_after_hct_eligible",
        "EU: at 17, relapse after allogeneic HCT is within the paediatric indication.",
        relapse_after_hct(age=17),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_age_17_primary_refractory_eligible",
        (
            "EU: at 17, refractory to induction (no salvage yet, one regimen, never in "
            "relapse): refractory disease alone is within the paediatric indication."
        ),
        primary_refractory(age=17),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_child_ph_positive_not_eligible",
        "EU: the paediatric indication is Ph-negative only.",
        ph_positive([Agent.IMATINIB, Agent.DASATINIB], age=17),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=(
            "label_population",
            "jurisdiction_us",
            "eu_label",
            "eu_adult",
            "eu_child_label",
            "eu_child_ph_negative",
        ),
    ),
    Case(
        "eu_child_age_cut_at_1-age_1",
        "EU paediatric branch: age 1 eligible, age 0 not (facts set directly).",
        relapse_after_hct(age=17),
        ELIGIBLE,
        jurisdiction="EU",
        facts={"age_years": 1},
    ),
    Case(
        "eu_child_age_cut_at_1-age_2",
        "EU paediatric branch: age 1 eligible, age 0 not (facts set directly).",
        relapse_after_hct(age=17),
        ELIGIBLE,
        jurisdiction="EU",
        facts={"age_years": 2},
    ),
    Case(
        "eu_child_age_cut_at_1-age_0",
        "EU paediatric branch: age 1 eligible, age 0 not (facts set directly).",
        relapse_after_hct(age=17),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        facts={"age_years": 0},
        failed=(
            "label_population",
            "jurisdiction_us",
            "eu_label",
            "eu_adult",
            "eu_child_label",
            "eu_child_aged_1_or_over",
        ),
    ),
    Case(
        "us_age_17_eligible",
        "US: no age cut in the label.",
        adult_in_relapse(age=17),
        ELIGIBLE,
    ),
    Case(
        "eu_age_17_second_regimen_pending_unknown",
        (
            "EU: at 17, first relapse after one regimen and a second begun 3 days ago: 'in"
            " relapse after two prior therapies' is undecided until its response is known."
        ),
        with_salvage_pending(adult_in_relapse(age=17)),
        UNKNOWN,
        jurisdiction="EU",
        missing=("course.treatment_lines[].best_response", "course.history_complete"),
    ),
    Case(
        "eu_age_17_second_relapse_third_regimen_pending_eligible",
        "EU: at 17, a second relapse (two therapies before it), a third line under way.",
        with_salvage_pending(adult_in_relapse(age=17, relapses=2)),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_age_17_second_relapse_incomplete_history_eligible",
        "EU: at 17, a second relapse is 'in relapse after two therapies' even in an"
        " incomplete history.",
        adult_in_relapse(age=17, relapses=2, history_complete=None),
        ELIGIBLE,
        jurisdiction="EU",
    ),
)


@table(CASES)
def test_vignette(case: Case) -> None:
    """Each vignette screens to its status, failed criteria and missing fields."""
    check(OPTION, case)


def test_option_as_catalogued() -> None:
    """The option is a therapy with these citations and registry ids, and so many notes."""
    option = default_ruleset().option(OPTION)
    assert option.kind is OptionKind.THERAPY
    assert option.citations == (
        "review-ref-7",
        "review-ref-8",
        "review-ref-9",
        "review-ref-14",
        "review-ref-15",
        "review-ref-16",
        "review-ref-17",
        "review-ref-18",
        "review-ref-19",
        "review-ref-20",
        "review-ref-21",
        "review-blinatumomab",
        "label-us-blincyto",
        "label-eu-blincyto",
        "decision-1",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 7
