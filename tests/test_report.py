"""Renderings of a Report: the JSON layout allmodel.report/2, text, Markdown and records.

A ruleset of four options of our own makes every expectation exact and independent of the
catalogue's criteria; privacy is checked against the whole default ruleset as well.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import attrs
import pytest

import allmodel
from allmodel import Identifier, Patient
from allmodel._screened import screened_report
from allmodel.catalogue import default_ruleset
from allmodel.criteria import (
    All,
    Is,
    IsIn,
    JurisdictionCode,
    Not,
    Op,
    Option,
    OptionKind,
    Ruleset,
    Threshold,
    load_criteria,
)
from allmodel.model import Condition, RelapseSite
from allmodel.report import REPORT_FORMAT, OptionResult, Report, Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse

LOCAL_TRIAL = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "allmodel"
    / "examples"
    / "local_trials"
    / "example_hospital_cd22_pilot.json"
)

VERSION = allmodel.__version__

ECOG = Option(
    id="ecog_zero_to_one",
    kind=OptionKind.THERAPY,
    name="Fit-patient therapy",
    citations=("test ref 1",),
    criteria=Threshold(
        id="ecog",
        text="ECOG 0 to 1 | ambulatory",
        fact="ecog",
        op=Op.LE,
        value=1,
        citations=("test ref 1",),
    ),
)
T_LINEAGE = Option(
    id="t_lineage_only",
    kind=OptionKind.THERAPY,
    name="T-lineage therapy",
    citations=("test ref 2",),
    criteria=All(
        id="entry",
        text="T-ALL in relapse",
        parts=(
            IsIn(id="t_lineage", text="T-lineage ALL", fact="lineage", values=("t",)),
            Is(id="relapsed", text="relapsed or refractory", fact="relapsed_or_refractory"),
        ),
    ),
)
CD22 = Option(
    id="cd22_trial",
    kind=OptionKind.TRIAL,
    name="CD22 trial",
    citations=("NCT00000001",),
    registry_ids=("NCT00000001",),
    notes=("A made-up trial.",),
    criteria=Threshold(
        id="cd22_high",
        text="CD22 on at least 70 % of blasts",
        fact="cd22_percent",
        op=Op.GE,
        value=70,
        unit="%",
    ),
)
GVHD = Option(
    id="gvhd_trial",
    kind=OptionKind.TRIAL,
    name="GVHD-free trial",
    citations=("test ref 3",),
    criteria=Not(
        id="no_gvhd",
        text="no active GVHD",
        part=Is(id="gvhd", text="active GVHD", fact="active_gvhd"),
    ),
)
RULESET = Ruleset(
    name="test-report",
    version="2.0.1",
    effective=date(2022, 12, 31),
    description="Four options with exact expectations.",
    options=(ECOG, T_LINEAGE, CD22, GVHD),
)


#: The ruleset's hash as headers show it: sha256: and the first 12 hex digits.
SHORT_HASH = RULESET.content_hash[: len("sha256:") + 12]


#: ECOG 0 only: one threshold moved.
STRICTER_ECOG = attrs.evolve(cast("Threshold", ECOG.criteria), value=0)


def small_report(jurisdiction: JurisdictionCode = "US") -> Report:
    """The typical builder patient with ECOG 3, screened against :data:`RULESET`."""
    return screen(adult_in_relapse(ecog=3), as_of=AS_OF, ruleset=RULESET, jurisdiction=jurisdiction)


#: The validity rules the evidence shows (allmodel's default windows).
ECOG_VALIDITY = "counts only when dated within 28 days before as_of (performance status)"
CD22_VALIDITY = (
    "counts only when dated on or after the latest relapse and on or after the end of the"
    " latest CD22-directed therapy (or line of agents not recorded)"
)
GVHD_VALIDITY = (
    "counts only when dated within 28 days before as_of (current conditions such as"
    " infection, GVHD or neuropathy)"
)

EXPECTED_DICT: dict[str, Any] = {
    "format": "allmodel.report/2",
    "library_version": VERSION,
    "ruleset": {"name": "test-report", "version": "2.0.1", "hash": RULESET.content_hash},
    "as_of": "2022-12-31",
    "jurisdiction": "US",
    "results": [
        {
            "id": "ecog_zero_to_one",
            "kind": "therapy",
            "name": "Fit-patient therapy",
            "status": "not_eligible",
            "failed": [
                {
                    "id": "ecog",
                    "text": "ECOG 0 to 1 | ambulatory",
                    "observed": "3 on 2022-12-30",
                    "expected": "<= 1",
                    "citations": ["test ref 1"],
                    "validity": ECOG_VALIDITY,
                }
            ],
            "unknown": [],
            "missing": [],
            "citations": ["test ref 1"],
            "registry_ids": [],
            "notes": [],
        },
        {
            "id": "t_lineage_only",
            "kind": "therapy",
            "name": "T-lineage therapy",
            "status": "not_eligible",
            "failed": [
                {
                    "id": "t_lineage",
                    "text": "T-lineage ALL",
                    "observed": "b_precursor",
                    "expected": "t",
                    "citations": [],
                }
            ],
            "unknown": [],
            "missing": [],
            "citations": ["test ref 2"],
            "registry_ids": [],
            "notes": [],
        },
        {
            "id": "cd22_trial",
            "kind": "trial",
            "name": "CD22 trial",
            "status": "eligible",
            "failed": [],
            "unknown": [],
            "missing": [],
            "citations": ["NCT00000001"],
            "registry_ids": ["NCT00000001"],
            "notes": ["A made-up trial."],
        },
        {
            "id": "gvhd_trial",
            "kind": "trial",
            "name": "GVHD-free trial",
            "status": "unknown",
            "failed": [],
            "unknown": [
                {
                    "id": "gvhd",
                    "text": "active GVHD",
                    "observed": "unknown",
                    "expected": "yes",
                    "citations": [],
                    "validity": GVHD_VALIDITY,
                }
            ],
            "missing": ["conditions[active_gvhd]"],
            "citations": ["test ref 3"],
            "registry_ids": [],
            "notes": [],
        },
    ],
    # none of the test citations is a source id the registry knows
    "sources": {"test ref 1": None, "test ref 2": None, "NCT00000001": None, "test ref 3": None},
}

#: The evidence trees of the four results, in order.
EXPECTED_EVIDENCE: list[dict[str, Any]] = [
    {
        "id": "ecog",
        "kind": "threshold",
        "text": "ECOG 0 to 1 | ambulatory",
        "status": "false",
        "fact": "ecog",
        "observed": "3 on 2022-12-30",
        "expected": "<= 1",
        "validity": ECOG_VALIDITY,
        "citations": ["test ref 1"],
    },
    {
        "id": "entry",
        "kind": "all",
        "text": "T-ALL in relapse",
        "status": "false",
        "children": [
            {
                "id": "t_lineage",
                "kind": "is_in",
                "text": "T-lineage ALL",
                "status": "false",
                "fact": "lineage",
                "observed": "b_precursor",
                "expected": "t",
            },
            {
                "id": "relapsed",
                "kind": "is",
                "text": "relapsed or refractory",
                "status": "true",
                "fact": "relapsed_or_refractory",
                "observed": "yes",
                "expected": "yes",
            },
        ],
    },
    {
        "id": "cd22_high",
        "kind": "threshold",
        "text": "CD22 on at least 70 % of blasts",
        "status": "true",
        "fact": "cd22_percent",
        "observed": "90 % on 2022-12-29",
        "expected": ">= 70 %",
        "validity": CD22_VALIDITY,
    },
    {
        "id": "no_gvhd",
        "kind": "not",
        "text": "no active GVHD",
        "status": "unknown",
        "fact": "active_gvhd",
        "observed": "unknown",
        "expected": "not yes",
        "children": [
            {
                "id": "gvhd",
                "kind": "is",
                "text": "active GVHD",
                "status": "unknown",
                "fact": "active_gvhd",
                "observed": "unknown",
                "expected": "yes",
                "validity": GVHD_VALIDITY,
                "missing": ["conditions[active_gvhd]"],
            }
        ],
    },
]


def _keys_in_order(text: str) -> list[list[str]]:
    """The keys of every JSON object in ``text``, in document order."""
    found: list[list[str]] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found.append([key for key, _ in pairs])
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return found


class TestToDict:
    """to_dict follows the allmodel.report/2 layout."""

    def test_layout(self) -> None:
        """The whole dict, written out by hand."""
        assert small_report().to_dict() == EXPECTED_DICT

    def test_format_key(self) -> None:
        """The format key names the layout."""
        assert REPORT_FORMAT == "allmodel.report/2"
        assert small_report().to_dict()["format"] == REPORT_FORMAT

    def test_key_order(self) -> None:
        """Top-level and result keys come in a fixed order."""
        data = small_report().to_dict(evidence=True)
        assert list(data) == [
            "format",
            "library_version",
            "ruleset",
            "as_of",
            "jurisdiction",
            "results",
            "sources",
        ]
        for result in data["results"]:
            assert list(result) == [
                "id",
                "kind",
                "name",
                "status",
                "failed",
                "unknown",
                "missing",
                "citations",
                "registry_ids",
                "notes",
                "evidence",
            ]

    def test_evidence_trees(self) -> None:
        """evidence=True adds each option's evidence tree, written out by hand."""
        data = small_report().to_dict(evidence=True)
        assert [result["evidence"] for result in data["results"]] == EXPECTED_EVIDENCE
        without = {key: value for key, value in data.items() if key != "results"}
        assert without == {key: v for key, v in EXPECTED_DICT.items() if key != "results"}

    def test_no_evidence_by_default(self) -> None:
        """Without evidence=True there is no evidence key."""
        assert all("evidence" not in result for result in small_report().to_dict()["results"])

    def test_eu(self) -> None:
        """The jurisdiction is recorded as given."""
        assert small_report("EU").to_dict()["jurisdiction"] == "EU"


