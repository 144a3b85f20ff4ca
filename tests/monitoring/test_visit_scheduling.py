"""Scheduling a visit and what an officer does with a scheduled one (issue 13, item 3): schedule it from the
visit list (or from "Record a visit"), start it, reschedule or cancel it with a reason, each audited and
each followed by a success banner. Time is frozen on Friday 13 March 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from carewatch.core.models import AuditEntry
from carewatch.monitoring import errors, figures, queries, services
from carewatch.monitoring.models import Visit, VisitState
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, page

NOW = given.VISITED_AT + timedelta(days=11)  # Friday 13 March 2026


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def banner(soup) -> list[str]:
    return [" ".join(item.text.split()) for item in soup.select(".govuk-notification-banner--success p")]


def errors_of(soup) -> list[str]:
    return [" ".join(item.text.split()) for item in soup.select(".govuk-error-summary li")]


def scheduled(world, visit_on=date(2026, 3, 10)) -> Visit:
    return services.schedule_visit(
        organisation=world.council,
        actor=world.officer,
        location=world.home,
        visit_on=visit_on,
        officers=[world.officer],
        now=given.VISITED_AT,
    )


def detail(visit) -> str:
    return reverse("monitoring:visit_detail", kwargs={"visit_id": visit.pk})


def url(name: str, visit) -> str:
    return reverse(f"monitoring:{name}", kwargs={"visit_id": visit.pk})


def test_the_visit_list_and_the_record_page_lead_to_scheduling_a_visit(world):
    officer = client_for(world.officer)
    visits = page(officer.get(reverse("monitoring:visit_list")))
    schedule = visits.find("a", string="Schedule a visit")
    record = page(officer.get(reverse("monitoring:visit_create")))
    assert record.find("a", string="schedule a visit")["href"] == schedule["href"]
    # A future date on "Record a visit" says to schedule it, and the page offers the link.
    refused = page(
        officer.post(
            reverse("monitoring:visit_create"),
            {
                "location": world.home.pk,
                "visit_on_day": "20",
                "visit_on_month": "3",
                "visit_on_year": "2026",
                "kind": "planned",
                "announced": "yes",
            },
        )
    )
    assert errors_of(refused) == [
        "The visit date must be today or in the past: schedule a future visit instead"
    ]
    assert refused.find("a", string="schedule a visit")["href"] == schedule["href"]
    assert page(officer.get(schedule["href"])).h1.text == "Schedule a visit"


def test_an_officer_schedules_an_unannounced_visit_for_a_colleague_and_sees_it_confirmed(world):
    officer = client_for(world.officer)
    response = officer.post(
        reverse("monitoring:visit_schedule"),
        {
            "location": world.home.pk,
            "visit_on_day": "27",
            "visit_on_month": "4",
            "visit_on_year": "2026",
            "officers": [str(world.officer.pk), str(world.colleague.pk)],
            "kind": "responsive",
            "announced": "no",
        },
        follow=True,
    )
    visit = Visit.objects.get(status=VisitState.SCHEDULED)
    assert (visit.visit_on, visit.kind, visit.announced) == (date(2026, 4, 27), "responsive", False)
    assert set(visit.officers.all()) == {world.officer, world.colleague}
    soup = page(response)
    assert banner(soup) == ["Visit to Oak House scheduled for 27 April 2026"]
    assert "Responsive, unannounced" in soup.get_text()
    assert AuditEntry.objects.filter(action="monitoring.visit_scheduled", object_id=str(visit.pk)).exists()


def test_scheduling_needs_a_date_from_today_and_an_officer(world):
    soup = page(
        client_for(world.officer).post(
            reverse("monitoring:visit_schedule"),
            {
                "location": world.home.pk,
                "visit_on_day": "12",
                "visit_on_month": "3",
                "visit_on_year": "2026",
                "kind": "planned",
                "announced": "yes",
            },
        )
    )
    assert errors_of(soup) == ["Choose at least one officer who will carry out the visit"]
    soup = page(
        client_for(world.officer).post(
            reverse("monitoring:visit_schedule"),
            {
                "location": world.home.pk,
                "visit_on_day": "12",
                "visit_on_month": "3",
                "visit_on_year": "2026",
                "officers": [str(world.officer.pk)],
                "kind": "planned",
                "announced": "yes",
            },
        )
    )
    assert errors_of(soup) == [
        "The visit date must be today or in the future: record a visit that has happened instead"
    ]
    assert not Visit.objects.exists()


def test_a_scheduled_visit_past_its_date_can_be_started_rescheduled_or_cancelled(world):
    visit = scheduled(world)
    soup = page(client_for(world.officer).get(detail(visit)))
    assert "Overdue: planned for 10 March 2026" in soup.get_text()
    actions = {a.text: a["href"] for a in soup.select(".govuk-button-group a")}
    assert actions == {
        "Start the visit": url("visit_start", visit),
        "Reschedule": url("visit_reschedule", visit),
        "Cancel the visit": url("visit_cancel", visit),
    }
    for href in actions.values():
        assert page(client_for(world.officer).get(href)).h1 is not None


def test_starting_a_scheduled_visit_makes_it_a_draft_on_the_day_given(world):
    visit = scheduled(world)
    response = client_for(world.officer).post(
        url("visit_start", visit),
        {"visit_on_day": "13", "visit_on_month": "3", "visit_on_year": "2026"},
        follow=True,
    )
    visit.refresh_from_db()
    assert (visit.status, visit.visit_on) == (VisitState.DRAFT, date(2026, 3, 13))
    soup = page(response)
    assert banner(soup) == ["Visit started: record the answers and findings in its draft report"]
    assert soup.find("a", string="Record the answers")
    assert AuditEntry.objects.filter(action="monitoring.visit_started", object_id=str(visit.pk)).exists()


def test_a_visit_cannot_be_started_on_a_future_day(world):
    visit = scheduled(world)
    soup = page(
        client_for(world.officer).post(
            url("visit_start", visit), {"visit_on_day": "14", "visit_on_month": "3", "visit_on_year": "2026"}
        )
    )
    assert errors_of(soup) == ["The visit date must be today or in the past"]
    visit.refresh_from_db()
    assert visit.status == VisitState.SCHEDULED


def test_rescheduling_moves_the_date_keeps_the_reason_and_says_so(world):
    visit = scheduled(world)
    response = client_for(world.officer).post(
        url("visit_reschedule", visit),
        {
            "visit_on_day": "20",
            "visit_on_month": "3",
            "visit_on_year": "2026",
            "reason": "The registered manager is on leave that week.",
        },
        follow=True,
    )
    visit.refresh_from_db()
    assert (visit.status, visit.visit_on) == (VisitState.SCHEDULED, date(2026, 3, 20))
    soup = page(response)
    assert banner(soup) == ["Visit rescheduled from 10 March 2026 to 20 March 2026"]
    assert "Rescheduled to 20 March 2026" in soup.get_text()
    assert "The registered manager is on leave that week." in soup.get_text()
    entry = AuditEntry.objects.get(action="monitoring.visit_rescheduled", object_id=str(visit.pk))
    assert entry.before["visit_on"] == "2026-03-10"
    assert entry.after["visit_on"] == "2026-03-20"
    assert entry.after["reason"] == "The registered manager is on leave that week."
    assert [s.status for s in queries.visit_history(visit)] == ["scheduled", "scheduled"]


def test_rescheduling_needs_a_reason_and_a_date_from_today(world):
    visit = scheduled(world)
    soup = page(
        client_for(world.officer).post(
            url("visit_reschedule", visit),
            {"visit_on_day": "1", "visit_on_month": "3", "visit_on_year": "2026"},
        )
    )
    assert errors_of(soup) == ["Give the reason for rescheduling the visit"]
    soup = page(
        client_for(world.officer).post(
            url("visit_reschedule", visit),
            {"visit_on_day": "1", "visit_on_month": "3", "visit_on_year": "2026", "reason": "Snow"},
        )
    )
    assert errors_of(soup) == ["The new date must be today or in the future"]
    visit.refresh_from_db()
    assert visit.visit_on == date(2026, 3, 10)


def test_cancelling_keeps_the_visit_marked_cancelled_with_the_reason(world):
    visit = scheduled(world)
    response = client_for(world.officer).post(
        url("visit_cancel", visit), {"reason": "The home has closed."}, follow=True
    )
    visit.refresh_from_db()
    assert visit.status == VisitState.CANCELLED
    soup = page(response)
    assert banner(soup) == ["Visit to Oak House cancelled"]
    assert "The home has closed." in soup.get_text()
    assert not soup.select(".govuk-button-group a")  # nothing more to do with it
    entry = AuditEntry.objects.get(action="monitoring.visit_cancelled", object_id=str(visit.pk))
    assert entry.after["reason"] == "The home has closed."
    # A cancelled visit cannot be started, and the pages go back to the visit.
    with pytest.raises(errors.WrongState):
        services.start_visit(visit=visit, actor=world.officer, now=NOW)
    assert client_for(world.officer).get(url("visit_start", visit))["Location"] == detail(visit)


def test_cancelling_needs_a_reason(world):
    visit = scheduled(world)
    soup = page(client_for(world.officer).post(url("visit_cancel", visit), {"reason": "  "}))
    assert errors_of(soup) == ["Give the reason for cancelling the visit"]
    visit.refresh_from_db()
    assert visit.status == VisitState.SCHEDULED


def test_a_cancelled_visit_counts_as_no_visit(world):
    services.cancel_visit(visit=scheduled(world), actor=world.officer, reason="Closed", now=NOW)
    counts = figures.visit_counts(
        organisations=[world.council], since=date(2026, 1, 1), until=date(2026, 12, 31)
    )
    assert counts["visits"] == 0


def test_only_the_councils_officers_act_on_a_scheduled_visit(world):
    visit = scheduled(world)
    rochdale = client_for(f.officer(f.council("E08000005"), name="Rita Rochdale"))
    for name in ("visit_start", "visit_reschedule", "visit_cancel"):
        assert rochdale.post(url(name, visit), {"reason": "No"}).status_code == 404
        assert client_for(world.acme_manager).post(url(name, visit), {"reason": "No"}).status_code == 403
    visit.refresh_from_db()
    assert (visit.status, visit.visit_on) == (VisitState.SCHEDULED, date(2026, 3, 10))
