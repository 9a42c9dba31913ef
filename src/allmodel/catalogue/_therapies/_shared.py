"""Citations and criteria blocks shared by the therapy modules (private to the package).

Each block returns a fresh criterion; composite blocks take a ``prefix`` for their own id
and their parts' ids, so one option can hold the same block twice.
"""

from __future__ import annotations

from allmodel.criteria import All, Any, Is, IsIn, Jurisdiction, Not, Op, Threshold

US, EU = Jurisdiction.US, Jurisdiction.EU

#: The review's sections without reference numbers, cited by name.
REVIEW_SUMMARY = "review: summary and recommendations"
REVIEW_SELECTION = "review: selection of therapy"
REVIEW_MULTIPLY_RELAPSED = "review: multiply relapsed disease"
REVIEW_PH_POSITIVE = "review: Philadelphia chromosome positive ALL"
REVIEW_REMISSION_INDUCTION = "review: remission induction"
REVIEW_DEFINITIONS = "review: definitions of relapse and refractory disease"

_RELAPSE_PHASES = ("first_relapse", "second_or_later_relapse", "relapse_after_allogeneic_hct")


def ref_a(section: str, detail: str = "") -> str:
    """Citation of a section of the clinical reference file REFERENCE-A (``REFERENCE-A B.1``)."""
    return f"REFERENCE-A {section}" + (f": {detail}" if detail else "")


def decision(number: int) -> str:
    """Citation of a decision of the clinical reference index (``REFERENCE.md decision 4``)."""
    return f"REFERENCE.md decision {number}"


def in_relapse(*citations: str, id: str = "in_relapse") -> IsIn:
    """In a relapse (first, second or later, or after allogeneic HCT) on the screening date."""
    return IsIn(
        id=id,
        text="currently in relapse",
        fact="phase",
        values=_RELAPSE_PHASES,
        citations=citations,
    )


def in_remission(*citations: str, id: str = "in_remission") -> Is:
    """In remission (CR, CRh or CRi; MRD-positive or not) on the screening date."""
    return Is(id=id, text="currently in remission", fact="in_remission", citations=citations)


def in_complete_remission(*citations: str, id: str = "in_complete_remission") -> IsIn:
    """In complete remission with full count recovery (CR, not CRh or CRi)."""
    return IsIn(
        id=id,
        text="currently in complete remission (CR, not CRh or CRi)",
        fact="remission_kind",
        values=("CR",),
        citations=citations,
    )


def fit_for_intensive(*citations: str, id: str = "fit_for_intensive_therapy") -> Is:
    """The treating team judges the patient fit for intensive chemotherapy."""
    return Is(
        id=id,
        text="judged fit for intensive chemotherapy",
        fact="fit_for_intensive_therapy",
        citations=citations,
    )


def judged(fact: str, text: str, *citations: str, id: str | None = None) -> Is:
    """A recorded, dated judgement of the treating team that must be yes (unknown when
    absent or no longer current): candidacy for HCT, "no alternative treatment", ..."""
    return Is(id=id or fact, text=text, fact=fact, citations=citations)


def certified_car_t_centre(*citations: str, id: str = "certified_car_t_centre") -> Is:
    """Treatment at a centre certified to give CAR T cells (REMS in the US)."""
    return Is(
        id=id,
        text="treated at a centre certified to give CAR T cells (US REMS), with tocilizumab"
        " on site",
        fact="certified_car_t_centre",
        citations=citations,
    )


def systemic_disease(*citations: str, id: str = "systemic_disease") -> Not:
    """Not an isolated extramedullary relapse: disease in marrow or blood.

    The immunotherapies and their trials were studied in marrow disease (TOWER > 5 %,
    INO-VATE >= 5 %, ZUMA-3 > 5 % marrow blasts); an isolated CNS or other extramedullary
    relapse is first treated locally (review: CNS-directed therapy, ref 57).
    """
    return Not(
        id=id,
        text="disease in marrow or blood, not an isolated extramedullary relapse (treat an"
        " isolated CNS or other extramedullary relapse locally first; this product was"
        " studied in marrow disease)",
        part=Is(
            id=f"{id}_isolated_extramedullary_relapse",
            text="isolated extramedullary relapse",
            fact="isolated_extramedullary_relapse",
            citations=citations,
        ),
        citations=citations,
    )


def count_at_least(fact: str, count: int, text: str, *citations: str, id: str) -> Threshold:
    """A count fact (``prior_regimens``, ``tki_failures`` ...) of at least ``count``."""
    return Threshold(
        id=id, text=text, fact=fact, op=Op.GE, value=count, unit="count", citations=citations
    )


def refractory(*citations: str, prefix: str = "") -> Any:
    """Refractory now: never in remission after induction, or the latest salvage failed."""
    return Any(
        id=f"{prefix}refractory",
        text="refractory to induction or to the latest salvage",
        citations=citations,
        parts=(
            Is(
                id=f"{prefix}primary_refractory",
                text="never reached remission after induction",
                fact="primary_refractory",
                citations=citations,
            ),
            Is(
                id=f"{prefix}refractory_to_salvage",
                text="the latest salvage line did not bring remission",
                fact="refractory_to_salvage",
                citations=citations,
            ),
        ),
    )


def second_or_later_relapse(*citations: str, prefix: str = "") -> All:
    """In relapse, with at least two relapses recorded."""
    return All(
        id=f"{prefix}second_or_later_relapse",
        text="in a second or later relapse",
        citations=citations,
        parts=(
            in_relapse(*citations, id=f"{prefix}in_relapse"),
            count_at_least(
                "relapse_count", 2, "two or more relapses", *citations, id=f"{prefix}two_relapses"
            ),
        ),
    )


def relapse_after_allogeneic_hct(*citations: str, id: str = "relapse_after_allogeneic_hct") -> IsIn:
    """In relapse after an allogeneic HCT."""
    return IsIn(
        id=id,
        text="relapsed after an allogeneic transplant",
        fact="phase",
        values=("relapse_after_allogeneic_hct",),
        citations=citations,
    )
