"""Issue 14's journey in Chromium, end to end: a daughter searches Royton within 5 miles for a home that
cares for people with dementia, rated at least Good; narrows with filters; shortlists three from the
results; compares them side by side with their distances; opens one, reads the summary in plain words,
and tells the council what it is like. axe on every page, at 1,280 and 375 px, with no sideways
scrolling; screenshots saved for people to look at."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from carewatch.monitoring import services
from carewatch.monitoring.models import FEEDBACK_CATEGORY_FIELDS, Feedback
from carewatch.register.models import Location
from tests.monitoring import factories as f
from tests.register.finder_world import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def royton(transactional_db):
    build_world()
    council = f.council()
    damson = Location.objects.get(name="Damson Nursing Home")
    services.create_feedback_link(
        organisation=council, actor=f.officer(council), location=damson, now=timezone.now()
    )
    return damson


def at_both_widths(page, check_page, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        check_page(page, f"choosing-{name}-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def names(page) -> list[str]:
    return page.locator("ol.carewatch-results h3 a").all_inner_texts()


def test_a_daughter_finds_compares_and_gives_feedback_on_a_dementia_home(
    page, live_server, royton, check_page
):
    # She starts on the home page and searches near Royton within 5 miles
    page.goto(f"{live_server.url}/")
    page.get_by_label("Postcode, town or council").fill("Royton")
    page.get_by_label("Distance").fill("5")
    page.get_by_role("button", name="Find care").click()
    page.wait_for_url("**/find/?near=Royton&within=5")
    at_both_widths(page, check_page, "results")
    everyone = names(page)

    # She narrows to services caring for people with dementia, rated Good or Outstanding
    page.get_by_label("Dementia (").check()
    page.get_by_label("Good or Outstanding (").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**rating=good**")
    found = names(page)
    assert found == ["Damson Nursing Home", "Alder House", "Birch Court Home Care", "Cedar Lodge"]
    assert set(found) < set(everyone)
    chosen = found[:3]
    at_both_widths(page, check_page, "filtered")

    # She shortlists the nearest three from the results; the search stays as it was
    for name in chosen:
        page.get_by_role("button", name=re.compile(rf"^Add to shortlist\W+{name}$")).click()
        page.wait_for_load_state("load")
        assert names(page) == found, "the search was kept"
    assert page.locator("ol.carewatch-results").get_by_text("On your shortlist").count() == 3
    assert page.locator("#shortlist-summary").inner_text().startswith("3 services on your shortlist.")

    # She compares them side by side, with distances from Royton
    page.get_by_role("link", name="Compare them side by side").click()
    page.wait_for_url("**/compare/**")
    at_both_widths(page, check_page, "compare")
    main = page.inner_text("main")
    for name in chosen:
        assert name in main
    assert "Cedar Lodge" not in main
    assert "Royton" in main and "miles" in main

    # She opens the nearest and reads the summary in plain words
    page.get_by_role("link", name="Damson Nursing Home").first.click()
    page.wait_for_url("**/services/1-100000001/")
    summary = page.locator("#summary").inner_text()
    assert "Rated Good in May 2025" in summary
    at_both_widths(page, check_page, "service")

    # And tells the council what it is like
    page.get_by_role("link", name="Tell the council what this service is like").click()
    page.get_by_role("heading", name="Give feedback about Damson Nursing Home").wait_for()
    at_both_widths(page, check_page, "feedback")
    page.get_by_label("Relative or friend").check()
    for field in FEEDBACK_CATEGORY_FIELDS:
        page.locator(f"#id_{field}_4").check()
    page.get_by_role("button", name="Send your feedback").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    at_both_widths(page, check_page, "thank-you")
    sent = Feedback.objects.get(location__name="Damson Nursing Home")
    assert (sent.channel, sent.respondent_kind, sent.moderation) == ("public_link", "relative", "pending")
