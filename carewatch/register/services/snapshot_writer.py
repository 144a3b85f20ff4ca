"""Writing one snapshot's records: providers, locations and their lookups, and deregistrations.

Used only by :func:`carewatch.register.services.import_snapshot`, inside its transaction. Each
record's hash is stored on its row, so an unchanged record costs a dictionary lookup, not a write.
Ratings and assessments are written by ``rating_history``; the fields a location record sets come from
``location_fields``.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q

from carewatch.core import bulk
from carewatch.register import models
from carewatch.register.importers.records import LocationRecord, ProviderRecord
from carewatch.register.services import rating_history
from carewatch.register.services.location_fields import location_fields
from carewatch.register.services.reference_data import GeographyResolver
from carewatch.register.services.undo_log import UndoLog

if TYPE_CHECKING:
    from carewatch.register.services.snapshots import ImportSummary


def record_hash(record: LocationRecord | ProviderRecord) -> str:
    """A stable digest of everything a record says (not where it came from in the file)."""
    if isinstance(record, LocationRecord) and record.source_ref:
        record = replace(record, source_ref="")
    return hashlib.md5(pickle.dumps(record, protocol=5), usedforsecurity=False).hexdigest()


class SnapshotWriter:
    def __init__(
        self,
        *,
        snapshot: models.Snapshot,
        resolver: GeographyResolver,
        summary: ImportSummary,
        hash_of: Callable[[LocationRecord | ProviderRecord], str] = record_hash,
    ) -> None:
        self.hash_of = hash_of
        self.undo = UndoLog(snapshot)
        self.snapshot = snapshot
        self.resolver = resolver
        self.summary = summary
        self.la_rows = {la.code: la for la in resolver.geo.all_local_authorities}
        self.service_type_ids = dict(models.ServiceType.objects.values_list("name", "id"))
        self.specialism_ids = dict(models.Specialism.objects.values_list("name", "id"))
        self.activity_ids = dict(models.RegulatedActivity.objects.values_list("name", "id"))

    # --- providers -------------------------------------------------------------------------
    def write_providers(self, providers: list[ProviderRecord], locations: list[LocationRecord]) -> None:
        existing = dict(models.Provider.objects.values_list("id", "source_hash"))
        wanted = {p.provider_id: p for p in providers}
        for location in locations:
            if (
                location.provider_id
                and location.provider_id not in wanted
                and location.provider_id not in existing
            ):
                wanted[location.provider_id] = ProviderRecord(provider_id=location.provider_id)
        to_create: list[models.Provider] = []
        to_update: list[models.Provider] = []
        for provider_id, record in wanted.items():
            digest = self.hash_of(record)
            if provider_id in existing and (existing[provider_id] == digest or record.name is None):
                continue
            row = models.Provider(id=provider_id, source_hash=digest, **_provider_fields(record))
            (to_update if provider_id in existing else to_create).append(row)
        bulk.fast_insert(models.Provider, to_create)
        self.undo.providers_created(row.pk for row in to_create)
        if to_update:
            self.undo.providers_before(models.Provider.objects.filter(pk__in=[row.pk for row in to_update]))
            fields = [*_provider_fields(ProviderRecord(provider_id="x")).keys(), "source_hash"]
            models.Provider.objects.bulk_update(to_update, fields, batch_size=bulk.CHUNK)
        self.summary.providers_created = len(to_create)

    # --- locations -------------------------------------------------------------------------
    def write_locations(self, locations: list[LocationRecord]) -> None:
        existing = dict(models.Location.objects.values_list("id", "source_hash"))
        new, changed = [], []
        for record in locations:
            digest = self.hash_of(record)
            if record.location_id not in existing:
                new.append((record, digest))
            elif existing[record.location_id] != digest:
                changed.append((record, digest))
            else:
                self.summary.unchanged += 1
        self._create(new)
        for start in range(0, len(changed), bulk.CHUNK):
            self._update(changed[start : start + bulk.CHUNK])

    def _create(self, items: list[tuple[LocationRecord, str]]) -> None:
        rows = []
        for record, digest in items:
            fields = self.location_fields(record, current=None)
            rows.append(
                models.Location(
                    id=record.location_id, first_snapshot=self.snapshot, source_hash=digest, **fields
                )
            )
        bulk.fast_insert(models.Location, rows)
        self._write_children([record for record, _ in items], replace_lookups=False)
        self.summary.created += len(items)

    def _update(self, items: list[tuple[LocationRecord, str]]) -> None:
        ids = [record.location_id for record, _ in items]
        current = {row.id: row for row in models.Location.objects.filter(id__in=ids)}
        self.undo.locations_before(current.values())
        fields_changed: set[str] = {"source_hash"}
        rows = []
        for record, digest in items:
            row = current[record.location_id]
            for name, value in self.location_fields(record, current=row).items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
                    fields_changed.add(name)
            row.source_hash = digest
            rows.append(row)
        models.Location.objects.bulk_update(rows, sorted(fields_changed), batch_size=bulk.CHUNK)
        self._write_children([record for record, _ in items], replace_lookups=True)
        self.summary.updated += len(items)

    def location_fields(self, record: LocationRecord, current: models.Location | None) -> dict[str, Any]:
        return location_fields(record, current, resolver=self.resolver, local_authorities=self.la_rows)

    def _write_children(self, records: list[LocationRecord], *, replace_lookups: bool) -> None:
        self._write_lookups(
            records,
            "service_types",
            models.ServiceType,
            self.service_type_ids,
            "servicetype",
            replace_lookups,
        )
        self._write_lookups(
            records, "specialisms", models.Specialism, self.specialism_ids, "specialism", replace_lookups
        )
        self._write_lookups(
            records,
            "regulated_activities",
            models.RegulatedActivity,
            self.activity_ids,
            "regulatedactivity",
            replace_lookups,
        )
        rating_history.write_ratings(
            records, snapshot=self.snapshot, existing=replace_lookups, undo=self.undo
        )
        rating_history.write_assessments(records, snapshot=self.snapshot, existing=replace_lookups)

    def _write_lookups(
        self,
        records: list[LocationRecord],
        attr: str,
        model: type[Model],  # ServiceType, Specialism or RegulatedActivity
        ids: dict[str, int],
        fk: str,
        replace_existing: bool,
    ) -> None:
        through: type[Model] = getattr(models.Location, attr).through
        given = [r for r in records if getattr(r, attr) is not None]
        names = {name for r in given for name in getattr(r, attr)}
        missing = sorted(names - ids.keys())
        if missing:
            model._default_manager.bulk_create([model(name=name) for name in missing])
            ids.update(model._default_manager.filter(name__in=missing).values_list("name", "id"))
        if replace_existing and given:
            through._default_manager.filter(location_id__in=[r.location_id for r in given]).delete()
        rows = [
            bulk.new_row(through, location_id=r.location_id, **{f"{fk}_id": ids[name]})
            for r in given
            for name in dict.fromkeys(getattr(r, attr))
        ]
        bulk.fast_insert(through, rows)

    # --- deregistrations -------------------------------------------------------------------
    def deregister_missing(
        self, locations: list[LocationRecord], council_codes: set[str], as_of: date
    ) -> None:
        """In a complete register, a location it does not list is no longer registered.

        Only councils the file names are in scope: a location elsewhere (or placed nowhere) is left alone.
        """
        present = {r.location_id for r in locations}
        names = sorted({r.local_authority for r in locations if r.local_authority})
        in_scope = models.Location.objects.filter(registration_status="Registered").filter(
            Q(local_authority_id__in=sorted(council_codes)) | Q(local_authority_name__in=names)
        )
        gone = [pk for pk in in_scope.values_list("id", flat=True) if pk not in present]
        for start in range(0, len(gone), bulk.CHUNK):
            self.undo.locations_before(
                models.Location.objects.filter(id__in=gone[start : start + bulk.CHUNK])
            )
            models.Location.objects.filter(id__in=gone[start : start + bulk.CHUNK]).update(
                registration_status="Deregistered",
                deregistered_on=as_of,
                deregistration_inferred=True,
                is_active=False,
                source_hash="",
            )
        self.summary.deregistered = len(gone)


def _provider_fields(record: ProviderRecord) -> dict[str, Any]:
    return {
        "name": record.name or "",
        "ownership_type": record.ownership_type or "",
        "registration_status": record.registration_status or "",
        "registered_on": record.registered_on,
        "deregistered_on": record.deregistered_on,
        "companies_house_number": record.companies_house_number or "",
        "charity_number": record.charity_number or "",
        "address": record.address or "",
        "postcode": record.postcode or "",
        "phone": record.phone or "",
        "website": record.website or "",
        "brand_id": record.brand_id or "",
        "brand_name": record.brand_name or "",
    }
