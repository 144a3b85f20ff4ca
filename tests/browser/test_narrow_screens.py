"""The lists staff and the public use every day, on a 375 px phone with long real-world names: nothing
scrolls the page sideways (a wide table scrolls inside its own box), and axe finds nothing (issue 13,
found by walking each demo user's pages: the task list, My work, the provider's reports, the people
list and the register search all scrolled sideways)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.core.roles import Role
from carewatch.monitoring import queries, services
from tests.browser.manager.test_suspension_journey import signed_in
from tests.monitoring import factories as f

pytestmark = pytest.mark.browser

LONG_NAMES = [
    "Guardian Caring Hands (Failsworth) Domiciliary Care Agency",
    "Golden Croft Nursing and Residential Home for Older People",
    "Brookside Lodge Specialist Dementia Nursing Home",
]


@pytest.fixture
def busy_council(transactional_db):
    now = timezone.now()
    services.install_defaults(now=now)  # the flush between transactional tests removes them
    council = f.council()
    acme = f.provider("Acme Community and Residential Care Services Limited")
    officer = f.officer(council, name="Olivia Montgomery-Fairweather")
    homes = [f.location(council, provider=acme, name=name) for name in LONG_NAMES]
    today = timezone.localdate()
    for days_ago, home in zip((40, 12, 3), homes, strict=True):
        services.schedule_visit(
            organisation=council,
            actor=officer,
            location=home,
            visit_on=today - timedelta(days=days_ago),
            officers=[officer],
            now=now - timedelta(days=days_ago + 7),
            announced=False,
        )
    visit = services.create_visit(
        organisation=council,
        actor=officer,
        location=homes[0],
        visit_on=today,
        kind="planned",
        announced=True,
        officers=[officer],
        now=now,
    )
    services.record_answers(
        visit=visit,
        actor=officer,
        answers={
            q.code: services.AnswerInput(rating="Good", observation="Seen during the visit.", records="")
            for q in queries.questions(visit.framework_version)
        },
        now=now,
    )
    services.send_draft_to_provider(visit=visit, actor=officer, now=now)
    for number in range(3):
        f.person(council, Role.QA_MANAGER, Role.COMMISSIONER, name=f"Bartholomew Featherstonehaugh-{number}")
    return {
        "council": council,
        "officer": officer,
        "admin": f.person(council, Role.ORG_ADMIN, name="Adaeze Administrator"),
        "provider": f.provider_user(acme, name="Priya Provider"),
        "homes": homes,
    }


def fits_a_phone(page, check_page, url: str, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(url)
    check_page(page, f"narrow-{name}-375")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 375 px"


def test_staff_lists_fit_a_phone(browser, live_server, busy_council, check_page):
    context, page = signed_in(browser, live_server, busy_council["officer"])
    fits_a_phone(page, check_page, f"{live_server.url}/home/", "officer-home")
    assert page.get_by_text(LONG_NAMES[0]).first.is_visible()
    fits_a_phone(page, check_page, f"{live_server.url}/cases/tasks/", "officer-tasks")
    context.close()

    context, page = signed_in(browser, live_server, busy_council["admin"])
    fits_a_phone(page, check_page, f"{live_server.url}/organisation/people/", "people")
    context.close()

    context, page = signed_in(browser, live_server, busy_council["provider"])
    fits_a_phone(page, check_page, f"{live_server.url}/monitoring/reports/", "provider-reports")
    assert page.get_by_text(LONG_NAMES[0]).first.is_visible()
    context.close()

    context = browser.new_context()
    page = context.new_page()
    fits_a_phone(page, check_page, f"{live_server.url}/services/?q=nursing", "register-search")
    assert page.get_by_text(LONG_NAMES[1]).first.is_visible()
    context.close()


def test_the_improvement_offers_catalogue_fits_a_phone(browser, live_server, busy_council, check_page):
    """Found by the walk after issue 16: the catalogue's four columns scrolled the page 45 px sideways."""
    from carewatch.recognition import offers_services

    officer = busy_council["officer"]
    for title, kind in (
        ("Medicines training for senior carers", "training"),
        ("Intensive support visits", "intensive"),
        ("Falls prevention workshop", "workshop"),
    ):
        offers_services.add_offer(
            actor=officer, title=title, theme="medicines", kind=kind, places=12, now=timezone.now()
        )
    context, page = signed_in(browser, live_server, officer)
    fits_a_phone(page, check_page, f"{live_server.url}/recognition/offers/", "offers")
    assert page.get_by_text("Medicines training for senior carers").is_visible()
    context.close()
