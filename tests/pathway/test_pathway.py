"""Specification of the review's pathway for one patient (summary and recommendations).

Vignettes assert the pathway's structure: ordered option ids, roles, grades and the facts
behind each step. Statuses come from screening, whose criteria are still being written,
so they are checked only against the report, never by value.
"""

from __future__ import annotations

import json
from datetime import timedelta

import attrs
import pytest

from allmodel import Agent, Identifier, Patient
from allmodel.catalogue import THERAPY_IDS, default_ruleset
from allmodel.errors import RuleError, ValidationError
from allmodel.facts import FACTS
from allmodel.model import BestResponse, CnsStatus, Lineage, PhStatus, RelapseSite, StopReason
from allmodel.pathway import (
    PATHWAY_FORMAT,
    REVIEW_GRADES,
    Pathway,
    PathwayStep,
    StepRole,
    pathway,
)
from allmodel.report import Status
from allmodel.screening import screen
from allmodel.sources import source
from tests.builders import AS_OF, adult_in_relapse, with_course

_R = StepRole
_FACT_NAMES = frozenset(spec.name for spec in FACTS)


def _ids(result: Pathway) -> list[tuple[str, ...]]:
    return [step.option_ids for step in result.steps]


def _roles(result: Pathway) -> list[StepRole]:
    return [step.role for step in result.steps]


def _grades(result: Pathway) -> list[str | None]:
    return [step.grade for step in result.steps]


def _frail() -> Patient:
    return adult_in_relapse(prefers_palliation=True, fit=False)


def _vignettes() -> dict[str, Patient]:
    """One patient per branch of the review's summary."""
    return {
        "ph_negative_first_relapse": adult_in_relapse(),
        "ph_positive_t315i": adult_in_relapse(ph=PhStatus.POSITIVE, t315i=True),
        "t_all": adult_in_relapse(lineage=Lineage.T),
        "second_relapse_at_24": adult_in_relapse(relapses=2, age=24),
        "relapse_after_allo_hct": adult_in_relapse(allo_hct_months_before_relapse=12),
        "mrd_positive_cr": adult_in_relapse(in_remission=True, mrd_level=1e-3),
        "isolated_cns_relapse": adult_in_relapse(
            relapse_site=RelapseSite.ISOLATED_CNS, cns=CnsStatus.CNS3
        ),
        "ph_unknown": adult_in_relapse(ph=None),
        "frail_prefers_palliation": _frail(),
    }


class TestPhNegativeFirstRelapse:
    """Ph-negative B-ALL in first relapse: immunotherapy first (2B), then alternatives, HCT."""

    def test_order_roles_and_grades(self) -> None:
        """Blinatumomab/inotuzumab (2B), chemotherapy, a trial, then allogeneic HCT (1B)."""
        result = pathway(adult_in_relapse(), as_of=AS_OF)
        assert _ids(result) == [
            ("blinatumomab", "inotuzumab_ozogamicin"),
            ("cytarabine_based_salvage",),
            ("clinical_trial",),
            ("allogeneic_hct",),
        ]
        assert _roles(result) == [
            _R.PREFERRED,
            _R.ACCEPTABLE_ALTERNATIVE,
            _R.CLINICAL_TRIAL,
            _R.CONSOLIDATION,
        ]
        assert _grades(result) == ["2B", None, None, "1B"]
        assert [step.order for step in result.steps] == [1, 2, 3, 4]

    def test_preferred_step_names_its_facts(self) -> None:
        """The 2B step shows lineage, Ph status, phase and CD19/CD22 with their values."""
        step = pathway(adult_in_relapse(), as_of=AS_OF).steps[0]
        assert step.because == (
            "lineage: b_precursor",
            "ph_status: negative",
            "phase: first_relapse",
            "cd19_positive: yes",
            "cd22_positive: yes",
        )
        assert "CD19" in step.text
        assert "CD22" in step.text

    def test_late_relapse_offers_frontline_like_reinduction(self) -> None:
        """Relapse 30 months after initial therapy ended: a regimen like the first induction."""
        result = pathway(
            adult_in_relapse(cr1_months=40, months_initial_therapy_to_relapse=30), as_of=AS_OF
        )
        chemotherapy = result.steps[1]
        assert chemotherapy.option_ids == ("frontline_like_reinduction",)
        assert "months_initial_therapy_to_relapse: 30" in chemotherapy.because

    def test_relapse_at_exactly_24_months_is_not_late(self) -> None:
        """The two-year cut is strict: at 24 months cytarabine-based salvage is listed."""
        result = pathway(adult_in_relapse(months_initial_therapy_to_relapse=24), as_of=AS_OF)
        assert result.steps[1].option_ids == ("cytarabine_based_salvage",)

    def test_unknown_timing_lists_both_regimens(self) -> None:
        """Without a dated end of initial therapy both chemotherapy choices are listed."""
        patient = adult_in_relapse()
        frontline = attrs.evolve(patient.course.treatment_lines[0], end=None, stop_reason=None)
        patient = with_course(patient, treatment_lines=(frontline,))
        chemotherapy = pathway(patient, as_of=AS_OF).steps[1]
        assert chemotherapy.option_ids == (
            "cytarabine_based_salvage",
            "frontline_like_reinduction",
        )
        assert "months_initial_therapy_to_relapse: unknown" in chemotherapy.because


