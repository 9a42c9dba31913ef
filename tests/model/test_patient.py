"""Specification of the patient: body size, performance status, chronology, privacy, BSA."""

from __future__ import annotations

import math
from datetime import date

import attrs
import pytest

from allmodel.errors import ChronologyError, ValidationError
from allmodel.facts import derive_facts
from allmodel.measures import Area, DosePerArea, Length, Mass
from allmodel.model import (
    MAX_AGE_YEARS,
    Analyte,
    BsaMethod,
    CnsAssessment,
    CnsStatus,
    Course,
    Disease,
    EcogAssessment,
    Finding,
    Identifier,
    KinaseDomainAnalysis,
    LabResult,
    LvefMeasurement,
    Marker,
    MarkerResult,
    MrdMethod,
    MrdResult,
    Patient,
    Relapse,
    Sex,
    body_surface_area,
    bsa_dubois,
    bsa_mosteller,
)
from allmodel.screening import screen

BIRTH = date(1980, 5, 17)
SECRET = "MRN-7730142"


ASSESSED = date(2022, 12, 1)


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in error.problems]


def _platelets(when: date) -> LabResult:
    return LabResult(analyte=Analyte.PLATELETS, value=45, unit="10^9/L", date=when)


class TestWeight:
    """Body weight is 0.2 to 650 kg (the plausible range), in any mass unit."""

    @pytest.mark.parametrize(
        "weight",
        [
            Mass(0.2, "kg"),  # at the low bound
            Mass(200.0001, "g"),  # just inside
            Mass(12, "kg"),  # a 2-year-old
            Mass(70, "kg"),
            Mass(649.9, "kg"),  # just inside
            Mass(650, "kg"),  # at the high bound
            Mass(650_000, "g"),
        ],
    )
    def test_accepted(self, weight: Mass) -> None:
        """0.2 kg up to exactly 650 kg is accepted, children included."""
        assert Patient(weight=weight).weight == weight

    @pytest.mark.parametrize(
        ("weight", "shown"),
        [
            (Mass(0.001, "kg"), "0.001 kg"),  # regression (fuzzing): loaded, then a 1 g patient
            (Mass(199.999, "g"), "199.999 g"),  # just outside
            (Mass(0, "kg"), "0 kg"),
            (Mass(-1, "kg"), "-1 kg"),
            (Mass(650.1, "kg"), "650.1 kg"),  # just outside
            (Mass(650_001, "g"), "650001 g"),
        ],
    )
    def test_refused(self, weight: Mass, shown: str) -> None:
        """Below 0.2 kg or above 650 kg is refused, with the range and its unit."""
        with pytest.raises(ValidationError) as caught:
            Patient(weight=weight)
        assert _problems(caught.value) == [
            ("weight", f"must be between 0.2 and 650 kg, got {shown}")
        ]


class TestHeight:
    """Body height is 20 to 280 cm (the plausible range), in cm or m."""

    @pytest.mark.parametrize(
        "height",
        [
            Length(20, "cm"),  # at the low bound
            Length(0.2000001, "m"),  # just inside
            Length(85, "cm"),  # a 2-year-old
            Length(1.7, "m"),
            Length(279.9, "cm"),  # just inside
            Length(280, "cm"),  # at the high bound
            Length(2.8, "m"),
        ],
    )
    def test_accepted(self, height: Length) -> None:
        """20 cm up to exactly 280 cm is accepted, children included."""
        assert Patient(height=height).height == height

    @pytest.mark.parametrize(
        "height",
        [
            Length(5, "cm"),  # regression (fuzzing): a height of 5 cm loaded
            Length(19.99, "cm"),  # just outside
            Length(1.7, "cm"),  # metres sent as centimetres
            Length(0, "cm"),
            Length(-170, "cm"),
            Length(280.1, "cm"),  # just outside
            Length(2.801, "m"),
        ],
    )
    def test_refused(self, height: Length) -> None:
        """Below 20 cm or above 280 cm is refused, with the range and its unit."""
        with pytest.raises(ValidationError) as caught:
            Patient(height=height)
        assert caught.value.problems[0].path == "height"
        assert caught.value.problems[0].message.startswith("must be between 20 and 280 cm, got ")


