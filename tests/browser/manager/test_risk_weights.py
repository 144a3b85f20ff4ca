"""In Chromium: a QA manager reads why a service scores as it does, changes a risk weight (a bad value first,
named in the error summary; then a good one with why), and the risk list explains the score with the new points
(issue 17). axe, and no sideways scrolling at 1,280 and 375 px, on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.planning.models import WeightsVersion
from tests.browser.manager.test_risk_list import oldham  # noqa: F401  (the fixture)
from tests.browser.manager.test_suspension_journey import signed_in
from tests.browser.test_capacity import at_both_widths

pytestmark = pytest.mark.browser
OVERALL = "Rated Inadequate overall by CQC"


def test_a_manager_changes_a_weight_and_the_risk_list_explains_the_new_score(
    browser,
    live_server,
    oldham,  # noqa: F811
    check_page,
):
    context, page = signed_in(browser, live_server, oldham)
    try:
        # Given a QA manager opens the risk list from their home page (their menu is full at 1,280 px)
        page.goto(f"{live_server.url}/home/")
        page.get_by_role("main").get_by_role("link", name="Risk list", exact=True).click()
        page.get_by_role("heading", name="Services by risk").wait_for()
        first = page.locator("#risk-list tbody tr").first
        assert "Birch Court" in first.inner_text()
        assert "Rated Inadequate overall in 2025 (+40)" in first.inner_text()
        assert "the published defaults (version 0)" in page.locator("#risk-weights").inner_text()
        at_both_widths(page, check_page, "planning-weights-1-risk-list")

        # When they open the service, its page explains every point of the score
        first.get_by_role("link").click()
        page.get_by_role("heading", name="Birch Court Nursing Home with a long name").wait_for()
        panel = page.locator("#location-risk").inner_text()
        assert "Risk score 118" in panel and "Rated Inadequate overall in 2025 (+40)" in panel
        page.go_back()

        # And they go to the weights from the risk list
        page.get_by_role("link", name="See or change the weights").click()
        page.get_by_role("heading", name="Risk weights", exact=True).wait_for()
        assert page.get_by_label(OVERALL, exact=True).input_value() == "40"
        cqc_ratings = page.get_by_role("group", name="CQC ratings", exact=True)
        assert cqc_ratings.get_by_label(OVERALL, exact=True).input_value() == "40"
        assert page.get_by_role("group", name="Capacity and staffing").get_by_role("textbox").count() == 3
        at_both_widths(page, check_page, "planning-weights-2-form")

        # When they type a weight that is not a number, with a note
        page.get_by_label(OVERALL, exact=True).fill("forty")
        page.get_by_label("Why are you changing the weights?").fill("Agreed at the QA board on 3 December")
        page.get_by_role("button", name="Save the weights").click()

        # Then the error summary names the field, and nothing is saved
        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        assert f"The weight for ‘{OVERALL}’ must be a number" in summary.inner_text()
        summary.get_by_role("link").click()
        assert page.evaluate("document.activeElement.id") == "id_overall_inadequate"
        assert page.title().startswith("Error: ")
        assert not WeightsVersion.objects.exists()
        at_both_widths(page, check_page, "planning-weights-3-error")

        # When they type a good weight
        page.get_by_label(OVERALL, exact=True).fill("55")
        page.get_by_role("button", name="Save the weights").click()

        # Then they see it saved, as version 1, with what changed and why
        banner = page.locator(".govuk-notification-banner--success")
        banner.wait_for()
        assert "Risk weights saved as version 1" in banner.inner_text()
        history = page.locator("#weights-history").inner_text()
        assert f"{OVERALL}: 40 → 55" in history and "Agreed at the QA board on 3 December" in history
        assert "Version\n1" in page.locator("#weights-in-force").inner_text().replace("\t", "\n")
        at_both_widths(page, check_page, "planning-weights-4-saved")

        # And the risk list, from the banner, now explains the score with the new points
        banner.get_by_role("link", name="See the risk list scored with them").click()
        page.get_by_role("heading", name="Services by risk").wait_for()
        first = page.locator("#risk-list tbody tr").first
        assert "Rated Inadequate overall in 2025 (+55)" in first.inner_text()
        assert "133" in first.inner_text()
        assert "your council’s version 1" in page.locator("#risk-weights").inner_text()
        at_both_widths(page, check_page, "planning-weights-5-risk-list-after")

        # And as at yesterday, the weights then in force (the defaults) still explain yesterday's score
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        page.get_by_label("Scores as at (YYYY-MM-DD, blank for today)").fill(yesterday)
        page.get_by_role("button", name="Show the scores").click()
        page.locator("#risk-weights", has_text="version 0").wait_for()
        assert "(+40)" in page.locator("#risk-list tbody tr").first.inner_text()
        assert not page.problems
    finally:
        context.close()
