"""Golden vignettes of TKI-based therapy for Ph-positive relapse (review refs 53-56)."""

from __future__ import annotations

from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from allmodel.model import PhStatus
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    Case,
    check,
    in_remission,
    ph_positive,
    table,
)

OPTION = "tki_based_therapy"


CASES = (
    Case(
        "ph_positive_with_mutation_result_eligible",
        "Ph-positive relapse with a kinase-domain result (no T315I) is eligible.",
        ph_positive(t315i=False),
        ELIGIBLE,
    ),
    Case(
        "t315i_eligible",
        "Ph-positive relapse with T315I is eligible (ponatinib is the TKI).",
        ph_positive(t315i=True),
        ELIGIBLE,
    ),
    Case(
        "mutation_analysis_missing_unknown",
        "Without a kinase-domain analysis the option is unknown and names it.",
        ph_positive(t315i=None),
        UNKNOWN,
        missing=("disease.kinase_domain",),
    ),
    Case(
        "ph_negative_not_eligible",
        "Ph-negative disease is not eligible.",
        adult_in_relapse(t315i=False),
        NOT_ELIGIBLE,
        failed=("ph_positive",),
    ),
    Case(
        "child_not_eligible",
        "Every TKI label for relapsed or refractory Ph-positive ALL is for adults: a"
        " 17-year-old is not eligible.",
        ph_positive(t315i=False, age=17),
        NOT_ELIGIBLE,
        failed=("adult",),
    ),
    Case(
        "aged_18_eligible",
        "An 18-year-old is an adult under the labels: eligible.",
        ph_positive(t315i=False, age=18),
        ELIGIBLE,
    ),
    Case(
        "in_remission_not_eligible",
        "Ph-positive in remission is not eligible.",
        in_remission(ph=PhStatus.POSITIVE, t315i=False),
        NOT_ELIGIBLE,
        failed=("relapsed_or_refractory",),
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
        "review-ref-53",
        "review-ref-54",
        "review-ref-55",
        "review-ref-56",
        "review-philadelphia-chromosome-positive-all",
        "review-summary-and-recommendations",
        "label-us-gleevec",
        "label-us-sprycel",
        "label-us-iclusig",
        "label-eu-iclusig",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 4
