"""The task list: everything due or overdue, for the officer who owns it and for the council's managers."""

from datetime import date

import time_machine
from django.utils import timezone

from carewatch.cases import queries, services
from carewatch.cases.ladder import ProposalKind
from tests.cases import factories as f
from tests.cases import given

NOW = given.OPENED_AT


def action(world, case, owner, due_on, kind="referral_to_cqc"):
    return services.add_action(actor=world.officer, case=case, kind=kind, owner=owner, due_on=due_on, now=NOW)


def test_an_officer_sees_their_own_actions_due_or_overdue_by_due_date_then_id(world):
    case = given.open_case(world)
    colleague = f.officer(world.council, name="Colin Colleague")
    later = action(world, case, world.officer, date(2026, 3, 12))
    overdue = action(world, case, world.officer, date(2026, 3, 5))
    today_a = action(world, case, world.officer, date(2026, 3, 10))
    today_b = action(world, case, world.officer, date(2026, 3, 10))
    action(world, case, colleague, date(2026, 3, 1))
    done = action(world, case, world.officer, date(2026, 3, 4))
    services.complete_action(actor=world.officer, action=done, done_on=date(2026, 3, 4), now=NOW)

    with time_machine.travel("2026-03-10 08:30 +00:00", tick=False):
        today = timezone.localdate()  # "today" is taken at the edge
        tasks = queries.tasks_due(world.officer, today)
    assert [t.id for t in tasks] == [overdue.pk, today_a.pk, today_b.pk]
    assert [t.overdue for t in tasks] == [True, False, False]
    assert later.pk in [t.id for t in queries.tasks_due(world.officer, date(2026, 3, 10), horizon_days=2)]


def test_a_manager_sees_all_the_councils_open_actions_and_pending_proposals(world):
    case = given.open_case(world, level="2")
    colleague = f.officer(world.council, name="Colin Colleague")
    mine = action(world, case, world.officer, date(2026, 3, 6))
    theirs = action(world, case, colleague, date(2026, 3, 3))
    proposal = services.propose_change(
        actor=world.officer,
        case=case,
        kind=ProposalKind.ESCALATE,
        level="3",
        reason="Worse",
        now=f.at(2026, 3, 4),
    )
    rochdale = f.council("E08000005")
    elsewhere = services.open_case(
        actor=f.manager(rochdale),
        organisation=rochdale,
        locations=[f.location("E08000005")],
        level="1",
        reason="x",
        now=NOW,
    )
    services.add_action(
        actor=f.officer(rochdale),
        case=elsewhere,
        kind="referral_to_cqc",
        owner=f.officer(rochdale),
        due_on=date(2026, 3, 3),
        now=NOW,
    )

    tasks = queries.tasks_due(world.manager, date(2026, 3, 10))
    assert [(t.kind, t.id) for t in tasks] == [
        ("action", theirs.pk),
        ("proposal", proposal.pk),
        ("action", mine.pk),
    ]
    assert tasks[1].title == "Decide: escalate (3 – Provider concern)"
    assert tasks[1].due_on == date(2026, 3, 4)


def test_suspension_letters_and_reviews_are_on_the_managers_list(world):
    given.open_case(world, level="4")  # 2 March: letter due 11 March, review 30 March
    tasks = queries.tasks_due(world.manager, date(2026, 3, 31))
    assert [(t.title, t.due_on, t.overdue) for t in tasks] == [
        ("Send the suspension letter for Oak House", date(2026, 3, 11), True),
        ("Review the suspension at Oak House", date(2026, 3, 30), True),
    ]


def test_closed_cases_and_other_roles_have_no_tasks(world):
    case = given.open_case(world)
    action(world, case, world.officer, date(2026, 3, 5))
    commissioner = f.person(world.council, "commissioner")
    assert queries.tasks_due(commissioner, date(2026, 3, 10)) == []
    services.close_case(actor=world.manager, case=case, reason="Resolved", seen_revision=1, now=NOW)
    assert queries.tasks_due(world.officer, date(2026, 3, 10)) == []
