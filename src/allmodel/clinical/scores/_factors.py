"""Descriptive prognostic factors after relapse: the review's summary of refs 5 and 71.

These are not scores: each factor places the patient in a group that ref 5 (Fielding,
MRC UKALL12/ECOG E2993) or ref 71 (Gökbuget, GMALL) reported an outcome for, so a
reader sees which published figure describes patients like this one. Each factor is
decided as of a date; one the record cannot decide has value ``None`` and names the
model fields that would decide it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from allmodel._display import jsonable
from allmodel.clinical._timeline import cr1_duration_months
from allmodel.clinical.scores._result import number_text
from allmodel.dates import calendar_months
from allmodel.model._course import Intent, Relapse, RelapseSite, Transplant
from allmodel.model._patient import Patient

__all__ = [
    "REF5_AGE_OLD_ABOVE_YEARS",
    "REF5_AGE_YOUNG_BELOW_YEARS",
    "REF5_CITATION",
    "REF5_CR1_SPLIT_MONTHS",
    "REF71_AGE_OLD_ABOVE_YEARS",
    "REF71_AGE_YOUNG_AT_MOST_YEARS",
    "REF71_CITATION",
    "REF71_EARLY_RELAPSE_BELOW_MONTHS",
    "PrognosticFactor",
    "prognostic_factors",
]

#: The source id of the UKALL12/E2993 relapse analysis (Fielding, Blood 2007;109:944).
REF5_CITATION = "review-ref-5"

#: The source id of the GMALL first-relapse analysis (Gökbuget, Blood 2012;120:2032).
REF71_CITATION = "review-ref-71"

#: Ref 71's youngest age group is 25 years or younger: operator ``<=`` (review "≤25 years";
#: review-prognosis; the paper was not checked). Ages are completed years on ``as_of``.
REF71_AGE_YOUNG_AT_MOST_YEARS = 25

#: Ref 71's oldest age group is older than 45: operator ``>`` (review ">45 years"); ages
#: 26-45 form the middle group (review-prognosis; the paper was not checked).
REF71_AGE_OLD_ABOVE_YEARS = 45

#: Ref 5's young group is younger than 20 years: operator ``<`` (review "younger than 20").
REF5_AGE_YOUNG_BELOW_YEARS = 20

#: Ref 5's old group is older than 50 years: operator ``>`` (review "older than 50"). The
#: review reports no figure for ages 20-50.
REF5_AGE_OLD_ABOVE_YEARS = 50

#: Ref 5 splits the first remission at two years (24 calendar months): "more than" and
#: "less than", both strict as the review writes them, so exactly 24 months is in neither
#: group (review-prognosis; primary paper not checked).
REF5_CR1_SPLIT_MONTHS = 24.0

#: Ref 71's early relapse is less than 18 calendar months from diagnosis: operator ``<``.
#: The review says "from initial therapy"; the paper's abstract says "from diagnosis",
#: which decision-6 adopts.
REF71_EARLY_RELAPSE_BELOW_MONTHS = 18.0

_SALVAGE_INTENTS = frozenset({Intent.SALVAGE, Intent.BRIDGE_TO_TRANSPLANT})
_DOB = ("date_of_birth",)
_RELAPSES = ("course.relapses",)


@attrs.frozen(kw_only=True)
class PrognosticFactor:
    """Where a patient stands on one prognostic factor the review reports.

    Args:
        name: Which factor (``age_ref71``).
        value: The patient's group (``26-45 years``); ``None`` when the record cannot
            decide it.
        outcome: What the source reports for that group; ``None`` when undecided or when
            the review gives no figure for the group.
        observed: The value the group was decided from, with its unit.
        decided_by: The model fields that decide the factor.
        citation: The reference.
        description: What the factor is and what the source found, in our words.
        notes: Caveats and, for an undecided factor, why.
    """

    name: str
    value: str | None
    outcome: str | None
    observed: str | None
    decided_by: tuple[str, ...]
    citation: str
    description: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the factor."""
        result: dict[str, Any] = jsonable(self)
        return result

    def __str__(self) -> str:
        shown = self.value if self.value is not None else "unknown"
        outcome = f" -> {self.outcome}" if self.outcome else ""
        return f"{self.name}: {shown}{outcome} [{self.citation}]"


def _undecided(
    name: str, decided_by: tuple[str, ...], citation: str, description: str, why: str
) -> PrognosticFactor:
    return PrognosticFactor(
        name=name,
        value=None,
        outcome=None,
        observed=None,
        decided_by=decided_by,
        citation=citation,
        description=description,
        notes=(why,),
    )


