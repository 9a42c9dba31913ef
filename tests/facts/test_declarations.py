"""Each fact is declared once, in the group whose derivation computes it.

A group (:class:`~allmodel.facts._group.FactGroup`) holds the declarations of its facts
and the function deriving them; :data:`~allmodel.facts.FACTS` is the groups' declarations
in the groups' order. These tests check that no fact is declared twice, that each group's
derivation sets exactly the facts the group declares (no undeclared write, none left
unset), and that the order of the facts is the order of the groups.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable
from datetime import timedelta

import attrs
import pytest

from allmodel import Agent, Patient
from allmodel.errors import RuleError
from allmodel.facts import DEFAULT_VALIDITY, FACTS, ValidityPolicy, derive_facts
from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record, RuleTable
from allmodel.facts._schema import GROUPS, assemble_facts
from allmodel.model import (
    BestResponse,
    CnsStatus,
    Condition,
    ConditionRecord,
    Finding,
    Lineage,
    LvefMeasurement,
    PhStatus,
    RelapseSite,
    Serostatus,
    StopReason,
)
from allmodel.synthetic import synthetic_cohort
from tests.builders import AS_OF, adult_in_relapse, with_course, with_disease

_TABLE = RuleTable({spec.name: spec.validity for spec in FACTS if spec.validity is not None})
#: Short windows: most results of the builders are set aside (and remarked on).
_STRICT = ValidityPolicy(
    blood_counts=0,
    chemistry=0,
    marrow=0,
    performance=0,
    cardiac=0,
    pregnancy=0,
    conditions=0,
    judgement=0,
)


def declared_twice(groups: Iterable[FactGroup]) -> list[str]:
    """The fact names that more than one declaration of ``groups`` carries."""
    counts = collections.Counter(spec.name for group in groups for spec in group.facts)
    return sorted(name for name, count in counts.items() if count > 1)


def _patients() -> list[Patient]:
    """Builder patients that take the derivations down their different branches."""
    ph_positive = adult_in_relapse(
        ph=PhStatus.POSITIVE,
        t315i=True,
        frontline_agents=(Agent.IMATINIB, Agent.CYCLOPHOSPHAMIDE, Agent.VINCRISTINE),
        salvage=[((Agent.DASATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)],
    )
    visit = AS_OF - timedelta(days=3)
    assessed = attrs.evolve(
        adult_in_relapse(
            conditions={c: False for c in Condition if c is not Condition.BURKITT},
            no_alternative=True,
            no_other_tki=False,
            allo_hct_months_before_relapse=20,
            donor_cmv=Serostatus.POSITIVE,
        ),
        lactating=Finding(value=False, date=visit),
        lvef_percent=LvefMeasurement(value=55, date=visit),
        hepatic_dysfunction_due_to_leukemia=Finding(value=False, date=visit),
        renal_dysfunction_due_to_leukemia=Finding(value=True, date=visit),
    )
    return [
        adult_in_relapse(),
        assessed,
        with_course(assessed, cr1_high_risk=True),
        adult_in_relapse(in_remission=True, mrd_level=0.0),
        adult_in_relapse(in_remission=True, mrd_level=1e-3, relapses=2),
        adult_in_relapse(primary_refractory=True, salvage=[((Agent.BLINATUMOMAB,), None, None)]),
        adult_in_relapse(relapse_site=RelapseSite.ISOLATED_CNS, cns=None),
        adult_in_relapse(allo_hct_months_before_relapse=8, history_complete=None),
        adult_in_relapse(
            conditions={Condition.ACTIVE_INFECTION: True, Condition.SEIZURE_DISORDER: False},
            cns=CnsStatus.CNS2,
        ),
        adult_in_relapse(age=None, lineage=None, cd19=None, cd22=None, ecog=None, fit=None),
        ph_positive,
        attrs.evolve(
            adult_in_relapse(lineage=None),
            conditions=(ConditionRecord(condition=Condition.BURKITT, present=True),),
        ),
        with_course(adult_in_relapse(), history_complete=False),
        with_disease(adult_in_relapse(), lineage=Lineage.T),
        *synthetic_cohort(12, as_of=AS_OF),
    ]


_CASES = [
    (patient, as_of, policy)
    for patient in _patients()
    for as_of in (AS_OF, AS_OF + timedelta(days=400))
    for policy in (DEFAULT_VALIDITY, _STRICT)
]


class TestEachFactDeclaredOnce:
    """One declaration per fact, and the order of the facts is the order of the groups."""

    def test_no_fact_is_declared_twice(self) -> None:
        """No two declarations, in one group or in two, carry one name."""
        assert declared_twice(GROUPS) == []
        assert len({spec.name for spec in FACTS}) == len(FACTS)

    def test_the_facts_are_the_groups_in_order(self) -> None:
        """FACTS is the concatenation of the groups' declarations, group after group."""
        assert tuple(spec for group in GROUPS for spec in group.facts) == FACTS
        assert all(group.names == {spec.name for spec in group.facts} for group in GROUPS)

    def test_a_repeated_declaration_is_caught(self) -> None:
        """The check finds a fact declared in two groups, or twice in one."""
        first, second = GROUPS[0], GROUPS[1]
        again = FactGroup(derive=second.derive, facts=(*second.facts, first.facts[0]))
        assert declared_twice((first, again)) == [first.facts[0].name]
        assert declared_twice((first, second, first)) == sorted(first.names)
        with pytest.raises(RuleError, match=first.facts[0].name):
            assemble_facts((first, again))
        with pytest.raises(RuleError, match="twice"):
            FactGroup(derive=first.derive, facts=(first.facts[0], first.facts[0]))

    def test_an_empty_group_is_refused(self) -> None:
        """A group declares at least one fact."""
        with pytest.raises(RuleError, match="no fact"):
            FactGroup(derive=GROUPS[0].derive, facts=())

    def test_every_group_derives_something_distinct(self) -> None:
        """Each group has its own derivation function."""
        derivations = [group.derive for group in GROUPS]
        assert len(set(derivations)) == len(derivations)


