"""Explanations and results made only where they are read give what eager building gives.

:class:`~allmodel.report.OptionResult` finds its failed and unknown criteria without
building the evidence of the whole tree (and nothing for an eligible result); here every
result of every example patient and of many synthetic and generated ones, under US and
EU labels, is compared with :func:`allmodel.criteria.evaluate` run on the whole tree. A
screened :class:`~allmodel.report.Report` makes its results when they are read, and the
explainer a node's children and observed text: each is compared with the same object
built through its constructor, read in different orders.
"""

from __future__ import annotations

import copy
import pickle
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import allmodel
import tests.strategies as gen
from allmodel import Patient
from allmodel.criteria import Jurisdiction, NodeResult, Truth, evaluate
from allmodel.criteria._explain import Shown, shown_nodes
from allmodel.errors import RuleError
from allmodel.report import OptionResult, Report, Status, _criterion, _tree
from allmodel.screening import screen
from allmodel.synthetic import synthetic_cohort

AS_OF = date(2022, 12, 31)
EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "allmodel" / "examples" / "patients"
PATHS = sorted(EXAMPLES.glob("*.json"))
SYNTHETIC = 400


@cache
def _synthetic() -> tuple[Patient, ...]:
    return tuple(synthetic_cohort(SYNTHETIC, as_of=AS_OF, seed=13))


def _expected(result: OptionResult, tree: NodeResult, *, evidence: bool) -> dict[str, Any]:
    """The result's document as the full evidence tree gives it."""
    document: dict[str, Any] = {
        "id": result.id,
        "kind": result.kind.value,
        "name": result.name,
        "status": result.status.value,
        "failed": [_criterion(node) for node in tree.failed()],
        "unknown": [_criterion(node) for node in tree.unknown()],
        "missing": list(tree.missing_fields()),
        "citations": list(result.citations),
        "registry_ids": list(result.option.registry_ids),
        "notes": list(result.option.notes),
    }
    if evidence:
        document["evidence"] = _tree(tree)
    return document


def _check(patient: Patient, jurisdiction: Jurisdiction) -> set[Status]:
    """Checks every result of one screening; returns the statuses seen."""
    seen: set[Status] = set()
    for result in screen(patient, as_of=AS_OF, jurisdiction=jurisdiction):
        tree = evaluate(result.option.criteria, result.facts, result.context)
        assert result.failed == tree.failed(), result.id
        assert result.unknown == tree.unknown(), result.id
        assert result.missing == tree.missing_fields(), result.id
        assert result.evaluation == tree, result.id
        truth, shown = shown_nodes(result.option.criteria, result.facts, result.context)
        assert truth == tree.status, result.id
        nodes = {Truth.FALSE: tree.failed(), Truth.UNKNOWN: tree.unknown()}.get(tree.status, ())
        assert shown == tuple(
            Shown(n.id, n.text, n.observed, n.expected, n.citations, n.validity, n.missing)
            for n in nodes
        ), result.id
        for evidence in (False, True):
            assert result.to_dict(evidence=evidence) == _expected(
                result, tree, evidence=evidence
            ), result.id
        seen.add(result.status)
    return seen


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
@pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
def test_example_patients_explain_as_the_full_tree(path: Path, jurisdiction: Jurisdiction) -> None:
    """Every example patient: failed, unknown, missing and both documents agree."""
    _check(allmodel.load_patient(path, as_of=AS_OF), jurisdiction)


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
def test_synthetic_patients_explain_as_the_full_tree(jurisdiction: Jurisdiction) -> None:
    """Many synthetic patients, every status met: the same agreement."""
    seen: set[Status] = set()
    for patient in _synthetic():
        seen |= _check(patient, jurisdiction)
    assert seen == set(Status)


