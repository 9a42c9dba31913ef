"""Audit findings whose fix needs a change to the facts (``allmodel.facts``), not the
criteria.

Each vignette below was screened during the clinical audit of ruleset 3.1.0 and gave a
false "eligible" (or an unknown read as "not eligible"). The criteria read the right fact;
the fact itself decided too much. A finding not fixed yet is marked ``xfail(strict=True)``
with the change it waits for, so it starts to pass (and must then be unmarked) the moment
the fact is fixed; the fixed ones (MRD window, imatinib and dasatinib failure, lines
without agents, CSF before a regimen) run as ordinary tests, their constant still naming
the change that fixed them. The controls beside them pin the cases that must not move.
"""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from allmodel import Agent, MrdResult, Patient
from allmodel.criteria import JurisdictionCode
from allmodel.model import (
    BestResponse,
    CnsAssessment,
    CnsStatus,
    Condition,
    Intent,
    KinaseDomainAnalysis,
    Lineage,
    Marker,
    MrdMethod,
    PhStatus,
    Sample,
    Sex,
    StopReason,
)
from allmodel.report import Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse, labs, line, with_course, with_disease
from tests.catalogue.vignettes import (
    FAILED_SALVAGE,
    FRONTLINE_WITH_IMATINIB,
    in_ongoing_programme,
    in_remission,
    marker,
    recorded,
    with_salvage_pending,
)

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN


def status(patient: Patient, option: str, jurisdiction: JurisdictionCode = "US") -> Status:
    """One option's status on AS_OF."""
    return screen(patient, as_of=AS_OF, options=[option], jurisdiction=jurisdiction)[option].status


# --- MRD from early in a programme that is still being given --------------------------------


def mrd_taken_early_in_an_ongoing_programme(days_before: int) -> Patient:
    """First remission during a frontline programme begun 300 days ago (8 blocks, still
    running), recovered counts yesterday, one MRD result of 1e-2 ``days_before`` AS_OF."""
    result = MrdResult(
        date=AS_OF - timedelta(days=days_before),
        method=MrdMethod.FLOW_CYTOMETRY,
        level=1e-2,
        sensitivity=1e-4,
        sample=Sample.BONE_MARROW,
    )
    counts = labs(
        AS_OF - timedelta(days=1),
        marrow_blasts=2,
        blood_blasts=0,
        anc=1.5,
        platelets=120,
        hemoglobin=11,
    )
    return attrs.evolve(in_ongoing_programme(result), labs=counts)


_MRD_WINDOW = (
    "needs facts/_mrd.py: _MRD_IN_REMISSION (and _MRD) also within a window before as_of"
    " (Validity(..., window=Window.MARROW), 28 days): an MRD result from 270 days ago,"
    " after which 7 more blocks of the same programme were given, is read as current"
)


class TestMrdInAnOngoingProgramme:
    """MRD counts 'since the start of the latest regimen', which a long programme never
    renews: a result from after induction still decides the MRD indication months later."""

    @pytest.mark.parametrize("option", ["blinatumomab_mrd", "blast"])
    def test_mrd_from_270_days_ago_is_unknown(self, option: str) -> None:
        """An MRD result 270 days old, with the programme going on since: unknown."""
        assert status(mrd_taken_early_in_an_ongoing_programme(270), option) is UNKNOWN

    @pytest.mark.parametrize("option", ["blinatumomab_mrd", "blast"])
    def test_mrd_from_yesterday_is_eligible(self, option: str) -> None:
        """Control: the same patient with yesterday's MRD result is eligible."""
        assert status(mrd_taken_early_in_an_ongoing_programme(1), option) is ELIGIBLE


# --- MRD in peripheral blood ----------------------------------------------------------------


def mrd(days_before: int, level: float, sample: Sample) -> MrdResult:
    """A flow MRD result (sensitivity 1e-4) of ``sample`` ``days_before`` AS_OF."""
    return MrdResult(
        date=AS_OF - timedelta(days=days_before),
        method=MrdMethod.FLOW_CYTOMETRY,
        level=level,
        sensitivity=1e-4,
        sample=sample,
    )


_BLOOD = (
    "fixed in facts/_mrd.py: only a bone-marrow result gives the MRD level and call; a"
    " blood result, or one whose sample is not recorded, leaves them [0, 1] and unknown"
)


