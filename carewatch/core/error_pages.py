"""The 404 and 403 pages (``handler404``, ``handler403`` in ``carewatch.config.urls``): GOV.UK pages with
the header and menu, what went wrong in plain English and a way on. A refusal shows the reason given
with ``PermissionDenied`` (carewatch's reasons are written for the person: "Your role does not allow this
page.")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

NOT_FOUND = "Page not found"
FORBIDDEN = "You cannot open this page"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"page_title": NOT_FOUND}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"page_title": FORBIDDEN, "reason": reason}, status=403)
