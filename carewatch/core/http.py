"""What every view does at the edge: read the clock once, take the posted data, put a domain error on
its form. Domain code never reads the clock: views pass ``now()`` in."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils import timezone

if TYPE_CHECKING:
    from carewatch.core.models import User


class DomainError(Protocol):
    """Any app's domain error: a message for people and, where it belongs to one, a field."""

    message: str
    field: str | None


class SignedInRequest(HttpRequest):
    """The request a view behind ``access.signed_in`` or ``access.system_admin`` receives: its user is a person."""

    user: User


def now() -> datetime:
    return timezone.now()


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, even when empty (an empty POST must show errors), or None for a GET."""
    return request.POST if request.method == "POST" else None


def put_error(form: forms.Form, error: DomainError, *, field: str | None = None) -> None:
    """Show a domain error beside its field (``field`` overrides the error's own), else above the form."""
    name = field or error.field
    form.add_error(name if name in form.fields else None, error.message)