class TestPhPositive:
    """Ph-positive B-ALL: a TKI by mutation status, blinatumomab as the alternative."""

    def test_t315i_points_to_ponatinib(self) -> None:
        """With T315I the TKI step names ponatinib; blinatumomab follows; no grade on either."""
        result = pathway(adult_in_relapse(ph=PhStatus.POSITIVE, t315i=True), as_of=AS_OF)
        assert _ids(result) == [
            ("tki_based_therapy", "ponatinib"),
            ("blinatumomab",),
            ("clinical_trial",),
            ("allogeneic_hct",),
        ]
        assert _roles(result) == [
            _R.PREFERRED,
            _R.ACCEPTABLE_ALTERNATIVE,
            _R.CLINICAL_TRIAL,
            _R.CONSOLIDATION,
        ]
        assert _grades(result) == [None, None, None, "1B"]
        assert "t315i: yes" in result.steps[0].because
        assert "ph_status: positive" in result.steps[0].because

    def test_no_t315i_points_to_second_generation_tki(self) -> None:
        """Without T315I the TKI step names a second-generation TKI."""
        result = pathway(adult_in_relapse(ph=PhStatus.POSITIVE, t315i=False), as_of=AS_OF)
        assert result.steps[0].option_ids == ("tki_based_therapy", "second_generation_tki")
        assert "t315i: no" in result.steps[0].because

    def test_failed_second_generation_tki_adds_ponatinib(self) -> None:
        """After a failed second-generation TKI, ponatinib is listed before another one."""
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE,
            t315i=False,
            salvage=[((Agent.DASATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)],
        )
        step = pathway(patient, as_of=AS_OF).steps[0]
        assert step.option_ids == ("tki_based_therapy", "ponatinib", "second_generation_tki")
        assert "second_generation_tki_failure: yes" in step.because

    def test_untested_mutations_ask_for_the_analysis(self) -> None:
        """Without a mutation analysis an evaluation step asks for it before the TKI step."""
        result = pathway(adult_in_relapse(ph=PhStatus.POSITIVE, t315i=None), as_of=AS_OF)
        assert _roles(result)[:2] == [_R.EVALUATION, _R.PREFERRED]
        evaluation, tki = result.steps[:2]
        assert evaluation.option_ids == ()
        assert "mutation analysis" in evaluation.text
        assert "kinase_domain_tested: unknown" in evaluation.because
        assert tki.option_ids == ("tki_based_therapy",)
        assert "mutation analysis" in tki.text


class TestTLineage:
    """T-ALL: chemotherapy and/or nelarabine; liposomal vincristine only as withdrawn."""

    def test_order_and_roles(self) -> None:
        """Chemotherapy with nelarabine, the withdrawn drug, a trial, then HCT (1B)."""
        result = pathway(adult_in_relapse(lineage=Lineage.T), as_of=AS_OF)
        assert _ids(result) == [
            ("cytarabine_based_salvage", "nelarabine"),
            ("liposomal_vincristine",),
            ("clinical_trial",),
            ("allogeneic_hct",),
        ]
        assert _roles(result) == [
            _R.PREFERRED,
            _R.NOT_AVAILABLE,
            _R.CLINICAL_TRIAL,
            _R.CONSOLIDATION,
        ]
        assert _grades(result) == [None, None, None, "1B"]
        assert "lineage: t" in result.steps[0].because

    def test_liposomal_vincristine_is_said_to_be_withdrawn(self) -> None:
        """The liposomal vincristine step says the drug was withdrawn."""
        step = pathway(adult_in_relapse(lineage=Lineage.T), as_of=AS_OF).steps[1]
        assert "withdrawn" in step.text

    def test_no_b_cell_immunotherapy(self) -> None:
        """No CD19- or CD22-directed option appears for T-lineage disease."""
        result = pathway(adult_in_relapse(lineage=Lineage.T), as_of=AS_OF)
        listed = {option for step in result.steps for option in step.option_ids}
        assert not listed & {"blinatumomab", "inotuzumab_ozogamicin", "tisagenlecleucel"}


