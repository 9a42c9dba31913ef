"""The bundled example patients: every document loads, and each shows what it was designed to.

The expected values below were written by hand from each scenario's design (dates chosen
so that the calendar-month arithmetic is easy to check), not read back from the code.
Months are compared to one decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest

import allmodel
from allmodel import Agent, DiseasePhase, Patient, Sex
from allmodel.model import (
    Analyte,
    BestResponse,
    CnsStatus,
    DonorType,
    ExtramedullarySite,
    Lineage,
    Marker,
    MrdMethod,
    PhStatus,
    RelapseSite,
    Serostatus,
    StopReason,
    TransplantKind,
)

AS_OF = date(2022, 12, 31)
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "allmodel" / "examples" / "patients"
PATHS = sorted(EXAMPLES.glob("*.json"))

#: The fourteen scenarios (file stem = scenario id).
SCENARIOS = (
    "ph_negative_first_relapse",
    "primary_refractory",
    "ph_positive_t315i",
    "ph_positive_no_mutation_data",
    "t_all_relapse",
    "relapse_after_allo_hct",
    "isolated_cns_relapse",
    "isolated_testicular_relapse",
    "mrd_positive_cr",
    "late_relapse",
    "cd19_negative_after_blinatumomab",
    "young_adult_second_relapse",
    "older_frail_palliative",
    "incomplete_record",
)

#: The analytes every complete example records at its latest assessment.
PANEL = (
    Analyte.ANC,
    Analyte.PLATELETS,
    Analyte.HEMOGLOBIN,
    Analyte.WBC,
    Analyte.ALBUMIN,
    Analyte.BILIRUBIN,
    Analyte.AST,
    Analyte.ALT,
    Analyte.CREATININE,
    Analyte.LDH,
    Analyte.MARROW_BLASTS,
    Analyte.MARROW_CELLULARITY,
)


@cache
def _patient(name: str) -> Patient:
    return allmodel.load_patient(EXAMPLES / f"{name}.json", as_of=AS_OF)


def _months(actual: float | None, expected: float | None) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return actual == pytest.approx(expected, abs=0.05)


@dataclass(frozen=True)
class Timeline:
    """Derived course facts of one scenario on 2022-12-31."""

    name: str
    phase: DiseasePhase
    relapses: int
    cr1_months: float | None
    initial_therapy_to_relapse_months: float | None
    more_than_two_years: bool | None
    prior_regimens: int
    salvage_lines: int


_P = DiseasePhase
TIMELINES = (
    Timeline("ph_negative_first_relapse", _P.FIRST_RELAPSE, 1, 30.5, 13.0, False, 1, 0),
    Timeline("primary_refractory", _P.PRIMARY_REFRACTORY, 0, None, None, None, 2, 1),
    # frontline and maintenance recorded separately: one regimen (issue: it counted two)
    Timeline("ph_positive_t315i", _P.FIRST_RELAPSE, 1, 20.9, -0.1, False, 1, 0),
    Timeline("ph_positive_no_mutation_data", _P.FIRST_RELAPSE, 1, 42.7, 16.3, False, 1, 0),
    Timeline("t_all_relapse", _P.FIRST_RELAPSE, 1, 20.5, 0.0, False, 1, 0),
    # the allogeneic HCT in first remission ends the initial therapy
    Timeline("relapse_after_allo_hct", _P.RELAPSE_AFTER_ALLOGENEIC_HCT, 1, 26.7, 21.2, False, 1, 0),
    Timeline("isolated_cns_relapse", _P.FIRST_RELAPSE, 1, 36.1, 7.6, False, 1, 0),
    Timeline("isolated_testicular_relapse", _P.FIRST_RELAPSE, 1, 49.9, 20.6, False, 1, 0),
    Timeline("mrd_positive_cr", _P.MRD_POSITIVE_CR, 0, None, None, None, 1, 0),
    Timeline("late_relapse", _P.FIRST_RELAPSE, 1, 69.7, 40.1, True, 1, 0),
    Timeline(
        "cd19_negative_after_blinatumomab", _P.SECOND_OR_LATER_RELAPSE, 2, 23.6, 2.9, False, 2, 1
    ),
    Timeline("young_adult_second_relapse", _P.SECOND_OR_LATER_RELAPSE, 2, 36.8, 9.5, False, 2, 1),
    Timeline("older_frail_palliative", _P.FIRST_RELAPSE, 1, 16.3, 6.1, False, 1, 0),
    Timeline("incomplete_record", _P.FIRST_RELAPSE, 1, None, None, None, 1, 0),
)
del _P


@dataclass(frozen=True)
class Person:
    """Who the scenario's patient is on 2022-12-31."""

    name: str
    age: int
    sex: Sex
    ecog: int | None


