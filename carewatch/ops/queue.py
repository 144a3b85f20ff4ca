"""The database task queue's upkeep (django-tasks-db)."""

from __future__ import annotations

from django.db.models import Q


def requeue_orphans(worker_id: str) -> int:
    """Put tasks last claimed by ``worker_id`` and still marked running back on the queue."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    orphans = [
        row.pk
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).filter(~Q(worker_ids=[]))
        if row.worker_ids and row.worker_ids[-1] == worker_id
    ]
    return DBTaskResult.objects.filter(pk__in=orphans).update(status=TaskResultStatus.READY, started_at=None)
