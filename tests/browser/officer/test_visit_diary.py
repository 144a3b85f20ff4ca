"""In Chromium: a QA officer signs in, opens their visit diary, records today's visit from it (the programme a
manager approved scheduled it for today) and the diary then shows it done; a visit planned for a later day says
from when it can be recorded (issue 17). axe, and no sideways scrolling at 1,280 and 375 px, on every page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.monitoring import queries as monitoring_queries
from carewatch.monitoring.models import Visit, VisitState
from carewatch.planning import programme, programme_services
from tests.browser.manager.test_visit_programme import oldham  # noqa: F401
from tests.browser.officer.test_scheduled_visits import banner, check_both_widths, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def approved(oldham):  # noqa: F811
    """Oldham's programme from today, approved: Oak House today, Birch Court in three days (the manager's
    journey, tests/browser/manager/test_visit_programme.py, makes the same through the pages)."""
    manager, officer = oldham["manager"], oldham["officer"]
    now = timezone.now()
    today = timezone.localdate(now)
    programme_services.set_policy(
        organisation=manager.organisation,
        actor=manager,
        values={**programme.DEFAULT_POLICY.as_dict(), "high_risk_score": 30},
        now=now,
    )
    programme_services.set_capacity(
        organisation=manager.organisation, actor=manager, officer=officer, days_per_week=5, areas=[], now=now
    )
    plan = programme_services.generate_programme(
        organisation=manager.organisation, actor=manager, starts_on=today, weeks=2, now=now
    )
    days = {"1-1": today, "1-2": today + timedelta(days=3)}
    for item in plan.visits.all():
        if item.location_id in days:
            programme_services.move_visit(
                item=item, actor=manager, visit_on=days[item.location_id], officer=officer, now=now
            )
    programme_services.approve_programme(plan=plan, actor=manager, now=now)
    return oldham


def test_an_officer_opens_the_diary_records_todays_visit_and_the_diary_shows_it_done(
    browser, live_server, approved, check_page
):
    today = timezone.localdate()
    oak = Visit.objects.get(location_id="1-1")
    assert (oak.status, oak.visit_on) == (VisitState.SCHEDULED, today)
    context, page = sign_in(browser, live_server, approved["officer"])
    try:
        # Given the officer has signed in, they open their diary from their home page
        page.goto(f"{live_server.url}/home/")
        page.get_by_role("link", name="My visit diary").click()
        page.get_by_role("heading", name="My visit diary").wait_for()
        page.get_by_role("heading", name=today.strftime("%A %-d %B %Y")).wait_for()
        later = page.locator("li.diary-visit", has_text="Birch Court")
        in_three = today + timedelta(days=3)
        assert f"You can record it from {in_three:%A %-d %B}" in later.inner_text()
        assert not later.get_by_role("link", name=re.compile("^Record the visit")).count()
        check_both_widths(page, check_page, "diary-today")

        # When they record today's visit to Oak House
        page.locator("li.diary-visit", has_text="Oak House").get_by_role(
            "link", name="Record the visit to Oak House"
        ).click()
        page.wait_for_url(re.compile(rf"/monitoring/visits/{oak.pk}/start/$"))
        check_both_widths(page, check_page, "diary-record-start")
        page.get_by_role("button", name="Start the visit").click()
        page.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
        assert banner(page) == "Success Visit started: record the answers and findings in its draft report"
        oak.refresh_from_db()
        page.get_by_role("link", name="Record the answers").click()
        question = monitoring_queries.questions(oak.framework_version)[0]
        page.locator(f"#id_rating_{question.code}_2").check()  # Not assessed, Excellent, Good
        page.locator(f"#id_notes_{question.code}").fill("Care plans were up to date.")
        page.get_by_role("button", name="Save the answers").click()
        page.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
        assert banner(page) == "Success Answers saved: the draft is rated Good"

        # Then the diary shows the visit done, and Birch Court still to come
        page.goto(f"{live_server.url}/planning/diary/")
        done = page.locator("li.diary-visit", has_text="Oak House")
        assert "Done" in done.inner_text() and "Report: Draft" in done.inner_text()
        assert not done.get_by_role("link", name=re.compile("^Record the visit")).count()
        assert "You can record it from" in page.locator("li.diary-visit", has_text="Birch Court").inner_text()
        check_both_widths(page, check_page, "diary-done")
    finally:
        context.close()
    oak.refresh_from_db()
    assert (oak.status, oak.visit_on) == (VisitState.DRAFT, today)
