"""The FHIR events domain: remissions, relapses, transplants and the course flags."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from allmodel.errors import FhirError
from allmodel.io.fhir import MappingEntry, Outcome, patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._events import (
    CRH,
    CRI,
    DONOR_CMV,
    DONOR_TYPE,
    EXTRAMEDULLARY_SITE,
    HLA_TYPED,
    RELAPSE,
    RELAPSE_SITE,
    TRANSPLANT_KIND,
)
from allmodel.io.fhir._systems import ALLMODEL_CODES, LOINC, SNOMED, extension_url
from allmodel.model import (
    Course,
    DonorType,
    ExtramedullarySite,
    Patient,
    Relapse,
    RelapseSite,
    Remission,
    RemissionKind,
    Serostatus,
    Transplant,
    TransplantKind,
)
from tests.strategies import LATEST, patients

EXAMPLES = Path(__file__).parent / "corpus"
AS_OF = date(2030, 1, 1)
SUBJECT = {"reference": "Patient/p1"}
PATIENT: dict[str, Any] = {"resourceType": "Patient", "id": "p1"}


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    """A collection Bundle of the Patient and ``resources``."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in (PATIENT, *resources)],
    }


def status(value: dict[str, Any], *, loinc: str = "97509-4", **extra: Any) -> dict[str, Any]:
    """A disease-status Observation (mCODE CancerDiseaseStatus shape)."""
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "subject": SUBJECT,
        "effectiveDateTime": "2022-03-04",
        "valueCodeableConcept": {"coding": [value]},
    }
    resource.update(extra)
    return resource


def hct(**extra: Any) -> dict[str, Any]:
    """A haemopoietic stem cell transplant Procedure."""
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "status": "completed",
        "code": {"coding": [{"system": SNOMED, "code": "234336002"}]},
        "subject": SUBJECT,
        "performedDateTime": "2021-06-07",
        "extension": [{"url": extension_url(TRANSPLANT_KIND), "valueCode": "allogeneic"}],
    }
    resource.update(extra)
    return resource


def flag(code: str, **value: Any) -> dict[str, Any]:
    """An allmodel-coded course-flag Observation."""
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": ALLMODEL_CODES, "code": code}]},
        "subject": SUBJECT,
        **value,
    }


def read(*resources: dict[str, Any]) -> tuple[Course, tuple[MappingEntry, ...]]:
    """The course read from the Bundle of ``resources`` and the report entries."""
    reading = patient_from_fhir(bundle(*resources), as_of=AS_OF)
    return reading.patient.course, reading.report.entries


def entry(entries: tuple[MappingEntry, ...], path: str) -> MappingEntry:
    """The one report entry at ``path``."""
    found = [e for e in entries if e.path == path]
    assert len(found) == 1, found
    return found[0]


def problems(*resources: dict[str, Any]) -> list[tuple[str, str]]:
    """The problems the reader raises for the Bundle of ``resources``."""
    with pytest.raises(FhirError) as caught:
        patient_from_fhir(bundle(*resources), as_of=AS_OF)
    return [(p.path, p.message) for p in caught.value.problems]


def snomed(code: str) -> dict[str, str]:
    return {"system": SNOMED, "code": code}


def allmodel(code: str) -> dict[str, str]:
    return {"system": ALLMODEL_CODES, "code": code}


class TestCodeTable:
    def test_every_entry_names_a_source_and_where_it_was_checked(self) -> None:
        """Each code carries the code system's display, a source id and a check."""
        for item in code_table("events").entries:
            assert item.display
            assert item.checked
            assert item.source in {"cs-loinc", "cs-snomed-ct"}

    def test_the_written_codes_come_first(self) -> None:
        """The writer's codes: LOINC 97509-4, SNOMED 103338009 and 234336002."""
        table = code_table("events")
        assert table.first("disease_status").code == "97509-4"
        assert table.first("CR").code == "103338009"
        assert table.first("hct").code == "234336002"


