"""Golden vignettes of the CALGB 19801 trial archetype (REFERENCE-B 13; review ref 50): aged >= 16,
R/R T-lineage ALL/LBL, organ function, neurological exclusions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from allmodel import Patient, Sex
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import CnsStatus, Condition, Finding, Lineage
from tests.builders import AS_OF, adult_in_relapse
from tests.catalogue.vignettes import ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, Case, check, recorded, table

OPTION = "calgb_19801"


CALGB_CONDITIONS = recorded(
    Condition.SEIZURE_DISORDER,
    Condition.PERIPHERAL_NEUROPATHY,
    Condition.PRIOR_SEVERE_NEUROTOXICITY,
)


def calgb(
    *,
    lactating: bool | None = False,
    hepatic: bool | None = None,
    renal: bool | None = None,
    judged_days_before: int = 1,
    **changes: Any,
) -> Patient:
    """A woman with relapsed T-ALL, neurological exclusions recorded absent, not nursing;
    ``hepatic``/``renal``: the team's judgement that out-of-range liver values / reduced
    kidney function are due to the leukaemia, made ``judged_days_before`` (``None``: not
    recorded)."""
    settings: dict[str, Any] = {
        "lineage": Lineage.T,
        "cd19": False,
        "cd22": False,
        "cd22_percent": 1,
        "conditions": CALGB_CONDITIONS,
    }
    settings.update(changes)
    patient = adult_in_relapse(**settings)
    nursing = (
        None if lactating is None else Finding(value=lactating, date=AS_OF - timedelta(days=1))
    )
    day = AS_OF - timedelta(days=judged_days_before)
    return attrs.evolve(
        patient,
        lactating=nursing,
        hepatic_dysfunction_due_to_leukemia=None
        if hepatic is None
        else Finding(value=hepatic, date=day),
        renal_dysfunction_due_to_leukemia=None if renal is None else Finding(value=renal, date=day),
    )


def with_condition(condition: Condition) -> Patient:
    """CALGB 19801's patient with ``condition`` recorded present."""
    return calgb(conditions={**CALGB_CONDITIONS, condition: True})


