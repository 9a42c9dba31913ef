"""Vignettes for the clinical audit's findings: no false "eligible".

One test (or a small class) per finding of the audit of the default ruleset, each written
from the sources (the review, the labels and the trials' confirmed entry criteria) and
each failing on the ruleset before the audit was addressed. The example patients the
audit named are screened as they ship; the other vignettes start from the typical adult
of ``tests/builders.py`` and change one thing.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

from allmodel import Agent, MrdResult, Patient, Remission, load_patient
from allmodel.catalogue import default_ruleset
from allmodel.clinical import prior_regimen_count
from allmodel.criteria import JurisdictionCode, walk
from allmodel.model import (
    BestResponse,
    CnsAssessment,
    CnsStatus,
    Comparator,
    Condition,
    Finding,
    Intent,
    KinaseDomainAnalysis,
    Lineage,
    MrdMethod,
    PhStatus,
    RelapseSite,
    RemissionKind,
    Sample,
    StopReason,
)
from allmodel.report import OptionResult, Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse, failed_ids, with_course, with_disease

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "allmodel" / "examples" / "patients"
ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN
LATEST_RELAPSE = AS_OF - timedelta(days=30)


def example(name: str) -> Patient:
    """A bundled example patient."""
    return load_patient(EXAMPLES / f"{name}.json")


def result(patient: Patient, option: str, jurisdiction: JurisdictionCode = "US") -> OptionResult:
    """One option's result on AS_OF."""
    return screen(patient, as_of=AS_OF, options=[option], jurisdiction=jurisdiction)[option]


def status(patient: Patient, option: str, jurisdiction: JurisdictionCode = "US") -> Status:
    """One option's status on AS_OF."""
    return result(patient, option, jurisdiction).status


def not_eligible_because(patient: Patient, option: str, criterion: str) -> OptionResult:
    """Assert the option is not eligible and ``criterion`` is among the reasons."""
    found = result(patient, option)
    assert found.status is NOT_ELIGIBLE, (option, found.status, found.missing)
    assert criterion in failed_ids(found.failed), failed_ids(found.failed)
    return found


def unknown_for(patient: Patient, option: str, field: str) -> OptionResult:
    """Assert the option is unknown and ``field`` is among the missing paths."""
    found = result(patient, option)
    assert found.status is UNKNOWN, (option, found.status, failed_ids(found.failed))
    assert field in found.missing, found.missing
    return found


# --- the examples named by the audit ---------------------------------------------------------


class TestCd19NegativeAfterBlinatumomab:
    """CD19-negative relapse after blinatumomab: no CD19-directed product is eligible."""

    @pytest.mark.parametrize(
        "option",
        [
            "blinatumomab",
            "tisagenlecleucel",
            "brexucabtagene_autoleucel",
            "eliana",
            "msk_19_28z",
            "ctl019_maude",
            "zuma_3",
        ],
    )
    def test_cd19_directed_options_not_eligible(self, option: str) -> None:
        """Known CD19-negative disease excludes every CD19-directed option."""
        assert status(example("cd19_negative_after_blinatumomab"), option) is NOT_ELIGIBLE

    def test_reason_is_cd19(self) -> None:
        """The reason shown is the CD19 criterion, with the result observed."""
        found = not_eligible_because(
            example("cd19_negative_after_blinatumomab"),
            "brexucabtagene_autoleucel",
            "cd19_positive",
        )
        (node,) = [n for n in found.failed if n.id == "cd19_positive"]
        assert node.observed == "no on 2022-09-26"


