"""Two coordinators cannot both take the last bed: two acceptances for Oak House's one general nursing bed,
released at the same moment, place one person and refuse the other.

Needs a database where two connections really run at once: PostgreSQL
(``bash scripts/with-postgres.sh .venv/bin/pytest tests/discharge``). Skipped on SQLite, where writers are
serialised anyway; test_services.py::test_the_last_bed_goes_to_the_first_acceptance_only covers the rule
in sequence there.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections

from carewatch.discharge import errors, services
from carewatch.discharge.models import Placement
from tests.discharge.conftest import NOW
from tests.discharge.given import a_referral

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "two acceptances at once need PostgreSQL (SQLite serialises writers): "
            "run bash scripts/with-postgres.sh .venv/bin/pytest tests/discharge"
        )


def at_once(*calls, monkeypatch, hold_seconds: float = 0.3):
    """Each call in its own thread, released together; the first to count the beds holds its lock a while."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    original = services.beds_free

    def slow_count(**kwargs):
        free = original(**kwargs)
        time.sleep(hold_seconds)
        return free

    monkeypatch.setattr(services, "beds_free", slow_count)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the loser's exception is the result
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_acceptances_for_the_last_bed_place_one_person_only(world, monkeypatch):
    first = a_referral(world, NOW, "RD-001")
    second = a_referral(world, NOW, "RD-002", coordinator=world.second_coordinator)
    (one,) = services.send_requests(
        referral=first, actor=world.coordinator, location_ids=[world.oak.pk], now=NOW
    )
    (two,) = services.send_requests(
        referral=second, actor=world.second_coordinator, location_ids=[world.oak.pk], now=NOW
    )
    later = NOW + timedelta(minutes=5)
    results = at_once(
        lambda: services.accept_request(request=one, actor=world.acme_manager, now=later),
        lambda: services.accept_request(request=two, actor=world.acme_manager, now=later),
        monkeypatch=monkeypatch,
    )
    refused = [r for r in results if isinstance(r, errors.NoBedLeft)]
    placed = [r for r in results if isinstance(r, Placement)]
    assert len(placed) == 1 and len(refused) == 1, results
    assert Placement.objects.filter(location=world.oak).count() == 1
