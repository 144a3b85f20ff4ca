"""In Chromium: a commissioner records a contract (a wrong provider ID first), reads it, and reads the
vacancies in the council's area (another council's home not shown, an old return marked out of date).
axe and no sideways scrolling at 1,280 and 375 px on each page (issue 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.capacity import services
from carewatch.capacity.models import Contract
from carewatch.capacity.services import BedFigures, ReturnFigures
from carewatch.core.roles import Role
from tests.browser.manager.test_suspension_journey import signed_in
from tests.browser.test_capacity import at_both_widths
from tests.monitoring import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def oldham(transactional_db):
    council = f.council()
    acme = f.provider("Acme Community and Residential Care Services (North West) Limited")
    home = f.location(council, provider=acme, name="Oak House")
    stale_home = f.location(council, name="Elm Lodge")
    elsewhere = f.location("E08000005", name="Ash Court")
    manager = f.provider_user(acme)
    now = timezone.now()
    for place, when, occupied in (
        (home, now - timedelta(days=1), 17),
        (stale_home, now - timedelta(days=12), 20),
    ):
        reporter = manager if place is home else None
        services.submit_return(
            location=place,
            actor=reporter,
            figures=ReturnFigures(beds=(BedFigures("general_residential", 20, occupied, 20 - occupied),)),
            channel="web" if reporter else "demo",
            now=when,
            label="demo data",
        )
    services.submit_return(
        location=elsewhere,
        actor=None,
        figures=ReturnFigures(beds=(BedFigures("general_residential", 9, 1, 8),)),
        channel="demo",
        now=now,
        label="demo data",
    )
    return {
        "acme": acme,
        "home": home,
        "commissioner": f.person(council, Role.COMMISSIONER, name="Carla Commissioner"),
    }


def test_a_commissioner_records_a_contract_and_reads_the_vacancies(browser, live_server, oldham, check_page):
    context, page = signed_in(browser, live_server, oldham["commissioner"])
    try:
        page.goto(f"{live_server.url}/capacity/contracts/")
        page.get_by_role("heading", name="Contracts").wait_for()
        at_both_widths(page, check_page, "capacity-contracts-empty")
        page.get_by_role("link", name="Record a contract").click()
        page.get_by_label("Contract reference").fill("OMBC-2026-01")
        page.get_by_label("CQC provider ID").fill("1-999")
        page.get_by_label("Block").check()
        page.locator("input[name=starts_on_day]").fill("1")
        page.locator("input[name=starts_on_month]").fill("4")
        page.locator("input[name=starts_on_year]").fill("2026")
        page.get_by_role("button", name="Record the contract").click()
        page.locator(".govuk-error-summary").wait_for()
        assert (
            "No provider in the CQC register has the ID 1-999"
            in page.locator(".govuk-error-summary").inner_text()
        )
        at_both_widths(page, check_page, "capacity-contract-add-error")

        page.get_by_label("CQC provider ID").fill(oldham["acme"].pk)
        page.get_by_label("CQC location IDs covered (optional)").fill(oldham["home"].pk)
        page.get_by_label("Bed type (optional)").select_option("general_residential")
        page.get_by_label("Weekly fee in pounds, or a band (optional)").fill("812.50")
        page.get_by_role("button", name="Record the contract").click()
        page.get_by_role("heading", name="Contract OMBC-2026-01").wait_for()
        main = page.inner_text("main")
        assert "Contract OMBC-2026-01 recorded" in main and "£812.50 a week" in main and "Oak House" in main
        at_both_widths(page, check_page, "capacity-contract-detail")

        page.get_by_role("link", name="Back to contracts").click()
        page.get_by_role("link", name="OMBC-2026-01").wait_for()
        at_both_widths(page, check_page, "capacity-contracts")
        page.get_by_role("link", name="Import contracts").click()
        page.get_by_role("heading", name="Import contracts").wait_for()
        at_both_widths(page, check_page, "capacity-contract-import")

        page.goto(f"{live_server.url}/capacity/vacancies/")
        page.get_by_role("heading", name="Vacancies").wait_for()
        main = page.inner_text("main")
        assert "Oak House" in main and "Elm Lodge" in main and "Ash Court" not in main
        assert (
            page.locator("tr", has_text="Elm Lodge").locator(".govuk-tag", has_text="Out of date").count()
            == 1
        )
        assert (
            page.locator("tr", has_text="Oak House").locator(".govuk-tag", has_text="Out of date").count()
            == 0
        )
        at_both_widths(page, check_page, "capacity-vacancies")
        assert not page.problems
    finally:
        context.close()
    assert Contract.objects.get().reference == "OMBC-2026-01"
