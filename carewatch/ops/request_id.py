"""A request id for every request: taken from nginx's ``X-Request-ID`` when it looks like one, made
here otherwise; sent back in the ``X-Request-ID`` response header and written on every log line
the request causes (carewatch.ops.logs)."""

from __future__ import annotations

import contextvars
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_SAFE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _SAFE.match(given) else new_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response
