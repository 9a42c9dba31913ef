"""``screen()``: a patient against every option of a ruleset, as of a date.

Facts are derived once per patient; each option's criteria are compiled once per ruleset
and jurisdiction (and cached), so screening is float, enum and boolean comparisons only.
The explanation of each result is computed when it is first read.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

import attrs

from allmodel._screened import screened_report
from allmodel._version import __version__
from allmodel.catalogue._default import default_ruleset
from allmodel.criteria import (
    Context,
    Jurisdiction,
    JurisdictionCode,
    Option,
    Ruleset,
    compile_criterion,
)
from allmodel.criteria._compile import Compiled
from allmodel.criteria._fold import live_facts
from allmodel.dates import require_date
from allmodel.errors import ArgumentError, Problem, RuleError
from allmodel.facts import Facts, derive_facts
from allmodel.model._patient import Patient
from allmodel.report import Report, Status

__all__ = ["screen", "screen_facts", "screen_many"]

OptionSelection = Sequence[str | Option] | None


def _select(ruleset: Ruleset, options: OptionSelection) -> tuple[Option, ...]:
    if options is None:
        return ruleset.options
    chosen: list[Option] = []
    for item in options:
        option = ruleset.option(item) if isinstance(item, str) else item
        if any(existing.id == option.id for existing in chosen):
            raise RuleError(f"option {option.id!r} is selected twice")
        chosen.append(option)
    return tuple(chosen)


@attrs.frozen
class _Plan:
    """The compiled options of one selection and jurisdiction, and the facts they read."""

    options: tuple[tuple[Option, Compiled], ...]
    needed: frozenset[str]
    chosen: tuple[Option, ...] = attrs.field(init=False)
    ids: tuple[str, ...] = attrs.field(init=False)
    runs: tuple[Compiled, ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "chosen", tuple(option for option, _ in self.options))
        object.__setattr__(self, "ids", tuple(option.id for option, _ in self.options))
        object.__setattr__(self, "runs", tuple(run for _, run in self.options))


@functools.lru_cache(maxsize=256)
def _compiled(options: tuple[Option, ...], jurisdiction: Jurisdiction) -> _Plan:
    # as_of does not enter compiled criteria (facts carry every date-dependent value)
    context = Context(as_of=date.min, jurisdiction=jurisdiction)
    needed = frozenset().union(*(live_facts(option.criteria, context) for option in options))
    return _Plan(
        tuple((option, compile_criterion(option.criteria, context)) for option in options),
        needed,
    )


def choose(
    ruleset: Ruleset | None,
    jurisdiction: Jurisdiction | JurisdictionCode,
    options: OptionSelection,
) -> tuple[Ruleset, Jurisdiction, tuple[Option, ...]]:
    """Check a screening's choices: the ruleset (``None``: the default), the jurisdiction
    and the options (ids of the ruleset and/or extra options; ``None``: all of it).

    Raises:
        ArgumentError: ``ruleset`` is not a Ruleset, or ``options`` is a string.
        RuleError: An option id the ruleset lacks, an option chosen twice, or an unknown
            jurisdiction.
    """
    chosen_ruleset, where, selection = _checked(ruleset, jurisdiction, options)
    return chosen_ruleset, where, _select(chosen_ruleset, selection)


def _checked(
    ruleset: Ruleset | None,
    jurisdiction: Jurisdiction | JurisdictionCode,
    options: OptionSelection,
) -> tuple[Ruleset, Jurisdiction, tuple[str | Option, ...] | None]:
    if ruleset is not None and not isinstance(ruleset, Ruleset):
        raise ArgumentError(
            [
                Problem(
                    "ruleset",
                    f"must be a Ruleset or None (the default_ruleset()), not {ruleset!r:.60}",
                )
            ]
        )
    chosen_ruleset = default_ruleset() if ruleset is None else ruleset
    where = (
        jurisdiction if isinstance(jurisdiction, Jurisdiction) else Jurisdiction.of(jurisdiction)
    )
    if isinstance(options, str):  # a string is a sequence of letters, never of ids
        raise ArgumentError(
            [Problem("options", f"must be a sequence of option ids, not a string: [{options!r}]")]
        )
    selection = None if options is None else tuple(options)
    return chosen_ruleset, where, selection


def _plan(
    ruleset: Ruleset | None,
    jurisdiction: Jurisdiction | JurisdictionCode,
    options: OptionSelection,
) -> tuple[Ruleset, Jurisdiction, _Plan]:
    chosen_ruleset, where, selection = _checked(ruleset, jurisdiction, options)
    return chosen_ruleset, where, _selected(chosen_ruleset, where, selection)


@functools.lru_cache(maxsize=256)
def _selected(
    ruleset: Ruleset, where: Jurisdiction, selection: tuple[str | Option, ...] | None
) -> _Plan:
    return _compiled(_select(ruleset, selection), where)


def screen_facts(
    facts: Facts,
    *,
    ruleset: Ruleset | None = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
    options: OptionSelection = None,
) -> Report:
    """Screen already-derived facts (see :func:`screen`); for cohorts that derive facts once.

    Raises:
        RuleError: The facts lack some the options read (derived with a narrower ``needed``),
            or were derived with other validity windows than the ruleset declares.
    """
    chosen_ruleset, where, plan = _plan(ruleset, jurisdiction, options)
    if not plan.needed <= facts.derived:
        missing = ", ".join(sorted(plan.needed - facts.derived))
        raise RuleError(f"these facts were not derived: {missing}")
    if facts.validity != chosen_ruleset.validity:
        raise RuleError(
            f"the facts were derived with other validity windows than {chosen_ruleset.name}"
            " declares: derive them with validity=ruleset.validity"
        )
    return _report(facts, chosen_ruleset, where, plan)


_STATUSES = (Status.NOT_ELIGIBLE, Status.UNKNOWN, Status.ELIGIBLE)


@functools.lru_cache(maxsize=256)
def _context(as_of: date, where: Jurisdiction) -> Context:
    """The (immutable) context of a screening, shared by a cohort's reports."""
    return Context(as_of=as_of, jurisdiction=where)


