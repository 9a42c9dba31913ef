"""A birth on 29 February: on 28 February of a common year the age is both readings.

The calendar's clipping makes the person a year older on 28 February; where the law
counts the birthday as 1 March they are not, and the labels' "adults" do not say which.
So that day the age facts are the interval of both, and a threshold between them is
unknown: never "adult" (a false eligible) nor "not adult" (a false exclusion) by one
convention (flagged by a clinical audit).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from allmodel import Course, Patient
from allmodel.catalogue._blocks._patient import adult, age_at_most
from allmodel.criteria import Context, Threshold, compile_criterion
from allmodel.facts import derive_facts, fact_index
from allmodel.report import Status
from allmodel.screening import screen
from tests.builders import adult_in_relapse
from tests.catalogue.vignettes import turning_18_on

BORN = date(2008, 2, 29)


def _born_on_leap_day(born: date = BORN) -> Patient:
    return attrs.evolve(adult_in_relapse(), date_of_birth=born)


def _age(on: date, name: str = "age_years", patient: Patient | None = None) -> tuple[object, ...]:
    """The fact's lower and upper bound on ``on``."""
    facts = derive_facts(patient or _born_on_leap_day(), as_of=on)
    place = fact_index(name)
    return facts.values[place], facts.upper[place]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 2, 27), (17, 17)),  # the day before: 17 by either reading
        (date(2026, 2, 28), (17, 18)),  # 28 February of a common year: either
        (date(2026, 3, 1), (18, 18)),  # 1 March: 18 by either reading
        (date(2028, 2, 28), (19, 19)),  # a leap year: the birthday is the 29th
        (date(2028, 2, 29), (20, 20)),
        (date(2009, 2, 28), (0, 1)),  # the first common year
    ],
    ids=str,
)
def test_the_age_around_the_birthday(on: date, expected: tuple[int, int]) -> None:
    """Exact the day before and from 1 March on, and in leap years; both on 28 February."""
    assert _age(on) == expected


def test_the_remark_says_why() -> None:
    """The remark names the birthday and both ages; describe shows the interval."""
    facts = derive_facts(_born_on_leap_day(), as_of=date(2026, 2, 28))
    remark = facts.remark("age_years")
    assert remark is not None
    assert "29 February" in remark
    assert "17 or 18" in remark
    assert facts.describe("age_years").startswith("between 17 and 18 years")


def test_another_birthday_is_exact() -> None:
    """28 February and 1 March births are never read two ways."""
    for born in (date(2008, 2, 28), date(2008, 3, 1)):
        patient = _born_on_leap_day(born)
        for on in (date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1)):
            low, high = _age(on, patient=patient)
            assert low == high


def test_the_age_at_diagnosis() -> None:
    """A diagnosis on 28 February of a common year gives both readings too."""

    def diagnosed(on: date) -> Patient:
        return Patient(date_of_birth=BORN, course=Course(diagnosis_date=on))

    assert _age(date(2026, 6, 1), "age_at_diagnosis_years", diagnosed(date(2026, 2, 28))) == (
        17,
        18,
    )
    assert _age(date(2026, 6, 1), "age_at_diagnosis_years", diagnosed(date(2026, 3, 1))) == (
        18,
        18,
    )


def _truth(node: Threshold, on: date) -> int:
    facts = derive_facts(_born_on_leap_day(), as_of=on)
    return compile_criterion(node, Context(as_of=on))(facts.values, facts.upper)


def test_adult_is_unknown_that_day() -> None:
    """aged 18 or over: false the day before, unknown on 28 February, true on 1 March.
    (Truth values: 0 false, 1 unknown, 2 true.)"""
    node = adult()
    assert [_truth(node, date(2026, 2, day)) for day in (27, 28)] == [0, 1]
    assert _truth(node, date(2026, 3, 1)) == 2


def test_an_upper_age_limit_is_unknown_that_day() -> None:
    """aged 25 or under, for a person 25 or 26 on 28 February 2034: unknown that day."""
    node = age_at_most(25)
    assert _truth(node, date(2034, 2, 27)) == 2
    assert _truth(node, date(2034, 2, 28)) == 1
    assert _truth(node, date(2034, 3, 1)) == 0


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2022, 2, 27), Status.NOT_ELIGIBLE),  # 17 by either reading
        (date(2022, 2, 28), Status.UNKNOWN),  # 17 or 18
        (date(2022, 3, 1), Status.ELIGIBLE),  # 18 by either reading
    ],
    ids=str,
)
def test_screening_around_the_18th_birthday(on: date, expected: Status) -> None:
    """The adult label clause is unknown on the day the readings differ, never eligible."""
    report = screen(turning_18_on(on), as_of=on, options=["inotuzumab_ozogamicin"])
    result = report["inotuzumab_ozogamicin"]
    assert result.status is expected
    if expected is Status.UNKNOWN:
        assert "adult" in {node.id for node in result.unknown}
