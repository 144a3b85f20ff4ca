"""A member of the public finds a care home and tells the council about it, in a real browser.

Given Oldham's register (Oak House in Royton, OL2; Beech Court in OL10; a GP surgery in Royton), a
published council quality check of Oak House and an open feedback link for it: the person searches by
postcode district and by town, opens Oak House, reads the council's check, its phone number and
website, and reaches the feedback form. A page that does not exist and a page they may not open are
GOV.UK pages. Each page at 1,280 and 375 px: axe clean, no sideways scrolling.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY

from carewatch.monitoring import services
from carewatch.register.models import Location
from tests.core.signing_in import authenticator_for
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.monitoring.conftest import World

pytestmark = pytest.mark.browser


@pytest.fixture
def oldham(transactional_db) -> World:
    services.install_defaults(now=f.at(2026, 1, 5))  # the flush between transactional tests removes them
    council = f.council()
    acme, beta = f.provider("Acme Care Ltd"), f.provider("Beta Care Ltd")
    world = World(
        council=council,
        officer=f.officer(council),
        colleague=f.officer(council, name="Colin Colleague"),
        manager=f.manager(council),
        acme=acme,
        home=f.location(council, provider=acme, name="Oak House"),
        acme_manager=f.provider_user(acme),
        beta=beta,
        other_home=f.location(council, provider=beta, name="Beech Court"),
        beta_manager=f.provider_user(beta, name="Bob Beta"),
    )
    Location.objects.filter(pk=world.home.pk).update(
        address_line_1="12 Church Lane",
        town="Royton",
        postcode="OL2 6AA",
        postcode_search="OL26AA",
        phone="0161 555 0123",
        website="www.oakhouse.example",
    )
    Location.objects.filter(pk=world.other_home.pk).update(
        town="Heywood", postcode="OL10 1AB", postcode_search="OL101AB"
    )
    surgery = f.location(council, name="Royton Medical Centre")
    Location.objects.filter(pk=surgery.pk).update(
        town="Royton", postcode="OL2 5BB", postcode_search="OL25BB", adult_social_care=False
    )
    given.published(world, "Requires improvement")
    services.create_feedback_link(
        organisation=council, actor=world.officer, location=world.home, now=f.at(2026, 3, 9)
    )
    return world


def sign_in(page, live_server, user) -> None:
    """Sign ``user`` in with both factors in this browser (a session made as the sign-in pages would)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.create()
    page.context.add_cookies([{"name": "sessionid", "value": session.session_key, "url": live_server.url}])


def check_both_widths(page, check_page, name: str) -> None:
    """axe at 1,280 px and at 375 px, and no sideways scrolling at either."""
    page.wait_for_load_state("load")  # a page a click has just asked for has arrived
    for width, suffix in ((1280, ""), (375, "-375")):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
        check_page(page, f"{name}{suffix}")
    page.set_viewport_size({"width": 1280, "height": 900})


def result_names(page) -> list[str]:
    return page.locator("table.govuk-table tbody td:first-child a").all_inner_texts()


def search(page, label: str, text: str) -> None:
    """Search and wait for the results page: read before it arrives, the old page's results (or none,
    half-way through loading) would be checked instead."""
    page.get_by_label(label).fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()


