"""The FHIR disease domain: the ALL Condition, BCR-ABL1, ABL1 variants, CD19/CD22, CNS, EMD."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from allmodel.errors import FhirError
from allmodel.io.fhir import FhirReading, Outcome, patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._disease import (
    CNS_STATUS,
    EXTRAMEDULLARY,
    EXTRAMEDULLARY_SITE,
    KINASE_DOMAIN,
    MARKER_CD19,
    MARKER_CD22,
    PH_STATUS,
    T_ALL,
    TRANSCRIPT,
)
from allmodel.io.fhir._systems import (
    ALLMODEL_CODES,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    ICD10CM,
    LOINC,
    OBSERVATION_INTERPRETATION,
    SNOMED,
    UCUM,
)
from allmodel.model import (
    BcrAbl1Transcript,
    CnsAssessment,
    CnsStatus,
    Course,
    Disease,
    ExtramedullarySite,
    KinaseDomainAnalysis,
    Lineage,
    Marker,
    MarkerResult,
    Patient,
    PhStatus,
)
from tests.strategies import patients, record_dates

#: The repository's copy of the shared FHIR example corpus.
EXAMPLES = Path(__file__).parent / "corpus"
SUBJECT = {"reference": "Patient/p"}
AS_OF = date(2024, 6, 1)
GENE_IDS = "http://www.genenames.org/geneId"
HGVS = "http://varnomen.hgvs.org"


# -- helpers (also used by test_mrd and test_conditions) ------------------------------


def read(*resources: dict[str, Any], as_of: date = AS_OF, validate: bool = True) -> FhirReading:
    """Read ``resources`` after a Patient ``p`` (the first resource is at ``[1]``)."""
    return patient_from_fhir(
        [{"resourceType": "Patient", "id": "p"}, *resources], as_of=as_of, validate=validate
    )


def concept(system: str, code: str) -> dict[str, Any]:
    """A ``CodeableConcept`` of one coding."""
    return {"coding": [{"system": system, "code": code}]}


def own(code: str) -> dict[str, Any]:
    """A ``CodeableConcept`` of allmodel's code system."""
    return concept(ALLMODEL_CODES, code)


def observation(code: dict[str, Any], **elements: Any) -> dict[str, Any]:
    """A final Observation about ``p``."""
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": code,
        "subject": SUBJECT,
        **elements,
    }


def condition(code: dict[str, Any], **elements: Any) -> dict[str, Any]:
    """A Condition about ``p``."""
    return {"resourceType": "Condition", "code": code, "subject": SUBJECT, **elements}


def entries(reading: FhirReading, path: str) -> list[tuple[Outcome, str]]:
    """The report's outcome and detail for exactly ``path``."""
    return [(e.outcome, e.detail) for e in reading.report.entries if e.path == path]


def problems(error: pytest.ExceptionInfo[FhirError]) -> list[tuple[str, str]]:
    """The (path, message) of every problem of a FhirError."""
    return [(p.path, p.message) for p in error.value.problems]


def example(name: str) -> Any:
    """A file of the shared FHIR example corpus, decoded."""
    return json.loads((EXAMPLES / name).read_text("utf-8"))


def as_of_for(patient: Patient) -> date:
    """A reading day on or after every date of ``patient``."""
    return max(record_dates(patient), default=date(2000, 1, 1))


# -- the code table -------------------------------------------------------------------


class TestTable:
    def test_every_entry_names_a_code_system_source_and_where_checked(self) -> None:
        """Each code has a display, a source id of a code system and where it was checked."""
        for entry in code_table("disease").entries:
            assert entry.display
            assert entry.checked
            assert entry.source in {"cs-loinc", "cs-snomed-ct", "cs-icd-10-cm"}


# -- the ALL Condition ----------------------------------------------------------------