def test_an_eligible_result_evaluates_nothing_until_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An eligible result reports no criteria without evaluating any; its tree stays
    available on request."""
    result = next(
        report.eligible[0]
        for report in (screen(patient, as_of=AS_OF) for patient in _synthetic())
        if report.eligible
    )

    def refuse(*args: object, **kwargs: object) -> tuple[NodeResult, ...]:
        raise AssertionError("evaluated")

    with monkeypatch.context() as patch:
        for name in ("evaluate", "failed_nodes", "unknown_nodes"):
            patch.setattr(allmodel.report, name, refuse)
        assert (result.failed, result.unknown, result.missing) == ((), (), ())
        assert result.to_dict()["failed"] == []
    assert result.evaluation.status == 2


# --- results, nodes and documents made when read equal those made eagerly ----------------


def _eager_node(node: NodeResult) -> NodeResult:
    """``node`` rebuilt through the constructor, every field given (children too)."""
    return NodeResult(
        id=node.id,
        kind=node.kind,
        text=node.text,
        status=node.status,
        citations=node.citations,
        children=tuple(_eager_node(child) for child in node.children),
        fact=node.fact,
        observed=node.observed,
        expected=node.expected,
        missing=node.missing,
        validity=node.validity,
        remark=node.remark,
    )


def _fields(node: NodeResult) -> tuple[object, ...]:
    """Every field of ``node`` and of its subtree, read in field order."""
    return (
        node.id,
        node.kind,
        node.text,
        node.status,
        node.citations,
        tuple(_fields(child) for child in node.children),
        node.fact,
        node.observed,
        node.expected,
        node.missing,
        node.validity,
        node.remark,
    )


def _reversed_fields(node: NodeResult) -> tuple[object, ...]:
    """The fields of :func:`_fields`, read last field first (the lazy ones before the rest)."""
    remark, validity, missing = node.remark, node.validity, node.missing
    expected, observed, fact = node.expected, node.observed, node.fact
    children = tuple(_reversed_fields(child) for child in reversed(node.children))[::-1]
    citations, status, text = node.citations, node.status, node.text
    return (node.id, node.kind, text, status, citations, children, fact, observed, expected,
            missing, validity, remark)  # fmt: skip


def _eager_report(report: Report) -> Report:
    """``report`` built through the constructors: results given, each made by its own."""
    return Report(
        as_of=report.as_of,
        jurisdiction=report.jurisdiction,
        ruleset=report.ruleset,
        ruleset_version=report.ruleset_version,
        ruleset_hash=report.ruleset_hash,
        library_version=report.library_version,
        results=tuple(
            OptionResult(option=r.option, status=r.status, facts=r.facts, context=r.context)
            for r in report.results
        ),
    )


def _check_lazy(patient: Patient, jurisdiction: Jurisdiction) -> None:
    """Reports, results, nodes and outlines made when read equal those made eagerly,
    whichever is read first."""
    lazy = screen(patient, as_of=AS_OF, jurisdiction=jurisdiction)
    # read without making results: statuses, ids, len, repr
    statuses = lazy.statuses
    assert len(lazy) == len(statuses)
    assert lazy.ids == tuple(statuses)
    text = repr(lazy)
    # a result read by id, then by status, then all of them: one object each
    other = screen(patient, as_of=AS_OF, jurisdiction=jurisdiction)
    picked = {option_id: other[option_id] for option_id in reversed(other.ids)}
    by_status = {status: other.with_status(status) for status in Status}
    assert all(picked[r.id] is r for found in by_status.values() for r in found)
    assert all(picked[r.id] is r for r in other.results)
    eager = _eager_report(lazy)
    assert lazy == eager == other
    assert repr(eager) == text
    assert {r.id: r.status for r in eager} == statuses
    for status in Status:
        assert tuple(r.id for r in lazy.with_status(status)) == tuple(
            r.id for r in eager.with_status(status)
        )
    for result, early in zip(lazy.results, other.results, strict=True):
        # the outline first (no evidence), then the nodes, read in two orders
        outline = result.outline()
        assert outline == (
            tuple(node.id for node in result.failed),
            tuple(node.id for node in result.unknown),
            result.missing,
        ), result.id
        for node, twin in zip(
            (*result.failed, *result.unknown), (*early.failed, *early.unknown), strict=True
        ):
            assert _reversed_fields(twin) == _fields(node), result.id
            assert node == _eager_node(node) == twin, result.id
            assert hash(node) == hash(_eager_node(node)), result.id
    assert lazy.to_dict() == eager.to_dict()


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
@pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
def test_example_patients_lazy_equals_eager(path: Path, jurisdiction: Jurisdiction) -> None:
    """Every example patient: what is made when read equals what is made at once."""
    _check_lazy(allmodel.load_patient(path, as_of=AS_OF), jurisdiction)


def test_synthetic_patients_lazy_equals_eager() -> None:
    """Many synthetic patients, under both jurisdictions: the same."""
    for patient in _synthetic()[:150]:
        for jurisdiction in Jurisdiction:
            _check_lazy(patient, jurisdiction)


@settings(max_examples=60, deadline=None)
@given(
    patient=gen.patients(),
    as_of=gen.dates(date(2000, 1, 1), gen.LATEST),
    jurisdiction=st.sampled_from(list(Jurisdiction)),
)
def test_generated_patients_explain_and_lazy_equals_eager(
    patient: Patient, as_of: date, jurisdiction: Jurisdiction
) -> None:
    """Hypothesis-generated patients: evidence found for the reported nodes only equals the
    full tree's, and lazy reports equal eager ones."""
    assume(patient.date_of_birth is None or patient.date_of_birth <= as_of)
    for result in screen(patient, as_of=as_of, jurisdiction=jurisdiction):
        tree = evaluate(result.option.criteria, result.facts, result.context)
        assert result.failed == tree.failed(), result.id
        assert result.unknown == tree.unknown(), result.id
        assert result.missing == tree.missing_fields(), result.id
        assert result.outline() == (
            tuple(n.id for n in tree.failed()),
            tuple(n.id for n in tree.unknown()),
            tree.missing_fields(),
        )
        assert _eager_node(tree) == tree
    lazy = screen(patient, as_of=as_of, jurisdiction=jurisdiction)
    assert lazy == _eager_report(screen(patient, as_of=as_of, jurisdiction=jurisdiction))


