"""Rate limits (django-ninja throttling): per address without a token, per token with one.

The rates come from ``CAREWATCH_API_RATE_ANON`` and ``CAREWATCH_API_RATE_TOKEN`` ("60/m", "600/m",
docs/configuration.md), read on each request so that a changed setting applies at once. The
history lives in Django's cache, per process with the default local-memory cache. A refused call
gets 429 in the error shape with ``Retry-After`` in whole seconds.
"""

from __future__ import annotations

import math
import threading

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from carewatch.api.auth import token_of


class _SettingRate:
    """Reads its rate from a Django setting per request; keeps per-request state per thread.

    ninja's SimpleRateThrottle keeps the last request's key and history on the (shared) throttle
    object; under a threaded server two requests could mix them up, so they live in a thread-local.
    """

    setting: str

    def __init__(self) -> None:
        self._state = threading.local()
        super().__init__(rate=getattr(settings, self.setting))  # type: ignore[call-arg]

    # ninja's attributes, per thread
    key = property(lambda self: self._state.key, lambda self, value: setattr(self._state, "key", value))
    history = property(
        lambda self: self._state.history, lambda self, value: setattr(self._state, "history", value)
    )
    now = property(lambda self: self._state.now, lambda self, value: setattr(self._state, "now", value))

    def get_ident(self, request: HttpRequest) -> str | None:
        """The caller's address: X-Forwarded-For only when NINJA_NUM_PROXIES says how many proxies
        to trust (ninja would otherwise believe any X-Forwarded-For a client sends)."""
        from ninja.conf import settings as ninja_settings

        if ninja_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR")
        return super().get_ident(request)  # type: ignore[misc]

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)  # type: ignore[attr-defined]
        self.history = []
        return super().allow_request(request)  # type: ignore[misc]

    def wait(self) -> float:
        """Seconds until the oldest counted request leaves the window (at least one)."""
        history = self.history
        if not history:
            return 1.0
        return max(1.0, math.ceil(self.duration - (self.now - history[-1])))


class AnonThrottle(_SettingRate, AnonRateThrottle):
    """Calls without a token, counted per address."""

    setting = "CAREWATCH_API_RATE_ANON"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if token_of(request) is not None:
            return None  # calls with a token are TokenThrottle's
        return self.cache_format % {"scope": "anon", "ident": self.get_ident(request)}


class TokenThrottle(_SettingRate, AuthRateThrottle):
    """Calls with a token, counted per token (whoever sends it)."""

    setting = "CAREWATCH_API_RATE_TOKEN"

    # ninja's AuthRateThrottle narrows the return to str, but its SimpleRateThrottle lets every
    # request with no key through (allow_request: ``if self.key is None: return True``).
    def get_cache_key(self, request: HttpRequest) -> str | None:  # type: ignore[override]
        token = token_of(request)
        if token is None:
            return None  # anonymous calls are AnonThrottle's
        return self.cache_format % {"scope": "token", "ident": token.pk}
