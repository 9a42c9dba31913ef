"""The criteria language as a spec: Kleene truth tables, leaves, units, evidence, properties.

The truth tables below are written out by hand from the SQL ``NULL`` (strong Kleene)
tables, with T = true, U = unknown, F = false; they are not computed from the code under
test. Facts rows are built directly (a :class:`~allmodel.facts._schema.Facts` with ``None``
everywhere except the facts a test sets), so these tests do not depend on any patient.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allmodel.criteria import (
    All,
    AtLeast,
    Constant,
    Context,
    InJurisdiction,
    Is,
    IsIn,
    Jurisdiction,
    Known,
    Node,
    NodeResult,
    Not,
    Op,
    Option,
    OptionKind,
    Threshold,
    Truth,
    compile_criterion,
    evaluate,
)
from allmodel.criteria import Any as AnyOf
from allmodel.errors import UnitError, ValidationError
from allmodel.facts import FACTS, Facts, fact_index, fact_spec
from allmodel.model import Lineage, PhStatus

AS_OF = date(2022, 12, 31)
US = Context(as_of=AS_OF, jurisdiction=Jurisdiction.US)
EU = Context(as_of=AS_OF, jurisdiction=Jurisdiction.EU)
T, U, F = Truth.TRUE, Truth.UNKNOWN, Truth.FALSE
LETTER = {"T": T, "U": U, "F": F}


def row(upper: dict[str, object] | None = None, **values: object) -> Facts:
    """A facts row: the given values (exact unless ``upper`` gives a bound), else unknown."""
    lows: list[object] = [None] * len(FACTS)
    highs: list[object] = [None] * len(FACTS)
    for name, value in values.items():
        lows[fact_index(name)] = highs[fact_index(name)] = value
    for name, high in (upper or {}).items():
        highs[fact_index(name)] = high
    return Facts(AS_OF, tuple(lows), tuple(highs), (None,) * len(FACTS))


EMPTY = row()


def truths(node: Node, facts: Facts = EMPTY, context: Context = US) -> tuple[Truth, Truth]:
    """The compiled and the evidence-producing evaluation of ``node``."""
    compiled = Truth(compile_criterion(node, context)(facts.values, facts.upper))
    return compiled, evaluate(node, facts, context).status


def part(letter: str, index: int) -> Node:
    """A leaf that is true (T), false (F) or unknown (U) on the empty row, with id ``p<index>``."""
    if letter == "U":
        return Known(id=f"p{index}", text=f"part {index}", fact="ecog")
    return Constant(id=f"p{index}", text=f"part {index}", value=letter == "T")


def parts(letters: str) -> tuple[Node, ...]:
    """One :func:`part` per letter."""
    return tuple(part(letter, index) for index, letter in enumerate(letters))


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


# --- leaves --------------------------------------------------------------------------------


def threshold(
    op: Op, value: float, fact: str = "prior_regimens", unit: str | None = "count"
) -> Threshold:
    """A threshold leaf with id ``t``."""
    return Threshold(id="t", text="threshold", fact=fact, op=op, value=value, unit=unit)


#: prior_regimens compared with 2: exact 1, 2, 3; at least 1, 2, 3 (upper inf); unknown.
COUNT_TABLE = [
    # op      exact 1  exact 2  exact 3  >=1  >=2  >=3  unknown
    (Op.GE, "F", "T", "T", "U", "T", "T", "U"),
    (Op.GT, "F", "F", "T", "U", "U", "T", "U"),
    (Op.LE, "T", "T", "F", "U", "U", "F", "U"),
    (Op.LT, "T", "F", "F", "U", "F", "F", "U"),
    (Op.EQ, "F", "T", "F", "U", "U", "F", "U"),
]

#: platelets (10^9/L) compared with 50: just below, at, just above, unknown.
BELOW, ABOVE = math.nextafter(50.0, 0.0), math.nextafter(50.0, 100.0)
NUMBER_TABLE = [
    (Op.GE, "F", "T", "T", "U"),
    (Op.GT, "F", "F", "T", "U"),
    (Op.LE, "T", "T", "F", "U"),
    (Op.LT, "T", "F", "F", "U"),
    (Op.EQ, "F", "T", "F", "U"),
]


class TestThreshold:
    """A numeric fact against a constant, for exact, lower-bound and unknown facts."""

    @pytest.mark.parametrize("line", COUNT_TABLE, ids=lambda line: str(line[0].value))
    def test_integer_fact(self, line: tuple[Op, str, str, str, str, str, str, str]) -> None:
        """Each operator at 2 against exact counts, lower bounds and unknown, per the table."""
        op, *expected = line
        facts = [
            row(prior_regimens=1),
            row(prior_regimens=2),
            row(prior_regimens=3),
            row(upper={"prior_regimens": math.inf}, prior_regimens=1),
            row(upper={"prior_regimens": math.inf}, prior_regimens=2),
            row(upper={"prior_regimens": math.inf}, prior_regimens=3),
            EMPTY,
        ]
        found = [truths(threshold(op, 2), f) for f in facts]
        assert found == [(LETTER[e], LETTER[e]) for e in expected]

    @pytest.mark.parametrize("line", NUMBER_TABLE, ids=lambda line: str(line[0].value))
    def test_number_fact(self, line: tuple[Op, str, str, str, str]) -> None:
        """Each operator at 50 against the next float below, 50 itself, the next above, unknown."""
        op, *expected = line
        node = threshold(op, 50, fact="platelets", unit="10^9/L")
        facts = [row(platelets=BELOW), row(platelets=50.0), row(platelets=ABOVE), EMPTY]
        assert [truths(node, f) for f in facts] == [(LETTER[e], LETTER[e]) for e in expected]

    @pytest.mark.parametrize(
        ("op", "value", "expected"),
        [
            (Op.GE, 0, T),
            (Op.GE, 14, U),
            (Op.GT, 30, F),
            (Op.LE, 30, T),
            (Op.LE, 29, U),
            (Op.LT, 14, U),
            (Op.LT, 31, T),
            (Op.EQ, 10, U),
            (Op.EQ, 40, F),
        ],
    )
    def test_interval_fact(self, op: Op, value: float, expected: Truth) -> None:
        """A fact known to lie between 0 and 30 days decides only what every value there does."""
        facts = row(upper={"days_since_last_treatment": 30}, days_since_last_treatment=0)
        node = threshold(op, value, fact="days_since_last_treatment", unit="days")
        assert truths(node, facts) == (expected, expected)

    def test_unit_converted_at_construction(self) -> None:
        """Platelets >= 50000 /uL is platelets >= 50 10^9/L."""
        per_microlitre = threshold(Op.GE, 50000, fact="platelets", unit="/uL")
        canonical = threshold(Op.GE, 50, fact="platelets", unit="10^9/L")
        assert per_microlitre.threshold == canonical.threshold == 50.0
        facts = [row(platelets=49.9), row(platelets=50.0), row(platelets=50.1), EMPTY]
        assert [truths(per_microlitre, f) for f in facts] == [(F, F), (T, T), (T, T), (U, U)]
        assert [truths(canonical, f) for f in facts] == [(F, F), (T, T), (T, T), (U, U)]

    def test_mass_concentration_converted(self) -> None:
        """Albumin >= 30 g/L is albumin >= 3 g/dL."""
        per_litre = threshold(Op.GE, 30, fact="albumin", unit="g/L")
        per_decilitre = threshold(Op.GE, 3, fact="albumin", unit="g/dL")
        assert per_litre.threshold == per_decilitre.threshold == 3.0
        assert truths(per_litre, row(albumin=2.9)) == (F, F)
        assert truths(per_litre, row(albumin=3.0)) == (T, T)

    def test_expected_text_keeps_the_written_unit(self) -> None:
        """The evidence shows the threshold as written (50000 /uL), not converted."""
        node = threshold(Op.GE, 50000, fact="platelets", unit="/uL")
        assert node.expected() == ">= 50000 /uL"

    def test_evidence_of_a_lower_bound(self) -> None:
        """A lower-bound fact is shown as 'at least', with its unit."""
        facts = row(upper={"prior_regimens": math.inf}, prior_regimens=3)
        result = evaluate(threshold(Op.LE, 2), facts, US)
        assert (result.status, result.observed, result.expected) == (
            F,
            "at least 3",
            "<= 2 count",
        )

    def test_unitless_fact(self) -> None:
        """ECOG takes a threshold without a unit."""
        node = threshold(Op.LE, 2, fact="ecog", unit=None)
        assert [truths(node, row(ecog=e)) for e in (1, 2, 3)] == [(T, T), (T, T), (F, F)]


class TestThresholdRefusals:
    """Thresholds that cannot be evaluated are refused when built, naming the field."""

    def test_incompatible_unit(self) -> None:
        """A mass concentration is not a platelet count."""
        with pytest.raises(UnitError) as caught:
            threshold(Op.GE, 5, fact="platelets", unit="g/dL")
        assert [p.path for p in caught.value.problems] == ["unit"]
        assert "platelets" in caught.value.problems[0].message

    def test_unknown_unit(self) -> None:
        """A unit outside the unit table is refused."""
        with pytest.raises(UnitError) as caught:
            threshold(Op.GE, 5, fact="platelets", unit="furlong")
        assert [p.path for p in caught.value.problems] == ["unit"]

    def test_other_fact_unit(self) -> None:
        """Months cannot be compared with an age in years."""
        with pytest.raises(UnitError) as caught:
            threshold(Op.GE, 18, fact="age_years", unit="months")
        assert [p.path for p in caught.value.problems] == ["unit"]
        assert "'months'" in caught.value.problems[0].message

    def test_unit_required(self) -> None:
        """A fact with a unit needs the threshold's unit."""
        with pytest.raises(UnitError) as caught:
            threshold(Op.GE, 50, fact="platelets", unit=None)
        assert [p.path for p in caught.value.problems] == ["unit"]
        assert "10^9/L" in caught.value.problems[0].message

    def test_unit_on_unitless_fact(self) -> None:
        """ECOG has no unit, so a unit is refused."""
        with pytest.raises(UnitError) as caught:
            threshold(Op.LE, 2, fact="ecog", unit="years")
        assert [p.path for p in caught.value.problems] == ["unit"]

    @pytest.mark.parametrize(
        ("value", "refused"), [(1e305, False), (1.7e306, False), (1.8e306, True), (1e308, True)]
    )
    def test_value_that_overflows_in_conversion(self, value: float, refused: bool) -> None:
        """Regression (fuzzing): 1e308 g/L became an infinite mg/dL threshold; a value
        whose conversion (x100) stays finite is kept."""
        if not refused:
            built = threshold(Op.LE, value, fact="bilirubin", unit="g/L")
            assert built.threshold == pytest.approx(value * 100)
            return
        with pytest.raises(ValidationError) as caught:
            threshold(Op.LE, value, fact="bilirubin", unit="g/L")
        assert [p.path for p in caught.value.problems] == ["value"]
        assert "mg/dL" in caught.value.problems[0].message

    def test_unknown_fact(self) -> None:
        """A fact outside the schema is refused."""
        with pytest.raises(ValidationError) as caught:
            threshold(Op.GE, 1, fact="age_in_dog_years", unit="years")
        assert [p.path for p in caught.value.problems] == ["fact"]
        assert "age_in_dog_years" in caught.value.problems[0].message

    @pytest.mark.parametrize("fact", ["lineage", "pregnant"])
    def test_non_numeric_fact(self, fact: str) -> None:
        """A threshold on a category or yes/no fact is refused."""
        with pytest.raises(ValidationError) as caught:
            threshold(Op.GE, 1, fact=fact, unit=None)
        assert [p.path for p in caught.value.problems] == ["fact"]
        assert "number or integer" in caught.value.problems[0].message

    @pytest.mark.parametrize("value", [math.nan, math.inf])
    def test_non_finite_value(self, value: float) -> None:
        """NaN and infinity are not thresholds."""
        with pytest.raises(ValidationError) as caught:
            threshold(Op.GE, value)
        assert [p.path for p in caught.value.problems] == ["value"]