class TestAllCondition:
    def test_snomed_b_all_gives_lineage_and_diagnosis_date(self) -> None:
        """SNOMED CT 277571004 is B lineage; onsetDateTime is the diagnosis date."""
        reading = read(
            condition(concept(SNOMED, "277571004"), onsetDateTime="2023-02-03"),
        )
        assert reading.patient.disease.lineage is Lineage.B_PRECURSOR
        assert reading.patient.course.diagnosis_date == date(2023, 2, 3)
        assert entries(reading, "[1].onsetDateTime") == [(Outcome.USED, "course.diagnosis_date")]

    def test_allmodel_t_all_gives_t_lineage(self) -> None:
        """allmodel's t-all code is T lineage."""
        reading = read(condition(own(T_ALL)))
        assert reading.patient.disease.lineage is Lineage.T

    @pytest.mark.parametrize("code", ["C91.0", "C91.00", "C91.01", "C91.02"])
    def test_icd10cm_gives_no_lineage(self, code: str) -> None:
        """ICD-10-CM C91.0x is ALL without a lineage: the lineage stays unrecorded."""
        reading = read(condition(concept(ICD10CM, code), onsetDateTime="2023-02-03"))
        assert reading.patient.disease.lineage is None
        assert reading.patient.course.diagnosis_date == date(2023, 2, 3)
        assert entries(reading, "[1].onsetDateTime") == [(Outcome.USED, "course.diagnosis_date")]

    @pytest.mark.parametrize("code", ["C91.00", "C91.01", "C91.02"])
    def test_remission_status_of_the_code_is_reported_not_read(self, code: str) -> None:
        """The remission status an ICD-10-CM code states does not become a remission."""
        reading = read(condition(concept(ICD10CM, code)))
        assert reading.patient.course.remissions == ()
        assert reading.patient.course.relapses == ()
        assert any(
            outcome is Outcome.IGNORED and "is not read into the course" in detail
            for outcome, detail in entries(reading, "[1].code.coding[0]")
        )

    def test_recorded_date_and_clinical_status_are_reported(self) -> None:
        """recordedDate is not the diagnosis date; both it and clinicalStatus are reported."""
        reading = read(
            condition(
                concept(SNOMED, "277571004"),
                recordedDate="2023-05-01",
                clinicalStatus=concept(CONDITION_CLINICAL, "active"),
            )
        )
        assert reading.patient.course.diagnosis_date is None
        assert entries(reading, "[1].recordedDate") == [
            (Outcome.IGNORED, "recordedDate of the ALL Condition is not read")
        ]
        assert entries(reading, "[1].clinicalStatus") == [
            (Outcome.IGNORED, "clinicalStatus of the ALL Condition is not read")
        ]

    @pytest.mark.parametrize("status", ["provisional", "refuted", "differential"])
    def test_unconfirmed_diagnosis_is_not_read(self, status: str) -> None:
        """A diagnosis not confirmed sets neither lineage nor date."""
        reading = read(
            condition(
                concept(SNOMED, "277571004"),
                onsetDateTime="2023-02-03",
                verificationStatus=concept(CONDITION_VERIFICATION, status),
            )
        )
        assert reading.patient.disease.lineage is None
        assert reading.patient.course.diagnosis_date is None
        assert entries(reading, "[1].verificationStatus") == [
            (Outcome.IGNORED, f"verificationStatus {status}: the diagnosis is not confirmed")
        ]

    def test_two_diagnosis_dates_conflict(self) -> None:
        """Two ALL Conditions with different onset days are refused at the second."""
        with pytest.raises(FhirError) as error:
            read(
                condition(concept(ICD10CM, "C91.00"), onsetDateTime="2023-02-03"),
                condition(concept(SNOMED, "277571004"), onsetDateTime="2023-02-04"),
            )
        assert problems(error) == [
            (
                "[2].onsetDateTime",
                "gives course.diagnosis_date a value that conflicts with [1].onsetDateTime",
            )
        ]

    def test_onset_with_time_but_no_zone_is_an_error(self) -> None:
        """A dateTime with a time needs a time zone (FHIR)."""
        with pytest.raises(FhirError) as error:
            read(
                condition(concept(SNOMED, "277571004"), onsetDateTime="2023-02-03T10:00:00"),
                validate=False,
            )
        assert problems(error) == [
            ("[1].onsetDateTime", "gives a time without a time zone (FHIR requires one)")
        ]


# -- BCR-ABL1 -------------------------------------------------------------------------


def bcr_abl1(code: str, value: str | None, **elements: Any) -> dict[str, Any]:
    extra = {"valueCodeableConcept": concept(SNOMED, value)} if value else {}
    return observation(concept(LOINC, code), effectiveDateTime="2023-03-01", **extra, **elements)


