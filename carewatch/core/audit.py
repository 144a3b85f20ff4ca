"""Writing the audit trail. Services call :func:`record` (or :func:`write`) inside their own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from carewatch.core import data_version
from carewatch.core.models import AuditEntry

if TYPE_CHECKING:
    from carewatch.core.models import Organisation, User


def actor_label(user: User | None, fallback: str = "carewatch") -> str:
    """How a person is named in the audit trail and on records: full name, else username."""
    if user is None:
        return fallback
    return user.get_full_name() or user.username


def record(
    *,
    at: datetime,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: User | None = None,
    organisation: Organisation | None = None,
) -> AuditEntry:
    """Append one entry. ``organisation`` defaults to the actor's: the organisation whose trail it joins.

    Every write is audited here, so this is where the data's version changes (``core.data_version``):
    pages cached under the old version are not served once the write commits."""
    if organisation is None and actor is not None:
        organisation = actor.organisation
    data_version.changed()
    return AuditEntry.objects.create(
        at=at,
        actor=actor,
        actor_label=actor_label,
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
    )


def write(
    *,
    now: datetime,
    actor: User | None,
    organisation: Organisation | None,
    action: str,
    object_type: str,
    object_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    label: str | None = None,
) -> AuditEntry:
    """:func:`record` as the domain services call it: the actor named by :func:`actor_label`."""
    return record(
        at=now,
        actor=actor,
        actor_label=label or actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        organisation=organisation,
    )
