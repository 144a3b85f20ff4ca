"""Put the public pages people open most into the page cache, so that after an import the first
visitor of each is served at once (``carewatch warm-pages``; docs/deployment.md, "Warming the page cache").

Each page is requested through Django itself, the whole middleware stack, as a visitor with no cookie
reaching gunicorn through nginx would be: HTTPS when ``CAREWATCH_SITE_URL`` says so, and the Host
nginx passes (``$host``: the site's host name, without a port). What is kept is therefore exactly what
that visitor would have caused to be kept (``carewatch.config.page_cache``), under the same key.

Bounded: a fixed list, 186 pages for England, drawn one after another (about 10 s on one core). Idempotent:
a page already kept under the data's version is a hit and costs a millisecond or two, so running it
twice, or after a refresh that changed nothing, does no harm. Nothing is kept when the page cache is off
(``CAREWATCH_PAGE_CACHE_SECONDS=0``, or caches in each process's memory), and, with a read replica,
in the first ``CAREWATCH_REPLICA_MAX_LAG_SECONDS`` after a write (a lagging replica could show the old
data): those pages are counted as not kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse

from carewatch.core import data_version
from carewatch.insights import warming as chart_warming
from carewatch.insights.areas import SERVICES
from carewatch.register import models as register

HEADER = "X-Page-Cache"  # carewatch.config.page_cache.HEADER: "miss" when kept now, "hit" when it was kept


@dataclass
class Warmed:
    kept: int = 0  # drawn now and kept
    already: int = 0  # were kept already (a hit)
    not_kept: list[str] = field(default_factory=list)  # answered but not kept, or not 200: path and why
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return self.kept + self.already + len(self.not_kept)


def enabled() -> bool:
    """Whether pages can be kept at all (the same test as ``config.page_cache.enabled``)."""
    return settings.CAREWATCH_PAGE_CACHE_SECONDS > 0 and data_version.shared()


def paths() -> list[str]:
    """The pages to warm, most visited first: the home page; the market dashboard of England and of each
    region for every service type (and ``/insights/`` itself); the commissioner league; the first page
    of each council's services (``/services/?la=…``, as the market page links them)."""
    dashboard = reverse("insights:dashboard")
    found = [reverse("public:home"), dashboard]
    for area in chart_warming.areas_to_warm():
        found += [f"{dashboard}?area={area.key}&service={service}" for service in SERVICES]
    found.append(reverse("insights:commissioner_league"))
    search = reverse("public:location_search")
    councils = (
        register.LocalAuthority.objects.filter(abolished_on__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    found += [f"{search}?la={code}" for code in councils]
    return found


def warm_pages(*, site_url: str | None = None) -> Warmed:
    """Request each of :func:`paths` as an anonymous visitor of ``site_url`` (``CAREWATCH_SITE_URL``)."""
    warmed = Warmed()
    if not enabled():
        return warmed
    started = time.perf_counter()
    site = urlsplit(site_url or settings.CAREWATCH_SITE_URL)
    scheme, host = site.scheme or "https", site.hostname or "localhost"
    client = Client(raise_request_exception=False)
    for path in paths():
        client.cookies.clear()  # every page as a visitor with no cookie (a CSRF cookie would be kept)
        response = client.get(
            path, secure=scheme == "https", headers={"host": host, "x-forwarded-proto": scheme}
        )
        outcome = response.get(HEADER, "")
        if response.status_code != 200:
            warmed.not_kept.append(f"{path}: answered {response.status_code}")
        elif outcome == "miss":
            warmed.kept += 1
        elif outcome == "hit":
            warmed.already += 1
        else:
            warmed.not_kept.append(f"{path}: not kept")
    warmed.seconds = time.perf_counter() - started
    return warmed
