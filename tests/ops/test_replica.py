"""The replica router: public, dashboard and API reads to the replica; writes and the writer's next
reads to the primary; a lagging or missing replica falls back to the primary."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from carewatch.ops import replica, unavailable

router = replica.ReplicaRouter()


class Replica:
    """A stand-in for the replica's connection: answers a lag, or is unreachable."""

    vendor = "postgresql"

    def __init__(self, lag: float | None) -> None:
        self.lag = lag
        self.closed = False

    def cursor(self):
        if self.lag is None:
            raise OSError("connection refused")
        lag = self.lag

        class Cursor:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def execute(self, sql):
                assert "pg_last_wal_replay_lsn" in sql

            def fetchone(self):
                return (lag,)

        return Cursor()

    def close(self):
        self.closed = True


@pytest.fixture
def replica_lag(monkeypatch, settings):
    """Set the replica's lag in seconds (None: unreachable); health is checked afresh each request."""
    settings.CAREWATCH_REPLICA_MAX_LAG_SECONDS = 5
    settings.CAREWATCH_REPLICA_STICKY_SECONDS = 10
    state = {"replica": Replica(0.0)}
    monkeypatch.setattr(replica, "connections", state)
    monkeypatch.setattr(replica, "health", replica.ReplicaHealth())
    monkeypatch.setattr(replica, "CHECK_SECONDS", 0.0)

    def set_lag(lag):
        state["replica"] = Replica(lag)

    return set_lag


def serve(request, *, write=False):
    """Run a request through the middleware; return (the database reads went to, the response)."""
    seen = {}

    def view(request):
        seen["before"] = router.db_for_read(None)
        if write:
            assert router.db_for_write(None) == "default"
            seen["after"] = router.db_for_read(None)
        return HttpResponse("ok")

    response = replica.ReplicaMiddleware(view)(request)
    return seen, response


rf = RequestFactory()


@pytest.mark.parametrize(
    "path", ["/", "/services/1-100/", "/find/?near=OL1", "/insights/?area=england", "/api/v1/locations"]
)
def test_public_dashboard_and_api_reads_go_to_the_replica(replica_lag, path):
    seen, response = serve(rf.get(path))
    assert seen["before"] == "replica"
    assert replica.STICKY_COOKIE not in response.cookies


@pytest.mark.parametrize("path", ["/cases/", "/home/", "/monitoring/", "/audit/"])
def test_officers_pages_read_the_primary(replica_lag, path):
    assert serve(rf.get(path))[0]["before"] == "default"


def test_a_write_goes_to_the_primary_and_the_writer_reads_its_own_writes(replica_lag):
    seen, response = serve(rf.post("/services/1-100/feedback/"), write=True)
    assert seen == {"before": "default", "after": "default"}
    cookie = response.cookies[replica.STICKY_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    # The writer's next page, a public one, still reads from the primary…
    follow = rf.get("/services/1-100/")
    follow.COOKIES[replica.STICKY_COOKIE] = "1"
    assert serve(follow)[0]["before"] == "default"
    # …while everyone else's reads go to the replica.
    assert serve(rf.get("/services/1-100/"))[0]["before"] == "replica"


def test_a_get_that_writes_reads_the_primary_afterwards_and_marks_the_browser(replica_lag):
    seen, response = serve(rf.get("/insights/"), write=True)
    assert seen == {"before": "replica", "after": "default"}
    assert replica.STICKY_COOKIE in response.cookies


def test_a_lagging_replica_falls_back_to_the_primary(replica_lag):
    replica_lag(30.0)
    assert serve(rf.get("/services/1-100/"))[0]["before"] == "default"
    assert replica.health.lag_seconds == 30.0
    replica_lag(1.0)  # caught up
    assert serve(rf.get("/services/1-100/"))[0]["before"] == "replica"


def test_a_missing_replica_falls_back_to_the_primary(replica_lag, caplog):
    replica_lag(None)
    assert serve(rf.get("/api/v1/locations"))[0]["before"] == "default"
    assert "replica unreachable" in caplog.text


def test_outside_a_request_every_read_goes_to_the_primary():
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate("replica", "register") is False
    assert router.allow_migrate("default", "register") is True


def test_database_replica_url_adds_the_replica_its_router_and_middleware():
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_REPLICA_URL="postgres://carewatch:secret@127.0.0.1:5443/carewatch",
    )
    code = (
        "from django.conf import settings; import json; print(json.dumps([settings.DATABASES['replica']['PORT'],"
        " settings.DATABASES['replica']['TEST'], settings.DATABASE_ROUTERS, settings.MIDDLEWARE[:2]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=Path(__file__).parents[2]
    )
    assert result.returncode == 0, result.stderr
    port, test, routers, middleware = json.loads(result.stdout)
    assert port == 5443 and test == {"MIRROR": "default"}
    assert routers == ["carewatch.ops.replica.ReplicaRouter"]
    assert middleware[1] == "carewatch.ops.replica.ReplicaMiddleware"


def test_a_read_that_fails_because_the_replica_stopped_is_served_again_from_the_primary(replica_lag, caplog):
    calls = []

    def view(request):
        database = router.db_for_read(None)
        calls.append(database)
        if database == "replica":
            replica_lag(None)  # the replica stops while this request reads from it
            setattr(request, unavailable.FLAG, True)  # as carewatch.ops.unavailable marks it
            return HttpResponse("Sorry, the service is unavailable", status=503)
        return HttpResponse("ok")

    request = rf.get("/services/1-100/")
    response = replica.ReplicaMiddleware(view)(request)
    assert calls == ["replica", "default"]
    assert response.status_code == 200
    assert not hasattr(request, unavailable.FLAG)  # the second try starts clean
    assert "served again from the primary" in caplog.text


def test_a_503_while_the_replica_is_healthy_is_not_served_twice(replica_lag):
    calls = []

    def view(request):
        calls.append(router.db_for_read(None))
        return HttpResponse("busy", status=503)

    response = replica.ReplicaMiddleware(view)(rf.get("/services/1-100/"))
    assert calls == ["replica"] and response.status_code == 503


def test_a_failed_post_is_never_served_again(replica_lag):
    calls = []

    def view(request):
        calls.append(router.db_for_write(None))
        replica_lag(None)
        return HttpResponse("down", status=503)

    assert replica.ReplicaMiddleware(view)(rf.post("/services/1-100/feedback/")).status_code == 503
    assert calls == ["default"]
