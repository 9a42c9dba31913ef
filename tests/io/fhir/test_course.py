"""FHIR treatment lines: the written shape, the round trip, the reader of real medication
records (statuses, medication references, RxNorm/ATC/NDC codes, intent, grouping) and the
corpus files (tests/io/fhir/corpus) against their README."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allmodel.errors import FhirError
from allmodel.io.fhir import MappingReport, Outcome, _course, patient_from_fhir, patient_to_fhir
from allmodel.io.fhir._codes import code_table
from allmodel.io.fhir._context import ReadContext
from allmodel.io.fhir._input import read_input
from allmodel.io.fhir._medications import AGENT_CODES, OUTDATED_ATC, agent_concept
from allmodel.io.fhir._read import _dispatch
from allmodel.io.fhir._systems import ALLMODEL_CODES, ATC, RXNORM, SNOMED
from allmodel.model import (
    Agent,
    BestResponse,
    Course,
    Intent,
    Patient,
    StopReason,
    TreatmentLine,
)
from allmodel.sources import source
from tests.strategies import patients, treatment_lines

#: The FHIR example corpus, copied into the repository.
CORPUS = Path(__file__).resolve().parent / "corpus"
AS_OF = date(2030, 1, 1)
PATIENT = {"resourceType": "Patient", "id": "p"}
SUBJECT = {"reference": "Patient/p"}
MCODE_STU1_INTENT = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-treatment-intent"


def _lines(patient: Patient) -> tuple[TreatmentLine, ...]:
    """The treatment lines read back from the patient's Bundle, through the reader's
    dispatch and the course domain's finish (other domains' fields are not assembled)."""
    found = read_input(patient_to_fhir(patient), validate=True)
    context = ReadContext(as_of=AS_OF, input=found)
    for resource in found.resources:
        with context.reading(resource.path):
            _dispatch(resource, context)
    _course.DOMAIN.finish(context)
    assert context.problems == []
    return tuple(value for value, _ in context.lists.get("course.treatment_lines", []))


def _read(*resources: dict[str, Any]) -> tuple[tuple[TreatmentLine, ...], MappingReport]:
    reading = patient_from_fhir([PATIENT, *resources], as_of=AS_OF)
    return reading.patient.course.treatment_lines, reading.report


def _entries(report: MappingReport, path: str) -> list[tuple[Outcome, str]]:
    return [(entry.outcome, entry.detail) for entry in report.entries if entry.path == path]


def _statement(
    coding: list[dict[str, str]] | None = None,
    *,
    status: str = "completed",
    intent: str | None = "palliative",
    period: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": status,
        "medicationCodeableConcept": {
            "coding": coding or [{"system": RXNORM, "code": "1597258", "display": "blinatumomab"}]
        },
        "subject": SUBJECT,
        "effectivePeriod": period or {"start": "2024-01-01", "end": "2024-01-28"},
        **extra,
    }
    if intent == "palliative":
        resource["extension"] = [
            {
                "url": MCODE_STU1_INTENT,
                "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": "363676003"}]},
            }
        ]
    elif intent is not None:
        resource["extension"] = [{"url": _course.INTENT, "valueCode": intent}]
    return resource


# -- the code table -----------------------------------------------------------------------


class TestCodeTable:
    """codes/medications.json: sources, agents and the codes written."""

    def test_every_entry_names_a_known_source_and_a_meaning(self) -> None:
        """Each code's source resolves and its meaning is an agent or an intent word."""
        meanings = {agent.value for agent in Agent} | {"palliative", "curative"}
        for entry in code_table("medications").entries:
            assert source(entry.source).id == entry.source
            assert entry.means in meanings, entry
            assert entry.checked

    def test_every_drug_agent_has_a_code_to_write(self) -> None:
        """Every agent but radiotherapy is written with a standard code or allmodel's own."""
        for agent in Agent:
            if agent is Agent.RADIOTHERAPY:
                continue
            systems = {c["system"] for c in agent_concept(agent)["coding"]}
            assert systems <= {RXNORM, ATC, ALLMODEL_CODES}
            assert (ALLMODEL_CODES in systems) == (agent in AGENT_CODES)

    def test_written_codes_are_ingredient_and_current_atc(self) -> None:
        """Blinatumomab is written as RxNorm 1597258 and ATC L01FX07, never L01XC19."""
        concept = agent_concept(Agent.BLINATUMOMAB)
        assert [(c["system"], c["code"]) for c in concept["coding"]] == [
            (RXNORM, "1597258"),
            (ATC, "L01FX07"),
        ]

    def test_outdated_atc_codes_are_in_the_table_with_their_substance(self) -> None:
        """Each outdated code reads as the same agent as the code that replaced it."""
        table = code_table("medications")
        for old, new in OUTDATED_ATC.items():
            old_entry, new_entry = table.get(ATC, old), table.get(ATC, new)
            assert old_entry is not None
            assert new_entry is not None
            assert old_entry.means == new_entry.means


