"""A quality visit from the officer's notebook to an accepted action plan, in a real browser.

An officer records an unannounced visit with findings → the provider reads the draft and comments → the
report is published → the provider submits an action plan → the officer accepts it. Each page passes axe.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.monitoring import queries, services
from carewatch.monitoring.models import ActionPlan, PlanState, Visit, VisitState
from carewatch.monitoring.themes import suggestion
from tests.core import signing_in
from tests.monitoring import factories as f

PASSWORD = "correct-horse-battery-staple"  # tests.monitoring.factories.person


@pytest.fixture
def people(transactional_db):
    services.install_defaults(now=timezone.now())  # the flush between transactional tests removes them
    suggestion.model()  # fitted once per process (seconds on a busy machine): not on the first finding's click
    council = f.council()
    acme = f.provider("Acme Care Ltd")
    return {
        "home": f.location(council, provider=acme, name="Oak House"),
        "officer": f.officer(council),
        "provider": f.provider_user(acme),
    }


@pytest.fixture
def windows(browser):
    """Browser windows of their own for each person, closed at the end."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def signed_in_page(windows, browser, live_server, user):
    """A fresh browser window in which ``user`` signs in with their password and authenticator code."""
    device = signing_in.authenticator_for(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    windows.append(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sign-in/code/"))
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(signing_in.code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)  # the person's home page
    return page


def test_an_unannounced_visit_goes_from_findings_to_an_accepted_action_plan(
    browser, windows, live_server, people, check_page
):
    today = timezone.localdate()
    officer = signed_in_page(windows, browser, live_server, people["officer"])

    # Given an officer back from an unannounced, responsive visit to Oak House
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Visits").click()
    check_page(officer, "visit-list-empty")
    officer.get_by_role("link", name="Record a visit").click()
    officer.get_by_label("Service visited").select_option(label=f"Oak House, {people['home'].postcode}")
    officer.get_by_label("Day").fill(str(today.day))
    officer.get_by_label("Month").fill(str(today.month))
    officer.get_by_label("Year").fill(str(today.year))
    officer.get_by_label("Responsive").check()
    officer.get_by_label("No, unannounced").check()
    check_page(officer, "visit-record")
    officer.get_by_role("button", name="Record the visit").click()
    officer.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
    visit = Visit.objects.get(location=people["home"])
    assert "Responsive, unannounced" in officer.inner_text("main")

    # When they rate three questions Requires improvement, with their evidence
    officer.get_by_role("link", name="Record the answers").click()
    questions = queries.questions(visit.framework_version)
    for question in questions[:3]:
        officer.locator(
            f"#id_rating_{question.code}_3"
        ).check()  # Not assessed, Excellent, Good, Requires improvement
        officer.locator(f"#id_notes_{question.code}").fill(f"Observed on the visit for {question.code}")
    check_page(officer, "visit-answers")
    officer.get_by_role("button", name="Save the answers").click()
    officer.get_by_role("heading", name=re.compile("^Oak House")).wait_for()

    # And add two findings, confirming the theme carewatch suggests for the first and changing the second's
    for text, severity in (
        ("Medicines were not signed for on the MAR charts of three people.", "High"),
        ("Two staff had not had supervision for six months.", "Medium"),
    ):
        officer.get_by_role("link", name="Add a finding").click()
        officer.get_by_label("What did you find?").fill(text)
        officer.get_by_label(severity, exact=True).check()
        officer.get_by_label("Which question does it relate to?").select_option(index=1)
        check_page(officer, "finding-add")
        officer.get_by_role("button", name="Continue").click()
        officer.get_by_role("heading", name="Confirm the theme").wait_for()
        suggested = officer.locator("input[name=theme]").first
        assert suggested.is_checked()
        check_page(officer, "finding-theme")
        if severity == "Medium":
            officer.locator("input[name=theme]").nth(1).check()
        officer.get_by_role("button", name="Confirm the theme").click()
        officer.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
    assert all(finding.theme_confirmed_at for finding in visit.findings.all())
    check_page(officer, "visit-draft")

    # And send the draft to the provider
    officer.get_by_role("link", name="Send the draft to the provider").click()
    check_page(officer, "visit-send")
    officer.get_by_role("button", name="Send the draft").click()
    officer.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
    visit.refresh_from_db()
    assert visit.status == VisitState.SENT

    # Then the provider reads the draft and says it is factually accurate
    provider = signed_in_page(windows, browser, live_server, people["provider"])
    provider.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Reports and action plans"
    ).click()
    check_page(provider, "report-list")
    provider.get_by_role("link", name="Oak House").click()
    assert "Medicines were not signed for" in provider.inner_text("main")
    check_page(provider, "report-draft")
    provider.get_by_role("link", name="Comment on the whole report").click()
    provider.get_by_label("Yes, we agree it is factually accurate").check()
    provider.get_by_label("Your comments").fill("We agree and have started a weekly MAR chart audit.")
    check_page(provider, "report-comment")
    provider.get_by_role("button", name="Send your comments").click()
    provider.get_by_role("heading", name=re.compile("^Report:")).wait_for()

    # When the officer publishes the report
    officer.reload()
    officer.get_by_role("link", name="Publish the report").click()
    officer.get_by_label("Public summary").fill("Oak House needs to improve how it manages medicines.")
    check_page(officer, "visit-publish")
    officer.get_by_role("button", name="Publish the report").click()
    officer.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
    visit.refresh_from_db()
    assert visit.status == VisitState.PUBLISHED

    # Then the provider is asked for an action plan, and writes one action per finding
    provider.reload()
    provider.get_by_role("link", name="Your action plan").click()
    due = today + timedelta(days=30)
    for index in range(2):
        provider.get_by_label("Which finding does this action answer?").select_option(index=index)
        provider.get_by_label("What will you do?").fill(f"Action {index + 1}: audit and train every week")
        provider.get_by_label("Who is responsible?").fill("Registered manager")
        provider.get_by_label("Day").fill(str(due.day))
        provider.get_by_label("Month").fill(str(due.month))
        provider.get_by_label("Year").fill(str(due.year))
        provider.get_by_role("button", name="Add the action").click()
        provider.get_by_text(f"Action {index + 1}: audit").wait_for()
    check_page(provider, "plan-write")
    provider.get_by_role("link", name="Submit the action plan").click()
    check_page(provider, "plan-submit")
    provider.get_by_role("button", name="Submit the action plan").click()
    provider.get_by_role("heading", name="Your action plan").wait_for()
    assert ActionPlan.objects.get(visit=visit).status == PlanState.SUBMITTED

    # And the officer accepts it
    officer.reload()
    officer.get_by_role("link", name="View the action plan").click()
    assert "Action 2: audit" in officer.inner_text("main")
    check_page(officer, "plan-review")
    officer.get_by_role("button", name="Accept the action plan").click()
    officer.get_by_text("Accepted").first.wait_for()
    assert ActionPlan.objects.get(visit=visit).status == PlanState.ACCEPTED
    check_page(officer, "plan-accepted")
