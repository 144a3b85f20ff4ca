"""The background jobs, as django-tasks tasks (``carewatch worker`` runs them from the database queue;
``carewatch schedule JOB`` puts the daily and nightly ones on it: docs/deployment.md).

Each is safe to run again after it was killed half-way: it does what is left, once.

- ``daily_digest``: each QA officer's and manager's digest (carewatch.cases.tasks), one person at a
  time, each recorded as done in the transaction that sends it.
- ``cqc_sync``: the live CQC API's changes since the last import (``import-cqc --live
  --changes-since``). An import is one transaction and the same content is recognised by its digest
  (ADR 0005), so a killed import leaves no partial snapshot and the next run imports it whole.
- ``refresh_dashboards``: recompute the market figures and redraw the England and regional dashboards
  (``insights-refresh``; an interrupted refresh is finished by the next).
- ``import_cqc_files``: a CQC file set (a dump directory or a bulk file) imported in the background.
  The import and its once-key (the files' SHA-256) are one transaction: a worker killed half-way leaves
  no partial snapshot, and the task, run again, imports the files once.
- ``prune``: the ops tables that would otherwise grow for ever: once-keys older than
  ``CAREWATCH_DONE_ONCE_RETENTION_DAYS``, finished task results older than
  ``CAREWATCH_TASK_RESULT_RETENTION_DAYS``, expired sessions, sign-in logs (django-axes: address and
  browser of every sign-in and failure) older than ``CAREWATCH_SIGN_IN_LOG_RETENTION_DAYS``, and
  failure counts past the lockout's cool-off.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from carewatch.cases import queries as case_queries
from carewatch.cases import tasks as case_tasks
from carewatch.ops.once import once

# The changes feed is read from a little before the last import, so nothing falls between two runs.
SYNC_OVERLAP = timedelta(hours=1)


def send_digests_once(day: date) -> list[str]:
    """Send the day's digests not yet sent; returns who was emailed in this run."""
    sent = []
    base_url = case_tasks.site_url()
    with get_connection() as connection:
        for person in case_queries.digest_recipients():
            with once(f"digest:{day.isoformat()}:{person.pk}") as todo:
                if not todo:
                    continue
                message = case_tasks.digest_message(person, today=day, base_url=base_url)
                if message is not None:
                    connection.send_messages([message])
                    sent.append(person.email)
    return sent


@task()
def daily_digest(today: str | None = None) -> list[str]:
    day = date.fromisoformat(today) if today else timezone.localdate()
    return send_digests_once(day)


def changes_since() -> datetime | None:
    """Where the nightly sync reads from: the last import in force, less an hour; None: a full read."""
    from carewatch.register.models import Snapshot

    latest = Snapshot.objects.filter(undone_at__isnull=True).order_by("-imported_at").first()
    return None if latest is None else latest.imported_at - SYNC_OVERLAP


@task()
def cqc_sync() -> str:
    if not settings.CQC_API_KEY:
        return "skipped: CQC_API_KEY is not set"
    since = changes_since()
    out = io.StringIO()
    args = ["--live", "--json"]
    if since is not None:
        args += ["--changes-since", since.isoformat()]
    call_command("import_cqc", *args, stdout=out)
    return out.getvalue()[-2000:]


@task()
def refresh_dashboards() -> str:
    out = io.StringIO()
    call_command("insights_refresh", stdout=out)
    return out.getvalue()


def files_digest(path: Path) -> str:
    """SHA-256 of a file, or of a directory's files (names and contents, in name order)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode() + b"\0")
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


@task()
def import_cqc_files(path: str) -> str:
    out = io.StringIO()
    with once(f"import-cqc:{files_digest(Path(path))}") as todo:
        if todo:
            call_command("import_cqc", path, "--json", "--no-refresh", stdout=out)
        else:
            out.write("already imported: these files were imported by an earlier run\n")
    # After the import's commit: a refresh interrupted by a kill is finished by the next run.
    call_command("insights_refresh", if_missing=not todo, stdout=out)
    return out.getvalue()[-2000:]


def prune_ops_tables(now: datetime | None = None) -> dict[str, int]:
    """Delete what is past its retention; returns how many rows of each went."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from carewatch.ops.models import DoneOnce

    now = now or timezone.now()
    done_once_before = now - timedelta(days=settings.CAREWATCH_DONE_ONCE_RETENTION_DAYS)
    results_before = now - timedelta(days=settings.CAREWATCH_TASK_RESULT_RETENTION_DAYS)
    sign_ins_before = now - timedelta(days=settings.CAREWATCH_SIGN_IN_LOG_RETENTION_DAYS)
    # A failure count older than the lockout's cool-off no longer locks anyone out (django-axes).
    counts_before = now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return {
        "done_once": DoneOnce.objects.filter(done_at__lt=done_once_before).delete()[0],
        "task_results": DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=results_before
        ).delete()[0],
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
        "sign_in_logs": AccessLog.objects.filter(attempt_time__lt=sign_ins_before).delete()[0],
        "sign_in_failures": AccessFailureLog.objects.filter(attempt_time__lt=sign_ins_before).delete()[0],
        "lockout_counts": AccessAttempt.objects.filter(attempt_time__lt=counts_before).delete()[0],
    }


@task()
def prune() -> dict[str, int]:
    return prune_ops_tables()


# `carewatch schedule JOB`: the name, the task, and how often it is due (the once-key's period).
JOBS: dict[str, tuple[Any, str]] = {
    "digest": (daily_digest, "day"),
    "cqc-sync": (cqc_sync, "day"),
    "refresh-dashboards": (refresh_dashboards, "day"),
    "prune": (prune, "day"),
}
