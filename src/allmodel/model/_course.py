"""The disease course: diagnosis, lines of therapy, remissions, relapses and transplants.

A :class:`TreatmentLine` is one *line of therapy*: a frontline protocol with its
induction, consolidation and maintenance phases is one line; each salvage regimen is
another. Remissions (CR, CRh, CRi; decision-2) and relapses are dated events,
relapses with their site (marrow, isolated CNS or isolated other extramedullary; review
ref 71 reports outcome by these sites). Transplants record kind, date, donor type and
donor CMV serostatus (the pretransplant score of ref 62 uses donor CMV).

``history_complete`` says whether the lists of treatment lines and transplants are the
patient's whole treatment history. Only then does the absence of an agent or a transplant
mean the patient never had it; otherwise absence derives to *unknown*. Remissions and
relapses are taken to be complete records; a line whose best response is a remission
therefore needs at least one remission recorded.

A relapse is the loss of a remission, so it needs a remission before it. When
``history_complete`` is true the record claims to be whole, so every relapse must be dated
after a recorded remission: a relapse with no remission recorded at all is refused, and
one on or before the first recorded remission is a
:class:`~allmodel.errors.ChronologyError`. When the history is not known to be complete
(treatment at another centre, for example), an earlier remission may simply not be
recorded: it is taken as *not recorded*, never as absent, and what depends on its date
(the duration of first remission) derives to unknown.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Iterable, Iterator
from datetime import date

import attrs

from allmodel._model import (
    InRange,
    Model,
    NonEmpty,
    PickledByFields,
    checks,
    date_order,
    pickled_by_name,
)
from allmodel.errors import ChronologyError, Problem, ValidationError
from allmodel.model._agents import Agent
from allmodel.model._dated import dated_by
from allmodel.model._disease import ExtramedullarySite

__all__ = [
    "BestResponse",
    "Course",
    "DonorType",
    "Intent",
    "Relapse",
    "RelapseSite",
    "Remission",
    "RemissionKind",
    "Serostatus",
    "StopReason",
    "Transplant",
    "TransplantKind",
    "TreatmentLine",
]


@pickled_by_name
class Intent(enum.StrEnum):
    """Why a line of therapy was given."""

    FRONTLINE = "frontline"
    SALVAGE = "salvage"
    CONSOLIDATION = "consolidation"
    MAINTENANCE = "maintenance"
    BRIDGE_TO_TRANSPLANT = "bridge_to_transplant"
    CNS_DIRECTED = "cns_directed"
    PALLIATIVE = "palliative"


@pickled_by_name
class BestResponse(enum.StrEnum):
    """Best response to a line of therapy (the response categories of decision-2)."""

    CR = "CR"
    CRH = "CRh"
    CRI = "CRi"
    PR = "PR"
    NO_RESPONSE = "no_response"
    PROGRESSIVE_DISEASE = "progressive_disease"
    NOT_EVALUABLE = "not_evaluable"

    @property
    def is_remission(self) -> bool:
        """CR, CRh and CRi are remissions; PR is not."""
        return self in _REMISSIONS

    @property
    def is_failure(self) -> bool:
        """No remission: partial response, no response or progression."""
        return self in _FAILURES


#: The best responses that are remissions, and those that are failures (a set is looked
#: up by hash; a tuple of string members is compared member by member).
_REMISSIONS = frozenset({BestResponse.CR, BestResponse.CRH, BestResponse.CRI})
_FAILURES = frozenset({BestResponse.PR, BestResponse.NO_RESPONSE, BestResponse.PROGRESSIVE_DISEASE})


@pickled_by_name
class StopReason(enum.StrEnum):
    """Why a line of therapy ended, or ``ongoing`` when it has not ended."""

    ONGOING = "ongoing"
    COMPLETED = "completed"
    INTOLERANCE = "intolerance"
    RESISTANCE = "resistance"
    RELAPSE = "relapse"
    TRANSPLANT = "transplant"
    PATIENT_CHOICE = "patient_choice"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class TreatmentLine(Model, PickledByFields):
    """One line of therapy.

    Args:
        regimen: Name of the regimen as recorded (``hyper-CVAD``); free text.
        agents: The agents it contained (closed vocabulary, see :class:`~allmodel.model.Agent`).
        start: First day of the line (required: an undated line cannot be placed
            before or after a relapse).
        end: Last day of the line; ``None`` when not recorded, or with ``stop_reason``
            ``ongoing`` when the line is still being given.
        intent: Why it was given (required: which lines count as salvage, or as prior
            regimens, depends on it).
        best_response: Best response reached on it.
        stop_reason: Why it ended (intolerance and resistance matter for TKI choice), or
            ``ongoing``.
        intensive: Whether it was intensive combination chemotherapy.
        cycles: How many cycles (blocks) of the regimen were given, at least 1 (trials
            such as BLAST count intensive chemotherapy blocks).

    At least one of ``regimen`` and ``agents`` is required. A line without an end date
    and without ``ongoing`` has an unknown end: it may have ended on any day since its
    start.
    """

    regimen: str | None = attrs.field(default=None, metadata=checks(NonEmpty()))
    agents: tuple[Agent, ...] = ()
    start: date
    end: date | None = None
    intent: Intent
    best_response: BestResponse | None = None
    stop_reason: StopReason | None = None
    intensive: bool | None = None
    cycles: int | None = attrs.field(default=None, metadata=checks(InRange(1, 100)))

    def _consistency(self) -> Iterable[ValidationError]:
        if self.regimen is None and not self.agents:
            yield ValidationError([Problem("", "needs a regimen or at least one agent")])
        if len(set(self.agents)) != len(self.agents):
            yield ValidationError([Problem("agents", "must not repeat an agent")])
        yield from date_order(self.start, self.end, "end", "start")
        if self.stop_reason is StopReason.ONGOING and self.end is not None:
            yield ValidationError([Problem("end", "is given for an ongoing line")])

    @property
    def ongoing(self) -> bool:
        """Whether the line is recorded as still being given."""
        return self.stop_reason is StopReason.ONGOING

    def contains(self, agent: Agent) -> bool:
        """Whether ``agent`` was part of this line."""
        return agent in self.agents

    def as_it_stood(self, *, as_of: date) -> TreatmentLine:
        """The line as it was known on ``as_of`` (a line started on or before it).

        A line that ends after ``as_of`` was still being given on that day: its end, best
        response, stop reason and cycles were not known yet, so it reads as ongoing
        (``stop_reason`` ``ongoing``, no end), with its best response and cycles
        unknown. Any other line is returned unchanged.
        """
        if self.end is None or self.end <= as_of:
            return self
        return attrs.evolve(
            self, end=None, best_response=None, stop_reason=StopReason.ONGOING, cycles=None
        )


@pickled_by_name
class RemissionKind(enum.StrEnum):
    """Remission categories (decision-2): full, partial or incomplete recovery."""

    CR = "CR"
    CRH = "CRh"
    CRI = "CRi"


@attrs.frozen(kw_only=True)
class Remission(Model, PickledByFields):
    """A documented remission (CR, CRh or CRi) and the date it was documented."""

    kind: RemissionKind
    date: date


@pickled_by_name
class RelapseSite(enum.StrEnum):
    """Where a relapse was found (ref 71 groups outcome by these sites)."""

    MARROW = "marrow"
    ISOLATED_CNS = "isolated_cns"
    ISOLATED_EXTRAMEDULLARY = "isolated_extramedullary"


@attrs.frozen(kw_only=True)
class Relapse(Model, PickledByFields):
    """A relapse: loss of remission, dated, with its site.

    Args:
        date: Date the relapse was diagnosed.
        site: Marrow (with or without other sites), isolated CNS, or isolated other
            extramedullary.
        extramedullary_sites: Extramedullary sites involved at relapse.
    """

    date: date
    site: RelapseSite | None = None
    extramedullary_sites: tuple[ExtramedullarySite, ...] = ()

    def _consistency(self) -> Iterable[ValidationError]:
        sites = set(self.extramedullary_sites)
        if len(sites) != len(self.extramedullary_sites):
            yield ValidationError([Problem("extramedullary_sites", "must not repeat a site")])
        if self.site is RelapseSite.ISOLATED_CNS and sites - {ExtramedullarySite.CNS}:
            yield ValidationError(
                [
                    Problem(
                        "extramedullary_sites",
                        "lists sites other than the CNS for an isolated CNS relapse",
                    )
                ]
            )
        if self.site is RelapseSite.ISOLATED_EXTRAMEDULLARY and sites == {ExtramedullarySite.CNS}:
            yield ValidationError(
                [
                    Problem(
                        "site",
                        "is isolated_extramedullary but the only site is the CNS"
                        " (use isolated_cns)",
                    )
                ]
            )


@pickled_by_name
class TransplantKind(enum.StrEnum):
    """Source of the hematopoietic cells."""

    ALLOGENEIC = "allogeneic"
    AUTOLOGOUS = "autologous"


@pickled_by_name
class DonorType(enum.StrEnum):
    """Allogeneic donor type."""

    MATCHED_SIBLING = "matched_sibling"
    MATCHED_UNRELATED = "matched_unrelated"
    MISMATCHED_UNRELATED = "mismatched_unrelated"
    HAPLOIDENTICAL = "haploidentical"
    CORD_BLOOD = "cord_blood"


@pickled_by_name
class Serostatus(enum.StrEnum):
    """Serology result."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