class TestIsIn:
    """A category fact in a set of allowed values."""

    def test_truth(self) -> None:
        """In the set: true; outside: false; unknown: unknown."""
        node = IsIn(id="b", text="B lineage", fact="lineage", values=("b_precursor",))
        assert truths(node, row(lineage=Lineage.B_PRECURSOR)) == (T, T)
        assert truths(node, row(lineage=Lineage.T)) == (F, F)
        assert truths(node, EMPTY) == (U, U)

    def test_several_values(self) -> None:
        """Any of several values will do."""
        node = IsIn(id="ph", text="Ph known", fact="ph_status", values=("positive", "negative"))
        assert truths(node, row(ph_status=PhStatus.NEGATIVE)) == (T, T)
        assert node.expected() == "one of positive, negative"

    def test_value_not_allowed(self) -> None:
        """A value the fact cannot take is refused, naming the values field and the value."""
        with pytest.raises(ValidationError) as caught:
            IsIn(id="m", text="myeloid", fact="lineage", values=("myeloid",))
        assert [p.path for p in caught.value.problems] == ["values"]
        assert "myeloid" in caught.value.problems[0].message

    def test_non_category_fact(self) -> None:
        """IsIn needs a category fact."""
        with pytest.raises(ValidationError) as caught:
            IsIn(id="a", text="age", fact="age_years", values=("45",))
        assert [p.path for p in caught.value.problems] == ["fact"]

    def test_empty_values(self) -> None:
        """At least one value is required."""
        with pytest.raises(ValidationError) as caught:
            IsIn(id="a", text="none", fact="lineage", values=())
        assert [p.path for p in caught.value.problems] == ["values"]


