"""In Chromium: a discharge coordinator makes a referral (one mistake first: no needs), reads the ranked
matches with the weighting in words, sends the referral to two care homes; one home's manager accepts; the
coordinator sees the placement confirmed on the timeline. axe at 1,280 and 375 px on each page, with no
sideways scrolling, and a screenshot of each (issue 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.core.roles import Role
from carewatch.discharge.models import Placement, Referral
from carewatch.register.models import PostcodePoint
from tests.browser.manager.test_suspension_journey import signed_in
from tests.browser.test_capacity import at_both_widths
from tests.discharge.conftest import OL1, place
from tests.discharge.given import a_return, beds
from tests.monitoring import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def oldham(transactional_db):
    PostcodePoint.objects.create(
        postcode="OL1 1AA", latitude=OL1[0], longitude=OL1[1], country_code="E92000001", source="tests"
    )
    council = f.council()
    acme, beta = f.provider("Acme Care Ltd"), f.provider("Beta Care Ltd")
    oak = place(f.location(council, provider=acme, name="Oak House"), 1)
    birch = place(f.location(council, provider=beta, name="Birch Lodge"), 3, "Outstanding")
    acme_manager = f.provider_user(acme, name="Amy Acme")
    beta_manager = f.provider_user(beta, name="Bob Beta")
    yesterday = timezone.now() - timedelta(days=1)
    a_return(oak, acme_manager, yesterday, beds("general_nursing", 20, 18))
    a_return(birch, beta_manager, yesterday, beds("general_nursing", 30, 28))
    return {
        "coordinator": f.person(council, Role.DISCHARGE_COORDINATOR, name="Dee Coordinator"),
        "beta_manager": beta_manager,
    }


def test_a_coordinator_finds_and_confirms_a_placement(browser, live_server, oldham, check_page):
    ready = timezone.localdate() - timedelta(days=2)
    context, page = signed_in(browser, live_server, oldham["coordinator"])
    try:
        # Given the coordinator starts from their referrals, reached from the menu
        page.goto(f"{live_server.url}/")
        page.locator("a.govuk-service-navigation__link", has_text="Discharge").click()
        page.get_by_role("heading", name="Discharge referrals").wait_for()
        at_both_widths(page, check_page, "discharge-referrals-empty")

        # When they make a referral but say nothing about the person's needs
        page.get_by_role("button", name="Make a referral").click()
        page.get_by_role("heading", name="Make a referral").wait_for()
        page.get_by_label("Your team's reference").fill("RD-100")
        page.get_by_label("Pathway 1: home with support").check()
        page.get_by_label("Council", exact=True).check()
        page.get_by_label("Search from").fill("OL1 1AA")
        page.get_by_label("Day", exact=True).fill(str(ready.day))
        page.get_by_label("Month", exact=True).fill(str(ready.month))
        page.get_by_label("Year", exact=True).fill(str(ready.year))
        page.get_by_role("button", name="Make the referral and find services").click()
        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        assert "Say what care the person needs" in summary.inner_text()
        assert not Referral.objects.exists()
        at_both_widths(page, check_page, "discharge-referral-error")

        # Then they choose pathway 3, a general nursing bed and nursing care
        page.get_by_label("Pathway 3: care home").check()
        page.get_by_label("Bed type").select_option("general_nursing")
        page.get_by_label("Nursing care").check()
        page.get_by_role("button", name="Make the referral and find services").click()
        page.get_by_role("heading", name="Services that could take the person").wait_for()
        weighting = page.locator("#weighting").inner_text()
        assert weighting.startswith("Ranked by 40% quality, 30% distance")
        at_both_widths(page, check_page, "discharge-matches")

        # And send it to both homes
        page.get_by_label("Oak House").check()
        page.get_by_label("Birch Lodge").check()
        page.get_by_role("button", name="Send the referral").click()
        page.locator(".govuk-notification-banner--success").wait_for()
        assert "Referral sent to 2 services" in page.inner_text("main")
        at_both_widths(page, check_page, "discharge-referral-sent")
        assert not page.problems
    finally:
        context.close()

    # When Birch Lodge's manager accepts
    context, page = signed_in(browser, live_server, oldham["beta_manager"])
    try:
        page.goto(f"{live_server.url}/home/")
        page.locator("main a", has_text="Placement requests").first.click()
        page.get_by_role("heading", name="Placement requests").wait_for()
        at_both_widths(page, check_page, "discharge-provider-requests")
        # on a phone, the requests table fits its box: the status ("Waiting for an answer") is not cut off
        page.set_viewport_size({"width": 375, "height": 900})
        box = page.locator(".carewatch-table-scroll").first
        assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), (
            "placement requests cut off at 375 px"
        )
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("link", name="RD-100").click()
        page.get_by_label("Yes, we accept").check()
        at_both_widths(page, check_page, "discharge-provider-respond")
        page.get_by_role("button", name="Send your answer").click()
        page.locator(".govuk-notification-banner--success").wait_for()
        assert "Placement confirmed at Birch Lodge" in page.inner_text("main")
        assert not page.problems
    finally:
        context.close()

    # Then the coordinator sees the placement confirmed
    context, page = signed_in(browser, live_server, oldham["coordinator"])
    try:
        page.goto(f"{live_server.url}/discharge/")
        page.get_by_role("link", name="RD-100").click()
        page.locator(".govuk-panel").wait_for()
        assert "Placement confirmed" in page.locator(".govuk-panel").inner_text()
        assert "Placed at Birch Lodge" in page.locator("#timeline").inner_text()
        at_both_widths(page, check_page, "discharge-placed")
        assert not page.problems
    finally:
        context.close()
    assert Placement.objects.get().location.name == "Birch Lodge"


@pytest.fixture
def home_care(transactional_db):
    """Oldham with one home-care agency taking new packages in OL1, and one care home (not a match)."""
    from carewatch.capacity import services as capacity_services
    from carewatch.capacity.services import ReturnFigures

    PostcodePoint.objects.create(
        postcode="OL1 1AA", latitude=OL1[0], longitude=OL1[1], country_code="E92000001", source="tests"
    )
    council = f.council()
    willow, acme = f.provider("Willow Care Ltd"), f.provider("Acme Care Ltd")
    agency = place(f.location(council, provider=willow, name="Willow Home Care", care_home=False), 2)
    oak = place(f.location(council, provider=acme, name="Oak House"), 1)
    willow_manager = f.provider_user(willow, name="Wendy Willow")
    yesterday = timezone.now() - timedelta(days=1)
    capacity_services.submit_return(
        location=agency,
        actor=willow_manager,
        figures=ReturnFigures(people_supported=45, accepting_packages=True, package_areas="OL1, OL2"),
        channel="web",
        now=yesterday,
    )
    a_return(oak, f.provider_user(acme, name="Amy Acme"), yesterday, beds("general_nursing", 20, 18))
    return {
        "coordinator": f.person(council, Role.DISCHARGE_COORDINATOR, name="Dee Coordinator"),
        "willow_manager": willow_manager,
    }


def test_a_pathway_1_referral_finds_a_home_care_agency(browser, live_server, home_care, check_page):
    ready = timezone.localdate()
    context, page = signed_in(browser, live_server, home_care["coordinator"])
    try:
        # Given a coordinator makes a pathway 1 referral: home with support
        page.goto(f"{live_server.url}/discharge/new/")
        page.get_by_label("Your team's reference").fill("RD-200")
        page.get_by_label("Pathway 1: home with support").check()
        page.get_by_label("Other needs (optional)").fill("Help with washing and meals twice a day")
        page.get_by_label("Council", exact=True).check()
        page.get_by_label("Search from").fill("OL1 1AA")
        page.get_by_label("Day", exact=True).fill(str(ready.day))
        page.get_by_label("Month", exact=True).fill(str(ready.month))
        page.get_by_label("Year", exact=True).fill(str(ready.year))
        page.get_by_role("button", name="Make the referral and find services").click()

        # Then the matches are home-care agencies taking new packages in OL1, not care homes
        page.get_by_role("heading", name="Services that could take the person").wait_for()
        main = page.inner_text("main")
        assert "Home-care agencies in your area" in main and "OL1 in Oldham" in main
        assert "Willow Home Care" in main and "taking new packages" in main
        assert "Oak House" not in main
        at_both_widths(page, check_page, "discharge-matches-home-care")

        # When they send it to the agency
        page.get_by_label("Willow Home Care").check()
        page.get_by_role("button", name="Send the referral").click()
        page.locator(".govuk-notification-banner--success").wait_for()
        assert "Referral sent to 1 service" in page.inner_text("main")
        assert not page.problems
    finally:
        context.close()

    # Then the agency's manager accepts, and the package is the placement
    context, page = signed_in(browser, live_server, home_care["willow_manager"])
    try:
        page.goto(f"{live_server.url}/discharge/requests/")
        page.get_by_role("link", name="RD-200").click()
        page.get_by_label("Yes, we accept").check()
        page.get_by_role("button", name="Send your answer").click()
        page.locator(".govuk-notification-banner--success").wait_for()
        assert "Placement confirmed at Willow Home Care" in page.inner_text("main")
        assert not page.problems
    finally:
        context.close()
    assert Placement.objects.get().location.name == "Willow Home Care"
