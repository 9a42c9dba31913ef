"""Facts about earlier exposure to agents: blinatumomab, inotuzumab ozogamicin,
CD19-directed therapy, CAR T cells, TKIs (any, imatinib, second generation, ponatinib),
anthracyclines, cytarabine and intensive chemotherapy.

They are read from the agents of the treatment lines (and each agent's classes). An
exposure is true when recorded, false only when the treatment history is marked
complete, unknown otherwise.
"""

from __future__ import annotations

from allmodel.facts._group import FactGroup
from allmodel.facts._history import LINES, any_or_unknown, known
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


def _derive_exposures(r: Record) -> None:
    values, complete, lines = r.values, r.complete, r.view.lines
    agents: set[Agent] = {agent for line in lines for agent in line.agents}
    classes: set[AgentClass] = set().union(*(agent.classes for agent in agents))
    values["prior_blinatumomab"] = known(Agent.BLINATUMOMAB in agents, complete)
    values["prior_inotuzumab"] = known(Agent.INOTUZUMAB_OZOGAMICIN in agents, complete)
    values["prior_cd19_directed"] = known(AgentClass.CD19_DIRECTED in classes, complete)
    values["prior_car_t"] = known(AgentClass.CAR_T in classes, complete)
    values["prior_tki"] = known(AgentClass.TYROSINE_KINASE_INHIBITOR in classes, complete)
    values["prior_imatinib"] = known(Agent.IMATINIB in agents, complete)
    values["prior_second_generation_tki"] = known(
        any(agent.tki_generation == 2 for agent in agents), complete
    )
    values["prior_ponatinib"] = known(Agent.PONATINIB in agents, complete)
    values["prior_anthracycline"] = known(AgentClass.ANTHRACYCLINE in classes, complete)
    values["prior_cytarabine"] = known(AgentClass.CYTARABINE in classes, complete)
    values["prior_intensive_chemotherapy"] = any_or_unknown(
        [line.intensive for line in lines], complete
    )


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
