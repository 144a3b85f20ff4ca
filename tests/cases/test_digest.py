"""The daily digest: each QA officer and manager is emailed what is due today or overdue, as plain text
and HTML, by the ``send-digests`` command or the task queue."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from carewatch.cases import services, tasks
from carewatch.cases.ladder import ProposalKind
from tests.cases import factories as f
from tests.cases import given

NOW = given.OPENED_AT  # Monday 2 March 2026


@pytest.fixture
def due(world):
    """An action overdue for the officer, one due on 6 March for a colleague, and a proposal for the managers."""
    case = given.open_case(world, level="2")
    colleague = f.officer(world.council, name="Colin Colleague")
    services.add_action(
        actor=world.officer,
        case=case,
        kind="referral_to_cqc",
        owner=world.officer,
        due_on=date(2026, 3, 4),
        title="Refer Oak House to the CQC",
        now=NOW,
    )
    services.add_action(
        actor=world.officer,
        case=case,
        kind="improvement_director",
        owner=colleague,
        due_on=date(2026, 3, 6),
        title="Ask for an improvement director",
        now=NOW,
    )
    services.propose_change(
        actor=world.officer,
        case=case,
        kind=ProposalKind.ESCALATE,
        level="3",
        reason="Worse",
        now=f.at(2026, 3, 6, 9),
    )
    return case


def digests() -> dict[str, mail.EmailMessage]:
    return {message.to[0]: message for message in mail.outbox}


def test_each_officer_and_manager_gets_what_is_due_today_or_overdue(world, due):
    run = tasks.send_digests(today=date(2026, 3, 6), base_url="https://carewatch.example.org")
    sent = digests()
    assert set(sent) == {world.officer.email, world.manager.email, *[m for m in run.sent_to]}
    assert len(run.sent_to) == 3  # the officer, the colleague and the manager; the admin gets none
    officer = sent[world.officer.email]
    assert officer.subject == "carewatch: 1 overdue (6 March 2026)"
    assert "OVERDUE" in officer.body and "Refer Oak House to the CQC" in officer.body
    assert "was due 4 March 2026" in officer.body
    assert "Ask for an improvement director" not in officer.body  # the colleague's
    assert "https://carewatch.example.org/cases/actions/" in officer.body
    html, kind = officer.alternatives[0]
    assert kind == "text/html" and "Refer Oak House to the CQC" in html and "Overdue" in html

    manager = sent[world.manager.email]
    assert manager.subject == "carewatch: 1 overdue and 2 due today (6 March 2026)"
    assert "Decide: escalate (3 – Provider concern)" in manager.body
    assert "Ask for an improvement director" in manager.body


def test_nobody_is_emailed_when_nothing_is_due(world):
    given.open_case(world, level="2")
    run = tasks.send_digests(today=date(2026, 3, 6))
    assert mail.outbox == [] and run.sent_to == []
    assert run.nothing_due == 2  # the officer and the manager


def test_done_actions_and_closed_cases_are_not_in_the_digest(world, due):
    services.close_case(
        actor=world.manager, case=due, reason="Resolved", seen_revision=1, now=f.at(2026, 3, 5)
    )
    tasks.send_digests(today=date(2026, 3, 6))
    assert set(digests()) == set()  # the proposal lapsed with the closure


def test_the_command_sends_the_digest_for_a_day(world, due, capsys):
    call_command("send_digests", "--date", "2026-03-06", "--site-url", "https://cw.example.org")
    assert "Sent 3 digests for 6 March 2026" in capsys.readouterr().out
    assert "https://cw.example.org/cases/tasks/" in digests()[world.officer.email].body


def test_the_command_defaults_to_today_in_london(world, due, capsys):
    with time_machine.travel("2026-03-06 00:30 +00:00", tick=False):
        call_command("send_digests")
    assert "for 6 March 2026" in capsys.readouterr().out


def test_the_command_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError, match="--date must be a date"):
        call_command("send_digests", "--date", "6/3/2026")


def test_the_task_queue_runs_the_digest(world, due, capsys, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = tasks.send_daily_digests.enqueue("2026-03-06")
    assert result.status == "SUCCESSFUL"
    assert sorted(result.return_value) == sorted(message.to[0] for message in mail.outbox)
    call_command("send_digests", "--enqueue", "--date", "2026-03-06")
    assert "Queued the digest for 6 March 2026" in capsys.readouterr().out
    assert len(mail.outbox) == 6