class TestRemissions:
    @pytest.mark.parametrize("code", ["103338009", "550991000124107"])
    def test_snomed_full_remission_is_cr(self, code: str) -> None:
        """SNOMED CT full remission (STU3+ and the older STU2 code) is a CR on its day."""
        course, entries = read(status(snomed(code)))
        assert course.remissions == (Remission(kind=RemissionKind.CR, date=date(2022, 3, 4)),)
        assert entry(entries, "Bundle.entry[1].resource").detail == "course.remissions[0]"

    @pytest.mark.parametrize(("code", "kind"), [(CRH, RemissionKind.CRH), (CRI, RemissionKind.CRI)])
    def test_allmodel_crh_and_cri(self, code: str, kind: RemissionKind) -> None:
        """CRh and CRi come from allmodel's codes."""
        course, _ = read(status(allmodel(code)))
        assert course.remissions == (Remission(kind=kind, date=date(2022, 3, 4)),)

    @pytest.mark.parametrize("loinc", ["88040-1", "97509-4"])
    def test_both_mcode_observation_codes(self, loinc: str) -> None:
        """mCODE STU1's 88040-1 and the later 97509-4 are both read."""
        course, _ = read(status(snomed("103338009"), loinc=loinc))
        assert len(course.remissions) == 1

    def test_a_time_with_a_zone_gives_the_written_day(self) -> None:
        """effectiveDateTime with a time and zone: the calendar day written."""
        course, _ = read(status(snomed("103338009"), effectiveDateTime="2022-03-04T23:30:00-05:00"))
        assert course.remissions[0].date == date(2022, 3, 4)

    def test_effective_instant(self) -> None:
        """effectiveInstant is read like a dateTime."""
        resource = status(snomed("103338009"))
        del resource["effectiveDateTime"]
        resource["effectiveInstant"] = "2022-03-05T01:00:00Z"
        course, _ = read(resource)
        assert course.remissions[0].date == date(2022, 3, 5)

    def test_second_coding_is_tried(self) -> None:
        """A local coding first, then SNOMED: the SNOMED coding maps."""
        resource = status({"system": "urn:local", "code": "CR"})
        resource["valueCodeableConcept"]["coding"].append(snomed("103338009"))
        course, _ = read(resource)
        assert len(course.remissions) == 1


class TestNotARemissionOrRelapse:
    def test_mcode_example_improved_is_ignored_with_its_path(self) -> None:
        """The mCODE STU1 example (268910001 improved) becomes neither remission nor relapse."""
        resource = json.loads(
            (EXAMPLES / "mcode-stu1__Observation-mCODECancerDiseaseStatusExample01.json").read_text(
                "utf-8"
            )
        )
        reading = patient_from_fhir(resource, as_of=AS_OF)
        assert reading.patient.course.remissions == ()
        assert reading.patient.course.relapses == ()
        found = entry(reading.report.entries, "Observation.valueCodeableConcept")
        assert found.outcome is Outcome.IGNORED
        assert "268910001" in found.detail
        assert "trend" in found.detail

    @pytest.mark.parametrize("code", ["268910001", "359746009", "271299001", "709137006"])
    def test_trends_are_ignored(self, code: str) -> None:
        """Improved, stable, worsened, undetermined: ignored (worsened is not a relapse)."""
        course, entries = read(status(snomed(code)))
        assert course.remissions == ()
        assert course.relapses == ()
        found = entry(entries, "Bundle.entry[1].resource.valueCodeableConcept")
        assert found.outcome is Outcome.IGNORED

    @pytest.mark.parametrize("code", ["103337004", "551001000124108"])
    def test_partial_remission_is_not_a_remission(self, code: str) -> None:
        """Partial remission is ignored with its reason."""
        course, entries = read(status(snomed(code)))
        assert course.remissions == ()
        found = entry(entries, "Bundle.entry[1].resource.valueCodeableConcept")
        assert found.outcome is Outcome.IGNORED
        assert "partial remission" in found.detail

    def test_unknown_value_is_unmapped(self) -> None:
        """A value no table holds is reported unmapped at the value's path."""
        course, entries = read(status(snomed("260415000")))
        assert course.remissions == ()
        found = entry(entries, "Bundle.entry[1].resource.valueCodeableConcept")
        assert found.outcome is Outcome.UNMAPPED
        assert "260415000" in found.detail

    def test_text_value_is_ignored(self) -> None:
        """A status given as text is not read."""
        resource = status(snomed("103338009"))
        del resource["valueCodeableConcept"]
        resource["valueString"] = "complete remission"
        course, entries = read(resource)
        assert course.remissions == ()
        found = entry(entries, "Bundle.entry[1].resource.valueString")
        assert found.outcome is Outcome.IGNORED

    def test_no_value_is_ignored(self) -> None:
        """A status without a value is ignored at the resource."""
        resource = status(snomed("103338009"))
        del resource["valueCodeableConcept"]
        course, entries = read(resource)
        assert course.remissions == ()
        assert entry(entries, "Bundle.entry[1].resource").outcome is Outcome.IGNORED

    def test_undated_remission_is_ignored(self) -> None:
        """No effective date: ignored, never dated by guess."""
        resource = status(snomed("103338009"))
        del resource["effectiveDateTime"]
        course, entries = read(resource)
        assert course.remissions == ()
        found = entry(entries, "Bundle.entry[1].resource")
        assert found.outcome is Outcome.IGNORED
        assert "effective date" in found.detail

    def test_period_is_ignored(self) -> None:
        """effectivePeriod gives no single day: ignored."""
        resource = status(snomed("103338009"))
        del resource["effectiveDateTime"]
        resource["effectivePeriod"] = {"start": "2022-01-01", "end": "2022-02-01"}
        course, entries = read(resource)
        assert course.remissions == ()
        found = entry(entries, "Bundle.entry[1].resource.effectivePeriod")
        assert found.outcome is Outcome.IGNORED

    def test_preliminary_status_is_not_read(self) -> None:
        """A preliminary disease status is left to the orchestrator's status filter."""
        course, entries = read(status(snomed("103338009"), status="preliminary"))
        assert course.remissions == ()
        assert entry(entries, "Bundle.entry[1].resource").outcome is Outcome.IGNORED