CITING = Option(
    id="citing_trial",
    kind=OptionKind.TRIAL,
    name="A trial citing registered sources",
    citations=("review", "review-ref-7"),
    notes=("Follows the review [review-ref-62] and a decision [decision-1] [review-ref-7].",),
    criteria=All(
        id="entry",
        text="adult, no active GVHD",
        citations=("review-ref-8",),
        parts=(
            Threshold(
                id="adult",
                text="aged 18 or over",
                fact="age_years",
                op=Op.GE,
                value=18,
                unit="years",
                citations=("review-ref-9",),
            ),
            Not(
                id="no_gvhd",
                text="no active GVHD",
                part=Is(
                    id="gvhd", text="active GVHD", fact="active_gvhd", citations=("decision-11",)
                ),
            ),
        ),
    ),
)


class TestProvenance:
    """Which rules gave the results (name, version, hash) and what they cite."""

    def test_ruleset_hash_recorded(self) -> None:
        """The report carries the screened ruleset's content hash."""
        assert small_report().ruleset_hash == RULESET.content_hash
        report = screen(adult_in_relapse(), as_of=AS_OF)
        assert report.ruleset_hash == default_ruleset().content_hash
        assert report.to_dict()["ruleset"]["hash"] == default_ruleset().content_hash

    def test_hash_follows_the_rules(self) -> None:
        """Another threshold, another hash in the report."""
        changed = attrs.evolve(RULESET, options=(attrs.evolve(ECOG, criteria=STRICTER_ECOG),))
        report = screen(adult_in_relapse(), as_of=AS_OF, ruleset=changed)
        assert report.ruleset_hash == changed.content_hash != RULESET.content_hash

    def test_sources_resolved_once(self) -> None:
        """Every cited id once, in order of first appearance, with its citation text."""
        report = screen(adult_in_relapse(), as_of=AS_OF, options=[CITING])
        data = report.to_dict()
        assert report[CITING.id].status is Status.UNKNOWN  # no GVHD record: gvhd unknown
        expected = ["review", "review-ref-7", "decision-11", "review-ref-62", "decision-1"]
        assert list(data["sources"]) == expected
        for source_id in expected:
            assert data["sources"][source_id] == allmodel.sources.source(source_id).citation

    def test_evidence_adds_node_citations(self) -> None:
        """With evidence every node's citations are resolved too."""
        data = screen(adult_in_relapse(), as_of=AS_OF, options=[CITING]).to_dict(evidence=True)
        assert list(data["sources"]) == [
            "review",
            "review-ref-7",
            "decision-11",
            "review-ref-8",
            "review-ref-9",
            "review-ref-62",
            "decision-1",
        ]

    def test_unknown_ids_are_null(self) -> None:
        """A local trial's own reference maps to null: the report never fails on it."""
        assert small_report().to_dict()["sources"]["NCT00000001"] is None

    def test_sources_in_json(self) -> None:
        """The JSON text carries the same mapping."""
        report = screen(adult_in_relapse(), as_of=AS_OF, options=[CITING])
        assert json.loads(report.to_json())["sources"] == report.to_dict()["sources"]


