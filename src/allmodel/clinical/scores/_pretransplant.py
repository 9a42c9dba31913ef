"""The pretransplant score of review ref 62 for patients not in CR at myeloablative HCT.

Duval and colleagues (CIBMTR; J Clin Oncol 2010;28:3730) scored adults and children with
ALL who underwent myeloablative allogeneic HCT without being in remission. The review
reproduces four components (maximum 6 points) and three survival bands; allmodel encodes
them with the review's operators (decision-5; review-ref-62).
"""

from __future__ import annotations

import enum
import types
from collections.abc import Mapping
from datetime import date
from typing import overload

import attrs

from allmodel._model import InRange, Model, checks
from allmodel.clinical._timeline import (
    REMISSION_PHASES,
    DiseasePhase,
    disease_phase,
    relapse_count,
)
from allmodel.clinical.scores._result import (
    ScoreBand,
    ScoreComponent,
    ScoreResult,
    lab_field,
    lab_source,
    number_text,
)
from allmodel.model._course import Intent, Relapse, Serostatus, TreatmentLine
from allmodel.model._labs import Analyte, latest_lab
from allmodel.model._patient import Patient

__all__ = [
    "PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS",
    "PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS",
    "PRETRANSPLANT_BANDS",
    "PRETRANSPLANT_BLASTS_ABOVE_PERCENT",
    "PRETRANSPLANT_CITATION",
    "PRETRANSPLANT_DONOR_CMV_POSITIVE_POINTS",
    "PRETRANSPLANT_TIMING_POINTS",
    "PretransplantInputs",
    "RelapseTiming",
    "pretransplant_score",
]


class RelapseTiming(enum.StrEnum):
    """Disease status at HCT in the categories of ref 62's cohort, as the review lists them.

    A *first refractory relapse* is a first relapse that did not remit on re-induction
    (salvage) therapy; a *first untreated relapse* went to HCT without re-induction
    (review-ref-62 as the review lists it; the paper's own definitions were not read). The cohort's
    "first relapse with unknown treatment status" has no member: leave the timing ``None``.
    """

    PRIMARY_INDUCTION_FAILURE = "primary_induction_failure"
    FIRST_UNTREATED_RELAPSE = "first_untreated_relapse"
    FIRST_REFRACTORY_RELAPSE = "first_refractory_relapse"
    SECOND_OR_LATER_RELAPSE = "second_or_later_relapse"

    @property
    def label(self) -> str:
        """The category in words (``first refractory relapse``)."""
        return self.value.replace("_", " ")


#: Points for the timing of HCT (review ref 62 as the review lists it): first refractory
#: relapse 1, second or later relapse 2. Primary induction failure and first untreated
#: relapse score 0: the review's table gives them no points (review-transplantation).
PRETRANSPLANT_TIMING_POINTS: Mapping[RelapseTiming, int] = types.MappingProxyType(
    {
        RelapseTiming.PRIMARY_INDUCTION_FAILURE: 0,
        RelapseTiming.FIRST_UNTREATED_RELAPSE: 0,
        RelapseTiming.FIRST_REFRACTORY_RELAPSE: 1,
        RelapseTiming.SECOND_OR_LATER_RELAPSE: 2,
    }
)

#: Points for a CMV-seropositive donor (review ref 62); a seronegative donor scores 0.
PRETRANSPLANT_DONOR_CMV_POSITIVE_POINTS = 1

#: Marrow blasts strictly above 25 % score 1 point: operator ``>`` as the review writes it
#: (review ref 62; decision-5). Duval's abstract writes ``>= 25 %``, so
#: exactly 25 % scores 0 here and 1 under the paper (its abstract, checked).
PRETRANSPLANT_BLASTS_ABOVE_PERCENT = 25.0

#: Age 10 years or older scores at least 1 point: operator ``>=`` (review ref 62 "10 to 39
#: years"; the paper's abstract confirms 10 as the inclusive lower bound). Below 10: 0.
PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS = 10

#: Age 40 years or older scores 2 points: operator ``>=`` (review ref 62 "≥40 years"; the
#: split at 40 was not seen in the paper's abstract). Ages 10-39 score 1.
PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS = 40

#: 3-year overall survival by total, as the review reports it for 582 patients with ALL not
#: in CR at myeloablative HCT (review ref 62). The review prints the last group as
#: "3 points"; reading it as 3 or more (up to the maximum of 6) is our interpretation
#: (decision-5).
PRETRANSPLANT_BANDS: tuple[ScoreBand, ...] = (
    ScoreBand(0, 1, "3-year overall survival 46 %"),
    ScoreBand(2, 2, "3-year overall survival 22 %"),
    ScoreBand(3, 6, "3-year overall survival 10 %"),
)

