from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
OLDHAM_DUMP = SHARED_DATA / "cqc-api-oldham"


@pytest.fixture
def oldham_dump() -> Path:
    """The real CQC API responses for Oldham, read in place from ../shared (never copied)."""
    if not OLDHAM_DUMP.is_dir():
        pytest.skip(f"real CQC data not found at {OLDHAM_DUMP}: ../shared/data is absent on this machine")
    return OLDHAM_DUMP


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: cached figures are keyed by the register's version (a snapshot
    id), which a rolled-back test database hands out again, so one test's figures must not reach the next."""
    from django.core.cache import caches

    from carewatch.insights import charts

    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()
    charts.clear_cache(shared=False)


@pytest.fixture
def read_only_database(transactional_db):
    """From here on the database refuses every write, as a read-only SQLite file or a PostgreSQL standby
    does, with the engine's own error: SQLite's ``query_only`` ("attempt to write a readonly database"),
    PostgreSQL's ``default_transaction_read_only`` ("cannot execute INSERT in a read-only transaction").
    Transactional, so that each statement runs (and fails) as it would in production."""
    from django.db import connection

    switch = {
        "sqlite": ("PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
        "postgresql": ("SET default_transaction_read_only = on", "SET default_transaction_read_only = off"),
    }.get(connection.vendor)
    if switch is None:
        pytest.skip(f"no read-only switch for {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(switch[0])
    yield
    with connection.cursor() as cursor:
        cursor.execute(switch[1])
