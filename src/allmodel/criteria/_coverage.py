"""Coverage: which condition of which source an option's criteria encode, and which not.

An option's :attr:`~allmodel.criteria.Option.coverage` lists the conditions its sources
set (a label's indication, a trial's entry criteria), each in a few words of our own,
with what the encoding does about it (:class:`CoverageStatus`): encoded by a node of the
criteria tree, not applicable to this option's answer, deliberately not encoded, or not
confirmed in the source and so listed rather than guessed (project decisions 9 and 11).
Coverage is documentation checked for consistency; it never changes an evaluation.

The rules, each refused with a :class:`~allmodel.errors.ValidationError` naming the field:

* ``source`` is an id the sources registry resolves (:func:`allmodel.sources.source`);
* ``encoded`` needs ``rule``, the id of a node of the option's tree (checked by the
  option); the other statuses need a ``reason``;
* ``not_encoded`` and ``unconfirmed`` name no ``rule`` (nothing encodes them);
* ``not_encoded`` is never allowed for a condition that can exclude a patient
  (``excluding``): an excluding condition is encoded, not applicable, or unconfirmed
  (decision 11: no condition is dropped silently).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs

from allmodel._model import Matches, Model, NonEmpty, checks
from allmodel.criteria._nodes import NODE_ID
from allmodel.errors import Problem, RuleError, ValidationError
from allmodel.sources import source as resolve_source
from allmodel.sources._markers import SOURCE_ID_PATTERN

__all__ = ["Coverage", "CoverageStatus"]

_SOURCE_ID = Matches(SOURCE_ID_PATTERN, "a source id (lower-case letters, digits, . -)")


class CoverageStatus(enum.StrEnum):
    """What an option's encoding does with one condition of a source."""

    #: A node of the criteria tree encodes it (``rule`` names the node).
    ENCODED = "encoded"
    #: It cannot change this option's answer (a paediatric-only branch of a label for an
    #: adult option, a design or stratification item of a trial); ``reason`` says why.
    NOT_APPLICABLE = "not_applicable"
    #: Deliberately left out; ``reason`` says why. Never for an excluding condition.
    NOT_ENCODED = "not_encoded"
    #: The project could not confirm it in the source: listed, not guessed (decision 9).
    UNCONFIRMED = "unconfirmed"


@attrs.frozen(kw_only=True)
class Coverage(Model):
    """One condition of one source, and what the option's criteria do with it.

    Args:
        source: The id of the source that sets the condition (``label-eu-blincyto``).
        condition: The condition, in a few words of our own.
        excluding: Whether the condition can exclude a patient (an entry criterion, an
            exclusion, a restriction of an indication) rather than only add patients.
        status: Encoded, not applicable, not encoded, or unconfirmed.
        rule: The id of the node that encodes it (required when encoded).
        reason: Why it is not applicable, not encoded or unconfirmed (required then);
            optional otherwise.
    """

    source: str = attrs.field(metadata=checks(_SOURCE_ID))
    condition: str = attrs.field(metadata=checks(NonEmpty()))
    excluding: bool
    status: CoverageStatus
    rule: str | None = attrs.field(default=None, metadata=checks(NODE_ID))
    reason: str | None = attrs.field(default=None, metadata=checks(NonEmpty()))

    def _consistency(self) -> Iterator[ValidationError]:
        try:
            resolve_source(self.source)
        except RuleError:
            yield ValidationError([Problem("source", f"unknown source id {self.source!r}")])
        status = self.status
        if status is CoverageStatus.ENCODED:
            if self.rule is None:
                yield ValidationError([Problem("rule", "is required when the status is 'encoded'")])
        elif self.reason is None:
            yield ValidationError(
                [Problem("reason", f"is required when the status is {status.value!r}")]
            )
        if status in (CoverageStatus.NOT_ENCODED, CoverageStatus.UNCONFIRMED) and self.rule:
            yield ValidationError(
                [Problem("rule", f"must be absent when the status is {status.value!r}")]
            )
        if status is CoverageStatus.NOT_ENCODED and self.excluding:
            yield ValidationError(
                [
                    Problem(
                        "status",
                        "is never 'not_encoded' for an excluding condition: encode it, or"
                        " say why it is not applicable, or list it as unconfirmed",
                    )
                ]
            )
