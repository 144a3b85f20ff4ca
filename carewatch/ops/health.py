"""``/healthz`` (the process answers; touches nothing) and ``/readyz`` (it can do its work).

/readyz checks the database, the default cache, the task queue's lag (the oldest task still
waiting, with the database queue) and the age of the last CQC import; any failure answers 503 with
JSON naming what failed, so a monitor or load balancer can say why.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from carewatch.core import access

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(True, "answers")


def check_cache() -> Check:
    cache = caches["default"]
    key, value = "readyz:probe", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    if cache.get(key) != value:
        return Check(False, "a value written could not be read back")
    backend = type(cache).__name__
    if getattr(cache, "redis_up", True) is False:
        return Check(False, "Redis is unreachable: serving from each process's memory")
    return Check(True, backend)


def check_queue(now: datetime) -> Check:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return Check(True, "tasks run at once (no queue)")
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().filter(run_after__lte=now).order_by("enqueued_at").first()
    if oldest is None:
        return Check(True, "no task waiting")
    lag = (now - oldest.enqueued_at).total_seconds()
    limit = settings.CAREWATCH_READY_MAX_QUEUE_LAG_SECONDS
    return Check(lag <= limit, f"oldest waiting task queued {lag:.0f} s ago (limit {limit} s)")


def check_cqc_import(now: datetime) -> Check:
    from carewatch.register.models import Snapshot

    limit = settings.CAREWATCH_READY_MAX_IMPORT_AGE_HOURS
    if limit <= 0:
        return Check(True, "not checked (CAREWATCH_READY_MAX_IMPORT_AGE_HOURS is 0)")
    latest = Snapshot.objects.filter(undone_at__isnull=True).order_by("-imported_at").first()
    if latest is None:
        return Check(False, "no CQC import yet")
    hours = (now - latest.imported_at).total_seconds() / 3600
    return Check(hours <= limit, f"last CQC import {hours:.1f} hours ago (limit {limit:g} h)")


CHECKS: dict[str, Callable[[datetime], Check]] = {
    "database": lambda now: check_database(),
    "cache": lambda now: check_cache(),
    "queue": check_queue,
    "cqc_import": check_cqc_import,
}


NEED_DATABASE = {"queue", "cqc_import"}


def run_checks(now: datetime) -> dict[str, Check]:
    results: dict[str, Check] = {}
    for name, check in CHECKS.items():
        if name in NEED_DATABASE and not results["database"].ok:
            results[name] = Check(False, "not checked: the database is unavailable")
            continue
        try:
            results[name] = check(now)
        except Exception as error:  # any failure is the answer, never a 500
            # The answer names the check and the kind of error; the message (which may name hosts)
            # goes to the log only.
            logger.warning("readyz: %s failed", name, exc_info=True)
            results[name] = Check(False, type(error).__name__)
    return results


@access.public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@access.public
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    results = run_checks(timezone.now())
    failed = sorted(name for name, result in results.items() if not result.ok)
    body = {
        "status": "ok" if not failed else "unavailable",
        "failed": failed,
        "checks": {name: {"ok": r.ok, "detail": r.detail} for name, r in results.items()},
        "seconds": round(time.perf_counter() - started, 3),
    }
    return JsonResponse(body, status=503 if failed else 200)
