"""Citations shared by the options: source ids, and the helpers that put them together.

Every citation is a plain source id that :func:`allmodel.sources.source` resolves: the
review's numbered references (:func:`refs`: ``review-ref-7``), its sections cited by
heading (``REVIEW_*``: ``review-selection-of-therapy``), drug labels (``label-eu-blincyto``),
trial registry records (``nct02013167``), other publications (``web-...``, ``pub-...``) and
the project's decisions (:func:`decision`: ``decision-4``). A builder's citations are
trailing positional arguments, each an id or a tuple of ids (:data:`Cites`);
:func:`cite` flattens them in order.
"""

from __future__ import annotations

from typing import TypeAlias

__all__ = [
    "CD19_ESCAPE",
    "MARROW_DISEASE_TRIALS",
    "REVIEW",
    "REVIEW_ALKYLATING_AGENTS",
    "REVIEW_AUTOLOGOUS_HCT",
    "REVIEW_BLINATUMOMAB",
    "REVIEW_CAR_T",
    "REVIEW_CLINICAL_TRIALS",
    "REVIEW_CNS",
    "REVIEW_CYTARABINE",
    "REVIEW_DEFINITIONS",
    "REVIEW_EVALUATION",
    "REVIEW_LIPOSOMAL_VINCRISTINE",
    "REVIEW_MULTIPLY_RELAPSED",
    "REVIEW_PH_POSITIVE",
    "REVIEW_PRETREATMENT",
    "REVIEW_REMISSION_INDUCTION",
    "REVIEW_SELECTION",
    "REVIEW_SUMMARY",
    "REVIEW_TRANSPLANTATION",
    "REVIEW_T_CELL_ALL",
    "Cites",
    "cite",
    "decision",
    "refs",
]

#: One citation argument of a builder: a source id, or a tuple of them.
Cites: TypeAlias = str | tuple[str, ...]

#: The review as a whole.
REVIEW = "review"
#: The review's summary and recommendations.
REVIEW_SUMMARY = "review-summary-and-recommendations"
#: The review's section on the selection of therapy.
REVIEW_SELECTION = "review-selection-of-therapy"
#: The review's section on multiply relapsed disease.
REVIEW_MULTIPLY_RELAPSED = "review-multiply-relapsed-disease"
#: The review's section on Philadelphia chromosome positive ALL.
REVIEW_PH_POSITIVE = "review-philadelphia-chromosome-positive-all"
#: The review's section on remission induction (frailty and comorbidity lead to palliation).
REVIEW_REMISSION_INDUCTION = "review-remission-induction"
#: The review's section on evaluating a suspected relapse.
REVIEW_EVALUATION = "review-evaluation-of-suspected-relapse"
#: The review's definitions of relapse and refractory disease.
REVIEW_DEFINITIONS = "review-definitions-of-relapse-and-refractory-disease"
#: The review's pretreatment evaluation (lumbar puncture, HLA typing).
REVIEW_PRETREATMENT = "review-pretreatment-evaluation"
#: The review's section on central nervous system involvement.
REVIEW_CNS = "review-central-nervous-system-involvement"
#: The review's section on blinatumomab.
REVIEW_BLINATUMOMAB = "review-blinatumomab"
#: The review's section on CAR T cells.
REVIEW_CAR_T = "review-car-t"
#: The review's section on cytarabine-based regimens.
REVIEW_CYTARABINE = "review-cytarabine-based-regimens"
#: The review's section on alkylating agents.
REVIEW_ALKYLATING_AGENTS = "review-alkylating-agents"
#: The review's section on liposomal vincristine.
REVIEW_LIPOSOMAL_VINCRISTINE = "review-liposomal-vincristine"
#: The review's section on T cell ALL.
REVIEW_T_CELL_ALL = "review-t-cell-all"
#: The review's section on transplantation.
REVIEW_TRANSPLANTATION = "review-transplantation"
#: The review's section on autologous HCT.
REVIEW_AUTOLOGOUS_HCT = "review-autologous-hct"
#: The review's section on clinical trials.
REVIEW_CLINICAL_TRIALS = "review-clinical-trials"


def refs(*numbers: int) -> tuple[str, ...]:
    """The ids of the review's references with these numbers, in order.

    ``refs(7, 8, 13)`` is ``("review-ref-7", "review-ref-8", "review-ref-13")``.
    """
    return tuple(f"review-ref-{number}" for number in numbers)


def decision(number: int) -> str:
    """The id of one of the project's decisions for the default ruleset (``decision-4``)."""
    return f"decision-{number}"


def cite(*citations: Cites) -> tuple[str, ...]:
    """The ids of the citation arguments, flattened in order; an id given twice is kept
    once, where it first appears."""
    found: dict[str, None] = {}
    for citation in citations:
        for source_id in (citation,) if isinstance(citation, str) else citation:
            found.setdefault(source_id)
    return tuple(found)


#: Why a CD19 CAR T product or trial needs CD19 on the blasts: the CAR T section (the
#: products are CD19-directed) and the selection of therapy (blasts escape CD19-directed
#: therapy by losing CD19), with the review's immunotherapy references 7-13.
CD19_ESCAPE: tuple[str, ...] = (REVIEW_CAR_T, REVIEW_SELECTION, *refs(7, 8, 9, 10, 11, 12, 13))

#: The marrow-disease entry criteria of the immunotherapy trials, cited by the options that
#: leave an isolated extramedullary relapse out: the registry records of TOWER (marrow
#: blasts > 5 %), INO-VATE (>= 5 %) and ZUMA-3 (> 5 %).
MARROW_DISEASE_TRIALS: tuple[str, ...] = ("nct02013167", "nct01564784", "nct02614066")
