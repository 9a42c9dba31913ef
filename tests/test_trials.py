"""Trial archetypes: golden vignettes for every archetype of REFERENCE-B.

Each class screens hand-built patients (``tests/builders.py``) against one archetype on
``AS_OF`` and states the expected status by hand: eligible, not eligible (with the
criterion that failed) or unknown (with the model field that would decide it). Numeric
thresholds are tested at, just below and just above their bound, with the operator the
source uses.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

from allmodel import Agent, MarkerResult, Patient, Sex, Transplant, load_patient
from allmodel.catalogue import TRIAL_IDS, TRIALS
from allmodel.criteria import All, Any, AtLeast, Not, OptionKind, walk
from allmodel.dates import add_months
from allmodel.model import (
    BestResponse,
    CnsStatus,
    Condition,
    Finding,
    Intent,
    Lineage,
    Marker,
    PhStatus,
    RelapseSite,
    StopReason,
    TransplantKind,
)
from allmodel.report import OptionResult, Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse, failed_ids, line, with_course

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "patients"
#: The screening date of the bundled examples (README, make demo).
AS_OF_EXAMPLES = date(2022, 12, 31)

_NCT = re.compile(r"NCT\d{8}")

# --- helpers ------------------------------------------------------------------------------


def _screen(patient: Patient, trial_id: str) -> OptionResult:
    """The archetype's result for the patient on AS_OF."""
    return screen(patient, as_of=AS_OF, options=[trial_id])[trial_id]


def _failed(result: OptionResult) -> list[str]:
    return failed_ids(result.failed)


def _eligible(patient: Patient, trial_id: str) -> None:
    result = _screen(patient, trial_id)
    assert result.status is Status.ELIGIBLE, (result.status, _failed(result), result.missing)


def _not_eligible(patient: Patient, trial_id: str, criterion: str) -> None:
    result = _screen(patient, trial_id)
    assert result.status is Status.NOT_ELIGIBLE, (result.status, result.missing)
    assert criterion in _failed(result), _failed(result)


def _unknown(patient: Patient, trial_id: str, field: str) -> None:
    result = _screen(patient, trial_id)
    assert result.status is Status.UNKNOWN, (result.status, _failed(result))
    assert field in result.missing, result.missing


def _labs(**changes: float | None) -> dict[str, float | None]:
    return dict(changes)


def _recorded(*conditions: Condition, present: bool = False) -> dict[Condition, bool]:
    return dict.fromkeys(conditions, present)


def _with_line_ending(patient: Patient, days_before: int, agents: tuple[Agent, ...]) -> Patient:
    """A failed salvage line after the latest relapse, ending ``days_before`` AS_OF."""
    extra = line(
        AS_OF - timedelta(days=28),
        AS_OF - timedelta(days=days_before),
        agents,
        Intent.SALVAGE,
        BestResponse.NO_RESPONSE,
        StopReason.RESISTANCE,
    )
    return with_course(patient, treatment_lines=(*patient.course.treatment_lines, extra))


def _allogeneic_hct_days_before(patient: Patient, days: int) -> Patient:
    """The patient with one allogeneic HCT ``days`` before AS_OF (before the relapse)."""
    hct = Transplant(kind=TransplantKind.ALLOGENEIC, date=AS_OF - timedelta(days=days))
    return with_course(patient, transplants=(hct,))


def _cr1_one_day_longer(patient: Patient) -> Patient:
    """The first remission documented one day earlier (CR1 just over its whole months)."""
    first, *rest = patient.course.remissions
    earlier = attrs.evolve(first, date=first.date - timedelta(days=1))
    return with_course(patient, remissions=(earlier, *rest))


def _aged_at_diagnosis(patient: Patient, years: int) -> Patient:
    """The patient born so as to be ``years`` old (completed) on the diagnosis date."""
    diagnosed = patient.course.diagnosis_date
    assert diagnosed is not None
    born = add_months(diagnosed - timedelta(days=100), -12 * years)
    return attrs.evolve(patient, date_of_birth=born)


def _never_intensive(patient: Patient) -> Patient:
    """Every line marked as not intensive combination chemotherapy."""
    lines = tuple(attrs.evolve(item, intensive=False) for item in patient.course.treatment_lines)
    return with_course(patient, treatment_lines=lines)


