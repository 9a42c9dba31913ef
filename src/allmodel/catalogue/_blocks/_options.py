"""The two option builders: a therapy and a trial archetype, keyword arguments only.

Their ``citations`` are source ids, each given alone or in a tuple (:data:`Cites`), and
flattened in order (:func:`cite`).
"""

from __future__ import annotations

from allmodel.catalogue._blocks._citations import Cites, cite
from allmodel.criteria import Node, Option, OptionKind

__all__ = ["therapy", "trial"]


def therapy(
    *, id: str, name: str, citations: tuple[Cites, ...], criteria: Node, notes: tuple[str, ...] = ()
) -> Option:
    """A therapy option of the catalogue (no registry ids)."""
    return Option(
        id=id,
        kind=OptionKind.THERAPY,
        name=name,
        citations=cite(*citations),
        criteria=criteria,
        notes=notes,
    )


def trial(
    *,
    id: str,
    name: str,
    citations: tuple[Cites, ...],
    criteria: Node,
    registry_ids: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
) -> Option:
    """A trial archetype option; ``registry_ids`` only when confirmed."""
    return Option(
        id=id,
        kind=OptionKind.TRIAL,
        name=name,
        citations=cite(*citations),
        registry_ids=registry_ids,
        criteria=criteria,
        notes=notes,
    )
