"""Reading the audit trail: a record's timeline, and an organisation's entries for export.

Who sees an entry: the people of the organisation that wrote it, and system administrators. The
writing organisation is ``AuditEntry.organisation``; for entries written before that field was
filled in, the organisation of the person who wrote it. Entries written from the command line or by
a system administrator (no organisation) are seen by system administrators only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from carewatch.core.models import AuditEntry, User
from carewatch.core.roles import Role

# How actions read in a timeline; any other dotted action reads as its words ("case.escalated" → "Case escalated").
ACTION_LABELS = {
    "user.created": "Person added",
    "core.user_created": "Person added",
    "user.roles_changed": "Roles changed",
    "user.deactivated": "Deactivated",
    "user.reactivated": "Reactivated",
    "organisation.created": "Organisation created",
    "core.organisation_created": "Organisation created",
    "organisation.partners_changed": "Sharing changed",
    "register.snapshot_imported": "CQC register imported",
}

CSV_HEADER = ("at", "actor", "organisation", "action", "object type", "object id", "before", "after")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    at: datetime
    actor: str
    organisation: str
    action: str
    label: str
    object_type: str
    object_id: str
    changes: tuple[Change, ...]


def visible_entries(user: User | AnonymousUser) -> QuerySet[AuditEntry]:
    """The entries ``user`` may read: their own organisation's (everything for a system administrator)."""
    entries = AuditEntry.objects.select_related("organisation", "actor__organisation")
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return entries.none()
    if user.is_superuser:
        return entries
    if user.organisation_id is None:
        return entries.none()
    return entries.filter(
        Q(organisation_id=user.organisation_id)
        | Q(organisation__isnull=True, actor__organisation_id=user.organisation_id)
    )


def timeline_for(object_type: str, object_id: str | int, *, visible_to: User | None) -> list[TimelineEntry]:
    """A record's audit entries, newest first.

    ``visible_to``: the person looking (only their organisation's entries), or ``None`` for every
    entry — only for a page that has already decided its reader may see the record's whole history.
    """
    return [
        _entry(e) for e in entries_for(object_type, object_id, visible_to=visible_to).order_by("-at", "-id")
    ]


def entries_for(object_type: str, object_id: str | int, *, visible_to: User | None) -> QuerySet[AuditEntry]:
    """A record's entries as rows (for export); ``visible_to`` as in :func:`timeline_for`."""
    return _scoped(visible_to).filter(object_type=object_type, object_id=str(object_id))


def timelines_for(
    object_type: str, object_ids: Iterable[str | int], *, visible_to: User | None
) -> dict[str, list[TimelineEntry]]:
    """Several records' timelines in one query (for list pages), keyed by object id as a string."""
    ids = [str(i) for i in object_ids]
    timelines: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in (
        _scoped(visible_to).filter(object_type=object_type, object_id__in=ids).order_by("-at", "-id")
    ):
        timelines[entry.object_id].append(_entry(entry))
    return {i: timelines.get(i, []) for i in ids}


def entries_between(*, user: User, from_on: date, to_on: date) -> QuerySet[AuditEntry]:
    """``user``'s organisation's entries from the start of ``from_on`` to the end of ``to_on`` (UK time)."""
    start = timezone.make_aware(datetime.combine(from_on, time.min))
    end = timezone.make_aware(datetime.combine(to_on + timedelta(days=1), time.min))
    return visible_entries(user).filter(at__gte=start, at__lt=end).order_by("at", "id")


def csv_rows(entries: Iterable[AuditEntry]) -> Iterator[tuple[str, ...]]:
    """The header, then one row per entry (before and after as JSON)."""
    yield CSV_HEADER
    for e in entries:
        yield (
            e.at.isoformat(),
            e.actor_label,
            _organisation_name(e),
            e.action,
            e.object_type,
            e.object_id,
            "" if e.before is None else json.dumps(e.before, sort_keys=True, ensure_ascii=False),
            "" if e.after is None else json.dumps(e.after, sort_keys=True, ensure_ascii=False),
        )


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    return action.replace(".", " ").replace("_", " ").strip().capitalize()


def _scoped(user: User | None) -> QuerySet[AuditEntry]:
    if user is None:
        return AuditEntry.objects.select_related("organisation", "actor__organisation")
    return visible_entries(user)


def _organisation_name(entry: AuditEntry) -> str:
    if entry.organisation is not None:
        return entry.organisation.name
    if entry.actor is not None and entry.actor.organisation is not None:
        return entry.actor.organisation.name
    return ""


def _entry(entry: AuditEntry) -> TimelineEntry:
    return TimelineEntry(
        id=entry.pk,
        at=entry.at,
        actor=entry.actor_label,
        organisation=_organisation_name(entry),
        action=entry.action,
        label=action_label(entry.action),
        object_type=entry.object_type,
        object_id=entry.object_id,
        changes=tuple(_changes(entry.before, entry.after)),
    )


def _changes(before: object, after: object) -> Iterator[Change]:
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        yield Change("Value", _display("", before), _display("", after))
        return
    for key in [*before, *(k for k in after if k not in before)]:
        if before.get(key) != after.get(key):
            yield Change(
                key.replace("_", " ").capitalize(),
                _display(key, before.get(key)),
                _display(key, after.get(key)),
            )


def _display(key: str, value: object) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        if key == "roles":
            value = [Role(v).label if v in Role.values else v for v in value]
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)
