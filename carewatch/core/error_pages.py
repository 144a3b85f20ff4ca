"""The 404 and 403 pages (``handler404``, ``handler403`` in ``carewatch.config.urls``) and the page for a
form refused by the CSRF check (``CSRF_FAILURE_VIEW``): GOV.UK pages with
the header and menu, what went wrong in plain English and a way on. A refusal shows the reason given
with ``PermissionDenied`` (carewatch's reasons are written for the person: "Your role does not allow this
page.")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

NOT_FOUND = "Page not found"
FORBIDDEN = "You cannot open this page"
FORM_REFUSED = "Your form could not be sent"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"page_title": NOT_FOUND}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"page_title": FORBIDDEN, "reason": reason}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an old page, cookies blocked, or sent from elsewhere)."""
    return render(request, "403_csrf.html", {"page_title": FORM_REFUSED}, status=403)