class TestSecondRelapse:
    """Second or later relapse: a trial first, immunotherapy, unused chemotherapy, palliation."""

    def test_at_24(self) -> None:
        """At 24, second relapse: trial, 2B immunotherapy, CAR T, chemotherapy, HCT, palliation."""
        result = pathway(adult_in_relapse(relapses=2, age=24), as_of=AS_OF)
        assert _ids(result) == [
            ("clinical_trial",),
            ("blinatumomab", "inotuzumab_ozogamicin"),
            ("tisagenlecleucel", "brexucabtagene_autoleucel"),
            ("cytarabine_based_salvage", "clofarabine_cytarabine", "alkylator_salvage"),
            ("allogeneic_hct",),
            ("palliative_care",),
        ]
        assert _roles(result) == [
            _R.CLINICAL_TRIAL,
            _R.PREFERRED,
            _R.ACCEPTABLE_ALTERNATIVE,
            _R.ACCEPTABLE_ALTERNATIVE,
            _R.CONSOLIDATION,
            _R.PALLIATION,
        ]
        assert _grades(result) == [None, "2B", None, None, "1B", None]

    def test_steps_by_role(self) -> None:
        """``with_role`` picks the two acceptable alternatives; the pathway has six steps."""
        result = pathway(adult_in_relapse(relapses=2, age=24), as_of=AS_OF)
        assert len(result) == 6
        assert list(result) == list(result.steps)
        alternatives = result.with_role(StepRole.ACCEPTABLE_ALTERNATIVE)
        assert [step.order for step in alternatives] == [3, 4]

    def test_car_t_step_shows_age_and_relapse_count(self) -> None:
        """The CAR T step shows the age and relapse count that selected tisagenlecleucel."""
        step = pathway(adult_in_relapse(relapses=2, age=24), as_of=AS_OF).steps[2]
        assert "age_years: 24" in step.because
        assert "relapse_count: 2" in step.because
        assert "phase: second_or_later_relapse" in step.because

    def test_trial_step_shows_relapse_count(self) -> None:
        """The trial-first step shows the relapse count."""
        step = pathway(adult_in_relapse(relapses=2, age=24), as_of=AS_OF).steps[0]
        assert "relapse_count: 2" in step.because

    def test_at_26_no_tisagenlecleucel(self) -> None:
        """At 26 the CAR T step holds brexucabtagene autoleucel only."""
        result = pathway(adult_in_relapse(relapses=2, age=26), as_of=AS_OF)
        assert result.steps[2].option_ids == ("brexucabtagene_autoleucel",)
        assert "tisagenlecleucel" not in result.steps[2].text

    def test_first_relapse_at_24_has_no_car_t(self) -> None:
        """A first, chemosensitive relapse at 24 is not a CAR T indication."""
        result = pathway(adult_in_relapse(age=24), as_of=AS_OF)
        listed = {option for step in result.steps for option in step.option_ids}
        assert "tisagenlecleucel" not in listed

    def test_primary_refractory_at_22_offers_tisagenlecleucel(self) -> None:
        """Primary refractory disease at 22: tisagenlecleucel, and cytarabine-based salvage."""
        result = pathway(adult_in_relapse(primary_refractory=True, age=22), as_of=AS_OF)
        assert _ids(result) == [
            ("blinatumomab", "inotuzumab_ozogamicin"),
            ("tisagenlecleucel",),
            ("cytarabine_based_salvage",),
            ("clinical_trial",),
            ("allogeneic_hct",),
        ]
        assert "primary_refractory: yes" in result.steps[1].because


