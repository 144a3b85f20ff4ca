"""/healthz and /readyz: alive without the database; ready only when every check passes."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from carewatch.ops import health
from tests import places


def test_healthz_answers_without_touching_the_database(client):
    # No database fixture: pytest-django raises on any query.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@override_settings(CAREWATCH_READY_MAX_IMPORT_AGE_HOURS=48)
def test_readyz_is_ready_with_a_recent_import(client, db):
    snapshot = places.snapshot()
    snapshot.imported_at = timezone.now() - timedelta(hours=3)
    snapshot.save()
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "queue", "cqc_import"}
    assert "3.0 hours ago" in body["checks"]["cqc_import"]["detail"]


@override_settings(CAREWATCH_READY_MAX_IMPORT_AGE_HOURS=48)
def test_readyz_answers_503_naming_an_old_import(client, db):
    snapshot = places.snapshot()
    snapshot.imported_at = timezone.now() - timedelta(days=5)
    snapshot.save()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cqc_import"]


@override_settings(CAREWATCH_READY_MAX_IMPORT_AGE_HOURS=48)
def test_readyz_answers_503_when_nothing_was_ever_imported(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cqc_import"] == {"ok": False, "detail": "no CQC import yet"}


def test_readyz_answers_503_naming_the_database_when_it_is_down(client, db, monkeypatch, caplog):
    class Unreachable:
        def cursor(self):
            raise OperationalError("could not connect to server at 10.0.0.5")

    monkeypatch.setattr(health, "connections", {"default": Unreachable()})
    with caplog.at_level(logging.WARNING, logger="carewatch.ops.health"):
        response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["failed"] == ["cqc_import", "database", "queue"]
    assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
    assert body["checks"]["cache"]["ok"] is True
    assert "10.0.0.5" not in response.content.decode()  # the reason is logged, not published
    assert "readyz: database failed" in caplog.text


def test_readyz_answers_503_when_the_cache_loses_what_it_was_given(client, db, monkeypatch):
    from django.core.cache import caches

    monkeypatch.setattr(caches["default"], "get", lambda *a, **k: None)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


@pytest.mark.django_db
def test_queue_lag_fails_when_the_oldest_task_has_waited_too_long(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CAREWATCH_READY_MAX_QUEUE_LAG_SECONDS = 600
    now = timezone.now()
    assert health.check_queue(now).ok
    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="carewatch.ops.tasks.refresh_dashboards",
        backend_name="default",
        run_after=now - timedelta(minutes=20),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=now - timedelta(minutes=20))
    check = health.check_queue(now)
    assert not check.ok
    assert "1200 s ago" in check.detail
