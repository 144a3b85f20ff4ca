"""Monitoring work on the task list (issue 13, item 4): an officer's scheduled visits past their date, and a
provider's dispute on the manager's list, each with a link to act. Time is frozen on Friday 13 March 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from carewatch.cases import tasks
from carewatch.monitoring import services
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, page

NOW = given.VISITED_AT + timedelta(days=11)  # Friday 13 March 2026


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def schedule(world, visit_on: date, *, officers=None, location=None):
    return services.schedule_visit(
        organisation=world.council,
        actor=world.officer,
        location=location or world.home,
        visit_on=visit_on,
        officers=officers or [world.officer],
        now=given.VISITED_AT,
    )


def rows(soup, table_id: str) -> list[str]:
    table = soup.select_one(f"#{table_id}")
    return [" ".join(row.text.split()) for row in table.select("tbody tr")] if table else []


def test_an_officers_scheduled_visits_past_their_date_are_overdue_tasks_with_a_link_to_the_visit(world):
    late = schedule(world, date(2026, 3, 10))
    today = schedule(world, date(2026, 3, 13), location=world.other_home)
    schedule(world, date(2026, 3, 11), officers=[world.colleague])  # someone else's visit
    schedule(world, date(2026, 6, 1))  # beyond the next 14 days

    soup = page(client_for(world.officer).get(reverse("cases:task_list")))

    assert not soup.select_one("#no-tasks")
    assert rows(soup, "overdue-tasks") == [
        "Carry out the visit Visit to Oak House 10 March 2026 Overdue Start, reschedule or cancel – Carry out the visit"
    ]
    assert rows(soup, "tasks-due-today")[0].startswith("Carry out the visit Visit to Birch Lodge")
    links = {a["href"] for a in soup.select("#overdue-tasks a, #tasks-due-today a")}
    visit_page = reverse("monitoring:visit_detail", kwargs={"visit_id": late.pk})
    assert visit_page in links
    assert reverse("monitoring:visit_detail", kwargs={"visit_id": today.pk}) in links
    # The link leads to a page where the visit can be started, rescheduled or cancelled.
    visit = page(client_for(world.officer).get(visit_page))
    assert {a.text for a in visit.select(".govuk-button")} >= {
        "Start the visit",
        "Reschedule",
        "Cancel the visit",
    }


def test_a_started_or_cancelled_visit_leaves_the_task_list(world):
    started, cancelled = schedule(world, date(2026, 3, 10)), schedule(world, date(2026, 3, 11))
    services.start_visit(visit=started, actor=world.officer, now=NOW)
    services.cancel_visit(visit=cancelled, actor=world.officer, reason="The home closed", now=NOW)
    soup = page(client_for(world.officer).get(reverse("cases:task_list")))
    assert soup.select_one("#no-tasks").text == "Nothing is due."


def test_a_providers_dispute_reaches_the_managers_tasks_with_a_link_to_review_it(world):
    draft = given.sent(world)
    services.add_provider_comment(
        visit=draft,
        actor=world.acme_manager,
        response="disputed",
        text="The medicines audit was done the day before the visit.",
        now=given.VISITED_AT + timedelta(days=2),
    )
    soup = page(client_for(world.manager).get(reverse("cases:task_list")))
    overdue = rows(soup, "overdue-tasks")
    assert overdue == [
        "Review the provider’s dispute of the draft report Visit to Oak House 4 March 2026 Overdue "
        "Review it – Review the provider’s dispute of the draft report"
    ]
    review = next(a for a in soup.select("#overdue-tasks a") if a.text.startswith("Review it"))
    assert review["href"] == reverse("monitoring:visit_review", kwargs={"visit_id": draft.pk})
    assert page(client_for(world.manager).get(review["href"])).h1.text == "Review the dispute"
    # The officer who carried out the visit is not asked to review it.
    assert not rows(page(client_for(world.officer).get(reverse("cases:task_list"))), "overdue-tasks")


def test_once_the_dispute_is_reviewed_it_leaves_the_managers_tasks(world):
    draft = given.sent(world)
    services.add_provider_comment(
        visit=draft, actor=world.acme_manager, response="disputed", text="Wrong.", now=given.VISITED_AT
    )
    services.review_dispute(
        visit=draft,
        actor=world.manager,
        outcome="upheld",
        reasons="The evidence stands.",
        changes={},
        now=NOW,
    )
    soup = page(client_for(world.manager).get(reverse("cases:task_list")))
    assert soup.select_one("#no-tasks")


def test_another_councils_manager_does_not_see_the_dispute(world):
    draft = given.sent(world)
    services.add_provider_comment(
        visit=draft, actor=world.acme_manager, response="disputed", text="Wrong.", now=given.VISITED_AT
    )
    rochdale = f.manager(f.council("E08000005"), name="Rory Rochdale")
    assert page(client_for(rochdale).get(reverse("cases:task_list"))).select_one("#no-tasks")


def test_the_daily_digest_carries_the_overdue_visit_with_its_link(world):
    world.officer.email = "olive@oldham.example"
    world.officer.save(update_fields=["email"])
    late = schedule(world, date(2026, 3, 10))
    message = tasks.digest_message(world.officer, today=NOW.date(), base_url="https://carewatch.example")
    assert message is not None and "1 overdue" in message.subject
    assert "Carry out the visit (Visit to Oak House): was due 10 March 2026" in message.body
    assert f"https://carewatch.example/monitoring/visits/{late.pk}/" in message.body