class TestMadeWhenRead:
    """What a screened report makes, and when."""

    def test_statuses_len_ids_and_repr_make_no_result(self) -> None:
        """Reading statuses, ids, the length or the repr makes no OptionResult."""
        report = screen(_synthetic()[0], as_of=AS_OF)
        made = report._pending.made  # type: ignore[union-attr]  # a screened report has one
        _ = (report.statuses, report.ids, len(report), repr(report))
        assert made == [None] * len(report)

    def test_a_result_read_by_id_is_the_only_one_made(self) -> None:
        """``report[id]`` makes that result alone; ``results`` then reuses it."""
        report = screen(_synthetic()[0], as_of=AS_OF)
        made = report._pending.made  # type: ignore[union-attr]
        chosen = report[report.ids[3]]
        assert [index for index, found in enumerate(made) if found is not None] == [3]
        assert report.results[3] is chosen

    def test_unknown_option_id(self) -> None:
        """An id the report lacks is a RuleError, as for a report given its results."""
        report = screen(_synthetic()[0], as_of=AS_OF)
        with pytest.raises(RuleError, match="no option 'nope'"):
            report["nope"]
        with pytest.raises(RuleError, match="no option 'nope'"):
            _eager_report(report)["nope"]

    def test_other_attributes_are_still_missing(self) -> None:
        """Only the lazy fields are made: another name is an AttributeError."""
        report = screen(_synthetic()[0], as_of=AS_OF)
        node = next(n for r in report for n in (*r.failed, *r.unknown))
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            getattr(report, "nope")  # noqa: B009  (the attribute is looked up on purpose)
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            getattr(node, "nope")  # noqa: B009

    def test_pickle_and_copy(self) -> None:
        """A report and its lazy nodes pickle and copy as their eager equals."""
        report = screen(_synthetic()[1], as_of=AS_OF)
        assert pickle.loads(pickle.dumps(report)) == report
        node = next(n for r in screen(_synthetic()[1], as_of=AS_OF) for n in r.failed)
        assert pickle.loads(pickle.dumps(node)) == _eager_node(node)
        again = next(n for r in screen(_synthetic()[1], as_of=AS_OF) for n in r.failed)
        assert copy.copy(again) == node == copy.deepcopy(again)

    def test_statuses_of_a_report_given_its_results(self) -> None:
        """``statuses`` and ``ids`` read the results of a report built with them."""
        eager = _eager_report(screen(_synthetic()[0], as_of=AS_OF))
        assert eager.statuses == {r.id: r.status for r in eager.results}
        assert len(eager) == len(eager.results)
