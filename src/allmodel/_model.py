"""The shared machinery of allmodel's immutable model classes.

Every model class is an ``attrs`` class (frozen, slotted, keyword-only) deriving from
:class:`Model`. Field constraints are declared as *checks* in field metadata
(``attrs.field(metadata=checks(InRange(0, 100)))``) rather than attrs validators, so
that an object reports **every** broken constraint at once, each with its field path,
instead of stopping at the first. Cross-field rules (an end date before a start date)
live in a class's ``_consistency`` method.

Checks are small frozen callables with readable reprs; they describe the constraint
(``must be between 0 and 100 %``) and the model adds the field name and the offending
value, unless the field is marked ``sensitive`` (identifiers, date of birth), whose
values never appear in a message.

The JSON converter builds objects within :func:`types_checked`, where constructors skip
the type checks its hooks made already. The patient model's classes pickle as their
field values (:class:`PickledByFields`) and its enumerations by member name
(:func:`pickled_by_name`), so that a process receiving a patient rebuilds it without
checking it again.
"""

from __future__ import annotations

import enum
import importlib
import math
import operator
import pickle
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any, NoReturn, Protocol

import attrs

from allmodel.errors import ChronologyError, Problem, ValidationError

__all__ = [
    "AtMost",
    "Check",
    "InRange",
    "Matches",
    "Model",
    "NonEmpty",
    "PickledByFields",
    "checks",
    "date_order",
    "pickled_by_name",
    "types_checked",
]

CHECKS_KEY = "allmodel.checks"
SENSITIVE_KEY = "allmodel.sensitive"
DOC_KEY = "allmodel.doc"


class Check(Protocol):
    """A constraint on one field's value: returns ``None`` if met, else what it requires."""

    def __call__(self, value: Any) -> str | None: ...


def _number(value: float) -> str:
    """The shortest text that reads back as exactly ``value`` (``650``, ``100.0001``)."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


@attrs.frozen
class InRange:
    """A number (or, with ``unit``, a measure converted to that unit) within bounds.

    Args:
        low: Lower bound, or ``None`` for none.
        high: Upper bound, or ``None`` for none.
        low_inclusive: Whether ``low`` itself is allowed.
        high_inclusive: Whether ``high`` itself is allowed.
        unit: For measures: the unit code the bounds are expressed in.
    """

    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str = ""

    def _bound_text(self) -> str:
        suffix = f" {self.unit}" if self.unit else ""
        parts = []
        if self.low is not None:
            parts.append(f"{'>=' if self.low_inclusive else '>'} {_number(self.low)}{suffix}")
        if self.high is not None:
            parts.append(f"{'<=' if self.high_inclusive else '<'} {_number(self.high)}{suffix}")
        return "must be " + " and ".join(parts)

    def __call__(self, value: Any) -> str | None:
        unit, low, high = self.unit, self.low, self.high
        number = value.magnitude_in(unit) if unit else value
        if low is not None and (number < low or (number == low and not self.low_inclusive)):
            return self._bound_text()
        if high is not None and (number > high or (number == high and not self.high_inclusive)):
            return self._bound_text()
        return None


def AtMost(high: float, unit: str = "") -> InRange:  # noqa: N802  (reads as a constraint)
    """Shorthand for an inclusive upper bound."""
    return InRange(high=high, unit=unit)


@attrs.frozen
class Matches:
    """A string matching a regular expression (full match).

    Args:
        pattern: The regular expression.
        description: What the pattern means, for the message (``a LOINC code``).
    """

    pattern: str
    description: str
    _compiled: re.Pattern[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.pattern))

    def __call__(self, value: Any) -> str | None:
        if isinstance(value, str) and self._compiled.fullmatch(value):
            return None
        return f"must be {self.description}"


@attrs.frozen
class NonEmpty:
    """A string that is not blank, or a collection with at least one item."""

    def __call__(self, value: Any) -> str | None:
        if isinstance(value, str):
            return None if value.strip() else "must not be blank"
        return None if len(value) else "must not be empty"


def checks(*constraints: Check, sensitive: bool = False, doc: str = "") -> Mapping[str, Any]:
    """Field metadata declaring the constraints of a field.

    Args:
        *constraints: Checks applied to the field's value when it is not ``None``.
        sensitive: The value identifies the patient and must never appear in a message.
        doc: One-line description, used in the JSON Schema.
    """
    return {CHECKS_KEY: constraints, SENSITIVE_KEY: sensitive, DOC_KEY: doc}


def _type_check(annotation: Any) -> Callable[[Any], str | None] | None:
    """Build a runtime check for a field's declared type (``None`` values never reach it)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _type_check(members[0]) if len(members) == 1 else None
    if origin is tuple:
        args = typing.get_args(annotation)
        item = args[0] if len(args) == 2 and args[1] is Ellipsis else None
        item_check = _type_check(item) if item is not None else None

        def check_tuple(value: Any) -> str | None:
            if not isinstance(value, tuple):
                return f"must be a tuple, not {type(value).__name__}"
            if item_check is not None:
                for index, element in enumerate(value):
                    problem = item_check(element)
                    if problem is not None:
                        return f"item {index} {problem}"
            return None

        return check_tuple
    if annotation is float:
        return _check_number
    if annotation is int:
        return _check_integer
    if annotation is bool:
        return _check_bool
    if annotation is date:
        return _check_date
    if isinstance(annotation, type):
        expected = annotation

        def check_instance(value: Any) -> str | None:
            if isinstance(value, expected):
                return None
            article = "an" if expected.__name__[0] in "AEIOU" else "a"
            return f"must be {article} {expected.__name__}, not {type(value).__name__}"

        return check_instance
    return None


