"""Strict JSON decoding, shared by every reader, with explicit resource limits.

Every function that reads a document (:func:`~allmodel.io.load_patient`,
:func:`~allmodel.io.read_json`, :func:`~allmodel.io.from_dict`,
:func:`~allmodel.criteria.load_criteria` and the ``*_from_dict``
functions beside it, and so the command line) passes its input through this module
first. Whatever the input holds, the only exception that comes out is one
:class:`~allmodel.errors.DocumentError` whose problems each carry a JSON path (``$``
for the document as a whole) -- never ``RecursionError``, ``TypeError`` or
``UnicodeError``. Problems found here are reported on their own: a document that breaks
a limit or these rules is not structured any further.

Limits (each refusal names the limit and its value):

``MAX_DOCUMENT_SIZE`` = 10 MiB (10,485,760)
    Bytes for ``bytes`` and files, characters for ``str``. The bundled example patients
    are 0.7 to 4.6 KB, and a record with thousands of dated results stays well under
    1 MB, so the limit is ten times anything real while bounding memory (decoded JSON
    takes several times the size of its text) and time. A file is never read past it.
``MAX_DEPTH`` = 64 nested arrays and objects (the top object is level 1)
    A patient document is at most 5 levels deep and a criteria tree of a demanding
    trial perhaps 20. Decoding, structuring and evaluating a criteria tree all recurse,
    several Python frames per level, so 64 levels stay far below Python's default
    recursion limit of 1,000 while leaving generous room. Text is scanned for brackets
    outside strings *before* ``json.loads`` runs; an already-decoded object is walked
    iteratively (never recursively), so neither can recurse without bound.
``MAX_ARRAY_ITEMS`` = 10,000 items in one array
    A lab every day for 27 years; no record comes near it. The length is checked before
    anything iterates over the array, which also bounds how many problems one array
    can report.
``MAX_OBJECT_MEMBERS`` = 1,000 members in one object
    The largest model object has a few dozen fields; an object beyond this is refused
    before its keys are compared with the schema, which bounds the unknown-key problems.

Rules for text:

- **Duplicate keys** are an error at the path of the repeated key (``$.labs``); JSON
  readers disagree on which value wins, so none is guessed.
- **Unicode** must be valid: a lone surrogate (U+D800 to U+DFFF), whether it came from a
  ``\\ud800`` escape, a Python ``str`` or a decoded mapping, is refused at its path, in
  keys and values alike (such text cannot be written back as UTF-8).
- **Bytes and files must be UTF-8** (RFC 8259, section 8.1), decoded strictly: overlong
  forms and encoded surrogates (``ED A0 80``) are refused with their byte offset. One
  leading UTF-8 byte-order mark is allowed and ignored, since common editors write it;
  UTF-16 and UTF-32 are refused, with or without a byte-order mark. A ``str`` is text
  already decoded: a U+FEFF at its start is refused as invalid JSON, as ``json`` does.
- **Keys of a decoded mapping must be strings**, as in JSON.
- ``NaN`` and ``Infinity``, which Python's reader accepts, decode here; every number
  field then refuses them (:mod:`allmodel._jsonio.converter`).
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any, Final, TypeAlias

from allmodel._jsonio.problems import key_segment
from allmodel.errors import DocumentError, Problem

#: What a document reader accepts: JSON text, UTF-8 bytes, a file path or a decoded mapping.
JsonSource: TypeAlias = str | bytes | os.PathLike[str] | Mapping[str, Any]

__all__ = [
    "MAX_ARRAY_ITEMS",
    "MAX_DEPTH",
    "MAX_DOCUMENT_SIZE",
    "MAX_OBJECT_MEMBERS",
    "JsonSource",
    "check_decoded",
    "check_unicode",
    "read_document",
]

MAX_DOCUMENT_SIZE: Final = 10 * 1024 * 1024
"""Largest document read: bytes for ``bytes`` and files, characters for ``str``."""

MAX_DEPTH: Final = 64
"""Most arrays and objects nested in one another (the top object is level 1)."""

MAX_ARRAY_ITEMS: Final = 10_000
"""Most items in one array."""

MAX_OBJECT_MEMBERS: Final = 1_000
"""Most members (keys) in one object."""

#: A complete JSON string, a bracket, or the quote of a string that never ends.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"', re.DOTALL)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_LAYOUT = re.compile(r'[^\[\]{}":]+')
_NESTING = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
#: Every byte but brackets, colons, quotes and backslashes (deleted to keep the layout).
_NOT_LAYOUT_BYTES = bytes(byte for byte in range(256) if byte not in b'[]{}":\\')
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_UTF16_32_BOMS = (codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTAINERS = (dict, list, tuple, Mapping)
_SCALARS = frozenset({int, float, bool, type(None)})

#: Where a value is: None for the root, else (where its container is, key or index).
#: Paths are only spelled out for values with a problem.
_Where: TypeAlias = "tuple[_Where, str | int] | None"


class _Repeated(dict[str, Any]):
    """A decoded JSON object that gave one or more keys more than once.

    The last value of each key is kept, as ``json`` does, only so that decoding can
    finish; the check that follows decoding reports every repeated key at its path.
    """

    repeated: dict[str, int]


def _repeated(result: dict[str, Any], pairs: list[tuple[str, Any]]) -> _Repeated:
    marked = _Repeated(result)
    counts: dict[str, int] = {}
    for key, _ in pairs:
        counts[key] = counts.get(key, 0) + 1
    marked.repeated = {key: count for key, count in counts.items() if count > 1}
    return marked


def _refuse(message: str) -> DocumentError:
    return DocumentError([Problem("$", message)])


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null" if value is None else f"a {type(value).__name__}"


def _too_deep(text: str) -> bool:
    """Whether text nests brackets (outside strings) deeper than MAX_DEPTH.

    Strings are removed and the brackets left are summed, all without decoding. Text
    after a string that never ends is ignored (``json.loads`` fails there), and so is
    anything after a closing bracket without its opening one, which cannot make the
    sum higher than the nesting ``json.loads`` would reach before failing.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    return _nests_too_deep(_structure(text))