class TestIs:
    """A yes/no fact that must be yes (or no)."""

    @pytest.mark.parametrize(
        ("wanted", "value", "expected"),
        [
            (True, True, T),
            (True, False, F),
            (True, None, U),
            (False, True, F),
            (False, False, T),
            (False, None, U),
        ],
    )
    def test_truth(self, wanted: bool, value: bool | None, expected: Truth) -> None:
        """Equal: true; different: false; unknown: unknown."""
        node = Is(id="p", text="pregnant", fact="pregnant", value=wanted)
        assert truths(node, row(pregnant=value)) == (expected, expected)

    def test_non_boolean_fact(self) -> None:
        """Is needs a yes/no fact."""
        with pytest.raises(ValidationError) as caught:
            Is(id="l", text="lineage", fact="lineage")
        assert [p.path for p in caught.value.problems] == ["fact"]
        assert "boolean" in caught.value.problems[0].message


class TestKnown:
    """Known is true when the fact is known and unknown (never false) when it is not."""

    @pytest.mark.parametrize(
        ("fact", "value"),
        [("ecog", 0), ("pregnant", False), ("platelets", 0.0), ("lineage", Lineage.T)],
    )
    def test_known_even_when_falsy(self, fact: str, value: object) -> None:
        """0, no and 0.0 are known values."""
        node = Known(id="k", text="recorded", fact=fact)
        assert truths(node, as_facts({fact: (value, value)})) == (T, T)

    @pytest.mark.parametrize("fact", ["ecog", "pregnant", "platelets", "lineage"])
    def test_unknown_is_unknown(self, fact: str) -> None:
        """An unrecorded fact leaves Known unknown, not false."""
        assert truths(Known(id="k", text="recorded", fact=fact)) == (U, U)

    def test_unknown_fact(self) -> None:
        """A fact outside the schema is refused."""
        with pytest.raises(ValidationError) as caught:
            Known(id="k", text="recorded", fact="zodiac_sign")
        assert [p.path for p in caught.value.problems] == ["fact"]

    def test_missing_names_the_sources(self) -> None:
        """An unknown Known names the model fields the fact derives from."""
        result = evaluate(Known(id="k", text="CD22 flow", fact="cd22_percent"), EMPTY, US)
        assert result.missing == ("disease.markers[CD22].percent_positive",)


