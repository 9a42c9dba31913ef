"""The ``allmodel`` command: screen, validate, classify, score and plan from the shell.

Subcommands::

    allmodel screen PATIENT.json|DIR|GLOB|-...|--examples [--as-of DATE] [--jurisdiction US|EU]
                    [--format text|json|jsonl|markdown|csv] [--option ID]... [--local-trial FILE]...
                    [--details] [--evidence] [--jobs N]
    allmodel validate PATIENT.json|DIR|GLOB|-...
    allmodel response ASSESSMENT.json [--criteria blinatumomab_trials|cibmtr_2010]
                      [--in-remission yes|no|unknown] [--format text|json]
    allmodel score PATIENT.json [--as-of DATE] [--format text|json]
    allmodel dose REGIMEN PATIENT.json --start DATE [--cycle N] [--variant NAME]
                  [--bsa-method mosteller|dubois] [--duration-days N]
                  [--allow-incomplete] [--allow-withdrawn] [--format text|json]
    allmodel regimens
    allmodel options
    allmodel options show ID [--format text|markdown|html|json]
    allmodel options diff OLD NEW [--format text|json]   (OLD, NEW: a criteria JSON file
                                                          or the word "default")
    allmodel schema
    allmodel sources [ID]
    allmodel fhir read BUNDLE.json|- [--as-of DATE] [--format report|json|document]
    allmodel fhir write PATIENT.json|-
    allmodel cohort facts|run|attrition|completeness ...   (see allmodel.cohort._cli;
                                                          the cohort extra)

Exit codes:

- 0 success;
- 1 invalid input: every problem is printed to stderr, one line each, with its JSON
  path, and never a traceback. Every file named is reported: a bad file (malformed,
  too large, nested too deeply, with a duplicate key or invalid Unicode; see
  :mod:`allmodel._jsonio.decoding`) never stops the files after it;
- 2 usage error;
- 70 internal error (``EX_SOFTWARE`` of sysexits.h): an unexpected exception, which is
  a bug in allmodel. One short line on stderr names the exception type and where it was
  raised (never its message, which might quote patient data, and never a traceback);
  the other files are still processed and reported.

Without ``--as-of`` the command, not the library, uses today's date and says so on
stderr.

``-`` reads from stdin: the patient documents of ``screen`` and ``validate`` (JSON Lines
or one document; see :mod:`allmodel.cli._entries`), the one document of ``fhir read`` and
``fhir write``.

``screen`` works one patient at a time, in constant memory: each patient's output is
written as soon as it is screened (``--format jsonl`` writes the run's options once, in a
header line, then one line of statuses per patient). ``--jobs N`` screens in N
processes, the output in input order and the same as with one. A progress bar (count,
rate, ETA) shows on stderr when it is a terminal and tqdm (the ``allmodel[cli]`` extra)
is installed; problem lines are printed above it.

Each subcommand group is a module of this package (``_screen``: ``screen``;
``_commands``: the others; what they share in ``_common`` and ``_entries``) with a
function that adds its parsers; ``_main`` lists those functions (``_GROUPS``), builds
the parser and runs the handler chosen.
"""

from __future__ import annotations

from allmodel.cli._common import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from allmodel.cli._main import main, run

__all__ = ["EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main", "run"]