_FRONTLINE_WITH_IMATINIB = (
    Agent.CYCLOPHOSPHAMIDE,
    Agent.VINCRISTINE,
    Agent.DOXORUBICIN,
    Agent.DEXAMETHASONE,
    Agent.IMATINIB,
)
_FAILED_IMATINIB = ((Agent.IMATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
_FAILED_DASATINIB = ((Agent.DASATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
_FAILED_PONATINIB = ((Agent.PONATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
_IMATINIB_INTOLERANCE = ((Agent.IMATINIB,), None, StopReason.INTOLERANCE)
_FAILED_CHEMOTHERAPY = (
    (Agent.CYTARABINE, Agent.MITOXANTRONE),
    BestResponse.NO_RESPONSE,
    StopReason.RESISTANCE,
)
_FAILED_BLINATUMOMAB = ((Agent.BLINATUMOMAB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)


# --- the catalogue ----------------------------------------------------------------------


class TestTrialsCatalogue:
    """TRIALS holds the 17 archetypes in TRIAL_IDS order, each cited and well formed."""

    def test_ids_in_order(self) -> None:
        """The archetype ids are TRIAL_IDS, in order."""
        assert tuple(option.id for option in TRIALS) == TRIAL_IDS

    def test_every_archetype_is_a_cited_trial(self) -> None:
        """Each archetype is a trial with the review and REFERENCE-B among its citations."""
        for option in TRIALS:
            assert option.kind is OptionKind.TRIAL, option.id
            assert any(c.startswith("review ref") for c in option.citations), option.id
            assert any(c.startswith("REFERENCE-B ") for c in option.citations), option.id

    def test_registry_ids_are_nct_numbers(self) -> None:
        """Attached registry ids look like NCT followed by eight digits."""
        for option in TRIALS:
            for registry_id in option.registry_ids:
                assert _NCT.fullmatch(registry_id), (option.id, registry_id)

    def test_confirmed_registry_ids(self) -> None:
        """Only the registry ids REFERENCE-B confirms are attached."""
        attached = {option.id: option.registry_ids for option in TRIALS if option.registry_ids}
        assert attached == {
            "tower": ("NCT02013167",),
            "alcantara": ("NCT02000427",),
            "blast": ("NCT01207388",),
            "ino_vate": ("NCT01564784",),
            "inotuzumab_phase12": ("NCT01363297",),
            "eliana": ("NCT02435849",),
            "zuma_3": ("NCT02614066",),
            "swog_s0530": ("NCT00337168",),
            "dasatinib_schedule": ("NCT00123487",),
        }

    def test_every_node_has_text_and_citations(self) -> None:
        """Every criterion node has a text and at least one citation."""
        for option in TRIALS:
            for node in walk(option.criteria):
                assert node.text, (option.id, node.id)
                assert node.citations, (option.id, node.id)

    def test_every_archetype_has_notes(self) -> None:
        """Each archetype lists in its notes what was left out."""
        for option in TRIALS:
            assert option.notes, option.id

    def test_topp_names_both_candidate_registry_ids(self) -> None:
        """The unresolved Topp registry id is named in the notes (both candidates), not attached."""
        topp = TRIALS[TRIAL_IDS.index("blinatumomab_phase2_topp")]
        notes = " ".join(topp.notes)
        assert topp.registry_ids == ()
        assert "NCT01209286" in notes
        assert "NCT01466179" in notes

    def test_eliana_sister_study_is_not_its_registry_id(self) -> None:
        """ELIANA carries its own record; ENSIGN's id appears only in its notes."""
        eliana = TRIALS[TRIAL_IDS.index("eliana")]
        assert eliana.registry_ids == ("NCT02435849",)
        assert "NCT02228096" in " ".join(eliana.notes)

    @pytest.mark.parametrize("trial_id", TRIAL_IDS)
    def test_empty_record_is_unknown(self, trial_id: str) -> None:
        """An empty record is unknown for every archetype, never not eligible."""
        assert _screen(Patient(), trial_id).status is Status.UNKNOWN

    def test_roots_combine_criteria(self) -> None:
        """Every archetype's root is an All node named after the archetype."""
        for option in TRIALS:
            assert isinstance(option.criteria, All), option.id
            assert option.criteria.id == option.id
            assert not isinstance(option.criteria, (Any, AtLeast, Not))


# --- blinatumomab -------------------------------------------------------------------------


class TestTower:
    """TOWER: Ph-negative B-precursor, refractory or early / later / post-HSCT relapse."""

    def test_untreated_first_relapse_with_short_cr1(self) -> None:
        """Untreated first relapse after an 11-month CR1: eligible."""
        _eligible(adult_in_relapse(cr1_months=11), "tower")

    def test_cr1_of_12_months_is_not_under_12(self) -> None:
        """CR1 of exactly 12 months fails CR1 < 12: not eligible."""
        _not_eligible(adult_in_relapse(cr1_months=12), "tower", "cr1_under_12_months")

    def test_relapse_after_allogeneic_hct(self) -> None:
        """Relapse after allogeneic HSCT qualifies whatever the CR1: eligible."""
        _eligible(adult_in_relapse(allo_hct_months_before_relapse=12), "tower")

    def test_primary_refractory(self) -> None:
        """Refractory to primary induction: eligible."""
        _eligible(adult_in_relapse(primary_refractory=True), "tower")

    def test_refractory_to_salvage(self) -> None:
        """First relapse refractory to salvage chemotherapy: eligible."""
        _eligible(adult_in_relapse(salvage=[_FAILED_CHEMOTHERAPY]), "tower")

    def test_untreated_second_relapse(self) -> None:
        """Untreated second relapse: eligible."""
        _eligible(adult_in_relapse(relapses=2), "tower")

    def test_marrow_blasts_at_5_percent(self) -> None:
        """Marrow blasts of exactly 5 % fail > 5 %: not eligible."""
        patient = adult_in_relapse(cr1_months=11, lab_overrides=_labs(marrow_blasts=5))
        _not_eligible(patient, "tower", "marrow_blasts")

    def test_marrow_blasts_just_above_5_percent(self) -> None:
        """Marrow blasts of 5.01 %: eligible."""
        patient = adult_in_relapse(cr1_months=11, lab_overrides=_labs(marrow_blasts=5.01))
        _eligible(patient, "tower")

    def test_ecog_2(self) -> None:
        """ECOG 2: eligible."""
        _eligible(adult_in_relapse(cr1_months=11, ecog=2), "tower")

    def test_ecog_3(self) -> None:
        """ECOG 3: not eligible."""
        _not_eligible(adult_in_relapse(cr1_months=11, ecog=3), "tower", "ecog")

    def test_ph_positive(self) -> None:
        """Ph-positive disease: not eligible."""
        patient = adult_in_relapse(cr1_months=11, ph=PhStatus.POSITIVE)
        _not_eligible(patient, "tower", "ph_negative")

    def test_age_17(self) -> None:
        """Aged 17: not eligible."""
        _not_eligible(adult_in_relapse(cr1_months=11, age=17), "tower", "adult")

    def test_cns3(self) -> None:
        """CNS3 (CNS involvement): not eligible."""
        patient = adult_in_relapse(cr1_months=11, cns=CnsStatus.CNS3)
        _not_eligible(patient, "tower", "not_cns_involved")

    def test_cns_unassessed(self) -> None:
        """No CSF assessment: unknown, needs the CNS status."""
        _unknown(adult_in_relapse(cr1_months=11, cns=None), "tower", "disease.cns")

    def test_unconfirmed_exclusion_not_applied(self) -> None:
        """Isolated extramedullary relapse is an unconfirmed exclusion, so not applied: eligible."""
        patient = adult_in_relapse(cr1_months=11, relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY)
        _eligible(patient, "tower")


class TestToppPhase2:
    """Topp phase 2: adult Ph-negative R/R B-precursor, 2-week washout, ECOG 0-2."""

    def test_first_relapse(self) -> None:
        """Untreated first relapse, months after frontline ended: eligible."""
        _eligible(adult_in_relapse(), "blinatumomab_phase2_topp")

    def test_washout_13_days(self) -> None:
        """Latest treatment ended 13 days ago: not eligible."""
        patient = _with_line_ending(adult_in_relapse(), 13, (Agent.CYTARABINE,))
        _not_eligible(patient, "blinatumomab_phase2_topp", "chemotherapy_washout")

    def test_washout_14_days(self) -> None:
        """Latest treatment ended 14 days ago: eligible."""
        patient = _with_line_ending(adult_in_relapse(), 14, (Agent.CYTARABINE,))
        _eligible(patient, "blinatumomab_phase2_topp")

    def test_washout_15_days(self) -> None:
        """Latest treatment ended 15 days ago: eligible."""
        patient = _with_line_ending(adult_in_relapse(), 15, (Agent.CYTARABINE,))
        _eligible(patient, "blinatumomab_phase2_topp")

    @pytest.mark.parametrize(("days", "eligible"), [(27, False), (28, True), (29, True)])
    def test_immunotherapy_washout_4_weeks(self, days: int, eligible: bool) -> None:
        """Blinatumomab (an immunotherapy) ended 27 days ago: not eligible; 28 (four weeks)
        or 29 days: eligible (the 2-week chemotherapy washout is met either way)."""
        patient = adult_in_relapse()
        blinatumomab = line(
            AS_OF - timedelta(days=days + 28),
            AS_OF - timedelta(days=days),
            (Agent.BLINATUMOMAB,),
            Intent.SALVAGE,
            BestResponse.NO_RESPONSE,
            StopReason.RESISTANCE,
        )
        lines = (*patient.course.treatment_lines, blinatumomab)
        patient = with_course(patient, treatment_lines=lines)
        if eligible:
            _eligible(patient, "blinatumomab_phase2_topp")
        else:
            _not_eligible(patient, "blinatumomab_phase2_topp", "radiotherapy_immunotherapy_washout")

    def test_ecog_2(self) -> None:
        """ECOG 2: eligible."""
        _eligible(adult_in_relapse(ecog=2), "blinatumomab_phase2_topp")

    def test_ecog_3(self) -> None:
        """ECOG 3: not eligible."""
        _not_eligible(adult_in_relapse(ecog=3), "blinatumomab_phase2_topp", "ecog")

    def test_ph_positive(self) -> None:
        """Ph-positive disease: not eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE)
        _not_eligible(patient, "blinatumomab_phase2_topp", "ph_negative")

    def test_in_remission(self) -> None:
        """In remission (not R/R): not eligible."""
        patient = adult_in_relapse(in_remission=True)
        _not_eligible(patient, "blinatumomab_phase2_topp", "relapsed_or_refractory")

    def test_incomplete_history(self) -> None:
        """Incomplete history: the washout is unknown, needs the history to be complete."""
        patient = adult_in_relapse(history_complete=None)
        _unknown(patient, "blinatumomab_phase2_topp", "course.history_complete")


class TestAlcantara:
    """ALCANTARA: adult Ph-positive R/R B-precursor after a second-generation or later TKI."""

    def test_after_dasatinib_failure(self) -> None:
        """Dasatinib-refractory Ph-positive relapse: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB])
        _eligible(patient, "alcantara")

    def test_t315i_allowed(self) -> None:
        """T315I does not exclude: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, t315i=True, salvage=[_FAILED_DASATINIB])
        _eligible(patient, "alcantara")

    def test_relapse_after_allogeneic_hct_allowed(self) -> None:
        """Relapse after allogeneic HCT does not exclude: eligible."""
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB], allo_hct_months_before_relapse=12
        )
        _eligible(patient, "alcantara")

    def test_after_imatinib_then_ponatinib(self) -> None:
        """Ponatinib (later generation) after imatinib failure: eligible."""
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE, salvage=[_FAILED_IMATINIB, _FAILED_PONATINIB]
        )
        _eligible(patient, "alcantara")

    def test_only_imatinib_failed(self) -> None:
        """Only imatinib failed: not eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_IMATINIB])
        _not_eligible(patient, "alcantara", "second_generation_tki_failure")

    def test_ponatinib_the_one_failed_tki(self) -> None:
        """Ponatinib refractory, no other TKI: one TKI failure, at the cut: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_PONATINIB])
        _eligible(patient, "alcantara")

    def test_ponatinib_without_a_tki_failure(self) -> None:
        """Ponatinib in a frontline programme that reached CR, relapse off it: no TKI
        failure on record (0, below 1): not eligible."""
        frontline = (*_FRONTLINE_WITH_IMATINIB[:-1], Agent.PONATINIB)
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, frontline_agents=frontline)
        _not_eligible(patient, "alcantara", "tki_failures")

    def test_ph_negative(self) -> None:
        """Ph-negative disease: not eligible."""
        _not_eligible(adult_in_relapse(salvage=[_FAILED_DASATINIB]), "alcantara", "ph_positive")

    def test_age_18(self) -> None:
        """Aged 18: eligible."""
        patient = adult_in_relapse(age=18, ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB])
        _eligible(patient, "alcantara")

    def test_age_17(self) -> None:
        """Aged 17: not eligible."""
        patient = adult_in_relapse(age=17, ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB])
        _not_eligible(patient, "alcantara", "adult")

    def test_tki_history_unknown(self) -> None:
        """No TKI recorded in an incomplete history: unknown, needs the history."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, history_complete=None)
        _unknown(patient, "alcantara", "course.history_complete")


def _blast_patient(
    *,
    mrd: float | None = 1e-3,
    marrow_blasts: float = 2,
    anc: float = 1.5,
    platelets: float = 120,
    hemoglobin: float = 11,
    ph: PhStatus = PhStatus.NEGATIVE,
    frontline_cycles: int | None = 8,
) -> Patient:
    """An adult in haematological remission with MRD and recovered counts."""
    return adult_in_relapse(
        ph=ph,
        frontline_cycles=frontline_cycles,
        in_remission=True,
        mrd_level=mrd,
        lab_overrides=_labs(
            marrow_blasts=marrow_blasts, anc=anc, platelets=platelets, hemoglobin=hemoglobin
        ),
    )


def _with_cd19(patient: Patient, positive: bool | None) -> Patient:
    """``patient`` with its CD19 result replaced: positive (95 %), negative (1 %), or none."""
    others = tuple(m for m in patient.disease.markers if m.marker is not Marker.CD19)
    dated = AS_OF - timedelta(days=2)
    found = (
        ()
        if positive is None
        else (
            MarkerResult(
                marker=Marker.CD19,
                date=dated,
                percent_positive=95 if positive else 1,
                positive=positive,
            ),
        )
    )
    disease = attrs.evolve(patient.disease, markers=(*others, *found))
    return attrs.evolve(patient, disease=disease)


#: An eligible patient for each blinatumomab trial.
_BLINATUMOMAB_TRIALS: dict[str, Callable[[], Patient]] = {
    "tower": lambda: adult_in_relapse(cr1_months=11),
    "blinatumomab_phase2_topp": adult_in_relapse,
    "alcantara": lambda: adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB]),
    "blast": _blast_patient,
}


class TestBlinatumomabTrialsNeedCd19:
    """Every blinatumomab trial applies the review's condition on the drug: the blasts
    express CD19 (audit: the CD19-negative example was eligible for TOWER and Topp)."""

    @pytest.mark.parametrize("trial_id", list(_BLINATUMOMAB_TRIALS))
    def test_cd19_positive_eligible(self, trial_id: str) -> None:
        """The vignette with a current CD19-positive result is eligible."""
        _eligible(_with_cd19(_BLINATUMOMAB_TRIALS[trial_id](), True), trial_id)

    @pytest.mark.parametrize("trial_id", list(_BLINATUMOMAB_TRIALS))
    def test_cd19_negative_not_eligible(self, trial_id: str) -> None:
        """Known CD19-negative blasts: not eligible, by the CD19 criterion."""
        patient = _with_cd19(_BLINATUMOMAB_TRIALS[trial_id](), False)
        _not_eligible(patient, trial_id, "cd19_positive")

    @pytest.mark.parametrize("trial_id", list(_BLINATUMOMAB_TRIALS))
    def test_cd19_not_recorded_unknown(self, trial_id: str) -> None:
        """No CD19 result: unknown, asking for it."""
        patient = _with_cd19(_BLINATUMOMAB_TRIALS[trial_id](), None)
        _unknown(patient, trial_id, "disease.markers[CD19].positive")

    def test_the_audit_example(self) -> None:
        """examples/patients/cd19_negative_after_blinatumomab.json: no blinatumomab trial."""
        patient = load_patient(EXAMPLES / "cd19_negative_after_blinatumomab.json")
        report = screen(patient, as_of=AS_OF_EXAMPLES, options=list(_BLINATUMOMAB_TRIALS))
        assert [r.status for r in report.results] == [Status.NOT_ELIGIBLE] * 4
        assert all("cd19_positive" in _failed(r) for r in report.results)


class TestBlast:
    """BLAST: adult B-precursor in haematological CR with MRD >= 1e-3 after intensive chemo."""

    def test_mrd_at_1e_3(self) -> None:
        """MRD exactly 1e-3 in haematological CR: eligible."""
        _eligible(_blast_patient(mrd=1e-3), "blast")

    def test_mrd_just_below_1e_3(self) -> None:
        """MRD 9.99e-4: not eligible."""
        _not_eligible(_blast_patient(mrd=9.99e-4), "blast", "mrd_level")

    def test_mrd_above_1e_3(self) -> None:
        """MRD 1e-2: eligible."""
        _eligible(_blast_patient(mrd=1e-2), "blast")

    def test_marrow_blasts_5_percent(self) -> None:
        """Marrow blasts of exactly 5 % fail < 5 %: not eligible."""
        _not_eligible(_blast_patient(marrow_blasts=5), "blast", "cr_marrow_blasts")

    def test_marrow_blasts_just_below_5_percent(self) -> None:
        """Marrow blasts of 4.99 %: eligible."""
        _eligible(_blast_patient(marrow_blasts=4.99), "blast")

    def test_anc_1_0(self) -> None:
        """Neutrophils of exactly 1.0 x10^9/L fail > 1.0: not eligible."""
        _not_eligible(_blast_patient(anc=1.0), "blast", "cr_anc")

    def test_anc_just_above_1_0(self) -> None:
        """Neutrophils of 1.01 x10^9/L: eligible."""
        _eligible(_blast_patient(anc=1.01), "blast")

    def test_platelets_50(self) -> None:
        """Platelets of exactly 50 x10^9/L fail > 50,000/uL: not eligible."""
        _not_eligible(_blast_patient(platelets=50), "blast", "cr_platelets")

    def test_platelets_just_above_50(self) -> None:
        """Platelets of 51 x10^9/L: eligible."""
        _eligible(_blast_patient(platelets=51), "blast")

    def test_hemoglobin_9(self) -> None:
        """Hemoglobin of exactly 9 g/dL fails > 9: not eligible."""
        _not_eligible(_blast_patient(hemoglobin=9), "blast", "cr_hemoglobin")

    def test_hemoglobin_just_above_9(self) -> None:
        """Hemoglobin of 9.1 g/dL: eligible."""
        _eligible(_blast_patient(hemoglobin=9.1), "blast")

    def test_ph_positive_allowed(self) -> None:
        """Ph status is not restricted: eligible."""
        _eligible(_blast_patient(ph=PhStatus.POSITIVE), "blast")

    def test_in_relapse(self) -> None:
        """In relapse, not remission: not eligible."""
        _not_eligible(adult_in_relapse(mrd_level=1e-2), "blast", "in_remission")

    def test_no_intensive_chemotherapy(self) -> None:
        """No intensive chemotherapy ever: not eligible."""
        _not_eligible(_never_intensive(_blast_patient()), "blast", "three_intensive_blocks")

    @pytest.mark.parametrize(("blocks", "eligible"), [(2, False), (3, True), (4, True)])
    def test_three_intensive_blocks(self, blocks: int, eligible: bool) -> None:
        """At least 3 intensive blocks: 2 is too few, 3 and 4 qualify (regression: only
        'had intensive chemotherapy' was checked)."""
        patient = _blast_patient(frontline_cycles=blocks)
        if eligible:
            _eligible(patient, "blast")
        else:
            _not_eligible(patient, "blast", "three_intensive_blocks")

    def test_blocks_not_recorded(self) -> None:
        """An intensive frontline line without its cycles counts as at least one: unknown."""
        _unknown(_blast_patient(frontline_cycles=None), "blast", "course.treatment_lines[].cycles")

    def test_mrd_before_the_remission(self) -> None:
        """MRD measured only before the current remission: unknown, needs MRD in remission."""
        patient = _blast_patient(mrd=1e-2)
        earlier = attrs.evolve(patient.mrd[0], date=AS_OF - timedelta(days=25))
        _unknown(attrs.evolve(patient, mrd=(earlier,)), "blast", "mrd")

    def test_mrd_not_measured(self) -> None:
        """No MRD result: unknown, needs MRD."""
        _unknown(_blast_patient(mrd=None), "blast", "mrd")


# --- inotuzumab ---------------------------------------------------------------------------


class TestInoVate:
    """INO-VATE: adult CD22-positive B-precursor R/R, salvage 1 or 2, marrow blasts >= 5 %."""

    def test_first_relapse(self) -> None:
        """First relapse, due for salvage 1: eligible."""
        _eligible(adult_in_relapse(), "ino_vate")

    def test_second_relapse_salvage_2(self) -> None:
        """Second relapse after one salvage line, due for salvage 2: eligible."""
        _eligible(adult_in_relapse(relapses=2), "ino_vate")

    def test_salvage_3(self) -> None:
        """Two salvage lines already given (due for salvage 3): not eligible."""
        patient = adult_in_relapse(relapses=2, salvage=[_FAILED_CHEMOTHERAPY])
        _not_eligible(patient, "ino_vate", "salvage_1_or_2")

    def test_marrow_blasts_5_percent(self) -> None:
        """Marrow blasts of exactly 5 % meet >= 5 %: eligible."""
        _eligible(adult_in_relapse(lab_overrides=_labs(marrow_blasts=5)), "ino_vate")

    def test_marrow_blasts_just_below_5_percent(self) -> None:
        """Marrow blasts of 4.99 %: not eligible."""
        patient = adult_in_relapse(lab_overrides=_labs(marrow_blasts=4.99))
        _not_eligible(patient, "ino_vate", "marrow_blasts")

    def test_cd22_negative(self) -> None:
        """CD22-negative blasts: not eligible."""
        _not_eligible(adult_in_relapse(cd22=False, cd22_percent=1), "ino_vate", "cd22_positive")

    def test_ph_positive_after_tki_failure(self) -> None:
        """Ph-positive after imatinib failure and intensive chemotherapy: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_IMATINIB])
        _eligible(patient, "ino_vate")

    def test_ph_positive_without_tki(self) -> None:
        """Ph-positive without a failed TKI: not eligible."""
        _not_eligible(adult_in_relapse(ph=PhStatus.POSITIVE), "ino_vate", "tki_failed")

    def test_t_lineage(self) -> None:
        """T-lineage ALL: not eligible."""
        _not_eligible(adult_in_relapse(lineage=Lineage.T), "ino_vate", "b_precursor")

    def test_incomplete_history(self) -> None:
        """Incomplete history: salvage count only a lower bound, unknown."""
        _unknown(adult_in_relapse(history_complete=None), "ino_vate", "course.history_complete")


class TestInotuzumabPhase12:
    """Inotuzumab phase 1/2: R/R CD22-positive ALL."""

    def test_first_relapse(self) -> None:
        """CD22-positive first relapse: eligible."""
        _eligible(adult_in_relapse(), "inotuzumab_phase12")

    def test_in_remission(self) -> None:
        """In remission: not eligible."""
        patient = adult_in_relapse(in_remission=True)
        _not_eligible(patient, "inotuzumab_phase12", "relapsed_or_refractory")

    def test_cd22_negative(self) -> None:
        """CD22-negative blasts: not eligible."""
        patient = adult_in_relapse(cd22=False, cd22_percent=1)
        _not_eligible(patient, "inotuzumab_phase12", "cd22_positive")

    def test_cd22_not_tested(self) -> None:
        """No CD22 result: unknown, needs the CD22 call."""
        patient = adult_in_relapse(cd22=None)
        _unknown(patient, "inotuzumab_phase12", "disease.markers[CD22].positive")


# --- CAR T cells --------------------------------------------------------------------------


def _young_adult(at_diagnosis: int = 21, **changes: typing.Any) -> Patient:
    """A patient ``at_diagnosis`` years old at diagnosis (two years older at screening),
    judged not a candidate for allogeneic SCT (one of ELIANA's disease states)."""
    changes.setdefault("hct_candidate", False)
    return _aged_at_diagnosis(adult_in_relapse(**changes), at_diagnosis)


class TestEliana:
    """ELIANA: aged >= 3 at screening and <= 21 at diagnosis, R/R B-ALL, blasts >= 5 %."""

    def test_21_at_diagnosis(self) -> None:
        """21 at diagnosis (23 at screening): eligible."""
        patient = _young_adult(21)
        assert _screen(patient, "eliana").facts["age_years"] == 23
        _eligible(patient, "eliana")

    def test_22_at_diagnosis(self) -> None:
        """22 at diagnosis: not eligible."""
        _not_eligible(_young_adult(22), "eliana", "age_at_diagnosis")

    def test_20_at_diagnosis(self) -> None:
        """20 at diagnosis: eligible."""
        _eligible(_young_adult(20), "eliana")

    def test_age_3_at_screening(self) -> None:
        """Aged 3 at screening: eligible."""
        _eligible(adult_in_relapse(age=3, hct_candidate=False), "eliana")

    def test_first_relapse_of_an_hct_candidate(self) -> None:
        """A first relapse, neither refractory nor after SCT, in an SCT candidate: outside
        ELIANA's disease states (regression: any relapse was accepted)."""
        patient = _young_adult(hct_candidate=True)
        _not_eligible(patient, "eliana", "disease_state")

    def test_candidacy_unrecorded(self) -> None:
        """A first relapse with SCT candidacy unrecorded: unknown, needs the judgement."""
        _unknown(_young_adult(hct_candidate=None), "eliana", "hct_candidate")

    def test_primary_refractory_candidate(self) -> None:
        """Primary refractory disease qualifies whatever the SCT candidacy."""
        patient = _young_adult(hct_candidate=True, primary_refractory=True)
        _eligible(patient, "eliana")

    def test_cd19_negative(self) -> None:
        """Known CD19-negative disease: not eligible (audit: CD19 CAR T for CD19-negative)."""
        _not_eligible(_young_adult(cd19=False), "eliana", "cd19_positive")

    def test_age_2_at_screening(self) -> None:
        """Aged 2 at screening: not eligible."""
        _not_eligible(adult_in_relapse(age=2), "eliana", "age_at_screening")

    def test_typical_adult(self) -> None:
        """A 45-year-old, diagnosed at 43: not eligible."""
        _not_eligible(adult_in_relapse(), "eliana", "age_at_diagnosis")

    def test_marrow_blasts_5_percent(self) -> None:
        """Marrow blasts of exactly 5 % meet >= 5 %: eligible."""
        _eligible(_young_adult(lab_overrides=_labs(marrow_blasts=5)), "eliana")

    def test_marrow_blasts_just_below_5_percent(self) -> None:
        """Marrow blasts of 4.99 %: not eligible."""
        patient = _young_adult(lab_overrides=_labs(marrow_blasts=4.99))
        _not_eligible(patient, "eliana", "marrow_blasts")

    def test_relapse_after_allogeneic_hct(self) -> None:
        """Relapse after allogeneic SCT: eligible."""
        _eligible(_young_adult(allo_hct_months_before_relapse=8), "eliana")

    def test_isolated_extramedullary_relapse(self) -> None:
        """Isolated extramedullary relapse: not eligible."""
        patient = _young_adult(relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY)
        _not_eligible(patient, "eliana", "not_isolated_extramedullary_relapse")

    def test_prior_blinatumomab(self) -> None:
        """Prior CD19-directed therapy (blinatumomab): not eligible."""
        patient = _young_adult(salvage=[_FAILED_BLINATUMOMAB])
        _not_eligible(patient, "eliana", "not_prior_cd19_or_gene_therapy")

    def test_date_of_birth_missing(self) -> None:
        """No date of birth: unknown, needs it."""
        _unknown(adult_in_relapse(age=None, hct_candidate=False), "eliana", "date_of_birth")


class TestMsk1928z:
    """MSKCC 19-28z: adult B-ALL refractory, relapsed, MRD-positive or in first remission."""

    def test_first_relapse(self) -> None:
        """First relapse: eligible."""
        _eligible(adult_in_relapse(), "msk_19_28z")

    def test_mrd_positive_remission(self) -> None:
        """MRD-positive second remission: eligible."""
        _eligible(adult_in_relapse(in_remission=True, mrd_level=1e-3), "msk_19_28z")

    def test_first_remission(self) -> None:
        """In first remission, never relapsed: eligible."""
        patient = adult_in_relapse()
        patient = with_course(patient, relapses=())
        _eligible(patient, "msk_19_28z")

    def test_mrd_negative_second_remission(self) -> None:
        """MRD-negative second remission: not eligible."""
        patient = adult_in_relapse(in_remission=True, mrd_level=1e-5)
        _not_eligible(patient, "msk_19_28z", "never_relapsed")

    def test_age_17(self) -> None:
        """Aged 17: not eligible."""
        _not_eligible(adult_in_relapse(age=17), "msk_19_28z", "adult")

    def test_t_lineage(self) -> None:
        """T-lineage ALL: not eligible."""
        _not_eligible(adult_in_relapse(lineage=Lineage.T), "msk_19_28z", "b_precursor")

    def test_lineage_unrecorded(self) -> None:
        """No lineage: unknown, needs it."""
        _unknown(adult_in_relapse(lineage=None), "msk_19_28z", "disease.lineage")


class TestCtl019Maude:
    """CTL019 (Maude 2014): relapsed or refractory B-precursor ALL, children and adults."""

    def test_first_relapse(self) -> None:
        """First relapse: eligible."""
        _eligible(adult_in_relapse(), "ctl019_maude")

    def test_relapse_after_allogeneic_hct(self) -> None:
        """Relapse after allogeneic SCT: eligible."""
        _eligible(adult_in_relapse(allo_hct_months_before_relapse=10), "ctl019_maude")

    def test_primary_refractory(self) -> None:
        """Primary refractory disease: eligible."""
        _eligible(adult_in_relapse(primary_refractory=True), "ctl019_maude")

    def test_blinatumomab_refractory(self) -> None:
        """Blinatumomab-refractory disease: eligible."""
        _eligible(adult_in_relapse(salvage=[_FAILED_BLINATUMOMAB]), "ctl019_maude")

    def test_in_remission(self) -> None:
        """In remission: not eligible."""
        patient = adult_in_relapse(in_remission=True)
        _not_eligible(patient, "ctl019_maude", "relapsed_or_refractory")

    def test_t_lineage(self) -> None:
        """T-lineage ALL: not eligible."""
        _not_eligible(adult_in_relapse(lineage=Lineage.T), "ctl019_maude", "b_precursor")

    def test_lineage_unrecorded(self) -> None:
        """No lineage: unknown, needs it."""
        _unknown(adult_in_relapse(lineage=None), "ctl019_maude", "disease.lineage")


_ZUMA_CONDITIONS = _recorded(
    Condition.BURKITT,
    Condition.ACTIVE_INFECTION,
    Condition.ACTIVE_GVHD,
    Condition.RECENT_IMMUNOSUPPRESSION,
    Condition.CNS_DISORDER_HISTORY,
)


def _zuma(**changes: typing.Any) -> Patient:
    """An adult in relapse with the ZUMA-3 exclusions recorded absent."""
    return adult_in_relapse(conditions=_ZUMA_CONDITIONS, **changes)


class TestZuma3:
    """ZUMA-3: adult R/R B-precursor by disease state, blasts > 5 %, ECOG 0-1, exclusions."""

    def test_cr1_of_12_months(self) -> None:
        """First relapse after a 12-month CR1: eligible."""
        _eligible(_zuma(cr1_months=12), "zuma_3")

    def test_cr1_just_over_12_months(self) -> None:
        """First relapse after a CR1 of 12 months and a day: not eligible."""
        patient = _cr1_one_day_longer(_zuma(cr1_months=12))
        _not_eligible(patient, "zuma_3", "cr1_12_months_or_less")

    def test_cr1_of_11_months(self) -> None:
        """First relapse after an 11-month CR1: eligible."""
        _eligible(_zuma(cr1_months=11), "zuma_3")

    def test_primary_refractory(self) -> None:
        """Primary refractory disease: eligible."""
        _eligible(_zuma(primary_refractory=True), "zuma_3")

    def test_hct_99_days(self) -> None:
        """Relapse 99 days after allogeneic SCT (late CR1): not eligible."""
        patient = _allogeneic_hct_days_before(_zuma(), 99)
        _not_eligible(patient, "zuma_3", "hct_100_days")

    def test_hct_100_days(self) -> None:
        """Relapse 100 days after allogeneic SCT: eligible."""
        _eligible(_allogeneic_hct_days_before(_zuma(), 100), "zuma_3")

    def test_hct_101_days(self) -> None:
        """Relapse 101 days after allogeneic SCT: eligible."""
        _eligible(_allogeneic_hct_days_before(_zuma(), 101), "zuma_3")

    def test_after_three_lines(self) -> None:
        """Refractory after three lines of therapy: eligible."""
        _eligible(_zuma(relapses=2, salvage=[_FAILED_CHEMOTHERAPY]), "zuma_3")

    def test_after_two_lines(self) -> None:
        """Untreated second relapse after two lines and a long CR1: not eligible."""
        _not_eligible(_zuma(relapses=2), "zuma_3", "more_than_two_lines")

    def test_marrow_blasts_5_percent(self) -> None:
        """Marrow blasts of exactly 5 % fail > 5 %: not eligible."""
        patient = _zuma(cr1_months=12, lab_overrides=_labs(marrow_blasts=5))
        _not_eligible(patient, "zuma_3", "marrow_blasts")

    def test_marrow_blasts_just_above_5_percent(self) -> None:
        """Marrow blasts of 5.01 %: eligible."""
        _eligible(_zuma(cr1_months=12, lab_overrides=_labs(marrow_blasts=5.01)), "zuma_3")

    def test_ecog_1(self) -> None:
        """ECOG 1: eligible."""
        _eligible(_zuma(cr1_months=12, ecog=1), "zuma_3")

    def test_ecog_2(self) -> None:
        """ECOG 2: not eligible."""
        _not_eligible(_zuma(cr1_months=12, ecog=2), "zuma_3", "ecog")

    def test_ph_positive_tki_intolerant(self) -> None:
        """Ph-positive, intolerant of imatinib: eligible."""
        patient = _zuma(cr1_months=12, ph=PhStatus.POSITIVE, salvage=[_IMATINIB_INTOLERANCE])
        _eligible(patient, "zuma_3")

    def test_ph_positive_after_two_tkis(self) -> None:
        """Ph-positive, relapsed after imatinib and dasatinib: eligible."""
        patient = _zuma(
            cr1_months=12,
            ph=PhStatus.POSITIVE,
            frontline_agents=_FRONTLINE_WITH_IMATINIB,
            salvage=[_FAILED_DASATINIB],
        )
        _eligible(patient, "zuma_3")

    def test_ph_positive_after_one_tki(self) -> None:
        """Ph-positive, refractory to dasatinib only: not eligible."""
        patient = _zuma(cr1_months=12, ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB])
        _not_eligible(patient, "zuma_3", "two_tkis_failed")

    def test_ph_positive_after_two_second_generation_tkis(self) -> None:
        """Ph-positive, refractory to dasatinib then nilotinib: two TKIs failed (at the
        cut), though of one generation and without intolerance: eligible."""
        salvage = [_FAILED_DASATINIB, ((Agent.NILOTINIB,), *_FAILED_DASATINIB[1:])]
        patient = _zuma(cr1_months=12, ph=PhStatus.POSITIVE, salvage=salvage)
        _eligible(patient, "zuma_3")

    def test_active_gvhd(self) -> None:
        """Active GVHD: not eligible."""
        conditions = {**_ZUMA_CONDITIONS, Condition.ACTIVE_GVHD: True}
        patient = adult_in_relapse(cr1_months=12, conditions=conditions)
        _not_eligible(patient, "zuma_3", "not_active_gvhd")

    def test_burkitt(self) -> None:
        """Burkitt leukaemia recorded, lineage not recorded: not eligible."""
        conditions = {**_ZUMA_CONDITIONS, Condition.BURKITT: True}
        patient = adult_in_relapse(cr1_months=12, conditions=conditions, lineage=None)
        _not_eligible(patient, "zuma_3", "not_burkitt")

    def test_burkitt_decided_by_lineage(self) -> None:
        """A recorded B-precursor lineage settles 'not Burkitt' (mature B) without a record
        of its own (audit: the option asked for data the lineage settles)."""
        conditions = dict(_ZUMA_CONDITIONS)
        del conditions[Condition.BURKITT]
        _eligible(adult_in_relapse(cr1_months=12, conditions=conditions), "zuma_3")

    def test_cns3(self) -> None:
        """CNS-3 disease: not eligible."""
        _not_eligible(_zuma(cr1_months=12, cns=CnsStatus.CNS3), "zuma_3", "not_cns3")

    def test_cns2_without_cns_disorder(self) -> None:
        """CNS-2 without a recorded CNS disorder: eligible."""
        _eligible(_zuma(cr1_months=12, cns=CnsStatus.CNS2A), "zuma_3")

    def test_exclusions_unrecorded(self) -> None:
        """GVHD and the other exclusions not recorded: unknown, needs them."""
        _unknown(adult_in_relapse(cr1_months=12), "zuma_3", "conditions[active_gvhd]")


# --- chemotherapy -------------------------------------------------------------------------


class TestWeissIdarubicinCytarabine:
    """Weiss: previously treated recurrent or refractory ALL."""

    def test_first_relapse(self) -> None:
        """First relapse: eligible."""
        _eligible(adult_in_relapse(), "weiss_idarubicin_cytarabine")

    def test_t_lineage_ph_positive(self) -> None:
        """Lineage and Ph status are not restricted: eligible."""
        patient = adult_in_relapse(lineage=Lineage.T, ph=PhStatus.POSITIVE)
        _eligible(patient, "weiss_idarubicin_cytarabine")

    def test_in_remission(self) -> None:
        """In remission: not eligible."""
        patient = adult_in_relapse(in_remission=True)
        _not_eligible(patient, "weiss_idarubicin_cytarabine", "relapsed_or_refractory")

    def test_relapse_without_a_line_of_therapy(self) -> None:
        """A relapse with no line of therapy in a complete history (0 regimens, below the
        one line the series asks for): not eligible."""
        patient = with_course(adult_in_relapse(), treatment_lines=())
        _not_eligible(patient, "weiss_idarubicin_cytarabine", "previously_treated")

    def test_phase_undecidable(self) -> None:
        """No remission, relapse or response recorded: unknown, needs the course."""
        patient = adult_in_relapse()
        frontline = attrs.evolve(patient.course.treatment_lines[0], best_response=None)
        patient = with_course(patient, treatment_lines=(frontline,), remissions=(), relapses=())
        _unknown(patient, "weiss_idarubicin_cytarabine", "course.remissions")


def _swog(**changes: typing.Any) -> Patient:
    """An adult in relapse with Burkitt, infection and psychiatric disorder recorded absent."""
    conditions = _recorded(
        Condition.BURKITT, Condition.ACTIVE_INFECTION, Condition.PSYCHIATRIC_DISORDER
    )
    return adult_in_relapse(conditions=conditions, **changes)


class TestSwogS0530:
    """SWOG S0530: B/T R/R ALL in marrow or blood, Zubrod 0-2, organ function <= 1.5 x ULN."""

    def test_first_relapse(self) -> None:
        """B-lineage first relapse with normal organ function: eligible."""
        _eligible(_swog(), "swog_s0530")

    def test_t_lineage(self) -> None:
        """T-lineage relapse: eligible."""
        _eligible(_swog(lineage=Lineage.T), "swog_s0530")

    def test_creatinine_1_5_uln(self) -> None:
        """Creatinine exactly 1.5 x ULN: eligible."""
        _eligible(_swog(lab_overrides=_labs(creatinine=1.8)), "swog_s0530")

    def test_creatinine_just_above_1_5_uln(self) -> None:
        """Creatinine 1.51 x ULN: not eligible."""
        _not_eligible(_swog(lab_overrides=_labs(creatinine=1.812)), "swog_s0530", "creatinine")

    def test_bilirubin_1_5_uln(self) -> None:
        """Bilirubin exactly 1.5 x ULN: eligible."""
        _eligible(_swog(lab_overrides=_labs(bilirubin_x_uln=1.5)), "swog_s0530")

    def test_bilirubin_just_above_1_5_uln(self) -> None:
        """Bilirubin 1.51 x ULN: not eligible."""
        patient = _swog(lab_overrides=_labs(bilirubin_x_uln=1.51))
        _not_eligible(patient, "swog_s0530", "bilirubin")

    def test_transaminases_1_5_uln(self) -> None:
        """AST and ALT exactly 1.5 x ULN: eligible."""
        _eligible(_swog(lab_overrides=_labs(ast_x_uln=1.5, alt_x_uln=1.5)), "swog_s0530")

    def test_transaminases_above_1_5_uln(self) -> None:
        """AST and ALT 1.51 x ULN: not eligible."""
        patient = _swog(lab_overrides=_labs(ast_x_uln=1.51, alt_x_uln=1.51))
        _not_eligible(patient, "swog_s0530", "ast")

    def test_only_ast_raised(self) -> None:
        """AST 1.6 x ULN with ALT normal (AST or ALT, as worded): eligible."""
        _eligible(_swog(lab_overrides=_labs(ast_x_uln=1.6)), "swog_s0530")

    def test_ast_at_1_5_uln_with_alt_raised(self) -> None:
        """AST exactly 1.5 x ULN, ALT 2 x ULN: AST is within the cut, eligible."""
        _eligible(_swog(lab_overrides=_labs(ast_x_uln=1.5, alt_x_uln=2.0)), "swog_s0530")

    def test_alt_at_1_5_uln_with_ast_raised(self) -> None:
        """ALT exactly 1.5 x ULN, AST 2 x ULN: ALT is within the cut, eligible."""
        _eligible(_swog(lab_overrides=_labs(ast_x_uln=2.0, alt_x_uln=1.5)), "swog_s0530")

    def test_alt_just_above_1_5_uln_with_ast_raised(self) -> None:
        """ALT 1.6 x ULN, AST 2 x ULN: neither within the cut, not eligible."""
        patient = _swog(lab_overrides=_labs(ast_x_uln=2.0, alt_x_uln=1.6))
        _not_eligible(patient, "swog_s0530", "alt")

    def test_zubrod_2(self) -> None:
        """Zubrod 2: eligible."""
        _eligible(_swog(ecog=2), "swog_s0530")

    def test_zubrod_3(self) -> None:
        """Zubrod 3: not eligible."""
        _not_eligible(_swog(ecog=3), "swog_s0530", "zubrod")

    def test_isolated_extramedullary_relapse(self) -> None:
        """Extramedullary-only relapse: not eligible."""
        patient = _swog(relapse_site=RelapseSite.ISOLATED_EXTRAMEDULLARY)
        _not_eligible(patient, "swog_s0530", "not_isolated_extramedullary_relapse")

    def test_ph_positive_after_imatinib_failure(self) -> None:
        """Ph-positive, refractory to imatinib: eligible."""
        _eligible(_swog(ph=PhStatus.POSITIVE, salvage=[_FAILED_IMATINIB]), "swog_s0530")

    def test_ph_positive_without_imatinib(self) -> None:
        """Ph-positive, never given imatinib: not eligible."""
        _not_eligible(_swog(ph=PhStatus.POSITIVE), "swog_s0530", "prior_imatinib")

    def test_ph_positive_dasatinib_failed_without_imatinib(self) -> None:
        """Ph-positive, dasatinib failed but imatinib never given: imatinib did not fail,
        not eligible (both halves of 'imatinib received and failed' are needed)."""
        patient = _swog(ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB])
        _not_eligible(patient, "swog_s0530", "prior_imatinib")

    def test_burkitt(self) -> None:
        """L3 (Burkitt) ALL, lineage not recorded: not eligible."""
        conditions = {
            **_recorded(Condition.ACTIVE_INFECTION, Condition.PSYCHIATRIC_DISORDER),
            Condition.BURKITT: True,
        }
        patient = adult_in_relapse(conditions=conditions, lineage=None)
        _not_eligible(patient, "swog_s0530", "not_burkitt")

    def test_psychiatric_disorder(self) -> None:
        """A psychiatric disorder that would interfere with compliance: not eligible
        (regression: a confirmed exclusion was left in the notes)."""
        conditions = {**_recorded(Condition.ACTIVE_INFECTION), Condition.PSYCHIATRIC_DISORDER: True}
        patient = adult_in_relapse(conditions=conditions)
        _not_eligible(patient, "swog_s0530", "not_psychiatric_disorder")

    def test_unfit_for_intensive_therapy(self) -> None:
        """Clofarabine with cytarabine is intensive: an unfit patient is not eligible."""
        _not_eligible(_swog(fit=False), "swog_s0530", "fit_for_intensive_therapy")

    def test_cns3(self) -> None:
        """CNS involvement: not eligible."""
        _not_eligible(_swog(cns=CnsStatus.CNS3), "swog_s0530", "not_cns_involved")

    def test_burkitt_unrecorded(self) -> None:
        """Burkitt not assessed and lineage unrecorded: unknown, needs it."""
        conditions = _recorded(Condition.ACTIVE_INFECTION, Condition.PSYCHIATRIC_DISORDER)
        patient = adult_in_relapse(conditions=conditions, lineage=None)
        _unknown(patient, "swog_s0530", "conditions[burkitt]")


