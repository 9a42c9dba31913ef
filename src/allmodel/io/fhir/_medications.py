"""Which allmodel agent a FHIR medication names, and the codes written for each agent.

A medication record names its drug in ``medication[x]``: a ``CodeableConcept``, or a
``Reference`` to a ``Medication`` resource (in the Bundle, or contained and reached by
``#id``) whose ``code`` is read. Codes are looked up in the table ``medications``
(package data ``codes/medications.json``; every code with where it was checked):

* RxNorm ingredient concepts, and product concepts (clinical and branded drugs, brand
  names) only where the table lists them with their ingredient; a product code the table
  lacks is reported as unmapped, never guessed from its display.
* ATC, under the WHO URI and the national copies of :data:`~._systems.ATC_SYSTEMS`. The
  codes the WHO index dropped in its 2021 and 2022 revisions (blinatumomab ``L01XC19``,
  now ``L01FX07``; the ``L01XE`` kinase inhibitors, now ``L01EA``; ...) are read as their
  substance and reported as outdated (:data:`OUTDATED_ATC`).
* allmodel's own codes (:data:`AGENT_CODES`) for the agents no checked code names.
* NDC and every other system are reported as unmapped.

When the codings of one concept name different agents, the most specific system decides
(allmodel's code, then RxNorm, then ATC: ATC has no code of its own for liposomal
cytarabine, RxNorm has); two different agents within that system are a problem of the
input.

Written: the agent's first RxNorm code in the table (its ingredient) and its current ATC
code; an agent with neither gets its allmodel code.
"""

from __future__ import annotations

from typing import Any

import attrs

from allmodel.io.fhir._codes import CodeEntry, code_table
from allmodel.io.fhir._context import ReadContext
from allmodel.io.fhir._element import Element, fail
from allmodel.io.fhir._input import Resource
from allmodel.io.fhir._systems import ALLMODEL_CODES, ATC, ATC_SYSTEMS, NDC, RXNORM
from allmodel.model import Agent

__all__ = [
    "AGENT_CODES",
    "OUTDATED_ATC",
    "FoundAgent",
    "agent_concept",
    "read_medication",
]

#: allmodel's codes (system :data:`~._systems.ALLMODEL_CODES`) for the agents that no
#: checked RxNorm or ATC code names on its own: the investigational CD19 CAR-T cells (no
#: public code) and liposomal vincristine (ATC classes it with vincristine; no RxNorm code
#: was verified).
AGENT_CODES: dict[Agent, str] = {
    Agent.CD19_CAR_T_INVESTIGATIONAL: "agent-cd19-car-t-investigational",
    Agent.LIPOSOMAL_VINCRISTINE: "agent-liposomal-vincristine",
}
_BY_CODE = {code: agent for agent, code in AGENT_CODES.items()}

#: ATC codes the WHO index no longer lists, with the code that replaced them: read as
#: their substance and reported as outdated.
OUTDATED_ATC: dict[str, str] = {
    "L01XC19": "L01FX07",
    "L01XC26": "L01FB01",
    "L01XX71": "L01XL04",
    "L01XC02": "L01FA01",
    "L01XE01": "L01EA01",
    "L01XE06": "L01EA02",
    "L01XE08": "L01EA03",
    "L01XE14": "L01EA04",
    "L01XE24": "L01EA05",
}
_RANK = {ALLMODEL_CODES: 0, RXNORM: 1, ATC: 2}
_NAMES = {RXNORM: "RxNorm", ATC: "ATC", NDC: "NDC", ALLMODEL_CODES: "allmodel"}


@attrs.frozen
class FoundAgent:
    """The agent a medication names, the coding that decided it and a note for the report
    (an outdated ATC code), if any."""

    agent: Agent
    path: str
    note: str | None = None


def agent_concept(agent: Agent) -> dict[str, Any]:
    """The ``CodeableConcept`` written for ``agent`` (see the module docstring)."""
    table = code_table("medications")
    codings: list[dict[str, str]] = []
    for system in (RXNORM, ATC):
        found = table.meaning(agent.value, system)
        if found:
            entry = found[0]
            codings.append({"system": entry.system, "code": entry.code, "display": entry.display})
    if not codings:
        codings.append({"system": ALLMODEL_CODES, "code": AGENT_CODES[agent]})
    return {"coding": codings, "text": agent.value.replace("_", " ")}


def _look_up(system: str | None, code: str | None) -> tuple[str, Agent, CodeEntry | None] | None:
    if code is None or system is None:
        return None
    if system == ALLMODEL_CODES:
        agent = _BY_CODE.get(code)
        return (ALLMODEL_CODES, agent, None) if agent is not None else None
    system = ATC if system in ATC_SYSTEMS else system
    entry = code_table("medications").get(system, code)
    if entry is None or system not in (RXNORM, ATC):
        return None
    return system, Agent(entry.means), entry


