"""The senior officer's review of a disputed draft, from the visit page: who is offered it, what they see,
upholding or amending answers, and everyone the service refuses. Time is frozen on 2 March 2026."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from carewatch.monitoring import services
from carewatch.monitoring.models import Answer, DisputeReview, Visit, VisitState
from carewatch.ratings.local_qa import QaRating
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, page, text

NOW = given.VISITED_AT + timedelta(hours=4)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def error_summary(soup) -> list[str]:
    summary = soup.select_one(".govuk-error-summary")
    return [" ".join(item.text.split()) for item in summary.select("li")] if summary else []


def disputed(world, *, officers=None, question: str | None = "first") -> Visit:
    """A draft rated Good throughout, sent to Acme and disputed (on its first question, or on the whole report)."""
    draft = given.visit(world, officers=officers)
    given.answer_all(world, draft, "Good")
    given.finding(world, draft)
    services.send_draft_to_provider(visit=draft, actor=world.officer, now=given.VISITED_AT)
    code = draft.answers.order_by("question__position").first().question.code if question == "first" else None
    services.add_provider_comment(
        visit=draft,
        actor=world.acme_manager,
        response="disputed",
        text="The medicines audit was done the day before the visit.",
        question=code,
        now=given.VISITED_AT + timedelta(hours=1),
    )
    draft.refresh_from_db()
    assert draft.status == VisitState.DISPUTED
    return draft


def visit_url(visit) -> str:
    return reverse("monitoring:visit_detail", kwargs={"visit_id": visit.pk})


def review_url(visit) -> str:
    return reverse("monitoring:visit_review", kwargs={"visit_id": visit.pk})


def first_code(visit) -> str:
    return visit.answers.order_by("question__position").first().question.code


def test_a_manager_who_did_not_visit_is_offered_the_review_and_sees_what_is_disputed(world):
    visit = disputed(world)
    soup = page(client_for(world.manager).get(visit_url(visit)))
    link = soup.find("a", string="Review the dispute")
    assert link["href"] == review_url(visit)

    review = page(client_for(world.manager).get(review_url(visit)))
    assert review.h1.text == "Review the dispute"
    assert "The medicines audit was done the day before the visit." in text(review)
    assert f"On {first_code(visit)}" in text(review)
    code = first_code(visit)
    assert [i["value"] for i in review.select("input[name=outcome]")] == ["upheld", "amended"]
    checked = review.select_one(f"input[name=rating_{code}][checked]")
    assert checked["value"] == str(int(QaRating.GOOD))
    assert len({i["name"] for i in review.select("input[name^=rating_]")}) == 1  # only the disputed answer
    assert "Currently: Good" in text(review)


def test_the_visiting_officer_and_a_visiting_manager_are_not_offered_the_review(world):
    visit = disputed(world, officers=[world.officer, world.manager])
    for user in (world.officer, world.manager):
        soup = page(client_for(user).get(visit_url(visit)))
        assert not soup.find("a", string="Review the dispute")


def test_amending_an_answer_re_rates_the_report_and_the_visit_shows_it_reviewed(world):
    visit = disputed(world)
    code = first_code(visit)
    response = client_for(world.manager).post(
        review_url(visit),
        {
            "outcome": "amended",
            "reasons": "The audit log shows it was done.",
            f"rating_{code}": str(int(QaRating.EXCELLENT)),
        },
    )
    assert response.status_code == 302 and response["Location"] == visit_url(visit)
    visit.refresh_from_db()
    assert visit.status == VisitState.REVIEWED
    review = DisputeReview.objects.get(visit=visit)
    assert (review.outcome, review.reviewer, review.changes[code]) == (
        "amended",
        world.manager,
        {"from": int(QaRating.GOOD), "to": int(QaRating.EXCELLENT)},
    )
    assert Answer.objects.get(visit=visit, question__code=code).rating == QaRating.EXCELLENT

    soup = page(client_for(world.officer).get(visit_url(visit)))
    assert "Dispute reviewed" in text(soup)
    assert f"Draft amended by {world.manager.get_full_name()}" in text(soup)
    assert f"Answers changed: {code}" in text(soup)
    assert soup.find("a", string="Publish the report")
    assert not soup.find("a", string="Review the dispute")


def test_upholding_the_report_keeps_every_answer(world):
    visit = disputed(world, question=None)
    review_page = page(client_for(world.manager).get(review_url(visit)))
    assert "The provider disputes the whole report" in text(review_page)
    assert len({i["name"] for i in review_page.select("input[name^=rating_]")}) == 46
    client_for(world.manager).post(
        review_url(visit), {"outcome": "upheld", "reasons": "The evidence supports the draft."}
    )
    review = DisputeReview.objects.get(visit=visit)
    assert (review.outcome, review.changes) == ("upheld", {})
    assert set(Answer.objects.filter(visit=visit).values_list("rating", flat=True)) == {QaRating.GOOD}


def test_amending_without_changing_an_answer_or_without_reasons_is_refused(world):
    visit = disputed(world)
    manager = client_for(world.manager)
    soup = page(manager.post(review_url(visit), {"outcome": "amended", "reasons": "Changed."}))
    assert error_summary(soup) == ["Say which answers change"]
    soup = page(manager.post(review_url(visit), {}))
    assert error_summary(soup) == [
        "Choose whether to uphold the report or amend answers",
        "Give the reasons for your decision",
    ]
    assert not DisputeReview.objects.filter(visit=visit).exists()


def test_a_manager_who_carried_out_the_visit_is_refused_by_the_service_with_its_message(world):
    visit = disputed(world, officers=[world.officer, world.manager])
    soup = page(
        client_for(world.manager).post(review_url(visit), {"outcome": "upheld", "reasons": "I stand by it."})
    )
    assert error_summary(soup) == ["A senior officer who did not carry out the visit must review the dispute"]
    visit.refresh_from_db()
    assert visit.status == VisitState.DISPUTED
    assert not DisputeReview.objects.filter(visit=visit).exists()


def test_a_qa_officer_a_provider_and_anonymous_visitors_cannot_review(world):
    visit = disputed(world)
    data = {"outcome": "upheld", "reasons": "Fine."}
    assert client_for(world.colleague).post(review_url(visit), data).status_code == 403
    assert client_for(world.acme_manager).post(review_url(visit), data).status_code == 403
    anonymous = Client().post(review_url(visit), data)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    assert not DisputeReview.objects.filter(visit=visit).exists()


def test_another_councils_manager_does_not_find_the_visit(world):
    visit = disputed(world)
    rochdale = client_for(f.manager(f.council("E08000005"), name="Rory Rochdale"))
    assert rochdale.get(review_url(visit)).status_code == 404
    assert rochdale.post(review_url(visit), {"outcome": "upheld", "reasons": "Fine."}).status_code == 404
    assert not DisputeReview.objects.filter(visit=visit).exists()


def test_a_visit_that_is_not_disputed_goes_back_to_the_visit_page(world):
    report = given.sent(world)
    response = client_for(world.manager).get(review_url(report))
    assert response.status_code == 302 and response["Location"] == visit_url(report)
