"""Specification of the patient: body size, performance status, chronology, privacy, BSA."""

from __future__ import annotations

import math
from datetime import date

import attrs
import pytest

from allmodel.course import Course, Relapse
from allmodel.disease import (
    CnsAssessment,
    CnsStatus,
    Disease,
    KinaseDomainAnalysis,
    Marker,
    MarkerResult,
)
from allmodel.errors import ChronologyError, ValidationError
from allmodel.labs import Analyte, LabResult
from allmodel.measures import Area, DosePerArea, Length, Mass
from allmodel.mrd import MrdMethod, MrdResult
from allmodel.observations import EcogAssessment, Finding, LvefMeasurement
from allmodel.patient import (
    BsaMethod,
    Identifier,
    Patient,
    Sex,
    body_surface_area,
    bsa_dubois,
    bsa_mosteller,
)

BIRTH = date(1980, 5, 17)
SECRET = "MRN-7730142"


ASSESSED = date(2022, 12, 1)


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in error.problems]


def _platelets(when: date) -> LabResult:
    return LabResult(analyte=Analyte.PLATELETS, value=45, unit="10^9/L", date=when)


class TestWeight:
    """Body weight is above 0 and at most 650 kg, in any mass unit."""

    @pytest.mark.parametrize(
        "weight",
        [Mass(0.001, "kg"), Mass(70, "kg"), Mass(649.9, "kg"), Mass(650, "kg"), Mass(650_000, "g")],
    )
    def test_accepted(self, weight: Mass) -> None:
        """Just above 0 up to exactly 650 kg is accepted."""
        assert Patient(weight=weight).weight == weight

    @pytest.mark.parametrize(
        ("weight", "shown"),
        [
            (Mass(0, "kg"), "0 kg"),
            (Mass(-1, "kg"), "-1 kg"),
            (Mass(650.1, "kg"), "650.1 kg"),
            (Mass(650_001, "g"), "650001 g"),
        ],
    )
    def test_refused(self, weight: Mass, shown: str) -> None:
        """0 kg, negative weights and anything over 650 kg are refused."""
        with pytest.raises(ValidationError) as caught:
            Patient(weight=weight)
        assert _problems(caught.value) == [("weight", f"must be > 0 kg and <= 650 kg, got {shown}")]


class TestHeight:
    """Body height is above 0 and at most 300 cm, in cm or m."""

    @pytest.mark.parametrize(
        "height",
        [
            Length(0.1, "cm"),
            Length(1.7, "m"),
            Length(299.9, "cm"),
            Length(300, "cm"),
            Length(3, "m"),
        ],
    )
    def test_accepted(self, height: Length) -> None:
        """Just above 0 up to exactly 300 cm is accepted."""
        assert Patient(height=height).height == height

    @pytest.mark.parametrize(
        "height", [Length(0, "cm"), Length(-170, "cm"), Length(300.1, "cm"), Length(3.001, "m")]
    )
    def test_refused(self, height: Length) -> None:
        """0 cm, negative heights and anything over 300 cm are refused."""
        with pytest.raises(ValidationError) as caught:
            Patient(height=height)
        assert caught.value.problems[0].path == "height"
        assert caught.value.problems[0].message.startswith("must be > 0 cm and <= 300 cm, got ")


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

    @pytest.mark.parametrize("lvef", [0.1, 55, 99.9, 100])
    def test_lvef_accepted(self, lvef: float) -> None:
        """An ejection fraction above 0 and at most 100 %."""
        found = Patient(lvef_percent=LvefMeasurement(value=lvef, date=ASSESSED)).lvef_percent
        assert found is not None
        assert found.value == lvef

    @pytest.mark.parametrize("lvef", [-5, 0, 100.1])
    def test_lvef_refused(self, lvef: float) -> None:
        """An ejection fraction of 0 % or over 100 % is refused."""
        with pytest.raises(ValidationError) as caught:
            LvefMeasurement(value=lvef, date=ASSESSED)
        assert caught.value.problems[0].path == "value"

    def test_observations_need_a_date(self) -> None:
        """An undated ECOG could not be placed in time: the date is required."""
        with pytest.raises(ValidationError) as caught:
            EcogAssessment(value=1, date=None)  # type: ignore[arg-type]
        assert _problems(caught.value) == [("date", "is required, got None")]

    @pytest.mark.parametrize(
        "dose", [DosePerArea(0, "mg/m2"), DosePerArea(0.001, "mg/m2"), DosePerArea(0.45, "g/m2")]
    )
    def test_anthracycline_accepted(self, dose: DosePerArea) -> None:
        """No prior exposure (0) or any positive cumulative dose."""
        assert Patient(cumulative_anthracycline=dose).cumulative_anthracycline == dose

    @pytest.mark.parametrize("dose", [DosePerArea(-0.001, "mg/m2"), DosePerArea(-1, "g/m2")])
    def test_anthracycline_refused(self, dose: DosePerArea) -> None:
        """A negative cumulative dose is refused."""
        with pytest.raises(ValidationError) as caught:
            Patient(cumulative_anthracycline=dose)
        assert caught.value.problems[0].path == "cumulative_anthracycline"

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
        patient.check_as_of(date(2022, 6, 1))

    def test_check_as_of_lists_every_later_date(self) -> None:
        """Dates one day after as_of are listed by path; the birth date is never shown."""
        patient = Patient(
            date_of_birth=BIRTH,
            labs=(_platelets(date(2022, 6, 1)), _platelets(date(2022, 6, 2))),
            course=Course(relapses=(Relapse(date=date(2022, 6, 2)),)),
        )
        with pytest.raises(ChronologyError) as caught:
            patient.check_as_of(date(2022, 6, 1))
        assert _problems(caught.value) == [
            ("course.relapses[0].date", "is after as_of"),
            ("labs[1].date", "is after as_of"),
        ]

    def test_check_as_of_before_birth(self) -> None:
        """An as_of before birth names date_of_birth without showing it."""
        with pytest.raises(ChronologyError) as caught:
            Patient(date_of_birth=BIRTH).check_as_of(date(1980, 5, 16))
        assert _problems(caught.value) == [("date_of_birth", "is after as_of")]


class TestAge:
    """Completed years on as_of."""

    @pytest.mark.parametrize(
        ("as_of", "age"),
        [(date(2020, 5, 16), 39), (date(2020, 5, 17), 40), (date(2020, 5, 18), 40)],
    )
    def test_age(self, as_of: date, age: int) -> None:
        """40 on the 40th birthday, 39 the day before."""
        assert Patient(date_of_birth=BIRTH).age(as_of) == age

    def test_unknown_without_date_of_birth(self) -> None:
        """No date of birth, no age."""
        assert Patient().age(date(2020, 1, 1)) is None

    def test_as_of_before_birth_refused(self) -> None:
        """Age before birth is a ChronologyError."""
        with pytest.raises(ChronologyError):
            Patient(date_of_birth=BIRTH).age(date(1980, 5, 16))


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
