"""Golden vignettes for the therapy options (review, with US and EU labels as of 2022-12-31).

Every expected status is written by hand from the review, REFERENCE.md and REFERENCE-A;
a class per option, with an eligible, a not-eligible and an unknown patient at least, and
the named boundaries (ages, months, MRD level, TKI counts) at, below and above each cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

import allmodel
from allmodel import Agent, MarkerResult, MrdResult, Patient
from allmodel.catalogue import THERAPIES, THERAPY_IDS
from allmodel.criteria import All, Context, JurisdictionCode, Truth, evaluate, walk
from allmodel.facts import derive_facts, fact_index
from allmodel.model import (
    BestResponse,
    CnsStatus,
    Intent,
    Lineage,
    Marker,
    MrdMethod,
    PhStatus,
    RelapseSite,
    Serostatus,
    StopReason,
)
from allmodel.report import OptionResult, Status
from allmodel.screening import screen_facts
from tests.builders import AS_OF, adult_in_relapse, failed_ids, with_course, with_disease

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN

Salvage = tuple[Sequence[Agent], BestResponse | None, StopReason | None]


def result(patient: Patient, option: str, jurisdiction: JurisdictionCode = "US") -> OptionResult:
    """The screening result of one option for one patient on AS_OF."""
    return allmodel.screen(patient, as_of=AS_OF, jurisdiction=jurisdiction, options=[option])[
        option
    ]


def status(patient: Patient, option: str, jurisdiction: JurisdictionCode = "US") -> Status:
    """The screening status of one option."""
    return result(patient, option, jurisdiction).status


def failed(patient: Patient, option: str, jurisdiction: JurisdictionCode = "US") -> set[str]:
    """Ids of the criteria that made the option not eligible."""
    found = result(patient, option, jurisdiction)
    assert found.status is NOT_ELIGIBLE
    return set(failed_ids(found.failed))


def missing(
    patient: Patient, option: str, jurisdiction: JurisdictionCode = "US"
) -> tuple[str, ...]:
    """The model fields that keep the option unknown."""
    found = result(patient, option, jurisdiction)
    assert found.status is UNKNOWN
    return found.missing


def with_fact(
    patient: Patient, option: str, jurisdiction: JurisdictionCode = "US", **values: object
) -> Status:
    """The status with some derived facts replaced (for cuts no valid record can reach)."""
    facts = derive_facts(patient, as_of=AS_OF)
    lows, highs = list(facts.values), list(facts.upper)
    for name, value in values.items():
        lows[fact_index(name)] = highs[fact_index(name)] = value
    changed = attrs.evolve(facts, values=tuple(lows), upper=tuple(highs))
    return screen_facts(changed, jurisdiction=jurisdiction, options=[option])[option].status


def ph_positive(
    failed_tkis: Sequence[Agent] = (),
    *,
    stop: StopReason = StopReason.RESISTANCE,
    t315i: bool | None = False,
    **changes: Any,
) -> Patient:
    """A Ph-positive adult in first relapse whose salvage TKIs each failed in turn."""
    response = BestResponse.NO_RESPONSE if stop is StopReason.RESISTANCE else BestResponse.PR
    salvage: list[Salvage] = [((agent,), response, stop) for agent in failed_tkis]
    return adult_in_relapse(ph=PhStatus.POSITIVE, t315i=t315i, salvage=salvage, **changes)


def in_remission(mrd_level: float | None = None, **changes: Any) -> Patient:
    """An adult in second remission (CR 20 days before AS_OF), MRD 10 days before AS_OF."""
    return adult_in_relapse(in_remission=True, mrd_level=mrd_level, **changes)


def relapse_after_hct(**changes: Any) -> Patient:
    """An adult in first relapse 8 months after an allogeneic HCT in first remission."""
    return adult_in_relapse(allo_hct_months_before_relapse=8, **changes)


def primary_refractory(**changes: Any) -> Patient:
    """An adult whose frontline induction failed (never in remission)."""
    return adult_in_relapse(primary_refractory=True, **changes)


def undetermined_phase() -> Patient:
    """A record whose disease phase cannot be told: induction ongoing, no response yet."""
    start = AS_OF - timedelta(days=20)
    frontline = attrs.evolve(
        adult_in_relapse().course.treatment_lines[0],
        start=start,
        end=None,
        best_response=None,
        stop_reason=None,
    )
    return with_course(
        adult_in_relapse(history_complete=None),
        treatment_lines=(frontline,),
        remissions=(),
        relapses=(),
        transplants=(),
    )


def marker(which: Marker, days_before: int, *, positive: bool = True) -> MarkerResult:
    """A CD19 or CD22 result taken ``days_before`` AS_OF."""
    return MarkerResult(
        marker=which,
        date=AS_OF - timedelta(days=days_before),
        percent_positive=95 if positive else 1,
        positive=positive,
    )


def end_initial_therapy_earlier(patient: Patient, days: int) -> Patient:
    """The patient with the frontline line ending ``days`` earlier."""
    lines = patient.course.treatment_lines
    first = lines[0]
    assert first.end is not None
    moved = attrs.evolve(first, end=first.end - timedelta(days=days))
    return with_course(patient, treatment_lines=(moved, *lines[1:]))


def mrd_on(patient: Patient, days_before: int, level: float) -> Patient:
    """The patient with one flow MRD result (sensitivity 1e-4) ``days_before`` AS_OF."""
    result = MrdResult(
        date=AS_OF - timedelta(days=days_before),
        method=MrdMethod.FLOW_CYTOMETRY,
        level=level,
        sensitivity=1e-4,
    )
    return attrs.evolve(patient, mrd=(result,))


_FRONTLINE_AGENTS = (
    Agent.CYCLOPHOSPHAMIDE,
    Agent.VINCRISTINE,
    Agent.DOXORUBICIN,
    Agent.DEXAMETHASONE,
    Agent.METHOTREXATE,
    Agent.CYTARABINE,
)
FAILED_SALVAGE: Salvage = ((Agent.CYTARABINE, Agent.IDARUBICIN), BestResponse.NO_RESPONSE, None)
BLINATUMOMAB_FAILED: Salvage = ((Agent.BLINATUMOMAB,), BestResponse.NO_RESPONSE, None)
INOTUZUMAB_FAILED: Salvage = ((Agent.INOTUZUMAB_OZOGAMICIN,), BestResponse.NO_RESPONSE, None)


class TestCatalogue:
    """The therapy options as a whole."""

    def test_ids_in_catalogue_order(self) -> None:
        """THERAPIES holds every therapy id of the catalogue, in THERAPY_IDS order."""
        assert tuple(option.id for option in THERAPIES) == THERAPY_IDS

    def test_every_option_cited_and_annotated(self) -> None:
        """Every option has citations and notes, and is a therapy."""
        for option in THERAPIES:
            assert option.citations, option.id
            assert option.notes, option.id
            assert option.kind.value == "therapy"

    def test_every_node_cited(self) -> None:
        """Every criterion node has a text and at least one citation."""
        for option in THERAPIES:
            for node in walk(option.criteria):
                assert node.text.strip(), (option.id, node.id)
                assert node.citations, (option.id, node.id)

    def test_default_ruleset_holds_them(self) -> None:
        """The default ruleset starts with the therapy options."""
        ruleset = allmodel.default_ruleset()
        assert ruleset.ids[: len(THERAPY_IDS)] == THERAPY_IDS

    def test_modules_stay_small(self) -> None:
        """Each module of the therapies package stays well under 500 lines."""
        package = Path(allmodel.catalogue._therapies.__file__).parent
        for module in package.glob("*.py"):
            assert len(module.read_text(encoding="utf-8").splitlines()) < 500, module.name


class TestBlinatumomab:
    """Blinatumomab for relapsed or refractory B-precursor ALL (refs 7-21; REFERENCE-A B.1)."""

    def test_ph_negative_relapse_eligible_us_and_eu(self) -> None:
        """An adult with Ph-negative CD19-positive B-ALL in relapse is eligible in both."""
        assert status(adult_in_relapse(), "blinatumomab", "US") is ELIGIBLE
        assert status(adult_in_relapse(), "blinatumomab", "EU") is ELIGIBLE

    def test_t_lineage_not_eligible(self) -> None:
        """T-lineage ALL is not eligible."""
        patient = adult_in_relapse(lineage=Lineage.T)
        assert "b_precursor" in failed(patient, "blinatumomab")

    def test_in_remission_not_eligible(self) -> None:
        """A patient in remission is not eligible for the relapsed/refractory indication."""
        assert "relapsed_or_refractory" in failed(in_remission(), "blinatumomab")

    def test_cd19_negative_after_blinatumomab(self) -> None:
        """CD19 lost after blinatumomab (result after the line) is not eligible."""
        patient = adult_in_relapse(cd19=False, salvage=[BLINATUMOMAB_FAILED])
        assert failed(patient, "blinatumomab") == {"cd19_positive"}

    def test_cd19_result_older_than_blinatumomab(self) -> None:
        """A positive CD19 result taken before the blinatumomab line is unknown."""
        patient = adult_in_relapse(salvage=[BLINATUMOMAB_FAILED])
        patient = with_disease(patient, markers=(marker(Marker.CD19, 60),))
        assert missing(patient, "blinatumomab") == ("disease.markers[CD19].positive",)

    def test_cd19_not_recorded_unknown(self) -> None:
        """No CD19 result at all is unknown, naming the CD19 marker."""
        assert missing(adult_in_relapse(cd19=None), "blinatumomab") == (
            "disease.markers[CD19].positive",
        )

    def test_us_ph_positive_without_tki_failure_eligible(self) -> None:
        """The US label covers Ph-positive disease whatever the TKI history."""
        assert status(ph_positive(), "blinatumomab", "US") is ELIGIBLE

    def test_us_ph_positive_one_failed_tki_eligible(self) -> None:
        """US: Ph-positive with one failed TKI is eligible."""
        assert status(ph_positive([Agent.IMATINIB]), "blinatumomab", "US") is ELIGIBLE

    def test_eu_ph_positive_one_failed_tki_not_eligible(self) -> None:
        """EU: Ph-positive with one failed TKI (below the 2 of the label) is not eligible."""
        ids = failed(ph_positive([Agent.IMATINIB]), "blinatumomab", "EU")
        assert "eu_two_tkis_failed" in ids
        assert "jurisdiction_us" in ids

    def test_eu_ph_positive_two_failed_tkis_eligible(self) -> None:
        """EU: Ph-positive after two failed TKIs (at the cut), no alternative: eligible."""
        patient = ph_positive([Agent.IMATINIB, Agent.DASATINIB], no_alternative=True)
        assert status(patient, "blinatumomab", "EU") is ELIGIBLE

    def test_eu_ph_positive_three_failed_tkis_eligible(self) -> None:
        """EU: Ph-positive after three failed TKIs (above the cut) is eligible."""
        patient = ph_positive(
            [Agent.IMATINIB, Agent.DASATINIB, Agent.PONATINIB], no_alternative=True
        )
        assert status(patient, "blinatumomab", "EU") is ELIGIBLE

    def test_eu_ph_positive_no_alternative_unrecorded_unknown(self) -> None:
        """EU: the label's "no alternative treatment" is a recorded judgement; without it
        the result is unknown, never eligible (audit: a silent label condition)."""
        patient = ph_positive([Agent.IMATINIB, Agent.DASATINIB])
        assert missing(patient, "blinatumomab", "EU") == ("no_alternative_treatment",)

    def test_eu_ph_positive_alternative_available_not_eligible(self) -> None:
        """EU: with an alternative available (judged so), Ph-positive is not eligible."""
        patient = ph_positive([Agent.IMATINIB, Agent.DASATINIB], no_alternative=False)
        assert "eu_no_alternative_treatment" in failed(patient, "blinatumomab", "EU")

    def test_eu_ph_positive_stale_judgement_unknown(self) -> None:
        """EU: a "no alternative" judgement older than the 28-day window is unknown."""
        patient = ph_positive(
            [Agent.IMATINIB, Agent.DASATINIB],
            no_alternative=True,
            assessed=AS_OF - timedelta(days=29),
        )
        assert "no_alternative_treatment" in missing(patient, "blinatumomab", "EU")

    def test_us_ph_positive_needs_no_judgement(self) -> None:
        """US: the label covers Ph-positive disease without the EU judgement."""
        patient = ph_positive([Agent.IMATINIB])
        assert status(patient, "blinatumomab", "US") is ELIGIBLE

    def test_eu_one_failed_tki_incomplete_history_unknown(self) -> None:
        """EU: one failed TKI in an incomplete history is only a lower bound: unknown."""
        patient = ph_positive([Agent.IMATINIB], history_complete=None)
        assert "course.treatment_lines" in missing(patient, "blinatumomab", "EU")

    def test_ph_unknown_eu_unknown_us_eligible(self) -> None:
        """An unrecorded Ph status is unknown in the EU and does not matter in the US."""
        patient = adult_in_relapse(ph=None)
        assert "disease.philadelphia" in missing(patient, "blinatumomab", "EU")
        assert status(patient, "blinatumomab", "US") is ELIGIBLE

    def test_eu_age_18_eligible(self) -> None:
        """EU: an 18-year-old (adult indication) in first relapse is eligible."""
        assert status(adult_in_relapse(age=18), "blinatumomab", "EU") is ELIGIBLE

    def test_eu_age_17_first_relapse_after_one_regimen_not_eligible(self) -> None:
        """EU: at 17 the paediatric indication needs refractory disease or 2 prior therapies."""
        ids = failed(adult_in_relapse(age=17), "blinatumomab", "EU")
        assert {"eu_adult", "eu_child_two_prior_regimens"} <= ids

    def test_eu_age_17_second_relapse_eligible(self) -> None:
        """EU: at 17, relapsed after frontline and salvage therapy, the paediatric label applies."""
        assert status(adult_in_relapse(age=17, relapses=2), "blinatumomab", "EU") is ELIGIBLE

    def test_eu_age_17_refractory_eligible(self) -> None:
        """EU: at 17, refractory to salvage, the paediatric indication applies."""
        patient = adult_in_relapse(age=17, salvage=[FAILED_SALVAGE])
        assert status(patient, "blinatumomab", "EU") is ELIGIBLE

    def test_eu_age_17_relapse_after_hct_eligible(self) -> None:
        """EU: at 17, relapse after allogeneic HCT is within the paediatric indication."""
        assert status(relapse_after_hct(age=17), "blinatumomab", "EU") is ELIGIBLE

    def test_eu_age_17_primary_refractory_eligible(self) -> None:
        """EU: at 17, refractory to induction (no salvage yet, one regimen, never in
        relapse): refractory disease alone is within the paediatric indication."""
        assert status(primary_refractory(age=17), "blinatumomab", "EU") is ELIGIBLE

    def test_eu_child_ph_positive_not_eligible(self) -> None:
        """EU: the paediatric indication is Ph-negative only."""
        patient = ph_positive([Agent.IMATINIB, Agent.DASATINIB], age=17)
        assert "eu_child_ph_negative" in failed(patient, "blinatumomab", "EU")

    def test_eu_child_age_cut_at_1(self) -> None:
        """EU paediatric branch: age 1 eligible, age 0 not (facts set directly)."""
        patient = relapse_after_hct(age=17)
        assert with_fact(patient, "blinatumomab", "EU", age_years=1) is ELIGIBLE
        assert with_fact(patient, "blinatumomab", "EU", age_years=2) is ELIGIBLE
        assert with_fact(patient, "blinatumomab", "EU", age_years=0) is NOT_ELIGIBLE

    def test_us_age_17_eligible(self) -> None:
        """US: no age cut in the label."""
        assert status(adult_in_relapse(age=17), "blinatumomab", "US") is ELIGIBLE


class TestBlinatumomabMrd:
    """Blinatumomab for MRD-positive remission (refs 18-20; REFERENCE-A A.2; decision 4)."""

    def test_mrd_at_cut_eligible(self) -> None:
        """MRD exactly 1e-3 (inclusive) in second remission is eligible in US and EU."""
        assert status(in_remission(1e-3), "blinatumomab_mrd", "US") is ELIGIBLE
        assert status(in_remission(1e-3), "blinatumomab_mrd", "EU") is ELIGIBLE

    def test_mrd_above_cut_eligible(self) -> None:
        """MRD 1.1e-3 is eligible."""
        assert status(in_remission(1.1e-3), "blinatumomab_mrd") is ELIGIBLE

    def test_mrd_just_below_cut_not_eligible(self) -> None:
        """MRD 9.9e-4 (just below 0.1 %) is not eligible."""
        assert failed(in_remission(9.9e-4), "blinatumomab_mrd") == {"mrd_at_least_0.1_percent"}

    def test_mrd_unknown(self) -> None:
        """No MRD result in remission is unknown, naming the MRD record."""
        assert missing(in_remission(None), "blinatumomab_mrd") == ("mrd", "course.remissions")

    def test_in_relapse_not_eligible(self) -> None:
        """A patient in relapse is not in complete remission."""
        patient = adult_in_relapse(mrd_level=0.05)
        assert "in_complete_remission" in failed(patient, "blinatumomab_mrd")

    def test_mrd_from_before_this_remission_not_counted(self) -> None:
        """An MRD result older than the current remission does not count: unknown."""
        patient = mrd_on(in_remission(), 25, 0.01)
        assert status(patient, "blinatumomab_mrd") is UNKNOWN
        assert missing(patient, "blinatumomab_mrd") == ("mrd", "course.remissions")

    def test_third_remission_not_eligible(self) -> None:
        """A third remission (two relapses) is outside first or second remission."""
        patient = in_remission(1e-2, relapses=2)
        assert failed(patient, "blinatumomab_mrd") == {"first_or_second_cr"}

    def test_first_remission_eligible(self) -> None:
        """A first remission with MRD (after primary induction failure) is eligible."""
        patient = primary_refractory(salvage=[((Agent.CYTARABINE,), None, StopReason.COMPLETED)])
        patient = with_course(
            patient,
            remissions=(
                allmodel.Remission(
                    kind=allmodel.model.RemissionKind.CR, date=AS_OF - timedelta(days=20)
                ),
            ),
        )
        patient = mrd_on(patient, 10, 2e-3)
        assert status(patient, "blinatumomab_mrd") is ELIGIBLE

    def test_cd19_negative_not_eligible(self) -> None:
        """CD19-negative blasts are not eligible."""
        assert "cd19_positive" in failed(in_remission(1e-2, cd19=False), "blinatumomab_mrd")

    def test_eu_ph_positive_not_eligible_us_eligible(self) -> None:
        """The EU MRD indication is Ph-negative only; the US one is not."""
        patient = in_remission(1e-2, ph=PhStatus.POSITIVE)
        assert "eu_ph_negative" in failed(patient, "blinatumomab_mrd", "EU")
        assert status(patient, "blinatumomab_mrd", "US") is ELIGIBLE

    def test_eu_age_17_not_eligible_us_eligible(self) -> None:
        """The EU MRD indication is for adults; the US one includes children."""
        patient = in_remission(1e-2, age=17)
        assert "eu_adult" in failed(patient, "blinatumomab_mrd", "EU")
        assert status(patient, "blinatumomab_mrd", "US") is ELIGIBLE


class TestInotuzumabOzogamicin:
    """Inotuzumab ozogamicin (refs 10, 22-25; REFERENCE-A B.2)."""

    def test_cd22_positive_relapse_eligible(self) -> None:
        """CD22-positive Ph-negative B-ALL in relapse is eligible in US and EU."""
        assert status(adult_in_relapse(), "inotuzumab_ozogamicin", "US") is ELIGIBLE
        assert status(adult_in_relapse(), "inotuzumab_ozogamicin", "EU") is ELIGIBLE

    def test_cd22_negative_not_eligible(self) -> None:
        """CD22-negative blasts are not eligible."""
        patient = adult_in_relapse(cd22=False, cd22_percent=1)
        assert failed(patient, "inotuzumab_ozogamicin") == {"cd22_positive"}

    def test_cd22_unknown(self) -> None:
        """No CD22 result is unknown, naming the CD22 marker."""
        patient = adult_in_relapse(cd22=None)
        assert missing(patient, "inotuzumab_ozogamicin") == ("disease.markers[CD22].positive",)

    def test_cd22_result_older_than_inotuzumab(self) -> None:
        """A CD22 result taken before an inotuzumab line is unknown (antigen loss)."""
        patient = adult_in_relapse(salvage=[INOTUZUMAB_FAILED])
        patient = with_disease(patient, markers=(marker(Marker.CD19, 2), marker(Marker.CD22, 60)))
        assert missing(patient, "inotuzumab_ozogamicin") == ("disease.markers[CD22].positive",)

    def test_t_lineage_not_eligible(self) -> None:
        """T-lineage ALL is not eligible."""
        patient = adult_in_relapse(lineage=Lineage.T)
        assert "b_precursor" in failed(patient, "inotuzumab_ozogamicin")

    def test_age_cut_18(self) -> None:
        """Both labels were for adults on 2022-12-31: 17 no, 18 and 19 yes."""
        assert "adult" in failed(adult_in_relapse(age=17), "inotuzumab_ozogamicin")
        assert status(adult_in_relapse(age=18), "inotuzumab_ozogamicin") is ELIGIBLE
        assert status(adult_in_relapse(age=19), "inotuzumab_ozogamicin") is ELIGIBLE

    @pytest.mark.parametrize(
        ("labs", "eligible"),
        [
            ({"bilirubin_x_uln": 1.4}, True),
            ({"bilirubin_x_uln": 1.5}, True),
            ({"bilirubin_x_uln": 1.6}, False),
            ({"ast_x_uln": 2.4}, True),
            ({"ast_x_uln": 2.5}, True),
            ({"ast_x_uln": 2.6}, False),
            ({"alt_x_uln": 2.4}, True),
            ({"alt_x_uln": 2.5}, True),
            ({"alt_x_uln": 2.6}, False),
        ],
    )
    def test_hepatic_cuts(self, labs: dict[str, float | None], eligible: bool) -> None:
        """Label dose conditions: bilirubin <= 1.5 x ULN, AST and ALT <= 2.5 x ULN, each
        inclusive; just above one of them (the others normal) is not eligible."""
        patient = adult_in_relapse(lab_overrides=labs)
        if eligible:
            assert status(patient, "inotuzumab_ozogamicin") is ELIGIBLE
        else:
            names = {
                "bilirubin_x_uln": "bilirubin_at_most_1.5_uln",
                "ast_x_uln": "ast_at_most_2.5_uln",
                "alt_x_uln": "alt_at_most_2.5_uln",
            }
            assert failed(patient, "inotuzumab_ozogamicin") == {names[next(iter(labs))]}

    def test_prior_sinusoidal_obstruction_not_eligible(self) -> None:
        """A recorded episode of sinusoidal obstruction syndrome, liver tests normal:
        not eligible."""
        patient = adult_in_relapse(sos=True)
        assert failed(patient, "inotuzumab_ozogamicin") == {"not_sinusoidal_obstruction_syndrome"}

    def test_eu_ph_positive_without_failed_tki_not_eligible(self) -> None:
        """EU: Ph-positive without a failed TKI (0, below 1) is not eligible."""
        assert "eu_one_tki_failed" in failed(ph_positive(), "inotuzumab_ozogamicin", "EU")

    def test_eu_ph_positive_one_failed_tki_eligible(self) -> None:
        """EU: Ph-positive after one failed TKI (at the cut) is eligible."""
        patient = ph_positive([Agent.IMATINIB])
        assert status(patient, "inotuzumab_ozogamicin", "EU") is ELIGIBLE

    def test_eu_ph_positive_two_failed_tkis_eligible(self) -> None:
        """EU: Ph-positive after two failed TKIs (above the cut) is eligible."""
        patient = ph_positive([Agent.IMATINIB, Agent.DASATINIB])
        assert status(patient, "inotuzumab_ozogamicin", "EU") is ELIGIBLE

    def test_us_ph_positive_without_failed_tki_eligible(self) -> None:
        """US: the label has no TKI condition."""
        assert status(ph_positive(), "inotuzumab_ozogamicin", "US") is ELIGIBLE

    def test_eu_ph_positive_incomplete_history_unknown(self) -> None:
        """EU: Ph-positive with no TKI recorded in an incomplete history is unknown."""
        patient = ph_positive(history_complete=None)
        assert "course.treatment_lines" in missing(patient, "inotuzumab_ozogamicin", "EU")


class TestTisagenlecleucel:
    """Tisagenlecleucel (ref 11; REFERENCE-A B.3, E.5)."""

    def test_age_25_second_relapse_eligible(self) -> None:
        """At 25, in second relapse: eligible (up to and including 25)."""
        assert status(adult_in_relapse(age=25, relapses=2), "tisagenlecleucel") is ELIGIBLE

    def test_age_24_second_relapse_eligible(self) -> None:
        """At 24, in second relapse: eligible."""
        assert status(adult_in_relapse(age=24, relapses=2), "tisagenlecleucel") is ELIGIBLE

    def test_age_26_not_eligible(self) -> None:
        """At 26, in second relapse: not eligible (age only)."""
        patient = adult_in_relapse(age=26, relapses=2)
        assert failed(patient, "tisagenlecleucel") == {"age_limit"}
        assert failed(patient, "tisagenlecleucel", "EU") == {"age_limit"}

    def test_first_relapse_not_eligible(self) -> None:
        """At 22, in an untreated first marrow relapse: not eligible."""
        ids = failed(adult_in_relapse(age=22), "tisagenlecleucel")
        assert {"primary_refractory", "refractory_to_salvage", "two_relapses"} <= ids

    def test_primary_refractory_eligible(self) -> None:
        """At 22, primary refractory: eligible."""
        assert status(primary_refractory(age=22), "tisagenlecleucel") is ELIGIBLE

    def test_refractory_relapse_eligible(self) -> None:
        """At 22, first relapse with a failed salvage line: refractory, eligible."""
        patient = adult_in_relapse(age=22, salvage=[FAILED_SALVAGE])
        assert status(patient, "tisagenlecleucel") is ELIGIBLE

    def test_relapse_after_hct_eu_eligible_us_not(self) -> None:
        """First relapse after allogeneic HCT: EU label yes, US label no."""
        patient = relapse_after_hct(age=22)
        assert status(patient, "tisagenlecleucel", "EU") is ELIGIBLE
        assert "jurisdiction_eu" in failed(patient, "tisagenlecleucel", "US")

    def test_third_relapse_eligible(self) -> None:
        """Three relapses (above the cut of two) are eligible (facts set directly)."""
        patient = adult_in_relapse(age=22, relapses=2)
        assert with_fact(patient, "tisagenlecleucel", relapse_count=3) is ELIGIBLE

    def test_age_unknown(self) -> None:
        """An unrecorded date of birth is unknown."""
        patient = adult_in_relapse(age=None, relapses=2)
        assert missing(patient, "tisagenlecleucel") == ("date_of_birth",)

    def test_t_lineage_not_eligible(self) -> None:
        """T-lineage ALL is not eligible."""
        patient = adult_in_relapse(age=22, relapses=2, lineage=Lineage.T)
        assert failed(patient, "tisagenlecleucel") == {"b_precursor"}


class TestBrexucabtageneAutoleucel:
    """Brexucabtagene autoleucel (refs 34, 36, 37; REFERENCE-A B.4, E.6)."""

    def test_adult_relapse_eligible(self) -> None:
        """A 45-year-old with relapsed B-ALL is eligible in US and EU."""
        assert status(adult_in_relapse(), "brexucabtagene_autoleucel", "US") is ELIGIBLE
        assert status(adult_in_relapse(), "brexucabtagene_autoleucel", "EU") is ELIGIBLE

    def test_eu_age_25_not_eligible_us_eligible(self) -> None:
        """At 25: below the EU cut of 26, but an adult for the US label."""
        patient = adult_in_relapse(age=25)
        assert "eu_aged_26_or_over" in failed(patient, "brexucabtagene_autoleucel", "EU")
        assert status(patient, "brexucabtagene_autoleucel", "US") is ELIGIBLE

    def test_eu_age_26_and_27_eligible(self) -> None:
        """EU: 26 (at the cut) and 27 are eligible."""
        for age in (26, 27):
            patient = adult_in_relapse(age=age)
            assert status(patient, "brexucabtagene_autoleucel", "EU") is ELIGIBLE

    def test_us_age_17_not_18_and_19_eligible(self) -> None:
        """US: 17 is not an adult; 18 and 19 are."""
        assert "us_adult" in failed(adult_in_relapse(age=17), "brexucabtagene_autoleucel")
        for age in (18, 19):
            assert status(adult_in_relapse(age=age), "brexucabtagene_autoleucel") is ELIGIBLE

    def test_in_remission_not_eligible(self) -> None:
        """A patient in remission is not eligible."""
        assert "relapsed_or_refractory" in failed(in_remission(), "brexucabtagene_autoleucel")

    def test_age_unknown(self) -> None:
        """An unrecorded date of birth is unknown in both jurisdictions."""
        patient = adult_in_relapse(age=None)
        assert missing(patient, "brexucabtagene_autoleucel", "US") == ("date_of_birth",)
        assert missing(patient, "brexucabtagene_autoleucel", "EU") == ("date_of_birth",)

    def test_lineage_unknown(self) -> None:
        """An unrecorded lineage is unknown."""
        patient = adult_in_relapse(lineage=None)
        assert missing(patient, "brexucabtagene_autoleucel") == ("disease.lineage",)


class TestCytarabineBasedSalvage:
    """Cytarabine-based salvage (refs 38-42)."""

    def test_fit_relapse_eligible(self) -> None:
        """A fit adult in relapse is eligible."""
        assert status(adult_in_relapse(), "cytarabine_based_salvage") is ELIGIBLE

    def test_unfit_not_eligible(self) -> None:
        """A patient judged unfit for intensive chemotherapy is not eligible."""
        patient = adult_in_relapse(fit=False)
        assert failed(patient, "cytarabine_based_salvage") == {"fit_for_intensive_therapy"}

    def test_fitness_unknown(self) -> None:
        """No fitness judgement is unknown."""
        patient = adult_in_relapse(fit=None)
        assert missing(patient, "cytarabine_based_salvage") == ("fit_for_intensive_therapy",)

    def test_in_remission_not_eligible(self) -> None:
        """A patient in remission is not eligible."""
        assert failed(in_remission(), "cytarabine_based_salvage") == {"relapsed_or_refractory"}

    def test_primary_refractory_eligible(self) -> None:
        """Primary refractory disease is eligible."""
        assert status(primary_refractory(), "cytarabine_based_salvage") is ELIGIBLE


class TestFrontlineLikeReinduction:
    """Reinduction like the first induction after a late relapse (review; decision 6)."""

    def test_25_months_eligible(self) -> None:
        """Relapse 25 months after initial therapy ended is eligible."""
        patient = adult_in_relapse(cr1_months=36, months_initial_therapy_to_relapse=25)
        assert status(patient, "frontline_like_reinduction") is ELIGIBLE

    def test_exactly_24_months_not_eligible(self) -> None:
        """Relapse exactly 24 months after initial therapy ended is not more than 24."""
        patient = adult_in_relapse(months_initial_therapy_to_relapse=24)
        assert failed(patient, "frontline_like_reinduction") == {"relapse_more_than_24_months"}

    def test_24_months_and_a_day_eligible(self) -> None:
        """Relapse 24 months and one day after initial therapy ended is eligible."""
        patient = end_initial_therapy_earlier(
            adult_in_relapse(months_initial_therapy_to_relapse=24), 1
        )
        assert status(patient, "frontline_like_reinduction") is ELIGIBLE

    def test_23_months_not_eligible(self) -> None:
        """Relapse 23 months after initial therapy ended is not eligible."""
        patient = adult_in_relapse(months_initial_therapy_to_relapse=23)
        assert failed(patient, "frontline_like_reinduction") == {"relapse_more_than_24_months"}

    def test_relapse_on_therapy_not_eligible(self) -> None:
        """Relapse during initial therapy (negative interval) is not eligible."""
        patient = end_initial_therapy_earlier(
            adult_in_relapse(months_initial_therapy_to_relapse=0), -30
        )
        assert failed(patient, "frontline_like_reinduction") == {"relapse_more_than_24_months"}

    def test_end_of_initial_therapy_unknown(self) -> None:
        """Initial therapy without an end date is unknown."""
        patient = adult_in_relapse(cr1_months=36, months_initial_therapy_to_relapse=30)
        first = attrs.evolve(patient.course.treatment_lines[0], end=None, stop_reason=None)
        patient = with_course(patient, treatment_lines=(first,))
        assert "course.treatment_lines" in missing(patient, "frontline_like_reinduction")

    def test_primary_refractory_not_eligible(self) -> None:
        """Primary refractory disease has no relapse: not eligible."""
        assert "in_relapse" in failed(primary_refractory(), "frontline_like_reinduction")

    def test_second_relapse_not_eligible(self) -> None:
        """A second relapse is not eligible, however late the first was."""
        patient = adult_in_relapse(relapses=2, cr1_months=36, months_initial_therapy_to_relapse=30)
        assert failed(patient, "frontline_like_reinduction") == {"first_relapse"}


class TestClofarabine:
    """Clofarabine (refs 43-47; REFERENCE-A B.6, E.11; decision 7)."""

    @staticmethod
    def after_two_regimens(age: int | None, **changes: Any) -> Patient:
        """In relapse, after frontline therapy and one failed salvage line."""
        return adult_in_relapse(age=age, salvage=[FAILED_SALVAGE], **changes)

    def test_age_21_after_two_regimens_eligible(self) -> None:
        """At 21 (the upper cut) after two regimens: eligible in the US; in the EU with the
        judgement that no other option is expected to give a durable response."""
        assert status(self.after_two_regimens(21), "clofarabine", "US") is ELIGIBLE
        patient = self.after_two_regimens(21, no_alternative=True)
        assert status(patient, "clofarabine", "EU") is ELIGIBLE

    def test_eu_no_alternative_unrecorded_unknown(self) -> None:
        """EU: the label's "no other option" is a recorded judgement, unknown when absent."""
        patient = self.after_two_regimens(21)
        assert missing(patient, "clofarabine", "EU") == ("no_alternative_treatment",)

    def test_age_20_eligible(self) -> None:
        """At 20 after two regimens: eligible."""
        assert status(self.after_two_regimens(20), "clofarabine") is ELIGIBLE

    def test_age_22_not_eligible(self) -> None:
        """At 22: outside the label's ages."""
        assert failed(self.after_two_regimens(22), "clofarabine") == {"aged_21_or_under"}

    def test_typical_adult_not_eligible(self) -> None:
        """At 45: outside the label (adult data limited)."""
        assert failed(self.after_two_regimens(45), "clofarabine") == {"aged_21_or_under"}

    def test_age_lower_cut(self) -> None:
        """Ages 1 and 2 are within the label, age 0 is not (facts set directly)."""
        patient = self.after_two_regimens(20)
        assert with_fact(patient, "clofarabine", age_years=1) is ELIGIBLE
        assert with_fact(patient, "clofarabine", age_years=2) is ELIGIBLE
        assert with_fact(patient, "clofarabine", age_years=0) is NOT_ELIGIBLE

    def test_one_regimen_not_eligible(self) -> None:
        """At 20 in a first relapse after one regimen: below the two regimens."""
        assert failed(adult_in_relapse(age=20), "clofarabine") == {"two_prior_regimens"}

    def test_three_regimens_eligible(self) -> None:
        """Three regimens (above the cut) are eligible."""
        patient = adult_in_relapse(age=20, salvage=[FAILED_SALVAGE, FAILED_SALVAGE])
        assert status(patient, "clofarabine") is ELIGIBLE

    def test_one_regimen_incomplete_history_unknown(self) -> None:
        """One recorded regimen in an incomplete history is unknown (a lower bound)."""
        patient = adult_in_relapse(age=20, history_complete=None)
        assert "course.treatment_lines" in missing(patient, "clofarabine")

    def test_in_remission_not_eligible(self) -> None:
        """A patient in remission is not eligible."""
        assert "relapsed_or_refractory" in failed(in_remission(age=20), "clofarabine")


