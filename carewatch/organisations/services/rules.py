"""Who may manage what, checked again in every service, and the refusal the views show as a form error."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role


class OrganisationError(Exception):
    """A request the rules refuse; ``field`` names the form field to show it beside (None: the whole form)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def require_system_admin(actor: User) -> None:
    if not actor.is_superuser:
        raise PermissionDenied("Only a system administrator manages organisations.")


def require_may_manage(actor: User, organisation: Organisation | None) -> None:
    if actor.is_superuser:
        return
    if organisation is None or actor.organisation_id != organisation.pk or not actor.has_role(Role.ORG_ADMIN):
        raise PermissionDenied("You can only manage people in your own organisation.")


def require_own_administrator(actor: User, organisation: Organisation) -> None:
    """``actor`` is an active administrator of ``organisation`` itself (a system administrator is not)."""
    if not actor.is_active or actor.organisation_id != organisation.pk or not actor.has_role(Role.ORG_ADMIN):
        raise PermissionDenied("Only the organisation’s own administrator can change this.")


def actor_label(actor: User) -> str:
    """The audit trail's name for the actor, saying so when a system administrator acted."""
    name = audit.actor_label(actor)
    return f"{name} (system administrator)" if actor.is_superuser else name