# -- written shape and round trip -------------------------------------------------------


class TestWriter:
    """What patient_to_fhir writes for treatment lines."""

    def test_line_is_a_care_plan_and_agents_are_statements(self) -> None:
        """A line with two agents: a CarePlan, then a statement per agent based on it."""
        line = TreatmentLine(
            regimen="hyper-CVAD",
            agents=(Agent.VINCRISTINE, Agent.RADIOTHERAPY),
            start=date(2023, 1, 2),
            end=date(2023, 3, 1),
            intent=Intent.SALVAGE,
            best_response=BestResponse.PR,
            stop_reason=StopReason.RESISTANCE,
            intensive=True,
            cycles=2,
        )
        bundle = patient_to_fhir(Patient(course=Course(treatment_lines=(line,))))
        plan, statement, procedure = (e["resource"] for e in bundle["entry"][1:])
        assert plan["resourceType"] == "CarePlan"
        assert plan["title"] == "hyper-CVAD"
        assert plan["status"] == "completed"
        assert plan["period"] == {"start": "2023-01-02", "end": "2023-03-01"}
        assert {"url": _course.INTENT, "valueCode": "salvage"} in plan["extension"]
        assert statement["resourceType"] == "MedicationStatement"
        assert statement["basedOn"] == [{"reference": bundle["entry"][1]["fullUrl"]}]
        assert statement["medicationCodeableConcept"]["coding"][0]["code"] == "L01CA02"
        assert procedure["resourceType"] == "Procedure"
        assert procedure["code"]["coding"][0]["code"] == "1217123003"
        patient_from_fhir(bundle, as_of=AS_OF, validate=True)

    @pytest.mark.parametrize(
        ("stop", "end", "status"),
        [
            (StopReason.ONGOING, None, "active"),
            (None, date(2023, 2, 1), "completed"),
            (None, None, "unknown"),
        ],
    )
    def test_status_follows_the_end(
        self, stop: StopReason | None, end: date | None, status: str
    ) -> None:
        """Ongoing lines are active, ended lines completed, others unknown."""
        line = TreatmentLine(
            agents=(Agent.IMATINIB,),
            start=date(2023, 1, 1),
            end=end,
            intent=Intent.FRONTLINE,
            stop_reason=stop,
        )
        bundle = patient_to_fhir(Patient(course=Course(treatment_lines=(line,))))
        assert [e["resource"]["status"] for e in bundle["entry"][1:]] == [status, status]


class TestRoundTrip:
    """Lines written read back equal."""

    @settings(max_examples=200, deadline=None)
    @given(patients())
    def test_every_generated_patients_lines(self, patient: Patient) -> None:
        """The treatment lines of any generated patient read back equal, in order."""
        assert _lines(patient) == patient.course.treatment_lines

    @settings(max_examples=200, deadline=None)
    @given(st.lists(treatment_lines(remission=False), max_size=4))
    def test_through_the_public_reader(self, lines: list[TreatmentLine]) -> None:
        """patient_from_fhir (validating) gives the lines back through the public API."""
        patient = Patient(course=Course(treatment_lines=tuple(lines)))
        read = patient_from_fhir(patient_to_fhir(patient), as_of=date(9999, 1, 1))
        assert read.patient.course.treatment_lines == patient.course.treatment_lines

    def test_line_without_agents(self) -> None:
        """A regimen with no agents is its CarePlan alone and comes back."""
        line = TreatmentLine(regimen="trial X", start=date(2022, 5, 1), intent=Intent.SALVAGE)
        assert _lines(Patient(course=Course(treatment_lines=(line,)))) == (line,)


# -- reader: allmodel CarePlans -------------------------------------------------------------