class TestStaticLeaves:
    """InJurisdiction and Constant do not read facts."""

    @pytest.mark.parametrize(
        ("allowed", "context", "expected"),
        [
            ((Jurisdiction.US,), US, T),
            ((Jurisdiction.US,), EU, F),
            ((Jurisdiction.EU,), US, F),
            ((Jurisdiction.EU,), EU, T),
            ((Jurisdiction.US, Jurisdiction.EU), US, T),
            ((Jurisdiction.US, Jurisdiction.EU), EU, T),
        ],
    )
    def test_jurisdiction(
        self, allowed: tuple[Jurisdiction, ...], context: Context, expected: Truth
    ) -> None:
        """True exactly when the context's jurisdiction is listed."""
        node = InJurisdiction(id="j", text="label", jurisdictions=allowed)
        assert truths(node, EMPTY, context) == (expected, expected)

    def test_jurisdiction_evidence(self) -> None:
        """The evidence shows the context's jurisdiction and the allowed ones."""
        node = InJurisdiction(id="j", text="label", jurisdictions=(Jurisdiction.EU,))
        result = evaluate(node, EMPTY, US)
        assert (result.observed, result.expected, result.missing) == ("US", "one of EU", ())

    @pytest.mark.parametrize(("value", "expected"), [(True, T), (False, F)])
    def test_constant(self, value: bool, expected: Truth) -> None:
        """A constant is what it says, in every jurisdiction."""
        node = Constant(id="c", text="constant", value=value)
        assert truths(node, EMPTY, US) == truths(node, EMPTY, EU) == (expected, expected)


