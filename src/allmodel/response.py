"""Hematologic response: classify one marrow and blood assessment as CR, CRh, CRi and so on.

Response criteria are **named sets, not one truth** (clinical reference, decision 2). The
sources disagree on which side of each cut is inclusive: the blinatumomab trial
definitions take marrow blasts ``<= 5 %`` and counts strictly above their cuts, the
CIBMTR 2010 consensus takes blasts strictly ``< 5 %`` and counts at or above theirs
(clinical reference A.1, which says to keep each set's operators and not to harmonise).
Each set is therefore a frozen :class:`ResponseCriteria` object whose every threshold is
also a named module constant citing its source, and :func:`classify_response` takes the
set to apply. The default is :data:`BLINATUMOMAB_TRIALS`, the only set that defines CRh.

Relapse is loss of remission *within the chosen set* (decision 3): in a patient who was in
remission, circulating blasts, extramedullary disease, or marrow blasts that no longer meet
the set's CR blast cut. No source gives a separate marrow number for relapse (the review
gives none; the "(>= 25 %)" printed in the CIBMTR table is not used; clinical reference
E.12), so none is encoded. Refractory disease (no response) follows the review: failure to
reach a remission. The review also asks for more than 25 % marrow cellularity and normal
counts; neither named set quantifies cellularity, so it never decides a category, and a
remission called on a marrow of 25 % cellularity or less carries a note saying so.

Not encoded, because one assessment cannot show it or the sources do not give it: a
blinatumomab CRi (the TOWER CRi definition is unconfirmed in clinical reference A.1),
CIBMTR's "adequate cellularity with trilineage hematopoiesis" and "no recurrence for at
least 4 weeks", its partial response, and its progression by extramedullary *burden*.

Missing inputs are handled with three-valued logic: a result is ``UNKNOWN`` only when some
value of the missing inputs would change the answer, and it then names those inputs.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from allmodel._display import html_table, jsonable
from allmodel._model import InRange, Model, _number, checks
from allmodel.course import Remission, RemissionKind
from allmodel.errors import ChronologyError, Problem, RuleError
from allmodel.measures import CountConcentration

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
    "ResponseAssessment",
    "ResponseCategory",
    "ResponseCriteria",
    "ResponseResult",
    "classify_response",
]

# --- thresholds -------------------------------------------------------------------------

#: Blinatumomab trials: marrow blasts at most 5 %, inclusive (clinical reference A.1:
#: NCT02412306 results text, PMC6475509 Table 3 footnote, Singapore NDF criteria).
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
#: 2010;16(9):1187-1211, Table 4a; clinical reference A.1).
CIBMTR_MARROW_BLASTS_BELOW = 5.0
#: CIBMTR 2010 CR: platelets at or above 100 x10^9/L, inclusive (same Table 4a).
CIBMTR_CR_PLATELETS_AT_OR_ABOVE = 100.0
#: CIBMTR 2010 CR: ANC (neutrophils and bands) at or above 1.0 x10^9/L, inclusive (Table 4a).
CIBMTR_CR_ANC_AT_OR_ABOVE = 1.0
#: CIBMTR 2010 progressive disease: a relative increase of at least 25 % (inclusive) in
#: absolute circulating or marrow blasts (Table 4a; clinical reference A.1).
CIBMTR_PROGRESSION_INCREASE_AT_LEAST = 0.25

#: The review's refractory definition asks for restoration of hematopoiesis with marrow
#: cellularity strictly above 25 % (review, "Definitions of relapse and refractory
#: disease"). Neither named set quantifies cellularity, so this only triggers a note.
REVIEW_MARROW_CELLULARITY_ABOVE = 25.0

_REVIEW_CITATION = (
    "Larson RA. Treatment of relapsed or refractory acute lymphoblastic leukemia in adults"
    " (literature through December 2022), 'Definitions of relapse and refractory disease'"
)
_BLINATUMOMAB_CITATION = (
    "Blinatumomab trial response definitions: NCT02412306 results; PMC6475509 Table 3"
    " footnote; Singapore NDF criteria (clinical reference A.1)"
)
_CIBMTR_CITATION = (
    "CIBMTR consensus, Biol Blood Marrow Transplant 2010;16(9):1187-1211,"
    " Table 4a 'Response criteria in ALL' (clinical reference A.1)"
)

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
        progression_increase: Relative increase in absolute circulating or marrow blasts
            over the previous assessment that is progressive disease (``0.25`` is 25 %);
            ``None`` when the set has no progression rule. New extramedullary disease is
            progression whenever the set has the rule.
        progression_inclusive: Whether an increase of exactly ``progression_increase``
            counts.
        citation: Where the set's definitions come from.

    Raises:
        RuleError: A cut is negative, not finite or out of range, only one CRh cut is
            given, or the progression increase is not positive.
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
    progression_increase: float | None = None
    progression_inclusive: bool = True
    citation: str = attrs.field(default="", repr=False)

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


#: The blinatumomab trial definitions (clinical reference A.1; decision 2: the default,
#: the only set defining CRh). CR: marrow blasts <= 5 % (inclusive), no evidence of
#: disease, platelets > 100 and ANC > 1.0 x10^9/L (strict). CRh: the same with platelets
#: > 50 and ANC > 0.5 x10^9/L (strict). CRi is not encoded: the TOWER CRi definition is
#: unconfirmed in clinical reference A.1. No progression rule.
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
    defines_cri=False,
    progression_increase=None,
    citation=_BLINATUMOMAB_CITATION,
)

#: The CIBMTR 2010 consensus (Biol Blood Marrow Transplant 2010 Table 4a; clinical
#: reference A.1 and decision 2). CR: marrow blasts < 5 % (strict), no circulating blasts,
#: no extramedullary disease, platelets >= 100 and ANC >= 1.0 x10^9/L (inclusive). CRi:
#: all CR criteria except the blood counts. Progressive disease: an increase of at least
#: 25 % (inclusive) in absolute circulating or marrow blasts, or new extramedullary disease.
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
    citation=_CIBMTR_CITATION,
)


# --- the assessment ---------------------------------------------------------------------

_PERCENT = InRange(0, 100)
_COUNT = InRange(low=0, unit="10^9/L")


@attrs.frozen(kw_only=True)
class ResponseAssessment(Model):
    """One dated response assessment of marrow, blood and extramedullary sites.

    Counts are compared in 10^9/L whatever unit they are given in, so 45,000 /uL and
    45 x10^9/L classify the same. Every field but ``date`` may be ``None`` (not done or
    not reported).

    Args:
        date: Date of the assessment.
        marrow_blasts_percent: Marrow blasts, 0 to 100 %.
        blood_blasts_percent: Circulating blasts as a percentage of white cells, 0 to
            100 %; 0 means no circulating blasts.
        wbc: White cell count, used with ``blood_blasts_percent`` for the absolute
            circulating blast count.
        extramedullary_disease: Whether extramedullary disease (CNS or other) is present.
        anc: Absolute neutrophil count.
        platelets: Platelet count.
        marrow_cellularity_percent: Marrow cellularity, 0 to 100 %.

    Raises:
        ValidationError: A percentage outside 0-100 or a negative count.
        UnitError: A count in a unit that is not a count per volume.
    """

    date: date
    marrow_blasts_percent: float | None = attrs.field(
        default=None, metadata=checks(_PERCENT, doc="marrow blasts, %")
    )
    blood_blasts_percent: float | None = attrs.field(
        default=None, metadata=checks(_PERCENT, doc="circulating blasts, % of white cells")
    )
    wbc: CountConcentration | None = attrs.field(
        default=None, metadata=checks(_COUNT, doc="white blood cells")
    )
    extramedullary_disease: bool | None = None
    anc: CountConcentration | None = attrs.field(
        default=None, metadata=checks(_COUNT, doc="absolute neutrophil count")
    )
    platelets: CountConcentration | None = attrs.field(
        default=None, metadata=checks(_COUNT, doc="platelet count")
    )
    marrow_cellularity_percent: float | None = attrs.field(
        default=None, metadata=checks(_PERCENT, doc="marrow cellularity, %")
    )


# --- the result -------------------------------------------------------------------------


class ResponseCategory(enum.StrEnum):
    """What :func:`classify_response` concludes."""

    CR = "CR"
    CRH = "CRh"
    CRI = "CRi"
    #: Refractory: no remission category reached by a patient not in remission.
    NO_RESPONSE = "no_response"
    RELAPSE = "relapse"
    PROGRESSIVE_DISEASE = "progressive_disease"
    #: The set defines no category for this picture (a disease-free marrow whose counts
    #: miss every count cut of a set without CRi).
    UNCLASSIFIED = "unclassified"
    #: Missing inputs could change the answer; the result names them.
    UNKNOWN = "unknown"

    @property
    def is_remission(self) -> bool:
        """CR, CRh and CRi are remissions."""
        return self in _REMISSION_KINDS


_REMISSION_KINDS: Mapping[ResponseCategory, RemissionKind] = {
    ResponseCategory.CR: RemissionKind.CR,
    ResponseCategory.CRH: RemissionKind.CRH,
    ResponseCategory.CRI: RemissionKind.CRI,
}


@attrs.frozen(kw_only=True)
class ResponseResult:
    """The response category of one assessment under one criteria set, with its evidence.

    Args:
        category: The category reached.
        criteria: Name of the criteria set applied.
        date: Date of the assessment.
        missing: For ``UNKNOWN``, the inputs whose values would decide it, sorted
            (assessment field names; ``previous.<field>`` for the previous assessment;
            ``in_remission`` for the remission status before the assessment).
        reasons: Short explanations naming observed values and cuts.
        notes: Remarks that do not change the category (low marrow cellularity).
        citations: Sources of the definitions applied.
    """

    category: ResponseCategory
    criteria: str
    date: date
    missing: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()

    @property
    def remission(self) -> Remission | None:
        """The remission this result documents (CR, CRh, CRi), else ``None``."""
        kind = _REMISSION_KINDS.get(self.category)
        return None if kind is None else Remission(kind=kind, date=self.date)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the result."""
        result: dict[str, Any] = jsonable(self)
        return result

    def __str__(self) -> str:
        lines = [f"{self.category.value} ({self.criteria}, {self.date.isoformat()})"]
        lines.extend(f"  {reason}" for reason in self.reasons)
        if self.missing:
            lines.append(f"  needs: {', '.join(self.missing)}")
        lines.extend(f"  note: {note}" for note in self.notes)
        lines.extend(f"  source: {citation}" for citation in self.citations)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(reason,) for reason in self.reasons]
        rows += [(f"needs {field}",) for field in self.missing]
        caption = f"{self.category.value} ({self.criteria}, {self.date.isoformat()})"
        return html_table(
            ("evidence",), rows, caption=caption, notes=(*self.notes, *self.citations)
        )


