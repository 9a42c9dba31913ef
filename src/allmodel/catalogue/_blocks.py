"""Building blocks shared by the criteria sets: frequent criteria and citation helpers.

Each function returns a fresh criterion with a default id that callers may override, so
an option can use the same block twice under different ids.
"""

from __future__ import annotations

from allmodel.criteria import InJurisdiction, Is, IsIn, Jurisdiction, Node, Not, Op, Threshold

__all__ = [
    "CD19_ESCAPE",
    "adult",
    "age_at_least",
    "age_at_most",
    "b_precursor",
    "cd19_positive",
    "cd22_positive",
    "in_jurisdiction",
    "not_",
    "ph_negative",
    "ph_positive",
    "refs",
    "relapsed_or_refractory",
    "review",
    "t_lineage",
]

REVIEW = "review"

#: Why a CD19 CAR T product or trial needs CD19 on the blasts: the target, and antigen
#: escape under CD19-directed therapy (review refs 7-13).
CD19_ESCAPE = "review: CAR-T (CD19-directed) and antigen escape (refs 7-13)"


def review(*numbers: int) -> str:
    """Citation text for the review's reference numbers (``review refs 7, 8``)."""
    if not numbers:
        return REVIEW
    label = "ref" if len(numbers) == 1 else "refs"
    return f"{REVIEW} {label} " + ", ".join(str(n) for n in numbers)


def refs(*items: str) -> tuple[str, ...]:
    """A citations tuple (for readability at call sites)."""
    return tuple(items)


def b_precursor(*citations: str, id: str = "b_precursor") -> IsIn:
    """Blasts of B-precursor lineage."""
    return IsIn(
        id=id, text="B-precursor ALL", fact="lineage", values=("b_precursor",), citations=citations
    )


def t_lineage(*citations: str, id: str = "t_lineage") -> IsIn:
    """Blasts of T lineage."""
    return IsIn(id=id, text="T-lineage ALL", fact="lineage", values=("t",), citations=citations)


def ph_negative(*citations: str, id: str = "ph_negative") -> IsIn:
    """Philadelphia chromosome negative."""
    return IsIn(
        id=id,
        text="Philadelphia chromosome negative",
        fact="ph_status",
        values=("negative",),
        citations=citations,
    )


def ph_positive(*citations: str, id: str = "ph_positive") -> IsIn:
    """Philadelphia chromosome (BCR-ABL1) positive."""
    return IsIn(
        id=id,
        text="Philadelphia chromosome positive",
        fact="ph_status",
        values=("positive",),
        citations=citations,
    )


def relapsed_or_refractory(*citations: str, id: str = "relapsed_or_refractory") -> Is:
    """In relapse, or refractory to induction, on the screening date."""
    return Is(
        id=id,
        text="relapsed or refractory disease",
        fact="relapsed_or_refractory",
        citations=citations,
    )


def cd19_positive(*citations: str, id: str = "cd19_positive") -> Is:
    """The latest CD19 result is positive (the laboratory's call)."""
    return Is(id=id, text="blasts express CD19", fact="cd19_positive", citations=citations)


def cd22_positive(*citations: str, id: str = "cd22_positive") -> Is:
    """The latest CD22 result is positive (the laboratory's call)."""
    return Is(id=id, text="blasts express CD22", fact="cd22_positive", citations=citations)


def age_at_least(years: int, *citations: str, id: str = "adult") -> Threshold:
    """Completed age of at least ``years`` on the screening date (inclusive)."""
    return Threshold(
        id=id,
        text=f"aged {years} or over",
        fact="age_years",
        op=Op.GE,
        value=years,
        unit="years",
        citations=citations,
    )


def adult(*citations: str, id: str = "adult") -> Threshold:
    """Aged 18 or over."""
    return age_at_least(18, *citations, id=id)


def age_at_most(years: int, *citations: str, id: str = "age_limit") -> Threshold:
    """Completed age of at most ``years`` (``<= 25``: up to the day before the 26th birthday)."""
    return Threshold(
        id=id,
        text=f"aged {years} or under",
        fact="age_years",
        op=Op.LE,
        value=years,
        unit="years",
        citations=citations,
    )


def in_jurisdiction(
    jurisdiction: Jurisdiction, *citations: str, id: str | None = None
) -> InJurisdiction:
    """The screening follows ``jurisdiction``'s labels."""
    return InJurisdiction(
        id=id or f"jurisdiction_{jurisdiction.value.lower()}",
        text=f"{jurisdiction.value} label",
        jurisdictions=(jurisdiction,),
        citations=citations,
    )


def not_(part: Node, text: str, *citations: str, id: str | None = None) -> Not:
    """``Not(part)`` with its own id (default ``not_<part id>``) and text."""
    return Not(id=id or f"not_{part.id}", text=text, part=part, citations=citations)
