"""Whole pages for the public, kept in the default cache under the data's version (docs/scale.md).

Most of the traffic is the public site, dashboards and API reads, the same for every visitor who is
not signed in, and their content changes only when carewatch's data does. This middleware keeps
such a response and serves it again until the data changes (``core.data_version``: every audited
write, when it commits), the day changes, or ``CAREWATCH_PAGE_CACHE_SECONDS`` pass, whichever is first.

What is never kept or served from here (tests/ops/test_page_cache.py tries each):
- anything for a signed-in person, or a request with a session or messages cookie, or any cookie but
  the CSRF one (which only matters to a page with a form, and such a page is never kept); an API
  call with a token (``Authorization``); anything but GET;
- a response that set a cookie, wrote the session or queued a message. A page with a form (the
  shortlist's "Add" button) is kept with a placeholder where its CSRF token was, and each visitor
  gets their own token put there when it is served (and their CSRF cookie, as Django would set it);
  a page where the token appears anywhere but a form's ``csrfmiddlewaretoken`` field is not kept;
- a response that varies on anything but cookies, or says ``private``/``no-store``/``no-cache``,
  or is not a 200 HTML or JSON page;
- any URL not in :data:`CACHEABLE`: pages whose content for the public depends only on the data,
  the date, the address and the query string.

Kept under the host, scheme, path and query string: a different address is a different page (the
query string as the view reads it, so parameters in another order or another spelling of the same
characters are the same page). The
headers every response gets (security headers, CSP, request id, ``Vary``, cookies) are added by the
middleware outside this one, afresh on each response, since this one is the last in MIDDLEWARE.
An API call served from here still counts against the anonymous rate limit.

With a streaming replica (``DATABASE_REPLICA_URL``), nothing is kept in the first
``CAREWATCH_REPLICA_MAX_LAG_SECONDS`` after a write: a replica that lags could show the old data.

Only when the default cache is shared by every process (Redis, or files on one machine): with
per-process memory a write made by another process (the worker, an import on the command line)
could not invalidate this process's pages, so nothing is kept.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.utils import timezone

from carewatch.api.throttling import AnonThrottle
from carewatch.core import data_version

# Pages whose anonymous content depends only on the data, the day, the address and the query string.
CACHEABLE = frozenset(
    {
        "public:home",
        "public:location_search",
        "public:location_detail",
        "public:provider_detail",
        "public:market",
        "public:find",
        "insights:dashboard",
        "insights:commissioner_league",
        "insights:commissioner_detail",
        "api:list_locations",
        "api:location",
    }
)
API = frozenset({"api:list_locations", "api:location"})
CONTENT_TYPES = ("text/html", "application/json")
MAX_BYTES = 2 * 1024 * 1024
NOT_KEPT_HEADERS = {"content-length", "vary", "set-cookie", "date", "expires", "x-page-cache"}
HEADER = "X-Page-Cache"
FORMAT = 1  # of what is kept: a new number when it changes, so that a new release never reads an old one
CSRF_PLACEHOLDER = b"carewatch-page-cache-csrf-token"
_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
_ANY_TOKEN = re.compile(rb"[A-Za-z0-9]{64}")

_api_throttle = AnonThrottle()


def enabled() -> bool:
    return settings.CAREWATCH_PAGE_CACHE_SECONDS > 0 and data_version.shared()


def _eligible(request: HttpRequest) -> bool:
    match = request.resolver_match
    if request.method != "GET" or match is None or match.view_name not in CACHEABLE:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}:
        return False  # a session (signed in, or a shortlist), messages, or a cookie we do not know
    return not request.user.is_authenticated


def query_of(request: HttpRequest) -> str:
    """The query string as the view reads it: parameters in name order, each name's values in the order
    given, one spelling of each character (a form's ``region%3AE12000002`` is a link's ``region:E12000002``)."""
    return urlencode([(name, value) for name in sorted(request.GET) for value in request.GET.getlist(name)])


def key_for(request: HttpRequest, version: str) -> str:
    page = f"{request.scheme}://{request.get_host()}{request.path}?{query_of(request)}"
    digest = hashlib.sha256(page.encode()).hexdigest()
    return f"page:{FORMAT}:{version}:{timezone.localdate().isoformat()}:{digest}"


def csrf_uses(request: HttpRequest) -> bool:
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"))


def without_csrf_tokens(content: bytes, secret: str) -> bytes | None:
    """The page with each form's CSRF token (made from this visitor's ``secret``) replaced by the
    placeholder; None when a token made from it is anywhere else (it would be served to others)."""

    def is_theirs(token: bytes) -> bool:
        try:
            # Django's own unmasking (private, stable since 4.1): is this token made from the secret?
            return csrf._unmask_cipher_token(token.decode()) == secret  # type: ignore[attr-defined]
        except (ValueError, UnicodeDecodeError):
            return False

    punched = _CSRF_FIELD.sub(
        lambda m: m.group(1) + CSRF_PLACEHOLDER + m.group(3) if is_theirs(m.group(2)) else m.group(0), content
    )
    if secret.encode() in punched or any(is_theirs(m.group(0)) for m in _ANY_TOKEN.finditer(punched)):
        return None
    return punched


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    if request.user.is_authenticated:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"cookie"}:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if not response.get("Content-Type", "").startswith(CONTENT_TYPES):
        return False
    return len(response.content) <= MAX_BYTES


class PageCacheMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is not None and _keepable(request, response):
            content: bytes | None = response.content
            with_form = csrf_uses(request)
            if with_form:
                content = without_csrf_tokens(response.content, request.META.get("CSRF_COOKIE", ""))
            if content is not None:
                headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_KEPT_HEADERS]
                cache.set(key, (content, headers, with_form), settings.CAREWATCH_PAGE_CACHE_SECONDS)
                response[HEADER] = "miss"
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not enabled() or not _eligible(request):
            return None
        version = data_version.current()
        key = key_for(request, version)
        kept = cache.get(key)
        if kept is None:
            if data_version.settled(version):  # a replica may not yet show this version's data
                request._page_cache_key = key  # type: ignore[attr-defined]
            return None
        if request.resolver_match.view_name in API and not _api_throttle.allow_request(request):  # type: ignore[union-attr]
            return None  # over the limit: the API answers 429 itself
        content, headers, with_form = kept
        if with_form:  # this visitor's own token (and CSRF cookie, set by CsrfViewMiddleware)
            content = content.replace(CSRF_PLACEHOLDER, csrf.get_token(request).encode())
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response