class TestEachGroupDerivesItsFacts:
    """Run alone, each group's derivation writes exactly the facts it declares."""

    def test_the_cases_are_varied(self) -> None:
        """The patients reach known and unknown values, bounds, dates and remarks."""
        facts = [derive_facts(p, as_of=d, validity=v) for p, d, v in _CASES]
        known = {name for f in facts for name, value in f.as_dict().items() if value is not None}
        assert known == {spec.name for spec in FACTS}
        assert any(f.remarks for f in facts)
        assert any(f.upper != f.values for f in facts)

    @pytest.mark.parametrize("group", GROUPS, ids=lambda group: group.derive.__name__)
    def test_sets_every_declared_fact_and_no_other(self, group: FactGroup) -> None:
        """Values are set for every declared fact; bounds, dates, remarks only for them."""
        for patient, as_of, policy in _CASES:
            record = Record(patient, as_of, policy, _TABLE)
            group.derive(record)
            assert set(record.values) == group.names
            assert set(record.upper) <= group.names
            assert set(record.observed) <= group.names
            assert set(record.remarks) <= group.names

    @pytest.mark.parametrize("group", GROUPS, ids=lambda group: group.derive.__name__)
    def test_alone_as_in_the_whole(self, group: FactGroup) -> None:
        """A group derived alone gives its facts the values the whole derivation gives."""
        for patient, as_of, policy in _CASES:
            whole = derive_facts(patient, as_of=as_of, validity=policy)
            alone = derive_facts(patient, as_of=as_of, validity=policy, needed=group.names)
            assert alone.derived == group.names
            for name in group.names:
                assert alone[name] == whole[name]
                assert alone.describe(name) == whole.describe(name)
