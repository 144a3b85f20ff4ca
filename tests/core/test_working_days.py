"""Working-day arithmetic across weekends, bank holidays and year ends (carewatch/core/working_days.py).

Time is frozen at odd moments to show the arithmetic never reads the clock: only its arguments count.
"""

from datetime import date

import pytest
import time_machine

from carewatch.core import working_days as wd

E_W = wd.england_and_wales()


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture(autouse=True)
def frozen_on_a_bank_holiday():
    with time_machine.travel("2026-12-25 09:00 +00:00", tick=False):
        yield


# --- the list ------------------------------------------------------------------------------------


def test_the_list_covers_2018_to_2030_with_eight_holidays_in_an_ordinary_year():
    years = {day.year for day in E_W.dates}
    assert years == set(range(2018, 2031))
    assert sum(1 for day in E_W.dates if day.year == 2024) == 8
    assert E_W.known_until == d("2030-12-31")


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2020-05-08", "Early May bank holiday (VE day)"),
        ("2022-06-02", "Spring bank holiday"),
        ("2022-06-03", "Platinum Jubilee bank holiday"),
        ("2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"),
        ("2023-05-08", "Bank holiday for the coronation of King Charles III"),
        ("2020-12-28", "Boxing Day (substitute day)"),
        ("2021-12-27", "Christmas Day (substitute day)"),
        ("2021-12-28", "Boxing Day (substitute day)"),
        ("2022-01-03", "New Year’s Day (substitute day)"),
        ("2022-12-27", "Christmas Day (substitute day)"),
        ("2023-01-02", "New Year’s Day (substitute day)"),
        ("2026-12-28", "Boxing Day (substitute day)"),
        ("2027-03-26", "Good Friday"),
        ("2027-03-29", "Easter Monday"),
    ],
)
def test_one_off_and_substitute_days_are_in_the_list(day, name):
    assert E_W.name_of(d(day)) == name


def test_moved_holidays_are_not_on_their_usual_day():
    assert d("2020-05-04") not in E_W  # VE day moved the early May holiday to Friday 8 May
    assert d("2022-05-30") not in E_W  # the Jubilee moved the spring holiday to Thursday 2 June


def test_no_bank_holiday_falls_on_a_weekend():
    assert all(day.weekday() < 5 for day in E_W.dates)


# --- is_working_day ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-03-02", True),  # a Monday
        ("2026-03-07", False),  # a Saturday
        ("2026-03-08", False),  # a Sunday
        ("2026-04-03", False),  # Good Friday
        ("2026-04-06", False),  # Easter Monday
        ("2026-12-25", False),  # today, frozen: the clock does not matter
    ],
)
def test_a_working_day_is_a_weekday_that_is_not_a_bank_holiday(day, working):
    assert wd.is_working_day(d(day), holidays=E_W) is working


# --- add_working_days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-03-02", 1, "2026-03-03"),  # Monday → Tuesday
        ("2026-03-06", 1, "2026-03-09"),  # Friday → Monday, over the weekend
        ("2026-03-07", 1, "2026-03-09"),  # from a Saturday, the first working day is Monday
        ("2026-03-02", 5, "2026-03-09"),  # a week
        ("2026-03-02", 7, "2026-03-11"),  # the suspension letter's 7 working days
        ("2026-03-31", 7, "2026-04-13"),  # over Good Friday and Easter Monday
        ("2026-04-02", 1, "2026-04-07"),  # Thursday before Easter → the Tuesday after
        ("2026-12-23", 3, "2026-12-30"),  # over Christmas and the Boxing Day substitute (Mon 28)
        ("2026-12-24", 5, "2027-01-05"),  # over a year end and New Year's Day
        ("2021-12-24", 1, "2021-12-29"),  # Christmas and Boxing Day both substituted
        ("2022-12-23", 1, "2022-12-28"),
        ("2022-05-31", 3, "2022-06-07"),  # over the Platinum Jubilee
        ("2026-03-02", 0, "2026-03-02"),  # n = 0: the start itself
        ("2026-03-07", 0, "2026-03-07"),  # even when the start is not a working day
    ],
)
def test_adding_working_days(start, n, expected):
    assert wd.add_working_days(d(start), n, holidays=E_W) == d(expected)


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="negative"):
        wd.add_working_days(d("2026-03-02"), -1, holidays=E_W)


