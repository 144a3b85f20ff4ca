"""What every monitoring page does the same way at the edge: who may open it, finding the visit or report
asked for (or a 404), the council of the person signed in, and a page with one button that makes one
domain call. The clock, the posted data and ``put_error`` are :mod:`carewatch.core.http`'s."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, render

from carewatch.core import access, http
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import errors, presenters, queries

# Who may open a page (the services check again, whatever a page allowed).
COUNCIL_STAFF = access.signed_in(*access.COUNCIL_STAFF)
OFFICERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=(OrganisationKind.COUNCIL,))
SENIOR_OFFICERS = access.signed_in(Role.QA_MANAGER, organisation_kinds=(OrganisationKind.COUNCIL,))
CONFIGURERS = access.signed_in(
    Role.QA_MANAGER, Role.ORG_ADMIN, organisation_kinds=(OrganisationKind.COUNCIL,)
)
PROVIDER_USERS = access.signed_in(*access.PROVIDER_ROLES)


def visit_for(request, visit_id):
    """A visit the person's council owns or is shared (404 otherwise)."""
    return get_object_or_404(queries.visits_for(request.user), pk=visit_id)


def report_for(request, report_id):
    """A report sent to the person's provider (404 otherwise)."""
    return get_object_or_404(queries.reports_for_provider(request.user), pk=report_id)


def council_of(request):
    """The signed-in person's council, or None (a system administrator belongs to no council)."""
    organisation = request.user.organisation
    if organisation is None or organisation.kind != OrganisationKind.COUNCIL:
        return None
    return organisation


def confirm(
    request,
    visit,
    *,
    page_title: str,
    template: str,
    call: Callable[[], Any],
    form: forms.Form | None = None,
    extra: dict[str, Any] | None = None,
    done: str | Callable[[Any], str] | None = None,
):
    """A page with one button (and perhaps one form) that makes one domain call: None once the call is
    made (the caller redirects), else the page, with the service's refusal on the form. ``done`` is the
    success banner the next page shows (or makes it from the call's result)."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = call()
        except errors.MonitoringError as error:
            if form is None:
                form = forms.Form({})
                form.is_valid()
            http.put_error(form, error)
        else:
            if done is not None:
                messages.success(request, done(result) if callable(done) else done)
            return None
    context = {"page_title": page_title, "visit": visit, "form": form, "title": presenters.visit_title(visit)}
    return render(request, template, {**context, **(extra or {})})
