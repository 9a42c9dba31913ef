"""Recorded conditions that trial entry criteria exclude (GVHD, infection, neurologic history).

Each :class:`ConditionRecord` states that a condition was assessed and found present or
absent. A condition that was never recorded is *unknown*: its absence from the list never
means "absent". The conditions are those named by confirmed exclusion criteria of the
trial archetypes in the clinical reference (REFERENCE-B: ZUMA-3, CALGB 19801, SWOG S0530).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from allmodel._model import Model

__all__ = ["Condition", "ConditionRecord", "condition_present"]


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


@attrs.frozen(kw_only=True)
class ConditionRecord(Model):
    """A condition assessed as present or absent.

    Args:
        condition: What was assessed. ``recent_immunosuppression`` means systemic
            immunosuppressive medication within the last 4 weeks; ``peripheral_neuropathy``
            means grade 2 or more; ``prior_severe_neurotoxicity`` means grade 3 or more
            during earlier leukemia therapy; ``cns_disorder_history`` means any history of
            a CNS disorder (seizure, stroke, dementia, ...).
        present: Whether it is present.
        date: When it was assessed.
    """

    condition: Condition
    present: bool
    date: date | None = None


def condition_present(records: Iterable[ConditionRecord], condition: Condition) -> bool | None:
    """Whether ``condition`` is present per its latest record; ``None`` if never recorded.

    The latest dated record decides. Undated records cannot be placed in time: when they
    disagree with each other or with the latest dated record, the answer is ``None``.
    """
    dated: ConditionRecord | None = None
    undated: set[bool] = set()
    for record in records:
        if record.condition is not condition:
            continue
        if record.date is None:
            undated.add(record.present)
        elif dated is None or dated.date is None or record.date >= dated.date:
            dated = record
    answers = undated | ({dated.present} if dated is not None else set())
    if len(answers) == 1:
        return answers.pop()
    return None