class TestRelapseAfterAllogeneicHct:
    """Relapse after allogeneic HCT follows the multiply relapsed ordering."""

    def test_order_and_roles(self) -> None:
        """Trial first, 2B immunotherapy, adult CAR T, unused chemotherapy, a second HCT
        without the review's Grade 1B (it concerns a first transplant), palliation."""
        result = pathway(adult_in_relapse(allo_hct_months_before_relapse=12), as_of=AS_OF)
        assert _ids(result) == [
            ("clinical_trial",),
            ("blinatumomab", "inotuzumab_ozogamicin"),
            ("brexucabtagene_autoleucel",),
            ("cytarabine_based_salvage", "clofarabine_cytarabine", "alkylator_salvage"),
            ("allogeneic_hct",),
            ("palliative_care",),
        ]
        assert _grades(result) == [None, "2B", None, None, None, None]
        assert "second allogeneic HCT" in result.steps[4].text

    def test_trial_step_shows_the_transplant(self) -> None:
        """The trial-first step shows the phase and the earlier allograft."""
        step = pathway(adult_in_relapse(allo_hct_months_before_relapse=12), as_of=AS_OF).steps[0]
        assert "phase: relapse_after_allogeneic_hct" in step.because
        assert "prior_allogeneic_hct: yes" in step.because
        assert "relapse_count: 1" in step.because


class TestRemission:
    """In remission: allogeneic HCT (1B); MRD-positive CR clears MRD with blinatumomab first."""

    def test_mrd_positive_cr(self) -> None:
        """MRD-positive CR: blinatumomab for MRD, then allogeneic HCT (1B)."""
        result = pathway(adult_in_relapse(in_remission=True, mrd_level=1e-3), as_of=AS_OF)
        assert _ids(result) == [("blinatumomab_mrd",), ("allogeneic_hct",)]
        assert _roles(result) == [_R.CONSOLIDATION, _R.CONSOLIDATION]
        assert _grades(result) == [None, "1B"]
        assert "phase: mrd_positive_cr" in result.steps[0].because
        assert "mrd_level: 0.001" in result.steps[0].because

    def test_mrd_negative_cr(self) -> None:
        """CR without MRD: allogeneic HCT (1B) alone."""
        result = pathway(adult_in_relapse(in_remission=True), as_of=AS_OF)
        assert _ids(result) == [("allogeneic_hct",)]
        assert _grades(result) == ["1B"]
        assert "phase: in_cr" in result.steps[0].because

    def test_hla_typing_requested_when_not_done(self) -> None:
        """Without HLA typing an evaluation step asks for it before HCT."""
        patient = with_course(adult_in_relapse(in_remission=True), hla_typed=None)
        result = pathway(patient, as_of=AS_OF)
        assert _roles(result) == [_R.EVALUATION, _R.CONSOLIDATION]
        assert "HLA" in result.steps[0].text
        assert "hla_typed: unknown" in result.steps[0].because


