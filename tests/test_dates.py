"""Specification of the calendar arithmetic: ages, calendar months and 30.4375-day months."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from allmodel.dates import (
    add_months,
    age_in_years,
    calendar_months,
    months_elapsed_30_4375,
    whole_calendar_months,
)
from allmodel.errors import ChronologyError

#: Dates from 1890 to 2110: leap days, the century years 1900 (common) and 2000 (leap).
DATES = st.dates(min_value=date(1890, 1, 1), max_value=date(2110, 12, 31))


class TestAgeInYears:
    """Completed years of age, as ages are spoken."""

    @pytest.mark.parametrize(
        ("on", "age"),
        [(date(2020, 5, 16), 39), (date(2020, 5, 17), 40), (date(2020, 5, 18), 40)],
    )
    def test_birthday_boundary(self, on: date, age: int) -> None:
        """A year is completed on the birthday itself, not the day before."""
        assert age_in_years(date(1980, 5, 17), on) == age

    @pytest.mark.parametrize(
        ("on", "age"),
        [
            (date(2023, 2, 27), 18),
            (date(2023, 2, 28), 19),
            (date(2023, 3, 1), 19),
            (date(2024, 2, 28), 19),
            (date(2024, 2, 29), 20),
        ],
    )
    def test_leap_day_birthday(self, on: date, age: int) -> None:
        """Born 29 Feb 2004: 19 on 28 Feb 2023 (clipping), 20 only on 29 Feb 2024."""
        assert age_in_years(date(2004, 2, 29), on) == age

    def test_day_of_birth_is_age_zero(self) -> None:
        """On the day of birth the age is 0."""
        assert age_in_years(date(2000, 1, 1), date(2000, 1, 1)) == 0

    def test_before_birth_is_a_chronology_error(self) -> None:
        """Assessing age the day before birth is a ChronologyError on date_of_birth."""
        with pytest.raises(ChronologyError) as caught:
            age_in_years(date(2000, 1, 1), date(1999, 12, 31))
        assert caught.value.problems[0].path == "date_of_birth"


class TestWholeCalendarMonths:
    """Completed calendar months, with month-end clipping."""

    @pytest.mark.parametrize(
        ("start", "end", "months"),
        [
            (date(2020, 1, 15), date(2020, 2, 14), 0),
            (date(2020, 1, 15), date(2020, 2, 15), 1),
            (date(2020, 1, 15), date(2022, 1, 15), 24),
            (date(2023, 1, 31), date(2023, 2, 27), 0),
            (date(2023, 1, 31), date(2023, 2, 28), 1),
            (date(2024, 1, 31), date(2024, 2, 28), 0),
            (date(2024, 1, 31), date(2024, 2, 29), 1),
            (date(2020, 2, 15), date(2020, 1, 15), -1),
        ],
    )
    def test_whole_months(self, start: date, end: date, months: int) -> None:
        """One month after 31 January is the last day of February."""
        assert whole_calendar_months(start, end) == months

    @pytest.mark.parametrize(
        ("start", "months", "end"),
        [
            (date(2023, 1, 31), 1, date(2023, 2, 28)),
            (date(2024, 1, 31), 1, date(2024, 2, 29)),
            (date(2019, 6, 30), 24, date(2021, 6, 30)),
            (date(2021, 3, 31), -1, date(2021, 2, 28)),
        ],
    )
    def test_add_months_clips_to_month_end(self, start: date, months: int, end: date) -> None:
        """add_months clips to the last day of a shorter month."""
        assert add_months(start, months) == end


class TestCalendarMonths:
    """Calendar months with the partial month as a fraction of the next calendar month."""

    @pytest.mark.parametrize(
        ("end", "n"),
        [
            (date(2019, 4, 15), 1),
            (date(2019, 9, 15), 6),
            (date(2020, 3, 15), 12),
            (date(2020, 9, 15), 18),
            (date(2021, 3, 15), 24),
            (date(2022, 3, 15), 36),
        ],
    )
    def test_exactly_n_at_n_months(self, end: date, n: int) -> None:
        """n calendar months after 15 March 2019 is exactly n."""
        assert calendar_months(date(2019, 3, 15), end) == float(n)

    def test_one_day_later_is_strictly_greater(self) -> None:
        """A day past 24 months is 24 and one thirtieth (June has 30 days to July)."""
        assert calendar_months(date(2019, 6, 30), date(2021, 6, 30)) == 24.0
        assert calendar_months(date(2019, 6, 30), date(2021, 7, 1)) == pytest.approx(
            24 + 1 / 30, rel=1e-15
        )
        assert calendar_months(date(2019, 6, 30), date(2021, 7, 1)) > 24

    def test_one_day_earlier_is_strictly_less(self) -> None:
        """A day short of 24 months is 23 and 30/31 (30 May to 29 June of 31 days)."""
        value = calendar_months(date(2019, 6, 30), date(2021, 6, 29))
        assert value == pytest.approx(23 + 30 / 31, rel=1e-15)
        assert value < 24

    @pytest.mark.parametrize(
        ("start", "end", "months"),
        [
            (date(2023, 1, 31), date(2023, 2, 27), 27 / 28),
            (date(2023, 1, 31), date(2023, 2, 28), 1.0),
            (date(2023, 1, 31), date(2023, 3, 1), 1 + 1 / 31),
            (date(2023, 1, 31), date(2023, 3, 31), 2.0),
            (date(2024, 1, 31), date(2024, 2, 28), 28 / 29),
            (date(2024, 1, 31), date(2024, 2, 29), 1.0),
        ],
    )
    def test_month_end_clipping(self, start: date, end: date, months: float) -> None:
        """From 31 January, the month is complete on the last day of February."""
        assert calendar_months(start, end) == pytest.approx(months, rel=1e-15)

    def test_same_day_is_zero(self) -> None:
        """No time elapsed is zero months."""
        assert calendar_months(date(2021, 5, 5), date(2021, 5, 5)) == 0.0

    @pytest.mark.parametrize(
        ("start", "end"),
        [(date(2019, 6, 30), date(2021, 7, 1)), (date(2023, 1, 31), date(2023, 3, 1))],
    )
    def test_negative_when_reversed(self, start: date, end: date) -> None:
        """Swapping the dates negates the result."""
        assert calendar_months(end, start) == -calendar_months(start, end)
        assert calendar_months(end, start) < 0


class TestMonthsElapsedAverage:
    """Days divided by 30.4375, the protocol-style month."""

    def test_sixty_days(self) -> None:
        """1 Jan to 2 Mar 2023 is 60 days, 60 / 30.4375 months."""
        assert months_elapsed_30_4375(date(2023, 1, 1), date(2023, 3, 2)) == 60 / 30.4375

    def test_differs_from_calendar_months(self) -> None:
        """Two years of 731 days are 24.016... such months but exactly 24 calendar months."""
        start, end = date(2019, 6, 30), date(2021, 6, 30)
        assert months_elapsed_30_4375(start, end) == 731 / 30.4375
        assert calendar_months(start, end) == 24.0

    def test_negative_when_reversed(self) -> None:
        """An end before the start gives a negative number."""
        assert months_elapsed_30_4375(date(2023, 3, 2), date(2023, 1, 1)) == -60 / 30.4375


class TestPlainDatesOnly:
    """Clinical dates carry no time of day: datetime is refused with TypeError."""

    @pytest.mark.parametrize(
        "function",
        [age_in_years, whole_calendar_months, calendar_months, months_elapsed_30_4375],
    )
    def test_datetime_refused(self, function: Callable[[date, date], object]) -> None:
        """A datetime in either position is refused."""
        moment = datetime(2021, 6, 30, 12, 0)
        with pytest.raises(TypeError):
            function(moment, date(2022, 1, 1))
        with pytest.raises(TypeError):
            function(date(2020, 1, 1), moment)

    def test_add_months_refuses_datetime(self) -> None:
        """add_months also refuses a datetime."""
        with pytest.raises(TypeError, match=r"must be a datetime\.date, not datetime"):
            add_months(datetime(2021, 6, 30, 12, 0), 1)


class TestAgreement:
    """The month counts agree with python-dateutil and with their definition by shifting."""

    @given(DATES, DATES)
    def test_whole_months_agree_with_relativedelta(self, start: date, end: date) -> None:
        """Completed months are relativedelta's years x 12 + months, either way round."""
        delta = relativedelta(end, start)
        assert whole_calendar_months(start, end) == delta.years * 12 + delta.months

    @given(DATES, DATES)
    def test_calendar_months_follow_their_definition(self, start: date, end: date) -> None:
        """The whole months, then the days past the anchor over the days to the next one."""
        if end < start:
            assert calendar_months(start, end) == -calendar_months(end, start)
            return
        whole = whole_calendar_months(start, end)
        anchor, following = add_months(start, whole), add_months(start, whole + 1)
        assert anchor <= end < following
        expected = whole + (end - anchor).days / (following - anchor).days
        assert calendar_months(start, end) == expected
