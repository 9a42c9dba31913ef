"""Whether a status table may be read with a ruleset and jurisdiction (its metadata).

A status table made by allmodel records the format, the ruleset's name, version and
content hash and the jurisdiction in its schema metadata
(:func:`~allmodel.cohort._statuses.status_metadata`). Reading one with other criteria
would count the wrong rules, so a table that says it was computed otherwise is refused;
a table without that metadata (built by other means) is taken as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allmodel.cohort._columns import read_metadata
from allmodel.cohort._statuses import STATUS_TABLE_FORMAT
from allmodel.criteria import Jurisdiction, Ruleset
from allmodel.errors import RuleError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["check_statuses", "status_jurisdiction"]


def check_statuses(schema: pa.Schema, ruleset: Ruleset) -> None:
    """Check that a status table was computed with ``ruleset`` (when it says).

    Raises:
        RuleError: Another format, or another ruleset (by content hash).
    """
    found = read_metadata(schema)
    if not found:
        return
    if found.get("allmodel.format") != STATUS_TABLE_FORMAT:
        raise RuleError(
            f"not a status table of format {STATUS_TABLE_FORMAT}: {found.get('allmodel.format')!r}"
        )
    if found.get("allmodel.ruleset_hash") != ruleset.content_hash:
        raise RuleError(
            "the status table was computed with ruleset"
            f" {found.get('allmodel.ruleset')!r} {found.get('allmodel.ruleset_version')!r},"
            f" not {ruleset.name!r} {ruleset.version!r}"
        )


def status_jurisdiction(schema: pa.Schema) -> Jurisdiction | None:
    """The jurisdiction a status table was computed for, when its metadata says.

    Raises:
        RuleError: The metadata names no jurisdiction allmodel knows.
    """
    code = read_metadata(schema).get("allmodel.jurisdiction")
    if code is None:
        return None
    try:
        return Jurisdiction(code)
    except ValueError:
        raise RuleError(f"the status table names an unknown jurisdiction: {code!r}") from None