def _nests_too_deep(structure: bytes) -> bool:
    """Whether brackets (``_structure``'s) nest deeper than MAX_DEPTH.

    Summing every bracket costs a step per bracket; first, piece by piece of MAX_DEPTH
    brackets, the depth at the start of the piece plus the piece's opening brackets
    bounds the depth inside it. Only when a bound passes the limit is every bracket
    summed.
    """
    if len(structure) <= MAX_DEPTH or structure.count(b"[") + structure.count(b"{") <= MAX_DEPTH:
        return False  # no deeper than the number of opening brackets
    depth = 0
    for start in range(0, len(structure), MAX_DEPTH):
        piece = structure[start : start + MAX_DEPTH]
        opening = piece.count(b"[") + piece.count(b"{")
        if depth + opening > MAX_DEPTH:
            return max(accumulate(map(_NESTING.__getitem__, structure))) > MAX_DEPTH
        depth += 2 * opening - len(piece)
    return False


def _structure(text: str) -> bytes:
    """The brackets of text outside strings, up to a string that never ends."""
    return _layout(text).replace(b":", b"")


def _layout(text: str) -> bytes:
    """The brackets and colons of text outside strings, up to a string that never ends.

    Without a backslash no string has an escape, so the quotes alternate between opening
    and closing a string, and bytes do it fast: everything but brackets, colons and quotes
    is deleted from the UTF-8 bytes (no byte of a multi-byte character is ASCII); two
    quotes side by side enclose nothing kept, so removing them keeps the alternation and
    every bracket and colon where it was; what is left between quotes is inside strings.
    After an odd number of quotes (a string that never ends) the rest is dropped. With a
    backslash, strings are matched with their escapes.
    """
    reduced = text.encode("utf-8", "surrogatepass").translate(None, _NOT_LAYOUT_BYTES)
    if b"\\" not in reduced:
        return b"".join(reduced.replace(b'""', b"").split(b'"')[::2])
    structure = _NOT_LAYOUT.sub("", _STRING.sub("", text))
    unterminated = structure.find('"')
    if unterminated >= 0:
        structure = structure[:unterminated]
    return structure.encode("ascii")


def _deepest_at(text: str) -> int:
    """The character offset where the nesting first goes past MAX_DEPTH."""
    depth = 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        char = text[start]
        if char == '"':
            if match.end() - start == 1:  # pragma: no cover - _too_deep said otherwise
                break
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return start
        else:
            depth -= 1
    return 0  # pragma: no cover - _too_deep said otherwise


