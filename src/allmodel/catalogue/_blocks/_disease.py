"""Blocks about the disease: lineage, Ph status, target antigens, phase and remission.

Each leaf block fixes its fact and values; its ``id`` and ``text`` are keyword-only with
the defaults shown, and its citations are positional. A composite block (several nodes)
takes a keyword-only ``prefix`` put before its own id and every part's id, so one option
can hold it twice. The category values come from the model's enums.
"""

from __future__ import annotations

from allmodel.catalogue._blocks._citations import Cites, cite
from allmodel.catalogue._blocks._generic import count_at_least, flag, not_, one_of, threshold
from allmodel.clinical import RELAPSE_PHASES, DiseasePhase
from allmodel.criteria import All, Any, Is, IsIn, Known, Node, Not, Op, Threshold
from allmodel.model import MRD_NEGATIVE_BELOW, Lineage, PhStatus, RemissionKind

__all__ = [
    "RELAPSE_PHASES",
    "b_precursor",
    "cd19_positive",
    "cd22_positive",
    "in_complete_remission",
    "in_relapse",
    "in_remission",
    "mrd_positive_in_remission",
    "ph_negative",
    "ph_positive",
    "refractory",
    "relapse_after_allogeneic_hct",
    "relapsed_or_refractory",
    "relapsed_or_refractory_after_every_line",
    "relapsed_or_refractory_since_regimens",
    "second_or_later_relapse",
    "systemic_disease",
    "t_lineage",
]


# --- lineage, Ph status, antigens -------------------------------------------------------


def b_precursor(*citations: Cites, id: str = "b_precursor", text: str = "B-precursor ALL") -> IsIn:
    """Blasts of B-precursor lineage."""
    return one_of("lineage", (Lineage.B_PRECURSOR,), text, *citations, id=id)


def t_lineage(*citations: Cites, id: str = "t_lineage", text: str = "T-lineage ALL") -> IsIn:
    """Blasts of T lineage."""
    return one_of("lineage", (Lineage.T,), text, *citations, id=id)


def ph_negative(
    *citations: Cites, id: str = "ph_negative", text: str = "Philadelphia chromosome negative"
) -> IsIn:
    """Philadelphia chromosome negative."""
    return one_of("ph_status", (PhStatus.NEGATIVE,), text, *citations, id=id)


def ph_positive(
    *citations: Cites, id: str = "ph_positive", text: str = "Philadelphia chromosome positive"
) -> IsIn:
    """Philadelphia chromosome (BCR-ABL1) positive."""
    return one_of("ph_status", (PhStatus.POSITIVE,), text, *citations, id=id)


def cd19_positive(
    *citations: Cites, id: str = "cd19_positive", text: str = "blasts express CD19"
) -> Is:
    """The latest CD19 result is positive (the laboratory's call)."""
    return flag("cd19_positive", text, *citations, id=id)


def cd22_positive(
    *citations: Cites, id: str = "cd22_positive", text: str = "blasts express CD22"
) -> Is:
    """The latest CD22 result is positive (the laboratory's call)."""
    return flag("cd22_positive", text, *citations, id=id)


# --- phase --------------------------------------------------------------------------------


def relapsed_or_refractory(
    *citations: Cites,
    id: str = "relapsed_or_refractory",
    text: str = "relapsed or refractory disease",
) -> Is:
    """In relapse, or refractory to induction, on the screening date."""
    return flag("relapsed_or_refractory", text, *citations, id=id)


def relapsed_or_refractory_after_every_line(
    *citations: Cites,
    id: str = "relapsed_or_refractory_after_every_line",
    text: str = "relapsed or refractory after every recorded line: the latest relapse is"
    " untreated, or a line since it ended without remission (none only pending)",
) -> Known:
    """No line of therapy since the latest relapse (or induction failure) has its outcome
    pending: the relapsed or refractory state came after every recorded line.

    A condition read from exposure or a count ("R/R despite two different TKIs", "R/R
    after more than 2 lines") also counts a line begun days ago whose response is not
    known yet, and the disease is not yet relapsed or refractory *despite* that line.
    ``latest_salvage_failed`` is known exactly when the latest line is not pending: false
    when the latest relapse is untreated (every line came before it), true when the
    latest line since it ended without remission, unknown while that line has no
    response recorded (even after an earlier line failed: clinical audit of ruleset
    3.1.0) or the history is incomplete. So this is :class:`~allmodel.criteria.Known` on
    that fact: true when it is known, unknown (never false) otherwise. Use it beside a
    relapsed-or-refractory condition (in remission the fact is known too).
    """
    return Known(
        id=id,
        text=text,
        fact="latest_salvage_failed",
        citations=cite(*citations),
    )


