"""Golden vignettes of palliative care (review: remission induction; multiply relapsed
disease)."""

from __future__ import annotations

from allmodel.catalogue import default_ruleset
from allmodel.criteria import OptionKind
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import ELIGIBLE, Case, check, in_remission, relapse_after_hct, table

OPTION = "palliative_care"


CASES = (
    Case(
        "preference_eligible",
        "A patient who prefers symptom-directed care is eligible.",
        adult_in_relapse(prefers_palliation=True),
        ELIGIBLE,
    ),
    Case(
        "unfit_eligible",
        "A patient unfit for intensive therapy is eligible.",
        adult_in_relapse(fit=False),
        ELIGIBLE,
    ),
    Case(
        "second_relapse_eligible",
        "A fit patient in second relapse is eligible (listed among the options).",
        adult_in_relapse(relapses=2),
        ELIGIBLE,
    ),
    Case(
        "relapse_after_hct_eligible",
        "A fit patient relapsing after allogeneic HCT is eligible.",
        relapse_after_hct(),
        ELIGIBLE,
    ),
    Case(
        "always_available_on_request-first_relapse",
        (
            "Palliative care is available to every patient who asks: a fit patient in first "
            "relapse, one with nothing recorded, one in remission (audit: it read unknown)."
        ),
        adult_in_relapse(),
        ELIGIBLE,
    ),
    Case(
        "always_available_on_request-nothing_recorded",
        (
            "Palliative care is available to every patient who asks: a fit patient in first "
            "relapse, one with nothing recorded, one in remission (audit: it read unknown)."
        ),
        adult_in_relapse(prefers_palliation=None, fit=None),
        ELIGIBLE,
    ),
    Case(
        "always_available_on_request-in_remission",
        (
            "Palliative care is available to every patient who asks: a fit patient in first "
            "relapse, one with nothing recorded, one in remission (audit: it read unknown)."
        ),
        in_remission(5e-5),
        ELIGIBLE,
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
        "review-remission-induction",
        "review-multiply-relapsed-disease",
        "review-summary-and-recommendations",
    )
    assert option.registry_ids == ()
    assert len(option.notes) == 2
