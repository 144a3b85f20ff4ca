"""What every page of the ladder does the same way at the edge: the date, finding a record the person may
see (or a 404), refusing someone who may not act, and putting a domain error on its form.

The clock, the posted data and ``put_error`` are :mod:`carewatch.core.http`'s; reads go through
``carewatch.cases.queries``, so another council's record looks like none.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from carewatch.cases import errors, forms, presenters, queries
from carewatch.cases.models import Action, Case, Proposal, Suspension
from carewatch.core import http
from carewatch.core.models import User

now = http.now
posted = http.posted

FormT = TypeVar("FormT", bound=forms.Form)


def today() -> date:
    return timezone.localdate(http.now())


def put_error(form: forms.Form, error: http.DomainError, *, field: str | None = None) -> None:
    """A domain error as a form error: beside its field when the form has it, else for the whole form.
    Someone else's change to the case is said in the page's words, naming who did what."""
    if isinstance(error, errors.CaseChanged):
        what = error.what_changed.describe() if error.what_changed else "it was changed"
        form.add_error(None, f"Someone else changed this case: {what}. Review and decide again.")
        return
    http.put_error(form, error, field=field)


def rebind_revision(form_class: type[FormT], request: HttpRequest, revision: int, **kwargs: Any) -> FormT:
    """The posted form again, carrying the revision the person now sees (after someone else changed the case)."""
    data = request.POST.copy()
    data["seen_revision"] = str(revision)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


# --- the record, or a 404 ------------------------------------------------------------------------


def case_or_404(user: User, case_id: int) -> Case:
    try:
        return queries.case_for(user, case_id)
    except Case.DoesNotExist:
        raise Http404("No such case") from None


def proposal_or_404(user: User, proposal_id: int) -> Proposal:
    try:
        return queries.proposal_for(user, proposal_id)
    except Proposal.DoesNotExist:
        raise Http404("No such proposal") from None


def action_or_404(user: User, action_id: int) -> Action:
    try:
        return queries.action_for(user, action_id)
    except Action.DoesNotExist:
        raise Http404("No such action") from None


def suspension_or_404(user: User, suspension_id: int) -> Suspension:
    try:
        return queries.suspension_for(user, suspension_id)
    except Suspension.DoesNotExist:
        raise Http404("No such suspension") from None


# --- who may act -----------------------------------------------------------------------------------


def refusal_to_act(user: User, case: Case) -> HttpResponse | None:
    """None when ``user`` may act on ``case``. A system administrator (who belongs to no council) is
    shown the case instead; anyone else is refused."""
    if presenters.can_act(user, case):
        return None
    if user.is_superuser:
        return redirect("cases:case_detail", case_id=case.pk)
    raise PermissionDenied("Only the council that owns this case acts on it.")


def refusal_to_decide(user: User, case: Case) -> HttpResponse | None:
    """None when ``user`` may decide on ``case`` (as :func:`refusal_to_act`)."""
    if presenters.can_decide(user, case):
        return None
    if user.is_superuser:
        return redirect("cases:case_detail", case_id=case.pk)
    raise PermissionDenied("Only a QA manager of the council that owns this case decides.")
