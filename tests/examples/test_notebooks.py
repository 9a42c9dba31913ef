"""The teaching notebooks in examples/notebooks: what their text claims holds, and the
outputs stored in them (which the documentation site shows) are what they give today.

The notebooks hold no ``assert``: they teach. Each is run top to bottom in a fresh kernel
started with this interpreter (``scripts/run_notebooks.py``, the script that stores the
outputs), with two cells added in memory only: one in front that checks the kernel's
interpreter, and one behind with this file's checks for that notebook (:data:`CHECKS`),
run on the notebook's own variables in the same kernel. After a change to what a notebook
shows, ``make notebooks`` stores the new outputs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode

from tests.modules import import_file

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "examples" / "notebooks"
runner = import_file("run_notebooks", ROOT / "scripts" / "run_notebooks.py")

EXPECTED = (
    "01_patient_and_units.ipynb",
    "02_response_and_mrd.ipynb",
    "03_regimens_and_dose_plans.ipynb",
    "04_eligibility_evidence_missing.ipynb",
    "05_synthetic_cohort.ipynb",
    "06_cohort_attrition.ipynb",
)

#: How many figures (PNG outputs) each notebook draws.
FIGURES = {
    "01_patient_and_units.ipynb": 0,
    "02_response_and_mrd.ipynb": 1,
    "03_regimens_and_dose_plans.ipynb": 0,
    "04_eligibility_evidence_missing.ipynb": 1,
    "05_synthetic_cohort.ipynb": 1,
    "06_cohort_attrition.ipynb": 1,
}

PYTHON_VARIABLE = "ALLMODEL_NOTEBOOK_PYTHON"
INTERPRETER_CHECK = f"""\
import os, sys
expected = os.environ["{PYTHON_VARIABLE}"]
assert sys.executable == expected, (sys.executable, expected)
"""

#: What each notebook's text says, checked on its variables after it has run.
CHECKS = {
    "01_patient_and_units.ipynb": """\
assert height.magnitude_in("cm") == 172.0
assert weight.magnitude_in("kg") == 68.0
assert weight.unit == "g"  # the measure remembers what it was given
assert platelets_per_ul.canonical_value == platelets_si.canonical_value == 45.0
assert math.isclose(hemoglobin_g_dl.canonical_value, hemoglobin_g_l.canonical_value)
assert same_amount and platelets_per_ul != platelets_si
assert patient.age(as_of=AS_OF) == 42
assert patient.pregnant is None
assert "1980" not in repr(patient) and "1980" not in patient._repr_html_()
assert "Not recorded (unknown): pregnant" in patient._repr_html_()
assert patient.weight == Mass(68_000, "g") and heavier.weight == Mass(74, "kg")
assert heavier.labs == patient.labs
assert math.isclose(mosteller.value, math.sqrt(172 * 68 / 3600))
assert math.isclose(dubois.value, 0.007184 * 68**0.425 * 172**0.725)
assert Patient(height=height).bsa() is None
assert math.isclose(quantity.to("kilogram").magnitude, 68.0)
assert from_pounds.unit == "mg"
assert math.isclose(from_pounds.magnitude_in("kg"), 150 * 0.45359237)
assert [problem.path for problem in problems] == ["height", "weight"]
assert issubclass(allmodel.UnitError, allmodel.ValidationError)
assert unit_problems[0].path == "unit"
assert "not a count per volume" in unit_problems[0].message
assert allmodel.load_patient(allmodel.io.patient_to_json(example)) == example
assert {problem.path for problem in document_problems} == {
    "$.date_of_birth", "$.height.value", "$.weight.unit", "$.labs[0].unit", "$.favourite_colour"
}
assert phase is allmodel.DiseasePhase.FIRST_RELAPSE
assert phase_in_june is allmodel.DiseasePhase.IN_CR
assert 30 < cr1 < 31
assert allmodel.clinical.relapse_count(example, as_of=AS_OF) == 1
assert facts["phase"] == "first_relapse"
assert facts["platelets"] == 45.0  # recorded as 45000 /uL, compared in 10^9/L
assert facts["albumin"] == 2.8  # recorded as 28 g/L, compared in g/dL
assert len(facts.as_dict()) == len(allmodel.facts.FACTS)
""",
    "02_response_and_mrd.ipynb": """\
import allmodel
from allmodel import DiseasePhase, Remission
from allmodel.clinical.response import ResponseCategory
from allmodel.model import InsufficientSensitivityWarning, MrdStatus, RemissionKind

