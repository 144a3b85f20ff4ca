"""In Chromium: a QA manager finds a missed-returns proposal on their task list (a care home stopped filing
its monthly capacity return), reads the months it missed and opens the case. axe, and no sideways
scrolling at 1,280 and 375 px (issue 15)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from carewatch.capacity import services
from carewatch.capacity.compliance import Month
from carewatch.capacity.services import BedFigures, ReturnFigures
from carewatch.cases import triggers
from tests.browser.manager.test_suspension_journey import signed_in
from tests.browser.test_capacity import at_both_widths
from tests.cases import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def oldham(transactional_db):
    council = f.council()
    home = f.location(council, name="Oak House")
    manager = f.manager(council, name="Maya Manager")
    month = Month.of(timezone.localdate())
    for _ in range(4):
        month = month.previous()
    filed = month
    for _ in range(4):  # four months of returns, then four months with none
        filed = filed.previous()
        services.submit_return(
            location=home,
            actor=None,
            figures=ReturnFigures(beds=(BedFigures("general_residential", 20, 18, 2),)),
            channel="demo",
            now=timezone.make_aware(datetime.combine(date(filed.year, filed.month, 9), time(10))),
            label="demo data",
        )
    triggers.propose_from_evidence(organisation=council, today=timezone.localdate(), now=timezone.now())
    return {"manager": manager}


def test_a_manager_sees_the_missed_returns_trigger_and_opens_the_case(
    browser, live_server, oldham, check_page
):
    context, page = signed_in(browser, live_server, oldham["manager"])
    try:
        page.goto(f"{live_server.url}/cases/tasks/")
        page.get_by_role("link", name="Decide: open a case").first.click()
        page.get_by_text("missed its monthly capacity return").first.wait_for()
        assert "No capacity return for" in page.locator("main").inner_text()
        at_both_widths(page, check_page, "missed-returns-proposal")
        page.get_by_label("Accept the proposal").check()
        page.get_by_role("button", name="Make the decision").click()
        page.wait_for_url(lambda url: "/proposals/" not in url)
        assert "Level 2" in page.locator("main").inner_text()
    finally:
        context.close()
