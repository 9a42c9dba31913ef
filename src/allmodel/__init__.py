"""allmodel: typed, unit-safe models of relapsed or refractory ALL in adults.

allmodel encodes the clinical review "Treatment of relapsed or refractory acute
lymphoblastic leukemia in adults" (literature through December 2022; its numbered
references are cited throughout) as immutable, unit-checked Python objects, and answers
one question with its sources: which of the review's therapies and trials is this
patient eligible for as of a date, why, and what data is still missing.

It is decision support that encodes a 2022 review, not medical advice.

This module is the short face for the common tasks (load a patient, screen one or many,
read the report, order the options, derive facts, classify a response, plan doses).
Everything else lives in the package named after its concept: :mod:`allmodel.model`
(record types), :mod:`allmodel.io`, :mod:`allmodel.clinical`, :mod:`allmodel.facts`,
:mod:`allmodel.criteria`, :mod:`allmodel.catalogue`, :mod:`allmodel.pathway`,
:mod:`allmodel.units`, :mod:`allmodel.measures`, :mod:`allmodel.dates`.
"""

from allmodel._version import __version__
from allmodel.catalogue import default_ruleset
from allmodel.clinical import DiseasePhase, disease_phase
from allmodel.clinical.regimens import plan
from allmodel.clinical.response import classify_response
from allmodel.criteria import (
    Jurisdiction,
    JurisdictionCode,
    Option,
    OptionKind,
    Ruleset,
    Truth,
    load_criteria,
)
from allmodel.errors import (
    AllModelError,
    ArgumentError,
    ChronologyError,
    DocumentError,
    PlanningError,
    Problem,
    RuleError,
    UnitError,
    ValidationError,
)
from allmodel.facts import Facts, derive_facts
from allmodel.io import (
    dump_patient,
    load_patient,
    patient_json_schema,
)
from allmodel.measures import Length, Mass
from allmodel.model import (
    Agent,
    Course,
    Disease,
    Identifier,
    LabResult,
    MarkerResult,
    MrdResult,
    Patient,
    Relapse,
    Remission,
    Sex,
    Transplant,
    TreatmentLine,
)
from allmodel.pathway import Pathway, pathway
from allmodel.report import (
    OptionResult,
    Report,
    Status,
    StatusCode,
)
from allmodel.screening import screen, screen_many

__all__ = [
    "Agent",
    "AllModelError",
    "ArgumentError",
    "ChronologyError",
    "Course",
    "Disease",
    "DiseasePhase",
    "DocumentError",
    "Facts",
    "Identifier",
    "Jurisdiction",
    "JurisdictionCode",
    "LabResult",
    "Length",
    "MarkerResult",
    "Mass",
    "MrdResult",
    "Option",
    "OptionKind",
    "OptionResult",
    "Pathway",
    "Patient",
    "PlanningError",
    "Problem",
    "Relapse",
    "Remission",
    "Report",
    "RuleError",
    "Ruleset",
    "Sex",
    "Status",
    "StatusCode",
    "Transplant",
    "TreatmentLine",
    "Truth",
    "UnitError",
    "ValidationError",
    "__version__",
    "classify_response",
    "default_ruleset",
    "derive_facts",
    "disease_phase",
    "dump_patient",
    "load_criteria",
    "load_patient",
    "pathway",
    "patient_json_schema",
    "plan",
    "screen",
    "screen_many",
]