class TestBcrAbl1:
    def test_fusion_positive_is_ph_positive(self) -> None:
        """LOINC 21821-4 positive (SNOMED CT 10828004): Philadelphia-positive, no transcript."""
        reading = read(bcr_abl1("21821-4", "10828004"))
        assert reading.patient.disease.philadelphia is PhStatus.POSITIVE
        assert reading.patient.disease.bcr_abl1_transcript is None

    @pytest.mark.parametrize(
        ("code", "transcript"),
        [("21822-2", BcrAbl1Transcript.P210), ("21823-0", BcrAbl1Transcript.P190)],
    )
    def test_breakpoint_positive_gives_the_transcript(
        self, code: str, transcript: BcrAbl1Transcript
    ) -> None:
        """Major breakpoint is p210, minor breakpoint p190."""
        reading = read(bcr_abl1(code, "10828004"))
        assert reading.patient.disease.philadelphia is PhStatus.POSITIVE
        assert reading.patient.disease.bcr_abl1_transcript is transcript

    def test_loinc_present_answer_is_positive(self) -> None:
        """LOINC LA9633-4 (Present) reads as positive."""
        resource = bcr_abl1("21821-4", None, valueCodeableConcept=concept(LOINC, "LA9633-4"))
        assert read(resource).patient.disease.philadelphia is PhStatus.POSITIVE

    @pytest.mark.parametrize("code", ["21821-4", "21822-2", "21823-0"])
    def test_negative_is_not_ph_negative(self, code: str) -> None:
        """A negative BCR-ABL1 result may be a molecular response: it stays unrecorded."""
        reading = read(bcr_abl1(code, "260385009"))
        assert reading.patient.disease.philadelphia is None
        assert entries(reading, "[1].valueCodeableConcept") == [
            (
                Outcome.IGNORED,
                f"BCR-ABL1 {code} negative: not read as Ph-negative disease "
                "(after treatment it is a molecular response)",
            )
        ]

    def test_no_value_is_reported(self) -> None:
        """A result without a positive or negative value is not read."""
        reading = read(bcr_abl1("21821-4", None))
        assert reading.patient.disease.philadelphia is None
        assert entries(reading, "[1]") == [
            (Outcome.IGNORED, "BCR-ABL1 21821-4: no positive or negative value")
        ]

    def test_allmodel_ph_status_negative(self) -> None:
        """allmodel's philadelphia-status Observation carries Ph-negative disease."""
        resource = observation(own(PH_STATUS), valueCodeableConcept=concept(SNOMED, "260385009"))
        assert read(resource).patient.disease.philadelphia is PhStatus.NEGATIVE

    def test_allmodel_ph_status_without_value_is_an_error(self) -> None:
        """The status needs a positive or negative value."""
        with pytest.raises(FhirError) as error:
            read(observation(own(PH_STATUS), valueString="negative"))
        assert problems(error) == [
            ("[1].valueCodeableConcept", "must be SNOMED CT positive or negative")
        ]

    def test_transcript_code_must_be_allmodel(self) -> None:
        """A transcript Observation with an unknown value is refused at its value."""
        with pytest.raises(FhirError) as error:
            read(observation(own(TRANSCRIPT), valueCodeableConcept=own("p999")))
        assert problems(error) == [
            ("[1].valueCodeableConcept", "is not an allmodel transcript type: 'p999'")
        ]


# -- genetic variants -----------------------------------------------------------------


def variant(
    genes: list[str], change: str | None, *, value: str | None = "LA9633-4", **elements: Any
) -> dict[str, Any]:
    """A Genomics Reporting variant (LOINC 69548-6), as in the oncology report example."""
    components: list[dict[str, Any]] = [
        {"code": concept(LOINC, "48018-6"), "valueCodeableConcept": concept(GENE_IDS, gene)}
        for gene in genes
    ]
    if change is not None:
        components.append(
            {"code": concept(LOINC, "48005-3"), "valueCodeableConcept": concept(HGVS, change)}
        )
    extra: dict[str, Any] = {"effectiveDateTime": "2023-04-01", **elements}
    if value is not None:
        extra["valueCodeableConcept"] = concept(LOINC, value)
    return observation(concept(LOINC, "69548-6"), component=components, **extra)


