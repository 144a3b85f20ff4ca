"""In Chromium: a council officer opens peer support, reads the supporters carewatch suggests for a provider
of concern (with the reasons), pairs it with the first one (after being told a review before the start is
wrong), adding the ladder action "peer support" to the case, and logs a session; the case page links to the
pairing. Each page is checked with axe at 1,280 and 375 px, with no sideways scrolling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.recognition.models import PeerPairing
from tests.browser.manager.test_suspension_journey import signed_in
from tests.recognition import peer_factories as pf

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return pf.world()


def at_both_widths(page, check_page, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
        check_page(page, f"peer-{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_date(page, name: str, day) -> None:
    page.locator(f"input[name={name}_day]").fill(str(day.day))
    page.locator(f"input[name={name}_month]").fill(str(day.month))
    page.locator(f"input[name={name}_year]").fill(str(day.year))


def test_an_officer_pairs_a_provider_of_concern_with_a_suggested_supporter_and_logs_a_session(
    browser, live_server, world, check_page
):
    today = timezone.localdate()
    context, page = signed_in(browser, live_server, world.officer)
    try:
        # Given the officer opens peer support
        page.goto(f"{live_server.url}/recognition/peer/")
        at_both_widths(page, check_page, "home")

        # When they ask for suggestions for Elm House, in their open case
        page.get_by_role("link", name="Suggest peer supporters for Elm House").click()
        page.get_by_role("heading", name="Peer supporters for Elm House").wait_for()
        first = page.locator("#suggestions > li").first
        assert "Oak House" in first.inner_text()
        assert "Offers support with medicines, where Elm House had findings" in first.inner_text()
        at_both_widths(page, check_page, "suggestions")

        # And pair it with the first, with a review before the start
        page.get_by_role("link", name="Pair with Oak House").click()
        page.get_by_label("Goals of the peer support").fill("Safer medicines rounds within three months")
        fill_date(page, "starts_on", today)
        fill_date(page, "review_on", today - timedelta(days=1))
        page.get_by_label("Add a “peer support” action to the open case", exact=False).check()
        page.get_by_role("button", name="Pair them").click()
        # Then the review date is named
        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        assert "The review date must be after the start date" in summary.inner_text()
        at_both_widths(page, check_page, "pair-error")

        # When they correct it
        fill_date(page, "review_on", today + timedelta(days=90))
        page.get_by_role("button", name="Pair them").click()
        page.get_by_role("heading", name="Peer support for Elm House").wait_for()
        assert "Elm House is paired with Oak House" in page.inner_text("body")
        at_both_widths(page, check_page, "pairing")

        # And log a session
        page.get_by_role("link", name="Log a session").click()
        fill_date(page, "held_on", today)
        page.get_by_label("What the session covered").fill("Walked the morning medicines round together")
        at_both_widths(page, check_page, "session")
        page.get_by_role("button", name="Log the session").click()
        page.locator("#sessions").wait_for()
        assert "Walked the morning medicines round together" in page.locator("#sessions").inner_text()

        # Then the case's "peer support" action links to the pairing
        pairing = PeerPairing.objects.get()
        page.goto(f"{live_server.url}/cases/{world.case.pk}/")
        page.get_by_role("link", name="See the peer support pairing").click()
        page.get_by_role("heading", name="Peer support for Elm House").wait_for()
        assert page.url.endswith(f"/recognition/peer/pairings/{pairing.pk}/")
        assert not page.problems
    finally:
        context.close()
