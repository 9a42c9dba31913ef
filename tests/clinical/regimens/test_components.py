"""Specification of the regimen model: components, cycle definitions, regimens and
availability."""

from __future__ import annotations

from datetime import date

import pytest

from allmodel.clinical.regimens import (
    Availability,
    Component,
    CycleDefinition,
    DoseRule,
    NotScheduled,
    NotStated,
    OnDays,
    PerArea,
    RadiationCourse,
    RadiationFraction,
    Regimen,
    Route,
    Schedule,
    Weekdays,
    get_regimen,
)
from allmodel.errors import ValidationError
from allmodel.measures import AbsorbedDose, DosePerArea
from allmodel.model import Agent

# --- the regimen model ----------------------------------------------------------------------


def _component(
    name: str, rule: DoseRule | None = None, schedule: Schedule | None = None
) -> Component:
    return Component(
        name=name,
        agent=Agent.CYTARABINE,
        rule=rule if rule is not None else PerArea(dose=DosePerArea(1, "g/m2")),
        schedule=schedule if schedule is not None else OnDays(days=(1,)),
        route=Route.INTRAVENOUS,
    )


class TestRegimenModel:
    """Components, cycle definitions, regimens and availability."""

    def test_duplicate_component_names_refused(self) -> None:
        """Two components with one name in a definition are refused."""
        with pytest.raises(ValidationError) as caught:
            CycleDefinition(label="x", components=(_component("a"), _component("a")))
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("components", "must have distinct names")
        ]

    def test_empty_definition_refused(self) -> None:
        """A definition without components is refused."""
        with pytest.raises(ValidationError) as caught:
            CycleDefinition(label="x", components=())
        assert [p.path for p in caught.value.problems] == ["components"]

    def test_applies_to(self) -> None:
        """A definition for cycles (2, 3) covers 2 and 3 only; one without cycles covers all."""
        some = CycleDefinition(label="x", components=(_component("a"),), cycles=(2, 3))
        every = CycleDefinition(label="y", components=(_component("a"),))
        assert [some.applies_to(n) for n in (1, 2, 3, 4)] == [False, True, True, False]
        assert every.applies_to(99)

    @pytest.mark.parametrize("bad", ["Hyper-CVAD", "1abc", "hyper cvad", ""])
    def test_id_must_be_snake_case(self, bad: str) -> None:
        """A regimen id must be a snake_case identifier."""
        with pytest.raises(ValidationError) as caught:
            Regimen(
                id=bad,
                name="x",
                definitions=(CycleDefinition(label="x", components=(_component("a"),)),),
                citations=("ref",),
            )
        assert "id" in [p.path for p in caught.value.problems]

    def test_citations_required(self) -> None:
        """A regimen without citations is refused."""
        with pytest.raises(ValidationError) as caught:
            Regimen(
                id="x",
                name="x",
                definitions=(CycleDefinition(label="x", components=(_component("a"),)),),
                citations=(),
            )
        assert [p.path for p in caught.value.problems] == ["citations"]

    def test_variants_and_definitions_for(self) -> None:
        """Inotuzumab: cycle 1 has one definition, cycle 2 one per response variant."""
        ino = get_regimen("inotuzumab_ozogamicin")
        assert ino.variants == ("cr_or_cri", "no_cr")
        assert len(ino.definitions_for(1)) == 1
        assert [d.variant for d in ino.definitions_for(2)] == ["cr_or_cri", "no_cr"]
        assert [d.variant for d in ino.definitions_for(3)] == ["cr_or_cri", "no_cr"]
        for cycle in (4, 5, 6):
            assert [d.variant for d in ino.definitions_for(cycle)] == ["cr_or_cri"]

    def test_stop_reason_needs_cycles(self) -> None:
        """A definition for every cycle cannot say why it stops; a blank reason is refused."""
        with pytest.raises(ValidationError) as caught:
            CycleDefinition(label="x", components=(_component("a"),), stop_reason="stop")
        assert [p.path for p in caught.value.problems] == ["stop_reason"]
        with pytest.raises(ValidationError) as blank:
            CycleDefinition(label="x", components=(_component("a"),), cycles=(2,), stop_reason="")
        assert [p.path for p in blank.value.problems] == ["stop_reason"]
        kept = CycleDefinition(
            label="x", components=(_component("a"),), cycles=(2,), stop_reason="stop"
        )
        assert kept.stop_reason == "stop"

    def test_component_complete(self) -> None:
        """A component is complete only with both a stated dose and a stated schedule."""
        assert _component("a").complete
        assert not _component("a", rule=NotStated(reason="x")).complete
        assert not _component("a", schedule=NotScheduled(reason="x")).complete

    @pytest.mark.parametrize(
        ("day", "available"),
        [(date(2022, 5, 1), True), (date(2022, 5, 2), False), (date(2022, 5, 3), False)],
    )
    def test_availability(self, day: date, available: bool) -> None:
        """Available up to the day before withdrawal, not on or after it."""
        assert Availability(withdrawn_on=date(2022, 5, 2)).available_on(day) is available

    def test_available_without_withdrawal(self) -> None:
        """A regimen never withdrawn is always available."""
        assert Availability().available_on(date(2100, 1, 1))

    def test_radiation_course(self) -> None:
        """24 Gy in 12 fractions is 2 Gy each; the component gives weekday fractions."""
        course = RadiationCourse(total=AbsorbedDose(24, "Gy"), fractions=12)
        assert course.per_fraction == AbsorbedDose(2, "Gy")
        component = course.component("rt")
        assert component.route is Route.RADIOTHERAPY
        assert component.agent is None
        assert component.schedule == Weekdays(count=12)
        assert component.rule == RadiationFraction(dose=AbsorbedDose(2, "Gy"))

    def test_radiation_course_needs_a_fraction(self) -> None:
        """Zero fractions are refused."""
        with pytest.raises(ValidationError) as caught:
            RadiationCourse(total=AbsorbedDose(2400, "cGy"), fractions=0)
        assert [p.path for p in caught.value.problems] == ["fractions"]
