"""In Chromium: a provider manager opens the draft report the council sent, reads the answers and evidence
under a standard, disputes one question with a PDF attached, and sees the success banner and the comment
against the question; the QA officer then reads it on the visit page and downloads the PDF. Each page is
checked with axe at 1,280 and 375 px, with no sideways scrolling, and saved as a screenshot (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from carewatch.monitoring import queries, services
from carewatch.monitoring.models import EvidenceFile, VisitState
from tests.browser.manager.test_suspension_journey import signed_in
from tests.monitoring import factories as f

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def draft(transactional_db, settings, tmp_path):
    """Oldham's officer visited Oak House today, answered every question (medicines Poor, the rest Good)
    with notes, found gaps in the MAR charts, and sent the draft to Acme Care."""
    settings.CAREWATCH_EVIDENCE_DIR = tmp_path / "evidence"
    now = timezone.now()
    services.install_defaults(now=now)  # the flush between transactional tests removes them
    council = f.council()
    acme = f.provider("Acme Care Ltd")
    home = f.location(council, provider=acme, name="Oak House")
    officer = f.officer(council, name="Olive Officer")
    visit = services.create_visit(
        organisation=council,
        actor=officer,
        location=home,
        visit_on=timezone.localdate(now),
        kind="planned",
        announced=True,
        officers=[officer],
        now=now,
    )
    questions = queries.questions(visit.framework_version)
    medicines = next(q for q in questions if q.standard == 8)
    services.record_answers(
        visit=visit,
        actor=officer,
        answers={
            q.code: services.AnswerInput(
                rating="Poor" if q is medicines else "Good",
                observation="Three MAR charts had gaps." if q is medicines else "Seen during the visit.",
                records="Medicines policy out of date." if q is medicines else "",
            )
            for q in questions
        },
        now=now,
    )
    services.add_finding(
        visit=visit,
        actor=officer,
        text="MAR charts had gaps for three people.",
        severity="high",
        question=medicines,
        now=now,
    )
    services.send_draft_to_provider(visit=visit, actor=officer, now=now)
    return {
        "visit": visit,
        "medicines": medicines,
        "officer": officer,
        "provider": f.provider_user(acme, name="Priya Provider"),
    }


def at_both_widths(page, check_page, name: str) -> None:
    """axe and no sideways scrolling at 1,280 px and at 375 px (then back to 1,280)."""
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > "
            "window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + "
            "Math.round(e.getBoundingClientRect().right))"
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px: {wide}"
        )
        check_page(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_provider_disputes_one_question_with_a_pdf_and_the_officer_downloads_it(
    browser, live_server, draft, check_page, tmp_path
):
    visit, medicines = draft["visit"], draft["medicines"]
    context, provider = signed_in(browser, live_server, draft["provider"])
    try:
        # Given the provider manager opens the draft the council sent
        provider.goto(f"{live_server.url}/monitoring/reports/")
        provider.get_by_role("link", name=re.compile("Oak House")).first.click()
        provider.get_by_role("heading", name=re.compile(r"^Report: Oak House")).wait_for()
        at_both_widths(provider, check_page, "provider-draft-report")

        # When they read the answers under the medicines standard
        assert provider.locator("#standard-8").inner_text().startswith("Standard 8: Management of medicines")
        card = provider.locator(f"#question-{medicines.code}")
        seen = card.inner_text()
        assert medicines.text in seen
        assert (
            "Poor" in seen
            and "Three MAR charts had gaps." in seen
            and "Medicines policy out of date." in seen
        )
        assert "MAR charts had gaps for three people." in seen

        # And dispute that one question, attaching a PDF
        card.get_by_role("link", name=f"Comment on question {medicines.code}").click()
        provider.get_by_role("heading", name="Comment on a question").wait_for()
        assert medicines.text in provider.inner_text("main")
        provider.get_by_label("No, we dispute part of it").check()
        provider.get_by_label("Your comments").fill("Two of the three charts were complete: see the audit.")
        provider.get_by_label("Evidence files (optional)").set_input_files(
            {"name": "MAR chart audit.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        at_both_widths(provider, check_page, "provider-draft-comment")
        provider.get_by_role("button", name="Send your comments").click()

        # Then they see the success banner and the comment, with its file, against the question
        banner = provider.locator(".govuk-notification-banner--success")
        banner.wait_for()
        assert (
            f"Your comment on question {medicines.code} has been sent to the council" in banner.inner_text()
        )
        card = provider.locator(f"#question-{medicines.code}")
        assert "Two of the three charts were complete" in card.inner_text()
        assert card.get_by_role("link", name="MAR chart audit.pdf").is_visible()
        at_both_widths(provider, check_page, "provider-draft-commented")
    finally:
        context.close()
    visit.refresh_from_db()
    assert visit.status == VisitState.DISPUTED
    assert EvidenceFile.objects.get().original_name == "MAR chart audit.pdf"

    # When the QA officer opens the visit
    context, officer = signed_in(browser, live_server, draft["officer"])
    try:
        officer.goto(f"{live_server.url}/monitoring/visits/{visit.pk}/")
        officer.get_by_role("heading", name="Comments on factual accuracy").wait_for()
        comments = officer.locator(".govuk-inset-text", has_text="Two of the three charts were complete")
        assert f"on question {medicines.code}" in comments.inner_text()
        at_both_widths(officer, check_page, "officer-visit-with-evidence")

        # Then they download the PDF the provider attached
        with officer.expect_download() as download:
            comments.get_by_role("link", name="MAR chart audit.pdf").click()
        assert download.value.suggested_filename == "MAR chart audit.pdf"
        saved = tmp_path / "downloaded.pdf"
        download.value.save_as(saved)
        assert Path(saved).read_bytes() == PDF
    finally:
        context.close()
