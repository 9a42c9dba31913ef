"""Specification of the disease course: lines of therapy, remissions, relapses, transplants."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allmodel.errors import ChronologyError, ValidationError
from allmodel.model import (
    Agent,
    BestResponse,
    Course,
    DonorType,
    ExtramedullarySite,
    Intent,
    Relapse,
    RelapseSite,
    Remission,
    RemissionKind,
    Serostatus,
    StopReason,
    Transplant,
    TransplantKind,
    TreatmentLine,
)

DIAGNOSIS = date(2020, 1, 10)
EMS = ExtramedullarySite


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in error.problems]


class TestTreatmentLine:
    """One line of therapy."""

    def test_needs_regimen_or_agent(self) -> None:
        """A line with neither a regimen name nor agents is refused as a whole."""
        with pytest.raises(ValidationError) as caught:
            TreatmentLine(start=date(2020, 2, 1), intent=Intent.FRONTLINE)
        assert _problems(caught.value) == [("", "needs a regimen or at least one agent")]

    def test_regimen_alone_or_agents_alone_suffice(self) -> None:
        """Either a regimen name or a list of agents describes a line."""
        assert (
            TreatmentLine(
                regimen="hyper-CVAD", start=date(2020, 2, 1), intent=Intent.FRONTLINE
            ).regimen
            == "hyper-CVAD"
        )
        assert TreatmentLine(
            agents=(Agent.BLINATUMOMAB,), start=date(2020, 2, 1), intent=Intent.FRONTLINE
        ).agents == (Agent.BLINATUMOMAB,)

    def test_blank_regimen_refused(self) -> None:
        """A blank regimen name is refused, showing it."""
        with pytest.raises(ValidationError) as caught:
            TreatmentLine(
                regimen="  ",
                agents=(Agent.BLINATUMOMAB,),
                start=date(2020, 2, 1),
                intent=Intent.FRONTLINE,
            )
        assert _problems(caught.value) == [("regimen", "must not be blank, got '  '")]

    def test_repeated_agent_refused(self) -> None:
        """An agent listed twice is refused."""
        with pytest.raises(ValidationError) as caught:
            TreatmentLine(
                agents=(Agent.DASATINIB, Agent.DASATINIB),
                start=date(2020, 2, 1),
                intent=Intent.FRONTLINE,
            )
        assert _problems(caught.value) == [("agents", "must not repeat an agent")]

    @pytest.mark.parametrize("agents", [("dasatinib",), [Agent.DASATINIB]])
    def test_agents_must_be_a_tuple_of_agents(self, agents: Any) -> None:
        """Agents are Agent members in a tuple; strings and lists are refused."""
        with pytest.raises(ValidationError) as caught:
            TreatmentLine(agents=agents, start=date(2020, 2, 1), intent=Intent.FRONTLINE)
        assert caught.value.problems[0].path == "agents"

    def test_end_before_start_is_a_chronology_error(self) -> None:
        """An end one day before the start is refused at 'end'."""
        with pytest.raises(ChronologyError) as caught:
            TreatmentLine(
                regimen="FLAG-IDA",
                start=date(2021, 3, 2),
                end=date(2021, 3, 1),
                intent=Intent.FRONTLINE,
            )
        assert _problems(caught.value) == [("end", "is before start")]

    @pytest.mark.parametrize("end", [date(2021, 3, 2), date(2021, 3, 3), None])
    def test_end_on_or_after_start_accepted(self, end: date | None) -> None:
        """A one-day line, a longer line and an ongoing line are fine."""
        assert (
            TreatmentLine(
                regimen="FLAG-IDA", start=date(2021, 3, 2), end=end, intent=Intent.FRONTLINE
            ).end
            == end
        )

    def test_contains(self) -> None:
        """contains() tells whether an agent was part of the line."""
        line = TreatmentLine(
            agents=(Agent.INOTUZUMAB_OZOGAMICIN, Agent.VINCRISTINE),
            start=date(2020, 2, 1),
            intent=Intent.FRONTLINE,
        )
        assert line.contains(Agent.INOTUZUMAB_OZOGAMICIN)
        assert not line.contains(Agent.BLINATUMOMAB)


class TestBestResponse:
    """Remission and failure categories (the response sets of decision-2)."""

    @pytest.mark.parametrize(
        ("response", "remission", "failure"),
        [
            (BestResponse.CR, True, False),
            (BestResponse.CRH, True, False),
            (BestResponse.CRI, True, False),
            (BestResponse.PR, False, True),
            (BestResponse.NO_RESPONSE, False, True),
            (BestResponse.PROGRESSIVE_DISEASE, False, True),
            (BestResponse.NOT_EVALUABLE, False, False),
        ],
    )
    def test_categories(self, response: BestResponse, remission: bool, failure: bool) -> None:
        """CR, CRh and CRi are remissions; PR is a failure; not evaluable is neither."""
        assert response.is_remission is remission
        assert response.is_failure is failure


class TestRelapse:
    """A dated relapse and the consistency of its site with its extramedullary sites."""

    @pytest.mark.parametrize(
        ("site", "sites"),
        [
            (RelapseSite.MARROW, ()),
            (RelapseSite.MARROW, (EMS.CNS, EMS.TESTES)),
            (RelapseSite.ISOLATED_CNS, ()),
            (RelapseSite.ISOLATED_CNS, (EMS.CNS,)),
            (RelapseSite.ISOLATED_EXTRAMEDULLARY, (EMS.TESTES,)),
            (RelapseSite.ISOLATED_EXTRAMEDULLARY, (EMS.CNS, EMS.TESTES)),
            (None, (EMS.SKIN,)),
        ],
    )
    def test_consistent_sites_accepted(
        self, site: RelapseSite | None, sites: tuple[ExtramedullarySite, ...]
    ) -> None:
        """Marrow relapses may involve any site; isolated relapses name theirs."""
        assert Relapse(date=DIAGNOSIS, site=site, extramedullary_sites=sites).site is site

    def test_isolated_cns_with_another_site_refused(self) -> None:
        """An isolated CNS relapse cannot also involve the testes."""
        with pytest.raises(ValidationError) as caught:
            Relapse(
                date=DIAGNOSIS,
                site=RelapseSite.ISOLATED_CNS,
                extramedullary_sites=(EMS.CNS, EMS.TESTES),
            )
        assert _problems(caught.value) == [
            (
                "extramedullary_sites",
                "lists sites other than the CNS for an isolated CNS relapse",
            )
        ]

    def test_isolated_extramedullary_in_the_cns_only_refused(self) -> None:
        """An extramedullary relapse confined to the CNS must be called isolated CNS."""
        with pytest.raises(ValidationError) as caught:
            Relapse(
                date=DIAGNOSIS,
                site=RelapseSite.ISOLATED_EXTRAMEDULLARY,
                extramedullary_sites=(EMS.CNS,),
            )
        assert [p.path for p in caught.value.problems] == ["site"]

    def test_repeated_site_refused(self) -> None:
        """A site listed twice is refused."""
        with pytest.raises(ValidationError, match="must not repeat a site"):
            Relapse(date=DIAGNOSIS, extramedullary_sites=(EMS.SKIN, EMS.SKIN))


class TestTransplant:
    """Donor details belong to allogeneic transplants only."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [("donor_type", DonorType.MATCHED_UNRELATED), ("donor_cmv", Serostatus.NEGATIVE)],
    )
    def test_autologous_with_donor_field_refused(self, field: str, value: Any) -> None:
        """An autologous transplant has no donor: a donor field is refused by name."""
        kwargs: dict[str, Any] = {field: value}
        with pytest.raises(ValidationError) as caught:
            Transplant(kind=TransplantKind.AUTOLOGOUS, date=DIAGNOSIS, **kwargs)
        assert _problems(caught.value) == [(field, "is given for an autologous transplant")]

    def test_autologous_without_donor_accepted(self) -> None:
        """An autologous transplant alone is fine."""
        transplant = Transplant(kind=TransplantKind.AUTOLOGOUS, date=DIAGNOSIS)
        assert transplant.donor_type is None

    def test_allogeneic_with_donor_accepted(self) -> None:
        """An allogeneic transplant records donor type and CMV status."""
        transplant = Transplant(
            kind=TransplantKind.ALLOGENEIC,
            date=DIAGNOSIS,
            donor_type=DonorType.HAPLOIDENTICAL,
            donor_cmv=Serostatus.POSITIVE,
        )
        assert transplant.donor_cmv is Serostatus.POSITIVE


