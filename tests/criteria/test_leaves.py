"""The leaves of the criteria language: thresholds (exact, lower-bound and unknown facts,
units), category and yes/no facts, Known, the static leaves, and the checks that refuse a
malformed node or option."""

from __future__ import annotations

import math

import pytest

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
    Not,
    Op,
    Option,
    OptionKind,
    Truth,
    evaluate,
)
from allmodel.errors import UnitError, ValidationError
from allmodel.model import Lineage, PhStatus
from tests.criteria.rows import (
    EMPTY,
    EU,
    LETTER,
    US,
    F,
    T,
    U,
    as_facts,
    parts,
    row,
    threshold,
    truths,
)

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