class TestRelapses:
    def test_relapse_with_site_and_sites_in_order(self) -> None:
        """The allmodel relapse code with site and extramedullary sites, in order."""
        resource = status(
            allmodel(RELAPSE),
            extension=[
                {"url": extension_url(RELAPSE_SITE), "valueCode": "marrow"},
                {"url": extension_url(EXTRAMEDULLARY_SITE), "valueCode": "testes"},
                {"url": extension_url(EXTRAMEDULLARY_SITE), "valueCode": "cns"},
            ],
        )
        course, entries = read(resource)
        assert course.relapses == (
            Relapse(
                date=date(2022, 3, 4),
                site=RelapseSite.MARROW,
                extramedullary_sites=(ExtramedullarySite.TESTES, ExtramedullarySite.CNS),
            ),
        )
        assert entry(entries, "Bundle.entry[1].resource").detail == "course.relapses[0]"

    def test_relapse_without_site(self) -> None:
        """No site extension: site unrecorded, no sites."""
        course, _ = read(status(allmodel(RELAPSE)))
        assert course.relapses == (Relapse(date=date(2022, 3, 4)),)

    def test_unknown_site_is_unmapped(self) -> None:
        """An unknown site code is reported and left unrecorded."""
        resource = status(
            allmodel(RELAPSE),
            extension=[{"url": extension_url(RELAPSE_SITE), "valueCode": "liver"}],
        )
        course, entries = read(resource)
        assert course.relapses[0].site is None
        found = entry(entries, "Bundle.entry[1].resource.extension[0].valueCode")
        assert found.outcome is Outcome.UNMAPPED

    def test_site_that_contradicts_sites_is_a_problem_at_the_resource(self) -> None:
        """Isolated CNS relapse listing the testes: the model's refusal, at the FHIR path."""
        resource = status(
            allmodel(RELAPSE),
            extension=[
                {"url": extension_url(RELAPSE_SITE), "valueCode": "isolated_cns"},
                {"url": extension_url(EXTRAMEDULLARY_SITE), "valueCode": "testes"},
            ],
        )
        found = problems(resource)
        assert [path for path, _ in found] == ["Bundle.entry[1].resource"]
        assert "(extramedullary_sites)" in found[0][1]

    def test_repeated_site_extension_is_an_error(self) -> None:
        """Two relapse-site extensions: an error at the second."""
        resource = status(
            allmodel(RELAPSE),
            extension=[
                {"url": extension_url(RELAPSE_SITE), "valueCode": "marrow"},
                {"url": extension_url(RELAPSE_SITE), "valueCode": "marrow"},
            ],
        )
        assert [p for p, _ in problems(resource)] == ["Bundle.entry[1].resource.extension[1]"]

    def test_relapse_on_as_of_is_read(self) -> None:
        """A relapse dated on as_of itself is read (the boundary)."""
        course, _ = read(status(allmodel(RELAPSE), effectiveDateTime=AS_OF.isoformat()))
        assert course.relapses == (Relapse(date=AS_OF),)

    def test_relapse_after_as_of_is_refused(self) -> None:
        """A relapse dated after as_of is refused by the reader."""
        resource = status(allmodel(RELAPSE), effectiveDateTime="2031-01-01")
        assert [p for p, _ in problems(resource)] == ["Bundle.entry[1].resource"]


