"""Read the CQC's monthly ``HSCA_Active_Locations`` file (``.ods``, ``.xlsx`` or ``.csv``).

One row per active location: the location, its provider, the current overall rating (no key
questions) and one Y/blank flag column per regulated activity, service type and service-user
band. The file lists every active location, so a location missing from it is no longer active
(``meta.complete_register``). It has no ICB columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from carewatch.register import formats
from carewatch.register.importers import columns, tables
from carewatch.register.importers.columns import Row, RowError
from carewatch.register.importers.records import (
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    SnapshotMeta,
)

SOURCE_KIND = "hsca-active-locations"
HEADER_MARKER = "Location ID"


def read_hsca_active_locations(path: Path) -> HscaReader:
    """A Reader over an HSCA_Active_Locations file; raises ImportFileError if it cannot be read."""
    return HscaReader(Path(path))


class HscaReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheet, sheets = tables.open_table(path, formats.HSCA_SHEET)
        self._check_header()  # fails now, before any import starts, on a missing column
        self.meta = SnapshotMeta(
            source_kind=SOURCE_KIND,
            source_name=path.name,
            as_of=tables.readme_as_of(path, sheets) or tables.as_of_from_file_name(path),
            complete_register=True,
        )
        self.estimated_total: int | None = tables.estimate_rows(path)

    def _check_header(self) -> None:
        columns.header_of(self.path, self.sheet, HEADER_MARKER).require(formats.HSCA_REQUIRED_COLUMNS)

    def __iter__(self) -> Iterator[LocationRecord | ProviderRecord]:
        self.meta.bad_records.clear()
        self.meta.warnings.clear()
        header, rows = columns.data_rows(self.path, self.sheet, HEADER_MARKER)
        flags = columns.FlagColumns(header)
        providers_seen: set[str] = set()
        for line, row in rows:
            try:
                location, provider = _records(row, flags, line)
            except RowError as problem:
                self.meta.bad_records.append(problem.bad_record(self.path.name, line))
                continue
            self.meta.warnings.extend(row.bad_fields(self.path.name, line))
            if provider is not None and provider.provider_id not in providers_seen:
                providers_seen.add(provider.provider_id)
                yield provider
            yield location


def _records(row: Row, flags: columns.FlagColumns, line: int) -> tuple[LocationRecord, ProviderRecord | None]:
    location_id = row.cqc_id("Location ID", required=True)
    assert location_id is not None
    provider_id = row.cqc_id("Provider ID")
    overall = row.rating("Location Latest Overall Rating")
    published_on = row.date("Publication Date")
    inherited = row.flag("Inherited Rating (Y/N)")
    ratings: tuple[RatingRecord, ...] = ()
    if overall is not None:
        rating = RatingRecord(published_on, "", overall, is_current=True, inherited=bool(inherited))
        ratings = (rating,)
    location = LocationRecord(
        location_id=location_id,
        provider_id=provider_id,
        name=row.text("Location Name"),
        also_known_as=row.text("Location Also Known As"),
        registration_status="Registered",
        registered_on=row.date("Location HSCA start date"),
        dormant=row.flag("Dormant (Y/N)"),
        care_home=row.flag("Care home?"),
        beds=row.count("Care homes beds"),
        location_type=row.text("Location Type/Sector"),
        inspection_directorate=row.text("Location Inspection Directorate"),
        primary_inspection_category=row.text("Location Primary Inspection Category"),
        address_line_1=row.text("Location Street Address"),
        address_line_2=row.text("Location Address Line 2"),
        town=row.text("Location City"),
        county=row.text("Location County"),
        postcode=row.text("Location Postal Code"),
        latitude=row.coordinate("Location Latitude", 90),
        longitude=row.coordinate("Location Longitude", 180),
        local_authority=row.text("Location Local Authority"),
        region=row.text("Location Region"),
        phone=row.text("Location Telephone Number"),
        website=row.text("Location Web Address"),
        brand_id=row.text("Brand ID"),
        brand_name=row.text("Brand Name"),
        registered_manager=row.text("Registered Manager"),
        service_types=flags.chosen(row, flags.service_types),
        specialisms=flags.chosen(row, flags.bands),
        regulated_activities=flags.chosen(row, flags.activities),
        ratings=ratings,
        source_ref=f"line {line}",
    )
    provider = None
    if provider_id is not None:
        provider = ProviderRecord(
            provider_id=provider_id,
            name=row.text("Provider Name"),
            ownership_type=row.text("Provider Ownership Type"),
            registration_status="Registered",
            registered_on=row.date("Provider HSCA start date"),
            companies_house_number=row.text("Provider Companies House Number"),
            charity_number=row.text("Provider Charity Number"),
            address=columns.join_address(
                row.text("Provider Street Address"),
                row.text("Provider Address Line 2"),
                row.text("Provider City"),
                row.text("Provider County"),
            ),
            postcode=row.text("Provider Postal Code"),
            local_authority=row.text("Provider Local Authority"),
            region=row.text("Provider Region"),
            phone=row.text("Provider Telephone Number"),
            website=row.text("Provider Web Address"),
        )
    return location, provider
