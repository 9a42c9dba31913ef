"""The HTML shown in Jupyter for a patient (``Patient._repr_html_``) and for one option's
result (``OptionResult._repr_html_``), built in ``allmodel._display``."""

from __future__ import annotations

import re
from datetime import date

import attrs
import pytest

from allmodel import Identifier, Patient, TreatmentLine
from allmodel._display import (
    STATUS_STYLES,
    Html,
    html_table,
    option_result_html,
    record_html,
    status_badge,
)
from allmodel.criteria import NodeResult, Truth
from allmodel.model import Analyte, Intent, LabResult
from allmodel.report import Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse

SECRET_ID = "MRN-SECRET-4711"
SECRET_SYSTEM = "urn:secret-hospital"
SECRET_BIRTH = date(1969, 7, 21)


def _identified_patient() -> Patient:
    return attrs.evolve(
        adult_in_relapse(),
        identifiers=(Identifier(system=SECRET_SYSTEM, value=SECRET_ID),),
        date_of_birth=SECRET_BIRTH,
    )


def _text(page: str) -> str:
    """The page's text without its tags (what a reader sees)."""
    return re.sub(r"<[^>]+>", " ", page)


@attrs.frozen
class _Result:
    """A stand-in for an option result, with text chosen to need escaping."""

    id: str = "local_<b>"
    name: str = 'Pilot <script>alert("x")</script> & co'
    kind: str = "trial"
    status: str = "unknown"
    failed: tuple[NodeResult, ...] = ()
    unknown: tuple[NodeResult, ...] = (
        NodeResult(
            id="cd22",
            kind="threshold",
            text="CD22 > 20 % <of blasts>",
            status=Truth.UNKNOWN,
            fact="cd22_percent",
            expected=">= 20 %",
            missing=("disease.markers[CD22].percent_positive",),
        ),
    )
    missing: tuple[str, ...] = ("disease.markers[CD22].percent_positive",)
    citations: tuple[str, ...] = ("local <protocol>",)


class TestStatusBadge:
    """Every status has a colour and a label, and the label names the status in words."""

    @pytest.mark.parametrize("status", list(Status))
    def test_every_status_has_its_colour_and_label(self, status: Status) -> None:
        """The badge carries the status's colour and its words."""
        colour, label = STATUS_STYLES[status.value]
        badge = status_badge(status.value)
        assert f"background:{colour}" in badge
        assert _text(badge).strip() == label
        assert status.value.replace("_", " ") in label

    def test_the_styles_are_the_statuses(self) -> None:
        """One style per status, no more; colours and labels are all different."""
        assert sorted(STATUS_STYLES) == sorted(status.value for status in Status)
        colours = [colour for colour, _ in STATUS_STYLES.values()]
        labels = [label for _, label in STATUS_STYLES.values()]
        assert len(set(colours)) == len(colours)
        assert len(set(labels)) == len(labels)

    def test_an_unknown_status_is_refused(self) -> None:
        """A misspelt status is an error, not an unlabelled badge."""
        with pytest.raises(KeyError):
            status_badge("eligable")


class TestOptionResultHtml:
    """One option's result: status, reasons, what to record next."""

    def test_text_is_escaped(self) -> None:
        """Names, ids, criteria and citations are escaped: no tag of theirs survives."""
        page = option_result_html(_Result())
        assert "<script>" not in page
        assert "<b>" not in page
        assert "<of blasts>" not in page
        assert "<protocol>" not in page
        assert "Pilot &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
        assert "CD22 &gt; 20 % &lt;of blasts&gt;" in page
        assert "<code>local_&lt;b&gt;</code>" in page

    def test_undecided_criteria_name_what_decides_them(self) -> None:
        """An unknown result lists each undecided criterion and the fields to record."""
        text = " ".join(_text(option_result_html(_Result())).split())
        assert "criterion not decided" in text
        assert "Record next: disease.markers[CD22].percent_positive" in text
        assert "? unknown" in text

    @pytest.mark.parametrize(
        ("option_id", "status", "label"),
        [
            ("blinatumomab", Status.ELIGIBLE, "\u2713 eligible"),
            ("tisagenlecleucel", Status.NOT_ELIGIBLE, "\u2717 not eligible"),
        ],
    )
    def test_a_screened_result(self, option_id: str, status: Status, label: str) -> None:
        """A real result shows its name, id, kind and labelled status; a not-eligible one
        shows the failed criterion with what was observed and what is required."""
        result = screen(adult_in_relapse(age=45), as_of=AS_OF)[option_id]
        assert result.status is status
        page = result._repr_html_()
        assert page == option_result_html(result)
        text = " ".join(_text(page).split())
        assert f"{result.name} ( {option_id} , therapy): {label}" in text
        if status is Status.NOT_ELIGIBLE:
            assert "aged 25 or under 45 years <= 25 years" in text.replace("&lt;", "<")
        else:
            assert "criterion not met" not in text
            assert "Record next" not in text

    def test_nothing_identifying(self) -> None:
        """No result of an identified patient shows an identifier or the date of birth."""
        for result in screen(_identified_patient(), as_of=AS_OF):
            page = result._repr_html_()
            for secret in (SECRET_ID, SECRET_SYSTEM, SECRET_BIRTH.isoformat(), "1969"):
                assert secret not in page