class TestOtherRanges:
    """ECOG, LVEF and cumulative anthracycline bounds."""

    @pytest.mark.parametrize("ecog", [0, 1, 3, 4])
    def test_ecog_accepted(self, ecog: int) -> None:
        """ECOG 0 to 4 inclusive, with the day it was assessed."""
        found = Patient(ecog=EcogAssessment(value=ecog, date=ASSESSED)).ecog
        assert found is not None
        assert found.value == ecog

    @pytest.mark.parametrize("ecog", [-1, 5])
    def test_ecog_refused(self, ecog: int) -> None:
        """ECOG just below 0 or just above 4 is refused (5 is death, not a status)."""
        with pytest.raises(ValidationError) as caught:
            EcogAssessment(value=ecog, date=ASSESSED)
        assert _problems(caught.value) == [("value", f"must be >= 0 and <= 4, got {ecog}")]

    @pytest.mark.parametrize("lvef", [1, 1.0001, 55, 94.9999, 95])
    def test_lvef_accepted(self, lvef: float) -> None:
        """An ejection fraction of 1 to 95 % (the plausible range), bounds included."""
        found = Patient(lvef_percent=LvefMeasurement(value=lvef, date=ASSESSED)).lvef_percent
        assert found is not None
        assert found.value == lvef

    @pytest.mark.parametrize("lvef", [-5, 0, 0.6, 0.9999, 95.0001, 100, 100.1])
    def test_lvef_refused(self, lvef: float) -> None:
        """0 %, a fraction (0.6), 100 % and anything outside 1-95 % are refused."""
        with pytest.raises(ValidationError) as caught:
            LvefMeasurement(value=lvef, date=ASSESSED)
        assert caught.value.problems[0].path == "value"
        assert caught.value.problems[0].message.startswith("must be between 1 and 95 %, got ")

    def test_observations_need_a_date(self) -> None:
        """An undated ECOG could not be placed in time: the date is required."""
        with pytest.raises(ValidationError) as caught:
            EcogAssessment(value=1, date=None)  # type: ignore[arg-type]
        assert _problems(caught.value) == [("date", "is required, got None")]

    @pytest.mark.parametrize(
        "dose",
        [
            DosePerArea(0, "mg/m2"),
            DosePerArea(1e-6, "mg/m2"),  # the smallest non-zero dose
            DosePerArea(0.001, "mg/m2"),
            DosePerArea(0.45, "g/m2"),
            DosePerArea(5000, "mg/m2"),  # at the high bound
            DosePerArea(5, "g/m2"),
        ],
    )
    def test_anthracycline_accepted(self, dose: DosePerArea) -> None:
        """No prior exposure (0) or a cumulative dose up to 5000 mg/m2."""
        assert Patient(cumulative_anthracycline=dose).cumulative_anthracycline == dose

    @pytest.mark.parametrize(
        "dose",
        [
            DosePerArea(-0.001, "mg/m2"),
            DosePerArea(-1, "g/m2"),
            DosePerArea(5000.001, "mg/m2"),  # just outside
            DosePerArea(1e308, "g/m2"),  # would overflow to inf in mg/m2
            DosePerArea(5e-324, "ug/m2"),  # would underflow to 0 in mg/m2
        ],
    )
    def test_anthracycline_refused(self, dose: DosePerArea) -> None:
        """A negative dose, one above 5000 mg/m2, or one too small to convert is refused."""
        with pytest.raises(ValidationError) as caught:
            Patient(cumulative_anthracycline=dose)
        assert caught.value.problems[0].path == "cumulative_anthracycline"
        assert "must be 0 or between 1e-06 and 5000 mg/m2" in caught.value.problems[0].message

    def test_sex_is_an_enum(self) -> None:
        """Sex takes the closed values."""
        assert Patient(sex=Sex("female")).sex is Sex.FEMALE