class TestNodeChecks:
    """Malformed nodes and options are refused, naming the field."""

    def test_at_least_more_than_parts(self) -> None:
        """AtLeast cannot ask for more parts than it has."""
        with pytest.raises(ValidationError) as caught:
            AtLeast(id="k", text="k", count=3, parts=parts("TT"))
        assert [p.path for p in caught.value.problems] == ["count"]

    def test_at_least_zero(self) -> None:
        """AtLeast counts from 1."""
        with pytest.raises(ValidationError) as caught:
            AtLeast(id="k", text="k", count=0, parts=parts("T"))
        assert [p.path for p in caught.value.problems] == ["count"]

    def test_empty_parts(self) -> None:
        """All needs at least one part."""
        with pytest.raises(ValidationError) as caught:
            All(id="a", text="all", parts=())
        assert [p.path for p in caught.value.problems] == ["parts"]

    @pytest.mark.parametrize("bad", ["Upper", "", "has space", "_leading"])
    def test_bad_id(self, bad: str) -> None:
        """Ids are lower-case identifiers."""
        with pytest.raises(ValidationError) as caught:
            Constant(id=bad, text="c", value=True)
        assert [p.path for p in caught.value.problems] == ["id"]

    def test_blank_text(self) -> None:
        """Every node has a text."""
        with pytest.raises(ValidationError) as caught:
            Constant(id="c", text="  ", value=True)
        assert [p.path for p in caught.value.problems] == ["text"]

    def test_duplicate_ids_refused_by_option(self) -> None:
        """An option whose tree repeats a node id is refused, naming the id."""
        tree = All(
            id="entry",
            text="entry",
            parts=(
                Constant(id="same", text="a", value=True),
                Not(id="no", text="not b", part=Constant(id="same", text="b", value=False)),
            ),
        )
        with pytest.raises(ValidationError) as caught:
            Option(id="opt", kind=OptionKind.TRIAL, name="Opt", citations=("x",), criteria=tree)
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("criteria", "repeats node ids: same")
        ]

    def test_root_id_repeated_below(self) -> None:
        """The root's id counts too."""
        tree = All(id="entry", text="entry", parts=(Constant(id="entry", text="a", value=True),))
        with pytest.raises(ValidationError, match="repeats node ids: entry"):
            Option(id="opt", kind=OptionKind.TRIAL, name="Opt", citations=("x",), criteria=tree)


# --- NodeResult --------------------------------------------------------------------------

PREGNANT = Is(id="pregnant", text="pregnant", fact="pregnant")


def ids(nodes: tuple[NodeResult, ...]) -> list[str]:
    """The ids of some results."""
    return [node.id for node in nodes]


