"""Specification of the checks machinery shared by every model class (allmodel._model)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
import pytest

from allmodel._model import (
    AtMost,
    InRange,
    Matches,
    Model,
    NonEmpty,
    checks,
    date_order,
    field_problem,
    types_checked,
)
from allmodel.dates import age_in_years
from allmodel.errors import (
    AllModelError,
    ChronologyError,
    DocumentError,
    Problem,
    UnitError,
    ValidationError,
)
from allmodel.measures import Length, Mass
from allmodel.model import (
    Analyte,
    Course,
    DonorType,
    EcogAssessment,
    Finding,
    Identifier,
    Intent,
    LabResult,
    LvefMeasurement,
    Marker,
    MarkerResult,
    Patient,
    Relapse,
    Serostatus,
    Transplant,
    TransplantKind,
    TreatmentLine,
)

SECRET = "MRN-7730142"
BIRTH = date(1980, 5, 17)


@attrs.frozen(kw_only=True)
class _Record(Model):
    """A model with one sensitive and one ordinary field under the same check."""

    code: str = attrs.field(metadata=checks(Matches(r"[0-9]+", "digits only"), sensitive=True))
    label: str = attrs.field(metadata=checks(Matches(r"[0-9]+", "digits only")))


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in error.problems]


class TestEveryProblemAtOnce:
    """An object reports all of its broken field constraints in one error."""

    def test_weight_and_height_reported_together(self) -> None:
        """Weight 0 kg and height 400 cm give two problems, each naming its field."""
        with pytest.raises(ValidationError) as caught:
            Patient(weight=Mass(0, "kg"), height=Length(400, "cm"))
        assert _problems(caught.value) == [
            ("height", "must be between 20 and 280 cm, got 400 cm"),
            ("weight", "must be between 0.2 and 650 kg, got 0 kg"),
        ]
        assert str(caught.value).startswith("2 problems:")

    def test_one_problem_renders_on_one_line(self) -> None:
        """A single problem renders as 'path: message'."""
        with pytest.raises(ValidationError) as caught:
            EcogAssessment(value=5, date=date(2022, 1, 1))
        assert str(caught.value) == "value: must be >= 0 and <= 4, got 5"

    def test_consistency_rules_wait_for_valid_fields(self) -> None:
        """Cross-field rules run only once every field passes its own checks."""
        with pytest.raises(ValidationError) as caught:
            Course(donor_identified=False, donor_type=DonorType.HAPLOIDENTICAL, hla_typed=1)  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["hla_typed"]

    def test_several_consistency_problems_reported_together(self) -> None:
        """Two broken cross-field rules give two problems."""
        with pytest.raises(ValidationError) as caught:
            Transplant(
                kind=TransplantKind.AUTOLOGOUS,
                date=date(2021, 1, 1),
                donor_type=DonorType.MATCHED_SIBLING,
                donor_cmv=Serostatus.POSITIVE,
            )
        assert [p.path for p in caught.value.problems] == ["donor_type", "donor_cmv"]


class TestTypeChecks:
    """Declared field types are enforced at run time, None only where allowed."""

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("ecog", 3, "must be an EcogAssessment, not int"),
            ("lvef_percent", 55.0, "must be a LvefMeasurement, not float"),
            ("pregnant", False, "must be a Finding, not bool"),
            ("prefers_palliative_care", "no", "must be true or false, not str"),
            ("prefers_palliative_care", 0, "must be true or false, not int"),
            ("sex", "female", "must be a Sex, not str"),
            ("height", Mass(170, "kg"), "must be a Length, not Mass"),
            ("labs", [], "must be a tuple, not list"),
            ("labs", ("platelets",), "item 0 must be a LabResult, not str"),
            ("date_of_birth", datetime(1980, 5, 17), "must be a date, not datetime"),
            ("disease", None, "is required, got None"),
            ("labs", None, "is required, got None"),
        ],
    )
    def test_wrong_type_is_refused(self, field: str, value: Any, message: str) -> None:
        """A value of the wrong type is a ValidationError naming field and expected type."""
        with pytest.raises(ValidationError) as caught:
            Patient(**{field: value})
        assert _problems(caught.value) == [(field, message)]

    @pytest.mark.parametrize(
        ("cls", "value", "message"),
        [
            (EcogAssessment, "3", "must be an integer, not str"),
            (EcogAssessment, True, "must be an integer, not bool"),
            (EcogAssessment, 3.0, "must be an integer, not float"),
            (LvefMeasurement, "55", "must be a number, not str"),
            (LvefMeasurement, False, "must be a number, not bool"),
            (Finding, "no", "must be true or false, not str"),
            (Finding, 0, "must be true or false, not int"),
        ],
    )
    def test_wrong_type_in_an_observation(self, cls: Any, value: Any, message: str) -> None:
        """A dated observation checks its value's type as strictly as any field."""
        with pytest.raises(ValidationError) as caught:
            cls(value=value, date=date(2022, 1, 1))
        assert _problems(caught.value) == [("value", message)]

    def test_optional_fields_accept_none(self) -> None:
        """Fields typed '... | None' may be None: not recorded."""
        patient = Patient(sex=None, height=None, weight=None, ecog=None, date_of_birth=None)
        assert patient.ecog is None

    def test_required_field_given_none_is_refused(self) -> None:
        """Regression: a required date or value given None used to be accepted."""
        with pytest.raises(ValidationError) as caught:
            LabResult(analyte=Analyte.ANC, value=None, unit="10^9/L", date=None)  # type: ignore[arg-type]
        assert _problems(caught.value) == [
            ("value", "is required, got None"),
            ("date", "is required, got None"),
        ]