class TestOlderFrailPalliative:
    """ECOG 3 and judged unfit: no intensive regimen is eligible."""

    @pytest.mark.parametrize(
        "option",
        [
            "cytarabine_based_salvage",
            "clofarabine_cytarabine",
            "alkylator_salvage",
            "weiss_idarubicin_cytarabine",
        ],
    )
    def test_intensive_regimens_not_eligible(self, option: str) -> None:
        """Fitness for intensive therapy is a condition of every intensive regimen."""
        not_eligible_because(example("older_frail_palliative"), option, "fit_for_intensive_therapy")

    def test_palliative_care_eligible(self) -> None:
        """Palliative care is always available on request."""
        assert status(example("older_frail_palliative"), "palliative_care") is ELIGIBLE


class TestIsolatedExtramedullaryRelapse:
    """An isolated CNS or testicular relapse (marrow blasts < 5 %)."""

    @pytest.mark.parametrize("name", ["isolated_cns_relapse", "isolated_testicular_relapse"])
    @pytest.mark.parametrize(
        "option", ["blinatumomab", "inotuzumab_ozogamicin", "brexucabtagene_autoleucel"]
    )
    def test_systemic_immunotherapy_not_eligible(self, name: str, option: str) -> None:
        """The products were studied in marrow disease; local therapy comes first."""
        found = not_eligible_because(example(name), option, "systemic_disease")
        (node,) = [n for n in found.failed if n.id == "systemic_disease"]
        assert "treat an isolated CNS or other extramedullary relapse locally first" in node.text

    @pytest.mark.parametrize("name", ["isolated_cns_relapse", "isolated_testicular_relapse"])
    @pytest.mark.parametrize("option", ["tower", "ino_vate", "zuma_3"])
    def test_trials_requiring_marrow_blasts_not_eligible(self, name: str, option: str) -> None:
        """TOWER (> 5 %), INO-VATE (>= 5 %) and ZUMA-3 (> 5 %) needed marrow disease."""
        assert status(example(name), option) is NOT_ELIGIBLE

    def test_cns_directed_therapy_eligible(self) -> None:
        """The isolated CNS relapse is eligible for CNS-directed therapy."""
        assert status(example("isolated_cns_relapse"), "cns_directed_therapy") is ELIGIBLE

    def test_builder_vignette(self) -> None:
        """The same rule on the builder's patient with an isolated CNS relapse."""
        patient = adult_in_relapse(relapse_site=RelapseSite.ISOLATED_CNS)
        not_eligible_because(patient, "blinatumomab", "systemic_disease")
        assert status(patient, "blinatumomab", "EU") is NOT_ELIGIBLE


class TestOneFrontlineProgramme:
    """Induction, consolidation, maintenance and HCT in CR1 are one regimen."""

    def test_ph_positive_t315i_counts_one_prior_regimen(self) -> None:
        """Its frontline and maintenance phases count once (it counted two)."""
        assert prior_regimen_count(example("ph_positive_t315i"), as_of=AS_OF) == 1

    def test_zuma3_more_than_two_lines_counts_regimens(self) -> None:
        """Three phases of one programme do not make 'more than 2 lines of therapy'."""
        patient = adult_in_relapse()
        first = patient.course.treatment_lines[0]
        assert first.end is not None
        third = (first.end - first.start) / 3
        phases = (
            attrs.evolve(first, end=first.start + third),
            attrs.evolve(
                first, start=first.start + third + timedelta(days=1), end=first.start + 2 * third
            ),
            attrs.evolve(first, start=first.start + 2 * third + timedelta(days=1)),
        )
        split = with_course(patient, treatment_lines=phases)
        assert prior_regimen_count(split, as_of=AS_OF) == 1


# --- the ruleset's findings ----------------------------------------------------------------


class TestZuma3Cns3c:
    """ZUMA-3 excludes CNS-3 of every subcategory, CNS3c (cranial nerve palsy) included."""

    def test_cns3c_not_eligible(self) -> None:
        """CNS3c was missing from the exclusion."""
        conditions = dict.fromkeys(
            (
                Condition.ACTIVE_INFECTION,
                Condition.ACTIVE_GVHD,
                Condition.RECENT_IMMUNOSUPPRESSION,
                Condition.CNS_DISORDER_HISTORY,
            ),
            False,
        )
        eligible = adult_in_relapse(cr1_months=12, conditions=conditions)
        assert status(eligible, "zuma_3") is ELIGIBLE
        patient = adult_in_relapse(cr1_months=12, conditions=conditions, cns=CnsStatus.CNS3C)
        found = not_eligible_because(patient, "zuma_3", "not_cns3")
        assert [node.id for node in found.failed] == ["not_cns3"]


