"""screen(): the public contract of a screening, independent of any particular therapy's rules.

Every report covers every option of the catalogue once, in order; jurisdictions, option
selections and rulesets are checked and refused with a RuleError naming what is allowed;
dates after ``as_of`` never count; an eligible result is fully known; a report records
what produced it and cannot be changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import allmodel
from allmodel import ChronologyError, Identifier, Patient, RuleError, load_patient
from allmodel.catalogue import (
    CATALOGUE_IDS,
    DEFAULT_RULESET_NAME,
    THERAPY_IDS,
    TRIAL_IDS,
    default_ruleset,
)
from allmodel.clinical import course_view
from allmodel.criteria import (
    Constant,
    InJurisdiction,
    IsIn,
    Jurisdiction,
    JurisdictionCode,
    Op,
    Option,
    OptionKind,
    Ruleset,
    Threshold,
    load_criteria,
)
from allmodel.errors import ArgumentError
from allmodel.facts import derive_facts
from allmodel.model import Condition, Lineage
from allmodel.report import OptionResult, Status
from allmodel.screening import screen, screen_facts, screen_many
from tests import strategies as gen
from tests.builders import AS_OF, adult_in_relapse

ROOT = Path(__file__).resolve().parent.parent
LOCAL_TRIAL = (
    ROOT / "src" / "allmodel" / "examples" / "local_trials" / "example_hospital_cd22_pilot.json"
)
PATIENT_DOCUMENTS = sorted((ROOT / "src" / "allmodel" / "examples" / "patients").glob("*.json"))


def _corpus() -> list[tuple[str, Patient]]:
    """Patients of many shapes: builder vignettes (some sparse) and the example documents."""
    built = [
        ("typical", adult_in_relapse()),
        ("sparse", adult_in_relapse(age=None, lineage=None, ph=None, cd19=None, cd22=None)),
        ("incomplete_history", adult_in_relapse(history_complete=None, ecog=None)),
        ("ph_positive", adult_in_relapse(ph=allmodel.model.PhStatus.POSITIVE, t315i=True)),
        ("young", adult_in_relapse(age=20, relapses=2)),
        ("in_remission", adult_in_relapse(in_remission=True, mrd_level=0.002)),
        ("refractory", adult_in_relapse(primary_refractory=True)),
        ("t_lineage", adult_in_relapse(lineage=Lineage.T, cd19=False, cd22=False)),
        ("empty", Patient()),
    ]
    documents = [(path.stem, load_patient(path, as_of=AS_OF)) for path in PATIENT_DOCUMENTS]
    return built + documents


CORPUS = _corpus()
CORPUS_IDS = [name for name, _ in CORPUS]


def _local_trial() -> Option:
    return load_criteria(LOCAL_TRIAL)


def _small_ruleset() -> Ruleset:
    """A two-option ruleset of our own, so expectations do not depend on the catalogue."""
    return Ruleset(
        name="test-screening",
        version="0.0.7",
        effective=date(2022, 6, 30),
        description="Two options for testing the screening machinery.",
        options=(
            Option(
                id="b_lineage_therapy",
                kind=OptionKind.THERAPY,
                name="B-lineage therapy",
                citations=("test",),
                criteria=IsIn(
                    id="b_precursor", text="B-precursor", fact="lineage", values=("b_precursor",)
                ),
            ),
            Option(
                id="always_trial",
                kind=OptionKind.TRIAL,
                name="Always open",
                citations=("test",),
                criteria=Constant(id="open", text="open to all", value=True),
            ),
        ),
    )


class TestCatalogue:
    """Every catalogue option appears exactly once in every report, in catalogue order."""

    def test_catalogue_is_therapies_then_trials(self) -> None:
        """CATALOGUE_IDS lists the therapies, then the trial archetypes, without repeats."""
        assert CATALOGUE_IDS == THERAPY_IDS + TRIAL_IDS
        assert len(set(CATALOGUE_IDS)) == len(CATALOGUE_IDS)

    def test_default_ruleset_holds_the_catalogue(self) -> None:
        """The default ruleset's options are the catalogue, in order."""
        assert default_ruleset().ids == CATALOGUE_IDS

    @pytest.mark.parametrize("jurisdiction", ["US", "EU"])
    @pytest.mark.parametrize(("name", "patient"), CORPUS, ids=CORPUS_IDS)
    def test_every_report_lists_every_option_once(
        self, name: str, patient: Patient, jurisdiction: JurisdictionCode
    ) -> None:
        """The report's ids are exactly the catalogue ids, in order."""
        report = screen(patient, as_of=AS_OF, jurisdiction=jurisdiction)
        assert report.ids == CATALOGUE_IDS
        assert len(report) == len(CATALOGUE_IDS)
        assert [result.kind for result in report] == [OptionKind.THERAPY] * len(THERAPY_IDS) + [
            OptionKind.TRIAL
        ] * len(TRIAL_IDS)

    def test_local_trial_after_the_catalogue(self) -> None:
        """A local trial selected after the ruleset's ids is reported last."""
        local = _local_trial()
        report = screen(adult_in_relapse(), as_of=AS_OF, options=[*default_ruleset().ids, local])
        assert report.ids == (*CATALOGUE_IDS, "example_hospital_cd22_pilot")