class TestTypesChecked:
    """Within types_checked (the JSON converter's structuring) constructors trust the
    types and run the declared checks and consistency rules only."""

    def test_type_checks_are_skipped_within(self) -> None:
        """A wrongly typed value is taken as given within the block, refused outside."""
        with types_checked():
            finding = Finding(value="no", date=date(2022, 1, 1))  # type: ignore[arg-type]
        assert attrs.asdict(finding)["value"] == "no"
        with pytest.raises(ValidationError):
            Finding(value="no", date=date(2022, 1, 1))  # type: ignore[arg-type]

    def test_the_block_ends_with_an_error(self) -> None:
        """An error inside the block ends it: the next constructor checks types again."""
        with pytest.raises(ValidationError), types_checked():
            EcogAssessment(value=9, date=date(2022, 1, 1))
        with pytest.raises(ValidationError):
            Finding(value="no", date=date(2022, 1, 1))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "make",
        [
            lambda: EcogAssessment(value=9, date=date(2022, 1, 1)),
            lambda: Patient(height=Length(2, "cm"), weight=Mass(1, "g")),
            lambda: Transplant(
                kind=TransplantKind.AUTOLOGOUS,
                date=date(2022, 1, 1),
                donor_type=DonorType.HAPLOIDENTICAL,
            ),
            lambda: Patient(
                date_of_birth=date(1990, 1, 1), ecog=EcogAssessment(value=1, date=date(1980, 1, 1))
            ),
        ],
    )
    def test_declared_checks_and_rules_give_the_same_error(self, make: Any) -> None:
        """Declared checks and consistency rules still refuse, with the same problems."""
        with pytest.raises(ValidationError) as outside:
            make()
        with pytest.raises(ValidationError) as inside, types_checked():
            make()
        assert type(inside.value) is type(outside.value)
        assert inside.value.problems == outside.value.problems


class TestSensitiveFields:
    """Identifiers and dates of birth never appear in messages or reprs."""

    def test_blank_identifier_value_is_refused_without_echo(self) -> None:
        """A blank identifier value is refused; the message carries no value."""
        with pytest.raises(ValidationError) as caught:
            Identifier(system="mrn", value="   ")
        assert _problems(caught.value) == [("value", "must not be blank")]

    def test_ordinary_field_shows_its_value(self) -> None:
        """A non-sensitive field's message ends with the offending value."""
        with pytest.raises(ValidationError) as caught:
            Identifier(system="", value=SECRET)
        assert _problems(caught.value) == [("system", "must not be blank, got ''")]
        assert SECRET not in str(caught.value)

    def test_sensitive_value_never_shown(self) -> None:
        """The same check shows an ordinary value but hides a sensitive one."""
        with pytest.raises(ValidationError) as caught:
            _Record(code=SECRET, label="LABEL-7")
        assert _problems(caught.value) == [
            ("code", "must be digits only"),
            ("label", "must be digits only, got 'LABEL-7'"),
        ]
        assert SECRET not in str(caught.value)

    def test_date_of_birth_of_wrong_type_not_shown(self) -> None:
        """A date of birth given as text is refused without echoing it."""
        with pytest.raises(ValidationError) as caught:
            Patient(date_of_birth="1980-05-17")  # type: ignore[arg-type]
        assert "1980" not in str(caught.value)

    def test_date_of_birth_not_shown_in_chronology_errors(self) -> None:
        """A result dated before birth is named by its path; the birth date is not shown."""
        lab = LabResult(analyte=Analyte.ANC, value=1.2, unit="10^9/L", date=date(1979, 1, 2))
        with pytest.raises(ChronologyError) as caught:
            Patient(date_of_birth=BIRTH, labs=(lab,))
        assert _problems(caught.value) == [("labs[0].date", "is before the date of birth")]
        assert "1980" not in str(caught.value)

    def test_age_error_shows_no_date(self) -> None:
        """Assessing age before birth names the field but neither date."""
        with pytest.raises(ChronologyError) as caught:
            age_in_years(BIRTH, date(1979, 12, 31))
        assert _problems(caught.value) == [("date_of_birth", "is after the date of assessment")]

    def test_identifier_not_in_patient_errors(self) -> None:
        """A patient with an identifier and a bad field: the error omits the identifier."""
        identifier = Identifier(system="mrn", value=SECRET)
        with pytest.raises(ValidationError) as caught:
            Patient(identifiers=(identifier,), date_of_birth=BIRTH, weight=Mass(0, "kg"))
        assert SECRET not in str(caught.value)
        assert "1980" not in str(caught.value)


