"""Specification of the closed agent vocabulary and the classes criteria ask about."""

from __future__ import annotations

import pytest

from allmodel.model import Agent, AgentClass

_C = AgentClass


class TestTyrosineKinaseInhibitors:
    """BCR-ABL1 TKIs and their generations (review table 1; refs 53-55)."""

    @pytest.mark.parametrize(
        ("agent", "generation"),
        [
            (Agent.IMATINIB, 1),
            (Agent.DASATINIB, 2),
            (Agent.NILOTINIB, 2),
            (Agent.BOSUTINIB, 2),
            (Agent.PONATINIB, 3),
        ],
    )
    def test_generation(self, agent: Agent, generation: int) -> None:
        """Imatinib is first generation, dasatinib/nilotinib/bosutinib second, ponatinib third."""
        assert agent.tki_generation == generation

    @pytest.mark.parametrize(
        "agent",
        [Agent.IMATINIB, Agent.DASATINIB, Agent.NILOTINIB, Agent.BOSUTINIB, Agent.PONATINIB],
    )
    def test_tkis_are_in_the_tki_class(self, agent: Agent) -> None:
        """Every TKI belongs to the TKI class and to no other."""
        assert agent.classes == frozenset({AgentClass.TYROSINE_KINASE_INHIBITOR})

    def test_generation_only_for_tkis(self) -> None:
        """Exactly the five TKIs have a generation; every other agent has None."""
        with_generation = {agent for agent in Agent if agent.tki_generation is not None}
        assert with_generation == {
            Agent.IMATINIB,
            Agent.DASATINIB,
            Agent.NILOTINIB,
            Agent.BOSUTINIB,
            Agent.PONATINIB,
        }

    def test_tki_class_matches_generation(self) -> None:
        """An agent is in the TKI class exactly when it has a generation."""
        for agent in Agent:
            in_class = AgentClass.TYROSINE_KINASE_INHIBITOR in agent.classes
            assert in_class is (agent.tki_generation is not None), agent


class TestClasses:
    """Immunotherapy, anthracycline, cytarabine and corticosteroid classes."""

    @pytest.mark.parametrize(
        ("agent", "classes"),
        [
            (Agent.BLINATUMOMAB, {_C.CD19_DIRECTED, _C.IMMUNOTHERAPY}),
            (Agent.TISAGENLECLEUCEL, {_C.CD19_DIRECTED, _C.CAR_T, _C.IMMUNOTHERAPY}),
            (Agent.BREXUCABTAGENE_AUTOLEUCEL, {_C.CD19_DIRECTED, _C.CAR_T, _C.IMMUNOTHERAPY}),
            (Agent.CD19_CAR_T_INVESTIGATIONAL, {_C.CD19_DIRECTED, _C.CAR_T, _C.IMMUNOTHERAPY}),
            (Agent.INOTUZUMAB_OZOGAMICIN, {_C.CD22_DIRECTED, _C.IMMUNOTHERAPY}),
            (Agent.DAUNORUBICIN, {_C.ANTHRACYCLINE, _C.CYTOTOXIC}),
            (Agent.DOXORUBICIN, {_C.ANTHRACYCLINE, _C.CYTOTOXIC}),
            (Agent.IDARUBICIN, {_C.ANTHRACYCLINE, _C.CYTOTOXIC}),
            (Agent.MITOXANTRONE, {_C.ANTHRACYCLINE, _C.CYTOTOXIC}),
            (Agent.CYTARABINE, {_C.CYTARABINE, _C.CYTOTOXIC}),
            (Agent.LIPOSOMAL_CYTARABINE, {_C.CYTARABINE, _C.CYTOTOXIC}),
            (Agent.DEXAMETHASONE, {_C.CORTICOSTEROID}),
            (Agent.PREDNISONE, {_C.CORTICOSTEROID}),
            (Agent.RITUXIMAB, {_C.IMMUNOTHERAPY}),
            (Agent.VINCRISTINE, {_C.CYTOTOXIC}),
            (Agent.NELARABINE, {_C.CYTOTOXIC}),
            (Agent.FLUDARABINE, {_C.CYTOTOXIC}),
            (Agent.HYDROXYUREA, set()),
            (Agent.RADIOTHERAPY, {_C.RADIOTHERAPY}),
        ],
    )
    def test_classes(self, agent: Agent, classes: set[AgentClass]) -> None:
        """Each agent belongs to the classes criteria ask about, and only those."""
        assert agent.classes == frozenset(classes)

    def test_cd19_directed_agents(self) -> None:
        """Blinatumomab and the CD19 CAR-T products are the CD19-directed agents."""
        cd19 = {agent for agent in Agent if AgentClass.CD19_DIRECTED in agent.classes}
        assert cd19 == {
            Agent.BLINATUMOMAB,
            Agent.TISAGENLECLEUCEL,
            Agent.BREXUCABTAGENE_AUTOLEUCEL,
            Agent.CD19_CAR_T_INVESTIGATIONAL,
        }

    def test_every_car_t_is_cd19_directed(self) -> None:
        """All CAR-T products in the vocabulary target CD19."""
        for agent in Agent:
            if AgentClass.CAR_T in agent.classes:
                assert AgentClass.CD19_DIRECTED in agent.classes, agent


class TestChemotherapyClass:
    """Cytotoxic agents: what a count of chemotherapy regimens counts (nelarabine label)."""

    def test_cytotoxic_agents(self) -> None:
        """The cytotoxic agents are the chemotherapy drugs; not steroids, antibodies, TKIs."""
        cytotoxic = {agent for agent in Agent if _C.CYTOTOXIC in agent.classes}
        assert Agent.CYTARABINE in cytotoxic
        assert Agent.CLOFARABINE in cytotoxic
        assert cytotoxic.isdisjoint(
            {
                Agent.BLINATUMOMAB,
                Agent.INOTUZUMAB_OZOGAMICIN,
                Agent.TISAGENLECLEUCEL,
                Agent.IMATINIB,
                Agent.DEXAMETHASONE,
                Agent.HYDROXYUREA,
                Agent.RADIOTHERAPY,
            }
        )

    def test_immunotherapy_agents(self) -> None:
        """Antibodies, bispecifics and CAR T cells are the immunotherapies (Topp washout)."""
        found = {agent for agent in Agent if _C.IMMUNOTHERAPY in agent.classes}
        assert found == {
            Agent.BLINATUMOMAB,
            Agent.INOTUZUMAB_OZOGAMICIN,
            Agent.TISAGENLECLEUCEL,
            Agent.BREXUCABTAGENE_AUTOLEUCEL,
            Agent.CD19_CAR_T_INVESTIGATIONAL,
            Agent.RITUXIMAB,
        }


class TestVocabulary:
    """The agent names are the wire values: lower-case, closed."""

    def test_values_are_lower_case_identifiers(self) -> None:
        """Every value is the member name in lower case."""
        for agent in Agent:
            assert agent.value == agent.name.lower(), agent

    def test_misspelt_agent_is_not_in_the_vocabulary(self) -> None:
        """A misspelling is refused rather than silently matched."""
        with pytest.raises(ValueError, match="blinatumomb"):
            Agent("blinatumomb")

    def test_lookup_by_value(self) -> None:
        """Agents are looked up by their exact value."""
        assert Agent("inotuzumab_ozogamicin") is Agent.INOTUZUMAB_OZOGAMICIN
