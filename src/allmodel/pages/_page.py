"""The flat page of an option: its criteria tree read as a list of rules.

:func:`option_page` derives an :class:`OptionPage` from an option (it adds no content):

* each part of a root :class:`~allmodel.criteria.All` is one rule; a root of any other
  kind is a single rule;
* a top-level :class:`~allmodel.criteria.Not` is an *exclusion* rule, worded by the node
  it negates (``active GVHD``); every other rule is an *inclusion*;
* a rule that is an :class:`~allmodel.criteria.Any` whose parts are each guarded by a
  jurisdiction (an :class:`~allmodel.criteria.InJurisdiction` leaf, or an ``All`` with
  one among its parts) shows one *variant* per part, labelled with its jurisdictions
  (``US ...``, ``EU ...``), the guard itself left out; a guarded ``All`` among other
  parts is shown with the jurisdictions it applies in (``EU only``);
* sub-rules appear only where the logic really nests (an ``Any``, ``AtLeast``, ``All``
  or a negated composite below the top); a negated leaf stays one line (``not (...)``).

Each :class:`Rule` keeps what a reader checks against a source: the facts it reads, its
thresholds with their units (``age_years >= 18 years``) and its citations (source ids).
The page also resolves every source id the option cites (its citations, every node's,
its coverage and the ``[id]`` markers of its notes) with :mod:`allmodel.sources`; an id
the registry does not know is an error, never a silent gap.
"""

from __future__ import annotations

import enum

import attrs

from allmodel.criteria import (
    All,
    Any,
    AtLeast,
    Constant,
    Coverage,
    InJurisdiction,
    Is,
    IsIn,
    Jurisdiction,
    Known,
    Node,
    Not,
    Option,
    OptionKind,
    Ruleset,
    Threshold,
    walk,
)
from allmodel.errors import RuleError
from allmodel.sources import Source, SourceKind, source
from allmodel.sources._markers import MARKER, marked_ids

__all__ = ["OptionPage", "Rule", "RuleRole", "option_page"]

#: The condition of a rule that a jurisdiction alone decides (the US label, any patient).
NO_FURTHER_CONDITION = "no further condition"
#: The condition of a rule whose variants are its jurisdiction branches.
BY_JURISDICTION = "by jurisdiction"


class RuleRole(enum.StrEnum):
    """Whether a rule admits patients (inclusion) or turns them away (exclusion)."""

    INCLUSION = "inclusion"
    EXCLUSION = "exclusion"


@attrs.frozen(kw_only=True)
class Rule:
    """One rule of an option's page: a node of the criteria tree, read flat.

    Args:
        id: The id of the node it shows (coverage entries and reports name it).
        role: Inclusion, or exclusion (a negation at the top of the tree).
        text: What it requires, as the node words it (for an exclusion, the node negated:
            what excludes).
        kind: The kind of node it shows (``threshold``, ``any``, ...).
        condition: The comparison for a leaf (``age_years >= 18 years``, ``lineage in
            {b_precursor}``, ``not (t315i is yes)``); how the sub-rules combine for a
            composite (``all of``, ``any of``, ``at least 2 of``, ``none of``, ``by
            jurisdiction`` for variants); ``no further condition`` for a branch its
            jurisdiction alone decides.
        facts: The facts it reads, itself and every node below it, each once.
        thresholds: Its thresholds with their units, itself and below.
        citations: The source ids of the node (and of a negation or jurisdiction guard
            folded into it), each once.
        jurisdictions: Where it applies when a jurisdiction guards it; empty: everywhere.
        variants: One rule per jurisdiction branch (for an ``Any`` of guarded branches).
        parts: Its sub-rules, where the logic nests.
    """

    id: str
    role: RuleRole
    text: str
    kind: str
    condition: str
    facts: tuple[str, ...] = ()
    thresholds: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    jurisdictions: tuple[Jurisdiction, ...] = ()
    variants: tuple[Rule, ...] = ()
    parts: tuple[Rule, ...] = ()

    def walk(self) -> tuple[Rule, ...]:
        """This rule, then its variants and sub-rules, depth first."""
        found: list[Rule] = [self]
        for child in (*self.variants, *self.parts):
            found.extend(child.walk())
        return tuple(found)