class TestErrorClass:
    """The raised class is the most specific one that covers every problem."""

    def test_field_problems_raise_plain_validation_error(self) -> None:
        """Broken field checks raise ValidationError itself."""
        with pytest.raises(ValidationError) as caught:
            Patient(weight=Mass(0, "kg"))
        assert type(caught.value) is ValidationError

    def test_unit_rule_alone_raises_unit_error(self) -> None:
        """A lab unit of the wrong dimension raises UnitError."""
        with pytest.raises(UnitError):
            LabResult(analyte=Analyte.PLATELETS, value=45, unit="g/dL", date=date(2022, 1, 1))

    def test_chronology_rule_alone_raises_chronology_error(self) -> None:
        """An end before the start raises ChronologyError."""
        with pytest.raises(ChronologyError):
            TreatmentLine(
                regimen="hyper-CVAD",
                start=date(2021, 2, 1),
                end=date(2021, 1, 31),
                intent=Intent.FRONTLINE,
            )

    def test_mixed_rules_raise_validation_error_with_all_problems(self) -> None:
        """A chronology problem and another rule together raise plain ValidationError."""
        with pytest.raises(ValidationError) as caught:
            Course(
                diagnosis_date=date(2020, 1, 1),
                donor_identified=False,
                donor_type=DonorType.HAPLOIDENTICAL,
                relapses=(Relapse(date=date(2019, 12, 31)),),
            )
        assert type(caught.value) is ValidationError
        assert [p.path for p in caught.value.problems] == ["donor_identified", "relapses[0].date"]

    @pytest.mark.parametrize("cls", [UnitError, ChronologyError, DocumentError])
    def test_hierarchy(self, cls: type[ValidationError]) -> None:
        """Every specific error is a ValidationError, a ValueError and an AllModelError."""
        assert issubclass(cls, ValidationError)
        assert issubclass(cls, ValueError)
        assert issubclass(cls, AllModelError)

    def test_plain_string_is_one_problem_without_path(self) -> None:
        """ValidationError('text') holds one problem with an empty path."""
        assert ValidationError("bad").problems == (Problem("", "bad"),)

    def test_no_problems_is_refused(self) -> None:
        """An error must carry at least one problem."""
        with pytest.raises(ValueError, match="at least one problem"):
            ValidationError([])

    @pytest.mark.parametrize(
        ("path", "prefix", "expected"),
        [
            ("unit", "labs[3]", "labs[3].unit"),
            ("[0].date", "relapses", "relapses[0].date"),
            ("", "weight", "weight"),
        ],
    )
    def test_prefixed_paths(self, path: str, prefix: str, expected: str) -> None:
        """Prefixing joins paths with a dot, except before an index."""
        assert Problem(path, "x").prefixed(prefix).path == expected

    def test_prefixed_keeps_the_class(self) -> None:
        """A prefixed UnitError is still a UnitError."""
        error = UnitError([Problem("unit", "x")]).prefixed("labs[0]")
        assert type(error) is UnitError
        assert error.problems == (Problem("labs[0].unit", "x"),)