class TestVariants:
    @pytest.mark.parametrize("change", ["p.T315I", "p.(T315I)", "NP_005148.2:p.T315I"])
    def test_abl1_t315i_is_a_kinase_domain_mutation(self, change: str) -> None:
        """An ABL1 variant with p.T315I is a dated kinase-domain mutation."""
        reading = read(variant(["HGNC:76"], change))
        assert reading.patient.disease.kinase_domain == KinaseDomainAnalysis(
            date=date(2023, 4, 1), mutations=("T315I",)
        )

    def test_variants_of_one_day_form_one_analysis_and_the_latest_wins(self) -> None:
        """Two ABL1 variants of a day are one analysis; an earlier one is superseded."""
        reading = read(
            variant(["HGNC:76"], "p.E255K", effectiveDateTime="2023-01-01"),
            variant(["HGNC:76"], "p.T315I"),
            variant(["HGNC:76"], "p.F359V"),
        )
        assert reading.patient.disease.kinase_domain == KinaseDomainAnalysis(
            date=date(2023, 4, 1), mutations=("T315I", "F359V")
        )
        assert entries(reading, "[1]") == [
            (Outcome.IGNORED, "disease.kinase_domain: superseded by a later analysis")
        ]

    def test_absent_variant_is_not_a_mutation(self) -> None:
        """An ABL1 variant not stated present (LA9634-2) is not read as found."""
        reading = read(variant(["HGNC:76"], "p.T315I", value="LA9634-2"))
        assert reading.patient.disease.kinase_domain is None
        assert entries(reading, "[1].valueCodeableConcept") == [
            (Outcome.IGNORED, "ABL1 variant not stated present: not read")
        ]

    def test_three_letter_protein_change_is_reported(self) -> None:
        """p.Thr315Ile is reported as not read, never guessed."""
        reading = read(variant(["HGNC:76"], "p.Thr315Ile"))
        assert reading.patient.disease.kinase_domain is None
        assert entries(reading, "[1].component[1]") == [
            (Outcome.IGNORED, "protein change not in one-letter form (p.T315I)")
        ]

    def test_undated_variant_is_not_read(self) -> None:
        """A kinase-domain analysis needs its date."""
        resource = variant(["HGNC:76"], "p.T315I")
        del resource["effectiveDateTime"]
        reading = read(resource)
        assert reading.patient.disease.kinase_domain is None
        assert entries(reading, "[1]") == [
            (Outcome.IGNORED, "disease.kinase_domain: no effective date, and allmodel needs one")
        ]

    def test_bcr_abl1_fusion_is_ph_positive(self) -> None:
        """A present BCR and ABL1 variant assessment (mCODE fusion shape) is Ph-positive."""
        reading = read(variant(["HGNC:1014", "HGNC:76"], None))
        assert reading.patient.disease.philadelphia is PhStatus.POSITIVE
        assert reading.patient.disease.kinase_domain is None

    def test_other_gene_is_reported(self) -> None:
        """A KRAS variant is not a kinase-domain mutation."""
        reading = read(variant(["HGNC:6407"], "p.G12C"))
        assert reading.patient.disease.kinase_domain is None
        assert entries(reading, "[1]") == [
            (
                Outcome.IGNORED,
                "variant not read: allmodel reads ABL1 kinase-domain mutations and "
                "BCR::ABL1 fusions only (genes ['HGNC:6407'])",
            )
        ]

    def test_allmodel_analysis_without_mutations_is_an_empty_analysis(self) -> None:
        """allmodel's analysis with no protein change: analysed, none found."""
        reading = read(observation(own(KINASE_DOMAIN), effectiveDateTime="2023-04-01"))
        assert reading.patient.disease.kinase_domain == KinaseDomainAnalysis(
            date=date(2023, 4, 1), mutations=()
        )

    def test_allmodel_analysis_with_unreadable_change_is_an_error(self) -> None:
        """allmodel's own analysis must give one-letter changes."""
        resource = observation(
            own(KINASE_DOMAIN),
            effectiveDateTime="2023-04-01",
            component=[{"code": concept(LOINC, "48005-3"), "valueString": "T315I"}],
        )
        with pytest.raises(FhirError) as error:
            read(resource)
        assert problems(error) == [
            ("[1].component[0]", "must give a one-letter protein change such as p.T315I")
        ]


# -- CD19 / CD22 ----------------------------------------------------------------------


