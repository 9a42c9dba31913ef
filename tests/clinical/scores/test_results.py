"""The score result objects, the calling convention, the published band tables, input
ranges, properties over generated inputs and the docstring examples."""

from __future__ import annotations

import doctest
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import allmodel.clinical.scores
from allmodel.clinical.scores import (
    PRETRANSPLANT_BANDS,
    PRETRANSPLANT_TIMING_POINTS,
    SECOND_SALVAGE_BANDS,
    PretransplantInputs,
    RelapseTiming,
    ScoreComponent,
    ScoreResult,
    SecondSalvageInputs,
    pretransplant_score,
    prognostic_factors,
    second_salvage_factors,
)
from allmodel.errors import ValidationError
from allmodel.measures import CountConcentration, MassConcentration
from allmodel.model import (
    Analyte,
    BestResponse,
    Course,
    Intent,
    Patient,
    Relapse,
    RelapseSite,
    Remission,
    RemissionKind,
    Serostatus,
    Transplant,
    TransplantKind,
    TreatmentLine,
)
from tests import strategies as gen
from tests.clinical.scores.inputs import AS_OF, BORN, DIAGNOSIS, SECOND_OR_LATER, pre, small_patient

# --- the result objects and the calling convention ----------------------------------------


class TestScoreResult:
    """The result object: derived fields, lookups and text."""

    def test_component_rejects_out_of_range_possible_points(self) -> None:
        """A possible range beyond the component's maximum is an error."""
        with pytest.raises(ValidationError, match="possible_points"):
            ScoreComponent(
                name="x", points=None, observed=None, rule="r", max_points=1, possible_points=(0, 2)
            )

    def test_known_component_range_is_its_points(self) -> None:
        """A known component may only have (points, points) as its range."""
        with pytest.raises(ValidationError, match="possible_points"):
            ScoreComponent(
                name="x", points=1, observed="o", rule="r", max_points=2, possible_points=(0, 2)
            )

    def test_unknown_component_lookup_raises(self) -> None:
        """Asking for a component the score lacks raises KeyError."""
        with pytest.raises(KeyError):
            pre().component("ldh")

    def test_text_shows_total_band_and_source(self) -> None:
        """str() gives the total, the band, each component and the citation."""
        text = str(pre(SECOND_OR_LATER, Serostatus.POSITIVE, 30.0, 40))
        assert text.startswith("pretransplant_score: 6 of 6; 3-year overall survival 10 %")
        assert "source: review-ref-62" in text
        assert "age_years: 2 (40 years;" in text

    def test_partial_text_shows_the_range(self) -> None:
        """str() of a partial score shows the range and no band."""
        assert str(pre(age=None)).startswith(
            "pretransplant_score: 1-3 of 6 (partial); band undetermined"
        )

    def test_results_are_frozen(self) -> None:
        """A result cannot be changed."""
        result = pre()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.total = 3  # type: ignore[misc]


class TestCalling:
    """One function per score, for inputs or for a patient and a date."""

    def test_patient_needs_as_of(self) -> None:
        """A patient without as_of is a TypeError."""
        with pytest.raises(TypeError, match="as_of"):
            pretransplant_score(small_patient())  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="as_of"):
            second_salvage_factors(small_patient())  # type: ignore[call-overload]

    def test_inputs_take_no_as_of(self) -> None:
        """Explicit inputs with as_of is a TypeError."""
        with pytest.raises(TypeError, match="as_of"):
            pretransplant_score(PretransplantInputs(), as_of=AS_OF)  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="as_of"):
            second_salvage_factors(SecondSalvageInputs(), as_of=AS_OF)  # type: ignore[call-overload]

    def test_other_sources_rejected(self) -> None:
        """Anything but inputs or a patient is a TypeError."""
        with pytest.raises(TypeError, match="PretransplantInputs"):
            pretransplant_score(SecondSalvageInputs())  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="SecondSalvageInputs"):
            second_salvage_factors(PretransplantInputs())  # type: ignore[call-overload]


