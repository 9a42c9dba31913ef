"""A group of facts: the declarations of facts derived together, and the function deriving them.

Each group module (:mod:`allmodel.facts._person`, :mod:`allmodel.facts._disease`, ...)
declares its facts next to the code that derives them and registers them once, as one
:class:`FactGroup` value; :mod:`allmodel.facts._schema` lists the groups in order and
assembles :data:`~allmodel.facts.FACTS` from them. The group is also the unit of partial
derivation: asking for one fact derives its whole group.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from allmodel.errors import RuleError
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec

__all__ = ["FactGroup"]


def _names(group: FactGroup) -> frozenset[str]:
    return frozenset(spec.name for spec in group.facts)


# eq=False: a group is one value, compared and hashed by identity (cheaply: groups are
# cache keys of partial derivation)
@attrs.frozen(eq=False)
class FactGroup:
    """The facts one function derives, declared in :data:`~allmodel.facts.FACTS` order.

    Args:
        derive: Sets, in a :class:`~allmodel.facts._record.Record`, the value of every
            fact of ``facts`` (and, where it has them, its upper bound, date and remark),
            and of no other fact.
        facts: Their declarations.

    Raises:
        RuleError: A fact is declared twice in the group, or the group declares none.
    """

    derive: Callable[[Record], None]
    facts: tuple[FactSpec, ...]
    #: The names of :attr:`facts`.
    names: frozenset[str] = attrs.field(init=False, default=attrs.Factory(_names, takes_self=True))

    def __attrs_post_init__(self) -> None:
        if not self.facts:
            raise RuleError(f"the group of {self.derive.__name__} declares no fact")
        if len(self.names) != len(self.facts):
            raise RuleError(f"the group of {self.derive.__name__} declares a fact twice")