class TestPatientHtml:
    """A patient: what is recorded and what is not, never who it is."""

    def test_no_identifier_and_no_date_of_birth(self) -> None:
        """Identifiers (system and value) and the date of birth are left out, as in repr."""
        page = _identified_patient()._repr_html_()
        for secret in (SECRET_ID, SECRET_SYSTEM, SECRET_BIRTH.isoformat(), "1969"):
            assert secret not in page
        assert "identifiers" not in page
        assert "date_of_birth" not in page

    def test_recorded_values_with_units_and_dates(self) -> None:
        """Scalars with their unit, dated observations with their date, one table per
        collection with a count."""
        patient = adult_in_relapse()
        text = " ".join(_text(patient._repr_html_()).split())
        assert f"height {patient.height}" in text
        assert f"weight {patient.weight}" in text
        assert patient.ecog is not None
        assert f"ecog 1 ({patient.ecog.date.isoformat()})" in text
        assert f"labs ({len(patient.labs)})" in text
        assert f"course.treatment_lines ({len(patient.course.treatment_lines)})" in text
        assert "disease.lineage b_precursor" in text

    def test_unrecorded_fields_are_named(self) -> None:
        """Fields left unrecorded are listed as unknown, never shown as a default."""
        text = " ".join(_text(Patient()._repr_html_()).split())
        assert "Not recorded (unknown): sex, height, weight, ecog," in text
        assert "course.diagnosis_date" in text

    def test_text_is_escaped(self) -> None:
        """Free text of the record (a regimen's name) is escaped."""
        line = TreatmentLine(
            regimen="<b>hyper-CVAD</b>", start=date(2022, 1, 3), intent=Intent.FRONTLINE
        )
        patient = attrs.evolve(
            Patient(), course=attrs.evolve(Patient().course, treatment_lines=(line,))
        )
        page = patient._repr_html_()
        assert "<b>hyper" not in page
        assert "&lt;b&gt;hyper-CVAD&lt;/b&gt;" in page

    def test_numbers_without_spurious_decimals(self) -> None:
        """A whole number recorded as a float shows without ``.0``; others as recorded."""
        labs = (
            LabResult(analyte=Analyte.PLATELETS, value=45000, unit="/uL", date=AS_OF),
            LabResult(analyte=Analyte.BILIRUBIN, value=0.25, unit="mg/dL", date=AS_OF),
        )
        text = _text(record_html(Patient(labs=labs), title="Patient"))
        assert " 45000 " in text
        assert " 0.25 " in text
        assert "45000.0" not in text


class TestReportHtml:
    """A report in a notebook: one row per option, its status coloured and written out."""

    def test_every_row_carries_its_status_badge(self) -> None:
        """Each result's row holds the badge of its own status, in report order."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        html = report._repr_html_()
        rows = re.findall(r"<tr><td>([a-z0-9_]+)</td><td>[a-z]+</td><td>(.*?)</td>", html)
        assert [option_id for option_id, _ in rows] == list(report.ids)
        assert [badge for _, badge in rows] == [
            status_badge(result.status.value) for result in report
        ]

    def test_other_cells_are_escaped(self) -> None:
        """Only the badge is markup: a reason with HTML in it is shown as text."""
        table = html_table(("a", "b"), [("<b>x</b>", Html("<i>y</i>"))])
        assert "<td>&lt;b&gt;x&lt;/b&gt;</td><td><i>y</i></td>" in table
