"""Specification of the schedules: named cycle days, every day, every n days, consecutive
weekdays (radiotherapy fractions) and schedules the sources do not give."""

from __future__ import annotations

from datetime import date

import pytest

from allmodel.clinical.regimens import EveryDay, EveryNDays, NotScheduled, OnDays, Weekdays, expand
from allmodel.errors import ValidationError

# --- schedules ------------------------------------------------------------------------------


class TestOnDays:
    """Named cycle days."""

    def test_across_leap_day_and_month_end(self) -> None:
        """Days 1-5 from Monday 26 Feb 2024 run through the leap day into March."""
        assert expand(OnDays(days=(1, 2, 3, 4, 5)), date(2024, 2, 26), 5) == [
            (1, date(2024, 2, 26)),
            (2, date(2024, 2, 27)),
            (3, date(2024, 2, 28)),
            (4, date(2024, 2, 29)),
            (5, date(2024, 3, 1)),
        ]

    def test_non_leap_year(self) -> None:
        """The same days from 26 Feb 2023 skip from 28 Feb to 1 March."""
        assert [when for _, when in expand(OnDays(days=(3, 4)), date(2023, 2, 26), 5)] == [
            date(2023, 2, 28),
            date(2023, 3, 1),
        ]

    def test_sparse_days_across_year_end(self) -> None:
        """Days 1, 8, 15 from 25 Dec 2024: 25 Dec, 1 Jan, 8 Jan."""
        assert expand(OnDays(days=(1, 8, 15)), date(2024, 12, 25), 21) == [
            (1, date(2024, 12, 25)),
            (8, date(2025, 1, 1)),
            (15, date(2025, 1, 8)),
        ]

    def test_times_per_day_not_repeated_by_expand(self) -> None:
        """Each day appears once; times_per_day is applied by the planner."""
        schedule = OnDays(days=(2, 3), times_per_day=2)
        assert expand(schedule, date(2024, 1, 1), 21) == [
            (2, date(2024, 1, 2)),
            (3, date(2024, 1, 3)),
        ]
        assert schedule.times_per_day == 2

    @pytest.mark.parametrize(("length", "fits"), [(4, False), (5, True), (6, True)])
    def test_last_day_at_the_period_end(self, length: int, fits: bool) -> None:
        """Day 5 fits a 5-day period but not a 4-day one."""
        schedule = OnDays(days=(1, 5))
        if fits:
            assert expand(schedule, date(2024, 1, 1), length)[-1] == (5, date(2024, 1, 5))
        else:
            with pytest.raises(ValidationError, match="day 5 is beyond a 4-day period"):
                expand(schedule, date(2024, 1, 1), length)

    @pytest.mark.parametrize(
        ("numbers", "message"),
        [
            ((), "must list at least one day"),
            ((0, 1), "must be day 1 or later"),
            ((3, 1), "must be increasing without repeats"),
            ((1, 1), "must be increasing without repeats"),
        ],
    )
    def test_bad_days_refused(self, numbers: tuple[int, ...], message: str) -> None:
        """Empty, day 0, decreasing or repeated days are refused, naming ``days``."""
        with pytest.raises(ValidationError) as caught:
            OnDays(days=numbers)
        assert [p.path for p in caught.value.problems] == ["days"]
        assert message in caught.value.problems[0].message

    def test_zero_times_per_day_refused(self) -> None:
        """At least one administration a day."""
        with pytest.raises(ValidationError) as caught:
            OnDays(days=(1,), times_per_day=0)
        assert [p.path for p in caught.value.problems] == ["times_per_day"]

    def test_describe(self) -> None:
        """Runs of days are shortened; several times a day is said."""
        assert OnDays(days=(3,)).describe() == "day 3"
        assert OnDays(days=(1, 8, 15)).describe() == "days 1, 8, 15"
        assert OnDays(days=(1, 2, 3, 4, 11, 12, 13, 14)).describe() == "days 1-4, 11-14"
        assert OnDays(days=(1, 3, 4, 5)).describe() == "days 1, 3-5"
        assert OnDays(days=(1, 2, 3), times_per_day=2).describe() == "days 1-3, 2 times a day"