class TestCns:
    """CNS involvement gets CNS-directed therapy; an unsettled CNS status asks for an LP."""

    def test_isolated_cns_relapse_starts_with_cns_therapy(self) -> None:
        """Isolated CNS relapse: CNS-directed therapy first, then the usual induction."""
        patient = adult_in_relapse(relapse_site=RelapseSite.ISOLATED_CNS, cns=CnsStatus.CNS3)
        result = pathway(patient, as_of=AS_OF)
        assert _ids(result) == [
            ("cns_directed_therapy",),
            ("blinatumomab", "inotuzumab_ozogamicin"),
            ("cytarabine_based_salvage",),
            ("clinical_trial",),
            ("allogeneic_hct",),
        ]
        assert _roles(result)[0] is _R.CNS_DIRECTED
        assert _grades(result) == [None, "2B", None, None, "1B"]
        assert "isolated_cns_relapse: yes" in result.steps[0].because
        assert "cns_status: CNS3" in result.steps[0].because

    def test_cns_involvement_with_marrow_relapse(self) -> None:
        """CNS3 with a marrow relapse: CNS-directed therapy alongside, before consolidation."""
        result = pathway(adult_in_relapse(cns=CnsStatus.CNS3), as_of=AS_OF)
        assert _roles(result) == [
            _R.PREFERRED,
            _R.ACCEPTABLE_ALTERNATIVE,
            _R.CLINICAL_TRIAL,
            _R.CNS_DIRECTED,
            _R.CONSOLIDATION,
        ]
        assert result.steps[3].option_ids == ("cns_directed_therapy",)
        assert "cns_involved: yes" in result.steps[3].because

    def test_unknown_cns_status_asks_for_lumbar_puncture(self) -> None:
        """No CSF result: the first step asks for a lumbar puncture, naming no option."""
        result = pathway(adult_in_relapse(cns=None), as_of=AS_OF)
        step = result.steps[0]
        assert step.role is _R.EVALUATION
        assert step.option_ids == ()
        assert "lumbar puncture" in step.text
        assert step.because == ("cns_status: unknown", "cns_involved: unknown")
        assert _roles(result)[1:] == [
            _R.PREFERRED,
            _R.ACCEPTABLE_ALTERNATIVE,
            _R.CLINICAL_TRIAL,
            _R.CONSOLIDATION,
        ]

    def test_traumatic_tap_with_blasts_asks_again(self) -> None:
        """A blood-contaminated CSF with blasts (CNS2b) leaves CNS status unsettled."""
        result = pathway(adult_in_relapse(cns=CnsStatus.CNS2B), as_of=AS_OF)
        assert result.steps[0].role is _R.EVALUATION
        assert "cns_status: CNS2b" in result.steps[0].because

    def test_cns1_adds_no_cns_step(self) -> None:
        """A clear CSF (CNS1) adds no CNS step."""
        result = pathway(adult_in_relapse(cns=CnsStatus.CNS1), as_of=AS_OF)
        assert _R.CNS_DIRECTED not in _roles(result)
        assert _R.EVALUATION not in _roles(result)


class TestUnknownFacts:
    """An unknown fact a branch depends on gives an evaluation step, never a guessed branch."""

    def test_unknown_ph_status(self) -> None:
        """Ph status unknown: BCR-ABL1 testing first; no induction branch is chosen."""
        result = pathway(adult_in_relapse(ph=None), as_of=AS_OF)
        assert _ids(result) == [(), ("clinical_trial",), ("allogeneic_hct",)]
        assert _roles(result) == [_R.EVALUATION, _R.CLINICAL_TRIAL, _R.CONSOLIDATION]
        assert "BCR-ABL1" in result.steps[0].text
        assert "ph_status: unknown" in result.steps[0].because

    def test_unknown_lineage(self) -> None:
        """Lineage unknown: immunophenotyping first; no lineage-specific step."""
        result = pathway(adult_in_relapse(lineage=None), as_of=AS_OF)
        assert _ids(result) == [(), ("clinical_trial",), ("allogeneic_hct",)]
        assert result.steps[0].because == ("lineage: unknown",)

    def test_unknown_phase(self) -> None:
        """No remission, relapse or failed line on record: only the disease assessment."""
        patient = with_course(adult_in_relapse(), relapses=(), remissions=(), treatment_lines=())
        result = pathway(patient, as_of=AS_OF)
        assert _roles(result) == [_R.EVALUATION]
        assert "phase: unknown" in result.steps[0].because


class TestPalliation:
    """Preference, frailty or comorbidity leads to symptom-directed care."""

    def test_frail_patient_preferring_palliation(self) -> None:
        """A stated preference puts palliative care first, the treatment steps after it."""
        result = pathway(_frail(), as_of=AS_OF)
        assert _ids(result) == [
            ("palliative_care",),
            ("blinatumomab", "inotuzumab_ozogamicin"),
            ("cytarabine_based_salvage",),
            ("clinical_trial",),
        ]
        assert _roles(result)[0] is _R.PALLIATION
        assert result.steps[0].grade is None
        assert result.steps[0].because == (
            "prefers_palliative_care: yes",
            "fit_for_intensive_therapy: no",
        )

    def test_unfit_without_preference_sees_palliation_first(self) -> None:
        """Unfit for intensive therapy, no stated preference: palliative care is among the
        first options (audit: it came last), and no Grade 1B transplant step follows."""
        result = pathway(adult_in_relapse(fit=False), as_of=AS_OF)
        first = result.steps[0]
        assert first.role is _R.PALLIATION
        assert first.option_ids == ("palliative_care",)
        assert "unfit" in first.text
        assert "fit_for_intensive_therapy: no" in first.because
        assert "1B" not in _grades(result)
        assert ("allogeneic_hct",) not in _ids(result)

    def test_fit_first_relapse_has_no_palliation(self) -> None:
        """A fit patient in first relapse without that preference has no palliation step."""
        assert _R.PALLIATION not in _roles(pathway(adult_in_relapse(), as_of=AS_OF))


