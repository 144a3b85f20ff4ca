"""In Chromium: a QA officer assesses an application (an empty form is named), then a QA manager opens an assessed quality mark application, reads which computed criteria are
met now with their evidence, first gives an expiry before the start (named beside it), then awards it; the
badge then shows on the public service page. axe at 1,280 and 375 px, no sideways scrolling."""

from __future__ import annotations

import pytest
from django.utils import timezone

from carewatch.recognition import quality_mark_services as qm
from tests.browser.manager.test_suspension_journey import signed_in
from tests.cases import factories as cf
from tests.recognition import factories as f
from tests.recognition import quality_mark_factories as qf

pytestmark = pytest.mark.browser


def at_both_widths(page, check_page, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        check_page(page, f"quality-mark-{name}-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_manager_awards_an_assessed_application(browser, live_server, transactional_db, check_page):
    now = timezone.now()
    council = cf.council()
    acme = f.employer("Acme Care Ltd", council)
    home = acme.provider.locations.get()
    scheme = qf.scheme(council, now=now)
    gold = scheme.tiers.get(name="Gold")
    officer = cf.officer(council)
    application = qm.apply_for_mark(
        scheme=scheme, tier=gold, location=home, actor=f.manager_of(acme), now=now
    )

    # The officer assesses the written standard in the browser
    context, page = signed_in(browser, live_server, officer)
    page.goto(f"{live_server.url}/recognition/quality-marks/applications/{application.pk}/")
    page.get_by_role("link", name="Assess the application").click()
    page.get_by_role("button", name="Record the assessment").click()
    assert "Say whether criterion 1 is met" in page.locator(".govuk-error-summary").inner_text()
    at_both_widths(page, check_page, "assess-error")
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("Your note on criterion 1").fill("Seen on the visit: residents chose the day's trip")
    page.get_by_label("Evidence you saw for criterion 1").fill("Activities log, May 2026")
    page.get_by_role("button", name="Record the assessment").click()
    assert page.locator("#state").inner_text() == "Assessed"
    assert (
        page.get_by_role("link", name="Decide on the quality mark").count() == 0
    )  # the officer never decides
    context.close()

    context, page = signed_in(browser, live_server, cf.manager(council))
    page.goto(f"{live_server.url}/recognition/quality-marks/applications/{application.pk}/")
    assert "CQC rated it Good overall" in page.locator("#computed").inner_text()
    at_both_widths(page, check_page, "application")

    page.get_by_role("link", name="Decide on the quality mark").click()
    page.get_by_label("Award the quality mark").check()
    today = timezone.localdate()
    starts = page.get_by_role("group", name="Starts")
    starts.get_by_label("Day").fill(str(today.day))
    starts.get_by_label("Month").fill(str(today.month))
    starts.get_by_label("Year").fill(str(today.year))
    expires = page.get_by_role("group", name="Expires")
    expires.get_by_label("Day").fill(str(today.day))
    expires.get_by_label("Month").fill(str(today.month))
    expires.get_by_label("Year").fill(str(today.year - 1))
    page.get_by_role("button", name="Record the decision").click()
    assert "The expiry date must be after the start date" in page.locator(".govuk-error-summary").inner_text()
    at_both_widths(page, check_page, "decide-error")

    for part in ("Day", "Month", "Year"):
        expires.get_by_label(part).fill("")
    page.get_by_role("button", name="Record the decision").click()
    assert page.locator("#state").inner_text() == "Awarded"
    at_both_widths(page, check_page, "awarded")

    page.goto(f"{live_server.url}/services/{home.pk}/")
    assert "Oldham Quality Mark: Gold" in page.locator("main").inner_text()
    context.close()