def _decode_text(text: str) -> object:
    if len(text) > MAX_DOCUMENT_SIZE:
        raise _refuse(
            f"the document has {len(text):,} characters, more than the limit "
            f"MAX_DOCUMENT_SIZE of {MAX_DOCUMENT_SIZE:,}"
        )
    layout = _layout(text)
    if _nests_too_deep(layout.replace(b":", b"")):
        raise _refuse(
            f"nested deeper than {MAX_DEPTH} levels of arrays and objects at character "
            f"{_deepest_at(text)} (the limit MAX_DEPTH is {MAX_DEPTH})"
        )
    # Each colon outside strings separates one member from its key, so the objects
    # decoded hold fewer members than the text has colons exactly when a key is
    # repeated; only then is the text decoded again, pair by pair, to name the key.
    members = 0
    suspect = False

    def object_hook(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal members, suspect
        size = len(obj)
        members += size
        if size > MAX_OBJECT_MEMBERS:
            suspect = True
        return obj

    data = _loads(text, object_hook=object_hook)
    if members != layout.count(b":"):
        data = _loads_pairs(text)
        suspect = True
    # ASCII text holds no surrogate, and text without a backslash no escaped one.
    strings = bool(
        (not text.isascii() and _SURROGATE.search(text))
        or ("\\" in text and _ESCAPED_SURROGATE.search(text))
    )
    # An array of more than MAX_ARRAY_ITEMS items has at least MAX_ARRAY_ITEMS commas (and
    # so the text at least as many characters).
    if suspect or strings or (len(text) >= MAX_ARRAY_ITEMS and text.count(",") >= MAX_ARRAY_ITEMS):
        _raise_problems(_walk(data, "$", limits=True, strings=strings, shared=False))
    return data


def _loads(text: str, **hooks: Any) -> object:
    try:
        return json.loads(text, **hooks)
    except RecursionError:  # pragma: no cover - the depth check keeps nesting far below
        raise _refuse(f"nested too deeply to read (the limit MAX_DEPTH is {MAX_DEPTH})") from None
    except ValueError as error:  # JSONDecodeError, or an integer of over 4,300 digits
        raise _refuse(f"invalid JSON: {error}") from None


def _loads_pairs(text: str) -> object:
    """The text decoded keeping every member: an object that repeats a key is marked
    (:class:`_Repeated`) for the walk to report."""

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            return _repeated(result, pairs)
        return result

    return _loads(text, object_pairs_hook=pairs_hook)


def _decode_bytes(data: bytes) -> object:
    if len(data) > MAX_DOCUMENT_SIZE:
        raise _refuse(
            f"the document has more than {MAX_DOCUMENT_SIZE:,} bytes, the limit MAX_DOCUMENT_SIZE"
        )
    if data.startswith(_UTF16_32_BOMS) or b"\x00" in data[:4]:
        raise _refuse(
            "looks like UTF-16 or UTF-32 (a byte-order mark or a NUL byte at the start); "
            "documents must be UTF-8"
        )
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refuse(
            f"is not valid UTF-8 (at byte {error.start + skipped}); documents must be UTF-8"
        ) from None
    return _decode_text(text)


def _read_file(path: os.PathLike[Any]) -> bytes:
    try:
        with open(path, "rb") as handle:  # also takes PathLike[bytes]
            return handle.read(MAX_DOCUMENT_SIZE + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise _refuse(f"cannot read the file: {reason}") from None
    except (TypeError, ValueError):  # a path that is not a usable file name (NUL, ...)
        raise _refuse("cannot read the file: not a usable file name") from None


def read_document(source: object) -> object:
    """Decode and check a JSON document: text, UTF-8 bytes, a path or decoded JSON.

    Args:
        source: JSON text (``str``), UTF-8 bytes (``bytes`` or ``bytearray``), a path to a
            file (``os.PathLike``), or an already-decoded JSON value (a mapping, list,
            tuple, number, boolean or None), which is checked and returned as is.

    Returns:
        The decoded document; its top level may be any JSON value.

    Raises:
        DocumentError: The input breaks a limit or a rule of the module docstring, or
            cannot be read, or is not JSON; every problem has a path.
    """
    if isinstance(source, str):
        return _decode_text(source)
    if isinstance(source, (bytes, bytearray)):
        return _decode_bytes(bytes(source))
    if isinstance(source, os.PathLike):
        return _decode_bytes(_read_file(source))
    if source is None or isinstance(source, (Mapping, list, tuple, bool, int, float)):
        check_decoded(source)
        return source
    raise _refuse(
        "expected JSON text (str), UTF-8 bytes, a file path (os.PathLike) or decoded "
        f"JSON, got {_kind(source)}"
    )


def check_decoded(data: object, root: str = "$") -> None:
    """Check decoded JSON against the limits and rules of the module docstring.

    The walk is iterative, so an object nested thousands deep (or containing itself)
    is refused, not recursed into.

    Args:
        data: The decoded document (or part of one).
        root: The path of ``data`` in its document.

    Raises:
        DocumentError: Every problem found, each at its path.
    """
    _raise_problems(_walk(data, root, limits=True, strings=True, shared=True))


def check_unicode(data: object, root: str = "$") -> None:
    """Check that the text of a JSON-ready document (keys and strings) is valid Unicode.

    Writers call it before they produce any text, so that a string holding a lone
    surrogate is refused at its path instead of failing half-way through a file.

    Raises:
        DocumentError: Every string or key holding a lone surrogate, at its path.
    """
    _raise_problems(_walk(data, root, limits=False, strings=True, shared=True))


def _raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise DocumentError(problems)


def _spell(root: str, where: _Where) -> str:
    """The JSON path of a value from where it is."""
    steps: list[str] = []
    while where is not None:
        where, step = where
        steps.append(f"[{step}]" if isinstance(step, int) else key_segment(step))
    return root + "".join(reversed(steps))


def _unicode_problem(text: str, what: str) -> str | None:
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (
        f"{what}is not valid Unicode: a lone surrogate U+{ord(found.group()):04X} at "
        f"character {found.start()}"
    )


class _Walk:
    """One iterative walk over decoded JSON, collecting problems (see check_decoded).

    With ``strings``, every key and string is collected and searched for a lone
    surrogate in one go; only when one is found is each string checked, to name its path.
    """

    def __init__(self, root: str, *, limits: bool, strings: bool, shared: bool) -> None:
        self.root = root
        self.limits = limits
        self.strings = strings
        self.locate = False  # True: check each string and report its path
        self.shared = shared
        self.problems: list[Problem] = []
        self.texts: list[str] = []
        self.walked: dict[int, int] = {}  # id of a container -> deepest level walked at
        self.stack: list[tuple[object, int, _Where]] = []

    def problem(self, where: _Where, message: str) -> None:
        self.problems.append(Problem(_spell(self.root, where), message))

    def text(self, text: str, where: _Where, what: str) -> None:
        if self.locate:
            message = _unicode_problem(text, what)
            if message is not None:
                self.problem(where, message)
        elif self.strings:
            self.texts.append(text)

    def run(self, data: object) -> list[Problem]:
        self.walk(data)
        if self.texts and _SURROGATE.search("".join(self.texts)):
            # Walk again, checking each string, to report where the surrogates are.
            self.problems.clear()
            self.walked.clear()
            self.locate = True
            self.walk(data)
        return self.problems

    def walk(self, data: object) -> None:
        if isinstance(data, str):
            self.text(data, None, "")
        elif isinstance(data, _CONTAINERS):
            self.stack.append((data, 1, None))
        while self.stack:
            container, depth, where = self.stack.pop()
            if depth > MAX_DEPTH:
                self.problem(
                    where,
                    f"nested deeper than {MAX_DEPTH} levels of arrays and objects "
                    f"(the limit MAX_DEPTH is {MAX_DEPTH})",
                )
                continue
            if self.shared:  # a shared (or cyclic) container: walk it once per depth
                if self.walked.get(id(container), 0) >= depth:
                    continue
                self.walked[id(container)] = depth
            if isinstance(container, Mapping):
                children = self.members(container, where)
            else:
                children = self.items(container, where)
            self.stack.extend(
                (child, depth + 1, child_where) for child, child_where in reversed(children)
            )

    def children(self, pairs: Any, where: _Where) -> list[tuple[object, _Where]]:
        """The containers among ``(key or index, value)`` pairs; strings are checked."""
        found: list[tuple[object, _Where]] = []
        for step, item in pairs:
            kind = type(item)
            if kind in _SCALARS:
                continue
            if kind is dict or kind is list:
                found.append((item, (where, step)))
            elif isinstance(item, str):
                self.text(item, (where, step), "")
            elif isinstance(item, _CONTAINERS):
                found.append((item, (where, step)))
        return found

    def items(self, array: Any, where: _Where) -> list[tuple[object, _Where]]:
        if self.limits and len(array) > MAX_ARRAY_ITEMS:
            self.problem(
                where,
                f"an array of {len(array):,} items, more than the limit MAX_ARRAY_ITEMS "
                f"of {MAX_ARRAY_ITEMS:,}",
            )
            return []
        return self.children(enumerate(array), where)

    def members(self, mapping: Mapping[Any, Any], where: _Where) -> list[tuple[object, _Where]]:
        if isinstance(mapping, _Repeated):
            for key, count in mapping.repeated.items():
                self.problem((where, key), f"duplicate key: given {count} times in one object")
        try:
            size = len(mapping)
            if self.limits and size > MAX_OBJECT_MEMBERS:
                self.problem(
                    where,
                    f"an object of {size:,} members, more than the limit "
                    f"MAX_OBJECT_MEMBERS of {MAX_OBJECT_MEMBERS:,}",
                )
                return []
            members = list(mapping.items())
        except Exception as error:  # a user's Mapping whose methods fail
            self.problem(where, f"cannot read this object ({type(error).__name__})")
            return []
        not_strings = {_kind(key) for key, _ in members if not isinstance(key, str)}
        if not_strings:
            self.problem(where, f"every key must be a string, got {', '.join(sorted(not_strings))}")
            members = [(key, item) for key, item in members if isinstance(key, str)]
        for key, _ in members:
            self.text(key, (where, key), "the key ")
        return self.children(members, where)


def _walk(data: object, root: str, *, limits: bool, strings: bool, shared: bool) -> list[Problem]:
    return _Walk(root, limits=limits, strings=strings, shared=shared).run(data)
