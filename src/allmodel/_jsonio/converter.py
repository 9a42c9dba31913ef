"""The one cattrs converter that reads and writes allmodel's model classes.

Structuring is strict, because a clinical document that is silently coerced is worse
than one that is refused: numbers must be JSON numbers (``"3"`` and ``true`` are
refused, ``1.9`` is not truncated to an integer), strings must be strings, dates must be
``YYYY-MM-DD``, enumerations must use their exact values, arrays must be arrays, objects
must be objects and unknown keys are refused. Measures are ``{"value": 1.8, "unit":
"mg/m2"}`` with the unit from the closed table. Every problem is collected with its path
(see :mod:`allmodel._jsonio.problems`).

Documents are read by :func:`structure`: first by a second converter that collects no
problems and whose constructors take the types its hooks gave as checked (most
documents are valid, and this costs a fraction), then, only when that fails anywhere, by
the converter above, whose error lists every problem. The result, or the error, is the
same either way.

Unstructuring omits fields that equal their default, so documents stay short, and a
round trip through the converter reproduces the object exactly.

Type-error messages never echo the offending value: the field might hold an identifier.
"""

from __future__ import annotations

import enum
import math
import operator
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache, lru_cache
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from allmodel._jsonio.problems import key_segment
from allmodel._model import Model, field_problem, types_checked
from allmodel.errors import Problem, ValidationError
from allmodel.measures import Measure

__all__ = ["converter", "make_converter", "native_converter", "structure"]

T = TypeVar("T")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _problem(message: str) -> ValidationError:
    return ValidationError([Problem("", message)])


