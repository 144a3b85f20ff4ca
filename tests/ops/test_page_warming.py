"""``carewatch warm-pages``: after it, the first member of the public to open a most-visited page is
served it from the page cache; running it again draws nothing; with the page cache off it keeps nothing.
An import and a dashboard refresh end with it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from carewatch.config import page_cache
from carewatch.ops import page_warming
from carewatch.register.models import LocalAuthority
from tests.insights.conftest import build_register

pytestmark = pytest.mark.django_db
SITE = "https://care.example.gov.uk"


@pytest.fixture
def shared_cache(shared_cache, settings):
    """The page cache on (tests/ops/conftest.py), for a site with its own address, as warming keeps pages
    under ``CAREWATCH_SITE_URL``'s host."""
    settings.CAREWATCH_SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["care.example.gov.uk", "testserver"]


def visitor_opens(path: str):
    """A member of the public, behind nginx (HTTPS, the site's host name): no cookie."""
    return Client().get(
        path, secure=True, headers={"host": "care.example.gov.uk", "x-forwarded-proto": "https"}
    )


def test_after_warming_the_first_visitor_to_each_most_visited_page_is_served_from_the_cache(shared_cache):
    build_register()
    out = StringIO()
    call_command("warm_pages", stdout=out)
    councils = LocalAuthority.objects.filter(abolished_on__isnull=True).count()
    # home, /insights/, 10 areas (England and 9 regions) × 3 services, the league, each council
    assert f"Pages warmed: {2 + 30 + 1 + councils} kept now, 0 kept already, 0 not kept" in out.getvalue()
    for path in (
        "/",
        "/insights/",
        "/insights/?area=region:E12000002&service=care-homes",
        "/insights/commissioners/",
        "/services/?la=E08000004",
    ):
        response = visitor_opens(path)
        assert (response.status_code, response[page_cache.HEADER]) == (200, "hit"), path
    assert visitor_opens("/insights/?area=la:E08000004&service=care-homes")[page_cache.HEADER] == "miss"
    # Kept under the host and scheme visitors use: another host's page is another page.
    assert Client().get("/", secure=True)[page_cache.HEADER] == "miss"
    # Idempotent: run again, every page is already kept and nothing is drawn.
    again = page_warming.warm_pages()
    assert (again.kept, again.already, again.not_kept) == (0, len(page_warming.paths()), [])


def test_with_the_page_cache_off_nothing_is_requested_or_kept(shared_cache, settings):
    settings.CAREWATCH_PAGE_CACHE_SECONDS = 0
    out = StringIO()
    call_command("warm_pages", stdout=out)
    assert "Pages not warmed: the page cache is off" in out.getvalue()
    settings.CAREWATCH_PAGE_CACHE_SECONDS = 300
    assert visitor_opens("/")[page_cache.HEADER] == "miss"


def test_a_dashboard_refresh_ends_by_warming_the_pages_under_the_data_version_it_left(shared_cache):
    build_register()
    out = StringIO()
    call_command("insights_refresh", stdout=out)
    assert "Pages warmed:" in out.getvalue()
    assert visitor_opens("/")[page_cache.HEADER] == "hit"
    assert visitor_opens("/insights/?area=england&service=all")[page_cache.HEADER] == "hit"


def test_an_import_ends_by_warming_the_pages_after_its_last_write(shared_cache, oldham_dump):
    out = StringIO()
    call_command("import_cqc", str(oldham_dump), stdout=out, stderr=StringIO())
    assert "Reviewed quality marks" in out.getvalue()  # a step that may write, before the warming
    assert "Pages warmed:" in out.getvalue().split("Reviewed quality marks")[1]
    assert visitor_opens("/")[page_cache.HEADER] == "hit"
    assert visitor_opens("/services/?la=E08000004")[page_cache.HEADER] == "hit"  # Oldham's services