_AGE71 = (
    "Age on as_of, in ref 71's three groups. Among adults in first relapse after GMALL"
    " frontline therapy, 3-year survival fell with age, and those 25 or younger reached"
    " CR after salvage more often (53 % against 37 %)."
)


def _age_ref71(age: int | None) -> PrognosticFactor:
    name = "age_ref71"
    if age is None:
        return _undecided(name, _DOB, REF71_CITATION, _AGE71, "date of birth not recorded")
    if age <= REF71_AGE_YOUNG_AT_MOST_YEARS:
        value, outcome = "<= 25 years", "estimated 3-year overall survival 38 %; CR 53 %"
    elif age > REF71_AGE_OLD_ABOVE_YEARS:
        value, outcome = "> 45 years", "estimated 3-year overall survival 12 %; CR 37 % (over 25)"
    else:
        value, outcome = "26-45 years", "estimated 3-year overall survival 28 %; CR 37 % (over 25)"
    return PrognosticFactor(
        name=name,
        value=value,
        outcome=outcome,
        observed=f"{age} years",
        decided_by=_DOB,
        citation=REF71_CITATION,
        description=_AGE71,
    )


_AGE5 = (
    "Age on as_of against ref 5's extremes. In the UKALL12/E2993 relapse cohort, 5-year"
    " survival after relapse was higher below 20 years than above 50."
)


def _age_ref5(age: int | None) -> PrognosticFactor:
    name = "age_ref5"
    if age is None:
        return _undecided(name, _DOB, REF5_CITATION, _AGE5, "date of birth not recorded")
    notes: tuple[str, ...] = ()
    if age < REF5_AGE_YOUNG_BELOW_YEARS:
        value, outcome = "< 20 years", "5-year overall survival 12 %"
    elif age > REF5_AGE_OLD_ABOVE_YEARS:
        value, outcome = "> 50 years", "5-year overall survival 3 %"
    else:
        value, outcome = "20-50 years", None
        notes = ("the review reports ref 5's figures for the youngest and oldest groups only",)
    return PrognosticFactor(
        name=name,
        value=value,
        outcome=outcome,
        observed=f"{age} years",
        decided_by=_DOB,
        citation=REF5_CITATION,
        description=_AGE5,
        notes=notes,
    )


_CR1_5 = (
    "Length of the first complete remission against two years (calendar months from the"
    " first remission to the first relapse). In ref 5, a first remission longer than two"
    " years went with better 5-year survival after relapse."
)


def _cr1_ref5(patient: Patient, as_of: date) -> PrognosticFactor:
    name = "cr1_duration_ref5"
    fields = ("course.remissions", "course.relapses")
    months = cr1_duration_months(patient, as_of=as_of)
    if months is None:
        why = "no first remission followed by a relapse is recorded by as_of"
        return _undecided(name, fields, REF5_CITATION, _CR1_5, why)
    notes: tuple[str, ...] = ()
    if months > REF5_CR1_SPLIT_MONTHS:
        value, outcome = "more than two years", "5-year overall survival 11 %"
    elif months < REF5_CR1_SPLIT_MONTHS:
        value, outcome = "less than two years", "5-year overall survival 5 %"
    else:
        value, outcome = "exactly two years", None
        notes = ("the review's groups are 'more than' and 'less than' two years",)
    return PrognosticFactor(
        name=name,
        value=value,
        outcome=outcome,
        observed=f"{number_text(months)} months",
        decided_by=fields,
        citation=REF5_CITATION,
        description=_CR1_5,
        notes=notes,
    )


_SITE71 = (
    "Site of the first relapse. In ref 71, 3-year survival was lowest after a marrow"
    " relapse (with or without other sites) and highest after an isolated relapse outside"
    " marrow and CNS."
)
_SITE_OUTCOME = {
    RelapseSite.MARROW: "estimated 3-year overall survival 23 %",
    RelapseSite.ISOLATED_CNS: "estimated 3-year overall survival 27 %",
    RelapseSite.ISOLATED_EXTRAMEDULLARY: "estimated 3-year overall survival 47 %",
}


