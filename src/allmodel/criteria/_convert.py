"""The cattrs converter of the criteria language, and the canonical digest of its JSON.

One converter reads and writes criteria nodes (tagged by ``kind``, defaults left out),
options and rulesets; :mod:`allmodel.criteria._json` reads documents with it and
:mod:`allmodel.criteria._options` digests options and rulesets with it
(:func:`canonical_hash`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, cast

import cattrs
from cattrs.gen import make_dict_unstructure_fn

from allmodel._jsonio.converter import make_converter
from allmodel._jsonio.decoding import check_unicode
from allmodel.criteria._nodes import NODE_KINDS, Criterion, Node
from allmodel.errors import Problem, ValidationError

__all__ = ["NODE_TYPE", "canonical_hash", "converter"]

#: The type of a criteria tree (any node), as fields of options declare it.
NODE_TYPE: Any = Node


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
def converter() -> cattrs.Converter:
    conv = make_converter()
    conv.register_structure_hook_func(lambda t: t == NODE_TYPE, _structure_node(conv))
    conv.register_unstructure_hook_func(
        lambda t: t == NODE_TYPE, lambda node: conv.unstructure(node, type(node))
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Criterion), _unstructure_criterion
    )
    return conv


def canonical_hash(document: Mapping[str, Any]) -> str:
    """``sha256:`` and the hex digest of a JSON-ready document in canonical form: whole
    numbers written as integers (a threshold of ``18`` written in Python and ``18.0`` read
    back from JSON are one value), keys sorted, no whitespace, UTF-8. It depends on
    nothing but the value: equal in every process, whatever ``PYTHONHASHSEED``.

    Raises:
        DocumentError: A string is not valid Unicode (a lone surrogate).
    """
    check_unicode(document)
    text = json.dumps(
        _canonical_numbers(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical_numbers(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _canonical_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical_numbers(item) for item in value]
    return value
