"""A JSON element of a FHIR resource together with its FHIR path.

Every value the reader takes is reached through :class:`Element`, so every problem it
finds names where it is (``Bundle.entry[3].resource.valueQuantity.code``). The getters
check the JSON type FHIR prescribes for the element and raise
:class:`~allmodel.errors.FhirError` at the element's path when it is wrong; an absent
element is ``None``, never a default.

Dates: FHIR ``date`` elements must be a full day (``YYYY-MM-DD``) to be used; a
``dateTime`` with a time must carry a time zone (FHIR R4, datatypes: "if hours and minutes
are specified, a time zone SHALL be populated") and is taken as the calendar day it was
written in, never shifted to another zone (the day the sender recorded). A partial date
(``2022`` or ``2022-05``) is refused where a day is needed: allmodel never guesses a day.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from allmodel._jsonio.problems import key_segment
from allmodel.errors import FhirError, Problem

__all__ = ["Coding", "Element", "fail", "member_path", "one_line", "usual_day"]

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?"
)


_LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def fail(path: str, message: str) -> FhirError:
    """The error for one problem at ``path``."""
    return FhirError([Problem(path, message)])


def member_path(path: str, name: str) -> str:
    """The path of the member ``name`` of the object at ``path``.

    FHIR element names are plain words (``valueQuantity``); any other key a sender wrote
    is spelled as a JSON string in brackets (``["a\\nb"]``), as in a document's JSON
    paths (:func:`~allmodel._jsonio.problems.key_segment`), so that no control character
    or line break of the input reaches a path unescaped.
    """
    segment = key_segment(name)
    return f"{path}{segment}" if path else segment.removeprefix(".")


def one_line(message: str) -> str:
    """``message`` with every line break escaped (a problem is one line of a report)."""
    return _LINE_BREAKS.sub(lambda found: json.dumps(found.group())[1:-1], message)


def _string_member(element: Element, name: str) -> str | None:
    """The non-empty string member ``name`` of an object, as ``child(name).string()``."""
    obj = element.value if isinstance(element.value, dict) else element.object()
    found = obj.get(name)
    if isinstance(found, str) and found.strip():
        return found
    if found is None:
        return None
    return Element(found, None, element, name).string()


#: The choice keys of each (prefix, member names) seen: resources of one kind repeat their
#: member names, and scanning every name for every ``[x]`` asked costs more than a lookup.
_CHOICE_KEYS: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
_CHOICE_KEYS_MAX = 4096


def _choice_keys(prefix: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The members of ``keys`` that are ``prefix`` and a type suffix (``valueQuantity``),
    in order; remembered (up to :data:`_CHOICE_KEYS_MAX` shapes, then forgotten)."""
    known = _CHOICE_KEYS.get((prefix, keys))
    if known is not None:
        return known
    start = len(prefix)
    found = tuple(
        key for key in keys if key.startswith(prefix) and key[start : start + 1].isupper()
    )
    if len(_CHOICE_KEYS) >= _CHOICE_KEYS_MAX:
        _CHOICE_KEYS.clear()
    _CHOICE_KEYS[prefix, keys] = found
    return found


def usual_day(value: object) -> date | None:
    """The usual FHIR day (``YYYY-MM-DD`` in ASCII digits, a calendar date) as
    :meth:`Element.day` reads it; ``None`` for anything else, which ``day`` reads (or
    refuses, naming why)."""
    if type(value) is str and len(value) == 10 and value.isascii() and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None  # not a calendar date
    return None


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


class Coding:
    """One ``Coding`` of a ``CodeableConcept``: system, code, display and its path."""

    __slots__ = ("_element", "_index", "code", "display", "system")

    def __init__(
        self,
        system: str | None,
        code: str | None,
        display: str | None,
        element: Element,
        index: int | None = None,
    ) -> None:
        self.system = system
        self.code = code
        self.display = display
        self._element = element  # the Coding, or (with ``index``) the array it is item of
        self._index = index

    @property
    def path(self) -> str:
        """The FHIR path of the ``Coding``."""
        index = self._index
        if index is None:
            return self._element.path
        if index < 0:  # item -1 - index of the ``coding`` of the concept ``_element``
            return f"{self._element._below('coding')}[{-1 - index}]"
        return f"{self._element.path}[{index}]"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Coding):
            return NotImplemented
        return (self.system, self.code, self.display, self.path) == (
            other.system,
            other.code,
            other.display,
            other.path,
        )

    def __hash__(self) -> int:
        return hash((self.system, self.code, self.display, self.path))

    def __repr__(self) -> str:
        return (
            f"Coding(system={self.system!r}, code={self.code!r}, "
            f"display={self.display!r}, path={self.path!r})"
        )