def _check_number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"must be a number, not {type(value).__name__}"
    if not math.isfinite(value):
        return "must be a finite number"
    return None


def _check_integer(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be an integer, not {type(value).__name__}"
    return None


def _check_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {type(value).__name__}"


def _check_date(value: Any) -> str | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return None
    return f"must be a date, not {type(value).__name__}"


@attrs.frozen
class _FieldPlan:
    name: str
    type_check: Callable[[Any], str | None] | None
    checks: tuple[Callable[[Any], str | None], ...]
    sensitive: bool
    nullable: bool = True


_plans: dict[type, tuple[_FieldPlan, ...]] = {}


def _admits_none(annotation: Any) -> bool:
    """Whether a field's declared type allows ``None`` (unannotated fields do)."""
    if annotation is None or annotation is Any or annotation is type(None):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return type(None) in typing.get_args(annotation)
    return False


def _plan(cls: type) -> tuple[_FieldPlan, ...]:
    found = _plans.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        plans = []
        for field in attrs.fields(cls):
            if not field.init:
                continue  # derived by the class itself, not given by the caller
            declared: tuple[Callable[[Any], str | None], ...] = tuple(
                field.metadata.get(CHECKS_KEY, ())
            )
            type_check = _type_check(hints.get(field.name))
            nullable = _admits_none(hints.get(field.name))
            if type_check is not None or declared or not nullable:
                sensitive = bool(field.metadata.get(SENSITIVE_KEY, False))
                plans.append(_FieldPlan(field.name, type_check, declared, sensitive, nullable))
        found = tuple(plans)
        _plans[cls] = found
    return found


def _check_value(plan: _FieldPlan, value: Any) -> Problem | None:
    if plan.type_check is not None:
        wrong_type = plan.type_check(value)
        if wrong_type is not None:
            return Problem(plan.name, wrong_type)
    for check in plan.checks:
        requirement = check(value)
        if requirement is not None:
            shown = requirement if plan.sensitive else f"{requirement}, got {_show(value)}"
            return Problem(plan.name, shown)
    return None


def field_problem(cls: type, name: str, value: Any) -> Problem | None:
    """Check one field value of a model class as its constructor would, or ``None`` if fine."""
    if value is None:
        return None
    for plan in _plan(cls):
        if plan.name == name:
            return _check_value(plan, value)
    return None


def _show(value: Any) -> str:
    if hasattr(value, "magnitude_in"):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    return repr(value)


class Model:
    """Base of every model class: checks types, declared constraints and consistency.

    On creation each field that is not ``None`` is checked against its declared type
    and then its declared checks (stopping at the first failure for that field). If all
    fields pass, the class's ``_consistency`` rules run (units that depend on another
    field, date order, ...). Every problem found is reported at once.

    Raises:
        ValidationError: Field constraints or consistency rules are broken; when every
            problem comes from one kind of rule the more specific subclass is raised
            (:class:`~allmodel.errors.UnitError`, :class:`~allmodel.errors.ChronologyError`).
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        if _TYPES_CHECKED.get():
            found = _declared.get(type(self))
            if found is None:
                found = _declared_of(type(self))
            declared_steps, has_rules = found
            for name, declared in declared_steps:
                value = getattr(self, name)
                if value is not None:
                    for check in declared:
                        if check(value) is not None:
                            self._refuse()
            if not has_rules:
                return
        else:
            steps = _steps.get(type(self))
            if steps is None:
                steps = _steps_of(type(self))
            for name, nullable, type_check, declared in steps:
                value = getattr(self, name)
                if value is None:
                    if not nullable:
                        self._refuse()
                    continue
                if type_check is not None and type_check(value) is not None:
                    self._refuse()
                for check in declared:
                    if check(value) is not None:
                        self._refuse()
        errors = list(self._consistency())
        if errors:
            kinds = {type(error) for error in errors}
            kind = kinds.pop() if len(kinds) == 1 else ValidationError
            raise kind([problem for error in errors for problem in error.problems])

    def _refuse(self) -> NoReturn:
        """Raise the error for the fields whose checks fail, each named with what it needs."""
        problems: list[Problem] = []
        for plan in _plan(type(self)):
            value = getattr(self, plan.name)
            if value is None:
                if not plan.nullable:
                    problems.append(Problem(plan.name, "is required, got None"))
                continue
            problem = _check_value(plan, value)
            if problem is not None:
                problems.append(problem)
        raise ValidationError(problems)

    def _consistency(self) -> Iterable[ValidationError]:
        """Cross-field rules; yields one error per broken rule. None by default."""
        return ()


#: Per class, what its constructor checks, as plain tuples (it runs for every object
#: made): the field's name, whether it may be ``None``, its type check and its declared
#: checks. Any failure makes :meth:`Model._refuse` check every field again, to report
#: every problem at once.
_Step = tuple[
    str, bool, Callable[[Any], str | None] | None, tuple[Callable[[Any], str | None], ...]
]
_steps: dict[type, tuple[_Step, ...]] = {}


def _steps_of(cls: type) -> tuple[_Step, ...]:
    found = tuple((p.name, p.nullable, p.type_check, p.checks) for p in _plan(cls))
    _steps[cls] = found
    return found


#: Per class, what the constructor checks within :func:`types_checked`: each field with
#: declared checks (name and checks), and whether the class has consistency rules.
_declared: dict[
    type, tuple[tuple[tuple[str, tuple[Callable[[Any], str | None], ...]], ...], bool]
] = {}


def _declared_of(
    cls: type,
) -> tuple[tuple[tuple[str, tuple[Callable[[Any], str | None], ...]], ...], bool]:
    steps = tuple((p.name, p.checks) for p in _plan(cls) if p.checks)
    has_rules = getattr(cls, "_consistency", None) is not Model._consistency
    _declared[cls] = found = (steps, has_rules)
    return found


_TYPES_CHECKED: ContextVar[bool] = ContextVar("allmodel_types_checked", default=False)


@contextmanager
def types_checked() -> Iterator[None]:
    """Within this block, model constructors take every field's type as checked.

    They skip the type checks (and the check that a required field is not ``None``) and
    run only the declared checks and the consistency rules. Only the JSON converter
    uses it, around structuring that gives each field a value of its declared type
    from that type's own structure hook (:mod:`allmodel._jsonio.converter`); when a
    declared check fails, the error is made as always, with every field checked.
    """
    token = _TYPES_CHECKED.set(True)
    try:
        yield
    finally:
        _TYPES_CHECKED.reset(token)


class PickledByFields:
    """Mixin of frozen, slotted attrs classes: pickled as their field values, unpickled
    without running the constructor.

    The object was checked when it was made and cannot change since, so its copy is
    rebuilt field by field (every field, those the class derives itself too) instead of
    being made, and checked, again; pickle's default for slotted attrs classes (a state
    dict set field by field through ``__setstate__``) costs several times as much. The
    class is named in the pickle by a key (``module:QualifiedName``) that the receiving
    process looks up once, not as a global that pickle imports and checks in every
    pickle. ``copy.copy`` and ``copy.deepcopy`` use it too. Not for classes that cache
    their hash (``cache_hash=True``: the cache slot is no field).
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        found = _fields.get(type(self))
        if found is None:
            found = _fields_of(type(self))
        return _rebuild, (found[0], found[1](self))


