"""Golden vignettes of inotuzumab ozogamicin (review refs 10, 22-25; label-us-besponsa,
label-eu-besponsa: the US and EU labels as of 2022-12-31)."""

from __future__ import annotations

from allmodel import Agent, Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import Lineage, Marker
from tests.builders import adult_in_relapse, with_disease
from tests.catalogue.vignettes import (
    ELIGIBLE,
    INOTUZUMAB_NO_RESPONSE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    marker,
    ph_positive,
    table,
)

OPTION = "inotuzumab_ozogamicin"


def cd22_result_older_than_inotuzumab() -> Patient:
    """An adult after inotuzumab whose only CD22 result (positive) predates the line."""
    patient = adult_in_relapse(salvage=[INOTUZUMAB_NO_RESPONSE])
    return with_disease(patient, markers=(marker(Marker.CD19, 2), marker(Marker.CD22, 60)))


def hepatic_cut(lab: str, value: float, failed: str | None = None) -> Case:
    """A row of the hepatic cuts: one liver test at ``value`` x ULN, the others normal;
    ``failed`` names the criterion it breaks, if any."""
    return Case(
        f"hepatic_cuts-{lab}_{value}",
        "Label dose conditions: bilirubin <= 1.5 x ULN, AST and ALT <= 2.5 x ULN, each"
        " inclusive; just above one of them (the others normal) is not eligible.",
        adult_in_relapse(lab_overrides={lab: value}),
        ELIGIBLE if failed is None else NOT_ELIGIBLE,
        failed=() if failed is None else (failed,),
    )


CASES = (
    Case(
        "cd22_positive_relapse_eligible",
        "CD22-positive Ph-negative B-ALL in relapse is eligible in US and EU.",
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "cd22_positive_relapse_eligible",
        "CD22-positive Ph-negative B-ALL in relapse is eligible in US and EU.",
        adult_in_relapse(),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "cd22_negative_not_eligible",
        "CD22-negative blasts are not eligible.",
        adult_in_relapse(cd22=False, cd22_percent=1),
        NOT_ELIGIBLE,
        failed=("cd22_positive",),
    ),
    Case(
        "cd22_unknown",
        "No CD22 result is unknown, naming the CD22 marker.",
        adult_in_relapse(cd22=None),
        UNKNOWN,
        missing=("disease.markers[CD22].positive",),
    ),
    Case(
        "cd22_result_older_than_inotuzumab",
        "A CD22 result taken before an inotuzumab line is unknown (antigen loss).",
        cd22_result_older_than_inotuzumab(),
        UNKNOWN,
        missing=("disease.markers[CD22].positive",),
    ),
    Case(
        "t_lineage_not_eligible",
        "T-lineage ALL is not eligible.",
        adult_in_relapse(lineage=Lineage.T),
        NOT_ELIGIBLE,
        failed=("b_precursor",),
    ),
    Case(
        "age_cut_18-age_17",
        "Both labels were for adults on 2022-12-31: 17 no, 18 and 19 yes.",
        adult_in_relapse(age=17),
        NOT_ELIGIBLE,
        failed=("adult",),
    ),
    Case(
        "age_cut_18-age_18",
        "Both labels were for adults on 2022-12-31: 17 no, 18 and 19 yes.",
        adult_in_relapse(age=18),
        ELIGIBLE,
    ),
    Case(
        "age_cut_18-age_19",
        "Both labels were for adults on 2022-12-31: 17 no, 18 and 19 yes.",
        adult_in_relapse(age=19),
        ELIGIBLE,
    ),
    hepatic_cut("bilirubin_x_uln", 1.4),
    hepatic_cut("bilirubin_x_uln", 1.5),
    hepatic_cut("bilirubin_x_uln", 1.6, "bilirubin_at_most_1.5_uln"),
    hepatic_cut("ast_x_uln", 2.4),
    hepatic_cut("ast_x_uln", 2.5),
    hepatic_cut("ast_x_uln", 2.6, "ast_at_most_2.5_uln"),
    hepatic_cut("alt_x_uln", 2.4),
    hepatic_cut("alt_x_uln", 2.5),
    hepatic_cut("alt_x_uln", 2.6, "alt_at_most_2.5_uln"),
    Case(
        "prior_sinusoidal_obstruction_not_eligible",
        (
            "A recorded episode of sinusoidal obstruction syndrome, liver tests normal: not "
            "eligible."
        ),
        adult_in_relapse(sos=True),
        NOT_ELIGIBLE,
        failed=("not_sinusoidal_obstruction_syndrome",),
    ),
    Case(
        "eu_ph_positive_without_failed_tki_not_eligible",
        "EU: Ph-positive without a failed TKI (0, below 1) is not eligible.",
        ph_positive(),
        NOT_ELIGIBLE,
        jurisdiction="EU",
        failed=(
            "label_population",
            "jurisdiction_us",
            "eu_label",
            "eu_ph",
            "eu_ph_negative",
            "eu_ph_positive_after_tki",
            "eu_one_tki_failed",
        ),
    ),
    Case(
        "eu_ph_positive_one_failed_tki_eligible",
        "EU: Ph-positive after one failed TKI (at the cut) is eligible.",
        ph_positive([Agent.IMATINIB]),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "eu_ph_positive_two_failed_tkis_eligible",
        "EU: Ph-positive after two failed TKIs (above the cut) is eligible.",
        ph_positive([Agent.IMATINIB, Agent.DASATINIB]),
        ELIGIBLE,
        jurisdiction="EU",
    ),
    Case(
        "us_ph_positive_without_failed_tki_eligible",
        "US: the label has no TKI condition.",
        ph_positive(),
        ELIGIBLE,
    ),
    Case(
        "eu_ph_positive_incomplete_history_unknown",
        "EU: Ph-positive with no TKI recorded in an incomplete history is unknown.",
        ph_positive(history_complete=None),
        UNKNOWN,
        jurisdiction="EU",
        missing=(
            "course.treatment_lines",
            "course.history_complete",
            "course.treatment_lines[].stop_reason",
        ),
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
        "review-ref-10",
        "review-ref-22",
        "review-ref-23",
        "review-ref-24",
        "review-ref-25",
        "review-inotuzumab-ozogamicin",
        "label-us-besponsa",
        "label-eu-besponsa",
        "decision-1",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 5
