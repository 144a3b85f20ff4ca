"""An officer's scheduled visits, in a real browser (issue 13, item 3 and 4): overdue visits on the task
list, scheduling one, rescheduling another, starting a third and saving its answers, with a success banner
after each. Every page passes axe at 1,280 and 375 px wide, with no sideways scrolling."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.monitoring import queries, services
from carewatch.monitoring.models import Visit, VisitState
from tests.core import signing_in
from tests.monitoring import factories as f

PASSWORD = "correct-horse-battery-staple"  # tests.monitoring.factories.person


@pytest.fixture
def people(transactional_db):
    services.install_defaults(now=timezone.now())  # the flush between transactional tests removes them
    council = f.council()
    acme = f.provider("Acme Care Ltd")
    people = {
        "council": council,
        "officer": f.officer(council),
        "colleague": f.officer(council, name="Colin Colleague"),
        "oak": f.location(council, provider=acme, name="Oak House"),
        "birch": f.location(council, provider=acme, name="Birch Lodge"),
        "elm": f.location(council, provider=acme, name="Elm Court"),
    }
    today = timezone.localdate()
    for location, days_ago in ((people["oak"], 6), (people["birch"], 3)):
        when = timezone.now() - timedelta(days=days_ago + 1)
        services.schedule_visit(
            organisation=council,
            actor=people["officer"],
            location=location,
            visit_on=today - timedelta(days=days_ago),
            officers=[people["officer"]],
            now=when,
        )
    return people


def sign_in(browser, live_server, user):
    device = signing_in.authenticator_for(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sign-in/code/"))
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(signing_in.code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    return context, page


def check_both_widths(page, check_page, name: str) -> None:
    """axe at 1,280 px and at 375 px, and no sideways scrolling at either."""
    page.wait_for_load_state("load")  # a page a click has just asked for has arrived
    for width, suffix in ((1280, ""), (375, "-375")):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
        check_page(page, f"{name}{suffix}")
    page.set_viewport_size({"width": 1280, "height": 900})


def banner(page) -> str:
    return " ".join(page.locator(".govuk-notification-banner--success").inner_text().split())


def fill_date(page, day, *, within=None) -> None:
    scope = page.locator(within) if within else page
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def test_an_officer_acts_on_overdue_visits_from_their_tasks_and_schedules_another(
    browser, live_server, people, check_page
):
    today = timezone.localdate()
    context, officer = sign_in(browser, live_server, people["officer"])
    try:
        # Given two scheduled visits whose dates have passed, the officer's tasks show them overdue
        officer.goto(f"{live_server.url}/cases/tasks/")
        overdue = officer.locator("#overdue-tasks")
        assert "Visit to Oak House" in overdue.inner_text()
        assert "Visit to Birch Lodge" in overdue.inner_text()
        assert not officer.locator("#no-tasks").count()
        check_both_widths(officer, check_page, "officer-tasks-overdue-visits")

        # When they schedule an unannounced visit to Elm Court next week with a colleague
        with officer.expect_navigation():
            officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Visits").click()
        check_both_widths(officer, check_page, "visit-list-scheduled")
        officer.get_by_text("Filter the visits").click()
        officer.get_by_label("Status").select_option(label="Scheduled, date passed")
        officer.get_by_role("button", name="Apply filters").click()
        officer.get_by_role("link", name="Clear filters").wait_for()
        assert officer.locator("#visits tbody tr").count() == 2
        check_both_widths(officer, check_page, "visit-list-filtered")
        officer.get_by_role("link", name="Schedule a visit").click()
        officer.get_by_label("Service to visit").select_option(label=f"Elm Court, {people['elm'].postcode}")
        next_week = today + timedelta(days=7)
        fill_date(officer, next_week)
        officer.get_by_label("Colin Colleague").check()
        officer.get_by_label("No, unannounced").check()
        check_both_widths(officer, check_page, "visit-schedule")
        officer.get_by_role("button", name="Schedule the visit").click()
        officer.get_by_role("heading", name=re.compile("^Elm Court")).wait_for()
        assert (
            banner(officer) == f"Success Visit to Elm Court scheduled for {next_week.day} {next_week:%B %Y}"
        )
        check_both_widths(officer, check_page, "visit-scheduled")
        elm = Visit.objects.get(location=people["elm"])
        assert (elm.status, elm.announced, elm.officers.count()) == (VisitState.SCHEDULED, False, 2)

        # And reschedule the Birch Lodge visit, with a reason
        officer.goto(f"{live_server.url}/cases/tasks/")
        with officer.expect_navigation():
            officer.locator("#overdue-tasks tr", has_text="Birch Lodge").get_by_role(
                "link", name=re.compile("^Start, reschedule or cancel")
            ).click()
        check_both_widths(officer, check_page, "visit-scheduled-overdue")
        officer.get_by_role("link", name="Reschedule").click()
        in_three_days = today + timedelta(days=3)
        fill_date(officer, in_three_days)
        officer.get_by_label("Why are you rescheduling the visit?").fill("The manager asked to move it.")
        check_both_widths(officer, check_page, "visit-reschedule")
        officer.get_by_role("button", name="Reschedule the visit").click()
        officer.get_by_role("heading", name=re.compile("^Birch Lodge")).wait_for()
        assert "Visit rescheduled from" in banner(officer)
        assert "The manager asked to move it." in officer.inner_text("main")

        # And start the Oak House visit today, then save an answer
        officer.goto(f"{live_server.url}/cases/tasks/")
        officer.locator("#overdue-tasks tr", has_text="Oak House").get_by_role(
            "link", name=re.compile("^Start, reschedule or cancel")
        ).click()
        with officer.expect_navigation():
            officer.get_by_role("link", name="Start the visit").click()
        officer.wait_for_url(re.compile(r"/visits/\d+/start/$"))
        check_both_widths(officer, check_page, "visit-start")
        officer.get_by_role("button", name="Start the visit").click()
        officer.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
        assert banner(officer) == "Success Visit started: record the answers and findings in its draft report"
        oak = Visit.objects.get(location=people["oak"])
        assert (oak.status, oak.visit_on) == (VisitState.DRAFT, today)
        officer.get_by_role("link", name="Record the answers").click()
        question = queries.questions(oak.framework_version)[0]
        officer.locator(f"#id_rating_{question.code}_2").check()  # Not assessed, Excellent, Good
        officer.locator(f"#id_notes_{question.code}").fill("Care plans were up to date.")
        officer.get_by_role("button", name="Save the answers").click()
        officer.get_by_role("heading", name=re.compile("^Oak House")).wait_for()

        # Then a success banner says the answers were saved, and the tasks no longer list either visit
        assert banner(officer) == "Success Answers saved: the draft is rated Good"
        check_both_widths(officer, check_page, "visit-answers-saved")
        officer.goto(f"{live_server.url}/cases/tasks/")
        assert not officer.locator("#overdue-tasks").count()
        assert "Visit to Birch Lodge" in officer.inner_text("main")  # due in three days
    finally:
        context.close()