class TestChecks:
    """The check callables describe what they require."""

    @pytest.mark.parametrize(
        ("value", "ok"), [(-0.1, False), (0, True), (100, True), (100.0001, False)]
    )
    def test_inclusive_range(self, value: float, ok: bool) -> None:
        """InRange(0, 100) admits both bounds and nothing beyond."""
        result = InRange(0, 100)(value)
        assert (result is None) is ok
        assert result in (None, "must be >= 0 and <= 100")

    @pytest.mark.parametrize(
        ("value", "ok"), [(0, False), (0.001, True), (0.999, True), (1, False)]
    )
    def test_exclusive_range(self, value: float, ok: bool) -> None:
        """Exclusive bounds refuse the bound itself."""
        check = InRange(0, 1, low_inclusive=False, high_inclusive=False)
        assert (check(value) is None) is ok
        assert check(0) == "must be > 0 and < 1"

    @pytest.mark.parametrize(("grams", "ok"), [(649_999, True), (650_000, True), (650_001, False)])
    def test_range_in_a_unit_converts_the_measure(self, grams: float, ok: bool) -> None:
        """A bound in kg applies to a mass given in g."""
        assert (InRange(0, 650, unit="kg")(Mass(grams, "g")) is None) is ok

    def test_at_most(self) -> None:
        """AtMost is an inclusive upper bound."""
        assert AtMost(5) == InRange(high=5)
        assert AtMost(5)(5) is None
        assert AtMost(5)(5.5) == "must be <= 5"

    @pytest.mark.parametrize(
        ("value", "ok"), [("123", True), ("12a", False), ("a123", False), (123, False)]
    )
    def test_matches_is_a_full_match_on_strings(self, value: Any, ok: bool) -> None:
        """Matches accepts only strings matching the whole pattern."""
        assert (Matches(r"[0-9]+", "digits")(value) is None) is ok

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("", "must not be blank"),
            (" \t", "must not be blank"),
            ((), "must not be empty"),
            ("x", None),
            (("x",), None),
        ],
    )
    def test_non_empty(self, value: Any, message: str | None) -> None:
        """NonEmpty refuses blank strings and empty collections."""
        assert NonEmpty()(value) == message

    def test_checks_have_readable_reprs(self) -> None:
        """A check's repr shows its parameters."""
        assert repr(InRange(0, 100)) == (
            "InRange(low=0, high=100, low_inclusive=True, high_inclusive=True, unit='')"
        )

    def test_messages_show_the_exact_value(self) -> None:
        """Regression: a value just over a bound was shown rounded to the bound itself."""
        with pytest.raises(ValidationError) as caught:
            MarkerResult(marker=Marker.CD22, date=date(2022, 1, 1), percent_positive=100.0000001)
        assert _problems(caught.value) == [
            ("percent_positive", "must be between 0 and 100 %, got 100.0000001")
        ]

    def test_measure_messages_show_the_exact_value(self) -> None:
        """Regression: 280.0001 cm must not be shown as 280 cm beside 'and 280 cm'."""
        with pytest.raises(ValidationError) as caught:
            Patient(height=Length(280.0001, "cm"))
        assert _problems(caught.value) == [
            ("height", "must be between 20 and 280 cm, got 280.0001 cm")
        ]

    def test_field_problem_checks_one_value_as_the_constructor_would(self) -> None:
        """field_problem reports a single field's problem, None when fine or unset."""
        problem = Problem("value", "must be >= 0 and <= 4, got 7")
        assert field_problem(EcogAssessment, "value", 7) == problem
        assert field_problem(EcogAssessment, "value", 4) is None
        assert field_problem(EcogAssessment, "value", None) is None


class TestDateOrder:
    """date_order yields a ChronologyError only when the later date is earlier."""

    def test_later_before_earlier_is_an_error(self) -> None:
        """An end one day before the start is reported at the given path."""
        errors = list(date_order(date(2021, 1, 2), date(2021, 1, 1), "end", "start"))
        assert [_problems(error) for error in errors] == [[("end", "is before start")]]

    @pytest.mark.parametrize(
        ("earlier", "later"),
        [
            (date(2021, 1, 1), date(2021, 1, 1)),
            (date(2021, 1, 1), date(2021, 1, 2)),
            (None, date(2021, 1, 1)),
            (date(2021, 1, 1), None),
        ],
    )
    def test_in_order_or_unknown_is_fine(self, earlier: date | None, later: date | None) -> None:
        """Equal dates, ordered dates and unknown dates yield nothing."""
        assert list(date_order(earlier, later, "end", "start")) == []
