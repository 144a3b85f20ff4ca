"""The provider's draft report (issue 13): the answers and evidence behind each rating, factual-accuracy
comments on one question from its place in the report, and no comment forms for provider staff or once
the window has closed. Time is frozen three days after the visit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from carewatch.core.roles import Role
from carewatch.monitoring import queries
from carewatch.monitoring.models import ProviderComment, VisitState
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, page, text

NOW = given.VISITED_AT + timedelta(days=3)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def report_url(report) -> str:
    return reverse("monitoring:report_detail", kwargs={"report_id": report.pk})


def a_report(world):
    """A sent draft with every question rated Requires improvement, its notes, and a finding on the first
    medicines question (standard 8)."""
    draft = given.visit(world)
    given.answer_all(world, draft, "Requires improvement")
    medicines = next(q for q in queries.questions(draft.framework_version) if q.standard == 8)
    given.finding(world, draft, "MAR charts had gaps for three people.", question=medicines)
    from carewatch.monitoring import services

    return services.send_draft_to_provider(visit=draft, actor=world.officer, now=given.VISITED_AT), medicines


def test_the_provider_reads_the_answer_notes_and_findings_under_each_standard(world):
    report, medicines = a_report(world)
    soup = page(client_for(world.acme_manager).get(report_url(report)))
    section = soup.find("h2", id="standard-8")
    assert section and "Management of medicines" in section.text
    card = soup.find(id=f"question-{medicines.code}")
    assert card is not None, "the question is not on the provider's page"
    seen = text(card)
    assert medicines.text in seen
    assert "Answer Requires improvement" in seen
    assert f"Observed Observed for {medicines.code}" in seen
    assert "MAR charts had gaps for three people." in seen
    # Every answered question is there, each under its own standard.
    assert len(soup.select(".govuk-summary-card[id^=question-]")) == len(queries.answers(report))


def test_the_page_keeps_the_councils_internal_workings_out(world):
    report, _ = a_report(world)
    seen = text(page(client_for(world.acme_manager).get(report_url(report))))
    assert "likely" not in seen  # the theme model's suggestions and confidence are the council's own
    assert "Record feedback" not in seen


def test_a_manager_disputes_one_question_from_its_place_and_sees_the_comment_against_it(world):
    report, medicines = a_report(world)
    manager = client_for(world.acme_manager)
    card = page(manager.get(report_url(report))).find(id=f"question-{medicines.code}")
    link = card.find("a", href=lambda h: h and "?question=" in h)
    assert link is not None and link.get_text(" ", strip=True) == f"Comment on question {medicines.code}"
    assert link is not None, "no way to comment on the question where it is"
    form_page = page(manager.get(link["href"]))
    assert medicines.text in text(form_page)
    response = manager.post(
        link["href"].split("?")[0],
        {
            "response": "disputed",
            "text": "Two of the three charts were complete.",
            "question": medicines.code,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == report_url(report) + f"#question-{medicines.code}"
    comment = ProviderComment.objects.get(visit=report)
    assert (comment.question, comment.response) == (medicines, "disputed")
    soup = page(manager.get(response["Location"]))
    card = soup.find(id=f"question-{medicines.code}")
    assert "Two of the three charts were complete." in text(card)
    assert soup.select_one(".govuk-notification-banner--success")
    report.refresh_from_db()
    assert report.status == VisitState.DISPUTED
    # The council reads it against its question on the visit page.
    officer_page = page(
        client_for(world.officer).get(reverse("monitoring:visit_detail", kwargs={"visit_id": report.pk}))
    )
    assert f"on question {medicines.code}: {medicines.text}" in text(officer_page)


def test_an_unknown_question_is_not_found(world):
    report, _ = a_report(world)
    url = reverse("monitoring:report_comment", kwargs={"report_id": report.pk}) + "?question=NOPE"
    assert client_for(world.acme_manager).get(url).status_code == 404


def test_provider_staff_read_the_report_without_comment_forms(world):
    report, medicines = a_report(world)
    staff = f.provider_user(world.acme, role=Role.PROVIDER_STAFF, name="Sid Staff")
    soup = page(client_for(staff).get(report_url(report)))
    assert soup.find(id=f"question-{medicines.code}")  # they read it all
    assert not soup.find("a", string=lambda s: s and s.strip().startswith("Comment"))
    assert not soup.find("a", href=lambda h: h and "/comment/" in h)


def test_once_the_window_has_closed_no_form_is_offered_and_a_comment_is_refused_in_words(world):
    report, medicines = a_report(world)
    later = given.VISITED_AT + timedelta(days=15)
    with time_machine.travel(later, tick=False):
        manager = client_for(world.acme_manager)
        soup = page(manager.get(report_url(report)))
        assert not soup.find("a", href=lambda h: h and "/comment/" in h)
        response = manager.post(
            reverse("monitoring:report_comment", kwargs={"report_id": report.pk}),
            {"response": "disputed", "text": "Too late?", "question": medicines.code},
        )
        summary = page(response).select_one(".govuk-error-summary")
        assert "The time for factual-accuracy comments ended on 16 March 2026" in text(summary)
    assert not ProviderComment.objects.filter(visit=report).exists()