class TestClofarabineCytarabine:
    """Clofarabine with cytarabine (ref 46)."""

    def test_adult_relapse_eligible(self) -> None:
        """A 45-year-old in relapse is eligible."""
        assert status(adult_in_relapse(), "clofarabine_cytarabine") is ELIGIBLE

    def test_adult_age_cut(self) -> None:
        """17 is not eligible; 18 and 19 are."""
        assert failed(adult_in_relapse(age=17), "clofarabine_cytarabine") == {"adult"}
        for age in (18, 19):
            assert status(adult_in_relapse(age=age), "clofarabine_cytarabine") is ELIGIBLE

    def test_in_remission_not_eligible(self) -> None:
        """A patient in remission is not eligible."""
        assert failed(in_remission(), "clofarabine_cytarabine") == {"relapsed_or_refractory"}

    def test_age_unknown(self) -> None:
        """An unrecorded date of birth is unknown."""
        assert missing(adult_in_relapse(age=None), "clofarabine_cytarabine") == ("date_of_birth",)


class TestAlkylatorSalvage:
    """Ifosfamide, etoposide and dexamethasone (review: anecdotal)."""

    def test_relapse_eligible(self) -> None:
        """A patient in relapse is eligible."""
        assert status(adult_in_relapse(), "alkylator_salvage") is ELIGIBLE

    def test_in_remission_not_eligible(self) -> None:
        """A patient in remission is not eligible."""
        assert failed(in_remission(), "alkylator_salvage") == {"relapsed_or_refractory"}

    def test_phase_unknown(self) -> None:
        """A record whose disease phase cannot be told is unknown."""
        assert "course.relapses" in missing(undetermined_phase(), "alkylator_salvage")


