"""The teaching notebooks in examples/notebooks: committed clean, and they run top to bottom.

Each notebook is executed in a fresh kernel started with this interpreter (the project's
``.venv``), whatever ``python3`` kernelspec Jupyter would otherwise find. A cell is put in
front of each notebook, in memory only, that checks the kernel's interpreter; the
notebooks' own ``assert`` cells check what their text claims.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "examples" / "notebooks"
EXPECTED = (
    "01_patient_and_units.ipynb",
    "02_response_and_mrd.ipynb",
    "03_regimens_and_dose_plans.ipynb",
    "04_eligibility_evidence_missing.ipynb",
    "05_synthetic_cohort.ipynb",
)
PYTHON_VARIABLE = "ALLMODEL_NOTEBOOK_PYTHON"
INTERPRETER_CHECK = f"""\
import os, sys
expected = os.environ["{PYTHON_VARIABLE}"]
assert sys.executable == expected, (sys.executable, expected)
"""


class ThisInterpreterKernelManager(AsyncKernelManager):
    """Starts ipykernel with the interpreter running the tests, not the one on PATH."""

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=f"allmodel ({sys.executable})",
            language="python",
        )


def _read(name: str) -> NotebookNode:
    notebook: NotebookNode = nbformat.read(NOTEBOOKS / name, as_version=4)  # type: ignore[no-untyped-call]
    return notebook


def test_the_notebooks_are_the_expected_five() -> None:
    assert tuple(sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_committed_without_outputs(name: str) -> None:
    notebook = _read(name)
    nbformat.validate(notebook)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell.outputs == [], f"{name}: cell {cell.get('id')} has outputs"
        assert cell.execution_count is None, f"{name}: cell {cell.get('id')} has a count"


@pytest.mark.parametrize("name", EXPECTED)
def test_runs_top_to_bottom(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PYTHON_VARIABLE, sys.executable)  # the kernel inherits it
    notebook = _read(name)
    check = nbformat.v4.new_code_cell(INTERPRETER_CHECK, id="interpreter")  # type: ignore[no-untyped-call]
    notebook.cells.insert(0, check)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        kernel_manager_class=ThisInterpreterKernelManager,
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()  # raises CellExecutionError at the first failing cell
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    assert all(
        cell.execution_count is not None for cell in notebook.cells if cell.cell_type == "code"
    )
