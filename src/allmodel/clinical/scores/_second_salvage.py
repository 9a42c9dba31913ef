"""The adverse factors of review ref 75 for adults receiving a second salvage therapy.

O'Brien and colleagues (MD Anderson; Cancer 2008;113:3186) followed 288 adults given a
second salvage therapy and found four factors linked to shorter survival. The review
lists them with their cut-offs and the 1-year survival by number of factors; allmodel
encodes them as the review writes them (decision-5; review-ref-75),
one point per factor.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import overload

import attrs

from allmodel._model import InRange, Model, checks
from allmodel.clinical._timeline import (
    REMISSION_PHASES,
    cr1_duration_months,
    disease_phase,
    salvage_line_count,
)
from allmodel.clinical.scores._result import (
    ScoreBand,
    ScoreComponent,
    ScoreResult,
    lab_field,
    lab_source,
    number_text,
)
from allmodel.measures import CountConcentration, MassConcentration, Measure
from allmodel.model._labs import Analyte, LabResult, latest_lab
from allmodel.model._patient import Patient

__all__ = [
    "SECOND_SALVAGE_ALBUMIN_BELOW",
    "SECOND_SALVAGE_BANDS",
    "SECOND_SALVAGE_BLASTS_ABOVE_PERCENT",
    "SECOND_SALVAGE_CITATION",
    "SECOND_SALVAGE_CR1_BELOW_MONTHS",
    "SECOND_SALVAGE_PLATELETS_BELOW",
    "SecondSalvageInputs",
    "second_salvage_factors",
]

#: A first CR shorter than 36 calendar months is adverse: operator ``<`` (review ref 75;
#: the paper's abstract also writes "<36 months"; decision-6). Exactly 36 months is not
#: adverse.
SECOND_SALVAGE_CR1_BELOW_MONTHS = 36.0

#: Marrow blasts above 50 % are adverse: operator ``>`` (review ref 75; the cut was not
#: visible in the primary text reached). Exactly 50 % is not.
SECOND_SALVAGE_BLASTS_ABOVE_PERCENT = 50.0

#: Platelets below 50 x10^9/L (50,000/uL) are adverse: operator ``<`` (review ref 75
#: "<50,000/microL"; the paper's abstract "<50 x10^9/L"). Compared
#: in the canonical unit, so any accepted count unit gives the same answer.
SECOND_SALVAGE_PLATELETS_BELOW = CountConcentration(50, "10^9/L")

#: Serum albumin below 3 g/dL (30 g/L) is adverse: operator ``<`` (review ref 75 "<3 g/dL
#: (30 g/liter)"; not visible in the primary text reached).
#: Compared in the canonical unit, so g/dL and g/L give the same answer.
SECOND_SALVAGE_ALBUMIN_BELOW = MassConcentration(3, "g/dL")

#: 1-year survival by number of adverse factors (review ref 75): 33 % with none or one
#: (the two share a band), 14 % with two, 8 % with three, none with all four.
SECOND_SALVAGE_BANDS: tuple[ScoreBand, ...] = (
    ScoreBand(0, 1, "1-year survival 33 %"),
    ScoreBand(2, 2, "1-year survival 14 %"),
    ScoreBand(3, 3, "1-year survival 8 %"),
    ScoreBand(4, 4, "1-year survival 0 %"),
)

#: The source id of the reference the second-salvage factors encode (O'Brien, Cancer
#: 2008;113:3186).
SECOND_SALVAGE_CITATION = "review-ref-75"

_PLATELET_UNIT = "10^9/L"
_ALBUMIN_UNIT = "g/dL"

_CR1_RULE = "first CR < 36 calendar months: 1 point"
_BLASTS_RULE = "marrow blasts > 50 %: 1 point"
_PLATELETS_RULE = "platelets < 50 10^9/L (50,000 /uL): 1 point"
_ALBUMIN_RULE = "serum albumin < 3 g/dL (30 g/L): 1 point"

_IN_CR = frozenset(REMISSION_PHASES)
_NOTE_IN_CR = (
    "the patient is in remission on as_of; ref 75 described adults given a second salvage"
    " therapy for active disease, so the factors may not apply"
)


@attrs.frozen(kw_only=True)
class SecondSalvageInputs(Model):
    """The inputs of the second-salvage factors of review ref 75; ``None`` means unknown.

    Args:
        cr1_months: Duration of the first complete remission in calendar months, 0 or
            more (:func:`allmodel.clinical.cr1_duration_months`).
        marrow_blasts_percent: Bone marrow blasts, 0-100 %.
        platelets: Platelet count in any count-per-volume unit (``10^9/L``, ``/uL``).
        albumin: Serum albumin in any mass-per-volume unit (``g/dL``, ``g/L``).

    Raises:
        ValidationError: A value of the wrong type or out of range.
        UnitError: A measure of the wrong dimension.
    """

    cr1_months: float | None = attrs.field(
        default=None, metadata=checks(InRange(low=0), doc="first CR, calendar months")
    )
    marrow_blasts_percent: float | None = attrs.field(
        default=None, metadata=checks(InRange(0, 100), doc="bone marrow blasts, %")
    )
    platelets: CountConcentration | None = attrs.field(
        default=None, metadata=checks(InRange(low=0, unit=_PLATELET_UNIT))
    )
    albumin: MassConcentration | None = attrs.field(
        default=None, metadata=checks(InRange(low=0, unit=_ALBUMIN_UNIT))
    )


@attrs.frozen(kw_only=True)
class _Context:
    source: str | None = None
    decided_by: tuple[str, ...] = ()


_EXPLICIT = _Context()


def _factor(
    name: str, present: bool | None, observed: str | None, rule: str, context: _Context
) -> ScoreComponent:
    if observed is not None and context.source is not None:
        observed = f"{observed} ({context.source})"
    return ScoreComponent(
        name=name,
        points=None if present is None else int(present),
        observed=observed,
        rule=rule,
        max_points=1,
        decided_by=context.decided_by,
    )


def _below(measure: Measure | None, threshold: Measure) -> bool | None:
    return None if measure is None else measure.canonical < threshold.canonical


def _shown(measure: Measure | None, unit: str) -> str | None:
    return None if measure is None else f"{number_text(measure.magnitude_in(unit))} {unit}"


def _score(
    inputs: SecondSalvageInputs,
    contexts: Mapping[str, _Context] | None = None,
    notes: tuple[str, ...] = (),
) -> ScoreResult:
    found = contexts or {}
    cr1, blasts = inputs.cr1_months, inputs.marrow_blasts_percent
    components = (
        _factor(
            "cr1_months",
            None if cr1 is None else cr1 < SECOND_SALVAGE_CR1_BELOW_MONTHS,
            None if cr1 is None else f"{number_text(cr1)} months",
            _CR1_RULE,
            found.get("cr1_months", _EXPLICIT),
        ),
        _factor(
            "marrow_blasts_percent",
            None if blasts is None else blasts > SECOND_SALVAGE_BLASTS_ABOVE_PERCENT,
            None if blasts is None else f"{number_text(blasts)} %",
            _BLASTS_RULE,
            found.get("marrow_blasts_percent", _EXPLICIT),
        ),
        _factor(
            "platelets",
            _below(inputs.platelets, SECOND_SALVAGE_PLATELETS_BELOW),
            _shown(inputs.platelets, _PLATELET_UNIT),
            _PLATELETS_RULE,
            found.get("platelets", _EXPLICIT),
        ),
        _factor(
            "albumin",
            _below(inputs.albumin, SECOND_SALVAGE_ALBUMIN_BELOW),
            _shown(inputs.albumin, _ALBUMIN_UNIT),
            _ALBUMIN_RULE,
            found.get("albumin", _EXPLICIT),
        ),
    )
    return ScoreResult(
        name="second_salvage_factors",
        components=components,
        bands=SECOND_SALVAGE_BANDS,
        citation=SECOND_SALVAGE_CITATION,
        notes=notes,
    )


# --- derivation from a patient ---------------------------------------------------------


def _cr1_unknown_reason(patient: Patient, as_of: date) -> str:
    course = patient.course
    remissions = course.remissions_by(as_of=as_of)
    relapses = course.relapses_by(as_of=as_of)
    if not remissions:
        return "no remission is recorded by as_of (never in CR, or not recorded)"
    if not relapses:
        return "no relapse is recorded by as_of: the first remission has not ended"
    return "the first relapse is dated before the first remission"


def _lab_context(lab: LabResult | None, analyte: Analyte) -> _Context:
    return _Context(
        source=None if lab is None else lab_source(lab), decided_by=(lab_field(analyte),)
    )


def _from_patient(patient: Patient, as_of: date) -> ScoreResult:
    notes: list[str] = []
    course = patient.course
    cr1 = cr1_duration_months(patient, as_of=as_of)
    if cr1 is None:
        notes.append(f"cr1_months unknown: {_cr1_unknown_reason(patient, as_of)}")
        cr1_source = None
    else:
        first_remission = course.remissions_by(as_of=as_of)[0].date
        first_relapse = course.relapses_by(as_of=as_of)[0].date
        cr1_source = (
            f"remission of {first_remission.isoformat()} to relapse of {first_relapse.isoformat()}"
        )
    labs = patient.labs
    blasts = latest_lab(labs, Analyte.MARROW_BLASTS, as_of=as_of)
    platelets = latest_lab(labs, Analyte.PLATELETS, as_of=as_of)
    albumin = latest_lab(labs, Analyte.ALBUMIN, as_of=as_of)
    inputs = SecondSalvageInputs(
        cr1_months=cr1,
        marrow_blasts_percent=None if blasts is None else blasts.value_in("%"),
        platelets=None
        if platelets is None
        else CountConcentration(platelets.value_in(_PLATELET_UNIT), _PLATELET_UNIT),
        albumin=None
        if albumin is None
        else MassConcentration(albumin.value_in(_ALBUMIN_UNIT), _ALBUMIN_UNIT),
    )
    contexts = {
        "cr1_months": _Context(
            source=cr1_source, decided_by=("course.remissions", "course.relapses")
        ),
        "marrow_blasts_percent": _lab_context(blasts, Analyte.MARROW_BLASTS),
        "platelets": _lab_context(platelets, Analyte.PLATELETS),
        "albumin": _lab_context(albumin, Analyte.ALBUMIN),
    }
    if disease_phase(patient, as_of=as_of) in _IN_CR:
        notes.append(_NOTE_IN_CR)
    salvage = salvage_line_count(patient, as_of=as_of)
    if salvage != 1:
        notes.append(
            f"the record shows {salvage} salvage line(s) by as_of; ref 75 described adults"
            " about to receive their second salvage, that is after exactly one"
        )
    return _score(inputs, contexts, tuple(notes))


@overload
def second_salvage_factors(source: SecondSalvageInputs, *, as_of: None = None) -> ScoreResult: ...
@overload
def second_salvage_factors(source: Patient, *, as_of: date) -> ScoreResult: ...
def second_salvage_factors(
    source: SecondSalvageInputs | Patient, *, as_of: date | None = None
) -> ScoreResult:
    """The adverse factors of review ref 75 before a second salvage, counted one point each.

    Encodes the four factors O'Brien and colleagues linked to shorter survival after a
    second salvage therapy (review ref 75), each with the strict operator the review
    uses (decision-5):

    * a first complete remission shorter than 36 calendar months;
    * marrow blasts above 50 %;
    * platelets below 50 x10^9/L (50,000/uL), in any accepted count unit;
    * serum albumin below 3 g/dL (30 g/L), in any accepted mass-concentration unit.

    The count falls in one of four 1-year survival bands: 33 % for none or one factor,
    14 % for two, 8 % for three, 0 % for four. Measures are compared in their canonical
    unit, never through pint, so 45 x10^9/L and 45,000/uL score alike.

    From a patient the inputs are derived as of ``as_of``: the first remission's duration
    from :func:`~allmodel.clinical.cr1_duration_months` (unknown, with a note, for a
    patient never in CR, still in CR1, or with an undecidable record), and the latest
    marrow blast, platelet and albumin results (converted with
    :meth:`~allmodel.model._labs.LabResult.value_in`). A patient in remission on ``as_of``, or
    whose record shows other than one prior salvage line, gets a note.

    Args:
        source: The inputs, or a patient to derive them from.
        as_of: For a patient, the date to read the record at; not given with inputs.

    Returns:
        The count of factors with each factor's evidence, or the range still possible
        and the unknown factors when inputs are missing.

    Raises:
        TypeError: ``as_of`` is missing for a patient or given with explicit inputs.

    Examples:
        >>> import attrs
        >>> from allmodel.measures import CountConcentration, MassConcentration
        >>> inputs = SecondSalvageInputs(
        ...     cr1_months=20.0,
        ...     marrow_blasts_percent=30.0,
        ...     platelets=CountConcentration(45_000, "/uL"),
        ...     albumin=MassConcentration(28, "g/L"),
        ... )
        >>> result = second_salvage_factors(inputs)
        >>> result.total, result.band
        (3, '1-year survival 8 %')
        >>> [c.points for c in result.components]
        [1, 0, 1, 1]
        >>> second_salvage_factors(attrs.evolve(inputs, cr1_months=None)).total_range
        (2, 3)
    """
    if isinstance(source, Patient):
        if as_of is None:
            raise TypeError("second_salvage_factors needs as_of when given a patient")
        return _from_patient(source, as_of)
    if not isinstance(source, SecondSalvageInputs):
        raise TypeError(
            "second_salvage_factors takes SecondSalvageInputs or a Patient,"
            f" not {type(source).__name__}"
        )
    if as_of is not None:
        raise TypeError("as_of applies only when the factors are derived from a patient")
    return _score(source)
