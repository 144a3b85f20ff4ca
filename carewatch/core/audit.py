"""Writing the audit trail. Services call :func:`record` inside their own transaction."""

from datetime import datetime

from carewatch.core.models import AuditEntry


def record(
    *,
    at: datetime,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    before: dict | None = None,
    after: dict | None = None,
    actor=None,
    organisation=None,
) -> AuditEntry:
    """Append one entry. ``organisation`` defaults to the actor's: the organisation whose trail it joins."""
    if organisation is None and actor is not None:
        organisation = getattr(actor, "organisation", None)
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