class TestExplanationsAgreeWithStatus:
    """Eligible results are fully known; the others say why."""

    @pytest.mark.parametrize("jurisdiction", ["US", "EU"])
    @pytest.mark.parametrize(("name", "patient"), CORPUS, ids=CORPUS_IDS)
    def test_statuses_and_explanations(
        self, name: str, patient: Patient, jurisdiction: JurisdictionCode
    ) -> None:
        """Eligible: nothing failed or missing; not eligible: a failure; unknown: missing fields."""
        local = _local_trial()
        report = screen(
            patient, as_of=AS_OF, jurisdiction=jurisdiction, options=[*default_ruleset().ids, local]
        )
        for result in report:
            explained = (bool(result.failed), bool(result.unknown), bool(result.missing))
            expected = {
                Status.ELIGIBLE: (False, False, False),
                Status.NOT_ELIGIBLE: (True, False, False),
                Status.UNKNOWN: (False, True, True),
            }[result.status]
            assert explained == expected, result.id
            assert Status.from_truth(result.evaluation.status) is result.status, result.id

    def test_local_trial_unknown_until_gvhd_recorded(self) -> None:
        """The example trial needs the GVHD record; with it, the typical patient is eligible."""
        local = _local_trial()
        unknown = screen(adult_in_relapse(), as_of=AS_OF, options=[local])
        assert unknown["example_hospital_cd22_pilot"].status is Status.UNKNOWN
        assert unknown["example_hospital_cd22_pilot"].missing == ("conditions[active_gvhd]",)
        recorded = adult_in_relapse(conditions={Condition.ACTIVE_GVHD: False})
        eligible = screen(recorded, as_of=AS_OF, options=[local])
        assert eligible["example_hospital_cd22_pilot"].status is Status.ELIGIBLE


