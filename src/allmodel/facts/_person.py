"""Facts about the person: age, sex, performance status, pregnancy, the treating team's
judgements, the care setting, cardiac function and weight.

Ages are completed years. A person born on 29 February is a year older on 28 February
of a common year by the calendar's clipping (:mod:`allmodel.dates`), but only on 1 March
where the law counts so (jurisdictions differ, and the labels' "adults" do not say
which): that day the age is the interval of both readings, so a threshold between them
is unknown, never decided by one convention (flagged by a clinical audit). The dated
assessments (ECOG, pregnancy and breastfeeding, the
judgements, LVEF: the model's dated observations) count only
within the ruleset's window for their kind (:class:`~allmodel.facts.Window`): no source
fixes these windows, they are allmodel's documented policy. A stated preference for
palliative care and a centre's certification are not dated tests: they stay current until
the record changes.
"""

from __future__ import annotations

import calendar
from datetime import date

from allmodel._calendar import whole_months
from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.facts._validity import Validity, Window
from allmodel.model._patient import DATED_OBSERVATIONS, Sex

__all__ = ["PERSON"]


def _judgement(name: str, description: str) -> FactSpec:
    """A judgement of the treating team, recorded as a dated observation of that name."""
    return FactSpec(
        name=name,
        type=FactType.BOOLEAN,
        description=description,
        sources=(name,),
        validity=Validity(window=Window.JUDGEMENT),
    )


def _age(r: Record, name: str, born: date | None, on: date | None) -> None:
    """Set fact ``name`` to the completed years from ``born`` to ``on`` (unknown when
    either is), an interval on the one day two conventions differ."""
    if born is None or on is None:
        r.values[name] = None
        return
    years = whole_months(born, on) // 12
    if (
        born.month == 2
        and born.day == 29
        and on.month == 2
        and on.day == 28
        and on.year > born.year
        and not calendar.isleap(on.year)
    ):
        r.values[name] = years - 1  # the birthday taken as 1 March
        r.upper[name] = years  # ... or as 28 February (the calendar's clipping)
        r.remarks[name] = (
            f"born on 29 February: {years - 1} or {years} on 28 February of"
            f" {on.year}, by whether the birthday falls on 28 February or 1 March"
        )
        return
    r.values[name] = years


def _derive_person(r: Record) -> None:
    patient, values = r.patient, r.values
    born = patient.date_of_birth
    _age(r, "age_years", born, r.as_of)
    _age(r, "age_at_diagnosis_years", born, patient.course.diagnosis_date)
    values["sex"] = patient.sex
    as_of, cutoffs, static, observed, rule_of = r.as_of, r.cutoffs, r.static, r.observed, r.rule_of
    for name in DATED_OBSERVATIONS:
        observation = getattr(patient, name)
        if observation is None:
            values[name] = None
            continue
        when = observation.date
        rule = rule_of[name]
        cutoff = (static[rule] or cutoffs.get(rule) or r.cutoff(rule))[0]
        if when > as_of or (cutoff is not None and when < cutoff and not r.current(name, when)):
            values[name] = None
        else:
            values[name] = observation.value
            observed[name] = when
    values["prefers_palliative_care"] = patient.prefers_palliative_care
    values["certified_car_t_centre"] = patient.certified_car_t_centre
    values["weight_kg"] = patient.weight.magnitude_in("kg") if patient.weight is not None else None


#: The person.
PERSON = FactGroup(
    derive=_derive_person,
    facts=(
        FactSpec(
            name="age_years",
            type=FactType.INTEGER,
            description="Completed years of age on as_of; for a birth on 29 February, both"
            " readings on 28 February of a common year (birthday on 28 February or 1 March).",
            sources=("date_of_birth",),
            unit="years",
            interval=True,
        ),
        FactSpec(
            name="age_at_diagnosis_years",
            type=FactType.INTEGER,
            description="Completed years of age on the diagnosis date (both readings for a"
            " birth on 29 February and a diagnosis on 28 February of a common year).",
            sources=("date_of_birth", "course.diagnosis_date"),
            unit="years",
            interval=True,
        ),
        FactSpec(
            name="sex",
            type=FactType.CATEGORY,
            description="Sex as recorded.",
            sources=("sex",),
            categories=tuple(Sex),
        ),
        FactSpec(
            name="ecog",
            type=FactType.INTEGER,
            description="ECOG performance status (0-4) of the latest current assessment.",
            sources=("ecog",),
            validity=Validity(window=Window.PERFORMANCE),
        ),
        FactSpec(
            name="pregnant",
            type=FactType.BOOLEAN,
            description="Whether the patient is pregnant (current assessment).",
            sources=("pregnant",),
            validity=Validity(window=Window.PREGNANCY),
        ),
        FactSpec(
            name="lactating",
            type=FactType.BOOLEAN,
            description="Whether the patient is breastfeeding (current assessment).",
            sources=("lactating",),
            validity=Validity(window=Window.PREGNANCY),
        ),
        FactSpec(
            name="prefers_palliative_care",
            type=FactType.BOOLEAN,
            description="Whether the patient prefers symptom-directed care to remission"
            " induction (a stated wish, current until the record changes).",
            sources=("prefers_palliative_care",),
        ),
        _judgement(
            "fit_for_intensive_therapy",
            "The treating team's current judgement of fitness for intensive chemotherapy.",
        ),
        _judgement(
            "hct_candidate",
            "The treating team's current judgement that the patient is a candidate for"
            " allogeneic HCT.",
        ),
        _judgement(
            "no_alternative_treatment",
            "The treating team's current judgement that no alternative treatment is available.",
        ),
        _judgement(
            "no_other_tki_indicated",
            "The treating team's current judgement that no other TKI is indicated.",
        ),
        _judgement(
            "adequate_organ_function",
            "The treating team's current judgement that renal, hepatic and cardiac function"
            " are adequate (for entry criteria stated without numbers).",
        ),
        _judgement(
            "hepatic_dysfunction_due_to_leukemia",
            "The treating team's current judgement that out-of-range liver values"
            " (bilirubin) are due to the leukemia (an exception some trials allow).",
        ),
        _judgement(
            "renal_dysfunction_due_to_leukemia",
            "The treating team's current judgement that reduced kidney function (creatinine"
            " clearance) is due to the leukemia (an exception some trials allow).",
        ),
        FactSpec(
            name="certified_car_t_centre",
            type=FactType.BOOLEAN,
            description="Whether the patient is treated at a centre certified to give CAR T"
            " cells (REMS in the US); a property of the care setting, not of a dated test.",
            sources=("certified_car_t_centre",),
        ),
        FactSpec(
            name="lvef_percent",
            type=FactType.NUMBER,
            description="Left-ventricular ejection fraction of the latest current measurement.",
            sources=("lvef_percent",),
            unit="%",
            validity=Validity(window=Window.CARDIAC),
        ),
        FactSpec(
            name="weight_kg",
            type=FactType.NUMBER,
            description="Body weight as recorded (the weight doses are planned with; not"
            " read by criteria).",
            sources=("weight",),
            unit="kg",
        ),
    ),
)