class TestCourseConsistency:
    """Donor identification and the order of dates against the diagnosis."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [("donor_type", DonorType.MATCHED_SIBLING), ("donor_cmv", Serostatus.POSITIVE)],
    )
    def test_no_donor_but_donor_details_refused(self, field: str, value: Any) -> None:
        """donor_identified false contradicts a donor type or CMV status."""
        kwargs: dict[str, Any] = {field: value}
        with pytest.raises(ValidationError) as caught:
            Course(donor_identified=False, **kwargs)
        assert _problems(caught.value) == [
            ("donor_identified", "is false but a donor type or CMV status is given")
        ]

    @pytest.mark.parametrize("identified", [True, None])
    def test_donor_details_with_donor_identified_or_unknown(self, identified: bool | None) -> None:
        """Donor details are fine when a donor is identified or that is not recorded."""
        course = Course(donor_identified=identified, donor_type=DonorType.MATCHED_SIBLING)
        assert course.donor_type is DonorType.MATCHED_SIBLING

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            (
                {
                    "treatment_lines": (
                        TreatmentLine(regimen="x", start=date(2020, 1, 9), intent=Intent.FRONTLINE),
                    )
                },
                "treatment_lines[0].start",
            ),
            (
                {"remissions": (Remission(kind=RemissionKind.CR, date=date(2020, 1, 9)),)},
                "remissions[0].date",
            ),
            ({"relapses": (Relapse(date=date(2020, 1, 9)),)}, "relapses[0].date"),
            (
                {
                    "transplants": (
                        Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2020, 1, 9)),
                    )
                },
                "transplants[0].date",
            ),
        ],
    )
    def test_date_before_diagnosis_is_a_chronology_error(
        self, kwargs: dict[str, Any], path: str
    ) -> None:
        """Any event the day before diagnosis is refused with its path."""
        with pytest.raises(ChronologyError) as caught:
            Course(diagnosis_date=DIAGNOSIS, **kwargs)
        assert _problems(caught.value) == [(path, "is before the diagnosis date")]

    def test_every_early_date_is_listed(self) -> None:
        """Several early events are reported together, with their indices."""
        relapses = (Relapse(date=date(2021, 5, 1)), Relapse(date=date(2019, 5, 1)))
        with pytest.raises(ChronologyError) as caught:
            Course(
                diagnosis_date=DIAGNOSIS,
                treatment_lines=(
                    TreatmentLine(regimen="x", start=date(2019, 12, 1), intent=Intent.FRONTLINE),
                ),
                relapses=relapses,
            )
        assert [p.path for p in caught.value.problems] == [
            "treatment_lines[0].start",
            "relapses[1].date",
        ]

    @pytest.mark.parametrize("when", [date(2020, 1, 10), date(2020, 1, 11)])
    def test_events_on_or_after_diagnosis_accepted(self, when: date) -> None:
        """An event on the diagnosis date or later is in order."""
        course = Course(diagnosis_date=DIAGNOSIS, relapses=(Relapse(date=when),))
        assert course.relapses[0].date == when

    def test_no_diagnosis_date_no_order_check(self) -> None:
        """Without a diagnosis date, early events cannot be judged."""
        assert Course(relapses=(Relapse(date=date(1990, 1, 1)),)).diagnosis_date is None


class TestRemissionRecorded:
    """A line whose best response is a remission needs that remission recorded."""

    @pytest.mark.parametrize("response", [BestResponse.CR, BestResponse.CRH, BestResponse.CRI])
    def test_remission_response_without_remission_refused(self, response: BestResponse) -> None:
        """A line reaching CR, CRh or CRi with no remission recorded is refused at the line."""
        line = TreatmentLine(
            regimen="x", start=date(2020, 2, 1), best_response=response, intent=Intent.FRONTLINE
        )
        with pytest.raises(ValidationError) as caught:
            Course(treatment_lines=(line,))
        assert [p.path for p in caught.value.problems] == ["treatment_lines[0].best_response"]

    def test_remission_recorded_accepted(self) -> None:
        """With the remission recorded, the line's response is consistent."""
        line = TreatmentLine(
            regimen="x",
            start=date(2020, 2, 1),
            best_response=BestResponse.CR,
            intent=Intent.FRONTLINE,
        )
        remission = Remission(kind=RemissionKind.CR, date=date(2020, 3, 1))
        assert Course(treatment_lines=(line,), remissions=(remission,)).remissions == (remission,)

    def test_failure_needs_no_remission(self) -> None:
        """A line without remission needs no remission record."""
        line = TreatmentLine(
            regimen="x",
            best_response=BestResponse.NO_RESPONSE,
            start=date(2020, 2, 1),
            intent=Intent.FRONTLINE,
        )
        assert Course(treatment_lines=(line,)).remissions == ()


