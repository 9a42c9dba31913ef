"""Blocks about the patient: age, the treating team's judgements, the TKI history.

The same conventions as the disease blocks: positional citations, keyword-only ``id``
and ``text`` with defaults for a leaf, keyword-only ``prefix`` for a composite.
"""

from __future__ import annotations

from allmodel.catalogue._blocks._citations import REVIEW_REMISSION_INDUCTION, Cites
from allmodel.catalogue._blocks._generic import flag, threshold
from allmodel.criteria import Is, Op, Threshold

__all__ = [
    "adequate_organ_function",
    "adult",
    "age_at_least",
    "age_at_most",
    "certified_car_t_centre",
    "fit_for_intensive",
    "fit_for_intensive_arm",
    "imatinib_failed",
]


# --- age ----------------------------------------------------------------------------------


def age_at_least(
    years: int, *citations: Cites, id: str | None = None, text: str | None = None
) -> Threshold:
    """Completed age of at least ``years`` on the screening date (inclusive).

    The id defaults to ``aged_<years>_or_over``, the text to ``aged <years> or over``.
    """
    return threshold(
        "age_years",
        Op.GE,
        years,
        "years",
        text or f"aged {years} or over",
        *citations,
        id=id or f"aged_{years}_or_over",
    )


def adult(*citations: Cites, id: str = "adult", text: str | None = None) -> Threshold:
    """Aged 18 or over."""
    return age_at_least(18, *citations, id=id, text=text)


def age_at_most(
    years: int, *citations: Cites, id: str | None = None, text: str | None = None
) -> Threshold:
    """Completed age of at most ``years`` (``<= 25``: up to the day before the 26th birthday).

    The id defaults to ``aged_<years>_or_under``, the text to ``aged <years> or under``.
    """
    return threshold(
        "age_years",
        Op.LE,
        years,
        "years",
        text or f"aged {years} or under",
        *citations,
        id=id or f"aged_{years}_or_under",
    )


# --- the treating team's judgements and the care setting ---------------------------------


def fit_for_intensive(
    *citations: Cites,
    id: str = "fit_for_intensive_therapy",
    text: str = "judged fit for intensive chemotherapy",
) -> Is:
    """The treating team judges the patient fit for intensive chemotherapy."""
    return flag("fit_for_intensive_therapy", text, *citations, id=id)


def fit_for_intensive_arm(
    *citations: Cites,
    id: str = "fit_for_intensive_therapy",
    text: str = "judged fit for intensive chemotherapy (the trial gives it)",
) -> Is:
    """Fit for a trial's intensive chemotherapy (an arm or the regimen itself).

    The review sends frail or comorbid patients to palliation instead of intensive
    induction (its section on remission induction); a trial that gives intensive
    chemotherapy inherits that condition, read from the treating team's current judgement.
    That section (``review-remission-induction``) is cited first, then ``citations``.
    """
    return fit_for_intensive(REVIEW_REMISSION_INDUCTION, *citations, id=id, text=text)


def adequate_organ_function(
    *citations: Cites,
    id: str = "adequate_organ_function",
    text: str = "renal, hepatic and cardiac function judged adequate (the trial states no numbers)",
) -> Is:
    """The treating team's current judgement that organ function is adequate."""
    return flag("adequate_organ_function", text, *citations, id=id)


def certified_car_t_centre(
    *citations: Cites,
    id: str = "certified_car_t_centre",
    text: str = "treated at a centre certified to give CAR T cells (US REMS), with tocilizumab"
    " on site",
) -> Is:
    """Treatment at a centre certified to give CAR T cells (REMS in the US)."""
    return flag("certified_car_t_centre", text, *citations, id=id)


# --- TKI history ---------------------------------------------------------------------------


def imatinib_failed(*citations: Cites, prefix: str = "") -> Is:
    """Imatinib failed: a line giving imatinib stopped for resistance or intolerance (no
    response, or a relapse on it, count as resistance; intolerance only of a line whose one
    TKI was imatinib, with no agent but corticosteroids). The failure of another TKI is not
    imatinib failure (clinical audit of ruleset 3.1.0)."""
    return flag(
        "imatinib_failure",
        "imatinib failed (resistance or intolerance)",
        *citations,
        id=f"{prefix}imatinib_failed",
    )