class TestGrade1B:
    """Grade 1B is remission induction followed by allogeneic HCT for relapsed disease."""

    def test_first_remission_without_relapse_has_no_1b(self) -> None:
        """A first remission never relapsed is not the review's relapsed setting (audit)."""
        first_cr = with_course(adult_in_relapse(in_remission=True, mrd_level=0.0), relapses=())
        first_cr = with_course(first_cr, remissions=first_cr.course.remissions[:1])
        assert "1B" not in _grades(pathway(first_cr, as_of=AS_OF))

    def test_high_risk_first_remission_is_an_ungraded_hct_step(self) -> None:
        """A high-risk first remission may lead to HCT, without the review's grade."""
        first_cr = with_course(adult_in_relapse(in_remission=True, mrd_level=0.0), relapses=())
        first_cr = with_course(
            first_cr, remissions=first_cr.course.remissions[:1], cr1_high_risk=True
        )
        steps = [
            s for s in pathway(first_cr, as_of=AS_OF).steps if s.option_ids == ("allogeneic_hct",)
        ]
        assert [(s.grade, "high risk" in s.text) for s in steps] == [(None, True)]

    def test_second_remission_keeps_1b(self) -> None:
        """A remission after a relapse: Grade 1B transplant."""
        assert "1B" in _grades(pathway(adult_in_relapse(in_remission=True), as_of=AS_OF))


class TestScreeningReasons:
    """A step never proposes an option that screening rules out without saying why."""

    def test_nelarabine_in_first_relapse_says_off_label(self) -> None:
        """T-ALL in first relapse: nelarabine is proposed (review) and the step says the
        label asks for two regimens, so its use here is off-label (audit)."""
        result = pathway(adult_in_relapse(lineage=Lineage.T, cd19=False, cd22=False), as_of=AS_OF)
        (step,) = [s for s in result.steps if "nelarabine" in s.option_ids]
        status = step.statuses[step.option_ids.index("nelarabine")]
        assert status is Status.NOT_ELIGIBLE
        assert "Screening: nelarabine is not eligible" in step.text
        assert "off-label" in step.text


class TestEveryVignette:
    """Invariants that hold for every branch."""

    @pytest.mark.parametrize("name", sorted(_vignettes()))
    def test_only_the_reviews_grades_where_it_gives_them(self, name: str) -> None:
        """2B only on blinatumomab/inotuzumab, 1B only on allogeneic HCT, nothing else."""
        for step in pathway(_vignettes()[name], as_of=AS_OF).steps:
            assert step.grade in (None, *REVIEW_GRADES)
            if step.grade == "2B":
                assert step.option_ids == ("blinatumomab", "inotuzumab_ozogamicin")
            if step.grade == "1B":
                assert step.option_ids == ("allogeneic_hct",)

    @pytest.mark.parametrize("name", sorted(_vignettes()))
    def test_options_are_catalogue_therapies(self, name: str) -> None:
        """Every option id is a catalogue therapy id."""
        for step in pathway(_vignettes()[name], as_of=AS_OF).steps:
            assert set(step.option_ids) <= set(THERAPY_IDS)

    @pytest.mark.parametrize("name", sorted(_vignettes()))
    def test_because_names_facts(self, name: str) -> None:
        """Every ``because`` entry is ``fact: value`` for a declared fact."""
        for step in pathway(_vignettes()[name], as_of=AS_OF).steps:
            for entry in step.because:
                fact, _, value = entry.partition(": ")
                assert fact in _FACT_NAMES
                assert value

    @pytest.mark.parametrize("name", sorted(_vignettes()))
    def test_every_step_cites_the_review(self, name: str) -> None:
        """Every step has citations, all from the review, and a sentence of text."""
        for step in pathway(_vignettes()[name], as_of=AS_OF).steps:
            assert step.citations
            assert all(citation.startswith("review") for citation in step.citations)
            assert step.text.endswith(".")


