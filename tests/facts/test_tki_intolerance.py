"""Intolerance is of a drug: a line stopped for intolerance is TKI intolerance only when it
gave TKIs alone (with or without corticosteroids), and intolerance of one named TKI only
when that was the line's only TKI; a line that gave chemotherapy too does not record which
agent was not tolerated, so TKI intolerance stays unknown. Resistance of the disease to a
TKI given with chemotherapy is TKI failure ("imatinib, alone or with chemotherapy",
REFERENCE-B 12). Found by the second clinical audit."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from allmodel import Agent, Patient, derive_facts
from allmodel.facts import Facts, fact_index
from allmodel.model import BestResponse, PhStatus, StopReason
from tests.builders import AS_OF, adult_in_relapse

_CHEMOTHERAPY = (Agent.VINCRISTINE, Agent.DOXORUBICIN, Agent.CYCLOPHOSPHAMIDE)
_STEROID = (Agent.DEXAMETHASONE,)


def stopped(
    agents: Sequence[Agent], stop: StopReason | None, response: BestResponse | None
) -> Facts:
    """The facts of a Ph-positive adult whose only salvage line gave ``agents`` and
    ended with ``stop`` (complete history)."""
    patient: Patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[(agents, response, stop)])
    return derive_facts(patient, as_of=AS_OF)


def intolerant(*agents: Agent) -> Facts:
    """A line of ``agents`` stopped for intolerance, reaching CR (no resistance)."""
    return stopped(agents, StopReason.INTOLERANCE, BestResponse.CR)


def failures(found: Facts) -> tuple[object, object]:
    """The lower and upper bound of the count of failed TKIs."""
    return found["tki_failures"], found.upper[fact_index("tki_failures")]


class TestIntoleranceOfALine:
    """Which lines' intolerance is TKI intolerance."""

    @pytest.mark.parametrize(
        "agents",
        [(Agent.IMATINIB,), (Agent.IMATINIB, *_STEROID), (Agent.IMATINIB, Agent.PREDNISONE)],
    )
    def test_tkis_alone_or_with_a_corticosteroid(self, agents: tuple[Agent, ...]) -> None:
        found = intolerant(*agents)
        assert found["tki_intolerance"] is True
        assert found["imatinib_failure"] is True
        assert failures(found) == (1, 1)

    @pytest.mark.parametrize(
        "others",
        [
            _CHEMOTHERAPY,
            (Agent.VINCRISTINE,),  # one cytotoxic agent is enough
            (Agent.BLINATUMOMAB,),
            (Agent.RADIOTHERAPY,),
            (*_CHEMOTHERAPY, *_STEROID),
        ],
    )
    def test_with_another_agent_it_is_unknown(self, others: tuple[Agent, ...]) -> None:
        found = intolerant(Agent.IMATINIB, *others)
        assert found["tki_intolerance"] is None
        assert found["imatinib_failure"] is None
        assert found["tki_resistance"] is False  # reached CR, no relapse on it
        assert failures(found) == (0, 1)

    def test_dasatinib_with_chemotherapy(self) -> None:
        found = intolerant(Agent.DASATINIB, *_CHEMOTHERAPY)
        assert found["dasatinib_failure"] is None
        assert found["second_generation_tki_failure"] is None

    def test_completed_is_no_intolerance(self) -> None:
        found = stopped((Agent.IMATINIB, *_CHEMOTHERAPY), StopReason.COMPLETED, BestResponse.CR)
        assert found["tki_intolerance"] is False
        assert found["imatinib_failure"] is False
        assert failures(found) == (0, 0)

    def test_stop_not_recorded_is_unknown(self) -> None:
        found = stopped((Agent.IMATINIB,), None, BestResponse.CR)
        assert found["tki_intolerance"] is None


class TestResistanceOfACombination:
    """The disease resisting a TKI given with chemotherapy: the TKI failed."""

    @pytest.mark.parametrize("stop", [StopReason.RESISTANCE, StopReason.RELAPSE])
    def test_stopped_for_resistance(self, stop: StopReason) -> None:
        found = stopped((Agent.IMATINIB, *_CHEMOTHERAPY), stop, BestResponse.NO_RESPONSE)
        assert found["tki_resistance"] is True
        assert found["imatinib_failure"] is True
        assert failures(found) == (1, 1)

    def test_no_response_stopped_for_intolerance(self) -> None:
        found = stopped(
            (Agent.IMATINIB, *_CHEMOTHERAPY), StopReason.INTOLERANCE, BestResponse.NO_RESPONSE
        )
        assert found["tki_resistance"] is True
        assert found["tki_intolerance"] is None
        assert found["imatinib_failure"] is True


class TestTwoTkisInOneLine:
    """A line of two TKIs stopped for intolerance: a TKI was not tolerated, not which."""

    def test_which_one_is_unknown(self) -> None:
        found = intolerant(Agent.IMATINIB, Agent.DASATINIB)
        assert found["tki_intolerance"] is True
        assert found["imatinib_failure"] is None
        assert found["dasatinib_failure"] is None
        assert found["second_generation_tki_failure"] is None
        assert failures(found) == (1, 2)

    def test_both_second_generation(self) -> None:
        found = intolerant(Agent.DASATINIB, Agent.NILOTINIB)
        assert found["second_generation_tki_failure"] is True
        assert found["dasatinib_failure"] is None

    def test_resistance_is_of_both(self) -> None:
        found = stopped(
            (Agent.IMATINIB, Agent.DASATINIB), StopReason.RESISTANCE, BestResponse.NO_RESPONSE
        )
        assert (found["imatinib_failure"], found["dasatinib_failure"]) == (True, True)
        assert failures(found) == (2, 2)

    def test_two_such_lines(self) -> None:
        lines = [
            ((Agent.IMATINIB, Agent.DASATINIB), BestResponse.CR, StopReason.INTOLERANCE),
            ((Agent.NILOTINIB, Agent.BOSUTINIB), BestResponse.CR, StopReason.INTOLERANCE),
            ((Agent.IMATINIB, Agent.NILOTINIB), BestResponse.CR, StopReason.INTOLERANCE),
        ]
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=lines)
        found = derive_facts(patient, as_of=AS_OF)
        assert failures(found) == (2, 4)
        assert not math.isinf(found.upper[fact_index("tki_failures")])  # type: ignore[arg-type]