assert BLINATUMOMAB_TRIALS.marrow_operator == "<="
assert CIBMTR_2010.marrow_operator == "<"
assert by_trials.category is ResponseCategory.CR
assert by_cibmtr.category is ResponseCategory.NO_RESPONSE
for criteria in (BLINATUMOMAB_TRIALS, CIBMTR_2010):
    result = classify_response(just_below, criteria=criteria, in_remission=False)
    assert result.category is ResponseCategory.CR
assert crh.category is ResponseCategory.CRH
assert cri.category is ResponseCategory.CRI
assert undecided.category is ResponseCategory.UNKNOWN
assert set(undecided.missing) == {"anc", "blood_blasts_percent"}
assert decided.category is ResponseCategory.NO_RESPONSE and decided.missing == ()
assert by_status[True].category is ResponseCategory.RELAPSE
assert by_status[False].category is ResponseCategory.NO_RESPONSE
assert by_status[None].category is ResponseCategory.UNKNOWN
assert by_status[None].missing == ("in_remission",)
assert remission == Remission(kind=RemissionKind.CR, date=ASSESSED)
assert crh.remission is not None and crh.remission.kind is RemissionKind.CRH
assert by_cibmtr.remission is None
assert disease_phase(in_cr, as_of=AS_OF) is DiseasePhase.IN_CR
assert mrd_status(mrd(0.0, 1e-5)) is MrdStatus.NEGATIVE
assert mrd_status(mrd(2e-3, 1e-5)) is MrdStatus.POSITIVE
assert mrd_status(mrd(1e-4, 1e-5)) is MrdStatus.POSITIVE  # the cut itself is positive
for sensitivity, expected in ((1e-3, MrdStatus.NOT_EVALUABLE), (None, None)):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert mrd_status(mrd(0.0, sensitivity)) is expected
    assert [w.category for w in caught] == [InsufficientSensitivityWarning]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert mrd_status(mrd(0.0, 1e-5)) is MrdStatus.NEGATIVE
assert caught == []
assert BLINATUMOMAB_MRD_AT_OR_ABOVE == 1e-3
assert MRD_NEGATIVE_BELOW < BLINATUMOMAB_MRD_AT_OR_ABOVE
assert mrd_status(mrd(5e-4, 1e-5)) is MrdStatus.POSITIVE  # positive, yet below 1e-3
assert disease_phase(mrd_positive, as_of=AS_OF) is DiseasePhase.MRD_POSITIVE_CR
# the example's MRD course, as the text describes it
assert levels == [5e-3, 8e-4, 2e-3]
assert [mrd_status(r) for r in course_patient.mrd] == [MrdStatus.POSITIVE] * 3
assert levels[1] < BLINATUMOMAB_MRD_AT_OR_ABOVE <= levels[2]
assert min(levels) >= MRD_NEGATIVE_BELOW
assert disease_phase(course_patient, as_of=AS_OF) is DiseasePhase.MRD_POSITIVE_CR
assert [remission.kind for remission in course_patient.course.remissions] == [RemissionKind.CR]
assert allmodel.screen(course_patient, as_of=AS_OF)["blinatumomab_mrd"].status == "eligible"
assert len(ax.lines) == 3 + len(course_patient.course.remissions)  # MRD, 2 thresholds, CR
""",
    "03_regimens_and_dose_plans.ipynb": """\
import math
from allmodel.clinical.regimens import NotStated