class TestNelarabine:
    """Nelarabine (refs 48-52; REFERENCE-A B.5)."""

    def test_t_all_after_two_regimens_eligible(self) -> None:
        """T-ALL in relapse after two regimens is eligible in US and EU."""
        patient = adult_in_relapse(lineage=Lineage.T, salvage=[FAILED_SALVAGE])
        assert status(patient, "nelarabine", "US") is ELIGIBLE
        assert status(patient, "nelarabine", "EU") is ELIGIBLE

    def test_t_all_after_three_regimens_eligible(self) -> None:
        """Three regimens (above the cut) are eligible."""
        patient = adult_in_relapse(lineage=Lineage.T, salvage=[FAILED_SALVAGE, FAILED_SALVAGE])
        assert status(patient, "nelarabine") is ELIGIBLE

    def test_t_all_after_one_regimen_not_eligible(self) -> None:
        """T-ALL in first relapse after one regimen: the label's answer (not eligible), with
        the reason naming the review's off-label support for relapsed T-ALL."""
        patient = adult_in_relapse(lineage=Lineage.T)
        found = result(patient, "nelarabine")
        assert failed(patient, "nelarabine") == {"two_prior_chemotherapy_regimens"}
        assert "off-label" in found.failed[0].text

    def test_immunotherapy_regimen_is_not_a_chemotherapy_regimen(self) -> None:
        """Frontline chemotherapy then blinatumomab is one chemotherapy regimen: the label's
        "two chemotherapy regimens" is not met (regression: every line counted)."""
        patient = adult_in_relapse(lineage=Lineage.T, salvage=[BLINATUMOMAB_FAILED])
        assert failed(patient, "nelarabine") == {"two_prior_chemotherapy_regimens"}

    def test_frontline_phases_are_one_chemotherapy_regimen(self) -> None:
        """Induction and consolidation recorded separately are one regimen, not two."""
        patient = adult_in_relapse(lineage=Lineage.T)
        first = patient.course.treatment_lines[0]
        assert first.end is not None
        middle = first.start + (first.end - first.start) / 2
        induction = attrs.evolve(first, end=middle)
        consolidation = attrs.evolve(
            first, start=middle + timedelta(days=1), intent=Intent.CONSOLIDATION
        )
        split = with_course(patient, treatment_lines=(induction, consolidation))
        assert failed(split, "nelarabine") == {"two_prior_chemotherapy_regimens"}

    def test_b_lineage_not_eligible(self) -> None:
        """B-lineage ALL is not eligible (much less activity)."""
        patient = adult_in_relapse(salvage=[FAILED_SALVAGE])
        assert failed(patient, "nelarabine") == {"t_lineage"}

    def test_incomplete_history_unknown(self) -> None:
        """One recorded regimen in an incomplete history is unknown."""
        patient = adult_in_relapse(lineage=Lineage.T, history_complete=None)
        assert "course.treatment_lines" in missing(patient, "nelarabine")

    def test_lineage_unknown(self) -> None:
        """An unrecorded lineage is unknown."""
        patient = adult_in_relapse(lineage=None, salvage=[FAILED_SALVAGE])
        assert missing(patient, "nelarabine") == ("disease.lineage",)

    def test_primary_refractory_after_two_regimens_eligible(self) -> None:
        """T-ALL refractory to induction and to one salvage line is eligible."""
        patient = primary_refractory(lineage=Lineage.T, salvage=[FAILED_SALVAGE])
        assert status(patient, "nelarabine") is ELIGIBLE