class TestFitnessForIntensiveTherapy:
    """Every intensive regimen, and every trial that gives intensive chemotherapy."""

    INTENSIVE = (
        "cytarabine_based_salvage",
        "clofarabine_cytarabine",
        "alkylator_salvage",
        "tower",
        "ino_vate",
        "weiss_idarubicin_cytarabine",
        "swog_s0530",
    )

    @staticmethod
    def patient(fit: bool | None) -> Patient:
        """An untreated first relapse after an 11-month CR1 (within TOWER's states)."""
        conditions = {Condition.ACTIVE_INFECTION: False, Condition.PSYCHIATRIC_DISORDER: False}
        return adult_in_relapse(cr1_months=11, fit=fit, conditions=conditions)

    @pytest.mark.parametrize("option", INTENSIVE)
    def test_fit_eligible(self, option: str) -> None:
        """Judged fit (and otherwise eligible): eligible, so fitness is what decides."""
        assert status(self.patient(True), option) is ELIGIBLE

    @pytest.mark.parametrize("option", INTENSIVE)
    def test_unfit_not_eligible(self, option: str) -> None:
        """Judged unfit: not eligible."""
        not_eligible_because(self.patient(False), option, "fit_for_intensive_therapy")

    @pytest.mark.parametrize("option", INTENSIVE)
    def test_fitness_unrecorded_unknown(self, option: str) -> None:
        """Fitness not recorded: unknown, never eligible."""
        unknown_for(self.patient(None), option, "fit_for_intensive_therapy")

    def test_frontline_like_reinduction(self) -> None:
        """A late relapse in an unfit patient: no frontline-like reinduction."""
        patient = adult_in_relapse(cr1_months=36, months_initial_therapy_to_relapse=30, fit=False)
        not_eligible_because(patient, "frontline_like_reinduction", "fit_for_intensive_therapy")
        fit = adult_in_relapse(cr1_months=36, months_initial_therapy_to_relapse=30)
        assert status(fit, "frontline_like_reinduction") is ELIGIBLE

    def test_hypercvad_dasatinib(self) -> None:
        """Hyper-CVAD with dasatinib is intensive too."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, fit=False)
        not_eligible_because(patient, "hypercvad_dasatinib", "fit_for_intensive_therapy")


class TestInotuzumabHepatic:
    """Inotuzumab: the label's hepatic conditions (B.2) and sinusoidal obstruction."""

    @pytest.mark.parametrize(
        ("bilirubin", "expected"), [(1.49, ELIGIBLE), (1.5, ELIGIBLE), (1.51, NOT_ELIGIBLE)]
    )
    def test_bilirubin_1_5_uln(self, bilirubin: float, expected: Status) -> None:
        """Total bilirubin at most 1.5 x ULN."""
        patient = adult_in_relapse(lab_overrides={"bilirubin_x_uln": bilirubin})
        assert status(patient, "inotuzumab_ozogamicin") is expected

    @pytest.mark.parametrize("analyte", ["ast_x_uln", "alt_x_uln"])
    @pytest.mark.parametrize(
        ("multiple", "expected"), [(2.49, ELIGIBLE), (2.5, ELIGIBLE), (2.51, NOT_ELIGIBLE)]
    )
    def test_transaminases_2_5_uln(self, analyte: str, multiple: float, expected: Status) -> None:
        """AST and ALT each at most 2.5 x ULN."""
        patient = adult_in_relapse(lab_overrides={analyte: multiple})
        assert status(patient, "inotuzumab_ozogamicin") is expected

    def test_prior_sos_not_eligible(self) -> None:
        """Prior or ongoing sinusoidal obstruction syndrome: not eligible."""
        patient = adult_in_relapse(sos=True)
        not_eligible_because(
            patient, "inotuzumab_ozogamicin", "not_sinusoidal_obstruction_syndrome"
        )

    def test_sos_history_unrecorded_unknown(self) -> None:
        """No record of the SOS history: unknown."""
        unknown_for(
            adult_in_relapse(sos=None),
            "inotuzumab_ozogamicin",
            "conditions[sinusoidal_obstruction_syndrome]",
        )

    def test_sos_absent_recorded_before_the_latest_regimen_unknown(self) -> None:
        """'No SOS' assessed before the latest regimen no longer counts (a history can
        begin with any treatment)."""
        patient = adult_in_relapse(
            salvage=[((Agent.INOTUZUMAB_OZOGAMICIN,), BestResponse.NO_RESPONSE, None)],
            assessed=LATEST_RELAPSE - timedelta(days=1),
            ecog=None,
            fit=None,
        )
        unknown_for(patient, "inotuzumab_ozogamicin", "conditions[sinusoidal_obstruction_syndrome]")


