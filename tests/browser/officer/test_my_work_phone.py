"""My work on a 375 px phone: the officer's next task is in view with the link that acts on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.monitoring import services
from tests.browser.officer.test_scheduled_visits import sign_in
from tests.monitoring import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def officer(transactional_db):
    services.install_defaults(now=timezone.now())
    council = f.council()
    person = f.officer(council)
    services.schedule_visit(
        organisation=council,
        actor=person,
        location=f.location(council, provider=f.provider("Acme Care Ltd"), name="Mill Heights"),
        visit_on=timezone.localdate() + timedelta(days=7),
        announced=False,
        officers=[person],
        now=timezone.now(),
    )
    return person


def test_on_a_phone_my_work_shows_the_link_that_starts_the_next_visit(
    browser, live_server, officer, check_page
):
    context, page = sign_in(browser, live_server, officer)
    try:
        # Given an officer with an unannounced visit next week opens My work on a phone
        page.set_viewport_size({"width": 375, "height": 900})
        page.goto(f"{live_server.url}/home/")
        assert "Carry out the unannounced visit" in page.locator("#tasks-coming-up").inner_text()
        # Then the task table fits its box: "Start, reschedule or cancel" is not cut off at its edge
        box = page.locator(".carewatch-table-scroll", has=page.locator("#tasks-coming-up"))
        assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), (
            "My work's tasks are cut off at 375 px"
        )
        check_page(page, "officer-my-work-phone-375")
    finally:
        context.close()