class TestPublishedTables:
    """The band tables as the review prints them (public constants)."""

    def test_pretransplant_bands(self) -> None:
        """0-1, 2 and 3-6 points (3 read as 3 or more)."""
        assert [(b.lowest, b.highest) for b in PRETRANSPLANT_BANDS] == [(0, 1), (2, 2), (3, 6)]

    def test_second_salvage_bands(self) -> None:
        """0-1, 2, 3 and 4 factors."""
        assert [(b.lowest, b.highest) for b in SECOND_SALVAGE_BANDS] == [
            (0, 1),
            (2, 2),
            (3, 3),
            (4, 4),
        ]


class TestInputRanges:
    """Inputs at the ends of their ranges."""

    @pytest.mark.parametrize("blasts", [0.0, 100.0])
    def test_blasts_0_and_100_accepted(self, blasts: float) -> None:
        """Marrow blasts of 0 and 100 % are valid inputs of both scores."""
        assert PretransplantInputs(marrow_blasts_percent=blasts).marrow_blasts_percent == blasts
        assert SecondSalvageInputs(marrow_blasts_percent=blasts).marrow_blasts_percent == blasts

    @pytest.mark.parametrize("blasts", [-0.5, 100.5])
    def test_blasts_outside_0_to_100_rejected(self, blasts: float) -> None:
        """Marrow blasts below 0 or above 100 % are rejected by both scores."""
        with pytest.raises(ValidationError, match="marrow_blasts_percent"):
            PretransplantInputs(marrow_blasts_percent=blasts)
        with pytest.raises(ValidationError, match="marrow_blasts_percent"):
            SecondSalvageInputs(marrow_blasts_percent=blasts)

    def test_zero_counts_accepted(self) -> None:
        """Platelets and albumin of 0 are valid (and adverse)."""
        inputs = SecondSalvageInputs(
            platelets=CountConcentration(0, "10^9/L"), albumin=MassConcentration(0, "g/dL")
        )
        assert [c.points for c in second_salvage_factors(inputs).components[2:]] == [1, 1]

    @pytest.mark.parametrize(
        "changes",
        [
            {"platelets": CountConcentration(-0.5, "10^9/L")},
            {"albumin": MassConcentration(-0.5, "g/dL")},
        ],
    )
    def test_negative_counts_rejected(self, changes: dict[str, Any]) -> None:
        """A negative platelet count or albumin is rejected."""
        with pytest.raises(ValidationError, match=next(iter(changes))):
            SecondSalvageInputs(**changes)

    def test_negative_possible_points_rejected(self) -> None:
        """A component's possible points may not start below 0."""
        with pytest.raises(ValidationError, match="possible_points"):
            ScoreComponent(
                name="x",
                points=None,
                observed=None,
                rule="r",
                max_points=1,
                possible_points=(-1, 0),
            )


class TestResultHtml:
    """The notebook view of a result."""

    def test_full_result(self) -> None:
        """A complete score shows its total and band."""
        html = pre(SECOND_OR_LATER, Serostatus.POSITIVE, 30.0, 40)._repr_html_()
        assert "pretransplant_score: 6 of 6; 3-year overall survival 10 %" in html
        assert "<td>40 years</td>" in html
        assert "unknown" not in html

    def test_partial_result(self) -> None:
        """A partial score shows its range, no band, and unknown inputs as unknown."""
        html = pre(age=None)._repr_html_()
        assert "pretransplant_score: 1-3 of 6 (partial); band undetermined" in html
        assert "<td>unknown</td>" in html


# --- properties ----------------------------------------------------------------------------

_TIMING_ORDER = sorted(RelapseTiming, key=lambda t: PRETRANSPLANT_TIMING_POINTS[t])
_BLASTS = st.floats(min_value=0, max_value=100)
_AGES = st.integers(min_value=0, max_value=120)

pretransplant_inputs = st.builds(
    PretransplantInputs,
    relapse_timing=gen.optional(st.sampled_from(RelapseTiming)),
    donor_cmv=gen.optional(st.sampled_from(Serostatus)),
    marrow_blasts_percent=gen.optional(_BLASTS),
    age_years=gen.optional(_AGES),
)
_PLATELET_VALUES = st.floats(min_value=0, max_value=2000)
_ALBUMIN_VALUES = st.floats(min_value=0, max_value=10)
second_salvage_inputs = st.builds(
    SecondSalvageInputs,
    cr1_months=gen.optional(st.floats(min_value=0, max_value=600)),
    marrow_blasts_percent=gen.optional(_BLASTS),
    platelets=gen.optional(_PLATELET_VALUES.map(lambda v: CountConcentration(v, "10^9/L"))),
    albumin=gen.optional(_ALBUMIN_VALUES.map(lambda v: MassConcentration(v, "g/dL"))),
)


