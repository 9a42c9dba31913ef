"""The response result: the remission it documents, its fields and citations, and
properties over generated assessments (decided categories are sound, missing inputs named)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allmodel.clinical.response import (
    ResponseAssessment,
    ResponseCategory,
    ResponseCriteria,
    ResponseResult,
    classify_response,
)
from allmodel.measures import CountConcentration
from allmodel.model import Remission, RemissionKind
from tests.clinical.response.assessments import (
    BLIN,
    CIBMTR,
    CR,
    CRH,
    CRI,
    DAY,
    EARLIER,
    FULL,
    NO_RESPONSE,
    UNKNOWN,
    assessment,
    g,
)


class TestRemissionProperty:
    @pytest.mark.parametrize(
        ("criteria", "changes", "kind"),
        [
            (BLIN, {}, RemissionKind.CR),
            (BLIN, {"platelets": g(60.0)}, RemissionKind.CRH),
            (BLIN, {"platelets": g(30.0)}, RemissionKind.CRI),
            (CIBMTR, {"platelets": g(60.0)}, RemissionKind.CRI),
        ],
        ids=["CR", "CRh", "blin-CRi", "cibmtr-CRi"],
    )
    def test_remission(
        self, criteria: ResponseCriteria, changes: dict[str, Any], kind: RemissionKind
    ) -> None:
        """CR, CRh and CRi document a Remission of that kind on the assessment date."""
        result = classify_response(assessment(**changes), criteria=criteria, in_remission=False)
        assert result.remission == Remission(kind=kind, date=DAY)

    @pytest.mark.parametrize(
        "changes",
        [{"marrow_blasts_percent": 40.0}, {"platelets": g(10.0), "anc": g(0.2)}],
        ids=["no_response", "unclassified"],
    )
    def test_no_remission(self, changes: dict[str, Any]) -> None:
        """Other categories document no remission."""
        assert classify_response(assessment(**changes), in_remission=False).remission is None

    def test_category_flag(self) -> None:
        """Only CR, CRh and CRi are remission categories."""
        assert {c for c in ResponseCategory if c.is_remission} == {CR, CRH, CRI}


class TestResult:
    def test_fields(self) -> None:
        """A result carries the set name, date, reasons and the set's citation."""
        result = classify_response(FULL, criteria=CIBMTR, in_remission=False)
        assert result == ResponseResult(
            category=CR,
            criteria="cibmtr_2010",
            date=DAY,
            reasons=(
                "not in remission before this assessment",
                "marrow blasts 2 % < 5 %",
                "no circulating blasts",
                "no extramedullary disease",
                "platelets 150 x10^9/L >= 100 x10^9/L (CR)",
                "ANC 2 x10^9/L >= 1 x10^9/L (CR)",
            ),
            citations=CIBMTR.citations,
        )

    def test_result_is_frozen(self) -> None:
        """A result cannot be changed in place."""
        result = classify_response(FULL, in_remission=False)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.category = NO_RESPONSE  # type: ignore[misc]

    def test_no_response_cites_review(self) -> None:
        """Refractory disease cites the set and, after it, the review's definition."""
        result = classify_response(assessment(marrow_blasts_percent=40.0), in_remission=False)
        assert result.citations == (
            *BLIN.citations,
            "review-definitions-of-relapse-and-refractory-disease",
        )


# --- properties ---------------------------------------------------------------------------