class TestBlinatumomabMrdNeedsCr:
    """The MRD indication is for complete remission: CRh and CRi do not qualify."""

    @pytest.mark.parametrize(
        ("kind", "expected"),
        [
            (RemissionKind.CR, ELIGIBLE),
            (RemissionKind.CRH, NOT_ELIGIBLE),
            (RemissionKind.CRI, NOT_ELIGIBLE),
        ],
    )
    def test_remission_kind(self, kind: RemissionKind, expected: Status) -> None:
        """CR eligible; CRh and CRi not."""
        patient = adult_in_relapse(in_remission=True, mrd_level=1e-2)
        remissions = list(patient.course.remissions)
        remissions[-1] = Remission(kind=kind, date=remissions[-1].date)
        patient = with_course(patient, remissions=tuple(remissions))
        assert status(patient, "blinatumomab_mrd") is expected


class TestLineageSettles:
    """Facts the recorded lineage already settles are not asked for."""

    def test_t_all_not_eligible_for_inotuzumab_phase12_without_cd22(self) -> None:
        """CD22 is a B-cell molecule: T-ALL is decided by lineage, no CD22 result needed."""
        patient = adult_in_relapse(lineage=Lineage.T, cd22=None)
        not_eligible_because(patient, "inotuzumab_phase12", "b_precursor")

    @pytest.mark.parametrize("option", ["swog_s0530", "zuma_3"])
    def test_burkitt_not_asked_when_lineage_is_recorded(self, option: str) -> None:
        """A precursor lineage settles 'not Burkitt'."""
        found = result(adult_in_relapse(), option)
        assert "conditions[burkitt]" not in found.missing


class TestAnyGroupReason:
    """A failed "any of" group is reported by its own text."""

    def test_tower_disease_state(self) -> None:
        """TOWER for a late first relapse: the reason is the disease-state group, not its
        first part 'refractory to primary induction'."""
        patient = adult_in_relapse(cr1_months=24, fit=True)
        found = result(patient, "tower")
        assert found.status is NOT_ELIGIBLE
        assert [node.id for node in found.failed] == ["disease_state"]
        assert found.failed[0].text.startswith("refractory, untreated first relapse")


