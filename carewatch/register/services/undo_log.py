"""What a snapshot changed, kept so that ``import-cqc --undo`` can put it back (``SnapshotChange``).

Rows are kept as their fields by attname, dates as ISO text; a location also keeps the ids of its
service types, specialisms and regulated activities. Rows a snapshot created are not logged: they
carry the snapshot as ``first_snapshot`` (providers, which do not, are logged with no ``before``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import DateField, Model

from carewatch.core import bulk
from carewatch.register import models

LOOKUPS = ("service_types", "specialisms", "regulated_activities")


def fields_of(row: Model) -> dict[str, Any]:
    """A row's concrete fields by attname, JSON-ready."""
    data: dict[str, Any] = {}
    for field in row._meta.concrete_fields:
        value = field.value_from_object(row)
        data[field.attname] = value.isoformat() if isinstance(value, date) else value
    return data


def restore_fields(row: Model, data: dict[str, Any]) -> None:
    """Set ``row``'s fields from :func:`fields_of`'s dictionary."""
    for field in row._meta.concrete_fields:
        if field.attname not in data:
            continue
        value = data[field.attname]
        if value is not None and isinstance(field, DateField):
            value = field.to_python(value)
        setattr(row, field.attname, value)


def lookups_of(location_ids: list[str]) -> dict[str, dict[str, list[int]]]:
    """location id → {lookup name: ids} for the locations given."""
    found: dict[str, dict[str, list[int]]] = {pk: {name: [] for name in LOOKUPS} for pk in location_ids}
    for name in LOOKUPS:
        field = models.Location._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        target = f"{field.related_model._meta.model_name}_id"  # type: ignore[union-attr]
        for start in range(0, len(location_ids), bulk.CHUNK):
            chunk = location_ids[start : start + bulk.CHUNK]
            for location_id, target_id in through._default_manager.filter(location_id__in=chunk).values_list(
                "location_id", target
            ):
                found[location_id][name].append(target_id)
    return found


class UndoLog:
    """Collects one snapshot's changes and writes them in one fast insert."""

    def __init__(self, snapshot: models.Snapshot) -> None:
        self.snapshot = snapshot
        self.rows: list[Any] = []

    def locations_before(self, rows: Iterable[models.Location]) -> None:
        rows = list(rows)
        lookups = lookups_of([row.pk for row in rows])
        for row in rows:
            self._add(models.SnapshotChange.LOCATION, row.pk, {**fields_of(row), "_lookups": lookups[row.pk]})

    def providers_before(self, rows: Iterable[models.Provider]) -> None:
        for row in rows:
            self._add(models.SnapshotChange.PROVIDER, row.pk, fields_of(row))

    def providers_created(self, ids: Iterable[str]) -> None:
        for provider_id in ids:
            self._add(models.SnapshotChange.PROVIDER, provider_id, None)

    def ratings_demoted(self, ids: Iterable[int]) -> None:
        for rating_id in ids:
            self._add(models.SnapshotChange.RATING_DEMOTED, str(rating_id), None)

    def ratings_deleted(self, rows: Iterable[models.Rating]) -> None:
        for row in rows:
            self._add(models.SnapshotChange.RATING_DELETED, str(row.pk), fields_of(row))

    def _add(self, kind: str, object_id: str, before: dict[str, Any] | None) -> None:
        self.rows.append(
            bulk.new_row(
                models.SnapshotChange,
                snapshot_id=self.snapshot.pk,
                kind=kind,
                object_id=object_id,
                before=before,
            )
        )

    def save(self) -> None:
        bulk.fast_insert(models.SnapshotChange, self.rows)
        self.rows = []