# --- three-valued facts -----------------------------------------------------------------


@attrs.frozen
class _Fact:
    """A condition that is true, false or unknown; ``missing`` names what would decide it."""

    value: bool | None
    text: str = ""
    missing: frozenset[str] = frozenset()


def _unknown(*fields: str) -> _Fact:
    return _Fact(None, missing=frozenset(fields))


def _any(facts: Iterable[_Fact], none_text: str) -> _Fact:
    """Kleene OR: true if one is true, false if all are false, else unknown."""
    listed = list(facts)
    for fact in listed:
        if fact.value is True:
            return fact
    if all(fact.value is False for fact in listed):
        return _Fact(False, "; ".join(f.text for f in listed if f.text) or none_text)
    return _Fact(None, missing=frozenset(itertools.chain.from_iterable(f.missing for f in listed)))


def _marrow_fact(assessment: ResponseAssessment, criteria: ResponseCriteria) -> _Fact:
    blasts = assessment.marrow_blasts_percent
    if blasts is None:
        return _unknown("marrow_blasts_percent")
    operator = criteria.marrow_operator
    cut = _number(criteria.marrow_blasts_cut)
    if _holds(blasts, operator, criteria.marrow_blasts_cut):
        return _Fact(True, f"marrow blasts {_number(blasts)} % {operator} {cut} %")
    return _Fact(
        False,
        f"marrow blasts {_number(blasts)} % {_negated(operator)} {cut} %"
        f" (remission needs {operator} {cut} %)",
    )


