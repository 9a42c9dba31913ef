"""Classify one assessment under one criteria set, with three-valued handling of missing inputs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs

from allmodel._model import _number
from allmodel.clinical.response._assessment import (
    ResponseAssessment,
    ResponseCategory,
    ResponseResult,
)
from allmodel.clinical.response._criteria import (
    _COUNT_UNIT,
    _REVIEW_CITATION,
    BLINATUMOMAB_TRIALS,
    REVIEW_MARROW_CELLULARITY_ABOVE,
    ResponseCriteria,
    _holds,
    _negated,
)
from allmodel.errors import ChronologyError, Problem
from allmodel.measures import CountConcentration

__all__ = ["classify_response"]


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
        if criteria.defines_cri and (
            not criteria.cri_needs_one_count or values["cr_platelets"] or values["cr_anc"]
        ):
            return ResponseCategory.CRI
        return ResponseCategory.UNCLASSIFIED
    if values["progression"]:
        return ResponseCategory.PROGRESSIVE_DISEASE
    return ResponseCategory.NO_RESPONSE


def _implies(cut: float, operator: str, weaker_cut: float, weaker_operator: str) -> bool:
    """Whether every count meeting ``operator cut`` meets ``weaker_operator weaker_cut``.

    Both are lower bounds (``>`` or ``>=``).
    """
    if cut != weaker_cut:
        return cut > weaker_cut
    return operator == ">" or weaker_operator == ">="


def _possible(values: Mapping[str, bool], criteria: ResponseCriteria) -> bool:
    """Whether one assignment of the conditions can happen for some real counts.

    A count is one number: when it meets its CR cut it also meets its CRh cut (platelets
    > 100 are > 50), so "at the CR cut but not at the CRh cut" is not a value a missing
    count can take. Dropping such assignments keeps an ``UNKNOWN`` result from listing a
    category no value of the missing count could give.
    """
    if not criteria.defines_crh:
        return True
    pairs = (
        ("platelets", criteria.cr_platelets, criteria.crh_platelets),
        ("anc", criteria.cr_anc, criteria.crh_anc),
    )
    for count, cr_cut, crh_cut in pairs:
        if (
            crh_cut is not None
            and values[f"cr_{count}"]
            and not values[f"crh_{count}"]
            and _implies(cr_cut, criteria.cr_operator, crh_cut, criteria.crh_operator)
        ):
            return False
    return True


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
        if criteria.cri_needs_one_count:
            cri = (
                "CRi: all CR criteria except one blood count (one count at its CR cut; decision-2)"
            )
        else:
            cri = "CRi: all CR criteria except the blood counts"
        reasons += [*disease_free, *all_counts, cri]
    elif category is ResponseCategory.UNCLASSIFIED:
        recovery = "CR or CRh" if criteria.defines_crh else "CR"
        if criteria.cri_needs_one_count:
            why = (
                "and neither count meets its CR cut: the set's CRi needs one count"
                " recovered (decision-2), and a CRi without specified"
                " counts (as in cibmtr_2010) is not applied"
            )
        else:
            why = "(the set defines no CRi)"
        reasons += [
            *disease_free,
            *all_counts,
            f"{criteria.name} defines no category for a disease-free marrow whose counts"
            f" miss the {recovery} cuts {why}",
        ]
    else:  # NO_RESPONSE or PROGRESSIVE_DISEASE
        reasons += [*disease, *_texts(facts, ["progression"])]
    return reasons


def classify_response(
    assessment: ResponseAssessment,
    *,
    in_remission: bool | None,
    criteria: ResponseCriteria = BLINATUMOMAB_TRIALS,
    previous: ResponseAssessment | None = None,
) -> ResponseResult:
    """Classify one assessment under a named criteria set.

    *Disease-free* means marrow blasts meet the set's cut (blinatumomab trials ``<= 5 %``,
    inclusive; CIBMTR 2010 ``< 5 %``, strict), no circulating blasts and no
    extramedullary disease. Then:

    * a patient who was in remission has **relapsed** when not disease-free: circulating
      blasts, extramedullary disease, or marrow blasts that no longer meet the CR blast
      cut (decision-3; no separate relapse number is used);
    * a disease-free assessment is **CR** when platelets and ANC meet the CR cuts
      (blinatumomab trials ``> 100`` and ``> 1.0`` x10^9/L, strict; CIBMTR 2010 ``>= 100``
      and ``>= 1.0`` x10^9/L, inclusive), else **CRh** when they meet the CRh cuts
      (blinatumomab trials only: ``> 50`` and ``> 0.5`` x10^9/L, strict), else **CRi**,
      else **unclassified**. CIBMTR 2010's CRi takes any counts (CR criteria without
      specified blood counts). The blinatumomab trials' CRi needs one count recovered,
      platelets ``> 100`` or ANC ``> 1.0`` x10^9/L with the set's strict operators (decision-2,
      revised 2026-12, after the confirmed ASH-table CRi,
      web-ashpublications-all-response-criteria); so CR comes before CRh before CRi, and a
      disease-free marrow with neither count at its CR cut and no CRh (platelets 30, ANC 0.3
      x10^9/L) is **unclassified** in that set, its reasons saying so, rather than borrowing the
      CIBMTR CRi;
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
        in_remission: Whether the patient was in remission before this assessment
            (required: relapse and no response differ only by it); ``None`` if not known
            (the answer must then hold either way).
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
        if _possible(values, criteria):
            outcomes[combination] = _decide(values, criteria)
    possible = set(outcomes.values())
    citations = list(criteria.citations)
    notes: list[str] = []
    if len(possible) > 1:
        deciding: set[str] = set()
        for index, name in enumerate(unknown):
            if any(
                outcomes.get((*key[:index], not key[index], *key[index + 1 :]), outcome) != outcome
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
    applies_review = notes or category in (ResponseCategory.NO_RESPONSE, ResponseCategory.RELAPSE)
    if applies_review and _REVIEW_CITATION not in citations:
        citations.append(_REVIEW_CITATION)
    return ResponseResult(
        category=category,
        criteria=criteria.name,
        date=assessment.date,
        reasons=tuple(_reasons(category, facts, criteria)),
        notes=tuple(notes),
        citations=tuple(citations),
    )