class TestRelapseNeedsRemission:
    """A relapse is the loss of a remission: each needs a remission recorded before it."""

    def test_relapse_without_any_remission_in_a_complete_history_refused(self) -> None:
        """Regression (fuzzing): a relapse with no remission opened relapse-only options."""
        with pytest.raises(ValidationError) as caught:
            Course(relapses=(Relapse(date=date(2021, 1, 5)),), history_complete=True)
        assert type(caught.value) is ValidationError
        assert _problems(caught.value) == [
            (
                "relapses[0]",
                "is recorded but no remission is, in a complete history (a relapse is the loss"
                " of a remission)",
            )
        ]

    def test_every_relapse_without_remission_listed(self) -> None:
        """Every relapse is named when no remission is recorded in a complete history."""
        with pytest.raises(ValidationError) as caught:
            Course(
                relapses=(Relapse(date=date(2021, 1, 5)), Relapse(date=date(2022, 1, 5))),
                history_complete=True,
            )
        assert [p.path for p in caught.value.problems] == ["relapses[0]", "relapses[1]"]

    @pytest.mark.parametrize("complete", [None, False])
    def test_incomplete_record_keeps_its_relapse(self, complete: bool | None) -> None:
        """Without a complete history, no remission recorded means one not recorded."""
        course = Course(relapses=(Relapse(date=date(2021, 1, 5)),), history_complete=complete)
        assert len(course.relapses) == 1

    @pytest.mark.parametrize(
        ("relapse", "refused"),
        [
            (date(2020, 3, 1), True),  # on the day of the only remission: not after it
            (date(2020, 2, 29), True),  # the day before
            (date(2020, 3, 2), False),  # the day after
        ],
    )
    def test_relapse_must_follow_a_remission(self, relapse: date, refused: bool) -> None:
        """In a complete history, a relapse on or before the first remission is refused."""
        remission = Remission(kind=RemissionKind.CR, date=date(2020, 3, 1))
        kwargs: dict[str, Any] = {
            "remissions": (remission,),
            "relapses": (Relapse(date=relapse),),
            "history_complete": True,
        }
        if not refused:
            assert Course(**kwargs).relapses[0].date == relapse
            return
        with pytest.raises(ChronologyError) as caught:
            Course(**kwargs)
        assert _problems(caught.value) == [
            ("relapses[0].date", "is not after any recorded remission, in a complete history")
        ]

    @pytest.mark.parametrize("complete", [None, False])
    def test_incomplete_history_may_lack_the_first_remission(self, complete: bool | None) -> None:
        """Without a complete history, a relapse before the first recorded remission stays."""
        course = Course(
            remissions=(Remission(kind=RemissionKind.CR, date=date(2020, 3, 1)),),
            relapses=(Relapse(date=date(2020, 1, 5)),),
            history_complete=complete,
        )
        assert course.relapses[0].date == date(2020, 1, 5)

    def test_any_earlier_remission_suffices(self) -> None:
        """Two relapses after one remission are accepted (the rule needs one before each)."""
        course = Course(
            remissions=(Remission(kind=RemissionKind.CR, date=date(2020, 3, 1)),),
            relapses=(Relapse(date=date(2022, 1, 5)), Relapse(date=date(2021, 1, 5))),
            history_complete=True,
        )
        assert len(course.relapses) == 2

    def test_remissions_without_relapse_accepted(self) -> None:
        """Remissions need no relapse."""
        remission = Remission(kind=RemissionKind.CR, date=date(2020, 3, 1))
        assert Course(remissions=(remission,), history_complete=True).relapses == ()