def _blood_fact(assessment: ResponseAssessment) -> _Fact:
    blasts = assessment.blood_blasts_percent
    if blasts is None:
        return _unknown("blood_blasts_percent")
    if blasts > 0:
        return _Fact(True, f"circulating blasts {_number(blasts)} %")
    return _Fact(False, "no circulating blasts")


def _emd_fact(assessment: ResponseAssessment) -> _Fact:
    present = assessment.extramedullary_disease
    if present is None:
        return _unknown("extramedullary_disease")
    return _Fact(present, "extramedullary disease" if present else "no extramedullary disease")


def _count_fact(
    assessment: ResponseAssessment, field: str, cut: float, operator: str, tag: str
) -> _Fact:
    measure: CountConcentration | None = getattr(assessment, field)
    label = "ANC" if field == "anc" else field
    if measure is None:
        return _unknown(field)
    value = measure.canonical
    shown = f"{label} {_number(value)} {_COUNT_UNIT}"
    needed = f"{_number(cut)} {_COUNT_UNIT}"
    if _holds(value, operator, cut):
        return _Fact(True, f"{shown} {operator} {needed} ({tag})")
    return _Fact(False, f"{shown} {_negated(operator)} {needed} ({tag} needs {operator} {needed})")


def _absolute_blasts(assessment: ResponseAssessment) -> Fraction | None:
    """Absolute circulating blasts in 10^9/L, exactly; ``None`` if it cannot be known."""
    blasts, wbc = assessment.blood_blasts_percent, assessment.wbc
    if blasts == 0 or (wbc is not None and wbc.canonical == 0):
        return Fraction(0)
    if blasts is None or wbc is None:
        return None
    return Fraction(wbc.canonical) * Fraction(blasts) / 100