@attrs.frozen(kw_only=True)
class Transplant(Model, PickledByFields):
    """A hematopoietic cell transplant (HCT) that took place.

    Args:
        kind: Allogeneic or autologous.
        date: Day of cell infusion.
        donor_type: For allogeneic transplants.
        donor_cmv: Donor CMV serostatus, for allogeneic transplants.
    """

    kind: TransplantKind
    date: date
    donor_type: DonorType | None = None
    donor_cmv: Serostatus | None = None

    def _consistency(self) -> Iterable[ValidationError]:
        if self.kind is TransplantKind.AUTOLOGOUS:
            for name in ("donor_type", "donor_cmv"):
                if getattr(self, name) is not None:
                    yield ValidationError([Problem(name, "is given for an autologous transplant")])


_DATE = operator.attrgetter("date")


@attrs.frozen(kw_only=True)
class Course(Model, PickledByFields):
    """The course of the disease from diagnosis.

    Args:
        diagnosis_date: Date ALL was diagnosed.
        treatment_lines: Lines of therapy, any order.
        remissions: Documented remissions, any order; taken to be all the remissions.
        relapses: Documented relapses, any order; taken to be all the relapses. In a
            complete history each needs a remission dated before it (a relapse is the
            loss of a remission).
        transplants: Transplants received, any order.
        history_complete: Whether ``treatment_lines`` and ``transplants`` are the whole
            treatment history (only then can "never received X" be concluded). A
            complete history also records the remission before each relapse (see the
            module docstring).
        hla_typed: Whether HLA typing has been done (review: pretreatment evaluation).
        donor_identified: Whether a suitable allogeneic donor has been identified.
        donor_type: Type of the identified donor.
        donor_cmv: CMV serostatus of the identified donor (ref 62 score).
        cr1_high_risk: Whether the disease was classified high risk in first remission
            (an indication for allogeneic HCT in first remission; the review's IBMTR data,
            ref 69, compare high- and standard-risk patients).
    """

    diagnosis_date: date | None = None
    treatment_lines: tuple[TreatmentLine, ...] = ()
    remissions: tuple[Remission, ...] = ()
    relapses: tuple[Relapse, ...] = ()
    transplants: tuple[Transplant, ...] = ()
    history_complete: bool | None = None
    hla_typed: bool | None = None
    donor_identified: bool | None = None
    donor_type: DonorType | None = None
    donor_cmv: Serostatus | None = None
    cr1_high_risk: bool | None = None

    def dated_fields(self) -> Iterator[tuple[str, date]]:
        """Every recorded date with its path (``relapses[0].date``)."""
        if self.diagnosis_date is not None:
            yield "diagnosis_date", self.diagnosis_date
        for index, line in enumerate(self.treatment_lines):
            yield f"treatment_lines[{index}].start", line.start
            if line.end is not None:
                yield f"treatment_lines[{index}].end", line.end
        for index, remission in enumerate(self.remissions):
            yield f"remissions[{index}].date", remission.date
        for index, relapse in enumerate(self.relapses):
            yield f"relapses[{index}].date", relapse.date
        for index, transplant in enumerate(self.transplants):
            yield f"transplants[{index}].date", transplant.date

    def _dates(self) -> list[date]:
        """Every recorded date, as :meth:`dated_fields` gives them but without paths
        (cheaper, for checks that rarely fail)."""
        found = [] if self.diagnosis_date is None else [self.diagnosis_date]
        for line in self.treatment_lines:
            found.append(line.start)
            if line.end is not None:
                found.append(line.end)
        found += map(_DATE, self.remissions)
        found += map(_DATE, self.relapses)
        found += map(_DATE, self.transplants)
        return found

    def _consistency(self) -> Iterable[ValidationError]:
        if not self.remissions:
            for index, line in enumerate(self.treatment_lines):
                if line.best_response is not None and line.best_response.is_remission:
                    yield ValidationError(
                        [
                            Problem(
                                f"treatment_lines[{index}].best_response",
                                f"is {line.best_response} but no remission is recorded",
                            )
                        ]
                    )
        yield from self._relapses_follow_remissions()
        if self.donor_identified is False and (self.donor_type or self.donor_cmv):
            yield ValidationError(
                [Problem("donor_identified", "is false but a donor type or CMV status is given")]
            )
        diagnosed = self.diagnosis_date
        # paths are spelt out only when a date is out of order
        if diagnosed is not None and min(self._dates()) < diagnosed:
            yield ChronologyError(
                [
                    Problem(path, "is before the diagnosis date")
                    for path, when in self.dated_fields()
                    if when < diagnosed
                ]
            )

    def _relapses_follow_remissions(self) -> Iterator[ValidationError]:
        """In a complete history, every relapse needs a remission dated (strictly) before
        it (see the module docstring)."""
        if self.history_complete is not True or not self.relapses:
            return
        first = min((remission.date for remission in self.remissions), default=None)
        if first is None:
            yield ValidationError(
                [
                    Problem(
                        f"relapses[{index}]",
                        "is recorded but no remission is, in a complete history (a relapse"
                        " is the loss of a remission)",
                    )
                    for index in range(len(self.relapses))
                ]
            )
            return
        early = [
            Problem(
                f"relapses[{index}].date",
                "is not after any recorded remission, in a complete history",
            )
            for index, relapse in enumerate(self.relapses)
            if relapse.date <= first
        ]
        if early:
            yield ChronologyError(early)

    def lines_started_by(self, *, as_of: date) -> tuple[TreatmentLine, ...]:
        """Lines whose start is on or before ``as_of``, by start (listing order on ties),
        each as it stood on ``as_of`` (:meth:`TreatmentLine.as_it_stood`: a line ending
        after ``as_of`` reads as ongoing, its outcome and cycles unknown)."""
        started = dated_by(self.treatment_lines, _START, as_of)
        if all(line.end is None or line.end <= as_of for line in started):
            return started
        return tuple([line.as_it_stood(as_of=as_of) for line in started])

    def remissions_by(self, *, as_of: date) -> tuple[Remission, ...]:
        """Remissions dated on or before ``as_of``, oldest first."""
        return dated_by(self.remissions, _DATE, as_of)

    def relapses_by(self, *, as_of: date) -> tuple[Relapse, ...]:
        """Relapses dated on or before ``as_of``, oldest first."""
        return dated_by(self.relapses, _DATE, as_of)

    def transplants_by(self, *, as_of: date) -> tuple[Transplant, ...]:
        """Transplants dated on or before ``as_of``, oldest first."""
        return dated_by(self.transplants, _DATE, as_of)


_START = operator.attrgetter("start")