#: The source id of the reference the pretransplant score encodes (Duval, J Clin Oncol
#: 2010;28:3730).
PRETRANSPLANT_CITATION = "review-ref-62"

_TIMING_MAX = max(PRETRANSPLANT_TIMING_POINTS.values())
_SALVAGE_INTENTS = frozenset({Intent.SALVAGE, Intent.BRIDGE_TO_TRANSPLANT})
_IN_CR = frozenset(REMISSION_PHASES)

_TIMING_RULE = (
    "first refractory relapse 1 point; second or later relapse 2 points;"
    " primary induction failure or first untreated relapse 0"
)
_CMV_RULE = "CMV-seropositive donor 1 point; seronegative 0"
_BLASTS_RULE = "marrow blasts > 25 %: 1 point (review's operator; the paper's abstract: >= 25 %)"
_AGE_RULE = "age 10-39 years 1 point; >= 40 years 2 points; < 10 years 0"

_NOTE_TOP_BAND = (
    "the review gives 10 % 3-year survival for '3 points'; totals above 3 are placed in"
    " that band, which is an interpretation (decision-5)"
)
_NOTE_BLASTS_AT_CUT = (
    "marrow blasts are exactly 25 %: 0 points by the review's '> 25 %', but 1 point by the"
    " '>= 25 %' of the paper's abstract"
)
_NOTE_IN_CR = (
    "the patient is in remission on as_of; ref 62 derived the score in patients not in CR"
    " at HCT, so it may not apply"
)


@attrs.frozen(kw_only=True)
class PretransplantInputs(Model):
    """The inputs of the pretransplant score of review ref 62; ``None`` means unknown.

    Args:
        relapse_timing: Disease status at HCT (see :class:`RelapseTiming`).
        donor_cmv: CMV serostatus of the donor.
        marrow_blasts_percent: Bone marrow blasts before HCT, 0-100 %.
        age_years: Completed years of age at HCT, 0 or more.

    Raises:
        ValidationError: A value of the wrong type or out of range.
    """

    relapse_timing: RelapseTiming | None = None
    donor_cmv: Serostatus | None = None
    marrow_blasts_percent: float | None = attrs.field(
        default=None, metadata=checks(InRange(0, 100), doc="bone marrow blasts, %")
    )
    age_years: int | None = attrs.field(
        default=None, metadata=checks(InRange(low=0), doc="completed years of age")
    )


@attrs.frozen(kw_only=True)
class _Context:
    """What a derivation from a patient adds to a component."""

    source: str | None = None
    decided_by: tuple[str, ...] = ()
    possible: tuple[int, int] | None = None


_EXPLICIT = _Context()


def _component(
    name: str,
    points: int | None,
    observed: str | None,
    *,
    rule: str,
    most: int,
    contexts: Mapping[str, _Context],
) -> ScoreComponent:
    context = contexts.get(name, _EXPLICIT)
    if observed is not None and context.source is not None:
        observed = f"{observed} ({context.source})"
    if points is None and context.possible is not None:
        return ScoreComponent(
            name=name,
            points=None,
            observed=None,
            rule=rule,
            max_points=most,
            possible_points=context.possible,
            decided_by=context.decided_by,
        )
    return ScoreComponent(
        name=name,
        points=points,
        observed=observed if points is not None else None,
        rule=rule,
        max_points=most,
        decided_by=context.decided_by,
    )


def _age_points(age: int) -> int:
    if age >= PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS:
        return 2
    return 1 if age >= PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS else 0


def _score(
    inputs: PretransplantInputs,
    contexts: Mapping[str, _Context] | None = None,
    notes: tuple[str, ...] = (),
) -> ScoreResult:
    found = contexts or {}
    timing, cmv = inputs.relapse_timing, inputs.donor_cmv
    blasts, age = inputs.marrow_blasts_percent, inputs.age_years
    cmv_points = None
    if cmv is not None:
        cmv_points = PRETRANSPLANT_DONOR_CMV_POSITIVE_POINTS if cmv is Serostatus.POSITIVE else 0
    components = (
        _component(
            "relapse_timing",
            None if timing is None else PRETRANSPLANT_TIMING_POINTS[timing],
            None if timing is None else timing.label,
            rule=_TIMING_RULE,
            most=_TIMING_MAX,
            contexts=found,
        ),
        _component(
            "donor_cmv",
            cmv_points,
            None if cmv is None else f"donor CMV {cmv.value}",
            rule=_CMV_RULE,
            most=PRETRANSPLANT_DONOR_CMV_POSITIVE_POINTS,
            contexts=found,
        ),
        _component(
            "marrow_blasts_percent",
            None if blasts is None else int(blasts > PRETRANSPLANT_BLASTS_ABOVE_PERCENT),
            None if blasts is None else f"{number_text(blasts)} %",
            rule=_BLASTS_RULE,
            most=1,
            contexts=found,
        ),
        _component(
            "age_years",
            None if age is None else _age_points(age),
            None if age is None else f"{age} years",
            rule=_AGE_RULE,
            most=2,
            contexts=found,
        ),
    )
    result_notes = list(notes)
    if blasts == PRETRANSPLANT_BLASTS_ABOVE_PERCENT:
        result_notes.append(_NOTE_BLASTS_AT_CUT)
    if sum(c.possible_points[1] for c in components) > 3:
        result_notes.append(_NOTE_TOP_BAND)
    return ScoreResult(
        name="pretransplant_score",
        components=components,
        bands=PRETRANSPLANT_BANDS,
        citation=PRETRANSPLANT_CITATION,
        notes=tuple(result_notes),
    )


