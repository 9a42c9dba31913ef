"""Options as pages people read: one flat page per option, rendered as text, Markdown,
HTML or the option's JSON, and the exact differences between two rulesets.

:func:`option_page` reads an option's criteria tree as a flat list of rules (inclusions,
exclusions, jurisdiction variants, sub-rules only where the logic nests) with its notes,
its coverage and every source it cites, resolved by :mod:`allmodel.sources`.
:func:`render` writes a page (or an option) in one of :data:`FORMATS`; the ``json`` format
is exactly the document :func:`allmodel.criteria.load_criteria` reads.
:func:`diff_rulesets` lists what changed between two rulesets, option by option and node
by node. ``allmodel options show ID`` and ``allmodel options diff OLD NEW`` print them.
"""

from allmodel.pages._diff import (
    Change,
    ChangeKind,
    FieldChange,
    RulesetDiff,
    diff_options,
    diff_rulesets,
)
from allmodel.pages._page import OptionPage, Rule, RuleRole, option_page
from allmodel.pages._render import FORMATS, Format, render

__all__ = [
    "FORMATS",
    "Change",
    "ChangeKind",
    "FieldChange",
    "Format",
    "OptionPage",
    "Rule",
    "RuleRole",
    "RulesetDiff",
    "diff_options",
    "diff_rulesets",
    "option_page",
    "render",
]