class TestNoSilentConditions:
    """A label or trial condition the record cannot decide is a recorded fact."""

    @pytest.mark.parametrize("option", ["tisagenlecleucel", "brexucabtagene_autoleucel"])
    def test_car_t_needs_a_certified_centre(self, option: str) -> None:
        """REMS / certified centre: unknown until recorded, not eligible if not certified."""
        patient = adult_in_relapse(age=22, relapses=2, certified_centre=None)
        unknown_for(patient, option, "certified_car_t_centre")
        patient = adult_in_relapse(age=22, relapses=2, certified_centre=False)
        not_eligible_because(patient, option, "certified_car_t_centre")
        assert status(adult_in_relapse(age=22, relapses=2), option) is ELIGIBLE

    def test_no_option_note_says_not_encoded(self) -> None:
        """No option's notes call an excluding condition 'not encoded'."""
        for option in default_ruleset().options:
            for note in option.notes:
                assert "not encoded" not in note.lower(), (option.id, note)

    def test_every_judgement_fact_is_read_somewhere(self) -> None:
        """The judgement facts are each read by at least one criterion (no dead fact)."""
        read = {
            node.fact
            for option in default_ruleset().options
            for node in walk(option.criteria)
            if hasattr(node, "fact")
        }
        assert {
            "hct_candidate",
            "no_alternative_treatment",
            "no_other_tki_indicated",
            "adequate_organ_function",
            "certified_car_t_centre",
            "fit_for_intensive_therapy",
        } <= read


# --- a result is only as current as its facts ---------------------------------------------


