"""Golden vignettes of the SWOG S0530 trial archetype (REFERENCE-B 12; review ref 46): B/T R/R ALL
in marrow or blood, Zubrod 0-2, organ function <= 1.5 x ULN."""

from __future__ import annotations

from typing import Any

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import CnsStatus, Condition, Lineage, PhStatus, RelapseSite
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    DASATINIB_RESISTANT,
    ELIGIBLE,
    IMATINIB_RESISTANT,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    recorded,
    table,
)

OPTION = "swog_s0530"


def swog(**changes: Any) -> Patient:
    """An adult in relapse with Burkitt, infection and psychiatric disorder recorded absent."""
    conditions = recorded(
        Condition.BURKITT, Condition.ACTIVE_INFECTION, Condition.PSYCHIATRIC_DISORDER
    )
    return adult_in_relapse(conditions=conditions, **changes)


CASES = (
    Case(
        "first_relapse",
        "B-lineage first relapse with normal organ function: eligible.",
        swog(),
        ELIGIBLE,
    ),
    Case(
        "t_lineage",
        "T-lineage relapse: eligible.",
        swog(lineage=Lineage.T),
        ELIGIBLE,
    ),
    Case(
        "creatinine_1_5_uln",
        "Creatinine exactly 1.5 x ULN: eligible.",
        swog(lab_overrides={"creatinine": 1.8}),
        ELIGIBLE,
    ),
    Case(
        "creatinine_just_above_1_5_uln",
        "Creatinine 1.51 x ULN: not eligible.",
        swog(lab_overrides={"creatinine": 1.812}),
        NOT_ELIGIBLE,
        failed=("creatinine",),
    ),
    Case(
        "bilirubin_1_5_uln",
        "Bilirubin exactly 1.5 x ULN: eligible.",
        swog(lab_overrides={"bilirubin_x_uln": 1.5}),
        ELIGIBLE,
    ),
    Case(
        "bilirubin_just_above_1_5_uln",
        "Bilirubin 1.51 x ULN: not eligible.",
        swog(lab_overrides={"bilirubin_x_uln": 1.51}),
        NOT_ELIGIBLE,
        failed=("bilirubin",),
    ),
    Case(
        "transaminases_1_5_uln",
        "AST and ALT exactly 1.5 x ULN: eligible.",
        swog(lab_overrides={"ast_x_uln": 1.5, "alt_x_uln": 1.5}),
        ELIGIBLE,
    ),
    Case(
        "transaminases_above_1_5_uln",
        "AST and ALT 1.51 x ULN: not eligible.",
        swog(lab_overrides={"ast_x_uln": 1.51, "alt_x_uln": 1.51}),
        NOT_ELIGIBLE,
        failed=(
            "transaminases",
            "ast",
            "alt",
        ),
    ),
    Case(
        "only_ast_raised",
        "AST 1.6 x ULN with ALT normal (AST or ALT, as worded): eligible.",
        swog(lab_overrides={"ast_x_uln": 1.6}),
        ELIGIBLE,
    ),
    Case(
        "ast_at_1_5_uln_with_alt_raised",
        "AST exactly 1.5 x ULN, ALT 2 x ULN: AST is within the cut, eligible.",
        swog(lab_overrides={"ast_x_uln": 1.5, "alt_x_uln": 2.0}),
        ELIGIBLE,
    ),
    Case(
        "alt_at_1_5_uln_with_ast_raised",
        "ALT exactly 1.5 x ULN, AST 2 x ULN: ALT is within the cut, eligible.",
        swog(lab_overrides={"ast_x_uln": 2.0, "alt_x_uln": 1.5}),
        ELIGIBLE,
    ),
    Case(
        "alt_just_above_1_5_uln_with_ast_raised",
        "ALT 1.6 x ULN, AST 2 x ULN: neither within the cut, not eligible.",
        swog(lab_overrides={"ast_x_uln": 2.0, "alt_x_uln": 1.6}),
        NOT_ELIGIBLE,
        failed=(
            "transaminases",
            "ast",
            "alt",
        ),
    ),
    Case(
        "zubrod_2",
        "Zubrod 2: eligible.",
        swog(ecog=2),
        ELIGIBLE,
    ),
    Case(
        "zubrod_3",
        "Zubrod 3: not eligible.",
        swog(ecog=3),
        NOT_ELIGIBLE,
        failed=("zubrod",),
    ),
    Case(
        "isolated_extramedullary_relapse",
        "Extramedullary-only relapse: not eligible.",
        swog(relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY),
        NOT_ELIGIBLE,
        failed=("not_isolated_extramedullary_relapse",),
    ),
    Case(
        "ph_positive_after_imatinib_failure",
        "Ph-positive, refractory to imatinib: eligible.",
        swog(ph=PhStatus.POSITIVE, salvage=[IMATINIB_RESISTANT]),
        ELIGIBLE,
    ),
    Case(
        "ph_positive_without_imatinib",
        "Ph-positive, never given imatinib: not eligible.",
        swog(ph=PhStatus.POSITIVE),
        NOT_ELIGIBLE,
        failed=("ph_rule", "ph_negative", "ph_positive_after_imatinib", "imatinib_failed"),
    ),
    Case(
        "ph_positive_dasatinib_failed_without_imatinib",
        (
            "Ph-positive, dasatinib failed but imatinib never given: imatinib did not fail, "
            "not eligible (both halves of 'imatinib received and failed' are needed)."
        ),
        swog(ph=PhStatus.POSITIVE, salvage=[DASATINIB_RESISTANT]),
        NOT_ELIGIBLE,
        failed=("ph_rule", "ph_negative", "ph_positive_after_imatinib", "imatinib_failed"),
    ),
    Case(
        "burkitt",
        "L3 (Burkitt) ALL, lineage not recorded: not eligible.",
        adult_in_relapse(
            conditions={
                **recorded(Condition.ACTIVE_INFECTION, Condition.PSYCHIATRIC_DISORDER),
                Condition.BURKITT: True,
            },
            lineage=None,
        ),
        NOT_ELIGIBLE,
        failed=("not_burkitt",),
    ),
    Case(
        "psychiatric_disorder",
        (
            "A psychiatric disorder that would interfere with compliance: not eligible "
            "(regression: a confirmed exclusion was left in the notes)."
        ),
        adult_in_relapse(
            conditions={
                **recorded(Condition.ACTIVE_INFECTION),
                Condition.PSYCHIATRIC_DISORDER: True,
            }
        ),
        NOT_ELIGIBLE,
        failed=("not_psychiatric_disorder",),
    ),
    Case(
        "unfit_for_intensive_therapy",
        "Clofarabine with cytarabine is intensive: an unfit patient is not eligible.",
        swog(fit=False),
        NOT_ELIGIBLE,
        failed=("fit_for_intensive_therapy",),
    ),
    Case(
        "cns3",
        "CNS involvement: not eligible.",
        swog(cns=CnsStatus.CNS3),
        NOT_ELIGIBLE,
        failed=("not_cns_involved",),
    ),
    Case(
        "burkitt_unrecorded",
        "Burkitt not assessed and lineage unrecorded: unknown, needs it.",
        adult_in_relapse(
            conditions=recorded(Condition.ACTIVE_INFECTION, Condition.PSYCHIATRIC_DISORDER),
            lineage=None,
        ),
        UNKNOWN,
        missing=(
            "disease.lineage",
            "conditions[burkitt]",
        ),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "disease.lineage",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "course.relapses[].site",
            "disease.philadelphia",
            "course.history_complete",
            "course.treatment_lines[].stop_reason",
            "ecog",
            "labs[creatinine]",
            "labs[creatinine].upper_limit_of_normal",
            "labs[ast]",
            "labs[ast].upper_limit_of_normal",
            "labs[alt]",
            "labs[alt].upper_limit_of_normal",
            "labs[bilirubin]",
            "labs[bilirubin].upper_limit_of_normal",
            "conditions[burkitt]",
            "conditions[psychiatric_disorder]",
            "conditions[active_infection]",
            "fit_for_intensive_therapy",
            "disease.cns",
        ),
    ),
)


@table(CASES)
def test_vignette(case: Case) -> None:
    """Each vignette screens to its status, failed criteria and missing fields."""
    check(OPTION, case)


def test_option_as_catalogued() -> None:
    """The option is a trial archetype with these citations and registry ids, and so
    many notes."""
    option = default_ruleset().option(OPTION)
    assert option.kind is OptionKind.TRIAL
    assert option.citations == (
        "review-ref-46",
        "nct00337168",
    )
    assert option.registry_ids == ("NCT00337168",)
    assert len(option.notes) == 10
