"""Read the CQC's monthly ``DD_Month_YYYY_CQC_directory.csv``.

Four preamble rows, then a header (``formats.DIRECTORY_COLUMNS``) and one row per location. It
carries a location's name, address, contact details, service types and specialisms (``|``-joined)
and ids; nothing about ratings or registration, so each record is partial.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from carewatch.register import formats
from carewatch.register.importers import ImportFileError, columns, tables
from carewatch.register.importers.columns import Row, RowError
from carewatch.register.importers.records import LocationRecord, ProviderRecord, SnapshotMeta

SOURCE_KIND = "directory"
LOCATION_ID_COLUMN = "CQC Location ID (for office use only)"
PROVIDER_ID_COLUMN = "CQC Provider ID (for office use only)"
REQUIRED_COLUMNS = (LOCATION_ID_COLUMN, "Name")


def read_directory(path: Path) -> DirectoryReader:
    """A Reader over a CQC_directory.csv file; raises ImportFileError if it cannot be read."""
    return DirectoryReader(Path(path))


class DirectoryReader:
    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise ImportFileError(f"{path}: no such file")
        if path.suffix.lower() != ".csv":
            raise ImportFileError(f"{path.name}: expected a .csv file")
        self.path = path
        tables.check_utf8(path)
        self._check_header()  # fails now, before any import starts, on a missing column
        self.meta = SnapshotMeta(
            source_kind=SOURCE_KIND, source_name=path.name, as_of=tables.as_of_from_file_name(path)
        )
        self.estimated_total: int | None = tables.estimate_rows(path)

    def _check_header(self) -> None:
        columns.header_of(self.path, None, LOCATION_ID_COLUMN).require(REQUIRED_COLUMNS)

    def __iter__(self) -> Iterator[LocationRecord | ProviderRecord]:
        self.meta.bad_records.clear()
        self.meta.warnings.clear()
        _header, rows = columns.data_rows(self.path, None, LOCATION_ID_COLUMN)
        for line, row in rows:
            try:
                record = _record(row, line)
            except RowError as problem:
                self.meta.bad_records.append(problem.bad_record(self.path.name, line))
                continue
            self.meta.warnings.extend(row.bad_fields(self.path.name, line))
            yield record


def _split(value: str | None) -> tuple[str, ...]:
    parts: list[str] = []
    for part in (value or "").split(formats.DIRECTORY_LIST_SEPARATOR):
        part = " ".join(part.split())
        if part and part not in parts:
            parts.append(part)
    return tuple(parts)


def _service_types(value: str | None) -> tuple[str, ...]:
    """API service type names; a bulk-file description ("Domiciliary care service") is mapped to one."""
    by_description = {
        columns.normalise_name(d): name for d, name in formats.SERVICE_TYPE_BY_DESCRIPTION.items()
    }
    names: list[str] = []
    for part in _split(value):
        name = by_description.get(columns.normalise_name(part), part)
        if name not in names:
            names.append(name)
    return tuple(names)


def _record(row: Row, line: int) -> LocationRecord:
    location_id = row.cqc_id(LOCATION_ID_COLUMN, required=True)
    assert location_id is not None
    return LocationRecord(
        location_id=location_id,
        provider_id=row.cqc_id(PROVIDER_ID_COLUMN),
        name=row.text("Name"),
        also_known_as=row.text("Also known as"),
        address_line_1=row.text("Address"),
        postcode=row.text("Postcode"),
        phone=row.text("Phone number"),
        website=row.text("Service's website (if available)"),
        local_authority=row.text("Local authority"),
        region=row.text("Region"),
        service_types=_service_types(row.text("Service types")) if row.header.has("Service types") else None,
        specialisms=_split(row.text("Specialisms/services"))
        if row.header.has("Specialisms/services")
        else None,
        source_ref=f"line {line}",
        partial=True,
    )