def _report(facts: Facts, ruleset: Ruleset, where: Jurisdiction, plan: _Plan) -> Report:
    values, upper = facts.values, facts.upper
    statuses = _STATUSES
    return screened_report(
        facts=facts,
        context=_context(facts.as_of, where),
        options=plan.chosen,
        ids=plan.ids,
        statuses=tuple([statuses[run(values, upper)] for run in plan.runs]),
        ruleset=ruleset.name,
        ruleset_version=ruleset.version,
        ruleset_hash=ruleset.content_hash,
        library_version=__version__,
    )


def screen(
    patient: Patient,
    *,
    as_of: date,
    ruleset: Ruleset | None = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
    options: OptionSelection = None,
) -> Report:
    """Screen a patient against the options of a ruleset.

    Args:
        patient: The patient.
        as_of: The date to screen on; only events on or before it count.
        ruleset: The ruleset, or ``None`` for :func:`~allmodel.catalogue.default_ruleset`
            (``review-2022-12``).
        jurisdiction: ``"US"`` or ``"EU"``: whose labels label-based rules follow.
        options: Option ids of the ruleset and/or extra :class:`Option` objects (a
            hospital's local trials); ``None`` screens every option of the ruleset.

    Returns:
        One result per option: eligible only when every criterion is known to hold.
        Only the facts the selected options read are derived (the report's explanations
        read no others).

    Raises:
        RuleError: An option id the ruleset lacks, or an unknown jurisdiction.
        ChronologyError: The date of birth is after ``as_of``, or more than 122 years
            before it (:data:`~allmodel.model.MAX_AGE_YEARS`).
    """
    chosen_ruleset, where, plan = _plan(ruleset, jurisdiction, options)
    facts = derive_facts(patient, as_of=as_of, needed=plan.needed, validity=chosen_ruleset.validity)
    return _report(facts, chosen_ruleset, where, plan)


def screen_many(
    patients: Iterable[Patient],
    *,
    as_of: date,
    ruleset: Ruleset | None = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
    options: OptionSelection = None,
) -> Iterator[Report]:
    """Screen each patient (same arguments as :func:`screen`), lazily and in order.

    The reports come one at a time as the iterator is read, and ``patients`` is read one
    patient at a time too, so a cohort of any size screens in constant memory; wrap the
    call in ``list(...)`` to keep every report. The arguments are checked at the call
    (an unknown option or jurisdiction, an ``as_of`` that is not a date), each patient
    when its turn comes (as :func:`screen` does).

    Raises:
        RuleError: An option id the ruleset lacks, or an unknown jurisdiction (at the call).
        ArgumentError: ``as_of`` is not a ``datetime.date`` (at the call).
        ChronologyError: A patient's date of birth is impossible for ``as_of`` (when that
            patient is read; the reports before it have been given).
    """
    require_date(as_of, "as_of")
    chosen_ruleset, where, plan = _plan(ruleset, jurisdiction, options)
    return _screen_each(iter(patients), as_of, chosen_ruleset, where, plan)


def _screen_each(
    patients: Iterator[Patient], as_of: date, ruleset: Ruleset, where: Jurisdiction, plan: _Plan
) -> Iterator[Report]:
    for patient in patients:
        facts = derive_facts(patient, as_of=as_of, needed=plan.needed, validity=ruleset.validity)
        yield _report(facts, ruleset, where, plan)
