"""Age cuts of every therapy and trial archetype at, just below and just above each bound.

Mutation testing (``make mutation``, scripts/mutate_rules.py) moves every threshold one
step and flips its operator; the age cuts of most options had a test on one side only.
Each row below starts from a patient the option takes, states the cut as its source
writes it, and screens completed ages on both sides of it: one year under and over the
cut, and the cut itself, whose side the operator decides.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from allmodel import Agent, Patient
from allmodel.criteria import JurisdictionCode
from allmodel.model import BestResponse, Condition, PhStatus, StopReason
from allmodel.report import OptionResult, Status
from allmodel.screening import screen
from tests.builders import AS_OF, adult_in_relapse, failed_ids

_FAILED_DASATINIB = ((Agent.DASATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
_FAILED_IMATINIB = ((Agent.IMATINIB,), BestResponse.NO_RESPONSE, StopReason.RESISTANCE)
_ZUMA_ABSENT = dict.fromkeys(
    (
        Condition.BURKITT,
        Condition.ACTIVE_INFECTION,
        Condition.ACTIVE_GVHD,
        Condition.RECENT_IMMUNOSUPPRESSION,
        Condition.CNS_DISORDER_HISTORY,
    ),
    False,
)


def _in_relapse(age: int) -> Patient:
    return adult_in_relapse(age=age)


def _swog(age: int) -> Patient:
    absent = dict.fromkeys((Condition.PSYCHIATRIC_DISORDER, Condition.ACTIVE_INFECTION), False)
    return adult_in_relapse(age=age, conditions=absent)


def _early_first_relapse(age: int) -> Patient:
    return adult_in_relapse(age=age, cr1_months=11)


def _after_dasatinib(age: int) -> Patient:
    return adult_in_relapse(age=age, ph=PhStatus.POSITIVE, salvage=[_FAILED_DASATINIB])


def _after_imatinib(age: int) -> Patient:
    return adult_in_relapse(age=age, ph=PhStatus.POSITIVE, salvage=[_FAILED_IMATINIB])


def _after_imatinib_no_t315i(age: int) -> Patient:
    return adult_in_relapse(age=age, ph=PhStatus.POSITIVE, t315i=False, salvage=[_FAILED_IMATINIB])


def _after_imatinib_with_t315i(age: int) -> Patient:
    return adult_in_relapse(age=age, ph=PhStatus.POSITIVE, t315i=True, salvage=[_FAILED_IMATINIB])


def _mrd_positive_remission(age: int) -> Patient:
    return adult_in_relapse(
        age=age,
        in_remission=True,
        mrd_level=1e-3,
        lab_overrides={"marrow_blasts": 2, "anc": 1.5, "platelets": 120, "hemoglobin": 11},
    )


def _zuma(age: int) -> Patient:
    return adult_in_relapse(age=age, cr1_months=12, conditions=_ZUMA_ABSENT)


#: (option, jurisdiction, criterion id, operator, cut, a patient the option takes at any
#: age on the right side of the cut).
AGE_CUTS: list[tuple[str, str, str, str, int, Callable[[int], Patient]]] = [
    # trial archetypes: "adults" read as 18 or over (their published entry criteria)
    ("tower", "US", "adult", ">=", 18, _early_first_relapse),
    ("blinatumomab_phase2_topp", "US", "adult", ">=", 18, _in_relapse),
    ("alcantara", "US", "adult", ">=", 18, _after_dasatinib),
    ("blast", "US", "adult", ">=", 18, _mrd_positive_remission),
    ("ino_vate", "US", "adult", ">=", 18, _in_relapse),
    ("inotuzumab_phase12", "US", "adult", ">=", 18, _in_relapse),
    ("msk_19_28z", "US", "adult", ">=", 18, _in_relapse),
    ("zuma_3", "US", "adult", ">=", 18, _zuma),
    ("weiss_idarubicin_cytarabine", "US", "adult", ">=", 18, _in_relapse),
    ("swog_s0530", "US", "adult", ">=", 18, _swog),
    ("dasatinib_phase2", "US", "adult", ">=", 18, _after_imatinib),
    # therapies: labels in force on 2022-12-31
    ("inotuzumab_ozogamicin", "US", "adult", ">=", 18, _in_relapse),
    ("blinatumomab_mrd", "EU", "eu_adult", ">=", 18, _mrd_positive_remission),
    ("clofarabine_cytarabine", "US", "adult", ">=", 18, _in_relapse),
    ("ponatinib", "US", "adult", ">=", 18, _after_imatinib_with_t315i),
    ("second_generation_tki", "US", "adult", ">=", 18, _after_imatinib_no_t315i),
    ("tki_based_therapy", "US", "adult", ">=", 18, _after_imatinib_no_t315i),
    ("tki_based_therapy", "EU", "adult", ">=", 18, _after_imatinib_no_t315i),
    ("brexucabtagene_autoleucel", "US", "us_adult", ">=", 18, _in_relapse),
    ("brexucabtagene_autoleucel", "EU", "eu_aged_26_or_over", ">=", 26, _in_relapse),
]


def _result(patient: Patient, option: str, jurisdiction: JurisdictionCode) -> OptionResult:
    return screen(patient, as_of=AS_OF, jurisdiction=jurisdiction, options=[option])[option]


def _cases() -> list[tuple[str, str, str, int, bool, Callable[[int], Patient]]]:
    """(option, jurisdiction, criterion, age, eligible, builder) around each cut."""
    found = []
    for option, where, criterion, operator, cut, build in AGE_CUTS:
        inside = {">=": (cut, cut + 1), "<=": (cut - 1, cut)}[operator]
        outside = cut - 1 if operator == ">=" else cut + 1
        found += [(option, where, criterion, age, True, build) for age in inside]
        found.append((option, where, criterion, outside, False, build))
    return found


@pytest.mark.parametrize(
    ("option", "jurisdiction", "criterion", "age", "eligible", "build"),
    _cases(),
    ids=lambda value: value if isinstance(value, (str, int)) else "",
)
def test_age_cut(  # noqa: PLR0917  (the parameters of one table row)
    option: str,
    jurisdiction: JurisdictionCode,
    criterion: str,
    age: int,
    eligible: bool,
    build: Callable[[int], Patient],
) -> None:
    """On the inclusive side of the cut the option takes the patient; one year outside
    it the age criterion fails."""
    result = _result(build(age), option, jurisdiction)
    if eligible:
        assert result.status is Status.ELIGIBLE, (result.status, result.missing)
    else:
        assert result.status is Status.NOT_ELIGIBLE, result.status
        assert criterion in failed_ids(result.failed), failed_ids(result.failed)