@attrs.frozen(kw_only=True)
class OptionPage:
    """One option as a reader sees it: header, rules, notes, coverage and sources.

    Args:
        option: The option shown (its JSON form is this page's ``json`` rendering).
        rules: Its rules, in the tree's order (inclusions and exclusions mixed).
        summary: The root node's text (what the whole tree asks for).
        summary_citations: The root node's citations.
        notes: The option's notes, each ``[id]`` marker replaced by the source's short
            name (``[review ref 7]``, ``[decision 1]``).
        sources: Every source id the option cites, in order of first appearance (its
            citations, the tree, the coverage, the notes), with the source.
        ruleset: The ruleset's name, when the page is shown as part of one.
        ruleset_version: Its version.
    """

    option: Option
    rules: tuple[Rule, ...]
    summary: str
    summary_citations: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[Source, ...]
    ruleset: str | None = None
    ruleset_version: str | None = None

    @property
    def id(self) -> str:
        """The option's id."""
        return self.option.id

    @property
    def kind(self) -> OptionKind:
        """Therapy or trial."""
        return self.option.kind

    @property
    def name(self) -> str:
        """The option's display name."""
        return self.option.name

    @property
    def coverage(self) -> tuple[Coverage, ...]:
        """The option's coverage entries."""
        return self.option.coverage

    @property
    def inclusions(self) -> tuple[Rule, ...]:
        """The inclusion rules, in order."""
        return tuple(rule for rule in self.rules if rule.role is RuleRole.INCLUSION)

    @property
    def exclusions(self) -> tuple[Rule, ...]:
        """The exclusion rules, in order."""
        return tuple(rule for rule in self.rules if rule.role is RuleRole.EXCLUSION)

    def source(self, source_id: str) -> Source:
        """The resolved source of one id the option cites.

        Raises:
            RuleError: The option does not cite this id.
        """
        for found in self.sources:
            if found.id == source_id:
                return found
        raise RuleError(f"option {self.id!r} does not cite {source_id!r}")


