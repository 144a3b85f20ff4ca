"""Django's Redis cache backend, falling back to this process's memory when Redis is down.

With ``REDIS_URL`` every web worker and machine shares the caches (figures, charts, rate-limit
counters). When Redis cannot be reached, each call answers from a local-memory cache instead, and
Redis is not tried again for ``RETRY_SECONDS``, so a stopped Redis costs one short timeout, not one
per call: pages are still served and rate limits still count, per process, until Redis is back.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5.0
_OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
)


class FallbackRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        options = dict(params.get("OPTIONS") or {})
        # redis-py retries a failed connection with backoff by default (seconds per call when Redis
        # is down); here one failure is enough to fall back.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self.fallback = LocMemCache(
            f"fallback-{params.get('KEY_PREFIX', '')}", {"OPTIONS": {"MAX_ENTRIES": 5000}}
        )
        self._down_until = 0.0

    @property
    def redis_up(self) -> bool:
        return time.monotonic() >= self._down_until

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self.redis_up:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except Exception as error:  # redis.exceptions.ConnectionError, TimeoutError, …
                if not _is_redis_error(error):
                    raise
                self._down_until = time.monotonic() + RETRY_SECONDS
                logger.warning(
                    "Redis cache unreachable; using this process's memory for %s s",
                    RETRY_SECONDS,
                    extra={"error": str(error)},
                )
        return getattr(self.fallback, name)(*args, **kwargs)


def _is_redis_error(error: Exception) -> bool:
    import redis

    return isinstance(error, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError)


def _delegate(name: str) -> Any:
    def method(self: FallbackRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _OPERATIONS:
    setattr(FallbackRedisCache, _name, _delegate(_name))