class TestTransplants:
    def test_allogeneic_with_donor(self) -> None:
        """Kind, date, donor type and donor CMV from the Procedure."""
        resource = hct()
        resource["extension"] += [
            {
                "url": extension_url(DONOR_TYPE),
                "valueCodeableConcept": {"coding": [allmodel("matched_unrelated")]},
            },
            {
                "url": extension_url(DONOR_CMV),
                "valueCodeableConcept": {"coding": [snomed("10828004")]},
            },
        ]
        course, entries = read(resource)
        assert course.transplants == (
            Transplant(
                kind=TransplantKind.ALLOGENEIC,
                date=date(2021, 6, 7),
                donor_type=DonorType.MATCHED_UNRELATED,
                donor_cmv=Serostatus.POSITIVE,
            ),
        )
        assert entry(entries, "Bundle.entry[1].resource").detail == "course.transplants[0]"

    def test_performed_period_start(self) -> None:
        """performedPeriod.start gives the day."""
        resource = hct()
        del resource["performedDateTime"]
        resource["performedPeriod"] = {"start": "2021-06-01T08:00:00+02:00"}
        course, _ = read(resource)
        assert course.transplants[0].date == date(2021, 6, 1)

    def test_period_without_start_is_ignored(self) -> None:
        """performedPeriod with only an end: undated, ignored."""
        resource = hct()
        del resource["performedDateTime"]
        resource["performedPeriod"] = {"end": "2021-06-01"}
        course, entries = read(resource)
        assert course.transplants == ()
        found = entry(entries, "Bundle.entry[1].resource.performedPeriod")
        assert found.outcome is Outcome.IGNORED

    def test_performed_string_is_ignored(self) -> None:
        """performedString gives no day."""
        resource = hct()
        del resource["performedDateTime"]
        resource["performedString"] = "spring 2021"
        course, entries = read(resource)
        assert course.transplants == ()
        assert entry(entries, "Bundle.entry[1].resource.performedString").outcome is Outcome.IGNORED

    def test_undated_is_ignored(self) -> None:
        """No performed[x]: ignored."""
        resource = hct()
        del resource["performedDateTime"]
        course, entries = read(resource)
        assert course.transplants == ()
        assert entry(entries, "Bundle.entry[1].resource").outcome is Outcome.IGNORED

    @pytest.mark.parametrize("state", ["in-progress", "not-done", "stopped", "preparation"])
    def test_only_completed_counts(self, state: str) -> None:
        """A transplant not completed is ignored at its status."""
        course, entries = read(hct(status=state))
        assert course.transplants == ()
        found = entry(entries, "Bundle.entry[1].resource.status")
        assert found.outcome is Outcome.IGNORED
        assert state in found.detail

    def test_without_kind_is_ignored(self) -> None:
        """A real-world HSCT Procedure without the kind is ignored, not guessed."""
        resource = hct()
        del resource["extension"]
        course, entries = read(resource)
        assert course.transplants == ()
        found = entry(entries, "Bundle.entry[1].resource")
        assert found.outcome is Outcome.IGNORED
        assert "kind" in found.detail

    def test_unknown_kind_is_unmapped(self) -> None:
        """An unknown kind code is reported unmapped and the transplant not read."""
        resource = hct(
            extension=[{"url": extension_url(TRANSPLANT_KIND), "valueCode": "syngeneic"}]
        )
        course, entries = read(resource)
        assert course.transplants == ()
        found = entry(entries, "Bundle.entry[1].resource.extension[0].valueCode")
        assert found.outcome is Outcome.UNMAPPED

    def test_kind_without_value_code_is_an_error(self) -> None:
        """The kind extension needs a valueCode."""
        resource = hct(extension=[{"url": extension_url(TRANSPLANT_KIND), "valueString": "x"}])
        assert problems(resource) == [
            ("Bundle.entry[1].resource.extension[0].valueCode", "is required but absent")
        ]

    def test_autologous_with_donor_is_a_problem(self) -> None:
        """An autologous transplant with a donor type: the model's refusal at the resource."""
        resource = hct(
            extension=[
                {"url": extension_url(TRANSPLANT_KIND), "valueCode": "autologous"},
                {
                    "url": extension_url(DONOR_TYPE),
                    "valueCodeableConcept": {"coding": [allmodel("haploidentical")]},
                },
            ]
        )
        found = problems(resource)
        assert [p for p, _ in found] == ["Bundle.entry[1].resource"]
        assert "(donor_type)" in found[0][1]

    def test_mii_ops_procedures_are_unmapped(self) -> None:
        """The MII test bundle's OPS/SNOMED procedures (not HCT) are reported unmapped."""
        data = json.loads(
            (EXAMPLES / "mii-testdata__Bundle-mii-exa-test-data-bundle-pat-2.json").read_text(
                "utf-8"
            )
        )
        procedures = [
            e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Procedure"
        ]
        for item in procedures:
            item["subject"] = SUBJECT
        course, entries = read(*copy.deepcopy(procedures))
        assert course.transplants == ()
        for index in range(1, len(procedures) + 1):
            found = entry(entries, f"Bundle.entry[{index}].resource.code")
            assert found.outcome is Outcome.UNMAPPED
            assert "bfarm/ops" in found.detail


