"""Importing a snapshot of CQC records: read everything, check it against the last one, write it.

``import_snapshot`` reads every record first (so a broken file changes nothing), checks the snapshot
as a whole (it imports something, rejects at most ``max_rejected`` of its records, is not older than
the last of its kind, and, if it is a complete register, does not drop far below the last one), then
writes everything inside one transaction: a failed or refused import leaves the database exactly as
it was, and leaves nothing behind that would stop the same file being imported again. Importing the
snapshot last imported again changes nothing. Only a complete register of England deregisters what it
does not list (docs/imports.md); every change is logged for ``undo_snapshot``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from carewatch.core import audit
from carewatch.register import models
from carewatch.register.importers import Reader
from carewatch.register.importers.records import LocationRecord, ProviderRecord, SnapshotMeta
from carewatch.register.services.reference_data import GeographyResolver, ensure_reference_data
from carewatch.register.services.snapshot_writer import SnapshotWriter, record_hash

MAX_PROBLEMS_KEPT = 500
MIN_COUNCIL_COVERAGE = 0.95  # a complete register names this share of the councils the register holds


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
    warnings: int = 0
    complete: bool = False
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
    max_rejected: float = 0.01,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import everything ``reader`` yields as one snapshot. See the module docstring.

    ``force`` imports a file already imported, an older snapshot, or a complete register with a large
    drop; it never lets a file that imports nothing through.
    """
    latest = in_force().first()
    fingerprint = reader.fingerprint() if hasattr(reader, "fingerprint") else ""
    if fingerprint and not force and latest is not None and latest.source_fingerprint == fingerprint:
        # Byte for byte the files last imported, and nothing imported since: nothing to change.
        return _already_imported(latest, reader.meta.source_name)
    providers, locations = _read_all(reader, progress)
    meta = reader.meta
    as_of = meta.as_of or imported_at.date()
    summary = ImportSummary(source_kind=meta.source_kind, source_name=meta.source_name, as_of=as_of)
    ensure_reference_data()
    resolver = GeographyResolver(on=as_of)
    # Geography problems are reported, never guessed; they do not reject the record.
    councils = {code for record in locations if (code := resolver.resolve(record))}
    problems = (
        [str(bad) for bad in meta.bad_records]
        + [f"warning: {bad} (kept blank)" for bad in meta.warnings]
        + resolver.problems
    )
    summary.rejected = len(meta.bad_records)
    summary.warnings = len(meta.warnings) + len(resolver.problems)
    summary.problems = problems[:MAX_PROBLEMS_KEPT]
    if strict and problems:
        raise StrictImportError(problems)
    _check_what_was_read(meta, len(locations), max_rejected=max_rejected, force=force)

    scope_names = sorted({(r.local_authority or "").strip().lower() for r in locations})
    scope_key = hashlib.sha256("\n".join(scope_names).encode()).hexdigest()[:64]
    records: list[LocationRecord | ProviderRecord] = [*providers, *locations]
    hashes = {id(record): record_hash(record) for record in records}
    content_key = _content_digest(hashes.values())
    summary.active = sum(1 for r in locations if _is_active(r))

    if not force and latest is not None and latest.content_digest == content_key and latest.as_of == as_of:
        return _already_imported(latest, meta.source_name)
    # A file that does not say its date cannot be older than anything, nor make another file older.
    previous = in_force().filter(source_kind=meta.source_kind, as_of_stated=True).first()
    if meta.as_of is None:
        previous = None
    if previous is not None and not force and as_of < previous.as_of:
        raise ImportRefused(
            f"{meta.source_name} is as at {as_of}, older than the last snapshot of this kind"
            f" ({previous.source_name}, as at {previous.as_of}). Use --force to import it anyway."
        )
    complete = meta.complete_register and covers_the_register(councils)
    if complete and not force:
        _check_drop(summary, max_drop)

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
            warning_count=summary.warnings,
            complete=complete,
            as_of_stated=meta.as_of is not None,
        )
        writer = SnapshotWriter(
            snapshot=snapshot,
            resolver=resolver,
            summary=summary,
            hash_of=lambda record: hashes.get(id(record)) or record_hash(record),
        )
        writer.write_providers(providers, locations)
        writer.write_locations(locations)
        if complete:
            writer.deregister_missing(locations, councils, as_of)
        writer.undo.save()
        summary.complete = complete
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


def in_force() -> QuerySet[models.Snapshot]:
    """Snapshots not undone, the latest first."""
    return models.Snapshot.objects.filter(undone_at__isnull=True).order_by("-as_of", "-imported_at", "-id")


def covers_the_register(councils: set[str]) -> bool:
    """Whether a file naming ``councils`` covers (nearly) every council the register has services in.

    A complete register of England names every council; the first rows of one, or one region's
    rows, do not. See docs/imports.md.
    """
    held = set(
        models.Location.objects.filter(registration_status="Registered", local_authority__isnull=False)
        .values_list("local_authority_id", flat=True)
        .distinct()
    )
    if not held:
        return True
    return len(held & councils) >= MIN_COUNCIL_COVERAGE * len(held)


def _check_what_was_read(meta: SnapshotMeta, accepted: int, *, max_rejected: float, force: bool) -> None:
    rejected = len(meta.bad_records)
    if not accepted:
        first = f" First: {meta.bad_records[0]}" if meta.bad_records else ""
        raise ImportRefused(
            f"{meta.source_name}: no record could be imported ({rejected} rejected); nothing changed.{first}"
        )
    share = rejected / (accepted + rejected)
    if share > max_rejected and not force:
        raise ImportRefused(
            f"{meta.source_name}: {rejected} of {accepted + rejected} records rejected ({share:.1%}), more than"
            f" the {max_rejected:.0%} allowed; nothing changed. First: {meta.bad_records[0]}."
            " Check the file; use --force to import the rest anyway."
        )


def _check_drop(summary: ImportSummary, max_drop: float) -> None:
    """A complete register may not drop far below the last complete one (or the register as it is)."""
    last = in_force().filter(complete=True).first()
    if last is not None:
        baseline, against = (
            last.active_count,
            f"the last complete register ({last.source_name}, as at {last.as_of})",
        )
    else:
        baseline = models.Location.objects.filter(is_active=True).count()
        against = "the register as it is"
    if baseline and summary.active < baseline * (1 - max_drop):
        drop = 1 - summary.active / baseline
        raise ImportRefused(
            f"{summary.source_name}: {summary.active} active locations against {baseline} in {against}:"
            f" a drop of {drop:.1%}, more than the {max_drop:.0%} allowed. Check the file; use --force to"
            " import it anyway."
        )


def _already_imported(snapshot: models.Snapshot, source_name: str) -> ImportSummary:
    return ImportSummary(
        source_kind=snapshot.source_kind,
        source_name=source_name,
        as_of=snapshot.as_of,
        snapshot_id=snapshot.id,
        unchanged=snapshot.created_count + snapshot.updated_count + snapshot.unchanged_count,
        active=snapshot.active_count,
        already_imported=True,
    )


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
