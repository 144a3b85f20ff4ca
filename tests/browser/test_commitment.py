"""In Chromium: an employer's provider manager signs the Social Care Commitment with a task under each
statement (after being told which statement still needs one), records staff sign-ups and marks a task done;
then the public register lists the employer with its counts and the badge shows on its service's page.
Each page is checked with axe at 1,280 and 375 px, with no sideways scrolling, and saved as a screenshot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.recognition import services
from tests.browser.manager.test_suspension_journey import signed_in
from tests.recognition import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def acme(transactional_db):
    services.install_defaults(now=timezone.now())  # the flush between transactional tests removes them
    council = f.cf.council()
    employer = f.employer("Acme Care Ltd", council, home="Oak House")
    return employer, f.manager_of(employer)


def at_both_widths(page, check_page, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
        check_page(page, f"commitment-{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_date(page, name: str, day) -> None:
    page.locator(f"input[name={name}_day]").fill(str(day.day))
    page.locator(f"input[name={name}_month]").fill(str(day.month))
    page.locator(f"input[name={name}_year]").fill(str(day.year))


def test_an_employer_signs_records_sign_ups_and_appears_on_the_public_register_with_a_badge(
    browser, live_server, acme, check_page, page
):
    employer, manager = acme
    today = timezone.localdate()
    context, manager_page = signed_in(browser, live_server, manager)
    try:
        # Given the provider manager opens the commitment
        manager_page.goto(f"{live_server.url}/recognition/commitment/")
        at_both_widths(manager_page, check_page, "start")
        assert manager_page.locator("#statements li").count() == 7

        # When they sign with tasks under six statements only
        manager_page.get_by_role("button", name="Sign the commitment").click()
        manager_page.get_by_role("heading", name="Sign the Social Care Commitment").wait_for()
        fill_date(manager_page, "signed_on", today)
        for n in range(1, 7):
            manager_page.locator(f"#id_task_{n}").fill(f"Our task for statement {n}")
            fill_date(manager_page, f"due_{n}", today + timedelta(days=30 * n))
        manager_page.locator("main").get_by_role("button", name="Sign the commitment").click()
        # Then the page names the statement still without a task
        summary = manager_page.locator(".govuk-error-summary")
        summary.wait_for()
        assert "Add a task under statement 7, put it into practice" in summary.inner_text()
        at_both_widths(manager_page, check_page, "sign-error")

        # When they add the seventh task and sign
        manager_page.locator("#id_task_7").fill(
            "Give every team an hour a month to talk about the commitment"
        )
        fill_date(manager_page, "due_7", today + timedelta(days=200))
        manager_page.locator("main").get_by_role("button", name="Sign the commitment").click()
        manager_page.get_by_role("heading", name="Social Care Commitment").wait_for()
        assert "Acme Care Ltd has signed the Social Care Commitment" in manager_page.inner_text("body")
        assert manager_page.locator("#statement-tasks .govuk-task-list__item").count() == 7
        at_both_widths(manager_page, check_page, "task-list")

        # And record how many staff have signed up
        manager_page.get_by_role("link", name="Record staff who have signed up").click()
        for label, count in (("Care workers", "14"), ("Senior care workers", "4"), ("Nurses", "3")):
            manager_page.get_by_label(label, exact=True).fill(count)
        for label in ("Managers and supervisors", "Other staff"):
            manager_page.get_by_label(label, exact=True).fill("0")
        at_both_widths(manager_page, check_page, "staff")
        manager_page.get_by_role("button", name="Save").click()
        manager_page.locator("#staff-signed").wait_for()
        assert manager_page.locator("#staff-signed").inner_text() == "21"

        # And mark the first task done
        manager_page.get_by_role("link", name="1. Recruit for values").click()
        manager_page.get_by_label("Our task for statement 1", exact=False).check()
        at_both_widths(manager_page, check_page, "tasks")
        manager_page.get_by_role("button", name="Mark as done").click()
        manager_page.locator("#tasks-done").wait_for()
        assert manager_page.locator("#tasks-done").inner_text() == "1 of 7"
        assert manager_page.locator("#statement-1-status").inner_text() == "Completed"
        assert not manager_page.problems
    finally:
        context.close()

    # Then a member of the public finds Acme on the register, with counts only
    page.goto(f"{live_server.url}/commitments/?q=acme")
    entry = " ".join(page.locator("#register-results > li").first.inner_text().split())
    assert entry.startswith("Acme Care Ltd Current")
    assert f"Signed {today.day} {today:%B %Y}" in entry
    assert "Tasks completed 1 of 7" in entry and "Staff signed up 21" in entry
    at_both_widths(page, check_page, "public-register")

    # And the badge shows on the page of the service Acme runs
    home = employer.provider.locations.get()
    page.goto(f"{live_server.url}/services/{home.pk}/")
    badge = page.locator('[data-badge="commitment"]')
    assert "Signed the Social Care Commitment" in badge.inner_text()
    at_both_widths(page, check_page, "service-badge")


def test_a_council_officer_reads_a_lapsed_commitment_and_the_manager_adds_renews_and_withdraws(
    browser, live_server, acme, check_page
):
    employer, manager = acme
    today = timezone.localdate()
    commitment = f.signed(
        employer,
        manager,
        signed_on=today - timedelta(days=300),
        due_on=today - timedelta(days=200),
        now=timezone.now(),
    )
    officer = f.ah.person(f.cf.council("E08000005"), "qa_officer")  # not Acme's area: sees none
    oldham_officer = f.ah.person(employer.provider.locations.get().local_authority.council, "qa_officer")
    context, officer_page = signed_in(browser, live_server, oldham_officer)
    try:
        # Given an Oldham officer opens the commitments in their area
        officer_page.goto(f"{live_server.url}/recognition/commitments/")
        at_both_widths(officer_page, check_page, "council-list")
        assert "Lapsed" in officer_page.locator("#commitments tbody tr").first.inner_text()
        officer_page.get_by_role("link", name="Acme Care Ltd").click()
        officer_page.locator("#lapsed-warning").wait_for()
        assert officer_page.get_by_role("link", name="Renew the commitment").count() == 0
        at_both_widths(officer_page, check_page, "council-detail")
    finally:
        context.close()
    context, elsewhere = signed_in(browser, live_server, officer)
    try:
        elsewhere.goto(f"{live_server.url}/recognition/commitments/{commitment.pk}/")
        assert "Page not found" in elsewhere.inner_text("h1")
    finally:
        context.close()

    context, manager_page = signed_in(browser, live_server, manager)
    try:
        # When the manager adds a task, renews and withdraws
        base = f"{live_server.url}/recognition/commitments/{commitment.pk}/"
        manager_page.goto(base + "tasks/add/")
        at_both_widths(manager_page, check_page, "add-task")
        manager_page.goto(base + "renew/")
        at_both_widths(manager_page, check_page, "renew")
        manager_page.get_by_role("button", name="Renew the commitment").click()
        manager_page.locator("#commitment-summary").wait_for()
        assert manager_page.locator("#lapsed-warning").count() == 0  # renewed today: no longer lapsed
        manager_page.goto(base + "withdraw/")
        manager_page.get_by_role("button", name="Withdraw").click()
        manager_page.locator(".govuk-error-summary").wait_for()
        at_both_widths(manager_page, check_page, "withdraw-error")
        manager_page.get_by_label("Why are you withdrawing?").fill("We are merging with another provider")
        manager_page.get_by_role("button", name="Withdraw").click()
        manager_page.get_by_role("heading", name="The Social Care Commitment").wait_for()
        assert not manager_page.problems
    finally:
        context.close()


def test_a_system_administrator_reads_and_changes_the_statements(browser, live_server, acme, check_page):
    admin = f.ah.system_admin()
    context, admin_page = signed_in(browser, live_server, admin)
    try:
        admin_page.goto(f"{live_server.url}/recognition/commitment/statements/")
        at_both_widths(admin_page, check_page, "statements")
        admin_page.get_by_role("link", name="Change statement 2").click()
        admin_page.get_by_label("Title").fill("")
        admin_page.get_by_role("button", name="Save").click()
        admin_page.locator(".govuk-error-summary").wait_for()
        at_both_widths(admin_page, check_page, "statement-change-error")
        admin_page.get_by_label("Title").fill("A proper start")
        admin_page.get_by_role("button", name="Save").click()
        admin_page.get_by_role("heading", name="The commitment's statements").wait_for()
        assert "2. A proper start" in admin_page.locator("#statements").inner_text()
        assert not admin_page.problems
    finally:
        context.close()
