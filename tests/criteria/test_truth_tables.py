"""All, Any, Not and AtLeast follow the strong Kleene truth tables.

The tables below are written out by hand from the SQL ``NULL`` (strong Kleene) tables,
with T = true, U = unknown, F = false; they are not computed from the code under test.
"""

from __future__ import annotations

import itertools

import pytest

from allmodel.criteria import All, AtLeast, Not
from allmodel.criteria import Any as AnyOf
from tests.criteria.rows import LETTER, F, T, U, part, parts, truths

# --- truth tables, written by hand -------------------------------------------------------

#: NOT: a -> not a.
NOT_TABLE = [("T", "F"), ("U", "U"), ("F", "T")]

#: Two parts: a, b, a AND b, a OR b.
TWO_PART_TABLE = [
    ("T", "T", "T", "T"),
    ("T", "U", "U", "T"),
    ("T", "F", "F", "T"),
    ("U", "T", "U", "T"),
    ("U", "U", "U", "U"),
    ("U", "F", "F", "U"),
    ("F", "T", "F", "T"),
    ("F", "U", "F", "U"),
    ("F", "F", "F", "F"),
]

#: Three parts: parts, AND, OR, at least 1, at least 2, at least 3 true.
THREE_PART_TABLE = [
    ("FFF", "F", "F", "F", "F", "F"),
    ("FFU", "F", "U", "U", "F", "F"),
    ("FFT", "F", "T", "T", "F", "F"),
    ("FUF", "F", "U", "U", "F", "F"),
    ("FUU", "F", "U", "U", "U", "F"),
    ("FUT", "F", "T", "T", "U", "F"),
    ("FTF", "F", "T", "T", "F", "F"),
    ("FTU", "F", "T", "T", "U", "F"),
    ("FTT", "F", "T", "T", "T", "F"),
    ("UFF", "F", "U", "U", "F", "F"),
    ("UFU", "F", "U", "U", "U", "F"),
    ("UFT", "F", "T", "T", "U", "F"),
    ("UUF", "F", "U", "U", "U", "F"),
    ("UUU", "U", "U", "U", "U", "U"),
    ("UUT", "U", "T", "T", "U", "U"),
    ("UTF", "F", "T", "T", "U", "F"),
    ("UTU", "U", "T", "T", "U", "U"),
    ("UTT", "U", "T", "T", "T", "U"),
    ("TFF", "F", "T", "T", "F", "F"),
    ("TFU", "F", "T", "T", "U", "F"),
    ("TFT", "F", "T", "T", "T", "F"),
    ("TUF", "F", "T", "T", "U", "F"),
    ("TUU", "U", "T", "T", "U", "U"),
    ("TUT", "U", "T", "T", "T", "U"),
    ("TTF", "F", "T", "T", "T", "F"),
    ("TTU", "U", "T", "T", "T", "U"),
    ("TTT", "T", "T", "T", "T", "T"),
]


class TestTruthTables:
    """All, Any, Not and AtLeast follow the strong Kleene (SQL NULL) tables."""

    def test_parts_are_what_they_claim(self) -> None:
        """The T, U and F parts used by the tables evaluate to true, unknown and false."""
        assert [truths(part(letter, 0)) for letter in "TUF"] == [(T, T), (U, U), (F, F)]

    def test_tables_cover_every_combination(self) -> None:
        """The hand-written tables list each combination of truth values once."""
        assert sorted((a, b) for a, b, _, _ in TWO_PART_TABLE) == sorted(
            itertools.product("FTU", repeat=2)
        )
        assert sorted(letters for letters, *_ in THREE_PART_TABLE) == sorted(
            "".join(combo) for combo in itertools.product("FTU", repeat=3)
        )

    @pytest.mark.parametrize(("a", "expected"), NOT_TABLE)
    def test_not(self, a: str, expected: str) -> None:
        """Not swaps true and false and keeps unknown."""
        node = Not(id="not", text="not", part=part(a, 0))
        assert truths(node) == (LETTER[expected],) * 2

    @pytest.mark.parametrize("a", "TUF")
    def test_one_part(self, a: str) -> None:
        """All, Any and AtLeast(1) of a single part are that part."""
        for node in (
            All(id="all", text="all", parts=parts(a)),
            AnyOf(id="any", text="any", parts=parts(a)),
            AtLeast(id="k", text="k", count=1, parts=parts(a)),
        ):
            assert truths(node) == (LETTER[a],) * 2

    @pytest.mark.parametrize(("a", "b", "conjunction", "disjunction"), TWO_PART_TABLE)
    def test_two_parts(self, a: str, b: str, conjunction: str, disjunction: str) -> None:
        """All and AtLeast(2) are AND; Any and AtLeast(1) are OR."""
        both = parts(a + b)
        assert truths(All(id="all", text="all", parts=both)) == (LETTER[conjunction],) * 2
        assert truths(AnyOf(id="any", text="any", parts=both)) == (LETTER[disjunction],) * 2
        at_least_two = AtLeast(id="k", text="k", count=2, parts=both)
        at_least_one = AtLeast(id="k", text="k", count=1, parts=both)
        assert truths(at_least_two) == (LETTER[conjunction],) * 2
        assert truths(at_least_one) == (LETTER[disjunction],) * 2

    @pytest.mark.parametrize(
        ("letters", "conjunction", "disjunction", "one", "two", "three"), THREE_PART_TABLE
    )
    def test_three_parts(  # noqa: PLR0917  (one column per table column)
        self, letters: str, conjunction: str, disjunction: str, one: str, two: str, three: str
    ) -> None:
        """All, Any and AtLeast(1, 2, 3) of three parts follow the table."""
        three_parts = parts(letters)
        assert truths(All(id="all", text="all", parts=three_parts)) == (LETTER[conjunction],) * 2
        assert truths(AnyOf(id="any", text="any", parts=three_parts)) == (LETTER[disjunction],) * 2
        for count, expected in ((1, one), (2, two), (3, three)):
            node = AtLeast(id="k", text="k", count=count, parts=three_parts)
            assert truths(node) == (LETTER[expected],) * 2, count

    @pytest.mark.parametrize(("a", "expected"), NOT_TABLE)
    def test_double_negation(self, a: str, expected: str) -> None:
        """Not(Not(x)) is x, and Not of a negated part is the table's negation of it."""
        inner = Not(id="inner", text="inner", part=part(a, 0))
        outer = Not(id="outer", text="outer", part=inner)
        assert truths(inner) == (LETTER[expected],) * 2
        assert truths(outer) == (LETTER[a],) * 2