PEOPLE = (
    Person("ph_negative_first_relapse", 44, Sex.FEMALE, 1),
    Person("primary_refractory", 52, Sex.MALE, 1),
    Person("ph_positive_t315i", 59, Sex.FEMALE, 1),
    Person("ph_positive_no_mutation_data", 67, Sex.MALE, 1),
    Person("t_all_relapse", 31, Sex.MALE, 1),
    Person("relapse_after_allo_hct", 38, Sex.FEMALE, 1),
    Person("isolated_cns_relapse", 35, Sex.MALE, 1),
    Person("isolated_testicular_relapse", 22, Sex.MALE, 0),
    Person("mrd_positive_cr", 26, Sex.FEMALE, 0),
    Person("late_relapse", 54, Sex.FEMALE, 1),
    Person("cd19_negative_after_blinatumomab", 47, Sex.MALE, 1),
    Person("young_adult_second_relapse", 24, Sex.FEMALE, 1),
    Person("older_frail_palliative", 78, Sex.FEMALE, 3),
    Person("incomplete_record", 41, Sex.MALE, None),
)

#: A latest marker result as (percent_positive, positive); ``None`` when never measured.
Latest = tuple[float | None, bool | None] | None


@dataclass(frozen=True)
class Leukemia:
    """The disease features of one scenario on 2022-12-31."""

    name: str
    lineage: Lineage
    philadelphia: PhStatus | None
    t315i: bool | None
    cd19: Latest
    cd22: Latest
    cns: CnsStatus | None
    extramedullary_sites: tuple[ExtramedullarySite, ...] | None
    relapse_site: RelapseSite | None


_B, _T = Lineage.B_PRECURSOR, Lineage.T
_NEG, _POS = PhStatus.NEGATIVE, PhStatus.POSITIVE
_CNS1 = CnsStatus.CNS1
_MARROW = RelapseSite.MARROW
LEUKEMIAS = (
    Leukemia(
        "ph_negative_first_relapse", _B, _NEG, None, (96, True), (88, True), _CNS1, (), _MARROW
    ),
    Leukemia("primary_refractory", _B, _NEG, None, (98, True), (75, True), _CNS1, (), None),
    Leukemia("ph_positive_t315i", _B, _POS, True, (97, True), (83, True), _CNS1, (), _MARROW),
    Leukemia(
        "ph_positive_no_mutation_data", _B, _POS, None, (99, True), (91, True), _CNS1, (), _MARROW
    ),
    Leukemia(
        "t_all_relapse",
        _T,
        _NEG,
        None,
        None,
        None,
        _CNS1,
        (ExtramedullarySite.MEDIASTINUM,),
        _MARROW,
    ),
    Leukemia("relapse_after_allo_hct", _B, _NEG, None, (94, True), (89, True), _CNS1, (), _MARROW),
    Leukemia(
        "isolated_cns_relapse",
        _B,
        _NEG,
        None,
        (99, True),
        (87, True),
        CnsStatus.CNS3A,
        (ExtramedullarySite.CNS,),
        RelapseSite.ISOLATED_CNS,
    ),
    Leukemia(
        "isolated_testicular_relapse",
        _B,
        _NEG,
        None,
        (97, True),
        (80, True),
        _CNS1,
        (ExtramedullarySite.TESTES,),
        RelapseSite.ISOLATED_EXTRAMEDULLARY,
    ),
    Leukemia("mrd_positive_cr", _B, _NEG, None, (None, True), (93, True), _CNS1, (), None),
    Leukemia("late_relapse", _B, _NEG, None, (98, True), (95, True), _CNS1, (), _MARROW),
    Leukemia(
        "cd19_negative_after_blinatumomab",
        _B,
        _NEG,
        None,
        (2, False),
        (92, True),
        _CNS1,
        (),
        _MARROW,
    ),
    Leukemia(
        "young_adult_second_relapse", _B, _NEG, None, (95, True), (70, True), _CNS1, (), _MARROW
    ),
    Leukemia("older_frail_palliative", _B, _NEG, None, (94, True), (60, True), None, (), _MARROW),
    Leukemia("incomplete_record", _B, None, None, (None, True), None, None, None, _MARROW),
)
del _B, _T, _NEG, _POS, _CNS1, _MARROW


