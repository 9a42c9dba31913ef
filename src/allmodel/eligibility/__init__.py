"""Eligibility: three-valued criteria over facts, rulesets of options, and screening.

The public entry point is :func:`screen`; see :mod:`allmodel.eligibility.logic` for the
criteria language and :mod:`allmodel.facts` for the facts criteria can use.
"""

from allmodel.eligibility.logic import (
    All,
    Any,
    AtLeast,
    Constant,
    Context,
    Criterion,
    InJurisdiction,
    Is,
    IsIn,
    Jurisdiction,
    JurisdictionCode,
    Known,
    NodeResult,
    Not,
    Op,
    Threshold,
    Truth,
    compile_criterion,
    evaluate,
)
from allmodel.eligibility.options import Option, OptionKind, Ruleset
from allmodel.eligibility.pathway import Pathway, PathwayStep, StepRole, pathway
from allmodel.eligibility.report import REPORT_FORMAT, OptionResult, Report, Status, StatusCode
from allmodel.eligibility.rulesets import (
    CATALOGUE_IDS,
    DEFAULT_RULESET,
    THERAPY_IDS,
    TRIAL_IDS,
    get_ruleset,
    register_ruleset,
    ruleset_names,
)
from allmodel.eligibility.screening import screen, screen_facts, screen_many
from allmodel.eligibility.serialization import (
    criterion_from_dict,
    criterion_to_dict,
    load_criteria,
    option_from_dict,
    option_to_dict,
    ruleset_from_dict,
    ruleset_to_dict,
)
from allmodel.facts import derive_facts as facts

__all__ = [
    "CATALOGUE_IDS",
    "DEFAULT_RULESET",
    "REPORT_FORMAT",
    "THERAPY_IDS",
    "TRIAL_IDS",
    "All",
    "Any",
    "AtLeast",
    "Constant",
    "Context",
    "Criterion",
    "InJurisdiction",
    "Is",
    "IsIn",
    "Jurisdiction",
    "JurisdictionCode",
    "Known",
    "NodeResult",
    "Not",
    "Op",
    "Option",
    "OptionKind",
    "OptionResult",
    "Pathway",
    "PathwayStep",
    "Report",
    "Ruleset",
    "Status",
    "StatusCode",
    "StepRole",
    "Threshold",
    "Truth",
    "compile_criterion",
    "criterion_from_dict",
    "criterion_to_dict",
    "evaluate",
    "facts",
    "get_ruleset",
    "load_criteria",
    "option_from_dict",
    "option_to_dict",
    "pathway",
    "register_ruleset",
    "ruleset_from_dict",
    "ruleset_names",
    "ruleset_to_dict",
    "screen",
    "screen_facts",
    "screen_many",
]
