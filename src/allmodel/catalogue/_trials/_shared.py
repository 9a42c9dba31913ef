"""Small builders shared by the trial archetype modules (private to the package).

They only shorten the criteria tables: every node still gets a stable id, a short text
in our own words and its citations.
"""

from __future__ import annotations

from allmodel.catalogue._blocks import not_
from allmodel.criteria import All, Any, Is, IsIn, Node, Not, Op, Option, OptionKind, Threshold

__all__ = [
    "RELAPSE_PHASES",
    "absent",
    "adequate_organ_function",
    "fit_for_intensive_arm",
    "flag",
    "imatinib_failed",
    "phase_in",
    "rb",
    "threshold",
    "trial",
]

#: The ``phase`` values of a patient in relapse (first, later, or after allogeneic HCT).
RELAPSE_PHASES = ("first_relapse", "second_or_later_relapse", "relapse_after_allogeneic_hct")


def rb(section: int, *sources: str) -> str:
    """Citation of a REFERENCE-B section and its source keys (``REFERENCE-B 10 (S26, S55)``)."""
    keys = f" ({', '.join(sources)})" if sources else ""
    return f"REFERENCE-B {section}{keys}"


def threshold(  # noqa: PLR0917  (a criterion row reads best positionally)
    id: str, text: str, fact: str, op: Op, value: float, unit: str | None, *citations: str
) -> Threshold:
    """``fact op value unit``, with its id, text and citations."""
    return Threshold(
        id=id, text=text, fact=fact, op=op, value=value, unit=unit, citations=citations
    )


def flag(id: str, text: str, fact: str, *citations: str, value: bool = True) -> Is:
    """A yes/no fact that must be ``value``."""
    return Is(id=id, text=text, fact=fact, value=value, citations=citations)


def phase_in(id: str, text: str, values: tuple[str, ...], *citations: str) -> IsIn:
    """The disease phase on the screening date is one of ``values``."""
    return IsIn(id=id, text=text, fact="phase", values=values, citations=citations)


def absent(fact: str, text: str, *citations: str) -> Not:
    """An exclusion on a yes/no fact: true when recorded absent, unknown when unrecorded.

    The inner node's id is the fact's name and the exclusion's id ``not_<fact>``; its text
    is ``no <text>``.
    """
    return not_(Is(id=fact, text=text, fact=fact, citations=citations), f"no {text}", *citations)


def fit_for_intensive_arm(*citations: str) -> Is:
    """Fit for the trial's intensive chemotherapy (an arm or the regimen itself).

    The review sends frail or comorbid patients to palliation instead of intensive
    induction (remission induction); a trial that gives intensive chemotherapy inherits
    that condition, read from the treating team's current judgement.
    """
    return flag(
        "fit_for_intensive_therapy",
        "judged fit for intensive chemotherapy (the trial gives it)",
        "fit_for_intensive_therapy",
        "review: remission induction (frailty, comorbidity)",
        *citations,
    )


def adequate_organ_function(*citations: str) -> Is:
    """The treating team's current judgement that organ function is adequate."""
    return flag(
        "adequate_organ_function",
        "renal, hepatic and cardiac function judged adequate (the trial states no numbers)",
        "adequate_organ_function",
        *citations,
    )


def imatinib_failed(prefix: str, *citations: str) -> All:
    """Imatinib received, and a TKI line failed through resistance or intolerance.

    No fact records which TKI failed; for a patient whose only TKI was imatinib this is
    exactly imatinib failure, otherwise it may count the failure of a later TKI (the
    options using it say so in their notes).
    """
    return All(
        id=f"{prefix}imatinib_failed",
        text="imatinib received and failed (resistance or intolerance)",
        citations=citations,
        parts=(
            flag(f"{prefix}prior_imatinib", "received imatinib", "prior_imatinib", *citations),
            Any(
                id=f"{prefix}tki_failed",
                text="a TKI stopped for resistance or intolerance",
                citations=citations,
                parts=(
                    flag(f"{prefix}tki_resistance", "TKI resistance", "tki_resistance", *citations),
                    flag(
                        f"{prefix}tki_intolerance", "TKI intolerance", "tki_intolerance", *citations
                    ),
                ),
            ),
        ),
    )


def trial(
    *,
    id: str,
    name: str,
    citations: tuple[str, ...],
    criteria: Node,
    registry_ids: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
) -> Option:
    """A trial archetype option."""
    return Option(
        id=id,
        kind=OptionKind.TRIAL,
        name=name,
        citations=citations,
        registry_ids=registry_ids,
        criteria=criteria,
        notes=notes,
    )
