"""HTTP client for the CQC public API v1: key and User-Agent headers, retries, paging.

Import it through :mod:`carewatch.register.importers.api_client`, which also holds the resumable
reader built on it. See docs/adr/0004-http-client-httpx-tenacity.md for why httpx and tenacity.

Behaviour:
- every request carries ``Ocp-Apim-Subscription-Key`` and a User-Agent (the API answers 403
  without one);
- 5xx, timeouts, connection errors and truncated or invalid JSON bodies are retried with
  exponential backoff; 429 waits for ``Retry-After`` seconds when the API gives them;
- after ``max_retries`` retries, or at once for 401/403 and other 4xx answers, a
  :class:`CQCApiError` names the URL, the status and the number of attempts;
- list endpoints are paged envelopes: the client follows ``nextPageUri`` (relative to the base
  URL) until it is null, and never sends the key to a host other than the base URL's.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import tenacity

DEFAULT_USER_AGENT = "carewatch/0.1 (+https://github.com/carewatch)"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
AUTH_HINT = (
    "check the CQC_API_KEY setting (a subscription key from the CQC API portal) and that a "
    "User-Agent header is sent: the CQC API answers 403 without either"
)


class CQCApiError(Exception):
    """A CQC API request failed for good: the message names the URL, status and attempts."""

    def __init__(self, message: str, *, url: str, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.attempts = attempts

    @property
    def is_auth_error(self) -> bool:
        return self.status in (401, 403)

    @property
    def gave_up(self) -> bool:
        """True when the request kept failing in a way worth retrying (5xx, 429, network, bad JSON)."""
        return self.status is None or self.status == 429 or self.status >= 500


class _Transient(Exception):
    """One failed attempt that is worth retrying; ``retry_after`` is the server's wait, if any."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.retry_after = retry_after