class TestCurrentFacts:
    """Dated results count only while current; older ones are unknown, with the reason."""

    def test_csf_before_the_latest_relapse_is_unknown(self) -> None:
        """A CNS1 result from before the relapse does not clear the CNS now."""
        patient = with_disease(
            adult_in_relapse(cr1_months=11),
            cns=(CnsAssessment(status=CnsStatus.CNS1, date=LATEST_RELAPSE - timedelta(days=1)),),
        )
        found = unknown_for(patient, "tower", "disease.cns")
        (node,) = [n for n in found.unknown if n.fact == "cns_involved"]
        assert node.remark is not None
        assert "dated before the latest relapse" in node.remark

    def test_csf_on_the_relapse_date_counts(self) -> None:
        """A CSF result taken on the day of the relapse is current."""
        patient = with_disease(
            adult_in_relapse(cr1_months=11),
            cns=(CnsAssessment(status=CnsStatus.CNS1, date=LATEST_RELAPSE),),
        )
        assert status(patient, "tower") is ELIGIBLE

    def test_mutation_analysis_before_the_relapse_is_unknown(self) -> None:
        """A kinase-domain analysis from before the relapse is repeated."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE)
        old = KinaseDomainAnalysis(date=LATEST_RELAPSE - timedelta(days=1), mutations=())
        unknown_for(
            with_disease(patient, kinase_domain=old), "tki_based_therapy", "disease.kinase_domain"
        )

    def test_mutation_analysis_before_a_later_tki_failure_is_unknown(self) -> None:
        """An analysis after the relapse but before a TKI failed since is repeated too."""
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE,
            t315i=False,
            salvage=[((Agent.DASATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)],
        )
        analysis = KinaseDomainAnalysis(date=LATEST_RELAPSE + timedelta(days=1), mutations=())
        unknown_for(
            with_disease(patient, kinase_domain=analysis),
            "tki_based_therapy",
            "disease.kinase_domain",
        )

    def test_tki_line_of_unknown_outcome_may_have_failed(self) -> None:
        """Regression (soundness): an analysis before the end of a TKI line whose outcome
        is not recorded may predate a failure, so it is unknown; recording the outcome
        can then only make it current, never the reverse."""
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE,
            t315i=False,
            salvage=[((Agent.DASATINIB,), None, StopReason.COMPLETED)],
        )
        analysis = KinaseDomainAnalysis(date=LATEST_RELAPSE + timedelta(days=1), mutations=())
        early = with_disease(patient, kinase_domain=analysis)
        unknown_for(early, "tki_based_therapy", "disease.kinase_domain")
        lines = list(early.course.treatment_lines)
        lines[1] = attrs.evolve(lines[1], best_response=BestResponse.NO_RESPONSE)
        failed = with_course(early, treatment_lines=tuple(lines))
        unknown_for(failed, "tki_based_therapy", "disease.kinase_domain")
        # an outcome that is not a failure (not CR: a line since the relapse reaching a
        # remission no remission record lists leaves the phase unknown, test_audit2.py
        # _UNLISTED_REMISSION)
        lines[1] = attrs.evolve(lines[1], best_response=BestResponse.NOT_EVALUABLE)
        assert status(with_course(early, treatment_lines=tuple(lines)), "tki_based_therapy") is (
            ELIGIBLE
        )

    @pytest.mark.parametrize(("days", "expected"), [(13, ELIGIBLE), (14, ELIGIBLE), (15, UNKNOWN)])
    def test_chemistry_window_14_days(self, days: int, expected: Status) -> None:
        """SWOG S0530's organ function counts within 14 days: 14 days old still counts."""
        conditions = {
            Condition.ACTIVE_INFECTION: False,
            Condition.PSYCHIATRIC_DISORDER: False,
        }
        patient = adult_in_relapse(conditions=conditions)
        moved = tuple(attrs.evolve(lab, date=AS_OF - timedelta(days=days)) for lab in patient.labs)
        assert status(attrs.evolve(patient, labs=moved), "swog_s0530") is expected

    @pytest.mark.parametrize(("days", "expected"), [(27, ELIGIBLE), (28, ELIGIBLE), (29, UNKNOWN)])
    def test_ecog_window_28_days(self, days: int, expected: Status) -> None:
        """An ECOG from 29 days ago no longer decides TOWER's ECOG <= 2."""
        patient = adult_in_relapse(cr1_months=11, assessed=AS_OF - timedelta(days=days))
        found = result(patient, "tower")
        assert found.status is expected
        if expected is UNKNOWN:
            assert "ecog" in found.missing

    def test_pregnancy_window_7_days(self) -> None:
        """A negative pregnancy test 8 days old no longer counts for CALGB 19801."""
        patient = adult_in_relapse(
            lineage=Lineage.T,
            conditions={
                Condition.SEIZURE_DISORDER: False,
                Condition.PERIPHERAL_NEUROPATHY: False,
                Condition.PRIOR_SEVERE_NEUROTOXICITY: False,
            },
        )
        patient = attrs.evolve(
            patient, lactating=Finding(value=False, date=AS_OF - timedelta(days=1))
        )
        assert status(patient, "calgb_19801") is ELIGIBLE
        old = attrs.evolve(patient, pregnant=Finding(value=False, date=AS_OF - timedelta(days=8)))
        unknown_for(old, "calgb_19801", "pregnant")

    def test_marrow_from_before_the_latest_regimen_is_unknown(self) -> None:
        """A marrow examination before a salvage line began no longer shows the blasts."""
        patient = adult_in_relapse(
            cr1_months=11,
            salvage=[((Agent.CYTARABINE, Agent.IDARUBICIN), BestResponse.NO_RESPONSE, None)],
        )
        marrow = [lab for lab in patient.labs if lab.analyte == "marrow_blasts"]
        others = [lab for lab in patient.labs if lab.analyte != "marrow_blasts"]
        earlier = attrs.evolve(marrow[0], date=LATEST_RELAPSE)
        unknown_for(attrs.evolve(patient, labs=(*others, earlier)), "tower", "labs[marrow_blasts]")

    def test_stale_result_is_named_in_the_reason(self) -> None:
        """The evidence names the result set aside and the rule it broke."""
        patient = adult_in_relapse(cr1_months=11, assessed=AS_OF - timedelta(days=60))
        (node,) = [n for n in result(patient, "tower").unknown if n.fact == "ecog"]
        assert (
            node.validity
            == "counts only when dated within 28 days before as_of (performance status)"
        )
        assert node.remark is not None
        assert "older than the 28-day window" in node.remark