def _either(
    first: st.SearchStrategy[Any], second: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """Each strategy half of the time (``one_of`` would flatten nested branches)."""
    return st.booleans().flatmap(lambda pick: first if pick else second)


_PERCENTS = _either(
    st.sampled_from([0.0, 3.0, 4.99, 5.0, 5.01, 25.0, 40.0, 50.0, 100.0]), st.floats(0, 100)
)
_MARROW = _either(st.sampled_from([0.0, 2.0, 4.99, 5.0, 5.01]), _PERCENTS)
_BLOOD = _either(st.just(0.0), _PERCENTS)
_COUNTS = _either(
    st.builds(
        CountConcentration,
        st.sampled_from([0.0, 0.49, 0.5, 0.51, 1.0, 1.01, 10.0, 50.0, 50.1, 100.0, 100.1, 150.0]),
        st.just("10^9/L"),
    ),
    _either(
        st.builds(CountConcentration, st.floats(0, 500), st.just("10^9/L")),
        st.builds(CountConcentration, st.floats(0, 500_000), st.just("/uL")),
    ),
)
FILLERS: dict[str, st.SearchStrategy[Any]] = {
    "marrow_blasts_percent": _MARROW,
    "blood_blasts_percent": _BLOOD,
    "wbc": _COUNTS,
    "extramedullary_disease": _either(st.just(False), st.booleans()),
    "anc": _COUNTS,
    "platelets": _COUNTS,
    "marrow_cellularity_percent": _PERCENTS,
}


@st.composite
def _assessments(draw: st.DrawFn, day: date) -> ResponseAssessment:
    """A complete assessment with a random set of fields (often none) removed."""
    values = {name: draw(strategy, label=name) for name, strategy in FILLERS.items()}
    removed = draw(st.sets(st.sampled_from(sorted(FILLERS)), max_size=3))
    return ResponseAssessment(
        date=day, **{name: None if name in removed else v for name, v in values.items()}
    )


@attrs.frozen
class Case:
    """One classification call."""

    current: ResponseAssessment
    previous: ResponseAssessment | None
    in_remission: bool | None
    criteria: ResponseCriteria

    def classify(self) -> ResponseResult:
        """Classify this case."""
        return classify_response(
            self.current,
            criteria=self.criteria,
            in_remission=self.in_remission,
            previous=self.previous,
        )

    def holes(self) -> list[str]:
        """Every input of the case that is None, named as ``ResponseResult.missing`` does."""
        names = [name for name in FILLERS if getattr(self.current, name) is None]
        if self.previous is not None:
            previous = self.previous
            names += [f"previous.{name}" for name in FILLERS if getattr(previous, name) is None]
        if self.in_remission is None:
            names.append("in_remission")
        return names

    def filled(self, values: dict[str, Any]) -> Case:
        """This case with the named holes filled."""
        current = {k: v for k, v in values.items() if k in FILLERS}
        before = {k.removeprefix("previous."): v for k, v in values.items() if "." in k}
        previous = self.previous
        if before:
            assert previous is not None
            previous = attrs.evolve(previous, **before)
        return Case(
            attrs.evolve(self.current, **current),
            previous,
            values.get("in_remission", self.in_remission),
            self.criteria,
        )


CASES = st.builds(
    Case,
    _assessments(DAY),
    st.none() | _assessments(EARLIER),
    _either(st.booleans(), st.none() | st.booleans()),
    st.sampled_from([BLIN, CIBMTR]),
)


def _fill(data: st.DataObject, names: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        strategy = st.booleans() if name == "in_remission" else FILLERS[name.split(".")[-1]]
        values[name] = data.draw(strategy, label=name)
    return values


class TestProperties:
    @settings(max_examples=500)
    @given(case=CASES, data=st.data())
    def test_decided_categories_are_sound(self, case: Case, data: st.DataObject) -> None:
        """Filling missing inputs never changes a category that is not unknown."""
        result = case.classify()
        holes = case.holes()
        if result.category is UNKNOWN or not holes:
            return
        for hole in holes:  # each missing input alone, then all of them together
            filled = case.filled(_fill(data, [hole])).classify()
            assert filled.category is result.category, hole
        assert case.filled(_fill(data, holes)).classify().category is result.category

    @settings(max_examples=500)
    @given(case=CASES, data=st.data())
    def test_missing_names_what_decides(self, case: Case, data: st.DataObject) -> None:
        """Unknown names only missing inputs, and filling all of them decides the category."""
        result = case.classify()
        if result.category is not UNKNOWN:
            assert result.missing == ()
            return
        assert result.missing
        assert list(result.missing) == sorted(result.missing)
        assert set(result.missing) <= set(case.holes())
        filled = case.filled(_fill(data, list(result.missing))).classify()
        assert filled.category is not UNKNOWN