def marker(code: str, percent: float | None, call: str | None, **elements: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {"effectiveDateTime": "2023-05-01", **elements}
    if percent is not None:
        extra["valueQuantity"] = {"value": percent, "unit": "%", "system": UCUM, "code": "%"}
    if call is not None:
        extra["interpretation"] = [concept(OBSERVATION_INTERPRETATION, call)]
    return observation(own(code), **extra)


class TestMarkers:
    def test_percent_and_call(self) -> None:
        """A share of blasts and the laboratory's call."""
        reading = read(marker(MARKER_CD19, 87.5, "POS"), marker(MARKER_CD22, None, "NEG"))
        assert reading.patient.disease.markers == (
            MarkerResult(
                marker=Marker.CD19, date=date(2023, 5, 1), percent_positive=87.5, positive=True
            ),
            MarkerResult(marker=Marker.CD22, date=date(2023, 5, 1), positive=False),
        )

    def test_negative_call_at_the_limit_is_kept(self) -> None:
        """A negative call with 50 % (the limit) is kept as recorded."""
        reading = read(marker(MARKER_CD22, 50.0, "NEG"))
        assert reading.patient.disease.markers[0].positive is False

    def test_negative_call_above_the_limit_is_refused(self) -> None:
        """A negative call with more than 50 % is a contradiction, refused at the resource."""
        with pytest.raises(FhirError) as error:
            read(marker(MARKER_CD22, 50.5, "NEG"))
        assert problems(error) == [
            (
                "[1]",
                "(positive) is false but percent_positive is 50.5 (more than 50 % of the"
                " blasts express CD22)",
            )
        ]

    def test_unit_of_another_dimension_is_an_error(self) -> None:
        """A share in mg is refused at the unit code."""
        resource = marker(MARKER_CD19, None, None)
        resource["valueQuantity"] = {"value": 3, "system": UCUM, "code": "mg"}
        with pytest.raises(FhirError) as error:
            read(resource)
        assert [path for path, _ in problems(error)] == ["[1].valueQuantity.code"]

    def test_comparator_is_not_read(self) -> None:
        """'> 20 %' is no share: reported, not read."""
        resource = marker(MARKER_CD19, 20, "POS")
        resource["valueQuantity"]["comparator"] = ">"
        reading = read(resource)
        assert reading.patient.disease.markers == ()
        assert entries(reading, "[1].valueQuantity") == [
            (Outcome.IGNORED, "a share given as > 20.0 is not read")
        ]

    def test_undated_marker_is_not_read(self) -> None:
        """A marker result needs its date."""
        resource = marker(MARKER_CD19, 20, None)
        del resource["effectiveDateTime"]
        reading = read(resource)
        assert reading.patient.disease.markers == ()
        assert entries(reading, "[1]") == [
            (Outcome.IGNORED, "disease.markers: no effective date, and allmodel needs one")
        ]

    def test_other_cd_antigens_are_not_cd19_or_cd22(self) -> None:
        """LOINC CD4 / CD13 / CD2 results (FHIR core bone-marrow report) stay unmapped."""
        report = example("fhir-r4-core__Bundle-report.json")
        cd = [
            e["resource"]
            for e in report["entry"]
            if e["resource"]["resourceType"] == "Observation"
            and e["resource"]["code"].get("coding", [{}])[0].get("code")
            in ("47016-1", "49464-1", "49466-6")
        ]
        assert len(cd) == 3
        tied = [{**r, "subject": SUBJECT, "effectiveDateTime": "2023-05-01"} for r in cd]
        reading = read(*tied)
        assert reading.patient.disease.markers == ()
        for index in (1, 2, 3):
            assert [o for o, _ in entries(reading, f"[{index}].code")] == [Outcome.UNMAPPED]


# -- CNS and extramedullary sites ----------------------------------------------------


class TestCnsAndSites:
    def test_cns_status(self) -> None:
        """allmodel's CNS classes, dated."""
        reading = read(
            observation(
                own(CNS_STATUS), effectiveDateTime="2023-05-02", valueCodeableConcept=own("CNS2b")
            )
        )
        assert reading.patient.disease.cns == (
            CnsAssessment(status=CnsStatus.CNS2B, date=date(2023, 5, 2)),
        )

    def test_unknown_cns_class_is_an_error(self) -> None:
        """An unknown class is refused at the value."""
        with pytest.raises(FhirError) as error:
            read(
                observation(
                    own(CNS_STATUS),
                    effectiveDateTime="2023-05-02",
                    valueCodeableConcept=own("CNS4"),
                )
            )
        assert problems(error) == [
            ("[1].valueCodeableConcept", "is not an allmodel CNS status: 'CNS4'")
        ]

    def test_no_sites_assessed_is_an_empty_tuple(self) -> None:
        """valueBoolean false: assessed, none found."""
        reading = read(observation(own(EXTRAMEDULLARY), valueBoolean=False))
        assert reading.patient.disease.extramedullary_sites == ()

    def test_no_observation_is_not_assessed(self) -> None:
        """Without the Observation the sites stay unrecorded (None), never ()."""
        assert read().patient.disease.extramedullary_sites is None

    def test_sites(self) -> None:
        """Each site a component, in order."""
        reading = read(
            observation(
                own(EXTRAMEDULLARY),
                valueBoolean=True,
                component=[
                    {"code": own(EXTRAMEDULLARY_SITE), "valueCodeableConcept": own("testes")},
                    {"code": own(EXTRAMEDULLARY_SITE), "valueCodeableConcept": own("cns")},
                ],
            )
        )
        assert reading.patient.disease.extramedullary_sites == (
            ExtramedullarySite.TESTES,
            ExtramedullarySite.CNS,
        )

    def test_involvement_without_sites_is_an_error(self) -> None:
        """True with no site listed is a contradiction."""
        with pytest.raises(FhirError) as error:
            read(observation(own(EXTRAMEDULLARY), valueBoolean=True))
        assert problems(error) == [
            ("[1].valueBoolean", "must be true exactly when sites are listed")
        ]


# -- the shared example corpus ------------------------------------------------------


class TestExamples:
    def test_genomics_report_has_no_abl1_and_no_all(self) -> None:
        """The gastric-cancer variant report: no kinase-domain analysis, no ALL Condition."""
        reading = patient_from_fhir(
            EXAMPLES / "genomics-reporting__oncology-report-example.json", as_of=AS_OF
        )
        disease = reading.patient.disease
        assert disease.kinase_domain is None
        assert disease.lineage is None
        assert disease.philadelphia is None
        assert reading.patient.course.diagnosis_date is None
        assert all(
            e.outcome is not Outcome.USED or "identifiers" in e.detail
            for e in reading.report.entries
        )

    def test_cibmtr_iscn_is_unmapped_not_parsed(self) -> None:
        """The t(9;22) ISCN string is reported unmapped at its component, Ph stays unknown."""
        reading = patient_from_fhir(
            EXAMPLES / "cibmtr__Observation-Cytogenetics-Example-1.json", as_of=AS_OF
        )
        assert reading.patient.disease.philadelphia is None
        assert entries(reading, "Observation.component[0]") == [
            (
                Outcome.UNMAPPED,
                "ISCN karyotype: allmodel does not parse ISCN (Ph status not read)",
            )
        ]

    def test_bone_marrow_report_gives_no_markers(self) -> None:
        """The FHIR core bone-marrow report: no CD19/CD22 result, no blast share."""
        reading = patient_from_fhir(EXAMPLES / "fhir-r4-core__Bundle-report.json", as_of=AS_OF)
        assert reading.patient.disease.markers == ()
        assert reading.report.used == ()

    def test_disease_status_improved_is_not_a_remission(self) -> None:
        """mCODE CancerDiseaseStatus 'improved' does not become a remission or relapse."""
        reading = patient_from_fhir(
            EXAMPLES / "mcode-stu1__Observation-mCODECancerDiseaseStatusExample01.json",
            as_of=AS_OF,
        )
        assert reading.patient.course.remissions == ()
        assert reading.patient.course.relapses == ()
        assert reading.report.used == ()
        assert reading.report.at("Observation")


# -- the writer -----------------------------------------------------------------------


class TestWriter:
    @settings(max_examples=200, deadline=None)
    @given(patients())
    def test_round_trip(self, patient: Patient) -> None:
        """Every disease field and the diagnosis date read back exactly (validated R4B)."""
        bundle = patient_to_fhir(patient)
        back = patient_from_fhir(bundle, as_of=as_of_for(patient), validate=True).patient
        assert back.disease == patient.disease
        assert back.course.diagnosis_date == patient.course.diagnosis_date

    def test_b_lineage_written_with_snomed_and_onset(self) -> None:
        """The ALL Condition: SNOMED CT B-ALL, confirmed, onsetDateTime the diagnosis day."""
        patient = Patient(
            disease=Disease(lineage=Lineage.B_PRECURSOR),
            course=Course(diagnosis_date=date(2022, 1, 2)),
        )
        resources = [e["resource"] for e in patient_to_fhir(patient)["entry"]]
        found = [r for r in resources if r["resourceType"] == "Condition"]
        assert len(found) == 1
        assert found[0]["code"]["coding"][0]["code"] == "277571004"
        assert found[0]["onsetDateTime"] == "2022-01-02"
        assert found[0]["verificationStatus"]["coding"][0]["code"] == "confirmed"