class TestJurisdiction:
    """US and EU are accepted as strings or enum members; anything else is refused."""

    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("US", Jurisdiction.US),
            ("EU", Jurisdiction.EU),
            (Jurisdiction.US, Jurisdiction.US),
            (Jurisdiction.EU, Jurisdiction.EU),
        ],
    )
    def test_accepted(self, given: JurisdictionCode | Jurisdiction, expected: Jurisdiction) -> None:
        """The report records the jurisdiction as an enum member."""
        report = screen(adult_in_relapse(), as_of=AS_OF, jurisdiction=given)
        assert report.jurisdiction is expected

    def test_default_is_us(self) -> None:
        """Without a jurisdiction, US labels apply."""
        assert screen(adult_in_relapse(), as_of=AS_OF).jurisdiction is Jurisdiction.US

    def test_uk_refused(self) -> None:
        """UK is refused with a RuleError naming the allowed values."""
        with pytest.raises(RuleError) as caught:
            screen(adult_in_relapse(), as_of=AS_OF, jurisdiction="UK")  # type: ignore[arg-type]
        assert str(caught.value) == "unknown jurisdiction 'UK' (allowed: US, EU)"

    def test_jurisdiction_decides_in_jurisdiction_leaves(self) -> None:
        """A US-only option is eligible under US labels and not under EU labels."""
        us_only = Option(
            id="us_only",
            kind=OptionKind.THERAPY,
            name="US only",
            citations=("test",),
            criteria=InJurisdiction(id="us", text="US label", jurisdictions=(Jurisdiction.US,)),
        )
        us = screen(Patient(), as_of=AS_OF, jurisdiction="US", options=[us_only])
        eu = screen(Patient(), as_of=AS_OF, jurisdiction="EU", options=[us_only])
        assert (us["us_only"].status, eu["us_only"].status) == (
            Status.ELIGIBLE,
            Status.NOT_ELIGIBLE,
        )


class TestOptionSelection:
    """Options are selected by id or by Option object; duplicates and unknown ids are refused."""

    def test_by_id_in_callers_order(self) -> None:
        """Selected ids are reported in the order given."""
        wanted = [CATALOGUE_IDS[-1], CATALOGUE_IDS[0]]
        report = screen(adult_in_relapse(), as_of=AS_OF, options=wanted)
        assert report.ids == tuple(wanted)

    def test_by_option_object(self) -> None:
        """A local trial loaded from JSON is screened as given."""
        local = _local_trial()
        report = screen(adult_in_relapse(), as_of=AS_OF, options=[local])
        assert report.ids == ("example_hospital_cd22_pilot",)
        assert report["example_hospital_cd22_pilot"].option == local

    def test_mixed(self) -> None:
        """Ids and objects can be mixed."""
        local = _local_trial()
        report = screen(adult_in_relapse(), as_of=AS_OF, options=[local, CATALOGUE_IDS[0]])
        assert report.ids == ("example_hospital_cd22_pilot", CATALOGUE_IDS[0])

    def test_duplicate_id_refused(self) -> None:
        """The same id twice is refused."""
        with pytest.raises(RuleError, match=f"option '{CATALOGUE_IDS[0]}' is selected twice"):
            screen(adult_in_relapse(), as_of=AS_OF, options=[CATALOGUE_IDS[0]] * 2)

    def test_duplicate_object_refused(self) -> None:
        """The same local trial twice is refused."""
        local = _local_trial()
        with pytest.raises(RuleError, match="'example_hospital_cd22_pilot' is selected twice"):
            screen(adult_in_relapse(), as_of=AS_OF, options=[local, local])

    def test_id_and_object_of_the_same_option_refused(self) -> None:
        """An id and an Option with that id are the same option."""
        first = default_ruleset().option(CATALOGUE_IDS[0])
        with pytest.raises(RuleError, match="selected twice"):
            screen(adult_in_relapse(), as_of=AS_OF, options=[first, CATALOGUE_IDS[0]])

    def test_unknown_id_refused(self) -> None:
        """An id the ruleset does not have is refused, naming it and the ruleset."""
        with pytest.raises(RuleError) as caught:
            screen(adult_in_relapse(), as_of=AS_OF, options=["no_such_option"])
        message = str(caught.value)
        assert message.startswith(f"{DEFAULT_RULESET_NAME} has no option 'no_such_option'")
        assert CATALOGUE_IDS[0] in message

    def test_empty_selection(self) -> None:
        """Selecting nothing gives an empty report."""
        report = screen(adult_in_relapse(), as_of=AS_OF, options=[])
        assert (report.ids, len(report)) == ((), 0)


