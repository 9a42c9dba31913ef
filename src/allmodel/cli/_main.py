"""The ``allmodel`` command: its parser, built from the subcommand groups, and
:func:`main` and :func:`run`, which run the subcommand chosen (see :mod:`allmodel.cli`)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import BinaryIO, TextIO

from allmodel._build import is_compiled
from allmodel._version import __version__
from allmodel.cli._commands import add_commands
from allmodel.cli._common import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    Handler,
    Parser,
    UsageError,
    internal_error,
    one_line,
)
from allmodel.cli._screen import add_screen
from allmodel.cohort._cli import add_commands as add_cohort

__all__ = ["main", "run"]

#: The subcommand groups, in the order ``--help`` lists them: each adds its parsers to the
#: top-level parser's ``commands`` (see :mod:`allmodel.cli._common`). A group defined in
#: another module is registered by adding its function here.
_GROUPS: tuple[Callable[[Commands], None], ...] = (add_screen, add_commands, add_cohort)


def _parser() -> tuple[Parser, tuple[str, ...]]:
    """The top-level parser and the names of its subcommands."""
    parser = Parser(
        prog="allmodel",
        description="Models of relapsed or refractory adult ALL.",
        epilog=(
            f"exit codes: {EXIT_OK} success; {EXIT_INVALID} invalid input (one line per "
            f"problem on stderr, every file reported); {EXIT_USAGE} usage error; "
            f"{EXIT_INTERNAL} internal error (a bug in allmodel; please report it)"
        ),
    )
    build = " (compiled)" if is_compiled() else ""  # README, "Compiled build"
    parser.add_argument("--version", action="version", version=f"allmodel {__version__}{build}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for add in _GROUPS:
        add(commands)
    return parser, tuple(commands.choices)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: BinaryIO | None = None,
    today: Callable[[], date] = date.today,
) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    ``stdin`` is read (as bytes) by ``screen -`` (default: ``sys.stdin.buffer``).
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser, names = _parser()
    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to stdout
            args = parser.parse_args(argv)
        args.stdin = stdin
        handler: Handler = args.handler
        return handler(args, out, err, today)
    except UsageError as error:
        print(f"allmodel: error: {error}", file=err)
        print(f"usage: allmodel {{{','.join(names)}}} ...", file=err)
        return EXIT_USAGE
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0)
    except BrokenPipeError:  # the reader went away: run() stops quietly
        raise
    except Exception as error:  # a bug in allmodel: one short line, no traceback
        print(one_line(f"allmodel: {internal_error(error)}"), file=err)
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. ``head``) went away: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    raise SystemExit(code)
