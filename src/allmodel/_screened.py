"""A screened :class:`~allmodel.report.Report`: the statuses held, the results made when read.

Screening makes one report per patient, and most uses read only the statuses (a count, a
filter, a table of ids); :func:`screened_report` makes a report that holds each option's
status, the facts and the context (a :class:`Pending`), and makes each
:class:`~allmodel.report.OptionResult` the first time it is read, once. The objects are
filled slot by slot (the classes are frozen, and their fields need no checks): the same
fields the constructors would set, which a test checks.
"""

from __future__ import annotations

import attrs

from allmodel.criteria import Context, Option
from allmodel.facts import Facts
from allmodel.report import OptionResult, Report, Status

__all__ = ["Pending", "screened_report"]

#: Slot setters of OptionResult and Report (frozen classes refuse setattr).
_SET_OPTION = OptionResult.__dict__["option"].__set__
_SET_STATUS = OptionResult.__dict__["status"].__set__
_SET_FACTS = OptionResult.__dict__["facts"].__set__
_SET_CONTEXT = OptionResult.__dict__["context"].__set__
_SET_AS_OF = Report.__dict__["as_of"].__set__
_SET_JURISDICTION = Report.__dict__["jurisdiction"].__set__
_SET_RULESET = Report.__dict__["ruleset"].__set__
_SET_RULESET_VERSION = Report.__dict__["ruleset_version"].__set__
_SET_RULESET_HASH = Report.__dict__["ruleset_hash"].__set__
_SET_LIBRARY_VERSION = Report.__dict__["library_version"].__set__
_SET_PENDING = Report.__dict__["_pending"].__set__


# not frozen: nothing reassigns its fields, and a plain class's __init__ sets them more
# cheaply than a frozen one's (one is made per screened patient)
@attrs.define
class Pending:
    """A screened report's results before they are made: the options, their statuses, the
    patient's facts and the context; ``made`` keeps each result made, so each is made once.
    """

    options: tuple[Option, ...]
    ids: tuple[str, ...]
    statuses: tuple[Status, ...]
    facts: Facts
    context: Context
    made: list[OptionResult | None]

    def results(self) -> tuple[OptionResult, ...]:
        """Every result, in order (those made before kept, the others made now)."""
        made, options, statuses, facts, context = (
            self.made,
            self.options,
            self.statuses,
            self.facts,
            self.context,
        )
        new = object.__new__
        for index in range(len(made)):
            if made[index] is None:
                found = new(OptionResult)
                _SET_OPTION(found, options[index])
                _SET_STATUS(found, statuses[index])
                _SET_FACTS(found, facts)
                _SET_CONTEXT(found, context)
                made[index] = found
        return tuple(made)  # type: ignore[arg-type]  # every slot is filled above

    def result(self, index: int) -> OptionResult:
        """The result of option ``index``, made on the first call."""
        found = self.made[index]
        if found is None:
            found = object.__new__(OptionResult)
            _SET_OPTION(found, self.options[index])
            _SET_STATUS(found, self.statuses[index])
            _SET_FACTS(found, self.facts)
            _SET_CONTEXT(found, self.context)
            self.made[index] = found
        return found


def screened_report(
    *,
    facts: Facts,
    context: Context,
    options: tuple[Option, ...],
    ids: tuple[str, ...],
    statuses: tuple[Status, ...],
    ruleset: str,
    ruleset_version: str,
    ruleset_hash: str,
    library_version: str,
) -> Report:
    """A :class:`Report` of ``statuses`` (one per option) whose results are made when read.

    Equal to ``Report(..., results=option_results(zip(options, statuses), facts,
    context))`` (a test checks it), but screening a patient makes no result object until
    one is read. ``ids`` are the options' ids, in order.
    """
    report: Report = object.__new__(Report)
    _SET_AS_OF(report, context.as_of)
    _SET_JURISDICTION(report, context.jurisdiction)
    _SET_RULESET(report, ruleset)
    _SET_RULESET_VERSION(report, ruleset_version)
    _SET_RULESET_HASH(report, ruleset_hash)
    _SET_LIBRARY_VERSION(report, library_version)
    _SET_PENDING(report, Pending(options, ids, statuses, facts, context, [None] * len(options)))
    return report