class TestCourseQueries:
    """Events on or before a date, in order."""

    def test_dated_fields_lists_every_date_with_its_path(self) -> None:
        """Every recorded date is listed once, with its path."""
        course = Course(
            diagnosis_date=DIAGNOSIS,
            treatment_lines=(
                TreatmentLine(
                    regimen="a",
                    start=date(2020, 1, 15),
                    end=date(2020, 6, 30),
                    intent=Intent.FRONTLINE,
                ),
            ),
            remissions=(Remission(kind=RemissionKind.CR, date=date(2020, 2, 20)),),
            relapses=(Relapse(date=date(2021, 1, 5)),),
            transplants=(Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2021, 4, 1)),),
        )
        assert list(course.dated_fields()) == [
            ("diagnosis_date", DIAGNOSIS),
            ("treatment_lines[0].start", date(2020, 1, 15)),
            ("treatment_lines[0].end", date(2020, 6, 30)),
            ("remissions[0].date", date(2020, 2, 20)),
            ("relapses[0].date", date(2021, 1, 5)),
            ("transplants[0].date", date(2021, 4, 1)),
        ]

    def test_lines_started_by_sorts_by_start(self) -> None:
        """Lines by start (inclusive of as_of), listing order on ties; later ones left out."""
        second = TreatmentLine(regimen="second", start=date(2021, 2, 1), intent=Intent.SALVAGE)
        tie = TreatmentLine(regimen="tie", start=date(2021, 2, 1), intent=Intent.SALVAGE)
        first = TreatmentLine(regimen="first", start=date(2020, 1, 15), intent=Intent.FRONTLINE)
        later = TreatmentLine(regimen="later", start=date(2021, 2, 2), intent=Intent.SALVAGE)
        course = Course(treatment_lines=(later, second, first, tie))
        assert course.lines_started_by(as_of=date(2021, 2, 1)) == (first, second, tie)

    @pytest.mark.parametrize(
        ("end", "running"),
        [(date(2021, 2, 28), False), (date(2021, 3, 1), False), (date(2021, 3, 2), True)],
        ids=["ended-before", "ends-on-as-of", "ends-after"],
    )
    def test_a_line_ending_after_as_of_is_ongoing_on_as_of(self, end: date, running: bool) -> None:
        """A line ending after as_of reads as ongoing on as_of, its outcome and cycles
        unknown (second clinical audit, _FUTURE_LINE); one ending on or before it is kept."""
        salvage = TreatmentLine(
            agents=(Agent.CYTARABINE,),
            start=date(2021, 2, 1),
            end=end,
            intent=Intent.SALVAGE,
            best_response=BestResponse.NO_RESPONSE,
            stop_reason=StopReason.RESISTANCE,
            intensive=True,
            cycles=2,
        )
        (read,) = Course(treatment_lines=(salvage,)).lines_started_by(as_of=date(2021, 3, 1))
        if not running:
            assert read is salvage
            return
        assert read == TreatmentLine(
            agents=(Agent.CYTARABINE,),
            start=date(2021, 2, 1),
            intent=Intent.SALVAGE,
            stop_reason=StopReason.ONGOING,
            intensive=True,
        )
        assert read.ongoing
        assert salvage.as_it_stood(as_of=end) is salvage

    def test_a_line_with_an_unknown_end_is_kept(self) -> None:
        """A line without an end date is read as recorded (its end is unknown, not after
        as_of)."""
        salvage = TreatmentLine(
            agents=(Agent.CYTARABINE,),
            start=date(2021, 2, 1),
            intent=Intent.SALVAGE,
            best_response=BestResponse.NO_RESPONSE,
        )
        course = Course(treatment_lines=(salvage,))
        assert course.lines_started_by(as_of=date(2021, 2, 1)) == (salvage,)

    def test_events_by_are_sorted_and_inclusive(self) -> None:
        """Remissions, relapses and transplants on or before as_of, oldest first."""
        relapse_a = Relapse(date=date(2021, 1, 5))
        relapse_b = Relapse(date=date(2022, 1, 5))
        relapse_c = Relapse(date=date(2022, 1, 6))
        remission_a = Remission(kind=RemissionKind.CR, date=date(2020, 3, 1))
        remission_b = Remission(kind=RemissionKind.CRH, date=date(2021, 4, 1))
        transplant = Transplant(kind=TransplantKind.ALLOGENEIC, date=date(2021, 6, 1))
        course = Course(
            relapses=(relapse_c, relapse_b, relapse_a),
            remissions=(remission_b, remission_a),
            transplants=(transplant,),
        )
        as_of = date(2022, 1, 5)
        assert course.relapses_by(as_of=as_of) == (relapse_a, relapse_b)
        assert course.remissions_by(as_of=as_of) == (remission_a, remission_b)
        assert course.transplants_by(as_of=as_of) == (transplant,)
        assert course.transplants_by(as_of=date(2021, 5, 31)) == ()