def _structure_float(value: object, _: type) -> float:
    if type(value) is float and math.isfinite(value):
        return value  # what float(value) gives
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _problem(f"expected a number, got {_kind(value)}")
    try:
        result = float(value)
    except OverflowError:  # an integer beyond the float range (JSON allows any length)
        raise _problem("expected a finite number") from None
    if not math.isfinite(result):
        raise _problem("expected a finite number")
    return result


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _problem(f"expected an integer, got {_kind(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise _problem(f"expected an integer, got {value:g}")
        return int(value)
    return value


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _problem(f"expected a string, got {_kind(value)}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _problem(f"expected true or false, got {_kind(value)}")
    return value


def _structure_date(value: object, _: type) -> date:
    if not isinstance(value, str):
        raise _problem(f"expected a date string YYYY-MM-DD, got {_kind(value)}")
    return _date(value)


@lru_cache(maxsize=16384)
def _date(value: str) -> date:
    """The day a ``YYYY-MM-DD`` string names; kept for the days read most recently, since a
    record (and a cohort) gives the same days many times. Refusals are not kept."""
    if not _DATE.fullmatch(value):
        raise _problem("expected a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _problem("is not a calendar date (YYYY-MM-DD)") from None


#: Per enumeration, its members by string value (``cls(value)`` looks them up the same
#: way, through more calls).
_MEMBERS: dict[type[enum.Enum], dict[str, enum.Enum]] = {}


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if not isinstance(value, str):
        raise _problem(f"expected a string, got {_kind(value)}")
    members = _MEMBERS.get(cls)
    if members is None:
        members = {m.value: m for m in cls if isinstance(m.value, str)}
        _MEMBERS[cls] = members
    member = members.get(value)
    if member is not None:
        return member
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in cls)
        raise _problem(f"{value!r} is not one of: {allowed}") from None


def _is_measure(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Measure)


def _relative_key(key: str) -> str:
    segment = key_segment(key)
    return segment[1:] if segment.startswith(".") else segment


def _structure_measure(value: object, cls: type[Measure]) -> Measure:
    if type(value) is dict and len(value) == 2:  # the usual {"value": 1.8, "unit": "mg"}
        number, unit = value.get("value"), value.get("unit")
        if type(number) is float and math.isfinite(number) and type(unit) is str:
            return cls(number, unit)  # what the checks below end with
    if not isinstance(value, Mapping):
        raise _problem(f"expected an object with value and unit, got {_kind(value)}")
    problems = [
        Problem(_relative_key(str(key)), "unknown key")
        for key in value
        if key not in ("value", "unit")
    ]
    for key in ("value", "unit"):
        if key not in value:
            problems.append(Problem(key, "required field missing"))
    if "value" in value:
        try:
            _structure_float(value["value"], float)
        except ValidationError as error:
            problems.extend(p.prefixed("value") for p in error.problems)
    if "unit" in value and not isinstance(value["unit"], str):
        problems.append(Problem("unit", f"expected a unit string, got {_kind(value['unit'])}"))
    if problems:
        raise ValidationError(problems)
    return cls(float(value["value"]), value["unit"])


def _unstructure_measure(measure: Measure) -> dict[str, Any]:
    return {"value": measure.value, "unit": measure.unit}


def _is_tuple(cls: Any) -> bool:
    return typing.get_origin(cls) is tuple


def _item_type(cls: Any) -> Any:
    """The item type of a homogeneous tuple type (``tuple[X, ...]``)."""
    args = typing.get_args(cls)
    if len(args) != 2 or args[1] is not Ellipsis:
        raise TypeError(f"only homogeneous tuples are supported, not {cls}")
    return args[0]


def _tuple_hook(cls: Any, conv: cattrs.Converter) -> Callable[[object, Any], tuple[Any, ...]]:
    item_type = _item_type(cls)
    structure_item = conv.get_structure_hook(item_type)

    def structure_tuple(value: object, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise _problem(f"expected an array, got {_kind(value)}")
        items = []
        errors: list[Exception] = []
        for index, element in enumerate(value):
            try:
                items.append(structure_item(element, item_type))
            except Exception as error:
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(f"Structuring {cls} @ index {index}", index, item_type),
                ]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
        return tuple(items)

    return structure_tuple


def _is_model(cls: Any) -> bool:
    return (
        isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls) and not _is_measure(cls)
    )


def _model_structure_hook(cls: Any, conv: cattrs.Converter) -> Callable[[object, Any], Any]:
    generated = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    names = {field.name for field in fields if field.init}

    def structure_model(value: object, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _problem(f"expected an object, got {_kind(value)}")
        try:
            return generated(value, cls)
        except ClassValidationError as error:
            # Some fields failed, so the object (and its checks) was never built: check the
            # fields that did structure, so that every problem is reported in one pass.
            with_notes, without_notes = error.group_exceptions()
            failed = {note.name for _, note in with_notes}
            if not failed:
                if not any(isinstance(e, ForbiddenExtraKeysError) for e in without_notes):
                    raise  # every field structured; the object's own checks reported
                # Only unknown keys stopped cattrs before the object was built: build it
                # from the known keys, so that its own checks report in the same pass.
                try:
                    generated({k: v for k, v in value.items() if k in names}, cls)
                except Exception as checks_failed:
                    raise ClassValidationError(
                        error.message, [*error.exceptions, checks_failed], cls
                    ) from None
                raise
            more: list[Exception] = []
            for field in fields:
                if field.name in failed or field.name not in value:
                    continue
                try:
                    structured = conv.structure(value[field.name], hints[field.name])
                except Exception:
                    continue
                problem = field_problem(cls, field.name, structured)
                if problem is not None:
                    more.append(ValidationError([problem]))
            if more:
                raise ClassValidationError(error.message, [*error.exceptions, *more], cls) from None
            raise

    return structure_model


def _quick_model_hook(cls: Any, conv: cattrs.Converter) -> Callable[[object, Any], Any]:
    # unknown keys are refused here, without the set cattrs makes of every object's keys
    generated = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=False, _cattrs_detailed_validation=False
    )
    known = frozenset(field.name for field in attrs.fields(cls) if field.init)

    def structure_model(value: object, _: Any) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):  # dict: no ABC check
            raise _problem(f"expected an object, got {_kind(value)}")
        if not known.issuperset(value):
            raise _problem("unknown key")  # the detailed converter names each one
        return generated(value, cls)

    return structure_model