class TestToJson:
    """to_json is the dict as JSON text, stable for diffs."""

    def test_is_the_dict(self) -> None:
        """The JSON text decodes to to_dict."""
        report = small_report()
        assert json.loads(report.to_json(evidence=True)) == report.to_dict(evidence=True)

    def test_stable(self) -> None:
        """Two screenings of equal input give identical text."""
        assert small_report().to_json(evidence=True) == small_report().to_json(evidence=True)

    def test_stable_for_the_catalogue(self) -> None:
        """The default ruleset's reports are stable too."""
        first = screen(adult_in_relapse(), as_of=AS_OF, jurisdiction="EU")
        second = screen(adult_in_relapse(), as_of=AS_OF, jurisdiction="EU")
        assert first.to_json(evidence=True) == second.to_json(evidence=True)

    def test_keys_in_fixed_order(self) -> None:
        """Objects in the text keep the fixed key order, innermost first."""
        keys = _keys_in_order(small_report().to_json())
        assert keys[:3] == [
            ["name", "version", "hash"],
            ["id", "text", "observed", "expected", "citations", "validity"],
            [
                "id",
                "kind",
                "name",
                "status",
                "failed",
                "unknown",
                "missing",
                "citations",
                "registry_ids",
                "notes",
            ],
        ]
        assert keys[-1] == [
            "format",
            "library_version",
            "ruleset",
            "as_of",
            "jurisdiction",
            "results",
            "sources",
        ]

    def test_indent(self) -> None:
        """indent=None gives one line; the default indents by two spaces."""
        report = small_report()
        assert "\n" not in report.to_json(indent=None)
        assert report.to_json().startswith('{\n  "format": "allmodel.report/2",\n')

    def test_non_ascii_kept(self) -> None:
        """Text outside ASCII is written as is."""
        option = attrs.evolve(ECOG, name="Thérapie µ")
        report = screen(adult_in_relapse(), as_of=AS_OF, options=[option])
        assert '"name": "Thérapie µ"' in report.to_json()