def _absolute_missing(assessment: ResponseAssessment, prefix: str) -> set[str]:
    names = ("blood_blasts_percent", "wbc")
    return {prefix + name for name in names if getattr(assessment, name) is None}


def _percent_change(relative: Fraction) -> str:
    """A relative change as signed percent text; huge rises (from near zero) are capped."""
    if relative > 10_000:
        return "more than +1e+06 %"
    return f"{float(relative * 100):+.4g} %"


def _increase_fact(  # noqa: PLR0917  (private helper, called twice)
    what: str,
    unit: str,
    current: Fraction | None,
    earlier: Fraction | None,
    missing: set[str],
    increase: float,
    inclusive: bool,
) -> _Fact:
    """Whether ``current`` rose over ``earlier`` by the set's relative increase (exactly)."""
    if current is None or earlier is None:
        return _Fact(None, missing=frozenset(missing))
    operator = ">=" if inclusive else ">"
    shown = f"{what} {float(current):.6g} {unit} vs {float(earlier):.6g} {unit} before"
    needed = f"{_number(increase * 100)} %"
    if earlier == 0:
        if current > 0:
            return _Fact(True, f"{shown}: a rise from none, {operator} {needed}")
        return _Fact(False, f"{shown}: no increase")
    relative = (current - earlier) / earlier
    percent = _percent_change(relative)
    cut = Fraction(increase)
    if relative > cut or (relative == cut and inclusive):
        return _Fact(True, f"{shown}: {percent} {operator} {needed}")
    return _Fact(False, f"{shown}: {percent}, progression needs {operator} {needed}")


def _progression_fact(
    assessment: ResponseAssessment,
    previous: ResponseAssessment | None,
    criteria: ResponseCriteria,
) -> _Fact:
    increase, inclusive = criteria.progression_increase, criteria.progression_inclusive
    if increase is None:
        return _Fact(False, f"{criteria.name} has no progression rule")
    if previous is None:
        return _Fact(False, "no previous assessment to judge progression against")
    marrow_now, marrow_before = assessment.marrow_blasts_percent, previous.marrow_blasts_percent
    marrow = _increase_fact(
        "marrow blasts",
        "%",
        None if marrow_now is None else Fraction(marrow_now),
        None if marrow_before is None else Fraction(marrow_before),
        {
            name
            for name, value in (
                ("marrow_blasts_percent", marrow_now),
                ("previous.marrow_blasts_percent", marrow_before),
            )
            if value is None
        },
        increase,
        inclusive,
    )
    circulating = _increase_fact(
        "absolute circulating blasts",
        _COUNT_UNIT,
        _absolute_blasts(assessment),
        _absolute_blasts(previous),
        _absolute_missing(assessment, "") | _absolute_missing(previous, "previous."),
        increase,
        inclusive,
    )
    now, before = assessment.extramedullary_disease, previous.extramedullary_disease
    if now is False or before is True:
        new_emd = _Fact(False, "no new extramedullary disease")
    elif now is True and before is False:
        new_emd = _Fact(True, "new extramedullary disease")
    else:
        new_emd = _unknown(
            *(
                name
                for name, value in (
                    ("extramedullary_disease", now),
                    ("previous.extramedullary_disease", before),
                )
                if value is None
            )
        )
    return _any((marrow, circulating, new_emd), "no progression")


# --- the decision -----------------------------------------------------------------------


