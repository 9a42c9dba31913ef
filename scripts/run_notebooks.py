"""Run the teaching notebooks in ``examples/notebooks`` and store their outputs in them.

The documentation site shows each notebook with the outputs stored in it (the build does
not run them), and GitHub shows them too. ``tests/examples/test_notebooks.py`` runs every
notebook again and fails when a stored output is not what the notebook gives today: after
a change to what a notebook prints or draws, run this script (``make notebooks``) and
commit the notebooks.

Each notebook runs top to bottom in a fresh kernel started with this interpreter (the
project's ``.venv``), from the repository root, with a fixed hash seed so that nothing
printed depends on the run. A notebook that writes to stderr (a warning) or raises is not
stored.

Usage::

    .venv/bin/python scripts/run_notebooks.py [NAME.ipynb ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "examples" / "notebooks"

#: The kernel's environment on top of this process's: a fixed hash seed (set and dict order
#: of strings is then the same in every run) and matplotlib's inline backend (figures shown
#: as PNG outputs whatever backend this process uses).
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}

#: The only thing a kernel may write to stderr: matplotlib's note on a new machine.
FONT_CACHE_NOTE = "Matplotlib is building the font cache"


class ThisInterpreterKernelManager(AsyncKernelManager):
    """Starts ipykernel with the interpreter running this code, not the one on PATH."""

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=f"allmodel ({sys.executable})",
            language="python",
            env=KERNEL_ENV,
        )


def read(path: Path) -> NotebookNode:
    """A notebook file, as nbformat version 4."""
    notebook: NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    return notebook


def execute(notebook: NotebookNode) -> NotebookNode:
    """Run every cell of ``notebook`` in place, from the repository root; each code cell
    gets its outputs (consecutive stream outputs joined) and its execution count.

    Raises:
        nbclient.exceptions.CellExecutionError: At the first cell that raises.
    """
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        kernel_manager_class=ThisInterpreterKernelManager,
        record_timing=False,
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = _joined(cell.outputs)
    return notebook


def _joined(outputs: list[Any]) -> list[Any]:
    """The outputs with consecutive writes to one stream joined into one output (how many
    writes a print makes depends on timing)."""
    joined: list[Any] = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def shown(notebook: NotebookNode) -> dict[str, list[dict[str, str]]]:
    """What each code cell shows, by cell id, for comparing two runs: stdout text, each
    rich output's text forms (an image only by its type) and error names. stderr is left
    out (see :func:`stderr`)."""
    found: dict[str, list[dict[str, str]]] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        items: list[dict[str, str]] = []
        for output in _joined(cell.outputs):
            if output.output_type == "stream":
                if output.name == "stdout":
                    items.append({"stdout": output.text})
            elif output.output_type in ("display_data", "execute_result"):
                items.append(
                    {
                        mime: "(image)" if mime.startswith("image/") else str(value)
                        for mime, value in output.data.items()
                    }
                )
            else:
                items.append({"error": f"{output.ename}: {output.evalue}"})
        found[cell.id] = items
    return found


def stderr(notebook: NotebookNode) -> list[str]:
    """Every line the notebook wrote to stderr, except matplotlib's font-cache note."""
    return [
        line
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
        for line in output.text.splitlines()
        if line.strip() and not line.startswith(FONT_CACHE_NOTE)
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the notebooks named (all by default) and write them back with their outputs."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebook file names (default: all)")
    args = parser.parse_args(argv)
    paths = [NOTEBOOKS / name for name in args.names] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        notebook = execute(read(path))
        written = stderr(notebook)
        if written:
            print(f"{path.name}: not stored, it wrote to stderr:", *written, sep="\n  ")
            return 1
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = [
                    output
                    for output in cell.outputs
                    if not (output.output_type == "stream" and output.name == "stderr")
                ]
        nbformat.write(notebook, path)  # type: ignore[no-untyped-call]
        print(f"{path.relative_to(ROOT)}: outputs stored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
