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
:func:`content_hash` digests the canonical form of an option or a ruleset.

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

import hashlib
import json
import os
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, cast

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from allmodel._jsonio.converter import make_converter
from allmodel._jsonio.decoding import JsonSource, check_decoded, check_unicode, read_document
from allmodel._jsonio.files import write_text_atomic
from allmodel._jsonio.problems import problems_from
from allmodel.criteria._nodes import NODE_KINDS, Criterion, Node
from allmodel.criteria._options import Option, Ruleset
from allmodel.errors import DocumentError, Problem, ValidationError

__all__ = [
    "content_hash",
    "criterion_from_dict",
    "criterion_to_dict",
    "dump_option",
    "load_criteria",
    "option_from_dict",
    "option_to_dict",
    "ruleset_from_dict",
    "ruleset_to_dict",
]

_NODE_TYPE = typing.get_type_hints(Option)["criteria"]


def _structure_node(conv: cattrs.Converter) -> Any:
    def structure(data: object, _: object) -> Node:
        if not isinstance(data, Mapping):
            raise ValidationError([Problem("", "expected a criterion object")])
        kind = data.get("kind")
        if kind is None:
            raise ValidationError([Problem("kind", "required field missing")])
        cls = NODE_KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise ValidationError(
                [Problem("kind", f"{kind!r} is not one of: {', '.join(NODE_KINDS)}")]
            )
        body = {key: value for key, value in data.items() if key != "kind"}
        return cast("Node", conv.structure(body, cls))

    return structure


def _unstructure_criterion(cls: type, conv: cattrs.Converter) -> Any:
    generated: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, conv, _cattrs_omit_if_default=True
    )

    def unstructure(node: Criterion) -> dict[str, Any]:
        return {"kind": node.kind, **generated(node)}

    return unstructure


@cache
def _converter() -> cattrs.Converter:
    conv = make_converter()
    conv.register_structure_hook_func(lambda t: t == _NODE_TYPE, _structure_node(conv))
    conv.register_unstructure_hook_func(
        lambda t: t == _NODE_TYPE, lambda node: conv.unstructure(node, type(node))
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Criterion), _unstructure_criterion
    )
    return conv


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


def content_hash(item: Option | Ruleset) -> str:
    """``sha256:`` and the hex digest of the canonical JSON of an option or a ruleset.

    The canonical JSON is :func:`option_to_dict` (or :func:`ruleset_to_dict`, with its
    validity windows written even when they are allmodel's default, so a change of the
    default changes the hash) with whole numbers written as integers, serialised with
    sorted keys, no whitespace and UTF-8. It
    depends on nothing but the value: equal in every process (whatever
    ``PYTHONHASHSEED``), equal after a dump and load, different when anything changes.
    """
    if isinstance(item, Ruleset):
        document = ruleset_to_dict(item)
        document["validity"] = attrs.asdict(item.validity)  # every window, defaults too
    else:
        document = option_to_dict(item)
    check_unicode(document)
    text = json.dumps(
        _canonical_numbers(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical_numbers(value: object) -> object:
    """``value`` with every whole float written as an integer: a threshold of ``18``
    (as written in Python) and ``18.0`` (as read back from JSON) are the same value, so
    they must give the same hash."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _canonical_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical_numbers(item) for item in value]
    return value