def _relapse_site(patient: Patient, relapses: tuple[Relapse, ...]) -> PrognosticFactor:
    name = "relapse_site_ref71"
    if not relapses:
        return _undecided(name, _RELAPSES, REF71_CITATION, _SITE71, "no relapse by as_of")
    first = relapses[0]
    field = f"course.relapses[{patient.course.relapses.index(first)}].site"
    if first.site is None:
        return _undecided(
            name, (field,), REF71_CITATION, _SITE71, "site of the first relapse not recorded"
        )
    notes = ("ref 71 studied first relapses; later relapses are not described",)
    return PrognosticFactor(
        name=name,
        value=first.site.value,
        outcome=_SITE_OUTCOME[first.site],
        observed=f"first relapse of {first.date.isoformat()}: {first.site.value}",
        decided_by=(field,),
        citation=REF71_CITATION,
        description=_SITE71,
        notes=notes if len(relapses) > 1 else (),
    )


_HCT_CR1 = (
    "Whether the first relapse followed an HCT done in first remission. In ref 71, those"
    " who relapsed after such a transplant did worse than those who relapsed after"
    " chemotherapy alone. Absent transplants mean none only in a complete history."
)


def _hct_in_cr1(patient: Patient, as_of: date, relapses: tuple[Relapse, ...]) -> PrognosticFactor:
    name = "hct_in_cr1_ref71"
    fields = ("course.transplants", "course.remissions", "course.relapses")
    if not relapses:
        return _undecided(name, fields, REF71_CITATION, _HCT_CR1, "no relapse by as_of")
    relapse = relapses[0].date
    course = patient.course
    before = [t for t in course.transplants_by(as_of=as_of) if t.date < relapse]
    remissions = course.remissions_by(as_of=as_of)
    notes: tuple[str, ...] = ()
    if not before:
        if course.history_complete is not True:
            why = (
                "no transplant is recorded before the first relapse, but the treatment"
                " history is not marked complete"
            )
            return _undecided(
                name, (*fields, "course.history_complete"), REF71_CITATION, _HCT_CR1, why
            )
        value, outcome = "no HCT in CR1", "estimated 3-year survival 28 % (median 10 months)"
        observed = "no transplant before the first relapse in a complete history"
    elif not remissions or remissions[0].date >= relapse:
        why = (
            "a transplant precedes the first relapse but no remission is recorded before"
            " that relapse"
        )
        return _undecided(name, fields, REF71_CITATION, _HCT_CR1, why)
    elif any(t.date >= remissions[0].date for t in before):
        value, outcome = "HCT in CR1", "estimated 3-year survival 15 % (median 5.8 months)"
        hct = next(t for t in before if t.date >= remissions[0].date)
        observed = f"{hct.kind.value} HCT of {hct.date.isoformat()}"
    else:
        value, outcome = "HCT before the first remission", None
        observed = f"{before[0].kind.value} HCT of {before[0].date.isoformat()}"
        notes = ("ref 71 reports no figure for a relapse after an HCT done outside CR1",)
    return PrognosticFactor(
        name=name,
        value=value,
        outcome=outcome,
        observed=observed,
        decided_by=fields,
        citation=REF71_CITATION,
        description=_HCT_CR1,
        notes=notes,
    )


_EARLY71 = (
    "Time from diagnosis to the first relapse against 18 calendar months. In ref 71, an"
    " earlier relapse went with fewer second remissions. The review measures the time"
    " 'from initial therapy'; the paper measures it from diagnosis, which allmodel follows"
    " (decision-6)."
)


def _early_relapse(patient: Patient, relapses: tuple[Relapse, ...]) -> PrognosticFactor:
    name = "early_relapse_ref71"
    fields = ("course.diagnosis_date", "course.relapses")
    diagnosed = patient.course.diagnosis_date
    if not relapses or diagnosed is None:
        why = "no relapse by as_of" if not relapses else "diagnosis date not recorded"
        return _undecided(name, fields, REF71_CITATION, _EARLY71, why)
    months = calendar_months(diagnosed, relapses[0].date)
    if months < REF71_EARLY_RELAPSE_BELOW_MONTHS:
        value, outcome = "< 18 months from diagnosis", "CR after salvage 36 %"
    else:
        value, outcome = ">= 18 months from diagnosis", "CR after salvage 58 %"
    return PrognosticFactor(
        name=name,
        value=value,
        outcome=outcome,
        observed=f"{number_text(months)} months",
        decided_by=fields,
        citation=REF71_CITATION,
        description=_EARLY71,
        notes=("measured from diagnosis; the review's text says 'from initial therapy'",),
    )


_HCT71 = (
    "Disease status at the first HCT after relapse. In ref 71, survival was best after"
    " an HCT in CR reached with the first salvage and worst without HCT."
)


def _salvage_lines_between(patient: Patient, start: date, end: date) -> int | None:
    """Salvage lines started from ``start`` to ``end`` (``None`` is kept for callers)."""
    return sum(
        line.start >= start
        for line in patient.course.lines_started_by(as_of=end)
        if line.intent in _SALVAGE_INTENTS
    )


