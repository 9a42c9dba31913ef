"""Facts about the course of the disease: the phase, relapse and refractoriness, the
intervals between diagnosis, remission and relapse, and the site of the latest relapse.

The phase on ``as_of`` (:func:`allmodel.clinical.disease_phase`) is read from the
remissions, relapses, transplants, MRD results and treatment lines recorded on or before
it; intervals are calendar months with the partial month as a fraction
(:func:`allmodel.dates.calendar_months`). A line that reached no remission stays
"refractory" only when recorded so: in relapse no later line can have reached a
remission (it would be recorded, changing the phase), so "no failure recorded" is
unknown, and "no line since the relapse" needs a complete history.
"""

from __future__ import annotations

from allmodel._calendar import calendar_months
from allmodel.clinical._phase import REMISSION_PHASES, DiseasePhase
from allmodel.clinical._reading import (
    cr1_duration_months,
    initial_therapy_end,
    marrow_involved_since,
    relapse_count,
    remission_kind,
)
from allmodel.facts._group import FactGroup
from allmodel.facts._history import LINES
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.model._course import (
    Intent,
    Relapse,
    RelapseSite,
    RemissionKind,
    StopReason,
    TreatmentLine,
)

__all__ = ["INTERVALS", "NOT_IN_REMISSION", "PHASE", "RELAPSE_SITE", "SALVAGE"]

#: The ``remission_kind`` of a patient who is not in remission.
NOT_IN_REMISSION = "not_in_remission"

#: The sources of the disease phase.
_PHASE = (
    "course.remissions",
    "course.relapses",
    "course.transplants",
    "mrd",
    "course.treatment_lines",
)


def _derive_phase(r: Record) -> None:
    values, phase = r.values, r.phase
    values["phase"] = phase
    values["relapsed_or_refractory"] = (
        None if phase is None else r.in_relapse or phase is DiseasePhase.PRIMARY_REFRACTORY
    )
    values["in_remission"] = None if phase is None else phase in REMISSION_PHASES
    remissions = r.view.remissions
    if phase is None:
        values["remission_kind"] = None
    elif phase in REMISSION_PHASES and remissions:
        values["remission_kind"] = remission_kind(r.patient, as_of=r.as_of, view=r.view)
    else:
        values["remission_kind"] = NOT_IN_REMISSION
    values["primary_refractory"] = (
        None if phase is None else phase is DiseasePhase.PRIMARY_REFRACTORY
    )
    values["relapse_count"] = relapse_count(r.patient, as_of=r.as_of, view=r.view)


#: The disease phase and what it implies.
PHASE = FactGroup(
    derive=_derive_phase,
    facts=(
        FactSpec(
            name="phase",
            type=FactType.CATEGORY,
            description="Disease phase on as_of.",
            sources=_PHASE,
            categories=tuple(DiseasePhase),
        ),
        FactSpec(
            name="relapsed_or_refractory",
            type=FactType.BOOLEAN,
            description="In relapse, or refractory to induction, on as_of.",
            sources=_PHASE,
        ),
        FactSpec(
            name="in_remission",
            type=FactType.BOOLEAN,
            description="In remission (CR, CRh or CRi; MRD-positive or not) on as_of.",
            sources=_PHASE,
        ),
        FactSpec(
            name="remission_kind",
            type=FactType.CATEGORY,
            description="The kind of the current remission (CR, CRh or CRi), or not_in_remission.",
            sources=("course.remissions[].kind", *_PHASE),
            categories=(*RemissionKind, NOT_IN_REMISSION),
        ),
        FactSpec(
            name="primary_refractory",
            type=FactType.BOOLEAN,
            description="Never in remission after induction.",
            sources=_PHASE,
        ),
        FactSpec(
            name="relapse_count",
            type=FactType.INTEGER,
            description="Relapses on or before as_of, as episodes (records with no"
            " remission between them are one relapse).",
            sources=("course.relapses",),
            unit="count",
        ),
    ),
)