class Element:
    """A decoded JSON value and its FHIR path.

    The path of an element reached from another is spelled out only when it is asked
    for (a report entry or a problem names it): most elements read are never named.
    """

    __slots__ = ("_choices", "_codings", "_kids", "_parent", "_path", "_step", "value")

    def __init__(
        self,
        value: Any,
        path: str | None = None,
        parent: Element | None = None,
        step: str | int = "",
    ) -> None:
        self.value = value
        self._path = path
        self._parent = parent
        self._step = step
        self._choices: dict[str, tuple[str, Element] | None] | None = None
        self._kids: dict[str, Element] | None = None
        self._codings: list[Coding] | None = None

    @property
    def path(self) -> str:
        """The element's FHIR path (``Bundle.entry[3].resource.valueQuantity.code``)."""
        path = self._path
        if path is None:
            above = self._parent.path if self._parent is not None else ""
            step = self._step
            path = f"{above}[{step}]" if isinstance(step, int) else member_path(above, step)
            self._path = path
        return path

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Element):
            return NotImplemented
        return bool(self.value == other.value) and self.path == other.path

    def __hash__(self) -> int:
        return hash((self.value, self.path))

    def __repr__(self) -> str:
        return f"Element(value={self.value!r}, path={self.path!r})"

    # -- navigation -------------------------------------------------------------------
    def _below(self, name: str) -> str:
        return member_path(self.path, name)

    # Children are made once (``_kids``), so that what is learnt about one (its path, its
    # codings, its choices) is kept for the next reader that asks for it.
    def child(self, name: str) -> Element | None:
        """The member ``name`` of this object, or ``None`` when absent (or JSON null)."""
        kids = self._kids
        if kids is not None:
            known = kids.get(name)
            if known is not None:
                return known
        else:
            kids = self._kids = {}
        obj = self.value
        if not isinstance(obj, dict):
            obj = self.object()
        found = obj.get(name)
        if found is None:
            return None
        made = kids[name] = Element(found, None, self, name)
        return made

    def need(self, name: str) -> Element:
        """The member ``name``; a :class:`FhirError` when it is absent."""
        found = self.child(name)
        if found is None:
            raise fail(self._below(name), "is required but absent")
        return found

    def items(self, name: str) -> Iterator[Element]:
        """The items of the array member ``name`` (none when absent)."""
        found = self.child(name)
        if found is None:
            return
        values = found.value
        if not isinstance(values, list):
            raise fail(found.path, f"must be an array, not {_json_type(values)}")
        for index, value in enumerate(values):
            yield Element(value, None, found, index)

    def has(self, name: str) -> bool:
        """Whether the member ``name`` is present (and not null)."""
        obj = self.value
        if not isinstance(obj, dict):
            obj = self.object()
        return obj.get(name) is not None

    def choice(self, prefix: str) -> tuple[str, Element] | None:
        """A choice element ``prefix[x]``: the type suffix present and its value.

        Readers ask a resource for its ``value[x]`` and ``effective[x]`` several times;
        the answer is kept (the decoded JSON is never changed).
        """
        choices = self._choices
        if choices is None:
            choices = self._choices = {}
        elif prefix in choices:
            return choices[prefix]
        found = choices[prefix] = self._choose(prefix)
        return found

    def _choose(self, prefix: str) -> tuple[str, Element] | None:
        obj = self.value
        if not isinstance(obj, dict):
            obj = self.object()
        found = _choice_keys(prefix, tuple(obj))
        if not found:
            return None
        if len(found) > 1:
            raise fail(self._below(found[1]), f"gives a second {prefix}[x] value")
        key = found[0]
        return key[len(prefix) :], Element(obj[key], None, self, key)

    # -- typed values -----------------------------------------------------------------
    def object(self) -> dict[str, Any]:
        """This value as a JSON object."""
        if not isinstance(self.value, dict):
            raise fail(self.path, f"must be an object, not {_json_type(self.value)}")
        return self.value

    def string(self) -> str:
        """This value as a non-empty string."""
        if not isinstance(self.value, str):
            raise fail(self.path, f"must be a string, not {_json_type(self.value)}")
        if not self.value.strip():
            raise fail(self.path, "must not be empty")
        return self.value

    def boolean(self) -> bool:
        """This value as a boolean."""
        if not isinstance(self.value, bool):
            raise fail(self.path, f"must be a boolean, not {_json_type(self.value)}")
        return self.value

    def integer(self) -> int:
        """This value as an integer."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise fail(self.path, f"must be an integer, not {_json_type(self.value)}")
        return self.value

    def number(self) -> float:
        """This value as a finite number."""
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise fail(self.path, f"must be a number, not {_json_type(self.value)}")
        try:
            number = float(self.value)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            raise fail(self.path, "must be a finite number")
        return number

    def day(self) -> date:
        """This ``date`` or ``dateTime`` as a calendar day (see the module docstring)."""
        found = usual_day(self.value)
        if found is not None:
            return found
        text = self.string()
        whole = _DATE.fullmatch(text)
        if whole is not None:
            if whole.group(3) is None:
                raise fail(self.path, f"is a partial date ({text}); allmodel needs the day")
            return self._make_date(whole.group(1), whole.group(2), whole.group(3))
        timed = _DATETIME.fullmatch(text)
        if timed is None:
            raise fail(self.path, f"is not a FHIR date or dateTime: {text!r}")
        if timed.group(7) is None:
            raise fail(self.path, "gives a time without a time zone (FHIR requires one)")
        return self._make_date(timed.group(1), timed.group(2), timed.group(3))

    def date_only(self) -> date:
        """This FHIR ``date`` (a day, with no time): ``birthDate`` is one."""
        text = self.string()
        if "T" in text:
            raise fail(self.path, "is a FHIR date and must not carry a time or a time zone")
        return self.day()

    def _make_date(self, year: str, month: str, day: str) -> date:
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise fail(self.path, f"is not a calendar date: {self.value!r}") from None

    # -- FHIR datatypes -----------------------------------------------------------------
    def coding(self) -> Coding:
        """This ``Coding`` (a ``valueCoding``, say) read as one."""
        return Coding(
            system=_string_member(self, "system"),
            code=_string_member(self, "code"),
            display=_string_member(self, "display"),
            element=self,
        )

    def codings(self) -> list[Coding]:
        """The codings of this ``CodeableConcept`` (``[]`` when it has only text).

        Read once per element (several readers ask for a resource's ``code``); the list
        returned is shared, and no reader changes it.
        """
        known = self._codings
        if known is None:
            known = self._codings = self._read_codings()
        return known

    def _read_codings(self) -> list[Coding]:
        obj = self.value
        items = obj.get("coding") if type(obj) is dict else None
        if type(items) is list:  # the usual shape, read without wrapping each coding
            found: list[Coding] = []
            new = object.__new__
            for index, item in enumerate(items):
                if type(item) is not dict:
                    break
                system, code, display = item.get("system"), item.get("code"), item.get("display")
                if not (
                    (system is None or (type(system) is str and system.strip()))
                    and (code is None or (type(code) is str and code.strip()))
                    and (display is None or (type(display) is str and display.strip()))
                ):
                    break
                # Coding(system, code, display, <the array>, index), without the calls:
                # the path is spelled from this concept only when it is asked for
                coding: Coding = new(Coding)
                coding.system, coding.code, coding.display = system, code, display
                coding._element, coding._index = self, -1 - index
                found.append(coding)
            else:
                return found
        # Anything out of the ordinary: read item by item, naming what is wrong.
        return [item.coding() for item in self.items("coding")]

    def reference(self) -> str | None:
        """The ``reference`` of this ``Reference`` (``None`` when it has only a display)."""
        return _string_member(self, "reference")
