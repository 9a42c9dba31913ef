"""Citation texts of the trial archetypes until their rewrite to source ids.

Temporary: the trial modules' citations are rewritten to source ids separately; this
module keeps their current texts working meanwhile and goes with that rewrite. New code
cites source ids through :mod:`allmodel.catalogue._blocks` instead.
"""

from __future__ import annotations

__all__ = ["REVIEW_SUMMARY", "ref_b", "review"]

#: The review's summary and recommendations, as the trial texts cite it.
REVIEW_SUMMARY = "review: summary and recommendations"


def review(*numbers: int) -> str:
    """Citation text of the review's reference numbers (``review refs 7, 8``)."""
    if not numbers:
        return "review"
    label = "ref" if len(numbers) == 1 else "refs"
    return f"review {label} " + ", ".join(str(n) for n in numbers)


def ref_b(section: int, *sources: str) -> str:
    """Citation text of a section of the trial-criteria notes and its source keys."""
    keys = f" ({', '.join(sources)})" if sources else ""
    return f"REFERENCE-B {section}{keys}"
