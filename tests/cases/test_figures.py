"""Figures per council and for England, as at a date, on a small history built by hand."""

from datetime import date

import pytest

from carewatch.cases import queries, services
from carewatch.core import access
from tests.cases import factories as f


def at(y, m, d):
    return f.at(y, m, d, 11)


@pytest.fixture
def history(world):
    """Oldham: four homes and five cases over two years; Rochdale: one case.

    A  home1  opened 1 on 1 Apr 2025 → 3 on 1 May → 1 on 1 Jul → closed 1 Aug 2025
    B  home1  opened 2 on 10 Jan 2026 (re-entry: A closed 5 months before)
    C  home2  opened 4 on 1 Oct 2025
    D  home3  opened 1 on 1 Jan 2024 → closed 1 Feb 2024
    E  home3  opened 1 on 1 Jun 2025 (not a re-entry: D closed 16 months before)
    F  Rochdale home, opened 3 on 1 Sep 2025
    """
    m = world.manager
    home1, home2, home3 = world.home, f.location(world.council), f.location(world.council)

    def open_(home, level, when, council=world.council, manager=m):
        return services.open_case(
            actor=manager, organisation=council, locations=[home], level=level, reason="r", now=when
        )

    a = open_(home1, "1", at(2025, 4, 1))
    services.escalate_case(actor=m, case=a, level="3", reason="r", seen_revision=1, now=at(2025, 5, 1))
    services.de_escalate_case(actor=m, case=a, level="1", reason="r", seen_revision=2, now=at(2025, 7, 1))
    services.close_case(actor=m, case=a, reason="r", seen_revision=3, now=at(2025, 8, 1))
    open_(home1, "2", at(2026, 1, 10))
    open_(home2, "4", at(2025, 10, 1))
    d = open_(home3, "1", at(2024, 1, 1))
    services.close_case(actor=m, case=d, reason="r", seen_revision=1, now=at(2024, 2, 1))
    open_(home3, "1", at(2025, 6, 1))
    rochdale = f.council("E08000005")
    open_(f.location("E08000005"), "3", at(2025, 9, 1), council=rochdale, manager=f.manager(rochdale))
    return world


def test_cases_by_level_as_at_a_date(history):
    figures = queries.case_figures(on=date(2026, 3, 31), organisation=history.council)
    assert figures.by_level == {"0": 0, "1": 1, "2": 1, "3": 0, "R": 0, "4": 1, "5": 0}
    assert figures.open_cases == 3
    earlier = queries.case_figures(on=date(2025, 6, 15), organisation=history.council)
    assert {k: v for k, v in earlier.by_level.items() if v} == {"3": 1, "1": 1}


def test_median_days_at_each_level_over_completed_stays(history):
    times = queries.case_figures(on=date(2026, 3, 31), organisation=history.council).time_at_level
    assert (times["1"].completed_stays, times["1"].median_days, times["1"].ongoing_stays) == (
        3,
        31.0,
        1,
    )  # 30, 31, 31
    assert (times["3"].completed_stays, times["3"].median_days) == (1, 61.0)
    assert (times["2"].completed_stays, times["2"].median_days, times["2"].ongoing_stays) == (0, None, 1)


def test_stepped_down_and_escalated_in_the_12_months_to_the_date(history):
    figures = queries.case_figures(on=date(2026, 3, 31), organisation=history.council)
    assert figures.since == date(2025, 3, 31)
    assert (figures.opened, figures.closed, figures.escalated, figures.stepped_down) == (4, 1, 1, 1)
    narrow = queries.case_figures(on=date(2026, 3, 31), organisation=history.council, since=date(2025, 6, 30))
    assert (narrow.opened, narrow.escalated, narrow.stepped_down, narrow.closed) == (2, 0, 1, 1)


def test_re_entry_within_12_months_of_closure(history):
    assert queries.case_figures(on=date(2026, 3, 31), organisation=history.council).re_entries == 1
    assert queries.case_figures(on=date(2025, 12, 31), organisation=history.council).re_entries == 0


def test_england_adds_up_every_council(history):
    england = queries.case_figures_for(on=date(2026, 3, 31), owners=access.NATIONAL, area="England")
    assert england.area == "England"
    assert england.open_cases == 4
    assert england.by_level["3"] == 1
    assert england.as_dict()["on"] == "2026-03-31"


# --- CQC special measures, from the register ------------------------------------------------------------


@pytest.fixture
def register(world):
    oldham = world.council
    f.location(oldham, location_id="1-0000000001", rating="Inadequate", rated_on=date(2025, 5, 1))
    f.location(
        oldham,
        location_id="1-0000000002",
        rating="Good",
        rated_on=date(2025, 11, 1),
        history=((date(2024, 10, 1), "Inadequate"),),
    )
    f.location(
        oldham,
        location_id="1-0000000003",
        rating="Requires improvement",
        rated_on=date(2024, 1, 1),
        history=((date(2023, 1, 1), "Inadequate"),),
    )
    f.location(
        oldham,
        location_id="1-0000000004",
        rating="Inadequate",
        rated_on=date(2025, 12, 1),
        deregistered_on=date(2026, 1, 15),
    )
    f.location("E08000005", location_id="1-0000000005", rating="Inadequate", rated_on=date(2025, 7, 1))
    return world


def test_locations_in_special_measures_and_how_many_came_out(register):
    figures = queries.special_measures_figures(on=date(2026, 3, 31), organisation=register.council)
    assert (figures.in_special_measures, figures.entered, figures.came_out) == (1, 2, 1)
    assert figures.location_ids == ["1-0000000001"]


def test_special_measures_as_at_an_earlier_date(register):
    figures = queries.special_measures_figures(on=date(2025, 6, 1), organisation=register.council)
    assert figures.location_ids == ["1-0000000001", "1-0000000002"]


def test_special_measures_for_england(register):
    figures = queries.special_measures_figures(on=date(2026, 3, 31))
    assert figures.location_ids == ["1-0000000001", "1-0000000005"]
    assert (figures.entered, figures.came_out) == (3, 1)
