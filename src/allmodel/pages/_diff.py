"""What changed between two rulesets (or two versions of one option), exactly.

:func:`diff_rulesets` compares options by id and, within an option, criteria nodes by id
(ids are unique within an option), so a change is reported where it happened and nowhere
else:

* an option added or removed;
* an option's own fields changed: kind, name, citations, registry ids, notes, coverage;
* a node added or removed (once, at the top of the subtree that came or went, with the
  ids below it);
* a node changed, field by field: kind, text, citations, fact, operator, value, unit,
  values, count, jurisdictions, its parent (it moved), and the order of its parts (the
  parts both versions share; an added or removed part is its own change);
* the ruleset's own fields: name, version, effective date, description, validity windows,
  the order of the options they share.

Values are compared as written (``18 years`` and ``216 months`` differ: the rule was
rewritten) and shown in their JSON form.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any

import attrs

from allmodel._display import jsonable
from allmodel.criteria import Node, Option, Ruleset, walk
from allmodel.criteria._nodes import parts_of

__all__ = ["Change", "ChangeKind", "FieldChange", "RulesetDiff", "diff_options", "diff_rulesets"]

_OPTION_FIELDS = ("kind", "name", "citations", "registry_ids", "notes", "coverage")
_RULESET_FIELDS = ("name", "version", "effective", "description", "validity")


class ChangeKind(enum.StrEnum):
    """Whether something was added, removed or changed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return repr(value)
    return repr(value) if not isinstance(value, (list, dict)) else _compact(value)


def _compact(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_show(item)}" for key, item in value.items()) + "}"
    return _show(value)


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field whose value differs.

    Args:
        field: The field's name (``value``, ``citations``, ``parent``, ``parts order``).
        old: The old value in its JSON form (``None``: not set).
        new: The new value in its JSON form.
    """

    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        old, new = self.old, self.new
        if isinstance(old, list) and isinstance(new, list) and self.field != "parts order":
            removed = [item for item in old if item not in new]
            added = [item for item in new if item not in old]
            if not removed and not added:
                return f"{self.field}: order {_show(old)} -> {_show(new)}"
            shown = [f"-{_show(item)}" for item in removed] + [f"+{_show(item)}" for item in added]
            return f"{self.field}: {' '.join(shown)}"
        if isinstance(old, dict) and isinstance(new, dict):
            keys = [key for key in dict.fromkeys((*old, *new)) if old.get(key) != new.get(key)]
            pairs = ", ".join(
                f"{key}: {_show(old.get(key))} -> {_show(new.get(key))}" for key in keys
            )
            return f"{self.field}: {pairs}"
        return f"{self.field}: {_show(old)} -> {_show(new)}"


@attrs.frozen(kw_only=True)
class Change:
    """One change: an option or a node added, removed or changed, or the ruleset changed.

    Args:
        kind: Added, removed or changed.
        option: The option's id; ``None`` for a change of the ruleset's own fields.
        node: The node's id; ``None`` for the option (or the ruleset) itself.
        parent: For a node added or removed: the id of the node it is (was) a part of.
        below: For a node added or removed: the ids of the nodes below it, which came or
            went with it.
        fields: For a change: each field that differs.
    """

    kind: ChangeKind
    option: str | None
    node: str | None = None
    parent: str | None = None
    below: tuple[str, ...] = ()
    fields: tuple[FieldChange, ...] = ()

    def __str__(self) -> str:
        if self.option is None:
            return "ruleset changed: " + "; ".join(str(item) for item in self.fields)
        if self.node is None:
            if self.kind is ChangeKind.CHANGED:
                details = "; ".join(str(item) for item in self.fields)
                return f"option {self.option} changed: {details}"
            return f"option {self.option} {self.kind.value}"
        if self.kind is ChangeKind.CHANGED:
            details = "; ".join(str(item) for item in self.fields)
            return f"{self.option}: node {self.node} changed: {details}"
        where = f" (part of {self.parent})" if self.parent else " (the root)"
        with_it = f", with {', '.join(self.below)}" if self.below else ""
        return f"{self.option}: node {self.node} {self.kind.value}{where}{with_it}"

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict (keys left out when empty)."""
        found: dict[str, Any] = {"kind": self.kind.value, "option": self.option}
        if self.node is not None:
            found["node"] = self.node
        if self.parent is not None:
            found["parent"] = self.parent
        if self.below:
            found["below"] = list(self.below)
        if self.fields:
            found["fields"] = [
                {"field": item.field, "old": item.old, "new": item.new} for item in self.fields
            ]
        return found


@attrs.frozen(kw_only=True)
class RulesetDiff:
    """Every change from one ruleset (or option) to another, in a stable order.

    Args:
        old: What was compared from (``review-2022-12 2.0.0``, or an option id).
        new: What was compared to.
        changes: The changes: the ruleset's own fields, then option by option in the old
            order (removed or changed, node changes in the old tree's order, then nodes
            added), then the options added, in the new order.
    """

    old: str
    new: str
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def to_text(self) -> str:
        """One line per change under a header naming both sides; "no changes" if none."""
        lines = [f"{self.old} -> {self.new}"]
        lines.extend(str(change) for change in self.changes)
        if not self.changes:
            lines.append("no changes")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The diff as a JSON-ready dict: ``old``, ``new`` and the list of ``changes``."""
        return {
            "old": self.old,
            "new": self.new,
            "changes": [change.to_dict() for change in self.changes],
        }

    def __str__(self) -> str:
        return self.to_text()


def _plain(value: object) -> Any:
    """A field's JSON form with whole numbers as integers (``18.0`` read from JSON is the
    ``18`` written in Python)."""
    value = jsonable(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _node_fields(node: Node) -> dict[str, Any]:
    """A node's own fields (not its parts) in JSON form, its kind first."""
    found: dict[str, Any] = {"kind": node.kind}
    for field in attrs.fields(type(node)):
        if field.init and field.name not in ("parts", "part", "id"):
            found[field.name] = _plain(getattr(node, field.name))
    return found