class TestBodySurfaceArea:
    """BSA by Mosteller (default) and DuBois."""

    def test_mosteller(self) -> None:
        """170 cm and 70 kg: sqrt(170 x 70 / 3600) = 1.8181 m2."""
        area = bsa_mosteller(Length(170, "cm"), Mass(70, "kg"))
        assert area.unit == "m2"
        assert area.value == pytest.approx(math.sqrt(170 * 70 / 3600), rel=1e-12)
        assert area.value == pytest.approx(1.8181, abs=1e-4)

    def test_dubois(self) -> None:
        """170 cm and 70 kg: 0.007184 x 70^0.425 x 170^0.725 = 1.8097 m2."""
        area = bsa_dubois(Length(170, "cm"), Mass(70, "kg"))
        assert area.value == pytest.approx(0.007184 * 70**0.425 * 170**0.725, rel=1e-12)
        assert area.value == pytest.approx(1.8097, abs=1e-4)

    def test_units_are_converted_first(self) -> None:
        """1.7 m and 70000 g give the same BSA as 170 cm and 70 kg."""
        area = bsa_mosteller(Length(1.7, "m"), Mass(70_000, "g"))
        assert area.value == pytest.approx(math.sqrt(170 * 70 / 3600), rel=1e-12)

    def test_method_choice(self) -> None:
        """body_surface_area defaults to Mosteller and follows the method given."""
        height, weight = Length(160, "cm"), Mass(50, "kg")
        mosteller = math.sqrt(160 * 50 / 3600)
        dubois = 0.007184 * 50**0.425 * 160**0.725
        assert body_surface_area(height, weight).value == pytest.approx(mosteller, rel=1e-12)
        assert body_surface_area(height, weight, BsaMethod.DUBOIS).value == pytest.approx(
            dubois, rel=1e-12
        )

    def test_patient_bsa(self) -> None:
        """Patient.bsa uses the recorded height and weight."""
        patient = Patient(height=Length(170, "cm"), weight=Mass(70, "kg"))
        bsa = patient.bsa()
        assert isinstance(bsa, Area)
        assert bsa.value == pytest.approx(math.sqrt(170 * 70 / 3600), rel=1e-12)

    @pytest.mark.parametrize(
        "patient", [Patient(height=Length(170, "cm")), Patient(weight=Mass(70, "kg")), Patient()]
    )
    def test_unknown_without_height_and_weight(self, patient: Patient) -> None:
        """Without both height and weight the BSA is unknown."""
        assert patient.bsa() is None


class TestChronology:
    """No recorded date may precede the date of birth or follow as_of."""

    @pytest.mark.parametrize(
        ("patient_kwargs", "path"),
        [
            ({"labs": (_platelets(date(1980, 5, 16)),)}, "labs[0].date"),
            (
                {"course": Course(relapses=(Relapse(date=date(1980, 5, 16)),))},
                "course.relapses[0].date",
            ),
            (
                {"disease": Disease(kinase_domain=KinaseDomainAnalysis(date=date(1980, 5, 16)))},
                "disease.kinase_domain.date",
            ),
            ({"ecog": EcogAssessment(value=1, date=date(1980, 5, 16))}, "ecog.date"),
            ({"hct_candidate": Finding(value=True, date=date(1980, 5, 16))}, "hct_candidate.date"),
            (
                {
                    "disease": Disease(
                        markers=(
                            MarkerResult(marker=Marker.CD19, date=date(1980, 5, 16), positive=True),
                        )
                    )
                },
                "disease.markers[0].date",
            ),
            (
                {
                    "disease": Disease(
                        cns=(CnsAssessment(status=CnsStatus.CNS1, date=date(1980, 5, 16)),)
                    )
                },
                "disease.cns[0].date",
            ),
            (
                {"mrd": (MrdResult(date=date(1980, 5, 16), method=MrdMethod.PCR, level=0.0),)},
                "mrd[0].date",
            ),
        ],
    )
    def test_date_before_birth_refused(self, patient_kwargs: dict[str, object], path: str) -> None:
        """A date the day before birth is a ChronologyError naming its path, not the date."""
        with pytest.raises(ChronologyError) as caught:
            Patient(date_of_birth=BIRTH, **patient_kwargs)  # type: ignore[arg-type]
        assert _problems(caught.value) == [(path, "is before the date of birth")]
        assert "1980" not in str(caught.value)

    def test_date_on_birth_accepted(self) -> None:
        """A result dated on the day of birth is in order."""
        patient = Patient(date_of_birth=BIRTH, labs=(_platelets(BIRTH),))
        assert patient.labs[0].date == BIRTH

    def test_check_as_of_passes_when_everything_is_on_or_before(self) -> None:
        """A record whose latest date is as_of itself passes."""
        patient = Patient(date_of_birth=BIRTH, labs=(_platelets(date(2022, 6, 1)),))
        patient.check_as_of(as_of=date(2022, 6, 1))

    def test_check_as_of_lists_every_later_date(self) -> None:
        """Dates one day after as_of are listed by path; the birth date is never shown."""
        patient = Patient(
            date_of_birth=BIRTH,
            labs=(_platelets(date(2022, 6, 1)), _platelets(date(2022, 6, 2))),
            course=Course(relapses=(Relapse(date=date(2022, 6, 2)),)),
        )
        with pytest.raises(ChronologyError) as caught:
            patient.check_as_of(as_of=date(2022, 6, 1))
        assert _problems(caught.value) == [
            ("course.relapses[0].date", "is after as_of"),
            ("labs[1].date", "is after as_of"),
        ]

    def test_check_as_of_before_birth(self) -> None:
        """An as_of before birth names date_of_birth without showing it."""
        with pytest.raises(ChronologyError) as caught:
            Patient(date_of_birth=BIRTH).check_as_of(as_of=date(1980, 5, 16))
        assert _problems(caught.value) == [("date_of_birth", "is after as_of")]


