"""What council QA staff and a provider's users see and do on the monitoring pages.

Pages are read as a person reads them (BeautifulSoup): a title ending "– carewatch", one h1, labelled
fields, CSRF-protected forms. Time is frozen on Monday 2 March 2026.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carewatch.monitoring import queries, services
from carewatch.monitoring.models import ActionPlan, Finding, PlanState, Visit, VisitState
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, h1, page

NOW = given.VISITED_AT + timedelta(hours=2)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# --- council QA staff ----------------------------------------------------------------------------


def test_an_officer_sees_the_councils_visits_and_can_record_one(world):
    draft = given.visit(world)
    soup = page(client_for(world.officer).get(reverse("monitoring:visit_list")))
    assert soup.title.text.strip() == "Visits – carewatch"
    link = soup.find("a", href=reverse("monitoring:visit_detail", kwargs={"visit_id": draft.pk}))
    assert link.text == "Oak House"
    assert soup.find("a", string="Record a visit")


def test_from_the_visit_page_an_officer_records_feedback_and_reaches_the_thematic_analysis(world):
    draft = given.visit(world)
    officer = client_for(world.officer)
    soup = page(officer.get(reverse("monitoring:visit_detail", kwargs={"visit_id": draft.pk})))
    link = soup.find("a", string="Record feedback from this visit")
    assert page(officer.get(link["href"])).h1 is not None
    visits = page(officer.get(reverse("monitoring:visit_list")))
    analysis = visits.find("a", string="Thematic analysis of your findings")
    assert "findings from" in page(officer.get(analysis["href"])).find("h2").text
    # Another council's officer sees neither the visit nor its feedback form.
    other = client_for(f.officer(f.council("E08000005"), name="Rita Rochdale"))
    assert other.get(link["href"]).status_code == 404


def test_recording_an_unannounced_responsive_visit_opens_its_draft(world):
    officer = client_for(world.officer)
    soup = page(officer.get(reverse("monitoring:visit_create")))
    assert h1(soup) == "Record a visit"
    assert soup.find("option", string=lambda s: s and s.startswith("Oak House"))
    response = officer.post(
        reverse("monitoring:visit_create"),
        {
            "location": world.home.pk,
            "visit_on_day": "2",
            "visit_on_month": "3",
            "visit_on_year": "2026",
            "kind": "responsive",
            "announced": "no",
        },
    )
    visit = Visit.objects.get(location=world.home)
    assert response["Location"] == reverse("monitoring:visit_detail", kwargs={"visit_id": visit.pk})
    assert (visit.kind, visit.announced, visit.status) == ("responsive", False, VisitState.DRAFT)
    soup = page(officer.get(response["Location"]))
    assert "Responsive, unannounced" in soup.text


def test_a_visit_carried_out_by_two_officers_names_both(world):
    officer = client_for(world.officer)
    soup = page(officer.get(reverse("monitoring:visit_create")))
    offered = {
        label.text.strip() for label in soup.select("#id_other_officers_0 ~ label, .govuk-checkboxes__label")
    }
    assert world.colleague.get_full_name() in offered and world.manager.get_full_name() in offered
    assert world.officer.get_full_name() not in offered  # the person recording is on the visit already
    response = officer.post(
        reverse("monitoring:visit_create"),
        {
            "location": world.home.pk,
            "visit_on_day": "2",
            "visit_on_month": "3",
            "visit_on_year": "2026",
            "kind": "planned",
            "announced": "yes",
            "other_officers": [str(world.colleague.pk)],
        },
    )
    visit = Visit.objects.get(location=world.home)
    assert set(visit.officers.all()) == {world.officer, world.colleague}
    summary = page(officer.get(response["Location"])).select_one(".govuk-summary-list").text
    assert world.officer.get_full_name() in summary and world.colleague.get_full_name() in summary
    # Someone from another council cannot be added by posting their id.
    stranger = f.officer(f.council("E08000005"), name="Rita Rochdale")
    refused = officer.post(
        reverse("monitoring:visit_create"),
        {
            "location": world.other_home.pk,
            "visit_on_day": "2",
            "visit_on_month": "3",
            "visit_on_year": "2026",
            "kind": "planned",
            "announced": "yes",
            "other_officers": [str(stranger.pk)],
        },
    )
    assert "Select a valid choice" in page(refused).select_one(".govuk-error-summary").text
    assert not Visit.objects.filter(location=world.other_home).exists()


def test_every_error_in_the_summary_links_to_a_field_on_the_page(world):
    soup = page(client_for(world.officer).post(reverse("monitoring:visit_create"), {}))
    links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert "#id_kind_0" in links and "#id_announced_0" in links  # radios: their first option
    for href in links:
        assert href != "#" and soup.find(id=href[1:]) is not None, href


def test_a_visit_in_the_future_is_refused_beside_its_date(world):
    response = client_for(world.officer).post(
        reverse("monitoring:visit_create"),
        {
            "location": world.home.pk,
            "visit_on_day": "2",
            "visit_on_month": "4",
            "visit_on_year": "2026",
            "kind": "planned",
            "announced": "yes",
        },
    )
    soup = page(response)
    assert soup.title.text.startswith("Error: ")
    assert "must be today or in the past" in soup.select_one(".govuk-error-summary").text


def test_the_answers_page_lists_the_questions_by_standard_and_saves_ratings(world):
    draft = given.visit(world)
    questions = queries.questions(draft.framework_version)
    officer = client_for(world.officer)
    url = reverse("monitoring:visit_answers", kwargs={"visit_id": draft.pk})
    soup = page(officer.get(url))
    assert h1(soup) == "Record the answers"
    assert soup.find("h2", string=lambda s: s and s.startswith("Standard 1:"))
    first = questions[0].code
    response = officer.post(url, {f"rating_{first}": "2", f"notes_{first}": "Two MAR charts had gaps"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.overall_rating == 2
    answer = queries.answers(draft)[0]
    assert (answer.rating, answer.observation) == (2, "Two MAR charts had gaps")


def test_adding_a_finding_offers_the_suggested_theme_first_and_the_officer_confirms_it(world):
    draft = given.visit(world)
    question = queries.questions(draft.framework_version)[0]
    officer = client_for(world.officer)
    soup = page(officer.get(reverse("monitoring:finding_add", kwargs={"visit_id": draft.pk})))
    assert h1(soup) == "Add a finding"
    response = officer.post(
        reverse("monitoring:finding_add", kwargs={"visit_id": draft.pk}),
        {
            "text": "Medicines were not signed for on the MAR charts of three people.",
            "severity": "high",
            "question": question.code,
        },
    )
    finding = Finding.objects.get(visit=draft)
    assert response["Location"] == reverse(
        "monitoring:finding_theme", kwargs={"visit_id": draft.pk, "finding_id": finding.pk}
    )
    soup = page(officer.get(response["Location"]))
    radios = soup.select("input[name=theme]")
    top, _probability = queries.suggest_themes_for(organisation=world.council, text=finding.text)[0]
    assert radios[0]["value"] == top.slug and radios[0].has_attr("checked")
    assert "suggested" in soup.find("label", attrs={"for": radios[0]["id"]}).text
    officer.post(response["Location"], {"theme": radios[1]["value"]})
    finding.refresh_from_db()
    assert finding.theme.slug == radios[1]["value"] and finding.theme_confirmed_at is not None


def test_sending_the_draft_shows_it_to_the_provider(world):
    draft = given.visit(world)
    given.answer_all(world, draft, "Requires improvement")
    given.finding(world, draft)
    officer = client_for(world.officer)
    url = reverse("monitoring:visit_send", kwargs={"visit_id": draft.pk})
    assert h1(page(officer.get(url))).endswith("Send the draft to the provider")
    officer.post(url)
    draft.refresh_from_db()
    assert draft.status == VisitState.SENT
    provider = client_for(world.acme_manager)
    assert page(provider.get(reverse("monitoring:report_detail", kwargs={"report_id": draft.pk})))


def test_another_councils_officer_gets_not_found(world):
    draft = given.visit(world)
    rochdale = f.officer(f.council("E08000005"), name="Rory Rochdale")
    stranger = client_for(rochdale)
    for name in ("visit_detail", "visit_answers", "finding_add", "visit_send", "visit_publish"):
        assert stranger.get(reverse(f"monitoring:{name}", kwargs={"visit_id": draft.pk})).status_code == 404
    listing = page(stranger.get(reverse("monitoring:visit_list")))
    assert "Oak House" not in listing.text


# --- a provider's users --------------------------------------------------------------------------


def test_a_provider_sees_only_its_own_reports_and_never_an_unsent_draft(world):
    acme_report = given.sent(world)
    beta_report = given.sent(world, location=world.other_home)
    unsent = given.visit(world)
    acme = client_for(world.acme_manager)
    soup = page(acme.get(reverse("monitoring:report_list")))
    assert h1(soup) == "Reports and action plans"
    links = {a["href"] for a in soup.select("table a")}
    assert reverse("monitoring:report_detail", kwargs={"report_id": acme_report.pk}) in links
    assert reverse("monitoring:report_detail", kwargs={"report_id": beta_report.pk}) not in links
    for other in (beta_report, unsent):
        assert (
            acme.get(reverse("monitoring:report_detail", kwargs={"report_id": other.pk})).status_code == 404
        )
    assert (
        acme.get(reverse("monitoring:visit_detail", kwargs={"visit_id": acme_report.pk})).status_code == 403
    )


def test_the_provider_disputes_the_draft_with_its_reasons(world):
    report = given.sent(world)
    acme = client_for(world.acme_manager)
    url = reverse("monitoring:report_comment", kwargs={"report_id": report.pk})
    assert h1(page(acme.get(url))).endswith("Comment on factual accuracy")
    soup = page(acme.post(url, {"response": "disputed", "text": ""}))
    assert "Say what is factually inaccurate" in soup.select_one(".govuk-error-summary").text
    acme.post(url, {"response": "disputed", "text": "Two of the MAR charts were complete."})
    report.refresh_from_db()
    assert report.status == VisitState.DISPUTED
    soup = page(acme.get(reverse("monitoring:report_detail", kwargs={"report_id": report.pk})))
    assert "Two of the MAR charts were complete." in soup.text


def test_the_provider_writes_and_submits_an_action_plan_and_the_officer_accepts_it(world):
    report = given.published(world, findings=1)
    plan = given.plan_for(report)
    finding = report.findings.get()
    acme = client_for(world.acme_manager)
    url = reverse("monitoring:report_plan", kwargs={"report_id": report.pk})
    assert h1(page(acme.get(url))).endswith("Your action plan")
    submit = reverse("monitoring:report_plan_submit", kwargs={"report_id": report.pk})
    soup = page(acme.post(submit))
    assert "Add at least one action for each finding" in soup.select_one(".govuk-error-summary").text
    acme.post(
        url,
        {
            "finding": finding.pk,
            "description": "Audit the MAR charts every week",
            "owner_name": "Registered manager",
            "due_on_day": "2",
            "due_on_month": "4",
            "due_on_year": "2026",
        },
    )
    acme.post(submit)
    plan.refresh_from_db()
    assert plan.status == PlanState.SUBMITTED
    officer = client_for(world.officer)
    plan_url = reverse("monitoring:plan_detail", kwargs={"visit_id": report.pk})
    soup = page(officer.get(plan_url))
    assert "Audit the MAR charts every week" in soup.text
    officer.post(plan_url)
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanState.ACCEPTED


def test_the_officer_sends_a_plan_back_with_reasons_the_provider_then_reads(world):
    report = given.published(world, findings=1)
    plan = given.write_plan(world, given.plan_for(report), now=NOW)
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=NOW)
    officer = client_for(world.officer)
    url = reverse("monitoring:plan_return", kwargs={"visit_id": report.pk})
    assert h1(page(officer.get(url))).endswith("Send the action plan back")
    officer.post(url, {"reasons": "Say how you will check the audits happen."})
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanState.RETURNED
    soup = page(
        client_for(world.acme_manager).get(reverse("monitoring:report_plan", kwargs={"report_id": report.pk}))
    )
    assert "Say how you will check the audits happen." in soup.text


def test_publishing_needs_a_public_summary(world):
    report = given.sent(world)
    services.add_provider_comment(
        visit=report, actor=world.acme_manager, response="accepted", text="", now=NOW
    )
    officer = client_for(world.officer)
    url = reverse("monitoring:visit_publish", kwargs={"visit_id": report.pk})
    soup = page(officer.post(url, {"public_summary": ""}))
    assert "Write the public summary" in soup.select_one(".govuk-error-summary").text
    officer.post(url, {"public_summary": "The home needs to improve how it records medicines."})
    report.refresh_from_db()
    assert report.status == VisitState.PUBLISHED
    assert ActionPlan.objects.filter(visit=report).exists()


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_pages_take_as_many_queries_for_many_visits_as_for_one(world):
    given.published(world, findings=1)
    officer, acme = client_for(world.officer), client_for(world.acme_manager)
    visits, reports = reverse("monitoring:visit_list"), reverse("monitoring:report_list")
    few = (query_count(officer, visits), query_count(acme, reports))
    for _ in range(3):
        given.sent(world, findings=1)
    assert (query_count(officer, visits), query_count(acme, reports)) == few


def test_the_navigation_offers_visits_to_officers_and_reports_to_providers(world):
    officer = page(client_for(world.officer).get(reverse("monitoring:visit_list")))
    provider = page(client_for(world.acme_manager).get(reverse("monitoring:report_list")))
    assert officer.find("a", string="Visits") and not officer.find("a", string="Reports and action plans")
    assert provider.find("a", string="Reports and action plans") and not provider.find("a", string="Visits")