def _plan(**changes: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": "line",
        "extension": [{"url": _course.INTENT, "valueCode": "salvage"}],
        "status": "completed",
        "intent": "plan",
        "category": [{"coding": [{"system": ALLMODEL_CODES, "code": "treatment-line"}]}],
        "subject": SUBJECT,
        "period": {"start": "2023-01-01"},
        "title": "FLAG-Ida",
    }
    plan.update(changes)
    return {k: v for k, v in plan.items() if v is not None}


class TestCarePlanReader:
    """An allmodel treatment-line CarePlan and what is refused or reported."""

    def test_care_plan_without_intent_is_reported(self) -> None:
        """No intent extension: not built, reported with its reason."""
        lines, report = _read(_plan(extension=None))
        assert lines == ()
        assert _entries(report, "[1]") == [
            (
                Outcome.IGNORED,
                "no treatment line intent: allmodel needs why a line was given and does not"
                " guess it",
            )
        ]

    def test_care_plan_without_start_is_reported(self) -> None:
        """No period start: not built, reported."""
        lines, report = _read(_plan(period=None))
        assert lines == ()
        assert _entries(report, "[1]") == [
            (Outcome.IGNORED, "a treatment line with no start date: not read")
        ]

    def test_other_care_plans_are_not_read(self) -> None:
        """A CarePlan without the treatment-line category is reported, not read."""
        lines, report = _read(_plan(category=None))
        assert lines == ()
        assert _entries(report, "[1]") == [
            (Outcome.IGNORED, "a CarePlan that is not an allmodel treatment line: not read")
        ]

    def test_draft_plan_is_not_a_line(self) -> None:
        """A draft plan was never given."""
        lines, _ = _read(_plan(status="draft"))
        assert lines == ()

    def test_unknown_intent_value_is_an_error_at_its_path(self) -> None:
        """An intent value the model lacks is refused at the valueCode."""
        with pytest.raises(FhirError) as caught:
            _read(_plan(extension=[{"url": _course.INTENT, "valueCode": "induction"}]))
        assert [p.path for p in caught.value.problems] == ["[1].extension[0].valueCode"]

    def test_statement_of_a_line_is_read_with_any_given_status(self) -> None:
        """A statement basedOn the line gives its agent whatever its date; not-taken does not."""
        taken = _statement(intent=None, status="unknown", basedOn=[{"reference": "CarePlan/line"}])
        refused = _statement(
            [{"system": ATC, "code": "L01FB01"}],
            intent=None,
            status="not-taken",
            basedOn=[{"reference": "CarePlan/line"}],
        )
        lines, report = _read(_plan(), taken, refused)
        assert lines == (
            TreatmentLine(
                regimen="FLAG-Ida",
                agents=(Agent.BLINATUMOMAB,),
                start=date(2023, 1, 1),
                intent=Intent.SALVAGE,
            ),
        )
        assert (Outcome.USED, "course.treatment_lines[0].agents") in _entries(report, "[2]")
        assert _entries(report, "[3]") == [
            (Outcome.IGNORED, "status not-taken: not read as a drug given")
        ]

    def test_an_unmapped_drug_in_a_written_line_is_refused(self) -> None:
        """A line allmodel wrote that names a drug allmodel cannot map would lose that
        agent (and read as 'never given'): the input is refused at the record's path."""
        gefitinib = _statement(
            [{"system": RXNORM, "code": "349472"}],
            intent=None,
            basedOn=[{"reference": "CarePlan/line"}],
        )
        with pytest.raises(FhirError) as error:
            _read(_plan(title=None), gefitinib)
        assert [p.path for p in error.value.problems] == ["[2]"]
        assert "the line would lose an agent" in str(error.value)


# -- reader: medication records of real systems -------------------------------------------


