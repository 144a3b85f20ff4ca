"""`carewatch schedule prune`: the ops tables that would grow for ever (once-keys, finished task
results, expired sessions) are cut back to their retention every night."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from carewatch.ops import tasks as ops_tasks
from carewatch.ops.models import DoneOnce

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _result(status, finished_days_ago):
    row = DBTaskResult.objects.get(pk=ops_tasks.refresh_dashboards.enqueue().id)
    finished = None if finished_days_ago is None else timezone.now() - timedelta(days=finished_days_ago)
    DBTaskResult.objects.filter(pk=row.pk).update(status=status, finished_at=finished)
    return row.pk


@pytest.mark.django_db
def test_prune_deletes_what_is_past_its_retention_and_keeps_the_rest(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.CAREWATCH_DONE_ONCE_RETENTION_DAYS = 90
    settings.CAREWATCH_TASK_RESULT_RETENTION_DAYS = 30
    now = timezone.now()
    old = DoneOnce.objects.create(key="digest:2026-01-01:1")
    DoneOnce.objects.filter(pk=old.pk).update(done_at=now - timedelta(days=91))
    recent = DoneOnce.objects.create(key="digest:2026-03-01:1")
    DoneOnce.objects.filter(pk=recent.pk).update(done_at=now - timedelta(days=89))
    old_ok = _result(TaskResultStatus.SUCCESSFUL, 31)
    old_failed = _result(TaskResultStatus.FAILED, 31)
    recent_ok = _result(TaskResultStatus.SUCCESSFUL, 29)
    queued = _result(TaskResultStatus.READY, None)
    running = _result(TaskResultStatus.RUNNING, None)
    expired, live = SessionStore(), SessionStore()
    expired.create()
    live.create()
    Session.objects.filter(pk=expired.session_key).update(expire_date=now - timedelta(seconds=1))

    nothing_signed_in = {"sign_in_logs": 0, "sign_in_failures": 0, "lockout_counts": 0}
    assert ops_tasks.prune_ops_tables(now) == {
        "done_once": 1,
        "task_results": 2,
        "sessions": 1,
        **nothing_signed_in,
    }

    assert list(DoneOnce.objects.values_list("key", flat=True)) == ["digest:2026-03-01:1"]
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent_ok, queued, running}
    assert not {old_ok, old_failed} & set(DBTaskResult.objects.values_list("pk", flat=True))
    assert list(Session.objects.values_list("pk", flat=True)) == [live.session_key]
    # Run again: nothing more to do.
    assert ops_tasks.prune_ops_tables(now) == {
        "done_once": 0,
        "task_results": 0,
        "sessions": 0,
        **nothing_signed_in,
    }


@pytest.mark.django_db
def test_the_retention_is_a_setting(settings):
    settings.CAREWATCH_DONE_ONCE_RETENTION_DAYS = 7
    row = DoneOnce.objects.create(key="schedule:digest:2026-03-01")
    DoneOnce.objects.filter(pk=row.pk).update(done_at=timezone.now() - timedelta(days=8))
    assert ops_tasks.prune_ops_tables()["done_once"] == 1


def test_schedule_prune_puts_the_job_on_the_queue_once_a_day_and_the_worker_prunes(
    transactional_db, settings, capsys
):
    settings.TASKS = DATABASE_QUEUE
    old = DoneOnce.objects.create(key="digest:2020-01-01:1")
    DoneOnce.objects.filter(pk=old.pk).update(done_at=timezone.now() - timedelta(days=400))
    call_command("schedule", "prune")
    call_command("schedule", "prune")
    out = capsys.readouterr().out
    assert "prune: queued as task" in out and "prune: already put on the queue today" in out
    assert DBTaskResult.objects.filter(task_path__endswith="tasks.prune").count() == 1

    call_command("worker", "--worker-id", "host-a", "--batch", "--interval", "0")
    row = DBTaskResult.objects.get(task_path__endswith="tasks.prune")
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert row.return_value["done_once"] == 1
    assert not DoneOnce.objects.filter(key="digest:2020-01-01:1").exists()
    # The schedule's own key for today is recent, so it stays.
    assert DoneOnce.objects.filter(key__startswith="schedule:prune:").count() == 1


@pytest.mark.django_db
def test_prune_cuts_the_sign_in_logs_back_to_their_retention_and_forgets_expired_lockout_counts(settings):
    """django-axes writes a row for every sign-in (address and browser: personal data) and every
    failure; nothing else ever deletes them."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    settings.CAREWATCH_SIGN_IN_LOG_RETENTION_DAYS = 90
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    now = timezone.now()

    def made(model, ago, **fields):
        row = model.objects.create(username="olive", ip_address="127.0.0.1", user_agent="test", **fields)
        model.objects.filter(pk=row.pk).update(attempt_time=now - ago)
        return row.pk

    old_log, recent_log = made(AccessLog, timedelta(days=91)), made(AccessLog, timedelta(days=89))
    old_failure = made(AccessFailureLog, timedelta(days=91), locked_out=False)
    recent_failure = made(AccessFailureLog, timedelta(days=1), locked_out=False)
    counts = {"get_data": "", "post_data": "", "failures_since_start": 3}
    expired = made(AccessAttempt, timedelta(minutes=31), **counts)
    counting = AccessAttempt.objects.create(
        username="priya", ip_address="127.0.0.2", user_agent="t", **counts
    ).pk

    pruned = ops_tasks.prune_ops_tables(now)

    assert (pruned["sign_in_logs"], pruned["sign_in_failures"], pruned["lockout_counts"]) == (1, 1, 1)
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent_log]
    assert list(AccessFailureLog.objects.values_list("pk", flat=True)) == [recent_failure]
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [counting]
    assert not {old_log, old_failure, expired} & {
        *AccessLog.objects.values_list("pk", flat=True),
        *AccessFailureLog.objects.values_list("pk", flat=True),
    }
