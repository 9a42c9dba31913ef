"""Facts about earlier exposure to agents: blinatumomab, inotuzumab ozogamicin,
CD19-directed therapy, CAR T cells, TKIs (any, imatinib, second generation, ponatinib),
anthracyclines, cytarabine and intensive chemotherapy.

They are read from the agents of the treatment lines (and each agent's classes). An
exposure is true when recorded, false only when the treatment history is marked
complete and every line lists its agents (a line recorded without them may have given
any agent), unknown otherwise.
"""

from __future__ import annotations

from allmodel.facts._group import FactGroup
from allmodel.facts._history import (
    IN_CLASS,
    LINES,
    SECOND_GENERATION_TKIS,
    any_or_unknown,
    known,
)
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.model._agents import Agent, AgentClass

__all__ = ["EXPOSURES"]


def _exposure(name: str, what: str) -> FactSpec:
    return FactSpec(
        name=name,
        type=FactType.BOOLEAN,
        description=f"Whether the patient has received {what}.",
        sources=LINES,
    )


#: Each exposure fact, and the agents whose use makes it true (an agent, or the agents of
#: a class).
_EXPOSED_TO: tuple[tuple[str, frozenset[Agent]], ...] = (
    ("prior_blinatumomab", frozenset({Agent.BLINATUMOMAB})),
    ("prior_inotuzumab", frozenset({Agent.INOTUZUMAB_OZOGAMICIN})),
    ("prior_cd19_directed", IN_CLASS[AgentClass.CD19_DIRECTED]),
    ("prior_car_t", IN_CLASS[AgentClass.CAR_T]),
    ("prior_tki", IN_CLASS[AgentClass.TYROSINE_KINASE_INHIBITOR]),
    ("prior_imatinib", frozenset({Agent.IMATINIB})),
    ("prior_second_generation_tki", SECOND_GENERATION_TKIS),
    ("prior_ponatinib", frozenset({Agent.PONATINIB})),
    ("prior_anthracycline", IN_CLASS[AgentClass.ANTHRACYCLINE]),
    ("prior_cytarabine", IN_CLASS[AgentClass.CYTARABINE]),
)


def _derive_exposures(r: Record) -> None:
    values, complete, lines = r.values, r.complete, r.view.lines
    agents: set[Agent] = set()
    intensive: list[bool | None] = []
    listed = True  # every line lists its agents
    for line in lines:
        agents.update(line.agents)
        intensive.append(line.intensive)
        listed = listed and bool(line.agents)
    given = known(True, complete)  # the rule's two answers
    not_given = known(False, complete) if listed else None
    for name, exposing in _EXPOSED_TO:
        values[name] = not_given if exposing.isdisjoint(agents) else given
    values["prior_intensive_chemotherapy"] = any_or_unknown(intensive, complete)


#: Earlier exposures.
EXPOSURES = FactGroup(
    derive=_derive_exposures,
    facts=(
        _exposure("prior_blinatumomab", "blinatumomab"),
        _exposure("prior_inotuzumab", "inotuzumab ozogamicin"),
        _exposure(
            "prior_cd19_directed", "CD19-directed therapy (blinatumomab or CD19 CAR T cells)"
        ),
        _exposure("prior_car_t", "CAR T cells"),
        _exposure("prior_tki", "a BCR-ABL1 tyrosine kinase inhibitor"),
        _exposure("prior_imatinib", "imatinib"),
        _exposure("prior_second_generation_tki", "dasatinib, nilotinib or bosutinib"),
        _exposure("prior_ponatinib", "ponatinib"),
        _exposure("prior_anthracycline", "an anthracycline or mitoxantrone"),
        _exposure("prior_cytarabine", "cytarabine"),
        FactSpec(
            name="prior_intensive_chemotherapy",
            type=FactType.BOOLEAN,
            description="Whether a line was intensive combination chemotherapy.",
            sources=("course.treatment_lines[].intensive", "course.history_complete"),
        ),
    ),
)
