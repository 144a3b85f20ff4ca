"""The visit list scales (issue 13, "Lists that scale"): filters by status, officer and date range, 25
visits a page with GOV.UK pagination, sorting by date; a filter that makes no sense is an error summary,
never the whole list. Time is frozen on Friday 13 March 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carewatch.monitoring import services
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, page

NOW = given.VISITED_AT + timedelta(days=11)  # Friday 13 March 2026
LIST = reverse("monitoring:visit_list")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def services_listed(soup) -> list[str]:
    return [row.select_one("td a").text for row in soup.select("#visits tbody tr")]


def dates_listed(soup) -> list[str]:
    return [row.select("td")[1].text for row in soup.select("#visits tbody tr")]


def errors_of(soup) -> list[str]:
    return [" ".join(item.text.split()) for item in soup.select(".govuk-error-summary li")]


def record(world, day: int, *, location=None, officer=None):
    officer = officer or world.officer
    return services.create_visit(
        organisation=world.council,
        actor=officer,
        location=location or world.home,
        visit_on=date(2026, 3, day),
        kind="planned",
        announced=True,
        officers=[officer],
        now=NOW,
    )


def plan(world, visit_on: date, *, officer=None):
    return services.schedule_visit(
        organisation=world.council,
        actor=world.officer,
        location=world.other_home,
        visit_on=visit_on,
        officers=[officer or world.officer],
        now=given.VISITED_AT,
    )


def test_the_list_filters_by_status_officer_and_dates(world):
    record(world, 2)
    record(world, 9, location=world.other_home, officer=world.colleague)
    plan(world, date(2026, 3, 10))  # overdue
    plan(world, date(2026, 4, 1), officer=world.colleague)
    officer = client_for(world.officer)

    assert len(services_listed(page(officer.get(LIST)))) == 4
    overdue = page(officer.get(LIST, {"status": "overdue"}))
    assert dates_listed(overdue) == ["10 March 2026"]
    assert "Overdue" in overdue.select_one("#visits tbody").text
    assert dates_listed(page(officer.get(LIST, {"status": "draft"}))) == ["9 March 2026", "2 March 2026"]
    assert dates_listed(page(officer.get(LIST, {"officer": world.colleague.pk}))) == [
        "1 April 2026",
        "9 March 2026",
    ]
    ranged = page(
        officer.get(
            LIST,
            {
                "since_day": "3",
                "since_month": "3",
                "since_year": "2026",
                "until_day": "31",
                "until_month": "3",
                "until_year": "2026",
            },
        )
    )
    assert dates_listed(ranged) == ["10 March 2026", "9 March 2026"]
    assert ranged.find("a", string="Clear filters")["href"] == LIST


def test_the_list_sorts_by_date_either_way(world):
    for day in (2, 9, 5):
        record(world, day)
    officer = client_for(world.officer)
    soup = page(officer.get(LIST))
    assert dates_listed(soup) == ["9 March 2026", "5 March 2026", "2 March 2026"]
    header = soup.select_one("#visits th[aria-sort]")
    assert header["aria-sort"] == "descending"
    soup = page(officer.get(LIST + header.a["href"]))
    assert dates_listed(soup) == ["2 March 2026", "5 March 2026", "9 March 2026"]
    assert soup.select_one("#visits th[aria-sort]")["aria-sort"] == "ascending"


def test_the_list_shows_25_visits_a_page_with_govuk_pagination(world):
    for day in range(1, 14):
        record(world, day)
        record(world, day, location=world.other_home)
    officer = client_for(world.officer)
    soup = page(officer.get(LIST, {"status": "draft"}))
    assert len(services_listed(soup)) == 25
    assert "26 visits, 1 to 25 shown" in soup.select_one("#visits caption").text
    nav = soup.select_one("nav.govuk-pagination")
    assert nav["aria-label"] == "Pages of visits"
    following = nav.find("a", rel="next")["href"]
    assert "status=draft" in following and "page=2" in following
    second = page(officer.get(LIST + following))
    assert dates_listed(second) == ["1 March 2026"]


def test_the_list_reads_a_page_of_visits_in_a_fixed_number_of_queries(world):
    for day in range(1, 11):
        record(world, day)
    officer = client_for(world.officer)
    officer.get(LIST)
    with CaptureQueriesContext(connection) as few:
        officer.get(LIST)
    for day in range(1, 11):
        record(world, day, location=world.other_home)
    with CaptureQueriesContext(connection) as more:
        officer.get(LIST)
    assert len(more) == len(few)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "nonsense"}, "Choose a status from the list"),
        ({"officer": "99999"}, "Choose an officer from the list"),
        ({"since_day": "31", "since_month": "2", "since_year": "2026"}, "The first date must be a real date"),
        (
            {
                "since_day": "9",
                "since_month": "3",
                "since_year": "2026",
                "until_day": "1",
                "until_month": "3",
                "until_year": "2026",
            },
            "The last date must be the same as or after the first date",
        ),
        ({"sort": "sideways"}, "Choose latest first or earliest first"),
    ],
)
def test_a_filter_that_makes_no_sense_is_an_error_never_the_whole_list(world, query, message):
    record(world, 2)
    soup = page(client_for(world.officer).get(LIST, query))
    assert errors_of(soup) == [message]
    assert soup.title.text.startswith("Error: ")
    assert not soup.select("#visits")


def test_another_councils_officer_is_not_a_filter_choice_and_their_visits_never_show(world):
    rochdale = f.council("E08000005")
    rita = f.officer(rochdale, name="Rita Rochdale")
    record(world, 2)
    soup = page(client_for(world.officer).get(LIST))
    assert "Rita Rochdale" not in soup.select_one("#id_officer").text
    assert not services_listed(page(client_for(rita).get(LIST)))