class TestMrdMustBeCurrent:
    """An MRD result from before the latest regimen no longer shows MRD positivity."""

    @pytest.mark.parametrize("option", ["clinical_trial", "msk_19_28z", "blinatumomab_mrd"])
    def test_mrd_before_a_new_regimen_is_unknown(self, option: str) -> None:
        """MRD 1e-2 in a second remission, then a new regimen began: the result is stale,
        so the MRD-positive branches are unknown (they read the old result before)."""
        patient = adult_in_relapse(in_remission=True, mrd_level=1e-2)
        assert status(patient, option) is ELIGIBLE
        start = AS_OF - timedelta(days=5)
        consolidation = attrs.evolve(
            patient.course.treatment_lines[0],
            start=start,
            end=None,
            stop_reason=StopReason.ONGOING,
            intent=Intent.SALVAGE,
            best_response=None,
        )
        lines = (*patient.course.treatment_lines, consolidation)
        unknown_for(with_course(patient, treatment_lines=lines), option, "mrd")


class TestLimitsAreIntervals:
    """A result reported only as a limit is an interval."""

    def mrd_not_detected(self, sensitivity: float) -> Patient:
        patient = adult_in_relapse(in_remission=True, mrd_level=0.0)
        result_ = MrdResult(
            date=AS_OF - timedelta(days=10),
            method=MrdMethod.FLOW_CYTOMETRY,
            level=0.0,
            sensitivity=sensitivity,
            sample=Sample.BONE_MARROW,
        )
        return attrs.evolve(patient, mrd=(result_,))

    @pytest.mark.parametrize(
        ("sensitivity", "expected"),
        [(1e-2, UNKNOWN), (1.0001e-3, UNKNOWN), (1e-3, NOT_ELIGIBLE), (1e-4, NOT_ELIGIBLE)],
    )
    def test_not_detected_and_the_mrd_cut(self, sensitivity: float, expected: Status) -> None:
        """'Not detected' at s is a level below s: it decides MRD >= 1e-3 only when s is at
        most 1e-3; an insensitive assay leaves it unknown (it was 'not eligible')."""
        found = result(self.mrd_not_detected(sensitivity), "blinatumomab_mrd")
        assert found.status is expected

    def lab_below(self, value: float) -> Patient:
        patient = adult_in_relapse()
        labs = tuple(
            attrs.evolve(lab, value=value, comparator=Comparator.LT)
            if lab.analyte == "bilirubin"
            else lab
            for lab in patient.labs
        )
        return attrs.evolve(patient, labs=labs)

    def test_lab_below_a_limit_decides_when_the_limit_is_under_the_cut(self) -> None:
        """Bilirubin '< 1.2 mg/dL' with ULN 1.2 is below 1 x ULN: within 1.5 x ULN."""
        assert status(self.lab_below(1.2), "inotuzumab_ozogamicin") is ELIGIBLE

    def test_lab_below_a_limit_above_the_cut_is_unknown(self) -> None:
        """Bilirubin '< 3 mg/dL' (< 2.5 x ULN) may be above 1.5 x ULN: unknown."""
        unknown_for(self.lab_below(3.0), "inotuzumab_ozogamicin", "labs[bilirubin]")

    def test_lab_limit_is_shown(self) -> None:
        """The evidence shows the limit as reported."""
        found = result(self.lab_below(3.0), "inotuzumab_ozogamicin")
        (node,) = [n for n in found.unknown if n.fact == "bilirubin_x_uln"]
        assert node.observed is not None
        assert "reported as < 3 mg/dL" in node.observed


def test_examples_still_screen() -> None:
    """Every bundled example screens without error, with a result for every option of the
    catalogue (a smoke test of the migration)."""
    catalogue = [option.id for option in default_ruleset().options]
    for path in sorted(EXAMPLES.glob("*.json")):
        report = screen(load_patient(path), as_of=date(2022, 12, 31))
        assert [result.id for result in report.results] == catalogue, path.stem
