"""The patient: demographics, body size, performance status and the whole record.

:class:`Patient` is the root of the model. Identifiers and the date of birth never appear
in ``repr()`` or in any error message. Body surface area is computed by the Mosteller
formula (default) or the DuBois formula; BSA-normalised doses in the review (for example
cytarabine 3 g/m2 and idarubicin 40 mg/m2 of ref 41) need it.

Fields that were not recorded are ``None`` and derive to *unknown*. Performance status,
LVEF, pregnancy, breastfeeding and the treating team's judgements are dated
(:mod:`allmodel.model._observations`): eligibility uses them only while they are current.
"""

from __future__ import annotations

import enum
import math
import operator
from collections.abc import Iterable, Iterator
from datetime import date

import attrs

from allmodel._display import record_html
from allmodel._model import Model, NonEmpty, PickledByFields, checks, pickled_by_name
from allmodel.dates import add_months, age_in_years
from allmodel.errors import ChronologyError, Problem, ValidationError
from allmodel.measures import Area, DosePerArea, Length, Mass
from allmodel.model._conditions import Condition, ConditionRecord
from allmodel.model._course import Course
from allmodel.model._disease import Disease
from allmodel.model._labs import LabResult
from allmodel.model._mrd import MrdResult
from allmodel.model._observations import EcogAssessment, Finding, LvefMeasurement
from allmodel.model._plausibility import MAX_AGE_YEARS, PLAUSIBLE

__all__ = [
    "DATED_OBSERVATIONS",
    "BsaMethod",
    "Identifier",
    "Patient",
    "Sex",
    "body_surface_area",
    "bsa_dubois",
    "bsa_mosteller",
]


