"""Importing a snapshot of CQC records: read everything, check it against the last one, write it.

``import_snapshot`` reads every record first (so a broken file changes nothing), checks the snapshot
against the last one, then writes everything inside one transaction: a failed import leaves the
database exactly as it was. Importing the same snapshot twice changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction

from carewatch.core import audit
from carewatch.register import models
from carewatch.register.importers import Reader
from carewatch.register.importers.records import LocationRecord, ProviderRecord
from carewatch.register.services.reference_data import GeographyResolver, ensure_reference_data
from carewatch.register.services.snapshot_writer import SnapshotWriter, record_hash

MAX_PROBLEMS_KEPT = 500


class ImportRefused(Exception):
    """The snapshot looks wrong as a whole (e.g. far fewer active locations than the last one)."""


class StrictImportError(Exception):
    """``--strict`` was given and at least one record was bad."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} bad record(s); nothing was imported. First: {problems[0]}")


@dataclass
class ImportSummary:
    source_kind: str
    source_name: str
    as_of: date
    snapshot_id: int | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deregistered: int = 0
    rejected: int = 0
    active: int = 0
    providers_created: int = 0
    already_imported: bool = False
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data


def import_snapshot(
    *,
    reader: Reader,
    imported_at: datetime,
    actor_label: str,
    strict: bool = False,
    force: bool = False,
    max_drop: float = 0.05,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import everything ``reader`` yields as one snapshot. See the module docstring."""
    fingerprint = reader.fingerprint() if hasattr(reader, "fingerprint") else ""
    if fingerprint:
        same_bytes = (
            models.Snapshot.objects.filter(
                source_kind=reader.meta.source_kind, source_fingerprint=fingerprint
            )
            .order_by("-imported_at", "-id")
            .first()
        )
        if same_bytes is not None:
            # Byte for byte the files already imported: nothing to read, nothing to change.
            return ImportSummary(
                source_kind=same_bytes.source_kind,
                source_name=reader.meta.source_name,
                as_of=same_bytes.as_of,
                snapshot_id=same_bytes.id,
                unchanged=same_bytes.created_count + same_bytes.updated_count + same_bytes.unchanged_count,
                active=same_bytes.active_count,
                already_imported=True,
            )
    providers, locations = _read_all(reader, progress)
    meta = reader.meta
    as_of = meta.as_of or imported_at.date()
    summary = ImportSummary(source_kind=meta.source_kind, source_name=meta.source_name, as_of=as_of)
    ensure_reference_data()
    resolver = GeographyResolver()
    # Geography problems are reported, never guessed; they do not reject the record.
    for record in locations:
        resolver.resolve(record)
    problems = [str(bad) for bad in meta.bad_records] + resolver.problems
    summary.rejected = len(meta.bad_records)
    summary.problems = problems[:MAX_PROBLEMS_KEPT]
    if strict and problems:
        raise StrictImportError(problems)

    scope_names = sorted({(r.local_authority or "").strip().lower() for r in locations})
    scope_key = hashlib.sha256("\n".join(scope_names).encode()).hexdigest()[:64]
    records: list[LocationRecord | ProviderRecord] = [*providers, *locations]
    hashes = {id(record): record_hash(record) for record in records}
    content_key = _content_digest(hashes.values())
    summary.active = sum(1 for r in locations if _is_active(r))

    previous = (
        models.Snapshot.objects.filter(source_kind=meta.source_kind, scope_key=scope_key)
        .order_by("-as_of", "-imported_at", "-id")
        .first()
    )
    if previous is not None and previous.content_digest == content_key and previous.as_of == as_of:
        # The very same snapshot again: nothing to do.
        summary.already_imported = True
        summary.snapshot_id = previous.id
        summary.unchanged = len(locations)
        return summary
    if previous is not None and not force and as_of < previous.as_of:
        raise ImportRefused(
            f"{meta.source_name} is as at {as_of}, older than the last snapshot of this kind"
            f" ({previous.source_name}, as at {previous.as_of}). Use --force to import it anyway."
        )
    if (
        previous is not None
        and not force
        and previous.active_count
        and summary.active < previous.active_count * (1 - max_drop)
    ):
        drop = 1 - summary.active / previous.active_count
        raise ImportRefused(
            f"{meta.source_name}: {summary.active} active locations against {previous.active_count} in the last"
            f" snapshot ({previous.source_name}, as at {previous.as_of}): a drop of {drop:.1%}, more than the"
            f" {max_drop:.0%} allowed. Check the file; use --force to import it anyway."
        )

    with transaction.atomic():
        snapshot = models.Snapshot.objects.create(
            source_kind=meta.source_kind,
            source_name=meta.source_name,
            as_of=as_of,
            scope_key=scope_key,
            imported_at=imported_at,
            active_count=summary.active,
            content_digest=content_key,
            source_fingerprint=fingerprint,
            problems=summary.problems,
        )
        writer = SnapshotWriter(
            snapshot=snapshot,
            resolver=resolver,
            summary=summary,
            hash_of=lambda record: hashes.get(id(record)) or record_hash(record),
        )
        writer.write_providers(providers, locations)
        writer.write_locations(locations)
        if meta.complete_register:
            writer.deregister_missing(locations, scope_names, as_of)
        models.Snapshot.objects.filter(pk=snapshot.pk).update(
            created_count=summary.created,
            updated_count=summary.updated,
            unchanged_count=summary.unchanged,
            deregistered_count=summary.deregistered,
            rejected_count=summary.rejected,
        )
        summary.snapshot_id = snapshot.pk
        audit.record(
            at=imported_at,
            actor_label=actor_label,
            action="register.snapshot_imported",
            object_type="snapshot",
            object_id=str(snapshot.pk),
            after={k: v for k, v in summary.as_dict().items() if k != "problems"},
        )
    return summary


def _read_all(
    reader: Reader, progress: Callable[[int], None] | None
) -> tuple[list[ProviderRecord], list[LocationRecord]]:
    providers: dict[str, ProviderRecord] = {}
    locations: dict[str, LocationRecord] = {}
    for record in reader:
        if isinstance(record, ProviderRecord):
            providers[record.provider_id] = record
        else:
            locations[record.location_id] = record
            if progress is not None:
                progress(1)
    return list(providers.values()), list(locations.values())


def _content_digest(record_hashes: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for value in sorted(record_hashes):
        digest.update(value.encode())
    return digest.hexdigest()


def _is_active(record: LocationRecord) -> bool:
    return (record.registration_status or "Registered") == "Registered" and not record.dormant
