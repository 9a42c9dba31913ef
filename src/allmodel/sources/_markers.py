"""Source markers in running text: ``[<source id>]`` inside a note cites that source.

A note (``Option.notes``) cites inline: "... follows the label [label-eu-blincyto]
[decision-1]." A marker is a source id in square brackets, the id written as the
registry spells ids (lower-case letters, digits, ``.`` and ``-``, starting with a letter
or digit).
"""

from __future__ import annotations

import re

__all__ = ["MARKER", "SOURCE_ID_PATTERN", "marked_ids"]

#: How the registry spells a source id (a regular expression).
SOURCE_ID_PATTERN = r"[a-z0-9][a-z0-9.-]*"

#: A source marker; group 1 is the id.
MARKER = re.compile(rf"\[({SOURCE_ID_PATTERN})\]")


def marked_ids(text: str) -> tuple[str, ...]:
    """The ids marked in ``text``, each once, in order of first appearance."""
    return tuple(dict.fromkeys(match.group(1) for match in MARKER.finditer(text)))
