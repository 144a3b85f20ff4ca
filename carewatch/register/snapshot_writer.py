"""Writing one snapshot's records: providers, locations, their lookups, ratings and assessments.

Used only by :func:`carewatch.register.services.import_snapshot`, inside its transaction. Each
record's hash is stored on its row, so an unchanged record costs a dictionary lookup, not a write.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKey,
    IntegerField,
    JSONField,
    PositiveIntegerField,
)

from carewatch.register import models
from carewatch.register.formats import CARE_HOME_SERVICE_TYPES, HOME_CARE_SERVICE_TYPE
from carewatch.register.importers.records import (
    KEY_QUESTIONS,
    Assessment,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
)

if TYPE_CHECKING:
    from carewatch.register.services import ImportSummary, _GeographyResolver

CHUNK = 500
_PLAIN_FIELDS = (
    CharField,
    IntegerField,
    BigIntegerField,
    PositiveIntegerField,
    BooleanField,
    FloatField,
    DateField,
    ForeignKey,
)

try:  # PostgreSQL's driver needs JSON wrapped; SQLite takes text.
    from psycopg.types.json import Jsonb
except ImportError:  # pragma: no cover - psycopg is a dependency
    Jsonb = None


def record_hash(record: LocationRecord | ProviderRecord) -> str:
    """A stable digest of everything a record says (not where it came from in the file)."""
    if isinstance(record, LocationRecord) and record.source_ref:
        record = replace(record, source_ref="")
    return hashlib.md5(pickle.dumps(record, protocol=5), usedforsecurity=False).hexdigest()


_ROW_DEFAULTS: dict[type, dict] = {}


def new_row(model, **values) -> SimpleNamespace:
    """A row for :func:`fast_insert`: the model's field defaults (by attname) with ``values`` over them.

    Building a Django model instance costs about 50 µs (defaults, descriptors, signals); an import of
    England builds some 350,000 rating and lookup rows, so they are plain namespaces. Give foreign keys
    by attname (``first_snapshot_id``).
    """
    defaults = _ROW_DEFAULTS.get(model)
    if defaults is None:
        defaults = _ROW_DEFAULTS[model] = {
            f.attname: f.get_default()
            for f in model._meta.concrete_fields
            if not (f.primary_key and isinstance(f, AutoField))
        }
    unknown = values.keys() - defaults.keys()
    if unknown:
        raise TypeError(f"{model.__name__} has no field {sorted(unknown)[0]!r}")
    return SimpleNamespace(**{**defaults, **values})


def fast_insert(model, objects: list) -> None:
    """INSERT many unsaved model instances or :func:`new_row` rows with one prepared statement (``executemany``; ``COPY`` on PostgreSQL).

    ``bulk_create`` compiles SQL and prepares every value of every row in Python, which dominated
    the import's time. The models written here hold only text, numbers, booleans, dates, foreign
    keys and JSON, whose values both database drivers adapt directly.
    """
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, AutoField))]
    postgres = connection.vendor == "postgresql"
    converters = []
    for f in fields:
        if isinstance(f, JSONField):
            converters.append((f.attname, (lambda v: Jsonb(v)) if postgres else json.dumps))
        elif isinstance(f, DateTimeField) or not isinstance(f, _PLAIN_FIELDS):
            raise TypeError(f"fast_insert cannot write {model.__name__}.{f.name} ({type(f).__name__})")
        else:
            converters.append((f.attname, None))
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    rows = [
        tuple(
            getattr(obj, attname) if convert is None else convert(getattr(obj, attname))
            for attname, convert in converters
        )
        for obj in objects
    ]
    with connection.cursor() as cursor:
        if postgres:
            # PostgreSQL: COPY streams the rows in one command, several times faster than INSERTs.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


class SnapshotWriter:
    def __init__(
        self,
        *,
        snapshot: models.Snapshot,
        resolver: _GeographyResolver,
        summary: ImportSummary,
        hash_of: Callable[[LocationRecord | ProviderRecord], str] = record_hash,
    ) -> None:
        self.hash_of = hash_of
        self.snapshot = snapshot
        self.resolver = resolver
        self.summary = summary
        self.la_rows = {la.code: la for la in resolver.geo.local_authorities}
        self.service_type_ids = dict(models.ServiceType.objects.values_list("name", "id"))
        self.specialism_ids = dict(models.Specialism.objects.values_list("name", "id"))
        self.activity_ids = dict(models.RegulatedActivity.objects.values_list("name", "id"))

    # --- providers -------------------------------------------------------------------------
    def write_providers(self, providers: list[ProviderRecord], locations: list[LocationRecord]) -> None:
        existing = dict(models.Provider.objects.values_list("id", "source_hash"))
        wanted = {p.provider_id: p for p in providers}
        for record in locations:
            if record.provider_id and record.provider_id not in wanted and record.provider_id not in existing:
                wanted[record.provider_id] = ProviderRecord(provider_id=record.provider_id)
        to_create, to_update = [], []
        for provider_id, record in wanted.items():
            digest = self.hash_of(record)
            if provider_id in existing and (existing[provider_id] == digest or record.name is None):
                continue
            row = models.Provider(id=provider_id, source_hash=digest, **_provider_fields(record))
            (to_update if provider_id in existing else to_create).append(row)
        fast_insert(models.Provider, to_create)
        if to_update:
            fields = [*_provider_fields(ProviderRecord(provider_id="x")).keys(), "source_hash"]
            models.Provider.objects.bulk_update(to_update, fields, batch_size=CHUNK)
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
        for start in range(0, len(changed), CHUNK):
            self._update(changed[start : start + CHUNK])

    def _create(self, items: list[tuple[LocationRecord, str]]) -> None:
        rows = []
        for record, digest in items:
            fields = self._location_fields(record, current=None)
            rows.append(
                models.Location(
                    id=record.location_id, first_snapshot=self.snapshot, source_hash=digest, **fields
                )
            )
        fast_insert(models.Location, rows)
        self._write_children([record for record, _ in items], replace_lookups=False)
        self.summary.created += len(items)

    def _update(self, items: list[tuple[LocationRecord, str]]) -> None:
        ids = [record.location_id for record, _ in items]
        current = {row.id: row for row in models.Location.objects.filter(id__in=ids)}
        fields_changed: set[str] = {"source_hash"}
        rows = []
        for record, digest in items:
            row = current[record.location_id]
            for name, value in self._location_fields(record, current=row).items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
                    fields_changed.add(name)
            row.source_hash = digest
            rows.append(row)
        models.Location.objects.bulk_update(rows, sorted(fields_changed), batch_size=CHUNK)
        self._write_children([record for record, _ in items], replace_lookups=True)
        self.summary.updated += len(items)

    def _location_fields(self, record: LocationRecord, current: models.Location | None) -> dict:
        """The model fields a record sets. A partial record leaves unknown (None) fields alone."""

        def pick(value, attr: str, default):
            if value is None:
                if record.partial and current is not None:
                    return getattr(current, attr)
                return default
            return value

        la_code = self.resolver.resolve(record)
        la = self.la_rows.get(la_code) if la_code else None
        if la is None and current is not None and record.local_authority is None:
            la_code, icb_code, region_code = current.local_authority_id, current.icb_id, current.region_id
            icb_from_la = current.icb_from_local_authority
        else:
            icb_code = record.icb_code if record.icb_code in self.resolver.icb_codes else None
            icb_from_la = icb_code is None and la is not None
            keeps_precise_icb = (
                current is not None
                and current.local_authority_id == la_code
                and not current.icb_from_local_authority
            )
            if icb_code is None and keeps_precise_icb:
                # The format has no ICB (bulk files): keep the location's own ICB from an earlier source.
                icb_code, icb_from_la = current.icb_id, False
            elif icb_code is None and la is not None:
                icb_code = la.icb_code
            region_code = (
                la.region_code
                if la is not None
                else self.resolver.region_by_name.get((record.region or "").lower())
            )
        status = pick(record.registration_status, "registration_status", "Registered")
        dormant = pick(record.dormant, "dormant", False)
        service_types = record.service_types
        if service_types is None and current is not None:
            nursing, home_care = current.nursing, current.home_care
        else:
            service_types = service_types or ()
            nursing = "Nursing homes" in service_types
            home_care = HOME_CARE_SERVICE_TYPE in service_types
        care_home = pick(record.care_home, "care_home", False)
        if (
            record.care_home is None
            and service_types
            and any(s in CARE_HOME_SERVICE_TYPES for s in service_types)
        ):
            care_home = True
        directorate = pick(record.inspection_directorate, "inspection_directorate", "")
        postcode = pick(record.postcode, "postcode", "")
        name = pick(record.name, "name", "")
        fields = {
            "provider_id": pick(record.provider_id, "provider_id", None),
            "name": name,
            "name_search": name.lower(),
            "also_known_as": pick(record.also_known_as, "also_known_as", ""),
            "registration_status": status,
            "registered_on": pick(record.registered_on, "registered_on", None),
            "deregistered_on": pick(record.deregistered_on, "deregistered_on", None),
            "deregistration_inferred": False,
            "dormant": dormant,
            "dormant_from": pick(record.dormant_from, "dormant_from", None) if dormant else None,
            "is_active": status == "Registered" and not dormant,
            "care_home": care_home,
            "nursing": nursing,
            "home_care": home_care,
            "adult_social_care": directorate == "Adult social care",
            "beds": pick(record.beds, "beds", None),
            "location_type": pick(record.location_type, "location_type", ""),
            "inspection_directorate": directorate,
            "primary_inspection_category": pick(
                record.primary_inspection_category, "primary_inspection_category", ""
            ),
            "address_line_1": pick(record.address_line_1, "address_line_1", ""),
            "address_line_2": pick(record.address_line_2, "address_line_2", ""),
            "town": pick(record.town, "town", ""),
            "county": pick(record.county, "county", ""),
            "postcode": postcode,
            "postcode_search": postcode.replace(" ", "").upper(),
            "latitude": pick(record.latitude, "latitude", None),
            "longitude": pick(record.longitude, "longitude", None),
            "local_authority_name": pick(record.local_authority, "local_authority_name", ""),
            "local_authority_id": la_code,
            "icb_id": icb_code,
            "icb_from_local_authority": icb_from_la,
            "region_id": region_code,
            "phone": pick(record.phone, "phone", ""),
            "website": pick(record.website, "website", ""),
            "brand_id": pick(record.brand_id, "brand_id", ""),
            "brand_name": pick(record.brand_name, "brand_name", ""),
            "registered_manager": pick(record.registered_manager, "registered_manager", ""),
        }
        current_rating = next((r for r in record.ratings or () if r.is_current), None)
        if current_rating is not None:
            fields["current_rating"] = current_rating.overall or ""
            fields["current_rating_on"] = current_rating.report_on
            fields["current_rating_inherited"] = current_rating.inherited
        elif current is None:
            fields["current_rating"] = ""
            fields["current_rating_on"] = None
            fields["current_rating_inherited"] = False
        return fields

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
        self._write_ratings(records, existing=replace_lookups)
        self._write_assessments(records, existing=replace_lookups)

    def _write_lookups(
        self, records, attr: str, model, ids: dict[str, int], fk: str, replace_existing: bool
    ) -> None:
        through = getattr(models.Location, attr).through
        given = [r for r in records if getattr(r, attr) is not None]
        names = {name for r in given for name in getattr(r, attr)}
        missing = sorted(names - ids.keys())
        if missing:
            model.objects.bulk_create([model(name=name) for name in missing])
            ids.update(model.objects.filter(name__in=missing).values_list("name", "id"))
        if replace_existing and given:
            through.objects.filter(location_id__in=[r.location_id for r in given]).delete()
        rows = [
            new_row(through, location_id=r.location_id, **{f"{fk}_id": ids[name]})
            for r in given
            for name in dict.fromkeys(getattr(r, attr))
        ]
        fast_insert(through, rows)

    def _write_ratings(self, records: list[LocationRecord], *, existing: bool) -> None:
        given = [r for r in records if r.ratings is not None]
        known: dict[str, dict[tuple, models.Rating]] = {}
        if existing and given:
            for row in models.Rating.objects.filter(location_id__in=[r.location_id for r in given]):
                known.setdefault(row.location_id, {})[_rating_key(row)] = row
        to_create: list[SimpleNamespace] = []
        to_delete: list[int] = []
        to_demote: list[int] = []
        for record in given:
            rows = known.get(record.location_id, {})
            historic_keys = {key for key, row in rows.items() if not row.is_current}
            old_current = next((row for row in rows.values() if row.is_current), None)
            for rating in record.ratings:
                row = _rating_row(record.location_id, rating, self.snapshot)
                key = _rating_key(row)
                if rating.is_current:
                    if old_current is not None and (
                        _same_rating(old_current, row) or _same_report_with_less_detail(old_current, row)
                    ):
                        old_current = (
                            None  # unchanged (or this format says less about it): keep the stored row
                        )
                        continue
                    to_create.append(row)
                elif key not in historic_keys:
                    historic_keys.add(key)
                    to_create.append(row)
            if old_current is not None and any(r.is_current for r in record.ratings):
                # The current rating changed: the old one becomes history (unless history has it already).
                if _rating_key(old_current) in historic_keys:
                    to_delete.append(old_current.pk)
                else:
                    to_demote.append(old_current.pk)
        if to_delete:
            models.Rating.objects.filter(pk__in=to_delete).delete()
        if to_demote:
            models.Rating.objects.filter(pk__in=to_demote).update(is_current=False)
        fast_insert(models.Rating, to_create)

    def _write_assessments(self, records: list[LocationRecord], *, existing: bool) -> None:
        given = [r for r in records if r.assessments]
        known: set[tuple[str, str, str]] = set()
        if existing and given:
            known = set(
                models.Assessment.objects.filter(location_id__in=[r.location_id for r in given]).values_list(
                    "location_id", "assessment_plan_id", "service_group"
                )
            )
        rows = []
        for record in given:
            for assessment in record.assessments:
                key = (record.location_id, assessment.assessment_plan_id, assessment.service_group)
                if key not in known:
                    known.add(key)
                    rows.append(_assessment_row(record.location_id, assessment, self.snapshot))
        models.Assessment.objects.bulk_create(rows, batch_size=CHUNK)

    # --- deregistrations -------------------------------------------------------------------
    def deregister_missing(
        self, locations: list[LocationRecord], scope_names: list[str], as_of: date
    ) -> None:
        """In a complete register, a location in scope that is missing is no longer registered."""
        present = {r.location_id for r in locations}
        in_scope = models.Location.objects.filter(registration_status="Registered")
        if len(scope_names) < 200:  # an area's file: only its local authorities are in scope
            la_names = [name for name in scope_names if name]
            in_scope = in_scope.filter(local_authority_name__in=_case_variants(locations, la_names))
        gone = [pk for pk in in_scope.values_list("id", flat=True) if pk not in present]
        for start in range(0, len(gone), CHUNK):
            models.Location.objects.filter(id__in=gone[start : start + CHUNK]).update(
                registration_status="Deregistered",
                deregistered_on=as_of,
                deregistration_inferred=True,
                is_active=False,
                source_hash="",
            )
        self.summary.deregistered = len(gone)


def _case_variants(locations: list[LocationRecord], lowered: list[str]) -> list[str]:
    wanted = set(lowered)
    return sorted(
        {r.local_authority for r in locations if r.local_authority and r.local_authority.lower() in wanted}
    )


def _provider_fields(record: ProviderRecord) -> dict:
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


def _rating_row(location_id: str, rating: RatingRecord, snapshot: models.Snapshot) -> SimpleNamespace:
    row = new_row(
        models.Rating,
        location_id=location_id,
        is_current=rating.is_current,
        report_on=rating.report_on,
        report_link_id=rating.report_link_id or "",
        overall=rating.overall or "",
        inherited=rating.inherited,
        predecessor_id=rating.predecessor_id or "",
        services=[
            {
                "service": s.service,
                "rating": s.rating,
                "report_on": s.report_on.isoformat() if s.report_on else None,
                "report_link_id": s.report_link_id,
                "key_questions": {kq.key_question: kq.rating for kq in s.key_questions},
            }
            for s in rating.services
        ],
        first_snapshot_id=snapshot.pk,
    )
    for kq in rating.key_questions:
        if kq.key_question in KEY_QUESTIONS:
            setattr(row, kq.key_question, kq.rating)
            setattr(row, f"{kq.key_question}_on", kq.report_on or rating.report_on)
            setattr(row, f"{kq.key_question}_link_id", kq.report_link_id or rating.report_link_id or "")
    return row


def _rating_key(row: models.Rating) -> tuple:
    return (row.report_link_id, row.report_on, row.overall)


def _same_rating(a: models.Rating, b: models.Rating) -> bool:
    fields = ["report_on", "report_link_id", "overall", "inherited", "predecessor_id", "services"]
    for kq in KEY_QUESTIONS:
        fields += [kq, f"{kq}_on", f"{kq}_link_id"]
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _same_report_with_less_detail(stored: models.Rating, incoming: models.Rating) -> bool:
    """The same report from a format that carries no key questions (HSCA_Active_Locations, directory)."""
    return (
        stored.report_on == incoming.report_on
        and stored.overall == incoming.overall
        and not any(getattr(incoming, kq) for kq in KEY_QUESTIONS)
        and not incoming.services
    )


def _assessment_row(location_id: str, assessment: Assessment, snapshot: models.Snapshot) -> models.Assessment:
    return models.Assessment(
        location_id=location_id,
        assessment_plan_id=assessment.assessment_plan_id,
        service_group=assessment.service_group,
        rating=assessment.rating or "",
        assessed_on=assessment.assessed_on,
        published_on=assessment.published_on,
        key_questions={
            kq.key_question: {
                "rating": kq.rating,
                "percent": kq.percent,
                "statements": [
                    {"id": s.statement_id, "score": s.score, "label": s.label, "assessed": s.assessed}
                    for s in kq.statements
                ],
            }
            for kq in assessment.key_questions
        },
        first_snapshot=snapshot,
    )
