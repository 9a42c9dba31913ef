"""Run the README's Python examples (every ``>>>`` line, the tour and the local trial) as
doctests, from wherever this is started.

``tests/test_readme.py`` runs them through :func:`run_tour` from the repository; ``make
wheel-test`` runs this file with the interpreter of a fresh virtualenv that has only the
built wheel installed, from a directory outside the repository, to show that the README
works for someone who installed allmodel with pip. The examples therefore read the
bundled data through ``allmodel.examples``, never a path of the repository.

Usage::

    python scripts/run_readme_tour.py README.md

Prints how many examples ran; exits 1 when one fails (doctest prints the difference) or
when too few ran to be the README's.
"""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

#: The doctest options the README's examples are written for.
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

#: Fewer examples than this means the file read is not the README's tour.
MINIMUM_EXAMPLES = 10


def run_tour(readme: Path) -> doctest.TestResults:
    """Run every ``>>>`` example of ``readme`` in one namespace, in order; return doctest's
    counts (failed, attempted). Failures are reported on stdout by doctest."""
    return doctest.testfile(str(readme), module_relative=False, optionflags=OPTIONS, verbose=False)


def main(argv: list[str]) -> int:
    """Run the tour of the README named in ``argv``; 0 when every example gives its output."""
    if len(argv) != 1:
        print("usage: run_readme_tour.py README.md", file=sys.stderr)
        return 2
    failed, attempted = run_tour(Path(argv[0]))
    print(f"README tour: {attempted} examples, {failed} failed")
    return 0 if failed == 0 and attempted > MINIMUM_EXAMPLES else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