class TestCourseFlags:
    @pytest.mark.parametrize(
        ("code", "field"),
        [
            ("history-complete", "history_complete"),
            ("hla-typed", "hla_typed"),
            ("donor-identified", "donor_identified"),
            ("cr1-high-risk", "cr1_high_risk"),
        ],
    )
    @pytest.mark.parametrize("value", [True, False])
    def test_boolean_flags(self, code: str, field: str, value: bool) -> None:
        """valueBoolean true and false are both kept (false is not unknown)."""
        course, entries = read(flag(code, valueBoolean=value))
        assert getattr(course, field) is value
        assert entry(entries, "Bundle.entry[1].resource.valueBoolean").detail == f"course.{field}"

    def test_no_value_stays_unknown(self) -> None:
        """A flag Observation without a value leaves the flag unrecorded."""
        course, entries = read(flag(HLA_TYPED))
        assert course.hla_typed is None
        assert entry(entries, "Bundle.entry[1].resource").outcome is Outcome.IGNORED

    def test_wrong_value_type_is_an_error(self) -> None:
        """A flag with valueString: an error at the value."""
        assert problems(flag(HLA_TYPED, valueString="yes")) == [
            ("Bundle.entry[1].resource.valueString", "must be valueBoolean, not valueString")
        ]

    def test_conflicting_flags_are_a_problem(self) -> None:
        """Two flags that disagree: a problem at the second."""
        found = problems(flag(HLA_TYPED, valueBoolean=True), flag(HLA_TYPED, valueBoolean=False))
        assert [p for p, _ in found] == ["Bundle.entry[2].resource.valueBoolean"]

    def test_donor_type_and_cmv(self) -> None:
        """The identified donor's type (allmodel code) and CMV (SNOMED negative)."""
        course, _ = read(
            flag(DONOR_TYPE, valueCodeableConcept={"coding": [allmodel("cord_blood")]}),
            flag(DONOR_CMV, valueCodeableConcept={"coding": [snomed("260385009")]}),
        )
        assert course.donor_type is DonorType.CORD_BLOOD
        assert course.donor_cmv is Serostatus.NEGATIVE

    def test_unknown_donor_type_is_unmapped(self) -> None:
        """An unknown donor type is reported, left unrecorded."""
        course, entries = read(
            flag(DONOR_TYPE, valueCodeableConcept={"coding": [allmodel("twin")]})
        )
        assert course.donor_type is None
        found = entry(entries, "Bundle.entry[1].resource.valueCodeableConcept")
        assert found.outcome is Outcome.UNMAPPED

    def test_unknown_cmv_is_unmapped(self) -> None:
        """A CMV value other than positive/negative is reported, left unrecorded."""
        course, entries = read(
            flag(DONOR_CMV, valueCodeableConcept={"coding": [snomed("103338009")]})
        )
        assert course.donor_cmv is None
        found = entry(entries, "Bundle.entry[1].resource.valueCodeableConcept")
        assert found.outcome is Outcome.UNMAPPED