# --- derivation from a patient ---------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Timing:
    timing: RelapseTiming | None
    possible: tuple[int, int]
    detail: str
    decided_by: tuple[str, ...]


def _is_salvage_after(line: TreatmentLine, relapse: Relapse) -> bool:
    """A systemic line for relapsed disease started on or after ``relapse``."""
    return line.start >= relapse.date and line.intent in _SALVAGE_INTENTS


def _line_name(line: TreatmentLine) -> str:
    if line.regimen is not None:
        return repr(line.regimen)
    return "+".join(agent.value for agent in line.agents)


def _first_relapse_timing(patient: Patient, relapse: Relapse, as_of: date) -> _Timing:
    course = patient.course
    fields = ("course.relapses", "course.treatment_lines")
    lines = course.lines_started_by(as_of=as_of)
    salvage = [line for line in lines if _is_salvage_after(line, relapse)]
    failed = [
        line for line in salvage if line.best_response is not None and line.best_response.is_failure
    ]
    if failed:
        detail = f"salvage line {_line_name(failed[0])} after the first relapse gave no remission"
        return _Timing(
            timing=RelapseTiming.FIRST_REFRACTORY_RELAPSE,
            possible=(1, 1),
            detail=detail,
            decided_by=fields,
        )
    unevaluated = [
        line
        for line in salvage
        if line.best_response is None or not line.best_response.is_remission
    ]
    if unevaluated:
        detail = (
            f"salvage line {_line_name(unevaluated[0])} after the first relapse has no"
            " evaluable best response, so refractory and treated-responsive cannot be told apart"
        )
        return _Timing(timing=None, possible=(0, 1), detail=detail, decided_by=fields)
    remitted = any(r.date > relapse.date for r in course.remissions_by(as_of=as_of)) or bool(
        salvage
    )
    if remitted:
        detail = (
            "the first relapse remitted on salvage therapy; none of ref 62's categories"
            " (which describe patients not in CR) fits"
        )
        return _Timing(
            timing=None,
            possible=(0, 1),
            detail=detail,
            decided_by=(*fields, "course.remissions"),
        )
    if course.history_complete is not True:
        detail = (
            "no salvage line is recorded after the first relapse, but the treatment history"
            " is not marked complete (course.history_complete)"
        )
        return _Timing(
            timing=None,
            possible=(0, 1),
            detail=detail,
            decided_by=(*fields, "course.history_complete"),
        )
    return _Timing(
        timing=RelapseTiming.FIRST_UNTREATED_RELAPSE,
        possible=(0, 0),
        detail="no salvage line after the first relapse in a complete treatment history",
        decided_by=(*fields, "course.history_complete"),
    )


def _derive_timing(patient: Patient, as_of: date) -> _Timing:
    relapses = patient.course.relapses_by(as_of=as_of)
    episodes = relapse_count(patient, as_of=as_of)  # records of one relapse count once
    if episodes >= 2:
        return _Timing(
            timing=RelapseTiming.SECOND_OR_LATER_RELAPSE,
            possible=(2, 2),
            detail=f"{episodes} relapses by as_of",
            decided_by=("course.relapses", "course.remissions"),
        )
    if relapses:
        return _first_relapse_timing(patient, relapses[0], as_of)
    fields = ("course.relapses", "course.remissions", "course.treatment_lines")
    if disease_phase(patient, as_of=as_of) is DiseasePhase.PRIMARY_REFRACTORY:
        return _Timing(
            timing=RelapseTiming.PRIMARY_INDUCTION_FAILURE,
            possible=(0, 0),
            detail="no remission on any line and no relapse by as_of",
            decided_by=fields,
        )
    detail = (
        "no relapse and no induction failure recorded by as_of; without a relapse only"
        " primary induction failure (0 points) could apply"
    )
    return _Timing(timing=None, possible=(0, 0), detail=detail, decided_by=fields)