class TestNodeResult:
    """failed(), unknown() and missing_fields() explain a result."""

    def test_false_all_lists_only_false_parts(self) -> None:
        """A false All lists its false parts, not its true or unknown ones."""
        node = All(id="entry", text="entry", parts=parts("TFUF"))
        result = evaluate(node, EMPTY, US)
        assert result.status is F
        assert ids(result.failed()) == ["p1", "p3"]
        assert result.unknown() == ()
        assert result.missing_fields() == ()

    def test_a_failed_any_reports_its_own_text(self) -> None:
        """A false Any is the failed criterion: no single one of its parts is the reason.

        Regression: TOWER's "refractory, untreated first relapse with CR1 < 12 months, ..."
        was reported as its first part, "refractory to primary induction: no".
        """
        inner = AnyOf(id="either", text="either", parts=(part("F", 1), part("F", 2)))
        node = All(id="entry", text="entry", parts=(part("T", 0), inner))
        (failed,) = evaluate(node, EMPTY, US).failed()
        assert (failed.id, failed.text, [c.id for c in failed.children]) == (
            "either",
            "either",
            ["p1", "p2"],
        )

    def test_failed_descends_into_all_groups(self) -> None:
        """Failed leaves inside a false All nested in an All are listed in order."""
        inner = All(id="both", text="both", parts=(part("F", 1), part("F", 2)))
        node = All(id="entry", text="entry", parts=(part("T", 0), inner))
        assert ids(evaluate(node, EMPTY, US).failed()) == ["p1", "p2"]

    def test_not_reports_itself(self) -> None:
        """A false Not is the failed criterion, not its (true) part."""
        prior = Is(id="prior_blina", text="had blinatumomab", fact="prior_blinatumomab")
        node = All(
            id="entry",
            text="entry",
            parts=(Not(id="no_prior_blina", text="no prior blinatumomab", part=prior),),
        )
        result = evaluate(node, row(prior_blinatumomab=True), US)
        (failed,) = result.failed()
        assert (failed.id, failed.kind, failed.observed, failed.expected) == (
            "no_prior_blina",
            "not",
            "yes",
            "not yes",
        )

    def test_false_leaf_is_its_own_failure(self) -> None:
        """A false leaf lists itself."""
        result = evaluate(part("F", 0), EMPTY, US)
        assert ids(result.failed()) == ["p0"]

    def test_at_least_reports_itself(self) -> None:
        """A false AtLeast is reported by its own text (its parts are in its children)."""
        node = AtLeast(id="k", text="two of three", count=2, parts=parts("TFF"))
        (failed,) = evaluate(node, EMPTY, US).failed()
        assert (failed.id, [c.status for c in failed.children]) == ("k", [T, F, F])

    def test_unknown_lists_only_unknown_leaves(self) -> None:
        """An unknown All lists the unknown leaves, through groups, and no true or false ones."""
        either = AnyOf(
            id="either",
            text="either",
            parts=(Known(id="ecog_known", text="ECOG", fact="ecog"), part("F", 9)),
        )
        node = All(
            id="entry",
            text="entry",
            parts=(
                part("T", 0),
                PREGNANT,
                either,
                Is(id="not_pregnant", text="not pregnant", fact="pregnant", value=False),
            ),
        )
        result = evaluate(node, EMPTY, US)
        assert result.status is U
        assert ids(result.unknown()) == ["pregnant", "ecog_known", "not_pregnant"]
        assert result.failed() == ()

    def test_missing_fields_without_repeats(self) -> None:
        """Two unknown leaves on one fact name its fields once, in first-seen order."""
        node = All(
            id="entry",
            text="entry",
            parts=(
                PREGNANT,
                Known(id="ecog_known", text="ECOG", fact="ecog"),
                Is(id="not_pregnant", text="not pregnant", fact="pregnant", value=False),
            ),
        )
        assert evaluate(node, EMPTY, US).missing_fields() == ("pregnant", "ecog")

    def test_unknown_under_not(self) -> None:
        """An unknown Not lists the unknown leaf below it."""
        node = Not(id="not_pregnant", text="not pregnant", part=PREGNANT)
        result = evaluate(node, EMPTY, US)
        assert ids(result.unknown()) == ["pregnant"]
        assert result.missing_fields() == ("pregnant",)

    def test_true_explains_nothing(self) -> None:
        """A true result has no failed or unknown criteria and no missing fields."""
        node = AnyOf(id="either", text="either", parts=(PREGNANT, part("T", 1)))
        result = evaluate(node, EMPTY, US)
        assert (result.status, result.failed(), result.unknown(), result.missing_fields()) == (
            T,
            (),
            (),
            (),
        )

    def test_decided_leaves_have_no_missing(self) -> None:
        """Only unknown leaves name missing fields."""
        result = evaluate(PREGNANT, row(pregnant=False), US)
        assert (result.status, result.missing, result.observed) == (F, (), "no")

    def test_lower_bound_missing_names_history(self) -> None:
        """An undecided count names the treatment history as what would decide it."""
        facts = row(upper={"prior_regimens": math.inf}, prior_regimens=1)
        result = evaluate(threshold(Op.LE, 2), facts, US)
        assert result.status is U
        assert result.missing == ("course.treatment_lines", "course.history_complete")