class TestLiposomalVincristine:
    """Liposomal vincristine (withdrawn May 2022; REFERENCE-A B.8)."""

    def test_label_population_not_eligible(self) -> None:
        """A Ph-negative adult in second relapse (the old label) is not eligible: withdrawn."""
        patient = adult_in_relapse(relapses=2)
        assert failed(patient, "liposomal_vincristine") == {"available"}
        assert failed(patient, "liposomal_vincristine", "EU") == {"available"}

    def test_t_all_not_eligible(self) -> None:
        """T-ALL after two regimens is not eligible either."""
        patient = adult_in_relapse(lineage=Lineage.T, salvage=[FAILED_SALVAGE])
        assert "available" in failed(patient, "liposomal_vincristine")

    def test_never_unknown(self) -> None:
        """Even with everything unrecorded the answer is known: not eligible (withdrawn)."""
        patient = adult_in_relapse(age=None, ph=None, history_complete=None)
        assert "available" in failed(patient, "liposomal_vincristine")
        assert status(undetermined_phase(), "liposomal_vincristine") is NOT_ELIGIBLE

    @pytest.mark.parametrize(
        ("age", "relapses", "regimens", "in_label"),
        [
            (18, 2, 1, True),  # second relapse after one regimen
            (18, 1, 2, True),  # first relapse after two regimens
            (18, 1, 1, False),  # first relapse after one regimen
            (17, 2, 2, False),  # not an adult
            (19, 2, 2, True),
        ],
    )
    def test_label_population_kept_as_documented(
        self, age: int, relapses: int, regimens: int, in_label: bool
    ) -> None:
        """The criteria kept to document the withdrawn label read as the label: Ph-negative
        adults (18 or over) in a second or later relapse, or progressing after two or more
        regimens (facts set directly: the option itself is never eligible)."""
        option = allmodel.default_ruleset().option("liposomal_vincristine")
        assert isinstance(option.criteria, All)
        available, *label = option.criteria.parts
        assert available.id == "available"
        population = All(id="label", text="the label's population", parts=tuple(label))
        facts = derive_facts(adult_in_relapse(), as_of=AS_OF)
        lows, highs = list(facts.values), list(facts.upper)
        for name, value in (
            ("age_years", age),
            ("relapse_count", relapses),
            ("prior_regimens", regimens),
        ):
            lows[fact_index(name)] = highs[fact_index(name)] = value
        changed = attrs.evolve(facts, values=tuple(lows), upper=tuple(highs))
        found = evaluate(population, changed, Context(as_of=AS_OF)).status
        assert found is (Truth.TRUE if in_label else Truth.FALSE)


