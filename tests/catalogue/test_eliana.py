"""Golden vignettes of the ELIANA trial archetype (REFERENCE-B 7; review ref 11): aged >= 3 at
screening and <= 21 at diagnosis, R/R B-ALL, blasts >= 5 %."""

from __future__ import annotations

from typing import Any

from allmodel import Patient
from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import RelapseSite
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    BLINATUMOMAB_RESISTANT,
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    aged_at_diagnosis,
    check,
    named,
    screened,
    table,
)

OPTION = "eliana"


def young_adult(at_diagnosis: int = 21, **changes: Any) -> Patient:
    """A patient ``at_diagnosis`` years old at diagnosis (two years older at screening),
    judged not a candidate for allogeneic SCT (one of ELIANA's disease states)."""
    changes.setdefault("hct_candidate", False)
    return aged_at_diagnosis(adult_in_relapse(**changes), at_diagnosis)


CASES = (
    Case(
        "21_at_diagnosis",
        "21 at diagnosis (23 at screening): eligible.",
        young_adult(21),
        ELIGIBLE,
    ),
    Case(
        "22_at_diagnosis",
        "22 at diagnosis: not eligible.",
        young_adult(22),
        NOT_ELIGIBLE,
        failed=("age_at_diagnosis",),
    ),
    Case(
        "20_at_diagnosis",
        "20 at diagnosis: eligible.",
        young_adult(20),
        ELIGIBLE,
    ),
    Case(
        "age_3_at_screening",
        "Aged 3 at screening: eligible.",
        adult_in_relapse(age=3, hct_candidate=False),
        ELIGIBLE,
    ),
    Case(
        "first_relapse_of_an_hct_candidate",
        (
            "A first relapse, neither refractory nor after SCT, in an SCT candidate: outside "
            "ELIANA's disease states (regression: any relapse was accepted)."
        ),
        young_adult(hct_candidate=True),
        NOT_ELIGIBLE,
        failed=(
            "disease_state",
            "primary_refractory",
            "chemorefractory",
            "relapse_after_hct",
            "not_hct_candidate",
        ),
    ),
    Case(
        "candidacy_unrecorded",
        "A first relapse with SCT candidacy unrecorded: unknown, needs the judgement.",
        young_adult(hct_candidate=None),
        UNKNOWN,
        missing=("hct_candidate",),
    ),
    Case(
        "primary_refractory_candidate",
        "Primary refractory disease qualifies whatever the SCT candidacy.",
        young_adult(hct_candidate=True, primary_refractory=True),
        ELIGIBLE,
    ),
    Case(
        "cd19_negative",
        "Known CD19-negative disease: not eligible (audit: CD19 CAR T for CD19-negative).",
        young_adult(cd19=False),
        NOT_ELIGIBLE,
        failed=("cd19_positive",),
    ),
    Case(
        "age_2_at_screening",
        "Aged 2 at screening: not eligible.",
        adult_in_relapse(age=2),
        NOT_ELIGIBLE,
        failed=(
            "age_at_screening",
            "disease_state",
            "primary_refractory",
            "chemorefractory",
            "relapse_after_hct",
            "not_hct_candidate",
        ),
    ),
    Case(
        "typical_adult",
        "A 45-year-old, diagnosed at 43: not eligible.",
        adult_in_relapse(),
        NOT_ELIGIBLE,
        failed=(
            "age_at_diagnosis",
            "disease_state",
            "primary_refractory",
            "chemorefractory",
            "relapse_after_hct",
            "not_hct_candidate",
        ),
    ),
    Case(
        "marrow_blasts_5_percent",
        "Marrow blasts of exactly 5 % meet >= 5 %: eligible.",
        young_adult(lab_overrides={"marrow_blasts": 5}),
        ELIGIBLE,
    ),
    Case(
        "marrow_blasts_just_below_5_percent",
        "Marrow blasts of 4.99 %: not eligible.",
        young_adult(lab_overrides={"marrow_blasts": 4.99}),
        NOT_ELIGIBLE,
        failed=("marrow_blasts",),
    ),
    Case(
        "relapse_after_allogeneic_hct",
        "Relapse after allogeneic SCT: eligible.",
        young_adult(allo_hct_months_before_relapse=8),
        ELIGIBLE,
    ),
    Case(
        "isolated_extramedullary_relapse",
        "Isolated extramedullary relapse (its marrow clear): not eligible.",
        young_adult(relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY),
        NOT_ELIGIBLE,
        failed=("marrow_blasts", "not_isolated_extramedullary_relapse"),
    ),
    Case(
        "prior_blinatumomab",
        "Prior CD19-directed therapy (blinatumomab): not eligible.",
        young_adult(salvage=[BLINATUMOMAB_RESISTANT]),
        NOT_ELIGIBLE,
        failed=("not_prior_cd19_or_gene_therapy",),
    ),
    Case(
        "date_of_birth_missing",
        "No date of birth: unknown, needs it.",
        adult_in_relapse(age=None, hct_candidate=False),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "course.diagnosis_date",
        ),
    ),
    Case(
        "empty_record_is_unknown",
        "An empty record is unknown for every archetype, never not eligible.",
        Patient(),
        UNKNOWN,
        missing=(
            "date_of_birth",
            "course.diagnosis_date",
            "disease.lineage",
            "course.remissions",
            "course.relapses",
            "course.transplants",
            "mrd",
            "course.treatment_lines",
            "course.treatment_lines[].best_response",
            "course.history_complete",
            "hct_candidate",
            "disease.markers[CD19].positive",
            "labs[marrow_blasts]",
            "course.relapses[].site",
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
        "review-ref-11",
        "nct02435849",
        "pub-laetsch-2022-jco",
        "web-novartis-hcp-kymriah-eliana",
        "web-acemap-eliana-ash-2018",
        "web-eviq-3832-tisagenlecleucel",
        "web-pmc-tisagenlecleucel-studies-table",
    )
    assert option.registry_ids == ("NCT02435849",)
    assert len(option.notes) == 8


def test_21_at_diagnosis_is_23_at_screening() -> None:
    """21 at diagnosis (23 at screening): the age fact is the age at screening."""
    found = screened(OPTION, named(CASES, "21_at_diagnosis"))
    assert found.facts["age_years"] == 23


def test_eliana_sister_study_is_not_its_registry_id() -> None:
    """ELIANA carries its own record; ENSIGN's id appears only in its notes."""
    eliana = default_ruleset().option(OPTION)
    assert eliana.registry_ids == ("NCT02435849",)
    assert "NCT02228096" in " ".join(eliana.notes)