def format_timestamp(moment: datetime) -> str:
    """``2026-11-01T00:00:00Z``: UTC, whole seconds. A naive datetime is taken to be UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds; None when absent or not a number (an HTTP date is ignored)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(seconds, 0.0)


class CQCClient:
    """A synchronous client for the CQC public API.

    ``max_retries`` counts retries after the first attempt, so a request is tried at most
    ``max_retries + 1`` times. Waits go through ``sleep`` (injectable for tests): exponential backoff
    ``backoff × 2^n`` capped at ``backoff_max``, or the server's ``Retry-After`` capped at
    ``retry_after_max``.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 30.0,
        max_retries: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        backoff: float = 1.0,
        backoff_max: float = 60.0,
        retry_after_max: float = 300.0,
        per_page: int = 1000,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not user_agent:
            raise ValueError("the CQC API answers 403 without a User-Agent: give one")
        self.base_url = base_url.rstrip("/")
        self._base_path = urlsplit(self.base_url).path.rstrip("/")
        self.max_retries = max_retries
        self.per_page = per_page
        self._sleep = sleep
        self._backoff = tenacity.wait_exponential(multiplier=backoff, min=backoff, max=backoff_max)
        self._retry_after_max = retry_after_max
        self._http = httpx.Client(
            headers={KEY_HEADER: api_key, "User-Agent": user_agent, "Accept": "application/json"},
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
        )

    @classmethod
    def from_settings(cls, **options: Any) -> CQCClient:
        """A client for ``settings.CQC_API_BASE_URL`` with ``settings.CQC_API_KEY``."""
        from django.conf import settings

        key = getattr(settings, "CQC_API_KEY", "")
        if not key:
            raise CQCApiError(
                f"CQC_API_KEY is not set: {AUTH_HINT}", url=settings.CQC_API_BASE_URL, attempts=0
            )
        return cls(settings.CQC_API_BASE_URL, key, **options)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CQCClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- requests ---------------------------------------------------------------------------------

    def url_for(self, path: str) -> str:
        """The absolute URL for a path relative to the base (``/locations?page=2``) or an absolute one.

        An absolute URL must be under the base URL: the subscription key never goes elsewhere.
        """
        if path.startswith(("http://", "https://")):
            if not path.startswith(self.base_url + "/"):
                raise CQCApiError(f"refusing to follow {path}: it is not under {self.base_url}", url=path)
            return path
        path = "/" + path.lstrip("/")
        if self._base_path and path.startswith(self._base_path + "/"):
            path = path[len(self._base_path) :]  # a URI that already carries /public/v1
        return self.base_url + path

    def get_json(self, path: str) -> dict[str, Any]:
        """GET a path (relative to the base URL) and return its JSON object, retrying as documented."""
        url = self.url_for(path)
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(_Transient),
            sleep=self._sleep,
            reraise=True,
        )
        attempts = 0
        try:
            for attempt in retrying:
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    return self._get_once(url, attempts)
        except _Transient as error:
            raise CQCApiError(
                f"GET {url} failed after {attempts} attempts: {error}",
                url=url,
                status=error.status,
                attempts=attempts,
            ) from error
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, retry_state: tenacity.RetryCallState) -> float:
        error = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(error, _Transient) and error.retry_after is not None:
            return min(error.retry_after, self._retry_after_max)
        return float(self._backoff(retry_state))

    def _get_once(self, url: str, attempt: int) -> dict[str, Any]:
        try:
            response = self._http.get(url)
        except httpx.TimeoutException as error:
            raise _Transient(f"timed out ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise _Transient(f"connection failed ({type(error).__name__}: {error})") from error
        status = response.status_code
        if status == 429:
            raise _Transient(
                "429 Too Many Requests",
                status=status,
                retry_after=_parse_retry_after(response.headers.get("Retry-After")),
            )
        if status >= 500:
            raise _Transient(f"{status} {response.reason_phrase}", status=status)
        if status in (401, 403):
            raise CQCApiError(
                f"GET {url} was refused with {status} {response.reason_phrase}: {AUTH_HINT}",
                url=url,
                status=status,
                attempts=attempt,
            )
        if status != 200:
            raise CQCApiError(
                f"GET {url} answered {status} {response.reason_phrase}: {_snippet(response.content)}",
                url=url,
                status=status,
                attempts=attempt,
            )
        try:
            body = json.loads(response.content)
        except ValueError as error:
            raise _Transient(
                f"invalid or truncated JSON ({len(response.content)} bytes: {error})", status=status
            ) from error
        if not isinstance(body, dict):
            raise _Transient(f"expected a JSON object, got {type(body).__name__}", status=status)
        return body

    # -- lists and details ------------------------------------------------------------------------

    def iter_pages(self, first: str, list_key: str) -> Iterator[list[Any]]:
        """Each page's ``list_key`` list, following ``nextPageUri`` until it is null."""
        uri: str | None = first
        seen: set[str] = set()
        while uri:
            url = self.url_for(uri)
            if url in seen:
                raise CQCApiError(f"paging loops: nextPageUri {uri} was already fetched", url=url)
            seen.add(url)
            page = self.get_json(uri)
            items = page.get(list_key)
            if not isinstance(items, list):
                raise CQCApiError(f"GET {url}: the response has no {list_key!r} list", url=url, status=200)
            yield items
            next_uri = page.get("nextPageUri")
            uri = next_uri if isinstance(next_uri, str) and next_uri else None

    def iter_location_ids(self) -> Iterator[str]:
        """Every location id in the register (``GET /locations``, all pages)."""
        for items in self.iter_pages(f"/locations?page=1&perPage={self.per_page}", "locations"):
            yield from (_item_id(item, "locationId") for item in items)

    def iter_provider_ids(self) -> Iterator[str]:
        """Every provider id in the register (``GET /providers``, all pages)."""
        for items in self.iter_pages(f"/providers?page=1&perPage={self.per_page}", "providers"):
            yield from (_item_id(item, "providerId") for item in items)

    def changes_path(self, start: datetime, end: datetime) -> str:
        """``/changes/location?startTimestamp=…&endTimestamp=…`` with ``:`` left unencoded."""
        return (
            f"/changes/location?startTimestamp={format_timestamp(start)}&endTimestamp={format_timestamp(end)}"
        )

    def iter_changed_location_ids(self, start: datetime, end: datetime) -> Iterator[str]:
        """Ids of the locations changed between two moments (``GET /changes/location``, all pages)."""
        if start >= end:
            raise ValueError(f"the changes window must start before it ends ({start} >= {end})")
        for items in self.iter_pages(self.changes_path(start, end), "changes"):
            yield from (_item_id(item, "locationId") for item in items)

    def location_path(self, location_id: str) -> str:
        return f"/locations/{quote(location_id, safe='')}"

    def provider_path(self, provider_id: str) -> str:
        return f"/providers/{quote(provider_id, safe='')}"

    def location(self, location_id: str) -> dict[str, Any]:
        """``GET /locations/{id}``: the full detail JSON."""
        return self.get_json(self.location_path(location_id))

    def provider(self, provider_id: str) -> dict[str, Any]:
        """``GET /providers/{id}``: the full detail JSON."""
        return self.get_json(self.provider_path(provider_id))


def _item_id(item: object, key: str) -> str:
    """A list entry's id: ``{"locationId": …}`` or a bare string (the changes list)."""
    if isinstance(item, dict):
        value = item.get(key)
        return value.strip() if isinstance(value, str) else ""
    return item.strip() if isinstance(item, str) else ""


def _snippet(content: bytes, limit: int = 200) -> str:
    text = content.decode("utf-8", "replace").strip()
    return text[:limit] + ("…" if len(text) > limit else "") if text else "(empty body)"