def _option_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("  ")]


class TestToText:
    """to_text: a header and one aligned line per option, grouped by kind."""

    def test_text(self) -> None:
        """The whole text, written out by hand, without trailing spaces."""
        assert small_report().to_text().splitlines() == [
            f"allmodel {VERSION} | ruleset test-report 2.0.1 {SHORT_HASH} | as of 2022-12-31"
            " | US labels",
            "therapies:",
            "  not_eligible  ecog_zero_to_one  ECOG 0 to 1 | ambulatory (is 3 on 2022-12-30)",
            "  not_eligible  t_lineage_only    T-lineage ALL (is b_precursor)",
            "trial archetypes:",
            "  eligible      cd22_trial",
            "  unknown       gvhd_trial        needs conditions[active_gvhd]",
        ]

    def test_str_is_text(self) -> None:
        """str() of a report is its text."""
        report = small_report()
        assert str(report) == report.to_text()

    def test_aligned_for_the_catalogue(self) -> None:
        """Ids start in one column and reasons in another, for every option of the catalogue."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        lines = _option_lines(report.to_text())
        assert len(lines) == len(report)
        width = max(len(result.id) for result in report)
        for line, result in zip(lines, report, strict=True):
            assert line[2:15] == f"{result.status.value:<13}"
            assert line[16 : 16 + width].rstrip() == result.id
            assert line[16 + width : 18 + width].strip() == ""

    def test_every_id(self) -> None:
        """Every option id appears in the text."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        text = report.to_text()
        assert all(f" {result.id}" in text for result in report)


