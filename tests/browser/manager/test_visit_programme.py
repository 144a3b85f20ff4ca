"""In Chromium: a QA manager sets the visit policy and an officer's capacity, proposes a month's programme,
moves a visit and approves it; the officer opens their diary and the visit is there, saying from when it can be
recorded (issue 17; recording it on the day: tests/browser/officer/test_visit_diary.py).
axe, and no sideways scrolling at 1,280 and 375 px, on every page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from carewatch.monitoring import services as monitoring_services
from carewatch.monitoring.models import Visit, VisitState
from carewatch.register import services
from tests import access_helpers as ah
from tests.browser.manager.test_suspension_journey import signed_in
from tests.browser.test_capacity import at_both_widths
from tests.register import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def oldham(transactional_db):
    monitoring_services.install_defaults(now=timezone.now())  # the flush between transactional tests
    records = [
        f.location(
            "1-1", name="Oak House", postcode="OL1 1AA", latitude=53.54, longitude=-2.11, rating="Inadequate"
        ),
        f.location(
            "1-2",
            name="Birch Court Nursing Home with a long name",
            postcode="OL1 3BB",
            latitude=53.55,
            longitude=-2.10,
            rating="Inadequate",
        ),
        f.location(
            "1-3", name="Cedar Lodge", postcode="OL8 2CC", latitude=53.52, longitude=-2.13, rating="Good"
        ),
    ]
    services.import_snapshot(
        reader=f.reader(records), imported_at=datetime(2026, 11, 22, tzinfo=UTC), actor_label="test"
    )
    council = ah.council(code="E08000004")
    return {
        "manager": ah.person(council, "qa_manager", username="maya-manager"),
        "officer": ah.person(council, "qa_officer", username="olive-officer"),
    }


def fill_date(page, prefix: str, day: date) -> None:
    page.locator(f"#id_{prefix}_0").fill(str(day.day))
    page.locator(f"#id_{prefix}_1").fill(str(day.month))
    page.locator(f"#id_{prefix}_2").fill(str(day.year))


def test_a_manager_plans_a_month_moves_a_visit_and_approves_and_the_officer_finds_it_in_the_diary(
    browser, live_server, oldham, check_page
):
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    context, page = signed_in(browser, live_server, oldham["manager"])
    try:
        # Given a QA manager on their home page, they open the visit programme
        page.goto(f"{live_server.url}/home/")
        page.get_by_role("link", name="Visit programme").first.click()
        page.get_by_role("heading", name="Visit programme", exact=True).wait_for()
        assert "No visiting days set for" in page.locator("#no-capacity").inner_text()
        at_both_widths(page, check_page, "programme-list-no-capacity")

        # When they set the policy, first with no frequency, then properly
        page.get_by_role("link", name="visit policy").click()
        page.get_by_role("heading", name="Visit policy").wait_for()
        page.get_by_label("Every contracted service, at least every (months)").fill("")
        page.get_by_label("A service is high risk from a risk score of").fill("30")
        page.get_by_role("button", name="Save the policy").click()
        page.get_by_text("Enter how often every contracted service is visited").first.wait_for()
        at_both_widths(page, check_page, "programme-policy-error")
        page.get_by_label("Every contracted service, at least every (months)").fill("12")
        page.get_by_label("Other care homes: unannounced share (%)").fill("50")
        page.get_by_role("button", name="Save the policy").click()
        page.locator("#policy-version").get_by_text("Version 1 is in force").wait_for()
        at_both_widths(page, check_page, "programme-policy")

        # And give the officer three days a week in OL1 and OL8
        page.goto(f"{live_server.url}/planning/officers/")
        at_both_widths(page, check_page, "programme-officers")
        page.get_by_role("link", name=re.compile(r"Change capacity of Olive")).click()
        page.get_by_label("Days a week the officer visits").fill("3")
        page.get_by_label("Areas").fill("OL1, OL8")
        at_both_widths(page, check_page, "programme-capacity")
        page.get_by_role("button", name="Save capacity").click()
        page.locator("#officers").get_by_text("OL1, OL8").wait_for()

        # And propose four weeks from next Monday
        page.goto(f"{live_server.url}/planning/programme/")
        fill_date(page, "starts_on", monday)
        page.get_by_label("Number of weeks").fill("4")
        page.get_by_role("button", name="Propose the programme").click()
        page.get_by_role("heading", name=re.compile(r"^Programme from")).wait_for()
        summary = page.locator("#programme-summary").inner_text()
        assert summary.startswith("2 visits") and "1 unannounced" in summary
        assert "High risk: score" in page.locator("main").inner_text()
        assert " km" in page.locator("main").inner_text()
        at_both_widths(page, check_page, "programme-proposed")

        # When they move the visit to Oak House to the Wednesday
        page.get_by_role("link", name="Move or remove the visit to Oak House").click()
        fill_date(page, "visit_on", monday + timedelta(days=2))
        at_both_widths(page, check_page, "programme-move")
        page.get_by_role("button", name="Move the visit").click()
        page.get_by_text("Visit to Oak House moved").wait_for()
        wednesday = (monday + timedelta(days=2)).strftime("%A %-d %B")
        page.get_by_role("heading", name=re.compile(wednesday)).wait_for()

        # And approve the programme
        page.get_by_role("button", name="Approve and schedule the visits").click()
        page.get_by_text("Programme approved: 2 visits scheduled").wait_for()
        at_both_widths(page, check_page, "programme-approved")
        assert not page.problems
    finally:
        context.close()

    visit = Visit.objects.get(location_id="1-1")
    assert visit.status == VisitState.SCHEDULED and visit.visit_on == monday + timedelta(days=2)

    # Then the officer opens their diary and the visit is there, to record
    context, page = signed_in(browser, live_server, oldham["officer"])
    try:
        page.goto(f"{live_server.url}/home/")
        page.get_by_role("link", name="My visit diary").click()
        page.get_by_role("heading", name="My visit diary").wait_for()
        page.get_by_role("heading", name=(monday + timedelta(days=2)).strftime("%A %-d %B %Y")).wait_for()
        wednesday_visit = page.locator("li.diary-visit", has_text="Oak House")
        assert (
            f"You can record it from {monday + timedelta(days=2):%A %-d %B}" in wednesday_visit.inner_text()
        )
        at_both_widths(page, check_page, "programme-diary")
        page.get_by_role("link", name="Oak House").click()
        page.get_by_role("heading", name=re.compile("Oak House")).first.wait_for()
        assert page.url.endswith(f"/monitoring/visits/{visit.pk}/")
        assert not page.problems
    finally:
        context.close()
