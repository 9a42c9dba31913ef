"""The shortcuts of the decoder's limit checks agree with the plain checks they stand for.

``allmodel._jsonio.decoding`` finds the nesting of text from its bytes when the text has no
backslash, skips the surrogate search for ASCII text, and walks decoded text for the array
limit only when it has enough commas to hold an array that long. Each shortcut must give
the answer of the plain check, whatever the text.
"""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from allmodel._jsonio import decoding
from allmodel.io import MAX_ARRAY_ITEMS, MAX_DEPTH
from tests.io.refusals import problems_of

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_STRUCTURE = re.compile(r'[^\[\]{}"]+')


def _plain_structure(text: str) -> bytes:
    """The brackets outside strings, found with regular expressions only."""
    structure = _NOT_STRUCTURE.sub("", _STRING.sub("", text))
    unterminated = structure.find('"')
    if unterminated >= 0:
        structure = structure[:unterminated]
    return structure.encode("ascii")


_PIECES = st.sampled_from(['"', "[", "]", "{", "}", "\\", "a", ",", ":", " ", "é", "\ud800"])


class TestStructure:
    """The brackets outside strings, found from bytes, are those regular expressions find."""

    @given(st.lists(_PIECES, max_size=60).map("".join))
    def test_any_text(self, text: str) -> None:
        """Any mix of quotes, brackets, backslashes and other characters."""
        assert decoding._structure(text) == _plain_structure(text)

    @given(st.lists(_PIECES.filter(lambda piece: piece != "\\"), max_size=60).map("".join))
    def test_text_without_backslash(self, text: str) -> None:
        """The fast way (no backslash) on its own."""
        assert decoding._structure(text) == _plain_structure(text)

    @given(
        st.integers(0, 2 * MAX_DEPTH),
        st.lists(st.sampled_from([b"[", b"{", b"]", b"}"]), max_size=4 * MAX_DEPTH).map(b"".join),
    )
    def test_nesting_by_pieces_and_bounds_is_the_plain_sum(self, opened: int, rest: bytes) -> None:
        """Any brackets (``opened`` opening ones first): the depth check (its bounds and
        pieces) says what a running sum of every bracket says."""
        structure = b"{" * opened + rest
        depth = deepest = 0
        for byte in structure:
            depth += 1 if byte in b"[{" else -1
            deepest = max(deepest, depth)
        assert decoding._nests_too_deep(structure) == (deepest > MAX_DEPTH)

    def test_brackets_in_strings_are_not_nesting(self) -> None:
        """Brackets inside strings (UCUM units such as ``10*9/[L]``) do not count."""
        text = json.dumps({"unit": "[" * (MAX_DEPTH + 5), "nested": [[[]]]})
        assert decoding._structure(text) == b"{[[[]]]}"
        assert not decoding._too_deep(text)

    def test_nesting_past_the_limit_beside_strings(self) -> None:
        """Nesting past the limit is found with strings that hold brackets beside it."""
        deep = '["]]]", ' * (MAX_DEPTH + 1) + "1" + "]" * (MAX_DEPTH + 1)
        assert decoding._too_deep(deep)
        assert "MAX_DEPTH" in problems_of(deep)["$"]


class TestShortcutsKeepRefusals:
    """The walk is still done whenever a limit or a rule could be broken."""

    def test_escaped_surrogate_in_long_ascii_text(self) -> None:
        """An escaped lone surrogate in a long document is refused at its path."""
        text = json.dumps({"foo": ["x" * 30] * 1000, "bar": "\ud800"})
        assert text.isascii()
        assert "lone surrogate" in problems_of(text)["$.bar"]

    def test_raw_surrogate_in_text(self) -> None:
        """A lone surrogate written into the text itself is refused at its path."""
        text = '{"bar": "\ud800"}'
        assert "lone surrogate" in problems_of(text)["$.bar"]

    def test_compact_array_past_the_limit(self) -> None:
        """An array of MAX_ARRAY_ITEMS + 1 items written without spaces is refused."""
        text = '{"foo": [' + ",".join(["0"] * (MAX_ARRAY_ITEMS + 1)) + "]}"
        assert text.count(",") == MAX_ARRAY_ITEMS
        assert "MAX_ARRAY_ITEMS" in problems_of(text)["$.foo"]


_KEYS = st.sampled_from(["a", "b", "a:b", ':"', "\\\\:", "{[:]}", "é:"])
_SCALARS = st.one_of(st.integers(), st.sampled_from(["x", "a:b", ":", '":"', "[:{", None, True]))


def _render(value: object) -> str:
    """JSON text of a value whose objects are lists of (key, value) pairs (keys may repeat)."""
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        members = ", ".join(f"{json.dumps(key)}: {_render(item)}" for key, item in value)
        return "{" + members + "}"
    if isinstance(value, list):
        return "[" + ",".join(_render(item) for item in value) + "]"
    return json.dumps(value)


def _repeats(value: object) -> bool:
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        keys = [key for key, _ in value]
        return len(keys) != len(set(keys)) or any(_repeats(item) for _, item in value)
    if isinstance(value, list):
        return any(_repeats(item) for item in value)
    return False


_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(st.tuples(_KEYS, inner), min_size=1, max_size=4),
    ),
    max_leaves=12,
)


class TestRepeatedKeys:
    """A repeated key is found by counting members against the colons outside strings."""

    @given(st.lists(st.tuples(_KEYS, _VALUES), min_size=1, max_size=4))
    def test_any_object(self, pairs: list[tuple[str, object]]) -> None:
        """Keys and strings holding colons, quotes and brackets, nested anywhere: the text
        is refused for a duplicate key exactly when an object repeats one."""
        text = _render(pairs)
        if _repeats(pairs):
            assert any("duplicate key" in message for message in problems_of(text).values())
        else:
            assert decoding.read_document(text) == json.loads(text)

    def test_repeated_key_beside_escaped_quotes(self) -> None:
        """The slower way (text with a backslash) counts the same."""
        text = '{"a": "\\":\\"", "b": {"c": 1, "c": 2}}'
        assert "duplicate key" in problems_of(text)["$.b.c"]
