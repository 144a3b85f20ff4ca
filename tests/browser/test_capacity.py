"""In Chromium: a provider manager opens its services, updates Oak House's vacancies from last week's
figures (one mistake first: more occupied beds than the maximum), saves, and reads the history. Each page
is checked with axe at 1,280 and 375 px, with no sideways scrolling, and saved as a screenshot (issue 15)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.capacity import services
from carewatch.capacity.models import CapacityReturn
from carewatch.capacity.services import BedFigures, ReturnFigures
from tests.browser.manager.test_suspension_journey import signed_in
from tests.monitoring import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def acme(transactional_db):
    """Acme Care runs Oak House in Oldham; its manager last reported 9 days ago."""
    council = f.council()
    company = f.provider("Acme Care Ltd")
    home = f.location(council, provider=company, name="Oak House")
    manager = f.provider_user(company, name="Priya Provider")
    services.submit_return(
        location=home,
        actor=manager,
        figures=ReturnFigures(
            beds=(
                BedFigures("general_residential", capacity=20, occupied=18, vacant_accepting=2),
                BedFigures("dementia_residential", capacity=10, occupied=10, vacant_accepting=0),
            ),
            care_staff_direct=24,
            care_staff_agency=3,
        ),
        channel="web",
        now=timezone.now() - timedelta(days=9),
    )
    return {"home": home, "manager": manager}


def at_both_widths(page, check_page, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
        check_page(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_provider_updates_its_vacancies_from_last_weeks_figures(browser, live_server, acme, check_page):
    context, page = signed_in(browser, live_server, acme["manager"])
    try:
        # Given the provider manager opens their services from the menu
        page.goto(f"{live_server.url}/capacity/returns/")
        page.get_by_role("heading", name="Your vacancies").wait_for()
        assert "Out of date" in page.inner_text("main")
        at_both_widths(page, check_page, "capacity-provider-services")

        # When they open Oak House's update, last week's figures are there
        page.locator("main a", has_text="Oak House").first.click()
        page.get_by_role("heading", name="Update your vacancies").wait_for()
        occupied = page.locator("#id_general_residential-occupied")
        assert occupied.input_value() == "18"
        assert page.locator("#id_care_staff_direct").input_value() == "24"
        at_both_widths(page, check_page, "capacity-provider-update")

        # And they type more occupied beds than the home has
        occupied.fill("21")
        page.get_by_role("button", name="Save your vacancies").click()
        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        assert (
            "General residential: occupied beds cannot be more than the maximum capacity (20)"
            in summary.inner_text()
        )
        at_both_widths(page, check_page, "capacity-provider-update-error")
        assert not CapacityReturn.objects.filter(reported_at__date=timezone.localdate()).exists()

        # Then they correct it, say one bed is not accepting and why, and save
        page.locator("#id_general_residential-occupied").fill("17")
        page.locator("#id_general_residential-vacant_not_accepting").fill("1")
        page.locator("#id_general_residential-not_accepting_reason").fill("Redecorating")
        page.get_by_role("button", name="Save your vacancies").click()
        banner = page.locator(".govuk-notification-banner--success")
        banner.wait_for()
        assert "Vacancies for Oak House saved" in banner.inner_text()
        assert "Out of date" not in page.inner_text("main")
        at_both_widths(page, check_page, "capacity-provider-saved")

        # And the history shows the new figures first
        page.get_by_role("link", name=re.compile("History")).first.click()
        page.get_by_role("heading", name="Vacancy history").wait_for()
        assert (
            "General residential: 17 of 20 occupied, 2 free"
            in page.locator(".govuk-summary-card").first.inner_text()
        )
        at_both_widths(page, check_page, "capacity-provider-history")
        page.goto(f"{live_server.url}/capacity/returns/upload/")
        page.get_by_role("heading", name="Upload your vacancies").wait_for()
        at_both_widths(page, check_page, "capacity-provider-upload")
        assert not page.problems
    finally:
        context.close()
    latest = CapacityReturn.objects.order_by("-reported_at").first()
    bed = latest.beds.get(bed_type="general_residential")
    assert (bed.occupied, bed.vacant_accepting, bed.vacant_not_accepting) == (17, 2, 1)
