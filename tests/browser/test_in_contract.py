"""In Chromium: a commissioner filters the register search to the services in contract with their council
and opens one; the service page says it is in contract. axe, and no sideways scrolling at 1,280 and 375 px
(issue 15)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from carewatch.capacity import services
from carewatch.capacity.services import ContractInput
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
    services.record_contract(
        organisation=council,
        actor=commissioner,
        contract=ContractInput(
            reference="OMBC-1",
            provider_id=acme.pk,
            kind="block",
            starts_on=date(2026, 1, 1),
            location_ids=(home.pk,),
        ),
        now=timezone.now(),
    )
    return {"commissioner": commissioner}


def test_a_commissioner_finds_the_services_in_contract(browser, live_server, oldham, check_page):
    context, page = signed_in(browser, live_server, oldham["commissioner"])
    try:
        page.goto(f"{live_server.url}/services/?la=E08000004")
        page.get_by_label("In contract with my council").check()
        page.get_by_role("button", name="Search").click()
        page.locator("#result-count").wait_for()
        assert "1 service found" in page.locator("#result-count").inner_text()
        assert page.locator("tbody .carewatch-in-contract").count() == 1
        at_both_widths(page, check_page, "search-in-contract")
        page.get_by_role("link", name="Oak House").click()
        page.locator("#location-contract").wait_for()
        assert (
            "Oldham Council has this service in contract" in page.locator("#location-contract").inner_text()
        )
        at_both_widths(page, check_page, "service-page-in-contract")
    finally:
        context.close()