def _from_patient(patient: Patient, as_of: date) -> ScoreResult:
    notes: list[str] = []
    timing = _derive_timing(patient, as_of)
    if timing.timing is None:
        notes.append(f"relapse_timing unknown: {timing.detail}")
    blasts_lab = latest_lab(patient.labs, Analyte.MARROW_BLASTS, as_of=as_of)
    age = patient.age(as_of=as_of)
    inputs = PretransplantInputs(
        relapse_timing=timing.timing,
        donor_cmv=patient.course.donor_cmv,
        marrow_blasts_percent=None if blasts_lab is None else blasts_lab.value_in("%"),
        age_years=age,
    )
    contexts = {
        "relapse_timing": _Context(
            source=timing.detail, decided_by=timing.decided_by, possible=timing.possible
        ),
        "donor_cmv": _Context(source="course.donor_cmv", decided_by=("course.donor_cmv",)),
        "marrow_blasts_percent": _Context(
            source=None if blasts_lab is None else lab_source(blasts_lab),
            decided_by=(lab_field(Analyte.MARROW_BLASTS),),
        ),
        "age_years": _Context(source=f"on {as_of.isoformat()}", decided_by=("date_of_birth",)),
    }
    if disease_phase(patient, as_of=as_of) in _IN_CR:
        notes.append(_NOTE_IN_CR)
    return _score(inputs, contexts, tuple(notes))


@overload
def pretransplant_score(source: PretransplantInputs, *, as_of: None = None) -> ScoreResult: ...
@overload
def pretransplant_score(source: Patient, *, as_of: date) -> ScoreResult: ...
def pretransplant_score(
    source: PretransplantInputs | Patient, *, as_of: date | None = None
) -> ScoreResult:
    """The pretransplant score of review ref 62, from explicit inputs or from a patient.

    Encodes the score Duval and colleagues built for ALL not in CR at myeloablative HCT
    (review ref 62), with the review's operators (decision-5):

    * timing of HCT: first refractory relapse 1 point, second or later relapse 2;
      primary induction failure and first untreated relapse 0;
    * a CMV-seropositive donor: 1 point;
    * marrow blasts above 25 %: 1 point. The review writes ``> 25 %``; the paper's
      abstract writes ``>= 25 %``. Exactly 25 % scores 0 here, and the result notes it;
    * age 10-39 years 1 point, 40 or older 2, under 10 none.

    The total (at most 6) falls in one of three 3-year overall survival bands: 46 % for
    0-1 points, 22 % for 2, 10 % for 3. The review prints the last group as "3 points";
    allmodel reads it as 3 or more, an interpretation the result's notes state whenever
    a total above 3 is possible.

    From a patient the inputs are derived as of ``as_of``: the timing from the relapses
    recorded by then (whether or not an allogeneic HCT preceded them) and, after a single
    relapse, from the salvage lines that followed it (a salvage line without remission
    makes it refractory; none, in a treatment history marked complete, leaves it
    untreated; a salvage line without an evaluable response leaves it unknown); a
    primary refractory patient is a primary induction failure. The donor's CMV status
    comes from ``course.donor_cmv``, the blasts from the latest marrow blast result, the
    age from the date of birth. A patient in remission on ``as_of`` gets a note: the
    score was built for patients not in CR.

    Args:
        source: The inputs, or a patient to derive them from.
        as_of: For a patient, the date to read the record at; not given with inputs.

    Returns:
        The score, with each component's points and a total, or the range of totals still
        possible and the unknown components when inputs are missing.

    Raises:
        TypeError: ``as_of`` is missing for a patient or given with explicit inputs.
        ChronologyError: The patient's date of birth is after ``as_of``.

    Examples:
        >>> import attrs
        >>> from allmodel.model import Serostatus
        >>> inputs = PretransplantInputs(
        ...     relapse_timing=RelapseTiming.FIRST_REFRACTORY_RELAPSE,
        ...     donor_cmv=Serostatus.NEGATIVE,
        ...     marrow_blasts_percent=40.0,
        ...     age_years=35,
        ... )
        >>> result = pretransplant_score(inputs)
        >>> result.total, result.band
        (3, '3-year overall survival 10 %')
        >>> partial = pretransplant_score(attrs.evolve(inputs, donor_cmv=None, age_years=None))
        >>> partial.total, partial.total_range, partial.band
        (None, (2, 5), None)
        >>> partial.unknown
        ('donor_cmv', 'age_years')
    """
    if isinstance(source, Patient):
        if as_of is None:
            raise TypeError("pretransplant_score needs as_of when given a patient")
        return _from_patient(source, as_of)
    if not isinstance(source, PretransplantInputs):
        raise TypeError(
            "pretransplant_score takes PretransplantInputs or a Patient,"
            f" not {type(source).__name__}"
        )
    if as_of is not None:
        raise TypeError("as_of applies only when the score is derived from a patient")
    return _score(source)
