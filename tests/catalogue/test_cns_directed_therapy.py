"""Golden vignettes of CNS-directed therapy (review refs 57, 58; decision-8)."""

from __future__ import annotations

from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import CnsStatus, RelapseSite
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, Case, check, table

OPTION = "cns_directed_therapy"


CASES = (
    Case(
        "involvement_eligible-cns2a",
        "Blasts in an uncontaminated CSF sample (CNS2a, CNS3) are eligible.",
        adult_in_relapse(cns=CnsStatus.CNS2A),
        ELIGIBLE,
    ),
    Case(
        "involvement_eligible-cns3",
        "Blasts in an uncontaminated CSF sample (CNS2a, CNS3) are eligible.",
        adult_in_relapse(cns=CnsStatus.CNS3),
        ELIGIBLE,
    ),
    Case(
        "involvement_eligible-cns3a",
        "Blasts in an uncontaminated CSF sample (CNS2a, CNS3) are eligible.",
        adult_in_relapse(cns=CnsStatus.CNS3A),
        ELIGIBLE,
    ),
    Case(
        "cns1_not_eligible",
        "CNS1 is not eligible.",
        adult_in_relapse(cns=CnsStatus.CNS1),
        NOT_ELIGIBLE,
        failed=("cns_involved",),
    ),
    Case(
        "traumatic_or_unsubtyped_tap_unknown-cns2b",
        "A traumatic tap with blasts, or CNS2 without subcategory, is unknown.",
        adult_in_relapse(cns=CnsStatus.CNS2B),
        UNKNOWN,
        missing=(
            "disease.cns",
            "course.relapses",
        ),
    ),
    Case(
        "traumatic_or_unsubtyped_tap_unknown-cns2c",
        "A traumatic tap with blasts, or CNS2 without subcategory, is unknown.",
        adult_in_relapse(cns=CnsStatus.CNS2C),
        UNKNOWN,
        missing=(
            "disease.cns",
            "course.relapses",
        ),
    ),
    Case(
        "traumatic_or_unsubtyped_tap_unknown-cns2",
        "A traumatic tap with blasts, or CNS2 without subcategory, is unknown.",
        adult_in_relapse(cns=CnsStatus.CNS2),
        UNKNOWN,
        missing=(
            "disease.cns",
            "course.relapses",
        ),
    ),
    Case(
        "isolated_cns_relapse_without_csf_eligible",
        "An isolated CNS relapse without a later CSF result counts as involvement.",
        adult_in_relapse(cns=None, relapse_site=RelapseSite.ISOLATED_CNS),
        ELIGIBLE,
    ),
    Case(
        "isolated_cns_relapse_with_csf_after_it-cns3",
        (
            "A CSF result after the relapse supersedes the relapse record: CNS3 eligible, "
            "CNS1 (cleared) not eligible."
        ),
        adult_in_relapse(cns=CnsStatus.CNS3, relapse_site=RelapseSite.ISOLATED_CNS),
        ELIGIBLE,
    ),
    Case(
        "isolated_cns_relapse_with_csf_after_it-cns1",
        (
            "A CSF result after the relapse supersedes the relapse record: CNS3 eligible, "
            "CNS1 (cleared) not eligible."
        ),
        adult_in_relapse(cns=CnsStatus.CNS1, relapse_site=RelapseSite.ISOLATED_CNS),
        NOT_ELIGIBLE,
        failed=("cns_involved",),
    ),
    Case(
        "isolated_extramedullary_relapse_without_csf_unknown",
        "An isolated non-CNS extramedullary relapse without a CSF result is unknown.",
        adult_in_relapse(cns=None, relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY),
        UNKNOWN,
        missing=(
            "disease.cns",
            "course.relapses",
        ),
    ),
    Case(
        "no_csf_marrow_relapse_unknown",
        "A marrow relapse without a CSF result is unknown.",
        adult_in_relapse(cns=None),
        UNKNOWN,
        missing=(
            "disease.cns",
            "course.relapses",
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
        "review-ref-57",
        "review-ref-58",
        "review-central-nervous-system-involvement",
        "web-bmj-bestpractice-all-cns-status",
        "decision-8",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