@st.composite
def score_patients(draw: st.DrawFn) -> Patient:
    """Records with the events and results the scores read, dated after DIAGNOSIS."""
    days = gen.dates(DIAGNOSIS, DIAGNOSIS + timedelta(days=3000))
    remissions = draw(st.lists(days, max_size=3))
    # a line may only report a remission when one is recorded (Course enforces it)
    responses = [r for r in BestResponse if remissions or not r.is_remission]
    lines = st.builds(
        TreatmentLine,
        regimen=st.just("regimen"),
        start=days,
        intent=st.sampled_from(Intent),
        best_response=gen.optional(st.sampled_from(responses)),
    )
    relapses = st.builds(Relapse, date=days, site=gen.optional(st.sampled_from(RelapseSite)))
    analytes = st.sampled_from([Analyte.MARROW_BLASTS, Analyte.PLATELETS, Analyte.ALBUMIN])
    complete = draw(gen.optional(st.booleans()))
    drawn = draw(st.lists(relapses, max_size=3))
    if complete is True:  # a complete history records a remission before each relapse
        first = min(remissions, default=None)
        drawn = [] if first is None else [r for r in drawn if r.date > first]
    course = Course(
        diagnosis_date=draw(st.sampled_from([DIAGNOSIS, None])),
        treatment_lines=tuple(draw(st.lists(lines, max_size=4))),
        remissions=tuple(Remission(kind=RemissionKind.CR, date=when) for when in remissions),
        relapses=tuple(drawn),
        transplants=tuple(
            draw(
                st.lists(
                    st.builds(Transplant, kind=st.sampled_from(TransplantKind), date=days),
                    max_size=2,
                )
            )
        ),
        history_complete=complete,
        donor_cmv=draw(gen.optional(st.sampled_from(Serostatus))),
    )
    return Patient(
        date_of_birth=draw(st.sampled_from([BORN, None])),
        course=course,
        labs=tuple(draw(st.lists(gen.lab_results(days, analytes), max_size=4))),
    )


def _no_lower(before: ScoreResult, after: ScoreResult) -> bool:
    """Whether ``after`` is nowhere lower than ``before``: range ends and known totals."""
    if after.total_range[0] < before.total_range[0] or after.total_range[1] < before.total_range[1]:
        return False
    return before.total is None or after.total is None or after.total >= before.total


