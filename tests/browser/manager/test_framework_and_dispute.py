"""In Chromium: a QA manager imports a framework (first with a mistake, which the page names by line and
field), renames a theme, reads the thematic analysis, and then reviews a provider's dispute of a visit
another officer carried out, amending an answer. Every page is checked with axe and saved as a screenshot.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from carewatch.monitoring import queries, services
from carewatch.monitoring.models import DisputeReview, Framework, Visit, VisitState
from carewatch.ratings.local_qa import QaRating
from tests.browser.manager.test_suspension_journey import signed_in
from tests.monitoring import factories as f

pytestmark = pytest.mark.browser

HEADER = "code,text,statement,standard,weight\n"
WITH_A_MISTAKE = (
    HEADER
    + "01,Are medicines given and recorded safely?,8,8,2\n"
    + "02,Is the home clean and free of odours?,35,7,1\n"
)
FIXED = WITH_A_MISTAKE.replace(",35,7,", ",7,7,")


@pytest.fixture
def oldham(transactional_db):
    services.install_defaults(now=timezone.now())  # the flush between transactional tests removes them
    council = f.council()
    acme = f.provider("Acme Care Ltd")
    return {
        "council": council,
        "home": f.location(council, provider=acme, name="Oak House"),
        "officer": f.officer(council, name="Olive Officer"),
        "manager": f.manager(council, name="Maya Manager"),
        "provider": f.provider_user(acme),
    }


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


def csv_file(body: str) -> dict:
    return {"name": "oldham-care-homes.csv", "mimeType": "text/csv", "buffer": body.encode()}


def test_a_manager_imports_a_framework_renames_a_theme_and_reviews_a_dispute(
    browser, live_server, oldham, contexts, check_page
):
    context, manager = signed_in(browser, live_server, oldham["manager"])
    contexts.append(context)
    manager.goto(f"{live_server.url}/home/")

    # Given a QA manager on the monitoring set-up pages, from their home page
    manager.get_by_role("link", name=re.compile(r"^Monitoring set-up")).click()
    manager.get_by_role("heading", name="Monitoring set-up").wait_for()
    check_page(manager, "setup-home")
    manager.get_by_role("link", name="Frameworks").first.click()
    manager.get_by_role("heading", name="Frameworks", exact=True).wait_for()
    check_page(manager, "setup-frameworks")

    # When they import a framework file with a mistake on line 3
    manager.get_by_role("link", name="Import a framework").click()
    manager.get_by_label("Upload a framework file").set_input_files(csv_file(WITH_A_MISTAKE))
    manager.get_by_label("Care home").check()
    manager.get_by_label("Name of the framework (optional)").fill("Oldham care homes")
    check_page(manager, "setup-import")
    manager.get_by_role("button", name="Import the framework").click()

    # Then the page names the line and the field, and nothing is imported
    summary = manager.locator(".govuk-error-summary")
    summary.wait_for()
    assert (
        "Line 3, statement: unknown statement id '35': expected a number from 1 to 34" in summary.inner_text()
    )
    assert not Framework.objects.filter(owner=oldham["council"]).exists()
    check_page(manager, "setup-import-error")

    # When they fix it and import it again
    manager.get_by_label("Upload a framework file").set_input_files(csv_file(FIXED))
    manager.get_by_label("Care home").check()
    manager.get_by_role("button", name="Import the framework").click()

    # Then they see version 1 of the council's framework, and which statements it leaves out
    manager.get_by_role("heading", name="Oldham care homes").wait_for()
    banner = manager.locator(".govuk-notification-banner").inner_text()
    assert "Version 1 of Oldham care homes imported" in banner
    assert "It does not cover 32 of the 34 quality statements" in banner
    assert "Standard 8: Management of medicines" in manager.inner_text("main")
    check_page(manager, "setup-framework-imported")

    # When they rename a theme
    manager.goto(f"{live_server.url}/home/")
    manager.get_by_role("link", name=re.compile(r"^Monitoring set-up")).click()
    manager.get_by_role("link", name="Themes").click()
    check_page(manager, "setup-themes")
    manager.get_by_role("link", name="Rename Medicines").click()
    manager.get_by_label("Name").fill("Medicines management")
    check_page(manager, "setup-theme-rename")
    manager.get_by_role("button", name="Save the theme").click()
    manager.get_by_text("Medicines is now called Medicines management").wait_for()
    assert manager.get_by_role("rowheader", name="Medicines management").is_visible()

    # And read the thematic analysis
    manager.goto(f"{live_server.url}/home/")
    manager.get_by_role("link", name=re.compile(r"^Monitoring set-up")).click()
    manager.get_by_role("link", name="Thematic analysis").click()
    manager.get_by_role("heading", name="0 findings from 0 providers in 0 themes").wait_for()
    check_page(manager, "setup-analysis")

    # Given a visit Olive Officer carried out on the new framework, which the provider disputes
    now = timezone.now()
    visit = services.create_visit(
        organisation=oldham["council"],
        actor=oldham["officer"],
        location=oldham["home"],
        visit_on=timezone.localdate(),
        kind="planned",
        announced=True,
        officers=[oldham["officer"]],
        now=now,
    )
    assert visit.framework_version.framework.name == "Oldham care homes"
    services.record_answers(
        visit=visit,
        actor=oldham["officer"],
        answers={
            q.code: {"rating": "Requires improvement"} for q in queries.questions(visit.framework_version)
        },
        now=now,
    )
    services.send_draft_to_provider(visit=visit, actor=oldham["officer"], now=now)
    services.add_provider_comment(
        visit=visit,
        actor=oldham["provider"],
        response="disputed",
        text="Our medicines audit from the week before shows every dose recorded.",
        question="01",
        now=now + timedelta(minutes=1),
    )

    # When the manager, who did not carry out the visit, reviews the dispute and amends the answer
    manager.get_by_role("link", name="Visits").click()
    manager.get_by_role("link", name="Oak House").click()
    manager.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
    check_page(manager, "visit-disputed")
    manager.get_by_role("link", name="Review the dispute").click()
    assert "every dose recorded" in manager.inner_text("main")
    manager.get_by_label("Amend answers: change the ratings below").check()
    manager.get_by_label("Reasons for your decision").fill("The audit shows the doses were recorded.")
    manager.get_by_role("group", name=re.compile("^01 Are medicines")).get_by_label("Good").check()
    check_page(manager, "visit-review")
    manager.get_by_role("button", name="Record the decision").click()

    # Then the visit page shows the report reviewed, with the amended answer
    manager.get_by_role("heading", name=re.compile("^Oak House")).wait_for()
    main = manager.inner_text("main")
    assert "Dispute reviewed" in main
    assert "Draft amended by Maya Manager" in main
    assert "Answers changed: 01" in main
    check_page(manager, "visit-reviewed")
    visit.refresh_from_db()
    assert visit.status == VisitState.REVIEWED
    review = DisputeReview.objects.get(visit=visit)
    assert review.changes["01"] == {"from": int(QaRating.REQUIRES_IMPROVEMENT), "to": int(QaRating.GOOD)}
    assert not Visit.objects.filter(status=VisitState.DISPUTED).exists()
    assert not manager.problems, manager.problems