def relapsed_or_refractory_since_regimens(
    fact: str, count: int, *citations: Cites, prefix: str = "", by_relapses: bool = True
) -> Any:
    """The relapsed or refractory state came after ``count`` regimens counted by ``fact``.

    A source's "relapsed or refractory after at least N regimens" (nelarabine's "not
    responded to or relapsed following", clofarabine's "after at least two prior
    regimens") asks for disease that relapsed after, or did not respond to, the N-th
    regimen. The count facts (``prior_regimens``, ``prior_chemotherapy_regimens``) also
    count a line begun since the latest relapse whose outcome is not known yet (a salvage
    started three days ago): the count alone would call that line failed. So the count
    is paired with this group, true when one part is:

    * no line since the latest relapse is pending
      (:func:`relapsed_or_refractory_after_every_line`): every counted regimen came
      before the relapse, or one since it failed;
    * ``count + 1`` regimens are counted (at least N came before the latest line, which
      alone can be pending: a line followed by another without a recorded remission
      failed);
    * with ``by_relapses``, N or more relapses (each relapse after the first follows a
      regimen that brought a remission, so N regimens came before the latest relapse;
      this also decides an incomplete history). Pass ``by_relapses=False`` when ``fact``
      counts only some regimens (``prior_chemotherapy_regimens``: the regimen that brought
      a remission may have been an immunotherapy).

    Otherwise unknown, never true. Its id is ``<prefix>relapsed_or_refractory_after_them``.
    """
    own = f"{prefix}relapsed_or_refractory_after_them"
    parts: list[Node] = [
        relapsed_or_refractory_after_every_line(
            *citations, id=f"{own}_relapsed_or_refractory_after_every_line"
        ),
        count_at_least(
            fact,
            count + 1,
            f"{count + 1} or more regimens (at least {count} before the latest line)",
            *citations,
            id=f"{own}_one_more_regimen",
        ),
    ]
    if by_relapses:
        parts.append(
            count_at_least(
                "relapse_count",
                count,
                f"{count} or more relapses ({count} regimens before the latest one)",
                *citations,
                id=f"{own}_relapses",
            )
        )
    return Any(
        id=own,
        text=f"relapsed or refractory after the {count} counted regimens (not only during a"
        " line whose outcome is still pending)",
        citations=cite(*citations),
        parts=tuple(parts),
    )


def in_relapse(
    *citations: Cites, id: str = "in_relapse", text: str = "currently in relapse"
) -> IsIn:
    """In a relapse (any of :data:`RELAPSE_PHASES`) on the screening date."""
    return one_of("phase", RELAPSE_PHASES, text, *citations, id=id)


def relapse_after_allogeneic_hct(
    *citations: Cites,
    id: str = "relapse_after_allogeneic_hct",
    text: str = "relapsed after an allogeneic transplant",
) -> IsIn:
    """In relapse after an allogeneic HCT."""
    return one_of("phase", (DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT,), text, *citations, id=id)


def refractory(*citations: Cites, prefix: str = "") -> Any:
    """Refractory now: never in remission after induction, or the latest salvage failed."""
    return Any(
        id=f"{prefix}refractory",
        text="refractory to induction or to the latest salvage",
        citations=cite(*citations),
        parts=(
            flag(
                "primary_refractory",
                "never reached remission after induction",
                *citations,
                id=f"{prefix}primary_refractory",
            ),
            flag(
                "refractory_to_salvage",
                "the latest salvage line did not bring remission",
                *citations,
                id=f"{prefix}refractory_to_salvage",
            ),
        ),
    )


def second_or_later_relapse(*citations: Cites, prefix: str = "") -> All:
    """In relapse, with at least two relapses recorded."""
    return All(
        id=f"{prefix}second_or_later_relapse",
        text="in a second or later relapse",
        citations=cite(*citations),
        parts=(
            in_relapse(*citations, id=f"{prefix}in_relapse"),
            count_at_least(
                "relapse_count", 2, "two or more relapses", *citations, id=f"{prefix}two_relapses"
            ),
        ),
    )


def systemic_disease(*citations: Cites, prefix: str = "") -> Not:
    """Not an isolated extramedullary relapse: disease in marrow or blood.

    The immunotherapies and their trials were studied in marrow disease (TOWER > 5 %,
    INO-VATE >= 5 %, ZUMA-3 > 5 % marrow blasts: nct02013167, nct01564784, nct02614066);
    an isolated CNS or other extramedullary relapse is first treated locally
    (review-central-nervous-system-involvement; review-ref-57).
    """
    own = f"{prefix}systemic_disease"
    return not_(
        flag(
            "isolated_extramedullary_relapse",
            "isolated extramedullary relapse",
            *citations,
            id=f"{own}_isolated_extramedullary_relapse",
        ),
        "disease in marrow or blood, not an isolated extramedullary relapse (treat an"
        " isolated CNS or other extramedullary relapse locally first; this product was"
        " studied in marrow disease)",
        *citations,
        id=own,
    )


# --- remission ----------------------------------------------------------------------------


def in_remission(
    *citations: Cites, id: str = "in_remission", text: str = "currently in remission"
) -> Is:
    """In remission (CR, CRh or CRi; MRD-positive or not) on the screening date."""
    return flag("in_remission", text, *citations, id=id)


def in_complete_remission(
    *citations: Cites,
    id: str = "in_complete_remission",
    text: str = "currently in complete remission (CR, not CRh or CRi)",
) -> IsIn:
    """In complete remission with full count recovery (CR, not CRh or CRi)."""
    return one_of("remission_kind", (RemissionKind.CR,), text, *citations, id=id)


def mrd_positive_in_remission(
    *citations: Cites,
    id: str = "mrd_positive_remission",
    text: str = "in remission with MRD positive (1e-4 or more) in a current result",
) -> Threshold:
    """In remission with a current MRD level of ``1e-4`` or more (the positive call).

    Read from the level, not the call: a result that detected nothing at sensitivity
    ``s`` is the interval ``[0, s)``, so with an assay less sensitive than ``1e-4`` (the
    call "not evaluable") MRD positivity is unknown, not false; from an assay reaching
    ``1e-4`` it is false (decision-4).
    """
    return threshold(
        "mrd_level_in_remission",
        Op.GE,
        MRD_NEGATIVE_BELOW,
        "fraction",
        text,
        *citations,
        id=id,
    )
