"""One error shape for every answer the API gives that is not a success.

    {"error": {"code": "not_found", "message": "no location with CQC id 1-999", "field": null}}

``code`` is stable and meant for programs; ``message`` is for people; ``field`` names the input at
fault (a query parameter, a body field, ``Authorization``) when there is one.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

logger = logging.getLogger("carewatch.api")

# The codes a client can meet, by HTTP status (docs/api.md lists them with examples).
DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}


class ApiError(HttpError):
    """Raise from an endpoint (or an auth callback) to answer with the error shape."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        field: str | None = None,
        *,
        retry_after: int | None = None,
    ):
        super().__init__(status_code, message)
        self.code = code
        self.field = field
        self.retry_after = retry_after  # seconds, sent as Retry-After


def body(code: str, message: str, field: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field}}


def json_response(status: int, code: str, message: str, field: str | None = None) -> HttpResponse:
    """The error shape outside a ninja operation (unknown paths, wrong methods)."""
    return HttpResponse(
        json.dumps(body(code, message, field)), status=status, content_type="application/json"
    )


def install(api: NinjaAPI) -> None:
    """Answer every exception an operation raises with the error shape."""

    def respond(request: HttpRequest, status: int, code: str, message: str, field: str | None = None):
        response = api.create_response(request, body(code, message, field), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="carewatch"'
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        first = exc.errors[0] if exc.errors else {}
        field = ".".join(str(part) for part in first.get("loc", [])[1:]) or None
        return respond(request, 422, "invalid", first.get("msg", "invalid input"), field)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc, ApiError):
            response = respond(request, exc.status_code, exc.code, exc.message, exc.field)
            if exc.retry_after is not None:
                response["Retry-After"] = str(exc.retry_after)
            return response
        if isinstance(exc, Throttled):
            return respond(
                request, 429, "rate_limited", "Too many requests: wait for the time in Retry-After."
            )
        if isinstance(exc, AuthenticationError):
            return respond(
                request,
                401,
                "unauthenticated",
                "This needs an API token: send Authorization: Bearer cw_…",
                "Authorization",
            )
        if isinstance(exc, AuthorizationError):
            return respond(request, 403, "forbidden", "Your token does not allow this.")
        return respond(request, exc.status_code, DEFAULT_CODES.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, 404, "not_found", str(exc) or "Not found.")

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc: RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return respond(
            request,
            413,
            "too_large",
            f"The body is larger than {limit:g} MB, the most carewatch reads (CAREWATCH_MAX_REQUEST_MB).",
            "body",
        )

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc: PermissionDenied):
        return respond(request, 403, "forbidden", str(exc) or "You cannot see this.")

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request, exc: Exception):
        # The database restarting or unreachable (docs/deployment.md): try again shortly, not a 500.
        from carewatch.core import read_only

        if read_only.is_read_only(exc):
            response = respond(
                request, 503, "read_only", "carewatch is read-only just now: nothing was saved."
            )
            response["Retry-After"] = "60"
            return response
        logger.warning("API: database unavailable on %s %s: %s", request.method, request.path, exc)
        response = respond(
            request,
            503,
            "unavailable",
            "carewatch cannot reach its database just now. Try again in a few seconds.",
        )
        response["Retry-After"] = "5"
        return response

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        # Log the details for us; tell the client nothing about the inside.
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, "server_error", "Something went wrong on our side. Try again later.")
