"""After every monitoring action the next page says what happened, in a GOV.UK success banner (issue 13,
"Success messages"), and the status beside a report says what it means now (item 11). Time is frozen on
Monday 2 March 2026, two hours after the visit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from carewatch.monitoring import queries, services
from carewatch.monitoring.models import PlanState, VisitState
from tests.monitoring import given
from tests.pages import client_for, page

NOW = given.VISITED_AT + timedelta(hours=2)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def banner(response) -> list[str]:
    """The success banners of the page a POST leads to (followed), as a person reads them."""
    soup = page(response)
    banners = soup.select(".govuk-notification-banner--success")
    for item in banners:
        assert item["role"] == "alert"
        assert item.select_one(".govuk-notification-banner__title").text == "Success"
    return [" ".join(item.select_one("p").text.split()) for item in banners]


def visit_url(name: str, visit) -> str:
    return reverse(f"monitoring:{name}", kwargs={"visit_id": visit.pk})


def report_url(name: str, visit) -> str:
    return reverse(f"monitoring:{name}", kwargs={"report_id": visit.pk})


def test_recording_a_visit_and_saving_answers_say_so(world):
    officer = client_for(world.officer)
    response = officer.post(
        reverse("monitoring:visit_create"),
        {
            "location": world.home.pk,
            "visit_on_day": "2",
            "visit_on_month": "3",
            "visit_on_year": "2026",
            "kind": "planned",
            "announced": "yes",
        },
        follow=True,
    )
    assert banner(response) == ["Visit recorded: record the answers and findings in its draft report"]
    draft = world.home.qa_visits.get()
    first = queries.questions(draft.framework_version)[0].code
    response = officer.post(
        visit_url("visit_answers", draft), {f"rating_{first}": "3", f"notes_{first}": "Seen"}, follow=True
    )
    assert banner(response) == ["Answers saved: the draft is rated Good"]
    # The banner is shown once: the next page has none.
    assert banner(officer.get(visit_url("visit_detail", draft))) == []


def test_adding_a_finding_and_confirming_its_theme_say_so(world):
    draft = given.visit(world)
    officer = client_for(world.officer)
    response = officer.post(
        visit_url("finding_add", draft),
        {
            "text": "Medicines were not signed for on the MAR charts of three people.",
            "severity": "high",
            "question": queries.questions(draft.framework_version)[0].code,
        },
        follow=True,
    )
    assert banner(response) == ["Finding added: confirm its theme"]
    theme = page(response).select("input[name=theme]")[0]["value"]
    response = officer.post(response.redirect_chain[-1][0], {"theme": theme}, follow=True)
    assert banner(response) == ["Theme of the finding confirmed"]


def test_sending_a_draft_says_when_comments_are_due(world):
    draft = given.visit(world)
    given.answer_all(world, draft, "Good")
    response = client_for(world.officer).post(visit_url("visit_send", draft), follow=True)
    draft.refresh_from_db()
    due = f"{draft.comments_due_on.day} {draft.comments_due_on:%B %Y}"
    assert banner(response) == [f"Draft sent to the provider: comments are due by {due}"]


def test_the_provider_sending_comments_is_told_they_were_sent(world):
    report = given.sent(world)
    acme = client_for(world.acme_manager)
    response = acme.post(
        report_url("report_comment", report), {"response": "accepted", "text": ""}, follow=True
    )
    assert banner(response) == ["Your comments have been sent to the council"]
    response = acme.post(
        report_url("report_comment", report),
        {"response": "disputed", "text": "Two of the MAR charts were complete."},
        follow=True,
    )
    assert banner(response) == [
        "Your comments have been sent: a senior officer at the council will review the dispute"
    ]


def test_reviewing_a_dispute_and_publishing_say_so(world):
    report = given.sent(world)
    services.add_provider_comment(
        visit=report, actor=world.acme_manager, response="disputed", text="Wrong.", now=NOW
    )
    manager = client_for(world.manager)
    response = manager.post(
        visit_url("visit_review", report),
        {"outcome": "upheld", "reasons": "The evidence stands."},
        follow=True,
    )
    assert banner(response) == ["Dispute reviewed: the report can now be published"]
    response = client_for(world.officer).post(
        visit_url("visit_publish", report), {"public_summary": "The home must improve."}, follow=True
    )
    assert banner(response) == ["Report published"]


def test_adding_an_action_submitting_and_accepting_a_plan_say_so(world):
    report = given.published(world, findings=1)
    acme = client_for(world.acme_manager)
    response = acme.post(
        report_url("report_plan", report),
        {
            "finding": report.findings.get().pk,
            "description": "Audit the MAR charts every week",
            "owner_name": "Registered manager",
            "due_on_day": "2",
            "due_on_month": "4",
            "due_on_year": "2026",
        },
        follow=True,
    )
    assert banner(response) == ["Action added to your plan"]
    response = acme.post(report_url("report_plan_submit", report), follow=True)
    assert banner(response) == [
        "Action plan submitted: the council will accept it or send it back with reasons"
    ]
    response = client_for(world.officer).post(visit_url("plan_detail", report), follow=True)
    assert given.plan_for(report).status == PlanState.ACCEPTED
    follow_up = given.plan_for(report).follow_up_visit
    assert banner(response) == [
        f"Action plan accepted: a follow-up visit is scheduled for {follow_up.visit_on.day} "
        f"{follow_up.visit_on:%B %Y}"
    ]


def test_sending_a_plan_back_says_so(world):
    report = given.published(world, findings=1)
    plan = given.write_plan(world, given.plan_for(report), now=NOW)
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=NOW)
    response = client_for(world.officer).post(
        visit_url("plan_return", report), {"reasons": "Say how you will check."}, follow=True
    )
    assert banner(response) == ["Action plan sent back to the provider with your reasons"]


# --- what the status says (item 11) --------------------------------------------------------------


def status_of(soup) -> str:
    row = next(
        r for r in soup.select(".govuk-summary-list__row") if r.select_one("dt").text.strip() == "Status"
    )
    return " ".join(row.select_one("dd").text.split())


def test_after_a_dispute_is_reviewed_the_status_no_longer_says_comments_are_due(world):
    report = given.sent(world)
    services.add_provider_comment(
        visit=report, actor=world.acme_manager, response="disputed", text="Wrong.", now=NOW
    )
    services.review_dispute(
        visit=report,
        actor=world.manager,
        outcome="upheld",
        reasons="The evidence stands.",
        changes={},
        now=NOW,
    )
    report.refresh_from_db()
    assert report.status == VisitState.REVIEWED
    officer_view = status_of(page(client_for(world.officer).get(visit_url("visit_detail", report))))
    provider_view = status_of(page(client_for(world.acme_manager).get(report_url("report_detail", report))))
    assert "Comments due" not in officer_view and "Comments due" not in provider_view
    assert officer_view == "Dispute reviewed The dispute has been reviewed: the report can be published"
    assert (
        provider_view == "Dispute reviewed The dispute has been reviewed: the council will publish the report"
    )


def test_while_the_provider_may_comment_the_status_says_until_when(world):
    report = given.sent(world)
    due = f"{report.comments_due_on.day} {report.comments_due_on:%B %Y}"
    soup = page(client_for(world.officer).get(visit_url("visit_detail", report)))
    assert status_of(soup) == f"Sent to provider for factual accuracy Comments due by {due}"


# --- GOV.UK error messages (item 11) -------------------------------------------------------------


def test_an_over_long_answer_is_a_govuk_error_naming_the_field(world):
    report = given.published(world, findings=1)
    soup = page(
        client_for(world.acme_manager).post(
            report_url("report_plan", report),
            {
                "finding": report.findings.get().pk,
                "description": "Audit the MAR charts every week",
                "owner_name": "R" * 201,
                "due_on_day": "2",
                "due_on_month": "4",
                "due_on_year": "2026",
            },
        )
    )
    messages = [" ".join(li.text.split()) for li in soup.select(".govuk-error-summary li")]
    assert messages == ["Who is responsible must be 200 characters or fewer"]
    assert "Ensure this value" not in soup.get_text()


def test_no_monitoring_form_falls_back_to_djangos_length_message():
    """Every field with a maximum length says, in GOV.UK style, which field and how long it may be."""
    import inspect

    from django import forms as django_forms

    from carewatch.monitoring.forms import analysis, feedback, frameworks, plans, reports, setup, visits

    checked = []
    for module in (analysis, feedback, frameworks, plans, reports, setup, visits):
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, django_forms.BaseForm):
                continue
            for field_name, field in form.base_fields.items():
                if getattr(field, "max_length", None):
                    message = field.error_messages.get("max_length", "Django's default")
                    assert message.replace(",", "").endswith(
                        f"must be {field.max_length} characters or fewer"
                    ), f"{name}.{field_name}: {message}"
                    checked.append(f"{name}.{field_name}")
    assert "ActionForm.owner_name" in checked
