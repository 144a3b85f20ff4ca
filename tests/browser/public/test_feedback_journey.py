"""Lived experience from a feedback link to the figures on a service's public page, in a real browser.

An officer makes a feedback link for a care home → someone who lives there opens it without signing in,
switches to easy read, answers and sends it → the officer approves it in the moderation queue → with the
4 responses already approved, the service's public page shows the averages. Each page passes axe.

Then, at scale: an officer copies a link and opens its poster; a QA manager filters a queue of 35
responses, pages through it and approves three at once; at 1,280 and 375 px, axe clean, no sideways scroll.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.monitoring import services
from carewatch.monitoring.models import FEEDBACK_CATEGORY_FIELDS, Feedback, FeedbackLink
from tests.browser.conftest import pictures_folder
from tests.core import signing_in
from tests.monitoring import factories as f

PASSWORD = "correct-horse-battery-staple"  # tests.monitoring.factories.person


@pytest.fixture
def people(transactional_db):
    """Oldham, a QA officer, Oak House, and 4 approved responses collected on an earlier visit (approved by a
    colleague)."""
    now = timezone.now()
    services.install_defaults(now=now)  # the flush between transactional tests removes them
    council = f.council()
    home = f.location(council, provider=f.provider("Acme Care Ltd"), name="Oak House")
    officer = f.officer(council)
    colleague = f.officer(council, name="Cara Colleague")  # four-eyes: approves what the officer recorded
    visit = services.create_visit(
        organisation=council,
        actor=officer,
        location=home,
        visit_on=timezone.localdate(),
        kind="planned",
        announced=True,
        officers=[officer],
        now=now,
    )
    for score in (5, 4, 4, 3):
        feedback = services.record_feedback(
            visit=visit,
            actor=officer,
            respondent_kind="person",
            scores=dict.fromkeys(FEEDBACK_CATEGORY_FIELDS, score),
            comments="Said on the visit",
            now=now,
        )
        services.moderate_feedback(feedback=feedback, actor=colleague, decision="approved", now=now)
    return {"home": home, "officer": officer}


@pytest.fixture
def windows(browser):
    """Browser windows of their own for each person, closed at the end."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def new_window(windows, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    windows.append(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def signed_in_page(windows, browser, live_server, user):
    """A fresh browser window in which ``user`` signs in with their password and authenticator code."""
    device = signing_in.authenticator_for(user)
    page = new_window(windows, browser)
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sign-in/code/"))
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(signing_in.code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)  # their home page, whichever it is
    return page