def _events(patient: Patient) -> tuple[object, ...]:
    course = patient.course
    return (
        course.remissions,
        course.relapses,
        course.transplants,
        course.history_complete,
        course.hla_typed,
        course.donor_identified,
        course.donor_type,
        course.donor_cmv,
        course.cr1_high_risk,
    )


class TestWriter:
    def test_writes_standard_codes_where_they_exist(self) -> None:
        """CR as SNOMED full remission, CRi as allmodel code, HCT as SNOMED 234336002."""
        patient = Patient(
            course=Course(
                remissions=(
                    Remission(kind=RemissionKind.CR, date=date(2020, 1, 1)),
                    Remission(kind=RemissionKind.CRI, date=date(2020, 2, 1)),
                ),
                transplants=(Transplant(kind=TransplantKind.AUTOLOGOUS, date=date(2020, 3, 1)),),
            )
        )
        resources = [e["resource"] for e in patient_to_fhir(patient)["entry"][1:]]
        assert resources[0]["code"]["coding"][0]["code"] == "97509-4"
        assert resources[0]["valueCodeableConcept"]["coding"][0]["code"] == "103338009"
        assert resources[1]["valueCodeableConcept"]["coding"][0] == {
            "system": ALLMODEL_CODES,
            "code": CRI,
            "display": "Complete remission with incomplete haematological recovery (CRi)",
        }
        assert resources[2]["resourceType"] == "Procedure"
        assert resources[2]["code"]["coding"][0]["code"] == "234336002"
        assert resources[2]["performedDateTime"] == "2020-03-01"

    def test_empty_course_writes_nothing(self) -> None:
        """Nothing recorded: no resource beyond the Patient."""
        assert len(patient_to_fhir(Patient())["entry"]) == 1

    @settings(max_examples=200, deadline=None)
    @given(patients())
    def test_round_trip(self, patient: Patient) -> None:
        """Every generated patient's events read back equal, validated by fhir.resources."""
        written = patient_to_fhir(patient)
        reading = patient_from_fhir(written, as_of=LATEST, validate=True)
        assert _events(reading.patient) == _events(patient)


class TestFocus:
    """A disease status about another Condition of the record is not about the ALL."""

    @staticmethod
    def _condition(rid: str, coding: dict[str, str]) -> dict[str, Any]:
        return {
            "resourceType": "Condition",
            "id": rid,
            "subject": SUBJECT,
            "code": {"coding": [coding]},
        }

    def test_a_status_of_another_cancer_is_ignored(self) -> None:
        lung = self._condition("lung", {"system": SNOMED, "code": "254637007"})
        remission = status(snomed("103338009"), focus=[{"reference": "Condition/lung"}])
        course, entries = read(lung, remission)
        assert course.remissions == ()
        found = entry(entries, "Bundle.entry[2].resource.focus[0]")
        assert (found.outcome, found.detail) == (
            Outcome.IGNORED,
            "disease status of a Condition that is not ALL",
        )

    def test_a_status_of_the_all_condition_is_read(self) -> None:
        all_condition = self._condition("all", {"system": SNOMED, "code": "277571004"})
        remission = status(snomed("103338009"), focus=[{"reference": "Condition/all"}])
        course, _ = read(all_condition, remission)
        assert [r.kind for r in course.remissions] == [RemissionKind.CR]

    def test_a_focus_outside_the_input_does_not_decide(self) -> None:
        remission = status(snomed("103338009"), focus=[{"reference": "Condition/elsewhere"}])
        course, _ = read(remission)
        assert [r.kind for r in course.remissions] == [RemissionKind.CR]