class TestStatuses:
    """Statuses are the report's, shown beside each option."""

    def test_statuses_match_the_report(self) -> None:
        """A screened option shows the report's status; an unscreened one shows None."""
        patient = adult_in_relapse(relapses=2, age=24)
        report = screen(patient, as_of=AS_OF)
        for step in pathway(patient, as_of=AS_OF, report=report).steps:
            assert len(step.statuses) == len(step.option_ids)
            for option_id, status in zip(step.option_ids, step.statuses, strict=True):
                expected = report[option_id].status if option_id in report.ids else None
                assert status is expected

    def test_given_report_is_used(self) -> None:
        """With a report of one option, only that option has a status."""
        patient = adult_in_relapse()
        report = screen(patient, as_of=AS_OF, options=["blinatumomab"])
        result = pathway(patient, as_of=AS_OF, report=report)
        statuses = {
            option_id: status
            for step in result.steps
            for option_id, status in zip(step.option_ids, step.statuses, strict=True)
        }
        assert statuses["blinatumomab"] is report["blinatumomab"].status
        assert isinstance(statuses["blinatumomab"], Status)
        assert statuses["allogeneic_hct"] is None
        assert _ids(result)[0] == ("blinatumomab", "inotuzumab_ozogamicin")

    def test_report_of_another_date_is_refused(self) -> None:
        """A report for another date raises RuleError."""
        patient = adult_in_relapse()
        report = screen(patient, as_of=AS_OF - timedelta(days=1))
        with pytest.raises(RuleError, match="as of"):
            pathway(patient, as_of=AS_OF, report=report)

    def test_report_of_another_jurisdiction_is_refused(self) -> None:
        """A report under EU labels with jurisdiction US raises RuleError."""
        patient = adult_in_relapse()
        report = screen(patient, as_of=AS_OF, jurisdiction="EU")
        with pytest.raises(RuleError, match="EU"):
            pathway(patient, as_of=AS_OF, report=report)

    def test_jurisdiction_is_recorded(self) -> None:
        """The pathway records the jurisdiction and ruleset it was screened under."""
        result = pathway(adult_in_relapse(), as_of=AS_OF, jurisdiction="EU")
        assert result.jurisdiction.value == "EU"
        assert result.ruleset == "review-2022-12"
        assert result.as_of == AS_OF

    def test_unknown_jurisdiction_is_refused(self) -> None:
        """An unknown jurisdiction raises RuleError."""
        with pytest.raises(RuleError, match="jurisdiction"):
            pathway(adult_in_relapse(), as_of=AS_OF, jurisdiction="UK")  # type: ignore[arg-type]


class TestImmutability:
    """Pathways and steps are frozen and validated."""

    def test_step_is_frozen(self) -> None:
        """Assigning to a step's field raises FrozenInstanceError."""
        step = pathway(adult_in_relapse(), as_of=AS_OF).steps[0]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            step.grade = "1A"  # type: ignore[misc]

    def test_pathway_is_frozen(self) -> None:
        """Assigning to a pathway's steps raises FrozenInstanceError; steps is a tuple."""
        result = pathway(adult_in_relapse(), as_of=AS_OF)
        assert isinstance(result.steps, tuple)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.steps = ()  # type: ignore[misc]

    def test_grade_outside_the_review_is_refused(self) -> None:
        """A grade the review does not use raises ValidationError naming the field."""
        with pytest.raises(ValidationError, match="grade"):
            PathwayStep(
                order=1,
                role=StepRole.PREFERRED,
                option_ids=("blinatumomab",),
                statuses=(None,),
                grade="1A",
                text="Something.",
                citations=("review",),
                because=(),
            )

    def test_statuses_must_match_options(self) -> None:
        """One status per option, else ValidationError."""
        with pytest.raises(ValidationError, match="statuses"):
            PathwayStep(
                order=1,
                role=StepRole.PREFERRED,
                option_ids=("blinatumomab", "inotuzumab_ozogamicin"),
                statuses=(None,),
                grade=None,
                text="Something.",
                citations=("review",),
                because=(),
            )

    def test_orders_must_run_from_one(self) -> None:
        """Steps numbered other than 1..n raise ValidationError."""
        step = pathway(adult_in_relapse(), as_of=AS_OF).steps[1]
        with pytest.raises(ValidationError, match="orders"):
            attrs.evolve(pathway(adult_in_relapse(), as_of=AS_OF), steps=(step,))


