"""Undoing an import: ``undo_snapshot`` puts the register back as it was before a snapshot.

Only the latest snapshot in force can be undone (undo the later ones first): what it created is
removed, what it changed or deregistered gets its fields and lookups back, the current ratings it
demoted or dropped are current again. The snapshot is kept, marked undone, with one audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import ForeignObjectRel, Model, QuerySet

from carewatch.core import audit, bulk
from carewatch.register import models
from carewatch.register.services.snapshots import in_force
from carewatch.register.services.undo_log import LOOKUPS, restore_fields


class UndoRefused(Exception):
    """The snapshot cannot be undone: the message says why and what to do."""


@dataclass
class UndoSummary:
    snapshot_id: int
    source_name: str
    removed: int = 0  # locations the snapshot created
    restored: int = 0  # locations it changed or deregistered
    providers_removed: int = 0
    providers_restored: int = 0
    ratings_restored: int = 0


def undo_snapshot(*, snapshot_id: int, now: datetime, actor_label: str) -> UndoSummary:
    snapshot = models.Snapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None:
        raise UndoRefused(f"there is no snapshot {snapshot_id} (carewatch import-cqc --list shows them)")
    if snapshot.undone_at is not None:
        raise UndoRefused(
            f"snapshot {snapshot_id} ({snapshot.source_name}) was already undone on {snapshot.undone_at:%d %B %Y}"
        )
    latest = in_force().first()
    if latest is not None and latest.pk != snapshot.pk:
        raise UndoRefused(
            f"snapshot {snapshot_id} ({snapshot.source_name}) is not the latest import: undo snapshot"
            f" {latest.pk} ({latest.source_name}, as at {latest.as_of}) first"
        )
    summary = UndoSummary(snapshot_id=snapshot.pk, source_name=snapshot.source_name)
    changes = models.SnapshotChange.objects.filter(snapshot=snapshot)
    with transaction.atomic():
        created = list(models.Location.objects.filter(first_snapshot=snapshot).values_list("id", flat=True))
        _refuse_if_used(created, snapshot)
        models.Rating.objects.filter(first_snapshot=snapshot).delete()
        models.Assessment.objects.filter(first_snapshot=snapshot).delete()
        _restore_ratings(changes, summary)
        _restore_locations(changes, summary)
        for start in range(0, len(created), bulk.CHUNK):
            chunk = created[start : start + bulk.CHUNK]
            for name in LOOKUPS:
                getattr(models.Location, name).through.objects.filter(location_id__in=chunk).delete()
            models.Rating.objects.filter(location_id__in=chunk).delete()
            models.Assessment.objects.filter(location_id__in=chunk).delete()
            models.Location.objects.filter(id__in=chunk).delete()
        summary.removed = len(created)
        _restore_providers(changes, summary)
        models.Snapshot.objects.filter(pk=snapshot.pk).update(undone_at=now)
        audit.record(
            at=now,
            actor_label=actor_label,
            action="register.snapshot_undone",
            object_type="snapshot",
            object_id=str(snapshot.pk),
            before={"source_name": snapshot.source_name, "as_of": snapshot.as_of.isoformat()},
            after={k: v for k, v in vars(summary).items() if k != "source_name"},
        )
    return summary


def _refuse_if_used(location_ids: list[str], snapshot: models.Snapshot) -> None:
    """Monitoring, cases and the rest may refer to a location the snapshot created: keep it then."""
    relations = [
        field
        for field in models.Location._meta.get_fields(include_hidden=True)  # related_name="+" too
        if isinstance(field, ForeignObjectRel) and (field.one_to_many or field.one_to_one)
    ]
    for relation in relations:
        model = relation.related_model
        if not isinstance(model, type) or not issubclass(model, Model) or model._meta.app_label == "register":
            continue
        for start in range(0, len(location_ids), bulk.CHUNK):
            chunk = location_ids[start : start + bulk.CHUNK]
            used = model._default_manager.filter(**{f"{relation.field.name}__in": chunk}).first()
            if used is not None:
                raise UndoRefused(
                    f"snapshot {snapshot.pk} ({snapshot.source_name}) added locations that carewatch now uses"
                    f" ({model._meta.verbose_name} {used.pk} refers to one): it cannot be undone. Import a"
                    " corrected file instead."
                )


def _restore_ratings(changes: QuerySet[models.SnapshotChange], summary: UndoSummary) -> None:
    demoted = [
        int(pk)
        for pk in changes.filter(kind=models.SnapshotChange.RATING_DEMOTED).values_list(
            "object_id", flat=True
        )
    ]
    for start in range(0, len(demoted), bulk.CHUNK):
        models.Rating.objects.filter(pk__in=demoted[start : start + bulk.CHUNK]).update(is_current=True)
    deleted = []
    for change in changes.filter(kind=models.SnapshotChange.RATING_DELETED):
        row = models.Rating()
        restore_fields(row, change.before or {})
        deleted.append(row)
    models.Rating.objects.bulk_create(deleted, batch_size=bulk.CHUNK)
    summary.ratings_restored = len(demoted) + len(deleted)


def _restore_locations(changes: QuerySet[models.SnapshotChange], summary: UndoSummary) -> None:
    befores: dict[str, dict[str, Any]] = {
        object_id: before or {}
        for object_id, before in changes.filter(kind=models.SnapshotChange.LOCATION).values_list(
            "object_id", "before"
        )
    }
    ids = sorted(befores)
    names = [f.attname for f in models.Location._meta.concrete_fields if not f.primary_key]
    for start in range(0, len(ids), bulk.CHUNK):
        chunk = ids[start : start + bulk.CHUNK]
        rows = list(models.Location.objects.filter(id__in=chunk))
        for row in rows:
            restore_fields(row, befores[row.pk])
        models.Location.objects.bulk_update(rows, names, batch_size=bulk.CHUNK)
        for name in LOOKUPS:
            field = models.Location._meta.get_field(name)
            through = field.remote_field.through  # type: ignore[union-attr]
            target = f"{field.related_model._meta.model_name}_id"  # type: ignore[union-attr]
            through._default_manager.filter(location_id__in=chunk).delete()
            bulk.fast_insert(
                through,
                [
                    bulk.new_row(through, location_id=pk, **{target: target_id})
                    for pk in chunk
                    for target_id in befores[pk]["_lookups"][name]
                ],
            )
    summary.restored = len(ids)


def _restore_providers(changes: QuerySet[models.SnapshotChange], summary: UndoSummary) -> None:
    for change in changes.filter(kind=models.SnapshotChange.PROVIDER):
        if change.before is None:
            if not models.Location.objects.filter(provider_id=change.object_id).exists():
                models.Provider.objects.filter(pk=change.object_id).delete()
                summary.providers_removed += 1
            continue
        row = models.Provider.objects.filter(pk=change.object_id).first()
        if row is not None:
            restore_fields(row, change.before or {})
            row.save()
            summary.providers_restored += 1