class TestToMarkdown:
    """to_markdown: a bold header and a table with one row per option."""

    def test_table(self) -> None:
        """The whole table, written out by hand; a | in a reason is escaped."""
        assert small_report().to_markdown().splitlines() == [
            f"**allmodel {VERSION} | ruleset test-report 2.0.1 {SHORT_HASH} | as of 2022-12-31"
            " | US labels**",
            "",
            "| option | kind | status | reason |",
            "| --- | --- | --- | --- |",
            "| `ecog_zero_to_one` | therapy | not_eligible | ECOG 0 to 1 \\| ambulatory"
            " (is 3 on 2022-12-30) |",
            "| `t_lineage_only` | therapy | not_eligible | T-lineage ALL (is b_precursor) |",
            "| `cd22_trial` | trial | eligible |  |",
            "| `gvhd_trial` | trial | unknown | needs conditions[active_gvhd] |",
        ]

    def test_one_row_per_option_of_the_catalogue(self) -> None:
        """Every catalogue row has four cells."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        rows = [line for line in report.to_markdown().splitlines() if line.startswith("| `")]
        assert [row.split(" | ")[0] for row in rows] == [f"| `{r.id}`" for r in report]
        assert all(row.replace("\\|", "").count("|") == 5 for row in rows)


class TestToRecords:
    """to_records: one flat row per option, keyed by the caller's patient key."""

    def test_rows(self) -> None:
        """The rows, written out by hand."""
        common = {
            "patient": "cohort-7",
            "as_of": "2022-12-31",
            "ruleset": "test-report",
            "ruleset_version": "2.0.1",
            "ruleset_hash": RULESET.content_hash,
            "jurisdiction": "US",
        }
        assert small_report().to_records("cohort-7") == [
            {
                **common,
                "option_id": "ecog_zero_to_one",
                "kind": "therapy",
                "status": "not_eligible",
                "failed": "ecog",
                "unknown": "",
                "missing": "",
            },
            {
                **common,
                "option_id": "t_lineage_only",
                "kind": "therapy",
                "status": "not_eligible",
                "failed": "t_lineage",
                "unknown": "",
                "missing": "",
            },
            {
                **common,
                "option_id": "cd22_trial",
                "kind": "trial",
                "status": "eligible",
                "failed": "",
                "unknown": "",
                "missing": "",
            },
            {
                **common,
                "option_id": "gvhd_trial",
                "kind": "trial",
                "status": "unknown",
                "failed": "",
                "unknown": "gvhd",
                "missing": "conditions[active_gvhd]",
            },
        ]

    def test_key_order(self) -> None:
        """Every row has the same columns in the same order."""
        for record in small_report().to_records():
            assert list(record) == [
                "patient",
                "as_of",
                "ruleset",
                "ruleset_version",
                "ruleset_hash",
                "jurisdiction",
                "option_id",
                "kind",
                "status",
                "failed",
                "unknown",
                "missing",
            ]

    def test_no_key_by_default(self) -> None:
        """Without a key, the patient column is None, never an identifier of the record."""
        patient = attrs.evolve(
            adult_in_relapse(), identifiers=(Identifier(system="mrn", value="MRN-1"),)
        )
        report = screen(patient, as_of=AS_OF, ruleset=RULESET)
        assert {record["patient"] for record in report.to_records()} == {None}

    def test_one_row_per_catalogue_option(self) -> None:
        """The rows follow the report, option by option."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        records = report.to_records("p")
        assert [record["option_id"] for record in records] == list(report.ids)
        assert [record["status"] for record in records] == [r.status.value for r in report]


SECRET_ID = "MRN-SECRET-77"
SECRET_BIRTH = date(1977, 3, 14)


def _secret_patient() -> Patient:
    patient = adult_in_relapse(conditions={Condition.ACTIVE_GVHD: False})
    return attrs.evolve(
        patient,
        identifiers=(
            Identifier(system="urn:example:mrn", value=SECRET_ID),
            Identifier(system="study", value="STUDY-SECRET-9"),
        ),
        date_of_birth=SECRET_BIRTH,
    )


class TestPrivacy:
    """No identifier or date of birth in any rendering of a report."""

    @pytest.mark.parametrize("jurisdiction", ["US", "EU"])
    def test_nothing_identifying(self, jurisdiction: JurisdictionCode) -> None:
        """repr, str, JSON, text, Markdown, HTML, records and result reprs are clean."""
        local = load_criteria(LOCAL_TRIAL)
        options: list[str | Option] = [*default_ruleset().ids, local]
        report = screen(_secret_patient(), as_of=AS_OF, jurisdiction=jurisdiction, options=options)
        renderings = [
            repr(report),
            str(report),
            report.to_json(evidence=True),
            report.to_text(),
            report.to_markdown(),
            report._repr_html_(),
            json.dumps(report.to_records("caller-key")),
            *(repr(result) for result in report),
            *(result._repr_html_() for result in report),
            *(repr(result.evaluation) for result in report),
        ]
        for text in renderings:
            for secret in (SECRET_ID, "STUDY-SECRET-9", "1977-03-14", "1977", "14/03", "03/14"):
                assert secret not in text

    def test_age_still_used(self) -> None:
        """The date of birth is used (as an age), just never shown."""
        report = screen(_secret_patient(), as_of=AS_OF, options=[load_criteria(LOCAL_TRIAL)])
        evidence = report.to_dict(evidence=True)["results"][0]["evidence"]
        children = evidence["children"]
        ages = [child["observed"] for child in children if child.get("fact") == "age_years"]
        assert ages == ["45 years", "45 years"]


class TestReasons:
    """Reasons name the failed criterion and the observed value, or what is missing."""

    def test_failed_reason_names_observed_value(self) -> None:
        """An ECOG 3 patient is told 'ECOG 0 to 1 | ambulatory (is 3 on 2022-12-30)'."""
        line = next(ln for ln in small_report().to_text().splitlines() if "ecog_zero" in ln)
        assert line.endswith("ECOG 0 to 1 | ambulatory (is 3 on 2022-12-30)")

    def test_exclusion_reason_names_what_was_found(self) -> None:
        """A failed exclusion (a Not) names the excluded thing and its value, never a bare
        'is yes'."""
        patient = adult_in_relapse(relapse_site=RelapseSite.ISOLATED_CNS)
        report = screen(patient, as_of=AS_OF, options=["blinatumomab"])
        line = next(ln for ln in report.to_text().splitlines() if "blinatumomab" in ln)
        assert line.endswith("(isolated extramedullary relapse: yes)")
        assert "(is yes)" not in line

    def test_unknown_reason_names_the_stale_result(self) -> None:
        """An unknown reason names the result set aside and why."""
        patient = adult_in_relapse(assessed=AS_OF - timedelta(days=40))
        report = screen(patient, as_of=AS_OF, options=["cytarabine_based_salvage"])
        line = next(ln for ln in report.to_text().splitlines() if "cytarabine" in ln)
        assert "needs fit_for_intensive_therapy" in line
        assert "older than the 28-day window" in line

    def test_lab_reason_names_value_unit_and_date(self) -> None:
        """A lab criterion's reason gives the value, its unit and its sample date."""
        option = Option(
            id="platelets_trial",
            kind=OptionKind.TRIAL,
            name="Platelets trial",
            citations=("test",),
            criteria=Threshold(
                id="platelets",
                text="platelets at least 100,000/uL",
                fact="platelets",
                op=Op.GE,
                value=100_000,
                unit="/uL",
            ),
        )
        report = screen(adult_in_relapse(), as_of=AS_OF, options=[option])
        assert (
            report.to_text()
            .splitlines()[-1]
            .endswith("platelets at least 100,000/uL (is 45 10^9/L on 2022-12-30)")
        )
        assert report["platelets_trial"].failed[0].expected == ">= 100000 /uL"

    def test_unknown_reason_lists_missing(self) -> None:
        """An unknown result's reason lists the fields to record."""
        report = screen(Patient(), as_of=AS_OF, ruleset=RULESET)
        assert report["gvhd_trial"].status is Status.UNKNOWN
        line = next(ln for ln in report.to_text().splitlines() if "gvhd_trial" in ln)
        assert line.endswith("needs conditions[active_gvhd]")