class TestTkiBasedTherapy:
    """TKI-based therapy for Ph-positive relapse (refs 53-56)."""

    def test_ph_positive_with_mutation_result_eligible(self) -> None:
        """Ph-positive relapse with a kinase-domain result (no T315I) is eligible."""
        assert status(ph_positive(t315i=False), "tki_based_therapy") is ELIGIBLE

    def test_t315i_eligible(self) -> None:
        """Ph-positive relapse with T315I is eligible (ponatinib is the TKI)."""
        assert status(ph_positive(t315i=True), "tki_based_therapy") is ELIGIBLE

    def test_mutation_analysis_missing_unknown(self) -> None:
        """Without a kinase-domain analysis the option is unknown and names it."""
        assert missing(ph_positive(t315i=None), "tki_based_therapy") == ("disease.kinase_domain",)

    def test_ph_negative_not_eligible(self) -> None:
        """Ph-negative disease is not eligible."""
        patient = adult_in_relapse(t315i=False)
        assert failed(patient, "tki_based_therapy") == {"ph_positive"}

    def test_in_remission_not_eligible(self) -> None:
        """Ph-positive in remission is not eligible."""
        patient = in_remission(ph=PhStatus.POSITIVE, t315i=False)
        assert failed(patient, "tki_based_therapy") == {"relapsed_or_refractory"}