# --- properties ---------------------------------------------------------------------------

#: (fact, unit of its thresholds, constants of its thresholds) for the numeric facts used.
NUMERIC = {
    "prior_regimens": ("count", st.integers(0, 6)),
    "ecog": (None, st.integers(0, 4)),
    "platelets": ("10^9/L", st.integers(0, 200)),
}
CATEGORY = ("lineage", "ph_status")
BOOLEAN = ("pregnant", "prior_blinatumomab")
ROW_FACTS = (*NUMERIC, *CATEGORY, *BOOLEAN)

#: (value, upper) of one fact; (None, None) is unknown.
Bounds = tuple[object, object]


def _leaf(draw: st.DrawFn, ident: str) -> Node:
    kind = draw(st.sampled_from(["threshold", "is_in", "is", "known", "jurisdiction", "constant"]))
    text = f"leaf {ident}"
    if kind == "threshold":
        fact = draw(st.sampled_from(sorted(NUMERIC)))
        unit, constants = NUMERIC[fact]
        value: float = draw(constants)
        if fact == "platelets" and draw(st.booleans()):
            unit, value = "/uL", value * 1000
        op = draw(st.sampled_from(Op))
        return Threshold(id=ident, text=text, fact=fact, op=op, value=value, unit=unit)
    if kind == "is_in":
        fact = draw(st.sampled_from(CATEGORY))
        allowed = fact_spec(fact).categories
        values = draw(st.lists(st.sampled_from(allowed), min_size=1, unique=True))
        return IsIn(id=ident, text=text, fact=fact, values=tuple(values))
    if kind == "is":
        fact = draw(st.sampled_from(BOOLEAN))
        return Is(id=ident, text=text, fact=fact, value=draw(st.booleans()))
    if kind == "known":
        return Known(id=ident, text=text, fact=draw(st.sampled_from(ROW_FACTS)))
    if kind == "jurisdiction":
        allowed_places = draw(st.lists(st.sampled_from(Jurisdiction), min_size=1, unique=True))
        return InJurisdiction(id=ident, text=text, jurisdictions=tuple(allowed_places))
    return Constant(id=ident, text=text, value=draw(st.booleans()))


def _node(draw: st.DrawFn, depth: int, counter: Iterator[int]) -> Node:
    ident = f"n{next(counter)}"
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return _leaf(draw, ident)
    kind = draw(st.sampled_from(["all", "any", "not", "at_least"]))
    if kind == "not":
        return Not(id=ident, text=ident, part=_node(draw, depth - 1, counter))
    children = tuple(_node(draw, depth - 1, counter) for _ in range(draw(st.integers(1, 3))))
    if kind == "all":
        return All(id=ident, text=ident, parts=children)
    if kind == "any":
        return AnyOf(id=ident, text=ident, parts=children)
    count = draw(st.integers(1, len(children)))
    return AtLeast(id=ident, text=ident, count=count, parts=children)