_CALGB_CONDITIONS = _recorded(
    Condition.SEIZURE_DISORDER,
    Condition.PERIPHERAL_NEUROPATHY,
    Condition.PRIOR_SEVERE_NEUROTOXICITY,
)


def _calgb(*, lactating: bool | None = False, **changes: typing.Any) -> Patient:
    """A woman with relapsed T-ALL, neurological exclusions recorded absent, not nursing."""
    settings: dict[str, typing.Any] = {
        "lineage": Lineage.T,
        "cd19": False,
        "cd22": False,
        "cd22_percent": 1,
        "conditions": _CALGB_CONDITIONS,
    }
    settings.update(changes)
    patient = adult_in_relapse(**settings)
    nursing = (
        None if lactating is None else Finding(value=lactating, date=AS_OF - timedelta(days=1))
    )
    return attrs.evolve(patient, lactating=nursing)


class TestCalgb19801:
    """CALGB 19801: aged >= 16, R/R T-lineage ALL/LBL, organ function, neurological exclusions."""

    def test_first_relapse(self) -> None:
        """Relapsed T-ALL: eligible."""
        _eligible(_calgb(), "calgb_19801")

    def test_age_16(self) -> None:
        """Aged 16: eligible."""
        _eligible(_calgb(age=16), "calgb_19801")

    def test_age_15(self) -> None:
        """Aged 15: not eligible."""
        _not_eligible(_calgb(age=15), "calgb_19801", "age")

    def test_creatinine_clearance_50(self) -> None:
        """Creatinine clearance 50 mL/min: eligible."""
        _eligible(_calgb(lab_overrides=_labs(creatinine_clearance=50)), "calgb_19801")

    def test_creatinine_clearance_49(self) -> None:
        """Creatinine clearance 49 mL/min: not eligible."""
        patient = _calgb(lab_overrides=_labs(creatinine_clearance=49))
        _not_eligible(patient, "calgb_19801", "creatinine_clearance")

    def test_creatinine_clearance_51(self) -> None:
        """Creatinine clearance 51 mL/min: eligible."""
        _eligible(_calgb(lab_overrides=_labs(creatinine_clearance=51)), "calgb_19801")

    def test_bilirubin_2_uln(self) -> None:
        """Bilirubin exactly 2 x ULN: eligible."""
        _eligible(_calgb(lab_overrides=_labs(bilirubin_x_uln=2)), "calgb_19801")

    def test_bilirubin_just_above_2_uln(self) -> None:
        """Bilirubin 2.01 x ULN: not eligible."""
        patient = _calgb(lab_overrides=_labs(bilirubin_x_uln=2.01))
        _not_eligible(patient, "calgb_19801", "bilirubin")

    def test_b_lineage(self) -> None:
        """B-precursor ALL: not eligible."""
        _not_eligible(_calgb(lineage=Lineage.B_PRECURSOR), "calgb_19801", "t_lineage")

    def test_seizure_disorder(self) -> None:
        """History of seizure disorder: not eligible."""
        conditions = {**_CALGB_CONDITIONS, Condition.SEIZURE_DISORDER: True}
        _not_eligible(_calgb(conditions=conditions), "calgb_19801", "not_seizure_disorder")

    def test_neuropathy(self) -> None:
        """Neuropathy of grade 2 or more: not eligible."""
        conditions = {**_CALGB_CONDITIONS, Condition.PERIPHERAL_NEUROPATHY: True}
        _not_eligible(_calgb(conditions=conditions), "calgb_19801", "not_peripheral_neuropathy")

    def test_prior_severe_neurotoxicity(self) -> None:
        """Grade 3 or more neurotoxicity during earlier therapy: not eligible."""
        conditions = {**_CALGB_CONDITIONS, Condition.PRIOR_SEVERE_NEUROTOXICITY: True}
        patient = _calgb(conditions=conditions)
        _not_eligible(patient, "calgb_19801", "not_prior_severe_neurotoxicity")

    def test_cns_leukaemia(self) -> None:
        """CNS leukaemia (CNS3): not eligible."""
        _not_eligible(_calgb(cns=CnsStatus.CNS3), "calgb_19801", "not_cns_involved")

    def test_pregnant(self) -> None:
        """Pregnant: not eligible."""
        _not_eligible(_calgb(pregnant=True), "calgb_19801", "pregnant")

    def test_man_without_pregnancy_record(self) -> None:
        """A man needs no pregnancy or nursing record: eligible."""
        _eligible(_calgb(sex=Sex.MALE, lactating=None), "calgb_19801")

    def test_nursing_unrecorded(self) -> None:
        """A woman whose nursing status is not recorded: unknown, needs it."""
        _unknown(_calgb(lactating=None), "calgb_19801", "lactating")