class TestMrdInBlood:
    """A blood sample with no MRD detected was read as the marrow's level (see _BLOOD)."""

    def test_blood_not_detected_does_not_exclude_from_the_mrd_indication(self) -> None:
        """Marrow MRD 2e-3 twelve days ago, then blood 'not detected': not 'not eligible'."""
        patient = attrs.evolve(
            in_remission(),
            mrd=(
                mrd(12, 2e-3, Sample.BONE_MARROW),
                mrd(5, 0, Sample.PERIPHERAL_BLOOD),
            ),
        )
        assert status(patient, "blinatumomab_mrd") is not NOT_ELIGIBLE

    def test_blood_not_detected_is_not_molecular_negativity(self) -> None:
        """Ph-positive in remission, blood 'not detected' only: autologous HCT unknown."""
        patient = attrs.evolve(
            in_remission(ph=PhStatus.POSITIVE), mrd=(mrd(5, 0, Sample.PERIPHERAL_BLOOD),)
        )
        assert status(patient, "autologous_hct") is UNKNOWN

    def test_marrow_not_detected_is_molecular_negativity(self) -> None:
        """Control: the same result from the marrow makes the special case apply."""
        patient = attrs.evolve(
            in_remission(ph=PhStatus.POSITIVE), mrd=(mrd(5, 0, Sample.BONE_MARROW),)
        )
        assert status(patient, "autologous_hct") is ELIGIBLE


# --- which TKI failed -----------------------------------------------------------------------