class TestPonatinib:
    """Ponatinib (ref 55; REFERENCE-A B.7)."""

    def test_t315i_eligible(self) -> None:
        """Ph-positive relapse with T315I is eligible in US and EU."""
        patient = ph_positive([Agent.IMATINIB], t315i=True)
        assert status(patient, "ponatinib", "US") is ELIGIBLE
        assert status(patient, "ponatinib", "EU") is ELIGIBLE

    def test_second_generation_failure_eligible(self) -> None:
        """Without T315I, after dasatinib failed and no other TKI indicated: eligible."""
        patient = ph_positive([Agent.IMATINIB, Agent.DASATINIB], t315i=False, no_other_tki=True)
        assert status(patient, "ponatinib") is ELIGIBLE

    def test_second_generation_failure_without_judgement_unknown(self) -> None:
        """The US label's "no other TKI indicated" is a recorded judgement: unknown until
        recorded (audit: a label condition the record cannot decide)."""
        patient = ph_positive([Agent.IMATINIB, Agent.DASATINIB], t315i=False)
        assert missing(patient, "ponatinib") == ("no_other_tki_indicated",)

    def test_second_generation_failure_other_tki_indicated_not_eligible(self) -> None:
        """With another TKI indicated and no T315I: not eligible."""
        patient = ph_positive([Agent.IMATINIB, Agent.DASATINIB], t315i=False, no_other_tki=False)
        assert "no_other_tki_indicated" in failed(patient, "ponatinib")

    def test_second_generation_intolerance_eligible(self) -> None:
        """Without T315I, after nilotinib was not tolerated: eligible."""
        patient = ph_positive([Agent.NILOTINIB], stop=StopReason.INTOLERANCE, no_other_tki=True)
        assert status(patient, "ponatinib") is ELIGIBLE

    def test_only_imatinib_failed_not_eligible(self) -> None:
        """Without T315I, after imatinib only: not eligible."""
        patient = ph_positive([Agent.IMATINIB], t315i=False, no_other_tki=True)
        assert {"t315i", "second_generation_tki_failure"} <= failed(patient, "ponatinib")

    def test_child_not_eligible(self) -> None:
        """The labels are for adults: a 17-year-old with T315I is not eligible."""
        patient = ph_positive([Agent.IMATINIB], t315i=True, age=17)
        assert "adult" in failed(patient, "ponatinib")

    def test_mutation_unknown_no_second_generation_unknown(self) -> None:
        """No mutation result and no second-generation TKI failure: unknown."""
        patient = ph_positive([Agent.IMATINIB], t315i=None)
        assert missing(patient, "ponatinib") == ("disease.kinase_domain",)

    def test_ph_negative_not_eligible(self) -> None:
        """Ph-negative disease is not eligible."""
        assert "ph_positive" in failed(adult_in_relapse(t315i=False), "ponatinib")