def _latest(patient: Patient, marker: Marker) -> Latest:
    result = patient.disease.latest_marker(marker, as_of=AS_OF)
    return None if result is None else (result.percent_positive, result.positive)


class TestDocuments:
    """Every bundled document is a valid patient as of the demo's date."""

    def test_exactly_the_fourteen_documents(self) -> None:
        """The folder holds the fourteen scenarios' documents and nothing else."""
        assert len(SCENARIOS) == 14
        assert [path.stem for path in PATHS] == sorted(SCENARIOS)

    @pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
    def test_document_loads(self, path: Path) -> None:
        """The file loads, read as a path, with nothing dated after 2022-12-31, and gives the
        same patient as its text does."""
        patient = allmodel.load_patient(path, as_of=AS_OF)
        assert patient == allmodel.load_patient(path.read_text(encoding="utf-8"), as_of=AS_OF)

    def test_every_scenario_has_a_document(self) -> None:
        """Each scenario id names a file in the folder."""
        assert set(SCENARIOS) <= {path.stem for path in PATHS}

    def test_tables_cover_every_scenario(self) -> None:
        """The expectation tables below list each scenario exactly once."""
        for table in (TIMELINES, PEOPLE, LEUKEMIAS):
            assert sorted(row.name for row in table) == sorted(SCENARIOS)


class TestTimeline:
    """Disease phase, relapse count and intervals derive as each scenario was designed."""

    @pytest.mark.parametrize("row", TIMELINES, ids=[row.name for row in TIMELINES])
    def test_phase(self, row: Timeline) -> None:
        """The disease phase on 2022-12-31."""
        assert allmodel.disease_phase(_patient(row.name), as_of=AS_OF) is row.phase

    @pytest.mark.parametrize("row", TIMELINES, ids=[row.name for row in TIMELINES])
    def test_relapse_count(self, row: Timeline) -> None:
        """The number of relapses recorded by 2022-12-31."""
        assert allmodel.clinical.relapse_count(_patient(row.name), as_of=AS_OF) == row.relapses

    @pytest.mark.parametrize("row", TIMELINES, ids=[row.name for row in TIMELINES])
    def test_cr1_duration(self, row: Timeline) -> None:
        """CR1 duration in calendar months, to one decimal (unknown without CR and relapse)."""
        actual = allmodel.clinical.cr1_duration_months(_patient(row.name), as_of=AS_OF)
        assert _months(actual, row.cr1_months), actual

    @pytest.mark.parametrize("row", TIMELINES, ids=[row.name for row in TIMELINES])
    def test_initial_therapy_to_relapse(self, row: Timeline) -> None:
        """Months from the end of initial therapy to first relapse, to one decimal."""
        patient = _patient(row.name)
        actual = allmodel.clinical.months_from_initial_therapy_to_relapse(patient, as_of=AS_OF)
        assert _months(actual, row.initial_therapy_to_relapse_months), actual

    @pytest.mark.parametrize("row", TIMELINES, ids=[row.name for row in TIMELINES])
    def test_relapse_more_than_two_years_after_initial_therapy(self, row: Timeline) -> None:
        """Whether the first relapse came more than 24 months after initial therapy ended."""
        months = allmodel.clinical.months_from_initial_therapy_to_relapse(
            _patient(row.name), as_of=AS_OF
        )
        late = None if months is None else months > 24
        assert late is row.more_than_two_years

    @pytest.mark.parametrize("row", TIMELINES, ids=[row.name for row in TIMELINES])
    def test_regimen_counts(self, row: Timeline) -> None:
        """Prior systemic regimens and salvage lines."""
        patient = _patient(row.name)
        assert allmodel.clinical.prior_regimen_count(patient, as_of=AS_OF) == row.prior_regimens
        assert allmodel.clinical.salvage_line_count(patient, as_of=AS_OF) == row.salvage_lines


