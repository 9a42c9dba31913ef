"""Options (therapies and trial archetypes) and the versioned rulesets that hold them.

An :class:`Option` is one therapy or trial archetype: a stable id (public API: reports
key on it), a kind, a name, a criteria tree, citations (review reference numbers, labels,
registry ids), notes (what the sources leave open) and its coverage (which condition of
which source the tree encodes, :class:`~allmodel.criteria.Coverage`). A :class:`Ruleset`
is a named, versioned set of options as of a date, with a content hash. The default
ruleset, ``review-2022-12``, encodes the review as of December 2022 with labels as in
force on 2022-12-31; a later label change belongs in a newer ruleset, never mixed into
this one (decision-1).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator
from datetime import date

import attrs

from allmodel._model import Matches, Model, NonEmpty, checks
from allmodel.criteria._convert import canonical_hash, converter
from allmodel.criteria._coverage import Coverage
from allmodel.criteria._nodes import Node, duplicate_ids, walk
from allmodel.errors import Problem, RuleError, ValidationError
from allmodel.facts import DEFAULT_VALIDITY, ValidityPolicy

__all__ = ["Option", "OptionKind", "Ruleset"]

_OPTION_ID = Matches(r"[a-z][a-z0-9_]*", "a snake_case identifier")


class OptionKind(enum.StrEnum):
    """Whether an option is a therapy or a trial archetype."""

    THERAPY = "therapy"
    TRIAL = "trial"


@attrs.frozen(kw_only=True, cache_hash=True)
class Option(Model):
    """A therapy or trial archetype and its entry criteria.

    Args:
        id: Stable identifier (``blinatumomab``, ``tower``).
        kind: Therapy or trial.
        name: Display name.
        criteria: The root criterion; the option is eligible when it is true.
        citations: Review reference numbers, labels and registry records it encodes.
        registry_ids: Trial registry ids (``NCT02013167``), for trials.
        notes: What a reader should know: unconfirmed criteria left out, where the
            review and a label differ, practical caveats.
        coverage: Each condition of its sources and what the criteria do with it
            (encoded by a node, not applicable, not encoded, unconfirmed); documentation
            only, it never changes an evaluation. Each encoded or not-applicable entry's
            ``rule`` must name a node of ``criteria``.
    """

    id: str = attrs.field(metadata=checks(_OPTION_ID))
    kind: OptionKind
    name: str = attrs.field(metadata=checks(NonEmpty()))
    criteria: Node
    citations: tuple[str, ...] = attrs.field(metadata=checks(NonEmpty()))
    registry_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    coverage: tuple[Coverage, ...] = ()

    def _consistency(self) -> Iterator[ValidationError]:
        repeated = duplicate_ids(self.criteria)
        if repeated:
            yield ValidationError([Problem("criteria", f"repeats node ids: {', '.join(repeated)}")])
        node_ids = {node.id for node in walk(self.criteria)}
        seen: set[tuple[str, str]] = set()
        for index, entry in enumerate(self.coverage):
            if entry.rule is not None and entry.rule not in node_ids:
                yield ValidationError(
                    [
                        Problem(
                            f"coverage[{index}].rule",
                            f"{entry.rule!r} is not a node of the option's criteria",
                        )
                    ]
                )
            key = (entry.source, entry.condition)
            if key in seen:
                yield ValidationError(
                    [
                        Problem(
                            f"coverage[{index}]",
                            f"repeats the condition {entry.condition!r} of {entry.source!r}",
                        )
                    ]
                )
            seen.add(key)

    @functools.cached_property
    def content_hash(self) -> str:
        """``sha256:`` and the hex digest of the option's canonical JSON (its criteria
        document, keys sorted, no whitespace): equal for equal options, different when
        anything in it changes."""
        return canonical_hash(converter().unstructure(self, Option))


@attrs.frozen(kw_only=True, cache_hash=True)
class Ruleset(Model):
    """A named, versioned set of options as of a date.

    Args:
        name: Stable name (``review-2022-12``).
        version: Semantic version of the encoding.
        effective: The date the ruleset describes (labels as in force on it).
        description: What it encodes.
        options: Its options, in report order.
        validity: How long results stay current for its criteria (the windows of
            :class:`~allmodel.facts.ValidityPolicy`; allmodel's default policy unless
            the ruleset declares its own).
    """

    name: str = attrs.field(metadata=checks(NonEmpty()))
    version: str = attrs.field(metadata=checks(NonEmpty()))
    effective: date
    description: str = attrs.field(metadata=checks(NonEmpty()))
    options: tuple[Option, ...] = attrs.field(metadata=checks(NonEmpty()))
    validity: ValidityPolicy = DEFAULT_VALIDITY

    def _consistency(self) -> Iterator[ValidationError]:
        ids = [option.id for option in self.options]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            yield ValidationError([Problem("options", f"repeat ids: {', '.join(repeated)}")])

    @functools.cached_property
    def content_hash(self) -> str:
        """``sha256:`` and the hex digest of the ruleset's canonical JSON (keys sorted, no
        whitespace, the validity windows always included): the same in every process and
        after a dump and load, different when any criterion, note or coverage entry changes.
        Reports record it beside the ruleset's name and version."""
        document = converter().unstructure(self, Ruleset)
        document["validity"] = attrs.asdict(self.validity)  # every window, defaults too
        return canonical_hash(document)

    @property
    def ids(self) -> tuple[str, ...]:
        """The option ids, in order."""
        return tuple(option.id for option in self.options)

    def option(self, option_id: str) -> Option:
        """The option with this id.

        Raises:
            RuleError: No option has this id (the message lists them).
        """
        for option in self.options:
            if option.id == option_id:
                return option
        raise RuleError(f"{self.name} has no option {option_id!r} (options: {', '.join(self.ids)})")
