"""Reads from a PostgreSQL streaming replica, writes (and the writer's next reads) to the primary.

Set ``DATABASE_REPLICA_URL`` and carewatch adds a ``replica`` database, this router and this
middleware (docs/scale.md). A request reads from the replica only when all of these hold:

- it is a GET or HEAD of the public site, a dashboard or the API (``READ_PREFIXES``);
- the browser has not written anything in the last ``CAREWATCH_REPLICA_STICKY_SECONDS`` (a write
  sets a short cookie, so the writer reads its own writes from the primary: read-your-writes);
- the replica answers and is no more than ``CAREWATCH_REPLICA_MAX_LAG_SECONDS`` behind (checked at
  most every ``CHECK_SECONDS`` per process); a lagging or missing replica falls back to the primary.

Once a request writes, its later reads go to the primary too. Migrations run on the primary only.

A replica that stops between two checks: a read that fails on it (the 503 "service unavailable"
answer, carewatch.ops.unavailable) is checked again at once and, when the replica no longer answers,
served again from the primary. Only a GET or HEAD that wrote nothing is served again (safe to repeat).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

from carewatch.ops import unavailable

logger = logging.getLogger(__name__)
REPLICA = "replica"
STICKY_COOKIE = "carewatch_primary"
CHECK_SECONDS = 2.0
SAFE_METHODS = ("GET", "HEAD")
READ_PREFIXES = ("/services/", "/providers/", "/find/", "/choose/", "/market/", "/insights/", "/api/v1/")
# How far behind: nothing when it has replayed all it has received (after a restart the receive position
# starts at a segment's beginning, behind the replay position); otherwise the time since the last
# commit it replayed (NULL positions: not streaming yet, judged by that time too).
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
    " WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0"
    " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)

use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)
wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("wrote", default=False)


def is_read_path(path: str) -> bool:
    return path == "/" or path.startswith(READ_PREFIXES)


class ReplicaHealth:
    """Whether the replica may be read: it answers and is not too far behind (cached briefly)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.checked_at = -1e9
        self.ok = False
        self.lag_seconds: float | None = None

    def usable(self) -> bool:
        now = time.monotonic()
        if now - self.checked_at >= CHECK_SECONDS:
            with self._lock:
                if now - self.checked_at >= CHECK_SECONDS:
                    self.ok = self.probe()
                    self.checked_at = now
        return self.ok

    def recheck(self) -> bool:
        """Probe now (a read on the replica has just failed), whenever it was last checked."""
        with self._lock:
            self.ok = self.probe()
            self.checked_at = time.monotonic()
        return self.ok

    def probe(self) -> bool:
        try:
            connection = connections[REPLICA]
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(LAG_SQL)
                    self.lag_seconds = float(cursor.fetchone()[0])
                else:
                    cursor.execute("SELECT 1")
                    self.lag_seconds = 0.0
        except Exception:
            logger.warning("replica unreachable: reading from the primary", exc_info=True)
            self.lag_seconds = None
            with contextlib.suppress(Exception):
                connections[REPLICA].close()
            return False
        limit = float(settings.CAREWATCH_REPLICA_MAX_LAG_SECONDS)
        if self.lag_seconds > limit:
            logger.warning(
                "replica %.1f s behind (limit %s s): reading from the primary", self.lag_seconds, limit
            )
            return False
        return True


health = ReplicaHealth()


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        return REPLICA if use_replica.get() and not wrote.get() else "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        wrote.set(True)
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == "default"


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reads_replica = (
            request.method in SAFE_METHODS
            and is_read_path(request.path_info)
            and STICKY_COOKIE not in request.COOKIES
            and health.usable()
        )
        response, has_written = self.serve(request, reads_replica)
        if reads_replica and not has_written and response.status_code == 503 and not health.recheck():
            # The replica went away mid-request: the same safe request again, on the primary.
            logger.warning("replica failed during %s: served again from the primary", request.path_info)
            with contextlib.suppress(Exception):
                connections[REPLICA].close()
            request.__dict__.pop(unavailable.FLAG, None)  # the first try's error is not the second's
            response, has_written = self.serve(request, False)
        if request.method not in SAFE_METHODS or has_written:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=int(settings.CAREWATCH_REPLICA_STICKY_SECONDS),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def serve(self, request: HttpRequest, reads_replica: bool) -> tuple[HttpResponse, bool]:
        token_use, token_wrote = use_replica.set(reads_replica), wrote.set(False)
        try:
            return self.get_response(request), wrote.get()
        finally:
            use_replica.reset(token_use)
            wrote.reset(token_wrote)