class TestMedicationCodes:
    """Which codes name which agent."""

    @pytest.mark.parametrize(
        ("coding", "agent"),
        [
            ({"system": RXNORM, "code": "1597258"}, Agent.BLINATUMOMAB),
            ({"system": RXNORM, "code": "1597267"}, Agent.BLINATUMOMAB),  # branded product
            ({"system": RXNORM, "code": "1942950"}, Agent.INOTUZUMAB_OZOGAMICIN),
            ({"system": RXNORM, "code": "968804"}, Agent.LIPOSOMAL_CYTARABINE),
            ({"system": RXNORM, "code": "662281"}, Agent.NILOTINIB),
            ({"system": ATC, "code": "L01EA05"}, Agent.PONATINIB),
            (
                {"system": "http://fhir.de/CodeSystem/bfarm/atc", "code": "L01AA01"},
                Agent.CYCLOPHOSPHAMIDE,
            ),
            (
                {"system": "http://fhir.de/CodeSystem/dimdi/atc", "code": "H02AB02"},
                Agent.DEXAMETHASONE,
            ),
            (
                {"system": ALLMODEL_CODES, "code": "agent-liposomal-vincristine"},
                Agent.LIPOSOMAL_VINCRISTINE,
            ),
        ],
    )
    def test_code_names_agent(self, coding: dict[str, str], agent: Agent) -> None:
        """Each code of each system is read as its agent."""
        lines, _ = _read(_statement([coding]))
        assert [line.agents for line in lines] == [(agent,)]

    def test_outdated_blinatumomab_atc_is_read_and_reported(self) -> None:
        """L01XC19 reads as blinatumomab; the report says it is outdated."""
        lines, report = _read(_statement([{"system": ATC, "code": "L01XC19"}]))
        assert lines[0].agents == (Agent.BLINATUMOMAB,)
        assert _entries(report, "[1].medicationCodeableConcept.coding[0]") == [
            (
                Outcome.IGNORED,
                "ATC L01XC19 is an outdated code of blinatumomab (the WHO index now lists"
                " L01FX07); read as blinatumomab",
            )
        ]

    def test_rxnorm_is_more_specific_than_atc(self) -> None:
        """Liposomal cytarabine's RxNorm code wins over the ATC code of cytarabine."""
        lines, report = _read(
            _statement([{"system": ATC, "code": "L01BC01"}, {"system": RXNORM, "code": "968804"}])
        )
        assert lines[0].agents == (Agent.LIPOSOMAL_CYTARABINE,)
        assert _entries(report, "[1].medicationCodeableConcept.coding[0]")[0][0] is Outcome.IGNORED

    def test_two_agents_in_one_system_are_an_error(self) -> None:
        """RxNorm codes of two different agents in one concept are refused at the concept."""
        with pytest.raises(FhirError) as caught:
            _read(
                _statement(
                    [{"system": RXNORM, "code": "1597258"}, {"system": RXNORM, "code": "3002"}]
                )
            )
        assert [p.path for p in caught.value.problems] == ["[1].medicationCodeableConcept"]

    def test_ndc_only_is_unmapped(self) -> None:
        """An NDC code is reported unmapped with its code."""
        lines, report = _read(_statement([{"system": "http://hl7.org/fhir/sid/ndc", "code": "1"}]))
        assert lines == ()
        assert _entries(report, "[1].medicationCodeableConcept") == [
            (
                Outcome.UNMAPPED,
                "medication allmodel does not map (it reads RxNorm and ATC codes of the agents"
                " it knows): NDC 1",
            )
        ]

    def test_missing_medication_is_an_error(self) -> None:
        """A record without medication[x] is refused at its path."""
        statement = _statement()
        del statement["medicationCodeableConcept"]
        with pytest.raises(FhirError) as caught:
            patient_from_fhir([PATIENT, statement], as_of=AS_OF, validate=False)
        assert [p.path for p in caught.value.problems] == ["[1].medication[x]"]

    def test_medication_reference_in_the_bundle(self) -> None:
        """A reference to a Medication resource in the input is followed."""
        medication = {
            "resourceType": "Medication",
            "id": "m",
            "code": {"coding": [{"system": RXNORM, "code": "1307619"}]},
        }
        statement = _statement(medicationReference={"reference": "Medication/m"})
        del statement["medicationCodeableConcept"]
        lines, report = _read(medication, statement)
        assert lines[0].agents == (Agent.BOSUTINIB,)
        assert _entries(report, "[1]") == [
            (Outcome.USED, "course.treatment_lines (the drug of [2])")
        ]

    def test_unresolved_medication_reference_is_reported(self) -> None:
        """A reference to a Medication that is not in the input is reported."""
        statement = _statement(medicationReference={"reference": "Medication/absent"})
        del statement["medicationCodeableConcept"]
        lines, report = _read(statement)
        assert lines == ()
        assert _entries(report, "[1].medicationReference") == [
            (
                Outcome.IGNORED,
                "medication reference 'Medication/absent' is not a Medication in the input:"
                " the drug is unknown",
            )
        ]