class TestPerson:
    """Age, sex and performance status of each scenario's patient."""

    @pytest.mark.parametrize("row", PEOPLE, ids=[row.name for row in PEOPLE])
    def test_age(self, row: Person) -> None:
        """Completed years of age on 2022-12-31."""
        assert _patient(row.name).age(as_of=AS_OF) == row.age

    @pytest.mark.parametrize("row", PEOPLE, ids=[row.name for row in PEOPLE])
    def test_sex_and_ecog(self, row: Person) -> None:
        """Sex and ECOG as recorded (ECOG unknown in the incomplete record)."""
        patient = _patient(row.name)
        assert patient.sex is row.sex
        assert (patient.ecog.value if patient.ecog is not None else None) == row.ecog

    def test_ages_span_twenties_to_seventies(self) -> None:
        """The examples cover adults from their twenties to their seventies."""
        decades = {row.age // 10 for row in PEOPLE}
        assert {2, 3, 4, 5, 6, 7} <= decades


class TestLeukemia:
    """Lineage, Philadelphia status, markers, CNS and extramedullary disease."""

    @pytest.mark.parametrize("row", LEUKEMIAS, ids=[row.name for row in LEUKEMIAS])
    def test_lineage_and_philadelphia(self, row: Leukemia) -> None:
        """Lineage and Ph status (Ph unknown in the incomplete record)."""
        disease = _patient(row.name).disease
        assert disease.lineage is row.lineage
        assert disease.philadelphia is row.philadelphia

    @pytest.mark.parametrize("row", LEUKEMIAS, ids=[row.name for row in LEUKEMIAS])
    def test_t315i(self, row: Leukemia) -> None:
        """T315I found, or unknown when no kinase-domain analysis was done."""
        analysis = _patient(row.name).disease.kinase_domain
        assert (None if analysis is None else analysis.has_t315i) is row.t315i

    @pytest.mark.parametrize("row", LEUKEMIAS, ids=[row.name for row in LEUKEMIAS])
    def test_latest_markers(self, row: Leukemia) -> None:
        """The latest CD19 and CD22 results (none for T-ALL, no CD22 in the sparse record)."""
        patient = _patient(row.name)
        assert _latest(patient, Marker.CD19) == row.cd19
        assert _latest(patient, Marker.CD22) == row.cd22

    @pytest.mark.parametrize("row", LEUKEMIAS, ids=[row.name for row in LEUKEMIAS])
    def test_cns_and_extramedullary_sites(self, row: Leukemia) -> None:
        """The latest CSF status and the current extramedullary sites."""
        disease = _patient(row.name).disease
        latest = disease.latest_cns(as_of=AS_OF)
        assert (None if latest is None else latest.status) is row.cns
        assert disease.extramedullary_sites == row.extramedullary_sites

    @pytest.mark.parametrize("row", LEUKEMIAS, ids=[row.name for row in LEUKEMIAS])
    def test_latest_relapse_site(self, row: Leukemia) -> None:
        """The site of the latest relapse (none without a relapse)."""
        relapses = _patient(row.name).course.relapses_by(as_of=AS_OF)
        assert (relapses[-1].site if relapses else None) is row.relapse_site


class TestLabs:
    """Laboratory panels: complete, in mixed units, LOINC-coded where known."""

    @pytest.mark.parametrize("name", [n for n in SCENARIOS if n != "incomplete_record"], ids=str)
    def test_full_panel(self, name: str) -> None:
        """Each complete example records the whole panel, with ULNs for liver tests."""
        patient = _patient(name)
        for analyte in PANEL:
            lab = allmodel.model.latest_lab(patient.labs, analyte, as_of=AS_OF)
            assert lab is not None, analyte
            if analyte in (Analyte.BILIRUBIN, Analyte.AST, Analyte.ALT):
                assert lab.upper_limit_of_normal is not None, analyte

    def test_units_are_mixed(self) -> None:
        """Counts, masses and substance concentrations come in both unit systems."""
        used: dict[Analyte, set[str]] = {}
        for name in SCENARIOS:
            for lab in _patient(name).labs:
                used.setdefault(lab.analyte, set()).add(lab.unit)
        assert {"/uL", "10^9/L"} <= used[Analyte.PLATELETS]
        assert {"g/dL", "g/L"} <= used[Analyte.HEMOGLOBIN]
        assert {"g/dL", "g/L"} <= used[Analyte.ALBUMIN]
        assert {"mg/dL", "umol/L"} <= used[Analyte.BILIRUBIN]
        assert {"mg/dL", "umol/L"} <= used[Analyte.CREATININE]

    def test_conversions_agree(self) -> None:
        """The first example's platelets (45000 /uL) and albumin (28 g/L) in canonical units."""
        patient = _patient("ph_negative_first_relapse")
        platelets = allmodel.model.latest_lab(patient.labs, Analyte.PLATELETS, as_of=AS_OF)
        albumin = allmodel.model.latest_lab(patient.labs, Analyte.ALBUMIN, as_of=AS_OF)
        assert platelets is not None
        assert albumin is not None
        assert platelets.canonical_value == pytest.approx(45.0)
        assert albumin.canonical_value == pytest.approx(2.8)


class TestScenarioDetails:
    """The feature each scenario exists to show."""

    def test_history_complete_except_sparse_record(self) -> None:
        """Full histories say so; the incomplete record leaves it unknown."""
        for name in SCENARIOS:
            expected = None if name == "incomplete_record" else True
            assert _patient(name).course.history_complete is expected, name

    def test_primary_refractory_never_in_remission(self) -> None:
        """No remission after frontline induction nor after one salvage."""
        course = _patient("primary_refractory").course
        assert course.remissions == ()
        assert [line.best_response for line in course.treatment_lines] == [
            BestResponse.NO_RESPONSE,
            BestResponse.PR,
        ]

    def test_t315i_relapse_on_dasatinib(self) -> None:
        """The T315I relapse came on dasatinib, which stopped for resistance."""
        patient = _patient("ph_positive_t315i")
        analysis = patient.disease.kinase_domain
        assert analysis is not None
        assert analysis.mutations == ("T315I",)
        assert analysis.date == date(2022, 9, 26)
        last = patient.course.lines_started_by(as_of=AS_OF)[-1]
        assert last.contains(Agent.DASATINIB)
        assert last.stop_reason is StopReason.RESISTANCE

    def test_ph_positive_without_mutation_analysis(self) -> None:
        """Imatinib-based frontline only, and no kinase-domain analysis recorded."""
        patient = _patient("ph_positive_no_mutation_data")
        assert patient.disease.kinase_domain is None
        (line,) = patient.course.treatment_lines
        tkis = {agent for agent in line.agents if agent.tki_generation is not None}
        assert tkis == {Agent.IMATINIB}

    def test_relapse_after_allogeneic_transplant(self) -> None:
        """An allogeneic HCT in CR1 from a CMV-positive unrelated donor preceded the relapse."""
        course = _patient("relapse_after_allo_hct").course
        (transplant,) = course.transplants
        assert transplant.kind is TransplantKind.ALLOGENEIC
        assert transplant.donor_type is DonorType.MATCHED_UNRELATED
        assert transplant.donor_cmv is Serostatus.POSITIVE
        assert course.remissions[0].date < transplant.date < course.relapses[0].date

    @pytest.mark.parametrize(
        "name", ["isolated_cns_relapse", "isolated_testicular_relapse", "mrd_positive_cr"]
    )
    def test_marrow_blasts_below_five_percent(self, name: str) -> None:
        """Extramedullary relapses and the MRD-positive CR have marrow blasts under 5 %."""
        lab = allmodel.model.latest_lab(_patient(name).labs, Analyte.MARROW_BLASTS, as_of=AS_OF)
        assert lab is not None
        assert lab.canonical_value < 5

    def test_mrd_positive_by_flow(self) -> None:
        """The latest MRD is 2e-3 by flow cytometry with a sensitivity of 1e-4."""
        result = allmodel.model.latest_mrd(_patient("mrd_positive_cr").mrd, as_of=AS_OF)
        assert result is not None
        assert result.method is MrdMethod.FLOW_CYTOMETRY
        assert result.level == pytest.approx(2e-3)
        assert result.sensitivity == pytest.approx(1e-4)

    def test_blinatumomab_salvage_reached_cr(self) -> None:
        """Blinatumomab was the first salvage and gave a second CR before CD19 was lost."""
        course = _patient("cd19_negative_after_blinatumomab").course
        salvage = course.lines_started_by(as_of=AS_OF)[-1]
        assert salvage.agents == (Agent.BLINATUMOMAB,)
        assert salvage.best_response is BestResponse.CR
        first, second = course.relapses_by(as_of=AS_OF)
        assert any(first.date < r.date < second.date for r in course.remissions)

    def test_frail_patient_prefers_palliation(self) -> None:
        """The frail older patient is unfit for intensive therapy and prefers palliation."""
        patient = _patient("older_frail_palliative")
        fitness = patient.fit_for_intensive_therapy
        assert fitness is not None
        assert fitness.value is False
        assert patient.prefers_palliative_care is True

    def test_incomplete_record_is_sparse(self) -> None:
        """Ph status, ECOG, labs, body size and the CR dates are all missing."""
        patient = _patient("incomplete_record")
        assert patient.disease.philadelphia is None
        assert patient.ecog is None
        assert patient.labs == ()
        assert patient.bsa() is None
        assert patient.course.remissions == ()