@attrs.frozen
class _Decision:
    """What a concept's codings decide (see :func:`_decide`): the agent, the index of the
    coding that decided it, the note for the report and the codings to report as ignored
    (index, reason); else why the concept is unmapped, or the problem it is."""

    agent: Agent | None = None
    chosen: int = 0
    note: str | None = None
    ignored: tuple[tuple[int, str], ...] = ()
    unmapped: str | None = None
    problem: str | None = None


_Key = tuple[tuple[str | None, str | None, str | None], ...]
_DECISIONS: dict[_Key, _Decision] = {}
_DECISIONS_MAX = 4096


def _show(system: str | None, code: str | None, display: str | None) -> str:
    """How the report names a coding (system name, code and display)."""
    name = system or "no system"
    if system in ATC_SYSTEMS:
        name = "ATC"
    shown = f" ({display})" if display else ""
    return f"{_NAMES.get(name, name)} {code}{shown}"


def _decide(key: _Key) -> _Decision:
    """What the codings ``key`` (system, code, display of each, at least one) decide: a
    function of them alone, so remembered (up to :data:`_DECISIONS_MAX`, then forgotten):
    records of one drug repeat their codings."""
    known = _DECISIONS.get(key)
    if known is not None:
        return known
    found = [(index, hit) for index, parts in enumerate(key) if (hit := _look_up(*parts[:2]))]
    if not found:
        decision = _Decision(
            unmapped="medication allmodel does not map (it reads RxNorm and ATC codes of"
            " the agents it knows): " + ", ".join(_show(*parts) for parts in key)
        )
    else:
        best = min(_RANK[hit[0]] for _, hit in found)
        decisive = [(index, hit) for index, hit in found if _RANK[hit[0]] == best]
        agents = {hit[1] for _, hit in decisive}
        if len(agents) > 1:
            decision = _Decision(
                problem="names different agents: "
                + ", ".join(f"{_show(*key[i])} = {hit[1].value}" for i, hit in decisive)
            )
        else:
            chosen, (_, agent, _) = decisive[0]
            ignored = tuple(
                (
                    index,
                    f"{_show(*key[index])} names {hit[1].value}; the more specific"
                    f" {_show(*key[chosen])} names {agent.value}",
                )
                for index, hit in found
                if hit[1] is not agent
            )
            note = None
            outdated = [i for i, hit in decisive if hit[0] == ATC and key[i][1] in OUTDATED_ATC]
            if outdated and len(outdated) == len(decisive):
                old = key[outdated[0]][1]
                assert old is not None
                note = (
                    f"ATC {old} is an outdated code of {agent.value} (the WHO index now lists"
                    f" {OUTDATED_ATC[old]}); read as {agent.value}"
                )
            decision = _Decision(agent, chosen, note, ignored)
    if len(_DECISIONS) >= _DECISIONS_MAX:
        _DECISIONS.clear()
    _DECISIONS[key] = decision
    return decision


def _concept_agent(concept: Element, context: ReadContext) -> FoundAgent | None:
    """The agent a medication ``CodeableConcept`` names; reports what it cannot map."""
    codings = concept.codings()
    if not codings:
        text = concept.child("text")
        shown = f"text only ({text.string()!r})" if text is not None else "no coding"
        context.unmapped(concept.path, f"medication has {shown}")
        return None
    decision = _decide(tuple((c.system, c.code, c.display) for c in codings))
    if decision.problem is not None:
        raise fail(concept.path, decision.problem)
    if decision.agent is None:
        context.unmapped(concept.path, decision.unmapped or "")
        return None
    for index, reason in decision.ignored:
        context.ignore(codings[index].path, reason)
    return FoundAgent(decision.agent, codings[decision.chosen].path, decision.note)


def read_medication(
    resource: Resource, context: ReadContext
) -> tuple[FoundAgent | None, Resource | None]:
    """The agent a medication record names, and the ``Medication`` resource it was read
    from (``None`` for a ``CodeableConcept``). Reports an unresolved reference and codes it
    cannot map; the agent is then ``None``.

    Raises:
        FhirError: No ``medication[x]``, a reference without ``reference``, codings that
            name different agents.
    """
    chosen = resource.element.choice("medication")
    if chosen is None:
        raise fail(f"{resource.path}.medication[x]", "is required but absent")
    kind, value = chosen
    if kind == "CodeableConcept":
        return _concept_agent(value, context), None
    if kind != "Reference":
        raise fail(value.path, f"medication{kind} is not a FHIR R4 medication[x] type")
    reference = value.reference()
    if reference is None:
        context.ignore(value.path, "a medication reference with no reference: the drug is unknown")
        return None, None
    target = context.resource(reference, within=resource)
    if target is None or target.type != "Medication":
        context.ignore(
            value.path,
            f"medication reference {reference!r} is not a Medication in the input:"
            " the drug is unknown",
        )
        return None, None
    seen: dict[str, FoundAgent | None] = context.scratch.setdefault("course.read", [{}])[0]
    if target.path in seen:  # a Medication several records name is reported once
        return seen[target.path], target
    code = target.element.child("code")
    if code is None:
        context.unmapped(target.path, "Medication has no code")
        found = None
    else:
        found = _concept_agent(code, context)
    seen[target.path] = found
    return found, target
