"""In Chromium: an officer proposes suspending new placements, a manager decides, the letter is written
and opened, the review falls due and is overdue, the manager lifts the suspension and the case steps down.

Time is frozen (ticking) on Monday 2 March 2026 for the test and for the live server, which runs in a
thread of this process, then moved on a month. Every page is checked with axe and saved as a screenshot.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from carewatch.cases import services
from carewatch.cases.models import Case
from tests.cases import factories as f
from tests.core.signing_in import authenticator_for

pytestmark = pytest.mark.browser

START = f.at(2026, 3, 2, 9)  # Monday 2 March 2026, 09:00 in London


def signed_in(browser, live_server, user):
    """A browser context for ``user``, signed in with both factors (a session made as sign-in would)."""
    device = user.totpdevice_set.first() or authenticator_for(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": session.session_key, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    return context, page


@pytest.fixture
def oldham(transactional_db):
    council = f.council()
    provider = f.provider(name="Acme Care Ltd")
    provider.address, provider.postcode = "1 Mill Street, Oldham", "OL1 1AA"
    provider.save()
    home = f.location(council, name="Oak House", provider=provider)
    officer = f.officer(council, name="Olive Officer")
    manager = f.manager(council, name="Maya Manager")
    return council, home, officer, manager


def test_an_escalation_to_suspension_is_decided_written_reviewed_late_and_lifted(
    browser, live_server, oldham, check_page
):
    council, home, officer, manager = oldham
    with time_machine.travel(START, tick=True) as traveller:
        case = services.open_case(
            actor=manager,
            organisation=council,
            locations=[home],
            level="3",
            reason="Safeguarding pattern",
            now=START,
        )
        case_url = f"{live_server.url}/cases/{case.pk}/"

        # Given an officer looks at a case at level 3 (provider concern)
        officer_context, page = signed_in(browser, live_server, officer)
        page.goto(case_url)
        check_page(page, "case-level-3")
        assert "Level 3" in page.locator("#case-summary").inner_text()

        # When they propose escalating it to level 4, suspending new placements
        page.get_by_role("link", name="Propose escalation, step down or closure").click()
        page.wait_for_url(re.compile(r"/cases/\d+/propose/$"))
        check_page(page, "case-propose-change")
        page.get_by_role("button", name="Send the proposal").click()  # nothing chosen yet
        page.locator(".govuk-error-summary").wait_for()
        check_page(page, "case-propose-change-errors")
        page.get_by_label("Escalate: move up the ladder").check()
        page.get_by_label("Level 4: Suspension of new placements (embargo)").check()
        page.get_by_label("Reason", exact=True).fill(
            "Three safeguarding enquiries about medicines in two weeks"
        )
        page.get_by_role("button", name="Send the proposal").click()
        page.wait_for_url(case_url)
        assert "sent to the QA managers" in page.locator(".govuk-notification-banner").inner_text()
        assert "Three safeguarding enquiries" in page.locator("#pending-proposals").inner_text()
        check_page(page, "case-proposal-pending")

        # Then the manager finds it on their task list and accepts it
        manager_context, page = signed_in(browser, live_server, manager)
        page.goto(f"{live_server.url}/cases/tasks/")
        assert (
            "Decide: escalate (4 – Suspension of new placements)"
            in page.locator("#tasks-due-today").inner_text()
        )
        check_page(page, "manager-tasks-proposal")
        page.get_by_role("link", name="Decide – Decide: escalate (4 – Suspension of new placements)").click()
        page.wait_for_url(re.compile(r"/cases/proposals/\d+/$"))
        check_page(page, "proposal-decide")
        page.get_by_label("Accept the proposal").check()
        page.get_by_role("button", name="Make the decision").click()
        page.wait_for_url(case_url)
        assert (
            "escalated to level 4: new placements are suspended"
            in page.locator(".govuk-notification-banner").inner_text()
        )
        assert "Placements suspended" in page.locator("#case-summary").inner_text()
        suspension_card = page.locator("[id^=suspension-]")
        assert "Due by 11 March 2026" in suspension_card.inner_text()
        check_page(page, "case-suspended")

        # And writes the suspension letter: it is shown to check first, with the recorded reason left out
        page.get_by_role("button", name="Write the suspension letter for Oak House").click()
        page.wait_for_url(re.compile(r"/letters/check/"))
        check_page(page, "letter-suspension-check")
        assert "Three safeguarding enquiries" not in page.locator("#letter-preview").inner_text()
        # When they choose to put the recorded reason in, and issue it
        page.locator("#recorded-reason summary").click()
        page.get_by_role("link", name="start again with this reason in the letter").click()
        page.locator("#letter-preview").get_by_text("Three safeguarding enquiries").wait_for()
        page.get_by_role("button", name="Issue the letter").click()
        # Then it opens as a page naming the provider, with a PDF
        page.wait_for_url(re.compile(r"/cases/letters/\d+/$"))
        letter = page.locator("#letter").inner_text()
        assert "Acme Care Ltd" in letter and "Suspension of new placements at Oak House" in letter
        assert "Three safeguarding enquiries about medicines in two weeks" in letter
        assert "Maya Manager" in letter
        check_page(page, "letter-suspension")
        pdf_url = page.get_by_role("button", name="Download the letter (PDF)").get_attribute("href")
        pdf = page.request.get(f"{live_server.url}{pdf_url}")
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF-")

        # And issuing it recorded the letter as sent today
        page.get_by_role("link", name="Back").click()
        page.wait_for_url(case_url)
        assert "Sent on 2 March 2026" in page.locator("[id^=suspension-]").inner_text()
        manager_context.close()
        officer_context.close()

        # When a month passes, beyond the review at week 4 (30 March)
        traveller.shift(timedelta(days=30))
        manager_context, page = signed_in(browser, live_server, manager)  # a new day's sign-in
        page.goto(f"{live_server.url}/cases/tasks/")

        # Then the overdue review is on the manager's task list
        overdue = page.locator("#overdue-tasks").inner_text()
        assert "Review the suspension at Oak House" in overdue and "30 March 2026" in overdue
        check_page(page, "manager-tasks-review-overdue")

        # When the manager lifts the suspension, stepping the case down to level 3
        page.get_by_role("link", name="Record it – Review the suspension at Oak House").click()
        page.wait_for_url(re.compile(r"/review/$"))
        check_page(page, "suspension-review")
        page.get_by_role("link", name="lift the suspension").click()
        page.wait_for_url(re.compile(r"/lift/$"))
        check_page(page, "suspension-lift")
        page.get_by_label("Why lift the suspension?").fill("The joint audit found medicines managed safely")
        page.get_by_label("Level 3: Provider concern (whole-service concern)").check()
        page.get_by_role("button", name="Lift the suspension").click()
        page.wait_for_url(case_url)

        # Then the case has stepped down and the suspension is lifted
        banner = page.locator(".govuk-notification-banner").inner_text()
        assert "lifted and the case stepped down to level 3" in banner
        assert "Level 3" in page.locator("#case-summary").inner_text()
        assert "Placements suspended" not in page.locator("#case-summary").inner_text()
        assert "Lifted" in page.locator("[id^=suspension-]").inner_text()
        assert "Stepped down from level 4 to level 3" in page.locator("#history + ol").inner_text()
        assert "Review the suspension" not in page.locator("#actions + *").inner_text()
        check_page(page, "case-stepped-down")

        # And the letter lifting the suspension is written from the case page
        page.get_by_role("button", name="Write the letter lifting the suspension at Oak House").click()
        page.wait_for_url(re.compile(r"/letters/check/"))
        page.locator("#recorded-reason summary").click()
        page.get_by_role("link", name="start again with this reason in the letter").click()
        page.locator("#letter-preview").get_by_text("medicines managed safely").wait_for()
        page.get_by_role("button", name="Issue the letter").click()
        page.wait_for_url(re.compile(r"/cases/letters/\d+/$"))
        assert "lift the suspension from 1 April 2026" in page.locator("#letter").inner_text()
        check_page(page, "letter-suspension-lifted")
        assert not page.problems, page.problems
        manager_context.close()

    case = Case.objects.get()
    assert case.level == "3" and case.revision == 3