class TestProperties:
    """Invariants over generated inputs."""

    @given(pretransplant_inputs, st.data())
    def test_pretransplant_monotone_in_each_component(
        self, inputs: PretransplantInputs, data: st.DataObject
    ) -> None:
        """Worse timing, a positive donor, more blasts or older age never lower the score."""
        low_t, high_t = sorted(
            data.draw(st.lists(st.sampled_from(_TIMING_ORDER), min_size=2, max_size=2)),
            key=_TIMING_ORDER.index,
        )
        low_b, high_b = sorted(data.draw(st.lists(_BLASTS, min_size=2, max_size=2)))
        low_a, high_a = sorted(data.draw(st.lists(_AGES, min_size=2, max_size=2)))
        pairs: list[tuple[dict[str, Any], dict[str, Any]]] = [
            ({"relapse_timing": low_t}, {"relapse_timing": high_t}),
            ({"donor_cmv": Serostatus.NEGATIVE}, {"donor_cmv": Serostatus.POSITIVE}),
            ({"marrow_blasts_percent": low_b}, {"marrow_blasts_percent": high_b}),
            ({"age_years": low_a}, {"age_years": high_a}),
        ]
        for worse_not, worse in pairs:
            before = pretransplant_score(attrs.evolve(inputs, **worse_not))
            after = pretransplant_score(attrs.evolve(inputs, **worse))
            assert _no_lower(before, after)

    @given(second_salvage_inputs, st.data())
    def test_second_salvage_monotone_in_each_factor(
        self, inputs: SecondSalvageInputs, data: st.DataObject
    ) -> None:
        """Shorter CR1, more blasts, fewer platelets or less albumin never lower the count."""

        def pair(values: st.SearchStrategy[float]) -> list[float]:
            return sorted(data.draw(st.lists(values, min_size=2, max_size=2)))

        short, long = pair(st.floats(min_value=0, max_value=600))
        few_b, many_b = pair(_BLASTS)
        few_p, many_p = pair(_PLATELET_VALUES)
        little_a, much_a = pair(_ALBUMIN_VALUES)
        pairs: list[tuple[dict[str, Any], dict[str, Any]]] = [
            ({"cr1_months": long}, {"cr1_months": short}),
            ({"marrow_blasts_percent": few_b}, {"marrow_blasts_percent": many_b}),
            (
                {"platelets": CountConcentration(many_p, "/uL")},
                {"platelets": CountConcentration(few_p, "/uL")},
            ),
            (
                {"albumin": MassConcentration(much_a, "g/L")},
                {"albumin": MassConcentration(little_a, "g/L")},
            ),
        ]
        for better, worse in pairs:
            before = second_salvage_factors(attrs.evolve(inputs, **better))
            after = second_salvage_factors(attrs.evolve(inputs, **worse))
            assert _no_lower(before, after)

    @given(
        second_salvage_inputs,
        st.integers(min_value=0, max_value=2_000_000),
        st.floats(min_value=0, max_value=10),
    )
    def test_unit_equivalent_inputs_give_equal_results(
        self, inputs: SecondSalvageInputs, per_microliter: int, grams_per_deciliter: float
    ) -> None:
        """n /uL equals n/1000 x10^9/L, and v g/dL equals 10v g/L: the results are equal."""
        conventional = attrs.evolve(
            inputs,
            platelets=CountConcentration(per_microliter, "/uL"),
            albumin=MassConcentration(grams_per_deciliter, "g/dL"),
        )
        si = attrs.evolve(
            inputs,
            platelets=CountConcentration(per_microliter / 1000, "10^9/L"),
            albumin=MassConcentration(grams_per_deciliter * 10, "g/L"),
        )
        assert second_salvage_factors(conventional) == second_salvage_factors(si)

    @given(pretransplant_inputs, pretransplant_inputs)
    def test_filling_in_unknowns_stays_in_the_range(
        self, partial: PretransplantInputs, complete: PretransplantInputs
    ) -> None:
        """Knowing more never moves the total outside the range reported before."""
        filled = attrs.evolve(
            partial,
            **{
                name: getattr(complete, name)
                for name in ("relapse_timing", "donor_cmv", "marrow_blasts_percent", "age_years")
                if getattr(partial, name) is None
            },
        )
        before = pretransplant_score(partial)
        after = pretransplant_score(filled)
        assert before.total_range[0] <= after.total_range[0]
        assert after.total_range[1] <= before.total_range[1]
        if before.band is not None and after.band is not None:
            assert before.band == after.band

    @given(pretransplant_inputs)
    def test_band_known_exactly_when_range_in_one_band(self, inputs: PretransplantInputs) -> None:
        """A band is given exactly when both ends of the range share one."""
        result = pretransplant_score(inputs)
        low, high = (result.band_for(end) for end in result.total_range)
        assert low is not None
        assert high is not None
        assert (result.band is not None) == (low == high)
        assert (result.total is not None) == (result.unknown == ())

    @settings(max_examples=60, deadline=None)
    @given(score_patients(), gen.dates(DIAGNOSIS, DIAGNOSIS + timedelta(days=3000)))
    def test_any_patient_gives_a_well_formed_result(self, patient: Patient, as_of: date) -> None:
        """Every valid record scores without error and within each score's bounds."""
        for result in (
            pretransplant_score(patient, as_of=as_of),
            second_salvage_factors(patient, as_of=as_of),
        ):
            assert 0 <= result.total_range[0] <= result.total_range[1] <= result.maximum
            assert all(c.known or c.decided_by for c in result.components)
        factors = prognostic_factors(patient, as_of=as_of)
        assert all(f.value is not None or f.decided_by for f in factors)


class TestDoctests:
    """The worked examples in the docstrings run."""

    def test_module_doctests_pass(self) -> None:
        """doctest.testmod(allmodel.clinical.scores) runs the examples without failure."""
        outcome = doctest.testmod(allmodel.clinical.scores)
        assert outcome.attempted > 0
        assert outcome.failed == 0
