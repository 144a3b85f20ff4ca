"""The database is unreachable (restarting, failing over): a GOV.UK "service unavailable" page with 503
and ``Retry-After``, not Django's 500.

Django turns an exception anywhere in the middleware or the view into a 500 before this outermost
middleware sees the response; ``got_request_exception`` tells it first which exception it was. A
write refused by a read-only database keeps its own page (carewatch.core.read_only). The page is
rendered without a request, so no context processor touches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from carewatch.core import read_only

RETRY_AFTER_SECONDS = 5
FLAG = "_carewatch_database_unavailable"


def note_exception(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    import sys

    error = sys.exc_info()[1]
    if (
        request is not None
        and isinstance(error, OperationalError | InterfaceError)
        and not read_only.is_read_only(error)
    ):
        setattr(request, FLAG, True)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Django makes the middleware once per process, before the first request: the signal that marks a
        # request whose error was the database going away is connected here, once (dispatch_uid).
        got_request_exception.connect(note_exception, dispatch_uid="carewatch-db-unavailable")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, FLAG, False):
            response = HttpResponse(render_to_string("ops/unavailable.html"), status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response["Cache-Control"] = "no-store"
        return response
