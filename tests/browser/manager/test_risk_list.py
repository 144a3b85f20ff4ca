"""In Chromium: a QA manager opens the risk list and reads why a service scores highest (issue 17).
axe, and no sideways scrolling at 1,280 and 375 px."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carewatch.register import services
from carewatch.register.importers.records import RatingRecord
from tests import access_helpers as ah
from tests.browser.manager.test_suspension_journey import signed_in
from tests.browser.test_capacity import at_both_widths
from tests.register import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def oldham(transactional_db):
    downgraded = (
        RatingRecord(
            report_on=date(2025, 2, 1),
            report_link_id="r2",
            overall="Inadequate",
            is_current=True,
            key_questions=f.key_questions("Good", date(2025, 2, 1), safe="Inadequate", well_led="Inadequate"),
        ),
        RatingRecord(
            report_on=date(2020, 1, 1),
            report_link_id="r1",
            overall="Good",
            key_questions=f.key_questions("Good", date(2020, 1, 1)),
        ),
    )
    records = [
        f.location("1-1", name="Oak House", rating="Good", rated_on=date(2025, 5, 1), registered_manager="A"),
        f.location(
            "1-2", name="Birch Court Nursing Home with a long name", ratings=downgraded, registered_manager=""
        ),
        f.location(
            "1-3",
            name="Greenacres Care at Home",
            rating="Requires improvement",
            rated_on=date(2021, 5, 1),
            registered_manager="B",
        ),
    ]
    services.import_snapshot(
        reader=f.reader(records), imported_at=datetime(2026, 11, 22, tzinfo=UTC), actor_label="test"
    )
    return ah.person(ah.council(code="E08000004"), "qa_manager")


def test_a_manager_reads_why_a_service_is_at_the_top_of_the_risk_list(
    browser, live_server, oldham, check_page
):
    context, page = signed_in(browser, live_server, oldham)
    try:
        # Given a QA manager opens the risk list
        page.goto(f"{live_server.url}/planning/risk/")
        page.get_by_role("heading", name="Services by risk").wait_for()
        # Then the downgraded home is first, with its reasons and their points
        first = page.locator("#risk-list tbody tr").first
        assert "Birch Court" in first.inner_text()
        assert "Rated Inadequate overall in 2025 (+40)" in first.inner_text()
        assert "Safe rated Inadequate in 2025 (+30)" in first.inner_text()
        assert "and 2 more" in first.inner_text()  # the downgrade and the missing manager
        at_both_widths(page, check_page, "planning-risk-list")
        # When they open the service, its page is there
        first.get_by_role("link").click()
        page.get_by_role("heading", name="Birch Court Nursing Home with a long name").wait_for()
        # Then the service's page shows its score and every reason, to staff only
        assert (
            "Rating fell from Good to Inadequate in 2025 (+15)" in page.locator("#location-risk").inner_text()
        )
        at_both_widths(page, check_page, "planning-location-risk")
        assert not page.problems
    finally:
        context.close()


def test_on_a_phone_every_reason_on_the_risk_list_is_in_view(browser, live_server, oldham, check_page):
    context, page = signed_in(browser, live_server, oldham)
    try:
        # Given a QA manager opens the risk list on a 375 px phone
        page.set_viewport_size({"width": 375, "height": 900})
        page.goto(f"{live_server.url}/planning/risk/")
        page.get_by_role("heading", name="Services by risk").wait_for()
        assert "Requires improvement" in page.locator("#risk-list").inner_text()
        # Then the table fits its box: no reason ("Requires improvement") is cut off at the box's edge
        box = page.locator(".carewatch-table-scroll").first
        assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), "the risk list is cut off at 375 px"
        check_page(page, "planning-risk-list-phone-375")
        assert not page.problems
    finally:
        context.close()