CASES = (
    Case(
        "first_relapse",
        "Relapsed T-ALL: eligible.",
        calgb(),
        ELIGIBLE,
    ),
    Case(
        "age_16",
        "Aged 16: eligible.",
        calgb(age=16),
        ELIGIBLE,
    ),
    Case(
        "age_15",
        "Aged 15: not eligible.",
        calgb(age=15),
        NOT_ELIGIBLE,
        failed=("age",),
    ),
    Case(
        "creatinine_clearance_50",
        "Creatinine clearance 50 mL/min: eligible.",
        calgb(lab_overrides={"creatinine_clearance": 50}),
        ELIGIBLE,
    ),
    Case(
        "creatinine_clearance_49",
        "Creatinine clearance 49 mL/min, cause not recorded: unknown (the exception 'unless"
        " due to leukaemia' may apply).",
        calgb(lab_overrides={"creatinine_clearance": 49}),
        UNKNOWN,
        missing=("renal_dysfunction_due_to_leukemia",),
    ),
    Case(
        "creatinine_clearance_49_not_due_to_leukemia",
        "Creatinine clearance 49 mL/min, judged not due to the leukaemia: not eligible.",
        calgb(lab_overrides={"creatinine_clearance": 49}, renal=False),
        NOT_ELIGIBLE,
        failed=(
            "creatinine_clearance_unless_leukemia",
            "creatinine_clearance",
            "creatinine_clearance_due_to_leukemia",
        ),
    ),
    Case(
        "creatinine_clearance_49_due_to_leukemia",
        "Creatinine clearance 49 mL/min, judged due to the leukaemia: eligible.",
        calgb(lab_overrides={"creatinine_clearance": 49}, renal=True),
        ELIGIBLE,
    ),
    Case(
        "creatinine_clearance_51",
        "Creatinine clearance 51 mL/min: eligible.",
        calgb(lab_overrides={"creatinine_clearance": 51}),
        ELIGIBLE,
    ),
    Case(
        "bilirubin_2_uln",
        "Bilirubin exactly 2 x ULN: eligible.",
        calgb(lab_overrides={"bilirubin_x_uln": 2}),
        ELIGIBLE,
    ),
    Case(
        "bilirubin_just_above_2_uln",
        "Bilirubin 2.01 x ULN, cause not recorded: unknown.",
        calgb(lab_overrides={"bilirubin_x_uln": 2.01}),
        UNKNOWN,
        missing=("hepatic_dysfunction_due_to_leukemia",),
    ),
    Case(
        "bilirubin_just_above_2_uln_not_due_to_leukemia",
        "Bilirubin 2.01 x ULN, judged not due to the leukaemia: not eligible.",
        calgb(lab_overrides={"bilirubin_x_uln": 2.01}, hepatic=False),
        NOT_ELIGIBLE,
        failed=("bilirubin_unless_leukemia", "bilirubin", "bilirubin_due_to_leukemia"),
    ),
    Case(
        "bilirubin_just_above_2_uln_due_to_leukemia",
        "Bilirubin 2.01 x ULN, judged due to the leukaemia: eligible.",
        calgb(lab_overrides={"bilirubin_x_uln": 2.01}, hepatic=True),
        ELIGIBLE,
    ),
    Case(
        "judged_due_to_leukemia_28_days_ago",
        "Bilirubin 2.01 x ULN, judged due to the leukaemia 28 days ago (the judgement"
        " window): eligible.",
        calgb(lab_overrides={"bilirubin_x_uln": 2.01}, hepatic=True, judged_days_before=28),
        ELIGIBLE,
    ),
    Case(
        "judged_due_to_leukemia_29_days_ago",
        "Bilirubin 2.01 x ULN, judged due to the leukaemia 29 days ago: the judgement is no"
        " longer current, unknown.",
        calgb(lab_overrides={"bilirubin_x_uln": 2.01}, hepatic=True, judged_days_before=29),
        UNKNOWN,
        missing=("hepatic_dysfunction_due_to_leukemia",),
    ),
    Case(
        "bilirubin_above_2_uln_only_kidney_judged",
        "Bilirubin 2.01 x ULN with only reduced kidney function judged due to the leukaemia:"
        " unknown (one organ's judgement does not excuse the other's value).",
        calgb(lab_overrides={"bilirubin_x_uln": 2.01}, renal=True),
        UNKNOWN,
        missing=("hepatic_dysfunction_due_to_leukemia",),
    ),
    Case(
        "bilirubin_2_uln_judged_not_due",
        "Bilirubin exactly 2 x ULN, judged not due to the leukaemia: eligible (in range).",
        calgb(lab_overrides={"bilirubin_x_uln": 2}, hepatic=False),
        ELIGIBLE,
    ),
    Case(
        "b_lineage",
        "B-precursor ALL: not eligible.",
        calgb(lineage=Lineage.B_PRECURSOR),
        NOT_ELIGIBLE,
        failed=("t_lineage",),
    ),
    Case(
        "seizure_disorder",
        "History of seizure disorder: not eligible.",
        with_condition(Condition.SEIZURE_DISORDER),
        NOT_ELIGIBLE,
        failed=("not_seizure_disorder",),
    ),
    Case(
        "neuropathy",
        "Neuropathy of grade 2 or more: not eligible.",
        with_condition(Condition.PERIPHERAL_NEUROPATHY),
        NOT_ELIGIBLE,
        failed=("not_peripheral_neuropathy",),
    ),
    Case(
        "prior_severe_neurotoxicity",
        "Grade 3 or more neurotoxicity during earlier therapy: not eligible.",
        with_condition(Condition.PRIOR_SEVERE_NEUROTOXICITY),
        NOT_ELIGIBLE,
        failed=("not_prior_severe_neurotoxicity",),
    ),
    Case(
        "cns_leukaemia",
        "CNS leukaemia (CNS3): not eligible.",
        calgb(cns=CnsStatus.CNS3),
        NOT_ELIGIBLE,
        failed=("not_cns_involved",),
    ),
    Case(
        "pregnant",
        "Pregnant: not eligible.",
        calgb(pregnant=True),
        NOT_ELIGIBLE,
        failed=(
            "not_pregnant",
            "male",
            "pregnant",
        ),
    ),
    Case(
        "man_without_pregnancy_record",
        "A man needs no pregnancy or nursing record: eligible.",
        calgb(sex=Sex.MALE, lactating=None),
        ELIGIBLE,
    ),
    Case(
        "nursing_unrecorded",
        "A woman whose nursing status is not recorded: unknown, needs it.",
        calgb(lactating=None),
        UNKNOWN,
        missing=("lactating",),
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
            "labs[bilirubin]",
            "labs[bilirubin].upper_limit_of_normal",
            "hepatic_dysfunction_due_to_leukemia",
            "labs[creatinine_clearance]",
            "renal_dysfunction_due_to_leukemia",
            "disease.cns",
            "conditions[prior_severe_neurotoxicity]",
            "conditions[peripheral_neuropathy]",
            "conditions[seizure_disorder]",
            "sex",
            "pregnant",
            "lactating",
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
        "review-ref-50",
        "nct00003545",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 7
