"""The criteria language: three-valued rules over facts, with no clinical content.

Leaves (:class:`Threshold`, :class:`IsIn`, :class:`Is`, :class:`Known`,
:class:`InJurisdiction`, :class:`Constant`) compare one fact; composites (:class:`All`,
:class:`Any`, :class:`Not`, :class:`AtLeast`) combine them with Kleene logic, so an
unknown fact gives an unknown answer unless the others decide it. An :class:`Option` is a
named criteria tree with its citations and its :class:`Coverage` (which condition of
which source the tree encodes); a :class:`Ruleset` is a versioned set of options, with a
:attr:`~Ruleset.content_hash` reports record. :func:`load_criteria` reads them from JSON
(a hospital's local trials).
"""

from allmodel.criteria._compile import compile_criterion
from allmodel.criteria._coverage import Coverage, CoverageStatus
from allmodel.criteria._explain import NodeResult, evaluate
from allmodel.criteria._json import (
    criterion_from_dict,
    criterion_to_dict,
    dump_option,
    load_criteria,
    option_from_dict,
    option_to_dict,
    ruleset_from_dict,
    ruleset_to_dict,
)
from allmodel.criteria._nodes import (
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
    Node,
    Not,
    Op,
    Threshold,
    Truth,
    walk,
)
from allmodel.criteria._options import (
    Option,
    OptionKind,
    Ruleset,
)

__all__ = [
    "All",
    "Any",
    "AtLeast",
    "Constant",
    "Context",
    "Coverage",
    "CoverageStatus",
    "Criterion",
    "InJurisdiction",
    "Is",
    "IsIn",
    "Jurisdiction",
    "JurisdictionCode",
    "Known",
    "Node",
    "NodeResult",
    "Not",
    "Op",
    "Option",
    "OptionKind",
    "Ruleset",
    "Threshold",
    "Truth",
    "compile_criterion",
    "criterion_from_dict",
    "criterion_to_dict",
    "dump_option",
    "evaluate",
    "load_criteria",
    "option_from_dict",
    "option_to_dict",
    "ruleset_from_dict",
    "ruleset_to_dict",
    "walk",
]
