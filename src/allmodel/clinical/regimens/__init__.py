"""The review's regimens as data, and unit-safe dose plans for a patient.

* :mod:`allmodel.clinical.regimens._dosing` — dose rules (per m2, per kg, flat, banded, cell doses);
* :mod:`allmodel.clinical.regimens._schedule` — cycle days and their expansion to calendar dates;
* :mod:`allmodel.clinical.regimens._model` — components, cycles, regimens, availability;
* :mod:`allmodel.clinical.regimens._catalogue` — every regimen the review names;
* :mod:`allmodel.clinical.regimens._plan` — :func:`plan`, :class:`DosePlan`.
"""

from allmodel.clinical.regimens._catalogue import (
    CRANIAL_IRRADIATION,
    LIPOSOMAL_CYTARABINE_DISCONTINUED,
    LIPOSOMAL_VINCRISTINE_WITHDRAWN,
    REGIMENS,
    get_regimen,
)
from allmodel.clinical.regimens._dosing import (
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
from allmodel.clinical.regimens._model import (
    Availability,
    Component,
    CycleDefinition,
    RadiationCourse,
    Regimen,
    Route,
)
from allmodel.clinical.regimens._plan import (
    PLANNING_HEIGHT_CM,
    PLANNING_WEIGHT_KG,
    Administration,
    BsaCapWarning,
    DosePlan,
    plan,
)
from allmodel.clinical.regimens._schedule import (
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
