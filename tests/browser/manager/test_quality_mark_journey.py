"""In Chromium, the quality mark from scheme to withdrawal: a QA manager sets up the scheme (a lower tier
asking more than the one above is named beside it), the provider's manager applies for its home from its
own pages, an officer (from My work) assesses the written standard with evidence, a manager awards it, then
a CQC import downgrading the home suspends the award the same day: the letter is on the application and the
badge leaves the public service page. axe at 1,280 and 375 px, no sideways scrolling."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from carewatch.core.models import Organisation
from carewatch.core.roles import OrganisationKind
from carewatch.recognition.models import QualityMarkApplication
from carewatch.register.models import Location, Provider
from tests.browser.manager.test_quality_mark_award import at_both_widths
from tests.browser.manager.test_suspension_journey import signed_in
from tests.cases import factories as cf
from tests.recognition import factories as f
from tests.register.odsutil import hsca_record
from tests.register.test_readers_hsca import write_hsca

pytestmark = pytest.mark.browser


def _import(folder, name: str, rating: str, published: date) -> None:
    folder.mkdir()
    path = write_hsca(
        folder,
        "csv",
        [hsca_record(**{"Location Latest Overall Rating": rating, "Publication Date": published})],
    ).rename(folder / name)
    call_command("import_cqc", str(path), "--no-refresh", "--force", stdout=StringIO(), stderr=StringIO())


def test_a_provider_applies_an_officer_assesses_a_manager_awards_and_a_downgrade_withdraws_it(
    browser, live_server, transactional_db, check_page, tmp_path
):
    council = cf.council()
    _import(tmp_path / "first", "01_November_2026_HSCA_Active_Locations.csv", "Good", date(2024, 9, 17))
    home = Location.objects.get(pk="1-1000210669")
    employer = Organisation.objects.create(
        kind=OrganisationKind.PROVIDER,
        name="Laburnum House",
        provider=Provider.objects.get(pk=home.provider_id),
    )
    officer, manager = cf.officer(council), cf.manager(council)

    # The QA manager sets up the scheme; a contradiction is named beside its field
    context, page = signed_in(browser, live_server, manager)
    page.goto(f"{live_server.url}/recognition/quality-marks/scheme/change/")
    page.get_by_label("Name of the quality mark").fill("Oldham Quality Mark")
    page.get_by_label("Name of tier 1").fill("Gold")
    tier1 = page.locator("#tier-1")
    tier1.get_by_role("group", name="Tier 1: criteria carewatch checks from its evidence").get_by_label(
        "CQC overall rating Good or Outstanding"
    ).check()
    tier1.get_by_role(
        "group", name="Tier 1: criteria that must hold for as long as the award lasts"
    ).get_by_label("CQC overall rating Good or Outstanding").check()
    page.get_by_label("Tier 1: standards an officer assesses").fill(
        "Residents choose their activities every day"
    )
    page.get_by_label("Tier 1: payment premium, £ a resident a week (optional)").fill("25")
    page.get_by_label("Name of tier 2").fill("Silver")
    page.locator("#tier-2").get_by_role(
        "group", name="Tier 2: criteria carewatch checks from its evidence"
    ).get_by_label("The employer has signed the Social Care Commitment").check()
    page.get_by_role("button", name="Save the quality mark").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert (
        "Silver asks for “The employer has signed the Social Care Commitment”, which Gold above it does not"
        in summary
    )
    at_both_widths(page, check_page, "scheme-error")
    page.locator("#tier-2").get_by_role(
        "group", name="Tier 2: criteria carewatch checks from its evidence"
    ).get_by_label("The employer has signed the Social Care Commitment").uncheck()
    page.locator("#tier-2").get_by_role(
        "group", name="Tier 2: criteria carewatch checks from its evidence"
    ).get_by_label("CQC overall rating Good or Outstanding").check()
    page.get_by_role("button", name="Save the quality mark").click()
    assert page.locator("h1").inner_text() == "Oldham Quality Mark"
    assert "£25.00 a resident a week" in page.locator("main").inner_text()
    at_both_widths(page, check_page, "scheme")
    context.close()

    # The provider's manager applies from its own pages
    context, page = signed_in(browser, live_server, f.manager_of(employer))
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("link", name="Quality marks").first.click()
    page.get_by_role("link", name="Apply for a quality mark").click()
    page.get_by_role("button", name="Apply").click()
    assert "Choose the service" in page.locator(".govuk-error-summary").inner_text()
    at_both_widths(page, check_page, "apply-error")
    page.get_by_label("Service", exact=True).select_option(label="Treetops Nursing Home")
    page.get_by_label("Gold").check()
    page.get_by_role("button", name="Apply").click()
    assert page.locator("#state").inner_text() == "Applied"
    assert "CQC rated it Good overall" in page.locator("#computed").inner_text()
    at_both_widths(page, check_page, "applied")
    context.close()
    application = QualityMarkApplication.objects.get()

    # The officer finds it on My work and assesses the written standard, with the evidence seen
    context, page = signed_in(browser, live_server, officer)
    page.goto(f"{live_server.url}/home/")
    page.locator("#quality-marks").get_by_role("link", name="Treetops Nursing Home, Gold").click()
    page.get_by_role("link", name="Assess the application").click()
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("Your note on criterion 1").fill("Residents chose the day's trip on the visit")
    page.get_by_label("Evidence you saw for criterion 1").fill(
        "Activities log, October 2026; visit report 3 November 2026"
    )
    page.get_by_role("button", name="Record the assessment").click()
    assert page.locator("#state").inner_text() == "Assessed"
    context.close()

    # A manager awards it; the public badge shows
    context, page = signed_in(browser, live_server, manager)
    page.goto(f"{live_server.url}/recognition/quality-marks/")
    page.get_by_role("link", name="Treetops Nursing Home").click()
    page.get_by_role("link", name="Decide on the quality mark").click()
    page.get_by_label("Award the quality mark").check()
    today = timezone.localdate()
    starts = page.get_by_role("group", name="Starts")
    starts.get_by_label("Day").fill(str(today.day))
    starts.get_by_label("Month").fill(str(today.month))
    starts.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Record the decision").click()
    assert page.locator("#state").inner_text() == "Awarded"
    page.goto(f"{live_server.url}/services/{home.pk}/")
    assert "Oldham Quality Mark: Gold" in page.locator("main").inner_text()

    # A CQC import downgrades the home: the award is suspended the same day, with a letter
    _import(
        tmp_path / "second",
        "01_December_2026_HSCA_Active_Locations.csv",
        "Requires Improvement",
        date(2026, 11, 20),
    )
    page.goto(f"{live_server.url}/recognition/quality-marks/applications/{application.pk}/")
    assert page.locator("#state").inner_text() == "Suspended"
    assert "suspended at Treetops Nursing Home (PDF)" in page.locator("#letters").inner_text()
    at_both_widths(page, check_page, "suspended")
    page.goto(f"{live_server.url}/recognition/quality-marks/")
    assert "Suspended" in page.locator("#applications").inner_text()
    at_both_widths(page, check_page, "list")
    page.goto(f"{live_server.url}/services/{home.pk}/")
    assert "Oldham Quality Mark" not in page.locator("main").inner_text()
    context.close()