def _hct_status(patient: Patient, as_of: date, relapses: tuple[Relapse, ...]) -> PrognosticFactor:
    name = "hct_status_ref71"
    fields = ("course.transplants", "course.remissions", "course.relapses")
    if not relapses:
        return _undecided(name, fields, REF71_CITATION, _HCT71, "no relapse by as_of")
    course = patient.course
    after: list[Transplant] = [
        t for t in course.transplants_by(as_of=as_of) if t.date > relapses[0].date
    ]
    if not after and course.history_complete is not True:
        why = (
            "no transplant is recorded after the first relapse, but the treatment history"
            " is not marked complete"
        )
        return _undecided(name, (*fields, "course.history_complete"), REF71_CITATION, _HCT71, why)
    if not after:
        return PrognosticFactor(
            name=name,
            value="no HCT after relapse",
            outcome="no patient without HCT lived beyond one year",
            observed=f"no transplant after the first relapse by {as_of.isoformat()}",
            decided_by=fields,
            citation=REF71_CITATION,
            description=_HCT71,
            notes=("as of as_of; a later HCT would change the group",),
        )
    hct = after[0]
    last_relapse = max(r.date for r in relapses if r.date < hct.date)
    remissions = [r.date for r in course.remissions_by(as_of=hct.date) if r.date > last_relapse]
    observed = f"{hct.kind.value} HCT of {hct.date.isoformat()}"
    if not remissions:
        value, outcome = "HCT not in CR", "estimated survival 20 %"
    else:
        lines = _salvage_lines_between(patient, relapses[0].date, remissions[-1])
        if lines is None or lines == 0:
            why = "in CR at HCT, but the salvage lines that led to it cannot be counted"
            return _undecided(
                name, (*fields, "course.treatment_lines"), REF71_CITATION, _HCT71, why
            )
        if lines == 1:
            value, outcome = "HCT in CR after first salvage", "estimated survival 56 %"
        else:
            value, outcome = "HCT in CR after later salvage", "estimated survival 39 %"
    return PrognosticFactor(
        name=name,
        value=value,
        outcome=outcome,
        observed=observed,
        decided_by=(*fields, "course.treatment_lines"),
        citation=REF71_CITATION,
        description=_HCT71,
    )


def prognostic_factors(patient: Patient, *, as_of: date) -> tuple[PrognosticFactor, ...]:
    """The review's descriptive prognostic factors after relapse (refs 5 and 71), as of a date.

    One factor each, in this order:

    * ``age_ref71``: age <= 25, 26-45 or > 45 years (3-year survival 38, 28, 12 %);
    * ``age_ref5``: age < 20 or > 50 years (5-year survival 12 against 3 %);
    * ``cr1_duration_ref5``: first remission more or less than two years (11 against 5 %);
    * ``relapse_site_ref71``: marrow, isolated CNS or other isolated extramedullary
      first relapse (23, 27, 47 %);
    * ``hct_in_cr1_ref71``: first relapse after an HCT in CR1 or not (15 against 28 %);
      no transplant recorded means none only when ``course.history_complete`` is true;
    * ``early_relapse_ref71``: first relapse < 18 calendar months from diagnosis or
      later (CR after salvage 36 against 58 %). Measured from diagnosis as the paper
      does (decision-6); the review says "from initial therapy";
    * ``hct_status_ref71``: status at the first HCT after relapse (CR after the first
      salvage 56 %, after a later one 39 %, not in CR 20 %; without HCT no patient lived
      beyond a year; again only in a complete history). The salvage lines counted are
      those with a salvage or bridging intent, or none, started from the first relapse
      to the remission before HCT.

    Ages are completed years on ``as_of``; months are calendar months.

    Args:
        patient: The patient.
        as_of: The date to read the record at; later events are ignored.

    Returns:
        The factors; one the record cannot decide has value ``None``, names its deciding
        fields in ``decided_by`` and says why in its notes.

    Raises:
        ChronologyError: The date of birth is after ``as_of``.
    """
    age = patient.age(as_of=as_of)
    relapses = patient.course.relapses_by(as_of=as_of)
    return (
        _age_ref71(age),
        _age_ref5(age),
        _cr1_ref5(patient, as_of),
        _relapse_site(patient, relapses),
        _hct_in_cr1(patient, as_of, relapses),
        _early_relapse(patient, relapses),
        _hct_status(patient, as_of, relapses),
    )
