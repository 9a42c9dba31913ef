"""The two option builders: a therapy and a trial archetype, keyword arguments only."""

from __future__ import annotations

from allmodel.criteria import Node, Option, OptionKind

__all__ = ["therapy", "trial"]


def therapy(
    *, id: str, name: str, citations: tuple[str, ...], criteria: Node, notes: tuple[str, ...] = ()
) -> Option:
    """A therapy option of the catalogue (no registry ids)."""
    return Option(
        id=id,
        kind=OptionKind.THERAPY,
        name=name,
        citations=citations,
        criteria=criteria,
        notes=notes,
    )


def trial(
    *,
    id: str,
    name: str,
    citations: tuple[str, ...],
    criteria: Node,
    registry_ids: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
) -> Option:
    """A trial archetype option; ``registry_ids`` only when confirmed."""
    return Option(
        id=id,
        kind=OptionKind.TRIAL,
        name=name,
        citations=citations,
        registry_ids=registry_ids,
        criteria=criteria,
        notes=notes,
    )