class TestRuleset:
    """A ruleset is a value passed in; ``None`` is the default ruleset."""

    def test_default(self) -> None:
        """No ruleset given: the default one, the same value each time."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        assert (report.ruleset, report.ids) == (DEFAULT_RULESET_NAME, CATALOGUE_IDS)
        assert default_ruleset() is default_ruleset()
        assert screen(adult_in_relapse(), as_of=AS_OF, ruleset=default_ruleset()) == report

    def test_by_object(self) -> None:
        """A ruleset object of our own is screened as given, without registering it."""
        report = screen(adult_in_relapse(), as_of=AS_OF, ruleset=_small_ruleset())
        assert (report.ruleset, report.ruleset_version) == ("test-screening", "0.0.7")
        assert [(r.id, r.status) for r in report] == [
            ("b_lineage_therapy", Status.ELIGIBLE),
            ("always_trial", Status.ELIGIBLE),
        ]

    def test_option_ids_select_from_the_given_ruleset(self) -> None:
        """Ids are looked up in the ruleset given."""
        report = screen(
            adult_in_relapse(), as_of=AS_OF, ruleset=_small_ruleset(), options=["always_trial"]
        )
        assert report.ids == ("always_trial",)

    @pytest.mark.parametrize("wrong", ["review-2022-12", 3, default_ruleset().options])
    def test_not_a_ruleset_refused(self, wrong: object) -> None:
        """A ruleset name (there is no registry) or any other non-ruleset is refused."""
        with pytest.raises(ArgumentError) as caught:
            screen(adult_in_relapse(), as_of=AS_OF, ruleset=wrong)  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["ruleset"]
        assert "default_ruleset()" in caught.value.problems[0].message


class TestTime:
    """Screening happens as of a date: nothing after it counts, and birth must precede it."""

    def test_as_of_before_birth(self) -> None:
        """A date of birth after as_of is a ChronologyError that does not show the date."""
        patient = Patient(date_of_birth=date(1977, 3, 14))
        with pytest.raises(ChronologyError) as caught:
            screen(patient, as_of=date(1977, 3, 13))
        assert [p.path for p in caught.value.problems] == ["date_of_birth"]
        assert "1977" not in str(caught.value)

    def test_as_of_on_birthday(self) -> None:
        """Screening on the day of birth is allowed."""
        patient = Patient(date_of_birth=date(1977, 3, 14))
        report = screen(patient, as_of=date(1977, 3, 14), ruleset=_small_ruleset())
        assert report.as_of == date(1977, 3, 14)

    def test_events_after_as_of_ignored(self) -> None:
        """As of 25 days before AS_OF, a record with later events screens like one without them."""
        earlier = AS_OF - timedelta(days=25)
        full = adult_in_relapse(in_remission=True)
        before_events = adult_in_relapse(in_remission=False)
        before_events = attrs.evolve(
            before_events,
            labs=(),
            disease=attrs.evolve(before_events.disease, markers=(), cns=()),
        )
        assert derive_facts(full, as_of=AS_OF)["in_remission"] is True
        assert derive_facts(full, as_of=earlier)["in_remission"] is False
        assert derive_facts(full, as_of=earlier) == derive_facts(before_events, as_of=earlier)
        for jurisdiction in ("US", "EU"):
            assert screen(full, as_of=earlier, jurisdiction=jurisdiction).to_dict(
                evidence=True
            ) == screen(before_events, as_of=earlier, jurisdiction=jurisdiction).to_dict(
                evidence=True
            )

    def test_lab_results_after_as_of_ignored(self) -> None:
        """A platelet count dated after as_of does not change the screening as of before it."""
        patient = adult_in_relapse()
        later = attrs.evolve(
            patient,
            labs=(
                *patient.labs,
                allmodel.LabResult(
                    analyte=allmodel.model.Analyte.PLATELETS,
                    value=3,
                    unit="10^9/L",
                    date=AS_OF + timedelta(days=1),
                ),
            ),
        )
        assert screen(later, as_of=AS_OF).to_dict(evidence=True) == screen(
            patient, as_of=AS_OF
        ).to_dict(evidence=True)


class TestReportRecords:
    """A report records the library version, the ruleset and the date it describes."""

    def test_records(self) -> None:
        """library_version, ruleset name and version, as_of and jurisdiction are recorded."""
        report = screen(adult_in_relapse(), as_of=AS_OF, jurisdiction="EU")
        ruleset = default_ruleset()
        assert report.library_version == allmodel.__version__
        assert (report.ruleset, report.ruleset_version) == (ruleset.name, ruleset.version)
        assert (report.as_of, report.jurisdiction) == (AS_OF, Jurisdiction.EU)

    def test_screen_facts_equals_screen(self) -> None:
        """Screening derived facts gives the same report as screening the patient."""
        patient = adult_in_relapse()
        direct = screen(patient, as_of=AS_OF, jurisdiction="EU")
        from_facts = screen_facts(derive_facts(patient, as_of=AS_OF), jurisdiction="EU")
        assert from_facts.to_dict(evidence=True) == direct.to_dict(evidence=True)

    def test_report_is_immutable(self) -> None:
        """Neither a report nor a result can be changed."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            report.as_of = date(2000, 1, 1)  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            report.results[0].status = Status.ELIGIBLE  # type: ignore[misc]

    def test_results_are_a_tuple(self) -> None:
        """The results cannot be appended to."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        assert type(report.results) is tuple
        with pytest.raises(AttributeError, match="append"):
            report.results.append(report.results[0])  # type: ignore[attr-defined]

    def test_unknown_option_lookup(self) -> None:
        """Looking up an option the report does not have is a RuleError."""
        report = screen(adult_in_relapse(), as_of=AS_OF, ruleset=_small_ruleset())
        with pytest.raises(RuleError, match="the report has no option 'nope'"):
            report["nope"]

    def test_deterministic(self) -> None:
        """Two screenings of equal patients give equal reports."""
        first = screen(adult_in_relapse(), as_of=AS_OF)
        second = screen(adult_in_relapse(), as_of=AS_OF)
        assert first == second
        assert first.to_dict(evidence=True) == second.to_dict(evidence=True)

    def test_identifiers_do_not_matter(self) -> None:
        """Identifiers and sensitive fields never change a screening."""
        patient = adult_in_relapse()
        named = attrs.evolve(patient, identifiers=(Identifier(system="mrn", value="MRN-1"),))
        assert screen(named, as_of=AS_OF) == screen(patient, as_of=AS_OF)


class TestScreenFacts:
    """screen_facts screens facts derived once, and refuses facts its options did not get."""

    def test_narrow_facts_for_the_options_that_read_them(self) -> None:
        """Facts derived for the lineage alone screen an option on the lineage."""
        facts = derive_facts(adult_in_relapse(), as_of=AS_OF, needed={"lineage"})
        report = screen_facts(facts, ruleset=_small_ruleset())
        assert [(r.id, r.status) for r in report] == [
            ("b_lineage_therapy", Status.ELIGIBLE),
            ("always_trial", Status.ELIGIBLE),
        ]

    def test_underived_facts_refused(self) -> None:
        """An option reading a fact that was not derived is refused, naming the fact."""
        ecog = Option(
            id="ecog_option",
            kind=OptionKind.THERAPY,
            name="ECOG option",
            citations=("test",),
            criteria=Threshold(id="ecog", text="ECOG 0-2", fact="ecog", op=Op.LE, value=2),
        )
        facts = derive_facts(adult_in_relapse(), as_of=AS_OF, needed={"lineage"})
        with pytest.raises(RuleError) as caught:
            screen_facts(facts, ruleset=_small_ruleset(), options=["b_lineage_therapy", ecog])
        assert str(caught.value) == "these facts were not derived: ecog"


class TestPartialDerivation:
    """screen derives only the facts its options can read, with the same results and reasons."""

    @settings(max_examples=60, deadline=None)
    @given(
        patient=gen.patients(),
        as_of=gen.dates(date(2000, 1, 1), gen.LATEST),
        chosen=st.lists(st.sampled_from(CATALOGUE_IDS), min_size=1, max_size=4, unique=True),
        jurisdiction=st.sampled_from(["US", "EU"]),
    )
    def test_same_as_full_facts(
        self, patient: Patient, as_of: date, chosen: list[str], jurisdiction: JurisdictionCode
    ) -> None:
        """Status, failed and unknown criteria and missing fields match screening all facts."""
        assume(patient.date_of_birth is None or patient.date_of_birth <= as_of)
        options: list[str | Option] = [*chosen, _local_trial()]
        narrow = screen(patient, as_of=as_of, jurisdiction=jurisdiction, options=options)
        full = screen_facts(
            derive_facts(patient, as_of=as_of), jurisdiction=jurisdiction, options=options
        )
        assert [_explained(r) for r in narrow] == [_explained(r) for r in full]

    @pytest.mark.parametrize("jurisdiction", ["US", "EU"])
    @pytest.mark.parametrize(("name", "patient"), CORPUS[:4], ids=CORPUS_IDS[:4])
    def test_alone_same_as_with_the_catalogue(
        self, name: str, patient: Patient, jurisdiction: JurisdictionCode
    ) -> None:
        """Each option screened alone is explained as when screened with every other one."""
        together = screen(patient, as_of=AS_OF, jurisdiction=jurisdiction)
        alone = [
            screen(patient, as_of=AS_OF, jurisdiction=jurisdiction, options=[option_id])
            for option_id in together.ids
        ]
        assert [_explained(report.results[0]) for report in alone] == [
            _explained(result) for result in together
        ]


def _explained(result: OptionResult) -> tuple[str, Status, list[str], list[str], tuple[str, ...]]:
    """A result's status and explanation, for comparisons."""
    return (
        result.id,
        result.status,
        [node.id for node in result.failed],
        [node.id for node in result.unknown],
        result.missing,
    )


