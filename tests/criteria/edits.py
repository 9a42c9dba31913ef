"""Edits of criteria trees by node id, for tests that change one thing and check the rest."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from allmodel.criteria import All, Any, AtLeast, Node, Not, Option, Ruleset

__all__ = ["edit_node", "remove_node", "replace_option"]


def edit_node(root: Node, node_id: str, change: Callable[[Node], Node]) -> Node:
    """``root`` with the node ``node_id`` replaced by ``change(node)``.

    Raises:
        KeyError: No node has this id.
    """
    found: list[str] = []

    def visit(node: Node) -> Node:
        if node.id == node_id:
            found.append(node_id)
            return change(node)
        if isinstance(node, (All, Any, AtLeast)):
            return attrs.evolve(node, parts=tuple(visit(part) for part in node.parts))
        if isinstance(node, Not):
            return attrs.evolve(node, part=visit(node.part))
        return node

    result = visit(root)
    if not found:
        raise KeyError(node_id)
    return result


def remove_node(root: Node, node_id: str) -> Node:
    """``root`` without the node ``node_id`` (a part of an All, Any or AtLeast).

    Raises:
        KeyError: No composite has a part with this id.
    """
    found: list[str] = []

    def visit(node: Node) -> Node:
        if isinstance(node, (All, Any, AtLeast)):
            kept = tuple(visit(part) for part in node.parts if part.id != node_id)
            if len(kept) != len(node.parts):
                found.append(node_id)
            return attrs.evolve(node, parts=kept)
        if isinstance(node, Not):
            return attrs.evolve(node, part=visit(node.part))
        return node

    result = visit(root)
    if not found:
        raise KeyError(node_id)
    return result


def replace_option(ruleset: Ruleset, option_id: str, change: Callable[[Option], Option]) -> Ruleset:
    """``ruleset`` with its option ``option_id`` replaced by ``change(option)``."""
    options = tuple(
        change(option) if option.id == option_id else option for option in ruleset.options
    )
    return attrs.evolve(ruleset, options=options)