class TestEveryDay:
    """Every day of the period."""

    def test_across_year_end(self) -> None:
        """Three days from 30 Dec 2024: 30 Dec, 31 Dec, 1 Jan."""
        assert expand(EveryDay(), date(2024, 12, 30), 3) == [
            (1, date(2024, 12, 30)),
            (2, date(2024, 12, 31)),
            (3, date(2025, 1, 1)),
        ]

    def test_length(self) -> None:
        """28 days from 1 Feb 2024 end on 28 Feb; 29 days reach the leap day."""
        assert expand(EveryDay(), date(2024, 2, 1), 28)[-1] == (28, date(2024, 2, 28))
        assert expand(EveryDay(), date(2024, 2, 1), 29)[-1] == (29, date(2024, 2, 29))

    def test_describe(self) -> None:
        """Texts with and without several times a day."""
        assert EveryDay().describe() == "every day"
        assert EveryDay(times_per_day=2).describe() == "every day, 2 times a day"


class TestEveryNDays:
    """Day 1 and every n days."""

    def test_weekly_across_leap_day(self) -> None:
        """Weekly over 28 days from 26 Feb 2024: days 1, 8, 15, 22."""
        assert expand(EveryNDays(interval=7), date(2024, 2, 26), 28) == [
            (1, date(2024, 2, 26)),
            (8, date(2024, 3, 4)),
            (15, date(2024, 3, 11)),
            (22, date(2024, 3, 18)),
        ]

    @pytest.mark.parametrize(("length", "last"), [(21, 15), (22, 22), (23, 22)])
    def test_period_end(self, length: int, last: int) -> None:
        """Day 22 is included in a 22-day period but not a 21-day one."""
        assert expand(EveryNDays(interval=7), date(2024, 1, 1), length)[-1][0] == last

    def test_describe(self) -> None:
        """Text."""
        assert EveryNDays(interval=7).describe() == "every 7 days"

    def test_zero_interval_refused(self) -> None:
        """An interval of 0 is refused, naming ``interval``."""
        with pytest.raises(ValidationError) as caught:
            EveryNDays(interval=0)
        assert [p.path for p in caught.value.problems] == ["interval"]


SATURDAY = date(2024, 2, 24)

#: 12 weekdays from Saturday 24 Feb 2024: Mon 26 Feb to Tue 12 Mar, through the leap day.
TWELVE_WEEKDAYS = [
    (3, date(2024, 2, 26)),
    (4, date(2024, 2, 27)),
    (5, date(2024, 2, 28)),
    (6, date(2024, 2, 29)),
    (7, date(2024, 3, 1)),
    (10, date(2024, 3, 4)),
    (11, date(2024, 3, 5)),
    (12, date(2024, 3, 6)),
    (13, date(2024, 3, 7)),
    (14, date(2024, 3, 8)),
    (17, date(2024, 3, 11)),
    (18, date(2024, 3, 12)),
]


class TestWeekdays:
    """Consecutive weekdays (radiotherapy fractions)."""

    def test_starting_on_a_saturday(self) -> None:
        """The first fraction is the following Monday; 12 fractions skip two weekends."""
        assert SATURDAY.weekday() == 5
        assert expand(Weekdays(count=12), SATURDAY, 18) == TWELVE_WEEKDAYS

    def test_starting_on_a_monday(self) -> None:
        """From a Monday: days 1-5, 8-12, 15-16."""
        found = [day for day, _ in expand(Weekdays(count=12), date(2024, 3, 4), 16)]
        assert found == [1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16]

    def test_no_weekend_dates(self) -> None:
        """No fraction falls on a Saturday or Sunday."""
        assert all(when.weekday() < 5 for _, when in expand(Weekdays(count=12), SATURDAY, 18))

    def test_beyond_the_period_refused(self) -> None:
        """From a Saturday, the 12th fraction is day 18: a 17-day period is too short."""
        with pytest.raises(ValidationError, match="day 18, beyond a 17-day period"):
            expand(Weekdays(count=12), SATURDAY, 17)

    def test_last_day(self) -> None:
        """The cycle day of the last fraction depends on the weekday of day 1."""
        assert Weekdays(count=12).last_day(SATURDAY) == 18
        assert Weekdays(count=12).last_day(date(2024, 3, 4)) == 16
        assert Weekdays(count=1).last_day(date(2024, 3, 3)) == 2

    def test_describe(self) -> None:
        """Text."""
        assert Weekdays(count=12).describe() == "12 weekdays, Monday to Friday"


class TestNotScheduled:
    """A schedule the sources do not give."""

    def test_expand_refused(self) -> None:
        """Expanding it is refused with ValidationError naming ``schedule`` and the reason."""
        with pytest.raises(ValidationError) as caught:
            expand(NotScheduled(reason="days not stated"), date(2024, 1, 1), 28)
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("schedule", "schedule not stated (days not stated)")
        ]

    def test_needs_reason(self) -> None:
        """A blank reason is refused."""
        with pytest.raises(ValidationError):
            NotScheduled(reason="")
