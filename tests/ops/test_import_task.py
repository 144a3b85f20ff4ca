"""The import task (carewatch.ops.tasks.import_cqc_files) killed half-way leaves no partial snapshot
and, run again by the worker, imports the files once (bench/bench_faults.py --only worker does the
same with a real SIGKILL)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models.query import QuerySet
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from carewatch.ops import tasks as ops_tasks
from carewatch.ops.models import DoneOnce
from carewatch.register import models

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Killed(BaseException):
    """The worker process dying: no exception handler runs, nothing is marked failed."""


def test_an_import_task_killed_half_way_leaves_nothing_and_runs_again_once(
    transactional_db, oldham_dump, settings, monkeypatch, capsys
):
    settings.TASKS = DATABASE_QUEUE
    result = ops_tasks.import_cqc_files.enqueue(str(oldham_dump))
    DBTaskResult.objects.get(pk=result.id).claim("host-a")

    real_bulk_create = QuerySet.bulk_create
    written = []

    def write_then_die(self, objs, *args, **kwargs):
        created = real_bulk_create(self, objs, *args, **kwargs)
        written.append(self.model.__name__)
        if self.model is models.Assessment or len(written) > 3:
            raise Killed  # rows already written in the import's transaction
        return created

    monkeypatch.setattr(QuerySet, "bulk_create", write_then_die)
    with pytest.raises(Killed):
        ops_tasks.import_cqc_files.call(str(oldham_dump))
    monkeypatch.setattr(QuerySet, "bulk_create", real_bulk_create)
    assert written  # it was killed after writing, inside the import
    assert not models.Snapshot.objects.exists()
    assert not models.Location.objects.exists()
    assert not DoneOnce.objects.filter(key__startswith="import-cqc:").exists()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    call_command("worker", "--worker-id", "host-a", "--batch", "--interval", "0")
    assert "Put 1 interrupted task(s) back on the queue" in capsys.readouterr().out
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    snapshot = models.Snapshot.objects.get()
    assert snapshot.created_count == models.Location.objects.count() > 0
    assert DoneOnce.objects.filter(key__startswith="import-cqc:").count() == 1

    # The same files queued again: the once-key says they were imported; nothing changes.
    again = ops_tasks.import_cqc_files.enqueue(str(oldham_dump))
    call_command("worker", "--worker-id", "host-a", "--batch", "--interval", "0")
    row = DBTaskResult.objects.get(pk=again.id)
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert "already imported" in row.return_value
    assert models.Snapshot.objects.count() == 1
