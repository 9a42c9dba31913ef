"""Criteria as data: options and rulesets to and from JSON, and local trial definitions.

Every criterion node is a JSON object tagged by ``kind`` (``threshold``, ``is_in``,
``is``, ``known``, ``in_jurisdiction``, ``constant``, ``all``, ``any``, ``not``,
``at_least``) with its ``id``, ``text``, ``citations`` and its own fields; composites
nest their ``parts`` (``part`` for ``not``). An option adds ``id``, ``kind`` (``therapy``
or ``trial``), ``name``, ``citations``, ``registry_ids``, ``notes``, ``criteria`` and
``coverage``, a list of ``{"source", "condition", "excluding", "status", "rule",
"reason"}`` objects (:class:`~allmodel.criteria.Coverage`; ``status`` one of
``encoded``, ``not_applicable``, ``not_encoded``, ``unconfirmed``)::

    {"id": "local_cd22_pilot", "kind": "trial", "name": "...", "citations": ["..."],
     "criteria": {"kind": "all", "id": "entry", "text": "entry criteria", "parts": [
        {"kind": "threshold", "id": "adult", "text": "aged 18 or over",
         "fact": "age_years", "op": ">=", "value": 18, "unit": "years"}]},
     "coverage": [{"source": "review", "condition": "adults", "excluding": true,
                   "status": "encoded", "rule": "adult"}]}

Fields equal to their default are left out when writing (no ``"coverage": []``).

Reading never executes code. It checks every fact name against the fact schema, every
threshold's unit against the fact's unit, every category value against the fact's
categories, and the shape of every node; all problems are reported at once with their
JSON paths, as for patient documents (:class:`~allmodel.errors.DocumentError`), and
nothing else is ever raised. Input is decoded and checked by :mod:`allmodel._jsonio.decoding`
first, with the same limits as a patient document (10 MiB of text, 64 nested levels,
10,000 items per array, 1,000 members per object), no duplicate keys and valid Unicode
only. ``dump_option`` writes its file atomically (:mod:`allmodel._jsonio.files`).
"""

from __future__ import annotations

import json
import os
from typing import Any

from allmodel._jsonio.decoding import JsonSource, check_decoded, check_unicode, read_document
from allmodel._jsonio.files import write_text_atomic
from allmodel._jsonio.problems import problems_from
from allmodel.criteria._convert import NODE_TYPE as _NODE_TYPE
from allmodel.criteria._convert import converter as _converter
from allmodel.criteria._nodes import Node
from allmodel.criteria._options import Option, Ruleset
from allmodel.errors import DocumentError, ValidationError

__all__ = [
    "criterion_from_dict",
    "criterion_to_dict",
    "dump_option",
    "load_criteria",
    "option_from_dict",
    "option_to_dict",
    "ruleset_from_dict",
    "ruleset_to_dict",
]


def _structure(data: object, cls: Any) -> Any:
    check_decoded(data)
    return _structure_checked(data, cls)


def _structure_checked(data: object, cls: Any) -> Any:
    try:
        return _converter().structure(data, cls)
    except ValidationError as error:
        raise DocumentError([p.prefixed("$") for p in error.problems]) from None
    except Exception as error:
        raise DocumentError(problems_from(error)) from None


def criterion_to_dict(node: Node) -> dict[str, Any]:
    """The JSON-ready dict of a criterion tree (tagged by ``kind``)."""
    result: dict[str, Any] = _converter().unstructure(node, type(node))
    return result


def criterion_from_dict(data: object) -> Node:
    """Build a criterion tree from decoded JSON.

    Raises:
        DocumentError: Every problem, with its JSON path.
    """
    node: Node = _structure(data, _NODE_TYPE)
    return node


def option_to_dict(option: Option) -> dict[str, Any]:
    """The JSON-ready dict of an option."""
    result: dict[str, Any] = _converter().unstructure(option, Option)
    return result


def option_from_dict(data: object) -> Option:
    """Build an option from decoded JSON (see the module docstring for the layout).

    Raises:
        DocumentError: Every problem, with its JSON path.
    """
    option: Option = _structure(data, Option)
    return option


def ruleset_to_dict(ruleset: Ruleset) -> dict[str, Any]:
    """The JSON-ready dict of a ruleset (all its options)."""
    result: dict[str, Any] = _converter().unstructure(ruleset, Ruleset)
    return result


def ruleset_from_dict(data: object) -> Ruleset:
    """Build a ruleset from decoded JSON.

    Raises:
        DocumentError: Every problem, with its JSON path.
    """
    ruleset: Ruleset = _structure(data, Ruleset)
    return ruleset


def load_criteria(source: JsonSource) -> Option:
    """Read a hospital's own trial (or therapy) definition: one option as JSON.

    Args:
        source: JSON text, bytes, a path (``os.PathLike``) or a decoded mapping.

    Raises:
        DocumentError: Every problem with its JSON path (unknown facts, units that do
            not match the fact, unknown keys, missing fields, ...).
    """
    option: Option = _structure_checked(read_document(source), Option)
    return option


def dump_option(option: Option, path: str | os.PathLike[str] | None = None) -> str:
    """The option as JSON text; also written to ``path`` when one is given.

    The file is replaced atomically: if writing fails, the previous file is unchanged.

    Raises:
        DocumentError: A string of the option is not valid Unicode (a lone surrogate),
            at its JSON path; no file is touched.
        OSError: The file could not be written (the previous file is unchanged).
    """
    document = option_to_dict(option)
    check_unicode(document)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if path is not None:
        write_text_atomic(path, text)
    return text