class TestSecondGenerationTki:
    """Second-generation TKIs (refs 53, 54; REFERENCE-A B.7)."""

    def test_imatinib_resistance_eligible(self) -> None:
        """Resistance to imatinib without T315I is eligible."""
        assert status(ph_positive([Agent.IMATINIB]), "second_generation_tki") is ELIGIBLE

    def test_imatinib_intolerance_eligible(self) -> None:
        """Intolerance of imatinib without T315I is eligible."""
        patient = ph_positive([Agent.IMATINIB], stop=StopReason.INTOLERANCE)
        assert status(patient, "second_generation_tki") is ELIGIBLE

    def test_t315i_not_eligible(self) -> None:
        """With T315I (ponatinib territory): not eligible."""
        patient = ph_positive([Agent.IMATINIB], t315i=True)
        assert failed(patient, "second_generation_tki") == {"no_t315i"}

    def test_mutation_unknown(self) -> None:
        """Without a mutation result T315I cannot be ruled out: unknown."""
        patient = ph_positive([Agent.IMATINIB], t315i=None)
        assert missing(patient, "second_generation_tki") == ("disease.kinase_domain",)

    def test_no_earlier_tki_not_eligible(self) -> None:
        """With a complete history and no TKI given: not eligible."""
        ids = failed(ph_positive(), "second_generation_tki")
        assert ids == {
            "prior_tki_failed",
            "tki_intolerance",
            "tki_resistance",
            "relapsed_after_tki",
        }

    def test_relapse_off_tki_after_a_completed_programme_eligible(self) -> None:
        """A relapse after a completed TKI-containing frontline programme is failure of
        prior therapy (dasatinib label), though no TKI line ended in resistance."""
        frontline = (*_FRONTLINE_AGENTS, Agent.IMATINIB)
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, t315i=False, frontline_agents=frontline)
        assert status(patient, "second_generation_tki") is ELIGIBLE

    def test_child_not_eligible(self) -> None:
        """The dasatinib label for this use is for adults."""
        patient = ph_positive([Agent.IMATINIB], age=17)
        assert "adult" in failed(patient, "second_generation_tki")

    def test_no_earlier_tki_incomplete_history_unknown(self) -> None:
        """With an incomplete history and no TKI recorded: unknown."""
        patient = ph_positive(history_complete=None)
        assert "course.treatment_lines" in missing(patient, "second_generation_tki")

    def test_ph_negative_not_eligible(self) -> None:
        """Ph-negative disease is not eligible."""
        assert "ph_positive" in failed(adult_in_relapse(t315i=False), "second_generation_tki")


class TestCnsDirectedTherapy:
    """CNS-directed therapy (refs 57, 58; decision 8)."""

    @pytest.mark.parametrize("cns", [CnsStatus.CNS2A, CnsStatus.CNS3, CnsStatus.CNS3A])
    def test_involvement_eligible(self, cns: CnsStatus) -> None:
        """Blasts in an uncontaminated CSF sample (CNS2a, CNS3) are eligible."""
        assert status(adult_in_relapse(cns=cns), "cns_directed_therapy") is ELIGIBLE

    def test_cns1_not_eligible(self) -> None:
        """CNS1 is not eligible."""
        patient = adult_in_relapse(cns=CnsStatus.CNS1)
        assert failed(patient, "cns_directed_therapy") == {"cns_involved"}

    @pytest.mark.parametrize("cns", [CnsStatus.CNS2B, CnsStatus.CNS2C, CnsStatus.CNS2])
    def test_traumatic_or_unsubtyped_tap_unknown(self, cns: CnsStatus) -> None:
        """A traumatic tap with blasts, or CNS2 without subcategory, is unknown."""
        assert "disease.cns" in missing(adult_in_relapse(cns=cns), "cns_directed_therapy")

    def test_isolated_cns_relapse_without_csf_eligible(self) -> None:
        """An isolated CNS relapse without a later CSF result counts as involvement."""
        patient = adult_in_relapse(cns=None, relapse_site=RelapseSite.ISOLATED_CNS)
        assert status(patient, "cns_directed_therapy") is ELIGIBLE

    def test_isolated_cns_relapse_with_csf_after_it(self) -> None:
        """A CSF result after the relapse supersedes the relapse record: CNS3 eligible,
        CNS1 (cleared) not eligible."""
        involved = adult_in_relapse(cns=CnsStatus.CNS3, relapse_site=RelapseSite.ISOLATED_CNS)
        cleared = adult_in_relapse(cns=CnsStatus.CNS1, relapse_site=RelapseSite.ISOLATED_CNS)
        assert status(involved, "cns_directed_therapy") is ELIGIBLE
        assert failed(cleared, "cns_directed_therapy") == {"cns_involved"}

    def test_isolated_extramedullary_relapse_without_csf_unknown(self) -> None:
        """An isolated non-CNS extramedullary relapse without a CSF result is unknown."""
        patient = adult_in_relapse(cns=None, relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY)
        assert "disease.cns" in missing(patient, "cns_directed_therapy")

    def test_no_csf_marrow_relapse_unknown(self) -> None:
        """A marrow relapse without a CSF result is unknown."""
        assert "disease.cns" in missing(adult_in_relapse(cns=None), "cns_directed_therapy")


