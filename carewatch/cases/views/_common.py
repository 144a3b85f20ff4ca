"""What every page of the ladder does the same way: the clock, posted data, domain errors on forms."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone

from carewatch.cases import errors, presenters


def now():
    return timezone.now()


def today():
    return timezone.localdate()


def posted(request):
    return request.POST if request.method == "POST" else None


def put_error(form, error) -> None:
    """A domain error as a form error: beside its field when the form has it, else for the whole form."""
    field = getattr(error, "field", None)
    if isinstance(error, errors.CaseChanged):
        what = error.what_changed.describe() if error.what_changed else "it was changed"
        form.add_error(None, f"Someone else changed this case: {what}. Review and decide again.")
        return
    form.add_error(field if field in form.fields else None, error.message)


def rebind_revision(form_class, request, revision: int, **kwargs):
    """The posted form again, carrying the revision the person now sees (after someone else changed the case)."""
    data = request.POST.copy()
    data["seen_revision"] = str(revision)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def refusal_to_act(user, case):
    """None when ``user`` may act on ``case``. A system administrator (who belongs to no council) is
    shown the case instead; anyone else is refused."""
    if presenters.can_act(user, case):
        return None
    if user.is_superuser:
        return redirect("cases:case_detail", case_id=case.pk)
    raise PermissionDenied("Only the council that owns this case acts on it.")


def refusal_to_decide(user, case):
    """None when ``user`` may decide on ``case`` (as :func:`refusal_to_act`)."""
    if presenters.can_decide(user, case):
        return None
    if user.is_superuser:
        return redirect("cases:case_detail", case_id=case.pk)
    raise PermissionDenied("Only a QA manager of the council that owns this case decides.")
