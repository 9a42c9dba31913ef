"""Facts about allogeneic hematopoietic cell transplantation: an earlier transplant and
the time since it, and the planning of one (HLA typing, a donor and the donor's CMV
serostatus, a high-risk classification in first remission).

An earlier transplant is read from the recorded transplants (true when recorded, false
only when the history is complete); the planning facts are read from the course as
recorded, and are not dated tests.
"""

from __future__ import annotations

from allmodel._calendar import calendar_months
from allmodel.facts._group import FactGroup
from allmodel.facts._history import known
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.model._course import TransplantKind

__all__ = ["ALLOGENEIC", "TRANSPLANT_PLANNING"]


def _derive_allogeneic(r: Record) -> None:
    values = r.values
    allogeneic = [t for t in r.view.transplants if t.kind is TransplantKind.ALLOGENEIC]
    values["prior_allogeneic_hct"] = known(bool(allogeneic), r.complete)
    values["months_since_allogeneic_hct"] = (
        calendar_months(allogeneic[-1].date, r.as_of) if allogeneic else None
    )
    values["days_since_allogeneic_hct"] = (
        (r.as_of - allogeneic[-1].date).days if allogeneic else None
    )


#: An earlier allogeneic HCT.
ALLOGENEIC = FactGroup(
    derive=_derive_allogeneic,
    facts=(
        FactSpec(
            name="prior_allogeneic_hct",
            type=FactType.BOOLEAN,
            description="Whether an allogeneic HCT was received.",
            sources=("course.transplants", "course.history_complete"),
        ),
        FactSpec(
            name="months_since_allogeneic_hct",
            type=FactType.NUMBER,
            description="From the latest allogeneic HCT to as_of.",
            sources=("course.transplants",),
            unit="months",
        ),
        FactSpec(
            name="days_since_allogeneic_hct",
            type=FactType.INTEGER,
            description="Days from the latest allogeneic HCT to as_of.",
            sources=("course.transplants",),
            unit="days",
        ),
    ),
)


def _derive_planning(r: Record) -> None:
    values, course = r.values, r.patient.course
    values["hla_typed"] = course.hla_typed
    values["donor_identified"] = course.donor_identified
    values["donor_cmv_positive"] = (
        None if course.donor_cmv is None else course.donor_cmv == "positive"
    )
    values["cr1_high_risk"] = course.cr1_high_risk


#: Planning an allogeneic HCT.
TRANSPLANT_PLANNING = FactGroup(
    derive=_derive_planning,
    facts=(
        FactSpec(
            name="hla_typed",
            type=FactType.BOOLEAN,
            description="Whether HLA typing has been done.",
            sources=("course.hla_typed",),
        ),
        FactSpec(
            name="donor_identified",
            type=FactType.BOOLEAN,
            description="Whether an allogeneic donor is identified.",
            sources=("course.donor_identified",),
        ),
        FactSpec(
            name="donor_cmv_positive",
            type=FactType.BOOLEAN,
            description="Whether the identified donor is CMV seropositive.",
            sources=("course.donor_cmv",),
        ),
        FactSpec(
            name="cr1_high_risk",
            type=FactType.BOOLEAN,
            description="Whether the disease was classified high risk in first remission.",
            sources=("course.cr1_high_risk",),
        ),
    ),
)
