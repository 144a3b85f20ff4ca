"""Given a register around Royton, when a daughter searches for a dementia nursing home near Royton,
then she sees the nearest first, narrows them with filters, and every page is accessible at 1,280 and 375 px."""

import pytest

from tests.register.finder_world import build_world


@pytest.fixture
def world(transactional_db):
    build_world()


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_daughter_finds_a_dementia_nursing_home_near_royton(page, live_server, world, check_page):
    # Given she opens carewatch
    page.goto(f"{live_server.url}/")
    check_page(page, "finder-home")
    # When she searches near Royton within 5 miles
    page.get_by_label("Postcode, town or council").fill("Royton")
    page.get_by_label("Distance").fill("5")
    page.get_by_role("button", name="Find care").click()
    page.wait_for_url("**/find/?near=Royton&within=5")
    check_page(page, "finder-results")
    assert no_sideways_scrolling(page)
    assert page.locator("#distance-source").inner_text().startswith("Distances from the centre of Royton.")
    assert page.locator("ol.carewatch-results h3 a").first.inner_text() == "Damson Nursing Home"

    # And narrows to nursing homes caring for people with dementia, rated at least Good
    page.get_by_label("Care home with nursing (2)").check()
    page.get_by_label("Dementia (").check()
    page.get_by_label("Good or Outstanding (").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**rating=good**")
    check_page(page, "finder-filtered")
    assert page.locator("ol.carewatch-results h3 a").all_inner_texts() == [
        "Damson Nursing Home",
        "Alder House",
    ]

    # And asks for Safe to be rated at least Good (Alder House's Safe is Requires improvement)
    page.get_by_text("CQC key questions").click()
    page.get_by_label("Safe", exact=True).select_option("good")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**safe=good**")
    check_page(page, "finder-safe-good")
    assert page.locator("ol.carewatch-results h3 a").all_inner_texts() == ["Damson Nursing Home"]
    shared = page.url

    # Then on a phone the same link shows the same results, without sideways scrolling
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(shared)
    check_page(page, "finder-filtered-375")
    assert no_sideways_scrolling(page)
    assert page.locator("ol.carewatch-results h3 a").all_inner_texts() == ["Damson Nursing Home"]
    page.get_by_role("link", name="Go to the results").click()  # past the filters on a phone

    # And she opens the nearest one
    page.get_by_role("link", name="Damson Nursing Home").click()
    page.wait_for_url("**/services/1-100000001/")
    assert page.locator("h1").inner_text() == "Damson Nursing Home"


@pytest.mark.parametrize("width", [1280, 375])
def test_a_postcode_outside_england_is_explained_accessibly(page, live_server, world, check_page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/find/?near=CF10+1AA")
    check_page(page, f"finder-outside-england-{width}")
    assert no_sideways_scrolling(page)
    assert (
        "carewatch covers care services in England only" in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.get_by_role("link", name="Care Inspectorate Wales (CIW)").count() >= 1


def test_a_long_unknown_place_is_refused_without_sideways_scrolling_on_a_phone(
    page, live_server, world, check_page
):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/find/?near={'Llanfairpwllgwyngyll' * 9}")
    check_page(page, "finder-unknown-long-375")
    assert "We could not find" in page.locator(".govuk-error-summary").inner_text()
    assert no_sideways_scrolling(page)
