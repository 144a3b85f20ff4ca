"""Tell a CQC file's format from its path and open the matching reader.

A directory is an API dump. A spreadsheet is recognised by its file name first (CQC's names say
what they are: ``…_HSCA_Active_Locations``, ``…_Latest_ratings``, ``…_CQC_directory``,
``…_Deactivated_Locations``), then by its sheet names, then by its header.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from carewatch.register import formats
from carewatch.register.importers import ImportFileError, Reader, columns, tables
from carewatch.register.importers.api_dump import read_api_dump
from carewatch.register.importers.deactivated import read_deactivated_locations
from carewatch.register.importers.directory import LOCATION_ID_COLUMN, read_directory
from carewatch.register.importers.hsca import read_hsca_active_locations
from carewatch.register.importers.latest_ratings import read_latest_ratings

HSCA = "hsca-active-locations"
LATEST_RATINGS = "latest-ratings"
DIRECTORY = "directory"
DEACTIVATED = "deactivated-locations"

_OPENERS: dict[str, Callable[[Path], Reader]] = {
    HSCA: read_hsca_active_locations,
    LATEST_RATINGS: read_latest_ratings,
    DIRECTORY: read_directory,
    DEACTIVATED: read_deactivated_locations,
}
_NAME_HINTS = (
    (HSCA, "hscaactivelocations"),
    (LATEST_RATINGS, "latestratings"),
    (DIRECTORY, "cqcdirectory"),
    (DEACTIVATED, "deactivatedlocations"),  # also 2017's "De-activated locations.xlsx"
)


def open_reader(path: Path) -> Reader:
    """The Reader for the CQC file or dump directory at ``path``; ImportFileError if it is neither.

    The reader gets a ``fingerprint()`` method: a digest of the raw bytes, so that an importer can
    tell an unchanged snapshot without parsing it.
    """
    reader = _open_reader(Path(path))
    reader.fingerprint = lambda: fingerprint(Path(path))  # type: ignore[attr-defined]
    return reader


def fingerprint(path: Path) -> str:
    """sha256 of a file's bytes, or of every file in a dump directory with its relative path."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode() + b"\0")
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _open_reader(path: Path) -> Reader:
    if path.is_dir():
        if (path / "locations.json").is_file() or (path / "location_details").is_dir():
            return read_api_dump(path)
        raise ImportFileError(
            f"cannot tell the format of {path}: a directory must be a CQC API dump "
            "(with locations.json or location_details/)"
        )
    if not path.exists():
        raise ImportFileError(f"cannot tell the format of {path}: no such file or directory")
    if path.suffix.lower() not in tables.SPREADSHEET_SUFFIXES:
        raise ImportFileError(
            f"cannot tell the format of {path}: expected a CQC API dump directory or an .ods, .xlsx or .csv file"
        )
    return _OPENERS[detect_bulk_format(path)](path)


def detect_bulk_format(path: Path) -> str:
    """``"hsca-active-locations"``, ``"latest-ratings"``, ``"directory"`` or ``"deactivated-locations"``."""
    flat = re.sub(r"[^a-z]", "", path.stem.lower())
    for kind, hint in _NAME_HINTS:
        if hint in flat:
            return kind
    if path.suffix.lower() != ".csv":
        sheets = tables.sheet_names(path)
        if tables.find_sheet(sheets, formats.HSCA_SHEET):
            return HSCA
        if tables.find_sheet(sheets, formats.LATEST_RATINGS_LOCATIONS_SHEET):
            return LATEST_RATINGS
        if any(tables.find_sheet(sheets, name) for name in formats.DEACTIVATED_SHEETS):
            return DEACTIVATED
        sheet = next(
            (name for name in sheets if not tables.find_sheet([name], formats.HSCA_README_SHEET)), None
        )
    else:
        tables.check_utf8(path)
        sheet = None
    header = _header_names(path, sheet)
    if columns.normalise_name(LOCATION_ID_COLUMN) in header:
        return DIRECTORY
    if {columns.normalise_name(name) for name in ("Domain", "Service / Population Group")} <= header:
        return LATEST_RATINGS
    # Before HSCA: a Deactivated_Locations header has HSCA's required columns too, and an end date.
    if columns.normalise_name(formats.DEACTIVATED_HEADER_MARKER) in header and any(
        columns.normalise_name(name) in header for name in formats.DEACTIVATED_END_DATE_COLUMNS
    ):
        return DEACTIVATED
    if {columns.normalise_name(name) for name in formats.HSCA_REQUIRED_COLUMNS} <= header:
        return HSCA
    raise ImportFileError(
        f"cannot tell the format of {path}: neither its name, its sheets nor its header "
        "match HSCA_Active_Locations, Latest_ratings, CQC_directory or Deactivated_Locations"
    )


def _header_names(path: Path, sheet: str | None, limit: int = 20) -> set[str]:
    """The normalised cells of the first ``limit`` rows (header and any preamble)."""
    names: set[str] = set()
    rows = tables.iter_rows(path, sheet)
    try:
        for count, (_, cells) in enumerate(rows):
            names.update(columns.normalise_name(cell) for cell in cells)
            if count + 1 >= limit:
                break
    finally:
        rows.close()
    return names