class TestAge:
    """Completed years on as_of."""

    @pytest.mark.parametrize(
        ("as_of", "age"),
        [(date(2020, 5, 16), 39), (date(2020, 5, 17), 40), (date(2020, 5, 18), 40)],
    )
    def test_age(self, as_of: date, age: int) -> None:
        """40 on the 40th birthday, 39 the day before."""
        assert Patient(date_of_birth=BIRTH).age(as_of=as_of) == age

    def test_unknown_without_date_of_birth(self) -> None:
        """No date of birth, no age."""
        assert Patient().age(as_of=date(2020, 1, 1)) is None

    def test_as_of_before_birth_refused(self) -> None:
        """Age before birth is a ChronologyError."""
        with pytest.raises(ChronologyError):
            Patient(date_of_birth=BIRTH).age(as_of=date(1980, 5, 16))


#: The day a person born on BIRTH turns 123 (one more than MAX_AGE_YEARS).
AGED_123 = date(2103, 5, 17)


class TestPlausibleAge:
    """No one has lived past 122: no recorded event nor as_of may be 123 years after birth."""

    def test_max_age_is_122(self) -> None:
        """The table's bound is the longest verified life (122 years)."""
        assert MAX_AGE_YEARS == 122

    @pytest.mark.parametrize(
        ("as_of", "age"),
        [(date(2102, 5, 17), 122), (date(2103, 5, 16), 122)],  # at 122, the day before 123
    )
    def test_age_up_to_122_accepted(self, as_of: date, age: int) -> None:
        """122 years, up to the day before the 123rd birthday, is an age."""
        assert Patient(date_of_birth=BIRTH).age(as_of=as_of) == age

    @pytest.mark.parametrize("as_of", [AGED_123, date(2152, 1, 1)])
    def test_age_over_122_refused(self, as_of: date) -> None:
        """On the 123rd birthday or later, age() is a ChronologyError at date_of_birth."""
        with pytest.raises(ChronologyError) as caught:
            Patient(date_of_birth=BIRTH).age(as_of=as_of)
        assert _problems(caught.value) == [("date_of_birth", "is more than 122 years before as_of")]
        assert "1980" not in str(caught.value)

    def test_born_in_1850_refused_on_a_2022_screening(self) -> None:
        """Regression (fuzzing): a date of birth in 1850 gave age 172 and a screening."""
        patient = Patient(date_of_birth=date(1850, 1, 1))
        with pytest.raises(ChronologyError) as caught:
            patient.age(as_of=date(2022, 12, 31))
        assert "1850" not in str(caught.value)
        with pytest.raises(ChronologyError):
            patient.check_age(as_of=date(2022, 12, 31))
        with pytest.raises(ChronologyError):
            patient.check_as_of(as_of=date(2022, 12, 31))

    @pytest.mark.parametrize(
        ("as_of", "refused"),
        [(date(2103, 5, 16), False), (AGED_123, True), (date(2103, 5, 18), True)],
    )
    def test_screening_and_facts_refuse_an_impossible_age(self, as_of: date, refused: bool) -> None:
        """Regression: screen() and derive_facts() on a record with only a date of birth
        gave age 172 in 2022; the day before the 123rd birthday is still screened."""
        patient = Patient(date_of_birth=BIRTH)
        if not refused:
            assert derive_facts(patient, as_of=as_of)["age_years"] == 122
            assert screen(patient, as_of=as_of).as_of == as_of
            return
        for run in (
            lambda: derive_facts(patient, as_of=as_of),
            lambda: screen(patient, as_of=as_of),
        ):
            with pytest.raises(ChronologyError) as caught:
                run()
            assert _problems(caught.value) == [
                ("date_of_birth", "is more than 122 years before as_of")
            ]

    def test_check_as_of_names_an_impossible_age(self) -> None:
        """check_as_of lists the date of birth when the age on as_of is over 122."""
        with pytest.raises(ChronologyError) as caught:
            Patient(date_of_birth=BIRTH).check_as_of(as_of=AGED_123)
        assert _problems(caught.value) == [("date_of_birth", "is more than 122 years before as_of")]

    @pytest.mark.parametrize(
        ("when", "refused"),
        [(AGED_123, True), (date(2103, 5, 16), False), (date(2102, 5, 17), False)],
    )
    def test_event_123_years_after_birth_refused(self, when: date, refused: bool) -> None:
        """A result dated on the 123rd birthday is refused at its path; the day before is not."""
        if not refused:
            assert Patient(date_of_birth=BIRTH, labs=(_platelets(when),)).labs[0].date == when
            return
        with pytest.raises(ChronologyError) as caught:
            Patient(date_of_birth=BIRTH, labs=(_platelets(when),))
        assert _problems(caught.value) == [
            ("labs[0].date", "is more than 122 years after the date of birth")
        ]
        assert "1980" not in str(caught.value)

    def test_every_late_event_is_listed(self) -> None:
        """Regression (fuzzing): born in 1850, diagnosed in 2022; every late date is named."""
        with pytest.raises(ChronologyError) as caught:
            Patient(
                date_of_birth=date(1850, 1, 1),
                labs=(_platelets(date(2022, 1, 1)),),
                course=Course(diagnosis_date=date(2021, 6, 1)),
            )
        assert [p.path for p in caught.value.problems] == [
            "course.diagnosis_date",
            "labs[0].date",
        ]

    def test_leap_day_birth(self) -> None:
        """Born on 29 February: 123 on 28 February of a common year (dateutil clipping)."""
        born = date(1904, 2, 29)
        assert Patient(date_of_birth=born).age(as_of=date(2027, 2, 27)) == 122
        with pytest.raises(ChronologyError):
            Patient(date_of_birth=born).age(as_of=date(2027, 2, 28))

    def test_a_birth_date_near_the_end_of_the_calendar(self) -> None:
        """A date of birth whose 123rd birthday is past year 9999 raises no overflow."""
        patient = Patient(date_of_birth=date(9990, 1, 1), labs=(_platelets(date(9999, 1, 1)),))
        assert patient.age(as_of=date(9999, 12, 31)) == 9


