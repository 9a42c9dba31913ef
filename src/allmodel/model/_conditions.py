"""Recorded conditions that trial entry criteria exclude (GVHD, infection, neurologic history).

Each :class:`ConditionRecord` states that a condition was assessed and found present or
absent. A condition that was never recorded is *unknown*: its absence from the list never
means "absent". The conditions are those named by confirmed exclusion criteria of the
trial archetypes (ZUMA-3, nct02614066; CALGB 19801; SWOG S0530) and by the inotuzumab
ozogamicin labels (sinusoidal obstruction syndrome, label-eu-besponsa-dose-modifications).

Conditions are of three kinds, and each kind stays current differently
(:mod:`allmodel.facts._validity`): a *state* (active infection, active GVHD, recent
immunosuppression, neuropathy) counts only within the ruleset's window; a *history*
(a CNS disorder, seizures, severe neurotoxicity, sinusoidal obstruction) recorded present
stays present, recorded absent counts only when assessed since the start of the latest
line of any kind or transplant; a *diagnosis* (Burkitt) does not change.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from allmodel._model import Model, PickledByFields, pickled_by_name
from allmodel.model._dated import yes_no_reading

__all__ = [
    "HISTORY_CONDITIONS",
    "STATE_CONDITIONS",
    "Condition",
    "ConditionRecord",
    "condition_present",
    "condition_reading",
]


@pickled_by_name
class Condition(enum.StrEnum):
    """Conditions that confirmed trial exclusions refer to."""

    ACTIVE_GVHD = "active_gvhd"
    ACTIVE_INFECTION = "active_infection"
    RECENT_IMMUNOSUPPRESSION = "recent_immunosuppression"
    CNS_DISORDER_HISTORY = "cns_disorder_history"
    SEIZURE_DISORDER = "seizure_disorder"
    PERIPHERAL_NEUROPATHY = "peripheral_neuropathy"
    PRIOR_SEVERE_NEUROTOXICITY = "prior_severe_neurotoxicity"
    BURKITT = "burkitt"
    SINUSOIDAL_OBSTRUCTION_SYNDROME = "sinusoidal_obstruction_syndrome"
    PSYCHIATRIC_DISORDER = "psychiatric_disorder"


#: Conditions that are current states: they count only within the ruleset's window.
STATE_CONDITIONS = frozenset(
    {
        Condition.ACTIVE_GVHD,
        Condition.ACTIVE_INFECTION,
        Condition.RECENT_IMMUNOSUPPRESSION,
        Condition.PERIPHERAL_NEUROPATHY,
        Condition.PSYCHIATRIC_DISORDER,
    }
)
#: Conditions that are histories: present stays present; absent needs a recent assessment.
HISTORY_CONDITIONS = frozenset(
    {
        Condition.CNS_DISORDER_HISTORY,
        Condition.SEIZURE_DISORDER,
        Condition.PRIOR_SEVERE_NEUROTOXICITY,
        Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME,
    }
)


@attrs.frozen(kw_only=True)
class ConditionRecord(Model, PickledByFields):
    """A condition assessed as present or absent.

    Args:
        condition: What was assessed. ``recent_immunosuppression`` means systemic
            immunosuppressive medication within the last 4 weeks; ``peripheral_neuropathy``
            means grade 2 or more; ``prior_severe_neurotoxicity`` means grade 3 or more
            during earlier leukemia therapy; ``cns_disorder_history`` means any history of
            a CNS disorder (seizure, stroke, dementia, ...);
            ``sinusoidal_obstruction_syndrome`` means prior or ongoing sinusoidal
            obstruction syndrome (veno-occlusive liver disease); ``psychiatric_disorder``
            means a psychiatric disorder that would limit adherence to treatment.
        present: Whether it is present.
        date: When it was assessed (a state or a history recorded absent needs it to
            count as current).
    """

    condition: Condition
    present: bool
    date: date | None = None


def condition_present(
    records: Iterable[ConditionRecord],
    condition: Condition,
    *,
    current_from: date | None = None,
    as_of: date | None = None,
) -> bool | None:
    """Whether ``condition`` is present per its latest record; ``None`` if undecided.

    The records of the latest day decide; when they disagree the answer is ``None`` (the
    order of the list never chooses). Undated records cannot be placed in time: when they
    disagree with each other or with the latest dated records, the answer is ``None``.

    Args:
        records: The patient's condition records.
        condition: The condition asked about.
        current_from: The first day a record counts as current (see the module
            docstring): for a state every record must be dated on or after it, so an
            undated or older one leaves the answer ``None``; for a history only a record
            of absence must be; for a diagnosis it is ignored.
        as_of: The date asked about: records dated after it are not read (undated ones
            are); ``None`` reads every record.
    """
    return condition_reading(records, condition, current_from=current_from, as_of=as_of)[0]


def condition_reading(
    records: Iterable[ConditionRecord],
    condition: Condition,
    *,
    current_from: date | None = None,
    as_of: date | None = None,
) -> tuple[bool | None, date | None]:
    """:func:`condition_present`, with the day whose records disagree when that leaves the
    answer ``None`` (else ``None``)."""
    return yes_no_reading(
        [record for record in records if record.condition is condition],
        state=condition in STATE_CONDITIONS,
        history=condition in HISTORY_CONDITIONS,
        current_from=current_from,
        as_of=as_of,
    )
