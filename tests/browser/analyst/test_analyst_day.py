"""An ICB analyst's day in Chromium: they sign in and land on their own home page, open the ICB's
market dashboard (no sideways scrolling at 1,280 or 375 px), the commissioner league and the API
docs, each passing axe. And every role's menu fits on one line at 1,280 px."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from carewatch.core.models import Organisation
from carewatch.core.roles import Role
from tests import access_helpers as ah
from tests.browser.public.test_market_insight import market  # noqa: F401  (the fixture)
from tests.core import signing_in

PASSWORD = "correct-horse-battery-staple"  # tests.access_helpers.person


def _sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _fits(page, path: str, name: str, check_page) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert _sideways(page) <= 0, f"{path} scrolls sideways by {_sideways(page)} px at {width} px"
        check_page(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_icb_analyst_signs_in_to_their_home_and_reads_the_market(page, live_server, market, check_page):  # noqa: F811
    analyst = ah.person(ah.icb(code="E54000057"), Role.ANALYST, username="analyst", with_device=False)
    device = signing_in.authenticator_for(analyst)
    # Given the analyst signs in with their password and a code
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sign-in/code/"))
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(signing_in.code_for(device))
    page.get_by_role("button", name="Continue").click()
    # Then they land on their own home page, not the public one
    page.wait_for_url(f"{live_server.url}/home/")
    assert page.locator("h1").inner_text() == "My work"
    assert "New in NHS Greater Manchester Integrated Care Board" in page.locator("main").inner_text()
    _fits(page, "/home/", "analyst-home", check_page)
    menu = page.locator(".govuk-service-navigation__list")
    assert menu.get_by_role("link", name="API tokens").count() == 0
    # When they open the market dashboards from the menu and choose their ICB
    menu.get_by_role("link", name="Market insight").click()
    page.get_by_label("Area").select_option(label="Greater Manchester")
    page.get_by_role("button", name="Show dashboard").click()
    assert page.locator("h1").inner_text() == "Care market: Greater Manchester"
    _fits(page, "ICB dashboard", "analyst-icb-dashboard", check_page)
    # And the commissioner league
    menu = page.locator(".govuk-service-navigation__list")
    menu.get_by_role("link", name="Commissioner ratings").click()
    assert "Measures scored" in page.locator("#league").inner_text()
    _fits(page, "league", "analyst-commissioner-league", check_page)
    # And the API docs, from their account
    page.locator(".govuk-service-navigation__list").get_by_role("link", name="Account").click()
    check_page(page, "analyst-account")
    page.get_by_role("link", name="API documentation").click()
    assert page.locator("h1").inner_text() == "carewatch API reference"
    _fits(page, "API docs", "analyst-api-docs", check_page)


ROLES = [
    ("qa-officer", (Role.QA_OFFICER,), "council"),
    ("qa-manager", (Role.QA_MANAGER,), "council"),
    ("commissioner", (Role.COMMISSIONER,), "council"),
    ("analyst", (Role.ANALYST,), "icb"),
    ("discharge-coordinator", (Role.DISCHARGE_COORDINATOR,), "council"),
    ("provider-manager", (Role.PROVIDER_MANAGER,), "provider"),
    ("provider-staff", (Role.PROVIDER_STAFF,), "provider"),
    ("org-admin", (Role.ORG_ADMIN,), "council"),
    ("system-admin", (), None),
]


def _session_cookie(user, live_server) -> dict:
    client = Client()
    signing_in.sign_in_verified(client, user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.mark.django_db(transaction=True)
def test_every_roles_menu_fits_on_one_line_at_1280_px(browser, live_server, market, check_page):  # noqa: F811
    places = {
        "council": Organisation.objects.get(local_authority_id="E08000004"),  # the market fixture's
        "icb": ah.icb(code="E54000057"),
        "provider": ah.provider(provider_id="1-200000001"),
    }
    wrapped = []
    for username, roles, where in ROLES:
        if where is None:
            person = ah.person(None, username=username, superuser=True)
        else:
            person = ah.person(places[where], *roles, username=username)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([_session_cookie(person, live_server)])
        page = context.new_page()
        page.goto(f"{live_server.url}/home/")
        tops = page.evaluate(
            "Array.from(document.querySelectorAll('.govuk-service-navigation__item'))"
            ".map(item => Math.round(item.getBoundingClientRect().top))"
        )
        if len(set(tops)) != 1:
            labels = page.locator(".govuk-service-navigation__item").all_inner_texts()
            wrapped.append(f"{username}: {labels}")
            context.close()
            continue
        assert _sideways(page) <= 0
        check_page(page, f"home-{username}")
        # Every page on their home page opens for them (nothing redirects them elsewhere)
        for link in page.locator("#your-pages ~ ul a").all():
            href = link.get_attribute("href")
            answer = page.request.get(f"{live_server.url}{href}", max_redirects=0)
            assert answer.status == 200, f"{username}: {href} answered {answer.status}"
        context.close()
    assert not wrapped, "menus on more than one line:\n" + "\n".join(wrapped)
