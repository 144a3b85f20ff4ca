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