_Setter = Callable[[Any, Any], None]

#: Per class pickled by fields: its key, a getter of its field values (in
#: ``attrs.fields`` order) as a tuple, and the setter of each field's slot.
_fields: dict[type, tuple[str, Callable[[Any], tuple[Any, ...]], tuple[_Setter, ...]]] = {}


def _key(obj: type) -> str:
    return f"{obj.__module__}:{obj.__qualname__}"


def _fields_of(cls: type) -> tuple[str, Callable[[Any], tuple[Any, ...]], tuple[_Setter, ...]]:
    names = tuple(field.name for field in attrs.fields(cls))
    getter: Callable[[Any], tuple[Any, ...]]
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        getter = lambda obj: (single(obj),)  # noqa: E731  (attrgetter of one name gives no tuple)
    else:
        getter = typing.cast("Callable[[Any], tuple[Any, ...]]", operator.attrgetter(*names))
    # a slot's descriptor sets it directly (a frozen class's __setattr__ refuses)
    setters = tuple(getattr(cls, name).__set__ for name in names)
    _fields[cls] = found = (_key(cls), getter, setters)
    return found


#: What pickles name by key (classes pickled by fields, members of enumerations pickled
#: by name), by key, as found in this process.
_by_key: dict[str, Any] = {}


def _resolve(key: str) -> Any:
    """The class or member a key names (its module imported if need be)."""
    found = _by_key.get(key)
    if found is None:
        module, _, qualname = key.partition(":")
        found = importlib.import_module(module)
        for part in qualname.split("."):
            found = getattr(found, part)
        owner = type(found) if isinstance(found, enum.Enum) else found
        if not (
            isinstance(owner, type)
            and (issubclass(owner, PickledByFields) or owner.__reduce_ex__ is _reduce_by_name)
        ):
            raise pickle.UnpicklingError(f"{key} is no class or member pickled by key")
        _by_key[key] = found
    return found


