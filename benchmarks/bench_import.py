"""Import time of allmodel against pint alone, each in fresh interpreters, side by side.

Run: ``.venv/bin/python benchmarks/bench_import.py [--runs 15]``

Reports the median wall time of ``python -c "import X"`` (interpreter start-up included
for both, so the difference is what allmodel adds) and of ``import allmodel`` followed by
the first pint use (``Mass(70, "kg").quantity``), since allmodel imports pint lazily.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "python (empty)": "pass",
    "import pint": "import pint",
    "import allmodel": "import allmodel",
    "import allmodel + first pint use": (
        "import allmodel; allmodel.measures.Mass(70, 'kg').quantity"
    ),
    "import pint + registry first use": (
        "import pint; pint.get_application_registry().Quantity(70, 'kg')"
    ),
}


def _time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for code in CASES.values():  # warm the file-system cache and .pyc files
        _time(code)
    samples: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.runs):  # interleave the cases so machine noise hits all alike
        for name, code in CASES.items():
            samples[name].append(_time(code))
    medians = {name: statistics.median(times) for name, times in samples.items()}
    print(f"median of {args.runs} fresh interpreters (Python {sys.version.split()[0]})")
    for name, seconds in medians.items():
        print(f"  {name:<36} {seconds * 1000:8.1f} ms")
    added = medians["import allmodel"] - medians["import pint"]
    print(f"  import allmodel minus import pint:   {added * 1000:+8.1f} ms (target <= +100 ms)")


if __name__ == "__main__":
    main()
