"""Read the CQC's ``Deactivated_Locations`` file (``.ods``; ``.xlsx`` and ``.csv`` of the same columns).

One row per location whose registration has ended, with the day it ended ("Location HSCA End Date",
or one of the other names in ``formats.DEACTIVATED_END_DATE_COLUMNS``). Each row becomes a partial
LocationRecord with status "Deregistered" dated by that day: a closure enters the register's
history with its real date, and a location carewatch has never seen is created as deregistered.
The file lists closures, not the register, so absence from it means nothing
(``complete_register`` is False) and it carries no ratings that are read.

Decisions (docs/methodology.md, "Data sources"):
- a row whose end date is blank or unreadable is still a deregistration: being in the file says the
  registration ended. Its date is left unknown (None, so a date already stored is kept) and the row
  is reported as a warning naming its line;
- a council name that does not name one council on the file's date but did on the day the location
  closed (``Northamptonshire`` in a 2026 file for a home that closed in 2019) is passed on as that
  council's ONS code, so that the closed location stays in the council it was in;
- there is no ProviderRecord: a provider is named by id on its locations (the importer creates an
  unknown one), because a provider record would overwrite the details other files give it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from carewatch.register import formats
from carewatch.register.importers import ImportFileError, columns, tables
from carewatch.register.importers.columns import Header, Row, RowError
from carewatch.register.importers.records import LocationRecord, ProviderRecord, SnapshotMeta
from carewatch.register.reference import geography

SOURCE_KIND = "deactivated-locations"
HEADER_MARKER = formats.DEACTIVATED_HEADER_MARKER
_NOT_DATA_SHEETS = (formats.HSCA_README_SHEET, "Read me", "Contents", "Notes")


def read_deactivated_locations(path: Path) -> DeactivatedReader:
    """A Reader over a Deactivated_Locations file; raises ImportFileError if it cannot be read."""
    return DeactivatedReader(Path(path))


class DeactivatedReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheet, sheets = _open(path)
        # Fails now, before any import starts, on a file with no end-date column.
        self.end_column = _end_date_column(columns.header_of(path, self.sheet, HEADER_MARKER))
        self.meta = SnapshotMeta(
            source_kind=SOURCE_KIND,
            source_name=path.name,
            as_of=tables.readme_as_of(path, sheets) or tables.as_of_from_file_name(path),
            complete_register=False,
        )
        self.estimated_total: int | None = tables.estimate_rows(path)

    def __iter__(self) -> Iterator[LocationRecord | ProviderRecord]:
        self.meta.bad_records.clear()
        self.meta.warnings.clear()
        header, rows = columns.data_rows(self.path, self.sheet, HEADER_MARKER)
        fields = _Fields(header, self.end_column, self.meta.as_of)
        for line, row in rows:
            try:
                record = fields.record(row, line)
            except RowError as problem:
                self.meta.bad_records.append(problem.bad_record(self.path.name, line))
                continue
            self.meta.warnings.extend(row.bad_fields(self.path.name, line))
            yield record


def _open(path: Path) -> tuple[str | None, list[str]]:
    """The sheet to read (None for a CSV file) and every sheet name."""
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    if path.suffix.lower() not in tables.SPREADSHEET_SUFFIXES:
        raise ImportFileError(f"{path.name}: expected an .ods, .xlsx or .csv file")
    if path.suffix.lower() == ".csv":
        tables.check_utf8(path)
        return None, []
    names = tables.sheet_names(path)
    for wanted in formats.DEACTIVATED_SHEETS:
        if found := tables.find_sheet(names, wanted):
            return found, names
    data = [name for name in names if not any(tables.find_sheet([name], other) for other in _NOT_DATA_SHEETS)]
    if not data:
        raise ImportFileError(f"{path.name}: no sheet of locations (sheets: {', '.join(names) or 'none'})")
    return data[0], names


def _end_date_column(header: Header) -> str:
    found = next((name for name in formats.DEACTIVATED_END_DATE_COLUMNS if header.has(name)), None)
    if found is None:
        wanted = ", ".join(repr(name) for name in formats.DEACTIVATED_END_DATE_COLUMNS)
        raise ImportFileError(
            f"{header.source}: no end-date column (looked for {wanted}; header on line {header.line})"
        )
    return found


class _Fields:
    """How one file's rows become records: which columns it has, and the file's date."""

    def __init__(self, header: Header, end_column: str, as_of: date | None) -> None:
        self.end_column = end_column
        self.beds_column = next((n for n in formats.DEACTIVATED_BEDS_COLUMNS if header.has(n)), None)
        self.as_of = as_of
        self.flags = columns.FlagColumns(header)

    def record(self, row: Row, line: int) -> LocationRecord:
        location_id = row.cqc_id("Location ID", required=True)
        assert location_id is not None
        warned = len(row.warnings)
        ended = row.date(self.end_column)
        if ended is None and len(row.warnings) == warned:  # blank (an unreadable date has warned already)
            row.warn(self.end_column, "no end date: kept as a deregistration whose date is unknown")
        return LocationRecord(
            location_id=location_id,
            provider_id=row.cqc_id("Provider ID"),
            name=row.text("Location Name"),
            also_known_as=row.text("Location Also Known As"),
            registration_status="Deregistered",
            registered_on=row.date("Location HSCA start date"),
            deregistered_on=ended,
            care_home=row.flag("Care home?"),
            beds=row.count(self.beds_column) if self.beds_column else None,
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
            local_authority=self._council(row.text("Location Local Authority"), ended),
            region=row.text("Location Region"),
            phone=row.text("Location Telephone Number"),
            website=row.text("Location Web Address"),
            brand_id=row.text("Brand ID"),
            brand_name=row.text("Brand Name"),
            service_types=self._chosen(row, self.flags.service_types),
            specialisms=self._chosen(row, self.flags.bands),
            regulated_activities=self._chosen(row, self.flags.activities),
            source_ref=f"line {line}",
            partial=True,
        )

    def _council(self, name: str | None, ended: date | None) -> str | None:
        """The name as written, or the ONS code of the council it named on the location's last day."""
        if name is None or ended is None:
            return name
        geo = geography()
        if geo.resolve_local_authority(name, on=self.as_of) is not None:
            return name
        then = geo.resolve_local_authority(name, on=ended - timedelta(days=1))
        return then.code if then is not None else name

    def _chosen(self, row: Row, positions: list[tuple[str, int]]) -> tuple[str, ...] | None:
        """The names of the flag columns marked Y; None when the file has no such columns."""
        return self.flags.chosen(row, positions) if positions else None
