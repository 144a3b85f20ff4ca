"""Given a family choosing a care home, when they read a service's page, shortlist two services and compare
them, then each page reads well, passes axe and fits the screen at 1,280 and 375 px; the comparison prints
without the menus and buttons."""

from __future__ import annotations

from datetime import date

import pytest

from carewatch.register import models as register
from tests.browser.conftest import pictures_folder
from tests.cases import factories as f
from tests.public.test_service_page import report

WIDTHS = (1280, 375)


@pytest.fixture
def homes(transactional_db):
    """Oak House (Good in May 2025 after Safe was Requires improvement in 2023) and Birch Lodge (Outstanding)."""
    oak = f.location(name="Oak House", rating="")
    good = dict.fromkeys(("effective", "caring", "responsive", "well_led"), "Good")
    report(oak, date(2023, 3, 1), "Requires improvement", safe="Requires improvement", **good)
    report(oak, date(2025, 5, 20), "Good", current=True, safe="Good", **good)
    register.Location.objects.filter(pk=oak.pk).update(
        current_rating="Good",
        current_rating_on=date(2025, 5, 20),
        beds=42,
        nursing=True,
        town="Royton",
        latitude=53.566,
        longitude=-2.122,
    )
    oak.specialisms.add(register.Specialism.objects.create(name="Dementia"))
    birch = f.location(name="Birch Lodge", rating="")
    report(
        birch,
        date(2024, 11, 2),
        "Outstanding",
        current=True,
        **dict.fromkeys(good, "Outstanding"),
        safe="Good",
    )
    register.Location.objects.filter(pk=birch.pk).update(
        current_rating="Outstanding",
        current_rating_on=date(2024, 11, 2),
        beds=30,
        town="Oldham",
        latitude=53.541,
        longitude=-2.117,
    )
    return oak, birch


def fits_and_passes(page, check_page, name: str) -> None:
    """axe clean and no sideways scroll at each width (screenshots named ``name-<width>``)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_page(page, f"choose-{name}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_family_reads_a_service_shortlists_two_and_compares_them(
    page, live_server, homes, check_page, tmp_path
):
    oak, birch = homes
    # Given a daughter opens Oak House's page
    page.goto(f"{live_server.url}/services/{oak.pk}/")
    fits_and_passes(page, check_page, "service-page")
    # Then she reads the summary first
    summary = page.locator("#summary")
    assert "Rated Good in May 2025." in summary.inner_text()
    assert "Safe was rated Requires improvement in 2023 and Good since 2025." in summary.inner_text()
    assert page.locator("#questions-to-ask li").first.inner_text() == (
        "Is there a nurse on duty every day and every night?"
    )

    # When she adds it to her shortlist, and Birch Lodge too
    page.locator("#shortlist-actions").get_by_role("button", name="Add to shortlist").click()
    page.wait_for_load_state("load")
    assert "Oak House is on your shortlist." in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"{live_server.url}/services/{birch.pk}/")
    page.locator("#shortlist-actions").get_by_role("button", name="Add to shortlist").click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name="See your shortlist (2)").click()
    page.wait_for_url(f"{live_server.url}/shortlist/")
    fits_and_passes(page, check_page, "shortlist")
    share = page.locator("#share-link").inner_text()
    assert share.endswith(f"/shortlist/?id={oak.pk}&id={birch.pk}")

    # And compares them
    page.get_by_role("button", name="Compare these").click()
    page.wait_for_url(f"**/compare/?id={oak.pk}&id={birch.pk}")
    fits_and_passes(page, check_page, "compare")
    headers = page.locator("#comparison thead th").all_inner_texts()
    assert [header.splitlines()[0] for header in headers] == ["Oak House", "Birch Lodge"]
    # and sees how far each is from Royton
    page.get_by_label("See distances from a postcode or town").fill("Royton")
    page.get_by_role("button", name="Show distances").click()
    page.wait_for_url("**from=Royton")
    assert page.locator("#compare-distance td").all_inner_texts() == ["Less than 0.1 miles", "1.7 miles"]
    fits_and_passes(page, check_page, "compare-distances")
    # the table scrolls inside its own region on a phone, never the page
    page.set_viewport_size({"width": 375, "height": 900})
    region = page.locator(".carewatch-table-scroll")
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Then the print view leaves out the menus and the buttons, and shows the whole table
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    assert not page.locator("#comparison button").first.is_visible()
    assert page.locator("#comparison").is_visible()
    pdf = pictures_folder(tmp_path) / "choose-compare-print.pdf"
    page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 1000
    page.emulate_media(media="screen")

    # And the guidance page and the shared shortlist read well too
    page.goto(f"{live_server.url}/guidance/questions-to-ask/")
    fits_and_passes(page, check_page, "questions-to-ask")
    page.goto(share)
    fits_and_passes(page, check_page, "shared-shortlist")
    page.goto(f"{live_server.url}/open-data/")
    fits_and_passes(page, check_page, "open-data")