class TestAllogeneicHct:
    """Allogeneic HCT after remission (refs 59-71)."""

    def test_remission_with_donor_eligible(self) -> None:
        """In remission, HLA typed, donor found: eligible."""
        patient = in_remission(donor_cmv=Serostatus.NEGATIVE)
        assert status(patient, "allogeneic_hct") is ELIGIBLE

    def test_mrd_positive_remission_with_donor_eligible(self) -> None:
        """An MRD-positive remission is still a remission."""
        patient = in_remission(1e-3, donor_cmv=Serostatus.POSITIVE)
        assert status(patient, "allogeneic_hct") is ELIGIBLE

    def test_in_relapse_eligible(self) -> None:
        """In relapse (not in CR) with a candidate and a donor: eligible. HCT outside CR is
        not ruled out (refs 59-63: 12-23 % three-year LFS; the ref 62 score applies)."""
        patient = adult_in_relapse(donor_cmv=Serostatus.NEGATIVE)
        assert status(patient, "allogeneic_hct") is ELIGIBLE

    def test_candidacy_unrecorded_unknown(self) -> None:
        """Candidacy for HCT is a recorded, dated judgement: unknown when absent."""
        patient = in_remission(5e-5, donor_cmv=Serostatus.NEGATIVE, hct_candidate=None)
        assert missing(patient, "allogeneic_hct") == ("hct_candidate",)

    def test_not_a_candidate_not_eligible(self) -> None:
        """Judged not a candidate: not eligible."""
        patient = in_remission(5e-5, donor_cmv=Serostatus.NEGATIVE, hct_candidate=False)
        assert "hct_candidate" in failed(patient, "allogeneic_hct")

    def test_candidacy_judged_too_long_ago_unknown(self) -> None:
        """A candidacy judgement 29 days old is outside the 28-day window: unknown."""
        patient = in_remission(
            5e-5, donor_cmv=Serostatus.NEGATIVE, assessed=AS_OF - timedelta(days=29)
        )
        assert "hct_candidate" in missing(patient, "allogeneic_hct")

    def test_candidacy_judged_28_days_ago_counts(self) -> None:
        """A judgement exactly 28 days old is still current."""
        patient = in_remission(
            5e-5, donor_cmv=Serostatus.NEGATIVE, assessed=AS_OF - timedelta(days=28)
        )
        assert status(patient, "allogeneic_hct") is ELIGIBLE

    def test_first_remission_without_high_risk_not_eligible(self) -> None:
        """A first remission never relapsed is eligible only when recorded high risk."""
        first_cr = with_course(
            in_remission(5e-5, donor_cmv=Serostatus.NEGATIVE),
            relapses=(),
            cr1_high_risk=False,
        )
        remissions = first_cr.course.remissions
        first_cr = with_course(first_cr, remissions=remissions[:1])
        lines = first_cr.course.treatment_lines[:1]
        first_cr = with_course(first_cr, treatment_lines=lines)
        assert "disease_setting" in failed(first_cr, "allogeneic_hct")
        high_risk = with_course(first_cr, cr1_high_risk=True)
        assert status(high_risk, "allogeneic_hct") is ELIGIBLE
        unrecorded = with_course(first_cr, cr1_high_risk=None)
        assert "course.cr1_high_risk" in missing(unrecorded, "allogeneic_hct")

    def test_donor_unknown(self) -> None:
        """In remission with no donor search recorded: unknown."""
        assert missing(in_remission(), "allogeneic_hct") == ("course.donor_identified",)

    def test_not_hla_typed_is_not_a_criterion(self) -> None:
        """HLA typing not yet done and no donor search recorded: unknown, not ineligible."""
        patient = with_course(in_remission(), hla_typed=False)
        assert missing(patient, "allogeneic_hct") == ("course.donor_identified",)


class TestAutologousHct:
    """Autologous HCT in the Ph-positive MRD-negative special case (refs 72-74)."""

    def test_ph_positive_mrd_undetectable_remission_eligible(self) -> None:
        """Ph-positive, in remission, no MRD detected by a 1e-4 assay: eligible."""
        patient = in_remission(0.0, ph=PhStatus.POSITIVE)
        assert status(patient, "autologous_hct") is ELIGIBLE

    def test_mrd_detected_below_1e4_not_eligible(self) -> None:
        """MRD detected at 5e-5 is MRD-negative but not undetectable: not eligible (the
        review asks for no detectable residual disease; audit: the stale 'below 1e-4')."""
        patient = in_remission(5e-5, ph=PhStatus.POSITIVE)
        assert failed(patient, "autologous_hct") == {"mrd_undetectable"}

    def test_not_detected_by_an_insensitive_assay_unknown(self) -> None:
        """None detected by an assay reaching only 1e-3: not shown undetectable, unknown."""
        patient = mrd_on(in_remission(ph=PhStatus.POSITIVE), 10, 0.0)
        insensitive = attrs.evolve(patient, mrd=(attrs.evolve(patient.mrd[0], sensitivity=1e-3),))
        assert status(insensitive, "autologous_hct") is UNKNOWN

    def test_ph_negative_not_eligible(self) -> None:
        """Ph-negative MRD-undetectable remission: not eligible."""
        assert failed(in_remission(0.0), "autologous_hct") == {"ph_positive"}

    def test_mrd_positive_not_eligible(self) -> None:
        """Ph-positive with MRD 1e-4 (positive): not eligible."""
        patient = in_remission(1e-4, ph=PhStatus.POSITIVE)
        assert failed(patient, "autologous_hct") == {"mrd_undetectable"}

    def test_mrd_unknown(self) -> None:
        """Ph-positive in remission without MRD: unknown."""
        assert missing(in_remission(ph=PhStatus.POSITIVE), "autologous_hct") == (
            "mrd",
            "course.remissions",
        )

    def test_in_relapse_not_eligible(self) -> None:
        """Ph-positive in relapse: not eligible."""
        assert "in_remission" in failed(ph_positive(), "autologous_hct")


class TestClinicalTrial:
    """A clinical trial (review: clinical trials)."""

    def test_relapse_eligible(self) -> None:
        """Relapsed disease is eligible."""
        assert status(adult_in_relapse(), "clinical_trial") is ELIGIBLE

    def test_mrd_positive_remission_eligible(self) -> None:
        """MRD-positive remission is eligible."""
        assert status(in_remission(1e-3), "clinical_trial") is ELIGIBLE

    def test_mrd_negative_remission_not_eligible(self) -> None:
        """MRD-negative remission is not eligible."""
        ids = failed(in_remission(5e-5), "clinical_trial")
        assert ids == {"clinical_trial", "relapsed_or_refractory", "mrd_positive_remission"}

    def test_remission_without_mrd_unknown(self) -> None:
        """In CR with no MRD result: unknown, never not eligible (regression: unknown MRD
        was read as negative through the disease phase)."""
        patient = in_remission(None)
        assert missing(patient, "clinical_trial") == ("mrd", "course.remissions")

    def test_phase_unknown(self) -> None:
        """An undecidable phase is unknown."""
        assert "course.relapses" in missing(undetermined_phase(), "clinical_trial")


class TestPalliativeCare:
    """Palliative care (review: remission induction; multiply relapsed disease)."""

    def test_preference_eligible(self) -> None:
        """A patient who prefers symptom-directed care is eligible."""
        assert status(adult_in_relapse(prefers_palliation=True), "palliative_care") is ELIGIBLE

    def test_unfit_eligible(self) -> None:
        """A patient unfit for intensive therapy is eligible."""
        assert status(adult_in_relapse(fit=False), "palliative_care") is ELIGIBLE

    def test_second_relapse_eligible(self) -> None:
        """A fit patient in second relapse is eligible (listed among the options)."""
        assert status(adult_in_relapse(relapses=2), "palliative_care") is ELIGIBLE

    def test_relapse_after_hct_eligible(self) -> None:
        """A fit patient relapsing after allogeneic HCT is eligible."""
        assert status(relapse_after_hct(), "palliative_care") is ELIGIBLE

    def test_always_available_on_request(self) -> None:
        """Palliative care is available to every patient who asks: a fit patient in first
        relapse, one with nothing recorded, one in remission (audit: it read unknown)."""
        assert status(adult_in_relapse(), "palliative_care") is ELIGIBLE
        assert status(adult_in_relapse(prefers_palliation=None, fit=None), "palliative_care") is (
            ELIGIBLE
        )
        assert status(in_remission(5e-5), "palliative_care") is ELIGIBLE