def _quick_tuple_hook(cls: Any, conv: cattrs.Converter) -> Callable[[object, Any], tuple[Any, ...]]:
    item_type = _item_type(cls)
    structure_item = conv.get_structure_hook(item_type)

    def structure_tuple(value: object, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise _problem(f"expected an array, got {_kind(value)}")
        return tuple([structure_item(element, item_type) for element in value])

    return structure_tuple


def _is_optional(cls: Any) -> bool:
    """Whether ``cls`` is ``X | None`` (one type or None)."""
    if typing.get_origin(cls) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(cls)
    return len(args) == 2 and type(None) in args


def _optional_hook(cls: Any, conv: cattrs.Converter) -> Callable[[object, Any], Any]:
    """``X | None``: None, or what X's hook gives (cattrs' own optional hook, with X's
    hook looked up once instead of at every value)."""
    args = typing.get_args(cls)
    other = args[0] if args[1] is type(None) else args[1]
    structure_other = conv.get_structure_hook(other)

    def structure_optional(value: object, _: Any) -> Any:
        if value is None:
            return None
        return structure_other(value, other)

    return structure_optional


def _unstructure_optional_hook(cls: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    """``X | None``: when X's values are written as they are (strings, numbers, ...),
    the value itself, which cattrs' generated code then reads without a call; else
    ``None`` or what X's hook gives (as cattrs' own optional hook does)."""
    args = typing.get_args(cls)
    other = args[0] if args[1] is type(None) else args[1]
    unstructure_other = conv.get_unstructure_hook(other)
    if unstructure_other is identity:
        return identity

    def unstructure_optional(value: Any) -> Any:
        return None if value is None else unstructure_other(value)

    return unstructure_optional


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = typing.get_args(cls)
    return _is_tuple(cls) and len(args) == 2 and args[1] is Ellipsis


def _unstructure_tuple_hook(cls: Any, conv: cattrs.Converter) -> Callable[[Any], list[Any]]:
    """``tuple[X, ...]``: a list of what X's hook gives, as cattrs' own iterable hook makes
    it, without its generator."""
    unstructure_item = conv.get_unstructure_hook(typing.get_args(cls)[0])
    if unstructure_item is identity:
        return list

    def unstructure_tuple(value: Any) -> list[Any]:
        return [unstructure_item(item) for item in value]

    return unstructure_tuple


def _model_unstructure_hook(cls: Any, conv: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)


def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """Build a new converter configured for allmodel's model classes (see module docs).

    Args:
        detailed: Collect every problem of a document, each with its path (the
            default). Without, structuring stops at the first problem and the error
            says nothing useful: that converter is only a quick first try, see
            :func:`structure`.
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    # hooks registered for a class also catch its subclasses: StrEnum must be registered
    # itself, or the str hook above would structure every StrEnum as a plain string
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_structure_hook(enum.Enum, _structure_enum)
    # the value, as member.value gives it (that is a property, several times slower)
    conv.register_unstructure_hook(enum.StrEnum, operator.attrgetter("_value_"))
    conv.register_unstructure_hook(enum.Enum, operator.attrgetter("_value_"))
    conv.register_structure_hook_func(_is_measure, _structure_measure)
    conv.register_unstructure_hook_func(_is_measure, _unstructure_measure)
    conv.register_structure_hook_factory(_is_optional, _optional_hook)
    conv.register_structure_hook_factory(_is_tuple, _tuple_hook if detailed else _quick_tuple_hook)
    conv.register_structure_hook_factory(
        _is_model, _model_structure_hook if detailed else _quick_model_hook
    )
    conv.register_unstructure_hook_factory(_is_optional, _unstructure_optional_hook)
    conv.register_unstructure_hook_factory(_is_homogeneous_tuple, _unstructure_tuple_hook)
    conv.register_unstructure_hook_factory(_is_model, _model_unstructure_hook)
    return conv


@cache
def converter() -> cattrs.Converter:
    """The shared converter (built on first use; never mutate it)."""
    return make_converter()


@cache
def native_converter() -> cattrs.Converter:
    """A converter that unstructures as :func:`converter` does, except that dates and
    enumeration members are left as they are (built on first use; never mutate it).

    Only for writing straight to JSON text by a library that writes a date as
    ``YYYY-MM-DD`` and a member as its value (orjson does both): the text is then that of
    the shared converter's document, with fewer calls back into Python. Never for
    documents handed to a caller.
    """
    conv = make_converter()
    conv.register_unstructure_hook(date, identity)
    conv.register_unstructure_hook(enum.StrEnum, identity)
    conv.register_unstructure_hook(enum.Enum, identity)
    return conv


@cache
def _quick_converter() -> cattrs.Converter:
    return make_converter(detailed=False)


def structure(data: object, cls: type[T]) -> T:
    """Structure ``data`` as ``cls`` with the shared converter, quickly when it is valid.

    A first try without detailed validation builds the same objects from the same hooks
    and constructors, only without collecting problems, which makes it several times
    faster; when it fails anywhere, the data is structured again by the shared
    converter, whose error lists every problem with its path. So the result, or the
    error, is always the shared converter's.
    """
    try:
        with types_checked():
            return _quick_converter().structure(data, cls)
    except Exception:  # any failure: the detailed converter reports it
        return converter().structure(data, cls)
