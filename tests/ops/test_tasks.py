"""Background work on the database queue: a task killed half-way runs again and does its work once;
the schedule enqueues each job once a day however many machines' timers call it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from carewatch.ops import queue
from carewatch.ops import tasks as ops_tasks
from carewatch.ops.models import DoneOnce

DAY = "2026-03-06"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Killed(BaseException):
    """The worker process dying (SIGKILL): no exception handler runs, nothing is marked failed."""


def _recipients() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_a_digest_task_killed_half_way_runs_again_and_emails_each_person_once(
    transactional_db, world, due, settings, monkeypatch, capsys
):
    settings.TASKS = DATABASE_QUEUE
    result = ops_tasks.daily_digest.enqueue(DAY)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY

    # A worker on host-a claims the task and dies after sending the first email.
    row.claim("host-a")
    real_send = EmailBackend.send_messages

    def send_then_die(self, messages):
        if mail.outbox:
            raise Killed
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_then_die)
    with pytest.raises(Killed):
        ops_tasks.daily_digest.call(DAY)
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    assert len(mail.outbox) == 1
    first = mail.outbox[0].to[0]
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING  # orphaned

    # systemd restarts the worker: it puts its orphan back on the queue and runs it.
    call_command("worker", "--worker-id", "host-a", "--batch", "--interval", "0")
    assert "Put 1 interrupted task(s) back on the queue" in capsys.readouterr().out
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert first not in row.return_value  # this run sent only what was left
    assert len(row.return_value) == 2
    assert _recipients() == sorted({world.officer.email, world.manager.email, *row.return_value, first})
    assert len(mail.outbox) == 3  # three people, one email each

    # Run again (a second timer, a retry by hand): nothing more is sent.
    assert ops_tasks.daily_digest.call(DAY) == []
    assert len(mail.outbox) == 3


def test_an_email_that_fails_is_not_counted_as_sent(db, world, due, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with pytest.raises(ConnectionRefusedError):
        ops_tasks.send_digests_once(date(2026, 3, 6))
    assert not DoneOnce.objects.exists()  # the mark was undone with the failed send
    monkeypatch.undo()
    assert len(ops_tasks.send_digests_once(date(2026, 3, 6))) == 3


def test_a_running_task_of_another_worker_is_left_alone(db, settings):
    settings.TASKS = DATABASE_QUEUE
    result = ops_tasks.refresh_dashboards.enqueue()
    DBTaskResult.objects.get(pk=result.id).claim("host-b")
    assert queue.requeue_orphans("host-a") == 0
    assert queue.requeue_orphans("host-b") == 1
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY


def test_the_schedule_enqueues_each_job_once_a_day(db, settings, capsys):
    settings.TASKS = DATABASE_QUEUE
    call_command("schedule", "digest")
    call_command("schedule", "digest")  # the second machine's timer
    out = capsys.readouterr().out
    assert "digest: queued as task" in out and "digest: already put on the queue today" in out
    assert DBTaskResult.objects.filter(task_path="carewatch.ops.tasks.daily_digest").count() == 1
    call_command("schedule", "cqc-sync")
    call_command("schedule", "refresh-dashboards")
    assert DBTaskResult.objects.count() == 3


def test_the_schedule_refuses_a_job_it_does_not_know(db):
    with pytest.raises(CommandError, match="'backup' is not one of digest, cqc-sync, refresh-dashboards"):
        call_command("schedule", "backup")


def test_the_nightly_sync_reads_changes_since_the_last_import_less_an_hour(db, settings, monkeypatch):
    from tests import places

    assert ops_tasks.changes_since() is None  # nothing imported yet: a full read
    snapshot = places.snapshot()
    assert ops_tasks.changes_since() == snapshot.imported_at - ops_tasks.SYNC_OVERLAP
    settings.CQC_API_KEY = ""
    assert ops_tasks.cqc_sync.call() == "skipped: CQC_API_KEY is not set"
    calls = []
    monkeypatch.setattr(ops_tasks, "call_command", lambda *args, **kwargs: calls.append(args))
    settings.CQC_API_KEY = "key"
    ops_tasks.cqc_sync.call()
    assert calls == [
        (
            "import_cqc",
            "--live",
            "--json",
            "--changes-since",
            (snapshot.imported_at - ops_tasks.SYNC_OVERLAP).isoformat(),
        )
    ]


def test_send_digests_enqueue_is_run_by_the_database_worker(transactional_db, world, due, settings, capsys):
    """``carewatch send-digests --enqueue`` (docs/cases-web.md) puts a task the worker can find again by
    its import path: a task defined as ``task()(_function)`` under another name was lost by the queue."""
    settings.TASKS = DATABASE_QUEUE
    call_command("send_digests", "--date", DAY, "--enqueue")
    row = DBTaskResult.objects.get()
    call_command("worker", "--batch", "--interval", "0")
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert sorted(row.return_value) == _recipients()
    assert world.officer.email in _recipients()