@pickled_by_name
class Sex(enum.StrEnum):
    """Sex as recorded."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


@pickled_by_name
class BsaMethod(enum.StrEnum):
    """Body surface area formula."""

    MOSTELLER = "mosteller"
    DUBOIS = "dubois"


@attrs.frozen(kw_only=True)
class Identifier(Model, PickledByFields):
    """An identifier of the patient in some system (MRN, study id). Never shown.

    Args:
        system: The issuing system (``urn:oid:...``, ``mrn``).
        value: The identifier; hidden from ``repr()`` and from every error message.
    """

    system: str = attrs.field(metadata=checks(NonEmpty()))
    value: str = attrs.field(repr=False, metadata=checks(NonEmpty(), sensitive=True))


def bsa_mosteller(height: Length, weight: Mass) -> Area:
    """Body surface area by Mosteller: sqrt(height [cm] x weight [kg] / 3600) m2.

    Mosteller RD, N Engl J Med 1987;317:1098 (formula checked in the globalrph.com
    BSA reference page). allmodel's default BSA method.
    """
    return Area(math.sqrt(height.magnitude_in("cm") * weight.magnitude_in("kg") / 3600.0), "m2")


def bsa_dubois(height: Length, weight: Mass) -> Area:
    """Body surface area by DuBois: 0.007184 x weight [kg]^0.425 x height [cm]^0.725 m2.

    DuBois D, DuBois EF, Arch Intern Med 1916;17:863 (formula checked in the
    globalrph.com BSA reference page).
    """
    value = 0.007184 * weight.magnitude_in("kg") ** 0.425 * height.magnitude_in("cm") ** 0.725
    return Area(value, "m2")


def body_surface_area(
    height: Length, weight: Mass, method: BsaMethod = BsaMethod.MOSTELLER
) -> Area:
    """Body surface area by the chosen formula (Mosteller by default)."""
    if method is BsaMethod.DUBOIS:
        return bsa_dubois(height, weight)
    return bsa_mosteller(height, weight)


_TOO_OLD = f"more than {MAX_AGE_YEARS} years after"


def _too_old_from(born: date) -> date | None:
    """The first day on which a person born on ``born`` would be 123 (``None``: past year 9999)."""
    try:
        return add_months(born, 12 * (MAX_AGE_YEARS + 1))
    except ValueError:
        return None


def _birth_problems(born: date | None, as_of: date) -> Iterator[Problem]:
    """What is wrong with a date of birth on ``as_of``: after it, or too long before it."""
    if born is None:
        return
    if born > as_of:
        yield Problem("date_of_birth", "is after as_of")
        return
    if as_of.year - born.year <= MAX_AGE_YEARS:
        return  # at most 122 years apart by the calendar: no need to count months
    too_old = _too_old_from(born)
    if too_old is not None and as_of >= too_old:
        yield Problem("date_of_birth", f"is {_TOO_OLD.replace('after', 'before')} as_of")


#: The patient's own dated observations and judgements (each holds a ``date``); the
#: facts of the same names read them.
DATED_OBSERVATIONS: tuple[str, ...] = (
    "ecog",
    "pregnant",
    "lactating",
    "fit_for_intensive_therapy",
    "hct_candidate",
    "no_alternative_treatment",
    "no_other_tki_indicated",
    "adequate_organ_function",
    "hepatic_dysfunction_due_to_leukemia",
    "renal_dysfunction_due_to_leukemia",
    "lvef_percent",
)


_OBSERVATIONS = operator.attrgetter(*DATED_OBSERVATIONS)
_DATE = operator.attrgetter("date")


#: The disease and course of a patient whose record gives none.
_NO_DISEASE = Disease()
_NO_COURSE = Course()


@attrs.frozen(kw_only=True)
class Patient(Model, PickledByFields):
    """An adult with ALL: who, how fit, what disease, what course, which results.

    Args:
        identifiers: Identifiers in other systems; never shown.
        date_of_birth: Never shown; needed for age.
        sex: As recorded.
        height: Body height (cm or m), 20 to 280 cm (the plausible range,
            :data:`allmodel.model.PLAUSIBLE`; children are admitted).
        weight: Body weight (kg, g), 0.2 to 650 kg (the plausible range).
        ecog: ECOG performance status, with the day it was assessed.
        pregnant: Pregnancy status (test or assessment), with its date.
        lactating: Whether the patient is breastfeeding, with the date it was asked.
        prefers_palliative_care: Whether the patient prefers symptom-directed care to
            remission induction (review: frailty, comorbidity or preference); a stated
            wish, taken as current until the record changes.
        fit_for_intensive_therapy: The treating team's judgement of fitness for
            intensive chemotherapy, with the day it was made.
        hct_candidate: The treating team's judgement that the patient is a candidate for
            allogeneic HCT (review: HLA typing for candidates at relapse), with its date.
        no_alternative_treatment: The treating team's judgement that no alternative
            treatment option is available (a condition of some EU labels), with its date.
        no_other_tki_indicated: The treating team's judgement that no other tyrosine
            kinase inhibitor is indicated (the US ponatinib label), with its date.
        adequate_organ_function: The treating team's judgement that renal, hepatic and
            cardiac function are adequate (a trial condition stated without numbers),
            with its date.
        hepatic_dysfunction_due_to_leukemia: The treating team's judgement that
            out-of-range liver values (bilirubin) are due to the leukemia, an exception some
            trials allow to their limits (CALGB 19801's bilirubin), with its date.
        renal_dysfunction_due_to_leukemia: The treating team's judgement that reduced
            kidney function (creatinine clearance) is due to the leukemia (CALGB 19801's
            exception to its clearance limit), with its date.
        certified_car_t_centre: Whether the patient is treated at a centre certified to
            give CAR T cells (the US REMS programmes; review ref 11).
        lvef_percent: Left-ventricular ejection fraction, %, with the day it was measured.
        cumulative_anthracycline: Prior cumulative anthracycline dose, in
            doxorubicin-equivalent mg/m2: 0, or up to 5000 mg/m2 (the plausible range).
        disease: The leukemia's features.
        course: Diagnosis, lines of therapy, remissions, relapses, transplants.
        labs: Dated laboratory results.
        mrd: Dated MRD results.
        conditions: Conditions assessed as present or absent (GVHD, infection, ...).

    Raises:
        ValidationError: A field breaks its constraint.
        ChronologyError: A recorded date is before the date of birth, or 123 years or
            more after it (:data:`~allmodel.model.MAX_AGE_YEARS`: no one has
            lived longer); the date of birth is never shown.
    """

    identifiers: tuple[Identifier, ...] = attrs.field(default=(), repr=False)
    date_of_birth: date | None = attrs.field(
        default=None, repr=False, metadata=checks(sensitive=True)
    )
    sex: Sex | None = None
    height: Length | None = attrs.field(default=None, metadata=checks(PLAUSIBLE["height"]))
    weight: Mass | None = attrs.field(default=None, metadata=checks(PLAUSIBLE["weight"]))
    ecog: EcogAssessment | None = None
    pregnant: Finding | None = None
    lactating: Finding | None = None
    prefers_palliative_care: bool | None = None
    fit_for_intensive_therapy: Finding | None = None
    hct_candidate: Finding | None = None
    no_alternative_treatment: Finding | None = None
    no_other_tki_indicated: Finding | None = None
    adequate_organ_function: Finding | None = None
    hepatic_dysfunction_due_to_leukemia: Finding | None = None
    renal_dysfunction_due_to_leukemia: Finding | None = None
    certified_car_t_centre: bool | None = None
    lvef_percent: LvefMeasurement | None = None
    cumulative_anthracycline: DosePerArea | None = attrs.field(
        default=None, metadata=checks(PLAUSIBLE["cumulative_anthracycline"])
    )
    # one shared empty instance each (both are frozen): writing a patient compares these
    # fields with their default, which a factory would build anew every time
    disease: Disease = attrs.field(default=_NO_DISEASE)
    course: Course = attrs.field(default=_NO_COURSE)
    labs: tuple[LabResult, ...] = ()
    mrd: tuple[MrdResult, ...] = ()
    conditions: tuple[ConditionRecord, ...] = ()

    def dated_fields(self) -> Iterator[tuple[str, date]]:
        """Every recorded date except the date of birth, with its path."""
        for name in DATED_OBSERVATIONS:
            observation = getattr(self, name)
            if observation is not None:
                yield f"{name}.date", observation.date
        for path, when in self.course.dated_fields():
            yield f"course.{path}", when
        disease = self.disease
        if disease.kinase_domain is not None:
            yield "disease.kinase_domain.date", disease.kinase_domain.date
        for index, marker in enumerate(disease.markers):
            yield f"disease.markers[{index}].date", marker.date
        for index, assessment in enumerate(disease.cns):
            yield f"disease.cns[{index}].date", assessment.date
        for index, lab in enumerate(self.labs):
            yield f"labs[{index}].date", lab.date
        for index, result in enumerate(self.mrd):
            yield f"mrd[{index}].date", result.date
        for index, record in enumerate(self.conditions):
            if record.date is not None:
                yield f"conditions[{index}].date", record.date

    def _dates(self) -> list[date]:
        """Every recorded date except the date of birth, as :meth:`dated_fields` gives
        them but without paths (cheaper, for checks that rarely fail)."""
        found = [observation.date for observation in _OBSERVATIONS(self) if observation is not None]
        found += self.course._dates()
        disease = self.disease
        if disease.kinase_domain is not None:
            found.append(disease.kinase_domain.date)
        found += map(_DATE, disease.markers)
        found += map(_DATE, disease.cns)
        found += map(_DATE, self.labs)
        found += map(_DATE, self.mrd)
        found += [when for when in map(_DATE, self.conditions) if when is not None]
        return found

    def _consistency(self) -> Iterable[ValidationError]:
        lineage = self.disease.lineage
        if lineage is not None:
            # the model's lineages are precursor lineages; Burkitt leukemia is mature B
            yield from (
                ValidationError(
                    [
                        Problem(
                            f"conditions[{index}]",
                            f"records Burkitt (mature B) leukemia, but the lineage is {lineage}",
                        )
                    ]
                )
                for index, record in enumerate(self.conditions)
                if record.condition is Condition.BURKITT and record.present
            )
        born = self.date_of_birth
        dates = self._dates() if born is not None else None
        if born is not None and dates:
            too_old = _too_old_from(born)
            # paths are spelt out only when a date is out of range
            if min(dates) < born or (too_old is not None and max(dates) >= too_old):
                yield ChronologyError(
                    [
                        Problem(path, "is before the date of birth")
                        if when < born
                        else Problem(path, f"is {_TOO_OLD} the date of birth")
                        for path, when in self.dated_fields()
                        if when < born or (too_old is not None and when >= too_old)
                    ]
                )

    def check_as_of(self, *, as_of: date) -> None:
        """Check that nothing in the record is dated after ``as_of``, and the age on it.

        Raises:
            ChronologyError: Listing every date after ``as_of``, and the date of birth
                when it is after ``as_of`` or 123 years or more before it (named but
                never shown).
        """
        problems = list(_birth_problems(self.date_of_birth, as_of))
        problems.extend(
            Problem(path, "is after as_of") for path, when in self.dated_fields() if when > as_of
        )
        if problems:
            raise ChronologyError(problems)

    def check_age(self, *, as_of: date) -> None:
        """Check that the date of birth gives a possible age on ``as_of``.

        Raises:
            ChronologyError: At ``date_of_birth`` (never shown): it is after ``as_of``,
                or the age on ``as_of`` is over
                :data:`~allmodel.model.MAX_AGE_YEARS` (122) years.
        """
        problems = list(_birth_problems(self.date_of_birth, as_of))
        if problems:
            raise ChronologyError(problems)

    def age(self, *, as_of: date) -> int | None:
        """Completed years of age on ``as_of``; ``None`` when the date of birth is unknown.

        Raises:
            ChronologyError: The date of birth is after ``as_of``, or more than 122 years
                before it (see :meth:`check_age`).
        """
        if self.date_of_birth is None:
            return None
        self.check_age(as_of=as_of)
        return age_in_years(self.date_of_birth, as_of)

    def _repr_html_(self) -> str:
        """In Jupyter: what is recorded, and what is not (never the identifiers or the
        date of birth)."""
        return record_html(self, title="Patient")

    def bsa(self, method: BsaMethod = BsaMethod.MOSTELLER) -> Area | None:
        """Body surface area, or ``None`` when height or weight is unknown."""
        if self.height is None or self.weight is None:
            return None
        return body_surface_area(self.height, self.weight, method)