def test_feedback_given_through_a_link_in_easy_read_is_moderated_then_counted_on_the_public_page(
    browser, windows, live_server, people, check_page
):
    home = people["home"]
    officer = signed_in_page(windows, browser, live_server, people["officer"])

    # Given an officer makes a feedback link for Oak House
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Lived experience").click()
    officer.get_by_role("heading", name="Lived experience").wait_for()
    check_page(officer, "feedback-links-empty")
    officer.get_by_label("Which service is the link for?").select_option(label=f"Oak House, {home.postcode}")
    officer.get_by_role("button", name="Make the link").click()
    officer.get_by_text("Oak House has a feedback link").wait_for()
    check_page(officer, "feedback-links")
    address = officer.locator("#links .carewatch-address").inner_text()
    link = FeedbackLink.objects.get(location=home)
    assert address == f"{live_server.url}/feedback/{link.token}/"

    # When someone who lives there opens the link, without signing in, and switches to easy read
    visitor = new_window(windows, browser)
    visitor.goto(address)
    visitor.get_by_role("heading", name="Give feedback about Oak House").wait_for()
    check_page(visitor, "feedback-form")
    visitor.get_by_role("link", name="Use the easy-read version of this form").click()
    visitor.get_by_role("heading", name="Tell us what you think about Oak House").wait_for()
    check_page(visitor, "feedback-form-easy-read")

    # And answers every question "Very good" but the food "OK", and says a little more
    visitor.get_by_label("I use this service").check()
    assert visitor.get_by_role("group", name=re.compile(r"^Question \d of 7")).count() == 7
    for field in FEEDBACK_CATEGORY_FIELDS:
        visitor.locator(f"#id_{field}_{2 if field == 'food' else 4}").check()
    visitor.get_by_label("Tell us more").fill("The staff are lovely. I want more trips out.")
    visitor.get_by_role("button", name="Send").click()
    visitor.get_by_role("heading", name="Thank you").wait_for()
    check_page(visitor, "feedback-thank-you-easy-read")
    sent = Feedback.objects.get(channel="public_link")
    assert (sent.easy_read, sent.anonymous, sent.moderation, sent.food) == (True, True, "pending", 3)

    # Then, until it is approved, the public page says fewer than 5 people have given feedback
    public = new_window(windows, browser)
    public.goto(f"{live_server.url}/services/{home.pk}/")
    public.get_by_role("heading", name="What people told us").wait_for()
    assert "Fewer than 5 people have given feedback" in public.inner_text("main")

    # When the officer approves it in the moderation queue
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Lived experience").click()
    assert "1 response waiting for moderation." in officer.inner_text("main")
    officer.get_by_role("link", name="Moderate feedback").click()
    officer.get_by_role("heading", name="Feedback to moderate").wait_for()
    assert "The staff are lovely. I want more trips out." in officer.inner_text("main")
    check_page(officer, "feedback-moderation-queue")
    officer.get_by_label("Choose feedback").check()
    officer.get_by_label("Approve them").check()
    officer.get_by_role("button", name="Save the decision").click()
    officer.get_by_text("1 response approved").wait_for()
    officer.get_by_text("No feedback is waiting for moderation.").wait_for()
    check_page(officer, "feedback-moderation-done")

    # Then the public page shows the averages of the 5 approved responses, and none of their words
    public.reload()
    table = public.locator("#feedback-scores")
    table.wait_for()
    safe = table.get_by_role("row", name=re.compile("^I feel safe"))
    assert safe.inner_text().split("\t")[1:] == ["4.2", "80%", "5"]  # 5, 4, 4, 3 and Very good (5)
    food = table.get_by_role("row", name=re.compile("^I like the food"))
    assert food.inner_text().split("\t")[1:] == ["3.8", "60%", "5"]  # 5, 4, 4, 3 and OK (3)
    main = public.inner_text("main")
    assert "trips out" not in main and "Said on the visit" not in main
    check_page(public, "location-feedback-summary")


# --- feedback links and moderation at scale ---------------------------------------------------------

WIDTHS = (1280, 375)


@pytest.fixture
def busy(transactional_db):
    """Oldham with an officer and a manager, Oak House's feedback link, 30 responses about Oak House and 5
    about Birch Lodge waiting for moderation, received a minute apart over the past days."""
    now = timezone.now()
    services.install_defaults(now=now)
    council = f.council()
    officer, manager = f.officer(council), f.manager(council)
    oak = f.location(council, provider=f.provider("Acme Care Ltd"), name="Oak House")
    birch = f.location(council, provider=f.provider("Beta Care Ltd"), name="Birch Lodge")
    links = {
        home: services.create_feedback_link(organisation=council, actor=officer, location=home, now=now)
        for home in (oak, birch)
    }
    for n, home in enumerate([oak] * 30 + [birch] * 5):
        services.submit_feedback(
            token=links[home].token,
            respondent_kind="relative",
            scores={"safety": 1 + n % 5, "food": 4},
            comments=f"Response number {n + 1}",
            now=now - timedelta(days=2, minutes=60 - n),
        )
    return {"officer": officer, "manager": manager, "oak": oak, "link": links[oak]}