def _decide(values: Mapping[str, bool], criteria: ResponseCriteria) -> ResponseCategory:
    """The category for one complete assignment of every condition."""
    disease_free = values["marrow"] and not values["blood"] and not values["emd"]
    if values["in_remission"] and not disease_free:
        return ResponseCategory.RELAPSE
    if disease_free:
        if values["cr_platelets"] and values["cr_anc"]:
            return ResponseCategory.CR
        if criteria.defines_crh and values["crh_platelets"] and values["crh_anc"]:
            return ResponseCategory.CRH
        if criteria.defines_cri:
            return ResponseCategory.CRI
        return ResponseCategory.UNCLASSIFIED
    if values["progression"]:
        return ResponseCategory.PROGRESSIVE_DISEASE
    return ResponseCategory.NO_RESPONSE


def _facts(
    assessment: ResponseAssessment,
    criteria: ResponseCriteria,
    in_remission: bool | None,
    previous: ResponseAssessment | None,
) -> dict[str, _Fact]:
    if in_remission is None:
        remission_fact = _unknown("in_remission")
    else:
        state = "in remission" if in_remission else "not in remission"
        remission_fact = _Fact(in_remission, f"{state} before this assessment")
    facts = {
        "in_remission": remission_fact,
        "marrow": _marrow_fact(assessment, criteria),
        "blood": _blood_fact(assessment),
        "emd": _emd_fact(assessment),
        "cr_platelets": _count_fact(
            assessment, "platelets", criteria.cr_platelets, criteria.cr_operator, "CR"
        ),
        "cr_anc": _count_fact(assessment, "anc", criteria.cr_anc, criteria.cr_operator, "CR"),
        "crh_platelets": _Fact(False),
        "crh_anc": _Fact(False),
        "progression": _progression_fact(assessment, previous, criteria),
    }
    if criteria.crh_platelets is not None and criteria.crh_anc is not None:
        operator = criteria.crh_operator
        facts["crh_platelets"] = _count_fact(
            assessment, "platelets", criteria.crh_platelets, operator, "CRh"
        )
        facts["crh_anc"] = _count_fact(assessment, "anc", criteria.crh_anc, operator, "CRh")
    return facts


def _texts(
    facts: Mapping[str, _Fact], names: Iterable[str], value: bool | None = None
) -> list[str]:
    """Texts of the known facts among ``names`` (only those equal to ``value`` if given)."""
    return [
        facts[name].text
        for name in names
        if facts[name].value is not None
        and facts[name].text
        and (value is None or facts[name].value is value)
    ]


def _reasons(
    category: ResponseCategory, facts: Mapping[str, _Fact], criteria: ResponseCriteria
) -> list[str]:
    reasons = _texts(facts, ["in_remission"])
    if facts["in_remission"].value is None:
        reasons.append("the category is the same whether or not the patient was in remission")
    disease = _texts(facts, ["blood", "emd"], True) + _texts(facts, ["marrow"], False)
    disease_free = _texts(facts, ["marrow", "blood", "emd"])
    cr_counts = _texts(facts, ["cr_platelets", "cr_anc"])
    all_counts = cr_counts + _texts(facts, ["crh_platelets", "crh_anc"])
    if category is ResponseCategory.RELAPSE:
        reasons += [*disease, f"loss of remission under {criteria.name}"]
    elif category is ResponseCategory.CR:
        reasons += disease_free + cr_counts
    elif category is ResponseCategory.CRH:
        reasons += disease_free + all_counts
    elif category is ResponseCategory.CRI:
        reasons += [*disease_free, *cr_counts, "CRi: all CR criteria except the blood counts"]
    elif category is ResponseCategory.UNCLASSIFIED:
        recovery = "CR or CRh" if criteria.defines_crh else "CR"
        reasons += [
            *disease_free,
            *all_counts,
            f"{criteria.name} defines no category for a disease-free marrow whose counts"
            f" miss the {recovery} cuts (the set defines no CRi)",
        ]
    else:  # NO_RESPONSE or PROGRESSIVE_DISEASE
        reasons += [*disease, *_texts(facts, ["progression"])]
    return reasons


