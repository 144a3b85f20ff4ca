# The case-work world and its due actions (tests/cases), for the digest task and the backup round trip.
import pytest

from tests.cases.conftest import world  # noqa: F401
from tests.cases.test_digest import due  # noqa: F401


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache every process shares (files, as on one machine), so the page cache is on."""
    from carewatch.config import page_cache

    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / alias),
        }
        for alias in ("default", "charts", "limits")
    }
    settings.CAREWATCH_PAGE_CACHE_SECONDS = 300
    assert page_cache.enabled()