assert all(regimen.citations for regimen in REGIMENS.values())
assert not REGIMENS["liposomal_vincristine"].availability.available_on(ON)
assert get_regimen("cytarabine_idarubicin") is REGIMENS["cytarabine_idarubicin"]
assert [c.name for c in regimen.definitions[0].components] == ["cytarabine", "idarubicin"]
assert math.isclose(bsa.value, math.sqrt(175 * 70 / 3600))
assert [a.day for a in cytarabine] == [1, 2, 3, 4, 5]
assert [a.date for a in idarubicin] == [date(2022, 3, 9)]  # day 3
assert math.isclose(cytarabine[0].dose.magnitude_in("g"), 3 * bsa.value)
assert math.isclose(idarubicin[0].dose.magnitude_in("mg"), 40 * bsa.value)
assert set(day_three) == {"cytarabine", "idarubicin"}
assert math.isclose(course["cytarabine"].magnitude_in("g"), 5 * 3 * bsa.value)
assert math.isclose(course["idarubicin"].magnitude_in("mg"), 40 * bsa.value)
small_plan, adult_plan = plans["40 kg"], plans["70 kg"]
assert adult_plan.administrations[0].dose == Mass(9, "ug")
assert adult_plan.administrations[7].dose == Mass(28, "ug")
small_bsa = small.bsa().value
assert math.isclose(small_plan.administrations[0].dose.magnitude_in("ug"), 5 * small_bsa)
assert math.isclose(small_plan.administrations[7].dose.magnitude_in("ug"), 15 * small_bsa)
assert all(a.per_day for a in small_plan.administrations)  # daily amounts of an infusion
assert small_plan.caps_applied == ()  # at 1.29 m2 the per-m2 dose stays under the cap
assert (small_plan.end - small_plan.start).days + 1 == 42  # 4 weeks on, 2 weeks off
assert capped.amount == Mass(28, "ug") and capped.cap is not None
assert "withdrawn" in refusal and "allow_withdrawn" in refusal
assert [a.day for a in historical.administrations] == [1, 8, 15, 22]
assert any("withdrawn" in warning for warning in historical.warnings)
assert before_withdrawal.warnings == ()
assert [c.name for c in gaps] == ["dexamethasone"] and isinstance(gaps[0].rule, NotStated)
assert "allow_incomplete" in incomplete_refusal
assert {a.component for a in partial.administrations} == {"ifosfamide", "etoposide"}
assert len(partial.omitted) == 1 and partial.omitted[0].startswith("dexamethasone")
assert exported["regimen_id"] == "cytarabine_idarubicin"
assert len(exported["administrations"]) == len(induction.administrations)
assert set(exported["course_totals"]) == {"cytarabine", "idarubicin"}
""",
    "04_eligibility_evidence_missing.ipynb": """\
from allmodel import Jurisdiction, OptionKind
from allmodel.pathway import REVIEW_GRADES, StepRole
from allmodel.report import REPORT_FORMAT

assert report.ids == default_ruleset().ids  # one result per option, in ruleset order
assert sum(counts.values()) == len(report)
assert counts["unknown"] > 0  # an incomplete record leaves questions open
assert patient.age(as_of=AS_OF) == 41
assert car_t.status is Status.NOT_ELIGIBLE
assert any(node.fact == "age_years" for node in car_t.failed)
assert "\\u2717 not eligible" in car_t._repr_html_()
assert undecided.status is Status.UNKNOWN and undecided.missing
for result in report:  # the explanation always matches the status
    assert Status.from_truth(result.evaluation.status) is result.status
    assert bool(result.failed) == (result.status is Status.NOT_ELIGIBLE)
    assert bool(result.unknown) == bool(result.missing) == (result.status is Status.UNKNOWN)
assert report_eu.jurisdiction is Jurisdiction.EU and report_eu.ids == report.ids
assert report["blinatumomab"].status is Status.UNKNOWN  # CD19 before a line of unknown agents
assert report["blinatumomab"].missing == ("disease.markers[CD19].positive",)
assert report_eu["blinatumomab"].status is Status.UNKNOWN
assert "disease.philadelphia" in report_eu["blinatumomab"].missing
for before_result, after_result in zip(report_eu, after, strict=True):
    if before_result.status is not Status.UNKNOWN:
        assert after_result.status is before_result.status
assert not any("disease.philadelphia" in result.missing for result in after)
assert len(after.with_status("unknown")) < len(report_eu.with_status("unknown"))
assert patient.disease.philadelphia is None  # the original is unchanged
screened = {result.id: result.status for result in report}
for step in route:
    assert step.statuses == tuple(screened.get(option_id) for option_id in step.option_ids)
    assert step.grade is None or step.grade in REVIEW_GRADES
assert any("ph_status: unknown" in step.because for step in route.with_role(StepRole.EVALUATION))
assert not any("ph_status: unknown" in step.because for step in route_after)
assert local.kind is OptionKind.TRIAL and with_local.ids[-1] == local_trial.id
assert local.status is Status.UNKNOWN
assert "disease.markers[CD22].percent_positive" in local.missing
assert document["format"] == REPORT_FORMAT and document["as_of"] == "2022-12-31"
assert [result["id"] for result in document["results"]] == list(with_local.ids)
assert "EX-0014" not in with_local.to_json(evidence=True)  # the record's MRN
assert markdown.count("\\n| `") == len(with_local)
assert pretransplant.total is None
low, high = pretransplant.total_range
new_low, new_high = with_blasts.total_range
assert low <= new_low <= new_high <= high and new_high - new_low < high - low
assert with_blasts.total is None and with_blasts.band is not None
assert salvage.total is None and salvage.total_range[0] < salvage.total_range[1]
assert len(records) == 14 and list(cohort) == sorted(cohort)
assert all(cohort_report.ids == tuple(option_ids) for cohort_report in cohort.values())
assert len(ax.patches) == len(cohort) * len(option_ids)  # one square per record and option
assert {text.get_text() for text in ax.texts} == {"\\u2713", "\\u2717", "?"}
""",
    "05_synthetic_cohort.ipynb": """\
