"""Run by tests/ops/test_replica_streaming.py in a process of its own, against a real primary and its
streaming replica (DATABASE_URL, DATABASE_REPLICA_URL): requests go through carewatch's whole
middleware stack (production settings) to two small views that read or write through the router
and say which server answered (``pg_is_in_recovery()``). Prints one JSON object of what it saw.

Needs root (it stops and starts the replica with pg_ctlcluster) and a superuser role in DATABASE_URL
(it pauses the replica's replay). Not a test module: pytest does not collect it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import types

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

from carewatch.ops import replica  # noqa: E402

router = replica.ReplicaRouter()


def answer(alias: str) -> JsonResponse:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), (SELECT count(*) FROM probe)")
        in_recovery, rows = cursor.fetchone()
    return JsonResponse({"alias": alias, "in_recovery": in_recovery, "rows": rows})


def read(request: HttpRequest) -> JsonResponse:
    return answer(router.db_for_read(None))


def write(request: HttpRequest) -> JsonResponse:
    alias = router.db_for_write(None)
    with connections[alias].cursor() as cursor:
        cursor.execute("INSERT INTO probe VALUES (1)")
    return answer(router.db_for_read(None))  # the writer's read in the same request


urls = types.ModuleType("replica_probe_urls")
urls.urlpatterns = [path("services/", read), path("services/write/", write)]  # type: ignore[attr-defined]
sys.modules[urls.__name__] = urls


def sql(alias: str, statement: str) -> list:
    with connections[alias].cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchall() if cursor.description else []


def wait_replayed(rows: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if sql(replica.REPLICA, "SELECT count(*) FROM probe")[0][0] == rows:
                return
        except Exception:  # the table not replayed yet
            connections[replica.REPLICA].close()
        time.sleep(0.1)
    raise SystemExit(f"the replica did not replay {rows} rows within {seconds} s")


def wait_streaming(seconds: float = 30) -> None:
    """Until the restarted replica's WAL receiver is connected to the primary again."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if sql(replica.REPLICA, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")[0][0]:
            return
        time.sleep(0.1)
    raise SystemExit(f"the replica did not stream again within {seconds} s")


def main(version: str, cluster: str) -> None:
    setup_test_environment()
    seen: dict[str, object] = {}
    client = Client(raise_request_exception=False)  # as a server does: the error becomes a response

    def get() -> dict:
        response = client.get("/services/", secure=True)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return response.json()

    sql("default", "CREATE TABLE probe (n int)")
    wait_replayed(0)
    replica.CHECK_SECONDS = 0.0  # check the replica's health on every request
    seen["read"] = get()
    seen["read_in_recovery_seen_by_replica_connection"] = sql(replica.REPLICA, "SELECT pg_is_in_recovery()")[
        0
    ][0]

    # A write: to the primary; the writer's next read too (the cookie), everyone else's to the replica.
    response = client.post("/services/write/", secure=True)
    seen["write"] = response.json()
    seen["sticky_cookie"] = replica.STICKY_COOKIE in response.cookies
    seen["writer_next_read"] = get()
    client.cookies.pop(replica.STICKY_COOKIE)
    wait_replayed(1)
    seen["other_read"] = get()

    # Lagging: replay paused, a write on the primary, and more than the limit (1 s) waited.
    sql(replica.REPLICA, "SELECT pg_wal_replay_pause()")
    sql("default", "INSERT INTO probe VALUES (2)")
    time.sleep(2.5)
    seen["lagging_read"] = get()
    seen["lag_seconds"] = replica.health.lag_seconds
    sql(replica.REPLICA, "SELECT pg_wal_replay_resume()")
    wait_replayed(2)
    seen["caught_up_read"] = get()

    # Stopped between two health checks: the read that fails on it is served again from the primary.
    replica.CHECK_SECONDS = 600.0
    seen["before_stop"] = get()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "stop"], check=True)
    seen["read_as_it_stops"] = get()
    seen["read_while_stopped"] = get()
    replica.CHECK_SECONDS = 0.0
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start"], check=True)
    wait_replayed(2)
    wait_streaming()
    seen["read_after_start"] = get()
    print(json.dumps(seen))


if __name__ == "__main__":
    # Production settings, but static files as the tests have them: a clean checkout has run no
    # collectstatic, and the "service unavailable" page a stopped replica briefly draws names its CSS.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ROOT_URLCONF=urls.__name__, ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        main(sys.argv[1], sys.argv[2])
