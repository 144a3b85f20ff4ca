"""One token that changes whenever carewatch's data changes, for caches keyed on "what the data says".

Every write is audited (``core.audit.record``), so the audit helper calls :func:`changed` and the
token is replaced when that transaction commits (at once outside a transaction). A cache key that
includes :func:`current` is therefore never read after a write: an import, an undo, a published
summary or a moderated comment shows at once. The token lives in the default cache, so it is shared
by every process only when that cache is (Redis, or files on one machine); callers check
:func:`shared` before trusting it across processes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

KEY = "carewatch:data-version"
T = TypeVar("T")


def current() -> str:
    """The token now (a new one if the cache lost it: everything keyed on the old one is then unread)."""
    token = cache.get(KEY)
    if token is None:
        cache.add(KEY, _new_token(), None)
        token = cache.get(KEY) or ""
    return str(token)


def changed() -> None:
    """Data changed in this transaction: replace the token when it commits (now, in autocommit)."""
    transaction.on_commit(_replace)


def _replace() -> None:
    cache.set(KEY, _new_token(), None)


def _new_token() -> str:
    return f"{time.time():.3f}-{uuid.uuid4().hex}"


def settled(token: str) -> bool:
    """Whether what a read sees now is the data of this version. With a streaming replica
    (``DATABASE_REPLICA_URL``) a read may lag the write that made the version by up to
    ``CAREWATCH_REPLICA_MAX_LAG_SECONDS``: what it sees then must not be kept under the new version."""
    if not getattr(settings, "DATABASE_REPLICA_URL", ""):
        return True
    try:
        made_at = float(token.split("-", 1)[0])
    except ValueError:
        return True
    return time.time() - made_at > settings.CAREWATCH_REPLICA_MAX_LAG_SECONDS + 1


def shared() -> bool:
    """Whether every process sees the same token: not with per-process memory (or no cache), and not
    while the Redis cache has fallen back to this process's memory (``ops.cache.FallbackRedisCache``)."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache | DummyCache):
        return False
    return bool(getattr(backend, "redis_up", True))


def cached(key: str, compute: Callable[[], T], *, seconds: int | None = None) -> T:
    """``compute()``, kept in the default cache under ``key`` and the data's version, for at most
    ``seconds`` (``CAREWATCH_PAGE_CACHE_SECONDS``): for figures that read only carewatch's data and
    are the same for everyone who may see them. Computed afresh every time when the cache is not
    :func:`shared` (a write in another process could not replace this process's version)."""
    seconds = settings.CAREWATCH_PAGE_CACHE_SECONDS if seconds is None else seconds
    if seconds <= 0 or not shared():
        return compute()
    version = current()
    full_key = f"data:{version}:{key}"
    found = cache.get(full_key)
    if found is None:
        found = compute()
        if settled(version):
            cache.set(full_key, found, seconds)
    return cast(T, found)