def _rebuild(key: str, values: tuple[Any, ...]) -> PickledByFields:
    """Unpickle an object of the class ``key`` names, whose fields (in ``attrs.fields``
    order) hold ``values``."""
    cls = _by_key.get(key)
    if cls is None:
        cls = _resolve(key)
    found = _fields.get(cls)
    if found is None:
        found = _fields_of(cls)
    obj: PickledByFields = object.__new__(cls)
    for setter, value in zip(found[2], values, strict=True):
        setter(obj, value)
    return obj


_E = typing.TypeVar("_E", bound=type[enum.Enum])


def pickled_by_name(cls: _E) -> _E:
    """Class decorator of an enumeration: its members are pickled by a key that names
    them (``module:Class.NAME``), which the receiving process looks up once, instead of
    a call of the class with the value (enum's default)."""
    cls.__reduce_ex__ = _reduce_by_name  # type: ignore[assignment,method-assign]  # replaces enum pickling
    return cls


#: The key of each member pickled by name, by the member's id: members live as long as
#: their class, and members of two string enumerations with one value are equal.
_member_keys: dict[int, str] = {}


def _reduce_by_name(member: enum.Enum, protocol: object) -> tuple[Any, tuple[Any, ...]]:
    del protocol
    key = _member_keys.get(id(member))
    if key is None:
        key = _member_keys[id(member)] = f"{_key(type(member))}.{member.name}"
    return _member, (key,)


def _member(key: str) -> enum.Enum:
    """Unpickle the member of an enumeration that ``key`` names."""
    found = _by_key.get(key)
    if found is None:
        found = _resolve(key)
    member: enum.Enum = found
    return member


def date_order(
    earlier: date | None, later: date | None, path: str, what: str
) -> Iterator[ChronologyError]:
    """Yield a chronology error at ``path`` when ``later`` is before ``earlier``."""
    if earlier is not None and later is not None and later < earlier:
        yield ChronologyError([Problem(path, f"is before {what}")])
