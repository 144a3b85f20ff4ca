"""Rate limits on what anyone can send without signing in: password-reset requests, public
feedback, and API tokens that do not work (docs/security.md, "Limits on input").

A rate reads ``N/period``: ``5/h`` is five an hour; the period is ``s``, ``m``, ``h`` or ``d``,
optionally with a number before it (``10/15m``). Each rate comes from a setting, read at every call,
so a changed setting applies at once.

Counting uses fixed windows in Django's ``limits`` cache (one key per thing counted and window,
holding a number): a window opens with the first attempt and closes ``period`` later, and the
answer beyond the limit says how many seconds remain. In production the ``limits`` cache is files
under ``CAREWATCH_CACHE_DIR``, shared by every carewatch process on the machine (docs/configuration.md).
Keys are sha256 digests, so no email address or client address is written to the cache.

Views call these at the edge, with the clock read there (``now``): the limits are not domain rules.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

CACHE = "limits"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$", re.IGNORECASE)
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.limit} every {self.seconds} seconds"


def parse_rate(text: str) -> Rate:
    """``"5/h"`` → Rate(5, 3600); ``"10/15m"`` → Rate(10, 900). A malformed rate is a ValueError."""
    match = _RATE.match(text or "")
    if match is None:
        raise ValueError(f"a rate reads N/period, like 5/h or 10/15m, not {text!r}")
    count, multiple, unit = match.groups()
    seconds = int(multiple or 1) * _SECONDS[unit.lower()]
    if seconds <= 0:
        raise ValueError(f"a rate's period must be longer than nothing, not {text!r}")
    return Rate(limit=int(count), seconds=seconds)


def rate_from(setting: str) -> Rate:
    return parse_rate(str(getattr(settings, setting)))


def client_address(request: HttpRequest) -> str:
    """The address the request came from: ``REMOTE_ADDR``, never a header the client can write
    (``X-Forwarded-For``), the same address django-axes and the API's throttles count."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(bucket: str, who: str, rate: Rate, now: datetime) -> tuple[str, int]:
    """The cache key of this window and the seconds until it closes."""
    stamp = now.timestamp()
    window = int(stamp // rate.seconds)
    digest = hashlib.sha256(f"{bucket}\0{who}".encode()).hexdigest()
    closes_in = max(1, math.ceil((window + 1) * rate.seconds - stamp))
    return f"rate:{bucket}:{digest}:{rate.seconds}:{window}", closes_in


def over_limit(*, bucket: str, who: str, rate: Rate, now: datetime) -> int | None:
    """Seconds to wait when ``who`` has already reached the limit in this window, else None (counts nothing)."""
    key, closes_in = _key(bucket, who, rate, now)
    used = caches[CACHE].get(key, 0)
    return closes_in if used >= rate.limit else None


def count(*, bucket: str, who: str, rate: Rate, now: datetime) -> int | None:
    """Count one attempt by ``who``; seconds to wait when it goes beyond the limit, else None."""
    key, closes_in = _key(bucket, who, rate, now)
    cache = caches[CACHE]
    cache.add(key, 0, timeout=closes_in + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # the window closed (the key expired) between add and incr: a new one opens
        cache.add(key, 1, timeout=closes_in + 1)
        used = 1
    return closes_in if used > rate.limit else None


def minutes(seconds: int) -> int:
    """Whole minutes, rounded up, for pages that say how long to wait."""
    return max(1, math.ceil(seconds / 60))
