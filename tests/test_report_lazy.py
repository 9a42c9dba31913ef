"""Explanations built only where they are read give what the full evaluation gives.

:class:`~allmodel.report.OptionResult` finds its failed and unknown criteria without
building the evidence of the whole tree (and nothing for an eligible result); here every
result of every example patient and of many synthetic ones, under US and EU labels, is
compared with :func:`allmodel.criteria.evaluate` run on the whole tree.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import allmodel
from allmodel import Patient
from allmodel.criteria import Jurisdiction, NodeResult, evaluate
from allmodel.report import OptionResult, Status, _criterion, _tree
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