def _refractory(lines: list[TreatmentLine] | tuple[TreatmentLine, ...]) -> bool | None:
    """True when some line ended without remission; unknown otherwise.

    In relapse (or never in remission) no line since can have reached a remission (it
    would be recorded, changing the phase), so "no failure recorded" stays unknown. A line
    stopped for resistance with no best response recorded failed too (the disease
    resisted it: the TKI facts read that stop reason the same way).
    """
    for line in lines:
        response = line.best_response
        if response is not None and response.is_failure:
            return True
        if response is None and line.stop_reason is _RESISTANCE:
            return True
    return None


_RESISTANCE = StopReason.RESISTANCE

#: Intents of lines that treat relapsed disease, even when begun before the relapse's
#: recorded date (blasts in the blood, then the marrow that dates the relapse).
_TREATS_RELAPSE = frozenset({Intent.SALVAGE, Intent.BRIDGE_TO_TRANSPLANT})


def _treating(r: Record, relapse: Relapse) -> list[TreatmentLine]:
    """The anti-leukemic lines that treat ``relapse``: begun on or after its date, or a
    salvage or bridging line begun after the remission it ended (in start order)."""
    view = r.view
    ended = [remission.date for remission in view.remissions if remission.date < relapse.date]
    since = ended[-1] if ended else None
    return [
        line
        for line in view.anti_leukemic
        if line.start >= relapse.date
        or (since is not None and line.start > since and line.intent in _TREATS_RELAPSE)
    ]


def _untreated(r: Record, relapse: Relapse) -> bool | None:
    """Whether ``relapse`` went untreated, when no anti-leukemic line treats it: not when
    a transplant was given since; unknown when a palliative or CNS-directed line was
    (whether that line is the relapse's treatment in a trial's sense is not recorded);
    otherwise yes with a complete history."""
    view = r.view
    if any(transplant.date >= relapse.date for transplant in view.transplants):
        return False
    if not r.complete or any(line.start >= relapse.date for line in view.lines):
        return None
    return True


def _derive_salvage(r: Record) -> None:
    values, view, phase = r.values, r.view, r.phase
    latest = r.latest_relapse
    if r.in_relapse and latest is not None:
        after = _treating(r, latest)
        if after:
            values["untreated_relapse"] = False
            values["refractory_to_salvage"] = _refractory(after)
            values["latest_salvage_failed"] = _refractory(after[-1:])
        else:
            values["untreated_relapse"] = _untreated(r, latest)
            values["refractory_to_salvage"] = False if r.complete else None
            values["latest_salvage_failed"] = values["refractory_to_salvage"]
    elif phase is DiseasePhase.PRIMARY_REFRACTORY:
        values["untreated_relapse"] = False
        later = [line for regimen in view.regimens[1:] for line in regimen]
        if later:
            values["refractory_to_salvage"] = _refractory(later)
            values["latest_salvage_failed"] = _refractory(later[-1:])
        else:
            values["refractory_to_salvage"] = False if r.complete else None
            values["latest_salvage_failed"] = values["refractory_to_salvage"]
    elif phase is None:
        values["untreated_relapse"] = values["refractory_to_salvage"] = None
        values["latest_salvage_failed"] = None
    else:
        values["untreated_relapse"] = values["refractory_to_salvage"] = False
        values["latest_salvage_failed"] = False


