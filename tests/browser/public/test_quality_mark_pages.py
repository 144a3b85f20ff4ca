"""A council's quality mark in Chromium: the list of schemes, a scheme's criteria, and the badge on the
service page while the award is current. axe on every page, at 1,280 and 375 px, no sideways scrolling."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.cases import factories as cf
from tests.recognition import quality_mark_factories as qf

pytestmark = pytest.mark.browser


def at_both_widths(page, check_page, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        check_page(page, f"quality-mark-{name}-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_family_reads_what_a_quality_mark_means_and_sees_the_badge(
    page, live_server, transactional_db, check_page
):
    council = cf.council()
    home = cf.location(council, name="Oak House")
    qf.awarded(home, council, today=timezone.localdate(), now=timezone.now())

    page.goto(f"{live_server.url}/quality-marks/")
    at_both_widths(page, check_page, "list")
    with page.expect_navigation():  # read the scheme's page only once it has loaded
        page.get_by_role("link", name="Oldham Quality Mark").click()
    assert page.locator("h1").inner_text() == "Oldham Quality Mark"
    assert page.locator('table[data-tier="Gold"] tbody tr').count() == 3
    at_both_widths(page, check_page, "scheme")

    page.goto(f"{live_server.url}/services/{home.pk}/")
    assert "Oldham Quality Mark: Gold" in page.locator("main").inner_text()
    at_both_widths(page, check_page, "service")
