"""In Chromium: the API docs page is an accessible GOV.UK page (axe, both widths); a person manages tokens.

tests/browser/conftest.py keeps one Playwright for the whole session, and Playwright's sync API
allows one per thread. So these journeys run in a thread of their own with their own Playwright.
They work whether or not the session one has started, in one process or under xdist.
"""

import threading

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.core.models import User
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, check_accessible

pytestmark = pytest.mark.browser


def in_chromium(journey, *, cookies=()) -> None:
    """Run ``journey(page)`` in a fresh Chromium page, in a thread with its own Playwright."""
    from playwright.sync_api import sync_playwright

    failure: list[BaseException] = []

    def run() -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                try:
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.add_cookies(list(cookies))
                    page = context.new_page()
                    page.set_default_timeout(10_000)
                    journey(page)
                finally:
                    browser.close()
        except BaseException as problem:  # handed to the test's thread
            failure.append(problem)

    thread = threading.Thread(target=run, name="chromium-journey")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


check_page = check_accessible


def watch_for_problems(page) -> list[str]:
    """Console errors (CSP violations among them) and uncaught exceptions, while the page is open."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_api_docs_are_an_accessible_govuk_page_listing_every_operation(live_server, transactional_db):
    def journey(page):
        problems = watch_for_problems(page)
        # Given someone opens the API docs
        response = page.goto(f"{live_server.url}/api/v1/docs")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.locator("html").get_attribute("lang") == "en"
        # Then every operation of the OpenAPI document is listed, with who may call it and an example
        document = page.request.get(f"{live_server.url}/api/v1/openapi.json").json()
        headings = {" ".join(h.split()) for h in page.locator("main section h2").all_inner_texts()}
        for path, methods in document["paths"].items():
            for method in methods:
                assert f"{method.upper()} {path}" in headings
        market = page.locator(
            "section", has=page.get_by_role("heading", name="GET /api/v1/market", exact=True)
        )
        assert "No token needed" in market.inner_text() and "curl" in market.inner_text()
        # And the page passes axe and fits the window, wide or narrow
        check_page(page, "api-docs")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, width
        check_page(page, "api-docs-375")
        # When they follow the link to the OpenAPI document, a tool can load it
        with page.expect_response(lambda r: r.url.endswith("/api/v1/openapi.json")) as answer:
            page.get_by_role("link", name="OpenAPI document (JSON)").first.click()
        assert answer.value.ok
        assert not problems, problems

    in_chromium(journey)


@pytest.fixture
def session_cookie(live_server, transactional_db) -> dict:
    """A session for an analyst who has done the second factor, as a browser cookie."""
    user = User.objects.create_user(username="ana", first_name="Ana")
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return {"name": "sessionid", "value": session.session_key, "url": live_server.url}


def test_a_person_creates_uses_and_revokes_an_api_token(live_server, session_cookie):
    def journey(page):
        problems = watch_for_problems(page)
        # Given a signed-in person opens their API tokens
        page.goto(f"{live_server.url}/account/api-tokens/")
        check_page(page, "api-tokens-empty")
        # When they create a token without filling in the form
        page.get_by_role("button", name="Create an API token").click()
        page.get_by_role("button", name="Create token").click()
        # Then they are told what is missing
        page.locator(".govuk-error-summary").wait_for()
        assert page.locator(".govuk-error-summary").is_visible()
        check_page(page, "api-token-create-errors")
        # When they name a read-only token
        page.get_by_label("Name").fill("Weekly report")
        page.get_by_label("Read only").check()
        page.get_by_role("button", name="Create token").click()
        # Then they see it once, and it works
        check_page(page, "api-token-created")
        secret = page.locator("#api-token").inner_text().strip()
        me = page.request.get(f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.ok and me.json()["username"] == "ana"
        page.get_by_role("button", name="I have copied my token").click()
        assert secret not in page.content()
        # When they revoke it
        page.get_by_role("link", name="Revoke Weekly report").click()
        check_page(page, "api-token-revoke")
        page.get_by_role("button", name="Revoke token").click()
        # Then the API refuses it
        assert "has been revoked" in page.locator(".govuk-notification-banner").inner_text()
        check_page(page, "api-tokens-revoked")
        me = page.request.get(f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.status == 401
        assert not problems, problems

    in_chromium(journey, cookies=[session_cookie])