#: Whether relapsed or refractory disease was treated since, and how it responded.
SALVAGE = FactGroup(
    derive=_derive_salvage,
    facts=(
        FactSpec(
            name="refractory_to_salvage",
            type=FactType.BOOLEAN,
            description="In relapse or refractory, and a salvage line since the latest"
            " relapse (or a salvage or bridging line begun after the remission it ended; or"
            " since induction failure) ended without remission.",
            sources=("course.treatment_lines[].best_response", "course.history_complete"),
        ),
        FactSpec(
            name="latest_salvage_failed",
            type=FactType.BOOLEAN,
            description="In relapse or refractory, and the latest salvage line since the"
            " latest relapse (or since induction failure) ended without remission; unknown"
            " while its response is not recorded (a line begun days ago), even after an"
            " earlier line failed; false when the latest relapse is untreated.",
            sources=("course.treatment_lines[].best_response", "course.history_complete"),
        ),
        FactSpec(
            name="untreated_relapse",
            type=FactType.BOOLEAN,
            description="In relapse and nothing given since the latest relapse: no"
            " anti-leukemic line begun since it, no salvage or bridging line begun since the"
            " remission it ended, no transplant (false after any of these); unknown after a"
            " palliative or CNS-directed line only.",
            sources=LINES,
        ),
    ),
)


def _derive_intervals(r: Record) -> None:
    values, view, patient, as_of = r.values, r.view, r.patient, r.as_of
    values["cr1_months"] = cr1_duration_months(patient, as_of=as_of, view=view)
    first = view.relapses[0].date if view.relapses else None
    end = initial_therapy_end(patient, as_of, view=view) if first is not None else None
    values["months_initial_therapy_to_relapse"] = (
        calendar_months(end, first) if end is not None and first is not None else None
    )
    diagnosed = patient.course.diagnosis_date
    values["months_diagnosis_to_first_relapse"] = (
        calendar_months(diagnosed, first) if diagnosed is not None and first is not None else None
    )


#: The intervals from diagnosis, first remission and initial therapy to the first relapse.
INTERVALS = FactGroup(
    derive=_derive_intervals,
    facts=(
        FactSpec(
            name="cr1_months",
            type=FactType.NUMBER,
            description="Duration of first remission: first remission to first relapse.",
            sources=("course.remissions", "course.relapses"),
            unit="months",
        ),
        FactSpec(
            name="months_initial_therapy_to_relapse",
            type=FactType.NUMBER,
            description="From the end of initial therapy (its last phase, or a transplant"
            " in first remission) to the first relapse (negative: relapse on therapy).",
            sources=("course.treatment_lines", "course.transplants", "course.relapses"),
            unit="months",
        ),
        FactSpec(
            name="months_diagnosis_to_first_relapse",
            type=FactType.NUMBER,
            description="From diagnosis to the first relapse.",
            sources=("course.diagnosis_date", "course.relapses"),
            unit="months",
        ),
    ),
)


def _derive_relapse_site(r: Record) -> None:
    values, phase = r.values, r.phase
    latest = r.latest_relapse
    if phase is None:
        values["isolated_cns_relapse"] = values["isolated_extramedullary_relapse"] = None
    elif not r.in_relapse or latest is None:
        values["isolated_cns_relapse"] = values["isolated_extramedullary_relapse"] = False
    else:
        site = latest.site
        if site not in {None, RelapseSite.MARROW} and marrow_involved_since(
            r.patient, since=latest.date, as_of=r.as_of
        ):
            site = RelapseSite.MARROW  # blasts in a marrow since: not isolated
        values["isolated_cns_relapse"] = None if site is None else site is RelapseSite.ISOLATED_CNS
        values["isolated_extramedullary_relapse"] = (
            None if site is None else site is not RelapseSite.MARROW
        )


#: Where the current relapse is.
RELAPSE_SITE = FactGroup(
    derive=_derive_relapse_site,
    facts=(
        FactSpec(
            name="isolated_cns_relapse",
            type=FactType.BOOLEAN,
            description="In relapse, and the latest relapse is isolated to the CNS.",
            sources=("course.relapses[].site", *_PHASE),
        ),
        FactSpec(
            name="isolated_extramedullary_relapse",
            type=FactType.BOOLEAN,
            description="In relapse, and the latest relapse is extramedullary only (CNS or other).",
            sources=("course.relapses[].site", *_PHASE),
        ),
    ),
)