def test_arithmetic_beyond_the_known_holidays_is_refused_rather_than_guessed():
    with pytest.raises(wd.HolidaysNotKnown, match="2030"):
        wd.add_working_days(d("2030-12-20"), 10, holidays=E_W)


def test_an_extra_holiday_added_for_a_council_is_not_a_working_day():
    with_extra = wd.holidays_with(E_W, [(d("2026-03-03"), "Council closure day")])
    assert wd.add_working_days(d("2026-03-02"), 1, holidays=with_extra) == d("2026-03-04")
    assert with_extra.known_until == E_W.known_until
    assert wd.add_working_days(d("2026-03-02"), 1, holidays=E_W) == d("2026-03-03")


# --- add_days ------------------------------------------------------------------------------------


def test_calendar_days_count_weekends_and_holidays():
    assert wd.add_days(d("2026-12-24"), 14, "calendar") == d("2027-01-07")
    assert wd.add_days(d("2026-03-02"), 28, wd.DayUnit.CALENDAR) == d("2026-03-30")


def test_working_days_through_add_days():
    assert wd.add_days(d("2026-12-24"), 5, "working", holidays=E_W) == d("2027-01-05")


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-01-15", 6, "2026-07-15"),
        ("2026-08-31", 6, "2027-02-28"),  # a shorter month: its last day
        ("2027-08-31", 6, "2028-02-29"),  # a leap year
        ("2026-11-30", 2, "2027-01-30"),  # over a year end
        ("2026-01-15", 0, "2026-01-15"),
    ],
)
def test_months(start, n, expected):
    assert wd.add_days(d(start), n, "months") == d(expected)


def test_negative_calendar_days_and_months_are_refused():
    with pytest.raises(ValueError):
        wd.add_days(d("2026-01-01"), -3, "calendar")
    with pytest.raises(ValueError):
        wd.add_days(d("2026-01-01"), -1, "months")


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        wd.add_days(d("2026-01-01"), 3, "fortnights")


# --- working_days_between ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-03-02", "2026-03-02", 0),
        ("2026-03-02", "2026-03-03", 1),
        ("2026-03-06", "2026-03-09", 1),  # Friday to Monday
        ("2026-03-31", "2026-04-13", 7),  # over Easter
        ("2026-12-24", "2027-01-05", 5),  # over Christmas and the year end
        ("2026-01-01", "2026-12-31", 253),  # 260 weekdays after 1 January, less 7 bank holidays
        ("2026-03-09", "2026-03-02", -5),  # backwards: negative
    ],
)
def test_counting_working_days_between_two_dates(start, end, expected):
    assert wd.working_days_between(d(start), d(end), holidays=E_W) == expected


def test_counting_is_the_inverse_of_adding():
    start = d("2025-12-19")
    for n in range(0, 40):
        assert wd.working_days_between(start, wd.add_working_days(start, n, holidays=E_W), holidays=E_W) == n


def test_counting_agrees_with_walking_day_by_day_for_a_plain_container():
    plain = set(E_W.dates)

    class Opaque:  # a container that cannot be iterated
        def __contains__(self, day):
            return day in plain

    assert wd.working_days_between(
        d("2026-11-20"), d("2027-01-10"), holidays=Opaque()
    ) == wd.working_days_between(d("2026-11-20"), d("2027-01-10"), holidays=E_W)


def test_next_working_day():
    assert wd.next_working_day(d("2026-12-25"), holidays=E_W) == d("2026-12-29")
    assert wd.next_working_day(d("2026-12-29"), holidays=E_W) == d("2026-12-29")
