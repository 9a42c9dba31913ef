"""The review's regimens as data, and unit-safe dose plans for a patient.

* :mod:`allmodel.regimens.dosing` — dose rules (per m2, per kg, flat, banded, cell doses);
* :mod:`allmodel.regimens.schedule` — cycle days and their expansion to calendar dates;
* :mod:`allmodel.regimens.model` — components, cycles, regimens, availability;
* :mod:`allmodel.regimens.catalogue` — every regimen the review names;
* :mod:`allmodel.regimens.plan` — :func:`plan`, :class:`DosePlan`.
"""

from allmodel.regimens.catalogue import (
    CRANIAL_IRRADIATION,
    LIPOSOMAL_CYTARABINE_DISCONTINUED,
    LIPOSOMAL_VINCRISTINE_WITHDRAWN,
    REGIMENS,
    get_regimen,
)
from allmodel.regimens.dosing import (
    AgeBand,
    AgeBanded,
    BodySize,
    CellsPerBodyMass,
    DoseRule,
    Flat,
    FlatCells,
    FlatPerDay,
    NotStated,
    PerArea,
    PerAreaPerDay,
    PerMass,
    RadiationFraction,
    ResolvedDose,
    WeightBand,
    WeightBanded,
    resolve_dose,
)
from allmodel.regimens.model import (
    Availability,
    Component,
    CycleDefinition,
    RadiationCourse,
    Regimen,
    Route,
)
from allmodel.regimens.plan import (
    PLANNING_HEIGHT_CM,
    PLANNING_WEIGHT_KG,
    Administration,
    BsaCapWarning,
    DosePlan,
    plan,
)
from allmodel.regimens.schedule import (
    EveryDay,
    EveryNDays,
    NotScheduled,
    OnDays,
    Schedule,
    Weekdays,
    expand,
)

__all__ = [
    "CRANIAL_IRRADIATION",
    "LIPOSOMAL_CYTARABINE_DISCONTINUED",
    "LIPOSOMAL_VINCRISTINE_WITHDRAWN",
    "PLANNING_HEIGHT_CM",
    "PLANNING_WEIGHT_KG",
    "REGIMENS",
    "Administration",
    "AgeBand",
    "AgeBanded",
    "Availability",
    "BodySize",
    "BsaCapWarning",
    "CellsPerBodyMass",
    "Component",
    "CycleDefinition",
    "DosePlan",
    "DoseRule",
    "EveryDay",
    "EveryNDays",
    "Flat",
    "FlatCells",
    "FlatPerDay",
    "NotScheduled",
    "NotStated",
    "OnDays",
    "PerArea",
    "PerAreaPerDay",
    "PerMass",
    "RadiationCourse",
    "RadiationFraction",
    "Regimen",
    "ResolvedDose",
    "Route",
    "Schedule",
    "Weekdays",
    "WeightBand",
    "WeightBanded",
    "expand",
    "get_regimen",
    "plan",
    "resolve_dose",
]