def classify_response(
    assessment: ResponseAssessment,
    *,
    criteria: ResponseCriteria = BLINATUMOMAB_TRIALS,
    in_remission: bool | None = False,
    previous: ResponseAssessment | None = None,
) -> ResponseResult:
    """Classify one assessment under a named criteria set.

    *Disease-free* means marrow blasts meet the set's cut (blinatumomab trials ``<= 5 %``,
    inclusive; CIBMTR 2010 ``< 5 %``, strict), no circulating blasts and no
    extramedullary disease. Then:

    * a patient who was in remission has **relapsed** when not disease-free: circulating
      blasts, extramedullary disease, or marrow blasts that no longer meet the CR blast
      cut (clinical reference decision 3; no separate relapse number is used);
    * a disease-free assessment is **CR** when platelets and ANC meet the CR cuts
      (blinatumomab trials ``> 100`` and ``> 1.0`` x10^9/L, strict; CIBMTR 2010 ``>= 100``
      and ``>= 1.0`` x10^9/L, inclusive), else **CRh** when they meet the CRh cuts
      (blinatumomab trials only: ``> 50`` and ``> 0.5`` x10^9/L, strict), else **CRi**
      (CIBMTR 2010 only: CR criteria without the blood counts), else **unclassified**;
    * a patient not in remission who is not disease-free has **progressive disease** when
      the set has a progression rule, ``previous`` is given and absolute circulating or
      marrow blasts rose by at least 25 % (inclusive; CIBMTR 2010 Table 4a) or new
      extramedullary disease appeared; otherwise **no response** (refractory; review).

    Missing inputs are unknown, not absent: the result is ``UNKNOWN`` only if some values
    of them would change the category, and ``missing`` then names them. Marrow cellularity
    never decides the category; a remission on a marrow of at most 25 % cellularity gets a
    note (the review's refractory definition asks for more than 25 %).

    Args:
        assessment: The assessment to classify.
        criteria: The named criteria set; :data:`BLINATUMOMAB_TRIALS` by default.
        in_remission: Whether the patient was in remission before this assessment;
            ``None`` if not known (the answer must then hold either way).
        previous: The previous assessment, for the progression rule.

    Returns:
        The category with the reasons, notes and citations behind it.

    Raises:
        ChronologyError: ``previous`` is dated after ``assessment``.
    """
    if previous is not None and previous.date > assessment.date:
        raise ChronologyError([Problem("previous.date", "is after the assessment date")])
    facts = _facts(assessment, criteria, in_remission, previous)
    unknown = [name for name, fact in facts.items() if fact.value is None]
    known = {name: fact.value for name, fact in facts.items() if fact.value is not None}
    outcomes: dict[tuple[bool, ...], ResponseCategory] = {}
    for combination in itertools.product((False, True), repeat=len(unknown)):
        values = {**known, **dict(zip(unknown, combination, strict=True))}
        outcomes[combination] = _decide(values, criteria)
    possible = set(outcomes.values())
    citations = [criteria.citation] if criteria.citation else []
    notes: list[str] = []
    if len(possible) > 1:
        deciding: set[str] = set()
        for index, name in enumerate(unknown):
            if any(
                outcome != outcomes[(*key[:index], not key[index], *key[index + 1 :])]
                for key, outcome in outcomes.items()
            ):
                deciding |= facts[name].missing
        missing = tuple(sorted(deciding))
        choices = ", ".join(str(c) for c in ResponseCategory if c in possible)
        return ResponseResult(
            category=ResponseCategory.UNKNOWN,
            criteria=criteria.name,
            date=assessment.date,
            missing=missing,
            reasons=(f"could be {choices}; missing: {', '.join(missing)}",),
            citations=tuple(citations),
        )
    (category,) = possible
    cellularity = assessment.marrow_cellularity_percent
    if (
        category.is_remission
        and cellularity is not None
        and cellularity <= REVIEW_MARROW_CELLULARITY_ABOVE
    ):
        notes.append(
            f"marrow cellularity {_number(cellularity)} % <="
            f" {_number(REVIEW_MARROW_CELLULARITY_ABOVE)} %: the review's refractory"
            f" definition asks for > {_number(REVIEW_MARROW_CELLULARITY_ABOVE)} % cellularity,"
            f" which {criteria.name} does not quantify, so the category stands"
        )
    if notes or category in (ResponseCategory.NO_RESPONSE, ResponseCategory.RELAPSE):
        citations.append(_REVIEW_CITATION)
    return ResponseResult(
        category=category,
        criteria=criteria.name,
        date=assessment.date,
        reasons=tuple(_reasons(category, facts, criteria)),
        notes=tuple(notes),
        citations=tuple(citations),
    )
