"""Response criteria sets: each source's thresholds with its own operators (decision-2).

See :mod:`allmodel.clinical.response` for how they are used. Every threshold is a named constant
citing its source; :data:`BLINATUMOMAB_TRIALS` (the default) and :data:`CIBMTR_2010` are
the two named sets.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from allmodel.errors import Problem, RuleError

__all__ = [
    "BLINATUMOMAB_CRH_ANC_ABOVE",
    "BLINATUMOMAB_CRH_PLATELETS_ABOVE",
    "BLINATUMOMAB_CR_ANC_ABOVE",
    "BLINATUMOMAB_CR_PLATELETS_ABOVE",
    "BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW",
    "BLINATUMOMAB_TRIALS",
    "CIBMTR_2010",
    "CIBMTR_CR_ANC_AT_OR_ABOVE",
    "CIBMTR_CR_PLATELETS_AT_OR_ABOVE",
    "CIBMTR_MARROW_BLASTS_BELOW",
    "CIBMTR_PROGRESSION_INCREASE_AT_LEAST",
    "REVIEW_MARROW_CELLULARITY_ABOVE",
    "ResponseCriteria",
]


# --- thresholds -------------------------------------------------------------------------

#: Blinatumomab trials: marrow blasts at most 5 %, inclusive (the NCT02412306 results text,
#: web-trialsco-nct02412306-results; the Table 3 footnote of
#: web-pmc-blinatumomab-efficacy-table; the Singapore formulary's criteria,
#: web-ndf-singapore-blinatumomab).
BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW = 5.0
#: Blinatumomab trials CR: platelets strictly above 100 x10^9/L (> 100,000/uL; same sources).
BLINATUMOMAB_CR_PLATELETS_ABOVE = 100.0
#: Blinatumomab trials CR: ANC strictly above 1.0 x10^9/L (> 1,000/uL; same sources).
BLINATUMOMAB_CR_ANC_ABOVE = 1.0
#: Blinatumomab trials CRh: platelets strictly above 50 x10^9/L (> 50,000/uL; same sources).
BLINATUMOMAB_CRH_PLATELETS_ABOVE = 50.0
#: Blinatumomab trials CRh: ANC strictly above 0.5 x10^9/L (> 500/uL; same sources).
BLINATUMOMAB_CRH_ANC_ABOVE = 0.5

#: CIBMTR 2010: marrow blasts strictly below 5 % (Biol Blood Marrow Transplant
#: 2010;16(9):1187-1211, Table 4a; web-pmc-bbmt-2010-all-response-criteria).
CIBMTR_MARROW_BLASTS_BELOW = 5.0
#: CIBMTR 2010 CR: platelets at or above 100 x10^9/L, inclusive (same Table 4a).
CIBMTR_CR_PLATELETS_AT_OR_ABOVE = 100.0
#: CIBMTR 2010 CR: ANC (neutrophils and bands) at or above 1.0 x10^9/L, inclusive (Table 4a).
CIBMTR_CR_ANC_AT_OR_ABOVE = 1.0
#: CIBMTR 2010 progressive disease: a relative increase of at least 25 % (inclusive) in
#: absolute circulating or marrow blasts (Table 4a; web-pmc-bbmt-2010-all-response-criteria).
CIBMTR_PROGRESSION_INCREASE_AT_LEAST = 0.25

#: The review's refractory definition asks for restoration of hematopoiesis with marrow
#: cellularity strictly above 25 % (review, "Definitions of relapse and refractory
#: disease", review-definitions-of-relapse-and-refractory-disease). Neither named set
#: quantifies cellularity, so this only triggers a note.
REVIEW_MARROW_CELLULARITY_ABOVE = 25.0

#: The review's definitions of relapse and refractory disease (cited by a result that
#: applies them: no response, relapse, or the cellularity note).
_REVIEW_CITATION = "review-definitions-of-relapse-and-refractory-disease"
#: The blinatumomab trial definitions (three confirmed texts), the ASH table whose CRi the
#: set adopts, and the decision that keeps the sets apart.
_BLINATUMOMAB_CITATIONS = (
    "web-trialsco-nct02412306-results",
    "web-pmc-blinatumomab-efficacy-table",
    "web-ndf-singapore-blinatumomab",
    "web-ashpublications-all-response-criteria",
    "decision-2",
)
#: The CIBMTR 2010 consensus table, and the decision that keeps the sets apart.
_CIBMTR_CITATIONS = ("web-pmc-bbmt-2010-all-response-criteria", "decision-2")

_COUNT_UNIT = "x10^9/L"


def _negated(operator: str) -> str:
    return {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}[operator]


def _holds(value: float, operator: str, cut: float) -> bool:
    if operator == "<":
        return value < cut
    if operator == "<=":
        return value <= cut
    if operator == ">":
        return value > cut
    return value >= cut


@attrs.frozen(kw_only=True)
class ResponseCriteria:
    """A named set of hematologic response criteria, with each source's operators.

    Args:
        name: Short name of the set (``blinatumomab_trials``).
        marrow_blasts_cut: Marrow blast percentage a remission must stay under.
        marrow_blasts_inclusive: Whether exactly ``marrow_blasts_cut`` still qualifies
            (``<=`` rather than ``<``).
        cr_platelets: Platelet cut for CR, in 10^9/L.
        cr_anc: Absolute neutrophil count cut for CR, in 10^9/L.
        cr_counts_inclusive: Whether counts exactly at the CR cuts qualify (``>=``
            rather than ``>``).
        crh_platelets: Platelet cut for CRh (partial recovery), in 10^9/L; ``None`` when
            the set defines no CRh.
        crh_anc: ANC cut for CRh, in 10^9/L; given together with ``crh_platelets``.
        crh_counts_inclusive: Whether counts exactly at the CRh cuts qualify.
        defines_cri: Whether a disease-free marrow whose counts miss the CR (and CRh)
            cuts is CRi (CR criteria without specified blood counts).
        cri_needs_one_count: Whether CRi also needs platelets or ANC to meet its CR cut,
            so that only one count is short (the blinatumomab trial set, decision-2); a
            disease-free marrow with neither count at its CR cut
            and no CRh is then unclassified. Only with ``defines_cri``.
        progression_increase: Relative increase in absolute circulating or marrow blasts
            over the previous assessment that is progressive disease (``0.25`` is 25 %);
            ``None`` when the set has no progression rule. New extramedullary disease is
            progression whenever the set has the rule.
        progression_inclusive: Whether an increase of exactly ``progression_increase``
            counts.
        citations: Source ids of the set's definitions (:func:`allmodel.sources.source`
            resolves them; a custom set may cite its own).

    Raises:
        RuleError: A cut is negative, not finite or out of range, only one CRh cut is
            given, ``cri_needs_one_count`` is set without ``defines_cri``, or the
            progression increase is not positive.
    """

    name: str
    marrow_blasts_cut: float
    marrow_blasts_inclusive: bool
    cr_platelets: float
    cr_anc: float
    cr_counts_inclusive: bool
    crh_platelets: float | None = None
    crh_anc: float | None = None
    crh_counts_inclusive: bool = False
    defines_cri: bool = False
    cri_needs_one_count: bool = False
    progression_increase: float | None = None
    progression_inclusive: bool = True
    citations: tuple[str, ...] = attrs.field(default=(), repr=False)

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise RuleError("; ".join(str(problem) for problem in problems))

    def _problems(self) -> Iterable[Problem]:
        if not self.name.strip():
            yield Problem("name", "must not be blank")
        if not 0 <= self.marrow_blasts_cut <= 100:
            yield Problem("marrow_blasts_cut", "must be between 0 and 100 %")
        for name in ("cr_platelets", "cr_anc", "crh_platelets", "crh_anc"):
            value = getattr(self, name)
            if value is not None and not 0 <= value < float("inf"):
                yield Problem(name, "must be a finite count of at least 0")
        if (self.crh_platelets is None) != (self.crh_anc is None):
            yield Problem("crh_anc", "must be given together with crh_platelets")
        if self.cri_needs_one_count and not self.defines_cri:
            yield Problem("cri_needs_one_count", "needs defines_cri")
        increase = self.progression_increase
        if increase is not None and not 0 < increase < float("inf"):
            yield Problem("progression_increase", "must be a finite increase above 0")

    @property
    def marrow_operator(self) -> str:
        """How marrow blasts must compare with the cut: ``<=`` or ``<``."""
        return "<=" if self.marrow_blasts_inclusive else "<"

    @property
    def cr_operator(self) -> str:
        """How counts must compare with the CR cuts: ``>=`` or ``>``."""
        return ">=" if self.cr_counts_inclusive else ">"

    @property
    def crh_operator(self) -> str:
        """How counts must compare with the CRh cuts: ``>=`` or ``>``."""
        return ">=" if self.crh_counts_inclusive else ">"

    @property
    def defines_crh(self) -> bool:
        """Whether the set defines CRh."""
        return self.crh_platelets is not None and self.crh_anc is not None


#: The blinatumomab trial definitions (web-trialsco-nct02412306-results,
#: web-pmc-blinatumomab-efficacy-table, web-ndf-singapore-blinatumomab; decision-2: the
#: default, the only set defining CRh). CR: marrow blasts <= 5 % (inclusive), no evidence of
#: disease, platelets > 100 and ANC > 1.0 x10^9/L (strict). CRh: the same with platelets >
#: 50 and ANC > 0.5 x10^9/L (strict). CRi (decision-2, revised 2026-12): the TOWER CRi
#: wording is still unconfirmed, so the set takes the confirmed ASH-table reading
#: (web-ashpublications-all-response-criteria), all CR criteria but one count: the same
#: disease-free marrow with platelets > 100 or ANC > 1.0 x10^9/L (the CR cuts and
#: operators), when neither CR nor CRh is met. A disease-free marrow with neither count at
#: its CR cut and no CRh stays unclassified (the CIBMTR 2010 CRi, which specifies no counts,
#: is not borrowed). No progression rule.
BLINATUMOMAB_TRIALS = ResponseCriteria(
    name="blinatumomab_trials",
    marrow_blasts_cut=BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW,
    marrow_blasts_inclusive=True,
    cr_platelets=BLINATUMOMAB_CR_PLATELETS_ABOVE,
    cr_anc=BLINATUMOMAB_CR_ANC_ABOVE,
    cr_counts_inclusive=False,
    crh_platelets=BLINATUMOMAB_CRH_PLATELETS_ABOVE,
    crh_anc=BLINATUMOMAB_CRH_ANC_ABOVE,
    crh_counts_inclusive=False,
    defines_cri=True,
    cri_needs_one_count=True,
    progression_increase=None,
    citations=_BLINATUMOMAB_CITATIONS,
)

#: The CIBMTR 2010 consensus (Biol Blood Marrow Transplant 2010 Table 4a,
#: web-pmc-bbmt-2010-all-response-criteria; decision-2). CR: marrow blasts < 5 % (strict),
#: no circulating blasts, no extramedullary disease, platelets >= 100 and ANC >= 1.0 x10^9/L
#: (inclusive). CRi: all CR criteria except the blood counts. Progressive disease: an
#: increase of at least 25 % (inclusive) in absolute circulating or marrow blasts, or new
#: extramedullary disease.
CIBMTR_2010 = ResponseCriteria(
    name="cibmtr_2010",
    marrow_blasts_cut=CIBMTR_MARROW_BLASTS_BELOW,
    marrow_blasts_inclusive=False,
    cr_platelets=CIBMTR_CR_PLATELETS_AT_OR_ABOVE,
    cr_anc=CIBMTR_CR_ANC_AT_OR_ABOVE,
    cr_counts_inclusive=True,
    defines_cri=True,
    progression_increase=CIBMTR_PROGRESSION_INCREASE_AT_LEAST,
    progression_inclusive=True,
    citations=_CIBMTR_CITATIONS,
)