class TestRepr:
    """Reprs summarise without detail."""

    def test_report_repr(self) -> None:
        """The report's repr counts results by status."""
        assert repr(small_report()) == (
            "Report(as_of=2022-12-31, ruleset='test-report', jurisdiction='US', "
            "eligible=1, not_eligible=2, unknown=1)"
        )

    def test_result_repr(self) -> None:
        """A result's repr is its id, kind and status."""
        assert repr(small_report()["gvhd_trial"]) == (
            "OptionResult(id='gvhd_trial', kind='trial', status='unknown')"
        )

    def test_iteration_and_status_filters(self) -> None:
        """Iteration follows the results; with_status and eligible filter them."""
        report = small_report()
        assert [r.id for r in report] == list(report.ids)
        assert [r.id for r in report.eligible] == ["cd22_trial"]
        assert [r.id for r in report.with_status(Status.NOT_ELIGIBLE)] == [
            "ecog_zero_to_one",
            "t_lineage_only",
        ]


class TestScreenedReport:
    """Screening's fast constructor builds the same report as Report(...) and OptionResult(...)."""

    def test_equal_to_the_constructors(self) -> None:
        """Every field, equality, hash, repr and the evidence match the attrs __init__."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        first = report.results[0]
        options = tuple(result.option for result in report.results)
        statuses = tuple(result.status for result in report.results)
        built = screened_report(
            facts=first.facts,
            context=first.context,
            options=options,
            ids=tuple(option.id for option in options),
            statuses=statuses,
            ruleset=report.ruleset,
            ruleset_version=report.ruleset_version,
            ruleset_hash=report.ruleset_hash,
            library_version=report.library_version,
        )
        expected = tuple(
            OptionResult(option=option, status=status, facts=first.facts, context=first.context)
            for option, status in zip(options, statuses, strict=True)
        )
        assert built.results == expected == report.results
        assert built == report
        assert hash(built) == hash(report)
        for fast, slow in zip(built.results, expected, strict=True):
            assert type(fast) is OptionResult
            assert attrs.asdict(fast, recurse=False) == attrs.asdict(slow, recurse=False)
            assert hash(fast) == hash(slow)
            assert repr(fast) == repr(slow)
            assert fast.evaluation == slow.evaluation
            assert fast.missing == slow.missing

    def test_empty(self) -> None:
        """No options, no results."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        first = report.results[0]
        empty = screened_report(
            facts=first.facts,
            context=first.context,
            options=(),
            ids=(),
            statuses=(),
            ruleset=report.ruleset,
            ruleset_version=report.ruleset_version,
            ruleset_hash=report.ruleset_hash,
            library_version=report.library_version,
        )
        assert empty.results == ()
        assert (len(empty), empty.statuses) == (0, {})