class TestRecordStatusesAndIntent:
    """Statuses used, intents read and never guessed."""

    @pytest.mark.parametrize("status", ["active", "completed", "stopped"])
    def test_used_statement_statuses(self, status: str) -> None:
        """Active, completed and stopped statements are read."""
        lines, _ = _read(_statement(status=status))
        assert len(lines) == 1

    @pytest.mark.parametrize("status", ["intended", "not-taken", "on-hold", "unknown", "final"])
    def test_other_statement_statuses_are_reported(self, status: str) -> None:
        """Every other status (and the invalid 'final') is reported, not read."""
        lines, report = _read(_statement(status=status))
        assert lines == ()
        assert _entries(report, "[1]") == [
            (Outcome.IGNORED, f"status {status}: not read as a drug given")
        ]

    def test_request_proposal_is_not_an_order(self) -> None:
        """A MedicationRequest that only proposes is reported."""
        request = _statement(status="active")
        request.update(resourceType="MedicationRequest", intent="proposal", authoredOn="2024-01-01")
        del request["effectivePeriod"]
        lines, report = _read(request)
        assert lines == ()
        assert _entries(report, "[1]") == [
            (Outcome.IGNORED, "a request of intent proposal: not an order")
        ]

    def test_request_order_starts_on_authored_on(self) -> None:
        """An active order is an ongoing line starting on the day it was written."""
        request = _statement(status="active")
        request.update(resourceType="MedicationRequest", intent="order", authoredOn="2024-01-05")
        del request["effectivePeriod"]
        lines, _ = _read(request)
        assert [(line.start, line.end, line.stop_reason) for line in lines] == [
            (date(2024, 1, 5), None, StopReason.ONGOING)
        ]

    def test_no_intent_no_line(self) -> None:
        """Without an intent the record builds no line and says why."""
        lines, report = _read(_statement(intent=None))
        assert lines == ()
        assert _entries(report, "[1]") == [
            (
                Outcome.IGNORED,
                "blinatumomab from 2024-01-01: no treatment line intent (allmodel needs why a"
                " line was given and does not guess it)",
            )
        ]

    def test_curative_intent_is_not_enough(self) -> None:
        """mCODE curative intent is reported: frontline or salvage is not known."""
        statement = _statement(intent=None)
        statement["extension"] = [
            {
                "url": MCODE_STU1_INTENT,
                "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": "373808002"}]},
            }
        ]
        lines, report = _read(statement)
        assert lines == ()
        assert _entries(report, "[1].extension[0]") == [
            (
                Outcome.IGNORED,
                "curative treatment intent does not say which line allmodel needs (frontline,"
                " salvage, ...)",
            )
        ]

    def test_allmodel_intent_on_a_record(self) -> None:
        """allmodel's intent extension on a record is read."""
        lines, _ = _read(_statement(intent="bridge_to_transplant"))
        assert lines[0].intent is Intent.BRIDGE_TO_TRANSPLANT


class TestGrouping:
    """Records of one intent within GAP_DAYS form one line."""

    @pytest.mark.parametrize(("gap", "count"), [(27, 1), (28, 1), (29, 2)])
    def test_gap_boundary(self, gap: int, count: int) -> None:
        """A record starting GAP_DAYS after the line's last day joins it; one day later not."""
        assert _course.GAP_DAYS == 28
        first = _statement(period={"start": "2024-01-01", "end": "2024-01-10"})
        later = date(2024, 1, 10).toordinal() + gap
        second = _statement(
            [{"system": ATC, "code": "L01FB01"}],
            period={"start": date.fromordinal(later).isoformat()},
        )
        lines, _ = _read(first, second)
        assert len(lines) == count

    def test_one_line_has_both_agents_and_an_unknown_end(self) -> None:
        """Grouped agents keep their order; an end missing on one record leaves it unknown."""
        first = _statement(period={"start": "2024-01-01", "end": "2024-01-10"})
        second = _statement([{"system": ATC, "code": "L01FB01"}], period={"start": "2024-01-05"})
        lines, _ = _read(first, second)
        assert lines == (
            TreatmentLine(
                agents=(Agent.BLINATUMOMAB, Agent.INOTUZUMAB_OZOGAMICIN),
                start=date(2024, 1, 1),
                intent=Intent.PALLIATIVE,
            ),
        )

    def test_different_intents_never_group(self) -> None:
        """Records of different intents make different lines."""
        lines, _ = _read(_statement(), _statement(intent="salvage"))
        assert sorted(line.intent for line in lines) == [Intent.PALLIATIVE, Intent.SALVAGE]

    def test_repeated_agent_is_reported_once_in_line(self) -> None:
        """Daily administrations of one drug give the agent once."""
        day1 = _statement(period={"start": "2024-01-01", "end": "2024-01-01"})
        day2 = _statement(period={"start": "2024-01-02", "end": "2024-01-02"})
        lines, report = _read(day1, day2)
        assert lines[0].agents == (Agent.BLINATUMOMAB,)
        assert lines[0].end == date(2024, 1, 2)
        assert _entries(report, "[2]") == [
            (Outcome.IGNORED, "course.treatment_lines[0].agents: blinatumomab already in the line")
        ]


