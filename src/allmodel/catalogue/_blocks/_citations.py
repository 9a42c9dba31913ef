"""Citation texts shared by the options: the review, its sections, and the reference files.

Every citation is a plain string (a sources registry may later replace them); the builders
here only keep their spelling the same everywhere: :func:`review` for the review's numbered
references, ``REVIEW_*`` for its sections cited by name, :func:`ref_a` and :func:`ref_b`
for the clinical reference files REFERENCE-A (labels and definitions) and REFERENCE-B
(trial entry criteria), :func:`decision` for a decision of the clinical reference index.
"""

from __future__ import annotations

__all__ = [
    "CD19_ESCAPE",
    "MARROW_DISEASE_TRIALS",
    "REVIEW_MULTIPLY_RELAPSED",
    "REVIEW_PH_POSITIVE",
    "REVIEW_REMISSION_INDUCTION",
    "REVIEW_SELECTION",
    "REVIEW_SUMMARY",
    "decision",
    "ref_a",
    "ref_b",
    "review",
]

_REVIEW = "review"

#: The review's summary and recommendations.
REVIEW_SUMMARY = "review: summary and recommendations"
#: The review's section on the selection of therapy.
REVIEW_SELECTION = "review: selection of therapy"
#: The review's section on multiply relapsed disease.
REVIEW_MULTIPLY_RELAPSED = "review: multiply relapsed disease"
#: The review's section on Philadelphia chromosome positive ALL.
REVIEW_PH_POSITIVE = "review: Philadelphia chromosome positive ALL"
#: The review's section on remission induction (frailty and comorbidity lead to palliation).
REVIEW_REMISSION_INDUCTION = "review: remission induction"

#: Why a CD19 CAR T product or trial needs CD19 on the blasts: the target, and antigen
#: escape under CD19-directed therapy (review refs 7-13).
CD19_ESCAPE = "review: CAR-T (CD19-directed) and antigen escape (refs 7-13)"

#: The marrow-disease entry criteria of the immunotherapy trials (REFERENCE-B 1, 5, 10),
#: cited by the options that leave an isolated extramedullary relapse out.
MARROW_DISEASE_TRIALS = (
    "REFERENCE-B 1, 5, 10: TOWER > 5 %, INO-VATE >= 5 %, ZUMA-3 > 5 % marrow blasts"
)


def review(*numbers: int) -> str:
    """Citation of the review's reference numbers (``review refs 7, 8``; ``review`` alone)."""
    if not numbers:
        return _REVIEW
    label = "ref" if len(numbers) == 1 else "refs"
    return f"{_REVIEW} {label} " + ", ".join(str(n) for n in numbers)


def ref_a(section: str, detail: str = "") -> str:
    """Citation of a section of the clinical reference file REFERENCE-A (``REFERENCE-A B.1``)."""
    return f"REFERENCE-A {section}" + (f": {detail}" if detail else "")


def ref_b(section: int, *sources: str) -> str:
    """Citation of a REFERENCE-B section and its source keys (``REFERENCE-B 10 (S26, S55)``)."""
    keys = f" ({', '.join(sources)})" if sources else ""
    return f"REFERENCE-B {section}{keys}"


def decision(number: int) -> str:
    """Citation of a decision of the clinical reference index (``REFERENCE.md decision 4``)."""
    return f"REFERENCE.md decision {number}"