@st.composite
def trees(draw: st.DrawFn) -> Node:
    """Criterion trees of depth at most 4 over the facts of :data:`ROW_FACTS`, ids unique."""
    return _node(draw, 4, itertools.count())


def _exact(draw: st.DrawFn, fact: str) -> object:
    if fact == "prior_regimens":
        return draw(st.integers(0, 6))
    if fact == "ecog":
        return draw(st.integers(0, 4))
    if fact == "platelets":
        return draw(st.integers(0, 200).map(float) | st.floats(0, 200))
    if fact in CATEGORY:
        return draw(st.sampled_from(fact_spec(fact).categories))
    return draw(st.booleans())


@st.composite
def partial_rows(draw: st.DrawFn) -> dict[str, Bounds]:
    """Values of the row facts, each unknown, exact, or (prior_regimens) a bound."""
    found: dict[str, Bounds] = {}
    for fact in ROW_FACTS:
        form = draw(st.sampled_from(["unknown", "exact", "bound"]))
        if form == "unknown":
            found[fact] = (None, None)
            continue
        value = _exact(draw, fact)
        if form == "bound" and fact == "prior_regimens":
            assert isinstance(value, int)
            found[fact] = (value, draw(st.sampled_from([math.inf, value + 1, value + 3])))
        else:
            found[fact] = (value, value)
    return found


def as_facts(values: dict[str, Bounds]) -> Facts:
    """A facts row from (value, upper) pairs."""
    lows = {name: low for name, (low, _) in values.items()}
    highs = {name: high for name, (_, high) in values.items()}
    return row(upper=highs, **lows)


@st.composite
def completions(draw: st.DrawFn, values: dict[str, Bounds]) -> dict[str, Bounds]:
    """The row with every unknown filled and every bound narrowed to one value inside it."""
    filled: dict[str, Bounds] = {}
    for fact, (low, high) in values.items():
        if low is None:
            value = _exact(draw, fact)
        elif low != high:
            assert isinstance(low, int)
            top = low + 5 if high == math.inf else high
            assert isinstance(top, int)
            value = draw(st.integers(low, top))
        else:
            value = low
        filled[fact] = (value, value)
    return filled


class TestProperties:
    """Compiled and evidence-producing evaluation agree; decided results are monotone."""

    @settings(max_examples=300, deadline=None)
    @given(tree=trees(), values=partial_rows(), place=st.sampled_from([US, EU]))
    def test_compiled_equals_evaluated(
        self, tree: Node, values: dict[str, Bounds], place: Context
    ) -> None:
        """compile_criterion and evaluate give the same status for every tree and row."""
        facts = as_facts(values)
        compiled = compile_criterion(tree, place)(facts.values, facts.upper)
        assert compiled == evaluate(tree, facts, place).status

    @settings(max_examples=300, deadline=None)
    @given(tree=trees(), values=partial_rows(), place=st.sampled_from([US, EU]), data=st.data())
    def test_decided_results_survive_filling_unknowns(
        self, tree: Node, values: dict[str, Bounds], place: Context, data: st.DataObject
    ) -> None:
        """A true or false tree stays so when unknowns get values and bounds narrow."""
        run = compile_criterion(tree, place)
        facts = as_facts(values)
        before = run(facts.values, facts.upper)
        filled = as_facts(data.draw(completions(values)))
        after = run(filled.values, filled.upper)
        if before != U:
            assert after == before
        assert evaluate(tree, filled, place).status == after

    @settings(max_examples=200, deadline=None)
    @given(tree=trees(), values=partial_rows())
    def test_explanations_match_status(self, tree: Node, values: dict[str, Bounds]) -> None:
        """False results list failed criteria; unknown ones list unknown leaves and fields."""
        result = evaluate(tree, as_facts(values), US)
        assert bool(result.failed()) == (result.status is F)
        assert bool(result.unknown()) == (result.status is U)
        assert all(node.status is U and not node.children for node in result.unknown())
        assert all(node.status is F for node in result.failed())
        assert bool(result.missing_fields()) == (result.status is U)