# -- the public corpus --------------------------------------------------------------------


def _corpus(name: str) -> MappingReport:
    return patient_from_fhir(CORPUS / name, as_of=AS_OF).report


class TestCorpus:
    """The corpus medication files: what maps and what is reported (README column)."""

    def test_bare_blinatumomab_medication(self) -> None:
        """A bare Medication has no patient or date: reported, no line."""
        report = _corpus("cibmtr__Medication-Medication-Post-HCT-Disease-Therapy-Example.json")
        assert [(e.path, e.outcome) for e in report.entries] == [("Medication", Outcome.IGNORED)]

    def test_etoposide_administration_needs_an_intent(self) -> None:
        """Etoposide is recognised (RxNorm 4179) but no line intent is given."""
        report = _corpus("cibmtr__MedicationAdministration-MedicationAdministration-Example2.json")
        assert [e.detail for e in report.entries] == [
            "etoposide from 2020-07-22: no treatment line intent (allmodel needs why a line"
            " was given and does not guess it)"
        ]

    def test_contained_alemtuzumab_is_unmapped(self) -> None:
        """The contained Lemtrada product is found and reported unmapped at its path."""
        report = _corpus("fhir-r4-core__MedicationAdministration-medadmin0304.json")
        assert [e.path for e in report.unmapped] == ["MedicationAdministration.contained[0].code"]
        assert "RxNorm 1594660" in report.unmapped[0].detail

    def test_ndc_busulfan_is_unmapped(self) -> None:
        """Busulfan by NDC only is reported unmapped."""
        report = _corpus("fhir-r4-core__MedicationAdministration-medadmin0310.json")
        assert "NDC 76388-713-25" in report.unmapped[0].detail

    def test_gefitinib_statement_is_unmapped(self) -> None:
        """Gefitinib is no allmodel agent."""
        report = _corpus(
            "mcode-stu1__MedicationStatement-mCODECancerRelatedMedicationStatementExample01.json"
        )
        assert [e.path for e in report.unmapped] == [
            "MedicationStatement.medicationCodeableConcept"
        ]

    def test_mii_final_status_is_reported(self) -> None:
        """The invalid status 'final' is reported; cyclophosphamide is not claimed."""
        report = _corpus(
            "mii-onko__MedicationStatement-mii-exa-onko-systemische-therapie-medikation1.json"
        )
        assert [e.detail for e in report.entries] == ["status final: not read as a drug given"]

    def test_mii_bundle_medications(self) -> None:
        """The MII bundle's medications (morphine, carboplatin, paclitaxel, red cells) are
        each reported once as unmapped, through their Medication resources."""
        bundle = json.loads(
            (CORPUS / "mii-testdata__Bundle-mii-exa-test-data-bundle-pat-2.json").read_text()
        )
        kinds = (
            "Patient",
            "MedicationRequest",
            "MedicationStatement",
            "MedicationAdministration",
            "Medication",
        )
        resources = [
            e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] in kinds
        ]
        reading = patient_from_fhir(resources, as_of=AS_OF)
        assert reading.patient.course.treatment_lines == ()
        unmapped = [e.detail.rsplit(": ", 1)[1] for e in reading.report.unmapped]
        assert sorted(unmapped) == sorted(
            ["ATC B05AX01 (Erythrozyten)"] * 2
            + ["ATC N02AA01 (Morphin)", "ATC L01XA02 (Carboplatin)", "ATC L01CD01 (Paclitaxel)"]
        )