class TestPrivacy:
    """Identifiers and the date of birth never appear in repr()."""

    def test_patient_repr_hides_identifiers_and_birth_date(self) -> None:
        """repr(patient) shows neither the identifier value nor the date of birth."""
        patient = Patient(
            identifiers=(Identifier(system="mrn", value=SECRET),),
            date_of_birth=BIRTH,
            ecog=EcogAssessment(value=1, date=ASSESSED),
        )
        text = repr(patient)
        assert "ecog=EcogAssessment(value=1" in text
        assert SECRET not in text
        assert "1980" not in text
        assert "date_of_birth" not in text

    def test_identifier_repr_hides_value(self) -> None:
        """repr(identifier) shows the system only."""
        assert repr(Identifier(system="mrn", value=SECRET)) == "Identifier(system='mrn')"

    @pytest.mark.parametrize(("system", "value"), [("", SECRET), ("mrn", ""), ("mrn", "  ")])
    def test_identifier_parts_must_not_be_blank(self, system: str, value: str) -> None:
        """Both the system and the value are required text."""
        with pytest.raises(ValidationError) as caught:
            Identifier(system=system, value=value)
        assert SECRET not in str(caught.value)


class TestImmutability:
    """A patient is a frozen value; evolve checks the new one."""

    def test_frozen(self) -> None:
        """Assigning a field raises FrozenInstanceError."""
        patient = Patient(ecog=EcogAssessment(value=1, date=ASSESSED))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            patient.ecog = None  # type: ignore[misc]

    def test_evolve_revalidates(self) -> None:
        """attrs.evolve with an impossible weight is refused."""
        with pytest.raises(ValidationError):
            attrs.evolve(Patient(weight=Mass(70, "kg")), weight=Mass(0, "kg"))