class TestRenderings:
    """Text, Markdown and dict renderings hold every step and no identifier."""

    def test_to_text_lists_steps_in_order(self) -> None:
        """Each step's order, role and option ids appear in order in the text."""
        result = pathway(adult_in_relapse(relapses=2, age=24), as_of=AS_OF)
        text = result.to_text()
        positions = [text.index(f"{step.order}. {step.role.value}") for step in result.steps]
        assert positions == sorted(positions)
        for step in result.steps:
            for option_id in step.option_ids:
                assert option_id in text
        assert "2B" in text
        assert "1B" in text
        assert str(result) == text

    def test_to_text_is_aligned_and_wrapped(self) -> None:
        """Options start in one column and no line passes the width."""
        result = pathway(adult_in_relapse(relapses=2, age=24), as_of=AS_OF)
        lines = result.to_text(width=100).splitlines()
        assert all(len(line) <= 100 for line in lines)
        heads = [line for line in lines if line[:5].strip().rstrip(".").isdigit()]
        columns = {
            line.index(f"{step.option_ids[0]} (")
            for line, step in zip(heads, result.steps, strict=True)
        }
        assert len(columns) == 1

    def test_to_markdown_holds_each_step(self) -> None:
        """The Markdown table has a row per step with its text, options and grade."""
        result = pathway(adult_in_relapse(ph=PhStatus.POSITIVE, t315i=True), as_of=AS_OF)
        markdown = result.to_markdown()
        rows = [
            line for line in markdown.splitlines() if line.startswith("| ") and "---" not in line
        ]
        assert len(rows) == len(result.steps) + 1
        for step in result.steps:
            assert step.text in markdown
            for option_id in step.option_ids:
                assert f"`{option_id}`" in markdown

    def test_to_dict_mirrors_the_steps(self) -> None:
        """The dict has the format, date and, per step, order, role, options, grade, because."""
        result = pathway(adult_in_relapse(), as_of=AS_OF)
        found = result.to_dict()
        assert found["format"] == PATHWAY_FORMAT
        assert found["as_of"] == "2022-12-31"
        assert [step["order"] for step in found["steps"]] == [1, 2, 3, 4]
        first = found["steps"][0]
        assert first["role"] == "preferred"
        assert first["grade"] == "2B"
        assert [option["id"] for option in first["options"]] == [
            "blinatumomab",
            "inotuzumab_ozogamicin",
        ]
        assert "ph_status: negative" in first["because"]
        assert json.loads(result.to_json()) == found

    def test_no_identifier_or_birth_date_in_any_rendering(self) -> None:
        """No identifier value or date of birth appears in text, Markdown, dict, repr or HTML."""
        patient = attrs.evolve(
            adult_in_relapse(relapses=2, age=24),
            identifiers=(Identifier(system="mrn", value="MRN-7741190"),),
        )
        result = pathway(patient, as_of=AS_OF)
        born = patient.date_of_birth
        assert born is not None
        renderings = (
            result.to_text(),
            result.to_markdown(),
            result.to_json(),
            repr(result),
            repr(result.steps),
            result._repr_html_(),
        )
        for rendering in renderings:
            assert "MRN-7741190" not in rendering
            assert born.isoformat() not in rendering


class TestProvenance:
    """A pathway says which exact rules gave it and resolves the sources it cites."""

    def test_records_the_rulesets_content_hash(self) -> None:
        """The dict carries the hash; the text header its short form."""
        result = pathway(adult_in_relapse(), as_of=AS_OF)
        content_hash = default_ruleset().content_hash
        document = result.to_dict()
        assert document["format"] == "allmodel.pathway/2"
        assert document["ruleset"]["hash"] == content_hash == result.ruleset_hash
        assert content_hash[: len("sha256:") + 12] in result.to_text().splitlines()[0]

    def test_resolves_every_cited_source_once(self) -> None:
        """``sources`` holds each id the steps cite, in order of first citation, with its
        citation text."""
        result = pathway(adult_in_relapse(relapses=2, age=24), as_of=AS_OF)
        cited = list(dict.fromkeys(c for step in result.steps for c in step.citations))
        sources = result.to_dict()["sources"]
        assert cited
        assert list(sources) == cited
        assert sources == {source_id: source(source_id).citation for source_id in cited}
