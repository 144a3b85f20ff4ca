"""Lived experience from a feedback link to the figures on a service's public page, in a real browser.

An officer makes a feedback link for a care home → someone who lives there opens it without signing in,
switches to easy read, answers and sends it → the officer approves it in the moderation queue → with the
4 responses already approved, the service's public page shows the averages. Each page passes axe.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from carewatch.monitoring import services
from carewatch.monitoring.models import FEEDBACK_CATEGORY_FIELDS, Feedback, FeedbackLink
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
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_feedback_given_through_a_link_in_easy_read_is_moderated_then_counted_on_the_public_page(
    browser, windows, live_server, people, check_page
):
    home = people["home"]
    officer = signed_in_page(windows, browser, live_server, people["officer"])

    # Given an officer makes a feedback link for Oak House
    officer.get_by_role("link", name="Lived experience").click()
    officer.get_by_role("heading", name="Lived experience").wait_for()
    check_page(officer, "feedback-links-empty")
    officer.get_by_label("Which service is the link for?").select_option(label=f"Oak House, {home.postcode}")
    officer.get_by_role("button", name="Make the link").click()
    officer.get_by_text("Oak House has a feedback link").wait_for()
    check_page(officer, "feedback-links")
    address = officer.get_by_label("Public link for Oak House").input_value()
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
    officer.get_by_role("link", name="Lived experience").click()
    assert "1 response waiting for moderation." in officer.inner_text("main")
    officer.get_by_role("link", name="Moderate feedback").click()
    officer.get_by_role("heading", name="Feedback to moderate").wait_for()
    assert "The staff are lovely. I want more trips out." in officer.inner_text("main")
    check_page(officer, "feedback-moderation-queue")
    officer.get_by_label("Approve it").check()
    officer.get_by_role("button", name=re.compile("^Save the decision")).click()
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