_DASATINIB_FAILED = ((Agent.DASATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
_NILOTINIB_FAILED = ((Agent.NILOTINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)


def imatinib_completed_then_dasatinib_failed() -> Patient:
    """Ph-positive: frontline with imatinib completed in remission, a relapse 6 months
    after it ended, then dasatinib stopped for resistance."""
    return adult_in_relapse(
        ph=PhStatus.POSITIVE,
        t315i=False,
        frontline_agents=FRONTLINE_WITH_IMATINIB,
        salvage=[_DASATINIB_FAILED],
    )


_IMATINIB = (
    "needs facts/_tki.py: a fact 'imatinib_failure' (an imatinib-containing line stopped"
    " for resistance or intolerance, no response, or a relapse on it; any_or_unknown over"
    " those lines) for the imatinib_failed block, which now counts any TKI's failure"
)


class TestImatinibFailure:
    """'Resistant to or intolerant of imatinib' is read from the failure of any TKI."""

    @pytest.mark.parametrize("option", ["dasatinib_phase2", "dasatinib_schedule"])
    def test_dasatinib_failure_is_not_imatinib_failure(self, option: str) -> None:
        """Imatinib completed without failing, dasatinib failed later: not eligible."""
        assert status(imatinib_completed_then_dasatinib_failed(), option) is not ELIGIBLE

    @pytest.mark.parametrize("option", ["dasatinib_phase2", "dasatinib_schedule"])
    def test_imatinib_resistance_is_eligible(self, option: str) -> None:
        """Control: imatinib itself stopped for resistance is eligible."""
        failed = ((Agent.IMATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, t315i=False, salvage=[failed])
        assert status(patient, option) is ELIGIBLE


_DASATINIB = (
    "needs facts/_tki.py: a fact 'dasatinib_failure' (a dasatinib-containing line that"
    " failed) for ponatinib's EU branch (resistant to dasatinib, or intolerant of it with"
    " imatinib not appropriate, or T315I), which now takes any second-generation TKI"
)


class TestPonatinibEuAfterDasatinib:
    """The EU authorisation of ponatinib names dasatinib; the criterion takes any
    second-generation TKI with the team's judgement that no other TKI is indicated."""

    def test_eu_after_nilotinib_only_is_not_eligible(self) -> None:
        """EU: nilotinib failed, dasatinib never given, no T315I: not eligible."""
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE, t315i=False, salvage=[_NILOTINIB_FAILED], no_other_tki=True
        )
        assert status(patient, "ponatinib", "EU") is not ELIGIBLE

    def test_us_after_nilotinib_with_no_other_tki_is_eligible(self) -> None:
        """Control, US: 'no other TKI therapy indicated' covers the same patient."""
        patient = adult_in_relapse(
            ph=PhStatus.POSITIVE, t315i=False, salvage=[_NILOTINIB_FAILED], no_other_tki=True
        )
        assert status(patient, "ponatinib", "US") is ELIGIBLE


# --- CALGB 19801: "unless due to leukaemia" ---------------------------------------------------

_CALGB_ABSENT = recorded(
    Condition.PRIOR_SEVERE_NEUROTOXICITY,
    Condition.PERIPHERAL_NEUROPATHY,
    Condition.SEIZURE_DISORDER,
)
_DUE_TO_LEUKAEMIA = (
    "fixed by the recorded judgements hepatic_ and renal_dysfunction_due_to_leukemia (model,"
    " facts/_person.py, Window.JUDGEMENT): the criteria read Any(limit, that organ's"
    " judgement), unknown until recorded"
)


class TestCalgbUnlessDueToLeukaemia:
    """Bilirubin <= 2 x ULN and creatinine clearance >= 50 mL/min 'unless due to leukaemia'
    (see _DUE_TO_LEUKAEMIA)."""

    @pytest.mark.parametrize(
        "labs_out_of_range",
        [{"bilirubin_x_uln": 2.5}, {"creatinine_clearance": 40}],
        ids=["bilirubin", "creatinine_clearance"],
    )
    def test_out_of_range_is_unknown(self, labs_out_of_range: dict[str, float | None]) -> None:
        """Out of range, cause not recorded: unknown (the exception may apply)."""
        patient = adult_in_relapse(
            lineage=Lineage.T,
            sex=Sex.MALE,
            lab_overrides=labs_out_of_range,
            conditions=_CALGB_ABSENT,
        )
        assert status(patient, "calgb_19801") is UNKNOWN

    def test_in_range_is_eligible(self) -> None:
        """Control: the same man with both values in range is eligible."""
        patient = adult_in_relapse(lineage=Lineage.T, sex=Sex.MALE, conditions=_CALGB_ABSENT)
        assert status(patient, "calgb_19801") is ELIGIBLE


# --- a line whose agents are not listed -----------------------------------------------------


def with_unlisted_line(patient: Patient, *, start: int = 25, end: int = 5) -> Patient:
    """The patient with a failed salvage line recorded by its name only ("study protocol
    123", no agents listed), from ``start`` to ``end`` days before AS_OF."""
    unlisted = line(
        AS_OF - timedelta(days=start),
        AS_OF - timedelta(days=end),
        (),
        Intent.SALVAGE,
        BestResponse.NO_RESPONSE,
        StopReason.RESISTANCE,
        regimen="study protocol 123",
    )
    return with_course(patient, treatment_lines=(*patient.course.treatment_lines, unlisted))


_UNLISTED = (
    "needs facts/_history.py and facts/_exposures.py: a line that lists no agents may have"
    " given any agent, so latest_directed_end (CD19/CD22), latest_tki_failure and the"
    " exposure facts (prior_cd19_directed, prior_car_t, ...) must treat it as possibly"
    " directed / possibly a TKI (as days_since_radiotherapy_or_immunotherapy already does)"
)


class TestLineWithoutAgents:
    """A failed line recorded by name only is read as 'certainly not CD19-, CD22-directed
    or a TKI', so an older antigen or mutation result stays current and a prior exposure
    reads 'no'."""

    @pytest.mark.parametrize(
        "option", ["blinatumomab", "brexucabtagene_autoleucel", "inotuzumab_ozogamicin"]
    )
    def test_antigen_result_before_the_line_is_unknown(self, option: str) -> None:
        """CD19 and CD22 measured 28 days ago, then a failed line of unlisted agents."""
        patient = with_disease(
            adult_in_relapse(relapses=2),
            markers=(marker(Marker.CD19, 28), marker(Marker.CD22, 28)),
        )
        assert status(with_unlisted_line(patient), option) is UNKNOWN

    def test_antigen_result_after_the_line_is_current(self) -> None:
        """Control: CD19 measured after that line ended counts."""
        patient = with_disease(adult_in_relapse(relapses=2), markers=(marker(Marker.CD19, 2),))
        assert status(with_unlisted_line(patient), "blinatumomab") is ELIGIBLE

    def test_mutation_result_before_the_line_is_unknown(self) -> None:
        """Ph-positive, dasatinib failed (ended 22 days ago), no T315I 20 days ago, then
        the line (15 to 5 days ago)."""
        failed = ((Agent.DASATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
        patient = with_disease(
            adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[failed]),
            kinase_domain=KinaseDomainAnalysis(date=AS_OF - timedelta(days=20), mutations=()),
        )
        assert status(with_unlisted_line(patient, start=15), "second_generation_tki") is UNKNOWN

    def test_prior_cd19_directed_therapy_is_unknown(self) -> None:
        """ELIANA excludes prior CD19-directed therapy: a line of unlisted agents may have
        been one (it read 'none', eligible)."""
        patient = with_unlisted_line(adult_in_relapse(age=20, relapses=2))
        assert status(patient, "eliana") is UNKNOWN

    def test_mutation_result_after_the_tki_failure_is_current(self) -> None:
        """Control: without that line the same analysis decides (no T315I: eligible)."""
        failed = ((Agent.DASATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
        patient = with_disease(
            adult_in_relapse(ph=PhStatus.POSITIVE, salvage=[failed]),
            kinase_domain=KinaseDomainAnalysis(date=AS_OF - timedelta(days=20), mutations=()),
        )
        assert status(patient, "second_generation_tki") is ELIGIBLE


# --- a line pending after an earlier failed one -----------------------------------------------

_LATEST_LINE = (
    "needs facts/_course.py: refractory_to_salvage is true when *some* line since the"
    " relapse failed (its description says the latest); a fact 'latest_line_failed' (or"
    " that description's reading) would let relapsed_or_refractory_after_every_line"
    " leave a pending latest line unknown even after an earlier failure"
)


class TestPendingAfterAFailedLine:
    """A line begun days ago, after a salvage that failed, is still counted as failed."""

    def test_zuma3_third_line_pending_is_unknown(self) -> None:
        """First relapse, salvage failed (2 lines: not eligible), a third begun 3 days ago:
        'R/R after more than 2 lines' is undecided (it reads eligible)."""
        patient = adult_in_relapse(
            conditions=recorded(
                Condition.BURKITT,
                Condition.ACTIVE_INFECTION,
                Condition.ACTIVE_GVHD,
                Condition.RECENT_IMMUNOSUPPRESSION,
                Condition.CNS_DISORDER_HISTORY,
            ),
            salvage=[FAILED_SALVAGE],
        )
        assert status(with_salvage_pending(patient), "zuma_3") is UNKNOWN

    def test_alcantara_ponatinib_pending_after_imatinib_failed_is_unknown(self) -> None:
        """Imatinib failed after the relapse, ponatinib begun 3 days ago: not yet R/R to a
        second-generation or later TKI (it reads eligible)."""
        failed = ((Agent.IMATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
        patient = adult_in_relapse(ph=PhStatus.POSITIVE, t315i=False, salvage=[failed])
        pending = with_salvage_pending(patient, agents=(Agent.PONATINIB,))
        assert status(pending, "alcantara") is UNKNOWN


# --- a CSF result from before CNS-directed treatment ------------------------------------------

_CSF = (
    "needs facts/_disease.py: cns_status and cns_involved count only when dated on or after"
    " the latest relapse *and the start of the latest regimen* (like marrow blasts,"
    " Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_REGIMEN))): a CSF result from"
    " before cranial irradiation and intrathecal methotrexate no longer shows the CNS"
)


def csf_positive_then_cns_directed_line() -> Patient:
    """CNS3a at the relapse (29 days ago), then a salvage line with cranial irradiation
    and intrathecal methotrexate (25 to 5 days ago) that failed systemically; no CSF
    result since."""
    patient = with_disease(
        adult_in_relapse(),
        cns=(CnsAssessment(status=CnsStatus.CNS3A, date=AS_OF - timedelta(days=29)),),
    )
    treated = line(
        AS_OF - timedelta(days=25),
        AS_OF - timedelta(days=5),
        (Agent.RADIOTHERAPY, Agent.METHOTREXATE, Agent.CYTARABINE, Agent.IDARUBICIN),
        Intent.SALVAGE,
        BestResponse.NO_RESPONSE,
        StopReason.RESISTANCE,
    )
    return with_course(patient, treatment_lines=(*patient.course.treatment_lines, treated))


class TestCsfBeforeCnsDirectedTreatment:
    """The CSF result taken at the relapse is read as the CNS status after the CNS has
    been treated."""

    def test_cns_directed_therapy_is_unknown(self) -> None:
        """CNS involvement after it was irradiated is not known (it reads eligible)."""
        assert status(csf_positive_then_cns_directed_line(), "cns_directed_therapy") is UNKNOWN

    def test_tower_cns_exclusion_is_unknown(self) -> None:
        """TOWER's CNS exclusion is undecided too (it reads not eligible)."""
        assert status(csf_positive_then_cns_directed_line(), "tower") is UNKNOWN

    def test_csf_at_the_relapse_counts_before_treatment(self) -> None:
        """Control: before any treatment the same CSF result shows CNS involvement."""
        patient = with_disease(
            adult_in_relapse(),
            cns=(CnsAssessment(status=CnsStatus.CNS3A, date=AS_OF - timedelta(days=29)),),
        )
        assert status(patient, "cns_directed_therapy") is ELIGIBLE