def fits_the_window(page) -> bool:
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_officer_copies_a_link_and_prints_its_poster_and_a_manager_approves_three_at_once(
    browser, windows, live_server, busy, check_page, tmp_path
):
    # Given an officer on the lived-experience page, in a browser that lets carewatch use the clipboard
    officer = signed_in_page(windows, browser, live_server, busy["officer"])
    officer.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Lived experience").click()
    card = officer.locator(f"#link-card-{busy['link'].pk}")
    address = f"{live_server.url}/feedback/{busy['link'].token}/"
    assert card.locator(".carewatch-address").inner_text() == address

    # When they copy Oak House's link, it is on the clipboard and the page says so
    card.get_by_role("button", name="Copy link for Oak House").click()
    card.get_by_role("status").get_by_text("Link copied").wait_for()
    assert officer.evaluate("navigator.clipboard.readText()") == address
    for width in WIDTHS:
        officer.set_viewport_size({"width": width, "height": 900})
        check_page(officer, f"feedback-links-copied-{width}")
        assert fits_the_window(officer), f"the links page scrolls sideways at {width} px"

    # And open its poster: the service, the QR code, the address and how feedback is used
    officer.set_viewport_size({"width": 1280, "height": 900})
    card.get_by_role("link", name="Poster and QR code for Oak House").click()
    officer.get_by_role("heading", name="Tell us what you think about Oak House").wait_for()
    qr = officer.get_by_role("img", name="QR code for the feedback form about Oak House")
    officer.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert officer.locator("#poster-address").inner_text() == address
    for width in WIDTHS:
        officer.set_viewport_size({"width": width, "height": 900})
        check_page(officer, f"feedback-poster-{width}")
        assert fits_the_window(officer), f"the poster scrolls sideways at {width} px"
    # Printed, only the poster shows: no menu, no instructions
    officer.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    officer.emulate_media(media="print")
    assert not officer.locator(".govuk-service-navigation").is_visible()
    assert not officer.locator(".carewatch-poster-tools").is_visible()
    assert qr.is_visible() and qr.bounding_box()["width"] > 300  # 90 mm
    officer.screenshot(path=str(pictures_folder(tmp_path) / "feedback-poster-print.png"), full_page=True)
    officer.emulate_media(media="screen")

    # When the QA manager filters the moderation queue to Oak House, newest first
    manager = signed_in_page(windows, browser, live_server, busy["manager"])
    manager.goto(f"{live_server.url}/monitoring/lived-experience/moderation/")
    manager.get_by_role("heading", name="Feedback to moderate").wait_for()
    assert "Showing 1 to 25 of 35 responses waiting for moderation." in manager.inner_text("main")
    manager.get_by_label("Service", exact=True).select_option(
        label=", ".join(part for part in ("Oak House", busy["oak"].postcode) if part)
    )
    manager.get_by_label("Sort by").select_option(label="Newest first")
    manager.get_by_role("button", name="Apply filters").click()
    manager.get_by_text("Showing 1 to 25 of 30 responses waiting for moderation.").wait_for()
    assert manager.locator(".govuk-summary-card__title").first.inner_text().endswith("Oak House")
    assert "Response number 30" in manager.locator(".govuk-summary-card").first.inner_text()
    check_page(manager, "feedback-moderation-filtered")

    # And pages to the second page
    manager.get_by_role("navigation", name="Pages of feedback").get_by_role("link", name="Page 2").click()
    manager.get_by_text("Showing 26 to 30 of 30 responses").wait_for()
    assert "sort=newest" in manager.url and "page=2" in manager.url

    # And (trying "Choose all on this page" and clearing it again) ticks three responses and approves them
    cards = manager.locator(".govuk-summary-card")
    boxes = manager.locator("input[type=checkbox][name=feedback]")
    manager.get_by_role("button", name="Choose all on this page").click()
    assert [boxes.nth(i).is_checked() for i in range(boxes.count())] == [True] * 5
    manager.get_by_role("button", name="Clear all on this page").click()
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    chosen = [cards.nth(i).locator(".govuk-summary-card__title").inner_text() for i in (0, 2, 4)]
    for i in (0, 2, 4):
        cards.nth(i).get_by_label(re.compile("^Choose feedback")).check()
    manager.get_by_label("Approve them").check()
    for width in WIDTHS:
        manager.set_viewport_size({"width": width, "height": 900})
        check_page(manager, f"feedback-moderation-page-2-{width}")
        assert fits_the_window(manager), f"the moderation queue scrolls sideways at {width} px"
    manager.get_by_role("button", name="Save the decision").click()

    # Then the three are approved, each with its own decision, and the filters and page are kept
    manager.get_by_text("3 responses approved").wait_for()
    assert "sort=newest" in manager.url and "page=2" in manager.url
    approved = Feedback.objects.filter(moderation="approved")
    assert sorted(f"Feedback {f.pk}: Oak House" for f in approved) == sorted(chosen)
    assert all(f.moderations.get().by == busy["manager"] for f in approved)
    assert "Showing 26 to 27 of 27 responses" in manager.inner_text("main")
    check_page(manager, "feedback-moderation-approved-375")
    assert fits_the_window(manager)