# --- TKI ----------------------------------------------------------------------------------


class TestDasatinibPhase2:
    """START-L: Ph-positive ALL resistant or intolerant to imatinib, after standard chemotherapy."""

    def test_imatinib_resistant(self) -> None:
        """Imatinib-refractory Ph-positive relapse: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_IMATINIB])
        _eligible(patient, "dasatinib_phase2")

    def test_imatinib_intolerant(self) -> None:
        """Imatinib intolerance: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_IMATINIB_INTOLERANCE])
        _eligible(patient, "dasatinib_phase2")

    def test_no_imatinib(self) -> None:
        """Ph-positive, never given imatinib: not eligible."""
        _not_eligible(adult_in_relapse(ph=PhStatus.POSITIVE), "dasatinib_phase2", "prior_imatinib")

    def test_dasatinib_failed_without_imatinib(self) -> None:
        """Dasatinib failed but imatinib never given: not eligible (imatinib must have
        been received, and a TKI must have failed)."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB])
        _not_eligible(patient, "dasatinib_phase2", "prior_imatinib")

    def test_ph_negative(self) -> None:
        """Ph-negative disease: not eligible."""
        patient = adult_in_relapse(salvage=[_FAILED_IMATINIB])
        _not_eligible(patient, "dasatinib_phase2", "ph_positive")

    def test_no_standard_chemotherapy(self) -> None:
        """No intensive chemotherapy ever: not eligible."""
        patient = _never_intensive(
            adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_IMATINIB])
        )
        _not_eligible(patient, "dasatinib_phase2", "prior_standard_chemotherapy")

    def test_tki_history_unknown(self) -> None:
        """No TKI recorded in an incomplete history: unknown, needs the history."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, history_complete=None)
        _unknown(patient, "dasatinib_phase2", "course.history_complete")