def _once(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def _leaf_condition(node: Node) -> str:
    """The comparison a leaf makes, in the fact's own words."""
    if isinstance(node, Threshold):
        return f"{node.fact} {node.expected()}"
    if isinstance(node, IsIn):
        return f"{node.fact} in {{{', '.join(node.values)}}}"
    if isinstance(node, Is):
        return f"{node.fact} is {node.expected()}"
    if isinstance(node, Known):
        return f"{node.fact} is recorded"
    if isinstance(node, InJurisdiction):
        return f"jurisdiction in {{{', '.join(j.value for j in node.jurisdictions)}}}"
    if isinstance(node, Constant):
        return "always true" if node.value else "always false"
    raise TypeError(f"not a leaf: {type(node).__name__}")  # pragma: no cover


def _facts(node: Node) -> tuple[str, ...]:
    return _once(tuple(item.fact for item in walk(node) if hasattr(item, "fact")))


def _thresholds(node: Node) -> tuple[str, ...]:
    return _once(tuple(_leaf_condition(n) for n in walk(node) if isinstance(n, Threshold)))


def _combine(node: All | Any | AtLeast) -> str:
    if isinstance(node, AtLeast):
        return f"at least {node.count} of"
    return "all of" if isinstance(node, All) else "any of"


def _negated_combine(node: All | Any | AtLeast) -> str:
    if isinstance(node, AtLeast):
        return f"fewer than {node.count} of"
    return "not all of" if isinstance(node, All) else "none of"


def _guard(node: Node) -> tuple[InJurisdiction | None, tuple[Node, ...]]:
    """The jurisdiction guard of a branch and the rest of it, or (None, ()) if unguarded."""
    if isinstance(node, InJurisdiction):
        return node, ()
    if isinstance(node, All):
        guards = [part for part in node.parts if isinstance(part, InJurisdiction)]
        if len(guards) == 1:
            return guards[0], tuple(part for part in node.parts if part is not guards[0])
    return None, ()


def _variant(node: Node, role: RuleRole) -> Rule | None:
    """A guarded branch as a rule that applies in its jurisdictions, the guard left out."""
    guard, rest = _guard(node)
    if guard is None:
        return None
    if not rest:
        return Rule(
            id=node.id,
            role=role,
            text=node.text,
            kind=node.kind,
            condition=NO_FURTHER_CONDITION,
            citations=node.citations,
            jurisdictions=guard.jurisdictions,
        )
    return Rule(
        id=node.id,
        role=role,
        text=node.text,
        kind=node.kind,
        condition="all of",
        facts=_facts(node),
        thresholds=_thresholds(node),
        citations=_once(node.citations, guard.citations),
        jurisdictions=guard.jurisdictions,
        parts=tuple(_rule(part, role) for part in rest),
    )


def _make(
    node: Node,
    role: RuleRole,
    condition: str,
    *,
    citations: tuple[str, ...] | None = None,
    parts: tuple[Rule, ...] = (),
    variants: tuple[Rule, ...] = (),
) -> Rule:
    return Rule(
        id=node.id,
        role=role,
        text=node.text,
        kind=node.kind,
        condition=condition,
        facts=_facts(node),
        thresholds=_thresholds(node),
        citations=node.citations if citations is None else citations,
        variants=variants,
        parts=parts,
    )


def _rule(node: Node, role: RuleRole) -> Rule:
    """One node as a rule, its nested logic as sub-rules."""
    if isinstance(node, Not):
        inner = node.part
        citations = _once(node.citations, inner.citations)
        if isinstance(inner, Not):  # a double negation reads as what it negates twice
            again = _rule(inner.part, role)
            return attrs.evolve(again, id=node.id, text=node.text, citations=citations)
        if isinstance(inner, (All, Any, AtLeast)):
            parts = tuple(_rule(part, role) for part in inner.parts)
            return _make(node, role, _negated_combine(inner), citations=citations, parts=parts)
        return _make(node, role, f"not ({_leaf_condition(inner)})", citations=citations)
    if isinstance(node, (All, Any, AtLeast)):
        if isinstance(node, Any):
            variants = tuple(
                variant for part in node.parts if (variant := _variant(part, role)) is not None
            )
            if len(variants) == len(node.parts):
                return _make(node, role, BY_JURISDICTION, variants=variants)
        parts = tuple(
            (_variant(part, role) if isinstance(part, All) else None) or _rule(part, role)
            for part in node.parts
        )
        return _make(node, role, _combine(node), parts=parts)
    return _make(node, role, _leaf_condition(node))


def _top(node: Node) -> Rule:
    """A top-level node as a rule: a negation is an exclusion worded by what it negates."""
    if isinstance(node, Not):
        inner = _rule(node.part, RuleRole.EXCLUSION)
        return attrs.evolve(
            inner,
            id=node.id,
            citations=_once(node.citations, inner.citations),
        )
    return _rule(node, RuleRole.INCLUSION)


def cited_ids(option: Option) -> tuple[str, ...]:
    """Every source id an option cites, each once, in order of first appearance: its
    citations, the tree's (depth first), its coverage's, then its notes' markers."""
    return _once(
        option.citations,
        *(node.citations for node in walk(option.criteria)),
        tuple(entry.source for entry in option.coverage),
        *(marked_ids(note) for note in option.notes),
    )


def resolve(option: Option, source_id: str) -> Source:
    """The source an option cites.

    Raises:
        RuleError: The registry does not know the id (the message names it and the option).
    """
    try:
        return source(source_id)
    except RuleError:
        raise RuleError(
            f"option {option.id!r} cites {source_id!r}, which is not a source id"
            " (see 'allmodel sources')"
        ) from None


def short_name(found: Source) -> str:
    """A source's name in running text: ``review``, ``review ref 7``, ``decision 1``, a
    label's title, a registry record's id, a publication's first author and year."""
    if found.kind is SourceKind.REVIEW:
        return "review"
    if found.kind is SourceKind.REFERENCE and found.number is not None:
        return f"review ref {found.number}"
    if found.kind is SourceKind.DECISION:
        return "decision " + found.id.removeprefix("decision-")
    if found.kind is SourceKind.REVIEW_SECTION:
        return f"review: {found.title}"
    if found.kind is SourceKind.REGISTRY_RECORD and found.registry_id:
        return found.registry_id
    if found.kind is SourceKind.PUBLICATION and found.authors and found.year:
        first = found.authors.split(",")[0].strip()
        return f"{first} {found.year}"
    return found.title


def _note(option: Option, note: str) -> str:
    return MARKER.sub(lambda match: f"[{short_name(resolve(option, match.group(1)))}]", note)


def option_page(option: Option, *, ruleset: Ruleset | None = None) -> OptionPage:
    """The flat page of an option (see the module docstring for how it reads the tree).

    Args:
        option: The option.
        ruleset: The ruleset it is shown as part of (its name and version go in the
            header); ``None`` for a stand-alone option.

    Raises:
        RuleError: The option cites an id the sources registry does not know (the message
            names the id and the option).
    """
    root = option.criteria
    tops = root.parts if isinstance(root, All) else (root,)
    summary_citations = root.citations if isinstance(root, All) else ()
    return OptionPage(
        option=option,
        rules=tuple(_top(node) for node in tops),
        summary=root.text,
        summary_citations=summary_citations,
        notes=tuple(_note(option, note) for note in option.notes),
        sources=tuple(resolve(option, source_id) for source_id in cited_ids(option)),
        ruleset=None if ruleset is None else ruleset.name,
        ruleset_version=None if ruleset is None else ruleset.version,
    )