def _index(root: Node) -> dict[str, tuple[Node, str | None]]:
    """Every node of a tree by id, with its parent's id (None for the root), depth first."""
    found: dict[str, tuple[Node, str | None]] = {root.id: (root, None)}
    for node in walk(root):
        for part in parts_of(node):
            found[part.id] = (part, node.id)
    return found


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    names = list(dict.fromkeys((*old, *new)))
    return tuple(
        FieldChange(field=name, old=old.get(name), new=new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    )


def _subtree_changes(
    option_id: str,
    kind: ChangeKind,
    ids: list[str],
    index: dict[str, tuple[Node, str | None]],
) -> list[Change]:
    """One change per subtree that came or went: its top node, with the ids below it."""
    gone = set(ids)
    changes = []
    for node_id in ids:
        node, parent = index[node_id]
        if parent in gone:
            continue  # listed with the top of its subtree
        below = tuple(item.id for item in walk(node) if item.id != node_id and item.id in gone)
        changes.append(
            Change(kind=kind, option=option_id, node=node_id, parent=parent, below=below)
        )
    return changes


def _option_changes(old: Option, new: Option) -> list[Change]:
    changes: list[Change] = []
    fields = _field_changes(
        {name: _plain(getattr(old, name)) for name in _OPTION_FIELDS},
        {name: _plain(getattr(new, name)) for name in _OPTION_FIELDS},
    )
    if fields:
        changes.append(Change(kind=ChangeKind.CHANGED, option=old.id, fields=fields))
    old_index, new_index = _index(old.criteria), _index(new.criteria)
    removed = [node_id for node_id in old_index if node_id not in new_index]
    changes.extend(_subtree_changes(old.id, ChangeKind.REMOVED, removed, old_index))
    for node_id, (old_node, old_parent) in old_index.items():
        if node_id not in new_index:
            continue
        new_node, new_parent = new_index[node_id]
        differences = list(_field_changes(_node_fields(old_node), _node_fields(new_node)))
        if old_parent != new_parent:
            differences.append(FieldChange(field="parent", old=old_parent, new=new_parent))
        shared_old = [p.id for p in parts_of(old_node) if p.id in new_index]
        shared_new = [p.id for p in parts_of(new_node) if p.id in old_index]
        if set(shared_old) == set(shared_new) and shared_old != shared_new:
            differences.append(FieldChange(field="parts order", old=shared_old, new=shared_new))
        if differences:
            changes.append(
                Change(
                    kind=ChangeKind.CHANGED,
                    option=old.id,
                    node=node_id,
                    fields=tuple(differences),
                )
            )
    added = [node_id for node_id in new_index if node_id not in old_index]
    changes.extend(_subtree_changes(old.id, ChangeKind.ADDED, added, new_index))
    return changes


def _options_changes(old: tuple[Option, ...], new: tuple[Option, ...]) -> list[Change]:
    new_by_id = {option.id: option for option in new}
    old_ids = {option.id for option in old}
    changes: list[Change] = []
    for option in old:
        other = new_by_id.get(option.id)
        if other is None:
            changes.append(Change(kind=ChangeKind.REMOVED, option=option.id))
        elif other != option:
            changes.extend(_option_changes(option, other))
    changes.extend(
        Change(kind=ChangeKind.ADDED, option=option.id)
        for option in new
        if option.id not in old_ids
    )
    return changes


def diff_rulesets(old: Ruleset, new: Ruleset) -> RulesetDiff:
    """Every change from ``old`` to ``new`` (see the module docstring for what counts).

    A ruleset compared with itself, or with an equal copy, has no changes.
    """
    old_fields = {name: _plain(getattr(old, name)) for name in _RULESET_FIELDS}
    new_fields = {name: _plain(getattr(new, name)) for name in _RULESET_FIELDS}
    fields = list(_field_changes(old_fields, new_fields))
    new_ids = set(new.ids)
    shared_old = [option_id for option_id in old.ids if option_id in new_ids]
    shared_new = [option_id for option_id in new.ids if option_id in set(old.ids)]
    if shared_old != shared_new:
        fields.append(FieldChange(field="options order", old=shared_old, new=shared_new))
    changes = [Change(kind=ChangeKind.CHANGED, option=None, fields=tuple(fields))] if fields else []
    changes.extend(_options_changes(old.options, new.options))
    return RulesetDiff(
        old=f"{old.name} {old.version}", new=f"{new.name} {new.version}", changes=tuple(changes)
    )


def diff_options(old: Option, new: Option) -> RulesetDiff:
    """Every change from one option to another, as :func:`diff_rulesets` reports them (an
    option with another id is one option removed and one added)."""
    return RulesetDiff(old=old.id, new=new.id, changes=tuple(_options_changes((old,), (new,))))
