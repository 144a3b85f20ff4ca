"""The task list: what an officer and a manager see is due, overdue first. Time is frozen on Monday 2 March 2026."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carewatch.cases import services
from carewatch.cases.ladder import ProposalKind
from tests.cases import factories as f
from tests.cases import given
from tests.cases.pages import client_for, page, text

NOW = given.OPENED_AT

pytestmark = pytest.mark.usefixtures("frozen")


# --- the task list --------------------------------------------------------------------------------------


def test_the_officer_sees_their_tasks_and_the_manager_the_councils_overdue_first(world, frozen):
    case = given.open_case(world, level="2")
    colleague = f.officer(world.council, name="Colin Colleague")
    services.add_action(
        actor=world.officer,
        case=case,
        kind="referral_to_cqc",
        owner=world.officer,
        due_on=date(2026, 3, 6),
        title="Refer to the CQC",
        now=NOW,
    )
    services.add_action(
        actor=world.officer,
        case=case,
        kind="improvement_director",
        owner=colleague,
        due_on=date(2026, 3, 4),
        title="Ask for a director",
        now=NOW,
    )
    frozen.move_to(f.at(2026, 3, 6, 9))
    officer, manager = client_for(world.officer), client_for(world.manager)  # signed in that day
    soup = page(officer.get(reverse("cases:task_list")))
    assert text(soup, "h1") == "Your tasks"
    assert "Refer to the CQC" in text(soup, "#tasks-due-today")
    assert "Ask for a director" not in soup.get_text()

    soup = page(manager.get(reverse("cases:task_list")))
    tables = [table["id"] for table in soup.select("table")]
    assert tables == ["overdue-tasks", "tasks-due-today"]
    assert "Ask for a director" in text(soup, "#overdue-tasks")


def test_navigation_offers_cases_and_tasks_to_council_staff(world, officer):
    soup = page(officer.get(reverse("cases:case_list")))
    links = [a.text.strip() for a in soup.select(".govuk-service-navigation__link")]
    assert "Cases" in links and "Tasks" in links and "Ladder" not in links


def test_the_task_list_takes_the_same_number_of_queries_for_many_tasks(world, manager):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(manager.get(reverse("cases:task_list")))
        return len(queries)

    case = given.open_case(world, level="2")
    services.add_action(
        actor=world.officer,
        case=case,
        kind="referral_to_cqc",
        owner=world.officer,
        due_on=NOW.date(),
        now=NOW,
    )
    services.propose_change(  # one of each kind of task, so what is prefetched is counted once
        actor=world.officer, case=case, kind=ProposalKind.ESCALATE, level="3", reason="x", now=NOW
    )
    few = count()
    for number in range(4):
        other = given.open_case(
            world, level="3", locations=[f.location(world.council, name=f"Home {number}")]
        )
        services.add_action(
            actor=world.officer,
            case=other,
            kind="referral_to_cqc",
            owner=world.officer,
            due_on=NOW.date(),
            now=NOW,
        )
        services.propose_change(
            actor=world.officer, case=other, kind=ProposalKind.ESCALATE, level="4", reason="x", now=NOW
        )
    assert count() == few


def test_a_proposal_for_a_new_case_names_the_service_and_its_provider_on_the_managers_tasks(world, manager):
    provider = world.home.provider
    provider.name = "Acme Care Ltd"
    provider.save()
    services.propose_opening(
        actor=world.officer,
        organisation=world.council,
        locations=[world.home],
        level="2",
        reason="Two safeguarding concerns",
        now=NOW,
    )
    soup = page(manager.get(reverse("cases:task_list")))
    tasks = text(soup, "#tasks-due-today")
    assert "A new case" not in tasks
    assert "New case: Oak House (Acme Care Ltd)" in tasks