import allmodel

assert len(cohort) == 500
assert synthetic_cohort(500, as_of=AS_OF) == cohort  # seeded: the same cohort every time
assert all(report.ids == options for report in reports)
assert frame.shape[0] == len(cohort) * len(options)
assert set(frame["option_id"]) == set(allmodel.catalogue.CATALOGUE_IDS)
assert frame["patient"].nunique() == len(cohort)
assert set(frame["status"]) == {status.value for status in Status}  # all three occur
assert (counts.sum(axis="columns") == len(cohort)).all()
assert counts.loc["liposomal_vincristine", "eligible"] == 0  # withdrawn in May 2022
assert len(ax.patches) == len(counts) * len(STATUSES)  # one bar per option and status
assert [t.get_text() for t in fig.legends[0].get_texts()] == ["eligible", "unknown", "not eligible"]
assert (left == len(cohort)).all()  # every bar is 500 patients long
assert missing.sum() >= (frame["status"] == Status.UNKNOWN.value).sum()
""",
    "06_cohort_attrition.ipynb": """\
from allmodel.catalogue import default_ruleset
from allmodel.cohort import top_level_rules

assert facts.num_rows == statuses.num_rows == len(cohort) == 2000
assert same_as_interpreter  # DuckDB and the library's own evaluator, cell for cell
rules = [rule.id for rule in top_level_rules(default_ruleset().option(OPTION))]
assert list(steps.index) == rules
assert ((steps["remaining"] + steps["undecided"] + steps["excluded"]) == table.patients).all()
assert ((steps["passed"] + steps["failed"] + steps["unknown"]) == table.patients).all()
last = table.steps[-1]
assert (last.remaining, last.excluded, last.undecided) == (
    table.eligible, table.not_eligible, table.unknown
)
assert table.unknown > 0 and table.eligible > 0 and table.not_eligible > 0
assert (steps["excluded"].diff().fillna(steps["excluded"].iloc[0]) == steps["newly_excluded"]).all()
assert len(ax.patches) == len(bars) * len(colours)  # one bar per step and part
assert (left == table.patients).all()  # every bar is the whole cohort long
assert [t.get_text() for t in fig.legends[0].get_texts()] == list(colours)
assert gaps.undecided == table.unknown
ranks = [(-fact.decides, -fact.blocks) for fact in everything.facts]
assert ranks == sorted(ranks)
assert everything.results == len(cohort) * len(default_ruleset().options)
""",
}

_ASSERT = re.compile(r"^\s*assert\b", re.MULTILINE)


def _code_cells(notebook: NotebookNode) -> list[NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_the_notebooks_are_the_expected_six() -> None:
    assert tuple(sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))) == EXPECTED
    assert sorted(CHECKS) == sorted(FIGURES) == list(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_stored_as_one_clean_run(name: str) -> None:
    """Valid; run top to bottom once (counts 1, 2, ...), with no error, nothing on stderr,
    and no ``assert`` in any cell (the checks are in this file)."""
    notebook = runner.read(NOTEBOOKS / name)
    nbformat.validate(notebook)
    cells = _code_cells(notebook)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    outputs = [output for cell in cells for output in cell.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    assert [o for o in outputs if o.output_type == "stream" and o.name == "stderr"] == []
    assert [cell.id for cell in cells if _ASSERT.search(cell.source)] == []
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == FIGURES[name]


@pytest.mark.parametrize("name", EXPECTED)
def test_runs_and_shows_what_is_stored(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh run passes the notebook's checks and shows exactly the stored outputs
    (figures compared by kind); if not, run ``make notebooks``."""
    monkeypatch.setenv(PYTHON_VARIABLE, sys.executable)  # the kernel inherits it
    stored = runner.read(NOTEBOOKS / name)
    notebook = runner.read(NOTEBOOKS / name)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(INTERPRETER_CHECK, id="interpreter"))  # type: ignore[no-untyped-call]
    notebook.cells.append(nbformat.v4.new_code_cell(CHECKS[name], id="checks"))  # type: ignore[no-untyped-call]
    runner.execute(notebook)  # raises CellExecutionError at the first failing cell
    assert runner.stderr(notebook) == []
    fresh = runner.shown(notebook)
    assert fresh.pop("interpreter") == []
    assert fresh.pop("checks") == []
    assert fresh == runner.shown(stored), f"{name}: stored outputs are stale: make notebooks"