def test_a_member_of_the_public_finds_a_care_home_reads_the_councils_check_and_gives_feedback(
    page, live_server, oldham, check_page
):
    # Given the home page, which also leads to the market insight dashboards
    page.goto(f"{live_server.url}/")
    check_both_widths(page, check_page, "public-home")
    assert page.get_by_role("link", name="Market insight dashboards").is_visible()

    # When they search by postcode district: OL2 is not the start of anything longer, and no GP surgery
    search(page, "Search by name, town, postcode or CQC ID", "OL2")
    assert result_names(page) == ["Oak House"]
    check_both_widths(page, check_page, "public-search-district")

    # And by town, seeing the town and service type of each result
    search(page, "Name, town, postcode or CQC ID", "royton")
    assert result_names(page) == ["Oak House"]
    assert "Royton, OL2 6AA" in page.locator("table.govuk-table tbody tr").first.inner_text()
    check_both_widths(page, check_page, "public-search-town")

    # And a search that cannot be understood says so
    search(page, "Name, town, postcode or CQC ID", "x" * 201)
    assert "Search text must be 200 characters or fewer" in page.locator(".govuk-error-summary").inner_text()
    check_both_widths(page, check_page, "public-search-error")

    # Then they open Oak House and read the council's quality check, its phone number and website
    search(page, "Name, town, postcode or CQC ID", "OL2 6AA")
    page.get_by_role("link", name="Oak House").click()
    check_both_widths(page, check_page, "public-location")
    check = page.locator("#council-quality-check").inner_text()
    assert "Oldham Council" in check and "The home needs to improve its medicines." in check
    assert page.get_by_role("link", name="0161 555 0123").get_attribute("href") == "tel:01615550123"
    assert page.get_by_role("link", name="www.oakhouse.example").get_attribute("href") == (
        "https://www.oakhouse.example"
    )

    # And reach the feedback form from the service's page
    page.get_by_role("link", name="Tell the council what this service is like").click()
    assert page.locator("h1").inner_text() == "Give feedback about Oak House"
    check_both_widths(page, check_page, "public-feedback-form")

    # And, once they have sent it, the thank-you page says how to contact the council
    page.locator("input[name=respondent_kind][value=relative]").check()
    page.locator("#id_safety_4").check()
    page.get_by_role("button", name="Send your feedback").click()
    page.get_by_role("heading", name="Thank you for your feedback").wait_for()
    contact = page.locator("#contact-the-council").inner_text()
    assert "Oldham Council" in contact
    check_both_widths(page, check_page, "public-feedback-thank-you")


def test_a_page_that_is_not_there_and_a_page_they_may_not_open_are_govuk_pages(
    browser, page, live_server, oldham, check_page
):
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    check_both_widths(page, check_page, "error-404")

    # A form sent after its cookies went (a page left open, cookies cleared): a page that says what to do
    page.goto(f"{live_server.url}/sign-in/")
    page.context.clear_cookies()
    page.get_by_label("Username").fill("someone")
    page.get_by_label("Password").fill("a-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.locator("h1").inner_text() == "Your form could not be sent"
    check_both_widths(page, check_page, "error-csrf")

    # A person signed in (both factors) whose role does not allow a page
    sign_in(page, live_server, f.person(oldham.council, name="Nora Noroles"))
    response = page.goto(f"{live_server.url}/monitoring/visits/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "You cannot open this page"
    check_both_widths(page, check_page, "error-403")


def test_a_councils_administrator_gives_the_public_a_phone_number_the_thank_you_page_shows(
    page, live_server, oldham, check_page
):
    # Given the council's administrator on their people page
    admin = f.person(oldham.council, "org_admin", name="Ada Admin")
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/organisation/people/")
    page.get_by_role("link", name="Change the contact details for the public").click()
    check_both_widths(page, check_page, "public-contact-form")

    # When they give a phone number that is not one, then a right one and an email
    page.get_by_label("Phone number").fill("ring us")
    page.get_by_role("button", name="Save").click()
    assert "Enter a phone number" in page.locator(".govuk-error-summary").inner_text()
    check_both_widths(page, check_page, "public-contact-error")
    page.get_by_label("Phone number").fill("0161 770 7777")
    page.get_by_label("Email address").fill("adultcare@oldham.gov.uk")
    page.get_by_role("button", name="Save").click()
    assert "The contact details for the public have been saved" in page.locator("main").inner_text()

    # Then someone who gave feedback is told how to reach the council
    page.context.clear_cookies()
    link = oldham.home.feedback_links.get()
    page.goto(f"{live_server.url}/feedback/{link.token}/thank-you/")
    contact = page.locator("#contact-the-council")
    assert contact.get_by_role("link", name="0161 770 7777").get_attribute("href") == "tel:01617707777"
    assert contact.get_by_role("link", name="adultcare@oldham.gov.uk").is_visible()
    check_both_widths(page, check_page, "public-feedback-thank-you-contact")