class TestDasatinibSchedule:
    """CA180-035: Ph-positive ALL resistant or intolerant to imatinib."""

    def test_imatinib_resistant(self) -> None:
        """Imatinib-refractory Ph-positive relapse: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_FAILED_IMATINIB])
        _eligible(patient, "dasatinib_schedule")

    def test_without_intensive_chemotherapy(self) -> None:
        """Prior chemotherapy is not required: eligible."""
        patient = _never_intensive(
            adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[_IMATINIB_INTOLERANCE])
        )
        _eligible(patient, "dasatinib_schedule")

    def test_no_imatinib(self) -> None:
        """Ph-positive, never given imatinib: not eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE)
        _not_eligible(patient, "dasatinib_schedule", "prior_imatinib")

    def test_imatinib_given_without_failure(self) -> None:
        """Imatinib in a frontline programme that reached CR, relapse off it: imatinib
        received but no TKI failure on record, not eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, frontline_agents=_FRONTLINE_WITH_IMATINIB)
        _not_eligible(patient, "dasatinib_schedule", "tki_failed")

    def test_ph_negative(self) -> None:
        """Ph-negative disease: not eligible."""
        patient = adult_in_relapse(salvage=[_FAILED_IMATINIB])
        _not_eligible(patient, "dasatinib_schedule", "ph_positive")

    def test_ph_unrecorded(self) -> None:
        """No Ph status: unknown, needs it."""
        patient = adult_in_relapse(ph=None, salvage=[_FAILED_IMATINIB])
        _unknown(patient, "dasatinib_schedule", "disease.philadelphia")


class TestPonatinibPhase1:
    """Ponatinib phase 1: resistant Ph-positive ALL, T315I allowed."""

    def test_t315i(self) -> None:
        """Ph-positive relapse with T315I after dasatinib: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, t315i=True, salvage=[_FAILED_DASATINIB])
        _eligible(patient, "ponatinib_phase1")

    def test_ph_negative(self) -> None:
        """Ph-negative disease: not eligible."""
        _not_eligible(adult_in_relapse(), "ponatinib_phase1", "ph_positive")

    def test_in_remission(self) -> None:
        """Ph-positive in remission: not eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, in_remission=True)
        _not_eligible(patient, "ponatinib_phase1", "relapsed_or_refractory")

    def test_ph_unrecorded(self) -> None:
        """No Ph status: unknown, needs it."""
        _unknown(adult_in_relapse(ph=None), "ponatinib_phase1", "disease.philadelphia")


class TestHypercvadDasatinib:
    """Hyper-CVAD + dasatinib: relapsed Ph-positive ALL; CNS involvement allowed."""

    def test_first_relapse(self) -> None:
        """Ph-positive first relapse: eligible."""
        _eligible(adult_in_relapse(ph=PhStatus.POSITIVE), "hypercvad_dasatinib")

    def test_relapse_after_allogeneic_hct(self) -> None:
        """Ph-positive relapse after allogeneic HCT: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, allo_hct_months_before_relapse=9)
        _eligible(patient, "hypercvad_dasatinib")

    def test_cns_involvement_allowed(self) -> None:
        """CNS involvement was not excluded: eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, cns=CnsStatus.CNS3)
        _eligible(patient, "hypercvad_dasatinib")

    def test_primary_refractory(self) -> None:
        """Primary refractory (never relapsed): not eligible."""
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, primary_refractory=True)
        _not_eligible(patient, "hypercvad_dasatinib", "in_relapse")

    def test_ph_negative(self) -> None:
        """Ph-negative disease: not eligible."""
        _not_eligible(adult_in_relapse(), "hypercvad_dasatinib", "ph_positive")

    def test_ph_unrecorded(self) -> None:
        """No Ph status: unknown, needs it."""
        _unknown(adult_in_relapse(ph=None), "hypercvad_dasatinib", "disease.philadelphia")