class TestScreenMany:
    """screen_many screens each patient like screen, in order."""

    def test_same_as_screen(self) -> None:
        """Each report equals the one screen gives, in the input order."""
        patients = [patient for _, patient in CORPUS[:5]]
        reports = screen_many(iter(patients), as_of=AS_OF, jurisdiction="EU")
        assert [r.to_dict() for r in reports] == [
            screen(p, as_of=AS_OF, jurisdiction="EU").to_dict() for p in patients
        ]

    def test_options_and_ruleset_passed_on(self) -> None:
        """The ruleset and option selection apply to every patient."""
        reports = screen_many(
            [adult_in_relapse(), Patient()],
            as_of=AS_OF,
            ruleset=_small_ruleset(),
            options=["b_lineage_therapy"],
        )
        assert [(r.ruleset, r.ids, r.results[0].status) for r in reports] == [
            ("test-screening", ("b_lineage_therapy",), Status.ELIGIBLE),
            ("test-screening", ("b_lineage_therapy",), Status.UNKNOWN),
        ]

    def test_empty(self) -> None:
        """No patients, no reports."""
        assert list(screen_many([], as_of=AS_OF)) == []

    def test_lazy(self) -> None:
        """Reports come one at a time: a patient is read only when its report is asked for."""
        read: list[int] = []

        def patients() -> Iterator[Patient]:
            for index in range(3):
                read.append(index)
                yield adult_in_relapse()

        reports = screen_many(patients(), as_of=AS_OF)
        assert isinstance(reports, Iterator)
        assert read == []
        first = next(reports)
        assert read == [0]
        assert first.to_dict() == screen(adult_in_relapse(), as_of=AS_OF).to_dict()
        assert len(list(reports)) == 2
        assert read == [0, 1, 2]

    def test_refused_at_the_call(self) -> None:
        """A bad option is refused when screen_many is called, before any patient is read."""

        class Unread:
            def __iter__(self) -> Iterator[Patient]:
                return self

            def __next__(self) -> Patient:
                raise AssertionError("no patient should be read")

        with pytest.raises(RuleError, match="no_such_option"):
            screen_many(Unread(), as_of=AS_OF, options=["no_such_option"])

    def test_refusals_apply(self) -> None:
        """A bad jurisdiction is refused in bulk too."""
        with pytest.raises(RuleError, match="allowed: US, EU"):
            screen_many([adult_in_relapse()], as_of=AS_OF, jurisdiction="UK")  # type: ignore[arg-type]


