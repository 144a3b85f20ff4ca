"""Return compliance (the 8th to the 14th, or the next working day), the missed-returns rule, stale
returns and the vacancy query."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carewatch.capacity import compliance, figures, queries
from carewatch.capacity.compliance import Month
from carewatch.capacity.figures import MissedReturnsRule
from carewatch.capacity.vocabulary import ReturnState
from carewatch.core.working_days import england_and_wales
from tests.capacity.given import a_return, beds
from tests.monitoring.factories import at

HOLIDAYS = england_and_wales()


def test_the_window_closes_on_the_14th_or_the_next_working_day():
    assert compliance.window(Month(2026, 10), holidays=HOLIDAYS) == (date(2026, 10, 8), date(2026, 10, 14))
    # 14 November 2026 is a Saturday: due on Monday the 16th.
    assert compliance.window(Month(2026, 11), holidays=HOLIDAYS) == (date(2026, 11, 8), date(2026, 11, 16))


@pytest.mark.parametrize(
    ("returned", "today", "state"),
    [
        ([date(2026, 10, 9)], date(2026, 10, 20), ReturnState.ON_TIME),
        ([date(2026, 10, 7)], date(2026, 10, 20), ReturnState.MISSED),  # before the window opened
        ([date(2026, 10, 20)], date(2026, 10, 25), ReturnState.LATE),
        ([], date(2026, 10, 10), ReturnState.DUE),
        ([], date(2026, 10, 3), ReturnState.NOT_YET),
        ([], date(2026, 11, 1), ReturnState.MISSED),
    ],
)
def test_each_months_state(returned, today, state):
    assert compliance.state_of(Month(2026, 10), returned, today=today, holidays=HOLIDAYS) == state


def _returns_in(world, months):
    for year, month in months:
        a_return(world.home, world.acme_manager, at(year, month, 9), beds())


def test_three_missed_months_in_a_row_raise_the_trigger(world):
    # Returned every month from December 2025 to July 2026, then nothing in August, September, October.
    _returns_in(world, [(2025, 12), *((2026, m) for m in range(1, 8))])
    (found,) = figures.missed_returns(location_ids=[world.home.pk], today=date(2026, 11, 2))
    assert found.in_a_row == 3 and found.triggered
    assert found.reason == "3 missed monthly returns in a row (August 2026, September 2026 and October 2026)"


def test_four_missed_in_twelve_months_raise_it_too_and_the_rule_is_configurable(world):
    _returns_in(
        world, [(2025, 11), (2026, 1), (2026, 3), (2026, 5), (2026, 7), (2026, 8), (2026, 9), (2026, 10)]
    )
    (found,) = figures.missed_returns(location_ids=[world.home.pk], today=date(2026, 11, 2))
    assert (found.in_a_row, found.in_twelve, found.triggered) == (0, 4, True)
    assert "4 missed monthly returns in 12 months" in found.reason
    (lenient,) = figures.missed_returns(
        location_ids=[world.home.pk], today=date(2026, 11, 2), rule=MissedReturnsRule(in_a_row=3, in_twelve=5)
    )
    assert not lenient.triggered and lenient.reason == ""


def test_months_before_since_are_not_counted(world):
    (found,) = figures.missed_returns(
        location_ids=[world.home.pk], today=date(2026, 11, 2), since=date(2026, 9, 1)
    )
    assert found.in_twelve == 2 and not found.triggered


def test_return_compliance_counts_an_areas_services(world):
    a_return(world.home, world.acme_manager, at(2026, 10, 12), beds())
    a_return(world.other_home, world.beta_manager, at(2026, 10, 20), beds())
    result = figures.return_compliance(
        month=Month(2026, 10), today=date(2026, 11, 2), local_authorities=["E08000004"]
    )
    assert (result.on_time, result.late, result.missed, result.locations) == (1, 1, 0, 2)


def test_a_return_older_than_seven_days_is_stale(world):
    now = at(2026, 11, 20)
    assert not queries.is_stale(now - timedelta(days=7), now=now)
    assert queries.is_stale(now - timedelta(days=7, minutes=1), now=now)
    assert queries.is_stale(None, now=now)


def test_the_vacancy_query_finds_accepting_beds_of_a_bed_type_leaving_out_excluded_homes(world):
    now = at(2026, 11, 20)
    a_return(world.home, world.acme_manager, at(2026, 11, 18), beds("dementia_nursing", 10, 8))
    a_return(
        world.other_home,
        world.beta_manager,
        at(2026, 11, 1),
        beds("dementia_nursing", 10, 9),
        beds("respite", 2, 2),
    )
    a_return(world.rochdale_home, world.beta_manager, at(2026, 11, 18), beds("dementia_nursing", 5, 3))
    area = queries.area_filter(world.commissioner)
    criteria = queries.VacancyCriteria(
        area=area, bed_types=frozenset({"dementia_nursing"}), accepting_only=True
    )
    found = list(queries.vacancy_locations(criteria, now=now))
    assert [loc.name for loc in found] == ["Birch Lodge", "Oak House"]  # not Ash Court: Rochdale's
    rows = queries.vacancy_rows(found, criteria, now=now)
    assert [(r.location.name, r.stale, r.vacant_accepting) for r in rows] == [
        ("Birch Lodge", True, 1),
        ("Oak House", False, 2),
    ]
    fresh = queries.VacancyCriteria(area=area, fresh_only=True, exclude_ids=frozenset({world.home.pk}))
    assert list(queries.vacancy_locations(fresh, now=now)) == []


def test_the_vacancy_query_reads_the_returns_as_they_stood_on_a_date(world):
    a_return(world.home, world.acme_manager, at(2026, 10, 9), beds(capacity=20, occupied=10))
    a_return(world.home, world.acme_manager, at(2026, 11, 9), beds(capacity=20, occupied=20))
    then = figures.vacancies_by_bed_type(as_of=at(2026, 10, 31), local_authorities=["E08000004"])
    now = figures.vacancies_by_bed_type(as_of=at(2026, 11, 30), local_authorities=["E08000004"])

    def general(rows):
        return next(r for r in rows if r.bed_type == "general_residential")

    assert (general(then).vacant_accepting, general(now).vacant_accepting) == (10, 0)
    assert general(now).occupancy_pct == 100.0
