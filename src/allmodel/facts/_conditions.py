"""Facts about recorded conditions that trial entry criteria exclude: active GVHD, active
infection, recent immunosuppression, CNS disorders, seizures, neuropathy, severe
neurotoxicity, sinusoidal obstruction syndrome, psychiatric disorders, and Burkitt
leukemia: those named by confirmed exclusion criteria of the trial archetypes (ZUMA-3,
nct02614066; CALGB 19801; SWOG S0530) and by the inotuzumab ozogamicin labels (sinusoidal
obstruction syndrome, label-eu-besponsa-dose-modifications).

They are read from the condition records (:class:`~allmodel.model.ConditionRecord`): a
condition never recorded is unknown. A *state* (active infection, active GVHD, recent
immunosuppression, neuropathy, a psychiatric disorder) counts only within the ruleset's
window; a *history* (a CNS disorder, seizures, severe neurotoxicity, sinusoidal
obstruction) recorded present stays present, recorded absent counts only when assessed
since the start of the latest line of any kind (CNS-directed and palliative lines
included) or transplant. Burkitt leukemia, a diagnosis, does not change; it is mature
B, and the model's lineages are precursor lineages, so a recorded lineage rules it out.
Records dated after the screening date are not read (undated ones are); records of the
latest day that disagree leave the condition unknown (the order of the list never
chooses).
"""

from __future__ import annotations

from datetime import date

from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.facts._validity import Since, Validity, Window
from allmodel.model._conditions import (
    HISTORY_CONDITIONS,
    STATE_CONDITIONS,
    Condition,
    ConditionRecord,
    condition_present,
)
from allmodel.model._dated import disagree, yes_no_reading

__all__ = ["CONDITIONS"]

_STATE = Validity(window=Window.CONDITIONS)
_HISTORY = Validity(since=(Since.LATEST_LINE,), negative_only=True)


def _condition(condition: Condition, description: str) -> FactSpec:
    if condition in STATE_CONDITIONS:
        validity: Validity | None = _STATE
    elif condition in HISTORY_CONDITIONS:
        validity = _HISTORY
    else:
        validity = None
    return FactSpec(
        name=condition.value,
        type=FactType.BOOLEAN,
        description=description,
        sources=(f"conditions[{condition}]",),
        validity=validity,
    )


_RECORDED = (
    _condition(Condition.ACTIVE_GVHD, "Active graft-versus-host disease."),
    _condition(Condition.ACTIVE_INFECTION, "Active or serious infection."),
    _condition(
        Condition.RECENT_IMMUNOSUPPRESSION,
        "Systemic immunosuppressive medication within the last 4 weeks.",
    ),
    _condition(Condition.CNS_DISORDER_HISTORY, "Any history of a CNS disorder."),
    _condition(Condition.SEIZURE_DISORDER, "History of a seizure disorder."),
    _condition(Condition.PERIPHERAL_NEUROPATHY, "Peripheral neuropathy of grade 2 or more."),
    _condition(
        Condition.PRIOR_SEVERE_NEUROTOXICITY,
        "Neurotoxicity of grade 3 or more during earlier leukemia therapy.",
    ),
    _condition(
        Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME,
        "Prior or ongoing sinusoidal obstruction syndrome (veno-occlusive liver disease).",
    ),
    _condition(
        Condition.PSYCHIATRIC_DISORDER,
        "A psychiatric disorder that would limit adherence to treatment.",
    ),
)
_NO_CONDITIONS: dict[str, object] = {spec.name: None for spec in _RECORDED}
#: The validity rule of each condition fact.
_VALIDITY: dict[str, Validity] = {
    spec.name: spec.validity for spec in _RECORDED if spec.validity is not None
}


# module constants: an enum member looked up on its class costs about 0.2 µs on Python 3.11
_BURKITT = Condition.BURKITT
_CONDITIONS_WINDOW = Window.CONDITIONS
_LATEST_LINE = Since.LATEST_LINE


def _derive_conditions(r: Record) -> None:
    records = r.patient.conditions
    values = r.values
    values.update(_NO_CONDITIONS)
    as_of = r.as_of
    by_condition: dict[Condition, list[ConditionRecord]] = {}
    for record in records:
        when = record.date
        if when is not None and when > as_of:
            continue  # recorded after the screening date (an undated record is kept)
        by_condition.setdefault(record.condition, []).append(record)
    for condition, found in by_condition.items():
        if condition is _BURKITT:
            continue
        state = condition in STATE_CONDITIONS
        history = condition in HISTORY_CONDITIONS
        if state:
            current_from: date | None = r.window_start(_CONDITIONS_WINDOW)
        elif history:
            current_from = r.event(_LATEST_LINE)
        else:  # pragma: no cover - every condition but Burkitt is a state or a history
            current_from = None
        # the records are of this condition, none dated after as_of
        present, disagreeing = yes_no_reading(
            found, state=state, history=history, current_from=current_from, as_of=None
        )
        values[condition] = present
        if disagreeing is not None:
            r.remarks[condition] = disagree(disagreeing)
        elif present is None:
            rule = _VALIDITY[condition].text(r.policy)
            r.remarks[condition] = f"the records on file are not current or disagree ({rule})"
    if r.patient.disease.lineage is not None:
        # the model's lineages are precursor lineages; Burkitt leukemia is mature B (a
        # patient recording both is refused when built)
        values["burkitt"] = False
    else:
        burkitt = by_condition.get(_BURKITT)
        values["burkitt"] = condition_present(burkitt, _BURKITT) if burkitt else None


#: Recorded conditions.
CONDITIONS = FactGroup(
    derive=_derive_conditions,
    facts=(
        *_RECORDED,
        FactSpec(
            name="burkitt",
            type=FactType.BOOLEAN,
            description="Burkitt (mature B) leukemia: false when a precursor lineage"
            " (B-precursor or T) is recorded, else the recorded condition.",
            sources=("disease.lineage", "conditions[burkitt]"),
        ),
    ),
)
