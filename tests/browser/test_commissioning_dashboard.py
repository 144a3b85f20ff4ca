"""In Chromium: a council analyst reads the commissioning panels on the dashboard (in contract, vacancies,
return compliance, discharge) and in the committee report. axe, and no sideways scrolling at 1,280 and 375 px (issue 15)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from carewatch.capacity import services
from carewatch.capacity.services import BedFigures, ContractInput, ReturnFigures
from carewatch.core.roles import Role
from tests.browser.manager.test_suspension_journey import signed_in
from tests.browser.test_capacity import at_both_widths
from tests.monitoring import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def oldham(transactional_db):
    council = f.council()
    acme = f.provider("Acme Care Ltd")
    home = f.location(council, provider=acme, name="Oak House")
    f.location(council, name="Elm Lodge")
    commissioner = f.person(council, Role.COMMISSIONER, name="Carla Commissioner")
    now = timezone.now()
    services.record_contract(
        organisation=council,
        actor=commissioner,
        contract=ContractInput(
            reference="OMBC-1", provider_id=acme.pk, kind="block", starts_on=date(2026, 1, 1)
        ),
        now=now,
    )
    services.submit_return(
        location=home,
        actor=f.provider_user(acme),
        figures=ReturnFigures(
            beds=(
                BedFigures("general_residential", 20, 17, 3),
                BedFigures("dementia_nursing", 12, 12, 0),
            )
        ),
        channel="web",
        now=now - timedelta(days=1),
    )
    return {"analyst": f.person(council, Role.ANALYST, name="Ann Analyst")}


def test_an_analyst_reads_the_commissioning_panels(browser, live_server, oldham, check_page):
    context, page = signed_in(browser, live_server, oldham["analyst"])
    try:
        page.goto(f"{live_server.url}/insights/?area=la:E08000004&service=care-homes")
        page.locator("#heading-contracts").wait_for()
        assert "in contract with Oldham Council" in page.locator("body").inner_text()
        page.locator("#heading-vacancies").scroll_into_view_if_needed()
        at_both_widths(page, check_page, "dashboard-commissioning")
        page.goto(f"{live_server.url}/insights/committee-report/?la=E08000004")
        page.locator("#heading-committee-contracts").wait_for()
        assert "in contract with Oldham Council" in page.locator("#section-committee-contracts").inner_text()
        at_both_widths(page, check_page, "committee-report-commissioning")
    finally:
        context.close()