class TestArgumentTypes:
    """Arguments of the wrong type are refused with the library's error, naming them."""

    @pytest.mark.parametrize("as_of", [datetime(2022, 12, 31, 9, 30), "2022-12-31", None])
    def test_as_of_must_be_a_date(self, as_of: object) -> None:
        """A datetime (or a string) is refused at 'as_of' before any derivation runs."""
        for run in (
            lambda: screen(adult_in_relapse(), as_of=as_of),  # type: ignore[arg-type]
            lambda: screen_many([adult_in_relapse()], as_of=as_of),  # type: ignore[arg-type]
            lambda: derive_facts(adult_in_relapse(), as_of=as_of),  # type: ignore[arg-type]
            lambda: course_view(adult_in_relapse(), as_of=as_of),  # type: ignore[arg-type]
        ):
            with pytest.raises(ArgumentError) as caught:
                run()
            assert [p.path for p in caught.value.problems] == ["as_of"]
            assert isinstance(caught.value, TypeError)
            assert "must be a datetime.date" in str(caught.value)

    def test_a_date_is_accepted(self) -> None:
        """The plain date of the same day screens."""
        assert screen(adult_in_relapse(), as_of=AS_OF).as_of == AS_OF

    def test_options_as_a_string_refused(self) -> None:
        """'blinatumomab' is not the options b, l, i, ...: refused at 'options'."""
        with pytest.raises(ArgumentError) as caught:
            screen(adult_in_relapse(), as_of=AS_OF, options="blinatumomab")
        assert [p.path for p in caught.value.problems] == ["options"]
        assert "['blinatumomab']" in str(caught.value)
        one = screen(adult_in_relapse(), as_of=AS_OF, options=["blinatumomab"])
        assert [result.id for result in one.results] == ["blinatumomab"]

    @pytest.mark.parametrize("status", list(Status))
    def test_with_status_takes_the_value(self, status: Status) -> None:
        """with_status('unknown') is with_status(Status.UNKNOWN), for every status."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        assert report.with_status(status.value) == report.with_status(status)
        assert report.with_status("unknown") == report.with_status(Status.UNKNOWN)
        assert report.with_status(status) == tuple(
            result for result in report.results if result.status is status
        )

    def test_with_status_refuses_a_misspelling(self) -> None:
        """A misspelt status is an error, never an empty tuple."""
        report = screen(adult_in_relapse(), as_of=AS_OF)
        with pytest.raises(RuleError, match="unknown status 'eligable'"):
            report.with_status("eligable")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("given", "expected"),
        [("US", Jurisdiction.US), ("EU", Jurisdiction.EU), (Jurisdiction.EU, Jurisdiction.EU)],
    )
    def test_jurisdiction_of(
        self, given: JurisdictionCode | Jurisdiction, expected: Jurisdiction
    ) -> None:
        """Jurisdiction.of reads a member or its code."""
        assert Jurisdiction.of(given) is expected

    @pytest.mark.parametrize("given", ["us", "UK", ""])
    def test_jurisdiction_of_refuses_others(self, given: str) -> None:
        """Lower case or another country is refused, naming the allowed codes."""
        with pytest.raises(RuleError, match=r"allowed: US, EU"):
            Jurisdiction.of(given)  # type: ignore[arg-type]
